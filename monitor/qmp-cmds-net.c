/*
 * Network QMP commands: netdev_add, netdev_del, set_link, announce-self
 * and query-rx-filter (see include/net/net.h).
 */
#include "util/osdep.h"
#include "monitor/qmp.h"
#include "net/net.h"

static void qmp_netdev_add(const QDict *args, QObject **ret, Error **errp)
{
    netdev_add_from_dict(args, errp);
}

static void qmp_netdev_del(const QDict *args, QObject **ret, Error **errp)
{
    netdev_del(qdict_get_try_str(args, "id"), errp);
}

static void qmp_set_link(const QDict *args, QObject **ret, Error **errp)
{
    qemu_set_link(qdict_get_try_str(args, "name"),
                  qdict_get_try_bool(args, "up", true), errp);
}

/* Defaults as qemu's AnnounceParameters. */
#define ANNOUNCE_INITIAL_MS 50
#define ANNOUNCE_MAX_MS     550
#define ANNOUNCE_ROUNDS     5
#define ANNOUNCE_STEP_MS    100

static void qmp_announce_self(const QDict *args, QObject **ret,
                              Error **errp)
{
    qemu_announce_self(qdict_get_try_int(args, "initial",
                                         ANNOUNCE_INITIAL_MS),
                       qdict_get_try_int(args, "max", ANNOUNCE_MAX_MS),
                       qdict_get_try_int(args, "rounds", ANNOUNCE_ROUNDS),
                       qdict_get_try_int(args, "step", ANNOUNCE_STEP_MS),
                       errp);
}

static bool net_client_is_nic(const NetClientState *nc)
{
    return !strcmp(nc->info->type, "nic");
}

/*
 * query-rx-filter: one entry per card (its queue 0, not one per queue),
 * every card that can tell, or only the card named.  The first client
 * with the name decides, as in qemu (back ends come first, so a netdev
 * and a card that share an id give "isn't a NIC").
 */
static void qmp_query_rx_filter(const QDict *args, QObject **ret,
                                Error **errp)
{
    const char *name = qdict_get_try_str(args, "name");
    QList *list;
    GList *l;

    if (name) {
        NetClientState *nc = qemu_find_net_client(name);

        if (!nc) {
            error_setg(errp, "invalid net client name: %s", name);
            return;
        }
        if (!net_client_is_nic(nc)) {
            error_setg(errp, "net client(%s) isn't a NIC", name);
            return;
        }
        if (!nc->info->query_rx_filter) {
            error_setg(errp, "net client(%s) doesn't support rx-filter "
                       "querying", name);
            return;
        }
        list = qlist_new();
        qlist_append_obj(list, QOBJECT(qemu_net_query_rx_filter(nc)));
        *ret = QOBJECT(list);
        return;
    }
    list = qlist_new();
    for (l = qemu_net_clients(); l; l = l->next) {
        NetClientState *nc = l->data;

        if (net_client_is_nic(nc) && nc->queue_index == 0 &&
            nc->info->query_rx_filter) {
            qlist_append_obj(list, QOBJECT(qemu_net_query_rx_filter(nc)));
        }
    }
    *ret = QOBJECT(list);
}

static const QmpArgSpec netdev_del_args[] = {
    { "id", QMP_ARG_STR },
    { NULL }
};

static const QmpArgSpec set_link_args[] = {
    { "name", QMP_ARG_STR },
    { "up", QMP_ARG_BOOL },
    { NULL }
};

static const QmpArgSpec announce_args[] = {
    { "initial", QMP_ARG_INT, .optional = true },
    { "max", QMP_ARG_INT, .optional = true },
    { "rounds", QMP_ARG_INT, .optional = true },
    { "step", QMP_ARG_INT, .optional = true },
    { "interfaces", QMP_ARG_LIST, .optional = true },
    { "id", QMP_ARG_STR, .optional = true },
    { NULL }
};

static const QmpArgSpec query_rx_filter_args[] = {
    { "name", QMP_ARG_STR, .optional = true },
    { NULL }
};

static void qmp_net_register(void)
{
    qmp_register_command("netdev_add", qmp_netdev_add, NULL, QMP_ARGS_ANY);
    qmp_register_command("netdev_del", qmp_netdev_del, netdev_del_args, 0);
    qmp_register_command("set_link", qmp_set_link, set_link_args, 0);
    qmp_register_command("announce-self", qmp_announce_self, announce_args,
                         0);
    qmp_register_command("query-rx-filter", qmp_query_rx_filter,
                         query_rx_filter_args, 0);
}

qmp_init(qmp_net_register)
