/*
 * Socket back ends shared by -netdev socket, stream and dgram
 * (net/socket.c), for the option parsers in net/net-opts.c.
 */
#ifndef NET_NET_SOCKET_H
#define NET_NET_SOCKET_H

#include <sys/socket.h>
#include "net/net.h"

typedef struct NetSockAddr {
    struct sockaddr_storage ss;
    socklen_t len;
} NetSockAddr;

/* "HOST:PORT" (IPv4; an empty host is any address). */
bool net_parse_host_port(const char *str, NetSockAddr *out, Error **errp);
bool net_parse_unix_path(const char *path, NetSockAddr *out, Error **errp);
/* "HOST:PORT" or the unix path. */
const char *net_sockaddr_str(const NetSockAddr *a, char *buf, size_t size);

/* The client kind: "socket" for -netdev socket, else "stream". */
const NetClientInfo *net_stream_client_info(bool legacy_socket);
/* A framed stream netdev: listen on @addr (server) or connect to it. */
bool net_stream_open(const NetClientInfo *info, const char *id,
                     const NetSockAddr *addr, bool server, Error **errp);
/*
 * A datagram netdev bound to @local (may be NULL), sending to @remote
 * (may be NULL); with @mcast_if, @remote is a multicast group joined on
 * that interface.
 */
bool net_dgram_open(bool legacy_socket, const char *id,
                    const NetSockAddr *local, const NetSockAddr *remote,
                    const NetSockAddr *mcast_if, Error **errp);

#endif
