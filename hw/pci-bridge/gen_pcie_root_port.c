/*
 * "pcie-root-port": the generic PCI Express root port (1b36:000c).
 *
 * Its interrupt is one MSI-X vector (table at 0, PBA at 0x800 of a 4 KiB
 * 32-bit memory BAR 0, capability at 0x48); the PCI Express capability
 * sits at 0x54.  The link defaults to 16 GT/s x32 (x-speed, x-width).
 *
 * The *-reserve properties ask firmware to leave room behind the port
 * for devices hot-plugged later (pci_bridge_reserve_cap_init, at 0x90).
 */
#include "util/osdep.h"
#include "util/module.h"
#include "hw/core/qdev-properties.h"
#include "hw/pci/msix.h"
#include "hw/pci-bridge/pcie_root_port.h"

#define TYPE_GEN_PCIE_ROOT_PORT "pcie-root-port"

#define GEN_PCIE_ROOT_PORT_MSIX_OFFSET  0x48
#define GEN_PCIE_ROOT_PORT_EXP_OFFSET   0x54
#define GEN_PCIE_ROOT_PORT_RES_OFFSET   0x90
#define GEN_PCIE_ROOT_PORT_MSIX_BAR     0
#define GEN_PCIE_ROOT_PORT_BAR_SIZE     0x1000
#define GEN_PCIE_ROOT_PORT_PBA_OFFSET   0x800

typedef struct GenPCIERootPort {
    PCIERootPort parent_obj;

    bool migrate_msix;
    PCIResReserve res_reserve;
    MemoryRegion bar;
    bool bar_ready;
} GenPCIERootPort;

#define GEN_PCIE_ROOT_PORT(obj) \
    OBJECT_CHECK(GenPCIERootPort, (obj), TYPE_GEN_PCIE_ROOT_PORT)

static bool gen_rp_interrupts_init(PCIDevice *dev, Error **errp)
{
    GenPCIERootPort *rp = GEN_PCIE_ROOT_PORT(dev);

    memory_region_init(&rp->bar, OBJECT(dev), "pcie-root-port-msix",
                       GEN_PCIE_ROOT_PORT_BAR_SIZE);
    rp->bar_ready = true;
    if (!msix_init(dev, 1, &rp->bar, GEN_PCIE_ROOT_PORT_MSIX_BAR, 0,
                   &rp->bar, GEN_PCIE_ROOT_PORT_MSIX_BAR,
                   GEN_PCIE_ROOT_PORT_PBA_OFFSET,
                   GEN_PCIE_ROOT_PORT_MSIX_OFFSET, errp)) {
        return false;
    }
    pci_register_bar(dev, GEN_PCIE_ROOT_PORT_MSIX_BAR,
                     PCI_BASE_ADDRESS_SPACE_MEMORY, &rp->bar);
    msix_vector_use(dev, 0);
    return true;
}

static void gen_rp_interrupts_uninit(PCIDevice *dev)
{
    GenPCIERootPort *rp = GEN_PCIE_ROOT_PORT(dev);

    if (msix_present(dev)) {
        msix_unuse_all_vectors(dev);
        msix_uninit(dev, &rp->bar, &rp->bar);
    }
    if (rp->bar_ready) {
        object_unparent(OBJECT(&rp->bar));
        rp->bar_ready = false;
    }
}

static bool gen_rp_reserve_init(PCIDevice *dev, Error **errp)
{
    return pci_bridge_reserve_cap_init(dev, GEN_PCIE_ROOT_PORT_RES_OFFSET,
                                       &GEN_PCIE_ROOT_PORT(dev)->res_reserve,
                                       errp);
}

static const Property gen_rp_props[] = {
    DEFINE_PROP_BOOL("x-migrate-msix", GenPCIERootPort, migrate_msix, true),
    DEFINE_PROP_UINT32("bus-reserve", GenPCIERootPort, res_reserve.bus,
                       UINT32_MAX),
    DEFINE_PROP_SIZE("io-reserve", GenPCIERootPort, res_reserve.io,
                     UINT64_MAX),
    DEFINE_PROP_SIZE("mem-reserve", GenPCIERootPort,
                     res_reserve.mem_non_pref, UINT64_MAX),
    DEFINE_PROP_SIZE("pref32-reserve", GenPCIERootPort,
                     res_reserve.mem_pref_32, UINT64_MAX),
    DEFINE_PROP_SIZE("pref64-reserve", GenPCIERootPort,
                     res_reserve.mem_pref_64, UINT64_MAX),
    DEFINE_PROP_SIGNED("x-speed", PCIESlot, speed, PCIE_LINK_SPEED_16,
                       pcie_prop_link_speed, int),
    DEFINE_PROP_SIGNED("x-width", PCIESlot, width, 32,
                       pcie_prop_link_width, int),
};

static void gen_rp_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(oc);
    PCIERootPortClass *rpc = PCIE_ROOT_PORT_CLASS(oc);

    pc->vendor_id = PCI_VENDOR_ID_REDHAT;
    pc->device_id = PCI_DEVICE_ID_REDHAT_PCIE_RP;
    pc->revision = 0;
    dc->desc = "PCI Express Root Port";
    rpc->exp_offset = GEN_PCIE_ROOT_PORT_EXP_OFFSET;
    rpc->has_acs = true;
    rpc->interrupts_init = gen_rp_interrupts_init;
    rpc->interrupts_uninit = gen_rp_interrupts_uninit;
    rpc->extra_init = gen_rp_reserve_init;
    device_class_set_props(dc, gen_rp_props);
}

static const TypeInfo gen_rp_type_info = {
    .name = TYPE_GEN_PCIE_ROOT_PORT,
    .parent = TYPE_PCIE_ROOT_PORT,
    .instance_size = sizeof(GenPCIERootPort),
    .class_init = gen_rp_class_init,
};

static void gen_rp_register_types(void)
{
    type_register_static(&gen_rp_type_info);
}

type_init(gen_rp_register_types)
