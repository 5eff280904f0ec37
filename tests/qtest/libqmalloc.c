/*
 * libqmalloc: a first-fit allocator over a guest RAM range for qtests
 * (see libqmalloc.h).  Free and used ranges are kept in two address
 * sorted lists; freeing merges a range with its free neighbours.
 */
#include "util/osdep.h"
#include "libqmalloc.h"

typedef struct QRange {
    uint64_t addr;
    uint64_t size;
} QRange;

struct QGuestAllocator {
    uint64_t start;
    uint64_t end;
    uint64_t page;
    GList *free;        /* QRange *, sorted by addr, never adjacent */
    GList *used;        /* QRange *, sorted by addr */
};

static QRange *range_new(uint64_t addr, uint64_t size)
{
    QRange *r = g_new(QRange, 1);

    r->addr = addr;
    r->size = size;
    return r;
}

static gint range_cmp(gconstpointer a, gconstpointer b)
{
    const QRange *ra = a, *rb = b;

    return ra->addr < rb->addr ? -1 : ra->addr > rb->addr ? 1 : 0;
}

QGuestAllocator *qguest_alloc_new(uint64_t start, uint64_t end,
                                  uint64_t page)
{
    QGuestAllocator *a = g_new0(QGuestAllocator, 1);

    g_assert(start < end);
    g_assert(page && !(page & (page - 1)));
    a->start = start;
    a->end = end;
    a->page = page;
    a->free = g_list_append(NULL, range_new(start, end - start));
    return a;
}

void qguest_alloc_destroy_unchecked(QGuestAllocator *a)
{
    if (!a) {
        return;
    }
    g_list_free_full(a->free, g_free);
    g_list_free_full(a->used, g_free);
    g_free(a);
}

void qguest_alloc_destroy(QGuestAllocator *a)
{
    GList *l;

    if (!a) {
        return;
    }
    for (l = a->used; l; l = l->next) {
        QRange *r = l->data;

        g_test_message("guest allocation leaked: 0x%" PRIx64 " + 0x%"
                       PRIx64, r->addr, r->size);
    }
    g_assert_null(a->used);
    /* Merging on free must have brought the whole range back together. */
    g_assert_cmpuint(g_list_length(a->free), ==, 1);
    g_assert_cmphex(((QRange *)a->free->data)->addr, ==, a->start);
    g_assert_cmphex(((QRange *)a->free->data)->size, ==, a->end - a->start);
    qguest_alloc_destroy_unchecked(a);
}

uint64_t qguest_alloc(QGuestAllocator *a, uint64_t size, uint64_t align)
{
    GList *l;

    g_assert(size);
    if (!align) {
        align = a->page;
    }
    g_assert(!(align & (align - 1)));
    for (l = a->free; l; l = l->next) {
        QRange *r = l->data;
        uint64_t addr = (r->addr + align - 1) & ~(align - 1);
        uint64_t head, tail;

        if (addr < r->addr || addr - r->addr >= r->size ||
            r->size - (addr - r->addr) < size) {
            continue;
        }
        head = addr - r->addr;
        tail = r->size - head - size;
        /* Split: the part before stays in place, the part after follows. */
        if (tail) {
            a->free = g_list_insert_before(a->free, l->next,
                                           range_new(addr + size, tail));
        }
        if (head) {
            r->size = head;
        } else {
            a->free = g_list_delete_link(a->free, l);
            g_free(r);
        }
        a->used = g_list_insert_sorted(a->used, range_new(addr, size),
                                       range_cmp);
        return addr;
    }
    g_error("guest allocator out of room for 0x%" PRIx64 " bytes aligned "
            "0x%" PRIx64, size, align);
    return 0;
}

void qguest_free(QGuestAllocator *a, uint64_t addr)
{
    GList *l, *prev = NULL, *next;
    QRange *r = NULL;

    if (!addr) {
        return;
    }
    for (l = a->used; l; l = l->next) {
        if (((QRange *)l->data)->addr == addr) {
            r = l->data;
            a->used = g_list_delete_link(a->used, l);
            break;
        }
    }
    if (!r) {
        g_error("guest free of 0x%" PRIx64 ", which is not allocated", addr);
    }
    /* Find the free neighbours: prev ends at or before r, next after. */
    for (next = a->free; next; next = next->next) {
        if (((QRange *)next->data)->addr > r->addr) {
            break;
        }
        prev = next;
    }
    if (prev) {
        QRange *p = prev->data;

        g_assert(p->addr + p->size <= r->addr);
        if (p->addr + p->size == r->addr) {
            p->size += r->size;
            g_free(r);
            r = p;
        }
    }
    if (next) {
        QRange *n = next->data;

        g_assert(r->addr + r->size <= n->addr);
        if (r->addr + r->size == n->addr) {
            r->size += n->size;
            a->free = g_list_delete_link(a->free, next);
            g_free(n);
        }
    }
    if (!prev || prev->data != r) {
        a->free = g_list_insert_sorted(a->free, r, range_cmp);
    }
}

uint64_t qguest_alloc_used(QGuestAllocator *a)
{
    uint64_t total = 0;
    GList *l;

    for (l = a->used; l; l = l->next) {
        total += ((QRange *)l->data)->size;
    }
    return total;
}

unsigned qguest_alloc_count(QGuestAllocator *a)
{
    return g_list_length(a->used);
}

bool qguest_alloc_owns(QGuestAllocator *a, uint64_t addr, uint64_t size)
{
    GList *l;

    for (l = a->used; l; l = l->next) {
        QRange *r = l->data;

        if (addr >= r->addr && addr - r->addr <= r->size &&
            size <= r->size - (addr - r->addr)) {
            return true;
        }
    }
    return false;
}
