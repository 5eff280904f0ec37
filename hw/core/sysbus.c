/*
 * The main system bus and sys-bus devices (see include/hw/core/sysbus.h).
 */
#include "util/osdep.h"
#include "util/module.h"
#include "qom/object-property.h"
#include "hw/core/sysbus.h"

static BusState *main_system_bus;

BusState *sysbus_get_default(void)
{
    if (!main_system_bus) {
        /* Named "main-system-bus" for bus= and info qtree, but it sits at
         * /machine/unattached/sysbus, as qemu's does. */
        Object *bus = object_new(TYPE_SYSTEM_BUS);

        main_system_bus = BUS(bus);
        main_system_bus->name = g_strdup("main-system-bus");
        object_property_add_child(object_get_container("/machine/unattached"),
                                  "sysbus", bus);
        object_unref(bus);
        qbus_realize(main_system_bus, &error_abort);
    }
    return main_system_bus;
}

void sysbus_init_irq(SysBusDevice *dev, qemu_irq *p)
{
    /* Lines are declared one at a time; they share one named list. */
    g_assert(dev->num_irq < SYSBUS_DEVICE_MAX_IRQ);
    qdev_init_gpio_out_named(DEVICE(dev), p, "sysbus-irq", 1);
    dev->num_irq++;
}

void sysbus_connect_irq(SysBusDevice *dev, int n, qemu_irq irq)
{
    qdev_connect_gpio_out_named(DEVICE(dev), "sysbus-irq", n, irq);
}

bool sysbus_realize(SysBusDevice *dev, Error **errp)
{
    return qdev_realize(DEVICE(dev), sysbus_get_default(), errp);
}

bool sysbus_realize_and_unref(SysBusDevice *dev, Error **errp)
{
    return qdev_realize_and_unref(DEVICE(dev), sysbus_get_default(), errp);
}

static void sysbus_device_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->bus_type = TYPE_SYSTEM_BUS;
    /* The board places sys-bus devices, not the user. */
    dc->user_creatable = false;
}

static const TypeInfo sysbus_types[] = {
    {
        .name = TYPE_SYSTEM_BUS,
        .parent = TYPE_BUS,
        .instance_size = sizeof(BusState),
    }, {
        .name = TYPE_SYS_BUS_DEVICE,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(SysBusDevice),
        .abstract = true,
        .class_size = sizeof(DeviceClass),
        .class_init = sysbus_device_class_init,
    },
};

DEFINE_TYPES(sysbus_types)
