/*
 * One QMP session on a chardev: the greeting, capabilities negotiation,
 * reading and checking requests, the queue of in-band requests, replies
 * and events, and output buffering for slow peers.
 *
 * Threads (see monitor-internal.h): the chardev callbacks and the JSON
 * parser run in the monitor I/O thread; queued requests run in the main
 * loop; replies and events are written from either, serialised by the
 * session lock.
 */
#include "util/osdep.h"
#include "monitor/monitor-internal.h"

typedef struct QmpRequest {
    QObject *req;           /* the parsed value, or NULL */
    Error *err;             /* or why the input was not JSON */
    uint64_t generation;    /* of the peer that sent it */
} QmpRequest;

struct Monitor {
    CharBackend be;
    bool pretty;

    /* I/O thread only (or with the thread stopped). */
    JSONStreamParser *parser;
    GString *inbuf;         /* read but not yet parsed */

    /*
     * Everything below is protected by @lock.  It is recursive because a
     * chardev may report CHR_EVENT_CLOSED from inside a write that
     * failed, that is, from inside flush_locked().
     */
    GRecMutex lock;
    bool connected;         /* a peer is there and was greeted */
    bool negotiated;        /* qmp_capabilities succeeded */
    bool oob;               /* ... and enabled "oob" */
    uint64_t generation;    /* bumped whenever a peer goes */
    GQueue requests;        /* of QmpRequest *, oldest first */
    bool suspended;         /* queue full: input is not read */
    bool out_throttled;     /* output backlog: input is not read */
    bool reset_input;       /* the peer left: drop its partial input */
    GSource *kick;          /* pending session_kick() in the I/O thread */
    GString *outbuf;        /* not yet written */
    guint out_watch;        /* waiting for the chardev to take more */
    QDict *reply;           /* of the last in-band request, not yet sent */
    uint64_t reply_generation;
};

/* Give up flushing at exit after this long. */
#define QMP_EXIT_FLUSH_USEC (1 * G_USEC_PER_SEC)
/*
 * A client that sends without reading must not make us buffer its
 * replies without end: above the high mark its input is not read and its
 * queued requests wait, until the backlog falls below the low mark.
 */
#define QMP_OUTBUF_HIGH (1 * MiB)
#define QMP_OUTBUF_LOW (64 * KiB)

static void qmp_request_free(QmpRequest *req)
{
    qobject_unref(req->req);
    error_free(req->err);
    g_free(req);
}

/* ---------------------------------------------------------------------- */
/* Output */

/* One message as sent: JSON, each line ending in CRLF. */
static GString *format_message(Monitor *mon, const QObject *msg)
{
    GString *json = qobject_to_json_pretty(msg, mon->pretty);
    GString *out;
    gsize i;

    if (!mon->pretty) {
        /* Compact JSON has no newlines: strings escape theirs. */
        g_string_append(json, "\r\n");
        return json;
    }
    out = g_string_sized_new(json->len + 64);
    for (i = 0; i < json->len; i++) {
        if (json->str[i] == '\n') {
            g_string_append_c(out, '\r');
        }
        g_string_append_c(out, json->str[i]);
    }
    g_string_append(out, "\r\n");
    g_string_free(json, true);
    return out;
}

static void remove_out_watch_locked(Monitor *mon)
{
    GSource *source;

    if (!mon->out_watch) {
        return;
    }
    /* The chardev attaches its watches to the context we gave it. */
    source = g_main_context_find_source_by_id(monitor_io_context(),
                                              mon->out_watch);
    if (source) {
        g_source_destroy(source);
    }
    mon->out_watch = 0;
}

static void flush_locked(Monitor *mon);
static void kick_input_locked(Monitor *mon);

/* Lift the output throttle once the peer has read enough. */
static void unthrottle_locked(Monitor *mon)
{
    if (mon->out_throttled && mon->outbuf->len < QMP_OUTBUF_LOW) {
        mon->out_throttled = false;
        kick_input_locked(mon);
        monitor_dispatch_kick();
    }
}

static gboolean output_ready(void *unused, GIOCondition cond, void *opaque)
{
    Monitor *mon = opaque;

    g_rec_mutex_lock(&mon->lock);
    mon->out_watch = 0;
    flush_locked(mon);
    g_rec_mutex_unlock(&mon->lock);
    return G_SOURCE_REMOVE;
}

/*
 * Write what the chardev takes now; wait for room for the rest.  Output
 * is never dropped for a slow peer, only for one that has gone.
 */
static void flush_locked(Monitor *mon)
{
    if (mon->out_watch) {
        return;     /* already waiting; keep the order */
    }
    while (mon->outbuf->len) {
        int len = MIN(mon->outbuf->len, (gsize)INT_MAX);
        int n = chr_fe_write(&mon->be, (const uint8_t *)mon->outbuf->str,
                             len);

        if (n > 0) {
            /* A nested CLOSED may have emptied the buffer meanwhile. */
            g_string_erase(mon->outbuf, 0, MIN((gsize)n, mon->outbuf->len));
            unthrottle_locked(mon);
            continue;
        }
        if (n == 0 || errno == EAGAIN) {
            mon->out_watch = chr_fe_add_watch(&mon->be, G_IO_OUT | G_IO_HUP,
                                              output_ready, mon);
            if (mon->out_watch) {
                return;
            }
            /* A backend without watches: it can only be waited for. */
            chr_fe_write_all(&mon->be, (const uint8_t *)mon->outbuf->str,
                             len);
        }
        /* Written, or the peer is gone. */
        g_string_truncate(mon->outbuf, 0);
    }
    unthrottle_locked(mon);
}

static void send_text_locked(Monitor *mon, const GString *text)
{
    g_string_append_len(mon->outbuf, text->str, text->len);
    if (mon->outbuf->len > QMP_OUTBUF_HIGH) {
        mon->out_throttled = true;
    }
    flush_locked(mon);
}

/* A reply goes only to the peer that asked. */
static void send_reply(Monitor *mon, const QDict *rsp, uint64_t generation)
{
    g_autoptr(GString) text = format_message(mon, QOBJECT(rsp));

    g_rec_mutex_lock(&mon->lock);
    if (mon->connected && mon->generation == generation) {
        send_text_locked(mon, text);
    }
    g_rec_mutex_unlock(&mon->lock);
}

void qmp_session_send_event(Monitor *mon, const QDict *event)
{
    g_autoptr(GString) text = format_message(mon, QOBJECT(event));

    g_rec_mutex_lock(&mon->lock);
    if (mon->connected && mon->negotiated) {
        send_text_locked(mon, text);
    }
    g_rec_mutex_unlock(&mon->lock);
}

void qmp_session_flush_blocking(Monitor *mon)
{
    gint64 deadline = g_get_monotonic_time() + QMP_EXIT_FLUSH_USEC;

    g_rec_mutex_lock(&mon->lock);
    remove_out_watch_locked(mon);
    while (mon->connected && mon->outbuf->len &&
           g_get_monotonic_time() < deadline) {
        int len = MIN(mon->outbuf->len, (gsize)INT_MAX);
        int n = chr_fe_write(&mon->be, (const uint8_t *)mon->outbuf->str,
                             len);

        if (n > 0) {
            g_string_erase(mon->outbuf, 0, MIN((gsize)n, mon->outbuf->len));
        } else if (n == 0 || errno == EAGAIN) {
            g_usleep(1000);
        } else {
            break;
        }
    }
    g_string_truncate(mon->outbuf, 0);
    g_rec_mutex_unlock(&mon->lock);
}

/* ---------------------------------------------------------------------- */
/* Requests */

static QDict *build_response(QObject *ret, QObject *id, Error *err)
{
    QDict *rsp = qdict_new();

    if (err) {
        QDict *error = qdict_new();

        /* qemu puts "id" first in error replies and last in others. */
        if (id) {
            qdict_put_obj(rsp, "id", qobject_ref(id));
        }
        qdict_put_str(error, "class",
                      error_class_name(error_get_class(err)));
        qdict_put_str(error, "desc", error_get_pretty(err));
        qdict_put(rsp, "error", error);
        error_free(err);
        return rsp;
    }
    qdict_put_obj(rsp, "return", ret);
    if (id) {
        qdict_put_obj(rsp, "id", qobject_ref(id));
    }
    return rsp;
}

static bool is_request_member(const char *key)
{
    return !strcmp(key, "execute") || !strcmp(key, "exec-oob") ||
           !strcmp(key, "arguments") || !strcmp(key, "id");
}

/*
 * The members of a request, checked in an order that gives qemu's answer
 * for every combination we tried.  Sets *name and *oob.
 */
static bool check_request(const QDict *dict, bool oob_enabled,
                          const char **name, bool *oob, Error **errp)
{
    QObject *exec = qdict_get(dict, "execute");
    QObject *exec_oob = qdict_get(dict, "exec-oob");
    QObject *args = qdict_get(dict, "arguments");
    const char *unexpected = NULL;
    const QDictEntry *e;

    if (exec_oob && !oob_enabled) {
        error_setg(errp, "QMP input member 'exec-oob' is unexpected");
        return false;
    }
    if (exec && qobject_type(exec) != QTYPE_QSTRING) {
        error_setg(errp, "QMP input member 'execute' must be a string");
        return false;
    }
    if (exec_oob && qobject_type(exec_oob) != QTYPE_QSTRING) {
        error_setg(errp, "QMP input member 'exec-oob' must be a string");
        return false;
    }
    if (exec && exec_oob) {
        error_setg(errp, "QMP input member 'execute' clashes with "
                   "'exec-oob'");
        return false;
    }
    if (args && qobject_type(args) != QTYPE_QDICT) {
        error_setg(errp, "QMP input member 'arguments' must be an object");
        return false;
    }
    /* Of several strangers, name the first in sort order. */
    for (e = qdict_first(dict); e; e = qdict_next(dict, e)) {
        const char *key = qdict_entry_key(e);

        if (!is_request_member(key) &&
            (!unexpected || strcmp(key, unexpected) < 0)) {
            unexpected = key;
        }
    }
    if (unexpected) {
        error_setg(errp, "QMP input member '%s' is unexpected", unexpected);
        return false;
    }
    if (!exec && !exec_oob) {
        error_setg(errp, "QMP input lacks member 'execute'");
        return false;
    }
    *oob = exec_oob != NULL;
    *name = qstring_get_str(qobject_to(QString, *oob ? exec_oob : exec));
    return true;
}

static QObject *execute_request(Monitor *mon, const QDict *dict,
                                Error **errp)
{
    const QmpCommand *cmd;
    const char *name;
    bool negotiated, oob_enabled, oob;
    Monitor *prev;
    QObject *ret;

    g_rec_mutex_lock(&mon->lock);
    negotiated = mon->negotiated;
    oob_enabled = mon->oob;
    g_rec_mutex_unlock(&mon->lock);

    if (!check_request(dict, oob_enabled, &name, &oob, errp)) {
        return NULL;
    }
    if (!negotiated && strcmp(name, "qmp_capabilities")) {
        error_set(errp, ERROR_CLASS_COMMAND_NOT_FOUND,
                  "Expecting capabilities negotiation with "
                  "'qmp_capabilities'");
        return NULL;
    }
    cmd = qmp_find_command(name);
    if (!cmd) {
        error_set(errp, ERROR_CLASS_COMMAND_NOT_FOUND,
                  "The command %s has not been found", name);
        return NULL;
    }
    if (oob && !(cmd->flags & QMP_ALLOW_OOB)) {
        error_setg(errp, "The command %s does not support OOB", name);
        return NULL;
    }

    prev = monitor_cur();
    monitor_set_cur(mon);
    ret = qmp_run_command(cmd, qdict_get_qdict(dict, "arguments"), errp);
    monitor_set_cur(prev);
    return ret;
}

/* Run one request (parsed or not); returns the reply. */
static QDict *handle_request(Monitor *mon, QObject *value, Error *parse_err)
{
    QDict *dict = qobject_to(QDict, value);
    QDict *rsp;
    Error *err = NULL;
    QObject *ret;

    if (parse_err) {
        rsp = build_response(NULL, NULL, parse_err);
    } else if (!dict) {
        error_setg(&err, "QMP input must be a JSON object");
        rsp = build_response(NULL, NULL, err);
    } else {
        ret = execute_request(mon, dict, &err);
        rsp = build_response(ret, qdict_get(dict, "id"), err);
    }
    return rsp;
}

/*
 * How many requests may wait before input stops.  Without "oob" a client
 * gets one request at a time, as from qemu: the next one is not even read
 * until the reply to the last is out.  So a script that pipes commands
 * and then closes its end has every one answered before its end-of-file
 * is seen (which forgets whatever is still queued).
 */
static guint queue_limit_locked(Monitor *mon)
{
    return mon->oob ? QMP_REQ_QUEUE_LEN_MAX : 1;
}

/* Whether @value asks for an out-of-band command that may run now. */
static bool request_runs_now(const QObject *value)
{
    QDict *dict = qobject_to(QDict, value);
    const char *name = dict ? qdict_get_try_str(dict, "exec-oob") : NULL;
    const QmpCommand *cmd;

    if (!name || qdict_haskey(dict, "execute")) {
        return false;   /* clashes are answered in order, in-band */
    }
    cmd = qmp_find_command(name);
    return cmd && (cmd->flags & QMP_ALLOW_OOB);
}

/* The parser found a value or an error (I/O thread). */
static void session_emit(void *opaque, QObject *value, Error *err)
{
    Monitor *mon = opaque;
    QmpRequest *req;
    uint64_t generation;
    bool oob, connected;

    g_rec_mutex_lock(&mon->lock);
    generation = mon->generation;
    connected = mon->connected;
    oob = mon->oob;
    g_rec_mutex_unlock(&mon->lock);

    /*
     * Input may come before CHR_EVENT_OPENED (stdio, where the main
     * thread announces the peer while this thread already reads): it is
     * queued all the same, and answered once the greeting is out.
     */
    if (value && oob && connected && request_runs_now(value)) {
        g_autoptr(QDict) rsp = handle_request(mon, value, NULL);

        send_reply(mon, rsp, generation);
        qobject_unref(value);
        return;
    }

    /* Errors are queued too, so that replies keep the input's order. */
    req = g_new0(QmpRequest, 1);
    req->req = value;
    req->err = err;
    req->generation = generation;

    g_rec_mutex_lock(&mon->lock);
    g_queue_push_tail(&mon->requests, req);
    if (g_queue_get_length(&mon->requests) >= queue_limit_locked(mon)) {
        mon->suspended = true;
    }
    g_rec_mutex_unlock(&mon->lock);
    monitor_dispatch_kick();
}

bool qmp_session_has_requests(Monitor *mon)
{
    bool any;

    g_rec_mutex_lock(&mon->lock);
    any = !g_queue_is_empty(&mon->requests) && !mon->out_throttled;
    g_rec_mutex_unlock(&mon->lock);
    return any;
}


/* Read input again if the queue has room (below @limit). */
static void resume_locked(Monitor *mon, guint limit)
{
    if (mon->suspended && g_queue_get_length(&mon->requests) < limit) {
        mon->suspended = false;
        kick_input_locked(mon);
    }
}

void qmp_session_run_one(Monitor *mon)
{
    QmpRequest *req;
    QDict *rsp;

    g_rec_mutex_lock(&mon->lock);
    req = g_queue_pop_head(&mon->requests);
    if (req && mon->oob) {
        /* Room again: read on (exec-oob included) while this one runs. */
        resume_locked(mon, QMP_REQ_QUEUE_LEN_MAX);
    }
    g_rec_mutex_unlock(&mon->lock);

    if (!req) {
        return;
    }
    rsp = handle_request(mon, req->req, req->err);
    req->err = NULL;    /* handle_request took it */

    g_rec_mutex_lock(&mon->lock);
    g_assert(!mon->reply);
    mon->reply = rsp;
    mon->reply_generation = req->generation;
    g_rec_mutex_unlock(&mon->lock);
    qmp_request_free(req);
}

void qmp_session_send_reply(Monitor *mon)
{
    QDict *rsp;
    uint64_t generation;

    g_rec_mutex_lock(&mon->lock);
    rsp = mon->reply;
    generation = mon->reply_generation;
    mon->reply = NULL;
    g_rec_mutex_unlock(&mon->lock);
    if (!rsp) {
        return;
    }
    send_reply(mon, rsp, generation);
    qobject_unref(rsp);

    /* One at a time: the reply is out, now the next request. */
    g_rec_mutex_lock(&mon->lock);
    resume_locked(mon, queue_limit_locked(mon));
    g_rec_mutex_unlock(&mon->lock);
}

bool qmp_session_negotiate(Monitor *mon, bool oob, Error **errp)
{
    bool done = true;

    if (mon) {
        g_rec_mutex_lock(&mon->lock);
        done = mon->negotiated;
        if (!done) {
            mon->negotiated = true;
            mon->oob = oob;
        }
        g_rec_mutex_unlock(&mon->lock);
    }
    if (done) {
        error_set(errp, ERROR_CLASS_COMMAND_NOT_FOUND,
                  "Capabilities negotiation is already complete, command "
                  "ignored");
        return false;
    }
    return true;
}

/* ---------------------------------------------------------------------- */
/* Input (I/O thread) */

/* Forget a departed peer's partial input, if it left. */
static void apply_input_reset(Monitor *mon)
{
    bool reset;

    g_rec_mutex_lock(&mon->lock);
    reset = mon->reset_input;
    mon->reset_input = false;
    g_rec_mutex_unlock(&mon->lock);
    if (reset) {
        json_stream_parser_reset(mon->parser);
        g_string_truncate(mon->inbuf, 0);
    }
}

static bool session_suspended(Monitor *mon)
{
    bool suspended;

    g_rec_mutex_lock(&mon->lock);
    suspended = mon->suspended || mon->out_throttled;
    g_rec_mutex_unlock(&mon->lock);
    return suspended;
}

/*
 * How much of @buf to feed at once: up to a byte that can end a request.
 * Feeding in such pieces lets the queue limit stop the input right after
 * the request that filled it; the rest waits in inbuf.
 */
static size_t next_piece(const char *buf, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        if (buf[i] == '}' || buf[i] == ']' || buf[i] == '\n') {
            return i + 1;
        }
    }
    return len;
}

static void session_pump(Monitor *mon)
{
    apply_input_reset(mon);
    while (mon->inbuf->len && !session_suspended(mon)) {
        size_t n = next_piece(mon->inbuf->str, mon->inbuf->len);

        json_stream_parser_feed(mon->parser, mon->inbuf->str, n);
        g_string_erase(mon->inbuf, 0, n);
        /* The peer may have left meanwhile (from another thread). */
        apply_input_reset(mon);
    }
}

static gboolean session_kick(gpointer opaque)
{
    Monitor *mon = opaque;

    g_rec_mutex_lock(&mon->lock);
    g_source_unref(mon->kick);
    mon->kick = NULL;
    g_rec_mutex_unlock(&mon->lock);
    /* Parse what was held back, then let the chardev read on. */
    session_pump(mon);
    chr_fe_accept_input(&mon->be);
    return G_SOURCE_REMOVE;
}

static void kick_input_locked(Monitor *mon)
{
    if (mon->kick) {
        return;
    }
    mon->kick = g_idle_source_new();
    g_source_set_callback(mon->kick, session_kick, mon, NULL);
    g_source_attach(mon->kick, monitor_io_context());
}

static int session_can_read(void *opaque)
{
    Monitor *mon = opaque;

    return session_suspended(mon) || mon->inbuf->len ? 0 : QMP_READ_CHUNK;
}

static void session_read(void *opaque, const uint8_t *buf, int size)
{
    Monitor *mon = opaque;

    /* Leftovers of a previous peer must not prefix this one's input. */
    apply_input_reset(mon);
    g_string_append_len(mon->inbuf, (const char *)buf, size);
    session_pump(mon);
}

static QDict *build_greeting(void)
{
    QDict *greeting = qdict_new();
    QDict *qmp = qdict_new();
    QList *caps = qlist_new();

    qlist_append_str(caps, "oob");
    qdict_put(qmp, "version", qmp_version_info());
    qdict_put(qmp, "capabilities", caps);
    qdict_put(greeting, "QMP", qmp);
    return greeting;
}

static void drop_requests_locked(Monitor *mon)
{
    QmpRequest *req;

    while ((req = g_queue_pop_head(&mon->requests))) {
        qmp_request_free(req);
    }
    mon->suspended = false;
}

/* A new peer: it starts in capabilities negotiation, with a greeting. */
static void session_opened(Monitor *mon)
{
    g_autoptr(QDict) greeting = build_greeting();
    g_autoptr(GString) text = format_message(mon, QOBJECT(greeting));

    g_rec_mutex_lock(&mon->lock);
    /* One greeting per peer, however its arrival was announced. */
    if (!mon->connected) {
        mon->connected = true;
        mon->negotiated = false;
        mon->oob = false;
        send_text_locked(mon, text);
    }
    g_rec_mutex_unlock(&mon->lock);
}

/* The peer left: forget everything it said and everything owed to it. */
static void session_closed(Monitor *mon)
{
    g_rec_mutex_lock(&mon->lock);
    mon->generation++;
    mon->connected = false;
    mon->negotiated = false;
    mon->oob = false;
    remove_out_watch_locked(mon);
    g_string_truncate(mon->outbuf, 0);
    mon->out_throttled = false;
    drop_requests_locked(mon);
    mon->reset_input = true;
    kick_input_locked(mon);
    g_rec_mutex_unlock(&mon->lock);
}

static void session_event(void *opaque, ChrEvent event)
{
    Monitor *mon = opaque;

    switch (event) {
    case CHR_EVENT_OPENED:
        session_opened(mon);
        break;
    case CHR_EVENT_CLOSED:
        session_closed(mon);
        break;
    default:
        break;
    }
}

/* ---------------------------------------------------------------------- */
/* Life cycle */

Monitor *qmp_session_new(Chardev *chr, bool pretty, Error **errp)
{
    Monitor *mon = g_new0(Monitor, 1);

    if (!chr_fe_init(&mon->be, chr, errp)) {
        g_free(mon);
        return NULL;
    }
    mon->pretty = pretty;
    mon->parser = json_stream_parser_new(session_emit, mon);
    mon->inbuf = g_string_new(NULL);
    mon->outbuf = g_string_new(NULL);
    g_rec_mutex_init(&mon->lock);
    g_queue_init(&mon->requests);
    return mon;
}

void qmp_session_start(Monitor *mon)
{
    chr_fe_set_handlers(&mon->be, session_can_read, session_read,
                        session_event, NULL, mon, monitor_io_context(),
                        true);
}

void qmp_session_free(Monitor *mon)
{
    /* First, so that no callback can come (or attach anything) later. */
    chr_fe_deinit(&mon->be, false);

    g_rec_mutex_lock(&mon->lock);
    remove_out_watch_locked(mon);
    if (mon->kick) {
        g_source_destroy(mon->kick);
        g_source_unref(mon->kick);
        mon->kick = NULL;
    }
    drop_requests_locked(mon);
    qobject_unref(mon->reply);
    g_rec_mutex_unlock(&mon->lock);

    json_stream_parser_free(mon->parser);
    g_string_free(mon->inbuf, true);
    g_string_free(mon->outbuf, true);
    g_rec_mutex_clear(&mon->lock);
    g_free(mon);
}
