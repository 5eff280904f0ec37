/*
 * libqtest: the QMP connection beside qtest (see libqtest.h).
 *
 * Everything the emulator sends is parsed as it arrives into one queue,
 * in order.  Waiting for a reply takes the first reply from the queue
 * and leaves events where they are; waiting for an event takes the first
 * matching event.  So an event that arrives while a test waits for a
 * reply is still there when the test asks for it.
 */
#include "util/osdep.h"
#include <sys/socket.h>
#include "libqtest-internal.h"

#define QMP_RECV_CHUNK 4096

static void qmp_emit(void *opaque, QObject *value, Error *err)
{
    QTestState *s = opaque;
    QDict *dict;

    if (err) {
        qtest_fatal(s, "QMP: malformed JSON from the emulator: %s",
                    error_get_pretty(err));
    }
    dict = qobject_to(QDict, value);
    if (!dict) {
        g_autoptr(GString) json = qobject_to_json(value);

        qtest_fatal(s, "QMP: the emulator sent a non-object: %s", json->str);
    }
    if (s->log) {
        g_autoptr(GString) json = qobject_to_json(value);

        fprintf(stderr, "[QMP <] %s\n", json->str);
    }
    g_queue_push_tail(&s->qmp_queue, dict);
}

void qtest_qmp_setup(QTestState *s, int fd)
{
    s->qmp_fd = fd;
    s->qmp_parser = json_stream_parser_new(qmp_emit, s);
}

void qtest_qmp_cleanup(QTestState *s)
{
    QDict *dict;

    if (s->qmp_fd >= 0) {
        close(s->qmp_fd);
        s->qmp_fd = -1;
    }
    if (s->qmp_parser) {
        json_stream_parser_free(s->qmp_parser);
        s->qmp_parser = NULL;
    }
    while ((dict = g_queue_pop_head(&s->qmp_queue))) {
        qobject_unref(dict);
    }
    qobject_unref(s->qmp_greeting);
    s->qmp_greeting = NULL;
}

/* Wait for more data and parse it into the queue. */
static void qmp_read_more(QTestState *s)
{
    char buf[QMP_RECV_CHUNK];
    ssize_t n;

    if (s->qmp_fd < 0) {
        g_error("QMP: the connection is closed");
    }
    qtest_wait_readable(s, s->qmp_fd, "QMP");
    do {
        n = recv(s->qmp_fd, buf, sizeof(buf), 0);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) {
        qtest_fatal(s, "QMP: the emulator closed the connection%s%s",
                    n < 0 ? ": " : "", n < 0 ? g_strerror(errno) : "");
    }
    json_stream_parser_feed(s->qmp_parser, buf, n);
}

static bool is_event(const QDict *msg)
{
    return qdict_haskey(msg, "event");
}

/* Remove and return the first queued message @match accepts, or NULL. */
static QDict *queue_take(QTestState *s,
                         bool (*match)(const QDict *msg, const void *data),
                         const void *data)
{
    GList *l;

    for (l = s->qmp_queue.head; l; l = l->next) {
        QDict *msg = l->data;

        if (match(msg, data)) {
            g_queue_delete_link(&s->qmp_queue, l);
            return msg;
        }
    }
    return NULL;
}

static bool match_reply(const QDict *msg, const void *data)
{
    return !is_event(msg);
}

static bool match_event(const QDict *msg, const void *name)
{
    return is_event(msg) &&
           !g_strcmp0(qdict_get_try_str(msg, "event"), name);
}

/* Sending */

static void send_all(QTestState *s, const char *buf, size_t len,
                     const int *fds, size_t nfds)
{
    while (len) {
        struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
        struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
        g_autofree char *control = NULL;
        ssize_t n;

        if (nfds) {
            struct cmsghdr *cmsg;
            size_t fdlen = nfds * sizeof(int);

            control = g_malloc0(CMSG_SPACE(fdlen));
            msg.msg_control = control;
            msg.msg_controllen = CMSG_SPACE(fdlen);
            cmsg = CMSG_FIRSTHDR(&msg);
            cmsg->cmsg_level = SOL_SOCKET;
            cmsg->cmsg_type = SCM_RIGHTS;
            cmsg->cmsg_len = CMSG_LEN(fdlen);
            memcpy(CMSG_DATA(cmsg), fds, fdlen);
        }
        n = sendmsg(s->qmp_fd, &msg, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            qtest_fatal(s, "QMP: cannot send: %s", g_strerror(errno));
        }
        /* The descriptors travel with the first byte only. */
        nfds = 0;
        buf += n;
        len -= n;
    }
}

static void qmp_vsend_fds(QTestState *s, const int *fds, size_t nfds,
                          const char *fmt, va_list ap)
{
    QObject *obj = qobject_from_vjsonf_nofail(fmt, ap);
    GString *json = qobject_to_json(obj);

    if (s->qmp_fd < 0) {
        g_error("QMP: the connection is closed");
    }
    if (s->log) {
        fprintf(stderr, "[QMP >] %s\n", json->str);
    }
    g_string_append_c(json, '\n');
    send_all(s, json->str, json->len, fds, nfds);
    g_string_free(json, true);
    qobject_unref(obj);
}

void qtest_qmp_vsend(QTestState *s, const char *fmt, va_list ap)
{
    qmp_vsend_fds(s, NULL, 0, fmt, ap);
}

void qtest_qmp_send(QTestState *s, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    qtest_qmp_vsend(s, fmt, ap);
    va_end(ap);
}

void qtest_qmp_send_raw(QTestState *s, const char *fmt, ...)
{
    g_autofree char *text = NULL;
    va_list ap;

    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (s->qmp_fd < 0) {
        g_error("QMP: the connection is closed");
    }
    if (s->log) {
        fprintf(stderr, "[QMP > raw] %s\n", text);
    }
    send_all(s, text, strlen(text), NULL, 0);
}

/* Receiving */

QDict *qtest_qmp_receive_dict(QTestState *s)
{
    while (g_queue_is_empty(&s->qmp_queue)) {
        qmp_read_more(s);
    }
    return g_queue_pop_head(&s->qmp_queue);
}

QDict *qtest_qmp_receive(QTestState *s)
{
    QDict *reply;

    while (!(reply = queue_take(s, match_reply, NULL))) {
        qmp_read_more(s);
    }
    return reply;
}

QDict *qtest_qmp_event_ref(QTestState *s, const char *name)
{
    return queue_take(s, match_event, name);
}

QDict *qtest_qmp_eventwait_ref(QTestState *s, const char *name)
{
    QDict *event;

    while (!(event = qtest_qmp_event_ref(s, name))) {
        qmp_read_more(s);
    }
    return event;
}

void qtest_qmp_eventwait(QTestState *s, const char *name)
{
    qobject_unref(qtest_qmp_eventwait_ref(s, name));
}

/* Commands */

QDict *qtest_vqmp(QTestState *s, const char *fmt, va_list ap)
{
    qtest_qmp_vsend(s, fmt, ap);
    return qtest_qmp_receive(s);
}

QDict *qtest_qmp(QTestState *s, const char *fmt, ...)
{
    QDict *reply;
    va_list ap;

    va_start(ap, fmt);
    reply = qtest_vqmp(s, fmt, ap);
    va_end(ap);
    return reply;
}

QDict *qtest_qmp_fds(QTestState *s, const int *fds, size_t nfds,
                     const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    qmp_vsend_fds(s, fds, nfds, fmt, ap);
    va_end(ap);
    return qtest_qmp_receive(s);
}

/* The "return" member of @reply (a new reference), failing if absent. */
static QObject *reply_return(QTestState *s, QDict *reply)
{
    QObject *ret = qdict_get(reply, "return");

    if (!ret) {
        g_autoptr(GString) json = qobject_to_json(QOBJECT(reply));

        qtest_fatal(s, "QMP: a command that should succeed answered %s",
                    json->str);
    }
    qobject_ref(ret);
    qobject_unref(reply);
    return ret;
}

void qtest_qmp_assert_success(QTestState *s, const char *fmt, ...)
{
    QDict *reply;
    va_list ap;

    va_start(ap, fmt);
    reply = qtest_vqmp(s, fmt, ap);
    va_end(ap);
    qobject_unref(reply_return(s, reply));
}

QObject *qtest_qmp_assert_success_ref(QTestState *s, const char *fmt, ...)
{
    QDict *reply;
    va_list ap;

    va_start(ap, fmt);
    reply = qtest_vqmp(s, fmt, ap);
    va_end(ap);
    return reply_return(s, reply);
}

const char *qmp_error_desc(const QDict *rsp)
{
    QDict *error = qdict_get_qdict(rsp, "error");

    return error ? qdict_get_try_str(error, "desc") : NULL;
}

void qmp_expect_error(QDict *rsp, const char *klass)
{
    QDict *error = qdict_get_qdict(rsp, "error");

    if (!error) {
        g_autoptr(GString) json = qobject_to_json(QOBJECT(rsp));

        g_error("QMP: expected an error, got %s", json->str);
    }
    g_assert_nonnull(qdict_get_try_str(error, "desc"));
    if (klass) {
        g_assert_cmpstr(qdict_get_try_str(error, "class"), ==, klass);
    }
    qobject_unref(rsp);
}

/* Exact assertions */

void qmp_assert_error(QDict *rsp, const char *klass, const char *desc)
{
    QDict *error = qdict_get_qdict(rsp, "error");

    if (!error) {
        g_autoptr(GString) json = qobject_to_json(QOBJECT(rsp));

        g_error("QMP: expected error \"%s\", got %s", desc, json->str);
    }
    g_assert_cmpstr(qdict_get_try_str(error, "desc"), ==, desc);
    g_assert_cmpstr(qdict_get_try_str(error, "class"), ==, klass);
    qobject_unref(rsp);
}

void qobject_assert_json(const QObject *actual, const char *expected)
{
    g_autoptr(QObject) want = qobject_from_json(expected, &error_abort);

    if (!actual) {
        g_error("expected %s, got nothing", expected);
    }
    if (!qobject_is_equal(actual, want)) {
        g_autoptr(GString) got = qobject_to_json(actual);

        g_error("expected %s, got %s", expected, got->str);
    }
}

void qtest_qmp_assert_return(QTestState *s, const char *expected,
                             const char *fmt, ...)
{
    QObject *ret;
    va_list ap;

    va_start(ap, fmt);
    ret = reply_return(s, qtest_vqmp(s, fmt, ap));
    va_end(ap);
    qobject_assert_json(ret, expected);
    qobject_unref(ret);
}

QList *qtest_qmp_assert_list(QTestState *s, const char *fmt, ...)
{
    QObject *ret;
    va_list ap;

    va_start(ap, fmt);
    ret = reply_return(s, qtest_vqmp(s, fmt, ap));
    va_end(ap);
    if (qobject_type(ret) != QTYPE_QLIST) {
        g_autoptr(GString) json = qobject_to_json(ret);

        qtest_fatal(s, "QMP: expected a list, got %s", json->str);
    }
    return qobject_to(QList, ret);
}

QDict *qlist_find_named(QList *list, const char *name)
{
    size_t i;

    for (i = 0; i < qlist_size(list); i++) {
        QDict *d = qobject_to(QDict, qlist_get(list, i));

        if (d && !g_strcmp0(qdict_get_try_str(d, "name"), name)) {
            return d;
        }
    }
    return NULL;
}

void qtest_qmp_assert_event(QTestState *s, const char *name,
                            const char *data)
{
    QDict *event = qtest_qmp_eventwait_ref(s, name);

    g_assert_nonnull(qdict_get_qdict(event, "timestamp"));
    if (data) {
        qobject_assert_json(qdict_get(event, "data"), data);
    } else {
        g_assert_false(qdict_haskey(event, "data"));
    }
    qobject_unref(event);
}

void qtest_qmp_assert_no_event(QTestState *s, const char *name)
{
    qtest_qmp_assert_success(s, "{'execute': 'query-status'}");
    g_assert_null(qtest_qmp_event_ref(s, name));
}

void qtest_qmp_handshake(QTestState *s)
{
    QDict *greeting = qtest_qmp_receive_dict(s);

    if (!qdict_haskey(greeting, "QMP")) {
        g_autoptr(GString) json = qobject_to_json(QOBJECT(greeting));

        qtest_fatal(s, "QMP: expected the greeting, got %s", json->str);
    }
    s->qmp_greeting = greeting;
    qtest_qmp_assert_success(s, "{'execute': 'qmp_capabilities'}");
}

QDict *qtest_qmp_greeting(QTestState *s)
{
    return s->qmp_greeting;
}

/* Helpers for common commands */

void qtest_qmp_device_add(QTestState *s, const char *driver, const char *id,
                          const char *fmt, ...)
{
    QObject *obj;
    QDict *args;
    va_list ap;

    va_start(ap, fmt);
    obj = qobject_from_vjsonf_nofail(fmt, ap);
    va_end(ap);
    args = qobject_to(QDict, obj);
    g_assert(args);
    qdict_put_str(args, "driver", driver);
    if (id) {
        qdict_put_str(args, "id", id);
    }
    qtest_qmp_assert_success(s, "{'execute': 'device_add', 'arguments': %p}",
                             args);
}

static bool match_deleted(const QDict *msg, const void *id)
{
    QDict *data = qdict_get_qdict(msg, "data");

    /* device_del takes an id or a QOM path; the event has both. */
    return match_event(msg, "DEVICE_DELETED") && data &&
           (!g_strcmp0(qdict_get_try_str(data, "device"), id) ||
            !g_strcmp0(qdict_get_try_str(data, "path"), id));
}

void qtest_qmp_device_del(QTestState *s, const char *id)
{
    qtest_qmp_assert_success(s, "{'execute': 'device_del', "
                             "'arguments': {'id': %s}}", id);
    for (;;) {
        QDict *event = queue_take(s, match_deleted, id);

        if (event) {
            qobject_unref(event);
            return;
        }
        qmp_read_more(s);
    }
}

QObject *qtest_qom_get(QTestState *s, const char *path, const char *prop)
{
    return qtest_qmp_assert_success_ref(s, "{'execute': 'qom-get', "
                                        "'arguments': {'path': %s, "
                                        "'property': %s}}", path, prop);
}
