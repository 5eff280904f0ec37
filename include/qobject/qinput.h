/*
 * Reading typed C values out of QObjects: one parser per type.
 *
 * A value reaches a property from one of three places:
 *
 *   - the command line (-device x,p=v, -global, -object x,p=v, -M x,p=v),
 *     where every scalar is a string;
 *   - QMP device_add, which like qemu accepts either typed JSON or strings;
 *   - QMP qom-set, object-add and JSON command-line options
 *     (-device '{"driver": ...}'), where scalars must have their JSON type.
 *
 * A QInput pairs the value with that mode.  In keyval mode strings are
 * parsed ("on"/"off", "0x10", "4G"); typed values are accepted as well.
 * In typed mode only the JSON type is accepted.  Error messages follow
 * qemu's wording so that scripts matching on them keep working:
 *
 *   Invalid parameter type for 'p', expected: integer     (typed mode)
 *   Parameter 'p' expects 'on' or 'off'                   (keyval bool)
 *   Parameter 'p' expects integer | size | uint8_t ...    (keyval numbers)
 *   Parameter 'p' does not accept value 'v'               (enums)
 */
#ifndef QOBJECT_QINPUT_H
#define QOBJECT_QINPUT_H

#include "qobject/qobject.h"
#include "util/error.h"

typedef struct QInput {
    QObject *obj;       /* borrowed */
    bool keyval;        /* strings stand for scalars */
} QInput;

#define QINPUT_TYPED(o)  ((QInput){ .obj = QOBJECT(o), .keyval = false })
#define QINPUT_KEYVAL(o) ((QInput){ .obj = QOBJECT(o), .keyval = true })

/* The same mode for a member of a dict or list input. */
static inline QInput qinput_member(const QInput *in, QObject *member)
{
    return (QInput){ .obj = member, .keyval = in->keyval };
}

bool qinput_get_bool(const QInput *in, const char *name, bool *out,
                     Error **errp);
/*
 * Signed integer in [min, max].  @type names the C type for range errors
 * ("int32_t", ...); pass NULL for full int64 range.
 */
bool qinput_get_int(const QInput *in, const char *name, int64_t min,
                    int64_t max, const char *type, int64_t *out,
                    Error **errp);
/* Unsigned integer in [0, max]; @type as above. */
bool qinput_get_uint(const QInput *in, const char *name, uint64_t max,
                     const char *type, uint64_t *out, Error **errp);
/* A byte count; in keyval mode with an optional K/M/G/T/P/E suffix. */
bool qinput_get_size(const QInput *in, const char *name, uint64_t *out,
                     Error **errp);
bool qinput_get_double(const QInput *in, const char *name, double *out,
                       Error **errp);
/* A string (borrowed from the input). */
const char *qinput_get_str(const QInput *in, const char *name, Error **errp);
/* One of the NULL-terminated @values; *out is its index. */
bool qinput_get_enum(const QInput *in, const char *name,
                     const char *const *values, int *out, Error **errp);
/* A dict or list, for structured properties; NULL with an error if not. */
QDict *qinput_get_dict(const QInput *in, const char *name, Error **errp);
QList *qinput_get_list(const QInput *in, const char *name, Error **errp);

#endif
