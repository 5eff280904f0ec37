/*
 * "info mtree [-f]" for human-monitor-command: the memory region trees,
 * or with -f the flat views (system/mtree.c prints them).
 */
#include "util/osdep.h"
#include "system/memory.h"
#include "monitor/qmp.h"
#include "monitor/monitor.h"

static void info_mtree(GString *out, const char *arg)
{
    if (!arg) {
        mtree_info(out, false);
    } else if (!strcmp(arg, "-f")) {
        mtree_info(out, true);
    } else if (arg[0] == '-') {
        /* qemu's replies for flags it does not know and for words. */
        g_string_append_printf(out, "mtree: unsupported option %s\n"
                               "Try \"help info mtree\" for more "
                               "information\n", arg);
    } else {
        g_string_append(out, "mtree: extraneous characters at the end of "
                        "line\nTry \"help info mtree\" for more "
                        "information\n");
    }
}

static void hmp_info_mtree_register(void)
{
    hmp_register_info("mtree", "[-f]", "show memory tree (-f: dump flat "
                      "view for address spaces)", info_mtree);
}

qmp_init(hmp_info_mtree_register)
