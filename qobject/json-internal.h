/*
 * Private to qobject/: what the JSON lexer (json-lexer.c) and parser
 * (json-parser.c) share.  See json-lexer.c for how the stages fit.
 */
#ifndef QOBJECT_JSON_INTERNAL_H
#define QOBJECT_JSON_INTERNAL_H

#include "qobject/qjson.h"

#define JSON_ERR_PREFIX "JSON parse error, "

typedef enum JSONTokenType {
    JSON_LCURLY,
    JSON_RCURLY,
    JSON_LSQUARE,
    JSON_RSQUARE,
    JSON_COLON,
    JSON_COMMA,
    JSON_INTEGER,
    JSON_FLOAT,
    JSON_KEYWORD,
    JSON_STRING,
    JSON_INTERP,
} JSONTokenType;

/* A token's text lives in the streamer's buffer; 32 bits are enough
 * because a value is at most JSON_MAX_TOKEN_SIZE bytes. */
typedef struct JSONToken {
    uint32_t start;
    uint32_t len;
    JSONTokenType type;
} JSONToken;

/*
 * @len bytes of @text, made fit for quoting in an error message (caller
 * frees).
 */
char *json_quote_bytes(const char *text, size_t len);

/*
 * Parse the @ntokens tokens of one top-level value, whose texts are in
 * @text.  @ap holds the arguments of %-directives, if any.
 */
QObject *json_parse_tokens(const JSONToken *tokens, size_t ntokens,
                           const char *text, va_list *ap, Error **errp);

/* A stream parser that also accepts %-directives, taking from @ap. */
JSONStreamParser *json_stream_parser_new_interp(JSONEmitFunc *emit,
                                                void *opaque, va_list *ap);

#endif
