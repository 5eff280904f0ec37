/*
 * qdev buses: naming, children, realize, hotplug handlers, and finding a
 * bus for a new device (see include/hw/core/qdev.h).
 */
#include "util/osdep.h"
#include "util/module.h"
#include "qom/object-property.h"
#include "hw/core/qdev.h"
#include "hw/core/qdev-internal.h"
#include "hw/core/hotplug.h"

static void bus_pick_name(BusState *bus, DeviceState *parent,
                          const char *name)
{
    BusClass *bc = BUS_GET_CLASS(bus);
    int i;

    if (name) {
        bus->name = g_strdup(name);
    } else if (parent && parent->id) {
        /* "ID.N", skipping names a removed-and-re-added bus left taken. */
        int n = parent->num_child_bus;

        do {
            g_free(bus->name);
            bus->name = g_strdup_printf("%s.%d", parent->id, n++);
        } while (object_property_find(OBJECT(parent), bus->name));
    } else {
        /* "pci.0", "pci.1", ...: the type name in lower case, numbered
         * per bus class. */
        bus->name = g_strdup_printf("%s.%d",
                                    object_get_typename(OBJECT(bus)),
                                    bc->automatic_ids++);
        for (i = 0; bus->name[i]; i++) {
            bus->name[i] = g_ascii_tolower(bus->name[i]);
        }
    }
}

static void bus_attach(BusState *bus, DeviceState *parent, const char *name)
{
    bus_pick_name(bus, parent, name);
    bus->parent = parent;
    if (parent) {
        parent->child_buses = g_slist_append(parent->child_buses, bus);
        parent->num_child_bus++;
        object_property_add_child(OBJECT(parent), bus->name, OBJECT(bus));
    } else {
        Object *unattached = object_get_container("/machine/unattached");
        object_property_add_child(unattached, bus->name, OBJECT(bus));
    }
}

void qbus_init(void *bus, size_t size, const char *typename,
               DeviceState *parent, const char *name)
{
    object_initialize(bus, size, typename);
    bus_attach(bus, parent, name);
    /* The parent's child property is the only reference. */
    object_unref(OBJECT(bus));
}

BusState *qbus_new(const char *typename, DeviceState *parent,
                   const char *name)
{
    BusState *bus = BUS(object_new(typename));

    bus_attach(bus, parent, name);
    object_unref(OBJECT(bus));
    return bus;
}

bool qbus_realize(BusState *bus, Error **errp)
{
    BusClass *bc = BUS_GET_CLASS(bus);
    Error *local_err = NULL;

    if (bus->realized) {
        return true;
    }
    if (bc->realize) {
        bc->realize(bus, &local_err);
        if (local_err) {
            error_propagate(errp, local_err);
            return false;
        }
    }
    bus->realized = true;
    return true;
}

void qbus_unrealize(BusState *bus)
{
    BusClass *bc = BUS_GET_CLASS(bus);
    GList *l;

    if (!bus->realized) {
        return;
    }
    /* Children first, so that they never see their bus half gone. */
    for (l = bus->children.head; l; l = l->next) {
        BusChild *kid = l->data;
        if (kid->child->realized) {
            qdev_unrealize(kid->child);
        }
    }
    if (bc->unrealize) {
        bc->unrealize(bus);
    }
    bus->realized = false;
}

bool qbus_is_hotpluggable(BusState *bus)
{
    HotplugHandler *handler;
    HotplugHandlerClass *hc;

    if (!bus->hotplug_handler) {
        return false;
    }
    handler = HOTPLUG_HANDLER(bus->hotplug_handler);
    hc = HOTPLUG_HANDLER_GET_CLASS(handler);
    return !hc->is_hotpluggable_bus || hc->is_hotpluggable_bus(handler, bus);
}

void qbus_set_hotplug_handler(BusState *bus, Object *handler)
{
    object_property_set_link(OBJECT(bus), "hotplug-handler", handler,
                             &error_abort);
}

/* Children */

bool qdev_set_parent_bus(DeviceState *dev, BusState *bus, Error **errp)
{
    BusClass *bc = BUS_GET_CLASS(bus);
    g_autofree char *name = NULL;
    BusChild *kid;

    g_assert(!dev->realized && !dev->parent_bus);
    if (bc->check_address && !bc->check_address(bus, dev, errp)) {
        return false;
    }
    kid = g_new0(BusChild, 1);
    kid->index = bus->max_index++;
    kid->child = dev;
    object_ref(OBJECT(dev));
    g_queue_push_tail(&bus->children, kid);
    bus->num_children++;
    if (bc->max_dev && bus->num_children >= bc->max_dev) {
        bus->full = true;
    }
    dev->parent_bus = bus;
    object_ref(OBJECT(bus));

    name = g_strdup_printf("child[%d]", kid->index);
    object_property_add_const_link(OBJECT(bus), name, OBJECT(dev));
    return true;
}

void bus_remove_child(BusState *bus, DeviceState *dev)
{
    GList *l;

    for (l = bus->children.head; l; l = l->next) {
        BusChild *kid = l->data;
        g_autofree char *name = NULL;

        if (kid->child != dev) {
            continue;
        }
        name = g_strdup_printf("child[%d]", kid->index);
        object_property_del(OBJECT(bus), name);
        g_queue_delete_link(&bus->children, l);
        bus->num_children--;
        bus->full = false;
        g_free(kid);
        dev->parent_bus = NULL;
        object_unref(OBJECT(dev));
        object_unref(OBJECT(bus));
        return;
    }
    g_assert_not_reached();
}

/* Finding buses */

int qbus_walk_devices(BusState *bus, int (*fn)(DeviceState *dev, void *opaque),
                      void *opaque)
{
    GList *l;

    for (l = bus->children.head; l; l = l->next) {
        BusChild *kid = l->data;
        GSList *b;
        int ret = fn(kid->child, opaque);

        if (ret) {
            return ret;
        }
        for (b = kid->child->child_buses; b; b = b->next) {
            ret = qbus_walk_devices(b->data, fn, opaque);
            if (ret) {
                return ret;
            }
        }
    }
    return 0;
}

/*
 * Depth-first search under @bus (itself included) for a bus called
 * @name (if given) of type @bus_typename (if given); with @need_room,
 * full buses don't count.
 */
static BusState *bus_search(BusState *bus, const char *name,
                            const char *bus_typename, bool need_room)
{
    GList *l;

    if ((!name || !strcmp(bus->name, name)) &&
        (!bus_typename || object_dynamic_cast(OBJECT(bus), bus_typename)) &&
        (!need_room || !bus->full)) {
        return bus;
    }
    for (l = bus->children.head; l; l = l->next) {
        BusChild *kid = l->data;
        GSList *b;

        for (b = kid->child->child_buses; b; b = b->next) {
            BusState *found = bus_search(b->data, name, bus_typename,
                                         need_room);
            if (found) {
                return found;
            }
        }
    }
    return NULL;
}

BusState *qbus_find_free(const char *bus_typename)
{
    return bus_search(sysbus_get_default(), NULL, bus_typename, true);
}

/* A device on @bus called @elem: by id first, then by type name. */
static DeviceState *bus_find_device(BusState *bus, const char *elem)
{
    GList *l;

    for (l = bus->children.head; l; l = l->next) {
        BusChild *kid = l->data;
        if (kid->child->id && !strcmp(kid->child->id, elem)) {
            return kid->child;
        }
    }
    for (l = bus->children.head; l; l = l->next) {
        BusChild *kid = l->data;
        if (!strcmp(object_get_typename(OBJECT(kid->child)), elem)) {
            return kid->child;
        }
    }
    return NULL;
}

static BusState *device_find_bus(DeviceState *dev, const char *elem)
{
    GSList *b;

    for (b = dev->child_buses; b; b = b->next) {
        BusState *bus = b->data;
        if (!strcmp(bus->name, elem)) {
            return bus;
        }
    }
    return NULL;
}

BusState *qbus_find(const char *path, Error **errp)
{
    g_auto(GStrv) parts = g_strsplit(path, "/", 0);
    BusState *bus;
    int i = 0;

    if (path[0] == '/') {
        bus = sysbus_get_default();
        i = 1;
    } else {
        bus = bus_search(sysbus_get_default(), parts[0], NULL, false);
        if (!bus) {
            error_setg(errp, "Bus '%s' not found", parts[0]);
            return NULL;
        }
        i = 1;
    }
    /* Then alternate: device, bus, device, bus... */
    for (; parts[i]; i += 2) {
        DeviceState *dev;

        if (!*parts[i]) {
            break;
        }
        dev = bus_find_device(bus, parts[i]);
        if (!dev) {
            error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                      "Device '%s' not found", parts[i]);
            return NULL;
        }
        if (!parts[i + 1] || !*parts[i + 1]) {
            /* A device named at the end: its only bus. */
            if (dev->num_child_bus != 1) {
                error_setg(errp, dev->num_child_bus
                           ? "Device '%s' has multiple child buses"
                           : "Device '%s' has no child bus", parts[i]);
                return NULL;
            }
            return dev->child_buses->data;
        }
        bus = device_find_bus(dev, parts[i + 1]);
        if (!bus) {
            error_setg(errp, "Bus '%s' not found", parts[i + 1]);
            return NULL;
        }
    }
    return bus;
}

/* The bus types */

static bool bus_get_realized(Object *obj, Error **errp)
{
    return BUS(obj)->realized;
}

static void bus_set_realized(Object *obj, bool value, Error **errp)
{
    if (value) {
        qbus_realize(BUS(obj), errp);
    } else {
        qbus_unrealize(BUS(obj));
    }
}

static void bus_unparent(Object *obj)
{
    BusState *bus = BUS(obj);

    /* Devices leave with their bus. */
    while (bus->children.head) {
        BusChild *kid = bus->children.head->data;
        DeviceState *dev = kid->child;

        if (OBJECT(dev)->parent) {
            object_unparent(OBJECT(dev));
        } else {
            bus_remove_child(bus, dev);
        }
    }
    qbus_unrealize(bus);
    if (bus->parent) {
        bus->parent->child_buses = g_slist_remove(bus->parent->child_buses,
                                                  bus);
        bus->parent->num_child_bus--;
        bus->parent = NULL;
    }
}

static void bus_instance_init(Object *obj)
{
    BusState *bus = BUS(obj);

    g_queue_init(&bus->children);
    object_property_add_link(obj, "hotplug-handler", TYPE_HOTPLUG_HANDLER,
                             &bus->hotplug_handler,
                             object_property_allow_set_link, 0);
}

static void bus_finalize(Object *obj)
{
    g_free(BUS(obj)->name);
}

static void bus_class_init(ObjectClass *oc, void *data)
{
    oc->unparent = bus_unparent;
    object_class_property_add_bool(oc, "realized", bus_get_realized,
                                   bus_set_realized);
}

static const TypeInfo bus_type_info = {
    .name = TYPE_BUS,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(BusState),
    .abstract = true,
    .class_size = sizeof(BusClass),
    .instance_init = bus_instance_init,
    .instance_finalize = bus_finalize,
    .class_init = bus_class_init,
};

static void bus_register_types(void)
{
    type_register_static(&bus_type_info);
}

type_init(bus_register_types)
