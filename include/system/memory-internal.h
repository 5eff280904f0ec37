/*
 * What the files of the memory API share and nobody else needs: flat
 * views, RAM blocks, 128-bit address arithmetic and the hooks between
 * region placement (memory.c), flattening (flatview.c), access dispatch
 * (memory-access.c), RAM (physmem.c) and "info mtree" (mtree.c).
 */
#ifndef SYSTEM_MEMORY_INTERNAL_H
#define SYSTEM_MEMORY_INTERNAL_H

#include "system/memory.h"

/*
 * Guest addresses run up to 2^64 inclusive as an end bound, and alias
 * arithmetic can go below zero; 128-bit integers hold both exactly.
 */
typedef unsigned __int128 u128;
typedef __int128 s128;

#define U128_2_64 ((u128)1 << 64)

/* A region's size as a 128-bit number (2^64 for the full space). */
static inline u128 mr_size128(const MemoryRegion *mr)
{
    return mr->size_is_max ? U128_2_64 : (u128)mr->size;
}

/* One piece of a flat view: [start, start + size) reaches @mr. */
typedef struct FlatRange {
    MemoryRegion *mr;           /* RAM, ROM or I/O: terminates */
    hwaddr offset_in_region;    /* of @start */
    u128 start;
    u128 size;
    bool readonly;              /* through a read-only alias or region */
} FlatRange;

/* A sorted, non-overlapping list of ranges; shared by address spaces
 * whose roots flatten the same way. */
struct FlatView {
    unsigned ref;
    MemoryRegion *root;         /* what it was rendered from, or NULL */
    FlatRange *ranges;
    unsigned nr;
    unsigned nr_alloc;
};

struct MemoryRegionIoeventfd {
    hwaddr addr;
    unsigned size;              /* 0: any */
    bool match_data;
    uint64_t data;
    EventNotifier *e;
};

struct RAMBlock {
    MemoryRegion *mr;
    char *idstr;
    uint8_t *host;
    uint64_t used_length;       /* the region's size, page-rounded */
    uint64_t max_length;        /* what may be used after resizes */
    void *map_base;             /* what munmap releases (NULL: not ours) */
    size_t map_size;
    size_t page_size;
    int fd;                     /* -1: anonymous */
    uint64_t fd_offset;
    bool shared;
    bool readonly;
    bool resizeable;
    void (*resized)(const char *name, uint64_t new_size, void *host);
};

/* memory.c */

/* Called when a change needs the flat views rebuilt. */
void memory_region_changed(void);
/* The type word "info mtree" prints: ram, rom, i/o. */
const char *memory_region_type_name(const MemoryRegion *mr);

/* flatview.c */

/* Rebuild every address space's flat view and tell listeners. */
void memory_rebuild_flat_views(void);
/* The range holding @addr in @fv, or NULL. */
const FlatRange *flatview_lookup(const FlatView *fv, u128 addr);
/* The first range starting after @addr, or NULL. */
const FlatRange *flatview_next(const FlatView *fv, u128 addr);
/* Address spaces in creation order (mtree). */
GList *memory_address_spaces(void);
/* Initialise address_space_memory and address_space_io if needed. */
void memory_map_init(void);
/* The region whose flattening @as's view is, or NULL if it is empty. */
MemoryRegion *flatview_root_of(MemoryRegion *mr);
/* The current view of @as (no reference taken). */
FlatView *address_space_view(AddressSpace *as);
/* Hold @fv across an access whose callbacks may change the map. */
void flatview_ref(FlatView *fv);
void flatview_unref(FlatView *fv);

/* memory-access.c */

/*
 * An access of @size bytes (any size up to 8; bytes in address order)
 * at @addr inside terminating region @mr: RAM is copied, I/O goes
 * through the region's ops with their valid and impl rules.
 */
MemTxResult memory_region_access(MemoryRegion *mr, hwaddr addr,
                                 uint8_t *bytes, unsigned size,
                                 bool is_write, MemTxAttrs attrs);
/* How many bytes at @addr the splitter gives @mr in one access. */
unsigned memory_access_size(const MemoryRegion *mr, hwaddr addr,
                            uint64_t len);
/* Whether @mr accepts an access, without making it. */
bool memory_region_access_valid(const MemoryRegion *mr, hwaddr addr,
                                unsigned size, bool is_write,
                                MemTxAttrs attrs);

/* physmem.c */

/* New RAM blocks for a region named @name; the caller sets ->mr. */
RAMBlock *ram_block_new_anon(const char *name, uint64_t size,
                             uint64_t max_size, uint32_t ram_flags,
                             Error **errp);
RAMBlock *ram_block_new_fd(const char *name, uint64_t size, uint64_t align,
                           uint32_t ram_flags, int fd, uint64_t offset,
                           Error **errp);
RAMBlock *ram_block_new_ptr(const char *name, uint64_t size, void *host);
void ram_block_free(RAMBlock *rb);
bool ram_block_resize(RAMBlock *rb, uint64_t newsize, Error **errp);
/* Where RAM region @mr's byte @offset is in this process. */
uint8_t *ram_block_host(const MemoryRegion *mr, hwaddr offset);

#endif
