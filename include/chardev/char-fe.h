/*
 * The front-end side of a chardev: what devices, monitors and the qtest
 * server use.
 *
 *     CharBackend be = { 0 };
 *     if (!chr_fe_init(&be, chr, errp)) ...       // claims the chardev
 *     chr_fe_set_handlers(&be, can_read, read, event, NULL, opaque,
 *                         NULL, true);           // NULL: main context
 *     chr_fe_write_all(&be, buf, len);
 *     chr_fe_deinit(&be, false);                  // releases it
 *
 * A chardev has at most one front end; claiming a busy one fails with
 * "Device 'ID' is in use".
 */
#ifndef CHARDEV_CHAR_FE_H
#define CHARDEV_CHAR_FE_H

#include "chardev/char.h"
#include "util/error.h"

/* How many bytes the front end can take now (0: stop reading until
 * chr_fe_accept_input). */
typedef int IOCanReadHandler(void *opaque);
typedef void IOReadHandler(void *opaque, const uint8_t *buf, int size);
typedef void IOEventHandler(void *opaque, ChrEvent event);
/* The backend behind the front end was replaced; optional. */
typedef int BackendChangeHandler(void *opaque);
typedef gboolean FEWatchFunc(void *do_not_use, GIOCondition condition,
                             void *data);

struct CharBackend {
    Chardev *chr;
    IOEventHandler *chr_event;
    IOCanReadHandler *chr_can_read;
    IOReadHandler *chr_read;
    BackendChangeHandler *chr_be_change;
    void *opaque;
    bool fe_open;
};

bool chr_fe_init(CharBackend *be, Chardev *chr, Error **errp);
/* Release the chardev; @del also deletes it (for private chardevs). */
void chr_fe_deinit(CharBackend *be, bool del);
Chardev *chr_fe_get_driver(CharBackend *be);
bool chr_fe_backend_connected(CharBackend *be);
/* Whether the peer is there (a socket with a client, a file). */
bool chr_fe_backend_open(CharBackend *be);

/*
 * Install handlers, calling them from @context (NULL: the main loop).
 * All NULL removes them.  @set_open marks the front end open (or, with
 * all handlers NULL, closed).  Installing handlers on a backend that is
 * already open sends CHR_EVENT_OPENED at once, from the caller's thread.
 * Call it from the main loop, while @context (and the previous context)
 * is not dispatching this chardev's callbacks, or from that context's
 * thread.
 */
void chr_fe_set_handlers(CharBackend *be, IOCanReadHandler *fd_can_read,
                         IOReadHandler *fd_read, IOEventHandler *fd_event,
                         BackendChangeHandler *be_change, void *opaque,
                         GMainContext *context, bool set_open);

/*
 * The front end can take input again after its can_read handler returned
 * 0: input watching resumes (the front end's context is woken).  Safe
 * from any thread.
 */
void chr_fe_accept_input(CharBackend *be);

/* Write what fits now; returns bytes written or -1 (errno). */
int chr_fe_write(CharBackend *be, const uint8_t *buf, int len);
/* Write everything, waiting for room; -1 if the peer is gone. */
int chr_fe_write_all(CharBackend *be, const uint8_t *buf, int len);

/*
 * File descriptors that came with the last read (unix sockets), at most
 * @num of them; the caller owns (and must close) the ones returned.
 * Returns how many were stored in @fds, -1 if the backend cannot pass
 * descriptors.  Unclaimed ones are closed when the next descriptors
 * arrive or the peer goes.  chr_fe_get_msgfd: one descriptor or -1.
 */
int chr_fe_get_msgfd(CharBackend *be);
int chr_fe_get_msgfds(CharBackend *be, int *fds, int num);
/*
 * Send @fds (at most CHARDEV_MAX_MSGFDS; the caller keeps them) with the
 * next write.  Returns 0, or -1 if the backend cannot pass them.
 */
int chr_fe_set_msgfds(CharBackend *be, int *fds, int num);

/* Call @func when the chardev becomes ready for @cond; 0 if unsupported. */
guint chr_fe_add_watch(CharBackend *be, GIOCondition cond, FEWatchFunc func,
                       void *user_data);
void chr_fe_disconnect(CharBackend *be);
int chr_fe_wait_connected(CharBackend *be, Error **errp);
void chr_fe_set_open(CharBackend *be, bool fe_open);

#endif
