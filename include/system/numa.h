/*
 * NUMA: the guest's memory and CPUs split into nodes (-numa).
 *
 * The command line describes the nodes one option at a time:
 *
 *   -numa node[,nodeid=N][,memdev=ID|mem=SIZE][,cpus=A[-B]...]
 *   -numa dist,src=N,dst=M,val=D
 *   -numa cpu,node-id=N[,socket-id=S][,die-id=D][,core-id=C][,thread-id=T]
 *
 * (or QMP set-numa-node during --preconfig).  Each option is checked
 * and recorded in the machine's NumaState as it comes; the whole is
 * checked once more when the board is built (numa_complete_configuration)
 * and then holds, for the board and firmware tables:
 *
 *   - num_nodes nodes, ids 0..num_nodes-1, each with its memory size and
 *     memory backend (memdev=) if any;
 *   - the node of each possible CPU (index < maxcpus): CPUs no option
 *     assigned go by the machine's default when no CPU was assigned at
 *     all, else to node 0, with qemu's warnings;
 *   - the distance table, made symmetric, when -numa dist was used.
 *
 * With memdev= nodes the guest RAM (ms->ram) is a container named after
 * the machine's default RAM id holding the node backends one after the
 * other, in node order.
 */
#ifndef SYSTEM_NUMA_H
#define SYSTEM_NUMA_H

#include "qobject/qobject.h"
#include "util/error.h"
#include "system/memory.h"

#define MAX_NODES 128
#define NUMA_DISTANCE_MIN 10        /* also the local distance */
#define NUMA_DISTANCE_DEFAULT 20
#define NUMA_DISTANCE_UNREACHABLE 255
#define NUMA_NODE_UNASSIGNED (-1)

typedef struct MachineState MachineState;
typedef struct HostMemoryBackend HostMemoryBackend;

typedef struct NodeInfo {
    bool present;
    uint64_t node_mem;              /* bytes */
    HostMemoryBackend *node_memdev; /* memdev=, or NULL */
    uint8_t distance[MAX_NODES];    /* 0: not given */
} NodeInfo;

typedef struct NumaState {
    /* Nodes given so far; after completion their ids are 0..num_nodes-1. */
    int num_nodes;
    bool have_numa_distance;        /* -numa dist was used */
    bool have_mem;                  /* a node has mem= */
    bool have_memdev;               /* a node has memdev= */
    bool have_cpu_assignment;       /* cpus= or -numa cpu assigned a CPU */
    NodeInfo nodes[MAX_NODES];

    /* The node of each CPU index below cpu_slots, or NUMA_NODE_UNASSIGNED. */
    int *cpu_node;
    unsigned cpu_slots;

    /* Filled by numa_complete_configuration, for firmware tables. */
    bool complete;
    uint64_t *node_mem_list;        /* num_nodes sizes */
    uint32_t *cpu_node_list;        /* cpu_slots nodes */
    MemoryRegion ram_container;     /* ms->ram with memdev= nodes */
    bool ram_container_inited;
} NumaState;

NumaState *numa_state_new(void);
/* Releases the node backends the RAM container had claimed. */
void numa_state_free(NumaState *ns);

/*
 * Apply one -numa option (or set-numa-node's arguments) to @ms: @opts
 * holds "type" and the members.  @keyval: the values are strings from
 * the command line, read and refused in the words of qemu's option
 * parser; else they have their JSON types.  On error nothing changes.
 */
bool numa_set_options(MachineState *ms, const QDict *opts, bool keyval,
                      Error **errp);

/*
 * At board init, before the machine's RAM is set up: the checks that
 * need every option (node ids without gaps, the memory adding up to the
 * RAM size, the distance table), the CPU placement, and the RAM
 * container for memdev= nodes (ms->ram).  No-op without nodes.
 */
bool numa_complete_configuration(MachineState *ms, Error **errp);

/* The node of CPU @cpu_index, or NUMA_NODE_UNASSIGNED without NUMA. */
int numa_cpu_node(const MachineState *ms, unsigned cpu_index);

/* The number of nodes, 0 without NUMA. */
int numa_num_nodes(const MachineState *ms);

#endif
