/*
 * PCI-to-PCI bridges and INTx, from the guest's side: configuration
 * cycles routed by the bus numbers the guest gives bridges, INTx pins
 * swizzled across bridges to the host's interrupt lines (seen with
 * irq_intercept_in), the Interrupt Disable and Interrupt Status bits,
 * the I/O, memory and prefetchable windows forwarding (or not) to the
 * secondary side, and secondary bus reset; then the "pci-bridge" model
 * itself: its configuration space as qemu 7.2 lays it out (with and
 * without its standard hot-plug controller, MSI and the resource
 * reservation hints) and hot-plug through the controller's registers,
 * on the pc machine and on the test host.
 *
 * The bridges of the first tests have no hot-plug controller
 * (shpc=off), so the test host removes devices below them at once.
 * Their topology (root bus slot numbers in hex, as addr= takes them):
 *
 *   root bus 0 (corvid-test-pci-host "host", lines 0-3)
 *     04.0 dev r4 (INTA)        06.0 dev r6 (INTC)
 *     07.0 dev r7 (INTB)        05.0 pci-bridge br1
 *                                  00.0..03.0 devs b0-b3 (INTA..INTD)
 *                                  08.0 pci-bridge br2
 *                                     02.0 dev c2 (INTB)
 */
#include "util/osdep.h"
#include "libqpci.h"
#include "pcie-test-util.h"
#include "../testdev/pci-testdev-regs.h"

#define HOST_PATH "/machine/peripheral/host"
#define BR1_SLOT 5
#define BR2_SLOT 8
#define BAR_IO CORVID_TEST_PCI_BAR_IO
#define BAR_MEM CORVID_TEST_PCI_BAR_MEM
#define BAR_MEM64 CORVID_TEST_PCI_BAR_MEM64
#define REG_ID CORVID_TEST_PCI_REG_ID
#define MAGIC CORVID_TEST_PCI_ID_MAGIC

typedef struct Fixture {
    QTestState *qts;
    QPCIBus *bus;
} Fixture;

static void start(Fixture *f)
{
    f->qts = qtest_init(
        "-M none -m 16M -device corvid-test-pci-host,id=host "
        "-device corvid-test-pci-dev,bus=host.0,addr=4,id=r4,intx-pin=1 "
        "-device corvid-test-pci-dev,bus=host.0,addr=6,id=r6,intx-pin=3 "
        "-device corvid-test-pci-dev,bus=host.0,addr=7,id=r7,intx-pin=2 "
        "-device pci-bridge,bus=host.0,addr=5,id=br1,chassis_nr=1,shpc=off "
        "-device corvid-test-pci-dev,bus=br1,addr=0,id=b0,intx-pin=1 "
        "-device corvid-test-pci-dev,bus=br1,addr=1,id=b1,intx-pin=2 "
        "-device corvid-test-pci-dev,bus=br1,addr=2,id=b2,intx-pin=3 "
        "-device corvid-test-pci-dev,bus=br1,addr=3,id=b3,intx-pin=4 "
        "-device pci-bridge,bus=br1,addr=8,id=br2,chassis_nr=2,shpc=off "
        "-device corvid-test-pci-dev,bus=br2,addr=2,id=c2,intx-pin=2");
    f->bus = qpci_new_test_host(f->qts);
}

static void stop(Fixture *f)
{
    qpci_free(f->bus);
    qtest_quit(f->qts);
}

static QPCIDevice *dev_at(Fixture *f, int bus_num, int slot)
{
    QPCIDevice *dev = qpci_device_find(f->bus, bus_num,
                                       QPCI_DEVFN(slot, 0));

    g_assert_nonnull(dev);
    return dev;
}

/* Configuration cycles */

static void test_routing(void)
{
    Fixture f;
    QPCIDevice *br1, *br2, *b0;

    start(&f);
    /* Before numbering, nothing behind the bridges answers. */
    g_assert_cmphex(qpci_config_read(f.bus, 1, 0, PCI_VENDOR_ID, 2), ==,
                    0xffff);
    br1 = dev_at(&f, 0, BR1_SLOT);
    g_assert_cmphex(br1->vendor_id, ==, 0x1b36);
    g_assert_cmphex(br1->device_id, ==, 0x0001);
    g_assert_cmpuint(br1->header_type, ==, PCI_HEADER_TYPE_BRIDGE);
    g_assert_cmphex(qpci_config_readl(br1, PCI_PRIMARY_BUS), ==, 0);

    /* Firmware's depth-first numbering: br1 gets 1-2, br2 2. */
    g_assert_cmpint(qpci_enumerate(f.bus), ==, 10);
    br1 = qpci_device_find(f.bus, 0, QPCI_DEVFN(BR1_SLOT, 0));
    br2 = qpci_device_find(f.bus, 1, QPCI_DEVFN(BR2_SLOT, 0));
    g_assert_nonnull(br2);
    g_assert_true(br2->parent == br1);
    g_assert_cmpint(br1->secondary, ==, 1);
    g_assert_cmpint(br1->subordinate, ==, 2);
    g_assert_cmpint(br2->secondary, ==, 2);
    g_assert_cmpint(br2->subordinate, ==, 2);
    g_assert_cmphex(qpci_config_readl(br1, PCI_PRIMARY_BUS) & 0xffffff, ==,
                    0x020100);
    g_assert_cmphex(qpci_config_readl(br2, PCI_PRIMARY_BUS) & 0xffffff, ==,
                    0x020201);
    g_assert_nonnull(qpci_find_device(f.bus, CORVID_TEST_PCI_VENDOR_ID,
                                      CORVID_TEST_PCI_DEVICE_ID, 7));
    g_assert_null(qpci_find_device(f.bus, CORVID_TEST_PCI_VENDOR_ID,
                                   CORVID_TEST_PCI_DEVICE_ID, 8));
    b0 = qpci_device_find(f.bus, 1, QPCI_DEVFN(0, 0));
    g_assert_cmphex(qpci_config_readw(b0, PCI_VENDOR_ID), ==,
                    CORVID_TEST_PCI_VENDOR_ID);
    g_assert_cmphex(qpci_config_read(f.bus, 2, QPCI_DEVFN(2, 0),
                                     PCI_VENDOR_ID, 2), ==,
                    CORVID_TEST_PCI_VENDOR_ID);
    /* Bus numbers beyond every range: nothing. */
    g_assert_cmphex(qpci_config_read(f.bus, 3, QPCI_DEVFN(2, 0),
                                     PCI_VENDOR_ID, 2), ==, 0xffff);

    /* A subordinate range that stops short hides bus 2. */
    qpci_config_writeb(br1, PCI_SUBORDINATE_BUS, 1);
    g_assert_cmphex(qpci_config_read(f.bus, 2, QPCI_DEVFN(2, 0),
                                     PCI_VENDOR_ID, 2), ==, 0xffff);
    g_assert_cmphex(qpci_config_readw(b0, PCI_VENDOR_ID), ==,
                    CORVID_TEST_PCI_VENDOR_ID);
    /* Renumbered, the buses follow. */
    qpci_config_writeb(br1, PCI_SUBORDINATE_BUS, 0x21);
    qpci_config_writeb(br1, PCI_SECONDARY_BUS, 0x20);
    qpci_config_write(f.bus, 0x20, QPCI_DEVFN(BR2_SLOT, 0),
                      PCI_SECONDARY_BUS, 0x2121, 2);
    g_assert_cmphex(qpci_config_read(f.bus, 1, 0, PCI_VENDOR_ID, 2), ==,
                    0xffff);
    g_assert_cmphex(qpci_config_read(f.bus, 0x20, 0, PCI_VENDOR_ID, 2), ==,
                    CORVID_TEST_PCI_VENDOR_ID);
    g_assert_cmphex(qpci_config_read(f.bus, 0x21, QPCI_DEVFN(2, 0),
                                     PCI_VENDOR_ID, 2), ==,
                    CORVID_TEST_PCI_VENDOR_ID);
    /* A guest's nonsense: both bridges claiming one number, a secondary
     * of 0, a range ending before it starts.  Routing stays defined:
     * bus 0 is the root; the outer bridge wins. */
    qpci_config_write(f.bus, 0x20, QPCI_DEVFN(BR2_SLOT, 0),
                      PCI_SECONDARY_BUS, 0x2020, 2);
    /* Slot 2 of "bus 0x20" is b2 (INTC), not c2 (INTB) behind br2. */
    g_assert_cmphex(qpci_config_read(f.bus, 0x20, QPCI_DEVFN(2, 0),
                                     PCI_INTERRUPT_PIN, 1), ==, 3);
    qpci_config_writew(br1, PCI_SECONDARY_BUS, 0x0000);
    g_assert_cmphex(qpci_config_read(f.bus, 0, QPCI_DEVFN(4, 0),
                                     PCI_VENDOR_ID, 2), ==,
                    CORVID_TEST_PCI_VENDOR_ID);
    g_assert_cmphex(qpci_config_read(f.bus, 0, QPCI_DEVFN(0, 0),
                                     PCI_VENDOR_ID, 2), ==, 0xffff);
    qpci_config_writew(br1, PCI_SECONDARY_BUS, 0x0109);
    g_assert_cmphex(qpci_config_read(f.bus, 9, 0, PCI_VENDOR_ID, 2), ==,
                    0xffff);
    qpci_config_writew(br1, PCI_SECONDARY_BUS, 0xffff);
    g_assert_cmphex(qpci_config_read(f.bus, 0xff, 0, PCI_VENDOR_ID, 2), ==,
                    CORVID_TEST_PCI_VENDOR_ID);
    {
        g_autoptr(QList) l = qtest_qmp_assert_list(
            f.qts, "{'execute': 'query-pci'}");
        g_assert_cmpuint(qlist_size(l), ==, 1);
    }
    stop(&f);
}

/* INTx */

static void set_intx(QPCIDevice *dev, bool level)
{
    qpci_bar_writel(dev, BAR_MEM, CORVID_TEST_PCI_REG_INTX, level);
}

/* The lines the host's interrupt controller inputs see. */
static int lines(Fixture *f)
{
    int i, v = 0;

    for (i = 0; i < 4; i++) {
        v |= qtest_get_irq(f->qts, i) << i;
    }
    return v;
}

static void enable_one(QPCIDevice *dev, void *opaque)
{
    qpci_device_enable(dev);
}

static void enumerate_and_enable(Fixture *f)
{
    qpci_enumerate(f->bus);
    qpci_assign_resources(f->bus);
    qpci_foreach(f->bus, enable_one, NULL);
}

static void test_intx_swizzle(void)
{
    static const struct {
        int bus, slot, pin;     /* pin: 1 = INTA */
        int line;
    } cases[] = {
        /* Root bus: (slot + pin - 1) % 4. */
        { 0, 4, 1, 0 }, { 0, 6, 3, 0 }, { 0, 7, 2, 0 },
        /* Behind br1 in slot 5: pin (slot + pin - 1) % 4 at br1, then
         * (5 + that) % 4 at the root. */
        { 1, 0, 1, 1 }, { 1, 1, 2, 3 }, { 1, 2, 3, 1 }, { 1, 3, 4, 3 },
        /* Behind br2 (slot 8 of bus 1): INTB of slot 2 is INTD at br2,
         * INTD of slot 8 is INTD at br1, which is line 0. */
        { 2, 2, 2, 0 },
    };
    Fixture f;
    size_t i;

    start(&f);
    enumerate_and_enable(&f);
    qtest_irq_intercept_in(f.qts, HOST_PATH);
    g_assert_cmphex(lines(&f), ==, 0);

    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        QPCIDevice *dev = dev_at(&f, cases[i].bus, cases[i].slot);

        g_assert_cmpuint(qpci_config_readb(dev, PCI_INTERRUPT_PIN), ==,
                         cases[i].pin);
        set_intx(dev, true);
        g_assert_cmphex(lines(&f), ==, 1 << cases[i].line);
        g_assert_true(qpci_config_readw(dev, PCI_STATUS) &
                      PCI_STATUS_INTERRUPT);
        set_intx(dev, false);
        g_assert_cmphex(lines(&f), ==, 0);
        g_assert_false(qpci_config_readw(dev, PCI_STATUS) &
                       PCI_STATUS_INTERRUPT);
    }

    /* Functions sharing a line: it stays up until the last one lets go
     * (r4, r6, r7 and c2 all end on line 0). */
    set_intx(dev_at(&f, 0, 4), true);
    set_intx(dev_at(&f, 2, 2), true);
    set_intx(dev_at(&f, 1, 1), true);
    g_assert_cmphex(lines(&f), ==, 0x9);
    set_intx(dev_at(&f, 0, 4), false);
    g_assert_cmphex(lines(&f), ==, 0x9);
    set_intx(dev_at(&f, 2, 2), false);
    g_assert_cmphex(lines(&f), ==, 0x8);
    /* Asserting twice counts once. */
    set_intx(dev_at(&f, 1, 1), true);
    set_intx(dev_at(&f, 1, 1), false);
    g_assert_cmphex(lines(&f), ==, 0);
    stop(&f);
}

static void test_intx_control(void)
{
    Fixture f;
    QPCIDevice *b2, *r6;

    start(&f);
    enumerate_and_enable(&f);
    qtest_irq_intercept_in(f.qts, HOST_PATH);
    b2 = dev_at(&f, 1, 2);
    r6 = dev_at(&f, 0, 6);

    /* Interrupt Disable masks the pin, not the status bit. */
    set_intx(b2, true);
    g_assert_cmphex(lines(&f), ==, 0x2);
    qpci_set_command(b2, PCI_COMMAND_INTX_DISABLE, 0);
    g_assert_cmphex(lines(&f), ==, 0);
    g_assert_true(qpci_config_readw(b2, PCI_STATUS) & PCI_STATUS_INTERRUPT);
    set_intx(b2, false);
    set_intx(b2, true);
    g_assert_cmphex(lines(&f), ==, 0);
    qpci_set_command(b2, 0, PCI_COMMAND_INTX_DISABLE);
    g_assert_cmphex(lines(&f), ==, 0x2);
    /* The status bit is read-only. */
    qpci_config_writew(b2, PCI_STATUS, 0xffff);
    g_assert_true(qpci_config_readw(b2, PCI_STATUS) & PCI_STATUS_INTERRUPT);

    /* Enabling MSI or MSI-X takes the pin down. */
    qpci_msi_enable(b2, 0x1000, 0, 1);
    g_assert_cmphex(lines(&f), ==, 0);
    g_assert_false(qpci_config_readw(b2, PCI_STATUS) &
                   PCI_STATUS_INTERRUPT);
    qpci_msi_disable(b2);
    set_intx(r6, true);
    g_assert_cmphex(lines(&f), ==, 0x1);
    qpci_msix_init(r6);
    qpci_msix_enable(r6);
    g_assert_cmphex(lines(&f), ==, 0);
    qpci_msix_disable(r6);

    /* Removing an asserting function lets go of its line. */
    set_intx(r6, true);
    set_intx(b2, true);
    g_assert_cmphex(lines(&f), ==, 0x3);
    qtest_qmp_device_del(f.qts, "b2");
    g_assert_cmphex(lines(&f), ==, 0x1);
    qtest_qmp_device_del(f.qts, "r6");
    g_assert_cmphex(lines(&f), ==, 0);

    /* So does a reset. */
    set_intx(dev_at(&f, 0, 4), true);
    g_assert_cmphex(lines(&f), ==, 0x1);
    qtest_qmp_assert_success(f.qts, "{'execute': 'system_reset'}");
    g_assert_cmphex(lines(&f), ==, 0);
    stop(&f);
}

/* Bridge windows */

static uint32_t mem_base(QPCIDevice *br)
{
    return (uint32_t)qpci_config_readw(br, PCI_MEMORY_BASE) << 16;
}

static void test_windows(void)
{
    Fixture f;
    QPCIDevice *br1, *br2, *b0, *c2;
    uint64_t io, mem, mem64, c2mem;

    start(&f);
    enumerate_and_enable(&f);
    br1 = dev_at(&f, 0, BR1_SLOT);
    br2 = dev_at(&f, 1, BR2_SLOT);
    b0 = dev_at(&f, 1, 0);
    c2 = dev_at(&f, 2, 2);
    io = b0->bars[BAR_IO].addr;
    mem = b0->bars[BAR_MEM].addr;
    mem64 = b0->bars[BAR_MEM64].addr;
    c2mem = c2->bars[BAR_MEM].addr;

    /* The windows cover what is below, nested. */
    g_assert_cmphex(mem_base(br1), <=, mem);
    g_assert_cmphex(mem_base(br2), >, mem);
    g_assert_cmphex(mem_base(br2), <=, c2mem);
    g_assert_cmphex(qpci_bar_readl(b0, BAR_IO, REG_ID), ==, MAGIC);
    g_assert_cmphex(qpci_bar_readl(b0, BAR_MEM, REG_ID), ==, MAGIC);
    g_assert_cmphex(qpci_bar_readl(c2, BAR_MEM, REG_ID), ==, MAGIC);
    qpci_bar_writel(b0, BAR_MEM64, 0, 0x600d);
    g_assert_cmphex(qpci_bar_readl(b0, BAR_MEM64, 0), ==, 0x600d);

    /* The bridge's own decoding gates each kind of window. */
    qpci_set_command(br1, 0, PCI_COMMAND_MEMORY);
    g_assert_cmphex(qtest_readl(f.qts, mem + REG_ID), ==, 0);
    g_assert_cmphex(qtest_readl(f.qts, c2mem + REG_ID), ==, 0);
    g_assert_cmphex(qtest_readl(f.qts, mem64), ==, 0);
    g_assert_cmphex(qpci_bar_readl(b0, BAR_IO, REG_ID), ==, MAGIC);
    qpci_set_command(br1, PCI_COMMAND_MEMORY, PCI_COMMAND_IO);
    g_assert_cmphex(qtest_inl(f.qts, io + REG_ID), ==, 0xffffffff);
    g_assert_cmphex(qpci_bar_readl(b0, BAR_MEM, REG_ID), ==, MAGIC);
    g_assert_cmphex(qpci_bar_readl(b0, BAR_MEM64, 0), ==, 0x600d);
    qpci_set_command(br1, PCI_COMMAND_IO, 0);

    /* Closed windows (base above limit) forward nothing. */
    qpci_bridge_set_mem_window(br1, 0xfff00000, 0);
    g_assert_cmphex(qtest_readl(f.qts, mem + REG_ID), ==, 0);
    g_assert_cmphex(qpci_bar_readl(b0, BAR_MEM64, 0), ==, 0x600d);
    qpci_bridge_set_pref_window(br1, 0xfffffffffff00000ULL, 0);
    g_assert_cmphex(qtest_readl(f.qts, mem64), ==, 0);
    qpci_bridge_set_io_window(br1, 0xf000, 0);
    g_assert_cmphex(qtest_inl(f.qts, io + REG_ID), ==, 0xffffffff);

    /* A window that covers b0's BAR but not c2's: only b0 answers; the
     * 64-bit BAR through the prefetchable window only. */
    qpci_bridge_set_mem_window(br1, mem & ~0xfffffULL,
                               (mem & ~0xfffffULL) + 0xfffff);
    g_assert_cmphex(qtest_readl(f.qts, mem + REG_ID), ==, MAGIC);
    if ((c2mem & ~0xfffffULL) != (mem & ~0xfffffULL)) {
        g_assert_cmphex(qtest_readl(f.qts, c2mem + REG_ID), ==, 0);
    }
    qpci_bridge_set_pref_window(br1, mem64, mem64 + 0xfffff);
    g_assert_cmphex(qtest_readl(f.qts, mem64), ==, 0x600d);
    /* A window just below the BAR forwards none of it. */
    qpci_bridge_set_pref_window(br1, mem64 - 0x100000, mem64 - 1);
    g_assert_cmphex(qtest_readl(f.qts, mem64), ==, 0);
    qpci_bridge_set_io_window(br1, io & ~0xfffULL, io | 0xfff);
    g_assert_cmphex(qtest_inl(f.qts, io + REG_ID), ==, MAGIC);

    /* The inner bridge must forward too. */
    qpci_bridge_set_mem_window(br1, 0xe0000000, 0xefffffff);
    g_assert_cmphex(qtest_readl(f.qts, c2mem + REG_ID), ==, MAGIC);
    qpci_bridge_set_mem_window(br2, 0xfff00000, 0);
    g_assert_cmphex(qtest_readl(f.qts, c2mem + REG_ID), ==, 0);
    g_assert_cmphex(qtest_readl(f.qts, mem + REG_ID), ==, MAGIC);

    /* Windows anywhere a guest likes, wrapping or past the host's
     * windows: nothing breaks. */
    qpci_bridge_set_pref_window(br1, 0xfffffffffff00000ULL,
                                0xffffffffffffffffULL);
    qpci_bridge_set_pref_window(br1, 0, 0xffffffffffffffffULL);
    qpci_bridge_set_mem_window(br1, 0, 0xffffffff);
    qpci_bridge_set_io_window(br1, 0, 0xffff);
    g_assert_cmphex(qtest_readl(f.qts, mem + REG_ID), ==, MAGIC);
    g_assert_cmphex(qtest_inl(f.qts, io + REG_ID), ==, MAGIC);
    g_assert_cmphex(qpci_bar_readl(b0, BAR_MEM64, 0), ==, 0x600d);

    /* The registers: what qemu's pci-bridge shows.  16-bit I/O and 64-bit
     * prefetchable windows. */
    g_assert_cmphex(qpci_config_readb(br1, PCI_IO_BASE) & 0xf, ==,
                    PCI_IO_RANGE_TYPE_16);
    g_assert_cmphex(qpci_config_readw(br1, PCI_PREF_MEMORY_BASE) & 0xf, ==,
                    PCI_PREF_RANGE_TYPE_64);
    qpci_config_writel(br1, PCI_IO_BASE_UPPER16, 0xffffffff);
    g_assert_cmphex(qpci_config_readl(br1, PCI_IO_BASE_UPPER16), ==, 0);
    qpci_config_writew(br1, PCI_BRIDGE_CONTROL, 0xffff & ~0x40);
    g_assert_cmphex(qpci_config_readw(br1, PCI_BRIDGE_CONTROL), ==, 0x0bbf);
    g_assert_cmphex(qpci_config_readw(br1, PCI_STATUS), ==, 0x00b0);
    g_assert_cmphex(qpci_config_readw(br1, PCI_SEC_STATUS), ==, 0x00a0);
    stop(&f);
}

/* Secondary bus reset */

static void test_secondary_bus_reset(void)
{
    Fixture f;
    QPCIDevice *br1, *br2, *b0, *c2, *r4;
    uint32_t resets_b0, resets_r4;
    uint16_t ctl;

    start(&f);
    enumerate_and_enable(&f);
    br1 = dev_at(&f, 0, BR1_SLOT);
    br2 = dev_at(&f, 1, BR2_SLOT);
    b0 = dev_at(&f, 1, 0);
    c2 = dev_at(&f, 2, 2);
    r4 = dev_at(&f, 0, 4);
    qpci_bar_writel(b0, BAR_MEM, CORVID_TEST_PCI_REG_SCRATCH, 0xb0);
    qpci_bar_writel(c2, BAR_MEM, CORVID_TEST_PCI_REG_SCRATCH, 0xc2);
    qpci_bar_writel(r4, BAR_MEM, CORVID_TEST_PCI_REG_SCRATCH, 0x44);
    resets_b0 = qpci_bar_readl(b0, BAR_MEM, CORVID_TEST_PCI_REG_RESETS);
    resets_r4 = qpci_bar_readl(r4, BAR_MEM, CORVID_TEST_PCI_REG_RESETS);
    qpci_msi_enable(b0, 0x1000, 0x12, 1);
    qtest_irq_intercept_in(f.qts, HOST_PATH);
    set_intx(c2, true);
    g_assert_cmphex(lines(&f), ==, 0x1);

    ctl = qpci_config_readw(br1, PCI_BRIDGE_CONTROL);
    qpci_config_writew(br1, PCI_BRIDGE_CONTROL,
                       ctl | PCI_BRIDGE_CTL_BUS_RESET);
    /* Everything below is back to its reset state: command, BARs, MSI,
     * the device's own registers, the inner bridge's numbers; INTx let
     * go. */
    g_assert_cmphex(qpci_config_readw(br1, PCI_BRIDGE_CONTROL), ==,
                    ctl | PCI_BRIDGE_CTL_BUS_RESET);
    g_assert_cmphex(qpci_config_readw(b0, PCI_COMMAND), ==, 0);
    g_assert_cmphex(qpci_config_readl(b0, PCI_BASE_ADDRESS_1), ==, 0);
    g_assert_cmphex(qpci_config_readl(b0, PCI_BASE_ADDRESS_0), ==, 1);
    g_assert_false(qpci_config_readw(b0, qpci_find_capability(
                       b0, PCI_CAP_ID_MSI, 0) + PCI_MSI_FLAGS) &
                   PCI_MSI_FLAGS_ENABLE);
    g_assert_cmphex(qpci_config_readl(br2, PCI_PRIMARY_BUS) & 0xffffff,
                    ==, 0);
    g_assert_cmphex(lines(&f), ==, 0);
    /* The bridge itself and its side of the bus are untouched. */
    g_assert_cmphex(qpci_config_readl(br1, PCI_PRIMARY_BUS) & 0xffffff, ==,
                    0x020100);
    g_assert_cmphex(qpci_config_readw(br1, PCI_COMMAND), ==, 0x0007);
    g_assert_cmphex(qpci_bar_readl(r4, BAR_MEM, CORVID_TEST_PCI_REG_SCRATCH),
                    ==, 0x44);
    g_assert_cmpuint(qpci_bar_readl(r4, BAR_MEM, CORVID_TEST_PCI_REG_RESETS),
                     ==, resets_r4);

    /* Released, and set again: a reset each time the bit rises. */
    qpci_config_writew(br1, PCI_BRIDGE_CONTROL, ctl);
    /* (A new enumeration makes new records.) */
    qpci_enumerate(f.bus);
    qpci_assign_resources(f.bus);
    br1 = dev_at(&f, 0, BR1_SLOT);
    br2 = dev_at(&f, 1, BR2_SLOT);
    b0 = dev_at(&f, 1, 0);
    c2 = dev_at(&f, 2, 2);
    r4 = dev_at(&f, 0, 4);
    qpci_device_enable(b0);
    qpci_device_enable(c2);
    g_assert_cmpuint(qpci_bar_readl(b0, BAR_MEM, CORVID_TEST_PCI_REG_RESETS),
                     ==, resets_b0 + 1);
    g_assert_cmphex(qpci_bar_readl(b0, BAR_MEM, CORVID_TEST_PCI_REG_SCRATCH),
                    ==, 0);
    g_assert_cmphex(qpci_bar_readl(c2, BAR_MEM, CORVID_TEST_PCI_REG_SCRATCH),
                    ==, 0);
    qpci_config_writew(br1, PCI_BRIDGE_CONTROL,
                       ctl | PCI_BRIDGE_CTL_BUS_RESET);
    qpci_config_writew(br1, PCI_BRIDGE_CONTROL,
                       ctl | PCI_BRIDGE_CTL_BUS_RESET);
    qpci_config_writew(br1, PCI_BRIDGE_CONTROL, ctl);
    qpci_assign_resources(f.bus);
    qpci_device_enable(b0);
    g_assert_cmpuint(qpci_bar_readl(b0, BAR_MEM, CORVID_TEST_PCI_REG_RESETS),
                     ==, resets_b0 + 2);

    /* The inner bridge resets only what is below it. */
    qpci_enumerate(f.bus);
    qpci_assign_resources(f.bus);
    br2 = dev_at(&f, 1, BR2_SLOT);
    b0 = dev_at(&f, 1, 0);
    c2 = dev_at(&f, 2, 2);
    qpci_device_enable(b0);
    qpci_device_enable(c2);
    qpci_bar_writel(b0, BAR_MEM, CORVID_TEST_PCI_REG_SCRATCH, 0xb0);
    qpci_config_writew(br2, PCI_BRIDGE_CONTROL, PCI_BRIDGE_CTL_BUS_RESET);
    g_assert_cmphex(qpci_config_readw(c2, PCI_COMMAND), ==, 0);
    g_assert_cmphex(qpci_bar_readl(b0, BAR_MEM, CORVID_TEST_PCI_REG_SCRATCH),
                    ==, 0xb0);
    stop(&f);
}

/* pci-bridge: its configuration space and its hot-plug controller */

#define BR_SLOT         5
#define BR_DEVFN        QPCI_DEVFN(BR_SLOT, 0)
#define SHPC_CAP        0x40
#define MSI_CAP         0x4c
#define MSI_DATA        0x4321
#define CHASSIS_REQUIRED "Bridge chassis not specified. Each bridge is " \
                         "required to be assigned a unique chassis id > 0."

/* Where the bridge "br" (00:05.0, chassis 3) sits. */
typedef struct ShpcSetup {
    const char *machine;
    const char *bus_opt;        /* ",bus=..." for the bridge, or "" */
    bool test_host;
} ShpcSetup;

/* pc with the controller serving the bridge's bus (ACPI bridge hot-plug,
 * once the board has it, would take the bus over otherwise, as on
 * qemu). */
static const ShpcSetup shpc_pc = {
    .machine = "-M pc -global PIIX4_PM.acpi-pci-hotplug-with-bridge-"
               "support=off",
    .bus_opt = "",
};

static const ShpcSetup shpc_none = {
    .machine = "-M none -m 16M -device corvid-test-pci-host,id=host",
    .bus_opt = ",bus=host.0",
    .test_host = true,
};

typedef struct ShpcFixture {
    QTestState *qts;
    QPCIBus *bus;
    QPCIDevice *br;
} ShpcFixture;

static bool shpc_skip(const ShpcSetup *setup)
{
    if (!setup->test_host && !qtest_has_machine("pc")) {
        g_test_skip("no pc machine");
        return true;
    }
    return false;
}

/* Start with the bridge's BAR0 assigned, memory decoding and bus
 * mastering on, and (@msi) MSI to guest RAM. */
static void shpc_start(ShpcFixture *f, const ShpcSetup *setup, bool msi,
                       const char *extra)
{
    f->qts = qtest_initf("%s -device pci-bridge,id=br,chassis_nr=3,"
                         "addr=%x%s %s", setup->machine, BR_SLOT,
                         setup->bus_opt, extra);
    if (setup->test_host) {
        f->bus = qpci_new_test_host(f->qts);
    } else {
        f->bus = qpci_new_cf8(f->qts, 0xcf8);
        qpci_set_mmio_window(f->bus, 0xe0000000, 0x10000000);
    }
    f->br = qpci_device_find(f->bus, 0, BR_DEVFN);
    g_assert_nonnull(f->br);
    qpci_bar_assign(f->br, 0);
    qpci_set_command(f->br, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, 0);
    if (msi) {
        qpci_msi_enable(f->br, PCIE_TEST_MSI_ADDR, MSI_DATA, 1);
    }
}

static void shpc_stop(ShpcFixture *f)
{
    qpci_free(f->bus);
    qtest_quit(f->qts);
}

static uint32_t shpc_readl(ShpcFixture *f, unsigned off)
{
    return qpci_bar_readl(f->br, 0, off);
}

static void shpc_writel(ShpcFixture *f, unsigned off, uint32_t val)
{
    qpci_bar_writel(f->br, 0, off, val);
}

/* Issue a command and acknowledge its completion; its status. */
static uint16_t shpc_cmd(ShpcFixture *f, uint16_t cmd)
{
    uint16_t status;

    qpci_bar_writew(f->br, 0, SHPC_CMD, cmd);
    g_assert_true(shpc_readl(f, SHPC_SERR_INT) & CMD_DETECTED);
    status = shpc_readl(f, SHPC_CMD) >> 16;
    shpc_writel(f, SHPC_SERR_INT, shpc_readl(f, SHPC_SERR_INT));
    return status;
}

/* The register DWORD Select @sel shows through the capability. */
static uint32_t shpc_dword(ShpcFixture *f, uint8_t sel)
{
    qpci_config_writeb(f->br, SHPC_CAP + 2, sel);
    return qpci_config_readl(f->br, SHPC_CAP + 4);
}

static uint32_t cfg_at(QPCIBus *bus, int slot, uint16_t reg)
{
    return qpci_config_read(bus, 0, QPCI_DEVFN(slot, 0), reg, 4);
}

static void assert_bridge_start_error(const char *props, const char *msg)
{
    g_autofree char *err = NULL;
    int status = qtest_runf(NULL, &err, "-M pc -display none -device "
                            "pci-bridge,%s", props);

    g_assert_cmpint(status, !=, 0);
    if (!strstr(err, msg)) {
        g_error("pci-bridge,%s said '%s', not '%s'", props, err, msg);
    }
}

/*
 * Configuration space as qemu 7.2's pci-bridge has it (observed through
 * ECAM and "info pci"): with the controller, BAR0 (256 bytes of 64-bit
 * memory), INTA and the list MSI 0x4c -> slot ID 0x48 -> SHPC 0x40;
 * without it, no BAR, no pin, no MSI; the reservation hints last.
 */
static void test_shpc_config(void)
{
    QTestState *qts;
    QPCIBus *bus;

    if (shpc_skip(&shpc_pc)) {
        return;
    }
    qts = qtest_init("-M pc -device pci-bridge,id=br,chassis_nr=3,addr=5 "
                     "-device pci-bridge,id=b6,chassis_nr=4,addr=6,shpc=off,"
                     "msi=on "
                     "-device pci-bridge,id=b7,chassis_nr=5,addr=7,msi=off "
                     "-device pci-bridge,id=b8,chassis_nr=6,addr=8,shpc=off,"
                     "io-reserve=4K,mem-reserve=2M,pref32-reserve=4M "
                     "-device pci-bridge,id=b9,chassis_nr=7,addr=9,"
                     "bus-reserve=3,pref64-reserve=32M");
    bus = qpci_new_cf8(qts, 0xcf8);

    g_assert_cmphex(cfg_at(bus, 5, 0x00), ==, 0x00011b36);
    g_assert_cmphex(cfg_at(bus, 5, 0x04), ==, 0x00b00000);
    g_assert_cmphex(cfg_at(bus, 5, 0x08), ==, 0x06040000);
    g_assert_cmphex(cfg_at(bus, 5, 0x0c), ==, 0x00010000);
    g_assert_cmphex(cfg_at(bus, 5, 0x10), ==, 0x00000004);
    g_assert_cmphex(cfg_at(bus, 5, 0x14), ==, 0);
    g_assert_cmphex(cfg_at(bus, 5, 0x34), ==, MSI_CAP);
    g_assert_cmphex(cfg_at(bus, 5, 0x3c), ==, 0x00000100);   /* INTA */
    g_assert_cmphex(cfg_at(bus, 5, 0x40), ==, 0x0000000c);
    g_assert_cmphex(cfg_at(bus, 5, 0x48), ==, 0x03204004);
    /* MSI: one vector, 64-bit, maskable. */
    g_assert_cmphex(cfg_at(bus, 5, 0x4c), ==, 0x01804805);
    g_assert_cmphex(cfg_at(bus, 5, 0x60), ==, 0);
    g_assert_cmphex(cfg_at(bus, 5, 0x64), ==, 0);
    /* BAR0 sizes as 256 bytes. */
    qpci_config_write(bus, 0, QPCI_DEVFN(5, 0), 0x10, 0xffffffff, 4);
    qpci_config_write(bus, 0, QPCI_DEVFN(5, 0), 0x14, 0xffffffff, 4);
    g_assert_cmphex(cfg_at(bus, 5, 0x10), ==, 0xffffff04);
    g_assert_cmphex(cfg_at(bus, 5, 0x14), ==, 0xffffffff);

    /* shpc=off: the slot ID capability alone; msi=on does not add MSI. */
    g_assert_cmphex(cfg_at(bus, 6, 0x10), ==, 0);
    g_assert_cmphex(cfg_at(bus, 6, 0x34), ==, 0x40);
    g_assert_cmphex(cfg_at(bus, 6, 0x3c), ==, 0);
    g_assert_cmphex(cfg_at(bus, 6, 0x40), ==, 0x04200004);
    g_assert_cmphex(cfg_at(bus, 6, 0x44), ==, 0);
    /* msi=off: slot ID 0x48 -> SHPC 0x40. */
    g_assert_cmphex(cfg_at(bus, 7, 0x10), ==, 0x00000004);
    g_assert_cmphex(cfg_at(bus, 7, 0x34), ==, 0x48);
    g_assert_cmphex(cfg_at(bus, 7, 0x3c), ==, 0x00000100);
    g_assert_cmphex(cfg_at(bus, 7, 0x48), ==, 0x05204004);
    g_assert_cmphex(cfg_at(bus, 7, 0x4c), ==, 0);
    /* The hints after the slot ID: all-ones where none is given. */
    g_assert_cmphex(cfg_at(bus, 8, 0x34), ==, 0x44);
    g_assert_cmphex(cfg_at(bus, 8, 0x40), ==, 0x06200004);
    g_assert_cmphex(cfg_at(bus, 8, 0x44), ==, 0x01204009);
    g_assert_cmphex(cfg_at(bus, 8, 0x48), ==, 0xffffffff);
    g_assert_cmphex(cfg_at(bus, 8, 0x4c), ==, 0x00001000);
    g_assert_cmphex(cfg_at(bus, 8, 0x50), ==, 0);
    g_assert_cmphex(cfg_at(bus, 8, 0x54), ==, 0x00200000);
    g_assert_cmphex(cfg_at(bus, 8, 0x58), ==, 0x00400000);
    g_assert_cmphex(cfg_at(bus, 8, 0x5c), ==, 0xffffffff);
    g_assert_cmphex(cfg_at(bus, 8, 0x60), ==, 0xffffffff);
    /* ...and after MSI. */
    g_assert_cmphex(cfg_at(bus, 9, 0x34), ==, 0x64);
    g_assert_cmphex(cfg_at(bus, 9, 0x64), ==, 0x01204c09);
    g_assert_cmphex(cfg_at(bus, 9, 0x68), ==, 3);
    g_assert_cmphex(cfg_at(bus, 9, 0x6c), ==, 0xffffffff);
    g_assert_cmphex(cfg_at(bus, 9, 0x70), ==, 0xffffffff);
    g_assert_cmphex(cfg_at(bus, 9, 0x74), ==, 0xffffffff);
    g_assert_cmphex(cfg_at(bus, 9, 0x78), ==, 0xffffffff);
    g_assert_cmphex(cfg_at(bus, 9, 0x7c), ==, 0x02000000);
    g_assert_cmphex(cfg_at(bus, 9, 0x80), ==, 0);
    qpci_free(bus);
    qtest_quit(qts);

    assert_bridge_start_error("id=x", CHASSIS_REQUIRED);
    assert_bridge_start_error("id=x,chassis_nr=0,shpc=off",
                              CHASSIS_REQUIRED);
    assert_bridge_start_error("chassis_nr=1,mem-reserve=5G",
                              "PCI resource reserve cap: mem-reserve must "
                              "be less than 4G");
    assert_bridge_start_error("chassis_nr=1,pref32-reserve=5G",
                              "PCI resource reserve cap: pref32-reserve  "
                              "must be less than 4G");
    assert_bridge_start_error("chassis_nr=1,pref32-reserve=1M,"
                              "pref64-reserve=1M",
                              "PCI resource reserve cap: PREF32 and PREF64 "
                              "conflict");
    assert_bridge_start_error("chassis_nr=1,shpc=maybe",
                              "Parameter 'shpc' expects 'on' or 'off'");
}

/*
 * Hot-plug through the controller, as a guest's SHPC driver sees it:
 * device_add latches presence, button and MRL events and interrupts;
 * the guest powers and enables the slot, and the card answers behind
 * the bridge; device_del presses the button (repeatably); the guest
 * disabling the slot with its power indicator off removes the card.
 */
static void test_shpc_hotplug(const void *data)
{
    const ShpcSetup *setup = data;
    ShpcFixture f;
    QDict *rsp;

    if (shpc_skip(setup)) {
        return;
    }
    shpc_start(&f, setup, true, "-device corvid-test-pci-dev,id=cold,"
               "bus=br,addr=3");
    /* The bus below is 1. */
    qpci_config_writel(f.br, PCI_PRIMARY_BUS, 0x010100);

    /* The register set, through the capability and BAR0. */
    g_assert_cmphex(shpc_dword(&f, 1), ==, 0x1f);           /* 31 slots */
    g_assert_cmphex(shpc_dword(&f, 3), ==, 0xe001011f);
    g_assert_cmphex(shpc_dword(&f, 4), ==, 0x01000000);
    g_assert_cmphex(shpc_dword(&f, 8), ==, 0x0000000f);
    g_assert_cmphex(shpc_dword(&f, 9 + 2), ==, MASKS_ALL | SLOT_ON);
    g_assert_cmphex(shpc_readl(&f, 0x0c), ==, 0xe001011f);
    g_assert_cmphex(shpc_readl(&f, SHPC_SLOT(3)), ==, MASKS_ALL | SLOT_ON);
    g_assert_cmphex(shpc_readl(&f, SHPC_SLOT(5)), ==,
                    MASKS_ALL | SLOT_EMPTY);

    /* Interrupts for slot 5's events, by MSI. */
    shpc_writel(&f, SHPC_SERR_INT, 0);
    shpc_writel(&f, SHPC_SLOT(5), 0);
    msi_take(f.qts);
    qtest_qmp_device_add(f.qts, "corvid-test-pci-dev", "d5",
                         "{'bus': 'br', 'addr': '5'}");
    g_assert_cmphex(shpc_readl(&f, SHPC_SLOT(5)), ==,
                    ((EV_PRESENCE | EV_BUTTON | EV_MRL) << 16) | 0x000f);
    g_assert_cmphex(shpc_readl(&f, SHPC_INT_LOC), ==, 1U << 5);
    g_assert_cmphex(msi_take(f.qts), ==, MSI_DATA);
    shpc_writel(&f, SHPC_SLOT(5), 0x00ff0000);
    g_assert_cmphex(shpc_readl(&f, SHPC_INT_LOC), ==, 0);

    /* The guest enables it with the power indicator on. */
    g_assert_cmphex(shpc_cmd(&f, 0x0536), ==, 0);
    g_assert_cmphex(shpc_readl(&f, SHPC_SLOT(5)) & 0xffff, ==, 0x0036);
    g_assert_cmphex(qpci_config_read(f.bus, 1, QPCI_DEVFN(5, 0),
                                     PCI_VENDOR_ID, 2), ==,
                    CORVID_TEST_PCI_VENDOR_ID);
    msi_take(f.qts);

    /* device_del: the attention button, repeatable. */
    qtest_qmp_assert_success(f.qts, "{'execute': 'device_del', "
                             "'arguments': {'id': 'd5'}}");
    g_assert_cmphex(shpc_readl(&f, SHPC_SLOT(5)) >> 16, ==, EV_BUTTON);
    g_assert_cmphex(msi_take(f.qts), ==, MSI_DATA);
    qtest_qmp_assert_success(f.qts, "{'execute': 'device_del', "
                             "'arguments': {'id': 'd5'}}");
    qtest_qmp_assert_no_event(f.qts, "DEVICE_DELETED");
    g_assert_true(device_exists(f.qts, "d5"));

    /* The guest blinks, then disables with the indicator off. */
    shpc_writel(&f, SHPC_SLOT(5), 0x00ff0000);
    g_assert_cmphex(shpc_cmd(&f, 0x0508), ==, 0);
    g_assert_true(device_exists(f.qts, "d5"));
    g_assert_cmphex(shpc_cmd(&f, 0x053f), ==, 0);
    qtest_qmp_assert_event(f.qts, "DEVICE_DELETED",
                           "{'device': 'd5', 'path': "
                           "'/machine/peripheral/d5'}");
    g_assert_cmphex(shpc_readl(&f, SHPC_SLOT(5)), ==,
                    ((EV_PRESENCE | EV_MRL) << 16) | 0x0d3f);
    g_assert_cmphex(msi_take(f.qts), ==, MSI_DATA);
    g_assert_cmphex(qpci_config_read(f.bus, 1, QPCI_DEVFN(5, 0),
                                     PCI_VENDOR_ID, 2), ==, 0xffff);

    /* A card whose slot was never enabled goes at once. */
    qtest_qmp_device_add(f.qts, "corvid-test-pci-dev", "d7",
                         "{'bus': 'br', 'addr': '7'}");
    device_del_reply_then_event(f.qts, "d7");
    g_assert_false(device_exists(f.qts, "d7"));
    g_assert_cmphex(shpc_readl(&f, SHPC_SLOT(7)) & 0xffff, ==, SLOT_EMPTY);

    /* Slot 0 is not hot-pluggable, and automatic placement picks it;
     * an occupied slot is the PCI core's refusal. */
    rsp = qtest_qmp(f.qts, "{'execute': 'device_add', 'arguments': "
                    "{'driver': 'corvid-test-pci-dev', 'id': 'x', "
                    "'bus': 'br'}}");
    qmp_assert_error(rsp, "GenericError", "Unsupported PCI slot 0 for "
                     "standard hotplug controller. Valid slots are "
                     "between 1 and 31.");
    g_assert_false(device_exists(f.qts, "x"));
    rsp = qtest_qmp(f.qts, "{'execute': 'device_add', 'arguments': "
                    "{'driver': 'corvid-test-pci-dev', 'id': 'x', "
                    "'bus': 'br', 'addr': '3'}}");
    qmp_assert_error(rsp, "GenericError", "PCI: slot 3 function 0 not "
                     "available for corvid-test-pci-dev, in use by "
                     "corvid-test-pci-dev,id=cold");
    shpc_stop(&f);
}

/* Without MSI the controller's interrupt is the bridge's INTA, which
 * the test host's line (5 + 0) % 4 shows. */
static void test_shpc_intx(void)
{
    ShpcFixture f;

    shpc_start(&f, &shpc_none, false, "");
    qtest_irq_intercept_in(f.qts, HOST_PATH);
    shpc_writel(&f, SHPC_SERR_INT, 0);
    shpc_writel(&f, SHPC_SLOT(2), 0);
    g_assert_false(qtest_get_irq(f.qts, 1));
    qtest_qmp_device_add(f.qts, "corvid-test-pci-dev", "d2",
                         "{'bus': 'br', 'addr': '2'}");
    g_assert_true(qtest_get_irq(f.qts, 1));
    g_assert_true(qpci_config_readw(f.br, PCI_STATUS) &
                  PCI_STATUS_INTERRUPT);
    /* Masked globally, then acknowledged: the line drops. */
    shpc_writel(&f, SHPC_SERR_INT, 1);
    g_assert_false(qtest_get_irq(f.qts, 1));
    shpc_writel(&f, SHPC_SERR_INT, 0);
    g_assert_true(qtest_get_irq(f.qts, 1));
    shpc_writel(&f, SHPC_SLOT(2), 0x00ff0000);
    g_assert_false(qtest_get_irq(f.qts, 1));
    g_assert_cmphex(shpc_readl(&f, SHPC_INT_LOC), ==, 0);
    shpc_stop(&f);
}

/* A pending request survives a reset, which masks everything again and
 * leaves the card's slot enabled. */
static void test_shpc_reset(void)
{
    ShpcFixture f;

    if (shpc_skip(&shpc_pc)) {
        return;
    }
    shpc_start(&f, &shpc_pc, false, "-device corvid-test-pci-dev,id=cold,"
               "bus=br,addr=4");
    shpc_writel(&f, SHPC_SERR_INT, 0);
    shpc_writel(&f, SHPC_SLOT(4), 0);
    qtest_qmp_assert_success(f.qts, "{'execute': 'device_del', "
                             "'arguments': {'id': 'cold'}}");
    g_assert_cmphex(shpc_readl(&f, SHPC_SLOT(4)), ==,
                    (EV_BUTTON << 16) | SLOT_ON);
    qtest_qmp_assert_success(f.qts, "{'execute': 'system_reset'}");
    qtest_qmp_eventwait(f.qts, "RESET");
    qtest_qmp_assert_no_event(f.qts, "DEVICE_DELETED");
    g_assert_true(device_exists(f.qts, "cold"));
    /* BAR0 is unprogrammed after reset: look through the window. */
    g_assert_cmphex(qpci_config_readl(f.br, PCI_BASE_ADDRESS_0), ==,
                    0x00000004);
    g_assert_cmphex(shpc_dword(&f, 8), ==, 0x0000000f);
    g_assert_cmphex(shpc_dword(&f, 9 + 3), ==, MASKS_ALL | SLOT_ON);
    g_assert_cmphex(qpci_config_readb(f.br, PCI_INTERRUPT_PIN), ==, 1);
    shpc_stop(&f);
}

/* Without the controller the bus takes no hot-plug of its own: on the
 * test host, whose handler then serves it, devices come and go at once;
 * on pc nothing serves it. */
static void test_shpc_off(void)
{
    QTestState *qts = qtest_init("-M none -m 16M -device corvid-test-pci-"
                                 "host,id=host -device pci-bridge,id=br,"
                                 "bus=host.0,chassis_nr=1,shpc=off");

    qtest_qmp_device_add(qts, "corvid-test-pci-dev", "d0",
                         "{'bus': 'br', 'addr': '0'}");
    qtest_qmp_device_del(qts, "d0");
    qtest_quit(qts);

    if (!qtest_has_machine("pc")) {
        return;
    }
    qts = qtest_initf("%s -device pci-bridge,id=br,chassis_nr=1,shpc=off",
                      shpc_pc.machine);
    qmp_assert_error(qtest_qmp(qts, "{'execute': 'device_add', "
                               "'arguments': {'driver': "
                               "'corvid-test-pci-dev', 'bus': 'br', "
                               "'addr': '3'}}"),
                     "GenericError",
                     "Bus 'br' does not support hotplugging");
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    if (!qpci_have_test_host("/pci/bridge/skip")) {
        return g_test_run();
    }
    g_test_add_func("/pci/bridge/routing", test_routing);
    g_test_add_func("/pci/bridge/intx-swizzle", test_intx_swizzle);
    g_test_add_func("/pci/bridge/intx-control", test_intx_control);
    g_test_add_func("/pci/bridge/windows", test_windows);
    g_test_add_func("/pci/bridge/secondary-bus-reset",
                    test_secondary_bus_reset);
    g_test_add_func("/pci/bridge/shpc/config", test_shpc_config);
    g_test_add_data_func("/pci/bridge/shpc/hotplug/pc", &shpc_pc,
                         test_shpc_hotplug);
    g_test_add_data_func("/pci/bridge/shpc/hotplug/test-host", &shpc_none,
                         test_shpc_hotplug);
    g_test_add_func("/pci/bridge/shpc/intx", test_shpc_intx);
    g_test_add_func("/pci/bridge/shpc/reset", test_shpc_reset);
    g_test_add_func("/pci/bridge/shpc/off", test_shpc_off);
    return g_test_run();
}
