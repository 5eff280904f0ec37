/*
 * JSON lexer and streamer: bytes -> the tokens of one top-level value at
 * a time (see include/qobject/qjson.h for the dialect).
 *
 * Three stages, all driven one byte at a time so that the QMP monitor can
 * feed whatever the socket delivers:
 *
 *   lexer     splits bytes into tokens: punctuation, strings (either
 *             quote), numbers, keywords, and %-directives when
 *             interpolating.  It only finds token boundaries; the content
 *             of strings is checked by the parser.
 *   streamer  collects the tokens of one top-level value, counting open
 *             braces and brackets, and hands them to the parser when the
 *             counts return to zero (or go negative: a stray closer).  It
 *             enforces the size, token count and nesting limits.
 *   parser    (json-parser.c) turns one value's tokens into a QObject.
 *
 * After an error found before the end of a value (a bad byte, a limit),
 * the streamer resynchronises: it keeps lexing without storing anything,
 * still counting brackets, and resumes at the end of the broken value or
 * at the next newline, whichever comes first; junk outside any value ends
 * at the next blank or punctuation.  Errors found by the parser need no
 * recovery: the whole value has been consumed by then.
 *
 * The emit callback must not feed, flush or free the parser it was
 * called from.
 */
#include "util/osdep.h"
#include "json-internal.h"

/* Quoting a bad token in an error message: at most this many bytes. */
#define JSON_MAX_QUOTED 64
/* Buffers larger than this are freed after each value, not reused. */
#define JSON_KEEP_BUFFER (64 * 1024)

typedef enum JSONLexState {
    LEX_START,          /* between tokens */
    LEX_STRING,         /* inside a string quoted with .quote */
    LEX_STRING_ESC,     /* after a backslash inside a string */
    LEX_MINUS,          /* "-" */
    LEX_ZERO,           /* "0" or "-0": no more integer digits allowed */
    LEX_INT,            /* integer digits */
    LEX_DOT,            /* "1.": a digit must follow */
    LEX_FRAC,           /* fraction digits */
    LEX_EXP,            /* "1e": a sign or digit must follow */
    LEX_EXP_SIGN,       /* "1e+": a digit must follow */
    LEX_EXP_DIGITS,     /* exponent digits */
    LEX_KEYWORD,        /* letters */
    LEX_INTERP,         /* "%" and length modifiers, when interpolating */
} JSONLexState;

struct JSONStreamParser {
    JSONEmitFunc *emit;
    void *opaque;
    va_list *ap;            /* interpolation arguments, or NULL */

    JSONLexState state;
    char quote;             /* in LEX_STRING: the closing quote */
    size_t tok_start;       /* offset in .text of the current token */

    GString *text;          /* the tokens of the pending value */
    GArray *tokens;         /* of JSONToken */
    int braces, brackets;   /* open '{' and '[' in the pending value */

    bool recovering;        /* skipping the rest of a broken value */
    int rec_depth;          /* while recovering: brackets still open */
};

/* ------------------------------------------------------------------ */
/* Errors */

/*
 * @len bytes of @text, made fit for an error message: shortened, NUL
 * bytes and invalid UTF-8 replaced by U+FFFD (which is how the JSON
 * writer will show them to a QMP client anyway).
 */
char *json_quote_bytes(const char *text, size_t len)
{
    GString *buf = g_string_new_len(text, MIN(len, JSON_MAX_QUOTED));
    char *valid;
    size_t i;

    for (i = 0; i < buf->len; i++) {
        if (buf->str[i] == '\0') {
            buf->str[i] = '\xff';   /* invalid: becomes U+FFFD below */
        }
    }
    valid = g_utf8_make_valid(buf->str, buf->len);
    g_string_free(buf, true);
    if (len > JSON_MAX_QUOTED) {
        char *longer = g_strconcat(valid, "...", NULL);

        g_free(valid);
        return longer;
    }
    return valid;
}

/* ------------------------------------------------------------------ */
/* Streamer */

static void clear_pending(JSONStreamParser *p)
{
    /* Don't let one huge value pin its buffers forever. */
    if (p->text->allocated_len > JSON_KEEP_BUFFER) {
        g_string_free(p->text, true);
        p->text = g_string_new(NULL);
    } else {
        g_string_truncate(p->text, 0);
    }
    if (p->tokens->len * sizeof(JSONToken) > JSON_KEEP_BUFFER) {
        g_array_free(p->tokens, true);
        p->tokens = g_array_new(false, false, sizeof(JSONToken));
    } else {
        g_array_set_size(p->tokens, 0);
    }
    p->braces = 0;
    p->brackets = 0;
}

static void emit_error(JSONStreamParser *p, const char *fmt, ...)
    CORVID_PRINTF(2, 3);

static void emit_error(JSONStreamParser *p, const char *fmt, ...)
{
    Error *err = NULL;
    va_list ap;
    char *msg;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    error_setg(&err, JSON_ERR_PREFIX "%s", msg);
    g_free(msg);
    p->emit(p->opaque, NULL, err);
}

/* Limits are reported in qemu's words, without the parse-error prefix. */
static void emit_limit_error(JSONStreamParser *p, const char *what)
{
    Error *err = NULL;

    error_setg(&err, "JSON %s limit exceeded", what);
    p->emit(p->opaque, NULL, err);
}

/* Drop the pending value and skip input until it ends (see top). */
static void start_recovery(JSONStreamParser *p, int depth)
{
    clear_pending(p);
    p->recovering = true;
    p->rec_depth = depth;
}

/* Parse the pending tokens and emit the result. */
static void emit_pending(JSONStreamParser *p)
{
    Error *err = NULL;
    QObject *value = json_parse_tokens((const JSONToken *)p->tokens->data,
                                       p->tokens->len, p->text->str, p->ap,
                                       &err);

    clear_pending(p);
    p->emit(p->opaque, value, err);
}

/* The lexer finished a token at .tok_start in .text. */
static void token_done(JSONStreamParser *p, JSONTokenType type)
{
    int open = type == JSON_LCURLY || type == JSON_LSQUARE;
    int close = type == JSON_RCURLY || type == JSON_RSQUARE;
    JSONToken tok;
    bool ended;
    int depth;

    p->state = LEX_START;
    if (p->recovering) {
        p->rec_depth += open;
        if (close && p->rec_depth > 0) {
            p->rec_depth--;
        }
        if (p->rec_depth == 0) {
            p->recovering = false;      /* the broken value is over */
        }
        return;
    }

    if (type == JSON_LCURLY) {
        p->braces++;
    } else if (type == JSON_RCURLY) {
        p->braces--;
    } else if (type == JSON_LSQUARE) {
        p->brackets++;
    } else if (type == JSON_RSQUARE) {
        p->brackets--;
    }
    depth = p->braces + p->brackets;

    ended = (p->braces == 0 && p->brackets == 0) ||
            p->braces < 0 || p->brackets < 0;

    if (p->tokens->len >= JSON_MAX_TOKENS) {
        emit_limit_error(p, "token count");
        if (ended) {
            clear_pending(p);
        } else {
            start_recovery(p, depth);
        }
        return;
    }
    tok.type = type;
    tok.start = p->tok_start;
    tok.len = p->text->len - p->tok_start;
    g_array_append_val(p->tokens, tok);

    if (depth > JSON_MAX_NESTING) {
        emit_limit_error(p, "nesting depth");
        start_recovery(p, depth);
        return;
    }
    if (ended) {
        emit_pending(p);
    }
}

/* Append a byte of the current token, if the value has room for it. */
static void store_byte(JSONStreamParser *p, char c)
{
    if (p->recovering) {
        return;
    }
    if (p->text->len >= JSON_MAX_TOKEN_SIZE) {
        emit_limit_error(p, "token size");
        /* The lexer state stays: the token is skipped to its end. */
        start_recovery(p, p->braces + p->brackets);
        return;
    }
    g_string_append_c(p->text, c);
}

/* Append @n bytes of a string token (see store_byte). */
static void store_run(JSONStreamParser *p, const char *s, size_t n)
{
    size_t room;

    if (p->recovering) {
        return;
    }
    room = JSON_MAX_TOKEN_SIZE - p->text->len;
    if (n <= room) {
        g_string_append_len(p->text, s, n);
        return;
    }
    g_string_append_len(p->text, s, room);
    store_byte(p, s[room]);     /* reports the error, starts recovery */
}

/* How many bytes at @s are plain string content. */
static size_t string_run(JSONStreamParser *p, const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        unsigned char c = s[i];

        /* 0xFF too: it resets the parser (QMP specification 2.6). */
        if (c < 0x20 || c == 0xff || c == '\\' ||
            c == (unsigned char)p->quote) {
            break;
        }
    }
    return i;
}

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Bytes that can end a malformed token and start something else. */
static bool is_delimiter(unsigned char c)
{
    return is_space(c) || (c && strchr("{}[],:\"'", c));
}

/*
 * The current token is malformed at byte @c (-1 at the end of input).
 * Report it, unless recovering, and skip the rest of the value.
 * Returns whether @c was consumed: a delimiter is looked at again.
 */
static bool lex_error(JSONStreamParser *p, int c)
{
    bool consumed = c >= 0 && !is_delimiter(c);

    p->state = LEX_START;
    if (!p->recovering) {
        /* Only the start of a long token will be quoted. */
        size_t len = MIN(p->text->len - p->tok_start, JSON_MAX_QUOTED + 1);
        GString *bad = g_string_new_len(p->text->str + p->tok_start, len);
        char *quoted;

        if (c >= 0 && len <= JSON_MAX_QUOTED) {
            g_string_append_c(bad, c);
        }
        quoted = json_quote_bytes(bad->str, bad->len);
        emit_error(p, "stray '%s'", quoted);
        g_free(quoted);
        g_string_free(bad, true);
        start_recovery(p, p->braces + p->brackets);
    }
    return consumed;
}

/* A control character inside a string; returns whether it was consumed. */
static bool lex_string_control(JSONStreamParser *p, unsigned char c)
{
    lex_error(p, c);
    if (c == '\n') {
        return false;       /* ends the string: resynchronise here */
    }
    /* Otherwise keep skipping the string, so its closing quote is not
     * taken for an opening one. */
    p->state = LEX_STRING;
    return true;
}

/* Start a token with byte @c in state @state. */
static void lex_begin(JSONStreamParser *p, JSONLexState state, char c)
{
    p->state = state;
    p->tok_start = p->text->len;
    store_byte(p, c);
}

static bool lex_start(JSONStreamParser *p, unsigned char c)
{
    static const struct {
        char c;
        JSONTokenType type;
    } punct[] = {
        { '{', JSON_LCURLY }, { '}', JSON_RCURLY },
        { '[', JSON_LSQUARE }, { ']', JSON_RSQUARE },
        { ':', JSON_COLON }, { ',', JSON_COMMA },
    };
    size_t i;

    if (is_space(c)) {
        return true;
    }
    for (i = 0; i < ARRAY_SIZE(punct); i++) {
        if (c == punct[i].c) {
            lex_begin(p, LEX_START, c);
            token_done(p, punct[i].type);
            return true;
        }
    }
    if (c == '"' || c == '\'') {
        lex_begin(p, LEX_STRING, c);
        p->quote = c;
    } else if (c == '-') {
        lex_begin(p, LEX_MINUS, c);
    } else if (c == '0') {
        lex_begin(p, LEX_ZERO, c);
    } else if (g_ascii_isdigit(c)) {
        lex_begin(p, LEX_INT, c);
    } else if (c >= 'a' && c <= 'z') {
        lex_begin(p, LEX_KEYWORD, c);
    } else if (c == '%' && p->ap) {
        lex_begin(p, LEX_INTERP, c);
    } else {
        /* Junk: it is not a delimiter, so lex_error() consumes it. */
        p->tok_start = p->text->len;
        return lex_error(p, c);
    }
    return true;
}

/* Continue or end a number; returns whether @c was used. */
static bool lex_number(JSONStreamParser *p, unsigned char c)
{
    bool digit = g_ascii_isdigit(c);
    bool exp = c == 'e' || c == 'E';
    JSONLexState next;

    switch (p->state) {
    case LEX_MINUS:
        if (!digit) {
            return lex_error(p, c);
        }
        next = c == '0' ? LEX_ZERO : LEX_INT;
        break;
    case LEX_ZERO:
    case LEX_INT:
        if (digit && p->state == LEX_ZERO) {
            return lex_error(p, c);     /* leading zeros are not JSON */
        }
        next = digit ? LEX_INT : c == '.' ? LEX_DOT : exp ? LEX_EXP : LEX_START;
        if (next == LEX_START) {
            token_done(p, JSON_INTEGER);
            return false;
        }
        break;
    case LEX_DOT:
        if (!digit) {
            return lex_error(p, c);
        }
        next = LEX_FRAC;
        break;
    case LEX_FRAC:
        next = digit ? LEX_FRAC : exp ? LEX_EXP : LEX_START;
        if (next == LEX_START) {
            token_done(p, JSON_FLOAT);
            return false;
        }
        break;
    case LEX_EXP:
        if (!digit && c != '+' && c != '-') {
            return lex_error(p, c);
        }
        next = digit ? LEX_EXP_DIGITS : LEX_EXP_SIGN;
        break;
    case LEX_EXP_SIGN:
        if (!digit) {
            return lex_error(p, c);
        }
        next = LEX_EXP_DIGITS;
        break;
    case LEX_EXP_DIGITS:
        if (!digit) {
            token_done(p, JSON_FLOAT);
            return false;
        }
        next = LEX_EXP_DIGITS;
        break;
    default:
        g_assert_not_reached();
    }
    p->state = next;
    store_byte(p, c);
    return true;
}

/* %d %i %u, with l or ll; %f %s %p */
static bool lex_interp(JSONStreamParser *p, unsigned char c)
{
    size_t len = p->text->len - p->tok_start;   /* "%" and modifiers */

    if (p->recovering) {
        p->state = LEX_START;
        return true;
    }
    if (c == 'l' && len < 3) {
        store_byte(p, c);
        return true;
    }
    if (c && (strchr("diu", c) || (len == 1 && strchr("fsp", c)))) {
        store_byte(p, c);
        token_done(p, JSON_INTERP);
        return true;
    }
    return lex_error(p, c);
}

/* Feed one byte to the lexer; false if it must be fed again. */
static bool lex_byte(JSONStreamParser *p, unsigned char c)
{
    switch (p->state) {
    case LEX_START:
        return lex_start(p, c);
    case LEX_STRING:
        if (c < 0x20) {
            return lex_string_control(p, c);
        }
        store_byte(p, c);
        if (c == '\\') {
            p->state = LEX_STRING_ESC;
        } else if (c == p->quote) {
            token_done(p, JSON_STRING);
        }
        return true;
    case LEX_STRING_ESC:
        if (c < 0x20) {
            return lex_string_control(p, c);
        }
        store_byte(p, c);
        p->state = LEX_STRING;
        return true;
    case LEX_KEYWORD:
        if (g_ascii_isalnum(c) || c == '_') {
            store_byte(p, c);
            return true;
        }
        token_done(p, JSON_KEYWORD);
        return false;
    case LEX_INTERP:
        return lex_interp(p, c);
    default:
        return lex_number(p, c);
    }
}

JSONStreamParser *json_stream_parser_new_interp(JSONEmitFunc *emit,
                                                void *opaque, va_list *ap)
{
    JSONStreamParser *p = g_new0(JSONStreamParser, 1);

    p->emit = emit;
    p->opaque = opaque;
    p->ap = ap;
    p->text = g_string_new(NULL);
    p->tokens = g_array_new(false, false, sizeof(JSONToken));
    return p;
}

JSONStreamParser *json_stream_parser_new(JSONEmitFunc *emit, void *opaque)
{
    return json_stream_parser_new_interp(emit, opaque, NULL);
}

/*
 * QMP specification section 2.6: a control character other than tab, CR
 * and LF, or a 0xFF byte, is how a client forces the parser back into a
 * known-good state.  It is reported (unless an error is already being
 * skipped) and everything pending is dropped at once, whatever the parser
 * was in the middle of, strings included.
 */
static bool is_reset_byte(unsigned char c)
{
    return c == 0xff || (c < 0x20 && c != '\t' && c != '\r' && c != '\n');
}

static void reset_known_good(JSONStreamParser *p, unsigned char c)
{
    if (!p->recovering) {
        char byte = c;
        char *quoted = json_quote_bytes(&byte, 1);

        emit_error(p, "stray '%s'", quoted);
        g_free(quoted);
    }
    clear_pending(p);
    p->recovering = false;
    p->state = LEX_START;
}

void json_stream_parser_feed(JSONStreamParser *p, const char *buf, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        unsigned char c = buf[i];
        bool consumed;

        if (is_reset_byte(c)) {
            reset_known_good(p, c);
            continue;
        }

        if (p->state == LEX_STRING) {
            /* Fast path for the bulk of strings, which needs no state
             * change: the bytes up to a quote, backslash or control. */
            size_t run = string_run(p, buf + i, len - i);

            if (run) {
                store_run(p, buf + i, run);
                i += run - 1;
                continue;
            }
        }

        /* Not consumed: a token ended before @c, which is looked at again
         * in the new state (which may be the start of recovery). */
        do {
            if (p->recovering) {
                if (c == '\n') {
                    /* Resynchronise at a newline, whatever we were in. */
                    p->recovering = false;
                    p->state = LEX_START;
                    break;
                }
                if (p->state == LEX_START && p->rec_depth == 0 &&
                    is_delimiter(c)) {
                    /* The junk that broke a top-level value is over. */
                    p->recovering = false;
                }
            }
            consumed = lex_byte(p, c);
        } while (!consumed);
    }
}

void json_stream_parser_flush(JSONStreamParser *p)
{
    bool broken = false;

    switch (p->state) {
    case LEX_START:
        break;
    case LEX_ZERO:
    case LEX_INT:
        token_done(p, JSON_INTEGER);
        break;
    case LEX_FRAC:
    case LEX_EXP_DIGITS:
        token_done(p, JSON_FLOAT);
        break;
    case LEX_KEYWORD:
        token_done(p, JSON_KEYWORD);
        break;
    case LEX_STRING:
    case LEX_STRING_ESC:
        if (!p->recovering) {
            emit_error(p, "premature EOI");
        }
        broken = true;
        break;
    default:
        lex_error(p, -1);
        broken = true;
        break;
    }
    if (!broken && !p->recovering && p->tokens->len) {
        /* An unfinished value: the parser says where it stops. */
        emit_pending(p);
    }
    json_stream_parser_reset(p);
}

void json_stream_parser_reset(JSONStreamParser *p)
{
    clear_pending(p);
    p->state = LEX_START;
    p->recovering = false;
    p->rec_depth = 0;
}

void json_stream_parser_free(JSONStreamParser *p)
{
    if (!p) {
        return;
    }
    g_string_free(p->text, true);
    g_array_free(p->tokens, true);
    g_free(p);
}
