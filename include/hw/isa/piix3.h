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
} PIIX3State;

/* The PIRQ line slot @slot pin @pin drives on pc: (slot + pin) & 3. */
int pci_slot_get_pirq(PCIDevice *dev, int pin);

/*
 * Create PIIX3 at 00:01.0 on @bus, route @bus's four lines through it
 * to @isa_irqs[0..15], and return it.
 */
PIIX3State *piix3_create(PCIBus *bus, qemu_irq *isa_irqs, Error **errp);

#endif
