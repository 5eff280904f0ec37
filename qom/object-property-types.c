/*
 * The typed kinds of QOM property: accessor-based str, bool and enum,
 * integer fields, child<>, link<> and aliases.
 */
#include "util/osdep.h"
#include "qom/object.h"
#include "qom/object-property.h"

/* str */

typedef struct StringProperty {
    char *(*get)(Object *, Error **);
    void (*set)(Object *, const char *, Error **);
} StringProperty;

static QObject *property_get_str(Object *obj, ObjectProperty *prop,
                                 Error **errp)
{
    StringProperty *sp = prop->opaque;
    Error *local_err = NULL;
    char *value = sp->get(obj, &local_err);
    QObject *ret;

    if (local_err) {
        error_propagate(errp, local_err);
        return NULL;
    }
    ret = QOBJECT(qstring_from_str(value ? value : ""));
    g_free(value);
    return ret;
}

static void property_set_str(Object *obj, ObjectProperty *prop,
                             const QInput *in, Error **errp)
{
    StringProperty *sp = prop->opaque;
    const char *value = qinput_get_str(in, prop->name, errp);

    if (value) {
        sp->set(obj, value, errp);
    }
}

static void property_release_opaque(Object *obj, ObjectProperty *prop)
{
    g_free(prop->opaque);
}

ObjectProperty *object_property_add_str(Object *obj, const char *name,
                    char *(*get)(Object *, Error **),
                    void (*set)(Object *, const char *, Error **))
{
    StringProperty *sp = g_new0(StringProperty, 1);

    sp->get = get;
    sp->set = set;
    return object_property_add(obj, name, "string",
                               get ? property_get_str : NULL,
                               set ? property_set_str : NULL,
                               property_release_opaque, sp);
}

ObjectProperty *object_class_property_add_str(ObjectClass *klass,
                    const char *name,
                    char *(*get)(Object *, Error **),
                    void (*set)(Object *, const char *, Error **))
{
    StringProperty *sp = g_new0(StringProperty, 1);

    sp->get = get;
    sp->set = set;
    return object_class_property_add(klass, name, "string",
                                     get ? property_get_str : NULL,
                                     set ? property_set_str : NULL,
                                     NULL, sp);
}

/* bool */

typedef struct BoolProperty {
    bool (*get)(Object *, Error **);
    void (*set)(Object *, bool, Error **);
} BoolProperty;

static QObject *property_get_bool(Object *obj, ObjectProperty *prop,
                                  Error **errp)
{
    BoolProperty *bp = prop->opaque;
    Error *local_err = NULL;
    bool value = bp->get(obj, &local_err);

    if (local_err) {
        error_propagate(errp, local_err);
        return NULL;
    }
    return QOBJECT(qbool_from_bool(value));
}

static void property_set_bool(Object *obj, ObjectProperty *prop,
                              const QInput *in, Error **errp)
{
    BoolProperty *bp = prop->opaque;
    bool value;

    if (qinput_get_bool(in, prop->name, &value, errp)) {
        bp->set(obj, value, errp);
    }
}

ObjectProperty *object_property_add_bool(Object *obj, const char *name,
                    bool (*get)(Object *, Error **),
                    void (*set)(Object *, bool, Error **))
{
    BoolProperty *bp = g_new0(BoolProperty, 1);

    bp->get = get;
    bp->set = set;
    return object_property_add(obj, name, "bool",
                               get ? property_get_bool : NULL,
                               set ? property_set_bool : NULL,
                               property_release_opaque, bp);
}

ObjectProperty *object_class_property_add_bool(ObjectClass *klass,
                    const char *name,
                    bool (*get)(Object *, Error **),
                    void (*set)(Object *, bool, Error **))
{
    BoolProperty *bp = g_new0(BoolProperty, 1);

    bp->get = get;
    bp->set = set;
    return object_class_property_add(klass, name, "bool",
                                     get ? property_get_bool : NULL,
                                     set ? property_set_bool : NULL,
                                     NULL, bp);
}

/* enum */

typedef struct EnumProperty {
    const char *const *lookup;
    int (*get)(Object *, Error **);
    void (*set)(Object *, int, Error **);
} EnumProperty;

static QObject *property_get_enum(Object *obj, ObjectProperty *prop,
                                  Error **errp)
{
    EnumProperty *ep = prop->opaque;
    Error *local_err = NULL;
    int value = ep->get(obj, &local_err);

    if (local_err) {
        error_propagate(errp, local_err);
        return NULL;
    }
    return QOBJECT(qstring_from_str(ep->lookup[value]));
}

static void property_set_enum(Object *obj, ObjectProperty *prop,
                              const QInput *in, Error **errp)
{
    EnumProperty *ep = prop->opaque;
    int value;

    if (qinput_get_enum(in, prop->name, ep->lookup, &value, errp)) {
        ep->set(obj, value, errp);
    }
}

ObjectProperty *object_property_add_enum(Object *obj, const char *name,
                    const char *typename, const char *const *lookup,
                    int (*get)(Object *, Error **),
                    void (*set)(Object *, int, Error **))
{
    EnumProperty *ep = g_new0(EnumProperty, 1);

    ep->lookup = lookup;
    ep->get = get;
    ep->set = set;
    return object_property_add(obj, name, typename,
                               get ? property_get_enum : NULL,
                               set ? property_set_enum : NULL,
                               property_release_opaque, ep);
}

ObjectProperty *object_class_property_add_enum(ObjectClass *klass,
                    const char *name,
                    const char *typename, const char *const *lookup,
                    int (*get)(Object *, Error **),
                    void (*set)(Object *, int, Error **))
{
    EnumProperty *ep = g_new0(EnumProperty, 1);

    ep->lookup = lookup;
    ep->get = get;
    ep->set = set;
    return object_class_property_add(klass, name, typename,
                                      get ? property_get_enum : NULL,
                                      set ? property_set_enum : NULL,
                                      NULL, ep);
}

/* Integer fields */

typedef struct UintPtrProperty {
    void *ptr;
    unsigned width;     /* bytes */
} UintPtrProperty;

static QObject *property_get_uint_ptr(Object *obj, ObjectProperty *prop,
                                      Error **errp)
{
    UintPtrProperty *up = prop->opaque;
    uint64_t value;

    switch (up->width) {
    case 1:
        value = *(uint8_t *)up->ptr;
        break;
    case 2:
        value = *(uint16_t *)up->ptr;
        break;
    case 4:
        value = *(uint32_t *)up->ptr;
        break;
    default:
        value = *(uint64_t *)up->ptr;
        break;
    }
    return QOBJECT(qnum_from_uint(value));
}

static void property_set_uint_ptr(Object *obj, ObjectProperty *prop,
                                  const QInput *in, Error **errp)
{
    static const char *const ctype[] = {
        [1] = "uint8_t", [2] = "uint16_t", [4] = "uint32_t", [8] = "uint64_t",
    };
    UintPtrProperty *up = prop->opaque;
    uint64_t max = up->width == 8 ? UINT64_MAX
                                  : (1ULL << (up->width * 8)) - 1;
    uint64_t value;

    if (!qinput_get_uint(in, prop->name, max, ctype[up->width], &value,
                         errp)) {
        return;
    }
    switch (up->width) {
    case 1:
        *(uint8_t *)up->ptr = value;
        break;
    case 2:
        *(uint16_t *)up->ptr = value;
        break;
    case 4:
        *(uint32_t *)up->ptr = value;
        break;
    default:
        *(uint64_t *)up->ptr = value;
        break;
    }
}

static ObjectProperty *add_uint_ptr(Object *obj, const char *name,
                                    const char *type, void *ptr,
                                    unsigned width, ObjectPropertyFlags flags)
{
    UintPtrProperty *up = g_new0(UintPtrProperty, 1);

    up->ptr = ptr;
    up->width = width;
    return object_property_add(obj, name, type,
        (flags & OBJ_PROP_FLAG_READ) ? property_get_uint_ptr : NULL,
        (flags & OBJ_PROP_FLAG_WRITE) ? property_set_uint_ptr : NULL,
        property_release_opaque, up);
}

ObjectProperty *object_property_add_uint8_ptr(Object *obj, const char *name,
                    uint8_t *v, ObjectPropertyFlags flags)
{
    return add_uint_ptr(obj, name, "uint8", v, 1, flags);
}

ObjectProperty *object_property_add_uint16_ptr(Object *obj, const char *name,
                    uint16_t *v, ObjectPropertyFlags flags)
{
    return add_uint_ptr(obj, name, "uint16", v, 2, flags);
}

ObjectProperty *object_property_add_uint32_ptr(Object *obj, const char *name,
                    uint32_t *v, ObjectPropertyFlags flags)
{
    return add_uint_ptr(obj, name, "uint32", v, 4, flags);
}

ObjectProperty *object_property_add_uint64_ptr(Object *obj, const char *name,
                    uint64_t *v, ObjectPropertyFlags flags)
{
    return add_uint_ptr(obj, name, "uint64", v, 8, flags);
}

/* child<> */

static QObject *property_get_child(Object *obj, ObjectProperty *prop,
                                   Error **errp)
{
    g_autofree char *path = object_get_canonical_path(prop->opaque);

    return QOBJECT(qstring_from_str(path ? path : ""));
}

static Object *property_resolve_child(Object *obj, ObjectProperty *prop,
                                      const char *part)
{
    return prop->opaque;
}

static void property_release_child(Object *obj, ObjectProperty *prop)
{
    Object *child = prop->opaque;

    if (child->class->unparent) {
        child->class->unparent(child);
    }
    child->parent = NULL;
    object_unref(child);
}

ObjectProperty *object_property_add_child(Object *obj, const char *name,
                                          Object *child)
{
    g_autofree char *type = g_strdup_printf("child<%s>",
                                            object_get_typename(child));
    ObjectProperty *prop;

    g_assert(!child->parent);
    prop = object_property_add(obj, name, type, property_get_child, NULL,
                               property_release_child, child);
    prop->resolve = property_resolve_child;
    object_ref(child);
    child->parent = obj;
    return prop;
}

/* link<> */

typedef struct LinkProperty {
    Object **targetp;       /* instance links */
    ptrdiff_t offset;       /* class links: target at (char *)obj + offset */
    ObjectPropertyLinkCheck *check;
    ObjectPropertyLinkFlags flags;
    Object *const_target;   /* const links: targetp points here */
} LinkProperty;

static Object **link_slot(Object *obj, LinkProperty *lp)
{
    return lp->targetp ? lp->targetp : (Object **)((char *)obj + lp->offset);
}

static char *link_target_type(const ObjectProperty *prop)
{
    /* "link<TYPE>" -> "TYPE" */
    return g_strndup(prop->type + 5, strlen(prop->type) - 6);
}

void object_property_allow_set_link(const Object *obj, const char *name,
                                    Object *val, Error **errp)
{
}

static QObject *property_get_link(Object *obj, ObjectProperty *prop,
                                  Error **errp)
{
    Object *target = *link_slot(obj, prop->opaque);
    g_autofree char *path = target ? object_get_canonical_path(target) : NULL;

    return QOBJECT(qstring_from_str(path ? path : ""));
}

static Object *link_resolve_path(const char *name, const char *path,
                                 const char *type, Error **errp)
{
    bool ambiguous = false;
    Object *target = object_resolve_path_type(path, type, &ambiguous);

    if (target) {
        return target;
    }
    if (ambiguous) {
        error_setg(errp, "Path '%s' does not uniquely identify an object",
                   path);
    } else if (object_resolve_path(path, NULL)) {
        error_setg(errp, "Invalid parameter type for '%s', expected: %s",
                   name, type);
    } else {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                  "Device '%s' not found", path);
    }
    return NULL;
}

static void property_set_link(Object *obj, ObjectProperty *prop,
                              const QInput *in, Error **errp)
{
    LinkProperty *lp = prop->opaque;
    Object **slot = link_slot(obj, lp);
    g_autofree char *type = link_target_type(prop);
    Object *target = NULL;
    Error *local_err = NULL;
    const char *path = qinput_get_str(in, prop->name, errp);

    if (!path) {
        return;
    }
    if (*path) {
        target = link_resolve_path(prop->name, path, type, errp);
        if (!target) {
            return;
        }
    }
    lp->check(obj, prop->name, target, &local_err);
    if (local_err) {
        error_propagate(errp, local_err);
        return;
    }
    if (lp->flags & OBJ_PROP_LINK_STRONG) {
        object_ref(target);
        object_unref(*slot);
    }
    *slot = target;
}

static Object *property_resolve_link(Object *obj, ObjectProperty *prop,
                                     const char *part)
{
    return *link_slot(obj, prop->opaque);
}

static void property_release_link(Object *obj, ObjectProperty *prop)
{
    LinkProperty *lp = prop->opaque;
    Object **slot = link_slot(obj, lp);

    if ((lp->flags & OBJ_PROP_LINK_STRONG) && *slot) {
        object_unref(*slot);
        *slot = NULL;
    }
    if (lp->targetp) {
        g_free(lp);
    }
}

ObjectProperty *object_property_add_link(Object *obj, const char *name,
                                         const char *type, Object **targetp,
                                         ObjectPropertyLinkCheck *check,
                                         ObjectPropertyLinkFlags flags)
{
    LinkProperty *lp = g_new0(LinkProperty, 1);
    g_autofree char *full_type = g_strdup_printf("link<%s>", type);
    ObjectProperty *prop;

    lp->targetp = targetp;
    lp->check = check;
    lp->flags = flags;
    prop = object_property_add(obj, name, full_type, property_get_link,
                               check ? property_set_link : NULL,
                               property_release_link, lp);
    prop->resolve = property_resolve_link;
    return prop;
}

ObjectProperty *object_class_property_add_link(ObjectClass *klass,
                                               const char *name,
                                               const char *type,
                                               ptrdiff_t offset,
                                               ObjectPropertyLinkCheck *check,
                                               ObjectPropertyLinkFlags flags)
{
    LinkProperty *lp = g_new0(LinkProperty, 1);
    g_autofree char *full_type = g_strdup_printf("link<%s>", type);
    ObjectProperty *prop;

    lp->offset = offset;
    lp->check = check;
    lp->flags = flags;
    prop = object_class_property_add(klass, name, full_type,
                                     property_get_link,
                                     check ? property_set_link : NULL,
                                     property_release_link, lp);
    prop->resolve = property_resolve_link;
    return prop;
}

ObjectProperty *object_property_add_const_link(Object *obj, const char *name,
                                               Object *target)
{
    LinkProperty *lp = g_new0(LinkProperty, 1);
    g_autofree char *full_type =
        g_strdup_printf("link<%s>", object_get_typename(target));
    ObjectProperty *prop;

    lp->const_target = target;
    lp->targetp = &lp->const_target;
    prop = object_property_add(obj, name, full_type, property_get_link, NULL,
                               property_release_link, lp);
    prop->resolve = property_resolve_link;
    return prop;
}

/* Aliases */

typedef struct AliasProperty {
    Object *target_obj;
    char *target_name;
} AliasProperty;

static QObject *property_get_alias(Object *obj, ObjectProperty *prop,
                                   Error **errp)
{
    AliasProperty *ap = prop->opaque;

    return object_property_get(ap->target_obj, ap->target_name, errp);
}

static void property_set_alias(Object *obj, ObjectProperty *prop,
                               const QInput *in, Error **errp)
{
    AliasProperty *ap = prop->opaque;

    object_property_set(ap->target_obj, ap->target_name, in, errp);
}

static Object *property_resolve_alias(Object *obj, ObjectProperty *prop,
                                      const char *part)
{
    AliasProperty *ap = prop->opaque;
    ObjectProperty *target = object_property_find(ap->target_obj,
                                                  ap->target_name);

    return target ? object_property_resolve(ap->target_obj, target, part)
                  : NULL;
}

static void property_release_alias(Object *obj, ObjectProperty *prop)
{
    AliasProperty *ap = prop->opaque;

    g_free(ap->target_name);
    g_free(ap);
}

ObjectProperty *object_property_add_alias(Object *obj, const char *name,
                                          Object *target_obj,
                                          const char *target_name)
{
    ObjectProperty *target = object_property_find(target_obj, target_name);
    AliasProperty *ap;
    ObjectProperty *prop;
    g_autofree char *type = NULL;

    g_assert(target);
    /* An alias of a child is a link: the alias does not own it. */
    if (object_property_is_child(target)) {
        type = g_strdup_printf("link%s", target->type + strlen("child"));
    } else {
        type = g_strdup(target->type);
    }
    ap = g_new0(AliasProperty, 1);
    ap->target_obj = target_obj;
    ap->target_name = g_strdup(target_name);
    prop = object_property_add(obj, name, type,
                               target->get ? property_get_alias : NULL,
                               target->set ? property_set_alias : NULL,
                               property_release_alias, ap);
    prop->resolve = property_resolve_alias;
    if (target->description) {
        prop->description = g_strdup(target->description);
    }
    return prop;
}
