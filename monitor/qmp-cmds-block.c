/*
 * Block QMP commands: query-block, block_resize, blockdev-add and
 * blockdev-del, over the block layer (include/block/).
 */
#include "util/osdep.h"
#include "block/blockdev.h"
#include "monitor/qmp.h"

static QDict *block_info(BlockBackend *blk)
{
    BlockDriverState *bs = blk->root;
    QDict *info = qdict_new(), *ins = qdict_new(), *image = qdict_new();
    QDict *cache = qdict_new();
    int64_t len = bdrv_getlength(bs);

    qdict_put_str(info, "device", blk->name);
    qdict_put_bool(info, "locked", false);
    qdict_put_bool(info, "removable", *blk->name != '\0' && !blk->dev);
    qdict_put_str(info, "type", "unknown");
    if (blk->dev) {
        g_autofree char *path = object_get_canonical_path(OBJECT(blk->dev));

        qdict_put_str(info, "qdev", path);
        qdict_put_str(info, "io-status", "ok");
    }
    qdict_put_str(image, "filename", bs->filename ? bs->filename : "");
    qdict_put_str(image, "format", bs->drv->format_name);
    qdict_put_int(image, "virtual-size", len < 0 ? 0 : len);
    qdict_put_bool(image, "dirty-flag", false);
    qdict_put_bool(cache, "writeback", true);
    qdict_put_bool(cache, "direct", bs->cache_direct);
    qdict_put_bool(cache, "no-flush", bs->cache_no_flush);
    qdict_put_str(ins, "file", bs->filename ? bs->filename : "");
    qdict_put_str(ins, "node-name", bs->node_name);
    qdict_put_bool(ins, "ro", bs->read_only);
    qdict_put_str(ins, "drv", bs->drv->format_name);
    qdict_put_int(ins, "backing_file_depth", 0);
    qdict_put_bool(ins, "encrypted", false);
    qdict_put_str(ins, "detect_zeroes", "off");
    qdict_put_int(ins, "bps", 0);
    qdict_put_int(ins, "bps_rd", 0);
    qdict_put_int(ins, "bps_wr", 0);
    qdict_put_int(ins, "iops", 0);
    qdict_put_int(ins, "iops_rd", 0);
    qdict_put_int(ins, "iops_wr", 0);
    qdict_put_int(ins, "write_threshold", 0);
    qdict_put_obj(ins, "cache", QOBJECT(cache));
    qdict_put_obj(ins, "image", QOBJECT(image));
    qdict_put_obj(info, "inserted", QOBJECT(ins));
    return info;
}

static void qmp_query_block(const QDict *args, QObject **ret, Error **errp)
{
    GPtrArray *all = blk_all();
    QList *out = qlist_new();
    guint i;

    for (i = 0; i < all->len; i++) {
        qlist_append_obj(out, QOBJECT(block_info(g_ptr_array_index(all, i))));
    }
    *ret = QOBJECT(out);
}

static void qmp_block_resize(const QDict *args, QObject **ret, Error **errp)
{
    const char *device = qdict_get_try_str(args, "device");
    const char *node = qdict_get_try_str(args, "node-name");
    int64_t size = qdict_get_try_int(args, "size", -1);
    BlockBackend *blk = device ? blk_by_name(device) : NULL;
    BlockDriverState *bs = blk ? blk->root
                           : (node && !device ? bdrv_find_node(node) : NULL);

    if (!bs) {
        error_setg(errp, "Cannot find device='%s' nor node-name='%s'",
                   device ? device : "", node ? node : "");
        return;
    }
    if (size < 0) {
        error_setg(errp, "Parameter 'size' expects a >0 size");
        return;
    }
    if (!bdrv_truncate(bs, size, errp)) {
        return;
    }
    blk_notify_resize(bs);
}

static void qmp_blockdev_add(const QDict *args, QObject **ret, Error **errp)
{
    blockdev_add(args, false, errp);
}

static void qmp_blockdev_del(const QDict *args, QObject **ret, Error **errp)
{
    blockdev_del(qdict_get_try_str(args, "node-name"), errp);
}

static const QmpArgSpec resize_args[] = {
    { "device", QMP_ARG_STR, true },
    { "node-name", QMP_ARG_STR, true },
    { "size", QMP_ARG_INT },
    { NULL }
};

static const QmpArgSpec add_args[] = {
    { "driver", QMP_ARG_STR },
    { NULL }
};

static const QmpArgSpec del_args[] = {
    { "node-name", QMP_ARG_STR },
    { NULL }
};

static void qmp_block_register(void)
{
    qmp_register_command("query-block", qmp_query_block, NULL, 0);
    qmp_register_command("block_resize", qmp_block_resize, resize_args, 0);
    qmp_register_command("blockdev-add", qmp_blockdev_add, add_args,
                         QMP_ARGS_ANY | QMP_ALLOW_PRECONFIG);
    qmp_register_command("blockdev-del", qmp_blockdev_del, del_args,
                         QMP_ALLOW_PRECONFIG);
}

qmp_init(qmp_block_register)
