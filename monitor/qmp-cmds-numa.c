/*
 * NUMA in the monitor: set-numa-node (during --preconfig, like -numa)
 * and "info numa".
 */
#include "util/osdep.h"
#include "hw/core/cpu.h"
#include "hw/core/machine.h"
#include "system/numa.h"
#include "monitor/qmp.h"
#include "monitor/monitor.h"

#define MiB_SHIFT 20

static void qmp_set_numa_node(const QDict *args, QObject **ret,
                              Error **errp)
{
    MachineState *ms = qdev_get_machine();

    /* The nodes are fixed once the board is built. */
    if (!qmp_in_preconfig() || !ms) {
        error_setg(errp, "The command is permitted only before the machine "
                   "has been created");
        return;
    }
    numa_set_options(ms, args, false, errp);
}

static const QmpArgSpec set_numa_node_args[] = {
    { "type", QMP_ARG_STR, false },
    { NULL }
};

/*
 * "N nodes", then for each node the CPUs that exist (by index), its
 * memory and its hot-plugged memory (none: Corvid has no DIMMs), in MiB.
 */
static void info_numa(GString *out, const char *arg)
{
    MachineState *ms = qdev_get_machine();
    int nodes = ms ? numa_num_nodes(ms) : 0;
    int i;

    g_string_append_printf(out, "%d nodes\n", nodes);
    for (i = 0; i < nodes; i++) {
        const NodeInfo *node = &ms->numa_state->nodes[i];
        CPUState *cpu;

        g_string_append_printf(out, "node %d cpus:", i);
        CPU_FOREACH(cpu) {
            if (numa_cpu_node(ms, cpu->cpu_index) == i) {
                g_string_append_printf(out, " %d", cpu->cpu_index);
            }
        }
        g_string_append_printf(out, "\nnode %d size: %" PRIu64 " MB\n", i,
                               node->node_mem >> MiB_SHIFT);
        g_string_append_printf(out, "node %d plugged: 0 MB\n", i);
    }
}

static void qmp_numa_register(void)
{
    qmp_register_command("set-numa-node", qmp_set_numa_node,
                         set_numa_node_args,
                         QMP_ALLOW_PRECONFIG | QMP_ARGS_ANY);
    hmp_register_info("numa", NULL, "show NUMA information", info_numa);
}

qmp_init(qmp_numa_register)
