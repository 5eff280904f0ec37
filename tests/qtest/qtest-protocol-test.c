/*
 * The qtest protocol, request by request: the exact replies to good
 * requests, and an ERR or FAIL (never a crash, never silence) for every
 * malformed one.
 *
 * The machine is empty, so guest memory and ports behave as qemu's
 * unassigned accesses: memory reads as zeroes, ports as all-ones, and
 * writes vanish.  The addresses used are unassigned on qemu's pc too,
 * so the good-request tests also pass against qemu-system-x86_64
 * (with QTEST_QEMU_ACCEL=tcg QTEST_EXTRA_ARGS="-M pc -S -nodefaults",
 * since its empty machine cannot take memory accesses); the bad-request
 * tests are for Corvid only (qemu aborts on most of them).
 */
#include "util/osdep.h"
#include "libqtest.h"

/* Guest addresses nothing answers at, on an empty machine and on pc. */
#define UNASSIGNED_MEM 0x100000000000ULL
#define UNASSIGNED_PORT 0x1234

static void test_replies(void)
{
    QTestState *s = qtest_init("-M none");
    g_autofree char *m = g_strdup_printf("0x%llx",
                                         (unsigned long long)UNASSIGNED_MEM);
    g_autofree char *req = NULL;

    qtest_assert_reply(s, "endianness", "OK little");

    /* Ports: all-ones, at least four hex digits whatever the width. */
    qtest_assert_reply(s, "inb 0x1234", "OK 0x00ff");
    qtest_assert_reply(s, "inw 0x1234", "OK 0xffff");
    qtest_assert_reply(s, "inl 0x1234", "OK 0xffffffff");
    qtest_assert_reply(s, "inb 4660", "OK 0x00ff");        /* decimal */
    qtest_assert_reply(s, "inb 011064", "OK 0x00ff");      /* octal */
    qtest_assert_reply(s, "outb 0x1234 0x12", "OK");
    qtest_assert_reply(s, "outw 0x1234 0x1234", "OK");
    qtest_assert_reply(s, "outl 0x1234 0x12345678", "OK");

    /* Sized memory reads: sixteen hex digits whatever the width. */
#define MEM(fmt) (g_free(req), req = g_strdup_printf(fmt, m))
    qtest_assert_reply(s, MEM("readb %s"), "OK 0x0000000000000000");
    qtest_assert_reply(s, MEM("readw %s"), "OK 0x0000000000000000");
    qtest_assert_reply(s, MEM("readl %s"), "OK 0x0000000000000000");
    qtest_assert_reply(s, MEM("readq %s"), "OK 0x0000000000000000");
    qtest_assert_reply(s, MEM("writeb %s 0x12"), "OK");
    qtest_assert_reply(s, MEM("writew %s 0x1234"), "OK");
    qtest_assert_reply(s, MEM("writel %s 0x12345678"), "OK");
    qtest_assert_reply(s, MEM("writeq %s 0x123456789abcdef0"), "OK");
    qtest_assert_reply(s, MEM("readq %s"), "OK 0x0000000000000000");

    /* Buffers. */
    qtest_assert_reply(s, MEM("read %s 4"), "OK 0x00000000");
    qtest_assert_reply(s, MEM("read %s 1"), "OK 0x00");
    qtest_assert_reply(s, MEM("b64read %s 4"), "OK AAAAAA==");
    qtest_assert_reply(s, MEM("b64read %s 3"), "OK AAAA");
    qtest_assert_reply(s, MEM("b64read %s 0"), "OK ");
    qtest_assert_reply(s, MEM("write %s 4 0x11223344"), "OK");
    qtest_assert_reply(s, MEM("write %s 4 0x11"), "OK");       /* zero-filled */
    qtest_assert_reply(s, MEM("b64write %s 4 AQIDBA=="), "OK");
    qtest_assert_reply(s, MEM("b64write %s 2 AQIDBA=="), "OK"); /* truncated */
    qtest_assert_reply(s, MEM("b64write %s 8 AQ=="), "OK");     /* padded */
    qtest_assert_reply(s, MEM("b64write %s 0 AAAA"), "OK");
    /* qemu's answer for base64 data too short for a byte. */
    qtest_assert_reply(s, MEM("b64write %s 0 "), "ERR invalid argument size");
    qtest_assert_reply(s, MEM("b64write %s 4 AA"), "ERR invalid argument size");
    qtest_assert_reply(s, MEM("memset %s 4 0xab"), "OK");
    qtest_assert_reply(s, MEM("memset %s 0 1"), "OK");
    /* qemu's answer for "write" data without a digit. */
    qtest_assert_reply(s, MEM("write %s 4 0x"), "ERR invalid argument size");
#undef MEM

    /* Unknown commands name themselves. */
    qtest_assert_reply(s, "foo", "FAIL Unknown command 'foo'");
    qtest_assert_reply(s, "foo bar baz", "FAIL Unknown command 'foo'");
    qtest_assert_reply(s, "ENDIANNESS", "FAIL Unknown command 'ENDIANNESS'");
    qtest_assert_reply(s, " ", "FAIL Unknown command ''");
    qtest_assert_reply(s, "irq_intercept_in /nonexistent",
                       "FAIL Unknown device");
    qtest_assert_reply(s, "set_irq_in /nonexistent unnamed-gpio-in 0 1",
                       "FAIL Unknown device");

    qtest_quit(s);
}

/* The library helpers, which check every reply themselves. */
static void test_helpers(void)
{
    QTestState *s = qtest_init("-M none");
    uint8_t buf[64], zero[64] = { 0 };
    size_t i;

    g_assert_false(qtest_big_endian(s));
    g_assert_cmpuint(qtest_inb(s, UNASSIGNED_PORT), ==, 0xff);
    g_assert_cmpuint(qtest_inw(s, UNASSIGNED_PORT), ==, 0xffff);
    g_assert_cmpuint(qtest_inl(s, UNASSIGNED_PORT), ==, 0xffffffff);
    qtest_outb(s, UNASSIGNED_PORT, 1);
    qtest_outw(s, UNASSIGNED_PORT, 2);
    qtest_outl(s, UNASSIGNED_PORT, 3);

    qtest_writeb(s, UNASSIGNED_MEM, 0xff);
    qtest_writew(s, UNASSIGNED_MEM, 0xffff);
    qtest_writel(s, UNASSIGNED_MEM, 0xffffffff);
    qtest_writeq(s, UNASSIGNED_MEM, UINT64_MAX);
    g_assert_cmpuint(qtest_readb(s, UNASSIGNED_MEM), ==, 0);
    g_assert_cmpuint(qtest_readw(s, UNASSIGNED_MEM), ==, 0);
    g_assert_cmpuint(qtest_readl(s, UNASSIGNED_MEM), ==, 0);
    g_assert_cmpuint(qtest_readq(s, UNASSIGNED_MEM), ==, 0);

    for (i = 0; i < sizeof(buf); i++) {
        buf[i] = i * 7;
    }
    qtest_memwrite(s, UNASSIGNED_MEM, buf, sizeof(buf));
    qtest_bufwrite(s, UNASSIGNED_MEM, buf, sizeof(buf));
    qtest_bufwrite(s, UNASSIGNED_MEM, buf, 0);
    memset(buf, 0x5a, sizeof(buf));
    qtest_memread(s, UNASSIGNED_MEM, buf, sizeof(buf));
    g_assert_cmpmem(buf, sizeof(buf), zero, sizeof(zero));
    memset(buf, 0x5a, sizeof(buf));
    qtest_bufread(s, UNASSIGNED_MEM, buf, sizeof(buf));
    g_assert_cmpmem(buf, sizeof(buf), zero, sizeof(zero));
    qtest_memset(s, UNASSIGNED_MEM, 0x33, sizeof(buf));
    qtest_memset(s, UNASSIGNED_MEM, 0x33, 0);

    qtest_quit(s);
}

/* Malformed requests and the reply each gets (a prefix of it). */
static const struct {
    const char *request;
    const char *reply;
} bad_requests[] = {
    /* argument counts */
    { "endianness x", "ERR wrong number of arguments, usage: endianness" },
    { "readb", "ERR wrong number of arguments, usage: readb ADDR" },
    { "readb 0 1", "ERR wrong number of arguments" },
    { "readb 0 ", "ERR wrong number of arguments" },
    { "readb  0", "ERR wrong number of arguments" },
    { "readb ", "ERR invalid ADDR ''" },
    { "readw", "ERR wrong number of arguments" },
    { "readl", "ERR wrong number of arguments" },
    { "readq", "ERR wrong number of arguments" },
    { "writeb 0", "ERR wrong number of arguments, usage: writeb ADDR VALUE" },
    { "writeq 0 1 2", "ERR wrong number of arguments" },
    { "inb", "ERR wrong number of arguments, usage: inb ADDR" },
    { "outb 0x80", "ERR wrong number of arguments" },
    { "outl 0x80 1 2", "ERR wrong number of arguments" },
    { "read 0", "ERR wrong number of arguments, usage: read ADDR SIZE" },
    { "write 0 4", "ERR wrong number of arguments" },
    { "b64read 0", "ERR wrong number of arguments" },
    { "b64write 0 4", "ERR wrong number of arguments" },
    { "memset 0 4", "ERR wrong number of arguments" },
    { "clock_step 1 2",
      "ERR wrong number of arguments, usage: clock_step [NS]" },
    { "clock_set", "ERR wrong number of arguments, usage: clock_set NS" },
    { "irq_intercept_in", "ERR wrong number of arguments" },
    { "irq_intercept_out", "ERR wrong number of arguments" },
    { "set_irq_in /machine", "ERR wrong number of arguments" },
    /* bad numbers */
    { "readb zz", "ERR invalid ADDR 'zz'" },
    { "readb 0x10zz", "ERR invalid ADDR '0x10zz'" },
    { "readb -1", "ERR invalid ADDR '-1'" },
    { "readb +1", "ERR invalid ADDR '+1'" },
    { "readb 0x", "ERR invalid ADDR '0x'" },
    { "readb 08", "ERR invalid ADDR '08'" },
    { "readb 0x100000000000000000", "ERR invalid ADDR" },
    { "readq 0xffffffffffffffff", "ERR 8 bytes at 0xffffffffffffffff wrap" },
    { "writeb 0 0x100", "ERR VALUE 0x100 does not fit in 1 byte" },
    { "writew 0 0x10000", "ERR VALUE 0x10000 does not fit in 2 bytes" },
    { "writel 0 0x100000000", "ERR VALUE 0x100000000 does not fit" },
    { "writeq 0 x", "ERR invalid VALUE 'x'" },
    { "inb 0x10000", "ERR ADDR 0x10000 is outside the I/O space" },
    { "outb 0x10000 1", "ERR ADDR 0x10000 is outside the I/O space" },
    { "outb 0 0x100", "ERR VALUE 0x100 does not fit in 1 byte" },
    { "outw 0 -1", "ERR invalid VALUE '-1'" },
    { "inw q", "ERR invalid ADDR 'q'" },
    { "read 0 x", "ERR invalid SIZE 'x'" },
    { "read 0 0x1000000000", "ERR SIZE 0x1000000000 is larger than the limit" },
    { "read 0xffffffffffffffff 2", "ERR 2 bytes at 0xffffffffffffffff wrap" },
    { "b64read 0 0x1000000000", "ERR SIZE 0x1000000000 is larger" },
    { "memset 0 0x1000000000 1", "ERR SIZE 0x1000000000 is larger" },
    { "memset 0 4 0x100", "ERR VALUE 0x100 does not fit in 1 byte" },
    { "memset 0 4 -1", "ERR invalid VALUE '-1'" },
    /* data of the wrong size or form */
    { "write 0 4 0x", "ERR invalid argument size" },
    { "write 0 4 ", "ERR invalid argument size" },
    { "write 0 4 112233", "ERR DATA must start with 0x" },
    { "write 0 4 0x112", "ERR DATA has an odd number of hex digits" },
    { "write 0 4 0xzz", "ERR DATA is not hexadecimal" },
    { "write 0 4 0x1122334455", "ERR DATA is longer than SIZE 4" },
    { "write 0 0x2000000 0x00", "ERR SIZE 0x2000000 is larger" },
    { "b64write 0 4 !!!!", "ERR Base64 data contains invalid characters" },
    { "b64write 0 4 AQ ID", "ERR wrong number of arguments" },
    { "b64write 0 0x2000000 AA==", "ERR SIZE 0x2000000 is larger" },
    /* clock */
    { "clock_step -5", "ERR invalid NS '-5'" },
    { "clock_step x", "ERR invalid NS 'x'" },
    { "clock_step 0x8000000000000000", "ERR invalid NS" },
    { "clock_set abc", "ERR invalid NS 'abc'" },
    /* interrupts */
    { "irq_intercept_in /machine", "FAIL Unknown device" },
    { "irq_intercept_out /nonexistent", "FAIL Unknown device" },
    { "set_irq_in /machine unnamed-gpio-in 0 1", "FAIL Unknown device" },
    { "set_irq_in /nonexistent unnamed-gpio-in x 1", "ERR invalid NUM 'x'" },
    { "set_irq_in /nonexistent unnamed-gpio-in -1 1", "ERR invalid NUM '-1'" },
    { "set_irq_in /nonexistent unnamed-gpio-in 0 x", "ERR invalid LEVEL 'x'" },
    { "set_irq_in /nonexistent unnamed-gpio-in 0 0x80000000",
      "ERR invalid LEVEL" },
    /* unknown commands */
    { "", "FAIL Unknown command ''" },
    { "module_load a b", "FAIL Unknown command 'module_load'" },
    { "readb\t0", "FAIL Unknown command 'readb\t0'" },
};

static void test_bad_requests(void)
{
    QTestState *s;
    size_t i;

    if (!qtest_is_corvid()) {
        g_test_skip("qemu's server aborts on malformed requests");
        return;
    }
    s = qtest_init("-M none");
    for (i = 0; i < G_N_ELEMENTS(bad_requests); i++) {
        qtest_assert_reply_prefix(s, bad_requests[i].request,
                                  bad_requests[i].reply);
    }
    /* The clock cannot be stepped past its end. */
    qtest_assert_reply(s, "clock_step 1", "OK 1");
    qtest_assert_reply(s, "clock_step 0x7fffffffffffffff",
                       "ERR NS 0x7fffffffffffffff takes the clock past its "
                       "end");
    /* The server is still fine. */
    qtest_assert_reply(s, "endianness", "OK little");
    qtest_quit(s);
}

/* Requests with NUL bytes and CR line ends. */
static void test_odd_bytes(void)
{
    static const char nul_line[] = "readb 0\0garbage\n";
    QTestState *s;
    char *reply;

    if (!qtest_is_corvid()) {
        g_test_skip("Corvid-only behaviour");
        return;
    }
    s = qtest_init("-M none");
    qtest_send_raw(s, nul_line, sizeof(nul_line) - 1);
    reply = qtest_recv_line(s);
    g_assert_cmpstr(reply, ==, "ERR request contains a NUL byte");
    g_free(reply);

    qtest_send_raw(s, "endianness\r\n", 12);
    reply = qtest_recv_line(s);
    g_assert_cmpstr(reply, ==, "OK little");
    g_free(reply);

    /* Bytes that are not UTF-8 are just an unknown command. */
    qtest_send_raw(s, "\xff\xfe\n", 3);
    reply = qtest_recv_line(s);
    g_assert_cmpstr(reply, ==, "FAIL Unknown command '\xff\xfe'");
    g_free(reply);
    qtest_quit(s);
}

/* Many requests in one write, each answered in order. */
static void test_pipelining(void)
{
    QTestState *s = qtest_init("-M none");
    GString *batch = g_string_new(NULL);
    int i, n = 1000;

    for (i = 0; i < n; i++) {
        g_string_append_printf(batch, i % 2 ? "inb 0x%x\n" : "bogus%d\n",
                               i % 2 ? UNASSIGNED_PORT : i);
    }
    qtest_send_raw(s, batch->str, batch->len);
    for (i = 0; i < n; i++) {
        g_autofree char *reply = qtest_recv_line(s);
        g_autofree char *expected = i % 2 ? g_strdup("OK 0x00ff") :
            g_strdup_printf("FAIL Unknown command 'bogus%d'", i);

        g_assert_cmpstr(reply, ==, expected);
    }
    g_string_free(batch, true);
    qtest_quit(s);
}

/* A request split across many writes, byte by byte. */
static void test_split_request(void)
{
    static const char req[] = "inw 0x1234\n";
    QTestState *s = qtest_init("-M none");
    g_autofree char *reply = NULL;
    size_t i;

    for (i = 0; i < sizeof(req) - 1; i++) {
        qtest_send_raw(s, &req[i], 1);
        g_usleep(1000);
    }
    reply = qtest_recv_line(s);
    g_assert_cmpstr(reply, ==, "OK 0xffff");
    qtest_quit(s);
}

/* Over-long lines get one ERR and are skipped up to their newline. */
static void test_long_line(void)
{
    const size_t limit = 64 * 1024 * 1024;  /* the server's line limit */
    const size_t chunk = 1024 * 1024;
    g_autofree char *junk = g_malloc(chunk);
    g_autofree char *reply = NULL;
    QTestState *s;
    size_t sent;

    if (!qtest_is_corvid()) {
        g_test_skip("Corvid-only behaviour");
        return;
    }
    s = qtest_init("-M none");
    memset(junk, 'a', chunk);
    for (sent = 0; sent <= limit; sent += chunk) {
        qtest_send_raw(s, junk, chunk);
    }
    reply = qtest_recv_line(s);
    g_assert_cmpstr(reply, ==, "ERR line longer than 67108864 bytes");
    /* More of the same line, then the next request. */
    qtest_send_raw(s, junk, chunk);
    qtest_send_raw(s, "\nendianness\n", 12);
    g_free(reply);
    reply = qtest_recv_line(s);
    g_assert_cmpstr(reply, ==, "OK little");
    qtest_quit(s);
}

/* A big transfer at the size limit works both ways. */
static void test_big_transfer(void)
{
    const size_t size = 4 * 1024 * 1024;
    g_autofree uint8_t *buf = g_malloc(size);
    g_autofree uint8_t *zero = g_malloc0(size);
    QTestState *s = qtest_init("-M none");

    memset(buf, 0x5a, size);
    qtest_bufwrite(s, UNASSIGNED_MEM, buf, size);
    qtest_memwrite(s, UNASSIGNED_MEM, buf, size);
    qtest_bufread(s, UNASSIGNED_MEM, buf, size);
    g_assert_cmpmem(buf, size, zero, size);
    memset(buf, 0x5a, size);
    qtest_memread(s, UNASSIGNED_MEM, buf, size);
    g_assert_cmpmem(buf, size, zero, size);
    qtest_quit(s);
}

/* Random requests built from the protocol's words: each gets a reply. */
static void test_random_requests(void)
{
    static const char *const words[] = {
        "readb", "readw", "readl", "readq", "writeb", "writew", "writel",
        "writeq", "inb", "inw", "inl", "outb", "outw", "outl", "read",
        "write", "b64read", "b64write", "memset", "clock_step", "clock_set",
        "irq_intercept_in", "irq_intercept_out", "set_irq_in", "endianness",
        "0", "1", "0x10", "-1", "0xffffffffffffffff", "0x", "", "AAAA",
        "==", "0x1122", "/machine", "unnamed-gpio-in", "/", "9999999999",
        "0x1000", "\x01", "%s", "%n",
    };
    QTestState *s;
    int i, j;

    if (!qtest_is_corvid()) {
        g_test_skip("qemu's server aborts on malformed requests");
        return;
    }
    s = qtest_init("-M none");
    for (i = 0; i < 3000; i++) {
        GString *req = g_string_new(NULL);
        int nwords = g_test_rand_int_range(1, 7);
        g_autofree char *reply = NULL;

        for (j = 0; j < nwords; j++) {
            g_string_append_printf(req, "%s%s", j ? " " : "",
                words[g_test_rand_int_range(0, G_N_ELEMENTS(words))]);
        }
        /* Keep the clock commands from taking it to its end. */
        if (g_str_has_prefix(req->str, "clock_") &&
            strstr(req->str, "0xffffffffffffffff")) {
            g_string_free(req, true);
            continue;
        }
        reply = qtest_request(s, "%s", req->str);
        if (!g_str_has_prefix(reply, "OK") &&
            !g_str_has_prefix(reply, "ERR ") &&
            !g_str_has_prefix(reply, "FAIL ")) {
            g_error("'%s' answered '%s'", req->str, reply);
        }
        g_string_free(req, true);
    }
    /* Random bytes too. */
    for (i = 0; i < 300; i++) {
        char buf[64];
        int len = g_test_rand_int_range(0, sizeof(buf));
        g_autofree char *reply = NULL;

        for (j = 0; j < len; j++) {
            do {
                buf[j] = g_test_rand_int_range(0, 256);
            } while (buf[j] == '\n');
        }
        qtest_send_raw(s, buf, len);
        qtest_send_raw(s, "\n", 1);
        reply = qtest_recv_line(s);
        g_assert_true(g_str_has_prefix(reply, "OK") ||
                      g_str_has_prefix(reply, "ERR ") ||
                      g_str_has_prefix(reply, "FAIL "));
    }
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qtest/protocol/replies", test_replies);
    g_test_add_func("/qtest/protocol/helpers", test_helpers);
    g_test_add_func("/qtest/protocol/bad-requests", test_bad_requests);
    g_test_add_func("/qtest/protocol/odd-bytes", test_odd_bytes);
    g_test_add_func("/qtest/protocol/pipelining", test_pipelining);
    g_test_add_func("/qtest/protocol/split-request", test_split_request);
    g_test_add_func("/qtest/protocol/long-line", test_long_line);
    g_test_add_func("/qtest/protocol/big-transfer", test_big_transfer);
    g_test_add_func("/qtest/protocol/random", test_random_requests);
    return g_test_run();
}
