/*
 * Notifier lists: a subject keeps a list, observers add a Notifier with a
 * callback, the subject calls them all with a data pointer.  This is how a
 * lower layer tells an upper one that something happened (a device went
 * away, the run state changed) without knowing who listens.
 */
#ifndef UTIL_NOTIFY_H
#define UTIL_NOTIFY_H

#include "util/osdep.h"

typedef struct Notifier Notifier;

struct Notifier {
    void (*notify)(Notifier *notifier, void *data);
    Notifier *next;
    Notifier **pprev;
};

typedef struct NotifierList {
    Notifier *head;
} NotifierList;

#define NOTIFIER_LIST_INITIALIZER { NULL }

void notifier_list_add(NotifierList *list, Notifier *notifier);
void notifier_remove(Notifier *notifier);
/* Call every notifier; a notifier may remove itself while being called. */
void notifier_list_notify(NotifierList *list, void *data);
bool notifier_list_empty(const NotifierList *list);

#endif
