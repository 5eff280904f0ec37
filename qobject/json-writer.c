/*
 * QObject -> JSON text.
 *
 * Output is ASCII only: control characters, DEL and everything outside
 * ASCII are written as \uXXXX escapes (upper-case hex, as qemu writes
 * them), with a surrogate pair for code points above U+FFFF.  Bytes of a
 * QString that are not valid UTF-8 are written as U+FFFD, one per byte,
 * so the output is always valid.  Numbers are written by qnum_to_string();
 * see there for doubles, infinities and NaN.
 */
#include "util/osdep.h"
#include "qobject/qjson.h"

#define JSON_INDENT "    "      /* one level of pretty-printing */
#define UNICODE_REPLACEMENT 0xFFFD

/*
 * Decode one UTF-8 sequence at @s (NUL-terminated).  Returns the code
 * point and sets *len to the bytes used, or returns -1 with *len = 1 for
 * a malformed, overlong or surrogate sequence or a code point above
 * U+10FFFF.
 */
static int32_t utf8_decode(const unsigned char *s, int *len)
{
    static const int32_t min_for_len[] = { 0, 0, 0x80, 0x800, 0x10000 };
    int32_t cp;
    int n, i;

    *len = 1;
    if (s[0] < 0x80) {
        return s[0];
    } else if ((s[0] & 0xE0) == 0xC0) {
        n = 2;
        cp = s[0] & 0x1F;
    } else if ((s[0] & 0xF0) == 0xE0) {
        n = 3;
        cp = s[0] & 0x0F;
    } else if ((s[0] & 0xF8) == 0xF0) {
        n = 4;
        cp = s[0] & 0x07;
    } else {
        return -1;
    }
    for (i = 1; i < n; i++) {
        /* A NUL terminator fails this test, so we never read past it. */
        if ((s[i] & 0xC0) != 0x80) {
            return -1;
        }
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min_for_len[n] || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
        return -1;
    }
    *len = n;
    return cp;
}

static void write_string(GString *out, const char *str)
{
    const unsigned char *s = (const unsigned char *)str;

    g_string_append_c(out, '"');
    while (*s) {
        int len;
        int32_t cp = utf8_decode(s, &len);

        s += len;
        switch (cp) {
        case '"':
            g_string_append(out, "\\\"");
            continue;
        case '\\':
            g_string_append(out, "\\\\");
            continue;
        case '\b':
            g_string_append(out, "\\b");
            continue;
        case '\f':
            g_string_append(out, "\\f");
            continue;
        case '\n':
            g_string_append(out, "\\n");
            continue;
        case '\r':
            g_string_append(out, "\\r");
            continue;
        case '\t':
            g_string_append(out, "\\t");
            continue;
        }
        if (cp < 0) {
            cp = UNICODE_REPLACEMENT;
        }
        if (cp >= 0x20 && cp < 0x7F) {
            g_string_append_c(out, (char)cp);
        } else if (cp < 0x10000) {
            g_string_append_printf(out, "\\u%04X", (unsigned)cp);
        } else {
            /* UTF-16 surrogate pair. */
            cp -= 0x10000;
            g_string_append_printf(out, "\\u%04X\\u%04X",
                                   (unsigned)(0xD800 | (cp >> 10)),
                                   (unsigned)(0xDC00 | (cp & 0x3FF)));
        }
    }
    g_string_append_c(out, '"');
}

static void write_newline(GString *out, bool pretty, int level)
{
    int i;

    if (!pretty) {
        return;
    }
    g_string_append_c(out, '\n');
    for (i = 0; i < level; i++) {
        g_string_append(out, JSON_INDENT);
    }
}

static void write_value(GString *out, const QObject *obj, bool pretty,
                        int level)
{
    switch (qobject_type(obj)) {
    case QTYPE_QNULL:
        g_string_append(out, "null");
        break;
    case QTYPE_QBOOL:
        g_string_append(out, qbool_get_bool(container_of(obj, QBool, base))
                        ? "true" : "false");
        break;
    case QTYPE_QNUM: {
        char *text = qnum_to_string(container_of(obj, QNum, base));

        g_string_append(out, text);
        g_free(text);
        break;
    }
    case QTYPE_QSTRING:
        write_string(out, qstring_get_str(container_of(obj, QString, base)));
        break;
    case QTYPE_QDICT: {
        const QDict *qdict = container_of(obj, QDict, base);
        const QDictEntry *e;

        g_string_append_c(out, '{');
        for (e = qdict_first(qdict); e; e = qdict_next(qdict, e)) {
            if (e != qdict_first(qdict)) {
                g_string_append(out, pretty ? "," : ", ");
            }
            write_newline(out, pretty, level + 1);
            write_string(out, qdict_entry_key(e));
            g_string_append(out, ": ");
            write_value(out, qdict_entry_value(e), pretty, level + 1);
        }
        if (qdict_size(qdict)) {
            write_newline(out, pretty, level);
        }
        g_string_append_c(out, '}');
        break;
    }
    case QTYPE_QLIST: {
        const QList *qlist = container_of(obj, QList, base);
        size_t i, n = qlist_size(qlist);

        g_string_append_c(out, '[');
        for (i = 0; i < n; i++) {
            if (i) {
                g_string_append(out, pretty ? "," : ", ");
            }
            write_newline(out, pretty, level + 1);
            write_value(out, qlist_get(qlist, i), pretty, level + 1);
        }
        if (n) {
            write_newline(out, pretty, level);
        }
        g_string_append_c(out, ']');
        break;
    }
    default:
        g_assert_not_reached();
    }
}

GString *qobject_to_json_pretty(const QObject *obj, bool pretty)
{
    GString *out = g_string_new(NULL);

    write_value(out, obj, pretty, 0);
    return out;
}

GString *qobject_to_json(const QObject *obj)
{
    return qobject_to_json_pretty(obj, false);
}
