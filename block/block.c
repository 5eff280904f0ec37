/*
 * The block layer core: the driver table, opening nodes from options,
 * node names and reference counts, and the checked I/O entry points.
 * Permissions between nodes are in block/block-perm.c.
 */
#include "util/osdep.h"
#include "util/error.h"
#include "block/block.h"

/* Every driver Corvid has; qcow2 and friends join here. */
static const BlockDriver *const block_drivers[] = {
    &bdrv_file,
    &bdrv_raw,
};

/* All open nodes, in creation order. */
static GPtrArray *all_nodes;
static unsigned next_auto_name;

const BlockDriver *bdrv_find_format(const char *name)
{
    unsigned i;

    for (i = 0; name && i < G_N_ELEMENTS(block_drivers); i++) {
        if (!strcmp(block_drivers[i]->format_name, name)) {
            return block_drivers[i];
        }
    }
    return NULL;
}

GPtrArray *bdrv_all_nodes(void)
{
    if (!all_nodes) {
        all_nodes = g_ptr_array_new();
    }
    return all_nodes;
}

BlockDriverState *bdrv_find_node(const char *node_name)
{
    GPtrArray *nodes = bdrv_all_nodes();
    guint i;

    for (i = 0; node_name && i < nodes->len; i++) {
        BlockDriverState *bs = g_ptr_array_index(nodes, i);

        if (!strcmp(bs->node_name, node_name)) {
            return bs;
        }
    }
    return NULL;
}

/* Whether some edge into @bs has (@node true) or lacks a node parent. */
static bool has_parent_of_kind(BlockDriverState *bs, bool node)
{
    guint i;

    for (i = 0; i < bs->parents->len; i++) {
        BdrvChild *c = g_ptr_array_index(bs->parents, i);

        if (!c->parent_bs == !node) {
            return true;
        }
    }
    return false;
}

bool bdrv_has_node_parent(BlockDriverState *bs)
{
    return has_parent_of_kind(bs, true);
}

bool bdrv_has_root_parent(BlockDriverState *bs)
{
    return has_parent_of_kind(bs, false);
}

/* qemu's rule for user node names: a letter first, then letters,
 * digits, '-', '.' and '_', at most 31 characters. */
static bool node_name_valid(const char *name)
{
    const char *p;

    if (!g_ascii_isalpha(name[0]) || strlen(name) > 31) {
        return false;
    }
    for (p = name; *p; p++) {
        if (!g_ascii_isalnum(*p) && *p != '-' && *p != '.' && *p != '_') {
            return false;
        }
    }
    return true;
}

bool bdrv_opt_bool(QDict *opts, const char *key, bool keyval, bool def,
                   bool *out, Error **errp)
{
    QObject *v = qdict_get(opts, key);
    QInput in;

    *out = def;
    if (!v) {
        return true;
    }
    in = (QInput){ .obj = v, .keyval = keyval };
    if (!qinput_get_bool(&in, key, out, errp)) {
        return false;
    }
    qdict_del(opts, key);
    return true;
}

bool bdrv_opt_size(QDict *opts, const char *key, bool keyval, uint64_t def,
                   uint64_t *out, Error **errp)
{
    QObject *v = qdict_get(opts, key);
    QInput in;

    *out = def;
    if (!v) {
        return true;
    }
    in = (QInput){ .obj = v, .keyval = keyval };
    if (!qinput_get_size(&in, key, out, errp)) {
        return false;
    }
    qdict_del(opts, key);
    return true;
}

const char *bdrv_opt_str(QDict *opts, const char *key, bool keyval,
                         Error **errp)
{
    QObject *v = qdict_get(opts, key);
    QInput in;
    const char *s;

    if (!v) {
        return NULL;
    }
    in = (QInput){ .obj = v, .keyval = keyval };
    s = qinput_get_str(&in, key, errp);
    /* The string stays alive: the dict keeps the value until freed. */
    return s;
}

/* "discard": ignore/off or unmap/on. */
static bool parse_discard(QDict *opts, bool *unmap, Error **errp)
{
    static const char *const values[] = { "ignore", "off", "unmap", "on",
                                          NULL };
    QObject *v = qdict_get(opts, "discard");
    QInput in;
    int idx;

    *unmap = false;
    if (!v) {
        return true;
    }
    in = (QInput){ .obj = v, .keyval = true };
    if (!qinput_get_enum(&in, "discard", values, &idx, errp)) {
        return false;
    }
    *unmap = idx >= 2;
    qdict_del(opts, "discard");
    return true;
}

/* "cache": {"direct": bool, "no-flush": bool} */
static bool parse_cache(BlockDriverState *bs, QDict *opts, bool keyval,
                        Error **errp)
{
    QObject *v = qdict_get(opts, "cache");
    QDict *cache;

    if (!v) {
        return true;
    }
    cache = qobject_to(QDict, v);
    if (!cache) {
        error_setg(errp, "Invalid parameter type for 'cache', expected: "
                   "object");
        return false;
    }
    if (!bdrv_opt_bool(cache, "direct", keyval, false, &bs->cache_direct,
                       errp) ||
        !bdrv_opt_bool(cache, "no-flush", keyval, false,
                       &bs->cache_no_flush, errp)) {
        return false;
    }
    if (qdict_size(cache)) {
        error_setg(errp, "Parameter 'cache.%s' is unexpected",
                   qdict_entry_key(qdict_first(cache)));
        return false;
    }
    qdict_del(opts, "cache");
    return true;
}

/* Accepted for compatibility, with the values qemu takes. */
static bool parse_ignored(QDict *opts, bool keyval, Error **errp)
{
    static const char *const dz[] = { "off", "on", "unmap", NULL };
    bool b;
    int idx;

    if (!bdrv_opt_bool(opts, "auto-read-only", keyval, false, &b, errp) ||
        !bdrv_opt_bool(opts, "force-share", keyval, false, &b, errp)) {
        return false;
    }
    if (qdict_get(opts, "detect-zeroes")) {
        QInput in = { .obj = qdict_get(opts, "detect-zeroes"),
                      .keyval = true };

        if (!qinput_get_enum(&in, "detect-zeroes", dz, &idx, errp)) {
            return false;
        }
        qdict_del(opts, "detect-zeroes");
    }
    return true;
}

/* The "file" child: a reference by node-name or inline options.  The
 * node comes with one reference for the caller. */
static BlockDriverState *open_file_child(QDict *opts, bool keyval,
                                         bool read_only, Error **errp)
{
    QObject *v = qdict_get(opts, "file");
    BlockDriverState *child;

    if (!v) {
        error_setg(errp, "Parameter 'file' is missing");
        return NULL;
    }
    if (qobject_type(v) == QTYPE_QSTRING) {
        const char *ref = qstring_get_str(qobject_to(QString, v));

        child = bdrv_find_node(ref);
        if (!child) {
            error_setg(errp, "Cannot find device='%s' nor node-name='%s'",
                       ref, ref);
            return NULL;
        }
        bdrv_ref(child);
    } else if (qobject_type(v) == QTYPE_QDICT) {
        g_autoptr(QDict) sub = qdict_clone_shallow(qobject_to(QDict, v));

        if (read_only && !qdict_haskey(sub, "read-only")) {
            qdict_put_bool(sub, "read-only", true);
        }
        child = bdrv_open_opts(sub, keyval, false, errp);
        if (!child) {
            return NULL;
        }
    } else {
        error_setg(errp, "Invalid parameter type for 'file', expected: "
                   "BlockdevRef");
        return NULL;
    }
    qdict_del(opts, "file");
    return child;
}

static void bdrv_close(BlockDriverState *bs)
{
    if (bs->drv && bs->drv->close) {
        bs->drv->close(bs);
    }
    if (bs->file) {
        BdrvChild *c = bs->file;

        bs->file = NULL;
        bdrv_detach_child(c);
    }
    /* Every user held a reference: none can be left. */
    g_assert(bs->parents->len == 0);
    g_ptr_array_free(bs->parents, true);
    g_free(bs->opaque);
    g_free(bs->node_name);
    g_free(bs->filename);
    g_free(bs);
}

BlockDriverState *bdrv_open_opts(const QDict *in_opts, bool keyval,
                                 bool need_node_name, Error **errp)
{
    g_autoptr(QDict) opts = qdict_clone_shallow(in_opts);
    const char *driver, *node_name;
    const BlockDriver *drv;
    BlockDriverState *bs;

    driver = bdrv_opt_str(opts, "driver", keyval, errp);
    if (!driver) {
        if (!qdict_haskey(opts, "driver")) {
            error_setg(errp, "Parameter 'driver' is missing");
        }
        return NULL;
    }
    drv = bdrv_find_format(driver);
    if (!drv) {
        error_setg(errp, "Parameter 'driver' does not accept value '%s'",
                   driver);
        return NULL;
    }
    node_name = NULL;
    if (qdict_haskey(opts, "node-name")) {
        node_name = bdrv_opt_str(opts, "node-name", keyval, errp);
        if (!node_name) {
            return NULL;
        }
        if (!node_name_valid(node_name)) {
            error_setg(errp, "Invalid node-name: '%s'", node_name);
            return NULL;
        }
        if (bdrv_find_node(node_name)) {
            error_setg(errp, "Duplicate nodes with node-name='%s'",
                       node_name);
            return NULL;
        }
    } else if (need_node_name) {
        error_setg(errp, "'node-name' must be specified for the root node");
        return NULL;
    }

    bs = g_new0(BlockDriverState, 1);
    bs->drv = drv;
    bs->refcnt = 1;
    bs->parents = g_ptr_array_new();
    bs->node_name = node_name ? g_strdup(node_name)
                              : g_strdup_printf("#block%u", next_auto_name++);
    qdict_del(opts, "driver");
    qdict_del(opts, "node-name");
    if (!bdrv_opt_bool(opts, "read-only", keyval, false, &bs->read_only,
                       errp) ||
        !parse_discard(opts, &bs->discard_unmap, errp) ||
        !parse_cache(bs, opts, keyval, errp) ||
        !parse_ignored(opts, keyval, errp)) {
        goto fail;
    }
    if (drv->has_file_child) {
        BlockDriverState *file = open_file_child(opts, keyval,
                                                 bs->read_only, errp);

        if (!file) {
            goto fail;
        }
        /*
         * A writable node over a read-only one opens, as in qemu: it
         * fails only when a user wants to write through it.
         */
        bs->file = bdrv_attach_child(bs, file, "file");
        bdrv_unref(file);       /* the edge holds it now */
        bs->filename = g_strdup(file->filename);
    }
    bs->opaque = drv->instance_size ? g_malloc0(drv->instance_size) : NULL;
    if (!drv->open(bs, opts, keyval, errp)) {
        /* The driver cleaned up after itself. */
        bs->drv = NULL;
        goto fail;
    }
    if (qdict_size(opts)) {
        error_setg(errp, "Parameter '%s' is unexpected",
                   qdict_entry_key(qdict_first(opts)));
        goto fail;
    }
    /* Now the driver knows what it takes on its child (raw's window). */
    g_ptr_array_add(bdrv_all_nodes(), bs);
    if (!bdrv_refresh_perms(errp)) {
        g_ptr_array_remove(bdrv_all_nodes(), bs);
        goto fail;
    }
    return bs;

fail:
    bdrv_close(bs);
    return NULL;
}

void bdrv_ref(BlockDriverState *bs)
{
    bs->refcnt++;
}

void bdrv_unref(BlockDriverState *bs)
{
    if (!bs) {
        return;
    }
    g_assert(bs->refcnt > 0);
    if (--bs->refcnt) {
        return;
    }
    g_ptr_array_remove(bdrv_all_nodes(), bs);
    bdrv_close(bs);
}

int64_t bdrv_getlength(BlockDriverState *bs)
{
    return bs->drv->getlength(bs);
}

/* -EIO for requests past the end, -EINVAL for absurd ones. */
static int check_range(BlockDriverState *bs, uint64_t offset, uint64_t bytes)
{
    int64_t len = bdrv_getlength(bs);

    if (len < 0) {
        return (int)len;
    }
    if (offset > BDRV_MAX_LENGTH || bytes > BDRV_MAX_LENGTH - offset) {
        return -EINVAL;
    }
    if (offset + bytes > (uint64_t)len) {
        return -EIO;
    }
    return 0;
}

int bdrv_pread(BlockDriverState *bs, uint64_t offset, void *buf,
               size_t bytes)
{
    int ret = check_range(bs, offset, bytes);

    return ret ? ret : bs->drv->pread(bs, offset, buf, bytes);
}

int bdrv_pwrite(BlockDriverState *bs, uint64_t offset, const void *buf,
                size_t bytes)
{
    int ret;

    if (bs->read_only) {
        return -EACCES;
    }
    ret = check_range(bs, offset, bytes);
    return ret ? ret : bs->drv->pwrite(bs, offset, buf, bytes);
}

int bdrv_flush(BlockDriverState *bs)
{
    if (bs->cache_no_flush || !bs->drv->flush) {
        return 0;
    }
    return bs->drv->flush(bs);
}

int bdrv_pdiscard(BlockDriverState *bs, uint64_t offset, uint64_t bytes)
{
    int ret;

    if (bs->read_only) {
        return -EACCES;
    }
    ret = check_range(bs, offset, bytes);
    if (ret) {
        return ret;
    }
    if (!bs->discard_unmap || !bs->drv->discard) {
        return 0;
    }
    return bs->drv->discard(bs, offset, bytes);
}

int bdrv_pwrite_zeroes(BlockDriverState *bs, uint64_t offset,
                       uint64_t bytes, bool may_unmap)
{
    int ret;

    if (bs->read_only) {
        return -EACCES;
    }
    ret = check_range(bs, offset, bytes);
    if (ret) {
        return ret;
    }
    return bs->drv->write_zeroes(bs, offset, bytes,
                                 may_unmap && bs->discard_unmap);
}

static bool do_truncate(BlockDriverState *bs, uint64_t size, Error **errp)
{
    if (bs->read_only) {
        error_setg(errp, "Image is read-only");
        return false;
    }
    if (size > BDRV_MAX_LENGTH) {
        error_setg(errp, "Value '%" PRIu64 "' is out of range", size);
        return false;
    }
    if (!bs->drv->truncate) {
        error_setg(errp, "Image format driver does not support resize");
        return false;
    }
    return bs->drv->truncate(bs, size, errp);
}

bool bdrv_truncate(BlockDriverState *bs, uint64_t size, Error **errp)
{
    BdrvChild *c;
    bool ok;

    /* qemu's block_resize: an anonymous user that only resizes. */
    c = bdrv_root_attach_child(bs, "root", BLK_PERM_RESIZE, BLK_PERM_ALL,
                               NULL, NULL, errp);
    if (!c) {
        return false;
    }
    ok = do_truncate(bs, size, errp);
    bdrv_detach_child(c);
    return ok;
}

bool bdrv_child_truncate(BdrvChild *child, uint64_t size, Error **errp)
{
    /* The resize came down from a user that holds the permission. */
    g_assert(child->perm & BLK_PERM_RESIZE);
    return do_truncate(child->bs, size, errp);
}

bool bdrv_chain_contains(BlockDriverState *bs, BlockDriverState *node)
{
    while (bs) {
        if (bs == node) {
            return true;
        }
        bs = bs->file ? bs->file->bs : NULL;
    }
    return false;
}
