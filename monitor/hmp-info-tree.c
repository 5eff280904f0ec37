/*
 * "info qtree" and "info qom-tree" for human-monitor-command: the device
 * tree by buses, and the composition tree by paths.
 */
#include "util/osdep.h"
#include "util/cutils.h"
#include "qom/object-property.h"
#include "hw/core/qdev.h"
#include "hw/core/qdev-properties.h"
#include "hw/core/sysbus.h"
#include "monitor/qmp.h"
#include "monitor/monitor.h"

#define INDENT 2

static void print_prop_value(GString *out, Object *obj, const Property *p,
                             int indent)
{
    g_autoptr(QObject) v = object_property_get(obj, p->name, NULL);
    QNum *qn = qobject_to(QNum, v);
    QString *qs = qobject_to(QString, v);
    QBool *qb = qobject_to(QBool, v);
    uint64_t u;
    int64_t i;

    g_string_append_printf(out, "%*s%s = ", indent, "", p->name);
    if (qb) {
        g_string_append(out, qbool_get_bool(qb) ? "true" : "false");
    } else if (qs) {
        /* Enumerations too: qemu prints them quoted ("auto"). */
        g_string_append_printf(out, "\"%s\"", qstring_get_str(qs));
    } else if (qn && p->info == &qdev_prop_size &&
               qnum_get_try_uint(qn, &u)) {
        g_autofree char *human = size_to_str(u);
        g_string_append_printf(out, "%" PRIu64 " (%s)", u, human);
    } else if (qn && qnum_get_try_uint(qn, &u)) {
        g_string_append_printf(out, "%" PRIu64 " (0x%" PRIx64 ")", u, u);
    } else if (qn && qnum_get_try_int(qn, &i)) {
        g_string_append_printf(out, "%" PRId64 " (0x%" PRIx64 ")", i,
                               (uint64_t)i);
    } else {
        g_string_append(out, "<unreadable>");
    }
    g_string_append(out, "\n");
}

static void print_bus(GString *out, BusState *bus, int indent);

static void print_dev(GString *out, DeviceState *dev, int indent)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);
    ObjectClass *oc;
    NamedGPIOList *ngl;
    GSList *buses, *b;

    g_string_append_printf(out, "%*sdev: %s, id \"%s\"\n", indent, "",
                           object_get_typename(OBJECT(dev)),
                           dev->id ? dev->id : "");
    indent += INDENT;
    for (ngl = dev->gpios; ngl; ngl = ngl->next) {
        if (ngl->num_in) {
            g_string_append_printf(out, "%*sgpio-in \"%s\" %d\n", indent, "",
                                   ngl->name ? ngl->name : "", ngl->num_in);
        }
        if (ngl->num_out) {
            g_string_append_printf(out, "%*sgpio-out \"%s\" %d\n", indent,
                                   "", ngl->name ? ngl->name : "",
                                   ngl->num_out);
        }
    }
    /* The property table of each class in the chain that declared one
     * (a subclass that declares none inherits its parent's pointer). */
    for (oc = OBJECT_CLASS(dc); oc && object_class_dynamic_cast(oc,
                                                                TYPE_DEVICE);
         oc = object_class_get_parent(oc)) {
        ObjectClass *poc = object_class_get_parent(oc);
        const Property *inherited = NULL;
        DeviceClass *k = DEVICE_CLASS(oc);
        unsigned i;

        if (poc && object_class_dynamic_cast(poc, TYPE_DEVICE)) {
            inherited = DEVICE_CLASS(poc)->props;
        }
        if (k->props == inherited) {
            continue;
        }
        for (i = 0; i < k->num_props; i++) {
            print_prop_value(out, OBJECT(dev), &k->props[i], indent);
        }
    }
    /* Newest first, as qemu lists them. */
    buses = g_slist_reverse(g_slist_copy(dev->child_buses));
    for (b = buses; b; b = b->next) {
        print_bus(out, b->data, indent);
    }
    g_slist_free(buses);
}

static void print_bus(GString *out, BusState *bus, int indent)
{
    GList *l;

    g_string_append_printf(out, "%*sbus: %s\n", indent, "", bus->name);
    indent += INDENT;
    g_string_append_printf(out, "%*stype %s\n", indent, "",
                           object_get_typename(OBJECT(bus)));
    /* Newest first, as qemu lists them. */
    for (l = bus->children.tail; l; l = l->prev) {
        BusChild *kid = l->data;
        print_dev(out, kid->child, indent);
    }
}

static void info_qtree(GString *out, const char *arg)
{
    print_bus(out, sysbus_get_default(), 0);
}

static gint child_name_cmp(gconstpointer a, gconstpointer b)
{
    const ObjectProperty *pa = *(ObjectProperty *const *)a;
    const ObjectProperty *pb = *(ObjectProperty *const *)b;

    return strcmp(pa->name, pb->name);
}

static void print_qom(GString *out, Object *obj, const char *name,
                      int indent)
{
    g_autoptr(GPtrArray) children = g_ptr_array_new();
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    guint i;

    g_string_append_printf(out, "%*s/%s (%s)\n", indent, "", name,
                           object_get_typename(obj));
    object_property_iter_init(&iter, obj);
    while ((prop = object_property_iter_next(&iter))) {
        if (object_property_is_child(prop)) {
            g_ptr_array_add(children, prop);
        }
    }
    g_ptr_array_sort(children, child_name_cmp);
    for (i = 0; i < children->len; i++) {
        prop = g_ptr_array_index(children, i);
        print_qom(out, prop->opaque, prop->name, indent + INDENT);
    }
}

static void info_qom_tree(GString *out, const char *arg)
{
    const char *path = arg && *arg ? arg : "/machine";
    bool ambiguous = false;
    Object *obj;
    const char *name;

    obj = object_resolve_path(path, &ambiguous);

    if (!obj) {
        g_string_append_printf(out, "Path '%s' could not be resolved.\n",
                               path);
        return;
    }
    name = object_get_canonical_path_component(obj);
    print_qom(out, obj, name ? name : "", 0);
}

static void hmp_info_tree_register(void)
{
    hmp_register_info("qtree", NULL, "show device tree", info_qtree);
    hmp_register_info("qom-tree", "[path]", "show QOM composition tree",
                      info_qom_tree);
}

qmp_init(hmp_info_tree_register)
