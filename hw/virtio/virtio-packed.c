/*
 * Virtio packed virtqueues (Virtio 1.2 section 2.8): one descriptor ring
 * the driver and the device share, ownership told by the AVAIL/USED flag
 * bits against each side's wrap counter, indirect tables, and event
 * suppression structures (driver and device areas) with flag or
 * descriptor-offset based suppression.  Every value read is checked; a
 * malformed ring breaks the device through virtio_error().
 */
#include "util/osdep.h"
#include "virtio-internal.h"

/* Descriptor field offsets. */
#define PDESC_ADDR          0
#define PDESC_LEN           8
#define PDESC_ID            12
#define PDESC_FLAGS         14
/* Event suppression structure offsets. */
#define EVENT_OFF_WRAP      0
#define EVENT_FLAGS         2

#define F_AVAIL             (1u << VRING_PACKED_DESC_F_AVAIL)
#define F_USED              (1u << VRING_PACKED_DESC_F_USED)

static hwaddr pdesc_addr(hwaddr table, unsigned int i)
{
    return table + (hwaddr)i * VRING_DESC_SIZE;
}

static bool packed_read_desc(VirtQueue *vq, hwaddr table, unsigned int i,
                             VirtioDesc *d)
{
    uint8_t raw[VRING_DESC_SIZE];

    if (virtio_dma_failed(vq, dma_memory_read(vq->vdev->dma_as,
                                              pdesc_addr(table, i), raw,
                                              sizeof(raw), VIRTIO_ATTRS),
                          "a descriptor")) {
        return false;
    }
    d->addr = virtio_ld64(raw + PDESC_ADDR);
    d->len = virtio_ld32(raw + PDESC_LEN);
    d->id = virtio_ld16(raw + PDESC_ID);
    d->flags = virtio_ld16(raw + PDESC_FLAGS);
    d->next = 0;
    return true;
}

/* Available to the device: AVAIL matches the wrap counter, USED not. */
static bool desc_is_avail(uint16_t flags, bool wrap)
{
    bool avail = flags & F_AVAIL;
    bool used = flags & F_USED;

    return avail == wrap && used != wrap;
}

static void packed_advance(VirtQueue *vq, uint16_t *idx, bool *wrap,
                           unsigned int n)
{
    unsigned int v = *idx + n;

    if (v >= vq->num) {
        v -= vq->num;
        *wrap = !*wrap;
    }
    *idx = v;
}

bool virtio_packed_empty(VirtQueue *vq)
{
    uint16_t flags;

    if (virtio_dma_failed(vq, lduw_le_dma(vq->vdev->dma_as,
                                          pdesc_addr(vq->desc,
                                                     vq->last_avail_idx) +
                                          PDESC_FLAGS, &flags, VIRTIO_ATTRS),
                          "a descriptor")) {
        return true;
    }
    return !desc_is_avail(flags, vq->last_avail_wrap);
}

/* Every entry of an indirect table, in order. */
static bool packed_walk_indirect(VirtQueue *vq, const VirtioDesc *ind,
                                 VirtioElemBuilder *b)
{
    VirtIODevice *vdev = vq->vdev;
    unsigned int i, n;
    VirtioDesc d;

    if (!virtio_vdev_has_feature(vdev, VIRTIO_RING_F_INDIRECT_DESC)) {
        virtio_error(vdev, "queue %d: indirect descriptor without "
                     "INDIRECT_DESC", vq->index);
        return false;
    }
    if (ind->flags & VRING_DESC_F_NEXT) {
        virtio_error(vdev, "queue %d: indirect descriptor with NEXT",
                     vq->index);
        return false;
    }
    if (ind->len == 0 || ind->len % VRING_DESC_SIZE ||
        ind->len / VRING_DESC_SIZE > VIRTQUEUE_MAX_SIZE ||
        !dma_range_ok(ind->addr, ind->len)) {
        virtio_error(vdev, "queue %d: indirect table of bad size %u",
                     vq->index, ind->len);
        return false;
    }
    n = ind->len / VRING_DESC_SIZE;
    for (i = 0; i < n; i++) {
        if (!packed_read_desc(vq, ind->addr, i, &d)) {
            return false;
        }
        if (d.flags & VRING_DESC_F_INDIRECT) {
            virtio_error(vdev, "queue %d: nested indirect table",
                         vq->index);
            return false;
        }
        if (!virtio_elem_add_desc(vq, b, &d)) {
            return false;
        }
    }
    return true;
}

VirtQueueElement *virtio_packed_pop(VirtQueue *vq, size_t sz)
{
    VirtIODevice *vdev = vq->vdev;
    VirtioElemBuilder b = { 0 };
    uint16_t idx = vq->last_avail_idx;
    bool wrap = vq->last_avail_wrap;
    unsigned int ndescs = 0;
    uint16_t id = 0;
    VirtioDesc d;

    if (!packed_read_desc(vq, vq->desc, idx, &d)) {
        return NULL;
    }
    if (!desc_is_avail(d.flags, wrap)) {
        return NULL;
    }
    if (d.flags & VRING_DESC_F_INDIRECT) {
        ndescs = 1;
        id = d.id;
        if (!packed_walk_indirect(vq, &d, &b)) {
            goto fail;
        }
    } else {
        for (;;) {
            if (++ndescs > vq->num) {
                virtio_error(vdev, "queue %d: descriptor chain longer than "
                             "the queue", vq->index);
                goto fail;
            }
            if (d.flags & VRING_DESC_F_INDIRECT) {
                virtio_error(vdev, "queue %d: indirect descriptor inside a "
                             "chain", vq->index);
                goto fail;
            }
            if (!virtio_elem_add_desc(vq, &b, &d)) {
                goto fail;
            }
            /* The buffer id is in the chain's last descriptor. */
            id = d.id;
            if (!(d.flags & VRING_DESC_F_NEXT)) {
                break;
            }
            packed_advance(vq, &idx, &wrap, 1);
            if (!packed_read_desc(vq, vq->desc, idx, &d)) {
                goto fail;
            }
        }
    }
    packed_advance(vq, &vq->last_avail_idx, &vq->last_avail_wrap, ndescs);
    if (vq->notification &&
        virtio_vdev_has_feature(vdev, VIRTIO_RING_F_EVENT_IDX)) {
        virtio_packed_set_notification(vq, true);
    }
    return virtio_elem_finish(&b, sz, id, ndescs);

fail:
    virtio_elem_builder_unmap(vq, &b);
    return NULL;
}

void virtio_packed_unpop(VirtQueue *vq, unsigned int ndescs)
{
    if (vq->last_avail_idx < ndescs) {
        vq->last_avail_idx += vq->num - ndescs;
        vq->last_avail_wrap = !vq->last_avail_wrap;
    } else {
        vq->last_avail_idx -= ndescs;
    }
}

void virtio_packed_flush(VirtQueue *vq, unsigned int count)
{
    AddressSpace *as = vq->vdev->dma_as;
    uint64_t epoch = vq->epoch;
    uint16_t idx = vq->used_idx;
    bool wrap = vq->used_wrap;
    hwaddr first = 0;
    uint16_t first_flags = 0;
    bool first_valid = count && vq->used_elems[0].valid;
    unsigned int i;

    for (i = 0; i < count && i < vq->num_max; i++) {
        const VirtQueueUsed ue = vq->used_elems[i];
        hwaddr a = pdesc_addr(vq->desc, idx);
        uint16_t flags = wrap ? (F_AVAIL | F_USED) : 0;

        if (!ue.valid) {
            continue;
        }
        if (virtio_dma_failed(vq, stw_le_dma(as, a + PDESC_ID, ue.index,
                                             VIRTIO_ATTRS),
                              "the descriptor ring") ||
            virtio_queue_changed(vq, epoch) ||
            virtio_dma_failed(vq, stl_le_dma(as, a + PDESC_LEN, ue.len,
                                             VIRTIO_ATTRS),
                              "the descriptor ring") ||
            virtio_queue_changed(vq, epoch)) {
            return;
        }
        /* The first element's flags go last: they publish the batch. */
        if (i == 0) {
            first = a;
            first_flags = flags;
        } else if (virtio_dma_failed(vq, stw_le_dma(as, a + PDESC_FLAGS,
                                                    flags, VIRTIO_ATTRS),
                                     "the descriptor ring") ||
                   virtio_queue_changed(vq, epoch)) {
            return;
        }
        packed_advance(vq, &idx, &wrap, ue.ndescs ? ue.ndescs : 1);
    }
    if (first_valid &&
        (virtio_dma_failed(vq, stw_le_dma(as, first + PDESC_FLAGS,
                                          first_flags, VIRTIO_ATTRS),
                           "the descriptor ring") ||
         virtio_queue_changed(vq, epoch))) {
        return;
    }
    vq->used_idx = idx;
    vq->used_wrap = wrap;
}

void virtio_packed_set_notification(VirtQueue *vq, bool enable)
{
    AddressSpace *as = vq->vdev->dma_as;
    uint16_t flags;

    if (!enable) {
        flags = VRING_PACKED_EVENT_FLAG_DISABLE;
    } else if (virtio_vdev_has_feature(vq->vdev, VIRTIO_RING_F_EVENT_IDX)) {
        uint16_t off_wrap = vq->last_avail_idx |
                            (uint16_t)vq->last_avail_wrap <<
                            VRING_PACKED_EVENT_F_WRAP_CTR;

        if (virtio_dma_failed(vq, stw_le_dma(as, vq->used + EVENT_OFF_WRAP,
                                             off_wrap, VIRTIO_ATTRS),
                              "the device event area")) {
            return;
        }
        flags = VRING_PACKED_EVENT_FLAG_DESC;
    } else {
        flags = VRING_PACKED_EVENT_FLAG_ENABLE;
    }
    virtio_dma_failed(vq, stw_le_dma(as, vq->used + EVENT_FLAGS, flags,
                                     VIRTIO_ATTRS), "the device event area");
}

bool virtio_packed_should_notify(VirtQueue *vq)
{
    AddressSpace *as = vq->vdev->dma_as;
    uint16_t flags, off_wrap, old, new_idx;
    bool valid;
    int off;

    if (virtio_dma_failed(vq, lduw_le_dma(as, vq->avail + EVENT_FLAGS,
                                          &flags, VIRTIO_ATTRS),
                          "the driver event area") ||
        virtio_dma_failed(vq, lduw_le_dma(as, vq->avail + EVENT_OFF_WRAP,
                                          &off_wrap, VIRTIO_ATTRS),
                          "the driver event area")) {
        return false;
    }
    valid = vq->signalled_used_valid;
    old = vq->signalled_used;
    new_idx = vq->signalled_used = vq->used_idx;
    vq->signalled_used_valid = true;

    if (flags == VRING_PACKED_EVENT_FLAG_DISABLE) {
        return false;
    }
    if (flags != VRING_PACKED_EVENT_FLAG_DESC ||
        !virtio_vdev_has_feature(vq->vdev, VIRTIO_RING_F_EVENT_IDX)) {
        return true;
    }
    /* An offset from the previous lap counts as a negative position. */
    off = off_wrap & ~(1u << VRING_PACKED_EVENT_F_WRAP_CTR);
    if ((bool)(off_wrap >> VRING_PACKED_EVENT_F_WRAP_CTR) != vq->used_wrap) {
        off -= vq->num;
    }
    return !valid || vring_need_event((uint16_t)off, new_idx, old);
}
