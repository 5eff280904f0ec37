/*
 * virtio-blk-pci as a guest driver sees it: requests of every type
 * checked against the backing file, the bad requests, read-only
 * backends, config changes on block_resize, completions by MSI-X and
 * by INTx (also with VIRTIO_F_EVENT_IDX, and with either driver on the
 * transitional device), on pc and q35; blockdev-add/-del around a
 * hot-plugged device.
 */
#include "util/osdep.h"
#include "libqtest.h"
#include "libqvirtio.h"
#include "virtio-test-util.h"

#define BLK_MODERN_ID       (QVIRTIO_PCI_MODERN_BASE + 2)
#define BLK_LEGACY_ID       0x1001
#define DISK_SIZE           (1024 * 1024)
#define SECTOR              512
#define T_IN                0
#define T_OUT               1
#define T_FLUSH             4
#define T_GET_ID            8
#define T_DISCARD           11
#define T_WRITE_ZEROES      13
#define S_OK                0
#define S_IOERR             1
#define S_UNSUPP            2
#define F_RO                (1ULL << 5)
#define F_FLUSH             (1ULL << 9)
#define F_DISCARD           (1ULL << 13)
#define F_WRITE_ZEROES      (1ULL << 14)
#define CFG_CAPACITY        0
#define CFG_BLK_SIZE        20
#define CFG_NUM_QUEUES      34

typedef struct Blk {
    VTMachine m;
    QVirtioDevice *vd;
    QVirtQueue *vq;
    char *path;
    uint64_t hdr, data, status;
    bool msix;
} Blk;

static char *make_disk(void)
{
    g_autofree uint8_t *buf = g_malloc(DISK_SIZE);
    char *path = NULL;
    int fd = g_file_open_tmp("corvid-blk-XXXXXX", &path, NULL);
    size_t i;

    g_assert_cmpint(fd, >=, 0);
    for (i = 0; i < DISK_SIZE; i++) {
        buf[i] = i * 7 + (i >> 9);
    }
    g_assert_cmpint(write(fd, buf, DISK_SIZE), ==, DISK_SIZE);
    close(fd);
    return path;
}

static void file_read(Blk *b, uint64_t off, void *buf, size_t len)
{
    int fd = open(b->path, O_RDONLY);

    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(pread(fd, buf, len, off), ==, (ssize_t)len);
    close(fd);
}

static void blk_start(Blk *b, const char *machine, const char *blockdev,
                      const char *devopts, uint64_t features, bool msix)
{
    g_autofree char *args = NULL;
    QPCIDevice *pdev;

    b->path = make_disk();
    args = g_strdup_printf("-blockdev driver=file,node-name=f,filename=%s"
                           ",discard=unmap%s -blockdev driver=raw,"
                           "node-name=d0,file=f,discard=unmap%s "
                           "-device virtio-blk-pci-non-transitional,"
                           "drive=d0,id=vb%s", b->path, blockdev, blockdev,
                           devopts);
    vt_start(&b->m, machine, args);
    pdev = vt_find(&b->m, BLK_MODERN_ID, 0);
    g_assert_nonnull(pdev);
    b->vd = qvirtio_pci_new(pdev, b->m.alloc);
    qvirtio_reset(b->vd);
    g_assert_true(qvirtio_negotiate(b->vd, QVIRTIO_F_VERSION_1 | features));
    b->msix = msix;
    if (msix) {
        qvirtio_msix_enable(b->vd);
        qvirtio_msix_set_vector(b->vd, 0, VT_MSI_ADDR2, 0x40);
        qvirtio_msix_set_vector(b->vd, 1, VT_MSI_ADDR, 0x41);
        g_assert_cmphex(qvirtio_set_config_vector(b->vd, 0), ==, 0);
    }
    b->vq = qvirtqueue_setup(b->vd, 0, false);
    g_assert_nonnull(b->vq);
    if (msix) {
        g_assert_cmphex(qvirtqueue_set_vector(b->vq, 1), ==, 1);
    }
    qvirtio_set_driver_ok(b->vd);
    b->hdr = qguest_alloc(b->m.alloc, 64, 16);
    b->data = qguest_alloc(b->m.alloc, 64 * 1024, 16);
    b->status = qguest_alloc(b->m.alloc, 16, 16);
}

static void blk_stop(Blk *b)
{
    qvirtqueue_cleanup(b->vq);
    qvirtio_pci_free(b->vd);
    vt_stop(&b->m);
    unlink(b->path);
    g_free(b->path);
}

/* One request: header, @len data bytes (device-writable if @in),
 * status.  Returns the status byte; *used gets the used length. */
static uint8_t blk_req(Blk *b, uint32_t type, uint64_t sector, uint32_t len,
                       bool in, bool indirect, uint32_t *used)
{
    QVirtBuf bufs[3];
    uint8_t hdr[16] = { 0 };
    uint32_t n = 0, got;
    uint16_t id;
    int i;

    for (i = 0; i < 4; i++) {
        hdr[i] = type >> (8 * i);
    }
    for (i = 0; i < 8; i++) {
        hdr[8 + i] = sector >> (8 * i);
    }
    qtest_memwrite(b->m.qts, b->hdr, hdr, sizeof(hdr));
    qtest_writeb(b->m.qts, b->status, 0xff);
    bufs[n++] = (QVirtBuf){ .addr = b->hdr, .len = 16 };
    if (len) {
        bufs[n++] = (QVirtBuf){ .addr = b->data, .len = len, .write = in };
    }
    bufs[n++] = (QVirtBuf){ .addr = b->status, .len = 1, .write = true };
    if (b->vq->event_idx) {
        /* Used buffer notification suppression: an interrupt once
         * used->idx moves past used_event, i.e. for the next entry. */
        qvirtqueue_set_used_event(b->vq, b->vq->last_used_idx);
    }
    id = qvirtqueue_add(b->vq, bufs, n, indirect);
    qvirtqueue_kick(b->vq);
    got = qvirtqueue_wait_used(b->vq, id, QVIRTIO_TIMEOUT_US);
    if (used) {
        *used = got;
    }
    if (b->msix) {
        g_assert_cmphex(qvirtio_wait_msi(b->m.qts, VT_MSI_ADDR,
                                         QVIRTIO_TIMEOUT_US), ==, 0x41);
    } else {
        g_assert_cmphex(qvirtio_isr_read(b->vd) & QVIRTIO_ISR_QUEUE, ==,
                        QVIRTIO_ISR_QUEUE);
    }
    return qtest_readb(b->m.qts, b->status);
}

static void put_segment(Blk *b, uint64_t sector, uint32_t num,
                        uint32_t flags)
{
    uint8_t seg[16];
    int i;

    for (i = 0; i < 8; i++) {
        seg[i] = sector >> (8 * i);
    }
    for (i = 0; i < 4; i++) {
        seg[8 + i] = num >> (8 * i);
        seg[12 + i] = flags >> (8 * i);
    }
    qtest_memwrite(b->m.qts, b->data, seg, sizeof(seg));
}

typedef struct BlkCase {
    const char *machine;
    bool msix;
    bool indirect;
} BlkCase;

static void test_io(const void *opaque)
{
    const BlkCase *c = opaque;
    uint8_t want[4096], got[4096];
    uint64_t feat = F_FLUSH | F_DISCARD | F_WRITE_ZEROES |
                    (c->indirect ? QVIRTIO_F_INDIRECT_DESC : 0);
    char id[20];
    uint32_t used;
    Blk b;
    int i;

    blk_start(&b, c->machine, "", ",serial=corvid-serial", feat, c->msix);
    g_assert_true(qvirtio_get_features(b.vd) & F_DISCARD);
    g_assert_false(qvirtio_get_features(b.vd) & F_RO);
    g_assert_cmpuint(qvirtio_config_readq(b.vd, CFG_CAPACITY), ==,
                     DISK_SIZE / SECTOR);
    g_assert_cmpuint(qvirtio_config_readl(b.vd, CFG_BLK_SIZE), ==, 512);
    g_assert_cmpuint(qvirtio_config_readw(b.vd, CFG_NUM_QUEUES), ==, 1);

    /* Read: the file's bytes. */
    g_assert_cmpuint(blk_req(&b, T_IN, 3, 4096, true, c->indirect, &used),
                     ==, S_OK);
    g_assert_cmpuint(used, ==, 4097);
    qtest_memread(b.m.qts, b.data, got, sizeof(got));
    file_read(&b, 3 * SECTOR, want, sizeof(want));
    g_assert_cmpmem(got, sizeof(got), want, sizeof(want));

    /* Write, then the file has it. */
    for (i = 0; i < 4096; i++) {
        want[i] = 0xa5 ^ i;
    }
    qtest_memwrite(b.m.qts, b.data, want, sizeof(want));
    g_assert_cmpuint(blk_req(&b, T_OUT, 100, 4096, false, c->indirect,
                             &used), ==, S_OK);
    g_assert_cmpuint(used, ==, 1);
    g_assert_cmpuint(blk_req(&b, T_FLUSH, 0, 0, false, c->indirect, NULL),
                     ==, S_OK);
    file_read(&b, 100 * SECTOR, got, sizeof(got));
    g_assert_cmpmem(got, sizeof(got), want, sizeof(want));

    /* Write zeroes (with and without unmap) and discard. */
    put_segment(&b, 100, 2, 0);
    g_assert_cmpuint(blk_req(&b, T_WRITE_ZEROES, 0, 16, false, c->indirect,
                             NULL), ==, S_OK);
    put_segment(&b, 102, 2, 1);
    g_assert_cmpuint(blk_req(&b, T_WRITE_ZEROES, 0, 16, false, c->indirect,
                             NULL), ==, S_OK);
    file_read(&b, 100 * SECTOR, got, sizeof(got));
    memset(want, 0, 2048);
    g_assert_cmpmem(got, sizeof(got), want, sizeof(want));
    put_segment(&b, 104, 4, 0);
    g_assert_cmpuint(blk_req(&b, T_DISCARD, 0, 16, false, c->indirect,
                             NULL), ==, S_OK);
    /* Discard with a flag it does not define; unmap past the end. */
    put_segment(&b, 104, 4, 1);
    g_assert_cmpuint(blk_req(&b, T_DISCARD, 0, 16, false, c->indirect,
                             NULL), ==, S_UNSUPP);
    put_segment(&b, DISK_SIZE / SECTOR - 1, 2, 0);
    g_assert_cmpuint(blk_req(&b, T_WRITE_ZEROES, 0, 16, false, c->indirect,
                             NULL), ==, S_IOERR);

    /* GET_ID */
    g_assert_cmpuint(blk_req(&b, T_GET_ID, 0, 20, true, c->indirect, &used),
                     ==, S_OK);
    qtest_memread(b.m.qts, b.data, id, sizeof(id));
    g_assert_cmpmem(id, strlen("corvid-serial"), "corvid-serial",
                    strlen("corvid-serial"));
    g_assert_cmpint(id[strlen("corvid-serial")], ==, 0);

    /* Bad requests: beyond the end, overflowing, not a sector multiple,
     * unknown type. */
    g_assert_cmpuint(blk_req(&b, T_IN, DISK_SIZE / SECTOR, 512, true,
                             c->indirect, NULL), ==, S_IOERR);
    g_assert_cmpuint(blk_req(&b, T_IN, UINT64_MAX / 2, 512, true,
                             c->indirect, NULL), ==, S_IOERR);
    g_assert_cmpuint(blk_req(&b, T_OUT, UINT64_MAX, 512, false,
                             c->indirect, NULL), ==, S_IOERR);
    g_assert_cmpuint(blk_req(&b, T_IN, 0, 100, true, c->indirect, NULL),
                     ==, S_IOERR);
    g_assert_cmpuint(blk_req(&b, 0x77, 0, 0, false, c->indirect, NULL),
                     ==, S_UNSUPP);
    g_assert_false(qvirtio_get_status(b.vd) & QVIRTIO_S_NEEDS_RESET);
    blk_stop(&b);
}

/* A header shorter than 16 bytes, or no status byte: needs reset. */
static void test_malformed(void)
{
    QVirtBuf bufs[2];
    Blk b;

    blk_start(&b, "pc", "", "", 0, false);
    bufs[0] = (QVirtBuf){ .addr = b.hdr, .len = 8 };
    bufs[1] = (QVirtBuf){ .addr = b.status, .len = 1, .write = true };
    qvirtqueue_add(b.vq, bufs, 2, false);
    qvirtqueue_kick(b.vq);
    g_assert_true(qvirtio_wait_isr(b.vd, QVIRTIO_ISR_CONFIG,
                                   QVIRTIO_TIMEOUT_US));
    g_assert_true(qvirtio_get_status(b.vd) & QVIRTIO_S_NEEDS_RESET);
    blk_stop(&b);

    blk_start(&b, "pc", "", "", 0, false);
    bufs[0] = (QVirtBuf){ .addr = b.hdr, .len = 16 };
    bufs[1] = (QVirtBuf){ .addr = b.status, .len = 1, .write = false };
    qvirtqueue_add(b.vq, bufs, 2, false);
    qvirtqueue_kick(b.vq);
    g_assert_true(qvirtio_wait_isr(b.vd, QVIRTIO_ISR_CONFIG,
                                   QVIRTIO_TIMEOUT_US));
    g_assert_true(qvirtio_get_status(b.vd) & QVIRTIO_S_NEEDS_RESET);
    blk_stop(&b);
}

static void test_read_only(void)
{
    uint8_t want[512], got[512];
    Blk b;

    blk_start(&b, "q35", ",read-only=on", "", F_WRITE_ZEROES, false);
    g_assert_true(qvirtio_get_features(b.vd) & F_RO);
    memset(want, 0x5a, sizeof(want));
    qtest_memwrite(b.m.qts, b.data, want, sizeof(want));
    g_assert_cmpuint(blk_req(&b, T_OUT, 0, 512, false, false, NULL), ==,
                     S_IOERR);
    put_segment(&b, 0, 1, 0);
    g_assert_cmpuint(blk_req(&b, T_WRITE_ZEROES, 0, 16, false, false, NULL),
                     ==, S_IOERR);
    g_assert_cmpuint(blk_req(&b, T_IN, 0, 512, true, false, NULL), ==,
                     S_OK);
    file_read(&b, 0, got, sizeof(got));
    g_assert_cmpint(memcmp(got, want, sizeof(got)), !=, 0);
    blk_stop(&b);
}

static void test_resize(void)
{
    QDict *r;
    uint8_t gen;
    Blk b;

    blk_start(&b, "pc", "", "", 0, true);
    gen = qvirtio_config_generation(b.vd);
    r = qtest_qmp(b.m.qts, "{'execute': 'block_resize', 'arguments': "
                  "{'node-name': 'd0', 'size': %d}}", 2 * DISK_SIZE);
    g_assert_true(qdict_haskey(r, "return"));
    qobject_unref(r);
    g_assert_cmphex(qvirtio_wait_msi(b.m.qts, VT_MSI_ADDR2,
                                     QVIRTIO_TIMEOUT_US), ==, 0x40);
    g_assert_cmpuint(qvirtio_config_generation(b.vd), !=, gen);
    g_assert_cmpuint(qvirtio_config_readq(b.vd, CFG_CAPACITY), ==,
                     2 * DISK_SIZE / SECTOR);
    r = qtest_qmp(b.m.qts, "{'execute': 'block_resize', 'arguments': "
                  "{'device': 'nope', 'size': 4096}}");
    g_assert_cmpstr(qdict_get_try_str(qdict_get_qdict(r, "error"), "desc"),
                    ==, "Cannot find device='nope' nor node-name=''");
    qobject_unref(r);
    r = qtest_qmp(b.m.qts, "{'execute': 'query-block'}");
    g_assert_nonnull(qdict_get_qlist(r, "return"));
    qobject_unref(r);
    blk_stop(&b);
}

/*
 * A plain start for the variants below: @dev on @machine, found by
 * @pci_id, driven by the modern or the legacy driver, INTx completions,
 * queue @qidx in use.
 */
static void blk_start_variant(Blk *b, const char *machine, const char *dev,
                              uint16_t pci_id, bool legacy,
                              const char *devopts, uint64_t features,
                              uint16_t qidx)
{
    g_autofree char *args = NULL;
    QPCIDevice *pdev;

    b->path = make_disk();
    args = g_strdup_printf("-blockdev driver=file,node-name=f,filename=%s "
                           "-blockdev driver=raw,node-name=d0,file=f "
                           "-device %s,drive=d0,id=vb%s", b->path, dev,
                           devopts);
    vt_start(&b->m, machine, args);
    pdev = vt_find(&b->m, pci_id, 0);
    g_assert_nonnull(pdev);
    b->vd = legacy ? qvirtio_pci_new_legacy(pdev, b->m.alloc)
                   : qvirtio_pci_new(pdev, b->m.alloc);
    qvirtio_reset(b->vd);
    g_assert_true(qvirtio_negotiate(b->vd, features));
    b->msix = false;
    b->vq = qvirtqueue_setup(b->vd, qidx, false);
    g_assert_nonnull(b->vq);
    qvirtio_set_driver_ok(b->vd);
    b->hdr = qguest_alloc(b->m.alloc, 64, 16);
    b->data = qguest_alloc(b->m.alloc, 64 * 1024, 16);
    b->status = qguest_alloc(b->m.alloc, 16, 16);
}

/* Read sectors 8.. and write sectors 200.., checked against the file. */
static void blk_read_write(Blk *b)
{
    uint8_t want[2048], got[2048];
    uint32_t used;
    int i;

    g_assert_cmpuint(blk_req(b, T_IN, 8, sizeof(got), true, false, &used),
                     ==, S_OK);
    g_assert_cmpuint(used, ==, sizeof(got) + 1);
    qtest_memread(b->m.qts, b->data, got, sizeof(got));
    file_read(b, 8 * SECTOR, want, sizeof(want));
    g_assert_cmpmem(got, sizeof(got), want, sizeof(want));
    for (i = 0; i < (int)sizeof(want); i++) {
        want[i] = 0x3c + i * 5;
    }
    qtest_memwrite(b->m.qts, b->data, want, sizeof(want));
    g_assert_cmpuint(blk_req(b, T_OUT, 200, sizeof(want), false, false,
                             NULL), ==, S_OK);
    file_read(b, 200 * SECTOR, got, sizeof(got));
    g_assert_cmpmem(got, sizeof(got), want, sizeof(want));
}

typedef struct VariantCase {
    const char *machine;
    bool legacy;
} VariantCase;

/*
 * virtio-blk-pci-transitional with the modern and the legacy driver:
 * both interfaces are live on one device, and INTx completions must
 * show in whichever ISR status the driver reads.
 */
static void test_transitional(const void *opaque)
{
    const VariantCase *c = opaque;
    Blk b;

    blk_start_variant(&b, c->machine, "virtio-blk-pci-transitional",
                      BLK_LEGACY_ID, c->legacy, "",
                      c->legacy ? 0 : QVIRTIO_F_VERSION_1, 0);
    g_assert_cmpuint(qvirtio_config_readq(b.vd, CFG_CAPACITY), ==,
                     DISK_SIZE / SECTOR);
    /* The legacy register block shows only the low 32 feature bits. */
    g_assert_cmpint(!!(qvirtio_get_features(b.vd) & QVIRTIO_F_VERSION_1),
                    ==, !c->legacy);
    g_assert_cmpuint(qvirtio_config_readl(b.vd, CFG_BLK_SIZE), ==, 512);
    blk_read_write(&b);
    blk_stop(&b);
}

/*
 * A flush with the driver's used_event set to @used_event first; the
 * ISR as read once the flush is used (the queue bit is due only if
 * @used_event names the used entry this flush fills).
 */
static uint8_t blk_flush_event(Blk *b, uint16_t used_event)
{
    QVirtBuf bufs[2];
    uint8_t hdr[16] = { T_FLUSH };
    uint16_t id;

    qtest_memwrite(b->m.qts, b->hdr, hdr, sizeof(hdr));
    qtest_writeb(b->m.qts, b->status, 0xff);
    bufs[0] = (QVirtBuf){ .addr = b->hdr, .len = 16 };
    bufs[1] = (QVirtBuf){ .addr = b->status, .len = 1, .write = true };
    qvirtqueue_set_used_event(b->vq, used_event);
    id = qvirtqueue_add(b->vq, bufs, 2, false);
    qvirtqueue_kick(b->vq);
    qvirtqueue_wait_used(b->vq, id, QVIRTIO_TIMEOUT_US);
    g_assert_cmpuint(qtest_readb(b->m.qts, b->status), ==, S_OK);
    return qvirtio_isr_read(b->vd);
}

/*
 * VIRTIO_F_EVENT_IDX with INTx: a driver that sets used_event to its
 * last seen used index before each request (blk_req does) gets an
 * interrupt for every completion; one whose used_event lies ahead of,
 * or already behind, the entry the device adds gets none (the device
 * notifies when its used idx moves past used_event).
 */
static void test_event_idx(const void *opaque)
{
    const char *machine = opaque;
    uint16_t last;
    uint32_t used;
    Blk b;
    int i;

    blk_start_variant(&b, machine, "virtio-blk-pci-non-transitional",
                      BLK_MODERN_ID, false, "",
                      QVIRTIO_F_VERSION_1 | QVIRTIO_F_EVENT_IDX, 0);
    g_assert_true(b.vq->event_idx);
    for (i = 0; i < 4; i++) {
        g_assert_cmpuint(blk_req(&b, T_IN, i, 512, true, false, &used),
                         ==, S_OK);
        g_assert_cmpuint(used, ==, 513);
    }
    blk_read_write(&b);
    g_assert_cmphex(qvirtio_isr_read(b.vd), ==, 0);

    /* Wanted only well past this completion, or for one already seen. */
    last = b.vq->last_used_idx;
    g_assert_cmphex(blk_flush_event(&b, last + 10), ==, 0);
    last = b.vq->last_used_idx;
    g_assert_cmphex(blk_flush_event(&b, last - 1), ==, 0);
    /* Exactly this completion: due again. */
    last = b.vq->last_used_idx;
    g_assert_cmphex(blk_flush_event(&b, last) & QVIRTIO_ISR_QUEUE, ==,
                    QVIRTIO_ISR_QUEUE);
    blk_stop(&b);
}

/* num-queues=2: the second queue serves requests as well. */
static void test_two_queues(void)
{
    Blk b;

    blk_start_variant(&b, "pc", "virtio-blk-pci-non-transitional",
                      BLK_MODERN_ID, false, ",num-queues=2", QVIRTIO_F_VERSION_1 |
                      (1ULL << 12) /* VIRTIO_BLK_F_MQ */, 1);
    g_assert_cmpuint(qvirtio_config_readw(b.vd, CFG_NUM_QUEUES), ==, 2);
    g_assert_cmpuint(qvirtio_queue_max_size(b.vd, 1), >, 0);
    blk_read_write(&b);
    blk_stop(&b);
}

#define PCIHP_DOWN      0xae04
#define PCIHP_EJ        0xae08
#define HP_SLOT         7

static void blockdev_del_error(QTestState *qts, const char *node,
                               const char *desc)
{
    qmp_assert_error(qtest_qmp(qts, "{'execute': 'blockdev-del', "
                               "'arguments': {'node-name': %s}}", node),
                     "GenericError", desc);
}

/*
 * blockdev-add and blockdev-del over QMP around a virtio-blk-pci
 * hot-plugged on pc's pci.0 (ACPI hot-plug): the node works under the
 * device, cannot go while used, and goes once the device has.
 */
static void test_blockdev_hotplug(void)
{
    g_autofree char *perm = NULL;
    QPCIDevice *pdev;
    Blk b;

    b.path = make_disk();
    vt_start(&b.m, "pc", "");
    qtest_qmp_assert_success(b.m.qts, "{'execute': 'blockdev-add', "
                             "'arguments': {'driver': 'file', "
                             "'node-name': 'hf', 'filename': %s}}", b.path);
    qtest_qmp_assert_success(b.m.qts, "{'execute': 'blockdev-add', "
                             "'arguments': {'driver': 'raw', "
                             "'node-name': 'hr', 'file': 'hf'}}");
    /* A node-name is taken whatever the driver. */
    qmp_assert_error(qtest_qmp(b.m.qts, "{'execute': 'blockdev-add', "
                               "'arguments': {'driver': 'file', "
                               "'node-name': 'hr', 'filename': %s}}",
                               b.path),
                     "GenericError", "Duplicate nodes with node-name='hr'");
    qmp_assert_error(qtest_qmp(b.m.qts, "{'execute': 'blockdev-add', "
                               "'arguments': {'driver': 'raw', "
                               "'node-name': 'hf', 'file': 'hf'}}"),
                     "GenericError", "Duplicate nodes with node-name='hf'");

    qtest_qmp_device_add(b.m.qts, "virtio-blk-pci-non-transitional", "hv",
                         "{'drive': 'hr', 'bus': 'pci.0', 'addr': '7'}");
    vt_rescan(&b.m);
    pdev = vt_find(&b.m, BLK_MODERN_ID, 0);
    g_assert_nonnull(pdev);
    g_assert_cmpuint(pdev->devfn, ==, HP_SLOT << 3);
    b.vd = qvirtio_pci_new(pdev, b.m.alloc);
    qvirtio_reset(b.vd);
    g_assert_true(qvirtio_negotiate(b.vd, QVIRTIO_F_VERSION_1));
    b.msix = false;
    b.vq = qvirtqueue_setup(b.vd, 0, false);
    g_assert_nonnull(b.vq);
    qvirtio_set_driver_ok(b.vd);
    b.hdr = qguest_alloc(b.m.alloc, 64, 16);
    b.data = qguest_alloc(b.m.alloc, 64 * 1024, 16);
    b.status = qguest_alloc(b.m.alloc, 16, 16);
    blk_read_write(&b);

    /* A second writer on the node: qemu's permission conflict. */
    perm = g_strdup_printf("Permission conflict on node 'hr': permissions "
                           "'write' are both required by block device "
                           "'/machine/peripheral/hv/virtio-backend' (uses "
                           "node 'hr' as 'root' child) and unshared by "
                           "block device '/machine/peripheral/hv2/"
                           "virtio-backend' (uses node 'hr' as 'root' "
                           "child).");
    qmp_assert_error(qtest_qmp(b.m.qts, "{'execute': 'device_add', "
                               "'arguments': {'driver': 'virtio-blk-pci', "
                               "'id': 'hv2', 'drive': 'hr', "
                               "'bus': 'pci.0', 'addr': '8'}}"),
                     "GenericError", perm);

    /* In use: by the device, and as the raw node's file. */
    blockdev_del_error(b.m.qts, "hr", "Node hr is in use");
    blockdev_del_error(b.m.qts, "hf", "Block device hf is in use");
    blockdev_del_error(b.m.qts, "nope",
                       "Failed to find node with node-name='nope'");

    qvirtqueue_cleanup(b.vq);
    qvirtio_pci_free(b.vd);
    qtest_qmp_assert_success(b.m.qts, "{'execute': 'device_del', "
                             "'arguments': {'id': 'hv'}}");
    g_assert_cmphex(qtest_inl(b.m.qts, PCIHP_DOWN), ==, 1u << HP_SLOT);
    qtest_outl(b.m.qts, PCIHP_EJ, 1u << HP_SLOT);
    qtest_qmp_assert_event(b.m.qts, "DEVICE_DELETED",
                           "{'path': '/machine/peripheral/hv/"
                           "virtio-backend'}");
    qtest_qmp_assert_event(b.m.qts, "DEVICE_DELETED",
                           "{'device': 'hv', "
                           "'path': '/machine/peripheral/hv'}");

    /* The raw node first: until then the file node is its child. */
    blockdev_del_error(b.m.qts, "hf", "Block device hf is in use");
    qtest_qmp_assert_success(b.m.qts, "{'execute': 'blockdev-del', "
                             "'arguments': {'node-name': 'hr'}}");
    qtest_qmp_assert_success(b.m.qts, "{'execute': 'blockdev-del', "
                             "'arguments': {'node-name': 'hf'}}");
    blockdev_del_error(b.m.qts, "hf",
                       "Failed to find node with node-name='hf'");
    vt_stop(&b.m);
    unlink(b.path);
    g_free(b.path);
}

static const VariantCase variants[] = {
    { "pc", true },
    { "pc", false },
    { "q35", true },
    { "q35", false },
};

static const BlkCase cases[] = {
    { "pc", false, false },
    { "pc", true, true },
    { "q35", true, false },
    { "q35", false, true },
};

int main(int argc, char **argv)
{
    unsigned i;

    g_test_init(&argc, &argv, NULL);
    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *name = g_strdup_printf(
            "/virtio-blk/%s/io/%s/%s", cases[i].machine,
            cases[i].msix ? "msix" : "intx",
            cases[i].indirect ? "indirect" : "direct");

        g_test_add_data_func(name, &cases[i], test_io);
    }
    g_test_add_func("/virtio-blk/malformed", test_malformed);
    g_test_add_func("/virtio-blk/read-only", test_read_only);
    g_test_add_func("/virtio-blk/resize", test_resize);
    for (i = 0; i < G_N_ELEMENTS(variants); i++) {
        g_autofree char *name = g_strdup_printf(
            "/virtio-blk/%s/transitional/%s", variants[i].machine,
            variants[i].legacy ? "legacy" : "modern");

        g_test_add_data_func(name, &variants[i], test_transitional);
    }
    g_test_add_data_func("/virtio-blk/pc/event-idx", "pc", test_event_idx);
    g_test_add_data_func("/virtio-blk/q35/event-idx", "q35",
                         test_event_idx);
    g_test_add_func("/virtio-blk/num-queues-2", test_two_queues);
    g_test_add_func("/virtio-blk/pc/blockdev-hotplug",
                    test_blockdev_hotplug);
    return g_test_run();
}
