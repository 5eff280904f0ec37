/*
 * The run state and shutdown/reset/powerdown requests
 * (see include/system/runstate.h).
 */
#include "util/osdep.h"
#include "util/error-report.h"
#include "util/main-loop.h"
#include "system/runstate.h"
#include "hw/core/machine.h"

static const char *const runstate_names[RUN_STATE__MAX] = {
    [RUN_STATE_DEBUG] = "debug",
    [RUN_STATE_INMIGRATE] = "inmigrate",
    [RUN_STATE_INTERNAL_ERROR] = "internal-error",
    [RUN_STATE_IO_ERROR] = "io-error",
    [RUN_STATE_PAUSED] = "paused",
    [RUN_STATE_POSTMIGRATE] = "postmigrate",
    [RUN_STATE_PRELAUNCH] = "prelaunch",
    [RUN_STATE_FINISH_MIGRATE] = "finish-migrate",
    [RUN_STATE_RESTORE_VM] = "restore-vm",
    [RUN_STATE_RUNNING] = "running",
    [RUN_STATE_SAVE_VM] = "save-vm",
    [RUN_STATE_SHUTDOWN] = "shutdown",
    [RUN_STATE_SUSPENDED] = "suspended",
    [RUN_STATE_WATCHDOG] = "watchdog",
    [RUN_STATE_GUEST_PANICKED] = "guest-panicked",
    [RUN_STATE_COLO] = "colo",
};

static const char *const shutdown_cause_names[SHUTDOWN_CAUSE__MAX] = {
    [SHUTDOWN_CAUSE_NONE] = "none",
    [SHUTDOWN_CAUSE_HOST_ERROR] = "host-error",
    [SHUTDOWN_CAUSE_HOST_QMP_QUIT] = "host-qmp-quit",
    [SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET] = "host-qmp-system-reset",
    [SHUTDOWN_CAUSE_HOST_SIGNAL] = "host-signal",
    [SHUTDOWN_CAUSE_HOST_UI] = "host-ui",
    [SHUTDOWN_CAUSE_GUEST_SHUTDOWN] = "guest-shutdown",
    [SHUTDOWN_CAUSE_GUEST_RESET] = "guest-reset",
    [SHUTDOWN_CAUSE_GUEST_PANIC] = "guest-panic",
    [SHUTDOWN_CAUSE_SUBSYSTEM_RESET] = "subsystem-reset",
    [SHUTDOWN_CAUSE_SNAPSHOT_LOAD] = "snapshot-load",
};

static RunState current_state = RUN_STATE_PRELAUNCH;
static ShutdownCause shutdown_requested;
static ShutdownCause reset_requested;
static bool powerdown_requested;
static RebootAction reboot_action = REBOOT_ACTION_RESET;
static int shutdown_signal;
static pid_t shutdown_pid;

static NotifierList change_notifiers = NOTIFIER_LIST_INITIALIZER;
static NotifierList shutdown_notifiers = NOTIFIER_LIST_INITIALIZER;
static NotifierList reset_notifiers = NOTIFIER_LIST_INITIALIZER;
static NotifierList powerdown_notifiers = NOTIFIER_LIST_INITIALIZER;

const char *runstate_name(RunState state)
{
    return state < RUN_STATE__MAX ? runstate_names[state] : "unknown";
}

const char *shutdown_cause_name(ShutdownCause cause)
{
    return cause < SHUTDOWN_CAUSE__MAX ? shutdown_cause_names[cause]
                                       : "unknown";
}

bool shutdown_caused_by_guest(ShutdownCause cause)
{
    return cause >= SHUTDOWN_CAUSE_GUEST_SHUTDOWN;
}

RunState runstate_get(void)
{
    return current_state;
}

void runstate_set(RunState state)
{
    current_state = state;
}

bool runstate_is_running(void)
{
    return current_state == RUN_STATE_RUNNING;
}

void runstate_add_change_notifier(Notifier *n)
{
    notifier_list_add(&change_notifiers, n);
}

void runstate_add_shutdown_notifier(Notifier *n)
{
    notifier_list_add(&shutdown_notifiers, n);
}

void runstate_add_reset_notifier(Notifier *n)
{
    notifier_list_add(&reset_notifiers, n);
}

void runstate_add_powerdown_notifier(Notifier *n)
{
    notifier_list_add(&powerdown_notifiers, n);
}

void vm_start(void)
{
    VMStateChange change = { .running = true, .state = RUN_STATE_RUNNING };

    if (runstate_is_running()) {
        return;
    }
    runstate_set(RUN_STATE_RUNNING);
    notifier_list_notify(&change_notifiers, &change);
}

void vm_stop(RunState state)
{
    VMStateChange change = { .running = false, .state = state };
    bool was_running = runstate_is_running();

    runstate_set(state);
    if (was_running) {
        notifier_list_notify(&change_notifiers, &change);
    }
}

void qemu_system_shutdown_request(ShutdownCause cause)
{
    shutdown_requested = cause;
    main_loop_notify();
}

void runstate_set_reboot_action(RebootAction action)
{
    reboot_action = action;
}

RebootAction runstate_get_reboot_action(void)
{
    return reboot_action;
}

void qemu_system_reset_request(ShutdownCause cause)
{
    /* -no-reboot: the guest (or system_reset) ends the VM instead. */
    if (reboot_action == REBOOT_ACTION_SHUTDOWN &&
        cause != SHUTDOWN_CAUSE_SUBSYSTEM_RESET) {
        qemu_system_shutdown_request(cause);
        return;
    }
    reset_requested = cause;
    main_loop_notify();
}

void qemu_system_powerdown_request(void)
{
    powerdown_requested = true;
    main_loop_notify();
}

void qemu_system_killed(int signo, pid_t pid)
{
    shutdown_signal = signo;
    shutdown_pid = pid;
    qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_SIGNAL);
}

/* The sender's command name, for the signal report. */
static char *process_name(pid_t pid)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/cmdline", (int)pid);
    char *contents = NULL;

    if (pid <= 0 || !g_file_get_contents(path, &contents, NULL, NULL)) {
        return g_strdup("unknown");
    }
    /* cmdline is NUL-separated; the first word is the program. */
    return contents;
}

static void report_kill(void)
{
    if (shutdown_pid > 0) {
        g_autofree char *name = process_name(shutdown_pid);
        error_report("terminating on signal %d from pid %d (%s)",
                     shutdown_signal, (int)shutdown_pid, name);
    } else {
        error_report("terminating on signal %d", shutdown_signal);
    }
}

bool main_loop_should_exit(void)
{
    if (shutdown_requested) {
        ShutdownCause cause = shutdown_requested;

        shutdown_requested = SHUTDOWN_CAUSE_NONE;
        if (shutdown_signal) {
            report_kill();
            shutdown_signal = 0;
        }
        notifier_list_notify(&shutdown_notifiers, &cause);
        vm_stop(RUN_STATE_SHUTDOWN);
        return true;
    }
    if (reset_requested) {
        ShutdownCause cause = reset_requested;

        reset_requested = SHUTDOWN_CAUSE_NONE;
        if (current_machine) {
            machine_reset(current_machine);
        }
        /* A stopped machine that was reset has not run since: qemu
         * reports it as "prelaunch" again. */
        if (!runstate_is_running() &&
            runstate_get() != RUN_STATE_INMIGRATE &&
            runstate_get() != RUN_STATE_FINISH_MIGRATE) {
            runstate_set(RUN_STATE_PRELAUNCH);
        }
        notifier_list_notify(&reset_notifiers, &cause);
    }
    if (powerdown_requested) {
        powerdown_requested = false;
        notifier_list_notify(&powerdown_notifiers, NULL);
    }
    return false;
}

void qemu_main_loop(void)
{
    while (!main_loop_should_exit()) {
        main_loop_wait(false);
    }
}
