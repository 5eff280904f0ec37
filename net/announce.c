/*
 * announce-self: NICs announce their MAC addresses with gratuitous RARP
 * frames (and virtio-net guests are asked to announce themselves), in a
 * number of rounds spaced on the host clock.
 */
#include "util/osdep.h"
#include "util/error.h"
#include "util/timer.h"
#include "net/net.h"

#define ETH_P_RARP          0x8035
#define ARP_HTYPE_ETHERNET  1
#define ARP_PTYPE_IPV4      0x0800
#define RARP_OP_REQUEST_REV 3
#define NS_PER_MS           1000000LL

typedef struct AnnounceTimer {
    Timer *timer;
    int64_t next_delay_ms;
    int64_t max_ms;
    int64_t step_ms;
    int64_t rounds_left;
} AnnounceTimer;

static AnnounceTimer announce;

size_t net_announce_frame(uint8_t *buf, const uint8_t mac[ETH_ALEN])
{
    uint8_t *p = buf;

    memset(buf, 0, NET_ANNOUNCE_FRAME_SIZE);
    memset(p, 0xff, ETH_ALEN);              /* to everyone */
    memcpy(p + 6, mac, ETH_ALEN);
    p[12] = ETH_P_RARP >> 8;
    p[13] = ETH_P_RARP & 0xff;
    p += ETH_HLEN;
    p[0] = 0;
    p[1] = ARP_HTYPE_ETHERNET;
    p[2] = ARP_PTYPE_IPV4 >> 8;
    p[3] = ARP_PTYPE_IPV4 & 0xff;
    p[4] = ETH_ALEN;
    p[5] = 4;                               /* IPv4 address length */
    p[6] = 0;
    p[7] = RARP_OP_REQUEST_REV;
    memcpy(p + 8, mac, ETH_ALEN);           /* sender hardware address */
    /* sender protocol address 0.0.0.0 */
    memcpy(p + 18, mac, ETH_ALEN);          /* target hardware address */
    /* target protocol address 0.0.0.0, then padding */
    return NET_ANNOUNCE_FRAME_SIZE;
}

static void announce_round(void)
{
    GList *l;

    for (l = qemu_net_clients(); l; l = l->next) {
        NetClientState *nc = l->data;

        /* Once per NIC, not per queue. */
        if (nc->info->announce && nc->queue_index == 0) {
            nc->info->announce(nc);
        }
    }
}

static void announce_timer_cb(void *opaque)
{
    announce_round();
    if (--announce.rounds_left > 0) {
        timer_mod(announce.timer, clock_get_ns(CLOCK_HOST) +
                  announce.next_delay_ms * NS_PER_MS);
        announce.next_delay_ms = MIN(announce.next_delay_ms +
                                     announce.step_ms, announce.max_ms);
    }
}

bool qemu_announce_self(int64_t initial, int64_t max, int64_t rounds,
                        int64_t step, Error **errp)
{
    if (initial < 0 || max < 0 || rounds < 0 || step < 0) {
        error_setg(errp, "announce-self: parameters must not be negative");
        return false;
    }
    if (!announce.timer) {
        announce.timer = timer_new_ns(CLOCK_HOST, announce_timer_cb, NULL);
    }
    timer_del(announce.timer);
    announce.rounds_left = rounds;
    announce.next_delay_ms = MIN(initial, max);
    announce.max_ms = max;
    announce.step_ms = step;
    if (rounds > 0) {
        announce_timer_cb(NULL);
    }
    return true;
}
