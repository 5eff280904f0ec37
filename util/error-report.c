/*
 * Reporting errors to the user, prefixed with program name and location
 * (see include/util/error-report.h).
 */
#include "util/osdep.h"
#include "util/error-report.h"

static Location std_loc = { .kind = LOC_NONE };
static Location *cur_loc = &std_loc;
static char *progname;
static GString *capture;

Location *loc_push_none(Location *loc)
{
    g_assert(!loc->prev);
    loc->kind = LOC_NONE;
    loc->prev = cur_loc;
    cur_loc = loc;
    return loc;
}

void loc_pop(Location *loc)
{
    g_assert(cur_loc == loc && loc->prev);
    cur_loc = loc->prev;
    loc->prev = NULL;
}

Location *loc_save(Location *loc)
{
    *loc = *cur_loc;
    loc->prev = NULL;
    return loc;
}

void loc_restore(Location *loc)
{
    Location *prev = cur_loc->prev;

    *cur_loc = *loc;
    cur_loc->prev = prev;
}

void loc_set_cmdline(char **argv, int idx, int cnt)
{
    cur_loc->kind = LOC_CMDLINE;
    cur_loc->num = cnt;
    cur_loc->ptr = (const char *const *)argv + idx;
}

void loc_set_none(void)
{
    cur_loc->kind = LOC_NONE;
}

void error_set_progname(const char *argv0)
{
    g_free(progname);
    progname = g_path_get_basename(argv0);
}

const char *error_get_progname(void)
{
    return progname ? progname : "corvid";
}

static void report_out(const char *fmt, ...) CORVID_PRINTF(1, 2);
static void report_out(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    if (capture) {
        g_string_append_vprintf(capture, fmt, ap);
    } else {
        vfprintf(stderr, fmt, ap);
    }
    va_end(ap);
}

static void print_loc(void)
{
    int i;

    report_out("%s: ", error_get_progname());
    if (cur_loc->kind == LOC_CMDLINE) {
        for (i = 0; i < cur_loc->num; i++) {
            report_out("%s%s", i ? " " : "", cur_loc->ptr[i]);
        }
        report_out(": ");
    }
}

static void vreport(const char *prefix, const char *fmt, va_list ap)
{
    char *msg = g_strdup_vprintf(fmt, ap);

    print_loc();
    report_out("%s%s\n", prefix, msg);
    g_free(msg);
    if (!capture) {
        fflush(stderr);
    }
}

void error_vreport(const char *fmt, va_list ap)
{
    vreport("", fmt, ap);
}

void error_report(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport("", fmt, ap);
    va_end(ap);
}

void warn_report(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport("warning: ", fmt, ap);
    va_end(ap);
}

void info_report(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport("info: ", fmt, ap);
    va_end(ap);
}

static void report_err(const char *prefix, Error *err)
{
    const char *hint = error_get_hint(err);

    print_loc();
    report_out("%s%s\n", prefix, error_get_pretty(err));
    if (hint) {
        report_out("%s", hint);
    }
    error_free(err);
}

void error_report_err(Error *err)
{
    report_err("", err);
}

void warn_report_err(Error *err)
{
    report_err("warning: ", err);
}

void error_report_capture(GString *buf)
{
    capture = buf;
}
