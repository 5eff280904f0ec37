/*
 * Unit tests for util/error.c and util/error-report.c: building,
 * propagating and reporting errors.
 */
#include "util/osdep.h"
#include "util/error.h"
#include "util/error-report.h"

#define TEST_PROGNAME "corvid-test"

static void test_error_setg(void)
{
    Error *err = NULL;

    error_setg(&err, "bad value %d for '%s'", 42, "size");
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, "bad value 42 for 'size'");
    g_assert_cmpint(error_get_class(err), ==, ERROR_CLASS_GENERIC_ERROR);
    g_assert_null(error_get_hint(err));
    error_free_or_abort(&err);
    g_assert_null(err);

    /* A NULL errp drops the error. */
    error_setg(NULL, "dropped %s", "error");

    error_set(&err, ERROR_CLASS_DEVICE_NOT_FOUND, "Device '%s' not found",
              "net0");
    g_assert_cmpint(error_get_class(err), ==, ERROR_CLASS_DEVICE_NOT_FOUND);
    g_assert_cmpstr(error_get_pretty(err), ==, "Device 'net0' not found");
    error_free(err);

    /* error_free(NULL) is fine. */
    error_free(NULL);
}

static void test_error_setg_errno(void)
{
    Error *err = NULL;
    char *expect;

    errno = EBADF;
    error_setg_errno(&err, ENOENT, "Could not open '%s'", "/nonexistent");
    /* errno survives. */
    g_assert_cmpint(errno, ==, EBADF);
    expect = g_strdup_printf("Could not open '/nonexistent': %s",
                             g_strerror(ENOENT));
    g_assert_cmpstr(error_get_pretty(err), ==, expect);
    g_free(expect);
    error_free(err);
    err = NULL;

    /* Error number 0 adds nothing. */
    error_setg_errno(&err, 0, "plain");
    g_assert_cmpstr(error_get_pretty(err), ==, "plain");
    error_free(err);
}

static void test_error_class_names(void)
{
    static const char *const names[ERROR_CLASS__MAX] = {
        [ERROR_CLASS_GENERIC_ERROR] = "GenericError",
        [ERROR_CLASS_COMMAND_NOT_FOUND] = "CommandNotFound",
        [ERROR_CLASS_DEVICE_NOT_ACTIVE] = "DeviceNotActive",
        [ERROR_CLASS_DEVICE_NOT_FOUND] = "DeviceNotFound",
        [ERROR_CLASS_KVM_MISSING_CAP] = "KVMMissingCap",
    };
    int i;

    for (i = 0; i < ERROR_CLASS__MAX; i++) {
        g_assert_cmpstr(error_class_name(i), ==, names[i]);
    }
}

static void test_error_propagate(void)
{
    Error *local = NULL, *dest = NULL, *second = NULL;

    /* Nothing to propagate. */
    error_propagate(&dest, NULL);
    g_assert_null(dest);

    /* Into an empty destination: moved. */
    error_setg(&local, "first");
    error_propagate(&dest, local);
    g_assert_true(dest == local);
    g_assert_cmpstr(error_get_pretty(dest), ==, "first");

    /* Into a full destination: the first error stays, the new one goes. */
    error_setg(&second, "second");
    error_propagate(&dest, second);
    g_assert_cmpstr(error_get_pretty(dest), ==, "first");
    error_free_or_abort(&dest);

    /* Into NULL: freed (the sanitizer catches a leak). */
    local = NULL;
    error_setg(&local, "ignored");
    error_propagate(NULL, local);
}

static void test_error_prepend(void)
{
    Error *err = NULL;

    /* No error: nothing happens. */
    error_prepend(&err, "prefix: ");
    g_assert_null(err);
    error_prepend(NULL, "prefix: ");

    error_setg(&err, "inner");
    error_prepend(&err, "middle %d: ", 2);
    error_prepend(&err, "outer: ");
    g_assert_cmpstr(error_get_pretty(err), ==, "outer: middle 2: inner");
    error_free(err);
}

static void test_error_hint(void)
{
    Error *err = NULL;

    /* No error: nothing happens. */
    error_append_hint(&err, "unused\n");
    g_assert_null(err);
    error_append_hint(NULL, "unused\n");

    error_setg(&err, "bad id");
    error_append_hint(&err, "Identifiers start with a letter.\n");
    error_append_hint(&err, "Try '%s'.\n", "net0");
    g_assert_cmpstr(error_get_hint(err), ==,
                    "Identifiers start with a letter.\nTry 'net0'.\n");
    /* The hint is not part of the message. */
    g_assert_cmpstr(error_get_pretty(err), ==, "bad id");
    error_free(err);
}

static void test_error_copy(void)
{
    Error *err = NULL, *copy;

    error_set(&err, ERROR_CLASS_COMMAND_NOT_FOUND, "no command %s", "x");
    error_append_hint(&err, "hint\n");
    copy = error_copy(err);
    g_assert_true(copy != err);
    g_assert_cmpstr(error_get_pretty(copy), ==, "no command x");
    g_assert_cmpstr(error_get_hint(copy), ==, "hint\n");
    g_assert_cmpint(error_get_class(copy), ==, ERROR_CLASS_COMMAND_NOT_FOUND);

    /* The copy is independent of the original. */
    error_prepend(&err, "changed: ");
    error_append_hint(&err, "more\n");
    error_free(err);
    g_assert_cmpstr(error_get_pretty(copy), ==, "no command x");
    g_assert_cmpstr(error_get_hint(copy), ==, "hint\n");
    error_free(copy);

    /* Without a hint. */
    err = NULL;
    error_setg(&err, "plain");
    copy = error_copy(err);
    g_assert_null(error_get_hint(copy));
    error_free(err);
    error_free(copy);
}

/* Start capturing report output; the returned buffer must be finished. */
static GString *capture_start(void)
{
    GString *out = g_string_new(NULL);

    error_report_capture(out);
    return out;
}

static char *capture_finish(GString *out)
{
    error_report_capture(NULL);
    return g_string_free(out, false);
}

static void test_progname(void)
{
    error_set_progname("/usr/local/bin/" TEST_PROGNAME);
    g_assert_cmpstr(error_get_progname(), ==, TEST_PROGNAME);
    error_set_progname("other");
    g_assert_cmpstr(error_get_progname(), ==, "other");
    error_set_progname(TEST_PROGNAME);
}

static void test_report_format(void)
{
    GString *out;
    char *got;

    error_set_progname(TEST_PROGNAME);

    out = capture_start();
    error_report("bad %s", "thing");
    got = capture_finish(out);
    g_assert_cmpstr(got, ==, TEST_PROGNAME ": bad thing\n");
    g_free(got);

    out = capture_start();
    warn_report("careful %d", 1);
    info_report("note");
    got = capture_finish(out);
    g_assert_cmpstr(got, ==,
                    TEST_PROGNAME ": warning: careful 1\n"
                    TEST_PROGNAME ": info: note\n");
    g_free(got);
}

static void vreport_helper(const char *fmt, ...) CORVID_PRINTF(1, 2);
static void vreport_helper(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_vreport(fmt, ap);
    va_end(ap);
}

static void test_report_vreport(void)
{
    GString *out;
    char *got;

    error_set_progname(TEST_PROGNAME);
    out = capture_start();
    vreport_helper("%s=%d", "x", 3);
    got = capture_finish(out);
    g_assert_cmpstr(got, ==, TEST_PROGNAME ": x=3\n");
    g_free(got);
}

static void test_report_location(void)
{
    char *argv[] = {
        (char *)"corvid", (char *)"-device", (char *)"foo,bar=1",
        (char *)"-m", (char *)"1G", NULL,
    };
    Location loc = { 0 }, saved = { 0 };
    GString *out;
    char *got;

    error_set_progname(TEST_PROGNAME);
    out = capture_start();
    loc_push_none(&loc);
    error_report("no location yet");
    loc_set_cmdline(argv, 1, 2);
    error_report("Property 'foo.bar' not found");
    warn_report("odd");
    loc_save(&saved);
    loc_set_cmdline(argv, 3, 2);
    error_report("bad size");
    loc_restore(&saved);
    error_report("back");
    loc_set_none();
    error_report("none again");
    loc_set_cmdline(argv, 3, 2);
    loc_pop(&loc);
    /* Popping returns to the outer location, which has none. */
    error_report("popped");
    got = capture_finish(out);
    g_assert_cmpstr(got, ==,
                    TEST_PROGNAME ": no location yet\n"
                    TEST_PROGNAME ": -device foo,bar=1: "
                    "Property 'foo.bar' not found\n"
                    TEST_PROGNAME ": -device foo,bar=1: warning: odd\n"
                    TEST_PROGNAME ": -m 1G: bad size\n"
                    TEST_PROGNAME ": -device foo,bar=1: back\n"
                    TEST_PROGNAME ": none again\n"
                    TEST_PROGNAME ": popped\n");
    g_free(got);
}

static void test_report_err(void)
{
    char *argv[] = { (char *)"-object", (char *)"x,id=1a", NULL };
    Location loc = { 0 };
    Error *err = NULL;
    GString *out;
    char *got;

    error_set_progname(TEST_PROGNAME);
    out = capture_start();
    loc_push_none(&loc);
    loc_set_cmdline(argv, 0, 2);

    error_setg(&err, "Parameter 'id' expects an identifier");
    error_append_hint(&err, "Identifiers start with a letter.\n");
    error_report_err(err);

    err = NULL;
    error_setg(&err, "deprecated thing");
    warn_report_err(err);

    loc_pop(&loc);
    got = capture_finish(out);
    g_assert_cmpstr(got, ==,
                    TEST_PROGNAME ": -object x,id=1a: "
                    "Parameter 'id' expects an identifier\n"
                    "Identifiers start with a letter.\n"
                    TEST_PROGNAME ": -object x,id=1a: warning: "
                    "deprecated thing\n");
    g_free(got);
}

/* &error_fatal reports (with the hint-less message) and exits with 1. */
static void test_error_fatal(void)
{
    if (g_test_subprocess()) {
        error_set_progname(TEST_PROGNAME);
        error_setg(&error_fatal, "fatal %s", "problem");
        /* Not reached. */
        exit(0);
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr(TEST_PROGNAME ": fatal problem\n");
}

/* A propagated error into &error_fatal behaves the same. */
static void test_error_fatal_propagate(void)
{
    if (g_test_subprocess()) {
        Error *local = NULL;

        error_set_progname(TEST_PROGNAME);
        error_setg(&local, "late failure");
        error_propagate(&error_fatal, local);
        exit(0);
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*late failure*");
}

/* &error_abort aborts, naming the message. */
static void test_error_abort(void)
{
    if (g_test_subprocess()) {
        error_set_progname(TEST_PROGNAME);
        error_setg(&error_abort, "should not happen");
        exit(0);
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*Unexpected error at*"
                              TEST_PROGNAME ": should not happen*");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/error/setg", test_error_setg);
    g_test_add_func("/error/setg_errno", test_error_setg_errno);
    g_test_add_func("/error/class-names", test_error_class_names);
    g_test_add_func("/error/propagate", test_error_propagate);
    g_test_add_func("/error/prepend", test_error_prepend);
    g_test_add_func("/error/hint", test_error_hint);
    g_test_add_func("/error/copy", test_error_copy);
    g_test_add_func("/error/fatal", test_error_fatal);
    g_test_add_func("/error/fatal-propagate", test_error_fatal_propagate);
    g_test_add_func("/error/abort", test_error_abort);
    g_test_add_func("/error-report/progname", test_progname);
    g_test_add_func("/error-report/format", test_report_format);
    g_test_add_func("/error-report/vreport", test_report_vreport);
    g_test_add_func("/error-report/location", test_report_location);
    g_test_add_func("/error-report/report-err", test_report_err);
    return g_test_run();
}
