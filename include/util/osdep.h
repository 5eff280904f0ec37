/*
 * Corvid: the common include every C file starts with.
 *
 * It pulls in the C library and GLib headers the whole tree relies on,
 * plus a handful of helper macros, so that each file can include only the
 * project headers it actually needs.
 */
#ifndef UTIL_OSDEP_H
#define UTIL_OSDEP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <limits.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/types.h>
#include <glib.h>

#define CORVID_VERSION "0.1.0"

/* The container of @ptr, a pointer to @member inside a @type. */
#define container_of(ptr, type, member) \
    ((type *)((char *)(ptr) - offsetof(type, member)))

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#define CORVID_PRINTF(fmt_idx, arg_idx) \
    __attribute__((format(printf, fmt_idx, arg_idx)))
#define CORVID_NORETURN __attribute__((noreturn))
#define CORVID_UNUSED __attribute__((unused))

#define KiB (1ULL << 10)
#define MiB (1ULL << 20)
#define GiB (1ULL << 30)
#define TiB (1ULL << 40)

#endif
