/*
 * "pxb-pcie" on q35: the expander's own function, its root bus and the
 * bus number it carries, configuration cycles routed through it to the
 * root ports on its bus and the devices behind them (mechanism #1 and
 * ECAM, as a guest enumerates), its NUMA node, and the errors qemu
 * gives for misplaced or misconfigured expanders.
 */
#include "util/osdep.h"
#include "libqtest.h"
#include "pcie-test-util.h"

#define PXB_DEV     5               /* 00:05.0 */
#define PXB_BUS_NR  16

#define PXB_ARGS "-M q35 -device pxb-pcie,id=pxb1,bus_nr=16,bus=pcie.0," \
                 "addr=5 -device pcie-root-port,id=rp,bus=pxb1,chassis=1"

/* The devices query-pci lists on bus @nr, or NULL. */
static QList *pci_bus_devices(QList *buses, int64_t nr)
{
    size_t i;

    for (i = 0; i < qlist_size(buses); i++) {
        QDict *bus = qobject_to(QDict, qlist_get(buses, i));

        if (bus && qdict_get_try_int(bus, "bus", -1) == nr) {
            return qdict_get_qlist(bus, "devices");
        }
    }
    return NULL;
}

static QDict *pci_find_slot(QList *devices, int64_t slot)
{
    size_t i;

    for (i = 0; i < qlist_size(devices); i++) {
        QDict *dev = qobject_to(QDict, qlist_get(devices, i));

        if (dev && qdict_get_try_int(dev, "slot", -1) == slot) {
            return dev;
        }
    }
    return NULL;
}

static void test_config(void)
{
    QTestState *qts = qtest_init(PXB_ARGS);

    g_assert_cmphex(cfg_readl(qts, 0, PXB_DEV, 0x00), ==, 0x000b1b36);
    g_assert_cmphex(cfg_readl(qts, 0, PXB_DEV, 0x04), ==, 0x00a00000);
    g_assert_cmphex(cfg_readl(qts, 0, PXB_DEV, 0x08), ==, 0x06000000);
    g_assert_cmphex(cfg_readb(qts, 0, PXB_DEV, 0x0e), ==, 0x00);
    g_assert_cmphex(cfg_readl(qts, 0, PXB_DEV, 0x2c), ==, 0x11001af4);
    g_assert_cmphex(cfg_readb(qts, 0, PXB_DEV, 0x34), ==, 0);
    qtest_quit(qts);
}

/* query-pci sees the expander's root bus at bus_nr, with the root port
 * on it, beside bus 0 where the expander itself is. */
static void test_bus_numbering(void)
{
    QTestState *qts = qtest_init(PXB_ARGS " -device pxb-pcie,bus_nr=32,"
                                 "bus=pcie.0,addr=6 -device pcie-root-port,"
                                 "id=rp2,bus=pxb-pcie-bus.0,chassis=2");
    QList *buses = qtest_qmp_assert_list(qts, "{'execute': 'query-pci'}");
    QList *devs;
    QDict *dev;

    devs = pci_bus_devices(buses, 0);
    g_assert_nonnull(devs);
    dev = pci_find_slot(devs, PXB_DEV);
    g_assert_nonnull(dev);
    g_assert_cmpint(qdict_get_try_int(qdict_get_qdict(dev, "id"), "device", -1),
                    ==, 0x000b);
    g_assert_cmpstr(qdict_get_try_str(dev, "qdev_id"), ==, "pxb1");

    devs = pci_bus_devices(buses, PXB_BUS_NR);
    g_assert_nonnull(devs);
    dev = pci_find_slot(devs, 0);
    g_assert_nonnull(dev);
    g_assert_cmpint(qdict_get_try_int(qdict_get_qdict(dev, "id"), "device", -1),
                    ==, 0x000c);
    g_assert_cmpstr(qdict_get_try_str(dev, "qdev_id"), ==, "rp");

    /* The expander without an id: its bus is pxb-pcie-bus.0. */
    devs = pci_bus_devices(buses, 32);
    g_assert_nonnull(devs);
    dev = pci_find_slot(devs, 0);
    g_assert_nonnull(dev);
    g_assert_cmpstr(qdict_get_try_str(dev, "qdev_id"), ==, "rp2");
    qobject_unref(buses);

    /* The root port's slot works as anywhere else. */
    qtest_qmp_device_add(qts, "corvid-test-pci-dev", "d1",
                         "{'bus': 'rp', 'express': true}");
    qtest_qmp_device_del(qts, "d1");
    qtest_quit(qts);
}

/* The bridge that query-pci lists at slot 0 of bus @nr, or NULL. */
static QDict *pci_bridge_at(QList *buses, int64_t nr)
{
    QList *devs = pci_bus_devices(buses, nr);
    QDict *dev = devs ? pci_find_slot(devs, 0) : NULL;

    return dev ? qdict_get_qdict(dev, "pci_bridge") : NULL;
}

static char *info_pci(QTestState *qts)
{
    g_autoptr(QObject) ret = qtest_qmp_assert_success_ref(
        qts, "{'execute': 'human-monitor-command', "
        "'arguments': {'command-line': 'info pci'}}");

    return g_strdup(qstring_get_str(qobject_to(QString, ret)));
}

/*
 * Configuration cycles for bus_nr reach the expander's root bus, and
 * those for the numbers its root port was given reach the device behind
 * the port: a guest enumerates through the expander as firmware does,
 * through mechanism #1 and through ECAM.
 */
static void test_config_routing(void)
{
    QTestState *qts = qtest_init(PXB_ARGS " -device corvid-test-pci-dev,"
                                 "id=d0,bus=rp,express=on "
                                 "-device pcie-root-port,id=rp2,bus=pxb1,"
                                 "addr=1,chassis=2");
    QList *buses;
    QDict *br;
    uint8_t exp;
    g_autofree char *text = NULL;

    /* The root ports at PXB_BUS_NR:00.0 and 01.0; nothing else. */
    g_assert_cmphex(cfg_readl(qts, PXB_BUS_NR, 0, 0x00), ==, 0x000c1b36);
    g_assert_cmphex(cfg_readb(qts, PXB_BUS_NR, 0, 0x0e), ==, 0x01);
    g_assert_cmphex(cfg_readl(qts, PXB_BUS_NR, 1, 0x00), ==, 0x000c1b36);
    g_assert_cmphex(cfg_readl(qts, PXB_BUS_NR, 2, 0x00), ==, 0xffffffff);
    g_assert_cmphex(cfg_readl(qts, PXB_BUS_NR + 2, 0, 0x00), ==,
                    0xffffffff);
    /* Below the port: nothing until the guest numbers its bus. */
    g_assert_cmphex(cfg_readl(qts, PXB_BUS_NR + 1, 0, 0x00), ==,
                    0xffffffff);
    cfg_writel(qts, PXB_BUS_NR, 0, 0x18,
               PXB_BUS_NR | (PXB_BUS_NR + 1) << 8 | (PXB_BUS_NR + 1) << 16);
    g_assert_cmphex(cfg_readl(qts, PXB_BUS_NR, 0, 0x18) & 0xffffff, ==,
                    PXB_BUS_NR | (PXB_BUS_NR + 1) << 8 |
                    (PXB_BUS_NR + 1) << 16);
    g_assert_cmphex(cfg_readl(qts, PXB_BUS_NR + 1, 0, 0x00), ==,
                    0x10f01af4);
    /* Writes get there too. */
    cfg_writeb(qts, PXB_BUS_NR + 1, 0, 0x3c, 0x0b);
    g_assert_cmphex(cfg_readb(qts, PXB_BUS_NR + 1, 0, 0x3c), ==, 0x0b);
    /* The link below a port has device 0 only. */
    g_assert_cmphex(cfg_readl(qts, PXB_BUS_NR + 1, 1, 0x00), ==,
                    0xffffffff);
    /* Bus 0 still has the expander's function, and the numbers above
     * the port's range lead nowhere. */
    g_assert_cmphex(cfg_readl(qts, 0, PXB_DEV, 0x00), ==, 0x000b1b36);
    g_assert_cmphex(cfg_readl(qts, PXB_BUS_NR + 2, 0, 0x00), ==,
                    0xffffffff);

    /* ECAM routes the same way and reaches the extended space. */
    ecam_enable(qts);
    g_assert_cmphex(ecam_readl(qts, PXB_BUS_NR, 0, 0x00), ==, 0x000c1b36);
    g_assert_cmphex(ecam_readl(qts, PXB_BUS_NR + 1, 0, 0x00), ==,
                    0x10f01af4);
    /* The device serial number capability at 0x100. */
    g_assert_cmphex(ecam_readl(qts, PXB_BUS_NR + 1, 0, 0x100) & 0xffff, ==,
                    0x0003);
    g_assert_cmphex(ecam_readl(qts, PXB_BUS_NR + 2, 0, 0x00), ==,
                    0xffffffff);

    /* query-pci and info pci list the device behind the port. */
    buses = qtest_qmp_assert_list(qts, "{'execute': 'query-pci'}");
    br = pci_bridge_at(buses, PXB_BUS_NR);
    g_assert_nonnull(br);
    g_assert_cmpint(qdict_get_try_int(qdict_get_qdict(br, "bus"),
                                      "secondary", -1), ==, PXB_BUS_NR + 1);
    g_assert_cmpint(qdict_get_try_int(qdict_get_qdict(br, "bus"),
                                      "number", -1), ==, PXB_BUS_NR);
    g_assert_nonnull(qdict_get_qlist(br, "devices"));
    g_assert_cmpstr(qdict_get_try_str(pci_find_slot(
                        qdict_get_qlist(br, "devices"), 0), "qdev_id"),
                    ==, "d0");
    g_assert_cmpint(qdict_get_try_int(pci_find_slot(
                        qdict_get_qlist(br, "devices"), 0), "bus", -1),
                    ==, PXB_BUS_NR + 1);
    qobject_unref(buses);
    text = info_pci(qts);
    g_assert_nonnull(strstr(text,
        "  Bus 16, device   0, function 0:\r\n"
        "    PCI bridge: PCI device 1b36:000c\r\n"
        "      IRQ 0, pin A\r\n"
        "      BUS 16.\r\n"
        "      secondary bus 17.\r\n"
        "      subordinate bus 17.\r\n"));
    g_assert_nonnull(strstr(text,
        "  Bus 17, device   0, function 0:\r\n"
        "    Class 0255: PCI device 1af4:10f0\r\n"));

    /*
     * A device hot-plugged behind a second port is reachable once the
     * guest powers the (empty, so unpowered) slot, as in qemu.
     */
    cfg_writel(qts, PXB_BUS_NR, 1, 0x18,
               PXB_BUS_NR | (PXB_BUS_NR + 2) << 8 | (PXB_BUS_NR + 2) << 16);
    g_assert_cmphex(cfg_readl(qts, PXB_BUS_NR + 2, 0, 0x00), ==,
                    0xffffffff);
    qtest_qmp_device_add(qts, "corvid-test-pci-dev", "d1",
                         "{'bus': 'rp2', 'express': true}");
    g_assert_cmphex(cfg_readl(qts, PXB_BUS_NR + 2, 0, 0x00), ==,
                    0xffffffff);
    exp = cfg_find_cap(qts, PXB_BUS_NR, 1, 0x10 /* PCI Express */);
    g_assert_cmpuint(exp, !=, 0);
    cfg_writew(qts, PXB_BUS_NR, 1, exp + 0x18,          /* SLTCTL */
               cfg_readw(qts, PXB_BUS_NR, 1, exp + 0x18) & ~0x0400);
    g_assert_cmphex(cfg_readl(qts, PXB_BUS_NR + 2, 0, 0x00), ==,
                    0x10f01af4);
    g_assert_cmphex(cfg_readl(qts, PXB_BUS_NR + 1, 0, 0x00), ==,
                    0x10f01af4);
    qtest_quit(qts);
}

/*
 * The expander is a host bridge of its own: cycles for its numbers go
 * to it even when a bridge on bus 0 was given a range that holds them,
 * and the other numbers of that range still go through the bridge.
 */
static void test_config_routing_precedence(void)
{
    QTestState *qts = qtest_init(PXB_ARGS " -device pcie-root-port,"
                                 "id=rp0,bus=pcie.0,addr=6,chassis=2 "
                                 "-device corvid-test-pci-dev,bus=rp0,"
                                 "express=on");

    /* rp0: secondary 1, subordinate 0x20, which holds 16 and 17. */
    cfg_writel(qts, 0, 6, 0x18, 0x200100);
    cfg_writel(qts, PXB_BUS_NR, 0, 0x18,
               PXB_BUS_NR | (PXB_BUS_NR + 1) << 8 | (PXB_BUS_NR + 1) << 16);
    g_assert_cmphex(cfg_readl(qts, 1, 0, 0x00), ==, 0x10f01af4);
    g_assert_cmphex(cfg_readl(qts, PXB_BUS_NR, 0, 0x00), ==, 0x000c1b36);
    /* The expander's port's bus is empty: no device behind it. */
    g_assert_cmphex(cfg_readl(qts, PXB_BUS_NR + 1, 0, 0x00), ==,
                    0xffffffff);
    /* 18 is not the expander's: it goes to rp0's range, where no bus
     * has that number. */
    g_assert_cmphex(cfg_readl(qts, PXB_BUS_NR + 2, 0, 0x00), ==,
                    0xffffffff);
    qtest_quit(qts);
}

/* The emulator started with the arguments @fmt makes refuses to start,
 * saying @msg. */
static void G_GNUC_PRINTF(2, 3) assert_start_errorf(const char *msg,
                                                    const char *fmt, ...)
{
    g_autofree char *args = NULL;
    g_autofree char *err = NULL;
    va_list ap;
    int status;

    va_start(ap, fmt);
    args = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    status = qtest_runf(NULL, &err, "-display none %s", args);
    g_assert_cmpint(status, !=, 0);
    if (!strstr(err, msg)) {
        g_error("'%s' said '%s', not '%s'", args, err, msg);
    }
}

static void test_errors(void)
{
    QTestState *qts;

    assert_start_error("-device pxb-pcie,id=a,bus_nr=16,bus=pcie.0 "
                       "-device pxb-pcie,id=b,bus_nr=16,bus=pcie.0",
                       "-device pxb-pcie,id=b,bus_nr=16,bus=pcie.0: Bus 16 "
                       "is already in use");
    assert_start_error("-device pcie-root-port,id=rp,chassis=1 "
                       "-device pxb-pcie,bus_nr=16,bus=rp",
                       "PXB devices can be attached only to root bus");
    assert_start_error("-device pcie-pci-bridge,id=br "
                       "-device pxb-pcie,bus_nr=16,bus=br",
                       "pxb-pcie devices cannot reside on a PCI bus");
    assert_start_error("-device pxb-pcie,bus_nr=16,numa_node=3",
                       "Illegal numa node 3");
    assert_start_error("-device pxb-pcie,bus_nr=16,numa_node=0",
                       "Illegal numa node 0");
    assert_start_error("-device pxb-pcie,bus_nr=16,numa_node=-1",
                       "Parameter 'numa_node' expects uint16_t");
    assert_start_error("-device pxb-pcie,bus_nr=300",
                       "Parameter 'bus_nr' expects uint8_t");
    assert_start_error("-device pxb-pcie,id=a,bus_nr=16,bus=pcie.0 "
                       "-device corvid-test-pci-dev,bus=a",
                       "PCI: Only PCI/PCIe bridges can be plugged into "
                       "pxb-pcie");

    /* Neither the expander nor its bus take hot-plug. */
    qts = qtest_init(PXB_ARGS);
    qmp_assert_error(qtest_qmp(qts, "{'execute': 'device_add', "
                               "'arguments': {'driver': 'pxb-pcie', "
                               "'id': 'hot', 'bus_nr': 40}}"),
                     "GenericError",
                     "Parameter 'driver' expects a pluggable device type");
    qmp_assert_error(qtest_qmp(qts, "{'execute': 'device_add', "
                               "'arguments': {'driver': 'pcie-root-port', "
                               "'id': 'hot', 'bus': 'pxb1', "
                               "'chassis': 9}}"),
                     "GenericError",
                     "Bus 'pxb1' does not support hotplugging");
    qtest_quit(qts);
}

/* Two 64 MiB NUMA nodes, 0 and 1 (the machines' 128 MiB of RAM). */
#define TWO_NODES \
    "-object memory-backend-ram,id=m0,size=64M " \
    "-object memory-backend-ram,id=m1,size=64M " \
    "-numa node,memdev=m0 -numa node,memdev=m1"

/*
 * "numa_node": a node the machine has (here 0 or 1), or unset (128);
 * any other value is refused with qemu's message.  On the test machine,
 * which takes -numa, with the test host bridge's PCI Express root bus.
 */
static void test_numa_test_machine(void)
{
    const char *m = "-M corvid-test-x86 " TWO_NODES
                    " -device corvid-test-pci-host,pcie=on";
    QTestState *qts;
    QList *buses;

    if (!qtest_has_machine("corvid-test-x86")) {
        g_test_skip("needs the corvid-test-x86 machine");
        return;
    }
    qts = qtest_initf("%s -device pxb-pcie,id=a,bus_nr=16,numa_node=0 "
                      "-device pxb-pcie,id=b,bus_nr=32,numa_node=1 "
                      "-device pxb-pcie,id=c,bus_nr=48,numa_node=128", m);
    buses = qtest_qmp_assert_list(qts, "{'execute': 'query-pci'}");
    g_assert_nonnull(pci_bus_devices(buses, 16));
    g_assert_nonnull(pci_bus_devices(buses, 32));
    g_assert_nonnull(pci_bus_devices(buses, 48));
    qobject_unref(buses);
    qtest_quit(qts);

    assert_start_errorf("-device pxb-pcie,bus_nr=16,numa_node=2: Illegal "
                        "numa node 2", "%s -device pxb-pcie,bus_nr=16,"
                        "numa_node=2", m);
    assert_start_errorf("Illegal numa node 127",
                        "%s -device pxb-pcie,bus_nr=16,numa_node=127", m);
    assert_start_errorf("Illegal numa node 65535",
                        "%s -device pxb-pcie,bus_nr=16,numa_node=65535", m);
    assert_start_errorf("Parameter 'numa_node' expects uint16_t",
                        "%s -device pxb-pcie,bus_nr=16,numa_node=65536", m);
    /* Without -numa there is no node at all. */
    assert_start_errorf("Illegal numa node 0",
                        "-M corvid-test-x86 -device corvid-test-pci-host,"
                        "pcie=on -device pxb-pcie,bus_nr=16,numa_node=0");
}

/* The same on q35, once q35 takes -numa as qemu's does. */
static void test_numa_q35(void)
{
    g_autofree char *err = NULL;
    QTestState *qts;
    int status;

    status = qtest_runf(NULL, &err, "-M q35 -display none " TWO_NODES
                        " -device pxb-pcie,bus_nr=16,numa_node=2");
    g_assert_cmpint(status, !=, 0);
    if (strstr(err, "NUMA is not supported by this machine-type")) {
        g_test_skip("q35 does not take -numa yet");
        return;
    }
    g_assert_nonnull(strstr(err, "-device pxb-pcie,bus_nr=16,numa_node=2: "
                            "Illegal numa node 2"));
    qts = qtest_init("-M q35 " TWO_NODES " -device pxb-pcie,id=pxb1,"
                     "bus_nr=16,numa_node=1 -device pcie-root-port,id=rp,"
                     "bus=pxb1,chassis=1");
    g_assert_cmphex(cfg_readl(qts, PXB_BUS_NR, 0, 0x00), ==, 0x000c1b36);
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    if (!pcie_test_init(&argc, &argv)) {
        return g_test_run();
    }
    g_test_add_func("/pxb-pcie/config", test_config);
    g_test_add_func("/pxb-pcie/bus-numbering", test_bus_numbering);
    g_test_add_func("/pxb-pcie/config-routing", test_config_routing);
    g_test_add_func("/pxb-pcie/config-routing/precedence",
                    test_config_routing_precedence);
    g_test_add_func("/pxb-pcie/errors", test_errors);
    g_test_add_func("/pxb-pcie/numa-node/test-machine",
                    test_numa_test_machine);
    g_test_add_func("/pxb-pcie/numa-node/q35", test_numa_q35);
    return g_test_run();
}
