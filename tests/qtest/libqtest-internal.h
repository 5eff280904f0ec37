/*
 * libqtest internals shared by libqtest.c (process, qtest protocol) and
 * libqtest-qmp.c (QMP).  Tests use libqtest.h only.
 */
#ifndef TESTS_QTEST_LIBQTEST_INTERNAL_H
#define TESTS_QTEST_LIBQTEST_INTERNAL_H

#include "libqtest.h"
#include "qobject/qjson.h"

struct QTestState {
    pid_t pid;
    bool reaped;            /* waited for: wait_status is valid */
    bool finished;          /* qtest_kill_qemu checked the ending */
    int wait_status;
    int expected_status;

    char *tmpdir;           /* sockets and the captured output */
    char *output_path;      /* the emulator's stdout and stderr */

    int qtest_fd;           /* -1 once closed */
    GString *rx;            /* qtest bytes received, not yet a line */
    GArray *irq_level;      /* of bool, by line number */

    int qmp_fd;
    JSONStreamParser *qmp_parser;
    GQueue qmp_queue;       /* of QDict *: received, not yet consumed */
    QDict *qmp_greeting;

    bool log;               /* QTEST_LOG: show the traffic */
};

/* The QMP side of the connection (libqtest-qmp.c). */
void qtest_qmp_setup(QTestState *s, int fd);
void qtest_qmp_handshake(QTestState *s);
void qtest_qmp_cleanup(QTestState *s);

/* Fail the test, showing the emulator's output (libqtest.c). */
void G_GNUC_NORETURN G_GNUC_PRINTF(2, 3)
qtest_fatal(QTestState *s, const char *fmt, ...);

/*
 * How long to wait for the emulator to say something before failing the
 * test rather than hanging it (a lost event, a wedged emulator).
 */
#define QTEST_WAIT_TIMEOUT_MS (60 * 1000)
/* Wait until @fd is readable, failing the test after the timeout. */
void qtest_wait_readable(QTestState *s, int fd, const char *what);

#endif
