/*
 * The datagram socket back end of -netdev socket,udp=/mcast= and
 * -netdev dgram: one frame per datagram, unicast over UDP or a unix
 * datagram socket, or shared by every member of an IPv4 multicast
 * group.  The option decoding is in net/socket.c.
 */
#include "util/osdep.h"
#include "util/error.h"
#include "util/main-loop.h"
#include "net/net.h"
#include "net/net-socket.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>

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

    net_set_nonblock_cloexec(fd);
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
        goto fail;
    }
    if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq,
                   sizeof(mreq)) < 0) {
        error_setg_errno(errp, errno, "can't add socket to multicast "
                         "group %s",
                         net_sockaddr_host(group, host, sizeof(host)));
        goto fail;
    }
    if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &loop,
                   sizeof(loop)) < 0) {
        error_setg_errno(errp, errno, "can't force multicast message "
                         "loopback");
        goto fail;
    }
    if (iface.s_addr != htonl(INADDR_ANY) &&
        setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &iface,
                   sizeof(iface)) < 0) {
        error_setg_errno(errp, errno, "can't set the default network send "
                         "interface");
        goto fail;
    }
    return fd;

fail:
    close(fd);
    return -1;
}

bool net_dgram_open_mcast(bool legacy, const char *id,
                          const NetSockAddr *group, struct in_addr iface,
                          Error **errp)
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
bool net_dgram_open_udp(bool legacy, const char *id,
                        const NetSockAddr *local, const NetSockAddr *remote,
                        Error **errp)
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
