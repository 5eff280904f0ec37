/*
 * From command line to running machine: the start-up sequence of
 * corvid-system-x86_64.
 *
 *   1. parse argv (system/cmdline.c)
 *   2. create -chardev chardevs and the QMP monitors
 *   3. create the machine object at /machine and set its properties
 *   4. create -object objects
 *   5. start the accelerator, and the qtest server if asked
 *   6. with --preconfig, serve QMP until x-exit-preconfig
 *   7. build the board (the machine class's init), then -device devices
 *   8. reset, start (unless -S) and run the main loop until shutdown
 */
#include "util/osdep.h"
#include <signal.h>
#include "util/error-report.h"
#include "util/main-loop.h"
#include "util/module.h"
#include "qom/object-property.h"
#include "qom/object-interfaces.h"
#include "hw/core/cpu.h"
#include "hw/core/machine.h"
#include "hw/core/qdev-properties.h"
#include "accel/accel.h"
#include "system/cmdline.h"
#include "system/bootdevice.h"
#include "system/device-add.h"
#include "system/fw_cfg-opts.h"
#include "net/net.h"
#include "net/net-opts.h"
#include "block/blockdev.h"
#include "system/numa.h"
#include "system/runstate.h"
#include "system/qtest.h"
#include "chardev/char.h"
#include "monitor/monitor.h"
#include "system/vl.h"

char *vm_name;

static void print_machine(ObjectClass *oc, void *opaque)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    if (mc->alias) {
        printf("%-20s %s (alias of %s)\n", mc->alias, mc->desc ? mc->desc : "",
               mc->name);
    }
    printf("%-20s %s%s\n", mc->name, mc->desc ? mc->desc : "",
           mc->is_default ? " (default)" : "");
}

static void machine_help(const char *type)
{
    MachineClass *mc = type ? machine_find_class(type) : NULL;

    if (mc) {
        printf("%s options:\n", object_class_get_name(OBJECT_CLASS(mc)));
        object_class_print_properties(OBJECT_CLASS(mc), (const char *[]) {
                                          "type", NULL });
        return;
    }
    printf("Supported machines are:\n");
    object_class_foreach(print_machine, TYPE_MACHINE, false, NULL);
}

static MachineClass *select_machine(Cmdline *cl, Error **errp)
{
    const char *type = qdict_get_try_str(cl->machine_opts, "type");
    MachineClass *mc;

    if (!type) {
        mc = machine_find_default();
        if (!mc) {
            error_setg(errp, "No machine specified, and there is no "
                       "default");
            error_append_hint(errp, "Use -machine help to list supported "
                              "machines\n");
        }
        return mc;
    }
    mc = machine_find_class(type);
    if (!mc) {
        error_setg(errp, "unsupported machine type");
        error_append_hint(errp, "Use -machine help to list supported "
                          "machines\n");
    }
    return mc;
}

static bool create_machine(Cmdline *cl, Error **errp)
{
    MachineClass *mc = select_machine(cl, errp);
    MachineState *ms;
    const QDictEntry *e;

    if (!mc) {
        return false;
    }
    ms = MACHINE(object_new_with_class(OBJECT_CLASS(mc)));
    object_property_add_child(object_get_root(), "machine", OBJECT(ms));
    object_unref(OBJECT(ms));
    current_machine = ms;
    /* Where devices go: qemu's machines have these from the start. */
    object_get_container("/machine/peripheral");
    object_get_container("/machine/peripheral-anon");
    object_get_container("/machine/unattached");

    for (e = qdict_first(cl->machine_opts); e;
         e = qdict_next(cl->machine_opts, e)) {
        QInput in = QINPUT_KEYVAL(qdict_entry_value(e));

        if (!strcmp(qdict_entry_key(e), "type")) {
            continue;
        }
        if (!object_property_set(OBJECT(ms), qdict_entry_key(e), &in,
                                 errp)) {
            return false;
        }
    }
    if (cl->uuid_set) {
        ms->uuid = cl->uuid;
        ms->uuid_set = true;
    }
    return true;
}

/*
 * A pty chardev from the command line says where it is, in qemu's words,
 * on stdout, which scripts look for (chardev-add returns it instead).
 */
static void report_pty(Chardev *chr)
{
    g_autoptr(QDict) ret = chardev_add_return(chr);
    const char *pty = qdict_get_try_str(ret, "pty");

    if (pty) {
        printf("char device redirected to %s (label %s)\n", pty, chr->label);
        fflush(stdout);
    }
}

static bool create_chardevs(Cmdline *cl)
{
    Chardev *chr;
    guint i;

    for (i = 0; i < cl->chardevs->len; i++) {
        PendingOption *p = g_ptr_array_index(cl->chardevs, i);
        Error *err = NULL;

        cmdline_set_location(cl, p->argv_index);
        chr = chardev_new_from_opts(p->opts, &err);
        if (!chr) {
            error_report_err(err);
            return false;
        }
        report_pty(chr);
    }
    loc_set_none();
    return true;
}

/* -qmp SPEC becomes a chardev "compat_monitorN" and a monitor on it. */
static bool create_monitors(Cmdline *cl)
{
    guint i;
    int n = 0;

    for (i = 0; i < cl->monitors->len; i++) {
        PendingOption *p = g_ptr_array_index(cl->monitors, i);
        const char *spec = qdict_get_try_str(p->opts, "spec");
        Error *err = NULL;
        bool ok;

        cmdline_set_location(cl, p->argv_index);
        if (spec) {
            g_autofree char *id = g_strdup_printf("compat_monitor%d", n++);
            g_autoptr(QDict) opts = qdict_clone_shallow(p->opts);
            Chardev *chr = chardev_new_from_shorthand(spec, id, &err);

            qdict_del(opts, "spec");
            if (chr) {
                report_pty(chr);
                qdict_put_str(opts, "chardev", chr->label);
            }
            ok = chr && monitor_new_from_opts(opts, &err);
        } else {
            ok = monitor_new_from_opts(p->opts, &err);
        }
        if (!ok) {
            error_report_err(err);
            return false;
        }
    }
    loc_set_none();
    return true;
}

/* -serial SPEC: chardevs "serial0", "serial1"... for the board's UARTs. */
static bool create_serials(Cmdline *cl)
{
    guint i;

    for (i = 0; i < cl->serials->len; i++) {
        PendingOption *p = g_ptr_array_index(cl->serials, i);
        const char *spec = qdict_get_try_str(p->opts, "spec");
        g_autofree char *id = g_strdup_printf("serial%u", i);
        Error *err = NULL;
        Chardev *chr;

        if (!strcmp(spec, "none")) {
            continue;
        }
        cmdline_set_location(cl, p->argv_index);
        chr = chardev_new_from_shorthand(spec, id, &err);
        if (!chr) {
            error_report_err(err);
            return false;
        }
        report_pty(chr);
    }
    loc_set_none();
    return true;
}

static bool create_objects(Cmdline *cl)
{
    guint i;

    for (i = 0; i < cl->objects->len; i++) {
        PendingOption *p = g_ptr_array_index(cl->objects, i);
        Error *err = NULL;

        cmdline_set_location(cl, p->argv_index);
        if (!user_creatable_add_dict(p->opts, !p->typed, &err)) {
            error_report_err(err);
            return false;
        }
    }
    loc_set_none();
    return true;
}

/* -numa, in command-line order, once the memory backends exist. */
static bool configure_numa(Cmdline *cl)
{
    guint i;

    for (i = 0; i < cl->numas->len; i++) {
        PendingOption *p = g_ptr_array_index(cl->numas, i);
        Error *err = NULL;

        cmdline_set_location(cl, p->argv_index);
        if (!numa_set_options(current_machine, p->opts, true, &err)) {
            error_report_err(err);
            return false;
        }
    }
    loc_set_none();
    return true;
}

/* Try one accelerator; report why it failed. */
static bool try_accel(const char *name, QDict *props, Error **errp)
{
    AccelClass *ac = accel_find(name);
    AccelState *accel;
    const QDictEntry *e;

    if (!ac) {
        error_setg(errp, "invalid accelerator %s", name);
        return false;
    }
    accel = ACCEL(object_new_with_class(OBJECT_CLASS(ac)));
    for (e = props ? qdict_first(props) : NULL; e;
         e = qdict_next(props, e)) {
        QInput in = QINPUT_KEYVAL(qdict_entry_value(e));

        if (!strcmp(qdict_entry_key(e), "accel")) {
            continue;
        }
        if (!object_property_set(OBJECT(accel), qdict_entry_key(e), &in,
                                 errp)) {
            object_unref(OBJECT(accel));
            return false;
        }
    }
    if (!accel_init_machine(accel, current_machine, errp)) {
        object_unref(OBJECT(accel));
        return false;
    }
    /* The machine holds it (ms->accelerator); qemu puts it nowhere in
     * the composition tree. */
    return true;
}

static bool configure_accelerators(Cmdline *cl)
{
    g_auto(GStrv) names = NULL;
    Error *err = NULL;
    guint i;

    if (cl->accels->len) {
        for (i = 0; i < cl->accels->len; i++) {
            PendingOption *p = g_ptr_array_index(cl->accels, i);

            cmdline_set_location(cl, p->argv_index);
            if (try_accel(qdict_get_try_str(p->opts, "accel"), p->opts,
                          &err)) {
                loc_set_none();
                return true;
            }
            error_report_err(err);
            err = NULL;
        }
        loc_set_none();
        error_report("no accelerator found");
        return false;
    }
    if (!cl->machine_accel) {
        /* -qtest alone implies the qtest accelerator; otherwise nothing
         * asked for means no accelerator runs the CPUs. */
        if (cl->qtest_chardev && !try_accel("qtest", NULL, &err)) {
            error_report_err(err);
            return false;
        }
        return true;
    }
    names = g_strsplit(cl->machine_accel, ":", 0);
    for (i = 0; names[i]; i++) {
        if (try_accel(names[i], NULL, &err)) {
            return true;
        }
        error_report_err(err);
        err = NULL;
    }
    error_report("no accelerator found");
    return false;
}

static bool configure_cpu(Cmdline *cl, MachineState *ms)
{
    MachineClass *mc = MACHINE_GET_CLASS(ms);
    const char *type = mc->default_cpu_type;
    const QDictEntry *e;

    if (cl->cpu_model) {
        CPUClass *cc = cpu_class_by_model(cl->cpu_model);

        if (!cc) {
            error_report("unable to find CPU model '%s'", cl->cpu_model);
            return false;
        }
        type = object_class_get_name(OBJECT_CLASS(cc));
        /* -cpu MODEL,feat=val sets defaults for every CPU of the model. */
        for (e = qdict_first(cl->cpu_features); e;
             e = qdict_next(cl->cpu_features, e)) {
            qdev_prop_register_global(type, qdict_entry_key(e),
                qstring_get_str(qobject_to(QString, qdict_entry_value(e))));
        }
    }
    ms->cpu_type = g_strdup(type);
    return true;
}

/* -fw_cfg items, once the board has made its fw_cfg (before -device). */
static bool create_fw_cfg_items(Cmdline *cl)
{
    FWCfgState *fw_cfg = fw_cfg_find();
    guint i;

    for (i = 0; i < cl->fw_cfgs->len; i++) {
        PendingOption *p = g_ptr_array_index(cl->fw_cfgs, i);
        Error *err = NULL;

        cmdline_set_location(cl, p->argv_index);
        if (!fw_cfg_add_from_opts(fw_cfg, p->opts, &err)) {
            error_report_err(err);
            return false;
        }
    }
    loc_set_none();
    return true;
}

static bool create_devices(Cmdline *cl)
{
    guint i;

    for (i = 0; i < cl->devices->len; i++) {
        PendingOption *p = g_ptr_array_index(cl->devices, i);
        Error *err = NULL;

        cmdline_set_location(cl, p->argv_index);
        if (!qdev_device_add(p->opts, p->typed, &err)) {
            error_report_err(err);
            return false;
        }
    }
    loc_set_none();
    return true;
}

static void on_signal(int signo, pid_t sender, void *opaque)
{
    qemu_system_killed(signo, sender);
}

static bool start_qtest(Cmdline *cl)
{
    Error *err = NULL;

    if (!cl->qtest_chardev) {
        return true;
    }
    if (g_strcmp0(current_accel_name(), "qtest")) {
        error_report("-qtest requires the qtest accelerator "
                     "(-accel qtest)");
        return false;
    }
    if (!qtest_server_init(cl->qtest_chardev, cl->qtest_log, &err)) {
        error_report_err(err);
        return false;
    }
    return true;
}

/* Up to the point --preconfig stops at; false after reporting an error. */
static bool machine_create(Cmdline *cl)
{
    Error *err = NULL;

    /* The containers exist from the start, as qemu's do. */
    object_get_objects_root();
    object_get_container("/chardevs");
    if (!create_chardevs(cl) || !create_monitors(cl) ||
        !create_serials(cl)) {
        return false;
    }
    if (!create_machine(cl, &err)) {
        error_report_err(err);
        return false;
    }
    vm_name = g_strdup(cl->name);
    return create_objects(cl) && blockdev_create_pending(cl) &&
           configure_numa(cl) &&
           configure_accelerators(cl) && start_qtest(cl);
}

/* The rest, up to the main loop (x-exit-preconfig with --preconfig). */
static bool machine_start(Cmdline *cl)
{
    Error *err = NULL;

    if (!configure_cpu(cl, current_machine)) {
        return false;
    }
    if (!machine_run_board_init(current_machine, &err)) {
        error_report_err(err);
        return false;
    }
    if (!net_create_pending(cl) || !create_fw_cfg_items(cl) ||
        !create_devices(cl)) {
        return false;
    }
    /* -boot once=: the board's boot devices until the next reset. */
    if (!machine_boot_apply_once(current_machine, &err)) {
        error_report_err(err);
        return false;
    }
    qdev_prop_check_globals();
    qdev_hotplug = true;
    accel_setup_post(current_machine);
    machine_reset(current_machine);
    return true;
}

int corvid_main(int argc, char **argv)
{
    Cmdline cl;
    bool done;
    int status;

    error_set_progname(argv[0]);
    /* A peer that goes away mid-write is an error to handle, not a
     * reason to die. */
    signal(SIGPIPE, SIG_IGN);
    module_call_init(MODULE_INIT_QOM);
    main_loop_init();

    status = cmdline_parse(&cl, argc, argv, &done);
    if (status || done) {
        cmdline_free(&cl);
        return status;
    }
    if (cl.machine_help) {
        machine_help(qdict_get_try_str(cl.machine_opts, "type"));
        cmdline_free(&cl);
        return 0;
    }

    main_loop_add_signal(SIGTERM, on_signal, NULL);
    main_loop_add_signal(SIGINT, on_signal, NULL);
    main_loop_add_signal(SIGHUP, on_signal, NULL);
    monitor_init_globals();

    if (!machine_create(&cl)) {
        goto fail;
    }
    if (cl.preconfig) {
        qmp_enter_preconfig();
        if (!qmp_wait_preconfig_exit()) {
            /* Shut down before the machine was built. */
            cmdline_free(&cl);
            monitor_cleanup();
            chardev_cleanup();
            return 0;
        }
    }
    if (!machine_start(&cl)) {
        goto fail;
    }
    net_check_clients(qtest_enabled());
    if (cl.autostart) {
        vm_start();
    }
    cmdline_free(&cl);

    qemu_main_loop();

    net_cleanup();
    monitor_cleanup();
    chardev_cleanup();
    user_creatable_cleanup();
    return 0;

fail:
    cmdline_free(&cl);
    net_cleanup();
    monitor_cleanup();
    chardev_cleanup();
    return 1;
}
