/*
 * Small string helpers: strict integer and size parsing, human-readable
 * sizes, identifier checks (see include/util/cutils.h).
 */
#include "util/osdep.h"
#include "util/cutils.h"
#include "util/error-report.h"

/* Binary unit shifts: each size suffix is 1024 times the previous one. */
#define SIZE_UNIT_SHIFT 10
#define SIZE_MAX_SHIFT  60      /* 'E' */

/*
 * size_to_str() moves to the next unit once the value would need four
 * digits before the point; 999.5 rather than 1000 because "%.3g" would
 * print 999.5 .. 999.99 as "1e+03".
 */
#define SIZE_STR_NEXT_UNIT 999.5

int parse_int64(const char *str, int64_t *out)
{
    char *end;
    long long val;

    if (!str) {
        return -EINVAL;
    }
    errno = 0;
    val = strtoll(str, &end, 0);
    if (end == str || *end) {
        /* No digits at all, or something after them. */
        return -EINVAL;
    }
    if (errno == ERANGE) {
        return -ERANGE;
    }
    *out = val;
    return 0;
}

int parse_uint64(const char *str, uint64_t *out)
{
    char *end;
    unsigned long long val;

    if (!str) {
        return -EINVAL;
    }
    errno = 0;
    /* strtoull does the modulo-2^64 negation of "-N" for us. */
    val = strtoull(str, &end, 0);
    if (end == str || *end) {
        return -EINVAL;
    }
    if (errno == ERANGE) {
        return -ERANGE;
    }
    *out = val;
    return 0;
}

/* log2 of the multiplier for suffix @c, or -1 if @c is not a suffix. */
static int size_suffix_shift(char c)
{
    static const char suffixes[] = "BKMGTPE";
    const char *p;

    if (c == '\0') {
        return -1;
    }
    p = strchr(suffixes, g_ascii_toupper(c));
    return p ? (int)(p - suffixes) * SIZE_UNIT_SHIFT : -1;
}

/*
 * floor(0.DIGITS * 2^shift), computed exactly: doubling a decimal
 * fraction once moves its next binary digit into the units place.
 * @digits (ASCII, @len of them) is consumed.
 */
static uint64_t fraction_to_bytes(char *digits, size_t len, int shift)
{
    uint64_t bits = 0;
    int i;

    for (i = 0; i < shift; i++) {
        unsigned carry = 0;
        size_t j;

        for (j = len; j-- > 0;) {
            unsigned v = (unsigned)(digits[j] - '0') * 2 + carry;

            digits[j] = (char)('0' + v % 10);
            carry = v / 10;
        }
        bits = (bits << 1) | carry;
    }
    return bits;
}

/*
 * Accepted forms, after optional leading whitespace and '+':
 *   DIGITS[.DIGITS][SUFFIX]    decimal, "1.5G", "1.k", "512"
 *   0xHEXDIGITS[SUFFIX]        hex, no fraction ("0x1000")
 * A fraction is truncated to whole bytes ("1.1k" is 1126), except that
 * without a multiplier (no suffix, or 'B') it must be zero: "1.5" is
 * rejected, "1.0" is 1.  This is what qemu-system does.
 */
int parse_size(const char *str, uint64_t *out)
{
    const char *p = str;
    const char *frac = NULL;
    size_t frac_len = 0;
    uint64_t whole = 0, total, frac_bytes = 0;
    bool hex = false, overflow = false;
    int shift = 0;
    int digits = 0;

    if (!str) {
        return -EINVAL;
    }
    while (g_ascii_isspace(*p)) {
        p++;
    }
    if (*p == '+') {
        p++;
    }
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
        g_ascii_isxdigit(p[2])) {
        hex = true;
        p += 2;
    }

    /* The integer part; overflow is only reported once the syntax is ok. */
    for (;; p++) {
        unsigned d;

        if (hex && g_ascii_isxdigit(*p)) {
            d = g_ascii_xdigit_value(*p);
        } else if (!hex && g_ascii_isdigit(*p)) {
            d = *p - '0';
        } else {
            break;
        }
        if (whole > (UINT64_MAX - d) / (hex ? 16 : 10)) {
            overflow = true;
        } else {
            whole = whole * (hex ? 16 : 10) + d;
        }
        digits++;
    }
    if (!digits) {
        return -EINVAL;
    }

    if (*p == '.') {
        if (hex) {
            return -EINVAL;
        }
        frac = ++p;
        while (g_ascii_isdigit(*p)) {
            p++;
        }
        frac_len = p - frac;
    }

    if (*p) {
        shift = size_suffix_shift(*p);
        if (shift < 0 || p[1]) {
            return -EINVAL;
        }
        if (hex) {
            warn_report("Using a multiplier suffix on hex numbers is "
                        "deprecated: %s", str);
        }
    }

    if (frac_len) {
        if (shift == 0) {
            /* Without a multiplier a fraction can only be ".000". */
            size_t i;

            for (i = 0; i < frac_len; i++) {
                if (frac[i] != '0') {
                    return -EINVAL;
                }
            }
        } else {
            char *buf = g_strndup(frac, frac_len);

            frac_bytes = fraction_to_bytes(buf, frac_len, shift);
            g_free(buf);
        }
    }

    g_assert(shift <= SIZE_MAX_SHIFT);
    if (overflow || whole > (UINT64_MAX >> shift)) {
        return -ERANGE;
    }
    total = whole << shift;
    if (total > UINT64_MAX - frac_bytes) {
        return -ERANGE;
    }
    *out = total + frac_bytes;
    return 0;
}

char *size_to_str(uint64_t size)
{
    static const char *const prefixes[] = {
        "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei",
    };
    char num[G_ASCII_DTOSTR_BUF_SIZE];
    unsigned i = 0;
    double val = (double)size;

    while (i + 1 < ARRAY_SIZE(prefixes) && val >= SIZE_STR_NEXT_UNIT) {
        val /= 1024;
        i++;
    }
    /* Locale-independent, so that the output is always "1.5". */
    g_ascii_formatd(num, sizeof(num), "%.3g", val);
    return g_strdup_printf("%s %sB", num, prefixes[i]);
}

bool id_wellformed(const char *id)
{
    const char *p;

    if (!id || !g_ascii_isalpha(id[0])) {
        return false;
    }
    for (p = id + 1; *p; p++) {
        if (!g_ascii_isalnum(*p) && !strchr("-._", *p)) {
            return false;
        }
    }
    return true;
}
