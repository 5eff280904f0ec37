/*
 * "info mtree": the memory region trees of the address spaces, and with
 * -f their flat views, in the format qemu prints them.
 */
#include "util/osdep.h"
#include "system/memory.h"
#include "system/memory-internal.h"

#define INDENT 2

/* Addresses print modulo 2^64: the end of a 2^64 region is all-ones. */
static uint64_t last_byte(u128 start, u128 size)
{
    return (uint64_t)(start + size - 1);
}

static gint compare_addr(gconstpointer a, gconstpointer b)
{
    const MemoryRegion *x = a, *y = b;

    return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Remember @mr for a "memory-region:" section, once. */
static void note_alias_target(GPtrArray *targets, MemoryRegion *mr)
{
    if (!g_ptr_array_find(targets, mr, NULL)) {
        g_ptr_array_add(targets, mr);
    }
}

/*
 * One region and its subregions, by address (equal addresses keep the
 * order of precedence).  A disabled region's line is left out but its
 * subregions are still shown, as qemu does.  Alias targets are noted for
 * their own sections, disabled aliases included.
 */
static void print_region(GString *out, MemoryRegion *mr, u128 base,
                         int level, GPtrArray *targets)
{
    u128 start = base + mr->addr;
    GList *sorted, *l;

    if (mr->alias) {
        note_alias_target(targets, mr->alias);
    }
    if (mr->enabled) {
        g_string_append_printf(out, "%*s%016" PRIx64 "-%016" PRIx64
                               " (prio %d, %s): ", level * INDENT, "",
                               (uint64_t)start,
                               last_byte(start, mr_size128(mr)),
                               mr->priority, memory_region_type_name(mr));
        if (mr->alias) {
            g_string_append_printf(out, "alias %s @%s %016" PRIx64 "-%016"
                                   PRIx64, memory_region_name(mr),
                                   memory_region_name(mr->alias),
                                   mr->alias_offset,
                                   last_byte(mr->alias_offset,
                                             mr_size128(mr)));
        } else {
            g_string_append(out, memory_region_name(mr));
        }
        g_string_append_c(out, '\n');
    }
    /* g_list_sort is a merge sort, so it keeps equal addresses in order. */
    sorted = g_list_sort(g_list_copy(mr->subregions.head), compare_addr);
    for (l = sorted; l; l = l->next) {
        print_region(out, l->data, start, level + 1, targets);
    }
    g_list_free(sorted);
}

/* Address spaces grouped by root, groups in the order of their first
 * space; a group lists its spaces newest first, as qemu does. */
static void print_trees(GString *out)
{
    GPtrArray *roots = g_ptr_array_new();
    GPtrArray *targets = g_ptr_array_new();
    GList *l, *m;
    guint i;

    for (l = memory_address_spaces(); l; l = l->next) {
        AddressSpace *as = l->data;

        if (!g_ptr_array_find(roots, as->root, NULL)) {
            g_ptr_array_add(roots, as->root);
        }
    }
    for (i = 0; i < roots->len; i++) {
        MemoryRegion *root = g_ptr_array_index(roots, i);

        for (m = g_list_last(memory_address_spaces()); m; m = m->prev) {
            AddressSpace *as = m->data;

            if (as->root == root) {
                g_string_append_printf(out, "address-space: %s\n", as->name);
            }
        }
        print_region(out, root, 0, 1, targets);
        g_string_append_c(out, '\n');
    }
    /* Sections may note further targets: the array grows as we go. */
    for (i = 0; i < targets->len; i++) {
        MemoryRegion *mr = g_ptr_array_index(targets, i);

        g_string_append_printf(out, "memory-region: %s\n",
                               memory_region_name(mr));
        print_region(out, mr, 0, 1, targets);
        g_string_append_c(out, '\n');
    }
    g_ptr_array_free(targets, true);
    g_ptr_array_free(roots, true);
}

static void print_range(GString *out, const FlatRange *fr)
{
    MemoryRegion *mr = fr->mr;
    const char *type = fr->readonly && mr->ram && !mr->rom_device
                       ? "rom" : memory_region_type_name(mr);

    g_string_append_printf(out, "%*s%016" PRIx64 "-%016" PRIx64
                           " (prio %d, %s): %s", INDENT, "",
                           (uint64_t)fr->start, last_byte(fr->start, fr->size),
                           mr->priority, type, memory_region_name(mr));
    if (fr->offset_in_region) {
        g_string_append_printf(out, " @%016" PRIx64, fr->offset_in_region);
    }
    g_string_append_c(out, '\n');
}

/* Each distinct flat view once, with every address space that uses it. */
static void print_flat_views(GString *out)
{
    GPtrArray *views = g_ptr_array_new();
    GList *l;
    guint i, j;

    for (l = memory_address_spaces(); l; l = l->next) {
        FlatView *fv = address_space_view(l->data);

        if (!g_ptr_array_find(views, fv, NULL)) {
            g_ptr_array_add(views, fv);
        }
    }
    for (i = 0; i < views->len; i++) {
        FlatView *fv = g_ptr_array_index(views, i);

        g_string_append_printf(out, "FlatView #%u\n", i);
        for (l = memory_address_spaces(); l; l = l->next) {
            AddressSpace *as = l->data;

            if (as->current_map == fv) {
                g_string_append_printf(out, " AS \"%s\", root: %s\n",
                                       as->name,
                                       memory_region_name(as->root));
            }
        }
        g_string_append_printf(out, " Root memory region: %s\n",
                               fv->root ? memory_region_name(fv->root)
                                        : "(none)");
        if (!fv->nr) {
            g_string_append_printf(out, "%*sNo rendered FlatView\n", INDENT,
                                   "");
        }
        for (j = 0; j < fv->nr; j++) {
            print_range(out, &fv->ranges[j]);
        }
        g_string_append_c(out, '\n');
    }
    g_ptr_array_free(views, true);
}

void mtree_info(GString *out, bool flatview)
{
    memory_map_init();
    if (flatview) {
        print_flat_views(out);
    } else {
        print_trees(out);
    }
}
