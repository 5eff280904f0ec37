/*
 * qdev: devices and buses.
 *
 * A device (TYPE_DEVICE) is a QOM object with a life cycle:
 *
 *   object_new -> set properties -> realize -> (running) -> unrealize
 *
 * Realize is where a device checks its properties as a whole and builds
 * what it exposes to the guest; unrealize undoes exactly that.  Properties
 * declared in the class's property table (hw/core/qdev-properties.h) can be
 * set only before realize.
 *
 * A device usually sits on a bus (TYPE_BUS) of the kind its class names in
 * bus_type, and may provide buses of its own; together they form the qdev
 * tree that "info qtree" shows, rooted at the main system bus.  A bus may
 * have a hotplug handler (hw/core/hotplug.h), which is what makes it
 * hotpluggable and what device_add and device_del talk to.
 *
 * Devices have GPIO lines: named arrays of input lines (handlers inside the
 * device) and output lines (pointers the board connects to other devices'
 * inputs).  The unnamed ones are called "unnamed-gpio-in"/"-out".
 */
#ifndef HW_CORE_QDEV_H
#define HW_CORE_QDEV_H

#include "qom/object.h"
#include "hw/core/irq.h"
#include "util/notify.h"

#define TYPE_DEVICE "device"
#define TYPE_BUS "bus"

typedef struct DeviceState DeviceState;
typedef struct DeviceClass DeviceClass;
typedef struct BusState BusState;
typedef struct BusClass BusClass;
typedef struct Property Property;

#define DEVICE(obj) OBJECT_CHECK(DeviceState, (obj), TYPE_DEVICE)
#define DEVICE_CLASS(klass) OBJECT_CLASS_CHECK(DeviceClass, (klass), TYPE_DEVICE)
#define DEVICE_GET_CLASS(obj) OBJECT_GET_CLASS(DeviceClass, (obj), TYPE_DEVICE)
#define BUS(obj) OBJECT_CHECK(BusState, (obj), TYPE_BUS)
#define BUS_CLASS(klass) OBJECT_CLASS_CHECK(BusClass, (klass), TYPE_BUS)
#define BUS_GET_CLASS(obj) OBJECT_GET_CLASS(BusClass, (obj), TYPE_BUS)

/* The groups "-device help" lists devices in, in this order. */
typedef enum DeviceCategory {
    DEVICE_CATEGORY_BRIDGE,
    DEVICE_CATEGORY_USB,
    DEVICE_CATEGORY_STORAGE,
    DEVICE_CATEGORY_NETWORK,
    DEVICE_CATEGORY_INPUT,
    DEVICE_CATEGORY_DISPLAY,
    DEVICE_CATEGORY_SOUND,
    DEVICE_CATEGORY_MISC,
    DEVICE_CATEGORY_CPU,
    DEVICE_CATEGORY_WATCHDOG,
    DEVICE_CATEGORY__MAX,
} DeviceCategory;

const char *device_category_name(DeviceCategory cat);

typedef void DeviceRealize(DeviceState *dev, Error **errp);
typedef void DeviceUnrealize(DeviceState *dev);
typedef void DeviceReset(DeviceState *dev);

struct DeviceClass {
    ObjectClass parent_class;

    unsigned long categories;   /* bit per DeviceCategory */
    const char *desc;           /* one line for -device help */
    const Property *props;      /* the property table */
    unsigned num_props;

    /* Whether -device/device_add may create it (default true). */
    bool user_creatable;
    /* Whether it may come and go while the machine runs (default true). */
    bool hotpluggable;

    DeviceRealize *realize;
    DeviceUnrealize *unrealize;
    DeviceReset *reset;

    /* The bus type it plugs into; NULL for devices without a bus. */
    const char *bus_type;
};

static inline void device_class_set_category(DeviceClass *dc,
                                             DeviceCategory cat)
{
    dc->categories |= 1UL << cat;
}

/*
 * A subclass that extends realize/unrealize keeps the parent's hook and
 * calls it from its own.
 */
void device_class_set_parent_realize(DeviceClass *dc, DeviceRealize *realize,
                                     DeviceRealize **parent_realize);
void device_class_set_parent_unrealize(DeviceClass *dc,
                                       DeviceUnrealize *unrealize,
                                       DeviceUnrealize **parent_unrealize);

typedef struct NamedGPIOList {
    char *name;
    qemu_irq *in;
    int num_in;
    int num_out;
    qemu_irq **out;         /* each points at a pin owned by the device */
    struct NamedGPIOList *next;
} NamedGPIOList;

struct DeviceState {
    Object parent_obj;

    char *id;                   /* user-given, or NULL */
    bool realized;
    bool hotplugged;            /* added while the machine was running */
    bool pending_unplug;        /* device_del asked, guest not done yet */
    bool pending_deleted_event; /* unrealized: DEVICE_DELETED when it goes */
    BusState *parent_bus;
    NamedGPIOList *gpios;
    GSList *child_buses;        /* of BusState *, in creation order */
    int num_child_bus;
    Error *global_error;        /* a -global that did not apply */
};

typedef struct BusChild {
    DeviceState *child;
    int index;
} BusChild;

struct BusClass {
    ObjectClass parent_class;

    /* Path of a child for "info qtree" and error messages; optional. */
    char *(*get_dev_path)(DeviceState *dev);
    /* Whether @dev may join (address checks); optional. */
    bool (*check_address)(BusState *bus, DeviceState *dev, Error **errp);
    /* Realize/unrealize of the bus itself; optional. */
    void (*realize)(BusState *bus, Error **errp);
    void (*unrealize)(BusState *bus);
    void (*reset)(BusState *bus);

    int max_dev;                /* 0: unlimited */
    int automatic_ids;          /* for "type.N" bus names */
};

struct BusState {
    Object parent_obj;

    DeviceState *parent;        /* NULL for root buses */
    char *name;
    Object *hotplug_handler;    /* link<hotplug-handler> */
    GQueue children;            /* of BusChild *, in plug order */
    int num_children;
    int max_index;
    bool realized;
    bool full;                  /* no room for another child */
};

/*
 * Creating devices.  qdev_new makes an unrealized device; qdev_realize
 * plugs it into @bus (NULL for bus-less devices) and realizes it.  On
 * failure the device is unplugged again; the caller still holds its
 * reference.  qdev_realize_and_unref drops the caller's reference either
 * way, leaving the device owned by the tree on success.
 */
DeviceState *qdev_new(const char *name);
bool qdev_realize(DeviceState *dev, BusState *bus, Error **errp);
bool qdev_realize_and_unref(DeviceState *dev, BusState *bus, Error **errp);
void qdev_unrealize(DeviceState *dev);

/* Put @dev on @bus (before realize); the bus gets a child link. */
bool qdev_set_parent_bus(DeviceState *dev, BusState *bus, Error **errp);

/*
 * Hot-unplug @dev: ask its hotplug handler, which removes it at once or
 * when the guest agrees.  Fails for devices that cannot be unplugged.
 */
bool qdev_unplug(DeviceState *dev, Error **errp);

/*
 * Remove @dev (object_unparent) from a bottom half, which runs before the
 * main loop handles anything else.  For removals the guest triggers
 * through a register of the bus above the device (a slot powered off, an
 * eject register): the access that triggers it may be a message the
 * device itself is still sending, and the device must outlive it.
 * Asking twice removes it once.
 */
void qdev_unplug_deferred(DeviceState *dev);

/* Reset @dev, then everything on its buses. */
void device_cold_reset(DeviceState *dev);
void bus_cold_reset(BusState *bus);

/* What a device or bus is called in messages: its id, or its path. */
char *qdev_get_human_name(DeviceState *dev);
/* The device's canonical QOM path (caller frees). */
char *qdev_get_dev_path(DeviceState *dev);
DeviceState *qdev_find_by_id(const char *id);

/*
 * Called after a device has been removed and unrealized, with the device
 * as data: the monitor sends DEVICE_DELETED from here.
 */
void qdev_add_deleted_notifier(Notifier *n);

/* Whether the machine is up: devices added from now on are hot-plugged. */
extern bool qdev_hotplug;

/* GPIO lines. */
void qdev_init_gpio_in(DeviceState *dev, qemu_irq_handler handler, int n);
void qdev_init_gpio_out(DeviceState *dev, qemu_irq *pins, int n);
void qdev_init_gpio_in_named(DeviceState *dev, qemu_irq_handler handler,
                             const char *name, int n);
void qdev_init_gpio_out_named(DeviceState *dev, qemu_irq *pins,
                              const char *name, int n);
qemu_irq qdev_get_gpio_in(DeviceState *dev, int n);
qemu_irq qdev_get_gpio_in_named(DeviceState *dev, const char *name, int n);
void qdev_connect_gpio_out(DeviceState *dev, int n, qemu_irq pin);
void qdev_connect_gpio_out_named(DeviceState *dev, const char *name, int n,
                                 qemu_irq pin);
/* The list for @name (NULL: the unnamed one), or NULL if none. */
NamedGPIOList *qdev_get_named_gpio_list(DeviceState *dev, const char *name);

/* Buses */

/*
 * Create a bus of @typename as part of @parent (or a root bus if NULL),
 * named @name, or "PARENTID.N" if the parent has an id, else "type.N".
 */
BusState *qbus_new(const char *typename, DeviceState *parent,
                   const char *name);
/* Same, for a bus embedded in its parent's state. */
void qbus_init(void *bus, size_t size, const char *typename,
               DeviceState *parent, const char *name);
bool qbus_realize(BusState *bus, Error **errp);
void qbus_unrealize(BusState *bus);
bool qbus_is_hotpluggable(BusState *bus);
void qbus_set_hotplug_handler(BusState *bus, Object *handler);

/* The main system bus: the root of the qdev tree. */
BusState *sysbus_get_default(void);

/*
 * Find a bus for a device.  @path is what bus= says: a bus name anywhere in
 * the tree ("pcie.0"), optionally followed by "/device-id/bus-name" steps,
 * or an absolute path from the main system bus.
 */
BusState *qbus_find(const char *path, Error **errp);
/* The first bus of @bus_typename with room, depth-first from the root. */
BusState *qbus_find_free(const char *bus_typename);

/* Call @fn on every device of the tree under @bus, depth-first. */
int qbus_walk_devices(BusState *bus, int (*fn)(DeviceState *dev, void *opaque),
                      void *opaque);

#endif
