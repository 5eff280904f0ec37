/*
 * The block layer: graph nodes (BlockDriverState) and the drivers behind
 * them.
 *
 * A node is one driver instance: a protocol driver ("file") talks to the
 * host, a format driver ("raw") interprets the bytes of its "file"
 * child.  Nodes have a node-name (given by the user, or "#blockN" when
 * generated) and are reference counted: a parent node or a BlockBackend
 * (include/block/block-backend.h) holds a reference to its child.
 *
 * The driver interface is deliberately small and synchronous: byte
 * ranges in and out, flush, discard, write-zeroes, length and truncate.
 * The generic bdrv_* wrappers check ranges and read-only before any
 * driver sees a request, so a driver only handles valid requests.  A
 * new format (qcow2) adds a BlockDriver to the table in block/block.c.
 *
 * I/O functions return 0 or a negative errno.
 */
#ifndef BLOCK_BLOCK_H
#define BLOCK_BLOCK_H

#include "qobject/qobject.h"
#include "qobject/qinput.h"
#include "util/error.h"

#define BDRV_SECTOR_BITS    9
#define BDRV_SECTOR_SIZE    (1ULL << BDRV_SECTOR_BITS)
/* The largest length one request may have (as qemu limits it). */
#define BDRV_REQUEST_MAX_BYTES  (1ULL << 31)
/* Sizes and offsets must stay within what off_t can hold. */
#define BDRV_MAX_LENGTH     ((uint64_t)INT64_MAX)

typedef struct BlockDriverState BlockDriverState;
typedef struct BlockDriver BlockDriver;

struct BlockDriver {
    const char *format_name;
    size_t instance_size;       /* bs->opaque */
    /* Whether the driver needs a "file" child (format drivers). */
    bool has_file_child;
    /*
     * Open from @opts (driver-specific keys only: the generic ones and
     * "file" were consumed already; keys left over are an error).
     * @in gives the mode (keyval strings or typed JSON) for members.
     */
    bool (*open)(BlockDriverState *bs, QDict *opts, bool keyval,
                 Error **errp);
    void (*close)(BlockDriverState *bs);
    int (*pread)(BlockDriverState *bs, uint64_t offset, void *buf,
                 size_t bytes);
    int (*pwrite)(BlockDriverState *bs, uint64_t offset, const void *buf,
                  size_t bytes);
    int (*flush)(BlockDriverState *bs);
    int (*discard)(BlockDriverState *bs, uint64_t offset, uint64_t bytes);
    int (*write_zeroes)(BlockDriverState *bs, uint64_t offset,
                        uint64_t bytes, bool may_unmap);
    int64_t (*getlength)(BlockDriverState *bs);
    bool (*truncate)(BlockDriverState *bs, uint64_t size, Error **errp);
};

struct BlockDriverState {
    const BlockDriver *drv;
    void *opaque;
    char *node_name;
    bool read_only;
    bool discard_unmap;         /* "discard": unmap (else ignore) */
    bool cache_direct;          /* "cache.direct" (recorded only) */
    bool cache_no_flush;        /* "cache.no-flush": flush does nothing */
    char *filename;             /* the host file under this node */
    BlockDriverState *file;     /* the "file" child (format drivers) */
    int refcnt;
    /*
     * Write permissions of the backends attached to this node (see
     * blk_set_perm): how many need to write, and how many do not let
     * anyone else write.  Both non-zero at once is a conflict.
     */
    int perm_writers;
    int perm_unshared_writers;
};

/* The driver named @name, or NULL. */
const BlockDriver *bdrv_find_format(const char *name);

/*
 * Open a node from -blockdev / blockdev-add options: "driver",
 * "node-name" (required when @need_node_name), "read-only", "discard",
 * "cache.direct", "cache.no-flush", "auto-read-only", "force-share",
 * "detect-zeroes", and the driver's own.  The "file" of a format
 * driver is a node-name reference or a nested dict opened as a child.
 * Returns the node with one reference, registered by name.
 */
BlockDriverState *bdrv_open_opts(const QDict *opts, bool keyval,
                                 bool need_node_name, Error **errp);

void bdrv_ref(BlockDriverState *bs);
/* Drop a reference; the last one closes the node and its children. */
void bdrv_unref(BlockDriverState *bs);

/* Lookup among all nodes. */
BlockDriverState *bdrv_find_node(const char *node_name);
/* Whether another node has @bs as a child. */
bool bdrv_has_node_parent(BlockDriverState *bs);
/* Every node in creation order (borrowed; for query commands). */
GPtrArray *bdrv_all_nodes(void);

/* I/O with range and read-only checks. */
int64_t bdrv_getlength(BlockDriverState *bs);
int bdrv_pread(BlockDriverState *bs, uint64_t offset, void *buf,
               size_t bytes);
int bdrv_pwrite(BlockDriverState *bs, uint64_t offset, const void *buf,
                size_t bytes);
int bdrv_flush(BlockDriverState *bs);
/* Without "discard=unmap" on the node a discard succeeds and does
 * nothing, as qemu's default "discard=ignore" does. */
int bdrv_pdiscard(BlockDriverState *bs, uint64_t offset, uint64_t bytes);
int bdrv_pwrite_zeroes(BlockDriverState *bs, uint64_t offset,
                       uint64_t bytes, bool may_unmap);
bool bdrv_truncate(BlockDriverState *bs, uint64_t size, Error **errp);
/* Whether @bs is @node or has it below (a change of @node's size
 * changes @bs's). */
bool bdrv_chain_contains(BlockDriverState *bs, BlockDriverState *node);

/* Helpers for drivers reading their options. */
bool bdrv_opt_bool(QDict *opts, const char *key, bool keyval, bool def,
                   bool *out, Error **errp);
bool bdrv_opt_size(QDict *opts, const char *key, bool keyval, uint64_t def,
                   uint64_t *out, Error **errp);
/* A string option (NULL when absent or with *errp set on a bad type). */
const char *bdrv_opt_str(QDict *opts, const char *key, bool keyval,
                         Error **errp);

extern const BlockDriver bdrv_file;
extern const BlockDriver bdrv_raw;

#endif
