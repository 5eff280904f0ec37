/*
 * The Q35 host bridge: "q35-pcihost", a sys-bus PCI Express host bridge
 * that owns the root bus "pcie.0", and "mch", the memory controller hub
 * function (8086:29c0) at 00:00.0 through which firmware programs the
 * memory map.
 *
 * Register layouts follow the Intel 3 Series Chipset Family datasheet
 * (82Q35 GMCH, "DRAM Controller Registers (D0:F0)"); where qemu's q35
 * differs from the datasheet, qemu's behaviour is the interface (see
 * docs/system/q35.rst):
 *
 *   0x50  EXT_TSEG_MBYTES  qemu's extension, 16 bits: reads as the
 *                          "extended-tseg-mbytes" property after reset
 *                          and after a write of 0xffff (the query OVMF
 *                          makes); other values read back as written
 *   0x60  PCIEXBAR         64 bits: bit 0 enable, bits 2:1 length
 *                          (256/128/64 MiB; 3 is reserved: as in qemu
 *                          the window stays as it was, even with bit 0
 *                          clear),
 *                          bits 35:26 base (bits 27:26 only for the
 *                          shorter lengths); the ECAM window of
 *                          "pcie-mmcfg-mmio"
 *   0x90  PAM0             bits 5:4: 0xf0000-0xfffff
 *   0x91-0x96 PAM1-PAM6    bits 1:0 and 5:4: two 16 KiB segments each,
 *                          0xc0000 up to 0xeffff
 *   0x9c  F_SMBASE         qemu's SMRAM at the default SMBASE
 *                          (0x30000-0x4ffff): write 0xff to ask, reads
 *                          0x01 if available; then a write with bit 1
 *                          locks it (reads 0x02) and hides it
 *   0x9d  SMRAM            D_OPEN, D_CLS, D_LCK, G_SMRAME, C_BASE_SEG
 *   0x9e  ESMRAMC          H_SMRAME, TSEG_SZ, T_EN
 *
 * PAM modes are 0 (the bus: PCI, ROMs), 1 (RAM, read-only), 2 (in qemu
 * the same as 3) and 3 (RAM, read-write).
 */
#ifndef HW_PCI_HOST_Q35_H
#define HW_PCI_HOST_Q35_H

#include "hw/pci/pci_host.h"

#define TYPE_Q35_HOST_DEVICE "q35-pcihost"
#define TYPE_MCH_PCI_DEVICE "mch"

#define Q35_HOST_DEVICE(obj) \
    OBJECT_CHECK(Q35PCIHost, (obj), TYPE_Q35_HOST_DEVICE)
#define MCH_PCI_DEVICE(obj) \
    OBJECT_CHECK(MCHPCIState, (obj), TYPE_MCH_PCI_DEVICE)

/* Identification (device ID: pci_ids.h PCI_DEVICE_ID_INTEL_Q35_MCH) */
#define MCH_HOST_BRIDGE_REVISION        0x00

/* The root bus's name, as qemu's q35 calls it. */
#define Q35_ROOT_BUS_NAME               "pcie.0"
/* Where the MCH sits. */
#define MCH_DEVFN                       PCI_DEVFN(0, 0)

/* EXT_TSEG_MBYTES: qemu's extended TSEG size register */
#define MCH_EXT_TSEG_MBYTES             0x50
#define MCH_EXT_TSEG_MBYTES_QUERY       0xffff
#define MCH_EXT_TSEG_MBYTES_DEFAULT     16
#define MCH_EXT_TSEG_MBYTES_MAX         0xfff

/* PCIEXBAR */
#define MCH_PCIEXBAR                    0x60
#define MCH_PCIEXBAR_SIZE               8
#define MCH_PCIEXBAR_EN                 0x1ULL
#define MCH_PCIEXBAR_LENGTH_MASK        0x6ULL
#define MCH_PCIEXBAR_LENGTH_256M        0x0ULL
#define MCH_PCIEXBAR_LENGTH_128M        0x2ULL
#define MCH_PCIEXBAR_LENGTH_64M         0x4ULL
#define MCH_PCIEXBAR_LENGTH_RSVD        0x6ULL
/* Bits 35:28 always decode; 27 (128ADMSK) and 26 (64ADMSK) join them
 * for the shorter windows. */
#define MCH_PCIEXBAR_ADMSK              0xff0000000ULL
#define MCH_PCIEXBAR_128ADMSK           (1ULL << 27)
#define MCH_PCIEXBAR_64ADMSK            (1ULL << 26)
/* Reset value: the base qemu and firmware use, not yet enabled. */
#define MCH_PCIEXBAR_DEFAULT            0xb0000000ULL
#define MCH_PCIEXBAR_SIZE_MAX           0x10000000ULL   /* 256 MiB */
/* The "MCFG" property while the window is off. */
#define Q35_MMCFG_UNMAPPED              UINT64_MAX

/* PAM: programmable attribute map of 0xc0000-0xfffff */
#define MCH_PAM0                        0x90
#define MCH_PAM_REGS                    7
#define MCH_PAM_SEGMENTS                13  /* 0xf0000 + 12 x 16 KiB */
#define MCH_PAM_BIOS_BASE               0xf0000
#define MCH_PAM_BIOS_SIZE               0x10000
#define MCH_PAM_EXP_BASE                0xc0000
#define MCH_PAM_EXP_SIZE                0x4000
#define MCH_PAM_MODE_MASK               0x3
#define MCH_PAM_MODE_PCI                0   /* DRAM disabled */
#define MCH_PAM_MODE_RO                 1   /* reads DRAM */
#define MCH_PAM_MODE_WO                 2   /* writes DRAM (qemu: RAM) */
#define MCH_PAM_MODE_RW                 3
#define MCH_PAM_LO_SHIFT                0
#define MCH_PAM_HI_SHIFT                4

/* F_SMBASE: qemu's SMRAM at the default SMBASE */
#define MCH_F_SMBASE                    0x9c
#define MCH_F_SMBASE_QUERY              0xff
#define MCH_F_SMBASE_IN_RAM             0x01
#define MCH_F_SMBASE_LCK                0x02
#define MCH_SMBASE_ADDR                 0x30000
#define MCH_SMBASE_SIZE                 0x20000     /* 128 KiB */

/* SMRAM */
#define MCH_SMRAM                       0x9d
#define MCH_SMRAM_D_OPEN                0x40
#define MCH_SMRAM_D_CLS                 0x20
#define MCH_SMRAM_D_LCK                 0x10
#define MCH_SMRAM_G_SMRAME              0x08
#define MCH_SMRAM_C_BASE_SEG_MASK       0x07
#define MCH_SMRAM_C_BASE_SEG            0x02    /* 0xa0000-0xbffff */
#define MCH_SMRAM_DEFAULT               MCH_SMRAM_C_BASE_SEG
#define MCH_SMRAM_WMASK                 (MCH_SMRAM_D_OPEN | \
                                         MCH_SMRAM_D_CLS | \
                                         MCH_SMRAM_D_LCK | \
                                         MCH_SMRAM_G_SMRAME)
#define MCH_SMRAM_WMASK_LCK             MCH_SMRAM_D_CLS

/* ESMRAMC */
#define MCH_ESMRAMC                     0x9e
#define MCH_ESMRAMC_H_SMRAME            0x80
#define MCH_ESMRAMC_E_SMERR             0x40
#define MCH_ESMRAMC_SM_CACHE            0x20
#define MCH_ESMRAMC_SM_L1               0x10
#define MCH_ESMRAMC_SM_L2               0x08
#define MCH_ESMRAMC_TSEG_SZ_MASK        0x06
#define MCH_ESMRAMC_TSEG_SZ_1M          0x00
#define MCH_ESMRAMC_TSEG_SZ_2M          0x02
#define MCH_ESMRAMC_TSEG_SZ_8M          0x04
#define MCH_ESMRAMC_TSEG_SZ_EXT         0x06    /* qemu: extended-tseg */
#define MCH_ESMRAMC_T_EN                0x01
#define MCH_ESMRAMC_DEFAULT             (MCH_ESMRAMC_SM_CACHE | \
                                         MCH_ESMRAMC_SM_L1 | \
                                         MCH_ESMRAMC_SM_L2)
#define MCH_ESMRAMC_WMASK               (MCH_ESMRAMC_H_SMRAME | \
                                         MCH_ESMRAMC_TSEG_SZ_MASK | \
                                         MCH_ESMRAMC_T_EN)

/* The legacy SMRAM / VGA window and its high alias */
#define MCH_SMRAM_LOW_BASE              0xa0000
#define MCH_SMRAM_LOW_SIZE              0x20000
#define MCH_SMRAM_HIGH_BASE             0xfeda0000ULL

/* Defaults of the host's properties */
#define Q35_PCI_HOLE64_SIZE_DEFAULT     (32ULL << 30)   /* 32 GiB */
/* Where the 32-bit PCI hole ends: the I/O APIC's page. */
#define Q35_PCI_HOLE_END                0xfec00000ULL

typedef struct Q35PCIHost Q35PCIHost;

/* One PAM segment: the four views a mode picks from. */
typedef struct MCHPAMSegment {
    MemoryRegion pci;       /* alias of the bus's memory space */
    MemoryRegion rom;       /* read-only alias of RAM */
    MemoryRegion ram;       /* alias of RAM */
    MemoryRegion ram_wo;    /* mode 2: RAM too, as in qemu */
    unsigned mode;
} MCHPAMSegment;

typedef struct MCHPCIState {
    PCIDevice parent_obj;

    /* Set by the host before realize */
    Q35PCIHost *host;
    MemoryRegion *system_memory;
    MemoryRegion *pci_address_space;
    MemoryRegion *ram_memory;
    uint64_t below_4g_mem_size;

    /* Properties */
    uint16_t ext_tseg_mbytes;       /* "extended-tseg-mbytes" */
    bool has_smram_at_smbase;       /* "smbase-smram" */

    MCHPAMSegment pam[MCH_PAM_SEGMENTS];

    /* What non-SMM accesses see */
    MemoryRegion smram_region;      /* 0xa0000: the bus unless opened */
    MemoryRegion open_high_smram;   /* 0xfeda0000 -> RAM 0xa0000, open */
    MemoryRegion tseg_blackhole;    /* the top of low RAM, while TSEG */
    MemoryRegion smbase_blackhole;  /* 0x30000, once locked */

    /* What SMM sees on top of system memory (linked as /machine/smram) */
    MemoryRegion smram;
    MemoryRegion low_smram;
    MemoryRegion high_smram;
    MemoryRegion tseg_window;
    MemoryRegion smbase_window;

    bool regions_ready;             /* all of the above exist */
} MCHPCIState;

struct Q35PCIHost {
    PCIHostState parent_obj;

    MCHPCIState mch;                /* child "mch", on pcie.0 at 00.0 */

    /* ECAM */
    MemoryRegion mmcfg;             /* "pcie-mmcfg-mmio" */
    uint64_t mmcfg_base;            /* "MCFG": Q35_MMCFG_UNMAPPED if off */
    uint64_t mmcfg_size;            /* "mcfg_size": the last window's */
    bool mmcfg_mapped;

    /* Properties */
    uint64_t pci_hole64_size;
    uint64_t below_4g_mem_size;
    uint64_t above_4g_mem_size;
    uint32_t short_root_bus;
    bool pci_hole64_fix;
    bool bypass_iommu;
    bool config_reg_migration;

    /* Links set by the board before realize */
    Object *system_memory;          /* "system-mem" */
    Object *io_memory;              /* "io-mem" */
    Object *pci_memory;             /* "pci-mem" */
    Object *ram_memory;             /* "ram-mem" */
    bool pci_mapped_here;           /* realize mapped pci-mem itself */
};

/*
 * Map the ECAM window at @base with @size bytes (a power of two from 1
 * to 256 MiB buses' worth, aligned to itself), or unmap it if !enable.
 * Called by the MCH when PCIEXBAR changes.
 */
void q35_host_mmcfg_update(Q35PCIHost *s, bool enable, uint64_t base,
                           uint64_t size);

/*
 * Decode PCIEXBAR value @val: true and the window if it is enabled with
 * a valid length.  Exposed for the unit tests.
 */
bool mch_pciexbar_decode(uint64_t val, uint64_t *base, uint64_t *size);

/* The TSEG size ESMRAMC @esmramc selects (0 for an extended size of 0). */
uint64_t mch_tseg_size(uint8_t esmramc, uint16_t ext_tseg_mbytes);

#endif
