/*
 * -smp: turning a partial CPU topology into a complete one.
 *
 * The user may give any subset of cpus, sockets, dies, clusters, cores,
 * threads and maxcpus.  Missing levels are derived as qemu does for its
 * current machine types: sockets and threads default to 1, and cores take
 * whatever is left of maxcpus (qemu prefers cores over sockets since 6.2).
 * A level of 0 counts as not given (the "smp" property warns about it,
 * as qemu does).  Then the levels must multiply to maxcpus, cpus must not exceed
 * maxcpus, and both must fit the machine's limits.
 */
#include "util/osdep.h"
#include "util/error-report.h"
#include "hw/core/machine.h"

/* "sockets (2) * dies (1) * cores (2) * threads (1)", the levels the
 * machine knows about, for error messages. */
static char *topology_product(const MachineClass *mc, const CpuTopology *t)
{
    GString *s = g_string_new(NULL);

    g_string_append_printf(s, "sockets (%u)", t->sockets);
    if (mc->smp_props.dies_supported) {
        g_string_append_printf(s, " * dies (%u)", t->dies);
    }
    if (mc->smp_props.clusters_supported) {
        g_string_append_printf(s, " * clusters (%u)", t->clusters);
    }
    g_string_append_printf(s, " * cores (%u) * threads (%u)", t->cores,
                           t->threads);
    return g_string_free(s, false);
}

bool machine_parse_smp_config(MachineState *ms,
                              const SMPConfiguration *config, Error **errp)
{
    MachineClass *mc = MACHINE_GET_CLASS(ms);
    uint64_t cpus = config->cpus, sockets = config->sockets;
    uint64_t dies = config->dies, clusters = config->clusters;
    uint64_t cores = config->cores, threads = config->threads;
    uint64_t maxcpus = config->maxcpus, total;
    g_autofree char *product = NULL;
    CpuTopology t;

    if (!mc->smp_props.dies_supported && dies > 1) {
        error_setg(errp, "dies not supported by this machine's CPU "
                   "topology");
        return false;
    }
    if (!mc->smp_props.clusters_supported && clusters > 1) {
        error_setg(errp, "clusters not supported by this machine's CPU "
                   "topology");
        return false;
    }
    dies = dies ? dies : 1;
    clusters = clusters ? clusters : 1;

    if (cpus == 0 && maxcpus == 0 && sockets == 0 && cores == 0 &&
        threads == 0) {
        cpus = mc->default_cpus;
    }
    if (cpus == 0 && maxcpus == 0) {
        sockets = sockets ? sockets : 1;
        cores = cores ? cores : 1;
        threads = threads ? threads : 1;
    } else {
        maxcpus = maxcpus ? maxcpus : cpus;
        sockets = sockets ? sockets : 1;
        threads = threads ? threads : 1;
        if (!cores) {
            cores = maxcpus / (sockets * dies * clusters * threads);
            cores = cores ? cores : 1;
        }
    }
    total = sockets * dies * clusters * cores * threads;
    maxcpus = maxcpus ? maxcpus : total;
    cpus = cpus ? cpus : maxcpus;

    t = (CpuTopology) {
        .cpus = cpus, .sockets = sockets, .dies = dies,
        .clusters = clusters, .cores = cores, .threads = threads,
        .max_cpus = maxcpus,
    };
    product = topology_product(mc, &t);
    if (total != maxcpus) {
        error_setg(errp, "Invalid CPU topology: product of the hierarchy "
                   "must match maxcpus: %s != maxcpus (%" PRIu64 ")",
                   product, maxcpus);
        return false;
    }
    if (maxcpus < cpus) {
        error_setg(errp, "Invalid CPU topology: maxcpus must be equal to or "
                   "greater than smp: %s == maxcpus (%" PRIu64 ") < "
                   "smp_cpus (%" PRIu64 ")", product, maxcpus, cpus);
        return false;
    }
    if (cpus < mc->min_cpus) {
        error_setg(errp, "Invalid SMP CPUs %" PRIu64 ". The min CPUs "
                   "supported by machine '%s' is %u", cpus, mc->name,
                   mc->min_cpus);
        return false;
    }
    if (maxcpus > mc->max_cpus) {
        error_setg(errp, "Invalid SMP CPUs %" PRIu64 ". The max CPUs "
                   "supported by machine '%s' is %u", maxcpus, mc->name,
                   mc->max_cpus);
        return false;
    }
    ms->smp = t;
    return true;
}
