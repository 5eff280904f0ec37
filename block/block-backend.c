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
    blk->root = bs;
    bdrv_ref(bs);
    g_ptr_array_add(blk_all(), blk);
    return blk;
}

/* Give back what blk_set_perm took. */
static void blk_release_perm(BlockBackend *blk)
{
    if (!blk->perm_taken) {
        return;
    }
    if (blk->perm_write) {
        blk->root->perm_writers--;
    }
    if (!blk->perm_share_write) {
        blk->root->perm_unshared_writers--;
    }
    blk->perm_taken = false;
}

void blk_unref(BlockBackend *blk)
{
    if (!blk) {
        return;
    }
    blk_release_perm(blk);
    g_ptr_array_remove(blk_all(), blk);
    bdrv_unref(blk->root);
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
    }
    blk->dev = dev;
    return blk;
}

/* How qemu names a permission holder: the device's QOM path. */
static char *blk_perm_user(BlockBackend *blk)
{
    g_autofree char *path = NULL;

    if (blk->dev) {
        path = object_get_canonical_path(OBJECT(blk->dev));
    }
    return g_strdup_printf("block device '%s' (uses node '%s' as 'root' "
                           "child)", path ? path : blk->name,
                           blk->root->node_name);
}

/* The first other backend on @blk's root that conflicts as asked. */
static BlockBackend *blk_find_conflict(BlockBackend *blk, bool other_writes)
{
    GPtrArray *all = blk_all();
    guint i;

    for (i = 0; i < all->len; i++) {
        BlockBackend *o = g_ptr_array_index(all, i);

        if (o == blk || o->root != blk->root || !o->perm_taken) {
            continue;
        }
        if (other_writes ? o->perm_write : !o->perm_share_write) {
            return o;
        }
    }
    return NULL;
}

static void blk_perm_error(BlockBackend *needs, BlockBackend *unshares,
                           Error **errp)
{
    g_autofree char *a = blk_perm_user(needs);
    g_autofree char *b = blk_perm_user(unshares);

    error_setg(errp, "Permission conflict on node '%s': permissions "
               "'write' are both required by %s and unshared by %s.",
               needs->root->node_name, a, b);
}

bool blk_set_perm(BlockBackend *blk, bool write, bool share_write,
                  Error **errp)
{
    BlockDriverState *bs = blk->root;
    BlockBackend *o;

    blk_release_perm(blk);
    /* Someone already writes, and we would forbid that. */
    if (!share_write && bs->perm_writers > 0) {
        o = blk_find_conflict(blk, true);
        g_assert(o);
        blk_perm_error(o, blk, errp);
        return false;
    }
    /* We would write, and someone already forbids that. */
    if (write && bs->perm_unshared_writers > 0) {
        o = blk_find_conflict(blk, false);
        g_assert(o);
        blk_perm_error(blk, o, errp);
        return false;
    }
    blk->perm_taken = true;
    blk->perm_write = write;
    blk->perm_share_write = share_write;
    if (write) {
        bs->perm_writers++;
    }
    if (!share_write) {
        bs->perm_unshared_writers++;
    }
    return true;
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
