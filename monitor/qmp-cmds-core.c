/*
 * The built-in QMP commands (negotiation, version, run state, quit, ...)
 * and the events that report run state changes and deleted devices.
 */
#include "util/osdep.h"
#include "util/main-loop.h"
#include "util/module.h"
#include "util/notify.h"
#include "accel/accel.h"
#include "hw/core/qdev.h"
#include "system/runstate.h"
#include "system/vl.h"
#include "monitor/monitor-internal.h"

#define KVM_DEVICE "/dev/kvm"

/* ---------------------------------------------------------------------- */
/* Commands */

static void qmp_capabilities(const QDict *args, QObject **ret, Error **errp)
{
    QList *enable = qdict_get_qlist(args, "enable");
    bool oob = false;
    size_t i;

    for (i = 0; enable && i < qlist_size(enable); i++) {
        QString *cap = qobject_to(QString, qlist_get(enable, i));

        if (!cap) {
            error_setg(errp, "Invalid parameter type for 'enable[%zu]', "
                       "expected: string", i);
            return;
        }
        if (strcmp(qstring_get_str(cap), "oob")) {
            /* qemu 7.2's wording, 'null' included. */
            error_setg(errp, "Parameter 'null' does not accept value '%s'",
                       qstring_get_str(cap));
            return;
        }
        oob = true;
    }
    qmp_session_negotiate(monitor_cur(), oob, errp);
}

static void qmp_query_version(const QDict *args, QObject **ret,
                              Error **errp)
{
    *ret = QOBJECT(qmp_version_info());
}

static void qmp_query_commands(const QDict *args, QObject **ret,
                               Error **errp)
{
    *ret = QOBJECT(qmp_command_list());
}

static void qmp_query_status(const QDict *args, QObject **ret, Error **errp)
{
    QDict *status = qdict_new();

    qdict_put_str(status, "status", runstate_name(runstate_get()));
    qdict_put_bool(status, "singlestep", false);
    qdict_put_bool(status, "running", runstate_is_running());
    *ret = QOBJECT(status);
}

static void qmp_query_name(const QDict *args, QObject **ret, Error **errp)
{
    QDict *name = qdict_new();

    if (vm_name) {
        qdict_put_str(name, "name", vm_name);
    }
    *ret = QOBJECT(name);
}

static void qmp_query_kvm(const QDict *args, QObject **ret, Error **errp)
{
    QDict *kvm = qdict_new();
    const char *accel = current_accel_name();

    qdict_put_bool(kvm, "enabled", accel && !strcmp(accel, "kvm"));
    qdict_put_bool(kvm, "present", access(KVM_DEVICE, F_OK) == 0);
    *ret = QOBJECT(kvm);
}

static void qmp_stop(const QDict *args, QObject **ret, Error **errp)
{
    /* A guest that is not running (prelaunch, say) keeps its state. */
    if (runstate_is_running()) {
        vm_stop(RUN_STATE_PAUSED);
    }
}

static void qmp_cont(const QDict *args, QObject **ret, Error **errp)
{
    switch (runstate_get()) {
    case RUN_STATE_SHUTDOWN:
    case RUN_STATE_INTERNAL_ERROR:
    case RUN_STATE_GUEST_PANICKED:
        error_setg(errp, "Resetting the Virtual Machine is required");
        return;
    default:
        vm_start();
    }
}

static void qmp_system_reset(const QDict *args, QObject **ret, Error **errp)
{
    qemu_system_reset_request(SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET);
}

static void qmp_system_powerdown(const QDict *args, QObject **ret,
                                 Error **errp)
{
    qemu_system_powerdown_request();
}

/* The reply goes out now; the main loop then ends and the process exits. */
static void qmp_quit(const QDict *args, QObject **ret, Error **errp)
{
    qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_QMP_QUIT);
}

/* Corvid does not migrate, so there is never a postcopy to pause. */
static void qmp_migrate_pause(const QDict *args, QObject **ret,
                              Error **errp)
{
    error_setg(errp, "migrate-pause is currently only supported during "
               "postcopy-active state");
}

static void qmp_x_exit_preconfig(const QDict *args, QObject **ret,
                                 Error **errp)
{
    if (qmp_exit_preconfig(errp)) {
        /* qmp_wait_preconfig_exit() is sleeping in the main loop. */
        main_loop_notify();
    }
}

static const QmpArgSpec qmp_capabilities_args[] = {
    { "enable", QMP_ARG_LIST, true },
    { NULL }
};

void qmp_core_commands_register(void)
{
    qmp_register_command("qmp_capabilities", qmp_capabilities,
                         qmp_capabilities_args, QMP_ALLOW_PRECONFIG);
    qmp_register_command("query-version", qmp_query_version, NULL,
                         QMP_ALLOW_PRECONFIG);
    qmp_register_command("query-commands", qmp_query_commands, NULL,
                         QMP_ALLOW_PRECONFIG);
    qmp_register_command("query-status", qmp_query_status, NULL,
                         QMP_ALLOW_PRECONFIG);
    qmp_register_command("query-name", qmp_query_name, NULL,
                         QMP_ALLOW_PRECONFIG);
    qmp_register_command("query-kvm", qmp_query_kvm, NULL, 0);
    qmp_register_command("stop", qmp_stop, NULL, 0);
    qmp_register_command("cont", qmp_cont, NULL, 0);
    qmp_register_command("system_reset", qmp_system_reset, NULL, 0);
    qmp_register_command("system_powerdown", qmp_system_powerdown, NULL, 0);
    qmp_register_command("quit", qmp_quit, NULL, QMP_ALLOW_PRECONFIG);
    qmp_register_command("migrate-pause", qmp_migrate_pause, NULL,
                         QMP_ALLOW_OOB);
    qmp_register_command("x-exit-preconfig", qmp_x_exit_preconfig, NULL,
                         QMP_ALLOW_PRECONFIG);
}

static void qmp_core_init(void)
{
    qmp_core_commands_register();
    hmp_commands_register();
}

qmp_init(qmp_core_init)

/* ---------------------------------------------------------------------- */
/* Events */

static QDict *cause_data(ShutdownCause cause)
{
    QDict *data = qdict_new();

    qdict_put_bool(data, "guest", shutdown_caused_by_guest(cause));
    qdict_put_str(data, "reason", shutdown_cause_name(cause));
    return data;
}

static void shutdown_notify(Notifier *n, void *opaque)
{
    qmp_event_send("SHUTDOWN", cause_data(*(ShutdownCause *)opaque));
}

static void reset_notify(Notifier *n, void *opaque)
{
    qmp_event_send("RESET", cause_data(*(ShutdownCause *)opaque));
}

static void powerdown_notify(Notifier *n, void *opaque)
{
    qmp_event_send("POWERDOWN", NULL);
}

static void change_notify(Notifier *n, void *opaque)
{
    VMStateChange *change = opaque;

    if (change->running) {
        qmp_event_send("RESUME", NULL);
    } else if (change->state != RUN_STATE_SHUTDOWN) {
        /*
         * Stopping for shutdown is the process going away: qemu reports
         * SHUTDOWN alone then.
         */
        qmp_event_send("STOP", NULL);
    }
}

static void device_deleted_notify(Notifier *n, void *opaque)
{
    DeviceState *dev = opaque;
    g_autofree char *path = qdev_get_dev_path(dev);
    QDict *data = qdict_new();

    if (dev->id) {
        qdict_put_str(data, "device", dev->id);
    }
    qdict_put_str(data, "path", path ? path : "");
    qmp_event_send("DEVICE_DELETED", data);
}

static Notifier shutdown_notifier = { .notify = shutdown_notify };
static Notifier reset_notifier = { .notify = reset_notify };
static Notifier powerdown_notifier = { .notify = powerdown_notify };
static Notifier change_notifier = { .notify = change_notify };
static Notifier device_deleted_notifier = { .notify = device_deleted_notify };

void qmp_core_events_init(void)
{
    static bool done;

    /* Notifiers stay for the life of the process, across re-inits. */
    if (done) {
        return;
    }
    done = true;
    runstate_add_shutdown_notifier(&shutdown_notifier);
    runstate_add_reset_notifier(&reset_notifier);
    runstate_add_powerdown_notifier(&powerdown_notifier);
    runstate_add_change_notifier(&change_notifier);
    qdev_add_deleted_notifier(&device_deleted_notifier);
}
