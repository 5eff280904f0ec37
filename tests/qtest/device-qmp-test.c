/*
 * device_add, device_del and device-list-properties against the running
 * binary, with the test-only corvid-test-bridge (a sys-bus device with a
 * hotpluggable bus "ID.0" of up to four corvid-test-leaf) and its
 * asynchronous unplug: with async-unplug=on, device_del raises the
 * bridge's output line 0 and waits for the "guest" to raise input line 0.
 * Every expected reply is the one qemu-system-x86_64 7.2 gives for the
 * same kind of request (a pcie-root-port or usb-hub stands in for the
 * bridge there).
 */
#include "util/osdep.h"
#include "libqtest.h"

#define BRIDGES "-M none -device corvid-test-bridge,id=br0 " \
                "-device corvid-test-bridge,id=br1,async-unplug=on"
#define BR1 "/machine/peripheral/br1"

/* Assert that property @prop of @path has the JSON value @json. */
static void assert_qom(QTestState *s, const char *path, const char *prop,
                       const char *json)
{
    QObject *v = qtest_qom_get(s, path, prop);

    qobject_assert_json(v, json);
    qobject_unref(v);
}

/* Assert that device @path sits on bus @bus (a QOM path). */
static void assert_bus(QTestState *s, const char *path, const char *bus)
{
    g_autofree char *json = g_strdup_printf("\"%s\"", bus);

    assert_qom(s, path, "parent_bus", json);
}

/* Assert that nothing answers at absolute @path. */
static void assert_gone(QTestState *s, const char *path)
{
    g_autofree char *desc = g_strdup_printf("Device '%s' not found", path);

    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-get', 'arguments': "
                               "{'path': %s, 'property': 'type'}}", path),
                     "DeviceNotFound", desc);
}

static void test_add(void)
{
    QTestState *s;

    if (!qtest_require_device("corvid-test-bridge")) {
        return;
    }
    s = qtest_init(BRIDGES);

    /* On a named bus; values as strings or as JSON numbers. */
    qtest_qmp_assert_success(s, "{'execute': 'device_add', 'arguments': "
                             "{'driver': 'corvid-test-leaf', 'id': 'l0', "
                             "'bus': 'br0.0', 'slot': '3'}}");
    qtest_qmp_assert_success(s, "{'execute': 'device_add', 'arguments': "
                             "{'driver': 'corvid-test-leaf', 'id': 'l1', "
                             "'bus': 'br0.0', 'slot': 4}}");
    qtest_qmp_assert_success(s, "{'execute': 'device_add', 'arguments': "
                             "{'driver': 'corvid-test-leaf', 'id': 'l2', "
                             "'bus': 'br0.0', 'slot': '0x10'}}");
    assert_qom(s, "/machine/peripheral/l0", "slot", "3");
    assert_qom(s, "/machine/peripheral/l1", "slot", "4");
    assert_qom(s, "/machine/peripheral/l2", "slot", "16");
    assert_bus(s, "/machine/peripheral/l0", "/machine/peripheral/br0/br0.0");
    assert_qom(s, "/machine/peripheral/l0", "hotplugged", "true");

    /* Without a bus: the first one with room, br0.0, then br1.0. */
    qtest_qmp_assert_success(s, "{'execute': 'device_add', 'arguments': "
                             "{'driver': 'corvid-test-leaf', 'id': 'l3'}}");
    assert_bus(s, "/machine/peripheral/l3", "/machine/peripheral/br0/br0.0");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'device_add', 'arguments': "
                               "{'driver': 'corvid-test-leaf', 'id': 'l4', "
                               "'bus': 'br0.0'}}"),
                     "GenericError", "Bus 'br0.0' is full");
    /* Anonymous devices go to /machine/peripheral-anon. */
    qtest_qmp_assert_success(s, "{'execute': 'device_add', 'arguments': "
                             "{'driver': 'corvid-test-leaf'}}");
    assert_bus(s, "/machine/peripheral-anon/device[0]",
               "/machine/peripheral/br1/br1.0");
    /* A bus path through the bridge works too. */
    qtest_qmp_assert_success(s, "{'execute': 'device_add', 'arguments': "
                             "{'driver': 'corvid-test-leaf', 'id': 'l5', "
                             "'bus': '/br1/br1.0'}}");
    assert_bus(s, "/machine/peripheral/l5", "/machine/peripheral/br1/br1.0");
    /* As in qemu: a non-string id makes the device anonymous, and null,
     * object and array values are ignored. */
    qtest_qmp_assert_success(s, "{'execute': 'device_add', 'arguments': "
                             "{'driver': 'corvid-test-leaf', 'id': 6, "
                             "'slot': null, 'x': {}, 'y': []}}");
    assert_bus(s, "/machine/peripheral-anon/device[1]",
               "/machine/peripheral/br1/br1.0");
    assert_qom(s, "/machine/peripheral-anon/device[1]", "slot", "0");
    qtest_qmp_assert_success(s, "{'execute': 'device_add', 'arguments': "
                             "{'driver': 'corvid-test-leaf', 'id': 'l7'}}");
    /* Every bus full. */
    qmp_assert_error(qtest_qmp(s, "{'execute': 'device_add', 'arguments': "
                               "{'driver': 'corvid-test-leaf', 'id': 'l8'}}"),
                     "GenericError", "No 'corvid-test-bus' bus found for "
                     "device 'corvid-test-leaf'");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'device_add', 'arguments': "
                               "{'driver': 'corvid-test-leaf', 'id': 'l8', "
                               "'bus': '/br1/br1.0'}}"),
                     "GenericError", "Bus '/br1/br1.0' is full");
    assert_gone(s, "/machine/peripheral/l4");
    assert_gone(s, "/machine/peripheral/l8");
    qtest_quit(s);
}

static void test_add_errors(void)
{
    QTestState *s;

    if (!qtest_require_device("corvid-test-bridge")) {
        return;
    }
    s = qtest_init(BRIDGES);
    qtest_qmp_device_add(s, "corvid-test-leaf", "l0", "{'bus': 'br0.0'}");

#define ADD_ERR(args, klass, desc) \
    qmp_assert_error(qtest_qmp(s, "{'execute': 'device_add', 'arguments': " \
                               args "}"), klass, desc)
    ADD_ERR("{'driver': 'corvid-test-leaf', 'id': 'l0'}",
            "GenericError", "Duplicate device ID 'l0'");
    ADD_ERR("{'driver': 'corvid-test-leaf', 'id': 'br0'}",
            "GenericError", "Duplicate device ID 'br0'");
    ADD_ERR("{'driver': 'nope'}",
            "GenericError", "'nope' is not a valid device model name");
    ADD_ERR("{'driver': 'corvid-test-object'}", "GenericError",
            "'corvid-test-object' is not a valid device model name");
    ADD_ERR("{'driver': 'device'}", "GenericError",
            "Parameter 'driver' expects a non-abstract device type");
    ADD_ERR("{'bus': 'br0.0'}", "GenericError",
            "Parameter 'driver' is missing");
    ADD_ERR("{'driver': 'corvid-test-leaf', 'id': '1bad'}", "GenericError",
            "Parameter 'id' expects an identifier");
    ADD_ERR("{'driver': 'corvid-test-leaf', 'id': ''}", "GenericError",
            "Parameter 'id' expects an identifier");
    /* As in qemu, scalars are taken as strings, even for the driver. */
    ADD_ERR("{'driver': 'corvid-test-leaf', 'bus': 5}", "GenericError",
            "Bus '5' not found");
    ADD_ERR("{'driver': 5}", "GenericError",
            "'5' is not a valid device model name");

    /* Property values: strings are parsed, JSON numbers range-checked. */
    ADD_ERR("{'driver': 'corvid-test-leaf', 'slot': 'abc'}", "GenericError",
            "Parameter 'slot' expects integer");
    ADD_ERR("{'driver': 'corvid-test-leaf', 'slot': '1.5'}", "GenericError",
            "Parameter 'slot' expects integer");
    ADD_ERR("{'driver': 'corvid-test-leaf', 'slot': ''}", "GenericError",
            "Parameter 'slot' expects integer");
    ADD_ERR("{'driver': 'corvid-test-leaf', 'slot': '-1'}", "GenericError",
            "Parameter 'slot' expects uint32_t");
    ADD_ERR("{'driver': 'corvid-test-leaf', 'slot': -1}", "GenericError",
            "Parameter 'slot' expects uint32_t");
    ADD_ERR("{'driver': 'corvid-test-leaf', 'slot': 4294967296}",
            "GenericError", "Parameter 'slot' expects uint32_t");
    ADD_ERR("{'driver': 'corvid-test-leaf', 'slot': '4294967296'}",
            "GenericError", "Parameter 'slot' expects uint32_t");
    ADD_ERR("{'driver': 'corvid-test-leaf', 'nope': 1}", "GenericError",
            "Property 'corvid-test-leaf.nope' not found");

    /* Buses: of the wrong type, not hotpluggable. */
    ADD_ERR("{'driver': 'corvid-test-leaf', 'bus': 'main-system-bus'}",
            "GenericError",
            "Device 'corvid-test-leaf' can't go on System bus");
    ADD_ERR("{'driver': 'corvid-test-bridge', 'id': 'br2'}", "GenericError",
            "Bus 'main-system-bus' does not support hotplugging");

    /* The hotplug handler refuses slot 13, after realize. */
    ADD_ERR("{'driver': 'corvid-test-leaf', 'id': 'l13', 'slot': 13}",
            "GenericError", "corvid-test-bridge: slot 13 is unlucky");
    ADD_ERR("{'driver': 'corvid-test-leaf', 'slot': '13'}",
            "GenericError", "corvid-test-bridge: slot 13 is unlucky");
#undef ADD_ERR

    /* None of the failures left a device, a bus slot or an event. */
    qtest_qmp_assert_return(s, "[{\"name\": \"type\", \"type\": \"string\"}]",
                            "{'execute': 'qom-list', 'arguments': "
                            "{'path': '/machine/peripheral-anon'}}");
    assert_gone(s, "/machine/peripheral/l13");
    assert_gone(s, "/machine/peripheral/br2");
    qtest_qmp_assert_no_event(s, "DEVICE_DELETED");
    qtest_qmp_device_add(s, "corvid-test-leaf", "l1", "{'bus': 'br0.0'}");
    qtest_qmp_device_add(s, "corvid-test-leaf", "l2", "{'bus': 'br0.0'}");
    qtest_qmp_device_add(s, "corvid-test-leaf", "l13", "{'bus': 'br0.0'}");
    qtest_quit(s);
}

static void test_del_sync(void)
{
    QTestState *s;

    if (!qtest_require_device("corvid-test-bridge")) {
        return;
    }
    s = qtest_init(BRIDGES);
    qtest_irq_intercept_out(s, "/machine/peripheral/br0");
    qtest_qmp_device_add(s, "corvid-test-leaf", "l0", "{'bus': 'br0.0'}");
    qtest_qmp_assert_success(s, "{'execute': 'device_add', 'arguments': "
                             "{'driver': 'corvid-test-leaf', "
                             "'bus': 'br0.0'}}");

    /* At once: the event comes, the "guest" is never asked. */
    qtest_qmp_assert_success(s, "{'execute': 'device_del', 'arguments': "
                             "{'id': 'l0'}}");
    g_assert_false(qtest_get_irq(s, 0));
    qtest_qmp_assert_event(s, "DEVICE_DELETED", "{\"device\": \"l0\", "
                           "\"path\": \"/machine/peripheral/l0\"}");
    assert_gone(s, "/machine/peripheral/l0");
    /* Anonymous: by path, and the event has no "device". */
    qtest_qmp_assert_success(s, "{'execute': 'device_del', 'arguments': "
                             "{'id': '/machine/peripheral-anon/device[0]'}}");
    qtest_qmp_assert_event(s, "DEVICE_DELETED", "{\"path\": "
                           "\"/machine/peripheral-anon/device[0]\"}");
    assert_gone(s, "/machine/peripheral-anon/device[0]");

    /* The id is free again; a path relative to /machine/peripheral. */
    qtest_qmp_device_add(s, "corvid-test-leaf", "l0", "{'bus': 'br0.0'}");
    qtest_qmp_assert_success(s, "{'execute': 'device_del', 'arguments': "
                             "{'id': 'l0/'}}");
    qtest_qmp_assert_event(s, "DEVICE_DELETED", "{\"device\": \"l0\", "
                           "\"path\": \"/machine/peripheral/l0\"}");

    /* What cannot be deleted. */
#define DEL_ERR(id, klass, desc) \
    qmp_assert_error(qtest_qmp(s, "{'execute': 'device_del', 'arguments': " \
                               "{'id': %s}}", id), klass, desc)
    DEL_ERR("l0", "DeviceNotFound", "Device 'l0' not found");
    DEL_ERR("nope", "DeviceNotFound", "Device 'nope' not found");
    DEL_ERR("/machine/peripheral/nope", "DeviceNotFound",
            "Device '/machine/peripheral/nope' not found");
    /* Ids are not partial paths. */
    DEL_ERR("br0.0", "DeviceNotFound", "Device 'br0.0' not found");
    DEL_ERR("br0/br0.0", "GenericError",
            "br0/br0.0 is not a hotpluggable device");
    DEL_ERR("/machine/unattached", "GenericError",
            "/machine/unattached is not a hotpluggable device");
    DEL_ERR("", "GenericError", " is not a hotpluggable device");
    DEL_ERR("br0", "GenericError",
            "Bus 'main-system-bus' does not support hotplugging");
    DEL_ERR("/machine/peripheral/br1", "GenericError",
            "Bus 'main-system-bus' does not support hotplugging");
#undef DEL_ERR
    qmp_assert_error(qtest_qmp(s, "{'execute': 'device_del', 'arguments': {}}"),
                     "GenericError", "Parameter 'id' is missing");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'device_del', 'arguments': "
                               "{'id': 5}}"),
                     "GenericError",
                     "Invalid parameter type for 'id', expected: string");
    qtest_qmp_assert_no_event(s, "DEVICE_DELETED");
    qtest_quit(s);
}

/* Press the bridge's "eject" input as the guest would, and release it. */
static void guest_eject(QTestState *s)
{
    qtest_set_irq_in(s, BR1, "unnamed-gpio-in", 0, 1);
    qtest_set_irq_in(s, BR1, "unnamed-gpio-in", 0, 0);
}

static void test_del_async(void)
{
    QTestState *s;

    if (!qtest_require_device("corvid-test-bridge")) {
        return;
    }
    s = qtest_init(BRIDGES);
    qtest_irq_intercept_out(s, BR1);
    qtest_qmp_device_add(s, "corvid-test-leaf", "a0", "{'bus': 'br1.0'}");
    g_assert_false(qtest_get_irq(s, 0));

    /* The request returns at once; the bridge asks the guest. */
    qtest_qmp_assert_success(s, "{'execute': 'device_del', 'arguments': "
                             "{'id': 'a0'}}");
    g_assert_true(qtest_get_irq(s, 0));
    qtest_qmp_assert_no_event(s, "DEVICE_DELETED");
    assert_qom(s, "/machine/peripheral/a0", "realized", "true");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'device_del', 'arguments': "
                               "{'id': 'a0'}}"),
                     "GenericError", "Device a0 is already in the process of "
                     "unplug");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'device_add', 'arguments': "
                               "{'driver': 'corvid-test-leaf', 'id': 'a0'}}"),
                     "GenericError", "Duplicate device ID 'a0'");
    /* Other input lines do not eject. */
    qtest_set_irq_in(s, BR1, "unnamed-gpio-in", 2, 1);
    qtest_qmp_assert_no_event(s, "DEVICE_DELETED");

    guest_eject(s);
    qtest_qmp_assert_event(s, "DEVICE_DELETED", "{\"device\": \"a0\", "
                           "\"path\": \"/machine/peripheral/a0\"}");
    g_assert_false(qtest_get_irq(s, 0));
    assert_gone(s, "/machine/peripheral/a0");
    /* Ejecting with nothing pending does nothing. */
    guest_eject(s);
    qtest_qmp_assert_no_event(s, "DEVICE_DELETED");

    /* Anonymous: named by path in the refusal, path-only event. */
    qtest_qmp_assert_success(s, "{'execute': 'device_add', 'arguments': "
                             "{'driver': 'corvid-test-leaf', "
                             "'bus': 'br1.0'}}");
    qtest_qmp_assert_success(s, "{'execute': 'device_del', 'arguments': "
                             "{'id': '/machine/peripheral-anon/device[0]'}}");
    g_assert_true(qtest_get_irq(s, 0));
    qmp_assert_error(qtest_qmp(s, "{'execute': 'device_del', 'arguments': "
                               "{'id': '/machine/peripheral-anon/device[0]'}}"),
                     "GenericError", "Device "
                     "/machine/peripheral-anon/device[0] is already in the "
                     "process of unplug");
    qtest_qmp_assert_no_event(s, "DEVICE_DELETED");
    guest_eject(s);
    qtest_qmp_assert_event(s, "DEVICE_DELETED", "{\"path\": "
                           "\"/machine/peripheral-anon/device[0]\"}");
    g_assert_false(qtest_get_irq(s, 0));
    qtest_quit(s);
}

/* For g_ptr_array_sort(), which passes pointers to the elements. */
static gint compare_strings(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * A bridge taken down (realized off) takes its bus and every leaf on it,
 * one DEVICE_DELETED each, a pending eject included.  (In qemu a bridge
 * merely unrealized keeps its children; this bridge drops its bus.)
 */
static void test_bridge_down(void)
{
    QTestState *s;
    g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func(g_free);
    QDict *rsp;
    int i;

    if (!qtest_require_device("corvid-test-bridge")) {
        return;
    }
    s = qtest_init(BRIDGES);
    qtest_qmp_device_add(s, "corvid-test-leaf", "a0", "{'bus': 'br1.0'}");
    qtest_qmp_device_add(s, "corvid-test-leaf", "a1", "{'bus': 'br1.0'}");
    qtest_qmp_assert_success(s, "{'execute': 'device_add', 'arguments': "
                             "{'driver': 'corvid-test-leaf', "
                             "'bus': 'br1.0'}}");
    qtest_qmp_device_add(s, "corvid-test-leaf", "b0", "{'bus': 'br0.0'}");
    qtest_qmp_assert_success(s, "{'execute': 'device_del', 'arguments': "
                             "{'id': 'a1'}}");

    qtest_qmp_assert_success(s, "{'execute': 'qom-set', 'arguments': "
                             "{'path': %s, 'property': 'realized', "
                             "'value': false}}", BR1);
    for (i = 0; i < 3; i++) {
        QDict *event = qtest_qmp_eventwait_ref(s, "DEVICE_DELETED");
        QDict *data = qdict_get_qdict(event, "data");
        const char *id = qdict_get_try_str(data, "device");

        g_ptr_array_add(paths, g_strdup(qdict_get_try_str(data, "path")));
        if (id) {
            g_autofree char *path = g_strdup_printf("/machine/peripheral/%s",
                                                    id);
            g_assert_cmpstr(path, ==, qdict_get_try_str(data, "path"));
        }
        qobject_unref(event);
    }
    g_ptr_array_sort(paths, compare_strings);
    g_assert_cmpstr(g_ptr_array_index(paths, 0), ==,
                    "/machine/peripheral-anon/device[0]");
    g_assert_cmpstr(g_ptr_array_index(paths, 1), ==,
                    "/machine/peripheral/a0");
    g_assert_cmpstr(g_ptr_array_index(paths, 2), ==,
                    "/machine/peripheral/a1");
    qtest_qmp_assert_no_event(s, "DEVICE_DELETED");
    assert_gone(s, "/machine/peripheral/a0");
    assert_gone(s, BR1 "/br1.0");
    /* The other bridge's leaf stays; the bridge itself stays. */
    assert_qom(s, "/machine/peripheral/b0", "realized", "true");
    assert_qom(s, BR1, "realized", "false");
    rsp = qtest_qmp(s, "{'execute': 'device_add', 'arguments': "
                    "{'driver': 'corvid-test-leaf', 'bus': 'br1.0'}}");
    g_assert_cmpstr(qmp_error_desc(rsp), ==, "Bus 'br1.0' not found");
    qobject_unref(rsp);

    /* Up again, with a new empty bus. */
    qtest_qmp_assert_success(s, "{'execute': 'qom-set', 'arguments': "
                             "{'path': %s, 'property': 'realized', "
                             "'value': true}}", BR1);
    qtest_qmp_device_add(s, "corvid-test-leaf", "a0", "{'bus': 'br1.0'}");
    qtest_quit(s);
}

static void test_list_properties(void)
{
    QTestState *s;
    QList *list;
    size_t i;

    if (!qtest_require_device("corvid-test-bridge")) {
        return;
    }
    s = qtest_init("-M none");

    qtest_qmp_assert_return(s, "[{\"name\": \"slot\", \"type\": \"uint32\", "
                            "\"default-value\": 0}]",
                            "{'execute': 'device-list-properties', "
                            "'arguments': {'typename': 'corvid-test-leaf'}}");

    list = qtest_qmp_assert_list(s, "{'execute': 'device-list-properties', "
                                 "'arguments': {'typename': "
                                 "'corvid-test-bridge'}}");
    /* 15 qdev properties, 4 input lines (children), 2 output links. */
    g_assert_cmpint(qlist_size(list), ==, 21);
    for (i = 0; i < qlist_size(list); i++) {
        QDict *prop = qobject_to(QDict, qlist_get(list, i));
        const char *name = qdict_get_try_str(prop, "name");
        static const char *const expected[][2] = {
            { "flag", "{\"name\": \"flag\", \"type\": \"bool\", "
                      "\"description\": \"on/off\", "
                      "\"default-value\": false}" },
            { "u8", "{\"name\": \"u8\", \"type\": \"uint8\", "
                    "\"default-value\": 8}" },
            { "u16", "{\"name\": \"u16\", \"type\": \"uint16\", "
                     "\"default-value\": 16}" },
            { "i32", "{\"name\": \"i32\", \"type\": \"int32\", "
                     "\"default-value\": -32}" },
            { "size", "{\"name\": \"size\", \"type\": \"size\", "
                      "\"default-value\": 4096}" },
            { "str", "{\"name\": \"str\", \"type\": \"str\"}" },
            { "mode", "{\"name\": \"mode\", \"type\": \"OnOffAuto\", "
                      "\"description\": \"on/off/auto\", "
                      "\"default-value\": \"auto\"}" },
            { "bit3", "{\"name\": \"bit3\", \"type\": \"bool\", "
                      "\"description\": \"on/off\", "
                      "\"default-value\": true}" },
            { "peer", "{\"name\": \"peer\", "
                      "\"type\": \"link<corvid-test-object>\"}" },
            { "unnamed-gpio-in[0]", "{\"name\": \"unnamed-gpio-in[0]\", "
                                    "\"type\": \"child<irq>\"}" },
            { "unnamed-gpio-out[1]", "{\"name\": \"unnamed-gpio-out[1]\", "
                                     "\"type\": \"link<irq>\"}" },
        };
        static const char *const plumbing[] = {
            "type", "realized", "hotpluggable", "hotplugged", "parent_bus",
        };
        unsigned j;

        for (j = 0; j < G_N_ELEMENTS(plumbing); j++) {
            g_assert_cmpstr(name, !=, plumbing[j]);
        }
        for (j = 0; j < G_N_ELEMENTS(expected); j++) {
            if (!strcmp(name, expected[j][0])) {
                qobject_assert_json(QOBJECT(prop), expected[j][1]);
            }
        }
    }
    qobject_unref(list);

#define LIST_ERR(type, klass, desc) \
    qmp_assert_error(qtest_qmp(s, "{'execute': 'device-list-properties', " \
                               "'arguments': {'typename': %s}}", type), \
                     klass, desc)
    LIST_ERR("nope", "DeviceNotFound", "Device 'nope' not found");
    LIST_ERR("device", "GenericError",
             "Parameter 'typename' expects a non-abstract device type");
    LIST_ERR("sys-bus-device", "GenericError",
             "Parameter 'typename' expects a non-abstract device type");
    LIST_ERR("corvid-test-object", "GenericError",
             "Parameter 'typename' expects a non-abstract device type");
    LIST_ERR("corvid-test-bus", "GenericError",
             "Parameter 'typename' expects a non-abstract device type");
    LIST_ERR("hotplug-handler", "GenericError",
             "Parameter 'typename' expects a non-abstract device type");
#undef LIST_ERR
    qmp_assert_error(qtest_qmp(s, "{'execute': 'device-list-properties', "
                               "'arguments': {'typename': 5}}"),
                     "GenericError",
                     "Invalid parameter type for 'typename', expected: string");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'device-list-properties'}"),
                     "GenericError", "Parameter 'typename' is missing");
    qtest_quit(s);
}

/* Details where Corvid once answered differently from qemu 7.2. */
static void test_qemu_details(void)
{
    QTestState *s;

    if (!qtest_require_device("corvid-test-bridge")) {
        return;
    }
    s = qtest_init(BRIDGES);
    /* qemu: a bus that does not exist is a GenericError. */
    qmp_assert_error(qtest_qmp(s, "{'execute': 'device_add', 'arguments': "
                               "{'driver': 'corvid-test-leaf', "
                               "'bus': 'nope'}}"),
                     "GenericError", "Bus 'nope' not found");
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/device/qmp/add", test_add);
    g_test_add_func("/device/qmp/add-errors", test_add_errors);
    g_test_add_func("/device/qmp/del-sync", test_del_sync);
    g_test_add_func("/device/qmp/del-async", test_del_async);
    g_test_add_func("/device/qmp/bridge-down", test_bridge_down);
    g_test_add_func("/device/qmp/list-properties", test_list_properties);
    g_test_add_func("/device/qmp/qemu-details", test_qemu_details);
    return g_test_run();
}
