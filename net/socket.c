/*
 * Socket back ends: stream sockets carrying frames with a 4-byte
 * big-endian length header (-netdev socket,listen=/connect= and
 * -netdev stream) and datagram sockets carrying one frame per datagram
 * (-netdev socket,udp=/mcast= and -netdev dgram).
 */
#include "util/osdep.h"
#include "util/error.h"
#include "util/error-report.h"
#include "util/main-loop.h"
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

typedef struct NetStreamState {
    NetClientState nc;
    int listen_fd;
    int fd;
    bool is_unix;
    NetFrameReader reader;
    GByteArray *outbuf;
    char *unlink_path;
} NetStreamState;

typedef struct NetDgramState {
    NetClientState nc;
    int fd;
    struct sockaddr_storage dest;
    socklen_t dest_len;
    bool has_dest;
    uint8_t *buf;
} NetDgramState;

static void set_nonblock_cloexec(int fd)
{
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
}

bool net_parse_host_port(const char *str, NetSockAddr *out, Error **errp)
{
    const char *colon = strrchr(str, ':');
    g_autofree char *host = NULL;
    struct addrinfo hints = { .ai_family = AF_INET,
                              .ai_socktype = 0 };
    struct addrinfo *res = NULL;
    const char *port;
    char *end;
    long p;
    int rc;

    if (!colon) {
        error_setg(errp, "host address '%s' doesn't contain ':' "
                   "separating host from port", str);
        return false;
    }
    host = g_strndup(str, colon - str);
    port = colon + 1;
    p = strtol(port, &end, 10);
    if (!*port || *end || p < 0 || p > 65535) {
        error_setg(errp, "error parsing port in address '%s'", str);
        return false;
    }
    memset(out, 0, sizeof(*out));
    if (!*host) {
        struct sockaddr_in *sin = (struct sockaddr_in *)&out->ss;

        sin->sin_family = AF_INET;
        sin->sin_port = htons(p);
        sin->sin_addr.s_addr = htonl(INADDR_ANY);
        out->len = sizeof(*sin);
        return true;
    }
    rc = getaddrinfo(host, NULL, &hints, &res);
    if (rc || !res) {
        error_setg(errp, "can't resolve host address '%s'", host);
        return false;
    }
    memcpy(&out->ss, res->ai_addr, res->ai_addrlen);
    out->len = res->ai_addrlen;
    ((struct sockaddr_in *)&out->ss)->sin_port = htons(p);
    freeaddrinfo(res);
    return true;
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

/* ---- stream ---- */

static void net_stream_accept(void *opaque);

static void net_stream_disconnect(NetStreamState *s)
{
    if (s->fd >= 0) {
        set_fd_handler(s->fd, NULL, NULL, NULL);
        close(s->fd);
        s->fd = -1;
    }
    g_byte_array_set_size(s->outbuf, 0);
    net_frame_reader_destroy(&s->reader);
    net_frame_reader_init(&s->reader);
    /* A server takes the next connection. */
    if (s->listen_fd >= 0) {
        set_fd_handler(s->listen_fd, net_stream_accept, NULL, s);
    }
}

static void net_stream_writable(void *opaque);
static void net_stream_readable(void *opaque);

static void net_stream_update_handlers(NetStreamState *s)
{
    if (s->fd >= 0) {
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

static void net_stream_connected(NetStreamState *s, int fd)
{
    s->fd = fd;
    set_nonblock_cloexec(fd);
    net_stream_update_handlers(s);
}

static void net_stream_accept(void *opaque)
{
    NetStreamState *s = opaque;
    int fd = accept(s->listen_fd, NULL, NULL);

    if (fd < 0) {
        return;
    }
    if (s->fd >= 0) {
        close(fd);      /* one peer at a time */
        return;
    }
    /* Stop accepting until this connection ends. */
    set_fd_handler(s->listen_fd, NULL, NULL, NULL);
    net_stream_connected(s, fd);
}

static ssize_t net_stream_receive(NetClientState *nc, const uint8_t *buf,
                                  size_t size)
{
    NetStreamState *s = (NetStreamState *)nc;
    uint8_t hdr[4];

    if (s->fd < 0) {
        return size;        /* nobody connected: dropped */
    }
    if (s->outbuf->len + size + 4 > NET_STREAM_OUTBUF_MAX) {
        return size;
    }
    net_frame_header(hdr, size);
    g_byte_array_append(s->outbuf, hdr, 4);
    g_byte_array_append(s->outbuf, buf, size);
    net_stream_flush_out(s);
    return size;
}

static void net_stream_cleanup(NetClientState *nc)
{
    NetStreamState *s = (NetStreamState *)nc;

    if (s->fd >= 0) {
        set_fd_handler(s->fd, NULL, NULL, NULL);
        close(s->fd);
    }
    if (s->listen_fd >= 0) {
        set_fd_handler(s->listen_fd, NULL, NULL, NULL);
        close(s->listen_fd);
    }
    if (s->unlink_path) {
        unlink(s->unlink_path);
        g_free(s->unlink_path);
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

bool net_stream_open(const NetClientInfo *info, const char *id,
                     const NetSockAddr *addr, bool server, Error **errp)
{
    int family = addr->ss.ss_family;
    int fd = socket(family, SOCK_STREAM, 0);
    NetStreamState *s;
    char desc[128];

    if (fd < 0) {
        error_setg_errno(errp, errno, "can't create stream socket");
        return false;
    }
    if (server) {
        int one = 1;

        if (family != AF_UNIX) {
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        } else {
            unlink(((const struct sockaddr_un *)&addr->ss)->sun_path);
        }
        if (bind(fd, (const struct sockaddr *)&addr->ss, addr->len) < 0) {
            error_setg_errno(errp, errno, "can't bind ip=%s to socket",
                             net_sockaddr_str(addr, desc, sizeof(desc)));
            close(fd);
            return false;
        }
        if (listen(fd, 1) < 0) {
            error_setg_errno(errp, errno, "can't listen on socket");
            close(fd);
            return false;
        }
    } else if (connect(fd, (const struct sockaddr *)&addr->ss,
                       addr->len) < 0) {
        error_setg_errno(errp, errno, "can't connect socket to %s",
                         net_sockaddr_str(addr, desc, sizeof(desc)));
        close(fd);
        return false;
    }
    s = (NetStreamState *)qemu_new_net_client(info, NULL, info->type, id);
    s->nc.is_netdev = true;
    s->fd = -1;
    s->listen_fd = -1;
    s->outbuf = g_byte_array_new();
    net_frame_reader_init(&s->reader);
    net_sockaddr_str(addr, desc, sizeof(desc));
    if (server) {
        s->listen_fd = fd;
        set_nonblock_cloexec(fd);
        set_fd_handler(fd, net_stream_accept, NULL, s);
        if (family == AF_UNIX) {
            s->unlink_path = g_strdup(desc);
        }
        snprintf(s->nc.info_str, sizeof(s->nc.info_str),
                 "%s: wait for connection on %s", info->type, desc);
    } else {
        net_stream_connected(s, fd);
        snprintf(s->nc.info_str, sizeof(s->nc.info_str),
                 "%s: connect to %s", info->type, desc);
    }
    return true;
}

const NetClientInfo *net_stream_client_info(bool legacy_socket)
{
    return legacy_socket ? &net_socket_stream_info : &net_stream_info;
}

const char *net_sockaddr_str(const NetSockAddr *a, char *buf, size_t size)
{
    if (a->ss.ss_family == AF_UNIX) {
        snprintf(buf, size, "%s",
                 ((const struct sockaddr_un *)&a->ss)->sun_path);
    } else {
        const struct sockaddr_in *sin = (const struct sockaddr_in *)&a->ss;
        char host[INET_ADDRSTRLEN];

        inet_ntop(AF_INET, &sin->sin_addr, host, sizeof(host));
        snprintf(buf, size, "%s:%d", host, ntohs(sin->sin_port));
    }
    return buf;
}

/* ---- datagram ---- */

static void net_dgram_readable(void *opaque)
{
    NetDgramState *s = opaque;
    ssize_t n = recv(s->fd, s->buf, NET_BUFSIZE, 0);

    if (n <= 0) {
        return;
    }
    qemu_send_packet(&s->nc, s->buf, n);
}

static ssize_t net_dgram_receive(NetClientState *nc, const uint8_t *buf,
                                 size_t size)
{
    NetDgramState *s = (NetDgramState *)nc;

    if (s->has_dest) {
        /* Datagrams that cannot go now are lost, as on a real wire. */
        sendto(s->fd, buf, size, MSG_NOSIGNAL,
               (const struct sockaddr *)&s->dest, s->dest_len);
    }
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

bool net_dgram_open(bool legacy_socket, const char *id,
                    const NetSockAddr *local, const NetSockAddr *remote,
                    const NetSockAddr *mcast_if, Error **errp)
{
    const NetClientInfo *info = legacy_socket ? &net_socket_dgram_info
                                              : &net_dgram_info;
    int family = local ? local->ss.ss_family : remote->ss.ss_family;
    int fd = socket(family, SOCK_DGRAM, 0);
    NetDgramState *s;
    char desc[128];
    int one = 1;

    if (fd < 0) {
        error_setg_errno(errp, errno, "can't create datagram socket");
        return false;
    }
    if (family != AF_UNIX) {
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    }
    if (mcast_if) {
        /* Join remote's group on the interface of mcast_if. */
        const struct sockaddr_in *grp =
            (const struct sockaddr_in *)&remote->ss;
        const struct sockaddr_in *itf =
            (const struct sockaddr_in *)&mcast_if->ss;
        struct ip_mreq mreq = { .imr_multiaddr = grp->sin_addr,
                                .imr_interface = itf->sin_addr };
        struct sockaddr_in any = { .sin_family = AF_INET,
                                   .sin_port = grp->sin_port,
                                   .sin_addr.s_addr = htonl(INADDR_ANY) };
        unsigned char loop = 1;

        if (bind(fd, (struct sockaddr *)&any, sizeof(any)) < 0) {
            error_setg_errno(errp, errno, "can't bind ip=%s to socket",
                             net_sockaddr_str(remote, desc, sizeof(desc)));
            close(fd);
            return false;
        }
        if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq,
                       sizeof(mreq)) < 0) {
            error_setg_errno(errp, errno, "can't add socket to multicast "
                             "group %s", inet_ntoa(grp->sin_addr));
            close(fd);
            return false;
        }
        setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &loop, sizeof(loop));
        if (itf->sin_addr.s_addr != htonl(INADDR_ANY)) {
            setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &itf->sin_addr,
                       sizeof(itf->sin_addr));
        }
    } else if (local) {
        if (family == AF_UNIX) {
            unlink(((const struct sockaddr_un *)&local->ss)->sun_path);
        }
        if (bind(fd, (const struct sockaddr *)&local->ss, local->len) < 0) {
            error_setg_errno(errp, errno, "can't bind ip=%s to socket",
                             net_sockaddr_str(local, desc, sizeof(desc)));
            close(fd);
            return false;
        }
    }
    set_nonblock_cloexec(fd);
    s = (NetDgramState *)qemu_new_net_client(info, NULL, info->type, id);
    s->nc.is_netdev = true;
    s->fd = fd;
    s->buf = g_malloc(NET_BUFSIZE);
    if (remote) {
        memcpy(&s->dest, &remote->ss, remote->len);
        s->dest_len = remote->len;
        s->has_dest = true;
        snprintf(s->nc.info_str, sizeof(s->nc.info_str), "%s: %s=%s",
                 info->type, mcast_if ? "mcast" : "udp",
                 net_sockaddr_str(remote, desc, sizeof(desc)));
    }
    set_fd_handler(fd, net_dgram_readable, NULL, s);
    return true;
}
