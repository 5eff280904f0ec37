/*
 * Interrupt lines over qtest: irq_intercept_in/out, set_irq_in and the
 * "IRQ raise/lower N" lines, with the test-only corvid-test-bridge (four
 * inputs, two outputs; input 1 is looped back to output 1, input 0 is the
 * "eject" button that completes an asynchronous unplug, which output 0
 * announces).
 */
#include "util/osdep.h"
#include "libqtest.h"

#define BRIDGE_ARGS "-M none -device corvid-test-bridge,id=br0," \
                    "async-unplug=on -device corvid-test-bridge,id=br1"

/* Send @request and expect exactly the lines in @expected. */
static void expect_lines(QTestState *s, const char *request,
                         const char *const *expected)
{
    int i;

    qtest_send_raw(s, request, strlen(request));
    qtest_send_raw(s, "\n", 1);
    for (i = 0; expected[i]; i++) {
        g_autofree char *line = qtest_recv_any_line(s);

        g_assert_cmpstr(line, ==, expected[i]);
    }
}

static void test_intercept_out(void)
{
    QTestState *s;

    if (!qtest_require_device("corvid-test-bridge")) {
        return;
    }
    s = qtest_init(BRIDGE_ARGS);
    qtest_irq_intercept_out(s, "/machine/peripheral/br0");
    g_assert_false(qtest_get_irq(s, 1));

    /* Input 1 is looped back to output 1. */
    qtest_set_irq_in(s, "br0", "unnamed-gpio-in", 1, 1);
    g_assert_true(qtest_get_irq(s, 1));
    g_assert_false(qtest_get_irq(s, 0));
    /* Any non-zero level raises. */
    qtest_set_irq_in(s, "br0", "unnamed-gpio-in", 1, 0);
    g_assert_false(qtest_get_irq(s, 1));
    qtest_set_irq_in(s, "br0", "unnamed-gpio-in", 1, -1);
    g_assert_true(qtest_get_irq(s, 1));
    qtest_set_irq_in(s, "br0", "unnamed-gpio-in", 1, 0);
    g_assert_false(qtest_get_irq(s, 1));

    /* Inputs without a loop do not move the outputs. */
    qtest_set_irq_in(s, "br0", "unnamed-gpio-in", 3, 1);
    g_assert_false(qtest_get_irq(s, 1));
    g_assert_false(qtest_get_irq(s, 3));
    qtest_quit(s);
}

/* The raw lines: the IRQ line comes before the reply, only on changes. */
static void test_irq_lines(void)
{
    static const char *const raise[] = { "IRQ raise 1", "OK", NULL };
    static const char *const same[] = { "OK", NULL };
    static const char *const lower[] = { "IRQ lower 1", "OK", NULL };
    QTestState *s;
    g_autofree char *reply = NULL;

    if (!qtest_require_device("corvid-test-bridge")) {
        return;
    }
    s = qtest_init(BRIDGE_ARGS);
    reply = qtest_request(s, "irq_intercept_out br0");
    g_assert_cmpstr(reply, ==, "OK");
    expect_lines(s, "set_irq_in br0 unnamed-gpio-in 1 1", raise);
    g_assert_true(qtest_get_irq(s, 1));
    /* No change, no line. */
    expect_lines(s, "set_irq_in br0 unnamed-gpio-in 1 1", same);
    g_assert_true(qtest_get_irq(s, 1));
    expect_lines(s, "set_irq_in br0 unnamed-gpio-in 1 0", lower);
    g_assert_false(qtest_get_irq(s, 1));
    qtest_quit(s);
}

static void test_intercept_in(void)
{
    QTestState *s;
    QDict *event;

    if (!qtest_require_device("corvid-test-bridge")) {
        return;
    }
    s = qtest_init(BRIDGE_ARGS);
    qtest_irq_intercept_in(s, "br0");
    qtest_set_irq_in(s, "br0", "unnamed-gpio-in", 2, 1);
    g_assert_true(qtest_get_irq(s, 2));
    qtest_set_irq_in(s, "br0", "unnamed-gpio-in", 2, 0);
    g_assert_false(qtest_get_irq(s, 2));

    /*
     * Intercepting an input only taps it: the device still sees the
     * level.  Input 0 completes a pending unplug.
     */
    qtest_qmp_device_add(s, "corvid-test-leaf", "leaf0", "{'bus': 'br0.0'}");
    qtest_qmp_assert_success(s, "{'execute': 'device_del', "
                             "'arguments': {'id': 'leaf0'}}");
    g_assert_null(qtest_qmp_event_ref(s, "DEVICE_DELETED"));
    qtest_set_irq_in(s, "br0", "unnamed-gpio-in", 0, 1);
    g_assert_true(qtest_get_irq(s, 0));
    event = qtest_qmp_eventwait_ref(s, "DEVICE_DELETED");
    g_assert_cmpstr(qdict_get_try_str(qdict_get_qdict(event, "data"),
                                      "device"), ==, "leaf0");
    qobject_unref(event);
    qtest_quit(s);
}

/* A line moved by a QMP command is reported between requests. */
static void test_irq_from_qmp(void)
{
    QTestState *s;

    if (!qtest_require_device("corvid-test-bridge")) {
        return;
    }
    s = qtest_init(BRIDGE_ARGS);
    qtest_irq_intercept_out(s, "br0");
    qtest_qmp_device_add(s, "corvid-test-leaf", "leaf0", "{'bus': 'br0.0'}");
    g_assert_false(qtest_get_irq(s, 0));
    /* The bridge raises output 0 to ask the "guest" to eject. */
    qtest_qmp_assert_success(s, "{'execute': 'device_del', "
                             "'arguments': {'id': 'leaf0'}}");
    g_assert_true(qtest_get_irq(s, 0));
    /* Pressing "eject" completes the unplug and lowers it again. */
    qtest_set_irq_in(s, "br0", "unnamed-gpio-in", 0, 1);
    qtest_qmp_eventwait(s, "DEVICE_DELETED");
    g_assert_false(qtest_get_irq(s, 0));
    qtest_quit(s);
}

static void test_intercept_errors(void)
{
    static const struct {
        const char *request;
        const char *reply;
    } cases[] = {
        { "irq_intercept_in nonexistent", "FAIL Unknown device" },
        { "irq_intercept_in /machine/peripheral/nope", "FAIL Unknown device" },
        /* Not a device. */
        { "irq_intercept_in /machine", "FAIL Unknown device" },
        { "irq_intercept_out /machine/peripheral", "FAIL Unknown device" },
        /* Ambiguous partial paths name nothing. */
        { "irq_intercept_in unnamed-gpio-in[0]", "FAIL Unknown device" },
        /* The first device is taken; asking again for it is fine. */
        { "irq_intercept_in br0", "OK" },
        { "irq_intercept_in br0", "OK" },
        { "irq_intercept_out /machine/peripheral/br0", "OK" },
        { "irq_intercept_out br0", "OK" },
        { "irq_intercept_in br1", "FAIL IRQ intercept already enabled" },
        { "irq_intercept_out br1", "FAIL IRQ intercept already enabled" },
        /* set_irq_in checks the list and the line. */
        { "set_irq_in br1 unnamed-gpio-in 3 1", "OK" },
        { "set_irq_in br1 unnamed-gpio-in 4 1",
          "FAIL GPIO input 'unnamed-gpio-in' has 4 lines" },
        { "set_irq_in br1 unnamed-gpio-out 0 1",
          "FAIL Unknown GPIO input 'unnamed-gpio-out'" },
        { "set_irq_in br1 foo 0 1", "FAIL Unknown GPIO input 'foo'" },
        { "set_irq_in nope unnamed-gpio-in 0 1", "FAIL Unknown device" },
        { "set_irq_in br1 unnamed-gpio-in 0x1 0x1", "OK" },
        { "set_irq_in br1 unnamed-gpio-in 1", "ERR wrong number of arguments" },
        { "set_irq_in br1 unnamed-gpio-in z 1", "ERR invalid NUM 'z'" },
        { "set_irq_in br1 unnamed-gpio-in 1 z", "ERR invalid LEVEL 'z'" },
    };
    QTestState *s;
    size_t i;

    if (!qtest_require_device("corvid-test-bridge")) {
        return;
    }
    s = qtest_init(BRIDGE_ARGS);
    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        qtest_assert_reply_prefix(s, cases[i].request, cases[i].reply);
    }
    qtest_quit(s);
}

/*
 * The intercepted device can go away; the server keeps what it needs,
 * and a new device in its place is a different one.
 */
static void test_unplug_intercepted(void)
{
    QTestState *s;
    g_autofree char *reply = NULL;

    if (!qtest_require_device("corvid-test-bridge")) {
        return;
    }
    s = qtest_init(BRIDGE_ARGS);
    qtest_qmp_device_add(s, "corvid-test-leaf", "leaf0", "{'bus': 'br1.0'}");
    qtest_irq_intercept_out(s, "leaf0");
    qtest_irq_intercept_in(s, "leaf0");
    qtest_qmp_device_del(s, "leaf0");
    reply = qtest_request(s, "irq_intercept_in leaf0");
    g_assert_cmpstr(reply, ==, "FAIL Unknown device");
    qtest_qmp_device_add(s, "corvid-test-leaf", "leaf0", "{'bus': 'br1.0'}");
    g_free(reply);
    reply = qtest_request(s, "irq_intercept_in leaf0");
    g_assert_cmpstr(reply, ==, "FAIL IRQ intercept already enabled");
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qtest/irq/intercept-out", test_intercept_out);
    g_test_add_func("/qtest/irq/lines", test_irq_lines);
    g_test_add_func("/qtest/irq/intercept-in", test_intercept_in);
    g_test_add_func("/qtest/irq/from-qmp", test_irq_from_qmp);
    g_test_add_func("/qtest/irq/errors", test_intercept_errors);
    g_test_add_func("/qtest/irq/unplug-intercepted",
                    test_unplug_intercepted);
    return g_test_run();
}
