/*
 * QOM types, classes, interfaces and instances (see include/qom/object.h).
 */
#include "util/osdep.h"
#include "util/module.h"
#include "qom/object.h"
#include "qom/object-property.h"
#include "qom/object-internal.h"

#define MAX_INTERFACES 32

typedef struct TypeImpl TypeImpl;

struct TypeImpl {
    char *name;
    char *parent;
    TypeImpl *parent_type;

    size_t class_size;
    size_t instance_size;

    void (*class_init)(ObjectClass *klass, void *data);
    void (*class_base_init)(ObjectClass *klass, void *data);
    void *class_data;

    void (*instance_init)(Object *obj);
    void (*instance_post_init)(Object *obj);
    void (*instance_finalize)(Object *obj);

    bool abstract;
    int num_interfaces;
    char *interfaces[MAX_INTERFACES];

    ObjectClass *class;
    bool class_initializing;
};

static GHashTable *type_table;

static GHashTable *type_table_get(void)
{
    if (!type_table) {
        type_table = g_hash_table_new(g_str_hash, g_str_equal);
    }
    return type_table;
}

static TypeImpl *type_get_by_name(const char *name)
{
    return name ? g_hash_table_lookup(type_table_get(), name) : NULL;
}

Type type_register_static(const TypeInfo *info)
{
    TypeImpl *ti;
    int i;

    g_assert(info->name);
    if (type_get_by_name(info->name)) {
        fprintf(stderr, "Registering type '%s' which already exists\n",
                info->name);
        abort();
    }
    ti = g_new0(TypeImpl, 1);
    ti->name = g_strdup(info->name);
    ti->parent = g_strdup(info->parent);
    ti->class_size = info->class_size;
    ti->instance_size = info->instance_size;
    ti->class_init = info->class_init;
    ti->class_base_init = info->class_base_init;
    ti->class_data = info->class_data;
    ti->instance_init = info->instance_init;
    ti->instance_post_init = info->instance_post_init;
    ti->instance_finalize = info->instance_finalize;
    ti->abstract = info->abstract;
    for (i = 0; info->interfaces && info->interfaces[i].type; i++) {
        g_assert(i < MAX_INTERFACES);
        ti->interfaces[i] = g_strdup(info->interfaces[i].type);
    }
    ti->num_interfaces = i;
    g_hash_table_insert(type_table_get(), ti->name, ti);
    return ti;
}

void type_register_static_array(const TypeInfo *infos, int nr)
{
    int i;

    for (i = 0; i < nr; i++) {
        type_register_static(&infos[i]);
    }
}

static TypeImpl *type_get_parent(TypeImpl *ti)
{
    if (!ti->parent_type && ti->parent) {
        ti->parent_type = type_get_by_name(ti->parent);
        if (!ti->parent_type) {
            fprintf(stderr, "Type '%s' has unknown parent '%s'\n",
                    ti->name, ti->parent);
            abort();
        }
    }
    return ti->parent_type;
}

static size_t type_class_size(TypeImpl *ti)
{
    if (ti->class_size) {
        return ti->class_size;
    }
    return type_get_parent(ti) ? type_class_size(type_get_parent(ti))
                               : sizeof(ObjectClass);
}

static size_t type_instance_size(TypeImpl *ti)
{
    if (ti->instance_size) {
        return ti->instance_size;
    }
    return type_get_parent(ti) ? type_instance_size(type_get_parent(ti)) : 0;
}

static bool type_is_ancestor(TypeImpl *type, TypeImpl *target)
{
    for (; type; type = type_get_parent(type)) {
        if (type == target) {
            return true;
        }
    }
    return false;
}

static TypeImpl *interface_type;

static bool type_is_interface(TypeImpl *ti)
{
    if (!interface_type) {
        interface_type = type_get_by_name(TYPE_INTERFACE);
    }
    return ti != interface_type && type_is_ancestor(ti, interface_type);
}

static void type_initialize(TypeImpl *ti);

/* Give @klass its own copy of @iface's class, unless it already has one. */
static void class_add_interface(ObjectClass *klass, TypeImpl *iface)
{
    InterfaceClass *ic;
    GSList *l;

    for (l = klass->interfaces; l; l = l->next) {
        InterfaceClass *have = l->data;
        if (type_is_ancestor(have->interface_type, iface)) {
            return;
        }
    }
    type_initialize(iface);
    ic = g_malloc0(type_class_size(iface));
    memcpy(ic, iface->class, type_class_size(iface));
    ic->parent_class.interfaces = NULL;
    /* Interface classes declare no properties of their own, but lookups
     * and iteration must still work on them. */
    ic->parent_class.properties = g_hash_table_new(g_str_hash, g_str_equal);
    ic->parent_class.prop_order = g_ptr_array_new();
    ic->concrete_class = klass;
    ic->interface_type = iface;
    klass->interfaces = g_slist_append(klass->interfaces, ic);
}

static void type_initialize(TypeImpl *ti)
{
    TypeImpl *parent, *t;
    size_t class_size;
    GSList *l;
    int i;

    if (ti->class) {
        return;
    }
    g_assert(!ti->class_initializing);
    ti->class_initializing = true;
    /* Interfaces have no instances: they count as abstract, so that
     * listings (-object help, qom-list-types) and creation by name
     * (-object user-creatable) leave them out. */
    if (type_is_interface(ti)) {
        ti->abstract = true;
    }

    class_size = type_class_size(ti);
    ti->class = g_malloc0(class_size);
    parent = type_get_parent(ti);
    if (parent) {
        type_initialize(parent);
        g_assert(class_size >= type_class_size(parent));
        memcpy(ti->class, parent->class, type_class_size(parent));
        ti->class->interfaces = NULL;
        /* Inherit the parent's interface implementations, by copy. */
        for (l = parent->class->interfaces; l; l = l->next) {
            InterfaceClass *pic = l->data;
            TypeImpl *it = pic->interface_type;
            InterfaceClass *ic = g_malloc0(type_class_size(it));

            memcpy(ic, pic, type_class_size(it));
            ic->parent_class.properties =
                g_hash_table_new(g_str_hash, g_str_equal);
            ic->parent_class.prop_order = g_ptr_array_new();
            ic->concrete_class = ti->class;
            ti->class->interfaces = g_slist_append(ti->class->interfaces, ic);
        }
    }
    ti->class->type = ti;
    ti->class->properties = g_hash_table_new(g_str_hash, g_str_equal);
    ti->class->prop_order = g_ptr_array_new();

    for (i = 0; i < ti->num_interfaces; i++) {
        TypeImpl *iface = type_get_by_name(ti->interfaces[i]);
        if (!iface || !type_is_interface(iface)) {
            fprintf(stderr, "Type '%s' implements '%s', not an interface\n",
                    ti->name, ti->interfaces[i]);
            abort();
        }
        class_add_interface(ti->class, iface);
    }

    for (t = parent; t; t = type_get_parent(t)) {
        if (t->class_base_init) {
            t->class_base_init(ti->class, ti->class_data);
        }
    }
    if (ti->class_init) {
        ti->class_init(ti->class, ti->class_data);
    }
    ti->class_initializing = false;
}

/* Instances */

static void object_init_with_type(Object *obj, TypeImpl *ti)
{
    if (type_get_parent(ti)) {
        object_init_with_type(obj, type_get_parent(ti));
    }
    if (ti->instance_init) {
        ti->instance_init(obj);
    }
}

static void object_post_init_with_type(Object *obj, TypeImpl *ti)
{
    if (ti->instance_post_init) {
        ti->instance_post_init(obj);
    }
    if (type_get_parent(ti)) {
        object_post_init_with_type(obj, type_get_parent(ti));
    }
}

static void object_initialize_with_type(Object *obj, size_t size,
                                        TypeImpl *ti)
{
    type_initialize(ti);
    if (ti->abstract || type_is_interface(ti) || ti == interface_type) {
        fprintf(stderr, "Cannot instantiate abstract type '%s'\n", ti->name);
        abort();
    }
    g_assert(size >= type_instance_size(ti));

    memset(obj, 0, type_instance_size(ti));
    obj->class = ti->class;
    obj->ref = 1;
    obj->properties = g_hash_table_new(g_str_hash, g_str_equal);
    obj->prop_order = g_ptr_array_new();
    object_class_property_init_all(obj);
    object_init_with_type(obj, ti);
    object_post_init_with_type(obj, ti);
}

void object_initialize(void *obj, size_t size, const char *typename)
{
    TypeImpl *ti = type_get_by_name(typename);

    if (!ti) {
        fprintf(stderr, "Unknown type '%s'\n", typename);
        abort();
    }
    object_initialize_with_type(obj, size, ti);
}

void object_initialize_child(Object *parentobj, const char *name,
                             void *child, size_t size, const char *type)
{
    object_initialize(child, size, type);
    object_property_add_child(parentobj, name, OBJECT(child));
    object_unref(child);
}

static Object *object_new_with_type(TypeImpl *ti)
{
    Object *obj;

    type_initialize(ti);
    obj = g_malloc(type_instance_size(ti));
    object_initialize_with_type(obj, type_instance_size(ti), ti);
    obj->free = g_free;
    return obj;
}

Object *object_new(const char *typename)
{
    TypeImpl *ti = type_get_by_name(typename);

    if (!ti) {
        fprintf(stderr, "Unknown type '%s'\n", typename);
        abort();
    }
    return object_new_with_type(ti);
}

Object *object_new_with_class(ObjectClass *klass)
{
    return object_new_with_type(klass->type);
}

static void object_finalize(Object *obj)
{
    TypeImpl *ti = obj->class->type;

    /* Children and links go first: a child never outlives its parent's
     * finalize, and sees its parent intact while it goes. */
    object_property_del_all(obj);
    for (; ti; ti = type_get_parent(ti)) {
        if (ti->instance_finalize) {
            ti->instance_finalize(obj);
        }
    }
    g_assert(obj->ref == 0);
    g_hash_table_unref(obj->properties);
    g_ptr_array_unref(obj->prop_order);
    if (obj->free) {
        obj->free(obj);
    }
}

Object *object_ref(void *objptr)
{
    Object *obj = objptr;

    if (obj) {
        /* Atomic: chardevs are referenced from the monitor I/O thread
         * while the main loop walks the tree. */
        g_assert(g_atomic_int_get(&obj->ref) > 0);
        g_atomic_int_inc(&obj->ref);
    }
    return obj;
}

void object_unref(void *objptr)
{
    Object *obj = objptr;

    if (!obj) {
        return;
    }
    g_assert(g_atomic_int_get(&obj->ref) > 0);
    if (g_atomic_int_dec_and_test(&obj->ref)) {
        object_finalize(obj);
    }
}

void object_unparent(Object *obj)
{
    if (obj->parent) {
        object_property_del_child(obj->parent, obj);
    }
}

ObjectClass *object_get_class(Object *obj)
{
    return obj->class;
}

const char *object_get_typename(const Object *obj)
{
    return obj->class->type->name;
}

/* Casts */

ObjectClass *object_class_dynamic_cast(ObjectClass *klass,
                                       const char *typename)
{
    TypeImpl *target, *type;
    GSList *l;

    if (!klass) {
        return NULL;
    }
    type = klass->type;
    if (type->name == typename || !strcmp(type->name, typename)) {
        return klass;
    }
    target = type_get_by_name(typename);
    if (!target) {
        return NULL;
    }
    if (type_is_ancestor(type, target)) {
        return klass;
    }
    if (type_is_interface(target)) {
        for (l = klass->interfaces; l; l = l->next) {
            InterfaceClass *ic = l->data;
            if (type_is_ancestor(ic->interface_type, target)) {
                return OBJECT_CLASS(ic);
            }
        }
    }
    return NULL;
}

ObjectClass *object_class_dynamic_cast_assert(ObjectClass *klass,
                                              const char *typename,
                                              const char *file, int line,
                                              const char *func)
{
    ObjectClass *ret = object_class_dynamic_cast(klass, typename);

    if (!ret && klass) {
        fprintf(stderr, "%s:%d:%s: Object class %p is not an instance of "
                "type %s (it is %s)\n", file, line, func, (void *)klass,
                typename, klass->type->name);
        abort();
    }
    return ret;
}

Object *object_dynamic_cast(Object *obj, const char *typename)
{
    if (obj && object_class_dynamic_cast(obj->class, typename)) {
        return obj;
    }
    return NULL;
}

Object *object_dynamic_cast_assert(Object *obj, const char *typename,
                                   const char *file, int line,
                                   const char *func)
{
    if (obj && !object_dynamic_cast(obj, typename)) {
        fprintf(stderr, "%s:%d:%s: Object %p is not an instance of type %s "
                "(it is %s)\n", file, line, func, (void *)obj, typename,
                object_get_typename(obj));
        abort();
    }
    return obj;
}

/* Classes by name */

ObjectClass *object_class_by_name(const char *typename)
{
    TypeImpl *ti = type_get_by_name(typename);

    if (!ti) {
        return NULL;
    }
    type_initialize(ti);
    return ti->class;
}

ObjectClass *object_class_get_parent(ObjectClass *klass)
{
    TypeImpl *parent = type_get_parent(klass->type);

    if (!parent) {
        return NULL;
    }
    type_initialize(parent);
    return parent->class;
}

const char *object_class_get_name(ObjectClass *klass)
{
    return klass->type->name;
}

bool object_class_is_abstract(ObjectClass *klass)
{
    return klass->type->abstract;
}

bool type_is_a(const char *typename, const char *parent)
{
    ObjectClass *oc = object_class_by_name(typename);

    return oc && object_class_dynamic_cast(oc, parent);
}

typedef struct ForeachData {
    void (*fn)(ObjectClass *klass, void *opaque);
    const char *implements_type;
    bool include_abstract;
    void *opaque;
} ForeachData;

static gint type_name_cmp(gconstpointer a, gconstpointer b)
{
    return strcmp(((const TypeImpl *)a)->name, ((const TypeImpl *)b)->name);
}

void object_class_foreach(void (*fn)(ObjectClass *klass, void *opaque),
                          const char *implements_type, bool include_abstract,
                          void *opaque)
{
    GList *types = g_hash_table_get_values(type_table_get());
    GList *l;

    /* A stable order (by name) makes listings reproducible. */
    types = g_list_sort(types, type_name_cmp);
    for (l = types; l; l = l->next) {
        TypeImpl *ti = l->data;
        ObjectClass *k;

        type_initialize(ti);
        k = ti->class;
        if (ti->abstract && !include_abstract) {
            continue;
        }
        if (implements_type &&
            !object_class_dynamic_cast(k, implements_type)) {
            continue;
        }
        fn(k, opaque);
    }
    g_list_free(types);
}

static void add_to_list(ObjectClass *klass, void *opaque)
{
    GSList **list = opaque;

    *list = g_slist_prepend(*list, klass);
}

GSList *object_class_get_list(const char *implements_type,
                              bool include_abstract)
{
    GSList *list = NULL;

    object_class_foreach(add_to_list, implements_type, include_abstract,
                         &list);
    return g_slist_reverse(list);
}

GSList *object_class_get_list_sorted(const char *implements_type,
                                     bool include_abstract)
{
    /* object_class_foreach already walks the types sorted by name. */
    return object_class_get_list(implements_type, include_abstract);
}

/* Base types */

static char *object_get_type(Object *obj, Error **errp)
{
    return g_strdup(object_get_typename(obj));
}

static void object_class_init(ObjectClass *klass, void *data)
{
    object_class_property_add_str(klass, "type", object_get_type, NULL);
}

static const TypeInfo base_types[] = {
    {
        .name = TYPE_OBJECT,
        .instance_size = sizeof(Object),
        .class_init = object_class_init,
        .abstract = true,
    }, {
        .name = TYPE_INTERFACE,
        .class_size = sizeof(InterfaceClass),
        .abstract = true,
    }, {
        .name = TYPE_CONTAINER,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(Object),
    },
};

void object_register_base_types(void)
{
    static bool done;

    if (!done) {
        done = true;
        type_register_static_array(base_types, ARRAY_SIZE(base_types));
    }
}

static void register_base(void)
{
    object_register_base_types();
}

type_init(register_base)
