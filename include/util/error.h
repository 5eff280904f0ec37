/*
 * Errors that travel up the call chain.
 *
 * A function that can fail takes "Error **errp" as its last argument and
 * returns a value that says whether it failed (false, NULL or negative).
 * On failure it stores a new Error in *errp, unless errp is NULL, in which
 * case the error is dropped.  The caller decides what to do: propagate it,
 * report it, or ignore it.  Two special destinations exist:
 *
 *   &error_fatal  report the error and exit(1)  (command-line layer only)
 *   &error_abort  report the error and abort()  (programming errors)
 *
 * Each error carries a class, which QMP sends to its clients as the "class"
 * member of an error reply, and an optional hint printed after the message
 * on the command line (but not sent over QMP).
 */
#ifndef UTIL_ERROR_H
#define UTIL_ERROR_H

#include "util/osdep.h"

typedef struct Error Error;

/* The QMP error classes (see docs/interop/qmp-spec, section 2.4.2). */
typedef enum ErrorClass {
    ERROR_CLASS_GENERIC_ERROR,
    ERROR_CLASS_COMMAND_NOT_FOUND,
    ERROR_CLASS_DEVICE_NOT_ACTIVE,
    ERROR_CLASS_DEVICE_NOT_FOUND,
    ERROR_CLASS_KVM_MISSING_CAP,
    ERROR_CLASS__MAX,
} ErrorClass;

extern Error *error_fatal;
extern Error *error_abort;

/* The QMP name of @cls ("GenericError", "CommandNotFound", ...). */
const char *error_class_name(ErrorClass cls);

void error_setg_internal(Error **errp, const char *src, int line,
                         ErrorClass cls, const char *fmt, ...)
    CORVID_PRINTF(5, 6);
void error_setg_errno_internal(Error **errp, const char *src, int line,
                               int os_errno, const char *fmt, ...)
    CORVID_PRINTF(5, 6);

/* Store a new GenericError with a printf-style message in *errp. */
#define error_setg(errp, ...) \
    error_setg_internal((errp), __FILE__, __LINE__, \
                        ERROR_CLASS_GENERIC_ERROR, __VA_ARGS__)
/* Same, with an explicit error class. */
#define error_set(errp, cls, ...) \
    error_setg_internal((errp), __FILE__, __LINE__, (cls), __VA_ARGS__)
/* Same as error_setg, with ": strerror(os_errno)" appended. */
#define error_setg_errno(errp, os_errno, ...) \
    error_setg_errno_internal((errp), __FILE__, __LINE__, (os_errno), \
                              __VA_ARGS__)

/*
 * Move @local_err into *dst_errp.  If *dst_errp is already set, or
 * dst_errp is NULL, @local_err is freed instead.  @local_err may be NULL.
 */
void error_propagate(Error **dst_errp, Error *local_err);

/* Put "prefix" in front of the message of *errp, if there is an error. */
void error_prepend(Error **errp, const char *fmt, ...) CORVID_PRINTF(2, 3);

/*
 * Add a hint to *errp, shown after the message on the command line.
 * errp must not be &error_fatal or &error_abort (the hint would be lost
 * before the error is reported); use a local Error for those.
 */
void error_append_hint(Error **errp, const char *fmt, ...) CORVID_PRINTF(2, 3);

const char *error_get_pretty(const Error *err);
const char *error_get_hint(const Error *err);
ErrorClass error_get_class(const Error *err);
Error *error_copy(const Error *err);
void error_free(Error *err);
/* Free *errp, if any, and set it to NULL. */
void error_free_or_abort(Error **errp);

#endif
