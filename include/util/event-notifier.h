/*
 * Event notifiers: a counter behind a file descriptor (Linux eventfd) that
 * one side sets and the other side waits for in its main loop or passes to
 * another process (vhost-user kick and call fds, ivshmem doorbells).
 */
#ifndef UTIL_EVENT_NOTIFIER_H
#define UTIL_EVENT_NOTIFIER_H

#include "util/osdep.h"

typedef struct EventNotifier EventNotifier;
typedef void EventNotifierHandler(EventNotifier *e);

struct EventNotifier {
    int rfd;
    int wfd;
    bool initialized;
    EventNotifierHandler *handler;
};

/* Return 0 or -errno.  @active: start out set. */
int event_notifier_init(EventNotifier *e, bool active);
/* Wrap an eventfd received from elsewhere; @e takes ownership of @fd. */
void event_notifier_init_fd(EventNotifier *e, int fd);
void event_notifier_cleanup(EventNotifier *e);
int event_notifier_get_fd(const EventNotifier *e);
/* Return 0 or -errno. */
int event_notifier_set(EventNotifier *e);
/* Clear; returns whether it was set. */
bool event_notifier_test_and_clear(EventNotifier *e);
/* Call @handler from the main loop when set; NULL removes it. */
void event_notifier_set_handler(EventNotifier *e,
                                EventNotifierHandler *handler);

#endif
