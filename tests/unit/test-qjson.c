/*
 * Unit tests for JSON reading and writing (qobject/json-*.c): every token
 * kind, QMP's single quotes, Unicode, every parse error, the limits, the
 * writer's escaping and number formats, interpolation, and the stream
 * parser (byte by byte, several values per buffer, error recovery).
 */
#include "util/osdep.h"
#include "qobject/qjson.h"

#include <math.h>

/* ------------------------------------------------------------------ */
/* Helpers */

static QObject *parse_ok(const char *json)
{
    Error *err = NULL;
    QObject *obj = qobject_from_json(json, &err);

    if (!obj) {
        g_test_message("parsing <%s>: %s", json, error_get_pretty(err));
    }
    g_assert_null(err);
    g_assert_nonnull(obj);
    return obj;
}

static char *to_json(const QObject *obj)
{
    return g_string_free(qobject_to_json(obj), false);
}

/* @json parses, and writes back as @expected. */
static void check_json(const char *json, const char *expected)
{
    QObject *obj = parse_ok(json);
    char *out = to_json(obj);

    g_assert_cmpstr(out, ==, expected);
    g_free(out);
    qobject_unref(obj);
}

/* @json fails with exactly @msg. */
static void check_error(const char *json, const char *msg)
{
    Error *err = NULL;
    QObject *obj = qobject_from_json(json, &err);

    if (obj) {
        char *out = to_json(obj);

        g_test_message("<%s> parsed as %s, expected: %s", json, out, msg);
        g_free(out);
    }
    g_assert_null(obj);
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, msg);
    error_free(err);
}

static QString *parse_string(const char *json)
{
    QString *qs = qobject_to(QString, parse_ok(json));

    g_assert_nonnull(qs);
    return qs;
}

static void check_string(const char *json, const char *expected)
{
    QString *qs = parse_string(json);

    g_assert_cmpstr(qstring_get_str(qs), ==, expected);
    qobject_unref(qs);
}

/* ------------------------------------------------------------------ */
/* Reading scalars */

static void test_keywords(void)
{
    QObject *obj;

    check_json("true", "true");
    check_json("false", "false");
    check_json("null", "null");
    /* All four JSON blanks around a value. */
    check_json(" \t\r\n true \n\r\t ", "true");
    obj = parse_ok("null");
    g_assert(obj == QOBJECT(qnull()));
    qobject_unref(obj);
    qobject_unref(obj);

    check_error("foo", "JSON parse error, invalid keyword 'foo'");
    check_error("nul", "JSON parse error, invalid keyword 'nul'");
    check_error("nullx", "JSON parse error, invalid keyword 'nullx'");
    check_error("[truefalse]", "JSON parse error, invalid keyword 'truefalse'");
    /* Keywords are lower case; an upper-case letter is not a token. */
    check_error("True", "JSON parse error, stray 'T'");
    check_error("NULL", "JSON parse error, stray 'N'");
}

static void check_int(const char *json, int64_t expected)
{
    QNum *qn = qobject_to(QNum, parse_ok(json));
    int64_t val;

    g_assert_nonnull(qn);
    g_assert_cmpint(qn->kind, ==, QNUM_I64);
    g_assert_true(qnum_get_try_int(qn, &val));
    g_assert_cmpint(val, ==, expected);
    qobject_unref(qn);
}

static void check_double(const char *json, double expected)
{
    QNum *qn = qobject_to(QNum, parse_ok(json));

    g_assert_nonnull(qn);
    g_assert_cmpint(qn->kind, ==, QNUM_DOUBLE);
    g_assert_cmpfloat(qnum_get_double(qn), ==, expected);
    qobject_unref(qn);
}

static void test_numbers(void)
{
    QNum *qn;
    uint64_t u;

    check_int("0", 0);
    check_int("-0", 0);
    check_int("42", 42);
    check_int("-42", -42);
    check_int("9223372036854775807", INT64_MAX);
    check_int("-9223372036854775808", INT64_MIN);

    /* Above INT64_MAX: uint64. */
    qn = qobject_to(QNum, parse_ok("9223372036854775808"));
    g_assert_cmpint(qn->kind, ==, QNUM_U64);
    g_assert_true(qnum_get_try_uint(qn, &u));
    g_assert_cmpuint(u, ==, (uint64_t)INT64_MAX + 1);
    qobject_unref(qn);
    qn = qobject_to(QNum, parse_ok("18446744073709551615"));
    g_assert_cmpint(qn->kind, ==, QNUM_U64);
    g_assert_true(qnum_get_try_uint(qn, &u));
    g_assert_cmpuint(u, ==, UINT64_MAX);
    qobject_unref(qn);

    /* Beyond any integer type: double. */
    check_double("18446744073709551616", 18446744073709551616.0);
    check_double("-9223372036854775809", -9223372036854775809.0);

    check_double("1.5", 1.5);
    check_double("-0.25", -0.25);
    check_double("1.0", 1.0);
    check_double("1e3", 1000.0);
    check_double("1E3", 1000.0);
    check_double("2.5e-3", 0.0025);
    check_double("2.5E+3", 2500.0);
    check_double("0e0", 0.0);
    check_double("-0.0", -0.0);
    /* Out of double range: infinity, as in qemu. */
    check_double("1e400", INFINITY);
    check_double("-1e400", -INFINITY);

    /* Malformed numbers. */
    check_error("01", "JSON parse error, stray '01'");
    check_error("-01", "JSON parse error, stray '-01'");
    check_error("1.", "JSON parse error, stray '1.'");
    check_error("1.e5", "JSON parse error, stray '1.e'");
    check_error("-", "JSON parse error, stray '-'");
    check_error("-a", "JSON parse error, stray '-a'");
    check_error("1e", "JSON parse error, stray '1e'");
    check_error("1e+", "JSON parse error, stray '1e+'");
    check_error("1e+x", "JSON parse error, stray '1e+x'");
    check_error(".5", "JSON parse error, stray '.'");
    check_error("+1", "JSON parse error, stray '+'");
    check_error("[1.]", "JSON parse error, stray '1.]'");
    /* "0x10" is the number 0 followed by the keyword x10. */
    check_error("0x10", "JSON parse error, invalid keyword 'x10'");
}

static void test_strings(void)
{
    check_string("\"\"", "");
    check_string("''", "");
    check_string("\"abc\"", "abc");
    check_string("'abc'", "abc");
    /* The other quote needs no escape; \' works in both forms. */
    check_string("'say \"hi\"'", "say \"hi\"");
    check_string("\"it's\"", "it's");
    check_string("'it\\'s'", "it's");
    check_string("\"it\\'s\"", "it's");
    check_string("'\\\"'", "\"");
    check_string("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t");
    /* Brackets inside strings are not structure. */
    check_string("\"{[}]:,\"", "{[}]:,");
    check_json("{\"a\": \"}\"}", "{\"a\": \"}\"}");
    /* '%' is ordinary when not interpolating. */
    check_string("'100%'", "100%");

    check_error("\"\\x\"",
                "JSON parse error, invalid escape sequence in string");
    check_error("'\\a'", "JSON parse error, invalid escape sequence in string");
    check_error("\"\\U0041\"",
                "JSON parse error, invalid escape sequence in string");
    /* Unterminated. */
    check_error("\"abc", "JSON parse error, premature EOI");
    check_error("'abc\\'", "JSON parse error, premature EOI");
    check_error("\"a\"b\"", "JSON parse error, invalid keyword 'b'");
    /* Raw control characters are not allowed in strings. */
    check_error("\"a\nb\"", "JSON parse error, stray '\"a\n'");
    check_error("\"a\tb\"", "JSON parse error, stray '\"a\t'");
}

static void test_unicode(void)
{
    check_string("\"\\u0041\\u00e9\\u00E9\"", "A\xc3\xa9\xc3\xa9");
    check_string("\"\\u20AC\"", "\xe2\x82\xac");
    check_string("\"\\uFFFF\"", "\xef\xbf\xbf");
    /* Surrogate pairs. */
    check_string("\"\\uD83D\\uDE00\"", "\xf0\x9f\x98\x80");
    check_string("'\\ud800\\udc00'", "\xf0\x90\x80\x80");
    check_string("\"\\uDBFF\\uDFFF\"", "\xf4\x8f\xbf\xbf");
    /* Raw UTF-8 passes through, up to 4 bytes. */
    check_string("\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"",
                 "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");

    /* Lone or misordered surrogates. */
    check_error("\"\\ud800\"",
                "JSON parse error, \\ud800 is not a valid Unicode character");
    check_error("\"\\ud800x\"",
                "JSON parse error, \\ud800 is not a valid Unicode character");
    check_error("\"\\ud800\\u0041\"",
                "JSON parse error, \\ud800 is not a valid Unicode character");
    check_error("\"\\ud800\\ud800\"",
                "JSON parse error, \\ud800 is not a valid Unicode character");
    check_error("\"\\udc00\"",
                "JSON parse error, \\udc00 is not a valid Unicode character");
    check_error("\"\\udc00\\ud800\"",
                "JSON parse error, \\udc00 is not a valid Unicode character");
    /* Short or non-hex escapes. */
    check_error("\"\\u12\"",
                "JSON parse error, \\u12\" is not a valid Unicode character");
    check_error("\"\\u\"",
                "JSON parse error, \\u\" is not a valid Unicode character");
    check_error("\"\\u12g4\"",
                "JSON parse error, \\u12g4 is not a valid Unicode character");
    check_error("\"\\u0000\"", "JSON parse error, \\u0000 is not supported");

    /* Invalid UTF-8 in the input. */
#define BAD_UTF8 "JSON parse error, invalid UTF-8 sequence in string"
    check_error("\"\xc3\x28\"", BAD_UTF8);          /* bad continuation */
    check_error("\"\x80\"", BAD_UTF8);              /* lone continuation */
    check_error("\"\xc0\x80\"", BAD_UTF8);          /* overlong NUL */
    check_error("\"\xe0\x80\xaf\"", BAD_UTF8);      /* overlong '/' */
    check_error("\"\xed\xa0\x80\"", BAD_UTF8);      /* UTF-8 surrogate */
    check_error("\"\xf4\x90\x80\x80\"", BAD_UTF8);  /* above U+10FFFF */
    check_error("\"\xe2\x82\"", BAD_UTF8);          /* truncated */
    /* 0xFF resets the parser (QMP specification 2.6), even in a string. */
    check_error("\"\xff\"", "JSON parse error, stray '\xef\xbf\xbd'");
    check_error("{'a\xfe': 1}", BAD_UTF8);
#undef BAD_UTF8
    /* Outside strings, non-ASCII bytes are junk, quoted validly. */
    check_error("\xc3\xa9", "JSON parse error, stray '\xef\xbf\xbd'");
}

/* ------------------------------------------------------------------ */
/* Reading containers */

static void test_containers(void)
{
    QDict *d;
    const QDictEntry *e;

    check_json("{}", "{}");
    check_json("[]", "[]");
    check_json(" { } ", "{}");
    check_json("[ [ ] , { } ]", "[[], {}]");
    check_json("{\"a\":1,\"b\":[true,null,'x'],\"c\":{\"d\":-1.5}}",
               "{\"a\": 1, \"b\": [true, null, \"x\"], \"c\": {\"d\": -1.5}}");
    check_json("[1,2,3]", "[1, 2, 3]");
    check_json("{'single': 'quoted'}", "{\"single\": \"quoted\"}");

    /* Object members keep their order. */
    d = qobject_to(QDict, parse_ok("{\"z\": 1, \"a\": 2, \"m\": 3}"));
    e = qdict_first(d);
    g_assert_cmpstr(qdict_entry_key(e), ==, "z");
    e = qdict_next(d, e);
    g_assert_cmpstr(qdict_entry_key(e), ==, "a");
    e = qdict_next(d, e);
    g_assert_cmpstr(qdict_entry_key(e), ==, "m");
    g_assert_null(qdict_next(d, e));
    qobject_unref(d);
}

static void test_errors(void)
{
#define E(msg) "JSON parse error, " msg
    /* Truncated values. */
    check_error("[", E("premature EOI"));
    check_error("{", E("premature EOI"));
    check_error("[1", E("premature EOI"));
    check_error("[1,", E("premature EOI"));
    check_error("{\"a\"", E("premature EOI"));
    check_error("{\"a\":", E("premature EOI"));
    check_error("{\"a\": 1", E("premature EOI"));
    check_error("{\"a\": 1,", E("premature EOI"));
    check_error("[[[[{\"a\": [", E("premature EOI"));

    /* A value is missing. */
    check_error("", E("expecting value"));
    check_error("   \n ", E("expecting value"));
    check_error("[1,]", E("expecting value"));
    check_error("[,1]", E("expecting value"));
    check_error("{\"a\":1,}", E("expecting value"));
    check_error("{,}", E("expecting value"));
    check_error("{\"a\": }", E("expecting value"));
    check_error("}", E("expecting value"));
    check_error("]", E("expecting value"));
    check_error(":", E("expecting value"));
    check_error(",", E("expecting value"));
    check_error("[}", E("expecting value"));

    /* Objects. */
    check_error("{1: 2}", E("key is not a string in object"));
    check_error("{null: 2}", E("key is not a string in object"));
    check_error("{[]: 2}", E("key is not a string in object"));
    check_error("{\"a\" 1}", E("missing : in object pair"));
    check_error("{\"a\", 1}", E("missing : in object pair"));
    check_error("{\"a\": 1 \"b\": 2}", E("expected separator in dict"));
    check_error("{\"a\": 1]", E("expected separator in dict"));
    check_error("{\"a\": 1:", E("expected separator in dict"));
    check_error("{\"a\": 1, \"a\": 2}", E("duplicate key"));
    check_error("{\"a\": 1, 'a': 2}", E("duplicate key"));

    /* Arrays. */
    check_error("[1 2]", E("expected separator in list"));
    check_error("[1}", E("expected separator in list"));
    check_error("[1:2]", E("expected separator in list"));

    /* Junk. */
    check_error("@", E("stray '@'"));
    check_error("[1, @]", E("stray '@'"));
    check_error("\x01", E("stray '\x01'"));
    check_error("[\f]", E("stray '\f'"));
    check_error("%d", E("stray '%'"));

    /* Exactly one value. */
    check_error("1 2", E("expecting end of input"));
    check_error("{} {}", E("expecting end of input"));
    check_error("[] ]", E("expecting value"));
    check_error("[] @", E("stray '@'"));
    check_error("[1] [", E("premature EOI"));
#undef E
}

static char *repeat(const char *s, size_t n)
{
    GString *out = g_string_sized_new(strlen(s) * n);
    size_t i;

    for (i = 0; i < n; i++) {
        g_string_append(out, s);
    }
    return g_string_free(out, false);
}

static void test_nesting_limit(void)
{
    char *open = repeat("[", JSON_MAX_NESTING);
    char *close = repeat("]", JSON_MAX_NESTING);
    char *ok = g_strconcat(open, close, NULL);
    char *deep = g_strconcat("[", open, close, "]", NULL);
    char *mixed_open = repeat("{\"a\":[", JSON_MAX_NESTING / 2);
    char *mixed_close = repeat("]}", JSON_MAX_NESTING / 2);
    char *mixed = g_strconcat(mixed_open, mixed_close, NULL);
    char *mixed_deep = g_strconcat("[", mixed_open, mixed_close, "]", NULL);
    QObject *obj;
    int depth = 0;

    /* Exactly at the limit: fine. */
    obj = parse_ok(ok);
    for (QObject *o = obj; o; o = qlist_get(qobject_to(QList, o), 0)) {
        depth++;
    }
    g_assert_cmpint(depth, ==, JSON_MAX_NESTING);
    qobject_unref(obj);
    obj = parse_ok(mixed);
    qobject_unref(obj);

    /* One more: an error, not a crash. */
    check_error(deep, "JSON nesting depth limit exceeded");
    check_error(mixed_deep, "JSON nesting depth limit exceeded");

    g_free(open);
    g_free(close);
    g_free(ok);
    g_free(deep);
    g_free(mixed_open);
    g_free(mixed_close);
    g_free(mixed);
    g_free(mixed_deep);
}

/* ------------------------------------------------------------------ */
/* Writing */

static void check_write(QObject *obj, const char *expected)
{
    char *out = to_json(obj);

    g_assert_cmpstr(out, ==, expected);
    g_free(out);
    qobject_unref(obj);
}

static void test_write_strings(void)
{
    check_write(QOBJECT(qstring_from_str("")), "\"\"");
    check_write(QOBJECT(qstring_from_str("plain / text")),
                "\"plain / text\"");
    check_write(QOBJECT(qstring_from_str("\"\\\b\f\n\r\t")),
                "\"\\\"\\\\\\b\\f\\n\\r\\t\"");
    /* Other control characters and DEL. */
    check_write(QOBJECT(qstring_from_str("\x01\x1f\x7f")),
                "\"\\u0001\\u001F\\u007F\"");
    /* A single quote needs no escape in JSON. */
    check_write(QOBJECT(qstring_from_str("it's")), "\"it's\"");
    /* Non-ASCII, including above U+FFFF as a surrogate pair. */
    check_write(QOBJECT(qstring_from_str("\xc3\xa9\xe2\x82\xac")),
                "\"\\u00E9\\u20AC\"");
    check_write(QOBJECT(qstring_from_str("\xf0\x9f\x98\x80")),
                "\"\\uD83D\\uDE00\"");
    check_write(QOBJECT(qstring_from_str("\xf4\x8f\xbf\xbf")),
                "\"\\uDBFF\\uDFFF\"");
    /* Invalid UTF-8 from C code: one U+FFFD per bad byte. */
    check_write(QOBJECT(qstring_from_str("a\xff" "b\xc3")),
                "\"a\\uFFFDb\\uFFFD\"");
    check_write(QOBJECT(qstring_from_str("\xed\xa0\x80")),
                "\"\\uFFFD\\uFFFD\\uFFFD\"");
    check_write(QOBJECT(qstring_from_str("\xc0\x80")),
                "\"\\uFFFD\\uFFFD\"");
}

static void test_write_values(void)
{
    QDict *d = qdict_new();
    QList *l = qlist_new();

    check_write(QOBJECT(qnull()), "null");
    check_write(QOBJECT(qbool_from_bool(true)), "true");
    check_write(QOBJECT(qbool_from_bool(false)), "false");
    check_write(QOBJECT(qnum_from_int(-7)), "-7");
    check_write(QOBJECT(qnum_from_uint(UINT64_MAX)), "18446744073709551615");
    check_write(QOBJECT(qnum_from_double(2.0)), "2.0");
    check_write(QOBJECT(qnum_from_double(0.1)), "0.1");
    check_write(QOBJECT(qnum_from_double(-1.5e-300)), "-1.5e-300");
    /* Not JSON, as qemu writes them; the reader refuses them. */
    check_write(QOBJECT(qnum_from_double(INFINITY)), "inf");
    check_write(QOBJECT(qnum_from_double(-INFINITY)), "-inf");
    check_write(QOBJECT(qnum_from_double(NAN)), "nan");
    check_error("inf", "JSON parse error, invalid keyword 'inf'");
    check_error("-inf", "JSON parse error, stray '-i'");
    check_error("nan", "JSON parse error, invalid keyword 'nan'");

    qdict_put_int(d, "a", 1);
    qlist_append(l, qbool_from_bool(true));
    qlist_append(l, qnull());
    qdict_put(d, "b", l);
    qdict_put(d, "c", qdict_new());
    qdict_put(d, "d", qlist_new());
    qdict_put_str(d, "k\"ey", "v");
    check_write(QOBJECT(d), "{\"a\": 1, \"b\": [true, null], \"c\": {}, "
                "\"d\": [], \"k\\\"ey\": \"v\"}");
}

static void test_write_pretty(void)
{
    QObject *obj = parse_ok("{\"a\": 1, \"b\": [true, {\"c\": null}], "
                            "\"e\": {}, \"f\": []}");
    GString *out = qobject_to_json_pretty(obj, true);
    GString *compact = qobject_to_json_pretty(obj, false);
    QObject *back;

    g_assert_cmpstr(out->str, ==,
                    "{\n"
                    "    \"a\": 1,\n"
                    "    \"b\": [\n"
                    "        true,\n"
                    "        {\n"
                    "            \"c\": null\n"
                    "        }\n"
                    "    ],\n"
                    "    \"e\": {},\n"
                    "    \"f\": []\n"
                    "}");
    g_assert_cmpstr(compact->str, ==,
                    "{\"a\": 1, \"b\": [true, {\"c\": null}], "
                    "\"e\": {}, \"f\": []}");
    /* Pretty output is JSON too. */
    back = parse_ok(out->str);
    g_assert_true(qobject_is_equal(obj, back));
    qobject_unref(back);
    g_string_free(out, true);
    g_string_free(compact, true);
    qobject_unref(obj);

    obj = QOBJECT(qnum_from_int(3));
    out = qobject_to_json_pretty(obj, true);
    g_assert_cmpstr(out->str, ==, "3");
    g_string_free(out, true);
    qobject_unref(obj);
}

/* obj -> JSON -> obj gives an equal value and the same text again. */
static void check_round_trip(QObject *obj)
{
    char *text = to_json(obj);
    QObject *back = parse_ok(text);
    char *again = to_json(back);

    g_assert_true(qobject_is_equal(obj, back));
    g_assert_cmpstr(text, ==, again);
    g_free(text);
    g_free(again);
    qobject_unref(back);
    qobject_unref(obj);
}

static void test_round_trips(void)
{
    static const double doubles[] = {
        0.0, -0.0, 1.0, -1.0, 0.1, 1.0 / 3, 2.0 / 3, 1e300, -1e-300,
        5e-324, 1.7976931348623157e308, 123456789.125, 9007199254740993.0,
        1e16, 1e21, 1e-7,
    };
    static const char *const strings[] = {
        "", "quote \" backslash \\ slash /", "\x01\x02\x1f\x7f \t\n",
        "caf\xc3\xa9", "\xe2\x82\xac\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf",
        "'single'",
    };
    size_t i;
    QNum *qn;

    for (i = 0; i < ARRAY_SIZE(doubles); i++) {
        char *text;
        QObject *back;

        check_round_trip(QOBJECT(qnum_from_double(doubles[i])));
        /* Including the sign of zero, and staying a double. */
        qn = qnum_from_double(doubles[i]);
        text = to_json(QOBJECT(qn));
        back = parse_ok(text);
        g_assert_cmpint(qobject_to(QNum, back)->kind, ==, QNUM_DOUBLE);
        g_assert_cmpint(signbit(qnum_get_double(qobject_to(QNum, back))),
                        ==, signbit(doubles[i]));
        g_free(text);
        qobject_unref(back);
        qobject_unref(qn);
    }
    for (i = 0; i < ARRAY_SIZE(strings); i++) {
        check_round_trip(QOBJECT(qstring_from_str(strings[i])));
    }
    check_round_trip(QOBJECT(qnum_from_int(INT64_MIN)));
    check_round_trip(QOBJECT(qnum_from_int(INT64_MAX)));
    check_round_trip(QOBJECT(qnum_from_uint(UINT64_MAX)));
    check_round_trip(parse_ok("{\"a\": [1, 2.5, \"x\", {\"b\": [[], {}]}], "
                              "\"c\": null, \"d\": false}"));
}

/* ------------------------------------------------------------------ */
/* Interpolation */

static void test_interpolation(void)
{
    QObject *p = QOBJECT(qstring_from_str("stolen"));
    QDict *d;
    QObject *obj;
    QList *l;
    int64_t i;

    obj = qobject_from_jsonf_nofail("%d", -5);
    g_assert_true(qnum_get_try_int(qobject_to(QNum, obj), &i));
    g_assert_cmpint(i, ==, -5);
    qobject_unref(obj);

    d = qdict_from_jsonf_nofail(
        "{'i': %i, 'u': %u, 'ld': %ld, 'lu': %lu, 'lld': %lld, "
        "'llu': %llu, 'i64': %" PRId64 ", 'u64': %" PRIu64 ", "
        "'f': %f, 's': %s, 'p': %p, 'lit': 'a', %s: [%d, %s]}",
        -1, 4000000000U, -2L, 3UL, -4LL, 18446744073709551615ULL,
        INT64_MIN, UINT64_MAX, 0.5, "str", p, "key", 7, "x");
    g_assert_cmpint(qdict_get_try_int(d, "i", 0), ==, -1);
    g_assert_cmpint(qdict_get_try_int(d, "u", 0), ==, 4000000000LL);
    g_assert_cmpint(qdict_get_try_int(d, "ld", 0), ==, -2);
    g_assert_cmpint(qdict_get_try_int(d, "lu", 0), ==, 3);
    g_assert_cmpint(qdict_get_try_int(d, "lld", 0), ==, -4);
    g_assert_cmpint(qobject_to(QNum, qdict_get(d, "llu"))->kind, ==,
                    QNUM_U64);
    g_assert_cmpint(qdict_get_try_int(d, "i64", 0), ==, INT64_MIN);
    g_assert_cmpint(qobject_to(QNum, qdict_get(d, "u64"))->u.u64, ==,
                    UINT64_MAX);
    g_assert_cmpfloat(qnum_get_double(qobject_to(QNum, qdict_get(d, "f"))),
                      ==, 0.5);
    g_assert_cmpstr(qdict_get_try_str(d, "s"), ==, "str");
    /* %p steals the reference: the dict holds the only one. */
    g_assert(qdict_get(d, "p") == p);
    g_assert_cmpuint(p->refcnt, ==, 1);
    g_assert_cmpstr(qdict_get_try_str(d, "lit"), ==, "a");
    l = qdict_get_qlist(d, "key");
    g_assert_nonnull(l);
    g_assert_cmpuint(qlist_size(l), ==, 2);
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, qlist_get(l, 1))),
                    ==, "x");
    qobject_unref(d);

    /* A string interpolated is data, never JSON text. */
    d = qdict_from_jsonf_nofail("{'a': %s}", "'}{\"\\");
    g_assert_cmpstr(qdict_get_try_str(d, "a"), ==, "'}{\"\\");
    qobject_unref(d);
}

/* A bad format is a programming error: check it aborts, in a child. */
static void test_interpolation_abort(void)
{
    static const char *const cases[][2] = {
        { "directive", "stray '%x'" },
        { "in-string", "can't interpolate into string" },
        { "null-string", "NULL string for %s" },
        { "syntax", "premature EOI" },
        { "not-dict", "" },
    };
    size_t i;

    if (g_test_subprocess()) {
        const char *which = g_getenv("QJSON_BAD_FORMAT");

        if (!strcmp(which, "directive")) {
            qobject_from_jsonf_nofail("[%x]", 1);
        } else if (!strcmp(which, "in-string")) {
            qobject_from_jsonf_nofail("['%s']", "x");
        } else if (!strcmp(which, "null-string")) {
            qobject_from_jsonf_nofail("[%s]", (char *)NULL);
        } else if (!strcmp(which, "syntax")) {
            qobject_from_jsonf_nofail("[%d", 1);
        } else if (!strcmp(which, "not-dict")) {
            qdict_from_jsonf_nofail("[%d]", 1);
        }
        return;
    }
    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        char *pattern = g_strdup_printf("*%s*", cases[i][1]);

        g_setenv("QJSON_BAD_FORMAT", cases[i][0], true);
        g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
        g_test_trap_assert_failed();
        g_test_trap_assert_stderr(pattern);
        g_free(pattern);
    }
    g_unsetenv("QJSON_BAD_FORMAT");
}

/* ------------------------------------------------------------------ */
/* The stream parser */

/* What the parser emitted: "v:JSON" or "e:MESSAGE" per emission. */
static void record(void *opaque, QObject *value, Error *err)
{
    GPtrArray *log = opaque;

    g_assert((value == NULL) != (err == NULL));
    if (value) {
        char *text = to_json(value);

        g_ptr_array_add(log, g_strconcat("v:", text, NULL));
        g_free(text);
        qobject_unref(value);
    } else {
        g_ptr_array_add(log, g_strconcat("e:", error_get_pretty(err), NULL));
        error_free(err);
    }
}

/* Feed @chunks (NULL-terminated), then flush; the log, joined by '|'. */
static char *stream_chunks(const char *const *chunks, bool flush)
{
    GPtrArray *log = g_ptr_array_new_with_free_func(g_free);
    JSONStreamParser *p = json_stream_parser_new(record, log);
    char *joined;

    for (; *chunks; chunks++) {
        json_stream_parser_feed(p, *chunks, strlen(*chunks));
    }
    if (flush) {
        json_stream_parser_flush(p);
    }
    json_stream_parser_free(p);
    g_ptr_array_add(log, NULL);
    joined = g_strjoinv("|", (char **)log->pdata);
    g_ptr_array_free(log, true);
    return joined;
}

/* Feed @len bytes at once, then one by one; both must log @expected. */
static void check_stream_len(const char *input, size_t len,
                             const char *expected)
{
    GPtrArray *log = g_ptr_array_new_with_free_func(g_free);
    JSONStreamParser *p = json_stream_parser_new(record, log);
    char *whole, *bytewise;
    size_t i;

    /* All at once (may contain NUL bytes, hence the explicit length). */
    json_stream_parser_feed(p, input, len);
    json_stream_parser_flush(p);
    g_ptr_array_add(log, NULL);
    whole = g_strjoinv("|", (char **)log->pdata);
    g_ptr_array_set_size(log, 0);

    for (i = 0; i < len; i++) {
        json_stream_parser_feed(p, input + i, 1);
    }
    json_stream_parser_flush(p);
    g_ptr_array_add(log, NULL);
    bytewise = g_strjoinv("|", (char **)log->pdata);

    g_assert_cmpstr(whole, ==, expected);
    g_assert_cmpstr(bytewise, ==, expected);
    json_stream_parser_free(p);
    g_ptr_array_free(log, true);
    g_free(whole);
    g_free(bytewise);
}

static void check_stream(const char *input, const char *expected)
{
    check_stream_len(input, strlen(input), expected);
}

#define E(msg) "e:JSON parse error, " msg

static void test_stream_values(void)
{
    /* QMP-style: one object per line. */
    check_stream("{\"execute\": \"qmp_capabilities\"}\r\n"
                 "{\"execute\": \"query-status\", \"id\": 1}\n",
                 "v:{\"execute\": \"qmp_capabilities\"}|"
                 "v:{\"execute\": \"query-status\", \"id\": 1}");
    /* Several values in one buffer, with and without blanks. */
    check_stream("{\"a\":1}{\"b\":2}[3] [4]",
                 "v:{\"a\": 1}|v:{\"b\": 2}|v:[3]|v:[4]");
    /* Scalars end at a delimiter or at the flush. */
    check_stream("1 2.5 'x'\"y\"true null -3", "v:1|v:2.5|v:\"x\"|v:\"y\"|"
                 "v:true|v:null|v:-3");
    check_stream("12[3]", "v:12|v:[3]");
    /* Brackets inside strings do not count. */
    check_stream("{\"a\": \"}]\"}{\"b\": '[{'}",
                 "v:{\"a\": \"}]\"}|v:{\"b\": \"[{\"}");
    check_stream("", "");
    check_stream(" \n\t\r ", "");
}

static void test_stream_split(void)
{
    static const char *const number[] = { "1", "2", "3", " ", NULL };
    static const char *const number_eoi[] = { "-1", ".5e", "1", NULL };
    static const char *const obj[] = {
        "{\"ex", "ecute\"", ": \"x\\", "\"\"", "}", NULL
    };
    static const char *const partial[] = { "{\"a\": [1, 2", NULL };
    static const char *const esc[] = { "'\\", "''", NULL };
    char *log;

    log = stream_chunks(number, false);
    g_assert_cmpstr(log, ==, "v:123");
    g_free(log);
    /* Without a delimiter, only the flush ends a number. */
    log = stream_chunks(number_eoi, false);
    g_assert_cmpstr(log, ==, "");
    g_free(log);
    log = stream_chunks(number_eoi, true);
    g_assert_cmpstr(log, ==, "v:-15.0");
    g_free(log);
    log = stream_chunks(obj, false);
    g_assert_cmpstr(log, ==, "v:{\"execute\": \"x\\\"\"}");
    g_free(log);
    /* Nothing before the value is complete; the flush reports it. */
    log = stream_chunks(partial, false);
    g_assert_cmpstr(log, ==, "");
    g_free(log);
    log = stream_chunks(partial, true);
    g_assert_cmpstr(log, ==, E("premature EOI"));
    g_free(log);
    /* An escaped quote split from its backslash. */
    log = stream_chunks(esc, false);
    g_assert_cmpstr(log, ==, "v:\"'\"");
    g_free(log);
}

static void test_stream_errors(void)
{
    /* Junk between values: one error per run of junk. */
    check_stream("{\"a\":1} @@@ {\"b\":2}",
                 "v:{\"a\": 1}|" E("stray '@'") "|v:{\"b\": 2}");
    check_stream("@{\"a\":1}", E("stray '@'") "|v:{\"a\": 1}");
    check_stream("Trueabc [1]", E("stray 'T'") "|v:[1]");
    /* 0xFF is a reset of its own (QMP 2.6); 0xFE is junk after it. */
    check_stream("\xff\xfe[1]", E("stray '\xef\xbf\xbd'") "|"
                 E("stray '\xef\xbf\xbd'") "|v:[1]");
    /* A NUL byte is junk too, shown as U+FFFD. */
    check_stream_len("\0[1]", 4, E("stray '\xef\xbf\xbd'") "|v:[1]");

    /* Junk inside a value: the rest of that value is skipped. */
    check_stream("{\"a\": @, \"b\": [1, {}]} {\"c\": 3}",
                 E("stray '@'") "|v:{\"c\": 3}");
    check_stream("[1, 01, [2]] [4]", E("stray '01'") "|v:[4]");
    /* A control character resets at once (QMP 2.6), even in a string:
     * what follows is parsed afresh. */
    check_stream("[\"x\x01[5]", E("stray '\x01'") "|v:[5]");
    check_stream("{\"execute\": \"a\xff{\"execute\": \"b\"}\n",
                 E("stray '\xef\xbf\xbd'") "|v:{\"execute\": \"b\"}");
    /* ... or up to a newline, for a value that never ends. */
    check_stream("{\"a\": [1, @\n{\"ok\": 1}\n",
                 E("stray '@'") "|v:{\"ok\": 1}");
    check_stream("{\"a\": \"b\n{\"ok\": 2}",
                 E("stray '\"b\n'") "|v:{\"ok\": 2}");
    check_stream("[1.\n[2]", E("stray '1.\n'") "|v:[2]");

    /* Errors found by the parser consume exactly their value. */
    check_stream("{\"a\" 1} [1 2] {1:2} [3]",
                 E("missing : in object pair") "|"
                 E("expected separator in list") "|"
                 E("key is not a string in object") "|v:[3]");
    check_stream("foo [1]", E("invalid keyword 'foo'") "|v:[1]");
    check_stream("\"\\x\" [1]",
                 E("invalid escape sequence in string") "|v:[1]");
    /* Stray closers, each on its own. */
    check_stream("}] [1]", E("expecting value") "|" E("expecting value")
                 "|v:[1]");
    check_stream("[[}}", E("expecting value") "|" E("expecting value"));
    check_stream("{\"a\": 1]", E("expected separator in dict"));
    check_stream("[1}", E("expected separator in list"));

    /* At the end of input. */
    check_stream("[1, ", E("premature EOI"));
    check_stream("\"abc", E("premature EOI"));
    check_stream("[1] 1.", "v:[1]|" E("stray '1.'"));
    check_stream("[1] -", "v:[1]|" E("stray '-'"));
}

static void feed_str(JSONStreamParser *p, const char *s);

static void test_stream_reset(void)
{
    GPtrArray *log = g_ptr_array_new_with_free_func(g_free);
    JSONStreamParser *p = json_stream_parser_new(record, log);

    feed_str(p, "{\"a\": [1, ");
    json_stream_parser_reset(p);
    feed_str(p, "[2]");
    g_assert_cmpuint(log->len, ==, 1);
    g_assert_cmpstr(g_ptr_array_index(log, 0), ==, "v:[2]");

    /* Reset also ends recovery and an unfinished string. */
    feed_str(p, "[@ \"abc");
    json_stream_parser_reset(p);
    feed_str(p, "[3]");
    g_assert_cmpuint(log->len, ==, 3);
    g_assert_cmpstr(g_ptr_array_index(log, 1), ==, E("stray '@'"));
    g_assert_cmpstr(g_ptr_array_index(log, 2), ==, "v:[3]");

    /* Flush with nothing pending emits nothing. */
    json_stream_parser_flush(p);
    g_assert_cmpuint(log->len, ==, 3);
    json_stream_parser_free(p);
    json_stream_parser_free(NULL);
    g_ptr_array_free(log, true);
}

static void feed_str(JSONStreamParser *p, const char *s)
{
    json_stream_parser_feed(p, s, strlen(s));
}

/* Feed @n copies of @s in large chunks. */
static void feed_repeated(JSONStreamParser *p, const char *s, size_t n)
{
    enum { CHUNK = 64 * 1024 };
    size_t len = strlen(s), per = MAX(CHUNK / len, 1), i;
    char *block = repeat(s, per);

    for (i = 0; i < n; i += per) {
        json_stream_parser_feed(p, block, MIN(per, n - i) * len);
    }
    g_free(block);
}

static void test_stream_nesting(void)
{
    GPtrArray *log = g_ptr_array_new_with_free_func(g_free);
    JSONStreamParser *p = json_stream_parser_new(record, log);

    /* Too deep: one error, the rest of the value is skipped, and the
     * next value on the same line is fine. */
    feed_repeated(p, "[", JSON_MAX_NESTING + 1);
    feed_repeated(p, "]", JSON_MAX_NESTING + 1);
    feed_str(p, " {\"ok\": 1}");
    g_assert_cmpuint(log->len, ==, 2);
    g_assert_cmpstr(g_ptr_array_index(log, 0), ==, "e:JSON nesting depth limit exceeded");
    g_assert_cmpstr(g_ptr_array_index(log, 1), ==, "v:{\"ok\": 1}");

    /* A hostile client that only opens: bounded, and a newline
     * resynchronises. */
    feed_repeated(p, "[{\"a\":", 100000);
    feed_str(p, "\n[2]");
    g_assert_cmpuint(log->len, ==, 4);
    g_assert_cmpstr(g_ptr_array_index(log, 2), ==, "e:JSON nesting depth limit exceeded");
    g_assert_cmpstr(g_ptr_array_index(log, 3), ==, "v:[2]");

    json_stream_parser_free(p);
    g_ptr_array_free(log, true);
}

static void test_stream_token_limit(void)
{
    GPtrArray *log = g_ptr_array_new_with_free_func(g_free);
    JSONStreamParser *p = json_stream_parser_new(record, log);
    /* [0,0,...,0] with n zeros has 2n + 1 tokens. */
    size_t max_zeros = (JSON_MAX_TOKENS - 1) / 2;

    feed_str(p, "[");
    feed_repeated(p, "0,", max_zeros - 1);
    feed_str(p, "0]");
    g_assert_cmpuint(log->len, ==, 1);
    g_assert_cmpuint(strlen(g_ptr_array_index(log, 0)), ==,
                     2 + 2 + 3 * (max_zeros - 1) + 1);

    /* One more element: too many tokens; recovery, then carry on. */
    feed_str(p, "[");
    feed_repeated(p, "0,", max_zeros);
    feed_str(p, "0] [7]");
    g_assert_cmpuint(log->len, ==, 3);
    g_assert_cmpstr(g_ptr_array_index(log, 1), ==, "e:JSON token count limit exceeded");
    g_assert_cmpstr(g_ptr_array_index(log, 2), ==, "v:[7]");

    json_stream_parser_free(p);
    g_ptr_array_free(log, true);
}

static void test_stream_size_limit(void)
{
    GPtrArray *log = g_ptr_array_new_with_free_func(g_free);
    JSONStreamParser *p = json_stream_parser_new(record, log);

    /* One string as big as allowed (quotes included) is fine... */
    feed_str(p, "\"");
    feed_repeated(p, "x", JSON_MAX_TOKEN_SIZE - 2);
    feed_str(p, "\"");
    g_assert_cmpuint(log->len, ==, 1);
    g_assert_cmpuint(strlen(g_ptr_array_index(log, 0)), ==,
                     2 + JSON_MAX_TOKEN_SIZE);
    g_ptr_array_set_size(log, 0);

    /* ... one byte more is not; the parser skips the rest of the value
     * (the string, then the array) and carries on. */
    feed_str(p, "[\"");
    feed_repeated(p, "y", JSON_MAX_TOKEN_SIZE);
    feed_str(p, "\", \"]\"] [8]");
    g_assert_cmpuint(log->len, ==, 2);
    g_assert_cmpstr(g_ptr_array_index(log, 0), ==, "e:JSON token size limit exceeded");
    g_assert_cmpstr(g_ptr_array_index(log, 1), ==, "v:[8]");

    json_stream_parser_free(p);
    g_ptr_array_free(log, true);
}

#undef E

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qjson/parse/keywords", test_keywords);
    g_test_add_func("/qjson/parse/numbers", test_numbers);
    g_test_add_func("/qjson/parse/strings", test_strings);
    g_test_add_func("/qjson/parse/unicode", test_unicode);
    g_test_add_func("/qjson/parse/containers", test_containers);
    g_test_add_func("/qjson/parse/errors", test_errors);
    g_test_add_func("/qjson/parse/nesting-limit", test_nesting_limit);
    g_test_add_func("/qjson/write/strings", test_write_strings);
    g_test_add_func("/qjson/write/values", test_write_values);
    g_test_add_func("/qjson/write/pretty", test_write_pretty);
    g_test_add_func("/qjson/write/round-trips", test_round_trips);
    g_test_add_func("/qjson/interpolation", test_interpolation);
    g_test_add_func("/qjson/interpolation-abort", test_interpolation_abort);
    g_test_add_func("/qjson/stream/values", test_stream_values);
    g_test_add_func("/qjson/stream/split", test_stream_split);
    g_test_add_func("/qjson/stream/errors", test_stream_errors);
    g_test_add_func("/qjson/stream/reset", test_stream_reset);
    g_test_add_func("/qjson/stream/nesting", test_stream_nesting);
    g_test_add_func("/qjson/stream/token-limit", test_stream_token_limit);
    g_test_add_func("/qjson/stream/size-limit", test_stream_size_limit);
    return g_test_run();
}
