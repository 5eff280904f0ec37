/*
 * libqtest: starting the emulator, the qtest protocol, and running the
 * binary for start-up tests (see libqtest.h).  QMP is in libqtest-qmp.c.
 */
#include "util/osdep.h"
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <poll.h>
#include "libqtest-internal.h"

/* How long the emulator may take to connect (sanitizer builds are slow). */
#define QTEST_STARTUP_TIMEOUT_MS (120 * 1000)
/* How often a wait checks whether the emulator is still alive. */
#define QTEST_POLL_SLICE_MS 100
#define QTEST_RECV_CHUNK 65536

/* Output that means a sanitizer found something. */
static const char *const sanitizer_markers[] = {
    "AddressSanitizer", "LeakSanitizer", "UndefinedBehaviorSanitizer",
    "runtime error:", NULL,
};

static const char *qtest_binary(void)
{
    const char *bin = getenv("QTEST_QEMU_BINARY");

    if (!bin || !*bin) {
        g_error("QTEST_QEMU_BINARY is not set: it must name the emulator "
                "to test (e.g. build/tests/corvid-test-system-x86_64)");
    }
    return bin;
}

const char *qtest_get_arch(void)
{
    const char *bin = qtest_binary();
    const char *base = strrchr(bin, '/') ? strrchr(bin, '/') + 1 : bin;
    const char *sys = strstr(base, "-system-");

    if (!sys) {
        g_error("cannot tell the architecture from QTEST_QEMU_BINARY=%s: "
                "the name must end in -system-ARCH", bin);
    }
    return sys + strlen("-system-");
}

static bool has_sanitizer_report(const char *output)
{
    int i;

    for (i = 0; sanitizer_markers[i]; i++) {
        if (strstr(output, sanitizer_markers[i])) {
            return true;
        }
    }
    return false;
}

static char *read_output(QTestState *s)
{
    char *text = NULL;

    if (!s->output_path ||
        !g_file_get_contents(s->output_path, &text, NULL, NULL)) {
        return g_strdup("");
    }
    return text;
}

static void show_output(const char *why, const char *output)
{
    fprintf(stderr, "libqtest: %s; the emulator's output:\n"
            "----8<----\n%s%s----8<----\n", why, output,
            *output && output[strlen(output) - 1] != '\n' ? "\n" : "");
}

static char *describe_status(int status)
{
    if (WIFSIGNALED(status)) {
        return g_strdup_printf("killed by signal %d (%s)%s",
                               WTERMSIG(status), strsignal(WTERMSIG(status)),
                               WCOREDUMP(status) ? ", core dumped" : "");
    }
    return g_strdup_printf("exit status %d", WEXITSTATUS(status));
}

/* waitpid without EINTR; @flags as for waitpid.  True if reaped. */
static bool reap(QTestState *s, int flags)
{
    pid_t r;

    if (s->reaped) {
        return true;
    }
    do {
        r = waitpid(s->pid, &s->wait_status, flags);
    } while (r < 0 && errno == EINTR);
    if (r < 0) {
        g_error("waitpid(%d): %s", (int)s->pid, g_strerror(errno));
    }
    s->reaped = r == s->pid;
    return s->reaped;
}

static void remove_tmpdir(QTestState *s)
{
    static const char *const files[] = { "qtest.sock", "qmp.sock", "output" };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(files); i++) {
        g_autofree char *path = g_build_filename(s->tmpdir, files[i], NULL);

        unlink(path);
    }
    if (rmdir(s->tmpdir) < 0) {
        g_printerr("libqtest: cannot remove %s: %s\n", s->tmpdir,
                   g_strerror(errno));
    }
}

void qtest_fatal(QTestState *s, const char *fmt, ...)
{
    g_autofree char *msg = NULL;
    g_autofree char *output = NULL;
    va_list ap;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);

    /* Give a dying emulator a moment to finish its report. */
    if (!reap(s, WNOHANG)) {
        g_usleep(QTEST_POLL_SLICE_MS * 1000);
    }
    if (!reap(s, WNOHANG)) {
        kill(s->pid, SIGKILL);
        reap(s, 0);
    } else {
        g_autofree char *how = describe_status(s->wait_status);

        msg = g_strconcat(msg, " (the emulator had ended: ", how, ")",
                          NULL);
    }
    output = read_output(s);
    show_output(msg, output);
    remove_tmpdir(s);
    g_error("%s", msg);
}

/* Starting */

static int listen_unix(const char *path)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int fd;

    if (strlen(path) >= sizeof(addr.sun_path)) {
        g_error("socket path too long: %s (set TMPDIR to a shorter "
                "directory)", path);
    }
    strcpy(addr.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
        listen(fd, 1) < 0) {
        g_error("cannot listen on %s: %s", path, g_strerror(errno));
    }
    return fd;
}

/* Accept one connection on @lfd, failing if the emulator dies first. */
static int accept_from_child(QTestState *s, int lfd, const char *what)
{
    int waited = 0;

    for (;;) {
        struct pollfd pfd = { .fd = lfd, .events = POLLIN };
        int r = poll(&pfd, 1, QTEST_POLL_SLICE_MS);

        if (r > 0) {
            int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

            if (fd >= 0) {
                return fd;
            }
        }
        if (r < 0 && errno != EINTR) {
            g_error("poll: %s", g_strerror(errno));
        }
        if (reap(s, WNOHANG)) {
            qtest_fatal(s, "the emulator exited before connecting to the "
                        "%s socket", what);
        }
        waited += QTEST_POLL_SLICE_MS;
        if (waited >= QTEST_STARTUP_TIMEOUT_MS) {
            qtest_fatal(s, "the emulator did not connect to the %s socket "
                        "within %d s", what, QTEST_STARTUP_TIMEOUT_MS / 1000);
        }
    }
}

/*
 * fork and exec @argv with stdout and stderr going to @out_fd (or
 * inherited if -1).  The child dies with the test process, so that a
 * failed test leaves no emulator behind.
 */
static pid_t spawn(char **argv, int out_fd)
{
    pid_t pid = fork();

    if (pid < 0) {
        g_error("fork: %s", g_strerror(errno));
    }
    if (pid == 0) {
        static const char msg[] = "libqtest: cannot execute the emulator\n";

        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (out_fd >= 0) {
            dup2(out_fd, STDOUT_FILENO);
            dup2(out_fd, STDERR_FILENO);
        } else {
            /* Keep the test's stdout (TAP) clean. */
            dup2(STDERR_FILENO, STDOUT_FILENO);
        }
        execv(argv[0], argv);
        if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0) {
            /* nothing more to do */
        }
        _exit(127);
    }
    return pid;
}

static char **build_argv(const char *cmdline)
{
    g_autoptr(GError) err = NULL;
    char **argv;

    if (!g_shell_parse_argv(cmdline, NULL, &argv, &err)) {
        g_error("cannot split the command line '%s': %s", cmdline,
                err->message);
    }
    return argv;
}

static QTestState *qtest_start(const char *extra_args, bool handshake)
{
    QTestState *s = g_new0(QTestState, 1);
    g_autoptr(GError) err = NULL;
    g_autofree char *qtest_path = NULL, *qmp_path = NULL;
    g_autofree char *quoted_bin = NULL, *cmdline = NULL;
    g_auto(GStrv) argv = NULL;
    const char *accel = getenv("QTEST_QEMU_ACCEL");
    const char *env_extra = getenv("QTEST_EXTRA_ARGS");
    int qtest_lfd, qmp_lfd, out_fd = -1;

    s->log = getenv("QTEST_LOG") != NULL;
    s->qtest_fd = s->qmp_fd = -1;
    s->rx = g_string_new(NULL);
    s->irq_level = g_array_new(false, true, sizeof(bool));
    g_queue_init(&s->qmp_queue);

    s->tmpdir = g_dir_make_tmp("qtest-XXXXXX", &err);
    if (!s->tmpdir) {
        g_error("cannot create a temporary directory: %s", err->message);
    }
    qtest_path = g_build_filename(s->tmpdir, "qtest.sock", NULL);
    qmp_path = g_build_filename(s->tmpdir, "qmp.sock", NULL);
    qtest_lfd = listen_unix(qtest_path);
    qmp_lfd = listen_unix(qmp_path);
    if (!s->log) {
        s->output_path = g_build_filename(s->tmpdir, "output", NULL);
        out_fd = open(s->output_path, O_WRONLY | O_CREAT | O_TRUNC |
                      O_CLOEXEC, 0600);
        if (out_fd < 0) {
            g_error("cannot create %s: %s", s->output_path,
                    g_strerror(errno));
        }
    }

    quoted_bin = g_shell_quote(qtest_binary());
    cmdline = g_strdup_printf("%s -qtest unix:%s -qtest-log %s "
                              "-chardev socket,path=%s,id=char0 "
                              "-mon chardev=char0,mode=control "
                              "-display none %s %s -accel %s",
                              quoted_bin, qtest_path,
                              s->log ? "/dev/fd/2" : "/dev/null", qmp_path,
                              extra_args ? extra_args : "",
                              env_extra ? env_extra : "",
                              accel ? accel : "qtest");
    if (s->log) {
        fprintf(stderr, "libqtest: starting %s\n", cmdline);
    }
    argv = build_argv(cmdline);
    s->pid = spawn(argv, out_fd);
    if (out_fd >= 0) {
        close(out_fd);
    }

    s->qtest_fd = accept_from_child(s, qtest_lfd, "qtest");
    s->qmp_fd = accept_from_child(s, qmp_lfd, "QMP");
    close(qtest_lfd);
    close(qmp_lfd);
    unlink(qtest_path);
    unlink(qmp_path);

    qtest_qmp_setup(s, s->qmp_fd);
    if (handshake) {
        qtest_qmp_handshake(s);
    }
    return s;
}

QTestState *qtest_init(const char *extra_args)
{
    return qtest_start(extra_args, true);
}

QTestState *qtest_vinitf(const char *fmt, va_list ap)
{
    g_autofree char *args = g_strdup_vprintf(fmt, ap);

    return qtest_init(args);
}

QTestState *qtest_initf(const char *fmt, ...)
{
    QTestState *s;
    va_list ap;

    va_start(ap, fmt);
    s = qtest_vinitf(fmt, ap);
    va_end(ap);
    return s;
}

QTestState *qtest_init_without_qmp_handshake(const char *extra_args)
{
    return qtest_start(extra_args, false);
}

/* Stopping */

void qtest_close_qtest_socket(QTestState *s)
{
    if (s->qtest_fd >= 0) {
        close(s->qtest_fd);
        s->qtest_fd = -1;
    }
}

int qtest_kill_qemu(QTestState *s)
{
    g_autofree char *output = NULL;

    qtest_close_qtest_socket(s);
    qtest_qmp_cleanup(s);
    if (s->finished) {
        return s->wait_status;
    }
    s->finished = true;
    if (!reap(s, WNOHANG)) {
        kill(s->pid, SIGTERM);
        reap(s, 0);
    }

    output = read_output(s);
    if (has_sanitizer_report(output)) {
        g_autofree char *how = describe_status(s->wait_status);
        g_autofree char *why = g_strdup_printf(
            "a sanitizer reported a problem in the emulator (%s)", how);

        show_output(why, output);
    } else if (WIFSIGNALED(s->wait_status) ||
               WEXITSTATUS(s->wait_status) != s->expected_status) {
        g_autofree char *how = describe_status(s->wait_status);
        g_autofree char *why = g_strdup_printf(
            "the emulator ended abnormally (%s, expected exit status %d)",
            how, s->expected_status);

        show_output(why, output);
    }
    return s->wait_status;
}

void qtest_set_expected_status(QTestState *s, int status)
{
    s->expected_status = status;
}

int qtest_wait_qemu(QTestState *s, int timeout_ms)
{
    int waited = 0;

    while (!reap(s, WNOHANG)) {
        if (waited >= timeout_ms) {
            return -1;
        }
        g_usleep(QTEST_POLL_SLICE_MS * 1000);
        waited += QTEST_POLL_SLICE_MS;
    }
    return s->wait_status;
}

bool qtest_probe_child(QTestState *s)
{
    return !reap(s, WNOHANG);
}

pid_t qtest_pid(QTestState *s)
{
    return s->pid;
}

void qtest_quit(QTestState *s)
{
    int status = qtest_kill_qemu(s);
    g_autofree char *output = read_output(s);

    remove_tmpdir(s);
    g_assert_false(has_sanitizer_report(output));
    g_assert_false(WIFSIGNALED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, s->expected_status);

    g_string_free(s->rx, true);
    g_array_free(s->irq_level, true);
    g_free(s->output_path);
    g_free(s->tmpdir);
    g_free(s);
}

/* Running the binary on its own */

int qtest_run(const char *args, char **out, char **err)
{
    g_autofree char *quoted_bin = g_shell_quote(qtest_binary());
    g_autofree char *cmdline = g_strdup_printf("%s %s", quoted_bin, args);
    g_auto(GStrv) argv = build_argv(cmdline);
    g_autofree char *sout = NULL, *serr = NULL;
    g_autoptr(GError) gerr = NULL;
    int status;

    if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                      &sout, &serr, &status, &gerr)) {
        g_error("cannot run %s: %s", cmdline, gerr->message);
    }
    if (has_sanitizer_report(serr) || WIFSIGNALED(status)) {
        g_autofree char *how = describe_status(status);
        g_autofree char *why = g_strdup_printf("'%s' ended with %s", cmdline,
                                               how);

        show_output(why, serr);
        g_test_fail();
    }
    if (out) {
        *out = g_steal_pointer(&sout);
    }
    if (err) {
        *err = g_steal_pointer(&serr);
    }
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status)
                               : WEXITSTATUS(status);
}

int qtest_runf(char **out, char **err, const char *fmt, ...)
{
    g_autofree char *args = NULL;
    va_list ap;

    va_start(ap, fmt);
    args = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    return qtest_run(args, out, err);
}

bool qtest_has_device(const char *name)
{
    g_autofree char *out = NULL;
    g_autofree char *needle = g_strdup_printf("name \"%s\"", name);

    /* "-device help" lists every type as: name "TYPE", bus ... */
    if (qtest_run("-device help", &out, NULL) != 0) {
        return false;
    }
    return strstr(out, needle) != NULL;
}

bool qtest_has_machine(const char *name)
{
    g_autofree char *out = NULL;
    g_auto(GStrv) lines = NULL;
    int i;

    if (qtest_run("-machine help", &out, NULL) != 0) {
        return false;
    }
    lines = g_strsplit(out, "\n", -1);
    for (i = 0; lines[i]; i++) {
        size_t len = strlen(name);

        /* "NAME   description", after a header line */
        if (!strncmp(lines[i], name, len) &&
            (lines[i][len] == ' ' || lines[i][len] == '\0')) {
            return true;
        }
    }
    return false;
}

bool qtest_require_device(const char *name)
{
    if (!qtest_has_device(name)) {
        g_autofree char *why = g_strdup_printf("needs %s (the test binary)",
                                               name);

        g_test_skip(why);
        return false;
    }
    return true;
}

bool qtest_is_corvid(void)
{
    g_autofree char *out = NULL;

    return qtest_run("-version", &out, NULL) == 0 &&
           strstr(out, "Corvid") != NULL;
}

/* Raw qtest lines */

void qtest_send_raw(QTestState *s, const void *buf, size_t len)
{
    const char *p = buf;

    if (s->qtest_fd < 0) {
        g_error("qtest: the connection is closed");
    }
    while (len) {
        ssize_t n = send(s->qtest_fd, p, len, MSG_NOSIGNAL);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            qtest_fatal(s, "qtest: cannot send: %s", g_strerror(errno));
        }
        p += n;
        len -= n;
    }
}

/* Record "IRQ raise N" / "IRQ lower N". */
static void record_irq(QTestState *s, const char *line)
{
    const char *arg;
    bool level;
    char *end;
    unsigned long n;

    if (g_str_has_prefix(line, "IRQ raise ")) {
        level = true;
        arg = line + strlen("IRQ raise ");
    } else if (g_str_has_prefix(line, "IRQ lower ")) {
        level = false;
        arg = line + strlen("IRQ lower ");
    } else {
        qtest_fatal(s, "qtest: malformed line '%s'", line);
    }
    errno = 0;
    n = strtoul(arg, &end, 0);
    if (errno || end == arg || *end || n > INT_MAX) {
        qtest_fatal(s, "qtest: malformed line '%s'", line);
    }
    if (n >= s->irq_level->len) {
        g_array_set_size(s->irq_level, n + 1);
    }
    g_array_index(s->irq_level, bool, n) = level;
}

void qtest_wait_readable(QTestState *s, int fd, const char *what)
{
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    int r;

    do {
        r = poll(&pfd, 1, QTEST_WAIT_TIMEOUT_MS);
    } while (r < 0 && errno == EINTR);
    if (r == 0) {
        qtest_fatal(s, "%s: nothing from the emulator in %d s", what,
                    QTEST_WAIT_TIMEOUT_MS / 1000);
    }
}

static char *recv_line(QTestState *s, bool skip_irq)
{
    size_t scanned = 0;

    if (s->qtest_fd < 0) {
        g_error("qtest: the connection is closed");
    }
    for (;;) {
        char *nl = memchr(s->rx->str + scanned, '\n', s->rx->len - scanned);
        char buf[QTEST_RECV_CHUNK];
        ssize_t n;

        if (nl) {
            char *line = g_strndup(s->rx->str, nl - s->rx->str);

            g_string_erase(s->rx, 0, nl - s->rx->str + 1);
            scanned = 0;
            if (!g_str_has_prefix(line, "IRQ ")) {
                return line;
            }
            record_irq(s, line);
            if (!skip_irq) {
                return line;
            }
            g_free(line);
            continue;
        }
        scanned = s->rx->len;
        qtest_wait_readable(s, s->qtest_fd, "qtest");
        n = recv(s->qtest_fd, buf, sizeof(buf), 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            qtest_fatal(s, "qtest: the emulator closed the connection%s%s",
                        n < 0 ? ": " : "", n < 0 ? g_strerror(errno) : "");
        }
        g_string_append_len(s->rx, buf, n);
    }
}

char *qtest_recv_line(QTestState *s)
{
    return recv_line(s, true);
}

char *qtest_recv_any_line(QTestState *s)
{
    return recv_line(s, false);
}

static char *qtest_vrequest(QTestState *s, const char *fmt, va_list ap)
{
    GString *line = g_string_new(NULL);

    g_string_append_vprintf(line, fmt, ap);
    g_string_append_c(line, '\n');
    qtest_send_raw(s, line->str, line->len);
    g_string_free(line, true);
    return qtest_recv_line(s);
}

char *qtest_request(QTestState *s, const char *fmt, ...)
{
    char *reply;
    va_list ap;

    va_start(ap, fmt);
    reply = qtest_vrequest(s, fmt, ap);
    va_end(ap);
    return reply;
}

void qtest_assert_reply(QTestState *s, const char *request,
                        const char *expected)
{
    g_autofree char *reply = qtest_request(s, "%s", request);

    if (strcmp(reply, expected)) {
        g_error("'%s' answered '%s', expected '%s'", request, reply,
                expected);
    }
}

void qtest_assert_reply_prefix(QTestState *s, const char *request,
                               const char *prefix)
{
    g_autofree char *reply = qtest_request(s, "%s", request);

    if (!g_str_has_prefix(reply, prefix)) {
        g_error("'%s' answered '%s', expected '%s...'", request, reply,
                prefix);
    }
}

/*
 * Send a request that must succeed; return what follows "OK " (empty
 * for a plain "OK"; caller frees).
 */
static char * G_GNUC_PRINTF(2, 3) qtest_ok(QTestState *s, const char *fmt,
                                           ...)
{
    g_autofree char *reply = NULL;
    va_list ap;

    va_start(ap, fmt);
    reply = qtest_vrequest(s, fmt, ap);
    va_end(ap);
    if (!strcmp(reply, "OK")) {
        return g_strdup("");
    }
    if (!g_str_has_prefix(reply, "OK ")) {
        g_autofree char *req = NULL;

        va_start(ap, fmt);
        req = g_strdup_vprintf(fmt, ap);
        va_end(ap);
        qtest_fatal(s, "qtest: '%s' failed: %s", req, reply);
    }
    return g_strdup(reply + 3);
}

/* A number from a reply, which must be all number. */
static uint64_t reply_u64(QTestState *s, const char *text)
{
    char *end;
    uint64_t val;

    errno = 0;
    val = g_ascii_strtoull(text, &end, 0);
    if (errno || end == text || *end) {
        qtest_fatal(s, "qtest: malformed number '%s' in a reply", text);
    }
    return val;
}

static int64_t reply_i64(QTestState *s, const char *text)
{
    char *end;
    int64_t val;

    errno = 0;
    val = g_ascii_strtoll(text, &end, 10);
    if (errno || end == text || *end) {
        qtest_fatal(s, "qtest: malformed number '%s' in a reply", text);
    }
    return val;
}

/* Guest memory and I/O ports */

static void qtest_out(QTestState *s, const char *cmd, uint16_t addr,
                      uint32_t value)
{
    g_free(qtest_ok(s, "%s 0x%x 0x%x", cmd, addr, value));
}

static uint32_t qtest_in(QTestState *s, const char *cmd, uint16_t addr)
{
    g_autofree char *val = qtest_ok(s, "%s 0x%x", cmd, addr);

    return reply_u64(s, val);
}

void qtest_outb(QTestState *s, uint16_t addr, uint8_t value)
{
    qtest_out(s, "outb", addr, value);
}

void qtest_outw(QTestState *s, uint16_t addr, uint16_t value)
{
    qtest_out(s, "outw", addr, value);
}

void qtest_outl(QTestState *s, uint16_t addr, uint32_t value)
{
    qtest_out(s, "outl", addr, value);
}

uint8_t qtest_inb(QTestState *s, uint16_t addr)
{
    return qtest_in(s, "inb", addr);
}

uint16_t qtest_inw(QTestState *s, uint16_t addr)
{
    return qtest_in(s, "inw", addr);
}

uint32_t qtest_inl(QTestState *s, uint16_t addr)
{
    return qtest_in(s, "inl", addr);
}

static void qtest_write(QTestState *s, const char *cmd, uint64_t addr,
                        uint64_t value)
{
    g_free(qtest_ok(s, "%s 0x%" PRIx64 " 0x%" PRIx64, cmd, addr, value));
}

static uint64_t qtest_read(QTestState *s, const char *cmd, uint64_t addr)
{
    g_autofree char *val = qtest_ok(s, "%s 0x%" PRIx64, cmd, addr);

    return reply_u64(s, val);
}

void qtest_writeb(QTestState *s, uint64_t addr, uint8_t value)
{
    qtest_write(s, "writeb", addr, value);
}

void qtest_writew(QTestState *s, uint64_t addr, uint16_t value)
{
    qtest_write(s, "writew", addr, value);
}

void qtest_writel(QTestState *s, uint64_t addr, uint32_t value)
{
    qtest_write(s, "writel", addr, value);
}

void qtest_writeq(QTestState *s, uint64_t addr, uint64_t value)
{
    qtest_write(s, "writeq", addr, value);
}

uint8_t qtest_readb(QTestState *s, uint64_t addr)
{
    return qtest_read(s, "readb", addr);
}

uint16_t qtest_readw(QTestState *s, uint64_t addr)
{
    return qtest_read(s, "readw", addr);
}

uint32_t qtest_readl(QTestState *s, uint64_t addr)
{
    return qtest_read(s, "readl", addr);
}

uint64_t qtest_readq(QTestState *s, uint64_t addr)
{
    return qtest_read(s, "readq", addr);
}

static int hex_value(char c)
{
    return g_ascii_xdigit_value(c);
}

void qtest_memread(QTestState *s, uint64_t addr, void *data, size_t size)
{
    g_autofree char *hex = NULL;
    uint8_t *bytes = data;
    size_t i;

    /* Nothing to read (qemu's server does not take SIZE 0). */
    if (!size) {
        return;
    }
    hex = qtest_ok(s, "read 0x%" PRIx64 " 0x%zx", addr, size);
    if (strncmp(hex, "0x", 2) || strlen(hex + 2) != 2 * size) {
        qtest_fatal(s, "qtest: 'read' of %zu bytes answered '%.40s...'",
                    size, hex);
    }
    for (i = 0; i < size; i++) {
        int hi = hex_value(hex[2 + 2 * i]), lo = hex_value(hex[3 + 2 * i]);

        if (hi < 0 || lo < 0) {
            qtest_fatal(s, "qtest: 'read' answered non-hex data");
        }
        bytes[i] = hi << 4 | lo;
    }
}

void qtest_memwrite(QTestState *s, uint64_t addr, const void *data,
                    size_t size)
{
    static const char digits[] = "0123456789abcdef";
    const uint8_t *bytes = data;
    g_autofree char *hex = NULL;
    size_t i;

    if (!size) {
        return;
    }
    hex = g_malloc(2 * size + 1);
    for (i = 0; i < size; i++) {
        hex[2 * i] = digits[bytes[i] >> 4];
        hex[2 * i + 1] = digits[bytes[i] & 0xf];
    }
    hex[2 * size] = '\0';
    g_free(qtest_ok(s, "write 0x%" PRIx64 " 0x%zx 0x%s", addr, size, hex));
}

void qtest_bufread(QTestState *s, uint64_t addr, void *data, size_t size)
{
    g_autofree char *b64 = qtest_ok(s, "b64read 0x%" PRIx64 " 0x%zx", addr,
                                    size);
    g_autofree guchar *bytes = NULL;
    gsize len;

    bytes = g_base64_decode(b64, &len);
    if (len != size) {
        qtest_fatal(s, "qtest: 'b64read' of %zu bytes returned %zu", size,
                    (size_t)len);
    }
    memcpy(data, bytes, size);
}

void qtest_bufwrite(QTestState *s, uint64_t addr, const void *data,
                    size_t size)
{
    g_autofree char *b64 = NULL;

    /* Nothing to write (qemu's server does not take empty data). */
    if (!size) {
        return;
    }
    b64 = g_base64_encode(data, size);
    g_free(qtest_ok(s, "b64write 0x%" PRIx64 " 0x%zx %s", addr, size, b64));
}

void qtest_memset(QTestState *s, uint64_t addr, uint8_t pattern, size_t size)
{
    g_free(qtest_ok(s, "memset 0x%" PRIx64 " 0x%zx 0x%02x", addr, size,
                    pattern));
}

bool qtest_big_endian(QTestState *s)
{
    g_autofree char *order = qtest_ok(s, "endianness");

    if (strcmp(order, "big") && strcmp(order, "little")) {
        qtest_fatal(s, "qtest: 'endianness' answered '%s'", order);
    }
    return !strcmp(order, "big");
}

/* The virtual clock */

int64_t qtest_clock_step_next(QTestState *s)
{
    g_autofree char *ns = qtest_ok(s, "clock_step");

    return reply_i64(s, ns);
}

int64_t qtest_clock_step(QTestState *s, int64_t step_ns)
{
    g_autofree char *ns = qtest_ok(s, "clock_step %" PRId64, step_ns);

    return reply_i64(s, ns);
}

int64_t qtest_clock_set(QTestState *s, int64_t val_ns)
{
    g_autofree char *ns = qtest_ok(s, "clock_set %" PRId64, val_ns);

    return reply_i64(s, ns);
}

/* Interrupt lines */

void qtest_irq_intercept_in(QTestState *s, const char *path)
{
    g_free(qtest_ok(s, "irq_intercept_in %s", path));
}

void qtest_irq_intercept_out(QTestState *s, const char *path)
{
    g_free(qtest_ok(s, "irq_intercept_out %s", path));
}

void qtest_set_irq_in(QTestState *s, const char *path, const char *name,
                      int num, int level)
{
    g_free(qtest_ok(s, "set_irq_in %s %s %d %d", path, name, num, level));
}

bool qtest_get_irq(QTestState *s, int num)
{
    g_assert_cmpint(num, >=, 0);
    /*
     * A round trip first: IRQ lines the emulator sent before answering
     * it (caused by QMP commands, say) are read and recorded on the way.
     */
    g_free(qtest_ok(s, "endianness"));
    return (guint)num < s->irq_level->len &&
           g_array_index(s->irq_level, bool, num);
}
