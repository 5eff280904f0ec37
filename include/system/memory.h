/*
 * The memory API: how guest-physical addresses reach RAM and devices.
 *
 * A MemoryRegion is a range of guest-visible space of a given size:
 *
 *   - a container, which holds other regions at offsets (subregions),
 *     possibly overlapping, the one with the higher priority winning (and
 *     among equals the one added last);
 *   - RAM (or ROM): host memory the guest reads and writes directly; RAM
 *     can come from a file or memfd (memory backends) and then has a file
 *     descriptor and offset that other processes can map (vhost-user);
 *   - I/O: callbacks (MemoryRegionOps) that implement device registers,
 *     with the access sizes the device accepts (valid) and implements
 *     (impl); the core splits or combines accesses between the two;
 *   - an alias: a window onto part of another region (PAM, PCI holes).
 *
 * An AddressSpace is a root region as some agent sees it: the CPU's
 * memory and I/O port spaces, each PCI device's bus-master space.  The
 * core flattens the tree into a sorted list of ranges (a FlatView) when
 * something changes, and dispatches accesses through it.  An access to
 * an address where nothing is mapped is "unassigned": reads give zeroes
 * in memory space and all-ones in I/O space (as qemu's do), writes are
 * dropped, and the result says MEMTX_DECODE_ERROR.
 *
 * Regions are QOM objects; a region with an owner is that owner's child
 * ("name" with "[*]" suffix handling), so its lifetime follows the
 * device's.  All of this runs in the main loop, which owns device state.
 */
#ifndef SYSTEM_MEMORY_H
#define SYSTEM_MEMORY_H

#include "qom/object.h"
#include "util/notify.h"
#include "util/event-notifier.h"

typedef uint64_t hwaddr;
#define HWADDR_MAX UINT64_MAX
#define HWADDR_PRIx PRIx64

#define TYPE_MEMORY_REGION "memory-region"

typedef struct MemoryRegion MemoryRegion;
typedef struct MemoryRegionOps MemoryRegionOps;
typedef struct AddressSpace AddressSpace;
typedef struct FlatView FlatView;
typedef struct RAMBlock RAMBlock;
typedef struct MemoryListener MemoryListener;

#define MEMORY_REGION(obj) \
    OBJECT_CHECK(MemoryRegion, (obj), TYPE_MEMORY_REGION)

/* Who is accessing; devices may care (PCI requester id). */
typedef struct MemTxAttrs {
    unsigned int unspecified:1;
    unsigned int secure:1;
    unsigned int requester_id:16;
} MemTxAttrs;

#define MEMTXATTRS_UNSPECIFIED ((MemTxAttrs) { .unspecified = 1 })

/* Results: 0 is success; the others may be or-ed together. */
typedef uint32_t MemTxResult;
#define MEMTX_OK 0
#define MEMTX_ERROR (1U << 0)           /* the device refused it */
#define MEMTX_DECODE_ERROR (1U << 1)    /* nothing is there */
#define MEMTX_ACCESS_ERROR (1U << 2)    /* a size or alignment the device
                                         * does not accept */

typedef enum DeviceEndian {
    DEVICE_NATIVE_ENDIAN,   /* the target's: little on x86 */
    DEVICE_BIG_ENDIAN,
    DEVICE_LITTLE_ENDIAN,
} DeviceEndian;

struct MemoryRegionOps {
    /* Simple accessors: @addr is relative to the region. */
    uint64_t (*read)(void *opaque, hwaddr addr, unsigned size);
    void (*write)(void *opaque, hwaddr addr, uint64_t data, unsigned size);
    /* Accessors that see attributes and can fail; used if set. */
    MemTxResult (*read_with_attrs)(void *opaque, hwaddr addr, uint64_t *data,
                                   unsigned size, MemTxAttrs attrs);
    MemTxResult (*write_with_attrs)(void *opaque, hwaddr addr, uint64_t data,
                                    unsigned size, MemTxAttrs attrs);

    DeviceEndian endianness;

    /* What the guest may do: other accesses are refused (reads give
     * all-ones, writes are dropped).  0 means 1 (min) and 4 (max). */
    struct {
        unsigned min_access_size;
        unsigned max_access_size;
        bool unaligned;
        bool (*accepts)(void *opaque, hwaddr addr, unsigned size,
                        bool is_write, MemTxAttrs attrs);
    } valid;
    /* What the callbacks implement: the core splits wider accesses and
     * widens narrower ones.  0 means 1 (min) and 4 (max). */
    struct {
        unsigned min_access_size;
        unsigned max_access_size;
        bool unaligned;
    } impl;
};

typedef struct MemoryRegionIoeventfd MemoryRegionIoeventfd;

struct MemoryRegion {
    Object parent_obj;

    /* Everything below is the core's: use the functions. */
    char *name;
    Object *owner;
    uint64_t size;              /* a size argument of UINT64_MAX means
                                 * 2^64 bytes: then size_is_max is set */
    bool size_is_max;
    bool enabled;
    bool readonly;              /* ROM: guest writes are dropped */
    bool ram;
    bool rom_device;
    bool terminates;            /* RAM or I/O: accesses end here */
    const MemoryRegionOps *ops;
    void *opaque;
    RAMBlock *ram_block;
    MemoryRegion *container;
    hwaddr addr;                /* offset in the container */
    int priority;
    bool may_overlap;
    MemoryRegion *alias;
    hwaddr alias_offset;
    GQueue subregions;          /* of MemoryRegion *, by priority */
    void (*destructor)(MemoryRegion *mr);
    MemoryRegionIoeventfd *ioeventfds;  /* memory_region_add_eventfd */
    unsigned nr_ioeventfds;
};

/* Containers, I/O, RAM, ROM, aliases */

/* A container (or an empty range that only reserves space). */
void memory_region_init(MemoryRegion *mr, Object *owner, const char *name,
                        uint64_t size);
void memory_region_init_io(MemoryRegion *mr, Object *owner,
                           const MemoryRegionOps *ops, void *opaque,
                           const char *name, uint64_t size);
/* RAM from anonymous memory. */
bool memory_region_init_ram(MemoryRegion *mr, Object *owner,
                            const char *name, uint64_t size, Error **errp);
/* RAM at a host pointer the caller owns (and frees after the region). */
void memory_region_init_ram_ptr(MemoryRegion *mr, Object *owner,
                                const char *name, uint64_t size, void *ptr);
/*
 * RAM whose guest-visible size can change up to @max_size (firmware
 * tables that grow between versions).  @resized, if not NULL, is called
 * after each memory_region_ram_resize() with the new size and the host
 * pointer.  Memory past the current size reads as zero when it grows back.
 */
bool memory_region_init_resizeable_ram(MemoryRegion *mr, Object *owner,
                                       const char *name, uint64_t size,
                                       uint64_t max_size,
                                       void (*resized)(const char *name,
                                                       uint64_t new_size,
                                                       void *host),
                                       Error **errp);
/*
 * RAM mapped from @fd at @offset (memory backends).  @share maps it
 * MAP_SHARED, so that writes reach the file and other processes.  The
 * size is rounded up to the file's page size; an empty file is grown to
 * it, a shorter one is refused.  On success the region owns @fd and
 * closes it when it is finalized; on failure @fd is left open.
 */
bool memory_region_init_ram_from_fd(MemoryRegion *mr, Object *owner,
                                    const char *name, uint64_t size,
                                    bool share, int fd, uint64_t offset,
                                    bool readonly, Error **errp);
/*
 * The same with flags, for memory backends.  @align (0: the page size)
 * aligns the host mapping, for huge pages; it must be a multiple of the
 * page size.
 */
#define RAM_SHARED      (1U << 0)   /* MAP_SHARED: others see the writes */
#define RAM_NORESERVE   (1U << 1)   /* reserve no swap space for it */
#define RAM_READONLY    (1U << 2)   /* mapped read-only: a ROM to the guest */
bool memory_region_init_ram_flags(MemoryRegion *mr, Object *owner,
                                  const char *name, uint64_t size,
                                  uint32_t ram_flags, Error **errp);
bool memory_region_init_ram_flags_from_fd(MemoryRegion *mr, Object *owner,
                                          const char *name, uint64_t size,
                                          uint64_t align, uint32_t ram_flags,
                                          int fd, uint64_t offset,
                                          Error **errp);
/* Read-only RAM: the guest reads it, its writes are dropped (MEMTX_OK). */
bool memory_region_init_rom(MemoryRegion *mr, Object *owner,
                            const char *name, uint64_t size, Error **errp);
/*
 * A ROM device (flash): reads come from RAM the device fills through
 * memory_region_get_ram_ptr(), writes go to @ops.
 */
bool memory_region_init_rom_device(MemoryRegion *mr, Object *owner,
                                   const MemoryRegionOps *ops, void *opaque,
                                   const char *name, uint64_t size,
                                   Error **errp);
/* A window of @size bytes onto @orig starting at @offset. */
void memory_region_init_alias(MemoryRegion *mr, Object *owner,
                              const char *name, MemoryRegion *orig,
                              hwaddr offset, uint64_t size);

/* Placing regions */

void memory_region_add_subregion(MemoryRegion *mr, hwaddr offset,
                                 MemoryRegion *subregion);
void memory_region_add_subregion_overlap(MemoryRegion *mr, hwaddr offset,
                                         MemoryRegion *subregion,
                                         int priority);
void memory_region_del_subregion(MemoryRegion *mr, MemoryRegion *subregion);
void memory_region_set_enabled(MemoryRegion *mr, bool enabled);
void memory_region_set_address(MemoryRegion *mr, hwaddr addr);
void memory_region_set_alias_offset(MemoryRegion *mr, hwaddr offset);
void memory_region_set_size(MemoryRegion *mr, uint64_t size);
void memory_region_set_readonly(MemoryRegion *mr, bool readonly);
/* Resize RAM that was created resizable; the new size is guest-visible. */
bool memory_region_ram_resize(MemoryRegion *mr, uint64_t newsize,
                              Error **errp);

/*
 * Ioeventfds: a guest write of @size bytes (0: any size) at @addr in @mr,
 * with value @data if @match_data, sets @e instead of calling the
 * device's write callback (virtio notifications handed to a back end).
 * The value is compared as the device would see it.
 */
void memory_region_add_eventfd(MemoryRegion *mr, hwaddr addr, unsigned size,
                               bool match_data, uint64_t data,
                               EventNotifier *e);
void memory_region_del_eventfd(MemoryRegion *mr, hwaddr addr, unsigned size,
                               bool match_data, uint64_t data,
                               EventNotifier *e);

/*
 * References.  A region with an owner shares the owner's reference
 * count (it lives as long as the owner); one without holds its own.
 * Containers, aliases, address spaces and flat views hold references to
 * what they point to, so a device cannot go away while its regions are
 * mapped: unmap them in unrealize.  An owner-less region that is not in
 * the composition tree is destroyed by its last object_unref().
 */
void memory_region_ref(MemoryRegion *mr);
void memory_region_unref(MemoryRegion *mr);
Object *memory_region_owner(MemoryRegion *mr);

/*
 * One access of @size (1, 2, 4 or 8) bytes at @addr in @mr, as the
 * address space would make it: valid sizes checked, split or widened to
 * what the callbacks implement, endianness applied.  Values are numbers
 * in the target's (little-endian) byte order.  Works on RAM and ROM too.
 */
MemTxResult memory_region_dispatch_read(MemoryRegion *mr, hwaddr addr,
                                        uint64_t *pval, unsigned size,
                                        MemTxAttrs attrs);
MemTxResult memory_region_dispatch_write(MemoryRegion *mr, hwaddr addr,
                                         uint64_t val, unsigned size,
                                         MemTxAttrs attrs);

/* Group several changes into one flat view rebuild. */
void memory_region_transaction_begin(void);
void memory_region_transaction_commit(void);

/* Questions */

/* The size; a 2^64-byte region answers UINT64_MAX. */
uint64_t memory_region_size(const MemoryRegion *mr);
const char *memory_region_name(const MemoryRegion *mr);
/* RAM, ROM and ROM devices are RAM; ROM is RAM that is read-only. */
bool memory_region_is_ram(const MemoryRegion *mr);
bool memory_region_is_rom(const MemoryRegion *mr);
/* Whether it sits in a container. */
bool memory_region_is_mapped(const MemoryRegion *mr);
void *memory_region_get_ram_ptr(MemoryRegion *mr);
/* The backing fd and the offset of the region's start in it; -1 if none. */
int memory_region_get_fd(const MemoryRegion *mr);
uint64_t memory_region_get_fd_offset(const MemoryRegion *mr);
/*
 * The RAM region (and offset in it) holding host pointer @ptr, or NULL:
 * how vhost-user turns guest memory into (fd, offset) pairs.
 */
MemoryRegion *memory_region_from_host(void *ptr, uint64_t *offset);

/* Address spaces */

struct AddressSpace {
    char *name;
    MemoryRegion *root;
    FlatView *current_map;
    NotifierList listeners_changed;   /* told (data: the AddressSpace)
                                       * after its flat view changed */
    GSList *listeners;          /* of MemoryListener * */
    bool io_space;              /* unassigned reads give all-ones */
};

/*
 * Make @as (caller-allocated) see @root; @name is what "info mtree"
 * shows.  Destroying it unregisters its remaining listeners (they get
 * region_del for every range) and drops its reference to @root.
 */
void address_space_init(AddressSpace *as, MemoryRegion *root,
                        const char *name);
void address_space_destroy(AddressSpace *as);

/*
 * The CPU's views: system memory (a container "system" of 2^64 bytes)
 * and the 64 KiB of I/O ports ("io", an I/O region answering all-ones
 * where no device is).  Both are created on first use, under
 * /machine/unattached once the machine exists; address_space_memory and
 * address_space_io are initialised with them.
 */
MemoryRegion *get_system_memory(void);
MemoryRegion *get_system_io(void);
extern AddressSpace address_space_memory;
extern AddressSpace address_space_io;

/*
 * Accesses.  @buf is in address order.  Accesses that span several
 * regions are split between them; every byte either reaches something
 * or counts as unassigned.
 */
MemTxResult address_space_rw(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                             void *buf, hwaddr len, bool is_write);
MemTxResult address_space_read(AddressSpace *as, hwaddr addr,
                               MemTxAttrs attrs, void *buf, hwaddr len);
MemTxResult address_space_write(AddressSpace *as, hwaddr addr,
                                MemTxAttrs attrs, const void *buf,
                                hwaddr len);
MemTxResult address_space_set(AddressSpace *as, hwaddr addr, uint8_t c,
                              hwaddr len, MemTxAttrs attrs);
/*
 * Whether every byte of [addr, addr+len) is RAM (writable RAM for a
 * write) or a device that accepts the accesses the split would make.
 */
bool address_space_access_valid(AddressSpace *as, hwaddr addr, hwaddr len,
                                bool is_write, MemTxAttrs attrs);

/*
 * Sized accesses of 1, 2, 4 or 8 bytes as a CPU (or a device register
 * access) makes them: one access of that size to whatever is there, with
 * the device's endianness applied.  Values are host numbers in the
 * target's (little-endian) byte order.
 */
MemTxResult address_space_read_sized(AddressSpace *as, hwaddr addr,
                                     uint64_t *val, unsigned size,
                                     MemTxAttrs attrs);
MemTxResult address_space_write_sized(AddressSpace *as, hwaddr addr,
                                      uint64_t val, unsigned size,
                                      MemTxAttrs attrs);

/*
 * Direct access to guest RAM for bulk transfers: a host pointer to as
 * much of [addr, addr+*plen) as is contiguous RAM (*plen is shortened),
 * or NULL (and *plen 0) if @addr is not RAM, or is read-only RAM and
 * @is_write.  There is no bounce buffer for device memory: use
 * address_space_rw() there.  Unmap when done; @access_len is what was
 * touched (kept for dirty tracking, which Corvid does not do yet).
 */
void *address_space_map(AddressSpace *as, hwaddr addr, hwaddr *plen,
                        bool is_write, MemTxAttrs attrs);
void address_space_unmap(AddressSpace *as, void *buffer, hwaddr len,
                         bool is_write, hwaddr access_len);

/* Listeners: told about every RAM range of an address space (vhost, kvm). */

typedef struct MemoryRegionSection {
    MemoryRegion *mr;
    hwaddr offset_within_region;
    hwaddr offset_within_address_space;
    uint64_t size;
    bool readonly;
} MemoryRegionSection;

struct MemoryListener {
    void (*begin)(MemoryListener *listener);
    void (*region_add)(MemoryListener *listener,
                       MemoryRegionSection *section);
    void (*region_del)(MemoryListener *listener,
                       MemoryRegionSection *section);
    void (*commit)(MemoryListener *listener);
    const char *name;
    AddressSpace *address_space;
};

/*
 * Registering replays the current RAM ranges as region_add (between
 * begin and commit); unregistering reports them all as region_del.
 * Each flat view change then brings begin, region_del for every RAM
 * range that went, region_add for every one that came, and commit.
 */
void memory_listener_register(MemoryListener *listener, AddressSpace *as);
void memory_listener_unregister(MemoryListener *listener);

/*
 * "info mtree": the region trees, or with @flatview the flat views, in
 * qemu's format.  Address spaces are listed in the order they were
 * created, those sharing a root together.
 */
void mtree_info(GString *out, bool flatview);

#endif
