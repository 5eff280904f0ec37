/*
 * Unit tests for qobject/qinput.c: every reader in keyval mode (strings
 * parsed, typed values accepted) and typed mode (JSON types only), with
 * ranges and the exact error messages.
 */
#include "util/osdep.h"
#include "qobject/qinput.h"

/* Check that *errp holds @msg, and free it. */
static void check_err(Error **errp, const char *msg)
{
    g_assert_nonnull(*errp);
    g_assert_cmpstr(error_get_pretty(*errp), ==, msg);
    error_free(*errp);
    *errp = NULL;
}

/* Values to read, one reference each, dropped by put_values(). */
static QObject *v_str(const char *s)
{
    return QOBJECT(qstring_from_str(s));
}

static QObject *v_int(int64_t i)
{
    return QOBJECT(qnum_from_int(i));
}

static QObject *v_uint(uint64_t u)
{
    return QOBJECT(qnum_from_uint(u));
}

static QObject *v_dbl(double d)
{
    return QOBJECT(qnum_from_double(d));
}

static QObject *v_bool(bool b)
{
    return QOBJECT(qbool_from_bool(b));
}

/* ------------------------------------------------------------------ */
/* bool */

static bool read_bool(QObject *obj, bool keyval, bool *out, Error **errp)
{
    QInput in = { .obj = obj, .keyval = keyval };
    bool ok = qinput_get_bool(&in, "p", out, errp);

    qobject_unref(obj);
    return ok;
}

static void test_bool_typed(void)
{
    Error *err = NULL;
    bool b = false;

    g_assert_true(read_bool(v_bool(true), false, &b, &err));
    g_assert_true(b);
    g_assert_true(read_bool(v_bool(false), false, &b, &err));
    g_assert_false(b);
    g_assert_null(err);

    g_assert_false(read_bool(v_str("on"), false, &b, &err));
    check_err(&err, "Invalid parameter type for 'p', expected: boolean");
    g_assert_false(read_bool(v_int(1), false, &b, &err));
    check_err(&err, "Invalid parameter type for 'p', expected: boolean");
    g_assert_false(read_bool(QOBJECT(qnull()), false, &b, &err));
    check_err(&err, "Invalid parameter type for 'p', expected: boolean");
}

static void test_bool_keyval(void)
{
    static const char *const yes[] = { "on", "yes", "true", "y" };
    static const char *const no[] = { "off", "no", "false", "n" };
    static const char *const bad[] = {
        "maybe", "", "ON", "1", "0", "of", "true ", " on",
    };
    Error *err = NULL;
    bool b;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(yes); i++) {
        b = false;
        g_assert_true(read_bool(v_str(yes[i]), true, &b, &err));
        g_assert_true(b);
        b = true;
        g_assert_true(read_bool(v_str(no[i]), true, &b, &err));
        g_assert_false(b);
    }
    g_assert_null(err);
    for (i = 0; i < ARRAY_SIZE(bad); i++) {
        b = true;
        g_assert_false(read_bool(v_str(bad[i]), true, &b, &err));
        check_err(&err, "Parameter 'p' expects 'on' or 'off'");
        g_assert_true(b);   /* untouched on error */
    }
    /* Typed values are welcome in keyval mode. */
    g_assert_true(read_bool(v_bool(true), true, &b, &err));
    g_assert_true(b);
    g_assert_false(read_bool(v_int(1), true, &b, &err));
    check_err(&err, "Invalid parameter type for 'p', expected: boolean");
}

/* ------------------------------------------------------------------ */
/* signed integers */

static bool read_int(QObject *obj, bool keyval, int64_t min, int64_t max,
                     const char *type, int64_t *out, Error **errp)
{
    QInput in = { .obj = obj, .keyval = keyval };
    bool ok = qinput_get_int(&in, "p", min, max, type, out, errp);

    qobject_unref(obj);
    return ok;
}

static void test_int_typed(void)
{
    Error *err = NULL;
    int64_t v = 0;

    g_assert_true(read_int(v_int(-128), false, INT8_MIN, INT8_MAX, "int8_t",
                           &v, &err));
    g_assert_cmpint(v, ==, -128);
    g_assert_true(read_int(v_int(INT64_MIN), false, INT64_MIN, INT64_MAX,
                           NULL, &v, &err));
    g_assert_cmpint(v, ==, INT64_MIN);
    g_assert_null(err);

    /* Out of the range of the C type. */
    v = 7;
    g_assert_false(read_int(v_int(128), false, INT8_MIN, INT8_MAX, "int8_t",
                            &v, &err));
    check_err(&err, "Parameter 'p' expects int8_t");
    g_assert_cmpint(v, ==, 7);
    g_assert_false(read_int(v_int(-129), false, INT8_MIN, INT8_MAX, "int8_t",
                            &v, &err));
    check_err(&err, "Parameter 'p' expects int8_t");
    g_assert_false(read_int(v_uint(UINT64_MAX), false, INT64_MIN, INT64_MAX,
                            NULL, &v, &err));
    check_err(&err, "Parameter 'p' expects int64_t");
    g_assert_false(read_int(v_uint(UINT64_MAX), false, INT32_MIN, INT32_MAX,
                            "int32_t", &v, &err));
    check_err(&err, "Parameter 'p' expects int32_t");

    /* Wrong JSON type, including a double, even an integral one. */
    g_assert_false(read_int(v_dbl(1.0), false, INT64_MIN, INT64_MAX, NULL,
                            &v, &err));
    check_err(&err, "Invalid parameter type for 'p', expected: integer");
    g_assert_false(read_int(v_str("5"), false, INT64_MIN, INT64_MAX, NULL,
                            &v, &err));
    check_err(&err, "Invalid parameter type for 'p', expected: integer");
    g_assert_false(read_int(v_bool(true), false, INT64_MIN, INT64_MAX, NULL,
                            &v, &err));
    check_err(&err, "Invalid parameter type for 'p', expected: integer");
}

static void test_int_keyval(void)
{
    Error *err = NULL;
    int64_t v = 0;

    g_assert_true(read_int(v_str("0x10"), true, INT64_MIN, INT64_MAX, NULL,
                           &v, &err));
    g_assert_cmpint(v, ==, 16);
    g_assert_true(read_int(v_str("-010"), true, INT64_MIN, INT64_MAX, NULL,
                           &v, &err));
    g_assert_cmpint(v, ==, -8);         /* base 0: octal */
    g_assert_true(read_int(v_str("-9223372036854775808"), true, INT64_MIN,
                           INT64_MAX, NULL, &v, &err));
    g_assert_cmpint(v, ==, INT64_MIN);
    g_assert_true(read_int(v_str("127"), true, INT8_MIN, INT8_MAX, "int8_t",
                           &v, &err));
    g_assert_cmpint(v, ==, 127);
    /* Typed numbers are accepted too. */
    g_assert_true(read_int(v_int(-3), true, INT64_MIN, INT64_MAX, NULL,
                           &v, &err));
    g_assert_cmpint(v, ==, -3);
    g_assert_null(err);

    /* Not a number at all. */
    g_assert_false(read_int(v_str("abc"), true, INT64_MIN, INT64_MAX, NULL,
                            &v, &err));
    check_err(&err, "Parameter 'p' expects integer");
    g_assert_false(read_int(v_str(""), true, INT64_MIN, INT64_MAX, NULL,
                            &v, &err));
    check_err(&err, "Parameter 'p' expects integer");
    g_assert_false(read_int(v_str("12k"), true, INT64_MIN, INT64_MAX, NULL,
                            &v, &err));
    check_err(&err, "Parameter 'p' expects integer");
    g_assert_false(read_int(v_str("1.0"), true, INT64_MIN, INT64_MAX, NULL,
                            &v, &err));
    check_err(&err, "Parameter 'p' expects integer");
    /* Out of range: of int64, or of the C type. */
    g_assert_false(read_int(v_str("9223372036854775808"), true, INT64_MIN,
                            INT64_MAX, NULL, &v, &err));
    check_err(&err, "Parameter 'p' expects int64_t");
    g_assert_false(read_int(v_str("99999999999999999999"), true, INT16_MIN,
                            INT16_MAX, "int16_t", &v, &err));
    check_err(&err, "Parameter 'p' expects int16_t");
    g_assert_false(read_int(v_str("-129"), true, INT8_MIN, INT8_MAX,
                            "int8_t", &v, &err));
    check_err(&err, "Parameter 'p' expects int8_t");
    /* A custom range. */
    g_assert_false(read_int(v_str("11"), true, 1, 10, "int32_t", &v, &err));
    check_err(&err, "Parameter 'p' expects int32_t");
    g_assert_false(read_int(v_dbl(2.5), true, INT64_MIN, INT64_MAX, NULL,
                            &v, &err));
    check_err(&err, "Invalid parameter type for 'p', expected: integer");
    g_assert_false(read_int(v_bool(false), true, INT64_MIN, INT64_MAX, NULL,
                            &v, &err));
    check_err(&err, "Invalid parameter type for 'p', expected: integer");
}

/* ------------------------------------------------------------------ */
/* unsigned integers */

static bool read_uint(QObject *obj, bool keyval, uint64_t max,
                      const char *type, uint64_t *out, Error **errp)
{
    QInput in = { .obj = obj, .keyval = keyval };
    bool ok = qinput_get_uint(&in, "p", max, type, out, errp);

    qobject_unref(obj);
    return ok;
}

static void test_uint_typed(void)
{
    Error *err = NULL;
    uint64_t v = 0;

    g_assert_true(read_uint(v_int(255), false, UINT8_MAX, "uint8_t", &v,
                            &err));
    g_assert_cmpuint(v, ==, 255);
    g_assert_true(read_uint(v_uint(UINT64_MAX), false, UINT64_MAX, NULL, &v,
                            &err));
    g_assert_cmpuint(v, ==, UINT64_MAX);
    g_assert_null(err);

    g_assert_false(read_uint(v_int(256), false, UINT8_MAX, "uint8_t", &v,
                             &err));
    check_err(&err, "Parameter 'p' expects uint8_t");
    g_assert_false(read_uint(v_int(-1), false, UINT32_MAX, "uint32_t", &v,
                             &err));
    check_err(&err, "Parameter 'p' expects uint32_t");
    g_assert_false(read_uint(v_int(-1), false, UINT64_MAX, NULL, &v, &err));
    check_err(&err, "Parameter 'p' expects uint64_t");
    g_assert_false(read_uint(v_uint(UINT64_MAX), false, UINT32_MAX,
                             "uint32_t", &v, &err));
    check_err(&err, "Parameter 'p' expects uint32_t");
    g_assert_false(read_uint(v_dbl(1.0), false, UINT64_MAX, NULL, &v, &err));
    check_err(&err, "Invalid parameter type for 'p', expected: integer");
    g_assert_false(read_uint(v_str("1"), false, UINT64_MAX, NULL, &v, &err));
    check_err(&err, "Invalid parameter type for 'p', expected: integer");
}

static void test_uint_keyval(void)
{
    Error *err = NULL;
    uint64_t v = 0;

    g_assert_true(read_uint(v_str("0xff"), true, UINT8_MAX, "uint8_t", &v,
                            &err));
    g_assert_cmpuint(v, ==, 255);
    g_assert_true(read_uint(v_str("18446744073709551615"), true, UINT64_MAX,
                            NULL, &v, &err));
    g_assert_cmpuint(v, ==, UINT64_MAX);
    /* "-1" wraps, as strtoull and qemu's parsers do... */
    g_assert_true(read_uint(v_str("-1"), true, UINT64_MAX, NULL, &v, &err));
    g_assert_cmpuint(v, ==, UINT64_MAX);
    g_assert_true(read_uint(v_uint(UINT64_MAX), true, UINT64_MAX, NULL, &v,
                            &err));
    g_assert_null(err);
    /* ... so it is out of range for anything smaller. */
    g_assert_false(read_uint(v_str("-1"), true, UINT32_MAX, "uint32_t", &v,
                             &err));
    check_err(&err, "Parameter 'p' expects uint32_t");
    g_assert_false(read_uint(v_str("256"), true, UINT8_MAX, "uint8_t", &v,
                             &err));
    check_err(&err, "Parameter 'p' expects uint8_t");
    g_assert_false(read_uint(v_str("18446744073709551616"), true, UINT64_MAX,
                             NULL, &v, &err));
    check_err(&err, "Parameter 'p' expects uint64_t");
    g_assert_false(read_uint(v_str("x1"), true, UINT64_MAX, NULL, &v, &err));
    check_err(&err, "Parameter 'p' expects integer");
    g_assert_false(read_uint(v_str("1 "), true, UINT64_MAX, NULL, &v, &err));
    check_err(&err, "Parameter 'p' expects integer");
    g_assert_false(read_uint(v_int(-5), true, UINT16_MAX, "uint16_t", &v,
                             &err));
    check_err(&err, "Parameter 'p' expects uint16_t");
}

/* ------------------------------------------------------------------ */
/* sizes */

static bool read_size(QObject *obj, bool keyval, uint64_t *out, Error **errp)
{
    QInput in = { .obj = obj, .keyval = keyval };
    bool ok = qinput_get_size(&in, "size", out, errp);

    qobject_unref(obj);
    return ok;
}

static void test_size_typed(void)
{
    Error *err = NULL;
    uint64_t v = 0;

    g_assert_true(read_size(v_int(4096), false, &v, &err));
    g_assert_cmpuint(v, ==, 4096);
    g_assert_true(read_size(v_uint(UINT64_MAX), false, &v, &err));
    g_assert_cmpuint(v, ==, UINT64_MAX);
    g_assert_true(read_size(v_int(0), false, &v, &err));
    g_assert_cmpuint(v, ==, 0);
    g_assert_null(err);

    /* A non-negative integer, nothing else. */
    g_assert_false(read_size(v_int(-1), false, &v, &err));
    check_err(&err, "Parameter 'size' expects size");
    g_assert_false(read_size(v_dbl(1024.0), false, &v, &err));
    check_err(&err, "Invalid parameter type for 'size', expected: integer");
    g_assert_false(read_size(v_str("1G"), false, &v, &err));
    check_err(&err, "Invalid parameter type for 'size', expected: integer");
}

static void test_size_keyval(void)
{
    Error *err = NULL;
    uint64_t v = 0;

    g_assert_true(read_size(v_str("1G"), true, &v, &err));
    g_assert_cmpuint(v, ==, GiB);
    g_assert_true(read_size(v_str("4k"), true, &v, &err));
    g_assert_cmpuint(v, ==, 4 * KiB);
    g_assert_true(read_size(v_str("1.5M"), true, &v, &err));
    g_assert_cmpuint(v, ==, 3 * MiB / 2);
    g_assert_true(read_size(v_str("0x1000"), true, &v, &err));
    g_assert_cmpuint(v, ==, 4096);
    g_assert_true(read_size(v_str("512"), true, &v, &err));
    g_assert_cmpuint(v, ==, 512);
    g_assert_true(read_size(v_int(123), true, &v, &err));
    g_assert_cmpuint(v, ==, 123);
    g_assert_null(err);

    g_assert_false(read_size(v_str("foo"), true, &v, &err));
    check_err(&err, "Parameter 'size' expects size");
    g_assert_false(read_size(v_str("-1"), true, &v, &err));
    check_err(&err, "Parameter 'size' expects size");
    g_assert_false(read_size(v_str("16E"), true, &v, &err));
    check_err(&err, "Parameter 'size' expects size");
    g_assert_false(read_size(v_str(""), true, &v, &err));
    check_err(&err, "Parameter 'size' expects size");
    g_assert_false(read_size(v_int(-1), true, &v, &err));
    check_err(&err, "Parameter 'size' expects size");
    g_assert_false(read_size(v_bool(true), true, &v, &err));
    check_err(&err, "Invalid parameter type for 'size', expected: integer");
}

/* ------------------------------------------------------------------ */
/* doubles */

static bool read_double(QObject *obj, bool keyval, double *out, Error **errp)
{
    QInput in = { .obj = obj, .keyval = keyval };
    bool ok = qinput_get_double(&in, "p", out, errp);

    qobject_unref(obj);
    return ok;
}

static void test_double(void)
{
    Error *err = NULL;
    double d = 0;
    int keyval;

    /* Any JSON number, in both modes. */
    for (keyval = 0; keyval < 2; keyval++) {
        g_assert_true(read_double(v_dbl(1.5), keyval, &d, &err));
        g_assert_cmpfloat(d, ==, 1.5);
        g_assert_true(read_double(v_int(-3), keyval, &d, &err));
        g_assert_cmpfloat(d, ==, -3.0);
        g_assert_true(read_double(v_uint(UINT64_MAX), keyval, &d, &err));
        g_assert_cmpfloat(d, ==, 18446744073709551615.0);
        g_assert_null(err);
        g_assert_false(read_double(v_bool(true), keyval, &d, &err));
        check_err(&err, "Invalid parameter type for 'p', expected: number");
    }
    g_assert_false(read_double(v_str("1.5"), false, &d, &err));
    check_err(&err, "Invalid parameter type for 'p', expected: number");

    g_assert_true(read_double(v_str("1.5"), true, &d, &err));
    g_assert_cmpfloat(d, ==, 1.5);
    g_assert_true(read_double(v_str("-2e3"), true, &d, &err));
    g_assert_cmpfloat(d, ==, -2000.0);
    g_assert_true(read_double(v_str("7"), true, &d, &err));
    g_assert_cmpfloat(d, ==, 7.0);
    g_assert_null(err);
    g_assert_false(read_double(v_str("abc"), true, &d, &err));
    check_err(&err, "Parameter 'p' expects number");
    g_assert_false(read_double(v_str(""), true, &d, &err));
    check_err(&err, "Parameter 'p' expects number");
    g_assert_false(read_double(v_str("1.5x"), true, &d, &err));
    check_err(&err, "Parameter 'p' expects number");
    g_assert_false(read_double(v_str("1e999"), true, &d, &err));
    check_err(&err, "Parameter 'p' expects number");
}

/* ------------------------------------------------------------------ */
/* strings and enums */

static void test_str(void)
{
    Error *err = NULL;
    QString *qs = qstring_from_str("hello");
    QNum *qn = qnum_from_int(1);
    QInput typed = QINPUT_TYPED(qs), keyval = QINPUT_KEYVAL(qs);
    QInput num_typed = QINPUT_TYPED(qn), num_keyval = QINPUT_KEYVAL(qn);

    /* Borrowed from the input. */
    g_assert(qinput_get_str(&typed, "p", &err) == qstring_get_str(qs));
    g_assert(qinput_get_str(&keyval, "p", &err) == qstring_get_str(qs));
    g_assert_null(err);
    g_assert_null(qinput_get_str(&num_typed, "p", &err));
    check_err(&err, "Invalid parameter type for 'p', expected: string");
    g_assert_null(qinput_get_str(&num_keyval, "p", &err));
    check_err(&err, "Invalid parameter type for 'p', expected: string");
    qobject_unref(qs);
    qobject_unref(qn);
}

static void test_enum(void)
{
    static const char *const values[] = { "none", "half", "full", NULL };
    Error *err = NULL;
    QObject *full = v_str("full"), *bad = v_str("Full"), *num = v_int(0);
    int i = -1;
    int keyval;

    for (keyval = 0; keyval < 2; keyval++) {
        QInput in_full = { .obj = full, .keyval = keyval };
        QInput in_bad = { .obj = bad, .keyval = keyval };
        QInput in_num = { .obj = num, .keyval = keyval };

        i = -1;
        g_assert_true(qinput_get_enum(&in_full, "mode", values, &i, &err));
        g_assert_cmpint(i, ==, 2);
        g_assert_false(qinput_get_enum(&in_bad, "mode", values, &i, &err));
        check_err(&err, "Parameter 'mode' does not accept value 'Full' (allowed: none, half, full)");
        g_assert_cmpint(i, ==, 2);
        g_assert_false(qinput_get_enum(&in_num, "mode", values, &i, &err));
        check_err(&err,
                  "Invalid parameter type for 'mode', expected: string");
    }
    qobject_unref(full);
    qobject_unref(bad);
    qobject_unref(num);
}

/* ------------------------------------------------------------------ */
/* containers, missing values, modes */

static void test_containers(void)
{
    Error *err = NULL;
    QDict *d = qdict_new();
    QList *l = qlist_new();
    QInput in_d = QINPUT_KEYVAL(d), in_l = QINPUT_TYPED(l);
    QInput member;

    qdict_put_str(d, "x", "on");
    qlist_append_str(l, "on");
    g_assert(qinput_get_dict(&in_d, "d", &err) == d);
    g_assert(qinput_get_list(&in_l, "l", &err) == l);
    g_assert_null(err);
    g_assert_null(qinput_get_list(&in_d, "d", &err));
    check_err(&err, "Invalid parameter type for 'd', expected: array");
    g_assert_null(qinput_get_dict(&in_l, "l", &err));
    check_err(&err, "Invalid parameter type for 'l', expected: object");

    /* Members inherit the mode: "on" is a bool in keyval mode only. */
    {
        bool b = false;

        member = qinput_member(&in_d, qdict_get(d, "x"));
        g_assert_true(member.keyval);
        g_assert_true(qinput_get_bool(&member, "d.x", &b, &err));
        g_assert_true(b);
        member = qinput_member(&in_l, qlist_get(l, 0));
        g_assert_false(member.keyval);
        g_assert_false(qinput_get_bool(&member, "l[0]", &b, &err));
        check_err(&err,
                  "Invalid parameter type for 'l[0]', expected: boolean");
    }
    qobject_unref(d);
    qobject_unref(l);
}

static void test_missing(void)
{
    QInput in = { .obj = NULL, .keyval = true };
    Error *err = NULL;
    bool b;
    int64_t i;
    uint64_t u;
    double d;
    int e;
    static const char *const values[] = { "a", NULL };

    g_assert_false(qinput_get_bool(&in, "p", &b, &err));
    check_err(&err, "Parameter 'p' is missing");
    g_assert_false(qinput_get_int(&in, "p", 0, 1, NULL, &i, &err));
    check_err(&err, "Parameter 'p' is missing");
    g_assert_false(qinput_get_uint(&in, "p", 1, NULL, &u, &err));
    check_err(&err, "Parameter 'p' is missing");
    g_assert_false(qinput_get_size(&in, "p", &u, &err));
    check_err(&err, "Parameter 'p' is missing");
    g_assert_false(qinput_get_double(&in, "p", &d, &err));
    check_err(&err, "Parameter 'p' is missing");
    g_assert_null(qinput_get_str(&in, "p", &err));
    check_err(&err, "Parameter 'p' is missing");
    g_assert_false(qinput_get_enum(&in, "p", values, &e, &err));
    check_err(&err, "Parameter 'p' is missing");
    g_assert_null(qinput_get_dict(&in, "p", &err));
    check_err(&err, "Parameter 'p' is missing");
    g_assert_null(qinput_get_list(&in, "p", &err));
    check_err(&err, "Parameter 'p' is missing");
}

static void test_misc(void)
{
    Error *err = NULL;
    QObject *s = v_str("x");
    QInput in = QINPUT_KEYVAL(s);
    bool b;

    /* No name: still a readable message. */
    g_assert_false(qinput_get_bool(&in, NULL, &b, &err));
    check_err(&err, "Parameter 'value' expects 'on' or 'off'");
    /* errp may be NULL. */
    g_assert_false(qinput_get_bool(&in, "p", &b, NULL));
    qobject_unref(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qinput/bool/typed", test_bool_typed);
    g_test_add_func("/qinput/bool/keyval", test_bool_keyval);
    g_test_add_func("/qinput/int/typed", test_int_typed);
    g_test_add_func("/qinput/int/keyval", test_int_keyval);
    g_test_add_func("/qinput/uint/typed", test_uint_typed);
    g_test_add_func("/qinput/uint/keyval", test_uint_keyval);
    g_test_add_func("/qinput/size/typed", test_size_typed);
    g_test_add_func("/qinput/size/keyval", test_size_keyval);
    g_test_add_func("/qinput/double", test_double);
    g_test_add_func("/qinput/str", test_str);
    g_test_add_func("/qinput/enum", test_enum);
    g_test_add_func("/qinput/containers", test_containers);
    g_test_add_func("/qinput/missing", test_missing);
    g_test_add_func("/qinput/misc", test_misc);
    return g_test_run();
}
