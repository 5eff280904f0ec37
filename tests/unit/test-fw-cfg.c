/*
 * Unit tests for the fw_cfg core API (hw/nvram/fw_cfg.c): numbered items,
 * files and their sorted directory with keys that move as files are
 * inserted, replacing files, borrowed buffers and callbacks, the errors
 * for bad names, duplicates and a full directory, device properties, and
 * the e820 encoding.  The guest's view is tested over qtest in
 * tests/qtest/fw_cfg-*-test.c.
 */
#include "util/osdep.h"
#include "util/module.h"
#include "qom/object-property.h"
#include "hw/core/qdev-properties.h"
#include "hw/i386/fw_cfg.h"
#include "system/fw_cfg-opts.h"

static FWCfgState *fw_cfg_new(uint16_t slots, Error **errp)
{
    DeviceState *dev = qdev_new(TYPE_FW_CFG_IO);

    if (slots) {
        object_property_set_uint(OBJECT(dev), "x-file-slots", slots,
                                 &error_abort);
    }
    if (!qdev_realize_and_unref(dev, sysbus_get_default(), errp)) {
        return NULL;
    }
    return FW_CFG(dev);
}

static void fw_cfg_del(FWCfgState *s)
{
    object_unparent(OBJECT(s));
}

/* The guest's view of the selected item: @len bytes. */
static void read_item(FWCfgState *s, uint16_t key, void *buf, size_t len)
{
    uint8_t *p = buf;
    size_t i;

    fw_cfg_select(s, key);
    for (i = 0; i < len; i++) {
        p[i] = fw_cfg_data_read(s, 1);
    }
}

static void check_err(Error **errp, const char *msg)
{
    g_assert_nonnull(*errp);
    g_assert_cmpstr(error_get_pretty(*errp), ==, msg);
    error_free(*errp);
    *errp = NULL;
}

static void test_numbered(void)
{
    FWCfgState *s = fw_cfg_new(0, &error_abort);
    char sig[4];
    uint8_t b[8];
    uint32_t len;
    const uint8_t *data;

    read_item(s, FW_CFG_SIGNATURE, sig, 4);
    g_assert_cmpmem(sig, 4, "QEMU", 4);
    data = fw_cfg_get_item(s, FW_CFG_ID, &len);
    g_assert_cmpuint(len, ==, 4);
    g_assert_cmpmem(data, 4, "\x03\0\0\0", 4);

    fw_cfg_add_i16(s, FW_CFG_NB_CPUS, 0x1234);
    fw_cfg_add_i32(s, FW_CFG_KERNEL_ADDR, 0x12345678);
    fw_cfg_add_i64(s, FW_CFG_RAM_SIZE, 0x0102030405060708ULL);
    fw_cfg_add_string(s, FW_CFG_CMDLINE_DATA, "ab");
    fw_cfg_add_bytes(s, FW_CFG_IRQ0_OVERRIDE, "\x01\x02", 2);
    read_item(s, FW_CFG_NB_CPUS, b, 3);
    g_assert_cmpmem(b, 3, "\x34\x12\0", 3);
    read_item(s, FW_CFG_KERNEL_ADDR, b, 4);
    g_assert_cmpmem(b, 4, "\x78\x56\x34\x12", 4);
    read_item(s, FW_CFG_RAM_SIZE, b, 8);
    g_assert_cmpmem(b, 8, "\x08\x07\x06\x05\x04\x03\x02\x01", 8);
    data = fw_cfg_get_item(s, FW_CFG_CMDLINE_DATA, &len);
    g_assert_cmpmem(data, len, "ab", 3);
    read_item(s, FW_CFG_IRQ0_OVERRIDE, b, 2);
    g_assert_cmpmem(b, 2, "\x01\x02", 2);

    /* Wider data reads: item order, first byte most significant. */
    fw_cfg_select(s, FW_CFG_SIGNATURE);
    g_assert_cmphex(fw_cfg_data_read(s, 2), ==, 0x5145);
    g_assert_cmphex(fw_cfg_data_read(s, 4), ==, 0x4d550000);
    fw_cfg_select(s, FW_CFG_SIGNATURE);
    g_assert_cmphex(fw_cfg_data_read(s, 8), ==, 0x51454d5500000000ULL);

    /* Replacing. */
    fw_cfg_modify_i32(s, FW_CFG_KERNEL_ADDR, 7);
    read_item(s, FW_CFG_KERNEL_ADDR, b, 4);
    g_assert_cmpmem(b, 4, "\x07\0\0\0", 4);
    fw_cfg_modify_i16(s, FW_CFG_NB_CPUS, 9);
    fw_cfg_modify_i64(s, FW_CFG_RAM_SIZE, 1);
    fw_cfg_modify_bytes(s, FW_CFG_MAX_CPUS, "\x05", 1);
    g_assert_nonnull(fw_cfg_get_item(s, FW_CFG_MAX_CPUS, &len));
    g_assert_cmpuint(len, ==, 1);

    /* Keys without items. */
    g_assert_null(fw_cfg_get_item(s, FW_CFG_UUID, &len));
    g_assert_cmpuint(len, ==, 0);
    g_assert_null(fw_cfg_get_item(s, FW_CFG_INVALID, &len));
    fw_cfg_select(s, FW_CFG_INVALID);
    g_assert_null(fw_cfg_cur_entry(s));
    g_assert_cmphex(fw_cfg_data_read(s, 4), ==, 0);
    fw_cfg_del(s);
}

/* Files sort by strcmp; inserting one moves the later ones up a key. */
static void test_files_sorted(void)
{
    FWCfgState *s = fw_cfg_new(0, &error_abort);
    uint8_t dir[4 + 3 * 64];
    uint32_t len;
    char b[4];

    g_assert_true(fw_cfg_add_file(s, "m", "M", 1, &error_abort));
    g_assert_cmphex(fw_cfg_file_key(s, "m"), ==, FW_CFG_FILE_FIRST);
    g_assert_true(fw_cfg_add_file(s, "z", "ZZ", 2, &error_abort));
    g_assert_true(fw_cfg_add_file(s, "B", "B", 1, &error_abort));
    /* "B" < "m" < "z": m moved from 0x20 to 0x21 with its data. */
    g_assert_cmphex(fw_cfg_file_key(s, "B"), ==, FW_CFG_FILE_FIRST);
    g_assert_cmphex(fw_cfg_file_key(s, "m"), ==, FW_CFG_FILE_FIRST + 1);
    g_assert_cmphex(fw_cfg_file_key(s, "z"), ==, FW_CFG_FILE_FIRST + 2);
    g_assert_cmphex(fw_cfg_file_key(s, "nope"), ==, FW_CFG_INVALID);
    read_item(s, FW_CFG_FILE_FIRST + 1, b, 1);
    g_assert_cmpmem(b, 1, "M", 1);
    read_item(s, FW_CFG_FILE_FIRST + 2, b, 2);
    g_assert_cmpmem(b, 2, "ZZ", 2);

    read_item(s, FW_CFG_FILE_DIR, dir, sizeof(dir));
    g_assert_cmpmem(dir, 4, "\0\0\0\x03", 4);
    g_assert_cmpmem(dir + 4, 9, "\0\0\0\x01\0\x20\0\0B", 9);
    g_assert_cmpmem(dir + 4 + 64, 9, "\0\0\0\x01\0\x21\0\0m", 9);
    g_assert_cmpmem(dir + 4 + 128, 9, "\0\0\0\x02\0\x22\0\0z", 9);
    fw_cfg_get_item(s, FW_CFG_FILE_DIR, &len);
    g_assert_cmpuint(len, ==, 4 + 3 * 64);

    /* Replacing keeps the key and updates the size. */
    g_assert_true(fw_cfg_modify_file(s, "m", "mmmm", 4, &error_abort));
    g_assert_cmphex(fw_cfg_file_key(s, "m"), ==, FW_CFG_FILE_FIRST + 1);
    read_item(s, FW_CFG_FILE_DIR, dir, sizeof(dir));
    g_assert_cmpmem(dir + 4 + 64, 4, "\0\0\0\x04", 4);
    read_item(s, FW_CFG_FILE_FIRST + 1, b, 4);
    g_assert_cmpmem(b, 4, "mmmm", 4);
    /* Or adds. */
    g_assert_true(fw_cfg_modify_file(s, "a", NULL, 0, &error_abort));
    g_assert_cmphex(fw_cfg_file_key(s, "a"), ==, FW_CFG_FILE_FIRST + 1);
    g_assert_nonnull(fw_cfg_get_item(s, FW_CFG_FILE_FIRST + 1, &len));
    g_assert_cmpuint(len, ==, 0);
    fw_cfg_del(s);
}

static void test_file_errors(void)
{
    FWCfgState *s = fw_cfg_new(FW_CFG_FILE_SLOTS_MIN, &error_abort);
    char name[FW_CFG_MAX_FILE_PATH + 1];
    Error *err = NULL;
    unsigned i;

    memset(name, 'x', FW_CFG_MAX_FILE_PATH);
    name[FW_CFG_MAX_FILE_PATH] = 0;
    g_assert_false(fw_cfg_add_file(s, name, "x", 1, &err));
    check_err(&err, "fw_cfg file name 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
              "xxxxxxxxxxxxxxxxxxx' is too long (max. 55 characters)");
    name[FW_CFG_MAX_FILE_PATH - 1] = 0;
    g_assert_true(fw_cfg_add_file(s, name, "x", 1, &error_abort));
    g_assert_false(fw_cfg_add_file(s, "", "x", 1, &err));
    check_err(&err, "fw_cfg file name must not be empty");
    g_assert_false(fw_cfg_add_file(s, name, "y", 1, &err));
    check_err(&err, "duplicate fw_cfg file name: xxxxxxxxxxxxxxxxxxxxxxxxxxx"
              "xxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    /* A buffer handed over is freed on failure too (ASan checks). */
    g_assert_false(fw_cfg_add_file_take(s, name, g_malloc(10), 10, &err));
    check_err(&err, "duplicate fw_cfg file name: xxxxxxxxxxxxxxxxxxxxxxxxxxx"
              "xxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    for (i = 1; i < FW_CFG_FILE_SLOTS_MIN; i++) {
        g_autofree char *n = g_strdup_printf("f%02u", i);

        g_assert_true(fw_cfg_add_file_take(s, n, g_strdup(n), 3,
                                           &error_abort));
    }
    g_assert_false(fw_cfg_add_file(s, "full", "x", 1, &err));
    check_err(&err, "cannot add fw_cfg file 'full': all 16 file slots are in "
              "use");
    g_assert_false(fw_cfg_modify_file(s, "full", "x", 1, &err));
    check_err(&err, "cannot add fw_cfg file 'full': all 16 file slots are in "
              "use");
    fw_cfg_del(s);
}

typedef struct CallbackState {
    uint8_t data[8];
    int selects;
    uint32_t write_offset, write_len;
} CallbackState;

static void cb_select(void *opaque)
{
    CallbackState *c = opaque;

    c->selects++;
    c->data[0] = '0' + c->selects;
}

static void test_callbacks(void)
{
    FWCfgState *s = fw_cfg_new(0, &error_abort);
    CallbackState c = { .data = "abcdefg" };
    uint16_t key;
    char b[3];

    g_assert_true(fw_cfg_add_file_callback(s, "cb", cb_select, NULL, &c,
                                           c.data, sizeof(c.data), true,
                                           &error_abort));
    key = fw_cfg_file_key(s, "cb");
    /* The buffer is borrowed: the select callback refreshes it. */
    read_item(s, key, b, 3);
    g_assert_cmpmem(b, 3, "1bc", 3);
    c.data[1] = 'X';
    read_item(s, key | FW_CFG_WRITE_CHANNEL, b, 3);
    g_assert_cmpmem(b, 3, "2Xc", 3);
    g_assert_cmpint(c.selects, ==, 2);
    g_assert_true(fw_cfg_cur_entry(s)->select_cb == cb_select);
    g_assert_false(fw_cfg_cur_entry(s)->allow_write);
    /* modify_file makes it a plain owned copy: no more callbacks. */
    g_assert_true(fw_cfg_modify_file(s, "cb", "new", 3, &error_abort));
    read_item(s, key, b, 3);
    g_assert_cmpmem(b, 3, "new", 3);
    g_assert_cmpint(c.selects, ==, 2);
    fw_cfg_del(s);
}

static void test_device(void)
{
    FWCfgState *s = fw_cfg_new(0, &error_abort);
    Error *err = NULL;

    g_assert_true(fw_cfg_find() == s);
    g_assert_true(fw_cfg_dma_enabled(s));
    /* One per machine. */
    g_assert_null(fw_cfg_new(0, &err));
    check_err(&err, "at most one fw_cfg device is permitted");
    fw_cfg_del(s);
    g_assert_null(fw_cfg_find());

    g_assert_null(fw_cfg_new(FW_CFG_FILE_SLOTS_MIN - 1, &err));
    check_err(&err, "\"file_slots\" must be at least 0x10");
    g_assert_null(fw_cfg_new(0x3fe1, &err));
    check_err(&err, "\"file_slots\" must not exceed 0x3fe0");
    s = fw_cfg_new(0x3fe0, &error_abort);
    fw_cfg_del(s);

    /* Without DMA the feature bitmap says so. */
    {
        DeviceState *dev = qdev_new(TYPE_FW_CFG_MEM);
        uint32_t len;
        const uint8_t *id;

        qdev_prop_set_bit(dev, "dma_enabled", false);
        qdev_prop_set_uint32(dev, "data_width", 3);
        g_assert_false(qdev_realize(dev, sysbus_get_default(), &err));
        check_err(&err, "fw_cfg_mem: data_width must be 1, 2, 4 or 8, not 3");
        qdev_prop_set_uint32(dev, "data_width", 4);
        g_assert_true(qdev_realize_and_unref(dev, sysbus_get_default(),
                                             &error_abort));
        id = fw_cfg_get_item(FW_CFG(dev), FW_CFG_ID, &len);
        g_assert_cmpmem(id, len, "\x01\0\0\0", 4);
        g_assert_cmpuint(FW_CFG_MEM(dev)->data_width, ==, 4);
        object_unparent(OBJECT(dev));
    }
}

static void test_opts_no_device(void)
{
    g_autoptr(QDict) opts = qdict_new();
    Error *err = NULL;

    qdict_put_str(opts, "name", "opt/a");
    qdict_put_str(opts, "string", "x");
    g_assert_true(fw_cfg_check_opts(opts, &error_abort));
    g_assert_false(fw_cfg_add_from_opts(NULL, opts, &err));
    check_err(&err, "fw_cfg device not available");
    qdict_put_int(opts, "file", 1);
    g_assert_false(fw_cfg_check_opts(opts, &err));
    check_err(&err, "Invalid parameter 'file'");
}

static void test_e820_encode(void)
{
    static const E820Entry t[] = {
        { 0x1122334455667788ULL, 0x10, E820_RESERVED },
        { 0, 0x9fc00, E820_RAM },
    };
    size_t len;
    g_autofree uint8_t *b = x86_e820_encode(t, 2, &len);

    g_assert_cmpuint(len, ==, 40);
    g_assert_cmpmem(b, 20, "\x88\x77\x66\x55\x44\x33\x22\x11"
                    "\x10\0\0\0\0\0\0\0\x02\0\0\0", 20);
    g_assert_cmpmem(b + 20, 20, "\0\0\0\0\0\0\0\0"
                    "\0\xfc\x09\0\0\0\0\0\x01\0\0\0", 20);
    g_free(b);
    b = x86_e820_encode(NULL, 0, &len);
    g_assert_cmpuint(len, ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);
    g_test_add_func("/fw_cfg/numbered", test_numbered);
    g_test_add_func("/fw_cfg/files-sorted", test_files_sorted);
    g_test_add_func("/fw_cfg/file-errors", test_file_errors);
    g_test_add_func("/fw_cfg/callbacks", test_callbacks);
    g_test_add_func("/fw_cfg/device", test_device);
    g_test_add_func("/fw_cfg/opts-no-device", test_opts_no_device);
    g_test_add_func("/fw_cfg/e820-encode", test_e820_encode);
    return g_test_run();
}
