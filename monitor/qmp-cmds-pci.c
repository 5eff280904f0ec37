/*
 * query-pci: the PCI hierarchy as the guest configured it, in qemu's
 * schema (PciInfo, PciDeviceInfo, PciBridgeInfo, PciMemoryRegion).
 * "info pci" (monitor/hmp-info-pci.c) prints the same data as text.
 */
#include "util/osdep.h"
#include "hw/pci/pci.h"
#include "hw/pci/pci_bus.h"
#include "hw/pci/pci_bridge.h"
#include "monitor/qmp.h"

static QList *pci_devices_info(PCIBus *bus, int bus_num);

static QDict *pci_range_info(uint64_t base, uint64_t limit)
{
    QDict *d = qdict_new();

    qdict_put_int(d, "base", base);
    qdict_put_int(d, "limit", limit);
    return d;
}

static QDict *pci_bridge_info(PCIBus *bus, PCIDevice *dev)
{
    QDict *info = qdict_new();
    QDict *businfo = qdict_new();
    uint8_t *c = dev->config;
    int secondary = c[PCI_SECONDARY_BUS];

    /* The numbers and windows as the guest programmed them. */
    qdict_put_int(businfo, "number", c[PCI_PRIMARY_BUS]);
    qdict_put_int(businfo, "secondary", secondary);
    qdict_put_int(businfo, "subordinate", c[PCI_SUBORDINATE_BUS]);
    qdict_put_obj(businfo, "io_range", QOBJECT(pci_range_info(
        pci_bridge_get_base(dev, PCI_BASE_ADDRESS_SPACE_IO),
        pci_bridge_get_limit(dev, PCI_BASE_ADDRESS_SPACE_IO))));
    qdict_put_obj(businfo, "memory_range", QOBJECT(pci_range_info(
        pci_bridge_get_base(dev, PCI_BASE_ADDRESS_SPACE_MEMORY),
        pci_bridge_get_limit(dev, PCI_BASE_ADDRESS_SPACE_MEMORY))));
    qdict_put_obj(businfo, "prefetchable_range", QOBJECT(pci_range_info(
        pci_bridge_get_base(dev, PCI_BASE_ADDRESS_MEM_PREFETCH),
        pci_bridge_get_limit(dev, PCI_BASE_ADDRESS_MEM_PREFETCH))));
    qdict_put_obj(info, "bus", QOBJECT(businfo));

    /*
     * The devices below, once the guest numbered the bus so that
     * configuration cycles reach it: the bus that number routes to from
     * the root must be this bridge's own.  (Only ever descending to the
     * bridge's child keeps a guest's circular numbering from recursing.)
     */
    if (secondary && object_dynamic_cast(OBJECT(dev), TYPE_PCI_BRIDGE)) {
        PCIBus *sec = pci_bridge_get_sec_bus(PCI_BRIDGE(dev));

        if (pci_find_bus_nr(pci_bus_root(bus), secondary) == sec) {
            qdict_put_obj(info, "devices",
                          QOBJECT(pci_devices_info(sec, secondary)));
        }
    }
    return info;
}

static QList *pci_regions_info(PCIDevice *dev)
{
    QList *list = qlist_new();
    int i;

    for (i = 0; i < PCI_NUM_REGIONS; i++) {
        PCIIORegion *r = &dev->io_regions[i];
        QDict *region;

        if (!r->size) {
            continue;
        }
        region = qdict_new();
        qdict_put_int(region, "bar", i);
        if (r->type & PCI_BASE_ADDRESS_SPACE_IO) {
            qdict_put_str(region, "type", "io");
        } else {
            qdict_put_str(region, "type", "memory");
        }
        /* Unmapped BARs show as -1, as qemu's do. */
        qdict_put_int(region, "address", (int64_t)r->addr);
        qdict_put_int(region, "size", r->size);
        if (!(r->type & PCI_BASE_ADDRESS_SPACE_IO)) {
            qdict_put_bool(region, "prefetch",
                           r->type & PCI_BASE_ADDRESS_MEM_PREFETCH);
            qdict_put_bool(region, "mem_type_64",
                           r->type & PCI_BASE_ADDRESS_MEM_TYPE_64);
        }
        qlist_append_obj(list, QOBJECT(region));
    }
    return list;
}

static QDict *pci_device_info(PCIBus *bus, PCIDevice *dev, int bus_num)
{
    QDict *info = qdict_new();
    QDict *class_info = qdict_new();
    QDict *id = qdict_new();
    uint8_t *c = dev->config;
    uint16_t class_id = pci_get_word(c + PCI_CLASS_DEVICE);
    uint8_t type = c[PCI_HEADER_TYPE] & PCI_HEADER_TYPE_MASK;
    const char *desc = pci_class_description(class_id);

    qdict_put_int(info, "bus", bus_num);
    qdict_put_int(info, "slot", PCI_SLOT(dev->devfn));
    qdict_put_int(info, "function", PCI_FUNC(dev->devfn));
    if (desc) {
        qdict_put_str(class_info, "desc", desc);
    }
    qdict_put_int(class_info, "class", class_id);
    qdict_put_obj(info, "class_info", QOBJECT(class_info));
    qdict_put_int(id, "device", pci_get_word(c + PCI_DEVICE_ID));
    qdict_put_int(id, "vendor", pci_get_word(c + PCI_VENDOR_ID));
    if (type == PCI_HEADER_TYPE_NORMAL) {
        qdict_put_int(id, "subsystem", pci_get_word(c + PCI_SUBSYSTEM_ID));
        qdict_put_int(id, "subsystem-vendor",
                      pci_get_word(c + PCI_SUBSYSTEM_VENDOR_ID));
    }
    qdict_put_obj(info, "id", QOBJECT(id));
    if (c[PCI_INTERRUPT_PIN]) {
        qdict_put_int(info, "irq", c[PCI_INTERRUPT_LINE]);
    }
    qdict_put_int(info, "irq_pin", c[PCI_INTERRUPT_PIN]);
    qdict_put_str(info, "qdev_id", dev->qdev.id ? dev->qdev.id : "");
    if (type == PCI_HEADER_TYPE_BRIDGE) {
        qdict_put_obj(info, "pci_bridge", QOBJECT(pci_bridge_info(bus, dev)));
    }
    qdict_put_obj(info, "regions", QOBJECT(pci_regions_info(dev)));
    return info;
}

static QList *pci_devices_info(PCIBus *bus, int bus_num)
{
    QList *list = qlist_new();
    int devfn;

    for (devfn = 0; devfn < PCI_DEVFN_MAX; devfn++) {
        PCIDevice *dev = bus->devices[devfn];

        if (dev && dev->config) {
            qlist_append_obj(list,
                             QOBJECT(pci_device_info(bus, dev, bus_num)));
        }
    }
    return list;
}

static void add_root_bus(PCIBus *bus, void *opaque)
{
    QList *list = opaque;
    QDict *info = qdict_new();
    int bus_num = pci_bus_num(bus);

    qdict_put_int(info, "bus", bus_num);
    qdict_put_obj(info, "devices", QOBJECT(pci_devices_info(bus, bus_num)));
    qlist_append_obj(list, QOBJECT(info));
}

static void qmp_query_pci(const QDict *args, QObject **ret, Error **errp)
{
    QList *list = qlist_new();

    pci_for_each_root_bus(add_root_bus, list);
    *ret = QOBJECT(list);
}

static void qmp_pci_register(void)
{
    qmp_register_command("query-pci", qmp_query_pci, NULL, 0);
}

qmp_init(qmp_pci_register)
