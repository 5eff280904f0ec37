/*
 * Unit tests for the object model (qom/), part one: types, classes and
 * interfaces, casts, and the instance life cycle (init and finalize
 * order, reference counts, embedded children).  Properties are in
 * test-qom-props.c, the composition tree and user-creatable objects in
 * test-qom-tree.c; the types and helpers they share are in
 * qom-test-types.c.
 *
 * The test types are registered in main() before module_call_init():
 * registration only records the TypeInfo, parents are looked up when a
 * class is first built, so either order works.
 */
#include "util/osdep.h"
#include "util/cutils.h"
#include "util/module.h"
#include "qom/object.h"
#include "qom/object-property.h"
#include "qom/object-interfaces.h"
#include "tests/testdev/testdev.h"
#include "tests/unit/qom-test-types.h"

/* ------------------------------------------------------------------ */
/* Types for inheritance and interfaces */

#define TYPE_TQ_IFACE_A "tq-iface-a"
#define TYPE_TQ_IFACE_A2 "tq-iface-a2"
#define TYPE_TQ_IFACE_B "tq-iface-b"
#define TYPE_TQ_ROOT "tq-root"
#define TYPE_TQ_MID "tq-mid"
#define TYPE_TQ_LEAF "tq-leaf"
#define TYPE_TQ_OTHER "tq-other"

typedef struct TqIfaceAClass {
    InterfaceClass parent_class;
    const char *who;
    const char *(*hello)(Object *obj);
} TqIfaceAClass;

/* An interface extending another one. */
typedef struct TqIfaceA2Class {
    TqIfaceAClass parent_class;
    int extra;
} TqIfaceA2Class;

typedef struct TqIfaceBClass {
    InterfaceClass parent_class;
    int number;
} TqIfaceBClass;

#define TQ_IFACE_A_CLASS(k) \
    OBJECT_CLASS_CHECK(TqIfaceAClass, (k), TYPE_TQ_IFACE_A)
#define TQ_IFACE_A_GET_CLASS(o) \
    OBJECT_GET_CLASS(TqIfaceAClass, (o), TYPE_TQ_IFACE_A)
#define TQ_IFACE_A2_CLASS(k) \
    OBJECT_CLASS_CHECK(TqIfaceA2Class, (k), TYPE_TQ_IFACE_A2)
#define TQ_IFACE_B_CLASS(k) \
    OBJECT_CLASS_CHECK(TqIfaceBClass, (k), TYPE_TQ_IFACE_B)
#define TQ_IFACE_B_GET_CLASS(o) \
    OBJECT_GET_CLASS(TqIfaceBClass, (o), TYPE_TQ_IFACE_B)

typedef struct TqRootClass {
    ObjectClass parent_class;
    const char *tag;        /* each class_init sets its own */
    const char *base_tag;   /* tq-root's class_base_init sets it */
    int base_inits;         /* how many class_base_init calls it saw */
    int value;              /* set by tq-root, overridden by tq-leaf */
} TqRootClass;

typedef struct TqLeafClass {
    TqRootClass parent_class;
    int leaf_only;
} TqLeafClass;

typedef struct TqRoot {
    Object parent_obj;
    bool flag;              /* class property with default true */
    bool flag_seen_by_init;
} TqRoot;

typedef struct TqLeaf {
    TqRoot parent_obj;
    uint64_t more[4];
} TqLeaf;

#define TQ_ROOT(o) OBJECT_CHECK(TqRoot, (o), TYPE_TQ_ROOT)
#define TQ_ROOT_CLASS(k) OBJECT_CLASS_CHECK(TqRootClass, (k), TYPE_TQ_ROOT)
#define TQ_ROOT_GET_CLASS(o) OBJECT_GET_CLASS(TqRootClass, (o), TYPE_TQ_ROOT)
#define TQ_LEAF_CLASS(k) OBJECT_CLASS_CHECK(TqLeafClass, (k), TYPE_TQ_LEAF)

static void tq_iface_a_class_init(ObjectClass *oc, void *data)
{
    TQ_IFACE_A_CLASS(oc)->who = "iface-a-default";
}

static void tq_iface_a2_class_init(ObjectClass *oc, void *data)
{
    TQ_IFACE_A2_CLASS(oc)->extra = 22;
}

static const char *tq_mid_hello(Object *obj)
{
    return "hello from mid";
}

static const char *tq_leaf_hello(Object *obj)
{
    return "hello from leaf";
}

static bool tq_root_get_flag(Object *obj, Error **errp)
{
    return TQ_ROOT(obj)->flag;
}

static void tq_root_set_flag(Object *obj, bool v, Error **errp)
{
    TQ_ROOT(obj)->flag = v;
}

static void tq_root_class_init(ObjectClass *oc, void *data)
{
    TqRootClass *rc = TQ_ROOT_CLASS(oc);
    ObjectProperty *op;

    ev("ci:%s", object_class_get_name(oc));
    rc->tag = "root";
    rc->value = 42;
    op = object_class_property_add_bool(oc, "flag", tq_root_get_flag,
                                        tq_root_set_flag);
    object_property_set_default_bool(op, true);
}

static void tq_root_class_base_init(ObjectClass *oc, void *data)
{
    TqRootClass *rc = TQ_ROOT_CLASS(oc);

    ev("bi-root:%s", object_class_get_name(oc));
    rc->base_tag = object_class_get_name(oc);
    rc->base_inits++;
}

static void tq_mid_class_base_init(ObjectClass *oc, void *data)
{
    ev("bi-mid:%s", object_class_get_name(oc));
    TQ_ROOT_CLASS(oc)->base_inits++;
}

static void tq_mid_class_init(ObjectClass *oc, void *data)
{
    ev("ci:%s", object_class_get_name(oc));
    TQ_ROOT_CLASS(oc)->tag = "mid";
    TQ_IFACE_A_CLASS(oc)->who = "mid";
    TQ_IFACE_A_CLASS(oc)->hello = tq_mid_hello;
    TQ_IFACE_B_CLASS(oc)->number = 2;
}

static void tq_leaf_class_init(ObjectClass *oc, void *data)
{
    ev("ci:%s", object_class_get_name(oc));
    TQ_ROOT_CLASS(oc)->tag = "leaf";
    TQ_ROOT_CLASS(oc)->value = 7;
    TQ_LEAF_CLASS(oc)->leaf_only = 1;
    /* Override tq-mid's implementation of A; keep its B. */
    TQ_IFACE_A_CLASS(oc)->who = "leaf";
    TQ_IFACE_A_CLASS(oc)->hello = tq_leaf_hello;
}

static void tq_other_class_init(ObjectClass *oc, void *data)
{
    TQ_IFACE_B_CLASS(oc)->number = 3;
}

static void tq_root_init(Object *obj)
{
    ev("ii:root");
    TQ_ROOT(obj)->flag_seen_by_init = TQ_ROOT(obj)->flag;
}

/* Hooks that only say that they ran. */
#define TQ_LOG_HOOK(fn, word) \
    static void fn(Object *obj) \
    { \
        ev(word); \
    }

TQ_LOG_HOOK(tq_mid_init, "ii:mid")
TQ_LOG_HOOK(tq_leaf_init, "ii:leaf")
TQ_LOG_HOOK(tq_root_post_init, "pi:root")
TQ_LOG_HOOK(tq_mid_post_init, "pi:mid")
TQ_LOG_HOOK(tq_leaf_post_init, "pi:leaf")
TQ_LOG_HOOK(tq_root_finalize, "fi:root")
TQ_LOG_HOOK(tq_mid_finalize, "fi:mid")
TQ_LOG_HOOK(tq_leaf_finalize, "fi:leaf")

static const TypeInfo tq_class_types[] = {
    {
        .name = TYPE_TQ_IFACE_A,
        .parent = TYPE_INTERFACE,
        .class_size = sizeof(TqIfaceAClass),
        .class_init = tq_iface_a_class_init,
    }, {
        .name = TYPE_TQ_IFACE_A2,
        .parent = TYPE_TQ_IFACE_A,
        .class_size = sizeof(TqIfaceA2Class),
        .class_init = tq_iface_a2_class_init,
    }, {
        .name = TYPE_TQ_IFACE_B,
        .parent = TYPE_INTERFACE,
        .class_size = sizeof(TqIfaceBClass),
    }, {
        .name = TYPE_TQ_ROOT,
        .parent = TYPE_OBJECT,
        .abstract = true,
        .instance_size = sizeof(TqRoot),
        .class_size = sizeof(TqRootClass),
        .class_init = tq_root_class_init,
        .class_base_init = tq_root_class_base_init,
        .instance_init = tq_root_init,
        .instance_post_init = tq_root_post_init,
        .instance_finalize = tq_root_finalize,
    }, {
        .name = TYPE_TQ_MID,
        .parent = TYPE_TQ_ROOT,
        .class_init = tq_mid_class_init,
        .class_base_init = tq_mid_class_base_init,
        .instance_init = tq_mid_init,
        .instance_post_init = tq_mid_post_init,
        .instance_finalize = tq_mid_finalize,
        .interfaces = (const InterfaceInfo[]) {
            { TYPE_TQ_IFACE_A },
            { TYPE_TQ_IFACE_B },
            { NULL }
        },
    }, {
        .name = TYPE_TQ_LEAF,
        .parent = TYPE_TQ_MID,
        .instance_size = sizeof(TqLeaf),
        .class_size = sizeof(TqLeafClass),
        .class_init = tq_leaf_class_init,
        .instance_init = tq_leaf_init,
        .instance_post_init = tq_leaf_post_init,
        .instance_finalize = tq_leaf_finalize,
    }, {
        .name = TYPE_TQ_OTHER,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(Object),
        .class_init = tq_other_class_init,
        .interfaces = (const InterfaceInfo[]) {
            { TYPE_TQ_IFACE_A2 },
            { TYPE_TQ_IFACE_B },
            { NULL }
        },
    },
};


/* ------------------------------------------------------------------ */
/* A node with another one embedded in it */

#define TYPE_TQ_BOX "tq-box"

typedef struct TqBox {
    Object parent_obj;
    TqNode inner;
} TqBox;

#define TQ_BOX(o) OBJECT_CHECK(TqBox, (o), TYPE_TQ_BOX)

static void tq_box_init(Object *obj)
{
    TqBox *box = TQ_BOX(obj);

    object_initialize_child(obj, "inner", &box->inner, sizeof(box->inner),
                            TYPE_TQ_NODE);
    box->inner.tag = g_strdup("inner");
}

static void tq_box_finalize(Object *obj)
{
    ev("fin:box");
}

static const TypeInfo tq_box_info = {
    .name = TYPE_TQ_BOX,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(TqBox),
    .instance_init = tq_box_init,
    .instance_finalize = tq_box_finalize,
};

/* ------------------------------------------------------------------ */
/* Types and classes */

static void test_class_init_order(void)
{
    ObjectClass *leaf, *mid, *root;
    TqRootClass *rc, *mc, *lc;

    /* Nothing has used these types yet: building tq-leaf builds its
     * ancestors first, each ancestor's class_base_init runs on each
     * subclass (nearest first), then the class's own class_init. */
    ev_reset();
    leaf = object_class_by_name(TYPE_TQ_LEAF);
    ev_check("ci:tq-root "
             "bi-root:tq-mid ci:tq-mid "
             "bi-mid:tq-leaf bi-root:tq-leaf ci:tq-leaf");
    /* Once built, a class is not built again. */
    g_assert_true(object_class_by_name(TYPE_TQ_LEAF) == leaf);
    ev_check("");

    mid = object_class_get_parent(leaf);
    root = object_class_get_parent(mid);
    g_assert_cmpstr(object_class_get_name(mid), ==, TYPE_TQ_MID);
    g_assert_cmpstr(object_class_get_name(root), ==, TYPE_TQ_ROOT);
    g_assert_cmpstr(object_class_get_name(object_class_get_parent(root)),
                    ==, TYPE_OBJECT);
    g_assert_null(object_class_get_parent(object_class_by_name(TYPE_OBJECT)));

    rc = TQ_ROOT_CLASS(root);
    mc = TQ_ROOT_CLASS(mid);
    lc = TQ_ROOT_CLASS(leaf);
    /* class_init sets each class's own fields... */
    g_assert_cmpstr(rc->tag, ==, "root");
    g_assert_cmpstr(mc->tag, ==, "mid");
    g_assert_cmpstr(lc->tag, ==, "leaf");
    /* ...the rest is copied from the parent class. */
    g_assert_cmpint(rc->value, ==, 42);
    g_assert_cmpint(mc->value, ==, 42);
    g_assert_cmpint(lc->value, ==, 7);
    g_assert_cmpint(TQ_LEAF_CLASS(leaf)->leaf_only, ==, 1);
    /* class_base_init runs on subclasses only, and its effects are
     * inherited too: tq-leaf starts from tq-mid's count. */
    g_assert_null(rc->base_tag);
    g_assert_cmpint(rc->base_inits, ==, 0);
    g_assert_cmpstr(mc->base_tag, ==, TYPE_TQ_MID);
    g_assert_cmpint(mc->base_inits, ==, 1);
    g_assert_cmpstr(lc->base_tag, ==, TYPE_TQ_LEAF);
    g_assert_cmpint(lc->base_inits, ==, 3);
}

static void test_instance_init_order(void)
{
    Object *obj;

    /* (Build the classes first when run alone.) */
    object_class_by_name(TYPE_TQ_LEAF);
    ev_reset();
    obj = object_new(TYPE_TQ_LEAF);
    ev_check("ii:root ii:mid ii:leaf pi:leaf pi:mid pi:root");
    g_assert_cmpstr(object_get_typename(obj), ==, TYPE_TQ_LEAF);
    g_assert_true(object_get_class(obj) == object_class_by_name(TYPE_TQ_LEAF));
    g_assert_cmpuint(obj->ref, ==, 1);
    /* Class property defaults are in place before instance_init. */
    g_assert_true(TQ_ROOT(obj)->flag);
    g_assert_true(TQ_ROOT(obj)->flag_seen_by_init);
    g_assert_true(object_property_get_bool(obj, "flag", &error_abort));
    assert_prop(obj, "type", TYPE_TQ_LEAF);

    object_unref(obj);
    ev_check("fi:leaf fi:mid fi:root");

    obj = object_new_with_class(object_class_by_name(TYPE_TQ_MID));
    ev_check("ii:root ii:mid pi:mid pi:root");
    object_unref(obj);
    ev_check("fi:mid fi:root");
}

static void test_abstract(void)
{
    g_autoptr(GSList) all = NULL;
    g_autoptr(GSList) concrete = NULL;
    GSList *l;

    ObjectClass *oc;

    oc = object_class_by_name(TYPE_OBJECT);
    g_assert_true(object_class_is_abstract(oc));
    oc = object_class_by_name(TYPE_TQ_ROOT);
    g_assert_true(object_class_is_abstract(oc));
    oc = object_class_by_name(TYPE_TQ_MID);
    g_assert_false(object_class_is_abstract(oc));
    /* Interfaces have no instances, so they count as abstract. */
    g_assert_true(object_class_is_abstract(
                      object_class_by_name(TYPE_TQ_IFACE_A)));
    g_assert_true(object_class_is_abstract(
                      object_class_by_name(TYPE_USER_CREATABLE)));

    all = object_class_get_list_sorted(TYPE_TQ_ROOT, true);
    g_assert_cmpuint(g_slist_length(all), ==, 3);
    g_assert_cmpstr(object_class_get_name(all->data), ==, TYPE_TQ_LEAF);
    g_assert_cmpstr(object_class_get_name(all->next->data), ==, TYPE_TQ_MID);
    g_assert_cmpstr(object_class_get_name(all->next->next->data), ==,
                    TYPE_TQ_ROOT);

    concrete = object_class_get_list(TYPE_TQ_ROOT, false);
    g_assert_cmpuint(g_slist_length(concrete), ==, 2);
    g_assert_nonnull(g_slist_find(concrete,
                                  object_class_by_name(TYPE_TQ_LEAF)));
    g_assert_nonnull(g_slist_find(concrete,
                                  object_class_by_name(TYPE_TQ_MID)));

    /* Every class, abstract or not, is in the full list. */
    g_slist_free(all);
    all = object_class_get_list(NULL, true);
    g_assert_nonnull(g_slist_find(all, object_class_by_name(TYPE_OBJECT)));
    g_assert_nonnull(g_slist_find(all, object_class_by_name(TYPE_TQ_ROOT)));
    g_slist_free(concrete);
    concrete = object_class_get_list(NULL, false);
    for (l = concrete; l; l = l->next) {
        g_assert_false(object_class_is_abstract(l->data));
    }
    g_assert_null(g_slist_find(concrete, object_class_by_name(TYPE_OBJECT)));
    g_assert_nonnull(g_slist_find(concrete,
                                  object_class_by_name(TYPE_CONTAINER)));
}

/* Instantiating an abstract type is a programming error. */
static void test_abstract_new_aborts(void)
{
    if (g_test_subprocess()) {
        object_new(TYPE_TQ_ROOT);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*Cannot instantiate abstract type 'tq-root'*");
}

static void test_interfaces(void)
{
    ObjectClass *mid = object_class_by_name(TYPE_TQ_MID);
    ObjectClass *leaf = object_class_by_name(TYPE_TQ_LEAF);
    ObjectClass *other = object_class_by_name(TYPE_TQ_OTHER);
    TqIfaceAClass *mid_a, *leaf_a, *other_a;
    TqIfaceBClass *mid_b, *leaf_b, *other_b;
    Object *obj = object_new(TYPE_TQ_LEAF);
    Object *oth = object_new(TYPE_TQ_OTHER);

    /* A class implementing two interfaces has a copy of each, filled by
     * its class_init through the interface's class cast. */
    mid_a = TQ_IFACE_A_CLASS(mid);
    mid_b = TQ_IFACE_B_CLASS(mid);
    g_assert_true((ObjectClass *)mid_a != mid);
    g_assert_cmpstr(mid_a->who, ==, "mid");
    g_assert_cmpstr(mid_a->hello(NULL), ==, "hello from mid");
    g_assert_cmpint(mid_b->number, ==, 2);
    g_assert_true(mid_a->parent_class.concrete_class == mid);
    g_assert_true(mid_b->parent_class.concrete_class == mid);
    g_assert_cmpstr(object_class_get_name(OBJECT_CLASS(mid_a)), ==,
                    TYPE_TQ_IFACE_A);
    g_assert_true(INTERFACE_CLASS(mid_a) == &mid_a->parent_class);

    /* The subclass overrides A, inherits B, and has copies of its own. */
    leaf_a = TQ_IFACE_A_CLASS(leaf);
    leaf_b = TQ_IFACE_B_CLASS(leaf);
    g_assert_true(leaf_a != mid_a);
    g_assert_true(leaf_b != mid_b);
    g_assert_cmpstr(leaf_a->who, ==, "leaf");
    g_assert_cmpstr(leaf_a->hello(NULL), ==, "hello from leaf");
    g_assert_cmpint(leaf_b->number, ==, 2);
    g_assert_true(leaf_a->parent_class.concrete_class == leaf);
    g_assert_true(leaf_b->parent_class.concrete_class == leaf);
    /* The parent's implementation is untouched. */
    g_assert_cmpstr(mid_a->who, ==, "mid");

    /* From the object: the class cast finds the right copy, the object
     * cast returns the object itself. */
    g_assert_true(TQ_IFACE_A_GET_CLASS(obj) == leaf_a);
    g_assert_true(TQ_IFACE_B_GET_CLASS(obj) == leaf_b);
    g_assert_true(object_dynamic_cast(obj, TYPE_TQ_IFACE_A) == obj);
    g_assert_true(INTERFACE_CHECK(void, obj, TYPE_TQ_IFACE_B) == (void *)obj);
    g_assert_null(object_dynamic_cast(obj, TYPE_TQ_IFACE_A2));

    /* An interface extending another: casting to the base interface
     * finds the extended one, which starts as a copy of the interface's
     * own class (defaults from its class_init). */
    other_a = TQ_IFACE_A_CLASS(other);
    g_assert_true(other_a == &TQ_IFACE_A2_CLASS(other)->parent_class);
    g_assert_cmpstr(other_a->who, ==, "iface-a-default");
    g_assert_null(other_a->hello);
    g_assert_cmpint(TQ_IFACE_A2_CLASS(other)->extra, ==, 22);
    other_b = TQ_IFACE_B_GET_CLASS(oth);
    g_assert_cmpint(other_b->number, ==, 3);
    g_assert_true(object_dynamic_cast(oth, TYPE_TQ_IFACE_A) == oth);
    g_assert_true(object_dynamic_cast(oth, TYPE_TQ_IFACE_A2) == oth);
    g_assert_null(object_dynamic_cast(oth, TYPE_TQ_ROOT));

    /* Classes that do not implement an interface. */
    g_assert_null(object_class_dynamic_cast(object_class_by_name(TYPE_TQ_NODE),
                                            TYPE_TQ_IFACE_A));
    g_assert_null(object_class_dynamic_cast(object_class_by_name(TYPE_TQ_ROOT),
                                            TYPE_TQ_IFACE_B));

    object_unref(obj);
    object_unref(oth);
    ev_reset();
}

static void test_interface_lists(void)
{
    g_autoptr(GSList) a = object_class_get_list_sorted(TYPE_TQ_IFACE_A,
                                                       false);
    g_autoptr(GSList) b = object_class_get_list_sorted(TYPE_TQ_IFACE_B,
                                                       false);
    g_autoptr(GSList) a2 = object_class_get_list(TYPE_TQ_IFACE_A2, false);
    g_autoptr(GSList) uc = object_class_get_list(TYPE_USER_CREATABLE, false);
    GSList *l;

    /* The implementations, not the interfaces themselves. */
    g_assert_cmpuint(g_slist_length(a), ==, 3);
    g_assert_cmpstr(object_class_get_name(a->data), ==, TYPE_TQ_LEAF);
    g_assert_cmpstr(object_class_get_name(a->next->data), ==, TYPE_TQ_MID);
    g_assert_cmpstr(object_class_get_name(a->next->next->data), ==,
                    TYPE_TQ_OTHER);
    g_assert_cmpuint(g_slist_length(b), ==, 3);
    g_assert_cmpuint(g_slist_length(a2), ==, 1);
    g_assert_cmpstr(object_class_get_name(a2->data), ==, TYPE_TQ_OTHER);

    g_assert_nonnull(g_slist_find(uc, object_class_by_name(
                                          TYPE_CORVID_TEST_OBJECT)));
    for (l = uc; l; l = l->next) {
        g_assert_cmpstr(object_class_get_name(l->data), !=,
                        TYPE_USER_CREATABLE);
        g_assert_false(object_class_is_abstract(l->data));
    }
}

static void test_dynamic_cast(void)
{
    Object *obj = object_new(TYPE_TQ_MID);
    ObjectClass *oc = object_get_class(obj);

    g_assert_true(object_dynamic_cast(obj, TYPE_TQ_MID) == obj);
    g_assert_true(object_dynamic_cast(obj, TYPE_TQ_ROOT) == obj);
    g_assert_true(object_dynamic_cast(obj, TYPE_OBJECT) == obj);
    g_assert_null(object_dynamic_cast(obj, TYPE_TQ_LEAF));
    g_assert_null(object_dynamic_cast(obj, TYPE_TQ_NODE));
    g_assert_null(object_dynamic_cast(obj, "no-such-type"));
    g_assert_null(object_dynamic_cast(NULL, TYPE_OBJECT));
    g_assert_true(TQ_ROOT(obj) == (TqRoot *)obj);
    /* A checked cast of NULL is NULL. */
    g_assert_null(TQ_ROOT(NULL));

    g_assert_true(object_class_dynamic_cast(oc, TYPE_TQ_ROOT) == oc);
    g_assert_null(object_class_dynamic_cast(oc, TYPE_TQ_LEAF));
    g_assert_null(object_class_dynamic_cast(oc, "no-such-type"));
    g_assert_null(object_class_dynamic_cast(NULL, TYPE_OBJECT));
    g_assert_true(TQ_ROOT_GET_CLASS(obj) == TQ_ROOT_CLASS(oc));

    g_assert_null(object_class_by_name("no-such-type"));

    g_assert_true(type_is_a(TYPE_TQ_LEAF, TYPE_TQ_LEAF));
    g_assert_true(type_is_a(TYPE_TQ_LEAF, TYPE_TQ_ROOT));
    g_assert_true(type_is_a(TYPE_TQ_LEAF, TYPE_OBJECT));
    g_assert_true(type_is_a(TYPE_TQ_LEAF, TYPE_TQ_IFACE_A));
    g_assert_true(type_is_a(TYPE_TQ_OTHER, TYPE_TQ_IFACE_A));
    g_assert_true(type_is_a(TYPE_TQ_IFACE_A2, TYPE_TQ_IFACE_A));
    g_assert_false(type_is_a(TYPE_TQ_ROOT, TYPE_TQ_LEAF));
    g_assert_false(type_is_a(TYPE_TQ_ROOT, TYPE_TQ_IFACE_A));
    g_assert_false(type_is_a(TYPE_TQ_IFACE_A, TYPE_TQ_IFACE_A2));
    g_assert_false(type_is_a(TYPE_TQ_LEAF, "no-such-type"));
    g_assert_false(type_is_a("no-such-type", TYPE_OBJECT));

    object_unref(obj);
    ev_reset();
}

/* A failed checked cast aborts, naming both types. */
static void test_cast_assert(void)
{
    if (g_test_subprocess()) {
        Object *obj = object_new(TYPE_TQ_NODE);
        (void)TQ_ROOT(obj);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*is not an instance of type tq-root "
                              "(it is tq-node)*");
}

static void test_class_cast_assert(void)
{
    if (g_test_subprocess()) {
        (void)TQ_IFACE_A_CLASS(object_class_by_name(TYPE_TQ_NODE));
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*is not an instance of type tq-iface-a "
                              "(it is tq-node)*");
}

/* ------------------------------------------------------------------ */
/* Reference counts and finalization */

static void test_refcount(void)
{
    Object *obj = node_new("n");

    g_assert_cmpuint(obj->ref, ==, 1);
    g_assert_true(object_ref(obj) == obj);
    g_assert_cmpuint(obj->ref, ==, 2);
    g_assert_null(object_ref(NULL));
    object_unref(NULL);

    ev_reset();
    object_unref(obj);
    g_assert_cmpuint(obj->ref, ==, 1);
    ev_check("");
    object_unref(obj);
    ev_check("fin:n");
}

static void test_finalize_order(void)
{
    Object *p = node_new("p");
    Object *a = node_add(p, "a", "a");
    Object *b;

    node_add(a, "a1", "a1");
    b = node_add(p, "b", "b");
    g_assert_true(a->parent == p);
    g_assert_cmpuint(a->ref, ==, 1);

    /* Children go before their parent's instance_finalize, grandchildren
     * before children. */
    ev_reset();
    object_unref(p);
    g_assert_cmpint(ev_pos("fin:p"), ==, 3);
    g_assert_cmpint(ev_pos("fin:a1"), <, ev_pos("fin:a"));
    g_assert_cmpint(ev_pos("fin:b"), >=, 0);
    ev_reset();
    (void)b;
}

static void test_child_kept_alive(void)
{
    Object *p = node_new("p");
    Object *a = node_add(p, "a", "a");
    Object *b = node_add(p, "b", "b");

    object_ref(b);
    g_assert_cmpuint(b->ref, ==, 2);
    ev_reset();
    object_unref(p);
    /* b survives its parent, out of the tree. */
    g_assert_cmpint(ev_pos("fin:b"), ==, -1);
    g_assert_cmpint(ev_pos("fin:a"), >=, 0);
    g_assert_cmpint(ev_pos("fin:p"), >=, 0);
    g_assert_cmpuint(b->ref, ==, 1);
    g_assert_null(b->parent);
    g_assert_null(object_get_canonical_path_component(b));
    ev_reset();
    object_unref(b);
    ev_check("fin:b");
    (void)a;
}

static void test_unparent(void)
{
    Object *p = node_new("p");
    Object *a = node_add(p, "a", "a");

    ev_reset();
    object_unparent(a);
    ev_check("fin:a");
    g_assert_null(object_property_find(p, "a"));
    /* Unparenting an object that has no parent does nothing. */
    object_unparent(p);
    g_assert_cmpuint(p->ref, ==, 1);
    object_unref(p);
    ev_check("fin:p");
}

static void test_embedded_child(void)
{
    Object *box = object_new(TYPE_TQ_BOX);
    Object *inner = object_resolve_path_component(box, "inner");

    g_assert_true(inner == OBJECT(&TQ_BOX(box)->inner));
    g_assert_true(inner->parent == box);
    g_assert_cmpuint(inner->ref, ==, 1);
    g_assert_cmpstr(object_property_get_type(box, "inner", &error_abort),
                    ==, "child<tq-node>");
    ev_reset();
    object_unref(box);
    ev_check("fin:inner fin:box");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qom_test_types_init();
    type_register_static_array(tq_class_types, ARRAY_SIZE(tq_class_types));
    type_register_static(&tq_box_info);
    module_call_init(MODULE_INIT_QOM);

    /* First: it needs classes nothing has built yet. */
    g_test_add_func("/qom/type/class-init-order", test_class_init_order);
    g_test_add_func("/qom/type/instance-init-order", test_instance_init_order);
    g_test_add_func("/qom/type/abstract", test_abstract);
    g_test_add_func("/qom/type/abstract-new-aborts", test_abstract_new_aborts);
    g_test_add_func("/qom/type/interfaces", test_interfaces);
    g_test_add_func("/qom/type/interface-lists", test_interface_lists);
    g_test_add_func("/qom/type/dynamic-cast", test_dynamic_cast);
    g_test_add_func("/qom/type/cast-assert", test_cast_assert);
    g_test_add_func("/qom/type/class-cast-assert", test_class_cast_assert);

    g_test_add_func("/qom/ref/count", test_refcount);
    g_test_add_func("/qom/ref/finalize-order", test_finalize_order);
    g_test_add_func("/qom/ref/child-kept-alive", test_child_kept_alive);
    g_test_add_func("/qom/ref/unparent", test_unparent);
    g_test_add_func("/qom/ref/embedded-child", test_embedded_child);

    return g_test_run();
}
