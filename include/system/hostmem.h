/*
 * Memory backends: user-creatable objects that own a piece of host
 * memory for guest RAM (-object memory-backend-ram,id=m,size=1G).
 *
 *   memory-backend        abstract: size, share, prealloc,
 *                         prealloc-threads, merge, dump, reserve
 *   memory-backend-ram    anonymous memory
 *   memory-backend-file   a file (mem-path; a directory gets a fresh
 *                         unlinked file), with align, readonly, pmem,
 *                         discard-data
 *   memory-backend-memfd  a memfd (shared by default), with seal,
 *                         hugetlb, hugetlbsize
 *
 * Completing the object (-object, object-add) allocates its RAM region;
 * a machine or device that puts the region to use marks the backend
 * mapped, and a mapped backend refuses object-del.  File and memfd
 * backends have a file descriptor other processes can map (vhost-user),
 * found with memory_region_get_fd() on the region.
 */
#ifndef SYSTEM_HOSTMEM_H
#define SYSTEM_HOSTMEM_H

#include "qom/object.h"
#include "system/memory.h"

#define TYPE_MEMORY_BACKEND "memory-backend"
#define TYPE_MEMORY_BACKEND_RAM "memory-backend-ram"
#define TYPE_MEMORY_BACKEND_FILE "memory-backend-file"
#define TYPE_MEMORY_BACKEND_MEMFD "memory-backend-memfd"

OBJECT_DECLARE_TYPE(HostMemoryBackend, HostMemoryBackendClass,
                    MEMORY_BACKEND)

struct HostMemoryBackendClass {
    ObjectClass parent_class;

    /*
     * Create backend->mr, backend->size bytes (already checked to be
     * set), honouring share and reserve.  The name of the region is the
     * backend's id.
     */
    bool (*alloc)(HostMemoryBackend *backend, Error **errp);
};

struct HostMemoryBackend {
    Object parent_obj;

    uint64_t size;              /* 0: not set */
    bool share;
    bool prealloc;
    uint32_t prealloc_threads;
    bool merge;
    bool dump;
    bool reserve;
    bool mapped;                /* in use by a machine or device */
    MemoryRegion mr;            /* valid once host_memory_backend_mr_inited */
};

/* The backend's RAM, or NULL before the object was completed. */
MemoryRegion *host_memory_backend_get_memory(HostMemoryBackend *backend);
bool host_memory_backend_mr_inited(HostMemoryBackend *backend);
/* Claim (or release) the backend for one user. */
void host_memory_backend_set_mapped(HostMemoryBackend *backend, bool mapped);
bool host_memory_backend_is_mapped(HostMemoryBackend *backend);
/* The id the user gave it (the name of its region); caller frees. */
char *host_memory_backend_get_name(HostMemoryBackend *backend);
/* The host page size of its memory (huge page size for hugetlb). */
size_t host_memory_backend_pagesize(HostMemoryBackend *backend);

#endif
