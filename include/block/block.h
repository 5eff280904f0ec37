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
 * Permissions (block/block-perm.c): every use of a node is an edge, a
 * BdrvChild, from its parent (another node, a BlockBackend, a monitor
 * command) carrying what the parent does with the node ("perm") and
 * what it lets the node's other parents do ("shared").  A node's
 * cumulative permissions are those of all its parents; a node with a
 * child computes the edge to that child from them (the driver's
 * child_perm), so a device writing through a raw node makes the raw
 * node write its file.  Every change is checked over the whole graph
 * and refused with qemu's messages if one parent needs what another
 * does not share, or a read-only node would be written.
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
typedef struct BdrvChild BdrvChild;

/*
 * Permissions a parent takes on a node, as bits (qemu's names appear in
 * the error messages).  Today only "write" (devices) and "resize"
 * (block_resize against a raw window) can conflict: every user shares
 * the other two, which are kept so that the sets are qemu's.
 */
#define BLK_PERM_CONSISTENT_READ    (1u << 0)   /* "consistent read" */
#define BLK_PERM_WRITE              (1u << 1)   /* "write" */
#define BLK_PERM_WRITE_UNCHANGED    (1u << 2)   /* "write unchanged" */
#define BLK_PERM_RESIZE             (1u << 3)   /* "resize" */
#define BLK_PERM_ALL                ((1u << 4) - 1)

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
    /* Resize; a format driver resizes its child with
     * bdrv_child_truncate. */
    bool (*truncate)(BlockDriverState *bs, uint64_t size, Error **errp);
    /*
     * What this node takes on its "file" child (*@nperm) and lets others
     * take (*@nshared), given what its parents take together (@perm) and
     * all let others take (@shared).  NULL passes both through.
     */
    void (*child_perm)(BlockDriverState *bs, unsigned perm,
                       unsigned shared, unsigned *nperm, unsigned *nshared);
};

/* One use of a node: an edge from a parent to @bs. */
struct BdrvChild {
    BlockDriverState *bs;
    const char *name;           /* the parent's role for it: "file", "root" */
    unsigned perm;              /* BLK_PERM_*: what the parent does */
    unsigned shared;            /* what the parent lets other parents do */
    /*
     * Who the parent is, for messages: a node (@parent_bs), or else
     * @parent_desc(@opaque) returns a new string ("block device 'x'");
     * without either, "an unnamed block device" as qemu says.
     */
    BlockDriverState *parent_bs;
    char *(*parent_desc)(void *opaque);
    void *opaque;
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
    BdrvChild *file;            /* the "file" child (format drivers) */
    /* Every edge to this node (BdrvChild), the newest first: the order
     * in which conflicts are looked for, as qemu does. */
    GPtrArray *parents;
    /* One per edge to this node, plus the monitor's for -blockdev. */
    int refcnt;
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
/* Whether something that is not a node (a BlockBackend) uses @bs. */
bool bdrv_has_root_parent(BlockDriverState *bs);
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
/*
 * Resize @bs for the monitor (block_resize): like qemu, as a user of its
 * own that takes "resize" for the time of the call, so a raw window
 * over the node (offset or size) refuses it.
 */
bool bdrv_truncate(BlockDriverState *bs, uint64_t size, Error **errp);
/* For drivers: resize the node below through @child, whose parent holds
 * "resize" already. */
bool bdrv_child_truncate(BdrvChild *child, uint64_t size, Error **errp);
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

/*
 * Permissions (block/block-perm.c).
 *
 * Attach a parent that is not a node (a BlockBackend, a monitor
 * command) to @bs as role @name with @perm and @shared, taking a
 * reference to @bs.  Fails with qemu's message, and leaves nothing
 * behind, if that conflicts with the other users of @bs or of the nodes
 * below it.
 */
BdrvChild *bdrv_root_attach_child(BlockDriverState *bs, const char *name,
                                  unsigned perm, unsigned shared,
                                  char *(*parent_desc)(void *opaque),
                                  void *opaque, Error **errp);
/*
 * Attach node @parent to @child as role @name, taking a reference to
 * @child.  The edge takes nothing and shares everything until
 * bdrv_refresh_perms computes it from @parent's parents (so a driver's
 * open can read through it first).
 */
BdrvChild *bdrv_attach_child(BlockDriverState *parent,
                             BlockDriverState *child, const char *name);
/* Remove an edge, drop its reference and give back its permissions. */
void bdrv_detach_child(BdrvChild *c);
/*
 * Change what the parent of @c takes and shares.  On a conflict nothing
 * changes and *errp says why.  Taking less never fails.
 */
bool bdrv_child_set_perm(BdrvChild *c, unsigned perm, unsigned shared,
                         Error **errp);
/*
 * Recompute every node's edges to its children from its parents, and
 * check the graph; false with *errp set on the first conflict found,
 * looking at parents before their children.
 */
bool bdrv_refresh_perms(Error **errp);
/* What @bs's parents take together and all let others take. */
void bdrv_get_cumulative_perm(BlockDriverState *bs, unsigned *perm,
                              unsigned *shared);

extern const BlockDriver bdrv_file;
extern const BlockDriver bdrv_raw;

#endif
