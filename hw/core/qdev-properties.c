/*
 * qdev property tables and the standard field types
 * (see include/hw/core/qdev-properties.h).
 */
#include "util/osdep.h"
#include "util/uuid.h"
#include "qom/object-property.h"
#include "hw/core/qdev.h"
#include "hw/core/qdev-properties.h"

const char *const OnOffAuto_lookup[] = { "auto", "on", "off", NULL };

void qdev_prop_set_after_realize(DeviceState *dev, const char *name,
                                 Error **errp)
{
    if (dev->id) {
        error_setg(errp, "Attempt to set property '%s' on device '%s' "
                   "(type '%s') after it was realized", name, dev->id,
                   object_get_typename(OBJECT(dev)));
    } else {
        error_setg(errp, "Attempt to set property '%s' on anonymous device "
                   "(type '%s') after it was realized", name,
                   object_get_typename(OBJECT(dev)));
    }
}

/* bool and bits */

static QObject *get_bool(Object *obj, const Property *prop, void *field,
                         Error **errp)
{
    return QOBJECT(qbool_from_bool(*(bool *)field));
}

static void set_bool(Object *obj, const Property *prop, void *field,
                     const QInput *in, Error **errp)
{
    qinput_get_bool(in, prop->name, field, errp);
}

static QObject *default_bool(const Property *prop)
{
    return QOBJECT(qbool_from_bool(prop->defval.u));
}

const PropertyInfo qdev_prop_bool = {
    .name = "bool",
    .description = "on/off",
    .get = get_bool,
    .set = set_bool,
    .default_value = default_bool,
};

static QObject *get_bit(Object *obj, const Property *prop, void *field,
                        Error **errp)
{
    return QOBJECT(qbool_from_bool(*(uint32_t *)field & (1U << prop->bitnr)));
}

static void set_bit(Object *obj, const Property *prop, void *field,
                    const QInput *in, Error **errp)
{
    uint32_t *p = field;
    bool value;

    if (qinput_get_bool(in, prop->name, &value, errp)) {
        *p = value ? *p | (1U << prop->bitnr) : *p & ~(1U << prop->bitnr);
    }
}

const PropertyInfo qdev_prop_bit = {
    .name = "bool",
    .description = "on/off",
    .get = get_bit,
    .set = set_bit,
    .default_value = default_bool,
};

static QObject *get_bit64(Object *obj, const Property *prop, void *field,
                          Error **errp)
{
    return QOBJECT(qbool_from_bool(*(uint64_t *)field &
                                   (1ULL << prop->bitnr)));
}

static void set_bit64(Object *obj, const Property *prop, void *field,
                      const QInput *in, Error **errp)
{
    uint64_t *p = field;
    bool value;

    if (qinput_get_bool(in, prop->name, &value, errp)) {
        *p = value ? *p | (1ULL << prop->bitnr)
                   : *p & ~(1ULL << prop->bitnr);
    }
}

const PropertyInfo qdev_prop_bit64 = {
    .name = "bool",
    .description = "on/off",
    .get = get_bit64,
    .set = set_bit64,
    .default_value = default_bool,
};

/* Integers */

static QObject *default_uint(const Property *prop)
{
    return QOBJECT(qnum_from_uint(prop->defval.u));
}

static QObject *default_int(const Property *prop)
{
    return QOBJECT(qnum_from_int(prop->defval.i));
}

#define DEFINE_UINT_INFO(bits, tname, cname) \
    static QObject *get_uint##bits(Object *obj, const Property *prop, \
                                   void *field, Error **errp) \
    { \
        return QOBJECT(qnum_from_uint(*(uint##bits##_t *)field)); \
    } \
    static void set_uint##bits(Object *obj, const Property *prop, \
                               void *field, const QInput *in, Error **errp) \
    { \
        uint64_t v; \
        if (qinput_get_uint(in, prop->name, UINT##bits##_MAX, cname, &v, \
                            errp)) { \
            *(uint##bits##_t *)field = v; \
        } \
    } \
    const PropertyInfo qdev_prop_uint##bits = { \
        .name = tname, \
        .get = get_uint##bits, \
        .set = set_uint##bits, \
        .default_value = default_uint, \
    };

DEFINE_UINT_INFO(8, "uint8", "uint8_t")
DEFINE_UINT_INFO(16, "uint16", "uint16_t")
DEFINE_UINT_INFO(32, "uint32", "uint32_t")
DEFINE_UINT_INFO(64, "uint64", NULL)

#define DEFINE_INT_INFO(bits, tname, cname) \
    static QObject *get_int##bits(Object *obj, const Property *prop, \
                                  void *field, Error **errp) \
    { \
        return QOBJECT(qnum_from_int(*(int##bits##_t *)field)); \
    } \
    static void set_int##bits(Object *obj, const Property *prop, \
                              void *field, const QInput *in, Error **errp) \
    { \
        int64_t v; \
        if (qinput_get_int(in, prop->name, INT##bits##_MIN, INT##bits##_MAX, \
                           cname, &v, errp)) { \
            *(int##bits##_t *)field = v; \
        } \
    } \
    const PropertyInfo qdev_prop_int##bits = { \
        .name = tname, \
        .get = get_int##bits, \
        .set = set_int##bits, \
        .default_value = default_int, \
    };

DEFINE_INT_INFO(32, "int32", "int32_t")
DEFINE_INT_INFO(64, "int64", NULL)

/* Sizes */

static QObject *get_size(Object *obj, const Property *prop, void *field,
                         Error **errp)
{
    return QOBJECT(qnum_from_uint(*(uint64_t *)field));
}

static void set_size(Object *obj, const Property *prop, void *field,
                     const QInput *in, Error **errp)
{
    qinput_get_size(in, prop->name, field, errp);
}

const PropertyInfo qdev_prop_size = {
    .name = "size",
    .get = get_size,
    .set = set_size,
    .default_value = default_uint,
};

static QObject *get_size32(Object *obj, const Property *prop, void *field,
                           Error **errp)
{
    return QOBJECT(qnum_from_uint(*(uint32_t *)field));
}

static void set_size32(Object *obj, const Property *prop, void *field,
                       const QInput *in, Error **errp)
{
    uint64_t v;

    if (!qinput_get_size(in, prop->name, &v, errp)) {
        return;
    }
    if (v > UINT32_MAX) {
        error_setg(errp, "Property %s.%s doesn't take value %" PRIu64
                   " (maximum: %u)", object_get_typename(obj), prop->name,
                   v, UINT32_MAX);
        return;
    }
    *(uint32_t *)field = v;
}

const PropertyInfo qdev_prop_size32 = {
    .name = "size",
    .get = get_size32,
    .set = set_size32,
    .default_value = default_uint,
};

/* Strings */

static QObject *get_string(Object *obj, const Property *prop, void *field,
                           Error **errp)
{
    char *s = *(char **)field;

    return QOBJECT(qstring_from_str(s ? s : ""));
}

static void set_string(Object *obj, const Property *prop, void *field,
                       const QInput *in, Error **errp)
{
    const char *s = qinput_get_str(in, prop->name, errp);

    if (s) {
        g_free(*(char **)field);
        *(char **)field = g_strdup(s);
    }
}

static void release_string(Object *obj, const Property *prop, void *field)
{
    g_free(*(char **)field);
    *(char **)field = NULL;
}

const PropertyInfo qdev_prop_string = {
    .name = "str",
    .get = get_string,
    .set = set_string,
    .release = release_string,
};

/* OnOffAuto */

static QObject *get_enum(Object *obj, const Property *prop, void *field,
                         Error **errp)
{
    return QOBJECT(qstring_from_str(prop->info->enum_table[*(int *)field]));
}

static void set_enum(Object *obj, const Property *prop, void *field,
                     const QInput *in, Error **errp)
{
    qinput_get_enum(in, prop->name, prop->info->enum_table, field, errp);
}

static QObject *default_enum(const Property *prop)
{
    return QOBJECT(qstring_from_str(prop->info->enum_table[prop->defval.i]));
}

const PropertyInfo qdev_prop_on_off_auto = {
    .name = "OnOffAuto",
    .description = "on/off/auto",
    .enum_table = OnOffAuto_lookup,
    .get = get_enum,
    .set = set_enum,
    .default_value = default_enum,
};

/* Links */

static QObject *get_link(Object *obj, const Property *prop, void *field,
                         Error **errp)
{
    Object *target = *(Object **)field;
    g_autofree char *path = target ? object_get_canonical_path(target) : NULL;

    return QOBJECT(qstring_from_str(path ? path : ""));
}

static void set_link(Object *obj, const Property *prop, void *field,
                     const QInput *in, Error **errp)
{
    const char *path = qinput_get_str(in, prop->name, errp);
    Object *target = NULL;
    bool ambiguous = false;

    if (!path) {
        return;
    }
    if (*path) {
        target = object_resolve_path_type(path, prop->link_type, &ambiguous);
        if (!target) {
            if (ambiguous) {
                error_setg(errp, "Path '%s' does not uniquely identify an "
                           "object", path);
            } else if (object_resolve_path(path, NULL)) {
                error_setg(errp, "Invalid parameter type for '%s', "
                           "expected: %s", prop->name, prop->link_type);
            } else {
                error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                          "Device '%s' not found", path);
            }
            return;
        }
    }
    /* Strong: a device keeps what it links to alive. */
    object_ref(target);
    object_unref(*(Object **)field);
    *(Object **)field = target;
}

static void release_link(Object *obj, const Property *prop, void *field)
{
    object_unref(*(Object **)field);
    *(Object **)field = NULL;
}

const PropertyInfo qdev_prop_link = {
    .name = "link",
    .get = get_link,
    .set = set_link,
    .release = release_link,
};

/* UUIDs */

static QObject *get_uuid(Object *obj, const Property *prop, void *field,
                         Error **errp)
{
    char buf[UUID_STR_LEN + 1];

    uuid_unparse(field, buf);
    return QOBJECT(qstring_from_str(buf));
}

static void set_uuid(Object *obj, const Property *prop, void *field,
                     const QInput *in, Error **errp)
{
    const char *s = qinput_get_str(in, prop->name, errp);
    CorvidUUID uuid;

    if (!s) {
        return;
    }
    if (!strcmp(s, "auto")) {
        uuid_generate(field);
    } else if (uuid_parse(s, &uuid) < 0) {
        /* Parsed into a copy: a bad value leaves the field alone. */
        error_setg(errp, "Property '%s.%s' doesn't take value '%s'",
                   object_get_typename(obj), prop->name, s);
    } else {
        *(CorvidUUID *)field = uuid;
    }
}

static QObject *default_uuid(const Property *prop)
{
    return QOBJECT(qstring_from_str("auto"));
}

const PropertyInfo qdev_prop_uuid = {
    .name = "str",
    .description = "UUID (aka GUID) or \"auto\" for random value (default)",
    .get = get_uuid,
    .set = set_uuid,
    .default_value = default_uuid,
};

/* Glue between a table entry and its class property */

static QObject *field_prop_get(Object *obj, ObjectProperty *op, Error **errp)
{
    const Property *prop = op->opaque;

    return prop->info->get(obj, prop, qdev_prop_field(obj, prop), errp);
}

static void field_prop_set(Object *obj, ObjectProperty *op, const QInput *in,
                           Error **errp)
{
    const Property *prop = op->opaque;
    DeviceState *dev = DEVICE(obj);

    if (dev->realized && !prop->info->realized_set_allowed) {
        qdev_prop_set_after_realize(dev, prop->name, errp);
        return;
    }
    prop->info->set(obj, prop, qdev_prop_field(obj, prop), in, errp);
}

/* Link fields lead somewhere: paths and object_property_get_link()
 * follow them like any link<> property. */
static Object *field_prop_resolve_link(Object *obj, ObjectProperty *op,
                                       const char *part)
{
    const Property *prop = op->opaque;

    return *(Object **)qdev_prop_field(obj, prop);
}

static void field_prop_release(Object *obj, ObjectProperty *op)
{
    const Property *prop = op->opaque;

    if (prop->info->release) {
        prop->info->release(obj, prop, qdev_prop_field(obj, prop));
    }
}

void device_class_set_props_n(DeviceClass *dc, const Property *props,
                              unsigned n)
{
    ObjectClass *oc = OBJECT_CLASS(dc);
    unsigned i;

    dc->props = props;
    dc->num_props = n;
    for (i = 0; i < n; i++) {
        const Property *prop = &props[i];
        g_autofree char *type = NULL;
        ObjectProperty *op;

        if (prop->info == &qdev_prop_link) {
            type = g_strdup_printf("link<%s>", prop->link_type);
        } else {
            type = g_strdup(prop->info->name);
        }
        op = object_class_property_add(oc, prop->name, type,
                                       field_prop_get, field_prop_set,
                                       field_prop_release, (void *)prop);
        if (prop->info == &qdev_prop_link) {
            op->resolve = field_prop_resolve_link;
        }
        if (prop->info->description) {
            object_class_property_set_description(oc, prop->name,
                                                  prop->info->description);
        }
        if (prop->set_default) {
            object_property_set_default(op, prop->info->default_value(prop));
        }
    }
}

/* Board-code setters: the values are constants, failure is a bug. */

void qdev_prop_set_bit(DeviceState *dev, const char *name, bool value)
{
    object_property_set_bool(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_uint32(DeviceState *dev, const char *name, uint32_t value)
{
    object_property_set_uint(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_uint64(DeviceState *dev, const char *name, uint64_t value)
{
    object_property_set_uint(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_int32(DeviceState *dev, const char *name, int32_t value)
{
    object_property_set_int(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_string(DeviceState *dev, const char *name,
                          const char *value)
{
    object_property_set_str(OBJECT(dev), name, value, &error_abort);
}
