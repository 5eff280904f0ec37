/*
 * Small string helpers: strict number parsing, sizes, identifiers.
 */
#ifndef UTIL_CUTILS_H
#define UTIL_CUTILS_H

#include "util/osdep.h"

/*
 * Parse all of @str as an integer with C base-0 rules ("0x10", "020",
 * "16").  Leading whitespace is allowed, trailing characters are not.
 * Return 0, -EINVAL (not a number, or empty) or -ERANGE (overflow).
 * Like strtoull, parse_uint64 accepts a leading '-' and negates modulo 2^64
 * ("-1" is UINT64_MAX), which is what qemu does with such values.
 */
int parse_int64(const char *str, int64_t *out);
int parse_uint64(const char *str, uint64_t *out);

/*
 * Parse a byte count: a decimal or 0x-hex number, an optional decimal
 * fraction (decimal only), and an optional suffix B, K, M, G, T, P or E
 * (case-insensitive, powers of 1024).  No suffix means bytes.  Return 0,
 * -EINVAL or -ERANGE (negative, or 2^64 and above).
 */
int parse_size(const char *str, uint64_t *out);

/* The hint printed after a bad size, as qemu prints it. */
#define SIZE_SUFFIX_HINT \
    "Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, " \
    "peta-\nand exabytes, respectively.\n"

/* "512 B", "4 KiB", "1.5 GiB" (caller frees). */
char *size_to_str(uint64_t size);

/*
 * Identifiers (device and object ids): letters, digits, '-', '.', '_',
 * starting with a letter.
 */
bool id_wellformed(const char *id);
#define ID_WELLFORMED_HINT \
    "Identifiers consist of letters, digits, '-', '.', '_', starting " \
    "with a letter.\n"

#endif
