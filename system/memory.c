/*
 * Memory regions: creating them, placing them in containers, aliases,
 * enabling and resizing, transactions, references and ioeventfds (see
 * include/system/memory.h).  Flattening is in flatview.c, accesses in
 * memory-access.c, RAM in physmem.c.
 */
#include "util/osdep.h"
#include "util/module.h"
#include "qom/object-property.h"
#include "system/memory.h"
#include "system/memory-internal.h"

/* Nesting depth of memory_region_transaction_begin(). */
static unsigned transaction_depth;
/* Something changed since the flat views were last built. */
static bool update_pending;

void memory_region_transaction_begin(void)
{
    transaction_depth++;
}

void memory_region_transaction_commit(void)
{
    g_assert(transaction_depth > 0);
    if (--transaction_depth == 0 && update_pending) {
        update_pending = false;
        memory_rebuild_flat_views();
    }
}

void memory_region_changed(void)
{
    memory_region_transaction_begin();
    update_pending = true;
    memory_region_transaction_commit();
}

/* References */

Object *memory_region_owner(MemoryRegion *mr)
{
    return mr->owner;
}

void memory_region_ref(MemoryRegion *mr)
{
    if (mr) {
        object_ref(mr->owner ? mr->owner : OBJECT(mr));
    }
}

void memory_region_unref(MemoryRegion *mr)
{
    if (mr) {
        object_unref(mr->owner ? mr->owner : OBJECT(mr));
    }
}

/*
 * Whether @holder must hold a reference to @target.  Regions of one
 * owner live and die together; a reference between them would keep the
 * owner alive forever.
 */
static bool needs_ref(const MemoryRegion *holder, const MemoryRegion *target)
{
    return !holder->owner || holder->owner != target->owner;
}

/* Creation */

/*
 * Make @mr a region of @size named @name.  With an owner it becomes the
 * owner's child "NAME[N]"; without one it goes under /machine/unattached
 * once there is a machine, as qemu's do, and otherwise keeps the
 * reference object_initialize() gave it.
 */
static void region_init(MemoryRegion *mr, Object *owner, const char *name,
                        uint64_t size)
{
    Object *parent = owner;
    g_autofree char *child = NULL;

    object_initialize(mr, sizeof(*mr), TYPE_MEMORY_REGION);
    mr->name = g_strdup(name);
    mr->owner = owner;
    mr->size = size;
    mr->size_is_max = size == UINT64_MAX;

    if (!parent &&
        object_resolve_path_component(object_get_root(), "machine")) {
        parent = object_get_container("/machine/unattached");
    }
    if (parent) {
        child = g_strdup_printf("%s[*]", name ? name : "anonymous");
        object_property_add_child(parent, child, OBJECT(mr));
        object_unref(OBJECT(mr));
    }
}

void memory_region_init(MemoryRegion *mr, Object *owner, const char *name,
                        uint64_t size)
{
    region_init(mr, owner, name, size);
}

void memory_region_init_io(MemoryRegion *mr, Object *owner,
                           const MemoryRegionOps *ops, void *opaque,
                           const char *name, uint64_t size)
{
    region_init(mr, owner, name, size);
    mr->ops = ops;
    mr->opaque = opaque;
    mr->terminates = true;
}

/* Make @mr a RAM region backed by @rb. */
static void ram_region_init(MemoryRegion *mr, Object *owner,
                            const char *name, uint64_t size, RAMBlock *rb)
{
    region_init(mr, owner, name, size);
    mr->ram = true;
    mr->terminates = true;
    mr->ram_block = rb;
    rb->mr = mr;
}

bool memory_region_init_ram_flags(MemoryRegion *mr, Object *owner,
                                  const char *name, uint64_t size,
                                  uint32_t ram_flags, Error **errp)
{
    RAMBlock *rb = ram_block_new_anon(name, size, size, ram_flags, errp);

    if (!rb) {
        return false;
    }
    ram_region_init(mr, owner, name, size, rb);
    return true;
}

bool memory_region_init_ram(MemoryRegion *mr, Object *owner,
                            const char *name, uint64_t size, Error **errp)
{
    return memory_region_init_ram_flags(mr, owner, name, size, 0, errp);
}

bool memory_region_init_resizeable_ram(MemoryRegion *mr, Object *owner,
                                       const char *name, uint64_t size,
                                       uint64_t max_size,
                                       void (*resized)(const char *name,
                                                       uint64_t new_size,
                                                       void *host),
                                       Error **errp)
{
    RAMBlock *rb;

    if (size > max_size) {
        error_setg(errp, "cannot set up guest memory '%s': size 0x%" PRIx64
                   " is larger than the maximum 0x%" PRIx64, name, size,
                   max_size);
        return false;
    }
    rb = ram_block_new_anon(name, size, max_size, 0, errp);
    if (!rb) {
        return false;
    }
    rb->resizeable = true;
    rb->resized = resized;
    ram_region_init(mr, owner, name, size, rb);
    return true;
}

void memory_region_init_ram_ptr(MemoryRegion *mr, Object *owner,
                                const char *name, uint64_t size, void *ptr)
{
    ram_region_init(mr, owner, name, size, ram_block_new_ptr(name, size,
                                                             ptr));
}

bool memory_region_init_ram_flags_from_fd(MemoryRegion *mr, Object *owner,
                                          const char *name, uint64_t size,
                                          uint64_t align, uint32_t ram_flags,
                                          int fd, uint64_t offset,
                                          Error **errp)
{
    RAMBlock *rb = ram_block_new_fd(name, size, align, ram_flags, fd, offset,
                                    errp);

    if (!rb) {
        return false;
    }
    ram_region_init(mr, owner, name, size, rb);
    /* A read-only mapping cannot take guest writes: it is ROM. */
    mr->readonly = ram_flags & RAM_READONLY;
    return true;
}

bool memory_region_init_ram_from_fd(MemoryRegion *mr, Object *owner,
                                    const char *name, uint64_t size,
                                    bool share, int fd, uint64_t offset,
                                    bool readonly, Error **errp)
{
    return memory_region_init_ram_flags_from_fd(mr, owner, name, size, 0,
                                                (share ? RAM_SHARED : 0) |
                                                (readonly ? RAM_READONLY : 0),
                                                fd, offset, errp);
}

bool memory_region_init_rom(MemoryRegion *mr, Object *owner,
                            const char *name, uint64_t size, Error **errp)
{
    if (!memory_region_init_ram(mr, owner, name, size, errp)) {
        return false;
    }
    mr->readonly = true;
    return true;
}

bool memory_region_init_rom_device(MemoryRegion *mr, Object *owner,
                                   const MemoryRegionOps *ops, void *opaque,
                                   const char *name, uint64_t size,
                                   Error **errp)
{
    if (!memory_region_init_ram(mr, owner, name, size, errp)) {
        return false;
    }
    mr->rom_device = true;
    mr->ops = ops;
    mr->opaque = opaque;
    return true;
}

void memory_region_init_alias(MemoryRegion *mr, Object *owner,
                              const char *name, MemoryRegion *orig,
                              hwaddr offset, uint64_t size)
{
    g_assert(orig);
    region_init(mr, owner, name, size);
    mr->alias = orig;
    mr->alias_offset = offset;
    if (needs_ref(mr, orig)) {
        memory_region_ref(orig);
    }
}

/* Placing */

/* Insert @sub into @mr's list: higher priority first, and among equal
 * priorities the one added last first, which is the order that wins. */
static void link_subregion(MemoryRegion *mr, MemoryRegion *sub)
{
    GList *l;

    for (l = mr->subregions.head; l; l = l->next) {
        MemoryRegion *other = l->data;

        if (sub->priority >= other->priority) {
            g_queue_insert_before(&mr->subregions, l, sub);
            return;
        }
    }
    g_queue_push_tail(&mr->subregions, sub);
}

static void add_subregion(MemoryRegion *mr, hwaddr offset,
                          MemoryRegion *sub, int priority, bool may_overlap)
{
    g_assert(!sub->container);
    g_assert(sub != mr);
    /* Only containers and I/O regions (whose children cover them) hold
     * subregions; RAM and aliases do not. */
    g_assert(!mr->alias && !mr->ram);

    memory_region_transaction_begin();
    if (needs_ref(mr, sub)) {
        memory_region_ref(sub);
    }
    sub->container = mr;
    sub->addr = offset;
    sub->priority = priority;
    sub->may_overlap = may_overlap;
    link_subregion(mr, sub);
    update_pending = true;
    memory_region_transaction_commit();
}

void memory_region_add_subregion(MemoryRegion *mr, hwaddr offset,
                                 MemoryRegion *subregion)
{
    add_subregion(mr, offset, subregion, 0, false);
}

void memory_region_add_subregion_overlap(MemoryRegion *mr, hwaddr offset,
                                         MemoryRegion *subregion,
                                         int priority)
{
    add_subregion(mr, offset, subregion, priority, true);
}

void memory_region_del_subregion(MemoryRegion *mr, MemoryRegion *subregion)
{
    g_assert(subregion->container == mr);

    memory_region_transaction_begin();
    g_queue_remove(&mr->subregions, subregion);
    subregion->container = NULL;
    update_pending = true;
    memory_region_transaction_commit();
    if (needs_ref(mr, subregion)) {
        memory_region_unref(subregion);
    }
}

void memory_region_set_enabled(MemoryRegion *mr, bool enabled)
{
    if (mr->enabled != enabled) {
        mr->enabled = enabled;
        memory_region_changed();
    }
}

void memory_region_set_address(MemoryRegion *mr, hwaddr addr)
{
    if (mr->addr == addr) {
        return;
    }
    mr->addr = addr;
    if (mr->container) {
        memory_region_changed();
    }
}

void memory_region_set_alias_offset(MemoryRegion *mr, hwaddr offset)
{
    g_assert(mr->alias);
    if (mr->alias_offset != offset) {
        mr->alias_offset = offset;
        memory_region_changed();
    }
}

void memory_region_set_size(MemoryRegion *mr, uint64_t size)
{
    if (mr->size != size) {
        mr->size = size;
        mr->size_is_max = size == UINT64_MAX;
        memory_region_changed();
    }
}

void memory_region_set_readonly(MemoryRegion *mr, bool readonly)
{
    if (mr->readonly != readonly) {
        mr->readonly = readonly;
        memory_region_changed();
    }
}

bool memory_region_ram_resize(MemoryRegion *mr, uint64_t newsize,
                              Error **errp)
{
    RAMBlock *rb = mr->ram_block;

    if (!rb) {
        error_setg(errp, "memory region '%s' is not RAM",
                   mr->name ? mr->name : "anonymous");
        return false;
    }
    if (!ram_block_resize(rb, newsize, errp)) {
        return false;
    }
    memory_region_set_size(mr, newsize);
    if (rb->resized) {
        rb->resized(rb->idstr, newsize, rb->host);
    }
    return true;
}

/* Ioeventfds */

void memory_region_add_eventfd(MemoryRegion *mr, hwaddr addr, unsigned size,
                               bool match_data, uint64_t data,
                               EventNotifier *e)
{
    MemoryRegionIoeventfd *ev;

    mr->ioeventfds = g_renew(MemoryRegionIoeventfd, mr->ioeventfds,
                             mr->nr_ioeventfds + 1);
    ev = &mr->ioeventfds[mr->nr_ioeventfds++];
    ev->addr = addr;
    ev->size = size;
    ev->match_data = match_data;
    ev->data = match_data ? data : 0;
    ev->e = e;
}

void memory_region_del_eventfd(MemoryRegion *mr, hwaddr addr, unsigned size,
                               bool match_data, uint64_t data,
                               EventNotifier *e)
{
    unsigned i;

    for (i = 0; i < mr->nr_ioeventfds; i++) {
        MemoryRegionIoeventfd *ev = &mr->ioeventfds[i];

        if (ev->addr == addr && ev->size == size &&
            ev->match_data == match_data && ev->e == e &&
            (!match_data || ev->data == data)) {
            memmove(ev, ev + 1,
                    (mr->nr_ioeventfds - i - 1) * sizeof(*ev));
            mr->nr_ioeventfds--;
            return;
        }
    }
    /* Deleting what was never added is a programming error. */
    g_assert_not_reached();
}

/* Questions */

uint64_t memory_region_size(const MemoryRegion *mr)
{
    return mr->size_is_max ? UINT64_MAX : mr->size;
}

const char *memory_region_name(const MemoryRegion *mr)
{
    return mr->name ? mr->name : "";
}

bool memory_region_is_ram(const MemoryRegion *mr)
{
    return mr->ram;
}

bool memory_region_is_rom(const MemoryRegion *mr)
{
    return mr->ram && mr->readonly;
}

bool memory_region_is_mapped(const MemoryRegion *mr)
{
    return mr->container != NULL;
}

const char *memory_region_type_name(const MemoryRegion *mr)
{
    while (mr->alias) {
        mr = mr->alias;
    }
    if (mr->rom_device) {
        return "romd";
    }
    if (mr->ram) {
        return mr->readonly ? "rom" : "ram";
    }
    return "i/o";
}

/* The QOM type */

static QObject *mr_get_addr(Object *obj, ObjectProperty *prop, Error **errp)
{
    return QOBJECT(qnum_from_uint(MEMORY_REGION(obj)->addr));
}

static QObject *mr_get_size(Object *obj, ObjectProperty *prop, Error **errp)
{
    return QOBJECT(qnum_from_uint(memory_region_size(MEMORY_REGION(obj))));
}

static QObject *mr_get_priority(Object *obj, ObjectProperty *prop,
                                Error **errp)
{
    return QOBJECT(qnum_from_int(MEMORY_REGION(obj)->priority));
}

static void memory_region_instance_init(Object *obj)
{
    MemoryRegion *mr = MEMORY_REGION(obj);

    g_queue_init(&mr->subregions);
    mr->enabled = true;
}

static void memory_region_finalize(Object *obj)
{
    MemoryRegion *mr = MEMORY_REGION(obj);

    /*
     * Only a region of the same owner as its container can get here
     * while still placed (a foreign container holds a reference).
     */
    memory_region_transaction_begin();
    if (mr->container) {
        memory_region_del_subregion(mr->container, mr);
    }
    while (!g_queue_is_empty(&mr->subregions)) {
        memory_region_del_subregion(mr, g_queue_peek_head(&mr->subregions));
    }
    memory_region_transaction_commit();

    if (mr->alias && needs_ref(mr, mr->alias)) {
        memory_region_unref(mr->alias);
    }
    if (mr->destructor) {
        mr->destructor(mr);
    }
    if (mr->ram_block) {
        ram_block_free(mr->ram_block);
        mr->ram_block = NULL;
    }
    g_free(mr->ioeventfds);
    g_free(mr->name);
}

static void memory_region_class_init(ObjectClass *oc, void *data)
{
    object_class_property_add_link(oc, "container", TYPE_MEMORY_REGION,
                                   offsetof(MemoryRegion, container),
                                   NULL, 0);
    object_class_property_add(oc, "addr", "uint64", mr_get_addr, NULL,
                              NULL, NULL);
    object_class_property_add(oc, "size", "uint64", mr_get_size, NULL,
                              NULL, NULL);
    /* qemu calls the type uint32 although priorities may be negative. */
    object_class_property_add(oc, "priority", "uint32", mr_get_priority,
                              NULL, NULL, NULL);
}

static const TypeInfo memory_region_info = {
    .name = TYPE_MEMORY_REGION,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(MemoryRegion),
    .instance_init = memory_region_instance_init,
    .instance_finalize = memory_region_finalize,
    .class_init = memory_region_class_init,
};

static void memory_register_types(void)
{
    type_register_static(&memory_region_info);
}

type_init(memory_register_types)
