/*
 * Unit tests of net/: the 4-byte length framing reader, sending between
 * peers with the receiver's queue, hubs and link status, netdev options.
 */
#include "util/osdep.h"
#include "util/error.h"
#include "net/net.h"

typedef struct Sink {
    NetClientState nc;
    bool ready;
    unsigned int frames;
    size_t last_len;
} Sink;

static ssize_t sink_receive(NetClientState *nc, const uint8_t *buf,
                            size_t size)
{
    Sink *s = (Sink *)nc;

    s->frames++;
    s->last_len = size;
    return size;
}

static bool sink_can_receive(NetClientState *nc)
{
    return ((Sink *)nc)->ready;
}

static const NetClientInfo sink_info = {
    .type = "nic",
    .size = sizeof(Sink),
    .receive = sink_receive,
    .can_receive = sink_can_receive,
};

typedef struct Frames {
    unsigned int count;
    size_t lens[8];
} Frames;

static void got_frame(void *opaque, const uint8_t *f, size_t len)
{
    Frames *fr = opaque;

    g_assert_cmpuint(fr->count, <, 8);
    fr->lens[fr->count++] = len;
}

static void test_framing(void)
{
    NetFrameReader r;
    Frames fr = { 0 };
    uint8_t stream[4 + 3 + 4 + 0 + 4 + 2];
    uint8_t bad[4];
    size_t i;

    net_frame_header(stream, 3);
    memcpy(stream + 4, "abc", 3);
    net_frame_header(stream + 7, 0);
    net_frame_header(stream + 11, 2);
    memcpy(stream + 15, "xy", 2);
    net_frame_reader_init(&r);
    /* One byte at a time: the frames still come out whole. */
    for (i = 0; i < sizeof(stream); i++) {
        g_assert_true(net_frame_reader_feed(&r, stream + i, 1, got_frame,
                                            &fr));
    }
    g_assert_cmpuint(fr.count, ==, 3);
    g_assert_cmpuint(fr.lens[0], ==, 3);
    g_assert_cmpuint(fr.lens[1], ==, 0);
    g_assert_cmpuint(fr.lens[2], ==, 2);
    /* A length beyond any frame breaks the stream. */
    net_frame_header(bad, NET_BUFSIZE + 1);
    g_assert_false(net_frame_reader_feed(&r, bad, 4, got_frame, &fr));
    net_frame_reader_destroy(&r);
}

static void test_queue_and_link(void)
{
    Sink *a = (Sink *)qemu_new_net_client(&sink_info, NULL, "nic", "qa");
    Sink *b = (Sink *)qemu_new_net_client(&sink_info, &a->nc, "nic", "qb");
    uint8_t f[60] = { 0 };
    Error *err = NULL;

    b->ready = false;
    g_assert_cmpint(qemu_send_packet(&a->nc, f, sizeof(f)), ==, 60);
    g_assert_cmpuint(b->frames, ==, 0);
    g_assert_cmpuint(qemu_net_queue_len(&b->nc), ==, 1);
    b->ready = true;
    qemu_flush_queued_packets(&b->nc);
    g_assert_cmpuint(b->frames, ==, 1);
    g_assert_cmpuint(qemu_net_queue_len(&b->nc), ==, 0);
    /* Link down: dropped. */
    g_assert_true(qemu_set_link("qa", false, &error_abort));
    qemu_send_packet(&a->nc, f, sizeof(f));
    g_assert_cmpuint(b->frames, ==, 1);
    g_assert_true(qemu_set_link("qa", true, &error_abort));
    qemu_send_packet(&a->nc, f, sizeof(f));
    g_assert_cmpuint(b->frames, ==, 2);
    g_assert_false(qemu_set_link("nope", true, &err));
    error_free_or_abort(&err);
    qemu_del_net_client(&b->nc);
    g_assert_null(a->nc.peer);
    g_assert_cmpint(qemu_send_packet(&a->nc, f, sizeof(f)), ==, 0);
    qemu_del_net_client(&a->nc);
}

static QDict *hub_opts(const char *id, const char *hubid)
{
    QDict *d = qdict_new();

    qdict_put_str(d, "type", "hubport");
    qdict_put_str(d, "id", id);
    if (hubid) {
        qdict_put_str(d, "hubid", hubid);
    }
    return d;
}

static void test_hub(void)
{
    g_autoptr(QDict) o1 = hub_opts("h1", "3");
    g_autoptr(QDict) o2 = hub_opts("h2", "3");
    g_autoptr(QDict) o3 = hub_opts("h3", "4");
    g_autoptr(QDict) bad = hub_opts("h4", "x");
    g_autoptr(QDict) missing = hub_opts("h5", NULL);
    Sink *s1, *s2, *s3;
    uint8_t f[60] = { 0 };
    Error *err = NULL;

    g_assert_true(netdev_add_from_dict(o1, &error_abort));
    g_assert_true(netdev_add_from_dict(o2, &error_abort));
    g_assert_true(netdev_add_from_dict(o3, &error_abort));
    g_assert_false(netdev_add_from_dict(o1, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Duplicate ID 'h1'");
    error_free(err);
    err = NULL;
    g_assert_false(netdev_add_from_dict(bad, &err));
    error_free_or_abort(&err);
    g_assert_false(netdev_add_from_dict(missing, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'hubid' is missing");
    error_free(err);
    err = NULL;
    g_assert_cmpint(net_hub_id_for_client(qemu_find_netdev("h1")), ==, 3);

    s1 = (Sink *)qemu_new_net_client(&sink_info, qemu_find_netdev("h1"),
                                     "nic", "s1");
    s2 = (Sink *)qemu_new_net_client(&sink_info, qemu_find_netdev("h2"),
                                     "nic", "s2");
    s3 = (Sink *)qemu_new_net_client(&sink_info, qemu_find_netdev("h3"),
                                     "nic", "s3");
    s1->ready = s2->ready = s3->ready = true;
    qemu_send_packet(&s1->nc, f, sizeof(f));
    g_assert_cmpuint(s2->frames, ==, 1);
    g_assert_cmpuint(s1->frames, ==, 0);    /* not back to the sender */
    g_assert_cmpuint(s3->frames, ==, 0);    /* another hub */
    qemu_del_net_client(&s1->nc);
    qemu_del_net_client(&s2->nc);
    qemu_del_net_client(&s3->nc);
    g_assert_true(netdev_del("h1", &error_abort));
    g_assert_true(netdev_del("h2", &error_abort));
    g_assert_true(netdev_del("h3", &error_abort));
    g_assert_false(netdev_del("h1", &err));
    error_free_or_abort(&err);
}

static void test_bad_options(void)
{
    g_autoptr(QDict) d = qdict_new();
    Error *err = NULL;

    qdict_put_str(d, "type", "socket");
    qdict_put_str(d, "id", "s");
    g_assert_false(netdev_add_from_dict(d, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "exactly one of listen=, "
                    "connect=, mcast= or udp= is required");
    error_free(err);
    err = NULL;
    qdict_put_str(d, "listen", "nocolon");
    g_assert_false(netdev_add_from_dict(d, &err));
    error_free_or_abort(&err);
    qdict_put_str(d, "bogus", "1");
    g_assert_false(netdev_add_from_dict(d, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Invalid parameter 'bogus'");
    error_free(err);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/net/framing", test_framing);
    g_test_add_func("/net/queue-and-link", test_queue_and_link);
    g_test_add_func("/net/hub", test_hub);
    g_test_add_func("/net/bad-options", test_bad_options);
    return g_test_run();
}
