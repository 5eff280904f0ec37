/*
 * -device, device_add and device_del (see include/system/device-add.h).
 */
#include "util/osdep.h"
#include "util/cutils.h"
#include "qom/object-property.h"
#include "qom/object-interfaces.h"
#include "hw/core/qdev.h"
#include "hw/core/machine.h"
#include "system/device-add.h"

/* The properties that describe the device's plumbing, not its config. */
static const char *const hidden_props[] = {
    "type", "realized", "hotpluggable", "hotplugged", "parent_bus", NULL,
};

/*
 * Short names -device accepts, as qemu's does on PC machines (where the
 * PCI transport is the virtio one): "virtio-blk" is virtio-blk-pci.
 */
static const struct {
    const char *typename;
    const char *alias;
} device_aliases[] = {
    { "virtio-blk-pci", "virtio-blk" },
    { "virtio-keyboard-pci", "virtio-keyboard" },
    { "virtio-mouse-pci", "virtio-mouse" },
    { "virtio-net-pci", "virtio-net" },
    { "virtio-rng-pci", "virtio-rng" },
    { "virtio-tablet-pci", "virtio-tablet" },
};

/* The type @driver names: itself, or the device it is an alias of. */
static const char *device_resolve_alias(const char *driver)
{
    size_t i;

    if (object_class_by_name(driver)) {
        return driver;
    }
    for (i = 0; i < G_N_ELEMENTS(device_aliases); i++) {
        if (!strcmp(device_aliases[i].alias, driver) &&
            object_class_by_name(device_aliases[i].typename)) {
            return device_aliases[i].typename;
        }
    }
    return driver;
}

static const char *device_alias_of(const char *typename)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(device_aliases); i++) {
        if (!strcmp(device_aliases[i].typename, typename)) {
            return device_aliases[i].alias;
        }
    }
    return NULL;
}

static DeviceClass *device_class_by_driver(const char *driver, Error **errp)
{
    ObjectClass *oc = object_class_by_name(driver);
    DeviceClass *dc;

    if (!oc || !object_class_dynamic_cast(oc, TYPE_DEVICE)) {
        error_setg(errp, "'%s' is not a valid device model name", driver);
        return NULL;
    }
    if (object_class_is_abstract(oc)) {
        error_setg(errp, "Parameter 'driver' expects a non-abstract device "
                   "type");
        return NULL;
    }
    dc = DEVICE_CLASS(oc);
    if (!dc->user_creatable || (qdev_hotplug && !dc->hotpluggable)) {
        error_setg(errp, "Parameter 'driver' expects a pluggable device "
                   "type");
        return NULL;
    }
    return dc;
}

static BusState *device_pick_bus(DeviceClass *dc, const char *driver,
                                 const char *path, Error **errp)
{
    BusState *bus;

    if (path) {
        bus = qbus_find(path, errp);
        if (!bus) {
            return NULL;
        }
        if (!dc->bus_type ||
            !object_dynamic_cast(OBJECT(bus), dc->bus_type)) {
            error_setg(errp, "Device '%s' can't go on %s bus", driver,
                       object_get_typename(OBJECT(bus)));
            return NULL;
        }
        if (bus->full) {
            error_setg(errp, "Bus '%s' is full", path);
            return NULL;
        }
        return bus;
    }
    if (!dc->bus_type) {
        return NULL;
    }
    bus = qbus_find_free(dc->bus_type);
    if (!bus) {
        error_setg(errp, "No '%s' bus found for device '%s'", dc->bus_type,
                   driver);
    }
    return bus;
}

/* Give @dev its place in /machine/peripheral(-anon). */
static bool device_set_id(DeviceState *dev, const char *id, Error **errp)
{
    Object *container;

    if (id) {
        if (!id_wellformed(id)) {
            error_setg(errp, "Parameter 'id' expects an identifier");
            error_append_hint(errp, ID_WELLFORMED_HINT);
            return false;
        }
        container = object_get_container("/machine/peripheral");
        if (object_property_find(container, id)) {
            error_setg(errp, "Duplicate device ID '%s'", id);
            return false;
        }
        dev->id = g_strdup(id);
        object_property_add_child(container, id, OBJECT(dev));
    } else {
        container = object_get_container("/machine/peripheral-anon");
        object_property_add_child(container, "device[*]", OBJECT(dev));
    }
    return true;
}

static bool device_set_props(DeviceState *dev, const QDict *opts, bool typed,
                             Error **errp)
{
    const QDictEntry *e;

    for (e = qdict_first(opts); e; e = qdict_next(opts, e)) {
        const char *key = qdict_entry_key(e);
        QInput in = { .obj = qdict_entry_value(e), .keyval = !typed };

        if (!strcmp(key, "driver") || !strcmp(key, "id") ||
            !strcmp(key, "bus")) {
            continue;
        }
        if (!object_property_set(OBJECT(dev), key, &in, errp)) {
            return false;
        }
    }
    return true;
}

/* A member that must be a string if present. */
static bool opt_string(const QDict *opts, const char *key, const char **out,
                       Error **errp)
{
    QObject *v = qdict_get(opts, key);

    *out = NULL;
    if (!v) {
        return true;
    }
    if (!qobject_to(QString, v)) {
        error_setg(errp, "Invalid parameter type for '%s', expected: string",
                   key);
        return false;
    }
    *out = qstring_get_str(qobject_to(QString, v));
    return true;
}

DeviceState *qdev_device_add(const QDict *opts, bool typed, Error **errp)
{
    const char *driver, *id, *path;
    DeviceClass *dc;
    DeviceState *dev;
    BusState *bus;

    if (!opt_string(opts, "driver", &driver, errp) ||
        !opt_string(opts, "id", &id, errp) ||
        !opt_string(opts, "bus", &path, errp)) {
        return NULL;
    }
    if (!driver) {
        error_setg(errp, "Parameter 'driver' is missing");
        return NULL;
    }
    driver = device_resolve_alias(driver);
    dc = device_class_by_driver(driver, errp);
    if (!dc) {
        return NULL;
    }
    bus = device_pick_bus(dc, driver, path, errp);
    if (!bus && (path || dc->bus_type)) {
        return NULL;
    }
    if (qdev_hotplug && bus && !qbus_is_hotpluggable(bus)) {
        error_setg(errp, "Bus '%s' does not support hotplugging", bus->name);
        return NULL;
    }

    dev = qdev_new(driver);
    dev->hotplugged = qdev_hotplug;
    /* Bus-less devices hot-plug only through the machine. */
    if (qdev_hotplug && !bus && !machine_get_hotplug_handler(dev)) {
        error_setg(errp, "Device '%s' does not support hotplugging", driver);
        object_unref(OBJECT(dev));
        return NULL;
    }
    if (!device_set_id(dev, id, errp)) {
        object_unref(OBJECT(dev));
        return NULL;
    }
    if (!device_set_props(dev, opts, typed, errp) ||
        !qdev_realize(dev, bus, errp)) {
        object_unparent(OBJECT(dev));
        object_unref(OBJECT(dev));
        return NULL;
    }
    /* The tree holds the device now. */
    object_unref(OBJECT(dev));
    return dev;
}

bool qdev_device_del(const char *id, Error **errp)
{
    /*
     * As in qemu, @id is a path relative to /machine/peripheral (so a
     * plain id names a device there) or an absolute QOM path.
     */
    Object *obj = object_resolve_path_at(
        object_get_container("/machine/peripheral"), id);
    DeviceState *dev;

    if (!obj) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                  "Device '%s' not found", id);
        return false;
    }
    dev = (DeviceState *)object_dynamic_cast(obj, TYPE_DEVICE);
    if (!dev) {
        error_setg(errp, "%s is not a hotpluggable device", id);
        return false;
    }
    /* Named as the caller named it: anonymous devices have no id. */
    if (dev->pending_unplug) {
        error_setg(errp, "Device %s is already in the process of unplug",
                   id);
        return false;
    }
    return qdev_unplug(dev, errp);
}

/* Help */

typedef struct DeviceList {
    GPtrArray *lines[DEVICE_CATEGORY__MAX + 1];
} DeviceList;

static void list_device(ObjectClass *oc, void *opaque)
{
    DeviceList *list = opaque;
    DeviceClass *dc = DEVICE_CLASS(oc);
    GString *line;
    unsigned cat;
    bool any = false;

    if (!dc->user_creatable) {
        return;
    }
    line = g_string_new(NULL);
    g_string_append_printf(line, "name \"%s\"", object_class_get_name(oc));
    if (dc->bus_type) {
        g_string_append_printf(line, ", bus %s", dc->bus_type);
    }
    if (device_alias_of(object_class_get_name(oc))) {
        g_string_append_printf(line, ", alias \"%s\"",
                               device_alias_of(object_class_get_name(oc)));
    }
    if (dc->desc) {
        g_string_append_printf(line, ", desc \"%s\"", dc->desc);
    }
    for (cat = 0; cat <= DEVICE_CATEGORY__MAX; cat++) {
        if (cat == DEVICE_CATEGORY__MAX ? !any
                                        : (dc->categories & (1UL << cat))) {
            g_ptr_array_add(list->lines[cat], g_strdup(line->str));
            any = true;
        }
    }
    g_string_free(line, true);
}

void qdev_device_list_print(void)
{
    DeviceList list;
    unsigned cat, i;
    bool first = true;

    for (cat = 0; cat <= DEVICE_CATEGORY__MAX; cat++) {
        list.lines[cat] = g_ptr_array_new_with_free_func(g_free);
    }
    object_class_foreach(list_device, TYPE_DEVICE, false, &list);
    for (cat = 0; cat <= DEVICE_CATEGORY__MAX; cat++) {
        GPtrArray *lines = list.lines[cat];

        if (lines->len) {
            printf("%s%s devices:\n", first ? "" : "\n",
                   device_category_name(cat));
            for (i = 0; i < lines->len; i++) {
                printf("%s\n", (char *)g_ptr_array_index(lines, i));
            }
            first = false;
        }
        g_ptr_array_free(lines, true);
    }
}

bool qdev_device_help(const char *driver, Error **errp)
{
    ObjectClass *oc;

    driver = device_resolve_alias(driver);
    oc = object_class_by_name(driver);

    if (!oc || !object_class_dynamic_cast(oc, TYPE_DEVICE) ||
        object_class_is_abstract(oc)) {
        error_setg(errp, "'%s' is not a valid device model name", driver);
        return false;
    }
    printf("%s options:\n", driver);
    object_class_print_properties(oc, hidden_props);
    return true;
}
