/*
 * -blockdev and -drive (see include/block/blockdev.h).
 *
 * -blockdev takes key=value options or JSON and makes one node tree with
 * a node-name; -drive file=F,if=none,format=raw,id=D makes a raw node
 * over a file node and a BlockBackend named D that a device's "drive="
 * finds.  Both are created after -object and before the machine's
 * devices: every -blockdev in command-line order, then every -drive.
 */
#include "util/osdep.h"
#include "util/error.h"
#include "util/error-report.h"
#include "util/keyval.h"
#include "qobject/qjson.h"
#include "block/blockdev.h"

typedef struct BlockOpt {
    int argv_index;
    bool is_drive;
    bool keyval;
    QDict *opts;
} BlockOpt;

static GPtrArray *pending;
/* Nodes created by -blockdev / blockdev-add: one reference each. */
static GPtrArray *monitor_nodes;
static unsigned drive_auto_index;

static void block_opt_free(gpointer p)
{
    BlockOpt *o = p;

    qobject_unref(o->opts);
    g_free(o);
}

static GPtrArray *pending_list(void)
{
    if (!pending) {
        pending = g_ptr_array_new_with_free_func(block_opt_free);
    }
    return pending;
}

bool blockdev_cmdline_add(const char *optname, const char *arg,
                          int argv_index, Error **errp)
{
    bool is_drive = !strcmp(optname + strspn(optname, "-"), "drive");
    BlockOpt *o;
    QDict *opts;
    bool keyval = true;
    guint i;

    if (!is_drive && arg[0] == '{') {
        QObject *obj = qobject_from_json(arg, errp);

        if (!obj) {
            return false;
        }
        opts = qobject_to(QDict, obj);
        if (!opts) {
            error_setg(errp, "JSON value must be an object");
            qobject_unref(obj);
            return false;
        }
        keyval = false;
    } else {
        opts = keyval_parse(arg, is_drive ? "file" : NULL, NULL, 0, errp);
        if (!opts) {
            return false;
        }
    }
    if (is_drive && qdict_get_try_str(opts, "id")) {
        const char *id = qdict_get_try_str(opts, "id");

        for (i = 0; i < pending_list()->len; i++) {
            BlockOpt *p = g_ptr_array_index(pending_list(), i);

            if (p->is_drive &&
                !g_strcmp0(qdict_get_try_str(p->opts, "id"), id)) {
                error_setg(errp, "Duplicate ID '%s' for drive", id);
                qobject_unref(opts);
                return false;
            }
        }
    }
    o = g_new0(BlockOpt, 1);
    o->argv_index = argv_index;
    o->is_drive = is_drive;
    o->keyval = keyval;
    o->opts = opts;
    g_ptr_array_add(pending_list(), o);
    return true;
}

/* Create the recorded -drive (@drives) or -blockdev options in order. */
static bool create_pending_kind(const Cmdline *cl, bool drives)
{
    GPtrArray *list = pending_list();
    guint i;

    for (i = 0; i < list->len; i++) {
        BlockOpt *o = g_ptr_array_index(list, i);
        Error *err = NULL;
        bool ok;

        if (o->is_drive != drives) {
            continue;
        }
        cmdline_set_location(cl, o->argv_index);
        if (o->is_drive) {
            ok = drive_new(o->opts, &err) != NULL;
        } else {
            ok = blockdev_add(o->opts, o->keyval, &err) != NULL;
        }
        if (!ok) {
            error_report_err(err);
            loc_set_none();
            return false;
        }
    }
    loc_set_none();
    return true;
}

bool blockdev_create_pending(const Cmdline *cl)
{
    /*
     * Every -blockdev before any -drive, as qemu does: a -blockdev
     * cannot refer to a -drive's node, and its errors come first.
     */
    if (!create_pending_kind(cl, false) || !create_pending_kind(cl, true)) {
        return false;
    }
    blockdev_pending_free();
    return true;
}

void blockdev_pending_free(void)
{
    if (pending) {
        g_ptr_array_free(pending, true);
        pending = NULL;
    }
}

BlockDriverState *blockdev_add(const QDict *opts, bool keyval, Error **errp)
{
    BlockDriverState *bs = bdrv_open_opts(opts, keyval, true, errp);

    if (!bs) {
        return NULL;
    }
    if (!monitor_nodes) {
        monitor_nodes = g_ptr_array_new();
    }
    g_ptr_array_add(monitor_nodes, bs);
    return bs;
}

bool blockdev_del(const char *node_name, Error **errp)
{
    BlockDriverState *bs = bdrv_find_node(node_name);

    if (!bs) {
        error_setg(errp, "Failed to find node with node-name='%s'",
                   node_name);
        return false;
    }
    /* qemu's checks, in its order: a backend (device) first... */
    if (bdrv_has_root_parent(bs)) {
        error_setg(errp, "Node %s is in use", node_name);
        return false;
    }
    if (!monitor_nodes || !g_ptr_array_find(monitor_nodes, bs, NULL)) {
        error_setg(errp, "Node %s is not owned by the monitor", node_name);
        return false;
    }
    /* ...then any other reference: another node's child. */
    if (bs->refcnt > 1) {
        error_setg(errp, "Block device %s is in use", node_name);
        return false;
    }
    g_ptr_array_remove(monitor_nodes, bs);
    bdrv_unref(bs);
    return true;
}

/* "cache=" of -drive, as the two cache flags. */
static bool drive_cache_mode(const char *mode, bool *direct, bool *no_flush,
                             Error **errp)
{
    static const struct {
        const char *name;
        bool direct, no_flush;
    } modes[] = {
        { "writeback", false, false },
        { "writethrough", false, false },
        { "none", true, false },
        { "off", true, false },
        { "directsync", true, false },
        { "unsafe", false, true },
    };
    unsigned i;

    for (i = 0; i < G_N_ELEMENTS(modes); i++) {
        if (!strcmp(modes[i].name, mode)) {
            *direct = modes[i].direct;
            *no_flush = modes[i].no_flush;
            return true;
        }
    }
    error_setg(errp, "invalid cache option");
    return false;
}

/* Keys of -drive that Corvid takes, and those it accepts and ignores. */
static const char *const drive_keys[] = {
    "file", "if", "format", "id", "readonly", "read-only", "cache", "aio",
    "discard", "node-name", "media", "werror", "rerror", "snapshot",
    "detect-zeroes", "index", NULL,
};

BlockBackend *drive_new(const QDict *in_opts, Error **errp)
{
    g_autoptr(QDict) opts = qdict_clone_shallow(in_opts);
    g_autoptr(QDict) file = qdict_new();
    g_autoptr(QDict) raw = qdict_new();
    const char *filename, *format, *iface, *id, *s;
    g_autofree char *auto_id = NULL;
    const QDictEntry *e;
    BlockDriverState *bs;
    BlockBackend *blk;
    bool b;

    for (e = qdict_first(opts); e; e = qdict_next(opts, e)) {
        if (!g_strv_contains(drive_keys, qdict_entry_key(e))) {
            error_setg(errp, "Invalid parameter '%s'", qdict_entry_key(e));
            return NULL;
        }
    }
    iface = qdict_get_try_str(opts, "if");
    if (iface && strcmp(iface, "none")) {
        error_setg(errp, "if=%s is not supported: use if=none with "
                   "-device", iface);
        return NULL;
    } else if (!iface) {
        error_setg(errp, "Machine type has no default drive interface: "
                   "use if=none with -device");
        return NULL;
    }
    format = qdict_get_try_str(opts, "format");
    if (format && strcmp(format, "raw") && strcmp(format, "file")) {
        error_setg(errp, "Unknown driver '%s'", format);
        return NULL;
    }
    filename = qdict_get_try_str(opts, "file");
    if (!filename || !*filename) {
        error_setg(errp, "A block device must be specified for \"file\"");
        return NULL;
    }
    if (!format) {
        warn_report("Image format was not specified for '%s' and probing "
                    "guessed raw.", filename);
        format = "raw";
    }
    if (!bdrv_opt_bool(opts, "snapshot", true, false, &b, errp)) {
        return NULL;
    }
    if (b) {
        error_setg(errp, "snapshot=on is not supported");
        return NULL;
    }
    if (qdict_get(opts, "media") &&
        g_strcmp0(qdict_get_try_str(opts, "media"), "disk")) {
        error_setg(errp, "media=%s is not supported",
                   qdict_get_try_str(opts, "media"));
        return NULL;
    }
    qdict_put_str(file, "driver", "file");
    qdict_put_str(file, "filename", filename);
    b = false;
    if (!bdrv_opt_bool(opts, "readonly", true, false, &b, errp) ||
        (!b && !bdrv_opt_bool(opts, "read-only", true, false, &b, errp))) {
        return NULL;
    }
    qdict_put_bool(file, "read-only", b);
    qdict_put_bool(raw, "read-only", b);
    s = qdict_get_try_str(opts, "cache");
    if (s) {
        bool direct, no_flush;
        QDict *cache;

        if (!drive_cache_mode(s, &direct, &no_flush, errp)) {
            return NULL;
        }
        cache = qdict_new();
        qdict_put_bool(cache, "direct", direct);
        qdict_put_bool(cache, "no-flush", no_flush);
        qdict_put_obj(file, "cache", qobject_ref(QOBJECT(cache)));
        qdict_put_obj(raw, "cache", QOBJECT(cache));
    }
    if ((s = qdict_get_try_str(opts, "aio"))) {
        qdict_put_str(file, "aio", s);
    }
    if ((s = qdict_get_try_str(opts, "discard"))) {
        qdict_put_str(file, "discard", s);
        qdict_put_str(raw, "discard", s);
    }
    if ((s = qdict_get_try_str(opts, "node-name"))) {
        qdict_put_str(raw, "node-name", s);
    }
    qdict_put_str(raw, "driver", format);
    if (!strcmp(format, "raw")) {
        qdict_put_obj(raw, "file", qobject_ref(QOBJECT(file)));
        bs = bdrv_open_opts(raw, true, false, errp);
    } else {
        if (qdict_haskey(raw, "node-name")) {
            qdict_put_str(file, "node-name",
                          qdict_get_try_str(raw, "node-name"));
        }
        bs = bdrv_open_opts(file, true, false, errp);
    }
    if (!bs) {
        return NULL;
    }
    id = qdict_get_try_str(opts, "id");
    if (!id) {
        auto_id = g_strdup_printf("none%u", drive_auto_index++);
        id = auto_id;
    }
    blk = blk_new_named(id, bs, errp);
    bdrv_unref(bs);         /* the backend holds it now */
    return blk;
}
