/*
 * Unit tests of the socket back ends (net/socket.c, stream.c, dgram.c)
 * against what qemu 7.2 does: -netdev socket's HOST:PORT parsing, which failures are
 * start-up errors and which only show in the "info network" string
 * (connect refused, a stream that cannot bind or resolve), the strings
 * of connected and disconnected streams, datagram info strings and
 * option errors, udp= taking frames from its peer only, and multicast
 * looping back between two back ends.  Raw sockets play the peers; a
 * sink client plays the NIC.
 */
#include "util/osdep.h"
#include "util/error.h"
#include "util/keyval.h"
#include "util/main-loop.h"
#include "net/net.h"
#include "net/net-socket.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>

/* Real time a background connect or a datagram gets to arrive. */
#define WAIT_US             (5 * G_USEC_PER_SEC)
#define WAIT_STEP_US        1000
/* A multicast group for the tests, joined on the loopback interface. */
#define TEST_MCAST_GROUP    "239.255.43.21"
#define FRAME_LEN           60

static char *tmpdir;

/* ---- helpers ---- */

typedef struct Sink {
    NetClientState nc;
    unsigned int frames;
    uint8_t last[FRAME_LEN];
    size_t last_len;
} Sink;

static ssize_t sink_receive(NetClientState *nc, const uint8_t *buf,
                            size_t size)
{
    Sink *s = (Sink *)nc;

    s->frames++;
    s->last_len = size;
    memcpy(s->last, buf, MIN(size, sizeof(s->last)));
    return size;
}

static const NetClientInfo sink_info = {
    .type = "nic",
    .size = sizeof(Sink),
    .receive = sink_receive,
};

/* A NIC stand-in on netdev @id. */
static Sink *sink_attach(const char *id)
{
    NetClientState *nd = qemu_find_netdev(id);

    g_assert_nonnull(nd);
    return (Sink *)qemu_new_net_client(&sink_info, nd, "nic", NULL);
}

/* Create a netdev from a command-line style string. */
static bool netdev(const char *str, Error **errp)
{
    g_autoptr(QDict) opts = keyval_parse(str, "type", NULL, 0,
                                         &error_abort);
    const char *type = qdict_get_try_str(opts, "type");
    const char *id = qdict_get_try_str(opts, "id");

    if (!strcmp(type, "socket")) {
        return net_socket_init(opts, id, errp);
    }
    if (!strcmp(type, "stream")) {
        return net_stream_init(opts, id, errp);
    }
    g_assert_cmpstr(type, ==, "dgram");
    return net_dgram_init(opts, id, errp);
}

static void G_GNUC_PRINTF(1, 2) netdev_ok(const char *fmt, ...)
{
    g_autofree char *str = NULL;
    va_list ap;

    va_start(ap, fmt);
    str = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_assert_true(netdev(str, &error_abort));
}

/* @str fails with exactly @msg and creates nothing. */
static void netdev_err(const char *str, const char *msg)
{
    Error *err = NULL;

    g_assert_false(netdev(str, &err));
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, msg);
    error_free(err);
    g_assert_null(qemu_find_netdev("n"));
}

static const char *info_of(const char *id)
{
    NetClientState *nc = qemu_find_netdev(id);

    g_assert_nonnull(nc);
    return nc->info_str;
}

static void del(const char *id)
{
    NetClientState *nc = qemu_find_netdev(id);

    g_assert_nonnull(nc);
    if (nc->peer) {
        qemu_del_net_client(nc->peer);
    }
    g_assert_true(netdev_del(id, &error_abort));
}

/* Run the main loop until netdev @id's info string is @want. */
static void wait_info(const char *id, const char *want)
{
    gint64 end = g_get_monotonic_time() + WAIT_US;

    while (strcmp(info_of(id), want) && g_get_monotonic_time() < end) {
        main_loop_wait(true);
        g_usleep(WAIT_STEP_US);
    }
    g_assert_cmpstr(info_of(id), ==, want);
}

/* Run the main loop until @sink has @n frames. */
static void wait_frames(Sink *sink, unsigned int n)
{
    gint64 end = g_get_monotonic_time() + WAIT_US;

    while (sink->frames < n && g_get_monotonic_time() < end) {
        main_loop_wait(true);
        g_usleep(WAIT_STEP_US);
    }
    g_assert_cmpuint(sink->frames, ==, n);
}

/* Let the main loop run a little, for things that must not happen. */
static void settle(void)
{
    int i;

    for (i = 0; i < 50; i++) {
        main_loop_wait(true);
        g_usleep(WAIT_STEP_US);
    }
}

static int bound_socket(int type, int *port)
{
    struct sockaddr_in sa = { .sin_family = AF_INET };
    socklen_t len = sizeof(sa);
    int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);

    g_assert_cmpint(fd, >=, 0);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    g_assert_cmpint(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), ==, 0);
    g_assert_cmpint(getsockname(fd, (struct sockaddr *)&sa, &len), ==, 0);
    *port = ntohs(sa.sin_port);
    return fd;
}

/* A loopback port nothing listens on (bound, then closed). */
static int free_port(int type)
{
    int port;

    close(bound_socket(type, &port));
    return port;
}

static int tcp_listen(int *port)
{
    int fd = bound_socket(SOCK_STREAM, port);

    g_assert_cmpint(listen(fd, 4), ==, 0);
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

static int unix_listen(const char *path)
{
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    g_strlcpy(sun.sun_path, path, sizeof(sun.sun_path));
    g_assert_cmpint(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), ==, 0);
    g_assert_cmpint(listen(fd, 1), ==, 0);
    return fd;
}

static int accept_within(int lfd)
{
    struct pollfd p = { .fd = lfd, .events = POLLIN };
    gint64 end = g_get_monotonic_time() + WAIT_US;

    /* The back end connects from the main loop: keep it turning. */
    while (poll(&p, 1, 0) == 0) {
        if (g_get_monotonic_time() >= end) {
            return -1;
        }
        main_loop_wait(true);
        g_usleep(WAIT_STEP_US);
    }
    return accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
}

static void make_frame(uint8_t *f, uint8_t fill)
{
    memset(f, fill, FRAME_LEN);
}

/* ---- -netdev socket's HOST:PORT ---- */

static int parsed_port(const char *str)
{
    NetSockAddr a;

    g_assert_true(net_parse_host_port(str, &a, &error_abort));
    return ntohs(((struct sockaddr_in *)&a.ss)->sin_port);
}

static void parse_err(const char *str, const char *msg)
{
    Error *err = NULL;
    NetSockAddr a;

    g_assert_false(net_parse_host_port(str, &a, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, msg);
    error_free(err);
}

static void test_host_port(void)
{
    NetSockAddr a;
    char buf[64];

    /* The port is a C integer, trailing text ignored, mod 65536. */
    g_assert_cmpint(parsed_port("127.0.0.1:1234"), ==, 1234);
    g_assert_cmpint(parsed_port("127.0.0.1:0x10"), ==, 16);
    g_assert_cmpint(parsed_port("127.0.0.1:010"), ==, 8);
    g_assert_cmpint(parsed_port("127.0.0.1:5x"), ==, 5);
    g_assert_cmpint(parsed_port("127.0.0.1: 7"), ==, 7);
    g_assert_cmpint(parsed_port("127.0.0.1:-1"), ==, 65535);
    g_assert_cmpint(parsed_port("127.0.0.1:65536"), ==, 0);
    g_assert_cmpint(parsed_port("127.0.0.1:111111"), ==, 45575);
    parse_err("127.0.0.1:", "port number '' is invalid");
    parse_err("127.0.0.1:x", "port number 'x' is invalid");
    parse_err("127.0.0.1:-", "port number '-' is invalid");
    parse_err("127.0.0.1:99999999999999999999",
              "port number '99999999999999999999' is invalid");
    /* The host ends at the first colon; IPv4 only. */
    parse_err("bogus", "host address 'bogus' doesn't contain ':' "
              "separating host from port");
    parse_err("::1:1", "port number ':1:1' is invalid");
    parse_err("[::1]:1", "can't resolve host address '['");
    parse_err("nosuch.invalid:x", "can't resolve host address "
              "'nosuch.invalid'");
    /* Empty host: any address; inet_aton's short forms work. */
    g_assert_true(net_parse_host_port(":80", &a, &error_abort));
    g_assert_cmpstr(net_sockaddr_str(&a, buf, sizeof(buf)), ==,
                    "0.0.0.0:80");
    g_assert_true(net_parse_host_port("127.1:80", &a, &error_abort));
    g_assert_cmpstr(net_sockaddr_str(&a, buf, sizeof(buf)), ==,
                    "127.0.0.1:80");
    g_assert_true(net_parse_host_port("localhost:80", &a, &error_abort));
    g_assert_cmpstr(net_sockaddr_str(&a, buf, sizeof(buf)), ==,
                    "127.0.0.1:80");
}

/* ---- -netdev socket: listen= and connect= ---- */

static void test_socket_connect(void)
{
    uint8_t f[FRAME_LEN], got[4 + FRAME_LEN];
    g_autofree char *want = NULL;
    int port, lfd, fd;
    Sink *sink;

    /* Refused: no error, and nothing to show. */
    netdev_ok("socket,id=n,connect=127.0.0.1:%d", free_port(SOCK_STREAM));
    settle();
    g_assert_cmpstr(info_of("n"), ==, "");
    del("n");

    /* No route: connect() fails at once, a start-up error. */
    netdev_err("socket,id=n,connect=255.255.255.255:1",
               "can't connect socket: Network is unreachable");

    /* Connected: frames both ways. */
    lfd = tcp_listen(&port);
    netdev_ok("socket,id=n,connect=127.0.0.1:%d", port);
    g_assert_cmpstr(info_of("n"), ==, "");
    fd = accept_within(lfd);
    g_assert_cmpint(fd, >=, 0);
    want = g_strdup_printf("socket: connect to 127.0.0.1:%d", port);
    wait_info("n", want);
    sink = sink_attach("n");
    make_frame(f, 0x5a);
    qemu_send_packet(&sink->nc, f, FRAME_LEN);
    g_assert_cmpint(recv(fd, got, sizeof(got), MSG_WAITALL), ==,
                    sizeof(got));
    g_assert_cmpuint(got[3], ==, FRAME_LEN);
    g_assert_cmpmem(got + 4, FRAME_LEN, f, FRAME_LEN);
    g_assert_cmpint(send(fd, got, sizeof(got), 0), ==, sizeof(got));
    wait_frames(sink, 1);
    g_assert_cmpmem(sink->last, FRAME_LEN, f, FRAME_LEN);
    /* The peer goes: the string empties, and no reconnect follows. */
    close(fd);
    wait_info("n", "");
    settle();
    {
        struct pollfd p = { .fd = lfd, .events = POLLIN };

        g_assert_cmpint(poll(&p, 1, 0), ==, 0);
    }
    del("n");
    close(lfd);
}

static void test_socket_listen(void)
{
    g_autofree char *want1 = NULL, *want2 = NULL;
    int port = free_port(SOCK_STREAM), p1, p2, fd1, fd2;
    Error *err = NULL;

    netdev_ok("socket,id=n,listen=127.0.0.1:%d", port);
    g_assert_cmpstr(info_of("n"), ==, "");
    fd1 = tcp_connect(port, &p1);
    want1 = g_strdup_printf("socket: connection from 127.0.0.1:%d", p1);
    wait_info("n", want1);
    /* A second peer waits in the backlog until the first goes. */
    fd2 = tcp_connect(port, &p2);
    settle();
    g_assert_cmpstr(info_of("n"), ==, want1);
    close(fd1);
    want2 = g_strdup_printf("socket: connection from 127.0.0.1:%d", p2);
    wait_info("n", want2);
    close(fd2);
    wait_info("n", "");

    /* The port is taken: a start-up error naming the host alone. */
    {
        g_autofree char *s = g_strdup_printf(
            "socket,id=n2,listen=127.0.0.1:%d", port);

        g_assert_false(netdev(s, &err));
        g_assert_cmpstr(error_get_pretty(err), ==, "can't bind ip=127.0.0.1 "
                        "to socket: Address already in use");
        error_free(err);
        g_assert_null(qemu_find_netdev("n2"));
    }
    del("n");
    netdev_err("socket,id=n,listen=1.2.3.4:5", "can't bind ip=1.2.3.4 to "
               "socket: Cannot assign requested address");
}

static void test_socket_options(void)
{
    netdev_err("socket,id=n", "exactly one of listen=, connect=, mcast= or "
               "udp= is required");
    netdev_err("socket,id=n,listen=:1,connect=:2", "exactly one of "
               "listen=, connect=, mcast= or udp= is required");
    netdev_err("socket,id=n,fd=3,listen=:4", "exactly one of listen=, "
               "connect=, mcast= or udp= is required");
    netdev_err("socket,id=n,connect=127.0.0.1:1,localaddr=127.0.0.1:2",
               "localaddr= is only valid with mcast= or udp=");
    netdev_err("socket,id=n,udp=127.0.0.1:1",
               "localaddr= is mandatory with udp=");
    /* localaddr= is read before udp=. */
    netdev_err("socket,id=n,udp=bogus,localaddr=bogus2", "host address "
               "'bogus2' doesn't contain ':' separating host from port");
    netdev_err("socket,id=n,udp=127.0.0.1:1,localaddr=1.2.3.4:5",
               "can't bind ip=1.2.3.4 to socket: Cannot assign requested "
               "address");
    /* mcast=: the group, then localaddr= (an address alone), then
     * whether the group is multicast. */
    netdev_err("socket,id=n,mcast=239.1.1.1:x,localaddr=bogus",
               "port number 'x' is invalid");
    netdev_err("socket,id=n,mcast=127.0.0.1:5,localaddr=bogus",
               "localaddr 'bogus' is not a valid IPv4 address");
    netdev_err("socket,id=n,mcast=239.1.1.1:5,localaddr=127.0.0.1:5",
               "localaddr '127.0.0.1:5' is not a valid IPv4 address");
    netdev_err("socket,id=n,mcast=239.1.1.1:5,localaddr=",
               "localaddr '' is not a valid IPv4 address");
    netdev_err("socket,id=n,mcast=127.0.0.1:5", "specified mcastaddr "
               "127.0.0.1 (0x7f000001) does not contain a multicast "
               "address");
    netdev_err("socket,id=n,mcast=:5", "specified mcastaddr 0.0.0.0 "
               "(0x00000000) does not contain a multicast address");
    netdev_err("socket,id=n,mcast=239.1.1.1:5,localaddr=1.2.3.4",
               "can't add socket to multicast group 239.1.1.1: No such "
               "device");
}

/* ---- -netdev stream ---- */

static void test_stream_failures(void)
{
    g_autofree char *dir_path = g_build_filename(tmpdir, "no", "s", NULL);
    int port, lfd = tcp_listen(&port);

    /* Nothing is a start-up error once the options decode. */
    netdev_ok("stream,id=n,server=off,addr.type=inet,addr.host=127.0.0.1,"
              "addr.port=%d", free_port(SOCK_STREAM));
    wait_info("n", "connection error");
    del("n");
    netdev_ok("stream,id=n,addr.type=inet,addr.host=127.0.0.1,addr.port=x");
    wait_info("n", "connection error");
    del("n");
    netdev_ok("stream,id=n,addr.type=inet,addr.host=nosuch.invalid,"
              "addr.port=1");
    wait_info("n", "connection error");
    del("n");
    netdev_ok("stream,id=n,addr.type=inet,addr.host=,addr.port=%d", port);
    wait_info("n", "connection error");
    del("n");
    netdev_ok("stream,id=n,server=on,addr.type=inet,addr.host=127.0.0.1,"
              "addr.port=%d", port);    /* taken */
    wait_info("n", "connection error");
    del("n");
    netdev_ok("stream,id=n,server=on,addr.type=inet,addr.host=1.2.3.4,"
              "addr.port=1");
    wait_info("n", "connection error");
    del("n");
    netdev_ok("stream,id=n,server=on,addr.type=inet,addr.host=127.0.0.1,"
              "addr.port=%d,addr.keep-alive=on", free_port(SOCK_STREAM));
    wait_info("n", "connection error");
    del("n");
    netdev_ok("stream,id=n,server=on,addr.type=unix,addr.path=%s", dir_path);
    wait_info("n", "connection error");
    del("n");
    netdev_ok("stream,id=n,server=off,addr.type=unix,addr.path=%s",
              dir_path);
    wait_info("n", "connection error");
    del("n");
    close(lfd);
}

static void test_stream_inet(void)
{
    g_autofree char *want = NULL;
    int port = free_port(SOCK_STREAM), cport, fd, sport, lfd;

    /* Server: nothing shown while it waits; the peer once connected. */
    netdev_ok("stream,id=n,server=on,addr.type=inet,addr.host=127.0.0.1,"
              "addr.port=%d", port);
    g_assert_cmpstr(info_of("n"), ==, "");
    fd = tcp_connect(port, &cport);
    want = g_strdup_printf("tcp:127.0.0.1:%d", cport);
    wait_info("n", want);
    close(fd);
    wait_info("n", "");
    /* It takes the next one. */
    fd = tcp_connect(port, &cport);
    g_free(want);
    want = g_strdup_printf("tcp:127.0.0.1:%d", cport);
    wait_info("n", want);
    close(fd);
    del("n");

    /* Client: the server's address. */
    lfd = tcp_listen(&sport);
    netdev_ok("stream,id=n,server=off,addr.type=inet,addr.host=localhost,"
              "addr.port=%d,addr.ipv4=on", sport);
    fd = accept_within(lfd);
    g_assert_cmpint(fd, >=, 0);
    g_free(want);
    want = g_strdup_printf("tcp:127.0.0.1:%d", sport);
    wait_info("n", want);
    close(fd);
    wait_info("n", "");
    del("n");
    close(lfd);

    /* A port range: the first free one. */
    lfd = tcp_listen(&port);
    netdev_ok("stream,id=n,server=on,addr.type=inet,addr.host=127.0.0.1,"
              "addr.port=%d,addr.to=%d", port, port + 1 > 65535 ? port :
              port + 1);
    if (port < 65535) {
        fd = tcp_connect(port + 1, &cport);
        g_free(want);
        want = g_strdup_printf("tcp:127.0.0.1:%d", cport);
        wait_info("n", want);
        close(fd);
    }
    del("n");
    close(lfd);
}

static void test_stream_unix(void)
{
    g_autofree char *path = g_build_filename(tmpdir, "s", NULL);
    g_autofree char *want = g_strdup_printf("unix:%s", path);
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    int fd, lfd;

    /* A stale file at the path is replaced, and removed at the end. */
    g_assert_true(g_file_set_contents(path, "", 0, NULL));
    netdev_ok("stream,id=n,server=on,addr.type=unix,addr.path=%s", path);
    g_assert_cmpstr(info_of("n"), ==, "");
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    g_strlcpy(sun.sun_path, path, sizeof(sun.sun_path));
    g_assert_cmpint(connect(fd, (struct sockaddr *)&sun, sizeof(sun)), ==,
                    0);
    wait_info("n", want);
    close(fd);
    wait_info("n", "");
    del("n");
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));

    lfd = unix_listen(path);
    netdev_ok("stream,id=n,addr.type=unix,addr.path=%s", path);
    fd = accept_within(lfd);
    g_assert_cmpint(fd, >=, 0);
    wait_info("n", want);
    close(fd);
    wait_info("n", "");
    del("n");
    close(lfd);
    unlink(path);
}

/* IPv6 (where the host has ::1) and abstract unix names. */
static void test_stream_more(void)
{
    struct sockaddr_in6 s6 = { .sin6_family = AF_INET6,
                               .sin6_addr = IN6ADDR_LOOPBACK_INIT };
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    g_autofree char *name = g_strdup_printf("corvid-test-%d", getpid());
    g_autofree char *want = NULL;
    socklen_t len = sizeof(s6);
    int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int port;

    g_assert_cmpint(fd, >=, 0);
    if (bind(fd, (struct sockaddr *)&s6, sizeof(s6)) == 0) {
        g_assert_cmpint(getsockname(fd, (struct sockaddr *)&s6, &len), ==,
                        0);
        port = ntohs(s6.sin6_port);
        close(fd);
        netdev_ok("stream,id=n,server=on,addr.type=inet,addr.host=::1,"
                  "addr.port=%d", port);
        g_assert_cmpstr(info_of("n"), ==, "");
        fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
        g_assert_cmpint(connect(fd, (struct sockaddr *)&s6, sizeof(s6)), ==,
                        0);
        len = sizeof(s6);
        g_assert_cmpint(getsockname(fd, (struct sockaddr *)&s6, &len), ==,
                        0);
        want = g_strdup_printf("tcp:::1:%d", ntohs(s6.sin6_port));
        wait_info("n", want);
        del("n");
        /* ipv4=on leaves ::1 nothing to bind. */
        netdev_ok("stream,id=n,server=on,addr.type=inet,addr.host=::1,"
                  "addr.port=%d,addr.ipv4=on", port);
        wait_info("n", "connection error");
        del("n");
    } else {
        g_test_message("no IPv6 loopback: IPv6 part skipped");
    }
    close(fd);

    /* An abstract name: no file, the name shown without its NUL. */
    netdev_ok("stream,id=n,server=on,addr.type=unix,addr.path=%s,"
              "addr.abstract=on", name);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    memcpy(sun.sun_path + 1, name, strlen(name));
    g_assert_cmpint(connect(fd, (struct sockaddr *)&sun,
                            offsetof(struct sockaddr_un, sun_path) + 1 +
                            strlen(name)), ==, 0);
    g_free(want);
    want = g_strdup_printf("unix:%s", name);
    wait_info("n", want);
    close(fd);
    wait_info("n", "");
    del("n");
}

static void test_stream_options(void)
{
    netdev_err("stream,id=n,server=on", "Parameter 'addr' is missing");
    netdev_err("stream,id=n,foo=1", "Parameter 'addr' is missing");
    netdev_err("stream,id=n,addr=foo",
               "Invalid parameter type for 'addr', expected: object");
    netdev_err("stream,id=n,addr.host=h", "Parameter 'addr.type' is missing");
    netdev_err("stream,id=n,addr.type=bogus",
               "Parameter 'type' does not accept value 'bogus'");
    /* Members in order, then unknown ones, then server=. */
    netdev_err("stream,id=n,server=maybe,addr.type=inet",
               "Parameter 'addr.host' is missing");
    netdev_err("stream,id=n,addr.type=inet,addr.host=h,addr.bogus=1",
               "Parameter 'addr.port' is missing");
    netdev_err("stream,id=n,addr.type=inet,addr.host=h,addr.port=1,"
               "addr.bogus=1", "Parameter 'addr.bogus' is unexpected");
    netdev_err("stream,id=n,addr.type=inet,addr.host=h,addr.port=1,"
               "addr.ipv4=maybe", "Parameter 'addr.ipv4' expects 'on' or "
               "'off'");
    netdev_err("stream,id=n,addr.type=inet,addr.host=h,addr.port=1,"
               "addr.to=x", "Parameter 'addr.to' expects integer");
    netdev_err("stream,id=n,addr.type=inet,addr.host=h,addr.port=1,"
               "addr.to=70000", "Parameter 'to' expects uint16_t");
    netdev_err("stream,id=n,addr.type=unix,addr.path=/x,addr.host=h",
               "Parameter 'addr.host' is unexpected");
    netdev_err("stream,id=n,server=maybe,addr.type=unix,addr.path=/x",
               "Parameter 'server' expects 'on' or 'off'");
    netdev_err("stream,id=n,addr.type=unix,addr.path=/x,foo=1",
               "Parameter 'foo' is unexpected");
}

/* ---- datagrams ---- */

static void test_dgram_info(void)
{
    g_autofree char *l = g_build_filename(tmpdir, "l", NULL);
    g_autofree char *r = g_build_filename(tmpdir, "r", NULL);
    g_autofree char *want = NULL;
    int pa = free_port(SOCK_DGRAM), pb = free_port(SOCK_DGRAM);

    netdev_ok("dgram,id=n,local.type=inet,local.host=127.0.0.1,"
              "local.port=%d,remote.type=inet,remote.host=127.0.0.1,"
              "remote.port=%d", pa, pb);
    want = g_strdup_printf("udp=127.0.0.1:%d/127.0.0.1:%d", pa, pb);
    g_assert_cmpstr(info_of("n"), ==, want);
    del("n");
    netdev_ok("dgram,id=n,local.type=unix,local.path=%s,remote.type=unix,"
              "remote.path=%s", l, r);
    g_free(want);
    want = g_strdup_printf("udp=%s:%s", l, r);
    g_assert_cmpstr(info_of("n"), ==, want);
    del("n");
    /* The local socket file stays, as qemu leaves it. */
    g_assert_true(g_file_test(l, G_FILE_TEST_EXISTS));
    unlink(l);
    netdev_ok("dgram,id=n,remote.type=inet,remote.host=" TEST_MCAST_GROUP
              ",remote.port=%d,local.type=inet,local.host=127.0.0.1,"
              "local.port=x", pa);  /* local.port is not used */
    g_free(want);
    want = g_strdup_printf("mcast=" TEST_MCAST_GROUP ":%d", pa);
    g_assert_cmpstr(info_of("n"), ==, want);
    del("n");
    netdev_ok("socket,id=n,udp=127.0.0.1:%d,localaddr=127.0.0.1:%d", pb, pa);
    g_free(want);
    want = g_strdup_printf("socket: udp=127.0.0.1:%d", pb);
    g_assert_cmpstr(info_of("n"), ==, want);
    del("n");
    netdev_ok("socket,id=n,mcast=" TEST_MCAST_GROUP ":%d,localaddr=127.0.0.1",
              pa);
    g_free(want);
    want = g_strdup_printf("socket: mcast=" TEST_MCAST_GROUP ":%d", pa);
    g_assert_cmpstr(info_of("n"), ==, want);
    del("n");
}

static void test_dgram_options(void)
{
    g_autofree char *longp = g_strnfill(120, 'a');
    g_autofree char *s = NULL;
    const char *inet_l = "local.type=inet,local.host=127.0.0.1,local.port=1";

    netdev_err("dgram,id=n", "dgram requires local= parameter");
    s = g_strdup_printf("dgram,id=n,%s", inet_l);
    netdev_err(s, "type=inet or type=unix requires remote parameter");
    netdev_err("dgram,id=n,remote.type=inet,remote.host=127.0.0.1,"
               "remote.port=1", "dgram requires local= parameter");
    netdev_err("dgram,id=n,local=foo",
               "Invalid parameter type for 'local', expected: object");
    netdev_err("dgram,id=n,remote.type=bogus,local.type=alsobad",
               "Parameter 'type' does not accept value 'alsobad'");
    netdev_err("dgram,id=n,remote.type=inet,local.type=inet",
               "Parameter 'local.host' is missing");
    netdev_err("dgram,id=n,foo=1", "Parameter 'foo' is unexpected");
    g_free(s);
    s = g_strdup_printf("dgram,id=n,%s,remote.type=unix,remote.path=/x",
                        inet_l);
    netdev_err(s, "remote and local types must be the same");
    /* An inet remote is read first, before local's type matters. */
    netdev_err("dgram,id=n,local.type=unix,local.path=/x,remote.type=inet,"
               "remote.host=nosuch.invalid,remote.port=1",
               "can't resolve host address 'nosuch.invalid'");
    netdev_err("dgram,id=n,local.type=inet,local.host=127.0.0.1,"
               "local.port=x,remote.type=inet,remote.host=127.0.0.1,"
               "remote.port=y", "port number 'y' is invalid");
    netdev_err("dgram,id=n,local.type=inet,local.host=::1,local.port=1,"
               "remote.type=inet,remote.host=::1,remote.port=2",
               "can't resolve host address '::1'");
    netdev_err("dgram,id=n,local.type=inet,local.host=1.2.3.4,local.port=1,"
               "remote.type=inet,remote.host=127.0.0.1,remote.port=2",
               "can't bind ip=1.2.3.4 to socket: Cannot assign requested "
               "address");
    /* Multicast: local is an interface address, inet only. */
    netdev_err("dgram,id=n,local.type=unix,local.path=/x,remote.type=inet,"
               "remote.host=" TEST_MCAST_GROUP ",remote.port=1",
               "only support inet or fd type for local");
    netdev_err("dgram,id=n,local.type=inet,local.host=nosuch.invalid,"
               "local.port=1,remote.type=inet,remote.host=" TEST_MCAST_GROUP
               ",remote.port=1",
               "localaddr 'nosuch.invalid' is not a valid IPv4 address");
    /* unix: local's path, then remote's, then the bind. */
    g_free(s);
    s = g_strdup_printf("dgram,id=n,local.type=unix,local.path=/%s,"
                        "remote.type=unix,remote.path=/b%s", longp, longp);
    {
        g_autofree char *msg = g_strdup_printf(
            "UNIX socket path '/%s' is too long", longp);

        netdev_err(s, msg);
    }
    netdev_err("dgram,id=n,local.type=unix,local.path=/nonexistent/x,"
               "remote.type=unix,remote.path=/y", "can't bind "
               "unix=/nonexistent/x to socket: No such file or directory");
}

/* udp= takes frames from its peer only; dgram from anyone. */
static void test_udp_source(void)
{
    struct sockaddr_in to = { .sin_family = AF_INET };
    int plocal = free_port(SOCK_DGRAM), ppeer, pother;
    int peer = bound_socket(SOCK_DGRAM, &ppeer);
    int other = bound_socket(SOCK_DGRAM, &pother);
    uint8_t f[FRAME_LEN], got[FRAME_LEN + 1];
    Sink *sink;
    int pass;

    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    to.sin_port = htons(plocal);
    for (pass = 0; pass < 2; pass++) {
        if (pass == 0) {
            netdev_ok("socket,id=n,udp=127.0.0.1:%d,localaddr=127.0.0.1:%d",
                      ppeer, plocal);
        } else {
            netdev_ok("dgram,id=n,local.type=inet,local.host=127.0.0.1,"
                      "local.port=%d,remote.type=inet,remote.host=127.0.0.1,"
                      "remote.port=%d", plocal, ppeer);
        }
        sink = sink_attach("n");
        make_frame(f, 0x11);
        g_assert_cmpint(sendto(other, f, FRAME_LEN, 0, (struct sockaddr *)&to,
                               sizeof(to)), ==, FRAME_LEN);
        make_frame(f, 0x22);
        g_assert_cmpint(sendto(peer, f, FRAME_LEN, 0, (struct sockaddr *)&to,
                               sizeof(to)), ==, FRAME_LEN);
        wait_frames(sink, pass == 0 ? 1 : 2);
        g_assert_cmpmem(sink->last, FRAME_LEN, f, FRAME_LEN);
        /* Frames go out to the peer, from localaddr. */
        make_frame(f, 0x33);
        qemu_send_packet(&sink->nc, f, FRAME_LEN);
        g_assert_cmpint(recv(peer, got, sizeof(got), 0), ==, FRAME_LEN);
        g_assert_cmpmem(got, FRAME_LEN, f, FRAME_LEN);
        del("n");
    }
    close(peer);
    close(other);
}

/*
 * Two multicast back ends on one group, on the loopback interface:
 * each frame reaches the other, and the sender's own copy loops back.
 */
static void test_mcast_loop(void)
{
    int port = free_port(SOCK_DGRAM);
    uint8_t f[FRAME_LEN];
    Sink *a, *b;

    netdev_ok("socket,id=a,mcast=" TEST_MCAST_GROUP ":%d,localaddr=127.0.0.1",
              port);
    netdev_ok("dgram,id=b,remote.type=inet,remote.host=" TEST_MCAST_GROUP
              ",remote.port=%d,local.type=inet,local.host=127.0.0.1,"
              "local.port=0", port);
    a = sink_attach("a");
    b = sink_attach("b");
    make_frame(f, 0xa1);
    qemu_send_packet(&a->nc, f, FRAME_LEN);
    wait_frames(b, 1);
    wait_frames(a, 1);
    g_assert_cmpmem(b->last, FRAME_LEN, f, FRAME_LEN);
    make_frame(f, 0xb2);
    qemu_send_packet(&b->nc, f, FRAME_LEN);
    wait_frames(a, 2);
    wait_frames(b, 2);
    g_assert_cmpmem(a->last, FRAME_LEN, f, FRAME_LEN);
    del("a");
    del("b");
}

int main(int argc, char **argv)
{
    int rc;

    g_test_init(&argc, &argv, NULL);
    main_loop_init();
    tmpdir = g_dir_make_tmp("corvid-net-socket-XXXXXX", NULL);
    g_assert_nonnull(tmpdir);
    g_test_add_func("/net-socket/host-port", test_host_port);
    g_test_add_func("/net-socket/socket/connect", test_socket_connect);
    g_test_add_func("/net-socket/socket/listen", test_socket_listen);
    g_test_add_func("/net-socket/socket/options", test_socket_options);
    g_test_add_func("/net-socket/stream/failures", test_stream_failures);
    g_test_add_func("/net-socket/stream/inet", test_stream_inet);
    g_test_add_func("/net-socket/stream/unix", test_stream_unix);
    g_test_add_func("/net-socket/stream/more", test_stream_more);
    g_test_add_func("/net-socket/stream/options", test_stream_options);
    g_test_add_func("/net-socket/dgram/info", test_dgram_info);
    g_test_add_func("/net-socket/dgram/options", test_dgram_options);
    g_test_add_func("/net-socket/dgram/udp-source", test_udp_source);
    g_test_add_func("/net-socket/dgram/mcast-loop", test_mcast_loop);
    rc = g_test_run();
    g_assert_cmpint(rmdir(tmpdir), ==, 0);
    g_free(tmpdir);
    return rc;
}
