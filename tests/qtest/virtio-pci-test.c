/*
 * The virtio-pci proxy as a guest sees it: IDs and configuration space
 * of the three names (compared with qemu-system-x86_64 7.2 dumps taken
 * through 0xcf8/0xcfc with HMP "o"/"i"), feature negotiation and its
 * refusal, config generation, hostile register writes, and hot-plug on
 * a pcie-root-port (native) and on pc's pci.0 (ACPI).
 * Behind a PCIe port: the Express/PM layout and Function Level Reset.
 */
#include "util/osdep.h"
#include "libqtest.h"
#include "libqvirtio.h"
#include "virtio-test-util.h"
#include "pcie-test-util.h"

#define RNG_MODERN_ID       (QVIRTIO_PCI_MODERN_BASE + QVIRTIO_ID_RNG)
#define RNG_LEGACY_ID       QVIRTIO_PCI_DEVICE_ID_RNG_LEGACY
#define BUF_LEN             32

/*
 * Config space dwords 0x00-0xaf of an unconfigured virtio-rng-pci on
 * bus 0 as qemu 7.2 shows it (transitional, then modern-only); the BAR
 * registers read 0 before sizing in both.
 */
static const uint32_t qemu_transitional[] = {
    0x10051af4, 0x00100000, 0x00ff0000, 0x00000000,
    0x00000001, 0x00000000, 0x00000000, 0x00000000,
    0x0000000c, 0x00000000, 0x00000000, 0x00041af4,
    0x00000000, 0x00000098, 0x00000000, 0x00000100,
    0x01100009, 0x00000004, 0x00000000, 0x00001000,
    0x03104009, 0x00000004, 0x00001000, 0x00001000,
    0x04105009, 0x00000004, 0x00002000, 0x00001000,
    0x02146009, 0x00000004, 0x00003000, 0x00001000,
    0x00000004, 0x05147009, 0x00000000, 0x00000000,
    0x00000000, 0x00000000, 0x00018411, 0x00000001,
    0x00000801, 0x00000000, 0x00000000, 0x00000000,
};

static uint32_t rd(QTestState *qts, int bus, int dev, int off)
{
    return cfg_readl(qts, bus, dev, off);
}

static void assert_qemu_layout(QTestState *qts, int dev, bool modern_only)
{
    unsigned i;

    for (i = 0; i < G_N_ELEMENTS(qemu_transitional); i++) {
        uint32_t want = qemu_transitional[i];

        if (modern_only) {
            switch (i) {
            case 0:
                want = 0x10441af4;
                break;
            case 2:
                want = 0x00ff0001;  /* revision 1 */
                break;
            case 4:
                want = 0;           /* no I/O BAR */
                break;
            case 11:
                want = 0x11001af4;
                break;
            }
        }
        g_assert_cmphex(rd(qts, 0, dev, i * 4), ==, want);
    }
}

/* The IDs and layout of the three names, before any BAR is assigned. */
static void test_ids(const void *opaque)
{
    const char *machine = opaque;
    QTestState *qts = qtest_initf("-M %s -nodefaults "
                                  "-device virtio-rng-pci,addr=4 "
                                  "-device virtio-rng-pci-transitional,"
                                  "addr=5 "
                                  "-device virtio-rng-pci-non-transitional,"
                                  "addr=6", machine);

    assert_qemu_layout(qts, 4, false);
    assert_qemu_layout(qts, 5, false);
    assert_qemu_layout(qts, 6, true);
    /* No PCI Express capability on a root bus. */
    g_assert_cmpuint(cfg_find_cap(qts, 0, 4, 0x10), ==, 0);
    g_assert_cmpuint(cfg_find_cap(qts, 0, 6, 0x10), ==, 0);
    qtest_quit(qts);
}

/*
 * Config space dwords 0x00-0xef of virtio-rng-pci behind a pcie-root-port
 * as qemu 7.2 shows it: Express at 0x40, power management at 0x7c, the
 * vendor capabilities from 0x84, MSI-X at 0xdc.
 */
static const uint32_t qemu_pcie_port[] = {
    0x10441af4, 0x00100000, 0x00ff0001, 0x00000000,
    0x00000000, 0x00000000, 0x00000000, 0x00000000,
    0x0000000c, 0x00000000, 0x00000000, 0x11001af4,
    0x00000000, 0x000000dc, 0x00000000, 0x00000100,
    0x00020010, 0x10008000, 0x00000000, 0x00000411,
    0x00110000, 0x00000000, 0x00000000, 0x00000000,
    0x00000000, 0x00300000, 0x00000000, 0x00000000,
    0x00000000, 0x00000000, 0x00000000, 0x00034001,
    0x00000000, 0x01107c09, 0x00000004, 0x00000000,
    0x00001000, 0x03108409, 0x00000004, 0x00001000,
    0x00001000, 0x04109409, 0x00000004, 0x00002000,
    0x00001000, 0x0214a409, 0x00000004, 0x00003000,
    0x00001000, 0x00000004, 0x0514b409, 0x00000000,
    0x00000000, 0x00000000, 0x00000000, 0x0001c811,
    0x00000001, 0x00000801, 0x00000000, 0x00000000,
};

/* Behind a PCIe port virtio-rng-pci is modern-only, an Express endpoint. */
static void test_pcie_port(void)
{
    QTestState *qts = qtest_init("-M q35 -nodefaults "
                                 "-device pcie-root-port,id=rp,chassis=1,"
                                 "addr=3 -device virtio-rng-pci,bus=rp");
    unsigned i;

    cfg_writel(qts, 0, 3, 0x18, 0x00010100);    /* buses 0 -> 1..1 */
    for (i = 0; i < G_N_ELEMENTS(qemu_pcie_port); i++) {
        g_assert_cmphex(rd(qts, 1, 0, i * 4), ==, qemu_pcie_port[i]);
    }
    g_assert_cmpuint(cfg_find_cap(qts, 1, 0, 0x10), ==, 0x40);
    g_assert_cmpuint(cfg_find_cap(qts, 1, 0, 0x01), ==, 0x7c);
    g_assert_cmpuint(cfg_find_cap(qts, 1, 0, 0x11), ==, 0xdc);

    /* Writable bits, as in qemu: device/link control, DEVCTL2, PMCSR. */
    cfg_writel(qts, 1, 0, 0x48, 0x7fff);
    g_assert_cmphex(rd(qts, 1, 0, 0x48), ==, 0x000f);
    cfg_writel(qts, 1, 0, 0x50, 0xffff);
    g_assert_cmphex(rd(qts, 1, 0, 0x50), ==, 0x001100c0);
    cfg_writel(qts, 1, 0, 0x68, 0xffffffff);
    g_assert_cmphex(rd(qts, 1, 0, 0x68), ==, 0x8000);
    cfg_writel(qts, 1, 0, 0x70, 0xffffffff);
    g_assert_cmphex(rd(qts, 1, 0, 0x70), ==, 0);
    /* D3hot reads back and nothing breaks; then back to D0. */
    cfg_writel(qts, 1, 0, 0x04, 0x0107);
    cfg_writel(qts, 1, 0, 0x80, 0xffffffff);
    g_assert_cmphex(rd(qts, 1, 0, 0x80), ==, 3);
    g_assert_cmphex(rd(qts, 1, 0, 0x04), ==, 0x00100107);
    cfg_writel(qts, 1, 0, 0x80, 0);
    g_assert_cmphex(rd(qts, 1, 0, 0x80), ==, 0);
    cfg_writel(qts, 1, 0, 0x80, 3);

    /* FLR: control state back to reset values, DEVCTL2 kept, bit reads 0. */
    cfg_writel(qts, 1, 0, 0x48, 0x800f);
    g_assert_cmphex(rd(qts, 1, 0, 0x48), ==, 0);
    g_assert_cmphex(rd(qts, 1, 0, 0x04), ==, 0x00100000);
    g_assert_cmphex(rd(qts, 1, 0, 0x50), ==, 0x00110000);
    g_assert_cmphex(rd(qts, 1, 0, 0x80), ==, 0);
    g_assert_cmphex(rd(qts, 1, 0, 0x68), ==, 0x8000);
    qtest_quit(qts);
}

/* Modern driver with MSI-X on the first virtio-rng-pci of @m. */
static QVirtioDevice *open_modern(VTMachine *m, uint16_t id)
{
    QPCIDevice *pdev = vt_find(m, id, 0);

    g_assert_nonnull(pdev);
    return qvirtio_pci_new(pdev, m->alloc);
}

/* The device still works: a fresh driver reads entropy. */
static void assert_works(VTMachine *m, QVirtioDevice *vd)
{
    QVirtQueue *vq;
    uint64_t buf = qguest_alloc(m->alloc, BUF_LEN, 16);

    qvirtio_reset(vd);
    g_assert_true(qvirtio_negotiate(vd, QVIRTIO_F_VERSION_1));
    vq = qvirtqueue_setup(vd, 0, false);
    g_assert_nonnull(vq);
    qvirtio_set_driver_ok(vd);
    g_assert_cmpuint(vt_rng_read(vq, buf, BUF_LEN), ==, BUF_LEN);
    qvirtqueue_cleanup(vq);
    qguest_free(m->alloc, buf);
    qvirtio_reset(vd);
}

static void test_features(const void *opaque)
{
    VTMachine m;
    QVirtioDevice *vd;
    uint64_t offered;

    vt_start(&m, opaque, "-device virtio-rng-pci");
    vd = open_modern(&m, RNG_LEGACY_ID);
    qvirtio_reset(vd);
    offered = qvirtio_get_features(vd);
    g_assert_true(offered & QVIRTIO_F_VERSION_1);
    g_assert_true(offered & QVIRTIO_F_INDIRECT_DESC);
    g_assert_true(offered & QVIRTIO_F_EVENT_IDX);
    g_assert_false(offered & QVIRTIO_F_RING_PACKED);   /* packed=off */
    g_assert_false(offered & QVIRTIO_F_ACCESS_PLATFORM);

    /* An unoffered feature: FEATURES_OK does not stick. */
    g_assert_false(qvirtio_negotiate(vd, QVIRTIO_F_VERSION_1 |
                                         QVIRTIO_F_RING_PACKED));
    g_assert_false(qvirtio_get_status(vd) & QVIRTIO_S_FEATURES_OK);
    qvirtio_reset(vd);
    g_assert_cmphex(qvirtio_get_status(vd), ==, 0);

    /* Everything offered is accepted. */
    g_assert_true(qvirtio_negotiate(vd, offered));
    g_assert_true(qvirtio_get_status(vd) & QVIRTIO_S_FEATURES_OK);
    qvirtio_reset(vd);

    /* Config generation: stable without config changes. */
    g_assert_cmpuint(qvirtio_config_generation(vd), ==, 0);
    g_assert_cmpuint(qvirtio_config_generation(vd), ==, 0);
    assert_works(&m, vd);
    g_assert_cmpuint(qvirtio_config_generation(vd), ==, 0);
    qvirtio_pci_free(vd);
    vt_stop(&m);
}

/* The legacy interface of a transitional device: 32 feature bits. */
static void test_legacy(const void *opaque)
{
    VTMachine m;
    QPCIDevice *pdev;
    QVirtioDevice *vd;
    QVirtQueue *vq;
    uint64_t buf;

    vt_start(&m, opaque, "-device virtio-rng-pci-transitional");
    pdev = vt_find(&m, RNG_LEGACY_ID, 0);
    vd = qvirtio_pci_new_legacy(pdev, m.alloc);
    qvirtio_reset(vd);
    g_assert_cmphex(qvirtio_get_features(vd) >> 32, ==, 0);
    g_assert_true(qvirtio_negotiate(vd, 0));
    vq = qvirtqueue_setup(vd, 0, false);
    g_assert_cmpuint(vq->size, ==, 8);
    qvirtio_set_driver_ok(vd);
    buf = qguest_alloc(m.alloc, BUF_LEN, 16);
    g_assert_cmpuint(vt_rng_read(vq, buf, BUF_LEN), ==, BUF_LEN);
    g_assert_true(qvirtio_isr_read(vd) & QVIRTIO_ISR_QUEUE);
    qvirtqueue_cleanup(vq);
    qvirtio_reset(vd);
    qvirtio_pci_free(vd);
    vt_stop(&m);
}

static void notify_raw(QVirtioDevice *vd, uint32_t off)
{
    qpci_bar_writew(vd->pdev, vd->notify->bar, vd->notify->offset + off, 0);
}

/* A hostile driver: each bad write is ignored and the device carries on. */
static void test_bad_inputs(const void *opaque)
{
    VTMachine m;
    QVirtioDevice *vd;

    vt_start(&m, opaque, "-device virtio-rng-pci");
    vd = open_modern(&m, RNG_LEGACY_ID);
    qvirtio_reset(vd);
    g_assert_true(qvirtio_negotiate(vd, QVIRTIO_F_VERSION_1));

    /* queue_select beyond the queues (and beyond 1024). */
    qvirtio_common_write(vd, QVIRTIO_COMMON_Q_SELECT, 1, 2);
    g_assert_cmpuint(qvirtio_common_read(vd, QVIRTIO_COMMON_Q_SIZE, 2),
                     ==, 0);
    qvirtio_common_write(vd, QVIRTIO_COMMON_Q_ENABLE, 1, 2);
    g_assert_cmpuint(qvirtio_common_read(vd, QVIRTIO_COMMON_Q_ENABLE, 2),
                     ==, 0);
    qvirtio_common_write(vd, QVIRTIO_COMMON_Q_SELECT, 0xffff, 2);
    qvirtio_common_read(vd, QVIRTIO_COMMON_Q_SIZE, 2);
    qvirtio_common_write(vd, QVIRTIO_COMMON_Q_SIZE, 4, 2);
    qvirtio_common_write(vd, QVIRTIO_COMMON_Q_ENABLE, 1, 2);

    /* queue_size: not a power of two, zero, larger than the maximum. */
    qvirtio_common_write(vd, QVIRTIO_COMMON_Q_SELECT, 0, 2);
    g_assert_cmpuint(qvirtio_common_read(vd, QVIRTIO_COMMON_Q_SIZE, 2),
                     ==, 8);
    qvirtio_common_write(vd, QVIRTIO_COMMON_Q_SIZE, 3, 2);
    g_assert_cmpuint(qvirtio_common_read(vd, QVIRTIO_COMMON_Q_SIZE, 2),
                     ==, 8);
    qvirtio_common_write(vd, QVIRTIO_COMMON_Q_SIZE, 0, 2);
    g_assert_cmpuint(qvirtio_common_read(vd, QVIRTIO_COMMON_Q_SIZE, 2),
                     ==, 8);
    qvirtio_common_write(vd, QVIRTIO_COMMON_Q_SIZE, 512, 2);
    g_assert_cmpuint(qvirtio_common_read(vd, QVIRTIO_COMMON_Q_SIZE, 2),
                     ==, 8);

    /* MSI-X vectors beyond "vectors" (2) read back as NO_VECTOR. */
    qvirtio_msix_enable(vd);
    g_assert_cmphex(qvirtio_set_config_vector(vd, 2), ==,
                    QVIRTIO_MSI_NO_VECTOR);
    g_assert_cmphex(qvirtio_set_config_vector(vd, 0x7fff), ==,
                    QVIRTIO_MSI_NO_VECTOR);
    qvirtio_common_write(vd, QVIRTIO_COMMON_Q_MSIX, 9, 2);
    g_assert_cmphex(qvirtio_common_read(vd, QVIRTIO_COMMON_Q_MSIX, 2), ==,
                    QVIRTIO_MSI_NO_VECTOR);
    g_assert_cmphex(qvirtio_set_config_vector(vd, 1), ==, 1);

    /* A queue whose rings are outside RAM, enabled and kicked. */
    qvirtio_common_write(vd, QVIRTIO_COMMON_Q_DESCLO, 0xf0000000, 4);
    qvirtio_common_write(vd, QVIRTIO_COMMON_Q_DESCHI, 0x1000, 4);
    qvirtio_common_write(vd, QVIRTIO_COMMON_Q_AVAILLO, 0xfffff000, 4);
    qvirtio_common_write(vd, QVIRTIO_COMMON_Q_AVAILHI, 0xffffffff, 4);
    qvirtio_common_write(vd, QVIRTIO_COMMON_Q_USEDLO, 0xfee00000, 4);
    qvirtio_common_write(vd, QVIRTIO_COMMON_Q_USEDHI, 0, 4);
    qvirtio_common_write(vd, QVIRTIO_COMMON_Q_ENABLE, 1, 2);
    qvirtio_set_driver_ok(vd);
    notify_raw(vd, 0);

    /* Notifications of absent queues, and odd offsets. */
    notify_raw(vd, 4);
    notify_raw(vd, 4 * 1023);
    notify_raw(vd, 0xffe);
    qpci_bar_writeb(vd->pdev, vd->notify->bar, vd->notify->offset + 3, 1);

    /* Alive, and a reset brings back a working device. */
    qtest_qmp_assert_success(m.qts, "{'execute': 'query-status'}");
    assert_works(&m, vd);
    qvirtio_pci_free(vd);
    vt_stop(&m);
}

/* As in qemu, the embedded device's DEVICE_DELETED (no id) comes first. */
static void assert_deleted(QTestState *qts)
{
    qtest_qmp_assert_event(qts, "DEVICE_DELETED",
                           "{'path': '/machine/peripheral/v/"
                           "virtio-backend'}");
    qtest_qmp_assert_event(qts, "DEVICE_DELETED",
                           "{'device': 'v', 'path': "
                           "'/machine/peripheral/v'}");
}

#define COMMON_STATUS       0x14
#define COMMON_Q_SELECT     0x16
#define COMMON_Q_ENABLE     0x1c

/*
 * Function level reset of a device in use: the virtio device resets
 * (status 0, queues disabled), the function's config state too (the
 * guest re-assigns its BARs), and it then works again.
 */
static void test_flr(void)
{
    VTMachine m;
    QVirtioDevice *vd;
    QVirtQueue *vq;
    uint64_t buf;

    vt_start(&m, "q35", "-device pcie-root-port,id=rp,chassis=1,addr=3 "
             "-device virtio-rng-pci,bus=rp");
    vd = open_modern(&m, RNG_MODERN_ID);
    g_assert_cmpuint(vd->pdev->bus_num, ==, 1);
    buf = qguest_alloc(m.alloc, BUF_LEN, 16);
    qvirtio_reset(vd);
    g_assert_true(qvirtio_negotiate(vd, QVIRTIO_F_VERSION_1));
    vq = qvirtqueue_setup(vd, 0, false);
    g_assert_nonnull(vq);
    qvirtio_set_driver_ok(vd);
    g_assert_cmpuint(vt_rng_read(vq, buf, BUF_LEN), ==, BUF_LEN);
    g_assert_cmphex(qvirtio_get_status(vd), !=, 0);

    /* Initiate FLR (Device Control bit 15); the bit reads back 0. */
    cfg_writew(m.qts, 1, 0, 0x48, 0x8000);
    g_assert_cmphex(cfg_readw(m.qts, 1, 0, 0x48), ==, 0);
    g_assert_cmphex(cfg_readw(m.qts, 1, 0, 0x04) & 0x7, ==, 0);
    g_assert_cmphex(rd(m.qts, 1, 0, 0x20), ==, 0x0000000c);    /* BAR4 */
    qvirtqueue_cleanup(vq);
    qvirtio_pci_free(vd);

    vt_rescan(&m);
    vd = open_modern(&m, RNG_MODERN_ID);
    g_assert_cmphex(qvirtio_common_read(vd, COMMON_STATUS, 1), ==, 0);
    qvirtio_common_write(vd, COMMON_Q_SELECT, 0, 2);
    g_assert_cmphex(qvirtio_common_read(vd, COMMON_Q_ENABLE, 2), ==, 0);
    assert_works(&m, vd);
    qvirtio_pci_free(vd);
    qguest_free(m.alloc, buf);
    vt_stop(&m);
}

/* Native PCIe hot-plug on a pcie-root-port, with the device used. */
static void test_hotplug_pcie(void)
{
    VTMachine m;
    QVirtioDevice *vd;
    int e;

    vt_start(&m, "q35", "-device pcie-root-port,id=rp,chassis=1,addr=3");
    e = cfg_find_cap(m.qts, 0, 3, 0x10);
    g_assert_cmpuint(e, !=, 0);
    /* The slot powered on, with presence detect enabled. */
    cfg_writew(m.qts, 0, 3, e + 0x18, 0x01c0 | 0x0020 | 0x0008 | 0x0001);
    cfg_writew(m.qts, 0, 3, e + 0x1a, 0xffff);

    qtest_qmp_device_add(m.qts, "virtio-rng-pci", "v", "{'bus': 'rp'}");
    g_assert_true(cfg_readw(m.qts, 0, 3, e + 0x1a) & 0x0040);  /* PDS */
    vt_rescan(&m);
    vd = open_modern(&m, RNG_MODERN_ID);
    g_assert_cmpuint(vd->pdev->bus_num, ==, 1);
    assert_works(&m, vd);
    qvirtio_pci_free(vd);

    /* device_del presses the button; the guest powers the slot off. */
    cfg_writew(m.qts, 0, 3, e + 0x1a, 0xffff);
    qtest_qmp_assert_success(m.qts, "{'execute': 'device_del', "
                             "'arguments': {'id': 'v'}}");
    g_assert_true(cfg_readw(m.qts, 0, 3, e + 0x1a) & 0x0001);  /* ABP */
    cfg_writew(m.qts, 0, 3, e + 0x1a, 0xffff);
    cfg_writew(m.qts, 0, 3, e + 0x18,
               (cfg_readw(m.qts, 0, 3, e + 0x18) & ~0x0300) | 0x0300 |
               0x0400);
    assert_deleted(m.qts);
    g_assert_false(device_exists(m.qts, "v"));
    vt_stop(&m);
}

#define PCIHP_UP        0xae00
#define PCIHP_DOWN      0xae04
#define PCIHP_EJ        0xae08
#define HP_SLOT         7

/* ACPI hot-plug on pc's pci.0 (PIIX4_PM's register block). */
static void test_hotplug_acpi(void)
{
    VTMachine m;
    QVirtioDevice *vd;

    vt_start(&m, "pc", "");
    qtest_qmp_device_add(m.qts, "virtio-rng-pci", "v",
                         "{'bus': 'pci.0', 'addr': '7'}");
    g_assert_cmphex(qtest_inl(m.qts, PCIHP_UP), ==, 1u << HP_SLOT);
    vt_rescan(&m);
    vd = open_modern(&m, RNG_LEGACY_ID);
    g_assert_cmpuint(vd->pdev->devfn, ==, HP_SLOT << 3);
    assert_works(&m, vd);
    qvirtio_pci_free(vd);

    qtest_qmp_assert_success(m.qts, "{'execute': 'device_del', "
                             "'arguments': {'id': 'v'}}");
    g_assert_cmphex(qtest_inl(m.qts, PCIHP_DOWN), ==, 1u << HP_SLOT);
    qtest_outl(m.qts, PCIHP_EJ, 1u << HP_SLOT);
    assert_deleted(m.qts);
    g_assert_cmphex(cfg_readl(m.qts, 0, HP_SLOT, 0), ==, 0xffffffff);

    /* Plugged again in the same slot, it works again. */
    qtest_qmp_device_add(m.qts, "virtio-rng-pci-non-transitional", "v2",
                         "{'bus': 'pci.0', 'addr': '7'}");
    vt_rescan(&m);
    vd = open_modern(&m, RNG_MODERN_ID);
    assert_works(&m, vd);
    qvirtio_pci_free(vd);
    vt_stop(&m);
}

int main(int argc, char **argv)
{
    static const char *const machines[] = { "pc", "q35" };
    unsigned i;

    g_test_init(&argc, &argv, NULL);
    for (i = 0; i < G_N_ELEMENTS(machines); i++) {
        g_autofree char *p1 = g_strdup_printf("/virtio-pci/%s/ids",
                                              machines[i]);
        g_autofree char *p2 = g_strdup_printf("/virtio-pci/%s/features",
                                              machines[i]);
        g_autofree char *p3 = g_strdup_printf("/virtio-pci/%s/legacy",
                                              machines[i]);
        g_autofree char *p4 = g_strdup_printf("/virtio-pci/%s/bad-inputs",
                                              machines[i]);

        g_test_add_data_func(p1, machines[i], test_ids);
        g_test_add_data_func(p2, machines[i], test_features);
        g_test_add_data_func(p3, machines[i], test_legacy);
        g_test_add_data_func(p4, machines[i], test_bad_inputs);
    }
    g_test_add_func("/virtio-pci/q35/pcie-port", test_pcie_port);
    g_test_add_func("/virtio-pci/q35/flr", test_flr);
    g_test_add_func("/virtio-pci/q35/hotplug-root-port", test_hotplug_pcie);
    g_test_add_func("/virtio-pci/pc/hotplug-acpi", test_hotplug_acpi);
    return g_test_run();
}
