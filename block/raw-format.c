/*
 * The "raw" format driver: the bytes of its "file" child as they are,
 * optionally a window of them ("offset", "size").  It passes its users'
 * permissions on to the file (raw_child_perm).
 */
#include "util/osdep.h"
#include "util/error.h"
#include "block/block.h"

typedef struct RawState {
    uint64_t offset;
    uint64_t size;
    bool has_size;
} RawState;

static bool raw_open(BlockDriverState *bs, QDict *opts, bool keyval,
                     Error **errp)
{
    RawState *s = bs->opaque;
    int64_t file_len;

    s->has_size = qdict_haskey(opts, "size");
    if (!bdrv_opt_size(opts, "offset", keyval, 0, &s->offset, errp) ||
        !bdrv_opt_size(opts, "size", keyval, 0, &s->size, errp)) {
        return false;
    }
    file_len = bdrv_getlength(bs->file->bs);
    if (file_len < 0) {
        error_setg(errp, "Could not get the size of '%s': %s",
                   bs->file->bs->node_name, g_strerror((int)-file_len));
        return false;
    }
    if (s->offset > (uint64_t)file_len) {
        error_setg(errp, "The sum of offset (%" PRIu64 ") and size (0) has "
                   "to be smaller or equal to the  actual size of the "
                   "containing file (%" PRId64 ")", s->offset, file_len);
        return false;
    }
    if (s->has_size && s->size > (uint64_t)file_len - s->offset) {
        error_setg(errp, "The sum of offset (%" PRIu64 ") and size (%"
                   PRIu64 ") has to be smaller or equal to the  actual size "
                   "of the containing file (%" PRId64 ")", s->offset,
                   s->size, file_len);
        return false;
    }
    return true;
}

static int64_t raw_getlength(BlockDriverState *bs)
{
    RawState *s = bs->opaque;
    int64_t len;

    if (s->has_size) {
        return s->size;
    }
    len = bdrv_getlength(bs->file->bs);
    if (len < 0) {
        return len;
    }
    return (uint64_t)len > s->offset ? len - (int64_t)s->offset : 0;
}

static int raw_pread(BlockDriverState *bs, uint64_t offset, void *buf,
                     size_t bytes)
{
    RawState *s = bs->opaque;

    return bdrv_pread(bs->file->bs, s->offset + offset, buf, bytes);
}

static int raw_pwrite(BlockDriverState *bs, uint64_t offset,
                      const void *buf, size_t bytes)
{
    RawState *s = bs->opaque;

    return bdrv_pwrite(bs->file->bs, s->offset + offset, buf, bytes);
}

static int raw_flush(BlockDriverState *bs)
{
    return bdrv_flush(bs->file->bs);
}

static int raw_discard(BlockDriverState *bs, uint64_t offset,
                       uint64_t bytes)
{
    RawState *s = bs->opaque;

    return bdrv_pdiscard(bs->file->bs, s->offset + offset, bytes);
}

static int raw_write_zeroes(BlockDriverState *bs, uint64_t offset,
                            uint64_t bytes, bool may_unmap)
{
    RawState *s = bs->opaque;

    return bdrv_pwrite_zeroes(bs->file->bs, s->offset + offset, bytes,
                              may_unmap);
}

static bool raw_truncate(BlockDriverState *bs, uint64_t size, Error **errp)
{
    RawState *s = bs->opaque;

    if (s->has_size) {
        error_setg(errp, "Cannot resize fixed-size raw disks");
        return false;
    }
    if (size > BDRV_MAX_LENGTH - s->offset) {
        error_setg(errp, "Value '%" PRIu64 "' is out of range", size);
        return false;
    }
    return bdrv_child_truncate(bs->file, s->offset + size, errp);
}

/*
 * Whatever the users of this node do, it does to its file, and it lets
 * others do to the file what all its users let others do.  A window
 * (offset or size) is also a promise about where the image lies in the
 * file, so nobody else may resize the file under it: qemu refuses
 * that even before the node has a user.
 */
static void raw_child_perm(BlockDriverState *bs, unsigned perm,
                           unsigned shared, unsigned *nperm,
                           unsigned *nshared)
{
    RawState *s = bs->opaque;

    *nperm = perm;
    *nshared = shared;
    if (s->offset || s->has_size) {
        *nshared &= ~BLK_PERM_RESIZE;
    }
}

const BlockDriver bdrv_raw = {
    .format_name = "raw",
    .instance_size = sizeof(RawState),
    .has_file_child = true,
    .open = raw_open,
    .pread = raw_pread,
    .pwrite = raw_pwrite,
    .flush = raw_flush,
    .discard = raw_discard,
    .write_zeroes = raw_write_zeroes,
    .getlength = raw_getlength,
    .truncate = raw_truncate,
    .child_perm = raw_child_perm,
};
