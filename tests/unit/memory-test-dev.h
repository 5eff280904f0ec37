/*
 * Helpers shared by the memory API unit tests: an I/O region that
 * records every callback it gets and keeps registers in its own byte
 * order, and a one-line description of an address space's flat view.
 */
#ifndef TESTS_UNIT_MEMORY_TEST_DEV_H
#define TESTS_UNIT_MEMORY_TEST_DEV_H

#include "system/memory.h"

#define TESTDEV_REGS 256

typedef struct TestDev {
    MemoryRegion mr;
    /* Register bytes in address order; callbacks read and write them as
     * numbers in the ops' endianness. */
    uint8_t regs[TESTDEV_REGS];
    /* "r4@8 w2@a=1234 " for each call, in order. */
    GString *log;
    /* What the _with_attrs callbacks return. */
    MemTxResult result;
    /* When set, reads return this number (masked to the size) and
     * writes record theirs in last_write: for endianness tests. */
    bool fixed;
    uint64_t fixed_value;
    uint64_t last_write;
    /* valid.accepts refuses this offset (or nothing if ~0). */
    hwaddr refuse_addr;
} TestDev;

uint64_t testdev_read(void *opaque, hwaddr addr, unsigned size);
void testdev_write(void *opaque, hwaddr addr, uint64_t val, unsigned size);
MemTxResult testdev_read_attrs(void *opaque, hwaddr addr, uint64_t *val,
                               unsigned size, MemTxAttrs attrs);
MemTxResult testdev_write_attrs(void *opaque, hwaddr addr, uint64_t val,
                                unsigned size, MemTxAttrs attrs);
bool testdev_accepts(void *opaque, hwaddr addr, unsigned size,
                     bool is_write, MemTxAttrs attrs);

/* An owner-less I/O region of @size with registers 0x00, 0x01, ... */
TestDev *testdev_new(const MemoryRegionOps *ops, const char *name,
                     uint64_t size);
/* Destroy it (it must not be in a container any more). */
void testdev_free(TestDev *d);
/* The call log so far, then cleared (caller frees). */
char *testdev_take_log(TestDev *d);

/* "0-fff ram, 1000-10ff dev @100 ro" for @as's current flat view. */
char *flat_describe(AddressSpace *as);

/* Destroy an owner-less region made by a test. */
void test_region_free(MemoryRegion *mr);

#endif
