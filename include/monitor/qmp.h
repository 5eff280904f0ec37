/*
 * QMP commands and events, as subsystems see them.
 *
 * A subsystem registers each command it offers with its argument
 * specification; the dispatcher checks a request's arguments against it
 * (unknown, missing and mistyped arguments get qemu's error replies)
 * before calling the handler, which can therefore trust the types of
 * what it reads.  Handlers run in the main loop, except commands flagged
 * QMP_ALLOW_OOB when called with "exec-oob", which run at once in the
 * monitor's I/O thread and must not touch device state.
 *
 * Events go to every QMP session that finished capabilities negotiation.
 */
#ifndef MONITOR_QMP_H
#define MONITOR_QMP_H

#include "qobject/qobject.h"
#include "util/error.h"
#include "util/module.h"

/*
 * The qemu release whose QMP interface Corvid implements.  Clients check
 * these numbers (the greeting, query-version, "info version"), so they are
 * qemu's, not Corvid's; the package string names Corvid.
 */
#define QMP_QEMU_VERSION_MAJOR 7
#define QMP_QEMU_VERSION_MINOR 2
#define QMP_QEMU_VERSION_MICRO 0
#define QMP_PACKAGE_VERSION "corvid-" CORVID_VERSION

/* Argument types a command can declare. */
typedef enum QmpArgType {
    QMP_ARG_STR,
    QMP_ARG_INT,        /* a JSON integer (int64 or uint64) */
    QMP_ARG_BOOL,
    QMP_ARG_NUMBER,     /* integer or floating point */
    QMP_ARG_DICT,
    QMP_ARG_LIST,
    QMP_ARG_ANY,        /* any JSON value */
} QmpArgType;

typedef struct QmpArgSpec {
    const char *name;
    QmpArgType type;
    bool optional;
} QmpArgSpec;

typedef enum QmpCommandFlags {
    QMP_ALLOW_OOB = 1 << 0,         /* may be run with exec-oob */
    QMP_ALLOW_PRECONFIG = 1 << 1,   /* allowed before x-exit-preconfig */
    QMP_ARGS_ANY = 1 << 2,          /* extra arguments pass through
                                     * unchecked (device_add, object-add) */
} QmpCommandFlags;

/*
 * A handler: on success set *ret to the "return" value (NULL means {})
 * and return; on failure set *errp.  @args is the "arguments" dict (empty
 * if none were given); its members match the specification.
 */
typedef void QmpCommandFunc(const QDict *args, QObject **ret, Error **errp);

/*
 * Files that offer commands end with qmp_init(fn); fn registers them when
 * the monitor starts (module_call_init(MODULE_INIT_QMP)).
 */
#define qmp_init(function) module_init(function, MODULE_INIT_QMP)

/* @args: terminated by an entry with name NULL; NULL for no arguments. */
void qmp_register_command(const char *name, QmpCommandFunc *fn,
                          const QmpArgSpec *args, unsigned flags);
bool qmp_command_exists(const char *name);
/* query-commands: [{"name": ...}, ...] (sorted). */
QList *qmp_command_list(void);

/*
 * Run one command the way a QMP request would (the dispatcher's
 * argument checks included); for human-monitor-command and tests.
 */
QObject *qmp_dispatch_command(const char *name, const QDict *args,
                              Error **errp);

/* Send event @name with @data (may be NULL; stolen) to every session. */
void qmp_event_send(const char *name, QDict *data);

/* Whether x-exit-preconfig is still awaited (--preconfig). */
bool qmp_in_preconfig(void);

/* {"qemu": {"micro": ..., "minor": ..., "major": ...}, "package": ...} */
QDict *qmp_version_info(void);

#endif
