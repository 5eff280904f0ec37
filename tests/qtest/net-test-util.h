/*
 * Shared pieces of the network tests: loopback sockets for the test's
 * side of a socket back end, the 4-byte length framing of stream back
 * ends, and a virtio-net control command sent as a guest driver would.
 */
#ifndef TESTS_QTEST_NET_TEST_UTIL_H
#define TESTS_QTEST_NET_TEST_UTIL_H

#include "libqtest.h"
#include "libqvirtio.h"

#include <poll.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#define NET_TEST_IO_TIMEOUT_MS  5000

/* A loopback TCP socket listening on a port of its own (in *@port). */
static inline int net_test_listen_any(int *port)
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

/* A loopback port of @type that was free a moment ago (bound, closed). */
static inline int net_test_free_port(int type)
{
    struct sockaddr_in sa = { .sin_family = AF_INET };
    socklen_t len = sizeof(sa);
    int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);

    g_assert_cmpint(fd, >=, 0);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    g_assert_cmpint(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), ==, 0);
    g_assert_cmpint(getsockname(fd, (struct sockaddr *)&sa, &len), ==, 0);
    close(fd);
    return ntohs(sa.sin_port);
}

static inline bool net_test_readable(int fd, int ms)
{
    struct pollfd p = { .fd = fd, .events = POLLIN };

    return poll(&p, 1, ms) == 1;
}

/* Exactly @len bytes from @fd, or the test fails. */
static inline void net_test_read_full(int fd, uint8_t *buf, size_t len)
{
    size_t done = 0;

    while (done < len) {
        ssize_t n;

        g_assert_true(net_test_readable(fd, NET_TEST_IO_TIMEOUT_MS));
        n = read(fd, buf + done, len - done);
        g_assert_cmpint(n, >, 0);
        done += n;
    }
}

/* One frame of a stream back end: its big-endian length, then it. */
static inline void net_test_write_frame(int fd, const uint8_t *buf,
                                        uint32_t len)
{
    uint8_t hdr[4] = { len >> 24, len >> 16, len >> 8, len };

    g_assert_cmpint(write(fd, hdr, 4), ==, 4);
    g_assert_cmpint(write(fd, buf, len), ==, (ssize_t)len);
}

/* The next frame from a stream back end, into @buf; its length. */
static inline uint32_t net_test_read_frame(int fd, uint8_t *buf,
                                           size_t size)
{
    uint8_t hdr[4];
    uint32_t len;

    net_test_read_full(fd, hdr, 4);
    len = ((uint32_t)hdr[0] << 24) | (hdr[1] << 16) | (hdr[2] << 8) | hdr[3];
    g_assert_cmpuint(len, <=, size);
    net_test_read_full(fd, buf, len);
    return len;
}

/*
 * virtio-net control command (Virtio 1.2 5.1.6.5): class @cls, command
 * @cmd and @len bytes of @data, read by the device, then one ack byte
 * written by it, which is returned (VIRTIO_NET_OK 0 / ERR 1).
 */
static inline uint8_t net_test_ctrl_cmd(QTestState *qts,
                                        QGuestAllocator *alloc,
                                        QVirtQueue *ctrl, uint8_t cls,
                                        uint8_t cmd, const void *data,
                                        size_t len)
{
    uint64_t out = qguest_alloc(alloc, 2 + len + 1, 16);
    uint8_t hdr[2] = { cls, cmd };
    QVirtBuf b[2] = {
        { .addr = out, .len = 2 + len, .write = false },
        { .addr = out + 2 + len, .len = 1, .write = true },
    };
    uint8_t ack;
    uint16_t id;

    qtest_memwrite(qts, out, hdr, 2);
    if (len) {
        qtest_memwrite(qts, out + 2, data, len);
    }
    qtest_writeb(qts, out + 2 + len, 0xee);
    id = qvirtqueue_add(ctrl, b, 2, false);
    qvirtqueue_kick(ctrl);
    g_assert_cmpuint(qvirtqueue_wait_used(ctrl, id, QVIRTIO_TIMEOUT_US),
                     ==, 1);
    ack = qtest_readb(qts, out + 2 + len);
    qguest_free(alloc, out);
    return ack;
}

#endif
