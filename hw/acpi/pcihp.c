/*
 * ACPI PCI hotplug: the register block at 0xae00, the per-bus slot
 * bitmaps behind it and the hotplug handler callbacks of the buses it
 * serves (see include/hw/acpi/pcihp.h).
 */
#include "util/osdep.h"
#include "qom/object-property.h"
#include "hw/acpi/pcihp.h"
#include "hw/pci/pci_bridge.h"

/* The slot of the lowest bit set in @slots (which is not 0). */
static int lowest_slot(uint32_t slots)
{
    return __builtin_ctz(slots);
}

/* Bus selectors */

static QObject *bsel_get(Object *obj, ObjectProperty *prop, Error **errp)
{
    return QOBJECT(qnum_from_uint(*(uint32_t *)prop->opaque));
}

static void bsel_release(Object *obj, ObjectProperty *prop)
{
    g_free(prop->opaque);
}

int acpi_pcihp_get_bsel(PCIBus *bus)
{
    ObjectProperty *prop = object_property_find(OBJECT(bus),
                                                ACPI_PCIHP_PROP_BSEL);

    if (!prop || prop->get != bsel_get) {
        return -1;
    }
    return *(uint32_t *)prop->opaque;
}

static void set_bsel(PCIBus *bus, uint32_t bsel)
{
    uint32_t *v = g_new(uint32_t, 1);

    *v = bsel;
    object_property_add(OBJECT(bus), ACPI_PCIHP_PROP_BSEL, "uint32",
                        bsel_get, NULL, bsel_release, v);
}

/* The secondary bus of @dev if it is a bridge that has one, else NULL. */
static PCIBus *bridge_sec_bus(PCIDevice *dev)
{
    PCIBridge *br = (PCIBridge *)object_dynamic_cast(OBJECT(dev),
                                                     TYPE_PCI_BRIDGE);

    return br && br->sec_bus_created ? pci_bridge_get_sec_bus(br) : NULL;
}

/*
 * Visit @bus and the buses below it, depth-first, until @fn says stop;
 * returns the bus it stopped at.  Bridges are taken newest first, the
 * order qemu numbers them in (observed with qemu-system-x86_64 7.2).
 */
static PCIBus *walk_buses(PCIBus *bus,
                          bool (*fn)(PCIBus *bus, void *opaque),
                          void *opaque)
{
    GList *l;

    if (fn(bus, opaque)) {
        return bus;
    }
    for (l = bus->qbus.children.tail; l; l = l->prev) {
        BusChild *kid = l->data;
        PCIBus *sec = bridge_sec_bus(PCI_DEVICE(kid->child));
        PCIBus *found = sec ? walk_buses(sec, fn, opaque) : NULL;

        if (found) {
            return found;
        }
    }
    return NULL;
}

typedef struct AssignBsel {
    AcpiPciHpState *s;
    uint32_t next;
} AssignBsel;

static bool assign_bsel(PCIBus *bus, void *opaque)
{
    AssignBsel *a = opaque;

    if (a->next < ACPI_PCIHP_MAX_HOTPLUG_BUS &&
        bus->qbus.hotplug_handler == OBJECT(a->s->owner) &&
        qbus_is_hotpluggable(BUS(bus)) && acpi_pcihp_get_bsel(bus) < 0) {
        set_bsel(bus, a->next++);
    }
    return false;
}

static bool match_bsel(PCIBus *bus, void *opaque)
{
    return acpi_pcihp_get_bsel(bus) == *(int *)opaque;
}

/* The bus selector @bsel names, or NULL. */
static PCIBus *find_bus(AcpiPciHpState *s, uint32_t bsel)
{
    int want = bsel;

    if (bsel >= ACPI_PCIHP_MAX_HOTPLUG_BUS) {
        return NULL;
    }
    return walk_buses(s->root, match_bsel, &want);
}

/* Devices */

/*
 * Whether @dev must stay: its class is not hotpluggable (board devices),
 * or it is a bridge that was there from the start, which the firmware's
 * tables describe as fixed.
 */
static bool pcihp_cannot_leave(PCIDevice *dev)
{
    return !DEVICE_GET_CLASS(dev)->hotpluggable ||
           (PCI_DEVICE_GET_CLASS(dev)->is_bridge && !dev->qdev.hotplugged);
}

/* PCI_RMV: every slot but those with a device that must stay. */
static uint32_t removable_slots(PCIBus *bus)
{
    uint32_t slots = ~0u;
    int devfn;

    if (!bus) {
        return slots;
    }
    for (devfn = 0; devfn < PCI_DEVFN_MAX; devfn++) {
        PCIDevice *dev = bus->devices[devfn];

        if (dev && pcihp_cannot_leave(dev)) {
            slots &= ~(1u << PCI_SLOT(devfn));
        }
    }
    return slots;
}

/*
 * Remove the devices of @slot on @bus that may leave, last function
 * first; the framework sends DEVICE_DELETED for each.  Returns how many
 * went.
 */
static int eject_slot(AcpiPciHpState *s, PCIBus *bus, int slot)
{
    PCIDevice *funcs[PCI_FUNC_MAX];
    int fn, n = 0;

    for (fn = 0; fn < PCI_FUNC_MAX; fn++) {
        funcs[fn] = bus->devices[PCI_DEVFN(slot, fn)];
    }
    for (fn = PCI_FUNC_MAX - 1; fn >= 0; fn--) {
        Error *err = NULL;

        if (!funcs[fn] || pcihp_cannot_leave(funcs[fn])) {
            continue;
        }
        if (!hotplug_handler_unplug(HOTPLUG_HANDLER(s->owner),
                                    DEVICE(funcs[fn]), &err)) {
            pci_guest_error(s->owner, "eject of slot %d failed: %s", slot,
                            error_get_pretty(err));
            error_free(err);
            continue;
        }
        n++;
    }
    return n;
}

/* The guest's B0EJ write: the lowest slot in @slots. */
static void guest_eject(AcpiPciHpState *s, uint32_t bsel, uint32_t slots)
{
    PCIBus *bus;
    int slot;

    if (!slots) {
        return;
    }
    slot = lowest_slot(slots);
    s->status[bsel].down &= ~(1u << slot);
    bus = find_bus(s, bsel);
    if (!bus) {
        pci_guest_error(s->owner, "eject of slot %d on bus select %u, "
                        "which names no bus", slot, bsel);
        return;
    }
    if (!eject_slot(s, bus, slot)) {
        bool empty = true;
        int fn;

        for (fn = 0; fn < PCI_FUNC_MAX; fn++) {
            empty &= !bus->devices[PCI_DEVFN(slot, fn)];
        }
        pci_guest_error(s->owner, "eject of slot %d on bus select %u: %s",
                        slot, bsel, empty ? "the slot is empty"
                                          : "its devices cannot leave");
    }
}

/* The guest's AIDX write: remember the acpi-index of the slot's
 * function 0, for the next read. */
static void lookup_acpi_index(AcpiPciHpState *s, uint32_t bsel,
                              uint32_t slots)
{
    PCIBus *bus = find_bus(s, bsel);
    PCIDevice *dev;

    s->acpi_index = 0;
    if (!bus || !slots) {
        return;
    }
    dev = bus->devices[PCI_DEVFN(lowest_slot(slots), 0)];
    if (dev) {
        s->acpi_index = dev->acpi_index;
    }
}

/* Registers */

static uint64_t pcihp_read(void *opaque, hwaddr addr, unsigned size)
{
    AcpiPciHpState *s = opaque;
    AcpiPciHpBusStatus *st;
    uint32_t val;

    if (size != 4 || (addr & 3)) {
        pci_guest_error(s->owner, "ACPI PCI hotplug: %u-byte read at "
                        "offset 0x%" HWADDR_PRIx " (only aligned 4-byte "
                        "accesses work)", size, addr);
        return 0;
    }
    if (s->sel >= ACPI_PCIHP_MAX_HOTPLUG_BUS) {
        return 0;
    }
    st = &s->status[s->sel];
    switch (addr) {
    case ACPI_PCIHP_UP:
        /* Reading reports each arrival once. */
        val = st->up;
        st->up = 0;
        return val;
    case ACPI_PCIHP_DOWN:
        return st->down;
    case ACPI_PCIHP_EJ:
        return ACPI_PCIHP_FEATURES;
    case ACPI_PCIHP_RMV:
        return removable_slots(find_bus(s, s->sel));
    case ACPI_PCIHP_SEL:
        return s->sel;
    case ACPI_PCIHP_AIDX:
        val = s->acpi_index;
        s->acpi_index = 0;
        return val;
    default:
        return 0;
    }
}

static void pcihp_write(void *opaque, hwaddr addr, uint64_t val,
                        unsigned size)
{
    AcpiPciHpState *s = opaque;

    if (size != 4 || (addr & 3)) {
        pci_guest_error(s->owner, "ACPI PCI hotplug: %u-byte write at "
                        "offset 0x%" HWADDR_PRIx " ignored (only aligned "
                        "4-byte accesses work)", size, addr);
        return;
    }
    if (addr == ACPI_PCIHP_SEL) {
        if (s->legacy) {
            /* Only bus 0 without bridge support. */
            return;
        }
        s->sel = val;
        if (s->sel >= ACPI_PCIHP_MAX_HOTPLUG_BUS) {
            pci_guest_error(s->owner, "ACPI PCI hotplug: bus select %u "
                            "out of range (0-%d)", s->sel,
                            ACPI_PCIHP_MAX_HOTPLUG_BUS - 1);
        }
        return;
    }
    if (s->sel >= ACPI_PCIHP_MAX_HOTPLUG_BUS) {
        pci_guest_error(s->owner, "ACPI PCI hotplug: write at offset 0x%"
                        HWADDR_PRIx " ignored: bus select %u out of "
                        "range", addr, s->sel);
        return;
    }
    switch (addr) {
    case ACPI_PCIHP_EJ:
        guest_eject(s, s->sel, val);
        break;
    case ACPI_PCIHP_AIDX:
        lookup_acpi_index(s, s->sel, val);
        break;
    default:
        pci_guest_error(s->owner, "ACPI PCI hotplug: write to read-only "
                        "register at offset 0x%" HWADDR_PRIx, addr);
        break;
    }
}

/*
 * The core passes every access through unchanged, so that the ones the
 * block does not take read 0 (as in qemu) rather than all-ones.
 */
static const MemoryRegionOps pcihp_ops = {
    .read = pcihp_read,
    .write = pcihp_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4,
               .unaligned = true },
    .impl = { .min_access_size = 1, .max_access_size = 4,
              .unaligned = true },
};

/* Reset */

static void reset_eject_bh(void *opaque)
{
    AcpiPciHpState *s = opaque;
    uint32_t bsel;

    for (bsel = 0; bsel < ACPI_PCIHP_MAX_HOTPLUG_BUS; bsel++) {
        uint32_t slots = s->reset_eject[bsel];
        PCIBus *bus;

        s->reset_eject[bsel] = 0;
        if (!slots) {
            continue;
        }
        bus = find_bus(s, bsel);
        while (bus && slots) {
            int slot = lowest_slot(slots);

            slots &= ~(1u << slot);
            eject_slot(s, bus, slot);
        }
    }
}

void acpi_pcihp_reset(AcpiPciHpState *s)
{
    uint32_t bsel;
    bool pending = false;

    if (!s->bsel_assigned) {
        AssignBsel a = { .s = s, .next = 0 };

        walk_buses(s->root, assign_bsel, &a);
        s->bsel_assigned = true;
    }
    /*
     * Unplugs the guest never finished are finished now (qemu does the
     * same): a reset guest has no driver left that could object.  The
     * devices go from a bottom half because this reset may be part of a
     * walk over the very buses they sit on.
     */
    for (bsel = 0; bsel < ACPI_PCIHP_MAX_HOTPLUG_BUS; bsel++) {
        s->reset_eject[bsel] |= s->status[bsel].down;
        s->status[bsel].down = 0;
        pending |= s->reset_eject[bsel] != 0;
    }
    s->acpi_index = 0;
    if (pending) {
        bh_schedule(s->reset_bh);
    }
}

/* Hotplug handler callbacks */

void acpi_pcihp_pre_plug_cb(AcpiPciHpState *s, DeviceState *dev,
                            Error **errp)
{
    /* Only a device added while the machine runs needs a selector. */
    if (dev->hotplugged &&
        acpi_pcihp_get_bsel(pci_get_bus(PCI_DEVICE(dev))) < 0) {
        error_setg(errp, "Unsupported bus. Bus doesn't have property '"
                   ACPI_PCIHP_PROP_BSEL "' set");
    }
}

void acpi_pcihp_plug_cb(AcpiPciHpState *s, DeviceState *dev, Error **errp)
{
    PCIDevice *pdev = PCI_DEVICE(dev);
    int bsel;

    if (!dev->hotplugged) {
        /*
         * Present from the start: the firmware will find it, no event.
         * A bridge there from the start has its bus served by us too
         * (not one added later: its bus is not in the firmware's tables).
         */
        PCIBus *sec = bridge_sec_bus(pdev);

        if (sec && s->bridge_hotplug) {
            qbus_set_hotplug_handler(BUS(sec), OBJECT(s->owner));
        }
        return;
    }
    bsel = acpi_pcihp_get_bsel(pci_get_bus(pdev));
    if (bsel < 0) {
        /* pre_plug refused this already. */
        return;
    }
    s->status[bsel].up |= 1u << PCI_SLOT(pdev->devfn);
    s->notify(s->notify_opaque);
}

void acpi_pcihp_unplug_request_cb(AcpiPciHpState *s, DeviceState *dev,
                                  Error **errp)
{
    PCIDevice *pdev = PCI_DEVICE(dev);
    int bsel = acpi_pcihp_get_bsel(pci_get_bus(pdev));

    if (bsel < 0) {
        error_setg(errp, "Unsupported bus. Bus doesn't have property '"
                   ACPI_PCIHP_PROP_BSEL "' set");
        return;
    }
    /* The guest's _EJ0 finishes it, through B0EJ. */
    s->status[bsel].down |= 1u << PCI_SLOT(pdev->devfn);
    s->notify(s->notify_opaque);
}

void acpi_pcihp_unplug_cb(AcpiPciHpState *s, DeviceState *dev, Error **errp)
{
    object_unparent(OBJECT(dev));
}

bool acpi_pcihp_is_hotpluggable_bus(AcpiPciHpState *s, BusState *bus)
{
    /* The root bus only if acpi-root-pci-hotplug; every bus we were
     * given below it. */
    return BUS(s->root) != bus || s->root_hotplug;
}

/* Set up and tear down */

void acpi_pcihp_init(AcpiPciHpState *s, PCIDevice *owner, PCIBus *root,
                     MemoryRegion *io_space, uint16_t io_base,
                     bool root_hotplug, bool bridge_hotplug,
                     AcpiPciHpNotify *notify, void *notify_opaque)
{
    g_assert(object_dynamic_cast(OBJECT(owner), TYPE_HOTPLUG_HANDLER));
    s->owner = owner;
    s->root = root;
    s->io_space = io_space;
    s->root_hotplug = root_hotplug;
    s->bridge_hotplug = bridge_hotplug;
    s->legacy = !bridge_hotplug;
    s->notify = notify;
    s->notify_opaque = notify_opaque;
    s->reset_bh = bh_new(reset_eject_bh, s);
    memory_region_init_io(&s->io, OBJECT(owner), &pcihp_ops, s,
                          "acpi-pci-hotplug", ACPI_PCIHP_SIZE);
    memory_region_add_subregion(io_space, io_base, &s->io);
    /* Without root hotplug the root bus still has us as its handler, but
     * says it is not hotpluggable (is_hotpluggable_bus). */
    qbus_set_hotplug_handler(BUS(root), OBJECT(owner));
}

static bool drop_handler(PCIBus *bus, void *opaque)
{
    AcpiPciHpState *s = opaque;

    if (bus->qbus.hotplug_handler == OBJECT(s->owner)) {
        qbus_set_hotplug_handler(BUS(bus), NULL);
    }
    return false;
}

void acpi_pcihp_exit(AcpiPciHpState *s)
{
    if (!s->owner) {
        return;
    }
    walk_buses(s->root, drop_handler, s);
    memory_region_del_subregion(s->io_space, &s->io);
    object_unparent(OBJECT(&s->io));
    bh_delete(s->reset_bh);
    s->reset_bh = NULL;
    s->owner = NULL;
}
