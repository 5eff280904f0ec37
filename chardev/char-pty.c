/*
 * The pty chardev: a pseudo-terminal whose slave (/dev/pts/N) a user
 * opens with a terminal program.  The master reports a hang-up while no
 * one has the slave open, so the chardev polls for a user on a timer
 * while there is none, announces CHR_EVENT_OPENED when one appears and
 * CHR_EVENT_CLOSED when they leave, and throws output away meanwhile
 * (as qemu does, so that a guest writing to an unwatched console never
 * blocks).
 */
#include "util/osdep.h"
#include "chardev/char-io.h"
#include "util/module.h"

#include <poll.h>
#include <termios.h>

/* How often to look for a user while the slave is closed. */
#define PTY_POLL_MS 100

typedef struct PtyChardev {
    Chardev parent_obj;
    int master;
    char *slave_path;
    bool connected;
    GSource *poll_timer;    /* while not connected */
} PtyChardev;

#define PTY_CHARDEV(obj) OBJECT_CHECK(PtyChardev, (obj), TYPE_CHARDEV_PTY)

static void pty_update_connected(PtyChardev *s);

/* Whether someone has the slave open: no hang-up on the master. */
static bool pty_slave_open(PtyChardev *s)
{
    struct pollfd pfd = { .fd = s->master, .events = POLLIN };

    if (poll(&pfd, 1, 0) < 0) {
        return false;
    }
    return !(pfd.revents & POLLHUP);
}

static gboolean pty_poll_timer(gpointer opaque)
{
    PtyChardev *s = opaque;

    pty_update_connected(s);
    return G_SOURCE_CONTINUE;
}

static void pty_read(Chardev *chr, GIOCondition cond)
{
    PtyChardev *s = PTY_CHARDEV(chr);
    uint8_t buf[CHR_READ_BUF_LEN];
    int len = MIN(chr_be_can_write(chr), (int)sizeof(buf));
    ssize_t n;

    if (len <= 0) {
        if (cond & (G_IO_HUP | G_IO_ERR)) {
            pty_update_connected(s);
        }
        return;
    }
    n = read(s->master, buf, len);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
        return;
    }
    if (n <= 0) {
        /* EIO: the last user closed the slave. */
        pty_update_connected(s);
        return;
    }
    chr_be_write(chr, buf, n);
}

/* Start watching what suits the current state, in the current context. */
static void pty_watch(PtyChardev *s)
{
    Chardev *chr = CHARDEV(s);

    chr_source_drop(&chr->read_source);
    chr_source_drop(&s->poll_timer);
    if (s->connected) {
        chr->read_source = chr_input_source_new(chr, s->master, pty_read);
    } else {
        s->poll_timer = chr_timer_new(chr, PTY_POLL_MS, pty_poll_timer, s);
    }
}

static void pty_update_connected(PtyChardev *s)
{
    Chardev *chr = CHARDEV(s);
    bool now = pty_slave_open(s);

    if (now == s->connected) {
        return;
    }
    s->connected = now;
    pty_watch(s);
    chr_be_event(chr, now ? CHR_EVENT_OPENED : CHR_EVENT_CLOSED);
}

static void pty_update_read_handler(Chardev *chr)
{
    pty_watch(PTY_CHARDEV(chr));
}

static int pty_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    PtyChardev *s = PTY_CHARDEV(chr);

    /* Nobody listening: drop it (the state is re-read by the timer). */
    if (!s->connected && !pty_slave_open(s)) {
        return len;
    }
    return write(s->master, buf, len);
}

static GSource *pty_chr_add_watch(Chardev *chr, GIOCondition cond)
{
    PtyChardev *s = PTY_CHARDEV(chr);

    return s->connected ? chr_fd_watch_new(s->master, cond) : NULL;
}

/* A terminal that passes bytes through untouched, both ways. */
static void pty_make_raw(int fd)
{
    struct termios tty;

    if (tcgetattr(fd, &tty) == 0) {
        cfmakeraw(&tty);
        tcsetattr(fd, TCSAFLUSH, &tty);
    }
}

static void pty_chr_open(Chardev *chr, const QDict *data, bool *be_opened,
                         Error **errp)
{
    PtyChardev *s = PTY_CHARDEV(chr);
    char name[PATH_MAX];
    int slave;

    s->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (s->master < 0 || grantpt(s->master) < 0 ||
        unlockpt(s->master) < 0 ||
        ptsname_r(s->master, name, sizeof(name)) != 0 ||
        !chr_fd_set_nonblock(s->master)) {
        error_setg_errno(errp, errno, "Failed to create PTY");
        return;
    }
    /*
     * A master whose slave was never opened does not report a hang-up:
     * open the slave once (making it raw on the way) and close it, so
     * that "nobody there" reads the same before the first user as after
     * the last one.
     */
    slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (slave < 0) {
        error_setg_errno(errp, errno, "Failed to open PTY slave '%s'", name);
        return;
    }
    pty_make_raw(slave);
    close(slave);
    s->slave_path = g_strdup(name);
    chardev_set_filename(chr, "pty:%s", name);

    *be_opened = false;
    s->connected = false;
    pty_watch(s);
}

static void pty_add_return(Chardev *chr, QDict *ret)
{
    qdict_put_str(ret, "pty", PTY_CHARDEV(chr)->slave_path);
}

static void pty_chr_init(Object *obj)
{
    PTY_CHARDEV(obj)->master = -1;
}

static void pty_chr_finalize(Object *obj)
{
    PtyChardev *s = PTY_CHARDEV(obj);

    chr_source_drop(&CHARDEV(obj)->read_source);
    chr_source_drop(&s->poll_timer);
    if (s->master >= 0) {
        close(s->master);
    }
    g_free(s->slave_path);
}

static void pty_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->backend_name = "pty";
    cc->open = pty_chr_open;
    cc->chr_write = pty_chr_write;
    cc->chr_update_read_handler = pty_update_read_handler;
    cc->chr_add_watch = pty_chr_add_watch;
    cc->add_return = pty_add_return;
}

static const TypeInfo pty_chardev_types[] = {
    {
        .name = TYPE_CHARDEV_PTY,
        .parent = TYPE_CHARDEV,
        .instance_size = sizeof(PtyChardev),
        .instance_init = pty_chr_init,
        .instance_finalize = pty_chr_finalize,
        .class_init = pty_chr_class_init,
    },
};

DEFINE_TYPES(pty_chardev_types)
