/*
 * Unit tests for util/cutils.c: integer and size parsing, size_to_str,
 * id_wellformed.
 */
#include "util/osdep.h"
#include "util/cutils.h"
#include "util/error-report.h"

typedef struct IntCase {
    const char *str;
    int ret;
    int64_t val;
} IntCase;

typedef struct UintCase {
    const char *str;
    int ret;
    uint64_t val;
} UintCase;

static void test_parse_int64(void)
{
    static const IntCase cases[] = {
        { "0", 0, 0 },
        { "16", 0, 16 },
        { "0x10", 0, 16 },
        { "0X1f", 0, 31 },
        { "020", 0, 16 },
        { "-5", 0, -5 },
        { "+7", 0, 7 },
        { "  \t42", 0, 42 },
        { "9223372036854775807", 0, INT64_MAX },
        { "-9223372036854775808", 0, INT64_MIN },
        { "9223372036854775808", -ERANGE, 0 },
        { "-9223372036854775809", -ERANGE, 0 },
        { "0xffffffffffffffff", -ERANGE, 0 },
        { "", -EINVAL, 0 },
        { "   ", -EINVAL, 0 },
        { "-", -EINVAL, 0 },
        { "abc", -EINVAL, 0 },
        { "12abc", -EINVAL, 0 },
        { "12 ", -EINVAL, 0 },
        { "0x", -EINVAL, 0 },
        { "08", -EINVAL, 0 },
        { "1.5", -EINVAL, 0 },
    };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        int64_t val = 0x5a5a;
        int ret = parse_int64(cases[i].str, &val);

        if (ret != cases[i].ret) {
            g_error("parse_int64(\"%s\") returned %d, expected %d",
                    cases[i].str, ret, cases[i].ret);
        }
        if (ret == 0) {
            g_assert_cmpint(val, ==, cases[i].val);
        } else {
            /* The output is untouched on failure. */
            g_assert_cmpint(val, ==, 0x5a5a);
        }
    }
    g_assert_cmpint(parse_int64(NULL, &(int64_t){0}), ==, -EINVAL);
}

static void test_parse_uint64(void)
{
    static const UintCase cases[] = {
        { "0", 0, 0 },
        { "16", 0, 16 },
        { "0x10", 0, 16 },
        { "020", 0, 16 },
        { " 1", 0, 1 },
        { "18446744073709551615", 0, UINT64_MAX },
        { "0xffffffffffffffff", 0, UINT64_MAX },
        { "18446744073709551616", -ERANGE, 0 },
        { "0x10000000000000000", -ERANGE, 0 },
        /* strtoull semantics: a minus sign negates modulo 2^64. */
        { "-1", 0, UINT64_MAX },
        { "-0x10", 0, (uint64_t)-16 },
        { "-18446744073709551615", 0, 1 },
        { "-0x10000000000000000", -ERANGE, 0 },
        { "-18446744073709551616", -ERANGE, 0 },
        { "", -EINVAL, 0 },
        { " ", -EINVAL, 0 },
        { "x", -EINVAL, 0 },
        { "1x", -EINVAL, 0 },
        { "1k", -EINVAL, 0 },
    };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        uint64_t val = 0x5a5a;
        int ret = parse_uint64(cases[i].str, &val);

        if (ret != cases[i].ret) {
            g_error("parse_uint64(\"%s\") returned %d, expected %d",
                    cases[i].str, ret, cases[i].ret);
        }
        if (ret == 0) {
            g_assert_cmpuint(val, ==, cases[i].val);
        } else {
            g_assert_cmpuint(val, ==, 0x5a5a);
        }
    }
    g_assert_cmpint(parse_uint64(NULL, &(uint64_t){0}), ==, -EINVAL);
}

static void test_parse_size(void)
{
    static const UintCase cases[] = {
        { "0", 0, 0 },
        { "512", 0, 512 },
        { "010", 0, 10 },               /* decimal, never octal */
        { "  4k", 0, 4096 },
        { "+4", 0, 4 },
        { "1b", 0, 1 },
        { "1B", 0, 1 },
        { "1k", 0, KiB },
        { "1K", 0, KiB },
        { "2m", 0, 2 * MiB },
        { "2M", 0, 2 * MiB },
        { "3g", 0, 3 * GiB },
        { "3G", 0, 3 * GiB },
        { "5T", 0, 5 * TiB },
        { "1p", 0, 1ULL << 50 },
        { "1P", 0, 1ULL << 50 },
        { "1e", 0, 1ULL << 60 },
        { "15E", 0, 15ULL << 60 },
        { "1.5G", 0, GiB + GiB / 2 },
        { "1.5e", 0, (1ULL << 60) + (1ULL << 59) },
        { "0.5k", 0, 512 },
        { "1.k", 0, KiB },
        { "1.", 0, 1 },
        { "1.0", 0, 1 },
        { "1.000B", 0, 1 },
        /* Fractions of a byte are dropped... */
        { "1.1k", 0, 1126 },            /* 1126.4 */
        { "1.3333k", 0, 1365 },         /* 1365.3 */
        { "0.9999999999999999999k", 0, 1023 },
        { "15.99999999999999999E", 0, 0xfffffffffffffff4ULL },
        /* ...but without a multiplier a fraction must be zero. */
        { "1.5", -EINVAL, 0 },
        { "1.5B", -EINVAL, 0 },
        { "0.1", -EINVAL, 0 },
        { "0x1000", 0, 0x1000 },
        { "0X10", 0, 16 },
        /* 'B' and 'E' are hex digits, not suffixes, after "0x". */
        { "0x10B", 0, 0x10b },
        { "0x1E", 0, 0x1e },
        { "0x1.5k", -EINVAL, 0 },
        { "0x", -EINVAL, 0 },
        { "0xk", -EINVAL, 0 },
        { "00x10", -EINVAL, 0 },
        { "18446744073709551615", 0, UINT64_MAX },
        { "0xffffffffffffffff", 0, UINT64_MAX },
        { "18446744073709551616", -ERANGE, 0 },
        { "0x10000000000000000", -ERANGE, 0 },
        { "99999999999999999999999", -ERANGE, 0 },
        { "16E", -ERANGE, 0 },
        { "16384P", -ERANGE, 0 },
        { "16383P", 0, 16383ULL << 50 },
        { "17179869184G", -ERANGE, 0 },
        { "15.9999999999999999999999999E", 0, 0xffffffffffffffffULL },
        { "-1", -EINVAL, 0 },
        { "-0", -EINVAL, 0 },
        { "", -EINVAL, 0 },
        { " ", -EINVAL, 0 },
        { "k", -EINVAL, 0 },
        { ".5k", -EINVAL, 0 },
        { "1Q", -EINVAL, 0 },
        { "1kb", -EINVAL, 0 },
        { "1KiB", -EINVAL, 0 },
        { "1 k", -EINVAL, 0 },
        { "4k ", -EINVAL, 0 },
        { "1e3", -EINVAL, 0 },
        { "1.5.5k", -EINVAL, 0 },
    };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        uint64_t val = 0x5a5a;
        int ret = parse_size(cases[i].str, &val);

        if (ret != cases[i].ret) {
            g_error("parse_size(\"%s\") returned %d, expected %d",
                    cases[i].str, ret, cases[i].ret);
        }
        if (ret == 0) {
            if (val != cases[i].val) {
                g_error("parse_size(\"%s\") gave %" PRIu64 ", expected %"
                        PRIu64, cases[i].str, val, cases[i].val);
            }
        } else {
            g_assert_cmpuint(val, ==, 0x5a5a);
        }
    }
    g_assert_cmpint(parse_size(NULL, &(uint64_t){0}), ==, -EINVAL);
}

/* A multiplier after a hex number works but is deprecated, as in qemu. */
static void test_parse_size_hex_suffix(void)
{
    GString *out = g_string_new(NULL);
    uint64_t val = 0;

    error_report_capture(out);
    g_assert_cmpint(parse_size("0x10k", &val), ==, 0);
    error_report_capture(NULL);
    g_assert_cmpuint(val, ==, 16 * KiB);
    g_assert_nonnull(strstr(out->str, "warning: Using a multiplier suffix "
                            "on hex numbers is deprecated: 0x10k\n"));

    g_string_truncate(out, 0);
    error_report_capture(out);
    g_assert_cmpint(parse_size("0x1000", &val), ==, 0);
    g_assert_cmpint(parse_size("1k", &val), ==, 0);
    error_report_capture(NULL);
    g_assert_cmpstr(out->str, ==, "");
    g_string_free(out, true);
}

static void test_size_to_str(void)
{
    static const struct {
        uint64_t size;
        const char *str;
    } cases[] = {
        { 0, "0 B" },
        { 1, "1 B" },
        { 512, "512 B" },
        { 999, "999 B" },
        { 1000, "0.977 KiB" },
        { 1023, "0.999 KiB" },
        { 1024, "1 KiB" },
        { 1536, "1.5 KiB" },
        { 4096, "4 KiB" },
        { 10240, "10 KiB" },
        { 102400, "100 KiB" },
        { 1024000, "0.977 MiB" },
        { 1048575, "1 MiB" },
        { MiB, "1 MiB" },
        { 123456789, "118 MiB" },
        { GiB + GiB / 2, "1.5 GiB" },
        { 3 * TiB, "3 TiB" },
        { 1ULL << 50, "1 PiB" },
        { 1ULL << 60, "1 EiB" },
        { UINT64_MAX, "16 EiB" },
    };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        char *s = size_to_str(cases[i].size);

        g_assert_cmpstr(s, ==, cases[i].str);
        g_free(s);
    }
}

static void test_id_wellformed(void)
{
    static const char *const good[] = {
        "a", "Z", "net0", "my-dev", "my_dev", "my.dev", "a-._9",
    };
    static const char *const bad[] = {
        "", "0abc", "-a", "_a", ".a", "a b", "a,b", "a/b", "a=b", "a:b",
        "caf\xc3\xa9",
    };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(good); i++) {
        g_assert_true(id_wellformed(good[i]));
    }
    for (i = 0; i < ARRAY_SIZE(bad); i++) {
        if (id_wellformed(bad[i])) {
            g_error("id_wellformed(\"%s\") accepted a bad id", bad[i]);
        }
    }
    g_assert_false(id_wellformed(NULL));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cutils/parse_int64", test_parse_int64);
    g_test_add_func("/cutils/parse_uint64", test_parse_uint64);
    g_test_add_func("/cutils/parse_size", test_parse_size);
    g_test_add_func("/cutils/parse_size/hex-suffix",
                    test_parse_size_hex_suffix);
    g_test_add_func("/cutils/size_to_str", test_size_to_str);
    g_test_add_func("/cutils/id_wellformed", test_id_wellformed);
    return g_test_run();
}
