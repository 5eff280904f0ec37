/*
 * libqtest: the client side of the qtest protocol, for device tests.
 *
 * A test starts the emulator under test with qtest_init(), which runs
 * the binary named by the environment variable QTEST_QEMU_BINARY the way
 * every qtest client does:
 *
 *   BINARY -qtest unix:SOCK -qtest-log /dev/null
 *          -chardev socket,path=QMPSOCK,id=char0
 *          -mon chardev=char0,mode=control -display none EXTRA_ARGS
 *          -accel qtest
 *
 * after creating both sockets as listeners in a private temporary
 * directory.  The emulator connects to them at start-up; the library
 * accepts both, reads the QMP greeting and negotiates capabilities.
 * From then on the test drives the machine through the qtest protocol
 * (guest memory, I/O ports, the virtual clock, interrupt lines; see
 * docs and system/qtest.c) and talks QMP beside it.  qtest_quit() ends
 * the emulator and checks that it exited with status 0.
 *
 * Every helper asserts that its request succeeded: a test that gets an
 * unexpected reply stops there with the reply in the message.  Requests
 * whose failure is the point of the test go through qtest_request()
 * (raw qtest lines) and qtest_qmp() (QMP replies are returned, errors
 * included).
 *
 * The emulator's stdout and stderr are captured; they are shown when it
 * exits abnormally or a sanitizer reported something, which also fails
 * the test.
 *
 * Environment:
 *   QTEST_QEMU_BINARY   the emulator (required)
 *   QTEST_LOG           if set, log qtest traffic (the emulator's
 *                       -qtest-log) and QMP traffic to stderr, and leave
 *                       the emulator's stderr alone
 *   QTEST_QEMU_ACCEL    replaces "qtest" in "-accel qtest"; and
 *   QTEST_EXTRA_ARGS    arguments added after EXTRA_ARGS.  Both are only
 *                       for running tests against another emulator
 *                       built without the qtest accelerator (then the
 *                       clock commands do not exist).
 */
#ifndef TESTS_QTEST_LIBQTEST_H
#define TESTS_QTEST_LIBQTEST_H

#include "util/osdep.h"
#include "qobject/qobject.h"

typedef struct QTestState QTestState;

/* Starting and stopping */

/*
 * Start the emulator with @extra_args (split as a shell would, quotes
 * allowed) and connect to it; fails the test if it does not come up.
 */
QTestState *qtest_init(const char *extra_args);
QTestState *qtest_initf(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
QTestState *qtest_vinitf(const char *fmt, va_list ap) G_GNUC_PRINTF(1, 0);
/*
 * Same, but leave the QMP greeting unread and capabilities unnegotiated
 * (for tests of the QMP handshake itself).
 */
QTestState *qtest_init_without_qmp_handshake(const char *extra_args);

/*
 * Close both connections, send SIGTERM, wait for the emulator, and
 * assert that it exited with the expected status (0 unless set with
 * qtest_set_expected_status) and no sanitizer report.  Frees @s.
 */
void qtest_quit(QTestState *s);
/*
 * The first half of qtest_quit: close, SIGTERM, wait.  Returns the raw
 * wait status (see waitpid), and shows the emulator's output if it
 * exited abnormally (a signal, or a status other than the expected one)
 * or a sanitizer reported anything.  Does not assert and does not free
 * @s; calling it again returns the same status.
 */
int qtest_kill_qemu(QTestState *s);
void qtest_set_expected_status(QTestState *s, int status);

/* Close only the qtest connection (the QMP one stays). */
void qtest_close_qtest_socket(QTestState *s);
/*
 * Wait up to @timeout_ms for the emulator to exit on its own; returns
 * the raw wait status, or -1 if it is still running.
 */
int qtest_wait_qemu(QTestState *s, int timeout_ms);
/* Whether the emulator is still running. */
bool qtest_probe_child(QTestState *s);
pid_t qtest_pid(QTestState *s);

/*
 * The guest architecture, from the binary's name: what follows
 * "-system-" ("x86_64").
 */
const char *qtest_get_arch(void);

/*
 * Run the binary with @args (split as a shell would) and wait for it,
 * for tests of start-up errors.  Returns the exit status, or 128 plus
 * the signal number if a signal ended it.  *@out and *@err (if not NULL)
 * receive what it printed.  A sanitizer report fails the test.
 */
int qtest_run(const char *args, char **out, char **err);
int qtest_runf(char **out, char **err, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);
/* Whether the binary knows device type / machine type @name. */
bool qtest_has_device(const char *name);
bool qtest_has_machine(const char *name);
/*
 * For tests that need device type @name (the test-only types are in
 * tests/corvid-test-system-*, not in the shipped binary): true if the
 * binary has it; otherwise mark the test skipped (g_test_skip) and
 * return false, so a test starts with
 *     if (!qtest_require_device("corvid-test-bridge")) { return; }
 */
bool qtest_require_device(const char *name);
/*
 * Whether the binary is Corvid (its -version says so), for tests of
 * behaviour that qemu-system does not share.
 */
bool qtest_is_corvid(void);

/* Raw qtest lines */

/* Send bytes as they are (no newline is added). */
void qtest_send_raw(QTestState *s, const void *buf, size_t len);
/*
 * The next reply line, without its newline (caller frees).  "IRQ ..."
 * lines in between are recorded (see qtest_get_irq) and skipped.
 */
char *qtest_recv_line(QTestState *s);
/* The next line whatever it is, "IRQ ..." lines included (recorded too). */
char *qtest_recv_any_line(QTestState *s);
/* Send one request line (a newline is added); return its reply. */
char *qtest_request(QTestState *s, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
/*
 * Send request line @request and assert that the reply is exactly
 * @expected, or (the _prefix form) that it starts with @prefix; the
 * failure message shows the request and the whole reply.
 */
void qtest_assert_reply(QTestState *s, const char *request,
                        const char *expected);
void qtest_assert_reply_prefix(QTestState *s, const char *request,
                               const char *prefix);

/* Guest memory and I/O ports (values in host order) */

void qtest_outb(QTestState *s, uint16_t addr, uint8_t value);
void qtest_outw(QTestState *s, uint16_t addr, uint16_t value);
void qtest_outl(QTestState *s, uint16_t addr, uint32_t value);
uint8_t qtest_inb(QTestState *s, uint16_t addr);
uint16_t qtest_inw(QTestState *s, uint16_t addr);
uint32_t qtest_inl(QTestState *s, uint16_t addr);

void qtest_writeb(QTestState *s, uint64_t addr, uint8_t value);
void qtest_writew(QTestState *s, uint64_t addr, uint16_t value);
void qtest_writel(QTestState *s, uint64_t addr, uint32_t value);
void qtest_writeq(QTestState *s, uint64_t addr, uint64_t value);
uint8_t qtest_readb(QTestState *s, uint64_t addr);
uint16_t qtest_readw(QTestState *s, uint64_t addr);
uint32_t qtest_readl(QTestState *s, uint64_t addr);
uint64_t qtest_readq(QTestState *s, uint64_t addr);

/* Byte buffers in hex ("read"/"write") and in base64 ("b64read"/...). */
void qtest_memread(QTestState *s, uint64_t addr, void *data, size_t size);
void qtest_memwrite(QTestState *s, uint64_t addr, const void *data,
                    size_t size);
void qtest_bufread(QTestState *s, uint64_t addr, void *data, size_t size);
void qtest_bufwrite(QTestState *s, uint64_t addr, const void *data,
                    size_t size);
void qtest_memset(QTestState *s, uint64_t addr, uint8_t pattern,
                  size_t size);

/* Whether the target is big-endian ("endianness"). */
bool qtest_big_endian(QTestState *s);

/* The virtual clock; each returns the new time in nanoseconds */

/* To the next timer deadline (the clock stays if none is pending). */
int64_t qtest_clock_step_next(QTestState *s);
int64_t qtest_clock_step(QTestState *s, int64_t step_ns);
/* Forward to @val_ns (never backwards). */
int64_t qtest_clock_set(QTestState *s, int64_t val_ns);

/* Interrupt lines */

/* Report changes of the input / output GPIO lines of device @path. */
void qtest_irq_intercept_in(QTestState *s, const char *path);
void qtest_irq_intercept_out(QTestState *s, const char *path);
/* Drive input @num of list @name ("unnamed-gpio-in" for the unnamed). */
void qtest_set_irq_in(QTestState *s, const char *path, const char *name,
                      int num, int level);
/* The level of intercepted line @num, as last reported. */
bool qtest_get_irq(QTestState *s, int num);

/* QMP (tests/qtest/libqtest-qmp.c) */

/*
 * Send a command written as printf-style JSON (qobject/qjson.h: %s, %d,
 * %p for a QObject * whose reference is taken, ...; single quotes are
 * fine) and return its reply, "return" or "error" (caller unrefs).
 * Events that arrive meanwhile are kept for qtest_qmp_eventwait().
 */
QDict *qtest_qmp(QTestState *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
QDict *qtest_vqmp(QTestState *s, const char *fmt, va_list ap)
    G_GNUC_PRINTF(2, 0);
/* The same, passing file descriptors with the message (SCM_RIGHTS). */
QDict *qtest_qmp_fds(QTestState *s, const int *fds, size_t nfds,
                     const char *fmt, ...) G_GNUC_PRINTF(4, 5);
/* Send a command without waiting for its reply. */
void qtest_qmp_send(QTestState *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void qtest_qmp_vsend(QTestState *s, const char *fmt, va_list ap)
    G_GNUC_PRINTF(2, 0);
/* Send text exactly as formatted (for malformed input). */
void qtest_qmp_send_raw(QTestState *s, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
/* The next reply (not event); events that come first are kept. */
QDict *qtest_qmp_receive(QTestState *s);
/* The next message, event or reply, in arrival order (kept ones first). */
QDict *qtest_qmp_receive_dict(QTestState *s);

/* Wait for event @name (a kept one counts); unrefs / returns it. */
void qtest_qmp_eventwait(QTestState *s, const char *name);
QDict *qtest_qmp_eventwait_ref(QTestState *s, const char *name);
/* A kept event @name, or NULL: does not wait. */
QDict *qtest_qmp_event_ref(QTestState *s, const char *name);

/* Run a command and assert it succeeded. */
void qtest_qmp_assert_success(QTestState *s, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
/* The same, returning the reply's "return" value (caller unrefs). */
QObject *qtest_qmp_assert_success_ref(QTestState *s, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
/*
 * Assert that @rsp is an error of class @klass (NULL: any) and unref
 * it; returns nothing, so it is used as qmp_expect_error(qtest_qmp(...)).
 */
void qmp_expect_error(QDict *rsp, const char *klass);
/* The "desc" of an error reply, or NULL if @rsp is not an error. */
const char *qmp_error_desc(const QDict *rsp);

/*
 * Exact assertions on QMP replies, for tests that check what a command
 * answers word for word (JSON texts are parsed with qobject_from_json,
 * so double quotes; objects compare equal whatever their member order).
 */

/*
 * Assert that @rsp is an error of class @klass whose "desc" is exactly
 * @desc, and unref it: qmp_assert_error(qtest_qmp(...), klass, desc).
 */
void qmp_assert_error(QDict *rsp, const char *klass, const char *desc);
/* Assert that @actual is equal to the JSON text @expected. */
void qobject_assert_json(const QObject *actual, const char *expected);
/*
 * Run a command (printf-style JSON, as qtest_qmp) that must succeed, and
 * assert that its "return" value is equal to the JSON text @expected.
 */
void qtest_qmp_assert_return(QTestState *s, const char *expected,
                             const char *fmt, ...) G_GNUC_PRINTF(3, 4);
/*
 * Run a command that must succeed with a list, and return the list
 * (caller unrefs).
 */
QList *qtest_qmp_assert_list(QTestState *s, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
/*
 * The first member of @list that is an object whose "name" is @name
 * (borrowed, not a new reference), or NULL.  Most query-* and qom-list*
 * replies are such lists.
 */
QDict *qlist_find_named(QList *list, const char *name);
/*
 * Wait for event @name (a kept one counts), assert that it has a
 * "timestamp" and that its "data" is equal to the JSON text @data, or,
 * for @data NULL, that it has no "data"; and drop it.
 */
void qtest_qmp_assert_event(QTestState *s, const char *name,
                            const char *data);
/*
 * Assert that no event @name has arrived: one command's round trip
 * (query-status) lets anything already on its way arrive first.
 */
void qtest_qmp_assert_no_event(QTestState *s, const char *name);

/* The greeting read by qtest_init() (NULL without handshake). */
QDict *qtest_qmp_greeting(QTestState *s);

/*
 * device_add with driver @driver, id @id and the further arguments in
 * @fmt (printf-style JSON of an object, "{}" for none); asserts success.
 */
void qtest_qmp_device_add(QTestState *s, const char *driver, const char *id,
                          const char *fmt, ...) G_GNUC_PRINTF(4, 5);
/* device_del @id and wait for its DEVICE_DELETED event. */
void qtest_qmp_device_del(QTestState *s, const char *id);
/* qom-get: the property's value (caller unrefs); asserts success. */
QObject *qtest_qom_get(QTestState *s, const char *path, const char *prop);

#endif
