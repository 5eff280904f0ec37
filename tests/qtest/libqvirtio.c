/*
 * libqvirtio: the virtio-pci transport half of the qtest guest driver
 * (capability walk, status, features, configuration, ISR, MSI-X, queue
 * programming), modern and legacy.  The ring drivers are in
 * libqvirtio-ring.c.  See libqvirtio.h.
 */
#include "util/osdep.h"
#include "libqvirtio.h"
#include "libqvirtio-internal.h"

#define PCI_CAP_ID_VNDR_VIRTIO  0x09
#define QVIRTIO_MAX_QUEUE_SIZE  256
/* Polling step while waiting for the device: 100 us of virtual time. */
#define QVIRTIO_POLL_NS         (100 * 1000)

/* Capabilities */

int qvirtio_pci_walk_caps(QVirtioDevice *vd)
{
    QPCIDevice *pdev = vd->pdev;
    uint8_t pos = 0;

    vd->ncaps = 0;
    while ((pos = qpci_find_capability(pdev, PCI_CAP_ID_VNDR_VIRTIO, pos))) {
        QVirtioPCICap *c;

        g_assert_cmpint(vd->ncaps, <, QVIRTIO_MAX_CAPS);
        c = &vd->caps[vd->ncaps++];
        c->pos = pos;
        c->len = qpci_config_readb(pdev, pos + 2);
        c->cfg_type = qpci_config_readb(pdev, pos + QVIRTIO_CAP_CFG_TYPE);
        c->bar = qpci_config_readb(pdev, pos + QVIRTIO_CAP_BAR);
        c->id = qpci_config_readb(pdev, pos + QVIRTIO_CAP_ID);
        c->offset = qpci_config_readl(pdev, pos + QVIRTIO_CAP_OFFSET);
        c->length = qpci_config_readl(pdev, pos + QVIRTIO_CAP_LENGTH);
        if (c->cfg_type == QVIRTIO_PCI_CAP_NOTIFY) {
            g_assert_cmpuint(c->len, >=, 20);
            c->notify_mult = qpci_config_readl(pdev,
                                               pos + QVIRTIO_CAP_NOTIFY_MULT);
        }
    }
    return vd->ncaps;
}

const QVirtioPCICap *qvirtio_find_cap(QVirtioDevice *vd, uint8_t cfg_type,
                                      int n)
{
    int i;

    for (i = 0; i < vd->ncaps; i++) {
        if (vd->caps[i].cfg_type == cfg_type && n-- == 0) {
            return &vd->caps[i];
        }
    }
    return NULL;
}

static QVirtioDevice *qvirtio_alloc(QPCIDevice *pdev, QGuestAllocator *alloc)
{
    QVirtioDevice *vd = g_new0(QVirtioDevice, 1);

    g_assert_cmphex(pdev->vendor_id, ==, QVIRTIO_PCI_VENDOR_ID);
    vd->pdev = pdev;
    vd->qts = pdev->bus->qts;
    vd->alloc = alloc;
    qpci_device_enable(pdev);
    qvirtio_pci_walk_caps(vd);
    return vd;
}

QVirtioDevice *qvirtio_pci_new(QPCIDevice *pdev, QGuestAllocator *alloc)
{
    QVirtioDevice *vd = qvirtio_alloc(pdev, alloc);

    vd->common = qvirtio_find_cap(vd, QVIRTIO_PCI_CAP_COMMON, 0);
    vd->notify = qvirtio_find_cap(vd, QVIRTIO_PCI_CAP_NOTIFY, 0);
    vd->isr = qvirtio_find_cap(vd, QVIRTIO_PCI_CAP_ISR, 0);
    vd->device = qvirtio_find_cap(vd, QVIRTIO_PCI_CAP_DEVICE, 0);
    vd->pci_cfg = qvirtio_find_cap(vd, QVIRTIO_PCI_CAP_PCI_CFG, 0);
    g_assert_nonnull(vd->common);
    g_assert_nonnull(vd->notify);
    g_assert_nonnull(vd->isr);
    g_assert(pdev->bars[vd->common->bar].assigned);
    g_assert(pdev->bars[vd->notify->bar].assigned);
    g_assert(pdev->bars[vd->isr->bar].assigned);
    return vd;
}

QVirtioDevice *qvirtio_pci_new_legacy(QPCIDevice *pdev,
                                      QGuestAllocator *alloc)
{
    QVirtioDevice *vd = qvirtio_alloc(pdev, alloc);

    g_assert(pdev->bars[QVIRTIO_LEGACY_BAR].assigned);
    g_assert(pdev->bars[QVIRTIO_LEGACY_BAR].io);
    vd->legacy = true;
    return vd;
}

void qvirtio_pci_free(QVirtioDevice *vd)
{
    g_free(vd);
}

/* Register access */

static uint32_t bar_read(QVirtioDevice *vd, int bar, uint64_t off, int len)
{
    switch (len) {
    case 1:
        return qpci_bar_readb(vd->pdev, bar, off);
    case 2:
        return qpci_bar_readw(vd->pdev, bar, off);
    case 4:
        return qpci_bar_readl(vd->pdev, bar, off);
    }
    g_assert_not_reached();
}

static void bar_write(QVirtioDevice *vd, int bar, uint64_t off, uint32_t val,
                      int len)
{
    switch (len) {
    case 1:
        qpci_bar_writeb(vd->pdev, bar, off, val);
        return;
    case 2:
        qpci_bar_writew(vd->pdev, bar, off, val);
        return;
    case 4:
        qpci_bar_writel(vd->pdev, bar, off, val);
        return;
    }
    g_assert_not_reached();
}

uint32_t qvirtio_common_read(QVirtioDevice *vd, uint32_t off, int len)
{
    if (vd->legacy) {
        return bar_read(vd, QVIRTIO_LEGACY_BAR, off, len);
    }
    return bar_read(vd, vd->common->bar, vd->common->offset + off, len);
}

void qvirtio_common_write(QVirtioDevice *vd, uint32_t off, uint32_t val,
                          int len)
{
    if (vd->legacy) {
        bar_write(vd, QVIRTIO_LEGACY_BAR, off, val, len);
        return;
    }
    bar_write(vd, vd->common->bar, vd->common->offset + off, val, len);
}

/* Status and features */

uint8_t qvirtio_get_status(QVirtioDevice *vd)
{
    return qvirtio_common_read(vd, vd->legacy ? QVIRTIO_LEGACY_STATUS :
                               QVIRTIO_COMMON_STATUS, 1);
}

void qvirtio_set_status(QVirtioDevice *vd, uint8_t status)
{
    qvirtio_common_write(vd, vd->legacy ? QVIRTIO_LEGACY_STATUS :
                         QVIRTIO_COMMON_STATUS, status, 1);
}

void qvirtio_reset(QVirtioDevice *vd)
{
    qvirtio_set_status(vd, 0);
    /* 4.1.4.3.2: the driver waits for the read-back of 0. */
    g_assert_cmphex(qvirtio_get_status(vd), ==, 0);
    vd->features = 0;
}

uint64_t qvirtio_get_features(QVirtioDevice *vd)
{
    uint64_t lo, hi;

    if (vd->legacy) {
        return qvirtio_common_read(vd, QVIRTIO_LEGACY_HOST_F, 4);
    }
    qvirtio_common_write(vd, QVIRTIO_COMMON_DFSELECT, 0, 4);
    lo = qvirtio_common_read(vd, QVIRTIO_COMMON_DF, 4);
    qvirtio_common_write(vd, QVIRTIO_COMMON_DFSELECT, 1, 4);
    hi = qvirtio_common_read(vd, QVIRTIO_COMMON_DF, 4);
    return lo | (hi << 32);
}

void qvirtio_set_features(QVirtioDevice *vd, uint64_t features)
{
    vd->features = features;
    if (vd->legacy) {
        g_assert_cmphex(features >> 32, ==, 0);
        qvirtio_common_write(vd, QVIRTIO_LEGACY_GUEST_F, features, 4);
        return;
    }
    qvirtio_common_write(vd, QVIRTIO_COMMON_GFSELECT, 0, 4);
    qvirtio_common_write(vd, QVIRTIO_COMMON_GF, features, 4);
    qvirtio_common_write(vd, QVIRTIO_COMMON_GFSELECT, 1, 4);
    qvirtio_common_write(vd, QVIRTIO_COMMON_GF, features >> 32, 4);
}

bool qvirtio_negotiate(QVirtioDevice *vd, uint64_t features)
{
    uint8_t status = QVIRTIO_S_ACKNOWLEDGE;

    qvirtio_set_status(vd, status);
    status |= QVIRTIO_S_DRIVER;
    qvirtio_set_status(vd, status);
    qvirtio_set_features(vd, features);
    if (vd->legacy) {
        /* The legacy interface has no FEATURES_OK handshake. */
        return true;
    }
    status |= QVIRTIO_S_FEATURES_OK;
    qvirtio_set_status(vd, status);
    return qvirtio_get_status(vd) & QVIRTIO_S_FEATURES_OK;
}

void qvirtio_set_driver_ok(QVirtioDevice *vd)
{
    qvirtio_set_status(vd, qvirtio_get_status(vd) | QVIRTIO_S_DRIVER_OK);
}

uint8_t qvirtio_config_generation(QVirtioDevice *vd)
{
    g_assert(!vd->legacy);
    return qvirtio_common_read(vd, QVIRTIO_COMMON_CFGGEN, 1);
}

/* Device configuration */

static uint32_t config_read(QVirtioDevice *vd, uint32_t off, int len)
{
    if (vd->legacy) {
        uint32_t base = vd->msix ? QVIRTIO_LEGACY_CONFIG_MSIX :
                                   QVIRTIO_LEGACY_CONFIG;
        return bar_read(vd, QVIRTIO_LEGACY_BAR, base + off, len);
    }
    g_assert_nonnull(vd->device);
    return bar_read(vd, vd->device->bar, vd->device->offset + off, len);
}

uint8_t qvirtio_config_readb(QVirtioDevice *vd, uint32_t off)
{
    return config_read(vd, off, 1);
}

uint16_t qvirtio_config_readw(QVirtioDevice *vd, uint32_t off)
{
    return config_read(vd, off, 2);
}

uint32_t qvirtio_config_readl(QVirtioDevice *vd, uint32_t off)
{
    return config_read(vd, off, 4);
}

uint64_t qvirtio_config_readq(QVirtioDevice *vd, uint32_t off)
{
    uint64_t lo, hi;
    uint8_t gen;

    if (vd->legacy) {
        lo = config_read(vd, off, 4);
        hi = config_read(vd, off + 4, 4);
        return lo | (hi << 32);
    }
    /* 2.5.1: retry while the generation changes under the two reads. */
    do {
        gen = qvirtio_config_generation(vd);
        lo = config_read(vd, off, 4);
        hi = config_read(vd, off + 4, 4);
    } while (gen != qvirtio_config_generation(vd));
    return lo | (hi << 32);
}

void qvirtio_config_writeb(QVirtioDevice *vd, uint32_t off, uint8_t val)
{
    if (vd->legacy) {
        uint32_t base = vd->msix ? QVIRTIO_LEGACY_CONFIG_MSIX :
                                   QVIRTIO_LEGACY_CONFIG;
        bar_write(vd, QVIRTIO_LEGACY_BAR, base + off, val, 1);
        return;
    }
    bar_write(vd, vd->device->bar, vd->device->offset + off, val, 1);
}

uint8_t qvirtio_isr_read(QVirtioDevice *vd)
{
    if (vd->legacy) {
        return bar_read(vd, QVIRTIO_LEGACY_BAR, QVIRTIO_LEGACY_ISR, 1);
    }
    return bar_read(vd, vd->isr->bar, vd->isr->offset, 1);
}

/* PCI configuration access capability (4.1.4.9) */

static void pci_cfg_select(QVirtioDevice *vd, uint8_t bar, uint32_t offset,
                           int len)
{
    uint8_t pos;

    g_assert_nonnull(vd->pci_cfg);
    pos = vd->pci_cfg->pos;
    qpci_config_writeb(vd->pdev, pos + QVIRTIO_CAP_BAR, bar);
    qpci_config_writel(vd->pdev, pos + QVIRTIO_CAP_OFFSET, offset);
    qpci_config_writel(vd->pdev, pos + QVIRTIO_CAP_LENGTH, len);
}

uint32_t qvirtio_pci_cfg_read(QVirtioDevice *vd, uint8_t bar,
                              uint32_t offset, int len)
{
    uint8_t data;

    pci_cfg_select(vd, bar, offset, len);
    data = vd->pci_cfg->pos + QVIRTIO_CAP_PCI_CFG_DATA;
    switch (len) {
    case 1:
        return qpci_config_readb(vd->pdev, data);
    case 2:
        return qpci_config_readw(vd->pdev, data);
    case 4:
        return qpci_config_readl(vd->pdev, data);
    }
    g_assert_not_reached();
}

void qvirtio_pci_cfg_write(QVirtioDevice *vd, uint8_t bar, uint32_t offset,
                           uint32_t val, int len)
{
    uint8_t data;

    pci_cfg_select(vd, bar, offset, len);
    data = vd->pci_cfg->pos + QVIRTIO_CAP_PCI_CFG_DATA;
    switch (len) {
    case 1:
        qpci_config_writeb(vd->pdev, data, val);
        return;
    case 2:
        qpci_config_writew(vd->pdev, data, val);
        return;
    case 4:
        qpci_config_writel(vd->pdev, data, val);
        return;
    }
    g_assert_not_reached();
}

/* MSI-X */

unsigned qvirtio_msix_enable(QVirtioDevice *vd)
{
    unsigned n = qpci_msix_init(vd->pdev);

    qpci_msix_enable(vd->pdev);
    vd->msix = true;
    return n;
}

void qvirtio_msix_set_vector(QVirtioDevice *vd, unsigned vec, uint64_t addr,
                             uint32_t data)
{
    qpci_msix_set_vector(vd->pdev, vec, addr, data);
    qpci_msix_mask_vector(vd->pdev, vec, false);
}

uint16_t qvirtio_set_config_vector(QVirtioDevice *vd, uint16_t vec)
{
    uint32_t off = vd->legacy ? QVIRTIO_LEGACY_MSIX_CONFIG :
                                QVIRTIO_COMMON_MSIX;

    qvirtio_common_write(vd, off, vec, 2);
    return qvirtio_common_read(vd, off, 2);
}

uint16_t qvirtqueue_set_vector(QVirtQueue *vq, uint16_t vec)
{
    QVirtioDevice *vd = vq->vdev;
    uint32_t sel = vd->legacy ? QVIRTIO_LEGACY_Q_SELECT :
                                QVIRTIO_COMMON_Q_SELECT;
    uint32_t off = vd->legacy ? QVIRTIO_LEGACY_MSIX_QUEUE :
                                QVIRTIO_COMMON_Q_MSIX;

    qvirtio_common_write(vd, sel, vq->index, 2);
    qvirtio_common_write(vd, off, vec, 2);
    vq->msix_vector = qvirtio_common_read(vd, off, 2);
    return vq->msix_vector;
}

/* Queue programming */

uint16_t qvirtio_queue_max_size(QVirtioDevice *vd, uint16_t index)
{
    if (vd->legacy) {
        qvirtio_common_write(vd, QVIRTIO_LEGACY_Q_SELECT, index, 2);
        return qvirtio_common_read(vd, QVIRTIO_LEGACY_Q_SIZE, 2);
    }
    qvirtio_common_write(vd, QVIRTIO_COMMON_Q_SELECT, index, 2);
    return qvirtio_common_read(vd, QVIRTIO_COMMON_Q_SIZE, 2);
}

static void write64(QVirtioDevice *vd, uint32_t lo_off, uint64_t val)
{
    /* 4.1.3.1: 64-bit fields may be written as two 32-bit halves. */
    qvirtio_common_write(vd, lo_off, val, 4);
    qvirtio_common_write(vd, lo_off + 4, val >> 32, 4);
}

/* Legacy ring size in the one-block layout (2.7.2 "Legacy Interfaces"). */
static uint64_t legacy_ring_bytes(uint16_t size, uint64_t *used_off)
{
    uint64_t part1 = QVRING_DESC_SIZE * size + 6 + 2 * size;

    *used_off = (part1 + QVIRTIO_LEGACY_ALIGN - 1) &
                ~(uint64_t)(QVIRTIO_LEGACY_ALIGN - 1);
    return *used_off + 6 + 8 * size;
}

QVirtQueue *qvirtqueue_setup(QVirtioDevice *vd, uint16_t index, bool packed)
{
    QVirtQueue *vq;
    uint16_t max = qvirtio_queue_max_size(vd, index);

    if (!max) {
        return NULL;
    }
    vq = g_new0(QVirtQueue, 1);
    vq->vdev = vd;
    vq->index = index;
    vq->packed = packed;
    vq->event_idx = !!(vd->features & QVIRTIO_F_EVENT_IDX);
    vq->msix_vector = QVIRTIO_MSI_NO_VECTOR;
    g_assert(!packed || (vd->features & QVIRTIO_F_RING_PACKED));

    if (vd->legacy) {
        uint64_t used_off, bytes;

        /* Legacy queues have a fixed size the driver cannot change. */
        vq->size = max;
        bytes = legacy_ring_bytes(vq->size, &used_off);
        vq->legacy_ring = qguest_alloc(vd->alloc, bytes,
                                       QVIRTIO_LEGACY_ALIGN);
        qtest_memset(vd->qts, vq->legacy_ring, 0, bytes);
        vq->desc = vq->legacy_ring;
        vq->avail = vq->desc + QVRING_DESC_SIZE * vq->size;
        vq->used = vq->legacy_ring + used_off;
    } else {
        vq->size = MIN(max, QVIRTIO_MAX_QUEUE_SIZE);
        if (!packed) {
            /* Split rings need a power of two (2.7). */
            while (vq->size & (vq->size - 1)) {
                vq->size &= vq->size - 1;
            }
        }
        vq->desc = qguest_alloc(vd->alloc, QVRING_DESC_SIZE * vq->size, 16);
        if (packed) {
            /* Driver and device event suppression structures (2.8.10). */
            vq->avail = qguest_alloc(vd->alloc, 4, 4);
            vq->used = qguest_alloc(vd->alloc, 4, 4);
            qtest_memset(vd->qts, vq->avail, 0, 4);
            qtest_memset(vd->qts, vq->used, 0, 4);
        } else {
            vq->avail = qguest_alloc(vd->alloc, 6 + 2 * vq->size, 2);
            vq->used = qguest_alloc(vd->alloc, 6 + 8 * vq->size, 4);
            qtest_memset(vd->qts, vq->avail, 0, 6 + 2 * vq->size);
            qtest_memset(vd->qts, vq->used, 0, 6 + 8 * vq->size);
        }
        qtest_memset(vd->qts, vq->desc, 0, QVRING_DESC_SIZE * vq->size);
    }
    qvring_init_state(vq);

    if (vd->legacy) {
        qvirtio_common_write(vd, QVIRTIO_LEGACY_Q_PFN,
                             vq->legacy_ring >> QVIRTIO_LEGACY_PFN_SHIFT, 4);
        return vq;
    }
    qvirtio_common_write(vd, QVIRTIO_COMMON_Q_SIZE, vq->size, 2);
    write64(vd, QVIRTIO_COMMON_Q_DESCLO, vq->desc);
    write64(vd, QVIRTIO_COMMON_Q_AVAILLO, vq->avail);
    write64(vd, QVIRTIO_COMMON_Q_USEDLO, vq->used);
    vq->notify_off = qvirtio_common_read(vd, QVIRTIO_COMMON_Q_NOFF, 2);
    qvirtio_common_write(vd, QVIRTIO_COMMON_Q_ENABLE, 1, 2);
    g_assert_cmpuint(qvirtio_common_read(vd, QVIRTIO_COMMON_Q_ENABLE, 2),
                     ==, 1);
    return vq;
}

void qvirtqueue_cleanup(QVirtQueue *vq)
{
    QGuestAllocator *alloc;

    if (!vq) {
        return;
    }
    alloc = vq->vdev->alloc;
    qvring_free_state(vq);
    if (vq->legacy_ring) {
        qguest_free(alloc, vq->legacy_ring);
    } else {
        qguest_free(alloc, vq->desc);
        qguest_free(alloc, vq->avail);
        qguest_free(alloc, vq->used);
    }
    g_free(vq);
}

void qvirtqueue_notify(QVirtQueue *vq)
{
    QVirtioDevice *vd = vq->vdev;
    uint64_t off;

    if (vd->legacy) {
        bar_write(vd, QVIRTIO_LEGACY_BAR, QVIRTIO_LEGACY_Q_NOTIFY,
                  vq->index, 2);
        return;
    }
    /* 4.1.4.4: cap.offset + queue_notify_off * notify_off_multiplier. */
    off = vd->notify->offset +
          (uint64_t)vq->notify_off * vd->notify->notify_mult;
    bar_write(vd, vd->notify->bar, off, vq->index, 2);
}

/* Waiting */

uint32_t qvirtio_wait_msi(QTestState *qts, uint64_t addr,
                          uint64_t timeout_us)
{
    uint64_t waited;

    for (waited = 0; waited <= timeout_us; waited += QVIRTIO_POLL_NS / 1000) {
        uint32_t val = qtest_readl(qts, addr);

        if (val) {
            qtest_writel(qts, addr, 0);
            return val;
        }
        qtest_clock_step(qts, QVIRTIO_POLL_NS);
    }
    return 0;
}

uint8_t qvirtio_wait_isr(QVirtioDevice *vd, uint8_t bits,
                         uint64_t timeout_us)
{
    uint64_t waited;

    for (waited = 0; waited <= timeout_us; waited += QVIRTIO_POLL_NS / 1000) {
        uint8_t isr = qvirtio_isr_read(vd);

        if (isr & bits) {
            return isr;
        }
        qtest_clock_step(vd->qts, QVIRTIO_POLL_NS);
    }
    return 0;
}

uint32_t qvirtqueue_wait_used(QVirtQueue *vq, uint16_t id,
                              uint64_t timeout_us)
{
    uint64_t waited;

    for (waited = 0; waited <= timeout_us; waited += QVIRTIO_POLL_NS / 1000) {
        uint16_t got;
        uint32_t len;

        while (qvirtqueue_get_used(vq, &got, &len)) {
            if (got == id) {
                return len;
            }
        }
        qtest_clock_step(vq->vdev->qts, QVIRTIO_POLL_NS);
    }
    g_error("virtqueue %u: buffer %u not used in %" PRIu64 " us",
            vq->index, id, timeout_us);
    return 0;
}
