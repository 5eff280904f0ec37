/*
 * Unit tests for QMP sessions (monitor/monitor.c, monitor/qmp-session.c):
 * real monitors on unix socket server chardevs, driven by a client in
 * the test thread while another thread runs the main loop.  The greeting,
 * capabilities negotiation, id echo, every request check, unknown
 * commands, malformed and oversized input, events, exec-oob overtaking a
 * blocked in-band command, the request queue limit, slow readers, two
 * sessions at once, reconnecting clients and pretty output.
 */
#include "util/osdep.h"
#include "util/main-loop.h"
#include "util/module.h"
#include "chardev/char.h"
#include "qobject/qjson.h"
#include "system/device-add.h"
#include "system/runstate.h"
#include "monitor/monitor.h"
#include "monitor/qmp.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

/* Long enough for a sanitizer build on a busy machine. */
#define REPLY_TIMEOUT_MS 10000
/* How long "nothing arrives" is watched for. */
#define SILENCE_MS 200

#define GREETING \
    "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, " \
    "\"major\": 7}, \"package\": \"corvid-" CORVID_VERSION "\"}, " \
    "\"capabilities\": [\"oob\"]}}"

static char *tmpdir;

/* ---------------------------------------------------------------------- */
/* The main loop, in its own thread while a test talks to the monitors */

static GThread *loop_thread;
static gint loop_stop;
static gint shutdowns;      /* shutdown requests the loop carried out */

static gpointer loop_run(gpointer opaque)
{
    while (!g_atomic_int_get(&loop_stop)) {
        main_loop_wait(false);
        if (main_loop_should_exit()) {
            g_atomic_int_inc(&shutdowns);
        }
    }
    return NULL;
}

static void loop_start(void)
{
    g_atomic_int_set(&loop_stop, false);
    loop_thread = g_thread_new("test-main-loop", loop_run, NULL);
}

static void loop_end(void)
{
    g_atomic_int_set(&loop_stop, true);
    main_loop_notify();
    g_thread_join(loop_thread);
    loop_thread = NULL;
}

/* ---------------------------------------------------------------------- */
/* An in-band command that blocks the main loop until the test says */

static GMutex block_lock;
static GCond block_cond;
static bool block_entered;
static bool block_release;

static void cmd_block(const QDict *args, QObject **ret, Error **errp)
{
    g_mutex_lock(&block_lock);
    block_entered = true;
    g_cond_broadcast(&block_cond);
    while (!block_release) {
        g_cond_wait(&block_cond, &block_lock);
    }
    block_release = false;
    block_entered = false;
    g_mutex_unlock(&block_lock);
    *ret = QOBJECT(qstring_from_str("released"));
}

static void block_wait_entered(void)
{
    gint64 deadline = g_get_monotonic_time() +
                      REPLY_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

    g_mutex_lock(&block_lock);
    while (!block_entered) {
        g_assert_true(g_cond_wait_until(&block_cond, &block_lock, deadline)
                      || block_entered);
    }
    g_mutex_unlock(&block_lock);
}

static void block_let_go(void)
{
    g_mutex_lock(&block_lock);
    g_assert_true(block_entered);
    block_release = true;
    g_cond_broadcast(&block_cond);
    g_mutex_unlock(&block_lock);
}

/* ---------------------------------------------------------------------- */
/* The client side */

typedef struct Client {
    int fd;
    GString *in;        /* received, not yet taken */
    GQueue events;      /* of QDict *, set aside while waiting for replies */
} Client;

static void client_connect(Client *c, const char *path)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };

    g_assert_cmpuint(strlen(path), <, sizeof(addr.sun_path));
    strcpy(addr.sun_path, path);
    c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    g_assert_cmpint(c->fd, >=, 0);
    g_assert_cmpint(connect(c->fd, (struct sockaddr *)&addr, sizeof(addr)),
                    ==, 0);
    c->in = g_string_new(NULL);
    g_queue_init(&c->events);
}

static void client_close(Client *c)
{
    if (c->fd >= 0) {
        close(c->fd);
        c->fd = -1;
    }
    if (c->in) {
        g_string_free(c->in, true);
        c->in = NULL;
    }
    g_queue_clear_full(&c->events, (GDestroyNotify)qobject_unref_impl);
}

static void client_send(Client *c, const char *text)
{
    size_t len = strlen(text), done = 0;

    while (done < len) {
        ssize_t n = write(c->fd, text + done, len - done);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        g_assert_cmpint(n, >, 0);
        done += n;
    }
}

/* Wait up to @ms for more input; false on timeout.  EOF is a failure. */
static bool client_fill(Client *c, int ms)
{
    struct pollfd pfd = { .fd = c->fd, .events = POLLIN };
    char buf[65536];
    ssize_t n;
    int r;

    do {
        r = poll(&pfd, 1, ms);
    } while (r < 0 && errno == EINTR);
    g_assert_cmpint(r, >=, 0);
    if (r == 0) {
        return false;
    }
    n = read(c->fd, buf, sizeof(buf));
    g_assert_cmpint(n, >, 0);
    g_string_append_len(c->in, buf, n);
    return true;
}

/*
 * The next message's raw text, CRLF included, or NULL if none arrives
 * within @ms.  Messages end at a CRLF outside any string: compact ones
 * have no other, pretty ones end with "}" at the start of a line.
 */
static char *client_recv_raw(Client *c, int ms, bool pretty)
{
    const char *end;
    char *text;
    size_t len, i;

    for (;;) {
        end = pretty ? strstr(c->in->str, "\r\n}\r\n")
                     : strstr(c->in->str, "\r\n");
        if (end) {
            break;
        }
        if (!client_fill(c, ms)) {
            return NULL;
        }
    }
    len = end - c->in->str + (pretty ? 5 : 2);
    text = g_strndup(c->in->str, len);
    g_string_erase(c->in, 0, len);
    /* The protocol promises ASCII. */
    for (i = 0; i < len; i++) {
        g_assert_cmpint((unsigned char)text[i], <, 0x80);
    }
    return text;
}

static QDict *parse_msg(const char *text)
{
    QObject *obj = qobject_from_json(text, &error_abort);
    QDict *msg = qobject_to(QDict, obj);

    g_assert_nonnull(msg);
    return msg;
}

/* The next message (reply or event), or NULL after @ms of silence. */
static QDict *client_recv_timeout(Client *c, int ms)
{
    g_autofree char *text = client_recv_raw(c, ms, false);

    return text ? parse_msg(text) : NULL;
}

static QDict *client_recv(Client *c)
{
    QDict *msg = client_recv_timeout(c, REPLY_TIMEOUT_MS);

    g_assert_nonnull(msg);
    return msg;
}

/*
 * The next reply as sent, without its CRLF; events on the way are kept
 * in c->events.
 */
static char *client_reply_text(Client *c)
{
    for (;;) {
        char *text = client_recv_raw(c, REPLY_TIMEOUT_MS, false);
        QDict *msg;

        g_assert_nonnull(text);
        msg = parse_msg(text);
        if (!qdict_haskey(msg, "event")) {
            qobject_unref(msg);
            text[strlen(text) - 2] = 0;
            return text;
        }
        g_free(text);
        g_queue_push_tail(&c->events, msg);
    }
}

static QDict *client_reply(Client *c)
{
    g_autofree char *text = client_reply_text(c);

    return parse_msg(text);
}

static char *to_json(const QDict *msg)
{
    return g_string_free(qobject_to_json(QOBJECT(msg)), false);
}

/* Send @request and check the reply is exactly @expect (and CRLF). */
static void client_check(Client *c, const char *request, const char *expect)
{
    g_autofree char *got = NULL;

    client_send(c, request);
    got = client_reply_text(c);
    g_assert_cmpstr(got, ==, expect);
}

#define ERR(cls, desc) \
    "{\"error\": {\"class\": \"" cls "\", \"desc\": \"" desc "\"}}"
#define ERR_ID(id, cls, desc) \
    "{\"id\": " id ", \"error\": {\"class\": \"" cls "\", \"desc\": \"" \
    desc "\"}}"

static void client_expect_silence(Client *c)
{
    g_autoptr(QDict) msg = client_recv_timeout(c, SILENCE_MS);

    if (msg) {
        g_autofree char *text = to_json(msg);
        g_error("unexpected message: %s", text);
    }
}

/* The next event, from the ones set aside first. */
static QDict *client_event(Client *c)
{
    QDict *msg = g_queue_pop_head(&c->events);

    if (!msg) {
        msg = client_recv(c);
    }
    g_assert_true(qdict_haskey(msg, "event"));
    return msg;
}

/*
 * An event's name and data (as JSON, "" if none, NULL: some), timestamp
 * checked.
 */
static void check_event(QDict *ev, const char *name, const char *data)
{
    QDict *ts = qdict_get_qdict(ev, "timestamp");
    int64_t now = g_get_real_time() / G_USEC_PER_SEC;
    int64_t sec, usec;
    const QDictEntry *first = qdict_first(ev);

    /* qemu's order: timestamp, event, data. */
    g_assert_cmpstr(qdict_entry_key(first), ==, "timestamp");
    g_assert_nonnull(ts);
    g_assert_cmpuint(qdict_size(ts), ==, 2);
    sec = qdict_get_try_int(ts, "seconds", -1);
    usec = qdict_get_try_int(ts, "microseconds", -1);
    g_assert_cmpint(sec, <=, now);
    g_assert_cmpint(sec, >=, now - 60);
    g_assert_cmpint(usec, >=, 0);
    g_assert_cmpint(usec, <, G_USEC_PER_SEC);
    g_assert_cmpstr(qdict_get_try_str(ev, "event"), ==, name);
    if (!data) {
        g_assert_nonnull(qdict_get_qdict(ev, "data"));
    } else if (*data) {
        g_autofree char *got = g_string_free(
            qobject_to_json(qdict_get(ev, "data")), false);
        g_assert_cmpstr(got, ==, data);
        g_assert_cmpuint(qdict_size(ev), ==, 3);
    } else {
        g_assert_false(qdict_haskey(ev, "data"));
        g_assert_cmpuint(qdict_size(ev), ==, 2);
    }
}

static void expect_event(Client *c, const char *name, const char *data)
{
    g_autoptr(QDict) ev = client_event(c);

    check_event(ev, name, data);
}

static void client_greeted(Client *c)
{
    g_autofree char *text = client_recv_raw(c, REPLY_TIMEOUT_MS, false);

    g_assert_cmpstr(text, ==, GREETING "\r\n");
}

static void client_negotiate(Client *c, bool oob)
{
    client_check(c, oob ? "{\"execute\": \"qmp_capabilities\", "
                          "\"arguments\": {\"enable\": [\"oob\"]}}"
                        : "{\"execute\": \"qmp_capabilities\"}",
                 "{\"return\": {}}");
}

/* ---------------------------------------------------------------------- */
/* Fixture: two monitors on unix socket servers, one client on the first */

#define MAX_MONITORS 2

typedef struct Fixture {
    char *id[MAX_MONITORS];
    char *path[MAX_MONITORS];
    Client client;
} Fixture;

static void add_monitor(Fixture *f, int i, bool pretty)
{
    g_autofree char *spec = NULL;
    Chardev *chr;

    f->id[i] = g_strdup_printf("tqmp%d", i);
    f->path[i] = g_strdup_printf("%s/%s.sock", tmpdir, f->id[i]);
    spec = g_strdup_printf("unix:%s,server=on,wait=off", f->path[i]);
    chr = chardev_new_from_shorthand(spec, f->id[i], &error_abort);
    g_assert_nonnull(monitor_new_qmp(chr, pretty, &error_abort));
}

static void fixture_setup(Fixture *f, gconstpointer data)
{
    bool second_pretty = GPOINTER_TO_INT(data);

    memset(f, 0, sizeof(*f));
    f->client.fd = -1;
    runstate_set(RUN_STATE_PRELAUNCH);
    monitor_init_globals();
    add_monitor(f, 0, false);
    add_monitor(f, 1, second_pretty);
    loop_start();
    client_connect(&f->client, f->path[0]);
    client_greeted(&f->client);
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    int i;

    client_close(&f->client);
    loop_end();
    monitor_cleanup();
    for (i = 0; i < MAX_MONITORS; i++) {
        g_assert_true(chardev_remove(f->id[i], &error_abort));
        unlink(f->path[i]);
        g_free(f->id[i]);
        g_free(f->path[i]);
    }
    g_assert_false(block_entered);
}

#define add_test(name, fn) \
    g_test_add("/qmp/session/" name, Fixture, NULL, fixture_setup, fn, \
               fixture_teardown)

/* ---------------------------------------------------------------------- */
/* Negotiation */

static void test_negotiation(Fixture *f, gconstpointer data)
{
    Client *c = &f->client;

    client_check(c, "{\"execute\": \"query-status\"}",
                 ERR("CommandNotFound", "Expecting capabilities negotiation "
                     "with 'qmp_capabilities'"));
    client_check(c, "{\"execute\": \"nonexistent\", \"id\": 1}",
                 ERR_ID("1", "CommandNotFound", "Expecting capabilities "
                        "negotiation with 'qmp_capabilities'"));
    /* No oob yet, so exec-oob is a stranger. */
    client_check(c, "{\"exec-oob\": \"qmp_capabilities\"}",
                 ERR("GenericError", "QMP input member 'exec-oob' is "
                     "unexpected"));
    client_check(c, "{\"execute\": \"qmp_capabilities\", \"arguments\": "
                    "{\"enable\": [\"foo\"]}}",
                 ERR("GenericError", "Parameter 'null' does not accept "
                     "value 'foo'"));
    client_check(c, "{\"execute\": \"qmp_capabilities\", \"arguments\": "
                    "{\"enable\": \"oob\"}}",
                 ERR("GenericError", "Invalid parameter type for 'enable', "
                     "expected: array"));
    client_check(c, "{\"execute\": \"qmp_capabilities\", \"arguments\": "
                    "{\"x\": 1}}",
                 ERR("GenericError", "Parameter 'x' is unexpected"));
    /* Events wait for negotiation. */
    qmp_event_send("TQMP_EARLY", NULL);
    client_expect_silence(c);

    client_check(c, "{\"execute\": \"qmp_capabilities\", \"id\": \"a\"}",
                 "{\"return\": {}, \"id\": \"a\"}");
    client_check(c, "{\"execute\": \"qmp_capabilities\"}",
                 ERR("CommandNotFound", "Capabilities negotiation is "
                     "already complete, command ignored"));
    /* Arguments are checked before that. */
    client_check(c, "{\"execute\": \"qmp_capabilities\", \"arguments\": "
                    "{\"enable\": [\"bogus\"]}}",
                 ERR("GenericError", "Parameter 'null' does not accept "
                     "value 'bogus'"));
    client_check(c, "{\"execute\": \"query-status\"}",
                 "{\"return\": {\"status\": \"prelaunch\", \"singlestep\": "
                 "false, \"running\": false}}");
    /* Negotiated without oob: exec-oob is still a stranger. */
    client_check(c, "{\"exec-oob\": \"migrate-pause\", \"id\": 42}",
                 ERR_ID("42", "GenericError", "QMP input member 'exec-oob' "
                        "is unexpected"));
}

/* ---------------------------------------------------------------------- */
/* Request checks */

static void test_id_echo(Fixture *f, gconstpointer data)
{
    Client *c = &f->client;

    client_negotiate(c, false);
    client_check(c, "{\"execute\": \"query-name\", \"id\": \"x\"}",
                 "{\"return\": {}, \"id\": \"x\"}");
    client_check(c, "{\"id\": 7, \"execute\": \"query-name\"}",
                 "{\"return\": {}, \"id\": 7}");
    client_check(c, "{\"execute\": \"query-name\", \"id\": -1.5}",
                 "{\"return\": {}, \"id\": -1.5}");
    client_check(c, "{\"execute\": \"query-name\", \"id\": "
                    "{\"a\": [1, {\"b\": null}], \"c\": true}}",
                 "{\"return\": {}, \"id\": {\"a\": [1, {\"b\": null}], "
                 "\"c\": true}}");
    client_check(c, "{\"execute\": \"query-name\", \"id\": null}",
                 "{\"return\": {}, \"id\": null}");
    client_check(c, "{\"execute\": \"query-name\", \"id\": "
                    "18446744073709551615}",
                 "{\"return\": {}, \"id\": 18446744073709551615}");
    /* Non-ASCII comes back escaped; single quotes are accepted. */
    client_check(c, "{'execute': 'query-name', 'id': 'caf\xc3\xa9'}",
                 "{\"return\": {}, \"id\": \"caf\\u00E9\"}");
    /* Error replies echo it too, first. */
    client_check(c, "{\"execute\": \"nope\", \"id\": [\"x\", 2]}",
                 ERR_ID("[\"x\", 2]", "CommandNotFound",
                        "The command nope has not been found"));
    /* Two requests in one write, and one split over two writes. */
    client_send(c, "{\"execute\": \"query-name\", \"id\": 1}"
                   "{\"execute\": \"query-name\", \"id\": 2}\n{\"exe");
    {
        g_autoptr(QDict) r1 = client_reply(c);
        g_autoptr(QDict) r2 = client_reply(c);

        g_assert_cmpint(qdict_get_try_int(r1, "id", 0), ==, 1);
        g_assert_cmpint(qdict_get_try_int(r2, "id", 0), ==, 2);
    }
    client_expect_silence(c);
    client_check(c, "cute\": \"query-name\", \"id\": 3}",
                 "{\"return\": {}, \"id\": 3}");
}

static void test_request_errors(Fixture *f, gconstpointer data)
{
    Client *c = &f->client;

    client_negotiate(c, true);
    client_check(c, "[]", ERR("GenericError",
                              "QMP input must be a JSON object"));
    client_check(c, "1 ", ERR("GenericError",
                              "QMP input must be a JSON object"));
    client_check(c, "\"execute\"", ERR("GenericError",
                                       "QMP input must be a JSON object"));
    client_check(c, "{\"execute\": 1, \"id\": 5}",
                 ERR_ID("5", "GenericError",
                        "QMP input member 'execute' must be a string"));
    client_check(c, "{\"foo\": 1, \"execute\": 1}",
                 ERR("GenericError",
                     "QMP input member 'execute' must be a string"));
    client_check(c, "{\"exec-oob\": 1, \"id\": 5}",
                 ERR_ID("5", "GenericError",
                        "QMP input member 'exec-oob' must be a string"));
    client_check(c, "{\"execute\": \"query-name\", \"arguments\": []}",
                 ERR("GenericError",
                     "QMP input member 'arguments' must be an object"));
    client_check(c, "{\"execute\": \"query-name\", \"arguments\": null}",
                 ERR("GenericError",
                     "QMP input member 'arguments' must be an object"));
    client_check(c, "{\"foo\": 1, \"arguments\": 1}",
                 ERR("GenericError",
                     "QMP input member 'arguments' must be an object"));
    client_check(c, "{\"execute\": \"query-name\", \"foo\": 1, \"id\": 8}",
                 ERR_ID("8", "GenericError",
                        "QMP input member 'foo' is unexpected"));
    client_check(c, "{\"zzz\": 1, \"aaa\": 2, \"execute\": \"query-name\"}",
                 ERR("GenericError", "QMP input member 'aaa' is unexpected"));
    client_check(c, "{\"id\": 1}",
                 ERR_ID("1", "GenericError",
                        "QMP input lacks member 'execute'"));
    client_check(c, "{}", ERR("GenericError",
                              "QMP input lacks member 'execute'"));
    client_check(c, "{\"exec-oob\": \"migrate-pause\", \"execute\": "
                    "\"migrate-pause\", \"id\": 42}",
                 ERR_ID("42", "GenericError", "QMP input member 'execute' "
                        "clashes with 'exec-oob'"));
    client_check(c, "{\"exec-oob\": \"query-status\", \"id\": 44}",
                 ERR_ID("44", "GenericError", "The command query-status "
                        "does not support OOB"));
    client_check(c, "{\"exec-oob\": \"migrate-pause\", \"foo\": 1}",
                 ERR("GenericError", "QMP input member 'foo' is "
                     "unexpected"));
    client_check(c, "{\"exec-oob\": \"migrate-pause\", \"arguments\": "
                    "{\"x\": 1}}",
                 ERR("GenericError", "Parameter 'x' is unexpected"));
    client_check(c, "{\"exec-oob\": \"nonexist\", \"id\": 45}",
                 ERR_ID("45", "CommandNotFound",
                        "The command nonexist has not been found"));
    client_check(c, "{\"execute\": \"foo\", \"id\": \"x\"}",
                 ERR_ID("\"x\"", "CommandNotFound",
                        "The command foo has not been found"));
    client_check(c, "{\"execute\": \"query-status\", \"arguments\": "
                    "{\"a\": 1}, \"id\": 7}",
                 ERR_ID("7", "GenericError", "Parameter 'a' is unexpected"));
    client_check(c, "{\"execute\": \"human-monitor-command\", "
                    "\"arguments\": {\"command-line\": 1}}",
                 ERR("GenericError", "Invalid parameter type for "
                     "'command-line', expected: string"));
    client_check(c, "{\"execute\": \"human-monitor-command\", "
                    "\"arguments\": {}}",
                 ERR("GenericError", "Parameter 'command-line' is missing"));
    client_check(c, "{\"execute\": \"human-monitor-command\", "
                    "\"arguments\": {\"command-line\": \"info foo\"}}",
                 "{\"return\": \"unknown command: 'info foo'\\r\\n\"}");
    client_check(c, "{\"execute\": \"migrate-pause\", \"id\": 43}",
                 ERR_ID("43", "GenericError", "migrate-pause is currently "
                        "only supported during postcopy-active state"));
}

/* Error replies may come in numbers after bad input: take them all. */
static void drain_errors(Client *c)
{
    QDict *rsp;

    while ((rsp = client_recv_timeout(c, SILENCE_MS))) {
        g_assert_true(qdict_haskey(rsp, "error"));
        g_assert_false(qdict_haskey(rsp, "id"));
        qobject_unref(rsp);
    }
}

/* The next reply is a GenericError whose desc starts with @prefix. */
static void expect_error_prefix(Client *c, const char *prefix)
{
    g_autoptr(QDict) rsp = client_reply(c);
    QDict *error = qdict_get_qdict(rsp, "error");

    g_assert_nonnull(error);
    g_assert_false(qdict_haskey(rsp, "id"));
    g_assert_cmpstr(qdict_get_try_str(error, "class"), ==, "GenericError");
    g_assert_true(g_str_has_prefix(qdict_get_try_str(error, "desc"),
                                   prefix));
}

static void test_malformed(Fixture *f, gconstpointer data)
{
    Client *c = &f->client;

    client_negotiate(c, false);
    client_send(c, "{\"execute\": }\n");
    expect_error_prefix(c, "JSON parse error, ");
    drain_errors(c);
    /* The session carries on. */
    client_check(c, "{\"execute\": \"query-name\", \"id\": 1}",
                 "{\"return\": {}, \"id\": 1}");
    /* A control character resynchronises after a half-sent value. */
    client_send(c, "{\"execute\": \"query-name\", \"id\": 2");
    client_expect_silence(c);
    client_send(c, "\x01\n");
    expect_error_prefix(c, "JSON parse error, ");
    drain_errors(c);
    client_check(c, "{\"execute\": \"query-name\", \"id\": 3}",
                 "{\"return\": {}, \"id\": 3}");
    /* Invalid UTF-8 is an error, not a crash. */
    client_send(c, "{\"execute\": \"query-name\", \"id\": \"\xff\"}\n");
    expect_error_prefix(c, "JSON parse error, ");
    drain_errors(c);
    client_check(c, "{\"execute\": \"query-name\", \"id\": 4}",
                 "{\"return\": {}, \"id\": 4}");
}

/* A request whose id nests @depth arrays deep (the dict adds one). */
static char *nested_request(int depth)
{
    GString *req = g_string_new("{\"execute\": \"query-name\", \"id\": ");
    int i;

    for (i = 0; i < depth; i++) {
        g_string_append_c(req, '[');
    }
    for (i = 0; i < depth; i++) {
        g_string_append_c(req, ']');
    }
    g_string_append(req, "}\n");
    return g_string_free(req, false);
}

static void test_limits(Fixture *f, gconstpointer data)
{
    Client *c = &f->client;
    g_autofree char *ok = nested_request(JSON_MAX_NESTING - 1);
    g_autofree char *deep = nested_request(JSON_MAX_NESTING);
    g_autofree char *big = NULL;
    g_autofree char *request = NULL;
    QDict *rsp;

    client_negotiate(c, false);

    /* Nesting up to the limit is fine. */
    client_send(c, ok);
    rsp = client_reply(c);
    g_assert_true(qdict_haskey(rsp, "return"));
    qobject_unref(rsp);

    /*
     * One deeper is refused, and the session recovers.  (The wording is
     * the JSON parser's; qemu says "JSON nesting depth limit exceeded".)
     */
    client_send(c, deep);
    rsp = client_reply(c);
    g_assert_nonnull(strstr(qdict_get_try_str(qdict_get_qdict(rsp, "error"),
                                              "desc"), "nest"));
    qobject_unref(rsp);
    drain_errors(c);
    client_check(c, "{\"execute\": \"query-name\", \"id\": 1}",
                 "{\"return\": {}, \"id\": 1}");

    /*
     * A 4 MiB id: more than the socket holds, so the reply waits in the
     * monitor until this slow reader gets to it.
     */
    big = g_malloc(4 * MiB + 1);
    memset(big, 'x', 4 * MiB);
    big[4 * MiB] = 0;
    request = g_strdup_printf("{\"execute\": \"query-name\", \"id\": "
                              "\"%s\"}", big);
    client_send(c, request);
    g_usleep(SILENCE_MS * 1000);
    client_send(c, "{\"execute\": \"query-name\", \"id\": 2}");
    rsp = client_reply(c);
    g_assert_cmpstr(qdict_get_try_str(rsp, "id"), ==, big);
    qobject_unref(rsp);
    client_check(c, "", "{\"return\": {}, \"id\": 2}");
}

/* ---------------------------------------------------------------------- */
/* Events */

static void test_events(Fixture *f, gconstpointer unused)
{
    Client *c = &f->client;
    g_autoptr(QDict) d = qdict_new();
    g_autoptr(QDict) opts = qdict_new();
    DeviceState *bridge;
    QDict *ev, *data;

    client_negotiate(c, false);

    qdict_put_str(d, "x", "y");
    qmp_event_send("TQMP_EVENT", qobject_ref(d));
    expect_event(c, "TQMP_EVENT", "{\"x\": \"y\"}");
    qmp_event_send("TQMP_BARE", NULL);
    expect_event(c, "TQMP_BARE", "");

    /* Not running yet: stop changes nothing and says nothing. */
    client_check(c, "{\"execute\": \"stop\"}", "{\"return\": {}}");
    g_assert_true(g_queue_is_empty(&c->events));
    /* The event comes before the reply, as in qemu. */
    client_send(c, "{\"execute\": \"cont\"}");
    expect_event(c, "RESUME", "");
    client_check(c, "", "{\"return\": {}}");
    client_send(c, "{\"execute\": \"stop\"}");
    expect_event(c, "STOP", "");
    client_check(c, "", "{\"return\": {}}");
    client_check(c, "{\"execute\": \"query-status\"}",
                 "{\"return\": {\"status\": \"paused\", \"singlestep\": "
                 "false, \"running\": false}}");

    client_check(c, "{\"execute\": \"system_reset\"}", "{\"return\": {}}");
    expect_event(c, "RESET", "{\"guest\": false, \"reason\": "
                 "\"host-qmp-system-reset\"}");
    qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
    expect_event(c, "RESET", "{\"guest\": true, \"reason\": "
                 "\"guest-reset\"}");
    client_check(c, "{\"execute\": \"system_powerdown\"}",
                 "{\"return\": {}}");
    expect_event(c, "POWERDOWN", "");

    /*
     * DEVICE_DELETED, with the id if there is one, and the path: a bridge
     * made here (the main loop is idle), leaves plugged into it by QMP.
     */
    qdict_put_str(opts, "driver", "corvid-test-bridge");
    qdict_put_str(opts, "id", "tqmp-br");
    bridge = qdev_device_add(opts, false, &error_abort);
    client_check(c, "{\"execute\": \"device_add\", \"arguments\": "
                    "{\"driver\": \"corvid-test-leaf\", \"bus\": \"tqmp-br.0\", "
                    "\"id\": \"tqmp-leaf\"}}",
                 "{\"return\": {}}");
    client_check(c, "{\"execute\": \"device_del\", \"arguments\": "
                    "{\"id\": \"tqmp-leaf\"}}",
                 "{\"return\": {}}");
    expect_event(c, "DEVICE_DELETED", "{\"device\": \"tqmp-leaf\", "
                 "\"path\": \"/machine/peripheral/tqmp-leaf\"}");
    client_check(c, "{\"execute\": \"device_add\", \"arguments\": "
                    "{\"driver\": \"corvid-test-leaf\", "
                    "\"bus\": \"tqmp-br.0\"}}",
                 "{\"return\": {}}");
    client_expect_silence(c);
    loop_end();
    object_unparent(OBJECT(bridge));
    loop_start();
    /* The anonymous leaf went with its bus, then the bridge. */
    ev = client_event(c);
    check_event(ev, "DEVICE_DELETED", NULL);
    data = qdict_get_qdict(ev, "data");
    g_assert_false(qdict_haskey(data, "device"));
    g_assert_true(g_str_has_prefix(qdict_get_try_str(data, "path"),
                                   "/machine/peripheral-anon/"));
    qobject_unref(ev);
    expect_event(c, "DEVICE_DELETED", "{\"device\": \"tqmp-br\", "
                 "\"path\": \"/machine/peripheral/tqmp-br\"}");
    client_expect_silence(c);
}

static void test_quit(Fixture *f, gconstpointer data)
{
    Client *c = &f->client;
    int before = g_atomic_int_get(&shutdowns);
    gint64 deadline = g_get_monotonic_time() +
                      REPLY_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

    client_negotiate(c, false);
    client_check(c, "{\"execute\": \"quit\", \"id\": 1}",
                 "{\"return\": {}, \"id\": 1}");
    expect_event(c, "SHUTDOWN", "{\"guest\": false, \"reason\": "
                 "\"host-qmp-quit\"}");
    /*
     * The main loop was told to end (the test's loop just counts, right
     * after the event went out).
     */
    while (g_atomic_int_get(&shutdowns) == before) {
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        g_usleep(1000);
    }
    g_assert_cmpint(g_atomic_int_get(&shutdowns), ==, before + 1);
    /* Shutting down is not reported as STOP. */
    client_expect_silence(c);
}

/* ---------------------------------------------------------------------- */
/* Out-of-band execution and the request queue */

static void test_oob_overtakes(Fixture *f, gconstpointer data)
{
    Client *c = &f->client;

    client_negotiate(c, true);
    client_send(c, "{\"execute\": \"tqmp-block\", \"id\": 1}");
    block_wait_entered();
    /* Queued behind the blocked command. */
    client_send(c, "{\"execute\": \"query-name\", \"id\": 2}");
    client_send(c, "{\"exec-oob\": \"query-name\", \"id\": 3}");
    /* Runs at once in the I/O thread. */
    client_check(c, "{\"exec-oob\": \"migrate-pause\", \"id\": 4}",
                 ERR_ID("4", "GenericError", "migrate-pause is currently "
                        "only supported during postcopy-active state"));
    client_expect_silence(c);

    block_let_go();
    client_check(c, "", "{\"return\": \"released\", \"id\": 1}");
    client_check(c, "", "{\"return\": {}, \"id\": 2}");
    client_check(c, "", ERR_ID("3", "GenericError", "The command query-name "
                                "does not support OOB"));
}

/* Send in-band requests with ids @first.. while tqmp-block runs. */
static void send_queued(Client *c, int first, int count)
{
    int i;

    for (i = first; i < first + count; i++) {
        g_autofree char *req = g_strdup_printf(
            "{\"execute\": \"query-name\", \"id\": %d}", i);
        client_send(c, req);
    }
}

static void test_queue_limit(Fixture *f, gconstpointer data)
{
    Client *c = &f->client;
    bool seen[20] = { false };
    int i;

    client_negotiate(c, true);

    /* One running and seven waiting: exec-oob still gets through. */
    client_send(c, "{\"execute\": \"tqmp-block\", \"id\": 1}");
    block_wait_entered();
    send_queued(c, 10, 7);
    client_check(c, "{\"exec-oob\": \"migrate-pause\", \"id\": 99}",
                 ERR_ID("99", "GenericError", "migrate-pause is currently "
                        "only supported during postcopy-active state"));
    /* The eighth fills the queue: input is not read any more. */
    send_queued(c, 17, 1);
    client_send(c, "{\"exec-oob\": \"migrate-pause\", \"id\": 98}");
    client_expect_silence(c);

    block_let_go();
    client_check(c, "", "{\"return\": \"released\", \"id\": 1}");
    /* The rest, with the held-back exec-oob somewhere among them. */
    for (i = 0; i < 9; i++) {
        g_autoptr(QDict) rsp = client_reply(c);
        int64_t id = qdict_get_try_int(rsp, "id", -1);

        if (id == 98) {
            g_assert_true(qdict_haskey(rsp, "error"));
            seen[19] = true;
            continue;
        }
        g_assert_cmpint(id, >=, 10);
        g_assert_cmpint(id, <=, 17);
        g_assert_false(seen[id - 10]);
        /* In-band replies keep their order. */
        if (id > 10) {
            g_assert_true(seen[id - 11]);
        }
        seen[id - 10] = true;
        g_assert_true(qdict_haskey(rsp, "return"));
    }
    g_assert_true(seen[19]);
    client_check(c, "{\"execute\": \"query-name\", \"id\": 5}",
                 "{\"return\": {}, \"id\": 5}");
}

/* A flood of requests in one write is answered in full, in order. */
static void test_flood(Fixture *f, gconstpointer data)
{
    Client *c = &f->client;
    g_autoptr(GString) flood = g_string_new(NULL);
    int i;

    client_negotiate(c, false);
    for (i = 0; i < 500; i++) {
        g_string_append_printf(flood, "{\"execute\": \"query-name\", "
                               "\"id\": %d}", i);
    }
    client_send(c, flood->str);
    for (i = 0; i < 500; i++) {
        g_autoptr(QDict) rsp = client_reply(c);

        g_assert_cmpint(qdict_get_try_int(rsp, "id", -1), ==, i);
    }
}

/* ---------------------------------------------------------------------- */
/* Several sessions, reconnects */

static void test_two_sessions(Fixture *f, gconstpointer data)
{
    Client *a = &f->client;
    Client b = { .fd = -1 };

    client_connect(&b, f->path[1]);
    client_greeted(&b);
    client_negotiate(a, true);
    /* b is still negotiating: no events for it. */
    qmp_event_send("TQMP_ONE", NULL);
    expect_event(a, "TQMP_ONE", "");
    client_expect_silence(&b);
    client_check(&b, "{\"execute\": \"query-name\"}",
                 ERR("CommandNotFound", "Expecting capabilities negotiation "
                     "with 'qmp_capabilities'"));
    client_negotiate(&b, true);
    qmp_event_send("TQMP_TWO", NULL);
    expect_event(a, "TQMP_TWO", "");
    expect_event(&b, "TQMP_TWO", "");

    /* a blocks the main loop; b's exec-oob is still answered. */
    client_send(a, "{\"execute\": \"tqmp-block\", \"id\": \"a1\"}");
    block_wait_entered();
    client_send(&b, "{\"execute\": \"query-name\", \"id\": \"b1\"}");
    client_check(&b, "{\"exec-oob\": \"migrate-pause\", \"id\": \"b2\"}",
                 ERR_ID("\"b2\"", "GenericError", "migrate-pause is "
                        "currently only supported during postcopy-active "
                        "state"));
    block_let_go();
    client_check(a, "", "{\"return\": \"released\", \"id\": \"a1\"}");
    client_check(&b, "", "{\"return\": {}, \"id\": \"b1\"}");
    /* Replies go to the session that asked. */
    client_expect_silence(a);
    client_close(&b);
}

static void test_reconnect(Fixture *f, gconstpointer data)
{
    Client *c = &f->client;
    g_autofree char *big = NULL;
    g_autofree char *request = NULL;

    client_negotiate(c, true);
    /* Leave with a command running and a partial request sent. */
    client_send(c, "{\"execute\": \"tqmp-block\", \"id\": 1}");
    block_wait_entered();
    client_send(c, "{\"execute\": \"query-name\", \"id\": 2}"
                   "{\"execute\": \"query-");
    client_close(c);

    client_connect(c, f->path[0]);
    client_greeted(c);
    /*
     * Back to negotiation, with nothing left of the old client: neither
     * the reply to the command it left running nor its queued request.
     */
    client_send(c, "{\"execute\": \"query-status\", \"id\": 3}");
    block_let_go();
    client_check(c, "", ERR_ID("3", "CommandNotFound", "Expecting "
                               "capabilities negotiation with "
                               "'qmp_capabilities'"));
    client_negotiate(c, false);
    client_check(c, "{\"execute\": \"query-name\", \"id\": 4}",
                 "{\"return\": {}, \"id\": 4}");
    client_expect_silence(c);

    /* Leave while a reply too big for the socket is still being sent. */
    big = g_malloc(4 * MiB + 1);
    memset(big, 'y', 4 * MiB);
    big[4 * MiB] = 0;
    request = g_strdup_printf("{\"execute\": \"query-name\", \"id\": "
                              "\"%s\"}", big);
    client_send(c, request);
    g_assert_true(client_fill(c, REPLY_TIMEOUT_MS));
    client_close(c);
    /* The next client gets a clean start. */
    client_connect(c, f->path[0]);
    client_greeted(c);
    client_negotiate(c, false);
    client_check(c, "{\"execute\": \"query-name\", \"id\": 5}",
                 "{\"return\": {}, \"id\": 5}");
}

static void test_pretty(Fixture *f, gconstpointer data)
{
    Client b = { .fd = -1 };
    g_autofree char *greeting = NULL;
    g_autofree char *reply = NULL;

    client_connect(&b, f->path[1]);
    greeting = client_recv_raw(&b, REPLY_TIMEOUT_MS, true);
    g_assert_cmpstr(greeting, ==,
                    "{\r\n"
                    "    \"QMP\": {\r\n"
                    "        \"version\": {\r\n"
                    "            \"qemu\": {\r\n"
                    "                \"micro\": 0,\r\n"
                    "                \"minor\": 2,\r\n"
                    "                \"major\": 7\r\n"
                    "            },\r\n"
                    "            \"package\": \"corvid-" CORVID_VERSION
                    "\"\r\n"
                    "        },\r\n"
                    "        \"capabilities\": [\r\n"
                    "            \"oob\"\r\n"
                    "        ]\r\n"
                    "    }\r\n"
                    "}\r\n");
    client_send(&b, "{\"execute\": \"qmp_capabilities\", \"id\": [1]}");
    reply = client_recv_raw(&b, REPLY_TIMEOUT_MS, true);
    g_assert_true(g_str_has_prefix(reply, "{\r\n    \"return\": "));
    g_assert_true(g_str_has_suffix(reply, "    \"id\": [\r\n        1\r\n"
                                          "    ]\r\n}\r\n"));
    client_close(&b);
}

/* ---------------------------------------------------------------------- */
/* Creation errors */

static void test_new_errors(void)
{
    g_autoptr(QDict) opts = qdict_new();
    Error *err = NULL;
    Chardev *chr;

    monitor_init_globals();
    g_assert_false(monitor_new_from_opts(opts, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'chardev' is missing");
    error_free_or_abort(&err);

    qdict_put_str(opts, "chardev", "tqmp-none");
    g_assert_false(monitor_new_from_opts(opts, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "chardev \"tqmp-none\" not found");
    error_free_or_abort(&err);

    chr = chardev_new_from_shorthand("null", "tqmp-null", &error_abort);
    qdict_put_str(opts, "chardev", "tqmp-null");
    qdict_put_str(opts, "mode", "bogus");
    g_assert_false(monitor_new_from_opts(opts, &err));
    g_assert_nonnull(strstr(error_get_pretty(err),
                            "Parameter 'mode' does not accept value "
                            "'bogus'"));
    error_free_or_abort(&err);

    qdict_put_str(opts, "mode", "readline");
    g_assert_false(monitor_new_from_opts(opts, &err));
    error_free_or_abort(&err);

    qdict_put_str(opts, "mode", "control");
    qdict_put_str(opts, "pretty", "maybe");
    g_assert_false(monitor_new_from_opts(opts, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'pretty' expects 'on' or 'off'");
    error_free_or_abort(&err);

    qdict_put_str(opts, "pretty", "on");
    qdict_put_str(opts, "foo", "1");
    g_assert_false(monitor_new_from_opts(opts, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Invalid parameter 'foo'");
    error_free_or_abort(&err);

    qdict_del(opts, "foo");
    g_assert_true(monitor_new_from_opts(opts, &error_abort));
    /* A chardev has one front end. */
    g_assert_null(monitor_new_qmp(chr, false, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Device 'tqmp-null' is in use");
    error_free_or_abort(&err);

    monitor_cleanup();
    g_assert_true(chardev_remove("tqmp-null", &error_abort));
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);
    module_call_init(MODULE_INIT_QMP);
    qmp_register_command("tqmp-block", cmd_block, NULL, 0);
    tmpdir = g_dir_make_tmp("test-qmp-XXXXXX", NULL);
    g_assert_nonnull(tmpdir);

    add_test("negotiation", test_negotiation);
    add_test("id-echo", test_id_echo);
    add_test("request-errors", test_request_errors);
    add_test("malformed", test_malformed);
    add_test("limits", test_limits);
    add_test("events", test_events);
    add_test("quit", test_quit);
    add_test("oob-overtakes", test_oob_overtakes);
    add_test("queue-limit", test_queue_limit);
    add_test("flood", test_flood);
    add_test("two-sessions", test_two_sessions);
    add_test("reconnect", test_reconnect);
    g_test_add("/qmp/session/pretty", Fixture, GINT_TO_POINTER(true),
               fixture_setup, test_pretty, fixture_teardown);
    g_test_add_func("/qmp/monitor/new-errors", test_new_errors);

    ret = g_test_run();
    rmdir(tmpdir);
    g_free(tmpdir);
    return ret;
}
