/*
 * Unit tests for the typed values of qobject/: scalars, reference
 * counting, dicts (order, replace, delete), lists, equality and cloning.
 */
#include "util/osdep.h"
#include "qobject/qobject.h"

#include <math.h>

static void test_null(void)
{
    QNull *a = qnull();
    QNull *b = qnull();
    unsigned before;

    /* A singleton: every qnull() is the same object. */
    g_assert(a == b);
    g_assert_cmpint(qobject_type(QOBJECT(a)), ==, QTYPE_QNULL);
    before = a->base.refcnt;
    qobject_unref(b);
    g_assert_cmpuint(a->base.refcnt, ==, before - 1);
    g_assert(qobject_to(QNull, QOBJECT(a)) == a);
    g_assert(qobject_to(QBool, QOBJECT(a)) == NULL);
    qobject_unref(a);
}

static void test_bool(void)
{
    QBool *t = qbool_from_bool(true);
    QBool *f = qbool_from_bool(false);

    g_assert_true(qbool_get_bool(t));
    g_assert_false(qbool_get_bool(f));
    g_assert_cmpint(qobject_type(QOBJECT(t)), ==, QTYPE_QBOOL);
    g_assert_cmpstr(qtype_json_name(QTYPE_QBOOL), ==, "boolean");
    qobject_unref(t);
    qobject_unref(f);
}

static void test_num_int(void)
{
    QNum *qn = qnum_from_int(-42);
    int64_t i;
    uint64_t u;
    char *s;

    g_assert_cmpint(qn->kind, ==, QNUM_I64);
    g_assert_true(qnum_get_try_int(qn, &i));
    g_assert_cmpint(i, ==, -42);
    /* Negative: not a uint. */
    g_assert_false(qnum_get_try_uint(qn, &u));
    g_assert_cmpfloat(qnum_get_double(qn), ==, -42.0);
    s = qnum_to_string(qn);
    g_assert_cmpstr(s, ==, "-42");
    g_free(s);
    qobject_unref(qn);

    qn = qnum_from_int(INT64_MIN);
    s = qnum_to_string(qn);
    g_assert_cmpstr(s, ==, "-9223372036854775808");
    g_free(s);
    qobject_unref(qn);
}

static void test_num_uint(void)
{
    QNum *small = qnum_from_uint(7);
    QNum *big = qnum_from_uint(UINT64_MAX);
    QNum *edge = qnum_from_uint((uint64_t)INT64_MAX + 1);
    int64_t i;
    uint64_t u;
    char *s;

    /* Values that fit int64 are stored as such: one representation. */
    g_assert_cmpint(small->kind, ==, QNUM_I64);
    g_assert_true(qnum_get_try_int(small, &i));
    g_assert_cmpint(i, ==, 7);
    g_assert_true(qnum_get_try_uint(small, &u));
    g_assert_cmpuint(u, ==, 7);

    g_assert_cmpint(big->kind, ==, QNUM_U64);
    g_assert_false(qnum_get_try_int(big, &i));
    g_assert_true(qnum_get_try_uint(big, &u));
    g_assert_cmpuint(u, ==, UINT64_MAX);
    s = qnum_to_string(big);
    g_assert_cmpstr(s, ==, "18446744073709551615");
    g_free(s);

    g_assert_cmpint(edge->kind, ==, QNUM_U64);
    g_assert_false(qnum_get_try_int(edge, &i));
    g_assert_cmpfloat(qnum_get_double(edge), ==, 9223372036854775808.0);

    qobject_unref(small);
    qobject_unref(big);
    qobject_unref(edge);
}

static void check_double_text(double d, const char *expected)
{
    QNum *qn = qnum_from_double(d);
    char *s = qnum_to_string(qn);

    g_assert_cmpstr(s, ==, expected);
    g_free(s);
    qobject_unref(qn);
}

static void test_num_double(void)
{
    QNum *qn = qnum_from_double(1.5);
    int64_t i;
    uint64_t u;

    /* A double is never an integer, even an integral one. */
    g_assert_false(qnum_get_try_int(qn, &i));
    g_assert_false(qnum_get_try_uint(qn, &u));
    g_assert_cmpfloat(qnum_get_double(qn), ==, 1.5);
    qobject_unref(qn);
    qn = qnum_from_double(3.0);
    g_assert_false(qnum_get_try_int(qn, &i));
    qobject_unref(qn);

    /* Shortest text that reads back; integral values keep a ".0". */
    check_double_text(1.5, "1.5");
    check_double_text(0.1, "0.1");
    check_double_text(3.0, "3.0");
    check_double_text(-0.0, "-0.0");
    check_double_text(1e100, "1e+100");
    check_double_text(1.0 / 3, "0.3333333333333333");
    check_double_text(5e-324, "4.94065645841247e-324");
    check_double_text(0.1 + 0.2, "0.30000000000000004");
    /* Not JSON: written as qemu writes them. */
    check_double_text(INFINITY, "inf");
    check_double_text(-INFINITY, "-inf");
    check_double_text(NAN, "nan");
}

static void test_string(void)
{
    QString *qs = qstring_from_str("hello");
    QString *sub = qstring_from_substr("hello world", 6, 11);
    QString *empty = qstring_from_substr("abc", 1, 1);

    g_assert_cmpstr(qstring_get_str(qs), ==, "hello");
    g_assert_cmpstr(qstring_get_str(sub), ==, "world");
    g_assert_cmpstr(qstring_get_str(empty), ==, "");
    g_assert(qobject_to(QString, QOBJECT(qs)) == qs);
    g_assert_null(qobject_to(QNum, QOBJECT(qs)));
    qobject_unref(qs);
    qobject_unref(sub);
    qobject_unref(empty);
}

static void test_refcount(void)
{
    QString *qs = qstring_from_str("x");
    QString *again;

    g_assert_cmpuint(qs->base.refcnt, ==, 1);
    again = qobject_ref(qs);
    g_assert(again == qs);
    g_assert_cmpuint(qs->base.refcnt, ==, 2);
    qobject_unref(again);
    g_assert_cmpuint(qs->base.refcnt, ==, 1);
    qobject_unref(qs);      /* freed: ASan would catch a leak or reuse */

    /* NULL is fine for unref and for downcasts. */
    qobject_unref((QObject *)NULL);
    g_assert_null(qobject_to(QDict, (QObject *)NULL));
}

static void test_type_names(void)
{
    g_assert_cmpstr(qtype_json_name(QTYPE_QNULL), ==, "null");
    g_assert_cmpstr(qtype_json_name(QTYPE_QNUM), ==, "number");
    g_assert_cmpstr(qtype_json_name(QTYPE_QSTRING), ==, "string");
    g_assert_cmpstr(qtype_json_name(QTYPE_QDICT), ==, "object");
    g_assert_cmpstr(qtype_json_name(QTYPE_QLIST), ==, "array");
}

/* The keys of @d in iteration order, joined with ','. */
static char *dict_keys(const QDict *d)
{
    GString *s = g_string_new(NULL);
    const QDictEntry *e;

    for (e = qdict_first(d); e; e = qdict_next(d, e)) {
        if (s->len) {
            g_string_append_c(s, ',');
        }
        g_string_append(s, qdict_entry_key(e));
    }
    return g_string_free(s, false);
}

#define assert_keys(d, expected) do { \
        char *k_ = dict_keys(d); \
        g_assert_cmpstr(k_, ==, expected); \
        g_free(k_); \
    } while (0)

static void test_dict_basic(void)
{
    g_autoptr(QDict) d = qdict_new();
    QList *l = qlist_new();

    g_assert_cmpuint(qdict_size(d), ==, 0);
    g_assert_null(qdict_first(d));
    qdict_put_str(d, "s", "str");
    qdict_put_int(d, "i", -3);
    qdict_put_uint(d, "u", UINT64_MAX);
    qdict_put_bool(d, "b", true);
    qdict_put_null(d, "n");
    qdict_put(d, "d", qdict_new());
    qdict_put(d, "l", l);
    g_assert_cmpuint(qdict_size(d), ==, 7);

    g_assert_cmpstr(qdict_get_try_str(d, "s"), ==, "str");
    g_assert_null(qdict_get_try_str(d, "i"));
    g_assert_null(qdict_get_try_str(d, "missing"));
    g_assert_cmpint(qdict_get_try_int(d, "i", 0), ==, -3);
    g_assert_cmpint(qdict_get_try_int(d, "u", 99), ==, 99);    /* too big */
    g_assert_cmpint(qdict_get_try_int(d, "s", 5), ==, 5);
    g_assert_true(qdict_get_try_bool(d, "b", false));
    g_assert_false(qdict_get_try_bool(d, "s", false));
    g_assert_true(qdict_get_try_bool(d, "missing", true));
    g_assert_nonnull(qdict_get_qdict(d, "d"));
    g_assert_null(qdict_get_qdict(d, "l"));
    g_assert(qdict_get_qlist(d, "l") == l);
    g_assert_null(qdict_get_qlist(d, "d"));
    g_assert_cmpint(qobject_type(qdict_get(d, "n")), ==, QTYPE_QNULL);
    g_assert_true(qdict_haskey(d, "n"));
    g_assert_false(qdict_haskey(d, "N"));
    g_assert_null(qdict_get(d, "nope"));
}

static void test_dict_order(void)
{
    g_autoptr(QDict) d = qdict_new();
    const QDictEntry *e, *next;

    qdict_put_int(d, "zeta", 1);
    qdict_put_int(d, "alpha", 2);
    qdict_put_int(d, "mid", 3);
    assert_keys(d, "zeta,alpha,mid");

    /* Replacing keeps the position and drops the old value. */
    qdict_put_str(d, "alpha", "new");
    assert_keys(d, "zeta,alpha,mid");
    g_assert_cmpuint(qdict_size(d), ==, 3);
    g_assert_cmpstr(qdict_get_try_str(d, "alpha"), ==, "new");

    /* Delete the middle, the head, the tail. */
    g_assert_true(qdict_del(d, "alpha"));
    assert_keys(d, "zeta,mid");
    g_assert_false(qdict_del(d, "alpha"));
    qdict_put_int(d, "alpha", 4);       /* re-added: goes last */
    assert_keys(d, "zeta,mid,alpha");
    g_assert_true(qdict_del(d, "zeta"));
    assert_keys(d, "mid,alpha");
    g_assert_true(qdict_del(d, "alpha"));
    assert_keys(d, "mid");
    qdict_put_int(d, "x", 5);
    assert_keys(d, "mid,x");

    /* Deleting while iterating, after fetching the next entry. */
    qdict_put_int(d, "y", 6);
    for (e = qdict_first(d); e; e = next) {
        next = qdict_next(d, e);
        if (strcmp(qdict_entry_key(e), "y")) {
            qdict_del(d, qdict_entry_key(e));
        }
    }
    assert_keys(d, "y");
    g_assert_true(qdict_del(d, "y"));
    g_assert_cmpuint(qdict_size(d), ==, 0);
    g_assert_null(qdict_first(d));
    qdict_put_int(d, "again", 1);
    assert_keys(d, "again");
}

static void test_dict_many(void)
{
    g_autoptr(QDict) d = qdict_new();
    int i;

    for (i = 0; i < 1000; i++) {
        char key[16];

        g_snprintf(key, sizeof(key), "k%d", i);
        qdict_put_int(d, key, i);
    }
    for (i = 0; i < 1000; i += 2) {
        char key[16];

        g_snprintf(key, sizeof(key), "k%d", i);
        g_assert_true(qdict_del(d, key));
    }
    g_assert_cmpuint(qdict_size(d), ==, 500);
    g_assert_cmpint(qdict_get_try_int(d, "k999", -1), ==, 999);
    g_assert_cmpint(qdict_get_try_int(d, "k998", -1), ==, -1);
    g_assert_cmpstr(qdict_entry_key(qdict_first(d)), ==, "k1");
}

static void test_dict_shared_values(void)
{
    QDict *d = qdict_new();
    QString *qs = qstring_from_str("shared");
    QDict *copy;

    qdict_put(d, "a", qobject_ref(qs));
    copy = qdict_clone_shallow(d);
    /* The shallow copy shares the value: three references. */
    g_assert(qdict_get(copy, "a") == QOBJECT(qs));
    g_assert_cmpuint(qs->base.refcnt, ==, 3);
    qdict_put_int(copy, "b", 1);
    g_assert_false(qdict_haskey(d, "b"));
    qobject_unref(d);
    g_assert_cmpuint(qs->base.refcnt, ==, 2);
    qobject_unref(copy);
    g_assert_cmpuint(qs->base.refcnt, ==, 1);
    qobject_unref(qs);
}

static void test_list(void)
{
    g_autoptr(QList) l = qlist_new();

    g_assert_true(qlist_empty(l));
    g_assert_null(qlist_get(l, 0));
    qlist_append_int(l, 1);
    qlist_append_str(l, "two");
    qlist_append(l, qnull());
    g_assert_false(qlist_empty(l));
    g_assert_cmpuint(qlist_size(l), ==, 3);
    g_assert_cmpint(qobject_type(qlist_get(l, 0)), ==, QTYPE_QNUM);
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, qlist_get(l, 1))),
                    ==, "two");
    g_assert_cmpint(qobject_type(qlist_get(l, 2)), ==, QTYPE_QNULL);
    g_assert_null(qlist_get(l, 3));
    g_assert_null(qlist_get(l, SIZE_MAX));
}

static QObject *sample(void)
{
    QDict *d = qdict_new();
    QList *l = qlist_new();
    QDict *inner = qdict_new();

    qdict_put_int(inner, "x", 1);
    qlist_append_int(l, 1);
    qlist_append(l, inner);
    qlist_append(l, qnull());
    qdict_put_str(d, "s", "v");
    qdict_put(d, "l", l);
    qdict_put(d, "f", qnum_from_double(0.5));
    qdict_put_uint(d, "u", UINT64_MAX);
    qdict_put_bool(d, "b", false);
    return QOBJECT(d);
}

static void test_equal(void)
{
    QObject *a = sample();
    QObject *b = sample();
    QDict *reordered = qdict_new();
    QNum *i1 = qnum_from_int(1), *d1 = qnum_from_double(1.0);
    QNum *u1 = qnum_from_uint(1);
    QString *s1 = qstring_from_str("1");
    QList *l12 = qlist_new(), *l21 = qlist_new();
    QBool *t = qbool_from_bool(true), *f = qbool_from_bool(false);

    g_assert_true(qobject_is_equal(a, b));
    g_assert_true(qobject_is_equal(a, a));
    g_assert_true(qobject_is_equal(NULL, NULL));
    g_assert_false(qobject_is_equal(a, NULL));

    /* Dict key order does not matter. */
    qdict_put_bool(reordered, "b", false);
    qdict_put_uint(reordered, "u", UINT64_MAX);
    qdict_put(reordered, "f", qnum_from_double(0.5));
    qdict_put(reordered, "l", qobject_ref(qdict_get_qlist(
                  qobject_to(QDict, a), "l")));
    qdict_put_str(reordered, "s", "v");
    g_assert_true(qobject_is_equal(a, QOBJECT(reordered)));
    /* ... but values and sizes do. */
    qdict_put_str(reordered, "s", "w");
    g_assert_false(qobject_is_equal(a, QOBJECT(reordered)));
    qdict_put_str(reordered, "s", "v");
    qdict_put_null(reordered, "extra");
    g_assert_false(qobject_is_equal(a, QOBJECT(reordered)));
    qdict_del(reordered, "extra");
    qdict_del(reordered, "b");
    qdict_put_null(reordered, "c");
    g_assert_false(qobject_is_equal(a, QOBJECT(reordered)));

    /* Numbers: ints compare by value whatever the constructor; an int
     * never equals a double. */
    g_assert_true(qobject_is_equal(QOBJECT(i1), QOBJECT(u1)));
    g_assert_false(qobject_is_equal(QOBJECT(i1), QOBJECT(d1)));
    g_assert_false(qobject_is_equal(QOBJECT(i1), QOBJECT(s1)));
    g_assert_false(qobject_is_equal(QOBJECT(t), QOBJECT(f)));

    /* List order matters. */
    qlist_append_int(l12, 1);
    qlist_append_int(l12, 2);
    qlist_append_int(l21, 2);
    qlist_append_int(l21, 1);
    g_assert_false(qobject_is_equal(QOBJECT(l12), QOBJECT(l21)));
    qlist_append_int(l21, 3);
    g_assert_false(qobject_is_equal(QOBJECT(l12), QOBJECT(l21)));

    qobject_unref(a);
    qobject_unref(b);
    qobject_unref(reordered);
    qobject_unref(i1);
    qobject_unref(d1);
    qobject_unref(u1);
    qobject_unref(s1);
    qobject_unref(l12);
    qobject_unref(l21);
    qobject_unref(t);
    qobject_unref(f);
}

static void test_nan_unequal(void)
{
    QNum *a = qnum_from_double(NAN);
    QNum *b = qnum_from_double(NAN);

    g_assert_false(qobject_is_equal(QOBJECT(a), QOBJECT(b)));
    qobject_unref(a);
    qobject_unref(b);
}

static void test_clone(void)
{
    QObject *orig = sample();
    QObject *copy = qobject_clone(orig);
    QDict *cd = qobject_to(QDict, copy);
    QDict *od = qobject_to(QDict, orig);

    g_assert(copy != orig);
    g_assert_true(qobject_is_equal(orig, copy));
    /* Deep: no shared containers or strings. */
    g_assert(qdict_get(cd, "l") != qdict_get(od, "l"));
    g_assert(qdict_get(cd, "s") != qdict_get(od, "s"));
    g_assert_cmpuint(qdict_get(cd, "f")->refcnt, ==, 1);
    /* Changing the copy leaves the original alone. */
    qlist_append_int(qdict_get_qlist(cd, "l"), 9);
    g_assert_cmpuint(qlist_size(qdict_get_qlist(od, "l")), ==, 3);
    g_assert_false(qobject_is_equal(orig, copy));
    /* Order is kept. */
    g_assert_cmpstr(qdict_entry_key(qdict_first(cd)), ==, "s");
    g_assert_null(qobject_clone(NULL));

    qobject_unref(orig);
    qobject_unref(copy);
}

static void test_autoptr(void)
{
    g_autoptr(QObject) o = QOBJECT(qstring_from_str("auto"));
    g_autoptr(QList) l = qlist_new();

    qlist_append(l, qobject_ref(o));
    g_assert_cmpuint(o->refcnt, ==, 2);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qobject/null", test_null);
    g_test_add_func("/qobject/bool", test_bool);
    g_test_add_func("/qobject/num/int", test_num_int);
    g_test_add_func("/qobject/num/uint", test_num_uint);
    g_test_add_func("/qobject/num/double", test_num_double);
    g_test_add_func("/qobject/string", test_string);
    g_test_add_func("/qobject/refcount", test_refcount);
    g_test_add_func("/qobject/type-names", test_type_names);
    g_test_add_func("/qobject/dict/basic", test_dict_basic);
    g_test_add_func("/qobject/dict/order", test_dict_order);
    g_test_add_func("/qobject/dict/many", test_dict_many);
    g_test_add_func("/qobject/dict/shared", test_dict_shared_values);
    g_test_add_func("/qobject/list", test_list);
    g_test_add_func("/qobject/equal", test_equal);
    g_test_add_func("/qobject/equal-nan", test_nan_unequal);
    g_test_add_func("/qobject/clone", test_clone);
    g_test_add_func("/qobject/autoptr", test_autoptr);
    return g_test_run();
}
