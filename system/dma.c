/*
 * DMA helpers for devices: bounds-checked reads, writes and fills of
 * guest memory through an address space, and single values in either
 * byte order (see include/system/dma.h).
 */
#include "util/osdep.h"
#include "system/dma.h"

MemTxResult dma_memory_rw(AddressSpace *as, dma_addr_t addr, void *buf,
                          dma_addr_t len, DMADirection dir, MemTxAttrs attrs)
{
    if (!dma_range_ok(addr, len)) {
        return MEMTX_DECODE_ERROR;
    }
    return address_space_rw(as, addr, attrs, buf, len,
                            dir == DMA_DIRECTION_FROM_DEVICE);
}

MemTxResult dma_memory_read(AddressSpace *as, dma_addr_t addr, void *buf,
                            dma_addr_t len, MemTxAttrs attrs)
{
    return dma_memory_rw(as, addr, buf, len, DMA_DIRECTION_TO_DEVICE, attrs);
}

MemTxResult dma_memory_write(AddressSpace *as, dma_addr_t addr,
                             const void *buf, dma_addr_t len,
                             MemTxAttrs attrs)
{
    if (!dma_range_ok(addr, len)) {
        return MEMTX_DECODE_ERROR;
    }
    return address_space_write(as, addr, attrs, buf, len);
}

MemTxResult dma_memory_set(AddressSpace *as, dma_addr_t addr, uint8_t c,
                           dma_addr_t len, MemTxAttrs attrs)
{
    if (!dma_range_ok(addr, len)) {
        return MEMTX_DECODE_ERROR;
    }
    return address_space_set(as, addr, c, len, attrs);
}

bool dma_memory_valid(AddressSpace *as, dma_addr_t addr, dma_addr_t len,
                      DMADirection dir, MemTxAttrs attrs)
{
    return dma_range_ok(addr, len) &&
           address_space_access_valid(as, addr, len,
                                      dir == DMA_DIRECTION_FROM_DEVICE,
                                      attrs);
}

void *dma_memory_map(AddressSpace *as, dma_addr_t addr, dma_addr_t *len,
                     DMADirection dir, MemTxAttrs attrs)
{
    if (!dma_range_ok(addr, *len)) {
        *len = 0;
        return NULL;
    }
    return address_space_map(as, addr, len, dir == DMA_DIRECTION_FROM_DEVICE,
                             attrs);
}

void dma_memory_unmap(AddressSpace *as, void *buffer, dma_addr_t len,
                      DMADirection dir, dma_addr_t access_len)
{
    address_space_unmap(as, buffer, len, dir == DMA_DIRECTION_FROM_DEVICE,
                        access_len);
}

/* Single values: @n bytes in address order and the number they hold. */

static uint64_t from_bytes(const uint8_t *b, unsigned n, bool be)
{
    uint64_t v = 0;
    unsigned i;

    for (i = 0; i < n; i++) {
        v |= (uint64_t)b[i] << ((be ? n - 1 - i : i) * 8);
    }
    return v;
}

static void to_bytes(uint64_t v, uint8_t *b, unsigned n, bool be)
{
    unsigned i;

    for (i = 0; i < n; i++) {
        b[i] = v >> ((be ? n - 1 - i : i) * 8);
    }
}

static MemTxResult dma_load(AddressSpace *as, dma_addr_t addr, unsigned n,
                            bool be, uint64_t *val, MemTxAttrs attrs)
{
    uint8_t b[8] = { 0 };
    MemTxResult r = dma_memory_read(as, addr, b, n, attrs);

    *val = from_bytes(b, n, be);
    return r;
}

static MemTxResult dma_store(AddressSpace *as, dma_addr_t addr, unsigned n,
                             bool be, uint64_t val, MemTxAttrs attrs)
{
    uint8_t b[8];

    to_bytes(val, b, n, be);
    return dma_memory_write(as, addr, b, n, attrs);
}

#define DEFINE_DMA_LD(name, type, n, be) \
    MemTxResult name(AddressSpace *as, dma_addr_t addr, type *pval, \
                     MemTxAttrs attrs) \
    { \
        uint64_t v; \
        MemTxResult r = dma_load(as, addr, n, be, &v, attrs); \
        *pval = v; \
        return r; \
    }

#define DEFINE_DMA_ST(name, type, n, be) \
    MemTxResult name(AddressSpace *as, dma_addr_t addr, type val, \
                     MemTxAttrs attrs) \
    { \
        return dma_store(as, addr, n, be, val, attrs); \
    }

DEFINE_DMA_LD(ldub_dma, uint8_t, 1, false)
DEFINE_DMA_LD(lduw_le_dma, uint16_t, 2, false)
DEFINE_DMA_LD(ldl_le_dma, uint32_t, 4, false)
DEFINE_DMA_LD(ldq_le_dma, uint64_t, 8, false)
DEFINE_DMA_LD(lduw_be_dma, uint16_t, 2, true)
DEFINE_DMA_LD(ldl_be_dma, uint32_t, 4, true)
DEFINE_DMA_LD(ldq_be_dma, uint64_t, 8, true)

DEFINE_DMA_ST(stb_dma, uint8_t, 1, false)
DEFINE_DMA_ST(stw_le_dma, uint16_t, 2, false)
DEFINE_DMA_ST(stl_le_dma, uint32_t, 4, false)
DEFINE_DMA_ST(stq_le_dma, uint64_t, 8, false)
DEFINE_DMA_ST(stw_be_dma, uint16_t, 2, true)
DEFINE_DMA_ST(stl_be_dma, uint32_t, 4, true)
DEFINE_DMA_ST(stq_be_dma, uint64_t, 8, true)
