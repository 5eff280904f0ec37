/*
 * -fw_cfg [name=]NAME,file=PATH|string=STR|gen_id=ID: user files in
 * fw_cfg (shared/specs/fw_cfg.rst, "Externally Provided Items"), their
 * contents as the guest reads them, and every error, with qemu 7.2's
 * messages: each names the option ("PROG: -fw_cfg ARG: message") and
 * ends the program with status 1.
 */
#include "util/osdep.h"
#include "fw_cfg-util.h"

#define MACHINE "corvid-test-x86"
#define BASE_ARGS "-M " MACHINE " -display none -accel qtest"
#define OPT_WARNING "warning: externally provided fw_cfg item names should " \
                    "be prefixed with \"opt/\""
/* The longest name: 55 characters. */
#define LONG_NAME "opt/long-name-of-55-characters-xxxxxxxxxxxxxxxxxxxxxxxx"
#define NEEDED "name, plus exactly one of file, string and gen_id, are needed"

static char *tmpdir;

/* Whether the binary has the machine and the option; skip if not. */
static bool have_fw_cfg(void)
{
    static int have = -1;

    if (have < 0) {
        g_autofree char *err = NULL;

        have = qtest_has_machine(MACHINE);
        if (have) {
            qtest_run("-fw_cfg", NULL, &err);
            have = !strstr(err, "-fw_cfg: invalid option");
        }
    }
    if (!have) {
        g_test_skip("needs the " MACHINE " machine and -fw_cfg");
    }
    return have;
}

static char *make_file(const char *name, const void *data, size_t len)
{
    char *path = g_build_filename(tmpdir, name, NULL);

    g_assert_true(g_file_set_contents(path, data, len, NULL));
    return path;
}

/*
 * Run with "-fw_cfg @arg" (plus @extra) and expect status 1 and
 * "-fw_cfg ARG: MSG" on stderr, after "PROG: " as error messages are.
 */
static void expect_error(const char *extra, const char *arg, const char *msg)
{
    g_autofree char *err = NULL;
    g_autofree char *quoted = g_shell_quote(arg);
    g_autofree char *line = g_strdup_printf(": -fw_cfg %s: %s\n", arg, msg);

    g_assert_cmpint(qtest_runf(NULL, &err, BASE_ARGS " %s -fw_cfg %s",
                               extra, quoted), ==, 1);
    if (!strstr(err, line)) {
        g_error("expected '%s' in:\n%s", line, err);
    }
}

static void test_items(void)
{
    static const uint8_t bin[] = { 0, 1, 2, 0xff, 0, 'x' };
    g_autofree char *path = make_file("bin", bin, sizeof(bin));
    g_autofree char *empty = make_file("empty", "", 0);
    g_autofree QFWCfgFile *files = NULL;
    g_autofree uint8_t *data = NULL;
    QFWCfg fw;
    QTestState *s;
    uint32_t n, i, len;
    const char *last = "";

    if (!have_fw_cfg()) {
        return;
    }
    s = qtest_initf("-M " MACHINE " -fw_cfg opt/s,string=hello "
                    "-fw_cfg name=opt/f,file=%s -fw_cfg opt/e,file=%s "
                    "-fw_cfg opt/comma,string=a,,b -fw_cfg Zed,string=1 "
                    "-fw_cfg " LONG_NAME ",string=55", path, empty);
    qfw_init_io(&fw, s);

    /* Sorted by strcmp among the machine's files: "Zed" first. */
    files = qfw_read_dir(&fw, &n);
    g_assert_cmpuint(n, ==, 7 + 6);
    g_assert_cmpstr(files[0].name, ==, "Zed");
    for (i = 0; i < n; i++) {
        g_assert_cmpint(strcmp(last, files[i].name), <, 0);
        g_assert_cmphex(files[i].select, ==, FW_CFG_FILE_FIRST + i);
        last = files[i].name;
    }
    g_assert_cmpstr(files[n - 1].name, ==, "opt/s");

    /* Strings without their NUL; files byte for byte. */
    data = qfw_read_file(&fw, "opt/s", &len);
    g_assert_cmpmem(data, len, "hello", 5);
    g_free(data);
    data = qfw_read_file(&fw, "opt/f", &len);
    g_assert_cmpmem(data, len, bin, sizeof(bin));
    g_free(data);
    data = qfw_read_file(&fw, "opt/e", &len);
    g_assert_cmpuint(len, ==, 0);
    g_free(data);
    data = qfw_read_file(&fw, "opt/comma", &len);
    g_assert_cmpmem(data, len, "a,b", 3);
    g_free(data);
    data = qfw_read_file(&fw, LONG_NAME, &len);
    g_assert_cmpmem(data, len, "55", 2);

    /* Read-only to the guest. */
    {
        uint16_t key = qfw_find_file(&fw, "opt/s", NULL);

        qtest_memwrite(s, 0x2000, "HELLO", 5);
        g_assert_cmphex(qfw_dma(&fw, 0x1000, FW_CFG_DMA_CTL_SELECT |
                                (key << 16) | FW_CFG_DMA_CTL_WRITE, 5,
                                0x2000), ==, FW_CFG_DMA_CTL_ERROR);
        g_free(data);
        data = qfw_read_file(&fw, "opt/s", &len);
        g_assert_cmpmem(data, len, "hello", 5);
    }
    qtest_quit(s);
}

/* A big file through one DMA read, compared byte for byte. */
static void test_big_file(void)
{
    const size_t size = 3 * MiB + 5;
    g_autofree uint8_t *content = g_malloc(size);
    g_autofree uint8_t *back = g_malloc(size);
    g_autofree char *path = NULL;
    QFWCfg fw;
    QTestState *s;
    uint32_t len;
    uint16_t key;
    size_t i;

    if (!have_fw_cfg()) {
        return;
    }
    for (i = 0; i < size; i++) {
        content[i] = i * 7 + (i >> 12);
    }
    path = make_file("big", content, size);
    s = qtest_initf("-M " MACHINE " -fw_cfg opt/big,file=%s", path);
    qfw_init_io(&fw, s);
    key = qfw_find_file(&fw, "opt/big", &len);
    g_assert_cmpuint(len, ==, size);
    g_assert_cmphex(qfw_dma(&fw, 0x1000, FW_CFG_DMA_CTL_SELECT |
                            (key << 16) | FW_CFG_DMA_CTL_READ, size,
                            0x100000), ==, 0);
    qtest_bufread(s, 0x100000, back, size);
    g_assert_cmpmem(back, size, content, size);
    qtest_quit(s);
}

/* Names outside opt/ are accepted with qemu's warning. */
static void test_warning(void)
{
    QTestState *s;
    QFWCfg fw;

    if (!have_fw_cfg()) {
        return;
    }
    s = qtest_init("-M " MACHINE " -fw_cfg foo,string=bar");
    qfw_init_io(&fw, s);
    g_assert_cmphex(qfw_find_file(&fw, "foo", NULL), !=, FW_CFG_INVALID);
    qtest_quit(s);
    /* The warning itself, seen where the run fails later. */
    expect_error("-fw_cfg foo,string=baz", "foo,string=baz",
                 "duplicate fw_cfg file name: foo");
    {
        g_autofree char *err = NULL;

        qtest_runf(NULL, &err, BASE_ARGS " -fw_cfg foo,string=x "
                   "-fw_cfg etc/e820,string=y");
        g_assert_nonnull(strstr(err, ": -fw_cfg foo,string=x: "
                                OPT_WARNING "\n"));
        g_assert_nonnull(strstr(err, ": -fw_cfg etc/e820,string=y: "
                                OPT_WARNING "\n"));
        g_assert_nonnull(strstr(err, ": -fw_cfg etc/e820,string=y: "
                                "duplicate fw_cfg file name: etc/e820\n"));
    }
}

static void test_errors(void)
{
    g_autofree char *missing = g_build_filename(tmpdir, "missing", NULL);
    g_autofree char *arg = NULL, *msg = NULL;
    GString *many = g_string_new(NULL);
    unsigned i;

    if (!have_fw_cfg()) {
        g_string_free(many, true);
        return;
    }
    /* Not exactly one source, or no name. */
    expect_error("", "name=opt/a", NEEDED);
    expect_error("", "opt/a", NEEDED);
    expect_error("", "string=x", NEEDED);
    expect_error("", "name=,string=x", NEEDED);
    expect_error("", "opt/a,string=", NEEDED);
    expect_error("", "opt/a,string=x,file=/etc/hostname", NEEDED);
    expect_error("", "opt/a,string=x,gen_id=g", NEEDED);
    /* Unknown keys: found while parsing. */
    expect_error("", "opt/a,string=x,bogus=1", "Invalid parameter 'bogus'");
    /* 55 characters is the most. */
    expect_error("", LONG_NAME "x,string=x", "name too long (max. 55 char)");
    /* No generator types exist. */
    expect_error("", "opt/a,gen_id=g", "Cannot find object ID 'g'");
    expect_error("-object corvid-test-object,id=g", "opt/a,gen_id=g",
                 "Object ID 'g' is not a 'fw_cfg-data-generator' subclass");
    /* Files that cannot be read: GLib's words, after qemu's. */
    arg = g_strdup_printf("opt/a,file=%s", missing);
    msg = g_strdup_printf("can't load %s: Failed to open file \xe2\x80\x9c%s"
                          "\xe2\x80\x9d: No such file or directory", missing,
                          missing);
    expect_error("", arg, msg);
    g_free(arg);
    g_free(msg);
    arg = g_strdup_printf("opt/a,file=%s", tmpdir);
    msg = g_strdup_printf("can't load %s: Error reading file \xe2\x80\x9c%s"
                          "\xe2\x80\x9d: Is a directory", tmpdir, tmpdir);
    expect_error("", arg, msg);
    /* Devices are read to their end, but not forever. */
    expect_error("", "opt/a,file=/dev/zero", "can't load /dev/zero: File "
                 "\xe2\x80\x9c/dev/zero\xe2\x80\x9d is larger than 268435456 "
                 "bytes");
    /* Duplicates, of a user file or a machine file. */
    expect_error("-fw_cfg opt/a,string=x", "opt/a,string=y",
                 "duplicate fw_cfg file name: opt/a");
    expect_error("", "bootorder,string=y",
                 "duplicate fw_cfg file name: bootorder");
    /* No fw_cfg on the machine. */
    {
        g_autofree char *err = NULL;

        g_assert_cmpint(qtest_run("-M none -display none -accel qtest "
                                  "-fw_cfg opt/a,string=x", NULL, &err),
                        ==, 1);
        g_assert_nonnull(strstr(err, ": -fw_cfg opt/a,string=x: fw_cfg "
                                "device not available\n"));
    }
    /* More files than slots (32, of which the machine uses 7). */
    for (i = 0; i < 25; i++) {
        g_string_append_printf(many, "-fw_cfg opt/f%u,string=x ", i);
    }
    expect_error(many->str, "opt/one-too-many,string=x",
                 "cannot add fw_cfg file 'opt/one-too-many': all 32 file "
                 "slots are in use");
    g_string_free(many, true);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    G_STATIC_ASSERT(sizeof(LONG_NAME) - 1 == FW_CFG_MAX_FILE_PATH - 1);
    tmpdir = g_dir_make_tmp("fw_cfg-opts-XXXXXX", NULL);
    g_assert_nonnull(tmpdir);
    g_test_add_func("/fw_cfg/opts/items", test_items);
    g_test_add_func("/fw_cfg/opts/big-file", test_big_file);
    g_test_add_func("/fw_cfg/opts/warning", test_warning);
    g_test_add_func("/fw_cfg/opts/errors", test_errors);
    ret = g_test_run();
    {
        const char *names[] = { "bin", "empty", "big", NULL };
        unsigned i;

        for (i = 0; names[i]; i++) {
            g_autofree char *p = g_build_filename(tmpdir, names[i], NULL);

            unlink(p);
        }
    }
    rmdir(tmpdir);
    g_free(tmpdir);
    return ret;
}
