/*
 * The ISA bus ("ISA") and the abstract ISA device (see
 * include/hw/isa/isa.h).
 */
#include "util/osdep.h"
#include "util/module.h"
#include "hw/isa/isa.h"

ISABus *isa_bus_new(DeviceState *parent, MemoryRegion *mem,
                    MemoryRegion *io, qemu_irq *irqs)
{
    ISABus *bus = ISA_BUS(qbus_new(TYPE_ISA_BUS, parent, "isa.0"));

    bus->address_space = mem;
    bus->address_space_io = io;
    bus->irqs = irqs;
    return bus;
}

qemu_irq isa_bus_get_irq(ISABus *bus, unsigned n)
{
    g_assert(n < ISA_NUM_IRQS);
    return bus->irqs ? bus->irqs[n] : NULL;
}

static const TypeInfo isa_bus_info = {
    .name = TYPE_ISA_BUS,
    .parent = TYPE_BUS,
    .instance_size = sizeof(ISABus),
};

static void isa_device_class_init(ObjectClass *oc, void *data)
{
    DEVICE_CLASS(oc)->bus_type = TYPE_ISA_BUS;
}

static const TypeInfo isa_device_info = {
    .name = TYPE_ISA_DEVICE,
    .parent = TYPE_DEVICE,
    .abstract = true,
    .instance_size = sizeof(ISADevice),
    .class_init = isa_device_class_init,
};

static void isa_register_types(void)
{
    type_register_static(&isa_bus_info);
    type_register_static(&isa_device_info);
}

type_init(isa_register_types)
