/*
 * QOM property tables, lookup, iteration and generic get/set
 * (see include/qom/object-property.h).  The typed property kinds
 * (str, bool, enum, integers, child, link, alias) are in
 * object-property-types.c.
 */
#include "util/osdep.h"
#include "qom/object.h"
#include "qom/object-property.h"
#include "qom/object-internal.h"
#include "qobject/qjson.h"

static ObjectProperty *class_find_here(ObjectClass *klass, const char *name)
{
    return g_hash_table_lookup(klass->properties, name);
}

ObjectProperty *object_class_property_find(ObjectClass *klass,
                                           const char *name)
{
    for (; klass; klass = object_class_get_parent(klass)) {
        ObjectProperty *prop = class_find_here(klass, name);
        if (prop) {
            return prop;
        }
    }
    return NULL;
}

ObjectProperty *object_property_find(Object *obj, const char *name)
{
    ObjectProperty *prop = g_hash_table_lookup(obj->properties, name);

    return prop ? prop : object_class_property_find(obj->class, name);
}

ObjectProperty *object_property_find_err(Object *obj, const char *name,
                                         Error **errp)
{
    ObjectProperty *prop = object_property_find(obj, name);

    if (!prop) {
        error_setg(errp, "Property '%s.%s' not found",
                   object_get_typename(obj), name);
    }
    return prop;
}

static ObjectProperty *property_new(const char *name, const char *type,
                                    ObjectPropertyGet *get,
                                    ObjectPropertySet *set,
                                    ObjectPropertyRelease *release,
                                    void *opaque)
{
    ObjectProperty *prop = g_new0(ObjectProperty, 1);

    prop->name = g_strdup(name);
    prop->type = g_strdup(type);
    prop->get = get;
    prop->set = set;
    prop->release = release;
    prop->opaque = opaque;
    return prop;
}

static void property_free(ObjectProperty *prop)
{
    g_free(prop->name);
    g_free(prop->type);
    g_free(prop->description);
    qobject_unref(prop->defval);
    g_free(prop);
}

ObjectProperty *object_property_add(Object *obj, const char *name,
                                    const char *type,
                                    ObjectPropertyGet *get,
                                    ObjectPropertySet *set,
                                    ObjectPropertyRelease *release,
                                    void *opaque)
{
    size_t len = strlen(name);
    ObjectProperty *prop;

    if (len >= 3 && !strcmp(name + len - 3, "[*]")) {
        g_autofree char *stem = g_strndup(name, len - 3);
        unsigned i;

        for (i = 0; ; i++) {
            g_autofree char *full = g_strdup_printf("%s[%u]", stem, i);
            if (!object_property_find(obj, full)) {
                return object_property_add(obj, full, type, get, set,
                                           release, opaque);
            }
        }
    }
    if (object_property_find(obj, name)) {
        fprintf(stderr, "attempt to add duplicate property '%s' to object "
                "(type '%s')\n", name, object_get_typename(obj));
        abort();
    }
    prop = property_new(name, type, get, set, release, opaque);
    g_hash_table_insert(obj->properties, prop->name, prop);
    g_ptr_array_add(obj->prop_order, prop);
    return prop;
}

ObjectProperty *object_class_property_add(ObjectClass *klass,
                                          const char *name, const char *type,
                                          ObjectPropertyGet *get,
                                          ObjectPropertySet *set,
                                          ObjectPropertyRelease *release,
                                          void *opaque)
{
    ObjectProperty *prop;

    if (object_class_property_find(klass, name)) {
        fprintf(stderr, "attempt to add duplicate property '%s' to class "
                "(type '%s')\n", name, object_class_get_name(klass));
        abort();
    }
    prop = property_new(name, type, get, set, release, opaque);
    g_hash_table_insert(klass->properties, prop->name, prop);
    g_ptr_array_add(klass->prop_order, prop);
    return prop;
}

static void property_delete(Object *obj, ObjectProperty *prop)
{
    /* Release first: a child being unparented still has its path.  A
     * property whose release is under way is not deleted twice. */
    if (prop->releasing) {
        return;
    }
    prop->releasing = true;
    if (prop->release) {
        prop->release(obj, prop);
    }
    g_hash_table_remove(obj->properties, prop->name);
    g_ptr_array_remove(obj->prop_order, prop);
    property_free(prop);
}

void object_property_del(Object *obj, const char *name)
{
    ObjectProperty *prop = g_hash_table_lookup(obj->properties, name);

    if (prop) {
        property_delete(obj, prop);
    }
}

void object_property_del_all(Object *obj)
{
    ObjectPropertyIterator iter;
    ObjectProperty *prop;

    /* Latest first: properties added later may depend on earlier ones. */
    while (obj->prop_order->len) {
        ObjectProperty *prop = g_ptr_array_index(obj->prop_order,
                                                 obj->prop_order->len - 1);
        g_assert(!prop->releasing);
        property_delete(obj, prop);
    }
    /* Class properties are shared, but what they hold (strong links,
     * strings) belongs to this instance. */
    object_class_property_iter_init(&iter, obj->class);
    while ((prop = object_property_iter_next(&iter))) {
        if (prop->release) {
            prop->release(obj, prop);
        }
    }
}

void object_property_del_child(Object *obj, Object *child)
{
    guint i;

    for (i = 0; i < obj->prop_order->len; i++) {
        ObjectProperty *prop = g_ptr_array_index(obj->prop_order, i);
        if (object_property_is_child(prop) && prop->opaque == child &&
            !prop->releasing) {
            property_delete(obj, prop);
            return;
        }
    }
}

void object_class_property_init_all(Object *obj)
{
    ObjectPropertyIterator iter;
    ObjectProperty *prop;

    object_class_property_iter_init(&iter, obj->class);
    while ((prop = object_property_iter_next(&iter))) {
        if (prop->init) {
            prop->init(obj, prop);
        }
    }
}

void object_property_set_description(Object *obj, const char *name,
                                     const char *description)
{
    ObjectProperty *prop = object_property_find(obj, name);

    g_assert(prop);
    g_free(prop->description);
    prop->description = g_strdup(description);
}

void object_class_property_set_description(ObjectClass *klass,
                                           const char *name,
                                           const char *description)
{
    ObjectProperty *prop = class_find_here(klass, name);

    g_assert(prop);
    g_free(prop->description);
    prop->description = g_strdup(description);
}

static void property_init_defval(Object *obj, ObjectProperty *prop)
{
    QInput in = QINPUT_TYPED(prop->defval);

    g_assert(prop->set);
    prop->set(obj, prop, &in, &error_abort);
}

void object_property_set_default(ObjectProperty *prop, QObject *value)
{
    g_assert(!prop->defval && !prop->init);
    prop->defval = value;
    prop->init = property_init_defval;
}

void object_property_set_default_bool(ObjectProperty *prop, bool value)
{
    object_property_set_default(prop, QOBJECT(qbool_from_bool(value)));
}

void object_property_set_default_int(ObjectProperty *prop, int64_t value)
{
    object_property_set_default(prop, QOBJECT(qnum_from_int(value)));
}

void object_property_set_default_uint(ObjectProperty *prop, uint64_t value)
{
    object_property_set_default(prop, QOBJECT(qnum_from_uint(value)));
}

void object_property_set_default_str(ObjectProperty *prop, const char *value)
{
    object_property_set_default(prop, QOBJECT(qstring_from_str(value)));
}

/* Iteration */

void object_property_iter_init(ObjectPropertyIterator *iter, Object *obj)
{
    iter->order = obj->prop_order;
    iter->index = 0;
    iter->next_class = obj->class;
}

void object_class_property_iter_init(ObjectPropertyIterator *iter,
                                     ObjectClass *klass)
{
    iter->order = klass->prop_order;
    iter->index = 0;
    iter->next_class = object_class_get_parent(klass);
}

ObjectProperty *object_property_iter_next(ObjectPropertyIterator *iter)
{
    while (iter->index >= iter->order->len) {
        if (!iter->next_class) {
            return NULL;
        }
        iter->order = iter->next_class->prop_order;
        iter->index = 0;
        iter->next_class = object_class_get_parent(iter->next_class);
    }
    return g_ptr_array_index(iter->order, iter->index++);
}

/* Get and set */

bool object_property_set(Object *obj, const char *name, const QInput *in,
                         Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);
    Error *local_err = NULL;

    if (!prop) {
        return false;
    }
    if (!prop->set) {
        error_setg(errp, "Property '%s.%s' is not writable",
                   object_get_typename(obj), name);
        return false;
    }
    prop->set(obj, prop, in, &local_err);
    if (local_err) {
        error_propagate(errp, local_err);
        return false;
    }
    return true;
}

bool object_property_set_qobject(Object *obj, const char *name,
                                 QObject *value, Error **errp)
{
    QInput in = QINPUT_TYPED(value);

    return object_property_set(obj, name, &in, errp);
}

bool object_property_parse(Object *obj, const char *name, const char *string,
                           Error **errp)
{
    g_autoptr(QObject) value = QOBJECT(qstring_from_str(string));
    QInput in = QINPUT_KEYVAL(value);

    return object_property_set(obj, name, &in, errp);
}

static bool set_owned(Object *obj, const char *name, QObject *value,
                      Error **errp)
{
    bool ok = object_property_set_qobject(obj, name, value, errp);

    qobject_unref(value);
    return ok;
}

bool object_property_set_bool(Object *obj, const char *name, bool value,
                              Error **errp)
{
    return set_owned(obj, name, QOBJECT(qbool_from_bool(value)), errp);
}

bool object_property_set_int(Object *obj, const char *name, int64_t value,
                             Error **errp)
{
    return set_owned(obj, name, QOBJECT(qnum_from_int(value)), errp);
}

bool object_property_set_uint(Object *obj, const char *name, uint64_t value,
                              Error **errp)
{
    return set_owned(obj, name, QOBJECT(qnum_from_uint(value)), errp);
}

bool object_property_set_str(Object *obj, const char *name,
                             const char *value, Error **errp)
{
    return set_owned(obj, name, QOBJECT(qstring_from_str(value)), errp);
}

bool object_property_set_link(Object *obj, const char *name, Object *value,
                              Error **errp)
{
    g_autofree char *path = NULL;

    if (value) {
        path = object_get_canonical_path(value);
        if (!path) {
            error_setg(errp, "Cannot link property '%s' to an object that "
                       "is not in the composition tree", name);
            return false;
        }
    }
    return set_owned(obj, name, QOBJECT(qstring_from_str(path ? path : "")),
                     errp);
}

QObject *object_property_get(Object *obj, const char *name, Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);

    if (!prop) {
        return NULL;
    }
    if (!prop->get) {
        error_setg(errp, "Property '%s.%s' is not readable",
                   object_get_typename(obj), name);
        return NULL;
    }
    return prop->get(obj, prop, errp);
}

/* Read @name and check that it has JSON type @type. */
static QObject *get_typed(Object *obj, const char *name, QType type,
                          const char *what, Error **errp)
{
    QObject *value = object_property_get(obj, name, errp);

    if (value && qobject_type(value) != type) {
        error_setg(errp, "Invalid parameter type for '%s', expected: %s",
                   name, what);
        qobject_unref(value);
        return NULL;
    }
    return value;
}

bool object_property_get_bool(Object *obj, const char *name, Error **errp)
{
    g_autoptr(QObject) value = get_typed(obj, name, QTYPE_QBOOL, "boolean",
                                         errp);

    return value ? qbool_get_bool(qobject_to(QBool, value)) : false;
}

int64_t object_property_get_int(Object *obj, const char *name, Error **errp)
{
    g_autoptr(QObject) value = get_typed(obj, name, QTYPE_QNUM, "integer",
                                         errp);
    int64_t ret = 0;

    if (value && !qnum_get_try_int(qobject_to(QNum, value), &ret)) {
        error_setg(errp, "Invalid parameter type for '%s', expected: %s",
                   name, "integer");
    }
    return ret;
}

uint64_t object_property_get_uint(Object *obj, const char *name,
                                  Error **errp)
{
    g_autoptr(QObject) value = get_typed(obj, name, QTYPE_QNUM, "integer",
                                         errp);
    uint64_t ret = 0;

    if (value && !qnum_get_try_uint(qobject_to(QNum, value), &ret)) {
        error_setg(errp, "Invalid parameter type for '%s', expected: %s",
                   name, "integer");
    }
    return ret;
}

char *object_property_get_str(Object *obj, const char *name, Error **errp)
{
    g_autoptr(QObject) value = get_typed(obj, name, QTYPE_QSTRING, "string",
                                         errp);

    return value ? g_strdup(qstring_get_str(qobject_to(QString, value)))
                 : NULL;
}

Object *object_property_get_link(Object *obj, const char *name, Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);

    if (!prop) {
        return NULL;
    }
    return object_property_resolve(obj, prop, name);
}

const char *object_property_get_type(Object *obj, const char *name,
                                     Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);

    return prop ? prop->type : NULL;
}

char *object_property_print(Object *obj, const char *name, Error **errp)
{
    g_autoptr(QObject) value = object_property_get(obj, name, errp);
    QString *qs;

    if (!value) {
        return NULL;
    }
    qs = qobject_to(QString, value);
    if (qs) {
        return g_strdup(qstring_get_str(qs));
    }
    return g_string_free(qobject_to_json(value), false);
}

Object *object_property_resolve(Object *obj, ObjectProperty *prop,
                                const char *part)
{
    return prop->resolve ? prop->resolve(obj, prop, part) : NULL;
}

bool object_property_is_child(const ObjectProperty *prop)
{
    return g_str_has_prefix(prop->type, "child<");
}

bool object_property_is_link(const ObjectProperty *prop)
{
    return g_str_has_prefix(prop->type, "link<");
}
