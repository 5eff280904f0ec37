/*
 * QOM properties: named, typed values on objects and classes.
 *
 * A property has a name, a type name ("bool", "uint32", "size", "str",
 * "child<pci-bus>", "link<memory-backend>", or an enum's name), an optional
 * description and default, and accessors.  Values cross the accessor
 * boundary as QObjects: the getter returns a new value, the setter reads
 * a QInput (see qobject/qinput.h), so -device, device_add and qom-set all
 * go through the same per-type parser.
 *
 * Class properties are declared once in class_init and shared by every
 * instance; instance properties are added to one object (children, links
 * and anything whose set depends on the instance).  Lookups look at the
 * instance first, then the class and its ancestors.
 */
#ifndef QOM_OBJECT_PROPERTY_H
#define QOM_OBJECT_PROPERTY_H

#include "qom/object.h"
#include "qobject/qobject.h"
#include "qobject/qinput.h"

typedef QObject *ObjectPropertyGet(Object *obj, ObjectProperty *prop,
                                   Error **errp);
typedef void ObjectPropertySet(Object *obj, ObjectProperty *prop,
                               const QInput *in, Error **errp);
/* For child<> and link<>: the object this property leads to. */
typedef Object *ObjectPropertyResolve(Object *obj, ObjectProperty *prop,
                                      const char *part);
typedef void ObjectPropertyRelease(Object *obj, ObjectProperty *prop);
/* Class properties: give a fresh instance its default value. */
typedef void ObjectPropertyInit(Object *obj, ObjectProperty *prop);

struct ObjectProperty {
    char *name;
    char *type;
    char *description;
    ObjectPropertyGet *get;
    ObjectPropertySet *set;
    ObjectPropertyResolve *resolve;
    ObjectPropertyRelease *release;
    ObjectPropertyInit *init;
    void *opaque;
    QObject *defval;        /* shown by help and qom-list-properties */
    bool releasing;         /* being deleted (its release hook runs) */
};

/*
 * Add a property.  A name ending in "[*]" is a pattern: the first free
 * index is substituted ("device[*]" -> "device[0]", "device[1]", ...).
 * Adding a name that exists is a programming error.
 */
ObjectProperty *object_property_add(Object *obj, const char *name,
                                    const char *type,
                                    ObjectPropertyGet *get,
                                    ObjectPropertySet *set,
                                    ObjectPropertyRelease *release,
                                    void *opaque);
ObjectProperty *object_class_property_add(ObjectClass *klass,
                                          const char *name, const char *type,
                                          ObjectPropertyGet *get,
                                          ObjectPropertySet *set,
                                          ObjectPropertyRelease *release,
                                          void *opaque);
void object_property_del(Object *obj, const char *name);

ObjectProperty *object_property_find(Object *obj, const char *name);
/* Same, failing with "Property 'TYPE.NAME' not found". */
ObjectProperty *object_property_find_err(Object *obj, const char *name,
                                         Error **errp);
ObjectProperty *object_class_property_find(ObjectClass *klass,
                                           const char *name);

void object_property_set_description(Object *obj, const char *name,
                                     const char *description);
void object_class_property_set_description(ObjectClass *klass,
                                           const char *name,
                                           const char *description);
/* Give a class property its default (steals @value). */
void object_property_set_default(ObjectProperty *prop, QObject *value);
void object_property_set_default_bool(ObjectProperty *prop, bool value);
void object_property_set_default_int(ObjectProperty *prop, int64_t value);
void object_property_set_default_uint(ObjectProperty *prop, uint64_t value);
void object_property_set_default_str(ObjectProperty *prop, const char *value);

/*
 * Iterate over an object's properties: its own first, then its class's,
 * then each ancestor class's, each group in declaration order.
 */
typedef struct ObjectPropertyIterator {
    GPtrArray *order;
    guint index;
    ObjectClass *next_class;
} ObjectPropertyIterator;

void object_property_iter_init(ObjectPropertyIterator *iter, Object *obj);
void object_class_property_iter_init(ObjectPropertyIterator *iter,
                                     ObjectClass *klass);
ObjectProperty *object_property_iter_next(ObjectPropertyIterator *iter);

/* Reading and writing. */
bool object_property_set(Object *obj, const char *name, const QInput *in,
                         Error **errp);
/* A typed value, as qom-set passes it. */
bool object_property_set_qobject(Object *obj, const char *name,
                                 QObject *value, Error **errp);
/* A string to be parsed, as the command line passes it. */
bool object_property_parse(Object *obj, const char *name, const char *string,
                           Error **errp);
bool object_property_set_bool(Object *obj, const char *name, bool value,
                              Error **errp);
bool object_property_set_int(Object *obj, const char *name, int64_t value,
                             Error **errp);
bool object_property_set_uint(Object *obj, const char *name, uint64_t value,
                              Error **errp);
bool object_property_set_str(Object *obj, const char *name,
                             const char *value, Error **errp);
/* Set a link<> property to @value (NULL clears it). */
bool object_property_set_link(Object *obj, const char *name, Object *value,
                              Error **errp);

/* A new reference to the value; NULL with an error if unreadable. */
QObject *object_property_get(Object *obj, const char *name, Error **errp);
bool object_property_get_bool(Object *obj, const char *name, Error **errp);
int64_t object_property_get_int(Object *obj, const char *name, Error **errp);
uint64_t object_property_get_uint(Object *obj, const char *name,
                                  Error **errp);
/* A new string; NULL on error. */
char *object_property_get_str(Object *obj, const char *name, Error **errp);
/* The target of a link<> or child<> property, or NULL. */
Object *object_property_get_link(Object *obj, const char *name,
                                 Error **errp);
const char *object_property_get_type(Object *obj, const char *name,
                                     Error **errp);
/* The value as text for humans (help, info qtree); caller frees. */
char *object_property_print(Object *obj, const char *name, Error **errp);

/* child<TYPE> @name: @parent takes a reference to @child. */
ObjectProperty *object_property_add_child(Object *obj, const char *name,
                                          Object *child);

typedef enum ObjectPropertyLinkFlags {
    OBJ_PROP_LINK_STRONG = 1 << 0,  /* hold a reference to the target */
} ObjectPropertyLinkFlags;

/*
 * Checks a new link target; fail to refuse it.  object_property_allow_set_link
 * accepts anything.
 */
typedef void ObjectPropertyLinkCheck(const Object *obj, const char *name,
                                     Object *val, Error **errp);
void object_property_allow_set_link(const Object *obj, const char *name,
                                    Object *val, Error **errp);

/*
 * link<@type> @name stored in *@targetp.  Set by canonical or partial path
 * ("" clears); read as the target's canonical path.  With @check NULL the
 * link is read-only.
 */
ObjectProperty *object_property_add_link(Object *obj, const char *name,
                                         const char *type, Object **targetp,
                                         ObjectPropertyLinkCheck *check,
                                         ObjectPropertyLinkFlags flags);
ObjectProperty *object_class_property_add_link(ObjectClass *klass,
                                               const char *name,
                                               const char *type,
                                               ptrdiff_t offset,
                                               ObjectPropertyLinkCheck *check,
                                               ObjectPropertyLinkFlags flags);
/* A read-only link to a fixed target. */
ObjectProperty *object_property_add_const_link(Object *obj, const char *name,
                                               Object *target);

/* Accessor-based scalar properties (NULL setter: read-only). */
ObjectProperty *object_property_add_str(Object *obj, const char *name,
                    char *(*get)(Object *, Error **),
                    void (*set)(Object *, const char *, Error **));
ObjectProperty *object_class_property_add_str(ObjectClass *klass,
                    const char *name,
                    char *(*get)(Object *, Error **),
                    void (*set)(Object *, const char *, Error **));
ObjectProperty *object_property_add_bool(Object *obj, const char *name,
                    bool (*get)(Object *, Error **),
                    void (*set)(Object *, bool, Error **));
ObjectProperty *object_class_property_add_bool(ObjectClass *klass,
                    const char *name,
                    bool (*get)(Object *, Error **),
                    void (*set)(Object *, bool, Error **));
/* @lookup is NULL-terminated; @typename is the enum's name ("OnOffAuto"). */
ObjectProperty *object_property_add_enum(Object *obj, const char *name,
                    const char *typename, const char *const *lookup,
                    int (*get)(Object *, Error **),
                    void (*set)(Object *, int, Error **));
ObjectProperty *object_class_property_add_enum(ObjectClass *klass,
                    const char *name,
                    const char *typename, const char *const *lookup,
                    int (*get)(Object *, Error **),
                    void (*set)(Object *, int, Error **));

typedef enum ObjectPropertyFlags {
    OBJ_PROP_FLAG_READ = 1 << 0,
    OBJ_PROP_FLAG_WRITE = 1 << 1,
    OBJ_PROP_FLAG_READWRITE = OBJ_PROP_FLAG_READ | OBJ_PROP_FLAG_WRITE,
} ObjectPropertyFlags;

/* Properties backed directly by an integer field. */
ObjectProperty *object_property_add_uint8_ptr(Object *obj, const char *name,
                    uint8_t *v, ObjectPropertyFlags flags);
ObjectProperty *object_property_add_uint16_ptr(Object *obj, const char *name,
                    uint16_t *v, ObjectPropertyFlags flags);
ObjectProperty *object_property_add_uint32_ptr(Object *obj, const char *name,
                    uint32_t *v, ObjectPropertyFlags flags);
ObjectProperty *object_property_add_uint64_ptr(Object *obj, const char *name,
                    uint64_t *v, ObjectPropertyFlags flags);

/*
 * @name on @obj forwards to @target_name on @target_obj (same type,
 * value and description).
 */
ObjectProperty *object_property_add_alias(Object *obj, const char *name,
                                          Object *target_obj,
                                          const char *target_name);

/* The object a child<> or link<> property points to, else NULL. */
Object *object_property_resolve(Object *obj, ObjectProperty *prop,
                                const char *part);
bool object_property_is_child(const ObjectProperty *prop);
bool object_property_is_link(const ObjectProperty *prop);

#endif
