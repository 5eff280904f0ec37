/*
 * Hot-plug and hot-unplug of every virtio PCI device type, on a q35
 * pcie-root-port (native PCI Express hot-plug) and on pc's pci.0 (ACPI
 * PCI hot-plug through PIIX4_PM's registers at 0xae00).  No ACPI code
 * runs: the test plays the firmware and the guest.  For each device:
 *
 *   - device_add naming a missing back end fails with qemu's error and
 *     leaves the slot empty, with no event;
 *   - the back end is created over QMP, the device is plugged, the
 *     slot reports it, a rescan finds it with the vendor, device,
 *     subsystem, class and revision qemu-system-x86_64 7.2 gives it
 *     there, and a driver negotiates features and does one round trip
 *     (entropy, a sector written and read back, a frame sent to the
 *     test's socket, the input device's name);
 *   - a second user of an exclusive back end, or a second device in the
 *     occupied slot, is refused and plugs nothing;
 *   - device_del, the firmware's part of the unplug, DEVICE_DELETED for
 *     the virtio device and then the proxy, and the function is gone;
 *   - the back end is free again, and the same device plugged again
 *     under the same id in the same slot works.
 *
 * Expected IDs and error messages were observed on qemu 7.2 (native
 * hot-plug on q35 with ICH9-LPC.acpi-pci-hotplug-with-bridge-support
 * off).
 */
#include "util/osdep.h"
#include "libqtest.h"
#include "libqvirtio.h"
#include "virtio-test-util.h"
#include "net-test-util.h"
#include "pcie-test-util.h"

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>

/* Virtio device IDs (Virtio 1.2, 5) and the PCI IDs around them */
#define VIRTIO_ID_NET       1
#define VIRTIO_ID_BLK       2
#define VIRTIO_ID_RNG       4
#define VIRTIO_ID_INPUT     18
#define SUBSYS_MODERN       0x1100  /* subsystem ID of modern-only ones */

/* PIIX4_PM's ACPI PCI hot-plug registers (bus 0 selected) */
#define PCIHP_UP            0xae00  /* slots plugged; reading clears */
#define PCIHP_DOWN          0xae04  /* slots asked to go */
#define PCIHP_EJ            0xae08  /* write: eject these slots */
#define PC_SLOT             7       /* slots 7 and 8 of pci.0 */

/* q35: two root ports, at 00:03.0 ("rp0") and 00:04.0 ("rp1") */
#define RP_DEV              3
#define EXP_LNKSTA          0x12
#define EXP_SLTCTL          0x18
#define EXP_SLTSTA          0x1a
#define SLTCTL_ABPE         0x0001
#define SLTCTL_PDCE         0x0008
#define SLTCTL_HPIE         0x0020
#define SLTCTL_AIC_OFF      0x00c0
#define SLTCTL_PIC_MASK     0x0300
#define SLTCTL_PIC_ON       0x0100
#define SLTCTL_PIC_OFF      0x0300
#define SLTCTL_PCC          0x0400  /* 1: slot power off */
#define SLTSTA_ABP          0x0001
#define SLTSTA_PDC          0x0008
#define SLTSTA_PDS          0x0040
#define LNKSTA_DLLLA        0x2000

/* virtio-blk requests (5.2.6) */
#define BLK_T_IN            0
#define BLK_T_OUT           1
#define BLK_S_OK            0
#define SECTOR              512
#define DISK_SECTORS        64
#define IO_SECTOR           5

/* virtio-net: the header before each frame (5.1.6) */
#define NET_HDR_LEN         12
#define NET_HDR_LEN_LEGACY  10
#define FRAME_LEN           64

/* virtio-input configuration (5.8.4) */
#define INPUT_CFG_SELECT    0
#define INPUT_CFG_SUBSEL    1
#define INPUT_CFG_SIZE      2
#define INPUT_CFG_U         8
#define INPUT_ID_NAME       0x01

#define RNG_LEN             64
#define MAX_QUEUES          2

typedef struct HP HP;

/* One device type: what it needs and how a driver uses it. */
typedef struct Kind {
    uint8_t virtio_id;
    uint16_t legacy_id;         /* transitional device ID; 0: none */
    uint32_t class_code;        /* class, subclass, interface */
    int nqueues;
    const char *be_prop;        /* the back-end property, NULL: none */
    const char *be_id;          /* the back end the test creates */
    /* device_add with be_prop 'nope' */
    const char *missing_class;
    const char *missing_desc;
    /* A second device on the same back end; NULL: it may be shared. */
    const char *in_use_desc;
    void (*backend_add)(HP *h);
    void (*backend_free)(HP *h);    /* after unplug: show it is free */
    void (*io)(HP *h);
} Kind;

typedef enum Variant { PLAIN, TRANSITIONAL, NON_TRANSITIONAL } Variant;

/* One -device name. */
typedef struct Model {
    const char *driver;
    const Kind *kind;
    Variant variant;
    const char *input_name;     /* input devices: their ID_NAME */
} Model;

typedef struct Case {
    const Model *model;
    bool pcie;                  /* q35 root ports, else pc's pci.0 */
} Case;

struct HP {
    VTMachine m;
    const Case *c;
    const Kind *k;
    bool modern;                /* modern-only where it is plugged */
    bool legacy;                /* driven through the legacy interface */
    int exp[2];                 /* root ports' Express capabilities */
    QVirtioDevice *vd;
    QVirtQueue *vq[MAX_QUEUES];
    int round;                  /* 0: first plug, 1: plugged again */
    char *disk;                 /* virtio-blk: the image file */
    int listen_fd, fd;          /* virtio-net: the socket back end */
};

/* Slots */

static int slot_bus(HP *h, int slot)
{
    return h->c->pcie ? cfg_readb(h->m.qts, 0, RP_DEV + slot,
                                  PCI_SECONDARY_BUS) : 0;
}

static int slot_dev(HP *h, int slot)
{
    return h->c->pcie ? 0 : PC_SLOT + slot;
}

static uint32_t slot_cfg_readl(HP *h, int slot, int off)
{
    return cfg_readl(h->m.qts, slot_bus(h, slot), slot_dev(h, slot), off);
}

static uint16_t sltsta(HP *h, int slot)
{
    return cfg_readw(h->m.qts, 0, RP_DEV + slot, h->exp[slot] + EXP_SLTSTA);
}

static void sltsta_clear(HP *h, int slot)
{
    cfg_writew(h->m.qts, 0, RP_DEV + slot, h->exp[slot] + EXP_SLTSTA,
               0xffff);
}

/* The guest sets the power indicator and slot power (@on or off). */
static void slot_power(HP *h, int slot, bool on)
{
    int off = h->exp[slot] + EXP_SLTCTL;
    uint16_t ctl = cfg_readw(h->m.qts, 0, RP_DEV + slot, off);

    ctl &= ~(SLTCTL_PIC_MASK | SLTCTL_PCC);
    ctl |= on ? SLTCTL_PIC_ON : SLTCTL_PIC_OFF | SLTCTL_PCC;
    cfg_writew(h->m.qts, 0, RP_DEV + slot, off, ctl);
}

/* device_add of @driver as @id in @slot, back end @be (NULL: none). */
static QDict *add_dev(HP *h, const char *driver, const char *id, int slot,
                      const char *be)
{
    QDict *args = qdict_new();

    qdict_put_str(args, "driver", driver);
    qdict_put_str(args, "id", id);
    qdict_put_str(args, "bus", h->c->pcie ? (slot ? "rp1" : "rp0")
                                          : "pci.0");
    qdict_put_str(args, "addr", h->c->pcie ? "0" : (slot ? "8" : "7"));
    if (h->k->be_prop && be) {
        qdict_put_str(args, h->k->be_prop, be);
    }
    return qtest_qmp(h->m.qts, "{'execute': 'device_add', "
                     "'arguments': %p}", args);
}

static bool in_peripheral(HP *h, const char *id)
{
    QList *list = qtest_qmp_assert_list(h->m.qts, "{'execute': 'qom-list', "
                                        "'arguments': {'path': "
                                        "'/machine/peripheral'}}");
    bool found = qlist_find_named(list, id) != NULL;

    qobject_unref(list);
    return found;
}

/* Nothing is in @slot, nothing was signalled, no @id exists. */
static void assert_empty(HP *h, int slot, const char *id)
{
    if (h->c->pcie) {
        g_assert_cmphex(sltsta(h, slot) & (SLTSTA_PDS | SLTSTA_PDC), ==, 0);
    } else {
        g_assert_cmphex(qtest_inl(h->m.qts, PCIHP_UP), ==, 0);
    }
    g_assert_cmphex(slot_cfg_readl(h, slot, PCI_VENDOR_ID), ==, 0xffffffff);
    g_assert_false(in_peripheral(h, id));
    qtest_qmp_assert_no_event(h->m.qts, "DEVICE_DELETED");
}

/* The firmware's start: both root ports' slots powered, events on. */
static void slots_init(HP *h)
{
    int i;

    for (i = 0; h->c->pcie && i < 2; i++) {
        h->exp[i] = cfg_find_cap(h->m.qts, 0, RP_DEV + i, PCI_CAP_ID_EXP);
        g_assert_cmpuint(h->exp[i], !=, 0);
        cfg_writew(h->m.qts, 0, RP_DEV + i, h->exp[i] + EXP_SLTCTL,
                   SLTCTL_ABPE | SLTCTL_PDCE | SLTCTL_HPIE |
                   SLTCTL_AIC_OFF | SLTCTL_PIC_ON);
        sltsta_clear(h, i);
    }
}

/* Plug the device as "v" in slot 0; the firmware sees it and rescans. */
static void plug(HP *h)
{
    QTestState *qts = h->m.qts;
    QDict *rsp = add_dev(h, h->c->model->driver, "v", 0, h->k->be_id);

    g_assert_cmpstr(qmp_error_desc(rsp), ==, NULL);
    qobject_unref(rsp);
    g_assert_true(in_peripheral(h, "v"));
    if (h->c->pcie) {
        g_assert_cmphex(sltsta(h, 0) & (SLTSTA_PDS | SLTSTA_PDC), ==,
                        SLTSTA_PDS | SLTSTA_PDC);
        if (h->round) {
            /* The guest left the slot off: nothing answers until the
             * guest powers it, as it does on presence detect. */
            g_assert_cmphex(slot_cfg_readl(h, 0, PCI_VENDOR_ID), ==,
                            0xffffffff);
            slot_power(h, 0, true);
        }
        sltsta_clear(h, 0);
        g_assert_true(cfg_readw(qts, 0, RP_DEV, h->exp[0] + EXP_LNKSTA) &
                      LNKSTA_DLLLA);
    } else {
        g_assert_cmphex(qtest_inl(qts, PCIHP_UP), ==, 1u << PC_SLOT);
        g_assert_cmphex(qtest_inl(qts, PCIHP_UP), ==, 0);
    }
    vt_rescan(&h->m);
}

/* device_del "v"; the firmware and guest finish the unplug. */
static void unplug(HP *h)
{
    QTestState *qts = h->m.qts;

    qtest_qmp_assert_success(qts, "{'execute': 'device_del', "
                             "'arguments': {'id': 'v'}}");
    if (h->c->pcie) {
        /* The attention button is pressed; the guest powers off. */
        g_assert_cmphex(sltsta(h, 0) & SLTSTA_ABP, ==, SLTSTA_ABP);
        sltsta_clear(h, 0);
        slot_power(h, 0, false);
    } else {
        g_assert_cmphex(qtest_inl(qts, PCIHP_DOWN), ==, 1u << PC_SLOT);
        qtest_outl(qts, PCIHP_EJ, 1u << PC_SLOT);
    }
    /* As in qemu, the virtio device's event comes first. */
    qtest_qmp_assert_event(qts, "DEVICE_DELETED",
                           "{\"path\": \"/machine/peripheral/v/"
                           "virtio-backend\"}");
    qtest_qmp_assert_event(qts, "DEVICE_DELETED",
                           "{\"device\": \"v\", \"path\": "
                           "\"/machine/peripheral/v\"}");
    g_assert_false(in_peripheral(h, "v"));
    g_assert_cmphex(slot_cfg_readl(h, 0, PCI_VENDOR_ID), ==, 0xffffffff);
    if (h->c->pcie) {
        g_assert_cmphex(sltsta(h, 0) & (SLTSTA_PDS | SLTSTA_PDC), ==,
                        SLTSTA_PDC);
        g_assert_false(cfg_readw(qts, 0, RP_DEV, h->exp[0] + EXP_LNKSTA) &
                       LNKSTA_DLLLA);
        sltsta_clear(h, 0);
    } else {
        g_assert_cmphex(qtest_inl(qts, PCIHP_DOWN), ==, 0);
    }
    vt_rescan(&h->m);
    g_assert_null(qpci_device_find(h->m.bus, slot_bus(h, 0),
                                   QPCI_DEVFN(slot_dev(h, 0), 0)));
}

/* The driver */

/* Find the plugged function, check its IDs, and bring it up. */
static void driver_open(HP *h)
{
    const Kind *k = h->k;
    QPCIDevice *pdev = qpci_device_find(h->m.bus, slot_bus(h, 0),
                                        QPCI_DEVFN(slot_dev(h, 0), 0));
    uint16_t devid = h->modern ? QVIRTIO_PCI_MODERN_BASE + k->virtio_id
                               : k->legacy_id;
    uint16_t subsys = h->modern ? SUBSYS_MODERN : k->virtio_id;
    uint64_t offered;
    int i;

    g_assert_nonnull(pdev);
    g_assert_cmphex(qpci_config_readl(pdev, PCI_VENDOR_ID), ==,
                    ((uint32_t)devid << 16) | QVIRTIO_PCI_VENDOR_ID);
    g_assert_cmphex(qpci_config_readl(pdev, PCI_SUBSYSTEM_VENDOR_ID), ==,
                    ((uint32_t)subsys << 16) | QVIRTIO_PCI_VENDOR_ID);
    g_assert_cmphex(qpci_config_readl(pdev, PCI_REVISION_ID), ==,
                    (k->class_code << 8) | h->modern);

    h->vd = h->legacy ? qvirtio_pci_new_legacy(pdev, h->m.alloc)
                      : qvirtio_pci_new(pdev, h->m.alloc);
    qvirtio_reset(h->vd);
    offered = qvirtio_get_features(h->vd);
    /* The legacy register block shows only the low 32 bits. */
    g_assert_cmpint(!!(offered & QVIRTIO_F_VERSION_1), ==, !h->legacy);
    g_assert_true(qvirtio_negotiate(h->vd,
                                    h->legacy ? 0 : QVIRTIO_F_VERSION_1));
    for (i = 0; i < k->nqueues; i++) {
        h->vq[i] = qvirtqueue_setup(h->vd, i, false);
        g_assert_nonnull(h->vq[i]);
    }
    qvirtio_set_driver_ok(h->vd);
    g_assert_cmphex(qvirtio_get_status(h->vd) &
                    (QVIRTIO_S_DRIVER_OK | QVIRTIO_S_NEEDS_RESET), ==,
                    QVIRTIO_S_DRIVER_OK);
}

static void driver_close(HP *h)
{
    int i;

    for (i = 0; i < h->k->nqueues; i++) {
        qvirtqueue_cleanup(h->vq[i]);
        h->vq[i] = NULL;
    }
    qvirtio_reset(h->vd);
    qvirtio_pci_free(h->vd);
    h->vd = NULL;
}

/* Put @n buffers on queue @q and wait until the device used them. */
static uint32_t run_chain(HP *h, int q, const QVirtBuf *bufs, int n)
{
    uint16_t id = qvirtqueue_add(h->vq[q], bufs, n, false);

    qvirtqueue_kick(h->vq[q]);
    return qvirtqueue_wait_used(h->vq[q], id, QVIRTIO_TIMEOUT_US);
}

/* virtio-rng: random bytes, not all zero */

static void rng_io(HP *h)
{
    static const uint8_t zero[RNG_LEN];
    uint8_t got[RNG_LEN];
    uint64_t buf = qguest_alloc(h->m.alloc, RNG_LEN, 16);

    qtest_memset(h->m.qts, buf, 0, RNG_LEN);
    g_assert_cmpuint(vt_rng_read(h->vq[0], buf, RNG_LEN), ==, RNG_LEN);
    qtest_memread(h->m.qts, buf, got, RNG_LEN);
    g_assert_true(memcmp(got, zero, RNG_LEN) != 0);
    qguest_free(h->m.alloc, buf);
}

static void rng_backend_add(HP *h)
{
    qtest_qmp_assert_success(h->m.qts, "{'execute': 'object-add', "
                             "'arguments': {'qom-type': 'rng-builtin', "
                             "'id': 'r0'}}");
}

/* virtio-blk: a file node and a raw node over a temporary file */

static void blk_backend_add(HP *h)
{
    if (!h->disk) {
        g_autofree uint8_t *img = g_malloc0(DISK_SECTORS * SECTOR);
        int fd = g_file_open_tmp("corvid-hotplug-XXXXXX", &h->disk, NULL);

        g_assert_cmpint(fd, >=, 0);
        g_assert_cmpint(write(fd, img, DISK_SECTORS * SECTOR), ==,
                        DISK_SECTORS * SECTOR);
        close(fd);
    }
    qtest_qmp_assert_success(h->m.qts, "{'execute': 'blockdev-add', "
                             "'arguments': {'driver': 'file', "
                             "'node-name': 'hf', 'filename': %s}}", h->disk);
    qtest_qmp_assert_success(h->m.qts, "{'execute': 'blockdev-add', "
                             "'arguments': {'driver': 'raw', "
                             "'node-name': 'hd', 'file': 'hf'}}");
}

/* Both nodes can go once the device has; then they come back. */
static void blk_backend_free(HP *h)
{
    qtest_qmp_assert_success(h->m.qts, "{'execute': 'blockdev-del', "
                             "'arguments': {'node-name': 'hd'}}");
    qtest_qmp_assert_success(h->m.qts, "{'execute': 'blockdev-del', "
                             "'arguments': {'node-name': 'hf'}}");
    blk_backend_add(h);
}

static uint8_t blk_req(HP *h, uint32_t type, uint64_t data, bool in)
{
    uint8_t hdr[16] = { 0 };
    uint64_t req = qguest_alloc(h->m.alloc, sizeof(hdr) + 1, 16);
    QVirtBuf bufs[3] = {
        { .addr = req, .len = sizeof(hdr) },
        { .addr = data, .len = SECTOR, .write = in },
        { .addr = req + sizeof(hdr), .len = 1, .write = true },
    };
    uint8_t status;

    hdr[0] = type;
    hdr[8] = IO_SECTOR;
    qtest_memwrite(h->m.qts, req, hdr, sizeof(hdr));
    qtest_writeb(h->m.qts, req + sizeof(hdr), 0xff);
    g_assert_cmpuint(run_chain(h, 0, bufs, 3), ==, in ? SECTOR + 1 : 1);
    status = qtest_readb(h->m.qts, req + sizeof(hdr));
    qguest_free(h->m.alloc, req);
    return status;
}

/* Write a sector, find it in the file, read it back. */
static void blk_io(HP *h)
{
    uint8_t want[SECTOR], got[SECTOR];
    uint64_t data = qguest_alloc(h->m.alloc, SECTOR, 16);
    int fd, i;

    for (i = 0; i < SECTOR; i++) {
        want[i] = i * 3 + h->round * 0x55 + 1;
    }
    qtest_memwrite(h->m.qts, data, want, SECTOR);
    g_assert_cmpuint(blk_req(h, BLK_T_OUT, data, false), ==, BLK_S_OK);
    fd = open(h->disk, O_RDONLY);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(pread(fd, got, SECTOR, IO_SECTOR * SECTOR), ==, SECTOR);
    close(fd);
    g_assert_cmpmem(got, SECTOR, want, SECTOR);

    qtest_memset(h->m.qts, data, 0, SECTOR);
    g_assert_cmpuint(blk_req(h, BLK_T_IN, data, true), ==, BLK_S_OK);
    qtest_memread(h->m.qts, data, got, SECTOR);
    g_assert_cmpmem(got, SECTOR, want, SECTOR);
    qguest_free(h->m.alloc, data);
}

/* virtio-net: a socket netdev connected to the test */

static void net_backend_add(HP *h)
{
    struct sockaddr_in sa = { .sin_family = AF_INET };
    socklen_t len = sizeof(sa);
    g_autofree char *addr = NULL;

    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    h->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    g_assert_cmpint(h->listen_fd, >=, 0);
    g_assert_cmpint(bind(h->listen_fd, (struct sockaddr *)&sa, sizeof(sa)),
                    ==, 0);
    g_assert_cmpint(listen(h->listen_fd, 1), ==, 0);
    g_assert_cmpint(getsockname(h->listen_fd, (struct sockaddr *)&sa, &len),
                    ==, 0);
    addr = g_strdup_printf("127.0.0.1:%d", ntohs(sa.sin_port));
    qtest_qmp_assert_success(h->m.qts, "{'execute': 'netdev_add', "
                             "'arguments': {'type': 'socket', 'id': 'hn', "
                             "'connect': %s}}", addr);
    h->fd = accept(h->listen_fd, NULL, NULL);
    g_assert_cmpint(h->fd, >=, 0);
}

/* Send a broadcast frame; the socket gets it, length first. */
static void net_io(HP *h)
{
    size_t hdr_len = h->legacy ? NET_HDR_LEN_LEGACY : NET_HDR_LEN;
    uint64_t buf = qguest_alloc(h->m.alloc, hdr_len + FRAME_LEN, 16);
    QVirtBuf b = { .addr = buf, .len = hdr_len + FRAME_LEN };
    uint8_t frame[FRAME_LEN], got[FRAME_LEN], be_len[4];

    memset(frame, 0x40 + h->round, FRAME_LEN);
    memset(frame, 0xff, 6);                 /* destination: broadcast */
    memcpy(frame + 6, "\x02\x00\x00\x00\x00\x01", 6);
    frame[12] = 0x08;
    frame[13] = 0x00;
    qtest_memset(h->m.qts, buf, 0, hdr_len);
    qtest_memwrite(h->m.qts, buf + hdr_len, frame, FRAME_LEN);
    run_chain(h, 1, &b, 1);                 /* queue 1: transmit */
    net_test_read_full(h->fd, be_len, sizeof(be_len));
    g_assert_cmpuint(((uint32_t)be_len[0] << 24) | (be_len[1] << 16) |
                     (be_len[2] << 8) | be_len[3], ==, FRAME_LEN);
    net_test_read_full(h->fd, got, FRAME_LEN);
    g_assert_cmpmem(got, FRAME_LEN, frame, FRAME_LEN);
    qguest_free(h->m.alloc, buf);
}

/* virtio-input: the name through the select/subsel registers */

static void input_io(HP *h)
{
    const char *name = h->c->model->input_name;
    size_t len = strlen(name);
    char got[128];
    size_t i;

    qvirtio_config_writeb(h->vd, INPUT_CFG_SELECT, INPUT_ID_NAME);
    qvirtio_config_writeb(h->vd, INPUT_CFG_SUBSEL, 0);
    g_assert_cmpuint(qvirtio_config_readb(h->vd, INPUT_CFG_SIZE), ==, len);
    for (i = 0; i < len; i++) {
        got[i] = qvirtio_config_readb(h->vd, INPUT_CFG_U + i);
    }
    got[len] = 0;
    g_assert_cmpstr(got, ==, name);
}

static const Kind kind_net = {
    .virtio_id = VIRTIO_ID_NET, .legacy_id = 0x1000,
    .class_code = 0x020000, .nqueues = 2,
    .be_prop = "netdev", .be_id = "hn",
    .missing_class = "GenericError",
    .missing_desc = "Property 'virtio-net-device.netdev' can't find "
                    "value 'nope'",
    .in_use_desc = "Property 'virtio-net-device.netdev' can't take value "
                   "'hn', it's in use",
    .backend_add = net_backend_add, .io = net_io,
};

static const Kind kind_blk = {
    .virtio_id = VIRTIO_ID_BLK, .legacy_id = 0x1001,
    .class_code = 0x010000, .nqueues = 1,
    .be_prop = "drive", .be_id = "hd",
    .missing_class = "GenericError",
    .missing_desc = "Property 'virtio-blk-device.drive' can't find "
                    "value 'nope'",
    .in_use_desc = "Permission conflict on node 'hd': permissions 'write' "
                   "are both required by block device '/machine/"
                   "peripheral/v/virtio-backend' (uses node 'hd' as "
                   "'root' child) and unshared by block device "
                   "'/machine/peripheral/v2/virtio-backend' (uses node "
                   "'hd' as 'root' child).",
    .backend_add = blk_backend_add, .backend_free = blk_backend_free,
    .io = blk_io,
};

/* rng-builtin may be shared, so the bad case is the busy slot. */
static const Kind kind_rng = {
    .virtio_id = VIRTIO_ID_RNG, .legacy_id = 0x1005,
    .class_code = 0x00ff00, .nqueues = 1,
    .be_prop = "rng", .be_id = "r0",
    .missing_class = "DeviceNotFound",
    .missing_desc = "Device 'nope' not found",
    .backend_add = rng_backend_add, .io = rng_io,
};

/* virtio-input has no legacy form; class by type (input, 9). */
static const Kind kind_kbd = {
    .virtio_id = VIRTIO_ID_INPUT, .class_code = 0x090000, .nqueues = 2,
    .io = input_io,
};

static const Kind kind_mouse = {
    .virtio_id = VIRTIO_ID_INPUT, .class_code = 0x090200, .nqueues = 2,
    .io = input_io,
};

static const Kind kind_tablet = {
    .virtio_id = VIRTIO_ID_INPUT, .class_code = 0x098000, .nqueues = 2,
    .io = input_io,
};

/* Every virtio-*-pci of `-device help`. */
static const Model models[] = {
    { "virtio-net-pci", &kind_net, PLAIN },
    { "virtio-net-pci-transitional", &kind_net, TRANSITIONAL },
    { "virtio-net-pci-non-transitional", &kind_net, NON_TRANSITIONAL },
    { "virtio-blk-pci", &kind_blk, PLAIN },
    { "virtio-blk-pci-transitional", &kind_blk, TRANSITIONAL },
    { "virtio-blk-pci-non-transitional", &kind_blk, NON_TRANSITIONAL },
    { "virtio-rng-pci", &kind_rng, PLAIN },
    { "virtio-rng-pci-transitional", &kind_rng, TRANSITIONAL },
    { "virtio-rng-pci-non-transitional", &kind_rng, NON_TRANSITIONAL },
    { "virtio-keyboard-pci", &kind_kbd, PLAIN, "QEMU Virtio Keyboard" },
    { "virtio-mouse-pci", &kind_mouse, PLAIN, "QEMU Virtio Mouse" },
    { "virtio-tablet-pci", &kind_tablet, PLAIN, "QEMU Virtio Tablet" },
};

/* Plug "v", then a driver takes it through one round trip. */
static void plug_and_use(HP *h)
{
    plug(h);
    driver_open(h);
    h->k->io(h);
    driver_close(h);
}

/* A second device where the first one is: refused, nothing changes. */
static void bad_second_device(HP *h)
{
    const char *driver = h->c->model->driver;
    g_autofree char *busy = NULL;

    if (h->k->in_use_desc) {
        /* The exclusive back end, from the other slot. */
        qmp_assert_error(add_dev(h, driver, "v2", 1, h->k->be_id),
                         "GenericError", h->k->in_use_desc);
        assert_empty(h, 1, "v2");
        return;
    }
    busy = g_strdup_printf("PCI: slot %d function 0 not available for %s, "
                           "in use by %s,id=v", slot_dev(h, 0), driver,
                           driver);
    qmp_assert_error(add_dev(h, driver, "v2", 0, h->k->be_id),
                     "GenericError", busy);
    g_assert_false(in_peripheral(h, "v2"));
    qtest_qmp_assert_no_event(h->m.qts, "DEVICE_DELETED");
}

static void test_hotplug(const void *opaque)
{
    const Case *c = opaque;
    const Model *model = c->model;
    HP h = { .c = c, .k = model->kind, .listen_fd = -1, .fd = -1 };

    h.modern = !h.k->legacy_id || model->variant == NON_TRANSITIONAL ||
               (model->variant == PLAIN && c->pcie);
    h.legacy = model->variant == TRANSITIONAL;
    vt_start(&h.m, c->pcie ? "q35" : "pc",
             c->pcie ? "-device pcie-root-port,id=rp0,chassis=1,addr=3 "
                       "-device pcie-root-port,id=rp1,chassis=2,addr=4"
                     : "");
    slots_init(&h);

    /* A missing back end: refused, and the slot stays empty. */
    if (h.k->be_prop) {
        qmp_assert_error(add_dev(&h, model->driver, "v", 0, "nope"),
                         h.k->missing_class, h.k->missing_desc);
        assert_empty(&h, 0, "v");
        h.k->backend_add(&h);
    }

    plug_and_use(&h);
    bad_second_device(&h);
    unplug(&h);

    /* The back end is free; the same device comes back and works. */
    if (h.k->backend_free) {
        h.k->backend_free(&h);
    }
    h.round = 1;
    plug_and_use(&h);

    vt_stop(&h.m);
    if (h.disk) {
        unlink(h.disk);
        g_free(h.disk);
    }
    if (h.fd >= 0) {
        close(h.fd);
        close(h.listen_fd);
    }
}

int main(int argc, char **argv)
{
    static Case cases[2 * G_N_ELEMENTS(models)];
    unsigned i;

    g_test_init(&argc, &argv, NULL);
    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        Case *c = &cases[i];
        g_autofree char *path = NULL;

        c->pcie = i < G_N_ELEMENTS(models);
        c->model = &models[i % G_N_ELEMENTS(models)];
        path = g_strdup_printf("/virtio-hotplug/%s/%s",
                               c->pcie ? "q35" : "pc", c->model->driver);
        g_test_add_data_func(path, c, test_hotplug);
    }
    return g_test_run();
}
