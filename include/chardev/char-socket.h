/*
 * Socket addresses for the socket chardev (internal to chardev/): the
 * QMP SocketAddressLegacy dict ({"type": "unix"|"inet", "data": {...}})
 * checked and decoded, resolved into concrete targets, listened on and
 * connected to, and described the way query-chardev shows them.
 */
#ifndef CHARDEV_CHAR_SOCKET_H
#define CHARDEV_CHAR_SOCKET_H

#include "chardev/char.h"

#include <sys/socket.h>

typedef struct ChrSocketAddr {
    bool is_unix;
    /* unix */
    char *path;
    bool abstract;          /* Linux abstract namespace */
    bool tight;             /* abstract: address length is the name's */
    /* inet */
    char *host;
    char *port;
    int family;             /* AF_UNSPEC, AF_INET or AF_INET6 */
    bool numeric;           /* host is an address, do not look it up */
    bool has_to;
    uint16_t to;            /* server: try ports up to this one */
    bool keep_alive;
} ChrSocketAddr;

/* One concrete address to bind or connect to. */
typedef struct ChrSockTarget {
    int family;
    socklen_t len;
    struct sockaddr_storage ss;
} ChrSockTarget;

/* Typed checks of the "addr" member, named "@prefix.addr...". */
bool chr_socket_addr_check(const QDict *addr, const char *prefix,
                           Error **errp);
/* Decode a checked "addr" dict; false for kinds Corvid lacks. */
bool chr_socket_addr_decode(const QDict *addr, ChrSocketAddr *out,
                            Error **errp);
void chr_socket_addr_clear(ChrSocketAddr *a);

/* "PATH" or "HOST:PORT", as connect errors name the address. */
char *chr_socket_addr_target_str(const ChrSocketAddr *a);
/* "unix:PATH" or "tcp:HOST:PORT", the configured address. */
char *chr_socket_addr_to_str(const ChrSocketAddr *a);

/* The addresses to try, in order (an array of ChrSockTarget). */
GArray *chr_socket_targets(const ChrSocketAddr *a, bool passive,
                           Error **errp);

/*
 * Listen (non-blocking, close-on-exec).  *desc is the bound address as
 * "unix:PATH" or "tcp:HOST:PORT" (the real port when port 0 was asked
 * for); *unlink_path the socket file to remove on close, or NULL.
 */
int chr_socket_listen(const ChrSocketAddr *a, char **desc,
                      char **unlink_path, Error **errp);
/* Connect, blocking; the fd returned is non-blocking. */
int chr_socket_connect(const ChrSocketAddr *a, Error **errp);

/*
 * A connected socket as query-chardev shows it:
 * "unix:PATH[,server=on]" or "tcp:LOCAL[,server=on] <-> PEER".
 */
char *chr_socket_connected_str(int fd, bool is_unix, bool server);

#endif
