/*
 * The socket back ends seen from outside, as qemu 7.2 behaves: two
 * emulators exchanging frames over a multicast group (-netdev socket
 * and -netdev dgram, on the loopback interface) and over unix datagram
 * sockets; -netdev stream's NETDEV_STREAM_CONNECTED/_DISCONNECTED
 * events; and connections that fail without stopping the emulator.
 *
 * Each emulator bridges its back end under test to a stream back end
 * connected to the test through a hub, so the test writes a frame into
 * one emulator and reads it out of the other:
 *
 *   test <-stream-> [A: hub <-> X] ~~ net ~~ [B: X <-> hub] <-stream-> test
 *
 * (The emulators' stream ends are unix servers in a temporary folder,
 * removed with the emulator.)
 */
#include "util/osdep.h"
#include "libqtest.h"
#include "libqvirtio.h"
#include "net-test-util.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>

/* A multicast group for the tests, joined on the loopback interface. */
#define TEST_MCAST_GROUP    "239.255.43.22"
#define FRAME_LEN           64
#define IO_TIMEOUT_MS       10000

typedef struct Bridge {
    QTestState *qts;
    int fd;             /* the test's end of the emulator's stream */
} Bridge;

static int tcp_listen(int *port)
{
    struct sockaddr_in sa = { .sin_family = AF_INET };
    socklen_t len = sizeof(sa);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

    g_assert_cmpint(fd, >=, 0);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    g_assert_cmpint(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), ==, 0);
    g_assert_cmpint(listen(fd, 1), ==, 0);
    g_assert_cmpint(getsockname(fd, (struct sockaddr *)&sa, &len), ==, 0);
    *port = ntohs(sa.sin_port);
    return fd;
}

static int tcp_connect(int port, int *local_port)
{
    struct sockaddr_in sa = { .sin_family = AF_INET,
                              .sin_port = htons(port) };
    socklen_t len = sizeof(sa);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    g_assert_cmpint(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), ==, 0);
    g_assert_cmpint(getsockname(fd, (struct sockaddr *)&sa, &len), ==, 0);
    *local_port = ntohs(sa.sin_port);
    return fd;
}

/* The next frame out of @fd is @f. */
static void expect_frame(int fd, const uint8_t *f, uint32_t len)
{
    uint8_t hdr[4], got[FRAME_LEN];

    net_test_read_full(fd, hdr, 4);
    g_assert_cmpuint(((uint32_t)hdr[0] << 24) | (hdr[1] << 16) |
                     (hdr[2] << 8) | hdr[3], ==, len);
    g_assert_cmpuint(len, <=, sizeof(got));
    net_test_read_full(fd, got, len);
    g_assert_cmpmem(got, len, f, len);
}

static void make_frame(uint8_t *f, uint8_t fill)
{
    memset(f, fill, FRAME_LEN);
    memset(f, 0xff, 6);                 /* broadcast */
    f[12] = 0x08;
    f[13] = 0x00;
}

/*
 * An emulator whose netdev "x" (@netdev, without id) is hubbed to a
 * unix stream server that the test connects to.  Frames reach the test
 * once the emulator has taken the connection, which its
 * NETDEV_STREAM_CONNECTED event tells.
 */
static void bridge_start(Bridge *b, const char *netdev, const char *dir,
                         const char *name)
{
    g_autofree char *path = g_build_filename(dir, name, NULL);
    struct sockaddr_un sun = { .sun_family = AF_UNIX };

    b->qts = qtest_initf("-M none -netdev %s,id=x "
                         "-netdev stream,id=s,server=on,addr.type=unix,"
                         "addr.path=%s "
                         "-netdev hubport,id=h0,hubid=0,netdev=x "
                         "-netdev hubport,id=h1,hubid=0,netdev=s",
                         netdev, path);
    b->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    g_strlcpy(sun.sun_path, path, sizeof(sun.sun_path));
    g_assert_cmpint(connect(b->fd, (struct sockaddr *)&sun, sizeof(sun)), ==,
                    0);
    qtest_qmp_eventwait(b->qts, "NETDEV_STREAM_CONNECTED");
}

static void bridge_stop(Bridge *b)
{
    close(b->fd);
    qtest_quit(b->qts);
}

/* A frame each way; with @loop, the sender hears its own (multicast). */
static void bridge_exchange(Bridge *a, Bridge *b, bool loop)
{
    uint8_t f[FRAME_LEN];

    make_frame(f, 0x11);
    net_test_write_frame(a->fd, f, FRAME_LEN);
    expect_frame(b->fd, f, FRAME_LEN);
    if (loop) {
        expect_frame(a->fd, f, FRAME_LEN);
    }
    make_frame(f, 0x22);
    net_test_write_frame(b->fd, f, FRAME_LEN);
    expect_frame(a->fd, f, FRAME_LEN);
    if (loop) {
        expect_frame(b->fd, f, FRAME_LEN);
    }
    /* Nothing else came through. */
    g_assert_false(net_test_readable(a->fd, 100));
    g_assert_false(net_test_readable(b->fd, 100));
}

static void test_mcast_socket(void)
{
    g_autofree char *nd = g_strdup_printf(
        "socket,mcast=" TEST_MCAST_GROUP ":%d,localaddr=127.0.0.1",
        net_test_free_port(SOCK_DGRAM));
    g_autofree char *dir = g_dir_make_tmp("corvid-mcast-XXXXXX", NULL);
    Bridge a, b;

    bridge_start(&a, nd, dir, "a.sock");
    bridge_start(&b, nd, dir, "b.sock");
    bridge_exchange(&a, &b, true);
    bridge_stop(&b);
    bridge_stop(&a);
    g_assert_cmpint(rmdir(dir), ==, 0);
}

/* -netdev socket,mcast= and -netdev dgram on a group talk together. */
static void test_mcast_dgram(void)
{
    int port = net_test_free_port(SOCK_DGRAM);
    g_autofree char *nd_a = g_strdup_printf(
        "socket,mcast=" TEST_MCAST_GROUP ":%d,localaddr=127.0.0.1", port);
    g_autofree char *nd_b = g_strdup_printf(
        "dgram,remote.type=inet,remote.host=" TEST_MCAST_GROUP ","
        "remote.port=%d,local.type=inet,local.host=127.0.0.1,local.port=0",
        port);
    g_autofree char *dir = g_dir_make_tmp("corvid-mcast-XXXXXX", NULL);
    Bridge a, b;

    bridge_start(&a, nd_a, dir, "a.sock");
    bridge_start(&b, nd_b, dir, "b.sock");
    bridge_exchange(&a, &b, true);
    bridge_stop(&b);
    bridge_stop(&a);
    g_assert_cmpint(rmdir(dir), ==, 0);
}

static void test_dgram_unix(void)
{
    g_autofree char *dir = g_dir_make_tmp("corvid-dgram-XXXXXX", NULL);
    g_autofree char *pa = g_build_filename(dir, "a", NULL);
    g_autofree char *pb = g_build_filename(dir, "b", NULL);
    const char *fmt = "dgram,local.type=unix,local.path=%s,"
                      "remote.type=unix,remote.path=%s";
    g_autofree char *nd_a = g_strdup_printf(fmt, pa, pb);
    g_autofree char *nd_b = g_strdup_printf(fmt, pb, pa);
    Bridge a, b;

    bridge_start(&a, nd_a, dir, "a.sock");
    bridge_start(&b, nd_b, dir, "b.sock");
    bridge_exchange(&a, &b, false);
    bridge_stop(&b);
    bridge_stop(&a);
    /* The bound socket files stay behind, as with qemu. */
    g_assert_cmpint(unlink(pa), ==, 0);
    g_assert_cmpint(unlink(pb), ==, 0);
    g_assert_cmpint(rmdir(dir), ==, 0);
}

/* ---- stream events ---- */

static void expect_connected(QTestState *qts, const char *id,
                             const char *addr_json)
{
    QDict *ev = qtest_qmp_eventwait_ref(qts, "NETDEV_STREAM_CONNECTED");
    g_autofree char *want = g_strdup_printf(
        "{\"netdev-id\": \"%s\", \"addr\": %s}", id, addr_json);

    qobject_assert_json(QOBJECT(qdict_get_qdict(ev, "data")), want);
    qobject_unref(ev);
}

static void expect_disconnected(QTestState *qts, const char *id)
{
    QDict *ev = qtest_qmp_eventwait_ref(qts, "NETDEV_STREAM_DISCONNECTED");
    g_autofree char *want = g_strdup_printf("{\"netdev-id\": \"%s\"}", id);

    qobject_assert_json(QOBJECT(qdict_get_qdict(ev, "data")), want);
    qobject_unref(ev);
}

static void test_stream_events(void)
{
    g_autofree char *dir = g_dir_make_tmp("corvid-stream-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "s", NULL);
    g_autofree char *port_s = NULL, *addr = NULL;
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    QTestState *qts = qtest_init("-M none");
    int port = net_test_free_port(SOCK_STREAM), cport, fd, lfd, sport;
    char buf[1];

    /* A server: the event names the client. */
    port_s = g_strdup_printf("%d", port);
    qtest_qmp_assert_success(qts, "{'execute': 'netdev_add', 'arguments': "
        "{'type': 'stream', 'id': 'srv', 'server': true, 'addr': "
        "{'type': 'inet', 'host': '127.0.0.1', 'port': %s}}}", port_s);
    fd = tcp_connect(port, &cport);
    addr = g_strdup_printf("{\"type\": \"inet\", \"host\": \"127.0.0.1\", "
                           "\"port\": \"%d\", \"ipv4\": true}", cport);
    expect_connected(qts, "srv", addr);
    close(fd);
    expect_disconnected(qts, "srv");

    /* A client: the event names the server. */
    lfd = tcp_listen(&sport);
    g_free(port_s);
    port_s = g_strdup_printf("%d", sport);
    qtest_qmp_assert_success(qts, "{'execute': 'netdev_add', 'arguments': "
        "{'type': 'stream', 'id': 'cli', 'addr': "
        "{'type': 'inet', 'host': '127.0.0.1', 'port': %s}}}", port_s);
    g_assert_true(net_test_readable(lfd, IO_TIMEOUT_MS));
    fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
    g_assert_cmpint(fd, >=, 0);
    g_free(addr);
    addr = g_strdup_printf("{\"type\": \"inet\", \"host\": \"127.0.0.1\", "
                           "\"port\": \"%d\", \"ipv4\": true}", sport);
    expect_connected(qts, "cli", addr);
    /* Removing a connected stream sends no event. */
    qtest_qmp_assert_success(qts, "{'execute': 'netdev_del', 'arguments': "
                             "{'id': 'cli'}}");
    qtest_qmp_assert_success(qts, "{'execute': 'query-status'}");
    g_assert_null(qtest_qmp_event_ref(qts, "NETDEV_STREAM_DISCONNECTED"));
    g_assert_true(net_test_readable(fd, IO_TIMEOUT_MS));
    g_assert_cmpint(read(fd, buf, sizeof(buf)), ==, 0);     /* closed */
    close(fd);
    close(lfd);

    /* unix: the socket's path, on both sides. */
    qtest_qmp_assert_success(qts, "{'execute': 'netdev_add', 'arguments': "
        "{'type': 'stream', 'id': 'us', 'server': true, 'addr': "
        "{'type': 'unix', 'path': %s}}}", path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    g_strlcpy(sun.sun_path, path, sizeof(sun.sun_path));
    g_assert_cmpint(connect(fd, (struct sockaddr *)&sun, sizeof(sun)), ==,
                    0);
    g_free(addr);
    addr = g_strdup_printf("{\"type\": \"unix\", \"path\": \"%s\"}", path);
    expect_connected(qts, "us", addr);
    qtest_qmp_assert_success(qts, "{'execute': 'netdev_add', 'arguments': "
        "{'type': 'stream', 'id': 'uc', 'addr': "
        "{'type': 'unix', 'path': %s}}}", path);
    /* uc's connection waits in us's backlog until us's peer goes. */
    expect_connected(qts, "uc", addr);
    close(fd);
    expect_disconnected(qts, "us");
    expect_connected(qts, "us", addr);
    qtest_quit(qts);
    /* The server's socket file went with it. */
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    g_assert_cmpint(rmdir(dir), ==, 0);
}

/*
 * What does not stop the emulator: a refused socket,connect= and a
 * stream that cannot connect, on the command line or over QMP (a stream
 * server that cannot bind does not either: tests/unit/test-net-socket.c);
 * socket,listen= on an address it cannot bind does.
 */
static void test_failures(void)
{
    int refused = net_test_free_port(SOCK_STREAM), port, lfd = tcp_listen(&port);
    g_autofree char *hp = g_strdup_printf("127.0.0.1:%d", refused);
    g_autofree char *rp = g_strdup_printf("%d", refused);
    g_autofree char *taken_hp = g_strdup_printf("127.0.0.1:%d", port);
    QTestState *qts;

    qts = qtest_initf("-M none -netdev socket,id=a,connect=127.0.0.1:%d "
                      "-netdev stream,id=b,addr.type=inet,"
                      "addr.host=127.0.0.1,addr.port=%d",
                      refused, refused);
    qtest_qmp_assert_success(qts, "{'execute': 'netdev_add', 'arguments': "
        "{'type': 'socket', 'id': 'd', 'connect': %s}}", hp);
    qtest_qmp_assert_success(qts, "{'execute': 'netdev_add', 'arguments': "
        "{'type': 'stream', 'id': 'e', 'addr': "
        "{'type': 'inet', 'host': '127.0.0.1', 'port': %s}}}", rp);
    {
        g_autofree char *taken = g_strdup_printf("%d", port);

        qtest_qmp_assert_success(qts, "{'execute': 'netdev_add', "
            "'arguments': {'type': 'stream', 'id': 'f', 'server': true, "
            "'addr': {'type': 'inet', 'host': '127.0.0.1', 'port': %s}}}",
            taken);
    }
    /* They all exist. */
    qmp_assert_error(qtest_qmp(qts, "{'execute': 'netdev_add', "
        "'arguments': {'type': 'stream', 'id': 'b', 'addr': "
        "{'type': 'inet', 'host': '127.0.0.1', 'port': '1'}}}"),
        "GenericError", "Duplicate ID 'b'");
    qmp_assert_error(qtest_qmp(qts, "{'execute': 'netdev_add', "
        "'arguments': {'type': 'socket', 'id': 'd', "
        "'connect': '127.0.0.1:1'}}"),
        "GenericError", "Duplicate ID 'd'");
    /* socket,listen= reports a failed bind. */
    qmp_assert_error(qtest_qmp(qts, "{'execute': 'netdev_add', "
        "'arguments': {'type': 'socket', 'id': 'g', "
        "'listen': %s}}", taken_hp),
        "GenericError", "can't bind ip=127.0.0.1 to socket: Address already "
        "in use");
    /* dgram needs a remote. */
    qmp_assert_error(qtest_qmp(qts, "{'execute': 'netdev_add', "
        "'arguments': {'type': 'dgram', 'id': 'g', 'local': "
        "{'type': 'inet', 'host': '127.0.0.1', 'port': '0'}}}"),
        "GenericError", "type=inet or type=unix requires remote parameter");
    /* None connected, so no events. */
    qtest_qmp_assert_success(qts, "{'execute': 'query-status'}");
    g_assert_null(qtest_qmp_event_ref(qts, "NETDEV_STREAM_CONNECTED"));
    qtest_qmp_assert_success(qts, "{'execute': 'netdev_del', 'arguments': "
                             "{'id': 'e'}}");
    qtest_qmp_assert_success(qts, "{'execute': 'netdev_del', 'arguments': "
                             "{'id': 'a'}}");
    qtest_quit(qts);
    close(lfd);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/netdev-socket/mcast/socket", test_mcast_socket);
    g_test_add_func("/netdev-socket/mcast/socket-dgram", test_mcast_dgram);
    g_test_add_func("/netdev-socket/dgram/unix", test_dgram_unix);
    g_test_add_func("/netdev-socket/stream/events", test_stream_events);
    g_test_add_func("/netdev-socket/failures", test_failures);
    return g_test_run();
}
