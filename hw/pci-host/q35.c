/*
 * "q35-pcihost": the Q35 PCI Express host bridge.  It owns the root bus
 * "pcie.0", answers configuration mechanism #1 at 0xcf8/0xcfc, and
 * decodes the ECAM (MMCONFIG) window the MCH's PCIEXBAR places; the MCH
 * itself ("mch", 00:00.0) is its child, in hw/pci-host/q35-mch.c.
 */
#include "util/osdep.h"
#include "util/module.h"
#include "qom/object-property.h"
#include "qobject/qobject.h"
#include "hw/core/qdev-properties.h"
#include "hw/core/machine.h"
#include "hw/i386/pc.h"
#include "hw/pci-host/q35.h"

/* @x rounded up to a GiB boundary (saturating). */
#define ROUND_UP_GIB(x) \
    ((x) > UINT64_MAX - (GiB - 1) ? UINT64_MAX & ~(GiB - 1) \
                                  : ((x) + GiB - 1) & ~(GiB - 1))

/* ECAM */

/*
 * One piece of an ECAM access: within one dword of one function's
 * configuration space.  Functions that do not exist read all-ones.
 */
static PCIDevice *q35_mmcfg_find(Q35PCIHost *s, hwaddr addr)
{
    PCIHostState *h = PCI_HOST_BRIDGE(s);
    int bus_num = (addr >> PCIE_ECAM_BUS_SHIFT) & 0xff;
    uint8_t devfn = (addr >> PCIE_ECAM_DEVFN_SHIFT) & 0xff;

    if (!h->bus) {
        return NULL;
    }
    return pci_find_device(h->bus, bus_num, devfn);
}

/*
 * Accesses are split at dword boundaries (they may cross functions),
 * as the chipset turns each dword into its own configuration cycle.
 */
static unsigned q35_mmcfg_piece(hwaddr addr, unsigned left)
{
    return MIN(left, 4 - (unsigned)(addr & 3));
}

static uint64_t q35_mmcfg_read(void *opaque, hwaddr addr, unsigned size)
{
    Q35PCIHost *s = opaque;
    uint64_t val = 0;
    unsigned done = 0;

    while (done < size) {
        hwaddr a = addr + done;
        unsigned n = q35_mmcfg_piece(a, size - done);
        PCIDevice *dev = q35_mmcfg_find(s, a);
        uint32_t v = ~0U;

        if (dev) {
            v = pci_host_config_read_common(dev, a & PCIE_ECAM_REG_MASK,
                                            pci_config_size(dev), n);
        }
        if (n < 4) {
            v &= (1U << (8 * n)) - 1;
        }
        val |= (uint64_t)v << (8 * done);
        done += n;
    }
    return val;
}

static void q35_mmcfg_write(void *opaque, hwaddr addr, uint64_t val,
                            unsigned size)
{
    Q35PCIHost *s = opaque;
    unsigned done = 0;

    while (done < size) {
        hwaddr a = addr + done;
        unsigned n = q35_mmcfg_piece(a, size - done);
        PCIDevice *dev = q35_mmcfg_find(s, a);
        uint32_t v = val >> (8 * done);

        if (n < 4) {
            v &= (1U << (8 * n)) - 1;
        }
        if (dev) {
            pci_host_config_write_common(dev, a & PCIE_ECAM_REG_MASK,
                                         pci_config_size(dev), v, n);
        }
        done += n;
    }
}

static const MemoryRegionOps q35_mmcfg_ops = {
    .read = q35_mmcfg_read,
    .write = q35_mmcfg_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 1,
    .valid.max_access_size = 8,
    .valid.unaligned = true,
    .impl.min_access_size = 1,
    .impl.max_access_size = 8,
    .impl.unaligned = true,
};

void q35_host_mmcfg_update(Q35PCIHost *s, bool enable, uint64_t base,
                           uint64_t size)
{
    MemoryRegion *sys = MEMORY_REGION(s->system_memory);

    g_assert(!enable || (size && size <= MCH_PCIEXBAR_SIZE_MAX &&
                         !(base & (size - 1))));
    memory_region_transaction_begin();
    if (s->mmcfg_mapped) {
        memory_region_del_subregion(sys, &s->mmcfg);
        s->mmcfg_mapped = false;
    }
    if (enable) {
        memory_region_set_size(&s->mmcfg, size);
        memory_region_add_subregion(sys, base, &s->mmcfg);
        s->mmcfg_mapped = true;
        s->mmcfg_base = base;
        s->mmcfg_size = size;
    } else {
        /* qemu's "mcfg_size" keeps the last window's size. */
        s->mmcfg_base = Q35_MMCFG_UNMAPPED;
    }
    memory_region_transaction_commit();
}

/* The PCI holes, as the host reports them */

static uint64_t q35_hole64_start(Q35PCIHost *s)
{
    Object *machine = OBJECT(qdev_get_machine());
    uint64_t start = 4 * GiB + s->above_4g_mem_size;

    /* On a PC the hole also starts after hotpluggable memory. */
    if (machine && object_dynamic_cast(machine, TYPE_PC_MACHINE)) {
        return pc_pci_hole64_start(PC_MACHINE(machine));
    }

    /* Firmware places 64-bit BARs on 1 GiB boundaries. */
    return s->pci_hole64_fix ? ROUND_UP_GIB(start) : start;
}

static QObject *q35_get_hole_start(Object *obj, ObjectProperty *prop,
                                   Error **errp)
{
    Q35PCIHost *s = Q35_HOST_DEVICE(obj);

    return QOBJECT(qnum_from_uint(MIN(s->below_4g_mem_size,
                                      (uint64_t)UINT32_MAX)));
}

static QObject *q35_get_hole_end(Object *obj, ObjectProperty *prop,
                                 Error **errp)
{
    return QOBJECT(qnum_from_uint(Q35_PCI_HOLE_END));
}

static QObject *q35_get_hole64_start(Object *obj, ObjectProperty *prop,
                                     Error **errp)
{
    return QOBJECT(qnum_from_uint(q35_hole64_start(Q35_HOST_DEVICE(obj))));
}

static QObject *q35_get_hole64_end(Object *obj, ObjectProperty *prop,
                                   Error **errp)
{
    Q35PCIHost *s = Q35_HOST_DEVICE(obj);
    uint64_t end = q35_hole64_start(s) + s->pci_hole64_size;

    if (end < q35_hole64_start(s)) {
        end = UINT64_MAX;
    } else if (s->pci_hole64_fix) {
        end = ROUND_UP_GIB(end);
    }
    return QOBJECT(qnum_from_uint(end));
}

/* Realize */

static const char *q35_host_root_bus_path(PCIHostState *h, PCIBus *root)
{
    return "0000:00";
}

/*
 * Undo what realize set up around the MCH: the root bus, the PCI space
 * if realize mapped it, the configuration ports and the ECAM region.
 */
static void q35_host_teardown(Q35PCIHost *s)
{
    PCIHostState *h = PCI_HOST_BRIDGE(s);
    MemoryRegion *io = MEMORY_REGION(s->io_memory);

    if (h->bus) {
        pci_unregister_root_bus(h->bus);
        h->bus = NULL;
    }
    if (s->pci_mapped_here) {
        memory_region_del_subregion(MEMORY_REGION(s->system_memory),
                                    MEMORY_REGION(s->pci_memory));
        s->pci_mapped_here = false;
    }
    memory_region_del_subregion(io, &h->conf_mem);
    memory_region_del_subregion(io, &h->data_mem);
    object_unparent(OBJECT(&h->conf_mem));
    object_unparent(OBJECT(&h->data_mem));
    object_unparent(OBJECT(&s->mmcfg));
}

static void q35_host_realize(DeviceState *dev, Error **errp)
{
    Q35PCIHost *s = Q35_HOST_DEVICE(dev);
    PCIHostState *h = PCI_HOST_BRIDGE(dev);
    MemoryRegion *sys, *io, *pci, *ram;

    if (!s->system_memory) {
        s->system_memory = OBJECT(get_system_memory());
    }
    if (!s->io_memory) {
        s->io_memory = OBJECT(get_system_io());
    }
    if (!s->pci_memory || !s->ram_memory) {
        error_setg(errp, "q35-pcihost: the board must link pci-mem and "
                   "ram-mem before realize");
        return;
    }
    sys = MEMORY_REGION(s->system_memory);
    io = MEMORY_REGION(s->io_memory);
    pci = MEMORY_REGION(s->pci_memory);
    ram = MEMORY_REGION(s->ram_memory);

    pci_host_init_conf_regions(h);
    memory_region_add_subregion(io, PCI_HOST_CONFIG_ADDR_PORT, &h->conf_mem);
    memory_region_add_subregion(io, PCI_HOST_CONFIG_DATA_PORT, &h->data_mem);

    memory_region_init_io(&s->mmcfg, OBJECT(s), &q35_mmcfg_ops, s,
                          "pcie-mmcfg-mmio", MCH_PCIEXBAR_SIZE_MAX);
    s->mmcfg_base = Q35_MMCFG_UNMAPPED;
    s->mmcfg_size = 0;

    /* The bus's memory space shows wherever nothing else is mapped
     * (PC boards map it themselves, with their ROMs in it). */
    if (!memory_region_is_mapped(pci)) {
        memory_region_add_subregion_overlap(sys, 0, pci, -1);
        s->pci_mapped_here = true;
    }

    h->bus = pci_root_bus_new(dev, Q35_ROOT_BUS_NAME, pci, io, 0,
                              TYPE_PCIE_BUS);

    s->mch.host = s;
    s->mch.system_memory = sys;
    s->mch.pci_address_space = pci;
    s->mch.ram_memory = ram;
    s->mch.below_4g_mem_size = s->below_4g_mem_size;
    object_property_set_int(OBJECT(&s->mch), "addr", MCH_DEVFN, NULL);
    if (!qdev_realize(DEVICE(&s->mch), &h->bus->qbus, errp)) {
        q35_host_teardown(s);
    }
}

static void q35_host_unrealize(DeviceState *dev)
{
    Q35PCIHost *s = Q35_HOST_DEVICE(dev);

    qdev_unrealize(DEVICE(&s->mch));
    q35_host_mmcfg_update(s, false, 0, 0);
    q35_host_teardown(s);
}

static void q35_host_init(Object *obj)
{
    Q35PCIHost *s = Q35_HOST_DEVICE(obj);

    object_initialize_child(obj, "mch", &s->mch, sizeof(s->mch),
                            TYPE_MCH_PCI_DEVICE);

    object_property_add_uint64_ptr(obj, "mcfg_size", &s->mmcfg_size,
                                   OBJ_PROP_FLAG_READ);
    object_property_add(obj, "pci-hole-start", "uint32",
                        q35_get_hole_start, NULL, NULL, NULL);
    object_property_add(obj, "pci-hole-end", "uint32",
                        q35_get_hole_end, NULL, NULL, NULL);
    object_property_add(obj, "pci-hole64-start", "uint64",
                        q35_get_hole64_start, NULL, NULL, NULL);
    object_property_add(obj, "pci-hole64-end", "uint64",
                        q35_get_hole64_end, NULL, NULL, NULL);

    object_property_add_link(obj, "system-mem", TYPE_MEMORY_REGION,
                             &s->system_memory,
                             object_property_allow_set_link, 0);
    object_property_add_link(obj, "io-mem", TYPE_MEMORY_REGION,
                             &s->io_memory,
                             object_property_allow_set_link, 0);
    object_property_add_link(obj, "pci-mem", TYPE_MEMORY_REGION,
                             &s->pci_memory,
                             object_property_allow_set_link, 0);
    object_property_add_link(obj, "ram-mem", TYPE_MEMORY_REGION,
                             &s->ram_memory,
                             object_property_allow_set_link, 0);
}

static const Property q35_host_props[] = {
    /* The ECAM base while mapped (qemu's name); set at reset from
     * PCIEXBAR, so a value given here is only an initial one. */
    DEFINE_PROP_UINT64("MCFG", Q35PCIHost, mmcfg_base,
                       MCH_PCIEXBAR_DEFAULT),
    DEFINE_PROP_SIZE("pci-hole64-size", Q35PCIHost, pci_hole64_size,
                     Q35_PCI_HOLE64_SIZE_DEFAULT),
    DEFINE_PROP_UINT32("short_root_bus", Q35PCIHost, short_root_bus, 0),
    DEFINE_PROP_SIZE("below-4g-mem-size", Q35PCIHost, below_4g_mem_size, 0),
    DEFINE_PROP_SIZE("above-4g-mem-size", Q35PCIHost, above_4g_mem_size, 0),
    DEFINE_PROP_BOOL("x-pci-hole64-fix", Q35PCIHost, pci_hole64_fix, true),
    DEFINE_PROP_BOOL("bypass-iommu", Q35PCIHost, bypass_iommu, false),
    DEFINE_PROP_BOOL("x-config-reg-migration-enabled", Q35PCIHost,
                     config_reg_migration, true),
};

static void q35_host_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIHostBridgeClass *hc = PCI_HOST_BRIDGE_CLASS(oc);

    hc->root_bus_path = q35_host_root_bus_path;
    dc->realize = q35_host_realize;
    dc->unrealize = q35_host_unrealize;
    dc->user_creatable = false;
    dc->hotpluggable = false;
    device_class_set_category(dc, DEVICE_CATEGORY_BRIDGE);
    device_class_set_props(dc, q35_host_props);
}

static const TypeInfo q35_host_info = {
    .name = TYPE_Q35_HOST_DEVICE,
    .parent = TYPE_PCI_HOST_BRIDGE,
    .instance_size = sizeof(Q35PCIHost),
    .instance_init = q35_host_init,
    .class_init = q35_host_class_init,
};

static void q35_host_register_types(void)
{
    type_register_static(&q35_host_info);
}

type_init(q35_host_register_types)
