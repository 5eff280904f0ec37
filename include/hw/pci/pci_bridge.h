/*
 * PCI-to-PCI bridges ([P2P]): a function with a type 1 header and a
 * secondary bus.
 *
 * TYPE_PCI_BRIDGE is the abstract base of every bridge (pci-bridge, PCIe
 * root and switch ports, pcie-pci-bridge).  It keeps:
 *
 *   - the secondary bus (sec_bus), whose bus number the guest writes into
 *     PCI_SECONDARY_BUS; configuration cycles for numbers in
 *     [secondary, subordinate] are routed through the bridge;
 *   - the secondary side's memory and I/O spaces; the three windows
 *     (I/O, memory, prefetchable memory) forward the guest-programmed
 *     [base, limit] ranges of the primary side's spaces to them while
 *     the bridge's command register enables that space and base <= limit;
 *   - INTx routing: a pin of a device below arrives at the bridge's own
 *     pin (pin + slot) % 4 (or the subclass's map_irq);
 *   - the bridge control register: setting Secondary Bus Reset resets
 *     every device below; the VGA and ISA enable bits are plain
 *     registers (legacy VGA forwarding is not modelled).
 *
 * A subclass's realize calls pci_bridge_initfn first and its exit calls
 * pci_bridge_exitfn last; its config_write is (or calls)
 * pci_bridge_write_config and its reset calls pci_bridge_reset.
 */
#ifndef HW_PCI_PCI_BRIDGE_H
#define HW_PCI_PCI_BRIDGE_H

#include "hw/pci/pci_bus.h"

#define TYPE_PCI_BRIDGE "base-pci-bridge"
#define TYPE_PCI_BRIDGE_DEV "pci-bridge"

typedef struct PCIBridge PCIBridge;

#define PCI_BRIDGE(obj) OBJECT_CHECK(PCIBridge, (obj), TYPE_PCI_BRIDGE)

/* One window from the primary side to the secondary side. */
typedef struct PCIBridgeWindow {
    MemoryRegion alias;         /* in the primary side's space */
    pcibus_t base;              /* as mapped; meaningful if enabled */
    pcibus_t limit;
    bool enabled;
} PCIBridgeWindow;

struct PCIBridge {
    PCIDevice parent_obj;

    PCIBus sec_bus;
    bool sec_bus_created;
    MemoryRegion address_space_mem;     /* "pci_bridge_pci", 2^64 bytes */
    MemoryRegion address_space_io;      /* "pci_bridge_io", 4 GiB */

    PCIBridgeWindow win_io;
    PCIBridgeWindow win_mem;
    PCIBridgeWindow win_pref;

    pci_map_irq_fn map_irq;     /* NULL: the standard swizzle */
    const char *bus_name;       /* NULL: "pci.N" or "ID.0" */
    const char *sec_bus_type;   /* NULL: TYPE_PCI_BUS */

    /*
     * Hook for a standard hot-plug controller (SHPC): a subclass that
     * implements one sets this; it is called after every configuration
     * write so the controller sees its capability registers change.
     */
    void (*shpc_write_config)(PCIBridge *br, uint32_t addr, uint32_t val,
                              int len);
};

/*
 * Set up the type 1 header, the secondary bus and its spaces.  @typename
 * is the secondary bus type (TYPE_PCI_BUS or TYPE_PCIE_BUS).
 */
void pci_bridge_initfn(PCIDevice *dev, const char *typename);
void pci_bridge_exitfn(PCIDevice *dev);
void pci_bridge_write_config(PCIDevice *dev, uint32_t addr, uint32_t val,
                             int len);
/* Reset the bridge registers (windows closed, bus numbers 0). */
void pci_bridge_reset(DeviceState *qdev);
/* Use @map_irq and name the secondary bus @bus_name (before initfn). */
void pci_bridge_map_irq(PCIBridge *br, const char *bus_name,
                        pci_map_irq_fn map_irq);

PCIBus *pci_bridge_get_sec_bus(PCIBridge *br);
/* The window of @type (PCI_BASE_ADDRESS_SPACE_IO, _MEMORY, or
 * _MEMORY|PREFETCH) as the registers say. */
pcibus_t pci_bridge_get_base(const PCIDevice *bridge, uint8_t type);
pcibus_t pci_bridge_get_limit(const PCIDevice *bridge, uint8_t type);
/* Re-read the windows from config space and remap them. */
void pci_bridge_update_mappings(PCIBridge *br);
/* Close all three windows (base > limit), as firmware does; the
 * prefetchable window's upper 32-bit halves read 0. */
void pci_bridge_disable_base_limit(PCIDevice *dev);

/* The slot identification capability ([P2P] 13.1), for bridges. */
int pci_slotid_cap_init(PCIDevice *dev, int nslots, uint8_t chassis,
                        unsigned offset, Error **errp);

/*
 * Resource reservation hints: how much firmware should leave behind a
 * bridge for devices hot-plugged later, given by the "bus-reserve",
 * "io-reserve", "mem-reserve", "pref32-reserve" and "pref64-reserve"
 * properties of qemu's bridges (all-ones: no hint).  Firmware (SeaBIOS,
 * OVMF) reads them from Red Hat's vendor-specific capability (0x09):
 *
 *   +0  id 0x09, next, length 0x20, type 1 (resource reservation)
 *   +4  bus numbers (32 bits)        +8  I/O (64 bits)
 *   +16 memory (32 bits)             +20 prefetchable, 32-bit (32 bits)
 *   +24 prefetchable, 64-bit (64 bits)
 */
typedef struct PCIResReserve {
    uint32_t bus;
    uint64_t io;
    uint64_t mem_non_pref;
    uint64_t mem_pref_32;
    uint64_t mem_pref_64;
} PCIResReserve;

#define PCI_RES_RESERVE_CAP_SIZEOF  0x20

/*
 * Add the capability at @offset (0: the first free space) if any hint
 * is given; refuse hints that do not fit it (memory and 32-bit
 * prefetchable below 4 GiB, not both kinds of prefetchable), in qemu's
 * words.
 */
bool pci_bridge_reserve_cap_init(PCIDevice *dev, uint8_t offset,
                                 const PCIResReserve *res, Error **errp);

#endif
