/*
 * memory-backend-memfd: guest RAM in an anonymous memory file, shared by
 * default so that another process given the fd (vhost-user) maps the
 * same pages; sealed against growing and shrinking unless seal=off, and
 * optionally in huge pages.
 */
#include "util/osdep.h"
#include <sys/mman.h>
#include "util/module.h"
#include "qom/object-property.h"
#include "qom/object-interfaces.h"
#include "system/hostmem.h"

#ifndef MFD_HUGE_SHIFT
#define MFD_HUGE_SHIFT 26
#endif

OBJECT_DECLARE_SIMPLE_TYPE(HostMemoryBackendMemfd, MEMORY_BACKEND_MEMFD)

struct HostMemoryBackendMemfd {
    HostMemoryBackend parent_obj;

    bool hugetlb;
    uint64_t hugetlbsize;       /* 0: the system's default huge pages */
    bool seal;
};

static bool memfd_backend_alloc(HostMemoryBackend *backend, Error **errp)
{
    HostMemoryBackendMemfd *m = MEMORY_BACKEND_MEMFD(backend);
    g_autofree char *name = host_memory_backend_get_name(backend);
    unsigned flags = MFD_CLOEXEC;
    int fd;

    if (m->hugetlbsize & (m->hugetlbsize - 1)) {
        error_setg(errp, "Hugepage size must be a power of 2");
        return false;
    }
    if (m->seal) {
        flags |= MFD_ALLOW_SEALING;
    }
    if (m->hugetlb) {
        flags |= MFD_HUGETLB;
        if (m->hugetlbsize) {
            flags |= __builtin_ctzll(m->hugetlbsize) << MFD_HUGE_SHIFT;
        }
    }
    fd = memfd_create(name, flags);
    if (fd < 0) {
        error_setg_errno(errp, errno, "failed to create memfd");
        return false;
    }
    if (ftruncate(fd, backend->size) < 0) {
        error_setg_errno(errp, errno, "failed to resize memfd to %" PRIu64,
                         backend->size);
        close(fd);
        return false;
    }
    if (m->seal &&
        fcntl(fd, F_ADD_SEALS, F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL)
        < 0) {
        error_setg_errno(errp, errno, "failed to add seals");
        close(fd);
        return false;
    }
    if (!memory_region_init_ram_flags_from_fd(&backend->mr, OBJECT(backend),
                                              name, backend->size, 0,
                                              (backend->share ? RAM_SHARED
                                                              : 0) |
                                              (backend->reserve
                                               ? 0 : RAM_NORESERVE),
                                              fd, 0, errp)) {
        close(fd);
        return false;
    }
    return true;
}

/* qemu lets these change after creation, to no effect; so do we. */
static bool get_seal(Object *obj, Error **errp)
{
    return MEMORY_BACKEND_MEMFD(obj)->seal;
}

static void set_seal(Object *obj, bool value, Error **errp)
{
    MEMORY_BACKEND_MEMFD(obj)->seal = value;
}

static bool get_hugetlb(Object *obj, Error **errp)
{
    return MEMORY_BACKEND_MEMFD(obj)->hugetlb;
}

static void set_hugetlb(Object *obj, bool value, Error **errp)
{
    MEMORY_BACKEND_MEMFD(obj)->hugetlb = value;
}

static QObject *get_hugetlbsize(Object *obj, ObjectProperty *prop,
                                Error **errp)
{
    return QOBJECT(qnum_from_uint(MEMORY_BACKEND_MEMFD(obj)->hugetlbsize));
}

static void set_hugetlbsize(Object *obj, ObjectProperty *prop,
                            const QInput *in, Error **errp)
{
    uint64_t size;

    if (qinput_get_size(in, prop->name, &size, errp)) {
        MEMORY_BACKEND_MEMFD(obj)->hugetlbsize = size;
    }
}

static void memfd_backend_instance_init(Object *obj)
{
    MEMORY_BACKEND(obj)->share = true;
    MEMORY_BACKEND_MEMFD(obj)->seal = true;
}

static void memfd_backend_class_init(ObjectClass *oc, void *data)
{
    MEMORY_BACKEND_CLASS(oc)->alloc = memfd_backend_alloc;

    object_class_property_add_bool(oc, "hugetlb", get_hugetlb, set_hugetlb);
    object_class_property_set_description(oc, "hugetlb", "Use huge pages");
    object_class_property_add(oc, "hugetlbsize", "int", get_hugetlbsize,
                              set_hugetlbsize, NULL, NULL);
    object_class_property_set_description(oc, "hugetlbsize",
                                          "Huge pages size (ex: 2M, 1G)");
    object_class_property_add_bool(oc, "seal", get_seal, set_seal);
    object_class_property_set_description(oc, "seal",
                                          "Seal growing & shrinking");
}

static const TypeInfo memfd_backend_info = {
    .name = TYPE_MEMORY_BACKEND_MEMFD,
    .parent = TYPE_MEMORY_BACKEND,
    .instance_size = sizeof(HostMemoryBackendMemfd),
    .instance_init = memfd_backend_instance_init,
    .class_init = memfd_backend_class_init,
};

static void memfd_backend_register_types(void)
{
    type_register_static(&memfd_backend_info);
}

type_init(memfd_backend_register_types)
