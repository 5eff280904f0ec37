/*
 * DMA helpers: how a device reads and writes guest memory through the
 * address space it masters (its PCI bus-master space, or system memory).
 *
 * Addresses and lengths come from the guest and are not trusted: an
 * access whose end would wrap past the top of the 64-bit space is
 * refused whole (MEMTX_DECODE_ERROR, nothing read or written, a read
 * buffer left untouched).  Otherwise every byte goes where the address
 * space sends it; bytes that reach nothing are dropped on writes and
 * read as zero, and the result says MEMTX_DECODE_ERROR.  Devices check
 * the result and report a DMA error to the guest as their hardware
 * would.
 *
 * The ld*_dma / st*_dma helpers access one little- (_le_) or big-endian
 * (_be_) value; their result is that of the underlying access.
 */
#ifndef SYSTEM_DMA_H
#define SYSTEM_DMA_H

#include "system/memory.h"

typedef uint64_t dma_addr_t;
#define DMA_ADDR_FMT "%" PRIx64

typedef enum DMADirection {
    DMA_DIRECTION_TO_DEVICE = 0,    /* the device reads guest memory */
    DMA_DIRECTION_FROM_DEVICE = 1,  /* the device writes guest memory */
} DMADirection;

/* Whether [addr, addr+len) lies inside the 64-bit space (len 0 does). */
static inline bool dma_range_ok(dma_addr_t addr, dma_addr_t len)
{
    return len == 0 || addr + (len - 1) >= addr;
}

MemTxResult dma_memory_rw(AddressSpace *as, dma_addr_t addr, void *buf,
                          dma_addr_t len, DMADirection dir, MemTxAttrs attrs);
MemTxResult dma_memory_read(AddressSpace *as, dma_addr_t addr, void *buf,
                            dma_addr_t len, MemTxAttrs attrs);
MemTxResult dma_memory_write(AddressSpace *as, dma_addr_t addr,
                             const void *buf, dma_addr_t len,
                             MemTxAttrs attrs);
/* Fill [addr, addr+len) with @c. */
MemTxResult dma_memory_set(AddressSpace *as, dma_addr_t addr, uint8_t c,
                           dma_addr_t len, MemTxAttrs attrs);
/* Whether the whole range can be accessed in direction @dir. */
bool dma_memory_valid(AddressSpace *as, dma_addr_t addr, dma_addr_t len,
                      DMADirection dir, MemTxAttrs attrs);

/*
 * A host pointer to as much of [addr, addr+*len) as is contiguous RAM
 * (*len is shortened), or NULL; see address_space_map().
 */
void *dma_memory_map(AddressSpace *as, dma_addr_t addr, dma_addr_t *len,
                     DMADirection dir, MemTxAttrs attrs);
void dma_memory_unmap(AddressSpace *as, void *buffer, dma_addr_t len,
                      DMADirection dir, dma_addr_t access_len);

MemTxResult ldub_dma(AddressSpace *as, dma_addr_t addr, uint8_t *pval,
                     MemTxAttrs attrs);
MemTxResult lduw_le_dma(AddressSpace *as, dma_addr_t addr, uint16_t *pval,
                        MemTxAttrs attrs);
MemTxResult ldl_le_dma(AddressSpace *as, dma_addr_t addr, uint32_t *pval,
                       MemTxAttrs attrs);
MemTxResult ldq_le_dma(AddressSpace *as, dma_addr_t addr, uint64_t *pval,
                       MemTxAttrs attrs);
MemTxResult lduw_be_dma(AddressSpace *as, dma_addr_t addr, uint16_t *pval,
                        MemTxAttrs attrs);
MemTxResult ldl_be_dma(AddressSpace *as, dma_addr_t addr, uint32_t *pval,
                       MemTxAttrs attrs);
MemTxResult ldq_be_dma(AddressSpace *as, dma_addr_t addr, uint64_t *pval,
                       MemTxAttrs attrs);

MemTxResult stb_dma(AddressSpace *as, dma_addr_t addr, uint8_t val,
                    MemTxAttrs attrs);
MemTxResult stw_le_dma(AddressSpace *as, dma_addr_t addr, uint16_t val,
                       MemTxAttrs attrs);
MemTxResult stl_le_dma(AddressSpace *as, dma_addr_t addr, uint32_t val,
                       MemTxAttrs attrs);
MemTxResult stq_le_dma(AddressSpace *as, dma_addr_t addr, uint64_t val,
                       MemTxAttrs attrs);
MemTxResult stw_be_dma(AddressSpace *as, dma_addr_t addr, uint16_t val,
                       MemTxAttrs attrs);
MemTxResult stl_be_dma(AddressSpace *as, dma_addr_t addr, uint32_t val,
                       MemTxAttrs attrs);
MemTxResult stq_be_dma(AddressSpace *as, dma_addr_t addr, uint64_t val,
                       MemTxAttrs attrs);

#endif
