/*
 * Clocks and timers (see include/util/timer.h).
 *
 * Each clock keeps its pending timers in a doubly linked list sorted by
 * deadline; timers with equal deadlines stay in the order they were armed.
 * Host-clock timers are run by the main loop (host_timers_run, called from
 * a GSource in util/main-loop.c); virtual-clock timers are run only by
 * virtual_clock_advance().  All of this belongs to the main loop thread.
 *
 * Callbacks may arm, delete or free any timer, themselves included: the
 * runners unlink a timer before calling it and look at the list head again
 * after every callback instead of holding on to list pointers.
 */
#include "util/osdep.h"
#include "util/timer.h"

#include <time.h>

struct Timer {
    ClockType type;
    TimerFunc *cb;
    void *opaque;
    bool pending;
    int64_t expire_ns;
    /* Value of the clock's run_gen when the timer was last armed. */
    uint64_t armed_gen;
    Timer *prev;
    Timer *next;
};

typedef struct TimerList {
    Timer *head;
    /*
     * Bumped every time host_timers_run() starts, so that it can tell
     * timers armed by its own callbacks from those that were due when it
     * started and avoid looping forever on a timer that keeps re-arming
     * itself in the past.
     */
    uint64_t run_gen;
} TimerList;

static TimerList timer_lists[CLOCK__MAX];

/* The virtual clock: starts at 0 and only virtual_clock_advance moves it. */
static int64_t virtual_clock_ns;

int64_t clock_get_ns(ClockType type)
{
    struct timespec ts;

    switch (type) {
    case CLOCK_HOST:
        clock_gettime(CLOCK_REALTIME, &ts);
        return ts.tv_sec * NANOSECONDS_PER_SECOND + ts.tv_nsec;
    case CLOCK_VIRTUAL:
        return virtual_clock_ns;
    default:
        g_assert_not_reached();
    }
}

Timer *timer_new_ns(ClockType type, TimerFunc *cb, void *opaque)
{
    Timer *t;

    g_assert(type >= 0 && type < CLOCK__MAX);
    g_assert(cb);

    t = g_new0(Timer, 1);
    t->type = type;
    t->cb = cb;
    t->opaque = opaque;
    t->expire_ns = -1;
    return t;
}

static void timer_unlink(Timer *t)
{
    TimerList *tl = &timer_lists[t->type];

    if (t->prev) {
        t->prev->next = t->next;
    } else {
        tl->head = t->next;
    }
    if (t->next) {
        t->next->prev = t->prev;
    }
    t->prev = t->next = NULL;
    t->pending = false;
    t->expire_ns = -1;
}

void timer_del(Timer *t)
{
    if (t->pending) {
        timer_unlink(t);
    }
}

void timer_mod(Timer *t, int64_t expire_ns)
{
    TimerList *tl = &timer_lists[t->type];
    Timer *prev = NULL;
    Timer *cur;

    timer_del(t);

    /* A deadline before the epoch is simply "already due". */
    if (expire_ns < 0) {
        expire_ns = 0;
    }

    /* Insert after every timer due at or before @expire_ns (FIFO ties). */
    for (cur = tl->head; cur && cur->expire_ns <= expire_ns; cur = cur->next) {
        prev = cur;
    }
    t->prev = prev;
    t->next = cur;
    if (prev) {
        prev->next = t;
    } else {
        tl->head = t;
    }
    if (cur) {
        cur->prev = t;
    }
    t->pending = true;
    t->expire_ns = expire_ns;
    t->armed_gen = tl->run_gen;
}

void timer_free(Timer *t)
{
    if (!t) {
        return;
    }
    timer_del(t);
    g_free(t);
}

bool timer_pending(const Timer *t)
{
    return t->pending;
}

int64_t timer_expire_time_ns(const Timer *t)
{
    return t->pending ? t->expire_ns : -1;
}

int64_t clock_deadline_ns(ClockType type)
{
    Timer *head;
    int64_t now;

    g_assert(type >= 0 && type < CLOCK__MAX);
    head = timer_lists[type].head;
    if (!head) {
        return -1;
    }
    now = clock_get_ns(type);
    return head->expire_ns <= now ? 0 : head->expire_ns - now;
}

int64_t virtual_clock_advance(int64_t target_ns)
{
    TimerList *tl = &timer_lists[CLOCK_VIRTUAL];
    Timer *t;

    /* The clock never goes backwards. */
    if (target_ns < virtual_clock_ns) {
        target_ns = virtual_clock_ns;
    }

    /*
     * Take the earliest timer each time round: callbacks may have armed
     * new timers inside the window, or deleted/freed the ones we saw.  A
     * device that re-arms a timer at the current time forever would loop
     * here; devices must clamp guest-provided periods.
     */
    while ((t = tl->head) && t->expire_ns <= target_ns) {
        /* A timer armed in the past sees the clock where it already is. */
        if (t->expire_ns > virtual_clock_ns) {
            virtual_clock_ns = t->expire_ns;
        }
        timer_unlink(t);
        t->cb(t->opaque);
    }

    /* A nested advance from a callback may have moved past target_ns. */
    if (virtual_clock_ns < target_ns) {
        virtual_clock_ns = target_ns;
    }
    return virtual_clock_ns;
}

bool host_timers_run(void)
{
    TimerList *tl = &timer_lists[CLOCK_HOST];
    int64_t now = clock_get_ns(CLOCK_HOST);
    uint64_t gen = ++tl->run_gen;
    bool ran = false;

    for (;;) {
        Timer *t;

        /*
         * The first due timer that was armed before this run started;
         * timers (re-)armed by callbacks of this run wait for the next.
         */
        for (t = tl->head; t && t->expire_ns <= now; t = t->next) {
            if (t->armed_gen < gen) {
                break;
            }
        }
        if (!t || t->expire_ns > now) {
            break;
        }
        timer_unlink(t);
        t->cb(t->opaque);
        ran = true;
    }
    return ran;
}
