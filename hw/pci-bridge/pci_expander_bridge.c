/*
 * "pxb-pcie" (1b36:000b): a PCI Express expander bridge, i.e. an extra
 * host bridge whose root bus starts at bus number "bus_nr".
 *
 * The function itself sits on the main PCI Express root bus (pcie.0)
 * and looks like a host bridge (class 0600, no capabilities).  Its bus
 * belongs to a "pxb-host" device on the system bus, is named after the
 * pxb's id (or "pxb-pcie-bus.N"), has type "pxb-pcie-bus", and takes
 * only bridges (root ports, pcie-pci-bridge), which is where devices go.
 * The bus shares the main bus's memory and I/O spaces and DMA root; its
 * interrupts go through the pxb's own slot on pcie.0.
 *
 * Configuration cycles reach the bus through the host bridge of pcie.0
 * by bus number: the PCI core routes those for bus_nr, and for the
 * numbers the bridges on the bus were given, into it (pci_find_bus_nr).
 *
 * "numa_node" names the NUMA node the bus is near, for the firmware
 * tables (pci_bus_numa_node); it must be a node the machine has.
 */
#include "util/osdep.h"
#include "util/module.h"
#include "hw/core/qdev-properties.h"
#include "hw/pci/pci_host.h"
#include "qom/object-property.h"
#include "hw/core/machine.h"
#include "system/numa.h"

#define TYPE_PXB_PCIE_DEV       "pxb-pcie"
#define TYPE_PXB_HOST           "pxb-host"
#define TYPE_PXB_PCIE_BUS       "pxb-pcie-bus"
/* No NUMA node given; qemu's value for it (MAX_NODES). */
#define PXB_NUMA_NODE_UNASSIGNED 128

typedef struct PXBDev {
    PCIDevice parent_obj;

    uint8_t bus_nr;
    uint16_t numa_node;
    bool bypass_iommu;
    DeviceState *host;          /* the pxb-host that owns the bus */
    PCIBus *bus;
    bool bus_nr_registered;
} PXBDev;

#define PXB_DEV(obj) OBJECT_CHECK(PXBDev, (obj), TYPE_PXB_PCIE_DEV)

static GSList *pxb_bus_numbers;     /* of GINT_TO_POINTER(bus_nr + 1) */

static PXBDev *pxb_of_bus(PCIBus *bus)
{
    return PXB_DEV(bus->parent_dev);
}

/* The bus is a root bus, numbered as the pxb says. */
static bool pxb_bus_is_root(PCIBus *bus)
{
    return true;
}

static int pxb_bus_num(PCIBus *bus)
{
    return bus->parent_dev ? pxb_of_bus(bus)->bus_nr : 0;
}

static int pxb_bus_numa_node(PCIBus *bus)
{
    PXBDev *pxb = bus->parent_dev ? pxb_of_bus(bus) : NULL;

    if (!pxb || pxb->numa_node == PXB_NUMA_NODE_UNASSIGNED) {
        return NUMA_NODE_UNASSIGNED;
    }
    return pxb->numa_node;
}

/* Whether the machine has NUMA node @node (ids are 0..num_nodes-1). */
static bool pxb_numa_node_exists(uint16_t node)
{
    MachineState *ms = qdev_get_machine();

    return ms && node < numa_num_nodes(ms);
}

/*
 * A device's pin, swizzled by its slot on the pxb bus as below any
 * bridge; pcie.0 then adds the pxb's own slot, which firmware does not
 * count for devices on another root bus, so take it off here.
 */
static int pxb_map_irq(PCIDevice *dev, int pin)
{
    PCIDevice *pxb = pci_get_bus(dev)->parent_dev;
    int swizzled = pci_swizzle(PCI_SLOT(dev->devfn), pin);

    return (swizzled - PCI_SLOT(pxb->devfn) % PCI_NUM_PINS + PCI_NUM_PINS) %
           PCI_NUM_PINS;
}

static bool pxb_bus_nr_add(uint8_t nr)
{
    gpointer key = GINT_TO_POINTER((int)nr + 1);

    if (g_slist_find(pxb_bus_numbers, key)) {
        return false;
    }
    pxb_bus_numbers = g_slist_prepend(pxb_bus_numbers, key);
    return true;
}

static void pxb_bus_nr_del(uint8_t nr)
{
    pxb_bus_numbers = g_slist_remove(pxb_bus_numbers,
                                     GINT_TO_POINTER((int)nr + 1));
}

static void pxb_exit(PCIDevice *dev)
{
    PXBDev *pxb = PXB_DEV(dev);

    if (pxb->bus) {
        pxb->bus->parent_dev = NULL;
        pci_unregister_root_bus(pxb->bus);
        pxb->bus = NULL;
    }
    if (pxb->host) {
        object_unparent(OBJECT(pxb->host));
        pxb->host = NULL;
    }
    if (pxb->bus_nr_registered) {
        pxb_bus_nr_del(pxb->bus_nr);
        pxb->bus_nr_registered = false;
    }
}

static void pxb_realize(PCIDevice *dev, Error **errp)
{
    PXBDev *pxb = PXB_DEV(dev);
    PCIBus *parent = pci_get_bus(dev);
    const char *id = DEVICE(dev)->id;
    PCIHostState *phb;
    PCIBus *bus;

    if (!pci_bus_is_express(parent)) {
        error_setg(errp, "pxb-pcie devices cannot reside on a PCI bus");
        return;
    }
    if (!pci_bus_is_root(parent)) {
        error_setg(errp, "PXB devices can be attached only to root bus");
        return;
    }
    if (pxb->numa_node != PXB_NUMA_NODE_UNASSIGNED &&
        !pxb_numa_node_exists(pxb->numa_node)) {
        error_setg(errp, "Illegal numa node %d", pxb->numa_node);
        return;
    }
    if (!pxb_bus_nr_add(pxb->bus_nr)) {
        error_setg(errp, "Bus %d is already in use", pxb->bus_nr);
        return;
    }
    pxb->bus_nr_registered = true;

    pxb->host = qdev_new(TYPE_PXB_HOST);
    object_property_add_child(object_get_container("/machine/unattached"),
                              "device[*]", OBJECT(pxb->host));
    phb = PCI_HOST_BRIDGE(pxb->host);
    bus = pci_root_bus_new(pxb->host, id && *id ? id : NULL,
                           parent->address_space_mem,
                           parent->address_space_io, 0, TYPE_PXB_PCIE_BUS);
    bus->parent_dev = dev;
    bus->bridges_only = true;
    pci_bus_map_irqs(bus, pxb_map_irq);
    pci_bus_set_dma_root(bus, pci_bus_root(parent)->dma_root);
    phb->bus = bus;
    pxb->bus = bus;
    /* The composition tree holds the host from here on. */
    if (!qdev_realize_and_unref(pxb->host, sysbus_get_default(), errp)) {
        pxb_exit(dev);
        return;
    }
    /* 66 MHz and fast back-to-back capable, as qemu's. */
    pci_set_word(dev->config + PCI_STATUS,
                 PCI_STATUS_66MHZ | PCI_STATUS_FAST_BACK);
}

static const Property pxb_props[] = {
    DEFINE_PROP_UINT8("bus_nr", PXBDev, bus_nr, 0),
    DEFINE_PROP_UINT16("numa_node", PXBDev, numa_node,
                       PXB_NUMA_NODE_UNASSIGNED),
    DEFINE_PROP_BOOL("bypass_iommu", PXBDev, bypass_iommu, false),
};

static void pxb_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(oc);

    pc->realize = pxb_realize;
    pc->exit = pxb_exit;
    pc->vendor_id = PCI_VENDOR_ID_REDHAT;
    pc->device_id = PCI_DEVICE_ID_REDHAT_PXB_PCIE;
    pc->class_id = PCI_CLASS_BRIDGE_HOST;
    dc->desc = "PCI Express Expander Bridge";
    /* An extra root complex: only at start-up. */
    dc->hotpluggable = false;
    device_class_set_category(dc, DEVICE_CATEGORY_BRIDGE);
    device_class_set_props(dc, pxb_props);
}

static const InterfaceInfo pxb_interfaces[] = {
    { INTERFACE_CONVENTIONAL_PCI_DEVICE },
    { NULL },
};

static const TypeInfo pxb_info = {
    .name = TYPE_PXB_PCIE_DEV,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(PXBDev),
    .class_init = pxb_class_init,
    .interfaces = pxb_interfaces,
};

static void pxb_host_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    /* Made by pxb-pcie only. */
    dc->user_creatable = false;
}

static const TypeInfo pxb_host_info = {
    .name = TYPE_PXB_HOST,
    .parent = TYPE_PCI_HOST_BRIDGE,
    .instance_size = sizeof(PCIHostState),
    .class_init = pxb_host_class_init,
};

static void pxb_bus_class_init(ObjectClass *oc, void *data)
{
    PCIBusClass *pbc = PCI_BUS_CLASS(oc);

    pbc->is_root = pxb_bus_is_root;
    pbc->bus_num = pxb_bus_num;
    pbc->numa_node = pxb_bus_numa_node;
}

static const TypeInfo pxb_bus_info = {
    .name = TYPE_PXB_PCIE_BUS,
    .parent = TYPE_PCIE_BUS,
    .instance_size = sizeof(PCIBus),
    .class_size = sizeof(PCIBusClass),
    .class_init = pxb_bus_class_init,
};

static void pxb_register_types(void)
{
    type_register_static(&pxb_info);
    type_register_static(&pxb_host_info);
    type_register_static(&pxb_bus_info);
}

type_init(pxb_register_types)
