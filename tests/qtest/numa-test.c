/*
 * -numa through the binary, on the test machine corvid-test-x86 (which
 * supports NUMA as pc and q35 do): what firmware reads in FW_CFG_NUMA,
 * the guest RAM made of the node backends, "info numa", "info memdev",
 * query-memdev, query-cpus-fast's node-id, set-numa-node during
 * --preconfig, and the warnings for CPUs left out.  Expected texts and
 * values are qemu-system-x86_64 7.2's for -M pc with the same options.
 */
#include "util/osdep.h"
#include "fw_cfg-util.h"

#define MACHINE QFW_TEST_MACHINE

/* Two 64 MiB nodes (the test machine's 128 MiB default RAM). */
#define TWO_NODES \
    "-object memory-backend-ram,id=m0,size=64M " \
    "-object memory-backend-ram,id=m1,size=64M " \
    "-numa node,memdev=m0 -numa node,memdev=m1"

static char *hmp(QTestState *s, const char *line)
{
    QDict *rsp = qtest_qmp(s, "{'execute': 'human-monitor-command', "
                           "'arguments': {'command-line': %s}}", line);
    char *text = g_strdup(qdict_get_try_str(rsp, "return"));

    g_assert_nonnull(text);
    qobject_unref(rsp);
    return text;
}

/* FW_CFG_NUMA: node count, the node of each APIC ID, node sizes. */
static void check_fw_cfg_numa(QTestState *s, const uint64_t *expect,
                              size_t n)
{
    g_autofree uint64_t *numa = g_new(uint64_t, n);
    QFWCfg fw;
    size_t i;

    qfw_init_io(&fw, s);
    qfw_read_item(&fw, FW_CFG_NUMA, numa, n * sizeof(uint64_t));
    for (i = 0; i < n; i++) {
        g_assert_cmphex(GUINT64_FROM_LE(numa[i]), ==, expect[i]);
    }
}

/* With no CPU placed by hand, each socket goes to socket % nodes. */
static void test_fw_cfg_default_cpus(void)
{
    static const uint64_t expect[] = {
        2,
        0, 0, 1, 1,             /* APIC IDs 0-3: sockets 0, 0, 1, 1 */
        64 * MiB, 64 * MiB,
    };
    QTestState *s;

    if (!qfw_test_have_machine()) {
        return;
    }
    s = qtest_init("-M " MACHINE " -smp 4,sockets=2,cores=2 " TWO_NODES);
    check_fw_cfg_numa(s, expect, ARRAY_SIZE(expect));
    qtest_quit(s);
}

/* cpus= given several times in one option; -numa cpu by socket. */
static void test_fw_cfg_explicit_cpus(void)
{
    static const uint64_t by_index[] = {
        2, 1, 0, 1, 0, 64 * MiB, 64 * MiB,
    };
    static const uint64_t by_socket[] = {
        3, 2, 2, 0, 0, 32 * MiB, 32 * MiB, 64 * MiB,
    };
    QTestState *s;

    if (!qfw_test_have_machine()) {
        return;
    }
    s = qtest_init("-M " MACHINE " -smp 4 "
                   "-object memory-backend-ram,id=m0,size=64M "
                   "-object memory-backend-ram,id=m1,size=64M "
                   "-numa node,memdev=m0,cpus=1,cpus=3 "
                   "-numa node,cpus=0,memdev=m1,cpus=2-2");
    check_fw_cfg_numa(s, by_index, ARRAY_SIZE(by_index));
    qtest_quit(s);

    s = qtest_init("-M " MACHINE " -smp 4,sockets=2,cores=2 "
                   "-object memory-backend-ram,id=m0,size=32M "
                   "-object memory-backend-ram,id=m1,size=32M "
                   "-object memory-backend-ram,id=m2,size=64M "
                   "-numa node,memdev=m0 -numa node,memdev=m1 "
                   "-numa node,memdev=m2 "
                   "-numa cpu,node-id=2,socket-id=0 "
                   "-numa cpu,node-id=0,socket-id=1,core-id=0 "
                   "-numa cpu,node-id=0,socket-id=1,core-id=1,thread-id=0");
    check_fw_cfg_numa(s, by_socket, ARRAY_SIZE(by_socket));
    qtest_quit(s);
}

/* The node backends, one after the other, are the guest's RAM. */
static void test_ram_from_nodes(void)
{
    g_autofree char *mtree = NULL;
    QTestState *s;
    QObject *v;

    if (!qfw_test_have_machine()) {
        return;
    }
    s = qtest_init("-M " MACHINE " " TWO_NODES);
    mtree = hmp(s, "info mtree");
    g_assert_nonnull(strstr(mtree, "memory-region: pc.ram\r\n"
        "  0000000000000000-0000000007ffffff (prio 0, i/o): pc.ram\r\n"
        "    0000000000000000-0000000003ffffff (prio 0, ram): m0\r\n"
        "    0000000004000000-0000000007ffffff (prio 0, ram): m1\r\n"));
    /* Guest writes on both sides of the node boundary stick. */
    qtest_writel(s, 64 * MiB - 4, 0x11223344);
    qtest_writel(s, 64 * MiB, 0x55667788);
    g_assert_cmphex(qtest_readl(s, 64 * MiB - 4), ==, 0x11223344);
    g_assert_cmphex(qtest_readl(s, 64 * MiB), ==, 0x55667788);
    g_assert_cmphex(qtest_readq(s, 64 * MiB - 4), ==, 0x5566778811223344);
    /* No single backend is the RAM. */
    v = qtest_qom_get(s, "/machine", "memory-backend");
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, v)), ==, "");
    qobject_unref(v);
    qtest_quit(s);
}

static void test_info_numa(void)
{
    g_autofree char *none = NULL, *text = NULL;
    QTestState *s;
    QList *cpus;
    size_t i;

    s = qtest_init("-M none");
    none = hmp(s, "info numa");
    g_assert_cmpstr(none, ==, "0 nodes\r\n");
    qtest_quit(s);

    if (!qfw_test_have_machine()) {
        return;
    }
    s = qtest_init("-M " MACHINE " -cpu qemu64 -smp 4,sockets=4 "
                   TWO_NODES);
    text = hmp(s, "info numa");
    g_assert_cmpstr(text, ==,
                    "2 nodes\r\n"
                    "node 0 cpus: 0 2\r\n"
                    "node 0 size: 64 MB\r\n"
                    "node 0 plugged: 0 MB\r\n"
                    "node 1 cpus: 1 3\r\n"
                    "node 1 size: 64 MB\r\n"
                    "node 1 plugged: 0 MB\r\n");
    /* The CPUs carry their node. */
    cpus = qtest_qmp_assert_list(s, "{'execute': 'query-cpus-fast'}");
    g_assert_cmpuint(qlist_size(cpus), ==, 4);
    for (i = 0; i < 4; i++) {
        QDict *cpu = qobject_to(QDict, qlist_get(cpus, i));
        QDict *props = qdict_get_qdict(cpu, "props");

        g_assert_cmpint(qdict_get_try_int(cpu, "cpu-index", -1), ==, i);
        g_assert_cmpint(qdict_get_try_int(props, "node-id", -1), ==, i % 2);
    }
    qobject_unref(cpus);
    qtest_quit(s);

    /* A node without CPUs and a CPU list left to the default. */
    s = qtest_init("-M " MACHINE " -cpu qemu64 -smp 2,maxcpus=4,sockets=4 "
                   "-m 256M -object memory-backend-ram,id=m0,size=129M "
                   "-object memory-backend-ram,id=m1,size=127M "
                   "-numa node,memdev=m0,cpus=0-3 -numa node,memdev=m1");
    g_free(text);
    text = hmp(s, "info numa");
    g_assert_cmpstr(text, ==,
                    "2 nodes\r\n"
                    "node 0 cpus: 0 1\r\n"
                    "node 0 size: 129 MB\r\n"
                    "node 0 plugged: 0 MB\r\n"
                    "node 1 cpus:\r\n"
                    "node 1 size: 127 MB\r\n"
                    "node 1 plugged: 0 MB\r\n");
    qtest_quit(s);
}

/*
 * In creation order (qemu's follows a hash table), the machine's own RAM
 * included; the members and the text are qemu's.
 */
static void test_memdev(void)
{
    g_autofree char *text = NULL;
    QTestState *s;

    s = qtest_init("-M none");
    qtest_qmp_assert_return(s, "[]", "{'execute': 'query-memdev'}");
    text = hmp(s, "info memdev");
    g_assert_cmpstr(text, ==, "\r\n");
    qtest_quit(s);

    if (!qfw_test_have_machine()) {
        return;
    }
    s = qtest_init("-M " MACHINE " "
                   "-object memory-backend-ram,id=f0,size=16M,share=on,"
                   "prealloc=on "
                   "-object memory-backend-ram,id=m0,size=64M,merge=off,"
                   "dump=off,reserve=off");
    qtest_qmp_assert_return(s,
        "[{\"share\": true, \"reserve\": true, \"prealloc\": true, "
        "\"host-nodes\": [], \"size\": 16777216, \"merge\": true, "
        "\"dump\": true, \"policy\": \"default\", \"id\": \"f0\"}, "
        "{\"share\": false, \"reserve\": false, \"prealloc\": false, "
        "\"host-nodes\": [], \"size\": 67108864, \"merge\": false, "
        "\"dump\": false, \"policy\": \"default\", \"id\": \"m0\"}, "
        "{\"share\": false, \"reserve\": true, \"prealloc\": false, "
        "\"host-nodes\": [], \"size\": 134217728, \"merge\": true, "
        "\"dump\": true, \"policy\": \"default\", \"id\": \"pc.ram\"}]",
        "{'execute': 'query-memdev'}");
    g_free(text);
    text = hmp(s, "info memdev");
    g_assert_cmpstr(text, ==,
                    "memory backend: f0\r\n"
                    "  size:  16777216\r\n"
                    "  merge: true\r\n"
                    "  dump: true\r\n"
                    "  prealloc: true\r\n"
                    "  share: true\r\n"
                    "  reserve: true\r\n"
                    "  policy: default\r\n"
                    "  host nodes: \r\n"
                    "memory backend: m0\r\n"
                    "  size:  67108864\r\n"
                    "  merge: false\r\n"
                    "  dump: false\r\n"
                    "  prealloc: false\r\n"
                    "  share: false\r\n"
                    "  reserve: false\r\n"
                    "  policy: default\r\n"
                    "  host nodes: \r\n"
                    "memory backend: pc.ram\r\n"
                    "  size:  134217728\r\n"
                    "  merge: true\r\n"
                    "  dump: true\r\n"
                    "  prealloc: false\r\n"
                    "  share: false\r\n"
                    "  reserve: true\r\n"
                    "  policy: default\r\n"
                    "  host nodes: \r\n"
                    "\r\n");
    qtest_quit(s);
}

/* set-numa-node only before the board exists. */
static void test_preconfig(void)
{
    g_autofree char *text = NULL;
    QTestState *s;

    if (!qfw_test_have_machine()) {
        return;
    }
    s = qtest_init("--preconfig -M " MACHINE " -smp 2 "
                   "-object memory-backend-ram,id=m0,size=64M "
                   "-object memory-backend-ram,id=m1,size=64M");
    qtest_qmp_assert_success(s, "{'execute': 'set-numa-node', 'arguments': "
                             "{'type': 'node', 'nodeid': 0, "
                             "'memdev': 'm0'}}");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'set-numa-node', "
                               "'arguments': {'type': 'node', "
                               "'nodeid': 0}}"),
                     "GenericError", "Duplicate NUMA nodeid: 0");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'set-numa-node', "
                               "'arguments': {'type': 'node', "
                               "'cpus': [0, 2]}}"),
                     "GenericError", "CPU index (2) should be smaller than "
                     "maxcpus (2)");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'set-numa-node', "
                               "'arguments': {'type': 'node', "
                               "'nodeid': 'x'}}"),
                     "GenericError", "Parameter 'nodeid' expects uint64");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'set-numa-node', "
                               "'arguments': {'type': 'node', 'foo': 1}}"),
                     "GenericError", "Parameter 'foo' is unexpected");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'set-numa-node', "
                               "'arguments': {}}"),
                     "GenericError", "Parameter 'type' is missing");
    qtest_qmp_assert_success(s, "{'execute': 'set-numa-node', 'arguments': "
                             "{'type': 'node', 'memdev': 'm1', "
                             "'cpus': [1]}}");
    qtest_qmp_assert_success(s, "{'execute': 'set-numa-node', 'arguments': "
                             "{'type': 'dist', 'src': 0, 'dst': 1, "
                             "'val': 21}}");
    qtest_qmp_assert_success(s, "{'execute': 'x-exit-preconfig'}");
    text = hmp(s, "info numa");
    g_assert_cmpstr(text, ==,
                    "2 nodes\r\n"
                    "node 0 cpus:\r\n"
                    "node 0 size: 64 MB\r\n"
                    "node 0 plugged: 0 MB\r\n"
                    "node 1 cpus:\r\n"
                    "node 1 size: 64 MB\r\n"
                    "node 1 plugged: 0 MB\r\n");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'set-numa-node', "
                               "'arguments': {'type': 'node'}}"),
                     "GenericError", "The command is permitted only before "
                     "the machine has been created");
    qtest_quit(s);
}

/*
 * CPUs left out when others were placed: node 0, with qemu's warnings
 * (seen on stderr of a run that then fails on purpose).
 */
static void test_partial_warning(void)
{
    g_autofree char *err = NULL;

    if (!qfw_test_have_machine()) {
        return;
    }
    g_assert_cmpint(qtest_runf(NULL, &err, "-M " MACHINE " -display none "
                               "-accel qtest -smp 4,sockets=2,cores=2 "
                               TWO_NODES " -numa cpu,node-id=1,socket-id=0 "
                               "-device nosuch"), ==, 1);
    g_assert_nonnull(strstr(err, "warning: CPU(s) not present in any NUMA "
                            "nodes: CPU 2 [socket-id: 1, core-id: 0, "
                            "thread-id: 0], CPU 3 [socket-id: 1, core-id: "
                            "1, thread-id: 0]\n"));
    g_assert_nonnull(strstr(err, "warning: All CPU(s) up to maxcpus should "
                            "be described in NUMA config, ability to start "
                            "up with partial NUMA mappings is obsoleted and "
                            "will be removed in future\n"));
    g_clear_pointer(&err, g_free);

    /* All placed: no warning. */
    g_assert_cmpint(qtest_runf(NULL, &err, "-M " MACHINE " -display none "
                               "-accel qtest -smp 2 " TWO_NODES
                               " -numa cpu,node-id=1 -device nosuch"), ==, 1);
    g_assert_null(strstr(err, "warning"));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/numa/fw_cfg/default-cpus", test_fw_cfg_default_cpus);
    g_test_add_func("/numa/fw_cfg/explicit-cpus", test_fw_cfg_explicit_cpus);
    g_test_add_func("/numa/ram", test_ram_from_nodes);
    g_test_add_func("/numa/info-numa", test_info_numa);
    g_test_add_func("/numa/memdev", test_memdev);
    g_test_add_func("/numa/preconfig", test_preconfig);
    g_test_add_func("/numa/partial-warning", test_partial_warning);
    return g_test_run();
}
