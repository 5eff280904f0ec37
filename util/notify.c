/*
 * Notifier lists (see include/util/notify.h).
 */
#include "util/osdep.h"
#include "util/notify.h"

void notifier_list_add(NotifierList *list, Notifier *notifier)
{
    Notifier **tail = &list->head;

    /* Append, so that notifiers run in the order they were added. */
    while (*tail) {
        tail = &(*tail)->next;
    }
    notifier->next = NULL;
    notifier->pprev = tail;
    *tail = notifier;
}

void notifier_remove(Notifier *notifier)
{
    if (!notifier->pprev) {
        return;
    }
    *notifier->pprev = notifier->next;
    if (notifier->next) {
        notifier->next->pprev = notifier->pprev;
    }
    notifier->next = NULL;
    notifier->pprev = NULL;
}

void notifier_list_notify(NotifierList *list, void *data)
{
    Notifier *n = list->head;

    while (n) {
        Notifier *next = n->next;
        n->notify(n, data);
        n = next;
    }
}

bool notifier_list_empty(const NotifierList *list)
{
    return !list->head;
}
