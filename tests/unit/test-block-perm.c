/*
 * Permissions in the block graph: what backends take on their node,
 * how a raw node passes its users' permissions on to its file, the
 * conflicts and read-only refusals in qemu's words and order, and
 * permissions given back when users go.
 */
#include "util/osdep.h"
#include "util/keyval.h"
#include "block/blockdev.h"

#define RW          (BLK_PERM_CONSISTENT_READ | BLK_PERM_WRITE)
/* What a disk device lets others do besides writing. */
#define DEV_SHARED  (BLK_PERM_CONSISTENT_READ | BLK_PERM_WRITE_UNCHANGED | \
                     BLK_PERM_RESIZE)

static char *path;

static BlockDriverState *open_kv(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/* A -blockdev from printf-style key=value options (over "path"). */
static BlockDriverState *open_kv(const char *fmt, ...)
{
    g_autofree char *str = NULL;
    g_autoptr(QDict) opts = NULL;
    va_list ap;

    va_start(ap, fmt);
    str = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    opts = keyval_parse(str, NULL, NULL, 0, &error_abort);
    return blockdev_add(opts, true, &error_abort);
}

static void del_all(const char *const *names)
{
    for (; *names; names++) {
        g_assert_true(blockdev_del(*names, &error_abort));
    }
    g_assert_cmpint(bdrv_all_nodes()->len, ==, 0);
}

static void expect_error(Error *err, const char *msg)
{
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, msg);
    error_free(err);
}

/* qemu's message for a conflict on @node between two users. */
static char *conflict(const char *node, const char *perms,
                      const char *needs, const char *needs_role,
                      const char *unshares, const char *unshares_role)
{
    return g_strdup_printf("Permission conflict on node '%s': permissions "
                           "%s are both required by %s (uses node '%s' as "
                           "'%s' child) and unshared by %s (uses node '%s' "
                           "as '%s' child).", node, perms, needs, node,
                           needs_role, unshares, node, unshares_role);
}

static void expect_set_perm_fails(BlockBackend *blk, bool write,
                                  bool share, const char *msg)
{
    unsigned perm = blk->child->perm, shared = blk->child->shared;
    Error *err = NULL;

    g_assert_false(blk_set_perm(blk, write, share, &err));
    expect_error(err, msg);
    /* Nothing changed. */
    g_assert_cmphex(blk->child->perm, ==, perm);
    g_assert_cmphex(blk->child->shared, ==, shared);
}

static void assert_cumulative(BlockDriverState *bs, unsigned want_perm,
                              unsigned want_shared)
{
    unsigned perm, shared;

    bdrv_get_cumulative_perm(bs, &perm, &shared);
    g_assert_cmphex(perm, ==, want_perm);
    g_assert_cmphex(shared, ==, want_shared);
}

/* Backends on one node: counted per user, checked when taken. */
static void test_one_node(void)
{
    BlockDriverState *bs = open_kv("driver=file,node-name=pn,filename=%s",
                                   path);
    BlockBackend *a = blk_new_named("ba", bs, &error_abort);
    BlockBackend *b = blk_new_named("bb", bs, &error_abort);
    BlockBackend *c = blk_new_named("bc", bs, &error_abort);
    g_autofree char *m1 = conflict("pn", "'write'", "block device 'ba'",
                                   "root", "block device 'bb'", "root");
    g_autofree char *m2 = conflict("pn", "'write'", "block device 'bb'",
                                   "root", "block device 'ba'", "root");
    g_autofree char *m3 = conflict("pn", "'write'", "block device 'bb'",
                                   "root", "block device 'bc'", "root");

    /* A backend without a device takes nothing. */
    assert_cumulative(bs, 0, BLK_PERM_ALL);
    g_assert_cmpint(bs->refcnt, ==, 4);

    /* Two writers that do not share: the second is refused. */
    g_assert_true(blk_set_perm(a, true, false, &error_abort));
    expect_set_perm_fails(b, true, false, m1);
    /* Sharing is not enough while the first one does not share. */
    expect_set_perm_fails(b, true, true, m2);
    /* A reader that does not share write conflicts with the writer. */
    expect_set_perm_fails(b, false, false, m1);
    assert_cumulative(bs, RW, DEV_SHARED);

    /* Taken again sharing (as share-rw=on), both writers fit. */
    g_assert_true(blk_set_perm(a, true, true, &error_abort));
    g_assert_true(blk_set_perm(b, true, true, &error_abort));
    g_assert_true(blk_set_perm(c, false, true, &error_abort));
    assert_cumulative(bs, RW, DEV_SHARED | BLK_PERM_WRITE);
    /* One that does not share meets the newest writer first. */
    blk_detach_dev(c);
    expect_set_perm_fails(c, true, false, m3);

    /* Given back on detach and unref: then nothing conflicts. */
    blk_detach_dev(a);
    blk_unref(b);
    assert_cumulative(bs, 0, BLK_PERM_ALL);
    g_assert_true(blk_set_perm(c, true, false, &error_abort));
    assert_cumulative(bs, RW, DEV_SHARED);
    blk_unref(a);
    blk_unref(c);
    g_assert_cmpint(bs->refcnt, ==, 1);
    del_all((const char *const[]){ "pn", NULL });
}

/*
 * qemu's example: a device on a raw node and another on its file.  The
 * raw node writes the file for its user, so they conflict unless both
 * share; the message names whichever pair qemu meets first.
 */
static void test_through_raw(void)
{
    BlockDriverState *f = open_kv("driver=file,node-name=f0,filename=%s",
                                  path);
    BlockDriverState *r = open_kv("driver=raw,node-name=r0,file=f0");
    BlockBackend *br = blk_new_named("", r, &error_abort);
    BlockBackend *bf;
    g_autofree char *raw_needs = conflict(
        "f0", "'write'", "node 'r0'", "file", "an unnamed block device",
        "root");
    g_autofree char *raw_unshares = conflict(
        "f0", "'write'", "an unnamed block device", "root", "node 'r0'",
        "file");

    /* An unused raw node takes nothing on its file. */
    assert_cumulative(f, 0, BLK_PERM_ALL);
    g_assert_true(r->file->bs == f);
    g_assert_true(r->file->parent_bs == r);
    g_assert_cmpstr(r->file->name, ==, "file");

    /* The raw node's writer shows on the file node. */
    g_assert_true(blk_set_perm(br, true, false, &error_abort));
    g_assert_cmphex(r->file->perm, ==, RW);
    g_assert_cmphex(r->file->shared, ==, DEV_SHARED);
    assert_cumulative(f, RW, DEV_SHARED);

    /* A writer on the file that does not share: raw needs write. */
    bf = blk_new_named("", f, &error_abort);
    expect_set_perm_fails(bf, true, false, raw_needs);
    /* Sharing itself, it still meets the raw node's refusal. */
    expect_set_perm_fails(bf, true, true, raw_unshares);
    /* Only both sharing works (share-rw=on on both devices). */
    g_assert_true(blk_set_perm(br, true, true, &error_abort));
    g_assert_cmphex(r->file->shared, ==, DEV_SHARED | BLK_PERM_WRITE);
    g_assert_true(blk_set_perm(bf, true, true, &error_abort));
    assert_cumulative(f, RW, DEV_SHARED | BLK_PERM_WRITE);

    /* Now the raw node's user may not stop sharing. */
    expect_set_perm_fails(br, true, false, raw_unshares);

    /* The other order: the file's writer first, then the raw one's. */
    blk_unref(br);
    g_assert_cmphex(r->file->perm, ==, 0);
    g_assert_true(blk_set_perm(bf, true, false, &error_abort));
    br = blk_new_named("", r, &error_abort);
    expect_set_perm_fails(br, true, true, raw_needs);
    /* A reader of the raw node that shares write fits. */
    g_assert_true(blk_set_perm(br, false, true, &error_abort));
    g_assert_cmphex(r->file->perm, ==, BLK_PERM_CONSISTENT_READ);

    blk_unref(br);
    blk_unref(bf);
    assert_cumulative(f, 0, BLK_PERM_ALL);
    del_all((const char *const[]){ "r0", "f0", NULL });
}

/* Several levels: raw over raw over file passes write all the way. */
static void test_chain(void)
{
    BlockDriverState *f = open_kv("driver=file,node-name=c0,filename=%s",
                                  path);
    BlockDriverState *r1 = open_kv("driver=raw,node-name=c1,file=c0");
    BlockDriverState *r2 = open_kv("driver=raw,node-name=c2,file=c1");
    BlockBackend *top = blk_new_named("top", r2, &error_abort);
    BlockBackend *low = blk_new_named("low", f, &error_abort);
    g_autofree char *msg = conflict("c0", "'write'", "block device 'low'",
                                    "root", "node 'c1'", "file");

    g_assert_true(blk_set_perm(top, true, false, &error_abort));
    assert_cumulative(r1, RW, DEV_SHARED);
    assert_cumulative(f, RW, DEV_SHARED);
    expect_set_perm_fails(low, true, true, msg);
    /* Deleting a node is refused while used, and gives back nothing. */
    g_assert_false(blockdev_del("c1", NULL));
    assert_cumulative(f, RW, DEV_SHARED);
    blk_unref(top);
    assert_cumulative(r1, 0, BLK_PERM_ALL);
    assert_cumulative(f, 0, BLK_PERM_ALL);
    g_assert_true(blk_set_perm(low, true, false, &error_abort));
    blk_unref(low);
    del_all((const char *const[]){ "c2", "c1", "c0", NULL });
}

/* Deleting the raw node gives back what it took on its file. */
static void test_del_releases(void)
{
    BlockDriverState *f = open_kv("driver=file,node-name=e0,filename=%s",
                                  path);
    BlockBackend *bf = blk_new_named("", f, &error_abort);
    BlockBackend *br;
    g_autofree char *msg = conflict("e0", "'write'", "node 'e1'", "file",
                                    "an unnamed block device", "root");

    open_kv("driver=raw,node-name=e1,file=e0");
    br = blk_new_named("", bdrv_find_node("e1"), &error_abort);
    g_assert_true(blk_set_perm(br, true, true, &error_abort));
    expect_set_perm_fails(bf, true, false, msg);
    blk_unref(br);
    g_assert_true(blockdev_del("e1", &error_abort));
    g_assert_cmpint(f->parents->len, ==, 1);
    g_assert_true(blk_set_perm(bf, true, false, &error_abort));
    blk_unref(bf);
    del_all((const char *const[]){ "e0", NULL });
}

/*
 * Read-only nodes: their users never write, but a reader that does not
 * share write still keeps writers off the node below.
 */
static void test_read_only_user(void)
{
    BlockDriverState *f = open_kv("driver=file,node-name=o0,filename=%s",
                                  path);
    BlockDriverState *r = open_kv("driver=raw,node-name=o1,file=o0,"
                                  "read-only=on");
    BlockBackend *br = blk_new_named("", r, &error_abort);
    BlockBackend *bf = blk_new_named("", f, &error_abort);
    g_autofree char *msg = conflict("o0", "'write'",
                                    "an unnamed block device", "root",
                                    "node 'o1'", "file");

    g_assert_true(blk_is_read_only(br));
    g_assert_true(blk_set_perm(br, false, false, &error_abort));
    g_assert_cmphex(r->file->perm, ==, BLK_PERM_CONSISTENT_READ);
    expect_set_perm_fails(bf, true, false, msg);
    expect_set_perm_fails(bf, true, true, msg);
    /* The reader sharing write (share-rw=on) lets the writer in. */
    g_assert_true(blk_set_perm(br, false, true, &error_abort));
    g_assert_true(blk_set_perm(bf, true, false, &error_abort));
    blk_unref(br);
    blk_unref(bf);
    del_all((const char *const[]){ "o1", "o0", NULL });
}

static void expect_read_only(BlockBackend *blk)
{
    Error *err = NULL;

    g_assert_false(blk_set_perm(blk, true, true, &err));
    expect_error(err, "Block node is read-only");
    g_assert_cmphex(blk->child->perm, ==, 0);
}

/*
 * A writable raw node over a read-only file opens, but writing through
 * it is refused ("Block node is read-only"), at the first node met from
 * the top; on one node a conflict is reported before read-only.
 */
static void test_read_only_below(void)
{
    BlockDriverState *f = open_kv("driver=file,node-name=q0,filename=%s,"
                                  "read-only=on", path);
    BlockDriverState *r = open_kv("driver=raw,node-name=q1,file=q0");
    BlockBackend *br = blk_new_named("", r, &error_abort);
    BlockBackend *bf = blk_new_named("", f, &error_abort);
    g_autofree char *msg = conflict("q0", "'write'", "node 'q1'", "file",
                                    "an unnamed block device", "root");

    g_assert_false(r->read_only);
    expect_read_only(br);
    g_assert_true(blk_set_perm(br, false, false, &error_abort));
    /* A reader of the file that does not share write: a conflict. */
    g_assert_true(blk_set_perm(br, false, true, &error_abort));
    g_assert_true(blk_set_perm(bf, false, false, &error_abort));
    expect_set_perm_fails(br, true, true, msg);
    blk_unref(br);
    blk_unref(bf);
    del_all((const char *const[]){ "q1", "q0", NULL });
}

/* Read-only in the middle of a chain stops the write there, before a
 * conflict further down is looked at. */
static void test_read_only_middle(void)
{
    BlockBackend *low, *top;

    open_kv("driver=file,node-name=m0,filename=%s", path);
    open_kv("driver=raw,node-name=m1,file=m0,read-only=on");
    open_kv("driver=raw,node-name=m2,file=m1");
    low = blk_new_named("", bdrv_find_node("m0"), &error_abort);
    top = blk_new_named("", bdrv_find_node("m2"), &error_abort);
    g_assert_true(blk_set_perm(low, true, false, &error_abort));
    expect_read_only(top);
    blk_unref(low);
    blk_unref(top);
    del_all((const char *const[]){ "m2", "m1", "m0", NULL });
}

/*
 * Resize (block_resize): a raw window (offset or size) forbids it on
 * its file; a plain raw node resizes its file through its own edge.
 */
static void test_resize(void)
{
    BlockDriverState *f = open_kv("driver=file,node-name=z0,filename=%s",
                                  path);
    BlockDriverState *plain = open_kv("driver=raw,node-name=z1,file=z0");
    BlockDriverState *zero = open_kv("driver=raw,node-name=z3,file=z0,"
                                     "offset=0");
    BlockDriverState *win = open_kv("driver=raw,node-name=z2,file=z0,"
                                    "offset=512");
    BlockBackend *dev = blk_new_named("", plain, &error_abort);
    g_autofree char *direct = conflict("z0", "'resize'",
                                       "an unnamed block device", "root",
                                       "node 'z2'", "file");
    g_autofree char *via = conflict("z0", "'resize'", "node 'z1'", "file",
                                    "node 'z2'", "file");
    Error *err = NULL;

    /* The window unshares resize from the start; offset=0 does not. */
    g_assert_cmphex(win->file->shared, ==, BLK_PERM_ALL & ~BLK_PERM_RESIZE);
    g_assert_cmphex(zero->file->shared, ==, BLK_PERM_ALL);
    g_assert_true(blk_set_perm(dev, true, true, &error_abort));

    g_assert_false(bdrv_truncate(f, 8192, &err));
    expect_error(err, direct);
    err = NULL;
    g_assert_false(bdrv_truncate(plain, 8192, &err));
    expect_error(err, via);
    err = NULL;
    /* Nothing is left of the attempts. */
    g_assert_cmpint(f->parents->len, ==, 3);
    g_assert_cmpint(bdrv_getlength(f), ==, 4096);
    /* The window itself may resize its file (offset only). */
    g_assert_true(bdrv_truncate(win, 8192, &error_abort));
    g_assert_cmpint(bdrv_getlength(f), ==, 8192 + 512);
    g_assert_cmphex(win->file->perm, ==, 0);

    g_assert_true(blockdev_del("z2", &error_abort));
    g_assert_true(bdrv_truncate(plain, 4096, &error_abort));
    g_assert_cmpint(bdrv_getlength(f), ==, 4096);
    blk_unref(dev);
    del_all((const char *const[]){ "z3", "z1", "z0", NULL });
}

static char *desc_fn(void *opaque)
{
    return g_strdup_printf("user '%s'", (const char *)opaque);
}

/* The generic edge API: lists of permissions, no trace of failures. */
static void test_edges(void)
{
    BlockDriverState *f = open_kv("driver=file,node-name=g0,filename=%s",
                                  path);
    BdrvChild *a, *b;
    Error *err = NULL;

    a = bdrv_root_attach_child(f, "root", BLK_PERM_CONSISTENT_READ,
                               BLK_PERM_CONSISTENT_READ, desc_fn, "a",
                               &error_abort);
    g_assert_cmpint(f->refcnt, ==, 2);
    g_assert_null(bdrv_root_attach_child(f, "file", BLK_PERM_ALL,
                                         BLK_PERM_ALL, desc_fn, "b", &err));
    expect_error(err, "Permission conflict on node 'g0': permissions "
                 "'write', 'write unchanged', 'resize' are both required "
                 "by user 'b' (uses node 'g0' as 'file' child) and "
                 "unshared by user 'a' (uses node 'g0' as 'root' child).");
    g_assert_cmpint(f->refcnt, ==, 2);
    g_assert_cmpint(f->parents->len, ==, 1);

    /* The newest parent is checked first, against the others. */
    b = bdrv_root_attach_child(f, "root", BLK_PERM_CONSISTENT_READ,
                               BLK_PERM_ALL, NULL, NULL, &error_abort);
    g_assert_true(g_ptr_array_index(f->parents, 0) == b);
    err = NULL;
    g_assert_false(bdrv_child_set_perm(b, BLK_PERM_WRITE |
                                       BLK_PERM_CONSISTENT_READ, 0, &err));
    expect_error(err, "Permission conflict on node 'g0': permissions "
                 "'consistent read' are both required by user 'a' (uses "
                 "node 'g0' as 'root' child) and unshared by an unnamed "
                 "block device (uses node 'g0' as 'root' child).");
    g_assert_cmphex(b->perm, ==, BLK_PERM_CONSISTENT_READ);
    g_assert_cmphex(b->shared, ==, BLK_PERM_ALL);
    bdrv_detach_child(a);
    bdrv_detach_child(b);
    g_assert_cmpint(f->refcnt, ==, 1);
    del_all((const char *const[]){ "g0", NULL });
}

int main(int argc, char **argv)
{
    int fd, ret;

    g_test_init(&argc, &argv, NULL);
    fd = g_file_open_tmp("corvid-tbp-XXXXXX", &path, NULL);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(ftruncate(fd, 4096), ==, 0);
    close(fd);
    g_test_add_func("/block-perm/one-node", test_one_node);
    g_test_add_func("/block-perm/through-raw", test_through_raw);
    g_test_add_func("/block-perm/chain", test_chain);
    g_test_add_func("/block-perm/del-releases", test_del_releases);
    g_test_add_func("/block-perm/read-only-user", test_read_only_user);
    g_test_add_func("/block-perm/read-only-below", test_read_only_below);
    g_test_add_func("/block-perm/read-only-middle", test_read_only_middle);
    g_test_add_func("/block-perm/resize", test_resize);
    g_test_add_func("/block-perm/edges", test_edges);
    ret = g_test_run();
    unlink(path);
    g_free(path);
    return ret;
}
