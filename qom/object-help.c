/*
 * Property listings for humans: -device TYPE,help and -object TYPE,help.
 */
#include "util/osdep.h"
#include "qom/object.h"
#include "qom/object-property.h"
#include "qom/object-interfaces.h"
#include "qobject/qjson.h"

/* Where descriptions start, so that the columns line up. */
#define HELP_NAME_COLUMN 24

static bool skipped(const char *name, const char *const *skip)
{
    for (; skip && *skip; skip++) {
        if (!strcmp(name, *skip)) {
            return true;
        }
    }
    return false;
}

static char *property_help_line(const ObjectProperty *prop)
{
    GString *line = g_string_new(NULL);

    g_string_append_printf(line, "  %s=<%s>", prop->name, prop->type);
    if (prop->description || prop->defval) {
        while (line->len < HELP_NAME_COLUMN) {
            g_string_append_c(line, ' ');
        }
        g_string_append_printf(line, " - %s",
                               prop->description ? prop->description : "");
    }
    if (prop->defval) {
        g_autoptr(GString) json = qobject_to_json(prop->defval);
        g_string_append_printf(line, " (default: %s)", json->str);
    }
    return g_string_free(line, false);
}

static gint strcmp_ptr(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void object_class_print_properties(ObjectClass *klass,
                                   const char *const *skip)
{
    g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(g_free);
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    Object *obj = NULL;
    guint i;

    /* A temporary instance shows the properties its init adds too. */
    if (!object_class_is_abstract(klass)) {
        obj = object_new_with_class(klass);
        object_property_iter_init(&iter, obj);
    } else {
        object_class_property_iter_init(&iter, klass);
    }
    while ((prop = object_property_iter_next(&iter))) {
        if (!prop->set || object_property_is_child(prop) ||
            skipped(prop->name, skip)) {
            continue;
        }
        g_ptr_array_add(lines, property_help_line(prop));
    }
    object_unref(obj);

    g_ptr_array_sort(lines, strcmp_ptr);
    for (i = 0; i < lines->len; i++) {
        printf("%s\n", (char *)g_ptr_array_index(lines, i));
    }
    if (!lines->len) {
        printf("There are no options for %s.\n",
               object_class_get_name(klass));
    }
}
