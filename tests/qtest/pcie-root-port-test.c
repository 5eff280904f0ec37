/*
 * PCI Express root ports ("pcie-root-port", "ioh3420") on q35: their
 * configuration space, properties and errors, the slot registers, and
 * native hot-plug driven the way Linux pciehp drives it.
 */
#include "util/osdep.h"
#include "libqtest.h"
#include "pcie-test-util.h"

/* Where the tests put things */
#define RP_DEV          3           /* 00:03.0 */
#define RP2_DEV         4
#define RP_MSIX_BAR     0xfe000000U
#define MSI_DATA        0x4321

/* PCI Express capability of the generic root port / ioh3420 */
#define GEN_EXP         0x54
#define IOH_EXP         0x90
#define IOH_MSI         0x60

/* Capability register offsets */
#define EXP_FLAGS       0x02
#define EXP_LNKCAP      0x0c
#define EXP_LNKCTL      0x10
#define EXP_LNKSTA      0x12
#define EXP_SLTCAP      0x14
#define EXP_SLTCTL      0x18
#define EXP_SLTSTA      0x1a
#define EXP_RTCTL       0x1c
#define EXP_LNKCAP2     0x2c
#define EXP_LNKCTL2     0x30

/* Slot control */
#define ABPE            0x0001
#define PDCE            0x0008
#define CCIE            0x0010
#define HPIE            0x0020
#define PIC_MASK        0x0300
#define PIC_ON          0x0100
#define PIC_BLINK       0x0200
#define PIC_OFF         0x0300
#define PCC             0x0400
#define EIC             0x0800
/* Slot status */
#define ABP             0x0001
#define PDC             0x0008
#define CC              0x0010
#define PDS             0x0040
#define EIS             0x0080
#define DLLSC           0x0100
/* Link status */
#define DLLLA           0x2000

#define RP_ARGS "-M q35 -device pcie-root-port,id=rp,bus=pcie.0,chassis=1," \
                "addr=3"

static uint16_t sltctl(QTestState *qts, int exp)
{
    return cfg_readw(qts, 0, RP_DEV, exp + EXP_SLTCTL);
}

static uint16_t sltsta(QTestState *qts, int exp)
{
    return cfg_readw(qts, 0, RP_DEV, exp + EXP_SLTSTA);
}

static void set_sltctl(QTestState *qts, int exp, uint16_t val)
{
    cfg_writew(qts, 0, RP_DEV, exp + EXP_SLTCTL, val);
}

static void clear_sltsta(QTestState *qts, int exp, uint16_t bits)
{
    cfg_writew(qts, 0, RP_DEV, exp + EXP_SLTSTA, bits);
}

static void add_dev(QTestState *qts, const char *id, const char *bus)
{
    qtest_qmp_device_add(qts, "corvid-test-pci-dev", id,
                         "{'bus': %s, 'express': true}", bus);
}

static void assert_add_error(QTestState *qts, const char *bus,
                             const char *addr, const char *desc)
{
    QDict *rsp;

    if (addr) {
        rsp = qtest_qmp(qts, "{'execute': 'device_add', 'arguments': "
                        "{'driver': 'corvid-test-pci-dev', 'id': 'bad', "
                        "'express': true, 'bus': %s, 'addr': %s}}", bus,
                        addr);
    } else {
        rsp = qtest_qmp(qts, "{'execute': 'device_add', 'arguments': "
                        "{'driver': 'corvid-test-pci-dev', 'id': 'bad', "
                        "'express': true, 'bus': %s}}", bus);
    }
    qmp_assert_error(rsp, "GenericError", desc);
}

static void assert_del_error(QTestState *qts, const char *id,
                             const char *desc)
{
    qmp_assert_error(qtest_qmp(qts, "{'execute': 'device_del', "
                               "'arguments': {'id': %s}}", id),
                     "GenericError", desc);
}

static void device_del(QTestState *qts, const char *id)
{
    qtest_qmp_assert_success(qts, "{'execute': 'device_del', "
                             "'arguments': {'id': %s}}", id);
}

/* Configuration space */

static void test_gen_config(void)
{
    QTestState *qts = qtest_init(RP_ARGS);

    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, 0x00), ==, 0x000c1b36);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, 0x04), ==, 0x00100000);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, 0x08), ==, 0x06040000);
    g_assert_cmphex(cfg_readb(qts, 0, RP_DEV, 0x0e), ==, 0x01);
    g_assert_cmphex(cfg_readb(qts, 0, RP_DEV, 0x3d), ==, 1);  /* INTA */
    /* Windows closed as qemu leaves them. */
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, 0x1c), ==, 0x000000f0);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, 0x20), ==, 0x0000fff0);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, 0x24), ==, 0x0001fff1);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, 0x28), ==, 0);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, 0x2c), ==, 0);
    /* And again after a reset, whatever the guest put there. */
    cfg_writel(qts, 0, RP_DEV, 0x24, 0x3ff10001);
    cfg_writel(qts, 0, RP_DEV, 0x28, 0x12345678);
    cfg_writel(qts, 0, RP_DEV, 0x2c, 0x9abcdef0);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, 0x28), ==, 0x12345678);
    qtest_qmp_assert_success(qts, "{'execute': 'system_reset'}");
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, 0x24), ==, 0x0001fff1);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, 0x28), ==, 0);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, 0x2c), ==, 0);

    /* 0x34 -> EXP 0x54 -> MSI-X 0x48 -> SSVID 0x40 */
    g_assert_cmphex(cfg_readb(qts, 0, RP_DEV, 0x34), ==, GEN_EXP);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, 0x40), ==, 0x0000000d);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, 0x44), ==, 0x00001b36);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, 0x48), ==, 0x00004011);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, 0x4c), ==, 0);       /* BAR0 */
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, 0x50), ==, 0x800);   /* PBA */
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, GEN_EXP), ==, 0x01424810);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, GEN_EXP + EXP_LNKCAP), ==,
                    0x00300604);
    g_assert_cmphex(cfg_readw(qts, 0, RP_DEV, GEN_EXP + EXP_LNKSTA), ==,
                    0x0204);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, GEN_EXP + EXP_SLTCAP), ==,
                    0x0002007b);
    g_assert_cmphex(sltctl(qts, GEN_EXP), ==, 0x07c0);
    g_assert_cmphex(sltsta(qts, GEN_EXP), ==, 0);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, GEN_EXP + EXP_LNKCAP2), ==,
                    0x1e);
    g_assert_cmphex(cfg_readw(qts, 0, RP_DEV, GEN_EXP + EXP_LNKCTL2), ==,
                    4);

    /* BAR0: 4 KiB of 32-bit memory for the MSI-X table. */
    cfg_writel(qts, 0, RP_DEV, 0x10, 0xffffffff);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, 0x10), ==, 0xfffff000);

    /* Extended capabilities: AER at 0x100, then ACS at 0x148. */
    ecam_enable(qts);
    g_assert_cmphex(ecam_readl(qts, 0, RP_DEV, 0), ==, 0x000c1b36);
    g_assert_cmphex(ecam_readl(qts, 0, RP_DEV, 0x100), ==, 0x14820001);
    g_assert_cmphex(ecam_readl(qts, 0, RP_DEV, 0x10c), ==, 0x00462030);
    g_assert_cmphex(ecam_readl(qts, 0, RP_DEV, 0x114), ==, 0x0000e000);
    g_assert_cmphex(ecam_readl(qts, 0, RP_DEV, 0x118), ==, 0x000002a0);
    g_assert_cmphex(ecam_readl(qts, 0, RP_DEV, 0x148), ==, 0x0001000d);
    g_assert_cmphex(ecam_readl(qts, 0, RP_DEV, 0x14c), ==, 0x0000005f);
    qtest_quit(qts);
}

static void test_ioh3420_config(void)
{
    QTestState *qts = qtest_init("-M q35 -device ioh3420,id=rp,chassis=1,"
                                 "addr=3");

    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, 0x00), ==, 0x34208086);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, 0x08), ==, 0x06040002);
    g_assert_cmphex(cfg_readb(qts, 0, RP_DEV, 0x34), ==, IOH_EXP);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, 0x40), ==, 0x0000000d);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, 0x44), ==, 0x00008086);
    /* MSI: 2 vectors, 32-bit, maskable; no BAR. */
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, IOH_MSI), ==, 0x01024005);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, 0x10), ==, 0);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, IOH_EXP), ==, 0x01426010);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, IOH_EXP + EXP_LNKCAP), ==,
                    0x00000411);
    g_assert_cmphex(cfg_readw(qts, 0, RP_DEV, IOH_EXP + EXP_LNKSTA), ==,
                    0x0011);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, IOH_EXP + EXP_LNKCAP2), ==,
                    0);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, IOH_EXP + EXP_SLTCAP), ==,
                    0x0002007b);
    ecam_enable(qts);
    /* AER alone: no ACS on this model. */
    g_assert_cmphex(ecam_readl(qts, 0, RP_DEV, 0x100), ==, 0x00020001);
    g_assert_cmphex(ecam_readl(qts, 0, RP_DEV, 0x118), ==, 0x000002a0);
    qtest_quit(qts);
}

static void test_gen_properties(void)
{
    QTestState *qts = qtest_init(
        "-M q35 -device pcie-root-port,id=a,chassis=1,addr=3,slot=5,port=7,"
        "hotplug=off,x-speed=8,x-width=4,bus-reserve=1,io-reserve=100 "
        "-device pcie-root-port,id=b,chassis=2,addr=4,x-speed=2_5,x-width=1,"
        "power_controller_present=off,disable-acs=on");

    /* No hot-plug surprise or capable bits; physical slot 5. */
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, GEN_EXP + EXP_SLTCAP), ==,
                    0x002a001b);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, GEN_EXP + EXP_LNKCAP), ==,
                    0x07300443);
    g_assert_cmphex(cfg_readw(qts, 0, RP_DEV, GEN_EXP + EXP_LNKSTA), ==,
                    0x0043);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, GEN_EXP + EXP_LNKCAP2), ==,
                    0x0e);
    g_assert_cmphex(cfg_readw(qts, 0, RP_DEV, GEN_EXP + EXP_LNKCTL2), ==,
                    3);
    /* The resource reservation capability heads the list. */
    g_assert_cmphex(cfg_readb(qts, 0, RP_DEV, 0x34), ==, 0x90);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, 0x90), ==, 0x01205409);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, 0x94), ==, 1);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, 0x98), ==, 100);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, 0x9c), ==, 0);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, 0xa0), ==, 0xffffffff);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, 0xa4), ==, 0xffffffff);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, 0xa8), ==, 0xffffffff);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, 0xac), ==, 0xffffffff);

    /* 2.5 GT/s x1 reads like ioh3420; no power controller. */
    g_assert_cmphex(cfg_readl(qts, 0, RP2_DEV, GEN_EXP + EXP_LNKCAP), ==,
                    0x00000411);
    g_assert_cmphex(cfg_readl(qts, 0, RP2_DEV, GEN_EXP + EXP_LNKCAP2), ==,
                    0);
    g_assert_cmphex(cfg_readl(qts, 0, RP2_DEV, GEN_EXP + EXP_SLTCAP), ==,
                    0x00020079);
    g_assert_cmphex(cfg_readw(qts, 0, RP2_DEV, GEN_EXP + EXP_SLTCTL), ==,
                    0x00c0);
    /* Its power controller bit cannot be set. */
    cfg_writew(qts, 0, RP2_DEV, GEN_EXP + EXP_SLTCTL, 0xffff);
    g_assert_cmphex(cfg_readw(qts, 0, RP2_DEV, GEN_EXP + EXP_SLTCTL), ==,
                    0x03f9);
    g_assert_cmphex(cfg_readb(qts, 0, RP2_DEV, 0x34), ==, GEN_EXP);
    ecam_enable(qts);
    g_assert_cmphex(ecam_readl(qts, 0, RP2_DEV, 0x100), ==, 0x00020001);
    qtest_quit(qts);
}

static void test_gen_errors(void)
{
    assert_start_error("-device pcie-root-port,id=a "
                       "-device pcie-root-port,id=b",
                       "-device pcie-root-port,id=b: Can't add chassis slot, "
                       "error -16");
    assert_start_error("-device ioh3420,id=a,chassis=3,slot=2 "
                       "-device pcie-root-port,id=b,chassis=3,slot=2",
                       "Can't add chassis slot, error -16");
    assert_start_error("-device pcie-root-port,mem-reserve=4G",
                       "PCI resource reserve cap: mem-reserve must be less "
                       "than 4G");
    assert_start_error("-device pcie-root-port,pref32-reserve=5G",
                       "PCI resource reserve cap: pref32-reserve  must be "
                       "less than 4G");
    assert_start_error("-device pcie-root-port,pref32-reserve=1M,"
                       "pref64-reserve=1M",
                       "PCI resource reserve cap: PREF32 and PREF64 "
                       "conflict");
    assert_start_error("-device pcie-root-port,x-speed=3",
                       "x-speed");
    assert_start_error("-device ioh3420,bus-reserve=3",
                       "Property 'ioh3420.bus-reserve' not found");
}

/* Slot registers as a guest sees them */

static void test_slot_registers(void)
{
    QTestState *qts = qtest_init(RP_ARGS);
    int e = GEN_EXP;

    /* Capabilities are read-only. */
    cfg_writel(qts, 0, RP_DEV, e + EXP_SLTCAP, 0xffffffff);
    g_assert_cmphex(cfg_readl(qts, 0, RP_DEV, e + EXP_SLTCAP), ==,
                    0x0002007b);
    /* Writable control bits: enables, indicators, power; not the MRL,
     * power fault or DLL enables.  Any write completes a command, and
     * the interlock control toggles the interlock. */
    set_sltctl(qts, e, 0xffff);
    g_assert_cmphex(sltctl(qts, e), ==, 0x07f9);
    g_assert_cmphex(sltsta(qts, e), ==, CC | EIS);
    /* A W1C write naming an event that is not pending changes none. */
    clear_sltsta(qts, e, 0xffff);
    g_assert_cmphex(sltsta(qts, e), ==, CC | EIS);
    clear_sltsta(qts, e, CC | PDC);
    g_assert_cmphex(sltsta(qts, e), ==, CC | EIS);
    /* Clearing what is pending works; presence and interlock are RO. */
    clear_sltsta(qts, e, CC | PDS | EIS | DLLSC);
    g_assert_cmphex(sltsta(qts, e), ==, EIS);
    /* Toggling again releases the interlock. */
    set_sltctl(qts, e, 0x07c0 | EIC);
    g_assert_cmphex(sltctl(qts, e), ==, 0x07c0);
    g_assert_cmphex(sltsta(qts, e), ==, CC);
    clear_sltsta(qts, e, CC);
    /* Power off with nothing present: only the command completes. */
    set_sltctl(qts, e, 0x01c0);
    clear_sltsta(qts, e, CC);
    set_sltctl(qts, e, 0x07c0);
    g_assert_cmphex(sltsta(qts, e), ==, CC);
    /* A byte write of control completes a command too. */
    clear_sltsta(qts, e, CC);
    cfg_writeb(qts, 0, RP_DEV, e + EXP_SLTCTL, 0xc0);
    g_assert_cmphex(sltsta(qts, e), ==, CC);
    /* Link control is not the guest's; root control's SERR bits are. */
    cfg_writew(qts, 0, RP_DEV, e + EXP_LNKCTL, 0xffff);
    g_assert_cmphex(cfg_readw(qts, 0, RP_DEV, e + EXP_LNKCTL), ==, 0);
    cfg_writew(qts, 0, RP_DEV, e + EXP_RTCTL, 0xffff);
    g_assert_cmphex(cfg_readw(qts, 0, RP_DEV, e + EXP_RTCTL), ==, 7);
    /* Reset brings the slot back. */
    qtest_qmp_assert_success(qts, "{'execute': 'system_reset'}");
    qtest_qmp_eventwait(qts, "RESET");
    g_assert_cmphex(sltctl(qts, e), ==, 0x07c0);
    g_assert_cmphex(sltsta(qts, e), ==, 0);
    g_assert_cmphex(cfg_readw(qts, 0, RP_DEV, e + EXP_RTCTL), ==, 0);
    qtest_quit(qts);
}

/* Native hot-plug */

/* The generic port's MSI-X vector 0 -> PCIE_TEST_MSI_ADDR. */
static void setup_msix(QTestState *qts)
{
    cfg_writel(qts, 0, RP_DEV, 0x10, RP_MSIX_BAR);
    cfg_writew(qts, 0, RP_DEV, 0x04, 0x0006);       /* memory, master */
    qtest_writel(qts, RP_MSIX_BAR + 0, (uint32_t)PCIE_TEST_MSI_ADDR);
    qtest_writel(qts, RP_MSIX_BAR + 4, 0);
    qtest_writel(qts, RP_MSIX_BAR + 8, MSI_DATA);
    qtest_writel(qts, RP_MSIX_BAR + 12, 0);         /* unmasked */
    cfg_writew(qts, 0, RP_DEV, 0x4a, 0x8000);       /* MSI-X enable */
    msi_take(qts);
}

static void test_hotplug_msix(void)
{
    QTestState *qts = qtest_init(RP_ARGS);
    int e = GEN_EXP;

    setup_msix(qts);
    /* pciehp: enable interrupts; the command completes, and says so. */
    set_sltctl(qts, e, 0x07c0 | HPIE | CCIE | PDCE | ABPE);
    g_assert_cmphex(sltsta(qts, e), ==, CC);
    g_assert_cmphex(msi_take(qts), ==, MSI_DATA);
    clear_sltsta(qts, e, CC);

    add_dev(qts, "d1", "rp");
    g_assert_cmphex(sltsta(qts, e), ==, PDS | PDC | ABP);
    g_assert_cmphex(msi_take(qts), ==, MSI_DATA);
    /* The link trained at the device's 2.5 GT/s x1. */
    g_assert_cmphex(cfg_readw(qts, 0, RP_DEV, e + EXP_LNKSTA), ==,
                    DLLLA | 0x0011);
    g_assert_true(device_exists(qts, "d1"));

    /* Power on; the button press is still pending, so no new message. */
    clear_sltsta(qts, e, PDC);
    set_sltctl(qts, e, (sltctl(qts, e) & ~(PIC_MASK | PCC)) | PIC_ON);
    g_assert_cmphex(sltsta(qts, e), ==, PDS | CC | ABP);
    g_assert_cmphex(msi_take(qts), ==, 0);
    clear_sltsta(qts, e, CC | ABP);
    g_assert_cmphex(sltsta(qts, e), ==, PDS);

    /* device_del presses the attention button. */
    device_del(qts, "d1");
    g_assert_cmphex(sltsta(qts, e), ==, PDS | ABP);
    g_assert_cmphex(msi_take(qts), ==, MSI_DATA);
    assert_del_error(qts, "d1",
                     "Device d1 is already in the process of unplug");
    qtest_qmp_assert_no_event(qts, "DEVICE_DELETED");
    g_assert_true(device_exists(qts, "d1"));

    /* The guest blinks, then powers off: the device goes. */
    clear_sltsta(qts, e, ABP);
    set_sltctl(qts, e, (sltctl(qts, e) & ~PIC_MASK) | PIC_BLINK);
    clear_sltsta(qts, e, CC);
    msi_take(qts);
    set_sltctl(qts, e, sltctl(qts, e) | PIC_OFF | PCC);
    qtest_qmp_assert_event(qts, "DEVICE_DELETED",
                           "{'device': 'd1', 'path': "
                           "'/machine/peripheral/d1'}");
    g_assert_cmphex(sltsta(qts, e), ==, PDC | CC);
    g_assert_cmphex(msi_take(qts), ==, MSI_DATA);
    g_assert_cmphex(cfg_readw(qts, 0, RP_DEV, e + EXP_LNKSTA), ==, 0x0204);
    g_assert_false(device_exists(qts, "d1"));
    clear_sltsta(qts, e, PDC | CC);
    g_assert_cmphex(sltsta(qts, e), ==, 0);
    qtest_quit(qts);
}

static void test_hotplug_msi_ioh3420(void)
{
    QTestState *qts = qtest_init("-M q35 -device ioh3420,id=rp,chassis=1,"
                                 "addr=3");
    int e = IOH_EXP;

    cfg_writew(qts, 0, RP_DEV, 0x04, 0x0004);       /* bus master */
    cfg_writel(qts, 0, RP_DEV, IOH_MSI + 4, (uint32_t)PCIE_TEST_MSI_ADDR);
    cfg_writew(qts, 0, RP_DEV, IOH_MSI + 8, MSI_DATA);
    cfg_writew(qts, 0, RP_DEV, IOH_MSI + 2, 0x0001);    /* enable */
    set_sltctl(qts, e, 0x07c0 | HPIE | PDCE);
    g_assert_cmphex(msi_take(qts), ==, 0);          /* CCIE is off */
    clear_sltsta(qts, e, CC);

    add_dev(qts, "d1", "rp");
    g_assert_cmphex(msi_take(qts), ==, MSI_DATA);
    g_assert_cmphex(sltsta(qts, e), ==, PDS | PDC | ABP);
    /* A masked vector holds the message. */
    clear_sltsta(qts, e, PDC | ABP);
    cfg_writel(qts, 0, RP_DEV, IOH_MSI + 0x0c, 1);
    set_sltctl(qts, e, 0x01c0 | HPIE | PDCE | ABPE);    /* power on */
    device_del(qts, "d1");
    qtest_qmp_assert_no_event(qts, "DEVICE_DELETED");
    g_assert_cmphex(msi_take(qts), ==, 0);
    cfg_writel(qts, 0, RP_DEV, IOH_MSI + 0x0c, 0);
    g_assert_cmphex(msi_take(qts), ==, MSI_DATA);
    qtest_quit(qts);
}

/* With MSI-X off the port interrupts through INTA, which its status
 * register's Interrupt Status bit shows. */
static void test_hotplug_intx(void)
{
    QTestState *qts = qtest_init(RP_ARGS);
    int e = GEN_EXP;

    set_sltctl(qts, e, 0x07c0 | HPIE | PDCE);
    clear_sltsta(qts, e, CC);
    g_assert_false(cfg_readw(qts, 0, RP_DEV, 0x06) & 0x08);
    add_dev(qts, "d1", "rp");
    g_assert_true(cfg_readw(qts, 0, RP_DEV, 0x06) & 0x08);
    /* ABP is not enabled: clearing PDC drops the line. */
    clear_sltsta(qts, e, PDC);
    g_assert_false(cfg_readw(qts, 0, RP_DEV, 0x06) & 0x08);
    /* Hot-plug interrupts disabled: nothing. */
    set_sltctl(qts, e, 0x07c0 | PDCE);
    clear_sltsta(qts, e, CC | ABP);
    device_del(qts, "d1");      /* powered off: removed at once */
    qtest_qmp_eventwait(qts, "DEVICE_DELETED");
    g_assert_cmphex(sltsta(qts, e), ==, PDC);
    g_assert_false(cfg_readw(qts, 0, RP_DEV, 0x06) & 0x08);
    qtest_quit(qts);
}

static void test_unplug_immediate(void)
{
    QTestState *qts = qtest_init(RP_ARGS);
    int e = GEN_EXP;

    /* Never powered on: device_del removes at once. */
    add_dev(qts, "d1", "rp");
    g_assert_cmphex(sltctl(qts, e), ==, 0x07c0);
    clear_sltsta(qts, e, PDC | ABP);
    device_del_reply_then_event(qts, "d1");
    g_assert_cmphex(sltsta(qts, e), ==, PDC);
    g_assert_false(device_exists(qts, "d1"));
    qmp_assert_error(qtest_qmp(qts, "{'execute': 'device_del', "
                               "'arguments': {'id': 'd1'}}"),
                     "DeviceNotFound", "Device 'd1' not found");

    /* Rewriting an already powered-off slot keeps the device; turning
     * power on and then off removes it without any device_del. */
    clear_sltsta(qts, e, PDC);
    add_dev(qts, "d2", "rp");
    set_sltctl(qts, e, 0x07c0 | HPIE);
    qtest_qmp_assert_no_event(qts, "DEVICE_DELETED");
    g_assert_true(device_exists(qts, "d2"));
    set_sltctl(qts, e, 0x03c0);
    g_assert_true(device_exists(qts, "d2"));
    set_sltctl(qts, e, 0x07c0);
    qtest_qmp_assert_event(qts, "DEVICE_DELETED",
                           "{'device': 'd2', 'path': "
                           "'/machine/peripheral/d2'}");
    g_assert_false(sltsta(qts, e) & PDS);
    qtest_quit(qts);
}

/*
 * qemu 7.2's native hot-plug does not finish a pending unplug at reset:
 * the device stays (still pending) until the guest powers the slot off.
 */
static void test_unplug_reset(void)
{
    QTestState *qts = qtest_init(RP_ARGS " -device corvid-test-pci-dev,"
                                 "express=on,id=cold,bus=rp");
    int e = GEN_EXP;

    /* A populated slot comes out of reset powered. */
    g_assert_cmphex(sltctl(qts, e), ==, 0x01c0);
    g_assert_cmphex(sltsta(qts, e), ==, PDS);
    device_del(qts, "cold");
    g_assert_cmphex(sltsta(qts, e), ==, PDS | ABP);
    qtest_qmp_assert_success(qts, "{'execute': 'system_reset'}");
    qtest_qmp_eventwait(qts, "RESET");
    qtest_qmp_assert_no_event(qts, "DEVICE_DELETED");
    g_assert_true(device_exists(qts, "cold"));
    g_assert_cmphex(sltctl(qts, e), ==, 0x01c0);
    g_assert_cmphex(sltsta(qts, e), ==, PDS);
    assert_del_error(qts, "cold",
                     "Device cold is already in the process of unplug");
    /* The guest, rebooted, lets go of the slot. */
    set_sltctl(qts, e, 0x07c0);
    qtest_qmp_assert_event(qts, "DEVICE_DELETED",
                           "{'device': 'cold', 'path': "
                           "'/machine/peripheral/cold'}");
    qtest_quit(qts);
}

static void test_hotplug_errors(void)
{
    QTestState *qts = qtest_init(
        RP_ARGS " -device pcie-root-port,id=rp2,chassis=2,addr=4,hotplug=off"
        " -device corvid-test-pci-dev,express=on,id=cold,bus=rp2"
        " -device pcie-root-port,id=rp3,chassis=3,addr=5,"
        "power_controller_present=off"
        " -device corvid-test-pci-dev,express=on,id=cold3,bus=rp3");
    int e = GEN_EXP;

    assert_add_error(qts, "rp2", NULL,
                     "Hot-plug failed: unsupported by the port device "
                     "'rp2'");
    assert_del_error(qts, "cold",
                     "Hot-unplug failed: unsupported by the port device "
                     "'rp2'");

    /* Interlock engaged. */
    set_sltctl(qts, e, 0x07c0 | EIC);
    assert_add_error(qts, "rp", NULL, "slot is electromechanically locked: "
                     "Device or resource busy");
    set_sltctl(qts, e, 0x07c0 | EIC);
    add_dev(qts, "d1", "rp");
    set_sltctl(qts, e, 0x01c0 | EIC);
    assert_del_error(qts, "d1", "slot is electromechanically locked: "
                     "Device or resource busy");
    set_sltctl(qts, e, 0x01c0 | EIC);

    /* Occupied: the same function, or another behind function 0. */
    assert_add_error(qts, "rp", "0",
                     "PCI: slot 0 function 0 not available for "
                     "corvid-test-pci-dev, in use by corvid-test-pci-dev,"
                     "id=d1");
    assert_add_error(qts, "rp", "2",
                     "PCI: slot 0 function 0 already occupied by "
                     "corvid-test-pci-dev, new func corvid-test-pci-dev "
                     "cannot be exposed to guest.");

    /* The guest is mid-transition. */
    set_sltctl(qts, e, 0x02c0);
    clear_sltsta(qts, e, ABP | PDC | CC);
    assert_del_error(qts, "d1", "Hot-unplug failed: guest is busy (power "
                     "indicator blinking)");
    g_assert_false(sltsta(qts, e) & ABP);

    /* Without a power controller the guest cannot say "off" through
     * power control: device_del waits for it. */
    device_del(qts, "cold3");
    qtest_qmp_assert_no_event(qts, "DEVICE_DELETED");
    g_assert_cmphex(cfg_readw(qts, 0, 5, e + EXP_SLTSTA), ==, PDS | ABP);
    qtest_quit(qts);
}

/*
 * Behind a port the link leads to one device: a function hot-added at
 * any address while devfn 0 is there would stay unseen, whatever its
 * slot number, and is refused; an address in use is reported first.
 * Placement without "addr" is not checked (qemu 7.2 does the same).
 */
static void test_hotplug_functions(void)
{
    QTestState *qts = qtest_init(
        RP_ARGS " -device corvid-test-pci-dev,express=on,id=f0,bus=rp,"
        "multifunction=on"
        " -device corvid-test-pci-dev,express=on,id=f1,bus=rp,addr=0.1"
        " -device corvid-test-pci-dev,express=on,id=s1,bus=rp,addr=1.0"
        " -device pcie-root-port,id=rp2,chassis=2,addr=4"
        " -device corvid-test-pci-dev,express=on,id=g1,bus=rp2,addr=1.0");

    assert_add_error(qts, "rp", "0.1",
                     "PCI: slot 0 function 1 not available for "
                     "corvid-test-pci-dev, in use by corvid-test-pci-dev,"
                     "id=f1");
    assert_add_error(qts, "rp", "1.0",
                     "PCI: slot 1 function 0 not available for "
                     "corvid-test-pci-dev, in use by corvid-test-pci-dev,"
                     "id=s1");
    assert_add_error(qts, "rp", "0.2",
                     "PCI: slot 0 function 0 already occupied by "
                     "corvid-test-pci-dev, new func corvid-test-pci-dev "
                     "cannot be exposed to guest.");
    /* Slot 1's function 0 is there too, but devfn 0 is what counts. */
    assert_add_error(qts, "rp", "1.1",
                     "PCI: slot 0 function 0 already occupied by "
                     "corvid-test-pci-dev, new func corvid-test-pci-dev "
                     "cannot be exposed to guest.");
    assert_add_error(qts, "rp", "3.0",
                     "PCI: slot 0 function 0 already occupied by "
                     "corvid-test-pci-dev, new func corvid-test-pci-dev "
                     "cannot be exposed to guest.");
    qtest_qmp_device_add(qts, "corvid-test-pci-dev", "auto",
                         "{'bus': 'rp', 'express': true}");
    g_assert_true(device_exists(qts, "auto"));

    /* Without devfn 0, the slot rules of the bus apply. */
    assert_add_error(qts, "rp2", "1.1",
                     "PCI: single function device can't be populated in "
                     "function 1.1");
    qtest_qmp_device_add(qts, "corvid-test-pci-dev", "g0",
                         "{'bus': 'rp2', 'express': true, 'addr': '0.0'}");
    assert_add_error(qts, "rp2", "0.1",
                     "PCI: slot 0 function 0 already occupied by "
                     "corvid-test-pci-dev, new func corvid-test-pci-dev "
                     "cannot be exposed to guest.");
    qtest_quit(qts);
}

/*
 * Slot power ([PCIe] 6.7.1.8) as qemu 7.2's native hot-plug does it:
 * with the power controller off, what is behind the slot is reset and
 * answers no config cycles, until the guest turns power back on.
 */
static void test_slot_power(void)
{
    QTestState *qts = qtest_init(RP_ARGS " -device corvid-test-pci-dev,"
                                 "express=on,id=cold,bus=rp "
                                 "-device pcie-root-port,id=rp2,chassis=2,"
                                 "addr=4");
    int e = GEN_EXP;

    cfg_writel(qts, 0, RP_DEV, 0x18, 0x00010100);
    cfg_writel(qts, 0, RP_DEV + 1, 0x18, 0x00020200);
    g_assert_cmphex(cfg_readl(qts, 1, 0, 0x00), ==, 0x10f01af4);
    cfg_writeb(qts, 1, 0, 0x3c, 0x0b);
    g_assert_cmphex(cfg_readb(qts, 1, 0, 0x3c), ==, 0x0b);

    /* Power off with the indicator on: not an unplug, just dark. */
    set_sltctl(qts, e, PCC | PIC_ON | 0x00c0);
    g_assert_cmphex(cfg_readl(qts, 1, 0, 0x00), ==, 0xffffffff);
    cfg_writeb(qts, 1, 0, 0x3c, 0x07);
    qtest_qmp_assert_no_event(qts, "DEVICE_DELETED");
    g_assert_true(device_exists(qts, "cold"));
    set_sltctl(qts, e, PIC_ON | 0x00c0);
    g_assert_cmphex(cfg_readl(qts, 1, 0, 0x00), ==, 0x10f01af4);
    /* Losing power reset it; the write while dark went nowhere. */
    g_assert_cmphex(cfg_readb(qts, 1, 0, 0x3c), ==, 0);

    /* Hot-plugged into an empty (so unpowered) slot: dark until on. */
    g_assert_true(cfg_readw(qts, 0, RP_DEV + 1, e + EXP_SLTCTL) & PCC);
    add_dev(qts, "hot", "rp2");
    g_assert_cmphex(cfg_readl(qts, 2, 0, 0x00), ==, 0xffffffff);
    cfg_writew(qts, 0, RP_DEV + 1, e + EXP_SLTCTL, PIC_ON | 0x00c0);
    g_assert_cmphex(cfg_readl(qts, 2, 0, 0x00), ==, 0x10f01af4);
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    if (!pcie_test_init(&argc, &argv)) {
        return g_test_run();
    }
    g_test_add_func("/pcie-root-port/config", test_gen_config);
    g_test_add_func("/pcie-root-port/properties", test_gen_properties);
    g_test_add_func("/pcie-root-port/errors", test_gen_errors);
    g_test_add_func("/pcie-root-port/slot-registers", test_slot_registers);
    g_test_add_func("/pcie-root-port/hotplug-msix", test_hotplug_msix);
    g_test_add_func("/pcie-root-port/hotplug-intx", test_hotplug_intx);
    g_test_add_func("/pcie-root-port/unplug-immediate",
                   test_unplug_immediate);
    g_test_add_func("/pcie-root-port/unplug-reset", test_unplug_reset);
    g_test_add_func("/pcie-root-port/slot-power", test_slot_power);
    g_test_add_func("/pcie-root-port/hotplug-errors", test_hotplug_errors);
    g_test_add_func("/pcie-root-port/hotplug-functions",
                    test_hotplug_functions);
    g_test_add_func("/ioh3420/config", test_ioh3420_config);
    g_test_add_func("/ioh3420/hotplug-msi", test_hotplug_msi_ioh3420);
    return g_test_run();
}
