/*
 * QMP through the real binary where timing and phases matter:
 * out-of-band commands overtaking a busy in-band one, --preconfig and
 * x-exit-preconfig, and the error classes that only some commands raise.
 */
#include "util/osdep.h"
#include "libqtest.h"

/* Negotiate with the "oob" capability on a fresh session. */
static QTestState *init_oob(const char *args)
{
    QTestState *s = qtest_init_without_qmp_handshake(args);
    QDict *greeting = qtest_qmp_receive_dict(s);

    qobject_unref(greeting);
    qtest_qmp_assert_success(s, "{'execute': 'qmp_capabilities', "
                             "'arguments': {'enable': ['oob']}}");
    return s;
}

static void assert_reply_id(QDict *rsp, const char *id)
{
    g_assert_cmpstr(qdict_get_try_str(rsp, "id"), ==, id);
}

static void test_oob_overtakes(void)
{
    QTestState *s;
    QDict *rsp;

    /* x-corvid-test-sleep comes with the test devices. */
    if (!qtest_require_device("corvid-test-bridge")) {
        return;
    }
    s = init_oob("-M none");
    /* The main loop is busy for a while; the I/O thread is not. */
    qtest_qmp_send(s, "{'execute': 'x-corvid-test-sleep', "
                   "'arguments': {'ms': 800}, 'id': 'slow'}");
    qtest_qmp_send(s, "{'exec-oob': 'migrate-pause', 'id': 'fast'}");

    rsp = qtest_qmp_receive_dict(s);
    assert_reply_id(rsp, "fast");
    g_assert_cmpstr(qmp_error_desc(rsp), ==, "migrate-pause is currently "
                    "only supported during postcopy-active state");
    qobject_unref(rsp);
    rsp = qtest_qmp_receive_dict(s);
    assert_reply_id(rsp, "slow");
    g_assert_nonnull(qdict_get_qdict(rsp, "return"));
    qobject_unref(rsp);
    qtest_quit(s);
}

static void test_oob_errors(void)
{
    QTestState *s = init_oob("-M none");
    QDict *rsp;

    /* Only commands that allow it run out of band. */
    rsp = qtest_qmp(s, "{'exec-oob': 'query-status', 'id': 1}");
    g_assert_cmpint(qdict_get_try_int(rsp, "id", -1), ==, 1);
    qmp_assert_error(rsp, "GenericError",
                     "The command query-status does not support OOB");
    rsp = qtest_qmp(s, "{'exec-oob': 'migrate-pause', "
                    "'execute': 'migrate-pause'}");
    qmp_expect_error(rsp, "GenericError");
    qtest_quit(s);

    /* Without the capability, exec-oob is not part of the protocol. */
    s = qtest_init("-M none");
    rsp = qtest_qmp(s, "{'exec-oob': 'migrate-pause'}");
    qmp_assert_error(rsp, "GenericError",
                     "QMP input member 'exec-oob' is unexpected");
    /* The session goes on. */
    qtest_qmp_assert_success(s, "{'execute': 'query-status'}");
    qtest_quit(s);
}

static const char *status_of(QTestState *s)
{
    static char status[32];
    QDict *rsp = qtest_qmp(s, "{'execute': 'query-status'}");

    g_strlcpy(status, qdict_get_try_str(qdict_get_qdict(rsp, "return"),
                                        "status"), sizeof(status));
    qobject_unref(rsp);
    return status;
}

static void test_preconfig(void)
{
    QTestState *s;
    QDict *rsp;
    QObject *v;

    if (!qtest_require_device("corvid-test-bridge")) {
        return;
    }
    s = qtest_init("--preconfig -M none "
                   "-device corvid-test-bridge,id=br0");
    g_assert_cmpstr(status_of(s), ==, "prelaunch");

    /* The board and -device devices do not exist yet. */
    rsp = qtest_qmp(s, "{'execute': 'qom-get', 'arguments': "
                    "{'path': '/machine/peripheral/br0', 'property': "
                    "'type'}}");
    qmp_expect_error(rsp, "DeviceNotFound");
    /* Commands that need them are refused, with qemu's words. */
    rsp = qtest_qmp(s, "{'execute': 'device_add', 'arguments': "
                    "{'driver': 'corvid-test-bridge'}}");
    qmp_assert_error(rsp, "GenericError", "The command 'device_add' is "
                     "permitted only after machine initialization has "
                     "completed");
    /* Those that configure the machine work. */
    v = qtest_qom_get(s, "/machine", "type");
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, v)), ==,
                    "none-machine");
    qobject_unref(v);
    qtest_qmp_assert_success(s, "{'execute': 'object-add', 'arguments': "
                             "{'qom-type': 'corvid-test-object', "
                             "'id': 'o1'}}");

    qtest_qmp_assert_success(s, "{'execute': 'x-exit-preconfig'}");
    g_assert_cmpstr(status_of(s), ==, "running");
    v = qtest_qom_get(s, "/machine/peripheral/br0", "realized");
    g_assert_true(qbool_get_bool(qobject_to(QBool, v)));
    qobject_unref(v);
    rsp = qtest_qmp(s, "{'execute': 'x-exit-preconfig'}");
    qmp_assert_error(rsp, "GenericError", "The command is permitted "
                     "only before machine initialization");
    qtest_quit(s);
}

static void test_preconfig_quit(void)
{
    QTestState *s = qtest_init("--preconfig -M none");

    /* Leaving before the board exists is an orderly exit too. */
    qtest_qmp_assert_success(s, "{'execute': 'quit'}");
    qtest_qmp_eventwait(s, "SHUTDOWN");
    qtest_quit(s);
}

static void test_device_not_active(void)
{
    QTestState *s = qtest_init("-M none");
    QDict *rsp;

    rsp = qtest_qmp(s, "{'execute': 'query-balloon'}");
    qmp_assert_error(rsp, "DeviceNotActive",
                     "No balloon device has been activated");
    rsp = qtest_qmp(s, "{'execute': 'balloon', 'arguments': "
                    "{'value': 1048576}}");
    qmp_expect_error(rsp, "DeviceNotActive");
    /* Arguments are checked first. */
    rsp = qtest_qmp(s, "{'execute': 'balloon'}");
    qmp_assert_error(rsp, "GenericError", "Parameter 'value' is missing");
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qmp/oob/overtakes", test_oob_overtakes);
    g_test_add_func("/qmp/oob/errors", test_oob_errors);
    g_test_add_func("/qmp/preconfig/exit", test_preconfig);
    g_test_add_func("/qmp/preconfig/quit", test_preconfig_quit);
    g_test_add_func("/qmp/error-class/device-not-active",
                    test_device_not_active);
    return g_test_run();
}
