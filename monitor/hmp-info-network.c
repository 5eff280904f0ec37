/*
 * "info network" for human-monitor-command: the hubs with their ports
 * (newest hub and port first, as qemu lists them), then every card with
 * the back end it is connected to, then back ends with no peer.  A
 * client prints as "NAME: index=QUEUE,type=TYPE,INFO".
 */
#include "util/osdep.h"
#include "monitor/monitor.h"
#include "monitor/qmp.h"
#include "net/net.h"

static void print_client(GString *out, NetClientState *nc)
{
    g_string_append_printf(out, "%s: index=%d,type=%s,%s\n", nc->name,
                           nc->queue_index, nc->info->type, nc->info_str);
}

/* Whether @nc was printed with a hub: a port, or a port's peer. */
static bool on_hub(NetClientState *nc)
{
    return net_hub_id_for_client(nc) >= 0 ||
           (nc->peer && net_hub_id_for_client(nc->peer) >= 0);
}

static void print_hubs(GString *out, GList *clients)
{
    g_autoptr(GArray) hubs = g_array_new(false, false, sizeof(int));
    GList *l;
    guint i;

    /* Hubs in order of their first port, newest first. */
    for (l = clients; l; l = l->next) {
        int id = net_hub_id_for_client(l->data);
        bool seen = false;

        for (i = 0; id >= 0 && i < hubs->len; i++) {
            seen |= g_array_index(hubs, int, i) == id;
        }
        if (id >= 0 && !seen) {
            g_array_prepend_val(hubs, id);
        }
    }
    for (i = 0; i < hubs->len; i++) {
        int id = g_array_index(hubs, int, i);

        g_string_append_printf(out, "hub %d\n", id);
        for (l = g_list_last(clients); l; l = l->prev) {
            NetClientState *port = l->data;

            if (net_hub_id_for_client(port) != id) {
                continue;
            }
            g_string_append_printf(out, " \\ %s", port->name);
            if (port->peer) {
                g_string_append(out, ": ");
                print_client(out, port->peer);
            } else {
                g_string_append(out, "\n");
            }
        }
    }
}

static void hmp_info_network(GString *out, const char *arg)
{
    GList *clients = qemu_net_clients();
    GList *l;

    print_hubs(out, clients);
    for (l = clients; l; l = l->next) {
        NetClientState *nc = l->data;
        bool nic = !strcmp(nc->info->type, "nic");

        if (on_hub(nc)) {
            continue;
        }
        /* A back end with a card prints under the card. */
        if (!nc->peer || nic) {
            print_client(out, nc);
        }
        if (nc->peer && nic) {
            g_string_append(out, " \\ ");
            print_client(out, nc->peer);
        }
    }
}

static void hmp_info_network_register(void)
{
    hmp_register_info("network", NULL, "show the network state",
                      hmp_info_network);
}

qmp_init(hmp_info_network_register)
