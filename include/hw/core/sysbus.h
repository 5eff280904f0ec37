/*
 * The main system bus and the devices that sit on it.
 *
 * The main system bus ("main-system-bus") is the root of the qdev tree:
 * board devices that are not on any guest-visible bus (host bridges,
 * interrupt controllers, fw_cfg) are sys-bus devices plugged into it.
 * Sys-bus devices cannot be created with -device unless their class says
 * so: the board decides where they live.
 */
#ifndef HW_CORE_SYSBUS_H
#define HW_CORE_SYSBUS_H

#include "hw/core/qdev.h"

#define TYPE_SYSTEM_BUS "System"
#define TYPE_SYS_BUS_DEVICE "sys-bus-device"

#define SYSBUS_DEVICE_MAX_IRQ 32

typedef struct SysBusDevice {
    DeviceState parent_obj;

    int num_irq;
} SysBusDevice;

#define SYS_BUS_DEVICE(obj) \
    OBJECT_CHECK(SysBusDevice, (obj), TYPE_SYS_BUS_DEVICE)

/* Declare an output interrupt line; the board connects it. */
void sysbus_init_irq(SysBusDevice *dev, qemu_irq *p);
void sysbus_connect_irq(SysBusDevice *dev, int n, qemu_irq irq);
/* Realize @dev on the main system bus. */
bool sysbus_realize(SysBusDevice *dev, Error **errp);
bool sysbus_realize_and_unref(SysBusDevice *dev, Error **errp);

#endif
