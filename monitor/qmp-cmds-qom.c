/*
 * QMP commands on the object model: qom-list, qom-get, qom-set,
 * qom-list-types, qom-list-properties, object-add, object-del.
 */
#include "util/osdep.h"
#include "qom/object.h"
#include "qom/object-property.h"
#include "qom/object-interfaces.h"
#include "monitor/qmp.h"
#include "monitor/qmp-util.h"

Object *qmp_resolve_path(const char *path, Error **errp)
{
    bool ambiguous = false;
    Object *obj = object_resolve_path(path, &ambiguous);

    if (!obj) {
        if (ambiguous) {
            error_setg(errp, "Path '%s' is ambiguous", path);
        } else {
            error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                      "Device '%s' not found", path);
        }
    }
    return obj;
}

/* {"name", "type", "description"?, "default-value"?} */
QDict *qmp_property_info(const ObjectProperty *prop, bool with_details)
{
    QDict *info = qdict_new();

    qdict_put_str(info, "name", prop->name);
    qdict_put_str(info, "type", prop->type);
    if (with_details && prop->description) {
        qdict_put_str(info, "description", prop->description);
    }
    if (with_details && prop->defval) {
        qdict_put_obj(info, "default-value", qobject_clone(prop->defval));
    }
    return info;
}

static void qmp_qom_list(const QDict *args, QObject **ret, Error **errp)
{
    Object *obj = qmp_resolve_path(qdict_get_try_str(args, "path"), errp);
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    QList *list;

    if (!obj) {
        return;
    }
    list = qlist_new();
    object_property_iter_init(&iter, obj);
    while ((prop = object_property_iter_next(&iter))) {
        qlist_append(list, qmp_property_info(prop, false));
    }
    *ret = QOBJECT(list);
}

/*
 * qom-get and qom-set, unlike qom-list, do not tell an ambiguous partial
 * path from a missing one: qemu answers DeviceNotFound for both.
 */
static Object *resolve_path_or_not_found(const char *path, Error **errp)
{
    Object *obj = object_resolve_path(path, NULL);

    if (!obj) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                  "Device '%s' not found", path);
    }
    return obj;
}

static void qmp_qom_get(const QDict *args, QObject **ret, Error **errp)
{
    Object *obj = resolve_path_or_not_found(qdict_get_try_str(args, "path"),
                                            errp);

    if (obj) {
        *ret = object_property_get(obj, qdict_get_try_str(args, "property"),
                                   errp);
    }
}

static void qmp_qom_set(const QDict *args, QObject **ret, Error **errp)
{
    Object *obj = resolve_path_or_not_found(qdict_get_try_str(args, "path"),
                                            errp);

    if (obj) {
        object_property_set_qobject(obj, qdict_get_try_str(args, "property"),
                                    qdict_get(args, "value"), errp);
    }
}

static void add_type_info(ObjectClass *klass, void *opaque)
{
    QDict *info = qdict_new();
    ObjectClass *parent = object_class_get_parent(klass);

    qdict_put_str(info, "name", object_class_get_name(klass));
    if (object_class_is_abstract(klass)) {
        qdict_put_bool(info, "abstract", true);
    }
    if (parent) {
        qdict_put_str(info, "parent", object_class_get_name(parent));
    }
    qlist_append(opaque, info);
}

static void qmp_qom_list_types(const QDict *args, QObject **ret,
                               Error **errp)
{
    const char *implements = qdict_get_try_str(args, "implements");
    bool abstract = qdict_get_try_bool(args, "abstract", false);
    QList *list = qlist_new();

    /* An unknown type implements nothing: an empty list, not an error. */
    if (!implements || object_class_by_name(implements)) {
        object_class_foreach(add_type_info, implements, abstract, list);
    }
    *ret = QOBJECT(list);
}

QList *qmp_class_properties(ObjectClass *klass,
                            bool (*skip)(const ObjectProperty *prop))
{
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    Object *obj = NULL;
    QList *list = qlist_new();

    /* A temporary instance shows the properties its init adds too. */
    if (!object_class_is_abstract(klass)) {
        obj = object_new_with_class(klass);
        object_property_iter_init(&iter, obj);
    } else {
        object_class_property_iter_init(&iter, klass);
    }
    while ((prop = object_property_iter_next(&iter))) {
        if (!skip || !skip(prop)) {
            qlist_append(list, qmp_property_info(prop, true));
        }
    }
    object_unref(obj);
    return list;
}

static void qmp_qom_list_properties(const QDict *args, QObject **ret,
                                    Error **errp)
{
    const char *typename = qdict_get_try_str(args, "typename");
    ObjectClass *klass = object_class_by_name(typename);

    if (!klass) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                  "Class '%s' not found", typename);
        return;
    }
    if (object_class_dynamic_cast(klass, TYPE_INTERFACE)) {
        /* qemu's wording, although an interface is a QOM type too. */
        error_setg(errp, "Parameter 'typename' expects a QOM type");
        return;
    }
    *ret = QOBJECT(qmp_class_properties(klass, NULL));
}

static void qmp_object_add(const QDict *args, QObject **ret, Error **errp)
{
    user_creatable_add_dict(args, false, errp);
}

static void qmp_object_del(const QDict *args, QObject **ret, Error **errp)
{
    user_creatable_del(qdict_get_try_str(args, "id"), errp);
}

static const QmpArgSpec path_args[] = {
    { "path", QMP_ARG_STR },
    { NULL }
};

static const QmpArgSpec get_args[] = {
    { "path", QMP_ARG_STR },
    { "property", QMP_ARG_STR },
    { NULL }
};

static const QmpArgSpec set_args[] = {
    { "path", QMP_ARG_STR },
    { "property", QMP_ARG_STR },
    { "value", QMP_ARG_ANY },
    { NULL }
};

static const QmpArgSpec list_types_args[] = {
    { "implements", QMP_ARG_STR, .optional = true },
    { "abstract", QMP_ARG_BOOL, .optional = true },
    { NULL }
};

static const QmpArgSpec typename_args[] = {
    { "typename", QMP_ARG_STR },
    { NULL }
};

static const QmpArgSpec object_add_args[] = {
    { "qom-type", QMP_ARG_STR },
    { "id", QMP_ARG_STR },
    { NULL }
};

static const QmpArgSpec id_args[] = {
    { "id", QMP_ARG_STR },
    { NULL }
};

static void qmp_qom_register(void)
{
    qmp_register_command("qom-list", qmp_qom_list, path_args,
                         QMP_ALLOW_PRECONFIG);
    qmp_register_command("qom-get", qmp_qom_get, get_args,
                         QMP_ALLOW_PRECONFIG);
    qmp_register_command("qom-set", qmp_qom_set, set_args,
                         QMP_ALLOW_PRECONFIG);
    qmp_register_command("qom-list-types", qmp_qom_list_types,
                         list_types_args, QMP_ALLOW_PRECONFIG);
    qmp_register_command("qom-list-properties", qmp_qom_list_properties,
                         typename_args, QMP_ALLOW_PRECONFIG);
    qmp_register_command("object-add", qmp_object_add, object_add_args,
                         QMP_ARGS_ANY | QMP_ALLOW_PRECONFIG);
    qmp_register_command("object-del", qmp_object_del, id_args,
                         QMP_ALLOW_PRECONFIG);
}

qmp_init(qmp_qom_register)
