/*
 * fw_cfg_mem: fw_cfg as one MMIO block (shared/specs/fw_cfg.rst,
 * "Register Locations", as on Arm): the data register at BASE+0, read 1
 * to data_width bytes at a time, which come in item order (the spec's
 * "string-preserving"); the 16-bit big-endian selector at BASE+8; the
 * DMA address register at BASE+16.
 */
#include "util/osdep.h"
#include "util/module.h"
#include "hw/core/qdev-properties.h"
#include "hw/nvram/fw_cfg.h"

#define FW_CFG_MEM_CTL_SIZE 2
#define FW_CFG_MEM_DATA_MAX 8   /* the widest data read, and the default */

static uint64_t fw_cfg_data_mem_read(void *opaque, hwaddr addr,
                                     unsigned size)
{
    /* Big-endian device: the first item byte lands at the lowest address. */
    return fw_cfg_data_read(FW_CFG(opaque), size);
}

static void fw_cfg_data_mem_write(void *opaque, hwaddr addr, uint64_t value,
                                  unsigned size)
{
    /* Ignored (spec: data register writes are no-ops as of QEMU v2.4). */
}

static uint64_t fw_cfg_ctl_mem_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0;       /* the selector is write-only */
}

static void fw_cfg_ctl_mem_write(void *opaque, hwaddr addr, uint64_t value,
                                 unsigned size)
{
    fw_cfg_select(FW_CFG(opaque), value);
}

static const MemoryRegionOps fw_cfg_ctl_mem_ops = {
    .read = fw_cfg_ctl_mem_read,
    .write = fw_cfg_ctl_mem_write,
    .endianness = DEVICE_BIG_ENDIAN,
    .valid = {
        .min_access_size = FW_CFG_MEM_CTL_SIZE,
        .max_access_size = FW_CFG_MEM_CTL_SIZE,
    },
    .impl = {
        .min_access_size = FW_CFG_MEM_CTL_SIZE,
        .max_access_size = FW_CFG_MEM_CTL_SIZE,
    },
};

static DeviceRealize *fw_cfg_mem_parent_realize;

static void fw_cfg_mem_realize(DeviceState *dev, Error **errp)
{
    FWCfgMemState *m = FW_CFG_MEM(dev);
    Error *local_err = NULL;
    MemoryRegionOps *ops;

    /* UINT32_MAX (the default) and anything wider mean the widest. */
    if (m->data_width > FW_CFG_MEM_DATA_MAX) {
        m->data_width = FW_CFG_MEM_DATA_MAX;
    }
    if (m->data_width == 0 || (m->data_width & (m->data_width - 1))) {
        error_setg(errp, "fw_cfg_mem: data_width must be 1, 2, 4 or 8, "
                   "not %" PRIu32, m->data_width);
        return;
    }
    fw_cfg_mem_parent_realize(dev, &local_err);
    if (local_err) {
        error_propagate(errp, local_err);
        return;
    }
    /* The data ops depend on data_width, so each device has its own. */
    ops = g_new0(MemoryRegionOps, 1);
    ops->read = fw_cfg_data_mem_read;
    ops->write = fw_cfg_data_mem_write;
    ops->endianness = DEVICE_BIG_ENDIAN;
    ops->valid.min_access_size = 1;
    ops->valid.max_access_size = m->data_width;
    ops->impl.min_access_size = 1;
    ops->impl.max_access_size = m->data_width;
    m->data_ops = ops;
    memory_region_init_io(&m->data_iomem, OBJECT(dev), ops, m, "fwcfg.data",
                          m->data_width);
    memory_region_init_io(&m->ctl_iomem, OBJECT(dev), &fw_cfg_ctl_mem_ops, m,
                          "fwcfg.ctl", FW_CFG_MEM_CTL_SIZE);
}

static void fw_cfg_mem_finalize(Object *obj)
{
    g_free(FW_CFG_MEM(obj)->data_ops);
}

FWCfgState *fw_cfg_init_mem_dma(hwaddr base, bool dma, AddressSpace *dma_as,
                                Error **errp)
{
    FWCfgState *s = fw_cfg_create(TYPE_FW_CFG_MEM, dma, dma_as, errp);
    FWCfgMemState *m;

    if (!s) {
        return NULL;
    }
    m = FW_CFG_MEM(s);
    memory_region_add_subregion(get_system_memory(), base + FW_CFG_MEM_DATA,
                                &m->data_iomem);
    memory_region_add_subregion(get_system_memory(),
                                base + FW_CFG_MEM_SELECTOR, &m->ctl_iomem);
    if (fw_cfg_dma_enabled(s)) {
        memory_region_add_subregion(get_system_memory(),
                                    base + FW_CFG_MEM_DMA, &s->dma_iomem);
    }
    return s;
}

static const Property fw_cfg_mem_props[] = {
    DEFINE_PROP_UINT32("data_width", FWCfgMemState, data_width, UINT32_MAX),
};

static void fw_cfg_mem_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    device_class_set_parent_realize(dc, fw_cfg_mem_realize,
                                    &fw_cfg_mem_parent_realize);
    device_class_set_props(dc, fw_cfg_mem_props);
}

static const TypeInfo fw_cfg_mem_info = {
    .name = TYPE_FW_CFG_MEM,
    .parent = TYPE_FW_CFG,
    .instance_size = sizeof(FWCfgMemState),
    .instance_finalize = fw_cfg_mem_finalize,
    .class_init = fw_cfg_mem_class_init,
};

static void fw_cfg_mem_register_types(void)
{
    type_register_static(&fw_cfg_mem_info);
}

type_init(fw_cfg_mem_register_types)
