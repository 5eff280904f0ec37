/*
 * The Intel 440FX PCIset host bridge of the pc machine: the
 * "i440FX-pcihost" sys-bus device (configuration mechanism #1 at ports
 * 0xcf8/0xcfc, root bus "pci.0") and its PCI function "i440FX"
 * (82441FX PMC, 8086:1237) at 00:00.0.
 *
 * The PMC's PAM registers (82441FX datasheet, 3.2.18, config 0x59-0x5f)
 * decide for each segment of the BIOS area 0xc0000-0xfffff whether
 * reads and writes go to DRAM (shadow RAM) or to PCI (the ROMs):
 *
 *   0x59 bits 5:4  0xf0000-0xfffff (64 KiB)
 *   0x5a-0x5f      two 16 KiB segments each from 0xc0000: bits 1:0 the
 *                  lower, bits 5:4 the upper
 *
 *   00  DRAM disabled: reads and writes go to PCI
 *   01  read only:  reads from DRAM, writes to PCI (dropped: ROMs)
 *   10  write only: writes to DRAM, reads from PCI by the datasheet; qemu
 *       (observed from a guest) and Corvid read DRAM too
 *   11  read/write: DRAM
 *
 * SMRAM (config 0x72, 3.2.22): D_OPEN (bit 6) shows the DRAM at
 * 0xa0000-0xbffff instead of PCI (VGA); it reads 0x02 at power-on.
 *
 * As in qemu (observed: a guest writing and reading the registers), all
 * of 0x40-0xff is plain read/write storage, with no reserved bits and
 * no D_LCK lock, and none of it changes on reset: a reset leaves PAM and
 * SMRAM as they were.  Register 0x57 holds the RAM size in 8 MiB units
 * (at most 255), as qemu puts it there for firmware.
 */
#ifndef HW_PCI_HOST_I440FX_H
#define HW_PCI_HOST_I440FX_H

#include "hw/pci/pci_host.h"

#define TYPE_I440FX_PCI_HOST_BRIDGE "i440FX-pcihost"
#define TYPE_I440FX_PCI_DEVICE "i440FX"

#define I440FX_PCI_HOST_BRIDGE(obj) \
    OBJECT_CHECK(I440FXState, (obj), TYPE_I440FX_PCI_HOST_BRIDGE)
#define I440FX_PCI_DEVICE(obj) \
    OBJECT_CHECK(PCII440FXState, (obj), TYPE_I440FX_PCI_DEVICE)

/* The default 64-bit PCI hole ("pci-hole64-size"). */
#define I440FX_PCI_HOST_HOLE64_SIZE_DEFAULT (2ULL * GiB)

/* Configuration registers of the PMC */
#define I440FX_PAM              0x59
#define I440FX_PAM_SIZE         7
#define I440FX_SMRAM            0x72
/* Where qemu reports the RAM size to firmware, in 8 MiB units (max 255) */
#define I440FX_DRAM_SIZE        0x57
#define I440FX_DRAM_SIZE_UNIT   (8 * MiB)
#define I440FX_DRAM_SIZE_MAX    0xff
#define I440FX_REVISION         0x02

/* PAM regions: 0 is 0xf0000-0xfffff, 1-12 the 16 KiB segments from
 * 0xc0000. */
#define I440FX_PAM_REGIONS      13
#define I440FX_PAM_BIOS_BASE    0xf0000ULL
#define I440FX_PAM_BIOS_SIZE    0x10000ULL
#define I440FX_PAM_EXPAN_BASE   0xc0000ULL
#define I440FX_PAM_EXPAN_SIZE   0x4000ULL
/* PAM field values (two bits of each nibble) */
#define I440FX_PAM_PCI          0
#define I440FX_PAM_RE           1   /* reads from DRAM */
#define I440FX_PAM_WE           2   /* writes to DRAM */
#define I440FX_PAM_MASK         3
/* SMRAM bits */
#define I440FX_SMRAM_D_OPEN     0x40
#define I440FX_SMRAM_D_CLS      0x20
#define I440FX_SMRAM_D_LCK      0x10
#define I440FX_SMRAM_G_SMRAME   0x08
#define I440FX_SMRAM_C_BASE_SEG 0x07
#define I440FX_SMRAM_DEFAULT    0x02    /* C_BASE_SEG = 010: 0xa0000 */
#define I440FX_SMRAM_BASE       0xa0000ULL
#define I440FX_SMRAM_SIZE       0x20000ULL

/*
 * One PAM region: four overlays of system memory, one enabled at a time
 * ("pam-pci", "pam-rom", "pam-pci" again for write-only, which qemu
 * makes DRAM, and "pam-ram").
 */
typedef struct PCII440FXState PCII440FXState;
typedef struct I440FXState I440FXState;

typedef struct I440FXPAMRegion {
    MemoryRegion alias[4];      /* by field value */
    uint64_t start;
    uint64_t size;
    unsigned current;
} I440FXPAMRegion;

struct PCII440FXState {
    PCIDevice parent_obj;

    I440FXState *host;
    MemoryRegion *system_memory;
    MemoryRegion *pci_address_space;
    MemoryRegion *ram_memory;
    I440FXPAMRegion pam_regions[I440FX_PAM_REGIONS];
    MemoryRegion smram_region;  /* PCI at 0xa0000 unless D_OPEN */
};

struct I440FXState {
    PCIHostState parent_obj;

    /* Links and sizes the board sets before realize */
    MemoryRegion *system_memory;
    MemoryRegion *io_memory;
    MemoryRegion *pci_address_space;
    MemoryRegion *ram_memory;
    uint64_t below_4g_mem_size;
    uint64_t above_4g_mem_size;
    uint64_t ram_size;
    /* Properties */
    uint64_t pci_hole64_size;
    uint32_t short_root_bus;
    bool pci_hole64_fix;
    bool bypass_iommu;
    /* Set by the board: where the 64-bit hole starts (pc_pci_hole64_start) */
    uint64_t pci_hole64_start;

    PCII440FXState *pmc;        /* the "i440FX" function */
};

/*
 * Create the host bridge as /machine/i440fx with the PMC at 00:00.0:
 * BARs map into @pci_memory, I/O BARs into @io_memory, the PAM and SMRAM
 * windows overlay @system_memory over @ram (the -m RAM).  The 32-bit PCI
 * hole starts at @below_4g_mem_size; the 64-bit one at @hole64_start.
 * Returns the root bus "pci.0".
 */
PCIBus *i440fx_init(MemoryRegion *system_memory, MemoryRegion *io_memory,
                    MemoryRegion *pci_memory, MemoryRegion *ram,
                    uint64_t below_4g_mem_size, uint64_t above_4g_mem_size,
                    uint64_t hole64_start, Error **errp);

#endif
