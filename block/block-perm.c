/*
 * Permissions in the block graph: the edges (BdrvChild) between users
 * and nodes, how a node's edge to its child follows from what its own
 * parents take, and the conflict check with qemu's messages (see
 * include/block/block.h).
 *
 * The whole graph is recomputed and checked on every change.  That is
 * simple and cheap (a machine has a handful of nodes), and it keeps one
 * invariant: between changes the graph has no conflict, so a check that
 * fails was caused by the change being made, which is then undone.
 */
#include "util/osdep.h"
#include "util/error.h"
#include "block/block.h"

/* Bit i of a permission set is named perm_names[i] in messages. */
static const char *const perm_names[] = {
    "consistent read", "write", "write unchanged", "resize",
};

G_STATIC_ASSERT(BLK_PERM_ALL == (1u << G_N_ELEMENTS(perm_names)) - 1);

/* "'write', 'resize'" */
static char *perm_list(unsigned perm)
{
    GString *s = g_string_new(NULL);
    unsigned i;

    for (i = 0; i < G_N_ELEMENTS(perm_names); i++) {
        if (perm & (1u << i)) {
            g_string_append_printf(s, "%s'%s'", s->len ? ", " : "",
                                   perm_names[i]);
        }
    }
    return g_string_free(s, false);
}

/* How qemu names the parent of an edge in a conflict message. */
static char *parent_name(BdrvChild *c)
{
    if (c->parent_bs) {
        return g_strdup_printf("node '%s'", c->parent_bs->node_name);
    }
    if (c->parent_desc) {
        return c->parent_desc(c->opaque);
    }
    return g_strdup("an unnamed block device");
}

void bdrv_get_cumulative_perm(BlockDriverState *bs, unsigned *perm,
                              unsigned *shared)
{
    guint i;

    *perm = 0;
    *shared = BLK_PERM_ALL;
    for (i = 0; i < bs->parents->len; i++) {
        BdrvChild *c = g_ptr_array_index(bs->parents, i);

        *perm |= c->perm;
        *shared &= c->shared;
    }
}

/*
 * Compute every node's edge to its child.  A child is always opened
 * before its parent is registered, so walking the node list from the
 * newest node down visits every parent before its children: by the time
 * a node's cumulative permissions are read, all edges into it are final.
 */
static void refresh_edges(void)
{
    GPtrArray *nodes = bdrv_all_nodes();
    guint i;

    for (i = nodes->len; i-- > 0;) {
        BlockDriverState *bs = g_ptr_array_index(nodes, i);
        unsigned perm, shared;

        if (!bs->file) {
            continue;
        }
        bdrv_get_cumulative_perm(bs, &perm, &shared);
        if (bs->drv->child_perm) {
            bs->drv->child_perm(bs, perm, shared, &bs->file->perm,
                                &bs->file->shared);
        } else {
            bs->file->perm = perm;
            bs->file->shared = shared;
        }
    }
}

static void conflict_error(BlockDriverState *bs, BdrvChild *needs,
                           BdrvChild *unshares, unsigned perm, Error **errp)
{
    g_autofree char *list = perm_list(perm);
    g_autofree char *a = parent_name(needs);
    g_autofree char *b = parent_name(unshares);

    error_setg(errp, "Permission conflict on node '%s': permissions %s are "
               "both required by %s (uses node '%s' as '%s' child) and "
               "unshared by %s (uses node '%s' as '%s' child).",
               bs->node_name, list, a, bs->node_name, needs->name, b,
               bs->node_name, unshares->name);
}

/*
 * One node: every parent against every other (each parent in turn, the
 * newest first, against what the others take), then read-only.
 */
static bool check_node(BlockDriverState *bs, Error **errp)
{
    GPtrArray *p = bs->parents;
    unsigned perm, shared;
    guint i, j;

    for (i = 0; i < p->len; i++) {
        BdrvChild *a = g_ptr_array_index(p, i);

        for (j = 0; j < p->len; j++) {
            BdrvChild *b = g_ptr_array_index(p, j);

            if (a != b && (b->perm & ~a->shared)) {
                conflict_error(bs, b, a, b->perm & ~a->shared, errp);
                return false;
            }
        }
    }
    bdrv_get_cumulative_perm(bs, &perm, &shared);
    if (bs->read_only &&
        (perm & (BLK_PERM_WRITE | BLK_PERM_WRITE_UNCHANGED))) {
        error_setg(errp, "Block node is read-only");
        return false;
    }
    return true;
}

bool bdrv_refresh_perms(Error **errp)
{
    GPtrArray *nodes = bdrv_all_nodes();
    guint i;

    refresh_edges();
    /* Parents before children, as for the edges. */
    for (i = nodes->len; i-- > 0;) {
        if (!check_node(g_ptr_array_index(nodes, i), errp)) {
            return false;
        }
    }
    return true;
}

static BdrvChild *child_new(BlockDriverState *bs, const char *name,
                            unsigned perm, unsigned shared)
{
    BdrvChild *c = g_new0(BdrvChild, 1);

    c->bs = bs;
    c->name = name;
    c->perm = perm;
    c->shared = shared;
    bdrv_ref(bs);
    /* The newest parent first: qemu looks for conflicts in this order. */
    g_ptr_array_insert(bs->parents, 0, c);
    return c;
}

BdrvChild *bdrv_attach_child(BlockDriverState *parent,
                             BlockDriverState *child, const char *name)
{
    BdrvChild *c = child_new(child, name, 0, BLK_PERM_ALL);

    c->parent_bs = parent;
    return c;
}

BdrvChild *bdrv_root_attach_child(BlockDriverState *bs, const char *name,
                                  unsigned perm, unsigned shared,
                                  char *(*parent_desc)(void *opaque),
                                  void *opaque, Error **errp)
{
    BdrvChild *c = child_new(bs, name, perm, shared);

    c->parent_desc = parent_desc;
    c->opaque = opaque;
    if (!bdrv_refresh_perms(errp)) {
        bdrv_detach_child(c);
        return NULL;
    }
    return c;
}

void bdrv_detach_child(BdrvChild *c)
{
    BlockDriverState *bs = c->bs;

    g_ptr_array_remove(bs->parents, c);
    g_free(c);
    /* Taking less cannot conflict: only the edges need recomputing. */
    refresh_edges();
    bdrv_unref(bs);
}

bool bdrv_child_set_perm(BdrvChild *c, unsigned perm, unsigned shared,
                         Error **errp)
{
    unsigned old_perm = c->perm, old_shared = c->shared;

    /* A node's edges follow from its parents; only roots are set. */
    g_assert(!c->parent_bs);
    c->perm = perm;
    c->shared = shared;
    if (!bdrv_refresh_perms(errp)) {
        c->perm = old_perm;
        c->shared = old_shared;
        refresh_edges();
        return false;
    }
    return true;
}
