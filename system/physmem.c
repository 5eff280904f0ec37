/*
 * Guest RAM: RAM blocks of host memory (anonymous mappings, files and
 * memfds mapped at an offset, or memory a caller owns), finding the block
 * of a host pointer, and direct mapping of guest RAM for bulk transfers.
 */
#include "util/osdep.h"
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include "system/memory.h"
#include "system/memory-internal.h"

/* statfs f_type of hugetlbfs, whose page size is the huge page size. */
#define HUGETLBFS_MAGIC 0x958458f6

/* Every RAM block, for memory_region_from_host(). */
static GList *ram_blocks;

static size_t host_page_size(void)
{
    return sysconf(_SC_PAGESIZE);
}

/* @v rounded up to a multiple of @align (a power of two); false if that
 * does not fit in 64 bits. */
static bool round_up(uint64_t v, uint64_t align, uint64_t *out)
{
    if (v > UINT64_MAX - (align - 1)) {
        return false;
    }
    *out = (v + align - 1) & ~(align - 1);
    return true;
}

static RAMBlock *ram_block_new(const char *name)
{
    RAMBlock *rb = g_new0(RAMBlock, 1);

    rb->idstr = g_strdup(name ? name : "");
    rb->fd = -1;
    ram_blocks = g_list_prepend(ram_blocks, rb);
    return rb;
}

static int mmap_flags(uint32_t ram_flags)
{
    return (ram_flags & RAM_SHARED ? MAP_SHARED : MAP_PRIVATE) |
           (ram_flags & RAM_NORESERVE ? MAP_NORESERVE : 0);
}

RAMBlock *ram_block_new_anon(const char *name, uint64_t size,
                             uint64_t max_size, uint32_t ram_flags,
                             Error **errp)
{
    size_t page = host_page_size();
    uint64_t used, max;
    RAMBlock *rb;
    void *host;

    if (!round_up(size, page, &used) || !round_up(max_size, page, &max) ||
        max > SIZE_MAX) {
        error_setg(errp, "cannot set up guest memory '%s': %s", name,
                   g_strerror(ENOMEM));
        return NULL;
    }
    /* Fresh anonymous memory is zero, page-aligned and lazily backed. */
    host = mmap(NULL, max ? max : page, PROT_READ | PROT_WRITE,
                MAP_ANONYMOUS | mmap_flags(ram_flags), -1, 0);
    if (host == MAP_FAILED) {
        error_setg(errp, "cannot set up guest memory '%s': %s", name,
                   g_strerror(errno));
        return NULL;
    }
    rb = ram_block_new(name);
    rb->host = host;
    rb->map_base = host;
    rb->map_size = max ? max : page;
    rb->used_length = used;
    rb->max_length = max;
    rb->page_size = page;
    rb->shared = ram_flags & RAM_SHARED;
    return rb;
}

/* The page size of the file system @fd lives on. */
static size_t fd_page_size(int fd)
{
    struct statfs fs;

    if (fstatfs(fd, &fs) == 0 && (uint32_t)fs.f_type == HUGETLBFS_MAGIC) {
        return fs.f_bsize;
    }
    return host_page_size();
}

/*
 * Check the file behind @fd against the @need bytes from @offset we are
 * about to map: an empty file is grown (files made for the purpose are
 * empty), a shorter one is refused, since touching a page past its end
 * would kill the process.
 */
static bool fd_check_size(int fd, uint64_t offset, uint64_t need,
                          bool readonly, Error **errp)
{
    struct stat st;

    if (fstat(fd, &st) < 0) {
        error_setg_errno(errp, errno, "cannot stat backing store");
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        /* Devices (DAX) have no size to check. */
        return true;
    }
    if (st.st_size == 0) {
        if (ftruncate(fd, offset + need) == 0) {
            return true;
        }
        /* A file opened read-only cannot grow: it is just too short. */
        if (!readonly) {
            error_setg_errno(errp, errno, "failed to resize backing store "
                             "to %" PRIu64, offset + need);
            return false;
        }
    }
    if ((uint64_t)st.st_size < offset + need) {
        error_setg(errp, "backing store size 0x%" PRIx64 " does not match "
                   "'size' option 0x%" PRIx64, (uint64_t)st.st_size, need);
        return false;
    }
    return true;
}

/* Map @len bytes of @fd at a host address aligned to @align. */
static void *mmap_aligned(uint64_t len, uint64_t align, int prot, int flags,
                          int fd, uint64_t offset, void **base,
                          size_t *base_len)
{
    size_t page = host_page_size();
    uint8_t *area, *aligned;
    size_t total;

    if (align <= page) {
        void *p = mmap(NULL, len, prot, flags, fd, offset);

        *base = p;
        *base_len = len;
        return p;
    }
    /* Reserve enough address space to find an aligned start in it. */
    total = len + align;
    area = mmap(NULL, total, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS |
                MAP_NORESERVE, -1, 0);
    if (area == MAP_FAILED) {
        return MAP_FAILED;
    }
    aligned = (uint8_t *)(((uintptr_t)area + align - 1) & ~(align - 1));
    if (mmap(aligned, len, prot, flags | MAP_FIXED, fd, offset) ==
        MAP_FAILED) {
        int err = errno;

        munmap(area, total);
        errno = err;
        return MAP_FAILED;
    }
    /* Give back the slack on both sides. */
    if (aligned > area) {
        munmap(area, aligned - area);
    }
    if (area + total > aligned + len) {
        munmap(aligned + len, area + total - (aligned + len));
    }
    *base = aligned;
    *base_len = len;
    return aligned;
}

RAMBlock *ram_block_new_fd(const char *name, uint64_t size, uint64_t align,
                           uint32_t ram_flags, int fd, uint64_t offset,
                           Error **errp)
{
    bool readonly = ram_flags & RAM_READONLY;
    size_t page = fd_page_size(fd);
    uint64_t used;
    void *host, *base;
    size_t base_len;
    RAMBlock *rb;

    if (align && align % page) {
        error_setg(errp, "alignment 0x%" PRIx64 " must be multiples of page "
                   "size 0x%zx", align, page);
        return NULL;
    }
    if (offset % page) {
        error_setg(errp, "offset 0x%" PRIx64 " must be a multiple of the "
                   "page size 0x%zx", offset, page);
        return NULL;
    }
    if (!round_up(size, page, &used) || used == 0 || used > SIZE_MAX ||
        offset > UINT64_MAX - used) {
        error_setg(errp, "cannot set up guest memory '%s': %s", name,
                   g_strerror(EINVAL));
        return NULL;
    }
    if (!fd_check_size(fd, offset, used, readonly, errp)) {
        return NULL;
    }
    host = mmap_aligned(used, MAX(align, page),
                        PROT_READ | (readonly ? 0 : PROT_WRITE),
                        mmap_flags(ram_flags), fd, offset, &base, &base_len);
    if (host == MAP_FAILED) {
        error_setg_errno(errp, errno,
                         "unable to map backing store for guest RAM");
        return NULL;
    }
    rb = ram_block_new(name);
    rb->host = host;
    rb->map_base = base;
    rb->map_size = base_len;
    rb->used_length = used;
    rb->max_length = used;
    rb->page_size = page;
    rb->fd = fd;
    rb->fd_offset = offset;
    rb->shared = ram_flags & RAM_SHARED;
    rb->readonly = readonly;
    return rb;
}

RAMBlock *ram_block_new_ptr(const char *name, uint64_t size, void *host)
{
    RAMBlock *rb = ram_block_new(name);

    rb->host = host;
    rb->used_length = size;
    rb->max_length = size;
    rb->page_size = host_page_size();
    return rb;
}

void ram_block_free(RAMBlock *rb)
{
    ram_blocks = g_list_remove(ram_blocks, rb);
    if (rb->map_base) {
        munmap(rb->map_base, rb->map_size);
    }
    if (rb->fd >= 0) {
        close(rb->fd);
    }
    g_free(rb->idstr);
    g_free(rb);
}

bool ram_block_resize(RAMBlock *rb, uint64_t newsize, Error **errp)
{
    uint64_t used;

    if (!round_up(newsize, rb->page_size, &used)) {
        used = UINT64_MAX;
    }
    if (!rb->resizeable) {
        if (used == rb->used_length) {
            return true;
        }
        error_setg(errp, "cannot resize memory region '%s' from 0x%" PRIx64
                   " to 0x%" PRIx64 ": it is not resizeable", rb->idstr,
                   rb->used_length, newsize);
        return false;
    }
    if (used > rb->max_length) {
        error_setg(errp, "cannot resize memory region '%s' to 0x%" PRIx64
                   ": its maximum is 0x%" PRIx64, rb->idstr, newsize,
                   rb->max_length);
        return false;
    }
    if (used < rb->used_length) {
        /* Drop the tail, so that it reads as zero if it grows back. */
        madvise(rb->host + used, rb->used_length - used, MADV_DONTNEED);
    }
    rb->used_length = used;
    return true;
}

uint8_t *ram_block_host(const MemoryRegion *mr, hwaddr offset)
{
    return mr->ram_block->host + offset;
}

/* The RAM region under @mr's aliases, and @mr's offset in it. */
static MemoryRegion *ram_region_of(MemoryRegion *mr, hwaddr *offset)
{
    *offset = 0;
    while (mr->alias) {
        *offset += mr->alias_offset;
        mr = mr->alias;
    }
    return mr->ram_block ? mr : NULL;
}

void *memory_region_get_ram_ptr(MemoryRegion *mr)
{
    hwaddr offset;
    MemoryRegion *ram = ram_region_of(mr, &offset);

    return ram ? ram->ram_block->host + offset : NULL;
}

int memory_region_get_fd(const MemoryRegion *mr)
{
    hwaddr offset;
    MemoryRegion *ram = ram_region_of((MemoryRegion *)mr, &offset);

    return ram ? ram->ram_block->fd : -1;
}

uint64_t memory_region_get_fd_offset(const MemoryRegion *mr)
{
    hwaddr offset;
    MemoryRegion *ram = ram_region_of((MemoryRegion *)mr, &offset);

    return ram ? ram->ram_block->fd_offset + offset : 0;
}

MemoryRegion *memory_region_from_host(void *ptr, uint64_t *offset)
{
    uint8_t *p = ptr;
    GList *l;

    for (l = ram_blocks; l; l = l->next) {
        RAMBlock *rb = l->data;

        if (rb->host && p >= rb->host && p < rb->host + rb->max_length) {
            if (offset) {
                *offset = p - rb->host;
            }
            return rb->mr;
        }
    }
    return NULL;
}

/* Direct mapping */

void *address_space_map(AddressSpace *as, hwaddr addr, hwaddr *plen,
                        bool is_write, MemTxAttrs attrs)
{
    const FlatRange *fr = flatview_lookup(address_space_view(as), addr);
    MemoryRegion *mr;
    hwaddr off;
    u128 n;

    if (!fr || !*plen || !fr->mr->ram ||
        (is_write && (fr->readonly || fr->mr->readonly ||
                      fr->mr->rom_device))) {
        *plen = 0;
        return NULL;
    }
    mr = fr->mr;
    off = fr->offset_in_region + (hwaddr)(addr - fr->start);
    if (off >= mr->ram_block->used_length) {
        *plen = 0;
        return NULL;
    }
    n = MIN((u128)*plen, fr->start + fr->size - addr);
    n = MIN(n, (u128)(mr->ram_block->used_length - off));
    *plen = n;
    return mr->ram_block->host + off;
}

void address_space_unmap(AddressSpace *as, void *buffer, hwaddr len,
                         bool is_write, hwaddr access_len)
{
    /* Mappings point straight into guest RAM: nothing to copy back or
     * release.  Dirty tracking would start here. */
    g_assert(buffer || !len);
}
