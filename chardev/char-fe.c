/*
 * The front-end side of chardevs (see include/chardev/char-fe.h):
 * claiming, handlers and their context, writes under the chardev's
 * write lock, descriptor passing and watches.
 */
#include "util/osdep.h"
#include "chardev/char-fe.h"
#include "chardev/char-io.h"
#include "util/main-loop.h"

/*
 * How long chr_fe_write_all waits for room before trying again anyway
 * (the backend's fd may have been replaced meanwhile, by a reconnect).
 */
#define WRITE_ALL_RETRY_MS 100

bool chr_fe_init(CharBackend *be, Chardev *chr, Error **errp)
{
    if (chr && chr->be) {
        error_setg(errp, "Device '%s' is in use", chr->label);
        return false;
    }
    be->chr_event = NULL;
    be->chr_can_read = NULL;
    be->chr_read = NULL;
    be->chr_be_change = NULL;
    be->opaque = NULL;
    be->fe_open = false;
    be->chr = chr;
    if (chr) {
        chr->be = be;
    }
    return true;
}

void chr_fe_deinit(CharBackend *be, bool del)
{
    Chardev *chr = be->chr;
    Object *obj;

    if (!chr) {
        return;
    }
    chr_fe_set_handlers(be, NULL, NULL, NULL, NULL, NULL, NULL, true);
    if (chr->be == be) {
        chr->be = NULL;
    }
    be->chr = NULL;
    if (del) {
        obj = OBJECT(chr);
        if (obj->parent) {
            object_unparent(obj);
        } else {
            object_unref(obj);
        }
    }
}

Chardev *chr_fe_get_driver(CharBackend *be)
{
    return be->chr;
}

bool chr_fe_backend_connected(CharBackend *be)
{
    return be->chr != NULL;
}

bool chr_fe_backend_open(CharBackend *be)
{
    return be->chr && be->chr->be_open;
}

void chr_fe_set_handlers(CharBackend *be, IOCanReadHandler *fd_can_read,
                         IOReadHandler *fd_read, IOEventHandler *fd_event,
                         BackendChangeHandler *be_change, void *opaque,
                         GMainContext *context, bool set_open)
{
    Chardev *chr = be->chr;
    ChardevClass *cc;
    bool fe_open;

    if (!chr) {
        return;
    }
    cc = CHARDEV_GET_CLASS(chr);
    fe_open = opaque || fd_can_read || fd_read || fd_event || be_change;

    be->chr_can_read = fd_can_read;
    be->chr_read = fd_read;
    be->chr_event = fd_event;
    be->chr_be_change = be_change;
    be->opaque = opaque;

    if (set_open) {
        chr_fe_set_open(be, fe_open);
    }
    /*
     * Joining a backend that is already open: say so now, while the
     * backend's sources still run in the caller's context.  Once they
     * move to @context, that context's thread may accept a peer and
     * announce it too; announcing first means only one thread ever does.
     */
    if (fe_open && chr->be_open) {
        chr_be_event(chr, CHR_EVENT_OPENED);
    }

    /* The main loop's context is the default one: store it as NULL. */
    if (context == main_loop_context()) {
        context = NULL;
    }
    if (chr->gcontext != context) {
        if (chr->gcontext) {
            g_main_context_unref(chr->gcontext);
        }
        chr->gcontext = context ? g_main_context_ref(context) : NULL;
        if (cc->chr_update_read_handler) {
            cc->chr_update_read_handler(chr);
        }
    }
    /* The input watch asks can_read again on the next iteration. */
    g_main_context_wakeup(chr_context(chr));
}

void chr_fe_accept_input(CharBackend *be)
{
    Chardev *chr = be->chr;
    ChardevClass *cc;

    if (!chr) {
        return;
    }
    cc = CHARDEV_GET_CLASS(chr);
    if (cc->chr_accept_input) {
        cc->chr_accept_input(chr);
    }
    g_main_context_wakeup(chr_context(chr));
}

/* One write attempt, EINTR retried; the write lock is held. */
static int chr_write_locked(Chardev *chr, const uint8_t *buf, int len)
{
    ChardevClass *cc = CHARDEV_GET_CLASS(chr);
    int ret;

    do {
        ret = cc->chr_write(chr, buf, len);
    } while (ret < 0 && errno == EINTR);
    if (ret > 0) {
        chardev_write_log(chr, buf, ret);
    }
    return ret;
}

int chr_fe_write(CharBackend *be, const uint8_t *buf, int len)
{
    Chardev *chr = be->chr;
    int ret;

    if (!chr) {
        return 0;
    }
    if (len <= 0) {
        return 0;
    }
    g_mutex_lock(&chr->write_lock);
    ret = chr_write_locked(chr, buf, len);
    g_mutex_unlock(&chr->write_lock);
    return ret;
}

static gboolean write_room_cb(void *unused, GIOCondition cond, void *opaque)
{
    *(bool *)opaque = true;
    return G_SOURCE_REMOVE;
}

static gboolean write_retry_cb(gpointer opaque)
{
    *(bool *)opaque = true;
    return G_SOURCE_REMOVE;
}

/*
 * Block the calling thread until the backend has room (or a while has
 * passed), in a private context so that no other callback runs here.
 */
static void chr_wait_writable(Chardev *chr)
{
    ChardevClass *cc = CHARDEV_GET_CLASS(chr);
    GMainContext *ctx;
    GSource *watch, *timer;
    bool done = false;

    watch = cc->chr_add_watch ? cc->chr_add_watch(chr, G_IO_OUT | G_IO_HUP)
                              : NULL;
    if (!watch) {
        g_usleep(WRITE_ALL_RETRY_MS * 1000);
        return;
    }
    ctx = g_main_context_new();
    g_source_set_callback(watch, (GSourceFunc)(void (*)(void))write_room_cb,
                          &done, NULL);
    g_source_attach(watch, ctx);
    timer = g_timeout_source_new(WRITE_ALL_RETRY_MS);
    g_source_set_callback(timer, write_retry_cb, &done, NULL);
    g_source_attach(timer, ctx);
    while (!done) {
        g_main_context_iteration(ctx, TRUE);
    }
    g_source_destroy(watch);
    g_source_unref(watch);
    g_source_destroy(timer);
    g_source_unref(timer);
    g_main_context_unref(ctx);
}

int chr_fe_write_all(CharBackend *be, const uint8_t *buf, int len)
{
    Chardev *chr = be->chr;
    int done = 0;

    if (!chr) {
        return 0;
    }
    g_mutex_lock(&chr->write_lock);
    while (done < len) {
        int ret = chr_write_locked(chr, buf + done, len - done);

        if (ret < 0 && errno != EAGAIN) {
            done = -1;
            break;
        }
        if (ret <= 0) {
            chr_wait_writable(chr);
            continue;
        }
        done += ret;
    }
    g_mutex_unlock(&chr->write_lock);
    return done;
}

int chr_fe_get_msgfds(CharBackend *be, int *fds, int num)
{
    Chardev *chr = be->chr;
    ChardevClass *cc;

    if (!chr || num < 0) {
        return -1;
    }
    cc = CHARDEV_GET_CLASS(chr);
    return cc->get_msgfds ? cc->get_msgfds(chr, fds, num) : -1;
}

int chr_fe_get_msgfd(CharBackend *be)
{
    int fd;

    return chr_fe_get_msgfds(be, &fd, 1) == 1 ? fd : -1;
}

int chr_fe_set_msgfds(CharBackend *be, int *fds, int num)
{
    Chardev *chr = be->chr;
    ChardevClass *cc;
    int ret;

    if (!chr || num < 0 || num > CHARDEV_MAX_MSGFDS) {
        return -1;
    }
    cc = CHARDEV_GET_CLASS(chr);
    if (!cc->set_msgfds) {
        return -1;
    }
    g_mutex_lock(&chr->write_lock);
    ret = cc->set_msgfds(chr, fds, num);
    g_mutex_unlock(&chr->write_lock);
    return ret;
}

guint chr_fe_add_watch(CharBackend *be, GIOCondition cond, FEWatchFunc func,
                       void *user_data)
{
    Chardev *chr = be->chr;
    ChardevClass *cc;
    GSource *src;
    guint tag;

    if (!chr) {
        return 0;
    }
    cc = CHARDEV_GET_CLASS(chr);
    src = cc->chr_add_watch ? cc->chr_add_watch(chr, cond) : NULL;
    if (!src) {
        return 0;
    }
    g_source_set_callback(src, (GSourceFunc)(void (*)(void))func, user_data,
                          NULL);
    tag = g_source_attach(src, chr_context(chr));
    g_source_unref(src);
    return tag;
}

void chr_fe_disconnect(CharBackend *be)
{
    Chardev *chr = be->chr;

    if (chr && CHARDEV_GET_CLASS(chr)->chr_disconnect) {
        CHARDEV_GET_CLASS(chr)->chr_disconnect(chr);
    }
}

int chr_fe_wait_connected(CharBackend *be, Error **errp)
{
    Chardev *chr = be->chr;

    if (!chr) {
        error_setg(errp, "A character device is required");
        return -1;
    }
    if (!CHARDEV_GET_CLASS(chr)->chr_wait_connected) {
        return 0;
    }
    return CHARDEV_GET_CLASS(chr)->chr_wait_connected(chr, errp);
}

void chr_fe_set_open(CharBackend *be, bool fe_open)
{
    Chardev *chr = be->chr;

    if (!chr || be->fe_open == fe_open) {
        return;
    }
    be->fe_open = fe_open;
    if (CHARDEV_GET_CLASS(chr)->chr_set_fe_open) {
        CHARDEV_GET_CLASS(chr)->chr_set_fe_open(chr, fe_open);
    }
}
