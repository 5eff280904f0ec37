/*
 * qtest-bench: how fast the qtest and QMP control planes are, measured
 * through libqtest.  Prints figures and never judges them; not part of
 * the test suite.
 *
 *   QTEST_QEMU_BINARY=build/tests/corvid-test-system-x86_64 \
 *       build/tests/qtest/qtest-bench [-n STARTS] [-t SECONDS] [-a ARGS]
 *
 * Figures:
 *   start-up       qtest_init (spawn, both connections, QMP greeting and
 *                  capabilities negotiation) and qtest_quit, per run
 *   round trips    sequential qtest requests (one in flight), per second
 *   pipelined      requests written in batches, per second
 *   b64 transfer   b64write/b64read of 1 MiB buffers, MiB per second
 *   QMP            sequential query-status commands, per second
 */
#include "util/osdep.h"
#include "libqtest.h"

#define PIPELINE_BATCH 1000
#define TRANSFER_SIZE (1024 * 1024)

static double now(void)
{
    return g_get_monotonic_time() / 1e6;
}

static void bench_startup(const char *args, int runs)
{
    double init_sum = 0, quit_sum = 0, init_min = G_MAXDOUBLE;
    int i;

    for (i = 0; i < runs; i++) {
        double t0 = now(), t1, t2;
        QTestState *s = qtest_init(args);

        t1 = now();
        qtest_quit(s);
        t2 = now();
        init_sum += t1 - t0;
        quit_sum += t2 - t1;
        init_min = MIN(init_min, t1 - t0);
    }
    printf("start-up to negotiated QMP: %8.2f ms mean, %8.2f ms best "
           "(%d runs)\n", init_sum / runs * 1e3, init_min * 1e3, runs);
    printf("quit (close, SIGTERM, wait): %7.2f ms mean\n",
           quit_sum / runs * 1e3);
}

/* Run @fn repeatedly for about @secs seconds; returns calls per second. */
static double rate(QTestState *s, double secs, long (*fn)(QTestState *s))
{
    double t0 = now(), t;
    long done = 0;

    do {
        done += fn(s);
        t = now();
    } while (t - t0 < secs);
    return done / (t - t0);
}

static long one_round_trip(QTestState *s)
{
    qtest_readl(s, 0);
    return 1;
}

static long one_batch(QTestState *s)
{
    static GString *batch;
    int i;

    if (!batch) {
        batch = g_string_new(NULL);
        for (i = 0; i < PIPELINE_BATCH; i++) {
            g_string_append(batch, "readl 0x0\n");
        }
    }
    qtest_send_raw(s, batch->str, batch->len);
    for (i = 0; i < PIPELINE_BATCH; i++) {
        g_free(qtest_recv_line(s));
    }
    return PIPELINE_BATCH;
}

static long one_transfer(QTestState *s)
{
    static uint8_t *buf;

    if (!buf) {
        buf = g_malloc0(TRANSFER_SIZE);
    }
    qtest_bufwrite(s, 0, buf, TRANSFER_SIZE);
    qtest_bufread(s, 0, buf, TRANSFER_SIZE);
    return 2;
}

static long one_qmp(QTestState *s)
{
    qobject_unref(qtest_qmp_assert_success_ref(s, "{'execute': "
                                               "'query-status'}"));
    return 1;
}

int main(int argc, char **argv)
{
    int runs = 20;
    double secs = 1.0;
    g_autofree char *args = NULL;
    GOptionEntry entries[] = {
        { "starts", 'n', 0, G_OPTION_ARG_INT, &runs,
          "emulator start-ups to time (20)", "N" },
        { "seconds", 't', 0, G_OPTION_ARG_DOUBLE, &secs,
          "seconds per throughput figure (1)", "S" },
        { "args", 'a', 0, G_OPTION_ARG_STRING, &args,
          "emulator arguments (\"-M none\")", "ARGS" },
        { NULL },
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new(NULL);
    g_autoptr(GError) err = NULL;
    QTestState *s;

    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        fprintf(stderr, "qtest-bench: %s\n", err->message);
        return 1;
    }
    if (!args) {
        args = g_strdup("-M none");
    }
    if (runs < 1 || secs <= 0) {
        fprintf(stderr, "qtest-bench: -n and -t must be positive\n");
        return 1;
    }
    printf("emulator: %s %s\n", getenv("QTEST_QEMU_BINARY"), args);

    bench_startup(args, runs);

    s = qtest_init(args);
    printf("qtest round trips:  %10.0f requests/s\n",
           rate(s, secs, one_round_trip));
    printf("qtest pipelined:    %10.0f requests/s (batches of %d)\n",
           rate(s, secs, one_batch), PIPELINE_BATCH);
    printf("qtest b64 transfer: %10.1f MiB/s (1 MiB each way)\n",
           rate(s, secs, one_transfer));
    printf("QMP round trips:    %10.0f commands/s\n",
           rate(s, secs, one_qmp));
    qtest_quit(s);
    return 0;
}
