/*
 * Unit tests for the main loop: fd handlers, bottom halves, host and
 * virtual timers, event notifiers and signals.
 *
 * Every test leaves the loop as it found it (no handlers, BHs or timers
 * left behind), since they all share the one main context.
 */
#include "util/osdep.h"
#include "util/main-loop.h"
#include "util/timer.h"
#include "util/event-notifier.h"
#include "util/error-report.h"

#include <signal.h>
#include <sys/socket.h>

/* Enough non-blocking iterations to dispatch anything that is ready. */
#define SPIN_ITERATIONS 5

static void spin(void)
{
    int i;

    for (i = 0; i < SPIN_ITERATIONS; i++) {
        main_loop_wait(true);
    }
}

/* Nothing must be left pending for the next test. */
static void assert_loop_idle(void)
{
    g_assert_cmpint(clock_deadline_ns(CLOCK_HOST), ==, -1);
    g_assert_cmpint(clock_deadline_ns(CLOCK_VIRTUAL), ==, -1);
    g_assert_false(main_loop_wait(true));
}

/* ---------------------------------------------------------------------- */
/* fd handlers */

typedef struct PipeState {
    int fds[2];
    int reads;
    int writes;
    /* what the read callback does besides counting */
    bool remove_self;
    bool replace_self;
    int other_fd;       /* remove this fd's handler, if >= 0 */
} PipeState;

static void pipe_open(PipeState *p)
{
    memset(p, 0, sizeof(*p));
    g_assert_cmpint(pipe2(p->fds, O_NONBLOCK | O_CLOEXEC), ==, 0);
    p->other_fd = -1;
}

/* A socket pair: one fd that is readable and writable at the same time. */
static void socket_open(PipeState *p)
{
    memset(p, 0, sizeof(*p));
    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK |
                               SOCK_CLOEXEC, 0, p->fds), ==, 0);
    p->other_fd = -1;
}

static void pipe_close(PipeState *p)
{
    set_fd_handler(p->fds[0], NULL, NULL, NULL);
    set_fd_handler(p->fds[1], NULL, NULL, NULL);
    close(p->fds[0]);
    close(p->fds[1]);
}

static void pipe_put(PipeState *p)
{
    g_assert_cmpint(write(p->fds[1], "x", 1), ==, 1);
}

static void pipe_drain(PipeState *p)
{
    char buf[64];

    while (read(p->fds[0], buf, sizeof(buf)) > 0) {
        /* nothing */
    }
}

static void pipe_read_replaced(void *opaque)
{
    PipeState *p = opaque;

    p->reads += 100;
    pipe_drain(p);
}

static void pipe_read_cb(void *opaque)
{
    PipeState *p = opaque;

    p->reads++;
    pipe_drain(p);
    if (p->remove_self) {
        set_fd_handler(p->fds[0], NULL, NULL, NULL);
    }
    if (p->replace_self) {
        set_fd_handler(p->fds[0], pipe_read_replaced, NULL, p);
    }
    if (p->other_fd >= 0) {
        set_fd_handler(p->other_fd, NULL, NULL, NULL);
    }
}

static void pipe_write_cb(void *opaque)
{
    PipeState *p = opaque;

    p->writes++;
}

static void test_fd_read(void)
{
    PipeState p;

    pipe_open(&p);
    set_fd_handler(p.fds[0], pipe_read_cb, NULL, &p);

    /* Not readable yet. */
    spin();
    g_assert_cmpint(p.reads, ==, 0);

    pipe_put(&p);
    g_assert_true(main_loop_wait(true));
    g_assert_cmpint(p.reads, ==, 1);

    /* Drained by the callback: no more calls. */
    spin();
    g_assert_cmpint(p.reads, ==, 1);

    pipe_close(&p);
    assert_loop_idle();
}

static void test_fd_write(void)
{
    PipeState p;

    pipe_open(&p);
    set_fd_handler(p.fds[1], NULL, pipe_write_cb, &p);
    main_loop_wait(true);
    g_assert_cmpint(p.writes, ==, 1);

    /* Replacing with a read-only handler stops write notifications. */
    set_fd_handler(p.fds[1], pipe_read_cb, NULL, &p);
    spin();
    g_assert_cmpint(p.writes, ==, 1);
    g_assert_cmpint(p.reads, ==, 0);

    pipe_close(&p);
    assert_loop_idle();
}

static void test_fd_remove(void)
{
    PipeState p;

    pipe_open(&p);
    set_fd_handler(p.fds[0], pipe_read_cb, NULL, &p);
    set_fd_handler(p.fds[0], NULL, NULL, NULL);
    /* Removing twice, or an fd never watched, is harmless. */
    set_fd_handler(p.fds[0], NULL, NULL, NULL);
    set_fd_handler(p.fds[1], NULL, NULL, NULL);

    pipe_put(&p);
    spin();
    g_assert_cmpint(p.reads, ==, 0);

    pipe_close(&p);
    assert_loop_idle();
}

static void test_fd_remove_self_from_callback(void)
{
    PipeState p;

    socket_open(&p);
    p.remove_self = true;
    set_fd_handler(p.fds[0], pipe_read_cb, pipe_write_cb, &p);
    pipe_put(&p);
    main_loop_wait(true);
    g_assert_cmpint(p.reads, ==, 1);
    /* Writable too, but the removed handler's write half must not run. */
    g_assert_cmpint(p.writes, ==, 0);

    pipe_put(&p);
    spin();
    g_assert_cmpint(p.reads, ==, 1);

    pipe_close(&p);
    assert_loop_idle();
}

static void test_fd_replace_from_callback(void)
{
    PipeState p;

    pipe_open(&p);
    p.replace_self = true;
    set_fd_handler(p.fds[0], pipe_read_cb, NULL, &p);
    pipe_put(&p);
    main_loop_wait(true);
    g_assert_cmpint(p.reads, ==, 1);

    pipe_put(&p);
    main_loop_wait(true);
    g_assert_cmpint(p.reads, ==, 101);

    pipe_close(&p);
    assert_loop_idle();
}

static void test_fd_remove_other_from_callback(void)
{
    PipeState a, b;

    pipe_open(&a);
    pipe_open(&b);
    a.other_fd = b.fds[0];
    b.other_fd = a.fds[0];
    set_fd_handler(a.fds[0], pipe_read_cb, NULL, &a);
    set_fd_handler(b.fds[0], pipe_read_cb, NULL, &b);

    /* Both ready in the same iteration: whichever runs first wins. */
    pipe_put(&a);
    pipe_put(&b);
    spin();
    g_assert_cmpint(a.reads + b.reads, ==, 1);

    pipe_close(&a);
    pipe_close(&b);
    assert_loop_idle();
}

static void test_fd_closed_while_watched(void)
{
    g_autoptr(GString) warnings = g_string_new("");
    PipeState p;

    /* A caller bug, but it must not turn into a busy loop or a crash. */
    pipe_open(&p);
    set_fd_handler(p.fds[0], pipe_read_cb, NULL, &p);
    close(p.fds[0]);
    close(p.fds[1]);
    error_report_capture(warnings);
    spin();
    error_report_capture(NULL);
    g_assert_nonnull(strstr(warnings->str, "closed while watched"));
    g_assert_cmpint(p.reads, ==, 0);
    assert_loop_idle();
}

/* ---------------------------------------------------------------------- */
/* bottom halves */

typedef struct BHState {
    BH *bh;
    int runs;
    int reschedule;     /* times left to reschedule itself */
    bool delete_self;
    BH *cancel_other;
    struct BHState *delete_other;
} BHState;

static void bh_cb(void *opaque)
{
    BHState *s = opaque;

    s->runs++;
    g_assert_false(bh_scheduled(s->bh));
    if (s->reschedule > 0) {
        s->reschedule--;
        bh_schedule(s->bh);
    }
    if (s->cancel_other) {
        bh_cancel(s->cancel_other);
    }
    if (s->delete_other && s->delete_other->bh) {
        bh_delete(s->delete_other->bh);
        s->delete_other->bh = NULL;
    }
    if (s->delete_self) {
        bh_delete(s->bh);
        s->bh = NULL;
    }
}

static void test_bh_once(void)
{
    BHState s = { 0 };

    s.bh = bh_new(bh_cb, &s);
    g_assert_false(bh_scheduled(s.bh));
    spin();
    g_assert_cmpint(s.runs, ==, 0);

    bh_schedule(s.bh);
    bh_schedule(s.bh);
    g_assert_true(bh_scheduled(s.bh));
    g_assert_true(main_loop_wait(true));
    g_assert_cmpint(s.runs, ==, 1);
    g_assert_false(bh_scheduled(s.bh));
    spin();
    g_assert_cmpint(s.runs, ==, 1);

    bh_delete(s.bh);
    bh_delete(NULL);
    assert_loop_idle();
}

static void test_bh_cancel(void)
{
    BHState s = { 0 };
    BHState other = { 0 };

    s.bh = bh_new(bh_cb, &s);
    bh_schedule(s.bh);
    bh_cancel(s.bh);
    g_assert_false(bh_scheduled(s.bh));
    spin();
    g_assert_cmpint(s.runs, ==, 0);

    /*
     * Two BHs scheduled in the same batch, each cancelling the other:
     * whichever runs first wins.
     */
    other.bh = bh_new(bh_cb, &other);
    s.cancel_other = other.bh;
    other.cancel_other = s.bh;
    bh_schedule(s.bh);
    bh_schedule(other.bh);
    spin();
    g_assert_cmpint(s.runs + other.runs, ==, 1);
    g_assert_false(bh_scheduled(s.bh));
    g_assert_false(bh_scheduled(other.bh));

    bh_delete(s.bh);
    bh_delete(other.bh);
    assert_loop_idle();
}

static void test_bh_delete(void)
{
    BHState s = { 0 };

    /* Deleting a scheduled BH: it never runs. */
    s.bh = bh_new(bh_cb, &s);
    bh_schedule(s.bh);
    bh_delete(s.bh);
    spin();
    g_assert_cmpint(s.runs, ==, 0);

    /* Deleting from its own callback (the sanitizer checks the rest). */
    s.bh = bh_new(bh_cb, &s);
    s.delete_self = true;
    s.reschedule = 1;       /* reschedule, then delete: must not run again */
    bh_schedule(s.bh);
    spin();
    g_assert_cmpint(s.runs, ==, 1);
    g_assert_null(s.bh);

    /* Two scheduled BHs, each deleting the other: only one runs. */
    {
        BHState x = { 0 }, y = { 0 };

        x.bh = bh_new(bh_cb, &x);
        y.bh = bh_new(bh_cb, &y);
        x.delete_other = &y;
        y.delete_other = &x;
        bh_schedule(x.bh);
        bh_schedule(y.bh);
        spin();
        g_assert_cmpint(x.runs + y.runs, ==, 1);
        g_assert_true(!x.bh != !y.bh);
        bh_delete(x.bh);
        bh_delete(y.bh);
    }
    assert_loop_idle();
}

static void test_bh_reschedule(void)
{
    BHState s = { 0 };

    s.bh = bh_new(bh_cb, &s);
    s.reschedule = 3;
    bh_schedule(s.bh);

    /* Once per iteration, never looping inside one. */
    g_assert_true(main_loop_wait(true));
    g_assert_cmpint(s.runs, ==, 1);
    g_assert_true(bh_scheduled(s.bh));
    main_loop_wait(true);
    g_assert_cmpint(s.runs, ==, 2);
    spin();
    g_assert_cmpint(s.runs, ==, 4);
    g_assert_false(bh_scheduled(s.bh));

    bh_delete(s.bh);
    assert_loop_idle();
}

static gpointer bh_schedule_thread(gpointer opaque)
{
    g_usleep(10 * 1000);
    bh_schedule(opaque);
    return NULL;
}

static void timer_set_flag(void *opaque)
{
    *(bool *)opaque = true;
}

static void test_bh_schedule_from_thread(void)
{
    BHState s = { 0 };
    bool timed_out = false;
    Timer *guard = timer_new_ns(CLOCK_HOST, timer_set_flag, &timed_out);
    GThread *thread;

    /* The guard keeps a broken wakeup from hanging the test. */
    timer_mod(guard, clock_get_ns(CLOCK_HOST) + 2 * NANOSECONDS_PER_SECOND);
    s.bh = bh_new(bh_cb, &s);
    thread = g_thread_new("bh-scheduler", bh_schedule_thread, s.bh);
    while (!s.runs && !timed_out) {
        main_loop_wait(false);
    }
    g_thread_join(thread);
    g_assert_false(timed_out);
    g_assert_cmpint(s.runs, ==, 1);

    bh_delete(s.bh);
    timer_free(guard);
    assert_loop_idle();
}

/* ---------------------------------------------------------------------- */
/* host timers */

typedef struct TimerLog {
    GString *order;
    int64_t seen[8];
    int count;
} TimerLog;

typedef struct TimerCtx {
    Timer *t;
    char name;
    TimerLog *log;
    ClockType clock;
    /* actions from the callback */
    int64_t rearm_at;       /* >= 0: re-arm self at this time once */
    Timer *del_other;
    Timer *arm_other;
    int64_t arm_other_at;
    bool free_self;
} TimerCtx;

static void timer_log_cb(void *opaque)
{
    TimerCtx *c = opaque;

    g_string_append_c(c->log->order, c->name);
    if (c->log->count < (int)ARRAY_SIZE(c->log->seen)) {
        c->log->seen[c->log->count++] = clock_get_ns(c->clock);
    }
    g_assert_false(timer_pending(c->t));
    if (c->rearm_at >= 0) {
        timer_mod(c->t, c->rearm_at);
        c->rearm_at = -1;
    }
    if (c->del_other) {
        timer_del(c->del_other);
    }
    if (c->arm_other) {
        timer_mod(c->arm_other, c->arm_other_at);
    }
    if (c->free_self) {
        timer_free(c->t);
        c->t = NULL;
    }
}

static void timer_ctx_init(TimerCtx *c, ClockType clock, char name,
                           TimerLog *log)
{
    memset(c, 0, sizeof(*c));
    c->clock = clock;
    c->name = name;
    c->log = log;
    c->rearm_at = -1;
    c->t = timer_new_ns(clock, timer_log_cb, c);
}

static void test_host_timer_basic(void)
{
    TimerLog log = { g_string_new("") };
    TimerCtx a;
    int64_t now = clock_get_ns(CLOCK_HOST);
    int64_t deadline;

    timer_ctx_init(&a, CLOCK_HOST, 'a', &log);
    g_assert_false(timer_pending(a.t));
    g_assert_cmpint(timer_expire_time_ns(a.t), ==, -1);
    g_assert_cmpint(clock_deadline_ns(CLOCK_HOST), ==, -1);

    /* Far in the future: does not fire. */
    timer_mod(a.t, now + NANOSECONDS_PER_SECOND);
    g_assert_true(timer_pending(a.t));
    g_assert_cmpint(timer_expire_time_ns(a.t), ==, now + NANOSECONDS_PER_SECOND);
    deadline = clock_deadline_ns(CLOCK_HOST);
    g_assert_cmpint(deadline, >, 0);
    g_assert_cmpint(deadline, <=, NANOSECONDS_PER_SECOND);
    g_assert_false(host_timers_run());
    spin();
    g_assert_cmpstr(log.order->str, ==, "");

    /* Re-armed into the past: due now, fires once. */
    timer_mod(a.t, now - 1);
    g_assert_cmpint(clock_deadline_ns(CLOCK_HOST), ==, 0);
    g_assert_true(host_timers_run());
    g_assert_cmpstr(log.order->str, ==, "a");
    g_assert_false(timer_pending(a.t));
    g_assert_false(host_timers_run());

    /* Deleted: does not fire. */
    timer_mod(a.t, now - 1);
    timer_del(a.t);
    timer_del(a.t);
    g_assert_cmpint(timer_expire_time_ns(a.t), ==, -1);
    g_assert_false(host_timers_run());
    g_assert_cmpstr(log.order->str, ==, "a");

    /* Freeing a pending timer deletes it. */
    timer_mod(a.t, now - 1);
    timer_free(a.t);
    timer_free(NULL);
    g_assert_cmpint(clock_deadline_ns(CLOCK_HOST), ==, -1);
    g_assert_false(host_timers_run());

    g_string_free(log.order, true);
    assert_loop_idle();
}

static void test_host_timer_order(void)
{
    TimerLog log = { g_string_new("") };
    TimerCtx a, b, c, d;
    int64_t now = clock_get_ns(CLOCK_HOST);

    timer_ctx_init(&a, CLOCK_HOST, 'a', &log);
    timer_ctx_init(&b, CLOCK_HOST, 'b', &log);
    timer_ctx_init(&c, CLOCK_HOST, 'c', &log);
    timer_ctx_init(&d, CLOCK_HOST, 'd', &log);

    timer_mod(a.t, now - 1000);
    timer_mod(b.t, now - 3000);
    timer_mod(c.t, now - 2000);
    timer_mod(d.t, now - 2000);     /* same deadline as c: after it */
    /* Moving a timer re-sorts it. */
    timer_mod(a.t, now - 4000);
    g_assert_true(main_loop_wait(true));
    g_assert_cmpstr(log.order->str, ==, "abcd");

    /* A callback deleting a due timer, and re-arming itself in the past. */
    g_string_truncate(log.order, 0);
    a.del_other = b.t;
    a.rearm_at = now - 10000;
    timer_mod(a.t, now - 5000);
    timer_mod(b.t, now - 4000);
    timer_mod(c.t, now - 3000);
    g_assert_true(host_timers_run());
    /* Self-rearmed in the past waits for the next run: no endless loop. */
    g_assert_cmpstr(log.order->str, ==, "ac");
    g_assert_true(timer_pending(a.t));
    g_assert_true(host_timers_run());
    g_assert_cmpstr(log.order->str, ==, "aca");

    /* Freeing itself from its callback. */
    g_string_truncate(log.order, 0);
    d.free_self = true;
    timer_mod(d.t, now);
    g_assert_true(host_timers_run());
    g_assert_cmpstr(log.order->str, ==, "d");
    g_assert_null(d.t);

    timer_free(a.t);
    timer_free(b.t);
    timer_free(c.t);
    g_string_free(log.order, true);
    assert_loop_idle();
}

static gboolean guard_timeout_cb(gpointer opaque)
{
    *(bool *)opaque = true;
    return G_SOURCE_REMOVE;
}

static void test_host_timer_blocking_wait(void)
{
    TimerLog log = { g_string_new("") };
    TimerCtx a;
    const int64_t delay = 20 * SCALE_MS;
    int64_t start = clock_get_ns(CLOCK_HOST);
    int64_t elapsed;
    int calls = 0;

    bool timed_out = false;
    GSource *guard;

    /*
     * A plain GLib timeout, independent of the host timer code, keeps a
     * broken deadline computation from blocking forever.
     */
    guard = g_timeout_source_new(2000);
    g_source_set_callback(guard, guard_timeout_cb, &timed_out, NULL);
    g_source_attach(guard, main_loop_context());

    timer_ctx_init(&a, CLOCK_HOST, 'a', &log);
    timer_mod(a.t, start + delay);

    /* Not before the deadline. */
    main_loop_wait(true);
    g_assert_cmpstr(log.order->str, ==, "");

    /* Nothing else to wake us: the timer's deadline must. */
    while (!log.order->len) {
        g_assert_cmpint(++calls, <=, 3);
        main_loop_wait(false);
        g_assert_false(timed_out);
    }
    g_source_destroy(guard);
    g_source_unref(guard);
    g_assert_cmpint(log.seen[0], >=, start + delay);
    elapsed = clock_get_ns(CLOCK_HOST) - start;
    g_assert_cmpint(elapsed, >=, delay);
    g_assert_cmpint(elapsed, <, 500 * SCALE_MS);

    timer_free(a.t);
    g_string_free(log.order, true);
    assert_loop_idle();
}

static gpointer notify_thread(gpointer opaque)
{
    g_usleep(10 * 1000);
    main_loop_notify();
    return NULL;
}

static void test_notify(void)
{
    bool timed_out = false;
    Timer *guard = timer_new_ns(CLOCK_HOST, timer_set_flag, &timed_out);
    int64_t start = clock_get_ns(CLOCK_HOST);
    GThread *thread;

    timer_mod(guard, start + 2 * NANOSECONDS_PER_SECOND);
    thread = g_thread_new("notifier", notify_thread, NULL);
    main_loop_wait(false);
    g_thread_join(thread);
    g_assert_false(timed_out);
    g_assert_cmpint(clock_get_ns(CLOCK_HOST) - start, <,
                    NANOSECONDS_PER_SECOND);

    timer_free(guard);
    assert_loop_idle();
}

/* ---------------------------------------------------------------------- */
/* virtual clock */

static void test_virtual_clock(void)
{
    TimerLog log = { g_string_new("") };
    TimerCtx a, b, c, d;
    int64_t base = clock_get_ns(CLOCK_VIRTUAL);

    g_assert_cmpint(base, >=, 0);
    timer_ctx_init(&a, CLOCK_VIRTUAL, 'a', &log);
    timer_ctx_init(&b, CLOCK_VIRTUAL, 'b', &log);
    timer_ctx_init(&c, CLOCK_VIRTUAL, 'c', &log);
    timer_ctx_init(&d, CLOCK_VIRTUAL, 'd', &log);

    timer_mod(a.t, base + 100);
    timer_mod(b.t, base + 300);
    timer_mod(c.t, base + 200);
    g_assert_cmpint(clock_deadline_ns(CLOCK_VIRTUAL), ==, 100);
    g_assert_cmpint(timer_expire_time_ns(b.t), ==, base + 300);

    /* The main loop never runs virtual timers, however long it waits. */
    spin();
    g_assert_cmpstr(log.order->str, ==, "");
    g_assert_cmpint(clock_get_ns(CLOCK_VIRTUAL), ==, base);

    g_assert_cmpint(virtual_clock_advance(base + 150), ==, base + 150);
    g_assert_cmpstr(log.order->str, ==, "a");
    g_assert_cmpint(log.seen[0], ==, base + 100);
    g_assert_cmpint(clock_get_ns(CLOCK_VIRTUAL), ==, base + 150);
    g_assert_cmpint(clock_deadline_ns(CLOCK_VIRTUAL), ==, 50);

    /* Never backwards. */
    g_assert_cmpint(virtual_clock_advance(base), ==, base + 150);
    g_assert_cmpint(virtual_clock_advance(-1), ==, base + 150);
    g_assert_cmpstr(log.order->str, ==, "a");

    /*
     * c at 200 arms d at 250 (inside the window) and b at 300 arms a at
     * 1000 (outside it); each sees the clock at its own deadline.
     */
    c.arm_other = d.t;
    c.arm_other_at = base + 250;
    b.arm_other = a.t;
    b.arm_other_at = base + 1000;
    g_assert_cmpint(virtual_clock_advance(base + 500), ==, base + 500);
    g_assert_cmpstr(log.order->str, ==, "acdb");
    g_assert_cmpint(log.seen[1], ==, base + 200);
    g_assert_cmpint(log.seen[2], ==, base + 250);
    g_assert_cmpint(log.seen[3], ==, base + 300);
    g_assert_true(timer_pending(a.t));
    g_assert_cmpint(clock_deadline_ns(CLOCK_VIRTUAL), ==, 500);

    /* Exactly at the deadline fires. */
    c.arm_other = NULL;
    b.arm_other = NULL;
    g_assert_cmpint(virtual_clock_advance(base + 1000), ==, base + 1000);
    g_assert_cmpstr(log.order->str, ==, "acdba");
    g_assert_cmpint(log.seen[4], ==, base + 1000);

    /* Armed in the past: fires on the next advance, clock unchanged. */
    timer_mod(b.t, base + 10);
    g_assert_cmpint(clock_deadline_ns(CLOCK_VIRTUAL), ==, 0);
    g_assert_cmpint(virtual_clock_advance(base + 1000), ==, base + 1000);
    g_assert_cmpstr(log.order->str, ==, "acdbab");
    g_assert_cmpint(log.seen[5], ==, base + 1000);

    /* Delete, free of a pending timer, free and delete from callbacks. */
    timer_mod(a.t, base + 1100);
    timer_mod(b.t, base + 1200);
    timer_mod(c.t, base + 1300);
    timer_mod(d.t, base + 1400);
    a.del_other = c.t;
    b.free_self = true;
    timer_free(d.t);
    d.t = NULL;
    g_assert_cmpint(virtual_clock_advance(base + 2000), ==, base + 2000);
    g_assert_cmpstr(log.order->str, ==, "acdbabab");
    g_assert_null(b.t);
    g_assert_false(timer_pending(c.t));

    timer_free(a.t);
    timer_free(c.t);
    g_string_free(log.order, true);
    assert_loop_idle();
}

/* ---------------------------------------------------------------------- */
/* event notifiers */

static int notifier_calls;

static void notifier_handler(EventNotifier *e)
{
    notifier_calls++;
    event_notifier_test_and_clear(e);
}

static void test_event_notifier(void)
{
    EventNotifier e;
    int i;

    g_assert_cmpint(event_notifier_init(&e, false), ==, 0);
    g_assert_true(e.initialized);
    g_assert_cmpint(event_notifier_get_fd(&e), >=, 0);
    g_assert_cmpint(e.rfd, ==, e.wfd);
    g_assert_false(event_notifier_test_and_clear(&e));

    /* Setting several times is one event. */
    for (i = 0; i < 3; i++) {
        g_assert_cmpint(event_notifier_set(&e), ==, 0);
    }
    g_assert_true(event_notifier_test_and_clear(&e));
    g_assert_false(event_notifier_test_and_clear(&e));
    event_notifier_cleanup(&e);
    g_assert_false(e.initialized);
    g_assert_cmpint(event_notifier_get_fd(&e), ==, -1);

    /* Using a cleaned-up notifier fails cleanly; cleanup is idempotent. */
    g_assert_cmpint(event_notifier_set(&e), ==, -EBADF);
    g_assert_false(event_notifier_test_and_clear(&e));
    event_notifier_cleanup(&e);

    g_assert_cmpint(event_notifier_init(&e, true), ==, 0);
    g_assert_true(event_notifier_test_and_clear(&e));
    event_notifier_cleanup(&e);
}

static void test_event_notifier_handler(void)
{
    EventNotifier e;

    notifier_calls = 0;
    g_assert_cmpint(event_notifier_init(&e, false), ==, 0);
    event_notifier_set_handler(&e, notifier_handler);
    spin();
    g_assert_cmpint(notifier_calls, ==, 0);

    event_notifier_set(&e);
    spin();
    g_assert_cmpint(notifier_calls, ==, 1);

    event_notifier_set_handler(&e, NULL);
    event_notifier_set(&e);
    spin();
    g_assert_cmpint(notifier_calls, ==, 1);

    /* Cleanup with a handler installed removes it. */
    event_notifier_set_handler(&e, notifier_handler);
    event_notifier_cleanup(&e);
    spin();
    g_assert_cmpint(notifier_calls, ==, 1);
    assert_loop_idle();
}

static void test_event_notifier_foreign_fd(void)
{
    g_autoptr(GString) warnings = g_string_new("");
    EventNotifier e;
    int fds[2];
    int flags;

    /* A blocking pipe: reading it must not hang the loop. */
    g_assert_cmpint(pipe(fds), ==, 0);
    event_notifier_init_fd(&e, fds[0]);
    flags = fcntl(fds[0], F_GETFL);
    g_assert_true(flags & O_NONBLOCK);
    g_assert_cmpint(event_notifier_get_fd(&e), ==, fds[0]);
    g_assert_false(event_notifier_test_and_clear(&e));
    /* Writing to a pipe's read end fails with an error, no crash. */
    g_assert_cmpint(event_notifier_set(&e), <, 0);

    notifier_calls = 0;
    event_notifier_set_handler(&e, notifier_handler);
    g_assert_cmpint(write(fds[1], "0123456789", 10), ==, 10);
    spin();
    g_assert_cmpint(notifier_calls, ==, 1);

    /* The peer hangs up: the handler is dropped instead of spinning. */
    error_report_capture(warnings);
    close(fds[1]);
    spin();
    error_report_capture(NULL);
    g_assert_cmpint(notifier_calls, ==, 1 + 1);
    g_assert_nonnull(strstr(warnings->str, "no longer watching"));
    event_notifier_cleanup(&e);

    /* Not readable at all (write-only fd). */
    event_notifier_init_fd(&e, open("/dev/null", O_WRONLY | O_CLOEXEC));
    g_assert_false(event_notifier_test_and_clear(&e));
    g_assert_cmpint(event_notifier_set(&e), ==, 0);
    event_notifier_cleanup(&e);

    /* A regular file at end of file reads as "not set". */
    event_notifier_init_fd(&e, open("/dev/null", O_RDONLY | O_CLOEXEC));
    g_assert_false(event_notifier_test_and_clear(&e));
    event_notifier_cleanup(&e);
    assert_loop_idle();
}

/* ---------------------------------------------------------------------- */
/* signals */

typedef struct SignalLog {
    int count;
    int signo;
    pid_t sender;
} SignalLog;

static void signal_cb(int signo, pid_t sender, void *opaque)
{
    SignalLog *log = opaque;

    log->count++;
    log->signo = signo;
    log->sender = sender;
}

static void test_signal(void)
{
    SignalLog usr1 = { 0 }, usr2 = { 0 };

    main_loop_add_signal(SIGUSR1, signal_cb, &usr1);
    main_loop_add_signal(SIGUSR2, signal_cb, &usr2);

    g_assert_cmpint(raise(SIGUSR1), ==, 0);
    spin();
    g_assert_cmpint(usr1.count, ==, 1);
    g_assert_cmpint(usr1.signo, ==, SIGUSR1);
    g_assert_cmpint(usr1.sender, ==, getpid());
    g_assert_cmpint(usr2.count, ==, 0);

    g_assert_cmpint(kill(getpid(), SIGUSR2), ==, 0);
    g_assert_cmpint(raise(SIGUSR1), ==, 0);
    spin();
    g_assert_cmpint(usr1.count, ==, 2);
    g_assert_cmpint(usr2.count, ==, 1);
    g_assert_cmpint(usr2.signo, ==, SIGUSR2);
    g_assert_cmpint(usr2.sender, ==, getpid());

    /* Unregistering discards a pending instance instead of dying of it. */
    g_assert_cmpint(raise(SIGUSR2), ==, 0);
    main_loop_add_signal(SIGUSR2, NULL, NULL);
    main_loop_add_signal(SIGUSR2, NULL, NULL);
    spin();
    g_assert_cmpint(usr2.count, ==, 1);

    main_loop_add_signal(SIGUSR1, NULL, NULL);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    main_loop_init();

    g_test_add_func("/main-loop/fd/read", test_fd_read);
    g_test_add_func("/main-loop/fd/write", test_fd_write);
    g_test_add_func("/main-loop/fd/remove", test_fd_remove);
    g_test_add_func("/main-loop/fd/remove-self-from-callback",
                    test_fd_remove_self_from_callback);
    g_test_add_func("/main-loop/fd/replace-from-callback",
                    test_fd_replace_from_callback);
    g_test_add_func("/main-loop/fd/remove-other-from-callback",
                    test_fd_remove_other_from_callback);
    g_test_add_func("/main-loop/fd/closed-while-watched",
                    test_fd_closed_while_watched);
    g_test_add_func("/main-loop/bh/once", test_bh_once);
    g_test_add_func("/main-loop/bh/cancel", test_bh_cancel);
    g_test_add_func("/main-loop/bh/delete", test_bh_delete);
    g_test_add_func("/main-loop/bh/reschedule", test_bh_reschedule);
    g_test_add_func("/main-loop/bh/schedule-from-thread",
                    test_bh_schedule_from_thread);
    g_test_add_func("/main-loop/timer/host-basic", test_host_timer_basic);
    g_test_add_func("/main-loop/timer/host-order", test_host_timer_order);
    g_test_add_func("/main-loop/timer/host-blocking-wait",
                    test_host_timer_blocking_wait);
    g_test_add_func("/main-loop/notify", test_notify);
    g_test_add_func("/main-loop/timer/virtual", test_virtual_clock);
    g_test_add_func("/main-loop/event-notifier/basic", test_event_notifier);
    g_test_add_func("/main-loop/event-notifier/handler",
                    test_event_notifier_handler);
    g_test_add_func("/main-loop/event-notifier/foreign-fd",
                    test_event_notifier_foreign_fd);
    g_test_add_func("/main-loop/signal", test_signal);

    return g_test_run();
}
