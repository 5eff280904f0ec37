/*
 * virtio-net-pci as a guest driver sees it, with the socket back end
 * connected to the test: feature negotiation, frames transmitted to the
 * test and received from it, the MAC in config space, set_link, rx
 * filtering through the control queue, announce-self frames and bad
 * guest input, on pc and q35.
 */
#include "util/osdep.h"
#include "libqtest.h"
#include "libqvirtio.h"
#include "virtio-test-util.h"

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

static int listen_any(int *port)
{
    struct sockaddr_in sa = { .sin_family = AF_INET };
    socklen_t len = sizeof(sa);
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    g_assert_cmpint(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), ==, 0);
    g_assert_cmpint(listen(fd, 1), ==, 0);
    getsockname(fd, (struct sockaddr *)&sa, &len);
    *port = ntohs(sa.sin_port);
    return fd;
}

static void read_full(int fd, uint8_t *buf, size_t len)
{
    size_t done = 0;

    while (done < len) {
        struct pollfd p = { .fd = fd, .events = POLLIN };
        ssize_t n;

        g_assert_cmpint(poll(&p, 1, 5000), ==, 1);
        n = read(fd, buf + done, len - done);
        g_assert_cmpint(n, >, 0);
        done += n;
    }
}

/* One framed packet from the back end. */
static uint32_t read_frame(int fd, uint8_t *buf, size_t size)
{
    uint8_t hdr[4];
    uint32_t len;

    read_full(fd, hdr, 4);
    len = ((uint32_t)hdr[0] << 24) | (hdr[1] << 16) | (hdr[2] << 8) | hdr[3];
    g_assert_cmpuint(len, <=, size);
    read_full(fd, buf, len);
    return len;
}

static bool frame_waiting(int fd, int ms)
{
    struct pollfd p = { .fd = fd, .events = POLLIN };

    return poll(&p, 1, ms) == 1;
}

static void write_frame(int fd, const uint8_t *buf, uint32_t len)
{
    uint8_t hdr[4] = { len >> 24, len >> 16, len >> 8, len };

    g_assert_cmpint(write(fd, hdr, 4), ==, 4);
    g_assert_cmpint(write(fd, buf, len), ==, (ssize_t)len);
}

static void net_start(NetTest *t, const char *machine, const char *dev_extra)
{
    g_autofree char *args = NULL;
    QPCIDevice *pdev;
    int port;

    memset(t, 0, sizeof(*t));
    t->listen_fd = listen_any(&port);
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
                        const uint8_t *data, size_t len)
{
    uint64_t out = qguest_alloc(t->m.alloc, 2 + len + 1, 16);
    uint8_t hdr[2] = { cls, cmd };
    QVirtBuf b[2] = {
        { .addr = out, .len = 2 + len, .write = false },
        { .addr = out + 2 + len, .len = 1, .write = true },
    };
    uint16_t id;

    qtest_memwrite(t->m.qts, out, hdr, 2);
    if (len) {
        qtest_memwrite(t->m.qts, out + 2, data, len);
    }
    qtest_writeb(t->m.qts, out + 2 + len, 0xee);
    id = qvirtqueue_add(t->ctrl, b, 2, false);
    qvirtqueue_kick(t->ctrl);
    g_assert_cmpuint(qvirtqueue_wait_used(t->ctrl, id, QVIRTIO_TIMEOUT_US),
                     ==, 1);
    return qtest_readb(t->m.qts, out + 2 + len);
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
    len = read_frame(t.fd, got, sizeof(got));
    g_assert_cmpuint(len, ==, FRAME_LEN);
    g_assert_cmpmem(got, len, f, FRAME_LEN);

    rxbuf = rx_post(&t, &id);
    make_frame(f, bcast, 0xa5);
    write_frame(t.fd, f, sizeof(f));
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
    write_frame(t.fd, f, sizeof(f));        /* filtered out */
    make_frame(f, mine, 2);
    write_frame(t.fd, f, sizeof(f));
    g_assert_cmpuint(qvirtqueue_wait_used(t.rx, id, QVIRTIO_TIMEOUT_US), ==,
                     HDR_LEN + FRAME_LEN);
    /* the MAC table lets "other" through */
    g_assert_cmpuint(ctrl_cmd(&t, 1, 0, table, sizeof(table)), ==, 0);
    rx_post(&t, &id);
    make_frame(f, other, 3);
    write_frame(t.fd, f, sizeof(f));
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
    len = read_frame(t.fd, got, sizeof(got));
    g_assert_cmpuint(len, ==, 60);
    g_assert_cmphex(got[12], ==, 0x80);
    g_assert_cmphex(got[13], ==, 0x35);
    g_assert_cmphex(got[11], ==, 0x56);     /* our MAC as the source */
    len = read_frame(t.fd, got, sizeof(got));   /* the second round */
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
    g_assert_false(frame_waiting(t.fd, 100));
    g_assert_false(qvirtio_get_status(t.vd) & QVIRTIO_S_NEEDS_RESET);
    /* A short header breaks the device until reset, no crash. */
    b = (QVirtBuf){ .addr = buf, .len = 4, .write = false };
    qvirtqueue_add(t.tx, &b, 1, false);
    qvirtqueue_kick(t.tx);
    g_assert_true(qvirtio_wait_isr(t.vd, 2, QVIRTIO_TIMEOUT_US) & 2);
    g_assert_true(qvirtio_get_status(t.vd) & QVIRTIO_S_NEEDS_RESET);
    net_stop(&t);
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

        g_test_add_data_func(p1, m, test_features);
        g_test_add_data_func(p2, m, test_tx_rx);
        g_test_add_data_func(p3, m, test_link);
        g_test_add_data_func(p4, m, test_filter);
        g_test_add_data_func(p5, m, test_announce);
        g_test_add_data_func(p6, m, test_bad_tx);
    }
    return g_test_run();
}
