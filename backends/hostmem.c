/*
 * The abstract memory backend: the properties every backend shares
 * (size, share, prealloc, merge, dump, reserve), completing the object by
 * allocating its RAM region, and refusing deletion while it is in use
 * (see include/system/hostmem.h).
 */
#include "util/osdep.h"
#include <sys/mman.h>
#include "util/module.h"
#include "qom/object-property.h"
#include "qom/object-interfaces.h"
#include "system/hostmem.h"
#include "system/memory-internal.h"

/* The machine's defaults for new backends, read through QOM: the
 * machine layer sits above this one. */
static bool machine_default(const char *prop)
{
    Object *machine = object_resolve_path_component(object_get_root(),
                                                    "machine");

    return machine ? object_property_get_bool(machine, prop, NULL) : true;
}

bool host_memory_backend_mr_inited(HostMemoryBackend *backend)
{
    /* A completed backend's region has RAM behind it. */
    return backend->mr.ram_block != NULL;
}

MemoryRegion *host_memory_backend_get_memory(HostMemoryBackend *backend)
{
    return host_memory_backend_mr_inited(backend) ? &backend->mr : NULL;
}

void host_memory_backend_set_mapped(HostMemoryBackend *backend, bool mapped)
{
    backend->mapped = mapped;
}

bool host_memory_backend_is_mapped(HostMemoryBackend *backend)
{
    return backend->mapped;
}

char *host_memory_backend_get_name(HostMemoryBackend *backend)
{
    const char *id = object_get_canonical_path_component(OBJECT(backend));

    return g_strdup(id ? id : object_get_typename(OBJECT(backend)));
}

size_t host_memory_backend_pagesize(HostMemoryBackend *backend)
{
    return host_memory_backend_mr_inited(backend)
           ? backend->mr.ram_block->page_size : (size_t)getpagesize();
}

/* What madvise applies to: the whole mapping of the backend's RAM. */
static void backend_madvise(HostMemoryBackend *backend, int advice)
{
    RAMBlock *rb = backend->mr.ram_block;

    /* Advice the kernel does not support (no KSM) is only advice. */
    if (rb && rb->used_length) {
        madvise(rb->host, rb->used_length, advice);
    }
}

static void apply_merge(HostMemoryBackend *backend)
{
    backend_madvise(backend, backend->merge ? MADV_MERGEABLE
                                            : MADV_UNMERGEABLE);
}

static void apply_dump(HostMemoryBackend *backend)
{
    backend_madvise(backend, backend->dump ? MADV_DODUMP : MADV_DONTDUMP);
}

/*
 * Back every page now rather than on first use.  The kernel does it and
 * reports a shortage as an error; without that support, each page is
 * touched (read, and written back unchanged, so file data survives).
 */
static bool backend_prealloc(HostMemoryBackend *backend, Error **errp)
{
    RAMBlock *rb = backend->mr.ram_block;
    bool readonly = backend->mr.readonly;
    size_t page = rb->page_size, i;

    if (madvise(rb->host, rb->used_length,
                readonly ? MADV_POPULATE_READ : MADV_POPULATE_WRITE) == 0) {
        return true;
    }
    if (errno != EINVAL) {
        error_setg_errno(errp, errno, "preallocating memory of '%s' failed",
                         rb->idstr);
        return false;
    }
    for (i = 0; i < rb->used_length; i += page) {
        volatile uint8_t *p = rb->host + i;
        uint8_t v = *p;

        if (!readonly) {
            *p = v;
        }
    }
    return true;
}

/* Properties */

static void backend_set_size(Object *obj, ObjectProperty *prop,
                             const QInput *in, Error **errp)
{
    HostMemoryBackend *backend = MEMORY_BACKEND(obj);
    uint64_t size;

    if (host_memory_backend_mr_inited(backend)) {
        /* qemu's words, trailing space included. */
        error_setg(errp, "cannot change property %s of %s ", prop->name,
                   object_get_typename(obj));
        return;
    }
    if (!qinput_get_size(in, prop->name, &size, errp)) {
        return;
    }
    if (size == 0) {
        error_setg(errp, "property '%s' of %s doesn't take value '%" PRIu64
                   "'", prop->name, object_get_typename(obj), size);
        return;
    }
    backend->size = size;
}

static QObject *backend_get_size(Object *obj, ObjectProperty *prop,
                                 Error **errp)
{
    return QOBJECT(qnum_from_uint(MEMORY_BACKEND(obj)->size));
}

static void backend_set_prealloc_threads(Object *obj, ObjectProperty *prop,
                                         const QInput *in, Error **errp)
{
    HostMemoryBackend *backend = MEMORY_BACKEND(obj);
    uint64_t n;

    if (!qinput_get_uint(in, prop->name, UINT32_MAX, "uint32_t", &n,
                         errp)) {
        return;
    }
    if (n == 0) {
        error_setg(errp, "property '%s' of %s doesn't take value '%" PRIu64
                   "'", prop->name, object_get_typename(obj), n);
        return;
    }
    backend->prealloc_threads = n;
}

static QObject *backend_get_prealloc_threads(Object *obj,
                                             ObjectProperty *prop,
                                             Error **errp)
{
    return QOBJECT(qnum_from_uint(MEMORY_BACKEND(obj)->prealloc_threads));
}

static bool backend_get_share(Object *obj, Error **errp)
{
    return MEMORY_BACKEND(obj)->share;
}

static void backend_set_share(Object *obj, bool value, Error **errp)
{
    HostMemoryBackend *backend = MEMORY_BACKEND(obj);

    if (host_memory_backend_mr_inited(backend)) {
        error_setg(errp, "cannot change property value");
        return;
    }
    backend->share = value;
}

static bool backend_get_reserve(Object *obj, Error **errp)
{
    return MEMORY_BACKEND(obj)->reserve;
}

static void backend_set_reserve(Object *obj, bool value, Error **errp)
{
    HostMemoryBackend *backend = MEMORY_BACKEND(obj);

    if (host_memory_backend_mr_inited(backend)) {
        error_setg(errp, "cannot change property value");
        return;
    }
    backend->reserve = value;
}

static bool check_prealloc_reserve(HostMemoryBackend *backend, Error **errp)
{
    if (backend->prealloc && !backend->reserve) {
        error_setg(errp, "'prealloc=on' and 'reserve=off' are incompatible");
        return false;
    }
    return true;
}

static bool backend_get_prealloc(Object *obj, Error **errp)
{
    return MEMORY_BACKEND(obj)->prealloc;
}

/* Turning prealloc on for a live backend preallocates at once. */
static void backend_set_prealloc(Object *obj, bool value, Error **errp)
{
    HostMemoryBackend *backend = MEMORY_BACKEND(obj);

    if (!host_memory_backend_mr_inited(backend) || !value ||
        backend->prealloc) {
        backend->prealloc = value;
        return;
    }
    if (!backend->reserve) {
        error_setg(errp, "'prealloc=on' and 'reserve=off' are incompatible");
        return;
    }
    if (backend_prealloc(backend, errp)) {
        backend->prealloc = true;
    }
}

static bool backend_get_merge(Object *obj, Error **errp)
{
    return MEMORY_BACKEND(obj)->merge;
}

static void backend_set_merge(Object *obj, bool value, Error **errp)
{
    HostMemoryBackend *backend = MEMORY_BACKEND(obj);

    backend->merge = value;
    apply_merge(backend);
}

static bool backend_get_dump(Object *obj, Error **errp)
{
    return MEMORY_BACKEND(obj)->dump;
}

static void backend_set_dump(Object *obj, bool value, Error **errp)
{
    HostMemoryBackend *backend = MEMORY_BACKEND(obj);

    backend->dump = value;
    apply_dump(backend);
}

/* Creation and deletion */

static void backend_complete(UserCreatable *uc, Error **errp)
{
    HostMemoryBackend *backend = MEMORY_BACKEND(uc);
    HostMemoryBackendClass *bc = MEMORY_BACKEND_GET_CLASS(backend);

    if (!backend->size) {
        error_setg(errp, "Parameter 'size' is missing");
        return;
    }
    if (!check_prealloc_reserve(backend, errp) || !bc->alloc ||
        !bc->alloc(backend, errp)) {
        return;
    }
    apply_merge(backend);
    if (!backend->dump) {
        apply_dump(backend);
    }
    if (backend->prealloc) {
        /* On failure the object is removed, and its region with it. */
        backend_prealloc(backend, errp);
    }
}

static bool backend_can_be_deleted(UserCreatable *uc)
{
    return !host_memory_backend_is_mapped(MEMORY_BACKEND(uc));
}

static void backend_instance_init(Object *obj)
{
    HostMemoryBackend *backend = MEMORY_BACKEND(obj);

    backend->merge = machine_default("mem-merge");
    backend->dump = machine_default("dump-guest-core");
    backend->reserve = true;
    backend->prealloc_threads = 1;
}

static void backend_class_init(ObjectClass *oc, void *data)
{
    UserCreatableClass *ucc = USER_CREATABLE_CLASS(oc);

    ucc->complete = backend_complete;
    ucc->can_be_deleted = backend_can_be_deleted;

    /* In qemu's order, with qemu's descriptions. */
    object_class_property_add_bool(oc, "share", backend_get_share,
                                   backend_set_share);
    object_class_property_set_description(oc, "share",
        "Mark the memory as private to QEMU or shared");
    object_class_property_add(oc, "size", "int", backend_get_size,
                              backend_set_size, NULL, NULL);
    object_class_property_set_description(oc, "size",
        "Size of the memory region (ex: 500M)");
    object_class_property_add_bool(oc, "dump", backend_get_dump,
                                   backend_set_dump);
    object_class_property_set_description(oc, "dump",
        "Set to 'off' to exclude from core dump");
    object_class_property_add(oc, "prealloc-threads", "int",
                              backend_get_prealloc_threads,
                              backend_set_prealloc_threads, NULL, NULL);
    object_class_property_set_description(oc, "prealloc-threads",
        "Number of CPU threads to use for prealloc");
    object_class_property_add_bool(oc, "prealloc", backend_get_prealloc,
                                   backend_set_prealloc);
    object_class_property_set_description(oc, "prealloc",
        "Preallocate memory");
    object_class_property_add_bool(oc, "reserve", backend_get_reserve,
                                   backend_set_reserve);
    object_class_property_set_description(oc, "reserve",
        "Reserve swap space (or huge pages) if applicable");
    object_class_property_add_bool(oc, "merge", backend_get_merge,
                                   backend_set_merge);
    object_class_property_set_description(oc, "merge",
        "Mark memory as mergeable");
}

static const TypeInfo host_memory_backend_info = {
    .name = TYPE_MEMORY_BACKEND,
    .parent = TYPE_OBJECT,
    .abstract = true,
    .class_size = sizeof(HostMemoryBackendClass),
    .class_init = backend_class_init,
    .instance_size = sizeof(HostMemoryBackend),
    .instance_init = backend_instance_init,
    .interfaces = (const InterfaceInfo[]) {
        { TYPE_USER_CREATABLE },
        { NULL },
    },
};

static void host_memory_backend_register_types(void)
{
    type_register_static(&host_memory_backend_info);
}

type_init(host_memory_backend_register_types)
