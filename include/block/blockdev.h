/*
 * -blockdev and -drive: parsing on the command line, creation before the
 * devices, and the monitor-owned node list that blockdev-add and
 * blockdev-del work on.
 */
#ifndef BLOCK_BLOCKDEV_H
#define BLOCK_BLOCKDEV_H

#include "block/block-backend.h"
#include "system/cmdline.h"

/*
 * Record "-@optname @arg" ("blockdev" or "drive") at @argv_index,
 * checking its syntax.
 */
bool blockdev_cmdline_add(const char *optname, const char *arg,
                          int argv_index, Error **errp);
/* Create what was recorded, in order; reports the first error and
 * returns false. */
bool blockdev_create_pending(const Cmdline *cl);
/* Drop what was recorded (nodes already created stay). */
void blockdev_pending_free(void);

/* -blockdev / blockdev-add: a root node the monitor owns. */
BlockDriverState *blockdev_add(const QDict *opts, bool keyval,
                               Error **errp);
/* blockdev-del: remove a monitor-owned node nothing else uses. */
bool blockdev_del(const char *node_name, Error **errp);
/* -drive: a named backend over raw over file. */
BlockBackend *drive_new(const QDict *opts, Error **errp);

#endif
