/*
 * -netdev TYPE,id=ID,... on the command line and netdev_add/netdev_del
 * over QMP.  The command line keeps each -netdev (a keyval dict, implied
 * key "type") until the machine exists; net_create_pending() makes them
 * before the -device options, stream and dgram first and then the
 * others, each in command-line order, as qemu does.
 */
#ifndef NET_NET_OPTS_H
#define NET_NET_OPTS_H

#include "net/net.h"
#include "system/cmdline.h"

/*
 * Parse one -netdev argument at argv index @idx.  Returns 0 when kept,
 * 1 after printing help (exit 0), -1 with *errp set.
 */
int net_cmdline_add(const char *arg, int idx, Error **errp);
/* Create the kept -netdev back ends; false after reporting an error. */
bool net_create_pending(const Cmdline *cl);

#endif
