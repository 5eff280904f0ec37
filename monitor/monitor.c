/*
 * QMP monitors as a whole: the monitor I/O thread, the list of monitors,
 * the dispatcher that runs queued requests in the main loop, events,
 * -qmp/-mon creation and the --preconfig wait.
 */
#include "util/osdep.h"
#include "util/main-loop.h"
#include "util/module.h"
#include "qobject/qinput.h"
#include "system/runstate.h"
#include "monitor/monitor-internal.h"

#include <pthread.h>
#include <signal.h>

static bool globals_ready;

/* The monitor I/O thread: iterates its own context until told to stop. */
static GMainContext *io_ctx;
static GThread *io_thread;
static gint io_stop;

/* Every monitor; they live until monitor_cleanup(). */
static GMutex monitors_lock;
static GPtrArray *monitors;
/* Where the dispatcher looks first next time (round robin). */
static guint next_monitor;
static BH *dispatch_bh;
/* The monitor whose last request's reply the dispatcher still owes. */
static Monitor *reply_owed;

static __thread Monitor *cur_mon;

GMainContext *monitor_io_context(void)
{
    return io_ctx;
}

Monitor *monitor_cur(void)
{
    return cur_mon;
}

void monitor_set_cur(Monitor *mon)
{
    cur_mon = mon;
}

static gpointer io_thread_run(gpointer opaque)
{
    g_main_context_push_thread_default(io_ctx);
    while (!g_atomic_int_get(&io_stop)) {
        g_main_context_iteration(io_ctx, true);
    }
    g_main_context_pop_thread_default(io_ctx);
    return NULL;
}

/*
 * The dispatcher: one queued request per run, taking the monitors in
 * turn so that a busy client cannot starve the others.  Each monitor's
 * requests run in the order they came.
 */
static void dispatch_bh_run(void *opaque)
{
    Monitor *mon = NULL;
    guint i, n;

    if (reply_owed) {
        qmp_session_send_reply(reply_owed);
        reply_owed = NULL;
    }

    g_mutex_lock(&monitors_lock);
    n = monitors->len;
    for (i = 0; i < n; i++) {
        Monitor *m = g_ptr_array_index(monitors, (next_monitor + i) % n);

        if (qmp_session_has_requests(m)) {
            mon = m;
            next_monitor = (next_monitor + i + 1) % n;
            break;
        }
    }
    g_mutex_unlock(&monitors_lock);

    if (mon) {
        qmp_session_run_one(mon);
        reply_owed = mon;
        /* For the reply, and there may be more requests. */
        bh_schedule(dispatch_bh);
    }
}

void monitor_dispatch_kick(void)
{
    bh_schedule(dispatch_bh);
}

void monitor_init_globals(void)
{
    sigset_t all, old;

    if (globals_ready) {
        return;
    }
    main_loop_init();
    module_call_init(MODULE_INIT_QMP);
    qmp_core_events_init();

    monitors = g_ptr_array_new();
    next_monitor = 0;
    dispatch_bh = bh_new(dispatch_bh_run, NULL);

    io_ctx = g_main_context_new();
    g_atomic_int_set(&io_stop, false);
    /* Signals belong to the main loop: the thread starts with all blocked. */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    io_thread = g_thread_new("mon_iothread", io_thread_run, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);

    globals_ready = true;
}

Monitor *monitor_new_qmp(Chardev *chr, bool pretty, Error **errp)
{
    Monitor *mon;

    monitor_init_globals();
    mon = qmp_session_new(chr, pretty, errp);
    if (!mon) {
        return NULL;
    }
    g_mutex_lock(&monitors_lock);
    g_ptr_array_add(monitors, mon);
    g_mutex_unlock(&monitors_lock);
    qmp_session_start(mon);
    return mon;
}

bool monitor_new_from_opts(const QDict *opts, Error **errp)
{
    static const char *const modes[] = { "readline", "control", NULL };
    enum { MODE_READLINE, MODE_CONTROL };
    const QDictEntry *e;
    const char *id = NULL;
    bool pretty = false;
    int mode = MODE_READLINE;   /* qemu's default */
    Chardev *chr;

    for (e = qdict_first(opts); e; e = qdict_next(opts, e)) {
        const char *key = qdict_entry_key(e);
        QInput in = QINPUT_KEYVAL(qdict_entry_value(e));

        if (!strcmp(key, "chardev")) {
            id = qinput_get_str(&in, key, errp);
            if (!id) {
                return false;
            }
        } else if (!strcmp(key, "mode")) {
            if (!qinput_get_enum(&in, key, modes, &mode, errp)) {
                return false;
            }
        } else if (!strcmp(key, "pretty")) {
            if (!qinput_get_bool(&in, key, &pretty, errp)) {
                return false;
            }
        } else if (strcmp(key, "id")) {
            error_setg(errp, "Invalid parameter '%s'", key);
            return false;
        }
    }
    if (!id) {
        error_setg(errp, "Parameter 'chardev' is missing");
        return false;
    }
    chr = chardev_find(id);
    if (!chr) {
        error_setg(errp, "chardev \"%s\" not found", id);
        return false;
    }
    if (mode != MODE_CONTROL) {
        error_setg(errp, "Only QMP monitors are supported: use "
                   "mode=control");
        return false;
    }
    return monitor_new_qmp(chr, pretty, errp) != NULL;
}

void monitor_cleanup(void)
{
    guint i;

    if (!globals_ready) {
        return;
    }
    /* Nothing runs in the I/O thread from here on. */
    g_atomic_int_set(&io_stop, true);
    g_main_context_wakeup(io_ctx);
    g_thread_join(io_thread);
    io_thread = NULL;

    g_mutex_lock(&monitors_lock);
    for (i = 0; i < monitors->len; i++) {
        Monitor *mon = g_ptr_array_index(monitors, i);

        /* The SHUTDOWN event, then the reply to "quit", say. */
        qmp_session_send_reply(mon);
        qmp_session_flush_blocking(mon);
        qmp_session_free(mon);
    }
    g_ptr_array_free(monitors, true);
    monitors = NULL;
    g_mutex_unlock(&monitors_lock);

    bh_delete(dispatch_bh);
    dispatch_bh = NULL;
    reply_owed = NULL;
    g_main_context_unref(io_ctx);
    io_ctx = NULL;
    globals_ready = false;
}

/* ---------------------------------------------------------------------- */
/* Events */

void qmp_event_send(const char *name, QDict *data)
{
    gint64 now = g_get_real_time();
    QDict *event = qdict_new();
    QDict *timestamp = qdict_new();
    guint i;

    qdict_put_int(timestamp, "seconds", now / G_USEC_PER_SEC);
    qdict_put_int(timestamp, "microseconds", now % G_USEC_PER_SEC);
    qdict_put(event, "timestamp", timestamp);
    qdict_put_str(event, "event", name);
    /* Events without data have no "data" member at all, as in qemu. */
    if (data) {
        qdict_put(event, "data", data);
    }

    g_mutex_lock(&monitors_lock);
    for (i = 0; monitors && i < monitors->len; i++) {
        qmp_session_send_event(g_ptr_array_index(monitors, i), event);
    }
    g_mutex_unlock(&monitors_lock);
    qobject_unref(event);
}

/* ---------------------------------------------------------------------- */
/* --preconfig */

bool qmp_wait_preconfig_exit(void)
{
    while (qmp_in_preconfig()) {
        if (main_loop_should_exit()) {
            return false;
        }
        main_loop_wait(false);
    }
    return true;
}
