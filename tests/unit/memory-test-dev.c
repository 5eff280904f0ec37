/*
 * The recording I/O region and flat view description used by the memory
 * API unit tests (see memory-test-dev.h).
 */
#include "util/osdep.h"
#include "system/memory-internal.h"
#include "memory-test-dev.h"

static bool testdev_big_endian(TestDev *d)
{
    return d->mr.ops->endianness == DEVICE_BIG_ENDIAN;
}

uint64_t testdev_read(void *opaque, hwaddr addr, unsigned size)
{
    TestDev *d = opaque;
    bool be = testdev_big_endian(d);
    uint64_t v = 0;
    unsigned i;

    g_string_append_printf(d->log, "r%u@%" PRIx64 " ", size, addr);
    g_assert_cmpuint(addr + size, <=, TESTDEV_REGS);
    if (d->fixed) {
        return d->fixed_value;
    }
    for (i = 0; i < size; i++) {
        v |= (uint64_t)d->regs[addr + i] << ((be ? size - 1 - i : i) * 8);
    }
    return v;
}

void testdev_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    TestDev *d = opaque;
    bool be = testdev_big_endian(d);
    unsigned i;

    g_string_append_printf(d->log, "w%u@%" PRIx64 "=%" PRIx64 " ", size,
                           addr, val);
    g_assert_cmpuint(addr + size, <=, TESTDEV_REGS);
    d->last_write = val;
    if (d->fixed) {
        return;
    }
    for (i = 0; i < size; i++) {
        d->regs[addr + i] = val >> ((be ? size - 1 - i : i) * 8);
    }
}

MemTxResult testdev_read_attrs(void *opaque, hwaddr addr, uint64_t *val,
                               unsigned size, MemTxAttrs attrs)
{
    TestDev *d = opaque;

    *val = testdev_read(opaque, addr, size);
    return d->result;
}

MemTxResult testdev_write_attrs(void *opaque, hwaddr addr, uint64_t val,
                                unsigned size, MemTxAttrs attrs)
{
    TestDev *d = opaque;

    testdev_write(opaque, addr, val, size);
    return d->result;
}

bool testdev_accepts(void *opaque, hwaddr addr, unsigned size,
                     bool is_write, MemTxAttrs attrs)
{
    TestDev *d = opaque;

    return addr != d->refuse_addr;
}

TestDev *testdev_new(const MemoryRegionOps *ops, const char *name,
                     uint64_t size)
{
    TestDev *d = g_new0(TestDev, 1);
    unsigned i;

    for (i = 0; i < TESTDEV_REGS; i++) {
        d->regs[i] = i;
    }
    d->log = g_string_new(NULL);
    d->refuse_addr = ~(hwaddr)0;
    memory_region_init_io(&d->mr, NULL, ops, d, name, size);
    return d;
}

void testdev_free(TestDev *d)
{
    g_assert(!d->mr.container);
    object_unref(OBJECT(&d->mr));
    g_string_free(d->log, true);
    g_free(d);
}

char *testdev_take_log(TestDev *d)
{
    char *s = g_strdup(d->log->str);

    g_string_truncate(d->log, 0);
    return g_strstrip(s);
}

char *flat_describe(AddressSpace *as)
{
    FlatView *fv = address_space_view(as);
    GString *s = g_string_new(NULL);
    unsigned i;

    for (i = 0; i < fv->nr; i++) {
        const FlatRange *fr = &fv->ranges[i];

        g_string_append_printf(s, "%s%" PRIx64 "-%" PRIx64 " %s",
                               i ? ", " : "", (uint64_t)fr->start,
                               (uint64_t)(fr->start + fr->size - 1),
                               memory_region_name(fr->mr));
        if (fr->offset_in_region) {
            g_string_append_printf(s, " @%" PRIx64, fr->offset_in_region);
        }
        if (fr->readonly) {
            g_string_append(s, " ro");
        }
    }
    return g_string_free(s, false);
}

void test_region_free(MemoryRegion *mr)
{
    g_assert(!mr->container);
    object_unref(OBJECT(mr));
}
