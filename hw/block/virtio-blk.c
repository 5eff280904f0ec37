/*
 * virtio-blk-device: the virtio block device (device ID 2) over a
 * BlockBackend.  Requests are served synchronously when a queue is
 * kicked; every field of a request is guest-controlled and checked.
 */
#include "util/osdep.h"
#include "util/error.h"
#include "util/error-report.h"
#include "util/module.h"
#include "hw/core/qdev-properties.h"
#include "hw/block/virtio-blk.h"

#define SECTOR_SIZE     512

static inline void stw_le(uint8_t *p, uint16_t v)
{
    p[0] = v;
    p[1] = v >> 8;
}

static inline void stl_le(uint8_t *p, uint32_t v)
{
    stw_le(p, v);
    stw_le(p + 2, v >> 16);
}

static inline void stq_le(uint8_t *p, uint64_t v)
{
    stl_le(p, v);
    stl_le(p + 4, v >> 32);
}

static inline uint32_t ldl_le(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t ldq_le(const uint8_t *p)
{
    return ldl_le(p) | (uint64_t)ldl_le(p + 4) << 32;
}

static uint64_t virtio_blk_capacity(VirtIOBlock *s)
{
    int64_t len = blk_getlength(s->blk);

    return len < 0 ? 0 : (uint64_t)len / SECTOR_SIZE;
}

/*
 * Read (@to_guest) or write the data of a request between the disk at
 * @offset and @len bytes of @iov starting @skip bytes in.
 */
static int virtio_blk_rw(VirtIOBlock *s, struct iovec *iov, unsigned niov,
                         size_t skip, size_t len, uint64_t offset,
                         bool to_guest)
{
    BlockDriverState *bs = blk_bs(s->blk);
    unsigned i;
    int ret;

    for (i = 0; i < niov && len; i++) {
        size_t n;

        if (skip >= iov[i].iov_len) {
            skip -= iov[i].iov_len;
            continue;
        }
        n = MIN(iov[i].iov_len - skip, len);
        if (to_guest) {
            ret = bdrv_pread(bs, offset, (uint8_t *)iov[i].iov_base + skip,
                             n);
        } else {
            ret = bdrv_pwrite(bs, offset,
                              (uint8_t *)iov[i].iov_base + skip, n);
        }
        if (ret < 0) {
            return ret;
        }
        offset += n;
        len -= n;
        skip = 0;
    }
    return 0;
}

/* Whether [sector, sector + bytes) is a valid, aligned range. */
static bool virtio_blk_range_ok(VirtIOBlock *s, uint64_t sector,
                                uint64_t bytes)
{
    uint64_t cap = virtio_blk_capacity(s);
    uint64_t lbs = s->logical_block_size;

    if (bytes % lbs || (sector * SECTOR_SIZE) % lbs) {
        return false;
    }
    if (sector > cap || bytes / SECTOR_SIZE > cap - sector) {
        return false;
    }
    return true;
}

/* DISCARD and WRITE_ZEROES: one segment (max_*_seg is 1). */
static uint8_t virtio_blk_handle_dwz(VirtIOBlock *s, VirtQueueElement *e,
                                     bool wzeroes)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(s);
    uint8_t seg[VIRTIO_BLK_SEGMENT_SIZE];
    size_t size = iov_size(e->out_sg, e->out_num) - VIRTIO_BLK_OUTHDR_SIZE;
    uint64_t sector, bytes;
    uint32_t num, flags, max;
    int ret;

    if (!(vdev->guest_features &
          (1ULL << (wzeroes ? VIRTIO_BLK_F_WRITE_ZEROES
                            : VIRTIO_BLK_F_DISCARD)))) {
        return VIRTIO_BLK_S_UNSUPP;
    }
    if (size != VIRTIO_BLK_SEGMENT_SIZE) {
        /* More than one segment, or a short one. */
        return size > VIRTIO_BLK_SEGMENT_SIZE ? VIRTIO_BLK_S_UNSUPP
                                              : VIRTIO_BLK_S_IOERR;
    }
    iov_to_buf(e->out_sg, e->out_num, VIRTIO_BLK_OUTHDR_SIZE, seg,
               sizeof(seg));
    sector = ldq_le(seg);
    num = ldl_le(seg + 8);
    flags = ldl_le(seg + 12);
    max = wzeroes ? s->max_write_zeroes_sectors : s->max_discard_sectors;
    if (flags & ~(wzeroes ? VIRTIO_BLK_WRITE_ZEROES_FLAG_UNMAP : 0)) {
        return VIRTIO_BLK_S_UNSUPP;
    }
    bytes = (uint64_t)num * SECTOR_SIZE;
    if (num > max || !virtio_blk_range_ok(s, sector, bytes)) {
        return VIRTIO_BLK_S_IOERR;
    }
    if (blk_is_read_only(s->blk)) {
        return VIRTIO_BLK_S_IOERR;
    }
    if (wzeroes) {
        ret = bdrv_pwrite_zeroes(blk_bs(s->blk), sector * SECTOR_SIZE, bytes,
                                 flags & VIRTIO_BLK_WRITE_ZEROES_FLAG_UNMAP);
    } else {
        ret = bdrv_pdiscard(blk_bs(s->blk), sector * SECTOR_SIZE, bytes);
    }
    return ret < 0 ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK;
}

/*
 * Serve one request; returns the bytes written into the guest's
 * buffers (data + status), or -1 when the chain itself is malformed
 * (then the device needs a reset).
 */
static int64_t virtio_blk_handle_request(VirtIOBlock *s, VirtQueueElement *e)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(s);
    uint8_t hdr[VIRTIO_BLK_OUTHDR_SIZE];
    size_t in_len = iov_size(e->in_sg, e->in_num);
    size_t out_len = iov_size(e->out_sg, e->out_num);
    size_t data_in, data_out;
    uint64_t sector;
    uint32_t type;
    uint8_t status = VIRTIO_BLK_S_OK;
    int64_t written = 1;
    int ret;

    if (out_len < VIRTIO_BLK_OUTHDR_SIZE || in_len < 1) {
        virtio_error(vdev, "virtio-blk missing headers");
        return -1;
    }
    iov_to_buf(e->out_sg, e->out_num, 0, hdr, sizeof(hdr));
    type = ldl_le(hdr);
    sector = ldq_le(hdr + 8);
    data_in = in_len - 1;
    data_out = out_len - VIRTIO_BLK_OUTHDR_SIZE;

    switch (type) {
    case VIRTIO_BLK_T_IN:
        if (!virtio_blk_range_ok(s, sector, data_in)) {
            status = VIRTIO_BLK_S_IOERR;
            break;
        }
        ret = virtio_blk_rw(s, e->in_sg, e->in_num, 0, data_in,
                            sector * SECTOR_SIZE, true);
        status = ret < 0 ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK;
        written += data_in;
        break;
    case VIRTIO_BLK_T_OUT:
        if (blk_is_read_only(s->blk) ||
            !virtio_blk_range_ok(s, sector, data_out)) {
            status = VIRTIO_BLK_S_IOERR;
            break;
        }
        ret = virtio_blk_rw(s, e->out_sg, e->out_num,
                            VIRTIO_BLK_OUTHDR_SIZE, data_out,
                            sector * SECTOR_SIZE, false);
        status = ret < 0 ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK;
        break;
    case VIRTIO_BLK_T_FLUSH:
        status = bdrv_flush(blk_bs(s->blk)) < 0 ? VIRTIO_BLK_S_IOERR
                                                : VIRTIO_BLK_S_OK;
        break;
    case VIRTIO_BLK_T_GET_ID: {
        char id[VIRTIO_BLK_ID_BYTES] = { 0 };
        size_t n = MIN(data_in, sizeof(id));

        if (s->serial) {
            memcpy(id, s->serial, MIN(strlen(s->serial), sizeof(id)));
        }
        iov_from_buf(e->in_sg, e->in_num, 0, id, n);
        written += n;
        break;
    }
    case VIRTIO_BLK_T_DISCARD:
    case VIRTIO_BLK_T_WRITE_ZEROES:
        status = virtio_blk_handle_dwz(s, e,
                                       type == VIRTIO_BLK_T_WRITE_ZEROES);
        break;
    default:
        status = VIRTIO_BLK_S_UNSUPP;
        break;
    }
    /* The status is the last byte of the device-writable part. */
    iov_from_buf(e->in_sg, e->in_num, in_len - 1, &status, 1);
    return written;
}

static void virtio_blk_handle_output(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOBlock *s = VIRTIO_BLK(vdev);
    VirtQueueElement *e;
    bool pushed = false;

    if (!s->blk) {
        return;
    }
    while ((e = virtqueue_pop(vq, sizeof(*e)))) {
        int64_t written = virtio_blk_handle_request(s, e);

        if (written < 0) {
            virtqueue_detach_element(vq, e, 0);
            g_free(e);
            break;
        }
        virtqueue_push(vq, e, written);
        g_free(e);
        pushed = true;
    }
    if (pushed) {
        virtio_notify(vdev, vq);
    }
}

static void virtio_blk_get_config(VirtIODevice *vdev, uint8_t *config)
{
    VirtIOBlock *s = VIRTIO_BLK(vdev);
    uint64_t cap = virtio_blk_capacity(s);
    unsigned exp = 0;

    memset(config, 0, VIRTIO_BLK_CFG_SIZE);
    stq_le(config + VIRTIO_BLK_CFG_CAPACITY, cap);
    stl_le(config + VIRTIO_BLK_CFG_SEG_MAX,
           s->seg_max_adjust ? s->queue_size - 2 : 128 - 2);
    stw_le(config + VIRTIO_BLK_CFG_CYLINDERS, s->cyls);
    config[VIRTIO_BLK_CFG_HEADS] = s->heads;
    config[VIRTIO_BLK_CFG_SECTORS] = s->secs;
    stl_le(config + VIRTIO_BLK_CFG_BLK_SIZE, s->logical_block_size);
    while ((s->logical_block_size << exp) < s->physical_block_size) {
        exp++;
    }
    config[VIRTIO_BLK_CFG_PHYS_BLOCK_EXP] = exp;
    stw_le(config + VIRTIO_BLK_CFG_MIN_IO_SIZE,
           s->min_io_size / s->logical_block_size);
    stl_le(config + VIRTIO_BLK_CFG_OPT_IO_SIZE,
           s->opt_io_size / s->logical_block_size);
    config[VIRTIO_BLK_CFG_WRITEBACK] = s->writeback;
    stw_le(config + VIRTIO_BLK_CFG_NUM_QUEUES, s->num_queues);
    stl_le(config + VIRTIO_BLK_CFG_MAX_DISCARD_SECTORS,
           s->max_discard_sectors);
    stl_le(config + VIRTIO_BLK_CFG_MAX_DISCARD_SEG, 1);
    stl_le(config + VIRTIO_BLK_CFG_DISCARD_ALIGN,
           s->logical_block_size / SECTOR_SIZE);
    stl_le(config + VIRTIO_BLK_CFG_MAX_WZ_SECTORS,
           s->max_write_zeroes_sectors);
    stl_le(config + VIRTIO_BLK_CFG_MAX_WZ_SEG, 1);
    config[VIRTIO_BLK_CFG_WZ_MAY_UNMAP] = 1;
}

/* The driver may flip the write cache mode (CONFIG_WCE). */
static void virtio_blk_set_config(VirtIODevice *vdev, const uint8_t *config)
{
    VirtIOBlock *s = VIRTIO_BLK(vdev);

    if (vdev->guest_features & (1ULL << VIRTIO_BLK_F_CONFIG_WCE)) {
        s->writeback = config[VIRTIO_BLK_CFG_WRITEBACK] != 0;
    }
}

static uint64_t virtio_blk_get_features(VirtIODevice *vdev, uint64_t f,
                                        Error **errp)
{
    VirtIOBlock *s = VIRTIO_BLK(vdev);

    f |= 1ULL << VIRTIO_BLK_F_SEG_MAX;
    f |= 1ULL << VIRTIO_BLK_F_GEOMETRY;
    f |= 1ULL << VIRTIO_BLK_F_TOPOLOGY;
    f |= 1ULL << VIRTIO_BLK_F_BLK_SIZE;
    f |= 1ULL << VIRTIO_BLK_F_FLUSH;
    f |= 1ULL << VIRTIO_BLK_F_MQ;
    if (s->config_wce) {
        f |= 1ULL << VIRTIO_BLK_F_CONFIG_WCE;
    }
    if (blk_is_read_only(s->blk)) {
        f |= 1ULL << VIRTIO_BLK_F_RO;
    }
    f |= s->host_features & ((1ULL << VIRTIO_BLK_F_DISCARD) |
                             (1ULL << VIRTIO_BLK_F_WRITE_ZEROES));
    return f;
}

static void virtio_blk_reset(VirtIODevice *vdev)
{
    VirtIOBlock *s = VIRTIO_BLK(vdev);

    s->writeback = true;
}

static void virtio_blk_resize(void *opaque)
{
    virtio_notify_config(VIRTIO_DEVICE(opaque));
}

static const BlockDevOps virtio_blk_dev_ops = {
    .resize_cb = virtio_blk_resize,
};

static bool is_power_of_2(uint64_t v)
{
    return v && !(v & (v - 1));
}

static bool virtio_blk_check_props(VirtIOBlock *s, Error **errp)
{
    if (!s->drive) {
        error_setg(errp, "drive property not set");
        return false;
    }
    if (s->num_queues == 0) {
        error_setg(errp, "num-queues property must be larger than 0");
        return false;
    }
    if (s->queue_size <= 2) {
        error_setg(errp, "invalid queue-size property (%" PRIu16 "), must "
                   "be > 2", s->queue_size);
        return false;
    }
    if (!is_power_of_2(s->queue_size) ||
        s->queue_size > VIRTQUEUE_MAX_SIZE) {
        error_setg(errp, "invalid queue-size property (%" PRIu16 "), must "
                   "be a power of 2 (2 to %d)", s->queue_size,
                   VIRTQUEUE_MAX_SIZE);
        return false;
    }
    if (s->num_queues > VIRTIO_QUEUE_MAX) {
        error_setg(errp, "num-queues property must be at most %d",
                   VIRTIO_QUEUE_MAX);
        return false;
    }
    if (s->logical_block_size < SECTOR_SIZE ||
        s->logical_block_size > 32768 ||
        !is_power_of_2(s->logical_block_size)) {
        error_setg(errp, "Property virtio-blk-device.logical_block_size "
                   "doesn't take value %" PRIu32 " (must be a power of 2 "
                   "between 512 and 32768)", s->logical_block_size);
        return false;
    }
    if (s->physical_block_size < s->logical_block_size ||
        !is_power_of_2(s->physical_block_size) ||
        s->physical_block_size > 32768) {
        error_setg(errp, "physical_block_size must be a power of 2 not "
                   "smaller than logical_block_size");
        return false;
    }
    if (s->max_discard_sectors == 0 ||
        s->max_discard_sectors > VIRTIO_BLK_MAX_SECTORS_DEFAULT) {
        error_setg(errp, "max-discard-sectors property must be between 1 "
                   "and %d", VIRTIO_BLK_MAX_SECTORS_DEFAULT);
        return false;
    }
    if (s->max_write_zeroes_sectors == 0 ||
        s->max_write_zeroes_sectors > VIRTIO_BLK_MAX_SECTORS_DEFAULT) {
        error_setg(errp, "max-write-zeroes-sectors property must be between "
                   "1 and %d", VIRTIO_BLK_MAX_SECTORS_DEFAULT);
        return false;
    }
    return true;
}

static void virtio_blk_realize(DeviceState *dev, Error **errp)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    VirtIOBlock *s = VIRTIO_BLK(dev);
    uint16_t i;

    if (!virtio_blk_check_props(s, errp)) {
        return;
    }
    s->blk = blk_attach_by_ref(s->drive, dev, TYPE_VIRTIO_BLK, errp);
    if (!s->blk) {
        return;
    }
    /* A read-only node makes the device read-only: it never writes. */
    if (!blk_set_perm(s->blk, !blk_is_read_only(s->blk), s->share_rw,
                      errp)) {
        blk_detach_dev(s->blk);
        s->blk = NULL;
        return;
    }
    blk_set_dev_ops(s->blk, &virtio_blk_dev_ops, s);
    virtio_init(vdev, VIRTIO_ID_BLOCK, VIRTIO_BLK_CFG_SIZE);
    s->writeback = true;
    s->vqs = g_new0(VirtQueue *, s->num_queues);
    for (i = 0; i < s->num_queues; i++) {
        s->vqs[i] = virtio_add_queue(vdev, s->queue_size,
                                     virtio_blk_handle_output);
    }
}

static void virtio_blk_unrealize(DeviceState *dev)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    VirtIOBlock *s = VIRTIO_BLK(dev);
    int i;

    for (i = s->num_queues - 1; s->vqs && i >= 0; i--) {
        virtio_del_queue(vdev, i);
    }
    g_free(s->vqs);
    s->vqs = NULL;
    if (s->blk) {
        bdrv_flush(blk_bs(s->blk));
        blk_detach_dev(s->blk);
        s->blk = NULL;
    }
}

static const Property virtio_blk_properties[] = {
    DEFINE_PROP_STRING("drive", VirtIOBlock, drive),
    DEFINE_PROP_STRING("serial", VirtIOBlock, serial),
    DEFINE_PROP_UINT32("logical_block_size", VirtIOBlock,
                       logical_block_size, SECTOR_SIZE),
    DEFINE_PROP_UINT32("physical_block_size", VirtIOBlock,
                       physical_block_size, SECTOR_SIZE),
    DEFINE_PROP_UINT16("min_io_size", VirtIOBlock, min_io_size, 0),
    DEFINE_PROP_UINT32("opt_io_size", VirtIOBlock, opt_io_size, 0),
    DEFINE_PROP_UINT16("cyls", VirtIOBlock, cyls, 0),
    DEFINE_PROP_UINT32("heads", VirtIOBlock, heads, 0),
    DEFINE_PROP_UINT32("secs", VirtIOBlock, secs, 0),
    DEFINE_PROP_BOOL("config-wce", VirtIOBlock, config_wce, true),
    DEFINE_PROP_BOOL("share-rw", VirtIOBlock, share_rw, false),
    DEFINE_PROP_UINT16("num-queues", VirtIOBlock, num_queues, 1),
    DEFINE_PROP_UINT16("queue-size", VirtIOBlock, queue_size,
                       VIRTIO_BLK_DEFAULT_QUEUE_SIZE),
    DEFINE_PROP_BOOL("seg-max-adjust", VirtIOBlock, seg_max_adjust, true),
    DEFINE_PROP_BIT64("discard", VirtIOBlock, host_features,
                      VIRTIO_BLK_F_DISCARD, true),
    DEFINE_PROP_BIT64("write-zeroes", VirtIOBlock, host_features,
                      VIRTIO_BLK_F_WRITE_ZEROES, true),
    DEFINE_PROP_UINT32("max-discard-sectors", VirtIOBlock,
                       max_discard_sectors, VIRTIO_BLK_MAX_SECTORS_DEFAULT),
    DEFINE_PROP_UINT32("max-write-zeroes-sectors", VirtIOBlock,
                       max_write_zeroes_sectors,
                       VIRTIO_BLK_MAX_SECTORS_DEFAULT),
};

static void virtio_blk_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_CLASS(oc);

    device_class_set_props(dc, virtio_blk_properties);
    device_class_set_category(dc, DEVICE_CATEGORY_STORAGE);
    vdc->device_id = VIRTIO_ID_BLOCK;
    vdc->config_len = VIRTIO_BLK_CFG_SIZE;
    vdc->realize = virtio_blk_realize;
    vdc->unrealize = virtio_blk_unrealize;
    vdc->get_features = virtio_blk_get_features;
    vdc->get_config = virtio_blk_get_config;
    vdc->set_config = virtio_blk_set_config;
    vdc->reset = virtio_blk_reset;
}

static const TypeInfo virtio_blk_info = {
    .name = TYPE_VIRTIO_BLK,
    .parent = TYPE_VIRTIO_DEVICE,
    .instance_size = sizeof(VirtIOBlock),
    .class_init = virtio_blk_class_init,
};

static void virtio_blk_register_types(void)
{
    type_register_static(&virtio_blk_info);
}

type_init(virtio_blk_register_types)
