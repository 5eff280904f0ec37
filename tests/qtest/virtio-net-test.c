/*
 * virtio-net-pci as a guest driver sees it, with the socket back end
 * connected to the test: feature negotiation, frames transmitted to the
 * test and received from it, the MAC in config space, set_link, rx
 * filtering through the control queue, announce-self frames, bad
 * guest input, multiqueue commands and a legacy driver, on pc and q35;
 * two emulators passing frames guest to guest over socket, stream
 * (inet and unix), dgram and udp back ends; netdev_add/netdev_del.
 */
#include "util/osdep.h"
#include "libqtest.h"
#include "libqvirtio.h"
#include "virtio-test-util.h"
#include "net-test-util.h"

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>

#define NET_LEGACY_ID       0x1000
#define F_MAC               (1ULL << 5)
#define F_MRG_RXBUF         (1ULL << 15)
#define F_STATUS            (1ULL << 16)
#define F_CTRL_VQ           (1ULL << 17)
#define F_CTRL_RX           (1ULL << 18)
#define F_CSUM              (1ULL << 0)
#define HDR_LEN             12      /* VERSION_1 */
#define FRAME_LEN           64
#define CFG_STATUS          6

typedef struct NetTest {
    VTMachine m;
    int listen_fd, fd;
    QVirtioDevice *vd;
    QVirtQueue *rx, *tx, *ctrl;
} NetTest;

static void net_start(NetTest *t, const char *machine, const char *dev_extra)
{
    g_autofree char *args = NULL;
    QPCIDevice *pdev;
    int port;

    memset(t, 0, sizeof(*t));
    t->listen_fd = net_test_listen_any(&port);
    args = g_strdup_printf("-netdev socket,id=n0,connect=127.0.0.1:%d "
                           "-device virtio-net-pci,netdev=n0,id=nic0%s",
                           port, dev_extra);
    vt_start(&t->m, machine, args);
    t->fd = accept(t->listen_fd, NULL, NULL);
    g_assert_cmpint(t->fd, >=, 0);
    pdev = vt_find(&t->m, NET_LEGACY_ID, 0);
    g_assert_nonnull(pdev);
    t->vd = qvirtio_pci_new(pdev, t->m.alloc);
    qvirtio_reset(t->vd);
}

static void net_setup_queues(NetTest *t, uint64_t feat)
{
    g_assert_true(qvirtio_negotiate(t->vd, QVIRTIO_F_VERSION_1 | feat));
    t->rx = qvirtqueue_setup(t->vd, 0, false);
    t->tx = qvirtqueue_setup(t->vd, 1, false);
    t->ctrl = (feat & F_CTRL_VQ) ? qvirtqueue_setup(t->vd, 2, false) : NULL;
    qvirtio_set_driver_ok(t->vd);
}

static void net_stop(NetTest *t)
{
    if (t->rx) {
        qvirtqueue_cleanup(t->rx);
        qvirtqueue_cleanup(t->tx);
    }
    if (t->ctrl) {
        qvirtqueue_cleanup(t->ctrl);
    }
    qvirtio_pci_free(t->vd);
    close(t->fd);
    close(t->listen_fd);
    vt_stop(&t->m);
}

static void make_frame(uint8_t *f, const uint8_t *dst, uint8_t fill)
{
    static const uint8_t src[6] = { 0x02, 0, 0, 0, 0, 0x99 };

    memset(f, fill, FRAME_LEN);
    memcpy(f, dst, 6);
    memcpy(f + 6, src, 6);
    f[12] = 0x08;
    f[13] = 0x00;
}

static uint16_t tx_frame(NetTest *t, const uint8_t *frame, size_t len)
{
    uint64_t buf = qguest_alloc(t->m.alloc, HDR_LEN + len, 16);
    QVirtBuf b = { .addr = buf, .len = HDR_LEN + len, .write = false };
    uint16_t id;

    qtest_memset(t->m.qts, buf, 0, HDR_LEN);
    qtest_memwrite(t->m.qts, buf + HDR_LEN, frame, len);
    id = qvirtqueue_add(t->tx, &b, 1, false);
    qvirtqueue_kick(t->tx);
    qvirtqueue_wait_used(t->tx, id, QVIRTIO_TIMEOUT_US);
    return id;
}

/* Post one rx buffer; returns its guest address. */
static uint64_t rx_post(NetTest *t, uint16_t *id)
{
    uint64_t buf = qguest_alloc(t->m.alloc, 2048, 16);
    QVirtBuf b = { .addr = buf, .len = 2048, .write = true };

    *id = qvirtqueue_add(t->rx, &b, 1, false);
    qvirtqueue_kick(t->rx);
    return buf;
}

static uint8_t ctrl_cmd(NetTest *t, uint8_t cls, uint8_t cmd,
                        const void *data, size_t len)
{
    return net_test_ctrl_cmd(t->m.qts, t->m.alloc, t->ctrl, cls, cmd, data,
                             len);
}

static void test_features(const void *opaque)
{
    NetTest t;
    uint64_t f;

    net_start(&t, opaque, "");
    f = qvirtio_get_features(t.vd);
    g_assert_true(f & F_MAC);
    g_assert_true(f & F_STATUS);
    g_assert_true(f & F_CTRL_VQ);
    g_assert_true(f & F_CTRL_RX);
    g_assert_true(f & F_MRG_RXBUF);
    g_assert_false(f & F_CSUM);         /* offloads are not offered */
    g_assert_true(qvirtio_negotiate(t.vd, QVIRTIO_F_VERSION_1 | F_MAC));
    /* The default MAC and link up. */
    g_assert_cmphex(qvirtio_config_readb(t.vd, 0), ==, 0x52);
    g_assert_cmphex(qvirtio_config_readb(t.vd, 5), ==, 0x56);
    g_assert_cmphex(qvirtio_config_readw(t.vd, CFG_STATUS), ==, 1);
    net_stop(&t);
}

static void test_tx_rx(const void *opaque)
{
    static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    NetTest t;
    uint8_t f[FRAME_LEN], got[2048];
    uint64_t rxbuf;
    uint16_t id;
    uint32_t len;

    net_start(&t, opaque, ",mac=52:54:00:aa:bb:cc");
    g_assert_cmphex(qvirtio_config_readb(t.vd, 3), ==, 0xaa);
    net_setup_queues(&t, F_MAC);

    make_frame(f, bcast, 0x5a);
    tx_frame(&t, f, sizeof(f));
    len = net_test_read_frame(t.fd, got, sizeof(got));
    g_assert_cmpuint(len, ==, FRAME_LEN);
    g_assert_cmpmem(got, len, f, FRAME_LEN);

    rxbuf = rx_post(&t, &id);
    make_frame(f, bcast, 0xa5);
    net_test_write_frame(t.fd, f, sizeof(f));
    len = qvirtqueue_wait_used(t.rx, id, QVIRTIO_TIMEOUT_US);
    g_assert_cmpuint(len, ==, HDR_LEN + FRAME_LEN);
    qtest_memread(t.m.qts, rxbuf + HDR_LEN, got, FRAME_LEN);
    g_assert_cmpmem(got, FRAME_LEN, f, FRAME_LEN);
    /* num_buffers is 1 */
    g_assert_cmpuint(qtest_readw(t.m.qts, rxbuf + 10), ==, 1);
    net_stop(&t);
}

static void test_link(const void *opaque)
{
    NetTest t;
    QDict *rsp;

    net_start(&t, opaque, "");
    net_setup_queues(&t, F_MAC | F_STATUS);
    rsp = qtest_qmp(t.m.qts, "{'execute': 'set_link', 'arguments': "
                    "{'name': 'nic0', 'up': false}}");
    g_assert_true(qdict_haskey(rsp, "return"));
    qobject_unref(rsp);
    g_assert_cmphex(qvirtio_config_readw(t.vd, CFG_STATUS) & 1, ==, 0);
    g_assert_true(qvirtio_isr_read(t.vd) & 2);
    rsp = qtest_qmp(t.m.qts, "{'execute': 'set_link', 'arguments': "
                    "{'name': 'nic0', 'up': true}}");
    qobject_unref(rsp);
    g_assert_cmphex(qvirtio_config_readw(t.vd, CFG_STATUS) & 1, ==, 1);
    rsp = qtest_qmp(t.m.qts, "{'execute': 'set_link', 'arguments': "
                    "{'name': 'nope', 'up': true}}");
    g_assert_true(qdict_haskey(rsp, "error"));
    qobject_unref(rsp);
    net_stop(&t);
}

static void test_filter(const void *opaque)
{
    static const uint8_t other[6] = { 0x02, 1, 2, 3, 4, 5 };
    static const uint8_t mine[6] = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 };
    uint8_t table[4 + 6 + 4] = { 1, 0, 0, 0, 0x02, 1, 2, 3, 4, 5,
                                 0, 0, 0, 0 };
    uint8_t off = 0, f[FRAME_LEN];
    NetTest t;
    uint16_t id;

    net_start(&t, opaque, "");
    net_setup_queues(&t, F_MAC | F_CTRL_VQ | F_CTRL_RX);
    g_assert_cmpuint(ctrl_cmd(&t, 0, 0, &off, 1), ==, 0);   /* promisc off */
    /* bad lengths are refused, not fatal */
    g_assert_cmpuint(ctrl_cmd(&t, 0, 0, NULL, 0), ==, 1);
    g_assert_cmpuint(ctrl_cmd(&t, 1, 0, table, 7), ==, 1);
    g_assert_cmpuint(ctrl_cmd(&t, 9, 9, NULL, 0), ==, 1);

    rx_post(&t, &id);
    make_frame(f, other, 1);
    net_test_write_frame(t.fd, f, sizeof(f));        /* filtered out */
    make_frame(f, mine, 2);
    net_test_write_frame(t.fd, f, sizeof(f));
    g_assert_cmpuint(qvirtqueue_wait_used(t.rx, id, QVIRTIO_TIMEOUT_US), ==,
                     HDR_LEN + FRAME_LEN);
    /* the MAC table lets "other" through */
    g_assert_cmpuint(ctrl_cmd(&t, 1, 0, table, sizeof(table)), ==, 0);
    rx_post(&t, &id);
    make_frame(f, other, 3);
    net_test_write_frame(t.fd, f, sizeof(f));
    g_assert_cmpuint(qvirtqueue_wait_used(t.rx, id, QVIRTIO_TIMEOUT_US), ==,
                     HDR_LEN + FRAME_LEN);
    g_assert_false(qvirtio_get_status(t.vd) & QVIRTIO_S_NEEDS_RESET);
    net_stop(&t);
}

static void test_announce(const void *opaque)
{
    NetTest t;
    uint8_t got[2048];
    QDict *rsp;
    uint32_t len;

    net_start(&t, opaque, "");
    net_setup_queues(&t, F_MAC);
    rsp = qtest_qmp(t.m.qts, "{'execute': 'announce-self', 'arguments': "
                    "{'initial': 1, 'max': 2, 'rounds': 2, 'step': 1}}");
    g_assert_true(qdict_haskey(rsp, "return"));
    qobject_unref(rsp);
    len = net_test_read_frame(t.fd, got, sizeof(got));
    g_assert_cmpuint(len, ==, 60);
    g_assert_cmphex(got[12], ==, 0x80);
    g_assert_cmphex(got[13], ==, 0x35);
    g_assert_cmphex(got[11], ==, 0x56);     /* our MAC as the source */
    len = net_test_read_frame(t.fd, got, sizeof(got));   /* the second round */
    g_assert_cmpuint(len, ==, 60);
    net_stop(&t);
}

static void test_bad_tx(const void *opaque)
{
    NetTest t;
    uint64_t buf;
    QVirtBuf b;
    uint16_t id;

    net_start(&t, opaque, "");
    net_setup_queues(&t, F_MAC);
    /* A frame over 64 KiB is dropped, the device carries on. */
    buf = qguest_alloc(t.m.alloc, HDR_LEN + 70000, 16);
    b = (QVirtBuf){ .addr = buf, .len = HDR_LEN + 70000, .write = false };
    id = qvirtqueue_add(t.tx, &b, 1, false);
    qvirtqueue_kick(t.tx);
    qvirtqueue_wait_used(t.tx, id, QVIRTIO_TIMEOUT_US);
    g_assert_false(net_test_readable(t.fd, 100));
    g_assert_false(qvirtio_get_status(t.vd) & QVIRTIO_S_NEEDS_RESET);
    /* A short header breaks the device until reset, no crash. */
    b = (QVirtBuf){ .addr = buf, .len = 4, .write = false };
    qvirtqueue_add(t.tx, &b, 1, false);
    qvirtqueue_kick(t.tx);
    g_assert_true(qvirtio_wait_isr(t.vd, 2, QVIRTIO_TIMEOUT_US) & 2);
    g_assert_true(qvirtio_get_status(t.vd) & QVIRTIO_S_NEEDS_RESET);
    net_stop(&t);
}

/* ---- two emulators connected by a back end ---- */

/* Real seconds a peer gets to deliver a frame across processes. */
#define PEER_TIMEOUT_US     (10 * G_USEC_PER_SEC)
#define PEER_POLL_NS        (100 * 1000)
#define PEER_MAC_A          "52:54:00:00:00:0a"
#define PEER_MAC_B          "52:54:00:00:00:0b"

/* One guest with a modern driver, its queues live, no test socket. */
static void peer_start(NetTest *t, const char *netdev, const char *mac)
{
    g_autofree char *args = g_strdup_printf(
        "-netdev %s -device virtio-net-pci,netdev=n,id=nic0,mac=%s",
        netdev, mac);
    QPCIDevice *pdev;

    memset(t, 0, sizeof(*t));
    t->listen_fd = t->fd = -1;
    vt_start(&t->m, "pc", args);
    pdev = vt_find(&t->m, NET_LEGACY_ID, 0);
    g_assert_nonnull(pdev);
    t->vd = qvirtio_pci_new(pdev, t->m.alloc);
    qvirtio_reset(t->vd);
    net_setup_queues(t, F_MAC);
}

static void peer_stop(NetTest *t)
{
    qvirtqueue_cleanup(t->rx);
    qvirtqueue_cleanup(t->tx);
    qvirtio_pci_free(t->vd);
    vt_stop(&t->m);
}

/*
 * Wait for buffer @id of @vq in real time: the frame comes from another
 * process, so stepping the virtual clock alone does not bound the wait.
 */
static uint32_t peer_wait_used(NetTest *t, QVirtQueue *vq, uint16_t id)
{
    gint64 deadline = g_get_monotonic_time() + PEER_TIMEOUT_US;
    uint16_t got;
    uint32_t len;

    do {
        while (qvirtqueue_get_used(vq, &got, &len)) {
            if (got == id) {
                return len;
            }
        }
        qtest_clock_step(t->m.qts, PEER_POLL_NS);
        g_usleep(1000);
    } while (g_get_monotonic_time() < deadline);
    g_error("virtqueue %u: buffer %u not used", vq->index, id);
    return 0;
}

static void mac_of(NetTest *t, uint8_t *mac)
{
    int i;

    for (i = 0; i < 6; i++) {
        mac[i] = qvirtio_config_readb(t->vd, i);
    }
}

/* @from's guest transmits a frame to @to's MAC; @to's guest gets it. */
static void peer_send_check(NetTest *from, NetTest *to, uint8_t fill)
{
    static const uint8_t zero[HDR_LEN - 2];
    uint8_t f[FRAME_LEN], got[HDR_LEN + FRAME_LEN];
    uint64_t rxbuf;
    uint16_t id;

    memset(f, fill, sizeof(f));
    mac_of(to, f);
    mac_of(from, f + 6);
    f[12] = 0x08;
    f[13] = 0x00;
    rxbuf = rx_post(to, &id);
    tx_frame(from, f, sizeof(f));
    g_assert_cmpuint(peer_wait_used(to, to->rx, id), ==, HDR_LEN + FRAME_LEN);
    qtest_memread(to->m.qts, rxbuf, got, sizeof(got));
    /* No offloads: flags, gso_type, lengths all zero; one buffer. */
    g_assert_cmpmem(got, HDR_LEN - 2, zero, sizeof(zero));
    g_assert_cmpuint(got[10] | (got[11] << 8), ==, 1);
    g_assert_cmpmem(got + HDR_LEN, FRAME_LEN, f, FRAME_LEN);
}

/*
 * Start A with @nd_a, then B with @nd_b (A must be listening or bound
 * first), and pass a frame each way.  B, the connecting side, sends
 * first: A's back end takes the connection from its own main loop, and
 * a frame A sent before that would be dropped by design.
 */
static void peer_exchange(const char *nd_a, const char *nd_b)
{
    NetTest a, b;

    peer_start(&a, nd_a, PEER_MAC_A);
    peer_start(&b, nd_b, PEER_MAC_B);
    peer_send_check(&b, &a, 0x11);
    peer_send_check(&a, &b, 0x22);
    peer_send_check(&b, &a, 0x33);
    peer_stop(&b);
    peer_stop(&a);
}

static void test_peers_socket(void)
{
    int port = net_test_free_port(SOCK_STREAM);
    g_autofree char *a = g_strdup_printf(
        "socket,id=n,listen=127.0.0.1:%d", port);
    g_autofree char *b = g_strdup_printf(
        "socket,id=n,connect=127.0.0.1:%d", port);

    peer_exchange(a, b);
}

static void test_peers_stream_inet(void)
{
    int port = net_test_free_port(SOCK_STREAM);
    g_autofree char *a = g_strdup_printf(
        "stream,id=n,server=on,addr.type=inet,addr.host=127.0.0.1,"
        "addr.port=%d", port);
    g_autofree char *b = g_strdup_printf(
        "stream,id=n,server=off,addr.type=inet,addr.host=127.0.0.1,"
        "addr.port=%d", port);

    peer_exchange(a, b);
}

static void test_peers_stream_unix(void)
{
    g_autofree char *dir = g_dir_make_tmp("corvid-net-XXXXXX", NULL);
    g_autofree char *path = NULL, *a = NULL, *b = NULL;

    g_assert_nonnull(dir);
    path = g_build_filename(dir, "sock", NULL);
    a = g_strdup_printf("stream,id=n,server=on,addr.type=unix,"
                        "addr.path=%s", path);
    b = g_strdup_printf("stream,id=n,server=off,addr.type=unix,"
                        "addr.path=%s", path);
    peer_exchange(a, b);
    unlink(path);
    g_assert_cmpint(rmdir(dir), ==, 0);
}

static void test_peers_dgram(void)
{
    int pa = net_test_free_port(SOCK_DGRAM), pb = net_test_free_port(SOCK_DGRAM);
    const char *fmt = "dgram,id=n,local.type=inet,local.host=127.0.0.1,"
                      "local.port=%d,remote.type=inet,"
                      "remote.host=127.0.0.1,remote.port=%d";
    g_autofree char *a = g_strdup_printf(fmt, pa, pb);
    g_autofree char *b = g_strdup_printf(fmt, pb, pa);

    peer_exchange(a, b);
}

static void test_peers_socket_udp(void)
{
    int pa = net_test_free_port(SOCK_DGRAM), pb = net_test_free_port(SOCK_DGRAM);
    const char *fmt = "socket,id=n,udp=127.0.0.1:%d,localaddr=127.0.0.1:%d";
    g_autofree char *a = g_strdup_printf(fmt, pb, pa);
    g_autofree char *b = g_strdup_printf(fmt, pa, pb);

    peer_exchange(a, b);
}

/* ---- multiqueue ---- */

#define F_MQ                (1ULL << 22)
#define CFG_MAX_VQ_PAIRS    8
#define CTRL_MQ             4
#define CTRL_MQ_VQ_PAIRS_SET 0
#define NET_OK              0
#define NET_ERR             1

static uint8_t mq_set(NetTest *t, uint16_t pairs)
{
    uint8_t d[2] = { pairs & 0xff, pairs >> 8 };

    return ctrl_cmd(t, CTRL_MQ, CTRL_MQ_VQ_PAIRS_SET, d, sizeof(d));
}

/*
 * Every back end carries one queue pair, so mq=on offers VIRTIO_NET_F_MQ
 * with max_virtqueue_pairs 1: setting 1 pair works, 0 or 2 does not,
 * and the device keeps working either way.
 */
static void test_mq(const void *opaque)
{
    static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    uint8_t f[FRAME_LEN], got[2048], one = 1;
    NetTest t;
    uint16_t id;

    net_start(&t, opaque, "");
    g_assert_false(qvirtio_get_features(t.vd) & F_MQ);  /* off by default */
    net_setup_queues(&t, F_MAC | F_CTRL_VQ);
    /* Not negotiated: refused. */
    g_assert_cmpuint(mq_set(&t, 1), ==, NET_ERR);
    net_stop(&t);

    net_start(&t, opaque, ",mq=on");
    g_assert_true(qvirtio_get_features(t.vd) & F_MQ);
    net_setup_queues(&t, F_MAC | F_CTRL_VQ | F_MQ);
    g_assert_cmpuint(qvirtio_config_readw(t.vd, CFG_MAX_VQ_PAIRS), ==, 1);
    /* The control queue follows the one pair; nothing beyond it. */
    g_assert_cmpuint(qvirtio_queue_max_size(t.vd, 3), ==, 0);
    g_assert_cmpuint(mq_set(&t, 1), ==, NET_OK);
    g_assert_cmpuint(mq_set(&t, 0), ==, NET_ERR);
    g_assert_cmpuint(mq_set(&t, 2), ==, NET_ERR);
    g_assert_cmpuint(mq_set(&t, 0x8000), ==, NET_ERR);
    g_assert_cmpuint(mq_set(&t, 0xffff), ==, NET_ERR);
    /* Wrong length and unknown MQ commands. */
    g_assert_cmpuint(ctrl_cmd(&t, CTRL_MQ, CTRL_MQ_VQ_PAIRS_SET, &one, 1),
                     ==, NET_ERR);
    g_assert_cmpuint(ctrl_cmd(&t, CTRL_MQ, 1, NULL, 0), ==, NET_ERR);
    g_assert_false(qvirtio_get_status(t.vd) & QVIRTIO_S_NEEDS_RESET);
    /* Still one working pair. */
    make_frame(f, bcast, 0x77);
    tx_frame(&t, f, sizeof(f));
    g_assert_cmpuint(net_test_read_frame(t.fd, got, sizeof(got)), ==, FRAME_LEN);
    g_assert_cmpmem(got, FRAME_LEN, f, FRAME_LEN);
    rx_post(&t, &id);
    net_test_write_frame(t.fd, f, sizeof(f));
    g_assert_cmpuint(qvirtqueue_wait_used(t.rx, id, QVIRTIO_TIMEOUT_US), ==,
                     HDR_LEN + FRAME_LEN);
    net_stop(&t);
}

/* ---- netdev_add / netdev_del ---- */

static void test_netdev_qmp(void)
{
    g_autofree char *port = g_strdup_printf("%d", net_test_free_port(SOCK_STREAM));
    QTestState *qts = qtest_init("-M none");

    qtest_qmp_assert_success(qts, "{'execute': 'netdev_add', 'arguments': "
        "{'type': 'stream', 'id': 's1', 'server': true, 'addr': "
        "{'type': 'inet', 'host': '127.0.0.1', 'port': %s}}}", port);
    qmp_assert_error(qtest_qmp(qts, "{'execute': 'netdev_add', "
        "'arguments': {'type': 'stream', 'id': 's1', 'server': true, "
        "'addr': {'type': 'inet', 'host': '127.0.0.1', 'port': '0'}}}"),
        "GenericError", "Duplicate ID 's1'");
    qmp_assert_error(qtest_qmp(qts, "{'execute': 'netdev_add', "
        "'arguments': {'type': 'bogus', 'id': 'x'}}"),
        "GenericError", "Parameter 'type' does not accept value 'bogus'");
    qmp_assert_error(qtest_qmp(qts, "{'execute': 'netdev_add', "
        "'arguments': {'id': 'x'}}"),
        "GenericError", "Parameter 'type' is missing");
    qmp_assert_error(qtest_qmp(qts, "{'execute': 'netdev_add', "
        "'arguments': {'type': 'stream', 'id': '1bad', 'addr': "
        "{'type': 'inet', 'host': '127.0.0.1', 'port': '1'}}}"),
        "GenericError", "Parameter 'id' expects an identifier");
    /*
     * The port is taken by s1: as in qemu, the stream is made and its
     * bind fails afterwards ("connection error" in info network).
     */
    qtest_qmp_assert_success(qts, "{'execute': 'netdev_add', "
        "'arguments': {'type': 'stream', 'id': 's2', 'server': true, "
        "'addr': {'type': 'inet', 'host': '127.0.0.1', 'port': %s}}}",
        port);
    qtest_qmp_assert_success(qts, "{'execute': 'netdev_del', 'arguments': "
                             "{'id': 's2'}}");

    qmp_assert_error(qtest_qmp(qts, "{'execute': 'netdev_del', "
        "'arguments': {'id': 'nope'}}"),
        "DeviceNotFound", "Device 'nope' not found");
    qmp_assert_error(qtest_qmp(qts, "{'execute': 'netdev_del', "
        "'arguments': {}}"), "GenericError", "Parameter 'id' is missing");
    qtest_qmp_assert_success(qts, "{'execute': 'netdev_del', 'arguments': "
                             "{'id': 's1'}}");
    qmp_assert_error(qtest_qmp(qts, "{'execute': 'netdev_del', "
        "'arguments': {'id': 's1'}}"),
        "DeviceNotFound", "Device 's1' not found");
    /* The id and the port are free again. */
    qtest_qmp_assert_success(qts, "{'execute': 'netdev_add', 'arguments': "
        "{'type': 'stream', 'id': 's1', 'server': true, 'addr': "
        "{'type': 'inet', 'host': '127.0.0.1', 'port': %s}}}", port);
    qtest_quit(qts);
}

/* A netdev added over QMP carries frames for a hot-plugged NIC. */
static void test_netdev_add_hotplug(void)
{
    static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    uint8_t f[FRAME_LEN], got[2048];
    g_autofree char *connect = NULL;
    QPCIDevice *pdev;
    NetTest t;
    int port;

    memset(&t, 0, sizeof(t));
    t.listen_fd = net_test_listen_any(&port);
    connect = g_strdup_printf("127.0.0.1:%d", port);
    vt_start(&t.m, "pc", "");
    qtest_qmp_assert_success(t.m.qts, "{'execute': 'netdev_add', "
        "'arguments': {'type': 'socket', 'id': 'hn', "
        "'connect': %s}}", connect);
    t.fd = accept(t.listen_fd, NULL, NULL);
    g_assert_cmpint(t.fd, >=, 0);
    qtest_qmp_assert_success(t.m.qts, "{'execute': 'device_add', "
        "'arguments': {'driver': 'virtio-net-pci', 'netdev': 'hn', "
        "'id': 'nic0'}}");
    vt_rescan(&t.m);
    pdev = vt_find(&t.m, NET_LEGACY_ID, 0);
    g_assert_nonnull(pdev);
    t.vd = qvirtio_pci_new(pdev, t.m.alloc);
    qvirtio_reset(t.vd);
    net_setup_queues(&t, F_MAC);
    make_frame(f, bcast, 0x44);
    tx_frame(&t, f, sizeof(f));
    g_assert_cmpuint(net_test_read_frame(t.fd, got, sizeof(got)), ==, FRAME_LEN);
    g_assert_cmpmem(got, FRAME_LEN, f, FRAME_LEN);
    net_stop(&t);
}

/* ---- legacy driver ---- */

#define LEGACY_HDR_LEN      10      /* no num_buffers without MRG_RXBUF */

/*
 * A legacy driver on the transitional device: without MRG_RXBUF the
 * header is 10 bytes on both queues; with it, 12.
 */
static void legacy_rx_tx(const char *machine, const char *dev_extra,
                         uint64_t feat, size_t hdr_len)
{
    static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    static const uint8_t zero[LEGACY_HDR_LEN];
    uint8_t f[FRAME_LEN], got[2048];
    uint64_t buf;
    QVirtBuf b;
    NetTest t;
    uint16_t id;

    net_start(&t, machine, dev_extra);
    qvirtio_pci_free(t.vd);
    t.vd = qvirtio_pci_new_legacy(vt_find(&t.m, NET_LEGACY_ID, 0),
                                  t.m.alloc);
    qvirtio_reset(t.vd);
    g_assert_true(qvirtio_negotiate(t.vd, feat));
    t.rx = qvirtqueue_setup(t.vd, 0, false);
    t.tx = qvirtqueue_setup(t.vd, 1, false);
    qvirtio_set_driver_ok(t.vd);

    /* rx: the header then the frame, one buffer */
    buf = rx_post(&t, &id);
    make_frame(f, bcast, 0x3c);
    net_test_write_frame(t.fd, f, sizeof(f));
    g_assert_cmpuint(qvirtqueue_wait_used(t.rx, id, QVIRTIO_TIMEOUT_US), ==,
                     hdr_len + FRAME_LEN);
    qtest_memread(t.m.qts, buf, got, hdr_len + FRAME_LEN);
    g_assert_cmpmem(got, LEGACY_HDR_LEN, zero, LEGACY_HDR_LEN);
    if (hdr_len > LEGACY_HDR_LEN) {
        g_assert_cmpuint(got[10] | (got[11] << 8), ==, 1);
    }
    g_assert_cmpmem(got + hdr_len, FRAME_LEN, f, FRAME_LEN);

    /* tx: the device strips exactly hdr_len bytes */
    buf = qguest_alloc(t.m.alloc, hdr_len + FRAME_LEN, 16);
    qtest_memset(t.m.qts, buf, 0, hdr_len);
    make_frame(f, bcast, 0xc3);
    qtest_memwrite(t.m.qts, buf + hdr_len, f, FRAME_LEN);
    b = (QVirtBuf){ .addr = buf, .len = hdr_len + FRAME_LEN, .write = false };
    id = qvirtqueue_add(t.tx, &b, 1, false);
    qvirtqueue_kick(t.tx);
    qvirtqueue_wait_used(t.tx, id, QVIRTIO_TIMEOUT_US);
    g_assert_cmpuint(net_test_read_frame(t.fd, got, sizeof(got)), ==, FRAME_LEN);
    g_assert_cmpmem(got, FRAME_LEN, f, FRAME_LEN);
    net_stop(&t);
}

static void test_legacy_rx(const void *opaque)
{
    /* The device offers MRG_RXBUF but the driver does not take it. */
    legacy_rx_tx(opaque, "", F_MAC, LEGACY_HDR_LEN);
    /* The device does not offer it at all. */
    legacy_rx_tx(opaque, ",mrg_rxbuf=off", F_MAC, LEGACY_HDR_LEN);
    /* Taken: the 12-byte header with num_buffers. */
    legacy_rx_tx(opaque, "", F_MAC | F_MRG_RXBUF, HDR_LEN);
}

int main(int argc, char **argv)
{
    static const char *machines[] = { "pc", "q35" };
    size_t i;

    g_test_init(&argc, &argv, NULL);
    for (i = 0; i < G_N_ELEMENTS(machines); i++) {
        const char *m = machines[i];
        g_autofree char *p1 = g_strdup_printf("/virtio-net/%s/features", m);
        g_autofree char *p2 = g_strdup_printf("/virtio-net/%s/tx-rx", m);
        g_autofree char *p3 = g_strdup_printf("/virtio-net/%s/link", m);
        g_autofree char *p4 = g_strdup_printf("/virtio-net/%s/filter", m);
        g_autofree char *p5 = g_strdup_printf("/virtio-net/%s/announce", m);
        g_autofree char *p6 = g_strdup_printf("/virtio-net/%s/bad-tx", m);
        g_autofree char *p7 = NULL, *p8 = NULL;

        g_test_add_data_func(p1, m, test_features);
        g_test_add_data_func(p2, m, test_tx_rx);
        g_test_add_data_func(p3, m, test_link);
        g_test_add_data_func(p4, m, test_filter);
        g_test_add_data_func(p5, m, test_announce);
        g_test_add_data_func(p6, m, test_bad_tx);
        p7 = g_strdup_printf("/virtio-net/%s/mq", m);
        g_test_add_data_func(p7, m, test_mq);
        p8 = g_strdup_printf("/virtio-net/%s/legacy-rx", m);
        g_test_add_data_func(p8, m, test_legacy_rx);
    }
    g_test_add_func("/virtio-net/netdev/qmp", test_netdev_qmp);
    g_test_add_func("/virtio-net/netdev/hotplug", test_netdev_add_hotplug);
    g_test_add_func("/virtio-net/peers/socket", test_peers_socket);
    g_test_add_func("/virtio-net/peers/stream-inet", test_peers_stream_inet);
    g_test_add_func("/virtio-net/peers/stream-unix", test_peers_stream_unix);
    g_test_add_func("/virtio-net/peers/dgram", test_peers_dgram);
    g_test_add_func("/virtio-net/peers/socket-udp", test_peers_socket_udp);
    return g_test_run();
}
