/*
 * The qtest server as a whole: its log (-qtest-log), its chardev, how
 * the emulator exits when the test is done, and start-up errors.
 */
#include "util/osdep.h"
#include <sys/wait.h>
#include "libqtest.h"

/* How long an emulator may take to exit by itself. */
#define EXIT_TIMEOUT_MS 20000

static char *make_tmpdir(void)
{
    g_autoptr(GError) err = NULL;
    char *dir = g_dir_make_tmp("qtest-server-XXXXXX", &err);

    g_assert_no_error(err);
    return dir;
}

/* Check @line is "[KIND +SECONDS] TEXT"; return the seconds. */
static double check_log_line(const char *line, char kind, const char *text)
{
    g_autofree char *pattern = g_strdup_printf("^\\[%c \\+([0-9]+\\.[0-9]{6})"
                                               "\\] (.*)$", kind);
    g_autoptr(GMatchInfo) match = NULL;
    g_autoptr(GRegex) re = g_regex_new(pattern, G_REGEX_DOTALL, 0, NULL);
    g_autofree char *secs = NULL, *rest = NULL;

    if (!g_regex_match(re, line, 0, &match)) {
        g_error("log line '%s' is not [%c +SECONDS] %s", line, kind, text);
    }
    secs = g_match_info_fetch(match, 1);
    rest = g_match_info_fetch(match, 2);
    g_assert_cmpstr(rest, ==, text);
    return g_ascii_strtod(secs, NULL);
}

static void test_log_file(void)
{
    g_autofree char *dir = make_tmpdir();
    g_autofree char *path = g_build_filename(dir, "qtest.log", NULL);
    g_autofree char *contents = NULL;
    g_auto(GStrv) lines = NULL;
    bool bridge = qtest_has_device("corvid-test-bridge");
    QTestState *s;
    double t, last = 0;
    int i = 0;

    s = qtest_initf("-M none %s -qtest-log %s",
                    bridge ? "-device corvid-test-bridge,id=br0" : "", path);
    g_free(qtest_request(s, "endianness"));
    g_free(qtest_request(s, "foo"));
    if (bridge) {
        qtest_irq_intercept_out(s, "br0");
        qtest_set_irq_in(s, "br0", "unnamed-gpio-in", 1, 1);
    }
    if (qtest_is_corvid()) {
        /* Let the server see the end of the connection and log it. */
        qtest_close_qtest_socket(s);
        g_assert_cmpint(qtest_wait_qemu(s, EXIT_TIMEOUT_MS), !=, -1);
    }
    qtest_quit(s);

    g_assert_true(g_file_get_contents(path, &contents, NULL, NULL));
    lines = g_strsplit(contents, "\n", -1);
    /* The first line has no '+': the time the client came. */
    g_assert_true(g_regex_match_simple("^\\[I [0-9]+\\.[0-9]{6}\\] OPENED$",
                                       lines[i++], 0, 0));
#define NEXT(kind, text) do { \
        t = check_log_line(lines[i++], kind, text); \
        g_assert_cmpfloat(t, >=, last); \
        last = t; \
    } while (0)
    NEXT('R', "endianness");
    NEXT('S', "OK little");
    NEXT('R', "foo");
    NEXT('S', "FAIL Unknown command 'foo'");
    if (bridge) {
        NEXT('R', "irq_intercept_out br0");
        NEXT('S', "OK");
        NEXT('R', "set_irq_in br0 unnamed-gpio-in 1 1");
        NEXT('S', "IRQ raise 1");
        NEXT('S', "OK");
    }
    if (qtest_is_corvid()) {
        NEXT('I', "CLOSED");
        g_assert_cmpstr(lines[i++], ==, "");
        g_assert_null(lines[i]);
    }
#undef NEXT
    unlink(path);
    rmdir(dir);
}

/* "-qtest-log none" writes nothing anywhere. */
static void test_log_none(void)
{
    g_autofree char *dir = make_tmpdir();
    g_autofree char *cwd = g_get_current_dir();
    g_autofree char *none = g_build_filename(dir, "none", NULL);
    QTestState *s;

    /* A file named "none" would appear in the emulator's directory. */
    g_assert_cmpint(chdir(dir), ==, 0);
    s = qtest_init("-M none -qtest-log none");
    g_assert_cmpint(chdir(cwd), ==, 0);
    g_free(qtest_request(s, "endianness"));
    qtest_quit(s);
    g_assert_false(g_file_test(none, G_FILE_TEST_EXISTS));
    rmdir(dir);
}

/*
 * -qtest stdio, without -qtest-log: requests on stdin, replies on
 * stdout, the log on stderr.
 */
static void test_stdio(void)
{
    static const char requests[] = "endianness\ninb 0x1234\nfoo\n";
    static const char replies[] =
        "OK little\nOK 0x00ff\nFAIL Unknown command 'foo'\n";
    const char *bin = getenv("QTEST_QEMU_BINARY");
    const char *argv[] = {
        bin, "-M", "none", "-display", "none", "-accel", "qtest",
        "-qtest", "stdio", NULL,
    };
    g_autoptr(GError) err = NULL;
    g_autofree char *out = NULL, *errout = NULL;
    char buf[sizeof(replies)];
    size_t got = 0;
    int in_fd, out_fd, err_fd, status;
    GPid pid;

    if (!qtest_is_corvid()) {
        g_test_skip("the emulator runs without the qtest accelerator");
        return;
    }
    g_assert_true(g_spawn_async_with_pipes(NULL, (char **)argv, NULL,
                                           G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                                           NULL, &pid, &in_fd, &out_fd,
                                           &err_fd, &err));
    g_assert_cmpint(write(in_fd, requests, strlen(requests)), ==,
                    strlen(requests));
    while (got < strlen(replies)) {
        ssize_t n = read(out_fd, buf + got, strlen(replies) - got);

        g_assert_cmpint(n, >, 0);
        got += n;
    }
    buf[got] = '\0';
    g_assert_cmpstr(buf, ==, replies);

    kill(pid, SIGTERM);
    close(in_fd);
    g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 0);
    {
        GIOChannel *ch = g_io_channel_unix_new(err_fd);

        g_io_channel_read_to_end(ch, &errout, NULL, NULL);
        g_io_channel_unref(ch);
    }
    g_assert_nonnull(strstr(errout, "] OPENED\n"));
    g_assert_nonnull(strstr(errout, "] endianness\n"));
    g_assert_nonnull(strstr(errout, "] OK 0x00ff\n"));
    g_assert_null(strstr(errout, "Sanitizer"));
    close(out_fd);
    close(err_fd);
    g_spawn_close_pid(pid);
}

/* Closing the qtest connection ends the emulator with status 0. */
static void test_exit_on_close(void)
{
    QTestState *s;
    int status;

    if (!qtest_is_corvid()) {
        g_test_skip("qemu 7.2 keeps running until it is signalled");
        return;
    }
    s = qtest_init("-M none");
    g_free(qtest_request(s, "endianness"));
    qtest_close_qtest_socket(s);
    status = qtest_wait_qemu(s, EXIT_TIMEOUT_MS);
    g_assert_cmpint(status, !=, -1);
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 0);
    qtest_quit(s);
}

/* QMP quit ends it with status 0 too, after a SHUTDOWN event. */
static void test_exit_on_quit(void)
{
    QTestState *s = qtest_init("-M none");
    QDict *event;
    int status;

    qtest_qmp_assert_success(s, "{'execute': 'quit'}");
    event = qtest_qmp_eventwait_ref(s, "SHUTDOWN");
    g_assert_cmpstr(qdict_get_try_str(qdict_get_qdict(event, "data"),
                                      "reason"), ==, "host-qmp-quit");
    qobject_unref(event);
    status = qtest_wait_qemu(s, EXIT_TIMEOUT_MS);
    g_assert_cmpint(status, !=, -1);
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 0);
    qtest_quit(s);
}

/* And SIGTERM (what qtest_quit sends) exits 0 while both are open. */
static void test_exit_on_sigterm(void)
{
    QTestState *s = qtest_init("-M none");
    int status;

    kill(qtest_pid(s), SIGTERM);
    status = qtest_wait_qemu(s, EXIT_TIMEOUT_MS);
    g_assert_cmpint(status, !=, -1);
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 0);
    qtest_quit(s);
}

/* The server's chardev is "qtest", and in use. */
static void test_chardev(void)
{
    QTestState *s = qtest_init("-M none");
    QDict *rsp = qtest_qmp(s, "{'execute': 'query-chardev'}");
    QObject *ret = qdict_get(rsp, "return");
    QList *list = qobject_to(QList, ret);
    bool found = false;
    size_t i;

    if (!ret) {
        qmp_expect_error(rsp, "CommandNotFound");
        qtest_quit(s);
        g_test_skip("no query-chardev yet");
        return;
    }
    qobject_ref(ret);
    qobject_unref(rsp);
    g_assert_nonnull(list);
    for (i = 0; i < qlist_size(list); i++) {
        QDict *chr = qobject_to(QDict, qlist_get(list, i));

        if (!g_strcmp0(qdict_get_try_str(chr, "label"), "qtest")) {
            g_assert_true(qdict_get_try_bool(chr, "frontend-open", false));
            found = true;
        }
    }
    g_assert_true(found);
    qobject_unref(ret);

    /* Nobody else may claim it. */
    qmp_expect_error(qtest_qmp(s, "{'execute': 'chardev-remove', "
                               "'arguments': {'id': 'qtest'}}"), NULL);
    qtest_quit(s);
}

static void test_startup_errors(void)
{
    static const struct {
        const char *args;
        const char *message;
    } cases[] = {
        { "-qtest unix:/nonexistent/qtest.sock",
          "Failed to initialize device for qtest" },
        { "-qtest bogus:xx", "'bogus:xx' is not a valid char driver" },
        { "-qtest stdio -qtest-log /nonexistent/dir/qtest.log",
          "/nonexistent/dir/qtest.log" },
    };
    size_t i;

    if (!qtest_is_corvid()) {
        g_test_skip("Corvid's messages");
        return;
    }
    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *err = NULL;
        int status = qtest_runf(NULL, &err, "-M none -display none "
                                "-accel qtest %s", cases[i].args);

        g_assert_cmpint(status, ==, 1);
        if (!strstr(err, cases[i].message)) {
            g_error("'%s' said '%s', expected '%s'", cases[i].args, err,
                    cases[i].message);
        }
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qtest/server/log-file", test_log_file);
    g_test_add_func("/qtest/server/log-none", test_log_none);
    g_test_add_func("/qtest/server/stdio", test_stdio);
    g_test_add_func("/qtest/server/exit-on-close", test_exit_on_close);
    g_test_add_func("/qtest/server/exit-on-quit", test_exit_on_quit);
    g_test_add_func("/qtest/server/exit-on-sigterm", test_exit_on_sigterm);
    g_test_add_func("/qtest/server/chardev", test_chardev);
    g_test_add_func("/qtest/server/startup-errors", test_startup_errors);
    return g_test_run();
}
