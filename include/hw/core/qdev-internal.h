/*
 * Glue between qdev.c and bus.c; not for use outside hw/core/.
 */
#ifndef HW_CORE_QDEV_INTERNAL_H
#define HW_CORE_QDEV_INTERNAL_H

#include "hw/core/qdev.h"

/* Take @dev off @bus (dropping the references plugging took). */
void bus_remove_child(BusState *bus, DeviceState *dev);

#endif
