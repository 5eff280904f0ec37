/*
 * Netdev options: -netdev parsing and checking, the per-type option
 * decoding for socket, stream, dgram and hubport, and the QMP
 * netdev_add/netdev_del commands (see include/net/net-opts.h).
 */
#include "util/osdep.h"
#include "util/error.h"
#include "util/error-report.h"
#include "util/keyval.h"
#include "util/cutils.h"
#include "monitor/qmp.h"
#include "net/net.h"
#include "net/net-opts.h"
#include "net/net-socket.h"

#include <netinet/in.h>
#include <arpa/inet.h>

typedef struct NetdevType {
    const char *name;
    const char *const *keys;    /* allowed besides type and id (NULL:
                                 * the back end checks) */
    bool (*init)(const QDict *opts, const char *id, Error **errp);
} NetdevType;

static const char *const socket_keys[] = {
    "fd", "listen", "connect", "mcast", "udp", "localaddr", NULL
};
static const char *const hubport_keys[] = { "hubid", "netdev", NULL };
static const char *const tap_keys[] = {
    "ifname", "fd", "fds", "script", "downscript", "br", "helper", "sndbuf",
    "vnet_hdr", "vhost", "vhostfd", "vhostfds", "vhostforce", "queues",
    "poll-us", NULL
};

static const NetdevType netdev_types[] = {
    { "socket", socket_keys, net_socket_init },
    { "stream", NULL, net_stream_init },
    { "dgram", NULL, net_dgram_init },
    { "hubport", hubport_keys, net_init_hubport },
    { "tap", tap_keys, net_init_tap },
};

static const NetdevType *netdev_type_find(const char *name)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(netdev_types); i++) {
        if (!g_strcmp0(netdev_types[i].name, name)) {
            return &netdev_types[i];
        }
    }
    return NULL;
}

static bool key_allowed(const char *const *keys, const char *key)
{
    for (; *keys; keys++) {
        if (!strcmp(*keys, key)) {
            return true;
        }
    }
    return false;
}

/* Syntax checks shared by -netdev and netdev_add. */
static const NetdevType *netdev_check(const QDict *opts, Error **errp)
{
    const char *type = qdict_get_try_str(opts, "type");
    const char *id = qdict_get_try_str(opts, "id");
    const NetdevType *t;
    const QDictEntry *e;

    if (!qdict_haskey(opts, "type")) {
        error_setg(errp, "Parameter 'type' is missing");
        return NULL;
    }
    t = netdev_type_find(type);
    if (!t) {
        error_setg(errp, "Parameter 'type' does not accept value '%s'",
                   type ? type : "");
        return NULL;
    }
    if (!qdict_haskey(opts, "id")) {
        error_setg(errp, "Parameter 'id' is missing");
        return NULL;
    }
    if (!id || !id_wellformed(id)) {
        error_setg(errp, "Parameter 'id' expects an identifier");
        error_append_hint(errp, "Identifiers consist of letters, digits, "
                          "'-', '.', '_', starting with a letter.\n");
        return NULL;
    }
    for (e = qdict_first(opts); e; e = qdict_next(opts, e)) {
        const char *key = qdict_entry_key(e);

        /* NULL keys: the back end reports unknown keys itself. */
        if (t->keys && strcmp(key, "type") && strcmp(key, "id") &&
            !key_allowed(t->keys, key)) {
            error_setg(errp, "Invalid parameter '%s'", key);
            return NULL;
        }
    }
    return t;
}

bool netdev_add_from_dict(const QDict *opts, Error **errp)
{
    const NetdevType *t = netdev_check(opts, errp);
    const char *id;

    if (!t) {
        return false;
    }
    id = qdict_get_try_str(opts, "id");
    if (qemu_find_net_client(id)) {
        /* What qemu answers netdev_add (no "for netdev" here). */
        error_setg(errp, "Duplicate ID '%s'", id);
        return false;
    }
    return t->init(opts, id, errp);
}

bool netdev_del(const char *id, Error **errp)
{
    NetClientState *nc = qemu_find_netdev(id);

    if (!nc) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                  "Device '%s' not found", id);
        return false;
    }
    /* All queues of a multi-queue back end go, the last first. */
    while (nc) {
        NetClientState *ncs[NET_MAX_QUEUES];
        int n = qemu_find_netdev_queues(id, ncs, NET_MAX_QUEUES);

        qemu_del_net_client(ncs[n - 1]);
        nc = qemu_find_netdev(id);
    }
    return true;
}

/* ---- the command line ---- */

static GPtrArray *pending_netdevs;

/* stream and dgram: the types qemu parses with keyval, not QemuOpts. */
static bool netdev_type_is_modern(const QDict *opts)
{
    const char *type = qdict_get_try_str(opts, "type");

    return !g_strcmp0(type, "stream") || !g_strcmp0(type, "dgram");
}

static void pending_free(gpointer data)
{
    PendingOption *p = data;

    qobject_unref(p->opts);
    g_free(p);
}

int net_cmdline_add(const char *arg, int idx, Error **errp)
{
    bool help;
    QDict *opts = keyval_parse(arg, "type", &help, 0, errp);
    const char *id;
    PendingOption *p;
    guint i;

    if (!opts) {
        return -1;
    }
    if (help || !g_strcmp0(qdict_get_try_str(opts, "type"), "help")) {
        size_t t;

        printf("Available netdev backend types:\n");
        for (t = 0; t < G_N_ELEMENTS(netdev_types); t++) {
            printf("%s\n", netdev_types[t].name);
        }
        qobject_unref(opts);
        return 1;
    }
    if (!netdev_check(opts, errp)) {
        qobject_unref(opts);
        return -1;
    }
    if (!pending_netdevs) {
        pending_netdevs = g_ptr_array_new_with_free_func(pending_free);
    }
    id = qdict_get_try_str(opts, "id");
    for (i = 0; i < pending_netdevs->len; i++) {
        PendingOption *q = g_ptr_array_index(pending_netdevs, i);

        if (!g_strcmp0(qdict_get_try_str(q->opts, "id"), id)) {
            /*
             * qemu parses stream and dgram apart from the older types;
             * only a clash between two of the latter names the group.
             */
            if (netdev_type_is_modern(opts) ||
                netdev_type_is_modern(q->opts)) {
                error_setg(errp, "Duplicate ID '%s'", id);
            } else {
                error_setg(errp, "Duplicate ID '%s' for netdev", id);
            }
            qobject_unref(opts);
            return -1;
        }
    }
    p = g_new0(PendingOption, 1);
    p->argv_index = idx;
    p->opts = opts;
    g_ptr_array_add(pending_netdevs, p);
    return 0;
}

bool net_create_pending(const Cmdline *cl)
{
    int pass;
    guint i;

    /*
     * qemu creates the keyval-parsed types (stream, dgram) before the
     * others, whatever their order on the command line; info network
     * and the peerless warnings list them in that order.
     */
    for (pass = 0; pass < 2; pass++) {
        for (i = 0; pending_netdevs && i < pending_netdevs->len; i++) {
            PendingOption *p = g_ptr_array_index(pending_netdevs, i);
            Error *err = NULL;

            if (netdev_type_is_modern(p->opts) != (pass == 0)) {
                continue;
            }
            cmdline_set_location(cl, p->argv_index);
            if (!netdev_add_from_dict(p->opts, &err)) {
                error_report_err(err);
                return false;
            }
        }
    }
    loc_set_none();
    if (pending_netdevs) {
        g_ptr_array_free(pending_netdevs, true);
        pending_netdevs = NULL;
    }
    return true;
}
