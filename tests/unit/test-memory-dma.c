/*
 * Unit tests of the DMA helpers: reads, writes and fills through an
 * address space, guest addresses and lengths that overflow, ranges that
 * are partly unassigned, access checks, mapping, and single values in
 * both byte orders.
 */
#include "util/osdep.h"
#include "util/module.h"
#include "system/dma.h"
#include "memory-test-dev.h"

#define ATTRS MEMTXATTRS_UNSPECIFIED
#define RAM_SIZE 0x1000
/* The RAM sits at the very top of the 64-bit space, so that accesses
 * that run past 2^64 have something to wrap onto if they wrongly did. */
#define TOP_RAM (UINT64_MAX - RAM_SIZE + 1)

typedef struct DmaSpace {
    MemoryRegion root;
    MemoryRegion low;       /* RAM at 0 */
    MemoryRegion high;      /* RAM at TOP_RAM */
    MemoryRegion rom;       /* ROM at 0x10000 */
    AddressSpace as;
} DmaSpace;

static void dma_space_init(DmaSpace *s)
{
    memory_region_init(&s->root, NULL, "root", UINT64_MAX);
    g_assert_true(memory_region_init_ram(&s->low, NULL, "low", RAM_SIZE,
                                         NULL));
    g_assert_true(memory_region_init_ram(&s->high, NULL, "high", RAM_SIZE,
                                         NULL));
    g_assert_true(memory_region_init_rom(&s->rom, NULL, "rom", RAM_SIZE,
                                         NULL));
    memory_region_add_subregion(&s->root, 0, &s->low);
    memory_region_add_subregion(&s->root, TOP_RAM, &s->high);
    memory_region_add_subregion(&s->root, 0x10000, &s->rom);
    address_space_init(&s->as, &s->root, "dma");
}

static void dma_space_destroy(DmaSpace *s)
{
    address_space_destroy(&s->as);
    test_region_free(&s->root);
    test_region_free(&s->low);
    test_region_free(&s->high);
    test_region_free(&s->rom);
}

static uint8_t *host(MemoryRegion *mr)
{
    return memory_region_get_ram_ptr(mr);
}

static void test_read_write(void)
{
    DmaSpace s;
    uint8_t buf[16];

    dma_space_init(&s);
    g_assert_cmpuint(dma_memory_write(&s.as, 0x100, "descriptor", 10, ATTRS),
                     ==, MEMTX_OK);
    g_assert_cmpmem(host(&s.low) + 0x100, 10, "descriptor", 10);
    g_assert_cmpuint(dma_memory_read(&s.as, 0x102, buf, 6, ATTRS), ==,
                     MEMTX_OK);
    g_assert_cmpmem(buf, 6, "script", 6);
    g_assert_cmpuint(dma_memory_rw(&s.as, 0x200, "xy", 2,
                                   DMA_DIRECTION_FROM_DEVICE, ATTRS), ==,
                     MEMTX_OK);
    g_assert_cmpuint(dma_memory_rw(&s.as, 0x200, buf, 2,
                                   DMA_DIRECTION_TO_DEVICE, ATTRS), ==,
                     MEMTX_OK);
    g_assert_cmpmem(buf, 2, "xy", 2);
    /* The last byte of the space is reachable. */
    g_assert_cmpuint(dma_memory_write(&s.as, UINT64_MAX, "!", 1, ATTRS), ==,
                     MEMTX_OK);
    g_assert_cmpuint(host(&s.high)[RAM_SIZE - 1], ==, '!');
    dma_space_destroy(&s);
}

/* addr + len past 2^64: refused whole, nothing touched. */
static void test_overflow(void)
{
    DmaSpace s;
    uint8_t buf[16];
    uint64_t q = 0x1234;
    uint32_t l = 0x5678;

    dma_space_init(&s);
    memset(host(&s.high), 'h', RAM_SIZE);
    memset(host(&s.low), 'l', RAM_SIZE);
    memset(buf, 'b', sizeof(buf));

    g_assert_cmpuint(dma_memory_read(&s.as, UINT64_MAX - 3, buf, 8, ATTRS),
                     ==, MEMTX_DECODE_ERROR);
    g_assert_cmpmem(buf, 8, "bbbbbbbb", 8);
    g_assert_cmpuint(dma_memory_write(&s.as, UINT64_MAX - 3, "12345678", 8,
                                      ATTRS), ==, MEMTX_DECODE_ERROR);
    g_assert_cmpmem(host(&s.high) + RAM_SIZE - 4, 4, "hhhh", 4);
    g_assert_cmpmem(host(&s.low), 4, "llll", 4);
    g_assert_cmpuint(dma_memory_set(&s.as, 2, 0, UINT64_MAX, ATTRS), ==,
                     MEMTX_DECODE_ERROR);
    g_assert_cmpuint(host(&s.low)[2], ==, 'l');
    g_assert_false(dma_memory_valid(&s.as, TOP_RAM, UINT64_MAX,
                                    DMA_DIRECTION_TO_DEVICE, ATTRS));
    /* A huge length from a guest descriptor. */
    g_assert_cmpuint(dma_memory_read(&s.as, 0x100, buf, UINT64_MAX, ATTRS),
                     ==, MEMTX_DECODE_ERROR);
    g_assert_cmpmem(buf, 8, "bbbbbbbb", 8);

    /* Single values too; what they return is zero. */
    g_assert_cmpuint(ldq_le_dma(&s.as, UINT64_MAX - 6, &q, ATTRS), ==,
                     MEMTX_DECODE_ERROR);
    g_assert_cmphex(q, ==, 0);
    g_assert_cmpuint(ldl_be_dma(&s.as, UINT64_MAX - 1, &l, ATTRS), ==,
                     MEMTX_DECODE_ERROR);
    g_assert_cmphex(l, ==, 0);
    g_assert_cmpuint(stl_le_dma(&s.as, UINT64_MAX - 1, 0, ATTRS), ==,
                     MEMTX_DECODE_ERROR);
    g_assert_cmpmem(host(&s.high) + RAM_SIZE - 2, 2, "hh", 2);

    /* Zero bytes at the very end are fine. */
    g_assert_cmpuint(dma_memory_read(&s.as, UINT64_MAX, buf, 0, ATTRS), ==,
                     MEMTX_OK);
    g_assert_true(dma_memory_valid(&s.as, UINT64_MAX, 0,
                                   DMA_DIRECTION_FROM_DEVICE, ATTRS));
    dma_space_destroy(&s);
}

/* Partly unassigned: the RAM part happens, the rest reads as zero. */
static void test_partial(void)
{
    DmaSpace s;
    uint8_t buf[16];

    dma_space_init(&s);
    memset(host(&s.low), 'l', RAM_SIZE);
    memset(buf, 'b', sizeof(buf));
    g_assert_cmpuint(dma_memory_read(&s.as, RAM_SIZE - 4, buf, 8, ATTRS), ==,
                     MEMTX_DECODE_ERROR);
    g_assert_cmpmem(buf, 8, "llll\0\0\0\0", 8);
    g_assert_cmpuint(dma_memory_write(&s.as, RAM_SIZE - 2, "wxyz", 4, ATTRS),
                     ==, MEMTX_DECODE_ERROR);
    g_assert_cmpmem(host(&s.low) + RAM_SIZE - 2, 2, "wx", 2);
    g_assert_cmpuint(dma_memory_set(&s.as, RAM_SIZE - 1, 0, 2, ATTRS), ==,
                     MEMTX_DECODE_ERROR);
    g_assert_cmpuint(host(&s.low)[RAM_SIZE - 1], ==, 0);
    g_assert_false(dma_memory_valid(&s.as, RAM_SIZE - 4, 8,
                                    DMA_DIRECTION_TO_DEVICE, ATTRS));
    g_assert_true(dma_memory_valid(&s.as, RAM_SIZE - 4, 4,
                                   DMA_DIRECTION_FROM_DEVICE, ATTRS));
    dma_space_destroy(&s);
}

static void test_rom_direction(void)
{
    DmaSpace s;
    uint8_t b = 0;

    dma_space_init(&s);
    host(&s.rom)[0] = 'R';
    g_assert_true(dma_memory_valid(&s.as, 0x10000, 16,
                                   DMA_DIRECTION_TO_DEVICE, ATTRS));
    g_assert_false(dma_memory_valid(&s.as, 0x10000, 16,
                                    DMA_DIRECTION_FROM_DEVICE, ATTRS));
    g_assert_cmpuint(ldub_dma(&s.as, 0x10000, &b, ATTRS), ==, MEMTX_OK);
    g_assert_cmpuint(b, ==, 'R');
    g_assert_cmpuint(stb_dma(&s.as, 0x10000, 'W', ATTRS), ==, MEMTX_OK);
    g_assert_cmpuint(host(&s.rom)[0], ==, 'R');
    dma_space_destroy(&s);
}

static void test_values(void)
{
    DmaSpace s;
    uint8_t *p;
    uint16_t w;
    uint32_t l;
    uint64_t q;

    dma_space_init(&s);
    p = host(&s.low);
    g_assert_cmpuint(stw_le_dma(&s.as, 0x10, 0x1234, ATTRS), ==, MEMTX_OK);
    g_assert_cmpuint(stw_be_dma(&s.as, 0x12, 0x1234, ATTRS), ==, MEMTX_OK);
    g_assert_cmpmem(p + 0x10, 4, "\x34\x12\x12\x34", 4);
    g_assert_cmpuint(stl_le_dma(&s.as, 0x20, 0x11223344, ATTRS), ==,
                     MEMTX_OK);
    g_assert_cmpuint(stl_be_dma(&s.as, 0x24, 0x11223344, ATTRS), ==,
                     MEMTX_OK);
    g_assert_cmpmem(p + 0x20, 8, "\x44\x33\x22\x11\x11\x22\x33\x44", 8);
    g_assert_cmpuint(stq_le_dma(&s.as, 0x30, 0x0102030405060708ULL, ATTRS),
                     ==, MEMTX_OK);
    g_assert_cmpuint(stq_be_dma(&s.as, 0x38, 0x0102030405060708ULL, ATTRS),
                     ==, MEMTX_OK);
    g_assert_cmpmem(p + 0x30, 16, "\x08\x07\x06\x05\x04\x03\x02\x01"
                    "\x01\x02\x03\x04\x05\x06\x07\x08", 16);
    g_assert_cmpuint(stb_dma(&s.as, 0x40, 0xee, ATTRS), ==, MEMTX_OK);
    g_assert_cmpuint(p[0x40], ==, 0xee);

    g_assert_cmpuint(lduw_le_dma(&s.as, 0x12, &w, ATTRS), ==, MEMTX_OK);
    g_assert_cmphex(w, ==, 0x3412);
    g_assert_cmpuint(lduw_be_dma(&s.as, 0x12, &w, ATTRS), ==, MEMTX_OK);
    g_assert_cmphex(w, ==, 0x1234);
    g_assert_cmpuint(ldl_le_dma(&s.as, 0x24, &l, ATTRS), ==, MEMTX_OK);
    g_assert_cmphex(l, ==, 0x44332211);
    g_assert_cmpuint(ldl_be_dma(&s.as, 0x24, &l, ATTRS), ==, MEMTX_OK);
    g_assert_cmphex(l, ==, 0x11223344);
    g_assert_cmpuint(ldq_le_dma(&s.as, 0x30, &q, ATTRS), ==, MEMTX_OK);
    g_assert_cmphex(q, ==, 0x0102030405060708ULL);
    g_assert_cmpuint(ldq_be_dma(&s.as, 0x30, &q, ATTRS), ==, MEMTX_OK);
    g_assert_cmphex(q, ==, 0x0807060504030201ULL);

    /* Unaligned and straddling the end of RAM. */
    g_assert_cmpuint(ldl_le_dma(&s.as, 0x21, &l, ATTRS), ==, MEMTX_OK);
    g_assert_cmphex(l, ==, 0x11112233);
    memset(p + RAM_SIZE - 2, 0xaa, 2);
    g_assert_cmpuint(ldl_le_dma(&s.as, RAM_SIZE - 2, &l, ATTRS), ==,
                     MEMTX_DECODE_ERROR);
    g_assert_cmphex(l, ==, 0xaaaa);
    dma_space_destroy(&s);
}

static void test_map(void)
{
    DmaSpace s;
    dma_addr_t len = 0x100;
    void *p;

    dma_space_init(&s);
    p = dma_memory_map(&s.as, RAM_SIZE - 0x10, &len,
                       DMA_DIRECTION_FROM_DEVICE, ATTRS);
    g_assert_true(p == host(&s.low) + RAM_SIZE - 0x10);
    g_assert_cmpuint(len, ==, 0x10);
    dma_memory_unmap(&s.as, p, len, DMA_DIRECTION_FROM_DEVICE, len);

    len = 0x10;
    g_assert_null(dma_memory_map(&s.as, 0x10000, &len,
                                 DMA_DIRECTION_FROM_DEVICE, ATTRS));
    len = 0x10;
    g_assert_nonnull(dma_memory_map(&s.as, 0x10000, &len,
                                    DMA_DIRECTION_TO_DEVICE, ATTRS));
    len = 0x10;
    g_assert_null(dma_memory_map(&s.as, UINT64_MAX - 1, &len,
                                 DMA_DIRECTION_TO_DEVICE, ATTRS));
    g_assert_cmpuint(len, ==, 0);
    len = 0x10;
    g_assert_null(dma_memory_map(&s.as, 0x8000, &len,
                                 DMA_DIRECTION_TO_DEVICE, ATTRS));
    dma_space_destroy(&s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);

    g_test_add_func("/memory/dma/read-write", test_read_write);
    g_test_add_func("/memory/dma/overflow", test_overflow);
    g_test_add_func("/memory/dma/partial", test_partial);
    g_test_add_func("/memory/dma/rom", test_rom_direction);
    g_test_add_func("/memory/dma/values", test_values);
    g_test_add_func("/memory/dma/map", test_map);
    return g_test_run();
}
