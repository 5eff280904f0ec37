/*
 * Shared pieces of the qdev unit tests: the test-only device types, the
 * -device and property helpers, and the DEVICE_DELETED log (see
 * qdev-test-types.h).
 */
#include "util/osdep.h"
#include "qom/object-property.h"
#include "hw/core/qdev.h"
#include "hw/core/qdev-properties.h"
#include "hw/core/sysbus.h"
#include "system/device-add.h"
#include "tests/testdev/testdev.h"
#include "tests/unit/qdev-test-types.h"

/* ------------------------------------------------------------------ */
/* Test-only types */

static void tqd_leaf_bridge_realize(DeviceState *dev, Error **errp)
{
    TqdLeafBridge *lb = TQD_LEAF_BRIDGE(dev);
    uint32_t i;

    if (lb->num_buses > TQD_LEAF_BRIDGE_MAX_BUSES) {
        error_setg(errp, "tqd-leaf-bridge: too many buses");
        return;
    }
    for (i = 0; i < lb->num_buses; i++) {
        lb->buses[i] = qbus_new(TYPE_CORVID_TEST_BUS, dev, NULL);
    }
}

static void tqd_leaf_bridge_unrealize(DeviceState *dev)
{
    TqdLeafBridge *lb = TQD_LEAF_BRIDGE(dev);
    uint32_t i;

    for (i = 0; i < lb->num_buses; i++) {
        object_unparent(OBJECT(lb->buses[i]));
        lb->buses[i] = NULL;
    }
}

static const Property tqd_leaf_bridge_props[] = {
    DEFINE_PROP_UINT32("buses", TqdLeafBridge, num_buses, 1),
};

static void tqd_leaf_bridge_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = tqd_leaf_bridge_realize;
    dc->unrealize = tqd_leaf_bridge_unrealize;
    device_class_set_props(dc, tqd_leaf_bridge_props);
}

static void tqd_cold_only_class_init(ObjectClass *oc, void *data)
{
    DEVICE_CLASS(oc)->hotpluggable = false;
}

static const TypeInfo tqd_types[] = {
    {
        .name = TYPE_TQD_COLD_ONLY,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(DeviceState),
        .class_init = tqd_cold_only_class_init,
    }, {
        .name = TYPE_TQD_SUB_BRIDGE,
        .parent = TYPE_CORVID_TEST_BRIDGE,
    }, {
        .name = TYPE_TQD_LEAF_BRIDGE,
        .parent = TYPE_CORVID_TEST_LEAF,
        .instance_size = sizeof(TqdLeafBridge),
        .class_init = tqd_leaf_bridge_class_init,
    },
};

/* ------------------------------------------------------------------ */
/* Assertions and property helpers */

void check_err(Error **errp, const char *msg)
{
    g_assert_nonnull(*errp);
    g_assert_cmpstr(error_get_pretty(*errp), ==, msg);
    error_free(*errp);
    *errp = NULL;
}

bool set_typed(void *obj, const char *name, QObject *value, Error **errp)
{
    bool ok = object_property_set_qobject(OBJECT(obj), name, value, errp);

    qobject_unref(value);
    return ok;
}

bool parse(void *obj, const char *name, const char *value, Error **errp)
{
    return object_property_parse(OBJECT(obj), name, value, errp);
}

/* ------------------------------------------------------------------ */
/* Creating and removing devices */

DeviceState *dev_add(Error **errp, const char *driver, ...)
{
    QDict *opts = qdict_new();
    DeviceState *dev;
    const char *key;
    va_list ap;

    if (driver) {
        qdict_put_str(opts, "driver", driver);
    }
    va_start(ap, driver);
    while ((key = va_arg(ap, const char *))) {
        qdict_put_str(opts, key, va_arg(ap, const char *));
    }
    va_end(ap);
    dev = qdev_device_add(opts, false, errp);
    qobject_unref(opts);
    return dev;
}

DeviceState *dev_add_typed(QDict *opts, Error **errp)
{
    DeviceState *dev = qdev_device_add(opts, true, errp);

    qobject_unref(opts);
    return dev;
}

CorvidTestBridge *bridge_add(const char *id)
{
    return CORVID_TEST_BRIDGE(dev_add(&error_abort, TYPE_CORVID_TEST_BRIDGE,
                                      "id", id, NULL));
}

CorvidTestLeaf *leaf_add(const char *id, const char *bus)
{
    QDict *opts = qdict_new();
    DeviceState *dev;

    qdict_put_str(opts, "driver", TYPE_CORVID_TEST_LEAF);
    if (id) {
        qdict_put_str(opts, "id", id);
    }
    if (bus) {
        qdict_put_str(opts, "bus", bus);
    }
    dev = qdev_device_add(opts, false, &error_abort);
    qobject_unref(opts);
    return CORVID_TEST_LEAF(dev);
}

void dev_del(void *dev)
{
    object_unparent(OBJECT(dev));
}

static int count_device(Object *obj, void *opaque)
{
    if (object_dynamic_cast(obj, TYPE_DEVICE)) {
        (*(int *)opaque)++;
    }
    return 0;
}

void assert_no_devices(void)
{
    int n = 0;

    object_child_foreach_recursive(object_get_root(), count_device, &n);
    g_assert_cmpint(n, ==, 0);
    g_assert_cmpint(sysbus_get_default()->num_children, ==, 0);
}

/* ------------------------------------------------------------------ */
/* DEVICE_DELETED and interrupt lines */

GString *deleted;

static void on_deleted(Notifier *n, void *data)
{
    DeviceState *dev = data;
    g_autofree char *name = qdev_get_human_name(dev);

    g_assert_false(dev->realized);
    g_string_append_printf(deleted, "%s%s", deleted->len ? " " : "",
                           name ? name : "?");
}

static Notifier deleted_notifier = { .notify = on_deleted };

void deleted_check(const char *expect)
{
    g_assert_cmpstr(deleted->str, ==, expect);
    g_string_truncate(deleted, 0);
}

void record_irq(void *opaque, int n, int level)
{
    ((int *)opaque)[n] = level;
}

void qdev_test_types_init(void)
{
    g_assert_null(deleted);
    deleted = g_string_new(NULL);
    type_register_static_array(tqd_types, ARRAY_SIZE(tqd_types));
    qdev_add_deleted_notifier(&deleted_notifier);
}
