/*
 * memory-backend-file: guest RAM mapped from a file (mem-path), private
 * (copy on write) or shared (share=on: writes reach the file, and other
 * processes that map it see them), optionally read-only.  A mem-path
 * that is a directory gets a fresh file in it, unlinked at once.
 */
#include "util/osdep.h"
#include <sys/mman.h>
#include <sys/stat.h>
#include "util/module.h"
#include "qom/object-property.h"
#include "qom/object-interfaces.h"
#include "system/hostmem.h"
#include "system/memory-internal.h"

#define TEMP_FILE_PREFIX "corvid_back_mem"

OBJECT_DECLARE_SIMPLE_TYPE(HostMemoryBackendFile, MEMORY_BACKEND_FILE)

struct HostMemoryBackendFile {
    HostMemoryBackend parent_obj;

    char *mem_path;
    uint64_t align;
    bool discard_data;
    bool readonly;
    bool pmem;
};

/*
 * Open @path for the backend: an existing file as it is (read-only when
 * the mapping is), a missing one created, a directory given a new
 * unlinked file.  Returns the fd or -1 with errno set.
 */
static int open_backing_store(const char *path, const char *name,
                              bool readonly)
{
    struct stat st;
    int fd;

    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        g_autofree char *tmpl = g_strdup_printf("%s/" TEMP_FILE_PREFIX
                                                ".%s.XXXXXX", path, name);

        fd = mkostemp(tmpl, O_CLOEXEC);
        if (fd >= 0) {
            unlink(tmpl);
        }
        return fd;
    }
    fd = open(path, (readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) {
        /* A new file is empty and gets its size when it is mapped. */
        fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    }
    return fd;
}

/* discard-data: the file's contents need not survive us (the region's
 * destructor runs before its memory is unmapped). */
static void file_backend_discard(MemoryRegion *mr)
{
    HostMemoryBackendFile *fb = MEMORY_BACKEND_FILE(
        container_of(mr, HostMemoryBackend, mr));
    RAMBlock *rb = mr->ram_block;

    if (fb->discard_data && rb && rb->used_length) {
        madvise(rb->host, rb->used_length, MADV_REMOVE);
    }
}

static bool file_backend_alloc(HostMemoryBackend *backend, Error **errp)
{
    HostMemoryBackendFile *fb = MEMORY_BACKEND_FILE(backend);
    g_autofree char *name = host_memory_backend_get_name(backend);
    uint32_t flags = (backend->share ? RAM_SHARED : 0) |
                     (backend->reserve ? 0 : RAM_NORESERVE) |
                     (fb->readonly ? RAM_READONLY : 0);
    int fd;

    if (!fb->mem_path) {
        error_setg(errp, "Parameter 'mem-path' is missing");
        return false;
    }
    fd = open_backing_store(fb->mem_path, name, fb->readonly);
    if (fd < 0) {
        error_setg_errno(errp, errno, "can't open backing store %s for "
                         "guest RAM", fb->mem_path);
        return false;
    }
    if (!memory_region_init_ram_flags_from_fd(&backend->mr, OBJECT(backend),
                                              name, backend->size, fb->align,
                                              flags, fd, 0, errp)) {
        close(fd);
        return false;
    }
    backend->mr.destructor = file_backend_discard;
    return true;
}

/* Properties that shape the mapping are fixed once it exists. */
static bool file_backend_frozen(Object *obj, const char *prop,
                                const char *tail, Error **errp)
{
    if (host_memory_backend_mr_inited(MEMORY_BACKEND(obj))) {
        error_setg(errp, "cannot change property '%s' of %s%s", prop,
                   object_get_typename(obj), tail);
        return true;
    }
    return false;
}

static char *get_mem_path(Object *obj, Error **errp)
{
    return g_strdup(MEMORY_BACKEND_FILE(obj)->mem_path);
}

static void set_mem_path(Object *obj, const char *value, Error **errp)
{
    HostMemoryBackendFile *fb = MEMORY_BACKEND_FILE(obj);

    if (!file_backend_frozen(obj, "mem-path", "", errp)) {
        g_free(fb->mem_path);
        fb->mem_path = g_strdup(value);
    }
}

static bool get_readonly(Object *obj, Error **errp)
{
    return MEMORY_BACKEND_FILE(obj)->readonly;
}

static void set_readonly(Object *obj, bool value, Error **errp)
{
    /* qemu ends this one with a full stop. */
    if (!file_backend_frozen(obj, "readonly", ".", errp)) {
        MEMORY_BACKEND_FILE(obj)->readonly = value;
    }
}

static bool get_pmem(Object *obj, Error **errp)
{
    return MEMORY_BACKEND_FILE(obj)->pmem;
}

/* Persistent memory needs no special mapping here: writes reach the
 * file through the shared mapping, which is what pmem asks for. */
static void set_pmem(Object *obj, bool value, Error **errp)
{
    if (!file_backend_frozen(obj, "pmem", ".", errp)) {
        MEMORY_BACKEND_FILE(obj)->pmem = value;
    }
}

static bool get_discard_data(Object *obj, Error **errp)
{
    return MEMORY_BACKEND_FILE(obj)->discard_data;
}

static void set_discard_data(Object *obj, bool value, Error **errp)
{
    MEMORY_BACKEND_FILE(obj)->discard_data = value;
}

static QObject *get_align(Object *obj, ObjectProperty *prop, Error **errp)
{
    return QOBJECT(qnum_from_uint(MEMORY_BACKEND_FILE(obj)->align));
}

static void set_align(Object *obj, ObjectProperty *prop, const QInput *in,
                      Error **errp)
{
    uint64_t align;

    if (file_backend_frozen(obj, "align", "", errp) ||
        !qinput_get_size(in, prop->name, &align, errp)) {
        return;
    }
    /* Checked against the page size of the file when it is mapped. */
    MEMORY_BACKEND_FILE(obj)->align = align;
}

static void file_backend_finalize(Object *obj)
{
    g_free(MEMORY_BACKEND_FILE(obj)->mem_path);
}

static void file_backend_class_init(ObjectClass *oc, void *data)
{
    MEMORY_BACKEND_CLASS(oc)->alloc = file_backend_alloc;

    object_class_property_add_bool(oc, "readonly", get_readonly,
                                   set_readonly);
    object_class_property_add(oc, "align", "int", get_align, set_align,
                              NULL, NULL);
    object_class_property_add_bool(oc, "pmem", get_pmem, set_pmem);
    object_class_property_add_str(oc, "mem-path", get_mem_path,
                                  set_mem_path);
    object_class_property_add_bool(oc, "discard-data", get_discard_data,
                                   set_discard_data);
}

static const TypeInfo file_backend_info = {
    .name = TYPE_MEMORY_BACKEND_FILE,
    .parent = TYPE_MEMORY_BACKEND,
    .instance_size = sizeof(HostMemoryBackendFile),
    .instance_finalize = file_backend_finalize,
    .class_init = file_backend_class_init,
};

static void file_backend_register_types(void)
{
    type_register_static(&file_backend_info);
}

type_init(file_backend_register_types)
