/*
 * Socket back ends shared by -netdev socket, stream and dgram: their
 * option decoding and address helpers (net/socket.c), the framed stream
 * back end (net/stream.c) and the datagram one (net/dgram.c).
 *
 * What starts synchronously and what in the background follows
 * qemu 7.2:
 *  - socket,listen= and the datagram back ends fail at creation when
 *    they cannot bind; socket,connect= fails only when connect() fails
 *    at once (e.g. no route), otherwise it completes in the background
 *    and a refused connection leaves the back end idle (info "");
 *  - stream never fails at creation once its options decode: resolving,
 *    binding and connecting go wrong as the info string
 *    "connection error".  A connected stream shows "tcp:HOST:PORT" or
 *    "unix:PATH" and sends NETDEV_STREAM_CONNECTED / _DISCONNECTED.
 */
#ifndef NET_NET_SOCKET_H
#define NET_NET_SOCKET_H

#include <sys/socket.h>
#include <netinet/in.h>
#include "net/net.h"

typedef struct NetSockAddr {
    struct sockaddr_storage ss;
    socklen_t len;
} NetSockAddr;

/*
 * -netdev TYPE,... for TYPE socket, stream and dgram: decode @opts (a
 * keyval dict of strings or typed QMP values, whose type, id and
 * top-level keys the caller has checked) and create the back end.
 */
bool net_socket_init(const QDict *opts, const char *id, Error **errp);
bool net_stream_init(const QDict *opts, const char *id, Error **errp);
bool net_dgram_init(const QDict *opts, const char *id, Error **errp);

/*
 * "HOST:PORT" the way -netdev socket reads it (IPv4): the host ends at
 * the first ':' (empty: any address), the port is a C integer (decimal,
 * 0x hex or 0 octal, trailing text ignored) taken modulo 65536.
 */
bool net_parse_host_port(const char *str, NetSockAddr *out, Error **errp);
/* The same with host and port apart (empty host: any address). */
bool net_parse_ipv4(const char *host, const char *port, NetSockAddr *out,
                    Error **errp);
bool net_parse_unix_path(const char *path, NetSockAddr *out, Error **errp);
/* "HOST:PORT" (numeric, IPv6 without brackets) or the unix path. */
const char *net_sockaddr_str(const NetSockAddr *a, char *buf, size_t size);

/* The client kind: "socket" for -netdev socket, else "stream". */
const NetClientInfo *net_stream_client_info(bool legacy_socket);
/*
 * A framed stream back end listening on @addr (server) or connecting to
 * it, with -netdev socket's behaviour for the "socket" kind and
 * -netdev stream's for "stream" (see above), except that a "stream"
 * server that cannot bind is still an error here (net_stream_init()
 * matches qemu).  This and net_dgram_open() serve callers that decode
 * the options themselves; new code uses net_*_init().
 */
bool net_stream_open(const NetClientInfo *info, const char *id,
                     const NetSockAddr *addr, bool server, Error **errp);
/*
 * A datagram back end.  -netdev socket (@legacy_socket): with @mcast_if,
 * @remote is an IPv4 multicast group joined on that interface (any
 * address: the default one); without, udp= to @remote from @local,
 * taking frames from @remote only.  -netdev dgram: bound to @local,
 * sending to @remote (required); a multicast @remote is joined on
 * @local's address (@local may then be NULL).
 */
bool net_dgram_open(bool legacy_socket, const char *id,
                    const NetSockAddr *local, const NetSockAddr *remote,
                    const NetSockAddr *mcast_if, Error **errp);

/*
 * Internal to net/: what net/socket.c, net/stream.c and net/dgram.c
 * share with each other.
 */

/* The numeric host and the port of an inet (IPv4 or IPv6) address. */
void net_sockaddr_host_port(const NetSockAddr *a, char *host,
                            size_t host_size, int *port);
/* The host part alone, as qemu's bind errors name it. */
const char *net_sockaddr_host(const NetSockAddr *a, char *buf, size_t size);
/* A unix address's path; an abstract one without its leading NUL. */
const char *net_unix_path(const NetSockAddr *a);
/* Whether @a is an IPv4 multicast group. */
bool net_is_multicast(const NetSockAddr *a);
/* Make a back end's socket non-blocking and close-on-exec. */
void net_set_nonblock_cloexec(int fd);
/* Set what "info network" shows for @nc. */
void G_GNUC_PRINTF(2, 3) net_set_info(NetClientState *nc, const char *fmt,
                                      ...);

/*
 * -netdev stream: listen on the first of @targets (NetSockAddr) that
 * binds, or connect to each in turn (none works: "connection error");
 * @unix_path, NULL for inet, is what its info and events show.
 */
void net_stream_start_targets(const char *id, const GArray *targets,
                              const char *unix_path, bool keep_alive,
                              bool mptcp, bool server);
/* A datagram back end in multicast group @group, joined on @iface. */
bool net_dgram_open_mcast(bool legacy_socket, const char *id,
                          const NetSockAddr *group, struct in_addr iface,
                          Error **errp);
/* A unicast datagram back end from @local to @remote (same family). */
bool net_dgram_open_udp(bool legacy_socket, const char *id,
                        const NetSockAddr *local, const NetSockAddr *remote,
                        Error **errp);

#endif
