/*
 * Unit tests of the memory region tree and its flat views: containers,
 * priorities, overlaps, aliases, enabling, moving and resizing regions,
 * transactions, memory listeners, references, RAM blocks and the
 * "info mtree" text.
 */
#include "util/osdep.h"
#include <sys/mman.h>
#include "util/module.h"
#include "qom/object.h"
#include "system/memory.h"
#include "system/memory-internal.h"
#include "memory-test-dev.h"

#define SPACE 0x10000

static const MemoryRegionOps dev_ops = {
    .read = testdev_read,
    .write = testdev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

/* A 64 KiB address space of its own, rooted at a container. */
typedef struct TestSpace {
    MemoryRegion root;
    AddressSpace as;
} TestSpace;

static void space_init(TestSpace *t, const char *name)
{
    memory_region_init(&t->root, NULL, "root", SPACE);
    address_space_init(&t->as, &t->root, name);
}

/* Destroying the root takes its subregions out, leaving them to the
 * test to free. */
static void space_destroy(TestSpace *t)
{
    address_space_destroy(&t->as);
    test_region_free(&t->root);
}

static void assert_flat(AddressSpace *as, const char *expected)
{
    g_autofree char *got = flat_describe(as);

    g_assert_cmpstr(got, ==, expected);
}

static void ram_init(MemoryRegion *mr, const char *name, uint64_t size,
                     uint8_t fill)
{
    g_assert_true(memory_region_init_ram(mr, NULL, name, size, NULL));
    memset(memory_region_get_ram_ptr(mr), fill, size);
}

static uint8_t read_byte(AddressSpace *as, hwaddr addr)
{
    uint8_t b = 0x5a;

    address_space_read(as, addr, MEMTXATTRS_UNSPECIFIED, &b, 1);
    return b;
}

static void test_empty(void)
{
    TestSpace t;
    uint8_t buf[4] = { 1, 2, 3, 4 };

    space_init(&t, "empty");
    assert_flat(&t.as, "");
    g_assert_null(address_space_view(&t.as)->root);
    /* Nothing there: memory reads as zero, and says so. */
    g_assert_cmpuint(address_space_read(&t.as, 0x10, MEMTXATTRS_UNSPECIFIED,
                                        buf, 4), ==, MEMTX_DECODE_ERROR);
    g_assert_cmpmem(buf, 4, "\0\0\0\0", 4);
    space_destroy(&t);
}

static void test_ram(void)
{
    TestSpace t;
    MemoryRegion ram;
    uint8_t buf[8];

    space_init(&t, "ram");
    ram_init(&ram, "ram", 0x1000, 0);
    memory_region_add_subregion(&t.root, 0x2000, &ram);
    assert_flat(&t.as, "2000-2fff ram");
    g_assert_true(memory_region_is_mapped(&ram));
    g_assert_true(memory_region_is_ram(&ram));
    g_assert_false(memory_region_is_rom(&ram));

    /* Fresh RAM is zero; writes land in the host memory. */
    g_assert_cmpuint(read_byte(&t.as, 0x2fff), ==, 0);
    g_assert_cmpuint(address_space_write(&t.as, 0x2004, MEMTXATTRS_UNSPECIFIED,
                                         "abcd", 4), ==, MEMTX_OK);
    g_assert_cmpmem((uint8_t *)memory_region_get_ram_ptr(&ram) + 4, 4,
                    "abcd", 4);
    g_assert_cmpuint(address_space_read(&t.as, 0x2002, MEMTXATTRS_UNSPECIFIED,
                                        buf, 6), ==, MEMTX_OK);
    g_assert_cmpmem(buf, 6, "\0\0abcd", 6);

    memory_region_del_subregion(&t.root, &ram);
    g_assert_false(memory_region_is_mapped(&ram));
    assert_flat(&t.as, "");
    space_destroy(&t);
    test_region_free(&ram);
}

/* Higher priority wins; among equals the region added last wins. */
static void test_priority(void)
{
    TestSpace t;
    MemoryRegion a, b, c;

    space_init(&t, "prio");
    ram_init(&a, "a", 0x1000, 'a');
    ram_init(&b, "b", 0x1000, 'b');
    ram_init(&c, "c", 0x1000, 'c');
    memory_region_add_subregion_overlap(&t.root, 0x0, &a, 1);
    memory_region_add_subregion_overlap(&t.root, 0x800, &b, 0);
    assert_flat(&t.as, "0-fff a, 1000-17ff b @800");
    g_assert_cmpuint(read_byte(&t.as, 0x900), ==, 'a');
    g_assert_cmpuint(read_byte(&t.as, 0x1100), ==, 'b');

    /* c has a's priority and comes later: it covers a. */
    memory_region_add_subregion_overlap(&t.root, 0x400, &c, 1);
    assert_flat(&t.as, "0-3ff a, 400-13ff c, 1400-17ff b @c00");
    g_assert_cmpuint(read_byte(&t.as, 0x500), ==, 'c');

    /* Lower priority stays below even when added last. */
    memory_region_del_subregion(&t.root, &b);
    memory_region_add_subregion_overlap(&t.root, 0x800, &b, -1);
    assert_flat(&t.as, "0-3ff a, 400-13ff c, 1400-17ff b @c00");

    memory_region_del_subregion(&t.root, &c);
    assert_flat(&t.as, "0-fff a, 1000-17ff b @800");
    memory_region_del_subregion(&t.root, &b);
    assert_flat(&t.as, "0-fff a");
    space_destroy(&t);
    test_region_free(&a);
    test_region_free(&b);
    test_region_free(&c);
}

/* A disabled region is transparent; enabling it brings it back. */
static void test_disable(void)
{
    TestSpace t;
    MemoryRegion low, high;

    space_init(&t, "disable");
    ram_init(&low, "low", 0x2000, 'l');
    ram_init(&high, "high", 0x1000, 'h');
    memory_region_add_subregion(&t.root, 0, &low);
    memory_region_add_subregion_overlap(&t.root, 0x1000, &high, 1);
    g_assert_cmpuint(read_byte(&t.as, 0x1000), ==, 'h');

    memory_region_set_enabled(&high, false);
    assert_flat(&t.as, "0-1fff low");
    g_assert_cmpuint(read_byte(&t.as, 0x1000), ==, 'l');
    memory_region_set_enabled(&high, true);
    assert_flat(&t.as, "0-fff low, 1000-1fff high");

    /* Disabling the container hides everything in it. */
    memory_region_set_enabled(&t.root, false);
    assert_flat(&t.as, "");
    memory_region_set_enabled(&t.root, true);
    assert_flat(&t.as, "0-fff low, 1000-1fff high");
    space_destroy(&t);
    test_region_free(&low);
    test_region_free(&high);
}

static void test_alias(void)
{
    TestSpace t;
    MemoryRegion ram, alias, alias2;
    uint8_t *host;
    unsigned i;

    space_init(&t, "alias");
    g_assert_true(memory_region_init_ram(&ram, NULL, "ram", 0x4000, NULL));
    host = memory_region_get_ram_ptr(&ram);
    for (i = 0; i < 0x4000; i++) {
        host[i] = i >> 8;
    }
    /* ram's 0x1000-0x1fff at 0x8000; the RAM itself is not mapped. */
    memory_region_init_alias(&alias, NULL, "win", &ram, 0x1000, 0x1000);
    memory_region_add_subregion(&t.root, 0x8000, &alias);
    assert_flat(&t.as, "8000-8fff ram @1000");
    g_assert_cmpuint(read_byte(&t.as, 0x8100), ==, 0x11);
    g_assert_true(memory_region_get_ram_ptr(&alias) == host + 0x1000);

    /* An alias of an alias adds the offsets. */
    memory_region_init_alias(&alias2, NULL, "win2", &alias, 0x800, 0x400);
    memory_region_add_subregion_overlap(&t.root, 0x100, &alias2, 2);
    assert_flat(&t.as, "100-4ff ram @1800, 8000-8fff ram @1000");
    g_assert_cmpuint(read_byte(&t.as, 0x4ff), ==, 0x1b);

    /* Writes through the alias reach the target. */
    address_space_write(&t.as, 0x8001, MEMTXATTRS_UNSPECIFIED, "Z", 1);
    g_assert_cmpuint(host[0x1001], ==, 'Z');

    /* Moving the window. */
    memory_region_set_alias_offset(&alias, 0x3000);
    assert_flat(&t.as, "100-4ff ram @3800, 8000-8fff ram @3000");

    /* An alias that starts inside its target's range and runs past its
     * end shows only what the target has (here, nothing of win2). */
    memory_region_set_alias_offset(&alias, 0x3800);
    assert_flat(&t.as, "8000-87ff ram @3800");

    memory_region_del_subregion(&t.root, &alias2);
    memory_region_del_subregion(&t.root, &alias);
    space_destroy(&t);
    test_region_free(&alias2);
    test_region_free(&alias);
    test_region_free(&ram);
}

/* Containers without a background show what is below where they are
 * empty; an I/O region's subregions cover its own ops where they are. */
static void test_containers(void)
{
    TestSpace t;
    MemoryRegion ram, box, inner;
    TestDev *dev = testdev_new(&dev_ops, "dev", 0x100);

    space_init(&t, "boxes");
    ram_init(&ram, "ram", 0x2000, 'r');
    memory_region_init(&box, NULL, "box", 0x2000);
    memory_region_add_subregion(&t.root, 0, &ram);
    memory_region_add_subregion_overlap(&t.root, 0, &box, 1);
    memory_region_add_subregion(&box, 0x1000, &dev->mr);
    assert_flat(&t.as, "0-fff ram, 1000-10ff dev, 1100-1fff ram @1100");

    /* A nested container moves its contents with it. */
    memory_region_del_subregion(&box, &dev->mr);
    memory_region_init(&inner, NULL, "inner", 0x200);
    memory_region_add_subregion(&inner, 0x80, &dev->mr);
    memory_region_add_subregion(&box, 0x400, &inner);
    assert_flat(&t.as, "0-47f ram, 480-57f dev, 580-1fff ram @580");
    memory_region_set_address(&box, 0x1000);
    assert_flat(&t.as, "0-147f ram, 1480-157f dev, 1580-1fff ram @1580");
    /* ... clipped to the container's size. */
    memory_region_set_address(&inner, 0x1f00);
    assert_flat(&t.as, "0-1fff ram, 2f80-2fff dev");

    memory_region_del_subregion(&t.root, &box);
    space_destroy(&t);
    test_region_free(&box);
    memory_region_del_subregion(&inner, &dev->mr);
    test_region_free(&inner);
    test_region_free(&ram);
    testdev_free(dev);
}

/*
 * Deep nesting, as a chain of PCI bridges makes it, renders; a loop of
 * aliases stops at the depth limit with a message instead of taking the
 * process down.
 */
static void test_deep_nesting(void)
{
    enum { DEPTH = 1200 };
    TestSpace t;
    MemoryRegion *boxes = g_new0(MemoryRegion, DEPTH);
    MemoryRegion ram, loop_box, loop_alias;
    int i;

    space_init(&t, "deep");
    ram_init(&ram, "ram", 0x100, 'd');
    for (i = 0; i < DEPTH; i++) {
        memory_region_init(&boxes[i], NULL, "box", 0x1000);
    }
    memory_region_add_subregion(&boxes[DEPTH - 1], 0x10, &ram);
    for (i = DEPTH - 1; i > 0; i--) {
        memory_region_add_subregion(&boxes[i - 1], 0, &boxes[i]);
    }
    memory_region_add_subregion(&t.root, 0x2000, &boxes[0]);
    assert_flat(&t.as, "2010-210f ram");
    g_assert_cmpuint(read_byte(&t.as, 0x2010), ==, 'd');

    /* An alias of the container that holds it. */
    memory_region_init(&loop_box, NULL, "loop-box", 0x1000);
    memory_region_init_alias(&loop_alias, NULL, "loop-alias", &loop_box, 0,
                             0x1000);
    memory_region_add_subregion(&loop_box, 0, &loop_alias);
    memory_region_add_subregion(&t.root, 0x8000, &loop_box);
    assert_flat(&t.as, "2010-210f ram");
    g_assert_cmpuint(read_byte(&t.as, 0x8000), ==, 0);

    memory_region_del_subregion(&t.root, &loop_box);
    memory_region_del_subregion(&loop_box, &loop_alias);
    test_region_free(&loop_alias);
    test_region_free(&loop_box);
    memory_region_del_subregion(&t.root, &boxes[0]);
    space_destroy(&t);
    for (i = 1; i < DEPTH; i++) {
        memory_region_del_subregion(&boxes[i - 1], &boxes[i]);
    }
    memory_region_del_subregion(&boxes[DEPTH - 1], &ram);
    for (i = 0; i < DEPTH; i++) {
        test_region_free(&boxes[i]);
    }
    g_free(boxes);
    test_region_free(&ram);
}

/* An I/O region with subregions: they win where they are, its own ops
 * answer around them (as qemu's "io" region does for ports). */
static void test_io_background(void)
{
    TestSpace t;
    TestDev *bg = testdev_new(&dev_ops, "bg", 0x100);
    TestDev *dev = testdev_new(&dev_ops, "dev", 0x10);
    uint8_t b;

    space_init(&t, "io-bg");
    memory_region_add_subregion(&t.root, 0x100, &bg->mr);
    memory_region_add_subregion(&bg->mr, 0x20, &dev->mr);
    assert_flat(&t.as, "100-11f bg, 120-12f dev, 130-1ff bg @30");
    address_space_read(&t.as, 0x131, MEMTXATTRS_UNSPECIFIED, &b, 1);
    g_assert_cmpuint(b, ==, 0x31);
    address_space_read(&t.as, 0x121, MEMTXATTRS_UNSPECIFIED, &b, 1);
    g_assert_cmpuint(b, ==, 0x01);
    g_free(testdev_take_log(bg));
    g_free(testdev_take_log(dev));

    memory_region_del_subregion(&bg->mr, &dev->mr);
    assert_flat(&t.as, "100-1ff bg");
    memory_region_del_subregion(&t.root, &bg->mr);
    space_destroy(&t);
    testdev_free(dev);
    testdev_free(bg);
}

/* Neighbouring pieces of one region that continue each other are one
 * range; pieces that do not are not. */
static void test_simplify(void)
{
    TestSpace t;
    MemoryRegion ram, hole, a1, a2;

    space_init(&t, "simplify");
    ram_init(&ram, "ram", 0x3000, 0);
    memory_region_init(&hole, NULL, "hole", 0x1000);
    memory_region_add_subregion(&t.root, 0, &ram);
    /* An empty container covers nothing. */
    memory_region_add_subregion_overlap(&t.root, 0x1000, &hole, 1);
    assert_flat(&t.as, "0-2fff ram");

    /* Two aliases that happen to line up make one range... */
    memory_region_del_subregion(&t.root, &ram);
    memory_region_init_alias(&a1, NULL, "a1", &ram, 0, 0x1000);
    memory_region_init_alias(&a2, NULL, "a2", &ram, 0x1000, 0x1000);
    memory_region_add_subregion(&t.root, 0x4000, &a1);
    memory_region_add_subregion(&t.root, 0x5000, &a2);
    assert_flat(&t.as, "4000-5fff ram");
    /* ... and do not once they stop lining up. */
    memory_region_set_alias_offset(&a2, 0x2000);
    assert_flat(&t.as, "4000-4fff ram, 5000-5fff ram @2000");

    memory_region_del_subregion(&t.root, &a1);
    memory_region_del_subregion(&t.root, &a2);
    space_destroy(&t);
    test_region_free(&a1);
    test_region_free(&a2);
    test_region_free(&hole);
    test_region_free(&ram);
}

static void test_size_and_readonly(void)
{
    TestSpace t;
    MemoryRegion ram, ro;
    uint8_t b = 'w';

    space_init(&t, "size");
    ram_init(&ram, "ram", 0x2000, 'r');
    memory_region_add_subregion(&t.root, 0x1000, &ram);
    memory_region_set_size(&ram, 0x800);
    assert_flat(&t.as, "1000-17ff ram");
    g_assert_cmpuint(memory_region_size(&ram), ==, 0x800);
    memory_region_set_size(&ram, 0x2000);
    assert_flat(&t.as, "1000-2fff ram");

    /* A read-only alias: reads work, writes are dropped quietly. */
    memory_region_init_alias(&ro, NULL, "ro", &ram, 0, 0x100);
    memory_region_set_readonly(&ro, true);
    memory_region_add_subregion_overlap(&t.root, 0x8000, &ro, 0);
    assert_flat(&t.as, "1000-2fff ram, 8000-80ff ram ro");
    g_assert_cmpuint(address_space_write(&t.as, 0x8000,
                                         MEMTXATTRS_UNSPECIFIED, &b, 1),
                     ==, MEMTX_OK);
    g_assert_cmpuint(read_byte(&t.as, 0x8000), ==, 'r');
    g_assert_cmpuint(read_byte(&t.as, 0x1000), ==, 'r');

    /* The full 2^64 size is reported as UINT64_MAX. */
    g_assert_cmpuint(memory_region_size(get_system_memory()), ==,
                     UINT64_MAX);
    g_assert_true(get_system_memory()->size_is_max);

    memory_region_del_subregion(&t.root, &ro);
    space_destroy(&t);
    test_region_free(&ro);
    test_region_free(&ram);
}

/* Listeners */

typedef struct TestListener {
    MemoryListener ml;
    GString *log;
} TestListener;

static void tl_begin(MemoryListener *ml)
{
    g_string_append(container_of(ml, TestListener, ml)->log, "begin ");
}

static void tl_commit(MemoryListener *ml)
{
    g_string_append(container_of(ml, TestListener, ml)->log, "commit");
}

static void tl_section(MemoryListener *ml, MemoryRegionSection *s,
                       const char *what)
{
    g_string_append_printf(container_of(ml, TestListener, ml)->log,
                           "%s %s %" PRIx64 "+%" PRIx64 "@%" PRIx64 "%s ",
                           what, memory_region_name(s->mr),
                           s->offset_within_address_space, s->size,
                           s->offset_within_region, s->readonly ? " ro" : "");
}

static void tl_add(MemoryListener *ml, MemoryRegionSection *s)
{
    tl_section(ml, s, "add");
}

static void tl_del(MemoryListener *ml, MemoryRegionSection *s)
{
    tl_section(ml, s, "del");
}

static void tl_init(TestListener *tl)
{
    memset(tl, 0, sizeof(*tl));
    tl->ml.begin = tl_begin;
    tl->ml.commit = tl_commit;
    tl->ml.region_add = tl_add;
    tl->ml.region_del = tl_del;
    tl->ml.name = "test";
    tl->log = g_string_new(NULL);
}

static void tl_expect(TestListener *tl, const char *expected)
{
    g_assert_cmpstr(tl->log->str, ==, expected);
    g_string_truncate(tl->log, 0);
}

typedef struct CountNotifier {
    Notifier n;
    int count;
} CountNotifier;

static void count_notify(Notifier *n, void *data)
{
    container_of(n, CountNotifier, n)->count++;
}

static void test_listener(void)
{
    TestSpace t;
    MemoryRegion a, b, ro;
    TestDev *dev = testdev_new(&dev_ops, "dev", 0x100);
    TestListener tl;
    CountNotifier cn = { .n.notify = count_notify };

    space_init(&t, "listen");
    ram_init(&a, "a", 0x1000, 0);
    ram_init(&b, "b", 0x1000, 0);
    memory_region_add_subregion(&t.root, 0x1000, &a);
    memory_region_add_subregion(&t.root, 0x8000, &dev->mr);
    notifier_list_add(&t.as.listeners_changed, &cn.n);

    /* Registering replays the RAM there is; devices are not RAM. */
    tl_init(&tl);
    memory_listener_register(&tl.ml, &t.as);
    g_assert_true(tl.ml.address_space == &t.as);
    tl_expect(&tl, "begin add a 1000+1000@0 commit");

    memory_region_add_subregion(&t.root, 0x3000, &b);
    tl_expect(&tl, "begin add b 3000+1000@0 commit");
    g_assert_cmpint(cn.count, ==, 1);

    /* Covering part of a: the old range goes, its pieces come. */
    memory_region_set_address(&dev->mr, 0x1800);
    tl_expect(&tl, "begin del a 1000+1000@0 add a 1000+800@0 "
              "add a 1900+700@900 commit");
    memory_region_del_subregion(&t.root, &b);
    tl_expect(&tl, "begin del b 3000+1000@0 commit");
    memory_region_set_address(&dev->mr, 0x9000);
    tl_expect(&tl, "begin del a 1000+800@0 del a 1900+700@900 "
              "add a 1000+1000@0 commit");

    /* Changes to devices only: nothing for the listener, but the view
     * changed. */
    cn.count = 0;
    memory_region_set_address(&dev->mr, 0xa000);
    tl_expect(&tl, "begin commit");
    g_assert_cmpint(cn.count, ==, 1);

    /* A read-only alias says so. */
    memory_region_init_alias(&ro, NULL, "ro", &a, 0x100, 0x100);
    memory_region_set_readonly(&ro, true);
    memory_region_add_subregion_overlap(&t.root, 0x1000, &ro, 1);
    tl_expect(&tl, "begin del a 1000+1000@0 add a 1000+100@100 ro "
              "add a 1100+f00@100 commit");

    /* Unregistering reports everything as gone. */
    memory_listener_unregister(&tl.ml);
    tl_expect(&tl, "begin del a 1000+100@100 ro del a 1100+f00@100 commit");
    g_assert_null(tl.ml.address_space);
    memory_region_del_subregion(&t.root, &ro);
    tl_expect(&tl, "");

    notifier_remove(&cn.n);
    memory_region_del_subregion(&t.root, &dev->mr);
    space_destroy(&t);
    test_region_free(&ro);
    test_region_free(&a);
    test_region_free(&b);
    testdev_free(dev);
    g_string_free(tl.log, true);
}

/* Inside a transaction nothing is rebuilt; the outermost commit
 * rebuilds once. */
static void test_transaction(void)
{
    TestSpace t;
    MemoryRegion a, b;
    TestListener tl;
    FlatView *before;

    space_init(&t, "transaction");
    ram_init(&a, "a", 0x1000, 'a');
    ram_init(&b, "b", 0x1000, 'b');
    tl_init(&tl);
    memory_listener_register(&tl.ml, &t.as);
    tl_expect(&tl, "begin commit");

    before = address_space_view(&t.as);
    memory_region_transaction_begin();
    memory_region_add_subregion(&t.root, 0, &a);
    memory_region_transaction_begin();
    memory_region_add_subregion(&t.root, 0x1000, &b);
    memory_region_set_address(&b, 0x2000);
    memory_region_transaction_commit();
    /* Still the old view, nothing told. */
    g_assert_true(address_space_view(&t.as) == before);
    assert_flat(&t.as, "");
    g_assert_cmpuint(read_byte(&t.as, 0), ==, 0);
    tl_expect(&tl, "");
    memory_region_transaction_commit();
    assert_flat(&t.as, "0-fff a, 2000-2fff b");
    tl_expect(&tl, "begin add a 0+1000@0 add b 2000+1000@0 commit");

    /* A transaction that changes nothing visible tells nobody. */
    memory_region_transaction_begin();
    memory_region_set_enabled(&b, false);
    memory_region_set_enabled(&b, true);
    memory_region_transaction_commit();
    tl_expect(&tl, "");

    memory_listener_unregister(&tl.ml);
    memory_region_del_subregion(&t.root, &a);
    memory_region_del_subregion(&t.root, &b);
    space_destroy(&t);
    test_region_free(&a);
    test_region_free(&b);
    g_string_free(tl.log, true);
}

/* Address spaces whose roots flatten alike share one view. */
static void test_shared_views(void)
{
    TestSpace t;
    MemoryRegion bm_root, bm_alias;
    AddressSpace bm;
    MemoryRegion ram;

    space_init(&t, "cpu");
    ram_init(&ram, "ram", 0x1000, 0);
    memory_region_add_subregion(&t.root, 0, &ram);
    /* A bus-master space: a container with an alias of the whole space,
     * off until bus mastering is enabled. */
    memory_region_init(&bm_root, NULL, "bus master container", SPACE);
    memory_region_init_alias(&bm_alias, NULL, "bus master memory", &t.root,
                             0, SPACE);
    memory_region_set_enabled(&bm_alias, false);
    memory_region_add_subregion(&bm_root, 0, &bm_alias);
    address_space_init(&bm, &bm_root, "dev");
    assert_flat(&bm, "");
    g_assert_false(address_space_view(&bm) == address_space_view(&t.as));

    memory_region_set_enabled(&bm_alias, true);
    assert_flat(&bm, "0-fff ram");
    g_assert_true(address_space_view(&bm) == address_space_view(&t.as));
    g_assert_true(address_space_view(&bm)->root == &ram);

    address_space_destroy(&bm);
    memory_region_del_subregion(&bm_root, &bm_alias);
    test_region_free(&bm_root);
    test_region_free(&bm_alias);
    memory_region_del_subregion(&t.root, &ram);
    space_destroy(&t);
    test_region_free(&ram);
}

/* References */

static void test_refs(void)
{
    TestSpace t;
    Object *owner = object_new(TYPE_CONTAINER);
    MemoryRegion *box = g_new0(MemoryRegion, 1);
    MemoryRegion *ram = g_new0(MemoryRegion, 1);
    MemoryRegion *win = g_new0(MemoryRegion, 1);
    g_autofree char *path = NULL;

    space_init(&t, "refs");
    g_assert_cmpuint(owner->ref, ==, 1);
    memory_region_init(box, owner, "box", 0x2000);
    g_assert_true(memory_region_owner(box) == owner);
    /* The region is its owner's child, "name[N]". */
    g_assert_true(object_resolve_path_component(owner, "box[0]") ==
                  OBJECT(box));
    g_assert_true(memory_region_init_ram(ram, owner, "ram", 0x1000, NULL));
    g_assert_true(object_resolve_path_component(owner, "ram[0]") ==
                  OBJECT(ram));
    /* Regions of one owner do not reference each other... */
    memory_region_add_subregion(box, 0, ram);
    memory_region_init_alias(win, owner, "win", ram, 0, 0x100);
    g_assert_cmpuint(owner->ref, ==, 1);
    /* ... but a foreign container and the flat views do. */
    memory_region_add_subregion(&t.root, 0x4000, box);
    g_assert_cmpuint(owner->ref, >, 1);
    assert_flat(&t.as, "4000-4fff ram");

    memory_region_del_subregion(&t.root, box);
    assert_flat(&t.as, "");
    g_assert_cmpuint(owner->ref, ==, 1);
    /* Dropping the owner takes its regions with it. */
    object_unref(owner);
    space_destroy(&t);
    g_free(box);
    g_free(ram);
    g_free(win);
}

/* RAM blocks */

static void resized_cb(const char *name, uint64_t size, void *host)
{
    *(uint64_t *)host = size;
}

static void test_ram_blocks(void)
{
    MemoryRegion ram, mfd, rs, ptr;
    Error *err = NULL;
    uint8_t *host, *p;
    uint64_t off = 1;
    static uint8_t buf[0x1000];
    int fd;

    ram_init(&ram, "ram", 0x3000, 0);
    host = memory_region_get_ram_ptr(&ram);
    /* Page-aligned, anonymous. */
    g_assert_cmpuint((uintptr_t)host % getpagesize(), ==, 0);
    g_assert_cmpint(memory_region_get_fd(&ram), ==, -1);
    g_assert_true(memory_region_from_host(host + 0x1234, &off) == &ram);
    g_assert_cmpuint(off, ==, 0x1234);
    g_assert_null(memory_region_from_host(&off, NULL));

    /* Caller-owned memory. */
    memory_region_init_ram_ptr(&ptr, NULL, "ptr", sizeof(buf), buf);
    g_assert_true(memory_region_get_ram_ptr(&ptr) == buf);
    g_assert_true(memory_region_from_host(buf + 10, &off) == &ptr);
    g_assert_cmpuint(off, ==, 10);

    /* From an fd at an offset: the region owns the fd afterwards. */
    fd = memfd_create("test", MFD_CLOEXEC);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(ftruncate(fd, 0x3000), ==, 0);
    g_assert_cmpint(pwrite(fd, "hello", 5, 0x1000), ==, 5);
    g_assert_true(memory_region_init_ram_from_fd(&mfd, NULL, "mfd", 0x2000,
                                                 true, fd, 0x1000, false,
                                                 &err));
    g_assert_null(err);
    g_assert_cmpint(memory_region_get_fd(&mfd), ==, fd);
    g_assert_cmpuint(memory_region_get_fd_offset(&mfd), ==, 0x1000);
    p = memory_region_get_ram_ptr(&mfd);
    g_assert_cmpmem(p, 5, "hello", 5);
    memcpy(p + 8, "shared", 6);
    {
        char back[6];

        g_assert_cmpint(pread(fd, back, 6, 0x1008), ==, 6);
        g_assert_cmpmem(back, 6, "shared", 6);
    }

    /* A file too short for the mapping, and a misaligned offset. */
    fd = memfd_create("short", MFD_CLOEXEC);
    g_assert_cmpint(ftruncate(fd, 0x1000), ==, 0);
    g_assert_false(memory_region_init_ram_from_fd(&rs, NULL, "short", 0x2000,
                                                  true, fd, 0, false, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "backing store size 0x1000 "
                    "does not match 'size' option 0x2000");
    g_clear_pointer(&err, error_free);
    g_assert_false(memory_region_init_ram_from_fd(&rs, NULL, "odd", 0x1000,
                                                  true, fd, 0x10, false,
                                                  &err));
    g_assert_nonnull(err);
    g_clear_pointer(&err, error_free);
    close(fd);

    /* Resizable RAM: grows and shrinks up to its maximum; what shrank
     * away reads as zero when it comes back. */
    g_assert_true(memory_region_init_resizeable_ram(&rs, NULL, "rs", 0x1000,
                                                    0x4000, resized_cb,
                                                    &err));
    p = memory_region_get_ram_ptr(&rs);
    g_assert_true(memory_region_ram_resize(&rs, 0x3000, &err));
    g_assert_cmpuint(*(uint64_t *)p, ==, 0x3000);
    g_assert_cmpuint(memory_region_size(&rs), ==, 0x3000);
    p[0x2000] = 0x77;
    g_assert_true(memory_region_ram_resize(&rs, 0x2000, &err));
    g_assert_true(memory_region_ram_resize(&rs, 0x3000, &err));
    g_assert_cmpuint(p[0x2000], ==, 0);
    g_assert_false(memory_region_ram_resize(&rs, 0x5000, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "maximum"));
    g_clear_pointer(&err, error_free);
    /* Fixed-size RAM does not resize. */
    g_assert_false(memory_region_ram_resize(&ram, 0x1000, &err));
    g_assert_nonnull(err);
    g_clear_pointer(&err, error_free);
    g_assert_true(memory_region_ram_resize(&ram, 0x3000, &err));

    test_region_free(&rs);
    test_region_free(&mfd);
    test_region_free(&ptr);
    test_region_free(&ram);
    /* Freed blocks are forgotten. */
    g_assert_null(memory_region_from_host(buf + 10, NULL));
}

/* "info mtree" */

static void test_mtree(void)
{
    TestSpace t;
    MemoryRegion ram, alias, off, child;
    TestDev *dev = testdev_new(&dev_ops, "dev", 0x100);
    g_autoptr(GString) out = g_string_new(NULL);

    space_init(&t, "mtree-test");
    ram_init(&ram, "mtree-ram", 0x2000, 0);
    memory_region_init_alias(&alias, NULL, "mtree-alias", &ram, 0x1000,
                             0x1000);
    memory_region_init(&off, NULL, "mtree-off", 0x100);
    memory_region_init(&child, NULL, "mtree-child", 0x10);
    memory_region_add_subregion(&off, 0x20, &child);
    memory_region_set_enabled(&off, false);
    memory_region_add_subregion_overlap(&t.root, 0x8000, &alias, 2);
    memory_region_add_subregion(&t.root, 0x100, &dev->mr);
    memory_region_add_subregion_overlap(&t.root, 0x100, &off, -1);

    mtree_info(out, false);
    /* Sorted by address; equal addresses by precedence; the disabled
     * container's line is left out but not its child. */
    g_assert_nonnull(strstr(out->str,
        "address-space: mtree-test\n"
        "  0000000000000000-000000000000ffff (prio 0, i/o): root\n"
        "    0000000000000100-00000000000001ff (prio 0, i/o): dev\n"
        "      0000000000000120-000000000000012f (prio 0, i/o): "
        "mtree-child\n"
        "    0000000000008000-0000000000008fff (prio 2, ram): alias "
        "mtree-alias @mtree-ram 0000000000001000-0000000000001fff\n\n"));
    g_assert_nonnull(strstr(out->str,
        "memory-region: mtree-ram\n"
        "  0000000000000000-0000000000001fff (prio 0, ram): mtree-ram\n\n"));
    /* The CPU's spaces are there too. */
    g_assert_nonnull(strstr(out->str,
        "address-space: I/O\n"
        "  0000000000000000-000000000000ffff (prio 0, i/o): io\n\n"));

    g_string_truncate(out, 0);
    mtree_info(out, true);
    g_assert_nonnull(strstr(out->str,
        " AS \"mtree-test\", root: root\n"
        " Root memory region: root\n"
        "  0000000000000100-00000000000001ff (prio 0, i/o): dev\n"
        "  0000000000008000-0000000000008fff (prio 0, ram): mtree-ram "
        "@0000000000001000\n\n"));
    g_assert_nonnull(strstr(out->str,
        " AS \"memory\", root: system\n"
        " Root memory region: (none)\n"
        "  No rendered FlatView\n\n"));

    memory_region_del_subregion(&t.root, &alias);
    memory_region_del_subregion(&t.root, &dev->mr);
    memory_region_del_subregion(&t.root, &off);
    memory_region_del_subregion(&off, &child);
    space_destroy(&t);
    test_region_free(&alias);
    test_region_free(&ram);
    test_region_free(&off);
    test_region_free(&child);
    testdev_free(dev);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);

    g_test_add_func("/memory/flat/empty", test_empty);
    g_test_add_func("/memory/flat/ram", test_ram);
    g_test_add_func("/memory/flat/priority", test_priority);
    g_test_add_func("/memory/flat/disable", test_disable);
    g_test_add_func("/memory/flat/alias", test_alias);
    g_test_add_func("/memory/flat/containers", test_containers);
    g_test_add_func("/memory/flat/deep-nesting", test_deep_nesting);
    g_test_add_func("/memory/flat/io-background", test_io_background);
    g_test_add_func("/memory/flat/simplify", test_simplify);
    g_test_add_func("/memory/flat/size-readonly", test_size_and_readonly);
    g_test_add_func("/memory/flat/shared-views", test_shared_views);
    g_test_add_func("/memory/listener", test_listener);
    g_test_add_func("/memory/transaction", test_transaction);
    g_test_add_func("/memory/refs", test_refs);
    g_test_add_func("/memory/ram-blocks", test_ram_blocks);
    g_test_add_func("/memory/mtree", test_mtree);
    return g_test_run();
}
