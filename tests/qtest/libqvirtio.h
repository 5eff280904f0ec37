/*
 * libqvirtio: a virtio-pci driver for qtests that play the guest.
 *
 * Written from the Virtio 1.2 specification (sections 2 "Basic
 * Facilities", 2.7 split and 2.8 packed virtqueues, 4.1 "Virtio Over
 * PCI Bus" with 4.1.4.10 the legacy interface).  It drives a device the
 * test found with libqpci (BARs assigned) in one of two ways:
 *
 *   modern  through the vendor capabilities: common configuration,
 *           notifications (queue_notify_off * notify_off_multiplier),
 *           ISR, device configuration and the PCI configuration access
 *           window;
 *   legacy  through the I/O BAR 0 register block of transitional
 *           devices (device configuration moves by 4 bytes once MSI-X
 *           is enabled).
 *
 * Virtqueues are driven as split or packed rings, with direct or
 * indirect descriptor chains, and event-index notification
 * suppression when VIRTIO_F_RING_EVENT_IDX was negotiated.  Ring memory
 * comes from a QGuestAllocator (libqmalloc.h).
 *
 *     QVirtioDevice *vd = qvirtio_pci_new(pdev, alloc);     // modern
 *     qvirtio_reset(vd);
 *     g_assert(qvirtio_negotiate(vd, QVIRTIO_F_VERSION_1));
 *     QVirtQueue *vq = qvirtqueue_setup(vd, 0, false);
 *     qvirtio_set_driver_ok(vd);
 *     QVirtBuf b = { .addr = buf, .len = 16, .write = true };
 *     uint16_t id = qvirtqueue_add(vq, &b, 1, false);
 *     qvirtqueue_kick(vq);
 *     len = qvirtqueue_wait_used(vq, id, QVIRTIO_TIMEOUT_US);
 *     qvirtqueue_cleanup(vq);
 *     qvirtio_pci_free(vd);
 *
 * Helpers assert what they rely on; tests of bad input use the raw
 * register accessors.
 */
#ifndef TESTS_QTEST_LIBQVIRTIO_H
#define TESTS_QTEST_LIBQVIRTIO_H

#include "libqpci.h"
#include "libqmalloc.h"

#define QVIRTIO_PCI_VENDOR_ID       0x1af4
/* Modern device IDs are 0x1040 + virtio ID; transitional ones 0x1000+. */
#define QVIRTIO_PCI_MODERN_BASE     0x1040
#define QVIRTIO_ID_RNG              4
#define QVIRTIO_PCI_DEVICE_ID_RNG_LEGACY 0x1005

/* Device status (2.1) */
#define QVIRTIO_S_ACKNOWLEDGE       0x01
#define QVIRTIO_S_DRIVER            0x02
#define QVIRTIO_S_DRIVER_OK         0x04
#define QVIRTIO_S_FEATURES_OK       0x08
#define QVIRTIO_S_NEEDS_RESET       0x40
#define QVIRTIO_S_FAILED            0x80

/* Reserved feature bits (6) */
#define QVIRTIO_F_NOTIFY_ON_EMPTY   (1ULL << 24)
#define QVIRTIO_F_ANY_LAYOUT        (1ULL << 27)
#define QVIRTIO_F_INDIRECT_DESC     (1ULL << 28)
#define QVIRTIO_F_EVENT_IDX         (1ULL << 29)
#define QVIRTIO_F_VERSION_1         (1ULL << 32)
#define QVIRTIO_F_ACCESS_PLATFORM   (1ULL << 33)
#define QVIRTIO_F_RING_PACKED       (1ULL << 34)

/* Vendor capability (4.1.4) */
#define QVIRTIO_PCI_CAP_COMMON      1
#define QVIRTIO_PCI_CAP_NOTIFY      2
#define QVIRTIO_PCI_CAP_ISR         3
#define QVIRTIO_PCI_CAP_DEVICE      4
#define QVIRTIO_PCI_CAP_PCI_CFG     5
#define QVIRTIO_PCI_CAP_SHM         8
#define QVIRTIO_CAP_CFG_TYPE        3       /* byte offsets in the cap */
#define QVIRTIO_CAP_BAR             4
#define QVIRTIO_CAP_ID              5
#define QVIRTIO_CAP_OFFSET          8
#define QVIRTIO_CAP_LENGTH          12
#define QVIRTIO_CAP_NOTIFY_MULT     16
#define QVIRTIO_CAP_PCI_CFG_DATA    16

/* Common configuration structure (4.1.4.3) */
#define QVIRTIO_COMMON_DFSELECT     0x00
#define QVIRTIO_COMMON_DF           0x04
#define QVIRTIO_COMMON_GFSELECT     0x08
#define QVIRTIO_COMMON_GF           0x0c
#define QVIRTIO_COMMON_MSIX         0x10
#define QVIRTIO_COMMON_NUMQ         0x12
#define QVIRTIO_COMMON_STATUS       0x14
#define QVIRTIO_COMMON_CFGGEN       0x15
#define QVIRTIO_COMMON_Q_SELECT     0x16
#define QVIRTIO_COMMON_Q_SIZE       0x18
#define QVIRTIO_COMMON_Q_MSIX       0x1a
#define QVIRTIO_COMMON_Q_ENABLE     0x1c
#define QVIRTIO_COMMON_Q_NOFF       0x1e
#define QVIRTIO_COMMON_Q_DESCLO     0x20
#define QVIRTIO_COMMON_Q_DESCHI     0x24
#define QVIRTIO_COMMON_Q_AVAILLO    0x28
#define QVIRTIO_COMMON_Q_AVAILHI    0x2c
#define QVIRTIO_COMMON_Q_USEDLO     0x30
#define QVIRTIO_COMMON_Q_USEDHI     0x34
#define QVIRTIO_COMMON_Q_NDATA      0x38
#define QVIRTIO_COMMON_Q_RESET      0x3a

/* Legacy register block in I/O BAR 0 (4.1.4.10) */
#define QVIRTIO_LEGACY_BAR          0
#define QVIRTIO_LEGACY_HOST_F       0x00
#define QVIRTIO_LEGACY_GUEST_F      0x04
#define QVIRTIO_LEGACY_Q_PFN        0x08
#define QVIRTIO_LEGACY_Q_SIZE       0x0c
#define QVIRTIO_LEGACY_Q_SELECT     0x0e
#define QVIRTIO_LEGACY_Q_NOTIFY     0x10
#define QVIRTIO_LEGACY_STATUS       0x12
#define QVIRTIO_LEGACY_ISR          0x13
#define QVIRTIO_LEGACY_MSIX_CONFIG  0x14    /* only with MSI-X enabled */
#define QVIRTIO_LEGACY_MSIX_QUEUE   0x16
#define QVIRTIO_LEGACY_CONFIG       0x14    /* 0x18 with MSI-X enabled */
#define QVIRTIO_LEGACY_CONFIG_MSIX  0x18
#define QVIRTIO_LEGACY_PFN_SHIFT    12
#define QVIRTIO_LEGACY_ALIGN        4096

/* ISR status bits (4.1.4.5) */
#define QVIRTIO_ISR_QUEUE           0x1
#define QVIRTIO_ISR_CONFIG          0x2

#define QVIRTIO_MSI_NO_VECTOR       0xffff

/* Descriptor flags: split (2.7.5) and packed (2.8.13) */
#define QVRING_DESC_F_NEXT          0x1
#define QVRING_DESC_F_WRITE         0x2
#define QVRING_DESC_F_INDIRECT      0x4
#define QVRING_PACKED_DESC_F_AVAIL  (1 << 7)
#define QVRING_PACKED_DESC_F_USED   (1 << 15)
#define QVRING_AVAIL_F_NO_INTERRUPT 0x1
#define QVRING_USED_F_NO_NOTIFY     0x1
/* Packed event suppression flags (2.8.10) */
#define QVRING_PACKED_EVENT_ENABLE  0x0
#define QVRING_PACKED_EVENT_DISABLE 0x1
#define QVRING_PACKED_EVENT_DESC    0x2
#define QVRING_DESC_SIZE            16

/* How long helpers that wait give the device: 5 s of polling. */
#define QVIRTIO_TIMEOUT_US          (5 * 1000 * 1000)

/* One vendor capability as found in configuration space. */
typedef struct QVirtioPCICap {
    uint8_t pos;                /* offset in config space */
    uint8_t len;                /* cap_len */
    uint8_t cfg_type;
    uint8_t bar;
    uint8_t id;
    uint32_t offset;
    uint32_t length;
    uint32_t notify_mult;       /* QVIRTIO_PCI_CAP_NOTIFY only */
} QVirtioPCICap;

#define QVIRTIO_MAX_CAPS            16

typedef struct QVirtioDevice {
    QPCIDevice *pdev;
    QTestState *qts;
    QGuestAllocator *alloc;
    bool legacy;                /* driven through the legacy I/O BAR */

    /* Every vendor capability, in list order (modern and legacy alike). */
    QVirtioPCICap caps[QVIRTIO_MAX_CAPS];
    int ncaps;
    /* The first one of each type the driver uses (NULL: absent). */
    const QVirtioPCICap *common;
    const QVirtioPCICap *notify;
    const QVirtioPCICap *isr;
    const QVirtioPCICap *device;
    const QVirtioPCICap *pci_cfg;

    bool msix;                  /* MSI-X enabled through qvirtio_msix_enable */
    uint64_t features;          /* what the driver wrote */
} QVirtioDevice;

/* One piece of a buffer chain. */
typedef struct QVirtBuf {
    uint64_t addr;
    uint32_t len;
    bool write;                 /* device-writable */
} QVirtBuf;

typedef struct QVirtQueue {
    QVirtioDevice *vdev;
    uint16_t index;
    uint16_t size;
    bool packed;
    bool event_idx;             /* VIRTIO_F_RING_EVENT_IDX negotiated */
    uint64_t desc;
    uint64_t avail;             /* driver area */
    uint64_t used;              /* device area */
    uint64_t legacy_ring;       /* legacy: the one contiguous block */
    uint16_t notify_off;
    uint16_t msix_vector;

    /* Split ring */
    uint16_t free_head;
    uint16_t num_free;
    uint16_t avail_idx;         /* next avail->idx to publish */
    uint16_t kicked_idx;        /* avail_idx at the last kick */
    uint16_t last_used_idx;

    /* Packed ring */
    uint16_t next_avail;
    bool avail_wrap;
    uint16_t last_used;
    bool used_wrap;
    uint16_t num_added;         /* slots made available since the kick */
    uint16_t *free_ids;         /* stack of free buffer ids */
    uint16_t nfree_ids;

    /* Per head / buffer id: slots it took, its indirect table (or 0). */
    uint16_t *chain_len;
    uint64_t *indirect;
    bool *in_flight;
} QVirtQueue;

/* Set-up */

/*
 * A modern driver for @pdev (BARs assigned): walks the vendor
 * capabilities (asserting common, notify, ISR are there) and enables
 * decoding and bus mastering.
 */
QVirtioDevice *qvirtio_pci_new(QPCIDevice *pdev, QGuestAllocator *alloc);
/* A legacy driver through I/O BAR 0 (a transitional device). */
QVirtioDevice *qvirtio_pci_new_legacy(QPCIDevice *pdev,
                                      QGuestAllocator *alloc);
void qvirtio_pci_free(QVirtioDevice *vd);
/* Parse the vendor capability list into vd->caps (done by the above). */
int qvirtio_pci_walk_caps(QVirtioDevice *vd);
/* The @n'th capability of @cfg_type, or NULL. */
const QVirtioPCICap *qvirtio_find_cap(QVirtioDevice *vd, uint8_t cfg_type,
                                      int n);

/* Raw access to the common configuration (modern) or legacy block. */
uint32_t qvirtio_common_read(QVirtioDevice *vd, uint32_t off, int len);
void qvirtio_common_write(QVirtioDevice *vd, uint32_t off, uint32_t val,
                          int len);

/* Status and features */

uint8_t qvirtio_get_status(QVirtioDevice *vd);
void qvirtio_set_status(QVirtioDevice *vd, uint8_t status);
/* Write 0 and wait for the read-back to be 0. */
void qvirtio_reset(QVirtioDevice *vd);
uint64_t qvirtio_get_features(QVirtioDevice *vd);
void qvirtio_set_features(QVirtioDevice *vd, uint64_t features);
/*
 * ACKNOWLEDGE, DRIVER, write @features, and (modern) FEATURES_OK;
 * returns whether the device kept FEATURES_OK (legacy: always true).
 * Does not check @features against what is offered: that is the point
 * of the refusal tests.
 */
bool qvirtio_negotiate(QVirtioDevice *vd, uint64_t features);
void qvirtio_set_driver_ok(QVirtioDevice *vd);
uint8_t qvirtio_config_generation(QVirtioDevice *vd);

/* Device-specific configuration */
uint8_t qvirtio_config_readb(QVirtioDevice *vd, uint32_t off);
uint16_t qvirtio_config_readw(QVirtioDevice *vd, uint32_t off);
uint32_t qvirtio_config_readl(QVirtioDevice *vd, uint32_t off);
uint64_t qvirtio_config_readq(QVirtioDevice *vd, uint32_t off);
void qvirtio_config_writeb(QVirtioDevice *vd, uint32_t off, uint8_t val);

/* ISR: read (which clears it on the device) */
uint8_t qvirtio_isr_read(QVirtioDevice *vd);

/*
 * The PCI configuration access capability: a @len byte access at
 * @offset in BAR @bar through the window in configuration space.
 */
uint32_t qvirtio_pci_cfg_read(QVirtioDevice *vd, uint8_t bar,
                              uint32_t offset, int len);
void qvirtio_pci_cfg_write(QVirtioDevice *vd, uint8_t bar, uint32_t offset,
                           uint32_t val, int len);

/* MSI-X */

/* Find the MSI-X capability and enable it; returns the vector count. */
unsigned qvirtio_msix_enable(QVirtioDevice *vd);
/* Program vector @vec to write @data at guest address @addr, unmasked. */
void qvirtio_msix_set_vector(QVirtioDevice *vd, unsigned vec, uint64_t addr,
                             uint32_t data);
/* Map the config interrupt to @vec; returns what the device read back. */
uint16_t qvirtio_set_config_vector(QVirtioDevice *vd, uint16_t vec);
/* Map queue @vq's interrupt to @vec; returns the read-back. */
uint16_t qvirtqueue_set_vector(QVirtQueue *vq, uint16_t vec);

/* Virtqueues */

/*
 * Select queue @index, size it (the device's maximum, at most 256),
 * allocate and program the rings (packed: VIRTIO_F_RING_PACKED must
 * have been negotiated), enable it.  Legacy: the one-block layout.
 * Returns NULL if the device has no such queue (size 0).
 */
QVirtQueue *qvirtqueue_setup(QVirtioDevice *vd, uint16_t index, bool packed);
/* Free the ring memory and any buffers' indirect tables. */
void qvirtqueue_cleanup(QVirtQueue *vq);
/* The queue's size as the device reports it (selects @index). */
uint16_t qvirtio_queue_max_size(QVirtioDevice *vd, uint16_t index);

/*
 * Make a chain of @n buffers available (not yet kicked): one
 * descriptor each, or @indirect one descriptor pointing at a table.
 * Returns the head (split) or buffer id (packed).
 */
uint16_t qvirtqueue_add(QVirtQueue *vq, const QVirtBuf *bufs, int n,
                        bool indirect);
/*
 * Notify the device of what was added, unless it asked not to be
 * (flags, or event index).  Returns whether it notified.
 */
bool qvirtqueue_kick(QVirtQueue *vq);
/* Notify unconditionally (the notify register write only). */
void qvirtqueue_notify(QVirtQueue *vq);
/*
 * Take the next used buffer, if any: its head/id and written length;
 * frees its descriptors.
 */
bool qvirtqueue_get_used(QVirtQueue *vq, uint16_t *id, uint32_t *len);
/* Poll (advancing the virtual clock) until buffer @id is used. */
uint32_t qvirtqueue_wait_used(QVirtQueue *vq, uint16_t id,
                              uint64_t timeout_us);
/* The driver's used_event (split) or event suppression (packed). */
void qvirtqueue_set_used_event(QVirtQueue *vq, uint16_t idx);
/* Ask for no interrupts (true) or for every one (false). */
void qvirtqueue_disable_interrupts(QVirtQueue *vq, bool disable);
/* Whether the device would accept more: free descriptors/ids left. */
uint16_t qvirtqueue_num_free(QVirtQueue *vq);

/* The notification suppression rule (2.7.10): event in (old, new]. */
static inline bool qvring_need_event(uint16_t event, uint16_t new_idx,
                                     uint16_t old)
{
    return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old);
}

/*
 * Wait (polling the virtual clock) until @cond_addr in guest memory
 * holds a non-zero dword, as an MSI message landing there does;
 * returns it and clears it (0 on timeout).
 */
uint32_t qvirtio_wait_msi(QTestState *qts, uint64_t addr,
                          uint64_t timeout_us);
/* Wait until the ISR has @bits; returns the ISR read (0 on timeout). */
uint8_t qvirtio_wait_isr(QVirtioDevice *vd, uint8_t bits,
                         uint64_t timeout_us);

#endif
