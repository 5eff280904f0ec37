/*
 * -global DRIVER.PROPERTY=VALUE: default property values by type
 * (see include/hw/core/qdev-properties.h).
 */
#include "util/osdep.h"
#include "util/error-report.h"
#include "qom/object-property.h"
#include "hw/core/qdev.h"
#include "hw/core/qdev-properties.h"

static GPtrArray *globals;

void qdev_prop_register_global(const char *driver, const char *property,
                               const char *value)
{
    GlobalProperty *g = g_new0(GlobalProperty, 1);

    if (!globals) {
        globals = g_ptr_array_new();
    }
    g->driver = g_strdup(driver);
    g->property = g_strdup(property);
    g->value = g_strdup(value);
    g_ptr_array_add(globals, g);
}

bool qdev_prop_apply_globals(Object *obj, Error **errp)
{
    guint i;

    /* In registration order, so a later -global wins. */
    for (i = 0; globals && i < globals->len; i++) {
        GlobalProperty *g = g_ptr_array_index(globals, i);
        Error *err = NULL;

        if (!object_dynamic_cast(obj, g->driver)) {
            continue;
        }
        g->used = true;
        if (!object_property_parse(obj, g->property, g->value, &err)) {
            error_setg(errp, "can't apply global %s.%s=%s: %s", g->driver,
                       g->property, g->value, error_get_pretty(err));
            error_free(err);
            return false;
        }
    }
    return true;
}

void qdev_prop_check_globals(void)
{
    guint i;

    for (i = 0; globals && i < globals->len; i++) {
        GlobalProperty *g = g_ptr_array_index(globals, i);
        ObjectClass *oc;

        if (g->used) {
            continue;
        }
        /* As qemu does: globals are for devices, and an unused one is
         * worth a warning only for a device that cannot be added later. */
        oc = object_class_dynamic_cast(object_class_by_name(g->driver),
                                       TYPE_DEVICE);
        if (!oc) {
            warn_report("global %s.%s has invalid class name", g->driver,
                        g->property);
        } else if (!DEVICE_CLASS(oc)->hotpluggable) {
            warn_report("global %s.%s=%s not used", g->driver, g->property,
                        g->value);
        }
    }
}

void qdev_prop_reset_globals(void)
{
    guint i;

    for (i = 0; globals && i < globals->len; i++) {
        GlobalProperty *g = g_ptr_array_index(globals, i);

        g_free(g->driver);
        g_free(g->property);
        g_free(g->value);
        g_free(g);
    }
    if (globals) {
        g_ptr_array_free(globals, true);
        globals = NULL;
    }
}
