/*
 * qdev devices: life cycle, hotplug, reset and GPIO lines
 * (see include/hw/core/qdev.h).  Buses are in bus.c.
 */
#include "util/osdep.h"
#include "util/module.h"
#include "util/main-loop.h"
#include "qom/object-property.h"
#include "hw/core/qdev.h"
#include "hw/core/qdev-properties.h"
#include "hw/core/qdev-internal.h"
#include "hw/core/hotplug.h"
#include "hw/core/machine.h"

bool qdev_hotplug;
static NotifierList deleted_notifiers = NOTIFIER_LIST_INITIALIZER;

static const char *const category_names[DEVICE_CATEGORY__MAX] = {
    [DEVICE_CATEGORY_BRIDGE] = "Controller/Bridge/Hub",
    [DEVICE_CATEGORY_USB] = "USB",
    [DEVICE_CATEGORY_STORAGE] = "Storage",
    [DEVICE_CATEGORY_NETWORK] = "Network",
    [DEVICE_CATEGORY_INPUT] = "Input",
    [DEVICE_CATEGORY_DISPLAY] = "Display",
    [DEVICE_CATEGORY_SOUND] = "Sound",
    [DEVICE_CATEGORY_MISC] = "Misc",
    [DEVICE_CATEGORY_CPU] = "CPU",
    [DEVICE_CATEGORY_WATCHDOG] = "Watchdog",
};

const char *device_category_name(DeviceCategory cat)
{
    return cat < DEVICE_CATEGORY__MAX ? category_names[cat] : "Uncategorized";
}

void qdev_add_deleted_notifier(Notifier *n)
{
    notifier_list_add(&deleted_notifiers, n);
}

DeviceState *qdev_new(const char *name)
{
    return DEVICE(object_new(name));
}

/* The machine decides first (bus-less devices, machine-wide policies),
 * then the bus the device sits on. */
static HotplugHandler *qdev_get_hotplug_handler(DeviceState *dev)
{
    Object *handler = machine_get_hotplug_handler(dev);

    if (!handler && dev->parent_bus) {
        handler = dev->parent_bus->hotplug_handler;
    }
    return handler ? HOTPLUG_HANDLER(handler) : NULL;
}

static void device_unrealize_buses(DeviceState *dev)
{
    GSList *l;

    for (l = dev->child_buses; l; l = l->next) {
        qbus_unrealize(l->data);
    }
}

static bool device_realize(DeviceState *dev, Error **errp)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);
    HotplugHandler *handler;
    Error *local_err = NULL;
    bool unattached = false;
    GSList *l;

    if (dev->global_error) {
        error_propagate(errp, error_copy(dev->global_error));
        return false;
    }
    /* Realized through its property before being plugged (-device
     * x,realized=on): refuse rather than leave a bus device off its bus,
     * where plugging it later would trip over it being realized. */
    if (dc->bus_type && !dev->parent_bus) {
        error_setg(errp, "Device '%s' needs a '%s' bus",
                   object_get_typename(OBJECT(dev)), dc->bus_type);
        return false;
    }
    /* Every realized device has a home in the composition tree. */
    if (!OBJECT(dev)->parent) {
        object_property_add_child(object_get_container("/machine/unattached"),
                                  "device[*]", OBJECT(dev));
        unattached = true;
    }
    handler = qdev_get_hotplug_handler(dev);
    if (handler && !hotplug_handler_pre_plug(handler, dev, errp)) {
        goto fail;
    }
    if (dc->realize) {
        dc->realize(dev, &local_err);
        if (local_err) {
            error_propagate(errp, local_err);
            goto fail;
        }
    }
    for (l = dev->child_buses; l; l = l->next) {
        if (!qbus_realize(l->data, errp)) {
            device_unrealize_buses(dev);
            goto fail_unrealize;
        }
    }
    if (dev->hotplugged) {
        device_cold_reset(dev);
    }
    dev->realized = true;
    dev->pending_deleted_event = false;
    if (handler && !hotplug_handler_plug(handler, dev, errp)) {
        dev->realized = false;
        device_unrealize_buses(dev);
        goto fail_unrealize;
    }
    return true;

fail_unrealize:
    if (dc->unrealize) {
        dc->unrealize(dev);
    }
fail:
    /* Leave the tree again: a device that failed to realize is exactly
     * what the caller handed in, and it alone holds a reference. */
    if (unattached) {
        object_unparent(OBJECT(dev));
    }
    return false;
}

static void device_unrealize(DeviceState *dev)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);

    device_unrealize_buses(dev);
    if (dc->unrealize) {
        dc->unrealize(dev);
    }
    dev->realized = false;
    dev->pending_deleted_event = true;
}

static bool device_get_realized(Object *obj, Error **errp)
{
    return DEVICE(obj)->realized;
}

static void device_set_realized(Object *obj, bool value, Error **errp)
{
    DeviceState *dev = DEVICE(obj);

    if (value == dev->realized) {
        return;
    }
    if (value) {
        device_realize(dev, errp);
    } else {
        device_unrealize(dev);
    }
}

bool qdev_realize(DeviceState *dev, BusState *bus, Error **errp)
{
    if (bus) {
        if (!qdev_set_parent_bus(dev, bus, errp)) {
            return false;
        }
    } else {
        g_assert(!DEVICE_GET_CLASS(dev)->bus_type);
    }
    if (!object_property_set_bool(OBJECT(dev), "realized", true, errp)) {
        /* Unplugged again: the caller may retry, elsewhere too. */
        if (bus && dev->parent_bus == bus) {
            bus_remove_child(bus, dev);
        }
        return false;
    }
    return true;
}

bool qdev_realize_and_unref(DeviceState *dev, BusState *bus, Error **errp)
{
    bool ok = qdev_realize(dev, bus, errp);

    object_unref(OBJECT(dev));
    return ok;
}

void qdev_unrealize(DeviceState *dev)
{
    object_property_set_bool(OBJECT(dev), "realized", false, &error_abort);
}

bool qdev_unplug(DeviceState *dev, Error **errp)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);
    BusState *bus = dev->parent_bus;
    HotplugHandler *handler;

    if (bus && !qbus_is_hotpluggable(bus)) {
        error_setg(errp, "Bus '%s' does not support hotplugging", bus->name);
        return false;
    }
    handler = qdev_get_hotplug_handler(dev);
    if (!dc->hotpluggable || !handler ||
        !hotplug_handler_has_unplug(handler)) {
        error_setg(errp, "Device '%s' does not support hotplugging",
                   object_get_typename(OBJECT(dev)));
        return false;
    }
    if (dev->pending_unplug) {
        error_setg(errp, "Device %s is already in the process of unplug",
                   dev->id ? dev->id : "");
        return false;
    }
    if (HOTPLUG_HANDLER_GET_CLASS(handler)->unplug_request) {
        /* The handler removes the device later, when the guest is done;
         * until then another device_del is refused. */
        object_ref(OBJECT(dev));
        if (!hotplug_handler_unplug_request(handler, dev, errp)) {
            object_unref(OBJECT(dev));
            return false;
        }
        if (OBJECT(dev)->parent) {
            dev->pending_unplug = true;
        }
        object_unref(OBJECT(dev));
        return true;
    }
    return hotplug_handler_unplug(handler, dev, errp);
}

/* Reset */

static int reset_one(DeviceState *dev, void *opaque)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);

    if (dc->reset) {
        dc->reset(dev);
    }
    return 0;
}

void device_cold_reset(DeviceState *dev)
{
    GSList *l;

    reset_one(dev, NULL);
    for (l = dev->child_buses; l; l = l->next) {
        bus_cold_reset(l->data);
    }
}

void bus_cold_reset(BusState *bus)
{
    BusClass *bc = BUS_GET_CLASS(bus);
    GList *l;

    if (bc->reset) {
        bc->reset(bus);
    }
    for (l = bus->children.head; l; l = l->next) {
        BusChild *kid = l->data;
        device_cold_reset(kid->child);
    }
}

/* Names */

char *qdev_get_dev_path(DeviceState *dev)
{
    return object_get_canonical_path(OBJECT(dev));
}

char *qdev_get_human_name(DeviceState *dev)
{
    return dev->id ? g_strdup(dev->id) : qdev_get_dev_path(dev);
}

DeviceState *qdev_find_by_id(const char *id)
{
    Object *peripheral = object_get_container("/machine/peripheral");
    Object *obj = object_resolve_path_component(peripheral, id);

    return obj ? (DeviceState *)object_dynamic_cast(obj, TYPE_DEVICE) : NULL;
}

/* GPIO lines */

static NamedGPIOList *gpio_list_get(DeviceState *dev, const char *name)
{
    NamedGPIOList *ngl = qdev_get_named_gpio_list(dev, name);

    if (!ngl) {
        ngl = g_new0(NamedGPIOList, 1);
        ngl->name = g_strdup(name);
        ngl->next = dev->gpios;
        dev->gpios = ngl;
    }
    return ngl;
}

NamedGPIOList *qdev_get_named_gpio_list(DeviceState *dev, const char *name)
{
    NamedGPIOList *ngl;

    for (ngl = dev->gpios; ngl; ngl = ngl->next) {
        if (g_strcmp0(ngl->name, name) == 0) {
            return ngl;
        }
    }
    return NULL;
}

void qdev_init_gpio_in_named(DeviceState *dev, qemu_irq_handler handler,
                             const char *name, int n)
{
    NamedGPIOList *ngl = gpio_list_get(dev, name);
    const char *stem = name ? name : "unnamed-gpio-in";
    int i;

    ngl->in = g_renew(qemu_irq, ngl->in, ngl->num_in + n);
    for (i = ngl->num_in; i < ngl->num_in + n; i++) {
        g_autofree char *prop = g_strdup_printf("%s[%d]", stem, i);

        ngl->in[i] = qemu_allocate_irq(handler, dev, i);
        object_property_add_child(OBJECT(dev), prop, OBJECT(ngl->in[i]));
        /* The child property holds the line from now on. */
        object_unref(OBJECT(ngl->in[i]));
    }
    ngl->num_in += n;
}

void qdev_init_gpio_in(DeviceState *dev, qemu_irq_handler handler, int n)
{
    qdev_init_gpio_in_named(dev, handler, NULL, n);
}

void qdev_init_gpio_out_named(DeviceState *dev, qemu_irq *pins,
                              const char *name, int n)
{
    NamedGPIOList *ngl = gpio_list_get(dev, name);
    const char *stem = name ? name : "unnamed-gpio-out";
    int i;

    ngl->out = g_renew(qemu_irq *, ngl->out, ngl->num_out + n);
    for (i = 0; i < n; i++) {
        g_autofree char *prop = g_strdup_printf("%s[%d]", stem,
                                                ngl->num_out + i);

        ngl->out[ngl->num_out + i] = &pins[i];
        object_property_add_link(OBJECT(dev), prop, TYPE_IRQ,
                                 (Object **)&pins[i],
                                 object_property_allow_set_link, 0);
    }
    ngl->num_out += n;
}

void qdev_init_gpio_out(DeviceState *dev, qemu_irq *pins, int n)
{
    qdev_init_gpio_out_named(dev, pins, NULL, n);
}

qemu_irq qdev_get_gpio_in_named(DeviceState *dev, const char *name, int n)
{
    NamedGPIOList *ngl = qdev_get_named_gpio_list(dev, name);

    g_assert(ngl && n >= 0 && n < ngl->num_in);
    return ngl->in[n];
}

qemu_irq qdev_get_gpio_in(DeviceState *dev, int n)
{
    return qdev_get_gpio_in_named(dev, NULL, n);
}

void qdev_connect_gpio_out_named(DeviceState *dev, const char *name, int n,
                                 qemu_irq pin)
{
    NamedGPIOList *ngl = qdev_get_named_gpio_list(dev, name);

    g_assert(ngl && n >= 0 && n < ngl->num_out);
    *ngl->out[n] = pin;
}

void qdev_connect_gpio_out(DeviceState *dev, int n, qemu_irq pin)
{
    qdev_connect_gpio_out_named(dev, NULL, n, pin);
}

static void gpio_lists_free(DeviceState *dev)
{
    while (dev->gpios) {
        NamedGPIOList *ngl = dev->gpios;

        dev->gpios = ngl->next;
        g_free(ngl->name);
        g_free(ngl->in);    /* the lines themselves are child properties */
        g_free(ngl->out);
        g_free(ngl);
    }
}

void device_class_set_parent_realize(DeviceClass *dc, DeviceRealize *realize,
                                     DeviceRealize **parent_realize)
{
    *parent_realize = dc->realize;
    dc->realize = realize;
}

void device_class_set_parent_unrealize(DeviceClass *dc,
                                       DeviceUnrealize *unrealize,
                                       DeviceUnrealize **parent_unrealize)
{
    *parent_unrealize = dc->unrealize;
    dc->unrealize = unrealize;
}

/* The device type */

static bool device_get_hotpluggable(Object *obj, Error **errp)
{
    DeviceState *dev = DEVICE(obj);

    return DEVICE_GET_CLASS(dev)->hotpluggable &&
           (!dev->parent_bus || qbus_is_hotpluggable(dev->parent_bus));
}

static bool device_get_hotplugged(Object *obj, Error **errp)
{
    return DEVICE(obj)->hotplugged;
}

static void device_post_init(Object *obj)
{
    DeviceState *dev = DEVICE(obj);

    /* Runs after every subclass's instance_init: globals override the
     * class defaults, and a bad one fails realize rather than exiting. */
    qdev_prop_apply_globals(obj, &dev->global_error);
}

/*
 * Leaving the tree: unrealize, take the buses and their devices along,
 * leave the parent bus, and tell whoever listens (DEVICE_DELETED).
 */
static void device_unparent(Object *obj)
{
    DeviceState *dev = DEVICE(obj);

    if (dev->realized) {
        device_unrealize(dev);
    }
    while (dev->child_buses) {
        BusState *bus = dev->child_buses->data;
        object_unparent(OBJECT(bus));
    }
    if (dev->parent_bus) {
        bus_remove_child(dev->parent_bus, dev);
    }
    if (dev->pending_deleted_event) {
        dev->pending_deleted_event = false;
        notifier_list_notify(&deleted_notifiers, dev);
    }
}

/* Devices waiting for qdev_unplug_deferred's bottom half, referenced. */
static GPtrArray *deferred_unplugs;
static BH *deferred_unplug_bh;

static void deferred_unplug_run(void *opaque)
{
    GPtrArray *devs = deferred_unplugs;
    guint i;

    /* Removals may ask for more; those wait for the next run. */
    deferred_unplugs = g_ptr_array_new();
    for (i = 0; i < devs->len; i++) {
        Object *obj = g_ptr_array_index(devs, i);

        if (obj->parent) {
            object_unparent(obj);
        }
        object_unref(obj);
    }
    g_ptr_array_free(devs, true);
}

void qdev_unplug_deferred(DeviceState *dev)
{
    if (!deferred_unplug_bh) {
        deferred_unplugs = g_ptr_array_new();
        deferred_unplug_bh = bh_new(deferred_unplug_run, NULL);
    }
    if (g_ptr_array_find(deferred_unplugs, dev, NULL)) {
        return;
    }
    object_ref(OBJECT(dev));
    g_ptr_array_add(deferred_unplugs, dev);
    bh_schedule(deferred_unplug_bh);
}

static void device_finalize(Object *obj)
{
    DeviceState *dev = DEVICE(obj);

    gpio_lists_free(dev);
    error_free(dev->global_error);
    g_free(dev->id);
}

static void device_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    oc->unparent = device_unparent;
    dc->user_creatable = true;
    dc->hotpluggable = true;
    object_class_property_add_bool(oc, "realized", device_get_realized,
                                   device_set_realized);
    object_class_property_add_bool(oc, "hotpluggable",
                                   device_get_hotpluggable, NULL);
    object_class_property_add_bool(oc, "hotplugged", device_get_hotplugged,
                                   NULL);
    object_class_property_add_link(oc, "parent_bus", TYPE_BUS,
                                   offsetof(DeviceState, parent_bus),
                                   NULL, 0);
}

static const TypeInfo device_type_info = {
    .name = TYPE_DEVICE,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(DeviceState),
    .instance_post_init = device_post_init,
    .instance_finalize = device_finalize,
    .class_init = device_class_init,
    .abstract = true,
    .class_size = sizeof(DeviceClass),
};

static void qdev_register_types(void)
{
    type_register_static(&device_type_info);
}

type_init(qdev_register_types)
