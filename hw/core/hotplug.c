/*
 * Hotplug handler interface (see include/hw/core/hotplug.h).
 */
#include "util/osdep.h"
#include "util/module.h"
#include "hw/core/hotplug.h"

static bool call_hook(HotplugFunc *fn, HotplugHandler *handler,
                      DeviceState *dev, Error **errp)
{
    Error *local_err = NULL;

    if (fn) {
        fn(handler, dev, &local_err);
    }
    if (local_err) {
        error_propagate(errp, local_err);
        return false;
    }
    return true;
}

bool hotplug_handler_pre_plug(HotplugHandler *handler, DeviceState *dev,
                              Error **errp)
{
    return call_hook(HOTPLUG_HANDLER_GET_CLASS(handler)->pre_plug,
                     handler, dev, errp);
}

bool hotplug_handler_plug(HotplugHandler *handler, DeviceState *dev,
                          Error **errp)
{
    return call_hook(HOTPLUG_HANDLER_GET_CLASS(handler)->plug,
                     handler, dev, errp);
}

bool hotplug_handler_unplug_request(HotplugHandler *handler,
                                    DeviceState *dev, Error **errp)
{
    return call_hook(HOTPLUG_HANDLER_GET_CLASS(handler)->unplug_request,
                     handler, dev, errp);
}

bool hotplug_handler_unplug(HotplugHandler *handler, DeviceState *dev,
                            Error **errp)
{
    return call_hook(HOTPLUG_HANDLER_GET_CLASS(handler)->unplug,
                     handler, dev, errp);
}

bool hotplug_handler_has_unplug(HotplugHandler *handler)
{
    HotplugHandlerClass *hc = HOTPLUG_HANDLER_GET_CLASS(handler);

    return hc->unplug || hc->unplug_request;
}

static const TypeInfo hotplug_handler_info = {
    .name = TYPE_HOTPLUG_HANDLER,
    .parent = TYPE_INTERFACE,
    .class_size = sizeof(HotplugHandlerClass),
};

static void hotplug_handler_register_types(void)
{
    type_register_static(&hotplug_handler_info);
}

type_init(hotplug_handler_register_types)
