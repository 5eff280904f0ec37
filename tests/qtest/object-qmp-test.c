/*
 * object-add and object-del against the running binary, with the
 * test-only corvid-test-object: typed arguments (not -object's keyval
 * strings), missing, malformed and duplicate ids, unknown types and
 * members, a complete() that fails, and can_be_deleted() refusing.
 * Every expected reply is the one qemu-system-x86_64 7.2 gives for the
 * same kind of request (with its memory-backend-ram and secret objects).
 */
#include "util/osdep.h"
#include "qobject/qjson.h"
#include "libqtest.h"

static bool have_testdev(void)
{
    if (!qtest_has_device("corvid-test-bridge")) {
        g_test_skip("needs the test-only types (the test binary)");
        return false;
    }
    return true;
}

/* Assert that @rsp is an error of class @klass saying @desc; unref it. */
static void assert_error(QDict *rsp, const char *klass, const char *desc)
{
    QDict *error = qdict_get_qdict(rsp, "error");

    if (!error) {
        g_autoptr(GString) json = qobject_to_json(QOBJECT(rsp));

        g_error("expected error \"%s\", got %s", desc, json->str);
    }
    g_assert_cmpstr(qdict_get_try_str(error, "desc"), ==, desc);
    g_assert_cmpstr(qdict_get_try_str(error, "class"), ==, klass);
    qobject_unref(rsp);
}

/* Assert that @actual equals the JSON text @expected. */
static void assert_json(const QObject *actual, const char *expected)
{
    g_autoptr(QObject) want = qobject_from_json(expected, &error_abort);

    if (!qobject_is_equal(actual, want)) {
        g_autoptr(GString) got = qobject_to_json(actual);

        g_error("expected %s, got %s", expected, got->str);
    }
}

/* Run a command that must succeed and compare its return value. */
static void G_GNUC_PRINTF(3, 4)
assert_return(QTestState *s, const char *expected, const char *fmt, ...)
{
    va_list ap;
    QDict *rsp;
    QObject *ret;

    va_start(ap, fmt);
    rsp = qtest_vqmp(s, fmt, ap);
    va_end(ap);
    ret = qdict_get(rsp, "return");
    if (!ret) {
        g_autoptr(GString) json = qobject_to_json(QOBJECT(rsp));

        g_error("expected a return, got %s", json->str);
    }
    assert_json(ret, expected);
    qobject_unref(rsp);
}

static void test_object_add(void)
{
    QTestState *s;

    if (!have_testdev()) {
        return;
    }
    s = qtest_init("-M none");

    qtest_qmp_assert_success(s, "{'execute': 'object-add', 'arguments': "
                             "{'qom-type': 'corvid-test-object', "
                             "'id': 'o1', 'size': 1048576, 'label': 'x', "
                             "'in-use': false}}");
    assert_return(s, "1048576", "{'execute': 'qom-get', 'arguments': "
                  "{'path': '/objects/o1', 'property': 'size'}}");
    assert_return(s, "\"x\"", "{'execute': 'qom-get', 'arguments': "
                  "{'path': '/objects/o1', 'property': 'label'}}");
    qtest_qmp_assert_success(s, "{'execute': 'object-add', 'arguments': "
                             "{'qom-type': 'corvid-test-object', "
                             "'id': 'o2'}}");

#define ADD_ERR(args, desc) \
    assert_error(qtest_qmp(s, "{'execute': 'object-add', 'arguments': " \
                           args "}"), "GenericError", desc)
    /* Typed like QMP, not keyval like -object: no strings for numbers. */
    ADD_ERR("{'qom-type': 'corvid-test-object', 'id': 'o3', "
            "'size': '1048576'}",
            "Invalid parameter type for 'size', expected: integer");
    ADD_ERR("{'qom-type': 'corvid-test-object', 'id': 'o3', 'size': '1M'}",
            "Invalid parameter type for 'size', expected: integer");
    ADD_ERR("{'qom-type': 'corvid-test-object', 'id': 'o3', 'size': 1.5}",
            "Invalid parameter type for 'size', expected: integer");
    ADD_ERR("{'qom-type': 'corvid-test-object', 'id': 'o3', "
            "'in-use': 'on'}",
            "Invalid parameter type for 'in-use', expected: boolean");
    ADD_ERR("{'qom-type': 'corvid-test-object', 'id': 'o3', 'label': 5}",
            "Invalid parameter type for 'label', expected: string");
    /* Missing, malformed, duplicate ids; types. */
    ADD_ERR("{'qom-type': 'corvid-test-object'}",
            "Parameter 'id' is missing");
    ADD_ERR("{'id': 'o3'}", "Parameter 'qom-type' is missing");
    ADD_ERR("{'qom-type': 'corvid-test-object', 'id': 5}",
            "Invalid parameter type for 'id', expected: string");
    ADD_ERR("{'qom-type': 5, 'id': 'o3'}",
            "Invalid parameter type for 'qom-type', expected: string");
    ADD_ERR("{'qom-type': 'corvid-test-object', 'id': '1bad'}",
            "Parameter 'id' expects an identifier");
    ADD_ERR("{'qom-type': 'corvid-test-object', 'id': 'o1'}",
            "attempt to add duplicate property 'o1' to object (type "
            "'container')");
    ADD_ERR("{'qom-type': 'nope', 'id': 'o3'}",
            "Parameter 'qom-type' does not accept value 'nope'");
    ADD_ERR("{'qom-type': 'container', 'id': 'o3'}",
            "Parameter 'qom-type' does not accept value 'container'");
    ADD_ERR("{'qom-type': 'user-creatable', 'id': 'o3'}",
            "Parameter 'qom-type' does not accept value 'user-creatable'");
    ADD_ERR("{'qom-type': 'corvid-test-bridge', 'id': 'o3'}",
            "Parameter 'qom-type' does not accept value "
            "'corvid-test-bridge'");
    /* Unknown members, and "type" (a property, but not an option). */
    ADD_ERR("{'qom-type': 'corvid-test-object', 'id': 'o3', 'x': 1}",
            "Parameter 'x' is unexpected");
    ADD_ERR("{'qom-type': 'corvid-test-object', 'id': 'o3', 'type': 'x'}",
            "Parameter 'type' is unexpected");
    /* complete() failing leaves nothing behind. */
    ADD_ERR("{'qom-type': 'corvid-test-object', 'id': 'o3', "
            "'fail-complete': true}",
            "corvid-test-object: complete failed as asked");
#undef ADD_ERR
    assert_error(qtest_qmp(s, "{'execute': 'qom-get', 'arguments': "
                           "{'path': '/objects/o3', 'property': 'type'}}"),
                 "DeviceNotFound", "Device '/objects/o3' not found");
    assert_return(s, "[{\"name\": \"o1\", "
                  "\"type\": \"child<corvid-test-object>\"}, "
                  "{\"name\": \"o2\", "
                  "\"type\": \"child<corvid-test-object>\"}, "
                  "{\"name\": \"type\", \"type\": \"string\"}]",
                  "{'execute': 'qom-list', 'arguments': "
                  "{'path': '/objects'}}");
    /* So the id is free again. */
    qtest_qmp_assert_success(s, "{'execute': 'object-add', 'arguments': "
                             "{'qom-type': 'corvid-test-object', "
                             "'id': 'o3'}}");
    assert_return(s, "0", "{'execute': 'qom-get', 'arguments': "
                  "{'path': '/objects/o3', 'property': 'size'}}");
    qtest_quit(s);
}

static void test_object_del(void)
{
    QTestState *s;

    if (!have_testdev()) {
        return;
    }
    s = qtest_init("-M none -object corvid-test-object,id=o0 "
                   "-object corvid-test-object,id=busy,in-use=on");

    qtest_qmp_assert_success(s, "{'execute': 'object-del', 'arguments': "
                             "{'id': 'o0'}}");
    assert_error(qtest_qmp(s, "{'execute': 'qom-get', 'arguments': "
                           "{'path': '/objects/o0', 'property': 'type'}}"),
                 "DeviceNotFound", "Device '/objects/o0' not found");
    assert_error(qtest_qmp(s, "{'execute': 'object-del', 'arguments': "
                           "{'id': 'o0'}}"),
                 "GenericError", "object 'o0' not found");
    assert_error(qtest_qmp(s, "{'execute': 'object-del', 'arguments': "
                           "{'id': 'nope'}}"),
                 "GenericError", "object 'nope' not found");

    /* can_be_deleted() says no while the object is in use. */
    assert_error(qtest_qmp(s, "{'execute': 'object-del', 'arguments': "
                           "{'id': 'busy'}}"),
                 "GenericError",
                 "object 'busy' is in use, can not be deleted");
    assert_return(s, "true", "{'execute': 'qom-get', 'arguments': "
                  "{'path': '/objects/busy', 'property': 'in-use'}}");
    qtest_qmp_assert_success(s, "{'execute': 'qom-set', 'arguments': "
                             "{'path': '/objects/busy', "
                             "'property': 'in-use', 'value': false}}");
    qtest_qmp_assert_success(s, "{'execute': 'object-del', 'arguments': "
                             "{'id': 'busy'}}");
    assert_return(s, "[{\"name\": \"type\", \"type\": \"string\"}]",
                  "{'execute': 'qom-list', 'arguments': "
                  "{'path': '/objects'}}");

    /* Added again after deletion, deleted again. */
    qtest_qmp_assert_success(s, "{'execute': 'object-add', 'arguments': "
                             "{'qom-type': 'corvid-test-object', "
                             "'id': 'o0'}}");
    qtest_qmp_assert_success(s, "{'execute': 'object-del', 'arguments': "
                             "{'id': 'o0'}}");

    assert_error(qtest_qmp(s, "{'execute': 'object-del', 'arguments': {}}"),
                 "GenericError", "Parameter 'id' is missing");
    assert_error(qtest_qmp(s, "{'execute': 'object-del', 'arguments': "
                           "{'id': 5}}"),
                 "GenericError",
                 "Invalid parameter type for 'id', expected: string");
    assert_error(qtest_qmp(s, "{'execute': 'object-del', 'arguments': "
                           "{'id': 'o0', 'x': 1}}"),
                 "GenericError", "Parameter 'x' is unexpected");
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qom/qmp/object-add", test_object_add);
    g_test_add_func("/qom/qmp/object-del", test_object_del);
    return g_test_run();
}
