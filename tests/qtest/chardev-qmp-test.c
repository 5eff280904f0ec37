/*
 * The character-device QMP commands against the running binary:
 * chardev-add (null, ringbuf, pty, unix and tcp socket servers and
 * clients, file), chardev-remove, query-chardev, ringbuf-write and
 * ringbuf-read.  Every expected reply is the one qemu-system-x86_64 7.2
 * gives for the same request.
 */
#include "util/osdep.h"
#include <sys/socket.h>
#include <sys/un.h>
#include "libqtest.h"

/* How long a socket chardev may take to notice a connection. */
#define CONNECT_TIMEOUT_MS 5000
#define POLL_MS 10

/* A null chardev held by a second monitor: busy for chardev-remove. */
#define BUSY_ARGS "-M none -chardev null,id=busy0 " \
                  "-mon chardev=busy0,mode=control"

/*
 * Start the emulator; NULL (and the test skipped) if it was built
 * without the chardev commands.
 */
static QTestState *start(const char *args)
{
    QTestState *s = qtest_init(args);
    QDict *rsp = qtest_qmp(s, "{'execute': 'query-chardev'}");
    QDict *error = qdict_get_qdict(rsp, "error");

    if (error && !g_strcmp0(qdict_get_try_str(error, "class"),
                            "CommandNotFound")) {
        g_test_skip("the chardev QMP commands are not built in "
                    "(monitor/qmp-cmds-chardev.c)");
        qobject_unref(rsp);
        qtest_quit(s);
        return NULL;
    }
    qobject_unref(rsp);
    return s;
}

/* query-chardev's entry for @label (new reference), or NULL. */
static QDict *chardev_info(QTestState *s, const char *label)
{
    QList *list = qtest_qmp_assert_list(s, "{'execute': 'query-chardev'}");
    QDict *found = NULL;
    size_t i;

    for (i = 0; i < qlist_size(list); i++) {
        QDict *info = qobject_to(QDict, qlist_get(list, i));

        if (!g_strcmp0(qdict_get_try_str(info, "label"), label)) {
            found = info;
            qobject_ref(found);
        }
    }
    qobject_unref(list);
    return found;
}

/* Assert that query-chardev shows @label with @filename and @open. */
static void assert_chardev(QTestState *s, const char *label,
                           const char *filename, bool open)
{
    QDict *info = chardev_info(s, label);
    g_autofree char *json = g_strdup_printf(
        "{\"label\": \"%s\", \"filename\": \"%s\", \"frontend-open\": %s}",
        label, filename, open ? "true" : "false");

    if (!info) {
        g_error("query-chardev has no '%s'", label);
    }
    qobject_assert_json(QOBJECT(info), json);
    qobject_unref(info);
}

/* Wait until query-chardev shows @filename for @label. */
static void wait_filename(QTestState *s, const char *label,
                          const char *filename)
{
    gint64 deadline = g_get_monotonic_time() +
                      CONNECT_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

    for (;;) {
        QDict *info = chardev_info(s, label);
        bool done = info && !g_strcmp0(qdict_get_try_str(info, "filename"),
                                       filename);

        qobject_unref(info);
        if (done) {
            return;
        }
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        g_usleep(POLL_MS * 1000);
    }
}

static void test_add_remove(void)
{
    QTestState *s = start(BUSY_ARGS);

    if (!s) {
        return;
    }
    qtest_qmp_assert_return(s, "{}", "{'execute': 'chardev-add', 'arguments': "
                            "{'id': 'n0', 'backend': {'type': 'null', "
                            "'data': {}}}}");
    assert_chardev(s, "n0", "null", false);
    assert_chardev(s, "busy0", "null", true);
    /* Ids are not checked as identifiers. */
    qtest_qmp_assert_return(s, "{}", "{'execute': 'chardev-add', 'arguments': "
                            "{'id': '1bad', 'backend': {'type': 'null', "
                            "'data': {}}}}");
    assert_chardev(s, "1bad", "null", false);

#define ADD_ERR(args, desc) \
    qmp_assert_error(qtest_qmp(s, "{'execute': 'chardev-add', 'arguments': " \
                               args "}"), "GenericError", desc)
    ADD_ERR("{'id': 'n0', 'backend': {'type': 'null', 'data': {}}}",
            "Chardev with id 'n0' already exists");
    ADD_ERR("{'id': 'x0', 'backend': {'type': 'null'}}",
            "Parameter 'backend.data' is missing");
    ADD_ERR("{'id': 'x0', 'backend': {'data': {}}}",
            "Parameter 'backend.type' is missing");
    ADD_ERR("{'id': 'x0'}", "Parameter 'backend' is missing");
    ADD_ERR("{'backend': {'type': 'null', 'data': {}}}",
            "Parameter 'id' is missing");
    ADD_ERR("{'id': 'x0', 'backend': {'type': 'nope', 'data': {}}}",
            "Parameter 'type' does not accept value 'nope'");
    ADD_ERR("{'id': 'x0', 'backend': {'type': 5, 'data': {}}}",
            "Invalid parameter type for 'backend.type', expected: string");
    ADD_ERR("{'id': 'x0', 'backend': 'null'}",
            "Invalid parameter type for 'backend', expected: object");
    ADD_ERR("{'id': 'x0', 'backend': {'type': 'null', 'data': {'x': 1}}}",
            "Parameter 'backend.data.x' is unexpected");
    ADD_ERR("{'id': 'x0', 'backend': {'type': 'null', 'data': {}}, 'x': 1}",
            "Parameter 'x' is unexpected");
    ADD_ERR("{'id': 'x0', 'backend': {'type': 'ringbuf', "
            "'data': {'size': 3}}}",
            "Failed to add chardev 'x0': size of ringbuf chardev must be "
            "power of two");
    ADD_ERR("{'id': 'x0', 'backend': {'type': 'ringbuf', "
            "'data': {'size': '8'}}}",
            "Invalid parameter type for 'backend.data.size', expected: "
            "integer");
    ADD_ERR("{'id': 'x0', 'backend': {'type': 'file', 'data': {}}}",
            "Parameter 'backend.data.out' is missing");
#undef ADD_ERR
    g_assert_null(chardev_info(s, "x0"));

    qtest_qmp_assert_success(s, "{'execute': 'chardev-remove', "
                             "'arguments': {'id': 'n0'}}");
    g_assert_null(chardev_info(s, "n0"));
    qmp_assert_error(qtest_qmp(s, "{'execute': 'chardev-remove', 'arguments': "
                               "{'id': 'n0'}}"),
                     "GenericError", "Chardev 'n0' not found");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'chardev-remove', 'arguments': "
                               "{'id': 'nope'}}"),
                     "GenericError", "Chardev 'nope' not found");
    /* In use by a monitor: ours (libqtest's char0) and the -mon one. */
    qmp_assert_error(qtest_qmp(s, "{'execute': 'chardev-remove', 'arguments': "
                               "{'id': 'busy0'}}"),
                     "GenericError", "Chardev 'busy0' is busy");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'chardev-remove', 'arguments': "
                               "{'id': 'char0'}}"),
                     "GenericError", "Chardev 'char0' is busy");
    assert_chardev(s, "busy0", "null", true);
    qmp_assert_error(qtest_qmp(s, "{'execute': 'chardev-remove', "
                               "'arguments': {}}"),
                     "GenericError", "Parameter 'id' is missing");
    /* The id is free again. */
    qtest_qmp_assert_success(s, "{'execute': 'chardev-add', 'arguments': "
                             "{'id': 'n0', 'backend': {'type': 'null', "
                             "'data': {}}}}");
    qtest_quit(s);
}

static void test_ringbuf(void)
{
    QTestState *s = start("-M none -chardev ringbuf,id=r0,size=8");

    if (!s) {
        return;
    }
    assert_chardev(s, "r0", "ringbuf", false);
    qtest_qmp_assert_success(s, "{'execute': 'chardev-add', 'arguments': "
                             "{'id': 'r1', 'backend': {'type': 'ringbuf', "
                             "'data': {'size': 16}}}}");
    qtest_qmp_assert_success(s, "{'execute': 'chardev-add', 'arguments': "
                             "{'id': 'n0', 'backend': {'type': 'null', "
                             "'data': {}}}}");

#define WRITE(dev, data, fmt) \
    qtest_qmp_assert_success(s, "{'execute': 'ringbuf-write', " \
                             "'arguments': {'device': %s, 'data': %s" fmt \
                             "}}", dev, data)
#define READ(dev, size, fmt, json) \
    qtest_qmp_assert_return(s, json, \
                            "{'execute': 'ringbuf-read', 'arguments': " \
                            "{'device': %s, 'size': %d" fmt "}}", dev, size)
    /* Reads take the oldest bytes; an empty ring reads as "". */
    WRITE("r0", "hello", "");
    READ("r0", 3, "", "\"hel\"");
    READ("r0", 100, "", "\"lo\"");
    READ("r0", 100, "", "\"\"");
    READ("r0", 100, ", 'format': 'base64'", "\"\"");
    /* A full ring keeps the newest bytes. */
    WRITE("r0", "0123456789", "");
    READ("r0", 100, "", "\"23456789\"");
    /* base64 both ways; an unpadded last group is dropped, as qemu does. */
    WRITE("r0", "aGVsbG8=", ", 'format': 'base64'");
    READ("r0", 100, ", 'format': 'base64'", "\"aGVsbG8=\"");
    WRITE("r0", "aGVsbG8", ", 'format': 'base64'");
    READ("r0", 100, ", 'format': 'utf8'", "\"hel\"");
    WRITE("r0", "", ", 'format': 'base64'");
    READ("r0", 100, "", "\"\"");
    /* Bytes that are not UTF-8 read as U+FFFD; base64 keeps them. */
    WRITE("r0", "/w==", ", 'format': 'base64'");
    READ("r0", 10, "", "\"\\uFFFD\"");
    WRITE("r0", "/w==", ", 'format': 'base64'");
    READ("r0", 10, ", 'format': 'base64'", "\"/w==\"");
    /* UTF-8 in, split by the size limit. */
    WRITE("r0", "h\xc3\xa9", "");
    READ("r0", 3, "", "\"h\\u00e9\"");
    WRITE("r1", "\xe2\x82\xac", "");
    READ("r1", 2, ", 'format': 'base64'", "\"4oI=\"");
    READ("r1", 2, ", 'format': 'base64'", "\"rA==\"");
#undef WRITE
#undef READ

#define RB_ERR(cmd, args, desc) \
    qmp_assert_error(qtest_qmp(s, "{'execute': '" cmd "', 'arguments': " \
                               args "}"), "GenericError", desc)
    RB_ERR("ringbuf-write", "{'device': 'r0', 'data': '!!!', "
           "'format': 'base64'}",
           "Base64 data contains invalid characters");
    RB_ERR("ringbuf-write", "{'device': 'r0', 'data': 'x', "
           "'format': 'nope'}",
           "Parameter 'format' does not accept value 'nope'");
    RB_ERR("ringbuf-write", "{'device': 'r0', 'data': 'x', 'format': 5}",
           "Invalid parameter type for 'format', expected: string");
    RB_ERR("ringbuf-write", "{'device': 'r0'}", "Parameter 'data' is missing");
    RB_ERR("ringbuf-read", "{'device': 'r0', 'size': 0}",
           "size must be greater than zero");
    RB_ERR("ringbuf-read", "{'device': 'r0', 'size': -1}",
           "size must be greater than zero");
    RB_ERR("ringbuf-read", "{'device': 'r0', 'size': '1'}",
           "Invalid parameter type for 'size', expected: integer");
    RB_ERR("ringbuf-read", "{'device': 'r0'}", "Parameter 'size' is missing");
    RB_ERR("ringbuf-read", "{'device': 'n0', 'size': 1}",
           "n0 is not a ringbuf device");
    RB_ERR("ringbuf-write", "{'device': 'n0', 'data': 'x'}",
           "n0 is not a ringbuf device");
    RB_ERR("ringbuf-read", "{'device': 'nope', 'size': 1}",
           "Device 'nope' not found");
    RB_ERR("ringbuf-write", "{'device': 'nope', 'data': 'x'}",
           "Device 'nope' not found");
    /* The device is looked up first. */
    RB_ERR("ringbuf-read", "{'device': 'nope', 'size': 0}",
           "Device 'nope' not found");
    RB_ERR("ringbuf-read", "{'device': 'n0', 'size': 0}",
           "n0 is not a ringbuf device");
    RB_ERR("ringbuf-write", "{'device': 'nope', 'data': '!!', "
           "'format': 'base64'}",
           "Device 'nope' not found");
#undef RB_ERR
    /* The refused write left nothing. */
    qtest_qmp_assert_return(s, "\"\"",
                            "{'execute': 'ringbuf-read', 'arguments': "
                            "{'device': 'r0', 'size': 8}}");

    /* A removed ring is gone. */
    qtest_qmp_assert_success(s, "{'execute': 'chardev-remove', "
                             "'arguments': {'id': 'r1'}}");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'ringbuf-read', 'arguments': "
                               "{'device': 'r1', 'size': 1}}"),
                     "GenericError", "Device 'r1' not found");
    qtest_quit(s);
}

/* Connect to unix socket @path. */
static int unix_connect(const char *path)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpuint(strlen(path), <, sizeof(addr.sun_path));
    strcpy(addr.sun_path, path);
    g_assert_cmpint(connect(fd, (struct sockaddr *)&addr, sizeof(addr)),
                    ==, 0);
    return fd;
}

static void test_socket(void)
{
    g_autofree char *dir = g_dir_make_tmp("chardev-qmp-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "s0", NULL);
    g_autofree char *nodir = g_build_filename(dir, "nodir", "s1", NULL);
    g_autofree char *missing = g_build_filename(dir, "missing", NULL);
    g_autofree char *name = NULL;
    g_autofree char *desc = NULL;
    QTestState *s = start("-M none");
    QDict *info;
    char byte;
    int fd;

    if (!s) {
        rmdir(dir);
        return;
    }
    qtest_qmp_assert_return(s, "{}", "{'execute': 'chardev-add', 'arguments': "
                            "{'id': 's0', 'backend': {'type': 'socket', "
                            "'data': {'addr': {'type': 'unix', 'data': "
                            "{'path': %s}}, 'server': true, "
                            "'wait': false}}}}", path);
    g_assert_true(g_file_test(path, G_FILE_TEST_EXISTS));
    name = g_strdup_printf("disconnected:unix:%s,server=on", path);
    assert_chardev(s, "s0", name, false);

    /* A peer connects: the name shows it. */
    fd = unix_connect(path);
    g_free(name);
    name = g_strdup_printf("unix:%s,server=on", path);
    wait_filename(s, "s0", name);
    assert_chardev(s, "s0", name, false);

    /* Removing closes the peer's connection and the listening socket. */
    qtest_qmp_assert_success(s, "{'execute': 'chardev-remove', "
                             "'arguments': {'id': 's0'}}");
    g_assert_cmpint(read(fd, &byte, 1), ==, 0);
    close(fd);
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));

    /* A server again, and a client chardev connecting to it. */
    qtest_qmp_assert_success(s, "{'execute': 'chardev-add', 'arguments': "
                             "{'id': 's1', 'backend': {'type': 'socket', "
                             "'data': {'addr': {'type': 'unix', 'data': "
                             "{'path': %s}}, 'server': true, "
                             "'wait': false}}}}", path);
    qtest_qmp_assert_success(s, "{'execute': 'chardev-add', 'arguments': "
                             "{'id': 'c1', 'backend': {'type': 'socket', "
                             "'data': {'addr': {'type': 'unix', 'data': "
                             "{'path': %s}}, 'server': false}}}}", path);
    wait_filename(s, "s1", name);
    assert_chardev(s, "c1", "unix:", false);

    /* tcp: the port the kernel chose is in the name. */
    qtest_qmp_assert_success(s, "{'execute': 'chardev-add', 'arguments': "
                             "{'id': 't0', 'backend': {'type': 'socket', "
                             "'data': {'addr': {'type': 'inet', 'data': "
                             "{'host': '127.0.0.1', 'port': '0'}}, "
                             "'server': true, 'wait': false}}}}");
    info = chardev_info(s, "t0");
    g_assert_true(g_str_has_prefix(qdict_get_try_str(info, "filename"),
                                   "disconnected:tcp:127.0.0.1:"));
    g_assert_true(g_str_has_suffix(qdict_get_try_str(info, "filename"),
                                   ",server=on"));
    g_assert_cmpstr(qdict_get_try_str(info, "filename"), !=,
                    "disconnected:tcp:127.0.0.1:0,server=on");
    qobject_unref(info);

    desc = g_strdup_printf("Failed to add chardev 's2': Failed to bind "
                           "socket to %s: No such file or directory", nodir);
    qmp_assert_error(qtest_qmp(s, "{'execute': 'chardev-add', 'arguments': "
                               "{'id': 's2', 'backend': {'type': 'socket', "
                               "'data': {'addr': {'type': 'unix', 'data': "
                               "{'path': %s}}, 'server': true, "
                               "'wait': false}}}}", nodir),
                     "GenericError", desc);
    g_free(desc);
    desc = g_strdup_printf("Failed to add chardev 'c2': Failed to connect "
                           "to '%s': No such file or directory", missing);
    qmp_assert_error(qtest_qmp(s, "{'execute': 'chardev-add', 'arguments': "
                               "{'id': 'c2', 'backend': {'type': 'socket', "
                               "'data': {'addr': {'type': 'unix', 'data': "
                               "{'path': %s}}, 'server': false}}}}", missing),
                     "GenericError", desc);
    g_assert_null(chardev_info(s, "s2"));
    g_assert_null(chardev_info(s, "c2"));

    qtest_qmp_assert_success(s, "{'execute': 'chardev-remove', "
                             "'arguments': {'id': 'c1'}}");
    qtest_qmp_assert_success(s, "{'execute': 'chardev-remove', "
                             "'arguments': {'id': 's1'}}");
    qtest_quit(s);
    unlink(path);
    rmdir(dir);
}

static void test_file(void)
{
    g_autofree char *dir = g_dir_make_tmp("chardev-qmp-XXXXXX", NULL);
    g_autofree char *out = g_build_filename(dir, "out", NULL);
    g_autofree char *nodir = g_build_filename(dir, "nodir", "out", NULL);
    g_autofree char *missing = g_build_filename(dir, "missing", NULL);
    g_autofree char *desc = NULL;
    QTestState *s = start("-M none");

    if (!s) {
        rmdir(dir);
        return;
    }
    qtest_qmp_assert_return(s, "{}", "{'execute': 'chardev-add', 'arguments': "
                            "{'id': 'f0', 'backend': {'type': 'file', 'data': "
                            "{'out': %s}}}}", out);
    g_assert_true(g_file_test(out, G_FILE_TEST_IS_REGULAR));
    assert_chardev(s, "f0", "file", false);
    qtest_qmp_assert_success(s, "{'execute': 'chardev-remove', "
                             "'arguments': {'id': 'f0'}}");
    /* The file stays; opening it again to append is fine. */
    g_assert_true(g_file_test(out, G_FILE_TEST_IS_REGULAR));
    qtest_qmp_assert_success(s, "{'execute': 'chardev-add', 'arguments': "
                             "{'id': 'f0', 'backend': {'type': 'file', "
                             "'data': {'out': %s, 'append': true}}}}", out);

    desc = g_strdup_printf("Failed to add chardev 'f1': Could not open "
                           "'%s': No such file or directory", nodir);
    qmp_assert_error(qtest_qmp(s, "{'execute': 'chardev-add', 'arguments': "
                               "{'id': 'f1', 'backend': {'type': 'file', "
                               "'data': {'out': %s}}}}", nodir),
                     "GenericError", desc);
    g_free(desc);
    desc = g_strdup_printf("Failed to add chardev 'f1': Could not open "
                           "'%s': No such file or directory", missing);
    qmp_assert_error(qtest_qmp(s, "{'execute': 'chardev-add', 'arguments': "
                               "{'id': 'f1', 'backend': {'type': 'file', "
                               "'data': {'out': %s, 'in': %s}}}}",
                               out, missing),
                     "GenericError", desc);
    g_assert_null(chardev_info(s, "f1"));
    qtest_quit(s);
    unlink(out);
    rmdir(dir);
}

static void test_pty(void)
{
    QTestState *s;
    QObject *ret;
    const char *pty;
    g_autofree char *name = NULL;

    if (!g_file_test("/dev/ptmx", G_FILE_TEST_EXISTS)) {
        g_test_skip("no /dev/ptmx");
        return;
    }
    s = start("-M none");
    if (!s) {
        return;
    }
    ret = qtest_qmp_assert_success_ref(s, "{'execute': 'chardev-add', "
                                       "'arguments': {'id': 'p0', "
                                       "'backend': {'type': 'pty', "
                                       "'data': {}}}}");
    /* The only member is the terminal's name. */
    g_assert_cmpint(qdict_size(qobject_to(QDict, ret)), ==, 1);
    pty = qdict_get_try_str(qobject_to(QDict, ret), "pty");
    g_assert_true(g_str_has_prefix(pty, "/dev/pts/"));
    g_assert_true(g_file_test(pty, G_FILE_TEST_EXISTS));
    name = g_strdup_printf("pty:%s", pty);
    assert_chardev(s, "p0", name, false);
    qobject_unref(ret);
    qtest_qmp_assert_success(s, "{'execute': 'chardev-remove', "
                             "'arguments': {'id': 'p0'}}");
    g_assert_null(chardev_info(s, "p0"));
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/chardev/qmp/add-remove", test_add_remove);
    g_test_add_func("/chardev/qmp/ringbuf", test_ringbuf);
    g_test_add_func("/chardev/qmp/socket", test_socket);
    g_test_add_func("/chardev/qmp/file", test_file);
    g_test_add_func("/chardev/qmp/pty", test_pty);
    return g_test_run();
}
