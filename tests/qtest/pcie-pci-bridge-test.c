/*
 * "pcie-pci-bridge" on q35: configuration space, the standard hot-plug
 * controller's registers (through the capability and BAR0), its
 * commands, and hot-plug of cards through it.
 */
#include "util/osdep.h"
#include "libqtest.h"
#include "pcie-test-util.h"

#define BR_DEV          4           /* 00:04.0 */
#define SHPC_BAR        0xfe000000U
#define MSI_DATA        0x5678

#define SHPC_CAP        0x40
#define EXP_CAP         0x48
#define PM_CAP          0x84
#define MSI_CAP         0x8c

#define BR_ARGS "-M q35 -device pcie-pci-bridge,id=br,bus=pcie.0,addr=4"

static uint32_t shpc_readl(QTestState *qts, unsigned off)
{
    return qtest_readl(qts, SHPC_BAR + off);
}

static void shpc_writel(QTestState *qts, unsigned off, uint32_t val)
{
    qtest_writel(qts, SHPC_BAR + off, val);
}

/* Issue a command and acknowledge its completion; its status. */
static uint16_t shpc_cmd(QTestState *qts, uint16_t cmd)
{
    uint16_t status;

    qtest_writew(qts, SHPC_BAR + SHPC_CMD, cmd);
    g_assert_true(shpc_readl(qts, SHPC_SERR_INT) & CMD_DETECTED);
    status = shpc_readl(qts, SHPC_CMD) >> 16;
    shpc_writel(qts, SHPC_SERR_INT,
                shpc_readl(qts, SHPC_SERR_INT) | CMD_DETECTED);
    return status;
}

/* BAR0, memory decoding and bus mastering, MSI to guest RAM. */
static QTestState *start(const char *extra)
{
    QTestState *qts = qtest_initf("%s %s", BR_ARGS, extra);

    cfg_writel(qts, 0, BR_DEV, 0x10, SHPC_BAR);
    cfg_writel(qts, 0, BR_DEV, 0x14, 0);
    cfg_writew(qts, 0, BR_DEV, 0x04, 0x0006);
    cfg_writel(qts, 0, BR_DEV, MSI_CAP + 4, (uint32_t)PCIE_TEST_MSI_ADDR);
    cfg_writel(qts, 0, BR_DEV, MSI_CAP + 8, 0);
    cfg_writew(qts, 0, BR_DEV, MSI_CAP + 12, MSI_DATA);
    cfg_writew(qts, 0, BR_DEV, MSI_CAP + 2, 0x0081);
    return qts;
}

static void add_card(QTestState *qts, const char *id, const char *addr)
{
    qtest_qmp_device_add(qts, "corvid-test-pci-dev", id,
                         "{'bus': 'br', 'addr': %s}", addr);
}

static void test_config(void)
{
    QTestState *qts = qtest_init(BR_ARGS " -device pcie-pci-bridge,id=b2,"
                                 "bus=pcie.0,addr=5,msi=off");

    g_assert_cmphex(cfg_readl(qts, 0, BR_DEV, 0x00), ==, 0x000e1b36);
    g_assert_cmphex(cfg_readl(qts, 0, BR_DEV, 0x04), ==, 0x00b00000);
    g_assert_cmphex(cfg_readl(qts, 0, BR_DEV, 0x08), ==, 0x06040000);
    g_assert_cmphex(cfg_readb(qts, 0, BR_DEV, 0x0e), ==, 0x01);
    g_assert_cmphex(cfg_readl(qts, 0, BR_DEV, 0x1c), ==, 0x00a00000);
    g_assert_cmphex(cfg_readl(qts, 0, BR_DEV, 0x24), ==, 0x00010001);
    g_assert_cmphex(cfg_readb(qts, 0, BR_DEV, 0x3d), ==, 1);
    /* BAR0: 256 bytes of 64-bit memory. */
    g_assert_cmphex(cfg_readl(qts, 0, BR_DEV, 0x10), ==, 0x00000004);
    cfg_writel(qts, 0, BR_DEV, 0x10, 0xffffffff);
    cfg_writel(qts, 0, BR_DEV, 0x14, 0xffffffff);
    g_assert_cmphex(cfg_readl(qts, 0, BR_DEV, 0x10), ==, 0xffffff04);
    g_assert_cmphex(cfg_readl(qts, 0, BR_DEV, 0x14), ==, 0xffffffff);

    /* 0x34 -> MSI 0x8c -> PM 0x84 -> EXP 0x48 -> SHPC 0x40 */
    g_assert_cmphex(cfg_readb(qts, 0, BR_DEV, 0x34), ==, MSI_CAP);
    g_assert_cmphex(cfg_readl(qts, 0, BR_DEV, MSI_CAP), ==, 0x01808405);
    g_assert_cmphex(cfg_readl(qts, 0, BR_DEV, PM_CAP), ==, 0x00034801);
    g_assert_cmphex(cfg_readl(qts, 0, BR_DEV, EXP_CAP), ==, 0x00724010);
    g_assert_cmphex(cfg_readl(qts, 0, BR_DEV, EXP_CAP + 0x0c), ==, 0x411);
    g_assert_cmphex(cfg_readw(qts, 0, BR_DEV, EXP_CAP + 0x12), ==, 0x11);
    g_assert_cmphex(cfg_readb(qts, 0, BR_DEV, SHPC_CAP), ==, 0x0c);
    g_assert_cmphex(cfg_readb(qts, 0, BR_DEV, SHPC_CAP + 1), ==, 0);
    /* msi=off: no MSI capability. */
    g_assert_cmphex(cfg_readb(qts, 0, 5, 0x34), ==, PM_CAP);
    g_assert_cmphex(cfg_find_cap(qts, 0, 5, 0x05), ==, 0);

    ecam_enable(qts);
    g_assert_cmphex(ecam_readl(qts, 0, BR_DEV, 0x100), ==, 0x00020001);
    g_assert_cmphex(ecam_readl(qts, 0, BR_DEV, 0x118), ==, 0x000000a0);
    qtest_quit(qts);
}

static uint32_t shpc_dword(QTestState *qts, uint8_t sel)
{
    cfg_writeb(qts, 0, BR_DEV, SHPC_CAP + 2, sel);
    return cfg_readl(qts, 0, BR_DEV, SHPC_CAP + 4);
}

static void test_shpc_registers(void)
{
    QTestState *qts = start("-device corvid-test-pci-dev,id=cold,bus=br,"
                            "addr=3");
    int n;

    /* Through the capability's window... */
    g_assert_cmphex(shpc_dword(qts, 0), ==, 0);
    g_assert_cmphex(shpc_dword(qts, 1), ==, 0x1f);          /* 31 slots */
    g_assert_cmphex(shpc_dword(qts, 3), ==, 0xe001011f);
    g_assert_cmphex(shpc_dword(qts, 4), ==, 0x01000000);    /* PI 1 */
    g_assert_cmphex(shpc_dword(qts, 8), ==, 0x0000000f);
    g_assert_cmphex(shpc_dword(qts, 9 + 2), ==, MASKS_ALL | SLOT_ON);
    g_assert_cmphex(shpc_dword(qts, 9 + 4), ==, MASKS_ALL | SLOT_EMPTY);
    g_assert_cmphex(cfg_readb(qts, 0, BR_DEV, SHPC_CAP + 2), ==, 13);
    /* Past the register set: 0.  Writes through the window: ignored. */
    g_assert_cmphex(shpc_dword(qts, 0xff), ==, 0);
    shpc_dword(qts, 8);
    cfg_writel(qts, 0, BR_DEV, SHPC_CAP + 4, 0);
    g_assert_cmphex(shpc_dword(qts, 8), ==, 0x0000000f);

    /* ...and through the BAR. */
    g_assert_cmphex(shpc_readl(qts, 0x0c), ==, 0xe001011f);
    for (n = 1; n <= 31; n++) {
        g_assert_cmphex(shpc_readl(qts, SHPC_SLOT(n)), ==,
                        MASKS_ALL | (n == 3 ? SLOT_ON : SLOT_EMPTY));
    }
    g_assert_cmphex(shpc_readl(qts, 0xa0), ==, 0);
    g_assert_cmphex(shpc_readl(qts, 0xfc), ==, 0);
    /* Read-only registers stay. */
    shpc_writel(qts, 0x0c, 0);
    shpc_writel(qts, 0x04, 0);
    g_assert_cmphex(shpc_readl(qts, 0x0c), ==, 0xe001011f);
    g_assert_cmphex(shpc_readl(qts, 0x04), ==, 0x1f);
    /* Slot status bits are the controller's; events W1C; masks RW. */
    shpc_writel(qts, SHPC_SLOT(4), 0x00ff0000);
    g_assert_cmphex(shpc_readl(qts, SHPC_SLOT(4)), ==, SLOT_EMPTY);
    shpc_writel(qts, SHPC_SLOT(4), 0xffffffff);
    g_assert_cmphex(shpc_readl(qts, SHPC_SLOT(4)), ==, MASKS_ALL | SLOT_EMPTY);
    /* The command register keeps code and target (13 bits). */
    shpc_writel(qts, SHPC_CMD, 0xffffffff);
    g_assert_cmphex(shpc_readl(qts, SHPC_CMD), ==, 0x00041fff);
    shpc_writel(qts, SHPC_SERR_INT, 0xffffffff);
    g_assert_cmphex(shpc_readl(qts, SHPC_SERR_INT), ==, 0x0000000f);
    g_assert_cmphex(shpc_readl(qts, SHPC_INT_LOC), ==, 0);
    qtest_quit(qts);
}

static void test_shpc_commands(void)
{
    QTestState *qts = start("-device corvid-test-pci-dev,id=cold,bus=br,"
                            "addr=3");

    /* Only the command interrupt, unmasked: completions send MSI. */
    shpc_writel(qts, SHPC_SERR_INT, 0);
    msi_take(qts);
    qtest_writew(qts, SHPC_BAR + SHPC_CMD, 0x0504);      /* slot 5 PI on */
    g_assert_cmphex(shpc_readl(qts, SHPC_INT_LOC), ==, 1);
    g_assert_cmphex(msi_take(qts), ==, MSI_DATA);
    shpc_writel(qts, SHPC_SERR_INT, CMD_DETECTED);
    g_assert_cmphex(shpc_readl(qts, SHPC_INT_LOC), ==, 0);
    g_assert_cmphex(shpc_readl(qts, SHPC_SLOT(5)) & 0xffff, ==, 0x0d07);

    /* Empty slot: power only, then enable, then disable. */
    g_assert_cmphex(shpc_cmd(qts, 0x0601), ==, 0);
    g_assert_cmphex(shpc_readl(qts, SHPC_SLOT(6)) & 0xffff, ==, 0x0d0d);
    /* qemu leaves a powered-only slot so when asked to enable. */
    g_assert_cmphex(shpc_cmd(qts, 0x0602), ==, 0);
    g_assert_cmphex(shpc_readl(qts, SHPC_SLOT(6)) & 0xffff, ==, 0x0d0d);
    g_assert_cmphex(shpc_cmd(qts, 0x0510), ==, 0);  /* attention on */
    g_assert_cmphex(shpc_readl(qts, SHPC_SLOT(5)) & 0xffff, ==, 0x0d17);

    /* Bad commands: enabled -> power only, targets 0 and 32, speeds. */
    g_assert_cmphex(shpc_cmd(qts, 0x0301), ==, 0x0004);
    g_assert_cmphex(shpc_readl(qts, SHPC_SLOT(3)) & 0xffff, ==, SLOT_ON);
    g_assert_cmphex(shpc_cmd(qts, 0x0001), ==, 0x0004);
    g_assert_cmphex(shpc_cmd(qts, 0x2001), ==, 0x0004);
    g_assert_cmphex(shpc_cmd(qts, 0x0099), ==, 0x0004);
    g_assert_cmphex(shpc_cmd(qts, 0x0041), ==, 0x0008);
    g_assert_cmphex(shpc_cmd(qts, 0x0050), ==, 0x0004);
    g_assert_cmphex(shpc_cmd(qts, 0x0040), ==, 0);
    g_assert_cmphex(shpc_cmd(qts, 0x0048), ==, 0);
    g_assert_cmphex(shpc_cmd(qts, 0x0049), ==, 0);

    /* Disabled with the power indicator still on: the card stays. */
    g_assert_cmphex(shpc_cmd(qts, 0x0303), ==, 0);
    g_assert_cmphex(shpc_readl(qts, SHPC_SLOT(3)) & 0xffff, ==, 0x0007);
    qtest_qmp_assert_no_event(qts, "DEVICE_DELETED");
    /* Power indicator off too: it goes, and the slot empties. */
    g_assert_cmphex(shpc_cmd(qts, 0x030c), ==, 0);
    qtest_qmp_assert_event(qts, "DEVICE_DELETED",
                           "{'device': 'cold', 'path': "
                           "'/machine/peripheral/cold'}");
    g_assert_cmphex(shpc_readl(qts, SHPC_SLOT(3)), ==,
                    MASKS_ALL | ((EV_PRESENCE | EV_MRL) << 16) | SLOT_EMPTY);
    qtest_quit(qts);
}

static void test_hotplug(void)
{
    QTestState *qts = start("");

    shpc_writel(qts, SHPC_SERR_INT, 0);
    shpc_writel(qts, SHPC_SLOT(5), 0);                   /* unmask slot 5 */
    msi_take(qts);

    add_card(qts, "d5", "5");
    g_assert_cmphex(shpc_readl(qts, SHPC_SLOT(5)), ==,
                    ((EV_PRESENCE | EV_BUTTON | EV_MRL) << 16) | 0x000f);
    g_assert_cmphex(shpc_readl(qts, SHPC_INT_LOC), ==, 1U << 5);
    g_assert_cmphex(msi_take(qts), ==, MSI_DATA);
    shpc_writel(qts, SHPC_SLOT(5), 0x00ff0000);
    g_assert_cmphex(shpc_readl(qts, SHPC_INT_LOC), ==, 0);

    /* Powered, then disabled again with the power indicator never
     * turned on: the slot is off, the card goes. */
    g_assert_cmphex(shpc_cmd(qts, 0x0501), ==, 0);
    g_assert_true(device_exists(qts, "d5"));
    g_assert_cmphex(shpc_cmd(qts, 0x0503), ==, 0);
    qtest_qmp_assert_event(qts, "DEVICE_DELETED",
                           "{'device': 'd5', 'path': "
                           "'/machine/peripheral/d5'}");
    g_assert_cmphex(shpc_readl(qts, SHPC_SLOT(5)), ==,
                    ((EV_PRESENCE | EV_MRL) << 16) | 0x0d0f);
    shpc_writel(qts, SHPC_SLOT(5), 0x00ff0000);

    add_card(qts, "d6", "6");
    shpc_writel(qts, SHPC_SLOT(6), 0x00ff0000);
    g_assert_cmphex(shpc_cmd(qts, 0x0636), ==, 0);  /* enable, PI on */
    g_assert_cmphex(shpc_readl(qts, SHPC_SLOT(6)) & 0xffff, ==, 0x0036);
    msi_take(qts);
    shpc_writel(qts, SHPC_SLOT(6), 0);

    /* device_del: the attention button, repeatable. */
    qtest_qmp_assert_success(qts, "{'execute': 'device_del', "
                             "'arguments': {'id': 'd6'}}");
    g_assert_cmphex(shpc_readl(qts, SHPC_SLOT(6)) >> 16, ==, EV_BUTTON);
    g_assert_cmphex(shpc_readl(qts, SHPC_INT_LOC), ==, 1U << 6);
    g_assert_cmphex(msi_take(qts), ==, MSI_DATA);
    qtest_qmp_assert_success(qts, "{'execute': 'device_del', "
                             "'arguments': {'id': 'd6'}}");
    qtest_qmp_assert_no_event(qts, "DEVICE_DELETED");

    /* The guest blinks, then disables with the indicator off. */
    shpc_writel(qts, SHPC_SLOT(6), 0x00ff0000);
    g_assert_cmphex(shpc_cmd(qts, 0x0608), ==, 0);
    g_assert_true(device_exists(qts, "d6"));
    g_assert_cmphex(shpc_cmd(qts, 0x063f), ==, 0);
    qtest_qmp_assert_event(qts, "DEVICE_DELETED",
                           "{'device': 'd6', 'path': "
                           "'/machine/peripheral/d6'}");
    g_assert_cmphex(shpc_readl(qts, SHPC_SLOT(6)), ==,
                    ((EV_PRESENCE | EV_MRL) << 16) | 0x0d3f);
    g_assert_cmphex(msi_take(qts), ==, MSI_DATA);
    qtest_quit(qts);
}

static void test_hotplug_errors(void)
{
    QTestState *qts = start("-device corvid-test-pci-dev,id=cold,bus=br,"
                            "addr=3");

    /* Slot 0 is not hot-pluggable, and automatic placement picks it. */
    qmp_assert_error(qtest_qmp(qts, "{'execute': 'device_add', "
                               "'arguments': {'driver': "
                               "'corvid-test-pci-dev', 'id': 'x', "
                               "'bus': 'br'}}"),
                     "GenericError", "Unsupported PCI slot 0 for standard "
                     "hotplug controller. Valid slots are between 1 and "
                     "31.");
    g_assert_false(device_exists(qts, "x"));
    /* An occupied slot: the PCI core's refusal. */
    qmp_assert_error(qtest_qmp(qts, "{'execute': 'device_add', "
                               "'arguments': {'driver': "
                               "'corvid-test-pci-dev', 'id': 'x', "
                               "'bus': 'br', 'addr': '3'}}"),
                     "GenericError", "PCI: slot 3 function 0 not available "
                     "for corvid-test-pci-dev, in use by "
                     "corvid-test-pci-dev,id=cold");
    /* A card that was never enabled goes at once. */
    add_card(qts, "d7", "7");
    qtest_qmp_device_del(qts, "d7");
    g_assert_cmphex(shpc_readl(qts, SHPC_SLOT(7)) & 0xffff, ==, SLOT_EMPTY);
    qtest_quit(qts);

    /* A card in slot 0 (placed at start-up) cannot be unplugged. */
    qts = start("-device corvid-test-pci-dev,id=zero,bus=br,addr=0");
    qmp_assert_error(qtest_qmp(qts, "{'execute': 'device_del', "
                               "'arguments': {'id': 'zero'}}"),
                     "GenericError", "Unsupported PCI slot 0 for standard "
                     "hotplug controller. Valid slots are between 1 and "
                     "31.");
    g_assert_true(device_exists(qts, "zero"));
    qtest_quit(qts);
}

/* A pending request survives reset; reset masks everything again. */
static void test_reset(void)
{
    QTestState *qts = start("-device corvid-test-pci-dev,id=cold,bus=br,"
                            "addr=4");

    shpc_writel(qts, SHPC_SLOT(4), 0);
    qtest_qmp_assert_success(qts, "{'execute': 'device_del', "
                             "'arguments': {'id': 'cold'}}");
    g_assert_cmphex(shpc_readl(qts, SHPC_SLOT(4)), ==, (EV_BUTTON << 16) |
                    SLOT_ON);
    qtest_qmp_assert_success(qts, "{'execute': 'system_reset'}");
    qtest_qmp_eventwait(qts, "RESET");
    qtest_qmp_assert_no_event(qts, "DEVICE_DELETED");
    /* BAR0 is unprogrammed after reset: look through the window. */
    g_assert_cmphex(shpc_dword(qts, 9 + 3), ==, MASKS_ALL | SLOT_ON);
    g_assert_cmphex(shpc_dword(qts, 8), ==, 0x0000000f);
    g_assert_true(device_exists(qts, "cold"));
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    if (!pcie_test_init(&argc, &argv)) {
        return g_test_run();
    }
    g_test_add_func("/pcie-pci-bridge/config", test_config);
    g_test_add_func("/pcie-pci-bridge/shpc-registers", test_shpc_registers);
    g_test_add_func("/pcie-pci-bridge/shpc-commands", test_shpc_commands);
    g_test_add_func("/pcie-pci-bridge/hotplug", test_hotplug);
    g_test_add_func("/pcie-pci-bridge/hotplug-errors", test_hotplug_errors);
    g_test_add_func("/pcie-pci-bridge/reset", test_reset);
    return g_test_run();
}
