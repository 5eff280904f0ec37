/*
 * fw_cfg-bench: fw_cfg DMA throughput.  A 64 MiB -fw_cfg file item is
 * read into guest RAM with DMA requests of 1 MiB, the way firmware loads
 * a kernel or initrd, on the test machine corvid-test-x86.  Prints
 * figures and never judges them; not part of the test suite.
 *
 *   QTEST_QEMU_BINARY=build/tests/corvid-test-system-x86_64 \
 *       build/tests/qtest/fw_cfg-bench [-s MiB] [-c KiB] [-r ROUNDS]
 *
 * Each request costs three qtest round trips (write the descriptor,
 * start it, read back control); the same requests with length 0 measure
 * that overhead alone, and the difference is the device's copying.
 */
#include "util/osdep.h"
#include "fw_cfg-util.h"

#define DESC 0x1000ULL
#define TARGET 0x1000000ULL         /* 16 MiB: the chunks land here */

static double now(void)
{
    return g_get_monotonic_time() / 1e6;
}

/* Read the item in @chunk-byte requests; returns the seconds taken. */
static double read_item(QFWCfg *fw, uint16_t key, uint64_t size,
                        uint32_t chunk, bool empty)
{
    double t0 = now();
    uint64_t done;

    for (done = 0; done < size; done += chunk) {
        uint32_t control = FW_CFG_DMA_CTL_READ;
        uint32_t len = MIN(chunk, size - done);

        if (done == 0) {
            control |= FW_CFG_DMA_CTL_SELECT |
                       ((uint32_t)key << FW_CFG_DMA_SELECT_SHIFT);
        }
        if (qfw_dma(fw, DESC, control, empty ? 0 : len, TARGET) != 0) {
            g_error("DMA read at offset %" PRIu64 " failed", done);
        }
    }
    return now() - t0;
}

int main(int argc, char **argv)
{
    int size_mib = 64, chunk_kib = 1024, rounds = 5;
    GOptionEntry entries[] = {
        { "size", 's', 0, G_OPTION_ARG_INT, &size_mib,
          "item size in MiB (64)", "MiB" },
        { "chunk", 'c', 0, G_OPTION_ARG_INT, &chunk_kib,
          "bytes per DMA request in KiB (1024)", "KiB" },
        { "rounds", 'r', 0, G_OPTION_ARG_INT, &rounds,
          "times the item is read (5)", "N" },
        { NULL }
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new(NULL);
    g_autoptr(GError) gerr = NULL;
    g_autofree char *dir = NULL, *path = NULL;
    g_autofree uint8_t *content = NULL, *back = NULL;
    uint64_t size;
    uint32_t chunk, item_size, ram_mib;
    double best = G_MAXDOUBLE, sum = 0, overhead;
    QTestState *s;
    QFWCfg fw;
    uint16_t key;
    uint64_t i;
    int r;

    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &gerr)) {
        fprintf(stderr, "%s\n", gerr->message);
        return 1;
    }
    if (size_mib < 1 || size_mib > 1024 || chunk_kib < 1 ||
        chunk_kib > 64 * 1024 || rounds < 1) {
        fprintf(stderr, "sizes out of range\n");
        return 1;
    }
    size = (uint64_t)size_mib * MiB;
    chunk = (uint32_t)chunk_kib * KiB;

    /* The item: a file with a pattern that shows misplaced bytes. */
    content = g_malloc(size);
    for (i = 0; i < size; i++) {
        content[i] = i ^ (i >> 8) ^ (i >> 16);
    }
    dir = g_dir_make_tmp("fw_cfg-bench-XXXXXX", NULL);
    path = g_build_filename(dir, "item", NULL);
    if (!g_file_set_contents(path, (char *)content, size, &gerr)) {
        fprintf(stderr, "%s\n", gerr->message);
        return 1;
    }

    ram_mib = 16 + chunk_kib / 1024 + 16;
    s = qtest_initf("-M corvid-test-x86 -m %uM -fw_cfg opt/bench,file=%s",
                    ram_mib, path);
    qfw_init_io(&fw, s);
    key = qfw_find_file(&fw, "opt/bench", &item_size);
    g_assert_cmpuint(item_size, ==, size);

    /* Correctness once: the last chunk must be the item's last bytes. */
    read_item(&fw, key, size, chunk, false);
    back = g_malloc(chunk);
    qtest_bufread(s, TARGET, back, chunk);
    {
        uint64_t last = (size - 1) / chunk * chunk;

        g_assert_cmpmem(back, size - last, content + last, size - last);
    }

    for (r = 0; r < rounds; r++) {
        double t = read_item(&fw, key, size, chunk, false);

        sum += t;
        best = MIN(best, t);
    }
    overhead = read_item(&fw, key, size, chunk, true);
    qtest_quit(s);
    unlink(path);
    rmdir(dir);

    printf("fw_cfg DMA read of a %d MiB item in %d KiB requests "
           "(%" PRIu64 " requests, %d rounds):\n", size_mib, chunk_kib,
           (size + chunk - 1) / chunk, rounds);
    printf("  with qtest round trips: %9.1f MiB/s best, %9.1f MiB/s mean\n",
           size_mib / best, size_mib * rounds / sum);
    printf("  round trips alone (length 0): %.2f ms per item\n",
           overhead * 1e3);
    if (best > overhead) {
        printf("  device copying alone:   %9.1f MiB/s (best minus round "
               "trips)\n", size_mib / (best - overhead));
    }
    return 0;
}
