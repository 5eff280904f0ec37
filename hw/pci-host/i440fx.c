/*
 * The i440FX host bridge of the pc machine: "i440FX-pcihost" (the
 * sys-bus bridge with configuration mechanism #1 and root bus "pci.0")
 * and "i440FX", its PCI function at 00:00.0 with the PAM and SMRAM
 * registers (see include/hw/pci-host/i440fx.h).
 */
#include "util/osdep.h"
#include "util/module.h"
#include "qom/object-property.h"
#include "hw/core/qdev-properties.h"
#include "hw/pci-host/i440fx.h"
#include "hw/i386/pc.h"

#define I440FX_ROOT_BUS_NAME "pci.0"
/* The 64-bit hole is placed on 1 GiB boundaries ("x-pci-hole64-fix"). */
#define I440FX_HOLE64_ALIGN (1ULL * GiB)

/* PAM */

static uint64_t pam_region_start(unsigned i)
{
    return i == 0 ? I440FX_PAM_BIOS_BASE
                  : I440FX_PAM_EXPAN_BASE + (i - 1) * I440FX_PAM_EXPAN_SIZE;
}

static uint64_t pam_region_size(unsigned i)
{
    return i == 0 ? I440FX_PAM_BIOS_SIZE : I440FX_PAM_EXPAN_SIZE;
}

/*
 * The attribute of region @i: register 0x59 has the BIOS region in its
 * high nibble; 0x5a-0x5f have two expansion regions each, low nibble
 * first.
 */
static unsigned pam_region_attr(const uint8_t *config, unsigned i)
{
    unsigned reg, shift;

    if (i == 0) {
        reg = I440FX_PAM;
        shift = 4;
    } else {
        reg = I440FX_PAM + 1 + (i - 1) / 2;
        shift = (i - 1) % 2 ? 4 : 0;
    }
    return (config[reg] >> shift) & I440FX_PAM_MASK;
}

static void pam_init_region(PCII440FXState *pmc, unsigned i)
{
    I440FXPAMRegion *r = &pmc->pam_regions[i];
    Object *owner = OBJECT(pmc->host);
    unsigned attr;

    r->start = pam_region_start(i);
    r->size = pam_region_size(i);
    memory_region_init_alias(&r->alias[I440FX_PAM_PCI], owner, "pam-pci",
                             pmc->pci_address_space, r->start, r->size);
    memory_region_init_alias(&r->alias[I440FX_PAM_RE], owner, "pam-rom",
                             pmc->ram_memory, r->start, r->size);
    memory_region_set_readonly(&r->alias[I440FX_PAM_RE], true);
    /*
     * Write-only: the datasheet has reads go to PCI, but qemu makes it
     * plain DRAM, reads included (observed from a guest), under the name
     * "pam-pci"; so does Corvid.
     */
    memory_region_init_alias(&r->alias[I440FX_PAM_WE], owner, "pam-pci",
                             pmc->ram_memory, r->start, r->size);
    memory_region_init_alias(&r->alias[I440FX_PAM_RE | I440FX_PAM_WE], owner,
                             "pam-ram", pmc->ram_memory, r->start, r->size);
    for (attr = 0; attr < 4; attr++) {
        memory_region_set_enabled(&r->alias[attr], attr == I440FX_PAM_PCI);
        memory_region_add_subregion_overlap(pmc->system_memory, r->start,
                                            &r->alias[attr], 1);
    }
    r->current = I440FX_PAM_PCI;
}

static void pam_update(I440FXPAMRegion *r, unsigned attr)
{
    if (attr == r->current) {
        return;
    }
    memory_region_set_enabled(&r->alias[r->current], false);
    memory_region_set_enabled(&r->alias[attr], true);
    r->current = attr;
}

/* Apply PAM and SMRAM from config space to the memory map. */
static void i440fx_update_memory_mappings(PCII440FXState *pmc)
{
    PCIDevice *pd = PCI_DEVICE(pmc);
    unsigned i;

    if (!pmc->system_memory) {
        return;
    }
    memory_region_transaction_begin();
    for (i = 0; i < I440FX_PAM_REGIONS; i++) {
        pam_update(&pmc->pam_regions[i], pam_region_attr(pd->config, i));
    }
    /* D_OPEN shows the DRAM under the VGA window. */
    memory_region_set_enabled(&pmc->smram_region,
                              !(pd->config[I440FX_SMRAM] &
                                I440FX_SMRAM_D_OPEN));
    memory_region_transaction_commit();
}

/* The PMC ("i440FX") */

/*
 * Registers 0x40-0xff keep whatever the guest writes, as qemu's do; PAM
 * and SMRAM changes are applied to the memory map.
 */
static void i440fx_write_config(PCIDevice *dev, uint32_t addr, uint32_t val,
                                int len)
{
    pci_default_write_config(dev, addr, val, len);
    if ((addr < I440FX_PAM + I440FX_PAM_SIZE && addr + len > I440FX_PAM) ||
        (addr <= I440FX_SMRAM && addr + len > I440FX_SMRAM)) {
        i440fx_update_memory_mappings(I440FX_PCI_DEVICE(dev));
    }
}

static void i440fx_pmc_realize(PCIDevice *dev, Error **errp)
{
    PCII440FXState *pmc = I440FX_PCI_DEVICE(dev);
    uint64_t ram_units;

    if (!pmc->host) {
        error_setg(errp, "i440FX is created by its host bridge");
        return;
    }
    ram_units = pmc->host->ram_size / I440FX_DRAM_SIZE_UNIT;
    /*
     * Power-on values; like qemu's, the chipset registers are not
     * touched by a reset afterwards (only the PCI header is).
     */
    dev->config[I440FX_DRAM_SIZE] = MIN(ram_units, I440FX_DRAM_SIZE_MAX);
    dev->config[I440FX_SMRAM] = I440FX_SMRAM_DEFAULT;
}

static void i440fx_pmc_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(oc);

    k->realize = i440fx_pmc_realize;
    k->config_write = i440fx_write_config;
    k->vendor_id = PCI_VENDOR_ID_INTEL;
    k->device_id = PCI_DEVICE_ID_INTEL_82441;
    k->revision = I440FX_REVISION;
    k->class_id = PCI_CLASS_BRIDGE_HOST;
    dc->desc = "Host bridge";
    /* Part of the board: never created with -device. */
    dc->user_creatable = false;
    dc->hotpluggable = false;
}

static const TypeInfo i440fx_pmc_info = {
    .name = TYPE_I440FX_PCI_DEVICE,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(PCII440FXState),
    .class_init = i440fx_pmc_class_init,
    .interfaces = (const InterfaceInfo[]) {
        { INTERFACE_CONVENTIONAL_PCI_DEVICE },
        { }
    },
};

/* The host bridge ("i440FX-pcihost") */

static uint64_t i440fx_hole64_start(I440FXState *s)
{
    return s->pci_hole64_start;
}

static uint64_t i440fx_hole64_end(I440FXState *s)
{
    uint64_t end = s->pci_hole64_start + s->pci_hole64_size;

    if (s->pci_hole64_fix) {
        end = (end + I440FX_HOLE64_ALIGN - 1) & ~(I440FX_HOLE64_ALIGN - 1);
    }
    return end;
}

static QObject *i440fx_get_hole(Object *obj, ObjectProperty *prop,
                                Error **errp)
{
    I440FXState *s = I440FX_PCI_HOST_BRIDGE(obj);

    if (!strcmp(prop->name, "pci-hole-start")) {
        return QOBJECT(qnum_from_uint((uint32_t)s->below_4g_mem_size));
    }
    if (!strcmp(prop->name, "pci-hole-end")) {
        return QOBJECT(qnum_from_uint((uint32_t)PC_IOAPIC_BASE));
    }
    if (!strcmp(prop->name, "pci-hole64-start")) {
        return QOBJECT(qnum_from_uint(i440fx_hole64_start(s)));
    }
    return QOBJECT(qnum_from_uint(i440fx_hole64_end(s)));
}

static const char *i440fx_root_bus_path(PCIHostState *host, PCIBus *root)
{
    return "0000:00";
}

static void i440fx_host_realize(DeviceState *dev, Error **errp)
{
    I440FXState *s = I440FX_PCI_HOST_BRIDGE(dev);
    PCIHostState *h = PCI_HOST_BRIDGE(dev);
    PCII440FXState *pmc;
    PCIDevice *d;
    unsigned i;

    if (!s->system_memory || !s->io_memory || !s->pci_address_space ||
        !s->ram_memory) {
        error_setg(errp, "i440FX-pcihost is created by the pc machine");
        return;
    }
    pci_host_init_conf_regions(h);
    memory_region_add_subregion(s->io_memory, PCI_HOST_CONFIG_ADDR_PORT,
                                &h->conf_mem);
    memory_region_add_subregion(s->io_memory, PCI_HOST_CONFIG_DATA_PORT,
                                &h->data_mem);
    h->bus = pci_root_bus_new(dev, I440FX_ROOT_BUS_NAME,
                              s->pci_address_space, s->io_memory, 0,
                              TYPE_PCI_BUS);

    d = pci_new(PCI_DEVFN(0, 0), TYPE_I440FX_PCI_DEVICE);
    pmc = I440FX_PCI_DEVICE(d);
    pmc->host = s;
    pmc->system_memory = s->system_memory;
    pmc->pci_address_space = s->pci_address_space;
    pmc->ram_memory = s->ram_memory;

    /* The VGA window, shown from PCI unless SMRAM's D_OPEN is set. */
    memory_region_init_alias(&pmc->smram_region, NULL, "smram-region",
                             s->pci_address_space, I440FX_SMRAM_BASE,
                             I440FX_SMRAM_SIZE);
    memory_region_add_subregion_overlap(s->system_memory, I440FX_SMRAM_BASE,
                                        &pmc->smram_region, 1);
    for (i = 0; i < I440FX_PAM_REGIONS; i++) {
        pam_init_region(pmc, i);
    }
    if (!pci_realize_and_unref(d, h->bus, errp)) {
        return;
    }
    s->pmc = pmc;
}

static const Property i440fx_host_properties[] = {
    DEFINE_PROP_SIZE("pci-hole64-size", I440FXState, pci_hole64_size,
                     I440FX_PCI_HOST_HOLE64_SIZE_DEFAULT),
    DEFINE_PROP_UINT32("short_root_bus", I440FXState, short_root_bus, 0),
    DEFINE_PROP_BOOL("x-pci-hole64-fix", I440FXState, pci_hole64_fix, true),
    DEFINE_PROP_BOOL("bypass-iommu", I440FXState, bypass_iommu, false),
};

static void i440fx_host_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIHostBridgeClass *hc = PCI_HOST_BRIDGE_CLASS(oc);
    static const char *const holes[][2] = {
        { "pci-hole-start", "uint32" }, { "pci-hole-end", "uint32" },
        { "pci-hole64-start", "uint64" }, { "pci-hole64-end", "uint64" },
    };
    unsigned i;

    dc->realize = i440fx_host_realize;
    dc->user_creatable = false;
    hc->root_bus_path = i440fx_root_bus_path;
    device_class_set_props(dc, i440fx_host_properties);
    for (i = 0; i < ARRAY_SIZE(holes); i++) {
        object_class_property_add(oc, holes[i][0], holes[i][1],
                                  i440fx_get_hole, NULL, NULL, NULL);
    }
}

static const TypeInfo i440fx_host_info = {
    .name = TYPE_I440FX_PCI_HOST_BRIDGE,
    .parent = TYPE_PCI_HOST_BRIDGE,
    .instance_size = sizeof(I440FXState),
    .class_init = i440fx_host_class_init,
};

PCIBus *i440fx_init(MemoryRegion *system_memory, MemoryRegion *io_memory,
                    MemoryRegion *pci_memory, MemoryRegion *ram,
                    uint64_t below_4g_mem_size, uint64_t above_4g_mem_size,
                    uint64_t hole64_start, Error **errp)
{
    DeviceState *dev = qdev_new(TYPE_I440FX_PCI_HOST_BRIDGE);
    I440FXState *s = I440FX_PCI_HOST_BRIDGE(dev);

    s->system_memory = system_memory;
    s->io_memory = io_memory;
    s->pci_address_space = pci_memory;
    s->ram_memory = ram;
    s->below_4g_mem_size = below_4g_mem_size;
    s->above_4g_mem_size = above_4g_mem_size;
    s->ram_size = below_4g_mem_size + above_4g_mem_size;
    s->pci_hole64_start = hole64_start;
    /* /machine/i440fx, as in qemu. */
    object_property_add_child(OBJECT(qdev_get_machine()), "i440fx",
                              OBJECT(dev));
    if (!sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), errp)) {
        object_unparent(OBJECT(dev));
        return NULL;
    }
    return PCI_HOST_BRIDGE(dev)->bus;
}

static void i440fx_register_types(void)
{
    type_register_static(&i440fx_pmc_info);
    type_register_static(&i440fx_host_info);
}

type_init(i440fx_register_types)
