/*
 * Unit tests of memory access dispatch: the sizes devices accept (valid)
 * and implement (impl), splitting and widening, byte order, unaligned
 * accesses, buffers that span regions, unassigned memory and ports, ROM,
 * ROM devices, ioeventfds, access checks and direct mapping.
 */
#include "util/osdep.h"
#include "util/module.h"
#include "system/memory.h"
#include "memory-test-dev.h"

#define SPACE 0x10000
#define ATTRS MEMTXATTRS_UNSPECIFIED

typedef struct TestSpace {
    MemoryRegion root;
    AddressSpace as;
} TestSpace;

static void space_init(TestSpace *t)
{
    memory_region_init(&t->root, NULL, "root", SPACE);
    address_space_init(&t->as, &t->root, "dispatch");
}

static void space_destroy(TestSpace *t)
{
    address_space_destroy(&t->as);
    test_region_free(&t->root);
}

/* Map @ops as a device at @addr of a fresh space. */
static TestDev *map_dev(TestSpace *t, const MemoryRegionOps *ops,
                        hwaddr addr, uint64_t size)
{
    TestDev *d = testdev_new(ops, "dev", size);

    space_init(t);
    memory_region_add_subregion(&t->root, addr, &d->mr);
    return d;
}

static void unmap_dev(TestSpace *t, TestDev *d)
{
    memory_region_del_subregion(&t->root, &d->mr);
    space_destroy(t);
    testdev_free(d);
}

static void assert_log(TestDev *d, const char *expected)
{
    g_autofree char *log = testdev_take_log(d);

    g_assert_cmpstr(log, ==, expected);
}

static uint64_t read_sized(AddressSpace *as, hwaddr addr, unsigned size,
                           MemTxResult expect)
{
    uint64_t v = 0x5a5a5a5a5a5a5a5aULL;

    g_assert_cmpuint(address_space_read_sized(as, addr, &v, size, ATTRS), ==,
                     expect);
    return v;
}

/* valid: sizes and alignment the device takes; others never reach it. */
static const MemoryRegionOps strict_ops = {
    .read = testdev_read,
    .write = testdev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static void test_valid_sizes(void)
{
    TestSpace t;
    TestDev *d = map_dev(&t, &strict_ops, 0x1000, 0x100);

    g_assert_cmphex(read_sized(&t.as, 0x1004, 4, MEMTX_OK), ==, 0x07060504);
    assert_log(d, "r4@4");
    /* Too small, too big, misaligned: all-ones, and the device is not
     * called. */
    g_assert_cmphex(read_sized(&t.as, 0x1004, 1, MEMTX_ACCESS_ERROR), ==,
                    0xff);
    g_assert_cmphex(read_sized(&t.as, 0x1008, 8, MEMTX_ACCESS_ERROR), ==,
                    UINT64_MAX);
    g_assert_cmphex(read_sized(&t.as, 0x1002, 4, MEMTX_ACCESS_ERROR), ==,
                    0xffffffff);
    g_assert_cmpuint(address_space_write_sized(&t.as, 0x1004, 1, 2, ATTRS),
                     ==, MEMTX_ACCESS_ERROR);
    assert_log(d, "");
    g_assert_cmpuint(address_space_write_sized(&t.as, 0x1004, 0xaabbccdd, 4,
                                               ATTRS), ==, MEMTX_OK);
    assert_log(d, "w4@4=aabbccdd");
    g_assert_cmpmem(d->regs + 4, 4, "\xdd\xcc\xbb\xaa", 4);
    unmap_dev(&t, d);
}

static const MemoryRegionOps default_ops = {
    .read = testdev_read,
    .write = testdev_write,
};

/* Sizes left at 0 mean 1 to 4, aligned. */
static void test_valid_defaults(void)
{
    TestSpace t;
    TestDev *d = map_dev(&t, &default_ops, 0, 0x100);

    read_sized(&t.as, 0x3, 1, MEMTX_OK);
    read_sized(&t.as, 0x4, 4, MEMTX_OK);
    assert_log(d, "r1@3 r4@4");
    read_sized(&t.as, 0x8, 8, MEMTX_ACCESS_ERROR);
    read_sized(&t.as, 0x5, 2, MEMTX_ACCESS_ERROR);
    assert_log(d, "");
    unmap_dev(&t, d);
}

static const MemoryRegionOps picky_ops = {
    .read_with_attrs = testdev_read_attrs,
    .write_with_attrs = testdev_write_attrs,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8,
               .accepts = testdev_accepts },
    .impl = { .min_access_size = 1, .max_access_size = 8 },
};

/* valid.accepts refuses, and _with_attrs results come through. */
static void test_accepts_and_results(void)
{
    TestSpace t;
    TestDev *d = map_dev(&t, &picky_ops, 0, 0x100);

    d->refuse_addr = 0x10;
    read_sized(&t.as, 0x10, 4, MEMTX_ACCESS_ERROR);
    g_assert_cmpuint(address_space_write_sized(&t.as, 0x10, 0, 4, ATTRS), ==,
                     MEMTX_ACCESS_ERROR);
    g_assert_false(address_space_access_valid(&t.as, 0x10, 4, false, ATTRS));
    g_assert_true(address_space_access_valid(&t.as, 0x14, 4, false, ATTRS));
    assert_log(d, "");
    read_sized(&t.as, 0x18, 8, MEMTX_OK);
    assert_log(d, "r8@18");

    d->result = MEMTX_ERROR;
    read_sized(&t.as, 0x20, 2, MEMTX_ERROR);
    g_assert_cmpuint(address_space_write_sized(&t.as, 0x20, 0, 2, ATTRS), ==,
                     MEMTX_ERROR);
    assert_log(d, "r2@20 w2@20=0");
    unmap_dev(&t, d);
}

/* impl: wider accesses are split into several calls in address order,
 * and the bytes still come out in address order. */
static const MemoryRegionOps bytewise_ops = {
    .read = testdev_read,
    .write = testdev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

static const MemoryRegionOps wordwise_be_ops = {
    .read = testdev_read,
    .write = testdev_write,
    .endianness = DEVICE_BIG_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 2, .max_access_size = 2 },
};

static void test_impl_split(void)
{
    TestSpace t;
    TestDev *d = map_dev(&t, &bytewise_ops, 0, 0x100);

    g_assert_cmphex(read_sized(&t.as, 0x10, 4, MEMTX_OK), ==, 0x13121110);
    assert_log(d, "r1@10 r1@11 r1@12 r1@13");
    address_space_write_sized(&t.as, 0x20, 0x0102030405060708ULL, 8, ATTRS);
    assert_log(d, "w1@20=8 w1@21=7 w1@22=6 w1@23=5 w1@24=4 w1@25=3 w1@26=2 "
               "w1@27=1");
    g_assert_cmpmem(d->regs + 0x20, 8, "\x08\x07\x06\x05\x04\x03\x02\x01", 8);
    unmap_dev(&t, d);

    /* A big-endian device split into halves: each half is a big-endian
     * number, the lower address first. */
    d = map_dev(&t, &wordwise_be_ops, 0, 0x100);
    g_assert_cmphex(read_sized(&t.as, 0x10, 4, MEMTX_OK), ==, 0x13121110);
    assert_log(d, "r2@10 r2@12");
    address_space_write_sized(&t.as, 0x20, 0xa1b2c3d4, 4, ATTRS);
    assert_log(d, "w2@20=d4c3 w2@22=b2a1");
    g_assert_cmpmem(d->regs + 0x20, 4, "\xd4\xc3\xb2\xa1", 4);
    unmap_dev(&t, d);
}

/* impl: narrower accesses widen to one aligned call; reads keep the
 * bytes asked for, writes send zeros in the others. */
static const MemoryRegionOps dword_impl_ops = {
    .read = testdev_read,
    .write = testdev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static void test_impl_widen(void)
{
    TestSpace t;
    TestDev *d = map_dev(&t, &dword_impl_ops, 0, 0x100);

    g_assert_cmphex(read_sized(&t.as, 0x11, 1, MEMTX_OK), ==, 0x11);
    assert_log(d, "r4@10");
    g_assert_cmphex(read_sized(&t.as, 0x16, 2, MEMTX_OK), ==, 0x1716);
    assert_log(d, "r4@14");
    address_space_write_sized(&t.as, 0x22, 0xbeef, 2, ATTRS);
    assert_log(d, "w4@20=beef0000");
    unmap_dev(&t, d);
}

/* Byte order: a device's numbers are in its own order; the CPU's are
 * little-endian, and "native" is little-endian on x86. */
static const MemoryRegionOps le_ops = {
    .read = testdev_read, .write = testdev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .max_access_size = 8 }, .impl = { .max_access_size = 8 },
};
static const MemoryRegionOps be_ops = {
    .read = testdev_read, .write = testdev_write,
    .endianness = DEVICE_BIG_ENDIAN,
    .valid = { .max_access_size = 8 }, .impl = { .max_access_size = 8 },
};
static const MemoryRegionOps native_ops = {
    .read = testdev_read, .write = testdev_write,
    .endianness = DEVICE_NATIVE_ENDIAN,
    .valid = { .max_access_size = 8 }, .impl = { .max_access_size = 8 },
};

static void check_order(const MemoryRegionOps *ops, bool swapped)
{
    TestSpace t;
    TestDev *d = map_dev(&t, ops, 0, 0x100);
    uint8_t buf[4];

    d->fixed = true;
    d->fixed_value = 0x11223344;
    g_assert_cmphex(read_sized(&t.as, 0, 4, MEMTX_OK), ==,
                    swapped ? 0x44332211 : 0x11223344);
    address_space_read(&t.as, 0, ATTRS, buf, 4);
    g_assert_cmpmem(buf, 4, swapped ? "\x11\x22\x33\x44"
                                    : "\x44\x33\x22\x11", 4);
    address_space_write_sized(&t.as, 0, 0xa0b0c0d0, 4, ATTRS);
    g_assert_cmphex(d->last_write, ==, swapped ? 0xd0c0b0a0 : 0xa0b0c0d0);
    address_space_write_sized(&t.as, 0, 0x0102, 2, ATTRS);
    g_assert_cmphex(d->last_write, ==, swapped ? 0x0201 : 0x0102);
    g_assert_cmphex(memory_region_dispatch_read(&d->mr, 0, &(uint64_t){0}, 4,
                                                ATTRS), ==, MEMTX_OK);
    g_free(testdev_take_log(d));
    unmap_dev(&t, d);
}

static void test_endianness(void)
{
    check_order(&le_ops, false);
    check_order(&native_ops, false);
    check_order(&be_ops, true);
}

/* Unaligned: refused unless valid.unaligned; then split into aligned
 * calls unless impl.unaligned too. */
static const MemoryRegionOps unaligned_ok_ops = {
    .read = testdev_read, .write = testdev_write,
    .valid = { .max_access_size = 4, .unaligned = true },
};
static const MemoryRegionOps unaligned_impl_ops = {
    .read = testdev_read, .write = testdev_write,
    .valid = { .max_access_size = 4, .unaligned = true },
    .impl = { .max_access_size = 4, .unaligned = true },
};

static void test_unaligned(void)
{
    TestSpace t;
    TestDev *d = map_dev(&t, &le_ops, 0, 0x100);

    read_sized(&t.as, 0x11, 4, MEMTX_ACCESS_ERROR);
    assert_log(d, "");
    unmap_dev(&t, d);

    d = map_dev(&t, &unaligned_ok_ops, 0, 0x100);
    g_assert_cmphex(read_sized(&t.as, 0x12, 4, MEMTX_OK), ==, 0x15141312);
    assert_log(d, "r4@10 r4@14");
    unmap_dev(&t, d);

    d = map_dev(&t, &unaligned_impl_ops, 0, 0x100);
    g_assert_cmphex(read_sized(&t.as, 0x12, 4, MEMTX_OK), ==, 0x15141312);
    assert_log(d, "r4@12");
    unmap_dev(&t, d);
}

/* Buffers split at region boundaries: RAM copied, devices given the
 * largest naturally aligned accesses they take. */
static void test_buffer_split(void)
{
    TestSpace t;
    MemoryRegion r1, r2;
    TestDev *d = testdev_new(&dword_impl_ops, "dev", 0x10);
    TestDev *q = testdev_new(&le_ops, "q", 0x20);
    uint8_t buf[0x30], expect[0x30];
    unsigned i;

    space_init(&t);
    g_assert_true(memory_region_init_ram(&r1, NULL, "r1", 0x10, NULL));
    g_assert_true(memory_region_init_ram(&r2, NULL, "r2", 0x10, NULL));
    memset(memory_region_get_ram_ptr(&r1), 'a', 0x10);
    memset(memory_region_get_ram_ptr(&r2), 'b', 0x10);
    memory_region_add_subregion(&t.root, 0x100, &r1);
    memory_region_add_subregion(&t.root, 0x110, &d->mr);
    memory_region_add_subregion(&t.root, 0x120, &r2);

    g_assert_cmpuint(address_space_read(&t.as, 0x10e, ATTRS, buf, 0x14), ==,
                     MEMTX_OK);
    memset(expect, 'a', 2);
    for (i = 0; i < 0x10; i++) {
        expect[2 + i] = i;
    }
    memset(expect + 0x12, 'b', 2);
    g_assert_cmpmem(buf, 0x14, expect, 0x14);
    assert_log(d, "r4@0 r4@4 r4@8 r4@c");

    /* Misaligned inside the device: 1, 2, then 4-byte pieces. */
    address_space_read(&t.as, 0x111, ATTRS, buf, 7);
    assert_log(d, "r4@0 r4@0 r4@4");
    g_assert_cmpmem(buf, 7, "\x01\x02\x03\x04\x05\x06\x07", 7);

    /* A device that takes 8 bytes gets them in one access. */
    memory_region_add_subregion(&t.root, 0x200, &q->mr);
    address_space_read(&t.as, 0x208, ATTRS, buf, 0x10);
    assert_log(q, "r8@8 r8@10");

    /* Writes too. */
    address_space_write(&t.as, 0x10f, ATTRS, "XYZW", 4);
    g_assert_cmpuint(((uint8_t *)memory_region_get_ram_ptr(&r1))[0xf], ==,
                     'X');
    /* 2 bytes then 1, each widened to the 4 the device implements. */
    assert_log(d, "w4@0=5a59 w4@0=570000");

    memory_region_del_subregion(&t.root, &r1);
    memory_region_del_subregion(&t.root, &r2);
    memory_region_del_subregion(&t.root, &d->mr);
    memory_region_del_subregion(&t.root, &q->mr);
    space_destroy(&t);
    test_region_free(&r1);
    test_region_free(&r2);
    testdev_free(d);
    testdev_free(q);
}

/* Unassigned: memory reads zero, ports all-ones, writes vanish. */
static void test_unassigned(void)
{
    TestSpace t;
    MemoryRegion ram;
    uint8_t buf[8];
    uint64_t v;

    space_init(&t);
    g_assert_true(memory_region_init_ram(&ram, NULL, "ram", 0x10, NULL));
    memset(memory_region_get_ram_ptr(&ram), 'r', 0x10);
    memory_region_add_subregion(&t.root, 0x10, &ram);

    memset(buf, 1, sizeof(buf));
    g_assert_cmpuint(address_space_read(&t.as, 0xc, ATTRS, buf, 8), ==,
                     MEMTX_DECODE_ERROR);
    g_assert_cmpmem(buf, 8, "\0\0\0\0rrrr", 8);
    g_assert_cmpuint(address_space_write(&t.as, 0x1c, ATTRS, "12345678", 8),
                     ==, MEMTX_DECODE_ERROR);
    g_assert_cmpmem((uint8_t *)memory_region_get_ram_ptr(&ram) + 0xc, 4,
                    "1234", 4);
    /* Past the end of the root, and past the end of the 64-bit space. */
    g_assert_cmphex(read_sized(&t.as, SPACE, 4, MEMTX_DECODE_ERROR), ==, 0);
    g_assert_cmpuint(address_space_read(&t.as, UINT64_MAX - 3, ATTRS, buf, 8),
                     ==, MEMTX_DECODE_ERROR);

    /* An I/O space answers all-ones. */
    t.as.io_space = true;
    g_assert_cmphex(read_sized(&t.as, 0x100, 2, MEMTX_DECODE_ERROR), ==,
                    0xffff);
    t.as.io_space = false;

    /* The CPU's port space: its "io" region answers where nothing is. */
    g_assert_cmpuint(address_space_read_sized(&address_space_io, 0x80, &v, 4,
                                              ATTRS), ==, MEMTX_DECODE_ERROR);
    g_assert_cmphex(v, ==, 0xffffffff);
    g_assert_cmpuint(address_space_read_sized(&address_space_io, 0xfffe, &v,
                                              4, ATTRS), ==,
                     MEMTX_DECODE_ERROR);
    g_assert_cmphex(v, ==, 0xffffffff);
    g_assert_cmpuint(address_space_write_sized(&address_space_io, 0x80, 1, 1,
                                               ATTRS), ==, MEMTX_DECODE_ERROR);
    /* ... and system memory is empty. */
    g_assert_cmpuint(address_space_read_sized(&address_space_memory, 0x1000,
                                              &v, 8, ATTRS), ==,
                     MEMTX_DECODE_ERROR);
    g_assert_cmphex(v, ==, 0);

    memory_region_del_subregion(&t.root, &ram);
    space_destroy(&t);
    test_region_free(&ram);
}

static const MemoryRegionOps flash_ops = {
    .read = testdev_read,
    .write = testdev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

static void test_rom(void)
{
    TestSpace t;
    MemoryRegion rom, romd;
    TestDev *log = testdev_new(&flash_ops, "log", 0x100);
    uint8_t *host;

    space_init(&t);
    g_assert_true(memory_region_init_rom(&rom, NULL, "rom", 0x1000, NULL));
    g_assert_true(memory_region_is_rom(&rom));
    host = memory_region_get_ram_ptr(&rom);
    memcpy(host, "BIOS", 4);
    memory_region_add_subregion(&t.root, 0x1000, &rom);
    /* Writes are dropped, and that is no error. */
    g_assert_cmpuint(address_space_write(&t.as, 0x1000, ATTRS, "xxxx", 4),
                     ==, MEMTX_OK);
    g_assert_cmpuint(address_space_write_sized(&t.as, 0x1000, 0, 4, ATTRS),
                     ==, MEMTX_OK);
    g_assert_cmphex(read_sized(&t.as, 0x1000, 4, MEMTX_OK), ==, 0x534f4942);
    g_assert_true(address_space_access_valid(&t.as, 0x1000, 4, false, ATTRS));
    g_assert_false(address_space_access_valid(&t.as, 0x1000, 4, true, ATTRS));

    /* A ROM device reads from its RAM and takes writes through ops. */
    g_assert_true(memory_region_init_rom_device(&romd, NULL, &flash_ops, log,
                                                "flash", 0x1000, NULL));
    memcpy(memory_region_get_ram_ptr(&romd), "\x11\x22", 2);
    memory_region_add_subregion(&t.root, 0x4000, &romd);
    g_assert_cmphex(read_sized(&t.as, 0x4000, 2, MEMTX_OK), ==, 0x2211);
    address_space_write_sized(&t.as, 0x4000, 0x98, 1, ATTRS);
    assert_log(log, "w1@0=98");
    g_assert_cmphex(read_sized(&t.as, 0x4000, 1, MEMTX_OK), ==, 0x11);

    memory_region_del_subregion(&t.root, &rom);
    memory_region_del_subregion(&t.root, &romd);
    space_destroy(&t);
    test_region_free(&rom);
    test_region_free(&romd);
    testdev_free(log);
}

/* An ioeventfd takes matching writes instead of the device. */
static void test_ioeventfd(void)
{
    TestSpace t;
    TestDev *d = map_dev(&t, &le_ops, 0, 0x100);
    EventNotifier any, match;

    g_assert_cmpint(event_notifier_init(&any, false), ==, 0);
    g_assert_cmpint(event_notifier_init(&match, false), ==, 0);
    memory_region_add_eventfd(&d->mr, 0x10, 2, false, 0, &any);
    memory_region_add_eventfd(&d->mr, 0x20, 4, true, 7, &match);

    address_space_write_sized(&t.as, 0x10, 0x1234, 2, ATTRS);
    g_assert_true(event_notifier_test_and_clear(&any));
    assert_log(d, "");
    /* Another size, another value: the device gets it. */
    address_space_write_sized(&t.as, 0x10, 1, 4, ATTRS);
    address_space_write_sized(&t.as, 0x20, 6, 4, ATTRS);
    assert_log(d, "w4@10=1 w4@20=6");
    g_assert_false(event_notifier_test_and_clear(&any));
    g_assert_false(event_notifier_test_and_clear(&match));
    address_space_write_sized(&t.as, 0x20, 7, 4, ATTRS);
    g_assert_true(event_notifier_test_and_clear(&match));
    /* Reads are never taken. */
    read_sized(&t.as, 0x20, 4, MEMTX_OK);
    assert_log(d, "r4@20");

    memory_region_del_eventfd(&d->mr, 0x20, 4, true, 7, &match);
    memory_region_del_eventfd(&d->mr, 0x10, 2, false, 0, &any);
    address_space_write_sized(&t.as, 0x20, 7, 4, ATTRS);
    assert_log(d, "w4@20=7");
    event_notifier_cleanup(&any);
    event_notifier_cleanup(&match);
    unmap_dev(&t, d);
}

/* Access checks and direct mapping of RAM. */
static void test_valid_and_map(void)
{
    TestSpace t;
    MemoryRegion ram, ro;
    TestDev *d = testdev_new(&strict_ops, "dev", 0x100);
    hwaddr len;
    uint8_t *p;

    space_init(&t);
    g_assert_true(memory_region_init_ram(&ram, NULL, "ram", 0x1000, NULL));
    memory_region_add_subregion(&t.root, 0x1000, &ram);
    memory_region_add_subregion(&t.root, 0x2000, &d->mr);
    memory_region_init_alias(&ro, NULL, "ro", &ram, 0, 0x100);
    memory_region_set_readonly(&ro, true);
    memory_region_add_subregion(&t.root, 0x4000, &ro);

    g_assert_true(address_space_access_valid(&t.as, 0x1000, 0x1000, true,
                                             ATTRS));
    g_assert_false(address_space_access_valid(&t.as, 0x1000, 0x1001, false,
                                              ATTRS));
    g_assert_true(address_space_access_valid(&t.as, 0x2000, 8, false,
                                             ATTRS));
    g_assert_false(address_space_access_valid(&t.as, 0x2000, 6, false,
                                              ATTRS));
    g_assert_false(address_space_access_valid(&t.as, 0x4000, 1, true,
                                              ATTRS));
    g_assert_true(address_space_access_valid(&t.as, 0x4000, 1, false,
                                             ATTRS));
    g_assert_true(address_space_access_valid(&t.as, 0x7000, 0, false,
                                             ATTRS));
    g_assert_false(address_space_access_valid(&t.as, UINT64_MAX, 2, false,
                                              ATTRS));
    assert_log(d, "");

    len = 0x2000;
    p = address_space_map(&t.as, 0x1800, &len, true, ATTRS);
    g_assert_true(p == (uint8_t *)memory_region_get_ram_ptr(&ram) + 0x800);
    g_assert_cmpuint(len, ==, 0x800);
    address_space_unmap(&t.as, p, len, true, len);
    len = 4;
    g_assert_null(address_space_map(&t.as, 0x2000, &len, false, ATTRS));
    g_assert_cmpuint(len, ==, 0);
    len = 4;
    g_assert_null(address_space_map(&t.as, 0x4000, &len, true, ATTRS));
    len = 4;
    g_assert_nonnull(address_space_map(&t.as, 0x4000, &len, false, ATTRS));
    len = 4;
    g_assert_null(address_space_map(&t.as, 0x9000, &len, false, ATTRS));

    /* address_space_set. */
    g_assert_cmpuint(address_space_set(&t.as, 0x1ffe, 0xab, 3, ATTRS), ==,
                     MEMTX_ACCESS_ERROR);
    g_assert_cmpmem((uint8_t *)memory_region_get_ram_ptr(&ram) + 0xffe, 2,
                    "\xab\xab", 2);
    assert_log(d, "");

    memory_region_del_subregion(&t.root, &ram);
    memory_region_del_subregion(&t.root, &d->mr);
    memory_region_del_subregion(&t.root, &ro);
    space_destroy(&t);
    test_region_free(&ro);
    test_region_free(&ram);
    testdev_free(d);
}

/* Sized accesses that cross regions go byte by byte where needed. */
static void test_sized_across(void)
{
    TestSpace t;
    MemoryRegion ram;

    space_init(&t);
    g_assert_true(memory_region_init_ram(&ram, NULL, "ram", 0x10, NULL));
    memcpy(memory_region_get_ram_ptr(&ram), "0123456789abcdef", 16);
    memory_region_add_subregion(&t.root, 0x10, &ram);
    g_assert_cmphex(read_sized(&t.as, 0x1e, 4, MEMTX_DECODE_ERROR), ==,
                    0x6665);
    g_assert_cmphex(read_sized(&t.as, 0x18, 8, MEMTX_OK), ==,
                    0x6665646362613938ULL);
    g_assert_cmpuint(memory_region_dispatch_write(&ram, 0, 0x4241, 2, ATTRS),
                     ==, MEMTX_OK);
    g_assert_cmphex(read_sized(&t.as, 0x10, 2, MEMTX_OK), ==, 0x4241);
    memory_region_del_subregion(&t.root, &ram);
    space_destroy(&t);
    test_region_free(&ram);
}

/*
 * A device access goes whole to the region at its first byte when that
 * region spans it, even where a higher-priority neighbour covers part of
 * it (0xcf8 and 0xcf9 on a PC); otherwise it is cut at the neighbour.
 */
static void test_overlapped_device(void)
{
    TestSpace t;
    TestDev *conf = testdev_new(&le_ops, "conf", 4);
    TestDev *rst = testdev_new(&le_ops, "rst", 1);
    uint8_t buf[4];

    space_init(&t);
    memory_region_add_subregion(&t.root, 0xcf8, &conf->mr);
    memory_region_add_subregion_overlap(&t.root, 0xcf9, &rst->mr, 1);

    g_assert_cmpuint(address_space_write_sized(&t.as, 0xcf8, 0x80000000, 4,
                                               ATTRS), ==, MEMTX_OK);
    assert_log(conf, "w4@0=80000000");
    assert_log(rst, "");
    g_assert_cmphex(read_sized(&t.as, 0xcf8, 4, MEMTX_OK), ==, 0x80000000);
    assert_log(conf, "r4@0");
    address_space_write(&t.as, 0xcf8, ATTRS, "\x01\x02\x03\x04", 4);
    assert_log(conf, "w4@0=4030201");
    assert_log(rst, "");
    /* A byte of the neighbour is its own. */
    address_space_write_sized(&t.as, 0xcf9, 6, 1, ATTRS);
    assert_log(rst, "w1@0=6");
    assert_log(conf, "");
    /* An access that would run past the small region is cut. */
    address_space_write_sized(&t.as, 0xcf9, 0x0807, 2, ATTRS);
    assert_log(rst, "w1@0=7");
    assert_log(conf, "w1@2=8");
    /* And one past the end of the large one too. */
    address_space_read(&t.as, 0xcfa, ATTRS, buf, 4);
    assert_log(conf, "r2@2");

    memory_region_del_subregion(&t.root, &conf->mr);
    memory_region_del_subregion(&t.root, &rst->mr);
    space_destroy(&t);
    testdev_free(conf);
    testdev_free(rst);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);

    g_test_add_func("/memory/dispatch/valid-sizes", test_valid_sizes);
    g_test_add_func("/memory/dispatch/valid-defaults", test_valid_defaults);
    g_test_add_func("/memory/dispatch/accepts-results",
                    test_accepts_and_results);
    g_test_add_func("/memory/dispatch/impl-split", test_impl_split);
    g_test_add_func("/memory/dispatch/impl-widen", test_impl_widen);
    g_test_add_func("/memory/dispatch/endianness", test_endianness);
    g_test_add_func("/memory/dispatch/unaligned", test_unaligned);
    g_test_add_func("/memory/dispatch/buffer-split", test_buffer_split);
    g_test_add_func("/memory/dispatch/unassigned", test_unassigned);
    g_test_add_func("/memory/dispatch/rom", test_rom);
    g_test_add_func("/memory/dispatch/ioeventfd", test_ioeventfd);
    g_test_add_func("/memory/dispatch/valid-map", test_valid_and_map);
    g_test_add_func("/memory/dispatch/sized-across", test_sized_across);
    g_test_add_func("/memory/dispatch/overlapped-device",
                    test_overlapped_device);
    return g_test_run();
}
