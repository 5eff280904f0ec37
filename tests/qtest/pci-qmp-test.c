/*
 * PCI through the management interfaces: query-pci's reply and "info
 * pci"'s text for a hierarchy before and after the guest (libqpci, as
 * firmware) numbered and assigned it; placing functions with addr= and
 * multifunction=, with -device and device_add, and qemu's errors for
 * occupied slots, single-function slots and addresses it does not take.
 * Every expected message and reply shape is what qemu-system-x86_64 7.2
 * gives for the same case (with e1000 and pci-bridge on its pc machine).
 */
#include "util/osdep.h"
#include "libqpci.h"
#include "qobject/qjson.h"
#include "../testdev/pci-testdev-regs.h"

#define DEV "corvid-test-pci-dev"
#define HOST "-M none -m 16M -device corvid-test-pci-host "
/* The smallest test function: no BARs beyond the register ones. */
#define SMALL "mem64-bar=off,msix-vectors=0"

/* The bridge without its hot-plug controller: no BAR and no pin of its
 * own (test_query_pci_shpc has the default one). */
static const char *hierarchy =
    HOST "-device " DEV ",id=d,addr=3 "
    "-device pci-bridge,id=br,addr=5,chassis_nr=1,shpc=off "
    "-device " DEV ",bus=br,addr=2,id=b," SMALL;

/* The parts of the replies that do not change. */
#define DEV_ID \
    "\"class_info\": {\"class\": 255}, " \
    "\"id\": {\"device\": 4336, \"vendor\": 6900, \"subsystem\": 4352, " \
    "\"subsystem-vendor\": 6900}"
#define BRIDGE_ID \
    "\"class_info\": {\"desc\": \"PCI bridge\", \"class\": 1540}, " \
    "\"id\": {\"device\": 1, \"vendor\": 6966}, \"irq_pin\": 0"
#define MEM(bar, addr, size, pf, b64) \
    "{\"bar\": " #bar ", \"type\": \"memory\", \"address\": " #addr ", " \
    "\"size\": " #size ", \"prefetch\": " #pf ", \"mem_type_64\": " #b64 "}"
#define IO(bar, addr, size) \
    "{\"bar\": " #bar ", \"type\": \"io\", \"address\": " #addr ", " \
    "\"size\": " #size "}"
#define RANGE(base, limit) "{\"base\": " #base ", \"limit\": " #limit "}"

static void test_query_pci(void)
{
    QTestState *qts = qtest_init(hierarchy);
    QPCIBus *bus = qpci_new_test_host(qts);
    QPCIDevice *d, *b;

    /* As the machine starts: nothing mapped, the bridge's bus not
     * numbered, so what is behind it is not listed. */
    qtest_qmp_assert_return(qts,
        "[{\"bus\": 0, \"devices\": ["
        "{\"bus\": 0, \"slot\": 3, \"function\": 0, " DEV_ID ", "
        "\"irq\": 0, \"irq_pin\": 1, \"qdev_id\": \"d\", \"regions\": ["
        IO(0, -1, 64) ", " MEM(1, -1, 4096, false, false) ", "
        MEM(2, -1, 1048576, true, true) ", "
        MEM(4, -1, 4096, false, false) "]}, "
        "{\"bus\": 0, \"slot\": 5, \"function\": 0, " BRIDGE_ID ", "
        "\"qdev_id\": \"br\", \"pci_bridge\": {\"bus\": {"
        "\"number\": 0, \"secondary\": 0, \"subordinate\": 0, "
        "\"io_range\": " RANGE(0, 4095) ", "
        "\"memory_range\": " RANGE(0, 1048575) ", "
        "\"prefetchable_range\": " RANGE(0, 1048575) "}}, "
        "\"regions\": []}]}]",
        "{'execute': 'query-pci'}");

    /* Numbered, assigned and decoding, as firmware leaves it. */
    qpci_enumerate(bus);
    qpci_assign_resources(bus);
    d = qpci_device_find(bus, 0, QPCI_DEVFN(3, 0));
    b = qpci_device_find(bus, 1, QPCI_DEVFN(2, 0));
    qpci_device_enable(d);
    qpci_device_enable(b);
    qpci_config_writeb(d, PCI_INTERRUPT_LINE, 11);
    g_assert_cmphex(d->bars[0].addr, ==, 0xc000);
    g_assert_cmphex(d->bars[2].addr, ==, 0x8000000000ULL);
    g_assert_cmphex(b->bars[1].addr, ==, 0xe0100000);
    qtest_qmp_assert_return(qts,
        "[{\"bus\": 0, \"devices\": ["
        "{\"bus\": 0, \"slot\": 3, \"function\": 0, " DEV_ID ", "
        "\"irq\": 11, \"irq_pin\": 1, \"qdev_id\": \"d\", \"regions\": ["
        IO(0, 49152, 64) ", " MEM(1, 3758096384, 4096, false, false) ", "
        MEM(2, 549755813888, 1048576, true, true) ", "
        MEM(4, 3758100480, 4096, false, false) "]}, "
        "{\"bus\": 0, \"slot\": 5, \"function\": 0, " BRIDGE_ID ", "
        "\"qdev_id\": \"br\", \"pci_bridge\": {\"bus\": {"
        "\"number\": 0, \"secondary\": 1, \"subordinate\": 1, "
        "\"io_range\": " RANGE(53248, 57343) ", "
        "\"memory_range\": " RANGE(3759144960, 3760193535) ", "
        "\"prefetchable_range\": " RANGE(4293918720, 1048575) "}, "
        "\"devices\": [{\"bus\": 1, \"slot\": 2, \"function\": 0, "
        DEV_ID ", \"irq\": 0, \"irq_pin\": 1, \"qdev_id\": \"b\", "
        "\"regions\": [" IO(0, 53248, 64) ", "
        MEM(1, 3759144960, 4096, false, false) "]}]}, "
        "\"regions\": []}]}]",
        "{'execute': 'query-pci'}");

    /* A 64-bit window and BAR high up show as negative numbers, as in
     * qemu's schema. */
    qpci_bridge_set_pref_window(qpci_device_find(bus, 0, QPCI_DEVFN(5, 0)),
                                0xfffffffffff00000ULL,
                                0xffffffffffffffffULL);
    {
        g_autoptr(QList) l = qtest_qmp_assert_list(
            qts, "{'execute': 'query-pci'}");
        QDict *root = qobject_to(QDict, qlist_get(l, 0));
        QDict *br = qobject_to(QDict, qlist_get(qdict_get_qlist(
                                                    root, "devices"), 1));
        QDict *pf = qdict_get_qdict(qdict_get_qdict(qdict_get_qdict(
                                        br, "pci_bridge"), "bus"),
                                    "prefetchable_range");

        qobject_assert_json(QOBJECT(pf), "{\"base\": -1048576, "
                            "\"limit\": -1}");
    }

    /* A guest that numbers the inner bus twice, or the bridge's bus as
     * its own: the reply stays finite and lists what routing reaches. */
    qpci_config_writew(qpci_device_find(bus, 0, QPCI_DEVFN(5, 0)),
                       PCI_SECONDARY_BUS, 0xff00);
    {
        g_autoptr(QList) l = qtest_qmp_assert_list(
            qts, "{'execute': 'query-pci'}");
        g_assert_cmpuint(qlist_size(l), ==, 1);
    }
    qpci_free(bus);
    qtest_quit(qts);
}

/* The default pci-bridge: INTA and the controller's BAR0, as qemu's
 * (observed with -M pc -device pci-bridge,chassis_nr=1). */
static void test_query_pci_shpc(void)
{
    QTestState *qts = qtest_init(HOST "-device pci-bridge,id=br,addr=5,"
                                 "chassis_nr=1");
    g_autoptr(QObject) text = NULL;

    qtest_qmp_assert_return(qts,
        "[{\"bus\": 0, \"devices\": ["
        "{\"bus\": 0, \"slot\": 5, \"function\": 0, "
        "\"class_info\": {\"desc\": \"PCI bridge\", \"class\": 1540}, "
        "\"id\": {\"device\": 1, \"vendor\": 6966}, \"irq\": 0, "
        "\"irq_pin\": 1, "
        "\"qdev_id\": \"br\", \"pci_bridge\": {\"bus\": {"
        "\"number\": 0, \"secondary\": 0, \"subordinate\": 0, "
        "\"io_range\": " RANGE(0, 4095) ", "
        "\"memory_range\": " RANGE(0, 1048575) ", "
        "\"prefetchable_range\": " RANGE(0, 1048575) "}}, "
        "\"regions\": [" MEM(0, -1, 256, false, true) "]}]}]",
        "{'execute': 'query-pci'}");
    text = qtest_qmp_assert_success_ref(
        qts, "{'execute': 'human-monitor-command', "
        "'arguments': {'command-line': 'info pci'}}");
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, text)), ==,
        "  Bus  0, device   5, function 0:\r\n"
        "    PCI bridge: PCI device 1b36:0001\r\n"
        "      IRQ 0, pin A\r\n"
        "      BUS 0.\r\n"
        "      secondary bus 0.\r\n"
        "      subordinate bus 0.\r\n"
        "      IO range [0x0000, 0x0fff]\r\n"
        "      memory range [0x00000000, 0x000fffff]\r\n"
        "      prefetchable memory range [0x00000000, 0x000fffff]\r\n"
        "      BAR0: 64 bit memory at 0xffffffffffffffff [0x000000fe].\r\n"
        "      id \"br\"\r\n");
    qtest_quit(qts);
}

static void test_query_pci_roots(void)
{
    /* Two host bridges: the newer root bus is listed first, as qemu
     * lists expander buses before bus 0. */
    QTestState *qts = qtest_init(
        HOST "-device " DEV ",addr=1," SMALL
        " -device corvid-test-pci-host,id=h2,config-port=0xcf0,mmio-size=0,"
        "mmio64-size=0,io-size=0 "
        "-device " DEV ",bus=h2.0,addr=2,id=x," SMALL);
    g_autoptr(QList) l = qtest_qmp_assert_list(qts,
                                               "{'execute': 'query-pci'}");
    QDict *first = qobject_to(QDict, qlist_get(l, 0));
    QDict *second = qobject_to(QDict, qlist_get(l, 1));
    QDict *dev;

    g_assert_cmpuint(qlist_size(l), ==, 2);
    dev = qobject_to(QDict, qlist_get(qdict_get_qlist(first, "devices"), 0));
    g_assert_cmpstr(qdict_get_try_str(dev, "qdev_id"), ==, "x");
    g_assert_cmpint(qdict_get_try_int(dev, "slot", -1), ==, 2);
    dev = qobject_to(QDict, qlist_get(qdict_get_qlist(second, "devices"),
                                      0));
    g_assert_cmpstr(qdict_get_try_str(dev, "qdev_id"), ==, "");
    g_assert_cmpint(qdict_get_try_int(dev, "slot", -1), ==, 1);
    /* Each host's configuration ports reach its own bus only. */
    qtest_outl(qts, 0xcf0, 0x80001000);
    g_assert_cmphex(qtest_inw(qts, 0xcf4), ==, CORVID_TEST_PCI_VENDOR_ID);
    qtest_outl(qts, 0xcf8, 0x80001000);
    g_assert_cmphex(qtest_inw(qts, 0xcfc), ==, 0xffff);
    qtest_quit(qts);

    /* No PCI at all: an empty list and no text, as qemu -M none. */
    qts = qtest_init("-M none");
    qtest_qmp_assert_return(qts, "[]", "{'execute': 'query-pci'}");
    qtest_qmp_assert_return(qts, "\"\"",
                            "{'execute': 'human-monitor-command', "
                            "'arguments': {'command-line': 'info pci'}}");
    qtest_qmp_assert_return(qts,
                            "\"pci: extraneous characters at the end of "
                            "line\\r\\nTry \\\"help info pci\\\" for more "
                            "information\\r\\n\"",
                            "{'execute': 'human-monitor-command', "
                            "'arguments': {'command-line': 'info pci x'}}");
    qtest_quit(qts);
}

static char *info_pci(QTestState *qts)
{
    g_autoptr(QObject) ret = qtest_qmp_assert_success_ref(
        qts, "{'execute': 'human-monitor-command', "
        "'arguments': {'command-line': 'info pci'}}");

    return g_strdup(qstring_get_str(qobject_to(QString, ret)));
}

static void test_info_pci(void)
{
    QTestState *qts = qtest_init(hierarchy);
    QPCIBus *bus = qpci_new_test_host(qts);
    g_autofree char *before = info_pci(qts);
    g_autofree char *after = NULL;
    QPCIDevice *d;

    g_assert_cmpstr(before, ==,
        "  Bus  0, device   3, function 0:\r\n"
        "    Class 0255: PCI device 1af4:10f0\r\n"
        "      PCI subsystem 1af4:1100\r\n"
        "      IRQ 0, pin A\r\n"
        "      BAR0: I/O at 0xffffffffffffffff [0x003e].\r\n"
        "      BAR1: 32 bit memory at 0xffffffffffffffff [0x00000ffe].\r\n"
        "      BAR2: 64 bit prefetchable memory at 0xffffffffffffffff "
        "[0x000ffffe].\r\n"
        "      BAR4: 32 bit memory at 0xffffffffffffffff [0x00000ffe].\r\n"
        "      id \"d\"\r\n"
        "  Bus  0, device   5, function 0:\r\n"
        "    PCI bridge: PCI device 1b36:0001\r\n"
        "      BUS 0.\r\n"
        "      secondary bus 0.\r\n"
        "      subordinate bus 0.\r\n"
        "      IO range [0x0000, 0x0fff]\r\n"
        "      memory range [0x00000000, 0x000fffff]\r\n"
        "      prefetchable memory range [0x00000000, 0x000fffff]\r\n"
        "      id \"br\"\r\n");

    qpci_enumerate(bus);
    qpci_assign_resources(bus);
    d = qpci_device_find(bus, 0, QPCI_DEVFN(3, 0));
    qpci_device_enable(d);
    qpci_device_enable(qpci_device_find(bus, 1, QPCI_DEVFN(2, 0)));
    qpci_config_writeb(d, PCI_INTERRUPT_LINE, 11);
    after = info_pci(qts);
    g_assert_cmpstr(after, ==,
        "  Bus  0, device   3, function 0:\r\n"
        "    Class 0255: PCI device 1af4:10f0\r\n"
        "      PCI subsystem 1af4:1100\r\n"
        "      IRQ 11, pin A\r\n"
        "      BAR0: I/O at 0xc000 [0xc03f].\r\n"
        "      BAR1: 32 bit memory at 0xe0000000 [0xe0000fff].\r\n"
        "      BAR2: 64 bit prefetchable memory at 0x8000000000 "
        "[0x80000fffff].\r\n"
        "      BAR4: 32 bit memory at 0xe0001000 [0xe0001fff].\r\n"
        "      id \"d\"\r\n"
        "  Bus  0, device   5, function 0:\r\n"
        "    PCI bridge: PCI device 1b36:0001\r\n"
        "      BUS 0.\r\n"
        "      secondary bus 1.\r\n"
        "      subordinate bus 1.\r\n"
        "      IO range [0xd000, 0xdfff]\r\n"
        "      memory range [0xe0100000, 0xe01fffff]\r\n"
        "      prefetchable memory range [0xfff00000, 0x000fffff]\r\n"
        "      id \"br\"\r\n"
        "  Bus  1, device   2, function 0:\r\n"
        "    Class 0255: PCI device 1af4:10f0\r\n"
        "      PCI subsystem 1af4:1100\r\n"
        "      IRQ 0, pin A\r\n"
        "      BAR0: I/O at 0xd000 [0xd03f].\r\n"
        "      BAR1: 32 bit memory at 0xe0100000 [0xe0100fff].\r\n"
        "      id \"b\"\r\n");
    qpci_free(bus);
    qtest_quit(qts);
}

/* -device: the message after "PROG: -device ARGS: " on stderr. */
static void check_device_error(const char *devices, const char *failing,
                               const char *msg)
{
    g_autofree char *err = NULL;
    g_autofree char *expected = g_strdup_printf("-device %s: %s\n", failing,
                                                msg);
    g_autofree char *quoted = g_shell_quote(failing);
    int status = qtest_runf(NULL, &err, HOST "%s -device %s", devices,
                            quoted);

    g_assert_cmpint(status, ==, 1);
    if (!g_str_has_suffix(err, expected)) {
        g_test_message("stderr: %s", err);
    }
    g_assert_true(g_str_has_suffix(err, expected));
}

static void check_device_ok(const char *devices)
{
    g_autofree char *err = NULL;
    QTestState *qts = qtest_initf(HOST "%s", devices);

    qtest_quit(qts);
}

static void test_device_addr(void)
{
    static const char *const refused[] = {
        "0x20", "20", "5.8", "foo", "-2", "-1", "256", "", "3.", ".3",
        "3.1 ", "3 .1", "1f.", "0x1f.9",
    };
    static const char *const accepted[] = {
        "1f.7", "0x1f", "+3", "3.0x1", "-0", "0x", " 3", "3. 1",
        "00000000000000000003", "0X0a.0x7",
    };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(refused); i++) {
        g_autofree char *dev = g_strdup_printf(DEV ",addr=%s", refused[i]);
        g_autofree char *msg = g_strdup_printf(
            "Property '" DEV ".addr' doesn't take value '%s'", refused[i]);

        check_device_error("", dev, msg);
    }
    for (i = 0; i < ARRAY_SIZE(accepted); i++) {
        g_autofree char *dev = g_strdup_printf("-device '" DEV ",addr=%s,"
                                               SMALL "'", accepted[i]);

        check_device_ok(dev);
    }

    /* Occupied: qemu names the occupant, "(null)" for an anonymous one. */
    check_device_error("-device " DEV ",addr=5,id=a," SMALL,
                       DEV ",addr=5,id=b",
                       "PCI: slot 5 function 0 not available for " DEV
                       ", in use by " DEV ",id=a");
    check_device_error("-device " DEV ",addr=5," SMALL, DEV ",addr=05.0",
                       "PCI: slot 5 function 0 not available for " DEV
                       ", in use by " DEV ",id=(null)");
    /* Functions of a single-function slot, from either side. */
    check_device_error("-device " DEV ",addr=5.0," SMALL, DEV ",addr=5.1",
                       "PCI: single function device can't be populated "
                       "in function 5.1");
    check_device_error("-device " DEV ",addr=0x1a.3," SMALL,
                       DEV ",addr=1a.0",
                       "PCI: 1a.0 indicates single function, but 1a.3 is "
                       "already populated.");
    check_device_error("-device " DEV ",addr=5.1,multifunction=on," SMALL,
                       DEV ",addr=5.0",
                       "PCI: 5.0 indicates single function, but 5.1 is "
                       "already populated.");
    /* Automatic placement takes the first slot whose function 0 is free,
     * and qemu refuses it there too. */
    check_device_error("-device " DEV ",addr=0.2,multifunction=on," SMALL,
                       DEV, "PCI: 0.0 indicates single function, but 0.2 "
                       "is already populated.");
    /* Behind a bridge, the same rules. */
    check_device_error("-device pci-bridge,id=br,chassis_nr=1 "
                       "-device " DEV ",bus=br,addr=1f.7," SMALL,
                       DEV ",bus=br,addr=1f",
                       "PCI: 1f.0 indicates single function, but 1f.7 is "
                       "already populated.");
    check_device_error("", "pci-bridge,id=br",
                       "Bridge chassis not specified. Each bridge is "
                       "required to be assigned a unique chassis id > 0.");
    check_device_error("", DEV ",fail-realize=on",
                       DEV ": realize failed as asked");

    /* A multi-function slot, any order of functions. */
    check_device_ok("-device " DEV ",addr=5.0,multifunction=on," SMALL
                    " -device " DEV ",addr=5.7," SMALL
                    " -device " DEV ",addr=5.1," SMALL);
    check_device_ok("-device " DEV ",addr=6.4," SMALL
                    " -device " DEV ",addr=6.0,multifunction=on," SMALL);
}

static void test_slots_full(void)
{
    GString *args = g_string_new("");
    int slot;

    for (slot = 0; slot < 32; slot++) {
        g_string_append_printf(args, "-device " DEV "," SMALL " ");
    }
    check_device_ok(args->str);
    check_device_error(args->str, DEV,
                       "PCI: no slot/function available for " DEV
                       ", all in use or reserved");
    g_string_free(args, true);
}

/* device_add with @args (JSON text, single quotes allowed) must fail. */
static void device_add_error(QTestState *qts, const char *args,
                             const char *desc)
{
    QObject *a = qobject_from_json(args, &error_abort);

    qmp_assert_error(qtest_qmp(qts, "{'execute': 'device_add', "
                               "'arguments': %p}", a),
                     "GenericError", desc);
}

static QDict *find_dev(QList *devices, const char *id)
{
    size_t i;

    for (i = 0; i < qlist_size(devices); i++) {
        QDict *d = qobject_to(QDict, qlist_get(devices, i));

        if (!g_strcmp0(qdict_get_try_str(d, "qdev_id"), id)) {
            return d;
        }
    }
    return NULL;
}

static QDict *root_devices_find(QTestState *qts, const char *id, int *slot,
                                int *fn)
{
    g_autoptr(QList) l = qtest_qmp_assert_list(qts,
                                               "{'execute': 'query-pci'}");
    QDict *d = find_dev(qdict_get_qlist(qobject_to(QDict, qlist_get(l, 0)),
                                        "devices"), id);

    if (d) {
        *slot = qdict_get_try_int(d, "slot", -1);
        *fn = qdict_get_try_int(d, "function", -1);
    }
    return d;
}

static void test_device_add(void)
{
    QTestState *qts = qtest_init(
        HOST "-device " DEV ",id=f0,addr=7.0,multifunction=on," SMALL
        " -device pci-bridge,id=br,addr=9,chassis_nr=1");
    int slot, fn;

    /* device_add's numbers and booleans reach the property as text, so
     * 40 is hex 0x40 and true is "on", as qemu has it. */
    device_add_error(qts, "{'driver': '" DEV "', 'id': 'a', 'addr': 40}",
                     "Property '" DEV ".addr' doesn't take value '40'");
    device_add_error(qts, "{'driver': '" DEV "', 'id': 'a', 'addr': -1}",
                     "Property '" DEV ".addr' doesn't take value '-1'");
    device_add_error(qts, "{'driver': '" DEV "', 'id': 'a', 'addr': true}",
                     "Property '" DEV ".addr' doesn't take value 'on'");
    qtest_qmp_device_add(qts, DEV, "a", "{'addr': 5.5, 'mem64-bar': false,"
                         " 'msix-vectors': 0}");
    g_assert_nonnull(root_devices_find(qts, "a", &slot, &fn));
    g_assert_cmpint(slot, ==, 5);
    g_assert_cmpint(fn, ==, 5);
    device_add_error(qts, "{'driver': '" DEV "', 'id': 'b', 'addr': '5'}",
                     "PCI: 5.0 indicates single function, but 5.5 is "
                     "already populated.");

    /* A new function in a slot whose function 0 the guest has seen
     * would stay invisible: refused.  Function 0 last is fine. */
    device_add_error(qts, "{'driver': '" DEV "', 'id': 'b', "
                     "'addr': '7.3'}",
                     "PCI: slot 7 function 0 already occupied by " DEV
                     ", new func " DEV " cannot be exposed to guest.");
    qtest_qmp_device_add(qts, DEV, "c", "{'addr': '8.3', "
                         "'msix-vectors': 0}");
    qtest_qmp_device_add(qts, DEV, "d", "{'addr': '8.0', "
                         "'multifunction': 'on', 'msix-vectors': 0}");
    device_add_error(qts, "{'driver': '" DEV "', 'id': 'e', "
                     "'addr': '8.4'}",
                     "PCI: slot 8 function 0 already occupied by " DEV
                     ", new func " DEV " cannot be exposed to guest.");

    /* Occupied, behind the bridge too. */
    qtest_qmp_device_add(qts, DEV, "s", "{'bus': 'br', 'addr': '1'}");
    device_add_error(qts, "{'driver': '" DEV "', 'id': 't', "
                     "'bus': 'br', 'addr': '1'}",
                     "PCI: slot 1 function 0 not available for " DEV
                     ", in use by " DEV ",id=s");

    /* A failed realize leaves the slot free; removal frees it too. */
    device_add_error(qts, "{'driver': '" DEV "', 'id': 'u', "
                     "'addr': '0x1e', 'fail-realize': true}",
                     DEV ": realize failed as asked");
    qtest_qmp_device_add(qts, DEV, "u", "{'addr': '0x1e'}");
    qtest_qmp_device_del(qts, "u");
    g_assert_null(root_devices_find(qts, "u", &slot, &fn));
    qtest_qmp_device_add(qts, DEV, "u", "{'addr': '0x1e'}");
    g_assert_nonnull(root_devices_find(qts, "u", &slot, &fn));
    g_assert_cmpint(slot, ==, 0x1e);

    /* Automatic placement: the first free function 0, reused after
     * removal. */
    qtest_qmp_device_add(qts, DEV, "auto", "{}");
    g_assert_nonnull(root_devices_find(qts, "auto", &slot, &fn));
    g_assert_cmpint(slot, ==, 0);
    g_assert_cmpint(fn, ==, 0);
    qtest_qmp_device_del(qts, "auto");
    qtest_qmp_device_add(qts, DEV, "auto2", "{'msix-vectors': 0}");
    g_assert_nonnull(root_devices_find(qts, "auto2", &slot, &fn));
    g_assert_cmpint(slot, ==, 0);

    /* Removing the bridge takes what is behind it. */
    qtest_qmp_device_del(qts, "br");
    qmp_assert_error(qtest_qmp(qts, "{'execute': 'device_del', "
                               "'arguments': {'id': 's'}}"),
                     "DeviceNotFound", "Device 's' not found");
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    if (!qpci_have_test_host("/pci/qmp/skip")) {
        return g_test_run();
    }
    g_test_add_func("/pci/qmp/query-pci", test_query_pci);
    g_test_add_func("/pci/qmp/query-pci-roots", test_query_pci_roots);
    g_test_add_func("/pci/qmp/query-pci-shpc", test_query_pci_shpc);
    g_test_add_func("/pci/qmp/info-pci", test_info_pci);
    g_test_add_func("/pci/qmp/device-addr", test_device_addr);
    g_test_add_func("/pci/qmp/slots-full", test_slots_full);
    g_test_add_func("/pci/qmp/device-add", test_device_add);
    return g_test_run();
}
