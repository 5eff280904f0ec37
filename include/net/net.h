/*
 * Host networking: network clients and the links between them.
 *
 * A NetClientState is one end of a point-to-point link: a guest NIC
 * (the front end, e.g. virtio-net) is the peer of a host back end made
 * with -netdev (socket, stream, dgram, hubport, tap).  qemu_send_packet()
 * hands a frame to the sender's peer.  When the peer cannot receive
 * now (its can_receive says no, or its receive returns 0) the frame is
 * queued on the peer, up to NET_QUEUE_MAX_PACKETS; the peer calls
 * qemu_flush_queued_packets() once it can receive again, and when that
 * empties its queue the sender hears of it (peer_drained), so a sender
 * that paused while qemu_net_peer_busy() said so can go on.  Frames to
 * or from a client whose link is down are dropped.
 *
 * A multi-queue back end (tap,queues=N) is N clients with the same name
 * and queue_index 0..N-1; a NIC on it makes one client per queue, each
 * the peer of the back end's client with the same index.
 *
 * Back ends that carry a virtio-net header (struct virtio_net_hdr,
 * Virtio 1.2 section 5.1.6) in front of each frame say so through
 * has_vnet_hdr; a NIC that wants the header passed through sets its
 * length with qemu_set_vnet_hdr_len(), and which offloads the back end
 * may put in frames for the guest with qemu_set_offload().
 */
#ifndef NET_NET_H
#define NET_NET_H

#include "util/error.h"
#include "qobject/qobject.h"

/* Ethernet sizes. */
#define ETH_ALEN                6
#define ETH_HLEN                14
/* The largest frame any back end carries (qemu's 69632-byte limit). */
#define NET_BUFSIZE             (4096 + 65536)
/* Frames, and bytes of them, a receiver keeps while it cannot receive. */
#define NET_QUEUE_MAX_PACKETS   10000
#define NET_QUEUE_MAX_BYTES     (16 * 1024 * 1024)
/* A backlog from which senders that can wait (tap, virtio-net tx) do:
 * this many frames, or half the bytes a receiver keeps. */
#define NET_QUEUE_BUSY_PACKETS  256
/* Queues a multi-queue back end may have (the tun driver's limit). */
#define NET_MAX_QUEUES          256

typedef struct NetClientState NetClientState;

/* Offloads a back end may apply to frames it hands the guest. */
typedef struct NetOffloads {
    bool csum;      /* partial checksums (VIRTIO_NET_HDR_F_NEEDS_CSUM) */
    bool tso4;
    bool tso6;
    bool ecn;
    bool ufo;
} NetOffloads;

typedef struct NetClientInfo {
    const char *type;       /* "nic", "socket", "stream", "dgram", "hubport",
                               "tap" */
    size_t size;            /* of the struct embedding NetClientState */
    /* Take one frame; returns @size when consumed (or dropped), 0 to
     * have it queued and retried on the next flush. */
    ssize_t (*receive)(NetClientState *nc, const uint8_t *buf, size_t size);
    /* Whether receive would take a frame now (NULL: always). */
    bool (*can_receive)(NetClientState *nc);
    /* Release what the back end holds (fds, handlers); not nc itself. */
    void (*cleanup)(NetClientState *nc);
    /* nc->link_down changed (set_link). */
    void (*link_status_changed)(NetClientState *nc);
    /* NICs: announce-self round (send RARP, ask the guest to announce). */
    void (*announce)(NetClientState *nc);
    /* The peer took every frame queued for it: send again. */
    void (*peer_drained)(NetClientState *nc);
    /* Back ends with a virtio-net header on each frame, and UFO. */
    bool (*has_vnet_hdr)(NetClientState *nc);
    bool (*has_ufo)(NetClientState *nc);
    /* Frames to and from the peer carry a @len-byte header (0: none). */
    bool (*set_vnet_hdr_len)(NetClientState *nc, int len);
    void (*set_offload)(NetClientState *nc, const NetOffloads *o);
    /* Multi-queue back ends: carry this queue's frames or not. */
    void (*set_queue_enabled)(NetClientState *nc, bool on);
    /*
     * NICs: the receive filter as one query-rx-filter entry (qemu's
     * RxFilterInfo, members in qemu's order; caller unrefs).  NULL: the
     * card cannot tell ("doesn't support rx-filter querying").
     */
    QDict *(*query_rx_filter)(NetClientState *nc);
} NetClientInfo;

struct NetClientState {
    const NetClientInfo *info;
    NetClientState *peer;
    char *name;             /* the -netdev id, or the device id/type */
    char *model;            /* the type, or the device type for NICs */
    char info_str[256];     /* "info network" description */
    bool is_netdev;         /* made by -netdev / netdev_add */
    int queue_index;        /* in a multi-queue back end or NIC */
    bool link_down;
    bool in_use;            /* a NIC took this netdev */
    GQueue *incoming;       /* of GBytes: frames waiting for us */
    size_t incoming_bytes;
    bool flushing;
    void *opaque_dev;       /* NICs: the device model */
    /* NIC_RX_FILTER_CHANGED went out and query-rx-filter has not run for
     * this card since: no more such events until it does. */
    bool rx_filter_event_sent;
};

/*
 * Create a client of @info->size bytes; @peer (may be NULL) becomes its
 * peer and it the peer's.  The client is listed (qemu_find_netdev finds
 * it by @name when it is a netdev).
 */
NetClientState *qemu_new_net_client(const NetClientInfo *info,
                                    NetClientState *peer, const char *model,
                                    const char *name);
/* The name of a card of type @model without an id: "MODEL.N", N
 * counting the cards of that type made before (caller frees). */
char *qemu_net_nic_name(const char *model);
/* Unlink from the peer, run cleanup, free queued frames and @nc. */
void qemu_del_net_client(NetClientState *nc);
/*
 * Once the machine is built: warn about clients left without a peer and
 * hubs that join cards to no back end, as qemu does (@qtest: the hub
 * warning is not given, as qemu skips it under qtest).
 */
void net_check_clients(bool qtest);
/* At exit: delete every back end (tap runs its downscript, unix
 * sockets are unlinked). */
void net_cleanup(void);
/* Make @a and @b each other's peer (both must be peerless). */
void qemu_net_connect_peers(NetClientState *a, NetClientState *b);

/* Send one frame from @nc to its peer.  Returns @size when delivered,
 * queued or dropped; 0 when nc has no peer. */
ssize_t qemu_send_packet(NetClientState *nc, const uint8_t *buf,
                         size_t size);
/* Deliver frames queued for @nc while it can receive. */
void qemu_flush_queued_packets(NetClientState *nc);
/* Drop the frames queued for @nc (its sender hears it drained). */
void qemu_purge_queued_packets(NetClientState *nc);
/* Frames waiting for @nc. */
unsigned int qemu_net_queue_len(const NetClientState *nc);
/* Whether @nc's peer has a backlog to wait for (NET_QUEUE_BUSY_PACKETS
 * frames or NET_QUEUE_MAX_BYTES / 2 bytes). */
bool qemu_net_peer_busy(const NetClientState *nc);

/* The peer's virtio-net header support (false without a peer). */
bool qemu_has_vnet_hdr(NetClientState *nc);
bool qemu_has_ufo(NetClientState *nc);
bool qemu_set_vnet_hdr_len(NetClientState *nc, int len);
void qemu_set_offload(NetClientState *nc, const NetOffloads *o);
void qemu_set_queue_enabled(NetClientState *nc, bool on);

/* The -netdev with id @id (its queue 0), or NULL. */
NetClientState *qemu_find_netdev(const char *id);
/* The queues of netdev @id, in order, into @ncs (at most @max); the
 * count found. */
int qemu_find_netdev_queues(const char *id, NetClientState **ncs, int max);
/* The client named @name (netdev id or NIC device id), or NULL. */
NetClientState *qemu_find_net_client(const char *name);
/* Every client, in creation order (borrowed GList of NetClientState). */
GList *qemu_net_clients(void);

/*
 * The guest changed the receive filter of NIC @nc (its queue 0): send
 * NIC_RX_FILTER_CHANGED {name, path} -- unless one went out since the
 * last query-rx-filter of this card, so a chatty guest cannot flood the
 * monitor and a client that hears of a change asks once.  @path is the
 * QOM path of the device that filters; @id its device id, NULL for a
 * card made without one (the event then has no "name", as in qemu,
 * though the client is named "MODEL.N").
 */
void qemu_net_rx_filter_changed(NetClientState *nc, const char *id,
                                const char *path);
/*
 * query-rx-filter's entry for NIC @nc (info->query_rx_filter must be
 * set); lets NIC_RX_FILTER_CHANGED go out again for it.
 */
QDict *qemu_net_query_rx_filter(NetClientState *nc);

/* set_link: change the link of @name (and its netdev peer). */
bool qemu_set_link(const char *name, bool up, Error **errp);

/*
 * Back ends: create the netdev of type @type with id @id from the
 * checked option dict @opts (keyval strings or typed QMP values).
 */
bool net_init_hubport(const QDict *opts, const char *id, Error **errp);
bool net_init_tap(const QDict *opts, const char *id, Error **errp);

/* The hub a hubport belongs to, and its ports (for tests and info). */
int net_hub_id_for_client(NetClientState *nc);
/* The hub part of net_check_clients(). */
void net_hub_check_clients(bool qtest);

/*
 * announce-self: the gratuitous RARP frame for @mac (RFC 903 reverse
 * request, padded to NET_ANNOUNCE_FRAME_SIZE), and the rounds: one now,
 * then @rounds - 1 more, @initial ms later growing by @step up to @max.
 */
#define NET_ANNOUNCE_FRAME_SIZE 60
size_t net_announce_frame(uint8_t *buf, const uint8_t mac[ETH_ALEN]);
bool qemu_announce_self(int64_t initial, int64_t max, int64_t rounds,
                        int64_t step, Error **errp);

/* -netdev / netdev_add: parse and create (net/net-opts.c). */
bool netdev_add_from_dict(const QDict *opts, Error **errp);
bool netdev_del(const char *id, Error **errp);

/* Option helpers for the back ends: a string or typed value as text,
 * and on/off booleans ("Parameter 'KEY' expects 'on' or 'off'"). */
const char *net_opt_str(const QDict *opts, const char *key);
bool net_opt_bool(const QDict *opts, const char *key, bool def, bool *out,
                  Error **errp);
/* Unsigned numbers and sizes (suffixes k, M, G...), @def when absent. */
bool net_opt_uint(const QDict *opts, const char *key, uint64_t def,
                  uint64_t *out, Error **errp);
bool net_opt_size(const QDict *opts, const char *key, uint64_t def,
                  uint64_t *out, Error **errp);

/*
 * The 4-byte big-endian length framing of stream sockets: a reader that
 * takes bytes in any chunks and calls @cb for each complete frame.
 * A length over NET_BUFSIZE is a broken stream (false).
 */
typedef struct NetFrameReader {
    uint32_t len;           /* of the frame being read */
    uint32_t have;          /* bytes of header+frame seen so far */
    uint8_t hdr[4];
    uint8_t *buf;           /* NET_BUFSIZE bytes */
} NetFrameReader;

void net_frame_reader_init(NetFrameReader *r);
void net_frame_reader_destroy(NetFrameReader *r);
bool net_frame_reader_feed(NetFrameReader *r, const uint8_t *data,
                           size_t size,
                           void (*cb)(void *opaque, const uint8_t *frame,
                                      size_t len),
                           void *opaque);
/* Write the length header for a frame of @len bytes. */
void net_frame_header(uint8_t hdr[4], uint32_t len);

#endif
