/*
 * Clocks and timers.
 *
 *   CLOCK_HOST      wall-clock time of the host (CLOCK_REALTIME), nanoseconds.
 *   CLOCK_VIRTUAL   the guest's time.  It stands still unless an
 *                   accelerator moves it: the qtest accelerator moves it only
 *                   when the test program says so, which is what makes
 *                   device timers testable.
 *
 * Timers on CLOCK_HOST fire from the main loop.  Timers on CLOCK_VIRTUAL
 * fire from virtual_clock_advance(), in deadline order, each seeing the
 * clock at its own deadline.
 */
#ifndef UTIL_TIMER_H
#define UTIL_TIMER_H

#include "util/osdep.h"

typedef enum ClockType {
    CLOCK_HOST,
    CLOCK_VIRTUAL,
    CLOCK__MAX,
} ClockType;

#define NANOSECONDS_PER_SECOND 1000000000LL
#define SCALE_MS 1000000LL
#define SCALE_US 1000LL

typedef struct Timer Timer;
typedef void TimerFunc(void *opaque);

int64_t clock_get_ns(ClockType type);

Timer *timer_new_ns(ClockType type, TimerFunc *cb, void *opaque);
/* Arm (or re-arm) @t to fire at absolute time @expire_ns on its clock. */
void timer_mod(Timer *t, int64_t expire_ns);
void timer_del(Timer *t);
/* Delete and free; NULL is fine. */
void timer_free(Timer *t);
bool timer_pending(const Timer *t);
/* The deadline of a pending timer, -1 if not pending. */
int64_t timer_expire_time_ns(const Timer *t);

/*
 * Nanoseconds from now until the earliest pending timer on @type, 0 if one
 * is already due, -1 if none is pending.
 */
int64_t clock_deadline_ns(ClockType type);

/*
 * Move the virtual clock forward to @target_ns (never backwards), running
 * every virtual timer whose deadline is passed, in deadline order.  Timers
 * armed by callbacks for times up to @target_ns run too.  Returns the new
 * clock value.
 */
int64_t virtual_clock_advance(int64_t target_ns);

/* Run expired host-clock timers; returns true if any ran (main loop use). */
bool host_timers_run(void);

#endif
