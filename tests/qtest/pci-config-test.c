/*
 * PCI configuration space as a guest sees it, on the test emulator's
 * corvid-test-pci-host: the header's read-only, writable and
 * write-1-to-clear bits, capability lists, configuration mechanism #1
 * (CONFIG_ADDRESS quirks, every access size at every byte lane, accesses
 * that cross the dword, missing functions), and ECAM reaching a PCI
 * Express function's extended space.  Where qemu-system-x86_64 7.2
 * shows the same thing on its PCs (pci-testdev, pci-bridge), the values
 * are the ones it gives.
 */
#include "util/osdep.h"
#include "libqpci.h"
#include "../testdev/pci-testdev-regs.h"

#define DEV_SLOT 3
#define DEV_DEVFN QPCI_DEVFN(DEV_SLOT, 0)
#define ECAM_BASE 0xb0000000ULL
#define ECAM_SIZE (16 * MiB)

static QTestState *start(QPCIBus **bus, QPCIDevice **dev)
{
    QTestState *qts = qtest_initf("-M none -m 16M "
                                  "-device corvid-test-pci-host "
                                  "-device corvid-test-pci-dev,addr=%x,id=d",
                                  DEV_SLOT);

    *bus = qpci_new_test_host(qts);
    *dev = qpci_device_find(*bus, 0, DEV_DEVFN);
    g_assert_nonnull(*dev);
    return qts;
}

static void test_header(void)
{
    QPCIBus *bus;
    QPCIDevice *dev;
    QTestState *qts = start(&bus, &dev);

    g_assert_cmphex(qpci_config_readw(dev, PCI_VENDOR_ID), ==,
                    CORVID_TEST_PCI_VENDOR_ID);
    g_assert_cmphex(qpci_config_readw(dev, PCI_DEVICE_ID), ==,
                    CORVID_TEST_PCI_DEVICE_ID);
    g_assert_cmphex(qpci_config_readb(dev, PCI_REVISION_ID), ==,
                    CORVID_TEST_PCI_REVISION);
    g_assert_cmphex(qpci_config_readw(dev, PCI_CLASS_DEVICE), ==,
                    CORVID_TEST_PCI_CLASS);
    g_assert_cmphex(qpci_config_readb(dev, PCI_HEADER_TYPE), ==,
                    PCI_HEADER_TYPE_NORMAL);
    g_assert_cmphex(qpci_config_readw(dev, PCI_SUBSYSTEM_VENDOR_ID), ==,
                    0x1af4);
    g_assert_cmphex(qpci_config_readw(dev, PCI_SUBSYSTEM_ID), ==, 0x1100);
    g_assert_cmphex(qpci_config_readb(dev, PCI_INTERRUPT_PIN), ==, 1);
    g_assert_cmphex(qpci_config_readw(dev, PCI_COMMAND), ==, 0);
    g_assert_cmphex(qpci_config_readw(dev, PCI_STATUS), ==,
                    PCI_STATUS_CAP_LIST);

    /* Read-only: IDs, class, header type, pin, BIST, latency timer. */
    qpci_config_writel(dev, PCI_VENDOR_ID, 0);
    qpci_config_writel(dev, PCI_REVISION_ID, 0xffffffff);
    qpci_config_writeb(dev, PCI_HEADER_TYPE, 0xff);
    qpci_config_writeb(dev, PCI_BIST, 0xff);
    qpci_config_writeb(dev, PCI_LATENCY_TIMER, 0xff);
    qpci_config_writeb(dev, PCI_INTERRUPT_PIN, 3);
    qpci_config_writew(dev, PCI_SUBSYSTEM_ID, 0);
    g_assert_cmphex(qpci_config_readl(dev, PCI_VENDOR_ID), ==,
                    CORVID_TEST_PCI_DEVICE_ID << 16 |
                    CORVID_TEST_PCI_VENDOR_ID);
    g_assert_cmphex(qpci_config_readl(dev, PCI_REVISION_ID), ==,
                    CORVID_TEST_PCI_CLASS << 16 | CORVID_TEST_PCI_REVISION);
    g_assert_cmphex(qpci_config_readl(dev, PCI_CACHE_LINE_SIZE), ==, 0);
    g_assert_cmphex(qpci_config_readb(dev, PCI_INTERRUPT_PIN), ==, 1);
    g_assert_cmphex(qpci_config_readw(dev, PCI_SUBSYSTEM_ID), ==, 0x1100);

    /* The command bits a function implements (qemu's: 0x0507); status is
     * read-only or write-1-to-clear, so all-ones changes nothing. */
    qpci_config_writel(dev, PCI_COMMAND, 0xffffffff);
    g_assert_cmphex(qpci_config_readl(dev, PCI_COMMAND), ==,
                    PCI_STATUS_CAP_LIST << 16 | 0x0507);
    qpci_config_writew(dev, PCI_COMMAND, 0);

    /* Writable: cache line size and interrupt line. */
    qpci_config_writeb(dev, PCI_CACHE_LINE_SIZE, 0x10);
    qpci_config_writeb(dev, PCI_INTERRUPT_LINE, 0x0b);
    g_assert_cmphex(qpci_config_readb(dev, PCI_CACHE_LINE_SIZE), ==, 0x10);
    g_assert_cmphex(qpci_config_readb(dev, PCI_INTERRUPT_LINE), ==, 0x0b);

    /* The device-specific area outside capabilities is plain storage. */
    qpci_config_writel(dev, 0xf0, 0x12345678);
    g_assert_cmphex(qpci_config_readl(dev, 0xf0), ==, 0x12345678);
    qpci_config_writeb(dev, 0xf2, 0xab);
    g_assert_cmphex(qpci_config_readl(dev, 0xf0), ==, 0x12ab5678);

    qpci_free(bus);
    qtest_quit(qts);
}

/* Walk the list by hand: every entry in the device area, no loop. */
static void check_cap_list(QPCIDevice *dev, const uint8_t *ids, int n)
{
    uint8_t seen[256] = { 0 };
    uint8_t ptr = qpci_config_readb(dev, PCI_CAPABILITY_LIST);
    int i;

    for (i = 0; i < n; i++) {
        g_assert_cmphex(ptr & 3, ==, 0);
        g_assert_cmphex(ptr, >=, PCI_CONFIG_HEADER_SIZE);
        g_assert_false(seen[ptr]);
        seen[ptr] = 1;
        g_assert_cmphex(qpci_config_readb(dev, ptr + PCI_CAP_LIST_ID), ==,
                        ids[i]);
        ptr = qpci_config_readb(dev, ptr + PCI_CAP_LIST_NEXT);
    }
    g_assert_cmphex(ptr, ==, 0);
}

static void test_capabilities(void)
{
    /* Added last, found first: MSI-X, then MSI. */
    static const uint8_t ids[] = { PCI_CAP_ID_MSIX, PCI_CAP_ID_MSI };
    QPCIBus *bus;
    QPCIDevice *dev;
    QTestState *qts = start(&bus, &dev);
    uint8_t msi = qpci_find_capability(dev, PCI_CAP_ID_MSI, 0);
    uint8_t msix = qpci_find_capability(dev, PCI_CAP_ID_MSIX, 0);
    uint8_t head = qpci_config_readb(dev, PCI_CAPABILITY_LIST);
    int i;

    check_cap_list(dev, ids, ARRAY_SIZE(ids));
    g_assert_cmphex(msi, !=, 0);
    g_assert_cmphex(msix, !=, 0);
    g_assert_cmphex(qpci_find_capability(dev, PCI_CAP_ID_EXP, 0), ==, 0);
    g_assert_cmphex(qpci_find_capability(dev, PCI_CAP_ID_MSI, msi), ==, 0);

    /* MSI: 64-bit, per-vector masking, 4 vectors requested, none granted. */
    g_assert_cmphex(qpci_config_readw(dev, msi + PCI_MSI_FLAGS), ==,
                    PCI_MSI_FLAGS_64BIT | PCI_MSI_FLAGS_MASKBIT |
                    2 << PCI_MSI_FLAGS_QMASK_SHIFT);
    /* MSI-X: 8 vectors, table at 0 in BAR4, PBA in its upper half. */
    g_assert_cmphex(qpci_config_readw(dev, msix + PCI_MSIX_FLAGS), ==, 7);
    g_assert_cmphex(qpci_config_readl(dev, msix + PCI_MSIX_TABLE), ==,
                    CORVID_TEST_PCI_BAR_MSIX);
    g_assert_cmphex(qpci_config_readl(dev, msix + PCI_MSIX_PBA), ==,
                    CORVID_TEST_PCI_MSIX_PBA_OFFSET |
                    CORVID_TEST_PCI_BAR_MSIX);

    /*
     * The list is the device's: a guest cannot redirect it, whatever it
     * writes to the pointers, IDs and read-only fields, at any size.
     */
    for (i = 0; i < 4; i++) {
        qpci_config_writeb(dev, PCI_CAPABILITY_LIST, msix + 1);
        qpci_config_writeb(dev, msix + PCI_CAP_LIST_NEXT, msix);
        qpci_config_writeb(dev, msi + PCI_CAP_LIST_NEXT, msi);
        qpci_config_writel(dev, msix, 0xffffffff);
        qpci_config_writel(dev, msi, 0x00ff0000 | (msi << 8));
        qpci_config_writel(dev, msix + PCI_MSIX_TABLE, 0xffffffff);
    }
    g_assert_cmphex(qpci_config_readb(dev, PCI_CAPABILITY_LIST), ==, head);
    check_cap_list(dev, ids, ARRAY_SIZE(ids));
    g_assert_cmphex(qpci_config_readl(dev, msix + PCI_MSIX_TABLE), ==,
                    CORVID_TEST_PCI_BAR_MSIX);
    /* ... but owns the fields the specification gives it. */
    g_assert_cmphex(qpci_config_readw(dev, msi + PCI_MSI_FLAGS), ==,
                    PCI_MSI_FLAGS_64BIT | PCI_MSI_FLAGS_MASKBIT |
                    2 << PCI_MSI_FLAGS_QMASK_SHIFT |
                    2 << PCI_MSI_FLAGS_QSIZE_SHIFT | PCI_MSI_FLAGS_ENABLE);
    g_assert_cmphex(qpci_config_readw(dev, msix + PCI_MSIX_FLAGS), ==,
                    PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL | 7);

    /* The status bit says whether there is a list: a function without
     * capabilities has neither the bit nor a pointer. */
    qpci_free(bus);
    qtest_quit(qts);

    qts = qtest_init("-M none -device corvid-test-pci-host "
                     "-device corvid-test-pci-dev,addr=3,msi-vectors=0,"
                     "msix-vectors=0");
    bus = qpci_new_test_host(qts);
    dev = qpci_device_find(bus, 0, DEV_DEVFN);
    g_assert_cmphex(qpci_config_readw(dev, PCI_STATUS), ==, 0);
    g_assert_cmphex(qpci_config_readb(dev, PCI_CAPABILITY_LIST), ==, 0);
    g_assert_cmphex(qpci_find_capability(dev, PCI_CAP_ID_MSI, 0), ==, 0);
    /* Then the whole device area is storage. */
    qpci_config_writel(dev, PCI_CONFIG_HEADER_SIZE, 0xdeadbeef);
    g_assert_cmphex(qpci_config_readl(dev, PCI_CONFIG_HEADER_SIZE), ==,
                    0xdeadbeef);
    qpci_free(bus);
    qtest_quit(qts);
}

/* Mechanism #1 */

#define CF8 CORVID_TEST_PCI_HOST_CONFIG_PORT
#define CFC (CORVID_TEST_PCI_HOST_CONFIG_PORT + 4)

static uint32_t cfg_addr(int bus, int devfn, int reg)
{
    return 0x80000000U | bus << 16 | devfn << 8 | reg;
}

static void test_config_address(void)
{
    QPCIBus *bus;
    QPCIDevice *dev;
    QTestState *qts = start(&bus, &dev);

    /* Read back as written, the low bits too; narrower reads give its
     * low bytes at any offset (qemu's PCs do the same). */
    qtest_outl(qts, CF8, 0x12345677);
    g_assert_cmphex(qtest_inl(qts, CF8), ==, 0x12345677);
    g_assert_cmphex(qtest_inb(qts, CF8), ==, 0x77);
    g_assert_cmphex(qtest_inw(qts, CF8 + 2), ==, 0x5677);
    g_assert_cmphex(qtest_inb(qts, CF8 + 3), ==, 0x77);
    /* Only a dword write at 0xcf8 loads it. */
    qtest_outb(qts, CF8, 0);
    qtest_outb(qts, CF8 + 3, 0);
    qtest_outw(qts, CF8, 0);
    qtest_outw(qts, CF8 + 2, 0);
    g_assert_cmphex(qtest_inl(qts, CF8), ==, 0x12345677);

    /* Without the enable bit, CONFIG_DATA is not a configuration cycle:
     * reads all-ones, writes go nowhere. */
    qtest_outl(qts, CF8, cfg_addr(0, DEV_DEVFN, 0) & ~0x80000000U);
    g_assert_cmphex(qtest_inl(qts, CFC), ==, 0xffffffff);
    g_assert_cmphex(qtest_inw(qts, CFC + 2), ==, 0xffff);
    qtest_outl(qts, CF8, cfg_addr(0, DEV_DEVFN, PCI_INTERRUPT_LINE) &
               ~0x80000000U);
    qtest_outb(qts, CFC, 0x42);
    g_assert_cmphex(qpci_config_readb(dev, PCI_INTERRUPT_LINE), ==, 0);

    /* Nothing there: another slot, another function, a bus no bridge
     * routes to. */
    qtest_outl(qts, CF8, cfg_addr(0, QPCI_DEVFN(4, 0), 0));
    g_assert_cmphex(qtest_inl(qts, CFC), ==, 0xffffffff);
    qtest_outl(qts, CF8, cfg_addr(0, QPCI_DEVFN(DEV_SLOT, 1), 0));
    g_assert_cmphex(qtest_inl(qts, CFC), ==, 0xffffffff);
    qtest_outb(qts, CFC, 0);
    qtest_outl(qts, CF8, cfg_addr(1, DEV_DEVFN, 0));
    g_assert_cmphex(qtest_inl(qts, CFC), ==, 0xffffffff);
    qtest_outl(qts, CF8, cfg_addr(255, 255, 0xfc));
    g_assert_cmphex(qtest_inb(qts, CFC + 3), ==, 0xff);

    /* Bits 1:0 of CONFIG_ADDRESS select the byte too, as on qemu's PCs:
     * 0x80000002 then a word at 0xcfc reads the device ID. */
    qtest_outl(qts, CF8, cfg_addr(0, DEV_DEVFN, PCI_DEVICE_ID));
    g_assert_cmphex(qtest_inw(qts, CFC), ==, CORVID_TEST_PCI_DEVICE_ID);

    qpci_free(bus);
    qtest_quit(qts);
}

/* The reference: config space read a byte at a time. */
static void read_bytes(QTestState *qts, uint8_t *buf, int reg, int n)
{
    int i;

    for (i = 0; i < n; i++) {
        qtest_outl(qts, CF8, cfg_addr(0, DEV_DEVFN, (reg + i) & ~3));
        buf[i] = qtest_inb(qts, CFC + ((reg + i) & 3));
    }
}

static void test_access_sizes(void)
{
    QPCIBus *bus;
    QPCIDevice *dev;
    QTestState *qts = start(&bus, &dev);
    uint8_t ref[PCI_CONFIG_SPACE_SIZE];
    int reg, lane;

    read_bytes(qts, ref, 0, sizeof(ref));
    g_assert_cmphex(ref[0] | ref[1] << 8, ==, CORVID_TEST_PCI_VENDOR_ID);
    /* Words and dwords at every lane of every dword; the bytes past the
     * dword are not configuration space (nothing answers: all-ones). */
    for (reg = 0; reg < PCI_CONFIG_SPACE_SIZE; reg += 4) {
        qtest_outl(qts, CF8, cfg_addr(0, DEV_DEVFN, reg));
        g_assert_cmphex(qtest_inl(qts, CFC), ==,
                        ref[reg] | ref[reg + 1] << 8 | ref[reg + 2] << 16 |
                        (uint32_t)ref[reg + 3] << 24);
        for (lane = 0; lane < 4; lane++) {
            uint32_t w = ref[reg + lane] |
                         (lane < 3 ? ref[reg + lane + 1] : 0xff) << 8;
            uint32_t l = 0;
            int i;

            for (i = 3; i >= 0; i--) {
                l = l << 8 | (lane + i < 4 ? ref[reg + lane + i] : 0xff);
            }
            g_assert_cmphex(qtest_inb(qts, CFC + lane), ==, ref[reg + lane]);
            g_assert_cmphex(qtest_inw(qts, CFC + lane), ==, w);
            g_assert_cmphex(qtest_inl(qts, CFC + lane), ==, l);
        }
    }

    /* Writes: a word at lane 3 and a dword at lane 1 change only what
     * is inside the dword (0xf0-0xf3 is storage). */
    qtest_outl(qts, CF8, cfg_addr(0, DEV_DEVFN, 0xf0));
    qtest_outl(qts, CFC, 0x03020100);
    qtest_outl(qts, CF8, cfg_addr(0, DEV_DEVFN, 0xf4));
    qtest_outl(qts, CFC, 0x07060504);
    qtest_outl(qts, CF8, cfg_addr(0, DEV_DEVFN, 0xf0));
    qtest_outw(qts, CFC + 3, 0xbbaa);
    read_bytes(qts, ref, 0xf0, 8);
    g_assert_cmpmem(ref, 8, "\x00\x01\x02\xaa\x04\x05\x06\x07", 8);
    qtest_outl(qts, CF8, cfg_addr(0, DEV_DEVFN, 0xf0));
    qtest_outl(qts, CFC + 1, 0xeeddccbb);
    read_bytes(qts, ref, 0xf0, 8);
    g_assert_cmpmem(ref, 8, "\x00\xbb\xcc\xdd\x04\x05\x06\x07", 8);
    qtest_outl(qts, CF8, cfg_addr(0, DEV_DEVFN, 0xf0));
    qtest_outb(qts, CFC + 2, 0x99);
    qtest_outw(qts, CFC + 1, 0x7788);
    read_bytes(qts, ref, 0xf0, 4);
    g_assert_cmpmem(ref, 4, "\x00\x88\x77\xdd", 4);
    /* The last dword of the space. */
    qtest_outl(qts, CF8, cfg_addr(0, DEV_DEVFN, 0xfc));
    qtest_outl(qts, CFC + 2, 0x11223344);
    read_bytes(qts, ref, 0xfc, 4);
    g_assert_cmpmem(ref + 2, 2, "\x44\x33", 2);

    /* A word write that straddles the command and status registers
     * changes the command register's writable bits only. */
    qtest_outl(qts, CF8, cfg_addr(0, DEV_DEVFN, PCI_COMMAND));
    qtest_outw(qts, CFC + 1, 0xffff);
    g_assert_cmphex(qpci_config_readl(dev, PCI_COMMAND), ==,
                    PCI_STATUS_CAP_LIST << 16 | 0x0500);

    qpci_free(bus);
    qtest_quit(qts);
}

/* ECAM and PCI Express */

static void test_ecam(void)
{
    QTestState *qts = qtest_initf(
        "-M none -m 16M "
        "-device corvid-test-pci-host,pcie=on,ecam-base=0x%llx,"
        "ecam-size=%llu "
        "-device corvid-test-pci-dev,addr=3,express=on,id=e "
        "-device corvid-test-pci-dev,addr=4,id=c",
        ECAM_BASE, ECAM_SIZE);
    QPCIBus *ecam = qpci_new_ecam(qts, ECAM_BASE);
    QPCIBus *cf8 = qpci_new_test_host(qts);
    QPCIDevice *e = qpci_device_find(ecam, 0, DEV_DEVFN);
    QPCIDevice *c = qpci_device_find(ecam, 0, QPCI_DEVFN(4, 0));
    QPCIDevice *e8 = qpci_device_find(cf8, 0, DEV_DEVFN);
    uint64_t fn_base = ECAM_BASE + ((uint64_t)DEV_DEVFN << 12);
    uint8_t exp, msi;
    uint16_t dsn;
    int reg;

    g_assert_nonnull(e);
    g_assert_nonnull(c);
    /* Both mechanisms reach the same registers. */
    for (reg = 0; reg < PCI_CONFIG_SPACE_SIZE; reg += 4) {
        g_assert_cmphex(qpci_config_readl(e, reg), ==,
                        qpci_config_readl(e8, reg));
    }
    qpci_config_writel(e8, 0xf8, 0xcafef00d);
    g_assert_cmphex(qpci_config_readl(e, 0xf8), ==, 0xcafef00d);

    /* The Express function: PCIe capability (endpoint, version 2), then
     * the extended list from 0x100 with the serial number. */
    exp = qpci_find_capability(e, PCI_CAP_ID_EXP, 0);
    g_assert_cmphex(exp, !=, 0);
    g_assert_cmphex(qpci_config_readw(e, exp + PCI_EXP_FLAGS), ==,
                    PCI_EXP_FLAGS_VER2 |
                    PCI_EXP_TYPE_ENDPOINT << PCI_EXP_FLAGS_TYPE_SHIFT);
    msi = qpci_find_capability(e, PCI_CAP_ID_MSI, 0);
    g_assert_cmphex(msi, !=, 0);
    dsn = qpci_find_ext_capability(e, PCI_EXT_CAP_ID_DSN);
    g_assert_cmphex(dsn, ==, PCI_CONFIG_SPACE_SIZE);
    g_assert_cmphex(qpci_config_readl(e, dsn), ==,
                    PCI_EXT_CAP(PCI_EXT_CAP_ID_DSN, PCI_DSN_VER, 0));
    g_assert_cmphex(qpci_config_readl(e, dsn + PCI_DSN_SERIAL), ==,
                    (uint32_t)CORVID_TEST_PCI_DSN);
    g_assert_cmphex(qpci_config_readl(e, dsn + PCI_DSN_SERIAL + 4), ==,
                    CORVID_TEST_PCI_DSN >> 32);
    g_assert_cmphex(qpci_find_ext_capability(e, PCI_EXT_CAP_ID_ERR), ==, 0);
    /* Read-only to the guest. */
    qpci_config_writel(e, dsn, 0);
    qpci_config_writel(e, dsn + PCI_DSN_SERIAL, 0);
    g_assert_cmphex(qpci_config_readl(e, dsn), ==,
                    PCI_EXT_CAP(PCI_EXT_CAP_ID_DSN, PCI_DSN_VER, 0));
    g_assert_cmphex(qpci_config_readl(e, dsn + PCI_DSN_SERIAL), ==,
                    (uint32_t)CORVID_TEST_PCI_DSN);
    /* The rest of the 4 KiB is there, storage like the device area. */
    qpci_config_writel(e, 0xffc, 0x55aa55aa);
    g_assert_cmphex(qpci_config_readl(e, 0xffc), ==, 0x55aa55aa);
    g_assert_cmphex(qpci_config_readw(e, 0xffe), ==, 0x55aa);

    /* A conventional function on the same bus has 256 bytes: beyond
     * them ECAM reads all-ones and writes are dropped. */
    g_assert_cmphex(qpci_find_capability(c, PCI_CAP_ID_EXP, 0), ==, 0);
    g_assert_cmphex(qpci_config_readl(c, 0x100), ==, 0xffffffff);
    g_assert_cmphex(qpci_config_readb(c, 0xfff), ==, 0xff);
    qpci_config_writel(c, 0x100, 0);
    g_assert_cmphex(qpci_config_readl(c, 0x100), ==, 0xffffffff);
    g_assert_cmphex(qpci_find_ext_capability(c, PCI_EXT_CAP_ID_DSN), ==, 0);

    /* No function, no bus: all-ones. */
    g_assert_cmphex(qtest_readl(qts, ECAM_BASE + (5 << 15)), ==,
                    0xffffffff);
    g_assert_cmphex(qtest_readl(qts, ECAM_BASE + (2 << 20)), ==,
                    0xffffffff);
    qtest_writel(qts, ECAM_BASE + (2 << 20), 0);

    /*
     * Wider or misaligned accesses reach ECAM as the aligned pieces of at
     * most a dword the memory core splits them into.
     */
    g_assert_cmphex(qtest_readq(qts, fn_base), ==,
                    qpci_config_readl(e, 0) |
                    (uint64_t)qpci_config_readl(e, 4) << 32);
    g_assert_cmphex(qtest_readl(qts, fn_base + 2), ==,
                    qpci_config_readw(e, 2) |
                    (uint32_t)qpci_config_readw(e, 4) << 16);
    g_assert_cmphex(qtest_readw(qts, fn_base + 1), ==,
                    qpci_config_readb(e, 1) |
                    qpci_config_readb(e, 2) << 8);
    qtest_writeq(qts, fn_base + 0xff8, 0x0123456789abcdefULL);
    g_assert_cmphex(qpci_config_readl(e, 0xff8), ==, 0x89abcdef);
    g_assert_cmphex(qpci_config_readl(e, 0xffc), ==, 0x01234567);
    qtest_writel(qts, fn_base + 0xffd, 0xffeeddcc);
    g_assert_cmphex(qpci_config_readl(e, 0xffc), ==, 0xeeddcc67);
    /* The last byte of the window ends the function's space; the rest
     * of a write beyond it belongs to the next function. */
    g_assert_cmphex(qtest_readl(qts, fn_base + 0x1000), ==, 0xffffffff);

    qpci_free(ecam);
    qpci_free(cf8);
    qtest_quit(qts);
}

/*
 * One access that changes the memory map half-way: a qword through ECAM
 * whose first dword turns memory decoding on (mapping a BAR) and whose
 * second moves that BAR.  Each half takes effect in order, and the
 * access finishes on the map as it now is.
 */
static void test_remap_during_access(void)
{
    QTestState *qts = qtest_initf(
        "-M none -m 16M "
        "-device corvid-test-pci-host,ecam-base=0x%llx,ecam-size=%llu "
        "-device corvid-test-pci-dev,addr=3,id=d",
        ECAM_BASE, ECAM_SIZE);
    uint64_t fn = ECAM_BASE + ((uint64_t)DEV_DEVFN << 12);
    uint64_t mem = CORVID_TEST_PCI_HOST_MMIO_BASE;
    int i;

    qtest_writel(qts, fn + PCI_BASE_ADDRESS_1, mem);
    for (i = 0; i < 4; i++) {
        /* COMMAND/STATUS, then BAR0 (I/O, unaffected by memory decode) */
        qtest_writeq(qts, fn + PCI_COMMAND,
                     (uint64_t)0xc001 << 32 | (i & 1 ? 0 : 2));
        /* BAR1 then BAR2 (64-bit RAM) in one access while decoding. */
        qtest_writeq(qts, fn + PCI_BASE_ADDRESS_1,
                     (uint64_t)(mem + 0x100000) << 32 | mem);
    }
    qtest_writel(qts, fn + PCI_COMMAND, PCI_COMMAND_MEMORY);
    g_assert_cmphex(qtest_readl(qts, mem + CORVID_TEST_PCI_REG_ID), ==,
                    CORVID_TEST_PCI_ID_MAGIC);
    /* Reads that span the change too: BAR1's register and the BAR. */
    g_assert_cmphex(qtest_readq(qts, fn + PCI_COMMAND) & 0xffff, ==,
                    PCI_COMMAND_MEMORY);
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    /* The test host and device exist in the test emulator only. */
    if (!qpci_have_test_host("/pci/config/skip")) {
        return g_test_run();
    }
    g_test_add_func("/pci/config/header", test_header);
    g_test_add_func("/pci/config/capabilities", test_capabilities);
    g_test_add_func("/pci/config/config-address", test_config_address);
    g_test_add_func("/pci/config/access-sizes", test_access_sizes);
    g_test_add_func("/pci/config/ecam", test_ecam);
    g_test_add_func("/pci/config/remap-during-access",
                    test_remap_during_access);
    return g_test_run();
}
