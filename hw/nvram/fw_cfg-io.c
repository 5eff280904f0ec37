/*
 * fw_cfg_io: fw_cfg on x86 I/O ports (shared/specs/fw_cfg.rst, "Register
 * Locations"): the 16-bit little-endian selector at BASE, the 8-bit data
 * register at BASE+1 (the two form one 2-byte region, "fwcfg", as the
 * spec says they "can not be mapped separately"), and the DMA address
 * register ("fwcfg.dma") wherever the board puts it, 0x514 on x86.
 */
#include "util/osdep.h"
#include "util/module.h"
#include "hw/nvram/fw_cfg.h"

#define FW_CFG_IO_SIZE 2        /* selector (2 bytes) overlapping data */
#define FW_CFG_IO_DATA 1        /* the data register's offset */

static uint64_t fw_cfg_io_read(void *opaque, hwaddr addr, unsigned size)
{
    /* The selector is write-only and reads as 0. */
    return addr == FW_CFG_IO_DATA ? fw_cfg_data_read(FW_CFG(opaque), 1) : 0;
}

static void fw_cfg_io_write(void *opaque, hwaddr addr, uint64_t value,
                            unsigned size)
{
    /* Data register writes are ignored (spec, as of QEMU v2.4). */
    if (addr == 0) {
        fw_cfg_select(FW_CFG(opaque), value);
    }
}

/* A 16-bit access to the selector, an 8-bit one to the data register. */
static bool fw_cfg_io_accepts(void *opaque, hwaddr addr, unsigned size,
                              bool is_write, MemTxAttrs attrs)
{
    return (addr == 0 && size == 2) || (addr == FW_CFG_IO_DATA && size == 1);
}

static const MemoryRegionOps fw_cfg_io_ops = {
    .read = fw_cfg_io_read,
    .write = fw_cfg_io_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {
        .min_access_size = 1,
        .max_access_size = 2,
        .accepts = fw_cfg_io_accepts,
    },
    .impl = {
        .min_access_size = 1,
        .max_access_size = 2,
    },
};

static DeviceRealize *fw_cfg_io_parent_realize;

static void fw_cfg_io_realize(DeviceState *dev, Error **errp)
{
    FWCfgIoState *io = FW_CFG_IO(dev);
    Error *local_err = NULL;

    fw_cfg_io_parent_realize(dev, &local_err);
    if (local_err) {
        error_propagate(errp, local_err);
        return;
    }
    memory_region_init_io(&io->comb_iomem, OBJECT(dev), &fw_cfg_io_ops, io,
                          "fwcfg", FW_CFG_IO_SIZE);
}

FWCfgState *fw_cfg_init_io_dma(uint32_t iobase, uint32_t dma_iobase,
                               AddressSpace *dma_as, Error **errp)
{
    FWCfgState *s = fw_cfg_create(TYPE_FW_CFG_IO, dma_iobase != 0, dma_as,
                                  errp);

    if (!s) {
        return NULL;
    }
    memory_region_add_subregion(get_system_io(), iobase,
                                &FW_CFG_IO(s)->comb_iomem);
    if (fw_cfg_dma_enabled(s)) {
        memory_region_add_subregion(get_system_io(), dma_iobase,
                                    &s->dma_iomem);
    }
    return s;
}

static void fw_cfg_io_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    device_class_set_parent_realize(dc, fw_cfg_io_realize,
                                    &fw_cfg_io_parent_realize);
}

static const TypeInfo fw_cfg_io_info = {
    .name = TYPE_FW_CFG_IO,
    .parent = TYPE_FW_CFG,
    .instance_size = sizeof(FWCfgIoState),
    .class_init = fw_cfg_io_class_init,
};

static void fw_cfg_io_register_types(void)
{
    type_register_static(&fw_cfg_io_info);
}

type_init(fw_cfg_io_register_types)
