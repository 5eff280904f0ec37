/*
 * "pcie-root-port-base": what every PCI Express root port model shares
 * (see include/hw/pci-bridge/pcie_root_port.h): the type 1 header, the
 * capabilities, the slot with native hot-plug, and reset.
 */
#include "util/osdep.h"
#include "util/module.h"
#include "hw/core/qdev-properties.h"
#include "hw/pci-bridge/pcie_root_port.h"

static void pcie_root_port_exit(PCIDevice *dev)
{
    PCIERootPortClass *rpc = PCIE_ROOT_PORT_GET_CLASS(dev);

    pcie_slot_exit(PCIE_SLOT(dev));
    if (rpc->interrupts_uninit) {
        rpc->interrupts_uninit(dev);
    }
    pcie_cap_exit(dev);
    pci_bridge_exitfn(dev);
}

static void pcie_root_port_realize(PCIDevice *dev, Error **errp)
{
    PCIERootPortClass *rpc = PCIE_ROOT_PORT_GET_CLASS(dev);
    PCIDeviceClass *pc = PCI_DEVICE_GET_CLASS(dev);
    PCIEPort *p = PCIE_PORT(dev);
    PCIESlot *s = PCIE_SLOT(dev);
    int speed = s->speed ? s->speed : PCIE_LINK_SPEED_2_5;
    int width = s->width ? s->width : 1;

    pci_bridge_initfn(dev, TYPE_PCIE_BUS);
    /* No 66 MHz or fast back-to-back on either side of a PCIe link. */
    pci_set_word(dev->config + PCI_STATUS, 0);
    pci_set_word(dev->config + PCI_SEC_STATUS, 0);
    pci_config_set_interrupt_pin(dev->config, 1);

    if (!pcie_port_ssvid_init(dev, PCIE_ROOT_PORT_SSVID_OFFSET,
                              pc->vendor_id, 0, errp) ||
        !rpc->interrupts_init(dev, errp) ||
        pcie_cap_init(dev, rpc->exp_offset, PCI_EXP_TYPE_ROOT_PORT, p->port,
                      errp) < 0) {
        goto fail;
    }
    pcie_port_fixup_cap(dev, true);
    pcie_port_init_link(dev, p->port, speed, width);
    if (!pcie_slot_init(s, errp) ||
        (rpc->extra_init && !rpc->extra_init(dev, errp)) ||
        !pcie_port_aer_init(dev, PCIE_ROOT_PORT_AER_OFFSET, true,
                            p->aer_log_max, errp)) {
        goto fail;
    }
    if (rpc->has_acs && !PCIE_ROOT_PORT(dev)->disable_acs &&
        !pcie_port_acs_init(dev, PCIE_ROOT_PORT_ACS_OFFSET, errp)) {
        goto fail;
    }
    return;

fail:
    pcie_root_port_exit(dev);
}

static void pcie_root_port_reset(DeviceState *qdev)
{
    PCIDevice *dev = PCI_DEVICE(qdev);
    uint8_t *exp;

    if (!dev->config) {
        return;
    }
    pci_bridge_reset(qdev);
    /* Windows closed as firmware leaves an unused port. */
    pci_bridge_disable_base_limit(dev);
    if (dev->exp_cap) {
        exp = dev->config + dev->exp_cap;
        pci_set_word(exp + PCI_EXP_DEVCTL, 0);
        pci_set_word(exp + PCI_EXP_DEVSTA, 0);
        pci_set_word(exp + PCI_EXP_RTCTL, 0);
        pci_set_long(exp + PCI_EXP_RTSTA, 0);
        pci_set_word(exp + PCI_EXP_DEVCTL2, 0);
    }
    if (pcie_find_capability(dev, PCI_EXT_CAP_ID_ERR)) {
        pcie_port_aer_reset(dev, PCIE_ROOT_PORT_AER_OFFSET);
    }
    pcie_slot_reset(PCIE_SLOT(dev));
}

static const Property pcie_root_port_props[] = {
    DEFINE_PROP_BOOL("disable-acs", PCIERootPort, disable_acs, false),
};

static void pcie_root_port_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(oc);

    pc->realize = pcie_root_port_realize;
    pc->exit = pcie_root_port_exit;
    pc->config_write = pcie_slot_write_config;
    pc->class_id = PCI_CLASS_BRIDGE_PCI;
    dc->reset = pcie_root_port_reset;
    device_class_set_props(dc, pcie_root_port_props);
}

static const InterfaceInfo pcie_root_port_interfaces[] = {
    { INTERFACE_PCIE_DEVICE },
    { NULL },
};

static const TypeInfo pcie_root_port_type_info = {
    .name = TYPE_PCIE_ROOT_PORT,
    .parent = TYPE_PCIE_SLOT,
    .instance_size = sizeof(PCIERootPort),
    .class_size = sizeof(PCIERootPortClass),
    .abstract = true,
    .class_init = pcie_root_port_class_init,
    .interfaces = pcie_root_port_interfaces,
};

static void pcie_root_port_register_types(void)
{
    type_register_static(&pcie_root_port_type_info);
}

type_init(pcie_root_port_register_types)
