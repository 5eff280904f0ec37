/*
 * The "file" protocol driver: a regular host file (or block device)
 * accessed with synchronous pread/pwrite.  Options: filename, aio
 * (threads, native, io_uring: accepted, all served the same way) and
 * locking (accepted).  Discard punches holes; write-zeroes uses
 * fallocate and falls back to writing zeroes.
 */
#include "util/osdep.h"
#include "util/error.h"
#include "block/block.h"
#include <fcntl.h>

/* Chunk for write-zeroes done by hand. */
#define ZERO_CHUNK      (64 * 1024)

typedef struct FileState {
    int fd;
} FileState;

static bool file_open(BlockDriverState *bs, QDict *opts, bool keyval,
                      Error **errp)
{
    static const char *const aio_modes[] = { "threads", "native",
                                             "io_uring", NULL };
    static const char *const locking[] = { "auto", "on", "off", NULL };
    FileState *s = bs->opaque;
    const char *filename;
    int idx;

    s->fd = -1;
    if (!qdict_haskey(opts, "filename")) {
        error_setg(errp, "Parameter 'filename' is missing");
        return false;
    }
    filename = bdrv_opt_str(opts, "filename", keyval, errp);
    if (!filename) {
        return false;
    }
    if (qdict_haskey(opts, "aio")) {
        QInput in = { .obj = qdict_get(opts, "aio"), .keyval = true };

        if (!qinput_get_enum(&in, "aio", aio_modes, &idx, errp)) {
            return false;
        }
        /* qemu's rule: Linux AIO needs O_DIRECT. */
        if (idx == 1 && !bs->cache_direct) {
            error_setg(errp, "aio=native was specified, but it requires "
                       "cache.direct=on, which was not specified.");
            return false;
        }
        qdict_del(opts, "aio");
    }
    if (qdict_haskey(opts, "locking")) {
        QInput in = { .obj = qdict_get(opts, "locking"), .keyval = true };

        if (!qinput_get_enum(&in, "locking", locking, &idx, errp)) {
            return false;
        }
        qdict_del(opts, "locking");
    }
    s->fd = open(filename, (bs->read_only ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    if (s->fd < 0) {
        error_setg(errp, "Could not open '%s': %s", filename,
                   g_strerror(errno));
        return false;
    }
    bs->filename = g_strdup(filename);
    qdict_del(opts, "filename");
    return true;
}

static void file_close(BlockDriverState *bs)
{
    FileState *s = bs->opaque;

    if (s && s->fd >= 0) {
        close(s->fd);
        s->fd = -1;
    }
}

static int file_pread(BlockDriverState *bs, uint64_t offset, void *buf,
                      size_t bytes)
{
    FileState *s = bs->opaque;
    uint8_t *p = buf;

    while (bytes) {
        ssize_t n = pread(s->fd, p, bytes, offset);

        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -errno;
        }
        if (n == 0) {
            /* Past the end of a file that shrank under us: zeroes. */
            memset(p, 0, bytes);
            return 0;
        }
        p += n;
        offset += n;
        bytes -= n;
    }
    return 0;
}

static int file_pwrite(BlockDriverState *bs, uint64_t offset,
                       const void *buf, size_t bytes)
{
    FileState *s = bs->opaque;
    const uint8_t *p = buf;

    while (bytes) {
        ssize_t n = pwrite(s->fd, p, bytes, offset);

        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -errno;
        }
        p += n;
        offset += n;
        bytes -= n;
    }
    return 0;
}

static int file_flush(BlockDriverState *bs)
{
    FileState *s = bs->opaque;

    return fdatasync(s->fd) < 0 ? -errno : 0;
}

static int file_discard(BlockDriverState *bs, uint64_t offset,
                        uint64_t bytes)
{
    FileState *s = bs->opaque;

    if (fallocate(s->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                  offset, bytes) < 0) {
        /* Discard is advisory: a file system without holes is fine. */
        return errno == EOPNOTSUPP ? 0 : -errno;
    }
    return 0;
}

static int file_write_zeroes(BlockDriverState *bs, uint64_t offset,
                             uint64_t bytes, bool may_unmap)
{
    FileState *s = bs->opaque;
    g_autofree uint8_t *zero = NULL;
    int ret;

    if (may_unmap &&
        fallocate(s->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                  offset, bytes) == 0) {
        return 0;
    }
    if (fallocate(s->fd, FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE,
                  offset, bytes) == 0) {
        return 0;
    }
    zero = g_malloc0(ZERO_CHUNK);
    while (bytes) {
        size_t n = MIN(bytes, (uint64_t)ZERO_CHUNK);

        ret = file_pwrite(bs, offset, zero, n);
        if (ret < 0) {
            return ret;
        }
        offset += n;
        bytes -= n;
    }
    return 0;
}

static int64_t file_getlength(BlockDriverState *bs)
{
    FileState *s = bs->opaque;
    off_t end = lseek(s->fd, 0, SEEK_END);

    return end < 0 ? -errno : end;
}

static bool file_truncate(BlockDriverState *bs, uint64_t size, Error **errp)
{
    FileState *s = bs->opaque;

    if (ftruncate(s->fd, size) < 0) {
        error_setg(errp, "Failed to resize file: %s", g_strerror(errno));
        return false;
    }
    return true;
}

const BlockDriver bdrv_file = {
    .format_name = "file",
    .instance_size = sizeof(FileState),
    .open = file_open,
    .close = file_close,
    .pread = file_pread,
    .pwrite = file_pwrite,
    .flush = file_flush,
    .discard = file_discard,
    .write_zeroes = file_write_zeroes,
    .getlength = file_getlength,
    .truncate = file_truncate,
};
