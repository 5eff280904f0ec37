/*
 * Event notifiers on Linux eventfd (see include/util/event-notifier.h).
 *
 * The same fd is used for both directions (rfd == wfd).  Notifiers built
 * with event_notifier_init_fd() wrap an fd that came from another process
 * and may be anything: a pipe, a socket, a file.  Reading copes with that
 * instead of trusting the fd to behave like an eventfd.
 */
#include "util/osdep.h"
#include "util/event-notifier.h"
#include "util/main-loop.h"
#include "util/error-report.h"

#include <sys/eventfd.h>

/*
 * An eventfd read returns exactly 8 bytes.  A bigger buffer drains other
 * kinds of fd in fewer calls and still tells an eventfd apart: a read that
 * does not fill the buffer means there is nothing more to read.
 */
#define EVENT_NOTIFIER_READ_BUF 512
/* Bound on reads per clear, so a peer that keeps writing cannot hold us. */
#define EVENT_NOTIFIER_MAX_READS 64

int event_notifier_init(EventNotifier *e, bool active)
{
    int fd = eventfd(active ? 1 : 0, EFD_NONBLOCK | EFD_CLOEXEC);

    e->handler = NULL;
    if (fd < 0) {
        e->rfd = e->wfd = -1;
        e->initialized = false;
        return -errno;
    }
    e->rfd = e->wfd = fd;
    e->initialized = true;
    return 0;
}

void event_notifier_init_fd(EventNotifier *e, int fd)
{
    int flags;

    g_assert(fd >= 0);

    /*
     * A blocking fd would hang the main loop in test_and_clear when there
     * is nothing to read.  Best effort: if this fails, reads may block,
     * but the fd is not ours to refuse.
     */
    flags = fcntl(fd, F_GETFL);
    if (flags >= 0 && !(flags & O_NONBLOCK)) {
        fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    }

    e->rfd = e->wfd = fd;
    e->initialized = true;
    e->handler = NULL;
}

void event_notifier_cleanup(EventNotifier *e)
{
    if (!e->initialized) {
        return;
    }
    if (e->handler) {
        set_fd_handler(e->rfd, NULL, NULL, NULL);
        e->handler = NULL;
    }
    close(e->rfd);
    if (e->wfd != e->rfd) {
        close(e->wfd);
    }
    e->rfd = e->wfd = -1;
    e->initialized = false;
}

int event_notifier_get_fd(const EventNotifier *e)
{
    return e->initialized ? e->rfd : -1;
}

int event_notifier_set(EventNotifier *e)
{
    uint64_t value = 1;
    ssize_t ret;

    if (!e->initialized) {
        return -EBADF;
    }
    do {
        ret = write(e->wfd, &value, sizeof(value));
    } while (ret < 0 && errno == EINTR);

    if (ret < 0) {
        /* A full counter (or pipe) means it is set already. */
        return errno == EAGAIN ? 0 : -errno;
    }
    return 0;
}

bool event_notifier_test_and_clear(EventNotifier *e)
{
    char buf[EVENT_NOTIFIER_READ_BUF];
    bool was_set = false;
    bool broken = false;
    int i;
    ssize_t len;

    if (!e->initialized) {
        return false;
    }

    for (i = 0; i < EVENT_NOTIFIER_MAX_READS; i++) {
        len = read(e->rfd, buf, sizeof(buf));
        if (len < 0 && errno == EINTR) {
            continue;
        }
        if (len > 0) {
            was_set = true;
            if (len == sizeof(buf)) {
                continue;   /* maybe more (not an eventfd) */
            }
            break;
        }
        /* End of file or an error other than "empty": not usable. */
        broken = len == 0 || errno != EAGAIN;
        break;
    }

    if (broken && e->handler) {
        /*
         * A closed pipe or an unreadable fd stays "readable" for poll
         * forever; stop watching it rather than spin the main loop.
         */
        warn_report("event notifier fd %d is not readable as an event "
                    "counter; no longer watching it", e->rfd);
        set_fd_handler(e->rfd, NULL, NULL, NULL);
        e->handler = NULL;
    }
    return was_set;
}

static void event_notifier_fd_ready(void *opaque)
{
    EventNotifier *e = opaque;

    if (e->handler) {
        e->handler(e);
    }
}

void event_notifier_set_handler(EventNotifier *e,
                                EventNotifierHandler *handler)
{
    if (!handler) {
        if (e->initialized && e->handler) {
            set_fd_handler(e->rfd, NULL, NULL, NULL);
        }
        e->handler = NULL;
        return;
    }
    g_assert(e->initialized);
    e->handler = handler;
    set_fd_handler(e->rfd, event_notifier_fd_ready, NULL, e);
}
