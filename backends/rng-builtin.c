/*
 * rng-builtin: random bytes from the host kernel's getrandom(2), with no
 * file to open (qemu's default virtio-rng source).
 */
#include "util/osdep.h"
#include <sys/random.h>
#include "util/module.h"
#include "system/rng.h"

static size_t rng_builtin_read(RngBackend *s, void *buf, size_t size)
{
    ssize_t n;

    do {
        n = getrandom(buf, size, GRND_NONBLOCK);
    } while (n < 0 && errno == EINTR);
    return n > 0 ? (size_t)n : 0;
}

static void rng_builtin_class_init(ObjectClass *oc, void *data)
{
    RNG_BACKEND_CLASS(oc)->read = rng_builtin_read;
}

static const TypeInfo rng_builtin_info = {
    .name = TYPE_RNG_BUILTIN,
    .parent = TYPE_RNG_BACKEND,
    .instance_size = sizeof(RngBackend),
    .class_init = rng_builtin_class_init,
};

static void rng_builtin_register_types(void)
{
    type_register_static(&rng_builtin_info);
}

type_init(rng_builtin_register_types)
