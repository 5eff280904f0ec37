/*
 * human-monitor-command against the running binary: "info qtree" (the
 * device tree by buses: GPIO lines and every qdev property, formatted
 * as qemu formats them) and "info qom-tree" (the composition tree, sorted
 * by name, types in parentheses), with the test-only corvid-test-bridge
 * and corvid-test-leaf; the other built-in subcommands and the
 * command's own errors.  The expected text is qemu-system-x86_64 7.2's,
 * line ends ("\r\n") included.
 */
#include "util/osdep.h"
#include "qobject/qjson.h"
#include "libqtest.h"

#define UUID0 "12345678-9abc-def0-1234-56789abcdef0"
#define UUID1 "00000000-0000-0000-0000-000000000001"

/* Two bridges, br0 with a value of its own in most properties. */
#define TREE_ARGS \
    "-M none -object corvid-test-object,id=o0 " \
    "-device corvid-test-bridge,id=br0,uuid=" UUID0 ",size=1536,str=hi," \
    "mode=on,i32=5,u64=18446744073709551615,bit3=off,flag=on,peer=o0 " \
    "-device corvid-test-bridge,id=br1,uuid=" UUID1 ",async-unplug=on " \
    "-device corvid-test-leaf,id=l0,bus=br0.0,slot=1 " \
    "-device corvid-test-leaf,bus=br0.0,slot=2"

/* Run human-monitor-command @line; its text (caller frees). */
static char *hmp(QTestState *s, const char *line)
{
    QDict *rsp = qtest_qmp(s, "{'execute': 'human-monitor-command', "
                           "'arguments': {'command-line': %s}}", line);
    const char *text = qdict_get_try_str(rsp, "return");
    char *copy;

    if (!text) {
        g_autoptr(GString) json = qobject_to_json(QOBJECT(rsp));

        g_error("'%s': expected text, got %s", line, json->str);
    }
    copy = g_strdup(text);
    qobject_unref(rsp);
    return copy;
}

static void assert_hmp(QTestState *s, const char *line, const char *text)
{
    g_autofree char *got = hmp(s, line);

    g_assert_cmpstr(got, ==, text);
}

/* The default properties of a bridge, br1's. */
#define BRIDGE_DEFAULTS(indent, uuid, async) \
    indent "gpio-in \"\" 4\r\n" \
    indent "gpio-out \"\" 2\r\n" \
    indent "flag = false\r\n" \
    indent "u8 = 8 (0x8)\r\n" \
    indent "u16 = 16 (0x10)\r\n" \
    indent "u32 = 32 (0x20)\r\n" \
    indent "u64 = 64 (0x40)\r\n" \
    indent "i32 = -32 (0xffffffffffffffe0)\r\n" \
    indent "i64 = -64 (0xffffffffffffffc0)\r\n" \
    indent "size = 4096 (4 KiB)\r\n" \
    indent "str = \"\"\r\n" \
    indent "mode = \"auto\"\r\n" \
    indent "bit3 = true\r\n" \
    indent "peer = \"\"\r\n" \
    indent "uuid = \"" uuid "\"\r\n" \
    indent "async-unplug = " async "\r\n" \
    indent "fail-realize = false\r\n"

/* "info qtree" for TREE_ARGS, down to br0's bus (without its leaves). */
#define TREE_BRIDGES \
    "bus: main-system-bus\r\n" \
    "  type System\r\n" \
    "  dev: corvid-test-bridge, id \"br1\"\r\n" \
    BRIDGE_DEFAULTS("    ", UUID1, "true") \
    "    bus: br1.0\r\n" \
    "      type corvid-test-bus\r\n" \
    "  dev: corvid-test-bridge, id \"br0\"\r\n" \
    "    gpio-in \"\" 4\r\n" \
    "    gpio-out \"\" 2\r\n" \
    "    flag = true\r\n" \
    "    u8 = 8 (0x8)\r\n" \
    "    u16 = 16 (0x10)\r\n" \
    "    u32 = 32 (0x20)\r\n" \
    "    u64 = 18446744073709551615 (0xffffffffffffffff)\r\n" \
    "    i32 = 5 (0x5)\r\n" \
    "    i64 = -64 (0xffffffffffffffc0)\r\n" \
    "    size = 1536 (1.5 KiB)\r\n" \
    "    str = \"hi\"\r\n" \
    "    mode = \"on\"\r\n" \
    "    bit3 = false\r\n" \
    "    peer = \"/objects/o0\"\r\n" \
    "    uuid = \"" UUID0 "\"\r\n" \
    "    async-unplug = false\r\n" \
    "    fail-realize = false\r\n" \
    "    bus: br0.0\r\n" \
    "      type corvid-test-bus\r\n"

static void test_info_qtree(void)
{
    QTestState *s;

    if (!qtest_require_device("corvid-test-bridge")) {
        return;
    }
    s = qtest_init(TREE_ARGS);
    /* A hot-plugged leaf lists first: buses list their newest first. */
    qtest_qmp_device_add(s, "corvid-test-leaf", "l2",
                         "{'bus': 'br0.0', 'slot': 3}");

    assert_hmp(s, "info qtree",
               TREE_BRIDGES
               "      dev: corvid-test-leaf, id \"l2\"\r\n"
               "        slot = 3 (0x3)\r\n"
               "      dev: corvid-test-leaf, id \"\"\r\n"
               "        slot = 2 (0x2)\r\n"
               "      dev: corvid-test-leaf, id \"l0\"\r\n"
               "        slot = 1 (0x1)\r\n");

    /* Unplugged leaves leave the tree. */
    qtest_qmp_device_del(s, "l2");
    qtest_qmp_device_del(s, "l0");
    qtest_qmp_assert_success(s, "{'execute': 'device_del', 'arguments': "
                             "{'id': '/machine/peripheral-anon/device[0]'}}");
    qtest_qmp_eventwait(s, "DEVICE_DELETED");
    assert_hmp(s, "info qtree", TREE_BRIDGES);

    assert_hmp(s, "info qtree extra",
               "qtree: extraneous characters at the end of line\r\n"
               "Try \"help info qtree\" for more information\r\n");
    qtest_quit(s);

    /* Sizes are shown as qemu's size_to_str() shows them. */
    s = qtest_init("-M none -device corvid-test-bridge,id=b,size=0,"
                   "uuid=" UUID1);
    assert_hmp(s, "info qtree",
               "bus: main-system-bus\r\n"
               "  type System\r\n"
               "  dev: corvid-test-bridge, id \"b\"\r\n"
               "    gpio-in \"\" 4\r\n"
               "    gpio-out \"\" 2\r\n"
               "    flag = false\r\n"
               "    u8 = 8 (0x8)\r\n"
               "    u16 = 16 (0x10)\r\n"
               "    u32 = 32 (0x20)\r\n"
               "    u64 = 64 (0x40)\r\n"
               "    i32 = -32 (0xffffffffffffffe0)\r\n"
               "    i64 = -64 (0xffffffffffffffc0)\r\n"
               "    size = 0 (0 B)\r\n"
               "    str = \"\"\r\n"
               "    mode = \"auto\"\r\n"
               "    bit3 = true\r\n"
               "    peer = \"\"\r\n"
               "    uuid = \"" UUID1 "\"\r\n"
               "    async-unplug = false\r\n"
               "    fail-realize = false\r\n"
               "    bus: b.0\r\n"
               "      type corvid-test-bus\r\n");
    qtest_quit(s);

    /* Nothing on the bus. */
    s = qtest_init("-M none");
    assert_hmp(s, "info qtree", "bus: main-system-bus\r\n"
                                "  type System\r\n");
    qtest_quit(s);
}

/* The line printed for each size, by the rules of size_to_str(). */
static void test_info_qtree_sizes(void)
{
    static const struct {
        const char *value;
        const char *line;
    } sizes[] = {
        { "512", "size = 512 (512 B)" },
        { "1000", "size = 1000 (0.977 KiB)" },
        { "1025", "size = 1025 (1 KiB)" },
        { "10240000", "size = 10240000 (9.77 MiB)" },
        { "123456789", "size = 123456789 (118 MiB)" },
        { "1073741824", "size = 1073741824 (1 GiB)" },
        { "18446744073709551615",
          "size = 18446744073709551615 (16 EiB)" },
    };
    unsigned i;

    if (!qtest_require_device("corvid-test-bridge")) {
        return;
    }
    for (i = 0; i < G_N_ELEMENTS(sizes); i++) {
        QTestState *s = qtest_initf("-M none -device corvid-test-bridge,"
                                    "size=%s", sizes[i].value);
        g_autofree char *text = hmp(s, "info qtree");
        g_autofree char *line = g_strdup_printf("\r\n    %s\r\n",
                                                sizes[i].line);

        g_assert_nonnull(strstr(text, line));
        qtest_quit(s);
    }
}

static void test_info_qom_tree(void)
{
    static const char peripheral[] =
        "/peripheral (container)\r\n"
        "  /br0 (corvid-test-bridge)\r\n"
        "    /br0.0 (corvid-test-bus)\r\n"
        "    /unnamed-gpio-in[0] (irq)\r\n"
        "    /unnamed-gpio-in[1] (irq)\r\n"
        "    /unnamed-gpio-in[2] (irq)\r\n"
        "    /unnamed-gpio-in[3] (irq)\r\n"
        "  /br1 (corvid-test-bridge)\r\n"
        "    /br1.0 (corvid-test-bus)\r\n"
        "    /unnamed-gpio-in[0] (irq)\r\n"
        "    /unnamed-gpio-in[1] (irq)\r\n"
        "    /unnamed-gpio-in[2] (irq)\r\n"
        "    /unnamed-gpio-in[3] (irq)\r\n"
        "  /l0 (corvid-test-leaf)\r\n"
        "  /l2 (corvid-test-leaf)\r\n";
    QTestState *s;
    g_autofree char *tree = NULL;
    g_autofree char *indented = NULL;
    g_auto(GStrv) lines = NULL;

    if (!qtest_require_device("corvid-test-bridge")) {
        return;
    }
    s = qtest_init(TREE_ARGS);
    qtest_qmp_device_add(s, "corvid-test-leaf", "l2", "{'bus': 'br0.0'}");

    /* Children sorted by name, whatever the order they came in. */
    assert_hmp(s, "info qom-tree /machine/peripheral", peripheral);
    assert_hmp(s, "info qom-tree peripheral", peripheral);
    assert_hmp(s, "info qom-tree   /machine/peripheral  ", peripheral);
    assert_hmp(s, "info qom-tree /machine/peripheral-anon",
               "/peripheral-anon (container)\r\n"
               "  /device[0] (corvid-test-leaf)\r\n");
    assert_hmp(s, "info qom-tree /machine/peripheral/br1/br1.0",
               "/br1.0 (corvid-test-bus)\r\n");
    assert_hmp(s, "info qom-tree /objects",
               "/objects (container)\r\n"
               "  /o0 (corvid-test-object)\r\n");

    /* The default is /machine; the peripheral subtree sits in it. */
    tree = hmp(s, "info qom-tree");
    g_assert_true(g_str_has_prefix(tree, "/machine (none-machine)\r\n"));
    g_assert_nonnull(strstr(tree, "\r\n  /unattached (container)\r\n"
                                  "    /io[0] (memory-region)\r\n"
                                  "    /sysbus (System)\r\n"
                                  "    /system[0] (memory-region)\r\n"));
    lines = g_strsplit(peripheral, "\r\n", -1);
    indented = g_strjoinv("\r\n  ", lines);
    g_assert_nonnull(strstr(tree, indented));

    /* Paths that do not resolve, ambiguous ones included. */
    assert_hmp(s, "info qom-tree /nope",
               "Path '/nope' could not be resolved.\r\n");
    assert_hmp(s, "info qom-tree nope",
               "Path 'nope' could not be resolved.\r\n");
    assert_hmp(s, "info qom-tree unnamed-gpio-in[0]",
               "Path 'unnamed-gpio-in[0]' could not be resolved.\r\n");
    assert_hmp(s, "info qom-tree /machine extra",
               "qom-tree: extraneous characters at the end of line\r\n"
               "Try \"help info qom-tree\" for more information\r\n");
    qtest_quit(s);
}

static void test_hmp_misc(void)
{
    QTestState *s = qtest_init("-M none -name myvm -S");
    g_autofree char *list = NULL;
    QDict *rsp;

    assert_hmp(s, "info status", "VM status: paused (prelaunch)\r\n");
    assert_hmp(s, "info name", "myvm\r\n");
    assert_hmp(s, "info status x",
               "status: extraneous characters at the end of line\r\n"
               "Try \"help info status\" for more information\r\n");
    qtest_qmp_assert_success(s, "{'execute': 'cont'}");
    assert_hmp(s, "info status", "VM status: running\r\n");
    qtest_qmp_assert_success(s, "{'execute': 'stop'}");
    assert_hmp(s, "info status", "VM status: paused\r\n");

    /* Mistakes are text in the reply, not errors. */
    assert_hmp(s, "info nope", "unknown command: 'info nope'\r\n");
    assert_hmp(s, "nope", "unknown command: 'nope'\r\n");
    assert_hmp(s, "", "");
    list = hmp(s, "info");
    g_assert_nonnull(strstr(list, "info qtree  -- show device tree\r\n"));
    g_assert_nonnull(strstr(list, "info status  -- show the current VM "
                                  "status (running|paused)\r\n"));

    qmp_assert_error(qtest_qmp(s, "{'execute': 'human-monitor-command', "
                               "'arguments': {}}"),
                     "GenericError", "Parameter 'command-line' is missing");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'human-monitor-command', "
                               "'arguments': {'command-line': 5}}"),
                     "GenericError",
                     "Invalid parameter type for 'command-line', expected: "
                     "string");
    /* -M none has no CPU for cpu-index to name. */
    qmp_assert_error(qtest_qmp(s, "{'execute': 'human-monitor-command', "
                               "'arguments': {'command-line': 'info qtree', "
                               "'cpu-index': 0}}"),
                     "GenericError",
                     "Parameter 'cpu-index' expects a CPU number");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'human-monitor-command', "
                               "'arguments': {'command-line': 'info qtree', "
                               "'cpu-index': 'x'}}"),
                     "GenericError",
                     "Invalid parameter type for 'cpu-index', expected: "
                     "integer");
    qtest_quit(s);

    /* With a CPU, cpu-index 0 is accepted. */
    s = qtest_init("-M none -cpu qemu64");
    rsp = qtest_qmp(s, "{'execute': 'human-monitor-command', "
                    "'arguments': {'command-line': 'info name', "
                    "'cpu-index': 0}}");
    g_assert_cmpstr(qdict_get_try_str(rsp, "return"), ==, "");
    qobject_unref(rsp);
    qtest_quit(s);
}

/* Details where Corvid once answered differently from qemu 7.2. */
static void test_qemu_details(void)
{
    QTestState *s = qtest_init("-M none");
    g_autofree char *list = hmp(s, "info");

    /* The help line names the optional argument. */
    g_assert_nonnull(strstr(list, "info qom-tree [path] -- show QOM "
                                  "composition tree\r\n"));
    g_assert_nonnull(strstr(list, "info qtree  -- show device tree\r\n"));
    qtest_quit(s);
}

/*
 * info network: hubs (newest first, their ports newest first, each with
 * its peer), then cards with their back ends and back ends alone, named
 * as qemu 7.2 names them (this text is what it printed for these
 * options).  A card's back end goes with it; set_link follows names.
 */
static void test_info_network(void)
{
    g_autofree char *sock = g_strdup_printf("/tmp/corvid-hmp-net-%d.sock",
                                            getpid());
    QTestState *s = qtest_initf(
        "-M pc -netdev hubport,id=h0,hubid=0 -netdev hubport,id=h1,hubid=0 "
        "-device virtio-net-pci,netdev=h0,id=nic0 "
        "-netdev stream,id=s0,server=on,addr.type=unix,addr.path=%s "
        "-netdev hubport,id=h2,hubid=1,netdev=s0 "
        "-netdev hubport,id=s1,hubid=2 -device virtio-net-pci,netdev=s1 "
        "-device virtio-net-pci -netdev hubport,id=lonely,hubid=3", sock);
    g_autofree char *text = hmp(s, "info network");

    g_assert_cmpstr(text, ==,
        "hub 3\r\n"
        " \\ lonely\r\n"
        "hub 2\r\n"
        " \\ s1: virtio-net-pci.1: index=0,type=nic,"
        "model=virtio-net-pci,macaddr=52:54:00:12:34:57\r\n"
        "hub 1\r\n"
        " \\ h2: s0: index=0,type=stream,\r\n"
        "hub 0\r\n"
        " \\ h1\r\n"
        " \\ h0: nic0: index=0,type=nic,model=virtio-net-pci,"
        "macaddr=52:54:00:12:34:56\r\n"
        "virtio-net-pci.2: index=0,type=nic,model=virtio-net-pci,"
        "macaddr=52:54:00:12:34:58\r\n");
    qtest_qmp_assert_success(s, "{'execute': 'set_link', 'arguments': "
                             "{'name': 'virtio-net-pci.2', 'up': false}}");
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/hmp/info-qtree", test_info_qtree);
    g_test_add_func("/hmp/info-qtree-sizes", test_info_qtree_sizes);
    g_test_add_func("/hmp/info-qom-tree", test_info_qom_tree);
    g_test_add_func("/hmp/misc", test_hmp_misc);
    g_test_add_func("/hmp/qemu-details", test_qemu_details);
    g_test_add_func("/hmp/info-network", test_info_network);
    return g_test_run();
}
