/*
 * libqmalloc: a guest memory allocator for qtests that play a driver.
 *
 * A QGuestAllocator hands out pieces of one guest-physical RAM range
 * [start, end) that the test reserved for itself (rings, buffers,
 * indirect tables).  It keeps the free ranges sorted by address and
 * merges neighbours on free, so a test that frees what it allocated ends
 * with one free range again: qguest_alloc_destroy() asserts exactly
 * that, which turns a forgotten free into a test failure (leak check).
 *
 *     QGuestAllocator *a = qguest_alloc_new(0x100000, 0x800000, 4096);
 *     uint64_t ring = qguest_alloc(a, 8192, 4096);
 *     ...
 *     qguest_free(a, ring);
 *     qguest_alloc_destroy(a);    // asserts nothing leaked
 *
 * Nothing here touches the guest: the caller writes the memory.
 */
#ifndef TESTS_QTEST_LIBQMALLOC_H
#define TESTS_QTEST_LIBQMALLOC_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

typedef struct QGuestAllocator QGuestAllocator;

/*
 * Manage [@start, @end); @page is the default alignment (a power of
 * two), used when qguest_alloc() is given 0.
 */
QGuestAllocator *qguest_alloc_new(uint64_t start, uint64_t end,
                                  uint64_t page);
/* Assert that everything allocated was freed, then free @a. */
void qguest_alloc_destroy(QGuestAllocator *a);
/* Free @a without the leak check (a test that failed half way). */
void qguest_alloc_destroy_unchecked(QGuestAllocator *a);

/*
 * @size bytes aligned to @align (a power of two; 0: the default).
 * Asserts there is room: a test that runs out is wrong.
 */
uint64_t qguest_alloc(QGuestAllocator *a, uint64_t size, uint64_t align);
/* Free what qguest_alloc() returned (0 is ignored). */
void qguest_free(QGuestAllocator *a, uint64_t addr);

/* Bytes currently allocated, and the number of live allocations. */
uint64_t qguest_alloc_used(QGuestAllocator *a);
unsigned qguest_alloc_count(QGuestAllocator *a);
/* Whether [@addr, @addr + @size) lies inside one live allocation. */
bool qguest_alloc_owns(QGuestAllocator *a, uint64_t addr, uint64_t size);

#endif
