/*
 * QMP monitors: JSON sessions over chardevs.
 *
 * -qmp SPEC and -mon chardev=ID,mode=control each create one.  A monitor
 * greets its client, waits for qmp_capabilities, then reads requests,
 * checks them and dispatches them (monitor/qmp.h), and sends replies and
 * events.  Its chardev is watched from the monitor I/O thread, which
 * answers exec-oob requests at once; ordinary requests are queued and run
 * one at a time in the main loop, in order.
 */
#ifndef MONITOR_MONITOR_H
#define MONITOR_MONITOR_H

#include "chardev/char.h"
#include "util/error.h"

typedef struct Monitor Monitor;

/* Set up the I/O thread, the built-in commands and the event sources. */
void monitor_init_globals(void);
/* A QMP monitor on @chr (which it claims); @pretty indents replies. */
Monitor *monitor_new_qmp(Chardev *chr, bool pretty, Error **errp);
/*
 * -mon chardev=ID[,mode=control|readline][,pretty=on|off]: @opts is the
 * keyval dict.  Only mode=control is supported.
 */
bool monitor_new_from_opts(const QDict *opts, Error **errp);
/* Tear down every monitor and the I/O thread (at exit). */
void monitor_cleanup(void);

/*
 * Human monitor "info" subcommands, for human-monitor-command
 * ("info NAME [ARG]").  @fn appends its text to @out with "\n" line ends
 * (the monitor turns them into "\r\n"); @arg is the one word after NAME,
 * or NULL.  @params describes that optional word for "info" listings
 * ("[path]"); NULL means the command takes none, and the monitor refuses
 * extra text with qemu's "extraneous characters" reply before @fn runs.
 * Subsystems register theirs from a qmp_init() function; registering a
 * name twice is a programming error.
 */
typedef void HmpInfoFunc(GString *out, const char *arg);
void hmp_register_info(const char *name, const char *params,
                       const char *help, HmpInfoFunc *fn);

/* Enter --preconfig: commands flagged QMP_ALLOW_PRECONFIG only, until
 * x-exit-preconfig. */
void qmp_enter_preconfig(void);
/*
 * Run the main loop until x-exit-preconfig: true.  False if a shutdown
 * (quit, a signal) was requested first; the caller should then exit.
 */
bool qmp_wait_preconfig_exit(void);

#endif
