/*
 * Block permissions through the node graph, as a user sees them: a
 * virtio-blk device on a raw node writes the raw node's file, so
 * another writer on the file conflicts unless both share (share-rw);
 * read-only nodes; block_resize under a raw window; blockdev-del and
 * hot-unplug order.  Every message was compared with
 * qemu-system-x86_64 7.2 given the same command line or QMP commands.
 */
#include "util/osdep.h"
#include "libqtest.h"

#define DISK_SIZE       (1024 * 1024)
/* pc's ACPI PCI hot-plug registers (docs/system/acpi-pci-hotplug.rst). */
#define PCIHP_DOWN      0xae04
#define PCIHP_EJ        0xae08

static char *disk;

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

static char *dev_user(const char *qom_path)
{
    return g_strdup_printf("block device '%s/virtio-backend'", qom_path);
}

/* Start-up with @devices over "-blockdev @nodes" fails with @msg for
 * the option @opt. */
static void expect_start_error(const char *nodes, const char *devices,
                               const char *opt, const char *msg)
{
    g_autofree char *err = NULL;
    g_autofree char *want = g_strdup_printf("%s: %s\n", opt, msg);

    g_assert_cmpint(qtest_runf(NULL, &err, "-M pc -nodefaults -display "
                               "none -accel qtest -S %s %s", nodes,
                               devices), ==, 1);
    if (!g_str_has_suffix(err, want)) {
        g_printerr("got: %s\nwant: %s", err, want);
        g_assert_not_reached();
    }
}

/* The file node f0 and the raw node r0 over it. */
static char *f0_r0(const char *raw_opts)
{
    return g_strdup_printf("-blockdev driver=file,node-name=f0,filename=%s "
                           "-blockdev driver=raw,node-name=r0,file=f0%s",
                           disk, raw_opts);
}

/* qemu's example on the command line: only share-rw on both works. */
static void test_cmdline(void)
{
    g_autofree char *nodes = f0_r0("");
    g_autofree char *dev0 = dev_user("/machine/peripheral-anon/device[0]");
    g_autofree char *dev1 = dev_user("/machine/peripheral-anon/device[1]");
    g_autofree char *m1 = conflict("f0", "'write'", "node 'r0'", "file",
                                   dev1, "root");
    g_autofree char *m2 = conflict("f0", "'write'", dev1, "root",
                                   "node 'r0'", "file");
    g_autofree char *m3 = conflict("f0", "'write'", "node 'r0'", "file",
                                   dev0, "root");
    QTestState *qts;
    QDict *rsp;

    expect_start_error(nodes, "-device virtio-blk-pci,drive=r0 "
                       "-device virtio-blk-pci,drive=f0",
                       "-device virtio-blk-pci,drive=f0", m1);
    /* Sharing on one side only is not enough, either side. */
    expect_start_error(nodes, "-device virtio-blk-pci,drive=r0,share-rw=on "
                       "-device virtio-blk-pci,drive=f0",
                       "-device virtio-blk-pci,drive=f0", m1);
    expect_start_error(nodes, "-device virtio-blk-pci,drive=r0 "
                       "-device virtio-blk-pci,drive=f0,share-rw=on",
                       "-device virtio-blk-pci,drive=f0,share-rw=on", m2);
    /* The other order. */
    expect_start_error(nodes, "-device virtio-blk-pci,drive=f0 "
                       "-device virtio-blk-pci,drive=r0",
                       "-device virtio-blk-pci,drive=r0", m3);

    qts = qtest_initf("-M pc -nodefaults %s -device virtio-blk-pci,"
                      "drive=r0,share-rw=on,id=a -device virtio-blk-pci,"
                      "drive=f0,share-rw=on,id=b", nodes);
    rsp = qtest_qmp(qts, "{'execute': 'query-block'}");
    g_assert_cmpint(qlist_size(qdict_get_qlist(rsp, "return")), ==, 2);
    qobject_unref(rsp);
    qtest_quit(qts);
}

/* Read-only nodes, and the order of checks down a chain. */
static void test_cmdline_read_only(void)
{
    g_autofree char *ro_raw = f0_r0(",read-only=on");
    g_autofree char *ro_file = g_strdup_printf(
        "-blockdev driver=file,node-name=f0,filename=%s,read-only=on "
        "-blockdev driver=raw,node-name=r0,file=f0", disk);
    g_autofree char *ro_mid = g_strdup_printf(
        "%s -blockdev driver=raw,node-name=r1,file=r0", ro_raw);
    g_autofree char *dev0 = dev_user("/machine/peripheral-anon/device[0]");
    g_autofree char *dev1 = dev_user("/machine/peripheral-anon/device[1]");
    g_autofree char *m1 = conflict("f0", "'write'", dev1, "root",
                                   "node 'r0'", "file");
    g_autofree char *m2 = conflict("f0", "'write'", "node 'r0'", "file",
                                   dev0, "root");
    QTestState *qts;

    /* A reader of the raw node keeps writers off its file... */
    expect_start_error(ro_raw, "-device virtio-blk-pci,drive=r0 "
                       "-device virtio-blk-pci,drive=f0",
                       "-device virtio-blk-pci,drive=f0", m1);
    /* ...unless it shares write. */
    qts = qtest_initf("-M pc -nodefaults %s -device virtio-blk-pci,"
                      "drive=r0,share-rw=on -device virtio-blk-pci,"
                      "drive=f0", ro_raw);
    qtest_quit(qts);

    /* A writable raw node over a read-only file opens... */
    qts = qtest_initf("-M pc -nodefaults %s", ro_file);
    qtest_quit(qts);
    /* ...but cannot be written. */
    expect_start_error(ro_file, "-device virtio-blk-pci,drive=r0",
                       "-device virtio-blk-pci,drive=r0",
                       "Block node is read-only");
    /* A conflict on the node is found before its being read-only. */
    expect_start_error(ro_file, "-device virtio-blk-pci,drive=f0 "
                       "-device virtio-blk-pci,drive=r0",
                       "-device virtio-blk-pci,drive=r0", m2);
    /* Read-only in the middle stops the write before the conflict
     * further down. */
    expect_start_error(ro_mid, "-device virtio-blk-pci,drive=f0 "
                       "-device virtio-blk-pci,drive=r1",
                       "-device virtio-blk-pci,drive=r1",
                       "Block node is read-only");
}

/* -drive: a named backend is named by its id; -blockdev comes first. */
static void test_cmdline_drive(void)
{
    g_autofree char *drive = g_strdup_printf(
        "-drive file=%s,if=none,id=dr,format=raw,node-name=dn", disk);
    g_autofree char *dev0 = dev_user("/machine/peripheral-anon/device[0]");
    g_autofree char *m1 = conflict("dn", "'write'", "block device 'dr'",
                                   "root", dev0, "root");
    g_autofree char *late = g_strdup_printf(
        "%s -blockdev driver=raw,file=dn,node-name=r9", drive);

    expect_start_error(drive, "-device virtio-blk-pci,drive=dn "
                       "-device virtio-blk-pci,drive=dr",
                       "-device virtio-blk-pci,drive=dr", m1);
    expect_start_error(late, "", "-blockdev driver=raw,file=dn,"
                       "node-name=r9",
                       "Cannot find device='dn' nor node-name='dn'");
}

static void blockdev_del_error(QTestState *qts, const char *node,
                               const char *desc)
{
    qmp_assert_error(qtest_qmp(qts, "{'execute': 'blockdev-del', "
                               "'arguments': {'node-name': %s}}", node),
                     "GenericError", desc);
}

static void blockdev_del(QTestState *qts, const char *node)
{
    qtest_qmp_assert_success(qts, "{'execute': 'blockdev-del', "
                             "'arguments': {'node-name': %s}}", node);
}

static void resize_error(QTestState *qts, const char *node,
                         const char *desc)
{
    qmp_assert_error(qtest_qmp(qts, "{'execute': 'block_resize', "
                               "'arguments': {'node-name': %s, "
                               "'size': %d}}", node, 2 * DISK_SIZE),
                     "GenericError", desc);
}

static void add_error(QTestState *qts, const char *id, const char *drive,
                      bool share, const char *desc)
{
    qmp_assert_error(qtest_qmp(qts, "{'execute': 'device_add', "
                               "'arguments': {'driver': 'virtio-blk-pci', "
                               "'id': %s, 'drive': %s, 'share-rw': %p}}",
                               id, drive, QOBJECT(qbool_from_bool(share))),
                     "GenericError", desc);
}

/* The same over QMP: device_add, blockdev-add/-del, block_resize. */
static void test_qmp(void)
{
    g_autofree char *nodes = f0_r0("");
    g_autofree char *d1 = dev_user("/machine/peripheral/d1");
    g_autofree char *m1 = conflict("f0", "'write'", "node 'r0'", "file",
                                   d1, "root");
    g_autofree char *m2 = conflict("f0", "'write'", d1, "root",
                                   "node 'r0'", "file");
    g_autofree char *m3 = conflict("f0", "'resize'",
                                   "an unnamed block device", "root",
                                   "node 'r4'", "file");
    g_autofree char *m4 = conflict("f0", "'resize'", "node 'r3'", "file",
                                   "node 'r4'", "file");
    g_autofree char *m5 = conflict("f0", "'write'", "node 'r0'", "file",
                                   "node 'r3'", "file");
    g_autofree char *m6 = conflict("f0", "'write'", "node 'r3'", "file",
                                   "node 'r0'", "file");
    QTestState *qts;

    qts = qtest_initf("-M pc -nodefaults %s -device virtio-blk-pci,"
                      "drive=r0,id=d0", nodes);
    blockdev_del_error(qts, "f0", "Block device f0 is in use");
    blockdev_del_error(qts, "r0", "Node r0 is in use");
    add_error(qts, "d1", "f0", false, m1);
    add_error(qts, "d1", "f0", true, m2);

    /* A raw window over f0 forbids resizing it, but for itself. */
    qtest_qmp_assert_success(qts, "{'execute': 'blockdev-add', "
                             "'arguments': {'driver': 'raw', "
                             "'node-name': 'r3', 'file': 'f0'}}");
    qtest_qmp_assert_success(qts, "{'execute': 'blockdev-add', "
                             "'arguments': {'driver': 'raw', "
                             "'node-name': 'r4', 'file': 'f0', "
                             "'offset': 512}}");
    resize_error(qts, "f0", m3);
    resize_error(qts, "r3", m4);
    qtest_qmp_assert_success(qts, "{'execute': 'block_resize', "
                             "'arguments': {'node-name': 'r4', "
                             "'size': %d}}", 2 * DISK_SIZE);
    blockdev_del(qts, "r4");
    qtest_qmp_assert_success(qts, "{'execute': 'block_resize', "
                             "'arguments': {'node-name': 'r0', "
                             "'size': %d}}", DISK_SIZE);

    /* Between two raw nodes over one file. */
    add_error(qts, "d6", "r3", false, m5);
    add_error(qts, "d7", "r3", true, m6);
    blockdev_del(qts, "r3");
    blockdev_del_error(qts, "f0", "Block device f0 is in use");
    qtest_quit(qts);
}

/* Read-only over QMP, and an inline child: not the monitor's to delete. */
static void test_qmp_read_only(void)
{
    g_autofree char *d11 = dev_user("/machine/peripheral/d11");
    g_autofree char *m1 = conflict("f9", "'write'", "node 'r9'", "file",
                                   d11, "root");
    QTestState *qts;

    qts = qtest_initf("-M pc -nodefaults -blockdev driver=file,"
                      "node-name=f9,filename=%s,read-only=on", disk);
    qtest_qmp_assert_success(qts, "{'execute': 'blockdev-add', "
                             "'arguments': {'driver': 'raw', "
                             "'node-name': 'r9', 'file': 'f9'}}");
    add_error(qts, "d9", "r9", false, "Block node is read-only");
    resize_error(qts, "r9", "Image is read-only");
    resize_error(qts, "f9", "Image is read-only");
    /* Readers of read-only nodes do not write... */
    qtest_qmp_assert_success(qts, "{'execute': 'blockdev-add', "
                             "'arguments': {'driver': 'raw', "
                             "'node-name': 'r10', 'file': 'f9', "
                             "'read-only': true}}");
    qtest_qmp_device_add(qts, "virtio-blk-pci", "d10", "{'drive': 'r10'}");
    qtest_qmp_device_add(qts, "virtio-blk-pci", "d11", "{'drive': 'f9'}");
    /* ...and a conflict is reported before read-only. */
    add_error(qts, "d12", "r9", false, m1);
    add_error(qts, "d13", "r9", true, m1);
    blockdev_del_error(qts, "r10", "Node r10 is in use");
    blockdev_del_error(qts, "f9", "Node f9 is in use");
    blockdev_del(qts, "r9");

    qtest_qmp_assert_success(qts, "{'execute': 'blockdev-add', "
                             "'arguments': {'driver': 'raw', "
                             "'node-name': 'r11', 'file': {'driver': "
                             "'file', 'filename': %s, 'node-name': "
                             "'i11'}}}", disk);
    blockdev_del_error(qts, "i11", "Node i11 is not owned by the monitor");
    qtest_qmp_device_add(qts, "virtio-blk-pci", "d14", "{'drive': 'i11'}");
    blockdev_del_error(qts, "i11", "Node i11 is in use");
    /* The child stays while its device does. */
    blockdev_del(qts, "r11");
    blockdev_del_error(qts, "i11", "Node i11 is in use");
    qtest_quit(qts);
}

/* Hot-unplug @id from pc's slot @slot (ACPI): the guest's eject. */
static void unplug(QTestState *qts, const char *id, int slot)
{
    g_autofree char *backend = g_strdup_printf(
        "{\"path\": \"/machine/peripheral/%s/virtio-backend\"}", id);
    g_autofree char *proxy = g_strdup_printf(
        "{\"device\": \"%s\", \"path\": \"/machine/peripheral/%s\"}",
        id, id);

    qtest_qmp_assert_success(qts, "{'execute': 'device_del', "
                             "'arguments': {'id': %s}}", id);
    g_assert_cmphex(qtest_inl(qts, PCIHP_DOWN), ==, 1u << slot);
    qtest_outl(qts, PCIHP_EJ, 1u << slot);
    qtest_qmp_assert_event(qts, "DEVICE_DELETED", backend);
    qtest_qmp_assert_event(qts, "DEVICE_DELETED", proxy);
}

/*
 * Unplugging the raw node's device gives its write back on the file
 * too; the nodes then go top down, each once nothing uses it.
 */
static void test_unplug_order(void)
{
    g_autofree char *nodes = f0_r0("");
    g_autofree char *d2 = dev_user("/machine/peripheral/d2");
    g_autofree char *m1 = conflict("f0", "'write'", "node 'r0'", "file",
                                   d2, "root");
    QTestState *qts;

    qts = qtest_initf("-M pc -nodefaults %s", nodes);
    qtest_qmp_device_add(qts, "virtio-blk-pci", "d1",
                         "{'drive': 'r0', 'bus': 'pci.0', 'addr': '7'}");
    add_error(qts, "d2", "f0", false, m1);
    unplug(qts, "d1", 7);

    /* Nothing writes through r0 now. */
    qtest_qmp_device_add(qts, "virtio-blk-pci", "d2",
                         "{'drive': 'f0', 'bus': 'pci.0', 'addr': '8'}");
    /* The device on f0 counts before the raw node above it. */
    blockdev_del_error(qts, "f0", "Node f0 is in use");
    blockdev_del(qts, "r0");
    blockdev_del_error(qts, "f0", "Node f0 is in use");
    unplug(qts, "d2", 8);
    blockdev_del(qts, "f0");
    blockdev_del_error(qts, "f0", "Failed to find node with node-name='f0'");
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    int fd, ret;

    g_test_init(&argc, &argv, NULL);
    fd = g_file_open_tmp("corvid-bperm-XXXXXX", &disk, NULL);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(ftruncate(fd, DISK_SIZE), ==, 0);
    close(fd);
    g_test_add_func("/block-perm/cmdline", test_cmdline);
    g_test_add_func("/block-perm/cmdline-read-only", test_cmdline_read_only);
    g_test_add_func("/block-perm/cmdline-drive", test_cmdline_drive);
    g_test_add_func("/block-perm/qmp", test_qmp);
    g_test_add_func("/block-perm/qmp-read-only", test_qmp_read_only);
    g_test_add_func("/block-perm/unplug-order", test_unplug_order);
    ret = g_test_run();
    unlink(disk);
    g_free(disk);
    return ret;
}
