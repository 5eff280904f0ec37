/*
 * Unit tests for chardevs at work: front-end claiming and removal,
 * query-chardev, flow control, front ends in another thread's context,
 * and the backends other than sockets (null, file, pipe, pty, stdio,
 * ringbuf, logfile).  Configuration is tested in test-char-opts.c,
 * sockets in test-char-socket.c.
 */
#include "util/osdep.h"
#include "util/keyval.h"
#include "char-test-helpers.h"

#include <sys/stat.h>

static char *read_file(const char *path)
{
    char *contents = NULL;

    g_assert_true(g_file_get_contents(path, &contents, NULL, NULL));
    return contents;
}

/* ---------------------------------------------------------------------- */
/* Front ends, removal, query */

static QDict *query_find(QList *list, const char *label)
{
    size_t i;

    for (i = 0; i < qlist_size(list); i++) {
        QDict *info = qobject_to(QDict, qlist_get(list, i));

        if (!strcmp(qdict_get_try_str(info, "label"), label)) {
            return info;
        }
    }
    return NULL;
}

static void test_frontends_and_removal(void)
{
    Chardev *chr = chr_new("null,id=n");
    CharBackend other = { 0 }, none = { 0 };
    Error *err = NULL;
    FE f;

    fe_attach(&f, chr);
    g_assert_true(chr_fe_backend_connected(&f.be));
    g_assert_true(chr_fe_get_driver(&f.be) == chr);
    /* One front end at a time. */
    g_assert_false(chr_fe_init(&other, chr, &err));
    assert_error(err, "Device 'n' is in use");
    error_free(err);
    err = NULL;
    g_assert_null(other.chr);

    g_assert_false(chardev_remove("n", &err));
    assert_error(err, "Chardev 'n' is busy");
    error_free(err);
    err = NULL;

    /* null: output vanishes, no peer to announce. */
    g_assert_cmpint(chr_fe_write(&f.be, (const uint8_t *)"abc", 3), ==, 3);
    g_assert_false(chr_fe_backend_open(&f.be));
    g_assert_cmpint(f.opened, ==, 0);
    g_assert_cmpint(chr_fe_get_msgfd(&f.be), ==, -1);
    g_assert_cmpint(chr_fe_set_msgfds(&f.be, NULL, 0), ==, -1);
    g_assert_cmpint(chr_fe_add_watch(&f.be, G_IO_OUT, NULL, NULL), ==, 0);
    g_assert_cmpint(chr_fe_wait_connected(&f.be, &error_abort), ==, 0);
    fe_detach(&f);

    /* Released: another front end may claim it, and deinit may delete. */
    g_assert_true(chr_fe_init(&other, chr, &error_abort));
    chr_fe_deinit(&other, true);
    g_assert_null(chardev_find("n"));
    g_assert_false(chardev_remove("n", &err));
    assert_error(err, "Chardev 'n' not found");
    error_free(err);

    /* A front end without a chardev is allowed and does nothing. */
    g_assert_true(chr_fe_init(&none, NULL, &error_abort));
    g_assert_false(chr_fe_backend_connected(&none));
    g_assert_cmpint(chr_fe_write(&none, (const uint8_t *)"x", 1), ==, 0);
    chr_fe_set_handlers(&none, fe_can_read, fe_read, NULL, NULL, NULL, NULL,
                        true);
    chr_fe_deinit(&none, false);
}

static void test_query(void)
{
    g_autofree char *file = tmp_path("query.out");
    g_autoptr(QList) before = NULL, list = NULL, after = NULL;
    QDict *info;
    FE f;

    chr_new("null,id=qa");
    chr_new("ringbuf,id=qb");
    chr_new("memory,id=qc");
    chr_new("file,id=qd,path=%s", file);
    list = chardev_query();
    g_assert_cmpint(qlist_size(list), ==, 4);
    info = query_find(list, "qa");
    g_assert_cmpstr(qdict_get_try_str(info, "filename"), ==, "null");
    g_assert_false(qdict_get_try_bool(info, "frontend-open", true));
    g_assert_cmpstr(qdict_get_try_str(query_find(list, "qb"), "filename"),
                    ==, "ringbuf");
    g_assert_cmpstr(qdict_get_try_str(query_find(list, "qc"), "filename"),
                    ==, "memory");
    g_assert_cmpstr(qdict_get_try_str(query_find(list, "qd"), "filename"),
                    ==, "file");

    fe_attach(&f, chardev_find("qa"));
    after = chardev_query();
    g_assert_true(qdict_get_try_bool(query_find(after, "qa"),
                                     "frontend-open", false));
    chr_fe_set_open(&f.be, false);
    qobject_unref(after);
    after = chardev_query();
    g_assert_false(qdict_get_try_bool(query_find(after, "qa"),
                                      "frontend-open", true));
    fe_detach(&f);

    chr_del("qa");
    chr_del("qb");
    chr_del("qc");
    chr_del("qd");
    before = chardev_query();
    g_assert_cmpint(qlist_size(before), ==, 0);
}

/* ---------------------------------------------------------------------- */
/* Backends */

static void test_file(void)
{
    g_autofree char *out = tmp_path("file.out");
    g_autofree char *in = tmp_path("file.in");
    g_autofree char *json = NULL;
    g_autofree char *c1 = NULL, *c2 = NULL;
    FE f;

    g_assert_true(g_file_set_contents(out, "old contents", -1, NULL));
    fe_attach(&f, chr_new("file,id=f,path=%s", out));
    g_assert_true(chr_fe_backend_open(&f.be));
    fe_write(&f, "hello");
    fe_detach(&f);
    chr_del("f");
    c1 = read_file(out);
    g_assert_cmpstr(c1, ==, "hello");

    fe_attach(&f, chr_new("file,id=f,path=%s,append=on", out));
    fe_write(&f, " world");
    fe_detach(&f);
    chr_del("f");
    c2 = read_file(out);
    g_assert_cmpstr(c2, ==, "hello world");

    /* chardev-add's in= is read until its end. */
    g_assert_true(g_file_set_contents(in, "input!", -1, NULL));
    json = g_strdup_printf("{\"type\": \"file\", \"data\": {\"out\": \"%s\", "
                           "\"in\": \"%s\"}}", out, in);
    fe_attach(&f, add_ok("f", json));
    WAIT_FOR(fe_got(&f, "input!"));
    spin();
    fe_detach(&f);
    chr_del("f");
}

static void test_ringbuf(void)
{
    g_autoptr(GByteArray) a = NULL, b = NULL, c = NULL, big = NULL;
    uint8_t data[70000];
    Error *err = NULL;
    Chardev *chr;
    size_t i;
    FE f;

    chr = chr_new("ringbuf,id=rb,size=8");
    fe_attach(&f, chr);
    fe_write(&f, "0123456789ab");
    a = chardev_ringbuf_read(chr, 3);
    g_assert_cmpint(a->len, ==, 3);
    g_assert_cmpmem(a->data, a->len, "456", 3);
    b = chardev_ringbuf_read(chr, 100);
    g_assert_cmpmem(b->data, b->len, "789ab", 5);
    c = chardev_ringbuf_read(chr, 100);
    g_assert_cmpint(c->len, ==, 0);
    chardev_ringbuf_write(chr, (const uint8_t *)"xyz", 3);
    g_byte_array_unref(c);
    c = chardev_ringbuf_read(chr, 2);
    g_assert_cmpmem(c->data, c->len, "xy", 2);
    fe_detach(&f);

    g_assert_null(chardev_find_ringbuf("zz", &err));
    assert_error(err, "Device 'zz' not found");
    error_free(err);
    err = NULL;
    chr_new("null,id=nr");
    g_assert_null(chardev_find_ringbuf("nr", &err));
    assert_error(err, "nr is not a ringbuf device");
    error_free(err);
    chr_del("nr");
    chr_del("rb");

    /* The default size is 64 KiB; "memory" is the same thing. */
    chr = chr_new("memory,id=mem");
    g_assert_true(chardev_find_ringbuf("mem", &error_abort) == chr);
    for (i = 0; i < sizeof(data); i++) {
        data[i] = i * 7;
    }
    chardev_ringbuf_write(chr, data, sizeof(data));
    big = chardev_ringbuf_read(chr, SIZE_MAX);
    g_assert_cmpint(big->len, ==, 64 * KiB);
    g_assert_cmpmem(big->data, big->len, data + sizeof(data) - 64 * KiB,
                    64 * KiB);
    chr_del("mem");
}

static void test_logfile(void)
{
    g_autofree char *log = tmp_path("chr.log");
    g_autofree char *c1 = NULL, *c2 = NULL, *c3 = NULL;
    FE f;

    fe_attach(&f, chr_new("null,id=lg,logfile=%s", log));
    fe_write(&f, "abc");
    fe_detach(&f);
    chr_del("lg");
    c1 = read_file(log);
    g_assert_cmpstr(c1, ==, "abc");

    fe_attach(&f, chr_new("ringbuf,id=lg,logfile=%s,logappend=on", log));
    fe_write(&f, "def");
    fe_detach(&f);
    chr_del("lg");
    c2 = read_file(log);
    g_assert_cmpstr(c2, ==, "abcdef");

    fe_attach(&f, chr_new("null,id=lg,logfile=%s", log));
    fe_write(&f, "new");
    fe_detach(&f);
    chr_del("lg");
    c3 = read_file(log);
    g_assert_cmpstr(c3, ==, "new");
}

static void test_pipe(void)
{
    g_autofree char *base = tmp_path("fifo");
    g_autofree char *in = tmp_path("fifo.in");
    g_autofree char *out = tmp_path("fifo.out");
    g_autofree char *single = tmp_path("loop");
    char buf[16];
    int fd_in, fd_out;
    FE f;

    g_assert_cmpint(mkfifo(in, 0600), ==, 0);
    g_assert_cmpint(mkfifo(out, 0600), ==, 0);
    fe_attach(&f, chr_new("pipe,id=pp,path=%s", base));
    fd_in = open(in, O_WRONLY | O_NONBLOCK);
    fd_out = open(out, O_RDONLY | O_NONBLOCK);
    g_assert_cmpint(fd_in, >=, 0);
    g_assert_cmpint(fd_out, >=, 0);

    fe_write(&f, "to host");
    g_assert_cmpint(read(fd_out, buf, sizeof(buf)), ==, 7);
    g_assert_cmpmem(buf, 7, "to host", 7);
    g_assert_cmpint(write(fd_in, "to guest", 8), ==, 8);
    WAIT_FOR(fe_got(&f, "to guest"));

    /* The front end stops taking input: it waits in the FIFO. */
    f.budget = 0;
    g_byte_array_set_size(f.got, 0);
    g_assert_cmpint(write(fd_in, "held", 4), ==, 4);
    spin();
    g_assert_cmpint(f.got->len, ==, 0);
    f.budget = 2;
    chr_fe_accept_input(&f.be);
    WAIT_FOR(f.got->len == 2);
    spin();
    g_assert_true(fe_got(&f, "he"));
    f.budget = -1;
    chr_fe_accept_input(&f.be);
    WAIT_FOR(fe_got(&f, "held"));

    close(fd_in);
    close(fd_out);
    fe_detach(&f);
    chr_del("pp");

    /* Without PATH.in/PATH.out, PATH itself goes both ways. */
    g_assert_cmpint(mkfifo(single, 0600), ==, 0);
    fe_attach(&f, chr_new("pipe,id=pp,path=%s", single));
    fe_write(&f, "echo");
    WAIT_FOR(fe_got(&f, "echo"));
    fe_detach(&f);
    chr_del("pp");
}

/* A front end in another thread, with its own context. */
typedef struct CtxThread {
    GMainContext *ctx;
    gint stop;
} CtxThread;

static gpointer ctx_thread_fn(gpointer opaque)
{
    CtxThread *t = opaque;

    g_main_context_push_thread_default(t->ctx);
    while (!g_atomic_int_get(&t->stop)) {
        g_main_context_iteration(t->ctx, TRUE);
    }
    g_main_context_pop_thread_default(t->ctx);
    return NULL;
}

static void test_context_thread(void)
{
    g_autofree char *single = tmp_path("ctxloop");
    CtxThread t = { .ctx = g_main_context_new() };
    GThread *thread;
    FE f;

    g_assert_cmpint(mkfifo(single, 0600), ==, 0);
    fe_attach(&f, chr_new("pipe,id=ct,path=%s", single));
    chr_fe_set_handlers(&f.be, NULL, NULL, NULL, NULL, NULL, NULL, false);
    thread = g_thread_new("chardev-fe", ctx_thread_fn, &t);
    chr_fe_set_handlers(&f.be, fe_can_read, fe_read, fe_event, NULL, &f,
                        t.ctx, true);
    fe_write(&f, "threaded");
    {
        gint64 end = g_get_monotonic_time() + WAIT_TIMEOUT_US;

        while (g_atomic_int_get((gint *)&f.got->len) < 8) {
            g_assert_cmpint(g_get_monotonic_time(), <, end);
            /* The main loop must not be the one reading. */
            main_loop_wait(true);
            g_usleep(1000);
        }
    }
    g_assert_true(f.read_thread == thread);

    /* Back to the main loop. */
    chr_fe_set_handlers(&f.be, fe_can_read, fe_read, fe_event, NULL, &f,
                        NULL, true);
    g_atomic_int_set(&t.stop, 1);
    g_main_context_wakeup(t.ctx);
    g_thread_join(thread);
    g_byte_array_set_size(f.got, 0);
    fe_write(&f, "main");
    WAIT_FOR(fe_got(&f, "main"));
    g_assert_true(f.read_thread == g_thread_self());
    fe_detach(&f);
    chr_del("ct");
    g_main_context_unref(t.ctx);
}

static void test_pty(void)
{
    g_autofree char *name = NULL;
    g_autoptr(QDict) ret = NULL;
    Chardev *chr = chr_new("pty,id=pt");
    char buf[16];
    int slave;
    FE f;

    name = chardev_get_filename(chr);
    g_assert_true(g_str_has_prefix(name, "pty:/dev/pts/"));
    ret = chardev_add_return(chr);
    g_assert_cmpstr(qdict_get_try_str(ret, "pty"), ==, name + strlen("pty:"));

    fe_attach(&f, chr);
    g_assert_false(chr_fe_backend_open(&f.be));
    /* Nobody there: output is dropped, not queued or blocked. */
    fe_write(&f, "lost");

    slave = open(name + strlen("pty:"), O_RDWR | O_NOCTTY);
    g_assert_cmpint(slave, >=, 0);
    WAIT_FOR(f.opened == 1);
    g_assert_true(chr_fe_backend_open(&f.be));
    fe_write(&f, "hi");
    g_assert_cmpint(read(slave, buf, sizeof(buf)), ==, 2);
    g_assert_cmpmem(buf, 2, "hi", 2);
    g_assert_cmpint(write(slave, "yo\n", 3), ==, 3);
    WAIT_FOR(fe_got(&f, "yo\n"));
    close(slave);
    WAIT_FOR(f.closed == 1);
    g_assert_false(chr_fe_backend_open(&f.be));
    fe_detach(&f);
    chr_del("pt");
}

static void test_stdio(void)
{
    int saved_in = dup(STDIN_FILENO), saved_out = dup(STDOUT_FILENO);
    int in_pipe[2], out_pipe[2];
    Error *err = NULL;
    g_autoptr(QDict) opts = NULL;
    char buf[16];
    Chardev *chr;
    FE f;

    g_assert_cmpint(pipe(in_pipe), ==, 0);
    g_assert_cmpint(pipe(out_pipe), ==, 0);
    fflush(stdout);
    dup2(in_pipe[0], STDIN_FILENO);
    dup2(out_pipe[1], STDOUT_FILENO);

    chr = chr_new("stdio,id=io,signal=off");
    g_assert_cmpstr(chr->filename, ==, "stdio");
    opts = keyval_parse("stdio,id=io2", "backend", NULL, 0, &error_abort);
    g_assert_null(chardev_new_from_opts(opts, &err));
    assert_error(err, "cannot use stdio by multiple character devices");
    error_free(err);

    fe_attach(&f, chr);
    fe_write(&f, "out");
    g_assert_cmpint(read(out_pipe[0], buf, sizeof(buf)), ==, 3);
    g_assert_cmpint(write(in_pipe[1], "in", 2), ==, 2);
    WAIT_FOR(fe_got(&f, "in"));
    /* Nobody reads stdout any more: an error, not a SIGPIPE death. */
    close(out_pipe[0]);
    out_pipe[0] = -1;
    g_assert_cmpint(chr_fe_write(&f.be, (const uint8_t *)"x", 1), ==, -1);
    g_assert_cmpint(errno, ==, EPIPE);
    fe_detach(&f);
    chr_del("io");

    dup2(saved_in, STDIN_FILENO);
    dup2(saved_out, STDOUT_FILENO);
    close(saved_in);
    close(saved_out);
    close(in_pipe[0]);
    close(in_pipe[1]);
    close(out_pipe[1]);
    g_assert_cmpmem(buf, 3, "out", 3);

    /* The one stdio is free again. */
    chr_new("stdio,id=io");
    chr_del("io");
}

int main(int argc, char **argv)
{
    int ret;

    char_test_init(&argc, &argv, "test-char-XXXXXX");

    g_test_add_func("/char/frontends-and-removal",
                    test_frontends_and_removal);
    g_test_add_func("/char/query", test_query);
    g_test_add_func("/char/file", test_file);
    g_test_add_func("/char/ringbuf", test_ringbuf);
    g_test_add_func("/char/logfile", test_logfile);
    g_test_add_func("/char/pipe", test_pipe);
    g_test_add_func("/char/context-thread", test_context_thread);
    g_test_add_func("/char/pty", test_pty);
    g_test_add_func("/char/stdio", test_stdio);
    ret = g_test_run();

    char_test_cleanup(true);
    return ret;
}
