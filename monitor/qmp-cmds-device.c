/*
 * QMP commands on devices: device_add, device_del, device-list-properties.
 * They share the -device code path (system/device-add.c).
 */
#include "util/osdep.h"
#include "hw/core/qdev.h"
#include "system/device-add.h"
#include "monitor/qmp.h"
#include "monitor/qmp-util.h"

/*
 * qemu's device_add passes its arguments through its option layer, which
 * turns every scalar into a string, drops a non-string "id" (the device is
 * then anonymous) and silently ignores null, object and array values.
 * Clients rely on the first; the rest is matched so that nothing that
 * works with qemu fails here.
 */
static QDict *device_add_flatten(const QDict *args)
{
    QDict *opts = qdict_new();
    const QDictEntry *e;

    for (e = qdict_first(args); e; e = qdict_next(args, e)) {
        const char *key = qdict_entry_key(e);
        QObject *v = qdict_entry_value(e);

        switch (qobject_type(v)) {
        case QTYPE_QSTRING:
            qdict_put_obj(opts, key, qobject_ref(v));
            break;
        case QTYPE_QNUM:
            if (strcmp(key, "id")) {
                g_autofree char *text = qnum_to_string(qobject_to(QNum, v));
                qdict_put_str(opts, key, text);
            }
            break;
        case QTYPE_QBOOL:
            if (strcmp(key, "id")) {
                qdict_put_str(opts, key, qbool_get_bool(qobject_to(QBool, v))
                                         ? "on" : "off");
            }
            break;
        default:
            break;
        }
    }
    return opts;
}

static void qmp_device_add(const QDict *args, QObject **ret, Error **errp)
{
    g_autoptr(QDict) opts = device_add_flatten(args);

    qdev_device_add(opts, false, errp);
}

static void qmp_device_del(const QDict *args, QObject **ret, Error **errp)
{
    qdev_device_del(qdict_get_try_str(args, "id"), errp);
}

/*
 * The plumbing every device has, which is not configuration.  Children
 * and links the type's instance_init adds (GPIO lines, for one) are
 * listed, as qemu lists them.
 */
static bool skip_device_plumbing(const ObjectProperty *prop)
{
    static const char *const plumbing[] = {
        "type", "realized", "hotpluggable", "hotplugged", "parent_bus",
    };
    unsigned i;

    for (i = 0; i < ARRAY_SIZE(plumbing); i++) {
        if (!strcmp(prop->name, plumbing[i])) {
            return true;
        }
    }
    return false;
}

static void qmp_device_list_properties(const QDict *args, QObject **ret,
                                       Error **errp)
{
    const char *typename = qdict_get_try_str(args, "typename");
    ObjectClass *klass = object_class_by_name(typename);

    if (!klass) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                  "Device '%s' not found", typename);
        return;
    }
    if (!object_class_dynamic_cast(klass, TYPE_DEVICE) ||
        object_class_is_abstract(klass)) {
        error_setg(errp, "Parameter 'typename' expects a non-abstract "
                   "device type");
        return;
    }
    *ret = QOBJECT(qmp_class_properties(klass, skip_device_plumbing));
}

/* Checked by the option layer above, which is as lenient as qemu's. */
static const QmpArgSpec device_add_args[] = {
    { "driver", QMP_ARG_ANY },
    { NULL }
};

static const QmpArgSpec device_del_args[] = {
    { "id", QMP_ARG_STR },
    { NULL }
};

static const QmpArgSpec typename_args[] = {
    { "typename", QMP_ARG_STR },
    { NULL }
};

static void qmp_device_register(void)
{
    qmp_register_command("device_add", qmp_device_add, device_add_args,
                         QMP_ARGS_ANY);
    qmp_register_command("device_del", qmp_device_del, device_del_args, 0);
    qmp_register_command("device-list-properties",
                         qmp_device_list_properties, typename_args, 0);
}

qmp_init(qmp_device_register)
