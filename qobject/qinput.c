/*
 * Reading typed C values out of QObjects, in keyval mode (strings are
 * parsed, typed values accepted too) or typed mode (only the JSON type
 * will do).  See include/qobject/qinput.h.
 */
#include "util/osdep.h"
#include "qobject/qinput.h"
#include "util/cutils.h"

/* Spellings of booleans accepted in keyval mode (as qemu accepts them). */
static const char *const bool_true[] = { "on", "yes", "true", "y", NULL };
static const char *const bool_false[] = { "off", "no", "false", "n", NULL };

/* The value's name in messages; anonymous values still get one. */
static const char *pname(const char *name)
{
    return name ? name : "value";
}

/* The JSON type is wrong (or, in keyval mode, no string either). */
static void type_error(const char *name, const char *expected, Error **errp)
{
    error_setg(errp, "Invalid parameter type for '%s', expected: %s",
               pname(name), expected);
}

/* The value has the right type but is out of range or malformed. */
static void value_error(const char *name, const char *what, Error **errp)
{
    error_setg(errp, "Parameter '%s' expects %s", pname(name), what);
}

/* Nothing there at all; true if so. */
static bool is_missing(const QInput *in, const char *name, Error **errp)
{
    if (in->obj) {
        return false;
    }
    error_setg(errp, "Parameter '%s' is missing", pname(name));
    return true;
}

/* The string to parse, in keyval mode only. */
static const char *keyval_str(const QInput *in)
{
    QString *qs = in->keyval ? qobject_to(QString, in->obj) : NULL;

    return qs ? qstring_get_str(qs) : NULL;
}

static int find_word(const char *const *words, const char *s)
{
    int i;

    for (i = 0; words[i]; i++) {
        if (!strcmp(words[i], s)) {
            return i;
        }
    }
    return -1;
}

bool qinput_get_bool(const QInput *in, const char *name, bool *out,
                     Error **errp)
{
    QBool *qb;
    const char *s;

    if (is_missing(in, name, errp)) {
        return false;
    }
    qb = qobject_to(QBool, in->obj);
    if (qb) {
        *out = qbool_get_bool(qb);
        return true;
    }
    s = keyval_str(in);
    if (!s) {
        type_error(name, "boolean", errp);
        return false;
    }
    if (find_word(bool_true, s) >= 0) {
        *out = true;
        return true;
    }
    if (find_word(bool_false, s) >= 0) {
        *out = false;
        return true;
    }
    error_setg(errp, "Parameter '%s' expects 'on' or 'off'", pname(name));
    return false;
}

bool qinput_get_int(const QInput *in, const char *name, int64_t min,
                    int64_t max, const char *type, int64_t *out,
                    Error **errp)
{
    QNum *qn;
    const char *s;
    int64_t val;

    if (is_missing(in, name, errp)) {
        return false;
    }
    qn = qobject_to(QNum, in->obj);
    s = keyval_str(in);
    if (qn) {
        if (!qnum_get_try_int(qn, &val)) {
            if (qn->kind == QNUM_DOUBLE) {
                type_error(name, "integer", errp);
            } else {
                /* An integer above INT64_MAX. */
                value_error(name, type ? type : "int64_t", errp);
            }
            return false;
        }
    } else if (s) {
        switch (parse_int64(s, &val)) {
        case 0:
            break;
        case -ERANGE:
            value_error(name, type ? type : "int64_t", errp);
            return false;
        default:
            value_error(name, "integer", errp);
            return false;
        }
    } else {
        type_error(name, "integer", errp);
        return false;
    }
    if (val < min || val > max) {
        value_error(name, type ? type : "int64_t", errp);
        return false;
    }
    *out = val;
    return true;
}

bool qinput_get_uint(const QInput *in, const char *name, uint64_t max,
                     const char *type, uint64_t *out, Error **errp)
{
    QNum *qn;
    const char *s;
    uint64_t val;

    if (is_missing(in, name, errp)) {
        return false;
    }
    qn = qobject_to(QNum, in->obj);
    s = keyval_str(in);
    if (qn) {
        if (!qnum_get_try_uint(qn, &val)) {
            if (qn->kind == QNUM_DOUBLE) {
                type_error(name, "integer", errp);
            } else {
                /* A negative integer. */
                value_error(name, type ? type : "uint64_t", errp);
            }
            return false;
        }
    } else if (s) {
        /* Note parse_uint64 takes "-1" as UINT64_MAX, as qemu does. */
        switch (parse_uint64(s, &val)) {
        case 0:
            break;
        case -ERANGE:
            value_error(name, type ? type : "uint64_t", errp);
            return false;
        default:
            value_error(name, "integer", errp);
            return false;
        }
    } else {
        type_error(name, "integer", errp);
        return false;
    }
    if (val > max) {
        value_error(name, type ? type : "uint64_t", errp);
        return false;
    }
    *out = val;
    return true;
}

bool qinput_get_size(const QInput *in, const char *name, uint64_t *out,
                     Error **errp)
{
    QNum *qn;
    const char *s;

    if (is_missing(in, name, errp)) {
        return false;
    }
    qn = qobject_to(QNum, in->obj);
    s = keyval_str(in);
    if (qn) {
        if (qnum_get_try_uint(qn, out)) {
            return true;
        }
        if (qn->kind == QNUM_DOUBLE) {
            type_error(name, "integer", errp);
        } else {
            value_error(name, "size", errp);
        }
        return false;
    }
    if (s) {
        if (parse_size(s, out) == 0) {
            return true;
        }
        value_error(name, "size", errp);
        return false;
    }
    type_error(name, "integer", errp);
    return false;
}

bool qinput_get_double(const QInput *in, const char *name, double *out,
                       Error **errp)
{
    QNum *qn;
    const char *s;
    char *end;
    double val;

    if (is_missing(in, name, errp)) {
        return false;
    }
    qn = qobject_to(QNum, in->obj);
    if (qn) {
        *out = qnum_get_double(qn);
        return true;
    }
    s = keyval_str(in);
    if (!s) {
        type_error(name, "number", errp);
        return false;
    }
    errno = 0;
    val = g_ascii_strtod(s, &end);
    if (end == s || *end || errno == ERANGE) {
        value_error(name, "number", errp);
        return false;
    }
    *out = val;
    return true;
}

const char *qinput_get_str(const QInput *in, const char *name, Error **errp)
{
    QString *qs;

    if (is_missing(in, name, errp)) {
        return NULL;
    }
    qs = qobject_to(QString, in->obj);
    if (!qs) {
        type_error(name, "string", errp);
        return NULL;
    }
    return qstring_get_str(qs);
}

bool qinput_get_enum(const QInput *in, const char *name,
                     const char *const *values, int *out, Error **errp)
{
    const char *s = qinput_get_str(in, name, errp);
    int i;

    if (!s) {
        return false;
    }
    i = find_word(values, s);
    if (i < 0) {
        /* qemu's wording, then what would have been accepted. */
        g_autofree char *allowed = g_strjoinv(", ", (char **)values);

        error_setg(errp, "Parameter '%s' does not accept value '%s' "
                   "(allowed: %s)", pname(name), s, allowed);
        return false;
    }
    *out = i;
    return true;
}

QDict *qinput_get_dict(const QInput *in, const char *name, Error **errp)
{
    QDict *dict;

    if (is_missing(in, name, errp)) {
        return NULL;
    }
    dict = qobject_to(QDict, in->obj);
    if (!dict) {
        type_error(name, "object", errp);
    }
    return dict;
}

QList *qinput_get_list(const QInput *in, const char *name, Error **errp)
{
    QList *list;

    if (is_missing(in, name, errp)) {
        return NULL;
    }
    list = qobject_to(QList, in->obj);
    if (!list) {
        type_error(name, "array", errp);
    }
    return list;
}
