/*
 * PCI base address registers as a guest programs them: sizing (I/O,
 * 32-bit, 64-bit prefetchable, the expansion ROM), assignment from the
 * host's windows, decoding switched by the command register, BARs
 * moved while decoding, and the addresses a BAR is never mapped at
 * (0, wrapping, ending at the top: the rules qemu-system-x86_64 7.2
 * applies, checked there with pci-testdev and ivshmem), overlapping
 * BARs and random writes to the BAR registers.
 */
#include "util/osdep.h"
#include "libqpci.h"
#include "../testdev/pci-testdev-regs.h"

#define DEV_DEVFN QPCI_DEVFN(3, 0)
#define DEV2_DEVFN QPCI_DEVFN(4, 0)
#define BAR_IO CORVID_TEST_PCI_BAR_IO
#define BAR_MEM CORVID_TEST_PCI_BAR_MEM
#define BAR_MEM64 CORVID_TEST_PCI_BAR_MEM64
#define BAR_MSIX CORVID_TEST_PCI_BAR_MSIX
#define REG_ID CORVID_TEST_PCI_REG_ID
#define REG_SCRATCH CORVID_TEST_PCI_REG_SCRATCH
#define MAGIC CORVID_TEST_PCI_ID_MAGIC

static QTestState *start(const char *extra, QPCIBus **bus, QPCIDevice **dev)
{
    QTestState *qts = qtest_initf("-M none -m 16M "
                                  "-device corvid-test-pci-host "
                                  "-device corvid-test-pci-dev,addr=3,id=d "
                                  "%s", extra ? extra : "");

    *bus = qpci_new_test_host(qts);
    *dev = qpci_device_find(*bus, 0, DEV_DEVFN);
    g_assert_nonnull(*dev);
    return qts;
}

/* What the register reads after all-ones is written (then restored). */
static uint32_t size_pattern(QPCIDevice *dev, uint16_t reg)
{
    uint32_t old = qpci_config_readl(dev, reg), v;

    qpci_config_writel(dev, reg, 0xffffffff);
    v = qpci_config_readl(dev, reg);
    qpci_config_writel(dev, reg, old);
    return v;
}

static void test_sizing(void)
{
    QPCIBus *bus;
    QPCIDevice *dev;
    QTestState *qts = start(NULL, &bus, &dev);

    /* The raw patterns [PCI] 6.2.5.1 describes. */
    g_assert_cmphex(qpci_config_readl(dev, PCI_BASE_ADDRESS_0), ==,
                    PCI_BASE_ADDRESS_SPACE_IO);
    g_assert_cmphex(qpci_config_readl(dev, PCI_BASE_ADDRESS_2), ==,
                    PCI_BASE_ADDRESS_MEM_TYPE_64 |
                    PCI_BASE_ADDRESS_MEM_PREFETCH);
    g_assert_cmphex(size_pattern(dev, PCI_BASE_ADDRESS_0), ==, 0xffffffc1);
    g_assert_cmphex(size_pattern(dev, PCI_BASE_ADDRESS_1), ==, 0xfffff000);
    g_assert_cmphex(size_pattern(dev, PCI_BASE_ADDRESS_2), ==, 0xfff0000c);
    g_assert_cmphex(size_pattern(dev, PCI_BASE_ADDRESS_3), ==, 0xffffffff);
    g_assert_cmphex(size_pattern(dev, PCI_BASE_ADDRESS_4), ==, 0xfffff000);
    g_assert_cmphex(size_pattern(dev, PCI_BASE_ADDRESS_5), ==, 0);
    g_assert_cmphex(size_pattern(dev, PCI_ROM_ADDRESS), ==, 0);
    /* Restored. */
    g_assert_cmphex(qpci_config_readl(dev, PCI_BASE_ADDRESS_3), ==, 0);

    /* The library's decoding of them. */
    g_assert_cmpuint(qpci_bar_probe(dev, BAR_IO), ==,
                     CORVID_TEST_PCI_IO_SIZE);
    g_assert_true(dev->bars[BAR_IO].io);
    g_assert_cmpuint(qpci_bar_probe(dev, BAR_MEM), ==,
                     CORVID_TEST_PCI_MEM_SIZE);
    g_assert_false(dev->bars[BAR_MEM].io);
    g_assert_false(dev->bars[BAR_MEM].is64);
    g_assert_false(dev->bars[BAR_MEM].prefetch);
    g_assert_cmpuint(qpci_bar_probe(dev, BAR_MEM64), ==,
                     CORVID_TEST_PCI_MEM64_SIZE);
    g_assert_true(dev->bars[BAR_MEM64].is64);
    g_assert_true(dev->bars[BAR_MEM64].prefetch);
    g_assert_cmpuint(qpci_bar_probe(dev, BAR_MSIX), ==,
                     CORVID_TEST_PCI_MSIX_BAR_SIZE);
    g_assert_cmpuint(qpci_bar_probe(dev, 5), ==, 0);
    g_assert_cmpuint(qpci_bar_probe(dev, QPCI_ROM_BAR), ==, 0);
    qpci_free(bus);
    qtest_quit(qts);

    /* A BAR larger than 4 GiB has address bits in the upper register
     * that do not take all-ones. */
    qts = qtest_init("-M none -device corvid-test-pci-host "
                     "-device corvid-test-pci-dev,addr=3,io-bar=off,"
                     "mem-bar=off,mem64-size=8G,msix-vectors=0");
    bus = qpci_new_test_host(qts);
    dev = qpci_device_find(bus, 0, DEV_DEVFN);
    g_assert_cmphex(size_pattern(dev, PCI_BASE_ADDRESS_0), ==, 0);
    g_assert_cmphex(size_pattern(dev, PCI_BASE_ADDRESS_2), ==, 0x0000000c);
    g_assert_cmphex(size_pattern(dev, PCI_BASE_ADDRESS_3), ==, 0xfffffffe);
    g_assert_cmpuint(qpci_bar_probe(dev, BAR_MEM64), ==, 8 * GiB);
    qpci_free(bus);
    qtest_quit(qts);
}

static void test_decode(void)
{
    QPCIBus *bus;
    QPCIDevice *dev;
    QTestState *qts = start(NULL, &bus, &dev);
    uint64_t io, mem, mem64, moved;

    io = qpci_bar_assign(dev, BAR_IO);
    mem = qpci_bar_assign(dev, BAR_MEM);
    mem64 = qpci_bar_assign(dev, BAR_MEM64);
    g_assert_cmphex(io, >=, CORVID_TEST_PCI_HOST_IO_BASE);
    g_assert_cmphex(mem, >=, CORVID_TEST_PCI_HOST_MMIO_BASE);
    g_assert_cmphex(mem64, >=, CORVID_TEST_PCI_HOST_MMIO64_BASE);
    g_assert_cmphex(qpci_config_readl(dev, PCI_BASE_ADDRESS_0), ==, io | 1);
    g_assert_cmphex(qpci_config_readl(dev, PCI_BASE_ADDRESS_2), ==,
                    (uint32_t)mem64 | 0xc);
    g_assert_cmphex(qpci_config_readl(dev, PCI_BASE_ADDRESS_3), ==,
                    mem64 >> 32);

    /* Programmed but not decoding: nothing answers (I/O all-ones,
     * memory zero, as unassigned space reads). */
    g_assert_cmphex(qtest_inl(qts, io + REG_ID), ==, 0xffffffff);
    g_assert_cmphex(qtest_readl(qts, mem + REG_ID), ==, 0);
    qtest_writel(qts, mem64, 0x11223344);
    g_assert_cmphex(qtest_readl(qts, mem64), ==, 0);

    /* I/O decoding only. */
    qpci_set_command(dev, PCI_COMMAND_IO, 0);
    g_assert_cmphex(qpci_bar_readl(dev, BAR_IO, REG_ID), ==, MAGIC);
    g_assert_cmphex(qtest_readl(qts, mem + REG_ID), ==, 0);
    qpci_bar_writel(dev, BAR_IO, REG_SCRATCH, 0x5a5aa5a5);

    /* Memory too: the same registers through BAR1; BAR2 is RAM. */
    qpci_set_command(dev, PCI_COMMAND_MEMORY, 0);
    g_assert_cmphex(qpci_bar_readl(dev, BAR_MEM, REG_ID), ==, MAGIC);
    g_assert_cmphex(qpci_bar_readl(dev, BAR_MEM, REG_SCRATCH), ==,
                    0x5a5aa5a5);
    g_assert_cmphex(qpci_bar_readw(dev, BAR_MEM, REG_SCRATCH + 2), ==,
                    0x5a5a);
    g_assert_cmphex(qpci_bar_readb(dev, BAR_IO, REG_SCRATCH + 1), ==, 0xa5);
    qpci_bar_writeq(dev, BAR_MEM64, 0x100, 0x0102030405060708ULL);
    qpci_bar_writel(dev, BAR_MEM64, CORVID_TEST_PCI_MEM64_SIZE - 4,
                    0xfeedface);
    g_assert_cmphex(qpci_bar_readq(dev, BAR_MEM64, 0x100), ==,
                    0x0102030405060708ULL);
    g_assert_cmphex(qpci_bar_readl(dev, BAR_MEM64,
                                   CORVID_TEST_PCI_MEM64_SIZE - 4), ==,
                    0xfeedface);
    /* Just past the BAR: nothing. */
    g_assert_cmphex(qtest_readl(qts, mem64 + CORVID_TEST_PCI_MEM64_SIZE),
                    ==, 0);

    /* Memory off again: gone, and the RAM keeps its contents. */
    qpci_set_command(dev, 0, PCI_COMMAND_MEMORY);
    g_assert_cmphex(qtest_readl(qts, mem + REG_ID), ==, 0);
    g_assert_cmphex(qtest_readl(qts, mem64 + 0x100), ==, 0);
    g_assert_cmphex(qpci_bar_readl(dev, BAR_IO, REG_ID), ==, MAGIC);
    qpci_set_command(dev, PCI_COMMAND_MEMORY, 0);
    g_assert_cmphex(qpci_bar_readl(dev, BAR_MEM64, 0x104), ==, 0x01020304);

    /* Moved while decoding: only the new place answers. */
    moved = mem + 0x10000;
    qpci_config_writel(dev, PCI_BASE_ADDRESS_1, moved);
    g_assert_cmphex(qtest_readl(qts, mem + REG_ID), ==, 0);
    g_assert_cmphex(qtest_readl(qts, moved + REG_ID), ==, MAGIC);
    /* A 64-bit BAR moved one half at a time answers at each step. */
    qpci_config_writel(dev, PCI_BASE_ADDRESS_3, 0);
    qpci_config_writel(dev, PCI_BASE_ADDRESS_2, mem + 0x100000);
    g_assert_cmphex(qtest_readl(qts, mem + 0x100000 + 0x104), ==,
                    0x01020304);
    g_assert_cmphex(qtest_readl(qts, mem64 + 0x104), ==, 0);
    qpci_config_writel(dev, PCI_BASE_ADDRESS_3, mem64 >> 32);
    qpci_config_writel(dev, PCI_BASE_ADDRESS_2, (uint32_t)mem64);
    g_assert_cmphex(qtest_readl(qts, mem64 + 0x104), ==, 0x01020304);

    /* Reads and writes of BAR registers at every size and byte. */
    qpci_config_writeb(dev, PCI_BASE_ADDRESS_1 + 2, 0x01);
    g_assert_cmphex(qpci_config_readl(dev, PCI_BASE_ADDRESS_1), ==,
                    (moved & 0xff00ffff) | 0x00010000);
    g_assert_cmphex(qtest_readl(qts, ((moved & 0xff00ffff) | 0x00010000) +
                                REG_ID), ==, MAGIC);
    qpci_config_writew(dev, PCI_BASE_ADDRESS_1 + 2, mem >> 16);
    qpci_config_writeb(dev, PCI_BASE_ADDRESS_1, 0xff);
    g_assert_cmphex(qpci_config_readl(dev, PCI_BASE_ADDRESS_1), ==,
                    (mem & 0xffff0000) | (moved & 0xf000));

    qpci_free(bus);
    qtest_quit(qts);
}

/* What query-pci says BAR @bar of the function in slot 3 is at. */
static int64_t qmp_bar_address(QTestState *qts, int bar)
{
    g_autoptr(QList) buses = qtest_qmp_assert_list(qts,
                                                   "{'execute':'query-pci'}");
    QDict *bus0 = qobject_to(QDict, qlist_get(buses, 0));
    QList *devs = qdict_get_qlist(bus0, "devices");
    size_t i, j;

    for (i = 0; i < qlist_size(devs); i++) {
        QDict *d = qobject_to(QDict, qlist_get(devs, i));
        QList *regions = qdict_get_qlist(d, "regions");

        if (qdict_get_try_int(d, "slot", -1) != 3) {
            continue;
        }
        for (j = 0; j < qlist_size(regions); j++) {
            QDict *region = qobject_to(QDict, qlist_get(regions, j));

            if (qdict_get_try_int(region, "bar", -1) == bar) {
                return qdict_get_try_int(region, "address", -2);
            }
        }
    }
    g_assert_not_reached();
}

static void test_unmapped_addresses(void)
{
    QPCIBus *bus;
    QPCIDevice *dev;
    QTestState *qts = start(NULL, &bus, &dev);

    qpci_device_enable(dev);
    /* 0 is "not assigned", for every kind of BAR. */
    g_assert_cmpint(qmp_bar_address(qts, BAR_IO), ==, -1);
    g_assert_cmpint(qmp_bar_address(qts, BAR_MEM), ==, -1);
    g_assert_cmpint(qmp_bar_address(qts, BAR_MEM64), ==, -1);
    g_assert_cmphex(qtest_readl(qts, REG_ID), ==, 0);

    /* I/O: up to 0xffffffff exclusive; above the 64 KiB of port space
     * still counts as mapped (nothing reaches it), as qemu has it. */
    qpci_config_writel(dev, PCI_BASE_ADDRESS_0, 0xffffffc0);
    g_assert_cmpint(qmp_bar_address(qts, BAR_IO), ==, -1);
    qpci_config_writel(dev, PCI_BASE_ADDRESS_0, 0xffffff80);
    g_assert_cmpint(qmp_bar_address(qts, BAR_IO), ==, 0xffffff80);
    qpci_config_writel(dev, PCI_BASE_ADDRESS_0, 0x12340);
    g_assert_cmpint(qmp_bar_address(qts, BAR_IO), ==, 0x12340);
    qpci_config_writel(dev, PCI_BASE_ADDRESS_0, 0xffc0);
    g_assert_cmpint(qmp_bar_address(qts, BAR_IO), ==, 0xffc0);

    /* 32-bit memory: ending at 4 GiB - 1 is where sizing leaves it. */
    qpci_config_writel(dev, PCI_BASE_ADDRESS_1, 0xfffff000);
    g_assert_cmpint(qmp_bar_address(qts, BAR_MEM), ==, -1);
    qpci_config_writel(dev, PCI_BASE_ADDRESS_1, 0xffffe000);
    g_assert_cmpint(qmp_bar_address(qts, BAR_MEM), ==, 0xffffe000);

    /* 64-bit: anywhere below the top; the top MiB is not. */
    qpci_config_writel(dev, PCI_BASE_ADDRESS_2, 0xfff00000);
    qpci_config_writel(dev, PCI_BASE_ADDRESS_3, 0xffffffff);
    g_assert_cmpint(qmp_bar_address(qts, BAR_MEM64), ==, -1);
    qpci_config_writel(dev, PCI_BASE_ADDRESS_2, 0xffe00000);
    g_assert_cmpint(qmp_bar_address(qts, BAR_MEM64), ==, -0x200000);
    qpci_config_writel(dev, PCI_BASE_ADDRESS_3, 1);
    g_assert_cmpint(qmp_bar_address(qts, BAR_MEM64), ==, 0x1ffe00000);
    qpci_config_writel(dev, PCI_BASE_ADDRESS_2, 0);
    qpci_config_writel(dev, PCI_BASE_ADDRESS_3, 0);
    g_assert_cmpint(qmp_bar_address(qts, BAR_MEM64), ==, -1);

    /* Decoding off: unmapped whatever the registers say. */
    qpci_config_writel(dev, PCI_BASE_ADDRESS_1, 0xe0000000);
    g_assert_cmpint(qmp_bar_address(qts, BAR_MEM), ==, 0xe0000000);
    qpci_set_command(dev, 0, PCI_COMMAND_MEMORY | PCI_COMMAND_IO);
    g_assert_cmpint(qmp_bar_address(qts, BAR_MEM), ==, -1);
    g_assert_cmpint(qmp_bar_address(qts, BAR_IO), ==, -1);

    qpci_free(bus);
    qtest_quit(qts);
}

static void test_overlap(void)
{
    QPCIBus *bus;
    QPCIDevice *dev, *dev2;
    QTestState *qts = start("-device corvid-test-pci-dev,addr=4,id=d2",
                            &bus, &dev);
    uint64_t mem = CORVID_TEST_PCI_HOST_MMIO_BASE;

    dev2 = qpci_device_find(bus, 0, DEV2_DEVFN);
    g_assert_nonnull(dev2);
    /* Two functions' BARs at one address, and one function's register
     * BAR on top of its own RAM BAR and MSI-X BAR: one of them answers,
     * and each answers alone once the others move away. */
    qpci_config_writel(dev, PCI_BASE_ADDRESS_1, mem);
    qpci_config_writel(dev, PCI_BASE_ADDRESS_2, mem);
    qpci_config_writel(dev, PCI_BASE_ADDRESS_4, mem);
    qpci_config_writel(dev2, PCI_BASE_ADDRESS_1, mem);
    qpci_set_command(dev, PCI_COMMAND_MEMORY, 0);
    qpci_set_command(dev2, PCI_COMMAND_MEMORY, 0);
    qtest_writel(qts, mem + REG_SCRATCH, 0x77);
    qtest_readl(qts, mem + REG_ID);
    qpci_config_writel(dev, PCI_BASE_ADDRESS_2, mem + 0x100000);
    qpci_config_writel(dev, PCI_BASE_ADDRESS_4, mem + 0x200000);
    qpci_config_writel(dev2, PCI_BASE_ADDRESS_1, mem + 0x300000);
    g_assert_cmphex(qtest_readl(qts, mem + REG_ID), ==, MAGIC);
    g_assert_cmphex(qtest_readl(qts, mem + 0x300000 + REG_ID), ==, MAGIC);
    qtest_writel(qts, mem + 0x300000 + REG_SCRATCH, 0x99);
    qtest_writel(qts, mem + REG_SCRATCH, 0x88);
    g_assert_cmphex(qtest_readl(qts, mem + 0x300000 + REG_SCRATCH), ==,
                    0x99);
    g_assert_cmphex(qtest_readl(qts, mem + REG_SCRATCH), ==, 0x88);

    qpci_free(bus);
    qtest_quit(qts);
}

/*
 * Random values at every size into the BAR, ROM and command registers
 * of decoding functions: mappings come and go, nothing breaks, and a
 * proper assignment afterwards works.
 */
static void test_random_writes(void)
{
    QPCIBus *bus;
    QPCIDevice *dev, *dev2;
    QTestState *qts = start("-device corvid-test-pci-dev,addr=4,id=d2,"
                            "msix-vectors=2048", &bus, &dev);
    GRand *rand = g_rand_new_with_seed(0x50434921);
    int i;

    dev2 = qpci_device_find(bus, 0, DEV2_DEVFN);
    for (i = 0; i < 600; i++) {
        QPCIDevice *d = g_rand_boolean(rand) ? dev : dev2;
        uint16_t reg = g_rand_int_range(rand, PCI_COMMAND,
                                        PCI_CONFIG_HEADER_SIZE);
        uint32_t val = g_rand_int(rand);
        int len = 1 << g_rand_int_range(rand, 0, 3);

        if (i % 8 == 0) {
            /* Often decoding, so that maps happen. */
            reg = PCI_COMMAND;
            val |= PCI_COMMAND_IO | PCI_COMMAND_MEMORY;
            len = 2;
        } else if (i % 3 == 0) {
            /* Addresses in the windows, where accesses reach them. */
            val = (g_rand_boolean(rand) ? CORVID_TEST_PCI_HOST_MMIO_BASE
                                        : CORVID_TEST_PCI_HOST_IO_BASE) +
                  (val & 0xfffff);
            len = 4;
        }
        reg &= ~(len - 1);
        qpci_config_write(bus, 0, d->devfn, reg, val, len);
        if (i % 16 == 0) {
            qtest_readl(qts, CORVID_TEST_PCI_HOST_MMIO_BASE +
                        (val & 0xffffc));
            qtest_inl(qts, CORVID_TEST_PCI_HOST_IO_BASE + (val & 0x3ffc));
        }
    }
    g_rand_free(rand);

    /* Firmware's assignment still gives a working function. */
    qpci_assign_resources(bus);
    qpci_device_enable(dev);
    qpci_device_enable(dev2);
    g_assert_cmphex(qpci_bar_readl(dev, BAR_IO, REG_ID), ==, MAGIC);
    g_assert_cmphex(qpci_bar_readl(dev2, BAR_MEM, REG_ID), ==, MAGIC);
    g_assert_cmphex(qpci_config_readw(dev, PCI_VENDOR_ID), ==,
                    CORVID_TEST_PCI_VENDOR_ID);

    qpci_free(bus);
    qtest_quit(qts);
}

static void test_rom(void)
{
    g_autofree char *path = NULL;
    g_autofree char *args = NULL;
    GError *gerr = NULL;
    char rom[3000];
    QPCIBus *bus;
    QPCIDevice *dev;
    QTestState *qts;
    uint64_t addr;
    size_t i;
    int fd;

    for (i = 0; i < sizeof(rom); i++) {
        rom[i] = i * 13 + 1;
    }
    rom[0] = 0x55;
    rom[1] = 0xaa;
    fd = g_file_open_tmp("pci-rom-XXXXXX", &path, &gerr);
    g_assert_no_error(gerr);
    close(fd);
    g_assert_true(g_file_set_contents(path, rom, sizeof(rom), NULL));
    args = g_strdup_printf("-device corvid-test-pci-dev,addr=4,romfile=%s",
                           path);
    qts = start(args, &bus, &dev);
    dev = qpci_device_find(bus, 0, DEV2_DEVFN);

    /* 3000 bytes round up to a 4 KiB ROM BAR. */
    g_assert_cmphex(size_pattern(dev, PCI_ROM_ADDRESS), ==, 0xfffff001);
    g_assert_cmpuint(qpci_bar_probe(dev, QPCI_ROM_BAR), ==, 4 * KiB);
    addr = qpci_bar_assign(dev, QPCI_ROM_BAR);
    /* Enable bit set by the library, but memory decoding is off. */
    g_assert_cmphex(qtest_readw(qts, addr), ==, 0);
    qpci_set_command(dev, PCI_COMMAND_MEMORY, 0);
    g_assert_cmphex(qtest_readw(qts, addr), ==, 0xaa55);
    g_assert_cmphex(qtest_readb(qts, addr + 2999), ==, (uint8_t)rom[2999]);
    g_assert_cmphex(qtest_readb(qts, addr + 3000), ==, 0);
    /* ROM: writes do nothing. */
    qtest_writew(qts, addr, 0);
    g_assert_cmphex(qtest_readw(qts, addr), ==, 0xaa55);
    /* The ROM's own enable bit. */
    qpci_config_writel(dev, PCI_ROM_ADDRESS, addr);
    g_assert_cmphex(qtest_readw(qts, addr), ==, 0);

    qpci_free(bus);
    qtest_quit(qts);
    unlink(path);

    /* A missing file is a clear error, as qemu's. */
    g_free(args);
    args = g_strdup_printf("-M none -device corvid-test-pci-host "
                           "-device corvid-test-pci-dev,romfile=%s", path);
    {
        g_autofree char *err = NULL;
        g_autofree char *expected = g_strdup_printf(
            "failed to find romfile \"%s\"", path);

        g_assert_cmpint(qtest_run(args, NULL, &err), ==, 1);
        g_assert_nonnull(strstr(err, expected));
    }
}

static void test_skip(void)
{
    qtest_require_device("corvid-test-pci-host");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    if (!qtest_has_device("corvid-test-pci-host")) {
        g_test_add_func("/pci/bar/skip", test_skip);
        return g_test_run();
    }
    g_test_add_func("/pci/bar/sizing", test_sizing);
    g_test_add_func("/pci/bar/decode", test_decode);
    g_test_add_func("/pci/bar/unmapped-addresses", test_unmapped_addresses);
    g_test_add_func("/pci/bar/overlap", test_overlap);
    g_test_add_func("/pci/bar/random-writes", test_random_writes);
    g_test_add_func("/pci/bar/rom", test_rom);
    return g_test_run();
}
