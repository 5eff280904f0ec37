/*
 * Network clients: creation, peers, sending with per-receiver queues,
 * link status, NIC receive filter events and the stream framing reader
 * (see include/net/net.h).
 */
#include "util/osdep.h"
#include "util/error.h"
#include "util/cutils.h"
#include "util/error-report.h"
#include "monitor/qmp.h"
#include "net/net.h"

static GList *net_clients;

NetClientState *qemu_new_net_client(const NetClientInfo *info,
                                    NetClientState *peer, const char *model,
                                    const char *name)
{
    NetClientState *nc;

    g_assert(info->size >= sizeof(NetClientState));
    nc = g_malloc0(info->size);
    nc->info = info;
    nc->model = g_strdup(model);
    nc->name = g_strdup(name ? name : model);
    nc->incoming = g_queue_new();
    if (peer) {
        qemu_net_connect_peers(nc, peer);
    }
    net_clients = g_list_append(net_clients, nc);
    return nc;
}

char *qemu_net_nic_name(const char *model)
{
    GList *l;
    int n = 0;

    for (l = net_clients; l; l = l->next) {
        NetClientState *nc = l->data;

        n += !nc->is_netdev && nc->queue_index == 0 &&
             !g_strcmp0(nc->model, model);
    }
    return g_strdup_printf("%s.%d", model, n);
}

void qemu_net_connect_peers(NetClientState *a, NetClientState *b)
{
    g_assert(!a->peer && !b->peer);
    a->peer = b;
    b->peer = a;
}

void qemu_del_net_client(NetClientState *nc)
{
    if (nc->peer) {
        nc->peer->peer = NULL;
        nc->peer->in_use = false;
        nc->peer = NULL;
    }
    net_clients = g_list_remove(net_clients, nc);
    if (nc->info->cleanup) {
        nc->info->cleanup(nc);
    }
    g_queue_free_full(nc->incoming, (GDestroyNotify)g_bytes_unref);
    g_free(nc->name);
    g_free(nc->model);
    g_free(nc);
}

void net_check_clients(bool qtest)
{
    GList *l;

    net_hub_check_clients(qtest);
    for (l = net_clients; l; l = l->next) {
        NetClientState *nc = l->data;

        if (!nc->peer) {
            warn_report("%s %s has no peer",
                        strcmp(nc->info->type, "nic") ? "netdev" : "nic",
                        nc->name);
        }
    }
}

void net_cleanup(void)
{
    GList *l = net_clients;

    /* Back ends only: NICs go with their devices. */
    while (l) {
        NetClientState *nc = l->data;

        l = l->next;
        if (nc->is_netdev) {
            qemu_del_net_client(nc);
        }
    }
}

static bool net_can_receive(NetClientState *nc)
{
    return !nc->info->can_receive || nc->info->can_receive(nc);
}

ssize_t qemu_send_packet(NetClientState *nc, const uint8_t *buf,
                         size_t size)
{
    NetClientState *peer = nc->peer;

    if (!peer) {
        return 0;
    }
    /* A link that is down carries nothing, in either direction. */
    if (nc->link_down || peer->link_down || size > NET_BUFSIZE) {
        return size;
    }
    if (g_queue_is_empty(peer->incoming) && net_can_receive(peer) &&
        peer->info->receive(peer, buf, size) != 0) {
        return size;
    }
    /* Past the limits the frame is lost, as on a congested wire. */
    if (g_queue_get_length(peer->incoming) < NET_QUEUE_MAX_PACKETS &&
        peer->incoming_bytes + size <= NET_QUEUE_MAX_BYTES) {
        g_queue_push_tail(peer->incoming, g_bytes_new(buf, size));
        peer->incoming_bytes += size;
    }
    return size;
}

void qemu_purge_queued_packets(NetClientState *nc)
{
    bool had = !g_queue_is_empty(nc->incoming);

    g_queue_clear_full(nc->incoming, (GDestroyNotify)g_bytes_unref);
    nc->incoming_bytes = 0;
    if (had && nc->peer && nc->peer->info->peer_drained) {
        nc->peer->info->peer_drained(nc->peer);
    }
}

void qemu_flush_queued_packets(NetClientState *nc)
{
    bool had = !g_queue_is_empty(nc->incoming);

    /* A receive callback may flush again: deliver only once. */
    if (nc->flushing) {
        return;
    }
    nc->flushing = true;
    while (!g_queue_is_empty(nc->incoming) && net_can_receive(nc)) {
        /* Our own reference: a reset inside receive may purge the queue. */
        GBytes *b = g_bytes_ref(g_queue_peek_head(nc->incoming));
        gsize len;
        const uint8_t *data = g_bytes_get_data(b, &len);
        bool taken = nc->info->receive(nc, data, len) != 0;

        if (taken && g_queue_peek_head(nc->incoming) == b) {
            g_bytes_unref(g_queue_pop_head(nc->incoming));
            nc->incoming_bytes -= len;
        }
        g_bytes_unref(b);
        if (!taken) {
            break;
        }
    }
    nc->flushing = false;
    if (had && g_queue_is_empty(nc->incoming) && nc->peer &&
        nc->peer->info->peer_drained) {
        nc->peer->info->peer_drained(nc->peer);
    }
}

unsigned int qemu_net_queue_len(const NetClientState *nc)
{
    return g_queue_get_length(nc->incoming);
}

bool qemu_net_peer_busy(const NetClientState *nc)
{
    return nc->peer &&
           (g_queue_get_length(nc->peer->incoming) >= NET_QUEUE_BUSY_PACKETS ||
            nc->peer->incoming_bytes >= NET_QUEUE_MAX_BYTES / 2);
}

bool qemu_has_vnet_hdr(NetClientState *nc)
{
    return nc->peer && nc->peer->info->has_vnet_hdr &&
           nc->peer->info->has_vnet_hdr(nc->peer);
}

bool qemu_has_ufo(NetClientState *nc)
{
    return nc->peer && nc->peer->info->has_ufo &&
           nc->peer->info->has_ufo(nc->peer);
}

bool qemu_set_vnet_hdr_len(NetClientState *nc, int len)
{
    if (!qemu_has_vnet_hdr(nc) || !nc->peer->info->set_vnet_hdr_len) {
        return len == 0;
    }
    return nc->peer->info->set_vnet_hdr_len(nc->peer, len);
}

void qemu_set_offload(NetClientState *nc, const NetOffloads *o)
{
    if (qemu_has_vnet_hdr(nc) && nc->peer->info->set_offload) {
        nc->peer->info->set_offload(nc->peer, o);
    }
}

void qemu_set_queue_enabled(NetClientState *nc, bool on)
{
    if (nc->peer && nc->peer->info->set_queue_enabled) {
        nc->peer->info->set_queue_enabled(nc->peer, on);
    }
}

int qemu_find_netdev_queues(const char *id, NetClientState **ncs, int max)
{
    GList *l;
    int n = 0;

    for (l = net_clients; l && n < max; l = l->next) {
        NetClientState *nc = l->data;

        if (nc->is_netdev && !g_strcmp0(nc->name, id)) {
            ncs[n++] = nc;
        }
    }
    return n;
}

NetClientState *qemu_find_netdev(const char *id)
{
    GList *l;

    for (l = net_clients; l; l = l->next) {
        NetClientState *nc = l->data;

        if (nc->is_netdev && !g_strcmp0(nc->name, id)) {
            return nc;
        }
    }
    return NULL;
}

NetClientState *qemu_find_net_client(const char *name)
{
    GList *l;

    for (l = net_clients; l; l = l->next) {
        NetClientState *nc = l->data;

        if (!g_strcmp0(nc->name, name)) {
            return nc;
        }
    }
    return NULL;
}

GList *qemu_net_clients(void)
{
    return net_clients;
}

void qemu_net_rx_filter_changed(NetClientState *nc, const char *id,
                                const char *path)
{
    QDict *data;

    if (nc->rx_filter_event_sent) {
        return;
    }
    nc->rx_filter_event_sent = true;
    data = qdict_new();
    if (id) {
        qdict_put_str(data, "name", id);
    }
    qdict_put_str(data, "path", path ? path : "");
    qmp_event_send("NIC_RX_FILTER_CHANGED", data);
}

QDict *qemu_net_query_rx_filter(NetClientState *nc)
{
    g_assert(nc->info->query_rx_filter);
    /* The client now knows the filter: tell it of the next change. */
    nc->rx_filter_event_sent = false;
    return nc->info->query_rx_filter(nc);
}

static void net_set_link_one(NetClientState *nc, bool up)
{
    nc->link_down = !up;
    if (nc->info->link_status_changed) {
        nc->info->link_status_changed(nc);
    }
}

bool qemu_set_link(const char *name, bool up, Error **errp)
{
    g_autoptr(GPtrArray) queues = g_ptr_array_new();
    GList *l;
    guint i;

    /* Every queue of a multi-queue client shares the link. */
    for (l = net_clients; l; l = l->next) {
        NetClientState *nc = l->data;

        if (!g_strcmp0(nc->name, name)) {
            g_ptr_array_add(queues, nc);
        }
    }
    if (!queues->len) {
        error_setg(errp, "Device '%s' not found", name);
        return false;
    }
    for (i = 0; i < queues->len; i++) {
        NetClientState *nc = queues->pdata[i];

        net_set_link_one(nc, up);
        /*
         * A NIC and its back end share the link, except through a hub,
         * whose other ports stay up.
         */
        if (nc->peer && g_strcmp0(nc->peer->info->type, "hubport")) {
            net_set_link_one(nc->peer, up);
        }
        if (up && nc->peer) {
            qemu_flush_queued_packets(nc->peer);
        }
    }
    return true;
}

const char *net_opt_str(const QDict *opts, const char *key)
{
    return qdict_get_try_str(opts, key);
}

bool net_opt_bool(const QDict *opts, const char *key, bool def, bool *out,
                  Error **errp)
{
    QObject *o = qdict_get(opts, key);
    const char *s;

    *out = def;
    if (!o) {
        return true;
    }
    if (qobject_type(o) == QTYPE_QBOOL) {
        *out = qbool_get_bool(qobject_to(QBool, o));
        return true;
    }
    s = qdict_get_try_str(opts, key);
    if (s && (!strcmp(s, "on") || !strcmp(s, "yes") || !strcmp(s, "true"))) {
        *out = true;
        return true;
    }
    if (s && (!strcmp(s, "off") || !strcmp(s, "no") || !strcmp(s, "false"))) {
        *out = false;
        return true;
    }
    error_setg(errp, "Parameter '%s' expects 'on' or 'off'", key);
    return false;
}

/* A typed QMP number, or the keyval string through @parse. */
static bool net_opt_number(const QDict *opts, const char *key, uint64_t def,
                           uint64_t *out, int (*parse)(const char *,
                                                       uint64_t *),
                           const char *what, Error **errp)
{
    QObject *o = qdict_get(opts, key);
    const char *s;

    *out = def;
    if (!o) {
        return true;
    }
    if (qobject_type(o) == QTYPE_QNUM &&
        qnum_get_try_uint(qobject_to(QNum, o), out)) {
        return true;
    }
    s = qdict_get_try_str(opts, key);
    if (s && parse(s, out) == 0) {
        return true;
    }
    error_setg(errp, "Parameter '%s' expects %s", key, what);
    return false;
}

/* parse_uint64 without its strtoull-style negation of "-N". */
static int parse_uint_plain(const char *s, uint64_t *out)
{
    return strchr(s, '-') ? -EINVAL : parse_uint64(s, out);
}

bool net_opt_uint(const QDict *opts, const char *key, uint64_t def,
                  uint64_t *out, Error **errp)
{
    return net_opt_number(opts, key, def, out, parse_uint_plain,
                          "a uint64 value", errp);
}

bool net_opt_size(const QDict *opts, const char *key, uint64_t def,
                  uint64_t *out, Error **errp)
{
    return net_opt_number(opts, key, def, out, parse_size,
                          "a non-negative number below 2^64", errp);
}

void net_frame_reader_init(NetFrameReader *r)
{
    memset(r, 0, sizeof(*r));
    r->buf = g_malloc(NET_BUFSIZE);
}

void net_frame_reader_destroy(NetFrameReader *r)
{
    g_free(r->buf);
    r->buf = NULL;
}

void net_frame_header(uint8_t hdr[4], uint32_t len)
{
    hdr[0] = len >> 24;
    hdr[1] = len >> 16;
    hdr[2] = len >> 8;
    hdr[3] = len;
}

bool net_frame_reader_feed(NetFrameReader *r, const uint8_t *data,
                           size_t size,
                           void (*cb)(void *opaque, const uint8_t *frame,
                                      size_t len),
                           void *opaque)
{
    while (size > 0) {
        size_t n;

        if (r->have < 4) {
            n = MIN(size, 4 - r->have);
            memcpy(r->hdr + r->have, data, n);
            r->have += n;
            data += n;
            size -= n;
            if (r->have < 4) {
                break;
            }
            r->len = ((uint32_t)r->hdr[0] << 24) | (r->hdr[1] << 16) |
                     (r->hdr[2] << 8) | r->hdr[3];
            if (r->len > NET_BUFSIZE) {
                r->have = 0;
                return false;
            }
        }
        n = MIN(size, r->len - (r->have - 4));
        memcpy(r->buf + (r->have - 4), data, n);
        r->have += n;
        data += n;
        size -= n;
        if (r->have - 4 == r->len) {
            r->have = 0;
            cb(opaque, r->buf, r->len);
        }
    }
    return true;
}
