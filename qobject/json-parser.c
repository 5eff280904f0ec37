/*
 * JSON parser: the tokens of one top-level value -> QObject, by recursive
 * descent (json-lexer.c has already bounded the nesting), plus the
 * whole-string entry points of include/qobject/qjson.h.
 */
#include "util/osdep.h"
#include "json-internal.h"

/* ------------------------------------------------------------------ */
/* Parser: the tokens of one value -> QObject */

typedef struct JSONParserCtx {
    const JSONToken *tokens;
    size_t ntokens;
    size_t pos;
    const char *text;
    va_list *ap;
    Error *err;
} JSONParserCtx;

static void parse_error(JSONParserCtx *ctx, const char *fmt, ...)
    CORVID_PRINTF(2, 3);

static void parse_error(JSONParserCtx *ctx, const char *fmt, ...)
{
    va_list ap;
    char *msg;

    if (ctx->err) {
        return;     /* the first error is the one that matters */
    }
    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    error_setg(&ctx->err, JSON_ERR_PREFIX "%s", msg);
    g_free(msg);
}

/* The next token, or NULL (with an error) at the end of the value. */
static const JSONToken *parser_next(JSONParserCtx *ctx)
{
    if (ctx->pos >= ctx->ntokens) {
        parse_error(ctx, "premature EOI");
        return NULL;
    }
    return &ctx->tokens[ctx->pos++];
}

static const JSONToken *parser_peek(JSONParserCtx *ctx)
{
    return ctx->pos < ctx->ntokens ? &ctx->tokens[ctx->pos] : NULL;
}

static QObject *parse_value(JSONParserCtx *ctx);

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Four hex digits at @s (which has @avail bytes), or -1. */
static int32_t parse_hex4(const char *s, size_t avail)
{
    int32_t val = 0;
    int i;

    if (avail < 4) {
        return -1;
    }
    for (i = 0; i < 4; i++) {
        int d = hex_value(s[i]);

        if (d < 0) {
            return -1;
        }
        val = (val << 4) | d;
    }
    return val;
}

/*
 * A \u escape at @s (pointing at the backslash, @avail bytes up to and
 * including the closing quote).  Returns the code point and the number of
 * bytes used, or -1 after reporting an error.
 */
static int32_t parse_unicode_escape(JSONParserCtx *ctx, const char *s,
                                    size_t avail, size_t *used)
{
    int32_t cp = parse_hex4(s + 2, avail - 2);

    if (cp >= 0xD800 && cp <= 0xDBFF) {
        /* A high surrogate must be followed by an escaped low one. */
        int32_t low = -1;

        if (avail >= 12 && s[6] == '\\' && s[7] == 'u') {
            low = parse_hex4(s + 8, avail - 8);
        }
        if (low >= 0xDC00 && low <= 0xDFFF) {
            *used = 12;
            return 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        cp = -1;
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        cp = -1;
    }
    if (cp < 0) {
        parse_error(ctx, "%.*s is not a valid Unicode character",
                    (int)MIN(avail, 6), s);
        return -1;
    }
    if (cp == 0) {
        /* C strings cannot hold NUL. */
        parse_error(ctx, "\\u0000 is not supported");
        return -1;
    }
    *used = 6;
    return cp;
}

static QObject *parse_string(JSONParserCtx *ctx, const JSONToken *tok)
{
    /* The token includes both quotes; the lexer guarantees the closing
     * one is never escaped, so a backslash is always followed by a byte
     * of the content. */
    const char *s = ctx->text + tok->start + 1;
    size_t len = tok->len - 2;
    GString *out;
    size_t i = 0;

    if (!g_utf8_validate_len(s, len, NULL)) {
        parse_error(ctx, "invalid UTF-8 sequence in string");
        return NULL;
    }
    out = g_string_sized_new(len);
    while (i < len) {
        char c = s[i];
        size_t used = 2;
        int32_t cp;

        if (c == '%' && ctx->ap) {
            /* Most likely "'%s'" meant as a directive: refuse. */
            parse_error(ctx, "can't interpolate into string");
            goto fail;
        }
        if (c != '\\') {
            g_string_append_c(out, c);
            i++;
            continue;
        }
        switch (s[i + 1]) {
        case '"':
        case '\'':
        case '\\':
        case '/':
            g_string_append_c(out, s[i + 1]);
            break;
        case 'b':
            g_string_append_c(out, '\b');
            break;
        case 'f':
            g_string_append_c(out, '\f');
            break;
        case 'n':
            g_string_append_c(out, '\n');
            break;
        case 'r':
            g_string_append_c(out, '\r');
            break;
        case 't':
            g_string_append_c(out, '\t');
            break;
        case 'u':
            /* +1: the closing quote may appear in the message. */
            cp = parse_unicode_escape(ctx, s + i, len - i + 1, &used);
            if (cp < 0) {
                goto fail;
            }
            g_string_append_unichar(out, cp);
            break;
        default:
            parse_error(ctx, "invalid escape sequence in string");
            goto fail;
        }
        i += used;
    }
    {
        char *str = g_string_free(out, false);
        QString *qs = qstring_from_str(str);

        g_free(str);
        return QOBJECT(qs);
    }

fail:
    g_string_free(out, true);
    return NULL;
}

static QObject *parse_number(JSONParserCtx *ctx, const JSONToken *tok)
{
    char *str = g_strndup(ctx->text + tok->start, tok->len);
    QObject *ret;

    if (tok->type == JSON_INTEGER) {
        int64_t i64;
        uint64_t u64;

        errno = 0;
        i64 = g_ascii_strtoll(str, NULL, 10);
        if (!errno) {
            ret = QOBJECT(qnum_from_int(i64));
            goto out;
        }
        if (str[0] != '-') {
            errno = 0;
            u64 = g_ascii_strtoull(str, NULL, 10);
            if (!errno) {
                ret = QOBJECT(qnum_from_uint(u64));
                goto out;
            }
        }
        /* Too big for any integer type: fall back to a double. */
    }
    /* Overflow gives an infinity, as in qemu. */
    ret = QOBJECT(qnum_from_double(g_ascii_strtod(str, NULL)));
out:
    g_free(str);
    return ret;
}

static QObject *parse_keyword(JSONParserCtx *ctx, const JSONToken *tok)
{
    const char *s = ctx->text + tok->start;
    char *quoted;

    if (tok->len == 4 && !memcmp(s, "true", 4)) {
        return QOBJECT(qbool_from_bool(true));
    }
    if (tok->len == 5 && !memcmp(s, "false", 5)) {
        return QOBJECT(qbool_from_bool(false));
    }
    if (tok->len == 4 && !memcmp(s, "null", 4)) {
        return QOBJECT(qnull());
    }
    quoted = json_quote_bytes(s, tok->len);
    parse_error(ctx, "invalid keyword '%s'", quoted);
    g_free(quoted);
    return NULL;
}

/* A %-directive; the lexer has checked its spelling. */
static QObject *parse_interp(JSONParserCtx *ctx, const JSONToken *tok)
{
    const char *s = ctx->text + tok->start + 1;     /* past the '%' */
    size_t n = tok->len - 1;
    const char *str;
    QObject *obj;

    g_assert(ctx->ap);
    if (!strncmp(s, "d", n) || !strncmp(s, "i", n)) {
        return QOBJECT(qnum_from_int(va_arg(*ctx->ap, int)));
    } else if (!strncmp(s, "u", n)) {
        return QOBJECT(qnum_from_uint(va_arg(*ctx->ap, unsigned int)));
    } else if (!strncmp(s, "ld", n) || !strncmp(s, "li", n)) {
        return QOBJECT(qnum_from_int(va_arg(*ctx->ap, long)));
    } else if (!strncmp(s, "lu", n)) {
        return QOBJECT(qnum_from_uint(va_arg(*ctx->ap, unsigned long)));
    } else if (!strncmp(s, "lld", n) || !strncmp(s, "lli", n)) {
        return QOBJECT(qnum_from_int(va_arg(*ctx->ap, long long)));
    } else if (!strncmp(s, "llu", n)) {
        return QOBJECT(qnum_from_uint(va_arg(*ctx->ap, unsigned long long)));
    } else if (!strncmp(s, "f", n)) {
        return QOBJECT(qnum_from_double(va_arg(*ctx->ap, double)));
    } else if (!strncmp(s, "s", n)) {
        str = va_arg(*ctx->ap, const char *);
        if (!str) {
            parse_error(ctx, "NULL string for %%s");
            return NULL;
        }
        return QOBJECT(qstring_from_str(str));
    }
    g_assert(!strncmp(s, "p", n));
    obj = va_arg(*ctx->ap, QObject *);
    if (!obj) {
        parse_error(ctx, "NULL QObject for %%p");
    }
    return obj;
}

static QObject *parse_object(JSONParserCtx *ctx)
{
    QDict *dict = qdict_new();
    const JSONToken *tok = parser_peek(ctx);

    if (tok && tok->type == JSON_RCURLY) {
        ctx->pos++;
        return QOBJECT(dict);
    }
    for (;;) {
        QObject *key = parse_value(ctx);
        QObject *value;
        QString *skey;

        if (!key) {
            goto fail;
        }
        skey = qobject_to(QString, key);
        if (!skey) {
            qobject_unref(key);
            parse_error(ctx, "key is not a string in object");
            goto fail;
        }
        tok = parser_next(ctx);
        if (!tok || tok->type != JSON_COLON) {
            qobject_unref(key);
            if (tok) {
                parse_error(ctx, "missing : in object pair");
            }
            goto fail;
        }
        value = parse_value(ctx);
        if (!value) {
            qobject_unref(key);
            goto fail;
        }
        if (qdict_haskey(dict, qstring_get_str(skey))) {
            qobject_unref(key);
            qobject_unref(value);
            parse_error(ctx, "duplicate key");
            goto fail;
        }
        qdict_put_obj(dict, qstring_get_str(skey), value);
        qobject_unref(key);

        tok = parser_next(ctx);
        if (!tok) {
            goto fail;
        }
        if (tok->type == JSON_RCURLY) {
            return QOBJECT(dict);
        }
        if (tok->type != JSON_COMMA) {
            parse_error(ctx, "expected separator in dict");
            goto fail;
        }
    }

fail:
    qobject_unref(dict);
    return NULL;
}

static QObject *parse_array(JSONParserCtx *ctx)
{
    QList *list = qlist_new();
    const JSONToken *tok = parser_peek(ctx);

    if (tok && tok->type == JSON_RSQUARE) {
        ctx->pos++;
        return QOBJECT(list);
    }
    for (;;) {
        QObject *elt = parse_value(ctx);

        if (!elt) {
            goto fail;
        }
        qlist_append_obj(list, elt);
        tok = parser_next(ctx);
        if (!tok) {
            goto fail;
        }
        if (tok->type == JSON_RSQUARE) {
            return QOBJECT(list);
        }
        if (tok->type != JSON_COMMA) {
            parse_error(ctx, "expected separator in list");
            goto fail;
        }
    }

fail:
    qobject_unref(list);
    return NULL;
}

static QObject *parse_value(JSONParserCtx *ctx)
{
    const JSONToken *tok = parser_next(ctx);

    if (!tok) {
        return NULL;
    }
    switch (tok->type) {
    case JSON_LCURLY:
        return parse_object(ctx);
    case JSON_LSQUARE:
        return parse_array(ctx);
    case JSON_STRING:
        return parse_string(ctx, tok);
    case JSON_INTEGER:
    case JSON_FLOAT:
        return parse_number(ctx, tok);
    case JSON_KEYWORD:
        return parse_keyword(ctx, tok);
    case JSON_INTERP:
        return parse_interp(ctx, tok);
    default:
        parse_error(ctx, "expecting value");
        return NULL;
    }
}

QObject *json_parse_tokens(const JSONToken *tokens, size_t ntokens,
                           const char *text, va_list *ap, Error **errp)
{
    JSONParserCtx ctx = {
        .tokens = tokens,
        .ntokens = ntokens,
        .text = text,
        .ap = ap,
    };
    QObject *value = parse_value(&ctx);

    if (value && ctx.pos < ctx.ntokens) {
        /* The streamer cuts values at balanced brackets, so this cannot
         * happen; be safe anyway. */
        parse_error(&ctx, "expecting end of value");
        qobject_unref(value);
        value = NULL;
    }
    error_propagate(errp, ctx.err);
    return value;
}

/* ------------------------------------------------------------------ */
/* Whole strings */

typedef struct JSONCollector {
    QObject *value;
    Error *err;
    bool done;          /* got the first value or error */
    bool extra;         /* and something after it */
} JSONCollector;

static void collect(void *opaque, QObject *value, Error *err)
{
    JSONCollector *c = opaque;

    if (!c->done) {
        c->done = true;
        c->value = value;
        c->err = err;
        return;
    }
    /* Something after the value: keep the first explanation of it. */
    if (!c->extra && !c->err) {
        c->extra = true;
        qobject_unref(c->value);
        c->value = NULL;
        if (err) {
            c->err = err;
            err = NULL;
        } else {
            error_setg(&c->err, JSON_ERR_PREFIX "expecting end of input");
        }
    }
    qobject_unref(value);
    error_free(err);
}

static QObject *parse_whole(const char *string, va_list *ap, Error **errp)
{
    JSONCollector c = { 0 };
    JSONStreamParser *p = json_stream_parser_new_interp(collect, &c, ap);

    json_stream_parser_feed(p, string, strlen(string));
    json_stream_parser_flush(p);
    json_stream_parser_free(p);

    if (!c.done) {
        error_setg(&c.err, JSON_ERR_PREFIX "expecting value");
    }
    if (c.err) {
        error_propagate(errp, c.err);
        return NULL;
    }
    return c.value;
}

QObject *qobject_from_json(const char *string, Error **errp)
{
    return parse_whole(string, NULL, errp);
}

QObject *qobject_from_vjsonf_nofail(const char *fmt, va_list ap)
{
    va_list copy;
    QObject *obj;

    va_copy(copy, ap);
    /* The format is a constant of the program: a bad one is a bug. */
    obj = parse_whole(fmt, &copy, &error_abort);
    va_end(copy);
    return obj;
}

QObject *qobject_from_jsonf_nofail(const char *fmt, ...)
{
    va_list ap;
    QObject *obj;

    va_start(ap, fmt);
    obj = qobject_from_vjsonf_nofail(fmt, ap);
    va_end(ap);
    return obj;
}

QDict *qdict_from_jsonf_nofail(const char *fmt, ...)
{
    va_list ap;
    QObject *obj;
    QDict *dict;

    va_start(ap, fmt);
    obj = qobject_from_vjsonf_nofail(fmt, ap);
    va_end(ap);
    dict = qobject_to(QDict, obj);
    g_assert(dict);
    return dict;
}
