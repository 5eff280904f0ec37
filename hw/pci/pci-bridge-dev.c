/*
 * "pci-bridge": the standard PCI-to-PCI bridge (1b36:0001), a
 * conventional bridge with a slot identification capability naming its
 * chassis ("chassis_nr", required) and, by default, a standard hot-plug
 * controller for the 31 slots of its secondary bus.
 *
 * Configuration space, as qemu 7.2 lays it out:
 *
 *   shpc=on (default)                  shpc=off
 *   BAR0  64-bit memory, 256 bytes:    no BAR
 *         the SHPC working registers
 *   pin   INTA                         no interrupt pin
 *   0x40  SHPC capability              0x40 slot identification
 *   0x48  slot identification          (no MSI: the controller is its
 *   0x4c  MSI, one vector, 64-bit,      only user)
 *         maskable ("msi": auto/on/off)
 *   then  resource reservation hints, if a *-reserve property is set
 *
 * The controller interrupts through MSI when the guest enabled it, else
 * INTA.  It is the hotplug handler of the secondary bus (unless a
 * machine's ACPI hot-plug takes the bus over): device_add puts a card
 * into slots 1-31 and latches its events, device_del presses the slot's
 * attention button (repeatable, as in qemu) or removes a card whose slot
 * the guest never enabled, and the guest's command that disables a slot
 * with its power indicator off removes the card (see hw/pci/shpc.h).
 */
#include "util/osdep.h"
#include "util/module.h"
#include "hw/core/qdev-properties.h"
#include "hw/pci/msi.h"
#include "hw/pci/pci_bridge.h"
#include "hw/pci/shpc.h"

#define PCI_BRIDGE_DEV_SHPC_BAR     0
/* The physical slot number the controller gives its first slot. */
#define PCI_BRIDGE_DEV_FIRST_PSN    1

typedef struct PCIBridgeDev {
    PCIBridge parent_obj;

    /* Properties */
    uint8_t chassis_nr;
    OnOffAuto msi;
    bool shpc;
    PCIResReserve res_reserve;

    SHPCState shpc_state;
    MemoryRegion shpc_bar;
    bool bar_ready;
} PCIBridgeDev;

#define PCI_BRIDGE_DEV(obj) \
    OBJECT_CHECK(PCIBridgeDev, (obj), TYPE_PCI_BRIDGE_DEV)

static void pci_bridge_dev_shpc_write(PCIBridge *br, uint32_t addr,
                                      uint32_t val, int len)
{
    shpc_cap_write_config(&PCI_BRIDGE_DEV(br)->shpc_state, addr, val, len);
}

static uint32_t pci_bridge_dev_read_config(PCIDevice *dev, uint32_t addr,
                                           int len)
{
    shpc_cap_read_config(&PCI_BRIDGE_DEV(dev)->shpc_state, addr, len);
    return pci_default_read_config(dev, addr, len);
}

static void pci_bridge_dev_exit(PCIDevice *dev)
{
    PCIBridgeDev *bd = PCI_BRIDGE_DEV(dev);

    if (msi_present(dev)) {
        msi_uninit(dev);
    }
    if (bd->bar_ready) {
        shpc_cleanup(&bd->shpc_state, &bd->shpc_bar);
        object_unparent(OBJECT(&bd->shpc_bar));
        bd->bar_ready = false;
    }
    PCI_BRIDGE(dev)->shpc_write_config = NULL;
    pci_bridge_exitfn(dev);
}

static bool pci_bridge_dev_shpc_init(PCIBridgeDev *bd, Error **errp)
{
    PCIDevice *dev = PCI_DEVICE(bd);
    PCIBridge *br = PCI_BRIDGE(bd);

    memory_region_init(&bd->shpc_bar, OBJECT(dev), "shpc-bar",
                       SHPC_BAR_SIZE);
    bd->bar_ready = true;
    if (!shpc_init(&bd->shpc_state, dev, pci_bridge_get_sec_bus(br),
                   &bd->shpc_bar, 0, 0, PCI_BRIDGE_DEV_FIRST_PSN, errp)) {
        return false;
    }
    br->shpc_write_config = pci_bridge_dev_shpc_write;
    pci_config_set_interrupt_pin(dev->config, 1);
    return true;
}

/* MSI for the controller's interrupt: "auto" does without it if it
 * cannot be had, "on" insists. */
static bool pci_bridge_dev_msi_init(PCIBridgeDev *bd, Error **errp)
{
    Error *local_err = NULL;

    if (bd->msi == ON_OFF_AUTO_OFF ||
        msi_init(PCI_DEVICE(bd), 0, 1, true, true, &local_err)) {
        return true;
    }
    if (bd->msi == ON_OFF_AUTO_ON) {
        error_propagate(errp, local_err);
        return false;
    }
    error_free(local_err);
    return true;
}

static void pci_bridge_dev_realize(PCIDevice *dev, Error **errp)
{
    PCIBridgeDev *bd = PCI_BRIDGE_DEV(dev);
    PCIBridge *br = PCI_BRIDGE(dev);

    pci_bridge_initfn(dev, TYPE_PCI_BUS);
    /* The capabilities in qemu's order, each at the first free place. */
    if ((bd->shpc && !pci_bridge_dev_shpc_init(bd, errp)) ||
        pci_slotid_cap_init(dev, 0, bd->chassis_nr, 0, errp) < 0 ||
        (bd->shpc && !pci_bridge_dev_msi_init(bd, errp)) ||
        !pci_bridge_reserve_cap_init(dev, 0, &bd->res_reserve, errp)) {
        pci_bridge_dev_exit(dev);
        return;
    }
    if (bd->shpc) {
        pci_register_bar(dev, PCI_BRIDGE_DEV_SHPC_BAR,
                         PCI_BASE_ADDRESS_SPACE_MEMORY |
                         PCI_BASE_ADDRESS_MEM_TYPE_64, &bd->shpc_bar);
        qbus_set_hotplug_handler(BUS(pci_bridge_get_sec_bus(br)),
                                 OBJECT(dev));
    }
}

static void pci_bridge_dev_reset(DeviceState *qdev)
{
    PCIBridgeDev *bd = PCI_BRIDGE_DEV(qdev);

    if (!PCI_DEVICE(qdev)->config) {
        return;
    }
    pci_bridge_reset(qdev);
    if (bd->shpc_state.cap) {
        shpc_reset(&bd->shpc_state);
    }
}

/* Hotplug handler of the secondary bus (with the controller) */

static void pci_bridge_dev_plug(HotplugHandler *hotplug_dev,
                                DeviceState *dev, Error **errp)
{
    shpc_device_plug_cb(&PCI_BRIDGE_DEV(hotplug_dev)->shpc_state, dev,
                        errp);
}

/*
 * As for pcie-pci-bridge: device_del may be repeated while the guest
 * has not reacted, so this is the handler's "unplug" (called without
 * marking the device as pending): it presses the attention button, or
 * removes a card whose slot is off.
 */
static void pci_bridge_dev_unplug(HotplugHandler *hotplug_dev,
                                  DeviceState *dev, Error **errp)
{
    shpc_device_unplug_request_cb(&PCI_BRIDGE_DEV(hotplug_dev)->shpc_state,
                                  dev, errp);
}

static const Property pci_bridge_dev_props[] = {
    DEFINE_PROP_UINT8("chassis_nr", PCIBridgeDev, chassis_nr, 0),
    DEFINE_PROP_ON_OFF_AUTO("msi", PCIBridgeDev, msi, ON_OFF_AUTO_AUTO),
    DEFINE_PROP_BOOL("shpc", PCIBridgeDev, shpc, true),
    DEFINE_PROP_UINT32("bus-reserve", PCIBridgeDev, res_reserve.bus,
                       UINT32_MAX),
    DEFINE_PROP_SIZE("io-reserve", PCIBridgeDev, res_reserve.io,
                     UINT64_MAX),
    DEFINE_PROP_SIZE("mem-reserve", PCIBridgeDev, res_reserve.mem_non_pref,
                     UINT64_MAX),
    DEFINE_PROP_SIZE("pref32-reserve", PCIBridgeDev, res_reserve.mem_pref_32,
                     UINT64_MAX),
    DEFINE_PROP_SIZE("pref64-reserve", PCIBridgeDev, res_reserve.mem_pref_64,
                     UINT64_MAX),
};

static void pci_bridge_dev_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(oc);
    HotplugHandlerClass *hc = HOTPLUG_HANDLER_CLASS(oc);

    pc->realize = pci_bridge_dev_realize;
    pc->exit = pci_bridge_dev_exit;
    pc->config_read = pci_bridge_dev_read_config;
    pc->vendor_id = PCI_VENDOR_ID_REDHAT;
    pc->device_id = PCI_DEVICE_ID_REDHAT_BRIDGE;
    pc->revision = 0;
    pc->class_id = PCI_CLASS_BRIDGE_PCI;
    dc->desc = "Standard PCI Bridge";
    dc->reset = pci_bridge_dev_reset;
    device_class_set_props(dc, pci_bridge_dev_props);
    hc->plug = pci_bridge_dev_plug;
    hc->unplug = pci_bridge_dev_unplug;
}

static const InterfaceInfo pci_bridge_dev_interfaces[] = {
    { INTERFACE_CONVENTIONAL_PCI_DEVICE },
    { TYPE_HOTPLUG_HANDLER },
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
