/*
 * Unit tests for the QMP command table and the built-in commands
 * (monitor/qmp-dispatch.c, monitor/qmp-cmds-core.c, monitor/hmp.c),
 * called directly through qmp_dispatch_command: argument checks against
 * each argument type, unknown commands, handler errors, the --preconfig
 * gate, the core commands' replies and human-monitor-command's "info".
 * Sessions over chardevs are tested in test-qmp.c.
 */
#include "util/osdep.h"
#include "util/module.h"
#include "hw/core/cpu.h"
#include "system/runstate.h"
#include "system/vl.h"
#include "qobject/qjson.h"
#include "monitor/monitor.h"
#include "monitor/qmp.h"

/* ---------------------------------------------------------------------- */
/* Helpers */

/* Dispatch @name with arguments written as JSON (NULL: none). */
static QObject *run(const char *name, const char *json, Error **errp)
{
    g_autoptr(QDict) args = json ? qobject_to(QDict,
                                              qobject_from_json(json,
                                                                &error_abort))
                                 : NULL;

    if (json) {
        g_assert_nonnull(args);
    }
    return qmp_dispatch_command(name, args, errp);
}

/* The reply as compact JSON; the call must succeed. */
static char *run_ok(const char *name, const char *json)
{
    g_autoptr(QObject) ret = run(name, json, &error_abort);
    GString *text = qobject_to_json(ret);

    return g_string_free(text, false);
}

#define assert_ok(name, json, expect) \
    do { \
        g_autofree char *_got = run_ok((name), (json)); \
        g_assert_cmpstr(_got, ==, (expect)); \
    } while (0)

/* The call must fail with @cls and @desc. */
static void assert_err(const char *name, const char *json, ErrorClass cls,
                       const char *desc)
{
    Error *err = NULL;
    QObject *ret = run(name, json, &err);

    g_assert_null(ret);
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, desc);
    g_assert_cmpint(error_get_class(err), ==, cls);
    error_free(err);
}

#define assert_generic(name, json, desc) \
    assert_err((name), (json), ERROR_CLASS_GENERIC_ERROR, (desc))

/* human-monitor-command's text for @line. */
static char *hmp(const char *line)
{
    g_autoptr(QDict) args = qdict_new();
    g_autoptr(QObject) ret = NULL;

    qdict_put_str(args, "command-line", line);
    ret = qmp_dispatch_command("human-monitor-command", args, &error_abort);
    g_assert_nonnull(qobject_to(QString, ret));
    return g_strdup(qstring_get_str(qobject_to(QString, ret)));
}

#define assert_hmp(line, expect) \
    do { \
        g_autofree char *_got = hmp(line); \
        g_assert_cmpstr(_got, ==, (expect)); \
    } while (0)

/* ---------------------------------------------------------------------- */
/* A command with every argument type */

static int typed_calls;
static char *typed_last;

static void cmd_typed(const QDict *args, QObject **ret, Error **errp)
{
    GString *text = qobject_to_json(QOBJECT(args));

    typed_calls++;
    g_free(typed_last);
    typed_last = g_string_free(text, false);
    *ret = QOBJECT(qdict_clone_shallow(args));
}

static const QmpArgSpec typed_args[] = {
    { "s", QMP_ARG_STR },
    { "i", QMP_ARG_INT, true },
    { "b", QMP_ARG_BOOL, true },
    { "n", QMP_ARG_NUMBER, true },
    { "d", QMP_ARG_DICT, true },
    { "l", QMP_ARG_LIST, true },
    { "a", QMP_ARG_ANY, true },
    { NULL }
};

static void cmd_fail(const QDict *args, QObject **ret, Error **errp)
{
    error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND, "Device 'x' not found");
}

static void cmd_nothing(const QDict *args, QObject **ret, Error **errp)
{
}

static const QmpArgSpec any_args[] = {
    { "driver", QMP_ARG_STR },
    { NULL }
};

static void info_echo(GString *out, const char *arg)
{
    g_string_append_printf(out, "arg=[%s]\nsecond line\n",
                           arg ? arg : "(null)");
}

static void register_test_commands(void)
{
    qmp_register_command("tqmp-typed", cmd_typed, typed_args, 0);
    qmp_register_command("tqmp-fail", cmd_fail, NULL, 0);
    qmp_register_command("tqmp-nothing", cmd_nothing, NULL,
                         QMP_ALLOW_PRECONFIG);
    qmp_register_command("tqmp-any", cmd_typed, any_args, QMP_ARGS_ANY);
    hmp_register_info("tqmp-echo", "[word]", "echo the argument",
                      info_echo);
}

/* ---------------------------------------------------------------------- */
/* The dispatcher */

static void test_args_ok(void)
{
    typed_calls = 0;
    assert_ok("tqmp-typed", "{\"s\": \"x\"}", "{\"s\": \"x\"}");
    g_assert_cmpint(typed_calls, ==, 1);

    assert_ok("tqmp-typed",
              "{\"s\": \"\", \"i\": -5, \"b\": false, \"n\": 1.5, "
              "\"d\": {}, \"l\": [1], \"a\": null}",
              "{\"s\": \"\", \"i\": -5, \"b\": false, \"n\": 1.5, "
              "\"d\": {}, \"l\": [1], \"a\": null}");
    /* Integers above INT64_MAX are integers too; numbers take integers. */
    assert_ok("tqmp-typed",
              "{\"s\": \"x\", \"i\": 18446744073709551615, \"n\": 3}",
              "{\"s\": \"x\", \"i\": 18446744073709551615, \"n\": 3}");
    /* "any" takes every type. */
    assert_ok("tqmp-typed", "{\"s\": \"x\", \"a\": [{}]}",
              "{\"s\": \"x\", \"a\": [{}]}");
    g_assert_cmpint(typed_calls, ==, 4);
}

static void test_args_bad(void)
{
    typed_calls = 0;
    assert_generic("tqmp-typed", NULL, "Parameter 's' is missing");
    assert_generic("tqmp-typed", "{}", "Parameter 's' is missing");
    assert_generic("tqmp-typed", "{\"s\": \"x\", \"x\": 1}",
                   "Parameter 'x' is unexpected");
    /* Missing comes before unexpected, as in qemu. */
    assert_generic("tqmp-typed", "{\"x\": 1}", "Parameter 's' is missing");

    assert_generic("tqmp-typed", "{\"s\": 1}",
                   "Invalid parameter type for 's', expected: string");
    assert_generic("tqmp-typed", "{\"s\": null}",
                   "Invalid parameter type for 's', expected: string");
    assert_generic("tqmp-typed", "{\"s\": \"x\", \"i\": 1.0}",
                   "Invalid parameter type for 'i', expected: integer");
    assert_generic("tqmp-typed", "{\"s\": \"x\", \"i\": \"1\"}",
                   "Invalid parameter type for 'i', expected: integer");
    assert_generic("tqmp-typed", "{\"s\": \"x\", \"b\": 1}",
                   "Invalid parameter type for 'b', expected: boolean");
    assert_generic("tqmp-typed", "{\"s\": \"x\", \"n\": true}",
                   "Invalid parameter type for 'n', expected: number");
    assert_generic("tqmp-typed", "{\"s\": \"x\", \"d\": []}",
                   "Invalid parameter type for 'd', expected: object");
    assert_generic("tqmp-typed", "{\"s\": \"x\", \"l\": {}}",
                   "Invalid parameter type for 'l', expected: array");
    /* Optional arguments may be left out, but not given as null. */
    assert_generic("tqmp-typed", "{\"s\": \"x\", \"d\": null}",
                   "Invalid parameter type for 'd', expected: object");
    /* None of these reached the handler. */
    g_assert_cmpint(typed_calls, ==, 0);

    /* A command without arguments refuses any. */
    assert_generic("tqmp-nothing", "{\"a\": 1}",
                   "Parameter 'a' is unexpected");
    assert_ok("tqmp-nothing", "{}", "{}");
}

static void test_args_any(void)
{
    typed_calls = 0;
    assert_ok("tqmp-any", "{\"driver\": \"x\", \"foo\": 1, \"bar\": []}",
              "{\"driver\": \"x\", \"foo\": 1, \"bar\": []}");
    /* Declared members are still checked. */
    assert_generic("tqmp-any", "{\"foo\": 1}",
                   "Parameter 'driver' is missing");
    assert_generic("tqmp-any", "{\"driver\": 1, \"foo\": 1}",
                   "Invalid parameter type for 'driver', expected: string");
    g_assert_cmpint(typed_calls, ==, 1);
}

static void test_unknown_and_failing(void)
{
    assert_err("nonexistent", NULL, ERROR_CLASS_COMMAND_NOT_FOUND,
               "The command nonexistent has not been found");
    g_assert_false(qmp_command_exists("nonexistent"));
    g_assert_true(qmp_command_exists("tqmp-fail"));
    /* The handler's error class reaches the caller. */
    assert_err("tqmp-fail", NULL, ERROR_CLASS_DEVICE_NOT_FOUND,
               "Device 'x' not found");
    /* A handler that sets nothing returns {}. */
    assert_ok("tqmp-nothing", NULL, "{}");
}

static void test_command_list(void)
{
    g_autoptr(QList) list = qmp_command_list();
    const char *prev = "";
    bool saw_caps = false, saw_quit = false;
    size_t i;

    g_assert_cmpuint(qlist_size(list), >, 10);
    for (i = 0; i < qlist_size(list); i++) {
        QDict *entry = qobject_to(QDict, qlist_get(list, i));
        const char *name = qdict_get_try_str(entry, "name");

        g_assert_nonnull(name);
        g_assert_cmpuint(qdict_size(entry), ==, 1);
        g_assert_cmpint(strcmp(prev, name), <, 0);    /* sorted, unique */
        saw_caps |= !strcmp(name, "qmp_capabilities");
        saw_quit |= !strcmp(name, "quit");
        prev = name;
    }
    g_assert_true(saw_caps && saw_quit);

    /* query-commands says the same. */
    {
        g_autoptr(QObject) ret = run("query-commands", NULL, &error_abort);

        g_assert_true(qobject_is_equal(ret, QOBJECT(list)));
    }
}

static void test_preconfig(void)
{
    g_assert_false(qmp_in_preconfig());
    assert_generic("x-exit-preconfig", NULL,
                   "The command is permitted only before machine "
                   "initialization");

    qmp_enter_preconfig();
    g_assert_true(qmp_in_preconfig());
    /* Refused before the arguments are even looked at. */
    assert_generic("query-kvm", "{\"bogus\": 1}",
                   "The command 'query-kvm' is permitted only after "
                   "machine initialization has completed");
    assert_generic("stop", NULL,
                   "The command 'stop' is permitted only after machine "
                   "initialization has completed");
    assert_generic("human-monitor-command",
                   "{\"command-line\": \"info status\"}",
                   "The command 'human-monitor-command' is permitted only "
                   "after machine initialization has completed");
    assert_generic("migrate-pause", NULL,
                   "The command 'migrate-pause' is permitted only after "
                   "machine initialization has completed");
    /* These are allowed. */
    assert_ok("query-status", NULL,
              "{\"status\": \"prelaunch\", \"singlestep\": false, "
              "\"running\": false}");
    assert_ok("tqmp-nothing", NULL, "{}");
    g_assert_true(qmp_in_preconfig());
    assert_generic("x-exit-preconfig", "{\"x\": 1}",
                   "Parameter 'x' is unexpected");
    assert_ok("x-exit-preconfig", NULL, "{}");
    g_assert_false(qmp_in_preconfig());
    /* qmp_wait_preconfig_exit() returns at once now. */
    g_assert_true(qmp_wait_preconfig_exit());
    assert_ok("query-kvm", NULL, access("/dev/kvm", F_OK) == 0
              ? "{\"enabled\": false, \"present\": true}"
              : "{\"enabled\": false, \"present\": false}");
}

/* ---------------------------------------------------------------------- */
/* Core commands */

static void test_version(void)
{
    assert_ok("query-version", NULL,
              "{\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}, "
              "\"package\": \"corvid-" CORVID_VERSION "\"}");
    assert_generic("query-version", "{\"x\": 1}",
                   "Parameter 'x' is unexpected");
}

static void test_status_stop_cont(void)
{
    runstate_set(RUN_STATE_PRELAUNCH);
    assert_ok("query-status", NULL,
              "{\"status\": \"prelaunch\", \"singlestep\": false, "
              "\"running\": false}");
    /* stop leaves a guest that never ran in prelaunch, as qemu does. */
    assert_ok("stop", NULL, "{}");
    g_assert_cmpint(runstate_get(), ==, RUN_STATE_PRELAUNCH);
    assert_hmp("info status", "VM status: paused (prelaunch)\r\n");

    assert_ok("cont", NULL, "{}");
    assert_ok("query-status", NULL,
              "{\"status\": \"running\", \"singlestep\": false, "
              "\"running\": true}");
    assert_hmp("info status", "VM status: running\r\n");
    assert_ok("cont", NULL, "{}");
    g_assert_cmpint(runstate_get(), ==, RUN_STATE_RUNNING);

    assert_ok("stop", NULL, "{}");
    assert_ok("query-status", NULL,
              "{\"status\": \"paused\", \"singlestep\": false, "
              "\"running\": false}");
    assert_hmp("info status", "VM status: paused\r\n");

    /* A guest that shut down must be reset first. */
    runstate_set(RUN_STATE_SHUTDOWN);
    assert_generic("cont", NULL, "Resetting the Virtual Machine is required");
    g_assert_cmpint(runstate_get(), ==, RUN_STATE_SHUTDOWN);
    assert_hmp("info status", "VM status: paused (shutdown)\r\n");
    runstate_set(RUN_STATE_GUEST_PANICKED);
    assert_generic("cont", NULL, "Resetting the Virtual Machine is required");
    runstate_set(RUN_STATE_PRELAUNCH);
}

static void test_name_kvm_migrate(void)
{
    g_assert_null(vm_name);
    assert_ok("query-name", NULL, "{}");
    assert_hmp("info name", "");
    vm_name = g_strdup("guest\"1");
    assert_ok("query-name", NULL, "{\"name\": \"guest\\\"1\"}");
    assert_hmp("info name", "guest\"1\r\n");
    g_free(vm_name);
    vm_name = NULL;

    /* No accelerator here: KVM is not in use. */
    assert_hmp("info kvm", "kvm support: disabled\r\n");

    assert_generic("migrate-pause", NULL,
                   "migrate-pause is currently only supported during "
                   "postcopy-active state");
}

static void test_capabilities_direct(void)
{
    /* Outside a session there is nothing left to negotiate. */
    assert_err("qmp_capabilities", NULL, ERROR_CLASS_COMMAND_NOT_FOUND,
               "Capabilities negotiation is already complete, command "
               "ignored");
    /* The arguments are checked first. */
    assert_generic("qmp_capabilities", "{\"enable\": \"oob\"}",
                   "Invalid parameter type for 'enable', expected: array");
    assert_generic("qmp_capabilities", "{\"enable\": [\"oob\", 1]}",
                   "Invalid parameter type for 'enable[1]', expected: "
                   "string");
    assert_generic("qmp_capabilities", "{\"enable\": [\"bogus\"]}",
                   "Parameter 'null' does not accept value 'bogus'");
    assert_generic("qmp_capabilities", "{\"x\": []}",
                   "Parameter 'x' is unexpected");
}

/* ---------------------------------------------------------------------- */
/* human-monitor-command */

static void test_hmp(void)
{
    g_autofree char *list = hmp("info");
    g_autofree char *ver = g_strdup_printf("%d.%d.%dcorvid-%s\r\n", 7, 2, 0,
                                           CORVID_VERSION);

    assert_hmp("info version", ver);
    assert_hmp("  info   version  ", ver);
    assert_hmp("", "");
    assert_hmp("   ", "");
    assert_hmp("foo", "unknown command: 'foo'\r\n");
    assert_hmp("foo bar", "unknown command: 'foo'\r\n");
    assert_hmp("INFO status", "unknown command: 'INFO'\r\n");
    assert_hmp("info foo", "unknown command: 'info foo'\r\n");
    assert_hmp("info foo bar", "unknown command: 'info foo'\r\n");
    assert_hmp("info st", "unknown command: 'info st'\r\n");
    assert_hmp("info status extra",
               "status: extraneous characters at the end of line\r\n"
               "Try \"help info status\" for more information\r\n");
    assert_hmp("info version x",
               "version: extraneous characters at the end of line\r\n"
               "Try \"help info version\" for more information\r\n");

    /* A command with a parameter gets its one word; more is refused. */
    assert_hmp("info tqmp-echo", "arg=[(null)]\r\nsecond line\r\n");
    assert_hmp("info tqmp-echo  /a  ", "arg=[/a]\r\nsecond line\r\n");
    assert_hmp("info tqmp-echo /a b",
               "tqmp-echo: extraneous characters at the end of line\r\n"
               "Try \"help info tqmp-echo\" for more information\r\n");

    /* "info" alone lists them all, sorted. */
    g_assert_nonnull(strstr(list, "info name  -- show the current VM "
                            "name\r\n"));
    g_assert_nonnull(strstr(list, "\r\ninfo status  -- show the current VM "
                            "status (running|paused)\r\n"));
    g_assert_true(strstr(list, "info name ") < strstr(list, "info status "));
    g_assert_nonnull(strstr(list, "info tqmp-echo [word] -- echo the "
                            "argument\r\n"));
    g_assert_nonnull(strstr(list, "info version  -- show the version of "
                            "QEMU\r\n"));
    g_assert_true(g_str_has_prefix(list, "info "));
    g_assert_true(g_str_has_suffix(list, "\r\n"));
}

static void test_hmp_errors(void)
{
    assert_generic("human-monitor-command", "{}",
                   "Parameter 'command-line' is missing");
    assert_generic("human-monitor-command", "{\"command-line\": 1}",
                   "Invalid parameter type for 'command-line', expected: "
                   "string");
    assert_generic("human-monitor-command",
                   "{\"command-line\": \"info name\", \"cpu-index\": \"0\"}",
                   "Invalid parameter type for 'cpu-index', expected: "
                   "integer");
    assert_generic("human-monitor-command",
                   "{\"command-line\": \"info name\", \"cpu-index\": 1.0}",
                   "Invalid parameter type for 'cpu-index', expected: "
                   "integer");
    assert_generic("human-monitor-command",
                   "{\"command-line\": \"info name\", "
                   "\"cpu-index\": 18446744073709551615}",
                   "Invalid parameter type for 'cpu-index', expected: "
                   "integer");
    /* There are no CPUs in this test. */
    g_assert_cmpint(cpu_count(), ==, 0);
    assert_generic("human-monitor-command",
                   "{\"command-line\": \"info name\", \"cpu-index\": 0}",
                   "Parameter 'cpu-index' expects a CPU number");
    assert_generic("human-monitor-command",
                   "{\"command-line\": \"info name\", \"cpu-index\": -1}",
                   "Parameter 'cpu-index' expects a CPU number");
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);
    module_call_init(MODULE_INIT_QMP);
    register_test_commands();

    g_test_add_func("/qmp/dispatch/args-ok", test_args_ok);
    g_test_add_func("/qmp/dispatch/args-bad", test_args_bad);
    g_test_add_func("/qmp/dispatch/args-any", test_args_any);
    g_test_add_func("/qmp/dispatch/unknown-and-failing",
                    test_unknown_and_failing);
    g_test_add_func("/qmp/dispatch/command-list", test_command_list);
    g_test_add_func("/qmp/dispatch/preconfig", test_preconfig);
    g_test_add_func("/qmp/core/version", test_version);
    g_test_add_func("/qmp/core/status-stop-cont", test_status_stop_cont);
    g_test_add_func("/qmp/core/name-kvm-migrate", test_name_kvm_migrate);
    g_test_add_func("/qmp/core/capabilities", test_capabilities_direct);
    g_test_add_func("/qmp/hmp/info", test_hmp);
    g_test_add_func("/qmp/hmp/errors", test_hmp_errors);

    ret = g_test_run();
    g_free(typed_last);
    return ret;
}
