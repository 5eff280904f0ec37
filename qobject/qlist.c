/*
 * QList: a JSON array, a growable array of owned QObject references.
 */
#include "util/osdep.h"
#include "qobject/qobject.h"

/* Called by qobject_unref_impl() (qobject.c) when the last ref goes. */
void qlist_destroy_obj(QObject *obj);

QList *qlist_new(void)
{
    QList *qlist = g_new0(QList, 1);

    qlist->base.type = QTYPE_QLIST;
    qlist->base.refcnt = 1;
    qlist->items = g_ptr_array_new();
    return qlist;
}

size_t qlist_size(const QList *qlist)
{
    return qlist->items->len;
}

void qlist_append_obj(QList *qlist, QObject *value)
{
    g_assert(value);
    g_ptr_array_add(qlist->items, value);
}

void qlist_append_str(QList *qlist, const char *value)
{
    qlist_append(qlist, qstring_from_str(value));
}

void qlist_append_int(QList *qlist, int64_t value)
{
    qlist_append(qlist, qnum_from_int(value));
}

QObject *qlist_get(const QList *qlist, size_t index)
{
    if (index >= qlist->items->len) {
        return NULL;
    }
    return g_ptr_array_index(qlist->items, index);
}

bool qlist_empty(const QList *qlist)
{
    return qlist->items->len == 0;
}

void qlist_destroy_obj(QObject *obj)
{
    QList *qlist = container_of(obj, QList, base);
    guint i;

    for (i = 0; i < qlist->items->len; i++) {
        qobject_unref_impl(g_ptr_array_index(qlist->items, i));
    }
    g_ptr_array_free(qlist->items, true);
    g_free(qlist);
}
