/*
 * Hotplug handlers: the object that decides how a device joins and leaves
 * a running machine.  A bus with a handler is hotpluggable; the handler is
 * usually the bridge or controller that owns the bus (a PCIe root port, the
 * ACPI hotplug controller), or the machine for bus-less devices.
 *
 *   pre_plug        check that the device may be plugged; nothing changes
 *   plug            wire up a realized device (and tell the guest)
 *   unplug_request  ask the guest to release the device (asynchronous:
 *                   the handler calls unplug later, when the guest agrees)
 *   unplug          remove the device now
 */
#ifndef HW_CORE_HOTPLUG_H
#define HW_CORE_HOTPLUG_H

#include "qom/object.h"

#define TYPE_HOTPLUG_HANDLER "hotplug-handler"

typedef struct HotplugHandler HotplugHandler;
typedef struct DeviceState DeviceState;
typedef struct BusState BusState;

typedef void HotplugFunc(HotplugHandler *handler, DeviceState *dev,
                         Error **errp);

typedef struct HotplugHandlerClass {
    InterfaceClass parent_class;

    HotplugFunc *pre_plug;
    HotplugFunc *plug;
    HotplugFunc *unplug_request;
    HotplugFunc *unplug;
    /* Whether @bus can take hot-plugged devices right now (optional). */
    bool (*is_hotpluggable_bus)(HotplugHandler *handler, BusState *bus);
} HotplugHandlerClass;

#define HOTPLUG_HANDLER(obj) \
    INTERFACE_CHECK(HotplugHandler, (obj), TYPE_HOTPLUG_HANDLER)
#define HOTPLUG_HANDLER_CLASS(klass) \
    OBJECT_CLASS_CHECK(HotplugHandlerClass, (klass), TYPE_HOTPLUG_HANDLER)
#define HOTPLUG_HANDLER_GET_CLASS(obj) \
    OBJECT_GET_CLASS(HotplugHandlerClass, (obj), TYPE_HOTPLUG_HANDLER)

/* Each returns false with an error if the hook failed; absent hooks pass. */
bool hotplug_handler_pre_plug(HotplugHandler *handler, DeviceState *dev,
                              Error **errp);
bool hotplug_handler_plug(HotplugHandler *handler, DeviceState *dev,
                          Error **errp);
bool hotplug_handler_unplug_request(HotplugHandler *handler,
                                    DeviceState *dev, Error **errp);
bool hotplug_handler_unplug(HotplugHandler *handler, DeviceState *dev,
                            Error **errp);
bool hotplug_handler_has_unplug(HotplugHandler *handler);

#endif
