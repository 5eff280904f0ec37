/*
 * User-creatable objects: -object, object-add and object-del
 * (see include/qom/object-interfaces.h).
 */
#include "util/osdep.h"
#include "util/cutils.h"
#include "util/module.h"
#include "qom/object.h"
#include "qom/object-property.h"
#include "qom/object-interfaces.h"
#include "qobject/qinput.h"

bool user_creatable_complete(UserCreatable *uc, Error **errp)
{
    UserCreatableClass *ucc = USER_CREATABLE_GET_CLASS(uc);
    Error *local_err = NULL;

    if (ucc->complete) {
        ucc->complete(uc, &local_err);
    }
    if (local_err) {
        error_propagate(errp, local_err);
        return false;
    }
    return true;
}

/* Whether @type names a concrete type that -object may create. */
static ObjectClass *creatable_class(const char *type)
{
    ObjectClass *klass = object_class_by_name(type);

    if (!klass || object_class_is_abstract(klass) ||
        !object_class_dynamic_cast(klass, TYPE_USER_CREATABLE)) {
        return NULL;
    }
    return klass;
}

Object *user_creatable_add_type(const char *type, const char *id,
                                const QDict *props, bool keyval,
                                Error **errp)
{
    ObjectClass *klass = creatable_class(type);
    Object *objects = object_get_objects_root();
    const QDictEntry *e;
    Object *obj;

    if (!klass) {
        error_setg(errp, "Parameter 'qom-type' does not accept value '%s'",
                   type);
        return NULL;
    }
    if (!id_wellformed(id)) {
        error_setg(errp, "Parameter 'id' expects an identifier");
        error_append_hint(errp, ID_WELLFORMED_HINT);
        return NULL;
    }
    if (object_property_find(objects, id)) {
        /* qemu's words for it, from its property layer. */
        error_setg(errp, "attempt to add duplicate property '%s' to object "
                   "(type 'container')", id);
        return NULL;
    }

    obj = object_new_with_class(klass);
    for (e = props ? qdict_first(props) : NULL; e; e = qdict_next(props, e)) {
        QInput in = { .obj = qdict_entry_value(e), .keyval = keyval };
        ObjectProperty *prop = object_property_find(obj, qdict_entry_key(e));

        /* An option the type does not take, in qemu's words for the
         * command line and for JSON. */
        if (!prop || !prop->set) {
            error_setg(errp, keyval ? "Invalid parameter '%s'"
                                    : "Parameter '%s' is unexpected",
                       qdict_entry_key(e));
            object_unref(obj);
            return NULL;
        }
        if (!object_property_set(obj, qdict_entry_key(e), &in, errp)) {
            object_unref(obj);
            return NULL;
        }
    }
    object_property_add_child(objects, id, obj);
    object_unref(obj);
    if (!user_creatable_complete(USER_CREATABLE(obj), errp)) {
        object_unparent(obj);
        return NULL;
    }
    return obj;
}

/* The string member @key of @qdict, with qemu's errors if it is missing
 * or (in typed mode) not a string. */
static const char *dict_member_str(const QDict *qdict, const char *key,
                                   bool keyval, Error **errp)
{
    QInput in = { .obj = qdict_get(qdict, key), .keyval = keyval };

    return qinput_get_str(&in, key, errp);
}

Object *user_creatable_add_dict(const QDict *qdict, bool keyval,
                                Error **errp)
{
    g_autoptr(QDict) props = NULL;
    const char *type, *id;

    type = dict_member_str(qdict, "qom-type", keyval, errp);
    if (!type) {
        return NULL;
    }
    id = dict_member_str(qdict, "id", keyval, errp);
    if (!id) {
        return NULL;
    }
    /* @type and @id stay valid: @qdict still holds them. */
    props = qdict_clone_shallow(qdict);
    qdict_del(props, "qom-type");
    qdict_del(props, "id");
    return user_creatable_add_type(type, id, props, keyval, errp);
}

bool user_creatable_del(const char *id, Error **errp)
{
    Object *obj = object_resolve_path_component(object_get_objects_root(),
                                                id);
    UserCreatableClass *ucc;

    if (!obj) {
        error_setg(errp, "object '%s' not found", id);
        return false;
    }
    if (!object_dynamic_cast(obj, TYPE_USER_CREATABLE)) {
        error_setg(errp, "object '%s' can not be deleted", id);
        return false;
    }
    ucc = USER_CREATABLE_GET_CLASS(obj);
    if (ucc->can_be_deleted && !ucc->can_be_deleted(USER_CREATABLE(obj))) {
        error_setg(errp, "object '%s' is in use, can not be deleted", id);
        return false;
    }
    object_unparent(obj);
    return true;
}

static int unparent_one(Object *obj, void *opaque)
{
    object_unparent(obj);
    return 0;
}

void user_creatable_cleanup(void)
{
    object_child_foreach(object_get_objects_root(), unparent_one, NULL);
}

static void print_type_name(ObjectClass *klass, void *opaque)
{
    printf("  %s\n", object_class_get_name(klass));
}

bool user_creatable_print_help(const char *type, Error **errp)
{
    ObjectClass *klass;

    if (!type || !strcmp(type, "help") || !strcmp(type, "?")) {
        printf("List of user creatable objects:\n");
        object_class_foreach(print_type_name, TYPE_USER_CREATABLE, false,
                             NULL);
        return true;
    }
    klass = creatable_class(type);
    if (!klass) {
        error_setg(errp, "Parameter 'qom-type' does not accept value '%s'",
                   type);
        return false;
    }
    printf("%s options:\n", type);
    object_class_print_properties(klass, NULL);
    return true;
}

static const TypeInfo user_creatable_info = {
    .name = TYPE_USER_CREATABLE,
    .parent = TYPE_INTERFACE,
    .class_size = sizeof(UserCreatableClass),
};

static void register_types(void)
{
    type_register_static(&user_creatable_info);
}

type_init(register_types)
