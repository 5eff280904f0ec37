/*
 * Shared pieces of the object model unit tests: the event log, the error
 * and property helpers, and the test types tq-node and tq-props (see
 * qom-test-types.h).
 */
#include "util/osdep.h"
#include "tests/unit/qom-test-types.h"

/* ------------------------------------------------------------------ */
/* The event log */

/* What the test types' hooks did, as space-separated words. */
static GString *events;

void ev(const char *fmt, ...)
{
    va_list ap;

    if (events->len) {
        g_string_append_c(events, ' ');
    }
    va_start(ap, fmt);
    g_string_append_vprintf(events, fmt, ap);
    va_end(ap);
}

void ev_check(const char *expect)
{
    g_assert_cmpstr(events->str, ==, expect);
    g_string_truncate(events, 0);
}

void ev_reset(void)
{
    g_string_truncate(events, 0);
}

int ev_pos(const char *word)
{
    g_auto(GStrv) words = g_strsplit(events->str, " ", 0);
    int i;

    for (i = 0; words[i]; i++) {
        if (!strcmp(words[i], word)) {
            return i;
        }
    }
    return -1;
}

/* ------------------------------------------------------------------ */
/* Assertions and property helpers */

void check_err(Error **errp, const char *msg)
{
    g_assert_nonnull(*errp);
    g_assert_cmpstr(error_get_pretty(*errp), ==, msg);
    error_free(*errp);
    *errp = NULL;
}

bool set_typed(Object *obj, const char *name, QObject *value, Error **errp)
{
    bool ok = object_property_set_qobject(obj, name, value, errp);

    qobject_unref(value);
    return ok;
}

char *prop_text(Object *obj, const char *name)
{
    return object_property_print(obj, name, &error_abort);
}

/* ------------------------------------------------------------------ */
/* tq-node and tq-props */

static void tq_node_finalize(Object *obj)
{
    TqNode *n = TQ_NODE(obj);

    ev("fin:%s", n->tag ? n->tag : "?");
    g_free(n->tag);
}

static const char *const tq_color_lookup[] = { "red", "green", "blue", NULL };

char *tq_props_get_str(Object *obj, Error **errp)
{
    return g_strdup(TQ_PROPS(obj)->str);
}

static void tq_props_set_str(Object *obj, const char *v, Error **errp)
{
    TqProps *p = TQ_PROPS(obj);

    if (!strcmp(v, "reject")) {
        error_setg(errp, "str: 'reject' is not allowed");
        return;
    }
    g_free(p->str);
    p->str = g_strdup(v);
}

static char *tq_props_get_name(Object *obj, Error **errp)
{
    return g_strdup(TQ_PROPS(obj)->name);
}

static void tq_props_set_name(Object *obj, const char *v, Error **errp)
{
    TqProps *p = TQ_PROPS(obj);

    g_free(p->name);
    p->name = g_strdup(v);
}

bool tq_props_get_flag(Object *obj, Error **errp)
{
    return TQ_PROPS(obj)->flag;
}

static void tq_props_set_flag(Object *obj, bool v, Error **errp)
{
    TQ_PROPS(obj)->flag = v;
}

static int tq_props_get_color(Object *obj, Error **errp)
{
    return TQ_PROPS(obj)->color;
}

static void tq_props_set_color(Object *obj, int v, Error **errp)
{
    TQ_PROPS(obj)->color = v;
}

/* Refuse nodes tagged "bad". */
static void tq_check_link(const Object *obj, const char *name, Object *val,
                          Error **errp)
{
    TqNode *n = val ? (TqNode *)object_dynamic_cast(val, TYPE_TQ_NODE) : NULL;

    if (n && !g_strcmp0(n->tag, "bad")) {
        error_setg(errp, "%s: node 'bad' refused", name);
    }
}

static void tq_props_init(Object *obj)
{
    TqProps *p = TQ_PROPS(obj);

    object_property_add_str(obj, "str", tq_props_get_str, tq_props_set_str);
    object_property_add_uint8_ptr(obj, "u8", &p->u8, OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint16_ptr(obj, "u16", &p->u16,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint32_ptr(obj, "u32", &p->u32,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint64_ptr(obj, "u64", &p->u64,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint32_ptr(obj, "ro", &p->ro, OBJ_PROP_FLAG_READ);
    object_property_add_link(obj, "strong", TYPE_TQ_NODE, &p->strong,
                             object_property_allow_set_link,
                             OBJ_PROP_LINK_STRONG);
    object_property_add_link(obj, "weak", TYPE_TQ_NODE, &p->weak,
                             object_property_allow_set_link, 0);
    object_property_add_link(obj, "checked", TYPE_TQ_NODE, &p->checked,
                             tq_check_link, 0);
    object_property_add_link(obj, "rolink", TYPE_TQ_NODE, &p->rolink,
                             NULL, 0);
}

static void tq_props_finalize(Object *obj)
{
    TqProps *p = TQ_PROPS(obj);

    /* Strong links are gone before instance_finalize runs. */
    g_assert_null(p->strong);
    g_assert_null(p->cls_link);
    g_free(p->str);
    g_free(p->name);
}

static void tq_props_class_init(ObjectClass *oc, void *data)
{
    ObjectProperty *op;

    op = object_class_property_add_bool(oc, "flag", tq_props_get_flag,
                                        tq_props_set_flag);
    object_property_set_default_bool(op, true);
    op = object_class_property_add_enum(oc, "color", "TqColor",
                                        tq_color_lookup, tq_props_get_color,
                                        tq_props_set_color);
    object_property_set_default_str(op, "green");
    op = object_class_property_add_str(oc, "name", tq_props_get_name,
                                       tq_props_set_name);
    object_property_set_default_str(op, "anon");
    object_class_property_set_description(oc, "name", "What to call it");
    object_class_property_add_link(oc, "cls-link", TYPE_TQ_NODE,
                                   offsetof(TqProps, cls_link),
                                   object_property_allow_set_link,
                                   OBJ_PROP_LINK_STRONG);
}


static const TypeInfo qom_test_types[] = {
    {
        .name = TYPE_TQ_NODE,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(TqNode),
        .instance_finalize = tq_node_finalize,
    }, {
        .name = TYPE_TQ_PROPS,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(TqProps),
        .instance_init = tq_props_init,
        .instance_finalize = tq_props_finalize,
        .class_init = tq_props_class_init,
    },
};

void qom_test_types_init(void)
{
    g_assert_null(events);
    events = g_string_new(NULL);
    type_register_static_array(qom_test_types, ARRAY_SIZE(qom_test_types));
}

Object *node_new(const char *tag)
{
    Object *obj = object_new(TYPE_TQ_NODE);

    TQ_NODE(obj)->tag = g_strdup(tag);
    return obj;
}

Object *node_add(Object *parent, const char *name, const char *tag)
{
    Object *obj = node_new(tag);

    object_property_add_child(parent, name, obj);
    object_unref(obj);
    return obj;
}
