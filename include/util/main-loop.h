/*
 * The main loop: one GLib main context that owns all device state.
 *
 * Everything that happens in Corvid happens in a callback from here: file
 * descriptors becoming readable or writable, timers on the host clock
 * expiring, bottom halves scheduled by code that wants to run "soon, but
 * not now", event notifiers being signalled, and POSIX signals.
 */
#ifndef UTIL_MAIN_LOOP_H
#define UTIL_MAIN_LOOP_H

#include "util/osdep.h"

/* Create the main context; idempotent. */
void main_loop_init(void);
GMainContext *main_loop_context(void);

/*
 * Run one iteration: dispatch whatever is ready, blocking until something
 * is unless @nonblocking.  Returns true if anything was dispatched.
 */
bool main_loop_wait(bool nonblocking);

/* Wake a main loop that is blocked in main_loop_wait (thread-safe). */
void main_loop_notify(void);

typedef void IOHandler(void *opaque);

/*
 * Call @fd_read when @fd is readable and @fd_write when it is writable.
 * Passing NULL for both removes the handlers of @fd.  Setting handlers for
 * an fd that has some replaces them.
 */
void set_fd_handler(int fd, IOHandler *fd_read, IOHandler *fd_write,
                    void *opaque);

/*
 * Bottom halves: a callback that runs once from the main loop after it is
 * scheduled.  Scheduling twice before it runs runs it once.  A bottom half
 * may reschedule or delete itself from its callback.
 */
typedef struct BH BH;
typedef void BHFunc(void *opaque);

BH *bh_new(BHFunc *cb, void *opaque);
void bh_schedule(BH *bh);
void bh_cancel(BH *bh);
void bh_delete(BH *bh);
bool bh_scheduled(const BH *bh);

/*
 * POSIX signals delivered through the main loop.  @cb runs from the loop,
 * not from signal context, with the number and sending pid (0 if unknown).
 */
typedef void SignalFunc(int signo, pid_t sender, void *opaque);
void main_loop_add_signal(int signo, SignalFunc *cb, void *opaque);

#endif
