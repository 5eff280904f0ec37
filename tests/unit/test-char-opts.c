/*
 * Unit tests for chardev configuration: -chardev options and their
 * errors, -chardev help, the -serial/-qmp shorthands and the chardev-add
 * (ChardevBackend) dicts with their typed checks.  The backends
 * themselves are tested in test-char.c and test-char-socket.c.
 */
#include "util/osdep.h"
#include "util/keyval.h"
#include "util/error-report.h"
#include "qobject/qjson.h"
#include "char-test-helpers.h"

/* @str must fail with exactly @msg and leave no chardev "x" behind. */
static void check_opts_error(const char *str, const char *msg)
{
    g_autoptr(QDict) opts = keyval_parse(str, "backend", NULL, 0,
                                         &error_abort);
    Error *err = NULL;

    g_assert_null(chardev_new_from_opts(opts, &err));
    if (!err || strcmp(error_get_pretty(err), msg)) {
        g_error("-chardev %s: expected \"%s\", got \"%s\"", str, msg,
                err ? error_get_pretty(err) : "(no error)");
    }
    error_free(err);
    g_assert_null(chardev_find("x"));
}

/* ---------------------------------------------------------------------- */
/* -chardev options */

static void test_opts_errors(void)
{
    g_autofree char *longpath = g_strnfill(120, 'p');
    g_autofree char *s1 = NULL, *s2 = NULL;
    Chardev *chr;
    Error *err = NULL;
    g_autoptr(QDict) opts = NULL;

    check_opts_error("null", "chardev: no id specified");
    check_opts_error("null,id=1x", "Parameter 'id' expects an identifier");
    check_opts_error("foo,id=x", "'foo' is not a valid char driver name");
    check_opts_error("help,id=x", "'help' is not a valid char driver name");
    check_opts_error("id=x", "chardev: \"x\" missing backend");
    check_opts_error("null,id=x,bogus=1", "Invalid parameter 'bogus'");
    check_opts_error("null,id=x,a.b=1", "Invalid parameter 'a.b'");
    check_opts_error("foo,bogus=1", "Invalid parameter 'bogus'");
    check_opts_error("null,id=x,mux=on", "chardev: mux=on is not supported");
    check_opts_error("null,id=x,append=maybe",
                     "Parameter 'append' expects 'on' or 'off'");
    check_opts_error("null,id=x,reconnect=abc",
                     "Parameter 'reconnect' expects a number");
    check_opts_error("null,id=x,reconnect=99999999999999999999999",
                     "Value '99999999999999999999999' is too large for "
                     "parameter 'reconnect'");
    check_opts_error("null,id=x,size=abc", "Parameter 'size' expects a "
                     "non-negative number below 2^64");
    check_opts_error("null,id=x,size=-1", "Parameter 'size' expects a "
                     "non-negative number below 2^64");
    check_opts_error("null,id=x,size=99999999999999999999999",
                     "Value '99999999999999999999999' is out of range for "
                     "parameter 'size'");
    check_opts_error("socket,id=x", "Unable to parse FD number ");
    check_opts_error("socket,id=x,port=1234", "Unable to parse FD number ");
    check_opts_error("socket,id=x,fd=3",
                     "chardev: socket: fd= is not supported");
    check_opts_error("socket,id=x,host=localhost",
                     "chardev: socket: no port given");
    check_opts_error("socket,id=x,path=/tmp/x,host=h", "None or one of "
                     "'path', 'fd' or 'host' option required.");
    check_opts_error("socket,id=x,path=/nonexistent/s,server=on,reconnect=1",
                     "'reconnect' option is incompatible with socket in "
                     "server listen mode");
    check_opts_error("socket,id=x,path=/nonexistent/s,wait=off",
                     "'wait' option is incompatible with socket in client "
                     "connect mode");
    check_opts_error("socket,id=x,path=/nonexistent/s,delay=off,nodelay=on",
                     "'delay' and 'nodelay' are mutually exclusive");
    check_opts_error("socket,id=x,path=/nonexistent/s,server=on,wait=off,"
                     "telnet=on", "the telnet protocol is not supported");
    check_opts_error("socket,id=x,path=/nonexistent/s",
                     "Failed to connect to '/nonexistent/s': No such file "
                     "or directory");
    check_opts_error("socket,id=x,path=/nonexistent/s,server=on,wait=off",
                     "Failed to bind socket to /nonexistent/s: No such "
                     "file or directory");
    s1 = g_strdup_printf("socket,id=x,path=%s", longpath);
    s2 = g_strdup_printf("UNIX socket path '%s' is too long", longpath);
    check_opts_error(s1, s2);
    check_opts_error("socket,id=x,host=127.0.0.1,port=abc,server=on,wait=off",
                     "address resolution failed for 127.0.0.1:abc: "
                     "Servname not supported for ai_socktype");
    check_opts_error("file,id=x", "chardev: file: no filename given");
    check_opts_error("file,id=x,path=/nonexistent/f", "Could not open "
                     "'/nonexistent/f': No such file or directory");
    check_opts_error("pipe,id=x", "chardev: pipe: no device path given");
    check_opts_error("pipe,id=x,path=/nonexistent/p", "Could not open "
                     "'/nonexistent/p': No such file or directory");
    check_opts_error("ringbuf,id=x,size=3",
                     "size of ringbuf chardev must be power of two");
    check_opts_error("ringbuf,id=x,size=0",
                     "size of ringbuf chardev must be power of two");
    check_opts_error("memory,id=x,size=8G",
                     "size of ringbuf chardev must not exceed 1 GiB");
    check_opts_error("null,id=x,logfile=/nonexistent/l", "Could not create "
                     "'/nonexistent/l': No such file or directory");

    /* The hints go with the messages. */
    opts = keyval_parse("null,id=1x", "backend", NULL, 0, &error_abort);
    g_assert_null(chardev_new_from_opts(opts, &err));
    g_assert_cmpstr(error_get_hint(err), ==,
                    "Identifiers consist of letters, digits, '-', '.', '_', "
                    "starting with a letter.\n");
    error_free(err);
    err = NULL;
    qobject_unref(opts);
    opts = keyval_parse(s1, "backend", NULL, 0, &error_abort);
    g_assert_null(chardev_new_from_opts(opts, &err));
    g_assert_cmpstr(error_get_hint(err), ==,
                    "Path must be less than 108 bytes\n");
    error_free(err);

    /* Duplicates are found before the options are looked at, as qemu. */
    chr = chr_new("null,id=dup,path=ignored,size=7");
    g_assert_nonnull(chr);
    check_opts_error("null,id=dup", "Duplicate ID 'dup' for chardev");
    check_opts_error("socket,id=dup,bogus=1", "Duplicate ID 'dup' for chardev");
    check_opts_error("null,id=1x,bogus=1",
                     "Parameter 'id' expects an identifier");
    chr_del("dup");
}

static char *captured_print;

static void capture_print(const gchar *s)
{
    char *old = captured_print;

    captured_print = g_strconcat(old ? old : "", s, NULL);
    g_free(old);
}

/* Run @fn with g_print captured; returns what it printed. */
static char *print_of(void (*fn)(const QDict *), const QDict *arg)
{
    GPrintFunc old = g_set_print_handler(capture_print);
    char *out;

    fn(arg);
    g_set_print_handler(old);
    out = captured_print ? captured_print : g_strdup("");
    captured_print = NULL;
    return out;
}

static void test_help(void)
{
    static const char backends[] =
        "Available chardev backend types: \n  file\n  memory\n  null\n"
        "  pipe\n  pty\n  ringbuf\n  socket\n  stdio\n";
    g_autoptr(QDict) sock = qdict_new();
    g_autoptr(QDict) help = qdict_new();
    g_autofree char *a = print_of(chardev_print_help, NULL);
    g_autofree char *b = NULL, *c = NULL;

    g_assert_cmpstr(a, ==, backends);
    qdict_put_str(help, "backend", "help");
    c = print_of(chardev_print_help, help);
    g_assert_cmpstr(c, ==, backends);
    qdict_put_str(sock, "backend", "socket");
    b = print_of(chardev_print_help, sock);
    g_assert_true(g_str_has_prefix(b, "chardev options:\n"
                                      "  abstract=<bool (on/off)>\n"));
    g_assert_nonnull(strstr(b, "\n  backend=<str>\n"));
    g_assert_nonnull(strstr(b, "\n  reconnect=<num>\n"));
    g_assert_nonnull(strstr(b, "\n  size=<size>\n"));
    g_assert_true(g_str_has_suffix(b, "\n  width=<num>\n"));
}

/* ---------------------------------------------------------------------- */
/* Shorthands */

static void check_shorthand_error(const char *spec, const char *msg)
{
    Error *err = NULL;

    g_assert_null(chardev_new_from_shorthand(spec, "x", &err));
    if (!err || strcmp(error_get_pretty(err), msg)) {
        g_error("%s: expected \"%s\", got \"%s\"", spec, msg,
                err ? error_get_pretty(err) : "(no error)");
    }
    error_free(err);
    g_assert_null(chardev_find("x"));
}

static void test_shorthand(void)
{
    g_autofree char *file = tmp_path("short,file");
    g_autofree char *sock = tmp_path("short.sock");
    g_autofree char *spec = NULL, *name = NULL, *expect = NULL;
    g_autoptr(GString) warnings = g_string_new("");
    Chardev *chr;

    chr = chardev_new_from_shorthand("null", "sh0", &error_abort);
    g_assert_cmpstr(chr->label, ==, "sh0");
    g_assert_true(object_dynamic_cast(OBJECT(chr), TYPE_CHARDEV_NULL));
    g_assert_true(chardev_new_from_shorthand("chardev:sh0", "ignored",
                                             &error_abort) == chr);
    g_assert_null(chardev_find("ignored"));

    /* file: takes the rest literally, commas and all. */
    spec = g_strdup_printf("file:%s", file);
    chr = chardev_new_from_shorthand(spec, "sh1", &error_abort);
    g_assert_true(g_file_test(file, G_FILE_TEST_EXISTS));

    g_free(spec);
    spec = g_strdup_printf("unix:%s,server=on,wait=off", sock);
    chr = chardev_new_from_shorthand(spec, "sh2", &error_abort);
    name = chardev_get_filename(chr);
    expect = g_strdup_printf("disconnected:unix:%s,server=on", sock);
    g_assert_cmpstr(name, ==, expect);
    chr_del("sh2");
    g_assert_false(g_file_test(sock, G_FILE_TEST_EXISTS));

    /* Short booleans work, with qemu's deprecation warnings. */
    g_free(spec);
    spec = g_strdup_printf("unix:%s,server,nowait", sock);
    error_report_capture(warnings);
    chr = chardev_new_from_shorthand(spec, "sh2", &error_abort);
    error_report_capture(NULL);
    g_assert_nonnull(strstr(warnings->str, "'server' deprecated"));
    g_free(name);
    name = chardev_get_filename(chr);
    g_assert_cmpstr(name, ==, expect);

    chr = chardev_new_from_shorthand("tcp:127.0.0.1:0,server=on,wait=off",
                                     "sh3", &error_abort);
    g_free(name);
    name = chardev_get_filename(chr);
    g_assert_true(g_str_has_prefix(name, "disconnected:tcp:127.0.0.1:"));
    g_assert_true(g_str_has_suffix(name, ",server=on"));
    g_assert_false(g_str_has_prefix(name, "disconnected:tcp:127.0.0.1:0,"));
    chr = chardev_new_from_shorthand("tcp::0,server=on,wait=off", "sh4",
                                     &error_abort);
    g_free(name);
    name = chardev_get_filename(chr);
    g_assert_true(g_str_has_prefix(name, "disconnected:tcp:0.0.0.0:") ||
                  g_str_has_prefix(name, "disconnected:tcp:::"));

    check_shorthand_error("chardev:nope", "chardev \"nope\" not found");
    check_shorthand_error("nonsense", "'nonsense' is not a valid char driver");
    check_shorthand_error("tcp:abc", "'tcp:abc' is not a valid char driver");
    check_shorthand_error("tcp::", "'tcp::' is not a valid char driver");
    check_shorthand_error("tcp:x:", "'tcp:x:' is not a valid char driver");
    check_shorthand_error("tcp:[::1:4", "'tcp:[::1:4' is not a valid char "
                          "driver");
    check_shorthand_error("null,id=x", "'null,id=x' is not a valid char "
                          "driver");
    check_shorthand_error("stdio,signal=off", "'stdio,signal=off' is not a "
                          "valid char driver");
    check_shorthand_error("mon:stdio", "'mon:stdio' is not a valid char "
                          "driver");
    check_shorthand_error("unix:", "Unable to parse FD number ");
    check_shorthand_error("unix:/nonexistent/s,bogus=1",
                          "Invalid parameter 'bogus'");
    check_shorthand_error("unix:/nonexistent/s,id=y",
                          "Invalid parameter 'id'");
    check_shorthand_error("tcp:127.0.0.1:1,backend=null",
                          "Invalid parameter 'backend'");
    check_shorthand_error("file:", "Could not open '': No such file or "
                          "directory");
    check_shorthand_error("pipe:/nonexistent/p", "Could not open "
                          "'/nonexistent/p': No such file or directory");
    check_shorthand_error("tcp:127.0.0.1:1", "Failed to connect to "
                          "'127.0.0.1:1': Connection refused");

    chr_del("sh0");
    chr_del("sh1");
    chr_del("sh2");
    chr_del("sh3");
    chr_del("sh4");
}

/* ---------------------------------------------------------------------- */
/* chardev-add dicts */

static void check_add_error(const char *id, const char *json,
                            const char *msg)
{
    g_autoptr(QDict) backend = qobject_to(QDict,
                                          qobject_from_json(json,
                                                            &error_abort));
    Error *err = NULL;

    g_assert_null(chardev_new_from_backend(id, backend, &err));
    if (!err || strcmp(error_get_pretty(err), msg)) {
        g_error("%s: expected \"%s\", got \"%s\"", json, msg,
                err ? error_get_pretty(err) : "(no error)");
    }
    error_free(err);
}

static void test_backend_dicts(void)
{
    g_autofree char *sock = tmp_path("add.sock");
    g_autofree char *json = NULL, *name = NULL, *expect = NULL;
    g_autoptr(QDict) ret = NULL;
    g_autoptr(GString) ret_json = NULL;
    Error *err = NULL;
    Chardev *chr;

    chr = add_ok("a", "{\"type\": \"null\", \"data\": {}}");
    ret = chardev_add_return(chr);
    g_assert_cmpint(qdict_size(ret), ==, 0);
    /* chardev-add is more lenient about ids than -chardev, as qemu. */
    add_ok("1d", "{\"type\": \"null\", \"data\": {}}");

    check_add_error("a", "{\"type\": \"null\", \"data\": {}}",
                    "Chardev with id 'a' already exists");
    check_add_error("", "{\"type\": \"null\", \"data\": {}}",
                    "Parameter 'id' expects an identifier");
    check_add_error("a/b", "{\"type\": \"null\", \"data\": {}}",
                    "Parameter 'id' expects an identifier");
    check_add_error("b", "{\"type\": \"null\"}",
                    "Parameter 'backend.data' is missing");
    check_add_error("b", "{\"data\": {}}",
                    "Parameter 'backend.type' is missing");
    check_add_error("b", "{\"type\": \"foo\", \"data\": {}}",
                    "Parameter 'type' does not accept value 'foo'");
    check_add_error("b", "{\"type\": 5, \"data\": {}}",
                    "Invalid parameter type for 'backend.type', expected: "
                    "string");
    check_add_error("b", "{\"type\": \"null\", \"data\": null}",
                    "Invalid parameter type for 'backend.data', expected: "
                    "object");
    check_add_error("b", "{\"type\": \"null\", \"data\": {}, \"extra\": 1}",
                    "Parameter 'backend.extra' is unexpected");
    check_add_error("b", "{\"type\": \"null\", \"data\": {\"x\": 1}}",
                    "Parameter 'backend.data.x' is unexpected");
    check_add_error("b", "{\"type\": \"null\", \"data\": {\"logfile\": 5}}",
                    "Invalid parameter type for 'backend.data.logfile', "
                    "expected: string");
    check_add_error("b", "{\"type\": \"null\", \"data\": "
                    "{\"logfile\": \"/nonexistent/l\"}}",
                    "Failed to add chardev 'b': Could not create "
                    "'/nonexistent/l': No such file or directory");
    check_add_error("b", "{\"type\": \"ringbuf\", \"data\": {\"size\": "
                    "\"4096\"}}", "Invalid parameter type for "
                    "'backend.data.size', expected: integer");
    check_add_error("b", "{\"type\": \"ringbuf\", \"data\": {\"size\": 1.5}}",
                    "Invalid parameter type for 'backend.data.size', "
                    "expected: integer");
    check_add_error("b", "{\"type\": \"ringbuf\", \"data\": {\"size\": -4}}",
                    "Failed to add chardev 'b': size of ringbuf chardev "
                    "must be power of two");
    check_add_error("b", "{\"type\": \"file\", \"data\": {}}",
                    "Parameter 'backend.data.out' is missing");
    check_add_error("b", "{\"type\": \"file\", \"data\": {\"out\": \"/x\", "
                    "\"append\": \"yes\"}}", "Invalid parameter type for "
                    "'backend.data.append', expected: boolean");
    check_add_error("b", "{\"type\": \"file\", \"data\": {\"out\": "
                    "\"/nonexistent/x\"}}", "Failed to add chardev 'b': "
                    "Could not open '/nonexistent/x': No such file or "
                    "directory");
    check_add_error("b", "{\"type\": \"pipe\", \"data\": {}}",
                    "Parameter 'backend.data.device' is missing");
    check_add_error("b", "{\"type\": \"stdio\", \"data\": {\"signal\": 1}}",
                    "Invalid parameter type for 'backend.data.signal', "
                    "expected: boolean");
    check_add_error("b", "{\"type\": \"socket\", \"data\": {}}",
                    "Parameter 'backend.data.addr' is missing");
    check_add_error("b", "{\"type\": \"socket\", \"data\": {\"addr\": "
                    "{\"type\": \"unix\"}}}",
                    "Parameter 'backend.data.addr.data' is missing");
    check_add_error("b", "{\"type\": \"socket\", \"data\": {\"addr\": "
                    "{\"data\": {}}}}",
                    "Parameter 'backend.data.addr.type' is missing");
    check_add_error("b", "{\"type\": \"socket\", \"data\": {\"addr\": "
                    "{\"type\": \"tcp\", \"data\": {}}}}",
                    "Parameter 'type' does not accept value 'tcp'");
    check_add_error("b", "{\"type\": \"socket\", \"data\": {\"addr\": "
                    "{\"type\": \"unix\", \"data\": {}}}}",
                    "Parameter 'backend.data.addr.data.path' is missing");
    check_add_error("b", "{\"type\": \"socket\", \"data\": {\"addr\": "
                    "{\"type\": \"unix\", \"data\": {\"path\": \"/x\", "
                    "\"bogus\": 1}}}}",
                    "Parameter 'backend.data.addr.data.bogus' is "
                    "unexpected");
    check_add_error("b", "{\"type\": \"socket\", \"data\": {\"addr\": "
                    "{\"type\": \"unix\", \"data\": {\"path\": \"/x\"}, "
                    "\"more\": 1}}}",
                    "Parameter 'backend.data.addr.more' is unexpected");
    check_add_error("b", "{\"type\": \"socket\", \"data\": {\"addr\": "
                    "{\"type\": \"inet\", \"data\": {\"host\": \"h\", "
                    "\"port\": 0}}}}", "Invalid parameter type for "
                    "'backend.data.addr.data.port', expected: string");
    check_add_error("b", "{\"type\": \"socket\", \"data\": {\"addr\": "
                    "{\"type\": \"inet\", \"data\": {\"host\": \"h\"}}}}",
                    "Parameter 'backend.data.addr.data.port' is missing");
    check_add_error("b", "{\"type\": \"socket\", \"data\": {\"addr\": "
                    "{\"type\": \"unix\", \"data\": {\"path\": \"/x\"}}, "
                    "\"server\": \"yes\"}}", "Invalid parameter type for "
                    "'backend.data.server', expected: boolean");
    check_add_error("b", "{\"type\": \"socket\", \"data\": {\"addr\": "
                    "{\"type\": \"unix\", \"data\": {\"path\": \"/x\"}}, "
                    "\"reconnect\": 1}}", "Failed to add chardev 'b': "
                    "'reconnect' option is incompatible with socket in "
                    "server listen mode");
    check_add_error("b", "{\"type\": \"socket\", \"data\": {\"addr\": "
                    "{\"type\": \"unix\", \"data\": {\"path\": \"/x\"}}, "
                    "\"server\": false, \"wait\": true}}",
                    "Failed to add chardev 'b': 'wait' option is "
                    "incompatible with socket in client connect mode");
    check_add_error("b", "{\"type\": \"socket\", \"data\": {\"addr\": "
                    "{\"type\": \"vsock\", \"data\": {\"cid\": \"1\", "
                    "\"port\": \"2\"}}}}", "Failed to add chardev 'b': "
                    "vsock socket addresses are not supported");
    check_add_error("b", "{\"type\": \"socket\", \"data\": {\"addr\": "
                    "{\"type\": \"unix\", \"data\": {\"path\": \"/x\"}}, "
                    "\"tls-creds\": \"t\"}}",
                    "Failed to add chardev 'b': TLS is not supported");
    g_assert_null(chardev_find("b"));
    g_assert_null(chardev_new_from_backend("b", NULL, &err));
    assert_error(err, "Parameter 'backend' is missing");
    error_free(err);

    /* QMP's socket defaults: a server that does not wait. */
    json = g_strdup_printf("{\"type\": \"socket\", \"data\": {\"addr\": "
                           "{\"type\": \"unix\", \"data\": {\"path\": "
                           "\"%s\"}}}}", sock);
    chr = add_ok("s", json);
    name = chardev_get_filename(chr);
    expect = g_strdup_printf("disconnected:unix:%s,server=on", sock);
    g_assert_cmpstr(name, ==, expect);

    chr = add_ok("r", "{\"type\": \"memory\", \"data\": {\"size\": 16}}");
    g_assert_true(chardev_find_ringbuf("r", &error_abort) == chr);

    /* pty: the return value names the slave (and nothing is printed:
     * the command line does that, for its own ptys). */
    {
        GPrintFunc old = g_set_print_handler(capture_print);

        chr = add_ok("p", "{\"type\": \"pty\", \"data\": {}}");
        g_set_print_handler(old);
        g_assert_null(captured_print);
    }
    qobject_unref(ret);
    ret = chardev_add_return(chr);
    ret_json = qobject_to_json(QOBJECT(ret));
    g_free(name);
    name = chardev_get_filename(chr);
    g_assert_true(g_str_has_prefix(name, "pty:/dev/pts/"));
    g_free(expect);
    expect = g_strdup_printf("{\"pty\": \"%s\"}", name + strlen("pty:"));
    g_assert_cmpstr(ret_json->str, ==, expect);

    chr_del("a");
    chr_del("1d");
    chr_del("s");
    chr_del("r");
    chr_del("p");
}

int main(int argc, char **argv)
{
    int ret;

    char_test_init(&argc, &argv, "test-chopts-XXXXXX");

    g_test_add_func("/char/opts/errors", test_opts_errors);
    g_test_add_func("/char/opts/help", test_help);
    g_test_add_func("/char/opts/shorthand", test_shorthand);
    g_test_add_func("/char/opts/chardev-add", test_backend_dicts);
    ret = g_test_run();

    char_test_cleanup(true);
    return ret;
}
