/*
 * -boot through the binary: the machine property "boot" it sets (qom-get
 * /machine boot, as qemu-system-x86_64 7.2 reports it), the fw_cfg items
 * firmware reads on the test machine corvid-test-x86 (FW_CFG_BOOT_MENU,
 * "etc/boot-menu-wait", "etc/boot-fail-wait", "bootorder"), once= going
 * through the board's boot-set handler until the next reset, and the
 * errors that come from the firmware glue rather than the option.
 */
#include "util/osdep.h"
#include "qobject/qjson.h"
#include "fw_cfg-util.h"

#define MACHINE QFW_TEST_MACHINE

static void assert_boot(QTestState *s, const char *expected)
{
    QObject *v = qtest_qom_get(s, "/machine", "boot");

    qobject_assert_json(v, expected);
    qobject_unref(v);
}

static void test_property(void)
{
    QTestState *s;

    s = qtest_init("-M none");
    assert_boot(s, "{\"order\": \"\"}");
    qtest_quit(s);

    s = qtest_init("-M none -boot cd");
    assert_boot(s, "{\"order\": \"cd\"}");
    qtest_quit(s);

    /* Options merge; the last value of a key wins. */
    s = qtest_init("-M none,boot.order=dc -boot menu=on,splash-time=5 "
                   "-boot menu=off,reboot-timeout=0x10,strict=on");
    assert_boot(s, "{\"order\": \"dc\", \"menu\": false, \"splash-time\": 5, "
                "\"reboot-timeout\": 16, \"strict\": true}");
    /* qom-set replaces the whole configuration, checked. */
    qmp_assert_error(qtest_qmp(s, "{'execute': 'qom-set', 'arguments': "
                               "{'path': '/machine', 'property': 'boot', "
                               "'value': {'order': 'x'}}}"),
                     "GenericError", "Invalid boot device 'x'");
    qtest_qmp_assert_success(s, "{'execute': 'qom-set', 'arguments': "
                             "{'path': '/machine', 'property': 'boot', "
                             "'value': {'order': 'n', 'once': 'c'}}}");
    assert_boot(s, "{\"order\": \"n\", \"once\": \"c\"}");
    qtest_quit(s);

    if (!qfw_test_have_machine()) {
        return;
    }
    /* A board's default order; splash only recorded. */
    s = qtest_init("-M " MACHINE " -boot menu=yes,splash=/nonexistent.bmp");
    assert_boot(s, "{\"order\": \"cad\", \"menu\": true, "
                "\"splash\": \"/nonexistent.bmp\"}");
    qtest_quit(s);
}

static void test_fw_cfg_defaults(void)
{
    QFWCfg fw;
    QTestState *s;
    uint32_t len;

    if (!qfw_test_have_machine()) {
        return;
    }
    s = qfw_test_start(&fw, "");
    g_assert_cmpuint(qfw_read_u16(&fw, FW_CFG_BOOT_MENU), ==, 0);
    g_assert_cmphex(qfw_find_file(&fw, "etc/boot-menu-wait", NULL), ==,
                    FW_CFG_INVALID);
    qfw_assert_file(&fw, "etc/boot-fail-wait", "\xff\xff\xff\xff", 4);
    g_assert_cmphex(qfw_find_file(&fw, "bootorder", &len), !=,
                    FW_CFG_INVALID);
    g_assert_cmpuint(len, ==, 0);
    qtest_quit(s);
}

static void test_fw_cfg_items(void)
{
    QFWCfg fw;
    QTestState *s;
    uint32_t len;

    if (!qfw_test_have_machine()) {
        return;
    }
    s = qfw_test_start(&fw, " -boot order=dc,menu=on,splash-time=1234,"
                       "reboot-timeout=5000,strict=on");
    g_assert_cmpuint(qfw_read_u16(&fw, FW_CFG_BOOT_MENU), ==, 1);
    qfw_assert_file(&fw, "etc/boot-menu-wait", "\xd2\x04", 2);
    qfw_assert_file(&fw, "etc/boot-fail-wait", "\x88\x13\0\0", 4);
    /*
     * No device has a bootindex, so "bootorder" stays empty (qemu adds
     * strict=on's "HALT" only after a device path).
     */
    g_assert_cmphex(qfw_find_file(&fw, "bootorder", &len), !=,
                    FW_CFG_INVALID);
    g_assert_cmpuint(len, ==, 0);
    qtest_quit(s);

    /* The limits themselves are fine; -1 means never reboot. */
    s = qfw_test_start(&fw, " -boot menu=off,splash-time=65535,"
                       "reboot-timeout=-1");
    g_assert_cmpuint(qfw_read_u16(&fw, FW_CFG_BOOT_MENU), ==, 0);
    qfw_assert_file(&fw, "etc/boot-menu-wait", "\xff\xff", 2);
    qfw_assert_file(&fw, "etc/boot-fail-wait", "\xff\xff\xff\xff", 4);
    qtest_quit(s);
}

/* The firmware glue checks the ranges at board init: no location. */
static void test_fw_cfg_errors(void)
{
    static const struct {
        const char *boot;
        const char *msg;
    } cases[] = {
        { "splash-time=70000", "splash-time is invalid,it should be a value "
          "between 0 and 65535" },
        { "splash-time=-1", "splash-time is invalid,it should be a value "
          "between 0 and 65535" },
        { "reboot-timeout=65536", "reboot timeout is invalid,it should be a "
          "value between -1 and 65535" },
        { "reboot-timeout=-2", "reboot timeout is invalid,it should be a "
          "value between -1 and 65535" },
    };
    unsigned i;

    if (!qfw_test_have_machine()) {
        return;
    }
    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        g_autofree char *err = NULL;
        g_autofree char *want = g_strdup_printf(": %s\n", cases[i].msg);

        g_assert_cmpint(qtest_runf(NULL, &err, "-M " MACHINE " -display "
                                   "none -accel qtest -boot %s",
                                   cases[i].boot), ==, 1);
        g_assert_true(g_str_has_suffix(err, want));
        g_assert_null(strstr(err, "-boot"));
    }
}

static char *boot_devices(QTestState *s)
{
    QObject *v = qtest_qom_get(s, "/machine", "boot-devices");
    char *str = g_strdup(qstring_get_str(qobject_to(QString, v)));

    qobject_unref(v);
    return str;
}

/* once=: the board gets it after init, and order= after a reset. */
static void test_once(void)
{
    g_autofree char *first = NULL, *second = NULL, *third = NULL;
    g_autofree char *plain = NULL, *err = NULL;
    QTestState *s;

    g_assert_cmpint(qtest_run("-M none -display none -accel qtest "
                              "-boot once=d", NULL, &err), ==, 1);
    g_assert_nonnull(strstr(err, "no function defined to set boot device "
                            "list for this architecture"));
    if (!qfw_test_have_machine()) {
        return;
    }
    s = qtest_init("-M " MACHINE " -boot order=cn");
    plain = boot_devices(s);
    g_assert_cmpstr(plain, ==, "cn");
    qtest_quit(s);

    s = qtest_init("-M " MACHINE " -boot once=d,order=cn");
    first = boot_devices(s);
    g_assert_cmpstr(first, ==, "d");
    qtest_qmp_assert_success(s, "{'execute': 'system_reset'}");
    qtest_qmp_eventwait(s, "RESET");
    second = boot_devices(s);
    g_assert_cmpstr(second, ==, "cn");
    qtest_qmp_assert_success(s, "{'execute': 'system_reset'}");
    qtest_qmp_eventwait(s, "RESET");
    third = boot_devices(s);
    g_assert_cmpstr(third, ==, "cn");
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/boot/property", test_property);
    g_test_add_func("/boot/fw_cfg/defaults", test_fw_cfg_defaults);
    g_test_add_func("/boot/fw_cfg/items", test_fw_cfg_items);
    g_test_add_func("/boot/fw_cfg/errors", test_fw_cfg_errors);
    g_test_add_func("/boot/once", test_once);
    return g_test_run();
}
