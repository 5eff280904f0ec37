/*
 * The virtio bus: the one-slot bus a virtio transport proxy (virtio-pci)
 * provides for its virtio device.  The transport implements
 * VirtioBusClass; the core calls these hooks with the bus's parent
 * device (the proxy) as @d.
 */
#ifndef HW_VIRTIO_VIRTIO_BUS_H
#define HW_VIRTIO_VIRTIO_BUS_H

#include "hw/virtio/virtio.h"

#define TYPE_VIRTIO_BUS "virtio-bus"

typedef struct VirtioBusClass VirtioBusClass;

#define VIRTIO_BUS(obj) OBJECT_CHECK(VirtioBusState, (obj), TYPE_VIRTIO_BUS)
#define VIRTIO_BUS_CLASS(klass) \
    OBJECT_CLASS_CHECK(VirtioBusClass, (klass), TYPE_VIRTIO_BUS)
#define VIRTIO_BUS_GET_CLASS(obj) \
    OBJECT_GET_CLASS(VirtioBusClass, (obj), TYPE_VIRTIO_BUS)

struct VirtioBusState {
    BusState parent_obj;
};

struct VirtioBusClass {
    BusClass parent_class;

    /* Raise interrupt @vector (VIRTIO_NO_VECTOR: INTx / ISR-only
     * transports decide from vdev->isr). Required. */
    void (*notify)(DeviceState *d, uint16_t vector);
    /* The address space the device masters; NULL: system memory. */
    AddressSpace *(*get_dma_as)(DeviceState *d);
    /* Before the device's realize: the transport may add feature bits
     * (e.g. VERSION_1 for modern) to vdev->host_features. */
    void (*pre_plugged)(DeviceState *d, Error **errp);
    /* After the device's realize (queues exist, features offered). */
    void (*device_plugged)(DeviceState *d, Error **errp);
    /* Before the device's unrealize. */
    void (*device_unplugged)(DeviceState *d);
    /* Whether the transport defers kicks as an ioeventfd would
     * (virtio_queue_notify_deferred); NULL: never. */
    bool (*ioeventfd_enabled)(DeviceState *d);
    /* Wire (assign) or unwire @notifier to queue @n's notify address;
     * 0 or -errno.  NULL: no host notifiers (virtio-pci has none yet). */
    int (*ioeventfd_assign)(DeviceState *d, EventNotifier *notifier,
                            int n, bool assign);
    /* Number of MSI-X vectors the transport has (0: none). */
    int (*query_nvectors)(DeviceState *d);
    /* Queue @n is going (virtio_delete_queue): forget its configuration
     * and release its vector, so a queue added there later starts clean
     * (virtio-net moves its control queue when MQ is negotiated). */
    void (*queue_deleted)(DeviceState *d, int n);
    /* Every transport bus holds at most this many devices (1). */
    int max_dev;
};

/* The core tells the transport a queue is deleted (queue_deleted). */
void virtio_bus_queue_deleted(VirtIODevice *vdev, int n);
/* Called by the core's device realize/unrealize; transports need not. */
bool virtio_bus_device_plugged(VirtIODevice *vdev, Error **errp);
void virtio_bus_device_unplugged(VirtIODevice *vdev);

/* The device on @bus, or NULL. */
VirtIODevice *virtio_bus_get_device(VirtioBusState *bus);
/* Reset the plugged device (virtio_reset); transports call it from
 * their own reset and on a status write of 0. */
void virtio_bus_reset(VirtioBusState *bus);
/* The plugged device's ID / config size (0 without a device). */
uint16_t virtio_bus_get_vdev_id(VirtioBusState *bus);
size_t virtio_bus_get_vdev_config_len(VirtioBusState *bus);

/*
 * ioeventfd: assign (or release) the host notifier of queue @n through
 * ioeventfd_assign; while assigned, a guest kick that sets the notifier
 * runs the queue's handler from the main loop.  0 or -errno (-ENOSYS
 * without ioeventfd support).
 */
int virtio_bus_set_host_notifier(VirtioBusState *bus, int n, bool assign);
/* Whether the transport on @bus defers kicks (ioeventfd_enabled). */
bool virtio_bus_ioeventfd_enabled(VirtioBusState *bus);

#endif
