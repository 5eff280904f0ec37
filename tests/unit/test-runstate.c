/*
 * Unit tests for the run state's requests: what a reset request turns
 * into with the reboot action (-no-reboot), as the main loop carries it
 * out and the notifiers (the QMP RESET and SHUTDOWN events) see it.
 */
#include "util/osdep.h"
#include "system/runstate.h"

/* What the notifiers saw since the last clear. */
typedef struct Seen {
    int resets, shutdowns;
    ShutdownCause reset_cause, shutdown_cause;
} Seen;

static Seen seen;

static void reset_seen(Notifier *n, void *data)
{
    seen.resets++;
    seen.reset_cause = *(ShutdownCause *)data;
}

static void shutdown_seen(Notifier *n, void *data)
{
    seen.shutdowns++;
    seen.shutdown_cause = *(ShutdownCause *)data;
}

static Notifier reset_notifier = { .notify = reset_seen };
static Notifier shutdown_notifier = { .notify = shutdown_seen };

/* Carry out what is pending; true if the loop would end. */
static bool run_requests(void)
{
    memset(&seen, 0, sizeof(seen));
    return main_loop_should_exit();
}

static void test_default_action(void)
{
    g_assert_cmpint(runstate_get_reboot_action(), ==, REBOOT_ACTION_RESET);

    qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
    g_assert_false(run_requests());
    g_assert_cmpint(seen.resets, ==, 1);
    g_assert_cmpint(seen.reset_cause, ==, SHUTDOWN_CAUSE_GUEST_RESET);
    g_assert_cmpint(seen.shutdowns, ==, 0);

    qemu_system_reset_request(SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET);
    g_assert_false(run_requests());
    g_assert_cmpint(seen.resets, ==, 1);
    g_assert_cmpint(seen.reset_cause, ==,
                    SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET);

    /* Nothing pending: nothing happens. */
    g_assert_false(run_requests());
    g_assert_cmpint(seen.resets + seen.shutdowns, ==, 0);
}

static void test_no_reboot(void)
{
    runstate_set_reboot_action(REBOOT_ACTION_SHUTDOWN);
    g_assert_cmpint(runstate_get_reboot_action(), ==,
                    REBOOT_ACTION_SHUTDOWN);

    /* The guest's reset becomes a shutdown with the same cause. */
    qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
    g_assert_true(run_requests());
    g_assert_cmpint(seen.resets, ==, 0);
    g_assert_cmpint(seen.shutdowns, ==, 1);
    g_assert_cmpint(seen.shutdown_cause, ==, SHUTDOWN_CAUSE_GUEST_RESET);
    g_assert_true(shutdown_caused_by_guest(seen.shutdown_cause));
    g_assert_cmpint(runstate_get(), ==, RUN_STATE_SHUTDOWN);

    /* So does system_reset, as in qemu. */
    qemu_system_reset_request(SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET);
    g_assert_true(run_requests());
    g_assert_cmpint(seen.shutdowns, ==, 1);
    g_assert_cmpint(seen.shutdown_cause, ==,
                    SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET);

    /* A subsystem's reset stays a reset. */
    qemu_system_reset_request(SHUTDOWN_CAUSE_SUBSYSTEM_RESET);
    g_assert_false(run_requests());
    g_assert_cmpint(seen.resets, ==, 1);
    g_assert_cmpint(seen.shutdowns, ==, 0);

    runstate_set_reboot_action(REBOOT_ACTION_RESET);
    qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
    g_assert_false(run_requests());
    g_assert_cmpint(seen.resets, ==, 1);
    g_assert_cmpint(seen.shutdowns, ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    runstate_add_reset_notifier(&reset_notifier);
    runstate_add_shutdown_notifier(&shutdown_notifier);
    g_test_add_func("/runstate/reboot-action/default", test_default_action);
    g_test_add_func("/runstate/reboot-action/no-reboot", test_no_reboot);
    return g_test_run();
}
