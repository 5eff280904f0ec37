/*
 * The socket chardev: a unix or TCP stream socket, as a server that
 * serves one client at a time (and announces each one coming and going
 * with CHR_EVENT_OPENED/CLOSED) or as a client that may reconnect.
 * Unix sockets carry file descriptors both ways (SCM_RIGHTS).
 *
 * Every watch (listener, input, non-blocking connect, reconnect timer)
 * lives in the front end's context, so the chardev can be served from
 * another thread.  Peers are untrusted: whatever they send, including
 * garbage ancillary data and too many descriptors, costs them their
 * descriptors and nothing else, and one that vanishes mid-write gives
 * an error, never SIGPIPE.
 */
#include "util/osdep.h"
#include "chardev/char-io.h"
#include "util/module.h"
#include "chardev/char-socket.h"
#include "util/error-report.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

/* Back-off before accepting again when out of descriptors. */
#define ACCEPT_RETRY_MS 100

typedef struct SocketChardev {
    Chardev parent_obj;

    ChrSocketAddr addr;
    bool is_listen;
    bool nodelay;
    int64_t reconnect_s;        /* > 0: a client that reconnects */

    /* server */
    int listen_fd;
    char *listen_desc;          /* "unix:PATH" / "tcp:HOST:PORT" bound */
    char *unlink_path;          /* our socket file, removed on close */
    GSource *listen_source;     /* while no client is connected */
    GSource *accept_retry;      /* accept ran out of descriptors */

    /* the connection */
    int fd;                     /* -1: disconnected */
    bool warned_fds;            /* peer sent too many fds (once) */

    /* client: a connection in progress, and the timer before the next */
    GArray *conn_targets;
    guint conn_next;
    int conn_fd;
    GSource *conn_source;
    GSource *reconnect_timer;
    bool connect_err_reported;

    /* descriptors received with the last data, not yet claimed */
    int read_fds[CHARDEV_MAX_MSGFDS];
    int read_nfds;
    /* descriptors to send with the next write (the caller's) */
    int write_fds[CHARDEV_MAX_MSGFDS];
    int write_nfds;
} SocketChardev;

#define SOCKET_CHARDEV(obj) \
    OBJECT_CHECK(SocketChardev, (obj), TYPE_CHARDEV_SOCKET)

static void socket_watch_listener(SocketChardev *s);
static void socket_connect_async(SocketChardev *s);

/* ---------------------------------------------------------------------- */
/* State and its description */

static void socket_set_disconnected_name(SocketChardev *s)
{
    Chardev *chr = CHARDEV(s);

    if (s->is_listen) {
        chardev_set_filename(chr, "disconnected:%s,server=on",
                             s->listen_desc);
    } else {
        g_autofree char *desc = chr_socket_addr_to_str(&s->addr);

        chardev_set_filename(chr, "disconnected:%s", desc);
    }
}

static void socket_close_read_fds(SocketChardev *s)
{
    int i;

    for (i = 0; i < s->read_nfds; i++) {
        close(s->read_fds[i]);
    }
    s->read_nfds = 0;
}

/* Keep @fds (@n of them) as the ones that came with the latest data. */
static void socket_store_read_fds(SocketChardev *s, const int *fds, int n)
{
    socket_close_read_fds(s);
    memcpy(s->read_fds, fds, n * sizeof(int));
    s->read_nfds = n;
}

static void socket_input(Chardev *chr, GIOCondition cond);

static void socket_connected(SocketChardev *s, int fd)
{
    Chardev *chr = CHARDEV(s);
    g_autofree char *name = NULL;

    /* Writers in other threads see the new fd only under the lock. */
    g_mutex_lock(&chr->write_lock);
    s->fd = fd;
    s->write_nfds = 0;
    g_mutex_unlock(&chr->write_lock);
    s->warned_fds = false;
    s->connect_err_reported = false;
    if (!s->addr.is_unix && s->nodelay) {
        static const int on = 1;

        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
    }
    if (!s->addr.is_unix && s->addr.keep_alive) {
        static const int on = 1;

        setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on));
    }
    name = chr_socket_connected_str(fd, s->addr.is_unix, s->is_listen);
    chardev_set_filename(chr, "%s", name);
    /* One client at a time: the next one waits in the backlog. */
    chr_source_drop(&s->listen_source);
    chr_source_drop(&chr->read_source);
    chr->read_source = chr_input_source_new(chr, fd, socket_input);
    chr_be_event(chr, CHR_EVENT_OPENED);
}

static gboolean socket_reconnect_cb(gpointer opaque)
{
    SocketChardev *s = opaque;
    Chardev *chr = CHARDEV(s);

    chr_source_drop(&s->reconnect_timer);
    /* Connecting announces OPENED, which may delete the chardev. */
    object_ref(chr);
    socket_connect_async(s);
    object_unref(chr);
    return G_SOURCE_CONTINUE;
}

static void socket_arm_reconnect(SocketChardev *s)
{
    /* Clamp before multiplying: a huge reconnect= must not wrap to 0
     * and spin the loop. */
    guint ms = s->reconnect_s >= G_MAXUINT / 1000 ? G_MAXUINT
                                                 : s->reconnect_s * 1000;

    chr_source_drop(&s->reconnect_timer);
    s->reconnect_timer = chr_timer_new(CHARDEV(s), ms, socket_reconnect_cb,
                                       s);
}

static void socket_disconnect(SocketChardev *s)
{
    Chardev *chr = CHARDEV(s);

    if (s->fd < 0) {
        return;
    }
    chr_source_drop(&chr->read_source);
    /* No writer may be using the fd (or a reused number) meanwhile. */
    g_mutex_lock(&chr->write_lock);
    close(s->fd);
    s->fd = -1;
    s->write_nfds = 0;
    g_mutex_unlock(&chr->write_lock);
    socket_close_read_fds(s);
    socket_set_disconnected_name(s);
    if (s->is_listen) {
        socket_watch_listener(s);
    } else if (s->reconnect_s > 0) {
        socket_arm_reconnect(s);
    }
    chr_be_event(chr, CHR_EVENT_CLOSED);
}

/* ---------------------------------------------------------------------- */
/* Input */

/* Take the descriptors out of @msg's ancillary data, closing extras. */
static void socket_take_fds(SocketChardev *s, struct msghdr *msg)
{
    int fds[CHARDEV_MAX_MSGFDS];
    int n = 0;
    bool dropped = (msg->msg_flags & MSG_CTRUNC) != 0;
    struct cmsghdr *cmsg;

    for (cmsg = CMSG_FIRSTHDR(msg); cmsg; cmsg = CMSG_NXTHDR(msg, cmsg)) {
        size_t count, i;

        if (cmsg->cmsg_level != SOL_SOCKET ||
            cmsg->cmsg_type != SCM_RIGHTS ||
            cmsg->cmsg_len < CMSG_LEN(0)) {
            /* Credentials and the like carry no descriptors. */
            continue;
        }
        count = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (i = 0; i < count; i++) {
            int fd;

            memcpy(&fd, CMSG_DATA(cmsg) + i * sizeof(int), sizeof(int));
            if (fd < 0) {
                continue;
            }
            if (n < CHARDEV_MAX_MSGFDS) {
                fds[n++] = fd;
            } else {
                close(fd);
                dropped = true;
            }
        }
    }
    if (dropped && !s->warned_fds) {
        warn_report("chardev '%s': peer sent more than %d file descriptors "
                    "in one message; the extra ones were closed",
                    CHARDEV(s)->label, CHARDEV_MAX_MSGFDS);
        s->warned_fds = true;
    }
    if (n > 0) {
        socket_store_read_fds(s, fds, n);
    }
}

static void socket_input(Chardev *chr, GIOCondition cond)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);
    uint8_t buf[CHR_READ_BUF_LEN];
    union {
        struct cmsghdr align;
        char buf[CMSG_SPACE(sizeof(int) * CHARDEV_MAX_MSGFDS)];
    } control;
    struct iovec iov;
    struct msghdr msg = { 0 };
    int len = MIN(chr_be_can_write(chr), (int)sizeof(buf));
    ssize_t n;

    if (s->fd < 0) {
        return;
    }
    if (len <= 0) {
        /* Only a hang-up with nobody reading gets here. */
        if (cond & (G_IO_HUP | G_IO_ERR)) {
            socket_disconnect(s);
        }
        return;
    }
    iov.iov_base = buf;
    iov.iov_len = len;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    if (s->addr.is_unix) {
        msg.msg_control = control.buf;
        msg.msg_controllen = sizeof(control.buf);
    }
    n = recvmsg(s->fd, &msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        return;
    }
    if (msg.msg_controllen > 0 && n >= 0) {
        socket_take_fds(s, &msg);
    }
    if (n <= 0) {
        socket_disconnect(s);
        return;
    }
    chr_be_write(chr, buf, n);
}

/* ---------------------------------------------------------------------- */
/* Output */

static int socket_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);
    union {
        struct cmsghdr align;
        char buf[CMSG_SPACE(sizeof(int) * CHARDEV_MAX_MSGFDS)];
    } control;
    struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
    ssize_t n;

    if (s->fd < 0) {
        /* Nobody there: the data has nowhere to go. */
        errno = EIO;
        return -1;
    }
    if (s->write_nfds > 0) {
        struct cmsghdr *cmsg;
        size_t size = sizeof(int) * s->write_nfds;

        memset(&control, 0, sizeof(control));
        msg.msg_control = control.buf;
        msg.msg_controllen = CMSG_SPACE(size);
        cmsg = CMSG_FIRSTHDR(&msg);
        cmsg->cmsg_level = SOL_SOCKET;
        cmsg->cmsg_type = SCM_RIGHTS;
        cmsg->cmsg_len = CMSG_LEN(size);
        memcpy(CMSG_DATA(cmsg), s->write_fds, size);
    }
    /* MSG_NOSIGNAL: a vanished peer is EPIPE here, not SIGPIPE. */
    n = sendmsg(s->fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
        /* The descriptors went with the first byte. */
        s->write_nfds = 0;
    }
    return n;
}

static int socket_set_msgfds(Chardev *chr, int *fds, int num)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);

    if (!s->addr.is_unix) {
        return num ? -1 : 0;
    }
    if (num < 0 || num > CHARDEV_MAX_MSGFDS) {
        return -1;
    }
    memcpy(s->write_fds, fds, num * sizeof(int));
    s->write_nfds = num;
    return 0;
}

static int socket_get_msgfds(Chardev *chr, int *fds, int num)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);
    int n;

    if (!s->addr.is_unix) {
        return -1;
    }
    n = MIN(num, s->read_nfds);
    memcpy(fds, s->read_fds, n * sizeof(int));
    /* The rest stay for a later call. */
    memmove(s->read_fds, s->read_fds + n, (s->read_nfds - n) * sizeof(int));
    s->read_nfds -= n;
    return n;
}

static GSource *socket_add_watch(Chardev *chr, GIOCondition cond)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);

    return s->fd >= 0 ? chr_fd_watch_new(s->fd, cond) : NULL;
}

/* ---------------------------------------------------------------------- */
/* Server */

static gboolean accept_retry_cb(gpointer opaque)
{
    SocketChardev *s = opaque;

    chr_source_drop(&s->accept_retry);
    if (s->fd < 0) {
        socket_watch_listener(s);
    }
    return G_SOURCE_CONTINUE;
}

/* Accept one client; false if none could be taken now. */
static bool socket_accept_one(SocketChardev *s)
{
    int fd;

    do {
        fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
            errno == ENOMEM) {
            /* The listener stays readable: back off instead of spinning. */
            chr_source_drop(&s->listen_source);
            chr_source_drop(&s->accept_retry);
            s->accept_retry = chr_timer_new(CHARDEV(s), ACCEPT_RETRY_MS,
                                            accept_retry_cb, s);
        }
        return false;
    }
    socket_connected(s, fd);
    return true;
}

static gboolean socket_listen_cb(int fd, GIOCondition cond, gpointer opaque)
{
    SocketChardev *s = opaque;
    Chardev *chr = CHARDEV(s);

    if (s->fd >= 0) {
        return G_SOURCE_CONTINUE;
    }
    /* The OPENED event may make the front end delete the chardev. */
    object_ref(chr);
    socket_accept_one(s);
    object_unref(chr);
    return G_SOURCE_CONTINUE;
}

static void socket_watch_listener(SocketChardev *s)
{
    chr_source_drop(&s->listen_source);
    if (s->listen_fd >= 0 && s->fd < 0 && !s->accept_retry) {
        s->listen_source = chr_watch_new(CHARDEV(s), s->listen_fd, G_IO_IN,
                                         socket_listen_cb, s);
    }
}

/* Block until a client connects (wait=on). */
static bool socket_wait_for_client(SocketChardev *s, Error **errp)
{
    g_autofree char *name = chardev_get_filename(CHARDEV(s));

    info_report("QEMU waiting for connection on: %s", name);
    while (s->fd < 0) {
        struct pollfd pfd = { .fd = s->listen_fd, .events = POLLIN };

        if (poll(&pfd, 1, -1) < 0 && errno != EINTR) {
            error_setg_errno(errp, errno, "Failed to wait for a connection");
            return false;
        }
        if (!socket_accept_one(s) && s->accept_retry) {
            chr_source_drop(&s->accept_retry);
            g_usleep(ACCEPT_RETRY_MS * 1000);
        }
    }
    return true;
}

/* ---------------------------------------------------------------------- */
/* Client: non-blocking connects for reconnect=, with a timer between */

static void socket_connect_cancel(SocketChardev *s)
{
    chr_source_drop(&s->conn_source);
    if (s->conn_fd >= 0) {
        close(s->conn_fd);
        s->conn_fd = -1;
    }
    if (s->conn_targets) {
        g_array_free(s->conn_targets, true);
        s->conn_targets = NULL;
    }
}

static void socket_connect_failed(SocketChardev *s, Error *err)
{
    socket_connect_cancel(s);
    /* Once per outage, or a server that stays away floods the log. */
    if (!s->connect_err_reported) {
        error_report("Unable to connect character device %s: %s",
                     CHARDEV(s)->label, error_get_pretty(err));
        s->connect_err_reported = true;
    }
    error_free(err);
    socket_arm_reconnect(s);
}

static void socket_connect_next(SocketChardev *s, int last_errno);

static gboolean socket_connect_ready(int fd, GIOCondition cond,
                                     gpointer opaque)
{
    SocketChardev *s = opaque;
    Chardev *chr = CHARDEV(s);
    int err = 0;
    socklen_t len = sizeof(err);

    chr_source_drop(&s->conn_source);
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) {
        err = errno;
    }
    if (err) {
        close(fd);
        s->conn_fd = -1;
        socket_connect_next(s, err);
        return G_SOURCE_CONTINUE;
    }
    s->conn_fd = -1;
    socket_connect_cancel(s);
    object_ref(chr);
    socket_connected(s, fd);
    object_unref(chr);
    return G_SOURCE_CONTINUE;
}

/* Try the remaining targets until one connects or is in progress. */
static void socket_connect_next(SocketChardev *s, int last_errno)
{
    Error *err = NULL;
    g_autofree char *name = NULL;

    while (s->conn_next < s->conn_targets->len) {
        ChrSockTarget *t = &g_array_index(s->conn_targets, ChrSockTarget,
                                          s->conn_next++);
        int fd = socket(t->family,
                        SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

        if (fd < 0) {
            last_errno = errno;
            continue;
        }
        if (connect(fd, (struct sockaddr *)&t->ss, t->len) == 0) {
            socket_connect_cancel(s);
            socket_connected(s, fd);
            return;
        }
        if (errno == EINPROGRESS) {
            s->conn_fd = fd;
            s->conn_source = chr_watch_new(CHARDEV(s), fd, G_IO_OUT,
                                           socket_connect_ready, s);
            return;
        }
        last_errno = errno;
        close(fd);
    }
    name = chr_socket_addr_target_str(&s->addr);
    error_setg_errno(&err, last_errno, "Failed to connect to '%s'", name);
    socket_connect_failed(s, err);
}

static void socket_connect_async(SocketChardev *s)
{
    Error *err = NULL;

    socket_connect_cancel(s);
    if (s->fd >= 0) {
        return;
    }
    s->conn_targets = chr_socket_targets(&s->addr, false, &err);
    if (!s->conn_targets) {
        socket_connect_failed(s, err);
        return;
    }
    s->conn_next = 0;
    socket_connect_next(s, ECONNREFUSED);
}

/* ---------------------------------------------------------------------- */
/* Configuration */

static const ChardevMember socket_members[] = {
    CHARDEV_COMMON_MEMBERS,
    { "addr", CHARDEV_MEMBER_DICT, true },
    { "tls-creds", CHARDEV_MEMBER_STR, false },
    { "tls-authz", CHARDEV_MEMBER_STR, false },
    { "server", CHARDEV_MEMBER_BOOL, false },
    { "wait", CHARDEV_MEMBER_BOOL, false },
    { "nodelay", CHARDEV_MEMBER_BOOL, false },
    { "telnet", CHARDEV_MEMBER_BOOL, false },
    { "tn3270", CHARDEV_MEMBER_BOOL, false },
    { "websocket", CHARDEV_MEMBER_BOOL, false },
    { "reconnect", CHARDEV_MEMBER_INT, false },
    { NULL }
};

static bool socket_check(const QDict *data, const char *prefix,
                         Error **errp)
{
    return chr_socket_addr_check(qdict_get_qdict(data, "addr"), prefix,
                                 errp);
}

/* -chardev socket,...: the options into the QMP form. */
static QDict *socket_chr_parse(const QDict *opts, Error **errp)
{
    const char *path = chardev_opt_str(opts, "path");
    const char *host = chardev_opt_str(opts, "host");
    const char *port = chardev_opt_str(opts, "port");
    const char *fd = chardev_opt_str(opts, "fd");
    bool server = chardev_opt_bool(opts, "server", false);
    g_autoptr(QDict) data = qdict_new();
    QDict *addr = qdict_new();
    QDict *addr_data = qdict_new();
    int given;

    qdict_put(addr, "data", addr_data);
    qdict_put(data, "addr", addr);

    /* An empty path (the "unix:" shorthand) counts as none. */
    if (path && !*path) {
        path = NULL;
    }
    given = !!path + !!host + !!fd;
    if (given > 1) {
        error_setg(errp, "None or one of 'path', 'fd' or 'host' option "
                   "required.");
        return NULL;
    }
    if (given == 0) {
        /* With neither, qemu falls back to fd= and fails on it. */
        error_setg(errp, "Unable to parse FD number ");
        return NULL;
    }
    if (fd) {
        error_setg(errp, "chardev: socket: fd= is not supported");
        return NULL;
    }
    if (host && !port) {
        error_setg(errp, "chardev: socket: no port given");
        return NULL;
    }
    if (chardev_opt_has(opts, "delay") && chardev_opt_has(opts, "nodelay")) {
        error_setg(errp, "'delay' and 'nodelay' are mutually exclusive");
        return NULL;
    }

    if (path) {
        qdict_put_str(addr, "type", "unix");
        qdict_put_str(addr_data, "path", path);
        if (chardev_opt_has(opts, "abstract")) {
            qdict_put_bool(addr_data, "abstract",
                           chardev_opt_bool(opts, "abstract", false));
        }
        if (chardev_opt_has(opts, "tight")) {
            qdict_put_bool(addr_data, "tight",
                           chardev_opt_bool(opts, "tight", true));
        }
    } else {
        qdict_put_str(addr, "type", "inet");
        qdict_put_str(addr_data, "host", host);
        qdict_put_str(addr_data, "port", port);
        if (chardev_opt_has(opts, "to")) {
            qdict_put_int(addr_data, "to", chardev_opt_uint(opts, "to", 0));
        }
        if (chardev_opt_has(opts, "ipv4")) {
            qdict_put_bool(addr_data, "ipv4",
                           chardev_opt_bool(opts, "ipv4", false));
        }
        if (chardev_opt_has(opts, "ipv6")) {
            qdict_put_bool(addr_data, "ipv6",
                           chardev_opt_bool(opts, "ipv6", false));
        }
    }

    /* The command line's defaults differ from QMP's: client, and a
     * server waits for its first client. */
    qdict_put_bool(data, "server", server);
    if (chardev_opt_has(opts, "wait")) {
        qdict_put_bool(data, "wait", chardev_opt_bool(opts, "wait", true));
    } else if (server) {
        qdict_put_bool(data, "wait", true);
    }
    if (chardev_opt_has(opts, "nodelay")) {
        qdict_put_bool(data, "nodelay",
                       chardev_opt_bool(opts, "nodelay", false));
    } else if (chardev_opt_has(opts, "delay")) {
        qdict_put_bool(data, "nodelay",
                       !chardev_opt_bool(opts, "delay", true));
    }
    if (chardev_opt_has(opts, "reconnect")) {
        /* qemu reads the number as unsigned and uses it signed. */
        qdict_put_int(data, "reconnect",
                      (int64_t)chardev_opt_uint(opts, "reconnect", 0));
    }
    if (chardev_opt_has(opts, "telnet")) {
        qdict_put_bool(data, "telnet", chardev_opt_bool(opts, "telnet", 0));
    }
    if (chardev_opt_has(opts, "tn3270")) {
        qdict_put_bool(data, "tn3270", chardev_opt_bool(opts, "tn3270", 0));
    }
    if (chardev_opt_has(opts, "websocket")) {
        qdict_put_bool(data, "websocket",
                       chardev_opt_bool(opts, "websocket", false));
    }
    if (chardev_opt_has(opts, "tls-creds")) {
        qdict_put_str(data, "tls-creds", chardev_opt_str(opts, "tls-creds"));
    }
    if (chardev_opt_has(opts, "tls-authz")) {
        qdict_put_str(data, "tls-authz", chardev_opt_str(opts, "tls-authz"));
    }
    return g_steal_pointer(&data);
}

/* Options qemu has and Corvid does not; an error rather than a surprise. */
static bool socket_check_unsupported(const QDict *data, Error **errp)
{
    static const char *const protocols[] = { "telnet", "tn3270",
                                             "websocket" };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(protocols); i++) {
        if (qdict_get_try_bool(data, protocols[i], false)) {
            error_setg(errp, "the %s protocol is not supported",
                       protocols[i]);
            return false;
        }
    }
    if (qdict_haskey(data, "tls-creds") || qdict_haskey(data, "tls-authz")) {
        error_setg(errp, "TLS is not supported");
        return false;
    }
    return true;
}

static void socket_chr_open(Chardev *chr, const QDict *data,
                            bool *be_opened, Error **errp)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);
    bool server = qdict_get_try_bool(data, "server", true);
    bool wait = qdict_get_try_bool(data, "wait", false);

    /* Sockets announce their peer themselves, when there is one. */
    *be_opened = false;

    if (server && qdict_haskey(data, "reconnect")) {
        error_setg(errp, "'reconnect' option is incompatible with socket "
                   "in server listen mode");
        return;
    }
    if (!server && qdict_haskey(data, "wait")) {
        error_setg(errp, "'wait' option is incompatible with socket in "
                   "client connect mode");
        return;
    }
    if (!socket_check_unsupported(data, errp) ||
        !chr_socket_addr_decode(qdict_get_qdict(data, "addr"), &s->addr,
                                errp)) {
        return;
    }
    s->is_listen = server;
    s->nodelay = qdict_get_try_bool(data, "nodelay", false);
    s->reconnect_s = qdict_get_try_int(data, "reconnect", 0);

    if (server) {
        s->listen_fd = chr_socket_listen(&s->addr, &s->listen_desc,
                                         &s->unlink_path, errp);
        if (s->listen_fd < 0) {
            return;
        }
        socket_set_disconnected_name(s);
        if (wait && !socket_wait_for_client(s, errp)) {
            return;
        }
        socket_watch_listener(s);
        return;
    }

    socket_set_disconnected_name(s);
    if (s->reconnect_s > 0) {
        /* Failing to connect now is no error: it will try again. */
        socket_connect_async(s);
        return;
    }
    {
        int fd = chr_socket_connect(&s->addr, errp);

        if (fd >= 0) {
            socket_connected(s, fd);
        }
    }
}

/* ---------------------------------------------------------------------- */
/* Front-end hooks */

static void socket_update_read_handler(Chardev *chr)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);

    if (s->fd >= 0) {
        chr_source_drop(&chr->read_source);
        chr->read_source = chr_input_source_new(chr, s->fd, socket_input);
    }
    if (s->listen_source) {
        socket_watch_listener(s);
    }
    if (s->accept_retry) {
        chr_source_drop(&s->accept_retry);
        s->accept_retry = chr_timer_new(chr, ACCEPT_RETRY_MS,
                                        accept_retry_cb, s);
    }
    if (s->conn_source) {
        chr_source_drop(&s->conn_source);
        s->conn_source = chr_watch_new(chr, s->conn_fd, G_IO_OUT,
                                       socket_connect_ready, s);
    }
    if (s->reconnect_timer) {
        socket_arm_reconnect(s);
    }
}

static void socket_chr_disconnect(Chardev *chr)
{
    socket_disconnect(SOCKET_CHARDEV(chr));
}

static int socket_wait_connected(Chardev *chr, Error **errp)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);
    int fd;

    if (s->fd >= 0) {
        return 0;
    }
    if (s->is_listen) {
        return socket_wait_for_client(s, errp) ? 0 : -1;
    }
    socket_connect_cancel(s);
    chr_source_drop(&s->reconnect_timer);
    fd = chr_socket_connect(&s->addr, errp);
    if (fd < 0) {
        if (s->reconnect_s > 0) {
            socket_arm_reconnect(s);
        }
        return -1;
    }
    socket_connected(s, fd);
    return 0;
}

/* ---------------------------------------------------------------------- */
/* The type */

static void socket_chr_init(Object *obj)
{
    SocketChardev *s = SOCKET_CHARDEV(obj);

    s->fd = -1;
    s->listen_fd = -1;
    s->conn_fd = -1;
}

static void socket_chr_finalize(Object *obj)
{
    SocketChardev *s = SOCKET_CHARDEV(obj);
    Chardev *chr = CHARDEV(obj);

    chr_source_drop(&chr->read_source);
    chr_source_drop(&s->listen_source);
    chr_source_drop(&s->accept_retry);
    chr_source_drop(&s->reconnect_timer);
    socket_connect_cancel(s);
    if (s->fd >= 0) {
        close(s->fd);
    }
    socket_close_read_fds(s);
    if (s->listen_fd >= 0) {
        close(s->listen_fd);
    }
    if (s->unlink_path) {
        struct stat st;

        /* Only if it is still a socket (ours, most likely). */
        if (lstat(s->unlink_path, &st) == 0 && S_ISSOCK(st.st_mode)) {
            unlink(s->unlink_path);
        }
    }
    g_free(s->unlink_path);
    g_free(s->listen_desc);
    chr_socket_addr_clear(&s->addr);
}

static void socket_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->backend_name = "socket";
    cc->members = socket_members;
    cc->check = socket_check;
    cc->parse = socket_chr_parse;
    cc->open = socket_chr_open;
    cc->chr_write = socket_chr_write;
    cc->chr_update_read_handler = socket_update_read_handler;
    cc->chr_add_watch = socket_add_watch;
    cc->get_msgfds = socket_get_msgfds;
    cc->set_msgfds = socket_set_msgfds;
    cc->chr_disconnect = socket_chr_disconnect;
    cc->chr_wait_connected = socket_wait_connected;
}

static const TypeInfo socket_chardev_types[] = {
    {
        .name = TYPE_CHARDEV_SOCKET,
        .parent = TYPE_CHARDEV,
        .instance_size = sizeof(SocketChardev),
        .instance_init = socket_chr_init,
        .instance_finalize = socket_chr_finalize,
        .class_init = socket_chr_class_init,
    },
};

DEFINE_TYPES(socket_chardev_types)
