/*
 * Device and object types that exist only in test builds: the unit tests
 * and build/tests/corvid-test-system-x86_64 link them, the real binary
 * does not.  They exercise the qdev and QOM machinery with every kind of
 * property, a bus with a hotplug handler, and GPIO lines.
 *
 *   corvid-test-object   user-creatable; "fail-complete" makes complete()
 *                        fail, "in-use" makes object-del refuse it
 *   corvid-test-bridge   user-creatable sys-bus device owning a
 *                        "corvid-test-bus";
 *                        its hotplug handler unplugs at once, or waits
 *                        for corvid_test_bridge_eject() with async-unplug
 *   corvid-test-leaf     a device on a corvid-test-bus
 */
#ifndef TESTS_TESTDEV_H
#define TESTS_TESTDEV_H

#include "hw/core/qdev.h"
#include "hw/core/qdev-properties.h"
#include "hw/core/sysbus.h"

#define TYPE_CORVID_TEST_OBJECT "corvid-test-object"
#define TYPE_CORVID_TEST_BUS "corvid-test-bus"
#define TYPE_CORVID_TEST_BRIDGE "corvid-test-bridge"
#define TYPE_CORVID_TEST_LEAF "corvid-test-leaf"

#define CORVID_TEST_BUS_MAX_DEV 4
#define CORVID_TEST_GPIO_IN 4
#define CORVID_TEST_GPIO_OUT 2

typedef struct CorvidTestObject {
    Object parent_obj;
    uint64_t size;
    char *label;
    bool fail_complete;
    bool in_use;
    bool completed;
} CorvidTestObject;

typedef struct CorvidTestBridge {
    SysBusDevice parent_obj;

    BusState *bus;
    /* One field per qdev property type. */
    bool flag;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    int32_t i32;
    int64_t i64;
    uint64_t size;
    char *str;
    OnOffAuto mode;
    uint32_t bits;
    Object *peer;
    CorvidUUID uuid;
    bool async_unplug;
    bool fail_realize;

    qemu_irq out[CORVID_TEST_GPIO_OUT];
    int in_level[CORVID_TEST_GPIO_IN];
    int realize_count;
    int unrealize_count;
    int reset_count;
    DeviceState *pending_eject;
} CorvidTestBridge;

typedef struct CorvidTestLeaf {
    DeviceState parent_obj;
    uint32_t slot;
    int reset_count;
} CorvidTestLeaf;

#define CORVID_TEST_BRIDGE(obj) \
    OBJECT_CHECK(CorvidTestBridge, (obj), TYPE_CORVID_TEST_BRIDGE)
#define CORVID_TEST_LEAF(obj) \
    OBJECT_CHECK(CorvidTestLeaf, (obj), TYPE_CORVID_TEST_LEAF)
#define CORVID_TEST_OBJECT(obj) \
    OBJECT_CHECK(CorvidTestObject, (obj), TYPE_CORVID_TEST_OBJECT)

/* Finish an asynchronous unplug the way a guest would. */
void corvid_test_bridge_eject(CorvidTestBridge *br);

#endif
