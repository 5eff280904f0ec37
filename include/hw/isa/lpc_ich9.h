/*
 * "ICH9-LPC": the LPC interface bridge of the ICH9 southbridge
 * (8086:2918, class 0x0601), function 0 of slot 31 on the q35 machine.
 * Intel I/O Controller Hub 9 (ICH9) Family datasheet, "LPC Interface
 * Bridge Registers (D31:F0)" and "Chipset Configuration Registers".
 *
 * What it models is the interrupt routing of the root bus's INTx:
 *
 *   - each device pin goes to one of eight PIRQs (A-H): for slots 25-29
 *     and 31 through the DxxIR registers of the chipset configuration
 *     registers (RCRB, reset value 0x3210: INTA->PIRQA ... INTD->PIRQD);
 *     for slot 30 INTA-D -> PIRQE-H; for every other slot, as qemu
 *     wires them, PIRQ E + (slot + pin) % 4;
 *   - PIRQ A-H drive I/O APIC inputs (GSI) 16-23, always;
 *   - PIRQx_ROUT (0x60-0x63, 0x68-0x6b) also route a PIRQ to an ISA IRQ
 *     (bits 3:0, any but 0) unless bit 7 (IRQEN, "disable") is set, for
 *     an 8259 PIC.
 *
 * The GSIs are the named GPIO outputs "gsi" (24 lines) the board
 * connects to its I/O APIC; its ISA bus "isa.0" raises GSIs 0-15.  RCBA (0xf0) maps the 16 KiB of chipset
 * configuration registers ("lpc-rcrb-mmio") when bit 0 is set.  PMBASE
 * (0x40) and ACPI_CNTL (0x44) hold their values but map no ACPI
 * registers.
 *
 * The reset control register RST_CNT (ICH9 datasheet, "Reset Control
 * Register", I/O port 0xcf9, region "lpc-reset-control" over the second
 * byte of the configuration address register, priority 1): a byte write
 * with RST_CPU (bit 2) set asks for a system reset, as the guest's
 * (RESET event with "guest": true, reason "guest-reset"; with -no-reboot
 * a shutdown instead).  As in qemu, SYS_RST (bit 1) and FULL_RST (bit 3)
 * are kept and read back, and a reset clears them.
 */
#ifndef HW_ISA_LPC_ICH9_H
#define HW_ISA_LPC_ICH9_H

#include "hw/pci/pci.h"

#define TYPE_ICH9_LPC_DEVICE "ICH9-LPC"
#define ICH9_LPC_DEVICE(obj) \
    OBJECT_CHECK(ICH9LPCState, (obj), TYPE_ICH9_LPC_DEVICE)

#define ICH9_LPC_REVISION           0x02
#define ICH9_LPC_SLOT               31
#define ICH9_LPC_FUNC               0
#define ICH9_LPC_DEVFN              PCI_DEVFN(ICH9_LPC_SLOT, ICH9_LPC_FUNC)

/* The GPIO output lines to the I/O APIC */
#define ICH9_GPIO_GSI               "gsi"
#define ICH9_LPC_NUM_GSI            24
#define ICH9_LPC_PIRQ_GSI_BASE      16

/* PIRQs */
#define ICH9_LPC_NB_PIRQS           8
#define ICH9_LPC_PIRQA_ROUT         0x60    /* A-D: 0x60-0x63 */
#define ICH9_LPC_PIRQE_ROUT         0x68    /* E-H: 0x68-0x6b */
#define ICH9_LPC_PIRQ_ROUT_IRQEN    0x80    /* set: not routed to ISA */
#define ICH9_LPC_PIRQ_ROUT_IRQ_MASK 0x0f
#define ICH9_LPC_PIRQ_ROUT_DEFAULT  0x80
#define ICH9_LPC_ISA_IRQS           16

/* Other registers */
#define ICH9_LPC_PMBASE             0x40
#define ICH9_LPC_PMBASE_DEFAULT     0x00000001  /* RTE: I/O space */
#define ICH9_LPC_PMBASE_WMASK       0xff87
#define ICH9_LPC_ACPI_CNTL          0x44
#define ICH9_LPC_RCBA               0xf0
#define ICH9_LPC_RCBA_EN            0x1
#define ICH9_LPC_RCBA_BA_MASK       0xffffc000U

/* RST_CNT, the reset control register (I/O space) */
#define ICH9_RST_CNT_IOPORT         0xcf9
#define ICH9_RST_CNT_SYS_RST        0x02    /* hard reset: kept */
#define ICH9_RST_CNT_RST_CPU        0x04    /* write 1: reset */
#define ICH9_RST_CNT_FULL_RST       0x08    /* with power cycle: kept */
#define ICH9_RST_CNT_MASK           (ICH9_RST_CNT_SYS_RST | \
                                     ICH9_RST_CNT_FULL_RST)

/* Chipset configuration registers (offsets in the RCRB) */
#define ICH9_CC_SIZE                0x4000
#define ICH9_CC_D31IR               0x3140
#define ICH9_CC_D29IR               0x3144
#define ICH9_CC_D28IR               0x3146
#define ICH9_CC_D27IR               0x3148
#define ICH9_CC_D26IR               0x314c
#define ICH9_CC_D25IR               0x3150
#define ICH9_CC_DIR_DEFAULT         0x3210
#define ICH9_CC_DIR_PIRQ_MASK       0x7     /* per pin, 4 bits a pin */
#define ICH9_CC_GCS                 0x3410
#define ICH9_CC_GCS_DEFAULT         0x00000020  /* NR: no reboot */

/* One INTx line of the root bus per slot and pin. */
#define ICH9_LPC_NB_LINES           (PCI_SLOT_MAX * PCI_NUM_PINS)

typedef struct ICH9LPCState {
    PCIDevice parent_obj;

    qemu_irq gsi[ICH9_LPC_NUM_GSI];
    PCIBus *irq_bus;            /* the bus whose INTx it routes */
    struct ISABus *isa_bus;     /* "isa.0", IRQs gsi[0..15] */

    /* Level of each root bus line (slot * 4 + pin). */
    uint8_t line_level[ICH9_LPC_NB_LINES];
    uint8_t pirq_level;         /* bit N: PIRQ N asserted */
    uint16_t isa_level;         /* ISA IRQs it holds asserted */

    uint8_t cc[ICH9_CC_SIZE];   /* chipset configuration registers */
    MemoryRegion rcrb_mem;      /* "lpc-rcrb-mmio" */
    bool rcrb_mapped;

    uint8_t rst_cnt;            /* RST_CNT: ICH9_RST_CNT_MASK bits */
    MemoryRegion rst_cnt_mem;   /* "lpc-reset-control" at 0xcf9 */
    MemoryRegion *rst_cnt_space;    /* where it is mapped, or NULL */
} ICH9LPCState;

/*
 * The PIRQ (0-7 for A-H) pin @pin (0 = INTA) of a device in root bus slot
 * @slot ends on, given chipset configuration registers @cc.
 */
int ich9_lpc_pirq(const uint8_t *cc, int slot, int pin);

#endif
