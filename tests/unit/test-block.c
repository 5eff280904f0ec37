/*
 * The block layer on its own: opening file and raw nodes from options,
 * node names, the range and read-only checks, resize, and the errors.
 */
#include "util/osdep.h"
#include "util/keyval.h"
#include "block/blockdev.h"

static char *make_file(size_t size)
{
    char *path = NULL;
    int fd = g_file_open_tmp("corvid-tb-XXXXXX", &path, NULL);

    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(ftruncate(fd, size), ==, 0);
    close(fd);
    return path;
}

static BlockDriverState *open_kv(const char *str, Error **errp)
{
    g_autoptr(QDict) opts = keyval_parse(str, NULL, NULL, 0, &error_abort);

    return blockdev_add(opts, true, errp);
}

static void test_file_raw(void)
{
    g_autofree char *path = make_file(8192);
    g_autofree char *s1 = g_strdup_printf("driver=file,node-name=tf,"
                                          "filename=%s", path);
    BlockDriverState *f, *r, *w;
    uint8_t buf[512], got[512];
    Error *err = NULL;

    f = open_kv(s1, &error_abort);
    r = open_kv("driver=raw,node-name=tr,file=tf,offset=1024,size=4096",
                &error_abort);
    g_assert_true(bdrv_find_node("tr") == r);
    g_assert_cmpint(bdrv_getlength(r), ==, 4096);
    memset(buf, 0x3c, sizeof(buf));
    g_assert_cmpint(bdrv_pwrite(r, 0, buf, sizeof(buf)), ==, 0);
    g_assert_cmpint(bdrv_pread(f, 1024, got, sizeof(got)), ==, 0);
    g_assert_cmpmem(got, sizeof(got), buf, sizeof(buf));
    /* Past the end of the window, and overflowing. */
    g_assert_cmpint(bdrv_pread(r, 4096 - 256, got, sizeof(got)), ==, -EIO);
    g_assert_cmpint(bdrv_pwrite(r, UINT64_MAX - 10, buf, sizeof(buf)), <, 0);
    g_assert_cmpint(bdrv_pwrite_zeroes(r, 0, 512, false), ==, 0);
    g_assert_cmpint(bdrv_pread(f, 1024, got, sizeof(got)), ==, 0);
    g_assert_cmpint(got[0] | got[511], ==, 0);
    g_assert_false(bdrv_truncate(r, 8192, &err));
    error_free_or_abort(&err);
    /* A node in use cannot go. */
    g_assert_false(blockdev_del("tf", &err));
    error_free_or_abort(&err);

    w = open_kv("driver=raw,node-name=tw,file=tf", &error_abort);
    g_assert_true(bdrv_truncate(w, 16384, &error_abort));
    g_assert_cmpint(bdrv_getlength(f), ==, 16384);
    g_assert_true(blockdev_del("tw", &error_abort));
    g_assert_true(blockdev_del("tr", &error_abort));
    g_assert_true(blockdev_del("tf", &error_abort));
    g_assert_null(bdrv_find_node("tf"));
    unlink(path);
}

static void test_read_only(void)
{
    g_autofree char *path = make_file(4096);
    g_autofree char *s1 = g_strdup_printf("driver=file,node-name=ro,"
                                          "filename=%s,read-only=on", path);
    BlockDriverState *f = open_kv(s1, &error_abort);
    uint8_t buf[512] = { 1 };
    Error *err = NULL;

    g_assert_true(f->read_only);
    g_assert_cmpint(bdrv_pwrite(f, 0, buf, sizeof(buf)), ==, -EACCES);
    g_assert_cmpint(bdrv_pdiscard(f, 0, 512), ==, -EACCES);
    g_assert_false(bdrv_truncate(f, 8192, &err));
    error_free_or_abort(&err);
    /* A writable raw node over a read-only file is refused. */
    g_assert_null(open_kv("driver=raw,node-name=rw,file=ro", &err));
    error_free_or_abort(&err);
    g_assert_true(blockdev_del("ro", &error_abort));
    unlink(path);
}

static void expect_error(const char *str, const char *msg)
{
    Error *err = NULL;

    g_assert_null(open_kv(str, &err));
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, msg);
    error_free(err);
}

static void test_errors(void)
{
    expect_error("driver=foo,node-name=a",
                 "Parameter 'driver' does not accept value 'foo'");
    expect_error("driver=file,node-name=a",
                 "Parameter 'filename' is missing");
    expect_error("driver=file,node-name=a,filename=/nonexistent/x",
                 "Could not open '/nonexistent/x': No such file or "
                 "directory");
    expect_error("driver=file,filename=/dev/null",
                 "'node-name' must be specified for the root node");
    expect_error("driver=raw,node-name=b,file=zz",
                 "Cannot find device='zz' nor node-name='zz'");
    expect_error("driver=file,node-name=9x,filename=/dev/null",
                 "Invalid node-name: '9x'");
    expect_error("driver=file,node-name=a,filename=/dev/null,bogus=1",
                 "Parameter 'bogus' is unexpected");
    expect_error("node-name=a", "Parameter 'driver' is missing");
    g_assert_null(bdrv_find_node("a"));
}

static void test_drive(void)
{
    g_autofree char *path = make_file(4096);
    g_autofree char *s1 = g_strdup_printf("file=%s,if=none,format=raw,"
                                          "id=dd", path);
    g_autoptr(QDict) o1 = keyval_parse(s1, NULL, NULL, 0, &error_abort);
    g_autoptr(QDict) o2 = keyval_parse("file=/dev/null,if=none,"
                                       "format=qcow3", NULL, NULL, 0,
                                       &error_abort);
    BlockBackend *blk = drive_new(o1, &error_abort);
    Error *err = NULL;

    g_assert_true(blk_by_name("dd") == blk);
    g_assert_cmpint(blk_getlength(blk), ==, 4096);
    g_assert_null(drive_new(o1, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Duplicate ID 'dd' for drive");
    error_free(err);
    err = NULL;
    g_assert_null(drive_new(o2, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Unknown driver 'qcow3'");
    error_free(err);
    blk_unref(blk);
    g_assert_null(blk_by_name("dd"));
    unlink(path);
}

static void expect_conflict(BlockBackend *blk, bool write, bool share,
                            const char *needs, const char *unshares)
{
    g_autofree char *want = g_strdup_printf(
        "Permission conflict on node 'pn': permissions 'write' are both "
        "required by block device '%s' (uses node 'pn' as 'root' child) "
        "and unshared by block device '%s' (uses node 'pn' as 'root' "
        "child).", needs, unshares);
    Error *err = NULL;

    g_assert_false(blk_set_perm(blk, write, share, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, want);
    error_free(err);
    g_assert_false(blk->perm_taken);
}

/* Write permissions: counted per node, checked when taken. */
static void test_write_perm(void)
{
    g_autofree char *path = make_file(4096);
    g_autofree char *s1 = g_strdup_printf("driver=file,node-name=pn,"
                                          "filename=%s", path);
    g_autofree char *s2 = g_strdup_printf("driver=file,node-name=pr,"
                                          "read-only=on,filename=%s", path);
    BlockDriverState *bs = open_kv(s1, &error_abort);
    BlockDriverState *ro = open_kv(s2, &error_abort);
    BlockBackend *a = blk_new_named("ba", bs, &error_abort);
    BlockBackend *b = blk_new_named("bb", bs, &error_abort);
    BlockBackend *c = blk_new_named("bc", bs, &error_abort);
    BlockBackend *r1 = blk_new_named("r1", ro, &error_abort);
    BlockBackend *r2 = blk_new_named("r2", ro, &error_abort);

    /* Two writers that do not share: the second is refused. */
    g_assert_true(blk_set_perm(a, true, false, &error_abort));
    expect_conflict(b, true, false, "ba", "bb");
    /* Sharing is not enough while the first one does not share. */
    expect_conflict(b, true, true, "bb", "ba");
    /* A reader that does not share write conflicts with the writer. */
    expect_conflict(b, false, false, "ba", "bb");
    g_assert_cmpint(bs->perm_writers, ==, 1);
    g_assert_cmpint(bs->perm_unshared_writers, ==, 1);

    /* Taken again sharing (as share-rw=on), both writers fit. */
    g_assert_true(blk_set_perm(a, true, true, &error_abort));
    g_assert_true(blk_set_perm(b, true, true, &error_abort));
    g_assert_true(blk_set_perm(c, false, true, &error_abort));
    g_assert_cmpint(bs->perm_writers, ==, 2);
    g_assert_cmpint(bs->perm_unshared_writers, ==, 0);
    /* A third one that does not share names the first writer. */
    blk_detach_dev(c);
    expect_conflict(c, true, false, "ba", "bc");

    /* Released on detach and unref: then nothing conflicts. */
    blk_detach_dev(a);
    blk_unref(b);
    g_assert_cmpint(bs->perm_writers, ==, 0);
    g_assert_true(blk_set_perm(c, true, false, &error_abort));
    g_assert_cmpint(bs->perm_unshared_writers, ==, 1);

    /* Readers of a read-only node never conflict. */
    g_assert_true(blk_set_perm(r1, false, false, &error_abort));
    g_assert_true(blk_set_perm(r2, false, false, &error_abort));
    g_assert_cmpint(ro->perm_unshared_writers, ==, 2);

    blk_unref(a);
    blk_unref(c);
    blk_unref(r1);
    blk_unref(r2);
    g_assert_cmpint(bs->perm_unshared_writers, ==, 0);
    g_assert_cmpint(ro->perm_unshared_writers, ==, 0);
    g_assert_true(blockdev_del("pn", &error_abort));
    g_assert_true(blockdev_del("pr", &error_abort));
    unlink(path);
}

/* blockdev-del's refusals, in qemu's words. */
static void test_del(void)
{
    g_autofree char *path = make_file(4096);
    g_autofree char *s1 = g_strdup_printf("driver=file,node-name=df,"
                                          "filename=%s", path);
    BlockDriverState *f = open_kv(s1, &error_abort);
    BlockDriverState *r = open_kv("driver=raw,node-name=dr,file=df",
                                  &error_abort);
    BlockBackend *blk = blk_new_named("", r, &error_abort);
    Error *err = NULL;

    g_assert_nonnull(f);
    g_assert_false(blockdev_del("df", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Block device df is in use");
    error_free(err);
    err = NULL;
    g_assert_false(blockdev_del("dr", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Node dr is in use");
    error_free(err);
    err = NULL;
    g_assert_false(blockdev_del("nope", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Failed to find node with node-name='nope'");
    error_free(err);
    blk_unref(blk);
    g_assert_true(blockdev_del("dr", &error_abort));
    g_assert_true(blockdev_del("df", &error_abort));
    g_assert_null(bdrv_find_node("df"));
    unlink(path);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/block/file-raw", test_file_raw);
    g_test_add_func("/block/read-only", test_read_only);
    g_test_add_func("/block/errors", test_errors);
    g_test_add_func("/block/drive", test_drive);
    g_test_add_func("/block/write-perm", test_write_perm);
    g_test_add_func("/block/del", test_del);
    return g_test_run();
}
