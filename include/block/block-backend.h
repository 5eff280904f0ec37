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
    BlockDriverState *root;     /* child->bs */
    /* The edge to root ("root" child): what the user takes and shares;
     * nothing and everything until blk_set_perm. */
    BdrvChild *child;
    DeviceState *dev;
    const BlockDevOps *dev_ops;
    void *dev_opaque;
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
 * Take the permissions of a disk device on @blk's root node, as qemu's
 * block devices do: "consistent read", and "write" when @write; others
 * may read, resize (the device follows size changes) and write
 * unchanged data, and write when @share_write ("share-rw").  The nodes
 * below the root take their share through their own edges (a raw node
 * writes its file when its users write), and the whole graph is
 * checked: this fails with qemu's "Permission conflict on node ..."
 * message when a user of any node below needs what another does not
 * share, and with "Block node is read-only" when a read-only node would
 * be written.  On failure the permissions stay as they were.  Given
 * back by blk_detach_dev and blk_unref.
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
