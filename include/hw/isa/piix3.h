/*
 * The PIIX3 PCI-to-ISA bridge ("PIIX3", 82371SB function 0, 8086:7000)
 * of the pc machine, at 00:01.0 (multifunction).
 *
 * Its PIRQ route control registers (82371SB datasheet, 2.2.9, config
 * 0x60-0x63, one per PIRQA#-PIRQD#) steer the four PCI interrupt lines to
 * ISA IRQs: bit 7 set disables the routing (the reset value 0x80), bits
 * 3:0 pick the IRQ.  As in qemu, the registers keep all eight bits and
 * any value from 16 up routes nowhere.  Several PIRQs may share an IRQ:
 * the IRQ is the OR of them.
 *
 * On the pc machine, device slot S's pin P (0 = INTA#) drives PIRQ
 * (S + P) mod 4 (pci_slot_get_pirq), and ISA IRQ N is GSI N of the I/O
 * APIC.  piix3_create gives PIIX3 the board's 16 ISA IRQ lines and makes
 * it the receiver of the root bus's four lines; the ISA bus "isa.0" it
 * provides uses the same IRQ lines.
 *
 * The reset control register (82371SB datasheet, "Reset Control
 * Register", I/O port 0xcf9; region "piix3-reset-control" over the
 * second byte of the configuration address register, priority 1): a
 * byte write with RCPU (bit 2) set asks for a system reset, as the
 * guest's (RESET event, "guest": true, reason "guest-reset"; with
 * -no-reboot a shutdown instead).  As in qemu, only SRST (bit 1) is kept
 * and reads back, and a reset clears it.  A 4-byte outl to 0xcf8 still
 * reaches the configuration address register whole
 * (docs/devel/memory.rst).
 */
#ifndef HW_ISA_PIIX3_H
#define HW_ISA_PIIX3_H

#include "hw/pci/pci_bus.h"
#include "hw/isa/isa.h"

#define TYPE_PIIX3_DEVICE "PIIX3"
#define PIIX3_PCI_DEVICE(obj) \
    OBJECT_CHECK(PIIX3State, (obj), TYPE_PIIX3_DEVICE)

#define PIIX3_DEVFN             PCI_DEVFN(1, 0)
#define PIIX_NUM_PIRQS          4

/* Configuration registers (82371SB datasheet, 2.2) */
#define PIIX_IORT               0x4c    /* ISA I/O recovery timer */
#define PIIX_XBCS               0x4e    /* X-bus chip select, 16 bits */
#define PIIX_PIRQCA             0x60    /* PIRQ route control A-D */
#define PIIX_TOM                0x69    /* top of memory */
#define PIIX_MSTAT              0x6a    /* misc status, 16 bits */
#define PIIX_MBIRQ0             0x70    /* motherboard IRQ route 0 */
#define PIIX_MBIRQ1             0x71
#define PIIX_MBDMA0             0x76    /* motherboard DMA 0 */
#define PIIX_MBDMA1             0x77
#define PIIX_PCSC               0x78    /* programmable chip select, 16 */
#define PIIX_APICBASE           0x80
#define PIIX_DLC                0x82    /* deterministic latency */
#define PIIX_SMICNTL            0xa0
#define PIIX_SMIEN              0xa2    /* 16 bits */
#define PIIX_SEE                0xa4    /* system event enable, 32 bits */
#define PIIX_FTMR               0xa8    /* fast off timer */
#define PIIX_SMIREQ             0xaa    /* 16 bits */
#define PIIX_CTLTMR             0xac    /* clock scale stpclk low timer */
#define PIIX_CTHTMR             0xae    /* ... high timer */

/* The reset control register (I/O space) */
#define PIIX_RCR_IOPORT         0xcf9
#define PIIX_RCR_SRST           0x02    /* system (hard) reset: kept */
#define PIIX_RCR_RCPU           0x04    /* reset CPU: write 1 to reset */

#define PIIX_PIRQ_DISABLE       0x80
/* PCI status: DEVSEL# timing medium (bits 10:9 = 01) */
#define PIIX_STATUS_DEVSEL_MEDIUM 0x0200

typedef struct PIIX3State {
    PCIDevice parent_obj;

    /* The ISA IRQ lines (GSIs 0-15 on pc); set before realize. */
    qemu_irq isa_irqs[ISA_NUM_IRQS];
    /* The level each ISA IRQ was last driven to by the PIRQs. */
    uint16_t isa_levels;
    ISABus *isa_bus;            /* "isa.0" */

    uint8_t rcr;                /* reset control: PIIX_RCR_SRST or 0 */
    MemoryRegion rcr_mem;       /* "piix3-reset-control" at 0xcf9 */
    MemoryRegion *rcr_space;    /* where it is mapped, or NULL */
} PIIX3State;

/* The PIRQ line slot @slot pin @pin drives on pc: (slot + pin) & 3. */
int pci_slot_get_pirq(PCIDevice *dev, int pin);

/*
 * Create PIIX3 at 00:01.0 on @bus, route @bus's four lines through it
 * to @isa_irqs[0..15], and return it.
 */
PIIX3State *piix3_create(PCIBus *bus, qemu_irq *isa_irqs, Error **errp);

#endif
