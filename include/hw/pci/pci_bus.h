/*
 * PCI buses: TYPE_PCI_BUS ("PCI") and TYPE_PCIE_BUS ("PCIE").
 *
 * A root bus belongs to a host bridge (or an expander bridge), which
 * gives it the address spaces BARs are mapped into and the interrupt
 * lines INTx ends on:
 *
 *     bus = pci_register_root_bus(host, NULL, set_irq, map_irq, host,
 *                                 pci_mem, pci_io, 0, 4, TYPE_PCI_BUS);
 *
 * map_irq(dev, pin) picks the line a device's pin (0 = INTA) drives,
 * set_irq(opaque, line, level) drives it; the core counts, per line, the
 * functions asserting it and passes the or of their levels.  Secondary
 * buses of bridges swizzle the pin and hand it to the bridge's own bus
 * (hw/pci/pci_bridge.h), so every pin ends on a root bus line.
 *
 * Devices are placed by devfn (slot << 3 | function).  Without "addr"
 * a device goes to function 0 of the first slot from devfn_min whose
 * function 0 is free and which is not reserved (qemu's rule; functions
 * already in that slot then refuse a single-function device).  Bus numbers
 * are the guest's business: a root bus is number 0 unless its class
 * says otherwise (expander bridges), a secondary bus has the number the
 * guest wrote into its bridge.
 *
 * A bus is hotpluggable when its owner gives it a hotplug handler
 * (qbus_set_hotplug_handler); device realize and device_del then go
 * through the handler, as for any qdev bus.
 */
#ifndef HW_PCI_PCI_BUS_H
#define HW_PCI_PCI_BUS_H

#include "hw/pci/pci.h"

#define TYPE_PCI_BUS "PCI"
#define TYPE_PCIE_BUS "PCIE"

typedef struct PCIBusClass PCIBusClass;

#define PCI_BUS(obj) OBJECT_CHECK(PCIBus, (obj), TYPE_PCI_BUS)
#define PCI_BUS_CLASS(klass) \
    OBJECT_CLASS_CHECK(PCIBusClass, (klass), TYPE_PCI_BUS)
#define PCI_BUS_GET_CLASS(obj) \
    OBJECT_GET_CLASS(PCIBusClass, (obj), TYPE_PCI_BUS)

typedef void (*pci_set_irq_fn)(void *opaque, int irq_num, int level);
typedef int (*pci_map_irq_fn)(PCIDevice *dev, int pin);

struct PCIBusClass {
    BusClass parent_class;

    /* Whether the bus is a root (default: it has no parent bridge). */
    bool (*is_root)(PCIBus *bus);
    /* A root bus's number (default 0). */
    int (*bus_num)(PCIBus *bus);
    /* The NUMA node a root bus is near (default: none, -1). */
    int (*numa_node)(PCIBus *bus);
};

struct PCIBus {
    BusState qbus;

    uint8_t devfn_min;          /* automatic placement starts here */
    uint32_t slot_reserved_mask;    /* bit N: slot N refuses devices */
    /* Only slot 0 may be used (the link below a PCIe downstream port). */
    bool slot0_only;
    /* Only bridges may be plugged (an expander's internal root bus). */
    bool bridges_only;

    /* INTx routing (root buses, and buses with their own lines) */
    pci_set_irq_fn set_irq;
    pci_map_irq_fn map_irq;
    void *irq_opaque;
    int nirq;
    int *irq_count;             /* per line: functions asserting it */

    PCIDevice *devices[PCI_DEVFN_MAX];
    PCIDevice *parent_dev;      /* the bridge that owns it; NULL: root */

    MemoryRegion *address_space_mem;    /* where memory BARs go */
    MemoryRegion *address_space_io;     /* where I/O BARs go */
    MemoryRegion *dma_root;     /* root buses: where bus masters write */
    bool registered_root;       /* on the list pci_for_each_root_bus walks */
};

/* Root buses */

/*
 * Create a root bus of @typename (TYPE_PCI_BUS, TYPE_PCIE_BUS or a
 * subtype) owned by @parent, named @name (NULL: "pci.0" style).  BARs
 * are mapped into @mem and @io; bus masters reach system memory until
 * pci_bus_set_dma_root says otherwise.
 */
PCIBus *pci_root_bus_new(DeviceState *parent, const char *name,
                         MemoryRegion *mem, MemoryRegion *io,
                         uint8_t devfn_min, const char *typename);
/* The same for a bus embedded in its owner's state. */
void pci_root_bus_init(PCIBus *bus, size_t bus_size, DeviceState *parent,
                       const char *name, MemoryRegion *mem,
                       MemoryRegion *io, uint8_t devfn_min,
                       const char *typename);
/* Give the bus @nirq interrupt lines driven by @set_irq. */
void pci_bus_irqs(PCIBus *bus, pci_set_irq_fn set_irq, void *irq_opaque,
                  int nirq);
void pci_bus_map_irqs(PCIBus *bus, pci_map_irq_fn map_irq);
/* Both at once, as most host bridges want. */
PCIBus *pci_register_root_bus(DeviceState *parent, const char *name,
                              pci_set_irq_fn set_irq, pci_map_irq_fn map_irq,
                              void *irq_opaque, MemoryRegion *mem,
                              MemoryRegion *io, uint8_t devfn_min, int nirq,
                              const char *typename);
/* Remove a root bus and everything on it (host bridge unrealize). */
void pci_unregister_root_bus(PCIBus *bus);
/* Where bus masters' accesses go (the default: system memory). */
void pci_bus_set_dma_root(PCIBus *bus, MemoryRegion *root);

/* Questions */

bool pci_bus_is_express(const PCIBus *bus);
bool pci_bus_is_root(PCIBus *bus);
/* The bus number: the class's for a root bus, else the secondary bus
 * number in the parent bridge. */
int pci_bus_num(PCIBus *bus);
/* The NUMA node of the root bus above @bus (an expander's "numa_node",
 * for the firmware tables), or -1 (NUMA_NODE_UNASSIGNED) if none. */
int pci_bus_numa_node(PCIBus *bus);
/* The root bus above @bus (itself if it is one). */
PCIBus *pci_bus_root(PCIBus *bus);
PCIBus *pci_device_root_bus(const PCIDevice *dev);
/* The level of root bus line @irq_num (the or of its devices). */
int pci_bus_get_irq_level(PCIBus *bus, int irq_num);

/*
 * Find the bus numbered @bus_num under @bus as configuration cycles are
 * routed: into an expander's root bus whose function sits on @bus (its
 * parent_dev) when the number is the expander's or one of its bridges',
 * else through the bridge whose secondary/subordinate range holds it.
 */
PCIBus *pci_find_bus_nr(PCIBus *bus, int bus_num);
PCIDevice *pci_find_device(PCIBus *bus, int bus_num, uint8_t devfn);

/* Call @fn for each device on @bus, in devfn order. */
void pci_for_each_device_on_bus(PCIBus *bus,
                                void (*fn)(PCIBus *bus, PCIDevice *dev,
                                           void *opaque),
                                void *opaque);
/* Call @fn for each root bus, newest first (as query-pci lists them). */
void pci_for_each_root_bus(void (*fn)(PCIBus *bus, void *opaque),
                           void *opaque);

#endif
