/*
 * The ISA bus ("ISA"), as far as the PC boards need it: the bus a
 * PCI-to-ISA bridge provides ("isa.0"), with the 16 ISA IRQ lines and
 * the I/O and memory spaces ISA devices are mapped into.  There are no
 * ISA device models yet; the bus is there so the bridges look as they do
 * in qemu ("info qtree", QOM paths) and future devices have a home.
 */
#ifndef HW_ISA_ISA_H
#define HW_ISA_ISA_H

#include "hw/core/qdev.h"
#include "system/memory.h"

#define TYPE_ISA_BUS "ISA"
#define TYPE_ISA_DEVICE "isa-device"

#define ISA_NUM_IRQS 16

typedef struct ISABus {
    BusState parent_obj;

    MemoryRegion *address_space;        /* ISA memory (system memory) */
    MemoryRegion *address_space_io;     /* ISA I/O (the I/O space) */
    qemu_irq *irqs;                     /* ISA_NUM_IRQS lines, not owned */
} ISABus;

#define ISA_BUS(obj) OBJECT_CHECK(ISABus, (obj), TYPE_ISA_BUS)

typedef struct ISADevice {
    DeviceState parent_obj;
} ISADevice;

#define ISA_DEVICE(obj) OBJECT_CHECK(ISADevice, (obj), TYPE_ISA_DEVICE)

/* A new ISA bus "isa.0" under @parent, IRQs @irqs[0..15]. */
ISABus *isa_bus_new(DeviceState *parent, MemoryRegion *mem,
                    MemoryRegion *io, qemu_irq *irqs);
/* ISA IRQ @n (0-15) of @bus. */
qemu_irq isa_bus_get_irq(ISABus *bus, unsigned n);

#endif
