/*
 * rng-random: random bytes read from a host file, /dev/urandom unless
 * "filename" says otherwise.  The file is opened non-blocking when the
 * object is completed; a short or failed read just yields fewer bytes.
 */
#include "util/osdep.h"
#include "util/module.h"
#include "qom/object-property.h"
#include "system/rng.h"

#define RNG_RANDOM_DEFAULT "/dev/urandom"

typedef struct RngRandom {
    RngBackend parent_obj;
    char *filename;
    int fd;
} RngRandom;

#define RNG_RANDOM(obj) OBJECT_CHECK(RngRandom, (obj), TYPE_RNG_RANDOM)

static bool rng_random_open(RngBackend *b, Error **errp)
{
    RngRandom *s = RNG_RANDOM(b);

    s->fd = open(s->filename, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (s->fd < 0) {
        error_setg_errno(errp, errno, "Could not open '%s'", s->filename);
        return false;
    }
    return true;
}

static size_t rng_random_read(RngBackend *b, void *buf, size_t size)
{
    RngRandom *s = RNG_RANDOM(b);
    ssize_t n;

    do {
        n = read(s->fd, buf, size);
    } while (n < 0 && errno == EINTR);
    return n > 0 ? (size_t)n : 0;
}

static char *rng_random_get_filename(Object *obj, Error **errp)
{
    return g_strdup(RNG_RANDOM(obj)->filename);
}

static void rng_random_set_filename(Object *obj, const char *value,
                                    Error **errp)
{
    RngRandom *s = RNG_RANDOM(obj);

    if (RNG_BACKEND(obj)->opened) {
        error_setg(errp, "Property 'filename' can no longer be set");
        return;
    }
    g_free(s->filename);
    s->filename = g_strdup(value);
}

static void rng_random_init(Object *obj)
{
    RngRandom *s = RNG_RANDOM(obj);

    s->filename = g_strdup(RNG_RANDOM_DEFAULT);
    s->fd = -1;
}

static void rng_random_finalize(Object *obj)
{
    RngRandom *s = RNG_RANDOM(obj);

    if (s->fd >= 0) {
        close(s->fd);
    }
    g_free(s->filename);
}

static void rng_random_class_init(ObjectClass *oc, void *data)
{
    RngBackendClass *k = RNG_BACKEND_CLASS(oc);

    k->open = rng_random_open;
    k->read = rng_random_read;
    object_class_property_add_str(oc, "filename", rng_random_get_filename,
                                  rng_random_set_filename);
}

static const TypeInfo rng_random_info = {
    .name = TYPE_RNG_RANDOM,
    .parent = TYPE_RNG_BACKEND,
    .instance_size = sizeof(RngRandom),
    .instance_init = rng_random_init,
    .instance_finalize = rng_random_finalize,
    .class_init = rng_random_class_init,
};

static void rng_random_register_types(void)
{
    type_register_static(&rng_random_info);
}

type_init(rng_random_register_types)
