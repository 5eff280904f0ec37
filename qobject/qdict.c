/*
 * QDict: a JSON object that remembers insertion order.
 *
 * Entries form a doubly linked list in insertion order (what iteration
 * and the JSON writer see); a hash table from key to entry makes lookups
 * constant time.  The table does not own anything: keys and values
 * belong to the entries.
 */
#include "util/osdep.h"
#include "qobject/qobject.h"

struct QDictEntry {
    char *key;
    QObject *value;
    QDictEntry *prev, *next;
};

/* Called by qobject_unref_impl() (qobject.c) when the last ref goes. */
void qdict_destroy_obj(QObject *obj);

QDict *qdict_new(void)
{
    QDict *qdict = g_new0(QDict, 1);

    qdict->base.type = QTYPE_QDICT;
    qdict->base.refcnt = 1;
    qdict->index = g_hash_table_new(g_str_hash, g_str_equal);
    return qdict;
}

size_t qdict_size(const QDict *qdict)
{
    return qdict->size;
}

static QDictEntry *qdict_find(const QDict *qdict, const char *key)
{
    return g_hash_table_lookup(qdict->index, key);
}

void qdict_put_obj(QDict *qdict, const char *key, QObject *value)
{
    QDictEntry *e;

    g_assert(key && value);
    e = qdict_find(qdict, key);
    if (e) {
        /* Replace in place, so the key keeps its position. */
        qobject_unref(e->value);
        e->value = value;
        return;
    }
    e = g_new0(QDictEntry, 1);
    e->key = g_strdup(key);
    e->value = value;
    e->prev = qdict->last;
    if (qdict->last) {
        qdict->last->next = e;
    } else {
        qdict->first = e;
    }
    qdict->last = e;
    qdict->size++;
    g_hash_table_insert(qdict->index, e->key, e);
}

void qdict_put_str(QDict *qdict, const char *key, const char *value)
{
    qdict_put(qdict, key, qstring_from_str(value));
}

void qdict_put_int(QDict *qdict, const char *key, int64_t value)
{
    qdict_put(qdict, key, qnum_from_int(value));
}

void qdict_put_uint(QDict *qdict, const char *key, uint64_t value)
{
    qdict_put(qdict, key, qnum_from_uint(value));
}

void qdict_put_bool(QDict *qdict, const char *key, bool value)
{
    qdict_put(qdict, key, qbool_from_bool(value));
}

void qdict_put_null(QDict *qdict, const char *key)
{
    qdict_put(qdict, key, qnull());
}

QObject *qdict_get(const QDict *qdict, const char *key)
{
    QDictEntry *e = qdict_find(qdict, key);

    return e ? e->value : NULL;
}

bool qdict_haskey(const QDict *qdict, const char *key)
{
    return qdict_find(qdict, key) != NULL;
}

static void qdict_entry_free(QDictEntry *e)
{
    qobject_unref(e->value);
    g_free(e->key);
    g_free(e);
}

bool qdict_del(QDict *qdict, const char *key)
{
    QDictEntry *e = qdict_find(qdict, key);

    if (!e) {
        return false;
    }
    g_hash_table_remove(qdict->index, e->key);
    if (e->prev) {
        e->prev->next = e->next;
    } else {
        qdict->first = e->next;
    }
    if (e->next) {
        e->next->prev = e->prev;
    } else {
        qdict->last = e->prev;
    }
    qdict->size--;
    qdict_entry_free(e);
    return true;
}

const char *qdict_get_try_str(const QDict *qdict, const char *key)
{
    QString *qs = qobject_to(QString, qdict_get(qdict, key));

    return qs ? qstring_get_str(qs) : NULL;
}

QDict *qdict_get_qdict(const QDict *qdict, const char *key)
{
    return qobject_to(QDict, qdict_get(qdict, key));
}

QList *qdict_get_qlist(const QDict *qdict, const char *key)
{
    return qobject_to(QList, qdict_get(qdict, key));
}

bool qdict_get_try_bool(const QDict *qdict, const char *key, bool def)
{
    QBool *qb = qobject_to(QBool, qdict_get(qdict, key));

    return qb ? qbool_get_bool(qb) : def;
}

int64_t qdict_get_try_int(const QDict *qdict, const char *key, int64_t def)
{
    QNum *qn = qobject_to(QNum, qdict_get(qdict, key));
    int64_t val;

    if (!qn || !qnum_get_try_int(qn, &val)) {
        return def;
    }
    return val;
}

QDict *qdict_clone_shallow(const QDict *src)
{
    QDict *dst = qdict_new();
    const QDictEntry *e;

    for (e = src->first; e; e = e->next) {
        qdict_put_obj(dst, e->key, qobject_ref(e->value));
    }
    return dst;
}

const QDictEntry *qdict_first(const QDict *qdict)
{
    return qdict->first;
}

const QDictEntry *qdict_next(const QDict *qdict, const QDictEntry *entry)
{
    return entry->next;
}

const char *qdict_entry_key(const QDictEntry *entry)
{
    return entry->key;
}

QObject *qdict_entry_value(const QDictEntry *entry)
{
    return entry->value;
}

void qdict_destroy_obj(QObject *obj)
{
    QDict *qdict = container_of(obj, QDict, base);
    QDictEntry *e, *next;

    g_hash_table_destroy(qdict->index);
    for (e = qdict->first; e; e = next) {
        next = e->next;
        qdict_entry_free(e);
    }
    g_free(qdict);
}
