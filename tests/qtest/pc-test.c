/*
 * The pc machine (pc-i440fx-7.2): the i440FX host bridge and PIIX3 at
 * their addresses, the RAM split around the PCI hole, e820 through
 * fw_cfg, PCI INTx through the PIIX3 PIRQ routers to the I/O APIC, PAM
 * and SMRAM, system_reset, the PIIX3 reset control register at 0xcf9,
 * and the -m / -M checks with qemu's messages.
 *
 * What both PC boards share (generic-pc-machine: -numa, -boot, -smp dies=)
 * runs on pc and on q35 (the /pc/common/ tests).  Expected values are
 * qemu-system-x86_64 7.2's for the same options.
 */
#include "util/osdep.h"
#include <glib/gstdio.h>
#include "libqtest.h"
#include "libqpci.h"
#include "fw_cfg-util.h"
#include "pc-test-util.h"
#include "../testdev/pci-testdev-regs.h"

#define GIB 0x40000000ULL
#define MIB 0x100000ULL

/* Configuration space through mechanism #1 (ports 0xcf8/0xcfc). */
#define CF8 0xcf8
#define CFC 0xcfc

/* Registers of the chipset (82441FX and 82371SB datasheets). */
#define I440FX_PAM      0x59
#define I440FX_SMRAM    0x72
#define PIIX_PIRQCA     0x60

#define IOAPIC_BASE     0xfec00000ULL
#define IOAPIC_IOWIN    0x10

/* The test device in slot 3: pin A drives PIRQ (3 + 0) & 3 = PIRQD. */
#define TESTDEV_SLOT    3
#define TESTDEV_PIRQ    3
#define TESTDEV_IO_BASE 0xc000

static uint32_t cfg_addr(int devfn, int reg)
{
    return 0x80000000u | (devfn << 8) | (reg & 0xfc);
}

static uint32_t cfg_readl(QTestState *qts, int devfn, int reg)
{
    qtest_outl(qts, CF8, cfg_addr(devfn, reg));
    return qtest_inl(qts, CFC);
}

static uint8_t cfg_readb(QTestState *qts, int devfn, int reg)
{
    qtest_outl(qts, CF8, cfg_addr(devfn, reg));
    return qtest_inb(qts, CFC + (reg & 3));
}

static void cfg_writeb(QTestState *qts, int devfn, int reg, uint8_t val)
{
    qtest_outl(qts, CF8, cfg_addr(devfn, reg));
    qtest_outb(qts, CFC + (reg & 3), val);
}

static void cfg_writew(QTestState *qts, int devfn, int reg, uint16_t val)
{
    qtest_outl(qts, CF8, cfg_addr(devfn, reg));
    qtest_outw(qts, CFC + (reg & 2), val);
}

#define PMC_DEVFN   0x00            /* 00:00.0 */
#define PIIX3_DEVFN 0x08            /* 00:01.0 */

static void test_ids(void)
{
    QTestState *qts = qtest_init("-M pc");
    int i;

    /* 82441FX PMC: 8086:1237, host bridge, revision 2 */
    g_assert_cmphex(cfg_readl(qts, PMC_DEVFN, 0x00), ==, 0x12378086);
    g_assert_cmphex(cfg_readl(qts, PMC_DEVFN, 0x08) >> 16, ==, 0x0600);
    g_assert_cmphex(cfg_readb(qts, PMC_DEVFN, 0x08), ==, 0x02);
    g_assert_cmphex(cfg_readb(qts, PMC_DEVFN, 0x0e), ==, 0x00);
    g_assert_cmphex(cfg_readb(qts, PMC_DEVFN, I440FX_SMRAM), ==, 0x02);
    g_assert_cmphex(cfg_readl(qts, PMC_DEVFN, 0x04), ==, 0);
    g_assert_cmphex(cfg_readl(qts, PMC_DEVFN, 0x2c), ==, 0x11001af4);
    /* qemu's RAM size register: 128 MiB in 8 MiB units */
    g_assert_cmphex(cfg_readb(qts, PMC_DEVFN, 0x57), ==, 0x10);
    /* 82371SB PIIX3: 8086:7000, ISA bridge, multifunction header,
     * DEVSEL# medium, the datasheet's register defaults */
    g_assert_cmphex(cfg_readl(qts, PIIX3_DEVFN, 0x00), ==, 0x70008086);
    g_assert_cmphex(cfg_readl(qts, PIIX3_DEVFN, 0x04), ==, 0x02000000);
    g_assert_cmphex(cfg_readl(qts, PIIX3_DEVFN, 0x08), ==, 0x06010000);
    g_assert_cmphex(cfg_readb(qts, PIIX3_DEVFN, 0x0e), ==, 0x80);
    for (i = 0; i < 4; i++) {
        g_assert_cmphex(cfg_readb(qts, PIIX3_DEVFN, PIIX_PIRQCA + i), ==,
                        0x80);
    }
    g_assert_cmphex(cfg_readl(qts, PIIX3_DEVFN, 0x4c), ==, 0x0003004d);
    g_assert_cmphex(cfg_readl(qts, PIIX3_DEVFN, 0x68), ==, 0x00000200);
    g_assert_cmphex(cfg_readl(qts, PIIX3_DEVFN, 0x70), ==, 0x00000080);
    g_assert_cmphex(cfg_readl(qts, PIIX3_DEVFN, 0x74), ==, 0x0c0c0000);
    g_assert_cmphex(cfg_readl(qts, PIIX3_DEVFN, 0x78), ==, 0x00000002);
    g_assert_cmphex(cfg_readl(qts, PIIX3_DEVFN, 0xa0), ==, 0x00000008);
    g_assert_cmphex(cfg_readl(qts, PIIX3_DEVFN, 0xa8), ==, 0x0000000f);
    /* Nothing else on the bus, nothing at 00:02.0 */
    g_assert_cmphex(cfg_readl(qts, 0x10, 0x00), ==, 0xffffffff);

    /* QOM: the host bridge, its root bus and the I/O APIC, as in qemu */
    qtest_qmp_assert_return(qts, "\"i440FX-pcihost\"",
        "{'execute': 'qom-get', 'arguments': {'path': '/machine/i440fx', "
        "'property': 'type'}}");
    qtest_qmp_assert_return(qts, "\"ioapic\"",
        "{'execute': 'qom-get', 'arguments': {'path': "
        "'/machine/i440fx/ioapic', 'property': 'type'}}");
    qtest_qmp_assert_return(qts, "\"PCI\"",
        "{'execute': 'qom-get', 'arguments': {'path': "
        "'/machine/i440fx/pci.0', 'property': 'type'}}");
    qtest_qmp_assert_return(qts, "\"pc-i440fx-7.2-machine\"",
        "{'execute': 'qom-get', 'arguments': {'path': '/machine', "
        "'property': 'type'}}");
    qtest_quit(qts);
}

/*
 * query-pci lists the board's functions, and only them: i440FX, PIIX3
 * and PIIX4_PM (qemu's IDE at 00:01.1 is not modelled).
 */
static void test_query_pci(void)
{
    QTestState *qts = qtest_init("-M pc");
    QDict *rsp = qtest_qmp(qts, "{'execute': 'query-pci'}");
    QList *buses = qdict_get_qlist(rsp, "return");
    QDict *bus0 = qobject_to(QDict, qlist_get(buses, 0));
    QList *devs = qdict_get_qlist(bus0, "devices");

    g_assert_cmpint(qlist_size(buses), ==, 1);
    g_assert_cmpint(qdict_get_try_int(bus0, "bus", -1), ==, 0);
    g_assert_cmpint(qlist_size(devs), ==, 3);
    {
        static const struct { int slot, function, device; } want[] = {
            { 0, 0, 0x1237 }, { 1, 0, 0x7000 }, { 1, 3, 0x7113 },
        };
        unsigned i;

        for (i = 0; i < G_N_ELEMENTS(want); i++) {
            QDict *d = qobject_to(QDict, qlist_get(devs, i));
            QDict *id = qdict_get_qdict(d, "id");

            g_assert_cmpint(qdict_get_try_int(d, "slot", -1), ==, want[i].slot);
            g_assert_cmpint(qdict_get_try_int(d, "function", -1), ==,
                            want[i].function);
            g_assert_cmpint(qdict_get_try_int(id, "vendor", -1), ==, 0x8086);
            g_assert_cmpint(qdict_get_try_int(id, "device", -1), ==, want[i].device);
        }
    }
    qobject_unref(rsp);
    qtest_quit(qts);
}

/* Write and read back 8 bytes at @addr; RAM keeps them. */
static void assert_ram(QTestState *qts, uint64_t addr, uint64_t pattern)
{
    qtest_writeq(qts, addr, pattern);
    g_assert_cmphex(qtest_readq(qts, addr), ==, pattern);
}

/* Nothing at @addr: writes vanish, reads give zeroes. */
static void assert_unassigned(QTestState *qts, uint64_t addr)
{
    qtest_writeq(qts, addr, 0x1122334455667788ULL);
    g_assert_cmphex(qtest_readq(qts, addr), ==, 0);
}

static void test_ram_small(void)
{
    QTestState *qts = qtest_init("-M pc -m 128M");

    assert_ram(qts, 0x0, 0x0102030405060708ULL);
    assert_ram(qts, 128 * MIB - 8, 0xa5a5a5a5deadbeefULL);
    assert_unassigned(qts, 128 * MIB);
    assert_unassigned(qts, 4 * GIB);
    qtest_quit(qts);
}

/* 4 GiB is more than 0xe0000000: low RAM ends at 3 GiB (1 GiB aligned). */
static void test_ram_split(void)
{
    QTestState *qts = qtest_init("-M pc -m 4G");

    assert_ram(qts, 0xc0000000ULL - 8, 0x1111222233334444ULL);
    assert_unassigned(qts, 0xc0000000ULL);
    assert_unassigned(qts, 0xfebffff8ULL);
    assert_ram(qts, 4 * GIB, 0x5555666677778888ULL);
    assert_ram(qts, 5 * GIB - 8, 0x9999aaaabbbbccccULL);
    assert_unassigned(qts, 5 * GIB);
    /* 4 GiB is pc.ram's offset 3 GiB, not an alias of address 0 */
    assert_ram(qts, 0, 0x0f1e2d3c4b5a6978ULL);
    g_assert_cmphex(qtest_readq(qts, 4 * GIB), ==, 0x5555666677778888ULL);
    /* The 32-bit hole: from the end of low RAM to the I/O APIC */
    qtest_qmp_assert_return(qts, "3221225472",
        "{'execute': 'qom-get', 'arguments': {'path': '/machine/i440fx', "
        "'property': 'pci-hole-start'}}");
    qtest_qmp_assert_return(qts, "4273995776",
        "{'execute': 'qom-get', 'arguments': {'path': '/machine/i440fx', "
        "'property': 'pci-hole-end'}}");
    /* The 64-bit hole: after RAM, 1 GiB aligned, 2 GiB by default */
    qtest_qmp_assert_return(qts, "5368709120",
        "{'execute': 'qom-get', 'arguments': {'path': '/machine/i440fx', "
        "'property': 'pci-hole64-start'}}");
    qtest_qmp_assert_return(qts, "7516192768",
        "{'execute': 'qom-get', 'arguments': {'path': '/machine/i440fx', "
        "'property': 'pci-hole64-end'}}");
    qtest_quit(qts);
}

/* Just below 0xe0000000 everything stays low. */
static void test_ram_below_limit(void)
{
    QTestState *qts = qtest_init("-M pc -m 3583M");

    assert_ram(qts, 3583 * MIB - 8, 0x0123456789abcdefULL);
    assert_unassigned(qts, 3583 * MIB);
    assert_unassigned(qts, 4 * GIB);
    qtest_quit(qts);
}

static void test_ram_max_below_4g(void)
{
    QTestState *qts = qtest_init("-M pc,max-ram-below-4g=1G -m 2G");

    assert_ram(qts, GIB - 8, 0x0123456789abcdefULL);
    assert_unassigned(qts, GIB);
    assert_ram(qts, 4 * GIB, 0xfedcba9876543210ULL);
    assert_ram(qts, 5 * GIB - 8, 0x0f0f0f0f0f0f0f0fULL);
    assert_unassigned(qts, 5 * GIB);
    qtest_quit(qts);
}

/* "etc/e820" as (address, length, type) triples. */
static void assert_e820(QTestState *qts, const uint64_t (*expect)[3],
                        unsigned n)
{
    QFWCfg fw;

    qfw_init_io(&fw, qts);
    qfw_assert_e820(&fw, expect, n);
}

/*
 * As qemu's pc has it (observed by a firmware image dumping etc/e820):
 * with an AMD CPU model such as the default qemu64, the HyperTransport
 * range comes first, reserved; then the RAM below and above 4 GiB.
 */
#define HT_ENTRY { 0xfd00000000ULL, 0x300000000ULL, 2 }

static void test_e820(void)
{
    static const uint64_t small[][3] = { HT_ENTRY, { 0, 128 * MIB, 1 } };
    static const uint64_t big[][3] = {
        HT_ENTRY, { 0, 0xc0000000ULL, 1 }, { 4 * GIB, 2 * GIB, 1 },
    };
    static const uint64_t intel[][3] = { { 0, 128 * MIB, 1 } };
    QTestState *qts;
    QFWCfg fw;
    uint32_t size;

    qts = qtest_init("-M pc");
    assert_e820(qts, small, 2);
    qfw_init_io(&fw, qts);
    g_assert_cmphex(qfw_read_u64(&fw, 0x03 /* FW_CFG_RAM_SIZE */), ==,
                    128 * MIB);
    /* No hotplug memory: no reserved-memory-end. */
    g_assert_cmphex(qfw_find_file(&fw, "etc/reserved-memory-end", &size),
                    ==, FW_CFG_INVALID);
    qtest_quit(qts);

    /* An Intel model: RAM only */
    qts = qtest_init("-M pc -cpu Skylake-Client");
    assert_e820(qts, intel, 1);
    qtest_quit(qts);

    qts = qtest_init("-M pc -m 5G,slots=2,maxmem=8G");
    assert_e820(qts, big, 3);
    qfw_init_io(&fw, qts);
    g_assert_cmphex(qfw_read_u64(&fw, 0x03), ==, 5 * GIB);
    {
        /* Device memory at 6 GiB: 3 GiB + 1 GiB per slot; its end. */
        g_autofree uint8_t *end = qfw_read_file(&fw,
                                                "etc/reserved-memory-end",
                                                &size);
        uint64_t v;

        g_assert_cmpuint(size, ==, 8);
        memcpy(&v, end, 8);
        g_assert_cmphex(GUINT64_FROM_LE(v), ==, 11 * GIB);
    }
    qtest_quit(qts);
}

/* Select I/O APIC register @index and read it. */
static uint32_t ioapic_read(QTestState *qts, uint8_t index)
{
    qtest_writel(qts, IOAPIC_BASE, index);
    return qtest_readl(qts, IOAPIC_BASE + IOAPIC_IOWIN);
}

static void ioapic_write(QTestState *qts, uint8_t index, uint32_t val)
{
    qtest_writel(qts, IOAPIC_BASE, index);
    qtest_writel(qts, IOAPIC_BASE + IOAPIC_IOWIN, val);
}

static void test_ioapic_registers(void)
{
    QTestState *qts = qtest_init("-M pc");
    int i;

    /* 24 entries (max redirection entry 23), version 0x20 */
    g_assert_cmphex(ioapic_read(qts, 0x01), ==, 0x00170020);
    g_assert_cmphex(ioapic_read(qts, 0x00), ==, 0);
    ioapic_write(qts, 0x00, 0x0f000000);
    g_assert_cmphex(ioapic_read(qts, 0x00), ==, 0x0f000000);
    /* The version register is read-only. */
    ioapic_write(qts, 0x01, 0);
    g_assert_cmphex(ioapic_read(qts, 0x01), ==, 0x00170020);
    /* Every entry masked after reset */
    for (i = 0; i < 24; i++) {
        g_assert_cmphex(ioapic_read(qts, 0x10 + 2 * i), ==, 0x10000);
        g_assert_cmphex(ioapic_read(qts, 0x11 + 2 * i), ==, 0);
    }
    /* Remote IRR and delivery status are read-only; the reserved bits
     * keep what is written (as in qemu, observed from a guest) */
    ioapic_write(qts, 0x10 + 2 * 5, 0xffffffff);
    g_assert_cmphex(ioapic_read(qts, 0x10 + 2 * 5), ==, 0xffffafff);
    ioapic_write(qts, 0x11 + 2 * 5, 0xffffffff);
    g_assert_cmphex(ioapic_read(qts, 0x11 + 2 * 5), ==, 0xffffffff);
    /* The arbitration ID follows the APIC ID */
    g_assert_cmphex(ioapic_read(qts, 0x02), ==, 0x0f000000);
    /* Beyond the table: reads zero, writes ignored */
    ioapic_write(qts, 0x40, 0x12345678);
    g_assert_cmphex(ioapic_read(qts, 0x40), ==, 0);
    g_assert_cmphex(qtest_readl(qts, IOAPIC_BASE), ==, 0x40);
    qtest_quit(qts);
}

/* A test device in slot 3 whose INTx register the test drives. */
static QTestState *start_intx(QPCIBus **pbus, QPCIDevice **pdev,
                              const char *extra)
{
    QTestState *qts = qtest_initf("-M pc -device corvid-test-pci-dev,"
                                  "addr=%02x.0,id=d %s", TESTDEV_SLOT,
                                  extra);
    QPCIBus *bus = qpci_new_cf8(qts, CF8);

    qpci_set_io_window(bus, TESTDEV_IO_BASE, 0x4000);
    qpci_set_mmio_window(bus, 0xe0000000ULL, 0x10000000ULL);
    qpci_enumerate(bus);
    qpci_assign_resources(bus);
    *pdev = qpci_find_device(bus, CORVID_TEST_PCI_VENDOR_ID,
                             CORVID_TEST_PCI_DEVICE_ID, 0);
    g_assert_nonnull(*pdev);
    qpci_device_enable(*pdev);
    *pbus = bus;
    qtest_irq_intercept_in(qts, "ioapic");
    return qts;
}

static void set_intx(QPCIDevice *dev, int level)
{
    qpci_bar_writel(dev, CORVID_TEST_PCI_BAR_IO, CORVID_TEST_PCI_REG_INTX,
                    level);
}

static void assert_only_irq(QTestState *qts, int irq)
{
    int i;

    for (i = 0; i < 24; i++) {
        g_assert_cmpint(qtest_get_irq(qts, i), ==, i == irq);
    }
}

static void test_intx_routing(void)
{
    QPCIBus *bus;
    QPCIDevice *dev;
    QTestState *qts;

    if (!qtest_require_device("corvid-test-pci-dev")) {
        return;
    }
    qts = start_intx(&bus, &dev, "");

    /* Routing disabled (0x80): nothing reaches the I/O APIC. */
    set_intx(dev, 1);
    assert_only_irq(qts, -1);
    /* PIRQD -> IRQ 11: the level appears at once. */
    cfg_writeb(qts, PIIX3_DEVFN, PIIX_PIRQCA + TESTDEV_PIRQ, 11);
    g_assert_cmphex(cfg_readb(qts, PIIX3_DEVFN, PIIX_PIRQCA + TESTDEV_PIRQ),
                    ==, 11);
    assert_only_irq(qts, 11);
    /* Other PIRQs routed elsewhere change nothing. */
    cfg_writeb(qts, PIIX3_DEVFN, PIIX_PIRQCA + 0, 10);
    assert_only_irq(qts, 11);
    /* Re-routing moves the level. */
    cfg_writeb(qts, PIIX3_DEVFN, PIIX_PIRQCA + TESTDEV_PIRQ, 5);
    assert_only_irq(qts, 5);
    set_intx(dev, 0);
    assert_only_irq(qts, -1);
    set_intx(dev, 1);
    assert_only_irq(qts, 5);
    /* As in qemu, any IRQ 0-15 is routed, even the datasheet's reserved
     * ones; bit 7, or any of the reserved bits 6:4, disables the route,
     * and the register keeps what was written. */
    cfg_writeb(qts, PIIX3_DEVFN, PIIX_PIRQCA + TESTDEV_PIRQ, 2);
    assert_only_irq(qts, 2);
    cfg_writeb(qts, PIIX3_DEVFN, PIIX_PIRQCA + TESTDEV_PIRQ, 0x8b);
    assert_only_irq(qts, -1);
    cfg_writeb(qts, PIIX3_DEVFN, PIIX_PIRQCA + TESTDEV_PIRQ, 0x7b);
    g_assert_cmphex(cfg_readb(qts, PIIX3_DEVFN, PIIX_PIRQCA + TESTDEV_PIRQ),
                    ==, 0x7b);
    assert_only_irq(qts, -1);
    cfg_writeb(qts, PIIX3_DEVFN, PIIX_PIRQCA + TESTDEV_PIRQ, 0x0b);
    assert_only_irq(qts, 11);
    /* Interrupt Disable in the command register masks INTx. */
    qpci_set_command(dev, 0x400, 0);
    assert_only_irq(qts, -1);
    qpci_set_command(dev, 0, 0x400);
    assert_only_irq(qts, 11);

    /* The I/O APIC's side: a level entry gets Remote IRR while the line
     * is high, and keeps it after the line drops until the EOI. */
    ioapic_write(qts, 0x10 + 2 * 11, 0x0000a041);
    g_assert_cmphex(ioapic_read(qts, 0x10 + 2 * 11), ==, 0x0000e041);
    set_intx(dev, 0);
    assert_only_irq(qts, -1);
    g_assert_cmphex(ioapic_read(qts, 0x10 + 2 * 11), ==, 0x0000e041);
    qtest_writel(qts, IOAPIC_BASE + 0x40, 0x41);
    g_assert_cmphex(ioapic_read(qts, 0x10 + 2 * 11), ==, 0x0000a041);
    /* Edge entries never show Remote IRR. */
    ioapic_write(qts, 0x10 + 2 * 11, 0x00000041);
    set_intx(dev, 1);
    g_assert_cmphex(ioapic_read(qts, 0x10 + 2 * 11), ==, 0x00000041);
    set_intx(dev, 0);

    qpci_free(bus);
    qtest_quit(qts);
}

/*
 * Slot S pin P drives PIRQ (S + P) & 3: devices in slots 4 and 8 share
 * PIRQA, and the IRQ is the OR of both.
 */
static void test_intx_sharing(void)
{
    QTestState *qts;
    QPCIBus *bus;
    QPCIDevice *a, *b;

    if (!qtest_require_device("corvid-test-pci-dev")) {
        return;
    }
    qts = qtest_init("-M pc -device corvid-test-pci-dev,addr=04.0,id=a "
                     "-device corvid-test-pci-dev,addr=08.0,id=b");
    bus = qpci_new_cf8(qts, CF8);
    qpci_set_io_window(bus, TESTDEV_IO_BASE, 0x4000);
    qpci_set_mmio_window(bus, 0xe0000000ULL, 0x10000000ULL);
    qpci_enumerate(bus);
    qpci_assign_resources(bus);
    a = qpci_device_find(bus, 0, 0x20);
    b = qpci_device_find(bus, 0, 0x40);
    g_assert_nonnull(a);
    g_assert_nonnull(b);
    qpci_device_enable(a);
    qpci_device_enable(b);
    qtest_irq_intercept_in(qts, "ioapic");
    cfg_writeb(qts, PIIX3_DEVFN, PIIX_PIRQCA + 0, 9);

    set_intx(a, 1);
    assert_only_irq(qts, 9);
    set_intx(b, 1);
    assert_only_irq(qts, 9);
    set_intx(a, 0);
    assert_only_irq(qts, 9);
    set_intx(b, 0);
    assert_only_irq(qts, -1);
    /* Two PIRQs on one IRQ: also an OR. */
    cfg_writeb(qts, PIIX3_DEVFN, PIIX_PIRQCA + 1, 9);
    qpci_config_writeb(a, 0x3d, 1);
    set_intx(a, 1);
    assert_only_irq(qts, 9);

    qpci_free(bus);
    qtest_quit(qts);
}

/* A 64 KiB BIOS image whose bytes say where they are. */
static char *make_bios(void)
{
    char *path = NULL;
    int fd = g_file_open_tmp("pc-test-bios-XXXXXX", &path, NULL);
    g_autofree uint8_t *buf = g_malloc(0x10000);
    unsigned i;

    g_assert_cmpint(fd, >=, 0);
    for (i = 0; i < 0x10000; i++) {
        buf[i] = 0xb0 ^ (i & 0x0f);
    }
    g_assert_true(g_file_set_contents(path, (char *)buf, 0x10000, NULL));
    close(fd);
    return path;
}

#define BIOS_BYTE(addr) (0xb0 ^ ((addr) & 0x0f))

static void set_pam(QTestState *qts, int reg, uint8_t val)
{
    cfg_writeb(qts, PMC_DEVFN, I440FX_PAM + reg, val);
}

static void test_pam(void)
{
    g_autofree char *bios = make_bios();
    QTestState *qts = qtest_initf("-M pc,firmware=%s", bios);
    const uint64_t f = 0xf0000, c = 0xc0000, c4 = 0xc4000;

    /* Reset: everything from PCI: the BIOS at 0xf0000, pc.rom (zeroes)
     * at 0xc0000; writes go to the ROMs and vanish. */
    g_assert_cmphex(qtest_readb(qts, f + 0x15), ==, BIOS_BYTE(0x15));
    qtest_writeb(qts, f + 0x15, 0x42);
    g_assert_cmphex(qtest_readb(qts, f + 0x15), ==, BIOS_BYTE(0x15));
    g_assert_cmphex(qtest_readb(qts, 0xffff0015ULL), ==, BIOS_BYTE(0x15));

    /* 11: DRAM read/write */
    set_pam(qts, 0, 0x30);
    g_assert_cmphex(cfg_readb(qts, PMC_DEVFN, I440FX_PAM), ==, 0x30);
    g_assert_cmphex(qtest_readb(qts, f + 0x15), ==, 0);
    qtest_writeb(qts, f + 0x15, 0x42);
    g_assert_cmphex(qtest_readb(qts, f + 0x15), ==, 0x42);
    /* 00: back to PCI; the shadow copy stays in DRAM */
    set_pam(qts, 0, 0x00);
    g_assert_cmphex(qtest_readb(qts, f + 0x15), ==, BIOS_BYTE(0x15));
    /* 01: read DRAM, writes to PCI (lost) */
    set_pam(qts, 0, 0x10);
    g_assert_cmphex(qtest_readb(qts, f + 0x15), ==, 0x42);
    qtest_writeb(qts, f + 0x15, 0x43);
    g_assert_cmphex(qtest_readb(qts, f + 0x15), ==, 0x42);
    /* 10: write DRAM; reads from DRAM too, as qemu has it (the datasheet
     * says PCI) */
    set_pam(qts, 0, 0x20);
    g_assert_cmphex(qtest_readb(qts, f + 0x15), ==, 0x42);
    qtest_writeb(qts, f + 0x15, 0x44);
    g_assert_cmphex(qtest_readb(qts, f + 0x15), ==, 0x44);
    set_pam(qts, 0, 0x30);
    g_assert_cmphex(qtest_readb(qts, f + 0x15), ==, 0x44);
    set_pam(qts, 0, 0x00);
    g_assert_cmphex(qtest_readb(qts, f + 0x15), ==, BIOS_BYTE(0x15));
    /* The top of RAM at 4 GiB - 64 KiB is not shadowed: still the ROM */
    g_assert_cmphex(qtest_readb(qts, 0xffff0015ULL), ==, BIOS_BYTE(0x15));

    /* The expansion area: 0x5a low nibble is 0xc0000, high 0xc4000 */
    set_pam(qts, 1, 0x03);
    qtest_writeb(qts, c + 1, 0x55);
    qtest_writeb(qts, c4 + 1, 0x66);
    g_assert_cmphex(qtest_readb(qts, c + 1), ==, 0x55);
    g_assert_cmphex(qtest_readb(qts, c4 + 1), ==, 0);   /* pc.rom */
    set_pam(qts, 1, 0x30);
    g_assert_cmphex(qtest_readb(qts, c + 1), ==, 0);
    qtest_writeb(qts, c4 + 1, 0x66);
    g_assert_cmphex(qtest_readb(qts, c4 + 1), ==, 0x66);
    /* As in qemu, the registers keep every bit written; only bits 1:0
     * of each nibble (5:4 of PAM0) matter */
    set_pam(qts, 0, 0xcf);
    g_assert_cmphex(cfg_readb(qts, PMC_DEVFN, I440FX_PAM), ==, 0xcf);
    g_assert_cmphex(qtest_readb(qts, f + 0x15), ==, BIOS_BYTE(0x15));
    set_pam(qts, 1, 0xcc);
    g_assert_cmphex(cfg_readb(qts, PMC_DEVFN, I440FX_PAM + 1), ==, 0xcc);
    g_assert_cmphex(qtest_readb(qts, c + 1), ==, 0);
    set_pam(qts, 1, 0xff);
    g_assert_cmphex(qtest_readb(qts, c + 1), ==, 0x55);
    g_assert_cmphex(qtest_readb(qts, c4 + 1), ==, 0x66);
    /* A 16-bit write spans two PAM registers */
    cfg_writew(qts, PMC_DEVFN, I440FX_PAM + 3, 0x3333);  /* 0x5c-0x5d */
    qtest_writeb(qts, 0xd4000, 0x77);
    qtest_writeb(qts, 0xdc000, 0x78);
    g_assert_cmphex(qtest_readb(qts, 0xd4000), ==, 0x77);
    g_assert_cmphex(qtest_readb(qts, 0xdc000), ==, 0x78);

    qtest_quit(qts);
    g_unlink(bios);
}

/*
 * SMRAM: the VGA window 0xa0000-0xbffff shows PCI unless D_OPEN.  With
 * nothing on PCI there (no VGA), the RAM beneath shows through, as in
 * qemu; a test device's memory BAR put at 0xa0000 plays the VGA.
 */
static void test_smram(void)
{
    QTestState *qts;
    QPCIBus *bus;
    QPCIDevice *dev;

    if (!qtest_require_device("corvid-test-pci-dev")) {
        return;
    }
    qts = start_intx(&bus, &dev, "");
    qtest_writel(qts, 0xa0000, 0x12345678);
    g_assert_cmphex(qtest_readl(qts, 0xa0000), ==, 0x12345678);
    qpci_bar_set(dev, CORVID_TEST_PCI_BAR_MEM, 0xa0000);
    qpci_set_command(dev, 0x2, 0);

    /* Closed: the device */
    g_assert_cmphex(qtest_readl(qts, 0xa0000), ==, CORVID_TEST_PCI_ID_MAGIC);
    /* D_OPEN: the DRAM beneath */
    cfg_writeb(qts, PMC_DEVFN, I440FX_SMRAM, 0x4a);
    g_assert_cmphex(qtest_readl(qts, 0xa0000), ==, 0x12345678);
    assert_ram(qts, 0xa0008, 0x5a5a5a5a12345678ULL);
    cfg_writeb(qts, PMC_DEVFN, I440FX_SMRAM, 0x0a);
    g_assert_cmphex(qtest_readl(qts, 0xa0000), ==, CORVID_TEST_PCI_ID_MAGIC);
    /* As in qemu, every bit is read/write and D_LCK locks nothing */
    cfg_writeb(qts, PMC_DEVFN, I440FX_SMRAM, 0x5d);
    g_assert_cmphex(cfg_readb(qts, PMC_DEVFN, I440FX_SMRAM), ==, 0x5d);
    g_assert_cmphex(qtest_readl(qts, 0xa0000), ==, 0x12345678);
    cfg_writeb(qts, PMC_DEVFN, I440FX_SMRAM, 0x1a);
    g_assert_cmphex(qtest_readl(qts, 0xa0000), ==, CORVID_TEST_PCI_ID_MAGIC);
    cfg_writeb(qts, PMC_DEVFN, I440FX_SMRAM, 0x4a);
    g_assert_cmphex(qtest_readl(qts, 0xa0000), ==, 0x12345678);
    /* ... nor does a reset: the register and the window stay open */
    qtest_qmp_assert_success(qts, "{'execute': 'system_reset'}");
    qtest_qmp_eventwait(qts, "RESET");
    g_assert_cmphex(cfg_readb(qts, PMC_DEVFN, I440FX_SMRAM), ==, 0x4a);
    g_assert_cmphex(qtest_readl(qts, 0xa0000), ==, 0x12345678);
    qpci_free(bus);
    qtest_quit(qts);
}

static void test_system_reset(void)
{
    QPCIBus *bus;
    QPCIDevice *dev;
    QTestState *qts;
    uint32_t bar0;

    if (!qtest_require_device("corvid-test-pci-dev")) {
        return;
    }
    qts = start_intx(&bus, &dev, "");
    cfg_writeb(qts, PIIX3_DEVFN, PIIX_PIRQCA + TESTDEV_PIRQ, 11);
    set_intx(dev, 1);
    assert_only_irq(qts, 11);
    set_pam(qts, 0, 0x30);
    qtest_writeb(qts, 0xf0000, 0x42);
    /* Unmasked, level-triggered, with the line high: delivered, so
     * Remote IRR (bit 14) is set. */
    ioapic_write(qts, 0x10 + 2 * 11, 0x0000a031);
    g_assert_cmphex(ioapic_read(qts, 0x10 + 2 * 11), ==, 0x0000e031);
    qtest_writeq(qts, 0x1000, 0xabcdef);
    bar0 = qpci_config_readl(dev, 0x10);

    qtest_qmp_assert_success(qts, "{'execute': 'system_reset'}");
    qtest_qmp_eventwait(qts, "RESET");

    /* PIIX3 and I/O APIC registers back to their defaults ... */
    g_assert_cmphex(cfg_readb(qts, PIIX3_DEVFN, PIIX_PIRQCA + TESTDEV_PIRQ),
                    ==, 0x80);
    g_assert_cmphex(ioapic_read(qts, 0x10 + 2 * 11), ==, 0x10000);
    /* ... the device too (decoding off, INTx released), and the line */
    g_assert_cmphex(qpci_config_readw(dev, 0x04) & 0x7, ==, 0);
    assert_only_irq(qts, -1);
    /* ... but, as in qemu, not the i440FX's PAM: the shadow RAM stays */
    g_assert_cmphex(cfg_readb(qts, PMC_DEVFN, I440FX_PAM), ==, 0x30);
    g_assert_cmphex(qtest_readb(qts, 0xf0000), ==, 0x42);
    /* RAM survives a reset */
    g_assert_cmphex(qtest_readq(qts, 0x1000), ==, 0xabcdef);
    /* The device works again once re-enabled and re-routed */
    g_assert_cmphex(qpci_config_readl(dev, 0x10), ==, 1);
    qpci_config_writel(dev, 0x10, bar0);
    qpci_set_command(dev, 0x1, 0);
    cfg_writeb(qts, PIIX3_DEVFN, PIIX_PIRQCA + TESTDEV_PIRQ, 10);
    set_intx(dev, 1);
    assert_only_irq(qts, 10);

    qpci_free(bus);
    qtest_quit(qts);
}

/* Start with @args; expect exit status 1 and @msg in stderr. */
static void expect_start_error(const char *args, const char *msg)
{
    g_autofree char *err = NULL;
    g_autofree char *cmd = g_strdup_printf("-display none -accel qtest %s",
                                           args);

    g_assert_cmpint(qtest_run(cmd, NULL, &err), ==, 1);
    if (!strstr(err, msg)) {
        g_error("%s: expected \"%s\" in:\n%s", args, msg, err);
    }
}

static void test_bad_memory(void)
{
    expect_start_error("-M pc -m 4G,slots=300,maxmem=8G",
                       ": unsupported amount of memory slots: 300\n");
    expect_start_error("-M pc -m 128M,slots=257,maxmem=1G",
                       ": unsupported amount of memory slots: 257\n");
    expect_start_error("-M pc -m 4G,slots=2",
                       ": slots specified but no max-size\n");
    expect_start_error("-M pc -m 8G,maxmem=4G",
                       ": invalid value of maxmem: maximum memory size "
                       "(0x100000000) must be at least the initial memory "
                       "size (0x200000000)\n");
    expect_start_error("-M pc -m 128M,slots=2,maxmem=128M",
                       ": invalid value of maxmem: memory slots were "
                       "specified but maximum memory size (0x8000000) is "
                       "equal to the initial memory size (0x8000000)\n");
    expect_start_error("-M pc -m 128M,slots=2,maxmem=2T",
                       ": Address space limit 0xffffffffff < 0x300ffffffff "
                       "phys-bits too low (40)\n");
    expect_start_error("-M pc,max-ram-below-4g=5G",
                       ": Machine option 'max-ram-below-4g=5368709120' "
                       "expects size less than or equal to 4G\n");
    expect_start_error("-M pc,max-ram-below-4g=foo",
                       ": Parameter 'max-ram-below-4g' expects size\n");
    expect_start_error("-M pc,smm=foo",
                       ": Parameter 'smm' does not accept value 'foo'");
    expect_start_error("-M pc,max-fw-size=32M",
                       ": User specified max allowed firmware size 33554432 "
                       "is greater than 16MiB.");
    expect_start_error("-M pc,firmware=/nonexistent/bios.bin",
                       "could not load PC BIOS '/nonexistent/bios.bin'\n");
}

/* Memory hotplug space between RAM above 4 GiB and the 64-bit hole. */
static void test_device_memory(void)
{
    QTestState *qts = qtest_init("-M pc -m 1G,slots=2,maxmem=4G");

    /* 4 GiB + (3 GiB + 2 slots of 1 GiB): the 64-bit hole after it */
    qtest_qmp_assert_return(qts, "9663676416",
        "{'execute': 'qom-get', 'arguments': {'path': '/machine/i440fx', "
        "'property': 'pci-hole64-start'}}");
    /* Nothing plugged yet: the window is empty */
    assert_unassigned(qts, 4 * GIB);
    qtest_quit(qts);
}

#define PC_LOWMEM_WARNING(n) \
    ": warning: Large machine and max_ram_below_4g (" n ") not a " \
    "multiple of 1G; possible bad performance.\n"

static void test_warning(void)
{
    static const struct {
        const char *args;
        bool warns;
    } cases[] = {
        /* pc warns from as much RAM as the limit on, equal included */
        { "-M pc,max-ram-below-4g=1500M -m 1500M", true },
        { "-M pc,max-ram-below-4g=1500M -m 1499M", false },
        { "-M pc,max-ram-below-4g=1500M -m 2000M", true },
        /* a limit above the default split changes nothing */
        { "-M pc,max-ram-below-4g=3500M -m 8G", false },
        { "-M pc,max-ram-below-4g=1G -m 4G", false },
    };
    QTestState *qts;
    size_t i;

    /* The board still starts, with the RAM split where asked. */
    qts = qtest_init("-M pc,max-ram-below-4g=2.5G -m 3G");
    assert_ram(qts, 0xa0000000ULL - 8, 1);
    assert_unassigned(qts, 0xa0000000ULL);
    assert_ram(qts, 4 * GIB + 0x20000000ULL - 8, 2);
    assert_unassigned(qts, 4 * GIB + 0x20000000ULL);
    qtest_quit(qts);

    /* qemu's warning, seen when a later option stops the start-up. */
    expect_start_error("-M pc,max-ram-below-4g=2.5G -m 3G "
                       "-device no-such-device",
                       PC_LOWMEM_WARNING("2684354560"));
    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        g_autofree char *err = start_stderr(cases[i].args);

        if (cases[i].warns != !!strstr(err, PC_LOWMEM_WARNING("1572864000"))) {
            g_error("%s: %s the warning:\n%s", cases[i].args,
                    cases[i].warns ? "expected" : "did not expect", err);
        }
        g_assert_cmpint(cases[i].warns, ==, !!strstr(err, "warning"));
    }
    /* Below 1 MiB: the setter warns first, then the split */
    expect_start_error("-M pc,max-ram-below-4g=512K -device no-such-device",
                       ": warning: Only 524288 bytes of RAM below the 4GiB "
                       "boundary,BIOS may not work with less than 1MiB\n");
    expect_start_error("-M pc,max-ram-below-4g=512K -device no-such-device",
                       PC_LOWMEM_WARNING("524288"));
}

/* "max-ram-below-4g" reads pc's default, 3.5 GiB, unless set; 0 is unset. */
static void test_max_ram_below_4g_default(void)
{
    QTestState *qts = qtest_init("-M pc");

    qtest_qmp_assert_return(qts, "3758096384",
        "{'execute': 'qom-get', 'arguments': {'path': '/machine', "
        "'property': 'max-ram-below-4g'}}");
    qtest_quit(qts);

    qts = qtest_init("-M pc,max-ram-below-4g=0 -m 4G");
    qtest_qmp_assert_return(qts, "3758096384",
        "{'execute': 'qom-get', 'arguments': {'path': '/machine', "
        "'property': 'max-ram-below-4g'}}");
    /* ... and the split is the default one (3 GiB) */
    assert_ram(qts, 0xc0000000ULL - 8, 3);
    assert_unassigned(qts, 0xc0000000ULL);
    qtest_quit(qts);

    qts = qtest_init("-M pc,max-ram-below-4g=2G");
    qtest_qmp_assert_return(qts, "2147483648",
        "{'execute': 'qom-get', 'arguments': {'path': '/machine', "
        "'property': 'max-ram-below-4g'}}");
    qtest_quit(qts);
}

/* The reset control register at 0xcf9 (PIIX3) */

#define RCR 0xcf9

/* An HMP command's output (caller frees). */
static char *hmp(QTestState *qts, const char *line)
{
    QDict *rsp = qtest_qmp(qts, "{'execute': 'human-monitor-command', "
                           "'arguments': {'command-line': %s}}", line);
    char *text = g_strdup(qdict_get_try_str(rsp, "return"));

    g_assert_nonnull(text);
    qobject_unref(rsp);
    return text;
}

static void test_reset_control(void)
{
    QTestState *qts = qtest_init("-M pc");
    g_autofree char *mtree = hmp(qts, "info mtree");

    /* Over the second byte of the configuration address register */
    g_assert_nonnull(strstr(mtree, "0000000000000cf9-0000000000000cf9 "
                            "(prio 1, i/o): piix3-reset-control"));

    /* Only SRST (bit 1) is kept, as in qemu */
    g_assert_cmphex(qtest_inb(qts, RCR), ==, 0);
    qtest_outb(qts, RCR, 0x02);
    g_assert_cmphex(qtest_inb(qts, RCR), ==, 0x02);
    qtest_outb(qts, RCR, 0x08);
    g_assert_cmphex(qtest_inb(qts, RCR), ==, 0x00);
    qtest_outb(qts, RCR, 0x0a);
    g_assert_cmphex(qtest_inb(qts, RCR), ==, 0x02);

    /*
     * A 4-byte outl to 0xcf8 is the configuration address whole: none of
     * these reaches 0xcf9 (byte 1 = 0x08 would clear SRST, 0x06 would
     * reset, which the PIRQ route would show).
     */
    cfg_writeb(qts, PIIX3_DEVFN, PIIX_PIRQCA, 11);
    g_assert_cmphex(cfg_readl(qts, PIIX3_DEVFN, 0x00), ==, 0x70008086);
    g_assert_cmphex(cfg_readl(qts, 0x06, 0x00), ==, 0xffffffff);
    g_assert_cmphex(cfg_readl(qts, PMC_DEVFN, 0x00), ==, 0x12378086);
    g_assert_cmphex(qtest_inl(qts, CF8), ==, cfg_addr(PMC_DEVFN, 0));
    g_assert_cmphex(qtest_inb(qts, RCR), ==, 0x02);
    g_assert_cmphex(cfg_readb(qts, PIIX3_DEVFN, PIIX_PIRQCA), ==, 11);

    /* RCPU: the guest resets the machine (PIIX3 included) */
    qtest_outb(qts, RCR, 0x06);
    qtest_qmp_assert_event(qts, "RESET", GUEST_RESET_DATA);
    g_assert_cmphex(qtest_inb(qts, RCR), ==, 0x00);
    g_assert_cmphex(cfg_readb(qts, PIIX3_DEVFN, PIIX_PIRQCA), ==, 0x80);
    /* ... and keeps running, as after any reset */
    qtest_qmp_assert_return(qts, "{\"status\": \"running\", "
                            "\"singlestep\": false, \"running\": true}",
                            "{'execute': 'query-status'}");
    /* Every write with RCPU resets, 0x0e too */
    qtest_outb(qts, RCR, 0x0e);
    qtest_qmp_assert_event(qts, "RESET", GUEST_RESET_DATA);
    qtest_quit(qts);
}

/* With -no-reboot the guest's reset ends the VM instead (SHUTDOWN). */
static void test_reset_control_no_reboot(void)
{
    assert_guest_reset_ends_vm("pc", RCR);
}

/*
 * What both PC boards share (generic-pc-machine): each test gets the
 * machine, "pc" or "q35", as its data.
 */

static char *qom_get_str(QTestState *qts, const char *path, const char *prop)
{
    g_autoptr(QObject) v = qtest_qom_get(qts, path, prop);

    g_assert(qobject_type(v) == QTYPE_QSTRING);
    return g_strdup(qstring_get_str((QString *)v));
}

/* Property @prop of each CPU in query-cpus-fast, by CPU index. */
static void assert_cpu_props(QTestState *qts, const char *prop,
                             const int64_t *expect, size_t n)
{
    g_autoptr(QList) cpus = qtest_qmp_assert_list(qts,
                                "{'execute': 'query-cpus-fast'}");
    size_t i;

    g_assert_cmpuint(qlist_size(cpus), ==, n);
    for (i = 0; i < n; i++) {
        QDict *cpu = qobject_to(QDict, qlist_get(cpus, i));
        QDict *props = qdict_get_qdict(cpu, "props");

        g_assert_cmpint(qdict_get_try_int(cpu, "cpu-index", -1), ==, i);
        g_assert_cmpint(qdict_get_try_int(props, prop, -1), ==, expect[i]);
    }
}

/*
 * -numa node,memdev=: the RAM is the node backends one after the other
 * (node 1's is a shared file, so the test sees the guest's writes land
 * in it), FW_CFG_NUMA tells firmware the nodes, and each CPU has its
 * node, by socket when -numa names none.
 */
static void test_numa(const void *data)
{
    static const uint64_t fw_numa[] = {
        2,                      /* nodes */
        0, 0, 1, 1,             /* APIC IDs 0-3: sockets 0, 0, 1, 1 */
        64 * MIB, 64 * MIB,     /* node sizes */
    };
    static const int64_t nodes[] = { 0, 0, 1, 1 };
    const char *machine = data;
    g_autofree char *path = NULL;
    g_autofree char *mtree = NULL;
    uint64_t numa[ARRAY_SIZE(fw_numa)];
    uint32_t word = 0;
    QTestState *qts;
    QFWCfg fw;
    size_t i;
    int fd;

    fd = g_file_open_tmp("pc-test-numa-XXXXXX", &path, NULL);
    g_assert_cmpint(fd, >=, 0);
    qts = qtest_initf("-M %s -smp 4,sockets=2,cores=2 "
                      "-object memory-backend-ram,id=m0,size=64M "
                      "-object memory-backend-file,id=m1,size=64M,"
                      "mem-path=%s,share=on "
                      "-numa node,memdev=m0 -numa node,memdev=m1",
                      machine, path);

    qfw_init_io(&fw, qts);
    qfw_read_item(&fw, FW_CFG_NUMA, numa, sizeof(numa));
    for (i = 0; i < ARRAY_SIZE(fw_numa); i++) {
        g_assert_cmphex(GUINT64_FROM_LE(numa[i]), ==, fw_numa[i]);
    }
    g_assert_cmphex(qfw_read_u64(&fw, FW_CFG_RAM_SIZE), ==, 128 * MIB);
    assert_cpu_props(qts, "node-id", nodes, ARRAY_SIZE(nodes));

    /* The RAM: pc.ram made of m0 and m1, low RAM an alias of it */
    mtree = hmp(qts, "info mtree");
    g_assert_nonnull(strstr(mtree, "memory-region: pc.ram\r\n"
        "  0000000000000000-0000000007ffffff (prio 0, i/o): pc.ram\r\n"
        "    0000000000000000-0000000003ffffff (prio 0, ram): m0\r\n"
        "    0000000004000000-0000000007ffffff (prio 0, ram): m1\r\n"));
    qtest_writel(qts, 64 * MIB + 0x1000, 0xc0ffee42);
    qtest_writel(qts, 0x1000, 0x11111111);
    g_assert_cmpint(pread(fd, &word, sizeof(word), 0x1000), ==,
                    sizeof(word));
    g_assert_cmphex(GUINT32_FROM_LE(word), ==, 0xc0ffee42);
    assert_ram(qts, 128 * MIB - 8, 0x5a5a5a5a5a5a5a5aULL);
    assert_unassigned(qts, 128 * MIB);
    qtest_quit(qts);
    close(fd);
    g_unlink(path);
}

/* -numa cpu and cpus= place CPUs by hand; node sizes may differ. */
static void test_numa_explicit(const void *data)
{
    static const uint64_t fw_numa[] = {
        2,
        1, 0,                   /* APIC IDs 0-1 */
        32 * MIB, 96 * MIB,
    };
    static const int64_t nodes[] = { 1, 0 };
    const char *machine = data;
    uint64_t numa[ARRAY_SIZE(fw_numa)];
    QTestState *qts;
    QFWCfg fw;
    size_t i;

    qts = qtest_initf("-M %s -smp 2 "
                      "-object memory-backend-ram,id=m0,size=32M "
                      "-object memory-backend-ram,id=m1,size=96M "
                      "-numa node,memdev=m0,cpus=1 -numa node,memdev=m1,"
                      "cpus=0", machine);
    qfw_init_io(&fw, qts);
    qfw_read_item(&fw, FW_CFG_NUMA, numa, sizeof(numa));
    for (i = 0; i < ARRAY_SIZE(fw_numa); i++) {
        g_assert_cmphex(GUINT64_FROM_LE(numa[i]), ==, fw_numa[i]);
    }
    assert_cpu_props(qts, "node-id", nodes, ARRAY_SIZE(nodes));
    qtest_quit(qts);
}

static void test_numa_errors(const void *data)
{
    const char *machine = data;
    g_autofree char *mem = g_strdup_printf(
        "-M %s -numa node,mem=64M -numa node,mem=64M", machine);
    g_autofree char *none = g_strdup_printf("-M %s -numa node", machine);
    g_autofree char *half = g_strdup_printf(
        "-M %s -object memory-backend-ram,id=m0,size=64M "
        "-numa node,memdev=m0", machine);

    /* qemu 7.2's machines take memdev= only */
    expect_start_error(mem, ": -numa node,mem=64M: Parameter -numa node,"
                       "mem is not supported by this machine type\n"
                       "Use -numa node,memdev instead\n");
    expect_start_error(none, ": total memory for NUMA nodes (0x0) should "
                       "equal RAM size (0x8000000)\n");
    expect_start_error(half, ": total memory for NUMA nodes (0x4000000) "
                       "should equal RAM size (0x8000000)\n");
}

/* -smp dies= is accepted, and each CPU knows its die. */
static void test_smp_dies(const void *data)
{
    static const int64_t dies[] = { 0, 1, 0, 1 };
    static const int64_t sockets[] = { 0, 0, 1, 1 };
    QTestState *qts = qtest_initf("-M %s -smp 4,sockets=2,dies=2",
                                  (const char *)data);
    QFWCfg fw;

    assert_cpu_props(qts, "die-id", dies, ARRAY_SIZE(dies));
    assert_cpu_props(qts, "socket-id", sockets, ARRAY_SIZE(sockets));
    qfw_init_io(&fw, qts);
    g_assert_cmpuint(qfw_read_u16(&fw, FW_CFG_NB_CPUS), ==, 4);
    qtest_quit(qts);
}

/* -boot menu=, splash-time= and reboot-timeout= reach the firmware. */
static void test_boot_fw_cfg(const void *data)
{
    const char *machine = data;
    QTestState *qts;
    QFWCfg fw;
    uint32_t size;
    g_autofree uint8_t *wait = NULL;
    g_autofree uint8_t *fail = NULL;

    /* Without -boot: no menu, no menu wait, never reboot (-1) */
    qts = qtest_initf("-M %s", machine);
    qfw_init_io(&fw, qts);
    g_assert_cmpuint(qfw_read_u16(&fw, FW_CFG_BOOT_MENU), ==, 0);
    g_assert_cmphex(qfw_find_file(&fw, "etc/boot-menu-wait", &size), ==,
                    FW_CFG_INVALID);
    fail = qfw_read_file(&fw, "etc/boot-fail-wait", &size);
    g_assert_cmpuint(size, ==, 4);
    g_assert_cmphex(fail[0] | fail[1] << 8 | fail[2] << 16 |
                    (uint32_t)fail[3] << 24, ==, 0xffffffff);
    g_clear_pointer(&fail, g_free);
    qtest_quit(qts);

    qts = qtest_initf("-M %s -boot menu=on,splash-time=1234,"
                      "reboot-timeout=5000", machine);
    qfw_init_io(&fw, qts);
    g_assert_cmpuint(qfw_read_u16(&fw, FW_CFG_BOOT_MENU), ==, 1);
    wait = qfw_read_file(&fw, "etc/boot-menu-wait", &size);
    g_assert_cmpuint(size, ==, 2);
    g_assert_cmpuint(wait[0] | wait[1] << 8, ==, 1234);
    fail = qfw_read_file(&fw, "etc/boot-fail-wait", &size);
    g_assert_cmpuint(size, ==, 4);
    g_assert_cmpuint(fail[0] | fail[1] << 8 | fail[2] << 16 |
                     (uint32_t)fail[3] << 24, ==, 5000);
    qtest_quit(qts);
}

/* The boot devices the board keeps for the BIOS (qemu: the CMOS). */
static void assert_boot_devices(QTestState *qts, const char *expect)
{
    g_autofree char *devs = qom_get_str(qts, "/machine", "x-boot-devices");

    g_assert_cmpstr(devs, ==, expect);
}

static void test_boot_devices(const void *data)
{
    const char *machine = data;
    QTestState *qts;

    /* The default order, "cad", as qemu's PC boards have it */
    qts = qtest_initf("-M %s", machine);
    assert_boot_devices(qts, "cad");
    qtest_qmp_assert_return(qts, "{\"order\": \"cad\"}",
        "{'execute': 'qom-get', 'arguments': {'path': '/machine', "
        "'property': 'boot'}}");
    qtest_quit(qts);

    qts = qtest_initf("-M %s -boot order=nd", machine);
    assert_boot_devices(qts, "nd");
    qtest_quit(qts);

    /*
     * once=: the handler gets the once= devices for the first boot, and
     * order= again after the next reset, whoever asks for it; later
     * resets keep order=.
     */
    qts = qtest_initf("-M %s -boot order=dc,once=n", machine);
    assert_boot_devices(qts, "n");
    qtest_qmp_assert_success(qts, "{'execute': 'system_reset'}");
    qtest_qmp_eventwait(qts, "RESET");
    assert_boot_devices(qts, "dc");
    qtest_outb(qts, RCR, 0x06);
    qtest_qmp_assert_event(qts, "RESET", GUEST_RESET_DATA);
    assert_boot_devices(qts, "dc");
    qtest_quit(qts);

    /* once= alone goes back to the default order */
    qts = qtest_initf("-M %s -boot once=a", machine);
    assert_boot_devices(qts, "a");
    qtest_outb(qts, RCR, 0x06);
    qtest_qmp_assert_event(qts, "RESET", GUEST_RESET_DATA);
    assert_boot_devices(qts, "cad");
    /* Read-only, as it would be in the CMOS */
    qmp_expect_error(qtest_qmp(qts, "{'execute': 'qom-set', 'arguments': {"
                               "'path': '/machine', 'property': "
                               "'x-boot-devices', 'value': 'c'}}"), NULL);
    qtest_quit(qts);
}

/* qemu's words for what the PC BIOS cannot boot. */
static void test_boot_errors(const void *data)
{
    static const struct {
        const char *opt, *msg;
    } cases[] = {
        { "order=p", ": Invalid boot device for PC: 'p'\n" },
        { "order=e", ": Invalid boot device for PC: 'e'\n" },
        { "order=cdp", ": Invalid boot device for PC: 'p'\n" },
        { "order=cdna", ": Too many boot devices for PC\n" },
        /* the count is checked before the letters */
        { "order=pcda", ": Too many boot devices for PC\n" },
        { "order=c,once=f", ": Invalid boot device for PC: 'f'\n" },
        { "once=abcd", ": Too many boot devices for PC\n" },
        /* the letters themselves: the "boot" property's checks */
        { "order=x", ": Invalid boot device 'x'\n" },
        { "order=cc", ": Boot device 'c' was given twice\n" },
        { "splash-time=70000", ": splash-time is invalid,it should be a "
          "value between 0 and 65535\n" },
        { "reboot-timeout=70000", ": reboot timeout is invalid,it should "
          "be a value between -1 and 65535\n" },
    };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        g_autofree char *args = g_strdup_printf("-M %s -boot %s",
                                                (const char *)data,
                                                cases[i].opt);

        expect_start_error(args, cases[i].msg);
    }
}

static void add_common_test(const char *name, GTestDataFunc fn)
{
    static const char *const machines[] = { "pc", "q35" };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(machines); i++) {
        g_autofree char *path = g_strdup_printf("/pc/common/%s/%s", name,
                                                machines[i]);

        g_test_add_data_func(path, machines[i], fn);
    }
}

static void test_help(void)
{
    g_autofree char *out = NULL;
    g_autofree char *out2 = NULL;

    g_assert_cmpint(qtest_run("-M help", &out, NULL), ==, 0);
    g_assert_nonnull(strstr(out, "\npc                   Standard PC "
                            "(i440FX + PIIX, 1996) (alias of "
                            "pc-i440fx-7.2)\n"));
    g_assert_nonnull(strstr(out, "\npc-i440fx-7.2        Standard PC "
                            "(i440FX + PIIX, 1996) (default)\n"));

    g_assert_cmpint(qtest_run("-M pc,help", &out2, NULL), ==, 0);
    g_assert_true(g_str_has_prefix(out2, "pc-i440fx-7.2-machine options:\n"));
    g_assert_nonnull(strstr(out2, "\n  max-ram-below-4g=<size> - Maximum ram "
                            "below the 4G boundary (32bit boundary)\n"));
    g_assert_nonnull(strstr(out2, "\n  smm=<OnOffAuto>        - Enable "
                            "SMM\n"));
    g_assert_nonnull(strstr(out2, "\n  max-fw-size=<size>     - Maximum "
                            "combined firmware size\n"));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/pc/ids", test_ids);
    g_test_add_func("/pc/query-pci", test_query_pci);
    g_test_add_func("/pc/ram/small", test_ram_small);
    g_test_add_func("/pc/ram/split", test_ram_split);
    g_test_add_func("/pc/ram/below-limit", test_ram_below_limit);
    g_test_add_func("/pc/ram/max-ram-below-4g", test_ram_max_below_4g);
    g_test_add_func("/pc/ram/warning", test_warning);
    g_test_add_func("/pc/ram/device-memory", test_device_memory);
    g_test_add_func("/pc/e820", test_e820);
    g_test_add_func("/pc/ioapic/registers", test_ioapic_registers);
    g_test_add_func("/pc/intx/routing", test_intx_routing);
    g_test_add_func("/pc/intx/sharing", test_intx_sharing);
    g_test_add_func("/pc/pam", test_pam);
    g_test_add_func("/pc/smram", test_smram);
    g_test_add_func("/pc/system-reset", test_system_reset);
    g_test_add_func("/pc/bad-memory", test_bad_memory);
    g_test_add_func("/pc/help", test_help);
    g_test_add_func("/pc/ram/max-ram-below-4g-default",
                    test_max_ram_below_4g_default);
    g_test_add_func("/pc/reset-control", test_reset_control);
    g_test_add_func("/pc/reset-control/no-reboot",
                    test_reset_control_no_reboot);
    add_common_test("numa", test_numa);
    add_common_test("numa/explicit", test_numa_explicit);
    add_common_test("numa/errors", test_numa_errors);
    add_common_test("smp-dies", test_smp_dies);
    add_common_test("boot/fw_cfg", test_boot_fw_cfg);
    add_common_test("boot/devices", test_boot_devices);
    add_common_test("boot/errors", test_boot_errors);
    return g_test_run();
}
