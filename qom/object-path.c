/*
 * The composition tree: the root, containers, canonical paths and path
 * resolution (see include/qom/object.h).
 */
#include "util/osdep.h"
#include "qom/object.h"
#include "qom/object-property.h"

Object *object_get_root(void)
{
    static Object *root;

    if (!root) {
        root = object_new(TYPE_CONTAINER);
    }
    return root;
}

Object *object_get_container(const char *path)
{
    g_auto(GStrv) parts = g_strsplit(path, "/", 0);
    Object *obj = object_get_root();
    int i;

    for (i = 0; parts[i]; i++) {
        Object *child;

        if (!*parts[i]) {
            continue;
        }
        child = object_resolve_path_component(obj, parts[i]);
        if (!child) {
            child = object_new(TYPE_CONTAINER);
            object_property_add_child(obj, parts[i], child);
            object_unref(child);
        }
        obj = child;
    }
    return obj;
}

Object *object_get_objects_root(void)
{
    return object_get_container("/objects");
}

const char *object_get_canonical_path_component(const Object *obj)
{
    ObjectPropertyIterator iter;
    ObjectProperty *prop;

    if (!obj->parent) {
        return NULL;
    }
    object_property_iter_init(&iter, obj->parent);
    while ((prop = object_property_iter_next(&iter))) {
        if (object_property_is_child(prop) && prop->opaque == obj) {
            return prop->name;
        }
    }
    g_assert_not_reached();
}

char *object_get_canonical_path(const Object *obj)
{
    Object *root = object_get_root();
    GPtrArray *parts;
    GString *path;
    int i;

    if (obj == root) {
        return g_strdup("/");
    }
    parts = g_ptr_array_new();
    for (; obj != root; obj = obj->parent) {
        const char *component = object_get_canonical_path_component(obj);
        if (!component) {
            g_ptr_array_free(parts, true);
            return NULL;
        }
        g_ptr_array_add(parts, (gpointer)component);
    }
    path = g_string_new(NULL);
    for (i = parts->len - 1; i >= 0; i--) {
        g_string_append_printf(path, "/%s",
                               (char *)g_ptr_array_index(parts, i));
    }
    g_ptr_array_free(parts, true);
    return g_string_free(path, false);
}

Object *object_resolve_path_component(Object *parent, const char *part)
{
    ObjectProperty *prop = object_property_find(parent, part);

    return prop ? object_property_resolve(parent, prop, part) : NULL;
}

/* Follow @parts from @parent; the result must be a @typename. */
static Object *resolve_from(Object *parent, char **parts,
                            const char *typename)
{
    Object *obj = parent;
    int i;

    for (i = 0; obj && parts[i]; i++) {
        obj = object_resolve_path_component(obj, parts[i]);
    }
    return obj ? object_dynamic_cast(obj, typename) : NULL;
}

/*
 * Every object whose path ends in @parts, searching the subtree of @parent
 * through child<> properties.  Stops early once two distinct matches are
 * known.
 */
static Object *resolve_partial(Object *parent, char **parts,
                               const char *typename, bool *ambiguous)
{
    Object *obj = resolve_from(parent, parts, typename);
    ObjectPropertyIterator iter;
    ObjectProperty *prop;

    object_property_iter_init(&iter, parent);
    while ((prop = object_property_iter_next(&iter))) {
        Object *found;

        if (!object_property_is_child(prop)) {
            continue;
        }
        found = resolve_partial(prop->opaque, parts, typename, ambiguous);
        if (*ambiguous) {
            return NULL;
        }
        if (found && obj && found != obj) {
            *ambiguous = true;
            return NULL;
        }
        if (found) {
            obj = found;
        }
    }
    return obj;
}

/* Split "a//b/" into {"a", "b"}, dropping empty components. */
static char **split_path(const char *path)
{
    char **raw = g_strsplit(path, "/", 0);
    GPtrArray *parts = g_ptr_array_new();
    int i;

    for (i = 0; raw[i]; i++) {
        if (*raw[i]) {
            g_ptr_array_add(parts, raw[i]);
        } else {
            g_free(raw[i]);
        }
    }
    g_free(raw);
    g_ptr_array_add(parts, NULL);
    return (char **)g_ptr_array_free(parts, false);
}

Object *object_resolve_path_type(const char *path, const char *typename,
                                 bool *ambiguous)
{
    g_auto(GStrv) parts = split_path(path);
    bool dummy = false;
    Object *obj;

    if (!ambiguous) {
        ambiguous = &dummy;
    }
    *ambiguous = false;
    if (path[0] == '/') {
        return resolve_from(object_get_root(), parts, typename);
    }
    /* "" matches every object of @typename: it finds the only one. */
    obj = resolve_partial(object_get_root(), parts, typename, ambiguous);
    return *ambiguous ? NULL : obj;
}

Object *object_resolve_path(const char *path, bool *ambiguous)
{
    return object_resolve_path_type(path, TYPE_OBJECT, ambiguous);
}

Object *object_resolve_path_at(Object *parent, const char *path)
{
    g_auto(GStrv) parts = split_path(path);

    if (path[0] == '/') {
        return resolve_from(object_get_root(), parts, TYPE_OBJECT);
    }
    return resolve_from(parent, parts, TYPE_OBJECT);
}

int object_child_foreach(Object *obj, int (*fn)(Object *child, void *opaque),
                         void *opaque)
{
    g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func(
                                        object_unref);
    guint i;
    int ret = 0;

    /* Snapshot first: @fn may add or remove children. */
    for (i = 0; i < obj->prop_order->len; i++) {
        ObjectProperty *prop = g_ptr_array_index(obj->prop_order, i);
        if (object_property_is_child(prop)) {
            g_ptr_array_add(children, object_ref(prop->opaque));
        }
    }
    for (i = 0; i < children->len && !ret; i++) {
        ret = fn(g_ptr_array_index(children, i), opaque);
    }
    return ret;
}

typedef struct RecurseData {
    int (*fn)(Object *child, void *opaque);
    void *opaque;
} RecurseData;

static int child_recurse(Object *child, void *opaque)
{
    RecurseData *data = opaque;
    int ret = data->fn(child, data->opaque);

    return ret ? ret : object_child_foreach(child, child_recurse, data);
}

int object_child_foreach_recursive(Object *obj,
                                   int (*fn)(Object *child, void *opaque),
                                   void *opaque)
{
    RecurseData data = { .fn = fn, .opaque = opaque };

    return object_child_foreach(obj, child_recurse, &data);
}
