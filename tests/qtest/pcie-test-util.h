/*
 * Small helpers shared by the PCI Express device tests (and the
 * pci-bridge one): configuration space through mechanism #1
 * (0xcf8/0xcfc) and, on q35, ECAM; the standard hot-plug controller's
 * registers; device_add/device_del checks; start-up and its errors.
 */
#ifndef TESTS_QTEST_PCIE_TEST_UTIL_H
#define TESTS_QTEST_PCIE_TEST_UTIL_H

#include "libqtest.h"

#define PCIE_TEST_CFG_ADDR      0xcf8
#define PCIE_TEST_CFG_DATA      0xcfc
/* q35: PCIEXBAR in the MCH (00:00.0), and where the tests put ECAM. */
#define PCIE_TEST_PCIEXBAR      0x60
#define PCIE_TEST_ECAM_BASE     0xb0000000ULL
/* Guest RAM the tests let MSI messages land in. */
#define PCIE_TEST_MSI_ADDR      0x10000ULL

/* SHPC registers, offsets in BAR0 (DWORD Select n is offset 4 * n) */
#define SHPC_CMD        0x14
#define SHPC_INT_LOC    0x18
#define SHPC_SERR_INT   0x20
#define SHPC_SLOT(n)    (0x24 + 4 * ((n) - 1))    /* device number n */
#define CMD_DETECTED    0x00010000U
/* SHPC slot register values and events */
#define SLOT_EMPTY      0x00000d0fU     /* disabled, PI off, MRL open */
#define SLOT_ON         0x00000006U     /* enabled, PI on, card in */
#define EV_PRESENCE     0x01
#define EV_BUTTON       0x04
#define EV_MRL          0x08
#define MASKS_ALL       0x7f000000U

static inline uint32_t pcie_test_cfg_addr(int bus, int dev, int fn, int off)
{
    return 0x80000000U | (bus << 16) | (dev << 11) | (fn << 8) | (off & 0xfc);
}

static inline uint32_t cfg_readl(QTestState *qts, int bus, int dev,
                                 int off)
{
    qtest_outl(qts, PCIE_TEST_CFG_ADDR, pcie_test_cfg_addr(bus, dev, 0, off));
    return qtest_inl(qts, PCIE_TEST_CFG_DATA);
}

static inline uint16_t cfg_readw(QTestState *qts, int bus, int dev,
                                 int off)
{
    qtest_outl(qts, PCIE_TEST_CFG_ADDR, pcie_test_cfg_addr(bus, dev, 0, off));
    return qtest_inw(qts, PCIE_TEST_CFG_DATA + (off & 2));
}

static inline uint8_t cfg_readb(QTestState *qts, int bus, int dev, int off)
{
    qtest_outl(qts, PCIE_TEST_CFG_ADDR, pcie_test_cfg_addr(bus, dev, 0, off));
    return qtest_inb(qts, PCIE_TEST_CFG_DATA + (off & 3));
}

static inline void cfg_writel(QTestState *qts, int bus, int dev, int off,
                              uint32_t val)
{
    qtest_outl(qts, PCIE_TEST_CFG_ADDR, pcie_test_cfg_addr(bus, dev, 0, off));
    qtest_outl(qts, PCIE_TEST_CFG_DATA, val);
}

static inline void cfg_writew(QTestState *qts, int bus, int dev, int off,
                              uint16_t val)
{
    qtest_outl(qts, PCIE_TEST_CFG_ADDR, pcie_test_cfg_addr(bus, dev, 0, off));
    qtest_outw(qts, PCIE_TEST_CFG_DATA + (off & 2), val);
}

static inline void cfg_writeb(QTestState *qts, int bus, int dev, int off,
                              uint8_t val)
{
    qtest_outl(qts, PCIE_TEST_CFG_ADDR, pcie_test_cfg_addr(bus, dev, 0, off));
    qtest_outb(qts, PCIE_TEST_CFG_DATA + (off & 3), val);
}

/* Map ECAM at PCIE_TEST_ECAM_BASE (256 buses), as firmware does. */
static inline void ecam_enable(QTestState *qts)
{
    cfg_writel(qts, 0, 0, PCIE_TEST_PCIEXBAR + 4, 0);
    cfg_writel(qts, 0, 0, PCIE_TEST_PCIEXBAR,
               (uint32_t)PCIE_TEST_ECAM_BASE | 1);
}

static inline uint32_t ecam_readl(QTestState *qts, int bus, int dev, int off)
{
    return qtest_readl(qts, PCIE_TEST_ECAM_BASE + ((uint64_t)bus << 20) +
                       ((uint64_t)dev << 15) + off);
}

/* The offset of capability @id in the standard list, or 0. */
static inline uint8_t cfg_find_cap(QTestState *qts, int bus, int dev,
                                   uint8_t id)
{
    uint8_t pos = cfg_readb(qts, bus, dev, 0x34);
    int guard;

    for (guard = 0; pos && guard < 48; guard++) {
        if (cfg_readb(qts, bus, dev, pos) == id) {
            return pos;
        }
        pos = cfg_readb(qts, bus, dev, pos + 1);
    }
    return 0;
}

/*
 * For main(): g_test_init(), then whether the binary has q35 and the
 * test PCI device.  If not, the run is marked skipped and main should
 * just return g_test_run().
 */
static inline bool pcie_test_init(int *argc, char ***argv)
{
    g_test_init(argc, argv, NULL);
    if (!qtest_has_machine("q35") ||
        !qtest_has_device("corvid-test-pci-dev")) {
        g_test_skip("needs q35 and the test PCI device");
        return false;
    }
    return true;
}

/* q35 with @args must refuse to start, saying @msg. */
static inline void assert_start_error(const char *args, const char *msg)
{
    g_autofree char *err = NULL;
    int status = qtest_runf(NULL, &err, "-M q35 -display none %s", args);

    g_assert_cmpint(status, !=, 0);
    g_assert_nonnull(strstr(err, msg));
}

/* Take the MSI message the device wrote at PCIE_TEST_MSI_ADDR (0: none). */
static inline uint32_t msi_take(QTestState *qts)
{
    uint32_t val = qtest_readl(qts, PCIE_TEST_MSI_ADDR);

    qtest_writel(qts, PCIE_TEST_MSI_ADDR, 0);
    return val;
}

/* Whether /machine/peripheral/@id exists. */
static inline bool device_exists(QTestState *qts, const char *id)
{
    g_autofree char *path = g_strdup_printf("/machine/peripheral/%s", id);
    QDict *rsp = qtest_qmp(qts, "{'execute': 'qom-get', 'arguments': "
                           "{'path': %s, 'property': 'type'}}", path);
    bool found = qdict_haskey(rsp, "return");

    qobject_unref(rsp);
    return found;
}

/* device_del @id, whose removal is immediate: the reply comes first,
 * then DEVICE_DELETED, as in qemu. */
static inline void device_del_reply_then_event(QTestState *qts,
                                               const char *id)
{
    QDict *msg;

    qtest_qmp_send(qts, "{'execute': 'device_del', 'arguments': "
                   "{'id': %s}}", id);
    msg = qtest_qmp_receive_dict(qts);
    g_assert_true(qdict_haskey(msg, "return"));
    qobject_unref(msg);
    msg = qtest_qmp_receive_dict(qts);
    g_assert_cmpstr(qdict_get_try_str(msg, "event"), ==, "DEVICE_DELETED");
    g_assert_cmpstr(qdict_get_try_str(qdict_get_qdict(msg, "data"),
                                      "device"), ==, id);
    qobject_unref(msg);
}

#endif
