/*
 * "pxb-pcie" on q35: the expander's own function, its root bus and the
 * bus number it carries, and the errors qemu gives for misplaced or
 * misconfigured expanders.
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

/* Configuration cycles for bus_nr reach the expander's root bus. */
static void test_config_routing(void)
{
    QTestState *qts = qtest_init(PXB_ARGS);
    uint32_t id = cfg_readl(qts, PXB_BUS_NR, 0, 0);

    if (id == 0xffffffff) {
        /* docs/system/pcie.rst: the PCI core routes by bridge windows
         * only so far. */
        g_test_skip("the PCI core does not route configuration cycles to "
                    "expander root buses yet");
        qtest_quit(qts);
        return;
    }
    g_assert_cmphex(id, ==, 0x000c1b36);
    /* Below the root port, once the guest numbers its bus. */
    cfg_writeb(qts, PXB_BUS_NR, 0, 0x19, PXB_BUS_NR + 1);
    cfg_writeb(qts, PXB_BUS_NR, 0, 0x1a, PXB_BUS_NR + 1);
    qtest_qmp_device_add(qts, "corvid-test-pci-dev", "d1",
                         "{'bus': 'rp', 'express': true}");
    g_assert_cmphex(cfg_readw(qts, PXB_BUS_NR + 1, 0, 0), ==, 0x1af4);
    qtest_quit(qts);
}

static void assert_start_error(const char *args, const char *msg)
{
    g_autofree char *err = NULL;
    int status = qtest_runf(NULL, &err, "-M q35 -display none %s", args);

    g_assert_cmpint(status, !=, 0);
    g_assert_nonnull(strstr(err, msg));
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

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    if (!qtest_has_machine("q35") ||
        !qtest_has_device("corvid-test-pci-dev")) {
        g_test_skip("needs q35 and the test PCI device");
        return g_test_run();
    }
    g_test_add_func("/pxb-pcie/config", test_config);
    g_test_add_func("/pxb-pcie/bus-numbering", test_bus_numbering);
    g_test_add_func("/pxb-pcie/config-routing", test_config_routing);
    g_test_add_func("/pxb-pcie/errors", test_errors);
    return g_test_run();
}
