/*
 * "pcie-pci-bridge" (1b36:000e): a PCI Express to conventional PCI
 * bridge whose secondary bus has a standard hot-plug controller.
 *
 * Configuration space, as qemu lays it out:
 *
 *   BAR0  64-bit memory, 256 bytes: the SHPC working register set
 *   0x40  SHPC capability
 *   0x48  PCI Express capability, version 2, PCI Express to PCI bridge
 *   0x84  power management (version 3, always D0)
 *   0x8c  MSI, one vector, 64-bit, maskable ("msi": auto/on/off)
 *   0x100 advanced error reporting
 *
 * The controller interrupts through MSI when the guest enabled it, else
 * INTA.  device_del presses a slot's attention button and may be
 * repeated (qemu's SHPC does not mark the device as being unplugged);
 * the card goes when the guest disables the slot with its power
 * indicator off.
 */
#include "util/osdep.h"
#include "util/module.h"
#include "hw/core/qdev-properties.h"
#include "hw/pci/msi.h"
#include "hw/pci/pcie_port.h"
#include "hw/pci/shpc.h"

#define TYPE_PCIE_PCI_BRIDGE_DEV "pcie-pci-bridge"

#define PCIE_PCI_BRIDGE_SHPC_OFFSET 0x40
#define PCIE_PCI_BRIDGE_EXP_OFFSET  0x48
#define PCIE_PCI_BRIDGE_PM_OFFSET   0x84
#define PCIE_PCI_BRIDGE_MSI_OFFSET  0x8c
#define PCIE_PCI_BRIDGE_AER_OFFSET  0x100
#define PCIE_PCI_BRIDGE_SHPC_BAR    0
#define PCI_PM_CAP_VER_1_2          0x0003
/* The physical slot number SHPC gives its first slot. */
#define PCIE_PCI_BRIDGE_FIRST_PSN   1

typedef struct PCIEPCIBridge {
    PCIBridge parent_obj;

    OnOffAuto msi;
    SHPCState shpc;
    MemoryRegion shpc_bar;
    bool bar_ready;
} PCIEPCIBridge;

#define PCIE_PCI_BRIDGE(obj) \
    OBJECT_CHECK(PCIEPCIBridge, (obj), TYPE_PCIE_PCI_BRIDGE_DEV)

static void pcie_pci_bridge_shpc_write(PCIBridge *br, uint32_t addr,
                                       uint32_t val, int len)
{
    shpc_cap_write_config(&PCIE_PCI_BRIDGE(br)->shpc, addr, val, len);
}

static uint32_t pcie_pci_bridge_read_config(PCIDevice *dev, uint32_t addr,
                                            int len)
{
    shpc_cap_read_config(&PCIE_PCI_BRIDGE(dev)->shpc, addr, len);
    return pci_default_read_config(dev, addr, len);
}

static void pcie_pci_bridge_exit(PCIDevice *dev)
{
    PCIEPCIBridge *pb = PCIE_PCI_BRIDGE(dev);

    if (msi_present(dev)) {
        msi_uninit(dev);
    }
    if (pb->bar_ready) {
        shpc_cleanup(&pb->shpc, &pb->shpc_bar);
        object_unparent(OBJECT(&pb->shpc_bar));
        pb->bar_ready = false;
    }
    pcie_cap_exit(dev);
    pci_bridge_exitfn(dev);
}

static bool pcie_pci_bridge_pm_init(PCIDevice *dev, Error **errp)
{
    int pos = pci_add_capability(dev, PCI_CAP_ID_PM,
                                 PCIE_PCI_BRIDGE_PM_OFFSET, PCI_PM_SIZEOF,
                                 errp);

    if (pos < 0) {
        return false;
    }
    pci_set_word(dev->config + pos + PCI_PM_PMC, PCI_PM_CAP_VER_1_2);
    return true;
}

static void pcie_pci_bridge_realize(PCIDevice *dev, Error **errp)
{
    PCIEPCIBridge *pb = PCIE_PCI_BRIDGE(dev);
    PCIBridge *br = PCI_BRIDGE(dev);
    Error *local_err = NULL;

    pci_bridge_initfn(dev, TYPE_PCI_BUS);
    pci_config_set_interrupt_pin(dev->config, 1);
    br->shpc_write_config = pcie_pci_bridge_shpc_write;

    memory_region_init(&pb->shpc_bar, OBJECT(dev), "shpc-bar",
                       SHPC_BAR_SIZE);
    pb->bar_ready = true;
    if (!shpc_init(&pb->shpc, dev, pci_bridge_get_sec_bus(br),
                   &pb->shpc_bar, 0, PCIE_PCI_BRIDGE_SHPC_OFFSET,
                   PCIE_PCI_BRIDGE_FIRST_PSN, errp) ||
        pcie_cap_init(dev, PCIE_PCI_BRIDGE_EXP_OFFSET,
                      PCI_EXP_TYPE_PCI_BRIDGE, 0, errp) < 0) {
        goto fail;
    }
    pcie_port_fixup_cap(dev, false);
    pcie_port_init_link(dev, 0, PCIE_LINK_SPEED_2_5, 1);
    if (!pcie_pci_bridge_pm_init(dev, errp)) {
        goto fail;
    }
    if (pb->msi != ON_OFF_AUTO_OFF &&
        !msi_init(dev, PCIE_PCI_BRIDGE_MSI_OFFSET, 1, true, true,
                  &local_err)) {
        if (pb->msi == ON_OFF_AUTO_ON) {
            error_propagate(errp, local_err);
            goto fail;
        }
        /* auto: INTx will do. */
        error_free(local_err);
    }
    if (!pcie_port_aer_init(dev, PCIE_PCI_BRIDGE_AER_OFFSET, false, 1,
                            errp)) {
        goto fail;
    }
    pci_register_bar(dev, PCIE_PCI_BRIDGE_SHPC_BAR,
                     PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64, &pb->shpc_bar);
    qbus_set_hotplug_handler(BUS(pci_bridge_get_sec_bus(br)), OBJECT(dev));
    return;

fail:
    pcie_pci_bridge_exit(dev);
}

static void pcie_pci_bridge_reset(DeviceState *qdev)
{
    PCIDevice *dev = PCI_DEVICE(qdev);
    PCIEPCIBridge *pb = PCIE_PCI_BRIDGE(dev);

    if (!dev->config) {
        return;
    }
    pci_bridge_reset(qdev);
    if (dev->exp_cap) {
        pci_set_word(dev->config + dev->exp_cap + PCI_EXP_DEVCTL, 0);
        pci_set_word(dev->config + dev->exp_cap + PCI_EXP_DEVSTA, 0);
        pci_set_word(dev->config + dev->exp_cap + PCI_EXP_DEVCTL2, 0);
    }
    if (pcie_find_capability(dev, PCI_EXT_CAP_ID_ERR)) {
        pcie_port_aer_reset(dev, PCIE_PCI_BRIDGE_AER_OFFSET);
    }
    if (pb->shpc.cap) {
        shpc_reset(&pb->shpc);
    }
}

/* Hotplug handler of the secondary bus */

static void pcie_pci_bridge_plug(HotplugHandler *hotplug_dev,
                                 DeviceState *dev, Error **errp)
{
    shpc_device_plug_cb(&PCIE_PCI_BRIDGE(hotplug_dev)->shpc, dev, errp);
}

/*
 * qemu's SHPC lets device_del be repeated while the guest has not
 * reacted, so this is the handler's "unplug" (which the core calls
 * without marking the device as pending): it presses the button, or
 * removes a card whose slot is off.
 */
static void pcie_pci_bridge_unplug(HotplugHandler *hotplug_dev,
                                   DeviceState *dev, Error **errp)
{
    shpc_device_unplug_request_cb(&PCIE_PCI_BRIDGE(hotplug_dev)->shpc, dev,
                                  errp);
}

static const Property pcie_pci_bridge_props[] = {
    DEFINE_PROP_ON_OFF_AUTO("msi", PCIEPCIBridge, msi, ON_OFF_AUTO_AUTO),
};

static void pcie_pci_bridge_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(oc);
    HotplugHandlerClass *hc = HOTPLUG_HANDLER_CLASS(oc);

    pc->realize = pcie_pci_bridge_realize;
    pc->exit = pcie_pci_bridge_exit;
    pc->config_read = pcie_pci_bridge_read_config;
    pc->vendor_id = PCI_VENDOR_ID_REDHAT;
    pc->device_id = PCI_DEVICE_ID_REDHAT_PCIE_BRIDGE;
    pc->revision = 0;
    pc->class_id = PCI_CLASS_BRIDGE_PCI;
    dc->reset = pcie_pci_bridge_reset;
    device_class_set_props(dc, pcie_pci_bridge_props);
    hc->plug = pcie_pci_bridge_plug;
    hc->unplug = pcie_pci_bridge_unplug;
}

static const InterfaceInfo pcie_pci_bridge_interfaces[] = {
    { INTERFACE_PCIE_DEVICE },
    { TYPE_HOTPLUG_HANDLER },
    { NULL },
};

static const TypeInfo pcie_pci_bridge_info = {
    .name = TYPE_PCIE_PCI_BRIDGE_DEV,
    .parent = TYPE_PCI_BRIDGE,
    .instance_size = sizeof(PCIEPCIBridge),
    .class_init = pcie_pci_bridge_class_init,
    .interfaces = pcie_pci_bridge_interfaces,
};

static void pcie_pci_bridge_register_types(void)
{
    type_register_static(&pcie_pci_bridge_info);
}

type_init(pcie_pci_bridge_register_types)
