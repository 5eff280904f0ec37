/*
 * What the files of monitor/ share and nobody else needs.
 *
 *   qmp-dispatch.c   the command table, argument checks, the preconfig gate
 *   monitor.c        the I/O thread, the list of monitors, the dispatcher
 *                    that runs queued requests in the main loop, events
 *   qmp-session.c    one QMP session on a chardev: input, request checks,
 *                    the request queue, output
 *   qmp-cmds-core.c  the built-in commands and the events they watch for
 *   hmp.c            human-monitor-command and its "info" registry
 *
 * Threads: the chardev of every monitor is watched from the monitor I/O
 * thread (its own GMainContext).  Input is parsed there; exec-oob requests
 * for commands flagged QMP_ALLOW_OOB run there at once; everything else is
 * queued and run one at a time by a bottom half in the main loop.
 */
#ifndef MONITOR_MONITOR_INTERNAL_H
#define MONITOR_MONITOR_INTERNAL_H

#include "chardev/char-fe.h"
#include "monitor/monitor.h"
#include "monitor/qmp.h"
#include "qobject/qjson.h"

/*
 * In-band requests a session may have waiting before its input is no
 * longer read (the one being run does not count).  The QMP specification
 * promises that with at most this many in flight, exec-oob still works.
 */
#define QMP_REQ_QUEUE_LEN_MAX 8

/* Bytes read from a chardev at a time. */
#define QMP_READ_CHUNK 4096

/* ---------------------------------------------------------------------- */
/* qmp-dispatch.c */

typedef struct QmpCommand {
    char *name;
    QmpCommandFunc *fn;
    QmpArgSpec *args;       /* a private copy, NULL-name terminated */
    unsigned flags;         /* QmpCommandFlags */
} QmpCommand;

/* Commands live as long as the process; the pointer stays valid. */
const QmpCommand *qmp_find_command(const char *name);
/* The preconfig gate, the argument checks, then the handler. */
QObject *qmp_run_command(const QmpCommand *cmd, const QDict *args,
                         Error **errp);
/* For x-exit-preconfig. */
bool qmp_exit_preconfig(Error **errp);

/* ---------------------------------------------------------------------- */
/* monitor.c */

/* The monitor I/O thread's context (NULL before monitor_init_globals). */
GMainContext *monitor_io_context(void);
/* A session has queued a request: make the dispatcher look. */
void monitor_dispatch_kick(void);
/* The session whose command runs in this thread, or NULL. */
Monitor *monitor_cur(void);
void monitor_set_cur(Monitor *mon);

/* ---------------------------------------------------------------------- */
/* qmp-session.c */

Monitor *qmp_session_new(Chardev *chr, bool pretty, Error **errp);
/* Start watching the chardev (from the I/O thread). */
void qmp_session_start(Monitor *mon);
/* Stop watching and free; the I/O thread must not be running. */
void qmp_session_free(Monitor *mon);
/* Try for a while to send what is still buffered (at exit). */
void qmp_session_flush_blocking(Monitor *mon);
/*
 * The dispatcher (main loop only): run the oldest queued request, if
 * any, keeping its reply for qmp_session_send_reply().  The dispatcher
 * sends it on its next run, after the main loop has carried out the
 * requests the command made (reset, shutdown), so that their events come
 * first, as from qemu.
 */
bool qmp_session_has_requests(Monitor *mon);
void qmp_session_run_one(Monitor *mon);
void qmp_session_send_reply(Monitor *mon);
/* Send an event (already built) if the session has negotiated. */
void qmp_session_send_event(Monitor *mon, const QDict *event);
/*
 * qmp_capabilities: leave negotiation mode for the session running it.
 * Fails with qemu's CommandNotFound if it already did.
 */
bool qmp_session_negotiate(Monitor *mon, bool oob, Error **errp);

/* ---------------------------------------------------------------------- */
/* qmp-cmds-core.c, hmp.c */

/* The core commands' event sources (runstate, qdev); once. */
void qmp_core_events_init(void);
void qmp_core_commands_register(void);
void hmp_commands_register(void);

#endif
