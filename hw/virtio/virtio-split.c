/*
 * Virtio split virtqueues (Virtio 1.2 section 2.7): the descriptor
 * table, the available ring the driver fills and the used ring the
 * device fills, with indirect descriptors and notification suppression
 * by flags or by event index.  Every value read from the rings is
 * checked; a malformed ring breaks the device through virtio_error().
 */
#include "util/osdep.h"
#include "virtio-internal.h"

/* Offsets inside the rings. */
#define AVAIL_FLAGS         0
#define AVAIL_IDX           2
#define AVAIL_RING(i)       (4 + 2 * (uint64_t)(i))
#define USED_FLAGS          0
#define USED_IDX            2
#define USED_RING(i)        (4 + 8 * (uint64_t)(i))

/* used_event is the entry after the available ring, avail_event the
 * entry after the used ring. */
#define AVAIL_USED_EVENT(vq)    AVAIL_RING((vq)->num)
#define USED_AVAIL_EVENT(vq)    USED_RING((vq)->num)

static bool split_read16(VirtQueue *vq, hwaddr addr, uint16_t *val,
                         const char *what)
{
    return !virtio_dma_failed(vq, lduw_le_dma(vq->vdev->dma_as, addr, val,
                                              VIRTIO_ATTRS), what);
}

static bool split_write16(VirtQueue *vq, hwaddr addr, uint16_t val,
                          const char *what)
{
    return !virtio_dma_failed(vq, stw_le_dma(vq->vdev->dma_as, addr, val,
                                             VIRTIO_ATTRS), what);
}

static bool split_avail_idx(VirtQueue *vq, uint16_t *idx)
{
    return split_read16(vq, vq->avail + AVAIL_IDX, idx, "the available ring");
}

static bool split_read_desc(VirtQueue *vq, hwaddr table, unsigned int i,
                            VirtioDesc *d)
{
    uint8_t raw[VRING_DESC_SIZE];

    if (virtio_dma_failed(vq, dma_memory_read(vq->vdev->dma_as,
                                              table + i * VRING_DESC_SIZE,
                                              raw, sizeof(raw),
                                              VIRTIO_ATTRS),
                          "a descriptor")) {
        return false;
    }
    d->addr = virtio_ld64(raw);
    d->len = virtio_ld32(raw + 8);
    d->flags = virtio_ld16(raw + 12);
    d->next = virtio_ld16(raw + 14);
    d->id = 0;
    return true;
}

bool virtio_split_empty(VirtQueue *vq)
{
    uint16_t idx;

    if (!split_avail_idx(vq, &idx)) {
        return true;
    }
    return idx == vq->last_avail_idx;
}

/*
 * Walk the chain starting at @head into @b.  Chains may not loop or be
 * longer than their table (queue size, or the indirect table's length);
 * an indirect descriptor must be the head, alone, and of a sane size.
 */
static bool split_walk_chain(VirtQueue *vq, unsigned int head,
                             VirtioElemBuilder *b)
{
    VirtIODevice *vdev = vq->vdev;
    hwaddr table = vq->desc;
    unsigned int max = vq->num;
    unsigned int count = 0;
    unsigned int i = head;
    VirtioDesc d;

    if (!split_read_desc(vq, table, i, &d)) {
        return false;
    }
    if (d.flags & VRING_DESC_F_INDIRECT) {
        if (!virtio_vdev_has_feature(vdev, VIRTIO_RING_F_INDIRECT_DESC)) {
            virtio_error(vdev, "queue %d: indirect descriptor without "
                         "INDIRECT_DESC", vq->index);
            return false;
        }
        if (d.flags & VRING_DESC_F_NEXT) {
            virtio_error(vdev, "queue %d: indirect descriptor with NEXT",
                         vq->index);
            return false;
        }
        if (d.len == 0 || d.len % VRING_DESC_SIZE ||
            d.len / VRING_DESC_SIZE > VIRTQUEUE_MAX_SIZE) {
            virtio_error(vdev, "queue %d: indirect table of bad size %u",
                         vq->index, d.len);
            return false;
        }
        if (!dma_range_ok(d.addr, d.len)) {
            virtio_error(vdev, "queue %d: indirect table wraps around",
                         vq->index);
            return false;
        }
        table = d.addr;
        max = d.len / VRING_DESC_SIZE;
        i = 0;
        if (!split_read_desc(vq, table, i, &d)) {
            return false;
        }
    }

    for (;;) {
        if (++count > max) {
            virtio_error(vdev, "queue %d: descriptor chain loops or is "
                         "longer than its table", vq->index);
            return false;
        }
        if (d.flags & VRING_DESC_F_INDIRECT) {
            virtio_error(vdev, "queue %d: indirect descriptor inside a "
                         "chain or an indirect table", vq->index);
            return false;
        }
        if (!virtio_elem_add_desc(vq, b, &d)) {
            return false;
        }
        if (!(d.flags & VRING_DESC_F_NEXT)) {
            return true;
        }
        i = d.next;
        if (i >= max) {
            virtio_error(vdev, "queue %d: next descriptor %u out of range",
                         vq->index, i);
            return false;
        }
        if (!split_read_desc(vq, table, i, &d)) {
            return false;
        }
    }
}

VirtQueueElement *virtio_split_pop(VirtQueue *vq, size_t sz)
{
    VirtIODevice *vdev = vq->vdev;
    VirtioElemBuilder b = { 0 };
    uint16_t avail_idx, head;

    if (!split_avail_idx(vq, &avail_idx)) {
        return NULL;
    }
    if ((uint16_t)(avail_idx - vq->last_avail_idx) > vq->num) {
        virtio_error(vdev, "queue %d: available index moved by %u, more "
                     "than the queue size", vq->index,
                     (uint16_t)(avail_idx - vq->last_avail_idx));
        return NULL;
    }
    if (avail_idx == vq->last_avail_idx) {
        return NULL;
    }
    if (!split_read16(vq, vq->avail + AVAIL_RING(vq->last_avail_idx %
                                                 vq->num),
                      &head, "the available ring")) {
        return NULL;
    }
    if (head >= vq->num) {
        virtio_error(vdev, "queue %d: head descriptor %u out of range",
                     vq->index, head);
        return NULL;
    }
    vq->last_avail_idx++;
    if (virtio_vdev_has_feature(vdev, VIRTIO_RING_F_EVENT_IDX) &&
        vq->notification) {
        uint64_t epoch = vq->epoch;

        /* Kick me again once the driver adds past what I have taken. */
        if (!split_write16(vq, vq->used + USED_AVAIL_EVENT(vq),
                           vq->last_avail_idx, "the used ring") ||
            virtio_queue_changed(vq, epoch)) {
            return NULL;
        }
    }
    if (!split_walk_chain(vq, head, &b)) {
        virtio_elem_builder_unmap(vq, &b);
        return NULL;
    }
    return virtio_elem_finish(&b, sz, head, 1);
}

void virtio_split_unpop(VirtQueue *vq)
{
    vq->last_avail_idx--;
}

void virtio_split_flush(VirtQueue *vq, unsigned int count)
{
    AddressSpace *as = vq->vdev->dma_as;
    uint64_t epoch = vq->epoch;
    uint16_t old = vq->used_idx;
    uint16_t new_idx = old + count;
    unsigned int i;

    for (i = 0; i < count && i < vq->num_max; i++) {
        const VirtQueueUsed ue = vq->used_elems[i];
        hwaddr e = vq->used + USED_RING((uint16_t)(old + i) % vq->num);

        if (!ue.valid) {
            continue;
        }
        if (virtio_dma_failed(vq, stl_le_dma(as, e, ue.index, VIRTIO_ATTRS),
                              "the used ring") ||
            virtio_queue_changed(vq, epoch) ||
            virtio_dma_failed(vq, stl_le_dma(as, e + 4, ue.len,
                                             VIRTIO_ATTRS),
                              "the used ring") ||
            virtio_queue_changed(vq, epoch)) {
            return;
        }
    }
    /* The entries first, then the index that publishes them. */
    if (!split_write16(vq, vq->used + USED_IDX, new_idx, "the used ring") ||
        virtio_queue_changed(vq, epoch)) {
        return;
    }
    vq->used_idx = new_idx;
    /* If the index wrapped past the last signalled position, the saved
     * one no longer tells which events were crossed. */
    if ((int16_t)(new_idx - vq->signalled_used) < (uint16_t)(new_idx - old)) {
        vq->signalled_used_valid = false;
    }
}

void virtio_split_set_notification(VirtQueue *vq, bool enable)
{
    uint16_t v;

    if (virtio_vdev_has_feature(vq->vdev, VIRTIO_RING_F_EVENT_IDX)) {
        if (enable && split_avail_idx(vq, &v)) {
            split_write16(vq, vq->used + USED_AVAIL_EVENT(vq), v,
                          "the used ring");
        }
        return;
    }
    if (!split_read16(vq, vq->used + USED_FLAGS, &v, "the used ring")) {
        return;
    }
    if (enable) {
        v &= ~VRING_USED_F_NO_NOTIFY;
    } else {
        v |= VRING_USED_F_NO_NOTIFY;
    }
    split_write16(vq, vq->used + USED_FLAGS, v, "the used ring");
}

bool virtio_split_should_notify(VirtQueue *vq)
{
    VirtIODevice *vdev = vq->vdev;
    uint16_t old, new_idx, event, flags;
    bool valid;

    /* Legacy drivers may ask for an interrupt whenever the queue runs
     * dry, whatever they suppressed. */
    if (virtio_vdev_has_feature(vdev, VIRTIO_F_NOTIFY_ON_EMPTY) &&
        !vq->inuse && virtio_split_empty(vq)) {
        return true;
    }
    if (!virtio_vdev_has_feature(vdev, VIRTIO_RING_F_EVENT_IDX)) {
        if (!split_read16(vq, vq->avail + AVAIL_FLAGS, &flags,
                          "the available ring")) {
            return false;
        }
        return !(flags & VRING_AVAIL_F_NO_INTERRUPT);
    }
    valid = vq->signalled_used_valid;
    old = vq->signalled_used;
    new_idx = vq->signalled_used = vq->used_idx;
    vq->signalled_used_valid = true;
    if (!split_read16(vq, vq->avail + AVAIL_USED_EVENT(vq), &event,
                      "the available ring")) {
        return false;
    }
    return !valid || vring_need_event(event, new_idx, old);
}
