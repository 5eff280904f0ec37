/*
 * The machine and run-state QMP commands against the running binary:
 * query-machines, query-cpus-fast, query-cpu-definitions, query-status
 * with stop/cont and their STOP/RESUME events, system_reset (RESET),
 * system_powerdown (POWERDOWN) and query-name.  Every expected reply is
 * the one qemu-system-x86_64 7.2 gives for the same request.
 */
#include "util/osdep.h"
#include "libqtest.h"

static void assert_status(QTestState *s, const char *status, bool running)
{
    g_autofree char *json = g_strdup_printf(
        "{\"status\": \"%s\", \"singlestep\": false, \"running\": %s}",
        status, running ? "true" : "false");

    qtest_qmp_assert_return(s, json, "{'execute': 'query-status'}");
}

static void test_query_machines(void)
{
    QTestState *s = qtest_init("-M none");
    QList *list = qtest_qmp_assert_list(s, "{'execute': 'query-machines'}");

    qobject_assert_json(QOBJECT(qlist_find_named(list, "none")),
                        "{\"name\": \"none\", \"cpu-max\": 1, "
                        "\"hotpluggable-cpus\": false, "
                        "\"numa-mem-supported\": false, \"deprecated\": false, "
                        "\"default-ram-id\": \"ram\"}");
    qobject_unref(list);
    qmp_assert_error(qtest_qmp(s, "{'execute': 'query-machines', 'arguments': "
                               "{'compat-props': true}}"),
                     "GenericError", "Parameter 'compat-props' is unexpected");
    qtest_quit(s);
}

static void test_query_cpus_fast(void)
{
    QTestState *s = qtest_init("-M none -cpu qemu64");
    QList *list = qtest_qmp_assert_list(s, "{'execute': 'query-cpus-fast'}");
    QDict *cpu;

    g_assert_cmpint(qlist_size(list), ==, 1);
    cpu = qobject_to(QDict, qlist_get(list, 0));
    /* The thread id is the host's; the rest is fixed. */
    g_assert_cmpint(qdict_get_try_int(cpu, "thread-id", -1), >, 0);
    qdict_del(cpu, "thread-id");
    qobject_assert_json(QOBJECT(cpu),
                        "{\"cpu-index\": 0, "
                        "\"qom-path\": \"/machine/unattached/device[0]\", "
                        "\"props\": {\"socket-id\": 0, \"core-id\": 0, "
                        "\"thread-id\": 0}, "
                        "\"target\": \"x86_64\"}");
    qobject_unref(list);
    /* The path leads to the CPU. */
    qtest_qmp_assert_return(s, "\"qemu64-x86_64-cpu\"",
                            "{'execute': 'qom-get', 'arguments': "
                            "{'path': '/machine/unattached/device[0]', "
                            "'property': 'type'}}");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'query-cpus-fast', "
                               "'arguments': {'x': 1}}"),
                     "GenericError", "Parameter 'x' is unexpected");
    qtest_quit(s);

    /* The none machine has no CPU unless asked. */
    s = qtest_init("-M none");
    qtest_qmp_assert_return(s, "[]", "{'execute': 'query-cpus-fast'}");
    qtest_quit(s);
}

static void test_query_cpu_definitions(void)
{
    QTestState *s = qtest_init("-M none");
    QList *list = qtest_qmp_assert_list(s,
                                        "{'execute': 'query-cpu-definitions'}");
    size_t i;

    /* "host" needs KVM, which the qtest accelerator is not. */
    qobject_assert_json(QOBJECT(qlist_find_named(list, "host")),
                        "{\"name\": \"host\", "
                        "\"typename\": \"host-x86_64-cpu\", "
                        "\"unavailable-features\": [\"kvm\"], "
                        "\"static\": false, "
                        "\"migration-safe\": false, \"deprecated\": false}");
    qobject_assert_json(QOBJECT(qlist_find_named(list, "max")),
                        "{\"name\": \"max\", \"typename\": \"max-x86_64-cpu\", "
                        "\"unavailable-features\": [], \"static\": false, "
                        "\"migration-safe\": false, \"deprecated\": false}");
    qobject_assert_json(QOBJECT(qlist_find_named(list, "base")),
                        "{\"name\": \"base\", "
                        "\"typename\": \"base-x86_64-cpu\", "
                        "\"unavailable-features\": [], \"static\": true, "
                        "\"migration-safe\": true, \"deprecated\": false}");
    g_assert_nonnull(qlist_find_named(list, "qemu64"));
    g_assert_cmpstr(qdict_get_try_str(qlist_find_named(list, "qemu64"),
                                      "typename"), ==, "qemu64-x86_64-cpu");
    /* Every entry has the members every client reads. */
    for (i = 0; i < qlist_size(list); i++) {
        QDict *def = qobject_to(QDict, qlist_get(list, i));
        g_autofree char *typename = g_strdup_printf(
            "%s-x86_64-cpu", qdict_get_try_str(def, "name"));

        g_assert_cmpstr(qdict_get_try_str(def, "typename"), ==, typename);
        g_assert_nonnull(qdict_get_qlist(def, "unavailable-features"));
        g_assert_true(qdict_haskey(def, "static"));
        g_assert_true(qdict_haskey(def, "migration-safe"));
        g_assert_true(qdict_haskey(def, "deprecated"));
    }
    qobject_unref(list);
    qmp_assert_error(qtest_qmp(s, "{'execute': 'query-cpu-definitions', "
                               "'arguments': {'x': 1}}"),
                     "GenericError", "Parameter 'x' is unexpected");
    qtest_quit(s);
}

static void test_run_state(void)
{
    QTestState *s = qtest_init("-M none -S");

    assert_status(s, "prelaunch", false);
    qtest_qmp_assert_success(s, "{'execute': 'cont'}");
    qtest_qmp_assert_event(s, "RESUME", NULL);
    assert_status(s, "running", true);
    /* Already running: no event. */
    qtest_qmp_assert_success(s, "{'execute': 'cont'}");
    qtest_qmp_assert_no_event(s, "RESUME");

    qtest_qmp_assert_success(s, "{'execute': 'stop'}");
    qtest_qmp_assert_event(s, "STOP", NULL);
    assert_status(s, "paused", false);
    qtest_qmp_assert_success(s, "{'execute': 'stop'}");
    qtest_qmp_assert_no_event(s, "STOP");
    qtest_qmp_assert_success(s, "{'execute': 'cont'}");
    qtest_qmp_assert_event(s, "RESUME", NULL);
    assert_status(s, "running", true);

    /* A reset leaves a running machine running. */
    qtest_qmp_assert_success(s, "{'execute': 'system_reset'}");
    qtest_qmp_assert_event(s, "RESET", "{\"guest\": false, "
                           "\"reason\": \"host-qmp-system-reset\"}");
    assert_status(s, "running", true);
    /* The powerdown request is the guest's to act on. */
    qtest_qmp_assert_success(s, "{'execute': 'system_powerdown'}");
    qtest_qmp_assert_event(s, "POWERDOWN", NULL);
    assert_status(s, "running", true);
    qtest_qmp_assert_no_event(s, "SHUTDOWN");

    /* Paused, a powerdown request changes nothing either. */
    qtest_qmp_assert_success(s, "{'execute': 'stop'}");
    qtest_qmp_assert_event(s, "STOP", NULL);
    qtest_qmp_assert_success(s, "{'execute': 'system_powerdown'}");
    qtest_qmp_assert_event(s, "POWERDOWN", NULL);
    assert_status(s, "paused", false);

#define NO_ARGS(cmd) \
    qmp_assert_error(qtest_qmp(s, "{'execute': %s, 'arguments': {'x': 1}}", \
                               cmd), "GenericError", \
                     "Parameter 'x' is unexpected")
    NO_ARGS("query-status");
    NO_ARGS("stop");
    NO_ARGS("cont");
    NO_ARGS("system_reset");
    NO_ARGS("system_powerdown");
#undef NO_ARGS
    qtest_qmp_assert_no_event(s, "RESUME");
    qtest_qmp_assert_no_event(s, "RESET");
    qtest_quit(s);
}

static void test_query_name(void)
{
    QTestState *s = qtest_init("-M none -name myvm");

    qtest_qmp_assert_return(s, "{\"name\": \"myvm\"}",
                            "{'execute': 'query-name'}");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'query-name', 'arguments': "
                               "{'x': 1}}"),
                     "GenericError", "Parameter 'x' is unexpected");
    qtest_quit(s);

    s = qtest_init("-M none -name guest=vm2,debug-threads=on");
    qtest_qmp_assert_return(s, "{\"name\": \"vm2\"}",
                            "{'execute': 'query-name'}");
    qtest_quit(s);

    /* Without -name: no member at all. */
    s = qtest_init("-M none");
    qtest_qmp_assert_return(s, "{}", "{'execute': 'query-name'}");
    qtest_quit(s);
}

/* Details where Corvid once answered differently from qemu 7.2. */
static void test_qemu_details(void)
{
    QTestState *s = qtest_init("-M none");
    QDict *rsp;

    /* qemu: a reset while stopped goes back to "prelaunch". */
    qtest_qmp_assert_success(s, "{'execute': 'stop'}");
    qtest_qmp_assert_success(s, "{'execute': 'system_reset'}");
    qtest_qmp_assert_event(s, "RESET", "{\"guest\": false, "
                           "\"reason\": \"host-qmp-system-reset\"}");
    rsp = qtest_qmp(s, "{'execute': 'query-status'}");
    g_assert_cmpstr(qdict_get_try_str(qdict_get_qdict(rsp, "return"),
                                      "status"), ==, "prelaunch");
    qobject_unref(rsp);
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/machine/qmp/query-machines", test_query_machines);
    g_test_add_func("/machine/qmp/query-cpus-fast", test_query_cpus_fast);
    g_test_add_func("/machine/qmp/query-cpu-definitions",
                    test_query_cpu_definitions);
    g_test_add_func("/machine/qmp/run-state", test_run_state);
    g_test_add_func("/machine/qmp/query-name", test_query_name);
    g_test_add_func("/machine/qmp/qemu-details", test_qemu_details);
    return g_test_run();
}
