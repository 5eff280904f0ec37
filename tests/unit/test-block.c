/*
 * The block layer on its own: opening file and raw nodes from options,
 * node names, the range and read-only checks, resize, the errors, and
 * blockdev-del's refusals.  Permissions: test-block-perm.c.
 */
#include "util/osdep.h"
#include "util/keyval.h"
#include "qobject/qjson.h"
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
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Cannot resize fixed-size raw disks");
    error_free(err);
    err = NULL;
    /* A node in use cannot go. */
    g_assert_false(blockdev_del("tf", &err));
    error_free_or_abort(&err);

    /* The window over tf forbids resizing it; once gone, it works. */
    w = open_kv("driver=raw,node-name=tw,file=tf", &error_abort);
    g_assert_false(bdrv_truncate(w, 16384, &err));
    error_free_or_abort(&err);
    g_assert_cmpint(bdrv_getlength(f), ==, 8192);
    g_assert_true(blockdev_del("tr", &error_abort));
    g_assert_true(bdrv_truncate(w, 16384, &error_abort));
    g_assert_cmpint(bdrv_getlength(f), ==, 16384);
    g_assert_true(blockdev_del("tw", &error_abort));
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
    g_assert_cmpstr(error_get_pretty(err), ==, "Image is read-only");
    error_free(err);
    err = NULL;
    /*
     * A writable raw node over a read-only file opens, as in qemu
     * (block-perm tests: nobody may write through it); its writes fail
     * below, and so does a resize.
     */
    g_assert_nonnull(open_kv("driver=raw,node-name=rw,file=ro",
                             &error_abort));
    g_assert_false(bdrv_find_node("rw")->read_only);
    g_assert_cmpint(bdrv_pwrite(bdrv_find_node("rw"), 0, buf, sizeof(buf)),
                    ==, -EACCES);
    g_assert_cmpint(bdrv_pread(bdrv_find_node("rw"), 0, buf, sizeof(buf)),
                    ==, 0);
    g_assert_false(bdrv_truncate(bdrv_find_node("rw"), 8192, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Image is read-only");
    error_free(err);
    g_assert_true(blockdev_del("rw", &error_abort));
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

static void expect_del_error(const char *node, const char *msg)
{
    Error *err = NULL;

    g_assert_false(blockdev_del(node, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, msg);
    error_free(err);
}

/* blockdev-del's refusals, in qemu's words and order. */
static void test_del(void)
{
    g_autofree char *path = make_file(4096);
    g_autofree char *s1 = g_strdup_printf("driver=file,node-name=df,"
                                          "filename=%s", path);
    g_autofree char *s2 = g_strdup_printf(
        "{\"driver\": \"raw\", \"node-name\": \"di\", \"file\": "
        "{\"driver\": \"file\", \"node-name\": \"dc\", "
        "\"filename\": \"%s\"}}", path);
    g_autoptr(QDict) o2 = qobject_to(QDict, qobject_from_json(s2,
                                                              &error_abort));
    BlockDriverState *f = open_kv(s1, &error_abort);
    BlockDriverState *r = open_kv("driver=raw,node-name=dr,file=df",
                                  &error_abort);
    BlockBackend *blk = blk_new_named("", r, &error_abort);
    BlockBackend *fblk;

    g_assert_nonnull(f);
    expect_del_error("df", "Block device df is in use");
    expect_del_error("dr", "Node dr is in use");
    expect_del_error("nope", "Failed to find node with node-name='nope'");
    /* A backend on the node counts before its node parent. */
    fblk = blk_new_named("", f, &error_abort);
    expect_del_error("df", "Node df is in use");
    blk_unref(fblk);
    blk_unref(blk);
    /* Only in this order: the raw node holds its file. */
    expect_del_error("df", "Block device df is in use");
    g_assert_true(blockdev_del("dr", &error_abort));
    g_assert_true(blockdev_del("df", &error_abort));
    g_assert_null(bdrv_find_node("df"));

    /* An inline child is not the monitor's, even once used elsewhere;
     * a backend on it still comes first. */
    g_assert_nonnull(blockdev_add(o2, false, &error_abort));
    g_assert_nonnull(open_kv("driver=raw,node-name=d2,file=dc",
                             &error_abort));
    expect_del_error("dc", "Node dc is not owned by the monitor");
    fblk = blk_new_named("", bdrv_find_node("dc"), &error_abort);
    expect_del_error("dc", "Node dc is in use");
    /* The child outlives both parents while the backend holds it. */
    g_assert_true(blockdev_del("di", &error_abort));
    g_assert_true(blockdev_del("d2", &error_abort));
    g_assert_nonnull(bdrv_find_node("dc"));
    blk_unref(fblk);
    g_assert_null(bdrv_find_node("dc"));
    unlink(path);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/block/file-raw", test_file_raw);
    g_test_add_func("/block/read-only", test_read_only);
    g_test_add_func("/block/errors", test_errors);
    g_test_add_func("/block/drive", test_drive);
    g_test_add_func("/block/del", test_del);
    return g_test_run();
}
