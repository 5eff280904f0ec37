/*
 * virtio-blk-bench: how fast a qtest client playing the guest (libqvirtio,
 * split ring, polling for completions) moves data through
 * virtio-blk-pci-non-transitional backed by a raw file, next to what
 * pread() on the host gets from the same file.
 *
 * Figures: 4 KiB random reads per second, at queue depth 1 and 32, and
 * sequential reads and writes in MiB/s with 64 KiB and 1 MiB requests.
 * The device writes the data into guest RAM; the client never copies it
 * back over qtest, so the figures are what the device and the
 * notification/used-ring round trips cost, not qtest's memory transfer
 * speed (see qtest-mem-bench for that).  Each request still takes
 * about twenty qtest round trips (header, three descriptors, the avail
 * ring, the used ring), so small requests measure the qtest client
 * far more than the device (compare qtest-bench's round trips/s).  The backing file is freshly
 * written, so both sides read from the host page cache.
 * Prints figures and never judges them; not part of the test suite.
 *
 *   QTEST_QEMU_BINARY=build/corvid-system-x86_64 \
 *       build/tests/qtest/virtio-blk-bench [-t SECONDS] [-s MIB] [-d DIR]
 */
#include "util/osdep.h"
#include "libqtest.h"
#include "libqvirtio.h"
#include "virtio-test-util.h"

#define BLK_MODERN_ID   (QVIRTIO_PCI_MODERN_BASE + 2)
#define SECTOR          512
#define SMALL           4096
#define MIB             (1024 * 1024)
#define T_IN            0
#define T_OUT           1
/* Deepest queue measured: 3 descriptors each must fit a 256 ring. */
#define MAX_DEPTH       32
/* Most guest RAM the data buffers may take (guest has 128 MiB). */
#define DATA_SPAN       (32 * MIB)

typedef struct Bench {
    VTMachine m;
    QVirtioDevice *vd;
    QVirtQueue *vq;
    uint64_t hdr[MAX_DEPTH], status[MAX_DEPTH], data;
    uint64_t disk_size;
    GRand *rand;
} Bench;

static double now(void)
{
    return g_get_monotonic_time() / 1e6;
}

/* A @size byte file of non-zero data in @dir; returns its path. */
static char *make_backing(const char *dir, uint64_t size)
{
    g_autofree char *tmpl = g_build_filename(dir, "corvid-blk-bench-XXXXXX",
                                             NULL);
    g_autofree uint8_t *buf = g_malloc(MIB);
    uint64_t done;
    int fd = g_mkstemp(tmpl);
    size_t i;

    if (fd < 0) {
        fprintf(stderr, "virtio-blk-bench: %s: %s\n", tmpl, strerror(errno));
        exit(1);
    }
    for (i = 0; i < MIB; i++) {
        buf[i] = i * 13 + 1;
    }
    for (done = 0; done < size; done += MIB) {
        if (write(fd, buf, MIB) != MIB) {
            fprintf(stderr, "virtio-blk-bench: write: %s\n", strerror(errno));
            exit(1);
        }
    }
    fsync(fd);
    close(fd);
    return g_steal_pointer(&tmpl);
}

/* Host figures: pread() of the file, the same patterns. */
static double host_random(int fd, uint64_t size, double secs, GRand *r)
{
    uint8_t buf[SMALL];
    double t0 = now(), t;
    long n = 0;

    do {
        uint64_t off = (uint64_t)g_rand_int_range(r, 0, size / SMALL) * SMALL;

        if (pread(fd, buf, SMALL, off) != SMALL) {
            fprintf(stderr, "virtio-blk-bench: pread: %s\n", strerror(errno));
            exit(1);
        }
        n++;
        t = now();
    } while (t - t0 < secs);
    return n / (t - t0);
}

static double host_seq(int fd, uint64_t size, uint32_t req, double secs)
{
    g_autofree uint8_t *buf = g_malloc(req);
    double t0 = now(), t;
    uint64_t off = 0, bytes = 0;

    do {
        if (pread(fd, buf, req, off) != (ssize_t)req) {
            fprintf(stderr, "virtio-blk-bench: pread: %s\n", strerror(errno));
            exit(1);
        }
        bytes += req;
        off = (off + req) % size;
        t = now();
    } while (t - t0 < secs);
    return bytes / (t - t0) / MIB;
}

static void bench_start(Bench *b, const char *path, uint64_t size)
{
    g_autofree char *args = g_strdup_printf(
        "-blockdev driver=file,node-name=f,filename=%s "
        "-blockdev driver=raw,node-name=d0,file=f "
        "-device virtio-blk-pci-non-transitional,drive=d0,id=vb", path);
    QPCIDevice *pdev;
    int i;

    vt_start(&b->m, "pc", args);
    pdev = vt_find(&b->m, BLK_MODERN_ID, 0);
    g_assert_nonnull(pdev);
    b->vd = qvirtio_pci_new(pdev, b->m.alloc);
    qvirtio_reset(b->vd);
    g_assert_true(qvirtio_negotiate(b->vd, QVIRTIO_F_VERSION_1));
    b->vq = qvirtqueue_setup(b->vd, 0, false);
    g_assert_nonnull(b->vq);
    /* Completions are polled from the used ring; no interrupts wanted. */
    qvirtqueue_disable_interrupts(b->vq, true);
    qvirtio_set_driver_ok(b->vd);
    for (i = 0; i < MAX_DEPTH; i++) {
        b->hdr[i] = qguest_alloc(b->m.alloc, 16, 16);
        b->status[i] = qguest_alloc(b->m.alloc, 16, 16);
    }
    b->data = qguest_alloc(b->m.alloc, DATA_SPAN, 4096);
    b->disk_size = size;
}

static void bench_stop(Bench *b)
{
    qvirtqueue_cleanup(b->vq);
    qvirtio_pci_free(b->vd);
    vt_stop(&b->m);
}

/* Queue one request in slot @slot (not kicked). */
static void queue_req(Bench *b, int slot, uint32_t type, uint64_t offset,
                      uint32_t len)
{
    uint64_t sector = offset / SECTOR;
    uint8_t hdr[16] = { 0 };
    QVirtBuf bufs[3];
    int i;

    for (i = 0; i < 4; i++) {
        hdr[i] = type >> (8 * i);
    }
    for (i = 0; i < 8; i++) {
        hdr[8 + i] = sector >> (8 * i);
    }
    qtest_memwrite(b->m.qts, b->hdr[slot], hdr, sizeof(hdr));
    bufs[0] = (QVirtBuf){ .addr = b->hdr[slot], .len = 16 };
    bufs[1] = (QVirtBuf){ .addr = b->data + (uint64_t)slot * len % DATA_SPAN,
                          .len = len, .write = type == T_IN };
    bufs[2] = (QVirtBuf){ .addr = b->status[slot], .len = 1, .write = true };
    qvirtqueue_add(b->vq, bufs, 3, false);
}

/* Wait for @n completions; the status bytes of the last batch are
 * checked so that a failing device does not pass for a fast one. */
static void reap(Bench *b, int n)
{
    uint64_t waited = 0;
    uint16_t id;
    uint32_t len;

    while (n) {
        if (qvirtqueue_get_used(b->vq, &id, &len)) {
            n--;
            continue;
        }
        if (waited > QVIRTIO_TIMEOUT_US) {
            fprintf(stderr, "virtio-blk-bench: device stopped answering\n");
            exit(1);
        }
        qtest_clock_step(b->m.qts, 1000);
        waited++;
    }
}

static void check_status(Bench *b, int depth)
{
    int i;

    for (i = 0; i < depth; i++) {
        uint8_t st = qtest_readb(b->m.qts, b->status[i]);

        if (st != 0) {
            fprintf(stderr, "virtio-blk-bench: request failed (status %u)\n",
                    st);
            exit(1);
        }
    }
}

/* Requests per second of @len byte @type requests at @depth, random
 * (aligned to @len) or sequential offsets. */
static double guest_rate(Bench *b, uint32_t type, uint32_t len, int depth,
                         bool random, double secs)
{
    double t0 = now(), t;
    uint64_t off = 0;
    long n = 0;
    int i;

    do {
        for (i = 0; i < depth; i++) {
            if (random) {
                off = (uint64_t)g_rand_int_range(b->rand, 0,
                                                 b->disk_size / len) * len;
            }
            queue_req(b, i, type, off, len);
            if (!random) {
                off = (off + len) % b->disk_size;
            }
        }
        qvirtqueue_kick(b->vq);
        reap(b, depth);
        n += depth;
        t = now();
    } while (t - t0 < secs);
    check_status(b, depth);
    return n / (t - t0);
}

int main(int argc, char **argv)
{
    double secs = 1.0;
    int size_mib = 64;
    g_autofree char *dir = NULL;
    GOptionEntry entries[] = {
        { "seconds", 't', 0, G_OPTION_ARG_DOUBLE, &secs,
          "seconds per figure (1)", "S" },
        { "size", 's', 0, G_OPTION_ARG_INT, &size_mib,
          "backing file size in MiB (64)", "MIB" },
        { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &dir,
          "directory for the backing file (/tmp)", "DIR" },
        { NULL },
    };
    static const uint32_t seq_sizes[] = { 64 * 1024, MIB };
    g_autoptr(GOptionContext) ctx = g_option_context_new(NULL);
    g_autoptr(GError) err = NULL;
    g_autofree char *path = NULL;
    uint64_t size;
    Bench b;
    size_t i;
    int fd;

    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        fprintf(stderr, "virtio-blk-bench: %s\n", err->message);
        return 1;
    }
    if (secs <= 0 || size_mib < 2) {
        fprintf(stderr, "virtio-blk-bench: -t must be positive and -s at "
                "least 2\n");
        return 1;
    }
    size = (uint64_t)size_mib * MIB;
    path = make_backing(dir ? dir : g_get_tmp_dir(), size);
    memset(&b, 0, sizeof(b));
    b.rand = g_rand_new_with_seed(42);

    printf("emulator: %s\n", getenv("QTEST_QEMU_BINARY"));
    printf("backing file: %s (%d MiB, raw, page cache warm)\n", path,
           size_mib);

    fd = open(path, O_RDONLY);
    g_assert_cmpint(fd, >=, 0);
    printf("host pread    4 KiB random reads   %10.0f IOPS\n",
           host_random(fd, size, secs, b.rand));
    for (i = 0; i < G_N_ELEMENTS(seq_sizes); i++) {
        printf("host pread    seq reads %5u KiB   %10.1f MiB/s\n",
               seq_sizes[i] / 1024, host_seq(fd, size, seq_sizes[i], secs));
    }
    close(fd);

    bench_start(&b, path, size);
    printf("virtio-blk    4 KiB random reads   %10.0f IOPS (depth 1)\n",
           guest_rate(&b, T_IN, SMALL, 1, true, secs));
    printf("virtio-blk    4 KiB random reads   %10.0f IOPS (depth %d)\n",
           guest_rate(&b, T_IN, SMALL, MAX_DEPTH, true, secs), MAX_DEPTH);
    for (i = 0; i < G_N_ELEMENTS(seq_sizes); i++) {
        uint32_t len = seq_sizes[i];
        int depth = len >= MIB ? 4 : 16;

        printf("virtio-blk    seq reads %5u KiB   %10.1f MiB/s (depth %d)\n",
               len / 1024,
               guest_rate(&b, T_IN, len, depth, false, secs) * len / MIB,
               depth);
        printf("virtio-blk    seq writes %4u KiB   %10.1f MiB/s (depth %d)\n",
               len / 1024,
               guest_rate(&b, T_OUT, len, depth, false, secs) * len / MIB,
               depth);
    }
    bench_stop(&b);
    g_rand_free(b.rand);
    unlink(path);
    return 0;
}
