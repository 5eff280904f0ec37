/*
 * Memory backends through the binary: a shared file backend as guest RAM
 * whose contents the test sees by mapping the file (and the guest sees
 * the test's writes), a memfd backend reached through /proc, object-add
 * and object-del of backends, and every start-up error, each in qemu
 * 7.2's words.
 */
#include "util/osdep.h"
#include <sys/mman.h>
#include "libqtest.h"

#define RAM_SIZE (4 * MiB)

static void expect_start_error(const char *args, const char *message)
{
    g_autofree char *err = NULL;
    int status = qtest_runf(NULL, &err, "-display none -M none %s", args);

    g_assert_cmpint(status, ==, 1);
    if (!strstr(err, message)) {
        g_test_message("stderr: %s", err);
        g_assert_nonnull(strstr(err, message));
    }
}

static void test_file_shared(void)
{
    g_autofree char *dir = g_dir_make_tmp("corvid-mem-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "ram", NULL);
    QTestState *s;
    uint8_t buf[16];
    uint8_t *file;
    int fd;

    s = qtest_initf("-M none,memory-backend=mem -object memory-backend-file,"
                    "id=mem,size=4M,mem-path=%s,share=on", path);
    fd = open(path, O_RDWR);
    g_assert_cmpint(fd, >=, 0);
    file = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    g_assert_true(file != MAP_FAILED);

    /* Guest writes land in the file... */
    qtest_memwrite(s, 0x1000, "written by qtest", 16);
    qtest_writel(s, RAM_SIZE - 4, 0xcafef00d);
    g_assert_cmpmem(file + 0x1000, 16, "written by qtest", 16);
    g_assert_cmpmem(file + RAM_SIZE - 4, 4, "\x0d\xf0\xfe\xca", 4);
    qtest_memset(s, 0x2000, 0x3c, 0x1000);
    g_assert_cmpuint(file[0x2fff], ==, 0x3c);
    /* ... and what others write in the file is guest memory. */
    memcpy(file + 0x3000, "written by peer!", 16);
    qtest_bufread(s, 0x3000, buf, 16);
    g_assert_cmpmem(buf, 16, "written by peer!", 16);
    /* "written " as a little-endian number. */
    g_assert_cmphex(qtest_readq(s, 0x3000), ==, 0x206e657474697277ULL);

    munmap(file, RAM_SIZE);
    close(fd);
    qtest_quit(s);
    /* The file outlives us, with the data. */
    fd = open(path, O_RDONLY);
    g_assert_cmpint(pread(fd, buf, 16, 0x1000), ==, 16);
    g_assert_cmpmem(buf, 16, "written by qtest", 16);
    close(fd);
    unlink(path);
    rmdir(dir);
}

/* share=off: a private copy; the file does not change. */
static void test_file_private(void)
{
    g_autofree char *dir = g_dir_make_tmp("corvid-mem-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "ram", NULL);
    QTestState *s;
    char buf[8] = "original";
    int fd = open(path, O_RDWR | O_CREAT, 0644);

    g_assert_cmpint(ftruncate(fd, RAM_SIZE), ==, 0);
    g_assert_cmpint(pwrite(fd, buf, 8, 0), ==, 8);
    s = qtest_initf("-M none,memory-backend=mem -object memory-backend-file,"
                    "id=mem,size=4M,mem-path=%s", path);
    qtest_memread(s, 0, buf, 8);
    g_assert_cmpmem(buf, 8, "original", 8);
    qtest_memwrite(s, 0, "changed!", 8);
    qtest_memread(s, 0, buf, 8);
    g_assert_cmpmem(buf, 8, "changed!", 8);
    g_assert_cmpint(pread(fd, buf, 8, 0), ==, 8);
    g_assert_cmpmem(buf, 8, "original", 8);
    qtest_quit(s);

    /* readonly=on: the guest cannot change it either. */
    s = qtest_initf("-M none,memory-backend=mem -object memory-backend-file,"
                    "id=mem,size=4M,mem-path=%s,readonly=on,share=on", path);
    qtest_memwrite(s, 0, "changed!", 8);
    qtest_memread(s, 0, buf, 8);
    g_assert_cmpmem(buf, 8, "original", 8);
    qtest_quit(s);
    close(fd);
    unlink(path);
    rmdir(dir);
}

/* The memfd of a running emulator, opened through /proc like a peer
 * that was handed the fd. */
static int open_memfd(QTestState *s, const char *name)
{
    g_autofree char *fddir = g_strdup_printf("/proc/%d/fd", qtest_pid(s));
    g_autofree char *want = g_strdup_printf("/memfd:%s", name);
    GDir *d = g_dir_open(fddir, 0, NULL);
    const char *ent;
    int fd = -1;

    g_assert_nonnull(d);
    while (fd < 0 && (ent = g_dir_read_name(d))) {
        g_autofree char *link = g_build_filename(fddir, ent, NULL);
        g_autofree char *target = g_file_read_link(link, NULL);

        if (target && g_str_has_prefix(target, want)) {
            fd = open(link, O_RDWR);
        }
    }
    g_dir_close(d);
    return fd;
}

static void test_memfd(void)
{
    QTestState *s = qtest_init("-M none,memory-backend=mem "
                               "-object memory-backend-memfd,id=mem,size=4M");
    uint8_t *peer;
    uint8_t buf[5];
    int fd = open_memfd(s, "mem");

    g_assert_cmpint(fd, >=, 0);
    /* Sealed against resizing, shared with whoever maps it. */
    g_assert_cmpint(fcntl(fd, F_GET_SEALS), ==,
                    F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL);
    peer = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    g_assert_true(peer != MAP_FAILED);
    qtest_memwrite(s, 0x100, "vring", 5);
    g_assert_cmpmem(peer + 0x100, 5, "vring", 5);
    memcpy(peer + 0x200, "reply", 5);
    qtest_memread(s, 0x200, buf, 5);
    g_assert_cmpmem(buf, 5, "reply", 5);
    qtest_qmp_assert_return(s, "true", "{'execute': 'qom-get', 'arguments': "
                            "{'path': '/objects/mem', 'property': 'share'}}");
    munmap(peer, RAM_SIZE);
    close(fd);
    qtest_quit(s);
}

static void test_object_add_del(void)
{
    QTestState *s = qtest_init("-M none");

    qmp_assert_error(qtest_qmp(s, "{'execute': 'object-add', 'arguments': "
                               "{'qom-type': 'memory-backend-ram', "
                               "'id': 'm'}}"),
                     "GenericError", "Parameter 'size' is missing");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'object-add', 'arguments': "
                               "{'qom-type': 'memory-backend-ram', "
                               "'id': 'm', 'size': 0}}"),
                     "GenericError", "property 'size' of memory-backend-ram "
                     "doesn't take value '0'");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'object-add', 'arguments': "
                               "{'qom-type': 'memory-backend-ram', "
                               "'id': 'm', 'size': '1M'}}"),
                     "GenericError",
                     "Invalid parameter type for 'size', expected: integer");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'object-add', 'arguments': "
                               "{'qom-type': 'memory-backend-file', "
                               "'id': 'm', 'size': 4096, 'mem-path': ''}}"),
                     "GenericError", "can't open backing store  for guest "
                     "RAM: No such file or directory");
    qtest_qmp_assert_success(s, "{'execute': 'object-add', 'arguments': "
                             "{'qom-type': 'memory-backend-ram', "
                             "'id': 'm', 'size': 1048576}}");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-set', 'arguments': "
                               "{'path': '/objects/m', 'property': 'size', "
                               "'value': 4096}}"),
                     "GenericError", "cannot change property size of "
                     "memory-backend-ram ");
    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-set', 'arguments': "
                               "{'path': '/objects/m', 'property': 'share', "
                               "'value': true}}"),
                     "GenericError", "cannot change property value");
    qtest_qmp_assert_success(s, "{'execute': 'qom-set', 'arguments': "
                             "{'path': '/objects/m', 'property': 'prealloc', "
                             "'value': true}}");
    /* Not in use: it may go. */
    qtest_qmp_assert_success(s, "{'execute': 'object-del', 'arguments': "
                             "{'id': 'm'}}");
    qtest_qmp_assert_return(s, "[{\"name\": \"type\", \"type\": "
                            "\"string\"}]",
                            "{'execute': 'qom-list', 'arguments': "
                            "{'path': '/objects'}}");
    qtest_quit(s);
}

static void test_start_errors(void)
{
    g_autofree char *dir = g_dir_make_tmp("corvid-mem-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "short", NULL);
    g_autofree char *args = NULL;
    int fd;

    expect_start_error("-object memory-backend-ram,id=m",
                       "-object memory-backend-ram,id=m: Parameter 'size' "
                       "is missing\n");
    expect_start_error("-object memory-backend-ram,id=m,size=0",
                       "property 'size' of memory-backend-ram doesn't take "
                       "value '0'\n");
    expect_start_error("-object memory-backend-ram,id=m,size=abc",
                       "Parameter 'size' expects size\n");
    expect_start_error("-object memory-backend-ram,id=m,size=1M,readonly=on",
                       "Invalid parameter 'readonly'\n");
    expect_start_error("-object memory-backend,id=m,size=1M",
                       "Parameter 'qom-type' does not accept value "
                       "'memory-backend'\n");
    expect_start_error("-object memory-backend-ram,id=m,size=100T",
                       "cannot set up guest memory 'm': Cannot allocate "
                       "memory\n");
    expect_start_error("-object memory-backend-ram,id=m,size=1M,"
                       "prealloc-threads=0", "property 'prealloc-threads' of "
                       "memory-backend-ram doesn't take value '0'\n");
    expect_start_error("-object memory-backend-ram,id=m,size=1M,"
                       "reserve=off,prealloc=on",
                       "'prealloc=on' and 'reserve=off' are incompatible\n");
    expect_start_error("-object memory-backend-file,id=m,size=1M",
                       "Parameter 'mem-path' is missing\n");
    expect_start_error("-object memory-backend-file,id=m,mem-path=/tmp",
                       "Parameter 'size' is missing\n");
    expect_start_error("-object memory-backend-file,id=m,size=1M,"
                       "mem-path=/nonexistent/x",
                       "can't open backing store /nonexistent/x for guest "
                       "RAM: No such file or directory\n");
    expect_start_error("-object memory-backend-file,id=m,size=1M,"
                       "mem-path=/tmp,align=3",
                       "alignment 0x3 must be multiples of page size "
                       "0x1000\n");
    expect_start_error("-object memory-backend-file,id=m,size=1M,"
                       "mem-path=/tmp,align=16E",
                       "Parameter 'align' expects size\n");
    fd = open(path, O_RDWR | O_CREAT, 0644);
    g_assert_cmpint(ftruncate(fd, 2 * MiB), ==, 0);
    close(fd);
    args = g_strdup_printf("-object memory-backend-file,id=m,size=4M,"
                           "mem-path=%s", path);
    expect_start_error(args, "backing store size 0x200000 does not match "
                       "'size' option 0x400000\n");
    expect_start_error("-object memory-backend-memfd,id=m",
                       "Parameter 'size' is missing\n");
    expect_start_error("-object memory-backend-memfd,id=m,size=1M,"
                       "hugetlbsize=3M",
                       "Hugepage size must be a power of 2\n");
    expect_start_error("-object memory-backend-memfd,id=m,size=4097",
                       "backing store size 0x1001 does not match 'size' "
                       "option 0x2000\n");
    unlink(path);
    rmdir(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/memory/backend/file-shared", test_file_shared);
    g_test_add_func("/memory/backend/file-private", test_file_private);
    g_test_add_func("/memory/backend/memfd", test_memfd);
    g_test_add_func("/memory/backend/object-add-del", test_object_add_del);
    g_test_add_func("/memory/backend/start-errors", test_start_errors);
    return g_test_run();
}
