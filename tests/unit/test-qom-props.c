/*
 * Unit tests for object model properties (qom/object-property.c): lookup
 * and iteration, class defaults and descriptions, string, bool, enum and
 * integer-pointer properties in typed and string mode with their errors,
 * "name[*]" patterns, child, link, constant-link and alias properties.
 * The test types tq-node and tq-props come from qom-test-types.c.
 */
#include "util/osdep.h"
#include "util/module.h"
#include "qom/object.h"
#include "qom/object-property.h"
#include "tests/unit/qom-test-types.h"

/* A setter for a write-only string property: it keeps nothing. */
static void tq_props_set_wo(Object *obj, const char *v, Error **errp)
{
}

static void test_prop_iteration(void)
{
    static const char *const expect[] = {
        /* instance, in the order added */
        "str", "u8", "u16", "u32", "u64", "ro", "strong", "weak",
        "checked", "rolink", "extra", "kid",
        /* class */
        "flag", "color", "name", "cls-link",
        /* parent class */
        "type",
        NULL
    };
    Object *obj = object_new(TYPE_TQ_PROPS);
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    int i = 0;

    object_property_add_bool(obj, "extra", tq_props_get_flag, NULL);
    node_add(obj, "kid", "kid");
    object_property_iter_init(&iter, obj);
    while ((prop = object_property_iter_next(&iter))) {
        g_assert_nonnull(expect[i]);
        g_assert_cmpstr(prop->name, ==, expect[i]);
        i++;
    }
    g_assert_null(expect[i]);

    /* The class alone: its own, then its parents'. */
    i = 12;
    object_class_property_iter_init(&iter, object_get_class(obj));
    while ((prop = object_property_iter_next(&iter))) {
        g_assert_cmpstr(prop->name, ==, expect[i]);
        i++;
    }
    g_assert_null(expect[i]);

    ev_reset();
    object_unref(obj);
    ev_check("fin:kid");
}

static void test_prop_find(void)
{
    Object *obj = object_new(TYPE_TQ_PROPS);
    ObjectClass *oc = object_get_class(obj);
    Error *err = NULL;
    ObjectProperty *prop;

    prop = object_property_find(obj, "u8");
    g_assert_nonnull(prop);
    g_assert_cmpstr(prop->type, ==, "uint8");
    g_assert_true(object_property_find(obj, "flag") ==
                  object_class_property_find(oc, "flag"));
    g_assert_true(object_property_find(obj, "type") ==
                  object_class_property_find(object_class_by_name(
                                                 TYPE_OBJECT), "type"));
    g_assert_null(object_class_property_find(oc, "u8"));
    g_assert_null(object_property_find(obj, "nope"));
    g_assert_null(object_property_find_err(obj, "nope", &err));
    check_err(&err, "Property 'tq-props.nope' not found");

    g_assert_cmpstr(object_property_get_type(obj, "str", &error_abort), ==,
                    "string");
    g_assert_cmpstr(object_property_get_type(obj, "flag", &error_abort), ==,
                    "bool");
    g_assert_cmpstr(object_property_get_type(obj, "color", &error_abort), ==,
                    "TqColor");
    g_assert_cmpstr(object_property_get_type(obj, "u64", &error_abort), ==,
                    "uint64");
    g_assert_cmpstr(object_property_get_type(obj, "weak", &error_abort), ==,
                    "link<tq-node>");
    g_assert_null(object_property_get_type(obj, "nope", &err));
    check_err(&err, "Property 'tq-props.nope' not found");

    /* Descriptions, on the class and on the instance. */
    g_assert_cmpstr(object_property_find(obj, "name")->description, ==,
                    "What to call it");
    g_assert_null(object_property_find(obj, "u8")->description);
    object_property_set_description(obj, "u8", "A byte");
    g_assert_cmpstr(object_property_find(obj, "u8")->description, ==,
                    "A byte");

    /* Deleting an instance property; class properties stay. */
    object_property_del(obj, "u16");
    g_assert_null(object_property_find(obj, "u16"));
    object_property_del(obj, "no-such-property");

    object_unref(obj);
}

static void test_prop_class_defaults(void)
{
    Object *a = object_new(TYPE_TQ_PROPS);
    Object *b;
    ObjectProperty *prop;

    g_assert_true(TQ_PROPS(a)->flag);
    g_assert_cmpint(TQ_PROPS(a)->color, ==, 1);
    g_assert_cmpstr(TQ_PROPS(a)->name, ==, "anon");
    assert_prop(a, "color", "green");
    assert_prop(a, "name", "anon");

    prop = object_class_property_find(object_get_class(a), "color");
    g_assert_nonnull(prop->defval);
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, prop->defval)), ==,
                    "green");
    prop = object_class_property_find(object_get_class(a), "flag");
    g_assert_true(qbool_get_bool(qobject_to(QBool, prop->defval)));
    g_assert_null(object_property_find(a, "str")->defval);

    /* Each instance gets the default; changing one leaves the others. */
    object_property_parse(a, "color", "blue", &error_abort);
    object_property_parse(a, "flag", "off", &error_abort);
    object_property_parse(a, "name", "first", &error_abort);
    b = object_new(TYPE_TQ_PROPS);
    assert_prop(b, "color", "green");
    assert_prop(b, "flag", "true");
    assert_prop(b, "name", "anon");
    assert_prop(a, "color", "blue");
    assert_prop(a, "flag", "false");
    assert_prop(a, "name", "first");

    object_unref(a);
    object_unref(b);
}

static void test_prop_str(void)
{
    Object *obj = object_new(TYPE_TQ_PROPS);
    Error *err = NULL;
    char *s;

    /* An unset string reads as "". */
    s = object_property_get_str(obj, "str", &error_abort);
    g_assert_cmpstr(s, ==, "");
    g_free(s);

    g_assert_true(set_typed(obj, "str", QSTR("typed"), &error_abort));
    g_assert_cmpstr(TQ_PROPS(obj)->str, ==, "typed");
    g_assert_true(object_property_parse(obj, "str", "parsed", &error_abort));
    g_assert_cmpstr(TQ_PROPS(obj)->str, ==, "parsed");
    /* In string mode "42" is just a string. */
    g_assert_true(object_property_parse(obj, "str", "42", &error_abort));
    g_assert_true(object_property_set_str(obj, "str", "", &error_abort));
    g_assert_cmpstr(TQ_PROPS(obj)->str, ==, "");

    g_assert_false(set_typed(obj, "str", QINT(42), &err));
    check_err(&err, "Invalid parameter type for 'str', expected: string");
    g_assert_false(set_typed(obj, "str", QBOOL(true), &err));
    check_err(&err, "Invalid parameter type for 'str', expected: string");
    g_assert_false(object_property_set_int(obj, "str", 1, &err));
    check_err(&err, "Invalid parameter type for 'str', expected: string");
    /* The setter's own errors come through. */
    g_assert_false(object_property_parse(obj, "str", "reject", &err));
    check_err(&err, "str: 'reject' is not allowed");
    g_assert_cmpstr(TQ_PROPS(obj)->str, ==, "");

    /* Typed getters check the JSON type. */
    object_property_get_bool(obj, "str", &err);
    check_err(&err, "Invalid parameter type for 'str', expected: boolean");
    object_property_get_int(obj, "str", &err);
    check_err(&err, "Invalid parameter type for 'str', expected: integer");

    /* Write-only and read-only accessors. */
    object_property_add_str(obj, "wo", NULL, tq_props_set_wo);
    g_assert_true(object_property_parse(obj, "wo", "x", &error_abort));
    g_assert_null(object_property_get(obj, "wo", &err));
    check_err(&err, "Property 'tq-props.wo' is not readable");
    g_assert_null(object_property_get_str(obj, "wo", &err));
    check_err(&err, "Property 'tq-props.wo' is not readable");
    object_property_add_str(obj, "rostr", tq_props_get_str, NULL);
    g_assert_false(object_property_parse(obj, "rostr", "x", &err));
    check_err(&err, "Property 'tq-props.rostr' is not writable");

    g_assert_false(object_property_parse(obj, "nope", "x", &err));
    check_err(&err, "Property 'tq-props.nope' not found");
    g_assert_false(set_typed(obj, "nope", QSTR("x"), &err));
    check_err(&err, "Property 'tq-props.nope' not found");
    g_assert_null(object_property_get(obj, "nope", &err));
    check_err(&err, "Property 'tq-props.nope' not found");

    object_unref(obj);
}

static void test_prop_bool(void)
{
    Object *obj = object_new(TYPE_TQ_PROPS);
    Error *err = NULL;

    g_assert_true(object_property_get_bool(obj, "flag", &error_abort));
    g_assert_true(set_typed(obj, "flag", QBOOL(false), &error_abort));
    g_assert_false(TQ_PROPS(obj)->flag);
    g_assert_true(object_property_parse(obj, "flag", "on", &error_abort));
    g_assert_true(TQ_PROPS(obj)->flag);
    g_assert_true(object_property_parse(obj, "flag", "no", &error_abort));
    g_assert_false(TQ_PROPS(obj)->flag);
    g_assert_true(object_property_set_bool(obj, "flag", true, &error_abort));
    assert_prop(obj, "flag", "true");

    g_assert_false(object_property_parse(obj, "flag", "maybe", &err));
    check_err(&err, "Parameter 'flag' expects 'on' or 'off'");
    g_assert_false(object_property_parse(obj, "flag", "1", &err));
    check_err(&err, "Parameter 'flag' expects 'on' or 'off'");
    g_assert_false(set_typed(obj, "flag", QSTR("on"), &err));
    check_err(&err, "Invalid parameter type for 'flag', expected: boolean");
    g_assert_false(set_typed(obj, "flag", QINT(1), &err));
    check_err(&err, "Invalid parameter type for 'flag', expected: boolean");
    g_assert_true(TQ_PROPS(obj)->flag);

    object_property_get_str(obj, "flag", &err);
    check_err(&err, "Invalid parameter type for 'flag', expected: string");
    object_unref(obj);
}

static void test_prop_enum(void)
{
    Object *obj = object_new(TYPE_TQ_PROPS);
    Error *err = NULL;
    char *s;

    g_assert_true(object_property_parse(obj, "color", "blue", &error_abort));
    g_assert_cmpint(TQ_PROPS(obj)->color, ==, 2);
    g_assert_true(set_typed(obj, "color", QSTR("red"), &error_abort));
    g_assert_cmpint(TQ_PROPS(obj)->color, ==, 0);
    s = object_property_get_str(obj, "color", &error_abort);
    g_assert_cmpstr(s, ==, "red");
    g_free(s);

    /* qemu's wording: the value is named, the allowed ones are not. */
    g_assert_false(object_property_parse(obj, "color", "purple", &err));
    check_err(&err, "Parameter 'color' does not accept value 'purple' (allowed: red, green, blue)");
    g_assert_false(object_property_parse(obj, "color", "RED", &err));
    check_err(&err, "Parameter 'color' does not accept value 'RED' (allowed: red, green, blue)");
    g_assert_false(object_property_parse(obj, "color", "", &err));
    check_err(&err, "Parameter 'color' does not accept value '' (allowed: red, green, blue)");
    g_assert_false(set_typed(obj, "color", QINT(1), &err));
    check_err(&err, "Invalid parameter type for 'color', expected: string");
    g_assert_cmpint(TQ_PROPS(obj)->color, ==, 0);
    object_unref(obj);
}

static void test_prop_uint_ptr(void)
{
    Object *obj = object_new(TYPE_TQ_PROPS);
    TqProps *p = TQ_PROPS(obj);
    Error *err = NULL;

    /* Limits of each width, both modes. */
    g_assert_true(object_property_parse(obj, "u8", "255", &error_abort));
    g_assert_cmpuint(p->u8, ==, 255);
    g_assert_true(object_property_parse(obj, "u8", "0x1f", &error_abort));
    g_assert_cmpuint(p->u8, ==, 31);
    g_assert_true(set_typed(obj, "u8", QINT(200), &error_abort));
    g_assert_cmpuint(p->u8, ==, 200);
    g_assert_true(object_property_parse(obj, "u16", "65535", &error_abort));
    g_assert_cmpuint(p->u16, ==, 65535);
    g_assert_true(set_typed(obj, "u32", QUINT(UINT32_MAX), &error_abort));
    g_assert_cmpuint(p->u32, ==, UINT32_MAX);
    g_assert_true(object_property_parse(obj, "u64", "18446744073709551615",
                                        &error_abort));
    g_assert_cmpuint(p->u64, ==, UINT64_MAX);
    g_assert_true(set_typed(obj, "u64", QUINT(UINT64_MAX - 1),
                            &error_abort));
    g_assert_cmpuint(p->u64, ==, UINT64_MAX - 1);
    g_assert_cmpuint(object_property_get_uint(obj, "u64", &error_abort), ==,
                     UINT64_MAX - 1);
    assert_prop(obj, "u8", "200");
    assert_prop(obj, "u32", "4294967295");
    g_assert_cmpint(object_property_get_int(obj, "u16", &error_abort), ==,
                    65535);

    /* Out of range: the C type is named; nothing changes. */
    g_assert_false(object_property_parse(obj, "u8", "256", &err));
    check_err(&err, "Parameter 'u8' expects uint8_t");
    g_assert_false(set_typed(obj, "u8", QINT(256), &err));
    check_err(&err, "Parameter 'u8' expects uint8_t");
    g_assert_false(set_typed(obj, "u8", QINT(-1), &err));
    check_err(&err, "Parameter 'u8' expects uint8_t");
    g_assert_false(object_property_parse(obj, "u8", "-1", &err));
    check_err(&err, "Parameter 'u8' expects uint8_t");
    g_assert_false(object_property_parse(obj, "u16", "65536", &err));
    check_err(&err, "Parameter 'u16' expects uint16_t");
    g_assert_false(set_typed(obj, "u32", QINT(0x100000000LL), &err));
    check_err(&err, "Parameter 'u32' expects uint32_t");
    g_assert_false(object_property_parse(obj, "u64", "18446744073709551616",
                                         &err));
    check_err(&err, "Parameter 'u64' expects uint64_t");
    g_assert_false(set_typed(obj, "u64", QINT(-5), &err));
    check_err(&err, "Parameter 'u64' expects uint64_t");
    g_assert_cmpuint(p->u8, ==, 200);
    g_assert_cmpuint(p->u16, ==, 65535);
    g_assert_cmpuint(p->u32, ==, UINT32_MAX);
    g_assert_cmpuint(p->u64, ==, UINT64_MAX - 1);

    /* Not numbers at all. */
    g_assert_false(object_property_parse(obj, "u8", "abc", &err));
    check_err(&err, "Parameter 'u8' expects integer");
    g_assert_false(object_property_parse(obj, "u32", "", &err));
    check_err(&err, "Parameter 'u32' expects integer");
    g_assert_false(object_property_parse(obj, "u16", "1k", &err));
    check_err(&err, "Parameter 'u16' expects integer");
    g_assert_false(set_typed(obj, "u8", QSTR("1"), &err));
    check_err(&err, "Invalid parameter type for 'u8', expected: integer");
    g_assert_false(set_typed(obj, "u64", QDBL(1.5), &err));
    check_err(&err, "Invalid parameter type for 'u64', expected: integer");
    g_assert_false(set_typed(obj, "u16", QBOOL(true), &err));
    check_err(&err, "Invalid parameter type for 'u16', expected: integer");

    /* A uint64 above INT64_MAX does not read as an int. */
    p->u64 = UINT64_MAX;
    g_assert_cmpint(object_property_get_int(obj, "u64", &err), ==, 0);
    check_err(&err, "Invalid parameter type for 'u64', expected: integer");

    /* Read-only field. */
    p->ro = 77;
    assert_prop(obj, "ro", "77");
    g_assert_false(object_property_parse(obj, "ro", "1", &err));
    check_err(&err, "Property 'tq-props.ro' is not writable");
    g_assert_false(object_property_set_uint(obj, "ro", 1, &err));
    check_err(&err, "Property 'tq-props.ro' is not writable");
    g_assert_cmpuint(p->ro, ==, 77);

    object_unref(obj);
}

/* Properties whose name is a pattern. */
static void test_prop_star(void)
{
    Object *obj = object_new(TYPE_TQ_PROPS);
    Object *c0, *c1, *c2;
    ObjectProperty *prop;
    g_autofree char *path = NULL;

    prop = object_property_add_bool(obj, "slot[*]", tq_props_get_flag, NULL);
    g_assert_cmpstr(prop->name, ==, "slot[0]");
    prop = object_property_add_bool(obj, "slot[*]", tq_props_get_flag, NULL);
    g_assert_cmpstr(prop->name, ==, "slot[1]");
    prop = object_property_add_bool(obj, "slot[*]", tq_props_get_flag, NULL);
    g_assert_cmpstr(prop->name, ==, "slot[2]");
    /* A freed index is reused first. */
    object_property_del(obj, "slot[1]");
    prop = object_property_add_bool(obj, "slot[*]", tq_props_get_flag, NULL);
    g_assert_cmpstr(prop->name, ==, "slot[1]");
    prop = object_property_add_bool(obj, "slot[*]", tq_props_get_flag, NULL);
    g_assert_cmpstr(prop->name, ==, "slot[3]");
    /* "[*]" only counts at the end of the name. */
    prop = object_property_add_bool(obj, "a[*]b", tq_props_get_flag, NULL);
    g_assert_cmpstr(prop->name, ==, "a[*]b");

    c0 = node_add(obj, "dev[*]", "c0");
    c1 = node_add(obj, "dev[*]", "c1");
    c2 = node_add(obj, "dev[*]", "c2");
    g_assert_cmpstr(object_get_canonical_path_component(c0), ==, "dev[0]");
    g_assert_cmpstr(object_get_canonical_path_component(c1), ==, "dev[1]");
    g_assert_cmpstr(object_get_canonical_path_component(c2), ==, "dev[2]");
    g_assert_true(object_resolve_path_component(obj, "dev[1]") == c1);

    object_property_add_child(object_get_container("/tq-star"), "obj", obj);
    path = object_get_canonical_path(c2);
    g_assert_cmpstr(path, ==, "/tq-star/obj/dev[2]");
    g_assert_true(object_resolve_path("/tq-star/obj/dev[2]", NULL) == c2);

    object_unref(obj);
    ev_reset();
    object_unparent(object_get_container("/tq-star"));
    g_assert_cmpint(ev_pos("fin:c0"), >=, 0);
    g_assert_cmpint(ev_pos("fin:c2"), >=, 0);
    ev_reset();
}

/* Adding a property twice is a programming error. */
static void test_prop_duplicate_aborts(void)
{
    if (g_test_subprocess()) {
        Object *obj = object_new(TYPE_TQ_PROPS);
        /* Also refused when it would shadow a class property. */
        object_property_add_bool(obj, "flag", tq_props_get_flag, NULL);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*attempt to add duplicate property 'flag' to "
                              "object (type 'tq-props')*");
}

static void test_prop_child(void)
{
    Object *top = object_get_container("/tq-child");
    Object *obj = object_new(TYPE_TQ_PROPS);
    Object *kid;
    ObjectProperty *prop;
    Error *err = NULL;
    QObject *v;

    object_property_add_child(top, "holder", obj);
    object_unref(obj);
    g_assert_cmpuint(obj->ref, ==, 1);

    kid = node_new("kid");
    prop = object_property_add_child(obj, "kid", kid);
    g_assert_cmpuint(kid->ref, ==, 2);
    object_unref(kid);
    g_assert_cmpstr(prop->type, ==, "child<tq-node>");
    g_assert_true(object_property_is_child(prop));
    g_assert_false(object_property_is_link(prop));
    g_assert_true(kid->parent == obj);

    /* Reads as the child's canonical path, resolves to the child. */
    v = object_property_get(obj, "kid", &error_abort);
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, v)), ==,
                    "/tq-child/holder/kid");
    qobject_unref(v);
    g_assert_true(object_property_get_link(obj, "kid", &error_abort) == kid);
    g_assert_true(object_property_resolve(obj, prop, "kid") == kid);
    g_assert_null(object_property_get_link(obj, "nope", &err));
    check_err(&err, "Property 'tq-props.nope' not found");
    /* Not a link or child: resolves to nothing. */
    g_assert_null(object_property_get_link(obj, "u8", &error_abort));

    /* Children cannot be replaced through the property. */
    g_assert_false(object_property_parse(obj, "kid", "/tq-child", &err));
    check_err(&err, "Property 'tq-props.kid' is not writable");

    ev_reset();
    object_property_del(obj, "kid");
    ev_check("fin:kid");
    object_unparent(top);
}

static void test_prop_link(void)
{
    Object *top = object_get_container("/tq-link");
    Object *obj = object_new(TYPE_TQ_PROPS);
    TqProps *p = TQ_PROPS(obj);
    Object *n1 = node_add(top, "tql-n1", "n1");
    Object *n2 = node_add(top, "tql-n2", "n2");
    Object *bad = node_add(top, "tql-bad", "bad");
    Object *loose = node_new("loose");
    ObjectProperty *prop;
    Error *err = NULL;

    object_property_add_child(top, "tql-holder", obj);
    object_unref(obj);

    prop = object_property_find(obj, "strong");
    g_assert_true(object_property_is_link(prop));
    g_assert_false(object_property_is_child(prop));

    /* Unset links read as "". */
    assert_prop(obj, "strong", "");
    g_assert_null(object_property_get_link(obj, "strong", &error_abort));

    /* Strong: by absolute path, a reference is taken. */
    g_assert_true(object_property_parse(obj, "strong", "/tq-link/tql-n1",
                                        &error_abort));
    g_assert_true(p->strong == n1);
    g_assert_cmpuint(n1->ref, ==, 2);
    assert_prop(obj, "strong", "/tq-link/tql-n1");
    g_assert_true(object_property_get_link(obj, "strong", &error_abort) == n1);
    /* By partial path, typed; the old target's reference is dropped. */
    g_assert_true(set_typed(obj, "strong", QSTR("tql-n2"), &error_abort));
    g_assert_true(p->strong == n2);
    g_assert_cmpuint(n1->ref, ==, 1);
    g_assert_cmpuint(n2->ref, ==, 2);
    /* By object; NULL and "" clear it. */
    g_assert_true(object_property_set_link(obj, "strong", n1, &error_abort));
    g_assert_cmpuint(n1->ref, ==, 2);
    g_assert_cmpuint(n2->ref, ==, 1);
    g_assert_true(object_property_set_link(obj, "strong", NULL,
                                           &error_abort));
    g_assert_null(p->strong);
    g_assert_cmpuint(n1->ref, ==, 1);
    g_assert_true(object_property_parse(obj, "strong", "tql-n1",
                                        &error_abort));
    g_assert_true(object_property_parse(obj, "strong", "", &error_abort));
    g_assert_null(p->strong);
    g_assert_cmpuint(n1->ref, ==, 1);

    /* Weak: no reference. */
    g_assert_true(object_property_parse(obj, "weak", "tql-n2", &error_abort));
    g_assert_true(p->weak == n2);
    g_assert_cmpuint(n2->ref, ==, 1);

    /* The check callback may refuse; the old value stays. */
    g_assert_true(object_property_parse(obj, "checked", "tql-n1",
                                        &error_abort));
    g_assert_false(object_property_parse(obj, "checked", "tql-bad", &err));
    check_err(&err, "checked: node 'bad' refused");
    g_assert_true(p->checked == n1);
    g_assert_false(object_property_set_link(obj, "checked", bad, &err));
    check_err(&err, "checked: node 'bad' refused");

    /* No check callback: read-only. */
    g_assert_false(object_property_parse(obj, "rolink", "tql-n1", &err));
    check_err(&err, "Property 'tq-props.rolink' is not writable");

    /* Bad targets. */
    g_assert_false(object_property_parse(obj, "weak", "nowhere", &err));
    g_assert_cmpint(error_get_class(err), ==, ERROR_CLASS_DEVICE_NOT_FOUND);
    check_err(&err, "Device 'nowhere' not found");
    g_assert_false(object_property_parse(obj, "weak", "/tq-link/nowhere",
                                         &err));
    check_err(&err, "Device '/tq-link/nowhere' not found");
    g_assert_false(object_property_parse(obj, "weak", "/tq-link/tql-holder",
                                         &err));
    check_err(&err, "Invalid parameter type for 'weak', expected: tq-node");
    g_assert_false(set_typed(obj, "weak", QINT(1), &err));
    check_err(&err, "Invalid parameter type for 'weak', expected: string");
    g_assert_false(object_property_set_link(obj, "weak", loose, &err));
    check_err(&err, "Cannot link property 'weak' to an object that is not "
              "in the composition tree");
    g_assert_true(p->weak == n2);

    /* A partial path matching two nodes is ambiguous... */
    node_add(n1, "tql-twin", "t1");
    node_add(n2, "tql-twin", "t2");
    g_assert_false(object_property_parse(obj, "weak", "tql-twin", &err));
    check_err(&err, "Path 'tql-twin' does not uniquely identify an object");
    /* ...unless only one of them has the link's type. */
    object_unparent(object_resolve_path("/tq-link/tql-n2/tql-twin", NULL));
    object_get_container("/tq-link/tql-n2/tql-twin");
    g_assert_true(object_property_parse(obj, "weak", "tql-twin",
                                        &error_abort));
    g_assert_true(p->weak ==
                  object_resolve_path("/tq-link/tql-n1/tql-twin", NULL));

    /* The class link holds its reference until the owner goes. */
    g_assert_true(object_property_parse(obj, "cls-link", "tql-n2",
                                        &error_abort));
    g_assert_true(p->cls_link == n2);
    g_assert_cmpuint(n2->ref, ==, 2);
    g_assert_true(object_property_parse(obj, "strong", "tql-n1",
                                        &error_abort));
    g_assert_cmpuint(n1->ref, ==, 2);
    object_unparent(obj);
    g_assert_cmpuint(n1->ref, ==, 1);
    g_assert_cmpuint(n2->ref, ==, 1);

    object_unref(loose);
    object_unparent(top);
    ev_reset();
}

static void test_prop_const_link(void)
{
    Object *top = object_get_container("/tq-const");
    Object *obj = object_new(TYPE_TQ_PROPS);
    Object *n = node_add(top, "target", "n");
    ObjectProperty *prop;
    Error *err = NULL;

    object_property_add_child(top, "holder", obj);
    object_unref(obj);
    prop = object_property_add_const_link(obj, "fixed", n);
    g_assert_cmpstr(prop->type, ==, "link<tq-node>");
    g_assert_cmpuint(n->ref, ==, 1);
    assert_prop(obj, "fixed", "/tq-const/target");
    g_assert_true(object_property_get_link(obj, "fixed", &error_abort) == n);
    g_assert_true(object_resolve_path("/tq-const/holder/fixed", NULL) == n);
    g_assert_false(object_property_parse(obj, "fixed", "", &err));
    check_err(&err, "Property 'tq-props.fixed' is not writable");
    object_property_del(obj, "fixed");
    g_assert_cmpuint(n->ref, ==, 1);
    object_unparent(top);
    ev_reset();
}

static void test_prop_alias(void)
{
    Object *top = object_get_container("/tq-alias");
    Object *target = object_new(TYPE_TQ_PROPS);
    Object *obj = object_new(TYPE_TQ_PROPS);
    Object *kid;
    ObjectProperty *prop;
    Error *err = NULL;

    object_property_add_child(top, "target", target);
    object_property_add_child(top, "obj", obj);
    object_unref(target);
    object_unref(obj);
    object_property_set_description(target, "u8", "A byte");

    prop = object_property_add_alias(obj, "byte", target, "u8");
    g_assert_cmpstr(prop->type, ==, "uint8");
    g_assert_cmpstr(prop->description, ==, "A byte");
    g_assert_true(object_property_parse(obj, "byte", "7", &error_abort));
    g_assert_cmpuint(TQ_PROPS(target)->u8, ==, 7);
    g_assert_cmpuint(TQ_PROPS(obj)->u8, ==, 0);
    g_assert_true(set_typed(obj, "byte", QINT(9), &error_abort));
    assert_prop(obj, "byte", "9");
    /* Errors are the target's. */
    g_assert_false(object_property_parse(obj, "byte", "300", &err));
    check_err(&err, "Parameter 'u8' expects uint8_t");

    /* Aliases of class properties and of read-only ones. */
    object_property_add_alias(obj, "colour", target, "color");
    g_assert_cmpstr(object_property_get_type(obj, "colour", &error_abort),
                    ==, "TqColor");
    g_assert_true(object_property_parse(obj, "colour", "blue", &error_abort));
    assert_prop(target, "color", "blue");
    object_property_add_alias(obj, "ro-alias", target, "ro");
    g_assert_false(object_property_parse(obj, "ro-alias", "1", &err));
    check_err(&err, "Property 'tq-props.ro-alias' is not writable");

    /* An alias of a child is a link to it. */
    kid = node_add(target, "kid", "kid");
    prop = object_property_add_alias(obj, "kid-alias", target, "kid");
    g_assert_cmpstr(prop->type, ==, "link<tq-node>");
    g_assert_true(object_property_get_link(obj, "kid-alias", &error_abort) ==
                  kid);
    g_assert_true(object_resolve_path("/tq-alias/obj/kid-alias", NULL) == kid);
    assert_prop(obj, "kid-alias", "/tq-alias/target/kid");
    g_assert_cmpuint(kid->ref, ==, 1);

    object_property_del(obj, "byte");
    g_assert_null(object_property_find(obj, "byte"));
    /* The alias's owner goes first: nothing dangles. */
    object_unparent(obj);
    object_unparent(top);
    ev_reset();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qom_test_types_init();
    module_call_init(MODULE_INIT_QOM);

    g_test_add_func("/qom/prop/iteration", test_prop_iteration);
    g_test_add_func("/qom/prop/find", test_prop_find);
    g_test_add_func("/qom/prop/class-defaults", test_prop_class_defaults);
    g_test_add_func("/qom/prop/str", test_prop_str);
    g_test_add_func("/qom/prop/bool", test_prop_bool);
    g_test_add_func("/qom/prop/enum", test_prop_enum);
    g_test_add_func("/qom/prop/uint-ptr", test_prop_uint_ptr);
    g_test_add_func("/qom/prop/star", test_prop_star);
    g_test_add_func("/qom/prop/duplicate-aborts", test_prop_duplicate_aborts);
    g_test_add_func("/qom/prop/child", test_prop_child);
    g_test_add_func("/qom/prop/link", test_prop_link);
    g_test_add_func("/qom/prop/const-link", test_prop_const_link);
    g_test_add_func("/qom/prop/alias", test_prop_alias);

    return g_test_run();
}
