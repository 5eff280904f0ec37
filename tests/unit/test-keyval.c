/*
 * Unit tests for util/keyval.c: option string parsing, merging and
 * printing.
 */
#include "util/osdep.h"
#include "util/keyval.h"
#include "util/error-report.h"

/*
 * A compact JSON-like dump of a keyval result, so that expectations read
 * as one string: {"a":{"b":"1"},"t":["x","y"]}.  Strings are printed
 * without escaping, which is fine for the values used here.
 */
static void dump(GString *out, QObject *obj)
{
    const QDictEntry *e;
    QDict *dict;
    QList *list;
    size_t i;

    switch (qobject_type(obj)) {
    case QTYPE_QDICT:
        dict = qobject_to(QDict, obj);
        g_string_append_c(out, '{');
        for (e = qdict_first(dict); e; e = qdict_next(dict, e)) {
            g_string_append_printf(out, "%s\"%s\":",
                                   e == qdict_first(dict) ? "" : ",",
                                   qdict_entry_key(e));
            dump(out, qdict_entry_value(e));
        }
        g_string_append_c(out, '}');
        break;
    case QTYPE_QLIST:
        list = qobject_to(QList, obj);
        g_string_append_c(out, '[');
        for (i = 0; i < qlist_size(list); i++) {
            if (i) {
                g_string_append_c(out, ',');
            }
            dump(out, qlist_get(list, i));
        }
        g_string_append_c(out, ']');
        break;
    case QTYPE_QSTRING:
        g_string_append_printf(out, "\"%s\"",
                               qstring_get_str(qobject_to(QString, obj)));
        break;
    default:
        g_assert_not_reached();
    }
}

static char *dump_str(QDict *dict)
{
    GString *out = g_string_new(NULL);

    dump(out, QOBJECT(dict));
    return g_string_free(out, false);
}

/* Parse @params and compare with @expect; @help_expect is -1 for NULL. */
static void check_parse_full(const char *params, const char *implied,
                             unsigned flags, int help_expect,
                             const char *expect)
{
    Error *err = NULL;
    bool help = !help_expect;
    QDict *dict;
    char *got;

    dict = keyval_parse(params, implied, help_expect < 0 ? NULL : &help,
                        flags, &err);
    if (!dict) {
        g_error("keyval_parse(\"%s\") failed: %s", params,
                error_get_pretty(err));
    }
    g_assert_null(err);
    if (help_expect >= 0) {
        g_assert_cmpint(help, ==, help_expect);
    }
    got = dump_str(dict);
    if (strcmp(got, expect)) {
        g_error("keyval_parse(\"%s\") gave %s, expected %s",
                params, got, expect);
    }
    g_free(got);
    qobject_unref(dict);
}

static void check_parse(const char *params, const char *implied,
                        const char *expect)
{
    check_parse_full(params, implied, 0, -1, expect);
}

static void check_error_full(const char *params, const char *implied,
                             unsigned flags, bool with_help,
                             const char *msg)
{
    Error *err = NULL;
    bool help = false;
    QDict *dict;

    dict = keyval_parse(params, implied, with_help ? &help : NULL, flags,
                        &err);
    if (dict) {
        char *got = dump_str(dict);

        g_error("keyval_parse(\"%s\") gave %s, expected error \"%s\"",
                params, got, msg);
    }
    g_assert_nonnull(err);
    if (strcmp(error_get_pretty(err), msg)) {
        g_error("keyval_parse(\"%s\") failed with \"%s\", expected \"%s\"",
                params, error_get_pretty(err), msg);
    }
    error_free(err);
    /* Errors may also be dropped. */
    g_assert_null(keyval_parse(params, implied, NULL, flags, NULL));
}

static void check_error(const char *params, const char *implied,
                        const char *msg)
{
    check_error_full(params, implied, 0, false, msg);
}

static void test_keyval_basic(void)
{
    check_parse("", NULL, "{}");
    check_parse("a=1", NULL, "{\"a\":\"1\"}");
    check_parse("a=1,b=2", NULL, "{\"a\":\"1\",\"b\":\"2\"}");
    check_parse("a=", NULL, "{\"a\":\"\"}");
    check_parse("a=,b=", NULL, "{\"a\":\"\",\"b\":\"\"}");
    check_parse("a=b=c", NULL, "{\"a\":\"b=c\"}");
    check_parse("Key-9_x=v", NULL, "{\"Key-9_x\":\"v\"}");
    /* A trailing comma is accepted. */
    check_parse("a=1,", NULL, "{\"a\":\"1\"}");
    /* The last value wins, and the key keeps its first position. */
    check_parse("a=1,a=2", NULL, "{\"a\":\"2\"}");
    check_parse("a=1,b=2,a=3", NULL, "{\"a\":\"3\",\"b\":\"2\"}");
}

static void test_keyval_commas(void)
{
    check_parse("a=x,,y", NULL, "{\"a\":\"x,y\"}");
    check_parse("a=x,,y,b=1", NULL, "{\"a\":\"x,y\",\"b\":\"1\"}");
    check_parse("a=1,,", NULL, "{\"a\":\"1,\"}");
    check_parse("a=,,,", NULL, "{\"a\":\",\"}");
    check_parse("a=,,,,", NULL, "{\"a\":\",,\"}");
    check_parse("a=x,,,b=y", NULL, "{\"a\":\"x,\",\"b\":\"y\"}");
    check_parse("a=,,b=1", NULL, "{\"a\":\",b=1\"}");
    /* Also in the implied value, as qemu's -device does. */
    check_parse("a,,b", "driver", "{\"driver\":\"a,b\"}");
    check_parse("a,,b=c", "driver", "{\"driver\":\"a,b=c\"}");
    check_parse("a,,,id=x", "driver", "{\"driver\":\"a,\",\"id\":\"x\"}");
}

static void test_keyval_implied(void)
{
    check_parse("pc", "type", "{\"type\":\"pc\"}");
    check_parse("pc,accel=kvm", "type",
                "{\"type\":\"pc\",\"accel\":\"kvm\"}");
    check_parse("pc,", "type", "{\"type\":\"pc\"}");
    check_parse("", "type", "{}");
    /* An empty first element is an empty implied value. */
    check_parse(",id=x", "type", "{\"type\":\"\",\"id\":\"x\"}");
    /* A first element with '=' is an ordinary one. */
    check_parse("accel=kvm", "type", "{\"accel\":\"kvm\"}");
    check_parse("type=q35,x=1", "type", "{\"type\":\"q35\",\"x\":\"1\"}");
    /* The implied value may contain anything but a lone comma. */
    check_parse("1G", "size", "{\"size\":\"1G\"}");
    check_parse("a b/c:d", "path", "{\"path\":\"a b/c:d\"}");
    check_parse("pc,type=q35", "type", "{\"type\":\"q35\"}");
    /* Only the first element may omit "KEY=". */
    check_error("accel=kvm,pc", "type", "Expected '=' after parameter 'pc'");
    check_error("pc,q35", "type", "Expected '=' after parameter 'q35'");
    /* A dotted implied key nests like any other. */
    check_parse("x", "a.b", "{\"a\":{\"b\":\"x\"}}");
}

static void test_keyval_help(void)
{
    /* Help allowed. */
    check_parse_full("help", "type", 0, 1, "{}");
    check_parse_full("?", "type", 0, 1, "{}");
    check_parse_full("help", NULL, 0, 1, "{}");
    check_parse_full("pc,help", "type", 0, 1, "{\"type\":\"pc\"}");
    check_parse_full("pc,?", "type", 0, 1, "{\"type\":\"pc\"}");
    check_parse_full("type=pc,help", "type", 0, 1, "{\"type\":\"pc\"}");
    check_parse_full("help,accel=kvm", "type", 0, 1,
                     "{\"accel\":\"kvm\"}");
    check_parse_full("a=1,help,b=2", NULL, 0, 1,
                     "{\"a\":\"1\",\"b\":\"2\"}");
    check_parse_full("pc", "type", 0, 0, "{\"type\":\"pc\"}");
    check_parse_full("", "type", 0, 0, "{}");
    /* Not help: a key named help, or an escaped comma. */
    check_parse_full("pc,help=1", "type", 0, 0,
                     "{\"type\":\"pc\",\"help\":\"1\"}");
    check_parse_full("help,,x", "type", 0, 0, "{\"type\":\"help,x\"}");
    check_parse_full("helpx", "type", 0, 0, "{\"type\":\"helpx\"}");
    check_error_full("pc,helpx", "type", 0, true,
                     "Expected '=' after parameter 'helpx'");
    check_error_full("pc,help,x", "type", 0, true,
                     "Expected '=' after parameter 'x'");

    /* Help not allowed: "help" is an ordinary element. */
    check_parse("help", "type", "{\"type\":\"help\"}");
    check_parse("?", "type", "{\"type\":\"?\"}");
    check_error("pc,help", "type", "Expected '=' after parameter 'help'");
    check_error("help", NULL, "Expected '=' after parameter 'help'");
    check_error("pc,?", "type", "Invalid parameter '?'");
}

static void test_keyval_bad_keys(void)
{
    static const char *const bad[] = {
        "", "a@", ".a", "a.", "a..b", "1", "1a", "-a", "_a", "a b",
        "a._b", "a.1b", "a.-1", "a.b.", "\xc3\xa9", "a/b", "a:b",
    };
    static const char *const good[] = {
        "a", "A", "a1", "a-b", "a_b", "a-", "a_", "a.b", "a.b-", "a.b_c",
        "a.B9",
    };
    char *long_key, *params, *msg;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(bad); i++) {
        params = g_strdup_printf("%s=1", bad[i]);
        msg = g_strdup_printf("Invalid parameter '%s'", bad[i]);
        check_error(params, NULL, msg);
        check_error(params, "type", msg);
        g_free(params);
        g_free(msg);
    }
    for (i = 0; i < ARRAY_SIZE(good); i++) {
        Error *err = NULL;
        QDict *dict;

        params = g_strdup_printf("%s=1", good[i]);
        dict = keyval_parse(params, NULL, NULL, 0, &err);
        if (!dict) {
            g_error("\"%s\" rejected: %s", params, error_get_pretty(err));
        }
        qobject_unref(dict);
        g_free(params);
    }

    /* An empty element other than the last one. */
    check_error(",", NULL, "Invalid parameter ''");
    check_error(",a=1", NULL, "Invalid parameter ''");
    check_error_full("help,,a=1", NULL, 0, true, "Invalid parameter ''");

    /* Components are limited to 127 characters, like qemu. */
    long_key = g_strnfill(127, 'k');
    params = g_strdup_printf("%s=1,x.%s=2", long_key, long_key);
    msg = g_strdup_printf("{\"%s\":\"1\",\"x\":{\"%s\":\"2\"}}",
                          long_key, long_key);
    check_parse(params, NULL, msg);
    g_free(msg);
    g_free(params);
    g_free(long_key);
    long_key = g_strnfill(128, 'k');
    params = g_strdup_printf("%s=1", long_key);
    msg = g_strdup_printf("Parameter '%s' is too long", long_key);
    check_error(params, NULL, msg);
    g_free(msg);
    g_free(params);
    params = g_strdup_printf("x.%s=1", long_key);
    msg = g_strdup_printf("Parameter 'x.%s' is too long", long_key);
    check_error(params, NULL, msg);
    g_free(msg);
    g_free(params);
    g_free(long_key);
}

static void test_keyval_missing_equals(void)
{
    check_error("foo", NULL, "Expected '=' after parameter 'foo'");
    check_error("a=1,foo", NULL, "Expected '=' after parameter 'foo'");
    check_error("a=1,foo,b=2", NULL, "Expected '=' after parameter 'foo'");
    check_error("a=1,a.b", NULL, "Expected '=' after parameter 'a.b'");
    check_error("a=1,noflag", NULL,
                "Expected '=' after parameter 'noflag'");
    /* Bad key characters are reported as such, '=' or not. */
    check_error("a=1,a@b", NULL, "Invalid parameter 'a@b'");
}

static void test_keyval_nested(void)
{
    check_parse("a.b=1,a.c=2", NULL, "{\"a\":{\"b\":\"1\",\"c\":\"2\"}}");
    check_parse("a.b.c=1", NULL, "{\"a\":{\"b\":{\"c\":\"1\"}}}");
    check_parse("a.b=1,x=2,a.c=3", NULL,
                "{\"a\":{\"b\":\"1\",\"c\":\"3\"},\"x\":\"2\"}");
    check_parse("a.b=1,a.b=2", NULL, "{\"a\":{\"b\":\"2\"}}");
    check_error("a=1,a.b=2", NULL, "Parameters 'a.*' used inconsistently");
    check_error("a.b=1,a=2", NULL, "Parameters 'a.*' used inconsistently");
    check_error("a.b.c=1,a.b=1", NULL,
                "Parameters 'a.b.*' used inconsistently");
    check_error("a.b=1,a.b.c=1", NULL,
                "Parameters 'a.b.*' used inconsistently");
    /* The implied key takes part as well. */
    check_error("x,type.a=1", "type",
                "Parameters 'type.*' used inconsistently");
}

static void test_keyval_lists(void)
{
    check_parse("t.0=x", NULL, "{\"t\":[\"x\"]}");
    check_parse("t.0=x,t.1=y", NULL, "{\"t\":[\"x\",\"y\"]}");
    check_parse("t.1=y,t.0=x", NULL, "{\"t\":[\"x\",\"y\"]}");
    check_parse("t.2=c,t.0=a,t.1=b", NULL, "{\"t\":[\"a\",\"b\",\"c\"]}");
    check_parse("t.0=x,t.0=y", NULL, "{\"t\":[\"y\"]}");
    /* Leading zeros name the same element. */
    check_parse("t.01=x,t.0=y", NULL, "{\"t\":[\"y\",\"x\"]}");
    check_parse("t.00=x,t.0=y", NULL, "{\"t\":[\"y\"]}");
    check_parse("t.0.a=1,t.1.a=2", NULL,
                "{\"t\":[{\"a\":\"1\"},{\"a\":\"2\"}]}");
    check_parse("t.0.0=a,t.0.1=b,t.1.0=c", NULL,
                "{\"t\":[[\"a\",\"b\"],[\"c\"]]}");
    check_parse("a.l.1=y,a.l.0=x,a.s=z", NULL,
                "{\"a\":{\"l\":[\"x\",\"y\"],\"s\":\"z\"}}");
    check_parse("t.0=x,,y", NULL, "{\"t\":[\"x,y\"]}");

    check_error("t.1=y", NULL, "Parameter 't.0' missing");
    check_error("t.0=x,t.2=y", NULL, "Parameter 't.1' missing");
    check_error("t.0=x,t.3=y,t.2=z", NULL, "Parameter 't.1' missing");
    check_error("t.99999999999999999999999=x", NULL,
                "Parameter 't.0' missing");
    check_error("a.b.1=x", NULL, "Parameter 'a.b.0' missing");
    check_error("t.0=x,t.x=y", NULL, "Parameters 't.*' used inconsistently");
    check_error("t.x=y,t.0=x", NULL, "Parameters 't.*' used inconsistently");
    check_error("t.0.b=1,t.0=1", NULL,
                "Parameters 't.0.*' used inconsistently");
    check_error("t.0.0=a,t.0.x=b", NULL,
                "Parameters 't.0.*' used inconsistently");
    check_error("t.0.1=a", NULL, "Parameter 't.0.0' missing");
}

static void test_keyval_short_bool(void)
{
    GString *out = g_string_new(NULL);
    char *expect;

    error_report_capture(out);
    check_parse_full("pc,flag", "type", KEYVAL_SHORT_BOOL, -1,
                     "{\"type\":\"pc\",\"flag\":\"on\"}");
    expect = g_strdup_printf("%s: warning: short-form boolean option "
                             "'flag' deprecated\n"
                             "Please use flag=on instead\n",
                             error_get_progname());
    g_assert_cmpstr(out->str, ==, expect);
    g_free(expect);

    g_string_truncate(out, 0);
    check_parse_full("a=1,nowait", NULL, KEYVAL_SHORT_BOOL, -1,
                     "{\"a\":\"1\",\"wait\":\"off\"}");
    expect = g_strdup_printf("%s: warning: short-form boolean option "
                             "'nowait' deprecated\n"
                             "Please use wait=off instead\n",
                             error_get_progname());
    g_assert_cmpstr(out->str, ==, expect);
    g_free(expect);

    g_string_truncate(out, 0);
    check_parse_full("server,noserver", NULL, KEYVAL_SHORT_BOOL, -1,
                     "{\"server\":\"off\"}");
    check_parse_full("a.flag", NULL, KEYVAL_SHORT_BOOL, -1,
                     "{\"a\":{\"flag\":\"on\"}}");
    /* "no" alone has nothing to negate. */
    check_parse_full("no", NULL, KEYVAL_SHORT_BOOL, -1, "{\"no\":\"on\"}");
    check_parse_full("flag=off", NULL, KEYVAL_SHORT_BOOL, -1,
                     "{\"flag\":\"off\"}");

    /* No warning for help, or for bad keys (those are errors). */
    g_string_truncate(out, 0);
    check_parse_full("pc,help", "type", KEYVAL_SHORT_BOOL, 1,
                     "{\"type\":\"pc\"}");
    check_error_full("a=1,fl@g", NULL, KEYVAL_SHORT_BOOL, false,
                     "Invalid parameter 'fl@g'");
    check_error_full("flag,flag.x=1", NULL, KEYVAL_SHORT_BOOL, false,
                     "Parameters 'flag.*' used inconsistently");
    error_report_capture(NULL);
    g_assert_null(strstr(out->str, "'help'"));
    g_assert_null(strstr(out->str, "fl@g"));
    g_string_free(out, true);
}

/* Build a dict from a parse that must succeed. */
static QDict *parse_ok(const char *params)
{
    return keyval_parse(params, NULL, NULL, 0, &error_abort);
}

static void test_keyval_merge(void)
{
    QDict *dest = parse_ok("a=1,n.x=1,n.y=2,l.0=p,l.1=q,s=str,d.k=v");
    QDict *src = parse_ok("a=2,n.y=3,n.z=4,b=5,l.0=r,s.in=1,d=flat");
    QDict *src2 = parse_ok("n.x=9");
    char *got;

    keyval_merge(dest, src);
    got = dump_str(dest);
    g_assert_cmpstr(got, ==,
                    "{\"a\":\"2\",\"n\":{\"x\":\"1\",\"y\":\"3\",\"z\":\"4\"},"
                    "\"l\":[\"r\"],\"s\":{\"in\":\"1\"},\"d\":\"flat\","
                    "\"b\":\"5\"}");
    g_free(got);

    /* Merging again into @dest must not reach into @src. */
    keyval_merge(dest, src2);
    got = dump_str(src);
    g_assert_cmpstr(got, ==,
                    "{\"a\":\"2\",\"n\":{\"y\":\"3\",\"z\":\"4\"},\"b\":\"5\","
                    "\"l\":[\"r\"],\"s\":{\"in\":\"1\"},\"d\":\"flat\"}");
    g_free(got);
    g_assert_cmpstr(qdict_get_try_str(qdict_get_qdict(dest, "n"), "x"), ==,
                    "9");

    /* Merging an empty dict changes nothing. */
    qobject_unref(src2);
    src2 = qdict_new();
    keyval_merge(dest, src2);
    g_assert_cmpuint(qdict_size(dest), ==, 6);

    qobject_unref(dest);
    qobject_unref(src);
    qobject_unref(src2);
}

static void check_roundtrip(const char *params)
{
    QDict *dict = parse_ok(params);
    char *str = keyval_to_string(dict);

    g_assert_cmpstr(str, ==, params);
    g_free(str);
    qobject_unref(dict);
}

static void test_keyval_to_string(void)
{
    QDict *dict = qdict_new();
    char *str;

    str = keyval_to_string(dict);
    g_assert_cmpstr(str, ==, "");
    g_free(str);

    qdict_put_str(dict, "a", "1");
    qdict_put_str(dict, "b", "x,y");
    qdict_put_str(dict, "c", "");
    qdict_put_str(dict, "d", ",,");
    str = keyval_to_string(dict);
    g_assert_cmpstr(str, ==, "a=1,b=x,,y,c=,d=,,,,");
    g_free(str);

    /* Typed scalars print the way the keyval parser reads them back. */
    qdict_put_int(dict, "n", 42);
    qdict_put_bool(dict, "t", true);
    qdict_put_bool(dict, "f", false);
    str = keyval_to_string(dict);
    g_assert_cmpstr(str, ==, "a=1,b=x,,y,c=,d=,,,,,n=42,t=on,f=off");
    g_free(str);
    qobject_unref(dict);

    check_roundtrip("a=1");
    check_roundtrip("a=x,,y,b=");
    check_roundtrip("a.b=1,a.c.d=2,t.0=x,t.1=y,,z,u.0.k=v");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/keyval/basic", test_keyval_basic);
    g_test_add_func("/keyval/commas", test_keyval_commas);
    g_test_add_func("/keyval/implied", test_keyval_implied);
    g_test_add_func("/keyval/help", test_keyval_help);
    g_test_add_func("/keyval/bad-keys", test_keyval_bad_keys);
    g_test_add_func("/keyval/missing-equals", test_keyval_missing_equals);
    g_test_add_func("/keyval/nested", test_keyval_nested);
    g_test_add_func("/keyval/lists", test_keyval_lists);
    g_test_add_func("/keyval/short-bool", test_keyval_short_bool);
    g_test_add_func("/keyval/merge", test_keyval_merge);
    g_test_add_func("/keyval/to_string", test_keyval_to_string);
    return g_test_run();
}
