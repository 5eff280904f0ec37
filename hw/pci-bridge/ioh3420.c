/*
 * "ioh3420": the PCI Express root port of Intel's X58 I/O hub
 * (8086:3420, revision 2), a 2.5 GT/s x1 port.
 *
 * Its interrupt is MSI at 0x60 with two vectors, 32-bit addresses and
 * per-vector masking; the PCI Express capability sits at 0x90.  It has
 * no ACS capability.
 */
#include "util/osdep.h"
#include "util/module.h"
#include "hw/pci/msi.h"
#include "hw/pci-bridge/pcie_root_port.h"

#define TYPE_IOH3420            "ioh3420"
#define PCI_DEVICE_ID_IOH_EPORT 0x3420
#define PCI_DEVICE_ID_IOH_REV   0x2
#define IOH_MSI_OFFSET          0x60
#define IOH_MSI_NR_VECTORS      2
#define IOH_EXP_OFFSET          0x90

static bool ioh3420_interrupts_init(PCIDevice *dev, Error **errp)
{
    return msi_init(dev, IOH_MSI_OFFSET, IOH_MSI_NR_VECTORS, false, true,
                    errp);
}

static void ioh3420_interrupts_uninit(PCIDevice *dev)
{
    if (msi_present(dev)) {
        msi_uninit(dev);
    }
}

static void ioh3420_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(oc);
    PCIERootPortClass *rpc = PCIE_ROOT_PORT_CLASS(oc);

    pc->vendor_id = PCI_VENDOR_ID_INTEL;
    pc->device_id = PCI_DEVICE_ID_IOH_EPORT;
    pc->revision = PCI_DEVICE_ID_IOH_REV;
    dc->desc = "Intel IOH device id 3420 PCIE Root Port";
    rpc->exp_offset = IOH_EXP_OFFSET;
    rpc->has_acs = false;
    rpc->interrupts_init = ioh3420_interrupts_init;
    rpc->interrupts_uninit = ioh3420_interrupts_uninit;
}

static const TypeInfo ioh3420_type_info = {
    .name = TYPE_IOH3420,
    .parent = TYPE_PCIE_ROOT_PORT,
    .instance_size = sizeof(PCIERootPort),
    .class_init = ioh3420_class_init,
};

static void ioh3420_register_types(void)
{
    type_register_static(&ioh3420_type_info);
}

type_init(ioh3420_register_types)
