/*
 * QOM, the object model: types, classes, interfaces, instances.
 *
 * A type is described once by a static TypeInfo and registered at start-up
 * (type_init, see util/module.h).  Its class, a struct shared by all
 * instances, is created the first time the type is used: it starts as a
 * copy of the parent's class, then every ancestor's class_base_init runs on
 * it, then the type's own class_init.  An instance is allocated with the
 * type's instance_size; instance_init runs from the root type down to the
 * type itself, then instance_post_init from the type back up to the root.
 *
 * Interfaces are class-only types.  A class that implements an interface
 * gets its own copy of the interface's class struct, which its class_init
 * fills in through the interface's class-cast macro.  Casting an object to
 * an interface returns the object itself.
 *
 * Objects are reference counted.  The composition tree is made of child<T>
 * properties: the parent holds one reference to each child, and a child's
 * canonical path is the chain of child property names from the root,
 * "/machine/peripheral/disk0".  link<T> properties point elsewhere in the
 * tree without owning.  Properties are in qom/object-property.h.
 */
#ifndef QOM_OBJECT_H
#define QOM_OBJECT_H

#include "util/osdep.h"
#include "util/error.h"

typedef struct TypeImpl *Type;
typedef struct ObjectClass ObjectClass;
typedef struct Object Object;
typedef struct InterfaceClass InterfaceClass;
typedef struct ObjectProperty ObjectProperty;

#define TYPE_OBJECT "object"
#define TYPE_INTERFACE "interface"
#define TYPE_CONTAINER "container"

typedef void ObjectUnparent(Object *obj);
typedef void ObjectFree(void *obj);

struct ObjectClass {
    Type type;
    GSList *interfaces;         /* of InterfaceClass *, this class's own copies */
    GHashTable *properties;     /* name -> ObjectProperty, declared here */
    GPtrArray *prop_order;      /* the same, in declaration order */
    ObjectUnparent *unparent;   /* called when removed from the tree */
};

struct Object {
    ObjectClass *class;
    ObjectFree *free;           /* how to free the memory (g_free) */
    GHashTable *properties;     /* instance properties, name -> prop */
    GPtrArray *prop_order;
    gint ref;                   /* atomic: see object_ref() */
    Object *parent;             /* owner through a child<> property */
};

typedef struct InterfaceInfo {
    const char *type;
} InterfaceInfo;

struct InterfaceClass {
    ObjectClass parent_class;
    ObjectClass *concrete_class;    /* the class that implements it */
    Type interface_type;
};

typedef struct TypeInfo {
    const char *name;
    const char *parent;

    size_t instance_size;
    void (*instance_init)(Object *obj);
    void (*instance_post_init)(Object *obj);
    void (*instance_finalize)(Object *obj);

    bool abstract;
    size_t class_size;
    void (*class_init)(ObjectClass *klass, void *data);
    void (*class_base_init)(ObjectClass *klass, void *data);
    void *class_data;

    const InterfaceInfo *interfaces;    /* terminated by { NULL } */
} TypeInfo;

/* Register a type; the name must be new (a programming error otherwise). */
Type type_register_static(const TypeInfo *info);
void type_register_static_array(const TypeInfo *infos, int nr);

/* Define a type_init function registering an array of TypeInfos. */
#define DEFINE_TYPES(type_array) \
    static void do_corvid_init_ ## type_array(void) \
    { \
        type_register_static_array(type_array, ARRAY_SIZE(type_array)); \
    } \
    type_init(do_corvid_init_ ## type_array)

/* Cast macros.  A failed checked cast is a programming error: it aborts
 * with a message naming the expected and the actual type. */
#define OBJECT(obj) ((Object *)(obj))
#define OBJECT_CLASS(klass) ((ObjectClass *)(klass))
#define OBJECT_CHECK(type, obj, name) \
    ((type *)object_dynamic_cast_assert(OBJECT(obj), (name), \
                                        __FILE__, __LINE__, __func__))
#define OBJECT_CLASS_CHECK(class_type, klass, name) \
    ((class_type *)object_class_dynamic_cast_assert(OBJECT_CLASS(klass), \
                     (name), __FILE__, __LINE__, __func__))
#define OBJECT_GET_CLASS(class_type, obj, name) \
    OBJECT_CLASS_CHECK(class_type, object_get_class(OBJECT(obj)), name)

/*
 * Declare the cast helpers of a type:
 *   OBJECT_DECLARE_TYPE(Dev, DevClass, MY_DEV) gives MY_DEV(obj),
 *   MY_DEV_CLASS(klass) and MY_DEV_GET_CLASS(obj), checked against TYPE_MY_DEV.
 */
#define OBJECT_DECLARE_TYPE(InstanceType, ClassType, MODULE_OBJ_NAME) \
    typedef struct InstanceType InstanceType; \
    typedef struct ClassType ClassType; \
    static inline CORVID_UNUSED InstanceType *MODULE_OBJ_NAME(const void *obj) \
    { return OBJECT_CHECK(InstanceType, obj, TYPE_##MODULE_OBJ_NAME); } \
    static inline CORVID_UNUSED ClassType * \
    MODULE_OBJ_NAME##_CLASS(const void *klass) \
    { return OBJECT_CLASS_CHECK(ClassType, klass, TYPE_##MODULE_OBJ_NAME); } \
    static inline CORVID_UNUSED ClassType * \
    MODULE_OBJ_NAME##_GET_CLASS(const void *obj) \
    { return OBJECT_GET_CLASS(ClassType, obj, TYPE_##MODULE_OBJ_NAME); }

/* The same for a type without a class struct of its own. */
#define OBJECT_DECLARE_SIMPLE_TYPE(InstanceType, MODULE_OBJ_NAME) \
    typedef struct InstanceType InstanceType; \
    static inline CORVID_UNUSED InstanceType *MODULE_OBJ_NAME(const void *obj) \
    { return OBJECT_CHECK(InstanceType, obj, TYPE_##MODULE_OBJ_NAME); }

/* Interfaces: INTERFACE_CHECK returns the object as an opaque pointer. */
#define INTERFACE_CHECK(interface, obj, name) \
    ((interface *)object_dynamic_cast_assert(OBJECT((obj)), (name), \
                                             __FILE__, __LINE__, __func__))
#define INTERFACE_CLASS(klass) \
    OBJECT_CLASS_CHECK(InterfaceClass, klass, TYPE_INTERFACE)

/* Instances. */
Object *object_new(const char *typename);
Object *object_new_with_class(ObjectClass *klass);
/*
 * Initialise an object embedded in another one (its memory is not freed
 * on finalize).  @size must be at least the type's instance size.
 */
void object_initialize(void *obj, size_t size, const char *typename);
/*
 * Same, and add it as child @name of @parentobj; the parent's reference is
 * the only one left afterwards.
 */
void object_initialize_child(Object *parentobj, const char *name,
                             void *child, size_t size, const char *type);

Object *object_ref(void *obj);
void object_unref(void *obj);
/* Remove @obj from the composition tree (dropping the parent's reference). */
void object_unparent(Object *obj);

ObjectClass *object_get_class(Object *obj);
const char *object_get_typename(const Object *obj);

/* Dynamic casts: NULL on mismatch. */
Object *object_dynamic_cast(Object *obj, const char *typename);
Object *object_dynamic_cast_assert(Object *obj, const char *typename,
                                   const char *file, int line,
                                   const char *func);
ObjectClass *object_class_dynamic_cast(ObjectClass *klass,
                                       const char *typename);
ObjectClass *object_class_dynamic_cast_assert(ObjectClass *klass,
                                              const char *typename,
                                              const char *file, int line,
                                              const char *func);

/* Classes and types by name. */
ObjectClass *object_class_by_name(const char *typename);
ObjectClass *object_class_get_parent(ObjectClass *klass);
const char *object_class_get_name(ObjectClass *klass);
bool object_class_is_abstract(ObjectClass *klass);
/* Whether @typename is registered and is (a subtype of) @parent. */
bool type_is_a(const char *typename, const char *parent);

/*
 * Every registered class that is (or implements) @implements_type (NULL
 * for all), optionally including abstract ones.  The list is the caller's
 * (g_slist_free), the classes are not.  The _sorted variant sorts by name.
 */
GSList *object_class_get_list(const char *implements_type,
                              bool include_abstract);
GSList *object_class_get_list_sorted(const char *implements_type,
                                     bool include_abstract);
void object_class_foreach(void (*fn)(ObjectClass *klass, void *opaque),
                          const char *implements_type, bool include_abstract,
                          void *opaque);

/* The composition tree. */
Object *object_get_root(void);
/* The container at absolute @path, created (with any missing parents). */
Object *object_get_container(const char *path);
/* /objects: where user-created objects live. */
Object *object_get_objects_root(void);

/* "/machine/peripheral/disk0"; NULL if not in the tree (caller frees). */
char *object_get_canonical_path(const Object *obj);
/* The last component: the child property name; NULL if unparented. */
const char *object_get_canonical_path_component(const Object *obj);

/*
 * Resolve @path.  An absolute path ("/machine/peripheral/x") follows
 * child<> and link<> properties from the root.  A partial path ("x",
 * "peripheral/x") matches every object whose path ends in those
 * components; it resolves only if exactly one matches.  If more than one
 * does, NULL is returned and *ambiguous (if given) is set.  With @typename,
 * only objects of that type count; the empty path then finds the one
 * object of @typename in the tree.
 */
Object *object_resolve_path(const char *path, bool *ambiguous);
Object *object_resolve_path_type(const char *path, const char *typename,
                                 bool *ambiguous);
Object *object_resolve_path_at(Object *parent, const char *path);
Object *object_resolve_path_component(Object *parent, const char *part);

/* Call @fn for each child of @obj (in property order); stop on non-zero. */
int object_child_foreach(Object *obj, int (*fn)(Object *child, void *opaque),
                         void *opaque);
int object_child_foreach_recursive(Object *obj,
                                   int (*fn)(Object *child, void *opaque),
                                   void *opaque);

/* Internal: registration of the base types. */
void object_register_base_types(void);

#endif
