/*
 * Typed values: reference counting, the scalar types (null, boolean,
 * number, string) and the operations that work on any QObject (type
 * checks, deep equality, deep copy).  Dicts and lists live in qdict.c and
 * qlist.c.
 */
#include "util/osdep.h"
#include "qobject/qobject.h"

#include <math.h>

/* Destructors of the container types, in qdict.c and qlist.c. */
void qdict_destroy_obj(QObject *obj);
void qlist_destroy_obj(QObject *obj);

/*
 * null is a singleton that is never freed: its count starts at one for
 * the reference this file keeps forever.
 */
static QNull qnull_singleton = {
    .base = { .type = QTYPE_QNULL, .refcnt = 1 },
};

static void qobject_init(QObject *obj, QType type)
{
    obj->type = type;
    obj->refcnt = 1;
}

void qobject_ref_impl(QObject *obj)
{
    if (obj) {
        /* Atomic so that the shared null singleton stays consistent. */
        __atomic_fetch_add(&obj->refcnt, 1, __ATOMIC_RELAXED);
    }
}

static void qobject_destroy(QObject *obj)
{
    switch (obj->type) {
    case QTYPE_QNUM:
    case QTYPE_QBOOL:
        g_free(obj);
        break;
    case QTYPE_QSTRING: {
        QString *qs = container_of(obj, QString, base);

        g_free(qs->str);
        g_free(qs);
        break;
    }
    case QTYPE_QDICT:
        qdict_destroy_obj(obj);
        break;
    case QTYPE_QLIST:
        qlist_destroy_obj(obj);
        break;
    case QTYPE_QNULL:
        /* More unrefs than refs on the singleton: a caller's bug. */
        g_assert_not_reached();
    default:
        g_assert_not_reached();
    }
}

void qobject_unref_impl(QObject *obj)
{
    unsigned old;

    if (!obj) {
        return;
    }
    old = __atomic_fetch_sub(&obj->refcnt, 1, __ATOMIC_ACQ_REL);
    g_assert(old > 0);
    if (old == 1) {
        qobject_destroy(obj);
    }
}

QObject *qobject_check_type(QObject *obj, QType type)
{
    if (!obj || obj->type != type) {
        return NULL;
    }
    return obj;
}

const char *qtype_json_name(QType type)
{
    switch (type) {
    case QTYPE_QNULL:
        return "null";
    case QTYPE_QNUM:
        return "number";
    case QTYPE_QSTRING:
        return "string";
    case QTYPE_QDICT:
        return "object";
    case QTYPE_QLIST:
        return "array";
    case QTYPE_QBOOL:
        return "boolean";
    default:
        return "none";
    }
}

/* null */

QNull *qnull(void)
{
    return qobject_ref(&qnull_singleton);
}

/* boolean */

QBool *qbool_from_bool(bool value)
{
    QBool *qb = g_new(QBool, 1);

    qobject_init(&qb->base, QTYPE_QBOOL);
    qb->value = value;
    return qb;
}

bool qbool_get_bool(const QBool *qb)
{
    return qb->value;
}

/* number */

static QNum *qnum_alloc(QNumKind kind)
{
    QNum *qn = g_new(QNum, 1);

    qobject_init(&qn->base, QTYPE_QNUM);
    qn->kind = kind;
    return qn;
}

QNum *qnum_from_int(int64_t value)
{
    QNum *qn = qnum_alloc(QNUM_I64);

    qn->u.i64 = value;
    return qn;
}

QNum *qnum_from_uint(uint64_t value)
{
    QNum *qn;

    /* Keep one representation per integer: U64 only above INT64_MAX. */
    if (value <= INT64_MAX) {
        return qnum_from_int((int64_t)value);
    }
    qn = qnum_alloc(QNUM_U64);
    qn->u.u64 = value;
    return qn;
}

QNum *qnum_from_double(double value)
{
    QNum *qn = qnum_alloc(QNUM_DOUBLE);

    qn->u.dbl = value;
    return qn;
}

bool qnum_get_try_int(const QNum *qn, int64_t *val)
{
    if (qn->kind != QNUM_I64) {
        /* U64 values are above INT64_MAX; doubles are not integers. */
        return false;
    }
    *val = qn->u.i64;
    return true;
}

bool qnum_get_try_uint(const QNum *qn, uint64_t *val)
{
    switch (qn->kind) {
    case QNUM_I64:
        if (qn->u.i64 < 0) {
            return false;
        }
        *val = (uint64_t)qn->u.i64;
        return true;
    case QNUM_U64:
        *val = qn->u.u64;
        return true;
    default:
        return false;
    }
}

double qnum_get_double(const QNum *qn)
{
    switch (qn->kind) {
    case QNUM_I64:
        return (double)qn->u.i64;
    case QNUM_U64:
        return (double)qn->u.u64;
    default:
        return qn->u.dbl;
    }
}

/*
 * A double as text: the shortest of %.15g, %.16g and %.17g that reads
 * back to the same value (%.17g always does), in the C locale.  Integral
 * values get a ".0" so that they still read back as doubles.  Infinities
 * and NaN have no JSON spelling; like qemu we write "inf", "-inf" and
 * "nan", which a JSON reader (ours included) rejects.
 */
static char *double_to_string(double value)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    static const char *const formats[] = { "%.15g", "%.16g", "%.17g" };
    size_t i;

    if (isnan(value)) {
        return g_strdup("nan");
    }
    if (isinf(value)) {
        return g_strdup(value < 0 ? "-inf" : "inf");
    }
    for (i = 0; i < ARRAY_SIZE(formats); i++) {
        g_ascii_formatd(buf, sizeof(buf), formats[i], value);
        if (g_ascii_strtod(buf, NULL) == value) {
            break;
        }
    }
    if (!strpbrk(buf, ".eE")) {
        return g_strconcat(buf, ".0", NULL);
    }
    return g_strdup(buf);
}

char *qnum_to_string(const QNum *qn)
{
    switch (qn->kind) {
    case QNUM_I64:
        return g_strdup_printf("%" PRId64, qn->u.i64);
    case QNUM_U64:
        return g_strdup_printf("%" PRIu64, qn->u.u64);
    default:
        return double_to_string(qn->u.dbl);
    }
}

/* string */

QString *qstring_from_str(const char *str)
{
    return qstring_from_substr(str, 0, strlen(str));
}

/* The bytes str[start] .. str[end - 1]. */
QString *qstring_from_substr(const char *str, size_t start, size_t end)
{
    QString *qs = g_new(QString, 1);

    g_assert(start <= end);
    qobject_init(&qs->base, QTYPE_QSTRING);
    qs->str = g_strndup(str + start, end - start);
    return qs;
}

const char *qstring_get_str(const QString *qs)
{
    return qs->str;
}

/* Any type */

static bool qnum_is_equal(const QNum *a, const QNum *b)
{
    if (a->kind != b->kind) {
        /*
         * Integers have one representation each, so I64 and U64 never
         * hold the same value; integers and doubles are never equal.
         */
        return false;
    }
    switch (a->kind) {
    case QNUM_I64:
        return a->u.i64 == b->u.i64;
    case QNUM_U64:
        return a->u.u64 == b->u.u64;
    default:
        return a->u.dbl == b->u.dbl;
    }
}

static bool qdict_is_equal(const QDict *a, const QDict *b)
{
    const QDictEntry *e;

    if (qdict_size(a) != qdict_size(b)) {
        return false;
    }
    /* Same size and every key of @a maps to an equal value in @b. */
    for (e = qdict_first(a); e; e = qdict_next(a, e)) {
        QObject *other = qdict_get(b, qdict_entry_key(e));

        if (!other || !qobject_is_equal(qdict_entry_value(e), other)) {
            return false;
        }
    }
    return true;
}

static bool qlist_is_equal(const QList *a, const QList *b)
{
    size_t i, n = qlist_size(a);

    if (n != qlist_size(b)) {
        return false;
    }
    for (i = 0; i < n; i++) {
        if (!qobject_is_equal(qlist_get(a, i), qlist_get(b, i))) {
            return false;
        }
    }
    return true;
}

bool qobject_is_equal(const QObject *a, const QObject *b)
{
    if (a == b) {
        return true;
    }
    if (!a || !b || a->type != b->type) {
        return false;
    }
    switch (a->type) {
    case QTYPE_QNULL:
        return true;
    case QTYPE_QBOOL:
        return container_of(a, QBool, base)->value ==
               container_of(b, QBool, base)->value;
    case QTYPE_QNUM:
        return qnum_is_equal(container_of(a, QNum, base),
                             container_of(b, QNum, base));
    case QTYPE_QSTRING:
        return !strcmp(container_of(a, QString, base)->str,
                       container_of(b, QString, base)->str);
    case QTYPE_QDICT:
        return qdict_is_equal(container_of(a, QDict, base),
                              container_of(b, QDict, base));
    case QTYPE_QLIST:
        return qlist_is_equal(container_of(a, QList, base),
                              container_of(b, QList, base));
    default:
        g_assert_not_reached();
    }
}

QObject *qobject_clone(const QObject *obj)
{
    if (!obj) {
        return NULL;
    }
    switch (obj->type) {
    case QTYPE_QNULL:
        return QOBJECT(qnull());
    case QTYPE_QBOOL:
        return QOBJECT(qbool_from_bool(container_of(obj, QBool, base)->value));
    case QTYPE_QNUM: {
        QNum *copy = g_memdup2(container_of(obj, QNum, base), sizeof(QNum));

        copy->base.refcnt = 1;
        return QOBJECT(copy);
    }
    case QTYPE_QSTRING:
        return QOBJECT(qstring_from_str(container_of(obj, QString, base)->str));
    case QTYPE_QDICT: {
        const QDict *src = container_of(obj, QDict, base);
        QDict *dst = qdict_new();
        const QDictEntry *e;

        for (e = qdict_first(src); e; e = qdict_next(src, e)) {
            qdict_put_obj(dst, qdict_entry_key(e),
                          qobject_clone(qdict_entry_value(e)));
        }
        return QOBJECT(dst);
    }
    case QTYPE_QLIST: {
        const QList *src = container_of(obj, QList, base);
        QList *dst = qlist_new();
        size_t i;

        for (i = 0; i < qlist_size(src); i++) {
            qlist_append_obj(dst, qobject_clone(qlist_get(src, i)));
        }
        return QOBJECT(dst);
    }
    default:
        g_assert_not_reached();
    }
}
