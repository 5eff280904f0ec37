/*
 * Flattening: turning an address space's region tree into a sorted list
 * of ranges (a FlatView), rebuilding the views when regions change, and
 * telling memory listeners which RAM ranges came and went.  Also the
 * address spaces themselves, including the CPU's memory and I/O spaces.
 */
#include "util/osdep.h"
#include "util/error-report.h"
#include "qom/object.h"
#include "system/memory.h"
#include "system/memory-internal.h"

/*
 * How deep regions may nest.  Guests nest them: every PCI bridge whose
 * windows the guest enables adds a few levels (window alias, secondary
 * bus space), and a legal bus hierarchy is up to 256 buses deep.  Deeper
 * than this is a loop among aliases, a programming error that must not
 * take the machine down: the rest is left unmapped, with one message.
 */
#define MAX_RENDER_DEPTH 4096
/* The x86 I/O port space. */
#define IO_SPACE_SIZE 0x10000

AddressSpace address_space_memory;
AddressSpace address_space_io;

static MemoryRegion system_memory;
static MemoryRegion system_io;
static bool memory_map_ready;

/* Every address space, in the order they were created. */
static GList *address_spaces;

GList *memory_address_spaces(void)
{
    return address_spaces;
}

/* FlatViews */

static FlatView *flatview_new(MemoryRegion *root)
{
    FlatView *fv = g_new0(FlatView, 1);

    fv->ref = 1;
    fv->root = root;
    memory_region_ref(root);
    return fv;
}

void flatview_ref(FlatView *fv)
{
    fv->ref++;
}

void flatview_unref(FlatView *fv)
{
    unsigned i;

    if (!fv || --fv->ref) {
        return;
    }
    for (i = 0; i < fv->nr; i++) {
        memory_region_unref(fv->ranges[i].mr);
    }
    memory_region_unref(fv->root);
    g_free(fv->ranges);
    g_free(fv);
}

/* The index of the first range that ends after @addr (fv->nr if none). */
static unsigned flatview_find(const FlatView *fv, u128 addr)
{
    unsigned lo = 0, hi = fv->nr;

    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        const FlatRange *fr = &fv->ranges[mid];

        if (fr->start + fr->size <= addr) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

const FlatRange *flatview_lookup(const FlatView *fv, u128 addr)
{
    unsigned i = flatview_find(fv, addr);

    if (i < fv->nr && fv->ranges[i].start <= addr) {
        return &fv->ranges[i];
    }
    return NULL;
}

const FlatRange *flatview_next(const FlatView *fv, u128 addr)
{
    unsigned i = flatview_find(fv, addr);

    /* flatview_find stops at the range holding @addr, if any. */
    if (i < fv->nr && fv->ranges[i].start <= addr) {
        i++;
    }
    return i < fv->nr ? &fv->ranges[i] : NULL;
}

static void flatview_insert(FlatView *fv, unsigned pos, const FlatRange *fr)
{
    if (fv->nr == fv->nr_alloc) {
        fv->nr_alloc = MAX(16, fv->nr_alloc * 2);
        fv->ranges = g_renew(FlatRange, fv->ranges, fv->nr_alloc);
    }
    memmove(&fv->ranges[pos + 1], &fv->ranges[pos],
            (fv->nr - pos) * sizeof(*fr));
    fv->ranges[pos] = *fr;
    fv->nr++;
}

/*
 * Give terminating region @mr (whose offset 0 is at @base) the parts of
 * [start, end) that nothing of higher precedence took yet.
 */
static void render_fill(FlatView *fv, MemoryRegion *mr, s128 base,
                        u128 start, u128 end, bool readonly)
{
    unsigned i = flatview_find(fv, start);

    while (start < end) {
        FlatRange fr;
        u128 gap_end;

        if (i < fv->nr && fv->ranges[i].start <= start) {
            start = fv->ranges[i].start + fv->ranges[i].size;
            i++;
            continue;
        }
        gap_end = i < fv->nr ? MIN(end, fv->ranges[i].start) : end;
        fr = (FlatRange) {
            .mr = mr,
            .offset_in_region = (hwaddr)((s128)start - base),
            .start = start,
            .size = gap_end - start,
            .readonly = readonly,
        };
        flatview_insert(fv, i, &fr);
        i++;
        start = gap_end;
    }
}

/*
 * Render @mr, whose offset 0 sits at address @base (negative through an
 * alias that starts inside its target), clipped to [clip_start, clip_end).
 * Higher precedence renders first and keeps what it covers: subregions
 * in list order, then the region's own background if it terminates.
 */
static void render(FlatView *fv, MemoryRegion *mr, s128 base,
                   u128 clip_start, u128 clip_end, bool readonly, int depth)
{
    s128 mr_end = base + (s128)mr_size128(mr);
    u128 start, end;
    GList *l;

    if (depth >= MAX_RENDER_DEPTH) {
        static bool reported;

        if (!reported) {
            reported = true;
            error_report("memory regions nested deeper than %d (an alias "
                         "loop?) at '%s'; the rest stays unmapped",
                         MAX_RENDER_DEPTH, memory_region_name(mr));
        }
        return;
    }
    if (!mr->enabled || mr_end <= 0) {
        return;
    }
    start = MAX(clip_start, base < 0 ? 0 : (u128)base);
    end = MIN(clip_end, (u128)mr_end);
    if (start >= end) {
        return;
    }
    readonly |= mr->readonly;

    if (mr->alias) {
        render(fv, mr->alias, base - (s128)mr->alias_offset, start, end,
               readonly, depth + 1);
        return;
    }
    for (l = mr->subregions.head; l; l = l->next) {
        MemoryRegion *sub = l->data;

        render(fv, sub, base + (s128)sub->addr, start, end, readonly,
               depth + 1);
    }
    if (mr->terminates) {
        render_fill(fv, mr, base, start, end, readonly);
    }
}

/* Join neighbours that continue each other in the same region. */
static void flatview_simplify(FlatView *fv)
{
    unsigned i, out = 0;

    for (i = 0; i < fv->nr; i++) {
        FlatRange *prev = out ? &fv->ranges[out - 1] : NULL;
        FlatRange *fr = &fv->ranges[i];

        if (prev && prev->mr == fr->mr && prev->readonly == fr->readonly &&
            prev->start + prev->size == fr->start &&
            (u128)prev->offset_in_region + prev->size ==
            (u128)fr->offset_in_region) {
            prev->size += fr->size;
            continue;
        }
        fv->ranges[out++] = *fr;
    }
    fv->nr = out;
}

static FlatView *flatview_render(MemoryRegion *root)
{
    FlatView *fv = flatview_new(root);
    unsigned i;

    if (root) {
        render(fv, root, 0, 0, mr_size128(root), false, 0);
    }
    flatview_simplify(fv);
    for (i = 0; i < fv->nr; i++) {
        memory_region_ref(fv->ranges[i].mr);
    }
    return fv;
}

MemoryRegion *flatview_root_of(MemoryRegion *mr)
{
    while (mr && mr->enabled && !mr->readonly) {
        MemoryRegion *only = NULL;
        unsigned found = 0;
        GList *l;

        if (mr->alias) {
            /* An alias of the whole of its target is the target. */
            if (mr->alias_offset == 0 &&
                mr_size128(mr) >= mr_size128(mr->alias)) {
                mr = mr->alias;
                continue;
            }
            return mr;
        }
        if (mr->terminates) {
            return mr;
        }
        for (l = mr->subregions.head; l; l = l->next) {
            MemoryRegion *sub = l->data;

            if (sub->enabled) {
                found++;
                only = sub;
            }
        }
        if (!found) {
            return NULL;
        }
        /* A container whose one child fills it from 0 is that child. */
        if (found == 1 && only->addr == 0 &&
            mr_size128(only) <= mr_size128(mr)) {
            mr = only;
            continue;
        }
        return mr;
    }
    /* A disabled root shows nothing; a read-only container is kept so
     * that its flag applies. */
    return mr && mr->enabled ? mr : NULL;
}

/* Listeners */

static bool range_is_ram(const FlatRange *fr)
{
    return fr->mr->ram;
}

static bool range_equal(const FlatRange *a, const FlatRange *b)
{
    return a->mr == b->mr && a->start == b->start && a->size == b->size &&
           a->offset_in_region == b->offset_in_region &&
           a->readonly == b->readonly;
}

static MemoryRegionSection section_of(const FlatRange *fr)
{
    return (MemoryRegionSection) {
        .mr = fr->mr,
        .offset_within_region = fr->offset_in_region,
        .offset_within_address_space = (hwaddr)fr->start,
        .size = fr->size >= U128_2_64 ? UINT64_MAX : (uint64_t)fr->size,
        .readonly = fr->readonly,
    };
}

static void listener_call(MemoryListener *l, const FlatRange *fr, bool add)
{
    MemoryRegionSection section = section_of(fr);

    if (add && l->region_add) {
        l->region_add(l, &section);
    } else if (!add && l->region_del) {
        l->region_del(l, &section);
    }
}

/*
 * Report to @l the RAM ranges of @old missing from @new (@add false) or
 * those of @new missing from @old (@add true).  Both are sorted, so one
 * walk finds them.
 */
static void listener_diff(MemoryListener *l, const FlatView *old,
                          const FlatView *new, bool add)
{
    unsigned i = 0, j = 0;

    while (i < old->nr || j < new->nr) {
        const FlatRange *o = i < old->nr ? &old->ranges[i] : NULL;
        const FlatRange *n = j < new->nr ? &new->ranges[j] : NULL;

        if (o && !range_is_ram(o)) {
            i++;
        } else if (n && !range_is_ram(n)) {
            j++;
        } else if (o && n && range_equal(o, n)) {
            i++;
            j++;
        } else if (o && (!n || o->start <= n->start)) {
            if (!add) {
                listener_call(l, o, false);
            }
            i++;
        } else {
            if (add) {
                listener_call(l, n, true);
            }
            j++;
        }
    }
}

static bool flatview_equal(const FlatView *a, const FlatView *b)
{
    unsigned i;

    if (a == b) {
        return true;
    }
    if (a->nr != b->nr) {
        return false;
    }
    for (i = 0; i < a->nr; i++) {
        if (!range_equal(&a->ranges[i], &b->ranges[i])) {
            return false;
        }
    }
    return true;
}

static void address_space_tell_listeners(AddressSpace *as, FlatView *old,
                                         FlatView *new)
{
    GSList *l;

    for (l = as->listeners; l; l = l->next) {
        MemoryListener *ml = l->data;

        if (ml->begin) {
            ml->begin(ml);
        }
        listener_diff(ml, old, new, false);
        listener_diff(ml, old, new, true);
        if (ml->commit) {
            ml->commit(ml);
        }
    }
}

static const FlatView empty_view;

void memory_listener_register(MemoryListener *listener, AddressSpace *as)
{
    g_assert(!listener->address_space);
    listener->address_space = as;
    as->listeners = g_slist_append(as->listeners, listener);
    if (listener->begin) {
        listener->begin(listener);
    }
    listener_diff(listener, &empty_view, address_space_view(as), true);
    if (listener->commit) {
        listener->commit(listener);
    }
}

void memory_listener_unregister(MemoryListener *listener)
{
    AddressSpace *as = listener->address_space;

    if (!as) {
        return;
    }
    if (listener->begin) {
        listener->begin(listener);
    }
    listener_diff(listener, as->current_map, &empty_view, false);
    if (listener->commit) {
        listener->commit(listener);
    }
    as->listeners = g_slist_remove(as->listeners, listener);
    listener->address_space = NULL;
}

/* Rebuilding */

typedef struct ViewChange {
    AddressSpace *as;
    FlatView *old;
} ViewChange;

/*
 * Build the new view of every address space (spaces whose roots flatten
 * alike share one), then tell listeners, then drop the old views.  Dropping
 * a view can drop the last reference to a device, whose regions then
 * leave their containers: that asks for another rebuild, which runs as
 * another round of the loop rather than inside this one.
 */
void memory_rebuild_flat_views(void)
{
    static bool rebuilding, again;

    if (rebuilding) {
        again = true;
        return;
    }
    rebuilding = true;
    do {
        GHashTable *views = g_hash_table_new_full(NULL, NULL, NULL,
                                                  (GDestroyNotify)
                                                  flatview_unref);
        GArray *changes = g_array_new(false, false, sizeof(ViewChange));
        GList *l;
        guint i;

        again = false;
        for (l = address_spaces; l; l = l->next) {
            AddressSpace *as = l->data;
            MemoryRegion *root = flatview_root_of(as->root);
            FlatView *fv = g_hash_table_lookup(views, root);
            ViewChange c = { as, as->current_map };

            if (!fv) {
                fv = flatview_render(root);
                g_hash_table_insert(views, root, fv);
            }
            flatview_ref(fv);
            as->current_map = fv;
            g_array_append_val(changes, c);
        }
        g_hash_table_destroy(views);

        for (i = 0; i < changes->len; i++) {
            ViewChange *c = &g_array_index(changes, ViewChange, i);

            if (!flatview_equal(c->old, c->as->current_map)) {
                address_space_tell_listeners(c->as, c->old,
                                             c->as->current_map);
                notifier_list_notify(&c->as->listeners_changed, c->as);
            }
        }
        for (i = 0; i < changes->len; i++) {
            flatview_unref(g_array_index(changes, ViewChange, i).old);
        }
        g_array_free(changes, true);
    } while (again);
    rebuilding = false;
}

/* Address spaces */

void address_space_init(AddressSpace *as, MemoryRegion *root,
                        const char *name)
{
    g_assert(root);
    as->name = g_strdup(name);
    as->root = root;
    memory_region_ref(root);
    as->listeners = NULL;
    as->listeners_changed.head = NULL;
    as->io_space = false;
    as->current_map = flatview_render(flatview_root_of(root));
    address_spaces = g_list_append(address_spaces, as);
    /* A full rebuild lets it share a view with spaces of the same root. */
    memory_region_changed();
}

void address_space_destroy(AddressSpace *as)
{
    while (as->listeners) {
        memory_listener_unregister(as->listeners->data);
    }
    address_spaces = g_list_remove(address_spaces, as);
    flatview_unref(as->current_map);
    as->current_map = NULL;
    memory_region_unref(as->root);
    as->root = NULL;
    g_free(as->name);
    as->name = NULL;
}

FlatView *address_space_view(AddressSpace *as)
{
    if (!as->current_map &&
        (as == &address_space_memory || as == &address_space_io)) {
        memory_map_init();
    }
    g_assert(as->current_map);
    return as->current_map;
}

/* The I/O port space answers all-ones where no device is, as a PC's
 * floating bus does; the access still counts as unassigned. */
static MemTxResult unassigned_io_read(void *opaque, hwaddr addr,
                                      uint64_t *data, unsigned size,
                                      MemTxAttrs attrs)
{
    *data = UINT64_MAX;
    return MEMTX_DECODE_ERROR;
}

static MemTxResult unassigned_io_write(void *opaque, hwaddr addr,
                                       uint64_t data, unsigned size,
                                       MemTxAttrs attrs)
{
    return MEMTX_DECODE_ERROR;
}

static const MemoryRegionOps unassigned_io_ops = {
    .read_with_attrs = unassigned_io_read,
    .write_with_attrs = unassigned_io_write,
    .endianness = DEVICE_NATIVE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8,
               .unaligned = true },
    .impl = { .min_access_size = 1, .max_access_size = 8,
              .unaligned = true },
};

void memory_map_init(void)
{
    if (memory_map_ready) {
        return;
    }
    memory_map_ready = true;
    memory_region_init(&system_memory, NULL, "system", UINT64_MAX);
    memory_region_init_io(&system_io, NULL, &unassigned_io_ops, NULL, "io",
                          IO_SPACE_SIZE);
    address_space_init(&address_space_memory, &system_memory, "memory");
    address_space_init(&address_space_io, &system_io, "I/O");
    address_space_io.io_space = true;
}

MemoryRegion *get_system_memory(void)
{
    memory_map_init();
    return &system_memory;
}

MemoryRegion *get_system_io(void)
{
    memory_map_init();
    return &system_io;
}
