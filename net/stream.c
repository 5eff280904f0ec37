/*
 * The stream socket back end of -netdev socket,listen=/connect= and
 * -netdev stream: one TCP or unix connection at a time, as a server
 * (accepting) or a client (connecting to each address in turn), carrying
 * frames behind a 4-byte big-endian length.  The option decoding is in
 * net/socket.c; include/net/net-socket.h says what starts at once and
 * what in the background.
 */
#include "util/osdep.h"
#include "util/error.h"
#include "util/main-loop.h"
#include "monitor/qmp.h"
#include "net/net.h"
#include "net/net-socket.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>

/* Bytes a stream back end buffers towards a slow peer before dropping. */
#define NET_STREAM_OUTBUF_MAX   (4 * 1024 * 1024)
#define NET_STREAM_READ_CHUNK   65536
/* qemu listens with a backlog of 0: Linux then queues one more peer. */
#define NET_STREAM_BACKLOG      0
/* What "info network" shows for a stream that could not start. */
#define NET_STREAM_INFO_ERROR   "connection error"
#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP           262
#endif

typedef struct NetStreamState {
    NetClientState nc;
    bool legacy;            /* -netdev socket: no events, "socket: ..." */
    int listen_fd;
    int fd;                 /* the connection, or a connect under way */
    bool connecting;
    GArray *targets;        /* NetSockAddr: where a client may connect */
    guint next_target;
    bool keep_alive;
    int protocol;           /* 0, or IPPROTO_MPTCP */
    char *unix_path;        /* a unix stream: what info and events show */
    char *unlink_path;      /* a server's socket file, removed at cleanup */
    char *connect_desc;     /* socket,connect=: "HOST:PORT" */
    NetFrameReader reader;
    GByteArray *outbuf;
} NetStreamState;

static void net_stream_accept(void *opaque);
static void net_stream_readable(void *opaque);
static void net_stream_writable(void *opaque);
static void net_stream_connect_done(void *opaque);

static void net_stream_close_fd(NetStreamState *s)
{
    if (s->fd >= 0) {
        set_fd_handler(s->fd, NULL, NULL, NULL);
        close(s->fd);
        s->fd = -1;
    }
    s->connecting = false;
}

/* Nothing (more) to try: a client stays idle from now on. */
static void net_stream_failed(NetStreamState *s)
{
    net_stream_close_fd(s);
    /* A refused socket,connect= shows nothing; a stream says so. */
    net_set_info(&s->nc, "%s", s->legacy ? "" : NET_STREAM_INFO_ERROR);
}

static void net_stream_disconnect(NetStreamState *s)
{
    net_stream_close_fd(s);
    g_byte_array_set_size(s->outbuf, 0);
    net_frame_reader_destroy(&s->reader);
    net_frame_reader_init(&s->reader);
    net_set_info(&s->nc, "%s", "");
    if (!s->legacy) {
        QDict *data = qdict_new();

        qdict_put_str(data, "netdev-id", s->nc.name);
        qmp_event_send("NETDEV_STREAM_DISCONNECTED", data);
    }
    /* A server takes the next connection. */
    if (s->listen_fd >= 0) {
        set_fd_handler(s->listen_fd, net_stream_accept, NULL, s);
    }
}

static void net_stream_update_handlers(NetStreamState *s)
{
    if (s->fd >= 0 && !s->connecting) {
        set_fd_handler(s->fd, net_stream_readable,
                       s->outbuf->len ? net_stream_writable : NULL, s);
    }
}

static void net_stream_flush_out(NetStreamState *s)
{
    while (s->fd >= 0 && s->outbuf->len) {
        ssize_t n = send(s->fd, s->outbuf->data, s->outbuf->len,
                         MSG_NOSIGNAL);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            break;
        }
        if (n <= 0) {
            net_stream_disconnect(s);
            return;
        }
        g_byte_array_remove_range(s->outbuf, 0, n);
    }
    net_stream_update_handlers(s);
}

static void net_stream_writable(void *opaque)
{
    net_stream_flush_out(opaque);
}

static void net_stream_frame(void *opaque, const uint8_t *frame, size_t len)
{
    NetStreamState *s = opaque;

    qemu_send_packet(&s->nc, frame, len);
}

static void net_stream_readable(void *opaque)
{
    NetStreamState *s = opaque;
    uint8_t buf[NET_STREAM_READ_CHUNK];
    ssize_t n = recv(s->fd, buf, sizeof(buf), 0);

    if (n < 0 && (errno == EINTR || errno == EAGAIN ||
                  errno == EWOULDBLOCK)) {
        return;
    }
    if (n <= 0) {
        net_stream_disconnect(s);
        return;
    }
    if (!net_frame_reader_feed(&s->reader, buf, n, net_stream_frame, s)) {
        /* A length no frame can have: the stream is out of step. */
        net_stream_disconnect(s);
    }
}

/* The address a stream event and its info string name. */
static QDict *net_stream_event_addr(NetStreamState *s, const NetSockAddr *a)
{
    QDict *d = qdict_new();
    char host[INET6_ADDRSTRLEN];
    int port;

    if (s->unix_path) {
        qdict_put_str(d, "type", "unix");
        qdict_put_str(d, "path", s->unix_path);
        return d;
    }
    net_sockaddr_host_port(a, host, sizeof(host), &port);
    qdict_put_str(d, "type", "inet");
    qdict_put_str(d, "host", host);
    {
        g_autofree char *port_str = g_strdup_printf("%d", port);

        qdict_put_str(d, "port", port_str);
    }
    qdict_put_bool(d, a->ss.ss_family == AF_INET6 ? "ipv6" : "ipv4", true);
    return d;
}

/*
 * @fd is connected.  @peer: the other end (a server's client, a
 * client's server), which the info string and the event show.
 */
static void net_stream_established(NetStreamState *s, int fd,
                                   const NetSockAddr *peer)
{
    char host[INET6_ADDRSTRLEN];
    int port;

    s->fd = fd;
    s->connecting = false;
    net_set_nonblock_cloexec(fd);
    net_stream_update_handlers(s);
    if (s->legacy) {
        if (s->connect_desc) {
            net_set_info(&s->nc, "socket: connect to %s", s->connect_desc);
        } else {
            net_sockaddr_host_port(peer, host, sizeof(host), &port);
            net_set_info(&s->nc, "socket: connection from %s:%d", host,
                         port);
        }
        return;
    }
    if (s->unix_path) {
        net_set_info(&s->nc, "unix:%s", s->unix_path);
    } else {
        net_sockaddr_host_port(peer, host, sizeof(host), &port);
        net_set_info(&s->nc, "tcp:%s:%d", host, port);
    }
    {
        QDict *data = qdict_new();

        qdict_put_str(data, "netdev-id", s->nc.name);
        qdict_put_obj(data, "addr",
                      QOBJECT(net_stream_event_addr(s, peer)));
        qmp_event_send("NETDEV_STREAM_CONNECTED", data);
    }
}

static void net_stream_accept(void *opaque)
{
    NetStreamState *s = opaque;
    NetSockAddr peer;
    int fd;

    peer.len = sizeof(peer.ss);
    fd = accept(s->listen_fd, (struct sockaddr *)&peer.ss, &peer.len);
    if (fd < 0) {
        return;
    }
    if (s->fd >= 0) {
        close(fd);      /* one peer at a time */
        return;
    }
    /* Stop accepting until this connection ends. */
    set_fd_handler(s->listen_fd, NULL, NULL, NULL);
    net_stream_established(s, fd, &peer);
}

/*
 * Start connecting to the next target that takes a connect(); false
 * with errno set when none is left.
 */
static bool net_stream_try_connect(NetStreamState *s)
{
    int err = ECONNREFUSED;

    while (s->next_target < s->targets->len) {
        const NetSockAddr *a = &g_array_index(s->targets, NetSockAddr,
                                              s->next_target++);
        int protocol = a->ss.ss_family == AF_UNIX ? 0 : s->protocol;
        int fd = socket(a->ss.ss_family, SOCK_STREAM, protocol);
        int one = 1;

        if (fd < 0) {
            err = errno;
            continue;
        }
        net_set_nonblock_cloexec(fd);
        if (s->keep_alive) {
            setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
        }
        if (connect(fd, (const struct sockaddr *)&a->ss, a->len) == 0 ||
            errno == EINPROGRESS) {
            /*
             * Even a connect that is done at once finishes from the
             * main loop (the socket is writable), so that the back end
             * exists, and netdev_add has answered, before the event.
             */
            s->fd = fd;
            s->connecting = true;
            set_fd_handler(fd, NULL, net_stream_connect_done, s);
            return true;
        }
        err = errno;
        close(fd);
    }
    errno = err;
    return false;
}

static void net_stream_connect_done(void *opaque)
{
    NetStreamState *s = opaque;
    const NetSockAddr *a = &g_array_index(s->targets, NetSockAddr,
                                          s->next_target - 1);
    int err = 0, fd = s->fd;
    socklen_t len = sizeof(err);

    set_fd_handler(fd, NULL, NULL, NULL);
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) {
        err = errno;
    }
    if (err) {
        net_stream_close_fd(s);
        if (!net_stream_try_connect(s)) {
            net_stream_failed(s);
        }
        return;
    }
    net_stream_established(s, fd, a);
}

static void net_stream_receive_frame(NetStreamState *s, const uint8_t *buf,
                                     size_t size)
{
    uint8_t hdr[4];

    if (s->outbuf->len + size + 4 > NET_STREAM_OUTBUF_MAX) {
        return;
    }
    net_frame_header(hdr, size);
    g_byte_array_append(s->outbuf, hdr, 4);
    g_byte_array_append(s->outbuf, buf, size);
    net_stream_flush_out(s);
}

static ssize_t net_stream_receive(NetClientState *nc, const uint8_t *buf,
                                  size_t size)
{
    NetStreamState *s = (NetStreamState *)nc;

    /* Nobody connected (yet): the frame is dropped, as on a cut wire. */
    if (s->fd >= 0 && !s->connecting) {
        net_stream_receive_frame(s, buf, size);
    }
    return size;
}

static void net_stream_cleanup(NetClientState *nc)
{
    NetStreamState *s = (NetStreamState *)nc;

    net_stream_close_fd(s);
    if (s->listen_fd >= 0) {
        set_fd_handler(s->listen_fd, NULL, NULL, NULL);
        close(s->listen_fd);
    }
    if (s->unlink_path) {
        unlink(s->unlink_path);
    }
    g_free(s->unlink_path);
    g_free(s->unix_path);
    g_free(s->connect_desc);
    if (s->targets) {
        g_array_free(s->targets, true);
    }
    net_frame_reader_destroy(&s->reader);
    g_byte_array_unref(s->outbuf);
}

static const NetClientInfo net_socket_stream_info = {
    .type = "socket",
    .size = sizeof(NetStreamState),
    .receive = net_stream_receive,
    .cleanup = net_stream_cleanup,
};

static const NetClientInfo net_stream_info = {
    .type = "stream",
    .size = sizeof(NetStreamState),
    .receive = net_stream_receive,
    .cleanup = net_stream_cleanup,
};

const NetClientInfo *net_stream_client_info(bool legacy_socket)
{
    return legacy_socket ? &net_socket_stream_info : &net_stream_info;
}

static NetStreamState *net_stream_new(bool legacy, const char *id)
{
    const NetClientInfo *info = net_stream_client_info(legacy);
    NetStreamState *s;

    s = (NetStreamState *)qemu_new_net_client(info, NULL, info->type, id);
    s->nc.is_netdev = true;
    s->legacy = legacy;
    s->fd = -1;
    s->listen_fd = -1;
    s->outbuf = g_byte_array_new();
    s->targets = g_array_new(false, true, sizeof(NetSockAddr));
    net_frame_reader_init(&s->reader);
    return s;
}

/* A listening socket on @a, or -1 with errno set. */
static int net_stream_listen_fd(const NetSockAddr *a, int protocol)
{
    int family = a->ss.ss_family;
    int fd = socket(family, SOCK_STREAM, family == AF_UNIX ? 0 : protocol);
    int one = 1, err;

    if (fd < 0) {
        return -1;
    }
    if (family != AF_UNIX) {
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    } else if (((const struct sockaddr_un *)&a->ss)->sun_path[0]) {
        /* A socket file left behind by an earlier run is replaced. */
        unlink(((const struct sockaddr_un *)&a->ss)->sun_path);
    }
    if (bind(fd, (const struct sockaddr *)&a->ss, a->len) < 0 ||
        listen(fd, NET_STREAM_BACKLOG) < 0) {
        err = errno;
        close(fd);
        errno = err;
        return -1;
    }
    net_set_nonblock_cloexec(fd);
    return fd;
}

static void net_stream_listening(NetStreamState *s, int fd,
                                 const NetSockAddr *a)
{
    const struct sockaddr_un *sun = (const struct sockaddr_un *)&a->ss;

    s->listen_fd = fd;
    set_fd_handler(fd, net_stream_accept, NULL, s);
    if (a->ss.ss_family == AF_UNIX && sun->sun_path[0]) {
        s->unlink_path = g_strdup(sun->sun_path);
    }
}

/*
 * -netdev stream: listen on the first of s->targets that works, or
 * start connecting to them in turn.  Failures are not errors: the back
 * end shows "connection error", as qemu's does.
 */
static void net_stream_start(NetStreamState *s, bool server)
{
    guint i;

    if (!server) {
        if (!net_stream_try_connect(s)) {
            net_stream_failed(s);
        }
        return;
    }
    for (i = 0; i < s->targets->len; i++) {
        const NetSockAddr *a = &g_array_index(s->targets, NetSockAddr, i);
        int fd = net_stream_listen_fd(a, s->protocol);

        if (fd >= 0) {
            net_stream_listening(s, fd, a);
            return;
        }
    }
    net_stream_failed(s);
}

/* -netdev socket,listen=/connect=: errors that qemu reports at once. */
static bool net_stream_open_legacy(const char *id, const NetSockAddr *addr,
                                   bool server, Error **errp)
{
    NetStreamState *s;
    char desc[128];
    int fd;

    if (server) {
        fd = net_stream_listen_fd(addr, 0);
        if (fd < 0) {
            error_setg_errno(errp, errno, "can't bind ip=%s to socket",
                             net_sockaddr_host(addr, desc, sizeof(desc)));
            return false;
        }
        s = net_stream_new(true, id);
        net_stream_listening(s, fd, addr);
        return true;
    }
    s = net_stream_new(true, id);
    g_array_append_val(s->targets, *addr);
    s->connect_desc = g_strdup(net_sockaddr_str(addr, desc, sizeof(desc)));
    if (!net_stream_try_connect(s)) {
        /* Refused later is quiet; failing now (no route) is an error. */
        error_setg_errno(errp, errno, "can't connect socket");
        qemu_del_net_client(&s->nc);
        return false;
    }
    return true;
}

bool net_stream_open(const NetClientInfo *info, const char *id,
                     const NetSockAddr *addr, bool server, Error **errp)
{
    NetStreamState *s;
    char desc[128];
    int fd = -1;

    if (info == &net_socket_stream_info) {
        return net_stream_open_legacy(id, addr, server, errp);
    }
    /*
     * Transitional: callers of this function still treat a stream server
     * that cannot bind as an error; net_stream_init() does not.
     */
    if (server) {
        fd = net_stream_listen_fd(addr, 0);
        if (fd < 0) {
            error_setg_errno(errp, errno, "can't bind %s to socket",
                             net_sockaddr_str(addr, desc, sizeof(desc)));
            return false;
        }
    }
    s = net_stream_new(false, id);
    g_array_append_val(s->targets, *addr);
    if (addr->ss.ss_family == AF_UNIX) {
        s->unix_path = g_strdup(net_unix_path(addr));
    }
    if (server) {
        net_stream_listening(s, fd, addr);
    } else {
        net_stream_start(s, false);
    }
    return true;
}

void net_stream_start_targets(const char *id, const GArray *targets,
                              const char *unix_path, bool keep_alive,
                              bool mptcp, bool server)
{
    NetStreamState *s = net_stream_new(false, id);

    g_array_append_vals(s->targets, targets->data, targets->len);
    s->unix_path = g_strdup(unix_path);
    s->keep_alive = keep_alive;
    s->protocol = mptcp ? IPPROTO_MPTCP : 0;
    net_stream_start(s, server);
}
