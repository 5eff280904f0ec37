/*
 * The run state of the virtual machine and the requests that change it.
 *
 * Requests (shutdown, reset, powerdown) can come from anywhere: a signal,
 * a QMP command, a device the guest pokes.  They are recorded and carried
 * out by the main loop, between callbacks, so that nobody resets the
 * machine from inside a device's own register write.  Whoever wants to
 * know (the QMP monitor, to send events) adds a notifier.
 */
#ifndef SYSTEM_RUNSTATE_H
#define SYSTEM_RUNSTATE_H

#include "util/osdep.h"
#include "util/notify.h"

/* The QMP RunState values, in their QAPI order. */
typedef enum RunState {
    RUN_STATE_DEBUG,
    RUN_STATE_INMIGRATE,
    RUN_STATE_INTERNAL_ERROR,
    RUN_STATE_IO_ERROR,
    RUN_STATE_PAUSED,
    RUN_STATE_POSTMIGRATE,
    RUN_STATE_PRELAUNCH,
    RUN_STATE_FINISH_MIGRATE,
    RUN_STATE_RESTORE_VM,
    RUN_STATE_RUNNING,
    RUN_STATE_SAVE_VM,
    RUN_STATE_SHUTDOWN,
    RUN_STATE_SUSPENDED,
    RUN_STATE_WATCHDOG,
    RUN_STATE_GUEST_PANICKED,
    RUN_STATE_COLO,
    RUN_STATE__MAX,
} RunState;

/* The QMP ShutdownCause values. */
typedef enum ShutdownCause {
    SHUTDOWN_CAUSE_NONE,
    SHUTDOWN_CAUSE_HOST_ERROR,
    SHUTDOWN_CAUSE_HOST_QMP_QUIT,
    SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET,
    SHUTDOWN_CAUSE_HOST_SIGNAL,
    SHUTDOWN_CAUSE_HOST_UI,
    SHUTDOWN_CAUSE_GUEST_SHUTDOWN,
    SHUTDOWN_CAUSE_GUEST_RESET,
    SHUTDOWN_CAUSE_GUEST_PANIC,
    SHUTDOWN_CAUSE_SUBSYSTEM_RESET,
    SHUTDOWN_CAUSE_SNAPSHOT_LOAD,
    SHUTDOWN_CAUSE__MAX,
} ShutdownCause;

const char *runstate_name(RunState state);
const char *shutdown_cause_name(ShutdownCause cause);
/* Whether @cause came from the guest rather than the host. */
bool shutdown_caused_by_guest(ShutdownCause cause);

RunState runstate_get(void);
void runstate_set(RunState state);
bool runstate_is_running(void);

/* What a reset request does: qemu's -action reboot=reset|shutdown. */
typedef enum RebootAction {
    REBOOT_ACTION_RESET,        /* the default */
    REBOOT_ACTION_SHUTDOWN,     /* -no-reboot */
} RebootAction;

void runstate_set_reboot_action(RebootAction action);
RebootAction runstate_get_reboot_action(void);

/* Start or resume the guest (RESUME event); stop it in @state (STOP). */
void vm_start(void);
void vm_stop(RunState state);

/* Data for the notifiers below. */
typedef struct VMStateChange {
    bool running;
    RunState state;
} VMStateChange;

void runstate_add_change_notifier(Notifier *n);     /* VMStateChange * */
void runstate_add_shutdown_notifier(Notifier *n);   /* ShutdownCause * */
void runstate_add_reset_notifier(Notifier *n);      /* ShutdownCause * */
void runstate_add_powerdown_notifier(Notifier *n);  /* NULL */

void qemu_system_shutdown_request(ShutdownCause cause);
/*
 * A reset request; with the reboot action REBOOT_ACTION_SHUTDOWN
 * (-no-reboot) a shutdown request with the same cause instead, except
 * for SHUTDOWN_CAUSE_SUBSYSTEM_RESET, as in qemu.
 */
void qemu_system_reset_request(ShutdownCause cause);
void qemu_system_powerdown_request(void);
/* A shutdown by signal: reported as "terminating on signal N from pid P". */
void qemu_system_killed(int signo, pid_t pid);

/*
 * Carry out pending requests.  Returns true when the main loop should
 * end (a shutdown was requested).
 */
bool main_loop_should_exit(void);
/* Run until shutdown. */
void qemu_main_loop(void);

#endif
