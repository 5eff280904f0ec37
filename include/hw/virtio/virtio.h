/*
 * The virtio core (Virtio 1.2): the abstract virtio device, its
 * virtqueues (split and packed rings), feature negotiation, device
 * status, configuration space and notifications.
 *
 * A virtio device (TYPE_VIRTIO_DEVICE subclass) plugs into a virtio bus
 * (include/hw/virtio/virtio-bus.h) provided by a transport proxy such as
 * virtio-pci.  The transport turns guest register accesses into calls
 * of this API (virtio_set_status, virtio_queue_set_rings,
 * virtio_queue_notify, virtio_config_*); the core calls back into the
 * transport through VirtioBusClass to raise interrupts and to learn the
 * address space the device masters (its DMA address space).
 *
 * Device models implement VirtioDeviceClass hooks, create their queues
 * with virtio_add_queue() in realize, take requests with virtqueue_pop()
 * and complete them with virtqueue_push() + virtio_notify().
 *
 * Everything in a ring is guest-controlled.  When a ring is malformed
 * (descriptor loops, chains longer than the queue, bad lengths or
 * addresses, descriptors of the wrong direction, bad indirect tables)
 * the core calls virtio_error(): the device is marked broken, status
 * gets VIRTIO_CONFIG_S_NEEDS_RESET (for VERSION_1 drivers) with a config
 * interrupt, and a rate-limited guest-error message is logged.  A broken
 * device pops nothing until it is reset.
 *
 * Byte order: rings and config are little-endian (modern), and legacy
 * (transitional) devices use the guest's native order, which is also
 * little-endian on every target Corvid emulates.
 */
#ifndef HW_VIRTIO_VIRTIO_H
#define HW_VIRTIO_VIRTIO_H

#include <sys/uio.h>
#include "hw/core/qdev.h"
#include "system/memory.h"
#include "system/dma.h"
#include "util/event-notifier.h"
#include "util/main-loop.h"

#define TYPE_VIRTIO_DEVICE "virtio-device"

/* Virtio device IDs (Virtio 1.2 section 5). */
#define VIRTIO_ID_NET           1
#define VIRTIO_ID_BLOCK         2
#define VIRTIO_ID_CONSOLE       3
#define VIRTIO_ID_RNG           4
#define VIRTIO_ID_BALLOON       5
#define VIRTIO_ID_SCSI          8
#define VIRTIO_ID_9P            9
#define VIRTIO_ID_GPU           16
#define VIRTIO_ID_INPUT         18
#define VIRTIO_ID_VSOCK         19
#define VIRTIO_ID_CRYPTO        20
#define VIRTIO_ID_IOMMU         23
#define VIRTIO_ID_MEM           24
#define VIRTIO_ID_FS            26

/* Device status bits (Virtio 1.2 section 2.1). */
#define VIRTIO_CONFIG_S_ACKNOWLEDGE     0x01
#define VIRTIO_CONFIG_S_DRIVER          0x02
#define VIRTIO_CONFIG_S_DRIVER_OK       0x04
#define VIRTIO_CONFIG_S_FEATURES_OK     0x08
#define VIRTIO_CONFIG_S_NEEDS_RESET     0x40
#define VIRTIO_CONFIG_S_FAILED          0x80

/* Reserved (device-independent) feature bits (Virtio 1.2 section 6). */
#define VIRTIO_F_NOTIFY_ON_EMPTY        24  /* legacy only */
#define VIRTIO_F_ANY_LAYOUT             27  /* legacy only */
#define VIRTIO_RING_F_INDIRECT_DESC     28
#define VIRTIO_RING_F_EVENT_IDX         29
#define VIRTIO_F_BAD_FEATURE            30  /* legacy: never acked */
#define VIRTIO_F_VERSION_1              32
#define VIRTIO_F_ACCESS_PLATFORM        33
#define VIRTIO_F_IOMMU_PLATFORM         VIRTIO_F_ACCESS_PLATFORM
#define VIRTIO_F_RING_PACKED            34
#define VIRTIO_F_IN_ORDER               35
#define VIRTIO_F_ORDER_PLATFORM         36
#define VIRTIO_F_SR_IOV                 37
#define VIRTIO_F_NOTIFICATION_DATA      38
#define VIRTIO_F_RING_RESET             40  /* per-queue reset (2.6.1) */
/* The device-independent bits 24..40 a transport always passes on. */
#define VIRTIO_TRANSPORT_F_START        24
#define VIRTIO_TRANSPORT_F_END          41

/* Interrupt status register bits (ISR). */
#define VIRTIO_ISR_QUEUE                0x1
#define VIRTIO_ISR_CONFIG               0x2

/* "No MSI-X vector" for config_vector and queue vectors. */
#define VIRTIO_NO_VECTOR                0xffff

/* Queues per device, and the largest queue size a device may offer. */
#define VIRTIO_QUEUE_MAX                1024
#define VIRTQUEUE_MAX_SIZE              1024

/* Legacy ring layout: the used ring starts on this boundary. */
#define VIRTIO_PCI_VRING_ALIGN          4096

/* Split ring descriptor flags (Virtio 1.2 section 2.7.5). */
#define VRING_DESC_F_NEXT               1
#define VRING_DESC_F_WRITE              2
#define VRING_DESC_F_INDIRECT           4
/* Split ring suppression flags. */
#define VRING_AVAIL_F_NO_INTERRUPT      1
#define VRING_USED_F_NO_NOTIFY          1

/* Packed ring descriptor flags (section 2.8). */
#define VRING_PACKED_DESC_F_AVAIL       7   /* bit numbers */
#define VRING_PACKED_DESC_F_USED        15
/* Packed ring event suppression (section 2.8.10). */
#define VRING_PACKED_EVENT_FLAG_ENABLE  0x0
#define VRING_PACKED_EVENT_FLAG_DISABLE 0x1
#define VRING_PACKED_EVENT_FLAG_DESC    0x2
#define VRING_PACKED_EVENT_F_WRAP_CTR   15  /* bit of off_wrap */

/* Sizes of the split ring parts for a queue of @num entries. */
#define VRING_DESC_SIZE                 16
#define VRING_AVAIL_SIZE(num)           (4 + 2 * (uint64_t)(num) + 2)
#define VRING_USED_SIZE(num)            (4 + 8 * (uint64_t)(num) + 2)

typedef struct VirtIODevice VirtIODevice;
typedef struct VirtioDeviceClass VirtioDeviceClass;
typedef struct VirtQueue VirtQueue;
typedef struct VirtioBusState VirtioBusState;

#define VIRTIO_DEVICE(obj) \
    OBJECT_CHECK(VirtIODevice, (obj), TYPE_VIRTIO_DEVICE)
#define VIRTIO_DEVICE_CLASS(klass) \
    OBJECT_CLASS_CHECK(VirtioDeviceClass, (klass), TYPE_VIRTIO_DEVICE)
#define VIRTIO_DEVICE_GET_CLASS(obj) \
    OBJECT_GET_CLASS(VirtioDeviceClass, (obj), TYPE_VIRTIO_DEVICE)

/* Runs the requests of a queue the driver kicked (see
 * virtio_queue_notify and virtio_queue_notify_deferred). */
typedef void (*VirtIOHandleOutput)(VirtIODevice *vdev, VirtQueue *vq);

/*
 * One request taken from a queue: the device-readable buffers (out_sg,
 * out_num) then the device-writable ones (in_sg, in_num), mapped from
 * guest memory (one descriptor may give several iovecs when its range
 * crosses RAM regions).  out_addr/in_addr give the guest address of each
 * iovec.  Allocated by virtqueue_pop() with @sz bytes (a device may
 * embed the element at the start of a larger struct); free with
 * g_free() after virtqueue_push()/virtqueue_detach_element().
 */
typedef struct VirtQueueElement {
    unsigned int index;     /* head descriptor id (split) / buffer id */
    unsigned int len;       /* bytes written, set by virtqueue_fill */
    unsigned int ndescs;    /* descriptors consumed (packed ring) */
    unsigned int out_num;
    unsigned int in_num;
    hwaddr *in_addr;
    hwaddr *out_addr;
    struct iovec *in_sg;
    struct iovec *out_sg;
    /* The core's: which reset generation of its queue the element was
     * popped in (elements from before a queue reset are never used). */
    uint64_t epoch;
} VirtQueueElement;

struct VirtioDeviceClass {
    DeviceClass parent_class;

    /* Set by the subclass; the core's device realize calls
     * virtio_init(vdev, device_id, config_len) before realize, which may
     * call virtio_init again to change the config size. */
    uint16_t device_id;
    size_t config_len;

    DeviceRealize *realize;
    DeviceUnrealize *unrealize;
    /* The device features to offer given @requested (host_features with
     * the transport bits); returns the offered set. */
    uint64_t (*get_features)(VirtIODevice *vdev, uint64_t requested,
                             Error **errp);
    /* The driver accepted @val (already masked to the offer). */
    void (*set_features)(VirtIODevice *vdev, uint64_t val);
    /* Checked when the driver sets FEATURES_OK; nonzero refuses. */
    int (*validate_features)(VirtIODevice *vdev);
    /* Fill / consume vdev->config (config_len bytes). */
    void (*get_config)(VirtIODevice *vdev, uint8_t *config);
    void (*set_config)(VirtIODevice *vdev, const uint8_t *config);
    /* Device state back to power-on (queues are reset by the core). */
    void (*reset)(VirtIODevice *vdev);
    /* Status changed (called before vdev->status is updated). */
    void (*set_status)(VirtIODevice *vdev, uint8_t val);
    /*
     * The driver reset queue @queue_index alone (VIRTIO_F_RING_RESET,
     * Virtio 1.2 2.6.1): drop what the device keeps for that queue, and
     * give back (virtqueue_detach_element) or finish the elements it
     * holds.  Called before the core resets the queue; elements still
     * out after the hook keep the reset in progress until the device
     * returns them, and are then dropped, never used.  Optional.
     */
    void (*queue_reset)(VirtIODevice *vdev, uint32_t queue_index);
    /* The driver enabled queue @queue_index (modern queue_enable: at
     * initialization or after a queue reset).  Optional. */
    void (*queue_enable)(VirtIODevice *vdev, uint32_t queue_index);
};

/* Queues per device in words of the kicked-queue bitmap. */
#define VIRTIO_KICK_WORDS   (VIRTIO_QUEUE_MAX / 64)

struct VirtIODevice {
    DeviceState parent_obj;

    const char *name;           /* the QOM type name, for messages */
    uint16_t device_id;
    uint8_t status;
    uint8_t isr;                /* VIRTIO_ISR_* pending */
    uint16_t queue_sel;         /* transport's queue selector */
    uint64_t guest_features;    /* accepted by the driver */
    uint64_t host_features;     /* offered (after get_features) */
    size_t config_len;
    uint8_t *config;
    uint16_t config_vector;
    uint32_t generation;        /* config generation counter */
    VirtQueue *vq;              /* VIRTIO_QUEUE_MAX entries */
    AddressSpace *dma_as;       /* from the bus at plug time */
    bool broken;                /* a ring was malformed: wait for reset */
    /*
     * Kicks.  A kicked queue is marked here, and the marked queues' handlers
     * run either at once (virtio_queue_notify) or from kick_bh
     * (virtio_queue_notify_deferred, ioeventfd).  in_notify says handlers are
     * running: a guest can point a ring at the device's own notify
     * register, so a handler's ring writes may kick again, and such kicks
     * are only marked, to run after the handler returns, never inside it.
     */
    uint64_t kicked[VIRTIO_KICK_WORDS];
    bool in_notify;
    BH *kick_bh;                /* created at the first deferred kick */
    bool started;               /* DRIVER_OK seen since the last reset */
    bool use_started;           /* property "use-started" */
    bool use_disabled_flag;     /* property "use-disabled-flag" */
    bool disable_legacy_check;  /* property "x-disable-legacy-check" */
    /* virtio_error rate limiting */
    int64_t error_log_ns;
    unsigned int error_log_count;
};

/* Bring the device's core state up: called by the core (see the class). */
void virtio_init(VirtIODevice *vdev, uint16_t device_id, size_t config_size);
void virtio_cleanup(VirtIODevice *vdev);

/*
 * For transport proxies: initialize the embedded device @data of
 * @vdev_size bytes as @vdev_name and make it the child "virtio-backend"
 * of @proxy_obj.
 */
void virtio_instance_init_common(Object *proxy_obj, void *data,
                                 size_t vdev_size, const char *vdev_name);

/* Mark the device broken (see the top of this file); printf-like. */
void virtio_error(VirtIODevice *vdev, const char *fmt, ...)
    CORVID_PRINTF(2, 3);

/* Feature helpers. */
static inline bool virtio_has_feature(uint64_t features, unsigned int fbit)
{
    g_assert(fbit < 64);
    return !!(features & (1ULL << fbit));
}

static inline void virtio_add_feature(uint64_t *features, unsigned int fbit)
{
    g_assert(fbit < 64);
    *features |= 1ULL << fbit;
}

static inline void virtio_clear_feature(uint64_t *features,
                                        unsigned int fbit)
{
    g_assert(fbit < 64);
    *features &= ~(1ULL << fbit);
}

static inline bool virtio_vdev_has_feature(const VirtIODevice *vdev,
                                           unsigned int fbit)
{
    return virtio_has_feature(vdev->guest_features, fbit);
}

static inline bool virtio_host_has_feature(const VirtIODevice *vdev,
                                           unsigned int fbit)
{
    return virtio_has_feature(vdev->host_features, fbit);
}

/* Whether the device is currently driven through the legacy interface
 * (no VERSION_1 accepted). */
static inline bool virtio_is_legacy(const VirtIODevice *vdev)
{
    return !virtio_vdev_has_feature(vdev, VIRTIO_F_VERSION_1);
}

/*
 * Status and features.
 *
 * virtio_set_features: the driver writes its accepted features; bits
 * not offered are dropped; refused (-EINVAL) once FEATURES_OK is set.
 * virtio_set_status: the driver writes status.  Setting FEATURES_OK
 * (VERSION_1 drivers) checks the accepted features (validate_features)
 * and leaves the bit clear if they are refused; 0 resets the device.
 * Returns 0, or -EINVAL when FEATURES_OK was refused.
 */
int virtio_set_features(VirtIODevice *vdev, uint64_t val);
int virtio_set_status(VirtIODevice *vdev, uint8_t val);
/* Device reset: status, features, ISR, config vector, every queue. */
void virtio_reset(void *opaque);
/* Whether the device is started (DRIVER_OK) and not broken. */
bool virtio_device_started(VirtIODevice *vdev);

/* Configuration space.  Reads refresh vdev->config through get_config;
 * out-of-range accesses read all-ones and writes are ignored.  The
 * legacy and modern accessors differ only in byte order, which is the
 * same (little-endian) on Corvid's targets. */
uint32_t virtio_config_readb(VirtIODevice *vdev, uint32_t addr);
uint32_t virtio_config_readw(VirtIODevice *vdev, uint32_t addr);
uint32_t virtio_config_readl(VirtIODevice *vdev, uint32_t addr);
void virtio_config_writeb(VirtIODevice *vdev, uint32_t addr, uint32_t data);
void virtio_config_writew(VirtIODevice *vdev, uint32_t addr, uint32_t data);
void virtio_config_writel(VirtIODevice *vdev, uint32_t addr, uint32_t data);
uint32_t virtio_config_modern_readb(VirtIODevice *vdev, uint32_t addr);
uint32_t virtio_config_modern_readw(VirtIODevice *vdev, uint32_t addr);
uint32_t virtio_config_modern_readl(VirtIODevice *vdev, uint32_t addr);
void virtio_config_modern_writeb(VirtIODevice *vdev, uint32_t addr,
                                 uint32_t data);
void virtio_config_modern_writew(VirtIODevice *vdev, uint32_t addr,
                                 uint32_t data);
void virtio_config_modern_writel(VirtIODevice *vdev, uint32_t addr,
                                 uint32_t data);

/*
 * Notifications to the driver.  virtio_notify raises the queue's vector
 * unless the driver suppressed it (flags or event index, and
 * NOTIFY_ON_EMPTY for legacy drivers); it sets VIRTIO_ISR_QUEUE.
 * virtio_notify_config bumps the generation, sets VIRTIO_ISR_CONFIG and
 * raises config_vector (only once DRIVER_OK is set).
 */
void virtio_notify(VirtIODevice *vdev, VirtQueue *vq);
void virtio_notify_config(VirtIODevice *vdev);
/* Raise @vector on the transport (no ISR change, no suppression). */
void virtio_notify_vector(VirtIODevice *vdev, uint16_t vector);
/* Read the ISR and clear it (the transport lowers INTx itself). */
uint8_t virtio_isr_read_and_clear(VirtIODevice *vdev);

/*
 * Queues.  virtio_add_queue takes the first unused slot with a maximum
 * (and initial) size of @queue_size (a power of two, at most
 * VIRTQUEUE_MAX_SIZE); virtio_del_queue frees slot @n.
 */
VirtQueue *virtio_add_queue(VirtIODevice *vdev, int queue_size,
                            VirtIOHandleOutput handle_output);
void virtio_del_queue(VirtIODevice *vdev, int n);
void virtio_delete_queue(VirtQueue *vq);
VirtQueue *virtio_get_queue(VirtIODevice *vdev, int n);
int virtio_get_num_queues(VirtIODevice *vdev);   /* slots in use */
int virtio_get_queue_index(VirtQueue *vq);
VirtIODevice *virtio_queue_get_vdev(VirtQueue *vq);

/* Transport side of a queue (n out of range: ignored / 0). */
void virtio_queue_set_num(VirtIODevice *vdev, int n, int num);
int virtio_queue_get_num(VirtIODevice *vdev, int n);
int virtio_queue_get_max_num(VirtIODevice *vdev, int n);
/* Modern: the three areas (split: desc/avail/used; packed: descriptor
 * ring / driver event area / device event area). */
void virtio_queue_set_rings(VirtIODevice *vdev, int n, hwaddr desc,
                            hwaddr avail, hwaddr used);
hwaddr virtio_queue_get_desc_addr(VirtIODevice *vdev, int n);
hwaddr virtio_queue_get_avail_addr(VirtIODevice *vdev, int n);
hwaddr virtio_queue_get_used_addr(VirtIODevice *vdev, int n);
/* Legacy: one address, the avail ring after the descriptors and the used
 * ring at the next VIRTIO_PCI_VRING_ALIGN boundary; 0 disables. */
void virtio_queue_set_addr(VirtIODevice *vdev, int n, hwaddr addr);
hwaddr virtio_queue_get_addr(VirtIODevice *vdev, int n);
void virtio_queue_set_vector(VirtIODevice *vdev, int n, uint16_t vector);
uint16_t virtio_queue_vector(VirtIODevice *vdev, int n);
/* Per-queue enable (legacy: set by a nonzero address).  A disabled
 * queue is never popped. */
void virtio_queue_set_enabled(VirtIODevice *vdev, int n, bool enabled);
bool virtio_queue_enabled(VirtIODevice *vdev, int n);
/*
 * The driver enabled queue @n (modern queue_enable): the queue is
 * enabled and the device's queue_enable hook runs.  Refused (false)
 * for an absent queue, or while a queue reset of @n is still in
 * progress.
 */
bool virtio_queue_enable(VirtIODevice *vdev, uint32_t n);
/*
 * Per-queue reset (VIRTIO_F_RING_RESET; the transport checks that it
 * was negotiated): the device's queue_reset hook runs, then queue @n goes
 * back to its power-on state: no rings, size at its maximum, disabled,
 * no vector (the transport releases the one it mapped first), indices
 * and wrap counters at the start, no pending kick.  Elements the device
 * popped before are stale from now on: the device may still finish them
 * (writing into their buffers) but they are dropped when used, never put
 * in a ring; until the last one is back the reset is in progress
 * (virtio_queue_reset_in_progress) and the queue cannot be enabled.
 */
void virtio_queue_reset(VirtIODevice *vdev, uint32_t n);
bool virtio_queue_reset_in_progress(VirtIODevice *vdev, uint32_t n);

/*
 * The driver kicked queue @n.  virtio_queue_notify runs its handler now
 * (from inside the guest's register access); virtio_queue_notify_deferred
 * marks the queue and runs the handler from a bottom half, as an
 * ioeventfd would: after the access returns, before the main loop reads
 * anything else.  Kicks of absent queues, of a broken device, or of a
 * queue not ready when its turn comes are dropped.
 */
void virtio_queue_notify(VirtIODevice *vdev, int n);
void virtio_queue_notify_deferred(VirtIODevice *vdev, int n);

/* Device side of a queue. */
bool virtio_queue_ready(VirtQueue *vq);    /* enabled with a ring */
bool virtio_queue_empty(VirtQueue *vq);    /* nothing to pop */
/* Ask (true) or tell the driver not to (false) kick this queue. */
void virtio_queue_set_notification(VirtQueue *vq, int enable);
/* NULL when empty, broken, or the ring is malformed (then broken). */
void *virtqueue_pop(VirtQueue *vq, size_t sz);
/* Mark @elem used with @len bytes written, at used position +@idx. */
void virtqueue_fill(VirtQueue *vq, const VirtQueueElement *elem,
                    unsigned int len, unsigned int idx);
/* Publish @count filled elements to the driver. */
void virtqueue_flush(VirtQueue *vq, unsigned int count);
/* fill(idx 0) + flush(1). */
void virtqueue_push(VirtQueue *vq, const VirtQueueElement *elem,
                    unsigned int len);
/* Unmap @elem without using it (the caller still frees it). */
void virtqueue_detach_element(VirtQueue *vq, const VirtQueueElement *elem,
                              unsigned int len);
/* Put @elem back: the next pop returns it again. */
void virtqueue_unpop(VirtQueue *vq, const VirtQueueElement *elem,
                     unsigned int len);

/* ioeventfd: the notifier a transport wires to a queue's notify
 * address; virtio_bus_set_host_notifier (virtio-bus.h) assigns it. */
EventNotifier *virtio_queue_get_host_notifier(VirtQueue *vq);

/* Copy helpers between an iovec array and a flat buffer. */
size_t iov_from_buf(const struct iovec *iov, unsigned int iov_cnt,
                    size_t offset, const void *buf, size_t bytes);
size_t iov_to_buf(const struct iovec *iov, unsigned int iov_cnt,
                  size_t offset, void *buf, size_t bytes);
size_t iov_size(const struct iovec *iov, unsigned int iov_cnt);

#endif
