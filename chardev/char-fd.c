/*
 * Chardevs made of an input and an output file descriptor: the abstract
 * "chardev-fd" type, and on top of it the file and pipe backends
 * (stdio is in char-stdio.c).
 */
#include "util/osdep.h"
#include "chardev/char-io.h"
#include "util/module.h"

#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>

/* Mode of files the file backend creates, as qemu creates them. */
#define CHARDEV_FILE_MODE 0666

/* ---------------------------------------------------------------------- */
/* The fd pair */

/*
 * Input ended (EOF or error): stop watching for good, and tell the front
 * end the peer is gone, as qemu does (a qtest or QMP client on stdio that
 * exits ends its session).
 */
static void fd_chr_input_done(Chardev *chr)
{
    FDChardev *s = FD_CHARDEV(chr);

    chr_source_drop(&chr->read_source);
    if (!s->input_done) {
        s->input_done = true;
        chr_be_event(chr, CHR_EVENT_CLOSED);
    }
}

static void fd_chr_read(Chardev *chr, GIOCondition cond)
{
    FDChardev *s = FD_CHARDEV(chr);
    uint8_t buf[CHR_READ_BUF_LEN];
    int len = MIN(chr_be_can_write(chr), (int)sizeof(buf));
    ssize_t n;

    if (len <= 0) {
        /* Nobody reads and the writer is gone: nothing more will come. */
        if (cond & (G_IO_HUP | G_IO_ERR)) {
            fd_chr_input_done(chr);
        }
        return;
    }
    n = read(s->fd_in, buf, len);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
        return;
    }
    if (n <= 0) {
        fd_chr_input_done(chr);
        return;
    }
    chr_be_write(chr, buf, n);
}

static void fd_chr_watch_input(Chardev *chr)
{
    FDChardev *s = FD_CHARDEV(chr);

    chr_source_drop(&chr->read_source);
    if (s->fd_in >= 0 && !s->input_done) {
        chr->read_source = chr_input_source_new(chr, s->fd_in, fd_chr_read);
    }
}

void chardev_fd_attach(Chardev *chr, int fd_in, int fd_out, bool own)
{
    FDChardev *s = FD_CHARDEV(chr);

    struct stat st;

    s->fd_in = fd_in;
    s->fd_out = fd_out;
    s->own_fds = own;
    s->out_is_pipe = fd_out >= 0 && fstat(fd_out, &st) == 0 &&
                     (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode));
    s->input_done = false;
    fd_chr_watch_input(chr);
}

/*
 * write() to a pipe or socket whose reader is gone raises SIGPIPE, which
 * would kill the process: keep it blocked around the write, and take
 * back the one the write raised, leaving EPIPE.
 */
static ssize_t write_nosigpipe(int fd, const uint8_t *buf, int len)
{
    static const struct timespec no_wait = { 0, 0 };
    sigset_t pipe_set, old_set;
    ssize_t n;
    int err;

    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old_set);
    n = write(fd, buf, len);
    err = errno;
    if (n < 0 && err == EPIPE && !sigismember(&old_set, SIGPIPE)) {
        sigtimedwait(&pipe_set, NULL, &no_wait);
    }
    pthread_sigmask(SIG_SETMASK, &old_set, NULL);
    errno = err;
    return n;
}

static int fd_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    FDChardev *s = FD_CHARDEV(chr);

    if (s->fd_out < 0) {
        return len;
    }
    if (s->out_is_pipe) {
        return write_nosigpipe(s->fd_out, buf, len);
    }
    return write(s->fd_out, buf, len);
}

static GSource *fd_chr_add_watch(Chardev *chr, GIOCondition cond)
{
    FDChardev *s = FD_CHARDEV(chr);

    return s->fd_out >= 0 ? chr_fd_watch_new(s->fd_out, cond) : NULL;
}

static void fd_chr_init(Object *obj)
{
    FDChardev *s = FD_CHARDEV(obj);

    s->fd_in = -1;
    s->fd_out = -1;
}

static void fd_chr_finalize(Object *obj)
{
    FDChardev *s = FD_CHARDEV(obj);

    chr_source_drop(&CHARDEV(obj)->read_source);
    if (!s->own_fds) {
        return;
    }
    if (s->fd_in >= 0) {
        close(s->fd_in);
    }
    if (s->fd_out >= 0 && s->fd_out != s->fd_in) {
        close(s->fd_out);
    }
}

static void fd_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->chr_write = fd_chr_write;
    cc->chr_update_read_handler = fd_chr_watch_input;
    cc->chr_add_watch = fd_chr_add_watch;
}

/* ---------------------------------------------------------------------- */
/* file: out=PATH[,append=on], in=PATH */

static const ChardevMember file_members[] = {
    CHARDEV_COMMON_MEMBERS,
    { "in", CHARDEV_MEMBER_STR, false },
    { "out", CHARDEV_MEMBER_STR, true },
    { "append", CHARDEV_MEMBER_BOOL, false },
    { NULL }
};

static QDict *file_chr_parse(const QDict *opts, Error **errp)
{
    const char *path = chardev_opt_str(opts, "path");
    QDict *data;

    if (!path) {
        error_setg(errp, "chardev: file: no filename given");
        return NULL;
    }
    data = qdict_new();
    qdict_put_str(data, "out", path);
    if (chardev_opt_has(opts, "append")) {
        qdict_put_bool(data, "append",
                       chardev_opt_bool(opts, "append", false));
    }
    return data;
}

static void file_chr_open(Chardev *chr, const QDict *data, bool *be_opened,
                          Error **errp)
{
    const char *out = qdict_get_try_str(data, "out");
    const char *in = qdict_get_try_str(data, "in");
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC;
    int fd_in = -1, fd_out;

    flags |= qdict_get_try_bool(data, "append", false) ? O_APPEND : O_TRUNC;
    fd_out = open(out, flags, CHARDEV_FILE_MODE);
    if (fd_out < 0) {
        error_setg_errno(errp, errno, "Could not open '%s'", out);
        return;
    }
    if (in) {
        fd_in = open(in, O_RDONLY | O_CLOEXEC);
        if (fd_in < 0) {
            error_setg_errno(errp, errno, "Could not open '%s'", in);
            close(fd_out);
            return;
        }
    }
    chardev_fd_attach(chr, fd_in, fd_out, true);
}

static void file_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->backend_name = "file";
    cc->members = file_members;
    cc->parse = file_chr_parse;
    cc->open = file_chr_open;
}

/* ---------------------------------------------------------------------- */
/* pipe: PATH.in and PATH.out, or PATH both ways */

static const ChardevMember pipe_members[] = {
    CHARDEV_COMMON_MEMBERS,
    { "device", CHARDEV_MEMBER_STR, true },
    { NULL }
};

static QDict *pipe_chr_parse(const QDict *opts, Error **errp)
{
    const char *path = chardev_opt_str(opts, "path");
    QDict *data;

    if (!path) {
        error_setg(errp, "chardev: pipe: no device path given");
        return NULL;
    }
    data = qdict_new();
    qdict_put_str(data, "device", path);
    return data;
}

/*
 * FIFOs are opened read-write so that opening never blocks waiting for
 * the other side, and non-blocking so that a full FIFO makes writers wait
 * in chr_fe_write_all instead of stalling the loop.
 */
static int pipe_open_one(const char *path)
{
    return open(path, O_RDWR | O_CLOEXEC | O_NONBLOCK);
}

static void pipe_chr_open(Chardev *chr, const QDict *data, bool *be_opened,
                          Error **errp)
{
    const char *dev = qdict_get_try_str(data, "device");
    g_autofree char *in_path = g_strdup_printf("%s.in", dev);
    g_autofree char *out_path = g_strdup_printf("%s.out", dev);
    int fd_in = pipe_open_one(in_path);
    int fd_out = pipe_open_one(out_path);

    if (fd_in < 0 || fd_out < 0) {
        if (fd_in >= 0) {
            close(fd_in);
        }
        if (fd_out >= 0) {
            close(fd_out);
        }
        fd_in = fd_out = pipe_open_one(dev);
        if (fd_in < 0) {
            error_setg_errno(errp, errno, "Could not open '%s'", dev);
            return;
        }
    }
    chardev_fd_attach(chr, fd_in, fd_out, true);
}

static void pipe_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->backend_name = "pipe";
    cc->members = pipe_members;
    cc->parse = pipe_chr_parse;
    cc->open = pipe_chr_open;
}

static const TypeInfo fd_chardev_types[] = {
    {
        .name = TYPE_CHARDEV_FD,
        .parent = TYPE_CHARDEV,
        .instance_size = sizeof(FDChardev),
        .instance_init = fd_chr_init,
        .instance_finalize = fd_chr_finalize,
        .abstract = true,
        .class_init = fd_chr_class_init,
    },
    {
        .name = TYPE_CHARDEV_FILE,
        .parent = TYPE_CHARDEV_FD,
        .class_init = file_chr_class_init,
    },
    {
        .name = TYPE_CHARDEV_PIPE,
        .parent = TYPE_CHARDEV_FD,
        .class_init = pipe_chr_class_init,
    },
};

DEFINE_TYPES(fd_chardev_types)
