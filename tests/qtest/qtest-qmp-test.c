/*
 * libqtest's QMP side: the handshake, replies, events that arrive while
 * a reply is awaited, errors, and the device helpers.
 */
#include "util/osdep.h"
#include "libqtest.h"

static void test_greeting(void)
{
    QTestState *s = qtest_init_without_qmp_handshake("-M none");
    QDict *greeting = qtest_qmp_receive_dict(s);
    QDict *qmp = qdict_get_qdict(greeting, "QMP");
    QDict *rsp;

    g_assert_nonnull(qmp);
    g_assert_nonnull(qdict_get_qdict(qmp, "version"));
    g_assert_nonnull(qdict_get_qlist(qmp, "capabilities"));
    qobject_unref(greeting);
    g_assert_null(qtest_qmp_greeting(s));

    /* Commands wait for the negotiation. */
    rsp = qtest_qmp(s, "{'execute': 'query-status'}");
    qmp_expect_error(rsp, "CommandNotFound");
    qtest_qmp_assert_success(s, "{'execute': 'qmp_capabilities'}");
    qobject_unref(qtest_qmp_assert_success_ref(s, "{'execute': "
                                               "'query-status'}"));
    qtest_quit(s);
}

static void test_replies(void)
{
    QTestState *s = qtest_init("-M none");
    QDict *rsp, *ret;

    g_assert_nonnull(qdict_get_qdict(qtest_qmp_greeting(s), "QMP"));

    rsp = qtest_qmp(s, "{'execute': 'query-status'}");
    ret = qdict_get_qdict(rsp, "return");
    g_assert_nonnull(ret);
    g_assert_nonnull(qdict_get_try_str(ret, "status"));
    g_assert_null(qmp_error_desc(rsp));
    qobject_unref(rsp);

    /* printf-style JSON; the id comes back. */
    rsp = qtest_qmp(s, "{'execute': 'query-name', 'id': %d}", 42);
    g_assert_cmpint(qdict_get_try_int(rsp, "id", -1), ==, 42);
    qobject_unref(rsp);
    rsp = qtest_qmp(s, "{'execute': %s}", "query-version");
    g_assert_nonnull(qdict_get_qdict(rsp, "return"));
    qobject_unref(rsp);

    /* Errors are returned, not asserted. */
    rsp = qtest_qmp(s, "{'execute': 'no-such-command'}");
    g_assert_nonnull(qmp_error_desc(rsp));
    qmp_expect_error(rsp, "CommandNotFound");
    qmp_expect_error(qtest_qmp(s, "{'execute': 'qom-get', 'arguments': "
                               "{'path': '/nope', 'property': 'x'}}"),
                     NULL);

    /* Malformed JSON gets an error reply too. */
    qtest_qmp_send_raw(s, "{'execute': }\n");
    qmp_expect_error(qtest_qmp_receive(s), "GenericError");

    /* Replies come in order. */
    qtest_qmp_send(s, "{'execute': 'query-name', 'id': 1}");
    qtest_qmp_send(s, "{'execute': 'query-name', 'id': 2}");
    rsp = qtest_qmp_receive(s);
    g_assert_cmpint(qdict_get_try_int(rsp, "id", -1), ==, 1);
    qobject_unref(rsp);
    rsp = qtest_qmp_receive(s);
    g_assert_cmpint(qdict_get_try_int(rsp, "id", -1), ==, 2);
    qobject_unref(rsp);
    qtest_quit(s);
}

static void test_events(void)
{
    QTestState *s = qtest_init("-M none");
    QDict *event, *msg, *status;

    /* Running, for a STOP to happen (not so with -S). */
    status = qtest_qmp(s, "{'execute': 'query-status'}");
    if (!qdict_get_try_bool(qdict_get_qdict(status, "return"), "running",
                            false)) {
        qtest_qmp_assert_success(s, "{'execute': 'cont'}");
        qtest_qmp_eventwait(s, "RESUME");
    }
    qobject_unref(status);
    g_assert_null(qtest_qmp_event_ref(s, "STOP"));
    /* STOP arrives with (before) the reply and is kept for later. */
    qtest_qmp_assert_success(s, "{'execute': 'stop'}");
    qtest_qmp_assert_success(s, "{'execute': 'cont'}");
    event = qtest_qmp_eventwait_ref(s, "RESUME");
    g_assert_cmpstr(qdict_get_try_str(event, "event"), ==, "RESUME");
    g_assert_nonnull(qdict_get_qdict(event, "timestamp"));
    qobject_unref(event);
    /* Taken out of order, the earlier one is still there. */
    event = qtest_qmp_event_ref(s, "STOP");
    g_assert_nonnull(event);
    qobject_unref(event);
    g_assert_null(qtest_qmp_event_ref(s, "STOP"));
    g_assert_null(qtest_qmp_event_ref(s, "RESUME"));

    /* receive_dict sees events and replies in arrival order. */
    qtest_qmp_send(s, "{'execute': 'stop'}");
    msg = qtest_qmp_receive_dict(s);
    g_assert_cmpstr(qdict_get_try_str(msg, "event"), ==, "STOP");
    qobject_unref(msg);
    msg = qtest_qmp_receive_dict(s);
    g_assert_nonnull(qdict_get_qdict(msg, "return"));
    qobject_unref(msg);

    qtest_qmp_send(s, "{'execute': 'system_reset'}");
    qtest_qmp_eventwait(s, "RESET");
    qobject_unref(qtest_qmp_receive(s));
    qtest_quit(s);
}

static void test_devices(void)
{
    QTestState *s;
    QObject *val;
    int64_t slot;

    if (!qtest_require_device("corvid-test-bridge")) {
        return;
    }
    s = qtest_init("-M none -device corvid-test-bridge,id=br0");
    qtest_qmp_device_add(s, "corvid-test-leaf", "leaf0",
                         "{'bus': 'br0.0', 'slot': %d}", 3);
    val = qtest_qom_get(s, "/machine/peripheral/leaf0", "slot");
    g_assert_true(qnum_get_try_int(qobject_to(QNum, val), &slot));
    g_assert_cmpint(slot, ==, 3);
    qobject_unref(val);
    qtest_qmp_device_del(s, "leaf0");
    qmp_expect_error(qtest_qmp(s, "{'execute': 'qom-get', 'arguments': "
                               "{'path': '/machine/peripheral/leaf0', "
                               "'property': 'slot'}}"), NULL);
    qtest_quit(s);
}

static void test_probes(void)
{
    const char *arch = qtest_get_arch();

    g_assert_cmpstr(arch, ==, "x86_64");
    g_assert_true(qtest_has_machine("none"));
    g_assert_false(qtest_has_machine("no-such-machine"));
    g_assert_false(qtest_has_device("no-such-device"));
}

/* Start-up failures show up as an exit status and a message. */
static void test_run(void)
{
    g_autofree char *out = NULL, *err = NULL;
    int status;

    status = qtest_run("-M no-such-machine -display none", &out, &err);
    g_assert_cmpint(status, ==, 1);
    g_assert_nonnull(strstr(err, "no-such-machine") ? err :
                     strstr(err, "unsupported machine type"));
    g_free(out);
    g_free(err);
    status = qtest_runf(&out, &err, "-version");
    g_assert_cmpint(status, ==, 0);
    g_assert_cmpstr(err, ==, "");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qtest/qmp/greeting", test_greeting);
    g_test_add_func("/qtest/qmp/replies", test_replies);
    g_test_add_func("/qtest/qmp/events", test_events);
    g_test_add_func("/qtest/qmp/devices", test_devices);
    g_test_add_func("/qtest/qmp/probes", test_probes);
    g_test_add_func("/qtest/qmp/run", test_run);
    return g_test_run();
}
