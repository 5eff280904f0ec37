/*
 * qtest-mem-bench: how fast qtest moves guest RAM, in 1 MiB blocks, for
 * each transfer command (b64write/b64read, write/read in hex, memset).
 * The figures include the protocol's encoding; RAM itself is reached by
 * memcpy, so a transfer should cost about what its encoding costs.
 * Prints figures and never judges them; not part of the test suite.
 *
 *   QTEST_QEMU_BINARY=build/corvid-system-x86_64 \
 *       build/tests/qtest/qtest-mem-bench [-t SECONDS] [-a ARGS]
 */
#include "util/osdep.h"
#include "libqtest.h"

#define BLOCK (1024 * 1024)
/* Blocks are spread over this much RAM, so that caches see real work. */
#define SPAN_BLOCKS 32

static double now(void)
{
    return g_get_monotonic_time() / 1e6;
}

typedef void BlockFn(QTestState *s, uint64_t addr, uint8_t *buf);

static void do_b64write(QTestState *s, uint64_t addr, uint8_t *buf)
{
    qtest_bufwrite(s, addr, buf, BLOCK);
}

static void do_b64read(QTestState *s, uint64_t addr, uint8_t *buf)
{
    qtest_bufread(s, addr, buf, BLOCK);
}

static void do_write(QTestState *s, uint64_t addr, uint8_t *buf)
{
    qtest_memwrite(s, addr, buf, BLOCK);
}

static void do_read(QTestState *s, uint64_t addr, uint8_t *buf)
{
    qtest_memread(s, addr, buf, BLOCK);
}

static void do_memset(QTestState *s, uint64_t addr, uint8_t *buf)
{
    qtest_memset(s, addr, 0x5a, BLOCK);
}

/* MiB per second of @fn over about @secs seconds. */
static double rate(QTestState *s, double secs, BlockFn *fn, uint8_t *buf)
{
    double t0 = now(), t;
    long blocks = 0;

    do {
        fn(s, (blocks % SPAN_BLOCKS) * (uint64_t)BLOCK, buf);
        blocks++;
        t = now();
    } while (t - t0 < secs);
    return blocks / (t - t0);
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        BlockFn *fn;
    } cmds[] = {
        { "b64write", do_b64write },
        { "b64read", do_b64read },
        { "write (hex)", do_write },
        { "read (hex)", do_read },
        { "memset", do_memset },
    };
    double secs = 1.0;
    g_autofree char *args = NULL;
    GOptionEntry entries[] = {
        { "seconds", 't', 0, G_OPTION_ARG_DOUBLE, &secs,
          "seconds per figure (1)", "S" },
        { "args", 'a', 0, G_OPTION_ARG_STRING, &args,
          "emulator arguments (\"-M none -m 64M\")", "ARGS" },
        { NULL },
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new(NULL);
    g_autoptr(GError) err = NULL;
    g_autofree uint8_t *buf = g_malloc(BLOCK);
    QTestState *s;
    size_t i;

    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        fprintf(stderr, "qtest-mem-bench: %s\n", err->message);
        return 1;
    }
    if (secs <= 0) {
        fprintf(stderr, "qtest-mem-bench: -t must be positive\n");
        return 1;
    }
    if (!args) {
        args = g_strdup("-M none -m 64M");
    }
    for (i = 0; i < BLOCK; i++) {
        buf[i] = i * 31;
    }
    printf("emulator: %s %s\n", getenv("QTEST_QEMU_BINARY"), args);
    s = qtest_init(args);
    for (i = 0; i < ARRAY_SIZE(cmds); i++) {
        printf("qtest %-12s %8.1f MiB/s (1 MiB blocks in RAM)\n",
               cmds[i].name, rate(s, secs, cmds[i].fn, buf));
    }
    qtest_quit(s);
    return 0;
}
