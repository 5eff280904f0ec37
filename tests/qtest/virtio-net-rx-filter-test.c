/*
 * query-rx-filter and NIC_RX_FILTER_CHANGED for virtio-net-pci: the test
 * plays the guest driver, changes the receive filter through the
 * control queue and checks what the monitor reports against replies
 * captured from qemu-system-x86_64 7.2 for the same commands; the event
 * goes out once until the next query; bad names; every card, once per
 * card; VLAN filtering of received frames.
 */
#include "util/osdep.h"
#include "libqtest.h"
#include "libqvirtio.h"
#include "virtio-test-util.h"
#include "net-test-util.h"
#include "qobject/qjson.h"

#include <sys/ioctl.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <poll.h>

#define NET_LEGACY_ID       0x1000
#define F_MAC               (1ULL << 5)
#define F_CTRL_VQ           (1ULL << 17)
#define F_CTRL_RX           (1ULL << 18)
#define F_CTRL_VLAN         (1ULL << 19)
#define F_CTRL_RX_EXTRA     (1ULL << 20)
#define F_CTRL_MAC_ADDR     (1ULL << 23)
#define F_FILTER            (F_MAC | F_CTRL_VQ | F_CTRL_RX | F_CTRL_RX_EXTRA | \
                             F_CTRL_MAC_ADDR)

/* Control queue classes and commands (Virtio 1.2 section 5.1.6.5). */
#define CTRL_RX             0
#define  RX_PROMISC         0
#define  RX_ALLMULTI        1
#define  RX_ALLUNI          2
#define  RX_NOMULTI         3
#define  RX_NOUNI           4
#define  RX_NOBCAST         5
#define CTRL_MAC            1
#define  MAC_TABLE_SET      0
#define  MAC_ADDR_SET       1
#define CTRL_VLAN           2
#define  VLAN_ADD           0
#define  VLAN_DEL           1
#define CTRL_ANNOUNCE       3
#define NET_OK              0
#define NET_ERR             1

#define HDR_LEN             12      /* VERSION_1 */
#define FRAME_LEN           64
#define MAX_VLAN            4096
#define MAC_TABLE_ENTRIES   64

#define EVENT               "NIC_RX_FILTER_CHANGED"
#define NIC0_EVENT          "{'name': 'nic0', " \
                            "'path': '/machine/peripheral/nic0/virtio-backend'}"

/*
 * qemu 7.2's reply for a card nobody drove yet (promiscuous, every VLAN
 * passes), captured with -device virtio-net-pci,netdev=n0,id=nic0; its
 * vlan-table, 4095 down to 0, is filled in by full_vlan_table().
 */
#define QEMU_INITIAL \
    "[{\"promiscuous\": true, \"name\": \"nic0\", " \
    "\"main-mac\": \"52:54:00:12:34:56\", \"unicast\": \"normal\", " \
    "\"vlan\": \"all\", \"vlan-table\": [%s], \"unicast-table\": [], " \
    "\"multicast\": \"normal\", \"multicast-overflow\": false, " \
    "\"unicast-overflow\": false, \"multicast-table\": [], " \
    "\"broadcast-allowed\": false}]"

/* qemu 7.2 once a driver negotiated CTRL_VLAN: the VLAN table empties. */
#define QEMU_DRIVER_OK \
    "[{\"promiscuous\": true, \"name\": \"nic0\", " \
    "\"main-mac\": \"52:54:00:12:34:56\", \"unicast\": \"normal\", " \
    "\"vlan\": \"none\", \"vlan-table\": [], \"unicast-table\": [], " \
    "\"multicast\": \"normal\", \"multicast-overflow\": false, " \
    "\"unicast-overflow\": false, \"multicast-table\": [], " \
    "\"broadcast-allowed\": false}]"

/*
 * qemu 7.2 after the accepted commands of test_commands, in that order
 * (a small guest program drove its virtio-net through them): tables
 * newest first, and "broadcast-allowed" true because the guest asked
 * for NOBCAST -- qemu reports that flag as is.
 */
#define QEMU_AFTER_COMMANDS \
    "[{\"promiscuous\": false, \"name\": \"nic0\", " \
    "\"main-mac\": \"52:54:00:aa:bb:cc\", \"unicast\": \"none\", " \
    "\"vlan\": \"normal\", \"vlan-table\": [100], " \
    "\"unicast-table\": [\"02:00:00:00:00:02\", \"02:00:00:00:00:01\"], " \
    "\"multicast\": \"none\", \"multicast-overflow\": false, " \
    "\"unicast-overflow\": false, " \
    "\"multicast-table\": [\"33:33:ff:12:34:56\", \"33:33:00:00:00:01\", " \
    "\"01:00:5e:00:00:01\"], \"broadcast-allowed\": true}]"

typedef struct NetTest {
    VTMachine m;
    int listen_fd, fd;
    QVirtioDevice *vd;
    QVirtQueue *rx, *tx, *ctrl;
} NetTest;

static const uint8_t uni1[6] = { 0x02, 0, 0, 0, 0, 0x01 };
static const uint8_t uni2[6] = { 0x02, 0, 0, 0, 0, 0x02 };
static const uint8_t mc1[6] = { 0x01, 0x00, 0x5e, 0, 0, 0x01 };
static const uint8_t mc2[6] = { 0x33, 0x33, 0, 0, 0, 0x01 };
static const uint8_t mc3[6] = { 0x33, 0x33, 0xff, 0x12, 0x34, 0x56 };

/* ---- guest driver, as in virtio-net-test.c ---- */

/* Card nic0 on a socket back end connected to the test; @extra more
 * options for the command line. */
static void net_start(NetTest *t, const char *extra)
{
    g_autofree char *args = NULL;
    QPCIDevice *pdev;
    int port;

    memset(t, 0, sizeof(*t));
    t->listen_fd = net_test_listen_any(&port);
    args = g_strdup_printf("-netdev socket,id=n0,connect=127.0.0.1:%d "
                           "-device virtio-net-pci,netdev=n0,id=nic0%s",
                           port, extra);
    vt_start(&t->m, "pc", args);
    t->fd = accept(t->listen_fd, NULL, NULL);
    g_assert_cmpint(t->fd, >=, 0);
    pdev = vt_find(&t->m, NET_LEGACY_ID, 0);
    g_assert_nonnull(pdev);
    t->vd = qvirtio_pci_new(pdev, t->m.alloc);
    qvirtio_reset(t->vd);
}

static void net_cleanup_queues(NetTest *t)
{
    if (t->rx) {
        qvirtqueue_cleanup(t->rx);
        qvirtqueue_cleanup(t->tx);
    }
    if (t->ctrl) {
        qvirtqueue_cleanup(t->ctrl);
    }
    t->rx = t->tx = t->ctrl = NULL;
}

/* (Re)start the driver: reset, negotiate @feat, queues, DRIVER_OK. */
static void net_setup_queues(NetTest *t, uint64_t feat)
{
    net_cleanup_queues(t);
    qvirtio_reset(t->vd);
    g_assert_true(qvirtio_negotiate(t->vd, QVIRTIO_F_VERSION_1 | feat));
    t->rx = qvirtqueue_setup(t->vd, 0, false);
    t->tx = qvirtqueue_setup(t->vd, 1, false);
    t->ctrl = (feat & F_CTRL_VQ) ? qvirtqueue_setup(t->vd, 2, false) : NULL;
    qvirtio_set_driver_ok(t->vd);
}

static void net_stop(NetTest *t)
{
    net_cleanup_queues(t);
    qvirtio_pci_free(t->vd);
    close(t->fd);
    close(t->listen_fd);
    vt_stop(&t->m);
}

static uint8_t ctrl_cmd(NetTest *t, uint8_t cls, uint8_t cmd,
                        const void *data, size_t len)
{
    return net_test_ctrl_cmd(t->m.qts, t->m.alloc, t->ctrl, cls, cmd, data,
                             len);
}

static uint8_t rx_mode(NetTest *t, uint8_t cmd, uint8_t on)
{
    return ctrl_cmd(t, CTRL_RX, cmd, &on, 1);
}

static uint8_t vlan_cmd(NetTest *t, uint8_t cmd, uint16_t vid)
{
    uint8_t d[2] = { vid, vid >> 8 };

    return ctrl_cmd(t, CTRL_VLAN, cmd, d, sizeof(d));
}

/* MAC_TABLE_SET with @nuni addresses from @uni, @nmulti from @multi. */
static uint8_t mac_table(NetTest *t, const uint8_t *uni, uint32_t nuni,
                         const uint8_t *multi, uint32_t nmulti)
{
    size_t len = 8 + (nuni + nmulti) * 6;
    g_autofree uint8_t *d = g_malloc(len);
    uint8_t *p = d;

    p[0] = nuni;
    p[1] = nuni >> 8;
    p[2] = p[3] = 0;
    memcpy(p + 4, uni, nuni * 6);
    p += 4 + nuni * 6;
    p[0] = nmulti;
    p[1] = nmulti >> 8;
    p[2] = p[3] = 0;
    memcpy(p + 4, multi, nmulti * 6);
    return ctrl_cmd(t, CTRL_MAC, MAC_TABLE_SET, d, len);
}

/* ---- the monitor's side ---- */

/* query-rx-filter's reply (for @name, or every card if NULL). */
static QDict *query(QTestState *qts, const char *name)
{
    if (name) {
        return qtest_qmp(qts, "{'execute': 'query-rx-filter', "
                         "'arguments': {'name': %s}}", name);
    }
    return qtest_qmp(qts, "{'execute': 'query-rx-filter'}");
}

/* The "return" of a successful query as compact JSON (caller frees). */
static char *query_json(QTestState *qts, const char *name)
{
    QDict *rsp = query(qts, name);
    QObject *ret = qdict_get(rsp, "return");
    GString *json;

    g_assert_nonnull(ret);
    json = qobject_to_json(ret);
    qobject_unref(rsp);
    return g_string_free(json, false);
}

/* nic0's single entry (caller unrefs). */
static QDict *query_nic0(QTestState *qts)
{
    QDict *rsp = query(qts, "nic0");
    QList *l = qdict_get_qlist(rsp, "return");
    QDict *d;

    g_assert_nonnull(l);
    g_assert_cmpuint(qlist_size(l), ==, 1);
    d = qobject_to(QDict, qlist_get(l, 0));
    qobject_ref(d);
    qobject_unref(rsp);
    return d;
}

static void assert_field(QTestState *qts, const char *key, const char *val)
{
    QDict *d = query_nic0(qts);

    g_assert_cmpstr(qdict_get_try_str(d, key), ==, val);
    qobject_unref(d);
}

static void assert_flag(QTestState *qts, const char *key, bool val)
{
    QDict *d = query_nic0(qts);

    g_assert_true(qdict_haskey(d, key));
    g_assert_cmpint(qdict_get_try_bool(d, key, !val), ==, val);
    qobject_unref(d);
}

/* A list member of nic0's entry as compact JSON, e.g. "[100, 5]". */
static void assert_list(QTestState *qts, const char *key, const char *json)
{
    QDict *d = query_nic0(qts);
    QList *l = qdict_get_qlist(d, key);
    g_autoptr(GString) s = NULL;

    g_assert_nonnull(l);
    s = qobject_to_json(QOBJECT(l));
    g_assert_cmpstr(s->str, ==, json);
    qobject_unref(d);
}

static void assert_error(QTestState *qts, QDict *rsp, const char *desc)
{
    QDict *err = qdict_get_qdict(rsp, "error");

    g_assert_nonnull(err);
    g_assert_cmpstr(qdict_get_try_str(err, "class"), ==, "GenericError");
    g_assert_cmpstr(qdict_get_try_str(err, "desc"), ==, desc);
    qobject_unref(rsp);
}

/* "4095, 4094, ..., 0": every VLAN ID, highest first, as qemu lists. */
static char *full_vlan_table(int skip)
{
    GString *s = g_string_new(NULL);
    int vid;

    for (vid = MAX_VLAN - 1; vid >= 0; vid--) {
        if (vid != skip) {
            g_string_append_printf(s, "%s%d", s->len ? ", " : "", vid);
        }
    }
    return g_string_free(s, false);
}

/* ---- tests ---- */

/* Before any driver: qemu's reply, key for key in qemu's order. */
static void test_initial(void)
{
    g_autofree char *vlans = full_vlan_table(-1);
    g_autofree char *expect = g_strdup_printf(QEMU_INITIAL, vlans);
    g_autofree char *named = NULL, *all = NULL;
    NetTest t;

    net_start(&t, "");
    named = query_json(t.m.qts, "nic0");
    g_assert_cmpstr(named, ==, expect);
    /* Without a name: the one card, the same entry. */
    all = query_json(t.m.qts, NULL);
    g_assert_cmpstr(all, ==, expect);
    net_stop(&t);
}

/* The VLAN table empties for a CTRL_VLAN driver, else every VLAN. */
static void test_features(void)
{
    g_autofree char *all_but_5 = full_vlan_table(5);
    g_autofree char *json = NULL;
    NetTest t;

    net_start(&t, "");
    net_setup_queues(&t, F_FILTER | F_CTRL_VLAN);
    json = query_json(t.m.qts, "nic0");
    g_assert_cmpstr(json, ==, QEMU_DRIVER_OK);

    /* Without CTRL_VLAN every VLAN passes and "vlan" stays "all", even
     * when the guest takes one out of the table (qemu accepts it). */
    net_setup_queues(&t, F_FILTER);
    assert_field(t.m.qts, "vlan", "all");
    g_assert_cmpuint(vlan_cmd(&t, VLAN_DEL, 5), ==, NET_OK);
    assert_field(t.m.qts, "vlan", "all");
    {
        g_autofree char *expect = g_strdup_printf("[%s]", all_but_5);

        assert_list(t.m.qts, "vlan-table", expect);
    }
    net_stop(&t);
}

/* Each filter command shows in the reply; refused ones change nothing. */
static void test_commands(void)
{
    static const uint8_t new_mac[6] = { 0x52, 0x54, 0, 0xaa, 0xbb, 0xcc };
    uint8_t unis[12], mcs[18];
    g_autofree char *json = NULL;
    NetTest t;

    memcpy(unis, uni1, 6);
    memcpy(unis + 6, uni2, 6);
    memcpy(mcs, mc1, 6);
    memcpy(mcs + 6, mc2, 6);
    memcpy(mcs + 12, mc3, 6);

    net_start(&t, "");
    net_setup_queues(&t, F_FILTER | F_CTRL_VLAN);
    g_assert_cmpuint(rx_mode(&t, RX_PROMISC, 0), ==, NET_OK);
    assert_flag(t.m.qts, "promiscuous", false);
    g_assert_cmpuint(rx_mode(&t, RX_ALLMULTI, 1), ==, NET_OK);
    assert_field(t.m.qts, "multicast", "all");
    g_assert_cmpuint(rx_mode(&t, RX_ALLUNI, 1), ==, NET_OK);
    assert_field(t.m.qts, "unicast", "all");
    /* "none" wins over "all" */
    g_assert_cmpuint(rx_mode(&t, RX_NOMULTI, 1), ==, NET_OK);
    assert_field(t.m.qts, "multicast", "none");
    g_assert_cmpuint(rx_mode(&t, RX_NOUNI, 1), ==, NET_OK);
    assert_field(t.m.qts, "unicast", "none");
    /* qemu reports the NOBCAST flag itself as "broadcast-allowed" */
    assert_flag(t.m.qts, "broadcast-allowed", false);
    g_assert_cmpuint(rx_mode(&t, RX_NOBCAST, 1), ==, NET_OK);
    assert_flag(t.m.qts, "broadcast-allowed", true);

    g_assert_cmpuint(mac_table(&t, unis, 2, mcs, 3), ==, NET_OK);
    assert_list(t.m.qts, "unicast-table",
                "[\"02:00:00:00:00:02\", \"02:00:00:00:00:01\"]");
    assert_list(t.m.qts, "multicast-table",
                "[\"33:33:ff:12:34:56\", \"33:33:00:00:00:01\", "
                "\"01:00:5e:00:00:01\"]");
    g_assert_cmpuint(ctrl_cmd(&t, CTRL_MAC, MAC_ADDR_SET, new_mac, 6), ==,
                     NET_OK);
    assert_field(t.m.qts, "main-mac", "52:54:00:aa:bb:cc");

    g_assert_cmpuint(vlan_cmd(&t, VLAN_ADD, 5), ==, NET_OK);
    assert_field(t.m.qts, "vlan", "normal");
    assert_list(t.m.qts, "vlan-table", "[5]");
    g_assert_cmpuint(vlan_cmd(&t, VLAN_ADD, 100), ==, NET_OK);
    assert_list(t.m.qts, "vlan-table", "[100, 5]");
    g_assert_cmpuint(vlan_cmd(&t, VLAN_ADD, MAX_VLAN), ==, NET_ERR);
    g_assert_cmpuint(vlan_cmd(&t, VLAN_DEL, 5), ==, NET_OK);

    /* Refused commands leave the filter alone. */
    g_assert_cmpuint(ctrl_cmd(&t, CTRL_RX, RX_PROMISC, NULL, 0), ==,
                     NET_ERR);
    g_assert_cmpuint(ctrl_cmd(&t, CTRL_RX, 9, (const uint8_t *)"\1", 1), ==,
                     NET_ERR);
    g_assert_cmpuint(ctrl_cmd(&t, CTRL_MAC, MAC_TABLE_SET,
                              (const uint8_t *)"\xff", 1), ==, NET_ERR);
    g_assert_cmpuint(ctrl_cmd(&t, CTRL_MAC, MAC_ADDR_SET, new_mac, 5), ==,
                     NET_ERR);
    json = query_json(t.m.qts, "nic0");
    g_assert_cmpstr(json, ==, QEMU_AFTER_COMMANDS);

    /* Back the other way: the "all" flags show again. */
    g_assert_cmpuint(rx_mode(&t, RX_NOMULTI, 0), ==, NET_OK);
    assert_field(t.m.qts, "multicast", "all");
    g_assert_cmpuint(rx_mode(&t, RX_NOUNI, 0), ==, NET_OK);
    assert_field(t.m.qts, "unicast", "all");
    g_assert_cmpuint(rx_mode(&t, RX_ALLMULTI, 0), ==, NET_OK);
    g_assert_cmpuint(rx_mode(&t, RX_ALLUNI, 0), ==, NET_OK);
    assert_field(t.m.qts, "multicast", "normal");
    assert_field(t.m.qts, "unicast", "normal");

    /* A device reset restores the defaults (main-mac included). */
    net_setup_queues(&t, F_FILTER | F_CTRL_VLAN);
    json = (g_free(json), query_json(t.m.qts, "nic0"));
    g_assert_cmpstr(json, ==, QEMU_DRIVER_OK);
    net_stop(&t);
}

/* Tables too long for the 64 entries: the overflow flag, no entries. */
static void test_overflow(void)
{
    uint8_t unis[(MAC_TABLE_ENTRIES + 1) * 6];
    uint8_t mcs[(MAC_TABLE_ENTRIES - 1) * 6];
    int i;
    NetTest t;

    for (i = 0; i < MAC_TABLE_ENTRIES + 1; i++) {
        memcpy(unis + i * 6, uni1, 6);
        unis[i * 6 + 5] = i;
    }
    for (i = 0; i < MAC_TABLE_ENTRIES - 1; i++) {
        memcpy(mcs + i * 6, mc1, 6);
        mcs[i * 6 + 5] = i;
    }
    net_start(&t, "");
    net_setup_queues(&t, F_FILTER);
    /* 65 unicast: those go; the multicast ones stay */
    g_assert_cmpuint(mac_table(&t, unis, MAC_TABLE_ENTRIES + 1, mcs, 2), ==,
                     NET_OK);
    assert_flag(t.m.qts, "unicast-overflow", true);
    assert_flag(t.m.qts, "multicast-overflow", false);
    assert_list(t.m.qts, "unicast-table", "[]");
    assert_list(t.m.qts, "multicast-table",
                "[\"01:00:5e:00:00:01\", \"01:00:5e:00:00:00\"]");
    assert_field(t.m.qts, "unicast", "normal");
    /* 2 unicast + 63 multicast: the multicast ones go, each command
     * starting afresh */
    g_assert_cmpuint(mac_table(&t, unis, 2, mcs, MAC_TABLE_ENTRIES - 1), ==,
                     NET_OK);
    assert_flag(t.m.qts, "unicast-overflow", false);
    assert_flag(t.m.qts, "multicast-overflow", true);
    assert_list(t.m.qts, "unicast-table",
                "[\"02:00:00:00:00:01\", \"02:00:00:00:00:00\"]");
    assert_list(t.m.qts, "multicast-table", "[]");
    net_stop(&t);
}

/* Once until queried; only accepted filter commands count. */
static void test_event(void)
{
    QTestState *qts;
    NetTest t;

    net_start(&t, "");
    qts = t.m.qts;
    /* Negotiation, DRIVER_OK and reset are no filter commands. */
    net_setup_queues(&t, F_FILTER | F_CTRL_VLAN);
    qtest_qmp_assert_no_event(qts, EVENT);

    g_assert_cmpuint(rx_mode(&t, RX_PROMISC, 0), ==, NET_OK);
    qtest_qmp_assert_event(qts, EVENT, NIC0_EVENT);
    /* More changes: nothing until someone asks. */
    g_assert_cmpuint(rx_mode(&t, RX_ALLMULTI, 1), ==, NET_OK);
    g_assert_cmpuint(vlan_cmd(&t, VLAN_ADD, 7), ==, NET_OK);
    qtest_qmp_assert_no_event(qts, EVENT);
    qobject_unref(query(qts, "nic0"));

    /* Refused commands and other classes send nothing. */
    g_assert_cmpuint(ctrl_cmd(&t, CTRL_RX, RX_PROMISC, NULL, 0), ==,
                     NET_ERR);
    g_assert_cmpuint(vlan_cmd(&t, VLAN_ADD, MAX_VLAN), ==, NET_ERR);
    g_assert_cmpuint(ctrl_cmd(&t, CTRL_ANNOUNCE, 0, NULL, 0), ==, NET_ERR);
    qtest_qmp_assert_no_event(qts, EVENT);

    /* Each class counts, even when nothing changes (as in qemu). */
    g_assert_cmpuint(rx_mode(&t, RX_PROMISC, 0), ==, NET_OK);
    qtest_qmp_assert_event(qts, EVENT, NIC0_EVENT);
    qobject_unref(query(qts, "nic0"));
    g_assert_cmpuint(mac_table(&t, uni1, 1, mc1, 1), ==, NET_OK);
    qtest_qmp_assert_event(qts, EVENT, NIC0_EVENT);
    qobject_unref(query(qts, NULL));    /* all cards re-arms too */
    g_assert_cmpuint(ctrl_cmd(&t, CTRL_MAC, MAC_ADDR_SET, uni2, 6), ==,
                     NET_OK);
    qtest_qmp_assert_event(qts, EVENT, NIC0_EVENT);
    qobject_unref(query(qts, "nic0"));
    g_assert_cmpuint(vlan_cmd(&t, VLAN_DEL, 7), ==, NET_OK);
    qtest_qmp_assert_event(qts, EVENT, NIC0_EVENT);

    /* A failed query (another name) does not re-arm nic0. */
    qobject_unref(query(qts, "n0"));
    g_assert_cmpuint(rx_mode(&t, RX_ALLUNI, 1), ==, NET_OK);
    qtest_qmp_assert_no_event(qts, EVENT);

    /* A device reset sends nothing. */
    qobject_unref(query(qts, "nic0"));
    net_setup_queues(&t, F_FILTER | F_CTRL_VLAN);
    qtest_qmp_assert_no_event(qts, EVENT);
    net_stop(&t);
}

/* A card without an id: named MODEL.N in the reply, no name in the
 * event (as qemu), the path under peripheral-anon. */
static void test_event_anonymous(void)
{
    QTestState *qts;
    QPCIDevice *pdev;
    QVirtioDevice *vd;
    QVirtQueue *ctrl;
    uint64_t out;
    QVirtBuf b[2];
    uint8_t cmd[3] = { CTRL_RX, RX_PROMISC, 0 };
    VTMachine m;
    uint16_t id;
    QDict *rsp;
    QList *l;

    vt_start(&m, "pc", "-netdev hubport,id=h0,hubid=0 "
             "-device virtio-net-pci,netdev=h0");
    qts = m.qts;
    rsp = query(qts, NULL);
    l = qdict_get_qlist(rsp, "return");
    g_assert_cmpuint(qlist_size(l), ==, 1);
    g_assert_cmpstr(qdict_get_try_str(qobject_to(QDict, qlist_get(l, 0)),
                                      "name"), ==, "virtio-net-pci.0");
    qobject_unref(rsp);

    pdev = vt_find(&m, NET_LEGACY_ID, 0);
    vd = qvirtio_pci_new(pdev, m.alloc);
    qvirtio_reset(vd);
    g_assert_true(qvirtio_negotiate(vd, QVIRTIO_F_VERSION_1 | F_FILTER));
    ctrl = qvirtqueue_setup(vd, 2, false);
    qvirtio_set_driver_ok(vd);
    out = qguest_alloc(m.alloc, 4, 16);
    b[0] = (QVirtBuf){ .addr = out, .len = 3, .write = false };
    b[1] = (QVirtBuf){ .addr = out + 3, .len = 1, .write = true };
    qtest_memwrite(qts, out, cmd, sizeof(cmd));
    id = qvirtqueue_add(ctrl, b, 2, false);
    qvirtqueue_kick(ctrl);
    qvirtqueue_wait_used(ctrl, id, QVIRTIO_TIMEOUT_US);
    g_assert_cmpuint(qtest_readb(qts, out + 3), ==, NET_OK);
    qtest_qmp_assert_event(qts, EVENT, "{'path': "
                           "'/machine/peripheral-anon/device[0]/"
                           "virtio-backend'}");
    qvirtqueue_cleanup(ctrl);
    qvirtio_pci_free(vd);
    vt_stop(&m);
}

/* Names that are no card: qemu's messages. */
static void test_bad_names(void)
{
    QTestState *qts;
    NetTest t;

    net_start(&t, " -netdev hubport,id=h1,hubid=1");
    qts = t.m.qts;
    assert_error(qts, query(qts, "nope"), "invalid net client name: nope");
    assert_error(qts, query(qts, ""), "invalid net client name: ");
    assert_error(qts, query(qts, "n0"), "net client(n0) isn't a NIC");
    assert_error(qts, query(qts, "h1"), "net client(h1) isn't a NIC");
    /* hubports are named after their id only */
    assert_error(qts, query(qts, "hub1port0"),
                 "invalid net client name: hub1port0");
    assert_error(qts, qtest_qmp(qts, "{'execute': 'query-rx-filter', "
                                "'arguments': {'name': 5}}"),
                 "Invalid parameter type for 'name', expected: string");
    assert_error(qts, qtest_qmp(qts, "{'execute': 'query-rx-filter', "
                                "'arguments': {'bogus': 5}}"),
                 "Parameter 'bogus' is unexpected");
    net_stop(&t);
}

/* Every card, in the order made, once each; back ends left out. */
static void test_all_cards(void)
{
    static const char *const names[] = {
        "nic0", "virtio-net-pci.1", "nic2",
    };
    QTestState *qts;
    NetTest t;
    QDict *rsp;
    QList *l;
    size_t i;

    net_start(&t, " -device virtio-net-pci"
              " -netdev hubport,id=h0,hubid=0"
              " -device virtio-net-pci,netdev=h0,id=nic2,"
              "mac=52:54:00:00:00:02");
    qts = t.m.qts;
    rsp = query(qts, NULL);
    l = qdict_get_qlist(rsp, "return");
    g_assert_cmpuint(qlist_size(l), ==, G_N_ELEMENTS(names));
    for (i = 0; i < G_N_ELEMENTS(names); i++) {
        QDict *d = qobject_to(QDict, qlist_get(l, i));

        g_assert_cmpstr(qdict_get_try_str(d, "name"), ==, names[i]);
    }
    g_assert_cmpstr(qdict_get_try_str(qobject_to(QDict, qlist_get(l, 2)),
                                      "main-mac"), ==, "52:54:00:00:00:02");
    qobject_unref(rsp);
    net_stop(&t);
}

/* A multi-queue tap (where the host allows one). */
static bool tap_usable(char *why, size_t len)
{
    struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI |
                                      IFF_MULTI_QUEUE };
    int fd = open("/dev/net/tun", O_RDWR);

    if (fd < 0) {
        snprintf(why, len, "cannot open /dev/net/tun: %s", strerror(errno));
        return false;
    }
    snprintf(ifr.ifr_name, IFNAMSIZ, "rxfprobe%d", getpid() % 100000);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        snprintf(why, len, "cannot make a multi-queue tap: %s",
                 strerror(errno));
        close(fd);
        return false;
    }
    close(fd);
    return true;
}

/* Two queues, two clients named nic0: one entry, as in qemu. */
static void test_multiqueue(void)
{
    g_autofree char *args = NULL;
    char why[128];
    VTMachine m;
    QDict *rsp;

    if (!tap_usable(why, sizeof(why))) {
        g_test_skip(why);
        return;
    }
    args = g_strdup_printf("-netdev tap,id=n0,queues=2,script=no,"
                           "downscript=no,ifname=rxfq%d "
                           "-device virtio-net-pci,netdev=n0,id=nic0,mq=on",
                           getpid() % 100000);
    vt_start(&m, "pc", args);
    rsp = query(m.qts, NULL);
    g_assert_cmpuint(qlist_size(qdict_get_qlist(rsp, "return")), ==, 1);
    qobject_unref(rsp);
    rsp = query(m.qts, "nic0");
    g_assert_cmpuint(qlist_size(qdict_get_qlist(rsp, "return")), ==, 1);
    qobject_unref(rsp);
    vt_stop(&m);
}

/* A frame to nic0's MAC, tagged with @tpid/@tci when @tpid is not 0. */
static void send_tagged(NetTest *t, uint16_t tpid, uint16_t tci)
{
    static const uint8_t mine[6] = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 };
    uint8_t f[FRAME_LEN];

    memset(f, 0x5a, sizeof(f));
    memcpy(f, mine, 6);
    memcpy(f + 6, uni1, 6);
    if (tpid) {
        f[12] = tpid >> 8;
        f[13] = tpid;
        f[14] = tci >> 8;
        f[15] = tci;
    } else {
        f[12] = 0x08;
        f[13] = 0x00;
    }
    net_test_write_frame(t->fd, f, sizeof(f));
}

/* Post one receive buffer, wait for a frame; its EtherType/TPID. */
static uint16_t rx_one_type(NetTest *t)
{
    uint64_t buf = qguest_alloc(t->m.alloc, 2048, 16);
    QVirtBuf b = { .addr = buf, .len = 2048, .write = true };
    uint16_t id = qvirtqueue_add(t->rx, &b, 1, false);
    uint8_t type[2];

    qvirtqueue_kick(t->rx);
    g_assert_cmpuint(qvirtqueue_wait_used(t->rx, id, QVIRTIO_TIMEOUT_US), ==,
                     HDR_LEN + FRAME_LEN);
    qtest_memread(t->m.qts, buf + HDR_LEN + 12, type, 2);
    return (type[0] << 8) | type[1];
}

/*
 * Whether a frame tagged @tpid/@tci reaches the guest: an untagged
 * marker that always passes follows it, and the first frame the guest
 * gets tells which came (the marker is then taken too).
 */
static bool received(NetTest *t, uint16_t tpid, uint16_t tci)
{
    send_tagged(t, tpid, tci);
    send_tagged(t, 0, 0);
    if (rx_one_type(t) == tpid) {
        g_assert_cmphex(rx_one_type(t), ==, 0x0800);
        return true;
    }
    return false;
}

/* Tagged frames of VLANs outside the table are dropped (as qemu). */
static void test_vlan_rx(void)
{
    NetTest t;

    net_start(&t, "");
    net_setup_queues(&t, F_FILTER | F_CTRL_VLAN);
    g_assert_cmpuint(rx_mode(&t, RX_PROMISC, 0), ==, NET_OK);
    g_assert_false(received(&t, 0x8100, 5));
    g_assert_true(received(&t, 0x88a8, 5));     /* 802.1ad: not checked */
    g_assert_cmpuint(vlan_cmd(&t, VLAN_ADD, 5), ==, NET_OK);
    g_assert_true(received(&t, 0x8100, 5));
    g_assert_true(received(&t, 0x8100, 0xf005));    /* priority bits */
    g_assert_false(received(&t, 0x8100, 9));
    /* Promiscuous mode takes every VLAN. */
    g_assert_cmpuint(rx_mode(&t, RX_PROMISC, 1), ==, NET_OK);
    g_assert_true(received(&t, 0x8100, 9));
    /* So does a driver without CTRL_VLAN. */
    net_setup_queues(&t, F_FILTER);
    g_assert_cmpuint(rx_mode(&t, RX_PROMISC, 0), ==, NET_OK);
    g_assert_true(received(&t, 0x8100, 9));
    net_stop(&t);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/virtio-net-rx-filter/initial", test_initial);
    g_test_add_func("/virtio-net-rx-filter/features", test_features);
    g_test_add_func("/virtio-net-rx-filter/commands", test_commands);
    g_test_add_func("/virtio-net-rx-filter/overflow", test_overflow);
    g_test_add_func("/virtio-net-rx-filter/event", test_event);
    g_test_add_func("/virtio-net-rx-filter/event-anonymous",
                   test_event_anonymous);
    g_test_add_func("/virtio-net-rx-filter/bad-names", test_bad_names);
    g_test_add_func("/virtio-net-rx-filter/all-cards", test_all_cards);
    g_test_add_func("/virtio-net-rx-filter/multiqueue", test_multiqueue);
    g_test_add_func("/virtio-net-rx-filter/vlan-rx", test_vlan_rx);
    return g_test_run();
}
