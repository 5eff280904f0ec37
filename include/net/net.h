/*
 * Host networking: network clients and the links between them.
 *
 * A NetClientState is one end of a point-to-point link: a guest NIC
 * (the front end, e.g. virtio-net) is the peer of a host back end made
 * with -netdev (socket, stream, dgram, hubport).  qemu_send_packet()
 * hands a frame to the sender's peer.  When the peer cannot receive
 * now (its can_receive says no, or its receive returns 0) the frame is
 * queued on the peer, up to NET_QUEUE_MAX_PACKETS; the peer calls
 * qemu_flush_queued_packets() once it can receive again.  Frames to or
 * from a client whose link is down are dropped.
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
/* Frames a receiver keeps while it cannot receive. */
#define NET_QUEUE_MAX_PACKETS   10000

typedef struct NetClientState NetClientState;

typedef struct NetClientInfo {
    const char *type;       /* "nic", "socket", "stream", "dgram", "hubport" */
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
} NetClientInfo;

struct NetClientState {
    const NetClientInfo *info;
    NetClientState *peer;
    char *name;             /* the -netdev id, or the device id/type */
    char *model;            /* the type, or the device type for NICs */
    char info_str[256];     /* "info network" description */
    bool is_netdev;         /* made by -netdev / netdev_add */
    bool link_down;
    bool in_use;            /* a NIC took this netdev */
    GQueue *incoming;       /* of GBytes: frames waiting for us */
    bool flushing;
    void *opaque_dev;       /* NICs: the device model */
};

/*
 * Create a client of @info->size bytes; @peer (may be NULL) becomes its
 * peer and it the peer's.  The client is listed (qemu_find_netdev finds
 * it by @name when it is a netdev).
 */
NetClientState *qemu_new_net_client(const NetClientInfo *info,
                                    NetClientState *peer, const char *model,
                                    const char *name);
/* Unlink from the peer, run cleanup, free queued frames and @nc. */
void qemu_del_net_client(NetClientState *nc);
/* Make @a and @b each other's peer (both must be peerless). */
void qemu_net_connect_peers(NetClientState *a, NetClientState *b);

/* Send one frame from @nc to its peer.  Returns @size when delivered,
 * queued or dropped; 0 when nc has no peer. */
ssize_t qemu_send_packet(NetClientState *nc, const uint8_t *buf,
                         size_t size);
/* Deliver frames queued for @nc while it can receive. */
void qemu_flush_queued_packets(NetClientState *nc);
/* Frames waiting for @nc. */
unsigned int qemu_net_queue_len(const NetClientState *nc);

/* The -netdev with id @id, or NULL. */
NetClientState *qemu_find_netdev(const char *id);
/* The client named @name (netdev id or NIC device id), or NULL. */
NetClientState *qemu_find_net_client(const char *name);
/* Every client, in creation order (borrowed GList of NetClientState). */
GList *qemu_net_clients(void);

/* set_link: change the link of @name (and its netdev peer). */
bool qemu_set_link(const char *name, bool up, Error **errp);

/*
 * Back ends: create the netdev of type @type with id @id from the
 * checked option dict @opts (keyval strings or typed QMP values).
 */
bool net_init_hubport(const QDict *opts, const char *id, Error **errp);
bool net_init_socket(const QDict *opts, const char *id, Error **errp);
bool net_init_stream(const QDict *opts, const char *id, Error **errp);
bool net_init_dgram(const QDict *opts, const char *id, Error **errp);

/* The hub a hubport belongs to, and its ports (for tests and info). */
int net_hub_id_for_client(NetClientState *nc);

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
