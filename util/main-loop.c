/*
 * The main loop (see include/util/main-loop.h): fd handlers, bottom halves,
 * host-clock timers and signals, all as GSources on one GMainContext.
 *
 * The context is GLib's default one, so that code which attaches sources
 * with plain GLib calls (g_timeout_add, GIOChannel watches) runs in the
 * same loop.
 */
#include "util/osdep.h"
#include "util/main-loop.h"
#include "util/timer.h"
#include "util/error-report.h"

#include <pthread.h>
#include <signal.h>
#include <sys/signalfd.h>

static GMainContext *main_ctx;

/* ---------------------------------------------------------------------- */
/* File descriptor handlers */

/*
 * One GSource per watched fd.  The handler record lives inside the
 * GSource, so while GLib dispatches it (holding its own reference) the
 * record stays valid even if the callback removes the handler.
 */
typedef struct FdSource {
    GSource source;
    int fd;
    gpointer tag;
    IOHandler *fd_read;
    IOHandler *fd_write;
    void *opaque;
} FdSource;

/* fd -> FdSource*, holding one reference to the source. */
static GHashTable *fd_handlers;

#define FD_READ_EVENTS   (G_IO_IN | G_IO_PRI | G_IO_HUP | G_IO_ERR)
#define FD_WRITE_EVENTS  (G_IO_OUT | G_IO_ERR)

static gboolean fd_source_dispatch(GSource *source, GSourceFunc unused,
                                   gpointer unused2)
{
    FdSource *s = (FdSource *)source;
    GIOCondition rev = g_source_query_unix_fd(source, s->tag);

    if (rev & G_IO_NVAL) {
        /*
         * Someone closed the fd without removing its handler.  Polling a
         * closed fd would report it forever, so drop the handler.
         */
        warn_report("main loop: fd %d was closed while watched; "
                    "removing its handlers", s->fd);
        set_fd_handler(s->fd, NULL, NULL, NULL);
        return G_SOURCE_CONTINUE;
    }
    if ((rev & FD_READ_EVENTS) && s->fd_read) {
        s->fd_read(s->opaque);
    }
    /* The read callback may have removed this handler. */
    if (g_source_is_destroyed(source)) {
        return G_SOURCE_CONTINUE;
    }
    if ((rev & FD_WRITE_EVENTS) && s->fd_write) {
        s->fd_write(s->opaque);
    }
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs fd_source_funcs = {
    .dispatch = fd_source_dispatch,
};

static void fd_source_drop(gpointer data)
{
    GSource *source = data;

    g_source_destroy(source);
    g_source_unref(source);
}

void set_fd_handler(int fd, IOHandler *fd_read, IOHandler *fd_write,
                    void *opaque)
{
    GIOCondition cond = 0;
    FdSource *s;

    g_assert(fd >= 0);
    main_loop_init();

    if (!fd_read && !fd_write) {
        /* Destroys the source; a callback running for it finishes safely. */
        g_hash_table_remove(fd_handlers, GINT_TO_POINTER(fd));
        return;
    }

    if (fd_read) {
        cond |= FD_READ_EVENTS;
    }
    if (fd_write) {
        cond |= FD_WRITE_EVENTS;
    }

    s = g_hash_table_lookup(fd_handlers, GINT_TO_POINTER(fd));
    if (s) {
        s->fd_read = fd_read;
        s->fd_write = fd_write;
        s->opaque = opaque;
        g_source_modify_unix_fd(&s->source, s->tag, cond);
        return;
    }

    s = (FdSource *)g_source_new(&fd_source_funcs, sizeof(FdSource));
    g_source_set_name(&s->source, "fd-handler");
    s->fd = fd;
    s->fd_read = fd_read;
    s->fd_write = fd_write;
    s->opaque = opaque;
    s->tag = g_source_add_unix_fd(&s->source, fd, cond);
    g_source_attach(&s->source, main_ctx);
    g_hash_table_insert(fd_handlers, GINT_TO_POINTER(fd), s);
}

/* ---------------------------------------------------------------------- */
/* Bottom halves */

struct BH {
    BHFunc *cb;
    void *opaque;
    gint scheduled;     /* atomic: bh_schedule may come from any thread */
    bool deleted;
    /* One for the owner (dropped by bh_delete), one per running dispatch. */
    int refcnt;
};

/* All live BHs; only the main loop thread changes the array. */
static GPtrArray *bh_list;

static void bh_unref(BH *bh)
{
    if (--bh->refcnt == 0) {
        g_free(bh);
    }
}

static bool bh_any_scheduled(void)
{
    guint i;

    for (i = 0; i < bh_list->len; i++) {
        BH *bh = g_ptr_array_index(bh_list, i);

        if (g_atomic_int_get(&bh->scheduled)) {
            return true;
        }
    }
    return false;
}

static gboolean bh_source_prepare(GSource *source, gint *timeout)
{
    bool ready = bh_any_scheduled();

    *timeout = ready ? 0 : -1;
    return ready;
}

static gboolean bh_source_check(GSource *source)
{
    return bh_any_scheduled();
}

static gboolean bh_source_dispatch(GSource *source, GSourceFunc unused,
                                   gpointer unused2)
{
    g_autoptr(GPtrArray) run = g_ptr_array_new();
    guint i;

    /*
     * Run only what was scheduled when dispatch began: a BH that
     * reschedules itself runs again on a later iteration, not in a loop
     * here.  Each one is referenced so bh_delete from any callback of this
     * batch cannot free it under us.
     */
    for (i = 0; i < bh_list->len; i++) {
        BH *bh = g_ptr_array_index(bh_list, i);

        if (g_atomic_int_get(&bh->scheduled)) {
            bh->refcnt++;
            g_ptr_array_add(run, bh);
        }
    }

    for (i = 0; i < run->len; i++) {
        BH *bh = g_ptr_array_index(run, i);

        /* An earlier callback may have cancelled or deleted it. */
        if (!bh->deleted && g_atomic_int_exchange(&bh->scheduled, 0)) {
            bh->cb(bh->opaque);
        }
        bh_unref(bh);
    }
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs bh_source_funcs = {
    .prepare = bh_source_prepare,
    .check = bh_source_check,
    .dispatch = bh_source_dispatch,
};

BH *bh_new(BHFunc *cb, void *opaque)
{
    BH *bh;

    g_assert(cb);
    main_loop_init();

    bh = g_new0(BH, 1);
    bh->cb = cb;
    bh->opaque = opaque;
    bh->refcnt = 1;
    g_ptr_array_add(bh_list, bh);
    return bh;
}

void bh_schedule(BH *bh)
{
    g_assert(!bh->deleted);
    if (g_atomic_int_exchange(&bh->scheduled, 1)) {
        return;
    }
    /* Another thread may be scheduling while the loop sleeps in poll. */
    if (!g_main_context_is_owner(main_ctx)) {
        g_main_context_wakeup(main_ctx);
    }
}

void bh_cancel(BH *bh)
{
    g_atomic_int_set(&bh->scheduled, 0);
}

bool bh_scheduled(const BH *bh)
{
    return g_atomic_int_get((gint *)&bh->scheduled);
}

void bh_delete(BH *bh)
{
    if (!bh) {
        return;
    }
    g_assert(!bh->deleted);
    bh->deleted = true;
    g_atomic_int_set(&bh->scheduled, 0);
    g_ptr_array_remove_fast(bh_list, bh);
    bh_unref(bh);
}

/* ---------------------------------------------------------------------- */
/* Host-clock timers */

/* Ready when the earliest host timer is due; sleeps until it is. */
static gboolean timer_source_prepare(GSource *source, gint *timeout)
{
    int64_t ns = clock_deadline_ns(CLOCK_HOST);

    if (ns < 0) {
        *timeout = -1;
        return FALSE;
    }
    if (ns == 0) {
        *timeout = 0;
        return TRUE;
    }
    /* Round up so that we never wake before the deadline. */
    *timeout = MIN((ns + SCALE_MS - 1) / SCALE_MS, (int64_t)INT_MAX);
    return FALSE;
}

static gboolean timer_source_check(GSource *source)
{
    return clock_deadline_ns(CLOCK_HOST) == 0;
}

static gboolean timer_source_dispatch(GSource *source, GSourceFunc unused,
                                      gpointer unused2)
{
    host_timers_run();
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs timer_source_funcs = {
    .prepare = timer_source_prepare,
    .check = timer_source_check,
    .dispatch = timer_source_dispatch,
};

/* ---------------------------------------------------------------------- */
/* Signals, read through a signalfd */

typedef struct SignalSlot {
    SignalFunc *cb;
    void *opaque;
} SignalSlot;

static SignalSlot signal_slots[NSIG];
static sigset_t signal_set;
static int signal_fd = -1;

static void signal_fd_read(void *opaque)
{
    struct signalfd_siginfo info;
    ssize_t len;

    for (;;) {
        len = read(signal_fd, &info, sizeof(info));
        if (len < 0 && errno == EINTR) {
            continue;
        }
        if (len != sizeof(info)) {
            break;      /* EAGAIN: drained */
        }
        if (info.ssi_signo > 0 && info.ssi_signo < NSIG &&
            signal_slots[info.ssi_signo].cb) {
            SignalSlot *slot = &signal_slots[info.ssi_signo];

            slot->cb(info.ssi_signo, (pid_t)info.ssi_pid, slot->opaque);
        }
    }
}

/* Throw away instances of @signo that are pending, before unblocking it. */
static void signal_discard_pending(int signo)
{
    const struct timespec zero = { 0, 0 };
    sigset_t one;

    sigemptyset(&one);
    sigaddset(&one, signo);
    while (sigtimedwait(&one, NULL, &zero) == signo) {
        /* nothing */
    }
}

/*
 * The signal is blocked in the calling thread only: call this from the
 * main thread before starting other threads, which inherit the mask.
 * Passing a NULL @cb stops handling @signo and unblocks it again.
 */
void main_loop_add_signal(int signo, SignalFunc *cb, void *opaque)
{
    sigset_t one;
    int fd;

    /* SIGKILL and SIGSTOP cannot be blocked, hence cannot be read. */
    g_assert(signo > 0 && signo < NSIG && signo != SIGKILL &&
             signo != SIGSTOP);
    main_loop_init();

    sigemptyset(&one);
    sigaddset(&one, signo);

    if (!cb) {
        if (!sigismember(&signal_set, signo)) {
            return;
        }
        sigdelset(&signal_set, signo);
        signal_slots[signo].cb = NULL;
        signal_slots[signo].opaque = NULL;
        /* Shrinking the mask of an existing signalfd cannot fail. */
        signalfd(signal_fd, &signal_set, SFD_NONBLOCK | SFD_CLOEXEC);
        signal_discard_pending(signo);
        pthread_sigmask(SIG_UNBLOCK, &one, NULL);
        return;
    }

    signal_slots[signo].cb = cb;
    signal_slots[signo].opaque = opaque;
    if (sigismember(&signal_set, signo)) {
        return;
    }

    sigaddset(&signal_set, signo);
    pthread_sigmask(SIG_BLOCK, &one, NULL);
    fd = signalfd(signal_fd, &signal_set, SFD_NONBLOCK | SFD_CLOEXEC);
    if (fd < 0) {
        error_report("main loop: cannot watch signal %d: %s", signo,
                     g_strerror(errno));
        sigdelset(&signal_set, signo);
        signal_slots[signo].cb = NULL;
        signal_slots[signo].opaque = NULL;
        pthread_sigmask(SIG_UNBLOCK, &one, NULL);
        return;
    }
    if (signal_fd < 0) {
        signal_fd = fd;
        set_fd_handler(signal_fd, signal_fd_read, NULL, NULL);
    }
}

/* ---------------------------------------------------------------------- */
/* The loop itself */

static GSource *attach_new_source(GSourceFuncs *funcs, const char *name)
{
    GSource *source = g_source_new(funcs, sizeof(GSource));

    g_source_set_name(source, name);
    g_source_attach(source, main_ctx);
    /* The context keeps its own reference for the life of the process. */
    g_source_unref(source);
    return source;
}

void main_loop_init(void)
{
    static gsize initialized;

    if (g_once_init_enter(&initialized)) {
        main_ctx = g_main_context_ref(g_main_context_default());
        fd_handlers = g_hash_table_new_full(NULL, NULL, NULL,
                                            fd_source_drop);
        bh_list = g_ptr_array_new();
        sigemptyset(&signal_set);
        /*
         * Bottom halves run before file descriptors are handled, as
         * qemu's do: work a device deferred from inside a guest access
         * is done before the next request is read.
         */
        g_source_set_priority(attach_new_source(&bh_source_funcs,
                                                "bottom-halves"),
                              G_PRIORITY_HIGH);
        attach_new_source(&timer_source_funcs, "host-timers");
        g_once_init_leave(&initialized, 1);
    }
}

GMainContext *main_loop_context(void)
{
    main_loop_init();
    return main_ctx;
}

bool main_loop_wait(bool nonblocking)
{
    bool progress;

    main_loop_init();
    progress = g_main_context_iteration(main_ctx, !nonblocking);
    /* Timers that fell due while the other sources were dispatched. */
    if (host_timers_run()) {
        progress = true;
    }
    return progress;
}

void main_loop_notify(void)
{
    main_loop_init();
    g_main_context_wakeup(main_ctx);
}
