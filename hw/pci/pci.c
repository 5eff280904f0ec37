/*
 * The PCI core: buses, root buses, placing functions on a bus (devfn,
 * multifunction rules), realize/unrealize of PCI devices, reset, the
 * common device properties.  Configuration space is in pci-config.c,
 * BARs in pci-bar.c, INTx and bus mastering in pci-irq.c.
 */
#include "util/osdep.h"
#include "util/module.h"
#include "util/error-report.h"
#include "qom/object-property.h"
#include "hw/core/qdev-properties.h"
#include "hw/pci/pci.h"
#include "hw/pci/pci_bus.h"
#include "hw/pci/msi.h"
#include "hw/pci/msix.h"
#include "hw/pci/pcie.h"
#include "system/numa.h"
#include "pci-internal.h"

/* Root buses, newest first. */
static GList *pci_root_buses;

/* Guest errors: at most this many reports per second, then a summary. */
#define PCI_GUEST_ERROR_BURST 10

void pci_guest_error(PCIDevice *dev, const char *fmt, ...)
{
    static int64_t window_start;
    static unsigned reported, suppressed;
    int64_t now = g_get_monotonic_time();
    g_autofree char *msg = NULL;
    va_list ap;

    if (now - window_start >= G_USEC_PER_SEC) {
        if (suppressed) {
            warn_report("PCI: %u more guest errors not shown", suppressed);
        }
        window_start = now;
        reported = suppressed = 0;
    }
    if (reported >= PCI_GUEST_ERROR_BURST) {
        suppressed++;
        return;
    }
    reported++;
    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    warn_report("%s %02x:%02x.%x: guest error: %s", dev->name,
                pci_dev_bus_num(dev), PCI_SLOT(dev->devfn),
                PCI_FUNC(dev->devfn), msg);
}

/* Buses */

bool pci_bus_is_express(const PCIBus *bus)
{
    return object_dynamic_cast(OBJECT(bus), TYPE_PCIE_BUS) != NULL;
}

bool pci_bus_is_root(PCIBus *bus)
{
    return PCI_BUS_GET_CLASS(bus)->is_root(bus);
}

int pci_bus_num(PCIBus *bus)
{
    if (pci_bus_is_root(bus)) {
        return PCI_BUS_GET_CLASS(bus)->bus_num(bus);
    }
    return bus->parent_dev->config[PCI_SECONDARY_BUS];
}

PCIBus *pci_bus_root(PCIBus *bus)
{
    while (!pci_bus_is_root(bus)) {
        bus = pci_get_bus(bus->parent_dev);
    }
    return bus;
}

int pci_bus_numa_node(PCIBus *bus)
{
    PCIBus *root = pci_bus_root(bus);

    return PCI_BUS_GET_CLASS(root)->numa_node(root);
}

PCIBus *pci_get_bus(const PCIDevice *dev)
{
    return PCI_BUS(dev->qdev.parent_bus);
}

PCIBus *pci_device_root_bus(const PCIDevice *dev)
{
    return pci_bus_root(pci_get_bus(dev));
}

int pci_dev_bus_num(const PCIDevice *dev)
{
    return dev->qdev.parent_bus ? pci_bus_num(pci_get_bus(dev)) : 0;
}

uint16_t pci_requester_id(PCIDevice *dev)
{
    return PCI_BUILD_BDF(pci_dev_bus_num(dev), dev->devfn);
}

/*
 * Function 0 of the device @devfn belongs to on @bus.  Below a PCI
 * Express downstream port the link leads to one device, whose functions
 * a guest finds through devfn 0 whatever their number (ARI numbers them
 * up to 255); elsewhere it is function 0 of the same slot.
 */
static PCIDevice *pci_bus_function_0(PCIBus *bus, int devfn)
{
    if (bus->parent_dev && pcie_is_downstream_port(bus->parent_dev)) {
        return bus->devices[0];
    }
    return bus->devices[PCI_DEVFN(PCI_SLOT(devfn), 0)];
}

PCIDevice *pci_get_function_0(PCIDevice *dev)
{
    return pci_bus_function_0(pci_get_bus(dev), dev->devfn);
}

static bool pci_bus_default_is_root(PCIBus *bus)
{
    return !bus->parent_dev;
}

static int pci_bus_default_bus_num(PCIBus *bus)
{
    return 0;
}

static int pci_bus_default_numa_node(PCIBus *bus)
{
    return NUMA_NODE_UNASSIGNED;
}

/* Whether the bridge @dev routes configuration cycles for @bus_num. */
static bool pci_bridge_routes(PCIDevice *dev, int bus_num)
{
    int sec = dev->config[PCI_SECONDARY_BUS];
    int sub = dev->config[PCI_SUBORDINATE_BUS];

    return sec != 0 && sec <= bus_num && bus_num <= sub;
}

/*
 * Whether a configuration cycle for @bus_num enters root bus @root: it
 * is the bus's own number, or a bridge on the bus routes it.
 */
static bool pci_root_bus_claims(PCIBus *root, int bus_num)
{
    int devfn;

    if (pci_bus_num(root) == bus_num) {
        return true;
    }
    for (devfn = 0; devfn < PCI_DEVFN_MAX; devfn++) {
        PCIDevice *dev = root->devices[devfn];

        if (dev && PCI_DEVICE_GET_CLASS(dev)->is_bridge &&
            dev->qdev.child_buses && pci_bridge_routes(dev, bus_num)) {
            return true;
        }
    }
    return false;
}

/*
 * The root bus of an expander whose function sits on @bus and which
 * takes cycles for @bus_num, or NULL.  Such a bus belongs to a host
 * bridge of its own (its parent_dev is the expander's function, not a
 * bridge), so no bridge window leads to it: the expander claims the
 * numbers of its bus and of the bridges below it.
 */
static PCIBus *pci_expander_bus_for(PCIBus *bus, int bus_num)
{
    GList *l;

    for (l = pci_root_buses; l; l = l->next) {
        PCIBus *root = l->data;

        if (root != bus && root->parent_dev &&
            root->parent_dev->qdev.parent_bus == &bus->qbus &&
            pci_root_bus_claims(root, bus_num)) {
            return root;
        }
    }
    return NULL;
}

PCIBus *pci_find_bus_nr(PCIBus *bus, int bus_num)
{
    PCIBus *expander;
    int devfn;

    if (!bus) {
        return NULL;
    }
    if (pci_bus_num(bus) == bus_num) {
        return bus;
    }
    /* An expander is a host bridge: it decodes its bus numbers before
     * any bridge on this bus sees the cycle. */
    expander = pci_expander_bus_for(bus, bus_num);
    if (expander) {
        return pci_find_bus_nr(expander, bus_num);
    }
    /* Follow the bridge whose range holds the number, as a configuration
     * cycle would; a guest that gave two bridges overlapping ranges gets
     * the first, like hardware. */
    for (devfn = 0; devfn < PCI_DEVFN_MAX; devfn++) {
        PCIDevice *dev = bus->devices[devfn];

        if (dev && PCI_DEVICE_GET_CLASS(dev)->is_bridge &&
            dev->qdev.child_buses && pci_bridge_routes(dev, bus_num)) {
            BusState *sec = dev->qdev.child_buses->data;

            return pci_find_bus_nr(PCI_BUS(sec), bus_num);
        }
    }
    return NULL;
}

PCIDevice *pci_find_device(PCIBus *bus, int bus_num, uint8_t devfn)
{
    bus = pci_find_bus_nr(bus, bus_num);
    return bus ? bus->devices[devfn] : NULL;
}

void pci_for_each_device_on_bus(PCIBus *bus,
                                void (*fn)(PCIBus *bus, PCIDevice *dev,
                                           void *opaque),
                                void *opaque)
{
    int devfn;

    for (devfn = 0; devfn < PCI_DEVFN_MAX; devfn++) {
        if (bus->devices[devfn]) {
            fn(bus, bus->devices[devfn], opaque);
        }
    }
}

void pci_for_each_root_bus(void (*fn)(PCIBus *bus, void *opaque),
                           void *opaque)
{
    GList *l;

    for (l = pci_root_buses; l; l = l->next) {
        fn(l->data, opaque);
    }
}

int pci_bus_get_irq_level(PCIBus *bus, int irq_num)
{
    if (irq_num < 0 || irq_num >= bus->nirq) {
        return 0;
    }
    return bus->irq_count[irq_num] != 0;
}

/* The generic part of a reset, for every function on the bus; the
 * devices' own reset hooks run after it (bus_cold_reset). */
static void pci_bus_reset(BusState *qbus)
{
    PCIBus *bus = PCI_BUS(qbus);
    int devfn;

    for (devfn = 0; devfn < PCI_DEVFN_MAX; devfn++) {
        if (bus->devices[devfn]) {
            pci_device_reset(bus->devices[devfn]);
        }
    }
}

static void pci_bus_unregister_root(PCIBus *bus)
{
    if (bus->registered_root) {
        pci_root_buses = g_list_remove(pci_root_buses, bus);
        bus->registered_root = false;
    }
}

static void pci_bus_finalize(Object *obj)
{
    PCIBus *bus = PCI_BUS(obj);

    pci_bus_unregister_root(bus);
    g_free(bus->irq_count);
}

static void pci_bus_class_init(ObjectClass *oc, void *data)
{
    BusClass *bc = BUS_CLASS(oc);
    PCIBusClass *pbc = PCI_BUS_CLASS(oc);

    bc->max_dev = PCI_DEVFN_MAX;
    bc->reset = pci_bus_reset;
    pbc->is_root = pci_bus_default_is_root;
    pbc->bus_num = pci_bus_default_bus_num;
    pbc->numa_node = pci_bus_default_numa_node;
}

/* Root buses */

static void pci_root_bus_setup(PCIBus *bus, MemoryRegion *mem,
                               MemoryRegion *io, uint8_t devfn_min)
{
    bus->devfn_min = devfn_min;
    bus->address_space_mem = mem;
    bus->address_space_io = io;
    bus->dma_root = get_system_memory();
    bus->registered_root = true;
    pci_root_buses = g_list_prepend(pci_root_buses, bus);
}

void pci_root_bus_init(PCIBus *bus, size_t bus_size, DeviceState *parent,
                       const char *name, MemoryRegion *mem,
                       MemoryRegion *io, uint8_t devfn_min,
                       const char *typename)
{
    qbus_init(bus, bus_size, typename, parent, name);
    pci_root_bus_setup(bus, mem, io, devfn_min);
}

PCIBus *pci_root_bus_new(DeviceState *parent, const char *name,
                         MemoryRegion *mem, MemoryRegion *io,
                         uint8_t devfn_min, const char *typename)
{
    PCIBus *bus = PCI_BUS(qbus_new(typename, parent, name));

    pci_root_bus_setup(bus, mem, io, devfn_min);
    return bus;
}

void pci_bus_irqs(PCIBus *bus, pci_set_irq_fn set_irq, void *irq_opaque,
                  int nirq)
{
    g_assert(nirq >= 0);
    bus->set_irq = set_irq;
    bus->irq_opaque = irq_opaque;
    bus->nirq = nirq;
    g_free(bus->irq_count);
    bus->irq_count = g_new0(int, nirq);
}

void pci_bus_map_irqs(PCIBus *bus, pci_map_irq_fn map_irq)
{
    bus->map_irq = map_irq;
}

PCIBus *pci_register_root_bus(DeviceState *parent, const char *name,
                              pci_set_irq_fn set_irq, pci_map_irq_fn map_irq,
                              void *irq_opaque, MemoryRegion *mem,
                              MemoryRegion *io, uint8_t devfn_min, int nirq,
                              const char *typename)
{
    PCIBus *bus = pci_root_bus_new(parent, name, mem, io, devfn_min,
                                   typename);

    pci_bus_irqs(bus, set_irq, irq_opaque, nirq);
    pci_bus_map_irqs(bus, map_irq);
    return bus;
}

void pci_unregister_root_bus(PCIBus *bus)
{
    pci_bus_unregister_root(bus);
    object_unparent(OBJECT(bus));
}

void pci_bus_set_dma_root(PCIBus *bus, MemoryRegion *root)
{
    bus->dma_root = root;
}

/* Placing a function: devfn and the multifunction rules */

static const char *dev_id_str(const PCIDevice *dev)
{
    /* qemu prints a missing id as C's printf shows NULL. */
    return dev->qdev.id ? dev->qdev.id : "(null)";
}

static bool pci_slot_reserved(PCIBus *bus, int devfn)
{
    return bus->slot_reserved_mask & (1u << PCI_SLOT(devfn));
}

/* Pick or check @dev's devfn on @bus; -1 with an error. */
static int pci_choose_devfn(PCIBus *bus, PCIDevice *dev, Error **errp)
{
    int devfn = dev->devfn;
    PCIDevice *f0;

    if (devfn < 0) {
        /*
         * As qemu places it: function 0 of the first slot from devfn_min
         * whose function 0 is free and which is not reserved.  Higher
         * functions already in that slot make the multifunction check
         * refuse it, with qemu's message.
         */
        int first = (bus->devfn_min + PCI_FUNC_MAX - 1) & ~(PCI_FUNC_MAX - 1);

        for (devfn = first; devfn < PCI_DEVFN_MAX; devfn += PCI_FUNC_MAX) {
            if (bus->slot0_only && PCI_SLOT(devfn) != 0) {
                break;
            }
            if (!pci_slot_reserved(bus, devfn) && !bus->devices[devfn]) {
                return devfn;
            }
        }
        error_setg(errp, "PCI: no slot/function available for %s, all in "
                   "use or reserved", dev->name);
        return -1;
    }
    if (devfn >= PCI_DEVFN_MAX) {
        /* Only reachable by board code: the property refuses it. */
        error_setg(errp, "PCI: devfn %d out of range for %s", devfn,
                   dev->name);
        return -1;
    }
    if (bus->slot0_only && PCI_SLOT(devfn) != 0) {
        error_setg(errp, "PCI: slot %d is not valid for %s, parent device "
                   "only allows plugging into slot 0.", PCI_SLOT(devfn),
                   dev->name);
        return -1;
    }
    if (pci_slot_reserved(bus, devfn)) {
        error_setg(errp, "PCI: slot %d function %d not available for %s, "
                   "reserved", PCI_SLOT(devfn), PCI_FUNC(devfn), dev->name);
        return -1;
    }
    if (bus->devices[devfn]) {
        PCIDevice *other = bus->devices[devfn];

        error_setg(errp, "PCI: slot %d function %d not available for %s, "
                   "in use by %s,id=%s", PCI_SLOT(devfn), PCI_FUNC(devfn),
                   dev->name, other->name, dev_id_str(other));
        return -1;
    }
    /*
     * A guest finds the other functions of a device when it scans
     * function 0; one added after function 0 would stay invisible, so
     * hot-plug refuses it (qemu's rule and words).  This is the only
     * place that checks it, for every kind of bus.
     */
    f0 = pci_bus_function_0(bus, devfn);
    if (dev->qdev.hotplugged && f0) {
        error_setg(errp, "PCI: slot %d function 0 already occupied by %s, "
                   "new func %s cannot be exposed to guest.",
                   PCI_SLOT(f0->devfn), f0->name, dev->name);
        return -1;
    }
    return devfn;
}

/*
 * [PCI] 6.2.1: a slot is multi-function when function 0 says so in its
 * header type; other functions exist only then.  Checked from both
 * sides, since functions may be added in any order.
 */
static bool pci_check_multifunction(PCIBus *bus, PCIDevice *dev, int devfn,
                                    Error **errp)
{
    int slot = PCI_SLOT(devfn);
    int fn;

    if (PCI_FUNC(devfn)) {
        PCIDevice *f0 = bus->devices[PCI_DEVFN(slot, 0)];

        if (f0 && !pci_is_multifunction(f0)) {
            error_setg(errp, "PCI: single function device can't be "
                       "populated in function %x.%x", slot,
                       PCI_FUNC(devfn));
            return false;
        }
        return true;
    }
    if (pci_is_multifunction(dev)) {
        return true;
    }
    for (fn = 1; fn < PCI_FUNC_MAX; fn++) {
        if (bus->devices[PCI_DEVFN(slot, fn)]) {
            error_setg(errp, "PCI: %x.0 indicates single function, but "
                       "%x.%x is already populated.", slot, slot, fn);
            return false;
        }
    }
    return true;
}

static bool pci_register_device(PCIDevice *dev, PCIBus *bus, Error **errp)
{
    PCIDeviceClass *pc = PCI_DEVICE_GET_CLASS(dev);
    int devfn, i;

    if (bus->bridges_only && !pc->is_bridge) {
        error_setg(errp, "PCI: Only PCI/PCIe bridges can be plugged into %s",
                   bus->parent_dev ? bus->parent_dev->name : bus->qbus.name);
        return false;
    }
    devfn = pci_choose_devfn(bus, dev, errp);
    if (devfn < 0 || !pci_check_multifunction(bus, dev, devfn, errp)) {
        return false;
    }
    dev->devfn_auto = dev->devfn < 0;
    dev->devfn = devfn;
    dev->config_read = pc->config_read ? pc->config_read
                                       : pci_default_read_config;
    dev->config_write = pc->config_write ? pc->config_write
                                         : pci_default_write_config;
    pci_config_alloc(dev);
    pci_config_init(dev);
    for (i = 0; i < PCI_NUM_REGIONS; i++) {
        dev->io_regions[i].addr = PCI_BAR_UNMAPPED;
    }
    bus->devices[devfn] = dev;
    pci_bus_master_init(dev);
    return true;
}

/* Undo pci_register_device and everything the core did since. */
static void pci_unregister_device(PCIDevice *dev)
{
    PCIBus *bus = pci_get_bus(dev);

    pci_device_deassert_intx(dev);
    pci_bars_unmap(dev);
    pci_rom_cleanup(dev);
    pci_bus_master_cleanup(dev);
    if (bus->devices[dev->devfn] == dev) {
        bus->devices[dev->devfn] = NULL;
    }
    memset(dev->io_regions, 0, sizeof(dev->io_regions));
    pci_config_free(dev);
    /* What realize found out goes; what the properties say stays. */
    dev->cap_present = 0;
    dev->msi_cap = dev->msix_cap = 0;
    dev->exp_cap = 0;
    if (dev->devfn_auto) {
        dev->devfn = -1;
        dev->devfn_auto = false;
    }
}

static void pci_qdev_realize(DeviceState *qdev, Error **errp)
{
    PCIDevice *dev = PCI_DEVICE(qdev);
    PCIDeviceClass *pc = PCI_DEVICE_GET_CLASS(dev);
    ObjectClass *oc = OBJECT_CLASS(pc);
    PCIBus *bus = PCI_BUS(qdev->parent_bus);
    bool express = object_class_dynamic_cast(oc, INTERFACE_PCIE_DEVICE);
    bool conventional = object_class_dynamic_cast(
        oc, INTERFACE_CONVENTIONAL_PCI_DEVICE);
    Error *local_err = NULL;

    /* Every concrete PCI type says what it is; a hybrid decided in its
     * DeviceClass realize, before this one. */
    g_assert(express || conventional);
    /* Messages name the function by its type, as qemu's do. */
    g_strlcpy(dev->name, object_get_typename(OBJECT(dev)), sizeof(dev->name));
    if (express && !conventional) {
        dev->cap_present |= PCI_CAP_PRESENT_EXPRESS;
    }
    if (!pci_register_device(dev, bus, errp)) {
        dev->cap_present = 0;
        return;
    }
    if (pc->realize) {
        pc->realize(dev, &local_err);
        if (local_err) {
            error_propagate(errp, local_err);
            pci_unregister_device(dev);
            return;
        }
    }
    if (!pci_rom_init(dev, errp)) {
        if (pc->exit) {
            pc->exit(dev);
        }
        pci_unregister_device(dev);
    }
}

static void pci_qdev_unrealize(DeviceState *qdev)
{
    PCIDevice *dev = PCI_DEVICE(qdev);
    PCIDeviceClass *pc = PCI_DEVICE_GET_CLASS(dev);

    /* BARs leave the bus before the device tears down what is in them. */
    pci_bars_unmap(dev);
    if (pc->exit) {
        pc->exit(dev);
    }
    pci_unregister_device(dev);
}

/* Reset */

void pci_device_reset(PCIDevice *dev)
{
    uint16_t cmd_mask;

    if (!dev->config) {
        return;
    }
    pci_device_deassert_intx(dev);
    /* [PCI] 6.2.2/6.2.3: the command register's control bits and the
     * status error bits are 0 after reset; read-only bits keep their
     * values. */
    cmd_mask = pci_get_word(dev->wmask + PCI_COMMAND) |
               pci_get_word(dev->w1cmask + PCI_COMMAND);
    pci_word_test_and_clear_mask(dev->config + PCI_COMMAND, cmd_mask);
    pci_word_test_and_clear_mask(dev->config + PCI_STATUS,
                                 pci_get_word(dev->w1cmask + PCI_STATUS));
    dev->config[PCI_CACHE_LINE_SIZE] = 0;
    dev->config[PCI_INTERRUPT_LINE] = 0;
    pci_bars_reset(dev);
    pci_update_mappings(dev);
    pci_bus_master_update(dev);
    if (msi_present(dev)) {
        msi_reset(dev);
    }
    if (msix_present(dev)) {
        msix_reset(dev);
    }
}

void pci_set_power(PCIDevice *dev, bool on)
{
    if (dev->powered_off == !on) {
        return;
    }
    dev->powered_off = !on;
    if (!on) {
        /* Losing power is a cold reset of the function. */
        pci_device_reset(dev);
        device_cold_reset(DEVICE(dev));
    }
    pci_update_mappings(dev);
    pci_bus_master_update(dev);
}

/* The "addr" property: "SLOT[.FUNCTION]" in hex, or a devfn number */

static QObject *get_pci_devfn(Object *obj, const Property *prop,
                              void *field, Error **errp)
{
    return QOBJECT(qnum_from_int(*(int32_t *)field));
}

/*
 * One hex number of "SLOT[.FUNCTION]" as qemu reads it: blanks, then an
 * optional sign, then an optional "0x" (which alone reads as 0), then hex
 * digits.  A negative number other than -0 is out of range, as the
 * unsigned conversion qemu relies on makes it.  *@end is where it stopped.
 */
static bool parse_hex_field(const char *p, const char **end,
                            unsigned long *val)
{
    bool neg = false, digits = false;
    unsigned long v = 0;

    while (g_ascii_isspace(*p)) {
        p++;
    }
    if (*p == '+' || *p == '-') {
        neg = *p == '-';
        p++;
    }
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        p += 2;
        digits = true;
    }
    for (; g_ascii_isxdigit(*p); p++) {
        /* Saturate: anything this large is out of range anyway. */
        v = v > 0xffff ? v : v * 16 + g_ascii_xdigit_value(*p);
        digits = true;
    }
    if (!digits) {
        return false;
    }
    *end = p;
    *val = neg && v ? ULONG_MAX : v;
    return true;
}

/* "SLOT[.FUNCTION]": slot up to 0x1f, function up to 7, nothing after. */
static bool parse_pci_devfn(const char *str, int32_t *devfn)
{
    unsigned long slot, fn = 0;
    const char *end;

    if (!parse_hex_field(str, &end, &slot) || slot >= PCI_SLOT_MAX) {
        return false;
    }
    if (*end == '.') {
        if (!parse_hex_field(end + 1, &end, &fn) || fn >= PCI_FUNC_MAX) {
            return false;
        }
    }
    if (*end) {
        return false;
    }
    *devfn = PCI_DEVFN(slot, fn);
    return true;
}

static void set_pci_devfn(Object *obj, const Property *prop, void *field,
                          const QInput *in, Error **errp)
{
    QNum *qn = qobject_to(QNum, in->obj);
    QString *qs = qobject_to(QString, in->obj);
    int32_t *ptr = field;
    int64_t v;

    if (qn) {
        if (!qnum_get_try_int(qn, &v)) {
            if (qn->kind == QNUM_DOUBLE) {
                error_setg(errp, "Invalid parameter type for '%s', "
                           "expected: integer", prop->name);
                return;
            }
            v = INT64_MAX;
        }
        if (v < -1 || v >= PCI_DEVFN_MAX) {
            error_setg(errp, "Parameter '%s' expects a value between -1 "
                       "and %d", prop->name, PCI_DEVFN_MAX - 1);
            return;
        }
        *ptr = v;
        return;
    }
    if (!qs) {
        error_setg(errp, "Invalid parameter type for '%s', expected int or "
                   "str", prop->name);
        return;
    }
    if (!parse_pci_devfn(qstring_get_str(qs), ptr)) {
        error_setg(errp, "Property '%s.%s' doesn't take value '%s'",
                   object_get_typename(obj), prop->name,
                   qstring_get_str(qs));
    }
}

static QObject *default_pci_devfn(const Property *prop)
{
    return QOBJECT(qnum_from_int(prop->defval.i));
}

static const PropertyInfo pci_prop_devfn = {
    .name = "int32",
    .description = "Slot and optional function number, example: 06.0 or 06",
    .get = get_pci_devfn,
    .set = set_pci_devfn,
    .default_value = default_pci_devfn,
};

static const Property pci_device_props[] = {
    DEFINE_PROP_SIGNED("addr", PCIDevice, devfn, -1, pci_prop_devfn,
                       int32_t),
    DEFINE_PROP_STRING("romfile", PCIDevice, romfile),
    DEFINE_PROP_UINT32("romsize", PCIDevice, romsize, UINT32_MAX),
    DEFINE_PROP_UINT32("rombar", PCIDevice, rom_bar, 1),
    DEFINE_PROP_BIT("multifunction", PCIDevice, flags,
                    PCI_FLAG_MULTIFUNCTION_BIT, false),
    DEFINE_PROP_BIT("x-pcie-lnksta-dllla", PCIDevice, flags,
                    PCI_FLAG_LNKSTA_DLLLA_BIT, true),
    DEFINE_PROP_BIT("x-pcie-extcap-init", PCIDevice, flags,
                    PCI_FLAG_EXTCAP_INIT_BIT, true),
    DEFINE_PROP_STRING("failover_pair_id", PCIDevice, failover_pair_id),
    DEFINE_PROP_UINT32("acpi-index", PCIDevice, acpi_index, 0),
};

/* Board code */

PCIDevice *pci_new_multifunction(int devfn, bool multifunction,
                                 const char *name)
{
    DeviceState *dev = qdev_new(name);

    object_property_set_int(OBJECT(dev), "addr", devfn, &error_abort);
    qdev_prop_set_bit(dev, "multifunction", multifunction);
    return PCI_DEVICE(dev);
}

PCIDevice *pci_new(int devfn, const char *name)
{
    return pci_new_multifunction(devfn, false, name);
}

bool pci_realize_and_unref(PCIDevice *dev, PCIBus *bus, Error **errp)
{
    return qdev_realize_and_unref(DEVICE(dev), &bus->qbus, errp);
}

PCIDevice *pci_create_simple(PCIBus *bus, int devfn, const char *name)
{
    PCIDevice *dev = pci_new(devfn, name);

    pci_realize_and_unref(dev, bus, &error_abort);
    return dev;
}

/* Types */

static void pci_device_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = pci_qdev_realize;
    dc->unrealize = pci_qdev_unrealize;
    dc->bus_type = TYPE_PCI_BUS;
    device_class_set_props(dc, pci_device_props);
}

static const TypeInfo pci_types[] = {
    {
        .name = TYPE_PCI_BUS,
        .parent = TYPE_BUS,
        .instance_size = sizeof(PCIBus),
        .instance_finalize = pci_bus_finalize,
        .class_size = sizeof(PCIBusClass),
        .class_init = pci_bus_class_init,
    }, {
        .name = TYPE_PCIE_BUS,
        .parent = TYPE_PCI_BUS,
    }, {
        .name = INTERFACE_PCIE_DEVICE,
        .parent = TYPE_INTERFACE,
    }, {
        .name = INTERFACE_CONVENTIONAL_PCI_DEVICE,
        .parent = TYPE_INTERFACE,
    }, {
        .name = TYPE_PCI_DEVICE,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(PCIDevice),
        .abstract = true,
        .class_size = sizeof(PCIDeviceClass),
        .class_init = pci_device_class_init,
    },
};

DEFINE_TYPES(pci_types)
