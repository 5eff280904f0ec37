/*
 * virtio-net (Virtio 1.2 section 5.1): the network device, device ID 1.
 * Queues: receiveq/transmitq pairs then the control queue.  Frames go
 * to and come from the netdev given by "netdev" (include/net/net.h).
 */
#ifndef HW_NET_VIRTIO_NET_H
#define HW_NET_VIRTIO_NET_H

#include "hw/virtio/virtio.h"
#include "net/net.h"
#include "util/timer.h"

#define TYPE_VIRTIO_NET "virtio-net-device"
#define VIRTIO_NET(obj) OBJECT_CHECK(VirtIONet, (obj), TYPE_VIRTIO_NET)

/* Feature bits (section 5.1.3). */
#define VIRTIO_NET_F_CSUM               0
#define VIRTIO_NET_F_GUEST_CSUM         1
#define VIRTIO_NET_F_CTRL_GUEST_OFFLOADS 2
#define VIRTIO_NET_F_MTU                3
#define VIRTIO_NET_F_MAC                5
#define VIRTIO_NET_F_GSO                6   /* legacy: any GSO type */
#define VIRTIO_NET_F_GUEST_TSO4         7
#define VIRTIO_NET_F_GUEST_TSO6         8
#define VIRTIO_NET_F_GUEST_ECN          9
#define VIRTIO_NET_F_GUEST_UFO          10
#define VIRTIO_NET_F_HOST_TSO4          11
#define VIRTIO_NET_F_HOST_TSO6          12
#define VIRTIO_NET_F_HOST_ECN           13
#define VIRTIO_NET_F_HOST_UFO           14
#define VIRTIO_NET_F_MRG_RXBUF          15
#define VIRTIO_NET_F_STATUS             16
#define VIRTIO_NET_F_CTRL_VQ            17
#define VIRTIO_NET_F_CTRL_RX            18
#define VIRTIO_NET_F_CTRL_VLAN          19
#define VIRTIO_NET_F_CTRL_RX_EXTRA      20
#define VIRTIO_NET_F_GUEST_ANNOUNCE     21
#define VIRTIO_NET_F_MQ                 22
#define VIRTIO_NET_F_CTRL_MAC_ADDR      23

/* Config space layout (section 5.1.4). */
#define VIRTIO_NET_CFG_MAC              0   /* 6 bytes */
#define VIRTIO_NET_CFG_STATUS           6   /* le16 */
#define VIRTIO_NET_CFG_MAX_VQ_PAIRS     8   /* le16 */
#define VIRTIO_NET_CFG_MTU              10  /* le16 */
#define VIRTIO_NET_CONFIG_SIZE          12

/* Status bits. */
#define VIRTIO_NET_S_LINK_UP            1
#define VIRTIO_NET_S_ANNOUNCE           2

/* struct virtio_net_hdr (section 5.1.6): 10 bytes, or 12 with
 * num_buffers (VERSION_1 or MRG_RXBUF). */
#define VIRTIO_NET_HDR_SIZE             10
#define VIRTIO_NET_HDR_MRG_SIZE         12
#define VIRTIO_NET_HDR_NUM_BUFFERS      10  /* offset of le16 */

/* Control queue (section 5.1.6.5). */
#define VIRTIO_NET_OK                   0
#define VIRTIO_NET_ERR                  1
#define VIRTIO_NET_CTRL_RX              0
#define  VIRTIO_NET_CTRL_RX_PROMISC     0
#define  VIRTIO_NET_CTRL_RX_ALLMULTI    1
#define  VIRTIO_NET_CTRL_RX_ALLUNI      2
#define  VIRTIO_NET_CTRL_RX_NOMULTI     3
#define  VIRTIO_NET_CTRL_RX_NOUNI       4
#define  VIRTIO_NET_CTRL_RX_NOBCAST     5
#define VIRTIO_NET_CTRL_MAC             1
#define  VIRTIO_NET_CTRL_MAC_TABLE_SET  0
#define  VIRTIO_NET_CTRL_MAC_ADDR_SET   1
#define VIRTIO_NET_CTRL_VLAN            2
#define  VIRTIO_NET_CTRL_VLAN_ADD       0
#define  VIRTIO_NET_CTRL_VLAN_DEL       1
#define VIRTIO_NET_CTRL_ANNOUNCE        3
#define  VIRTIO_NET_CTRL_ANNOUNCE_ACK   0
#define VIRTIO_NET_CTRL_MQ              4
#define  VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET 0
#define  VIRTIO_NET_CTRL_MQ_VQ_PAIRS_MIN 1
#define  VIRTIO_NET_CTRL_MQ_VQ_PAIRS_MAX 0x8000
#define VIRTIO_NET_CTRL_GUEST_OFFLOADS  5
#define  VIRTIO_NET_CTRL_GUEST_OFFLOADS_SET 0

/* The feature bits that name offloads of frames to the guest. */
#define VIRTIO_NET_GUEST_OFFLOAD_MASK \
    ((1ULL << VIRTIO_NET_F_GUEST_CSUM) | (1ULL << VIRTIO_NET_F_GUEST_TSO4) | \
     (1ULL << VIRTIO_NET_F_GUEST_TSO6) | (1ULL << VIRTIO_NET_F_GUEST_ECN) | \
     (1ULL << VIRTIO_NET_F_GUEST_UFO))

/* virtio_net_hdr flags (section 5.1.6). */
#define VIRTIO_NET_HDR_F_NEEDS_CSUM     1
#define VIRTIO_NET_HDR_F_DATA_VALID     2

/* MAC filter table entries kept (as qemu); more set an overflow flag. */
#define VIRTIO_NET_MAC_TABLE_ENTRIES    64
#define VIRTIO_NET_MAX_VLAN             4096
/* The largest frame the guest may transmit (header excluded). */
#define VIRTIO_NET_TX_MAX_FRAME         65536
#define VIRTIO_NET_QUEUE_SIZE           256
#define VIRTIO_NET_CTRL_QUEUE_SIZE      64

typedef struct VirtIONetQueue {
    VirtQueue *rx_vq;       /* NULL while the queue layout leaves it out */
    VirtQueue *tx_vq;
    NetClientState *nc;     /* this pair's client; peer: netdev queue */
    bool tx_waiting;        /* stopped while the peer was busy */
} VirtIONetQueue;

typedef struct VirtIONet {
    VirtIODevice parent_obj;

    /* properties */
    char *mac_str;
    char *netdev_id;
    uint16_t host_mtu;
    bool mq;
    bool status_prop;
    bool ctrl_vq, ctrl_rx, ctrl_vlan, ctrl_rx_extra, ctrl_mac_addr;
    bool guest_announce, mrg_rxbuf;
    bool csum, guest_csum, gso, guest_tso4, guest_tso6, guest_ecn;
    bool guest_ufo, host_tso4, host_tso6, host_ecn, host_ufo;
    bool ctrl_guest_offloads;
    uint16_t rx_queue_size, tx_queue_size;

    uint8_t conf_mac[ETH_ALEN];     /* from the property or the default */
    uint8_t mac[ETH_ALEN];          /* current (guest may change it) */
    uint16_t status;
    uint16_t max_queue_pairs;       /* the netdev's queues */
    uint16_t curr_queue_pairs;      /* the driver's MQ_VQ_PAIRS_SET */
    uint16_t layout_pairs;          /* pairs in front of the ctrl queue */
    bool multiqueue;                /* VIRTIO_NET_F_MQ negotiated */
    VirtIONetQueue *vqs;            /* max_queue_pairs of them */
    VirtQueue *ctrl_vq_ptr;
    size_t guest_hdr_len;
    bool has_vnet_hdr;              /* the netdev carries the header */
    size_t host_hdr_len;            /* on frames to/from it: 0 or guest's */
    uint64_t curr_guest_offloads;   /* feature bits, of the offload mask */
    bool driver_ok;                 /* the status being set has DRIVER_OK */

    /* rx filter */
    bool promisc, allmulti, alluni, nomulti, nouni, nobcast;
    uint32_t uni_count, multi_count;    /* entries in macs */
    bool uni_overflow, multi_overflow;
    uint8_t macs[VIRTIO_NET_MAC_TABLE_ENTRIES * ETH_ALEN];
    uint32_t vlans[VIRTIO_NET_MAX_VLAN / 32];

    /* guest error log rate limit */
    int64_t err_log_ns;
} VirtIONet;

#endif
