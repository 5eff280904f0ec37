/*
 * Unit tests for the object model's composition tree (qom/): canonical
 * paths, containers, absolute, partial and typed path resolution,
 * object_child_foreach, and user-creatable objects (-object, object-del,
 * "-object help") using corvid-test-object from tests/testdev.  The test
 * types tq-node and tq-props come from qom-test-types.c.
 */
#include "util/osdep.h"
#include "util/cutils.h"
#include "util/module.h"
#include "qom/object.h"
#include "qom/object-property.h"
#include "qom/object-interfaces.h"
#include "hw/core/hotplug.h"
#include "tests/testdev/testdev.h"
#include "tests/unit/qom-test-types.h"

/* ------------------------------------------------------------------ */
/* The composition tree */

static void test_canonical_path(void)
{
    Object *root = object_get_root();
    Object *b = object_get_container("/tq-paths/a/b");
    Object *a = object_resolve_path("/tq-paths/a", NULL);
    Object *n = node_add(b, "n", "n");
    Object *loose = node_new("loose");
    Object *sub;
    char *path;

    path = object_get_canonical_path(root);
    g_assert_cmpstr(path, ==, "/");
    g_free(path);
    g_assert_null(object_get_canonical_path_component(root));

    path = object_get_canonical_path(n);
    g_assert_cmpstr(path, ==, "/tq-paths/a/b/n");
    g_free(path);
    g_assert_cmpstr(object_get_canonical_path_component(n), ==, "n");
    g_assert_cmpstr(object_get_canonical_path_component(b), ==, "b");

    /* Out of the tree: no path, also for the children of a loose object. */
    g_assert_null(object_get_canonical_path(loose));
    g_assert_null(object_get_canonical_path_component(loose));
    sub = node_add(loose, "sub", "sub");
    g_assert_null(object_get_canonical_path(sub));
    g_assert_cmpstr(object_get_canonical_path_component(sub), ==, "sub");

    /* Moving a subtree out of the tree. */
    object_ref(a);
    object_unparent(a);
    path = object_get_canonical_path(n);
    g_assert_null(path);
    object_unref(a);

    ev_reset();
    object_unref(loose);
    ev_check("fin:sub fin:loose");
    object_unparent(object_get_container("/tq-paths"));
}

static void test_container(void)
{
    Object *c = object_get_container("/tq-cont/x/y");
    Object *objs = object_get_objects_root();
    char *path;

    g_assert_cmpstr(object_get_typename(c), ==, TYPE_CONTAINER);
    g_assert_true(object_get_container("/tq-cont/x/y") == c);
    g_assert_true(object_get_container("tq-cont/x/y") == c);
    g_assert_true(object_get_container("/tq-cont//x/y/") == c);
    g_assert_true(object_resolve_path("/tq-cont/x", NULL) == c->parent);
    g_assert_cmpstr(object_get_typename(c->parent), ==, TYPE_CONTAINER);
    g_assert_true(object_get_container("/") == object_get_root());
    path = object_get_canonical_path(c);
    g_assert_cmpstr(path, ==, "/tq-cont/x/y");
    g_free(path);

    path = object_get_canonical_path(objs);
    g_assert_cmpstr(path, ==, "/objects");
    g_free(path);
    g_assert_true(object_get_container("/objects") == objs);

    object_unparent(object_get_container("/tq-cont"));
    g_assert_null(object_resolve_path("/tq-cont", NULL));
}

/*
 * The tree for resolution:
 *
 *   /tq-res/left             node   /tq-res/left/tqr-dup    node "L"
 *   /tq-res/right            node   /tq-res/right/tqr-dup   tq-props
 *   /tq-res/right/tqr-only   node
 *   /tq-res/tqr-x/tqr-y/tqr-twin and /tq-res/tqr-z/tqr-y/tqr-twin  nodes
 *   /tq-res/holder           tq-props, weak -> left/tqr-dup,
 *                            const link "tqr-only" -> right/tqr-only
 */
static void test_resolve(void)
{
    Object *top = object_get_container("/tq-res");
    Object *left = node_add(top, "left", "left");
    Object *right = node_add(top, "right", "right");
    Object *ldup = node_add(left, "tqr-dup", "L");
    Object *rdup = object_new(TYPE_TQ_PROPS);
    Object *only = node_add(right, "tqr-only", "only");
    Object *twin1 = node_add(object_get_container("/tq-res/tqr-x/tqr-y"),
                             "tqr-twin", "t1");
    Object *twin2 = node_add(object_get_container("/tq-res/tqr-z/tqr-y"),
                             "tqr-twin", "t2");
    Object *holder = object_new(TYPE_TQ_PROPS);
    Object *deep;
    bool ambiguous;

    object_property_add_child(right, "tqr-dup", rdup);
    object_unref(rdup);
    object_property_add_child(top, "holder", holder);
    object_unref(holder);
    object_property_set_link(holder, "weak", ldup, &error_abort);
    object_property_add_const_link(holder, "tqr-only", only);
    deep = node_add(ldup, "deep", "deep");

    /* Absolute paths, through children and links. */
    ambiguous = true;
    g_assert_true(object_resolve_path("/tq-res/left/tqr-dup", &ambiguous) ==
                  ldup);
    g_assert_false(ambiguous);
    g_assert_true(object_resolve_path("/", NULL) == object_get_root());
    g_assert_true(object_resolve_path("/tq-res/holder/weak", NULL) == ldup);
    g_assert_true(object_resolve_path("/tq-res/holder/weak/deep", NULL) ==
                  deep);
    g_assert_null(object_resolve_path("/tq-res/nope", &ambiguous));
    g_assert_false(ambiguous);
    g_assert_null(object_resolve_path("/tq-res/left/tqr-dup/nope", NULL));
    /* A property that is not a child or link leads nowhere. */
    g_assert_null(object_resolve_path("/tq-res/holder/u8", NULL));
    /* Absolute paths with a type. */
    g_assert_true(object_resolve_path_type("/tq-res/right/tqr-dup",
                                           TYPE_TQ_PROPS, NULL) == rdup);
    g_assert_null(object_resolve_path_type("/tq-res/right/tqr-dup",
                                           TYPE_TQ_NODE, NULL));

    /* Partial paths. */
    ambiguous = true;
    g_assert_true(object_resolve_path("deep", &ambiguous) == deep);
    g_assert_false(ambiguous);
    g_assert_true(object_resolve_path("tqr-x/tqr-y/tqr-twin", NULL) == twin1);
    g_assert_true(object_resolve_path("tqr-z/tqr-y/tqr-twin", NULL) == twin2);
    g_assert_true(object_resolve_path("left/tqr-dup", NULL) == ldup);
    g_assert_null(object_resolve_path("tqr-nothing", &ambiguous));
    g_assert_false(ambiguous);
    /* Two objects ending in the same components: ambiguous. */
    g_assert_null(object_resolve_path("tqr-twin", &ambiguous));
    g_assert_true(ambiguous);
    g_assert_null(object_resolve_path("tqr-y/tqr-twin", &ambiguous));
    g_assert_true(ambiguous);
    g_assert_null(object_resolve_path("tqr-dup", &ambiguous));
    g_assert_true(ambiguous);
    g_assert_null(object_resolve_path("tqr-dup", NULL));
    /* With a type, only objects of that type count. */
    ambiguous = true;
    g_assert_true(object_resolve_path_type("tqr-dup", TYPE_TQ_NODE,
                                           &ambiguous) == ldup);
    g_assert_false(ambiguous);
    g_assert_true(object_resolve_path_type("tqr-dup", TYPE_TQ_PROPS,
                                           &ambiguous) == rdup);
    g_assert_null(object_resolve_path_type("tqr-dup", TYPE_CONTAINER,
                                           &ambiguous));
    g_assert_false(ambiguous);
    g_assert_null(object_resolve_path_type("tqr-twin", TYPE_TQ_NODE,
                                           &ambiguous));
    g_assert_true(ambiguous);
    /* The same object reached as a child and through a link under the
     * same name is one match, not two. */
    g_assert_true(object_resolve_path("tqr-only", &ambiguous) == only);
    g_assert_false(ambiguous);
    /* A link's name is a path component too. */
    g_assert_true(object_resolve_path("holder/weak", NULL) == ldup);

    /* Relative to an object. */
    g_assert_true(object_resolve_path_at(top, "left/tqr-dup") == ldup);
    g_assert_true(object_resolve_path_at(left, "tqr-dup/deep") == deep);
    g_assert_true(object_resolve_path_at(left, "/tq-res/right") == right);
    g_assert_null(object_resolve_path_at(left, "right"));
    g_assert_true(object_resolve_path_component(top, "right") == right);
    g_assert_true(object_resolve_path_component(holder, "weak") == ldup);
    g_assert_null(object_resolve_path_component(top, "nope"));
    g_assert_null(object_resolve_path_component(holder, "u8"));

    /* The empty path names the one object of a type, if there is one. */
    g_assert_null(object_resolve_path_type("", TYPE_TQ_PROPS, &ambiguous));
    g_assert_true(ambiguous);
    object_unparent(holder);
    g_assert_true(object_resolve_path_type("", TYPE_TQ_PROPS, &ambiguous) ==
                  rdup);
    g_assert_false(ambiguous);
    g_assert_null(object_resolve_path("", &ambiguous));
    g_assert_true(ambiguous);

    object_unparent(top);
    ev_reset();
}

static int count_child(Object *child, void *opaque)
{
    GString *seen = opaque;

    g_string_append_printf(seen, "%s%s", seen->len ? " " : "",
                           object_get_canonical_path_component(child));
    return 0;
}

static int stop_at_b(Object *child, void *opaque)
{
    count_child(child, opaque);
    return strcmp(object_get_canonical_path_component(child), "b") ? 0 : 42;
}

static int unparent_child(Object *child, void *opaque)
{
    (*(int *)opaque)++;
    object_unparent(child);
    return 0;
}

static void test_child_foreach(void)
{
    Object *top = object_get_container("/tq-each");
    Object *a = node_add(top, "a", "a");
    Object *b = node_add(top, "b", "b");
    g_autoptr(GString) seen = g_string_new(NULL);
    int n = 0;

    node_add(a, "a1", "a1");
    node_add(a, "a2", "a2");
    node_add(b, "b1", "b1");
    node_add(top, "c", "c");
    /* Links are not children. */
    object_property_add_const_link(top, "link-to-a", a);

    g_assert_cmpint(object_child_foreach(top, count_child, seen), ==, 0);
    g_assert_cmpstr(seen->str, ==, "a b c");
    g_string_truncate(seen, 0);
    g_assert_cmpint(object_child_foreach(top, stop_at_b, seen), ==, 42);
    g_assert_cmpstr(seen->str, ==, "a b");
    g_string_truncate(seen, 0);
    g_assert_cmpint(object_child_foreach_recursive(top, count_child, seen),
                    ==, 0);
    g_assert_cmpstr(seen->str, ==, "a a1 a2 b b1 c");
    g_string_truncate(seen, 0);
    g_assert_cmpint(object_child_foreach_recursive(top, stop_at_b, seen),
                    ==, 42);
    g_assert_cmpstr(seen->str, ==, "a a1 a2 b");

    /* The callback may remove the children it is given. */
    object_property_del(top, "link-to-a");
    ev_reset();
    g_assert_cmpint(object_child_foreach(top, unparent_child, &n), ==, 0);
    g_assert_cmpint(n, ==, 3);
    g_assert_cmpint(ev_pos("fin:a"), >=, 0);
    g_assert_cmpint(ev_pos("fin:c"), >=, 0);
    g_assert_null(object_resolve_path("/tq-each/a", NULL));
    object_unparent(top);
    ev_reset();
}

/* ------------------------------------------------------------------ */
/* User-creatable objects */

/* -object style options (keyval: every value a string). */
static QDict *uc_opts(const char *type, const char *id)
{
    QDict *d = qdict_new();

    if (type) {
        qdict_put_str(d, "qom-type", type);
    }
    if (id) {
        qdict_put_str(d, "id", id);
    }
    return d;
}

static Object *uc_add(QDict *opts, bool keyval, Error **errp)
{
    Object *obj = user_creatable_add_dict(opts, keyval, errp);

    qobject_unref(opts);
    return obj;
}

static Object *objects_child(const char *id)
{
    return object_resolve_path_component(object_get_objects_root(), id);
}

static void test_uc_keyval(void)
{
    QDict *opts = uc_opts(TYPE_CORVID_TEST_OBJECT, "tqu-k");
    CorvidTestObject *o;
    Object *obj;
    char *path;

    qdict_put_str(opts, "size", "0x1000");
    qdict_put_str(opts, "label", "hello");
    qdict_put_str(opts, "in-use", "off");
    obj = uc_add(opts, true, &error_abort);
    g_assert_nonnull(obj);
    o = CORVID_TEST_OBJECT(obj);
    g_assert_cmpuint(o->size, ==, 4096);
    g_assert_cmpstr(o->label, ==, "hello");
    g_assert_true(o->completed);
    g_assert_true(objects_child("tqu-k") == obj);
    g_assert_cmpuint(obj->ref, ==, 1);
    path = object_get_canonical_path(obj);
    g_assert_cmpstr(path, ==, "/objects/tqu-k");
    g_free(path);
    g_assert_true(object_dynamic_cast(obj, TYPE_USER_CREATABLE) == obj);

    g_assert_true(user_creatable_del("tqu-k", &error_abort));
    g_assert_null(objects_child("tqu-k"));
}

static void test_uc_typed(void)
{
    QDict *opts = uc_opts(TYPE_CORVID_TEST_OBJECT, "tqu-t");
    Error *err = NULL;
    Object *obj;

    qdict_put_int(opts, "size", 8192);
    qdict_put_bool(opts, "in-use", false);
    qdict_put_str(opts, "label", "typed");
    obj = uc_add(opts, false, &error_abort);
    g_assert_cmpuint(CORVID_TEST_OBJECT(obj)->size, ==, 8192);
    g_assert_true(CORVID_TEST_OBJECT(obj)->completed);
    g_assert_true(user_creatable_del("tqu-t", &error_abort));

    /* Typed mode takes no strings for numbers; nothing is left. */
    opts = uc_opts(TYPE_CORVID_TEST_OBJECT, "tqu-t");
    qdict_put_str(opts, "size", "8192");
    g_assert_null(uc_add(opts, false, &err));
    check_err(&err, "Invalid parameter type for 'size', expected: integer");
    g_assert_null(objects_child("tqu-t"));

    /* Keyval mode takes typed values too. */
    opts = uc_opts(TYPE_CORVID_TEST_OBJECT, "tqu-t");
    qdict_put_int(opts, "size", 1);
    obj = uc_add(opts, true, &error_abort);
    g_assert_cmpuint(CORVID_TEST_OBJECT(obj)->size, ==, 1);
    g_assert_true(user_creatable_del("tqu-t", &error_abort));

    /* And checks them the same way. */
    opts = uc_opts(TYPE_CORVID_TEST_OBJECT, "tqu-t");
    qdict_put_str(opts, "size", "4K");
    g_assert_null(uc_add(opts, true, &err));
    check_err(&err, "Parameter 'size' expects integer");
    opts = uc_opts(TYPE_CORVID_TEST_OBJECT, "tqu-t");
    qdict_put_str(opts, "in-use", "maybe");
    g_assert_null(uc_add(opts, true, &err));
    check_err(&err, "Parameter 'in-use' expects 'on' or 'off'");
    g_assert_null(objects_child("tqu-t"));
}

static void test_uc_errors(void)
{
    /* Not types, plain types, abstract ones and interfaces (another
     * interface than user-creatable: hotplug-handler). */
    static const char *const not_creatable[] = {
        "nosuch", TYPE_TQ_NODE, TYPE_CONTAINER, TYPE_OBJECT,
        TYPE_USER_CREATABLE, TYPE_HOTPLUG_HANDLER,
    };
    Error *err = NULL;
    QDict *opts;
    Object *first;
    size_t i;

    g_assert_null(uc_add(uc_opts(NULL, "tqu-e"), true, &err));
    check_err(&err, "Parameter 'qom-type' is missing");
    g_assert_null(uc_add(uc_opts(NULL, NULL), true, &err));
    check_err(&err, "Parameter 'qom-type' is missing");
    g_assert_null(uc_add(uc_opts(TYPE_CORVID_TEST_OBJECT, NULL), true, &err));
    check_err(&err, "Parameter 'id' is missing");
    /* -object '{"qom-type": 1, ...}' */
    opts = uc_opts(NULL, "tqu-e");
    qdict_put_int(opts, "qom-type", 1);
    g_assert_null(uc_add(opts, false, &err));
    check_err(&err, "Invalid parameter type for 'qom-type', expected: string");
    opts = uc_opts(TYPE_CORVID_TEST_OBJECT, NULL);
    qdict_put_bool(opts, "id", true);
    g_assert_null(uc_add(opts, false, &err));
    check_err(&err, "Invalid parameter type for 'id', expected: string");

    g_assert_null(uc_add(uc_opts(TYPE_CORVID_TEST_OBJECT, "1bad"), true,
                         &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'id' expects an identifier");
    g_assert_cmpstr(error_get_hint(err), ==, ID_WELLFORMED_HINT);
    error_free(err);
    err = NULL;
    g_assert_null(uc_add(uc_opts(TYPE_CORVID_TEST_OBJECT, "a/b"), true,
                         &err));
    check_err(&err, "Parameter 'id' expects an identifier");
    g_assert_null(uc_add(uc_opts(TYPE_CORVID_TEST_OBJECT, ""), true, &err));
    check_err(&err, "Parameter 'id' expects an identifier");

    for (i = 0; i < ARRAY_SIZE(not_creatable); i++) {
        g_autofree char *msg = g_strdup_printf(
            "Parameter 'qom-type' does not accept value '%s'",
            not_creatable[i]);

        g_assert_null(uc_add(uc_opts(not_creatable[i], "tqu-e"), true, &err));
        check_err(&err, msg);
        g_assert_null(objects_child("tqu-e"));
    }

    /* Unknown or read-only property: nothing is left behind, and the
     * message is qemu's for the command line and for JSON. */
    opts = uc_opts(TYPE_CORVID_TEST_OBJECT, "tqu-e");
    qdict_put_str(opts, "nope", "1");
    g_assert_null(uc_add(opts, true, &err));
    check_err(&err, "Invalid parameter 'nope'");
    g_assert_null(objects_child("tqu-e"));
    opts = uc_opts(TYPE_CORVID_TEST_OBJECT, "tqu-e");
    qdict_put_str(opts, "type", "x");
    g_assert_null(uc_add(opts, false, &err));
    check_err(&err, "Parameter 'type' is unexpected");
    g_assert_null(objects_child("tqu-e"));

    /* Duplicate id: the first object stays as it was. */
    opts = uc_opts(TYPE_CORVID_TEST_OBJECT, "tqu-e");
    qdict_put_str(opts, "label", "first");
    first = uc_add(opts, true, &error_abort);
    opts = uc_opts(TYPE_CORVID_TEST_OBJECT, "tqu-e");
    qdict_put_str(opts, "label", "second");
    g_assert_null(uc_add(opts, true, &err));
    check_err(&err, "attempt to add duplicate property 'tqu-e' to "
              "object (type 'container')");
    g_assert_true(objects_child("tqu-e") == first);
    g_assert_cmpstr(CORVID_TEST_OBJECT(first)->label, ==, "first");
    /* Anything else under /objects counts as taken too. */
    g_assert_true(user_creatable_del("tqu-e", &error_abort));

    /* Through user_creatable_add_type. */
    g_assert_null(user_creatable_add_type("nosuch", "tqu-e", NULL, true,
                                          &err));
    check_err(&err, "Parameter 'qom-type' does not accept value 'nosuch'");
    first = user_creatable_add_type(TYPE_CORVID_TEST_OBJECT, "tqu-e", NULL,
                                    true, &error_abort);
    g_assert_true(CORVID_TEST_OBJECT(first)->completed);
    g_assert_true(user_creatable_del("tqu-e", &error_abort));
}

static void test_uc_complete_fails(void)
{
    QDict *opts = uc_opts(TYPE_CORVID_TEST_OBJECT, "tqu-f");
    Error *err = NULL;
    Object *obj;

    qdict_put_str(opts, "fail-complete", "on");
    qdict_put_str(opts, "label", "doomed");
    g_assert_null(uc_add(opts, true, &err));
    check_err(&err, "corvid-test-object: complete failed as asked");
    g_assert_null(objects_child("tqu-f"));
    g_assert_null(object_resolve_path("/objects/tqu-f", NULL));

    /* The id is free again. */
    opts = uc_opts(TYPE_CORVID_TEST_OBJECT, "tqu-f");
    obj = uc_add(opts, true, &error_abort);
    g_assert_true(objects_child("tqu-f") == obj);
    g_assert_true(user_creatable_del("tqu-f", &error_abort));
}

static void test_uc_del(void)
{
    QDict *opts = uc_opts(TYPE_CORVID_TEST_OBJECT, "tqu-d");
    Error *err = NULL;
    Object *obj;

    qdict_put_str(opts, "in-use", "on");
    obj = uc_add(opts, true, &error_abort);

    g_assert_false(user_creatable_del("tqu-d", &err));
    check_err(&err, "object 'tqu-d' is in use, can not be deleted");
    g_assert_true(objects_child("tqu-d") == obj);

    object_property_parse(obj, "in-use", "off", &error_abort);
    /* Someone else's reference keeps it alive, out of /objects. */
    object_ref(obj);
    g_assert_true(user_creatable_del("tqu-d", &error_abort));
    g_assert_null(objects_child("tqu-d"));
    g_assert_null(obj->parent);
    g_assert_cmpuint(obj->ref, ==, 1);
    object_unref(obj);

    g_assert_false(user_creatable_del("tqu-d", &err));
    check_err(&err, "object 'tqu-d' not found");
    g_assert_false(user_creatable_del("tqu-never", &err));
    check_err(&err, "object 'tqu-never' not found");
}

static void test_uc_cleanup(void)
{
    user_creatable_add_type(TYPE_CORVID_TEST_OBJECT, "tqu-c1", NULL, true,
                            &error_abort);
    user_creatable_add_type(TYPE_CORVID_TEST_OBJECT, "tqu-c2", NULL, true,
                            &error_abort);
    g_assert_nonnull(objects_child("tqu-c1"));
    user_creatable_cleanup();
    g_assert_null(objects_child("tqu-c1"));
    g_assert_null(objects_child("tqu-c2"));
}

/* "-object help" lists the creatable types and nothing else. */
static void test_uc_help(void)
{
    Error *err = NULL;

    if (g_test_subprocess()) {
        g_assert_true(user_creatable_print_help(NULL, &error_abort));
        g_assert_true(user_creatable_print_help(TYPE_CORVID_TEST_OBJECT,
                                                &error_abort));
        return;
    }
    g_assert_false(user_creatable_print_help(TYPE_TQ_NODE, &err));
    check_err(&err, "Parameter 'qom-type' does not accept value 'tq-node'");
    g_assert_false(user_creatable_print_help(TYPE_USER_CREATABLE, &err));
    check_err(&err,
              "Parameter 'qom-type' does not accept value 'user-creatable'");

    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_passed();
    g_test_trap_assert_stdout("List of user creatable objects:\n"
                              "*  corvid-test-object\n*");
    g_test_trap_assert_stdout_unmatched("*  user-creatable\n*");
    g_test_trap_assert_stdout("*corvid-test-object options:\n*"
                              "  label=<string>         - "
                              "A free-form label\n*");
    g_test_trap_assert_stdout("*  size=<uint64>\n*");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qom_test_types_init();
    module_call_init(MODULE_INIT_QOM);

    g_test_add_func("/qom/tree/canonical-path", test_canonical_path);
    g_test_add_func("/qom/tree/container", test_container);
    g_test_add_func("/qom/tree/resolve", test_resolve);
    g_test_add_func("/qom/tree/child-foreach", test_child_foreach);

    g_test_add_func("/qom/user-creatable/keyval", test_uc_keyval);
    g_test_add_func("/qom/user-creatable/typed", test_uc_typed);
    g_test_add_func("/qom/user-creatable/errors", test_uc_errors);
    g_test_add_func("/qom/user-creatable/complete-fails",
                    test_uc_complete_fails);
    g_test_add_func("/qom/user-creatable/del", test_uc_del);
    g_test_add_func("/qom/user-creatable/cleanup", test_uc_cleanup);
    g_test_add_func("/qom/user-creatable/help", test_uc_help);

    return g_test_run();
}
