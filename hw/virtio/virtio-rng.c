/*
 * virtio-rng-device: the virtio entropy device (device ID 4).  Fills the
 * guest's writable buffers with bytes from an rng back end, rate limited
 * to "max-bytes" per "period" milliseconds of guest time.
 */
#include "util/osdep.h"
#include "util/error.h"
#include "util/module.h"
#include "hw/core/qdev-properties.h"
#include "hw/virtio/virtio-rng.h"

#define NS_PER_MS 1000000LL

typedef struct RngFill {
    VirtQueueElement *elem;
    size_t offset;
} RngFill;

static void virtio_rng_receive(void *opaque, const void *data, size_t size)
{
    RngFill *f = opaque;

    f->offset += iov_from_buf(f->elem->in_sg, f->elem->in_num, f->offset,
                              data, size);
}

static RngBackend *virtio_rng_backend(VirtIORNG *vrng)
{
    return vrng->rng ? vrng->rng : vrng->default_rng;
}

/* Serve queued requests while the quota lasts. */
/*
 * The most bytes one buffer gets.  Entropy is read synchronously, and a
 * guest may post buffers of up to 4 GiB; a shorter fill is legitimate
 * (the used length says how much was written), and drivers ask again.
 */
#define VIRTIO_RNG_MAX_PER_BUFFER (64 * 1024)

static void virtio_rng_process(VirtIORNG *vrng)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(vrng);
    bool pushed = false;

    if (!virtio_device_started(vdev) || !vrng->vq) {
        return;
    }
    while (vrng->quota_remaining > 0) {
        VirtQueueElement *elem = virtqueue_pop(vrng->vq, sizeof(*elem));
        RngFill f = { .elem = elem };
        size_t want;

        if (!elem) {
            break;
        }
        want = MIN(iov_size(elem->in_sg, elem->in_num),
                   (size_t)vrng->quota_remaining);
        want = MIN(want, (size_t)VIRTIO_RNG_MAX_PER_BUFFER);
        rng_backend_request_entropy(virtio_rng_backend(vrng), want,
                                    virtio_rng_receive, &f);
        if (want && !f.offset) {
            /* The source has nothing right now: try on the next kick. */
            virtqueue_unpop(vrng->vq, elem, 0);
            g_free(elem);
            break;
        }
        virtqueue_push(vrng->vq, elem, f.offset);
        g_free(elem);
        pushed = true;
        /* The first bytes of a period start its clock. */
        if (f.offset && !timer_pending(vrng->rate_limit_timer)) {
            timer_mod(vrng->rate_limit_timer,
                      clock_get_ns(CLOCK_VIRTUAL) +
                      vrng->period_ms * NS_PER_MS);
        }
        vrng->quota_remaining -= f.offset;
    }
    if (pushed) {
        virtio_notify(vdev, vrng->vq);
    }
}

static void virtio_rng_handle(VirtIODevice *vdev, VirtQueue *vq)
{
    virtio_rng_process(VIRTIO_RNG(vdev));
}

static void virtio_rng_period_end(void *opaque)
{
    VirtIORNG *vrng = opaque;

    vrng->quota_remaining = vrng->max_bytes;
    virtio_rng_process(vrng);
}

static uint64_t virtio_rng_get_features(VirtIODevice *vdev, uint64_t f,
                                        Error **errp)
{
    return f;       /* no device-specific features */
}

static void virtio_rng_reset(VirtIODevice *vdev)
{
    VirtIORNG *vrng = VIRTIO_RNG(vdev);

    timer_del(vrng->rate_limit_timer);
    vrng->quota_remaining = vrng->max_bytes;
}

static void virtio_rng_realize(DeviceState *dev, Error **errp)
{
    VirtIORNG *vrng = VIRTIO_RNG(dev);

    if (vrng->period_ms == 0) {
        error_setg(errp, "'period' parameter expects a positive integer");
        return;
    }
    if (vrng->max_bytes > INT64_MAX) {
        error_setg(errp, "'max-bytes' parameter must be non-negative, "
                   "and less than 2^63");
        return;
    }
    if (!vrng->rng) {
        RngBackend *b = RNG_BACKEND(object_new(TYPE_RNG_BUILTIN));

        if (!rng_backend_open(b, errp)) {
            object_unref(b);
            return;
        }
        vrng->default_rng = b;
    }
    vrng->quota_remaining = vrng->max_bytes;
    vrng->rate_limit_timer = timer_new_ns(CLOCK_VIRTUAL,
                                          virtio_rng_period_end, vrng);
    vrng->vq = virtio_add_queue(VIRTIO_DEVICE(dev), VIRTIO_RNG_QUEUE_SIZE,
                                virtio_rng_handle);
}

static void virtio_rng_unrealize(DeviceState *dev)
{
    VirtIORNG *vrng = VIRTIO_RNG(dev);

    virtio_del_queue(VIRTIO_DEVICE(dev), 0);
    vrng->vq = NULL;
    if (vrng->rate_limit_timer) {
        timer_free(vrng->rate_limit_timer);
        vrng->rate_limit_timer = NULL;
    }
    if (vrng->default_rng) {
        object_unref(vrng->default_rng);
        vrng->default_rng = NULL;
    }
}

static const Property virtio_rng_properties[] = {
    DEFINE_PROP_UINT64("max-bytes", VirtIORNG, max_bytes, INT64_MAX),
    DEFINE_PROP_UINT32("period", VirtIORNG, period_ms, 1 << 16),
    DEFINE_PROP_LINK("rng", VirtIORNG, rng, TYPE_RNG_BACKEND, RngBackend *),
};

static void virtio_rng_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_CLASS(oc);

    device_class_set_props(dc, virtio_rng_properties);
    device_class_set_category(dc, DEVICE_CATEGORY_MISC);
    vdc->device_id = VIRTIO_ID_RNG;
    vdc->config_len = 0;
    vdc->realize = virtio_rng_realize;
    vdc->unrealize = virtio_rng_unrealize;
    vdc->get_features = virtio_rng_get_features;
    vdc->reset = virtio_rng_reset;
}

static const TypeInfo virtio_rng_info = {
    .name = TYPE_VIRTIO_RNG,
    .parent = TYPE_VIRTIO_DEVICE,
    .instance_size = sizeof(VirtIORNG),
    .class_init = virtio_rng_class_init,
};

static void virtio_rng_register_types(void)
{
    type_register_static(&virtio_rng_info);
}

type_init(virtio_rng_register_types)
