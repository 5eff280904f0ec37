/*
 * Unit tests for qdev device configuration (hw/core/): property tables
 * in typed and string mode (integers, size, bool, string, enum, bit,
 * UUID and link properties, defaults as help shows them), properties
 * frozen after realize, and -global.  Realize, buses, reset and GPIO are
 * in test-qdev-bus.c, -device, hotplug and unplug in test-qdev-hotplug.c;
 * the types and helpers they share are in qdev-test-types.c.
 */
#include "util/osdep.h"
#include "util/cutils.h"
#include "util/module.h"
#include "util/error-report.h"
#include "qom/object-property.h"
#include "qom/object-interfaces.h"
#include "hw/core/qdev.h"
#include "hw/core/qdev-properties.h"
#include "hw/core/sysbus.h"
#include "tests/testdev/testdev.h"
#include "tests/unit/qdev-test-types.h"

/* ------------------------------------------------------------------ */
/* Property tables */

static void test_prop_defaults(void)
{
    DeviceState *dev = qdev_new(TYPE_CORVID_TEST_BRIDGE);
    DeviceState *leaf = qdev_new(TYPE_CORVID_TEST_LEAF);
    CorvidTestBridge *br = CORVID_TEST_BRIDGE(dev);
    ObjectProperty *prop;
    char uuid[UUID_STR_LEN + 1];

    g_assert_false(br->flag);
    g_assert_cmpuint(br->u8, ==, 8);
    g_assert_cmpuint(br->u16, ==, 16);
    g_assert_cmpuint(br->u32, ==, 32);
    g_assert_cmpuint(br->u64, ==, 64);
    g_assert_cmpint(br->i32, ==, -32);
    g_assert_cmpint(br->i64, ==, -64);
    g_assert_cmpuint(br->size, ==, 4 * KiB);
    g_assert_null(br->str);
    g_assert_cmpint(br->mode, ==, ON_OFF_AUTO_AUTO);
    g_assert_cmphex(br->bits, ==, 1 << 3);
    g_assert_null(br->peer);
    g_assert_false(br->async_unplug);
    g_assert_false(br->fail_realize);
    g_assert_cmpuint(CORVID_TEST_LEAF(leaf)->slot, ==, 0);

    assert_prop(dev, "flag", "false");
    assert_prop(dev, "u8", "8");
    assert_prop(dev, "u64", "64");
    assert_prop(dev, "i32", "-32");
    assert_prop(dev, "i64", "-64");
    assert_prop(dev, "size", "4096");
    assert_prop(dev, "str", "");
    assert_prop(dev, "mode", "auto");
    assert_prop(dev, "bit3", "true");
    assert_prop(dev, "peer", "");
    assert_prop(dev, "realized", "false");
    assert_prop(dev, "hotplugged", "false");
    assert_prop(dev, "parent_bus", "");
    assert_prop(leaf, "slot", "0");

    uuid_unparse(&br->uuid, uuid);
    assert_prop(dev, "uuid", uuid);

    /* Types, descriptions and defaults as help shows them. */
    g_assert_cmpstr(object_property_get_type(OBJECT(dev), "u8",
                                             &error_abort), ==, "uint8");
    g_assert_cmpstr(object_property_get_type(OBJECT(dev), "i32",
                                             &error_abort), ==, "int32");
    g_assert_cmpstr(object_property_get_type(OBJECT(dev), "size",
                                             &error_abort), ==, "size");
    g_assert_cmpstr(object_property_get_type(OBJECT(dev), "str",
                                             &error_abort), ==, "str");
    g_assert_cmpstr(object_property_get_type(OBJECT(dev), "mode",
                                             &error_abort), ==, "OnOffAuto");
    g_assert_cmpstr(object_property_get_type(OBJECT(dev), "bit3",
                                             &error_abort), ==, "bool");
    g_assert_cmpstr(object_property_get_type(OBJECT(dev), "peer",
                                             &error_abort), ==,
                    "link<corvid-test-object>");
    prop = object_property_find(OBJECT(dev), "mode");
    g_assert_cmpstr(prop->description, ==, "on/off/auto");
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, prop->defval)), ==,
                    "auto");
    prop = object_property_find(OBJECT(dev), "flag");
    g_assert_cmpstr(prop->description, ==, "on/off");
    g_assert_false(qbool_get_bool(qobject_to(QBool, prop->defval)));
    prop = object_property_find(OBJECT(dev), "i64");
    g_assert_nonnull(prop->defval);
    {
        int64_t v;
        g_assert_true(qnum_get_try_int(qobject_to(QNum, prop->defval), &v));
        g_assert_cmpint(v, ==, -64);
    }
    g_assert_null(object_property_find(OBJECT(dev), "str")->defval);
    g_assert_null(object_property_find(OBJECT(dev), "peer")->defval);

    object_unref(OBJECT(dev));
    object_unref(OBJECT(leaf));
}

/*
 * A UUID property defaults to "auto", as qemu's DEFINE_PROP_UUID does:
 * each device gets its own random (version 4) UUID, and help shows
 * (default: "auto").
 */
static void test_prop_uuid_default(void)
{
    DeviceState *dev = qdev_new(TYPE_CORVID_TEST_BRIDGE);
    DeviceState *dev2 = qdev_new(TYPE_CORVID_TEST_BRIDGE);
    CorvidTestBridge *br = CORVID_TEST_BRIDGE(dev);
    ObjectProperty *prop = object_property_find(OBJECT(dev), "uuid");

    g_assert_cmpstr(prop->description, ==, "UUID (aka GUID) or "
                    "\"auto\" for random value (default)");
    g_assert_nonnull(prop->defval);
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, prop->defval)),
                    ==, "auto");
    g_assert_false(uuid_is_null(&br->uuid));
    g_assert_cmphex(br->uuid.data[6] >> 4, ==, 4);
    g_assert_cmphex(br->uuid.data[8] & 0xc0, ==, 0x80);
    g_assert_true(memcmp(&br->uuid, &CORVID_TEST_BRIDGE(dev2)->uuid,
                         sizeof(br->uuid)) != 0);
    object_unref(OBJECT(dev));
    object_unref(OBJECT(dev2));
}

static void test_prop_integers(void)
{
    DeviceState *dev = qdev_new(TYPE_CORVID_TEST_BRIDGE);
    CorvidTestBridge *br = CORVID_TEST_BRIDGE(dev);
    Error *err = NULL;

    /* uint8 */
    g_assert_true(parse(dev, "u8", "255", &error_abort));
    g_assert_cmpuint(br->u8, ==, 255);
    g_assert_true(parse(dev, "u8", "0x10", &error_abort));
    g_assert_cmpuint(br->u8, ==, 16);
    g_assert_true(set_typed(dev, "u8", QINT(0), &error_abort));
    g_assert_cmpuint(br->u8, ==, 0);
    g_assert_false(parse(dev, "u8", "256", &err));
    check_err(&err, "Parameter 'u8' expects uint8_t");
    g_assert_false(set_typed(dev, "u8", QINT(256), &err));
    check_err(&err, "Parameter 'u8' expects uint8_t");
    g_assert_false(set_typed(dev, "u8", QINT(-1), &err));
    check_err(&err, "Parameter 'u8' expects uint8_t");
    g_assert_false(parse(dev, "u8", "abc", &err));
    check_err(&err, "Parameter 'u8' expects integer");
    g_assert_false(set_typed(dev, "u8", QSTR("1"), &err));
    check_err(&err, "Invalid parameter type for 'u8', expected: integer");
    g_assert_cmpuint(br->u8, ==, 0);

    /* uint16, uint32 */
    g_assert_true(parse(dev, "u16", "65535", &error_abort));
    g_assert_cmpuint(br->u16, ==, 65535);
    g_assert_false(parse(dev, "u16", "65536", &err));
    check_err(&err, "Parameter 'u16' expects uint16_t");
    g_assert_true(set_typed(dev, "u32", QUINT(UINT32_MAX), &error_abort));
    g_assert_cmpuint(br->u32, ==, UINT32_MAX);
    g_assert_false(parse(dev, "u32", "4294967296", &err));
    check_err(&err, "Parameter 'u32' expects uint32_t");
    g_assert_false(set_typed(dev, "u32", QINT(-1), &err));
    check_err(&err, "Parameter 'u32' expects uint32_t");
    g_assert_false(set_typed(dev, "u32", QDBL(1.0), &err));
    check_err(&err, "Invalid parameter type for 'u32', expected: integer");
    g_assert_cmpuint(br->u32, ==, UINT32_MAX);

    /* uint64 */
    g_assert_true(parse(dev, "u64", "18446744073709551615", &error_abort));
    g_assert_cmpuint(br->u64, ==, UINT64_MAX);
    assert_prop(dev, "u64", "18446744073709551615");
    g_assert_true(set_typed(dev, "u64", QUINT(1ULL << 63), &error_abort));
    g_assert_cmpuint(br->u64, ==, 1ULL << 63);
    g_assert_false(parse(dev, "u64", "18446744073709551616", &err));
    check_err(&err, "Parameter 'u64' expects uint64_t");
    g_assert_false(set_typed(dev, "u64", QINT(-1), &err));
    check_err(&err, "Parameter 'u64' expects uint64_t");
    g_assert_false(parse(dev, "u64", "1M", &err));
    check_err(&err, "Parameter 'u64' expects integer");
    g_assert_cmpuint(br->u64, ==, 1ULL << 63);

    /* int32 */
    g_assert_true(parse(dev, "i32", "-2147483648", &error_abort));
    g_assert_cmpint(br->i32, ==, INT32_MIN);
    g_assert_true(set_typed(dev, "i32", QINT(INT32_MAX), &error_abort));
    g_assert_cmpint(br->i32, ==, INT32_MAX);
    assert_prop(dev, "i32", "2147483647");
    g_assert_false(parse(dev, "i32", "2147483648", &err));
    check_err(&err, "Parameter 'i32' expects int32_t");
    g_assert_false(parse(dev, "i32", "-2147483649", &err));
    check_err(&err, "Parameter 'i32' expects int32_t");
    g_assert_false(set_typed(dev, "i32", QINT(INT64_MIN), &err));
    check_err(&err, "Parameter 'i32' expects int32_t");
    g_assert_false(parse(dev, "i32", "x", &err));
    check_err(&err, "Parameter 'i32' expects integer");
    g_assert_false(set_typed(dev, "i32", QDBL(1.5), &err));
    check_err(&err, "Invalid parameter type for 'i32', expected: integer");
    g_assert_cmpint(br->i32, ==, INT32_MAX);

    /* int64 */
    g_assert_true(parse(dev, "i64", "-9223372036854775808", &error_abort));
    g_assert_cmpint(br->i64, ==, INT64_MIN);
    g_assert_true(set_typed(dev, "i64", QINT(5), &error_abort));
    g_assert_cmpint(br->i64, ==, 5);
    g_assert_false(parse(dev, "i64", "9223372036854775808", &err));
    check_err(&err, "Parameter 'i64' expects int64_t");
    g_assert_false(set_typed(dev, "i64", QUINT(UINT64_MAX), &err));
    check_err(&err, "Parameter 'i64' expects int64_t");
    g_assert_false(set_typed(dev, "i64", QBOOL(false), &err));
    check_err(&err, "Invalid parameter type for 'i64', expected: integer");
    g_assert_cmpint(br->i64, ==, 5);

    /* size */
    g_assert_true(parse(dev, "size", "2M", &error_abort));
    g_assert_cmpuint(br->size, ==, 2 * MiB);
    g_assert_true(parse(dev, "size", "1.5k", &error_abort));
    g_assert_cmpuint(br->size, ==, 1536);
    g_assert_true(parse(dev, "size", "0x10", &error_abort));
    g_assert_cmpuint(br->size, ==, 16);
    g_assert_true(set_typed(dev, "size", QUINT(UINT64_MAX), &error_abort));
    g_assert_cmpuint(br->size, ==, UINT64_MAX);
    g_assert_true(set_typed(dev, "size", QINT(4096), &error_abort));
    assert_prop(dev, "size", "4096");
    g_assert_false(parse(dev, "size", "1Q", &err));
    check_err(&err, "Parameter 'size' expects size");
    g_assert_false(parse(dev, "size", "-1", &err));
    check_err(&err, "Parameter 'size' expects size");
    g_assert_false(parse(dev, "size", "16E", &err));
    check_err(&err, "Parameter 'size' expects size");
    g_assert_false(set_typed(dev, "size", QINT(-1), &err));
    check_err(&err, "Parameter 'size' expects size");
    g_assert_false(set_typed(dev, "size", QSTR("4K"), &err));
    check_err(&err, "Invalid parameter type for 'size', expected: integer");
    g_assert_cmpuint(br->size, ==, 4096);

    object_unref(OBJECT(dev));
}

static void test_prop_bool_str_enum(void)
{
    DeviceState *dev = qdev_new(TYPE_CORVID_TEST_BRIDGE);
    CorvidTestBridge *br = CORVID_TEST_BRIDGE(dev);
    Error *err = NULL;

    g_assert_true(parse(dev, "flag", "on", &error_abort));
    g_assert_true(br->flag);
    g_assert_true(parse(dev, "flag", "no", &error_abort));
    g_assert_false(br->flag);
    g_assert_true(set_typed(dev, "flag", QBOOL(true), &error_abort));
    assert_prop(dev, "flag", "true");
    g_assert_false(parse(dev, "flag", "maybe", &err));
    check_err(&err, "Parameter 'flag' expects 'on' or 'off'");
    g_assert_false(set_typed(dev, "flag", QSTR("off"), &err));
    check_err(&err, "Invalid parameter type for 'flag', expected: boolean");
    g_assert_true(br->flag);

    g_assert_true(parse(dev, "str", "hello, world", &error_abort));
    g_assert_cmpstr(br->str, ==, "hello, world");
    g_assert_true(set_typed(dev, "str", QSTR("typed"), &error_abort));
    g_assert_cmpstr(br->str, ==, "typed");
    assert_prop(dev, "str", "typed");
    g_assert_false(set_typed(dev, "str", QINT(1), &err));
    check_err(&err, "Invalid parameter type for 'str', expected: string");
    g_assert_cmpstr(br->str, ==, "typed");
    qdev_prop_set_string(dev, "str", "board");
    g_assert_cmpstr(br->str, ==, "board");

    g_assert_true(parse(dev, "mode", "on", &error_abort));
    g_assert_cmpint(br->mode, ==, ON_OFF_AUTO_ON);
    g_assert_true(set_typed(dev, "mode", QSTR("off"), &error_abort));
    g_assert_cmpint(br->mode, ==, ON_OFF_AUTO_OFF);
    assert_prop(dev, "mode", "off");
    g_assert_false(parse(dev, "mode", "sometimes", &err));
    check_err(&err, "Parameter 'mode' does not accept value 'sometimes' "
              "(allowed: auto, on, off)");
    g_assert_false(set_typed(dev, "mode", QBOOL(true), &err));
    check_err(&err, "Invalid parameter type for 'mode', expected: string");
    g_assert_cmpint(br->mode, ==, ON_OFF_AUTO_OFF);

    /* Board-code setters. */
    qdev_prop_set_uint32(dev, "u32", 7);
    qdev_prop_set_uint64(dev, "u64", 8);
    qdev_prop_set_int32(dev, "i32", -9);
    qdev_prop_set_bit(dev, "flag", false);
    g_assert_cmpuint(br->u32, ==, 7);
    g_assert_cmpuint(br->u64, ==, 8);
    g_assert_cmpint(br->i32, ==, -9);
    g_assert_false(br->flag);

    g_assert_false(parse(dev, "nope", "1", &err));
    check_err(&err, "Property 'corvid-test-bridge.nope' not found");
    object_unref(OBJECT(dev));
}

static void test_prop_bit(void)
{
    DeviceState *dev = qdev_new(TYPE_CORVID_TEST_BRIDGE);
    CorvidTestBridge *br = CORVID_TEST_BRIDGE(dev);
    Error *err = NULL;

    g_assert_cmphex(br->bits, ==, 0x8);
    br->bits = 0xff;
    g_assert_true(parse(dev, "bit3", "off", &error_abort));
    g_assert_cmphex(br->bits, ==, 0xf7);
    assert_prop(dev, "bit3", "false");
    g_assert_true(set_typed(dev, "bit3", QBOOL(true), &error_abort));
    g_assert_cmphex(br->bits, ==, 0xff);
    br->bits = 0;
    g_assert_true(parse(dev, "bit3", "on", &error_abort));
    g_assert_cmphex(br->bits, ==, 0x8);
    g_assert_false(parse(dev, "bit3", "2", &err));
    check_err(&err, "Parameter 'bit3' expects 'on' or 'off'");
    g_assert_false(set_typed(dev, "bit3", QINT(0), &err));
    check_err(&err, "Invalid parameter type for 'bit3', expected: boolean");
    g_assert_cmphex(br->bits, ==, 0x8);
    object_unref(OBJECT(dev));
}

static void test_prop_uuid(void)
{
    DeviceState *dev = qdev_new(TYPE_CORVID_TEST_BRIDGE);
    CorvidTestBridge *br = CORVID_TEST_BRIDGE(dev);
    CorvidUUID before;
    Error *err = NULL;

    g_assert_true(parse(dev, "uuid", "12345678-9ABC-def0-1234-56789abcdef0",
                        &error_abort));
    g_assert_cmphex(br->uuid.data[0], ==, 0x12);
    g_assert_cmphex(br->uuid.data[15], ==, 0xf0);
    assert_prop(dev, "uuid", "12345678-9abc-def0-1234-56789abcdef0");
    g_assert_true(set_typed(dev, "uuid",
                            QSTR("00000000-0000-0000-0000-000000000001"),
                            &error_abort));
    assert_prop(dev, "uuid", "00000000-0000-0000-0000-000000000001");

    before = br->uuid;
    g_assert_true(parse(dev, "uuid", "auto", &error_abort));
    g_assert_true(memcmp(&before, &br->uuid, sizeof(before)) != 0);
    g_assert_cmphex(br->uuid.data[6] >> 4, ==, 4);

    before = br->uuid;
    g_assert_false(parse(dev, "uuid", "bogus", &err));
    check_err(&err,
              "Property 'corvid-test-bridge.uuid' doesn't take value 'bogus'");
    g_assert_false(parse(dev, "uuid", "12345678-1234-1234-1234-123456789abcd",
                         &err));
    check_err(&err, "Property 'corvid-test-bridge.uuid' doesn't take value "
              "'12345678-1234-1234-1234-123456789abcd'");
    g_assert_false(parse(dev, "uuid", "12345678+1234-1234-1234-123456789abc",
                         &err));
    check_err(&err, "Property 'corvid-test-bridge.uuid' doesn't take value "
              "'12345678+1234-1234-1234-123456789abc'");
    g_assert_false(parse(dev, "uuid", "", &err));
    check_err(&err,
              "Property 'corvid-test-bridge.uuid' doesn't take value ''");
    g_assert_false(set_typed(dev, "uuid", QINT(1), &err));
    check_err(&err, "Invalid parameter type for 'uuid', expected: string");
    g_assert_cmpmem(&before, sizeof(before), &br->uuid, sizeof(br->uuid));
    object_unref(OBJECT(dev));
}

static Object *peer_add(const char *id)
{
    QDict *opts = qdict_new();
    Object *obj;

    qdict_put_str(opts, "qom-type", TYPE_CORVID_TEST_OBJECT);
    qdict_put_str(opts, "id", id);
    obj = user_creatable_add_dict(opts, true, &error_abort);
    qobject_unref(opts);
    return obj;
}

static void test_prop_link(void)
{
    Object *peer = peer_add("tqd-peer");
    Object *other = peer_add("tqd-peer2");
    DeviceState *dev = qdev_new(TYPE_CORVID_TEST_BRIDGE);
    CorvidTestBridge *br = CORVID_TEST_BRIDGE(dev);
    Error *err = NULL;

    g_assert_true(parse(dev, "peer", "tqd-peer", &error_abort));
    g_assert_true(br->peer == peer);
    g_assert_cmpuint(peer->ref, ==, 2);
    assert_prop(dev, "peer", "/objects/tqd-peer");
    g_assert_true(object_property_get_link(OBJECT(dev), "peer",
                                           &error_abort) == peer);
    g_assert_true(set_typed(dev, "peer", QSTR("/objects/tqd-peer2"),
                            &error_abort));
    g_assert_true(br->peer == other);
    g_assert_cmpuint(peer->ref, ==, 1);
    g_assert_cmpuint(other->ref, ==, 2);
    g_assert_true(object_property_set_link(OBJECT(dev), "peer", peer,
                                           &error_abort));
    g_assert_true(br->peer == peer);
    g_assert_cmpuint(other->ref, ==, 1);

    g_assert_false(parse(dev, "peer", "nowhere", &err));
    g_assert_cmpint(error_get_class(err), ==, ERROR_CLASS_DEVICE_NOT_FOUND);
    check_err(&err, "Device 'nowhere' not found");
    g_assert_false(parse(dev, "peer", "/objects", &err));
    check_err(&err, "Invalid parameter type for 'peer', expected: "
              "corvid-test-object");
    g_assert_false(set_typed(dev, "peer", QINT(1), &err));
    check_err(&err, "Invalid parameter type for 'peer', expected: string");
    g_assert_true(br->peer == peer);

    g_assert_true(parse(dev, "peer", "", &error_abort));
    g_assert_null(br->peer);
    g_assert_cmpuint(peer->ref, ==, 1);

    /* The link keeps its target alive after object-del. */
    g_assert_true(parse(dev, "peer", "tqd-peer", &error_abort));
    g_assert_true(user_creatable_del("tqd-peer", &error_abort));
    g_assert_cmpuint(peer->ref, ==, 1);
    g_assert_true(br->peer == peer);
    assert_prop(dev, "peer", "");
    g_assert_true(CORVID_TEST_OBJECT(peer)->completed);
    /* Dropping the device drops it (the sanitizers watch). */
    object_unref(OBJECT(dev));

    /* From -device, and frozen after realize. */
    dev = dev_add(&error_abort, TYPE_CORVID_TEST_BRIDGE, "id", "tqd-lb",
                  "peer", "tqd-peer2", NULL);
    g_assert_true(CORVID_TEST_BRIDGE(dev)->peer == other);
    /* Paths lead through link fields. */
    g_assert_true(object_resolve_path("/machine/peripheral/tqd-lb/peer",
                                      NULL) == other);
    g_assert_false(parse(dev, "peer", "", &err));
    check_err(&err, "Attempt to set property 'peer' on device 'tqd-lb' "
              "(type 'corvid-test-bridge') after it was realized");
    dev_del(dev);
    g_assert_cmpuint(other->ref, ==, 1);
    g_assert_true(user_creatable_del("tqd-peer2", &error_abort));
    assert_no_devices();
}

static void test_prop_after_realize(void)
{
    DeviceState *dev = qdev_new(TYPE_CORVID_TEST_BRIDGE);
    CorvidTestBridge *br = CORVID_TEST_BRIDGE(dev);
    Error *err = NULL;

    g_assert_true(qdev_realize(dev, sysbus_get_default(), &error_abort));
    g_assert_false(parse(dev, "u8", "1", &err));
    check_err(&err, "Attempt to set property 'u8' on anonymous device "
              "(type 'corvid-test-bridge') after it was realized");
    g_assert_false(set_typed(dev, "str", QSTR("x"), &err));
    check_err(&err, "Attempt to set property 'str' on anonymous device "
              "(type 'corvid-test-bridge') after it was realized");
    /* Even a bad value gets the realized error first. */
    g_assert_false(parse(dev, "u8", "abc", &err));
    check_err(&err, "Attempt to set property 'u8' on anonymous device "
              "(type 'corvid-test-bridge') after it was realized");
    g_assert_cmpuint(br->u8, ==, 8);
    g_assert_null(br->str);
    /* Reading is fine. */
    assert_prop(dev, "u8", "8");

    /* Unrealized again, it takes new values. */
    qdev_unrealize(dev);
    g_assert_true(parse(dev, "u8", "1", &error_abort));
    g_assert_cmpuint(br->u8, ==, 1);
    dev_del(dev);
    object_unref(OBJECT(dev));

    dev = dev_add(&error_abort, TYPE_CORVID_TEST_BRIDGE, "id", "tqd-ar",
                  NULL);
    g_assert_false(parse(dev, "flag", "on", &err));
    check_err(&err, "Attempt to set property 'flag' on device 'tqd-ar' "
              "(type 'corvid-test-bridge') after it was realized");
    g_assert_false(parse(dev, "bit3", "off", &err));
    check_err(&err, "Attempt to set property 'bit3' on device 'tqd-ar' "
              "(type 'corvid-test-bridge') after it was realized");
    g_assert_false(parse(dev, "uuid", "auto", &err));
    check_err(&err, "Attempt to set property 'uuid' on device 'tqd-ar' "
              "(type 'corvid-test-bridge') after it was realized");
    /* Properties outside the table are not frozen. */
    g_assert_false(parse(dev, "hotplugged", "on", &err));
    check_err(&err, "Property 'corvid-test-bridge.hotplugged' is not "
              "writable");
    dev_del(dev);
    assert_no_devices();
}

/* ------------------------------------------------------------------ */
/* -global */

static void test_globals_apply(void)
{
    DeviceState *dev, *sub, *leaf, *lb;

    qdev_prop_register_global(TYPE_CORVID_TEST_BRIDGE, "u8", "99");
    qdev_prop_register_global(TYPE_CORVID_TEST_BRIDGE, "u16", "1");
    qdev_prop_register_global(TYPE_CORVID_TEST_BRIDGE, "u16", "2");
    qdev_prop_register_global(TYPE_CORVID_TEST_BRIDGE, "mode", "off");
    qdev_prop_register_global(TYPE_CORVID_TEST_LEAF, "slot", "7");

    dev = qdev_new(TYPE_CORVID_TEST_BRIDGE);
    sub = qdev_new(TYPE_TQD_SUB_BRIDGE);
    leaf = qdev_new(TYPE_CORVID_TEST_LEAF);
    lb = qdev_new(TYPE_TQD_LEAF_BRIDGE);
    g_assert_cmpuint(CORVID_TEST_BRIDGE(dev)->u8, ==, 99);
    /* The later one wins. */
    g_assert_cmpuint(CORVID_TEST_BRIDGE(dev)->u16, ==, 2);
    g_assert_cmpint(CORVID_TEST_BRIDGE(dev)->mode, ==, ON_OFF_AUTO_OFF);
    /* Subtypes too. */
    g_assert_cmpuint(CORVID_TEST_BRIDGE(sub)->u8, ==, 99);
    g_assert_cmpuint(CORVID_TEST_BRIDGE(sub)->u16, ==, 2);
    g_assert_cmpuint(CORVID_TEST_LEAF(leaf)->slot, ==, 7);
    g_assert_cmpuint(CORVID_TEST_LEAF(lb)->slot, ==, 7);
    /* Other properties keep their defaults. */
    g_assert_cmpuint(CORVID_TEST_BRIDGE(dev)->u32, ==, 32);
    g_assert_true(qdev_realize(dev, sysbus_get_default(), &error_abort));
    object_unref(OBJECT(sub));
    object_unref(OBJECT(leaf));
    object_unref(OBJECT(lb));
    dev_del(dev);
    object_unref(OBJECT(dev));

    /* -device values override -global. */
    dev = dev_add(&error_abort, TYPE_CORVID_TEST_BRIDGE, "u8", "5", NULL);
    g_assert_cmpuint(CORVID_TEST_BRIDGE(dev)->u8, ==, 5);
    g_assert_cmpuint(CORVID_TEST_BRIDGE(dev)->u16, ==, 2);
    dev_del(dev);

    /* Globals apply when a device is created, not afterwards. */
    dev = qdev_new(TYPE_CORVID_TEST_BRIDGE);
    qdev_prop_register_global(TYPE_CORVID_TEST_BRIDGE, "u32", "3");
    g_assert_cmpuint(CORVID_TEST_BRIDGE(dev)->u32, ==, 32);
    object_unref(OBJECT(dev));

    qdev_prop_reset_globals();
    dev = qdev_new(TYPE_CORVID_TEST_BRIDGE);
    g_assert_cmpuint(CORVID_TEST_BRIDGE(dev)->u8, ==, 8);
    g_assert_cmpuint(CORVID_TEST_BRIDGE(dev)->u16, ==, 16);
    object_unref(OBJECT(dev));
    assert_no_devices();
}

static void test_globals_bad(void)
{
    DeviceState *dev, *leaf;
    Error *err = NULL;

    qdev_prop_register_global(TYPE_CORVID_TEST_BRIDGE, "u8", "300");
    /* Creation succeeds; realize fails, and nothing is left behind. */
    dev = qdev_new(TYPE_CORVID_TEST_BRIDGE);
    g_assert_false(qdev_realize(dev, sysbus_get_default(), &err));
    check_err(&err, "can't apply global corvid-test-bridge.u8=300: "
              "Parameter 'u8' expects uint8_t");
    g_assert_false(DEVICE(dev)->realized);
    g_assert_null(OBJECT(dev)->parent);
    g_assert_cmpint(CORVID_TEST_BRIDGE(dev)->realize_count, ==, 0);
    /* Again: the error stays. */
    g_assert_false(qdev_realize(dev, sysbus_get_default(), &err));
    check_err(&err, "can't apply global corvid-test-bridge.u8=300: "
              "Parameter 'u8' expects uint8_t");
    object_unref(OBJECT(dev));

    g_assert_null(dev_add(&err, TYPE_CORVID_TEST_BRIDGE, "id", "tqd-g",
                          NULL));
    check_err(&err, "can't apply global corvid-test-bridge.u8=300: "
              "Parameter 'u8' expects uint8_t");
    g_assert_null(qdev_find_by_id("tqd-g"));
    /* A -device value does not rescue it. */
    g_assert_null(dev_add(&err, TYPE_CORVID_TEST_BRIDGE, "u8", "1", NULL));
    check_err(&err, "can't apply global corvid-test-bridge.u8=300: "
              "Parameter 'u8' expects uint8_t");
    /* Other types are not affected. */
    leaf = qdev_new(TYPE_CORVID_TEST_LEAF);
    object_unref(OBJECT(leaf));
    qdev_prop_reset_globals();

    qdev_prop_register_global(TYPE_CORVID_TEST_BRIDGE, "nope", "1");
    g_assert_null(dev_add(&err, TYPE_CORVID_TEST_BRIDGE, NULL));
    check_err(&err, "can't apply global corvid-test-bridge.nope=1: "
              "Property 'corvid-test-bridge.nope' not found");
    qdev_prop_reset_globals();

    qdev_prop_register_global(TYPE_CORVID_TEST_BRIDGE, "mode", "sometimes");
    g_assert_null(dev_add(&err, TYPE_TQD_SUB_BRIDGE, NULL));
    check_err(&err, "can't apply global corvid-test-bridge.mode=sometimes: "
              "Parameter 'mode' does not accept value 'sometimes' "
              "(allowed: auto, on, off)");
    qdev_prop_reset_globals();

    /* With the globals gone the id is free and devices work again. */
    dev = dev_add(&error_abort, TYPE_CORVID_TEST_BRIDGE, "id", "tqd-g", NULL);
    g_assert_true(qdev_find_by_id("tqd-g") == dev);
    dev_del(dev);
    assert_no_devices();
}

/* After the machine is built, unused globals are reported as qemu does. */
static void test_globals_check(void)
{
    g_autoptr(GString) out = g_string_new(NULL);
    DeviceState *dev;

    qdev_prop_register_global(TYPE_CORVID_TEST_BRIDGE, "u8", "1");
    qdev_prop_register_global(TYPE_CORVID_TEST_LEAF, "slot", "1");
    qdev_prop_register_global(TYPE_TQD_COLD_ONLY, "x", "1");
    qdev_prop_register_global("nosuch", "x", "1");
    qdev_prop_register_global(TYPE_CORVID_TEST_OBJECT, "size", "1");
    qdev_prop_register_global(TYPE_DEVICE, "nope", "1");
    dev = qdev_new(TYPE_CORVID_TEST_BRIDGE);
    g_assert_nonnull(dev->global_error);
    object_unref(OBJECT(dev));

    error_set_progname("corvid-test");
    error_report_capture(out);
    qdev_prop_check_globals();
    error_report_capture(NULL);
    /* Used ones, and unused ones for devices that may still come (the
     * leaf can be hot-plugged), are fine. */
    g_assert_cmpstr(out->str, ==,
                    "corvid-test: warning: global tqd-cold-only.x=1 "
                    "not used\n"
                    "corvid-test: warning: global nosuch.x has invalid "
                    "class name\n"
                    "corvid-test: warning: global corvid-test-object.size "
                    "has invalid class name\n");
    qdev_prop_reset_globals();
    g_string_truncate(out, 0);
    error_report_capture(out);
    qdev_prop_check_globals();
    error_report_capture(NULL);
    g_assert_cmpstr(out->str, ==, "");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);
    qdev_test_types_init();

    g_test_add_func("/qdev/prop/defaults", test_prop_defaults);
    g_test_add_func("/qdev/prop/integers", test_prop_integers);
    g_test_add_func("/qdev/prop/bool-str-enum", test_prop_bool_str_enum);
    g_test_add_func("/qdev/prop/bit", test_prop_bit);
    g_test_add_func("/qdev/prop/link", test_prop_link);
    g_test_add_func("/qdev/prop/after-realize", test_prop_after_realize);
    g_test_add_func("/qdev/global/apply", test_globals_apply);
    g_test_add_func("/qdev/global/bad", test_globals_bad);
    g_test_add_func("/qdev/global/check", test_globals_check);
    g_test_add_func("/qdev/uuid/set", test_prop_uuid);
    /* Last: it fails while DEFINE_PROP_UUID has no default. */
    g_test_add_func("/qdev/uuid/default", test_prop_uuid_default);

    return g_test_run();
}
