/*
 * virtio-net-device: the virtio network device (device ID 1).  Frames
 * the guest transmits go to the netdev peer; frames from the peer fill
 * the guest's receive buffers after the rx filter (promiscuous mode,
 * rx mode flags, the MAC table).  The control queue takes rx mode, MAC
 * table and address, VLAN, announce and multiqueue commands.  Checksum
 * and segmentation offloads are never offered.
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

    virtio_add_feature(&f, VIRTIO_NET_F_MAC);
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
    }
    return f;
}

static void virtio_net_set_features(VirtIODevice *vdev, uint64_t val)
{
    VirtIONet *n = VIRTIO_NET(vdev);

    n->guest_hdr_len =
        (virtio_has_feature(val, VIRTIO_F_VERSION_1) ||
         virtio_has_feature(val, VIRTIO_NET_F_MRG_RXBUF)) ?
        VIRTIO_NET_HDR_MRG_SIZE : VIRTIO_NET_HDR_SIZE;
}

static void virtio_net_reset(VirtIODevice *vdev)
{
    VirtIONet *n = VIRTIO_NET(vdev);

    /* qemu starts promiscuous until the driver says otherwise. */
    n->promisc = true;
    n->allmulti = n->alluni = n->nomulti = n->nouni = n->nobcast = false;
    n->uni_count = n->multi_count = 0;
    n->uni_overflow = n->multi_overflow = false;
    memset(n->vlans, 0, sizeof(n->vlans));
    n->curr_queue_pairs = 1;
    n->status &= ~VIRTIO_NET_S_ANNOUNCE;
    memcpy(n->mac, n->conf_mac, ETH_ALEN);
    n->guest_hdr_len = VIRTIO_NET_HDR_SIZE;
}

static void virtio_net_set_status(VirtIODevice *vdev, uint8_t val)
{
    VirtIONet *n = VIRTIO_NET(vdev);

    if ((val & VIRTIO_CONFIG_S_DRIVER_OK) && n->nic) {
        /* Frames that waited for the driver. */
        qemu_flush_queued_packets(n->nic);
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

static VirtQueue *virtio_net_rx_vq(VirtIONet *n)
{
    return n->vqs[0].rx_vq;
}

static bool virtio_net_can_receive(NetClientState *nc)
{
    VirtIONet *n = nc->opaque_dev;
    VirtIODevice *vdev = VIRTIO_DEVICE(n);

    return virtio_device_started(vdev) &&
           virtio_queue_ready(virtio_net_rx_vq(n));
}

static ssize_t virtio_net_receive(NetClientState *nc, const uint8_t *buf,
                                  size_t size)
{
    VirtIONet *n = nc->opaque_dev;
    VirtIODevice *vdev = VIRTIO_DEVICE(n);
    VirtQueue *vq = virtio_net_rx_vq(n);
    bool mrg = virtio_vdev_has_feature(vdev, VIRTIO_NET_F_MRG_RXBUF);
    VirtQueueElement *elems[VIRTQUEUE_MAX_SIZE];
    size_t lens[VIRTQUEUE_MAX_SIZE];
    uint8_t hdr[VIRTIO_NET_HDR_MRG_SIZE] = { 0 };
    size_t hdr_len = n->guest_hdr_len;
    size_t total = hdr_len + size, done = 0;
    unsigned int count = 0, i;

    if (!virtio_net_can_receive(nc)) {
        return 0;
    }
    if (!virtio_net_filter(n, buf, size)) {
        return size;            /* not for us: dropped */
    }
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
        iov_from_buf(e->in_sg, e->in_num, off, buf + (done - hdr_len),
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

    if (n->nic) {
        qemu_flush_queued_packets(n->nic);
    }
}

/* ---- transmit ---- */

static void virtio_net_handle_tx(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIONet *n = VIRTIO_NET(vdev);
    g_autofree uint8_t *frame = g_malloc(VIRTIO_NET_TX_MAX_FRAME);
    bool pushed = false;
    VirtQueueElement *e;

    while ((e = virtqueue_pop(vq, sizeof(*e)))) {
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
            iov_to_buf(e->out_sg, e->out_num, n->guest_hdr_len, frame, len);
            if (n->nic && n->nic->peer) {
                qemu_send_packet(n->nic, frame, len);
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
    return VIRTIO_NET_OK;
}

/* Largest control command payload read (a full MAC table and more). */
#define VIRTIO_NET_CTRL_MAX     4096

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
            default:
                break;      /* guest offloads and the rest: not offered */
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

static const NetClientInfo virtio_net_info = {
    .type = "nic",
    .size = sizeof(NetClientState),
    .receive = virtio_net_receive,
    .can_receive = virtio_net_can_receive,
    .link_status_changed = virtio_net_link_changed,
    .announce = virtio_net_announce,
};

/* ---- realize ---- */

static void virtio_net_realize(DeviceState *dev, Error **errp)
{
    VirtIONet *n = VIRTIO_NET(dev);
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    NetClientState *peer = NULL;
    DeviceState *proxy;
    const char *name;
    int i;

    if (n->mac_str) {
        if (!parse_mac(n->mac_str, n->conf_mac)) {
            error_setg(errp, "Property '%s.mac' doesn't take value '%s'",
                       TYPE_VIRTIO_NET, n->mac_str);
            return;
        }
    }
    if (n->netdev_id) {
        peer = qemu_find_netdev(n->netdev_id);
        if (!peer) {
            error_setg(errp, "Property '%s.netdev' can't find value '%s'",
                       TYPE_VIRTIO_NET, n->netdev_id);
            return;
        }
        if (peer->peer) {
            error_setg(errp, "Property '%s.netdev' can't take value '%s', "
                       "it's in use", TYPE_VIRTIO_NET, n->netdev_id);
            return;
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
    /* Our back ends carry one queue pair each. */
    n->max_queue_pairs = 1;
    n->curr_queue_pairs = 1;
    n->vqs = g_new0(VirtIONetQueue, n->max_queue_pairs);
    for (i = 0; i < n->max_queue_pairs; i++) {
        n->vqs[i].rx_vq = virtio_add_queue(vdev, n->rx_queue_size,
                                           virtio_net_handle_rx);
        n->vqs[i].tx_vq = virtio_add_queue(vdev, n->tx_queue_size,
                                           virtio_net_handle_tx);
    }
    if (n->ctrl_vq) {
        n->ctrl_vq_ptr = virtio_add_queue(vdev, VIRTIO_NET_CTRL_QUEUE_SIZE,
                                          virtio_net_handle_ctrl);
    }
    proxy = OBJECT(dev)->parent &&
            object_dynamic_cast(OBJECT(dev)->parent, TYPE_DEVICE) ?
            DEVICE(OBJECT(dev)->parent) : NULL;
    name = (proxy && proxy->id) ? proxy->id :
           (dev->id ? dev->id : object_get_typename(OBJECT(dev)));
    n->nic = qemu_new_net_client(&virtio_net_info, peer,
                                 object_get_typename(OBJECT(dev)), name);
    n->nic->opaque_dev = n;
    if (peer) {
        peer->in_use = true;
    }
    snprintf(n->nic->info_str, sizeof(n->nic->info_str),
             "model=virtio-net-pci,macaddr=%02x:%02x:%02x:%02x:%02x:%02x",
             n->conf_mac[0], n->conf_mac[1], n->conf_mac[2], n->conf_mac[3],
             n->conf_mac[4], n->conf_mac[5]);
    n->status = VIRTIO_NET_S_LINK_UP;
    memcpy(n->mac, n->conf_mac, ETH_ALEN);
    virtio_net_reset(vdev);
}

static void virtio_net_unrealize(DeviceState *dev)
{
    VirtIONet *n = VIRTIO_NET(dev);
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    int i, nq = virtio_get_num_queues(vdev);

    if (n->nic) {
        qemu_del_net_client(n->nic);
        n->nic = NULL;
    }
    for (i = nq - 1; i >= 0; i--) {
        virtio_del_queue(vdev, i);
    }
    g_free(n->vqs);
    n->vqs = NULL;
    n->ctrl_vq_ptr = NULL;
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
    /* Offloads Corvid does not implement: accepted, never offered. */
    DEFINE_PROP_BOOL("csum", VirtIONet, csum, false),
    DEFINE_PROP_BOOL("guest_csum", VirtIONet, guest_csum, false),
    DEFINE_PROP_BOOL("gso", VirtIONet, gso, false),
    DEFINE_PROP_BOOL("guest_tso4", VirtIONet, guest_tso4, false),
    DEFINE_PROP_BOOL("guest_tso6", VirtIONet, guest_tso6, false),
    DEFINE_PROP_BOOL("guest_ecn", VirtIONet, guest_ecn, false),
    DEFINE_PROP_BOOL("guest_ufo", VirtIONet, guest_ufo, false),
    DEFINE_PROP_BOOL("host_tso4", VirtIONet, host_tso4, false),
    DEFINE_PROP_BOOL("host_tso6", VirtIONet, host_tso6, false),
    DEFINE_PROP_BOOL("host_ecn", VirtIONet, host_ecn, false),
    DEFINE_PROP_BOOL("host_ufo", VirtIONet, host_ufo, false),
    DEFINE_PROP_BOOL("ctrl_guest_offloads", VirtIONet, ctrl_guest_offloads,
                     false),
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
