/*
 * virtio-net-device: the virtio network device (device ID 1).  Frames
 * the guest transmits go to the netdev peer; frames from the peer fill
 * the guest's receive buffers after the rx filter (promiscuous mode,
 * rx mode flags, the VLAN table, the MAC table).  The control queue
 * takes rx mode, MAC table and address, VLAN, announce, multiqueue and
 * guest offload commands; changes to the filter are announced with
 * NIC_RX_FILTER_CHANGED and reported by query-rx-filter.
 *
 * A netdev with N queues (tap,queues=N) gives N receive/transmit pairs,
 * each served by one netdev queue; the control queue follows pair 0
 * until the driver negotiates VIRTIO_NET_F_MQ and then all N pairs
 * (section 5.1.2), so the queue layout changes with the features.
 * Checksum and segmentation offloads are offered when the netdev
 * carries the virtio-net header (tap with vnet_hdr): the header then
 * passes through both ways and the netdev is told which offloads the
 * guest takes.
 */
#include "util/osdep.h"
#include "util/error.h"
#include "util/error-report.h"
#include "util/module.h"
#include "hw/core/qdev-properties.h"
#include "hw/net/virtio-net.h"

#define NS_PER_SEC              1000000000LL
/* The last byte of the default MAC grows with each NIC (as qemu). */
static const uint8_t default_mac[ETH_ALEN] = {
    0x52, 0x54, 0x00, 0x12, 0x34, 0x56
};
static unsigned int default_mac_index;

static const uint8_t broadcast_mac[ETH_ALEN] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff
};

/* IEEE 802.1Q: the tag's EtherType, then a TCI whose low 12 bits are
 * the VLAN ID. */
#define ETH_TYPE_VLAN           0x8100
#define VLAN_TAGGED_HLEN        (ETH_HLEN + 2)
#define VLAN_VID_MASK           0xfff

/* At most one guest-error line a second. */
static void CORVID_PRINTF(2, 3) vnet_guest_error(VirtIONet *n,
                                                 const char *fmt, ...)
{
    int64_t now = clock_get_ns(CLOCK_HOST);
    va_list ap;

    if (n->err_log_ns && now - n->err_log_ns < NS_PER_SEC) {
        return;
    }
    n->err_log_ns = now;
    va_start(ap, fmt);
    error_vreport(fmt, ap);
    va_end(ap);
}

static bool parse_mac(const char *s, uint8_t mac[ETH_ALEN])
{
    unsigned int b[ETH_ALEN];
    char tail;
    int i;

    if (strlen(s) != 17 ||
        sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
               &b[4], &b[5], &tail) != 6) {
        return false;
    }
    for (i = 0; i < ETH_ALEN; i++) {
        if (!g_ascii_isxdigit(s[i * 3]) || !g_ascii_isxdigit(s[i * 3 + 1]) ||
            (i < 5 && s[i * 3 + 2] != ':')) {
            return false;
        }
        mac[i] = b[i];
    }
    return true;
}

static void stw_le(uint8_t *p, uint16_t v)
{
    p[0] = v;
    p[1] = v >> 8;
}

static uint16_t lduw_le(const uint8_t *p)
{
    return p[0] | (p[1] << 8);
}

static uint64_t ldq_le(const uint8_t *p)
{
    uint64_t v = 0;
    int i;

    for (i = 7; i >= 0; i--) {
        v = (v << 8) | p[i];
    }
    return v;
}

static NetClientState *virtio_net_nc0(VirtIONet *n)
{
    return n->vqs ? n->vqs[0].nc : NULL;
}

/* The transport device (virtio-net-pci), or NULL when used bare. */
static DeviceState *virtio_net_proxy(VirtIONet *n)
{
    Object *parent = OBJECT(n)->parent;

    return parent && object_dynamic_cast(parent, TYPE_DEVICE) ?
           DEVICE(parent) : NULL;
}

/* The id the card was given (its transport's), or NULL. */
static const char *virtio_net_dev_id(VirtIONet *n)
{
    DeviceState *proxy = virtio_net_proxy(n);

    return proxy && proxy->id ? proxy->id : DEVICE(n)->id;
}

/* ---- queues: layout, pairs in use, offloads ---- */

static void virtio_net_handle_rx(VirtIODevice *vdev, VirtQueue *vq);
static void virtio_net_handle_tx(VirtIODevice *vdev, VirtQueue *vq);
static void virtio_net_handle_ctrl(VirtIODevice *vdev, VirtQueue *vq);

/*
 * Put @pairs receive/transmit pairs in front of the control queue
 * (section 5.1.2: it is queue 2N with MQ, else queue 2).
 */
static void virtio_net_set_layout(VirtIONet *n, uint16_t pairs)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(n);
    int i;

    if (pairs == n->layout_pairs) {
        return;
    }
    if (n->ctrl_vq_ptr) {
        virtio_del_queue(vdev, 2 * n->layout_pairs);
        n->ctrl_vq_ptr = NULL;
    }
    for (i = n->layout_pairs - 1; i >= pairs; i--) {
        virtio_del_queue(vdev, 2 * i + 1);
        virtio_del_queue(vdev, 2 * i);
        n->vqs[i].rx_vq = n->vqs[i].tx_vq = NULL;
        n->vqs[i].tx_waiting = false;
    }
    for (i = n->layout_pairs; i < pairs; i++) {
        n->vqs[i].rx_vq = virtio_add_queue(vdev, n->rx_queue_size,
                                           virtio_net_handle_rx);
        n->vqs[i].tx_vq = virtio_add_queue(vdev, n->tx_queue_size,
                                           virtio_net_handle_tx);
    }
    if (n->ctrl_vq) {
        n->ctrl_vq_ptr = virtio_add_queue(vdev, VIRTIO_NET_CTRL_QUEUE_SIZE,
                                          virtio_net_handle_ctrl);
    }
    n->layout_pairs = pairs;
}

/* Pairs the guest uses now: one until it sets more with MQ. */
static uint16_t virtio_net_active_pairs(VirtIONet *n)
{
    return n->multiqueue ? n->curr_queue_pairs : 1;
}

/* Attach the netdev queues in use, detach the others (tap queues). */
static void virtio_net_update_queues(VirtIONet *n)
{
    int i;

    for (i = 0; i < n->max_queue_pairs; i++) {
        qemu_set_queue_enabled(n->vqs[i].nc,
                               i < virtio_net_active_pairs(n));
    }
    for (i = 0; i < virtio_net_active_pairs(n); i++) {
        qemu_flush_queued_packets(n->vqs[i].nc);
    }
}

static void virtio_net_apply_offloads(VirtIONet *n)
{
    uint64_t o = n->curr_guest_offloads;
    NetOffloads off = {
        .csum = o & (1ULL << VIRTIO_NET_F_GUEST_CSUM),
        .tso4 = o & (1ULL << VIRTIO_NET_F_GUEST_TSO4),
        .tso6 = o & (1ULL << VIRTIO_NET_F_GUEST_TSO6),
        .ecn = o & (1ULL << VIRTIO_NET_F_GUEST_ECN),
        .ufo = o & (1ULL << VIRTIO_NET_F_GUEST_UFO),
    };
    int i;

    for (i = 0; n->has_vnet_hdr && i < n->max_queue_pairs; i++) {
        qemu_set_offload(n->vqs[i].nc, &off);
    }
}

/*
 * What the negotiated @features mean for the queues and the netdev:
 * the header length, the queue layout, the offloads.  Also run at
 * reset with no features.
 */
static void virtio_net_apply_features(VirtIONet *n, uint64_t features)
{
    bool ok = n->has_vnet_hdr;
    int i;

    n->guest_hdr_len =
        (virtio_has_feature(features, VIRTIO_F_VERSION_1) ||
         virtio_has_feature(features, VIRTIO_NET_F_MRG_RXBUF)) ?
        VIRTIO_NET_HDR_MRG_SIZE : VIRTIO_NET_HDR_SIZE;
    /* The header passes through when the netdev takes our length. */
    for (i = 0; ok && i < n->max_queue_pairs; i++) {
        ok = qemu_set_vnet_hdr_len(n->vqs[i].nc, n->guest_hdr_len);
    }
    for (i = 0; !ok && n->has_vnet_hdr && i < n->max_queue_pairs; i++) {
        qemu_set_vnet_hdr_len(n->vqs[i].nc, 0);
    }
    n->host_hdr_len = ok ? n->guest_hdr_len : 0;
    n->multiqueue = virtio_has_feature(features, VIRTIO_NET_F_MQ);
    /*
     * A driver that controls the VLAN table starts with it empty; for
     * any other every VLAN passes (qemu fills the table, and so does
     * query-rx-filter's "vlan-table").
     */
    memset(n->vlans,
           virtio_has_feature(features, VIRTIO_NET_F_CTRL_VLAN) ? 0 : 0xff,
           sizeof(n->vlans));
    virtio_net_set_layout(n, n->multiqueue ? n->max_queue_pairs : 1);
    virtio_net_update_queues(n);
    n->curr_guest_offloads = features & VIRTIO_NET_GUEST_OFFLOAD_MASK;
    virtio_net_apply_offloads(n);
}

/* ---- config and features ---- */

static void virtio_net_get_config(VirtIODevice *vdev, uint8_t *config)
{
    VirtIONet *n = VIRTIO_NET(vdev);

    memcpy(config + VIRTIO_NET_CFG_MAC, n->mac, ETH_ALEN);
    stw_le(config + VIRTIO_NET_CFG_STATUS, n->status);
    stw_le(config + VIRTIO_NET_CFG_MAX_VQ_PAIRS, n->max_queue_pairs);
    stw_le(config + VIRTIO_NET_CFG_MTU, n->host_mtu);
}

static void virtio_net_set_config(VirtIODevice *vdev, const uint8_t *config)
{
    VirtIONet *n = VIRTIO_NET(vdev);

    /* Legacy drivers without CTRL_MAC_ADDR set the MAC through config. */
    if (!virtio_vdev_has_feature(vdev, VIRTIO_NET_F_CTRL_MAC_ADDR) &&
        !virtio_vdev_has_feature(vdev, VIRTIO_F_VERSION_1)) {
        memcpy(n->mac, config + VIRTIO_NET_CFG_MAC, ETH_ALEN);
    }
}

static uint64_t virtio_net_get_features(VirtIODevice *vdev, uint64_t f,
                                        Error **errp)
{
    VirtIONet *n = VIRTIO_NET(vdev);

    NetClientState *nc = virtio_net_nc0(n);

    virtio_add_feature(&f, VIRTIO_NET_F_MAC);
    if (n->csum) {
        virtio_add_feature(&f, VIRTIO_NET_F_CSUM);
    }
    if (n->guest_csum) {
        virtio_add_feature(&f, VIRTIO_NET_F_GUEST_CSUM);
    }
    if (n->gso) {
        virtio_add_feature(&f, VIRTIO_NET_F_GSO);
    }
    if (n->guest_tso4) {
        virtio_add_feature(&f, VIRTIO_NET_F_GUEST_TSO4);
    }
    if (n->guest_tso6) {
        virtio_add_feature(&f, VIRTIO_NET_F_GUEST_TSO6);
    }
    if (n->guest_ecn) {
        virtio_add_feature(&f, VIRTIO_NET_F_GUEST_ECN);
    }
    if (n->guest_ufo) {
        virtio_add_feature(&f, VIRTIO_NET_F_GUEST_UFO);
    }
    if (n->host_tso4) {
        virtio_add_feature(&f, VIRTIO_NET_F_HOST_TSO4);
    }
    if (n->host_tso6) {
        virtio_add_feature(&f, VIRTIO_NET_F_HOST_TSO6);
    }
    if (n->host_ecn) {
        virtio_add_feature(&f, VIRTIO_NET_F_HOST_ECN);
    }
    if (n->host_ufo) {
        virtio_add_feature(&f, VIRTIO_NET_F_HOST_UFO);
    }
    if (n->status_prop) {
        virtio_add_feature(&f, VIRTIO_NET_F_STATUS);
    }
    if (n->mrg_rxbuf) {
        virtio_add_feature(&f, VIRTIO_NET_F_MRG_RXBUF);
    }
    if (n->host_mtu) {
        virtio_add_feature(&f, VIRTIO_NET_F_MTU);
    }
    if (n->ctrl_vq) {
        virtio_add_feature(&f, VIRTIO_NET_F_CTRL_VQ);
        if (n->ctrl_rx) {
            virtio_add_feature(&f, VIRTIO_NET_F_CTRL_RX);
        }
        if (n->ctrl_vlan) {
            virtio_add_feature(&f, VIRTIO_NET_F_CTRL_VLAN);
        }
        if (n->ctrl_rx_extra) {
            virtio_add_feature(&f, VIRTIO_NET_F_CTRL_RX_EXTRA);
        }
        if (n->ctrl_mac_addr) {
            virtio_add_feature(&f, VIRTIO_NET_F_CTRL_MAC_ADDR);
        }
        if (n->guest_announce) {
            virtio_add_feature(&f, VIRTIO_NET_F_GUEST_ANNOUNCE);
        }
        if (n->mq) {
            virtio_add_feature(&f, VIRTIO_NET_F_MQ);
        }
        if (n->ctrl_guest_offloads) {
            virtio_add_feature(&f, VIRTIO_NET_F_CTRL_GUEST_OFFLOADS);
        }
    }
    /*
     * Offloads need the header to reach a netdev that understands it;
     * qemu keeps offering the legacy GSO bit all the same.
     */
    if (!qemu_has_vnet_hdr(nc)) {
        f &= ~((1ULL << VIRTIO_NET_F_CSUM) | (1ULL << VIRTIO_NET_F_HOST_TSO4) |
               (1ULL << VIRTIO_NET_F_HOST_TSO6) |
               (1ULL << VIRTIO_NET_F_HOST_ECN) |
               (1ULL << VIRTIO_NET_F_GUEST_CSUM) |
               (1ULL << VIRTIO_NET_F_GUEST_TSO4) |
               (1ULL << VIRTIO_NET_F_GUEST_TSO6) |
               (1ULL << VIRTIO_NET_F_GUEST_ECN));
    }
    if (!qemu_has_vnet_hdr(nc) || !qemu_has_ufo(nc)) {
        f &= ~((1ULL << VIRTIO_NET_F_GUEST_UFO) |
               (1ULL << VIRTIO_NET_F_HOST_UFO));
    }
    return f;
}

static void virtio_net_set_features(VirtIODevice *vdev, uint64_t val)
{
    virtio_net_apply_features(VIRTIO_NET(vdev), val);
}

static void virtio_net_reset(VirtIODevice *vdev)
{
    VirtIONet *n = VIRTIO_NET(vdev);
    int i;

    /* qemu starts promiscuous until the driver says otherwise. */
    n->promisc = true;
    n->allmulti = n->alluni = n->nomulti = n->nouni = n->nobcast = false;
    n->uni_count = n->multi_count = 0;
    n->uni_overflow = n->multi_overflow = false;
    n->curr_queue_pairs = 1;
    n->status &= ~VIRTIO_NET_S_ANNOUNCE;
    memcpy(n->mac, n->conf_mac, ETH_ALEN);
    n->driver_ok = false;
    /* Frames held for the old driver (with its header length) go. */
    for (i = 0; n->vqs && i < n->max_queue_pairs; i++) {
        qemu_purge_queued_packets(n->vqs[i].nc);
    }
    virtio_net_apply_features(n, 0);
}

static void virtio_net_set_status(VirtIODevice *vdev, uint8_t val)
{
    VirtIONet *n = VIRTIO_NET(vdev);

    /* The core stores the status after this hook: keep our own copy so
     * that frames that waited for the driver can go in now. */
    n->driver_ok = val & VIRTIO_CONFIG_S_DRIVER_OK;
    if (n->driver_ok) {
        virtio_net_update_queues(n);
    }
}

/* ---- receive ---- */

static bool mac_in(const uint8_t *table, uint32_t count, const uint8_t *mac)
{
    uint32_t i;

    for (i = 0; i < count; i++) {
        if (!memcmp(table + i * ETH_ALEN, mac, ETH_ALEN)) {
            return true;
        }
    }
    return false;
}

/* Whether the guest wants a frame sent to @buf's destination. */
static bool virtio_net_filter(VirtIONet *n, const uint8_t *buf, size_t size)
{
    const uint8_t *dst = buf;

    if (n->promisc) {
        return true;
    }
    if (size < ETH_HLEN) {
        return false;
    }
    /* 802.1Q-tagged frames (only those: not 802.1ad) of VLANs not in the
     * table go, broadcasts included. */
    if (((buf[12] << 8) | buf[13]) == ETH_TYPE_VLAN) {
        uint16_t vid;

        if (size < VLAN_TAGGED_HLEN) {
            return false;
        }
        vid = ((buf[14] << 8) | buf[15]) & VLAN_VID_MASK;
        if (!(n->vlans[vid >> 5] & (1U << (vid & 31)))) {
            return false;
        }
    }
    if (!memcmp(dst, broadcast_mac, ETH_ALEN)) {
        return !n->nobcast;
    }
    if (dst[0] & 1) {
        if (n->nomulti) {
            return false;
        }
        return n->allmulti || n->multi_overflow ||
               mac_in(n->macs + n->uni_count * ETH_ALEN, n->multi_count,
                      dst);
    }
    if (n->nouni) {
        return false;
    }
    return n->alluni || n->uni_overflow ||
           !memcmp(dst, n->mac, ETH_ALEN) ||
           mac_in(n->macs, n->uni_count, dst);
}

static bool virtio_net_can_receive(NetClientState *nc)
{
    VirtIONet *n = nc->opaque_dev;
    VirtIODevice *vdev = VIRTIO_DEVICE(n);
    VirtQueue *vq = n->vqs[nc->queue_index].rx_vq;

    return !vdev->broken && n->driver_ok &&
           nc->queue_index < virtio_net_active_pairs(n) &&
           vq && virtio_queue_ready(vq);
}

static ssize_t virtio_net_receive(NetClientState *nc, const uint8_t *buf,
                                  size_t size)
{
    VirtIONet *n = nc->opaque_dev;
    VirtIODevice *vdev = VIRTIO_DEVICE(n);
    VirtQueue *vq = n->vqs[nc->queue_index].rx_vq;
    bool mrg = virtio_vdev_has_feature(vdev, VIRTIO_NET_F_MRG_RXBUF);
    VirtQueueElement *elems[VIRTQUEUE_MAX_SIZE];
    size_t lens[VIRTQUEUE_MAX_SIZE];
    uint8_t hdr[VIRTIO_NET_HDR_MRG_SIZE] = { 0 };
    size_t hdr_len = n->guest_hdr_len;
    const uint8_t *frame = buf;
    size_t flen = size, total, done = 0;
    unsigned int count = 0, i;

    if (!virtio_net_can_receive(nc)) {
        return 0;
    }
    if (n->host_hdr_len) {
        /* The netdev's header, for the offloads the guest accepted. */
        if (size < n->host_hdr_len) {
            return size;
        }
        memcpy(hdr, buf, n->host_hdr_len);
        frame += n->host_hdr_len;
        flen -= n->host_hdr_len;
        if (!(n->curr_guest_offloads &
              (1ULL << VIRTIO_NET_F_GUEST_CSUM))) {
            hdr[0] = 0;         /* flags must be 0 without GUEST_CSUM */
        }
    }
    if (!virtio_net_filter(n, frame, flen)) {
        return size;            /* not for us: dropped */
    }
    total = hdr_len + flen;
    while (done < total) {
        VirtQueueElement *e;
        size_t room, off = 0, chunk;

        if (count == VIRTQUEUE_MAX_SIZE ||
            !(e = virtqueue_pop(vq, sizeof(VirtQueueElement)))) {
            /* Not enough buffers now: put back and retry on a kick. */
            for (i = count; i > 0; i--) {
                virtqueue_unpop(vq, elems[i - 1], 0);
                g_free(elems[i - 1]);
            }
            virtio_queue_set_notification(vq, 1);
            return vdev->broken ? (ssize_t)size : 0;
        }
        room = iov_size(e->in_sg, e->in_num);
        if (room == 0 || (count == 0 && room < hdr_len)) {
            virtio_error(vdev, "virtio-net receive queue contains no in "
                         "buffers or too small ones");
            virtqueue_detach_element(vq, e, 0);
            g_free(e);
            for (i = count; i > 0; i--) {
                virtqueue_detach_element(vq, elems[i - 1], 0);
                g_free(elems[i - 1]);
            }
            return size;
        }
        if (count == 0) {
            off = hdr_len;
            done = hdr_len;
        }
        chunk = MIN(room - off, total - done);
        iov_from_buf(e->in_sg, e->in_num, off, frame + (done - hdr_len),
                     chunk);
        done += chunk;
        lens[count] = off + chunk;
        elems[count++] = e;
        if (!mrg) {
            break;              /* one buffer per frame: the rest is cut */
        }
    }
    stw_le(hdr + VIRTIO_NET_HDR_NUM_BUFFERS, count);
    iov_from_buf(elems[0]->in_sg, elems[0]->in_num, 0, hdr, hdr_len);
    for (i = 0; i < count; i++) {
        virtqueue_fill(vq, elems[i], lens[i], i);
        g_free(elems[i]);
    }
    virtqueue_flush(vq, count);
    virtio_notify(vdev, vq);
    return size;
}

static void virtio_net_handle_rx(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIONet *n = VIRTIO_NET(vdev);

    /* New buffers: frames that waited may go in. */
    qemu_flush_queued_packets(n->vqs[virtio_get_queue_index(vq) / 2].nc);
}

/* ---- transmit ---- */

static void virtio_net_handle_tx(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIONet *n = VIRTIO_NET(vdev);
    VirtIONetQueue *q = &n->vqs[virtio_get_queue_index(vq) / 2];
    size_t skip = n->guest_hdr_len - n->host_hdr_len;
    g_autofree uint8_t *frame = g_malloc(VIRTIO_NET_TX_MAX_FRAME +
                                         VIRTIO_NET_HDR_MRG_SIZE);
    bool pushed = false;
    VirtQueueElement *e;

    q->tx_waiting = false;
    for (;;) {
        /* A netdev that cannot keep up holds the rest in the ring. */
        if (qemu_net_peer_busy(q->nc)) {
            q->tx_waiting = true;
            break;
        }
        e = virtqueue_pop(vq, sizeof(*e));
        if (!e) {
            break;
        }
        size_t len = iov_size(e->out_sg, e->out_num);

        if (e->in_num || len < n->guest_hdr_len) {
            virtio_error(vdev, "virtio-net header not in first element or "
                         "too short");
            virtqueue_detach_element(vq, e, 0);
            g_free(e);
            return;
        }
        len -= n->guest_hdr_len;
        if (len > VIRTIO_NET_TX_MAX_FRAME) {
            vnet_guest_error(n, "virtio-net: dropping a %zu-byte frame "
                             "(more than %d bytes)", len,
                             VIRTIO_NET_TX_MAX_FRAME);
        } else {
            /* The header goes along when the netdev takes it. */
            len += n->host_hdr_len;
            iov_to_buf(e->out_sg, e->out_num, skip, frame, len);
            if (q->nc->peer) {
                qemu_send_packet(q->nc, frame, len);
            }
        }
        virtqueue_push(vq, e, 0);
        g_free(e);
        pushed = true;
    }
    if (pushed) {
        virtio_notify(vdev, vq);
    }
}

/* ---- control queue ---- */

static uint8_t ctrl_rx(VirtIONet *n, uint8_t cmd, const uint8_t *d,
                       size_t len)
{
    bool *flag;

    if (len != 1) {
        return VIRTIO_NET_ERR;
    }
    switch (cmd) {
    case VIRTIO_NET_CTRL_RX_PROMISC:
        flag = &n->promisc;
        break;
    case VIRTIO_NET_CTRL_RX_ALLMULTI:
        flag = &n->allmulti;
        break;
    case VIRTIO_NET_CTRL_RX_ALLUNI:
        flag = &n->alluni;
        break;
    case VIRTIO_NET_CTRL_RX_NOMULTI:
        flag = &n->nomulti;
        break;
    case VIRTIO_NET_CTRL_RX_NOUNI:
        flag = &n->nouni;
        break;
    case VIRTIO_NET_CTRL_RX_NOBCAST:
        flag = &n->nobcast;
        break;
    default:
        return VIRTIO_NET_ERR;
    }
    *flag = !!d[0];
    return VIRTIO_NET_OK;
}

/* One table: le32 entries, then the addresses; fills @out. */
static bool ctrl_mac_table(const uint8_t **d, size_t *len, uint8_t *out,
                           uint32_t room, uint32_t *count, bool *overflow)
{
    uint32_t entries;

    if (*len < 4) {
        return false;
    }
    entries = (*d)[0] | ((*d)[1] << 8) | ((*d)[2] << 16) |
              ((uint32_t)(*d)[3] << 24);
    *d += 4;
    *len -= 4;
    if (entries > *len / ETH_ALEN) {
        return false;
    }
    if (entries <= room) {
        memcpy(out, *d, entries * ETH_ALEN);
        *count = entries;
    } else {
        *count = 0;
        *overflow = true;
    }
    *d += entries * ETH_ALEN;
    *len -= entries * ETH_ALEN;
    return true;
}

static uint8_t ctrl_mac(VirtIONet *n, uint8_t cmd, const uint8_t *d,
                        size_t len)
{
    uint8_t macs[VIRTIO_NET_MAC_TABLE_ENTRIES * ETH_ALEN];
    uint32_t uni = 0, multi = 0;
    bool uni_over = false, multi_over = false;

    if (cmd == VIRTIO_NET_CTRL_MAC_ADDR_SET) {
        if (len != ETH_ALEN) {
            return VIRTIO_NET_ERR;
        }
        memcpy(n->mac, d, ETH_ALEN);
        return VIRTIO_NET_OK;
    }
    if (cmd != VIRTIO_NET_CTRL_MAC_TABLE_SET) {
        return VIRTIO_NET_ERR;
    }
    if (!ctrl_mac_table(&d, &len, macs, VIRTIO_NET_MAC_TABLE_ENTRIES,
                        &uni, &uni_over) ||
        !ctrl_mac_table(&d, &len, macs + uni * ETH_ALEN,
                        VIRTIO_NET_MAC_TABLE_ENTRIES - uni, &multi,
                        &multi_over) || len != 0) {
        return VIRTIO_NET_ERR;
    }
    memcpy(n->macs, macs, (uni + multi) * ETH_ALEN);
    n->uni_count = uni;
    n->multi_count = multi;
    n->uni_overflow = uni_over;
    n->multi_overflow = multi_over;
    return VIRTIO_NET_OK;
}

static uint8_t ctrl_vlan(VirtIONet *n, uint8_t cmd, const uint8_t *d,
                         size_t len)
{
    uint16_t vid;

    if (len != 2) {
        return VIRTIO_NET_ERR;
    }
    vid = lduw_le(d);
    if (vid >= VIRTIO_NET_MAX_VLAN) {
        return VIRTIO_NET_ERR;
    }
    if (cmd == VIRTIO_NET_CTRL_VLAN_ADD) {
        n->vlans[vid >> 5] |= 1U << (vid & 31);
    } else if (cmd == VIRTIO_NET_CTRL_VLAN_DEL) {
        n->vlans[vid >> 5] &= ~(1U << (vid & 31));
    } else {
        return VIRTIO_NET_ERR;
    }
    return VIRTIO_NET_OK;
}

static uint8_t ctrl_mq(VirtIONet *n, uint8_t cmd, const uint8_t *d,
                       size_t len)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(n);
    uint16_t pairs;

    if (cmd != VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET || len != 2 ||
        !virtio_vdev_has_feature(vdev, VIRTIO_NET_F_MQ)) {
        return VIRTIO_NET_ERR;
    }
    pairs = lduw_le(d);
    if (pairs < VIRTIO_NET_CTRL_MQ_VQ_PAIRS_MIN ||
        pairs > n->max_queue_pairs) {
        return VIRTIO_NET_ERR;
    }
    n->curr_queue_pairs = pairs;
    virtio_net_update_queues(n);
    return VIRTIO_NET_OK;
}

/* Section 5.1.6.5.6: the offloads the netdev may use towards us. */
static uint8_t ctrl_guest_offloads(VirtIONet *n, uint8_t cmd,
                                   const uint8_t *d, size_t len)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(n);
    uint64_t offloads, allowed;

    if (cmd != VIRTIO_NET_CTRL_GUEST_OFFLOADS_SET || len != 8 ||
        !virtio_vdev_has_feature(vdev, VIRTIO_NET_F_CTRL_GUEST_OFFLOADS) ||
        !n->has_vnet_hdr) {
        return VIRTIO_NET_ERR;
    }
    offloads = ldq_le(d);
    allowed = vdev->guest_features & VIRTIO_NET_GUEST_OFFLOAD_MASK;
    if (offloads & ~allowed) {
        return VIRTIO_NET_ERR;
    }
    n->curr_guest_offloads = offloads;
    virtio_net_apply_offloads(n);
    return VIRTIO_NET_OK;
}

/* Largest control command payload read (a full MAC table and more). */
#define VIRTIO_NET_CTRL_MAX     4096

/* NIC_RX_FILTER_CHANGED, naming this device (the net layer sends one
 * until the next query-rx-filter). */
static void virtio_net_rx_filter_changed(VirtIONet *n)
{
    g_autofree char *path = object_get_canonical_path(OBJECT(n));

    qemu_net_rx_filter_changed(virtio_net_nc0(n), virtio_net_dev_id(n),
                               path);
}

static void virtio_net_handle_ctrl(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIONet *n = VIRTIO_NET(vdev);
    VirtQueueElement *e;

    while ((e = virtqueue_pop(vq, sizeof(*e)))) {
        size_t out_len = iov_size(e->out_sg, e->out_num);
        g_autofree uint8_t *cmd = NULL;
        uint8_t status = VIRTIO_NET_ERR;

        if (iov_size(e->in_sg, e->in_num) < 1 || out_len < 2) {
            virtio_error(vdev, "virtio-net ctrl missing headers");
            virtqueue_detach_element(vq, e, 0);
            g_free(e);
            return;
        }
        if (out_len <= VIRTIO_NET_CTRL_MAX + 2) {
            const uint8_t *d;
            size_t len = out_len - 2;

            cmd = g_malloc(out_len);
            iov_to_buf(e->out_sg, e->out_num, 0, cmd, out_len);
            d = cmd + 2;
            switch (cmd[0]) {
            case VIRTIO_NET_CTRL_RX:
                status = ctrl_rx(n, cmd[1], d, len);
                break;
            case VIRTIO_NET_CTRL_MAC:
                status = ctrl_mac(n, cmd[1], d, len);
                break;
            case VIRTIO_NET_CTRL_VLAN:
                status = ctrl_vlan(n, cmd[1], d, len);
                break;
            case VIRTIO_NET_CTRL_ANNOUNCE:
                if (cmd[1] == VIRTIO_NET_CTRL_ANNOUNCE_ACK &&
                    (n->status & VIRTIO_NET_S_ANNOUNCE)) {
                    n->status &= ~VIRTIO_NET_S_ANNOUNCE;
                    status = VIRTIO_NET_OK;
                }
                break;
            case VIRTIO_NET_CTRL_MQ:
                status = ctrl_mq(n, cmd[1], d, len);
                break;
            case VIRTIO_NET_CTRL_GUEST_OFFLOADS:
                status = ctrl_guest_offloads(n, cmd[1], d, len);
                break;
            default:
                break;
            }
            /* Any accepted filter command counts, even one that sets
             * what was already set (as in qemu). */
            if (status == VIRTIO_NET_OK &&
                (cmd[0] == VIRTIO_NET_CTRL_RX ||
                 cmd[0] == VIRTIO_NET_CTRL_MAC ||
                 cmd[0] == VIRTIO_NET_CTRL_VLAN)) {
                virtio_net_rx_filter_changed(n);
            }
        }
        iov_from_buf(e->in_sg, e->in_num, 0, &status, 1);
        virtqueue_push(vq, e, 1);
        g_free(e);
        virtio_notify(vdev, vq);
    }
}

/* ---- netdev client ---- */

static void virtio_net_link_changed(NetClientState *nc)
{
    VirtIONet *n = nc->opaque_dev;
    uint16_t old = n->status;

    if (nc->link_down) {
        n->status &= ~VIRTIO_NET_S_LINK_UP;
    } else {
        n->status |= VIRTIO_NET_S_LINK_UP;
    }
    if (n->status != old) {
        virtio_notify_config(VIRTIO_DEVICE(n));
    }
}

static void virtio_net_announce(NetClientState *nc)
{
    VirtIONet *n = nc->opaque_dev;
    VirtIODevice *vdev = VIRTIO_DEVICE(n);
    uint8_t frame[NET_ANNOUNCE_FRAME_SIZE];

    net_announce_frame(frame, n->mac);
    qemu_send_packet(nc, frame, sizeof(frame));
    if (virtio_vdev_has_feature(vdev, VIRTIO_NET_F_GUEST_ANNOUNCE) &&
        virtio_vdev_has_feature(vdev, VIRTIO_NET_F_CTRL_VQ) &&
        virtio_device_started(vdev)) {
        n->status |= VIRTIO_NET_S_ANNOUNCE;
        virtio_notify_config(vdev);
    }
}

/* The netdev queue took what we sent: transmit what waited. */
static void virtio_net_peer_drained(NetClientState *nc)
{
    VirtIONet *n = nc->opaque_dev;
    VirtIONetQueue *q = &n->vqs[nc->queue_index];

    if (q->tx_waiting && q->tx_vq) {
        virtio_net_handle_tx(VIRTIO_DEVICE(n), q->tx_vq);
    }
}

/* ---- query-rx-filter ---- */

static const char *rx_state(bool none, bool all)
{
    return none ? "none" : all ? "all" : "normal";
}

static char *mac_str(const uint8_t *mac)
{
    return g_strdup_printf("%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1],
                           mac[2], mac[3], mac[4], mac[5]);
}

/* The @count addresses of @table, last first as qemu lists them. */
static QList *mac_list(const uint8_t *table, uint32_t count)
{
    QList *l = qlist_new();
    uint32_t i;

    for (i = count; i > 0; i--) {
        g_autofree char *s = mac_str(table + (i - 1) * ETH_ALEN);

        qlist_append_str(l, s);
    }
    return l;
}

/*
 * qemu's RxFilterInfo, members in the order qemu 7.2 prints them.  Its
 * quirks are kept for clients that compare: "vlan" is "all" while the
 * driver has not negotiated CTRL_VLAN, then "none" or "normal" as the
 * table is empty or not; tables list the newest entry first (VLAN IDs
 * from the highest); and "broadcast-allowed" carries the guest's
 * NOBCAST flag, i.e. it is true when broadcasts are refused.
 */
static QDict *virtio_net_query_rx_filter(NetClientState *nc)
{
    VirtIONet *n = nc->opaque_dev;
    VirtIODevice *vdev = VIRTIO_DEVICE(n);
    QDict *d = qdict_new();
    QList *vlans = qlist_new();
    g_autofree char *main_mac = mac_str(n->mac);
    bool ctrl_vlan = virtio_vdev_has_feature(vdev, VIRTIO_NET_F_CTRL_VLAN);
    int vid;

    for (vid = VIRTIO_NET_MAX_VLAN - 1; vid >= 0; vid--) {
        if (n->vlans[vid >> 5] & (1U << (vid & 31))) {
            qlist_append_int(vlans, vid);
        }
    }
    qdict_put_bool(d, "promiscuous", n->promisc);
    qdict_put_str(d, "name", nc->name);
    qdict_put_str(d, "main-mac", main_mac);
    qdict_put_str(d, "unicast", rx_state(n->nouni, n->alluni));
    qdict_put_str(d, "vlan", !ctrl_vlan ? "all" :
                  qlist_empty(vlans) ? "none" : "normal");
    qdict_put_obj(d, "vlan-table", QOBJECT(vlans));
    qdict_put_obj(d, "unicast-table", QOBJECT(mac_list(n->macs,
                                                       n->uni_count)));
    qdict_put_str(d, "multicast", rx_state(n->nomulti, n->allmulti));
    qdict_put_bool(d, "multicast-overflow", n->multi_overflow);
    qdict_put_bool(d, "unicast-overflow", n->uni_overflow);
    qdict_put_obj(d, "multicast-table",
                  QOBJECT(mac_list(n->macs + n->uni_count * ETH_ALEN,
                                   n->multi_count)));
    qdict_put_bool(d, "broadcast-allowed", n->nobcast);
    return d;
}

static const NetClientInfo virtio_net_info = {
    .type = "nic",
    .size = sizeof(NetClientState),
    .receive = virtio_net_receive,
    .can_receive = virtio_net_can_receive,
    .link_status_changed = virtio_net_link_changed,
    .announce = virtio_net_announce,
    .peer_drained = virtio_net_peer_drained,
    .query_rx_filter = virtio_net_query_rx_filter,
};

/* ---- realize ---- */

static void virtio_net_realize(DeviceState *dev, Error **errp)
{
    VirtIONet *n = VIRTIO_NET(dev);
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    NetClientState *peers[NET_MAX_QUEUES] = { NULL };
    int npeers = 1;
    DeviceState *proxy;
    g_autofree char *auto_name = NULL;
    const char *name, *model;
    int i;

    if (n->mac_str) {
        if (!parse_mac(n->mac_str, n->conf_mac)) {
            error_setg(errp, "Property '%s.mac' doesn't take value '%s'",
                       TYPE_VIRTIO_NET, n->mac_str);
            return;
        }
    }
    if (n->netdev_id) {
        npeers = qemu_find_netdev_queues(n->netdev_id, peers,
                                         NET_MAX_QUEUES);
        if (!npeers) {
            error_setg(errp, "Property '%s.netdev' can't find value '%s'",
                       TYPE_VIRTIO_NET, n->netdev_id);
            return;
        }
        for (i = 0; i < npeers; i++) {
            if (peers[i]->peer) {
                error_setg(errp, "Property '%s.netdev' can't take value "
                           "'%s', it's in use", TYPE_VIRTIO_NET,
                           n->netdev_id);
                return;
            }
        }
    }
    if (n->host_mtu && (n->host_mtu < 68 || n->host_mtu > 65535 - 14)) {
        error_setg(errp, "'host_mtu' property value %u is out of range",
                   n->host_mtu);
        return;
    }
    if (n->rx_queue_size < 256 || n->rx_queue_size > VIRTQUEUE_MAX_SIZE ||
        (n->rx_queue_size & (n->rx_queue_size - 1))) {
        error_setg(errp, "Invalid rx_queue_size (= %u), must be a power of "
                   "2 between 256 and %d", n->rx_queue_size,
                   VIRTQUEUE_MAX_SIZE);
        return;
    }
    if (n->tx_queue_size < 256 || n->tx_queue_size > 256 ||
        (n->tx_queue_size & (n->tx_queue_size - 1))) {
        error_setg(errp, "Invalid tx_queue_size (= %u), must be a power of "
                   "2 between 256 and 256", n->tx_queue_size);
        return;
    }
    if (!n->mac_str) {
        memcpy(n->conf_mac, default_mac, ETH_ALEN);
        n->conf_mac[5] += default_mac_index++;
    }
    virtio_init(vdev, VIRTIO_ID_NET, VIRTIO_NET_CONFIG_SIZE);
    /* A pair per netdev queue; reset leaves pair 0 before the ctrl vq. */
    n->max_queue_pairs = npeers;
    n->curr_queue_pairs = 1;
    n->vqs = g_new0(VirtIONetQueue, n->max_queue_pairs);
    virtio_net_set_layout(n, 1);
    /* Named and typed after the transport device, as qemu does. */
    proxy = virtio_net_proxy(n);
    model = object_get_typename(proxy ? OBJECT(proxy) : OBJECT(dev));
    auto_name = qemu_net_nic_name(model);
    name = virtio_net_dev_id(n) ? virtio_net_dev_id(n) : auto_name;
    for (i = 0; i < npeers; i++) {
        NetClientState *nc = qemu_new_net_client(&virtio_net_info, peers[i],
                                                 model, name);

        nc->opaque_dev = n;
        nc->queue_index = i;
        n->vqs[i].nc = nc;
        if (peers[i]) {
            peers[i]->in_use = true;
        }
    }
    snprintf(n->vqs[0].nc->info_str, sizeof(n->vqs[0].nc->info_str),
             "model=%s,macaddr=%02x:%02x:%02x:%02x:%02x:%02x", model,
             n->conf_mac[0], n->conf_mac[1], n->conf_mac[2], n->conf_mac[3],
             n->conf_mac[4], n->conf_mac[5]);
    n->has_vnet_hdr = qemu_has_vnet_hdr(n->vqs[0].nc);
    n->status = VIRTIO_NET_S_LINK_UP;
    memcpy(n->mac, n->conf_mac, ETH_ALEN);
    virtio_net_reset(vdev);
}

static void virtio_net_unrealize(DeviceState *dev)
{
    VirtIONet *n = VIRTIO_NET(dev);
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    int i, nq = virtio_get_num_queues(vdev);

    for (i = n->max_queue_pairs - 1; i >= 0; i--) {
        qemu_del_net_client(n->vqs[i].nc);
    }
    for (i = nq - 1; i >= 0; i--) {
        virtio_del_queue(vdev, i);
    }
    g_free(n->vqs);
    n->vqs = NULL;
    n->ctrl_vq_ptr = NULL;
    n->layout_pairs = 0;
}

static const Property virtio_net_properties[] = {
    DEFINE_PROP_STRING("mac", VirtIONet, mac_str),
    DEFINE_PROP_STRING("netdev", VirtIONet, netdev_id),
    DEFINE_PROP_UINT16("host_mtu", VirtIONet, host_mtu, 0),
    DEFINE_PROP_BOOL("mq", VirtIONet, mq, false),
    DEFINE_PROP_BOOL("status", VirtIONet, status_prop, true),
    DEFINE_PROP_BOOL("ctrl_vq", VirtIONet, ctrl_vq, true),
    DEFINE_PROP_BOOL("ctrl_rx", VirtIONet, ctrl_rx, true),
    DEFINE_PROP_BOOL("ctrl_vlan", VirtIONet, ctrl_vlan, true),
    DEFINE_PROP_BOOL("ctrl_rx_extra", VirtIONet, ctrl_rx_extra, true),
    DEFINE_PROP_BOOL("ctrl_mac_addr", VirtIONet, ctrl_mac_addr, true),
    DEFINE_PROP_BOOL("guest_announce", VirtIONet, guest_announce, true),
    DEFINE_PROP_BOOL("mrg_rxbuf", VirtIONet, mrg_rxbuf, true),
    /* Offloads: offered when the netdev carries the header (tap). */
    DEFINE_PROP_BOOL("csum", VirtIONet, csum, true),
    DEFINE_PROP_BOOL("guest_csum", VirtIONet, guest_csum, true),
    DEFINE_PROP_BOOL("gso", VirtIONet, gso, true),
    DEFINE_PROP_BOOL("guest_tso4", VirtIONet, guest_tso4, true),
    DEFINE_PROP_BOOL("guest_tso6", VirtIONet, guest_tso6, true),
    DEFINE_PROP_BOOL("guest_ecn", VirtIONet, guest_ecn, true),
    DEFINE_PROP_BOOL("guest_ufo", VirtIONet, guest_ufo, true),
    DEFINE_PROP_BOOL("host_tso4", VirtIONet, host_tso4, true),
    DEFINE_PROP_BOOL("host_tso6", VirtIONet, host_tso6, true),
    DEFINE_PROP_BOOL("host_ecn", VirtIONet, host_ecn, true),
    DEFINE_PROP_BOOL("host_ufo", VirtIONet, host_ufo, true),
    DEFINE_PROP_BOOL("ctrl_guest_offloads", VirtIONet, ctrl_guest_offloads,
                     true),
    DEFINE_PROP_UINT16("rx_queue_size", VirtIONet, rx_queue_size,
                       VIRTIO_NET_QUEUE_SIZE),
    DEFINE_PROP_UINT16("tx_queue_size", VirtIONet, tx_queue_size,
                       VIRTIO_NET_QUEUE_SIZE),
};

static void virtio_net_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_CLASS(oc);

    device_class_set_props(dc, virtio_net_properties);
    device_class_set_category(dc, DEVICE_CATEGORY_NETWORK);
    vdc->device_id = VIRTIO_ID_NET;
    vdc->config_len = VIRTIO_NET_CONFIG_SIZE;
    vdc->realize = virtio_net_realize;
    vdc->unrealize = virtio_net_unrealize;
    vdc->get_features = virtio_net_get_features;
    vdc->set_features = virtio_net_set_features;
    vdc->get_config = virtio_net_get_config;
    vdc->set_config = virtio_net_set_config;
    vdc->reset = virtio_net_reset;
    vdc->set_status = virtio_net_set_status;
}

static const TypeInfo virtio_net_type_info = {
    .name = TYPE_VIRTIO_NET,
    .parent = TYPE_VIRTIO_DEVICE,
    .instance_size = sizeof(VirtIONet),
    .class_init = virtio_net_class_init,
};

static void virtio_net_register_types(void)
{
    type_register_static(&virtio_net_type_info);
}

type_init(virtio_net_register_types)
