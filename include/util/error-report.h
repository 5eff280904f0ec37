/*
 * Reporting errors, warnings and information to the user.
 *
 * Messages go to stderr as
 *
 *     PROGNAME: LOCATION: message
 *
 * where LOCATION is the command-line option being processed (for example
 * "-device foo,bar=1"), if any.  The location is a stack: code that works
 * on behalf of an option pushes it, reports, and pops it again.
 */
#ifndef UTIL_ERROR_REPORT_H
#define UTIL_ERROR_REPORT_H

#include "util/error.h"

typedef struct Location {
    enum { LOC_NONE, LOC_CMDLINE } kind;
    int num;            /* number of argv words */
    const char *const *ptr;  /* the option and its argument */
    struct Location *prev;
} Location;

/* Push a new, empty location and return it. */
Location *loc_push_none(Location *loc);
/* Pop @loc, which must be the innermost location. */
void loc_pop(Location *loc);
/* Make the innermost location argv[idx .. idx + cnt - 1]. */
void loc_set_cmdline(char **argv, int idx, int cnt);
/* Make the innermost location empty. */
void loc_set_none(void);
/* Save the innermost location into @loc / restore it from @loc. */
Location *loc_save(Location *loc);
void loc_restore(Location *loc);

/* The program name used as message prefix (basename of argv[0]). */
void error_set_progname(const char *argv0);
const char *error_get_progname(void);

void error_report(const char *fmt, ...) CORVID_PRINTF(1, 2);
void warn_report(const char *fmt, ...) CORVID_PRINTF(1, 2);
void info_report(const char *fmt, ...) CORVID_PRINTF(1, 2);
void error_vreport(const char *fmt, va_list ap) CORVID_PRINTF(1, 0);

/* Report @err with its hint, then free it. */
void error_report_err(Error *err);
void warn_report_err(Error *err);

/*
 * Redirect error_report() output into a GString instead of stderr, for
 * tests.  Pass NULL to restore stderr.
 */
void error_report_capture(GString *buf);

#endif
