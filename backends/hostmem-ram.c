/*
 * memory-backend-ram: guest RAM from anonymous host memory, private or
 * (share=on) shared with children of this process.
 */
#include "util/osdep.h"
#include "util/module.h"
#include "qom/object-interfaces.h"
#include "system/hostmem.h"

static bool ram_backend_alloc(HostMemoryBackend *backend, Error **errp)
{
    g_autofree char *name = host_memory_backend_get_name(backend);
    uint32_t flags = (backend->share ? RAM_SHARED : 0) |
                     (backend->reserve ? 0 : RAM_NORESERVE);

    return memory_region_init_ram_flags(&backend->mr, OBJECT(backend), name,
                                        backend->size, flags, errp);
}

static void ram_backend_class_init(ObjectClass *oc, void *data)
{
    MEMORY_BACKEND_CLASS(oc)->alloc = ram_backend_alloc;
}

static const TypeInfo ram_backend_info = {
    .name = TYPE_MEMORY_BACKEND_RAM,
    .parent = TYPE_MEMORY_BACKEND,
    .class_init = ram_backend_class_init,
};

static void ram_backend_register_types(void)
{
    type_register_static(&ram_backend_info);
}

type_init(ram_backend_register_types)
