/*
 * Socket back ends: stream sockets carrying frames with a 4-byte
 * big-endian length header (-netdev socket,listen=/connect= and
 * -netdev stream) and datagram sockets carrying one frame per datagram
 * (-netdev socket,udp=/mcast= and -netdev dgram), with their option
 * decoding.  See include/net/net-socket.h for what starts at once and
 * what in the background.
 */
#include "util/osdep.h"
#include "util/error.h"
#include "util/cutils.h"
#include "util/main-loop.h"
#include "monitor/qmp.h"
#include "net/net.h"
#include "net/net-socket.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <netdb.h>

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

/* ------------------------------------------------------------------ */
/* Addresses */

bool net_parse_ipv4(const char *host, const char *port, NetSockAddr *out,
                    Error **errp)
{
    struct sockaddr_in *sin = (struct sockaddr_in *)&out->ss;
    char *end;
    long p;

    memset(out, 0, sizeof(*out));
    sin->sin_family = AF_INET;
    out->len = sizeof(*sin);
    if (!*host) {
        sin->sin_addr.s_addr = htonl(INADDR_ANY);
    } else if (!inet_aton(host, &sin->sin_addr)) {
        struct addrinfo hints = { .ai_family = AF_INET };
        struct addrinfo *res = NULL;

        if (getaddrinfo(host, NULL, &hints, &res) || !res) {
            error_setg(errp, "can't resolve host address '%s'", host);
            return false;
        }
        sin->sin_addr = ((struct sockaddr_in *)res->ai_addr)->sin_addr;
        freeaddrinfo(res);
    }
    errno = 0;
    p = strtol(port, &end, 0);
    if (end == port || errno) {
        error_setg(errp, "port number '%s' is invalid", port);
        return false;
    }
    /* qemu keeps the low 16 bits: 65536 is port 0, -1 is 65535. */
    sin->sin_port = htons((uint16_t)p);
    return true;
}

bool net_parse_host_port(const char *str, NetSockAddr *out, Error **errp)
{
    const char *colon = strchr(str, ':');
    g_autofree char *host = NULL;

    if (!colon) {
        error_setg(errp, "host address '%s' doesn't contain ':' "
                   "separating host from port", str);
        return false;
    }
    host = g_strndup(str, colon - str);
    return net_parse_ipv4(host, colon + 1, out, errp);
}

bool net_parse_unix_path(const char *path, NetSockAddr *out, Error **errp)
{
    struct sockaddr_un *sun = (struct sockaddr_un *)&out->ss;

    memset(out, 0, sizeof(*out));
    if (strlen(path) >= sizeof(sun->sun_path)) {
        error_setg(errp, "UNIX socket path '%s' is too long", path);
        return false;
    }
    sun->sun_family = AF_UNIX;
    strcpy(sun->sun_path, path);
    out->len = sizeof(*sun);
    return true;
}

/* The numeric host and port of an inet address. */
static void net_sockaddr_host_port(const NetSockAddr *a, char *host,
                                   size_t host_size, int *port)
{
    if (a->ss.ss_family == AF_INET6) {
        const struct sockaddr_in6 *sin6 =
            (const struct sockaddr_in6 *)&a->ss;

        inet_ntop(AF_INET6, &sin6->sin6_addr, host, host_size);
        *port = ntohs(sin6->sin6_port);
    } else {
        const struct sockaddr_in *sin = (const struct sockaddr_in *)&a->ss;

        inet_ntop(AF_INET, &sin->sin_addr, host, host_size);
        *port = ntohs(sin->sin_port);
    }
}

/* An abstract unix address starts with a NUL; show it without. */
static const char *net_unix_path(const NetSockAddr *a)
{
    const struct sockaddr_un *sun = (const struct sockaddr_un *)&a->ss;

    return sun->sun_path[0] ? sun->sun_path : sun->sun_path + 1;
}

const char *net_sockaddr_str(const NetSockAddr *a, char *buf, size_t size)
{
    char host[INET6_ADDRSTRLEN];
    int port;

    if (a->ss.ss_family == AF_UNIX) {
        snprintf(buf, size, "%s", net_unix_path(a));
    } else {
        net_sockaddr_host_port(a, host, sizeof(host), &port);
        snprintf(buf, size, "%s:%d", host, port);
    }
    return buf;
}

/* The host part alone, as qemu's bind errors name it. */
static const char *net_sockaddr_host(const NetSockAddr *a, char *buf,
                                     size_t size)
{
    int port;

    net_sockaddr_host_port(a, buf, size, &port);
    return buf;
}

static bool net_is_multicast(const NetSockAddr *a)
{
    const struct sockaddr_in *sin = (const struct sockaddr_in *)&a->ss;

    return a->ss.ss_family == AF_INET &&
           IN_MULTICAST(ntohl(sin->sin_addr.s_addr));
}

/* ------------------------------------------------------------------ */
/* Stream back ends */

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

static void set_nonblock_cloexec(int fd)
{
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
}

static void G_GNUC_PRINTF(2, 3)
net_set_info(NetClientState *nc, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(nc->info_str, sizeof(nc->info_str), fmt, ap);
    va_end(ap);
}

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
    set_nonblock_cloexec(fd);
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
        set_nonblock_cloexec(fd);
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
    set_nonblock_cloexec(fd);
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

/* ------------------------------------------------------------------ */
/* Datagram back ends */

typedef struct NetDgramState {
    NetClientState nc;
    int fd;
    NetSockAddr dest;
    bool only_from_dest;    /* socket,udp=: frames from elsewhere dropped */
    uint8_t *buf;
} NetDgramState;

static bool net_sockaddr_equal(const NetSockAddr *a, const NetSockAddr *b)
{
    const struct sockaddr_in *x = (const struct sockaddr_in *)&a->ss;
    const struct sockaddr_in *y = (const struct sockaddr_in *)&b->ss;

    return a->ss.ss_family == AF_INET && b->ss.ss_family == AF_INET &&
           x->sin_addr.s_addr == y->sin_addr.s_addr &&
           x->sin_port == y->sin_port;
}

static void net_dgram_readable(void *opaque)
{
    NetDgramState *s = opaque;
    NetSockAddr from;
    ssize_t n;

    from.len = sizeof(from.ss);
    n = recvfrom(s->fd, s->buf, NET_BUFSIZE, 0,
                 (struct sockaddr *)&from.ss, &from.len);
    if (n <= 0) {
        return;
    }
    if (s->only_from_dest && !net_sockaddr_equal(&from, &s->dest)) {
        return;
    }
    qemu_send_packet(&s->nc, s->buf, n);
}

static ssize_t net_dgram_receive(NetClientState *nc, const uint8_t *buf,
                                 size_t size)
{
    NetDgramState *s = (NetDgramState *)nc;

    /* Datagrams that cannot go now are lost, as on a real wire. */
    sendto(s->fd, buf, size, MSG_NOSIGNAL,
           (const struct sockaddr *)&s->dest.ss, s->dest.len);
    return size;
}

static void net_dgram_cleanup(NetClientState *nc)
{
    NetDgramState *s = (NetDgramState *)nc;

    set_fd_handler(s->fd, NULL, NULL, NULL);
    close(s->fd);
    g_free(s->buf);
}

static const NetClientInfo net_socket_dgram_info = {
    .type = "socket",
    .size = sizeof(NetDgramState),
    .receive = net_dgram_receive,
    .cleanup = net_dgram_cleanup,
};

static const NetClientInfo net_dgram_info = {
    .type = "dgram",
    .size = sizeof(NetDgramState),
    .receive = net_dgram_receive,
    .cleanup = net_dgram_cleanup,
};

static NetDgramState *net_dgram_new(bool legacy, const char *id, int fd,
                                    const NetSockAddr *dest)
{
    const NetClientInfo *info = legacy ? &net_socket_dgram_info
                                       : &net_dgram_info;
    NetDgramState *s;

    set_nonblock_cloexec(fd);
    s = (NetDgramState *)qemu_new_net_client(info, NULL, info->type, id);
    s->nc.is_netdev = true;
    s->fd = fd;
    s->dest = *dest;
    s->buf = g_malloc(NET_BUFSIZE);
    set_fd_handler(fd, net_dgram_readable, NULL, s);
    return s;
}

/*
 * A socket bound to @group's address and port, a member of the group
 * on interface @iface (any: the default), whose own datagrams loop back
 * so that instances on one host hear each other.
 */
static int net_dgram_mcast_fd(const NetSockAddr *group, struct in_addr iface,
                              Error **errp)
{
    const struct sockaddr_in *grp = (const struct sockaddr_in *)&group->ss;
    struct ip_mreq mreq = { .imr_multiaddr = grp->sin_addr,
                            .imr_interface = iface };
    unsigned char loop = 1;
    char host[INET6_ADDRSTRLEN];
    int one = 1, fd;

    if (!net_is_multicast(group)) {
        error_setg(errp, "specified mcastaddr %s (0x%08x) does not "
                   "contain a multicast address",
                   net_sockaddr_host(group, host, sizeof(host)),
                   ntohl(grp->sin_addr.s_addr));
        return -1;
    }
    fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) {
        error_setg_errno(errp, errno, "can't create datagram socket");
        return -1;
    }
    /* Every instance on the host binds the same group and port. */
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, (const struct sockaddr *)&group->ss, group->len) < 0) {
        error_setg_errno(errp, errno, "can't bind ip=%s to socket",
                         net_sockaddr_host(group, host, sizeof(host)));
        close(fd);
        return -1;
    }
    if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq,
                   sizeof(mreq)) < 0) {
        error_setg_errno(errp, errno, "can't add socket to multicast "
                         "group %s",
                         net_sockaddr_host(group, host, sizeof(host)));
        close(fd);
        return -1;
    }
    if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &loop,
                   sizeof(loop)) < 0) {
        error_setg_errno(errp, errno, "can't force multicast message "
                         "loopback");
        close(fd);
        return -1;
    }
    if (iface.s_addr != htonl(INADDR_ANY) &&
        setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &iface,
                   sizeof(iface)) < 0) {
        error_setg_errno(errp, errno, "can't set the default network send "
                         "interface");
        close(fd);
        return -1;
    }
    return fd;
}

static bool net_dgram_open_mcast(bool legacy, const char *id,
                                 const NetSockAddr *group,
                                 struct in_addr iface, Error **errp)
{
    int fd = net_dgram_mcast_fd(group, iface, errp);
    NetDgramState *s;
    char desc[128];

    if (fd < 0) {
        return false;
    }
    s = net_dgram_new(legacy, id, fd, group);
    net_sockaddr_str(group, desc, sizeof(desc));
    net_set_info(&s->nc, legacy ? "socket: mcast=%s" : "mcast=%s", desc);
    return true;
}

/* A datagram socket bound to @local, or -1. */
static int net_dgram_bound_fd(const NetSockAddr *local, Error **errp)
{
    int family = local->ss.ss_family;
    int fd = socket(family, SOCK_DGRAM, 0);
    char desc[128];
    int one = 1;

    if (fd < 0) {
        error_setg_errno(errp, errno, "can't create datagram socket");
        return -1;
    }
    if (family == AF_UNIX) {
        unlink(((const struct sockaddr_un *)&local->ss)->sun_path);
    } else {
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    }
    if (bind(fd, (const struct sockaddr *)&local->ss, local->len) < 0) {
        if (family == AF_UNIX) {
            error_setg_errno(errp, errno, "can't bind unix=%s to socket",
                             net_unix_path(local));
        } else {
            error_setg_errno(errp, errno, "can't bind ip=%s to socket",
                             net_sockaddr_host(local, desc, sizeof(desc)));
        }
        close(fd);
        return -1;
    }
    return fd;
}

/* udp=/dgram between @local and @remote (unicast, same family). */
static bool net_dgram_open_udp(bool legacy, const char *id,
                               const NetSockAddr *local,
                               const NetSockAddr *remote, Error **errp)
{
    int fd = net_dgram_bound_fd(local, errp);
    char l[128], r[128];
    NetDgramState *s;

    if (fd < 0) {
        return false;
    }
    s = net_dgram_new(legacy, id, fd, remote);
    net_sockaddr_str(local, l, sizeof(l));
    net_sockaddr_str(remote, r, sizeof(r));
    if (legacy) {
        s->only_from_dest = true;
        net_set_info(&s->nc, "socket: udp=%s", r);
    } else if (local->ss.ss_family == AF_UNIX) {
        net_set_info(&s->nc, "udp=%s:%s", l, r);
    } else {
        net_set_info(&s->nc, "udp=%s/%s", l, r);
    }
    return true;
}

bool net_dgram_open(bool legacy_socket, const char *id,
                    const NetSockAddr *local, const NetSockAddr *remote,
                    const NetSockAddr *mcast_if, Error **errp)
{
    struct in_addr any = { .s_addr = htonl(INADDR_ANY) };

    if (legacy_socket && mcast_if) {
        return net_dgram_open_mcast(true, id, remote,
            ((const struct sockaddr_in *)&mcast_if->ss)->sin_addr, errp);
    }
    if (!remote) {
        error_setg(errp, "type=inet or type=unix requires remote parameter");
        return false;
    }
    if (!legacy_socket && net_is_multicast(remote)) {
        if (local && local->ss.ss_family != AF_INET) {
            error_setg(errp, "only support inet or fd type for local");
            return false;
        }
        return net_dgram_open_mcast(false, id, remote, local ?
            ((const struct sockaddr_in *)&local->ss)->sin_addr : any, errp);
    }
    if (!local) {
        error_setg(errp, "dgram requires local= parameter");
        return false;
    }
    if (local->ss.ss_family != remote->ss.ss_family) {
        error_setg(errp, "remote and local types must be the same");
        return false;
    }
    return net_dgram_open_udp(legacy_socket, id, local, remote, errp);
}

/* ------------------------------------------------------------------ */
/* Options */

/* -netdev socket: localaddr= of mcast= is an address alone. */
static bool net_parse_mcast_iface(const char *str, struct in_addr *out,
                                  Error **errp)
{
    if (!inet_aton(str, out)) {
        error_setg(errp, "localaddr '%s' is not a valid IPv4 address", str);
        return false;
    }
    return true;
}

bool net_socket_init(const QDict *opts, const char *id, Error **errp)
{
    const char *listen_s = net_opt_str(opts, "listen");
    const char *connect_s = net_opt_str(opts, "connect");
    const char *mcast = net_opt_str(opts, "mcast");
    const char *udp = net_opt_str(opts, "udp");
    const char *localaddr = net_opt_str(opts, "localaddr");
    static const char *const keys[] = {
        "fd", "listen", "connect", "mcast", "udp", "localaddr"
    };
    NetSockAddr a, local;
    struct in_addr iface = { .s_addr = htonl(INADDR_ANY) };
    size_t i;

    /* All of them are strings (QMP may send other types). */
    for (i = 0; i < G_N_ELEMENTS(keys); i++) {
        if (qdict_haskey(opts, keys[i]) &&
            !qdict_get_try_str(opts, keys[i])) {
            error_setg(errp, "Invalid parameter type for '%s', expected: "
                       "string", keys[i]);
            return false;
        }
    }
    if (qdict_haskey(opts, "fd") + !!listen_s + !!connect_s + !!mcast +
        !!udp != 1) {
        error_setg(errp, "exactly one of listen=, connect=, mcast= or udp= "
                   "is required");
        return false;
    }
    if (localaddr && !mcast && !udp) {
        error_setg(errp, "localaddr= is only valid with mcast= or udp=");
        return false;
    }
    if (qdict_haskey(opts, "fd")) {
        error_setg(errp, "fd= is not supported by Corvid; use listen=, "
                   "connect=, mcast= or udp=");
        return false;
    }
    if (listen_s || connect_s) {
        return net_parse_host_port(listen_s ? listen_s : connect_s, &a,
                                   errp) &&
               net_stream_open_legacy(id, &a, !!listen_s, errp);
    }
    if (udp) {
        if (!localaddr) {
            error_setg(errp, "localaddr= is mandatory with udp=");
            return false;
        }
        /* qemu reads localaddr= first. */
        return net_parse_host_port(localaddr, &local, errp) &&
               net_parse_host_port(udp, &a, errp) &&
               net_dgram_open_udp(true, id, &local, &a, errp);
    }
    return net_parse_host_port(mcast, &a, errp) &&
           (!localaddr || net_parse_mcast_iface(localaddr, &iface, errp)) &&
           net_dgram_open_mcast(true, id, &a, iface, errp);
}

/* A SocketAddress (addr=, local=, remote=) as the options give it. */
typedef struct NetSockSpec {
    bool is_unix;
    const char *host, *port;        /* inet */
    bool numeric, has_ipv4, ipv4, has_ipv6, ipv6, keep_alive, mptcp;
    bool has_to;
    uint16_t to;
    const char *path;               /* unix */
    bool abstract, tight;
} NetSockSpec;

/* @key.@member: a string (required or not). */
static bool net_spec_str(const QDict *d, const char *key, const char *member,
                         bool required, const char **out, Error **errp)
{
    QObject *o = qdict_get(d, member);

    *out = NULL;
    if (!o) {
        if (required) {
            error_setg(errp, "Parameter '%s.%s' is missing", key, member);
            return false;
        }
        return true;
    }
    *out = qdict_get_try_str(d, member);
    if (!*out) {
        error_setg(errp, "Invalid parameter type for '%s.%s', expected: "
                   "string", key, member);
        return false;
    }
    return true;
}

/* @key.@member: a boolean (QMP) or on/off (the command line). */
static bool net_spec_bool(const QDict *d, const char *key, const char *member,
                          bool def, bool *has, bool *out, Error **errp)
{
    QObject *o = qdict_get(d, member);
    const char *s;

    *out = def;
    if (has) {
        *has = !!o;
    }
    if (!o) {
        return true;
    }
    if (qobject_type(o) == QTYPE_QBOOL) {
        *out = qbool_get_bool(qobject_to(QBool, o));
        return true;
    }
    s = qdict_get_try_str(d, member);
    if (!s) {
        error_setg(errp, "Invalid parameter type for '%s.%s', expected: "
                   "boolean", key, member);
        return false;
    }
    if (!strcmp(s, "on") || !strcmp(s, "yes") || !strcmp(s, "true")) {
        *out = true;
    } else if (!strcmp(s, "off") || !strcmp(s, "no") ||
               !strcmp(s, "false")) {
        *out = false;
    } else {
        error_setg(errp, "Parameter '%s.%s' expects 'on' or 'off'", key,
                   member);
        return false;
    }
    return true;
}

/* @key.to: the last port a server may try. */
static bool net_spec_to(const QDict *d, const char *key, NetSockSpec *spec,
                        Error **errp)
{
    QObject *o = qdict_get(d, "to");
    const char *s = qdict_get_try_str(d, "to");
    int64_t v;

    spec->has_to = !!o;
    if (!o) {
        return true;
    }
    if (s) {
        if (parse_int64(s, &v) < 0) {
            error_setg(errp, "Parameter '%s.to' expects integer", key);
            return false;
        }
    } else if (qobject_type(o) != QTYPE_QNUM ||
               !qnum_get_try_int(qobject_to(QNum, o), &v)) {
        error_setg(errp, "Invalid parameter type for '%s.to', expected: "
                   "integer", key);
        return false;
    }
    if (v < 0 || v > UINT16_MAX) {
        error_setg(errp, "Parameter 'to' expects uint16_t");
        return false;
    }
    spec->to = v;
    return true;
}

/*
 * Members of @d outside @members ("Parameter '@prefix.KEY' is
 * unexpected"; no prefix at the top level), which qemu reports once
 * the rest is decoded.
 */
static bool net_check_keys(const QDict *d, const char *prefix,
                           const char *const *members, Error **errp)
{
    const QDictEntry *e;

    for (e = qdict_first(d); e; e = qdict_next(d, e)) {
        const char *k = qdict_entry_key(e);
        const char *const *m;

        for (m = members; *m && strcmp(*m, k); m++) {
            continue;
        }
        if (!*m) {
            error_setg(errp, "Parameter '%s%s%s' is unexpected",
                       prefix ? prefix : "", prefix ? "." : "", k);
            return false;
        }
    }
    return true;
}

/*
 * Decode @opts' @key, which is present.  The errors and their order
 * are qemu's: the type, each member in turn, then unknown members.
 */
static bool net_decode_spec(const QDict *opts, const char *key,
                            NetSockSpec *spec, Error **errp)
{
    static const char *const inet_members[] = {
        "type", "host", "port", "numeric", "to", "ipv4", "ipv6",
        "keep-alive", "mptcp", NULL
    };
    static const char *const unix_members[] = {
        "type", "path", "abstract", "tight", NULL
    };
    QObject *o = qdict_get(opts, key);
    QDict *d = qobject_to(QDict, o);
    const char *type;

    memset(spec, 0, sizeof(*spec));
    if (!d) {
        error_setg(errp, "Invalid parameter type for '%s', expected: object",
                   key);
        return false;
    }
    if (!net_spec_str(d, key, "type", true, &type, errp)) {
        return false;
    }
    if (!strcmp(type, "inet")) {
        return net_spec_str(d, key, "host", true, &spec->host, errp) &&
               net_spec_str(d, key, "port", true, &spec->port, errp) &&
               net_spec_bool(d, key, "numeric", false, NULL, &spec->numeric,
                             errp) &&
               net_spec_to(d, key, spec, errp) &&
               net_spec_bool(d, key, "ipv4", false, &spec->has_ipv4,
                             &spec->ipv4, errp) &&
               net_spec_bool(d, key, "ipv6", false, &spec->has_ipv6,
                             &spec->ipv6, errp) &&
               net_spec_bool(d, key, "keep-alive", false, NULL,
                             &spec->keep_alive, errp) &&
               net_spec_bool(d, key, "mptcp", false, NULL, &spec->mptcp,
                             errp) &&
               net_check_keys(d, key, inet_members, errp);
    }
    if (!strcmp(type, "unix")) {
        spec->is_unix = true;
        return net_spec_str(d, key, "path", true, &spec->path, errp) &&
               net_spec_bool(d, key, "abstract", false, NULL,
                             &spec->abstract, errp) &&
               net_spec_bool(d, key, "tight", true, NULL, &spec->tight,
                             errp) &&
               net_check_keys(d, key, unix_members, errp);
    }
    if (!strcmp(type, "fd") || !strcmp(type, "vsock")) {
        error_setg(errp, "Corvid does not support %s.type=%s", key, type);
        return false;
    }
    error_setg(errp, "Parameter 'type' does not accept value '%s'", type);
    return false;
}

/* The family ipv4=/ipv6= allow (AF_UNSPEC: both). */
static int net_spec_family(const NetSockSpec *spec)
{
    bool v4 = spec->has_ipv4 ? spec->ipv4 : !(spec->has_ipv6 && spec->ipv6);
    bool v6 = spec->has_ipv6 ? spec->ipv6 : !(spec->has_ipv4 && spec->ipv4);

    if (v4 && !v6) {
        return AF_INET;
    }
    if (v6 && !v4) {
        return AF_INET6;
    }
    return AF_UNSPEC;
}

/*
 * The addresses a stream may use, into s->targets: none when the spec
 * does not resolve (the stream then shows "connection error").
 */
static void net_stream_resolve(NetStreamState *s, const NetSockSpec *spec,
                               bool server)
{
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM };
    struct addrinfo *res = NULL, *ai;
    unsigned first = 0, last = 0, port;
    uint64_t p;
    NetSockAddr a;

    if (spec->is_unix) {
        struct sockaddr_un *sun = (struct sockaddr_un *)&a.ss;
        size_t len = strlen(spec->path);

        s->unix_path = g_strdup(spec->path);
        memset(&a, 0, sizeof(a));
        sun->sun_family = AF_UNIX;
        if (len + spec->abstract >= sizeof(sun->sun_path)) {
            return;
        }
        memcpy(sun->sun_path + spec->abstract, spec->path, len);
        a.len = sizeof(*sun);
        if (spec->abstract && spec->tight) {
            /* A tight abstract name is as long as its text. */
            a.len = offsetof(struct sockaddr_un, sun_path) + 1 + len;
        }
        g_array_append_val(s->targets, a);
        return;
    }
    hints.ai_family = net_spec_family(spec);
    hints.ai_flags = (server ? AI_PASSIVE : 0) |
                     (spec->numeric ? AI_NUMERICHOST : 0);
    if (server && spec->has_to) {
        /* A port range: numbers only. */
        if (parse_uint64(spec->port, &p) < 0 || p > UINT16_MAX) {
            return;
        }
        first = p;
        last = spec->to;
    }
    /* A server's empty host is any IPv4 address, as in qemu. */
    if (server && !*spec->host && hints.ai_family == AF_UNSPEC) {
        hints.ai_family = AF_INET;
    }
    if (getaddrinfo(*spec->host || !server ? spec->host : NULL,
                    spec->port, &hints, &res) || !res) {
        return;
    }
    for (port = first; port <= last; port++) {
        for (ai = res; ai; ai = ai->ai_next) {
            if (ai->ai_addrlen > sizeof(a.ss)) {
                continue;
            }
            memset(&a, 0, sizeof(a));
            memcpy(&a.ss, ai->ai_addr, ai->ai_addrlen);
            a.len = ai->ai_addrlen;
            if (server && spec->has_to) {
                if (ai->ai_family == AF_INET6) {
                    ((struct sockaddr_in6 *)&a.ss)->sin6_port = htons(port);
                } else {
                    ((struct sockaddr_in *)&a.ss)->sin_port = htons(port);
                }
            }
            g_array_append_val(s->targets, a);
        }
    }
    freeaddrinfo(res);
}

bool net_stream_init(const QDict *opts, const char *id, Error **errp)
{
    static const char *const keys[] = {
        "type", "id", "addr", "server", NULL
    };
    NetStreamState *s;
    NetSockSpec spec;
    bool server;

    if (!qdict_haskey(opts, "addr")) {
        error_setg(errp, "Parameter 'addr' is missing");
        return false;
    }
    if (!net_decode_spec(opts, "addr", &spec, errp) ||
        !net_opt_bool(opts, "server", false, &server, errp) ||
        !net_check_keys(opts, NULL, keys, errp)) {
        return false;
    }
    s = net_stream_new(false, id);
    s->keep_alive = spec.keep_alive;
    s->protocol = spec.mptcp ? IPPROTO_MPTCP : 0;
    net_stream_resolve(s, &spec, server);
    /* Keep-alive is for connections, not for a listening socket. */
    if (server && spec.keep_alive) {
        g_array_set_size(s->targets, 0);
    }
    net_stream_start(s, server);
    return true;
}

/* A dgram inet or unix spec as an address (unix: its length checked). */
static bool net_dgram_spec_addr(const NetSockSpec *spec, NetSockAddr *out,
                                Error **errp)
{
    if (spec->is_unix) {
        return net_parse_unix_path(spec->path, out, errp);
    }
    return net_parse_ipv4(spec->host, spec->port, out, errp);
}

bool net_dgram_init(const QDict *opts, const char *id, Error **errp)
{
    static const char *const keys[] = {
        "type", "id", "local", "remote", NULL
    };
    bool has_local = qdict_haskey(opts, "local");
    bool has_remote = qdict_haskey(opts, "remote");
    NetSockSpec lspec, rspec;
    NetSockAddr local, remote;
    struct in_addr iface = { .s_addr = htonl(INADDR_ANY) };

    if ((has_local && !net_decode_spec(opts, "local", &lspec, errp)) ||
        (has_remote && !net_decode_spec(opts, "remote", &rspec, errp)) ||
        !net_check_keys(opts, NULL, keys, errp)) {
        return false;
    }
    if (!has_remote) {
        error_setg(errp, has_local ? "type=inet or type=unix requires "
                   "remote parameter" : "dgram requires local= parameter");
        return false;
    }
    /* qemu reads an inet remote first: it may be a multicast group. */
    if (!rspec.is_unix) {
        if (!net_parse_ipv4(rspec.host, rspec.port, &remote, errp)) {
            return false;
        }
        if (net_is_multicast(&remote)) {
            if (has_local && lspec.is_unix) {
                error_setg(errp, "only support inet or fd type for local");
                return false;
            }
            return (!has_local ||
                    net_parse_mcast_iface(lspec.host, &iface, errp)) &&
                   net_dgram_open_mcast(false, id, &remote, iface, errp);
        }
    }
    if (!has_local) {
        error_setg(errp, "dgram requires local= parameter");
        return false;
    }
    if (lspec.is_unix != rspec.is_unix) {
        error_setg(errp, "remote and local types must be the same");
        return false;
    }
    return net_dgram_spec_addr(&lspec, &local, errp) &&
           (!rspec.is_unix || net_dgram_spec_addr(&rspec, &remote, errp)) &&
           net_dgram_open_udp(false, id, &local, &remote, errp);
}
