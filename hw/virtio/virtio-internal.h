/*
 * Virtio core internals shared by virtio.c and the two ring formats
 * (virtio-split.c, virtio-packed.c): the virtqueue state and the ring
 * operations each format provides.
 */
#ifndef HW_VIRTIO_VIRTIO_INTERNAL_H
#define HW_VIRTIO_VIRTIO_INTERNAL_H

#include "hw/virtio/virtio.h"

#define VIRTIO_ATTRS MEMTXATTRS_UNSPECIFIED
/* @x rounded up to a multiple of the power of two @a. */
#define VIRTIO_ALIGN_UP(x, a) (((x) + (a) - 1) & ~((uint64_t)(a) - 1))

/* At most this many iovecs per element (a descriptor may need several
 * when its range crosses RAM regions). */
#define VIRTQUEUE_MAX_SG        (4 * VIRTQUEUE_MAX_SIZE)

/* One filled, not yet flushed, used element. */
typedef struct VirtQueueUsed {
    unsigned int index;
    unsigned int len;
    unsigned int ndescs;
    bool valid;
    bool stale;                 /* popped before a queue reset: dropped */
} VirtQueueUsed;

struct VirtQueue {
    VirtIODevice *vdev;
    int index;
    bool in_use;                /* slot created by virtio_add_queue */
    unsigned int num;           /* current size (driver may shrink) */
    unsigned int num_max;       /* offered size */
    hwaddr desc;
    hwaddr avail;               /* packed: driver event area */
    hwaddr used;                /* packed: device event area */
    bool enabled;
    uint16_t vector;
    VirtIOHandleOutput handle_output;

    uint16_t last_avail_idx;    /* split: free-running; packed: slot */
    bool last_avail_wrap;       /* packed */
    uint16_t used_idx;          /* split: free-running; packed: slot */
    bool used_wrap;             /* packed */
    uint16_t signalled_used;
    bool signalled_used_valid;
    unsigned int inuse;         /* popped and not yet flushed */
    /*
     * Resets.  epoch counts them (every element records the epoch it was
     * popped in); stale_inuse counts the elements popped before a queue
     * reset and not yet back (a queue reset is in progress while there
     * are any).  A device reset forgets those: elements from before
     * stale_base are not counted.
     */
    uint64_t epoch;             /* also moves when the queue is deleted */
    uint64_t stale_base;
    unsigned int stale_inuse;
    bool notification;          /* the device wants kicks */
    VirtQueueUsed *used_elems;  /* num_max entries */

    EventNotifier host_notifier;
    bool host_notifier_assigned;
};

/* A descriptor, whatever the ring format. */
typedef struct VirtioDesc {
    uint64_t addr;
    uint32_t len;
    uint16_t id;                /* packed only */
    uint16_t flags;
    uint16_t next;              /* split only */
} VirtioDesc;

/* An element being built while walking a chain. */
typedef struct VirtioElemBuilder {
    unsigned int out_num, in_num;
    unsigned int cap;           /* entries allocated in the arrays */
    hwaddr *addr;
    struct iovec *sg;
    bool *is_write;
    uint64_t total;             /* bytes in the chain so far */
} VirtioElemBuilder;

static inline bool virtio_queue_packed(VirtQueue *vq)
{
    return virtio_vdev_has_feature(vq->vdev, VIRTIO_F_RING_PACKED);
}

/* Little-endian loads from a byte buffer (descriptors read whole). */
static inline uint16_t virtio_ld16(const uint8_t *p)
{
    return p[0] | (uint16_t)p[1] << 8;
}

static inline uint32_t virtio_ld32(const uint8_t *p)
{
    return virtio_ld16(p) | (uint32_t)virtio_ld16(p + 2) << 16;
}

static inline uint64_t virtio_ld64(const uint8_t *p)
{
    return virtio_ld32(p) | (uint64_t)virtio_ld32(p + 4) << 32;
}

/* virtio.c: add one descriptor's buffer to @b (maps guest memory);
 * false after virtio_error(). */
bool virtio_elem_add_desc(VirtQueue *vq, VirtioElemBuilder *b,
                          const VirtioDesc *d);
/* virtio.c: release @b's mappings (after an error) and its arrays. */
void virtio_elem_builder_unmap(VirtQueue *vq, VirtioElemBuilder *b);
/* virtio.c: turn @b into a g_malloc'ed element of @sz bytes; frees
 * @b's arrays. */
VirtQueueElement *virtio_elem_finish(VirtioElemBuilder *b, size_t sz,
                                     unsigned int index,
                                     unsigned int ndescs);
/* virtio.c: whether an access result is an error; logs it. */
/*
 * Whether @vq was reset or deleted since its epoch was @epoch.  Any DMA
 * write of ours may land on the device's own registers (a ring placed
 * over a BAR, or over a root port's slot control) and reset the device
 * under us; after each one, ring code checks this and stops.
 */
static inline bool virtio_queue_changed(const VirtQueue *vq, uint64_t epoch)
{
    return !vq->in_use || vq->epoch != epoch;
}

bool virtio_dma_failed(VirtQueue *vq, MemTxResult r, const char *what);

/* virtio-split.c */
bool virtio_split_empty(VirtQueue *vq);
VirtQueueElement *virtio_split_pop(VirtQueue *vq, size_t sz);
void virtio_split_flush(VirtQueue *vq, unsigned int count);
void virtio_split_set_notification(VirtQueue *vq, bool enable);
bool virtio_split_should_notify(VirtQueue *vq);
void virtio_split_unpop(VirtQueue *vq);

/* virtio-packed.c */
bool virtio_packed_empty(VirtQueue *vq);
VirtQueueElement *virtio_packed_pop(VirtQueue *vq, size_t sz);
void virtio_packed_flush(VirtQueue *vq, unsigned int count);
void virtio_packed_set_notification(VirtQueue *vq, bool enable);
bool virtio_packed_should_notify(VirtQueue *vq);
void virtio_packed_unpop(VirtQueue *vq, unsigned int ndescs);

/* The event index rule (Virtio 1.2 2.7.10): notify when the index the
 * other side asked about lies in (old, new]. */
static inline bool vring_need_event(uint16_t event_idx, uint16_t new_idx,
                                    uint16_t old_idx)
{
    return (uint16_t)(new_idx - event_idx - 1) <
           (uint16_t)(new_idx - old_idx);
}

#endif
