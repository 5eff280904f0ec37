/*
 * Self-test of the qtest guest-driver helpers: the guest memory
 * allocator (libqmalloc) and the split and packed virtqueue drivers
 * (libqvirtio-ring.c) against a device played by this test over guest
 * RAM (-M pc), so the helpers are checked before any virtio device
 * relies on them.
 */
#include "util/osdep.h"
#include "libqtest.h"
#include "libqvirtio.h"
#include "libqvirtio-internal.h"

#define RAM_START   0x100000
#define RAM_END     0x800000

/* Allocator */

static void test_malloc(void)
{
    QGuestAllocator *a = qguest_alloc_new(0x1000, 0x11000, 0x1000);
    uint64_t x, y, z, w;

    x = qguest_alloc(a, 100, 0);
    y = qguest_alloc(a, 0x3000, 0x4000);
    z = qguest_alloc(a, 8, 8);
    g_assert_cmphex(x, ==, 0x1000);
    g_assert_cmphex(y, ==, 0x4000);
    g_assert_cmphex(z, ==, 0x1068);         /* the gap after x, aligned */
    g_assert(qguest_alloc_owns(a, y + 0x10, 0x2ff0));
    g_assert(!qguest_alloc_owns(a, y + 0x10, 0x3000));
    g_assert_cmpuint(qguest_alloc_count(a), ==, 3);
    g_assert_cmphex(qguest_alloc_used(a), ==, 100 + 0x3000 + 8);
    qguest_free(a, y);
    qguest_free(a, x);
    qguest_free(a, 0);
    /* Freed neighbours merged: one block up to the end fits again. */
    w = qguest_alloc(a, 0xf000, 0);
    g_assert_cmphex(w, ==, 0x2000);
    qguest_free(a, w);
    qguest_free(a, z);
    qguest_alloc_destroy(a);
}

static void test_malloc_leak_subprocess(void)
{
    QGuestAllocator *a = qguest_alloc_new(0x1000, 0x2000, 0x10);

    qguest_alloc(a, 0x10, 0);
    qguest_alloc_destroy(a);                /* must fail: a leak */
}

static void test_malloc_leak(void)
{
    g_test_trap_subprocess("/libqvirtio/malloc/leak/subprocess", 0, 0);
    g_test_trap_assert_failed();
}

/* A queue without a device: the test plays the device. */

typedef struct Fixture {
    QTestState *qts;
    QGuestAllocator *alloc;
    QVirtioDevice vd;
    QVirtQueue *vq;
    uint16_t dev_pos;       /* the played device's ring position */
    bool dev_wrap;          /* packed: its wrap counter */
} Fixture;

static void fixture_init(Fixture *f, bool packed, uint16_t size)
{
    f->qts = qtest_init("-M pc -m 16M");
    f->alloc = qguest_alloc_new(RAM_START, RAM_END, 4096);
    f->vd.qts = f->qts;
    f->vd.alloc = f->alloc;
    f->vd.features = QVIRTIO_F_VERSION_1 | QVIRTIO_F_EVENT_IDX |
                     (packed ? QVIRTIO_F_RING_PACKED : 0);
    f->dev_pos = 0;
    f->dev_wrap = true;
    f->vq = g_new0(QVirtQueue, 1);
    f->vq->vdev = &f->vd;
    f->vq->size = size;
    f->vq->packed = packed;
    f->vq->event_idx = true;
    f->vq->desc = qguest_alloc(f->alloc, QVRING_DESC_SIZE * size, 16);
    f->vq->avail = qguest_alloc(f->alloc, 6 + 2 * size, 4);
    f->vq->used = qguest_alloc(f->alloc, 6 + 8 * size, 4);
    qtest_memset(f->qts, f->vq->desc, 0, QVRING_DESC_SIZE * size);
    qtest_memset(f->qts, f->vq->avail, 0, 6 + 2 * size);
    qtest_memset(f->qts, f->vq->used, 0, 6 + 8 * size);
    qvring_init_state(f->vq);
}

static void fixture_end(Fixture *f)
{
    qvring_free_state(f->vq);
    qguest_free(f->alloc, f->vq->desc);
    qguest_free(f->alloc, f->vq->avail);
    qguest_free(f->alloc, f->vq->used);
    g_free(f->vq);
    qguest_alloc_destroy(f->alloc);
    qtest_quit(f->qts);
}

/* Fill a device-writable buffer with @fill; return the bytes written. */
static uint32_t dev_fill(QTestState *qts, uint64_t addr, uint32_t len,
                         uint16_t flags, uint8_t fill)
{
    if (flags & QVRING_DESC_F_WRITE) {
        qtest_memset(qts, addr, fill, len);
        return len;
    }
    return 0;
}

/* The device's side of a split ring: use the next available chain. */
static bool split_dev_use(Fixture *f, uint16_t *dev_avail, uint8_t fill,
                          int *pieces)
{
    QTestState *qts = f->qts;
    QVirtQueue *vq = f->vq;
    uint16_t avail_idx = qtest_readw(qts, vq->avail + 2);
    uint16_t head, i, used_idx;
    uint64_t table = vq->desc;
    uint32_t written = 0;
    int guard = 0;

    if (avail_idx == *dev_avail) {
        return false;
    }
    head = qtest_readw(qts, vq->avail + 4 + 2 * (*dev_avail % vq->size));
    (*dev_avail)++;
    i = head;
    *pieces = 0;
    for (;;) {
        uint64_t d = table + QVRING_DESC_SIZE * i;
        uint64_t addr = qtest_readq(qts, d);
        uint32_t len = qtest_readl(qts, d + 8);
        uint16_t flags = qtest_readw(qts, d + 12);

        g_assert_cmpint(++guard, <=, vq->size);
        if (flags & QVRING_DESC_F_INDIRECT) {
            g_assert(table == vq->desc);
            table = addr;
            g_assert_cmpuint(len % QVRING_DESC_SIZE, ==, 0);
            i = 0;
            continue;
        }
        written += dev_fill(qts, addr, len, flags, fill);
        (*pieces)++;
        if (!(flags & QVRING_DESC_F_NEXT)) {
            break;
        }
        i = qtest_readw(qts, d + 14);
    }
    used_idx = qtest_readw(qts, vq->used + 2);
    qtest_writel(qts, vq->used + 4 + 8 * (used_idx % vq->size), head);
    qtest_writel(qts, vq->used + 8 + 8 * (used_idx % vq->size), written);
    qtest_writew(qts, vq->used + 2, used_idx + 1);
    return true;
}

/* The device's side of a packed ring (2.8.21). */
static bool packed_dev_use(Fixture *f, uint16_t *pos, bool *wrap,
                           uint8_t fill, int *pieces)
{
    QTestState *qts = f->qts;
    QVirtQueue *vq = f->vq;
    uint64_t head = vq->desc + QVRING_DESC_SIZE * *pos;
    uint16_t flags = qtest_readw(qts, head + 14);
    bool avail = flags & QVRING_PACKED_DESC_F_AVAIL;
    bool used = flags & QVRING_PACKED_DESC_F_USED;
    uint32_t written = 0;
    uint16_t id = 0;

    if (avail != *wrap || used == *wrap) {
        return false;
    }
    *pieces = 0;
    for (;;) {
        uint64_t d = vq->desc + QVRING_DESC_SIZE * *pos;
        uint64_t addr = qtest_readq(qts, d);
        uint32_t len = qtest_readl(qts, d + 8);

        flags = qtest_readw(qts, d + 14);
        id = qtest_readw(qts, d + 12);
        if (flags & QVRING_DESC_F_INDIRECT) {
            uint32_t i;

            for (i = 0; i < len / QVRING_DESC_SIZE; i++) {
                uint64_t e = addr + QVRING_DESC_SIZE * i;

                written += dev_fill(qts, qtest_readq(qts, e),
                                    qtest_readl(qts, e + 8),
                                    qtest_readw(qts, e + 14), fill);
                (*pieces)++;
            }
        } else {
            written += dev_fill(qts, addr, len, flags, fill);
            (*pieces)++;
        }
        if (++*pos == vq->size) {
            *pos = 0;
            *wrap = !*wrap;
        }
        if (!(flags & QVRING_DESC_F_NEXT)) {
            break;
        }
    }
    /* One used descriptor, written where the chain's head was. */
    qtest_writel(qts, head + 8, written);
    qtest_writew(qts, head + 12, id);
    flags = (avail ? QVRING_PACKED_DESC_F_AVAIL | QVRING_PACKED_DESC_F_USED
                   : 0);
    qtest_writew(qts, head + 14, flags);
    return true;
}

static void run_chains(Fixture *f, bool indirect, int rounds)
{
    uint64_t buf = qguest_alloc(f->alloc, 64, 16);
    int r;

    for (r = 0; r < rounds; r++) {
        QVirtBuf bufs[3] = {
            { .addr = buf, .len = 8, .write = false },
            { .addr = buf + 16, .len = 16, .write = true },
            { .addr = buf + 32, .len = 4, .write = true },
        };
        uint16_t id, got;
        uint32_t len;
        int pieces = 0;
        uint8_t fill = 0x40 + r;

        id = qvirtqueue_add(f->vq, bufs, 3, indirect);
        g_assert(!qvirtqueue_get_used(f->vq, &got, &len));
        if (f->vq->packed) {
            g_assert(packed_dev_use(f, &f->dev_pos, &f->dev_wrap, fill,
                                  &pieces));
        } else {
            g_assert(split_dev_use(f, &f->dev_pos, fill, &pieces));
        }
        g_assert_cmpint(pieces, ==, 3);
        g_assert(qvirtqueue_get_used(f->vq, &got, &len));
        g_assert_cmpuint(got, ==, id);
        g_assert_cmpuint(len, ==, 20);
        g_assert_cmphex(qtest_readb(f->qts, buf + 16), ==, fill);
        g_assert_cmphex(qtest_readb(f->qts, buf + 35), ==, fill);
        g_assert_cmpuint(qvirtqueue_num_free(f->vq), ==, f->vq->size);
    }
    qguest_free(f->alloc, buf);
}

static void test_split(void)
{
    Fixture f;

    fixture_init(&f, false, 8);
    run_chains(&f, false, 12);      /* wraps the 8-entry ring */
    run_chains(&f, true, 3);
    fixture_end(&f);
}

static void test_packed(void)
{
    Fixture f;

    fixture_init(&f, true, 8);
    run_chains(&f, false, 12);      /* 3 slots each: wraps several times */
    run_chains(&f, true, 10);
    fixture_end(&f);
}

static void test_event_idx(void)
{
    g_assert(qvring_need_event(0, 1, 0));
    g_assert(!qvring_need_event(1, 1, 0));
    g_assert(qvring_need_event(4, 8, 2));
    g_assert(!qvring_need_event(9, 8, 2));
    /* Across the 16-bit wrap. */
    g_assert(qvring_need_event(0xffff, 1, 0xfffe));
    g_assert(!qvring_need_event(2, 1, 0xfffe));
}

static void test_split_suppression(void)
{
    Fixture f;
    QVirtBuf b = { .addr = RAM_START, .len = 4, .write = true };

    fixture_init(&f, false, 4);
    /* avail_event = 5: the first kicks up to idx 5 need no notify. */
    qtest_writew(f.qts, f.vq->used + 4 + 8 * 4, 5);
    qvirtqueue_add(f.vq, &b, 1, false);
    g_assert(!qvirtqueue_kick(f.vq));
    qvirtqueue_set_used_event(f.vq, 3);
    g_assert_cmphex(qtest_readw(f.qts, f.vq->avail + 4 + 2 * 4), ==, 3);
    qvirtqueue_disable_interrupts(f.vq, true);
    g_assert_cmphex(qtest_readw(f.qts, f.vq->avail), ==,
                    QVRING_AVAIL_F_NO_INTERRUPT);
    /* Leave the buffer in flight: cleanup must cope. */
    fixture_end(&f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/libqvirtio/malloc", test_malloc);
    g_test_add_func("/libqvirtio/malloc/leak", test_malloc_leak);
    g_test_add_func("/libqvirtio/malloc/leak/subprocess",
                    test_malloc_leak_subprocess);
    g_test_add_func("/libqvirtio/event-idx", test_event_idx);
    if (qtest_has_machine("pc")) {
        g_test_add_func("/libqvirtio/split", test_split);
        g_test_add_func("/libqvirtio/split/suppression",
                        test_split_suppression);
        g_test_add_func("/libqvirtio/packed", test_packed);
    }
    return g_test_run();
}
