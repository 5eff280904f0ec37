/*
 * qdev property tables.
 *
 * A device class declares its configurable fields in one static table:
 *
 *     static const Property my_dev_props[] = {
 *         DEFINE_PROP_UINT32("queues", MyDev, num_queues, 1),
 *         DEFINE_PROP_BOOL("flag", MyDev, flag, false),
 *     };
 *     device_class_set_props(dc, my_dev_props);
 *
 * Each entry becomes a class property of the named type with its default,
 * shown by "-device TYPE,help" and settable (before realize only) from
 * -device, -global, device_add and qom-set.  A PropertyInfo describes one
 * field type: how to read it into a QObject and parse a QInput into it.
 */
#ifndef HW_CORE_QDEV_PROPERTIES_H
#define HW_CORE_QDEV_PROPERTIES_H

#include "hw/core/qdev.h"
#include "qobject/qinput.h"
#include "util/uuid.h"

typedef struct PropertyInfo {
    const char *name;           /* the type name help shows */
    const char *description;    /* e.g. "on/off" */
    const char *const *enum_table;  /* NULL-terminated, for enums */
    QObject *(*get)(Object *obj, const Property *prop, void *field,
                    Error **errp);
    void (*set)(Object *obj, const Property *prop, void *field,
                const QInput *in, Error **errp);
    /* The default as a value (only called when prop->set_default). */
    QObject *(*default_value)(const Property *prop);
    void (*release)(Object *obj, const Property *prop, void *field);
    bool realized_set_allowed;
} PropertyInfo;

struct Property {
    const char *name;
    const PropertyInfo *info;
    ptrdiff_t offset;
    uint8_t bitnr;              /* bit properties */
    bool set_default;
    union {
        int64_t i;
        uint64_t u;
    } defval;
    const char *link_type;      /* link properties */
};

extern const PropertyInfo qdev_prop_bool;
extern const PropertyInfo qdev_prop_bit;
extern const PropertyInfo qdev_prop_bit64;
extern const PropertyInfo qdev_prop_uint8;
extern const PropertyInfo qdev_prop_uint16;
extern const PropertyInfo qdev_prop_uint32;
extern const PropertyInfo qdev_prop_uint64;
extern const PropertyInfo qdev_prop_int32;
extern const PropertyInfo qdev_prop_int64;
extern const PropertyInfo qdev_prop_size;
extern const PropertyInfo qdev_prop_size32;
extern const PropertyInfo qdev_prop_string;
extern const PropertyInfo qdev_prop_on_off_auto;
extern const PropertyInfo qdev_prop_link;
extern const PropertyInfo qdev_prop_uuid;

typedef enum OnOffAuto {
    ON_OFF_AUTO_AUTO,
    ON_OFF_AUTO_ON,
    ON_OFF_AUTO_OFF,
} OnOffAuto;
extern const char *const OnOffAuto_lookup[];

/* Compile-time check that @field of @state has type @type. */
#define QDEV_FIELD_OFFSET(state, field, type) \
    (offsetof(state, field) + \
     0 * sizeof((type *)0 - &((state *)0)->field))

#define DEFINE_PROP(_name, _state, _field, _info, _type, ...) { \
        .name = (_name), \
        .info = &(_info), \
        .offset = QDEV_FIELD_OFFSET(_state, _field, _type), \
        __VA_ARGS__ \
    }

#define DEFINE_PROP_SIGNED(_name, _state, _field, _def, _info, _type) \
    DEFINE_PROP(_name, _state, _field, _info, _type, \
                .set_default = true, .defval.i = (_type)(_def))
#define DEFINE_PROP_UNSIGNED(_name, _state, _field, _def, _info, _type) \
    DEFINE_PROP(_name, _state, _field, _info, _type, \
                .set_default = true, .defval.u = (_type)(_def))

#define DEFINE_PROP_BOOL(_n, _s, _f, _d) \
    DEFINE_PROP_UNSIGNED(_n, _s, _f, _d, qdev_prop_bool, bool)
#define DEFINE_PROP_UINT8(_n, _s, _f, _d) \
    DEFINE_PROP_UNSIGNED(_n, _s, _f, _d, qdev_prop_uint8, uint8_t)
#define DEFINE_PROP_UINT16(_n, _s, _f, _d) \
    DEFINE_PROP_UNSIGNED(_n, _s, _f, _d, qdev_prop_uint16, uint16_t)
#define DEFINE_PROP_UINT32(_n, _s, _f, _d) \
    DEFINE_PROP_UNSIGNED(_n, _s, _f, _d, qdev_prop_uint32, uint32_t)
#define DEFINE_PROP_UINT64(_n, _s, _f, _d) \
    DEFINE_PROP_UNSIGNED(_n, _s, _f, _d, qdev_prop_uint64, uint64_t)
#define DEFINE_PROP_INT32(_n, _s, _f, _d) \
    DEFINE_PROP_SIGNED(_n, _s, _f, _d, qdev_prop_int32, int32_t)
#define DEFINE_PROP_INT64(_n, _s, _f, _d) \
    DEFINE_PROP_SIGNED(_n, _s, _f, _d, qdev_prop_int64, int64_t)
#define DEFINE_PROP_SIZE(_n, _s, _f, _d) \
    DEFINE_PROP_UNSIGNED(_n, _s, _f, _d, qdev_prop_size, uint64_t)
#define DEFINE_PROP_SIZE32(_n, _s, _f, _d) \
    DEFINE_PROP_UNSIGNED(_n, _s, _f, _d, qdev_prop_size32, uint32_t)
#define DEFINE_PROP_ON_OFF_AUTO(_n, _s, _f, _d) \
    DEFINE_PROP_SIGNED(_n, _s, _f, _d, qdev_prop_on_off_auto, OnOffAuto)
/* One bit of a uint32_t field. */
#define DEFINE_PROP_BIT(_n, _s, _f, _bit, _d) \
    DEFINE_PROP(_n, _s, _f, qdev_prop_bit, uint32_t, .bitnr = (_bit), \
                .set_default = true, .defval.u = (bool)(_d))
/* One bit of a uint64_t field. */
#define DEFINE_PROP_BIT64(_n, _s, _f, _bit, _d) \
    DEFINE_PROP(_n, _s, _f, qdev_prop_bit64, uint64_t, .bitnr = (_bit), \
                .set_default = true, .defval.u = (bool)(_d))
/* A string (char *, freed with the device); no default. */
#define DEFINE_PROP_STRING(_n, _s, _f) \
    DEFINE_PROP(_n, _s, _f, qdev_prop_string, char *)
/* A link to an object of @_type, stored as @_ptr_type *. */
#define DEFINE_PROP_LINK(_n, _s, _f, _type, _ptr_type) \
    DEFINE_PROP(_n, _s, _f, qdev_prop_link, _ptr_type, .link_type = (_type))
/* A CorvidUUID; "auto" generates one. */
#define DEFINE_PROP_UUID(_n, _s, _f) \
    DEFINE_PROP(_n, _s, _f, qdev_prop_uuid, CorvidUUID, .set_default = true)

/* Install @props (a static array) as @dc's property table. */
#define device_class_set_props(dc, props) \
    device_class_set_props_n((dc), (props), ARRAY_SIZE(props))
void device_class_set_props_n(DeviceClass *dc, const Property *props,
                              unsigned n);

/* The field a property describes, inside @obj. */
static inline void *qdev_prop_field(Object *obj, const Property *prop)
{
    return (char *)obj + prop->offset;
}

/*
 * Fail with qemu's message for setting a property of a realized device.
 */
void qdev_prop_set_after_realize(DeviceState *dev, const char *name,
                                 Error **errp);

/* Board code convenience: set or abort (the values are constants). */
void qdev_prop_set_bit(DeviceState *dev, const char *name, bool value);
void qdev_prop_set_uint32(DeviceState *dev, const char *name, uint32_t value);
void qdev_prop_set_uint64(DeviceState *dev, const char *name, uint64_t value);
void qdev_prop_set_int32(DeviceState *dev, const char *name, int32_t value);
void qdev_prop_set_string(DeviceState *dev, const char *name,
                          const char *value);

/*
 * -global DRIVER.PROPERTY=VALUE: defaults applied to every device of
 * DRIVER (or a subtype) when it is created, before any -device option.
 */
typedef struct GlobalProperty {
    char *driver;
    char *property;
    char *value;
    bool used;
} GlobalProperty;

void qdev_prop_register_global(const char *driver, const char *property,
                               const char *value);
/* Apply the globals that match @obj's type (device post-init). */
bool qdev_prop_apply_globals(Object *obj, Error **errp);
/* Warn about globals that matched nothing (after machine creation). */
void qdev_prop_check_globals(void);
/* Forget every global (tests). */
void qdev_prop_reset_globals(void);

#endif
