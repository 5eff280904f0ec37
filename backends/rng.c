/*
 * The abstract random number generator back end ("rng-backend"): the
 * user-creatable plumbing and the request entry point its subclasses
 * (rng-random, rng-builtin) share; see include/system/rng.h.
 */
#include "util/osdep.h"
#include "util/module.h"
#include "qom/object-interfaces.h"
#include "system/rng.h"

/* Requests larger than this are served in several reads. */
#define RNG_CHUNK 4096

void rng_backend_request_entropy(RngBackend *s, size_t size,
                                 EntropyReceiveFunc *receive, void *opaque)
{
    RngBackendClass *k = RNG_BACKEND_GET_CLASS(s);
    uint8_t buf[RNG_CHUNK];

    while (size && s->opened && k->read) {
        size_t want = MIN(size, sizeof(buf));
        size_t got = k->read(s, buf, want);

        if (!got) {
            break;
        }
        receive(opaque, buf, got);
        size -= got;
        if (got < want) {
            break;
        }
    }
}

bool rng_backend_open(RngBackend *s, Error **errp)
{
    RngBackendClass *k = RNG_BACKEND_GET_CLASS(s);

    if (s->opened) {
        return true;
    }
    if (k->open && !k->open(s, errp)) {
        return false;
    }
    s->opened = true;
    return true;
}

static void rng_backend_complete(UserCreatable *uc, Error **errp)
{
    rng_backend_open(RNG_BACKEND(uc), errp);
}

static void rng_backend_class_init(ObjectClass *oc, void *data)
{
    USER_CREATABLE_CLASS(oc)->complete = rng_backend_complete;
}

static const TypeInfo rng_backend_info = {
    .name = TYPE_RNG_BACKEND,
    .parent = TYPE_OBJECT,
    .abstract = true,
    .instance_size = sizeof(RngBackend),
    .class_size = sizeof(RngBackendClass),
    .class_init = rng_backend_class_init,
    .interfaces = (const InterfaceInfo[]) {
        { TYPE_USER_CREATABLE },
        { NULL },
    },
};

static void rng_backend_register_types(void)
{
    type_register_static(&rng_backend_info);
}

type_init(rng_backend_register_types)
