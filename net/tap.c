/*
 * The tap back end (-netdev tap): frames go to and come from a Linux
 * TAP interface through /dev/net/tun (Documentation/networking/
 * tuntap.rst in the kernel).  With queues=N the interface is opened N
 * times with IFF_MULTI_QUEUE, one client per queue; with IFF_VNET_HDR
 * each frame carries a virtio-net header, which lets a virtio-net guest
 * pass checksum and segmentation offloads through to the host kernel.
 *
 * Options (as qemu's): ifname, fd, fds, script, downscript, vnet_hdr,
 * queues, sndbuf, br (used only by the bridge helper), poll-us (vhost
 * only).  The bridge helper and vhost-net are not supported.
 */
#include "util/osdep.h"
#include "util/error.h"
#include "util/error-report.h"
#include "util/main-loop.h"
#include "util/cutils.h"
#include "net/net.h"

#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <linux/if_tun.h>

#define TAP_DEV                 "/dev/net/tun"
#define TAP_DEFAULT_SCRIPT      "/etc/qemu-ifup"
#define TAP_DEFAULT_DOWNSCRIPT  "/etc/qemu-ifdown"
/* The interface name the kernel fills in when none is given. */
#define TAP_NAME_TEMPLATE       "tap%d"
/* The header a tap with IFF_VNET_HDR starts with (virtio_net_hdr). */
#define TAP_VNET_HDR_LEN        10
#define TAP_VNET_HDR_MAX        12
/* Frames read per wake-up before others get a turn. */
#define TAP_READ_BATCH          64

typedef struct TapState {
    NetClientState nc;
    int fd;
    char ifname[IFNAMSIZ];
    char *down_script;          /* queue 0 only; NULL for none */
    bool has_vnet_hdr;          /* IFF_VNET_HDR is on for the fd */
    bool has_ufo;
    int hdr_len;                /* header bytes on the fd (0 without) */
    bool peer_hdr;              /* the NIC takes and gives the header */
    bool enabled;               /* attached (multi-queue) */
    bool write_on;
    uint8_t *buf;
} TapState;

static void tap_update_handlers(TapState *s);

/* ---- reading from the interface ---- */

static void tap_readable(void *opaque)
{
    TapState *s = opaque;
    int i;

    for (i = 0; i < TAP_READ_BATCH; i++) {
        ssize_t n;
        int skip;

        if (qemu_net_peer_busy(&s->nc)) {
            break;              /* resumed by peer_drained */
        }
        n = read(s->fd, s->buf, NET_BUFSIZE);
        if (n <= 0) {
            break;
        }
        /* A NIC without the header gets the bare frame. */
        skip = s->peer_hdr ? 0 : s->hdr_len;
        if (n <= skip) {
            continue;
        }
        qemu_send_packet(&s->nc, s->buf + skip, n - skip);
    }
    tap_update_handlers(s);
}

/* ---- writing to the interface ---- */

static ssize_t tap_write(TapState *s, const uint8_t *buf, size_t size)
{
    static const uint8_t zero_hdr[TAP_VNET_HDR_MAX];
    struct iovec iov[2];
    int n = 0;
    ssize_t r;

    if (!s->peer_hdr && s->hdr_len) {
        iov[n].iov_base = (void *)zero_hdr;
        iov[n++].iov_len = s->hdr_len;
    }
    iov[n].iov_base = (void *)buf;
    iov[n++].iov_len = size;
    do {
        r = writev(s->fd, iov, n);
    } while (r < 0 && errno == EINTR);
    return r;
}

static ssize_t tap_receive(NetClientState *nc, const uint8_t *buf,
                           size_t size)
{
    TapState *s = (TapState *)nc;

    if (tap_write(s, buf, size) < 0 && errno == EAGAIN) {
        /* The kernel queue is full: keep the frame, retry when writable. */
        s->write_on = true;
        tap_update_handlers(s);
        return 0;
    }
    /* Frames the kernel refuses (a bad header from the guest) are lost. */
    return size;
}

static void tap_writable(void *opaque)
{
    TapState *s = opaque;

    s->write_on = false;
    qemu_flush_queued_packets(&s->nc);
    tap_update_handlers(s);
}

/*
 * Read while the queue is attached and the NIC keeps up; wait for
 * writability while frames for the kernel are held back.
 */
static void tap_update_handlers(TapState *s)
{
    bool rd = s->enabled && !qemu_net_peer_busy(&s->nc);
    bool wr = s->write_on;

    set_fd_handler(s->fd, rd ? tap_readable : NULL,
                   wr ? tap_writable : NULL, s);
}

static void tap_peer_drained(NetClientState *nc)
{
    tap_update_handlers((TapState *)nc);
}

/* ---- virtio-net header and offloads ---- */

static bool tap_has_vnet_hdr(NetClientState *nc)
{
    return ((TapState *)nc)->has_vnet_hdr;
}

static bool tap_has_ufo(NetClientState *nc)
{
    return ((TapState *)nc)->has_ufo;
}

static bool tap_set_vnet_hdr_len(NetClientState *nc, int len)
{
    TapState *s = (TapState *)nc;

    if (len == 0) {
        s->peer_hdr = false;
        return true;
    }
    if (!s->has_vnet_hdr || len < TAP_VNET_HDR_LEN ||
        len > TAP_VNET_HDR_MAX || ioctl(s->fd, TUNSETVNETHDRSZ, &len) < 0) {
        return false;
    }
    s->hdr_len = len;
    s->peer_hdr = true;
    return true;
}

static unsigned int tap_offload_flags(const NetOffloads *o)
{
    unsigned int f = 0;

    /* The kernel takes segmentation offloads only with checksums. */
    if (o->csum) {
        f |= TUN_F_CSUM;
        f |= o->tso4 ? TUN_F_TSO4 : 0;
        f |= o->tso6 ? TUN_F_TSO6 : 0;
        f |= (o->tso4 || o->tso6) && o->ecn ? TUN_F_TSO_ECN : 0;
        f |= o->ufo ? TUN_F_UFO : 0;
    }
    return f;
}

static void tap_set_offload(NetClientState *nc, const NetOffloads *o)
{
    TapState *s = (TapState *)nc;
    unsigned int f = tap_offload_flags(o);

    if (ioctl(s->fd, TUNSETOFFLOAD, f) < 0 && (f & TUN_F_UFO)) {
        ioctl(s->fd, TUNSETOFFLOAD, f & ~TUN_F_UFO);
    }
}

static void tap_set_queue_enabled(NetClientState *nc, bool on)
{
    TapState *s = (TapState *)nc;
    struct ifreq ifr = { .ifr_flags = on ? IFF_ATTACH_QUEUE
                                         : IFF_DETACH_QUEUE };

    if (s->enabled == on) {
        return;
    }
    /* Single-queue taps have nothing to detach; just stop reading. */
    if (ioctl(s->fd, TUNSETQUEUE, &ifr) < 0 && errno != EINVAL) {
        warn_report("tap %s: could not %s queue %d: %s", s->ifname,
                    on ? "attach" : "detach", nc->queue_index,
                    strerror(errno));
    }
    s->enabled = on;
    tap_update_handlers(s);
}

/* ---- scripts ---- */

static bool tap_run_script(const char *script, const char *ifname,
                           Error **errp)
{
    g_autoptr(GError) err = NULL;
    char *argv[] = { (char *)script, (char *)ifname, NULL };
    int status = 0;

    /* A script that cannot start fails like one exiting 1 (as qemu). */
    if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN,
                      NULL, NULL, NULL, NULL, &status, &err)) {
        status = 1 << 8;
    }
    if (status) {
        error_setg(errp, "network script %s failed with status %d", script,
                   status);
        return false;
    }
    return true;
}

static bool tap_script_set(const char *script)
{
    return script && script[0] && strcmp(script, "no") != 0;
}

static void tap_cleanup(NetClientState *nc)
{
    TapState *s = (TapState *)nc;

    set_fd_handler(s->fd, NULL, NULL, NULL);
    if (s->down_script) {
        Error *err = NULL;

        if (!tap_run_script(s->down_script, s->ifname, &err)) {
            error_report_err(err);
        }
        g_free(s->down_script);
    }
    close(s->fd);
    g_free(s->buf);
}

static const NetClientInfo net_tap_info = {
    .type = "tap",
    .size = sizeof(TapState),
    .receive = tap_receive,
    .cleanup = tap_cleanup,
    .peer_drained = tap_peer_drained,
    .has_vnet_hdr = tap_has_vnet_hdr,
    .has_ufo = tap_has_ufo,
    .set_vnet_hdr_len = tap_set_vnet_hdr_len,
    .set_offload = tap_set_offload,
    .set_queue_enabled = tap_set_queue_enabled,
};

/* ---- opening ---- */

/* Open one queue of @ifname (updated with the name the kernel chose). */
static int tap_open(char ifname[IFNAMSIZ], bool *vnet_hdr, bool need_hdr,
                    bool multi_queue, Error **errp)
{
    struct ifreq ifr = { 0 };
    unsigned int features = 0;
    int fd = open(TAP_DEV, O_RDWR | O_CLOEXEC);

    if (fd < 0) {
        error_setg_errno(errp, errno, "could not open %s", TAP_DEV);
        return -1;
    }
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    if (ioctl(fd, TUNGETFEATURES, &features) < 0) {
        features = 0;
    }
    if (*vnet_hdr) {
        if (features & IFF_VNET_HDR) {
            ifr.ifr_flags |= IFF_VNET_HDR;
        } else if (need_hdr) {
            error_setg(errp, "vnet_hdr=1 requested, but no kernel support "
                       "for IFF_VNET_HDR available");
            close(fd);
            return -1;
        } else {
            *vnet_hdr = false;
        }
    }
    if (multi_queue) {
        if (!(features & IFF_MULTI_QUEUE)) {
            error_setg(errp, "multiqueue tap is not supported by the kernel");
            close(fd);
            return -1;
        }
        ifr.ifr_flags |= IFF_MULTI_QUEUE;
    }
    g_strlcpy(ifr.ifr_name, ifname[0] ? ifname : TAP_NAME_TEMPLATE,
              IFNAMSIZ);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        error_setg_errno(errp, errno, "could not configure %s (%s)", TAP_DEV,
                         ifr.ifr_name);
        close(fd);
        return -1;
    }
    g_strlcpy(ifname, ifr.ifr_name, IFNAMSIZ);
    return fd;
}

/* Set up the client for @fd (an open tap queue) as queue @index of @id. */
static TapState *tap_new_queue(const char *id, int index, int fd,
                               const char *ifname, bool vnet_hdr,
                               uint64_t sndbuf)
{
    static const NetOffloads none;
    TapState *s;
    int sb = sndbuf ? MIN(sndbuf, INT_MAX) : INT_MAX;
    unsigned int ufo = TUN_F_CSUM | TUN_F_UFO;

    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    ioctl(fd, TUNSETSNDBUF, &sb);
    s = (TapState *)qemu_new_net_client(&net_tap_info, NULL, "tap", id);
    s->nc.is_netdev = true;
    s->nc.queue_index = index;
    s->fd = fd;
    s->buf = g_malloc(NET_BUFSIZE);
    g_strlcpy(s->ifname, ifname, sizeof(s->ifname));
    s->has_vnet_hdr = vnet_hdr;
    s->hdr_len = vnet_hdr ? TAP_VNET_HDR_LEN : 0;
    if (vnet_hdr) {
        int len = TAP_VNET_HDR_LEN;

        ioctl(fd, TUNSETVNETHDRSZ, &len);
        s->has_ufo = ioctl(fd, TUNSETOFFLOAD, ufo) == 0;
    }
    /* Nothing offloaded until a NIC asks for it. */
    tap_set_offload(&s->nc, &none);
    s->enabled = true;
    tap_update_handlers(s);
    return s;
}

/* The numbers in "fd=N" or "fds=N:M:...", checked to be open. */
static int tap_parse_fds(const char *id, const char *str, int *fds, int max,
                         Error **errp)
{
    g_auto(GStrv) parts = g_strsplit(str, ":", -1);
    int n = 0, i;

    for (i = 0; parts[i]; i++) {
        int64_t v;

        if (n == max) {
            error_setg(errp, "%s: more than %d file descriptors", id, max);
            return -1;
        }
        if (parse_int64(parts[i], &v) < 0 || v < 0 || v > INT_MAX) {
            error_setg(errp, "%s: file descriptor '%s' is not a number "
                       "(named descriptors need getfd, which Corvid lacks)",
                       id, parts[i]);
            return -1;
        }
        if (fcntl(v, F_GETFD) < 0) {
            error_setg_errno(errp, errno, "%s: Can't use file descriptor %d",
                             id, (int)v);
            return -1;
        }
        fds[n++] = v;
    }
    return n;
}

static bool tap_fd_vnet_hdr(int fd)
{
    struct ifreq ifr = { 0 };

    return ioctl(fd, TUNGETIFF, &ifr) == 0 && (ifr.ifr_flags & IFF_VNET_HDR);
}

static bool tap_init_fds(const QDict *opts, const char *id, const char *key,
                         uint64_t sndbuf, Error **errp)
{
    int fds[NET_MAX_QUEUES];
    int n = tap_parse_fds(id, net_opt_str(opts, key), fds, NET_MAX_QUEUES,
                          errp);
    int i;

    if (n <= 0) {
        if (n == 0) {
            error_setg(errp, "%s: %s= names no file descriptor", id, key);
        }
        return false;
    }
    /* Only taps, each once: the fds become ours and are closed with us. */
    for (i = 0; i < n; i++) {
        struct ifreq ifr = { 0 };
        int j;

        if (ioctl(fds[i], TUNGETIFF, &ifr) < 0) {
            error_setg_errno(errp, errno, "Unable to query TUNGETIFF on FD %d",
                             fds[i]);
            return false;
        }
        for (j = 0; j < i; j++) {
            if (fds[j] == fds[i]) {
                error_setg(errp, "%s: file descriptor %d given twice", id,
                           fds[i]);
                return false;
            }
        }
    }
    for (i = 0; i < n; i++) {
        struct ifreq ifr = { 0 };
        TapState *s;

        ioctl(fds[i], TUNGETIFF, &ifr);
        s = tap_new_queue(id, i, fds[i], ifr.ifr_name, tap_fd_vnet_hdr(fds[i]),
                          sndbuf);
        snprintf(s->nc.info_str, sizeof(s->nc.info_str), "fd=%d", fds[i]);
    }
    return true;
}

/* Keys that qemu refuses next to fd= and fds=. */
static const char *const tap_fd_exclusive[] = {
    "ifname", "script", "downscript", "vnet_hdr", "helper", "queues", NULL
};

bool net_init_tap(const QDict *opts, const char *id, Error **errp)
{
    const char *ifname_opt = net_opt_str(opts, "ifname");
    const char *script = net_opt_str(opts, "script");
    const char *downscript = net_opt_str(opts, "downscript");
    char ifname[IFNAMSIZ] = "";
    bool vnet_hdr, vhost, vhostforce;
    uint64_t queues, sndbuf;
    int fds[NET_MAX_QUEUES];
    const char *const *k;
    int i;

    if (!net_opt_bool(opts, "vnet_hdr", true, &vnet_hdr, errp) ||
        !net_opt_bool(opts, "vhost", false, &vhost, errp) ||
        !net_opt_bool(opts, "vhostforce", false, &vhostforce, errp) ||
        !net_opt_uint(opts, "queues", 1, &queues, errp) ||
        !net_opt_size(opts, "sndbuf", 0, &sndbuf, errp)) {
        return false;
    }
    if (vhost || vhostforce || qdict_haskey(opts, "vhostfd") ||
        qdict_haskey(opts, "vhostfds")) {
        error_setg(errp, "vhost-net is not supported by Corvid; use "
                   "vhost=off");
        return false;
    }
    if (qdict_haskey(opts, "helper")) {
        error_setg(errp, "helper= (the bridge helper) is not supported by "
                   "Corvid; create the tap and use ifname=");
        return false;
    }
    for (k = tap_fd_exclusive; *k; k++) {
        if (qdict_haskey(opts, "fd") && qdict_haskey(opts, *k)) {
            error_setg(errp, "ifname=, script=, downscript=, vnet_hdr=, "
                       "helper=, queues=, fds=, and vhostfds= are invalid "
                       "with fd=");
            return false;
        }
        if (qdict_haskey(opts, "fds") && qdict_haskey(opts, *k)) {
            error_setg(errp, "ifname=, script=, downscript=, vnet_hdr=, "
                       "helper=, queues=, and vhostfd= are invalid with "
                       "fds=");
            return false;
        }
    }
    if (qdict_haskey(opts, "fd") && qdict_haskey(opts, "fds")) {
        error_setg(errp, "ifname=, script=, downscript=, vnet_hdr=, "
                   "helper=, queues=, fds=, and vhostfds= are invalid "
                   "with fd=");
        return false;
    }
    if (qdict_haskey(opts, "fd") || qdict_haskey(opts, "fds")) {
        return tap_init_fds(opts, id, qdict_haskey(opts, "fd") ? "fd" : "fds",
                            sndbuf, errp);
    }
    if (queues < 1 || queues > NET_MAX_QUEUES) {
        error_setg(errp, "Parameter 'queues' expects a number from 1 to %d",
                   NET_MAX_QUEUES);
        return false;
    }
    if (ifname_opt && strlen(ifname_opt) >= IFNAMSIZ) {
        error_setg(errp, "ifname '%s' is longer than %d characters",
                   ifname_opt, IFNAMSIZ - 1);
        return false;
    }
    if (ifname_opt) {
        g_strlcpy(ifname, ifname_opt, sizeof(ifname));
    }
    if (!script) {
        script = TAP_DEFAULT_SCRIPT;
    }
    if (!downscript) {
        downscript = TAP_DEFAULT_DOWNSCRIPT;
    }
    for (i = 0; i < (int)queues; i++) {
        fds[i] = tap_open(ifname, &vnet_hdr,
                          qdict_haskey(opts, "vnet_hdr") && vnet_hdr,
                          queues > 1, errp);
        if (fds[i] < 0) {
            goto fail;
        }
    }
    if (tap_script_set(script) && !tap_run_script(script, ifname, errp)) {
        goto fail;
    }
    for (i = 0; i < (int)queues; i++) {
        TapState *s = tap_new_queue(id, i, fds[i], ifname, vnet_hdr, sndbuf);

        if (i == 0 && tap_script_set(downscript)) {
            s->down_script = g_strdup(downscript);
        }
        snprintf(s->nc.info_str, sizeof(s->nc.info_str),
                 "ifname=%s,script=%s,downscript=%s", ifname,
                 i ? "no" : script, i ? "no" : downscript);
    }
    return true;

fail:
    while (--i >= 0) {
        close(fds[i]);
    }
    return false;
}
