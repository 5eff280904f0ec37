/*
 * Random number generator back ends: user-creatable objects
 * (-object rng-random,id=,filename= / -object rng-builtin,id=) that
 * entropy-consuming devices (virtio-rng) link to.
 *
 * TYPE_RNG_BACKEND ("rng-backend") is abstract; a subclass implements
 * the read hook.  Requests are served at once: every back end here reads
 * from a source that does not block (the kernel's getrandom or a
 * character device opened non-blocking), so a request may get fewer
 * bytes than asked (possibly none) and the consumer asks again later.
 */
#ifndef SYSTEM_RNG_H
#define SYSTEM_RNG_H

#include "qom/object.h"
#include "util/error.h"

#define TYPE_RNG_BACKEND "rng-backend"
#define TYPE_RNG_RANDOM "rng-random"
#define TYPE_RNG_BUILTIN "rng-builtin"

typedef struct RngBackend RngBackend;
typedef struct RngBackendClass RngBackendClass;

#define RNG_BACKEND(obj) OBJECT_CHECK(RngBackend, (obj), TYPE_RNG_BACKEND)
#define RNG_BACKEND_CLASS(klass) \
    OBJECT_CLASS_CHECK(RngBackendClass, (klass), TYPE_RNG_BACKEND)
#define RNG_BACKEND_GET_CLASS(obj) \
    OBJECT_GET_CLASS(RngBackendClass, (obj), TYPE_RNG_BACKEND)

/* Gets the bytes a request produced (@size may be less than asked). */
typedef void EntropyReceiveFunc(void *opaque, const void *data, size_t size);

struct RngBackendClass {
    ObjectClass parent_class;

    /* Set up the source (user-creatable complete); optional. */
    bool (*open)(RngBackend *s, Error **errp);
    /* Up to @size bytes into @buf; the count read (0: none now). */
    size_t (*read)(RngBackend *s, void *buf, size_t size);
};

struct RngBackend {
    Object parent_obj;

    bool opened;
};

/*
 * Ask @s for up to @size bytes; @receive is called before this returns
 * with what the source had (it is not called when nothing was read).
 */
void rng_backend_request_entropy(RngBackend *s, size_t size,
                                 EntropyReceiveFunc *receive, void *opaque);
/* Complete @s outside -object (devices that make a default back end). */
bool rng_backend_open(RngBackend *s, Error **errp);

#endif
