/*
 * Test-only QOM and qdev types (see testdev.h).
 */
#include "util/osdep.h"
#include "util/module.h"
#include "qom/object-property.h"
#include "qom/object-interfaces.h"
#include "hw/core/hotplug.h"
#include "hw/core/sysbus.h"
#include "tests/testdev/testdev.h"

/* corvid-test-object */

static void test_object_complete(UserCreatable *uc, Error **errp)
{
    CorvidTestObject *o = CORVID_TEST_OBJECT(uc);

    if (o->fail_complete) {
        error_setg(errp, "corvid-test-object: complete failed as asked");
        return;
    }
    o->completed = true;
}

static bool test_object_can_be_deleted(UserCreatable *uc)
{
    return !CORVID_TEST_OBJECT(uc)->in_use;
}

static char *test_object_get_label(Object *obj, Error **errp)
{
    return g_strdup(CORVID_TEST_OBJECT(obj)->label);
}

static void test_object_set_label(Object *obj, const char *v, Error **errp)
{
    g_free(CORVID_TEST_OBJECT(obj)->label);
    CORVID_TEST_OBJECT(obj)->label = g_strdup(v);
}

#define TEST_OBJECT_BOOL(field) \
    static bool test_object_get_##field(Object *obj, Error **errp) \
    { \
        return CORVID_TEST_OBJECT(obj)->field; \
    } \
    static void test_object_set_##field(Object *obj, bool v, Error **errp) \
    { \
        CORVID_TEST_OBJECT(obj)->field = v; \
    }

TEST_OBJECT_BOOL(fail_complete)
TEST_OBJECT_BOOL(in_use)

static void test_object_init(Object *obj)
{
    CorvidTestObject *o = CORVID_TEST_OBJECT(obj);

    object_property_add_uint64_ptr(obj, "size", &o->size,
                                   OBJ_PROP_FLAG_READWRITE);
}

static void test_object_finalize(Object *obj)
{
    g_free(CORVID_TEST_OBJECT(obj)->label);
}

static void test_object_class_init(ObjectClass *oc, void *data)
{
    UserCreatableClass *ucc = USER_CREATABLE_CLASS(oc);

    ucc->complete = test_object_complete;
    ucc->can_be_deleted = test_object_can_be_deleted;
    object_class_property_add_str(oc, "label", test_object_get_label,
                                  test_object_set_label);
    object_class_property_set_description(oc, "label", "A free-form label");
    object_class_property_add_bool(oc, "fail-complete",
                                   test_object_get_fail_complete,
                                   test_object_set_fail_complete);
    object_class_property_add_bool(oc, "in-use", test_object_get_in_use,
                                   test_object_set_in_use);
}

/* corvid-test-bridge */

static void test_bridge_gpio_in(void *opaque, int n, int level)
{
    CorvidTestBridge *br = opaque;

    br->in_level[n] = level;
    if (n == 0 && level) {
        /* Line 0 is the guest's "eject" button. */
        corvid_test_bridge_eject(br);
    } else if (n == 1) {
        /* Line 1 is looped back to output 1. */
        qemu_set_irq(br->out[1], level);
    }
}

void corvid_test_bridge_eject(CorvidTestBridge *br)
{
    DeviceState *dev = br->pending_eject;

    if (dev) {
        br->pending_eject = NULL;
        qemu_irq_lower(br->out[0]);
        object_unparent(OBJECT(dev));
    }
}

static void test_bridge_plug(HotplugHandler *handler, DeviceState *dev,
                             Error **errp)
{
    CorvidTestLeaf *leaf = CORVID_TEST_LEAF(dev);

    if (leaf->slot == 13) {
        error_setg(errp, "corvid-test-bridge: slot 13 is unlucky");
    }
}

static void test_bridge_unplug(HotplugHandler *handler, DeviceState *dev,
                               Error **errp)
{
    object_unparent(OBJECT(dev));
}

static void test_bridge_unplug_request(HotplugHandler *handler,
                                       DeviceState *dev, Error **errp)
{
    CorvidTestBridge *br = CORVID_TEST_BRIDGE(handler);

    if (!br->async_unplug) {
        object_unparent(OBJECT(dev));
        return;
    }
    if (br->pending_eject) {
        error_setg(errp, "corvid-test-bridge: an eject is already pending");
        return;
    }
    /* Tell the "guest" through output line 0 and wait for it. */
    br->pending_eject = dev;
    qemu_irq_raise(br->out[0]);
}

static void test_bridge_realize(DeviceState *dev, Error **errp)
{
    CorvidTestBridge *br = CORVID_TEST_BRIDGE(dev);

    if (br->fail_realize) {
        error_setg(errp, "corvid-test-bridge: realize failed as asked");
        return;
    }
    /* Named after the bridge's id when it has one ("br0.0"). */
    br->bus = qbus_new(TYPE_CORVID_TEST_BUS, dev, NULL);
    qbus_set_hotplug_handler(br->bus, OBJECT(dev));
    br->realize_count++;
}

static void test_bridge_unrealize(DeviceState *dev)
{
    CorvidTestBridge *br = CORVID_TEST_BRIDGE(dev);

    br->pending_eject = NULL;
    object_unparent(OBJECT(br->bus));
    br->bus = NULL;
    br->unrealize_count++;
}

static void test_bridge_reset(DeviceState *dev)
{
    CORVID_TEST_BRIDGE(dev)->reset_count++;
}

static void test_bridge_init(Object *obj)
{
    CorvidTestBridge *br = CORVID_TEST_BRIDGE(obj);
    DeviceState *dev = DEVICE(obj);

    qdev_init_gpio_in(dev, test_bridge_gpio_in, CORVID_TEST_GPIO_IN);
    qdev_init_gpio_out(dev, br->out, CORVID_TEST_GPIO_OUT);
}

static const Property test_bridge_props[] = {
    DEFINE_PROP_BOOL("flag", CorvidTestBridge, flag, false),
    DEFINE_PROP_UINT8("u8", CorvidTestBridge, u8, 8),
    DEFINE_PROP_UINT16("u16", CorvidTestBridge, u16, 16),
    DEFINE_PROP_UINT32("u32", CorvidTestBridge, u32, 32),
    DEFINE_PROP_UINT64("u64", CorvidTestBridge, u64, 64),
    DEFINE_PROP_INT32("i32", CorvidTestBridge, i32, -32),
    DEFINE_PROP_INT64("i64", CorvidTestBridge, i64, -64),
    DEFINE_PROP_SIZE("size", CorvidTestBridge, size, 4 * KiB),
    DEFINE_PROP_STRING("str", CorvidTestBridge, str),
    DEFINE_PROP_ON_OFF_AUTO("mode", CorvidTestBridge, mode, ON_OFF_AUTO_AUTO),
    DEFINE_PROP_BIT("bit3", CorvidTestBridge, bits, 3, true),
    DEFINE_PROP_LINK("peer", CorvidTestBridge, peer,
                     TYPE_CORVID_TEST_OBJECT, Object *),
    DEFINE_PROP_UUID("uuid", CorvidTestBridge, uuid),
    DEFINE_PROP_BOOL("async-unplug", CorvidTestBridge, async_unplug, false),
    DEFINE_PROP_BOOL("fail-realize", CorvidTestBridge, fail_realize, false),
};

static void test_bridge_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    HotplugHandlerClass *hc = HOTPLUG_HANDLER_CLASS(oc);

    dc->desc = "Corvid test bridge";
    /* Sys-bus devices are board-placed; this one users may add. */
    dc->user_creatable = true;
    dc->realize = test_bridge_realize;
    dc->unrealize = test_bridge_unrealize;
    dc->reset = test_bridge_reset;
    device_class_set_category(dc, DEVICE_CATEGORY_BRIDGE);
    device_class_set_props(dc, test_bridge_props);
    hc->plug = test_bridge_plug;
    hc->unplug = test_bridge_unplug;
    hc->unplug_request = test_bridge_unplug_request;
}

/* corvid-test-leaf */

static void test_leaf_reset(DeviceState *dev)
{
    CORVID_TEST_LEAF(dev)->reset_count++;
}

static const Property test_leaf_props[] = {
    DEFINE_PROP_UINT32("slot", CorvidTestLeaf, slot, 0),
};

static void test_leaf_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->bus_type = TYPE_CORVID_TEST_BUS;
    dc->reset = test_leaf_reset;
    device_class_set_category(dc, DEVICE_CATEGORY_MISC);
    device_class_set_props(dc, test_leaf_props);
}

static void test_bus_class_init(ObjectClass *oc, void *data)
{
    BUS_CLASS(oc)->max_dev = CORVID_TEST_BUS_MAX_DEV;
}

static const TypeInfo testdev_types[] = {
    {
        .name = TYPE_CORVID_TEST_OBJECT,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(CorvidTestObject),
        .instance_init = test_object_init,
        .instance_finalize = test_object_finalize,
        .class_init = test_object_class_init,
        .interfaces = (const InterfaceInfo[]) {
            { TYPE_USER_CREATABLE },
            { NULL }
        },
    }, {
        .name = TYPE_CORVID_TEST_BUS,
        .parent = TYPE_BUS,
        .instance_size = sizeof(BusState),
        .class_init = test_bus_class_init,
    }, {
        .name = TYPE_CORVID_TEST_BRIDGE,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(CorvidTestBridge),
        .instance_init = test_bridge_init,
        .class_init = test_bridge_class_init,
        .interfaces = (const InterfaceInfo[]) {
            { TYPE_HOTPLUG_HANDLER },
            { NULL }
        },
    }, {
        .name = TYPE_CORVID_TEST_LEAF,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(CorvidTestLeaf),
        .class_init = test_leaf_class_init,
    },
};

DEFINE_TYPES(testdev_types)
