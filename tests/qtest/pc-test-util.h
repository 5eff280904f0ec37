/*
 * Small helpers shared by the pc and q35 machine tests: start-up
 * messages, and the guest's reset request with -no-reboot.
 */
#ifndef TESTS_QTEST_PC_TEST_UTIL_H
#define TESTS_QTEST_PC_TEST_UTIL_H

#include "libqtest.h"

/* The data of the events a guest's reset request brings. */
#define GUEST_RESET_DATA "{\"guest\": true, \"reason\": \"guest-reset\"}"

/* What the start-up printed on stderr, stopped by a later bad option
 * (caller frees). */
static inline char *start_stderr(const char *args)
{
    g_autofree char *cmd = g_strdup_printf("-display none -accel qtest %s "
                                           "-device no-such-device", args);
    char *err = NULL;

    g_assert_cmpint(qtest_run(cmd, NULL, &err), ==, 1);
    g_assert_nonnull(strstr(err, "no-such-device"));
    return err;
}

/*
 * -M @machine -no-reboot: the guest's reset request (0x06, a CPU reset
 * with a system one, written to the reset control register at @port)
 * ends the VM: SHUTDOWN and no RESET, then exit status 0.  Skipped when
 * the binary has no -no-reboot.
 */
static inline void assert_guest_reset_ends_vm(const char *machine,
                                              uint16_t port)
{
    QTestState *qts;
    int status;

    if (qtest_run("-no-reboot -M none -version", NULL, NULL) != 0) {
        g_test_skip("the binary has no -no-reboot");
        return;
    }
    qts = qtest_initf("-M %s -no-reboot", machine);
    qtest_outb(qts, port, 0x06);
    qtest_qmp_assert_event(qts, "SHUTDOWN", GUEST_RESET_DATA);
    g_assert_null(qtest_qmp_event_ref(qts, "RESET"));
    status = qtest_wait_qemu(qts, 10000);
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 0);
    qtest_quit(qts);
}

#endif
