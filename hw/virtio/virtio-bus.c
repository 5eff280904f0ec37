/*
 * The virtio bus (TYPE_VIRTIO_BUS): plugging a virtio device into its
 * transport, resets from the transport, and ioeventfd host notifiers
 * (see include/hw/virtio/virtio-bus.h).
 */
#include "util/osdep.h"
#include "util/error.h"
#include "util/module.h"
#include "hw/virtio/virtio-bus.h"
#include "virtio-internal.h"

bool virtio_bus_device_plugged(VirtIODevice *vdev, Error **errp)
{
    DeviceState *qdev = DEVICE(vdev);
    BusState *qbus = qdev->parent_bus;
    VirtioBusClass *k;
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(vdev);
    Error *err = NULL;

    if (!qbus) {
        error_setg(errp, "virtio device '%s' is not on a virtio bus",
                   object_get_typename(OBJECT(vdev)));
        return false;
    }
    k = VIRTIO_BUS_GET_CLASS(qbus);
    if (k->pre_plugged) {
        k->pre_plugged(qbus->parent, &err);
        if (err) {
            error_propagate(errp, err);
            return false;
        }
    }
    /* The offer: the device's features plus the transport's bits. */
    if (vdc->get_features) {
        vdev->host_features = vdc->get_features(vdev, vdev->host_features,
                                                &err);
        if (err) {
            error_propagate(errp, err);
            return false;
        }
    }
    vdev->dma_as = k->get_dma_as ? k->get_dma_as(qbus->parent) : NULL;
    if (!vdev->dma_as) {
        vdev->dma_as = &address_space_memory;
    }
    if (k->device_plugged) {
        k->device_plugged(qbus->parent, &err);
        if (err) {
            error_propagate(errp, err);
            return false;
        }
    }
    return true;
}

void virtio_bus_device_unplugged(VirtIODevice *vdev)
{
    BusState *qbus = DEVICE(vdev)->parent_bus;
    VirtioBusClass *k;
    int i;

    if (!qbus) {
        return;
    }
    for (i = 0; vdev->vq && i < VIRTIO_QUEUE_MAX; i++) {
        if (vdev->vq[i].host_notifier_assigned) {
            virtio_bus_set_host_notifier(VIRTIO_BUS(qbus), i, false);
        }
    }
    k = VIRTIO_BUS_GET_CLASS(qbus);
    if (k->device_unplugged) {
        k->device_unplugged(qbus->parent);
    }
}

void virtio_bus_queue_deleted(VirtIODevice *vdev, int n)
{
    BusState *qbus = DEVICE(vdev)->parent_bus;
    VirtioBusClass *k;

    if (!qbus || !DEVICE(vdev)->realized) {
        return;
    }
    k = VIRTIO_BUS_GET_CLASS(qbus);
    if (k->queue_deleted) {
        k->queue_deleted(qbus->parent, n);
    }
}

VirtIODevice *virtio_bus_get_device(VirtioBusState *bus)
{
    BusChild *kid = g_queue_peek_head(&BUS(bus)->children);

    return kid ? VIRTIO_DEVICE(kid->child) : NULL;
}

void virtio_bus_reset(VirtioBusState *bus)
{
    VirtIODevice *vdev = virtio_bus_get_device(bus);

    if (vdev) {
        virtio_reset(vdev);
    }
}

uint16_t virtio_bus_get_vdev_id(VirtioBusState *bus)
{
    VirtIODevice *vdev = virtio_bus_get_device(bus);

    return vdev ? vdev->device_id : 0;
}

size_t virtio_bus_get_vdev_config_len(VirtioBusState *bus)
{
    VirtIODevice *vdev = virtio_bus_get_device(bus);

    return vdev ? vdev->config_len : 0;
}

bool virtio_bus_ioeventfd_enabled(VirtioBusState *bus)
{
    VirtioBusClass *k = VIRTIO_BUS_GET_CLASS(bus);

    return k->ioeventfd_enabled && k->ioeventfd_enabled(BUS(bus)->parent);
}

/* A kick that arrived through the eventfd: run the queue (this is a
 * main loop callback already, outside any guest access). */
static void virtio_host_notifier_read(EventNotifier *n)
{
    VirtQueue *vq = container_of(n, VirtQueue, host_notifier);

    if (event_notifier_test_and_clear(n)) {
        virtio_queue_notify(vq->vdev, vq->index);
    }
}

int virtio_bus_set_host_notifier(VirtioBusState *bus, int n, bool assign)
{
    VirtioBusClass *k = VIRTIO_BUS_GET_CLASS(bus);
    VirtIODevice *vdev = virtio_bus_get_device(bus);
    VirtQueue *vq;
    int r;

    if (!vdev || !k->ioeventfd_assign) {
        return -ENOSYS;
    }
    vq = virtio_get_queue(vdev, n);
    if (!vq) {
        return -EINVAL;
    }
    if (assign == vq->host_notifier_assigned) {
        return 0;
    }
    if (assign) {
        r = event_notifier_init(&vq->host_notifier, false);
        if (r < 0) {
            return r;
        }
        r = k->ioeventfd_assign(BUS(bus)->parent, &vq->host_notifier, n,
                                true);
        if (r < 0) {
            event_notifier_cleanup(&vq->host_notifier);
            return r;
        }
        event_notifier_set_handler(&vq->host_notifier,
                                   virtio_host_notifier_read);
        vq->host_notifier_assigned = true;
    } else {
        k->ioeventfd_assign(BUS(bus)->parent, &vq->host_notifier, n, false);
        event_notifier_set_handler(&vq->host_notifier, NULL);
        /* A kick that raced with the unassignment still counts. */
        virtio_host_notifier_read(&vq->host_notifier);
        event_notifier_cleanup(&vq->host_notifier);
        vq->host_notifier_assigned = false;
    }
    return 0;
}

static void virtio_bus_class_init(ObjectClass *oc, void *data)
{
    BusClass *bc = BUS_CLASS(oc);

    /* One device per transport. */
    bc->max_dev = 1;
}

static const TypeInfo virtio_bus_info = {
    .name = TYPE_VIRTIO_BUS,
    .parent = TYPE_BUS,
    .instance_size = sizeof(VirtioBusState),
    .class_size = sizeof(VirtioBusClass),
    .class_init = virtio_bus_class_init,
    .abstract = true,
};

static void virtio_bus_register_types(void)
{
    type_register_static(&virtio_bus_info);
}

type_init(virtio_bus_register_types)
