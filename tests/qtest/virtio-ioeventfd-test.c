/*
 * virtio-pci's "ioeventfd" property: with it on (the default) a kick
 * only marks the queue and the device runs it from a bottom half, after
 * the guest's register write; with it off the queue runs inside the
 * write.  Both complete requests, through the modern notify region and
 * the legacy I/O register.  A kick still pending when the device is
 * reset or unplugged (the kick and the reset or the guest's eject sent
 * in one qtest round, so that the server handles both before its main
 * loop runs the bottom half) is dropped without harm; with ioeventfd
 * off the same round completes the request first.
 */
#include "util/osdep.h"
#include "libqtest.h"
#include "libqvirtio.h"
#include "virtio-test-util.h"
#include "pcie-test-util.h"

#define RNG_MODERN_ID       (QVIRTIO_PCI_MODERN_BASE + QVIRTIO_ID_RNG)
#define BUF_LEN             16
#define ROUNDS              20
#define ABSENT_QUEUE        5
/* PIIX4_PM's ACPI PCI hot-plug registers on pc. */
#define PCIHP_DOWN          0xae04
#define PCIHP_EJ            0xae08
#define HP_SLOT             7
/* Root port at 00:03.0 on q35; its PCI Express capability fields. */
#define RP_DEV              3
#define PCI_CAP_ID_EXP      0x10
#define EXP_SLTCTL          0x18
#define EXP_SLTSTA          0x1a
#define SLTCTL_PIC_OFF      0x0300      /* power indicator off */
#define SLTCTL_PCC_OFF      0x0400      /* power controller off */
#define SLTCTL_ENABLE       (0x01c0 | 0x0020 | 0x0008 | 0x0001)
#define SLTSTA_ABP          0x0001

/* Whether the device used a buffer of @vq (taken if so). */
static bool used_one(QVirtQueue *vq)
{
    uint16_t id;
    uint32_t len;

    return qvirtqueue_get_used(vq, &id, &len);
}

typedef struct KickCase {
    const char *machine;
    bool ioeventfd;
    bool legacy;
} KickCase;

static const char *onoff(bool on)
{
    return on ? "on" : "off";
}

/* A driver for the rng function found with @id, reset. */
static QVirtioDevice *open_rng(VTMachine *m, uint16_t id, bool legacy)
{
    QPCIDevice *pdev = vt_find(m, id, 0);
    QVirtioDevice *vd;

    g_assert_nonnull(pdev);
    vd = legacy ? qvirtio_pci_new_legacy(pdev, m->alloc)
                : qvirtio_pci_new(pdev, m->alloc);
    qvirtio_reset(vd);
    return vd;
}

/* Features negotiated, queue 0 set up, DRIVER_OK. */
static QVirtQueue *rng_setup(QVirtioDevice *vd)
{
    QVirtQueue *vq;

    g_assert_true(qvirtio_negotiate(vd, vd->legacy ? 0
                                                   : QVIRTIO_F_VERSION_1));
    vq = qvirtqueue_setup(vd, 0, false);
    g_assert_nonnull(vq);
    qvirtio_set_driver_ok(vd);
    return vq;
}

/* The qtest line that kicks @vq, as the guest's driver writes it. */
static char *notify_line(QVirtQueue *vq)
{
    QVirtioDevice *vd = vq->vdev;

    if (vd->legacy) {
        return g_strdup_printf("outw 0x%" PRIx64 " 0x%x\n",
                               vd->pdev->bars[QVIRTIO_LEGACY_BAR].addr +
                               QVIRTIO_LEGACY_Q_NOTIFY, vq->index);
    }
    return g_strdup_printf("writew 0x%" PRIx64 " 0x%x\n",
                           vd->pdev->bars[vd->notify->bar].addr +
                           vd->notify->offset +
                           (uint64_t)vq->notify_off *
                           vd->notify->notify_mult, vq->index);
}

/* The qtest line that writes @status to the device status register. */
static char *status_line(QVirtioDevice *vd, uint8_t status)
{
    if (vd->legacy) {
        return g_strdup_printf("outb 0x%" PRIx64 " 0x%x\n",
                               vd->pdev->bars[QVIRTIO_LEGACY_BAR].addr +
                               QVIRTIO_LEGACY_STATUS, status);
    }
    return g_strdup_printf("writeb 0x%" PRIx64 " 0x%x\n",
                           vd->pdev->bars[vd->common->bar].addr +
                           vd->common->offset + QVIRTIO_COMMON_STATUS,
                           status);
}

/* The lines of a configuration write through 0xcf8/0xcfc. */
static char *cfg_writew_lines(int bus, int dev, int off, uint16_t val)
{
    return g_strdup_printf("outl 0x%x 0x%x\noutw 0x%x 0x%x\n",
                           PCIE_TEST_CFG_ADDR,
                           pcie_test_cfg_addr(bus, dev, 0, off),
                           PCIE_TEST_CFG_DATA + (off & 2), val);
}

/* Send @lines (each "\n"-terminated) in one write; each answers OK. */
static void send_round(QTestState *qts, const char *lines)
{
    const char *p;
    char *reply;

    qtest_send_raw(qts, lines, strlen(lines));
    for (p = strchr(lines, '\n'); p; p = strchr(p + 1, '\n')) {
        reply = qtest_recv_line(qts);
        g_assert_cmpstr(reply, ==, "OK");
        g_free(reply);
    }
}

/* A buffer made available on @vq, not kicked; returns its id. */
static uint16_t add_buffer(QVirtQueue *vq, uint64_t buf)
{
    QVirtBuf b = { .addr = buf, .len = BUF_LEN, .write = true };

    qtest_memset(vq->vdev->qts, buf, 0, BUF_LEN);
    return qvirtqueue_add(vq, &b, 1, false);
}

static bool ioeventfd_prop(QTestState *qts, const char *id)
{
    g_autofree char *path = g_strdup_printf("/machine/peripheral/%s", id);
    QDict *rsp = qtest_qmp(qts, "{'execute': 'qom-get', 'arguments': "
                           "{'path': %s, 'property': 'ioeventfd'}}", path);
    bool val;

    g_assert_true(qdict_haskey(rsp, "return"));
    val = qdict_get_try_bool(rsp, "return", false);
    qobject_unref(rsp);
    return val;
}

/* Requests complete whichever way kicks are handled. */
static void test_requests(const void *opaque)
{
    const KickCase *c = opaque;
    g_autofree char *args = g_strdup_printf("-device virtio-rng-pci,id=r,"
                                            "ioeventfd=%s",
                                            onoff(c->ioeventfd));
    VTMachine m;
    QVirtioDevice *vd;
    QVirtQueue *vq;
    uint64_t buf;
    int i;

    vt_start(&m, c->machine, args);
    g_assert_cmpint(ioeventfd_prop(m.qts, "r"), ==, c->ioeventfd);
    vd = open_rng(&m, QVIRTIO_PCI_DEVICE_ID_RNG_LEGACY, c->legacy);
    vq = rng_setup(vd);
    buf = qguest_alloc(m.alloc, BUF_LEN, 16);
    for (i = 0; i < ROUNDS; i++) {
        qtest_memset(m.qts, buf, 0, BUF_LEN);
        g_assert_cmpuint(vt_rng_read(vq, buf, BUF_LEN), ==, BUF_LEN);
        g_assert_cmphex(qtest_readq(m.qts, buf), !=, 0);
        g_assert_true(qvirtio_isr_read(vd) & QVIRTIO_ISR_QUEUE);
    }
    /* Kicks of absent queues are dropped either way. */
    if (vd->legacy) {
        qvirtio_common_write(vd, QVIRTIO_LEGACY_Q_NOTIFY, ABSENT_QUEUE, 2);
    } else {
        qpci_bar_writew(vd->pdev, vd->notify->bar, vd->notify->offset +
                        ABSENT_QUEUE * vd->notify->notify_mult,
                        ABSENT_QUEUE);
    }
    g_assert_cmphex(qvirtio_get_status(vd) & QVIRTIO_S_NEEDS_RESET, ==, 0);
    g_assert_cmpuint(vt_rng_read(vq, buf, BUF_LEN), ==, BUF_LEN);
    qvirtqueue_cleanup(vq);
    qvirtio_reset(vd);
    qguest_free(m.alloc, buf);
    qvirtio_pci_free(vd);
    vt_stop(&m);
}

/*
 * A kick and a device reset (status 0) in one round: with ioeventfd the
 * kick is still pending at the reset and the request is never taken;
 * without, the request was done inside the kick.  Then the device
 * works as new.
 */
static void test_reset_pending(const void *opaque)
{
    const KickCase *c = opaque;
    g_autofree char *args = g_strdup_printf("-device virtio-rng-pci,"
                                            "ioeventfd=%s",
                                            onoff(c->ioeventfd));
    g_autofree char *lines = NULL;
    g_autofree char *kick = NULL;
    g_autofree char *reset = NULL;
    VTMachine m;
    QVirtioDevice *vd;
    QVirtQueue *vq;
    uint64_t buf;

    vt_start(&m, c->machine, args);
    vd = open_rng(&m, QVIRTIO_PCI_DEVICE_ID_RNG_LEGACY, c->legacy);
    vq = rng_setup(vd);
    buf = qguest_alloc(m.alloc, BUF_LEN, 16);
    add_buffer(vq, buf);
    kick = notify_line(vq);
    reset = status_line(vd, 0);
    lines = g_strconcat(kick, reset, NULL);
    send_round(m.qts, lines);

    g_assert_cmphex(qvirtio_get_status(vd), ==, 0);
    qtest_clock_step(m.qts, 1000 * 1000);
    g_assert_cmpint(used_one(vq), ==, !c->ioeventfd);
    g_assert_cmpint(qtest_readq(m.qts, buf) != 0, ==, !c->ioeventfd);

    qvirtqueue_cleanup(vq);
    vq = rng_setup(vd);
    g_assert_cmpuint(vt_rng_read(vq, buf, BUF_LEN), ==, BUF_LEN);
    qvirtqueue_cleanup(vq);
    qvirtio_reset(vd);
    qguest_free(m.alloc, buf);
    qvirtio_pci_free(vd);
    vt_stop(&m);
}

/* DEVICE_DELETED of the embedded device (no id), then of @id. */
static void assert_deleted(QTestState *qts, const char *id)
{
    g_autofree char *backend = g_strdup_printf("{'path': "
                                               "'/machine/peripheral/%s/"
                                               "virtio-backend'}", id);
    g_autofree char *dev = g_strdup_printf("{'device': '%s', 'path': "
                                           "'/machine/peripheral/%s'}",
                                           id, id);

    qtest_qmp_assert_event(qts, "DEVICE_DELETED", backend);
    qtest_qmp_assert_event(qts, "DEVICE_DELETED", dev);
    g_assert_false(device_exists(qts, id));
}

/*
 * pc, ACPI hot-plug: device_del, then the kick and the guest's eject in
 * one round.  The eject removes the device inside its write, with the
 * kick still pending (ioeventfd) or already done (off).
 */
static void test_unplug_acpi(const void *opaque)
{
    const KickCase *c = opaque;
    g_autofree char *kick = NULL;
    g_autofree char *eject = NULL;
    g_autofree char *lines = NULL;
    VTMachine m;
    QVirtioDevice *vd;
    QVirtQueue *vq;
    uint64_t buf;

    vt_start(&m, "pc", "");
    qtest_qmp_device_add(m.qts, "virtio-rng-pci", "v",
                         "{'bus': 'pci.0', 'addr': %s, 'ioeventfd': %p}",
                         G_STRINGIFY(HP_SLOT),
                         QOBJECT(qbool_from_bool(c->ioeventfd)));
    vt_rescan(&m);
    vd = open_rng(&m, QVIRTIO_PCI_DEVICE_ID_RNG_LEGACY, c->legacy);
    g_assert_cmpuint(vd->pdev->devfn, ==, HP_SLOT << 3);
    vq = rng_setup(vd);
    buf = qguest_alloc(m.alloc, BUF_LEN, 16);
    g_assert_cmpuint(vt_rng_read(vq, buf, BUF_LEN), ==, BUF_LEN);
    add_buffer(vq, buf);

    qtest_qmp_assert_success(m.qts, "{'execute': 'device_del', "
                             "'arguments': {'id': 'v'}}");
    g_assert_cmphex(qtest_inl(m.qts, PCIHP_DOWN), ==, 1u << HP_SLOT);
    kick = notify_line(vq);
    eject = g_strdup_printf("outl 0x%x 0x%x\n", PCIHP_EJ, 1u << HP_SLOT);
    lines = g_strconcat(kick, eject, NULL);
    send_round(m.qts, lines);
    assert_deleted(m.qts, "v");
    g_assert_cmpint(qtest_readq(m.qts, buf) != 0, ==, !c->ioeventfd);
    qtest_qmp_assert_success(m.qts, "{'execute': 'query-status'}");

    qvirtqueue_cleanup(vq);
    qvirtio_pci_free(vd);
    qguest_free(m.alloc, buf);
    vt_stop(&m);
}

/*
 * q35, native hot-plug on a root port: device_del presses the button,
 * then the kick and the guest's slot power-off in one round.  The port
 * removes the device from a bottom half of its own, which may run
 * before or after the kick's.
 */
static void test_unplug_pcie(const void *opaque)
{
    const KickCase *c = opaque;
    g_autofree char *kick = NULL;
    g_autofree char *power_off = NULL;
    g_autofree char *lines = NULL;
    VTMachine m;
    QVirtioDevice *vd;
    QVirtQueue *vq;
    uint64_t buf;
    uint16_t sltctl;
    int e;

    vt_start(&m, "q35", "-device pcie-root-port,id=rp,chassis=1,addr=3");
    e = cfg_find_cap(m.qts, 0, RP_DEV, PCI_CAP_ID_EXP);
    g_assert_cmpuint(e, !=, 0);
    cfg_writew(m.qts, 0, RP_DEV, e + EXP_SLTCTL, SLTCTL_ENABLE);
    cfg_writew(m.qts, 0, RP_DEV, e + EXP_SLTSTA, 0xffff);
    qtest_qmp_device_add(m.qts, "virtio-rng-pci", "v",
                         "{'bus': 'rp', 'ioeventfd': %p}",
                         QOBJECT(qbool_from_bool(c->ioeventfd)));
    vt_rescan(&m);
    vd = open_rng(&m, RNG_MODERN_ID, false);
    vq = rng_setup(vd);
    buf = qguest_alloc(m.alloc, BUF_LEN, 16);
    g_assert_cmpuint(vt_rng_read(vq, buf, BUF_LEN), ==, BUF_LEN);
    add_buffer(vq, buf);

    cfg_writew(m.qts, 0, RP_DEV, e + EXP_SLTSTA, 0xffff);
    qtest_qmp_assert_success(m.qts, "{'execute': 'device_del', "
                             "'arguments': {'id': 'v'}}");
    g_assert_true(cfg_readw(m.qts, 0, RP_DEV, e + EXP_SLTSTA) &
                  SLTSTA_ABP);
    cfg_writew(m.qts, 0, RP_DEV, e + EXP_SLTSTA, 0xffff);
    sltctl = cfg_readw(m.qts, 0, RP_DEV, e + EXP_SLTCTL);
    kick = notify_line(vq);
    power_off = cfg_writew_lines(0, RP_DEV, e + EXP_SLTCTL,
                                 sltctl | SLTCTL_PIC_OFF | SLTCTL_PCC_OFF);
    lines = g_strconcat(kick, power_off, NULL);
    send_round(m.qts, lines);
    assert_deleted(m.qts, "v");
    qtest_qmp_assert_success(m.qts, "{'execute': 'query-status'}");

    qvirtqueue_cleanup(vq);
    qvirtio_pci_free(vd);
    qguest_free(m.alloc, buf);
    vt_stop(&m);
}

static void add_case(const char *name, const KickCase *c,
                     GTestDataFunc fn)
{
    g_autofree char *path = g_strdup_printf("/virtio-ioeventfd/%s/%s/%s/%s",
                                            c->machine, onoff(c->ioeventfd),
                                            c->legacy ? "legacy" : "modern",
                                            name);

    g_test_add_data_func(path, c, fn);
}

int main(int argc, char **argv)
{
    static KickCase cases[2][2][2];
    static const char *const machines[] = { "pc", "q35" };
    unsigned mi, on, legacy;

    g_test_init(&argc, &argv, NULL);
    for (mi = 0; mi < 2; mi++) {
        for (on = 0; on < 2; on++) {
            for (legacy = 0; legacy < 2; legacy++) {
                KickCase *c = &cases[mi][on][legacy];

                *c = (KickCase) { machines[mi], on, legacy };
                add_case("requests", c, test_requests);
                add_case("reset-pending", c, test_reset_pending);
                if (mi == 0) {
                    add_case("unplug-pending", c, test_unplug_acpi);
                } else if (!legacy) {
                    /* Behind a PCIe port the device is modern-only. */
                    add_case("unplug-pending", c, test_unplug_pcie);
                }
            }
        }
    }
    return g_test_run();
}
