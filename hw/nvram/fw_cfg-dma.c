/*
 * fw_cfg DMA: the DMA address register and the transfers it starts
 * (shared/specs/fw_cfg.rst, "Guest-side DMA Interface").
 *
 * The guest writes the guest-physical address of a 16-byte big-endian
 * FWCfgDmaAccess { control, length, address } to the register; writing
 * its low half (or the whole register at once) runs the request, which
 * may select an item and then read, skip or write bytes at the current
 * offset.  Control is written back: 0 on success, the error bit if the
 * request was bad.
 *
 * Everything in the descriptor comes from the guest.  A request is
 * checked whole before anything moves: the descriptor and the target
 * range must be RAM of the DMA address space, the range must not wrap,
 * a write must fit inside a writable item.  Bytes move by mapping the
 * guest's RAM and copying in as few pieces as the RAM layout allows, so
 * a large transfer runs at memory speed and a hostile length costs
 * nothing but the check.
 */
#include "util/osdep.h"
#include "hw/nvram/fw_cfg.h"
#include "system/dma.h"

/* The register: 8 bytes; the low half (written last) starts a request. */
#define DMA_REG_SIZE 8
#define DMA_REG_LOW_HALF 4

typedef struct FWCfgDmaAccess {
    uint32_t control;
    uint32_t length;
    uint64_t address;
} FWCfgDmaAccess;

static uint32_t get_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
           ((uint32_t)p[2] << 8) | p[3];
}

/* Guest RAM is written by reads and read by writes. */
static DMADirection dma_dir(bool to_guest)
{
    return to_guest ? DMA_DIRECTION_FROM_DEVICE : DMA_DIRECTION_TO_DEVICE;
}

/*
 * Whether [addr, addr+len) is all RAM that can be mapped for the access.
 * Each mapping covers one contiguous RAM piece, so this loops once per
 * region the range crosses, however long it is.
 */
static bool dma_range_is_ram(AddressSpace *as, uint64_t addr, uint64_t len,
                             bool to_guest)
{
    if (!dma_range_ok(addr, len)) {
        return false;
    }
    while (len) {
        dma_addr_t plen = len;
        void *p = dma_memory_map(as, addr, &plen, dma_dir(to_guest),
                                 MEMTXATTRS_UNSPECIFIED);

        if (!p || !plen) {
            if (p) {
                dma_memory_unmap(as, p, plen, dma_dir(to_guest), 0);
            }
            return false;
        }
        dma_memory_unmap(as, p, plen, dma_dir(to_guest), 0);
        addr += plen;
        len -= plen;
    }
    return true;
}

/*
 * Copy between guest RAM at @addr and @buf (NULL: zeroes to the guest),
 * @len bytes, in mapped pieces.  The range was checked with
 * dma_range_is_ram(); if the RAM layout changed meanwhile, stop.
 */
static bool dma_copy(AddressSpace *as, uint64_t addr, uint8_t *buf,
                     uint64_t len, bool to_guest)
{
    while (len) {
        dma_addr_t plen = len;
        uint8_t *p = dma_memory_map(as, addr, &plen, dma_dir(to_guest),
                                    MEMTXATTRS_UNSPECIFIED);

        if (!p || !plen) {
            if (p) {
                dma_memory_unmap(as, p, plen, dma_dir(to_guest), 0);
            }
            return false;
        }
        if (!to_guest) {
            memcpy(buf, p, plen);
        } else if (buf) {
            memcpy(p, buf, plen);
        } else {
            memset(p, 0, plen);
        }
        dma_memory_unmap(as, p, plen, dma_dir(to_guest), plen);
        addr += plen;
        len -= plen;
        if (buf) {
            buf += plen;
        }
    }
    return true;
}

/* The selected item and its length (0 if nothing is selected). */
static FWCfgEntry *dma_cur_entry(FWCfgState *s, uint32_t *len)
{
    FWCfgEntry *e = fw_cfg_cur_entry(s);

    *len = e ? e->len : 0;
    return e;
}

/* Read: item bytes from the offset, then zeroes past the item's end. */
static bool dma_read(FWCfgState *s, const FWCfgDmaAccess *dma)
{
    uint32_t item_len;
    FWCfgEntry *e = dma_cur_entry(s, &item_len);
    uint64_t avail = e && s->cur_offset < item_len
                     ? item_len - s->cur_offset : 0;
    uint64_t n = MIN(avail, (uint64_t)dma->length);

    if (!dma_range_is_ram(s->dma_as, dma->address, dma->length, true)) {
        fw_cfg_guest_error(s, "DMA read of %" PRIu32 " bytes to 0x%"
                           PRIx64 ", which is not all RAM", dma->length,
                           dma->address);
        return false;
    }
    if (!dma_copy(s->dma_as, dma->address, n ? e->data + s->cur_offset
                                               : NULL, n, true) ||
        !dma_copy(s->dma_as, dma->address + n, NULL, dma->length - n,
                  true)) {
        return false;
    }
    s->cur_offset += n;
    return true;
}

/*
 * Write: only into a writable item, only inside it (the spec: "the item
 * cannot be resized"; truncated writes are dropped whole).
 */
static bool dma_write(FWCfgState *s, const FWCfgDmaAccess *dma)
{
    uint32_t item_len, offset = s->cur_offset;
    FWCfgEntry *e = dma_cur_entry(s, &item_len);

    if (!e || !e->allow_write) {
        fw_cfg_guest_error(s, "DMA write to read-only item 0x%04x",
                           s->cur_key);
        return false;
    }
    if ((uint64_t)offset + dma->length > item_len) {
        fw_cfg_guest_error(s, "DMA write of %" PRIu32 " bytes at offset %"
                           PRIu32 " past the end of item 0x%04x (%" PRIu32
                           " bytes)", dma->length, offset, s->cur_key,
                           item_len);
        return false;
    }
    if (!dma_range_is_ram(s->dma_as, dma->address, dma->length, false)) {
        fw_cfg_guest_error(s, "DMA write of %" PRIu32 " bytes from 0x%"
                           PRIx64 ", which is not all RAM", dma->length,
                           dma->address);
        return false;
    }
    if (!dma_copy(s->dma_as, dma->address, e->data + offset, dma->length,
                  false)) {
        return false;
    }
    s->cur_offset = offset + dma->length;
    if (e->write_cb && dma->length) {
        e->write_cb(e->opaque, offset, dma->length);
    }
    return true;
}

/* Skip: move the offset, never past the item's end. */
static void dma_skip(FWCfgState *s, const FWCfgDmaAccess *dma)
{
    uint32_t item_len;

    if (dma_cur_entry(s, &item_len)) {
        s->cur_offset = MIN((uint64_t)s->cur_offset + dma->length,
                            (uint64_t)item_len);
    }
}

/* Write the result into the descriptor's control field, if it is RAM. */
static void dma_finish(FWCfgState *s, uint64_t desc_addr, bool ok)
{
    uint8_t control[4] = { 0, 0, 0, ok ? 0 : FW_CFG_DMA_CTL_ERROR };

    if (dma_range_is_ram(s->dma_as, desc_addr, sizeof(control), true)) {
        dma_copy(s->dma_as, desc_addr, control, sizeof(control), true);
    }
}

void fw_cfg_dma_transfer(FWCfgState *s, uint64_t desc_addr)
{
    uint8_t raw[FW_CFG_DMA_ACCESS_SIZE];
    FWCfgDmaAccess dma;
    bool ok = true;

    /* Read the descriptor once: the guest may change it meanwhile. */
    if (!dma_range_is_ram(s->dma_as, desc_addr, sizeof(raw), false) ||
        !dma_copy(s->dma_as, desc_addr, raw, sizeof(raw), false)) {
        fw_cfg_guest_error(s, "DMA descriptor at 0x%" PRIx64 " is not in "
                           "RAM", desc_addr);
        dma_finish(s, desc_addr, false);
        return;
    }
    dma.control = get_be32(raw);
    dma.length = get_be32(raw + 4);
    dma.address = ((uint64_t)get_be32(raw + 8) << 32) | get_be32(raw + 12);

    if (dma.control & FW_CFG_DMA_CTL_SELECT) {
        fw_cfg_select(s, dma.control >> FW_CFG_DMA_SELECT_SHIFT);
    }
    /* One operation: read wins over write, write over skip (spec). */
    if (dma.control & FW_CFG_DMA_CTL_READ) {
        ok = dma_read(s, &dma);
    } else if (dma.control & FW_CFG_DMA_CTL_WRITE) {
        ok = dma_write(s, &dma);
    } else if (dma.control & FW_CFG_DMA_CTL_SKIP) {
        dma_skip(s, &dma);
    }
    dma_finish(s, desc_addr, ok);
}

/* The register */

static uint64_t dma_reg_read(void *opaque, hwaddr addr, unsigned size)
{
    /*
     * Reads give "QEMU CFG" (spec: the register reads as
     * 0x51454d5520434647, big-endian), whatever the width: the bytes at
     * [addr, addr+size) of that string.
     */
    unsigned shift = (DMA_REG_SIZE - addr - size) * 8;

    return size == 8 ? FW_CFG_DMA_SIGNATURE
                     : (FW_CFG_DMA_SIGNATURE >> shift) &
                       ((1ULL << (size * 8)) - 1);
}

static void dma_reg_write(void *opaque, hwaddr addr, uint64_t value,
                          unsigned size)
{
    FWCfgState *s = opaque;
    uint64_t desc;

    if (size == 8) {
        desc = value;
    } else if (addr == 0) {
        /* The high half of a 64-bit address: wait for the low half. */
        s->dma_addr = (value << 32) | (s->dma_addr & 0xffffffffULL);
        return;
    } else {
        desc = (s->dma_addr & ~0xffffffffULL) | (uint32_t)value;
    }
    /* The register reads back 0 after an operation (spec). */
    s->dma_addr = 0;
    fw_cfg_dma_transfer(s, desc);
}

/* Writes: 32 bits at either half, or 64 bits at once. */
static bool dma_reg_accepts(void *opaque, hwaddr addr, unsigned size,
                            bool is_write, MemTxAttrs attrs)
{
    if (!is_write) {
        return true;
    }
    return (addr == 0 && (size == 4 || size == 8)) ||
           (addr == DMA_REG_LOW_HALF && size == 4);
}

static const MemoryRegionOps fw_cfg_dma_ops = {
    .read = dma_reg_read,
    .write = dma_reg_write,
    .endianness = DEVICE_BIG_ENDIAN,
    .valid = {
        .min_access_size = 1,
        .max_access_size = 8,
        .accepts = dma_reg_accepts,
    },
    .impl = {
        .min_access_size = 1,
        .max_access_size = 8,
    },
};

void fw_cfg_dma_init_region(FWCfgState *s)
{
    memory_region_init_io(&s->dma_iomem, OBJECT(s), &fw_cfg_dma_ops, s,
                          "fwcfg.dma", DMA_REG_SIZE);
}
