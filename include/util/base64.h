/*
 * Base64 input from clients (QMP ringbuf-write, and other commands that
 * take "format": "base64").
 */
#ifndef UTIL_BASE64_H
#define UTIL_BASE64_H

#include "util/osdep.h"
#include "util/error.h"

/*
 * Decode @in.  Characters outside the base64 alphabet (other than '=' and
 * line breaks) are an error, "Base64 data contains invalid characters";
 * the decoding itself is as lenient as qemu's (missing padding is fine).
 * Returns a new buffer and its length in *outlen, or NULL.
 */
guchar *base64_decode_checked(const char *in, gsize *outlen, Error **errp);

#endif
