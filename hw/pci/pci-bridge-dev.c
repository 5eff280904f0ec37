/*
 * "pci-bridge": the standard PCI-to-PCI bridge (1b36:0001), a
 * conventional bridge with a slot identification capability naming its
 * chassis.
 *
 * qemu's model can also carry a standard hot-plug controller (SHPC) with
 * MSI for its interrupt.  Corvid has no SHPC yet, so "shpc" defaults to
 * off and shpc=on is refused; with SHPC off the bridge has no interrupt
 * pin and no MSI, exactly as qemu's does.  A controller plugs in through
 * PCIBridge.shpc_write_config and a hotplug handler on the secondary
 * bus.
 */
#include "util/osdep.h"
#include "util/module.h"
#include "hw/core/qdev-properties.h"
#include "hw/pci/pci_bridge.h"

typedef struct PCIBridgeDev {
    PCIBridge parent_obj;

    uint8_t chassis_nr;
    OnOffAuto msi;
    bool shpc;
} PCIBridgeDev;

#define PCI_BRIDGE_DEV(obj) \
    OBJECT_CHECK(PCIBridgeDev, (obj), TYPE_PCI_BRIDGE_DEV)

static void pci_bridge_dev_realize(PCIDevice *dev, Error **errp)
{
    PCIBridgeDev *bd = PCI_BRIDGE_DEV(dev);

    if (bd->shpc) {
        error_setg(errp, "pci-bridge: shpc=on is not supported: this "
                   "build has no standard hot-plug controller");
        return;
    }
    pci_bridge_initfn(dev, TYPE_PCI_BUS);
    if (pci_slotid_cap_init(dev, 0, bd->chassis_nr, 0, errp) < 0) {
        pci_bridge_exitfn(dev);
        return;
    }
}

static void pci_bridge_dev_exit(PCIDevice *dev)
{
    pci_bridge_exitfn(dev);
}

static const Property pci_bridge_dev_props[] = {
    DEFINE_PROP_UINT8("chassis_nr", PCIBridgeDev, chassis_nr, 0),
    DEFINE_PROP_ON_OFF_AUTO("msi", PCIBridgeDev, msi, ON_OFF_AUTO_AUTO),
    DEFINE_PROP_BOOL("shpc", PCIBridgeDev, shpc, false),
};

static void pci_bridge_dev_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(oc);

    pc->realize = pci_bridge_dev_realize;
    pc->exit = pci_bridge_dev_exit;
    pc->vendor_id = PCI_VENDOR_ID_REDHAT;
    pc->device_id = PCI_DEVICE_ID_REDHAT_BRIDGE;
    pc->revision = 0;
    pc->class_id = PCI_CLASS_BRIDGE_PCI;
    dc->desc = "Standard PCI Bridge";
    device_class_set_props(dc, pci_bridge_dev_props);
}

static const InterfaceInfo pci_bridge_dev_interfaces[] = {
    { INTERFACE_CONVENTIONAL_PCI_DEVICE },
    { NULL },
};

static const TypeInfo pci_bridge_dev_info = {
    .name = TYPE_PCI_BRIDGE_DEV,
    .parent = TYPE_PCI_BRIDGE,
    .instance_size = sizeof(PCIBridgeDev),
    .class_init = pci_bridge_dev_class_init,
    .interfaces = pci_bridge_dev_interfaces,
};

static void pci_bridge_dev_register_types(void)
{
    type_register_static(&pci_bridge_dev_info);
}

type_init(pci_bridge_dev_register_types)
