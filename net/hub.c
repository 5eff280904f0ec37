/*
 * -netdev hubport,id=ID,hubid=N: ports of a hub that repeats every frame
 * from one port to all the others.  Hubs exist while they have ports.
 */
#include "util/osdep.h"
#include "util/error.h"
#include "util/cutils.h"
#include "net/net.h"

typedef struct NetHubPort {
    NetClientState nc;
    int hub_id;
} NetHubPort;

/* All ports of all hubs; a hub is the set of ports with its id. */
static GList *hub_ports;

static ssize_t net_hub_receive(NetClientState *nc, const uint8_t *buf,
                               size_t size)
{
    NetHubPort *src = (NetHubPort *)nc;
    GList *l;

    for (l = hub_ports; l; l = l->next) {
        NetHubPort *p = l->data;

        if (p != src && p->hub_id == src->hub_id) {
            qemu_send_packet(&p->nc, buf, size);
        }
    }
    return size;
}

static void net_hub_cleanup(NetClientState *nc)
{
    hub_ports = g_list_remove(hub_ports, nc);
}

static const NetClientInfo net_hub_port_info = {
    .type = "hubport",
    .size = sizeof(NetHubPort),
    .receive = net_hub_receive,
    .cleanup = net_hub_cleanup,
};

int net_hub_id_for_client(NetClientState *nc)
{
    if (nc->info != &net_hub_port_info) {
        return -1;
    }
    return ((NetHubPort *)nc)->hub_id;
}

bool net_init_hubport(const QDict *opts, const char *id, Error **errp)
{
    QObject *o = qdict_get(opts, "hubid");
    const char *s = qdict_get_try_str(opts, "hubid");
    const char *peer_id = net_opt_str(opts, "netdev");
    NetClientState *peer = NULL;
    NetHubPort *port;
    int64_t hubid;

    if (!o) {
        error_setg(errp, "Parameter 'hubid' is missing");
        return false;
    }
    if (s) {
        if (parse_int64(s, &hubid) < 0 || hubid < 0 || hubid > INT32_MAX) {
            error_setg(errp, "Parameter 'hubid' expects int32");
            return false;
        }
    } else if (qobject_type(o) != QTYPE_QNUM ||
               !qnum_get_try_int(qobject_to(QNum, o), &hubid) ||
               hubid < 0 || hubid > INT32_MAX) {
        error_setg(errp, "Parameter 'hubid' expects int32");
        return false;
    }
    if (peer_id) {
        peer = qemu_find_netdev(peer_id);
        if (!peer) {
            error_setg(errp, "netdev '%s' not found", peer_id);
            return false;
        }
        if (peer->peer) {
            error_setg(errp, "netdev '%s' already in use", peer_id);
            return false;
        }
    }
    port = (NetHubPort *)qemu_new_net_client(&net_hub_port_info, peer,
                                             "hubport", id);
    port->hub_id = hubid;
    port->nc.is_netdev = true;
    snprintf(port->nc.info_str, sizeof(port->nc.info_str), "hub %d",
             port->hub_id);
    hub_ports = g_list_append(hub_ports, port);
    return true;
}
