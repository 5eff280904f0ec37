/*
 * Direct Linux boot through fw_cfg: the items a bzImage, initrd and
 * command line become (machine properties kernel, initrd and append, as
 * -kernel, -initrd and -append set them), with synthetic kernels whose
 * setup headers exercise each boot protocol layout, and the errors for
 * files that cannot be loaded.  Every expected address, size and header
 * byte is what qemu-system-x86_64 7.2 -M pc gives for the same files
 * (read back there through the fw_cfg ports with HMP).
 */
#include "util/osdep.h"
#include "fw_cfg-util.h"

#define MACHINE "corvid-test-x86"
#define SETUP_SIZE_4 0xa00      /* 4 setup sectors + the boot sector */
#define PAYLOAD 4096

static char *tmpdir;
static GPtrArray *tmpfiles;

static bool have_machine(void)
{
    static int have = -1;

    if (have < 0) {
        have = qtest_has_machine(MACHINE);
    }
    if (!have) {
        g_test_skip("needs the " MACHINE " machine (the test binary)");
    }
    return have;
}

static char *write_tmp(const char *name, const void *data, size_t len)
{
    char *path = g_build_filename(tmpdir, name, NULL);

    g_assert_true(g_file_set_contents(path, data, len, NULL));
    g_ptr_array_add(tmpfiles, g_strdup(path));
    return path;
}

typedef struct KernelSpec {
    uint8_t setup_sects;
    uint16_t version;           /* 0: no "HdrS" header at all */
    uint8_t loadflags;
    uint32_t initrd_addr_max;
    uint16_t xloadflags;
    size_t payload;
} KernelSpec;

/* A bzImage-shaped file: boot sector, setup sectors, then the payload. */
static uint8_t *make_kernel(const KernelSpec *k, size_t *len)
{
    size_t setup = ((k->setup_sects ? k->setup_sects : 4) + 1) * 512;
    uint8_t *b = g_malloc0(setup + k->payload);
    size_t i;

    b[0x1f1] = k->setup_sects;
    b[0x1fe] = 0x55;
    b[0x1ff] = 0xaa;
    if (k->version) {
        memcpy(b + 0x202, "HdrS", 4);
        b[0x206] = k->version;
        b[0x207] = k->version >> 8;
    }
    b[0x211] = k->loadflags;
    memcpy(b + 0x22c, &k->initrd_addr_max, 4);
    b[0x236] = k->xloadflags;
    b[0x238] = 0x08;            /* cmdline_size 2048 */
    for (i = 0x260; i < setup; i++) {
        b[i] = i;
    }
    for (i = setup; i < setup + k->payload; i++) {
        b[i] = i * 7;
    }
    *len = setup + k->payload;
    return b;
}

static char *kernel_file(const char *name, const KernelSpec *k,
                         uint8_t **data, size_t *plen)
{
    size_t len;
    uint8_t *b = make_kernel(k, &len);
    char *path = write_tmp(name, b, len);

    if (plen) {
        *plen = len;
    }

    if (data) {
        *data = b;
    } else {
        g_free(b);
    }
    return path;
}

/* Start with "-M MACHINE,@props" (each value already comma-safe). */
static QTestState *start(QFWCfg *fw, const char *props, const char *extra)
{
    g_autofree char *m = g_strdup_printf("%s,%s", MACHINE, props);
    g_autofree char *quoted = g_shell_quote(m);
    QTestState *s = qtest_initf("-M %s %s", quoted, extra);

    qfw_init_io(fw, s);
    return s;
}

/* A header byte a loader changes: offset in the file, new value. */
typedef struct Patch {
    uint16_t offset;
    uint8_t value;
} Patch;

/* Every byte of the setup data is the file's, except @patch's. */
static void check_setup(QFWCfg *fw, const uint8_t *file, size_t setup_size,
                        const Patch *patch, unsigned npatch)
{
    g_autofree uint8_t *setup = g_malloc(setup_size);
    g_autofree uint8_t *expect = g_memdup2(file, setup_size);
    unsigned i;

    for (i = 0; i < npatch; i++) {
        expect[patch[i].offset] = patch[i].value;
    }
    qfw_read_item(fw, FW_CFG_SETUP_DATA, setup, setup_size);
    g_assert_cmpmem(setup, setup_size, expect, setup_size);
}

static void test_modern(void)
{
    static const KernelSpec spec = { 4, 0x20f, 0x01, 0x7fffffff, 0, PAYLOAD };
    static const Patch patch[] = {
        { 0x210, 0xb0 },                    /* type_of_loader */
        { 0x211, 0x81 },                    /* loadflags | CAN_USE_HEAP */
        { 0x219, 0x60 }, { 0x21a, 0xfd }, { 0x21b, 0x1f },  /* ramdisk_image */
        { 0x21c, 0x88 }, { 0x21d, 0x13 },   /* ramdisk_size 5000 */
        { 0x225, 0xfe },                    /* heap_end_ptr 0xfe00 */
        { 0x22a, 0x02 },                    /* cmd_line_ptr 0x20000 */
    };
    g_autofree uint8_t *kdata = NULL, *initrd = g_malloc(5000);
    g_autofree uint8_t *back = g_malloc(5000);
    g_autofree char *kpath = NULL, *ipath = NULL, *props = NULL;
    size_t klen;
    char cmdline[16] = "";
    QFWCfg fw;
    QTestState *s;
    unsigned i;

    if (!have_machine()) {
        return;
    }
    for (i = 0; i < 5000; i++) {
        initrd[i] = i * 13 + 1;
    }
    kpath = kernel_file("modern", &spec, &kdata, &klen);
    ipath = write_tmp("initrd", initrd, 5000);
    props = g_strdup_printf("kernel=%s,initrd=%s,append=hello=world", kpath,
                            ipath);
    s = start(&fw, props, "-m 512M");
    g_assert_cmphex(qfw_read_u32(&fw, FW_CFG_KERNEL_ADDR), ==, 0x100000);
    g_assert_cmpuint(qfw_read_u32(&fw, FW_CFG_KERNEL_SIZE), ==, PAYLOAD);
    g_assert_cmphex(qfw_read_u32(&fw, FW_CFG_SETUP_ADDR), ==, 0x10000);
    g_assert_cmphex(qfw_read_u32(&fw, FW_CFG_SETUP_SIZE), ==, SETUP_SIZE_4);
    g_assert_cmphex(qfw_read_u32(&fw, FW_CFG_CMDLINE_ADDR), ==, 0x20000);
    g_assert_cmpuint(qfw_read_u32(&fw, FW_CFG_CMDLINE_SIZE), ==, 12);
    qfw_read_item(&fw, FW_CFG_CMDLINE_DATA, cmdline, sizeof(cmdline));
    g_assert_cmpmem(cmdline, 13, "hello=world\0\0", 13);
    /* Below the ACPI reserve at the top of 512 MiB, page aligned. */
    g_assert_cmphex(qfw_read_u32(&fw, FW_CFG_INITRD_ADDR), ==, 0x1ffd6000);
    g_assert_cmpuint(qfw_read_u32(&fw, FW_CFG_INITRD_SIZE), ==, 5000);
    qfw_read_item(&fw, FW_CFG_INITRD_DATA, back, 5000);
    g_assert_cmpmem(back, 5000, initrd, 5000);
    g_free(back);
    back = g_malloc(PAYLOAD);
    qfw_read_item(&fw, FW_CFG_KERNEL_DATA, back, PAYLOAD);
    g_assert_cmpmem(back, PAYLOAD, kdata + SETUP_SIZE_4, PAYLOAD);
    check_setup(&fw, kdata, SETUP_SIZE_4, patch, ARRAY_SIZE(patch));
    qtest_quit(s);
}

/* Protocol 2.01: high kernel, low setup, old-style command line. */
static void test_protocol_201(void)
{
    static const KernelSpec spec = { 4, 0x201, 0x01, 0, 0, PAYLOAD };
    static const Patch patch[] = {
        { 0x20, 0x3f }, { 0x21, 0xa3 },     /* cl_magic 0xa33f */
        { 0x22, 0xe0 }, { 0x23, 0x9f },     /* cl_offset 0x9fe0 */
        { 0x210, 0xb0 }, { 0x211, 0x81 },
        { 0x224, 0xe0 }, { 0x225, 0x9d },   /* heap_end_ptr 0x9de0 */
    };
    g_autofree uint8_t *kdata = NULL;
    g_autofree char *kpath = NULL, *props = NULL, *ipath = NULL;
    size_t klen;
    QFWCfg fw;
    QTestState *s;

    if (!have_machine()) {
        return;
    }
    kpath = kernel_file("p201", &spec, &kdata, &klen);
    props = g_strdup_printf("kernel=%s,append=0123456789abcdef", kpath);
    s = start(&fw, props, "");
    g_assert_cmphex(qfw_read_u32(&fw, FW_CFG_KERNEL_ADDR), ==, 0x100000);
    g_assert_cmphex(qfw_read_u32(&fw, FW_CFG_SETUP_ADDR), ==, 0x90000);
    /* 17 bytes, rounded up to 32, below 0x9a000. */
    g_assert_cmphex(qfw_read_u32(&fw, FW_CFG_CMDLINE_ADDR), ==, 0x99fe0);
    g_assert_cmpuint(qfw_read_u32(&fw, FW_CFG_CMDLINE_SIZE), ==, 17);
    check_setup(&fw, kdata, SETUP_SIZE_4, patch, ARRAY_SIZE(patch));
    qtest_quit(s);

    /* With an initrd: at most 0x37ffffff, here the top of 128 MiB. */
    ipath = write_tmp("initrd201", "abc", 3);
    g_free(props);
    props = g_strdup_printf("kernel=%s,initrd=%s", kpath, ipath);
    s = start(&fw, props, "");
    g_assert_cmphex(qfw_read_u32(&fw, FW_CFG_INITRD_ADDR), ==, 0x07fd7000);
    g_assert_cmphex(qfw_read_u32(&fw, FW_CFG_CMDLINE_ADDR), ==, 0x99ff0);
    g_assert_cmpuint(qfw_read_u32(&fw, FW_CFG_CMDLINE_SIZE), ==, 1);
    qtest_quit(s);
}

/* Not loaded high, and no header at all: the zImage layout. */
static void test_low(void)
{
    static const KernelSpec low = { 4, 0x20f, 0x00, 0x7fffffff, 0, PAYLOAD };
    static const KernelSpec none = { 4, 0, 0x00, 0, 0, PAYLOAD };
    static const KernelSpec old = { 4, 0x105, 0x01, 0, 0, PAYLOAD };
    const KernelSpec *specs[] = { &low, &none, &old };
    unsigned i;

    if (!have_machine()) {
        return;
    }
    for (i = 0; i < ARRAY_SIZE(specs); i++) {
        g_autofree uint8_t *kdata = NULL, *setup = g_malloc(SETUP_SIZE_4);
        g_autofree char *name = g_strdup_printf("low%u", i);
        g_autofree char *kpath = NULL, *props = NULL;
        size_t klen;
        QFWCfg fw;
        QTestState *s;

        kpath = kernel_file(name, specs[i], &kdata, &klen);
        props = g_strdup_printf("kernel=%s", kpath);
        s = start(&fw, props, "");
        g_assert_cmphex(qfw_read_u32(&fw, FW_CFG_KERNEL_ADDR), ==, 0x10000);
        g_assert_cmphex(qfw_read_u32(&fw, FW_CFG_SETUP_ADDR), ==, 0x90000);
        g_assert_cmphex(qfw_read_u32(&fw, FW_CFG_CMDLINE_ADDR), ==, 0x99ff0);
        qfw_read_item(&fw, FW_CFG_SETUP_DATA, setup, SETUP_SIZE_4);
        /* cmd_line_ptr from 2.02, the old cl_magic/cl_offset before. */
        if (specs[i]->version >= 0x202) {
            g_assert_cmpmem(setup + 0x228, 4, "\xf0\x9f\x09\0", 4);
        } else {
            g_assert_cmpmem(setup + 0x20, 4, "\x3f\xa3\xf0\x9f", 4);
        }
        /* The loader type only from 2.00. */
        g_assert_cmphex(setup[0x210], ==, specs[i]->version >= 0x200
                                          ? 0xb0 : 0);
        qtest_quit(s);
    }
}

/* 64-bit kernels may have their initrd anywhere below 4 GiB. */
static void test_initrd_above(void)
{
    static const KernelSpec spec = { 4, 0x20c, 0x01, 0x7fffffff, 0x02,
                                     PAYLOAD };
    static const KernelSpec capped = { 4, 0x20c, 0x01, 0x7fffffff, 0,
                                       PAYLOAD };
    g_autofree char *k1 = kernel_file("above", &spec, NULL, NULL);
    g_autofree char *k2 = kernel_file("capped", &capped, NULL, NULL);
    g_autofree char *ipath = NULL, *props = NULL;
    g_autofree uint8_t *initrd = g_malloc0(5000);
    QFWCfg fw;
    QTestState *s;

    if (!have_machine()) {
        return;
    }
    ipath = write_tmp("initrd-above", initrd, 5000);
    props = g_strdup_printf("kernel=%s,initrd=%s", k1, ipath);
    s = start(&fw, props, "-m 4G");
    g_assert_cmphex(qfw_read_u32(&fw, FW_CFG_INITRD_ADDR), ==, 0xbffd6000);
    qtest_quit(s);
    g_free(props);
    /* Without XLF_CAN_BE_LOADED_ABOVE_4G, initrd_addr_max holds. */
    props = g_strdup_printf("kernel=%s,initrd=%s", k2, ipath);
    s = start(&fw, props, "-m 4G");
    g_assert_cmphex(qfw_read_u32(&fw, FW_CFG_INITRD_ADDR), ==, 0x7fffe000);
    qtest_quit(s);
}

static void test_vga(void)
{
    static const KernelSpec spec = { 0, 0x20f, 0x01, 0x7fffffff, 0, 16 };
    static const struct {
        const char *append;
        uint16_t mode;
    } cases[] = {
        { "vga=0x317", 0x317 }, { "vga=normal", 0xffff },
        { "vga=ext", 0xfffe }, { "vga=ask", 0xfffd },
        { "quiet vga=791 ro", 791 }, { "xvga=1", 0 },
    };
    g_autofree char *kpath = kernel_file("vga", &spec, NULL, NULL);
    unsigned i;

    if (!have_machine()) {
        return;
    }
    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        g_autofree char *props = g_strdup_printf("kernel=%s,append=%s", kpath,
                                                 cases[i].append);
        QFWCfg fw;
        QTestState *s = start(&fw, props, "");
        uint8_t setup[0x200];

        /* setup_sects 0 means 4. */
        g_assert_cmphex(qfw_read_u32(&fw, FW_CFG_SETUP_SIZE), ==,
                        SETUP_SIZE_4);
        qfw_read_item(&fw, FW_CFG_SETUP_DATA, setup, sizeof(setup));
        g_assert_cmphex(setup[0x1fa] | (setup[0x1fb] << 8), ==,
                        cases[i].mode);
        qtest_quit(s);
    }
}

/* Run with @props and expect status 1 and @msg on stderr. */
static void expect_error(const char *props, const char *msg)
{
    g_autofree char *m = g_strdup_printf("%s,%s", MACHINE, props);
    g_autofree char *quoted = g_shell_quote(m);
    g_autofree char *err = NULL;

    g_assert_cmpint(qtest_runf(NULL, &err, "-M %s -display none -accel qtest",
                               quoted), ==, 1);
    if (!strstr(err, msg)) {
        g_error("expected '%s' in:\n%s", msg, err);
    }
}

static void test_errors(void)
{
    static const KernelSpec old = { 4, 0x105, 0x01, 0, 0, PAYLOAD };
    static const KernelSpec good = { 1, 0x20f, 0x01, 0x7fffffff, 0, 16 };
    static const uint8_t multiboot[16] = {
        0x02, 0xb0, 0xad, 0x1b, 0x00, 0x00, 0x00, 0x00,
        0xfe, 0x4f, 0x52, 0xe4,     /* -(magic + flags) */
    };
    g_autofree char *missing = g_build_filename(tmpdir, "missing", NULL);
    g_autofree char *kold = kernel_file("old", &old, NULL, NULL);
    g_autofree char *kgood = kernel_file("good", &good, NULL, NULL);
    g_autofree char *empty = write_tmp("empty", "", 0);
    g_autofree char *tiny = write_tmp("tiny", "MZ\0\0", 4);
    g_autofree char *elf = write_tmp("elf", "\177ELF\2\1\1\0", 8);
    g_autofree char *mb = write_tmp("multiboot", multiboot,
                                    sizeof(multiboot));
    g_autofree char *big = NULL;
    g_autofree uint8_t *bigdata = g_malloc0(17 * MiB);
    char *p, *m;

    if (!have_machine()) {
        return;
    }
    big = write_tmp("biginitrd", bigdata, 17 * MiB);

    p = g_strdup_printf("kernel=%s", missing);
    m = g_strdup_printf("could not load kernel '%s': Failed to open file "
                        "\xe2\x80\x9c%s\xe2\x80\x9d: No such file or "
                        "directory", missing, missing);
    expect_error(p, m);
    g_free(p);
    g_free(m);
    p = g_strdup_printf("kernel=%s", empty);
    m = g_strdup_printf("could not load kernel '%s': the file is empty",
                        empty);
    expect_error(p, m);
    g_free(p);
    g_free(m);
    p = g_strdup_printf("kernel=%s", tiny);
    expect_error(p, "invalid kernel header");
    g_free(p);
    p = g_strdup_printf("kernel=%s", elf);
    expect_error(p, "is an ELF file: only bzImage and zImage kernels can "
                 "be loaded");
    g_free(p);
    p = g_strdup_printf("kernel=%s", mb);
    expect_error(p, "is a multiboot kernel, which is not supported");
    g_free(p);
    p = g_strdup_printf("kernel=%s,initrd=%s", kold, empty);
    expect_error(p, "linux kernel too old to load a ram disk");
    g_free(p);
    p = g_strdup_printf("kernel=%s,initrd=%s", kgood, missing);
    expect_error(p, "could not load initrd");
    g_free(p);
    /* 16 MiB of RAM leave room for less than 16 MiB of initrd. */
    {
        g_autofree char *q = g_strdup_printf("%s,kernel=%s,initrd=%s",
                                             MACHINE, kgood, big);
        g_autofree char *quoted = g_shell_quote(q);
        g_autofree char *err = NULL;

        g_assert_cmpint(qtest_runf(NULL, &err, "-M %s -m 16M -display none "
                                   "-accel qtest", quoted), ==, 1);
        g_assert_nonnull(strstr(err, "initrd is too large, cannot support "
                                "(max: 16613375, need 17825792)"));
    }
    p = g_strdup_printf("kernel=%s,append=vga=junk", kgood);
    expect_error(p, "invalid 'vga=' kernel parameter");
    g_free(p);
    /* -initrd and -append need -kernel (qemu's words). */
    p = g_strdup_printf("initrd=%s", empty);
    expect_error(p, "-initrd only allowed with -kernel option");
    g_free(p);
    expect_error("append=quiet", "-append only allowed with -kernel option");
}

int main(int argc, char **argv)
{
    int ret;
    guint i;

    g_test_init(&argc, &argv, NULL);
    tmpdir = g_dir_make_tmp("fw_cfg-linux-XXXXXX", NULL);
    tmpfiles = g_ptr_array_new_with_free_func(g_free);
    g_test_add_func("/fw_cfg/linux/modern", test_modern);
    g_test_add_func("/fw_cfg/linux/protocol-2.01", test_protocol_201);
    g_test_add_func("/fw_cfg/linux/low", test_low);
    g_test_add_func("/fw_cfg/linux/initrd-above", test_initrd_above);
    g_test_add_func("/fw_cfg/linux/vga", test_vga);
    g_test_add_func("/fw_cfg/linux/errors", test_errors);
    ret = g_test_run();
    for (i = 0; i < tmpfiles->len; i++) {
        unlink(g_ptr_array_index(tmpfiles, i));
    }
    g_ptr_array_free(tmpfiles, true);
    rmdir(tmpdir);
    g_free(tmpdir);
    return ret;
}
