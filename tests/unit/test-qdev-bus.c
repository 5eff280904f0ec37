/*
 * Unit tests for the qdev tree (hw/core/): realize and unrealize with
 * their child buses, where realized devices go in the composition tree,
 * bus naming, children, automatic placement and bus paths (qbus_find),
 * cold reset of devices and buses, and GPIO lines (named lists, input
 * handlers, connections, interception).  The types and helpers shared
 * with the other qdev tests are in qdev-test-types.c.
 */
#include "util/osdep.h"
#include "util/module.h"
#include "qom/object-property.h"
#include "hw/core/qdev.h"
#include "hw/core/qdev-properties.h"
#include "hw/core/sysbus.h"
#include "tests/testdev/testdev.h"
#include "tests/unit/qdev-test-types.h"

/* ------------------------------------------------------------------ */
/* Realize, unrealize and the composition tree */

static void test_realize_counts(void)
{
    DeviceState *dev = qdev_new(TYPE_CORVID_TEST_BRIDGE);
    CorvidTestBridge *br = CORVID_TEST_BRIDGE(dev);
    BusState *bus;

    g_assert_false(dev->realized);
    g_assert_null(br->bus);
    g_assert_cmpint(br->realize_count, ==, 0);
    g_assert_true(qdev_realize(dev, sysbus_get_default(), &error_abort));
    g_assert_true(dev->realized);
    assert_prop(dev, "realized", "true");
    g_assert_cmpint(br->realize_count, ==, 1);
    g_assert_cmpint(br->unrealize_count, ==, 0);
    bus = br->bus;
    g_assert_nonnull(bus);
    g_assert_true(bus->realized);
    g_assert_true(bus->parent == dev);
    g_assert_cmpint(dev->num_child_bus, ==, 1);

    /* Realizing twice does nothing. */
    g_assert_true(object_property_set_bool(OBJECT(dev), "realized", true,
                                           &error_abort));
    g_assert_cmpint(br->realize_count, ==, 1);

    qdev_unrealize(dev);
    g_assert_false(dev->realized);
    g_assert_cmpint(br->unrealize_count, ==, 1);
    g_assert_null(br->bus);
    g_assert_cmpint(dev->num_child_bus, ==, 0);
    g_assert_null(dev->child_buses);
    qdev_unrealize(dev);
    g_assert_cmpint(br->unrealize_count, ==, 1);

    g_assert_true(object_property_set_bool(OBJECT(dev), "realized", true,
                                           &error_abort));
    g_assert_cmpint(br->realize_count, ==, 2);
    g_assert_true(object_property_set_bool(OBJECT(dev), "realized", false,
                                           &error_abort));
    g_assert_cmpint(br->unrealize_count, ==, 2);

    /* Leaving the tree unrealizes (it stayed on its bus meanwhile). */
    g_assert_true(dev->parent_bus == sysbus_get_default());
    g_assert_true(object_property_set_bool(OBJECT(dev), "realized", true,
                                           &error_abort));
    g_assert_cmpint(br->realize_count, ==, 3);
    dev_del(dev);
    g_assert_false(dev->realized);
    g_assert_cmpint(br->unrealize_count, ==, 3);
    object_unref(OBJECT(dev));
    g_string_truncate(deleted, 0);
    assert_no_devices();
}

static void test_realize_fails(void)
{
    DeviceState *dev = qdev_new(TYPE_CORVID_TEST_BRIDGE);
    CorvidTestBridge *br = CORVID_TEST_BRIDGE(dev);
    Error *err = NULL;

    g_assert_true(parse(dev, "fail-realize", "on", &error_abort));
    g_assert_false(qdev_realize(dev, sysbus_get_default(), &err));
    check_err(&err, "corvid-test-bridge: realize failed as asked");
    g_assert_false(dev->realized);
    g_assert_cmpint(br->realize_count, ==, 0);
    g_assert_null(br->bus);
    /* It did not stay in /machine/unattached. */
    g_assert_null(OBJECT(dev)->parent);
    g_assert_cmpuint(OBJECT(dev)->ref, ==, 1);
    /* Nor on its bus: realizing it through the property is refused. */
    g_assert_null(dev->parent_bus);
    g_assert_cmpint(sysbus_get_default()->num_children, ==, 0);
    g_assert_false(object_property_set_bool(OBJECT(dev), "realized", true,
                                            &err));
    check_err(&err, "Device 'corvid-test-bridge' needs a 'System' bus");
    g_assert_false(qdev_realize(dev, sysbus_get_default(), &err));
    check_err(&err, "corvid-test-bridge: realize failed as asked");

    /* Fixed, it realizes. */
    g_assert_true(parse(dev, "fail-realize", "off", &error_abort));
    g_assert_true(qdev_realize_and_unref(dev, sysbus_get_default(),
                                         &error_abort));
    g_assert_cmpint(br->realize_count, ==, 1);
    dev_del(dev);
    g_string_truncate(deleted, 0);

    /* qdev_realize_and_unref drops the only reference on failure. */
    dev = qdev_new(TYPE_CORVID_TEST_BRIDGE);
    g_assert_true(parse(dev, "fail-realize", "on", &error_abort));
    g_assert_false(qdev_realize_and_unref(dev, sysbus_get_default(), &err));
    check_err(&err, "corvid-test-bridge: realize failed as asked");
    g_assert_cmpint(sysbus_get_default()->num_children, ==, 0);

    g_assert_null(dev_add(&err, TYPE_CORVID_TEST_BRIDGE, "id", "tqd-f",
                          "fail-realize", "on", NULL));
    check_err(&err, "corvid-test-bridge: realize failed as asked");
    g_assert_null(qdev_find_by_id("tqd-f"));
    deleted_check("");
    assert_no_devices();
}

static void test_tree_paths(void)
{
    DeviceState *a = qdev_new(TYPE_CORVID_TEST_BRIDGE);
    DeviceState *b = qdev_new(TYPE_CORVID_TEST_BRIDGE);
    DeviceState *leaf = qdev_new(TYPE_CORVID_TEST_LEAF);
    DeviceState *named, *anon;
    g_autofree char *pa = NULL, *pb = NULL, *pl = NULL;
    g_autofree char *bus_path = NULL, *expect = NULL;
    char *s;

    /* Realized without a parent: /machine/unattached/device[N]. */
    g_assert_null(object_get_canonical_path(OBJECT(a)));
    g_assert_true(qdev_realize_and_unref(a, sysbus_get_default(),
                                         &error_abort));
    g_assert_true(qdev_realize_and_unref(b, sysbus_get_default(),
                                         &error_abort));
    pa = object_get_canonical_path(OBJECT(a));
    pb = object_get_canonical_path(OBJECT(b));
    g_assert_true(g_str_has_prefix(pa, "/machine/unattached/device["));
    g_assert_true(g_str_has_prefix(pb, "/machine/unattached/device["));
    g_assert_cmpstr(pa, !=, pb);
    g_assert_true(object_resolve_path(pa, NULL) == OBJECT(a));

    /* A leaf realized onto a bus without a parent goes there too. */
    g_assert_true(qdev_realize_and_unref(leaf, CORVID_TEST_BRIDGE(a)->bus,
                                         &error_abort));
    pl = object_get_canonical_path(OBJECT(leaf));
    g_assert_true(g_str_has_prefix(pl, "/machine/unattached/device["));
    g_assert_true(leaf->parent_bus == CORVID_TEST_BRIDGE(a)->bus);

    /* A bus is a child of its device. */
    bus_path = object_get_canonical_path(OBJECT(CORVID_TEST_BRIDGE(a)->bus));
    expect = g_strdup_printf("%s/%s", pa, CORVID_TEST_BRIDGE(a)->bus->name);
    g_assert_cmpstr(bus_path, ==, expect);
    assert_prop(leaf, "parent_bus", bus_path);

    /* qdev names. */
    s = qdev_get_dev_path(a);
    g_assert_cmpstr(s, ==, pa);
    g_free(s);
    s = qdev_get_human_name(a);
    g_assert_cmpstr(s, ==, pa);
    g_free(s);

    /* -device: /machine/peripheral/ID, or peripheral-anon. */
    named = dev_add(&error_abort, TYPE_CORVID_TEST_BRIDGE, "id", "tqd-p",
                    NULL);
    anon = dev_add(&error_abort, TYPE_CORVID_TEST_BRIDGE, NULL);
    assert_path(named, "/machine/peripheral/tqd-p");
    s = object_get_canonical_path(OBJECT(anon));
    g_assert_true(g_str_has_prefix(s, "/machine/peripheral-anon/device["));
    g_free(s);
    s = qdev_get_human_name(named);
    g_assert_cmpstr(s, ==, "tqd-p");
    g_free(s);
    g_assert_cmpstr(named->id, ==, "tqd-p");
    g_assert_null(anon->id);
    g_assert_true(qdev_find_by_id("tqd-p") == named);
    g_assert_null(qdev_find_by_id("tqd-none"));
    /* Held by /machine/peripheral and by its bus. */
    g_assert_cmpuint(OBJECT(named)->ref, ==, 2);

    dev_del(leaf);
    dev_del(a);
    dev_del(b);
    dev_del(named);
    dev_del(anon);
    g_string_truncate(deleted, 0);
    assert_no_devices();
}

/* ------------------------------------------------------------------ */
/* Buses */

/* The N of an automatically named "corvid-test-bus.N". */
static int bus_number(BusState *bus)
{
    const char *prefix = TYPE_CORVID_TEST_BUS ".";

    g_assert_true(g_str_has_prefix(bus->name, prefix));
    return atoi(bus->name + strlen(prefix));
}

static void test_bus_naming(void)
{
    CorvidTestBridge *named = bridge_add("tqd-b0");
    CorvidTestBridge *a = CORVID_TEST_BRIDGE(dev_add(&error_abort,
                                             TYPE_CORVID_TEST_BRIDGE, NULL));
    CorvidTestBridge *b = CORVID_TEST_BRIDGE(dev_add(&error_abort,
                                             TYPE_CORVID_TEST_BRIDGE, NULL));
    DeviceState *lb;
    TqdLeafBridge *tlb;
    Error *err = NULL;

    /* "ID.N" after the parent's id. */
    g_assert_cmpstr(named->bus->name, ==, "tqd-b0.0");
    assert_path(named->bus, "/machine/peripheral/tqd-b0/tqd-b0.0");
    g_assert_true(object_resolve_path("tqd-b0.0", NULL) ==
                  OBJECT(named->bus));
    /* Otherwise the type name, numbered per bus type. */
    g_assert_cmpint(bus_number(b->bus), ==, bus_number(a->bus) + 1);

    /* A device with two buses: "ID.0", "ID.1". */
    lb = dev_add(&error_abort, TYPE_TQD_LEAF_BRIDGE, "id", "tqd-lb",
                 "buses", "2", "bus", "tqd-b0.0", NULL);
    tlb = TQD_LEAF_BRIDGE(lb);
    g_assert_cmpstr(tlb->buses[0]->name, ==, "tqd-lb.0");
    g_assert_cmpstr(tlb->buses[1]->name, ==, "tqd-lb.1");
    g_assert_cmpint(lb->num_child_bus, ==, 2);
    g_assert_true(lb->child_buses->data == tlb->buses[0]);
    assert_path(tlb->buses[1], "/machine/peripheral/tqd-lb/tqd-lb.1");

    /* The bus's hotplug handler is its bridge: hotpluggable.  The leaf
     * bridge's buses have none. */
    assert_prop(named->bus, "hotplug-handler", "/machine/peripheral/tqd-b0");
    g_assert_true(named->bus->hotplug_handler == OBJECT(named));
    g_assert_true(qbus_is_hotpluggable(named->bus));
    assert_prop(tlb->buses[0], "hotplug-handler", "");
    g_assert_false(qbus_is_hotpluggable(tlb->buses[0]));
    /* The handler link takes any object implementing the interface, by
     * path; partial paths count only objects that do. */
    g_assert_true(parse(tlb->buses[0], "hotplug-handler", "tqd-b0",
                        &error_abort));
    g_assert_true(tlb->buses[0]->hotplug_handler == OBJECT(named));
    g_assert_true(qbus_is_hotpluggable(tlb->buses[0]));
    g_assert_false(parse(tlb->buses[0], "hotplug-handler", "tqd-lb", &err));
    check_err(&err, "Invalid parameter type for 'hotplug-handler', "
              "expected: hotplug-handler");
    g_assert_true(parse(tlb->buses[0], "hotplug-handler", "", &error_abort));
    g_assert_false(qbus_is_hotpluggable(tlb->buses[0]));
    /* Plumbing properties are read-only, as in qemu. */
    g_assert_false(parse(lb, "parent_bus", "tqd-lb.1", &err));
    check_err(&err, "Property 'tqd-leaf-bridge.parent_bus' is not writable");
    g_assert_false(parse(lb, "type", "x", &err));
    check_err(&err, "Property 'tqd-leaf-bridge.type' is not writable");
    g_assert_false(parse(lb, "hotpluggable", "off", &err));
    check_err(&err, "Property 'tqd-leaf-bridge.hotpluggable' is not "
              "writable");

    /* Re-realizing reuses the number (the leaf bridge went with the old
     * bus). */
    qdev_unrealize(DEVICE(named));
    g_assert_null(qdev_find_by_id("tqd-lb"));
    g_assert_true(object_property_set_bool(OBJECT(named), "realized", true,
                                           &error_abort));
    g_assert_cmpstr(named->bus->name, ==, "tqd-b0.0");

    dev_del(named);
    dev_del(a);
    dev_del(b);
    g_string_truncate(deleted, 0);
    assert_no_devices();
}

static void test_bus_children(void)
{
    CorvidTestBridge *br = bridge_add("tqd-bc");
    CorvidTestLeaf *l0 = leaf_add("tqd-l0", "tqd-bc.0");
    CorvidTestLeaf *l1 = leaf_add(NULL, "tqd-bc.0");
    BusState *bus = br->bus;
    BusChild *kid;

    g_assert_cmpint(bus->num_children, ==, 2);
    kid = g_queue_peek_head(&bus->children);
    g_assert_true(kid->child == DEVICE(l0));
    g_assert_cmpint(kid->index, ==, 0);
    kid = g_queue_peek_tail(&bus->children);
    g_assert_true(kid->child == DEVICE(l1));
    g_assert_cmpint(kid->index, ==, 1);
    g_assert_true(DEVICE(l0)->parent_bus == bus);
    assert_prop(l0, "parent_bus", "/machine/peripheral/tqd-bc/tqd-bc.0");
    /* child[N] links from the bus to its devices. */
    assert_prop(bus, "child[0]", "/machine/peripheral/tqd-l0");
    g_assert_true(object_resolve_path_component(OBJECT(bus), "child[1]") ==
                  OBJECT(l1));

    /* Indexes are not reused. */
    dev_del(l0);
    g_assert_cmpint(bus->num_children, ==, 1);
    g_assert_null(object_property_find(OBJECT(bus), "child[0]"));
    l0 = leaf_add("tqd-l0", "tqd-bc.0");
    kid = g_queue_peek_tail(&bus->children);
    g_assert_cmpint(kid->index, ==, 2);
    assert_prop(bus, "child[2]", "/machine/peripheral/tqd-l0");

    dev_del(br);
    g_string_truncate(deleted, 0);
    assert_no_devices();
}

static void test_bus_placement(void)
{
    CorvidTestBridge *b1 = bridge_add("tqd-b1");
    CorvidTestBridge *b2;
    CorvidTestLeaf *leaves[CORVID_TEST_BUS_MAX_DEV];
    CorvidTestLeaf *extra;
    DeviceState *lb;
    Error *err = NULL;
    int i;

    /* The first free bus of the right type. */
    for (i = 0; i < CORVID_TEST_BUS_MAX_DEV - 1; i++) {
        leaves[i] = leaf_add(NULL, NULL);
        g_assert_true(DEVICE(leaves[i])->parent_bus == b1->bus);
        g_assert_false(b1->bus->full);
    }
    /* A leaf that owns a bus takes the last place on tqd-b1.0. */
    lb = dev_add(&error_abort, TYPE_TQD_LEAF_BRIDGE, "id", "tqd-lb", NULL);
    leaves[i] = CORVID_TEST_LEAF(lb);
    g_assert_true(lb->parent_bus == b1->bus);
    g_assert_cmpint(b1->bus->num_children, ==, CORVID_TEST_BUS_MAX_DEV);
    g_assert_true(b1->bus->full);

    /* Full: bus= refuses, and the search goes depth-first into the leaf
     * bridge's bus. */
    g_assert_null(dev_add(&err, TYPE_CORVID_TEST_LEAF, "bus", "tqd-b1.0",
                          NULL));
    check_err(&err, "Bus 'tqd-b1.0' is full");
    extra = leaf_add(NULL, NULL);
    g_assert_true(DEVICE(extra)->parent_bus == TQD_LEAF_BRIDGE(lb)->buses[0]);

    /* A later bridge comes after everything under the first one. */
    b2 = bridge_add("tqd-b2");
    dev_del(extra);
    extra = leaf_add(NULL, NULL);
    g_assert_true(DEVICE(extra)->parent_bus == TQD_LEAF_BRIDGE(lb)->buses[0]);
    dev_del(extra);
    dev_del(lb);
    g_assert_false(b1->bus->full);
    extra = leaf_add(NULL, NULL);
    g_assert_true(DEVICE(extra)->parent_bus == b1->bus);
    g_assert_true(b1->bus->full);
    dev_del(extra);

    /* With every test bus full there is nowhere to go. */
    dev_del(b1);
    for (i = 0; i < CORVID_TEST_BUS_MAX_DEV; i++) {
        leaves[i] = leaf_add(NULL, NULL);
        g_assert_true(DEVICE(leaves[i])->parent_bus == b2->bus);
    }
    g_assert_null(dev_add(&err, TYPE_CORVID_TEST_LEAF, NULL));
    check_err(&err, "No 'corvid-test-bus' bus found for device "
              "'corvid-test-leaf'");
    dev_del(b2);
    g_assert_null(dev_add(&err, TYPE_CORVID_TEST_LEAF, NULL));
    check_err(&err, "No 'corvid-test-bus' bus found for device "
              "'corvid-test-leaf'");
    g_string_truncate(deleted, 0);
    assert_no_devices();
}

static void test_bus_find(void)
{
    CorvidTestBridge *br = bridge_add("tqd-bf");
    DeviceState *lb = dev_add(&error_abort, TYPE_TQD_LEAF_BRIDGE, "id",
                              "tqd-lb", NULL);
    DeviceState *lb2 = dev_add(&error_abort, TYPE_TQD_LEAF_BRIDGE, "id",
                               "tqd-lb2", "buses", "2", NULL);
    CorvidTestLeaf *leaf = leaf_add("tqd-leaf", "tqd-bf.0");
    BusState *lb_bus = TQD_LEAF_BRIDGE(lb)->buses[0];
    Error *err = NULL;

    /* By name, anywhere in the tree. */
    g_assert_true(qbus_find("tqd-bf.0", &error_abort) == br->bus);
    g_assert_true(qbus_find("tqd-lb.0", &error_abort) == lb_bus);
    g_assert_true(qbus_find("tqd-lb2.1", &error_abort) ==
                  TQD_LEAF_BRIDGE(lb2)->buses[1]);
    g_assert_true(qbus_find("main-system-bus", &error_abort) ==
                  sysbus_get_default());
    g_assert_true(qbus_find("/", &error_abort) == sysbus_get_default());
    /* Then device/bus steps: a device by id or by type, a bus by name;
     * a device at the end stands for its only bus. */
    g_assert_true(qbus_find("tqd-bf.0/tqd-lb/tqd-lb.0", &error_abort) ==
                  lb_bus);
    g_assert_true(qbus_find("tqd-bf.0/tqd-lb", &error_abort) == lb_bus);
    g_assert_true(qbus_find("tqd-bf.0/tqd-lb/", &error_abort) == lb_bus);
    g_assert_true(qbus_find("tqd-bf.0/tqd-leaf-bridge", &error_abort) ==
                  lb_bus);
    g_assert_true(qbus_find("tqd-bf.0/", &error_abort) == br->bus);
    /* Absolute: from the main system bus. */
    g_assert_true(qbus_find("/tqd-bf", &error_abort) == br->bus);
    g_assert_true(qbus_find("/tqd-bf/tqd-bf.0/tqd-lb2/tqd-lb2.1",
                            &error_abort) == TQD_LEAF_BRIDGE(lb2)->buses[1]);
    g_assert_true(qbus_find("/corvid-test-bridge/tqd-bf.0", &error_abort) ==
                  br->bus);

    g_assert_null(qbus_find("nosuch", &err));
    g_assert_cmpint(error_get_class(err), ==, ERROR_CLASS_GENERIC_ERROR);
    check_err(&err, "Bus 'nosuch' not found");
    g_assert_null(qbus_find("tqd-bf.0/nodev", &err));
    g_assert_cmpint(error_get_class(err), ==, ERROR_CLASS_DEVICE_NOT_FOUND);
    check_err(&err, "Device 'nodev' not found");
    g_assert_null(qbus_find("/nodev", &err));
    check_err(&err, "Device 'nodev' not found");
    g_assert_null(qbus_find("tqd-bf.0/tqd-leaf", &err));
    check_err(&err, "Device 'tqd-leaf' has no child bus");
    g_assert_null(qbus_find("tqd-bf.0/tqd-lb2", &err));
    check_err(&err, "Device 'tqd-lb2' has multiple child buses");
    g_assert_null(qbus_find("tqd-bf.0/tqd-lb/bogus", &err));
    check_err(&err, "Bus 'bogus' not found");
    g_assert_null(qbus_find("tqd-bf.0/tqd-lb/tqd-lb.0/nodev", &err));
    check_err(&err, "Device 'nodev' not found");

    /* bus= takes the same paths. */
    leaf = leaf_add(NULL, "tqd-bf.0/tqd-lb2/tqd-lb2.1");
    g_assert_true(DEVICE(leaf)->parent_bus == TQD_LEAF_BRIDGE(lb2)->buses[1]);
    g_assert_null(dev_add(&err, TYPE_CORVID_TEST_LEAF, "bus",
                          "tqd-bf.0/tqd-lb2", NULL));
    check_err(&err, "Device 'tqd-lb2' has multiple child buses");

    dev_del(br);
    g_string_truncate(deleted, 0);
    assert_no_devices();
}

/* ------------------------------------------------------------------ */
/* Reset */

static void test_reset(void)
{
    CorvidTestBridge *br = bridge_add("tqd-rs");
    CorvidTestLeaf *l1 = leaf_add(NULL, NULL);
    CorvidTestLeaf *l2 = leaf_add(NULL, NULL);
    DeviceState *lb = dev_add(&error_abort, TYPE_TQD_LEAF_BRIDGE, "id",
                              "tqd-lb", NULL);
    CorvidTestLeaf *l3 = leaf_add(NULL, "tqd-lb.0");
    CorvidTestBridge *other = bridge_add("tqd-rs2");

    g_assert_cmpint(br->reset_count, ==, 0);
    device_cold_reset(DEVICE(br));
    g_assert_cmpint(br->reset_count, ==, 1);
    g_assert_cmpint(l1->reset_count, ==, 1);
    g_assert_cmpint(l2->reset_count, ==, 1);
    g_assert_cmpint(CORVID_TEST_LEAF(lb)->reset_count, ==, 1);
    g_assert_cmpint(l3->reset_count, ==, 1);
    g_assert_cmpint(other->reset_count, ==, 0);

    /* A bus resets what is on it, not its owner. */
    bus_cold_reset(TQD_LEAF_BRIDGE(lb)->buses[0]);
    g_assert_cmpint(l3->reset_count, ==, 2);
    g_assert_cmpint(CORVID_TEST_LEAF(lb)->reset_count, ==, 1);
    device_cold_reset(DEVICE(l1));
    g_assert_cmpint(l1->reset_count, ==, 2);
    g_assert_cmpint(br->reset_count, ==, 1);

    /* From the root of the qdev tree. */
    bus_cold_reset(sysbus_get_default());
    g_assert_cmpint(br->reset_count, ==, 2);
    g_assert_cmpint(other->reset_count, ==, 1);
    g_assert_cmpint(l3->reset_count, ==, 3);

    dev_del(br);
    dev_del(other);
    g_string_truncate(deleted, 0);
    assert_no_devices();
}

/* ------------------------------------------------------------------ */
/* GPIO lines */

static void test_gpio(void)
{
    DeviceState *a = dev_add(&error_abort, TYPE_CORVID_TEST_BRIDGE, "id",
                             "tqd-ga", NULL);
    DeviceState *b = dev_add(&error_abort, TYPE_CORVID_TEST_BRIDGE, "id",
                             "tqd-gb", NULL);
    CorvidTestBridge *ba = CORVID_TEST_BRIDGE(a);
    CorvidTestBridge *bb = CORVID_TEST_BRIDGE(b);
    int seen[8] = { 0 };
    int intercepted[CORVID_TEST_GPIO_IN] = { 0 };
    qemu_irq probe = qemu_allocate_irq(record_irq, seen, 5);
    NamedGPIOList *ngl = qdev_get_named_gpio_list(a, NULL);
    int i;

    /* The lines as properties. */
    g_assert_nonnull(ngl);
    g_assert_null(ngl->name);
    g_assert_cmpint(ngl->num_in, ==, CORVID_TEST_GPIO_IN);
    g_assert_cmpint(ngl->num_out, ==, CORVID_TEST_GPIO_OUT);
    g_assert_null(qdev_get_named_gpio_list(a, "nope"));
    for (i = 0; i < CORVID_TEST_GPIO_IN; i++) {
        g_autofree char *name = g_strdup_printf("unnamed-gpio-in[%d]", i);
        g_assert_true(object_resolve_path_component(OBJECT(a), name) ==
                      OBJECT(qdev_get_gpio_in(a, i)));
        g_assert_cmpstr(object_property_get_type(OBJECT(a), name,
                                                 &error_abort), ==,
                        "child<irq>");
    }
    g_assert_cmpstr(object_property_get_type(OBJECT(a), "unnamed-gpio-out[1]",
                                             &error_abort), ==, "link<irq>");
    assert_prop(a, "unnamed-gpio-out[1]", "");
    g_assert_true(object_resolve_path("/machine/peripheral/tqd-ga/"
                                      "unnamed-gpio-in[2]", NULL) ==
                  OBJECT(qdev_get_gpio_in(a, 2)));

    /* Inputs reach the device's handler. */
    qemu_irq_raise(qdev_get_gpio_in(a, 2));
    g_assert_cmpint(ba->in_level[2], ==, 1);
    qemu_irq_lower(qdev_get_gpio_in(a, 2));
    g_assert_cmpint(ba->in_level[2], ==, 0);
    qemu_set_irq(qdev_get_gpio_in(a, 3), 5);
    g_assert_cmpint(ba->in_level[3], ==, 5);

    /* Input 1 loops back to output 1; unconnected, nothing happens. */
    qemu_irq_raise(qdev_get_gpio_in(a, 1));
    g_assert_cmpint(ba->in_level[1], ==, 1);
    qdev_connect_gpio_out(a, 1, probe);
    qemu_irq_lower(qdev_get_gpio_in(a, 1));
    g_assert_cmpint(seen[5], ==, 0);
    qemu_irq_raise(qdev_get_gpio_in(a, 1));
    g_assert_cmpint(seen[5], ==, 1);
    qemu_irq_pulse(qdev_get_gpio_in(a, 1));
    g_assert_cmpint(seen[5], ==, 0);
    g_assert_true(ba->out[1] == probe);

    /* Device to device, and the output link shows where it goes. */
    qdev_connect_gpio_out(a, 1, qdev_get_gpio_in(b, 3));
    qemu_irq_raise(qdev_get_gpio_in(a, 1));
    g_assert_cmpint(bb->in_level[3], ==, 1);
    assert_prop(a, "unnamed-gpio-out[1]",
                "/machine/peripheral/tqd-gb/unnamed-gpio-in[3]");
    /* Connected through the property too. */
    g_assert_true(object_property_parse(OBJECT(a), "unnamed-gpio-out[1]",
                                        "/machine/peripheral/tqd-gb/"
                                        "unnamed-gpio-in[2]", &error_abort));
    qemu_irq_raise(qdev_get_gpio_in(a, 1));
    g_assert_cmpint(bb->in_level[2], ==, 1);
    g_assert_true(ba->out[1] == qdev_get_gpio_in(b, 2));

    /* Intercepted inputs report to the interceptor, not the device. */
    ngl = qdev_get_named_gpio_list(b, NULL);
    qemu_irq_intercept_in(ngl->in, record_irq, intercepted, ngl->num_in);
    qemu_irq_lower(qdev_get_gpio_in(a, 1));
    g_assert_cmpint(intercepted[2], ==, 0);
    qemu_irq_raise(qdev_get_gpio_in(a, 1));
    g_assert_cmpint(intercepted[2], ==, 1);
    qemu_set_irq(qdev_get_gpio_in(b, 3), 9);
    g_assert_cmpint(intercepted[3], ==, 9);
    g_assert_cmpint(bb->in_level[3], ==, 1);
    /* Line 0 of an intercepted bridge no longer ejects. */
    qemu_irq_raise(qdev_get_gpio_in(b, 0));
    g_assert_cmpint(intercepted[0], ==, 1);

    /* NULL lines are unconnected. */
    qemu_set_irq(NULL, 1);

    qdev_connect_gpio_out(a, 1, NULL);
    dev_del(a);
    dev_del(b);
    qemu_free_irq(probe);
    g_string_truncate(deleted, 0);
    assert_no_devices();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);
    qdev_test_types_init();

    g_test_add_func("/qdev/realize/counts", test_realize_counts);
    g_test_add_func("/qdev/realize/fails", test_realize_fails);
    g_test_add_func("/qdev/realize/tree-paths", test_tree_paths);
    g_test_add_func("/qdev/bus/naming", test_bus_naming);
    g_test_add_func("/qdev/bus/children", test_bus_children);
    g_test_add_func("/qdev/bus/placement", test_bus_placement);
    g_test_add_func("/qdev/bus/find", test_bus_find);
    g_test_add_func("/qdev/reset", test_reset);
    g_test_add_func("/qdev/gpio", test_gpio);

    return g_test_run();
}
