/*
 * PCI Express ports and slots: the abstract types every PCIe downstream
 * port model derives from, and the native hot-plug they implement.
 *
 *   TYPE_PCIE_PORT ("pcie-port")   a PCI-to-PCI bridge with the PCI
 *       Express capability; property "port" is the link's port number
 *       (Link Capabilities bits 31:24), "aer_log_max" the number of
 *       headers its AER capability may record.
 *   TYPE_PCIE_SLOT ("pcie-slot")   a port with a slot below it ([PCIe]
 *       6.7, 7.5.3.9-7.5.3.11): "chassis" and "slot" name it (each pair
 *       may be used once, as the physical slot number is what the guest
 *       shows its user), "hotplug" says whether the slot is hot-plug
 *       capable, "power_controller_present" whether it has a power
 *       controller.  The slot is the hotplug handler of the port's
 *       secondary bus.
 *
 * Native hot-plug follows the flow of [PCIe] 6.7.3 as qemu models it:
 *
 *   device_add     the device appears at once; Presence Detect State is
 *                  set, Presence Detect Changed and Attention Button
 *                  Pressed are signalled (the guest powers the slot on).
 *   device_del     presses the attention button: the guest turns the
 *                  power indicator off and the power controller off,
 *                  and the slot's devices are removed then (with
 *                  DEVICE_DELETED).  If the slot is already powered off
 *                  (the guest never turned it on) they go at once.
 *   guest power-off of a populated slot removes its devices whether or
 *   not an unplug was requested.
 *
 * A hot-plug event interrupts (vector 0 of MSI-X or MSI if the guest
 * enabled one, else INTx) when the guest set Hot-Plug Interrupt Enable
 * and the event's own enable bit; with MSI the message goes out when the
 * first enabled event becomes pending, as the specification asks.
 */
#ifndef HW_PCI_PCIE_PORT_H
#define HW_PCI_PCIE_PORT_H

#include "hw/pci/pci_bridge.h"
#include "hw/pci/pcie.h"
#include "hw/core/hotplug.h"
#include "hw/core/qdev-properties.h"

#define TYPE_PCIE_PORT "pcie-port"
#define TYPE_PCIE_SLOT "pcie-slot"

/* Link speeds as the x-speed property names them; the value is the
 * [PCIe] 7.5.3.18 encoding (1 = 2.5 GT/s ... 4 = 16 GT/s). */
typedef enum PCIELinkSpeed {
    PCIE_LINK_SPEED_2_5 = 1,
    PCIE_LINK_SPEED_5 = 2,
    PCIE_LINK_SPEED_8 = 3,
    PCIE_LINK_SPEED_16 = 4,
} PCIELinkSpeed;

extern const PropertyInfo pcie_prop_link_speed;     /* "PCIELinkSpeed" */
extern const PropertyInfo pcie_prop_link_width;     /* "PCIELinkWidth" */

typedef struct PCIEPort {
    PCIBridge parent_obj;

    uint8_t port;
    uint16_t aer_log_max;
} PCIEPort;

typedef struct PCIESlot {
    PCIEPort parent_obj;

    /* Properties */
    uint8_t chassis;
    uint16_t slot;
    bool hotplug;
    bool native_hotplug;
    bool power_controller_present;
    /* x-speed, x-width: PCIELinkSpeed and lanes (1-32); 0 where the
     * model has no such property: 2.5 GT/s x1. */
    int speed;
    int width;

    bool chassis_registered;
    /* The hot-plug interrupt condition as last signalled. */
    bool hp_level;
} PCIESlot;

#define PCIE_PORT(obj) OBJECT_CHECK(PCIEPort, (obj), TYPE_PCIE_PORT)
#define PCIE_SLOT(obj) OBJECT_CHECK(PCIESlot, (obj), TYPE_PCIE_SLOT)

/*
 * Building blocks for the port models (hw/pci-bridge/).
 */

/* Link registers for @speed/@width: Link Capabilities (port number
 * included), Status (no device), Capabilities 2 and Control 2. */
void pcie_port_init_link(PCIDevice *dev, uint8_t port, int speed, int width);
/* Registers of the PCI Express capability qemu's ports expose beyond the
 * core's defaults: capability flags (@slot_implemented), device and
 * link control masks, device capabilities 2, root control for root
 * ports. */
void pcie_port_fixup_cap(PCIDevice *dev, bool slot_implemented);
/* Advanced error reporting at @offset (version 2); @root adds the root
 * port registers.  @log_max > 1 advertises multiple header recording. */
bool pcie_port_aer_init(PCIDevice *dev, uint16_t offset, bool root,
                        uint16_t log_max, Error **errp);
void pcie_port_aer_reset(PCIDevice *dev, uint16_t offset);
/* Access control services at @offset. */
bool pcie_port_acs_init(PCIDevice *dev, uint16_t offset, Error **errp);
/* The bridge subsystem vendor ID capability (PCI Code and ID
 * Assignment, capability 0x0d) at @offset with @vendor and @device. */
bool pcie_port_ssvid_init(PCIDevice *dev, uint8_t offset, uint16_t vendor,
                          uint16_t device, Error **errp);

/* Slot: capabilities, chassis registration, the hotplug handler of the
 * secondary bus.  Call after the PCI Express capability exists. */
bool pcie_slot_init(PCIESlot *s, Error **errp);
void pcie_slot_exit(PCIESlot *s);
/* Back to reset state (power on with indicators on if populated). */
void pcie_slot_reset(PCIESlot *s);
/*
 * The port's config_write: the bridge's, then slot control/status
 * semantics (write-1-to-clear, command completed, power control,
 * electromechanical interlock) and the hot-plug interrupt.
 */
void pcie_slot_write_config(PCIDevice *dev, uint32_t addr, uint32_t val,
                            int len);
/* Recompute the hot-plug interrupt and signal it if it rose. */
void pcie_slot_update_irq(PCIESlot *s);
/* Give or take the power of what is behind the slot, per its control. */
void pcie_slot_update_power(PCIESlot *s);

/* HotplugHandler hooks of TYPE_PCIE_SLOT (hw/pci/pcie-hotplug.c). */
void pcie_slot_pre_plug_cb(HotplugHandler *hotplug_dev, DeviceState *dev,
                           Error **errp);
void pcie_slot_plug_cb(HotplugHandler *hotplug_dev, DeviceState *dev,
                       Error **errp);
void pcie_slot_unplug_request_cb(HotplugHandler *hotplug_dev,
                                 DeviceState *dev, Error **errp);
void pcie_slot_unplug_cb(HotplugHandler *hotplug_dev, DeviceState *dev,
                         Error **errp);

#endif
