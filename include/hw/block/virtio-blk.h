/*
 * virtio-blk (Virtio 1.2 section 5.2): a block device over a
 * BlockBackend.  Requests carry a 16-byte header (type, reserved,
 * sector), data, and a one-byte status the device writes last.
 */
#ifndef HW_BLOCK_VIRTIO_BLK_H
#define HW_BLOCK_VIRTIO_BLK_H

#include "hw/virtio/virtio.h"
#include "block/block-backend.h"

#define TYPE_VIRTIO_BLK "virtio-blk-device"
#define VIRTIO_BLK(obj) OBJECT_CHECK(VirtIOBlock, (obj), TYPE_VIRTIO_BLK)

/* Feature bits (5.2.3) */
#define VIRTIO_BLK_F_SIZE_MAX       1
#define VIRTIO_BLK_F_SEG_MAX        2
#define VIRTIO_BLK_F_GEOMETRY       4
#define VIRTIO_BLK_F_RO             5
#define VIRTIO_BLK_F_BLK_SIZE       6
#define VIRTIO_BLK_F_SCSI           7   /* legacy */
#define VIRTIO_BLK_F_FLUSH          9
#define VIRTIO_BLK_F_TOPOLOGY       10
#define VIRTIO_BLK_F_CONFIG_WCE     11
#define VIRTIO_BLK_F_MQ             12
#define VIRTIO_BLK_F_DISCARD        13
#define VIRTIO_BLK_F_WRITE_ZEROES   14

/* Request types (5.2.6) */
#define VIRTIO_BLK_T_IN             0
#define VIRTIO_BLK_T_OUT            1
#define VIRTIO_BLK_T_SCSI_CMD       2
#define VIRTIO_BLK_T_FLUSH          4
#define VIRTIO_BLK_T_GET_ID         8
#define VIRTIO_BLK_T_DISCARD        11
#define VIRTIO_BLK_T_WRITE_ZEROES   13

/* Status byte */
#define VIRTIO_BLK_S_OK             0
#define VIRTIO_BLK_S_IOERR          1
#define VIRTIO_BLK_S_UNSUPP         2

/* Discard / write-zeroes segment flags */
#define VIRTIO_BLK_WRITE_ZEROES_FLAG_UNMAP  1

#define VIRTIO_BLK_ID_BYTES         20
#define VIRTIO_BLK_OUTHDR_SIZE      16
#define VIRTIO_BLK_SEGMENT_SIZE     16  /* le64 sector, le32 num, le32 flags */

/* Configuration layout (5.2.4), byte offsets */
#define VIRTIO_BLK_CFG_CAPACITY         0
#define VIRTIO_BLK_CFG_SIZE_MAX         8
#define VIRTIO_BLK_CFG_SEG_MAX          12
#define VIRTIO_BLK_CFG_CYLINDERS        16
#define VIRTIO_BLK_CFG_HEADS            18
#define VIRTIO_BLK_CFG_SECTORS          19
#define VIRTIO_BLK_CFG_BLK_SIZE         20
#define VIRTIO_BLK_CFG_PHYS_BLOCK_EXP   24
#define VIRTIO_BLK_CFG_ALIGN_OFFSET     25
#define VIRTIO_BLK_CFG_MIN_IO_SIZE      26
#define VIRTIO_BLK_CFG_OPT_IO_SIZE      28
#define VIRTIO_BLK_CFG_WRITEBACK        32
#define VIRTIO_BLK_CFG_NUM_QUEUES       34
#define VIRTIO_BLK_CFG_MAX_DISCARD_SECTORS  36
#define VIRTIO_BLK_CFG_MAX_DISCARD_SEG      40
#define VIRTIO_BLK_CFG_DISCARD_ALIGN        44
#define VIRTIO_BLK_CFG_MAX_WZ_SECTORS       48
#define VIRTIO_BLK_CFG_MAX_WZ_SEG           52
#define VIRTIO_BLK_CFG_WZ_MAY_UNMAP         56
#define VIRTIO_BLK_CFG_SIZE                 60

/* qemu's defaults */
#define VIRTIO_BLK_DEFAULT_QUEUE_SIZE   256
#define VIRTIO_BLK_MAX_SECTORS_DEFAULT  0x3fffff

typedef struct VirtIOBlock {
    VirtIODevice parent_obj;

    BlockBackend *blk;
    /* Properties */
    char *drive;
    char *serial;
    uint32_t logical_block_size;
    uint32_t physical_block_size;
    uint16_t min_io_size;
    uint32_t opt_io_size;
    uint16_t num_queues;
    uint16_t queue_size;
    bool seg_max_adjust;
    bool config_wce;
    bool share_rw;
    uint64_t host_features;     /* discard / write-zeroes bits */
    uint32_t max_discard_sectors;
    uint32_t max_write_zeroes_sectors;
    uint16_t cyls;
    uint32_t heads, secs;

    bool writeback;             /* guest-set through config-wce */
    VirtQueue **vqs;
} VirtIOBlock;

#endif
