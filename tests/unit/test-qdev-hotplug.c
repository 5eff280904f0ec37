/*
 * Unit tests for adding and removing qdev devices (hw/core/,
 * system/device-add.c): plug hooks that refuse, synchronous and
 * guest-acknowledged (async) unplug, device_del, buses and devices that
 * refuse hotplug, hot-plugged devices, DEVICE_DELETED events, and the
 * -device path (qdev_device_add) with its errors in string and typed
 * mode.  The types and helpers shared with the other qdev tests are in
 * qdev-test-types.c.
 */
#include "util/osdep.h"
#include "util/cutils.h"
#include "util/module.h"
#include "util/main-loop.h"
#include "qom/object-property.h"
#include "hw/core/qdev.h"
#include "hw/core/qdev-properties.h"
#include "hw/core/sysbus.h"
#include "hw/core/hotplug.h"
#include "system/device-add.h"
#include "tests/testdev/testdev.h"
#include "tests/unit/qdev-test-types.h"

/* ------------------------------------------------------------------ */
/* Hotplug and unplug */

static void test_plug_fails(void)
{
    CorvidTestBridge *br = bridge_add("tqd-hp");
    DeviceState *leaf;
    Error *err = NULL;

    /* The bridge's plug hook refuses slot 13: nothing is left. */
    g_assert_null(dev_add(&err, TYPE_CORVID_TEST_LEAF, "id", "tqd-l13",
                          "bus", "tqd-hp.0", "slot", "13", NULL));
    check_err(&err, "corvid-test-bridge: slot 13 is unlucky");
    g_assert_null(qdev_find_by_id("tqd-l13"));
    g_assert_cmpint(br->bus->num_children, ==, 0);
    deleted_check("");

    qdev_hotplug = true;
    g_assert_null(dev_add(&err, TYPE_CORVID_TEST_LEAF, "id", "tqd-l13",
                          "slot", "13", NULL));
    check_err(&err, "corvid-test-bridge: slot 13 is unlucky");
    qdev_hotplug = false;
    g_assert_null(qdev_find_by_id("tqd-l13"));
    g_assert_cmpint(br->bus->num_children, ==, 0);

    /* Directly: the device is off the bus again, the caller keeps it. */
    leaf = qdev_new(TYPE_CORVID_TEST_LEAF);
    qdev_prop_set_uint32(leaf, "slot", 13);
    g_assert_false(qdev_realize(leaf, br->bus, &err));
    check_err(&err, "corvid-test-bridge: slot 13 is unlucky");
    g_assert_false(leaf->realized);
    g_assert_null(leaf->parent_bus);
    g_assert_null(OBJECT(leaf)->parent);
    g_assert_cmpint(br->bus->num_children, ==, 0);
    g_assert_false(br->bus->full);
    g_assert_cmpuint(OBJECT(leaf)->ref, ==, 1);
    /* And may try again elsewhere. */
    qdev_prop_set_uint32(leaf, "slot", 12);
    g_assert_true(qdev_realize_and_unref(leaf, br->bus, &error_abort));
    g_assert_cmpint(br->bus->num_children, ==, 1);
    deleted_check("");

    dev_del(br);
    g_string_truncate(deleted, 0);
    assert_no_devices();
}

static void test_unplug_sync(void)
{
    CorvidTestBridge *br = bridge_add("tqd-us");
    CorvidTestLeaf *l1 = leaf_add("tqd-u1", NULL);
    Error *err = NULL;

    g_assert_cmpint(br->bus->num_children, ==, 1);
    g_string_truncate(deleted, 0);
    g_assert_true(qdev_unplug(DEVICE(l1), &error_abort));
    deleted_check("tqd-u1");
    g_assert_null(qdev_find_by_id("tqd-u1"));
    g_assert_cmpint(br->bus->num_children, ==, 0);

    /* device_del by id, by path; unknown ones. */
    leaf_add("tqd-u2", NULL);
    leaf_add(NULL, NULL);
    g_assert_true(qdev_device_del("tqd-u2", &error_abort));
    deleted_check("tqd-u2");
    g_assert_true(qdev_device_del("/machine/peripheral-anon/device[0]",
                                  &error_abort));
    g_assert_true(g_str_has_prefix(deleted->str,
                                   "/machine/peripheral-anon/device["));
    g_string_truncate(deleted, 0);
    g_assert_false(qdev_device_del("tqd-u2", &err));
    g_assert_cmpint(error_get_class(err), ==, ERROR_CLASS_DEVICE_NOT_FOUND);
    check_err(&err, "Device 'tqd-u2' not found");
    g_assert_false(qdev_device_del("/machine/peripheral/nope", &err));
    check_err(&err, "Device '/machine/peripheral/nope' not found");
    g_assert_false(qdev_device_del("/machine/peripheral", &err));
    check_err(&err, "/machine/peripheral is not a hotpluggable device");
    g_assert_cmpint(br->bus->num_children, ==, 0);

    dev_del(br);
    deleted_check("tqd-us");
    assert_no_devices();
}

/* Removal deferred to a bottom half: not at once, once, and only once. */
static void test_unplug_deferred(void)
{
    CorvidTestBridge *br = bridge_add("tqd-ud");
    CorvidTestLeaf *l1 = leaf_add("tqd-d1", NULL);
    CorvidTestLeaf *l2 = leaf_add("tqd-d2", NULL);

    g_string_truncate(deleted, 0);
    qdev_unplug_deferred(DEVICE(l1));
    qdev_unplug_deferred(DEVICE(l1));
    qdev_unplug_deferred(DEVICE(l2));
    /* Still there until the main loop runs. */
    g_assert_true(qdev_find_by_id("tqd-d1") == DEVICE(l1));
    g_assert_cmpint(br->bus->num_children, ==, 2);
    deleted_check("");
    /* Gone before the main loop would look at anything else. */
    g_assert_true(main_loop_wait(true));
    g_assert_null(qdev_find_by_id("tqd-d1"));
    g_assert_null(qdev_find_by_id("tqd-d2"));
    g_assert_cmpint(br->bus->num_children, ==, 0);
    deleted_check("tqd-d1 tqd-d2");
    /* A device removed meanwhile is left alone. */
    l1 = leaf_add("tqd-d3", NULL);
    qdev_unplug_deferred(DEVICE(l1));
    object_unparent(OBJECT(l1));
    g_string_truncate(deleted, 0);
    g_assert_true(main_loop_wait(true));
    deleted_check("");

    dev_del(br);
    deleted_check("tqd-ud");
    assert_no_devices();
}

static void test_unplug_async(void)
{
    DeviceState *dev = dev_add(&error_abort, TYPE_CORVID_TEST_BRIDGE, "id",
                               "tqd-ua", "async-unplug", "on", NULL);
    CorvidTestBridge *br = CORVID_TEST_BRIDGE(dev);
    CorvidTestLeaf *l1 = leaf_add("tqd-a1", NULL);
    CorvidTestLeaf *l2 = leaf_add("tqd-a2", NULL);
    int levels[1] = { -1 };
    qemu_irq led = qemu_allocate_irq(record_irq, levels, 0);
    Error *err = NULL;

    qdev_connect_gpio_out(dev, 0, led);
    g_string_truncate(deleted, 0);

    /* The request only asks the guest (output line 0). */
    g_assert_true(qdev_unplug(DEVICE(l1), &error_abort));
    g_assert_true(DEVICE(l1)->pending_unplug);
    g_assert_true(DEVICE(l1)->realized);
    g_assert_true(qdev_find_by_id("tqd-a1") == DEVICE(l1));
    g_assert_cmpint(levels[0], ==, 1);
    deleted_check("");
    g_assert_false(qdev_unplug(DEVICE(l1), &err));
    check_err(&err, "Device tqd-a1 is already in the process of unplug");
    /* The bridge takes one request at a time. */
    g_assert_false(qdev_device_del("tqd-a2", &err));
    check_err(&err, "corvid-test-bridge: an eject is already pending");
    g_assert_false(DEVICE(l2)->pending_unplug);

    /* The guest agrees. */
    corvid_test_bridge_eject(br);
    deleted_check("tqd-a1");
    g_assert_null(qdev_find_by_id("tqd-a1"));
    g_assert_cmpint(levels[0], ==, 0);
    g_assert_cmpint(br->bus->num_children, ==, 1);
    /* Nothing pending: ejecting does nothing. */
    corvid_test_bridge_eject(br);
    deleted_check("");

    /* The same through the "eject" input line. */
    g_assert_true(qdev_device_del("tqd-a2", &error_abort));
    g_assert_cmpint(levels[0], ==, 1);
    qemu_irq_lower(qdev_get_gpio_in(dev, 0));
    deleted_check("");
    qemu_irq_raise(qdev_get_gpio_in(dev, 0));
    deleted_check("tqd-a2");
    g_assert_cmpint(levels[0], ==, 0);
    g_assert_cmpint(br->bus->num_children, ==, 0);

    /* A pending unplug is dropped when the bridge goes. */
    l1 = leaf_add("tqd-a3", NULL);
    g_assert_true(qdev_unplug(DEVICE(l1), &error_abort));
    dev_del(dev);
    deleted_check("tqd-a3 tqd-ua");
    qemu_free_irq(led);
    assert_no_devices();
}

static void test_unplug_refused(void)
{
    DeviceState *lb;
    CorvidTestLeaf *leaf;
    CorvidTestBridge *br = bridge_add("tqd-ur");
    Error *err = NULL;

    /* The bridge sits on the main system bus, which has no handler. */
    g_assert_false(qdev_unplug(DEVICE(br), &err));
    check_err(&err, "Bus 'main-system-bus' does not support hotplugging");
    g_assert_false(qdev_device_del("tqd-ur", &err));
    check_err(&err, "Bus 'main-system-bus' does not support hotplugging");
    assert_prop(br, "hotpluggable", "false");

    /* Neither have the leaf bridge's buses. */
    lb = dev_add(&error_abort, TYPE_TQD_LEAF_BRIDGE, "id", "tqd-lb", NULL);
    leaf = leaf_add("tqd-ul", "tqd-lb.0");
    g_assert_false(qdev_unplug(DEVICE(leaf), &err));
    check_err(&err, "Bus 'tqd-lb.0' does not support hotplugging");
    assert_prop(leaf, "hotpluggable", "false");
    assert_prop(lb, "hotpluggable", "true");
    g_assert_true(qdev_find_by_id("tqd-ul") == DEVICE(leaf));

    /* A bus-less device has no handler (there is no machine here). */
    lb = dev_add(&error_abort, TYPE_TQD_COLD_ONLY, "id", "tqd-co", NULL);
    g_assert_false(qdev_unplug(lb, &err));
    check_err(&err, "Device 'tqd-cold-only' does not support hotplugging");
    assert_prop(lb, "hotpluggable", "false");
    dev_del(lb);
    deleted_check("tqd-co");

    /* A device that was never realized is not announced when it goes. */
    g_string_truncate(deleted, 0);
    lb = qdev_new(TYPE_CORVID_TEST_LEAF);
    object_property_add_child(object_get_container("/machine/tqd-tmp"),
                              "x", OBJECT(lb));
    object_unref(OBJECT(lb));
    dev_del(lb);
    object_unparent(object_get_container("/machine/tqd-tmp"));
    deleted_check("");

    dev_del(br);
    g_string_truncate(deleted, 0);
    assert_no_devices();
}

static void test_hotplug(void)
{
    CorvidTestBridge *br = bridge_add("tqd-hot");
    CorvidTestLeaf *leaf, *cold;
    Error *err = NULL;

    cold = leaf_add("tqd-cold", NULL);
    g_assert_false(DEVICE(cold)->hotplugged);
    g_assert_cmpint(cold->reset_count, ==, 0);
    dev_add(&error_abort, TYPE_TQD_LEAF_BRIDGE, "id", "tqd-lb", NULL);

    qdev_hotplug = true;
    leaf = leaf_add("tqd-hl", "tqd-hot.0");
    g_assert_true(DEVICE(leaf)->hotplugged);
    assert_prop(leaf, "hotplugged", "true");
    assert_prop(leaf, "hotpluggable", "true");
    /* A hot-plugged device is reset as it arrives. */
    g_assert_cmpint(leaf->reset_count, ==, 1);

    g_assert_null(dev_add(&err, TYPE_CORVID_TEST_BRIDGE, "id", "tqd-b2",
                          NULL));
    check_err(&err, "Bus 'main-system-bus' does not support hotplugging");
    g_assert_null(dev_add(&err, TYPE_CORVID_TEST_LEAF, "bus", "tqd-lb.0",
                          NULL));
    check_err(&err, "Bus 'tqd-lb.0' does not support hotplugging");
    g_assert_null(dev_add(&err, "qemu64-x86_64-cpu", NULL));
    check_err(&err, "Parameter 'driver' expects a pluggable device type");
    g_assert_null(dev_add(&err, TYPE_TQD_COLD_ONLY, NULL));
    check_err(&err, "Parameter 'driver' expects a pluggable device type");
    qdev_hotplug = false;

    g_assert_true(qdev_unplug(DEVICE(leaf), &error_abort));
    deleted_check("tqd-hl");
    dev_del(br);
    g_string_truncate(deleted, 0);
    assert_no_devices();
}

static void test_deleted_events(void)
{
    CorvidTestBridge *br = bridge_add("tqd-de");
    g_autofree char *events = NULL;
    g_auto(GStrv) words = NULL;

    leaf_add("tqd-d1", NULL);
    leaf_add("tqd-d2", NULL);
    dev_add(&error_abort, TYPE_TQD_LEAF_BRIDGE, "id", "tqd-dlb", NULL);
    leaf_add("tqd-d3", "tqd-dlb.0");
    g_string_truncate(deleted, 0);

    /* Unrealizing the bridge takes its bus and everything on it. */
    qdev_unrealize(DEVICE(br));
    words = g_strsplit(deleted->str, " ", 0);
    g_assert_cmpuint(g_strv_length(words), ==, 4);
    g_assert_true(g_strv_contains((const char *const *)words, "tqd-d1"));
    g_assert_true(g_strv_contains((const char *const *)words, "tqd-d2"));
    g_assert_true(g_strv_contains((const char *const *)words, "tqd-d3"));
    g_assert_true(g_strv_contains((const char *const *)words, "tqd-dlb"));
    g_string_truncate(deleted, 0);
    g_assert_null(qdev_find_by_id("tqd-d1"));
    g_assert_null(qdev_find_by_id("tqd-d3"));
    /* The bridge itself goes when it leaves the tree. */
    dev_del(br);
    deleted_check("tqd-de");

    /* Unparenting a bridge: children first, the bridge last. */
    br = bridge_add("tqd-de");
    leaf_add("tqd-d1", NULL);
    dev_add(&error_abort, TYPE_TQD_LEAF_BRIDGE, "id", "tqd-dlb", NULL);
    leaf_add("tqd-d3", "tqd-dlb.0");
    g_string_truncate(deleted, 0);
    dev_del(br);
    events = g_strdup(deleted->str);
    g_assert_true(g_str_has_suffix(events, " tqd-de"));
    g_assert_nonnull(strstr(events, "tqd-d1"));
    g_assert_nonnull(strstr(events, "tqd-d3"));
    g_assert_nonnull(strstr(events, "tqd-dlb"));
    g_assert_true(strstr(events, "tqd-d3") < strstr(events, "tqd-dlb "));
    g_string_truncate(deleted, 0);
    assert_no_devices();
}

/* ------------------------------------------------------------------ */
/* -device */

static void test_device_add_errors(void)
{
    CorvidTestBridge *br = bridge_add("tqd-da");
    DeviceState *dev;
    QDict *opts;
    Error *err = NULL;
    int i;

    g_assert_null(dev_add(&err, NULL, "id", "x", NULL));
    check_err(&err, "Parameter 'driver' is missing");
    g_assert_null(dev_add(&err, "nosuch", NULL));
    check_err(&err, "'nosuch' is not a valid device model name");
    g_assert_null(dev_add(&err, TYPE_CORVID_TEST_OBJECT, NULL));
    check_err(&err, "'corvid-test-object' is not a valid device model name");
    g_assert_null(dev_add(&err, TYPE_CORVID_TEST_BUS, NULL));
    check_err(&err, "'corvid-test-bus' is not a valid device model name");
    g_assert_null(dev_add(&err, TYPE_DEVICE, NULL));
    check_err(&err, "Parameter 'driver' expects a non-abstract device type");
    g_assert_null(dev_add(&err, TYPE_SYS_BUS_DEVICE, NULL));
    check_err(&err, "Parameter 'driver' expects a non-abstract device type");
    g_assert_null(dev_add(&err, "qemu64-x86_64-cpu", NULL));
    check_err(&err, "Parameter 'driver' expects a pluggable device type");

    /* Ids. */
    g_assert_null(dev_add(&err, TYPE_CORVID_TEST_BRIDGE, "id", "1x", NULL));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'id' expects an identifier");
    g_assert_cmpstr(error_get_hint(err), ==, ID_WELLFORMED_HINT);
    error_free(err);
    err = NULL;
    g_assert_null(dev_add(&err, TYPE_CORVID_TEST_BRIDGE, "id", "a b", NULL));
    check_err(&err, "Parameter 'id' expects an identifier");
    g_assert_null(dev_add(&err, TYPE_CORVID_TEST_BRIDGE, "id", "tqd-da",
                          NULL));
    check_err(&err, "Duplicate device ID 'tqd-da'");
    g_assert_null(dev_add(&err, TYPE_CORVID_TEST_LEAF, "id", "tqd-da", NULL));
    check_err(&err, "Duplicate device ID 'tqd-da'");
    g_assert_true(qdev_find_by_id("tqd-da") == DEVICE(br));

    /* Properties: the device is removed again, its id is free. */
    g_assert_null(dev_add(&err, TYPE_CORVID_TEST_BRIDGE, "id", "tqd-x",
                          "nope", "1", NULL));
    check_err(&err, "Property 'corvid-test-bridge.nope' not found");
    g_assert_null(dev_add(&err, TYPE_CORVID_TEST_BRIDGE, "id", "tqd-x",
                          "u8", "256", NULL));
    check_err(&err, "Parameter 'u8' expects uint8_t");
    g_assert_null(dev_add(&err, TYPE_CORVID_TEST_LEAF, "id", "tqd-x",
                          "slot", "x", NULL));
    check_err(&err, "Parameter 'slot' expects integer");
    g_assert_null(qdev_find_by_id("tqd-x"));
    g_assert_cmpint(br->bus->num_children, ==, 0);

    /* Buses. */
    g_assert_null(dev_add(&err, TYPE_CORVID_TEST_LEAF, "bus", "nosuch",
                          NULL));
    check_err(&err, "Bus 'nosuch' not found");
    g_assert_null(dev_add(&err, TYPE_CORVID_TEST_LEAF, "bus", "/", NULL));
    check_err(&err, "Device 'corvid-test-leaf' can't go on System bus");
    g_assert_null(dev_add(&err, TYPE_CORVID_TEST_BRIDGE, "bus", "tqd-da.0",
                          NULL));
    check_err(&err, "Device 'corvid-test-bridge' can't go on "
              "corvid-test-bus bus");
    g_assert_null(dev_add(&err, TYPE_CORVID_TEST_LEAF, "bus",
                          "tqd-da.0/nodev", NULL));
    check_err(&err, "Device 'nodev' not found");
    for (i = 0; i < CORVID_TEST_BUS_MAX_DEV; i++) {
        leaf_add(NULL, "tqd-da.0");
    }
    g_assert_null(dev_add(&err, TYPE_CORVID_TEST_LEAF, "id", "tqd-x",
                          "bus", "tqd-da.0", NULL));
    check_err(&err, "Bus 'tqd-da.0' is full");
    g_assert_null(dev_add(&err, TYPE_CORVID_TEST_LEAF, NULL));
    check_err(&err, "No 'corvid-test-bus' bus found for device "
              "'corvid-test-leaf'");
    g_assert_null(qdev_find_by_id("tqd-x"));

    /* Typed options: JSON types must match. */
    opts = qdict_new();
    qdict_put_str(opts, "driver", TYPE_CORVID_TEST_BRIDGE);
    qdict_put_str(opts, "u8", "3");
    g_assert_null(dev_add_typed(opts, &err));
    check_err(&err, "Invalid parameter type for 'u8', expected: integer");
    opts = qdict_new();
    qdict_put_int(opts, "driver", 1);
    g_assert_null(dev_add_typed(opts, &err));
    check_err(&err, "Invalid parameter type for 'driver', expected: string");
    opts = qdict_new();
    qdict_put_str(opts, "driver", TYPE_CORVID_TEST_BRIDGE);
    qdict_put_bool(opts, "id", true);
    g_assert_null(dev_add_typed(opts, &err));
    check_err(&err, "Invalid parameter type for 'id', expected: string");
    opts = qdict_new();
    qdict_put_str(opts, "driver", TYPE_CORVID_TEST_BRIDGE);
    qdict_put_int(opts, "bus", 0);
    g_assert_null(dev_add_typed(opts, &err));
    check_err(&err, "Invalid parameter type for 'bus', expected: string");

    opts = qdict_new();
    qdict_put_str(opts, "driver", TYPE_CORVID_TEST_BRIDGE);
    qdict_put_str(opts, "id", "tqd-typed");
    qdict_put_int(opts, "u8", 3);
    qdict_put_bool(opts, "flag", true);
    qdict_put_str(opts, "mode", "on");
    dev = dev_add_typed(opts, &error_abort);
    g_assert_cmpuint(CORVID_TEST_BRIDGE(dev)->u8, ==, 3);
    g_assert_true(CORVID_TEST_BRIDGE(dev)->flag);
    g_assert_cmpint(CORVID_TEST_BRIDGE(dev)->mode, ==, ON_OFF_AUTO_ON);
    dev_del(dev);

    /* String mode (-device, device_add) takes typed values too. */
    opts = qdict_new();
    qdict_put_str(opts, "driver", TYPE_CORVID_TEST_BRIDGE);
    qdict_put_int(opts, "u8", 4);
    qdict_put_str(opts, "flag", "on");
    dev = qdev_device_add(opts, false, &error_abort);
    qobject_unref(opts);
    g_assert_cmpuint(CORVID_TEST_BRIDGE(dev)->u8, ==, 4);
    dev_del(dev);

    dev_del(br);
    g_string_truncate(deleted, 0);
    assert_no_devices();
}

/*
 * -device x,realized=on must fail cleanly (qemu 7.2 crashes here): the
 * property realizes the device before it is on its bus.  Run in a child
 * process so that a crash fails this test only.
 */
static void test_device_add_realized(void)
{
    Error *err = NULL;

    if (g_test_subprocess()) {
        CorvidTestBridge *br = bridge_add("tqd-rb");

        g_assert_null(dev_add(&err, TYPE_CORVID_TEST_BRIDGE, "id", "tqd-r",
                              "realized", "on", NULL));
        check_err(&err, "Device 'corvid-test-bridge' needs a 'System' bus");
        g_assert_null(dev_add(&err, TYPE_CORVID_TEST_LEAF, "realized", "on",
                              NULL));
        check_err(&err, "Device 'corvid-test-leaf' needs a "
                  "'corvid-test-bus' bus");
        g_assert_cmpint(br->bus->num_children, ==, 0);
        dev_del(br);
        g_assert_null(qdev_find_by_id("tqd-r"));
        assert_no_devices();
        return;
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_test_trap_assert_passed();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);
    qdev_test_types_init();

    g_test_add_func("/qdev/hotplug/plug-fails", test_plug_fails);
    g_test_add_func("/qdev/hotplug/unplug-sync", test_unplug_sync);
    g_test_add_func("/qdev/hotplug/unplug-async", test_unplug_async);
    g_test_add_func("/qdev/hotplug/unplug-deferred", test_unplug_deferred);
    g_test_add_func("/qdev/hotplug/unplug-refused", test_unplug_refused);
    g_test_add_func("/qdev/hotplug/hotplug", test_hotplug);
    g_test_add_func("/qdev/hotplug/deleted-events", test_deleted_events);
    g_test_add_func("/qdev/device-add/errors", test_device_add_errors);
    g_test_add_func("/qdev/device-add/realized", test_device_add_realized);

    return g_test_run();
}
