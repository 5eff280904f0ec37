/*
 * virtio-rng (Virtio 1.2 section 5.4): an entropy source for the guest.
 * One request queue; the device fills each device-writable buffer with
 * random bytes from its rng back end, at most "max-bytes" bytes every
 * "period" milliseconds.  Without "rng" it makes its own rng-builtin.
 */
#ifndef HW_VIRTIO_VIRTIO_RNG_H
#define HW_VIRTIO_VIRTIO_RNG_H

#include "hw/virtio/virtio.h"
#include "system/rng.h"
#include "util/timer.h"

#define TYPE_VIRTIO_RNG "virtio-rng-device"

#define VIRTIO_RNG(obj) OBJECT_CHECK(VirtIORNG, (obj), TYPE_VIRTIO_RNG)

/* The queue size qemu offers. */
#define VIRTIO_RNG_QUEUE_SIZE 8

typedef struct VirtIORNG {
    VirtIODevice parent_obj;

    VirtQueue *vq;
    RngBackend *rng;            /* property "rng" */
    RngBackend *default_rng;    /* our own rng-builtin when none given */
    uint64_t max_bytes;         /* property "max-bytes" */
    uint32_t period_ms;         /* property "period" */
    int64_t quota_remaining;
    Timer *rate_limit_timer;
} VirtIORNG;

#endif
