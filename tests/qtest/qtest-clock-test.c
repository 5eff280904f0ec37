/*
 * The virtual clock under qtest: clock_step (to the next timer, or by
 * NS), clock_set (forward only), and their bad forms.  The clock starts
 * at 0 and only these requests move it.
 */
#include "util/osdep.h"
#include "libqtest.h"

/* The clock commands exist only under the qtest accelerator. */
static QTestState *start(void)
{
    QTestState *s = qtest_init("-M none");
    g_autofree char *reply = qtest_request(s, "clock_step 0");

    if (g_str_has_prefix(reply, "FAIL Unknown command")) {
        qtest_quit(s);
        g_test_skip("the emulator runs without the qtest accelerator");
        return NULL;
    }
    g_assert_cmpstr(reply, ==, "OK 0");
    return s;
}

static void test_step_and_set(void)
{
    QTestState *s = start();

    if (!s) {
        return;
    }
    /* Nothing is pending on an empty machine: the clock stays. */
    g_assert_cmpint(qtest_clock_step_next(s), ==, 0);
    g_assert_cmpint(qtest_clock_step(s, 100), ==, 100);
    g_assert_cmpint(qtest_clock_step(s, 0), ==, 100);
    g_assert_cmpint(qtest_clock_step_next(s), ==, 100);
    /* Never backwards. */
    g_assert_cmpint(qtest_clock_set(s, 50), ==, 100);
    g_assert_cmpint(qtest_clock_set(s, 100), ==, 100);
    g_assert_cmpint(qtest_clock_set(s, 1000000000), ==, 1000000000);
    g_assert_cmpint(qtest_clock_step(s, 1), ==, 1000000001);
    qtest_quit(s);
}

static void test_replies(void)
{
    static const struct {
        const char *request;
        const char *reply;
    } cases[] = {
        { "clock_step", "OK 0" },
        { "clock_step 0x10", "OK 16" },     /* replies are decimal */
        { "clock_step 010", "OK 24" },
        { "clock_set 100", "OK 100" },
        { "clock_set 99", "OK 100" },
        { "clock_step -5", "ERR invalid NS '-5'" },
        { "clock_step 5x", "ERR invalid NS '5x'" },
        { "clock_step 0x8000000000000000", "ERR invalid NS" },
        { "clock_set", "ERR wrong number of arguments, usage: clock_set NS" },
        { "clock_set -1", "ERR invalid NS '-1'" },
        { "clock_set 1 2", "ERR wrong number of arguments" },
        { "clock_step 1 2", "ERR wrong number of arguments" },
        { "clock_step ", "ERR invalid NS ''" },
        { "clock_set 0x7fffffffffffffff", "OK 9223372036854775807" },
        { "clock_step 1", "ERR NS 1 takes the clock past its end" },
        { "clock_step 0", "OK 9223372036854775807" },
        { "clock_step", "OK 9223372036854775807" },
    };
    QTestState *s = start();
    size_t i;

    if (!s) {
        return;
    }
    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        qtest_assert_reply_prefix(s, cases[i].request, cases[i].reply);
    }
    qtest_quit(s);
}

/* A fresh emulator starts at 0 again, whatever the last one did. */
static void test_fresh_start(void)
{
    QTestState *s = start();

    if (!s) {
        return;
    }
    g_assert_cmpint(qtest_clock_step(s, 12345), ==, 12345);
    qtest_quit(s);
    s = start();
    if (s) {
        g_assert_cmpint(qtest_clock_step_next(s), ==, 0);
        qtest_quit(s);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qtest/clock/step-and-set", test_step_and_set);
    g_test_add_func("/qtest/clock/replies", test_replies);
    g_test_add_func("/qtest/clock/fresh-start", test_fresh_start);
    return g_test_run();
}
