/*
 * virtio-rng-pci as a guest driver sees it: entropy read through split
 * and packed rings, with each rng back end, through modern and legacy
 * drivers, completions signalled by MSI-X and by INTx with the ISR, on
 * pc and q35.
 */
#include "util/osdep.h"
#include "libqtest.h"
#include "libqvirtio.h"
#include "virtio-test-util.h"

#define RNG_MODERN_ID       (QVIRTIO_PCI_MODERN_BASE + QVIRTIO_ID_RNG)
#define RNG_BUF_LEN         64
#define PCI_STATUS_REG      0x06
#define PCI_STATUS_INTX     0x08

typedef struct RngCase {
    const char *machine;
    const char *args;       /* -object/-device */
    uint16_t device_id;
    bool packed;
    bool legacy;
    bool msix;
} RngCase;

static bool not_all_zero(const uint8_t *b, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        if (b[i]) {
            return true;
        }
    }
    return false;
}

static void run_case(const void *opaque)
{
    const RngCase *c = opaque;
    VTMachine m;
    QPCIDevice *pdev;
    QVirtioDevice *vd;
    QVirtQueue *vq;
    uint64_t buf, feat;
    uint8_t data[RNG_BUF_LEN];
    uint32_t len;
    int round;

    vt_start(&m, c->machine, c->args);
    pdev = vt_find(&m, c->device_id, 0);
    g_assert_nonnull(pdev);
    vd = c->legacy ? qvirtio_pci_new_legacy(pdev, m.alloc)
                   : qvirtio_pci_new(pdev, m.alloc);
    qvirtio_reset(vd);
    feat = c->legacy ? 0 : QVIRTIO_F_VERSION_1;
    if (c->packed) {
        g_assert_true(qvirtio_get_features(vd) & QVIRTIO_F_RING_PACKED);
        feat |= QVIRTIO_F_RING_PACKED;
    }
    g_assert_true(qvirtio_negotiate(vd, feat));
    if (c->msix) {
        g_assert_cmpuint(qvirtio_msix_enable(vd), ==, 2);
        qvirtio_msix_set_vector(vd, 0, VT_MSI_ADDR2, 0x40);
        qvirtio_msix_set_vector(vd, 1, VT_MSI_ADDR, 0x41);
        g_assert_cmphex(qvirtio_set_config_vector(vd, 0), ==, 0);
    }
    vq = qvirtqueue_setup(vd, 0, c->packed);
    g_assert_nonnull(vq);
    g_assert_cmpuint(vq->size, ==, 8);          /* qemu's queue size */
    if (c->msix) {
        g_assert_cmphex(qvirtqueue_set_vector(vq, 1), ==, 1);
    }
    qvirtio_set_driver_ok(vd);

    buf = qguest_alloc(m.alloc, RNG_BUF_LEN, 16);
    /* More rounds than the queue has entries: the rings wrap. */
    for (round = 0; round < 20; round++) {
        qtest_memset(m.qts, buf, 0, RNG_BUF_LEN);
        len = vt_rng_read(vq, buf, RNG_BUF_LEN);
        g_assert_cmpuint(len, >, 0);
        g_assert_cmpuint(len, <=, RNG_BUF_LEN);
        qtest_memread(m.qts, buf, data, len);
        if (len >= 8) {
            g_assert_true(not_all_zero(data, len));
        }
        if (c->msix) {
            g_assert_cmphex(qvirtio_wait_msi(m.qts, VT_MSI_ADDR,
                                             QVIRTIO_TIMEOUT_US), ==, 0x41);
            /* MSI-X: no INTx */
            g_assert_false(qpci_config_readw(pdev, PCI_STATUS_REG) &
                           PCI_STATUS_INTX);
        } else {
            /* INTx: asserted until the ISR read, which clears both. */
            g_assert_true(qpci_config_readw(pdev, PCI_STATUS_REG) &
                          PCI_STATUS_INTX);
            g_assert_cmphex(qvirtio_isr_read(vd) & QVIRTIO_ISR_QUEUE, ==,
                            QVIRTIO_ISR_QUEUE);
            g_assert_false(qpci_config_readw(pdev, PCI_STATUS_REG) &
                           PCI_STATUS_INTX);
            g_assert_cmphex(qvirtio_isr_read(vd), ==, 0);
        }
    }
    g_assert_false(qvirtio_get_status(vd) & QVIRTIO_S_NEEDS_RESET);
    qguest_free(m.alloc, buf);
    qvirtqueue_cleanup(vq);
    qvirtio_reset(vd);
    qvirtio_pci_free(vd);
    vt_stop(&m);
}

/* A one-byte quota per long period: the second read waits for it. */
static void test_rate_limit(void)
{
    VTMachine m;
    QPCIDevice *pdev;
    QVirtioDevice *vd;
    QVirtQueue *vq;
    QVirtBuf b;
    uint64_t buf;
    uint16_t id;
    uint32_t len;

    vt_start(&m, "pc", "-device virtio-rng-pci,max-bytes=4,period=1000");
    pdev = vt_find(&m, QVIRTIO_PCI_DEVICE_ID_RNG_LEGACY, 0);
    g_assert_nonnull(pdev);
    vd = qvirtio_pci_new(pdev, m.alloc);
    qvirtio_reset(vd);
    g_assert_true(qvirtio_negotiate(vd, QVIRTIO_F_VERSION_1));
    vq = qvirtqueue_setup(vd, 0, false);
    qvirtio_set_driver_ok(vd);
    buf = qguest_alloc(m.alloc, RNG_BUF_LEN, 16);

    g_assert_cmpuint(vt_rng_read(vq, buf, RNG_BUF_LEN), ==, 4);
    b = (QVirtBuf){ .addr = buf, .len = RNG_BUF_LEN, .write = true };
    id = qvirtqueue_add(vq, &b, 1, false);
    qvirtqueue_kick(vq);
    /* Nothing within the spent period (100 ms of virtual time). */
    qtest_clock_step(m.qts, 100 * 1000 * 1000);
    g_assert_false(qvirtqueue_get_used(vq, NULL, NULL));
    len = qvirtqueue_wait_used(vq, id, QVIRTIO_TIMEOUT_US);
    g_assert_cmpuint(len, ==, 4);

    qvirtqueue_cleanup(vq);
    qvirtio_pci_free(vd);
    vt_stop(&m);
}

/* The device's properties reached through the proxy's aliases. */
static void test_aliases(void)
{
    QTestState *qts = qtest_init("-M pc -nodefaults "
                                 "-object rng-random,id=r0,"
                                 "filename=/dev/urandom "
                                 "-device virtio-rng-pci,id=v,rng=r0,"
                                 "max-bytes=1234,period=77");
    QDict *rsp;

    rsp = qtest_qmp(qts, "{'execute': 'qom-get', 'arguments': "
                    "{'path': '/machine/peripheral/v', "
                    "'property': 'max-bytes'}}");
    g_assert_cmpint(qdict_get_try_int(rsp, "return", -1), ==, 1234);
    qobject_unref(rsp);
    rsp = qtest_qmp(qts, "{'execute': 'qom-get', 'arguments': "
                    "{'path': '/machine/peripheral/v/virtio-backend', "
                    "'property': 'period'}}");
    g_assert_cmpint(qdict_get_try_int(rsp, "return", -1), ==, 77);
    qobject_unref(rsp);
    rsp = qtest_qmp(qts, "{'execute': 'qom-get', 'arguments': "
                    "{'path': '/machine/peripheral/v', "
                    "'property': 'rng'}}");
    g_assert_cmpstr(qdict_get_try_str(rsp, "return"), ==, "/objects/r0");
    qobject_unref(rsp);
    qtest_quit(qts);
}

static void add_case(const char *name, const char *machine,
                     const char *args, uint16_t device_id, bool packed,
                     bool legacy, bool msix)
{
    RngCase *c = g_new0(RngCase, 1);
    g_autofree char *path = g_strdup_printf("/virtio-rng/%s/%s", machine,
                                            name);

    c->machine = machine;
    c->args = args;
    c->device_id = device_id;
    c->packed = packed;
    c->legacy = legacy;
    c->msix = msix;
    g_test_add_data_func_full(path, c, run_case, g_free);
}

#define RANDOM "-object rng-random,id=r0,filename=/dev/urandom "
#define BUILTIN "-object rng-builtin,id=r0 "

int main(int argc, char **argv)
{
    static const char *const machines[] = { "pc", "q35" };
    unsigned i;

    g_test_init(&argc, &argv, NULL);
    for (i = 0; i < G_N_ELEMENTS(machines); i++) {
        const char *mc = machines[i];

        add_case("split-random-msix", mc,
                 RANDOM "-device virtio-rng-pci,rng=r0",
                 QVIRTIO_PCI_DEVICE_ID_RNG_LEGACY, false, false, true);
        add_case("split-builtin-intx", mc,
                 BUILTIN "-device virtio-rng-pci,rng=r0",
                 QVIRTIO_PCI_DEVICE_ID_RNG_LEGACY, false, false, false);
        add_case("packed-random-intx", mc,
                 RANDOM "-device virtio-rng-pci-non-transitional,rng=r0,"
                 "packed=on", RNG_MODERN_ID, true, false, false);
        add_case("packed-builtin-msix", mc,
                 BUILTIN "-device virtio-rng-pci-non-transitional,rng=r0,"
                 "packed=on", RNG_MODERN_ID, true, false, true);
        add_case("legacy-intx", mc,
                 "-device virtio-rng-pci-transitional",
                 QVIRTIO_PCI_DEVICE_ID_RNG_LEGACY, false, true, false);
        add_case("legacy-msix", mc,
                 RANDOM "-device virtio-rng-pci,rng=r0",
                 QVIRTIO_PCI_DEVICE_ID_RNG_LEGACY, false, true, true);
    }
    add_case("port-split-msix", "q35",
             RANDOM "-device pcie-root-port,id=rp,chassis=1 "
             "-device virtio-rng-pci,bus=rp,rng=r0",
             RNG_MODERN_ID, false, false, true);
    add_case("port-packed-intx", "q35",
             "-device pcie-root-port,id=rp,chassis=1 "
             "-device virtio-rng-pci,bus=rp,packed=on",
             RNG_MODERN_ID, true, false, false);
    g_test_add_func("/virtio-rng/rate-limit", test_rate_limit);
    g_test_add_func("/virtio-rng/aliases", test_aliases);
    return g_test_run();
}
