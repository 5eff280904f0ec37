/*
 * Creating and removing devices on behalf of the user: -device,
 * device_add, device_del, and the -device help listings.
 *
 * -device and device_add share qdev_device_add(): the options are a dict
 * with "driver", optional "id" and "bus", and every other member a
 * property of the device.  Devices themselves never see where their
 * options came from.
 */
#ifndef SYSTEM_DEVICE_ADD_H
#define SYSTEM_DEVICE_ADD_H

#include "hw/core/qdev.h"
#include "qobject/qobject.h"

/*
 * Create, place and realize a device.  @typed: the values have JSON types
 * (-device '{...}'); otherwise strings are parsed (-device a=b, and QMP
 * device_add, which accepts either, as qemu does).  Returns the device,
 * owned by the composition tree, or NULL with an error.
 */
DeviceState *qdev_device_add(const QDict *opts, bool typed, Error **errp);

/* device_del: start unplugging the device with this id or QOM path. */
bool qdev_device_del(const char *id, Error **errp);

/* "-device help": every user-creatable device, by category. */
void qdev_device_list_print(void);
/* "-device TYPE,help"; false with an error for an unknown TYPE. */
bool qdev_device_help(const char *driver, Error **errp);

#endif
