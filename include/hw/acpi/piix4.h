/*
 * The PIIX4 power-management function ("PIIX4_PM", 82371AB function 3,
 * 8086:7113, class 0x0680) of the pc machine, at 00:01.3 behind PIIX3.
 *
 * It holds the machine's ACPI hardware (include/hw/acpi/acpi.h) and its
 * ACPI PCI hotplug controller (include/hw/acpi/pcihp.h):
 *
 *   PMBA+0x00  PM1a_EVT_BLK  PM1 status and enable      } mapped while
 *   PMBA+0x04  PM1a_CNT_BLK  PM1 control                } PMREGMISC bit 0
 *   PMBA+0x08  PM_TMR_BLK    the 3.58 MHz PM timer       } is set
 *   0xafe0     GPE0_BLK      4 bytes: 2 status, 2 enable; bit 1 = PCI
 *                            hotplug
 *   0xae00     the ACPI PCI hotplug registers (0x18 bytes)
 *   0xb2/0xb3  APM control and status: writing the ACPI enable (0xf1) or
 *              disable (0xf0) command to 0xb2 sets or clears SCI_EN
 *
 * All of them are in the I/O space of the bus it sits on (the system's
 * on pc).  PMBA (config 0x40, 32 bits, writable as in qemu) gives the PM
 * block's base in bits 15:6; a reset sets its low byte to 0x01 and keeps
 * the rest, clears PMREGMISC (config 0x80) and so unmaps the block.
 *
 * The SCI is the device's unnamed output GPIO line 0; the board wires it
 * to ISA IRQ 9 (the "sci_int" property says so to the firmware tables).
 *
 * At realize it becomes the hotplug handler of its bus, which must be a
 * root bus, and of the secondary bus of every bridge that is plugged
 * below while the machine is being built (with
 * acpi-pci-hotplug-with-bridge-support).  Not creatable with -device:
 * the board makes it (qemu's is not either).
 *
 * Sleep: SLP_EN with SLP_TYP 0 (S5) or s4_val (S4) shuts the machine down
 * (qemu also sends SUSPEND_DISK for S4); S3 is not supported.
 */
#ifndef HW_ACPI_PIIX4_H
#define HW_ACPI_PIIX4_H

#include "hw/pci/pci.h"
#include "hw/acpi/acpi.h"
#include "hw/acpi/pcihp.h"

#define TYPE_PIIX4_PM "PIIX4_PM"
#define PIIX4_PM(obj) OBJECT_CHECK(PIIX4PMState, (obj), TYPE_PIIX4_PM)

/* pci-ids: 8086:7113 "82371AB/EB/MB PIIX4 ACPI", revision 3 */
#define PIIX4_PM_REVISION       0x03
#define PIIX4_PM_DEVFN          PCI_DEVFN(1, 3)

/* Configuration registers (82371AB datasheet, function 3) */
#define PIIX4_PM_PMBA           0x40    /* PM base address, 32 bits */
#define PIIX4_PM_PMBA_MASK      0xffc0  /* the base: bits 15:6 */
#define PIIX4_PM_PMBA_RESET     0x01    /* low byte after reset: I/O */
#define PIIX4_PM_DEVACTB        0x58    /* device activity B, 32 bits */
#define PIIX4_PM_DEVRESA        0x5c    /* device resource A */
#define PIIX4_PM_DEVRESB        0x60    /* device resource B */
#define PIIX4_PM_PMREGMISC      0x80    /* bit 0: PM I/O space enable */
#define PIIX4_PM_PMIOSE         0x01

/* DEVSEL# medium and fast back-to-back capable, as qemu's reads. */
#define PIIX4_PM_STATUS         (PCI_STATUS_FAST_BACK | 0x0200)

/* The PM block at PMBA: 64 bytes, with these in it */
#define PIIX4_PM_IO_LEN         64
#define PIIX4_PM_PM1_EVT        0x00
#define PIIX4_PM_PM1_CNT        0x04
#define PIIX4_PM_PM_TMR         0x08

/* Fixed places */
#define PIIX4_PM_GPE0_BLK       0xafe0
#define PIIX4_PM_GPE0_BLK_LEN   4
#define PIIX4_PM_SCI_INT        9       /* the ISA IRQ the board uses */
#define PIIX4_PM_APM_CNT        0xb2    /* APMC, then APMS at 0xb3 */
#define PIIX4_PM_APM_LEN        2
#define PIIX4_PM_ACPI_ENABLE    0xf1    /* the FADT's ACPI_ENABLE */
#define PIIX4_PM_ACPI_DISABLE   0xf0    /* ... and ACPI_DISABLE */

/* Sleep types of the firmware's tables */
#define PIIX4_PM_SLP_TYP_S5     0
#define PIIX4_PM_SLP_TYP_S3     1
#define PIIX4_PM_S4_VAL_DEFAULT 2

typedef struct PIIX4PMState {
    PCIDevice parent_obj;

    /* Properties */
    bool use_acpi_hotplug_bridge;   /* acpi-pci-hotplug-with-bridge-... */
    bool use_acpi_root_pci_hotplug; /* acpi-root-pci-hotplug */
    uint8_t s4_val;

    ACPIPMRegs ar;
    AcpiPciHpState pcihp;
    MemoryRegion *io_space;     /* the bus's I/O space */
    MemoryRegion io;            /* "piix4-pm": the PM block */
    MemoryRegion apm_io;        /* "apm-io" */
    uint8_t apm_cnt;
    uint8_t apm_sts;
    Notifier powerdown;
    bool realized_regions;

    /* Read-only QOM properties, as qemu has them */
    uint32_t pm_io_base;        /* where the PM block is (PMBA & mask) */
    uint16_t pcihp_io_base;
    uint16_t pcihp_io_len;
    uint32_t gpe0_blk;
    uint32_t gpe0_blk_len;
    uint16_t sci_int;
    uint8_t acpi_enable_cmd;
    uint8_t acpi_disable_cmd;
} PIIX4PMState;

/*
 * Create PIIX4_PM at 00:01.3 of @bus (function 0 of slot 1 must be
 * multifunction: PIIX3) with its SCI wired to @sci, and return it.
 */
PIIX4PMState *piix4_pm_create(PCIBus *bus, qemu_irq sci, Error **errp);

#endif
