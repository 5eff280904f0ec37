/*
 * BlockBackend: the attachment point between devices and the node graph
 * (see include/block/block-backend.h).
 */
#include "util/osdep.h"
#include "util/error.h"
#include "block/block-backend.h"
#include "qom/object.h"

static GPtrArray *backends;

GPtrArray *blk_all(void)
{
    if (!backends) {
        backends = g_ptr_array_new();
    }
    return backends;
}

BlockBackend *blk_by_name(const char *name)
{
    GPtrArray *all = blk_all();
    guint i;

    for (i = 0; name && *name && i < all->len; i++) {
        BlockBackend *blk = g_ptr_array_index(all, i);

        if (!strcmp(blk->name, name)) {
            return blk;
        }
    }
    return NULL;
}

/*
 * How qemu names a backend in permission messages: by its name, else by
 * the device using it (its QOM path), else as unnamed.
 */
static char *blk_parent_desc(void *opaque)
{
    BlockBackend *blk = opaque;
    g_autofree char *path = NULL;

    if (*blk->name) {
        return g_strdup_printf("block device '%s'", blk->name);
    }
    if (blk->dev) {
        path = object_get_canonical_path(OBJECT(blk->dev));
        return g_strdup_printf("block device '%s'", path);
    }
    return g_strdup("an unnamed block device");
}

BlockBackend *blk_new_named(const char *name, BlockDriverState *bs,
                            Error **errp)
{
    BlockBackend *blk;

    if (name && *name && blk_by_name(name)) {
        error_setg(errp, "Duplicate ID '%s' for drive", name);
        return NULL;
    }
    if (name && *name && bdrv_find_node(name)) {
        error_setg(errp, "Device name '%s' conflicts with an existing node "
                   "name", name);
        return NULL;
    }
    blk = g_new0(BlockBackend, 1);
    blk->name = g_strdup(name ? name : "");
    /* Taking nothing, the backend cannot conflict yet. */
    blk->child = bdrv_root_attach_child(bs, "root", 0, BLK_PERM_ALL,
                                        blk_parent_desc, blk, errp);
    if (!blk->child) {
        g_free(blk->name);
        g_free(blk);
        return NULL;
    }
    blk->root = bs;
    g_ptr_array_add(blk_all(), blk);
    return blk;
}

/* Give back what blk_set_perm took (taking less never fails). */
static void blk_release_perm(BlockBackend *blk)
{
    bdrv_child_set_perm(blk->child, 0, BLK_PERM_ALL, &error_abort);
}

void blk_unref(BlockBackend *blk)
{
    if (!blk) {
        return;
    }
    g_ptr_array_remove(blk_all(), blk);
    bdrv_detach_child(blk->child);
    g_free(blk->name);
    g_free(blk);
}

BlockBackend *blk_attach_by_ref(const char *ref, DeviceState *dev,
                                const char *prop_owner, Error **errp)
{
    BlockBackend *blk = blk_by_name(ref);
    BlockDriverState *bs;

    if (blk) {
        if (blk->dev) {
            error_setg(errp, "Drive '%s' is already in use by another "
                       "device", ref);
            return NULL;
        }
    } else {
        bs = bdrv_find_node(ref);
        if (!bs) {
            error_setg(errp, "Property '%s.drive' can't find value '%s'",
                       prop_owner, ref);
            return NULL;
        }
        blk = blk_new_named("", bs, errp);
        if (!blk) {
            return NULL;
        }
    }
    blk->dev = dev;
    return blk;
}

bool blk_set_perm(BlockBackend *blk, bool write, bool share_write,
                  Error **errp)
{
    unsigned perm = BLK_PERM_CONSISTENT_READ;
    unsigned shared = BLK_PERM_CONSISTENT_READ | BLK_PERM_WRITE_UNCHANGED |
                      BLK_PERM_RESIZE;

    if (write) {
        perm |= BLK_PERM_WRITE;
    }
    if (share_write) {
        shared |= BLK_PERM_WRITE;
    }
    return bdrv_child_set_perm(blk->child, perm, shared, errp);
}

void blk_detach_dev(BlockBackend *blk)
{
    blk_release_perm(blk);
    blk->dev = NULL;
    blk->dev_ops = NULL;
    blk->dev_opaque = NULL;
    if (!*blk->name) {
        blk_unref(blk);
    }
}

void blk_set_dev_ops(BlockBackend *blk, const BlockDevOps *ops,
                     void *opaque)
{
    blk->dev_ops = ops;
    blk->dev_opaque = opaque;
}

void blk_notify_resize(BlockDriverState *bs)
{
    GPtrArray *all = blk_all();
    guint i;

    for (i = 0; i < all->len; i++) {
        BlockBackend *blk = g_ptr_array_index(all, i);

        if (blk->dev_ops && blk->dev_ops->resize_cb &&
            bdrv_chain_contains(blk->root, bs)) {
            blk->dev_ops->resize_cb(blk->dev_opaque);
        }
    }
}
