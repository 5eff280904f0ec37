/*
 * Glue between the QOM source files; not for use outside qom/.
 */
#ifndef QOM_OBJECT_INTERNAL_H
#define QOM_OBJECT_INTERNAL_H

#include "qom/object.h"

/* Run the init hooks of all class properties on a fresh instance. */
void object_class_property_init_all(Object *obj);
/* Release and delete every instance property (finalize). */
void object_property_del_all(Object *obj);
/* Delete the child<> property of @obj that holds @child. */
void object_property_del_child(Object *obj, Object *child);

#endif
