/*
 * Accesses: address space reads and writes split at region boundaries,
 * RAM copied directly, device registers reached through their ops with
 * the sizes they accept (valid) and implement (impl), in their byte
 * order, and ioeventfds matched before the device is called.
 */
#include "util/osdep.h"
#include "system/memory.h"
#include "system/memory-internal.h"

/* Defaults of MemoryRegionOps sizes left at 0. */
#define DEFAULT_MIN_ACCESS 1
#define DEFAULT_MAX_ACCESS 4
#define MAX_ACCESS 8
/* address_space_set writes through a buffer of this many bytes. */
#define SET_CHUNK 4096

/* An access size from MemoryRegionOps, @size or the default if 0. */
static unsigned size_or_default(unsigned size, unsigned dflt)
{
    return size ? size : dflt;
}

static unsigned valid_min(const MemoryRegionOps *ops)
{
    return size_or_default(ops->valid.min_access_size, DEFAULT_MIN_ACCESS);
}

static unsigned valid_max(const MemoryRegionOps *ops)
{
    return size_or_default(ops->valid.max_access_size, DEFAULT_MAX_ACCESS);
}

static unsigned impl_min(const MemoryRegionOps *ops)
{
    return size_or_default(ops->impl.min_access_size, DEFAULT_MIN_ACCESS);
}

static unsigned impl_max(const MemoryRegionOps *ops)
{
    return size_or_default(ops->impl.max_access_size, DEFAULT_MAX_ACCESS);
}

/* x86 is little-endian, so "native" devices are too. */
static bool big_endian(const MemoryRegionOps *ops)
{
    return ops->endianness == DEVICE_BIG_ENDIAN;
}

static uint64_t size_mask(unsigned size)
{
    return size >= 8 ? UINT64_MAX : (1ULL << (size * 8)) - 1;
}

/* A device register value of @n bytes and its bytes in address order. */
static void value_to_bytes(uint64_t v, uint8_t *b, unsigned n, bool be)
{
    unsigned i;

    for (i = 0; i < n; i++) {
        b[i] = v >> ((be ? n - 1 - i : i) * 8);
    }
}

static uint64_t bytes_to_value(const uint8_t *b, unsigned n, bool be)
{
    uint64_t v = 0;
    unsigned i;

    for (i = 0; i < n; i++) {
        v |= (uint64_t)b[i] << ((be ? n - 1 - i : i) * 8);
    }
    return v;
}

/* The largest power of two not above @n (n >= 1). */
static uint64_t pow2_floor(uint64_t n)
{
    return 1ULL << (63 - __builtin_clzll(n));
}

bool memory_region_access_valid(const MemoryRegion *mr, hwaddr addr,
                                unsigned size, bool is_write,
                                MemTxAttrs attrs)
{
    const MemoryRegionOps *ops = mr->ops;

    if (!ops || size < valid_min(ops) || size > valid_max(ops)) {
        return false;
    }
    if (!ops->valid.unaligned && (addr & (size - 1))) {
        return false;
    }
    if (ops->valid.accepts &&
        !ops->valid.accepts(mr->opaque, addr, size, is_write, attrs)) {
        return false;
    }
    return true;
}

unsigned memory_access_size(const MemoryRegion *mr, hwaddr addr,
                            uint64_t len)
{
    uint64_t l = MIN(len, MAX_ACCESS);

    if (mr->ops) {
        l = MIN(l, valid_max(mr->ops));
        /* Naturally aligned unless the device takes unaligned accesses:
         * the lowest set bit of the address bounds the size. */
        if (!mr->ops->valid.unaligned && addr) {
            l = MIN(l, addr & -addr);
        }
    }
    return pow2_floor(l);
}

/* One call of the device's callbacks, at a size it implements. */
static MemTxResult call_read(MemoryRegion *mr, hwaddr addr, unsigned size,
                             uint64_t *v, MemTxAttrs attrs)
{
    const MemoryRegionOps *ops = mr->ops;
    MemTxResult r = MEMTX_OK;

    *v = 0;
    if (ops->read_with_attrs) {
        r = ops->read_with_attrs(mr->opaque, addr, v, size, attrs);
    } else if (ops->read) {
        *v = ops->read(mr->opaque, addr, size);
    }
    *v &= size_mask(size);
    return r;
}

static MemTxResult call_write(MemoryRegion *mr, hwaddr addr, unsigned size,
                              uint64_t v, MemTxAttrs attrs)
{
    const MemoryRegionOps *ops = mr->ops;

    if (ops->write_with_attrs) {
        return ops->write_with_attrs(mr->opaque, addr, v, size, attrs);
    }
    if (ops->write) {
        ops->write(mr->opaque, addr, v, size);
    }
    return MEMTX_OK;
}

/* Whether a write matches an ioeventfd; if so the notifier is set. */
static bool ioeventfd_write(MemoryRegion *mr, hwaddr addr, unsigned size,
                            uint64_t v)
{
    unsigned i;

    for (i = 0; i < mr->nr_ioeventfds; i++) {
        const MemoryRegionIoeventfd *ev = &mr->ioeventfds[i];

        if (ev->addr == addr && (!ev->size || ev->size == size) &&
            (!ev->match_data || ev->data == v)) {
            event_notifier_set(ev->e);
            return true;
        }
    }
    return false;
}

/*
 * An access of @size bytes the device accepted, made with the sizes its
 * callbacks implement: a size it implements goes in one call; a wider
 * one is split into several calls, a narrower one widened to one call
 * (naturally aligned unless impl.unaligned), whose other bytes are
 * dropped on reads and zero on writes.
 */
static MemTxResult io_access(MemoryRegion *mr, hwaddr addr, uint8_t *bytes,
                             unsigned size, bool is_write, MemTxAttrs attrs)
{
    const MemoryRegionOps *ops = mr->ops;
    bool be = big_endian(ops);
    unsigned chunk = MIN(MAX(size, impl_min(ops)), impl_max(ops));
    MemTxResult r = MEMTX_OK;
    u128 start, end, c;

    if (chunk == size && (ops->impl.unaligned || !(addr & (size - 1)))) {
        uint64_t v;

        if (is_write) {
            return call_write(mr, addr, size,
                              bytes_to_value(bytes, size, be), attrs);
        }
        r = call_read(mr, addr, size, &v, attrs);
        value_to_bytes(v, bytes, size, be);
        return r;
    }

    start = ops->impl.unaligned ? addr : addr & ~(hwaddr)(chunk - 1);
    end = (u128)addr + size;
    for (c = start; c < end; c += chunk) {
        uint8_t cb[MAX_ACCESS] = { 0 };
        u128 lo = MAX(c, (u128)addr), hi = MIN(c + chunk, end);
        unsigned in_chunk = lo - c, in_access = lo - addr, n = hi - lo;
        uint64_t v;

        if (is_write) {
            memcpy(cb + in_chunk, bytes + in_access, n);
            r |= call_write(mr, c, chunk, bytes_to_value(cb, chunk, be),
                            attrs);
        } else {
            r |= call_read(mr, c, chunk, &v, attrs);
            value_to_bytes(v, cb, chunk, be);
            memcpy(bytes + in_access, cb + in_chunk, n);
        }
    }
    return r;
}

MemTxResult memory_region_access(MemoryRegion *mr, hwaddr addr,
                                 uint8_t *bytes, unsigned size,
                                 bool is_write, MemTxAttrs attrs)
{
    if (mr->ram && !(is_write && mr->rom_device)) {
        uint8_t *host = ram_block_host(mr, addr);

        if (!is_write) {
            memcpy(bytes, host, size);
        } else if (!mr->readonly) {
            memcpy(host, bytes, size);
        }
        /* ROM: the write is dropped, and that is not an error. */
        return MEMTX_OK;
    }
    if (!memory_region_access_valid(mr, addr, size, is_write, attrs)) {
        /* Refused: the device never sees it. */
        if (!is_write) {
            memset(bytes, 0xff, size);
        }
        return MEMTX_ACCESS_ERROR;
    }
    if (is_write && mr->nr_ioeventfds &&
        ioeventfd_write(mr, addr, size,
                        bytes_to_value(bytes, size, big_endian(mr->ops)))) {
        return MEMTX_OK;
    }
    return io_access(mr, addr, bytes, size, is_write, attrs);
}

/* Follow aliases to the region that terminates, as dispatch needs it. */
static MemoryRegion *resolve_alias(MemoryRegion *mr, hwaddr *addr)
{
    while (mr->alias) {
        *addr += mr->alias_offset;
        mr = mr->alias;
    }
    return mr;
}

static bool sized_ok(unsigned size)
{
    return size == 1 || size == 2 || size == 4 || size == 8;
}

MemTxResult memory_region_dispatch_read(MemoryRegion *mr, hwaddr addr,
                                        uint64_t *pval, unsigned size,
                                        MemTxAttrs attrs)
{
    uint8_t b[MAX_ACCESS];
    MemTxResult r;

    g_assert(sized_ok(size));
    mr = resolve_alias(mr, &addr);
    if (!mr->terminates) {
        *pval = 0;
        return MEMTX_DECODE_ERROR;
    }
    r = memory_region_access(mr, addr, b, size, false, attrs);
    *pval = bytes_to_value(b, size, false);
    return r;
}

MemTxResult memory_region_dispatch_write(MemoryRegion *mr, hwaddr addr,
                                         uint64_t val, unsigned size,
                                         MemTxAttrs attrs)
{
    uint8_t b[MAX_ACCESS];

    g_assert(sized_ok(size));
    mr = resolve_alias(mr, &addr);
    if (!mr->terminates) {
        return MEMTX_DECODE_ERROR;
    }
    value_to_bytes(val, b, size, false);
    return memory_region_access(mr, addr, b, size, true, attrs);
}

/* Address spaces */

/* How many bytes of a RAM range at @off are backed by its block. */
static uint64_t ram_available(const MemoryRegion *mr, hwaddr off, u128 n)
{
    uint64_t used = mr->ram_block->used_length;

    return off < used ? MIN(n, (u128)(used - off)) : 0;
}

/* Bytes that reach nothing: zeroes in memory space, all-ones for ports. */
static MemTxResult unassigned(AddressSpace *as, uint8_t *p, uint64_t n,
                              bool is_write)
{
    if (!is_write) {
        memset(p, as->io_space ? 0xff : 0, n);
    }
    return MEMTX_DECODE_ERROR;
}

/* @n bytes of a device at @off, in the pieces it takes. */
static MemTxResult io_range_access(MemoryRegion *mr, hwaddr off, uint8_t *p,
                                   uint64_t n, bool is_write,
                                   MemTxAttrs attrs)
{
    MemTxResult r = MEMTX_OK;

    while (n) {
        unsigned l = memory_access_size(mr, off, n);

        r |= memory_region_access(mr, off, p, l, is_write, attrs);
        off += l;
        p += l;
        n -= l;
    }
    return r;
}

/*
 * How many bytes of a device access at @off go to @mr in one call, when
 * @in_range bytes of its flat range are left and @total bytes of the
 * access.  As in qemu, a device access is not cut where a higher-priority
 * neighbour covers the rest of it: the PCI configuration address
 * register at 0xcf8 takes a 4-byte write although the reset control
 * register at 0xcf9 overlaps it.  The device gets as much as it takes,
 * as long as that stays inside the region itself.
 */
static unsigned io_chunk(const MemoryRegion *mr, hwaddr off,
                         uint64_t in_range, uint64_t total)
{
    unsigned l = memory_access_size(mr, off, total);

    if (l > in_range && off + (u128)l > memory_region_size(mr)) {
        l = memory_access_size(mr, off, in_range);
    }
    return l;
}

MemTxResult address_space_rw(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                             void *buf, hwaddr len, bool is_write)
{
    FlatView *fv = address_space_view(as);
    u128 a = addr, end = (u128)addr + len;
    uint8_t *p = buf;
    MemTxResult r = MEMTX_OK;

    /* A device callback may change the map; finish on the view we
     * started with. */
    flatview_ref(fv);
    while (a < end) {
        const FlatRange *fr = flatview_lookup(fv, a);
        const FlatRange *next;
        MemoryRegion *mr;
        uint64_t n, done;
        hwaddr off;

        if (!fr) {
            /* Up to the next range, or everything if none follows. */
            next = flatview_next(fv, a);
            n = (next ? MIN(next->start, end) : end) - a;
            r |= unassigned(as, p, n, is_write);
            a += n;
            p += n;
            continue;
        }
        mr = fr->mr;
        n = MIN(end, fr->start + fr->size) - a;
        off = fr->offset_in_region + (hwaddr)(a - fr->start);

        if (mr->ram && !(is_write && mr->rom_device)) {
            done = ram_available(mr, off, n);
            if (!is_write) {
                memcpy(p, ram_block_host(mr, off), done);
            } else if (!fr->readonly && !mr->readonly) {
                memcpy(ram_block_host(mr, off), p, done);
            }
            if (done < n) {
                r |= unassigned(as, p + done, n - done, is_write);
            }
        } else {
            n = io_chunk(mr, off, n, end - a);
            r |= memory_region_access(mr, off, p, n, is_write, attrs);
        }
        a += n;
        p += n;
    }
    flatview_unref(fv);
    return r;
}

MemTxResult address_space_read(AddressSpace *as, hwaddr addr,
                               MemTxAttrs attrs, void *buf, hwaddr len)
{
    return address_space_rw(as, addr, attrs, buf, len, false);
}

MemTxResult address_space_write(AddressSpace *as, hwaddr addr,
                                MemTxAttrs attrs, const void *buf,
                                hwaddr len)
{
    /* The write path never stores into @buf. */
    return address_space_rw(as, addr, attrs, (void *)buf, len, true);
}

/*
 * Fill by ranges: RAM is memset, gaps are skipped in one step, devices
 * get the bytes through a buffer.  A guest-sized fill over nothing costs
 * nothing.
 */
MemTxResult address_space_set(AddressSpace *as, hwaddr addr, uint8_t c,
                              hwaddr len, MemTxAttrs attrs)
{
    FlatView *fv = address_space_view(as);
    u128 a = addr, end = (u128)addr + len;
    uint8_t chunk[SET_CHUNK];
    MemTxResult r = MEMTX_OK;

    memset(chunk, c, sizeof(chunk));
    flatview_ref(fv);           /* as in address_space_rw */
    while (a < end) {
        const FlatRange *fr = flatview_lookup(fv, a);
        const FlatRange *next;
        MemoryRegion *mr;
        uint64_t n, done;
        hwaddr off;

        if (!fr) {
            next = flatview_next(fv, a);
            a = next ? MIN(next->start, end) : end;
            r |= MEMTX_DECODE_ERROR;
            continue;
        }
        mr = fr->mr;
        n = MIN(end, fr->start + fr->size) - a;
        off = fr->offset_in_region + (hwaddr)(a - fr->start);
        if (mr->ram && !mr->rom_device) {
            done = ram_available(mr, off, n);
            if (!fr->readonly && !mr->readonly) {
                memset(ram_block_host(mr, off), c, done);
            }
            if (done < n) {
                r |= MEMTX_DECODE_ERROR;
            }
        } else {
            for (done = 0; done < n; done += MIN(n - done, SET_CHUNK)) {
                r |= io_range_access(mr, off + done, chunk,
                                     MIN(n - done, SET_CHUNK), true, attrs);
            }
        }
        a += n;
    }
    flatview_unref(fv);
    return r;
}

bool address_space_access_valid(AddressSpace *as, hwaddr addr, hwaddr len,
                                bool is_write, MemTxAttrs attrs)
{
    FlatView *fv = address_space_view(as);
    u128 a = addr, end = (u128)addr + len;

    if (end > U128_2_64) {
        return false;
    }
    while (a < end) {
        const FlatRange *fr = flatview_lookup(fv, a);
        MemoryRegion *mr;
        uint64_t n;
        hwaddr off;

        if (!fr) {
            return false;
        }
        mr = fr->mr;
        n = MIN(end, fr->start + fr->size) - a;
        off = fr->offset_in_region + (hwaddr)(a - fr->start);
        if (mr->ram && !(is_write && mr->rom_device)) {
            if ((is_write && (fr->readonly || mr->readonly)) ||
                ram_available(mr, off, n) < n) {
                return false;
            }
        } else {
            uint64_t left = n;

            while (left) {
                unsigned l = memory_access_size(mr, off, left);

                if (!memory_region_access_valid(mr, off, l, is_write,
                                                attrs)) {
                    return false;
                }
                off += l;
                left -= l;
            }
        }
        a += n;
    }
    return true;
}

/*
 * One access as a CPU makes it: when it falls inside one range, exactly
 * one access of @size; across ranges, byte-split like a buffer.
 */
static MemTxResult sized_access(AddressSpace *as, hwaddr addr, uint8_t *b,
                                unsigned size, bool is_write,
                                MemTxAttrs attrs)
{
    FlatView *fv = address_space_view(as);
    const FlatRange *fr = flatview_lookup(fv, addr);
    MemTxResult r;

    g_assert(sized_ok(size));
    if (fr && ((u128)addr + size <= fr->start + fr->size ||
               (!fr->mr->ram &&
                fr->offset_in_region + (u128)(addr - fr->start) + size <=
                memory_region_size(fr->mr)))) {
        /* In one range, or a device access that its region takes whole
         * (see io_chunk). */
        MemoryRegion *mr = fr->mr;
        hwaddr off = fr->offset_in_region + (hwaddr)(addr - fr->start);

        if (mr->ram && !(is_write && mr->rom_device)) {
            if (ram_available(mr, off, size) < size) {
                return unassigned(as, b, size, is_write);
            }
            if (is_write && fr->readonly) {
                return MEMTX_OK;
            }
        }
        /* The callback may change the map and drop the view's
         * references; keep the region's owner alive until it returns. */
        flatview_ref(fv);
        r = memory_region_access(mr, off, b, size, is_write, attrs);
        flatview_unref(fv);
        return r;
    }
    return address_space_rw(as, addr, attrs, b, size, is_write);
}

MemTxResult address_space_read_sized(AddressSpace *as, hwaddr addr,
                                     uint64_t *val, unsigned size,
                                     MemTxAttrs attrs)
{
    uint8_t b[MAX_ACCESS];
    MemTxResult r = sized_access(as, addr, b, size, false, attrs);

    *val = bytes_to_value(b, size, false);
    return r;
}

MemTxResult address_space_write_sized(AddressSpace *as, hwaddr addr,
                                      uint64_t val, unsigned size,
                                      MemTxAttrs attrs)
{
    uint8_t b[MAX_ACCESS];

    value_to_bytes(val, b, size, false);
    return sized_access(as, addr, b, size, true, attrs);
}
