/*
 * virtio-net-pci on a tap back end, against the host kernel: the test
 * plays the guest driver and, on the host side, watches and feeds the
 * tap interface with AF_PACKET sockets.  Frames both ways, the virtio-net
 * header passed through with checksum and TSO offloads (and the guest
 * offload control command), multiqueue with the queue layout moving the
 * control queue and the kernel steering flows to queue pairs, detached
 * queues after MQ_VQ_PAIRS_SET, and the -netdev tap option errors and
 * scripts.  Needs /dev/net/tun and CAP_NET_ADMIN/CAP_NET_RAW: without
 * them every test says SKIP with the reason.
 */
#include "util/osdep.h"
#include "libqtest.h"
#include "libqvirtio.h"
#include "virtio-test-util.h"
#include "net-test-util.h"

#include <net/if.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <linux/if_ether.h>
#include <linux/if_tun.h>

#define NET_LEGACY_ID       0x1000
#define F_CSUM              (1ULL << 0)
#define F_GUEST_CSUM        (1ULL << 1)
#define F_CTRL_GUEST_OFF    (1ULL << 2)
#define F_GUEST_TSO4        (1ULL << 7)
#define F_GUEST_UFO         (1ULL << 10)
#define F_HOST_TSO4         (1ULL << 11)
#define F_MRG_RXBUF         (1ULL << 15)
#define F_CTRL_VQ           (1ULL << 17)
#define F_MQ                (1ULL << 22)
#define CFG_MAX_PAIRS       8
#define HDR_LEN             12          /* VERSION_1 header */
#define NET_OK              0
#define NET_ERR             1
#define CTRL_MQ             4
#define CTRL_GUEST_OFFLOADS 5
#define GSO_TCPV4           1
#define HDR_F_NEEDS_CSUM    1
/* An rx buffer that takes a 64 KiB TSO frame whole. */
#define RX_BIG              (65536 + 256)
#define RX_SMALL            2048
/* Ethernet + IPv4 + TCP headers of the TSO test frames. */
#define TCP_HDRS            (14 + 20 + 20)
#define TSO_PAYLOAD         3000
#define TSO_MSS             1000
#define ETHERTYPE_TEST      0x88b5      /* IEEE local experimental */

/* Virtual time per poll while waiting for the emulator. */
#define POLL_NS             100000

static const uint8_t guest_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const uint8_t host_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x77 };
static char skip_reason[128];

typedef struct TapTest {
    VTMachine m;
    char ifname[IFNAMSIZ];
    int pkt;                    /* AF_PACKET on the tap, plain frames */
    int pkt_hdr;                /* AF_PACKET with PACKET_VNET_HDR */
    QVirtioDevice *vd;
    QVirtQueue *rx[2], *tx[2], *ctrl;
    int pairs;
} TapTest;

static void put_be16(uint8_t *p, uint16_t v)
{
    p[0] = v >> 8;
    p[1] = v;
}

static void put_le16(uint8_t *p, uint16_t v)
{
    p[0] = v;
    p[1] = v >> 8;
}

static uint16_t get_le16(const uint8_t *p)
{
    return p[0] | (p[1] << 8);
}

static int64_t qom_get_int(QTestState *qts, const char *path,
                           const char *prop)
{
    QObject *o = qtest_qom_get(qts, path, prop);
    int64_t v = -1;

    g_assert_nonnull(o);
    g_assert_true(qnum_get_try_int(qobject_to(QNum, o), &v));
    qobject_unref(o);
    return v;
}

/* ---- host side ---- */

static bool tap_usable(void)
{
    struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR |
                                      IFF_MULTI_QUEUE };
    int fd = open("/dev/net/tun", O_RDWR);
    int ps;

    if (fd < 0) {
        snprintf(skip_reason, sizeof(skip_reason),
                 "cannot open /dev/net/tun: %s", strerror(errno));
        return false;
    }
    snprintf(ifr.ifr_name, IFNAMSIZ, "cvprobe%d", getpid() % 100000);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        snprintf(skip_reason, sizeof(skip_reason),
                 "cannot make a multi-queue tap with vnet headers: %s",
                 strerror(errno));
        close(fd);
        return false;
    }
    close(fd);
    ps = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
    if (ps < 0) {
        snprintf(skip_reason, sizeof(skip_reason),
                 "no AF_PACKET sockets: %s", strerror(errno));
        return false;
    }
    close(ps);
    return true;
}

static void unique_ifname(char *name)
{
    static int n;

    snprintf(name, IFNAMSIZ, "cvt%d.%d", getpid() % 100000, n++);
}

static void link_up(const char *ifname)
{
    struct ifreq ifr = { 0 };
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    g_autofree char *v6 = g_strdup_printf(
        "/proc/sys/net/ipv6/conf/%s/disable_ipv6", ifname);
    FILE *f;

    /* Keep the kernel's own IPv6 chatter off the wire where we can. */
    f = fopen(v6, "w");
    if (f) {
        fputs("1", f);
        fclose(f);
    }
    g_strlcpy(ifr.ifr_name, ifname, IFNAMSIZ);
    g_assert_cmpint(ioctl(s, SIOCGIFFLAGS, &ifr), ==, 0);
    ifr.ifr_flags |= IFF_UP;
    g_assert_cmpint(ioctl(s, SIOCSIFFLAGS, &ifr), ==, 0);
    close(s);
}

static int packet_socket(const char *ifname, bool vnet_hdr)
{
    int s = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
    struct sockaddr_ll sll = { .sll_family = AF_PACKET,
                               .sll_protocol = htons(ETH_P_ALL) };
    int one = 1;

    g_assert_cmpint(s, >=, 0);
    sll.sll_ifindex = if_nametoindex(ifname);
    g_assert_cmpint(sll.sll_ifindex, >, 0);
    if (vnet_hdr) {
        g_assert_cmpint(setsockopt(s, SOL_PACKET, PACKET_VNET_HDR, &one,
                                   sizeof(one)), ==, 0);
    }
    g_assert_cmpint(bind(s, (struct sockaddr *)&sll, sizeof(sll)), ==, 0);
    return s;
}

/*
 * The next frame on @s that came from the guest with @ethertype (at
 * @off, after any vnet header), skipping the kernel's own traffic; its
 * length, or -1 after @ms.
 */
static ssize_t host_recv(int s, uint8_t *buf, size_t size, int ms,
                         uint16_t ethertype, size_t off)
{
    int64_t end = g_get_monotonic_time() + ms * 1000LL;

    for (;;) {
        int left = (end - g_get_monotonic_time()) / 1000;
        struct pollfd p = { .fd = s, .events = POLLIN };
        struct sockaddr_ll from;
        socklen_t fl = sizeof(from);
        ssize_t n;

        if (left <= 0 || poll(&p, 1, left) != 1) {
            return -1;
        }
        n = recvfrom(s, buf, size, 0, (struct sockaddr *)&from, &fl);
        if (n < (ssize_t)(off + 14) || from.sll_pkttype == PACKET_OUTGOING ||
            memcmp(buf + off + 6, guest_mac, 6) ||
            ((buf[off + 12] << 8) | buf[off + 13]) != ethertype) {
            continue;
        }
        return n;
    }
}

static void host_send(int s, const void *buf, size_t len)
{
    g_assert_cmpint(send(s, buf, len, 0), ==, (ssize_t)len);
}

/* ---- frames ---- */

static size_t test_frame(uint8_t *f, const uint8_t *dst, const uint8_t *src,
                         uint8_t fill)
{
    memset(f, fill, 100);
    memcpy(f, dst, 6);
    memcpy(f + 6, src, 6);
    f[12] = ETHERTYPE_TEST >> 8;
    f[13] = ETHERTYPE_TEST & 0xff;
    return 100;
}

static uint16_t ip_csum(const uint8_t *p, size_t len)
{
    uint32_t sum = 0;
    size_t i;

    for (i = 0; i + 1 < len; i += 2) {
        sum += (p[i] << 8) | p[i + 1];
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return ~sum;
}

/*
 * An Ethernet/IPv4/UDP (@tcp false) or TCP frame from @src to @dst
 * between 10.77.0.@a:@sport and 10.77.0.@b:@dport with @payload bytes.
 * The TCP checksum field holds the pseudo-header sum, as a sender
 * asking for checksum offload leaves it.
 */
static size_t ip_frame(uint8_t *f, const uint8_t *dst, const uint8_t *src,
                       bool tcp, uint8_t a, uint8_t b, uint16_t sport,
                       uint16_t dport, size_t payload)
{
    size_t l4 = tcp ? 20 : 8;
    size_t ip_len = 20 + l4 + payload;
    uint8_t *ip = f + 14, *th = ip + 20;
    uint32_t ps;

    memset(f, 0, 14 + ip_len);
    memcpy(f, dst, 6);
    memcpy(f + 6, src, 6);
    f[12] = 0x08;
    ip[0] = 0x45;
    ip[2] = ip_len >> 8;
    ip[3] = ip_len;
    ip[6] = 0x40;                       /* don't fragment */
    ip[8] = 64;
    ip[9] = tcp ? 6 : 17;
    ip[12] = 10; ip[13] = 77; ip[15] = a;
    ip[16] = 10; ip[17] = 77; ip[19] = b;
    put_be16(ip + 10, ip_csum(ip, 20));
    put_be16(th, sport);
    put_be16(th + 2, dport);
    if (tcp) {
        th[12] = 5 << 4;
        th[13] = 0x18;                  /* PSH, ACK */
        put_be16(th + 14, 65535);
        ps = (10 << 8) + 77 + a + (10 << 8) + 77 + b + 6 + l4 + payload;
        while (ps >> 16) {
            ps = (ps & 0xffff) + (ps >> 16);
        }
        put_be16(th + 16, ps);
    } else {
        put_be16(th + 4, l4 + payload);
    }
    memset(th + l4, 0x5a, payload);
    return 14 + ip_len;
}

/* ---- guest side ---- */

/* Start pc with @args (a tap netdev "n0" on interface t->ifname). */
static void tap_start_args(TapTest *t, const char *args)
{
    QPCIDevice *pdev;

    vt_start(&t->m, "pc", args);
    link_up(t->ifname);
    t->pkt = packet_socket(t->ifname, false);
    t->pkt_hdr = packet_socket(t->ifname, true);
    pdev = vt_find(&t->m, NET_LEGACY_ID, 0);
    g_assert_nonnull(pdev);
    t->vd = qvirtio_pci_new(pdev, t->m.alloc);
    qvirtio_reset(t->vd);
}

static void tap_start(TapTest *t, int queues, const char *netdev_extra,
                      const char *dev_extra)
{
    g_autofree char *args = NULL;

    memset(t, 0, sizeof(*t));
    unique_ifname(t->ifname);
    args = g_strdup_printf("-netdev tap,id=n0,ifname=%s,script=no,"
                           "downscript=no,queues=%d%s "
                           "-device virtio-net-pci,netdev=n0,id=nic0%s",
                           t->ifname, queues, netdev_extra, dev_extra);
    tap_start_args(t, args);
}

/* Negotiate @feat and set up @pairs queue pairs (and ctrl if asked). */
static void tap_setup(TapTest *t, uint64_t feat, int pairs)
{
    int i, ctrl = (feat & F_MQ) ? 2 * pairs : 2;

    g_assert_true(qvirtio_negotiate(t->vd, QVIRTIO_F_VERSION_1 | feat));
    for (i = 0; i < pairs; i++) {
        t->rx[i] = qvirtqueue_setup(t->vd, 2 * i, false);
        t->tx[i] = qvirtqueue_setup(t->vd, 2 * i + 1, false);
    }
    t->pairs = pairs;
    t->ctrl = (feat & F_CTRL_VQ) ? qvirtqueue_setup(t->vd, ctrl, false)
                                 : NULL;
    qvirtio_set_driver_ok(t->vd);
}

static void tap_stop(TapTest *t)
{
    int i;

    for (i = 0; i < t->pairs; i++) {
        qvirtqueue_cleanup(t->rx[i]);
        qvirtqueue_cleanup(t->tx[i]);
    }
    if (t->ctrl) {
        qvirtqueue_cleanup(t->ctrl);
    }
    qvirtio_pci_free(t->vd);
    close(t->pkt);
    close(t->pkt_hdr);
    vt_stop(&t->m);
}

/* Transmit @hdr (HDR_LEN bytes, NULL: zeros) and @frame on pair @q. */
static void guest_tx(TapTest *t, int q, const uint8_t *hdr,
                     const uint8_t *frame, size_t len)
{
    uint64_t buf = qguest_alloc(t->m.alloc, HDR_LEN + len, 16);
    QVirtBuf b = { .addr = buf, .len = HDR_LEN + len, .write = false };
    uint16_t id;

    qtest_memset(t->m.qts, buf, 0, HDR_LEN);
    if (hdr) {
        qtest_memwrite(t->m.qts, buf, hdr, HDR_LEN);
    }
    qtest_memwrite(t->m.qts, buf + HDR_LEN, frame, len);
    id = qvirtqueue_add(t->tx[q], &b, 1, false);
    qvirtqueue_kick(t->tx[q]);
    qvirtqueue_wait_used(t->tx[q], id, QVIRTIO_TIMEOUT_US);
}

typedef struct RxBuf {
    uint64_t addr;
    uint16_t id;
} RxBuf;

static RxBuf guest_rx_post(TapTest *t, int q, size_t size)
{
    RxBuf r;
    QVirtBuf b;

    r.addr = qguest_alloc(t->m.alloc, size, 16);
    b = (QVirtBuf){ .addr = r.addr, .len = size, .write = true };
    r.id = qvirtqueue_add(t->rx[q], &b, 1, false);
    qvirtqueue_kick(t->rx[q]);
    return r;
}

/*
 * Wait until some posted rx buffer of the @n pairs is used; which pair
 * (-1 after 5 s), with its length and buffer id.
 */
static int guest_rx_wait(TapTest *t, int n, uint16_t *id, uint32_t *len)
{
    int waited, q;

    for (waited = 0; waited < 5000; waited++) {
        for (q = 0; q < n; q++) {
            if (qvirtqueue_get_used(t->rx[q], id, len)) {
                return q;
            }
        }
        qtest_clock_step(t->m.qts, POLL_NS);
        g_usleep(1000);
    }
    return -1;
}

/*
 * Wait for a frame of the test's own (skipping what the kernel sends
 * on its own: IPv6 and ARP noise), copied into @out.
 */
static int guest_rx_frame(TapTest *t, int n, uint16_t ethertype,
                          uint8_t *hdr, uint8_t *out, uint32_t *flen,
                          RxBuf *bufs)
{
    for (;;) {
        uint16_t id;
        uint32_t len;
        int q = guest_rx_wait(t, n, &id, &len);
        uint64_t addr;

        if (q < 0) {
            return -1;
        }
        /* One buffer is posted per pair at a time. */
        g_assert_cmpuint(bufs[q].id, ==, id);
        addr = bufs[q].addr;
        g_assert_cmpuint(len, >=, HDR_LEN + 14);
        qtest_memread(t->m.qts, addr, hdr, HDR_LEN);
        qtest_memread(t->m.qts, addr + HDR_LEN, out, len - HDR_LEN);
        /* Post the buffer again on the pair that used it. */
        bufs[q] = guest_rx_post(t, q, RX_BIG);
        if (((out[12] << 8) | out[13]) == ethertype) {
            *flen = len - HDR_LEN;
            return q;
        }
    }
}

static uint8_t ctrl_cmd(TapTest *t, uint8_t cls, uint8_t cmd,
                        const void *data, size_t len)
{
    return net_test_ctrl_cmd(t->m.qts, t->m.alloc, t->ctrl, cls, cmd, data,
                             len);
}

static uint8_t mq_set(TapTest *t, uint16_t pairs)
{
    uint8_t d[2] = { pairs, pairs >> 8 };

    return ctrl_cmd(t, CTRL_MQ, 0, d, 2);
}

static uint8_t offloads_set(TapTest *t, uint64_t offloads)
{
    uint8_t d[8];
    int i;

    for (i = 0; i < 8; i++) {
        d[i] = offloads >> (8 * i);
    }
    return ctrl_cmd(t, CTRL_GUEST_OFFLOADS, 0, d, 8);
}

#define SKIP_UNLESS_TAP() \
    do { \
        if (!tap_usable()) { \
            g_test_skip(skip_reason); \
            return; \
        } \
    } while (0)

/* ---- tests ---- */

/* Offloads appear with the header; MQ moves the control queue. */
static void test_features_layout(void)
{
    TapTest t;
    uint64_t f;

    SKIP_UNLESS_TAP();
    tap_start(&t, 2, "", ",mq=on");
    f = qvirtio_get_features(t.vd);
    g_assert_true(f & F_CSUM);
    g_assert_true(f & F_GUEST_CSUM);
    g_assert_true(f & F_HOST_TSO4);
    g_assert_true(f & F_GUEST_TSO4);
    g_assert_true(f & F_CTRL_GUEST_OFF);
    g_assert_true(f & F_MQ);
    g_assert_cmpuint(qvirtio_config_readw(t.vd, CFG_MAX_PAIRS), ==, 2);
    /* qemu's default: a vector per queue, ctrl and config. */
    g_assert_cmpint(qom_get_int(t.m.qts, "/machine/peripheral/nic0",
                                      "vectors"), ==, 6);
    /* Before MQ: rx0, tx0, then the control queue (64 entries). */
    g_assert_cmpuint(qvirtio_common_read(t.vd, QVIRTIO_COMMON_NUMQ, 2),
                     ==, 3);
    g_assert_cmpuint(qvirtio_queue_max_size(t.vd, 2), ==, 64);
    qvirtio_set_status(t.vd, QVIRTIO_S_ACKNOWLEDGE | QVIRTIO_S_DRIVER);
    qvirtio_set_features(t.vd, QVIRTIO_F_VERSION_1 | F_CTRL_VQ | F_MQ);
    g_assert_cmpuint(qvirtio_common_read(t.vd, QVIRTIO_COMMON_NUMQ, 2),
                     ==, 5);
    g_assert_cmpuint(qvirtio_queue_max_size(t.vd, 2), ==, 256);
    g_assert_cmpuint(qvirtio_queue_max_size(t.vd, 4), ==, 64);
    /* Taking MQ back before FEATURES_OK moves it back. */
    qvirtio_set_features(t.vd, QVIRTIO_F_VERSION_1 | F_CTRL_VQ);
    g_assert_cmpuint(qvirtio_common_read(t.vd, QVIRTIO_COMMON_NUMQ, 2),
                     ==, 3);
    tap_stop(&t);

    /* vnet_hdr=off: no header, no offloads. */
    tap_start(&t, 1, ",vnet_hdr=off", "");
    f = qvirtio_get_features(t.vd);
    g_assert_false(f & (F_CSUM | F_GUEST_CSUM | F_HOST_TSO4 | F_GUEST_TSO4));
    g_assert_false(f & F_MQ);
    g_assert_true(f & F_CTRL_GUEST_OFF);        /* offered, as qemu */
    g_assert_cmpint(qom_get_int(t.m.qts, "/machine/peripheral/nic0",
                                      "vectors"), ==, 4);
    tap_stop(&t);
}

/* Plain frames through the kernel both ways, with and without header. */
static void tap_frames_roundtrip(const char *netdev_extra)
{
    TapTest t;
    uint8_t f[100], got[RX_BIG], hdr[HDR_LEN];
    RxBuf bufs[1];
    uint32_t len;
    size_t n;

    tap_start(&t, 1, netdev_extra, "");
    tap_setup(&t, 0, 1);
    n = test_frame(f, host_mac, guest_mac, 0xa1);
    guest_tx(&t, 0, NULL, f, n);
    g_assert_cmpint(host_recv(t.pkt, got, sizeof(got), 5000, ETHERTYPE_TEST,
                              0), ==, n);
    g_assert_cmpmem(got, n, f, n);

    bufs[0] = guest_rx_post(&t, 0, RX_BIG);
    n = test_frame(f, guest_mac, host_mac, 0xb2);
    host_send(t.pkt, f, n);
    g_assert_cmpint(guest_rx_frame(&t, 1, ETHERTYPE_TEST, hdr, got, &len,
                                   bufs), ==, 0);
    g_assert_cmpmem(got, len, f, n);
    g_assert_cmpuint(hdr[0], ==, 0);            /* flags */
    g_assert_cmpuint(hdr[1], ==, 0);            /* gso_type */
    g_assert_cmpuint(hdr[10] | (hdr[11] << 8), ==, 1);  /* num_buffers */
    tap_stop(&t);
}

static void test_frames(void)
{
    SKIP_UNLESS_TAP();
    tap_frames_roundtrip("");
    tap_frames_roundtrip(",vnet_hdr=off");
}

/*
 * Frames from the kernel while the guest has no buffers: the tap stops
 * reading once NET_QUEUE_BUSY_PACKETS wait in the card (the rest stay in
 * the kernel's queue) and goes on as the guest takes them; none is lost
 * or reordered.
 */
#define BACKLOG_FRAMES      400

static void test_backlog(void)
{
    TapTest t;
    uint64_t addr[1024] = { 0 };
    uint8_t f[100];
    int i, expect = 0, idle = 0;
    size_t n;

    SKIP_UNLESS_TAP();
    tap_start(&t, 1, "", "");
    tap_setup(&t, 0, 1);
    for (i = 0; i < BACKLOG_FRAMES; i++) {
        n = test_frame(f, guest_mac, host_mac, 0);
        f[14] = i >> 8;
        f[15] = i;
        host_send(t.pkt, f, n);
    }
    for (i = 0; i < 50; i++) {
        qtest_clock_step(t.m.qts, POLL_NS);
        g_usleep(1000);
    }
    while (expect < BACKLOG_FRAMES) {
        uint16_t id;
        uint32_t len;

        while (qvirtqueue_num_free(t.rx[0]) > 0) {
            RxBuf r = guest_rx_post(&t, 0, RX_SMALL);

            g_assert_cmpuint(r.id, <, G_N_ELEMENTS(addr));
            addr[r.id] = r.addr;
        }
        while (qvirtqueue_get_used(t.rx[0], &id, &len)) {
            uint8_t got[HDR_LEN + 16];

            qtest_memread(t.m.qts, addr[id], got, sizeof(got));
            qguest_free(t.m.alloc, addr[id]);
            if (((got[HDR_LEN + 12] << 8) | got[HDR_LEN + 13]) ==
                ETHERTYPE_TEST) {
                g_assert_cmpint((got[HDR_LEN + 14] << 8) |
                                got[HDR_LEN + 15], ==, expect);
                expect++;
            }
            idle = 0;
        }
        g_assert_cmpint(++idle, <, 5000);
        qtest_clock_step(t.m.qts, POLL_NS);
        g_usleep(200);
    }
    tap_stop(&t);
}

/* The kernel steers a flow to the queue it came from; detached queues
 * get nothing. */
static void test_multiqueue(void)
{
    TapTest t;
    uint8_t f[200], got[RX_BIG], hdr[HDR_LEN];
    RxBuf bufs[2];
    uint32_t len;
    size_t n;
    int q, i;

    SKIP_UNLESS_TAP();
    tap_start(&t, 2, "", ",mq=on");
    tap_setup(&t, F_CTRL_VQ | F_MQ, 2);
    g_assert_cmpuint(mq_set(&t, 0), ==, NET_ERR);
    g_assert_cmpuint(mq_set(&t, 3), ==, NET_ERR);
    g_assert_cmpuint(mq_set(&t, 2), ==, NET_OK);
    bufs[0] = guest_rx_post(&t, 0, RX_BIG);
    bufs[1] = guest_rx_post(&t, 1, RX_BIG);

    for (i = 0; i < 2; i++) {
        /* A UDP flow out of pair i, and its answer. */
        n = ip_frame(f, host_mac, guest_mac, false, 2, 1, 4000 + i, 53, 40);
        guest_tx(&t, i, NULL, f, n);
        g_assert_cmpint(host_recv(t.pkt, got, sizeof(got), 5000, 0x0800, 0),
                        ==, n);
        g_assert_cmpmem(got, n, f, n);
        n = ip_frame(f, guest_mac, host_mac, false, 1, 2, 53, 4000 + i, 40);
        host_send(t.pkt, f, n);
        q = guest_rx_frame(&t, 2, 0x0800, hdr, got, &len, bufs);
        g_assert_cmpint(q, ==, i);
        g_assert_cmpmem(got, len, f, n);
    }

    /* One pair again: queue 1 of the tap is detached. */
    g_assert_cmpuint(mq_set(&t, 1), ==, NET_OK);
    for (i = 0; i < 4; i++) {
        n = ip_frame(f, guest_mac, host_mac, false, 1, 2, 53, 4001, 40 + i);
        host_send(t.pkt, f, n);
        q = guest_rx_frame(&t, 2, 0x0800, hdr, got, &len, bufs);
        g_assert_cmpint(q, ==, 0);
        g_assert_cmpmem(got, len, f, n);
    }
    tap_stop(&t);
}

/* The vnet header of an injected TSO frame reaches the guest. */
static int host_send_tso(TapTest *t, uint8_t *f)
{
    uint8_t vh[10] = { 0 };
    size_t n = ip_frame(f, guest_mac, host_mac, true, 1, 2, 80, 5000,
                        TSO_PAYLOAD);
    struct iovec iov[2] = { { vh, 10 }, { f, n } };
    struct msghdr msg = { .msg_iov = iov, .msg_iovlen = 2 };

    vh[0] = HDR_F_NEEDS_CSUM;
    vh[1] = GSO_TCPV4;
    put_le16(vh + 2, TCP_HDRS);             /* hdr_len */
    put_le16(vh + 4, TSO_MSS);              /* gso_size */
    put_le16(vh + 6, 14 + 20);              /* csum_start */
    put_le16(vh + 8, 16);                   /* csum_offset */
    g_assert_cmpint(sendmsg(t->pkt_hdr, &msg, 0), ==, 10 + (ssize_t)n);
    return n;
}

static void test_offloads(void)
{
    TapTest t;
    g_autofree uint8_t *f = g_malloc(RX_BIG);
    g_autofree uint8_t *got = g_malloc(RX_BIG);
    uint8_t hdr[HDR_LEN], gh[HDR_LEN] = { 0 };
    RxBuf bufs[1];
    uint32_t len, total = 0;
    size_t n;
    ssize_t r;
    int q;

    SKIP_UNLESS_TAP();
    tap_start(&t, 1, "", "");
    tap_setup(&t, F_CSUM | F_HOST_TSO4 | F_GUEST_CSUM | F_GUEST_TSO4 |
              F_CTRL_VQ | F_CTRL_GUEST_OFF, 1);
    bufs[0] = guest_rx_post(&t, 0, RX_BIG);

    /* Host to guest: one TSO frame, header intact. */
    n = host_send_tso(&t, f);
    q = guest_rx_frame(&t, 1, 0x0800, hdr, got, &len, bufs);
    g_assert_cmpint(q, ==, 0);
    g_assert_cmpuint(len, ==, n);
    g_assert_cmpuint(hdr[1], ==, GSO_TCPV4);
    g_assert_true(hdr[0] & HDR_F_NEEDS_CSUM);
    g_assert_cmpuint(get_le16(hdr + 4), ==, TSO_MSS);

    /* Offloads off: the kernel segments and checksums for us. */
    g_assert_cmpuint(offloads_set(&t, F_GUEST_UFO), ==, NET_ERR);
    g_assert_cmpuint(ctrl_cmd(&t, CTRL_GUEST_OFFLOADS, 0, "\0\0\0", 3),
                     ==, NET_ERR);
    g_assert_cmpuint(offloads_set(&t, 0), ==, NET_OK);
    host_send_tso(&t, f);
    while (total < TSO_PAYLOAD) {
        q = guest_rx_frame(&t, 1, 0x0800, hdr, got, &len, bufs);
        g_assert_cmpint(q, ==, 0);
        g_assert_cmpuint(hdr[0], ==, 0);
        g_assert_cmpuint(hdr[1], ==, 0);
        g_assert_cmpuint(len, <=, TCP_HDRS + TSO_MSS);
        total += len - TCP_HDRS;
    }
    g_assert_cmpuint(total, ==, TSO_PAYLOAD);

    /* Guest to host: a TSO frame reaches the kernel as one GSO packet. */
    n = ip_frame(f, host_mac, guest_mac, true, 2, 1, 5000, 80, TSO_PAYLOAD);
    gh[0] = HDR_F_NEEDS_CSUM;
    gh[1] = GSO_TCPV4;
    put_le16(gh + 2, TCP_HDRS);
    put_le16(gh + 4, TSO_MSS);
    put_le16(gh + 6, 14 + 20);
    put_le16(gh + 8, 16);
    guest_tx(&t, 0, gh, f, n);
    r = host_recv(t.pkt_hdr, got, RX_BIG, 5000, 0x0800, 10);
    g_assert_cmpint(r, ==, 10 + (ssize_t)n);
    g_assert_cmpuint(got[1], ==, GSO_TCPV4);
    g_assert_cmpmem(got + 10 + TCP_HDRS, TSO_PAYLOAD, f + TCP_HDRS,
                    TSO_PAYLOAD);

    /* A header the kernel refuses loses that frame and nothing else. */
    gh[1] = 0x55;
    guest_tx(&t, 0, gh, f, n);
    n = test_frame(f, host_mac, guest_mac, 0xc3);
    guest_tx(&t, 0, NULL, f, n);
    g_assert_cmpint(host_recv(t.pkt, got, RX_BIG, 5000, ETHERTYPE_TEST, 0),
                    ==, n);
    g_assert_cmpmem(got, n, f, n);
    g_assert_false(qvirtio_get_status(t.vd) & QVIRTIO_S_NEEDS_RESET);
    tap_stop(&t);
}

/* Option errors, as qemu words them where qemu has words. */
static void test_options(void)
{
    static const struct {
        const char *args;
        const char *error;
    } bad[] = {
        { "'queues': 0", "Parameter 'queues' expects a number from 1" },
        { "'queues': '-1'", "Parameter 'queues' expects a uint64 value" },
        { "'fd': '3', 'ifname': 'x'",
          "ifname=, script=, downscript=, vnet_hdr=, helper=, queues=, "
          "fds=, and vhostfds= are invalid with fd=" },
        { "'fds': '3:4', 'queues': 2",
          "ifname=, script=, downscript=, vnet_hdr=, helper=, queues=, "
          "and vhostfd= are invalid with fds=" },
        { "'fd': '987'", "t0: Can't use file descriptor 987" },
        { "'fd': '0'", "Unable to query TUNGETIFF on FD 0" },
        { "'fds': '2:0'", "Unable to query TUNGETIFF on FD 2" },
        { "'vhost': true", "vhost-net is not supported" },
        { "'helper': '/usr/lib/qemu/qemu-bridge-helper'",
          "helper= (the bridge helper) is not supported" },
        { "'ifname': 'waytoolongname123'", "is longer than 15 characters" },
        { "'ifname': 'lo', 'script': 'no'",
          "could not configure /dev/net/tun (lo)" },
        { "'vnet_hdr': 'maybe'", "Parameter 'vnet_hdr' expects 'on' or" },
        { "'script': '/bin/false', 'downscript': 'no'",
          "network script /bin/false failed with status 256" },
        { "'sndbuf': 'lots'", "Parameter 'sndbuf' expects" },
        { "'bogus': 1", "Invalid parameter 'bogus'" },
    };
    QTestState *qts;
    size_t i;

    SKIP_UNLESS_TAP();
    qts = qtest_init("-M none");
    for (i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *cmd = g_strdup_printf(
            "{'execute': 'netdev_add', 'arguments': {'type': 'tap', "
            "'id': 't0', %s}}", bad[i].args);
        QDict *resp, *err;

        qtest_qmp_send_raw(qts, "%s", cmd);
        resp = qtest_qmp_receive(qts);
        err = qdict_get_qdict(resp, "error");

        g_assert_nonnull(err);
        if (!strstr(qdict_get_try_str(err, "desc"), bad[i].error)) {
            g_error("%s: got '%s', want '%s'", bad[i].args,
                    qdict_get_try_str(err, "desc"), bad[i].error);
        }
        qobject_unref(resp);
    }
    qtest_quit(qts);
}

/* fd=: a tap the caller opened (inherited by the emulator) carries
 * frames, with its vnet header; the same fd twice in fds= is refused. */
static void test_fd(void)
{
    struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR };
    g_autofree char *args = NULL;
    g_autofree char *twice = NULL;
    QTestState *qts;
    QDict *resp;
    TapTest t;
    uint8_t f[100], got[RX_SMALL];
    size_t n;
    int fd;

    SKIP_UNLESS_TAP();
    memset(&t, 0, sizeof(t));
    unique_ifname(t.ifname);
    fd = open("/dev/net/tun", O_RDWR);      /* inherited: no O_CLOEXEC */
    g_assert_cmpint(fd, >=, 0);
    g_strlcpy(ifr.ifr_name, t.ifname, IFNAMSIZ);
    g_assert_cmpint(ioctl(fd, TUNSETIFF, &ifr), ==, 0);

    qts = qtest_init("-M none");
    twice = g_strdup_printf("%d:%d", fd, fd);
    resp = qtest_qmp(qts, "{'execute': 'netdev_add', 'arguments': "
                     "{'type': 'tap', 'id': 't0', 'fds': %s}}", twice);
    g_assert_nonnull(strstr(qdict_get_try_str(qdict_get_qdict(resp, "error"),
                                              "desc"), "given twice"));
    qobject_unref(resp);
    qtest_quit(qts);

    args = g_strdup_printf("-netdev tap,id=n0,fd=%d "
                           "-device virtio-net-pci,netdev=n0,id=nic0", fd);
    tap_start_args(&t, args);
    close(fd);                              /* the emulator has its own */
    g_assert_true(qvirtio_get_features(t.vd) & F_GUEST_TSO4);
    tap_setup(&t, 0, 1);
    n = test_frame(f, host_mac, guest_mac, 0xd4);
    guest_tx(&t, 0, NULL, f, n);
    g_assert_cmpint(host_recv(t.pkt, got, sizeof(got), 5000, ETHERTYPE_TEST,
                              0), ==, n);
    g_assert_cmpmem(got, n, f, n);
    tap_stop(&t);
}

/* script= runs with the interface name; downscript= when it goes. */
static void test_scripts(void)
{
    g_autofree char *dir = g_dir_make_tmp("cvtap-XXXXXX", NULL);
    g_autofree char *up = g_build_filename(dir, "up", NULL);
    g_autofree char *down = g_build_filename(dir, "down", NULL);
    g_autofree char *log = g_build_filename(dir, "log", NULL);
    g_autofree char *body = g_strdup_printf("#!/bin/sh\necho \"$0 $1\" >> "
                                            "%s\n", log);
    g_autofree char *got = NULL;
    g_autofree char *want = NULL;
    char ifname[IFNAMSIZ];
    QTestState *qts;
    QDict *resp;

    SKIP_UNLESS_TAP();
    g_assert_true(g_file_set_contents(up, body, -1, NULL));
    g_assert_true(g_file_set_contents(down, body, -1, NULL));
    chmod(up, 0755);
    chmod(down, 0755);
    unique_ifname(ifname);
    qts = qtest_initf("-M none -netdev tap,id=t0,ifname=%s,queues=2,"
                      "script=%s,downscript=%s", ifname, up, down);
    want = g_strdup_printf("%s %s\n", up, ifname);
    g_assert_true(g_file_get_contents(log, &got, NULL, NULL));
    g_assert_cmpstr(got, ==, want);
    g_clear_pointer(&got, g_free);

    resp = qtest_qmp(qts, "{'execute': 'netdev_del', "
                     "'arguments': {'id': 't0'}}");
    g_assert_true(qdict_haskey(resp, "return"));
    qobject_unref(resp);
    g_free(want);
    want = g_strdup_printf("%s %s\n%s %s\n", up, ifname, down, ifname);
    g_assert_true(g_file_get_contents(log, &got, NULL, NULL));
    g_assert_cmpstr(got, ==, want);
    /* Both queues went, and with them the interface. */
    g_assert_cmpuint(if_nametoindex(ifname), ==, 0);
    /* The id is free again; at exit the downscript runs too. */
    resp = qtest_qmp(qts, "{'execute': 'netdev_add', 'arguments': "
                     "{'type': 'tap', 'id': 't0', 'ifname': %s, "
                     "'script': 'no', 'downscript': %s}}", ifname, down);
    g_assert_true(qdict_haskey(resp, "return"));
    qobject_unref(resp);
    qtest_quit(qts);
    g_free(want);
    g_free(got);
    want = g_strdup_printf("%s %s\n%s %s\n%s %s\n", up, ifname, down,
                           ifname, down, ifname);
    g_assert_true(g_file_get_contents(log, &got, NULL, NULL));
    g_assert_cmpstr(got, ==, want);
    unlink(up);
    unlink(down);
    unlink(log);
    rmdir(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/virtio-net-tap/features-layout", test_features_layout);
    g_test_add_func("/virtio-net-tap/frames", test_frames);
    g_test_add_func("/virtio-net-tap/backlog", test_backlog);
    g_test_add_func("/virtio-net-tap/multiqueue", test_multiqueue);
    g_test_add_func("/virtio-net-tap/offloads", test_offloads);
    g_test_add_func("/virtio-net-tap/options", test_options);
    g_test_add_func("/virtio-net-tap/scripts", test_scripts);
    g_test_add_func("/virtio-net-tap/fd", test_fd);
    return g_test_run();
}
