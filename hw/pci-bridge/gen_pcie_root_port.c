/*
 * "pcie-root-port": the generic PCI Express root port (1b36:000c).
 *
 * Its interrupt is one MSI-X vector (table at 0, PBA at 0x800 of a 4 KiB
 * 32-bit memory BAR 0, capability at 0x48); the PCI Express capability
 * sits at 0x54.  The link defaults to 16 GT/s x32 (x-speed, x-width).
 *
 * The *-reserve properties ask firmware to leave room behind the port
 * for devices hot-plugged later, through Red Hat's vendor-specific
 * capability (0x09) as SeaBIOS and OVMF read it:
 *
 *   +0  id 0x09, next, length 0x20, type 1 (resource reservation)
 *   +4  bus numbers (32 bits)        +8  I/O (64 bits)
 *   +16 memory (32 bits)             +20 prefetchable, 32-bit (32 bits)
 *   +24 prefetchable, 64-bit (64 bits)
 *
 * All-ones means "no hint".  It exists only if one of them is set.
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

/* The resource reservation capability */
#define RES_CAP_LEN         0x02
#define RES_CAP_TYPE        0x03
#define RES_CAP_BUS         0x04
#define RES_CAP_IO          0x08
#define RES_CAP_MEM         0x10
#define RES_CAP_PREF32      0x14
#define RES_CAP_PREF64      0x18
#define RES_CAP_SIZEOF      0x20
#define RES_CAP_TYPE_RESERVE 1

typedef struct GenPCIERootPort {
    PCIERootPort parent_obj;

    bool migrate_msix;
    uint32_t bus_reserve;
    uint64_t io_reserve;
    uint64_t mem_reserve;
    uint64_t pref32_reserve;
    uint64_t pref64_reserve;
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
    GenPCIERootPort *rp = GEN_PCIE_ROOT_PORT(dev);
    uint8_t *cap;
    int pos;

    if (rp->bus_reserve == UINT32_MAX && rp->io_reserve == UINT64_MAX &&
        rp->mem_reserve == UINT64_MAX && rp->pref32_reserve == UINT64_MAX &&
        rp->pref64_reserve == UINT64_MAX) {
        return true;
    }
    /* qemu's wording, spacing included. */
    if (rp->mem_reserve != UINT64_MAX && rp->mem_reserve > UINT32_MAX) {
        error_setg(errp, "PCI resource reserve cap: mem-reserve must be "
                   "less than 4G");
        return false;
    }
    if (rp->pref32_reserve != UINT64_MAX &&
        rp->pref32_reserve > UINT32_MAX) {
        error_setg(errp, "PCI resource reserve cap: pref32-reserve  must be "
                   "less than 4G");
        return false;
    }
    if (rp->pref32_reserve != UINT64_MAX &&
        rp->pref64_reserve != UINT64_MAX) {
        error_setg(errp, "PCI resource reserve cap: PREF32 and PREF64 "
                   "conflict");
        return false;
    }
    pos = pci_add_capability(dev, PCI_CAP_ID_VNDR,
                             GEN_PCIE_ROOT_PORT_RES_OFFSET, RES_CAP_SIZEOF,
                             errp);
    if (pos < 0) {
        return false;
    }
    cap = dev->config + pos;
    cap[RES_CAP_LEN] = RES_CAP_SIZEOF;
    cap[RES_CAP_TYPE] = RES_CAP_TYPE_RESERVE;
    pci_set_long(cap + RES_CAP_BUS, rp->bus_reserve);
    pci_set_quad(cap + RES_CAP_IO, rp->io_reserve);
    pci_set_long(cap + RES_CAP_MEM, (uint32_t)rp->mem_reserve);
    pci_set_long(cap + RES_CAP_PREF32, (uint32_t)rp->pref32_reserve);
    pci_set_quad(cap + RES_CAP_PREF64, rp->pref64_reserve);
    return true;
}

static const Property gen_rp_props[] = {
    DEFINE_PROP_BOOL("x-migrate-msix", GenPCIERootPort, migrate_msix, true),
    DEFINE_PROP_UINT32("bus-reserve", GenPCIERootPort, bus_reserve,
                       UINT32_MAX),
    DEFINE_PROP_SIZE("io-reserve", GenPCIERootPort, io_reserve, UINT64_MAX),
    DEFINE_PROP_SIZE("mem-reserve", GenPCIERootPort, mem_reserve,
                     UINT64_MAX),
    DEFINE_PROP_SIZE("pref32-reserve", GenPCIERootPort, pref32_reserve,
                     UINT64_MAX),
    DEFINE_PROP_SIZE("pref64-reserve", GenPCIERootPort, pref64_reserve,
                     UINT64_MAX),
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
