/*
 * The virtio core: the abstract virtio device (TYPE_VIRTIO_DEVICE),
 * feature negotiation, device status, configuration space, interrupts,
 * queue setup from the transport, and the ring-format independent part
 * of taking and completing requests (see include/hw/virtio/virtio.h).
 * The ring formats are in virtio-split.c and virtio-packed.c.
 */
#include "util/osdep.h"
#include "util/error.h"
#include "util/error-report.h"
#include "util/module.h"
#include "hw/core/qdev-properties.h"
#include "hw/virtio/virtio-bus.h"
#include "virtio-internal.h"

/* virtio_error logs at most this many messages per device per second. */
#define VIRTIO_ERROR_LOG_BURST      5
#define VIRTIO_ERROR_LOG_PERIOD_US  G_USEC_PER_SEC

/* ---- errors ---------------------------------------------------------- */

void virtio_error(VirtIODevice *vdev, const char *fmt, ...)
{
    int64_t now = g_get_monotonic_time();
    va_list ap;

    if (now - vdev->error_log_ns >= VIRTIO_ERROR_LOG_PERIOD_US) {
        vdev->error_log_ns = now;
        vdev->error_log_count = 0;
    }
    if (vdev->error_log_count++ < VIRTIO_ERROR_LOG_BURST) {
        g_autofree char *msg = NULL;

        va_start(ap, fmt);
        msg = g_strdup_vprintf(fmt, ap);
        va_end(ap);
        error_report("%s: guest error: %s", vdev->name ? vdev->name
                                                         : "virtio", msg);
    }

    if (vdev->broken) {
        return;
    }
    vdev->broken = true;
    /* Only VERSION_1 drivers know the NEEDS_RESET bit. */
    if (virtio_vdev_has_feature(vdev, VIRTIO_F_VERSION_1)) {
        vdev->status |= VIRTIO_CONFIG_S_NEEDS_RESET;
        virtio_notify_config(vdev);
    }
}

bool virtio_dma_failed(VirtQueue *vq, MemTxResult r, const char *what)
{
    if (r == MEMTX_OK) {
        return false;
    }
    virtio_error(vq->vdev, "queue %d: cannot access %s", vq->index, what);
    return true;
}

/* ---- iovec helpers --------------------------------------------------- */

size_t iov_size(const struct iovec *iov, unsigned int iov_cnt)
{
    size_t n = 0;
    unsigned int i;

    for (i = 0; i < iov_cnt; i++) {
        n += iov[i].iov_len;
    }
    return n;
}

static size_t iov_copy(const struct iovec *iov, unsigned int iov_cnt,
                       size_t offset, void *buf, size_t bytes, bool to_iov)
{
    size_t done = 0;
    unsigned int i;

    for (i = 0; i < iov_cnt && done < bytes; i++) {
        size_t n;

        if (offset >= iov[i].iov_len) {
            offset -= iov[i].iov_len;
            continue;
        }
        n = MIN(iov[i].iov_len - offset, bytes - done);
        if (to_iov) {
            memcpy((char *)iov[i].iov_base + offset, (char *)buf + done, n);
        } else {
            memcpy((char *)buf + done, (char *)iov[i].iov_base + offset, n);
        }
        done += n;
        offset = 0;
    }
    return done;
}

size_t iov_from_buf(const struct iovec *iov, unsigned int iov_cnt,
                    size_t offset, const void *buf, size_t bytes)
{
    return iov_copy(iov, iov_cnt, offset, (void *)buf, bytes, true);
}

size_t iov_to_buf(const struct iovec *iov, unsigned int iov_cnt,
                  size_t offset, void *buf, size_t bytes)
{
    return iov_copy(iov, iov_cnt, offset, buf, bytes, false);
}

/* ---- building elements ----------------------------------------------- */

bool virtio_elem_add_desc(VirtQueue *vq, VirtioElemBuilder *b,
                          const VirtioDesc *d)
{
    VirtIODevice *vdev = vq->vdev;
    bool is_write = d->flags & VRING_DESC_F_WRITE;
    DMADirection dir = is_write ? DMA_DIRECTION_FROM_DEVICE
                                : DMA_DIRECTION_TO_DEVICE;
    uint64_t addr = d->addr;
    uint64_t left = d->len;

    if (!is_write && b->in_num) {
        virtio_error(vdev, "queue %d: device-readable descriptor after a "
                     "device-writable one", vq->index);
        return false;
    }
    if (!dma_range_ok(addr, left)) {
        virtio_error(vdev, "queue %d: descriptor 0x%" PRIx64 "+0x%" PRIx64
                     " wraps around", vq->index, addr, left);
        return false;
    }
    b->total += left;
    if (b->total > UINT32_MAX) {
        virtio_error(vdev, "queue %d: descriptor chain longer than 4 GiB",
                     vq->index);
        return false;
    }
    while (left) {
        dma_addr_t len = left;
        void *p;
        unsigned int n = b->out_num + b->in_num;

        if (n == VIRTQUEUE_MAX_SG) {
            virtio_error(vdev, "queue %d: too many buffer segments",
                         vq->index);
            return false;
        }
        p = dma_memory_map(vdev->dma_as, addr, &len, dir, VIRTIO_ATTRS);
        if (!p || !len) {
            if (p) {
                dma_memory_unmap(vdev->dma_as, p, len, dir, 0);
            }
            virtio_error(vdev, "queue %d: buffer at 0x%" PRIx64
                         " is not in guest RAM", vq->index, addr);
            return false;
        }
        if (n == b->cap) {
            b->cap = b->cap ? b->cap * 2 : 16;
            b->addr = g_renew(hwaddr, b->addr, b->cap);
            b->sg = g_renew(struct iovec, b->sg, b->cap);
            b->is_write = g_renew(bool, b->is_write, b->cap);
        }
        b->addr[n] = addr;
        b->sg[n].iov_base = p;
        b->sg[n].iov_len = len;
        b->is_write[n] = is_write;
        if (is_write) {
            b->in_num++;
        } else {
            b->out_num++;
        }
        addr += len;
        left -= len;
    }
    return true;
}

static void virtio_builder_free(VirtioElemBuilder *b)
{
    g_free(b->addr);
    g_free(b->sg);
    g_free(b->is_write);
    memset(b, 0, sizeof(*b));
}

void virtio_elem_builder_unmap(VirtQueue *vq, VirtioElemBuilder *b)
{
    unsigned int i;

    for (i = 0; i < b->out_num + b->in_num; i++) {
        dma_memory_unmap(vq->vdev->dma_as, b->sg[i].iov_base,
                         b->sg[i].iov_len,
                         b->is_write[i] ? DMA_DIRECTION_FROM_DEVICE
                                        : DMA_DIRECTION_TO_DEVICE, 0);
    }
    virtio_builder_free(b);
}

VirtQueueElement *virtio_elem_finish(VirtioElemBuilder *b, size_t sz,
                                     unsigned int index, unsigned int ndescs)
{
    /* One allocation: the caller's struct, then the four arrays. */
    size_t head = VIRTIO_ALIGN_UP(MAX(sz, sizeof(VirtQueueElement)), 16);
    size_t total = b->out_num + b->in_num;
    size_t addr_off = head;
    size_t sg_off = addr_off + total * sizeof(hwaddr);
    char *mem = g_malloc0(sg_off + total * sizeof(struct iovec));
    VirtQueueElement *elem = (VirtQueueElement *)mem;
    unsigned int i, o = 0, n = 0;

    elem->index = index;
    elem->ndescs = ndescs;
    elem->out_num = b->out_num;
    elem->in_num = b->in_num;
    elem->out_addr = (hwaddr *)(mem + addr_off);
    elem->in_addr = elem->out_addr + b->out_num;
    elem->out_sg = (struct iovec *)(mem + sg_off);
    elem->in_sg = elem->out_sg + b->out_num;
    /* The builder keeps readable before writable already; copy in order. */
    for (i = 0; i < total; i++) {
        if (b->is_write[i]) {
            elem->in_addr[n] = b->addr[i];
            elem->in_sg[n++] = b->sg[i];
        } else {
            elem->out_addr[o] = b->addr[i];
            elem->out_sg[o++] = b->sg[i];
        }
    }
    virtio_builder_free(b);
    return elem;
}

/* ---- queues: device side --------------------------------------------- */

bool virtio_queue_ready(VirtQueue *vq)
{
    return vq->in_use && vq->enabled && vq->desc && vq->num;
}

bool virtio_queue_empty(VirtQueue *vq)
{
    if (!virtio_queue_ready(vq) || vq->vdev->broken) {
        return true;
    }
    return virtio_queue_packed(vq) ? virtio_packed_empty(vq)
                                   : virtio_split_empty(vq);
}

void *virtqueue_pop(VirtQueue *vq, size_t sz)
{
    VirtQueueElement *elem;

    g_assert(sz >= sizeof(VirtQueueElement));
    if (vq->vdev->broken || !virtio_queue_ready(vq)) {
        return NULL;
    }
    /* The device may legitimately hold every buffer; a driver that
     * offers more than that reuses descriptors the device still owns. */
    if (vq->inuse >= vq->num) {
        if (!virtio_queue_empty(vq)) {
            virtio_error(vq->vdev, "queue %d: more requests than the queue "
                         "holds", vq->index);
        }
        return NULL;
    }
    elem = virtio_queue_packed(vq) ? virtio_packed_pop(vq, sz)
                                   : virtio_split_pop(vq, sz);
    if (elem) {
        elem->epoch = vq->epoch;
        vq->inuse++;
    }
    return elem;
}

/*
 * Whether @elem was popped before its queue was last reset.  Such an
 * element is never used: its ring is gone, or is a new one the driver
 * set up since.  Each element comes back once (filled, detached or
 * unpopped), and a stale one is then counted off stale_inuse, which
 * ends a queue reset in progress when it reaches 0.
 */
static bool elem_stale(VirtQueue *vq, const VirtQueueElement *elem)
{
    if (elem->epoch == vq->epoch) {
        return false;
    }
    if (elem->epoch >= vq->stale_base && vq->stale_inuse) {
        vq->stale_inuse--;
    }
    return true;
}

static void virtqueue_unmap(VirtQueue *vq, const VirtQueueElement *elem,
                            unsigned int len)
{
    AddressSpace *as = vq->vdev->dma_as;
    unsigned int i;

    for (i = 0; i < elem->in_num; i++) {
        size_t n = MIN(len, elem->in_sg[i].iov_len);

        dma_memory_unmap(as, elem->in_sg[i].iov_base, elem->in_sg[i].iov_len,
                         DMA_DIRECTION_FROM_DEVICE, n);
        len -= n;
    }
    for (i = 0; i < elem->out_num; i++) {
        dma_memory_unmap(as, elem->out_sg[i].iov_base,
                         elem->out_sg[i].iov_len, DMA_DIRECTION_TO_DEVICE,
                         elem->out_sg[i].iov_len);
    }
}

void virtqueue_detach_element(VirtQueue *vq, const VirtQueueElement *elem,
                              unsigned int len)
{
    if (!elem_stale(vq, elem)) {
        vq->inuse -= vq->inuse > 0;
    }
    virtqueue_unmap(vq, elem, len);
}

void virtqueue_unpop(VirtQueue *vq, const VirtQueueElement *elem,
                     unsigned int len)
{
    /* A stale element's slot belongs to a ring that was reset. */
    if (elem->epoch == vq->epoch) {
        if (virtio_queue_packed(vq)) {
            virtio_packed_unpop(vq, elem->ndescs);
        } else {
            virtio_split_unpop(vq);
        }
    }
    virtqueue_detach_element(vq, elem, len);
}

void virtqueue_fill(VirtQueue *vq, const VirtQueueElement *elem,
                    unsigned int len, unsigned int idx)
{
    virtqueue_unmap(vq, elem, len);
    if (!vq->used_elems) {
        return;
    }
    /* A device filling past the queue is a device-model bug. */
    g_assert(idx < vq->num_max);
    if (elem_stale(vq, elem)) {
        vq->used_elems[idx] = (VirtQueueUsed) { .stale = true };
        return;
    }
    if (vq->vdev->broken) {
        return;
    }
    vq->used_elems[idx].index = elem->index;
    vq->used_elems[idx].len = len;
    vq->used_elems[idx].ndescs = elem->ndescs;
    vq->used_elems[idx].valid = true;
}

/*
 * Take the first @count filled entries: the valid ones move to the front,
 * in order (stale ones are left out), and everything else is cleared.
 * Returns how many are valid; *@current says how many were elements of
 * the queue's current epoch (the in-use ones they end).
 */
static unsigned int used_compact(VirtQueue *vq, unsigned int count,
                                 unsigned int *current)
{
    unsigned int i, n = 0;

    *current = 0;
    for (i = 0; i < count && i < vq->num_max; i++) {
        VirtQueueUsed ue = vq->used_elems[i];

        vq->used_elems[i] = (VirtQueueUsed) { 0 };
        if (ue.stale) {
            continue;
        }
        (*current)++;
        if (ue.valid) {
            vq->used_elems[n++] = ue;   /* n <= i: already cleared */
        }
    }
    return n;
}

void virtqueue_flush(VirtQueue *vq, unsigned int count)
{
    unsigned int current, n, i;
    uint64_t epoch = vq->epoch;

    if (!vq->used_elems) {
        return;
    }
    n = used_compact(vq, count, &current);
    if (n && !vq->vdev->broken && virtio_queue_ready(vq)) {
        if (virtio_queue_packed(vq)) {
            virtio_packed_flush(vq, n);
        } else {
            virtio_split_flush(vq, n);
        }
        if (virtio_queue_changed(vq, epoch)) {
            return;         /* reset under us: nothing left to account */
        }
    }
    for (i = 0; i < n; i++) {
        vq->used_elems[i].valid = false;
    }
    vq->inuse -= MIN(vq->inuse, current);
}

void virtqueue_push(VirtQueue *vq, const VirtQueueElement *elem,
                    unsigned int len)
{
    virtqueue_fill(vq, elem, len, 0);
    virtqueue_flush(vq, 1);
}

void virtio_queue_set_notification(VirtQueue *vq, int enable)
{
    vq->notification = enable;
    if (!virtio_queue_ready(vq) || vq->vdev->broken) {
        return;
    }
    if (virtio_queue_packed(vq)) {
        virtio_packed_set_notification(vq, enable);
    } else {
        virtio_split_set_notification(vq, enable);
    }
}

/* ---- notifications --------------------------------------------------- */

void virtio_notify_vector(VirtIODevice *vdev, uint16_t vector)
{
    BusState *qbus = DEVICE(vdev)->parent_bus;
    VirtioBusClass *k;

    if (!qbus) {
        return;
    }
    k = VIRTIO_BUS_GET_CLASS(qbus);
    if (k->notify) {
        k->notify(qbus->parent, vector);
    }
}

void virtio_notify(VirtIODevice *vdev, VirtQueue *vq)
{
    bool notify;

    if (!virtio_queue_ready(vq) || vdev->broken) {
        return;
    }
    notify = virtio_queue_packed(vq) ? virtio_packed_should_notify(vq)
                                     : virtio_split_should_notify(vq);
    if (!notify) {
        return;
    }
    vdev->isr |= VIRTIO_ISR_QUEUE;
    virtio_notify_vector(vdev, vq->vector);
}

void virtio_notify_config(VirtIODevice *vdev)
{
    if (!(vdev->status & VIRTIO_CONFIG_S_DRIVER_OK)) {
        return;
    }
    vdev->generation++;
    vdev->isr |= VIRTIO_ISR_CONFIG;
    virtio_notify_vector(vdev, vdev->config_vector);
}

uint8_t virtio_isr_read_and_clear(VirtIODevice *vdev)
{
    uint8_t isr = vdev->isr;

    vdev->isr = 0;
    return isr;
}

/* ---- queues: transport side ------------------------------------------ */

static VirtQueue *vq_at(VirtIODevice *vdev, int n)
{
    if (!vdev->vq || n < 0 || n >= VIRTIO_QUEUE_MAX || !vdev->vq[n].in_use) {
        return NULL;
    }
    return &vdev->vq[n];
}

/* The kicked-queue bitmap (VirtIODevice.kicked). */
static void kick_mark(VirtIODevice *vdev, int n)
{
    vdev->kicked[n / 64] |= 1ULL << (n % 64);
}

static void kick_clear(VirtIODevice *vdev, int n)
{
    vdev->kicked[n / 64] &= ~(1ULL << (n % 64));
}

static bool kicks_pending(const VirtIODevice *vdev)
{
    unsigned int w;

    for (w = 0; w < VIRTIO_KICK_WORDS; w++) {
        if (vdev->kicked[w]) {
            return true;
        }
    }
    return false;
}

/*
 * Queue @vq back to its power-on state.  Elements popped before become
 * stale (see elem_stale): a queue reset (@queue_reset) waits for them,
 * a device reset forgets them (the device's reset hook has finished
 * or dropped what it held).
 */
static void virtio_queue_reset_state(VirtQueue *vq, bool queue_reset)
{
    vq->epoch++;
    if (queue_reset) {
        vq->stale_inuse += vq->inuse;
    } else {
        vq->stale_inuse = 0;
        vq->stale_base = vq->epoch;
    }
    kick_clear(vq->vdev, vq->index);
    vq->desc = vq->avail = vq->used = 0;
    vq->num = vq->num_max;
    vq->enabled = false;
    vq->vector = VIRTIO_NO_VECTOR;
    vq->last_avail_idx = 0;
    vq->used_idx = 0;
    vq->last_avail_wrap = true;
    vq->used_wrap = true;
    vq->signalled_used = 0;
    vq->signalled_used_valid = false;
    vq->inuse = 0;
    vq->notification = true;
    if (vq->used_elems) {
        memset(vq->used_elems, 0, vq->num_max * sizeof(*vq->used_elems));
    }
}

VirtQueue *virtio_add_queue(VirtIODevice *vdev, int queue_size,
                            VirtIOHandleOutput handle_output)
{
    int i;

    g_assert(vdev->vq);
    g_assert(queue_size > 0 && queue_size <= VIRTQUEUE_MAX_SIZE);
    for (i = 0; i < VIRTIO_QUEUE_MAX; i++) {
        VirtQueue *vq = &vdev->vq[i];

        if (!vq->in_use) {
            vq->in_use = true;
            vq->num_max = queue_size;
            vq->handle_output = handle_output;
            vq->used_elems = g_new0(VirtQueueUsed, queue_size);
            virtio_queue_reset_state(vq, false);
            return vq;
        }
    }
    g_assert_not_reached();
}

void virtio_delete_queue(VirtQueue *vq)
{
    virtio_bus_queue_deleted(vq->vdev, vq->index);
    if (vq->host_notifier_assigned) {
        event_notifier_set_handler(&vq->host_notifier, NULL);
        event_notifier_cleanup(&vq->host_notifier);
        vq->host_notifier_assigned = false;
    }
    g_free(vq->used_elems);
    vq->used_elems = NULL;
    kick_clear(vq->vdev, vq->index);
    /* Elements popped from it are stale, and ring code in progress on it
     * stops (virtio_queue_changed). */
    vq->epoch++;
    vq->in_use = false;
    vq->num = vq->num_max = 0;
    vq->handle_output = NULL;
}

void virtio_del_queue(VirtIODevice *vdev, int n)
{
    VirtQueue *vq = vq_at(vdev, n);

    if (vq) {
        virtio_delete_queue(vq);
    }
}

VirtQueue *virtio_get_queue(VirtIODevice *vdev, int n)
{
    return vq_at(vdev, n);
}

int virtio_get_num_queues(VirtIODevice *vdev)
{
    int i, n = 0;

    for (i = 0; vdev->vq && i < VIRTIO_QUEUE_MAX; i++) {
        n += vdev->vq[i].in_use;
    }
    return n;
}

int virtio_get_queue_index(VirtQueue *vq)
{
    return vq->index;
}

VirtIODevice *virtio_queue_get_vdev(VirtQueue *vq)
{
    return vq->vdev;
}

void virtio_queue_set_num(VirtIODevice *vdev, int n, int num)
{
    VirtQueue *vq = vq_at(vdev, n);

    /* The driver may only shrink a queue; split rings need a power of
     * two, packed rings any size.  Other values are ignored. */
    if (!vq || num <= 0 || (unsigned)num > vq->num_max) {
        return;
    }
    if (!virtio_vdev_has_feature(vdev, VIRTIO_F_RING_PACKED) &&
        (num & (num - 1))) {
        return;
    }
    vq->num = num;
}

int virtio_queue_get_num(VirtIODevice *vdev, int n)
{
    VirtQueue *vq = vq_at(vdev, n);

    return vq ? (int)vq->num : 0;
}

int virtio_queue_get_max_num(VirtIODevice *vdev, int n)
{
    VirtQueue *vq = vq_at(vdev, n);

    return vq ? (int)vq->num_max : 0;
}

void virtio_queue_set_rings(VirtIODevice *vdev, int n, hwaddr desc,
                            hwaddr avail, hwaddr used)
{
    VirtQueue *vq = vq_at(vdev, n);

    if (vq) {
        vq->desc = desc;
        vq->avail = avail;
        vq->used = used;
    }
}

hwaddr virtio_queue_get_desc_addr(VirtIODevice *vdev, int n)
{
    VirtQueue *vq = vq_at(vdev, n);

    return vq ? vq->desc : 0;
}

hwaddr virtio_queue_get_avail_addr(VirtIODevice *vdev, int n)
{
    VirtQueue *vq = vq_at(vdev, n);

    return vq ? vq->avail : 0;
}

hwaddr virtio_queue_get_used_addr(VirtIODevice *vdev, int n)
{
    VirtQueue *vq = vq_at(vdev, n);

    return vq ? vq->used : 0;
}

void virtio_queue_set_addr(VirtIODevice *vdev, int n, hwaddr addr)
{
    VirtQueue *vq = vq_at(vdev, n);
    uint64_t avail_end;

    if (!vq) {
        return;
    }
    if (!addr) {
        virtio_queue_set_rings(vdev, n, 0, 0, 0);
        vq->enabled = false;
        return;
    }
    avail_end = addr + (uint64_t)vq->num * VRING_DESC_SIZE +
                VRING_AVAIL_SIZE(vq->num);
    virtio_queue_set_rings(vdev, n, addr, addr + vq->num * VRING_DESC_SIZE,
                           VIRTIO_ALIGN_UP(avail_end, VIRTIO_PCI_VRING_ALIGN));
    vq->enabled = true;
}

hwaddr virtio_queue_get_addr(VirtIODevice *vdev, int n)
{
    return virtio_queue_get_desc_addr(vdev, n);
}

void virtio_queue_set_vector(VirtIODevice *vdev, int n, uint16_t vector)
{
    VirtQueue *vq = vq_at(vdev, n);

    if (vq) {
        vq->vector = vector;
    }
}

uint16_t virtio_queue_vector(VirtIODevice *vdev, int n)
{
    VirtQueue *vq = vq_at(vdev, n);

    return vq ? vq->vector : VIRTIO_NO_VECTOR;
}

void virtio_queue_set_enabled(VirtIODevice *vdev, int n, bool enabled)
{
    VirtQueue *vq = vq_at(vdev, n);

    if (vq) {
        vq->enabled = enabled;
    }
}

bool virtio_queue_enabled(VirtIODevice *vdev, int n)
{
    VirtQueue *vq = vq_at(vdev, n);

    return vq && vq->enabled;
}

/* Queue @n as the transport names it (n out of range: NULL). */
static VirtQueue *vq_at_u(VirtIODevice *vdev, uint32_t n)
{
    return n < VIRTIO_QUEUE_MAX ? vq_at(vdev, n) : NULL;
}

bool virtio_queue_enable(VirtIODevice *vdev, uint32_t n)
{
    VirtioDeviceClass *k = VIRTIO_DEVICE_GET_CLASS(vdev);
    VirtQueue *vq = vq_at_u(vdev, n);

    if (!vq || vq->stale_inuse) {
        return false;
    }
    vq->enabled = true;
    if (k->queue_enable) {
        k->queue_enable(vdev, n);
    }
    return true;
}

void virtio_queue_reset(VirtIODevice *vdev, uint32_t n)
{
    VirtioDeviceClass *k = VIRTIO_DEVICE_GET_CLASS(vdev);
    VirtQueue *vq = vq_at_u(vdev, n);

    if (!vq) {
        return;
    }
    if (k->queue_reset) {
        k->queue_reset(vdev, n);
    }
    virtio_queue_reset_state(vq, true);
}

bool virtio_queue_reset_in_progress(VirtIODevice *vdev, uint32_t n)
{
    VirtQueue *vq = vq_at_u(vdev, n);

    return vq && vq->stale_inuse;
}

/*
 * Rounds of kicks a handler may cause through its own rings before the
 * device gives up on the driver: rings in RAM never kick.
 */
#define MAX_NESTED_NOTIFY_ROUNDS 64

/*
 * The object whose memory holds @vdev: the device itself, or, when it is
 * embedded in its transport proxy (no free function of its own), the
 * proxy.  Held while handlers run, so that a handler that gets the
 * device unplugged does not pull the memory from under the loop.
 */
static Object *virtio_memory_owner(VirtIODevice *vdev)
{
    Object *obj = OBJECT(vdev);

    while (!obj->free && obj->parent) {
        obj = obj->parent;
    }
    return obj;
}

/*
 * Run the handlers of the marked queues, in rounds: the queues marked
 * when a round starts, then those their handlers kicked meanwhile, until
 * none is left.  Every handler may reset or unplug the device (a ring can
 * point at any register), so nothing is kept across a handler call.
 */
static void run_kicked_queues(VirtIODevice *vdev)
{
    Object *owner = virtio_memory_owner(vdev);
    int rounds = 0;

    object_ref(owner);
    vdev->in_notify = true;
    while (vdev->vq && kicks_pending(vdev)) {
        uint64_t batch[VIRTIO_KICK_WORDS];
        unsigned int w;

        if (++rounds > MAX_NESTED_NOTIFY_ROUNDS) {
            memset(vdev->kicked, 0, sizeof(vdev->kicked));
            virtio_error(vdev, "rings keep notifying their own device");
            break;
        }
        memcpy(batch, vdev->kicked, sizeof(batch));
        memset(vdev->kicked, 0, sizeof(vdev->kicked));
        for (w = 0; w < VIRTIO_KICK_WORDS; w++) {
            while (batch[w] && vdev->vq) {
                int n = w * 64 + __builtin_ctzll(batch[w]);
                VirtQueue *vq = &vdev->vq[n];

                batch[w] &= batch[w] - 1;
                if (vq->in_use && !vdev->broken && virtio_queue_ready(vq) &&
                    vq->handle_output) {
                    vq->handle_output(vdev, vq);
                }
            }
        }
    }
    vdev->in_notify = false;
    object_unref(owner);
}

/* Mark queue @n kicked; false if the kick is to be dropped now. */
static bool virtio_queue_kick(VirtIODevice *vdev, int n)
{
    VirtQueue *vq = vq_at(vdev, n);

    if (!vq || vdev->broken || !vq->handle_output) {
        return false;
    }
    kick_mark(vdev, n);
    return true;
}

void virtio_queue_notify(VirtIODevice *vdev, int n)
{
    VirtQueue *vq = vq_at(vdev, n);

    if (!vq || !virtio_queue_ready(vq) || !virtio_queue_kick(vdev, n)) {
        return;
    }
    /* From a running handler's own ring writes: after it returns. */
    if (!vdev->in_notify) {
        run_kicked_queues(vdev);
    }
}

static void virtio_kick_bh(void *opaque)
{
    VirtIODevice *vdev = opaque;

    /* in_notify: a handler running now sees the marks itself. */
    if (!vdev->in_notify) {
        run_kicked_queues(vdev);
    }
}

void virtio_queue_notify_deferred(VirtIODevice *vdev, int n)
{
    if (!virtio_queue_kick(vdev, n) || vdev->in_notify) {
        return;
    }
    if (!vdev->kick_bh) {
        vdev->kick_bh = bh_new(virtio_kick_bh, vdev);
    }
    bh_schedule(vdev->kick_bh);
}

EventNotifier *virtio_queue_get_host_notifier(VirtQueue *vq)
{
    return &vq->host_notifier;
}

/* ---- config space ---------------------------------------------------- */

static bool config_access(VirtIODevice *vdev, uint32_t addr, unsigned size)
{
    VirtioDeviceClass *k = VIRTIO_DEVICE_GET_CLASS(vdev);

    if (!vdev->config || (uint64_t)addr + size > vdev->config_len) {
        return false;
    }
    if (k->get_config) {
        k->get_config(vdev, vdev->config);
    }
    return true;
}

static uint32_t config_read(VirtIODevice *vdev, uint32_t addr, unsigned size)
{
    uint32_t val = 0;

    if (!config_access(vdev, addr, size)) {
        return size == 4 ? UINT32_MAX : (1u << (size * 8)) - 1;
    }
    /* Little-endian, as both modern and (on x86) legacy want. */
    for (unsigned i = 0; i < size; i++) {
        val |= (uint32_t)vdev->config[addr + i] << (8 * i);
    }
    return val;
}

static void config_write(VirtIODevice *vdev, uint32_t addr, unsigned size,
                         uint32_t data)
{
    VirtioDeviceClass *k = VIRTIO_DEVICE_GET_CLASS(vdev);

    if (!config_access(vdev, addr, size)) {
        return;
    }
    for (unsigned i = 0; i < size; i++) {
        vdev->config[addr + i] = data >> (8 * i);
    }
    if (k->set_config) {
        k->set_config(vdev, vdev->config);
    }
}

uint32_t virtio_config_readb(VirtIODevice *vdev, uint32_t addr)
{
    return config_read(vdev, addr, 1);
}

uint32_t virtio_config_readw(VirtIODevice *vdev, uint32_t addr)
{
    return config_read(vdev, addr, 2);
}

uint32_t virtio_config_readl(VirtIODevice *vdev, uint32_t addr)
{
    return config_read(vdev, addr, 4);
}

void virtio_config_writeb(VirtIODevice *vdev, uint32_t addr, uint32_t data)
{
    config_write(vdev, addr, 1, data);
}

void virtio_config_writew(VirtIODevice *vdev, uint32_t addr, uint32_t data)
{
    config_write(vdev, addr, 2, data);
}

void virtio_config_writel(VirtIODevice *vdev, uint32_t addr, uint32_t data)
{
    config_write(vdev, addr, 4, data);
}

uint32_t virtio_config_modern_readb(VirtIODevice *vdev, uint32_t addr)
{
    return config_read(vdev, addr, 1);
}

uint32_t virtio_config_modern_readw(VirtIODevice *vdev, uint32_t addr)
{
    return config_read(vdev, addr, 2);
}

uint32_t virtio_config_modern_readl(VirtIODevice *vdev, uint32_t addr)
{
    return config_read(vdev, addr, 4);
}

void virtio_config_modern_writeb(VirtIODevice *vdev, uint32_t addr,
                                 uint32_t data)
{
    config_write(vdev, addr, 1, data);
}

void virtio_config_modern_writew(VirtIODevice *vdev, uint32_t addr,
                                 uint32_t data)
{
    config_write(vdev, addr, 2, data);
}

void virtio_config_modern_writel(VirtIODevice *vdev, uint32_t addr,
                                 uint32_t data)
{
    config_write(vdev, addr, 4, data);
}

/* ---- status, features, reset ----------------------------------------- */

int virtio_set_features(VirtIODevice *vdev, uint64_t val)
{
    VirtioDeviceClass *k = VIRTIO_DEVICE_GET_CLASS(vdev);

    if (vdev->status & VIRTIO_CONFIG_S_FEATURES_OK) {
        return -EINVAL;
    }
    /* A legacy driver acking the never-offered BAD_FEATURE bit is broken;
     * it gets nothing it did not get offered. */
    vdev->guest_features = val & vdev->host_features;
    if (k->set_features) {
        k->set_features(vdev, vdev->guest_features);
    }
    return val == vdev->guest_features ? 0 : -EINVAL;
}

static bool virtio_features_ok(VirtIODevice *vdev)
{
    VirtioDeviceClass *k = VIRTIO_DEVICE_GET_CLASS(vdev);

    if (!virtio_vdev_has_feature(vdev, VIRTIO_F_VERSION_1)) {
        return false;
    }
    if ((vdev->guest_features & ~vdev->host_features) != 0) {
        return false;
    }
    return !k->validate_features || k->validate_features(vdev) == 0;
}

int virtio_set_status(VirtIODevice *vdev, uint8_t val)
{
    VirtioDeviceClass *k = VIRTIO_DEVICE_GET_CLASS(vdev);
    int ret = 0;

    if (val == 0) {
        virtio_reset(vdev);
        return 0;
    }
    if ((val & VIRTIO_CONFIG_S_FEATURES_OK) &&
        !(vdev->status & VIRTIO_CONFIG_S_FEATURES_OK) &&
        !virtio_features_ok(vdev)) {
        /* Refused: the driver sees FEATURES_OK stay clear. */
        val &= ~VIRTIO_CONFIG_S_FEATURES_OK;
        ret = -EINVAL;
    }
    /* NEEDS_RESET is the device's to set; the driver cannot clear it. */
    val = (val & ~VIRTIO_CONFIG_S_NEEDS_RESET) |
          (vdev->status & VIRTIO_CONFIG_S_NEEDS_RESET);
    if (k->set_status) {
        k->set_status(vdev, val);
    }
    if (val & VIRTIO_CONFIG_S_DRIVER_OK) {
        vdev->started = true;
    }
    vdev->status = val;
    return ret;
}

bool virtio_device_started(VirtIODevice *vdev)
{
    return !vdev->broken && (vdev->status & VIRTIO_CONFIG_S_DRIVER_OK);
}

void virtio_reset(void *opaque)
{
    VirtIODevice *vdev = opaque;
    VirtioDeviceClass *k = VIRTIO_DEVICE_GET_CLASS(vdev);
    int i;

    if (k->set_status && vdev->status) {
        k->set_status(vdev, 0);
    }
    if (k->reset) {
        k->reset(vdev);
    }
    vdev->broken = false;
    vdev->started = false;
    vdev->status = 0;
    vdev->isr = 0;
    vdev->queue_sel = 0;
    vdev->guest_features = 0;
    vdev->config_vector = VIRTIO_NO_VECTOR;
    for (i = 0; vdev->vq && i < VIRTIO_QUEUE_MAX; i++) {
        if (vdev->vq[i].in_use) {
            virtio_queue_reset_state(&vdev->vq[i], false);
        }
    }
    /* Kicks from before the reset are dropped with the rings. */
    memset(vdev->kicked, 0, sizeof(vdev->kicked));
    if (vdev->kick_bh) {
        bh_cancel(vdev->kick_bh);
    }
}

/* ---- the device type ------------------------------------------------- */

void virtio_init(VirtIODevice *vdev, uint16_t device_id, size_t config_size)
{
    int i;

    vdev->device_id = device_id;
    vdev->name = object_get_typename(OBJECT(vdev));
    g_free(vdev->config);
    vdev->config_len = config_size;
    vdev->config = config_size ? g_malloc0(config_size) : NULL;
    if (!vdev->vq) {
        vdev->vq = g_new0(VirtQueue, VIRTIO_QUEUE_MAX);
        for (i = 0; i < VIRTIO_QUEUE_MAX; i++) {
            vdev->vq[i].vdev = vdev;
            vdev->vq[i].index = i;
            vdev->vq[i].vector = VIRTIO_NO_VECTOR;
        }
    }
    vdev->config_vector = VIRTIO_NO_VECTOR;
    vdev->status = 0;
    vdev->isr = 0;
}

void virtio_cleanup(VirtIODevice *vdev)
{
    int i;

    for (i = 0; vdev->vq && i < VIRTIO_QUEUE_MAX; i++) {
        if (vdev->vq[i].in_use) {
            virtio_delete_queue(&vdev->vq[i]);
        }
    }
    g_free(vdev->vq);
    vdev->vq = NULL;
    memset(vdev->kicked, 0, sizeof(vdev->kicked));
    /* A kick still pending goes with the device. */
    bh_delete(vdev->kick_bh);
    vdev->kick_bh = NULL;
    g_free(vdev->config);
    vdev->config = NULL;
    vdev->config_len = 0;
}

void virtio_instance_init_common(Object *proxy_obj, void *data,
                                 size_t vdev_size, const char *vdev_name)
{
    object_initialize_child(proxy_obj, "virtio-backend", data, vdev_size,
                            vdev_name);
}

static void virtio_device_realize(DeviceState *dev, Error **errp)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    VirtioDeviceClass *k = VIRTIO_DEVICE_GET_CLASS(dev);
    Error *err = NULL;

    virtio_init(vdev, k->device_id, k->config_len);
    if (k->realize) {
        k->realize(dev, &err);
        if (err) {
            error_propagate(errp, err);
            virtio_cleanup(vdev);
            return;
        }
    }
    if (!virtio_bus_device_plugged(vdev, errp)) {
        if (k->unrealize) {
            k->unrealize(dev);
        }
        virtio_cleanup(vdev);
    }
}

static void virtio_device_unrealize(DeviceState *dev)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    VirtioDeviceClass *k = VIRTIO_DEVICE_GET_CLASS(dev);

    virtio_bus_device_unplugged(vdev);
    if (k->unrealize) {
        k->unrealize(dev);
    }
    virtio_cleanup(vdev);
}

static void virtio_device_reset(DeviceState *dev)
{
    virtio_reset(VIRTIO_DEVICE(dev));
}

static void virtio_device_finalize(Object *obj)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(obj);

    /* Normally unrealize has done this already. */
    virtio_cleanup(vdev);
}

/*
 * The transport-independent feature properties every virtio device has
 * (qemu's names).  Modern-only bits (VERSION_1) are the transport's.
 */
static const Property virtio_properties[] = {
    DEFINE_PROP_BIT64("indirect_desc", VirtIODevice, host_features,
                      VIRTIO_RING_F_INDIRECT_DESC, true),
    DEFINE_PROP_BIT64("event_idx", VirtIODevice, host_features,
                      VIRTIO_RING_F_EVENT_IDX, true),
    DEFINE_PROP_BIT64("notify_on_empty", VirtIODevice, host_features,
                      VIRTIO_F_NOTIFY_ON_EMPTY, true),
    DEFINE_PROP_BIT64("any_layout", VirtIODevice, host_features,
                      VIRTIO_F_ANY_LAYOUT, true),
    DEFINE_PROP_BIT64("iommu_platform", VirtIODevice, host_features,
                      VIRTIO_F_IOMMU_PLATFORM, false),
    DEFINE_PROP_BIT64("packed", VirtIODevice, host_features,
                      VIRTIO_F_RING_PACKED, false),
    DEFINE_PROP_BIT64("queue_reset", VirtIODevice, host_features,
                      VIRTIO_F_RING_RESET, true),
    DEFINE_PROP_BOOL("use-disabled-flag", VirtIODevice, use_disabled_flag,
                     true),
    DEFINE_PROP_BOOL("use-started", VirtIODevice, use_started, true),
    DEFINE_PROP_BOOL("x-disable-legacy-check", VirtIODevice,
                     disable_legacy_check, false),
};

static void virtio_device_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = virtio_device_realize;
    dc->unrealize = virtio_device_unrealize;
    dc->reset = virtio_device_reset;
    dc->bus_type = TYPE_VIRTIO_BUS;
    device_class_set_props(dc, virtio_properties);
}

static const TypeInfo virtio_device_info = {
    .name = TYPE_VIRTIO_DEVICE,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(VirtIODevice),
    .instance_finalize = virtio_device_finalize,
    .class_size = sizeof(VirtioDeviceClass),
    .class_init = virtio_device_class_init,
    .abstract = true,
};

static void virtio_register_types(void)
{
    type_register_static(&virtio_device_info);
}

type_init(virtio_register_types)
