/*
 * Socket back ends, the common part: the addresses they use (parsing
 * and printing), small helpers the stream back end (net/stream.c) and
 * the datagram one (net/dgram.c) share, and the option decoding of
 * -netdev socket, stream and dgram, which picks one of them.
 */
#include "util/osdep.h"
#include "util/error.h"
#include "util/cutils.h"
#include "net/net.h"
#include "net/net-socket.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <netdb.h>

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
void net_sockaddr_host_port(const NetSockAddr *a, char *host,
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
const char *net_unix_path(const NetSockAddr *a)
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
const char *net_sockaddr_host(const NetSockAddr *a, char *buf, size_t size)
{
    int port;

    net_sockaddr_host_port(a, buf, size, &port);
    return buf;
}

bool net_is_multicast(const NetSockAddr *a)
{
    const struct sockaddr_in *sin = (const struct sockaddr_in *)&a->ss;

    return a->ss.ss_family == AF_INET &&
           IN_MULTICAST(ntohl(sin->sin_addr.s_addr));
}

/* ------------------------------------------------------------------ */
/* Helpers the back ends share */

void net_set_nonblock_cloexec(int fd)
{
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
}

void net_set_info(NetClientState *nc, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(nc->info_str, sizeof(nc->info_str), fmt, ap);
    va_end(ap);
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
               net_stream_open(net_stream_client_info(true), id, &a,
                               !!listen_s, errp);
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
 * The addresses a stream may use, into @targets: none when the spec
 * does not resolve (the stream then shows "connection error").
 */
static void net_stream_resolve(GArray *targets, const NetSockSpec *spec,
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
        g_array_append_val(targets, a);
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
            g_array_append_val(targets, a);
        }
    }
    freeaddrinfo(res);
}

bool net_stream_init(const QDict *opts, const char *id, Error **errp)
{
    static const char *const keys[] = {
        "type", "id", "addr", "server", NULL
    };
    g_autoptr(GArray) targets = NULL;
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
    targets = g_array_new(false, true, sizeof(NetSockAddr));
    net_stream_resolve(targets, &spec, server);
    /* Keep-alive is for connections, not for a listening socket. */
    if (server && spec.keep_alive) {
        g_array_set_size(targets, 0);
    }
    net_stream_start_targets(id, targets, spec.is_unix ? spec.path : NULL,
                             spec.keep_alive, spec.mptcp, server);
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
