/*
 * object-add and object-del against the running binary, with the
 * test-only corvid-test-object: typed arguments (not -object's keyval
 * strings), missing, malformed and duplicate ids, unknown types and
 * members, a complete() that fails, and can_be_deleted() refusing.
 * Every expected reply is the one qemu-system-x86_64 7.2 gives for the
 * same kind of request (with its memory-backend-ram and secret objects).
 */
#include "util/osdep.h"
#include "libqtest.h"

static void test_object_add(void)
{
    QTestState *s;

    if (!qtest_require_device("corvid-test-bridge")) {
        return;
    }
    s = qtest_init("-M none");

    qtest_qmp_assert_success(s, "{'execute': 'object-add', 'arguments': "
                             "{'qom-type': 'corvid-test-object', "
                             "'id': 'o1', 'size': 1048576, 'label': 'x', "
                             "'in-use': false}}");
    qtest_qmp_assert_return(s, "1048576", "{'execute': 'qom-get', 'arguments': "
                            "{'path': '/objects/o1', 'property': 'size'}}");
    qtest_qmp_assert_return(s, "\"x\"", "{'execute': 'qom-get', 'arguments': "
                            "{'path': '/objects/o1', 'property': 'label'}}");
    qtest_qmp_assert_success(s, "{'execute': 'object-add', 'arguments': "
                             "{'qom-type': 'corvid-test-object', "
                             "'id': 'o2'}}");

#define ADD_ERR(args, desc) \
    qmp_assert_error(qtest_qmp(s, "{'execute': 'object-add', 'arguments': " \
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
    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-get', 'arguments': "
                               "{'path': '/objects/o3', 'property': 'type'}}"),
                     "DeviceNotFound", "Device '/objects/o3' not found");
    qtest_qmp_assert_return(s, "[{\"name\": \"o1\", "
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
    qtest_qmp_assert_return(s, "0", "{'execute': 'qom-get', 'arguments': "
                            "{'path': '/objects/o3', 'property': 'size'}}");
    qtest_quit(s);
}

static void test_object_del(void)
{
    QTestState *s;

    if (!qtest_require_device("corvid-test-bridge")) {
        return;
    }
    s = qtest_init("-M none -object corvid-test-object,id=o0 "
                   "-object corvid-test-object,id=busy,in-use=on");

    qtest_qmp_assert_success(s, "{'execute': 'object-del', 'arguments': "
                             "{'id': 'o0'}}");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-get', 'arguments': "
                               "{'path': '/objects/o0', 'property': 'type'}}"),
                     "DeviceNotFound", "Device '/objects/o0' not found");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'object-del', 'arguments': "
                               "{'id': 'o0'}}"),
                     "GenericError", "object 'o0' not found");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'object-del', 'arguments': "
                               "{'id': 'nope'}}"),
                     "GenericError", "object 'nope' not found");

    /* can_be_deleted() says no while the object is in use. */
    qmp_assert_error(qtest_qmp(s, "{'execute': 'object-del', 'arguments': "
                               "{'id': 'busy'}}"),
                     "GenericError",
                     "object 'busy' is in use, can not be deleted");
    qtest_qmp_assert_return(s, "true", "{'execute': 'qom-get', 'arguments': "
                            "{'path': '/objects/busy', 'property': 'in-use'}}");
    qtest_qmp_assert_success(s, "{'execute': 'qom-set', 'arguments': "
                             "{'path': '/objects/busy', "
                             "'property': 'in-use', 'value': false}}");
    qtest_qmp_assert_success(s, "{'execute': 'object-del', 'arguments': "
                             "{'id': 'busy'}}");
    qtest_qmp_assert_return(s, "[{\"name\": \"type\", \"type\": \"string\"}]",
                            "{'execute': 'qom-list', 'arguments': "
                            "{'path': '/objects'}}");

    /* Added again after deletion, deleted again. */
    qtest_qmp_assert_success(s, "{'execute': 'object-add', 'arguments': "
                             "{'qom-type': 'corvid-test-object', "
                             "'id': 'o0'}}");
    qtest_qmp_assert_success(s, "{'execute': 'object-del', 'arguments': "
                             "{'id': 'o0'}}");

    qmp_assert_error(qtest_qmp(s, "{'execute': 'object-del', 'arguments': {}}"),
                     "GenericError", "Parameter 'id' is missing");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'object-del', 'arguments': "
                               "{'id': 5}}"),
                     "GenericError",
                     "Invalid parameter type for 'id', expected: string");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'object-del', 'arguments': "
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
