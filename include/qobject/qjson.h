/*
 * JSON text <-> QObject, in QMP's dialect.
 *
 * Input is RFC 8259 JSON plus two extensions from the QMP specification
 * (../shared/specs/qmp-spec.txt, section 2): strings may be single-quoted,
 * and both string forms accept the escape \' for a single quote.
 * Output is always strict JSON in ASCII: non-ASCII characters and control
 * characters are written as \uXXXX escapes.
 *
 * Input limits guard against hostile clients: a value may nest at most
 * JSON_MAX_NESTING deep, contain at most JSON_MAX_TOKENS tokens, and its
 * tokens may total at most JSON_MAX_TOKEN_SIZE bytes (whitespace between
 * tokens is not stored and does not count), so a parser's memory stays
 * bounded.  "\u0000" is rejected: strings are C strings.
 *
 * Numbers: integers become int64, or uint64 above INT64_MAX, or a double
 * beyond that; numbers with a fraction or exponent become doubles.
 */
#ifndef QOBJECT_QJSON_H
#define QOBJECT_QJSON_H

#include "qobject/qobject.h"
#include "util/error.h"

#define JSON_MAX_NESTING    1024
#define JSON_MAX_TOKENS     (2 * 1024 * 1024)
#define JSON_MAX_TOKEN_SIZE (64 * 1024 * 1024)

/*
 * Parse @string, which must hold exactly one JSON value (surrounding
 * whitespace allowed).  Returns NULL and sets @errp on malformed input,
 * e.g. "JSON parse error, premature EOI" for a truncated value.
 */
QObject *qobject_from_json(const char *string, Error **errp);

/*
 * Parse @fmt as JSON with printf-style interpolation, for building values
 * in C code and tests.  Outside strings, these directives stand for a
 * value: %d %i %u %ld %lu %lld %llu %" PRId64 " %" PRIu64 " (numbers),
 * %f (double), %s (a C string, becomes a JSON string; NULL is an error),
 * %p (a QObject *, whose reference is stolen).  Aborts on malformed
 * input: the format is a programming constant.
 */
QObject *qobject_from_jsonf_nofail(const char *fmt, ...);
QObject *qobject_from_vjsonf_nofail(const char *fmt, va_list ap);
/* Same, for the common case of an object. */
QDict *qdict_from_jsonf_nofail(const char *fmt, ...);

/*
 * Compact JSON: {"a": 1, "b": [true, null]} (", " and ": " separators).
 * Doubles are written to read back as the same double ("1.0", "0.1");
 * infinities and NaN, which JSON cannot express, are written "inf",
 * "-inf" and "nan" as qemu does, and are not read back.
 */
GString *qobject_to_json(const QObject *obj);
/* Indented JSON, four spaces per level. */
GString *qobject_to_json_pretty(const QObject *obj, bool pretty);

/*
 * Incremental parsing of a stream of JSON values, as the QMP monitor and
 * clients need: feed bytes as they arrive; @emit is called once for each
 * complete top-level value, or with an error for each malformed one (the
 * parser then resynchronises and carries on: after an error inside a
 * value it skips to that value's end or to the next newline, whichever
 * comes first).  Exactly one of @value and @err is non-NULL; @emit owns
 * both.  @emit must not feed, flush or free the parser that calls it.
 */
typedef struct JSONStreamParser JSONStreamParser;
typedef void JSONEmitFunc(void *opaque, QObject *value, Error *err);

JSONStreamParser *json_stream_parser_new(JSONEmitFunc *emit, void *opaque);
void json_stream_parser_feed(JSONStreamParser *p, const char *buf, size_t len);
/* End of input: a partial value is reported as an error. */
void json_stream_parser_flush(JSONStreamParser *p);
/* Throw away any partial input. */
void json_stream_parser_reset(JSONStreamParser *p);
void json_stream_parser_free(JSONStreamParser *p);

#endif
