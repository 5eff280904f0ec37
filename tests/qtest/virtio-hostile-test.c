/*
 * Hostile-guest probes of virtio-net-pci, the virtio core and PCIe slot
 * power.  The test plays a malicious driver (queue layouts moved under
 * running queues, kicks of queues that are gone, queue resets, slot
 * power cuts and FLR with kicks pending, rings and MSI-X messages aimed
 * at the device's own registers, garbage virtio-net headers, looping
 * and oversized control chains, floods) and asserts that the emulator
 * survives (QMP answers; libqtest fails on any sanitizer report) and
 * that the device works after a reset or says DEVICE_NEEDS_RESET.
 * Multi-queue needs a tap (/dev/net/tun, CAP_NET_ADMIN): without one
 * those cases SKIP.
 */
#include "util/osdep.h"
#include "libqtest.h"
#include "libqvirtio.h"
#include "virtio-test-util.h"
#include "pcie-test-util.h"

#include <net/if.h>
#include <sys/ioctl.h>
#include <linux/if_tun.h>

#define NET_TRANS_ID        0x1000      /* transitional virtio-net */
#define NET_MODERN_ID       0x1041
#define F_CSUM              (1ULL << 0)
#define F_GUEST_CSUM        (1ULL << 1)
#define F_CTRL_GUEST_OFF    (1ULL << 2)
#define F_HOST_TSO4         (1ULL << 11)
#define F_HOST_TSO6         (1ULL << 12)
#define F_HOST_UFO          (1ULL << 14)
#define F_CTRL_VQ           (1ULL << 17)
#define F_MQ                (1ULL << 22)
#define F_RING_RESET        (1ULL << 40)
#define F_V1                QVIRTIO_F_VERSION_1
#define CTRL_RX             0
#define CTRL_MQ             4
#define CTRL_OFFLOADS       5
#define NET_OK              0
#define NET_ERR             1
#define NO_ACK              0xee
#define HDR_LEN             12          /* VERSION_1 virtio-net header */
#define FRAME_LEN           60
#define BIG_FRAME           65536
#define MAX_QUEUES          5           /* two pairs and the control queue */
#define RING_MAX            256
/* q35: the root port at 00:03.0 and Express capability fields. */
#define RP_DEV              3
#define PCI_CAP_ID_EXP      0x10
#define EXP_DEVCTL          0x08
#define EXP_SLTCTL          0x18
#define DEVCTL_FLR          0x8000
#define SLTCTL_PCC_OFF      0x0400
#define SLTCTL_ENABLE       (0x01c0 | 0x0020 | 0x0008 | 0x0001)

typedef enum Backend { TAP2, HUB, DGRAM } Backend;

typedef struct H {
    VTMachine m;
    QVirtioDevice *vd;          /* nic0, the device under attack */
    QVirtioDevice *vd2;         /* HUB only: nic1, on the same hub */
} H;

/* A split ring laid out by the test, so that any area may go anywhere. */
typedef struct Ring {
    QVirtioDevice *vd;
    uint16_t index, num, avail_idx, next;
    uint64_t desc, avail, used;
} Ring;

static char skip_reason[128];

static bool tap_usable(void)
{
    struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR |
                                      IFF_MULTI_QUEUE };
    int fd = open("/dev/net/tun", O_RDWR);

    snprintf(ifr.ifr_name, IFNAMSIZ, "cvh%d", getpid() % 100000);
    if (fd < 0 || ioctl(fd, TUNSETIFF, &ifr) < 0) {
        snprintf(skip_reason, sizeof(skip_reason), "no multi-queue tap: %s",
                 strerror(errno));
    }
    if (fd >= 0) {
        close(fd);
    }
    return !skip_reason[0];
}

/*
 * Start @machine with virtio-net-pci nic0 (@dev: more properties) on
 * @be: a two-queue tap with mq=on, a hub shared with a second card
 * nic1, or a UDP socket.  On q35 nic0 is behind root port "rp" at
 * 00:03.0, slot powered.  nic0's driver is legacy if @legacy; reset.
 */
static void h_start(H *h, Backend be, const char *machine, const char *dev,
                    bool legacy)
{
    static int seq;
    static const char *const netdevs[] = {
        [HUB] = "-netdev hubport,id=n0,hubid=0 -netdev hubport,id=n1,"
                "hubid=0 -device virtio-net-pci,netdev=n1,id=nic1",
        [DGRAM] = "-netdev dgram,id=n0,local.type=inet,local.host=127.0.0.1,"
                  "local.port=0,remote.type=inet,remote.host=127.0.0.1,"
                  "remote.port=9",
    };
    bool q35 = !strcmp(machine, "q35");
    uint16_t id = q35 ? NET_MODERN_ID : NET_TRANS_ID;
    g_autofree char *nd = be != TAP2 ? g_strdup(netdevs[be]) :
        g_strdup_printf("-netdev tap,id=n0,ifname=cvh%d.%d,script=no,"
                        "downscript=no,queues=2", getpid() % 100000, seq++);
    g_autofree char *args = g_strdup_printf(
        "%s %s -device virtio-net-pci,netdev=n0,id=nic0%s%s%s", nd,
        q35 ? "-device pcie-root-port,id=rp,chassis=1,addr=3" : "",
        be == TAP2 ? ",mq=on" : "", q35 ? ",bus=rp" : "", dev);
    QPCIDevice *pdev;

    memset(h, 0, sizeof(*h));
    vt_start(&h->m, machine, args);
    if (q35) {
        cfg_writew(h->m.qts, 0, RP_DEV, cfg_find_cap(h->m.qts, 0, RP_DEV,
                   PCI_CAP_ID_EXP) + EXP_SLTCTL, SLTCTL_ENABLE);
        vt_rescan(&h->m);
    }
    /* Cards are found in slot order: the hub's nic1 comes first. */
    pdev = vt_find(&h->m, id, be == HUB);
    g_assert_nonnull(pdev);
    h->vd = legacy ? qvirtio_pci_new_legacy(pdev, h->m.alloc)
                   : qvirtio_pci_new(pdev, h->m.alloc);
    qvirtio_reset(h->vd);
    if (be == HUB) {
        h->vd2 = qvirtio_pci_new(vt_find(&h->m, id, 0), h->m.alloc);
        qvirtio_reset(h->vd2);
    }
}

/* Guest address of modern common configuration field @off. */
static uint64_t common_addr(QVirtioDevice *vd, uint32_t off)
{
    return vd->pdev->bars[vd->common->bar].addr + vd->common->offset + off;
}

/* Send @lines (each "\n"-terminated) in one write; each answers OK. */
static void send_round(QTestState *qts, const char *lines)
{
    const char *p;
    char *reply;

    qtest_send_raw(qts, lines, strlen(lines));
    for (p = strchr(lines, '\n'); p; p = strchr(p + 1, '\n')) {
        reply = qtest_recv_line(qts);
        g_assert_cmpstr(reply, ==, "OK");
        g_free(reply);
    }
}

/* The qtest line of a driver's kick of queue @q. */
static char *kick_line(QVirtioDevice *vd, int q)
{
    if (vd->legacy) {
        return g_strdup_printf("outw 0x%" PRIx64 " 0x%x\n",
                               vd->pdev->bars[QVIRTIO_LEGACY_BAR].addr +
                               QVIRTIO_LEGACY_Q_NOTIFY, q);
    }
    /* queue_notify_off of queue q is q. */
    return g_strdup_printf("writew 0x%" PRIx64 " 0x%x\n",
                           vd->pdev->bars[vd->notify->bar].addr +
                           vd->notify->offset +
                           (uint64_t)q * vd->notify->notify_mult, q);
}

/* Legacy: the qtest line that sets the accepted features to @f. */
static char *features_line(QVirtioDevice *vd, uint32_t f)
{
    return g_strdup_printf("outl 0x%" PRIx64 " 0x%x\n",
                           vd->pdev->bars[QVIRTIO_LEGACY_BAR].addr +
                           QVIRTIO_LEGACY_GUEST_F, f);
}

static void kick(QVirtioDevice *vd, int q)
{
    g_autofree char *l = kick_line(vd, q);

    send_round(vd->qts, l);
}

static bool needs_reset(QVirtioDevice *vd)
{
    return qvirtio_get_status(vd) & QVIRTIO_S_NEEDS_RESET;
}

/* Run the machine a little (virtual time, and real time for back ends). */
static void settle(QTestState *qts, int rounds)
{
    while (rounds-- > 0) {
        qtest_clock_step(qts, 100 * 1000);
        g_usleep(500);
    }
}

/* ---- rings ---- */

/* Give @r to the device; modern: @used (if not 0) moves the used area. */
static void ring_program(Ring *r, uint64_t used)
{
    QVirtioDevice *vd = r->vd;
    uint64_t area[] = { r->desc, r->avail, used ? used : r->used };
    int i;

    r->used = area[2];
    if (vd->legacy) {
        qvirtio_common_write(vd, QVIRTIO_LEGACY_Q_SELECT, r->index, 2);
        qvirtio_common_write(vd, QVIRTIO_LEGACY_Q_PFN, r->desc >> 12, 4);
        return;
    }
    qvirtio_common_write(vd, QVIRTIO_COMMON_Q_SELECT, r->index, 2);
    qvirtio_common_write(vd, QVIRTIO_COMMON_Q_SIZE, r->num, 2);
    for (i = 0; i < 3; i++) {
        qvirtio_common_write(vd, QVIRTIO_COMMON_Q_DESCLO + 8 * i, area[i], 4);
        qvirtio_common_write(vd, QVIRTIO_COMMON_Q_DESCHI + 8 * i,
                             area[i] >> 32, 4);
    }
    qvirtio_common_write(vd, QVIRTIO_COMMON_Q_ENABLE, 1, 2);
}

/* Lay out queue @index in one block as legacy wants it (used ring at
 * the next 4 KiB) and program it. */
static void ring_setup(QVirtioDevice *vd, Ring *r, uint16_t index,
                       uint64_t used)
{
    memset(r, 0, sizeof(*r));
    r->vd = vd;
    r->index = index;
    r->num = MIN(qvirtio_queue_max_size(vd, index), RING_MAX);
    g_assert_cmpuint(r->num, >, 0);
    r->desc = qguest_alloc(vd->alloc, 3 * 4096 + 16 * r->num, 4096);
    r->avail = r->desc + 16 * r->num;
    r->used = (r->avail + 6 + 2 * r->num + 4095) & ~4095ULL;
    qtest_memset(vd->qts, r->desc, 0, r->used + 6 + 8 * r->num - r->desc);
    ring_program(r, used);
}

/* Negotiate @feat, set up queues 0..@n-1 in @r, DRIVER_OK. */
static void up(QVirtioDevice *vd, uint64_t feat, Ring *r, int n)
{
    int i;

    g_assert_true(qvirtio_negotiate(vd, feat));
    for (i = 0; i < n; i++) {
        ring_setup(vd, &r[i], i, 0);
    }
    qvirtio_set_driver_ok(vd);
}

/* Make a chain of @n buffers available (not kicked); returns its head. */
static uint16_t ring_add(Ring *r, const QVirtBuf *b, int n)
{
    QTestState *qts = r->vd->qts;
    uint16_t head = r->next;
    int i;

    for (i = 0; i < n; i++) {
        uint64_t d = r->desc + 16 * r->next;
        uint16_t next = (r->next + 1) % r->num;

        qtest_writeq(qts, d, b[i].addr);
        qtest_writel(qts, d + 8, b[i].len);
        qtest_writew(qts, d + 12, (b[i].write ? QVRING_DESC_F_WRITE : 0) |
                     (i + 1 < n ? QVRING_DESC_F_NEXT : 0));
        qtest_writew(qts, d + 14, next);
        r->next = next;
    }
    qtest_writew(qts, r->avail + 4 + 2 * (r->avail_idx % r->num), head);
    qtest_writew(qts, r->avail + 2, ++r->avail_idx);
    return head;
}

static uint16_t ring_used_idx(Ring *r)
{
    return qtest_readw(r->vd->qts, r->used + 2);
}

/* Poll until the used index reaches @idx (false after ~1 s). */
static bool ring_wait(Ring *r, uint16_t idx)
{
    int i;

    for (i = 0; i < 2000 && ring_used_idx(r) != idx; i++) {
        settle(r->vd->qts, 1);
    }
    return ring_used_idx(r) == idx;
}

/* A transmit of @hdr (NULL: zeros) and a @len byte frame, not kicked. */
static void tx_add(Ring *r, uint64_t buf, const uint8_t *hdr, uint32_t len)
{
    QTestState *qts = r->vd->qts;

    qtest_memset(qts, buf, 0, HDR_LEN + MIN(len, 64));
    if (hdr) {
        qtest_memwrite(qts, buf, hdr, HDR_LEN);
    }
    /* Broadcast, from a local address, IEEE experimental ethertype. */
    qtest_memset(qts, buf + HDR_LEN, 0xff, 6);
    qtest_writeb(qts, buf + HDR_LEN + 6, 0x02);
    qtest_writew(qts, buf + HDR_LEN + 12, 0xb588);
    ring_add(r, &(QVirtBuf) { .addr = buf, .len = HDR_LEN + len }, 1);
}

/* A control command, its @len data bytes spread over @n descriptors;
 * returns the ack (NO_ACK: none came). */
static uint8_t ctrl_cmd_split(Ring *ctrl, uint8_t cls, uint8_t cmd,
                              const void *data, size_t len, int n)
{
    QVirtioDevice *vd = ctrl->vd;
    uint64_t out = qguest_alloc(vd->alloc, 3 + len, 16);
    uint16_t want = ctrl->avail_idx + 1;
    QVirtBuf b[64];
    uint8_t ack;
    int i;

    g_assert_cmpint(n, <=, 62);
    qtest_writeb(vd->qts, out, cls);
    qtest_writeb(vd->qts, out + 1, cmd);
    qtest_memwrite(vd->qts, out + 2, data, len);
    qtest_writeb(vd->qts, out + 2 + len, NO_ACK);
    b[0] = (QVirtBuf) { .addr = out, .len = 2 };
    for (i = 0; i < n; i++) {
        size_t from = len * i / n, to = len * (i + 1) / n;

        b[1 + i] = (QVirtBuf) { .addr = out + 2 + from, .len = to - from };
    }
    b[1 + n] = (QVirtBuf) { .addr = out + 2 + len, .len = 1, .write = true };
    ring_add(ctrl, b, n + 2);
    kick(vd, ctrl->index);
    ring_wait(ctrl, want);
    ack = qtest_readb(vd->qts, out + 2 + len);
    qguest_free(vd->alloc, out);
    return ack;
}

static uint8_t ctrl_cmd(Ring *ctrl, uint8_t cls, const void *data,
                        size_t len)
{
    return ctrl_cmd_split(ctrl, cls, 0, data, len, 1);
}

/*
 * QMP answers and nic0 works again after a reset: features negotiated
 * afresh (two pairs if @mq), the control queue answers, a frame goes
 * out on each pair.
 */
static void h_recover(H *h, bool mq)
{
    QVirtioDevice *vd = h->vd;
    uint64_t buf = qguest_alloc(vd->alloc, HDR_LEN + FRAME_LEN, 16);
    uint8_t on = 1, pairs[2] = { 2, 0 };
    int i, nq = mq ? 5 : 3;
    Ring r[MAX_QUEUES];

    qtest_qmp_assert_success(vd->qts, "{'execute': 'query-status'}");
    qvirtio_reset(vd);
    up(vd, (vd->legacy ? 0 : F_V1) | F_CTRL_VQ | (mq ? F_MQ : 0), r, nq);
    g_assert_cmpuint(ctrl_cmd(&r[nq - 1], CTRL_RX, &on, 1), ==, NET_OK);
    if (mq) {
        g_assert_cmpuint(ctrl_cmd(&r[4], CTRL_MQ, pairs, 2), ==, NET_OK);
    }
    for (i = 1; i < nq - 1; i += 2) {
        tx_add(&r[i], buf, NULL, FRAME_LEN);
        kick(vd, i);
        g_assert_true(ring_wait(&r[i], 1));
    }
    g_assert_false(needs_reset(vd));
    qvirtio_reset(vd);
}

/*
 * The cases.  Each starts a machine, negotiates its features (those of
 * them the device offers) and sets up its first queues (unless it has
 * no features: then the body does it), runs its body, and then wants
 * the emulator alive and the device usable again (h_recover).
 */
typedef void CaseBody(H *h, Ring *r, intptr_t arg);

typedef struct Case {
    const char *path;
    CaseBody *body;
    intptr_t arg;
    Backend be;
    const char *machine;
    const char *dev;
    bool legacy;
    uint64_t feat;
    int nq;
} Case;

/* ---- the device's own registers as DMA targets ---- */

enum {
    USED_ON_STATUS,     /* tx1's first used entry lands on device_status */
    USED_ON_FEATURES,   /* ... on driver_feature, before FEATURES_OK */
    MSI_ON_STATUS,      /* tx1's MSI-X message writes device_status */
};

/*
 * Transmit on pair 1 (queue 3) with the ring's completion or its
 * interrupt aimed at the common configuration: the device resets, or
 * loses MQ, from inside its own DMA, moving the queue layout under the
 * running handler.
 */
static void body_reentry(H *h, Ring *r, intptr_t target)
{
    uint64_t feat = F_V1 | F_CTRL_VQ | F_MQ, buf, used = 0;
    int i;

    if (target == USED_ON_FEATURES) {
        /* Used entry 0 (at used + 4) is the low driver_feature word. */
        used = common_addr(h->vd, QVIRTIO_COMMON_GF - 4);
        qvirtio_set_status(h->vd, QVIRTIO_S_ACKNOWLEDGE | QVIRTIO_S_DRIVER);
        qvirtio_set_features(h->vd, feat);
        qvirtio_common_write(h->vd, QVIRTIO_COMMON_GFSELECT, 0, 4);
    } else {
        g_assert_true(qvirtio_negotiate(h->vd, feat));
    }
    if (target == USED_ON_STATUS) {
        used = common_addr(h->vd, QVIRTIO_COMMON_STATUS - 4);
    } else if (target == MSI_ON_STATUS) {
        qvirtio_msix_enable(h->vd);
        qvirtio_msix_set_vector(h->vd, 1, common_addr(h->vd,
                                QVIRTIO_COMMON_STATUS), 0);
    }
    for (i = 0; i < MAX_QUEUES; i++) {
        ring_setup(h->vd, &r[i], i, i == 3 ? used : 0);
    }
    if (target == MSI_ON_STATUS) {
        qvirtio_common_write(h->vd, QVIRTIO_COMMON_Q_SELECT, 3, 2);
        qvirtio_common_write(h->vd, QVIRTIO_COMMON_Q_MSIX, 1, 2);
    }
    if (target != USED_ON_FEATURES) {
        qvirtio_set_driver_ok(h->vd);
    }
    buf = qguest_alloc(h->m.alloc, HDR_LEN + FRAME_LEN, 16);
    tx_add(&r[3], buf, NULL, FRAME_LEN);
    tx_add(&r[3], buf, NULL, FRAME_LEN);
    kick(h->vd, 3);
    settle(h->m.qts, 10);
}

/* ---- queue layouts moving under the driver ---- */

/*
 * Modern, before FEATURES_OK: MQ on and off 200 times; each time the
 * control queue (2 or 4) is set up with an MSI-X vector, queue 4 is
 * enabled and reset (absent half of the time), every index is kicked.
 */
static void body_flip_before_features_ok(H *h, Ring *r, intptr_t arg)
{
    int i, q;

    qvirtio_msix_enable(h->vd);
    qvirtio_set_status(h->vd, QVIRTIO_S_ACKNOWLEDGE | QVIRTIO_S_DRIVER);
    for (i = 0; i < 200; i++) {
        uint64_t mq = (i & 1) ? F_MQ : 0;

        qvirtio_set_features(h->vd, F_V1 | F_CTRL_VQ | F_RING_RESET | mq);
        g_assert_cmpuint(qvirtio_common_read(h->vd, QVIRTIO_COMMON_NUMQ, 2),
                         ==, mq ? 5 : 3);
        ring_setup(h->vd, &r[0], mq ? 4 : 2, 0);
        qvirtio_common_write(h->vd, QVIRTIO_COMMON_Q_MSIX, 1, 2);
        qvirtio_common_write(h->vd, QVIRTIO_COMMON_Q_SELECT, 4, 2);
        g_assert_cmpuint(qvirtio_common_read(h->vd, QVIRTIO_COMMON_Q_SIZE,
                                             2), ==, mq ? 64 : 0);
        qvirtio_common_write(h->vd, QVIRTIO_COMMON_Q_ENABLE, 1, 2);
        qvirtio_common_write(h->vd, QVIRTIO_COMMON_Q_RESET, 1, 2);
        for (q = 0; q < 8; q++) {
            kick(h->vd, q);
        }
        qguest_free(h->m.alloc, r[0].desc);
    }
}

/*
 * Legacy (features stay writable after DRIVER_OK), all five queues up
 * with buffers posted: each round kicks every index, with MQ dropped
 * after kick 2 and taken back after kick 4, in one qtest write so that
 * deferred kicks are pending when the layout moves.  tx1 is gone
 * whenever its kick comes: nothing of it is used; tx0 sends.
 */
static void body_flip_running_legacy(H *h, Ring *r, intptr_t arg)
{
    g_autoptr(GString) round = g_string_new("");
    g_autofree char *off = features_line(h->vd, F_CTRL_VQ);
    g_autofree char *on = features_line(h->vd, F_CTRL_VQ | F_MQ);
    uint64_t buf = qguest_alloc(h->m.alloc, 2048, 16);
    int i, q;

    for (i = 0; i < 8; i++) {
        QVirtBuf rx = { .addr = buf, .len = 2048, .write = true };

        ring_add(&r[0], &rx, 1);
        ring_add(&r[2], &rx, 1);
        tx_add(&r[1], buf, NULL, FRAME_LEN);
        tx_add(&r[3], buf, NULL, FRAME_LEN);
    }
    for (i = 0; i < 20; i++) {
        g_string_truncate(round, 0);
        for (q = 0; q < 6; q++) {
            g_autofree char *k = kick_line(h->vd, q);

            g_string_append(round, k);
            g_string_append(round, q == 2 ? off : q == 4 ? on : "");
        }
        send_round(h->m.qts, round->str);
        /* The queues added back have no rings: give them theirs. */
        for (q = 2; q < MAX_QUEUES; q++) {
            ring_program(&r[q], 0);
        }
    }
    settle(h->m.qts, 10);
    g_assert_cmpuint(ring_used_idx(&r[3]), ==, 0);
    g_assert_cmpuint(ring_used_idx(&r[1]), ==, 8);
}

/*
 * Queue 2 set up as rx1 (MQ), then MQ dropped: queue 2 is the control
 * queue now, new to the driver, which sets it up after FEATURES_OK as
 * it should.  It must read as a fresh queue and then work.
 */
static void body_stale_queue_state(H *h, Ring *r, intptr_t arg)
{
    uint8_t on = 1;

    qvirtio_set_status(h->vd, QVIRTIO_S_ACKNOWLEDGE | QVIRTIO_S_DRIVER);
    qvirtio_set_features(h->vd, F_V1 | F_CTRL_VQ | F_MQ);
    ring_setup(h->vd, &r[2], 2, 0);
    qvirtio_set_features(h->vd, F_V1 | F_CTRL_VQ);
    qvirtio_set_status(h->vd, QVIRTIO_S_ACKNOWLEDGE | QVIRTIO_S_DRIVER |
                       QVIRTIO_S_FEATURES_OK);
    qvirtio_common_write(h->vd, QVIRTIO_COMMON_Q_SELECT, 2, 2);
    g_assert_cmpuint(qvirtio_common_read(h->vd, QVIRTIO_COMMON_Q_ENABLE, 2),
                     ==, 0);
    ring_setup(h->vd, &r[2], 2, 0);
    qvirtio_set_driver_ok(h->vd);
    g_assert_cmpuint(ctrl_cmd(&r[2], CTRL_RX, &on, 1), ==, NET_OK);
}

/* ---- queue resets and power with work pending ---- */

/*
 * Frames from nic1 (on the hub) wait in nic0 for rx0, which the driver
 * resets; more come; the driver enables rx0 on a new ring: every frame
 * arrives, in order, in the new ring.
 */
#define BACKLOG_A 10
#define BACKLOG_B 5

static void body_reset_rx_backlog(H *h, Ring *r, intptr_t arg)
{
    uint64_t buf = qguest_alloc(h->m.alloc, HDR_LEN + FRAME_LEN, 16);
    uint64_t in = qguest_alloc(h->m.alloc, 32 * 2048, 16);
    Ring r2[2];
    int i;

    up(h->vd2, F_V1, r2, 2);
    for (i = 0; i < BACKLOG_A + BACKLOG_B; i++) {
        if (i == BACKLOG_A) {
            qvirtio_common_write(h->vd, QVIRTIO_COMMON_Q_SELECT, 0, 2);
            qvirtio_common_write(h->vd, QVIRTIO_COMMON_Q_RESET, 1, 2);
            g_assert_cmpuint(qvirtio_common_read(h->vd,
                             QVIRTIO_COMMON_Q_RESET, 2), ==, 0);
        }
        tx_add(&r2[1], buf, NULL, FRAME_LEN);
        qtest_writeb(h->m.qts, buf + HDR_LEN + 14, i);
        kick(h->vd2, 1);
        g_assert_true(ring_wait(&r2[1], i + 1));
    }
    ring_setup(h->vd, &r[0], 0, 0);
    for (i = 0; i < 32; i++) {
        ring_add(&r[0], &(QVirtBuf) { in + i * 2048, 2048, true }, 1);
    }
    kick(h->vd, 0);
    g_assert_true(ring_wait(&r[0], BACKLOG_A + BACKLOG_B));
    for (i = 0; i < BACKLOG_A + BACKLOG_B; i++) {
        g_assert_cmpuint(qtest_readb(h->m.qts, in + i * 2048 + HDR_LEN + 14),
                         ==, i);
    }
    g_assert_false(needs_reset(h->vd));
}

/*
 * A control command made available, its kick and the control queue's
 * reset in one round: with ioeventfd (@arg) the kick is still pending
 * and is dropped, without it the command ran inside the kick.  Set up
 * anew, the queue works.
 */
static void body_reset_ctrl_pending(H *h, Ring *r, intptr_t ioeventfd)
{
    uint64_t cmd = qguest_alloc(h->m.alloc, 8, 16);
    g_autofree char *k = kick_line(h->vd, 2);
    g_autofree char *lines = g_strdup_printf(
        "%swritew 0x%" PRIx64 " 0x2\nwritew 0x%" PRIx64 " 0x1\n", k,
        common_addr(h->vd, QVIRTIO_COMMON_Q_SELECT),
        common_addr(h->vd, QVIRTIO_COMMON_Q_RESET));
    uint8_t on = 1;

    /* RX PROMISC 1, then the ack byte. */
    qtest_writel(h->m.qts, cmd, CTRL_RX | 1 << 16 | (uint32_t)NO_ACK << 24);
    ring_add(&r[2], (QVirtBuf[]) { { cmd, 3 }, { cmd + 3, 1, true } }, 2);
    send_round(h->m.qts, lines);
    settle(h->m.qts, 10);
    g_assert_cmpuint(qtest_readb(h->m.qts, cmd + 3), ==,
                     ioeventfd ? NO_ACK : NET_OK);
    ring_setup(h->vd, &r[2], 2, 0);
    g_assert_cmpuint(ctrl_cmd(&r[2], CTRL_RX, &on, 1), ==, NET_OK);
}

/*
 * q35, nic0 behind a root port, both pairs with frames to send: kicks,
 * slot power off (or FLR if @arg), kicks again, all in one round; then
 * power comes back and the driver starts over.
 */
static void body_power_pending(H *h, Ring *r, intptr_t flr)
{
    uint64_t buf = qguest_alloc(h->m.alloc, HDR_LEN + FRAME_LEN, 16);
    g_autofree char *k1 = kick_line(h->vd, 1);
    g_autofree char *k3 = kick_line(h->vd, 3);
    g_autofree char *cut = NULL, *lines = NULL;
    int bus = 0, devfn = RP_DEV << 3, off, val, i;

    for (i = 0; i < 4; i++) {
        tx_add(&r[1], buf, NULL, FRAME_LEN);
        tx_add(&r[3], buf, NULL, FRAME_LEN);
    }
    if (flr) {
        bus = h->vd->pdev->bus_num;
        devfn = h->vd->pdev->devfn;
        off = qpci_find_capability(h->vd->pdev, PCI_CAP_ID_EXP, 0) +
              EXP_DEVCTL;
        val = DEVCTL_FLR;
    } else {
        off = cfg_find_cap(h->m.qts, 0, RP_DEV, PCI_CAP_ID_EXP) + EXP_SLTCTL;
        val = SLTCTL_ENABLE | SLTCTL_PCC_OFF;
    }
    cut = g_strdup_printf("outl 0x%x 0x%x\noutw 0x%x 0x%x\n",
                          PCIE_TEST_CFG_ADDR, pcie_test_cfg_addr(bus,
                          devfn >> 3, devfn & 7, off),
                          PCIE_TEST_CFG_DATA + (off & 2), val);
    lines = g_strconcat(k1, k3, cut, k1, k3, NULL);
    send_round(h->m.qts, lines);
    settle(h->m.qts, 10);
    if (!flr) {
        /* Dark until power returns: config space reads all-ones. */
        g_assert_cmphex(qpci_config_readw(h->vd->pdev, PCI_VENDOR_ID), ==,
                        0xffff);
        cfg_writew(h->m.qts, 0, RP_DEV, off, SLTCTL_ENABLE);
    }
    /* The function lost its BARs: find and place it again. */
    qvirtio_pci_free(h->vd);
    vt_rescan(&h->m);
    h->vd = qvirtio_pci_new(vt_find(&h->m, NET_MODERN_ID, 0), h->m.alloc);
}

/* ---- what the guest sends ---- */

/*
 * 200 frames with random virtio-net headers (flags, GSO types, header
 * and segment sizes, checksum offsets), 0 to 1600 bytes or past the
 * limit, with every offload the back end offers: all are used and the
 * device stays healthy.  A header cut short then breaks it.
 */
static void body_tx_garbage(H *h, Ring *r, intptr_t arg)
{
    uint64_t slot = HDR_LEN + BIG_FRAME + 1;
    uint64_t buf = qguest_alloc(h->m.alloc, 64 * slot, 16);
    g_autoptr(GRand) rnd = g_rand_new_with_seed(7);
    int i, j;

    for (i = 0; i < 200; i++) {
        uint8_t hdr[HDR_LEN];

        for (j = 0; j < HDR_LEN; j++) {
            hdr[j] = g_rand_int(rnd);
        }
        tx_add(&r[1], buf + (i % 64) * slot, hdr, i % 50 == 49 ?
               BIG_FRAME + 1 : g_rand_int_range(rnd, 0, 1600));
        if (i % 64 == 63 || i == 199) {
            kick(h->vd, 1);
            g_assert_true(ring_wait(&r[1], i + 1));
        }
    }
    g_assert_false(needs_reset(h->vd));
    ring_add(&r[1], &(QVirtBuf) { .addr = buf, .len = HDR_LEN - 4 }, 1);
    kick(h->vd, 1);
    settle(h->m.qts, 5);
    g_assert_true(needs_reset(h->vd));
}

/*
 * Control chains: GUEST_OFFLOADS with its 8 bytes spread over 8 and
 * over 60 descriptors (most of them empty) works; 5000 bytes of command
 * are refused; a chain that loops breaks the device.
 */
static void body_ctrl_chains(H *h, Ring *r, intptr_t arg)
{
    uint8_t off[8] = { F_GUEST_CSUM }, big[5000] = { 0 };
    uint64_t b = qguest_alloc(h->m.alloc, 16, 16), d;
    uint16_t head;

    g_assert_cmpuint(ctrl_cmd_split(&r[2], CTRL_OFFLOADS, 0, off, 8, 8), ==,
                     NET_OK);
    g_assert_cmpuint(ctrl_cmd_split(&r[2], CTRL_OFFLOADS, 0, off, 8, 60), ==,
                     NET_OK);
    g_assert_cmpuint(ctrl_cmd(&r[2], CTRL_OFFLOADS, big, sizeof(big)), ==,
                     NET_ERR);
    g_assert_false(needs_reset(h->vd));
    /* Two descriptors, the second leading back to the first. */
    head = ring_add(&r[2], (QVirtBuf[]) { { b, 2 }, { b + 2, 8 } }, 2);
    d = r[2].desc + 16 * ((head + 1) % r[2].num);
    qtest_writew(h->m.qts, d + 12, QVRING_DESC_F_NEXT);
    qtest_writew(h->m.qts, d + 14, head);
    kick(h->vd, 2);
    settle(h->m.qts, 5);
    g_assert_true(needs_reset(h->vd));
}

/* ---- what others send to a card that does not take it ---- */

static long rss_kib(QTestState *qts)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/status",
                                            (int)qtest_pid(qts));
    g_autofree char *text = NULL;
    const char *p;

    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    p = strstr(text, "VmRSS:");
    g_assert_nonnull(p);
    return strtol(p + 6, NULL, 10);
}

/*
 * nic1 sends 2000 maximum-size frames through the hub to nic0, whose
 * driver never starts it: the emulator should hold no more than a
 * bounded backlog for nic0.
 */
#define FLOOD_FRAMES    2000
#define FLOOD_MAX_KIB   (48 * 1024)

static void body_flood_hub(H *h, Ring *r, intptr_t arg)
{
    uint64_t buf = qguest_alloc(h->m.alloc, HDR_LEN + BIG_FRAME, 16);
    Ring r2[2];
    long before;
    int i;

    up(h->vd2, F_V1, r2, 2);
    tx_add(&r2[1], buf, NULL, BIG_FRAME);
    kick(h->vd2, 1);
    g_assert_true(ring_wait(&r2[1], 1));
    before = rss_kib(h->m.qts);
    for (i = 1; i < FLOOD_FRAMES; i++) {
        ring_add(&r2[1], &(QVirtBuf) { buf, HDR_LEN + BIG_FRAME }, 1);
        if (i % 200 == 199 || i == FLOOD_FRAMES - 1) {
            kick(h->vd2, 1);
            g_assert_true(ring_wait(&r2[1], i + 1));
        }
    }
    g_assert_cmpint(rss_kib(h->m.qts) - before, <, FLOOD_MAX_KIB);
}

/*
 * nic0's driver fills rx0 and kicks before DRIVER_OK; a frame from nic1
 * comes meanwhile and waits.  DRIVER_OK lets it in, with no further
 * kick (virtio-net's set_status hook flushes for that).
 */
static void body_rx_at_driver_ok(H *h, Ring *r, intptr_t arg)
{
    uint64_t buf = qguest_alloc(h->m.alloc, HDR_LEN + FRAME_LEN, 16);
    uint64_t in = qguest_alloc(h->m.alloc, 2048, 16);
    Ring r2[2];

    up(h->vd2, F_V1, r2, 2);
    g_assert_true(qvirtio_negotiate(h->vd, F_V1));
    ring_setup(h->vd, &r[0], 0, 0);
    ring_add(&r[0], &(QVirtBuf) { in, 2048, true }, 1);
    kick(h->vd, 0);
    tx_add(&r2[1], buf, NULL, FRAME_LEN);
    kick(h->vd2, 1);
    g_assert_true(ring_wait(&r2[1], 1));
    qvirtio_set_driver_ok(h->vd);
    g_assert_true(ring_wait(&r[0], 1));
}

#define MQ_FEAT     (F_V1 | F_CTRL_VQ | F_MQ)

static const Case cases[] = {
    { "reentry/used-on-status", body_reentry, USED_ON_STATUS },
    { "reentry/used-on-features", body_reentry, USED_ON_FEATURES },
    { "reentry/msi-on-status", body_reentry, MSI_ON_STATUS },
    { "layout/flip-before-features-ok", body_flip_before_features_ok },
    { "layout/flip-running-legacy/ioeventfd", body_flip_running_legacy,
      .legacy = true, .feat = F_CTRL_VQ | F_MQ, .nq = 5 },
    { "layout/flip-running-legacy/sync", body_flip_running_legacy,
      .dev = ",ioeventfd=off", .legacy = true, .feat = F_CTRL_VQ | F_MQ,
      .nq = 5 },
    { "layout/stale-queue-state", body_stale_queue_state },
    { "reset/rx-backlog", body_reset_rx_backlog, .be = HUB,
      .feat = F_V1 | F_RING_RESET, .nq = 2 },
    { "reset/ctrl-pending/ioeventfd", body_reset_ctrl_pending, true,
      .be = HUB, .feat = F_V1 | F_CTRL_VQ | F_RING_RESET, .nq = 3 },
    { "reset/ctrl-pending/sync", body_reset_ctrl_pending, false,
      .be = HUB, .dev = ",ioeventfd=off",
      .feat = F_V1 | F_CTRL_VQ | F_RING_RESET, .nq = 3 },
    { "power/slot-off-pending", body_power_pending, false,
      .machine = "q35", .feat = MQ_FEAT, .nq = 5 },
    { "power/flr-pending", body_power_pending, true,
      .machine = "q35", .feat = MQ_FEAT, .nq = 5 },
    { "tx/garbage/tap", body_tx_garbage, .nq = 3,
      .feat = F_V1 | F_CTRL_VQ | F_CSUM | F_HOST_TSO4 | F_HOST_TSO6 |
              F_HOST_UFO },
    { "tx/garbage/dgram", body_tx_garbage, .be = DGRAM,
      .feat = F_V1 | F_CTRL_VQ, .nq = 3 },
    { "ctrl/chains", body_ctrl_chains, .nq = 3,
      .feat = F_V1 | F_CTRL_VQ | F_CTRL_GUEST_OFF | F_GUEST_CSUM },
    { "rx/flood-hub", body_flood_hub, .be = HUB },
    { "rx/at-driver-ok", body_rx_at_driver_ok, .be = HUB },
};

static void run_case(const void *opaque)
{
    const Case *c = opaque;
    Ring r[MAX_QUEUES];
    H h;

    if (c->be == TAP2 && !tap_usable()) {
        g_test_skip(skip_reason);
        return;
    }
    h_start(&h, c->be, c->machine ? c->machine : "pc", c->dev ? c->dev : "",
            c->legacy);
    if (c->feat) {
        /* What the device offers: the dgram back end has no offloads. */
        up(h.vd, c->feat & qvirtio_get_features(h.vd), r, c->nq);
    }
    c->body(&h, r, c->arg);
    h_recover(&h, c->be == TAP2);
    qvirtio_pci_free(h.vd);
    if (h.vd2) {
        qvirtio_pci_free(h.vd2);
    }
    vt_stop(&h.m);
}

int main(int argc, char **argv)
{
    unsigned i;

    g_test_init(&argc, &argv, NULL);
    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *path = g_strdup_printf("/virtio-hostile/%s",
                                                cases[i].path);

        g_test_add_data_func(path, &cases[i], run_case);
    }
    return g_test_run();
}
