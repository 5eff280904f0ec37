/*
 * Per-queue reset (VIRTIO_F_RING_RESET, Virtio 1.2 section 2.6.1, and
 * the queue_reset field of the PCI common configuration, 4.1.4.3) on
 * virtio-rng-pci, as a modern driver uses it: the bit is offered unless
 * queue_reset=off; a reset queue reads back its power-on values, takes
 * no requests, and works again on new rings; and the writes the device
 * ignores (feature not negotiated, values other than 1, absent queues,
 * before FEATURES_OK) leave the queue alone.
 */
#include "util/osdep.h"
#include "libqtest.h"
#include "libqvirtio.h"
#include "virtio-test-util.h"

#define F_RING_RESET        (1ULL << 40)
#define RNG_QUEUE_SIZE      8
#define BUF_LEN             16
#define ABSENT_QUEUE        1
#define MSI_DATA_CONFIG     0x40
#define MSI_DATA_QUEUE      0x41

/* Whether the device used a buffer of @vq (taken if so). */
static bool used_one(QVirtQueue *vq)
{
    uint16_t id;
    uint32_t len;

    return qvirtqueue_get_used(vq, &id, &len);
}

/* virtio-rng-pci@props on @machine, with a modern driver, reset. */
static QVirtioDevice *start_rng(VTMachine *m, const char *machine,
                                const char *props)
{
    g_autofree char *args = g_strdup_printf("-device virtio-rng-pci%s",
                                            props);
    QPCIDevice *pdev;
    QVirtioDevice *vd;

    vt_start(m, machine, args);
    pdev = vt_find(m, QVIRTIO_PCI_DEVICE_ID_RNG_LEGACY, 0);
    g_assert_nonnull(pdev);
    vd = qvirtio_pci_new(pdev, m->alloc);
    qvirtio_reset(vd);
    return vd;
}

static uint32_t rd(QVirtioDevice *vd, uint32_t off, int len)
{
    return qvirtio_common_read(vd, off, len);
}

static void wr(QVirtioDevice *vd, uint32_t off, uint32_t val, int len)
{
    qvirtio_common_write(vd, off, val, len);
}

static void select_queue(QVirtioDevice *vd, uint16_t q)
{
    wr(vd, QVIRTIO_COMMON_Q_SELECT, q, 2);
}

static void reset_queue(QVirtioDevice *vd, uint16_t q)
{
    select_queue(vd, q);
    wr(vd, QVIRTIO_COMMON_Q_RESET, 1, 2);
}

/* What a queue reads after a reset (and at power-on). */
static void assert_reset_values(QVirtioDevice *vd, uint16_t q)
{
    select_queue(vd, q);
    g_assert_cmpuint(rd(vd, QVIRTIO_COMMON_Q_RESET, 2), ==, 0);
    g_assert_cmpuint(rd(vd, QVIRTIO_COMMON_Q_ENABLE, 2), ==, 0);
    g_assert_cmpuint(rd(vd, QVIRTIO_COMMON_Q_SIZE, 2), ==, RNG_QUEUE_SIZE);
    g_assert_cmphex(rd(vd, QVIRTIO_COMMON_Q_MSIX, 2), ==,
                    QVIRTIO_MSI_NO_VECTOR);
    g_assert_cmphex(rd(vd, QVIRTIO_COMMON_Q_DESCLO, 4), ==, 0);
    g_assert_cmphex(rd(vd, QVIRTIO_COMMON_Q_DESCHI, 4), ==, 0);
    g_assert_cmphex(rd(vd, QVIRTIO_COMMON_Q_AVAILLO, 4), ==, 0);
    g_assert_cmphex(rd(vd, QVIRTIO_COMMON_Q_AVAILHI, 4), ==, 0);
    g_assert_cmphex(rd(vd, QVIRTIO_COMMON_Q_USEDLO, 4), ==, 0);
    g_assert_cmphex(rd(vd, QVIRTIO_COMMON_Q_USEDHI, 4), ==, 0);
}

/* One request on @vq; its bytes arrive (and, with @msi, the MSI). */
static void assert_request(QTestState *qts, QVirtQueue *vq, uint64_t buf,
                           bool msi)
{
    g_assert_cmpuint(vt_rng_read(vq, buf, BUF_LEN), ==, BUF_LEN);
    if (msi) {
        g_assert_cmphex(qvirtio_wait_msi(qts, VT_MSI_ADDR,
                                         QVIRTIO_TIMEOUT_US), ==,
                        MSI_DATA_QUEUE);
    }
}

/* Give a deferred kick its turn, and make sure nothing came of it. */
static void assert_nothing_used(QTestState *qts, QVirtQueue *vq)
{
    qtest_clock_step(qts, 1000 * 1000);
    g_assert_false(used_one(vq));
}

/* The bit: offered by default, hidden with queue_reset=off. */
static void test_offer(void)
{
    static const struct {
        const char *props;
        bool offered;
    } cases[] = {
        { "", true },
        { ",queue_reset=on", true },
        { ",queue_reset=off", false },
        { ",queue_reset=off,ioeventfd=off", false },
    };
    unsigned i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        VTMachine m;
        QVirtioDevice *vd = start_rng(&m, "pc", cases[i].props);

        g_assert_cmpint(!!(qvirtio_get_features(vd) & F_RING_RESET), ==,
                        cases[i].offered);
        if (!cases[i].offered) {
            /* Not offered: accepting it anyway is refused. */
            g_assert_false(qvirtio_negotiate(vd, QVIRTIO_F_VERSION_1 |
                                                 F_RING_RESET));
        }
        qvirtio_pci_free(vd);
        vt_stop(&m);
    }
}

typedef struct ResetCase {
    const char *machine;
    bool packed;
    bool ioeventfd;
} ResetCase;

/*
 * A queue in use (with an MSI-X vector and a buffer made available but
 * not kicked) is reset: its registers read back their reset values, a
 * kick is ignored; then the driver sets it up again on new rings, with
 * another size first, and requests complete there from the first
 * entry, never on the old rings.
 */
static void test_reset_reuse(const void *opaque)
{
    const ResetCase *c = opaque;
    g_autofree char *props = g_strdup_printf("%s%s",
                                             c->packed ? ",packed=on" : "",
                                             c->ioeventfd ? ""
                                                          : ",ioeventfd=off");
    VTMachine m;
    QVirtioDevice *vd = start_rng(&m, c->machine, props);
    QVirtQueue *vq, *old;
    QVirtBuf b;
    uint64_t buf, stale_buf;
    int i;

    g_assert_true(qvirtio_negotiate(vd, QVIRTIO_F_VERSION_1 | F_RING_RESET |
                                        (c->packed ? QVIRTIO_F_RING_PACKED
                                                   : 0)));
    g_assert_cmpuint(qvirtio_msix_enable(vd), ==, 2);
    qvirtio_msix_set_vector(vd, 0, VT_MSI_ADDR2, MSI_DATA_CONFIG);
    qvirtio_msix_set_vector(vd, 1, VT_MSI_ADDR, MSI_DATA_QUEUE);
    g_assert_cmphex(qvirtio_set_config_vector(vd, 0), ==, 0);
    old = qvirtqueue_setup(vd, 0, c->packed);
    g_assert_nonnull(old);
    g_assert_cmphex(qvirtqueue_set_vector(old, 1), ==, 1);
    qvirtio_set_driver_ok(vd);
    buf = qguest_alloc(m.alloc, BUF_LEN, 16);
    stale_buf = qguest_alloc(m.alloc, BUF_LEN, 16);
    assert_request(m.qts, old, buf, true);

    /* Made available, not kicked, then the queue is reset. */
    qtest_memset(m.qts, stale_buf, 0, BUF_LEN);
    b = (QVirtBuf) { .addr = stale_buf, .len = BUF_LEN, .write = true };
    qvirtqueue_add(old, &b, 1, false);
    reset_queue(vd, 0);
    assert_reset_values(vd, 0);
    /* A kick of the reset queue: nothing is taken. */
    qvirtqueue_notify(old);
    assert_nothing_used(m.qts, old);
    g_assert_cmphex(qtest_readq(m.qts, stale_buf), ==, 0);
    g_assert_cmphex(qvirtio_get_status(vd) & QVIRTIO_S_NEEDS_RESET, ==, 0);

    /* Another size, then a second reset brings back the maximum. */
    wr(vd, QVIRTIO_COMMON_Q_SIZE, RNG_QUEUE_SIZE / 2, 2);
    g_assert_cmpuint(rd(vd, QVIRTIO_COMMON_Q_SIZE, 2), ==,
                     RNG_QUEUE_SIZE / 2);
    reset_queue(vd, 0);
    assert_reset_values(vd, 0);

    /* New rings at new addresses (the old ones are still allocated). */
    vq = qvirtqueue_setup(vd, 0, c->packed);
    g_assert_nonnull(vq);
    g_assert_cmphex(vq->desc, !=, old->desc);
    g_assert_cmphex(qvirtqueue_set_vector(vq, 1), ==, 1);
    g_assert_cmpuint(rd(vd, QVIRTIO_COMMON_Q_ENABLE, 2), ==, 1);
    g_assert_cmpuint(rd(vd, QVIRTIO_COMMON_Q_RESET, 2), ==, 0);
    /* More requests than entries: the new rings wrap. */
    for (i = 0; i < 2 * RNG_QUEUE_SIZE + 1; i++) {
        assert_request(m.qts, vq, buf, true);
    }
    g_assert_false(used_one(old));
    g_assert_cmphex(qtest_readq(m.qts, stale_buf), ==, 0);
    g_assert_cmphex(qvirtio_get_status(vd) & QVIRTIO_S_NEEDS_RESET, ==, 0);

    qvirtqueue_cleanup(vq);
    qvirtqueue_cleanup(old);
    qvirtio_reset(vd);
    qguest_free(m.alloc, buf);
    qguest_free(m.alloc, stale_buf);
    qvirtio_pci_free(vd);
    vt_stop(&m);
}

/* A queue set up, DRIVER_OK, one request done. */
static QVirtQueue *setup_working(VTMachine *m, QVirtioDevice *vd,
                                 uint64_t features, uint64_t buf)
{
    QVirtQueue *vq;

    qvirtio_reset(vd);
    g_assert_true(qvirtio_negotiate(vd, features));
    vq = qvirtqueue_setup(vd, 0, false);
    g_assert_nonnull(vq);
    qvirtio_set_driver_ok(vd);
    assert_request(m->qts, vq, buf, false);
    return vq;
}

/* Writes the device ignores, and a queue enabled with no rings. */
static void test_refused(const void *opaque)
{
    VTMachine m;
    QVirtioDevice *vd = start_rng(&m, opaque, "");
    uint64_t buf = qguest_alloc(m.alloc, BUF_LEN, 16);
    QVirtQueue *vq;
    uint32_t desc_lo;

    /* Not negotiated: the field reads 0 and writing it does nothing. */
    vq = setup_working(&m, vd, QVIRTIO_F_VERSION_1, buf);
    desc_lo = rd(vd, QVIRTIO_COMMON_Q_DESCLO, 4);
    reset_queue(vd, 0);
    g_assert_cmpuint(rd(vd, QVIRTIO_COMMON_Q_RESET, 2), ==, 0);
    g_assert_cmpuint(rd(vd, QVIRTIO_COMMON_Q_ENABLE, 2), ==, 1);
    g_assert_cmphex(rd(vd, QVIRTIO_COMMON_Q_DESCLO, 4), ==, desc_lo);
    assert_request(m.qts, vq, buf, false);
    qvirtqueue_cleanup(vq);

    /* Negotiated: values other than 1 and absent queues are ignored. */
    vq = setup_working(&m, vd, QVIRTIO_F_VERSION_1 | F_RING_RESET, buf);
    wr(vd, QVIRTIO_COMMON_Q_RESET, 0, 2);
    wr(vd, QVIRTIO_COMMON_Q_RESET, 2, 2);
    wr(vd, QVIRTIO_COMMON_Q_RESET, 0xffff, 2);
    g_assert_cmpuint(rd(vd, QVIRTIO_COMMON_Q_ENABLE, 2), ==, 1);
    reset_queue(vd, ABSENT_QUEUE);
    g_assert_cmpuint(rd(vd, QVIRTIO_COMMON_Q_RESET, 2), ==, 0);
    g_assert_cmpuint(rd(vd, QVIRTIO_COMMON_Q_SIZE, 2), ==, 0);
    reset_queue(vd, 1023);
    select_queue(vd, 0);
    g_assert_cmpuint(rd(vd, QVIRTIO_COMMON_Q_ENABLE, 2), ==, 1);
    assert_request(m.qts, vq, buf, false);

    /* Enabled again without rings: no use, no harm, no NEEDS_RESET. */
    reset_queue(vd, 0);
    wr(vd, QVIRTIO_COMMON_Q_ENABLE, 1, 2);
    g_assert_cmpuint(rd(vd, QVIRTIO_COMMON_Q_ENABLE, 2), ==, 1);
    qvirtqueue_notify(vq);
    assert_nothing_used(m.qts, vq);
    g_assert_cmphex(qvirtio_get_status(vd) & QVIRTIO_S_NEEDS_RESET, ==, 0);
    /* ... and reset once more, it can be set up properly. */
    reset_queue(vd, 0);
    assert_reset_values(vd, 0);
    qvirtqueue_cleanup(vq);
    vq = qvirtqueue_setup(vd, 0, false);
    assert_request(m.qts, vq, buf, false);
    qvirtqueue_cleanup(vq);

    /* Before FEATURES_OK the field is not there yet; after, it is. */
    qvirtio_reset(vd);
    qvirtio_set_status(vd, QVIRTIO_S_ACKNOWLEDGE | QVIRTIO_S_DRIVER);
    qvirtio_set_features(vd, QVIRTIO_F_VERSION_1 | F_RING_RESET);
    select_queue(vd, 0);
    wr(vd, QVIRTIO_COMMON_Q_SIZE, RNG_QUEUE_SIZE / 2, 2);
    reset_queue(vd, 0);
    g_assert_cmpuint(rd(vd, QVIRTIO_COMMON_Q_SIZE, 2), ==,
                     RNG_QUEUE_SIZE / 2);
    qvirtio_set_status(vd, QVIRTIO_S_ACKNOWLEDGE | QVIRTIO_S_DRIVER |
                       QVIRTIO_S_FEATURES_OK);
    g_assert_true(qvirtio_get_status(vd) & QVIRTIO_S_FEATURES_OK);
    reset_queue(vd, 0);
    assert_reset_values(vd, 0);

    /* A device reset, and the device works without the feature. */
    vq = setup_working(&m, vd, QVIRTIO_F_VERSION_1, buf);
    qvirtqueue_cleanup(vq);
    qvirtio_reset(vd);
    qguest_free(m.alloc, buf);
    qvirtio_pci_free(vd);
    vt_stop(&m);
}

/*
 * A kick and a queue reset in the same qtest round (one line each, sent
 * together, handled in one read): with ioeventfd the kick is still
 * pending when the queue is reset, and the request is never taken;
 * without, the kick ran inside its write, before the reset.
 */
static void test_reset_pending_kick(const void *opaque)
{
    bool ioeventfd = GPOINTER_TO_INT(opaque);
    VTMachine m;
    QVirtioDevice *vd = start_rng(&m, "pc",
                                  ioeventfd ? "" : ",ioeventfd=off");
    uint64_t buf = qguest_alloc(m.alloc, BUF_LEN, 16);
    QVirtQueue *vq = setup_working(&m, vd, QVIRTIO_F_VERSION_1 |
                                   F_RING_RESET, buf);
    const QPCIBar *nbar = &vd->pdev->bars[vd->notify->bar];
    const QPCIBar *cbar = &vd->pdev->bars[vd->common->bar];
    uint64_t notify = nbar->addr + vd->notify->offset +
                      (uint64_t)vq->notify_off * vd->notify->notify_mult;
    uint64_t reset = cbar->addr + vd->common->offset +
                     QVIRTIO_COMMON_Q_RESET;
    g_autofree char *lines = g_strdup_printf("writew 0x%" PRIx64 " 0x0\n"
                                             "writew 0x%" PRIx64 " 0x1\n",
                                             notify, reset);
    QVirtBuf b = { .addr = buf, .len = BUF_LEN, .write = true };
    char *reply;
    int i;

    qtest_memset(m.qts, buf, 0, BUF_LEN);
    qvirtqueue_add(vq, &b, 1, false);
    qtest_send_raw(m.qts, lines, strlen(lines));
    for (i = 0; i < 2; i++) {
        reply = qtest_recv_line(m.qts);
        g_assert_cmpstr(reply, ==, "OK");
        g_free(reply);
    }
    if (ioeventfd) {
        assert_nothing_used(m.qts, vq);
    } else {
        g_assert_true(used_one(vq));
    }
    assert_reset_values(vd, 0);
    g_assert_cmphex(qvirtio_get_status(vd) & QVIRTIO_S_NEEDS_RESET, ==, 0);

    qvirtqueue_cleanup(vq);
    vq = qvirtqueue_setup(vd, 0, false);
    assert_request(m.qts, vq, buf, false);
    qvirtqueue_cleanup(vq);
    qvirtio_reset(vd);
    qguest_free(m.alloc, buf);
    qvirtio_pci_free(vd);
    vt_stop(&m);
}

int main(int argc, char **argv)
{
    static const ResetCase cases[] = {
        { "pc", false, true },
        { "pc", true, true },
        { "pc", false, false },
        { "q35", false, true },
        { "q35", true, false },
    };
    unsigned i;

    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/virtio-queue-reset/offer", test_offer);
    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *path =
            g_strdup_printf("/virtio-queue-reset/%s/%s/ioeventfd-%s/reuse",
                            cases[i].machine,
                            cases[i].packed ? "packed" : "split",
                            cases[i].ioeventfd ? "on" : "off");

        g_test_add_data_func(path, &cases[i], test_reset_reuse);
    }
    g_test_add_data_func("/virtio-queue-reset/pc/refused", "pc",
                         test_refused);
    g_test_add_data_func("/virtio-queue-reset/q35/refused", "q35",
                         test_refused);
    g_test_add_data_func("/virtio-queue-reset/pending-kick/ioeventfd-on",
                         GINT_TO_POINTER(true), test_reset_pending_kick);
    g_test_add_data_func("/virtio-queue-reset/pending-kick/ioeventfd-off",
                         GINT_TO_POINTER(false), test_reset_pending_kick);
    return g_test_run();
}
