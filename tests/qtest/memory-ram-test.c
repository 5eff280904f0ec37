/*
 * Guest RAM through the binary: -m gives the none machine RAM at 0,
 * which qtest reads and writes (sized, hex, base64, memset) at memcpy
 * speed, with unassigned memory and ports around it; -M memory-backend=
 * names the backend instead, with qemu's errors; "info mtree" shows it.
 * Every expected reply is what qemu-system-x86_64 7.2 gives.
 */
#include "util/osdep.h"
#include "libqtest.h"

#define RAM_SIZE (16 * MiB)

static void test_sized(void)
{
    QTestState *s = qtest_init("-M none -m 16M");

    qtest_writeb(s, 0x10, 0x12);
    qtest_writew(s, 0x20, 0x3456);
    qtest_writel(s, 0x30, 0x789abcde);
    qtest_writeq(s, 0x40, 0x0123456789abcdefULL);
    g_assert_cmphex(qtest_readb(s, 0x10), ==, 0x12);
    g_assert_cmphex(qtest_readw(s, 0x20), ==, 0x3456);
    g_assert_cmphex(qtest_readl(s, 0x30), ==, 0x789abcde);
    g_assert_cmphex(qtest_readq(s, 0x40), ==, 0x0123456789abcdefULL);
    /* Little-endian in memory. */
    g_assert_cmphex(qtest_readb(s, 0x41), ==, 0xcd);
    g_assert_cmphex(qtest_readl(s, 0x44), ==, 0x01234567);
    /* The last bytes of RAM, and the first past it (unassigned: zero,
     * writes dropped). */
    qtest_writel(s, RAM_SIZE - 4, 0xfeedface);
    g_assert_cmphex(qtest_readl(s, RAM_SIZE - 4), ==, 0xfeedface);
    qtest_writel(s, RAM_SIZE, 0xffffffff);
    g_assert_cmphex(qtest_readl(s, RAM_SIZE), ==, 0);
    g_assert_cmphex(qtest_readq(s, RAM_SIZE - 4), ==, 0xfeedface);
    /* Ports: nothing there reads as all-ones. */
    g_assert_cmphex(qtest_inb(s, 0x80), ==, 0xff);
    g_assert_cmphex(qtest_inl(s, 0xcfc), ==, 0xffffffff);
    qtest_outl(s, 0xcf8, 0x80000000);
    g_assert_cmphex(qtest_inw(s, 0xcf8), ==, 0xffff);
    qtest_quit(s);
}

static void test_buffers(void)
{
    QTestState *s = qtest_init("-M none -m 16M");
    size_t len = 3 * MiB + 5;
    g_autofree uint8_t *out = g_malloc(len);
    g_autofree uint8_t *in = g_malloc(len);
    size_t i;

    for (i = 0; i < len; i++) {
        out[i] = i * 7 + (i >> 12);
    }
    /* Base64 in, hex out, and the other way round. */
    qtest_bufwrite(s, 0x100003, out, len);
    qtest_memread(s, 0x100003, in, len);
    g_assert_cmpmem(in, len, out, len);
    memset(in, 0, len);
    qtest_bufread(s, 0x100003, in, len);
    g_assert_cmpmem(in, len, out, len);

    qtest_memwrite(s, 0x1000, "hello", 5);
    qtest_bufread(s, 0xffe, in, 9);
    g_assert_cmpmem(in, 9, "\0\0hello\0\0", 9);

    /* memset, up to the end of RAM and past it. */
    qtest_memset(s, RAM_SIZE - 2 * MiB, 0xa5, 2 * MiB + 4096);
    qtest_bufread(s, RAM_SIZE - 2 * MiB, in, 2 * MiB + 8);
    for (i = 0; i < 2 * MiB; i++) {
        if (in[i] != 0xa5) {
            g_assert_cmphex(in[i], ==, 0xa5);
        }
    }
    g_assert_cmpmem(in + 2 * MiB, 8, "\0\0\0\0\0\0\0\0", 8);
    /* What was written before is untouched below. */
    qtest_bufread(s, 0x100003, in, 64);
    g_assert_cmpmem(in, 64, out, 64);

    /* A read that straddles the end of RAM. */
    qtest_memwrite(s, RAM_SIZE - 2, "zz", 2);
    qtest_memread(s, RAM_SIZE - 2, in, 4);
    g_assert_cmpmem(in, 4, "zz\0\0", 4);
    qtest_quit(s);
}

/* Without -m the none machine has no RAM at all. */
static void test_no_ram(void)
{
    QTestState *s = qtest_init("-M none");
    uint8_t buf[4];

    qtest_writel(s, 0, 0x12345678);
    g_assert_cmphex(qtest_readl(s, 0), ==, 0);
    qtest_bufread(s, 0, buf, 4);
    g_assert_cmpmem(buf, 4, "\0\0\0\0", 4);
    qtest_qmp_assert_return(s, "\"\"", "{'execute': 'qom-get', 'arguments': "
                            "{'path': '/machine', "
                            "'property': 'memory-backend'}}");
    qtest_qmp_assert_return(s, "[{\"name\": \"type\", \"type\": "
                            "\"string\"}]",
                            "{'execute': 'qom-list', 'arguments': "
                            "{'path': '/objects'}}");
    qtest_quit(s);
}

static char *hmp(QTestState *s, const char *cmd)
{
    QObject *ret = qtest_qmp_assert_success_ref(s,
        "{'execute': 'human-monitor-command', "
        "'arguments': {'command-line': %s}}", cmd);
    char *text = g_strdup(qstring_get_str(qobject_to(QString, ret)));

    qobject_unref(ret);
    return text;
}

/* The default backend is a real object, /objects/ram, and the machine's
 * memory-backend link points at it. */
static void test_default_backend(void)
{
    QTestState *s = qtest_init("-M none -m 16M");
    QList *list;

    qtest_qmp_assert_return(s, "\"/objects/ram\"", "{'execute': 'qom-get', "
                            "'arguments': {'path': '/machine', "
                            "'property': 'memory-backend'}}");
    list = qtest_qmp_assert_list(s, "{'execute': 'qom-list', 'arguments': "
                                 "{'path': '/objects'}}");
    g_assert_cmpuint(qlist_size(list), ==, 2);
    qobject_assert_json(QOBJECT(qlist_find_named(list, "ram")),
                        "{\"name\": \"ram\", "
                        "\"type\": \"child<memory-backend-ram>\"}");
    qobject_unref(list);
    qtest_qmp_assert_return(s, "16777216", "{'execute': 'qom-get', "
                            "'arguments': {'path': '/objects/ram', "
                            "'property': 'size'}}");
    qtest_qmp_assert_return(s, "\"memory-region\"", "{'execute': 'qom-get', "
                            "'arguments': {'path': '/objects/ram/ram[0]', "
                            "'property': 'type'}}");
    qtest_qmp_assert_return(s, "\"/machine/unattached/system[0]\"",
                            "{'execute': 'qom-get', 'arguments': "
                            "{'path': '/objects/ram/ram[0]', "
                            "'property': 'container'}}");
    list = qtest_qmp_assert_list(s, "{'execute': 'qom-list', 'arguments': "
                                 "{'path': '/machine'}}");
    qobject_assert_json(QOBJECT(qlist_find_named(list, "memory-backend")),
                        "{\"name\": \"memory-backend\", "
                        "\"type\": \"link<memory-backend>\"}");
    qobject_unref(list);
    /* The machine uses it: it stays. */
    qmp_assert_error(qtest_qmp(s, "{'execute': 'object-del', 'arguments': "
                               "{'id': 'ram'}}"),
                     "GenericError",
                     "object 'ram' is in use, can not be deleted");
    qtest_quit(s);
}

static void test_mtree(void)
{
    QTestState *s = qtest_init("-M none -m 16M");
    g_autofree char *tree = hmp(s, "info mtree");
    g_autofree char *flat = hmp(s, "info mtree -f");
    g_autofree char *bad = hmp(s, "info mtree -x");

    g_assert_cmpstr(tree, ==,
        "address-space: memory\r\n"
        "  0000000000000000-ffffffffffffffff (prio 0, i/o): system\r\n"
        "    0000000000000000-0000000000ffffff (prio 0, ram): ram\r\n"
        "\r\n"
        "address-space: I/O\r\n"
        "  0000000000000000-000000000000ffff (prio 0, i/o): io\r\n"
        "\r\n");
    g_assert_cmpstr(flat, ==,
        "FlatView #0\r\n"
        " AS \"memory\", root: system\r\n"
        " Root memory region: ram\r\n"
        "  0000000000000000-0000000000ffffff (prio 0, ram): ram\r\n"
        "\r\n"
        "FlatView #1\r\n"
        " AS \"I/O\", root: io\r\n"
        " Root memory region: io\r\n"
        "  0000000000000000-000000000000ffff (prio 0, i/o): io\r\n"
        "\r\n");
    g_assert_cmpstr(bad, ==, "mtree: unsupported option -x\r\n"
                    "Try \"help info mtree\" for more information\r\n");
    qtest_quit(s);

    s = qtest_init("-M none");
    g_free(flat);
    flat = hmp(s, "info mtree -f");
    g_assert_cmpstr(flat, ==,
        "FlatView #0\r\n"
        " AS \"memory\", root: system\r\n"
        " Root memory region: (none)\r\n"
        "  No rendered FlatView\r\n"
        "\r\n"
        "FlatView #1\r\n"
        " AS \"I/O\", root: io\r\n"
        " Root memory region: io\r\n"
        "  0000000000000000-000000000000ffff (prio 0, i/o): io\r\n"
        "\r\n");
    qtest_quit(s);
}

/* -M memory-backend=ID: the backend is the RAM, its size the RAM size. */
static void test_memory_backend_option(void)
{
    QTestState *s = qtest_init("-M none,memory-backend=mem "
                               "-object memory-backend-ram,id=mem,size=32M");
    g_autofree char *tree = hmp(s, "info mtree");

    g_assert_nonnull(strstr(tree, "    0000000000000000-0000000001ffffff "
                            "(prio 0, ram): mem\r\n"));
    qtest_writel(s, 32 * MiB - 4, 0x5a5aa5a5);
    g_assert_cmphex(qtest_readl(s, 32 * MiB - 4), ==, 0x5a5aa5a5);
    qtest_qmp_assert_return(s, "\"/objects/mem\"", "{'execute': 'qom-get', "
                            "'arguments': {'path': '/machine', "
                            "'property': 'memory-backend'}}");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'object-del', 'arguments': "
                               "{'id': 'mem'}}"),
                     "GenericError",
                     "object 'mem' is in use, can not be deleted");
    qtest_quit(s);

    /* With a matching -m, and with the default id, both fine. */
    s = qtest_init("-M none,memory-backend=ram -m 16M "
                   "-object memory-backend-ram,id=ram,size=16M");
    qtest_writeb(s, 16 * MiB - 1, 7);
    g_assert_cmphex(qtest_readb(s, 16 * MiB - 1), ==, 7);
    qtest_quit(s);
}

static void expect_start_error(const char *args, const char *message)
{
    g_autofree char *err = NULL;
    int status = qtest_runf(NULL, &err, "-display none %s", args);

    g_assert_cmpint(status, ==, 1);
    if (!strstr(err, message)) {
        g_test_message("stderr: %s", err);
        g_assert_nonnull(strstr(err, message));
    }
}

static void test_machine_errors(void)
{
    expect_start_error("-M none,memory-backend=foo",
                       "Memory backend 'foo' not found\n");
    /* A name that is not a memory backend is not found either. */
    expect_start_error("-M none,memory-backend=mem -object "
                       "corvid-test-object,id=mem",
                       "Memory backend 'mem' not found\n");
    expect_start_error("-M none,memory-backend=mem -m 16M "
                       "-object memory-backend-ram,id=mem,size=32M",
                       "Machine memory size does not match the size of the "
                       "memory backend\n");
    expect_start_error("-M none -m 16M "
                       "-object memory-backend-ram,id=ram,size=1M",
                       "object name 'ram' is reserved for the default RAM "
                       "backend, it can't be used for any other purposes. "
                       "Change the object's 'id' to something else\n");
    expect_start_error("-M none -m 100T",
                       "cannot set up guest memory 'ram': Cannot allocate "
                       "memory\n");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/memory/ram/sized", test_sized);
    g_test_add_func("/memory/ram/buffers", test_buffers);
    g_test_add_func("/memory/ram/none", test_no_ram);
    g_test_add_func("/memory/ram/default-backend", test_default_backend);
    g_test_add_func("/memory/ram/mtree", test_mtree);
    g_test_add_func("/memory/ram/memory-backend", test_memory_backend_option);
    g_test_add_func("/memory/ram/machine-errors", test_machine_errors);
    return g_test_run();
}
