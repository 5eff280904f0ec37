/*
 * Network QMP commands: netdev_add, netdev_del, set_link and
 * announce-self (see include/net/net.h).
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

static void qmp_net_register(void)
{
    qmp_register_command("netdev_add", qmp_netdev_add, NULL, QMP_ARGS_ANY);
    qmp_register_command("netdev_del", qmp_netdev_del, netdev_del_args, 0);
    qmp_register_command("set_link", qmp_set_link, set_link_args, 0);
    qmp_register_command("announce-self", qmp_announce_self, announce_args,
                         0);
}

qmp_init(qmp_net_register)
