/*
 * -netdev hubport,id=ID,hubid=N: ports of a hub that repeats every frame
 * from one port to all the others.  Hubs exist while they have ports.
 */
#include "util/osdep.h"
#include "util/error.h"
#include "util/cutils.h"
#include "util/error-report.h"
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

void net_hub_check_clients(bool qtest)
{
    g_autoptr(GArray) hubs = g_array_new(false, false, sizeof(int));
    GList *l, *p;
    guint i;

    /* Hubs in order of their first port, newest first, as info network. */
    for (l = hub_ports; l; l = l->next) {
        int id = ((NetHubPort *)l->data)->hub_id;
        bool seen = false;

        for (i = 0; i < hubs->len; i++) {
            seen |= g_array_index(hubs, int, i) == id;
        }
        if (!seen) {
            g_array_prepend_val(hubs, id);
        }
    }
    for (i = 0; i < hubs->len; i++) {
        int id = g_array_index(hubs, int, i);
        bool has_nic = false, has_host = false;

        for (p = g_list_last(hub_ports); p; p = p->prev) {
            NetHubPort *port = p->data;

            if (port->hub_id != id) {
                continue;
            }
            if (!port->nc.peer) {
                warn_report("hub port %s has no peer", port->nc.name);
            } else if (!strcmp(port->nc.peer->info->type, "nic")) {
                has_nic = true;
            } else {
                has_host = true;
            }
        }
        if (has_host && !has_nic) {
            warn_report("hub %d with no nics", id);
        }
        if (has_nic && !has_host && !qtest) {
            warn_report("hub %d is not connected to host network", id);
        }
    }
}

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
