/*
 * Socket addresses of the socket chardev (see include/chardev/char-socket.h):
 * the QMP SocketAddressLegacy dict, name resolution, listening and
 * connecting, and the descriptions query-chardev shows.
 */
#include "util/osdep.h"
#include "chardev/char-socket.h"
#include "chardev/char-io.h"
#include "qobject/qinput.h"

#include <netdb.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <netinet/in.h>

/*
 * Pending connections a listener queues while its one client is being
 * served (the chardev accepts the next one when the first leaves).
 */
#define CHR_LISTEN_BACKLOG 1

static const char *const addr_types[] = { "unix", "inet", "vsock", "fd",
                                          NULL };

static const ChardevMember unix_members[] = {
    { "path", CHARDEV_MEMBER_STR, true },
    { "abstract", CHARDEV_MEMBER_BOOL, false },
    { "tight", CHARDEV_MEMBER_BOOL, false },
    { NULL }
};

static const ChardevMember inet_members[] = {
    { "host", CHARDEV_MEMBER_STR, true },
    { "port", CHARDEV_MEMBER_STR, true },
    { "numeric", CHARDEV_MEMBER_BOOL, false },
    { "to", CHARDEV_MEMBER_INT, false },
    { "ipv4", CHARDEV_MEMBER_BOOL, false },
    { "ipv6", CHARDEV_MEMBER_BOOL, false },
    { "keep-alive", CHARDEV_MEMBER_BOOL, false },
    { "mptcp", CHARDEV_MEMBER_BOOL, false },
    { NULL }
};

static const ChardevMember vsock_members[] = {
    { "cid", CHARDEV_MEMBER_STR, true },
    { "port", CHARDEV_MEMBER_STR, true },
    { NULL }
};

static const ChardevMember fd_members[] = {
    { "str", CHARDEV_MEMBER_STR, true },
    { NULL }
};

static const ChardevMember *const addr_members[] = {
    unix_members, inet_members, vsock_members, fd_members,
};

static int addr_type_index(const char *type)
{
    int i;

    for (i = 0; addr_types[i]; i++) {
        if (!strcmp(addr_types[i], type)) {
            return i;
        }
    }
    return -1;
}

bool chr_socket_addr_check(const QDict *addr, const char *prefix,
                           Error **errp)
{
    g_autofree char *pfx = g_strdup_printf("%s.addr", prefix);
    g_autofree char *type_name = g_strdup_printf("%s.type", pfx);
    g_autofree char *data_name = g_strdup_printf("%s.data", pfx);
    QInput in = { .obj = qdict_get(addr, "type"), .keyval = false };
    const QDictEntry *e;
    const char *type;
    QDict *data;
    int kind;

    type = qinput_get_str(&in, type_name, errp);
    if (!type) {
        return false;
    }
    kind = addr_type_index(type);
    if (kind < 0) {
        /* qemu names the member without its path here. */
        error_setg(errp, "Parameter 'type' does not accept value '%s'",
                   type);
        return false;
    }
    in.obj = qdict_get(addr, "data");
    data = qinput_get_dict(&in, data_name, errp);
    if (!data ||
        !chardev_check_members(data, data_name, addr_members[kind], errp)) {
        return false;
    }
    for (e = qdict_first(addr); e; e = qdict_next(addr, e)) {
        const char *key = qdict_entry_key(e);

        if (strcmp(key, "type") && strcmp(key, "data")) {
            error_setg(errp, "Parameter '%s.%s' is unexpected", pfx, key);
            return false;
        }
    }
    return true;
}

bool chr_socket_addr_decode(const QDict *addr, ChrSocketAddr *out,
                            Error **errp)
{
    const char *type = qdict_get_try_str(addr, "type");
    QDict *data = qdict_get_qdict(addr, "data");

    memset(out, 0, sizeof(*out));
    if (!strcmp(type, "unix")) {
        out->is_unix = true;
        out->path = g_strdup(qdict_get_try_str(data, "path"));
        out->abstract = qdict_get_try_bool(data, "abstract", false);
        out->tight = qdict_get_try_bool(data, "tight", true);
        return true;
    }
    if (!strcmp(type, "inet")) {
        bool has4 = qdict_haskey(data, "ipv4");
        bool has6 = qdict_haskey(data, "ipv6");
        bool v4 = qdict_get_try_bool(data, "ipv4", false);
        bool v6 = qdict_get_try_bool(data, "ipv6", false);
        bool want4 = true, want6 = true;

        out->host = g_strdup(qdict_get_try_str(data, "host"));
        out->port = g_strdup(qdict_get_try_str(data, "port"));
        out->numeric = qdict_get_try_bool(data, "numeric", false);
        out->keep_alive = qdict_get_try_bool(data, "keep-alive", false);
        if (qdict_haskey(data, "to")) {
            int64_t to = qdict_get_try_int(data, "to", 0);

            if (to < 0 || to > UINT16_MAX) {
                error_setg(errp, "Parameter 'to' expects uint16_t");
                chr_socket_addr_clear(out);
                return false;
            }
            out->has_to = true;
            out->to = to;
        }
        /* ipv4=on alone means IPv4 only, ipv6=on alone IPv6 only. */
        if (has4 || has6) {
            want4 = has4 ? v4 : !v6;
            want6 = has6 ? v6 : !v4;
        }
        out->family = want4 == want6 ? AF_UNSPEC :
                      want4 ? AF_INET : AF_INET6;
        return true;
    }
    error_setg(errp, "%s socket addresses are not supported", type);
    return false;
}

void chr_socket_addr_clear(ChrSocketAddr *a)
{
    g_free(a->path);
    g_free(a->host);
    g_free(a->port);
    memset(a, 0, sizeof(*a));
}

char *chr_socket_addr_target_str(const ChrSocketAddr *a)
{
    if (a->is_unix) {
        return g_strdup(a->path);
    }
    return g_strdup_printf("%s:%s", a->host, a->port);
}

char *chr_socket_addr_to_str(const ChrSocketAddr *a)
{
    if (a->is_unix) {
        return g_strdup_printf("unix:%s", a->path);
    }
    return g_strdup_printf("tcp:%s:%s", a->host, a->port);
}

/* ---------------------------------------------------------------------- */
/* Resolution */

static bool unix_target(const ChrSocketAddr *a, ChrSockTarget *t,
                        Error **errp)
{
    struct sockaddr_un *sun = (struct sockaddr_un *)&t->ss;
    size_t len = strlen(a->path);
    size_t room = sizeof(sun->sun_path) - (a->abstract ? 1 : 0);

    if (len >= room) {
        error_setg(errp, "UNIX socket path '%s' is too long", a->path);
        error_append_hint(errp, "Path must be less than %zu bytes\n", room);
        return false;
    }
    memset(t, 0, sizeof(*t));
    t->family = AF_UNIX;
    sun->sun_family = AF_UNIX;
    if (a->abstract) {
        /* A leading NUL puts the name in the abstract namespace. */
        memcpy(sun->sun_path + 1, a->path, len);
        t->len = a->tight ? offsetof(struct sockaddr_un, sun_path) + 1 + len
                          : sizeof(*sun);
    } else {
        memcpy(sun->sun_path, a->path, len + 1);
        t->len = sizeof(*sun);
    }
    return true;
}

GArray *chr_socket_targets(const ChrSocketAddr *a, bool passive,
                           Error **errp)
{
    GArray *targets = g_array_new(false, true, sizeof(ChrSockTarget));
    struct addrinfo hints = { 0 }, *res = NULL, *ai;
    const char *node;
    int rc;

    if (a->is_unix) {
        ChrSockTarget t;

        if (!unix_target(a, &t, errp)) {
            g_array_free(targets, true);
            return NULL;
        }
        g_array_append_val(targets, t);
        return targets;
    }

    hints.ai_family = a->family;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = (passive ? AI_PASSIVE : 0) |
                     (a->numeric ? AI_NUMERICHOST : 0);
    /* A server with no host listens on every address. */
    node = passive && !*a->host ? NULL : a->host;
    rc = getaddrinfo(node, a->port, &hints, &res);
    if (rc != 0) {
        error_setg(errp, "address resolution failed for %s:%s: %s",
                   a->host, a->port, gai_strerror(rc));
        g_array_free(targets, true);
        return NULL;
    }
    for (ai = res; ai; ai = ai->ai_next) {
        ChrSockTarget t = { 0 };

        if (ai->ai_addrlen > sizeof(t.ss)) {
            continue;
        }
        t.family = ai->ai_family;
        t.len = ai->ai_addrlen;
        memcpy(&t.ss, ai->ai_addr, ai->ai_addrlen);
        g_array_append_val(targets, t);
    }
    freeaddrinfo(res);
    return targets;
}

/* ---------------------------------------------------------------------- */
/* Listening and connecting */

static void set_port(ChrSockTarget *t, uint16_t port)
{
    if (t->family == AF_INET) {
        ((struct sockaddr_in *)&t->ss)->sin_port = htons(port);
    } else if (t->family == AF_INET6) {
        ((struct sockaddr_in6 *)&t->ss)->sin6_port = htons(port);
    }
}

static uint16_t get_port(const ChrSockTarget *t)
{
    if (t->family == AF_INET) {
        return ntohs(((const struct sockaddr_in *)&t->ss)->sin_port);
    }
    if (t->family == AF_INET6) {
        return ntohs(((const struct sockaddr_in6 *)&t->ss)->sin6_port);
    }
    return 0;
}

/* "HOST:PORT" of a socket address, numeric, brackets around IPv6 if
 * @brackets. */
static char *sockaddr_str(const struct sockaddr *sa, socklen_t len,
                          bool brackets)
{
    char host[NI_MAXHOST], serv[NI_MAXSERV];

    if (getnameinfo(sa, len, host, sizeof(host), serv, sizeof(serv),
                    NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
        return g_strdup("?:?");
    }
    if (brackets && sa->sa_family == AF_INET6) {
        return g_strdup_printf("[%s]:%s", host, serv);
    }
    return g_strdup_printf("%s:%s", host, serv);
}

static int listen_unix(const ChrSocketAddr *a, char **desc,
                       char **unlink_path, Error **errp)
{
    ChrSockTarget t;
    struct stat st;
    int fd;

    if (!unix_target(a, &t, errp)) {
        return -1;
    }
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        error_setg_errno(errp, errno, "Failed to create Unix socket");
        return -1;
    }
    /*
     * A socket left behind by an earlier run is replaced, as qemu does;
     * unlike qemu, anything that is not a socket is left alone (and the
     * bind fails).
     */
    if (!a->abstract && lstat(a->path, &st) == 0 && S_ISSOCK(st.st_mode)) {
        unlink(a->path);
    }
    if (bind(fd, (struct sockaddr *)&t.ss, t.len) < 0) {
        error_setg_errno(errp, errno, "Failed to bind socket to %s",
                         a->path);
        close(fd);
        return -1;
    }
    if (listen(fd, CHR_LISTEN_BACKLOG) < 0) {
        error_setg_errno(errp, errno, "Failed to listen on socket");
        close(fd);
        if (!a->abstract) {
            unlink(a->path);
        }
        return -1;
    }
    *desc = g_strdup_printf("unix:%s", a->path);
    *unlink_path = a->abstract ? NULL : g_strdup(a->path);
    return fd;
}

/* Bind one target; the fd, or -1 with errno. */
static int bind_inet(const ChrSockTarget *t)
{
    static const int on = 1;
    int fd = socket(t->family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
                    0);
    int err;

    if (fd < 0) {
        return -1;
    }
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    if (bind(fd, (const struct sockaddr *)&t->ss, t->len) == 0) {
        return fd;
    }
    err = errno;
    close(fd);
    errno = err;
    return -1;
}

static int listen_inet(const ChrSocketAddr *a, char **desc, Error **errp)
{
    g_autoptr(GArray) targets = chr_socket_targets(a, true, errp);
    int last_errno = EADDRNOTAVAIL;
    guint i;

    if (!targets) {
        return -1;
    }
    for (i = 0; i < targets->len; i++) {
        ChrSockTarget *t = &g_array_index(targets, ChrSockTarget, i);
        unsigned first = get_port(t);
        unsigned last = a->has_to && a->to > first ? a->to : first;
        unsigned port;

        for (port = first; port <= last; port++) {
            struct sockaddr_storage ss;
            socklen_t sslen = sizeof(ss);
            int fd;

            set_port(t, port);
            fd = bind_inet(t);
            if (fd < 0) {
                last_errno = errno;
                continue;
            }
            if (listen(fd, CHR_LISTEN_BACKLOG) < 0) {
                error_setg_errno(errp, errno, "Failed to listen on socket");
                close(fd);
                return -1;
            }
            if (getsockname(fd, (struct sockaddr *)&ss, &sslen) < 0) {
                sslen = t->len;
                memcpy(&ss, &t->ss, t->len);
            }
            {
                g_autofree char *hp = sockaddr_str((struct sockaddr *)&ss,
                                                   sslen, false);

                *desc = g_strdup_printf("tcp:%s", hp);
            }
            return fd;
        }
    }
    if (last_errno == EADDRINUSE) {
        error_setg_errno(errp, last_errno,
                         "Failed to find an available port");
    } else {
        error_setg_errno(errp, last_errno, "Failed to bind socket");
    }
    return -1;
}

int chr_socket_listen(const ChrSocketAddr *a, char **desc,
                      char **unlink_path, Error **errp)
{
    *desc = NULL;
    *unlink_path = NULL;
    return a->is_unix ? listen_unix(a, desc, unlink_path, errp)
                      : listen_inet(a, desc, errp);
}

int chr_socket_connect(const ChrSocketAddr *a, Error **errp)
{
    g_autoptr(GArray) targets = chr_socket_targets(a, false, errp);
    int last_errno = ECONNREFUSED;
    guint i;

    if (!targets) {
        return -1;
    }
    for (i = 0; i < targets->len; i++) {
        ChrSockTarget *t = &g_array_index(targets, ChrSockTarget, i);
        int fd = socket(t->family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        int rc;

        if (fd < 0) {
            last_errno = errno;
            continue;
        }
        do {
            rc = connect(fd, (struct sockaddr *)&t->ss, t->len);
        } while (rc < 0 && errno == EINTR);
        if (rc == 0 && chr_fd_set_nonblock(fd)) {
            return fd;
        }
        last_errno = errno;
        close(fd);
    }
    {
        g_autofree char *name = chr_socket_addr_target_str(a);

        error_setg_errno(errp, last_errno, "Failed to connect to '%s'",
                         name);
    }
    return -1;
}

/* ---------------------------------------------------------------------- */
/* Descriptions */

char *chr_socket_connected_str(int fd, bool is_unix, bool server)
{
    const char *suffix = server ? ",server=on" : "";
    struct sockaddr_storage local, peer;
    socklen_t llen = sizeof(local), plen = sizeof(peer);
    g_autofree char *lstr = NULL, *pstr = NULL;

    memset(&local, 0, sizeof(local));
    if (getsockname(fd, (struct sockaddr *)&local, &llen) < 0) {
        llen = 0;
    }
    if (is_unix) {
        const struct sockaddr_un *sun = (struct sockaddr_un *)&local;
        size_t off = offsetof(struct sockaddr_un, sun_path);
        g_autofree char *path = NULL;

        if (llen > off && sun->sun_path[0]) {
            path = g_strndup(sun->sun_path, llen - off);
        } else if (llen > off + 1) {
            /* Abstract: the name after the leading NUL. */
            path = g_strndup(sun->sun_path + 1, llen - off - 1);
        }
        return g_strdup_printf("unix:%s%s", path ? path : "", suffix);
    }
    if (getpeername(fd, (struct sockaddr *)&peer, &plen) < 0) {
        plen = 0;
    }
    lstr = llen ? sockaddr_str((struct sockaddr *)&local, llen, true)
                : g_strdup("?:?");
    pstr = plen ? sockaddr_str((struct sockaddr *)&peer, plen, true)
                : g_strdup("?:?");
    return g_strdup_printf("tcp:%s%s <-> %s", lstr, suffix, pstr);
}
