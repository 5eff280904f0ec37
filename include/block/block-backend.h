/*
 * BlockBackend: what a device attaches to.  A backend holds one
 * reference to its root node.  Named backends come from -drive (the
 * name is the drive's id); a device given a node-name in "drive=" gets
 * an anonymous backend of its own, as qemu does.  A backend serves at
 * most one device.
 */
#ifndef BLOCK_BLOCK_BACKEND_H
#define BLOCK_BLOCK_BACKEND_H

#include "block/block.h"
#include "hw/core/qdev.h"

typedef struct BlockBackend BlockBackend;

/* Callbacks from the block layer to the device using a backend. */
typedef struct BlockDevOps {
    /* The size of the root node changed (block_resize). */
    void (*resize_cb)(void *opaque);
} BlockDevOps;

struct BlockBackend {
    char *name;                 /* "" for anonymous backends */
    BlockDriverState *root;
    DeviceState *dev;
    const BlockDevOps *dev_ops;
    void *dev_opaque;
    /* The write permissions taken on root by blk_set_perm. */
    bool perm_taken;
    bool perm_write;            /* the user writes */
    bool perm_share_write;      /* others may write too ("share-rw") */
};

/* A backend named @name over @bs (takes a new reference to @bs). */
BlockBackend *blk_new_named(const char *name, BlockDriverState *bs,
                            Error **errp);
void blk_unref(BlockBackend *blk);
BlockBackend *blk_by_name(const char *name);
/* Every backend (borrowed), for query-block. */
GPtrArray *blk_all(void);

/*
 * The backend for a device's "drive=@ref": the -drive of that id, or a
 * new anonymous backend over the node named @ref.  The device is
 * attached; errors use qemu's wording for property @prop_owner.drive.
 */
BlockBackend *blk_attach_by_ref(const char *ref, DeviceState *dev,
                                const char *prop_owner, Error **errp);
/* Undo blk_attach_by_ref (anonymous backends go away). */
void blk_detach_dev(BlockBackend *blk);
/*
 * Take the write permissions of @blk's user on its root node: @write
 * when it writes, @share_write when others may write at the same time.
 * Fails with qemu's "Permission conflict" message when another backend
 * on the node writes and @blk does not share that, or @blk writes and
 * another backend does not share it.  Released by blk_detach_dev and
 * blk_unref.  Only the node a backend is attached to is checked, not
 * the nodes below it.
 */
bool blk_set_perm(BlockBackend *blk, bool write, bool share_write,
                  Error **errp);
void blk_set_dev_ops(BlockBackend *blk, const BlockDevOps *ops,
                     void *opaque);

/* Tell the devices above @bs that its size changed. */
void blk_notify_resize(BlockDriverState *bs);

static inline BlockDriverState *blk_bs(BlockBackend *blk)
{
    return blk->root;
}

static inline bool blk_is_read_only(BlockBackend *blk)
{
    return blk->root->read_only;
}

static inline int64_t blk_getlength(BlockBackend *blk)
{
    return bdrv_getlength(blk->root);
}

#endif
