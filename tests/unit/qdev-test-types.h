/*
 * Shared pieces of the qdev unit tests (test-qdev.c, test-qdev-bus.c,
 * test-qdev-hotplug.c): three more test device types on top of those of
 * tests/testdev, -device and property helpers, the DEVICE_DELETED log,
 * and the check that a test left no device behind.
 */
#ifndef TESTS_UNIT_QDEV_TEST_TYPES_H
#define TESTS_UNIT_QDEV_TEST_TYPES_H

#include "util/osdep.h"
#include "qom/object-property.h"
#include "hw/core/qdev.h"
#include "tests/testdev/testdev.h"

/* ------------------------------------------------------------------ */
/* Test-only types */

/* A subtype of the bridge, for -global on subtypes. */
#define TYPE_TQD_SUB_BRIDGE "tqd-sub-bridge"

/*
 * A leaf that owns "buses" (default 1) corvid-test-buses of its own:
 * qdev trees deeper than one level.  Its buses have no hotplug handler.
 */
#define TYPE_TQD_LEAF_BRIDGE "tqd-leaf-bridge"
#define TQD_LEAF_BRIDGE_MAX_BUSES 2

typedef struct TqdLeafBridge {
    CorvidTestLeaf parent_obj;
    uint32_t num_buses;
    BusState *buses[TQD_LEAF_BRIDGE_MAX_BUSES];
} TqdLeafBridge;

#define TQD_LEAF_BRIDGE(obj) \
    OBJECT_CHECK(TqdLeafBridge, (obj), TYPE_TQD_LEAF_BRIDGE)

/* A bus-less device that cannot be hot-plugged. */
#define TYPE_TQD_COLD_ONLY "tqd-cold-only"

/*
 * Register the types above, start the DEVICE_DELETED log and hook it to
 * qdev.  Call it from main() after g_test_init() and
 * module_call_init(MODULE_INIT_QOM).
 */
void qdev_test_types_init(void);

/* ------------------------------------------------------------------ */
/* Assertions and property helpers */

/* Check that *errp holds @msg, and free it. */
void check_err(Error **errp, const char *msg);

#define QSTR(s) QOBJECT(qstring_from_str(s))
#define QINT(i) QOBJECT(qnum_from_int(i))
#define QUINT(u) QOBJECT(qnum_from_uint(u))
#define QDBL(d) QOBJECT(qnum_from_double(d))
#define QBOOL(b) QOBJECT(qbool_from_bool(b))

/* qom-set on any object: a typed value (consumed). */
bool set_typed(void *obj, const char *name, QObject *value, Error **errp);
/* The same in string mode. */
bool parse(void *obj, const char *name, const char *value, Error **errp);

#define assert_prop(obj, name, expect) \
    do { \
        g_autofree char *_v = object_property_print(OBJECT(obj), (name), \
                                                    &error_abort); \
        g_assert_cmpstr(_v, ==, (expect)); \
    } while (0)

#define assert_path(obj, expect) \
    do { \
        g_autofree char *_p = object_get_canonical_path(OBJECT(obj)); \
        g_assert_cmpstr(_p, ==, (expect)); \
    } while (0)

/* ------------------------------------------------------------------ */
/* Creating and removing devices */

/*
 * -device DRIVER,KEY=VALUE,...: the options as strings, NULL-terminated
 * key/value pairs after the driver (NULL for no driver option).
 */
DeviceState *dev_add(Error **errp, const char *driver, ...)
    G_GNUC_NULL_TERMINATED;
/* Same with typed values: -device '{"driver": ...}' (consumes @opts). */
DeviceState *dev_add_typed(QDict *opts, Error **errp);
/* A corvid-test-bridge with id @id; its bus is "ID.0". */
CorvidTestBridge *bridge_add(const char *id);
/* A corvid-test-leaf; @id and @bus may be NULL. */
CorvidTestLeaf *leaf_add(const char *id, const char *bus);
void dev_del(void *dev);

/* Every test cleans up after itself: no device is left anywhere. */
void assert_no_devices(void);

/* ------------------------------------------------------------------ */
/* DEVICE_DELETED and interrupt lines */

/* The ids (or paths) of the devices that went, space-separated. */
extern GString *deleted;

/* Check that the log holds exactly @expect, then clear it. */
void deleted_check(const char *expect);

/* An interrupt line handler that records levels into an int array. */
void record_irq(void *opaque, int n, int level);

#endif
