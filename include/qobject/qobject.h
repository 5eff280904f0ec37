/*
 * Typed values: the one representation shared by the command line, QMP and
 * object properties.
 *
 * A QObject is a reference-counted JSON value: null, boolean, number,
 * string, object (QDict, insertion-ordered) or array (QList).  Values from
 * the command line arrive as QDicts of QStrings (see util/keyval.h); values
 * from QMP arrive typed (see qobject/qjson.h).  Properties read either
 * through qobject/qinput.h, so each property type has one parser.
 *
 * Ownership: functions named *_new and *_from_* return a new reference;
 * qdict_put* and qlist_append* take over ("steal") the reference passed to
 * them; getters (qdict_get, qlist_get) return borrowed references.
 */
#ifndef QOBJECT_QOBJECT_H
#define QOBJECT_QOBJECT_H

#include "util/osdep.h"

typedef enum QType {
    QTYPE_NONE,
    QTYPE_QNULL,
    QTYPE_QNUM,
    QTYPE_QSTRING,
    QTYPE_QDICT,
    QTYPE_QLIST,
    QTYPE_QBOOL,
    QTYPE__MAX,
} QType;

typedef struct QObject {
    QType type;
    unsigned refcnt;
} QObject;

typedef struct QNull {
    QObject base;
} QNull;

typedef struct QBool {
    QObject base;
    bool value;
} QBool;

typedef enum QNumKind {
    QNUM_I64,
    QNUM_U64,       /* only for values above INT64_MAX */
    QNUM_DOUBLE,
} QNumKind;

typedef struct QNum {
    QObject base;
    QNumKind kind;
    union {
        int64_t i64;
        uint64_t u64;
        double dbl;
    } u;
} QNum;

typedef struct QString {
    QObject base;
    char *str;
} QString;

typedef struct QDictEntry QDictEntry;

typedef struct QDict {
    QObject base;
    GHashTable *index;      /* key -> QDictEntry */
    QDictEntry *first, *last;
    size_t size;
} QDict;

typedef struct QList {
    QObject base;
    GPtrArray *items;       /* of QObject * */
} QList;

/* Any QObject subtype (or QObject itself) to its QObject base; NULL stays. */
#define QOBJECT(x) _Generic((x), \
    QObject *: (QObject *)(x), \
    const QObject *: (QObject *)(x), \
    QNull *: (QObject *)(x), \
    QBool *: (QObject *)(x), \
    QNum *: (QObject *)(x), \
    QString *: (QObject *)(x), \
    QDict *: (QObject *)(x), \
    QList *: (QObject *)(x), \
    const QDict *: (QObject *)(x), \
    const QList *: (QObject *)(x))

void qobject_ref_impl(QObject *obj);
void qobject_unref_impl(QObject *obj);

/* Take a reference; returns its argument with its own type. */
#define qobject_ref(x) \
    ({ __typeof__(x) _qref = (x); qobject_ref_impl(QOBJECT(_qref)); _qref; })
/* Drop a reference (NULL is fine). */
#define qobject_unref(x) qobject_unref_impl(QOBJECT(x))

static inline QType qobject_type(const QObject *obj)
{
    return obj->type;
}

/* Downcast: NULL if @obj is NULL or not a @T. */
#define qobject_to(T, obj) \
    ((T *)qobject_check_type(QOBJECT(obj), QTYPE_CAST_TO_##T))
#define QTYPE_CAST_TO_QNull QTYPE_QNULL
#define QTYPE_CAST_TO_QBool QTYPE_QBOOL
#define QTYPE_CAST_TO_QNum QTYPE_QNUM
#define QTYPE_CAST_TO_QString QTYPE_QSTRING
#define QTYPE_CAST_TO_QDict QTYPE_QDICT
#define QTYPE_CAST_TO_QList QTYPE_QLIST
QObject *qobject_check_type(QObject *obj, QType type);

/* Deep equality; numbers compare by value (1 == 1.0 is false). */
bool qobject_is_equal(const QObject *a, const QObject *b);
/* A deep copy. */
QObject *qobject_clone(const QObject *obj);
/* The JSON name of a type: "null", "boolean", "number", ... */
const char *qtype_json_name(QType type);

/* null is a singleton; qnull() returns a new reference to it. */
QNull *qnull(void);

QBool *qbool_from_bool(bool value);
bool qbool_get_bool(const QBool *qb);

QNum *qnum_from_int(int64_t value);
QNum *qnum_from_uint(uint64_t value);
QNum *qnum_from_double(double value);
/* Exact conversions; false if the value does not fit. */
bool qnum_get_try_int(const QNum *qn, int64_t *val);
bool qnum_get_try_uint(const QNum *qn, uint64_t *val);
double qnum_get_double(const QNum *qn);
/* The number as JSON text (caller frees). */
char *qnum_to_string(const QNum *qn);

QString *qstring_from_str(const char *str);
QString *qstring_from_substr(const char *str, size_t start, size_t end);
const char *qstring_get_str(const QString *qs);

QDict *qdict_new(void);
size_t qdict_size(const QDict *qdict);
/* Insert or replace; steals @value. Replacing keeps the key's position. */
void qdict_put_obj(QDict *qdict, const char *key, QObject *value);
#define qdict_put(qdict, key, value) qdict_put_obj(qdict, key, QOBJECT(value))
void qdict_put_str(QDict *qdict, const char *key, const char *value);
void qdict_put_int(QDict *qdict, const char *key, int64_t value);
void qdict_put_uint(QDict *qdict, const char *key, uint64_t value);
void qdict_put_bool(QDict *qdict, const char *key, bool value);
void qdict_put_null(QDict *qdict, const char *key);
QObject *qdict_get(const QDict *qdict, const char *key);
bool qdict_haskey(const QDict *qdict, const char *key);
/* Remove @key; returns false if it was not there. */
bool qdict_del(QDict *qdict, const char *key);
/* Typed lookups: NULL / default if missing or of another type. */
const char *qdict_get_try_str(const QDict *qdict, const char *key);
QDict *qdict_get_qdict(const QDict *qdict, const char *key);
QList *qdict_get_qlist(const QDict *qdict, const char *key);
bool qdict_get_try_bool(const QDict *qdict, const char *key, bool def);
int64_t qdict_get_try_int(const QDict *qdict, const char *key, int64_t def);
/* A new dict sharing the values of @src. */
QDict *qdict_clone_shallow(const QDict *src);

/* Iteration in insertion order; deleting the current entry is allowed
 * only through qdict_del after fetching the next one. */
const QDictEntry *qdict_first(const QDict *qdict);
const QDictEntry *qdict_next(const QDict *qdict, const QDictEntry *entry);
const char *qdict_entry_key(const QDictEntry *entry);
QObject *qdict_entry_value(const QDictEntry *entry);

QList *qlist_new(void);
size_t qlist_size(const QList *qlist);
/* Steals @value. */
void qlist_append_obj(QList *qlist, QObject *value);
#define qlist_append(qlist, value) qlist_append_obj(qlist, QOBJECT(value))
void qlist_append_str(QList *qlist, const char *value);
void qlist_append_int(QList *qlist, int64_t value);
/* Borrowed; NULL when @index is out of range. */
QObject *qlist_get(const QList *qlist, size_t index);
bool qlist_empty(const QList *qlist);

static inline void qdict_autounref(QDict *d) { qobject_unref(d); }
static inline void qlist_autounref(QList *l) { qobject_unref(l); }
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QObject, qobject_unref_impl)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QDict, qdict_autounref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QList, qlist_autounref)

#endif
