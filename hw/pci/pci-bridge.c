/*
 * PCI-to-PCI bridges: the abstract base TYPE_PCI_BRIDGE with the type 1
 * header, the secondary bus, the forwarding windows, secondary bus reset,
 * the slot identification capability and the resource reservation hints
 * (see include/hw/pci/pci_bridge.h).
 */
#include "util/osdep.h"
#include "util/module.h"
#include "hw/pci/pci_bridge.h"
#include "pci-internal.h"

PCIBus *pci_bridge_get_sec_bus(PCIBridge *br)
{
    return &br->sec_bus;
}

void pci_bridge_map_irq(PCIBridge *br, const char *bus_name,
                        pci_map_irq_fn map_irq)
{
    br->map_irq = map_irq;
    br->bus_name = bus_name;
}

/* [P2P] 3.2.5.6, 3.2.5.8, 3.2.5.9 */
pcibus_t pci_bridge_get_base(const PCIDevice *bridge, uint8_t type)
{
    const uint8_t *c = bridge->config;
    pcibus_t base;

    if (type & PCI_BASE_ADDRESS_SPACE_IO) {
        base = (pcibus_t)(c[PCI_IO_BASE] & PCI_IO_RANGE_MASK)
               << PCI_IO_RANGE_SHIFT;
        if ((c[PCI_IO_BASE] & PCI_IO_RANGE_TYPE_MASK) ==
            PCI_IO_RANGE_TYPE_32) {
            base |= (pcibus_t)pci_get_word(c + PCI_IO_BASE_UPPER16) << 16;
        }
    } else if (type & PCI_BASE_ADDRESS_MEM_PREFETCH) {
        uint16_t reg = pci_get_word(c + PCI_PREF_MEMORY_BASE);

        base = (pcibus_t)(reg & PCI_PREF_RANGE_MASK)
               << PCI_MEMORY_RANGE_SHIFT;
        if ((reg & PCI_PREF_RANGE_TYPE_MASK) == PCI_PREF_RANGE_TYPE_64) {
            base |= (pcibus_t)pci_get_long(c + PCI_PREF_BASE_UPPER32) << 32;
        }
    } else {
        base = (pcibus_t)(pci_get_word(c + PCI_MEMORY_BASE) &
                          PCI_MEMORY_RANGE_MASK) << PCI_MEMORY_RANGE_SHIFT;
    }
    return base;
}

pcibus_t pci_bridge_get_limit(const PCIDevice *bridge, uint8_t type)
{
    const uint8_t *c = bridge->config;
    pcibus_t limit;

    if (type & PCI_BASE_ADDRESS_SPACE_IO) {
        limit = ((pcibus_t)(c[PCI_IO_LIMIT] & PCI_IO_RANGE_MASK)
                 << PCI_IO_RANGE_SHIFT) | (PCI_IO_WINDOW_GRANULARITY - 1);
        if ((c[PCI_IO_LIMIT] & PCI_IO_RANGE_TYPE_MASK) ==
            PCI_IO_RANGE_TYPE_32) {
            limit |= (pcibus_t)pci_get_word(c + PCI_IO_LIMIT_UPPER16) << 16;
        }
    } else if (type & PCI_BASE_ADDRESS_MEM_PREFETCH) {
        uint16_t reg = pci_get_word(c + PCI_PREF_MEMORY_LIMIT);

        limit = ((pcibus_t)(reg & PCI_PREF_RANGE_MASK)
                 << PCI_MEMORY_RANGE_SHIFT) |
                (PCI_MEMORY_WINDOW_GRANULARITY - 1);
        if ((reg & PCI_PREF_RANGE_TYPE_MASK) == PCI_PREF_RANGE_TYPE_64) {
            limit |= (pcibus_t)pci_get_long(c + PCI_PREF_LIMIT_UPPER32) << 32;
        }
    } else {
        limit = ((pcibus_t)(pci_get_word(c + PCI_MEMORY_LIMIT) &
                            PCI_MEMORY_RANGE_MASK) << PCI_MEMORY_RANGE_SHIFT) |
                (PCI_MEMORY_WINDOW_GRANULARITY - 1);
    }
    return limit;
}

static void pci_bridge_window_init(PCIBridge *br, PCIBridgeWindow *w,
                                   const char *name, MemoryRegion *sec_space,
                                   MemoryRegion *parent_space)
{
    memory_region_init_alias(&w->alias, OBJECT(br), name, sec_space, 0,
                             memory_region_size(sec_space));
    memory_region_set_enabled(&w->alias, false);
    /* Above the parent bus's background, like a BAR. */
    memory_region_add_subregion_overlap(parent_space, 0, &w->alias, 1);
    w->enabled = false;
}

/*
 * Point window @w at [base, limit] of the secondary space, or close it.
 * Ranges beyond what the parent space can address are cut there.
 */
static void pci_bridge_window_update(PCIBridgeWindow *w, bool enable,
                                     pcibus_t base, pcibus_t limit)
{
    MemoryRegion *parent = w->alias.container;
    uint64_t parent_size = memory_region_size(parent);
    uint64_t size;

    if (parent_size != UINT64_MAX) {
        if (base >= parent_size) {
            enable = false;
        } else {
            limit = MIN(limit, parent_size - 1);
        }
    }
    if (!enable || base > limit) {
        if (w->enabled) {
            memory_region_set_enabled(&w->alias, false);
            w->enabled = false;
        }
        return;
    }
    if (w->enabled && w->base == base && w->limit == limit) {
        return;
    }
    /* 2^64 bytes is represented as UINT64_MAX. */
    size = limit - base + 1;
    if (!size) {
        size = UINT64_MAX;
    }
    memory_region_set_enabled(&w->alias, false);
    memory_region_set_alias_offset(&w->alias, base);
    memory_region_set_size(&w->alias, size);
    memory_region_set_address(&w->alias, base);
    memory_region_set_enabled(&w->alias, true);
    w->base = base;
    w->limit = limit;
    w->enabled = true;
}

/* Window @w of @type (as pci_bridge_get_base takes it), forwarding
 * while the command register has @enable_bit. */
static void pci_bridge_update_window(PCIBridge *br, PCIBridgeWindow *w,
                                     uint8_t type, uint16_t enable_bit)
{
    PCIDevice *dev = PCI_DEVICE(br);
    uint16_t cmd = pci_get_word(dev->config + PCI_COMMAND);

    pci_bridge_window_update(w, cmd & enable_bit,
                             pci_bridge_get_base(dev, type),
                             pci_bridge_get_limit(dev, type));
}

void pci_bridge_update_mappings(PCIBridge *br)
{
    PCIDevice *dev = PCI_DEVICE(br);

    if (!br->sec_bus_created || !dev->config) {
        return;
    }
    /* [P2P] 3.2.5.2: a bridge forwards a space to its secondary side only
     * while its own command register enables that space. */
    memory_region_transaction_begin();
    pci_bridge_update_window(br, &br->win_io, PCI_BASE_ADDRESS_SPACE_IO,
                             PCI_COMMAND_IO);
    pci_bridge_update_window(br, &br->win_mem, PCI_BASE_ADDRESS_SPACE_MEMORY,
                             PCI_COMMAND_MEMORY);
    pci_bridge_update_window(br, &br->win_pref,
                             PCI_BASE_ADDRESS_SPACE_MEMORY |
                             PCI_BASE_ADDRESS_MEM_PREFETCH,
                             PCI_COMMAND_MEMORY);
    memory_region_transaction_commit();
}

void pci_bridge_disable_base_limit(PCIDevice *dev)
{
    uint8_t *c = dev->config;

    /* Each base above its limit.  The upper halves of the prefetchable
     * window are 0: its low 32 bits already close it, and 0 is what
     * qemu's bridges show the guest after reset. */
    c[PCI_IO_BASE] |= PCI_IO_RANGE_MASK;
    c[PCI_IO_LIMIT] &= ~PCI_IO_RANGE_MASK;
    pci_word_test_and_set_mask(c + PCI_MEMORY_BASE, PCI_MEMORY_RANGE_MASK);
    pci_word_test_and_clear_mask(c + PCI_MEMORY_LIMIT, PCI_MEMORY_RANGE_MASK);
    pci_word_test_and_set_mask(c + PCI_PREF_MEMORY_BASE, PCI_PREF_RANGE_MASK);
    pci_word_test_and_clear_mask(c + PCI_PREF_MEMORY_LIMIT,
                                 PCI_PREF_RANGE_MASK);
    pci_set_long(c + PCI_PREF_BASE_UPPER32, 0);
    pci_set_long(c + PCI_PREF_LIMIT_UPPER32, 0);
    pci_bridge_update_mappings(PCI_BRIDGE(dev));
}

void pci_bridge_write_config(PCIDevice *dev, uint32_t addr, uint32_t val,
                             int len)
{
    PCIBridge *br = PCI_BRIDGE(dev);
    uint16_t oldctl = pci_get_word(dev->config + PCI_BRIDGE_CONTROL);
    uint16_t newctl;

    pci_default_write_config(dev, addr, val, len);
    if (pci_ranges_overlap(addr, len, PCI_COMMAND, 2) ||
        /* I/O base and limit */
        pci_ranges_overlap(addr, len, PCI_IO_BASE, 2) ||
        /* memory, prefetchable memory and the upper halves */
        pci_ranges_overlap(addr, len, PCI_MEMORY_BASE,
                           PCI_IO_LIMIT_UPPER16 + 2 - PCI_MEMORY_BASE)) {
        pci_bridge_update_mappings(br);
    }
    newctl = pci_get_word(dev->config + PCI_BRIDGE_CONTROL);
    if (!(oldctl & PCI_BRIDGE_CTL_BUS_RESET) &&
        (newctl & PCI_BRIDGE_CTL_BUS_RESET)) {
        /* [P2P] 3.2.5.18: RST# on the secondary side.  The devices stay
         * reset while the bit is set; resetting them on the rising edge
         * is all a guest can tell. */
        bus_cold_reset(BUS(&br->sec_bus));
    }
    if (br->shpc_write_config) {
        br->shpc_write_config(br, addr, val, len);
    }
}

void pci_bridge_reset(DeviceState *qdev)
{
    PCIDevice *dev = PCI_DEVICE(qdev);
    uint8_t *c = dev->config;

    if (!c) {
        return;
    }
    /* [P2P] 3.2.5: bus numbers and windows are 0 after reset, the
     * window type bits stay, bridge control is cleared. */
    c[PCI_PRIMARY_BUS] = 0;
    c[PCI_SECONDARY_BUS] = 0;
    c[PCI_SUBORDINATE_BUS] = 0;
    c[PCI_SEC_LATENCY_TIMER] = 0;
    c[PCI_IO_BASE] &= ~PCI_IO_RANGE_MASK;
    c[PCI_IO_LIMIT] &= ~PCI_IO_RANGE_MASK;
    pci_word_test_and_clear_mask(c + PCI_MEMORY_BASE, PCI_MEMORY_RANGE_MASK);
    pci_word_test_and_clear_mask(c + PCI_MEMORY_LIMIT, PCI_MEMORY_RANGE_MASK);
    pci_word_test_and_clear_mask(c + PCI_PREF_MEMORY_BASE,
                                 PCI_PREF_RANGE_MASK);
    pci_word_test_and_clear_mask(c + PCI_PREF_MEMORY_LIMIT,
                                 PCI_PREF_RANGE_MASK);
    pci_set_long(c + PCI_PREF_BASE_UPPER32, 0);
    pci_set_long(c + PCI_PREF_LIMIT_UPPER32, 0);
    pci_set_word(c + PCI_IO_BASE_UPPER16, 0);
    pci_set_word(c + PCI_IO_LIMIT_UPPER16, 0);
    pci_set_word(c + PCI_BRIDGE_CONTROL, 0);
    pci_word_test_and_clear_mask(c + PCI_SEC_STATUS, PCI_STATUS_ERROR_BITS);
    pci_bridge_update_mappings(PCI_BRIDGE(dev));
}

void pci_bridge_initfn(PCIDevice *dev, const char *typename)
{
    PCIBridge *br = PCI_BRIDGE(dev);
    PCIBus *parent = pci_get_bus(dev);
    PCIBus *sec = &br->sec_bus;

    g_assert(pci_is_bridge_header(dev));
    /* The capabilities of the conventional bridges qemu models. */
    pci_word_test_and_set_mask(dev->config + PCI_STATUS,
                               PCI_STATUS_66MHZ | PCI_STATUS_FAST_BACK);
    pci_set_word(dev->config + PCI_SEC_STATUS,
                 PCI_STATUS_66MHZ | PCI_STATUS_FAST_BACK);

    memory_region_init(&br->address_space_mem, OBJECT(br), "pci_bridge_pci",
                       UINT64_MAX);
    memory_region_init(&br->address_space_io, OBJECT(br), "pci_bridge_io",
                       4 * GiB);
    pci_bridge_window_init(br, &br->win_io, "pci_bridge_io",
                           &br->address_space_io, parent->address_space_io);
    pci_bridge_window_init(br, &br->win_mem, "pci_bridge_mem",
                           &br->address_space_mem, parent->address_space_mem);
    pci_bridge_window_init(br, &br->win_pref, "pci_bridge_pref_mem",
                           &br->address_space_mem, parent->address_space_mem);

    /* The secondary bus is named after the bridge's id, so that
     * "bus=ID" finds it as in qemu. */
    if (!br->bus_name && dev->qdev.id && *dev->qdev.id) {
        br->bus_name = dev->qdev.id;
    }
    qbus_init(sec, sizeof(*sec), typename ? typename : TYPE_PCI_BUS,
              DEVICE(dev), br->bus_name);
    sec->parent_dev = dev;
    sec->map_irq = br->map_irq ? br->map_irq : pci_swizzle_map_irq_fn;
    sec->address_space_mem = &br->address_space_mem;
    sec->address_space_io = &br->address_space_io;
    br->sec_bus_created = true;
    pci_bridge_update_mappings(br);
}

void pci_bridge_exitfn(PCIDevice *dev)
{
    PCIBridge *br = PCI_BRIDGE(dev);
    PCIBridgeWindow *wins[] = { &br->win_io, &br->win_mem, &br->win_pref };
    unsigned i;

    if (!br->sec_bus_created) {
        return;
    }
    br->sec_bus_created = false;
    /* The devices below go with their bus. */
    object_unparent(OBJECT(&br->sec_bus));
    memory_region_transaction_begin();
    for (i = 0; i < ARRAY_SIZE(wins); i++) {
        memory_region_del_subregion(wins[i]->alias.container,
                                    &wins[i]->alias);
        object_unparent(OBJECT(&wins[i]->alias));
    }
    memory_region_transaction_commit();
    object_unparent(OBJECT(&br->address_space_mem));
    object_unparent(OBJECT(&br->address_space_io));
}

/* Slot identification ([P2P] 13.1) */

int pci_slotid_cap_init(PCIDevice *dev, int nslots, uint8_t chassis,
                        unsigned offset, Error **errp)
{
    int cap;

    if (!chassis) {
        error_setg(errp, "Bridge chassis not specified. Each bridge is "
                   "required to be assigned a unique chassis id > 0.");
        return -1;
    }
    if (nslots < 0 || nslots > PCI_SID_ESR_NSLOTS) {
        error_setg(errp, "%s: %d expansion slots do not fit the slot "
                   "identification capability", dev->name, nslots);
        return -1;
    }
    cap = pci_add_capability(dev, PCI_CAP_ID_SLOTID, offset, PCI_SID_SIZEOF,
                             errp);
    if (cap < 0) {
        return -1;
    }
    /* Each bridge is its own chassis, so it is first in it. */
    dev->config[cap + PCI_SID_ESR] = nslots | PCI_SID_ESR_FIC;
    dev->config[cap + PCI_SID_CHASSIS_NR] = chassis;
    /* [P2P] 13.1.2: system software may renumber chassis. */
    dev->wmask[cap + PCI_SID_CHASSIS_NR] = 0xff;
    dev->cmask[cap + PCI_SID_CHASSIS_NR] = 0;
    dev->cap_present |= PCI_CAP_PRESENT_SLOTID;
    return cap;
}

/* Resource reservation hints (Red Hat vendor-specific capability) */

#define RES_CAP_LEN             0x02
#define RES_CAP_TYPE            0x03
#define RES_CAP_BUS             0x04
#define RES_CAP_IO              0x08
#define RES_CAP_MEM             0x10
#define RES_CAP_PREF32          0x14
#define RES_CAP_PREF64          0x18
#define RES_CAP_TYPE_RESERVE    1

bool pci_bridge_reserve_cap_init(PCIDevice *dev, uint8_t offset,
                                 const PCIResReserve *res, Error **errp)
{
    uint8_t *cap;
    int pos;

    if (res->bus == UINT32_MAX && res->io == UINT64_MAX &&
        res->mem_non_pref == UINT64_MAX && res->mem_pref_32 == UINT64_MAX &&
        res->mem_pref_64 == UINT64_MAX) {
        return true;
    }
    /* qemu's wording, spacing included. */
    if (res->mem_non_pref != UINT64_MAX && res->mem_non_pref > UINT32_MAX) {
        error_setg(errp, "PCI resource reserve cap: mem-reserve must be "
                   "less than 4G");
        return false;
    }
    if (res->mem_pref_32 != UINT64_MAX && res->mem_pref_32 > UINT32_MAX) {
        error_setg(errp, "PCI resource reserve cap: pref32-reserve  must be "
                   "less than 4G");
        return false;
    }
    if (res->mem_pref_32 != UINT64_MAX && res->mem_pref_64 != UINT64_MAX) {
        error_setg(errp, "PCI resource reserve cap: PREF32 and PREF64 "
                   "conflict");
        return false;
    }
    pos = pci_add_capability(dev, PCI_CAP_ID_VNDR, offset,
                             PCI_RES_RESERVE_CAP_SIZEOF, errp);
    if (pos < 0) {
        return false;
    }
    cap = dev->config + pos;
    cap[RES_CAP_LEN] = PCI_RES_RESERVE_CAP_SIZEOF;
    cap[RES_CAP_TYPE] = RES_CAP_TYPE_RESERVE;
    pci_set_long(cap + RES_CAP_BUS, res->bus);
    pci_set_quad(cap + RES_CAP_IO, res->io);
    pci_set_long(cap + RES_CAP_MEM, (uint32_t)res->mem_non_pref);
    pci_set_long(cap + RES_CAP_PREF32, (uint32_t)res->mem_pref_32);
    pci_set_quad(cap + RES_CAP_PREF64, res->mem_pref_64);
    return true;
}

/* The abstract type */

static void pci_bridge_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(oc);

    pc->is_bridge = true;
    pc->config_write = pci_bridge_write_config;
    dc->reset = pci_bridge_reset;
    device_class_set_category(dc, DEVICE_CATEGORY_BRIDGE);
}

static const TypeInfo pci_bridge_type_info = {
    .name = TYPE_PCI_BRIDGE,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(PCIBridge),
    .abstract = true,
    .class_size = sizeof(PCIDeviceClass),
    .class_init = pci_bridge_class_init,
};

static void pci_bridge_register_types(void)
{
    type_register_static(&pci_bridge_type_info);
}

type_init(pci_bridge_register_types)
