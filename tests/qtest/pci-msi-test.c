/*
 * Message signalled interrupts and bus mastering, from the guest's side:
 * MSI (32- and 64-bit, several vectors, per-vector masking with pending
 * bits) and MSI-X (table and PBA in a BAR, vector and function masks,
 * pending bits set while masked and the message sent on unmask), every
 * message being a memory write the test reads back from RAM; accesses
 * to the table and PBA of every size and alignment; Bus Master Enable
 * blocking DMA and messages; messages aimed back at the device.
 */
#include "util/osdep.h"
#include "libqpci.h"
#include "../testdev/pci-testdev-regs.h"

#define DEV_DEVFN QPCI_DEVFN(3, 0)
#define BAR_MEM CORVID_TEST_PCI_BAR_MEM
#define BAR_MEM64 CORVID_TEST_PCI_BAR_MEM64
#define BAR_MSIX CORVID_TEST_PCI_BAR_MSIX
#define MSG_BASE 0x10000        /* where messages land in RAM */
#define POISON 0xdeadbeef

typedef struct Fixture {
    QTestState *qts;
    QPCIBus *bus;
    QPCIDevice *dev;
} Fixture;

static void start(Fixture *f, const char *dev_opts)
{
    f->qts = qtest_initf("-M none -m 16M -device corvid-test-pci-host "
                         "-device corvid-test-pci-dev,addr=3%s%s",
                         dev_opts ? "," : "", dev_opts ? dev_opts : "");
    f->bus = qpci_new_test_host(f->qts);
    f->dev = qpci_device_find(f->bus, 0, DEV_DEVFN);
    g_assert_nonnull(f->dev);
    qpci_assign_resources(f->bus);
    qpci_device_enable(f->dev);
}

static void stop(Fixture *f)
{
    qpci_free(f->bus);
    qtest_quit(f->qts);
}

static void poison(Fixture *f, uint64_t addr, int n)
{
    int i;

    for (i = 0; i < n; i++) {
        qtest_writel(f->qts, addr + 4 * i, POISON);
    }
}

static uint32_t ram(Fixture *f, uint64_t addr)
{
    return qtest_readl(f->qts, addr);
}

static void fire_msi(Fixture *f, unsigned vector)
{
    qpci_bar_writel(f->dev, BAR_MEM, CORVID_TEST_PCI_REG_MSI_FIRE, vector);
}

static void fire_msix(Fixture *f, unsigned vector)
{
    qpci_bar_writel(f->dev, BAR_MEM, CORVID_TEST_PCI_REG_MSIX_FIRE, vector);
}

/* MSI */

static void test_msi_64(void)
{
    Fixture f;
    uint64_t ram64;
    uint8_t cap;

    start(&f, "msix-vectors=0");
    cap = qpci_find_capability(f.dev, PCI_CAP_ID_MSI, 0);

    /* Disabled: nothing is sent. */
    poison(&f, MSG_BASE, 1);
    fire_msi(&f, 0);
    g_assert_cmphex(ram(&f, MSG_BASE), ==, POISON);

    /* Four vectors granted: the vector number in the data's low bits,
     * written as a dword whose upper half is 0. */
    qpci_msi_enable(f.dev, MSG_BASE, 0x4560, 4);
    fire_msi(&f, 0);
    g_assert_cmphex(ram(&f, MSG_BASE), ==, 0x4560);
    fire_msi(&f, 3);
    g_assert_cmphex(ram(&f, MSG_BASE), ==, 0x4563);
    qpci_msi_enable(f.dev, MSG_BASE, 0xffff, 4);
    fire_msi(&f, 1);
    g_assert_cmphex(ram(&f, MSG_BASE), ==, 0xfffd);

    /* Fewer granted than asked for: the vector folds onto those. */
    qpci_msi_enable(f.dev, MSG_BASE, 0x4560, 2);
    fire_msi(&f, 3);
    g_assert_cmphex(ram(&f, MSG_BASE), ==, 0x4561);
    qpci_msi_enable(f.dev, MSG_BASE, 0x4560, 1);
    fire_msi(&f, 3);
    g_assert_cmphex(ram(&f, MSG_BASE), ==, 0x4560);

    /* More granted than asked for is clamped to what was asked. */
    qpci_config_writew(f.dev, cap + PCI_MSI_FLAGS,
                       PCI_MSI_FLAGS_ENABLE | PCI_MSI_FLAGS_QSIZE);
    g_assert_cmphex(qpci_config_readw(f.dev, cap + PCI_MSI_FLAGS) &
                    PCI_MSI_FLAGS_QSIZE, ==, 2 << PCI_MSI_FLAGS_QSIZE_SHIFT);

    /* A 64-bit address: the device's own RAM BAR in the 64-bit window. */
    ram64 = f.dev->bars[BAR_MEM64].addr;
    g_assert_cmphex(ram64 >> 32, !=, 0);
    qpci_msi_enable(f.dev, ram64 + 0x40, 0x1234, 4);
    g_assert_cmphex(qpci_config_readl(f.dev, cap + PCI_MSI_ADDRESS_HI), ==,
                    ram64 >> 32);
    fire_msi(&f, 2);
    g_assert_cmphex(qpci_bar_readl(f.dev, BAR_MEM64, 0x40), ==, 0x1236);

    /* The address's low two bits are reserved: a dword-aligned write. */
    qpci_config_writel(f.dev, cap + PCI_MSI_ADDRESS_LO, MSG_BASE + 3);
    qpci_config_writel(f.dev, cap + PCI_MSI_ADDRESS_HI, 0);
    g_assert_cmphex(qpci_config_readl(f.dev, cap + PCI_MSI_ADDRESS_LO), ==,
                    MSG_BASE);

    /* Disabled again: nothing. */
    qpci_msi_disable(f.dev);
    poison(&f, MSG_BASE, 1);
    fire_msi(&f, 0);
    g_assert_cmphex(ram(&f, MSG_BASE), ==, POISON);
    stop(&f);
}

static void test_msi_32(void)
{
    Fixture f;
    uint8_t cap;

    start(&f, "msix-vectors=0,msi-64bit=off,msi-vectors=1");
    cap = qpci_find_capability(f.dev, PCI_CAP_ID_MSI, 0);
    g_assert_cmphex(qpci_config_readw(f.dev, cap + PCI_MSI_FLAGS), ==,
                    PCI_MSI_FLAGS_MASKBIT);
    qpci_msi_enable(f.dev, MSG_BASE + 8, 0xbeef, 1);
    /* 32-bit layout: data at 8, mask at 0x0c. */
    g_assert_cmphex(qpci_config_readw(f.dev, cap + PCI_MSI_DATA_32), ==,
                    0xbeef);
    poison(&f, MSG_BASE, 4);
    fire_msi(&f, 0);
    g_assert_cmphex(ram(&f, MSG_BASE + 8), ==, 0xbeef);
    g_assert_cmphex(ram(&f, MSG_BASE + 4), ==, POISON);
    g_assert_cmphex(ram(&f, MSG_BASE + 12), ==, POISON);
    /* One vector: one mask bit, the others read-only 0. */
    qpci_msi_set_mask(f.dev, 0xffffffff);
    g_assert_cmphex(qpci_msi_get_mask(f.dev), ==, 1);
    /* The vector requests nothing else: 0x0a bytes without masking. */
    stop(&f);

    start(&f, "msix-vectors=0,msi-64bit=off,msi-mask=off,msi-vectors=32");
    cap = qpci_find_capability(f.dev, PCI_CAP_ID_MSI, 0);
    g_assert_cmphex(qpci_config_readw(f.dev, cap + PCI_MSI_FLAGS), ==,
                    5 << PCI_MSI_FLAGS_QMASK_SHIFT);
    qpci_msi_enable(f.dev, MSG_BASE, 0x20, 32);
    fire_msi(&f, 31);
    g_assert_cmphex(ram(&f, MSG_BASE), ==, 0x3f);
    stop(&f);
}

static void test_msi_mask(void)
{
    Fixture f;

    start(&f, "msix-vectors=0");
    qpci_msi_enable(f.dev, MSG_BASE, 0x100, 4);
    g_assert_cmphex(qpci_msi_get_mask(f.dev), ==, 0);
    /* Only the four vectors' bits exist; pending is read-only. */
    qpci_msi_set_mask(f.dev, 0xffffffff);
    g_assert_cmphex(qpci_msi_get_mask(f.dev), ==, 0xf);
    qpci_config_writel(f.dev, qpci_find_capability(f.dev, PCI_CAP_ID_MSI, 0)
                       + PCI_MSI_PENDING_64, 0xffffffff);
    g_assert_cmphex(qpci_msi_get_pending(f.dev), ==, 0);

    /* Masked: held as pending, sent once unmasked, in vector order. */
    poison(&f, MSG_BASE, 1);
    fire_msi(&f, 1);
    fire_msi(&f, 2);
    g_assert_cmphex(ram(&f, MSG_BASE), ==, POISON);
    g_assert_cmphex(qpci_msi_get_pending(f.dev), ==, 0x6);
    qpci_msi_set_mask(f.dev, 0xb);
    g_assert_cmphex(ram(&f, MSG_BASE), ==, 0x102);
    g_assert_cmphex(qpci_msi_get_pending(f.dev), ==, 0x2);
    /* Unmasked while disabled: nothing yet; enabling sends it. */
    qpci_msi_disable(f.dev);
    poison(&f, MSG_BASE, 1);
    qpci_msi_set_mask(f.dev, 0);
    g_assert_cmphex(ram(&f, MSG_BASE), ==, POISON);
    g_assert_cmphex(qpci_msi_get_pending(f.dev), ==, 0x2);
    qpci_msi_enable(f.dev, MSG_BASE, 0x100, 4);
    g_assert_cmphex(ram(&f, MSG_BASE), ==, 0x101);
    g_assert_cmphex(qpci_msi_get_pending(f.dev), ==, 0);
    /* Unmasked vectors go at once. */
    fire_msi(&f, 3);
    g_assert_cmphex(ram(&f, MSG_BASE), ==, 0x103);
    g_assert_cmphex(qpci_msi_get_pending(f.dev), ==, 0);

    /* A system reset puts MSI back to its reset state. */
    qpci_msi_set_mask(f.dev, 0x1);
    fire_msi(&f, 0);
    g_assert_cmphex(qpci_msi_get_pending(f.dev), ==, 1);
    qtest_qmp_assert_success(f.qts, "{'execute': 'system_reset'}");
    g_assert_cmphex(qpci_msi_get_mask(f.dev), ==, 0);
    g_assert_cmphex(qpci_msi_get_pending(f.dev), ==, 0);
    g_assert_cmphex(qpci_config_readw(f.dev, qpci_find_capability(
                        f.dev, PCI_CAP_ID_MSI, 0) + PCI_MSI_FLAGS), ==,
                    PCI_MSI_FLAGS_64BIT | PCI_MSI_FLAGS_MASKBIT |
                    2 << PCI_MSI_FLAGS_QMASK_SHIFT);
    stop(&f);
}

/* MSI-X */

static void msix_program(Fixture *f, unsigned n)
{
    unsigned v;

    for (v = 0; v < n; v++) {
        qpci_msix_set_vector(f->dev, v, MSG_BASE + 16 * v, 0xa0 + v);
    }
}

static void test_msix_deliver(void)
{
    Fixture f;
    unsigned v;

    start(&f, NULL);
    g_assert_cmpuint(qpci_msix_init(f.dev), ==, 8);
    g_assert_cmpuint(f.dev->msix_table_bar, ==, BAR_MSIX);
    g_assert_cmphex(f.dev->msix_pba_off, ==, CORVID_TEST_PCI_MSIX_PBA_OFFSET);
    poison(&f, MSG_BASE, 32);
    msix_program(&f, 8);

    /* Vectors start masked, MSI-X disabled: a notification is dropped,
     * not held (the function would use INTx). */
    for (v = 0; v < 8; v++) {
        g_assert_true(qpci_msix_vector_masked(f.dev, v));
    }
    fire_msix(&f, 0);
    g_assert_false(qpci_msix_pending(f.dev, 0));

    qpci_msix_enable(f.dev);
    for (v = 0; v < 8; v++) {
        qpci_msix_mask_vector(f.dev, v, false);
    }
    for (v = 0; v < 8; v++) {
        fire_msix(&f, v);
        g_assert_cmphex(ram(&f, MSG_BASE + 16 * v), ==, 0xa0 + v);
        g_assert_false(qpci_msix_pending(f.dev, v));
    }
    g_assert_cmphex(ram(&f, MSG_BASE + 4), ==, POISON);
    /* Vectors that do not exist: nothing. */
    fire_msix(&f, 8);
    fire_msix(&f, 0xffffffff);
    g_assert_cmphex(qtest_readl(f.qts, qpci_msix_pba_addr(f.dev, 0)), ==, 0);

    /* Disabled: dropped, nothing pending. */
    qpci_msix_disable(f.dev);
    poison(&f, MSG_BASE, 1);
    fire_msix(&f, 0);
    g_assert_cmphex(ram(&f, MSG_BASE), ==, POISON);
    g_assert_false(qpci_msix_pending(f.dev, 0));
    stop(&f);
}

static void test_msix_mask(void)
{
    Fixture f;

    start(&f, NULL);
    qpci_msix_init(f.dev);
    msix_program(&f, 8);
    qpci_msix_enable(f.dev);
    poison(&f, MSG_BASE, 32);

    /* Vector mask: pending while masked; on unmask the message goes,
     * to the address the entry holds then. */
    fire_msix(&f, 2);
    g_assert_true(qpci_msix_pending(f.dev, 2));
    g_assert_cmphex(ram(&f, MSG_BASE + 32), ==, POISON);
    fire_msix(&f, 2);
    qpci_msix_set_vector(f.dev, 2, MSG_BASE + 0x100, 0x222);
    qpci_msix_mask_vector(f.dev, 2, false);
    g_assert_false(qpci_msix_pending(f.dev, 2));
    g_assert_cmphex(ram(&f, MSG_BASE + 0x100), ==, 0x222);
    g_assert_cmphex(ram(&f, MSG_BASE + 32), ==, POISON);

    /* Function mask: every vector held, each sent when it is lifted. */
    qpci_msix_mask_vector(f.dev, 3, false);
    qpci_msix_mask_vector(f.dev, 5, false);
    qpci_msix_set_function_mask(f.dev, true);
    g_assert_false(qpci_msix_vector_masked(f.dev, 3));
    fire_msix(&f, 3);
    fire_msix(&f, 5);
    fire_msix(&f, 6);
    g_assert_cmphex(qtest_readl(f.qts, qpci_msix_pba_addr(f.dev, 0)), ==,
                    0x68);
    g_assert_cmphex(ram(&f, MSG_BASE + 48), ==, POISON);
    qpci_msix_set_function_mask(f.dev, false);
    g_assert_cmphex(ram(&f, MSG_BASE + 48), ==, 0xa3);
    g_assert_cmphex(ram(&f, MSG_BASE + 80), ==, 0xa5);
    /* Vector 6 is still masked by itself. */
    g_assert_cmphex(ram(&f, MSG_BASE + 96), ==, POISON);
    g_assert_cmphex(qtest_readl(f.qts, qpci_msix_pba_addr(f.dev, 0)), ==,
                    0x40);

    /* Pending survives disabling; enabling with the vector unmasked
     * sends it. */
    qpci_msix_disable(f.dev);
    qpci_msix_mask_vector(f.dev, 6, false);
    g_assert_true(qpci_msix_pending(f.dev, 6));
    g_assert_cmphex(ram(&f, MSG_BASE + 96), ==, POISON);
    qpci_msix_enable(f.dev);
    g_assert_cmphex(ram(&f, MSG_BASE + 96), ==, 0xa6);
    g_assert_false(qpci_msix_pending(f.dev, 6));

    /* A system reset: disabled, every vector masked, nothing pending,
     * the table cleared. */
    qpci_msix_mask_vector(f.dev, 1, true);
    fire_msix(&f, 1);
    g_assert_true(qpci_msix_pending(f.dev, 1));
    qtest_qmp_assert_success(f.qts, "{'execute': 'system_reset'}");
    qpci_assign_resources(f.bus);
    qpci_device_enable(f.dev);
    g_assert_cmphex(qpci_config_readw(f.dev, f.dev->msix_cap +
                                      PCI_MSIX_FLAGS), ==, 7);
    g_assert_true(qpci_msix_vector_masked(f.dev, 0));
    g_assert_false(qpci_msix_pending(f.dev, 1));
    g_assert_cmphex(qtest_readl(f.qts, qpci_msix_entry_addr(f.dev, 1)), ==,
                    0);
    stop(&f);
}

/* Every access size at every alignment to the table and the PBA. */
static void test_msix_access_sizes(void)
{
    Fixture f;
    uint64_t e1, pba, bar;
    unsigned off;

    start(&f, NULL);
    qpci_msix_init(f.dev);
    e1 = qpci_msix_entry_addr(f.dev, 1);
    pba = qpci_msix_pba_addr(f.dev, 0);
    bar = f.dev->bars[BAR_MSIX].addr;
    qpci_msix_set_vector(f.dev, 1, 0x1122334455667788ULL, 0x99aabbcc);

    /* Dwords and qwords, aligned: the entry's fields. */
    g_assert_cmphex(qtest_readl(f.qts, e1), ==, 0x55667788);
    g_assert_cmphex(qtest_readl(f.qts, e1 + 4), ==, 0x11223344);
    g_assert_cmphex(qtest_readq(f.qts, e1), ==, 0x1122334455667788ULL);
    g_assert_cmphex(qtest_readq(f.qts, e1 + 8), ==, 0x0000000199aabbccULL);
    qtest_writeq(f.qts, e1, 0x0000000000002000ULL);
    g_assert_cmphex(qtest_readl(f.qts, e1 + 4), ==, 0);
    g_assert_cmphex(qtest_readl(f.qts, e1), ==, 0x2000);
    /* Address bits 1:0 and vector control bits 31:1 read as 0. */
    qtest_writel(f.qts, e1, 0x2003);
    qtest_writel(f.qts, e1 + 12, 0xfffffffe);
    g_assert_cmphex(qtest_readl(f.qts, e1), ==, 0x2000);
    g_assert_cmphex(qtest_readl(f.qts, e1 + 12), ==, 0);
    qtest_writel(f.qts, e1 + 12, 0xffffffff);
    g_assert_cmphex(qtest_readl(f.qts, e1 + 12), ==, 1);

    /* Bytes, words and misaligned dwords are not table accesses: reads
     * give all-ones, writes change nothing. */
    for (off = 0; off < 16; off++) {
        g_assert_cmphex(qtest_readb(f.qts, e1 + off), ==, 0xff);
        qtest_writeb(f.qts, e1 + off, 0);
        if (!(off & 1)) {
            g_assert_cmphex(qtest_readw(f.qts, e1 + off), ==, 0xffff);
            qtest_writew(f.qts, e1 + off, 0);
        }
        if (off & 3) {
            g_assert_cmphex(qtest_readl(f.qts, e1 + off), ==, 0xffffffff);
            qtest_writel(f.qts, e1 + off, 0);
        }
    }
    g_assert_cmphex(qtest_readl(f.qts, e1), ==, 0x2000);
    g_assert_cmphex(qtest_readl(f.qts, e1 + 8), ==, 0x99aabbcc);
    g_assert_cmphex(qtest_readl(f.qts, e1 + 12), ==, 1);
    /* A qword at a dword boundary is two dword accesses. */
    qtest_writeq(f.qts, e1 + 4, 0x0000abcd00000000ULL);
    g_assert_cmphex(qtest_readq(f.qts, e1 + 4), ==, 0x0000abcd00000000ULL);
    g_assert_cmphex(qtest_readl(f.qts, e1 + 8), ==, 0xabcd);

    /* The PBA: dword and qword reads; writes are ignored. */
    qpci_msix_enable(f.dev);
    fire_msix(&f, 1);
    fire_msix(&f, 7);
    g_assert_cmphex(qtest_readl(f.qts, pba), ==, 0x82);
    g_assert_cmphex(qtest_readq(f.qts, pba), ==, 0x82);
    qtest_writel(f.qts, pba, 0);
    qtest_writeq(f.qts, pba, 0);
    qtest_writeb(f.qts, pba, 0);
    g_assert_cmphex(qtest_readl(f.qts, pba), ==, 0x82);
    g_assert_cmphex(qtest_readb(f.qts, pba), ==, 0xff);
    g_assert_cmphex(qtest_readl(f.qts, pba + 2), ==, 0xffffffff);
    /* The rest of the PBA's qword reads 0. */
    g_assert_cmphex(qtest_readl(f.qts, pba + 4), ==, 0);

    /* Between the table and the PBA, and after the PBA, nothing. */
    g_assert_cmphex(qtest_readl(f.qts, bar + 8 * 16), ==, 0);
    qtest_writel(f.qts, bar + 8 * 16, 0x1234);
    g_assert_cmphex(qtest_readl(f.qts, bar + CORVID_TEST_PCI_MSIX_PBA_OFFSET
                                + 8), ==, 0);
    g_assert_cmphex(qtest_readl(f.qts, bar + CORVID_TEST_PCI_MSIX_BAR_SIZE
                                - 4), ==, 0);
    stop(&f);
}

static void test_msix_many(void)
{
    Fixture f;

    /* 2048 vectors: a 64 KiB BAR, the PBA at 32 KiB. */
    start(&f, "msix-vectors=2048");
    g_assert_cmpuint(qpci_msix_init(f.dev), ==, 2048);
    g_assert_cmpuint(f.dev->bars[BAR_MSIX].size, ==, 64 * KiB);
    g_assert_cmphex(f.dev->msix_pba_off, ==, 32 * KiB);
    qpci_msix_set_vector(f.dev, 2047, MSG_BASE, 0x7ff);
    qpci_msix_enable(f.dev);
    fire_msix(&f, 2047);
    g_assert_true(qpci_msix_pending(f.dev, 2047));
    g_assert_cmphex(qtest_readl(f.qts, qpci_msix_pba_addr(f.dev, 2047)), ==,
                    0x80000000);
    qpci_msix_mask_vector(f.dev, 2047, false);
    g_assert_cmphex(ram(&f, MSG_BASE), ==, 0x7ff);
    stop(&f);
}

/* Bus mastering */

static uint32_t dma(Fixture *f, uint64_t src, uint64_t dst, uint32_t len)
{
    qpci_bar_writel(f->dev, BAR_MEM, CORVID_TEST_PCI_REG_DMA_SRC_LO, src);
    qpci_bar_writel(f->dev, BAR_MEM, CORVID_TEST_PCI_REG_DMA_SRC_HI,
                    src >> 32);
    qpci_bar_writel(f->dev, BAR_MEM, CORVID_TEST_PCI_REG_DMA_DST_LO, dst);
    qpci_bar_writel(f->dev, BAR_MEM, CORVID_TEST_PCI_REG_DMA_DST_HI,
                    dst >> 32);
    qpci_bar_writel(f->dev, BAR_MEM, CORVID_TEST_PCI_REG_DMA_LEN, len);
    qpci_bar_writel(f->dev, BAR_MEM, CORVID_TEST_PCI_REG_DMA_CMD,
                    CORVID_TEST_PCI_DMA_CMD_GO);
    return qpci_bar_readl(f->dev, BAR_MEM, CORVID_TEST_PCI_REG_DMA_STATUS);
}

static void test_bus_master(void)
{
    Fixture f;
    uint8_t buf[64], out[64];
    size_t i;

    start(&f, NULL);
    for (i = 0; i < sizeof(buf); i++) {
        buf[i] = i ^ 0x5c;
    }
    qtest_memwrite(f.qts, 0x20000, buf, sizeof(buf));
    qtest_memset(f.qts, 0x30000, 0, sizeof(buf));

    /* Mastering on: the copy goes through. */
    g_assert_cmphex(dma(&f, 0x20000, 0x30000, sizeof(buf)), ==,
                    CORVID_TEST_PCI_DMA_DONE);
    qtest_memread(f.qts, 0x30000, out, sizeof(out));
    g_assert_cmpmem(out, sizeof(out), buf, sizeof(buf));

    /* Off: neither the read nor the write reaches memory. */
    qtest_memset(f.qts, 0x30000, 0, sizeof(buf));
    qpci_set_command(f.dev, 0, PCI_COMMAND_MASTER);
    g_assert_cmphex(dma(&f, 0x20000, 0x30000, sizeof(buf)), ==,
                    CORVID_TEST_PCI_DMA_DONE | CORVID_TEST_PCI_DMA_ERROR);
    g_assert_cmphex(qtest_readq(f.qts, 0x30000), ==, 0);

    /* ... and neither do MSI and MSI-X messages, which are not held. */
    qpci_msi_enable(f.dev, MSG_BASE, 0x55, 1);
    qpci_msix_init(f.dev);
    qpci_msix_set_vector(f.dev, 0, MSG_BASE + 16, 0x66);
    qpci_msix_mask_vector(f.dev, 0, false);
    qpci_msix_enable(f.dev);
    poison(&f, MSG_BASE, 8);
    fire_msi(&f, 0);
    fire_msix(&f, 0);
    g_assert_cmphex(ram(&f, MSG_BASE), ==, POISON);
    g_assert_cmphex(ram(&f, MSG_BASE + 16), ==, POISON);
    g_assert_false(qpci_msix_pending(f.dev, 0));
    g_assert_cmphex(qpci_msi_get_pending(f.dev), ==, 0);

    /* On again. */
    qpci_set_command(f.dev, PCI_COMMAND_MASTER, 0);
    fire_msi(&f, 0);
    fire_msix(&f, 0);
    g_assert_cmphex(ram(&f, MSG_BASE), ==, 0x55);
    g_assert_cmphex(ram(&f, MSG_BASE + 16), ==, 0x66);
    g_assert_cmphex(dma(&f, 0x20000, 0x30000, 16), ==,
                    CORVID_TEST_PCI_DMA_DONE);
    g_assert_cmphex(qtest_readl(f.qts, 0x30000), ==, 0x5f5e5d5c);

    /* Lengths the engine refuses, and memory that is not there. */
    g_assert_cmphex(dma(&f, 0x20000, 0x30000, 0), ==,
                    CORVID_TEST_PCI_DMA_DONE | CORVID_TEST_PCI_DMA_BAD_LEN);
    g_assert_cmphex(dma(&f, 0x20000, 0x30000, 0xffffffff), ==,
                    CORVID_TEST_PCI_DMA_DONE | CORVID_TEST_PCI_DMA_BAD_LEN);
    g_assert_cmphex(dma(&f, 0xfffffffffffff000ULL, 0x30000, 0x2000), ==,
                    CORVID_TEST_PCI_DMA_DONE | CORVID_TEST_PCI_DMA_ERROR);
    stop(&f);
}

/*
 * Messages and DMA aimed at the device itself: a message that fires
 * another message, a copy into its own registers.  Delivery stops
 * nesting after a few levels; the device keeps working.
 */
static void test_loopback(void)
{
    Fixture f;
    uint64_t regs;

    start(&f, NULL);
    regs = f.dev->bars[BAR_MEM].addr;
    qpci_msix_init(f.dev);
    qpci_msix_set_vector(f.dev, 0, regs + CORVID_TEST_PCI_REG_MSIX_FIRE, 0);
    qpci_msix_mask_vector(f.dev, 0, false);
    qpci_msix_set_vector(f.dev, 1, regs + CORVID_TEST_PCI_REG_MSI_FIRE, 0);
    qpci_msix_mask_vector(f.dev, 1, false);
    qpci_msix_enable(f.dev);
    qpci_msi_enable(f.dev, regs + CORVID_TEST_PCI_REG_MSIX_FIRE, 1, 1);
    fire_msix(&f, 0);
    fire_msix(&f, 1);
    fire_msi(&f, 0);
    /* A message into the table itself rewrites the entry's data. */
    qpci_msix_set_vector(f.dev, 2, qpci_msix_entry_addr(f.dev, 2) + 8, 0x77);
    qpci_msix_mask_vector(f.dev, 2, false);
    fire_msix(&f, 2);
    g_assert_cmphex(qtest_readl(f.qts, qpci_msix_entry_addr(f.dev, 2) + 8),
                    ==, 0x77);

    /* DMA from and into its own registers. */
    qpci_bar_writel(f.dev, BAR_MEM, CORVID_TEST_PCI_REG_SCRATCH, 0x1234);
    g_assert_cmphex(dma(&f, regs + CORVID_TEST_PCI_REG_SCRATCH,
                        MSG_BASE, 4), ==, CORVID_TEST_PCI_DMA_DONE);
    g_assert_cmphex(ram(&f, MSG_BASE), ==, 0x1234);
    dma(&f, MSG_BASE, regs + CORVID_TEST_PCI_REG_DMA_CMD, 4);

    qpci_msi_disable(f.dev);
    qpci_msix_set_vector(f.dev, 0, MSG_BASE, 0x42);
    fire_msix(&f, 0);
    g_assert_cmphex(ram(&f, MSG_BASE), ==, 0x42);
    g_assert_cmphex(qpci_bar_readl(f.dev, BAR_MEM, CORVID_TEST_PCI_REG_ID),
                    ==, CORVID_TEST_PCI_ID_MAGIC);
    stop(&f);
}

/*
 * Bus mastering turned off by the device's own DMA: a copy into its
 * configuration space through ECAM whose first dword clears Bus Master
 * Enable.  The copy ends, the command register holds what was copied,
 * and the device masters again once the guest re-enables it.
 */
static void test_master_off_during_dma(void)
{
    Fixture f;
    uint64_t ecam = 0xb0000000ULL;
    uint64_t fn = ecam + ((uint64_t)DEV_DEVFN << 12);
    uint8_t src[16] = { 0x02, 0x00, 0x00, 0x00 };
    uint32_t status;

    f.qts = qtest_initf("-M none -m 16M -device corvid-test-pci-host,"
                        "ecam-base=0x%llx,ecam-size=16M "
                        "-device corvid-test-pci-dev,addr=3",
                        (unsigned long long)ecam);
    f.bus = qpci_new_test_host(f.qts);
    f.dev = qpci_device_find(f.bus, 0, DEV_DEVFN);
    qpci_assign_resources(f.bus);
    qpci_device_enable(f.dev);
    /* Command = memory only, then 12 more bytes over status, class,
     * header type and BAR0. */
    qtest_memwrite(f.qts, 0x20000, src, sizeof(src));
    status = dma(&f, 0x20000, fn + PCI_COMMAND, sizeof(src));
    g_assert_cmphex(status & CORVID_TEST_PCI_DMA_DONE, ==,
                    CORVID_TEST_PCI_DMA_DONE);
    g_assert_cmphex(qpci_config_readw(f.dev, PCI_COMMAND), ==,
                    PCI_COMMAND_MEMORY);
    g_assert_cmphex(qpci_config_readw(f.dev, PCI_VENDOR_ID), ==,
                    CORVID_TEST_PCI_VENDOR_ID);
    /* Mastering off: the next copy fails. */
    g_assert_cmphex(dma(&f, 0x20000, 0x30000, 4), ==,
                    CORVID_TEST_PCI_DMA_DONE | CORVID_TEST_PCI_DMA_ERROR);
    qpci_device_enable(f.dev);
    g_assert_cmphex(dma(&f, 0x20000, 0x30000, 4), ==,
                    CORVID_TEST_PCI_DMA_DONE);
    stop(&f);
}

static void test_skip(void)
{
    qtest_require_device("corvid-test-pci-host");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    if (!qtest_has_device("corvid-test-pci-host")) {
        g_test_add_func("/pci/msi/skip", test_skip);
        return g_test_run();
    }
    g_test_add_func("/pci/msi/msi-64", test_msi_64);
    g_test_add_func("/pci/msi/msi-32", test_msi_32);
    g_test_add_func("/pci/msi/msi-mask", test_msi_mask);
    g_test_add_func("/pci/msi/msix-deliver", test_msix_deliver);
    g_test_add_func("/pci/msi/msix-mask", test_msix_mask);
    g_test_add_func("/pci/msi/msix-access-sizes", test_msix_access_sizes);
    g_test_add_func("/pci/msi/msix-many", test_msix_many);
    g_test_add_func("/pci/msi/bus-master", test_bus_master);
    g_test_add_func("/pci/msi/loopback", test_loopback);
    g_test_add_func("/pci/msi/master-off-during-dma",
                    test_master_off_during_dma);
    return g_test_run();
}
