/*
 * fw_cfg through its registers: the signature, the feature bitmap, the
 * file directory and every standard x86 item, read the way firmware
 * reads them, on the test-only machine corvid-test-x86 (fw_cfg_io at
 * 0x510, or fw_cfg_mem with fw-cfg-mmio=on).  The expected layouts and
 * values are the ones qemu-system-x86_64 7.2 gives -M pc for the same
 * options (read there with HMP "o"/"i" on ports 0x510/0x511).
 */
#include "util/osdep.h"
#include "fw_cfg-util.h"

#define MACHINE QFW_TEST_MACHINE

/* e820 types */
#define E820_RAM 1

static void test_signature(void)
{
    QFWCfg fw;
    QTestState *s;
    char sig[5] = "";

    if (!qfw_test_have_machine()) {
        return;
    }
    s = qfw_test_start(&fw, "");
    /* Selected at reset: readable without a selector write. */
    qfw_read_data(&fw, sig, 4);
    g_assert_cmpstr(sig, ==, "QEMU");
    qfw_read_item(&fw, FW_CFG_SIGNATURE, sig, 4);
    g_assert_cmpstr(sig, ==, "QEMU");
    /* Traditional interface and DMA. */
    g_assert_cmpuint(qfw_read_u32(&fw, FW_CFG_ID), ==,
                     FW_CFG_VERSION | FW_CFG_VERSION_DMA);
    /* The DMA register reads "QEMU CFG", whatever the width. */
    g_assert_cmphex(qtest_inl(s, 0x514), ==, 0x554d4551);
    g_assert_cmphex(qtest_inl(s, 0x518), ==, 0x47464320);
    g_assert_cmphex(qtest_inb(s, 0x514), ==, 'Q');
    g_assert_cmphex(qtest_inb(s, 0x51b), ==, 'G');
    g_assert_cmphex(qtest_inw(s, 0x516), ==, 0x554d);
    /* The selector reads as 0. */
    g_assert_cmphex(qtest_inw(s, 0x510), ==, 0);
    qtest_quit(s);
}

static void test_no_dma(void)
{
    QFWCfg fw;
    QTestState *s;

    if (!qfw_test_have_machine()) {
        return;
    }
    s = qfw_test_start(&fw, " -global fw_cfg_io.dma_enabled=off");
    g_assert_cmpuint(qfw_read_u32(&fw, FW_CFG_ID), ==, FW_CFG_VERSION);
    /* No DMA register: nothing at 0x514 (all-ones, as unassigned ports). */
    g_assert_cmphex(qtest_inl(s, 0x514), ==, 0xffffffff);
    qtest_quit(s);
}

/* The directory: sorted by name (strcmp), keys from 0x20 in that order. */
static void test_file_dir(void)
{
    static const struct {
        const char *name;
        uint32_t size;
    } expected[] = {
        { "bios-geometry", 0 },
        { "bootorder", 0 },
        { "etc/boot-fail-wait", 4 },
        { "etc/corvid-test/selects", 4 },
        { "etc/corvid-test/writable", 16 },
        { "etc/corvid-test/writes", 4 },
        { "etc/e820", 20 },
    };
    g_autofree QFWCfgFile *files = NULL;
    QFWCfg fw;
    QTestState *s;
    uint32_t n, i;

    if (!qfw_test_have_machine()) {
        return;
    }
    s = qfw_test_start(&fw, "");
    files = qfw_read_dir(&fw, &n);
    g_assert_cmpuint(n, ==, ARRAY_SIZE(expected));
    for (i = 0; i < n; i++) {
        g_assert_cmpstr(files[i].name, ==, expected[i].name);
        g_assert_cmpuint(files[i].size, ==, expected[i].size);
        g_assert_cmphex(files[i].select, ==, FW_CFG_FILE_FIRST + i);
        g_assert_cmpuint(files[i].reserved, ==, 0);
    }
    /* Past the directory's end: zeroes. */
    {
        uint8_t z[8];

        qfw_read_data(&fw, z, sizeof(z));
        for (i = 0; i < sizeof(z); i++) {
            g_assert_cmpuint(z[i], ==, 0);
        }
    }
    qtest_quit(s);
}

/* Reading past the end, re-selecting, writes to the data port. */
static void test_data_register(void)
{
    QFWCfg fw;
    QTestState *s;
    char buf[9] = "";

    if (!qfw_test_have_machine()) {
        return;
    }
    s = qfw_test_start(&fw, "");
    qfw_read_item(&fw, FW_CFG_SIGNATURE, buf, 8);
    g_assert_cmpmem(buf, 8, "QEMU\0\0\0\0", 8);
    /* Selecting resets the offset. */
    qfw_read_item(&fw, FW_CFG_SIGNATURE, buf, 2);
    g_assert_cmpmem(buf, 2, "QE", 2);
    /* Data writes are ignored and do not move the offset. */
    qtest_outb(s, 0x511, 0x55);
    qfw_read_data(&fw, buf, 2);
    g_assert_cmpmem(buf, 2, "MU", 2);
    /* A byte write to the selector is not a selection. */
    qfw_select(&fw, FW_CFG_SIGNATURE);
    qtest_outb(s, 0x510, FW_CFG_ID);
    qfw_read_data(&fw, buf, 4);
    g_assert_cmpmem(buf, 4, "QEMU", 4);
    /* The write-channel bit selects the same item (writes are ignored). */
    qfw_read_item(&fw, FW_CFG_SIGNATURE | FW_CFG_WRITE_CHANNEL, buf, 4);
    g_assert_cmpmem(buf, 4, "QEMU", 4);
    /* Keys without an item, in range or not, read as zeroes. */
    qfw_read_item(&fw, 0x1f, buf, 4);
    g_assert_cmpmem(buf, 4, "\0\0\0\0", 4);
    qfw_read_item(&fw, 0x3fff, buf, 4);
    g_assert_cmpmem(buf, 4, "\0\0\0\0", 4);
    qfw_read_item(&fw, FW_CFG_INVALID, buf, 4);
    g_assert_cmpmem(buf, 4, "\0\0\0\0", 4);
    qfw_read_item(&fw, FW_CFG_ARCH_LOCAL | 0x100, buf, 4);
    g_assert_cmpmem(buf, 4, "\0\0\0\0", 4);
    qtest_quit(s);
}

static void test_default_items(void)
{
    QFWCfg fw;
    QTestState *s;
    uint8_t uuid[16], zero[16] = { 0 };
    uint64_t numa[3];

    if (!qfw_test_have_machine()) {
        return;
    }
    s = qfw_test_start(&fw, "");
    qfw_read_item(&fw, FW_CFG_UUID, uuid, sizeof(uuid));
    g_assert_cmpmem(uuid, 16, zero, 16);
    g_assert_cmphex(qfw_read_u64(&fw, FW_CFG_RAM_SIZE), ==, 128 * MiB);
    g_assert_cmpuint(qfw_read_u16(&fw, FW_CFG_NOGRAPHIC), ==, 0);
    g_assert_cmpuint(qfw_read_u16(&fw, FW_CFG_NB_CPUS), ==, 1);
    g_assert_cmpuint(qfw_read_u16(&fw, FW_CFG_MAX_CPUS), ==, 1);
    g_assert_cmpuint(qfw_read_u16(&fw, FW_CFG_BOOT_MENU), ==, 0);
    g_assert_cmpuint(qfw_read_u32(&fw, FW_CFG_IRQ0_OVERRIDE), ==, 1);
    /* No NUMA: a zero count and node 0 for the one APIC ID. */
    qfw_read_item(&fw, FW_CFG_NUMA, numa, sizeof(numa));
    g_assert_cmpuint(numa[0], ==, 0);
    g_assert_cmpuint(numa[1], ==, 0);
    /* No kernel: no kernel items. */
    g_assert_cmpuint(qfw_read_u32(&fw, FW_CFG_KERNEL_SIZE), ==, 0);
    /* Reboot timeout -1 (never). */
    qfw_assert_file(&fw, "etc/boot-fail-wait", "\xff\xff\xff\xff", 4);
    g_assert_cmphex(qfw_find_file(&fw, "etc/boot-menu-wait", NULL), ==,
                    FW_CFG_INVALID);
    qtest_quit(s);
}

static void test_machine_items(void)
{
    static const uint8_t uuid_bytes[16] = {
        0x12, 0x34, 0x56, 0x78, 0x12, 0x34, 0x56, 0x78,
        0x9a, 0xbc, 0xde, 0xf0, 0x12, 0x34, 0x56, 0x78,
    };
    QFWCfg fw;
    QTestState *s;
    uint8_t uuid[16];

    if (!qfw_test_have_machine()) {
        return;
    }
    s = qfw_test_start(&fw, ",graphics=off,boot-menu=on,splash-time=1234,"
                       "reboot-timeout=5000,"
                       "bootorder=/pci@i0cf8/a@5|/pci@i0cf8/b@4"
                       " -m 512M -smp 6,sockets=2,cores=3,maxcpus=6 "
                       "-uuid 12345678-1234-5678-9abc-def012345678");
    qfw_read_item(&fw, FW_CFG_UUID, uuid, sizeof(uuid));
    g_assert_cmpmem(uuid, 16, uuid_bytes, 16);
    g_assert_cmphex(qfw_read_u64(&fw, FW_CFG_RAM_SIZE), ==, 512 * MiB);
    g_assert_cmpuint(qfw_read_u16(&fw, FW_CFG_NOGRAPHIC), ==, 1);
    g_assert_cmpuint(qfw_read_u16(&fw, FW_CFG_NB_CPUS), ==, 6);
    /* Three cores take two APIC ID bits: the last CPU has APIC ID 6. */
    g_assert_cmpuint(qfw_read_u16(&fw, FW_CFG_MAX_CPUS), ==, 7);
    g_assert_cmpuint(qfw_read_u16(&fw, FW_CFG_BOOT_MENU), ==, 1);
    qfw_assert_file(&fw, "etc/boot-menu-wait", "\xd2\x04", 2);
    qfw_assert_file(&fw, "etc/boot-fail-wait", "\x88\x13\0\0", 4);
    /* Paths one per line, NUL at the end, no final newline. */
    qfw_assert_file(&fw, "bootorder", "/pci@i0cf8/a@5\n/pci@i0cf8/b@4", 30);
    qtest_quit(s);
}

static void test_bad_boot_options(void)
{
    static const struct {
        const char *args;
        const char *msg;
    } cases[] = {
        { ",splash-time=70000",
          "splash-time is invalid,it should be a value between 0 and 65535" },
        { ",splash-time=-2",
          "splash-time is invalid,it should be a value between 0 and 65535" },
        { ",reboot-timeout=65536",
          "reboot timeout is invalid,it should be a value between -1 and "
          "65535" },
        { ",reboot-timeout=-5",
          "reboot timeout is invalid,it should be a value between -1 and "
          "65535" },
    };
    unsigned i;

    if (!qfw_test_have_machine()) {
        return;
    }
    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        g_autofree char *err = NULL;

        g_assert_cmpint(qtest_runf(NULL, &err, "-M " MACHINE "%s "
                                   "-display none -accel qtest",
                                   cases[i].args), ==, 1);
        g_assert_nonnull(strstr(err, cases[i].msg));
    }
}

/* NUMA: count, the node of each APIC ID, each node's memory. */
static void test_numa(void)
{
    QFWCfg fw;
    QTestState *s;
    uint64_t numa[1 + 4 + 2];

    if (!qfw_test_have_machine()) {
        return;
    }
    s = qfw_test_start(&fw, ",numa-nodes=2 -m 1G -smp 4,sockets=2,cores=2");
    qfw_read_item(&fw, FW_CFG_NUMA, numa, sizeof(numa));
    g_assert_cmpuint(GUINT64_FROM_LE(numa[0]), ==, 2);
    /* CPUs 0..3 have APIC IDs 0..3 and go round-robin to nodes 0, 1. */
    g_assert_cmpuint(GUINT64_FROM_LE(numa[1]), ==, 0);
    g_assert_cmpuint(GUINT64_FROM_LE(numa[2]), ==, 1);
    g_assert_cmpuint(GUINT64_FROM_LE(numa[3]), ==, 0);
    g_assert_cmpuint(GUINT64_FROM_LE(numa[4]), ==, 1);
    g_assert_cmphex(GUINT64_FROM_LE(numa[5]), ==, 512 * MiB);
    g_assert_cmphex(GUINT64_FROM_LE(numa[6]), ==, 512 * MiB);
    qtest_quit(s);
}

/* "etc/e820" of the machine started with @args. */
static void check_e820(const char *args, const uint64_t (*expect)[3],
                       unsigned n)
{
    QFWCfg fw;
    QTestState *s = qfw_test_start(&fw, args);

    qfw_assert_e820(&fw, expect, n);
    qtest_quit(s);
}

static void test_e820(void)
{
    static const uint64_t low[][3] = {
        { 0, 256 * MiB, E820_RAM },
    };
    static const uint64_t split[][3] = {
        { 0, 0xc0000000, E820_RAM },
        { 0x100000000ULL, 0x40000000, E820_RAM },
    };

    if (!qfw_test_have_machine()) {
        return;
    }
    check_e820(" -m 256M", low, ARRAY_SIZE(low));
    /* 4 GiB: 3 GiB below the PCI hole, the rest from 4 GiB. */
    check_e820(" -m 4G", split, ARRAY_SIZE(split));
}

/* The select callback runs at each selection, before the data is read. */
static void test_select_callback(void)
{
    QFWCfg fw;
    QTestState *s;
    uint16_t key;
    uint32_t v;

    if (!qfw_test_have_machine()) {
        return;
    }
    s = qfw_test_start(&fw, "");
    key = qfw_find_file(&fw, "etc/corvid-test/selects", NULL);
    g_assert_cmphex(key, !=, FW_CFG_INVALID);
    g_assert_cmpuint(qfw_read_u32(&fw, key), ==, 1);
    g_assert_cmpuint(qfw_read_u32(&fw, key), ==, 2);
    qfw_read_item(&fw, key | FW_CFG_WRITE_CHANNEL, &v, 4);
    g_assert_cmpuint(GUINT32_FROM_LE(v), ==, 3);
    qtest_quit(s);
}

/* The MMIO front end: the same items, wider reads, big-endian selector. */
static void test_mmio(void)
{
    QFWCfg fw;
    QTestState *s;
    g_autofree uint8_t *e820 = NULL;
    uint32_t len;
    uint64_t base = QFW_TEST_MMIO_BASE;
    uint8_t entry[FW_CFG_DIR_ENTRY_SIZE];

    if (!qfw_test_have_machine()) {
        return;
    }
    s = qtest_init("-M " MACHINE ",fw-cfg-mmio=on");
    qfw_init_mem(&fw, s, base);

    /* Nothing at the x86 ports. */
    g_assert_cmphex(qtest_inb(s, 0x511), ==, 0xff);

    /* Each width reads the next bytes in item order. */
    qfw_select(&fw, FW_CFG_SIGNATURE);
    g_assert_cmphex(qtest_readb(s, base), ==, 'Q');
    g_assert_cmphex(qtest_readb(s, base), ==, 'E');
    g_assert_cmphex(qtest_readw(s, base), ==, 'M' | ('U' << 8));
    g_assert_cmphex(qtest_readl(s, base), ==, 0);
    qfw_select(&fw, FW_CFG_SIGNATURE);
    g_assert_cmphex(qtest_readl(s, base), ==, 0x554d4551);
    qfw_select(&fw, FW_CFG_SIGNATURE);
    g_assert_cmphex(qtest_readq(s, base), ==, 0x554d4551);
    g_assert_cmpuint(qfw_read_u32(&fw, FW_CFG_ID), ==, 3);
    /* The DMA register reads "QEMU CFG" in memory order. */
    g_assert_cmphex(qtest_readq(s, base + FW_CFG_MEM_DMA), ==,
                    0x47464320554d4551ULL);
    /* Data writes are ignored; the selector reads 0. */
    qfw_select(&fw, FW_CFG_SIGNATURE);
    qtest_writel(s, base, 0xffffffff);
    g_assert_cmphex(qtest_readl(s, base), ==, 0x554d4551);
    g_assert_cmphex(qtest_readw(s, base + FW_CFG_MEM_SELECTOR), ==, 0);

    /* The directory through 4- and 8-byte reads. */
    qfw_select(&fw, FW_CFG_FILE_DIR);
    g_assert_cmphex(qtest_readl(s, base), ==, GUINT32_TO_BE(7));
    qfw_read_data(&fw, entry, sizeof(entry));
    g_assert_cmpmem(entry, 8, "\0\0\0\0\0\x20\0\0", 8);
    g_assert_cmpstr((char *)entry + 8, ==, "bios-geometry");
    e820 = qfw_read_file(&fw, "etc/e820", &len);
    g_assert_cmpuint(len, ==, 20);
    qtest_quit(s);
}

/* Assert that @path's property @prop is @json. */
static void assert_qom(QTestState *s, const char *path, const char *prop,
                       const char *json)
{
    QObject *v = qtest_qom_get(s, path, prop);

    qobject_assert_json(v, json);
    qobject_unref(v);
}

/* The device in the QOM tree and its regions, as qemu shows them. */
static void test_qom(void)
{
    QTestState *s;
    QDict *rsp;

    if (!qfw_test_have_machine()) {
        return;
    }
    s = qtest_init("-M " MACHINE);
    assert_qom(s, "/machine/fw_cfg", "type", "\"fw_cfg_io\"");
    assert_qom(s, "/machine/fw_cfg", "x-file-slots", "32");
    assert_qom(s, "/machine/fw_cfg/fwcfg[0]", "type", "\"memory-region\"");
    assert_qom(s, "/machine/fw_cfg/fwcfg.dma[0]", "type",
               "\"memory-region\"");
    /* Machines create it; users cannot. */
    rsp = qtest_qmp(s, "{'execute': 'device_add', 'arguments': "
                    "{'driver': 'fw_cfg_io'}}");
    g_assert_nonnull(qmp_error_desc(rsp));
    qobject_unref(rsp);
    qtest_quit(s);
}

/* Too few or too many file slots are refused, in qemu's words. */
static void test_file_slots(void)
{
    g_autofree char *err1 = NULL, *err2 = NULL;

    if (!qfw_test_have_machine()) {
        return;
    }
    g_assert_cmpint(qtest_runf(NULL, &err1, "-M " MACHINE " -display none "
                               "-accel qtest "
                               "-global fw_cfg_io.x-file-slots=8"), ==, 1);
    g_assert_nonnull(strstr(err1, "\"file_slots\" must be at least 0x10"));
    g_assert_cmpint(qtest_runf(NULL, &err2, "-M " MACHINE " -display none "
                               "-accel qtest "
                               "-global fw_cfg_io.x-file-slots=16353"), ==, 1);
    g_assert_nonnull(strstr(err2, "\"file_slots\" must not exceed 0x3fe0"));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/fw_cfg/io/signature", test_signature);
    g_test_add_func("/fw_cfg/io/no-dma", test_no_dma);
    g_test_add_func("/fw_cfg/io/file-dir", test_file_dir);
    g_test_add_func("/fw_cfg/io/data-register", test_data_register);
    g_test_add_func("/fw_cfg/items/defaults", test_default_items);
    g_test_add_func("/fw_cfg/items/machine", test_machine_items);
    g_test_add_func("/fw_cfg/items/bad-boot-options", test_bad_boot_options);
    g_test_add_func("/fw_cfg/items/numa", test_numa);
    g_test_add_func("/fw_cfg/items/e820", test_e820);
    g_test_add_func("/fw_cfg/items/select-callback", test_select_callback);
    g_test_add_func("/fw_cfg/mmio", test_mmio);
    g_test_add_func("/fw_cfg/qom", test_qom);
    g_test_add_func("/fw_cfg/file-slots", test_file_slots);
    return g_test_run();
}
