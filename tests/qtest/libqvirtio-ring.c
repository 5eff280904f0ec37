/*
 * libqvirtio ring drivers: the driver's side of split (Virtio 1.2
 * section 2.7) and packed (2.8) virtqueues, with direct and indirect
 * descriptor chains and notification suppression.  See libqvirtio.h.
 *
 * Split rings keep their free descriptors in a list threaded through
 * vq->free_ids (the "next" of each descriptor, mirrored in the guest
 * descriptors' next fields); packed rings keep a stack of free buffer
 * ids there instead.
 */
#include "util/osdep.h"
#include "libqvirtio.h"
#include "libqvirtio-internal.h"

/* Split ring offsets (2.7.5, 2.7.6, 2.7.8) */
#define DESC_ADDR           0
#define DESC_LEN            8
#define DESC_FLAGS          12
#define DESC_NEXT           14
#define PDESC_ID            12      /* packed (2.8.13) */
#define PDESC_FLAGS         14
#define AVAIL_FLAGS         0
#define AVAIL_IDX           2
#define AVAIL_RING(i)       (4 + 2 * (i))
#define USED_FLAGS          0
#define USED_IDX            2
#define USED_ELEM_ID(i)     (4 + 8 * (i))
#define USED_ELEM_LEN(i)    (8 + 8 * (i))
/* Packed event suppression structure (2.8.10) */
#define EVENT_OFF_WRAP      0
#define EVENT_FLAGS         2
#define EVENT_WRAP_SHIFT    15

void qvring_init_state(QVirtQueue *vq)
{
    uint16_t i;

    vq->free_ids = g_new0(uint16_t, vq->size);
    vq->chain_len = g_new0(uint16_t, vq->size);
    vq->indirect = g_new0(uint64_t, vq->size);
    vq->in_flight = g_new0(bool, vq->size);
    vq->num_free = vq->size;
    if (vq->packed) {
        /* Buffer ids handed out from the top of the stack: 0 first. */
        for (i = 0; i < vq->size; i++) {
            vq->free_ids[i] = vq->size - 1 - i;
        }
        vq->nfree_ids = vq->size;
        vq->avail_wrap = true;      /* 2.8.1: both counters start at 1 */
        vq->used_wrap = true;
    } else {
        for (i = 0; i < vq->size; i++) {
            vq->free_ids[i] = i + 1;
        }
        vq->free_head = 0;
    }
}

void qvring_free_state(QVirtQueue *vq)
{
    uint16_t i;

    for (i = 0; i < vq->size; i++) {
        if (vq->in_flight[i] && vq->indirect[i]) {
            qguest_free(vq->vdev->alloc, vq->indirect[i]);
        }
    }
    g_free(vq->free_ids);
    g_free(vq->chain_len);
    g_free(vq->indirect);
    g_free(vq->in_flight);
}

uint16_t qvirtqueue_num_free(QVirtQueue *vq)
{
    return vq->num_free;
}

/* An indirect table holding @bufs (split and packed share the layout of
 * addr and len; the flags and next/id fields differ). */
static uint64_t write_indirect(QVirtQueue *vq, const QVirtBuf *bufs, int n)
{
    QTestState *qts = vq->vdev->qts;
    uint64_t table = qguest_alloc(vq->vdev->alloc, QVRING_DESC_SIZE * n, 16);
    int i;

    for (i = 0; i < n; i++) {
        uint64_t d = table + QVRING_DESC_SIZE * i;
        uint16_t flags = bufs[i].write ? QVRING_DESC_F_WRITE : 0;

        qtest_writeq(qts, d + DESC_ADDR, bufs[i].addr);
        qtest_writel(qts, d + DESC_LEN, bufs[i].len);
        if (vq->packed) {
            /* 2.8.19: in a packed indirect table NEXT is not used. */
            qtest_writew(qts, d + PDESC_ID, 0);
            qtest_writew(qts, d + PDESC_FLAGS, flags);
        } else {
            if (i + 1 < n) {
                flags |= QVRING_DESC_F_NEXT;
            }
            qtest_writew(qts, d + DESC_FLAGS, flags);
            qtest_writew(qts, d + DESC_NEXT, i + 1 < n ? i + 1 : 0);
        }
    }
    return table;
}

/* Split */

static uint16_t split_add(QVirtQueue *vq, const QVirtBuf *bufs, int n,
                          bool indirect)
{
    QTestState *qts = vq->vdev->qts;
    uint16_t slots = indirect ? 1 : n;
    uint16_t head = vq->free_head, cur = head;
    int i;

    g_assert_cmpuint(vq->num_free, >=, slots);
    for (i = 0; i < slots; i++) {
        uint64_t d = vq->desc + QVRING_DESC_SIZE * cur;
        uint16_t flags;

        if (indirect) {
            vq->indirect[head] = write_indirect(vq, bufs, n);
            qtest_writeq(qts, d + DESC_ADDR, vq->indirect[head]);
            qtest_writel(qts, d + DESC_LEN, QVRING_DESC_SIZE * n);
            flags = QVRING_DESC_F_INDIRECT;
        } else {
            qtest_writeq(qts, d + DESC_ADDR, bufs[i].addr);
            qtest_writel(qts, d + DESC_LEN, bufs[i].len);
            flags = bufs[i].write ? QVRING_DESC_F_WRITE : 0;
        }
        if (i + 1 < slots) {
            flags |= QVRING_DESC_F_NEXT;
        }
        qtest_writew(qts, d + DESC_FLAGS, flags);
        qtest_writew(qts, d + DESC_NEXT, vq->free_ids[cur]);
        cur = vq->free_ids[cur];
    }
    vq->free_head = cur;
    vq->num_free -= slots;
    vq->chain_len[head] = slots;
    vq->in_flight[head] = true;

    /* Publish: ring entry first, then the index (2.7.13). */
    qtest_writew(qts, vq->avail + AVAIL_RING(vq->avail_idx % vq->size), head);
    vq->avail_idx++;
    qtest_writew(qts, vq->avail + AVAIL_IDX, vq->avail_idx);
    return head;
}

static bool split_kick(QVirtQueue *vq)
{
    QTestState *qts = vq->vdev->qts;
    uint16_t old = vq->kicked_idx, new_idx = vq->avail_idx;
    bool need;

    vq->kicked_idx = new_idx;
    if (vq->event_idx) {
        /* avail_event sits after the used ring (2.7.10). */
        uint16_t event = qtest_readw(qts, vq->used +
                                     USED_ELEM_ID(vq->size));
        need = qvring_need_event(event, new_idx, old);
    } else {
        need = !(qtest_readw(qts, vq->used + USED_FLAGS) &
                 QVRING_USED_F_NO_NOTIFY);
    }
    return need;
}

static bool split_get_used(QVirtQueue *vq, uint16_t *id, uint32_t *len)
{
    QTestState *qts = vq->vdev->qts;
    uint16_t idx = qtest_readw(qts, vq->used + USED_IDX);
    uint16_t slot, head, cur, i;
    uint32_t elem_id;

    if (idx == vq->last_used_idx) {
        return false;
    }
    slot = vq->last_used_idx % vq->size;
    elem_id = qtest_readl(qts, vq->used + USED_ELEM_ID(slot));
    *len = qtest_readl(qts, vq->used + USED_ELEM_LEN(slot));
    g_assert_cmpuint(elem_id, <, vq->size);
    head = elem_id;
    g_assert(vq->in_flight[head]);
    vq->last_used_idx++;

    /* Give the chain's descriptors back to the front of the free list. */
    cur = head;
    for (i = 1; i < vq->chain_len[head]; i++) {
        cur = vq->free_ids[cur];
    }
    vq->free_ids[cur] = vq->free_head;
    vq->free_head = head;
    vq->num_free += vq->chain_len[head];
    vq->in_flight[head] = false;
    qguest_free(vq->vdev->alloc, vq->indirect[head]);
    vq->indirect[head] = 0;
    *id = head;
    return true;
}

/* Packed */

static uint16_t packed_avail_flags(bool wrap)
{
    /* 2.8.1: AVAIL equal to the wrap counter, USED its inverse. */
    return wrap ? QVRING_PACKED_DESC_F_AVAIL : QVRING_PACKED_DESC_F_USED;
}

static uint16_t packed_add(QVirtQueue *vq, const QVirtBuf *bufs, int n,
                           bool indirect)
{
    QTestState *qts = vq->vdev->qts;
    uint16_t slots = indirect ? 1 : n;
    uint16_t id, pos = vq->next_avail, head_flags = 0;
    uint64_t head_desc = vq->desc + QVRING_DESC_SIZE * pos;
    bool wrap = vq->avail_wrap;
    int i;

    g_assert_cmpuint(vq->num_free, >=, slots);
    g_assert_cmpuint(vq->nfree_ids, >, 0);
    id = vq->free_ids[--vq->nfree_ids];
    if (indirect) {
        vq->indirect[id] = write_indirect(vq, bufs, n);
    }
    for (i = 0; i < slots; i++) {
        uint64_t d = vq->desc + QVRING_DESC_SIZE * pos;
        uint16_t flags = packed_avail_flags(wrap);

        if (indirect) {
            qtest_writeq(qts, d + DESC_ADDR, vq->indirect[id]);
            qtest_writel(qts, d + DESC_LEN, QVRING_DESC_SIZE * n);
            flags |= QVRING_DESC_F_INDIRECT;
        } else {
            qtest_writeq(qts, d + DESC_ADDR, bufs[i].addr);
            qtest_writel(qts, d + DESC_LEN, bufs[i].len);
            flags |= bufs[i].write ? QVRING_DESC_F_WRITE : 0;
        }
        if (i + 1 < slots) {
            flags |= QVRING_DESC_F_NEXT;
        }
        qtest_writew(qts, d + PDESC_ID, id);
        /* The head's flags go last, making the whole chain visible. */
        if (i) {
            qtest_writew(qts, d + PDESC_FLAGS, flags);
        } else {
            head_flags = flags;
        }
        if (++pos == vq->size) {
            pos = 0;
            wrap = !wrap;
        }
    }
    qtest_writew(qts, head_desc + PDESC_FLAGS, head_flags);
    vq->next_avail = pos;
    vq->avail_wrap = wrap;
    vq->num_free -= slots;
    vq->num_added += slots;
    vq->chain_len[id] = slots;
    vq->in_flight[id] = true;
    return id;
}

static bool packed_kick(QVirtQueue *vq)
{
    QTestState *qts = vq->vdev->qts;
    uint16_t flags = qtest_readw(qts, vq->used + EVENT_FLAGS);
    uint16_t new_idx = vq->next_avail;
    uint16_t old = new_idx - vq->num_added;

    vq->num_added = 0;
    if (flags == QVRING_PACKED_EVENT_DESC && vq->event_idx) {
        uint16_t off_wrap = qtest_readw(qts, vq->used + EVENT_OFF_WRAP);
        uint16_t event = off_wrap & ~(1u << EVENT_WRAP_SHIFT);

        /* An event on the previous lap is size slots further back. */
        if (!!(off_wrap >> EVENT_WRAP_SHIFT) != vq->avail_wrap) {
            event -= vq->size;
        }
        return qvring_need_event(event, new_idx, old);
    }
    return flags != QVRING_PACKED_EVENT_DISABLE;
}

static bool packed_get_used(QVirtQueue *vq, uint16_t *id, uint32_t *len)
{
    QTestState *qts = vq->vdev->qts;
    uint64_t d = vq->desc + QVRING_DESC_SIZE * vq->last_used;
    uint16_t flags = qtest_readw(qts, d + PDESC_FLAGS);
    bool avail = flags & QVRING_PACKED_DESC_F_AVAIL;
    bool used = flags & QVRING_PACKED_DESC_F_USED;
    uint16_t bid, pos;

    if (avail != used || used != vq->used_wrap) {
        return false;
    }
    bid = qtest_readw(qts, d + PDESC_ID);
    *len = qtest_readl(qts, d + DESC_LEN);
    g_assert_cmpuint(bid, <, vq->size);
    g_assert(vq->in_flight[bid]);

    pos = vq->last_used + vq->chain_len[bid];
    if (pos >= vq->size) {
        pos -= vq->size;
        vq->used_wrap = !vq->used_wrap;
    }
    vq->last_used = pos;
    vq->num_free += vq->chain_len[bid];
    vq->in_flight[bid] = false;
    vq->free_ids[vq->nfree_ids++] = bid;
    qguest_free(vq->vdev->alloc, vq->indirect[bid]);
    vq->indirect[bid] = 0;
    *id = bid;
    return true;
}

/* Common entry points */

uint16_t qvirtqueue_add(QVirtQueue *vq, const QVirtBuf *bufs, int n,
                        bool indirect)
{
    g_assert_cmpint(n, >, 0);
    g_assert(!indirect || n <= vq->size);
    return vq->packed ? packed_add(vq, bufs, n, indirect) :
                        split_add(vq, bufs, n, indirect);
}

bool qvirtqueue_kick(QVirtQueue *vq)
{
    bool need = vq->packed ? packed_kick(vq) : split_kick(vq);

    if (need) {
        qvirtqueue_notify(vq);
    }
    return need;
}

bool qvirtqueue_get_used(QVirtQueue *vq, uint16_t *id, uint32_t *len)
{
    return vq->packed ? packed_get_used(vq, id, len) :
                        split_get_used(vq, id, len);
}

void qvirtqueue_set_used_event(QVirtQueue *vq, uint16_t idx)
{
    QTestState *qts = vq->vdev->qts;

    if (vq->packed) {
        /* @idx is the off_wrap value: offset and wrap counter bit 15. */
        qtest_writew(qts, vq->avail + EVENT_OFF_WRAP, idx);
        qtest_writew(qts, vq->avail + EVENT_FLAGS, QVRING_PACKED_EVENT_DESC);
        return;
    }
    /* used_event sits after the avail ring (2.7.10). */
    qtest_writew(qts, vq->avail + AVAIL_RING(vq->size), idx);
}

void qvirtqueue_disable_interrupts(QVirtQueue *vq, bool disable)
{
    QTestState *qts = vq->vdev->qts;

    if (vq->packed) {
        qtest_writew(qts, vq->avail + EVENT_FLAGS,
                     disable ? QVRING_PACKED_EVENT_DISABLE :
                               QVRING_PACKED_EVENT_ENABLE);
        return;
    }
    qtest_writew(qts, vq->avail + AVAIL_FLAGS,
                 disable ? QVRING_AVAIL_F_NO_INTERRUPT : 0);
}
