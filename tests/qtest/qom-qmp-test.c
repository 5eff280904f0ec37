/*
 * The object-model QMP commands against the running binary: qom-list,
 * qom-get, qom-set, qom-list-types and qom-list-properties, with the
 * test-only corvid-test-bridge and corvid-test-object (object-add and
 * object-del are in object-qmp-test.c).  Every expected reply is the one
 * qemu-system-x86_64 7.2 gives for the same kind of request.
 */
#include "util/osdep.h"
#include "qobject/qjson.h"
#include "libqtest.h"

#define TREE_ARGS "-M none -device corvid-test-bridge,id=br0 " \
                  "-device corvid-test-bridge,id=br1 " \
                  "-object corvid-test-object,id=o0,size=4096,label=hi"

/* Assert that @list has a member exactly equal to @json. */
static void assert_has_entry(QList *list, const char *json)
{
    g_autoptr(QObject) want = qobject_from_json(json, &error_abort);
    const char *name = qdict_get_try_str(qobject_to(QDict, want), "name");
    QDict *got = qlist_find_named(list, name);

    if (!got) {
        g_autoptr(GString) all = qobject_to_json(QOBJECT(list));

        g_error("no entry named '%s' in %s", name, all->str);
    }
    qobject_assert_json(QOBJECT(got), json);
}

static void test_qom_list(void)
{
    QTestState *s;
    QList *list;

    if (!qtest_require_device("corvid-test-bridge")) {
        return;
    }
    s = qtest_init(TREE_ARGS);

    list = qtest_qmp_assert_list(s, "{'execute': 'qom-list', 'arguments': "
                                 "{'path': %s}}", "/machine");
    assert_has_entry(list, "{\"name\": \"type\", \"type\": \"string\"}");
    assert_has_entry(list, "{\"name\": \"peripheral\", "
                     "\"type\": \"child<container>\"}");
    assert_has_entry(list, "{\"name\": \"unattached\", "
                     "\"type\": \"child<container>\"}");
    assert_has_entry(list, "{\"name\": \"dump-guest-core\", "
                     "\"type\": \"bool\"}");
    qobject_unref(list);

    /* A device: its bus, GPIO lines, qdev and plumbing properties. */
    list = qtest_qmp_assert_list(s, "{'execute': 'qom-list', 'arguments': "
                                 "{'path': %s}}", "/machine/peripheral/br0");
    assert_has_entry(list, "{\"name\": \"br0.0\", "
                     "\"type\": \"child<corvid-test-bus>\"}");
    assert_has_entry(list, "{\"name\": \"unnamed-gpio-in[3]\", "
                     "\"type\": \"child<irq>\"}");
    assert_has_entry(list, "{\"name\": \"unnamed-gpio-out[1]\", "
                     "\"type\": \"link<irq>\"}");
    assert_has_entry(list, "{\"name\": \"u8\", \"type\": \"uint8\"}");
    assert_has_entry(list, "{\"name\": \"mode\", \"type\": \"OnOffAuto\"}");
    assert_has_entry(list, "{\"name\": \"peer\", "
                     "\"type\": \"link<corvid-test-object>\"}");
    assert_has_entry(list, "{\"name\": \"parent_bus\", "
                     "\"type\": \"link<bus>\"}");
    assert_has_entry(list, "{\"name\": \"realized\", \"type\": \"bool\"}");
    /* qom-list gives names and types only. */
    g_assert_cmpint(qdict_size(qlist_find_named(list, "u8")), ==, 2);
    qobject_unref(list);

    /* /objects holds -object's objects. */
    qtest_qmp_assert_return(s, "[{\"name\": \"o0\", "
                            "\"type\": \"child<corvid-test-object>\"}, "
                            "{\"name\": \"type\", \"type\": \"string\"}]",
                            "{'execute': 'qom-list', 'arguments': "
                            "{'path': '/objects'}}");

    /* Partial paths resolve when exactly one object matches. */
    list = qtest_qmp_assert_list(s, "{'execute': 'qom-list', 'arguments': "
                                 "{'path': %s}}", "br0.0");
    assert_has_entry(list, "{\"name\": \"hotplug-handler\", "
                     "\"type\": \"link<hotplug-handler>\"}");
    qobject_unref(list);
    list = qtest_qmp_assert_list(s, "{'execute': 'qom-list', 'arguments': "
                                 "{'path': %s}}", "peripheral/br1");
    g_assert_nonnull(qlist_find_named(list, "br1.0"));
    qobject_unref(list);

    /* Both bridges have the line: the partial path is ambiguous. */
    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-list', 'arguments': "
                               "{'path': 'unnamed-gpio-in[0]'}}"),
                     "GenericError", "Path 'unnamed-gpio-in[0]' is ambiguous");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-list', 'arguments': "
                               "{'path': '/nope'}}"),
                     "DeviceNotFound", "Device '/nope' not found");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-list', 'arguments': "
                               "{'path': 'nope'}}"),
                     "DeviceNotFound", "Device 'nope' not found");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-list', 'arguments': "
                               "{'path': '/machine/peripheral/br0/nope'}}"),
                     "DeviceNotFound",
                     "Device '/machine/peripheral/br0/nope' not found");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-list', 'arguments': "
                               "{'path': ''}}"),
                     "GenericError", "Path '' is ambiguous");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-list', 'arguments': {}}"),
                     "GenericError", "Parameter 'path' is missing");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-list', 'arguments': "
                               "{'path': 5}}"),
                     "GenericError",
                     "Invalid parameter type for 'path', expected: string");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-list', 'arguments': "
                               "{'path': '/', 'x': 1}}"),
                     "GenericError", "Parameter 'x' is unexpected");
    qtest_quit(s);
}

static void test_qom_get(void)
{
    QTestState *s;
    QObject *uuid;

    if (!qtest_require_device("corvid-test-bridge")) {
        return;
    }
    s = qtest_init(TREE_ARGS);

    qtest_qmp_assert_return(s, "\"none-machine\"", "{'execute': 'qom-get', "
                            "'arguments': {'path': '/machine', "
                            "'property': 'type'}}");
    qtest_qmp_assert_return(s, "\"container\"", "{'execute': 'qom-get', "
                            "'arguments': {'path': '/', 'property': 'type'}}");
    /* Empty components are skipped. */
    qtest_qmp_assert_return(s, "\"none-machine\"", "{'execute': 'qom-get', "
                            "'arguments': {'path': '//machine/', "
                            "'property': 'type'}}");

    /* qdev properties, each in its JSON type. */
#define GET(prop, json) \
    qtest_qmp_assert_return(s, json, "{'execute': 'qom-get', 'arguments': " \
                            "{'path': '/machine/peripheral/br0', " \
                            "'property': %s}}", prop)
    GET("flag", "false");
    GET("u8", "8");
    GET("u64", "64");
    GET("i32", "-32");
    GET("i64", "-64");
    GET("size", "4096");
    GET("str", "\"\"");
    GET("mode", "\"auto\"");
    GET("bit3", "true");
    GET("peer", "\"\"");
    GET("realized", "true");
    GET("hotplugged", "false");
    GET("parent_bus", "\"/machine/unattached/sysbus\"");
    GET("type", "\"corvid-test-bridge\"");
#undef GET
    uuid = qtest_qom_get(s, "/machine/peripheral/br0", "uuid");
    g_assert_cmpint(strlen(qstring_get_str(qobject_to(QString, uuid))), ==,
                    36);
    qobject_unref(uuid);
    qtest_qmp_assert_return(s, "\"/machine/peripheral/br0\"",
                            "{'execute': 'qom-get', 'arguments': "
                            "{'path': '/machine/peripheral/br0/br0.0', "
                            "'property': 'hotplug-handler'}}");
    qtest_qmp_assert_return(s, "4096", "{'execute': 'qom-get', 'arguments': "
                            "{'path': '/objects/o0', 'property': 'size'}}");
    qtest_qmp_assert_return(s, "\"hi\"", "{'execute': 'qom-get', 'arguments': "
                            "{'path': '/objects/o0', 'property': 'label'}}");

    /* Partial paths that resolve. */
    qtest_qmp_assert_return(s, "\"corvid-test-bridge\"",
                            "{'execute': 'qom-get', 'arguments': "
                            "{'path': 'br1', 'property': 'type'}}");
    qtest_qmp_assert_return(s, "\"corvid-test-bridge\"",
                            "{'execute': 'qom-get', 'arguments': "
                            "{'path': 'peripheral/br0', 'property': 'type'}}");
    qtest_qmp_assert_return(s, "\"System\"", "{'execute': 'qom-get', "
                            "'arguments': {'path': 'sysbus', "
                            "'property': 'type'}}");
    qtest_qmp_assert_return(s, "\"hi\"", "{'execute': 'qom-get', "
                            "'arguments': {'path': 'o0', "
                            "'property': 'label'}}");

    /*
     * Unlike qom-list, qom-get does not tell an ambiguous path from a
     * missing one.
     */
    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-get', 'arguments': "
                               "{'path': 'unnamed-gpio-in[0]', "
                               "'property': 'type'}}"),
                     "DeviceNotFound", "Device 'unnamed-gpio-in[0]' not found");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-get', 'arguments': "
                               "{'path': '/nope', 'property': 'type'}}"),
                     "DeviceNotFound", "Device '/nope' not found");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-get', 'arguments': "
                               "{'path': '', 'property': 'type'}}"),
                     "DeviceNotFound", "Device '' not found");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-get', 'arguments': "
                               "{'path': 'br0', 'property': 'nope'}}"),
                     "GenericError",
                     "Property 'corvid-test-bridge.nope' not found");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-get', 'arguments': "
                               "{'path': '/machine', 'property': 'nope'}}"),
                     "GenericError", "Property 'none-machine.nope' not found");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-get', 'arguments': "
                               "{'path': '/machine'}}"),
                     "GenericError", "Parameter 'property' is missing");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-get', 'arguments': "
                               "{'path': '/machine', 'property': true}}"),
                     "GenericError",
                     "Invalid parameter type for 'property', expected: string");
    qtest_quit(s);
}

static void test_qom_set(void)
{
    QTestState *s;

    if (!qtest_require_device("corvid-test-bridge")) {
        return;
    }
    s = qtest_init(TREE_ARGS);

    /* Typed values, by full and by partial path. */
    qtest_qmp_assert_success(s, "{'execute': 'qom-set', 'arguments': "
                             "{'path': '/objects/o0', 'property': 'size', "
                             "'value': 8192}}");
    qtest_qmp_assert_return(s, "8192", "{'execute': 'qom-get', 'arguments': "
                            "{'path': '/objects/o0', 'property': 'size'}}");
    qtest_qmp_assert_success(s, "{'execute': 'qom-set', 'arguments': "
                             "{'path': 'o0', 'property': 'label', "
                             "'value': 'bye'}}");
    qtest_qmp_assert_return(s, "\"bye\"", "{'execute': 'qom-get', 'arguments': "
                            "{'path': '/objects/o0', 'property': 'label'}}");
    qtest_qmp_assert_success(s, "{'execute': 'qom-set', 'arguments': "
                             "{'path': 'o0', 'property': 'in-use', "
                             "'value': true}}");
    qtest_qmp_assert_return(s, "true", "{'execute': 'qom-get', 'arguments': "
                            "{'path': 'o0', 'property': 'in-use'}}");
    qtest_qmp_assert_success(s, "{'execute': 'qom-set', 'arguments': "
                             "{'path': '/machine', "
                             "'property': 'dump-guest-core', "
                             "'value': false}}");
    qtest_qmp_assert_return(s, "false", "{'execute': 'qom-get', 'arguments': "
                            "{'path': '/machine', "
                            "'property': 'dump-guest-core'}}");

    /* Typed mode: no string parsing, each JSON type checked. */
#define SET_ERR(path, prop, value, desc) \
    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-set', 'arguments': " \
                               "{'path': %s, 'property': %s, 'value': " value \
                               "}}", path, prop), "GenericError", desc)
    SET_ERR("o0", "size", "'8192'",
            "Invalid parameter type for 'size', expected: integer");
    SET_ERR("o0", "size", "1.5",
            "Invalid parameter type for 'size', expected: integer");
    SET_ERR("o0", "size", "true",
            "Invalid parameter type for 'size', expected: integer");
    SET_ERR("o0", "label", "5",
            "Invalid parameter type for 'label', expected: string");
    SET_ERR("o0", "label", "null",
            "Invalid parameter type for 'label', expected: string");
    SET_ERR("o0", "label", "{}",
            "Invalid parameter type for 'label', expected: string");
    SET_ERR("o0", "label", "[]",
            "Invalid parameter type for 'label', expected: string");
    SET_ERR("o0", "in-use", "'on'",
            "Invalid parameter type for 'in-use', expected: boolean");
    SET_ERR("o0", "in-use", "1",
            "Invalid parameter type for 'in-use', expected: boolean");
    SET_ERR("/machine", "dump-guest-core", "'x'",
            "Invalid parameter type for 'dump-guest-core', expected: "
            "boolean");
    SET_ERR("/machine", "memory", "'x'",
            "Invalid parameter type for 'memory', expected: object");
    SET_ERR("/machine/peripheral/br0", "realized", "'3'",
            "Invalid parameter type for 'realized', expected: boolean");

    /* Read-only properties, and qdev properties once realized. */
    SET_ERR("o0", "type", "'x'",
            "Property 'corvid-test-object.type' is not writable");
    SET_ERR("/machine", "type", "'x'",
            "Property 'none-machine.type' is not writable");
    SET_ERR("/machine/peripheral/br0", "u8", "3",
            "Attempt to set property 'u8' on device 'br0' (type "
            "'corvid-test-bridge') after it was realized");
    SET_ERR("/machine/peripheral/br0", "u8", "'3'",
            "Attempt to set property 'u8' on device 'br0' (type "
            "'corvid-test-bridge') after it was realized");
    SET_ERR("o0", "nope", "1", "Property 'corvid-test-object.nope' not found");
#undef SET_ERR
    /* The refused sets changed nothing. */
    qtest_qmp_assert_return(s, "8192", "{'execute': 'qom-get', 'arguments': "
                            "{'path': '/objects/o0', 'property': 'size'}}");
    qtest_qmp_assert_return(s, "\"bye\"", "{'execute': 'qom-get', 'arguments': "
                            "{'path': '/objects/o0', 'property': 'label'}}");
    qtest_qmp_assert_return(s, "8", "{'execute': 'qom-get', 'arguments': "
                            "{'path': 'br0', 'property': 'u8'}}");

    /* Paths: unknown, ambiguous (not found too, as qom-get). */
    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-set', 'arguments': "
                               "{'path': '/objects/nope', 'property': 'size', "
                               "'value': 1}}"),
                     "DeviceNotFound", "Device '/objects/nope' not found");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-set', 'arguments': "
                               "{'path': 'unnamed-gpio-in[1]', "
                               "'property': 'type', 'value': 1}}"),
                     "DeviceNotFound", "Device 'unnamed-gpio-in[1]' not found");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-set', 'arguments': "
                               "{'path': 'o0', 'property': 'size'}}"),
                     "GenericError", "Parameter 'value' is missing");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-set', 'arguments': "
                               "{'path': 'o0', 'property': 'size', 'value': 1, "
                               "'x': 2}}"),
                     "GenericError", "Parameter 'x' is unexpected");
    qtest_quit(s);
}

static void test_qom_list_types(void)
{
    QTestState *s;
    QList *list;

    if (!qtest_require_device("corvid-test-bridge")) {
        return;
    }
    s = qtest_init("-M none");

    /* An unknown type implements nothing: no error. */
    qtest_qmp_assert_return(s, "[]",
                            "{'execute': 'qom-list-types', 'arguments': "
                            "{'implements': 'nope'}}");
    qtest_qmp_assert_return(s, "[{\"name\": \"container\", "
                            "\"parent\": \"object\"}]",
                            "{'execute': 'qom-list-types', 'arguments': "
                            "{'implements': 'container'}}");
    qtest_qmp_assert_return(s, "[{\"name\": \"container\", "
                            "\"parent\": \"object\"}]",
                            "{'execute': 'qom-list-types', 'arguments': "
                            "{'implements': 'container', 'abstract': true}}");

    /* Concrete types only, unless abstract ones are asked for. */
    list = qtest_qmp_assert_list(s, "{'execute': 'qom-list-types', "
                                 "'arguments': {'implements': %s}}",
                                 "sys-bus-device");
    assert_has_entry(list, "{\"name\": \"corvid-test-bridge\", "
                     "\"parent\": \"sys-bus-device\"}");
    g_assert_null(qlist_find_named(list, "sys-bus-device"));
    g_assert_null(qlist_find_named(list, "corvid-test-leaf"));
    qobject_unref(list);
    list = qtest_qmp_assert_list(s, "{'execute': 'qom-list-types', "
                                 "'arguments': {'implements': "
                                 "'sys-bus-device', 'abstract': true}}");
    assert_has_entry(list, "{\"name\": \"sys-bus-device\", "
                     "\"abstract\": true, \"parent\": \"device\"}");
    assert_has_entry(list, "{\"name\": \"corvid-test-bridge\", "
                     "\"parent\": \"sys-bus-device\"}");
    qobject_unref(list);

    /* Interfaces count. */
    list = qtest_qmp_assert_list(s, "{'execute': 'qom-list-types', "
                                 "'arguments': {'implements': %s}}",
                                 "user-creatable");
    assert_has_entry(list, "{\"name\": \"corvid-test-object\", "
                     "\"parent\": \"object\"}");
    g_assert_null(qlist_find_named(list, "user-creatable"));
    qobject_unref(list);
    list = qtest_qmp_assert_list(s, "{'execute': 'qom-list-types', "
                                 "'arguments': {'implements': %s}}",
                                 "hotplug-handler");
    assert_has_entry(list, "{\"name\": \"corvid-test-bridge\", "
                     "\"parent\": \"sys-bus-device\"}");
    qobject_unref(list);

    /* Everything. */
    list = qtest_qmp_assert_list(s, "{'execute': 'qom-list-types'}");
    assert_has_entry(list, "{\"name\": \"corvid-test-leaf\", "
                     "\"parent\": \"device\"}");
    assert_has_entry(list, "{\"name\": \"corvid-test-bus\", "
                     "\"parent\": \"bus\"}");
    g_assert_null(qlist_find_named(list, "device"));
    qobject_unref(list);
    list = qtest_qmp_assert_list(s, "{'execute': 'qom-list-types', "
                                 "'arguments': {'abstract': true}}");
    assert_has_entry(list, "{\"name\": \"device\", \"abstract\": true, "
                     "\"parent\": \"object\"}");
    qobject_unref(list);

    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-list-types', 'arguments': "
                               "{'implements': 5}}"),
                     "GenericError",
                     "Invalid parameter type for 'implements', expected: "
                     "string");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-list-types', 'arguments': "
                               "{'abstract': 'yes'}}"),
                     "GenericError",
                     "Invalid parameter type for 'abstract', expected: "
                     "boolean");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-list-types', 'arguments': "
                               "{'x': 1}}"),
                     "GenericError", "Parameter 'x' is unexpected");
    qtest_quit(s);
}

static void test_qom_list_properties(void)
{
    QTestState *s;
    QList *list;

    if (!qtest_require_device("corvid-test-bridge")) {
        return;
    }
    s = qtest_init("-M none");

    qtest_qmp_assert_return(s, "[{\"name\": \"type\", \"type\": \"string\"}]",
                            "{'execute': 'qom-list-properties', 'arguments': "
                            "{'typename': 'container'}}");
    /* Class and instance properties, with descriptions and defaults. */
    list = qtest_qmp_assert_list(s, "{'execute': 'qom-list-properties', "
                                 "'arguments': {'typename': %s}}",
                                 "corvid-test-object");
    g_assert_cmpint(qlist_size(list), ==, 5);
    assert_has_entry(list, "{\"name\": \"size\", \"type\": \"uint64\"}");
    assert_has_entry(list, "{\"name\": \"label\", \"type\": \"string\", "
                     "\"description\": \"A free-form label\"}");
    assert_has_entry(list, "{\"name\": \"fail-complete\", "
                     "\"type\": \"bool\"}");
    assert_has_entry(list, "{\"name\": \"in-use\", \"type\": \"bool\"}");
    assert_has_entry(list, "{\"name\": \"type\", \"type\": \"string\"}");
    qobject_unref(list);
    /* Unlike device-list-properties, the plumbing is listed. */
    list = qtest_qmp_assert_list(s, "{'execute': 'qom-list-properties', "
                                 "'arguments': {'typename': %s}}",
                                 "corvid-test-leaf");
    g_assert_cmpint(qlist_size(list), ==, 6);
    assert_has_entry(list, "{\"name\": \"slot\", \"type\": \"uint32\", "
                     "\"default-value\": 0}");
    assert_has_entry(list, "{\"name\": \"parent_bus\", "
                     "\"type\": \"link<bus>\"}");
    assert_has_entry(list, "{\"name\": \"hotpluggable\", "
                     "\"type\": \"bool\"}");
    qobject_unref(list);
    /* Abstract types are fine here. */
    list = qtest_qmp_assert_list(s, "{'execute': 'qom-list-properties', "
                                 "'arguments': {'typename': %s}}",
                                 "device");
    g_assert_cmpint(qlist_size(list), ==, 5);
    assert_has_entry(list, "{\"name\": \"realized\", \"type\": \"bool\"}");
    assert_has_entry(list, "{\"name\": \"hotplugged\", \"type\": \"bool\"}");
    qobject_unref(list);
    list = qtest_qmp_assert_list(s, "{'execute': 'qom-list-properties', "
                                 "'arguments': {'typename': %s}}",
                                 "corvid-test-bridge");
    assert_has_entry(list, "{\"name\": \"u8\", \"type\": \"uint8\", "
                     "\"default-value\": 8}");
    assert_has_entry(list, "{\"name\": \"i64\", \"type\": \"int64\", "
                     "\"default-value\": -64}");
    assert_has_entry(list, "{\"name\": \"mode\", \"type\": \"OnOffAuto\", "
                     "\"description\": \"on/off/auto\", "
                     "\"default-value\": \"auto\"}");
    assert_has_entry(list, "{\"name\": \"str\", \"type\": \"str\"}");
    qobject_unref(list);

    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-list-properties', "
                               "'arguments': {'typename': 'nope'}}"),
                     "DeviceNotFound", "Class 'nope' not found");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-list-properties', "
                               "'arguments': {'typename': 'user-creatable'}}"),
                     "GenericError", "Parameter 'typename' expects a QOM type");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-list-properties', "
                               "'arguments': {'typename': 'hotplug-handler'}}"),
                     "GenericError", "Parameter 'typename' expects a QOM type");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-list-properties', "
                               "'arguments': {}}"),
                     "GenericError", "Parameter 'typename' is missing");
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qom/qmp/qom-list", test_qom_list);
    g_test_add_func("/qom/qmp/qom-get", test_qom_get);
    g_test_add_func("/qom/qmp/qom-set", test_qom_set);
    g_test_add_func("/qom/qmp/qom-list-types", test_qom_list_types);
    g_test_add_func("/qom/qmp/qom-list-properties",
                    test_qom_list_properties);
    return g_test_run();
}
