/*
 * Helpers shared by the QMP command files.
 */
#ifndef MONITOR_QMP_UTIL_H
#define MONITOR_QMP_UTIL_H

#include "qom/object.h"
#include "qom/object-property.h"
#include "qobject/qobject.h"

/*
 * Resolve a QMP "path" argument: DeviceNotFound "Device 'P' not found",
 * or "Path 'P' is ambiguous".
 */
Object *qmp_resolve_path(const char *path, Error **errp);

/* ObjectPropertyInfo: {"name", "type"} plus, with @with_details,
 * "description" and "default-value" when known. */
QDict *qmp_property_info(const ObjectProperty *prop, bool with_details);

/* The properties of @klass (instance ones too if it is concrete), as
 * ObjectPropertyInfo, leaving out those @skip returns true for. */
QList *qmp_class_properties(ObjectClass *klass,
                            bool (*skip)(const ObjectProperty *prop));

#endif
