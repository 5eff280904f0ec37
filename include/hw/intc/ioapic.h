/*
 * The I/O APIC ("ioapic"): the 82093AA I/O Advanced Programmable
 * Interrupt Controller as PCs have it, at 0xfec00000.
 *
 * Registers are reached indirectly (82093AA datasheet, 3.1): the guest
 * writes a register index to IOREGSEL (offset 0x00) and reads or writes
 * the 32-bit register through IOWIN (offset 0x10).  Newer versions
 * (0x20, qemu's default) also have an EOI register at offset 0x40 that
 * clears Remote IRR of the level-triggered entries with that vector.
 *
 *   index 0x00  IOAPICID   bits 27:24 the APIC ID
 *   index 0x01  IOAPICVER  bits 23:16 the highest entry (23), 7:0 version
 *   index 0x02  IOAPICARB  bits 27:24 arbitration ID (the APIC ID)
 *   index 0x10 + 2n, 0x11 + 2n   redirection entry n (64 bits, low/high)
 *
 * A redirection entry (3.2.4): vector 7:0, delivery mode 10:8,
 * destination mode 11, delivery status 12 (RO), polarity 13, remote IRR
 * 14 (RO), trigger mode 15 (1: level), mask 16, destination 63:56.
 *
 * Its 24 GPIO inputs ("unnamed-gpio-in") are the GSIs.  There are no
 * local APICs to deliver to yet: an unmasked edge, or a level while
 * Remote IRR is clear, is counted as delivered (Remote IRR set for
 * level entries), which is what the guest can observe.
 */
#ifndef HW_INTC_IOAPIC_H
#define HW_INTC_IOAPIC_H

#include "hw/core/sysbus.h"
#include "system/memory.h"

#define TYPE_IOAPIC "ioapic"
#define IOAPIC(obj) OBJECT_CHECK(IOAPICState, (obj), TYPE_IOAPIC)

#define IOAPIC_NUM_PINS         24
#define IOAPIC_DEFAULT_ADDRESS  0xfec00000ULL
#define IOAPIC_MMIO_SIZE        0x1000

/* MMIO offsets */
#define IOAPIC_IOREGSEL         0x00
#define IOAPIC_IOWIN            0x10
#define IOAPIC_EOI              0x40

/* Register indexes */
#define IOAPIC_REG_ID           0x00
#define IOAPIC_REG_VER          0x01
#define IOAPIC_REG_ARB          0x02
#define IOAPIC_REG_REDTBL_BASE  0x10

#define IOAPIC_ID_SHIFT         24
#define IOAPIC_ID_MASK          0xf
#define IOAPIC_VER_ENTRIES_SHIFT 16

/* Redirection entry bits */
#define IOAPIC_LVT_VECTOR_MASK      0xffULL
#define IOAPIC_LVT_DELIV_MODE_SHIFT 8
#define IOAPIC_LVT_DEST_MODE        (1ULL << 11)
#define IOAPIC_LVT_DELIV_STATUS     (1ULL << 12)
#define IOAPIC_LVT_POLARITY         (1ULL << 13)
#define IOAPIC_LVT_REMOTE_IRR       (1ULL << 14)
#define IOAPIC_LVT_TRIGGER_MODE     (1ULL << 15)
#define IOAPIC_LVT_MASKED           (1ULL << 16)
#define IOAPIC_LVT_DEST_SHIFT       56
/*
 * Bits the guest cannot write: delivery status and remote IRR.  The
 * reserved bits 55:17 keep what is written, as qemu's do.
 */
#define IOAPIC_LVT_RO_BITS  (IOAPIC_LVT_DELIV_STATUS | IOAPIC_LVT_REMOTE_IRR)

/* Versions: 0x11 (82093AA, no EOI register) and 0x20 (with it). */
#define IOAPIC_VER_DEF          0x20
#define IOAPIC_VER_OLD          0x11

typedef struct IOAPICState {
    SysBusDevice parent_obj;

    MemoryRegion io_memory;
    uint8_t version;            /* property "version" */
    uint8_t id;
    uint8_t ioregsel;
    uint32_t irr;               /* inputs currently asserted (level) */
    uint64_t ioredtbl[IOAPIC_NUM_PINS];
    /* Interrupts delivered per pin, for tests and debugging. */
    uint64_t delivered[IOAPIC_NUM_PINS];
} IOAPICState;

#endif
