/*
 * "mch": the Q35 memory controller hub function at 00:00.0 (8086:29c0).
 * Firmware programs the memory map through it: the ECAM window
 * (PCIEXBAR), the PAM segments of 0xc0000-0xfffff, the legacy SMRAM
 * window, TSEG and qemu's SMRAM at the default SMBASE.  Register layout:
 * include/hw/pci-host/q35.h.
 *
 * Two views are kept: what ordinary (non-SMM) accesses see, as regions
 * of system memory that appear and disappear with the registers, and
 * what SMM sees on top of that, as the "smram" container linked at
 * /machine/smram for CPUs that have an SMM address space.
 */
#include "util/osdep.h"
#include "util/module.h"
#include "qom/object-property.h"
#include "hw/core/machine.h"
#include "hw/core/qdev-properties.h"
#include "hw/pci-host/q35.h"

/* The PAM segment @i: where it is, how big, which register bits. */
static hwaddr pam_segment_base(int i)
{
    return i == 0 ? MCH_PAM_BIOS_BASE
                  : MCH_PAM_EXP_BASE + (hwaddr)(i - 1) * MCH_PAM_EXP_SIZE;
}

static uint64_t pam_segment_size(int i)
{
    return i == 0 ? MCH_PAM_BIOS_SIZE : MCH_PAM_EXP_SIZE;
}

/* PAM0 holds only the BIOS segment, in its high nibble; PAM1-6 hold two
 * 16 KiB segments each, the lower one in the low nibble. */
static unsigned pam_segment_mode(const uint8_t *config, int i)
{
    if (i == 0) {
        return (config[MCH_PAM0] >> MCH_PAM_HI_SHIFT) & MCH_PAM_MODE_MASK;
    }
    return (config[MCH_PAM0 + 1 + (i - 1) / 2] >>
            ((i - 1) % 2 ? MCH_PAM_HI_SHIFT : MCH_PAM_LO_SHIFT)) &
           MCH_PAM_MODE_MASK;
}

bool mch_pciexbar_decode(uint64_t val, uint64_t *base, uint64_t *size)
{
    uint64_t mask = MCH_PCIEXBAR_ADMSK;

    if (!(val & MCH_PCIEXBAR_EN)) {
        return false;
    }
    switch (val & MCH_PCIEXBAR_LENGTH_MASK) {
    case MCH_PCIEXBAR_LENGTH_256M:
        *size = 256 * MiB;
        break;
    case MCH_PCIEXBAR_LENGTH_128M:
        *size = 128 * MiB;
        mask |= MCH_PCIEXBAR_128ADMSK;
        break;
    case MCH_PCIEXBAR_LENGTH_64M:
        *size = 64 * MiB;
        mask |= MCH_PCIEXBAR_128ADMSK | MCH_PCIEXBAR_64ADMSK;
        break;
    default:
        /* Reserved: the chipset decodes nothing. */
        return false;
    }
    /* Bits below the window's size are masks, not address: the base is
     * always aligned to the window. */
    *base = val & mask;
    return true;
}

uint64_t mch_tseg_size(uint8_t esmramc, uint16_t ext_tseg_mbytes)
{
    switch (esmramc & MCH_ESMRAMC_TSEG_SZ_MASK) {
    case MCH_ESMRAMC_TSEG_SZ_1M:
        return 1 * MiB;
    case MCH_ESMRAMC_TSEG_SZ_2M:
        return 2 * MiB;
    case MCH_ESMRAMC_TSEG_SZ_8M:
        return 8 * MiB;
    default:
        return (uint64_t)ext_tseg_mbytes * MiB;
    }
}

static void mch_update_pciexbar(MCHPCIState *mch)
{
    PCIDevice *pd = PCI_DEVICE(mch);
    uint64_t val = pci_get_quad(pd->config + MCH_PCIEXBAR);
    uint64_t base = 0, size = 0;
    bool enable = mch_pciexbar_decode(val, &base, &size);

    if ((val & MCH_PCIEXBAR_LENGTH_MASK) == MCH_PCIEXBAR_LENGTH_RSVD) {
        /* As in qemu, the window stays as it was, enable bit or not. */
        pci_guest_error(pd, "PCIEXBAR 0x%" PRIx64 " has the reserved "
                        "length; ECAM window left unchanged", val);
        return;
    }
    q35_host_mmcfg_update(mch->host, enable, base, size);
}

static void mch_update_pam(MCHPCIState *mch)
{
    PCIDevice *pd = PCI_DEVICE(mch);
    int i;

    for (i = 0; i < MCH_PAM_SEGMENTS; i++) {
        MCHPAMSegment *seg = &mch->pam[i];
        unsigned mode = pam_segment_mode(pd->config, i);

        if (mode == seg->mode) {
            continue;
        }
        seg->mode = mode;
        memory_region_set_enabled(&seg->pci, mode == MCH_PAM_MODE_PCI);
        memory_region_set_enabled(&seg->rom, mode == MCH_PAM_MODE_RO);
        memory_region_set_enabled(&seg->ram_wo, mode == MCH_PAM_MODE_WO);
        memory_region_set_enabled(&seg->ram, mode == MCH_PAM_MODE_RW);
    }
}

/*
 * SMRAM and ESMRAMC.  D_LCK, once set, closes D_OPEN and freezes both
 * registers except D_CLS until reset.
 */
static void mch_update_smram(MCHPCIState *mch)
{
    PCIDevice *pd = PCI_DEVICE(mch);
    uint8_t smram, esmramc;
    bool d_open, h_smrame, g_smrame, tseg_on;
    uint64_t tseg_size, top = mch->below_4g_mem_size;

    if (pd->config[MCH_SMRAM] & MCH_SMRAM_D_LCK) {
        pd->config[MCH_SMRAM] &= ~MCH_SMRAM_D_OPEN;
        pd->wmask[MCH_SMRAM] = MCH_SMRAM_WMASK_LCK;
        pd->wmask[MCH_ESMRAMC] = 0;
    } else {
        pd->wmask[MCH_SMRAM] = MCH_SMRAM_WMASK;
        pd->wmask[MCH_ESMRAMC] = MCH_ESMRAMC_WMASK;
    }
    smram = pd->config[MCH_SMRAM];
    esmramc = pd->config[MCH_ESMRAMC];
    d_open = smram & MCH_SMRAM_D_OPEN;
    g_smrame = smram & MCH_SMRAM_G_SMRAME;
    h_smrame = esmramc & MCH_ESMRAMC_H_SMRAME;

    /* 0xa0000: the bus (VGA), unless opened to RAM; with H_SMRAME the
     * RAM behind it is reached at 0xfeda0000 instead. */
    memory_region_set_enabled(&mch->smram_region, !(d_open && !h_smrame));
    memory_region_set_enabled(&mch->open_high_smram, d_open && h_smrame);
    memory_region_set_enabled(&mch->low_smram, g_smrame && !h_smrame);
    memory_region_set_enabled(&mch->high_smram, g_smrame && h_smrame);

    /* TSEG: the top of RAM below 4 GiB, hidden from everything but SMM. */
    tseg_size = mch_tseg_size(esmramc, mch->ext_tseg_mbytes);
    tseg_on = g_smrame && (esmramc & MCH_ESMRAMC_T_EN) && tseg_size && top;
    if (tseg_on && tseg_size > top) {
        pci_guest_error(pd, "TSEG of %" PRIu64 " MiB is larger than the "
                        "%" PRIu64 " MiB of RAM below 4 GiB; hiding all "
                        "of it", (uint64_t)(tseg_size / MiB),
                        (uint64_t)(top / MiB));
        tseg_size = top;
    }
    memory_region_set_enabled(&mch->tseg_blackhole, false);
    memory_region_set_enabled(&mch->tseg_window, false);
    if (tseg_on) {
        memory_region_set_size(&mch->tseg_blackhole, tseg_size);
        memory_region_set_address(&mch->tseg_blackhole, top - tseg_size);
        memory_region_set_size(&mch->tseg_window, tseg_size);
        memory_region_set_alias_offset(&mch->tseg_window, top - tseg_size);
        memory_region_set_address(&mch->tseg_window, top - tseg_size);
        memory_region_set_enabled(&mch->tseg_blackhole, true);
        memory_region_set_enabled(&mch->tseg_window, true);
    }
}

/*
 * F_SMBASE, with "smbase-smram": 0 until firmware asks with 0xff, then
 * 0x01 (available, still open) until a write with the lock bit, then
 * 0x02 for good (until reset), with 0x30000-0x4ffff hidden outside SMM.
 * @written is the byte the guest wrote, @old the register before.
 */
static uint8_t mch_smbase_next(uint8_t old, uint8_t written)
{
    switch (old) {
    case 0:
        return written == MCH_F_SMBASE_QUERY ? MCH_F_SMBASE_IN_RAM : 0;
    case MCH_F_SMBASE_IN_RAM:
        return written & MCH_F_SMBASE_LCK ? MCH_F_SMBASE_LCK
                                          : MCH_F_SMBASE_IN_RAM;
    default:
        return MCH_F_SMBASE_LCK;
    }
}

static void mch_update_smbase(MCHPCIState *mch)
{
    bool locked = mch->has_smram_at_smbase &&
        PCI_DEVICE(mch)->config[MCH_F_SMBASE] == MCH_F_SMBASE_LCK;

    memory_region_set_enabled(&mch->smbase_blackhole, locked);
    memory_region_set_enabled(&mch->smbase_window, locked);
}

static void mch_update_ext_tseg(MCHPCIState *mch)
{
    uint8_t *reg = PCI_DEVICE(mch)->config + MCH_EXT_TSEG_MBYTES;

    /* Without an extended size the register is an ordinary one. */
    if (mch->ext_tseg_mbytes &&
        pci_get_word(reg) == MCH_EXT_TSEG_MBYTES_QUERY) {
        pci_set_word(reg, mch->ext_tseg_mbytes);
    }
}

static void mch_update(MCHPCIState *mch)
{
    memory_region_transaction_begin();
    mch_update_pciexbar(mch);
    mch_update_pam(mch);
    mch_update_smram(mch);
    mch_update_smbase(mch);
    memory_region_transaction_commit();
}

static bool ranges_overlap(uint32_t a, uint32_t alen, uint32_t b,
                           uint32_t blen)
{
    return a < b + blen && b < a + alen;
}

static void mch_write_config(PCIDevice *dev, uint32_t addr, uint32_t val,
                             int len)
{
    MCHPCIState *mch = MCH_PCI_DEVICE(dev);
    bool smbase = mch->has_smram_at_smbase &&
                  ranges_overlap(addr, len, MCH_F_SMBASE, 1);
    uint8_t smbase_old = dev->config[MCH_F_SMBASE];

    pci_default_write_config(dev, addr, val, len);

    if (smbase) {
        uint8_t written = val >> (8 * (MCH_F_SMBASE - addr));

        dev->config[MCH_F_SMBASE] = mch_smbase_next(smbase_old, written);
    }
    if (ranges_overlap(addr, len, MCH_EXT_TSEG_MBYTES, 2)) {
        mch_update_ext_tseg(mch);
    }

    memory_region_transaction_begin();
    if (ranges_overlap(addr, len, MCH_PCIEXBAR, MCH_PCIEXBAR_SIZE)) {
        mch_update_pciexbar(mch);
    }
    if (ranges_overlap(addr, len, MCH_PAM0, MCH_PAM_REGS)) {
        mch_update_pam(mch);
    }
    if (ranges_overlap(addr, len, MCH_SMRAM, 2)) {
        mch_update_smram(mch);
    }
    if (smbase) {
        mch_update_smbase(mch);
    }
    memory_region_transaction_commit();
}

static void mch_reset(DeviceState *dev)
{
    MCHPCIState *mch = MCH_PCI_DEVICE(dev);
    PCIDevice *pd = PCI_DEVICE(dev);

    /* As in qemu, the PAM registers keep their values across a reset
     * (they are 0 at power-on): firmware that resumes relies on it. */
    pci_set_quad(pd->config + MCH_PCIEXBAR, MCH_PCIEXBAR_DEFAULT);
    pd->config[MCH_SMRAM] = MCH_SMRAM_DEFAULT;
    pd->config[MCH_ESMRAMC] = MCH_ESMRAMC_DEFAULT;
    pd->config[MCH_F_SMBASE] = 0;
    pci_set_word(pd->config + MCH_EXT_TSEG_MBYTES, mch->ext_tseg_mbytes);
    if (mch->regions_ready) {
        mch_update(mch);
    }
}

/* Reads all-ones, drops writes: TSEG and SMBASE RAM as others see it. */
static uint64_t blackhole_read(void *opaque, hwaddr addr, unsigned size)
{
    return UINT64_MAX;
}

static void blackhole_write(void *opaque, hwaddr addr, uint64_t val,
                            unsigned size)
{
}

static const MemoryRegionOps blackhole_ops = {
    .read = blackhole_read,
    .write = blackhole_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 1,
    .valid.max_access_size = 8,
    .valid.unaligned = true,
    .impl.min_access_size = 1,
    .impl.max_access_size = 8,
    .impl.unaligned = true,
};

/* A region of @sys at @addr, prio 1, disabled until a register says. */
static void mch_map_disabled(MemoryRegion *sys, hwaddr addr,
                             MemoryRegion *mr)
{
    memory_region_set_enabled(mr, false);
    memory_region_add_subregion_overlap(sys, addr, mr, 1);
}

static void mch_init_pam(MCHPCIState *mch)
{
    Object *owner = OBJECT(mch);
    int i;

    for (i = 0; i < MCH_PAM_SEGMENTS; i++) {
        MCHPAMSegment *seg = &mch->pam[i];
        hwaddr base = pam_segment_base(i);
        uint64_t size = pam_segment_size(i);

        memory_region_init_alias(&seg->pci, owner, "pam-pci",
                                 mch->pci_address_space, base, size);
        memory_region_init_alias(&seg->rom, owner, "pam-rom",
                                 mch->ram_memory, base, size);
        memory_region_set_readonly(&seg->rom, true);
        memory_region_init_alias(&seg->ram, owner, "pam-ram",
                                 mch->ram_memory, base, size);
        /* qemu names its mode-2 alias "pam-pci" although it is RAM. */
        memory_region_init_alias(&seg->ram_wo, owner, "pam-pci",
                                 mch->ram_memory, base, size);
        mch_map_disabled(mch->system_memory, base, &seg->pci);
        mch_map_disabled(mch->system_memory, base, &seg->rom);
        mch_map_disabled(mch->system_memory, base, &seg->ram_wo);
        mch_map_disabled(mch->system_memory, base, &seg->ram);
        /* Force the first update to pick a view. */
        seg->mode = UINT_MAX;
    }
}

static void mch_init_smram(MCHPCIState *mch)
{
    Object *owner = OBJECT(mch);
    MemoryRegion *sys = mch->system_memory;
    MemoryRegion *ram = mch->ram_memory;

    memory_region_init_alias(&mch->smram_region, owner, "smram-region",
                             mch->pci_address_space, MCH_SMRAM_LOW_BASE,
                             MCH_SMRAM_LOW_SIZE);
    mch_map_disabled(sys, MCH_SMRAM_LOW_BASE, &mch->smram_region);
    memory_region_set_enabled(&mch->smram_region, true);

    memory_region_init_alias(&mch->open_high_smram, owner,
                             "smram-open-high", ram, MCH_SMRAM_LOW_BASE,
                             MCH_SMRAM_LOW_SIZE);
    mch_map_disabled(sys, MCH_SMRAM_HIGH_BASE, &mch->open_high_smram);

    memory_region_init_io(&mch->tseg_blackhole, owner, &blackhole_ops, mch,
                          "tseg-blackhole", 1 * MiB);
    mch_map_disabled(sys, 0, &mch->tseg_blackhole);

    memory_region_init_io(&mch->smbase_blackhole, owner, &blackhole_ops,
                          mch, "smbase-blackhole", MCH_SMBASE_SIZE);
    mch_map_disabled(sys, MCH_SMBASE_ADDR, &mch->smbase_blackhole);

    /* The SMM view: only what differs from ordinary accesses. */
    memory_region_init(&mch->smram, owner, "smram", 4 * GiB);
    memory_region_init_alias(&mch->low_smram, owner, "smram-low", ram,
                             MCH_SMRAM_LOW_BASE, MCH_SMRAM_LOW_SIZE);
    memory_region_set_enabled(&mch->low_smram, false);
    memory_region_add_subregion(&mch->smram, MCH_SMRAM_LOW_BASE,
                                &mch->low_smram);
    memory_region_init_alias(&mch->high_smram, owner, "smram-high", ram,
                             MCH_SMRAM_LOW_BASE, MCH_SMRAM_LOW_SIZE);
    memory_region_set_enabled(&mch->high_smram, false);
    memory_region_add_subregion(&mch->smram, MCH_SMRAM_HIGH_BASE,
                                &mch->high_smram);
    memory_region_init_alias(&mch->tseg_window, owner, "tseg-window", ram,
                             0, 1 * MiB);
    memory_region_set_enabled(&mch->tseg_window, false);
    memory_region_add_subregion(&mch->smram, 0, &mch->tseg_window);
    memory_region_init_alias(&mch->smbase_window, owner, "smbase-window",
                             ram, MCH_SMBASE_ADDR, MCH_SMBASE_SIZE);
    memory_region_set_enabled(&mch->smbase_window, false);
    memory_region_add_subregion(&mch->smram, MCH_SMBASE_ADDR,
                                &mch->smbase_window);
}

static void mch_realize(PCIDevice *dev, Error **errp)
{
    MCHPCIState *mch = MCH_PCI_DEVICE(dev);
    Object *machine = OBJECT(qdev_get_machine());

    if (!mch->host || !mch->system_memory || !mch->pci_address_space ||
        !mch->ram_memory) {
        error_setg(errp, "mch: only the q35-pcihost host bridge can create "
                   "this device");
        return;
    }
    /* 12 bits' worth, as qemu allows: 0xffff is the query value. */
    if (mch->ext_tseg_mbytes > MCH_EXT_TSEG_MBYTES_MAX) {
        error_setg(errp, "invalid extended-tseg-mbytes value: %u",
                   mch->ext_tseg_mbytes);
        return;
    }

    /* The registers firmware programs; the rest of 0x40+ is plain. */
    dev->wmask[MCH_SMRAM] = MCH_SMRAM_WMASK;
    dev->wmask[MCH_ESMRAMC] = MCH_ESMRAMC_WMASK;
    if (mch->has_smram_at_smbase) {
        /* Written through mch_smbase_next() only. */
        dev->wmask[MCH_F_SMBASE] = 0;
    }

    memory_region_transaction_begin();
    mch_init_pam(mch);
    mch_init_smram(mch);
    mch->regions_ready = true;
    mch_reset(DEVICE(dev));
    memory_region_transaction_commit();

    if (machine && !object_property_find(machine, "smram")) {
        object_property_add_const_link(machine, "smram",
                                       OBJECT(&mch->smram));
    }
}

static void mch_unmap(MCHPCIState *mch, MemoryRegion *mr)
{
    memory_region_del_subregion(mch->system_memory, mr);
    object_unparent(OBJECT(mr));
}

static void mch_exit(PCIDevice *dev)
{
    MCHPCIState *mch = MCH_PCI_DEVICE(dev);
    Object *machine = OBJECT(qdev_get_machine());
    int i;

    if (!mch->regions_ready) {
        return;
    }
    if (machine && object_property_get_link(machine, "smram", NULL) ==
        OBJECT(&mch->smram)) {
        object_property_del(machine, "smram");
    }
    memory_region_transaction_begin();
    q35_host_mmcfg_update(mch->host, false, 0, 0);
    for (i = 0; i < MCH_PAM_SEGMENTS; i++) {
        mch_unmap(mch, &mch->pam[i].pci);
        mch_unmap(mch, &mch->pam[i].rom);
        mch_unmap(mch, &mch->pam[i].ram_wo);
        mch_unmap(mch, &mch->pam[i].ram);
    }
    mch_unmap(mch, &mch->smram_region);
    mch_unmap(mch, &mch->open_high_smram);
    mch_unmap(mch, &mch->tseg_blackhole);
    mch_unmap(mch, &mch->smbase_blackhole);
    memory_region_del_subregion(&mch->smram, &mch->low_smram);
    memory_region_del_subregion(&mch->smram, &mch->high_smram);
    memory_region_del_subregion(&mch->smram, &mch->tseg_window);
    memory_region_del_subregion(&mch->smram, &mch->smbase_window);
    object_unparent(OBJECT(&mch->low_smram));
    object_unparent(OBJECT(&mch->high_smram));
    object_unparent(OBJECT(&mch->tseg_window));
    object_unparent(OBJECT(&mch->smbase_window));
    object_unparent(OBJECT(&mch->smram));
    memory_region_transaction_commit();
    mch->regions_ready = false;
}

static const Property mch_props[] = {
    DEFINE_PROP_UINT16("extended-tseg-mbytes", MCHPCIState, ext_tseg_mbytes,
                       MCH_EXT_TSEG_MBYTES_DEFAULT),
    DEFINE_PROP_BOOL("smbase-smram", MCHPCIState, has_smram_at_smbase, true),
};

static void mch_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(oc);

    pc->realize = mch_realize;
    pc->exit = mch_exit;
    pc->config_write = mch_write_config;
    pc->vendor_id = PCI_VENDOR_ID_INTEL;
    pc->device_id = PCI_DEVICE_ID_INTEL_Q35_MCH;
    pc->revision = MCH_HOST_BRIDGE_REVISION;
    pc->class_id = PCI_CLASS_BRIDGE_HOST;
    dc->desc = "Host bridge";
    dc->reset = mch_reset;
    /* Part of q35-pcihost; the board never lets users add another. */
    dc->user_creatable = false;
    dc->hotpluggable = false;
    device_class_set_category(dc, DEVICE_CATEGORY_BRIDGE);
    device_class_set_props(dc, mch_props);
}

static const InterfaceInfo mch_interfaces[] = {
    { INTERFACE_CONVENTIONAL_PCI_DEVICE },
    { NULL },
};

static const TypeInfo mch_info = {
    .name = TYPE_MCH_PCI_DEVICE,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(MCHPCIState),
    .class_init = mch_class_init,
    .interfaces = mch_interfaces,
};

static void mch_register_types(void)
{
    type_register_static(&mch_info);
}

type_init(mch_register_types)
