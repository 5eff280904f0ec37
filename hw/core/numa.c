/*
 * NUMA nodes from -numa and set-numa-node: reading and checking the
 * options, placing CPUs on nodes and building the RAM of memdev= nodes
 * (see include/system/numa.h).
 */
#include "util/osdep.h"
#include "util/cutils.h"
#include "util/error-report.h"
#include "qobject/qinput.h"
#include "hw/core/machine.h"
#include "system/hostmem.h"
#include "system/numa.h"

/* -numa node,cpus=A-B: the most CPUs one range may name (qemu's limit). */
#define CPU_RANGE_MAX 65536
/* The largest value of the 16-bit members (nodeid, src, dst...). */
#define U16_MAX 0xffff
#define U8_MAX 0xff

/* ---------------------------------------------------------------------- */
/* Reading the members */

/*
 * On the command line qemu reads -numa with its older option parser,
 * whose wording differs from QMP's; @keyval selects it.
 */
typedef struct NumaOpts {
    const QDict *d;
    bool keyval;
} NumaOpts;

static bool check_members(const NumaOpts *o, const char *const *allowed,
                          Error **errp)
{
    const QDictEntry *e;

    for (e = qdict_first(o->d); e; e = qdict_next(o->d, e)) {
        const char *key = qdict_entry_key(e);
        const char *const *a;

        for (a = allowed; *a && strcmp(*a, key); a++) {
            /* look on */
        }
        if (!*a) {
            if (o->keyval) {
                error_setg(errp, "Invalid parameter '%s'", key);
            } else {
                error_setg(errp, "Parameter '%s' is unexpected", key);
            }
            return false;
        }
    }
    return true;
}

static const char *keyval_str(const NumaOpts *o, const char *key)
{
    QString *qs = qobject_to(QString, qdict_get(o->d, key));

    return qs ? qstring_get_str(qs) : NULL;
}

/* An unsigned number, "0x" and octal allowed, no sign. */
static bool parse_u64_text(const char *s, uint64_t *out)
{
    while (s && g_ascii_isspace(*s)) {
        s++;
    }
    return s && *s != '-' && *s != '+' && parse_uint64(s, out) == 0;
}

/* A JSON number for an unsigned member (QMP's wording). */
static bool typed_uint(QObject *v, const char *name, uint64_t max,
                       const char *type, uint64_t *out, Error **errp)
{
    QNum *qn = qobject_to(QNum, v);
    int64_t negative;

    if (qn && qnum_get_try_uint(qn, out) && *out <= max) {
        return true;
    }
    if (qn && (qnum_get_try_uint(qn, out) ||
               qnum_get_try_int(qn, &negative))) {
        /* An integer out of range, negative ones included. */
        error_setg(errp, "Parameter '%s' expects %s", name, type);
    } else {
        error_setg(errp, "Parameter '%s' expects uint64", name);
    }
    return false;
}

/* An unsigned member no larger than @max (@type names it for errors). */
static bool get_uint(const NumaOpts *o, const char *key, uint64_t max,
                     const char *type, bool *has, uint64_t *out,
                     Error **errp)
{
    QObject *v = qdict_get(o->d, key);

    *has = v != NULL;
    if (!v) {
        return true;
    }
    if (!o->keyval) {
        return typed_uint(v, key, max, type, out, errp);
    }
    if (!parse_u64_text(keyval_str(o, key), out)) {
        error_setg(errp, "Parameter '%s' expects a uint64 value", key);
        return false;
    }
    if (*out > max) {
        error_setg(errp, "Parameter '%s' expects %s", key, type);
        return false;
    }
    return true;
}

static bool get_int(const NumaOpts *o, const char *key, bool *has,
                    int64_t *out, Error **errp)
{
    QObject *v = qdict_get(o->d, key);
    const char *s;

    *has = v != NULL;
    if (!v) {
        return true;
    }
    if (!o->keyval) {
        QInput in = QINPUT_TYPED(v);

        return qinput_get_int(&in, key, INT64_MIN, INT64_MAX, NULL, out,
                              errp);
    }
    s = keyval_str(o, key);
    if (!s || parse_int64(s, out) < 0) {
        error_setg(errp, "Parameter '%s' expects an int64 value", key);
        return false;
    }
    return true;
}

static bool get_size(const NumaOpts *o, const char *key, bool *has,
                     uint64_t *out, Error **errp)
{
    QObject *v = qdict_get(o->d, key);
    const char *s;

    *has = v != NULL;
    if (!v) {
        return true;
    }
    if (!o->keyval) {
        return typed_uint(v, key, UINT64_MAX, "uint64", out, errp);
    }
    s = keyval_str(o, key);
    if (!s || parse_size(s, out) < 0) {
        error_setg(errp, "Parameter '%s' expects a size value", key);
        return false;
    }
    return true;
}

static bool get_str(const NumaOpts *o, const char *key, const char **out,
                    Error **errp)
{
    QObject *v = qdict_get(o->d, key);
    QInput in = o->keyval ? QINPUT_KEYVAL(v) : QINPUT_TYPED(v);

    *out = NULL;
    if (!v) {
        return true;
    }
    *out = qinput_get_str(&in, key, errp);
    return *out != NULL;
}

static bool require(const NumaOpts *o, const char *key, Error **errp)
{
    if (!qdict_haskey(o->d, key)) {
        error_setg(errp, "Parameter '%s' is missing", key);
        return false;
    }
    return true;
}

/* One cpus= element: "N" or "A-B" on the command line, N in QMP. */
static bool parse_cpu_range(const NumaOpts *o, QObject *v, unsigned n,
                            uint64_t *first, uint64_t *last, Error **errp)
{
    QString *qs = qobject_to(QString, v);
    const char *s, *dash;

    if (!o->keyval) {
        g_autofree char *name = g_strdup_printf("cpus[%u]", n);

        if (!typed_uint(v, name, U16_MAX, "uint16_t", first, errp)) {
            return false;
        }
        *last = *first;
        return true;
    }
    if (!qs) {
        error_setg(errp, "Parameter 'cpus' expects a uint64 value or range");
        return false;
    }
    s = qstring_get_str(qs);
    dash = strchr(s, '-');
    if (dash) {
        g_autofree char *lo = g_strndup(s, dash - s);

        if (parse_u64_text(lo, first) && parse_u64_text(dash + 1, last) &&
            *first <= *last && *last - *first < CPU_RANGE_MAX) {
            return true;
        }
    } else if (parse_u64_text(s, first)) {
        *last = *first;
        return true;
    }
    error_setg(errp, "Parameter 'cpus' expects a uint64 value or range");
    return false;
}

/* ---------------------------------------------------------------------- */
/* The CPU slots */

/* Make room for maxcpus CPU indexes; new ones are unassigned. */
static void ensure_cpu_slots(NumaState *ns, const MachineState *ms)
{
    unsigned want = MAX(ms->smp.max_cpus, 1);
    unsigned i;

    if (want <= ns->cpu_slots) {
        return;
    }
    ns->cpu_node = g_renew(int, ns->cpu_node, want);
    for (i = ns->cpu_slots; i < want; i++) {
        ns->cpu_node[i] = NUMA_NODE_UNASSIGNED;
    }
    ns->cpu_slots = want;
}

/* The topology IDs of a CPU index, as -smp lays CPUs out. */
typedef struct CpuTopoIds {
    unsigned socket, die, cluster, core, thread;
} CpuTopoIds;

static void cpu_topo_ids(const MachineState *ms, unsigned idx,
                         CpuTopoIds *t)
{
    unsigned threads = MAX(ms->smp.threads, 1);
    unsigned cores = MAX(ms->smp.cores, 1);
    unsigned clusters = MAX(ms->smp.clusters, 1);
    unsigned dies = MAX(ms->smp.dies, 1);

    t->thread = idx % threads;
    t->core = idx / threads % cores;
    t->cluster = idx / (threads * cores) % clusters;
    t->die = idx / (threads * cores * clusters) % dies;
    t->socket = idx / (threads * cores * clusters * dies);
}

/* Which levels a CPU's properties name (x86 names dies only if any). */
static bool has_die_id(const MachineState *ms)
{
    return MACHINE_GET_CLASS(ms)->smp_props.dies_supported &&
           ms->smp.dies > 1;
}

static bool has_cluster_id(const MachineState *ms)
{
    return MACHINE_GET_CLASS(ms)->smp_props.clusters_supported &&
           ms->smp.clusters > 1;
}

/* "CPU 1 [socket-id: 0, core-id: 1, thread-id: 0]", as qemu words it. */
static void append_cpu_desc(GString *s, const MachineState *ms, unsigned idx)
{
    CpuTopoIds t;

    cpu_topo_ids(ms, idx, &t);
    g_string_append_printf(s, "CPU %u [socket-id: %u", idx, t.socket);
    if (has_die_id(ms)) {
        g_string_append_printf(s, ", die-id: %u", t.die);
    }
    if (has_cluster_id(ms)) {
        g_string_append_printf(s, ", cluster-id: %u", t.cluster);
    }
    g_string_append_printf(s, ", core-id: %u, thread-id: %u]", t.core,
                           t.thread);
}

/* ---------------------------------------------------------------------- */
/* -numa node */

/* A memdev= value: an id under /objects, or a path. */
static HostMemoryBackend *find_backend(const char *id)
{
    Object *obj;

    if (strchr(id, '/')) {
        obj = object_resolve_path_type(id, TYPE_MEMORY_BACKEND, NULL);
    } else {
        obj = object_resolve_path_component(object_get_objects_root(), id);
    }
    if (!obj || !object_dynamic_cast(obj, TYPE_MEMORY_BACKEND)) {
        return NULL;
    }
    return host_memory_backend_mr_inited(MEMORY_BACKEND(obj))
           ? MEMORY_BACKEND(obj) : NULL;
}

static void hmat_disabled(Error **errp)
{
    error_setg(errp, "ACPI Heterogeneous Memory Attribute Table (HMAT) is "
               "disabled, enable it with -machine hmat=on before using any "
               "of hmat specific options");
}

static bool numa_supported(MachineState *ms, Error **errp)
{
    if (!ms->numa_state) {
        error_setg(errp, "NUMA is not supported by this machine-type");
        return false;
    }
    return true;
}

static bool set_node(MachineState *ms, const NumaOpts *o, Error **errp)
{
    static const char *const allowed[] = {
        "type", "nodeid", "cpus", "mem", "memdev", "initiator", NULL
    };
    MachineClass *mc = MACHINE_GET_CLASS(ms);
    NumaState *ns;
    uint64_t nodeid, mem = 0, initiator;
    bool has_nodeid, has_mem, has_initiator;
    const char *memdev;
    HostMemoryBackend *backend = NULL;
    g_autoptr(GArray) ranges = g_array_new(false, false, sizeof(uint64_t));
    QObject *cpus = qdict_get(o->d, "cpus");
    guint i;

    if (!check_members(o, allowed, errp) ||
        !get_uint(o, "nodeid", U16_MAX, "uint16_t", &has_nodeid, &nodeid,
                  errp)) {
        return false;
    }
    /* cpus=: a list of numbers or ranges (one string on its own). */
    if (cpus) {
        QList *list = qobject_to(QList, cpus);
        size_t n = list ? qlist_size(list) : 1;

        if (!list && !o->keyval) {
            error_setg(errp, "Invalid parameter type for 'cpus', expected: "
                       "array");
            return false;
        }
        for (i = 0; i < n; i++) {
            uint64_t r[2];

            if (!parse_cpu_range(o, list ? qlist_get(list, i) : cpus, i,
                                 &r[0], &r[1], errp)) {
                return false;
            }
            g_array_append_vals(ranges, r, 2);
        }
    }
    if (!get_size(o, "mem", &has_mem, &mem, errp) ||
        !get_str(o, "memdev", &memdev, errp) ||
        !get_uint(o, "initiator", U16_MAX, "uint16_t", &has_initiator,
                  &initiator, errp) ||
        !numa_supported(ms, errp)) {
        return false;
    }
    ns = ms->numa_state;
    ensure_cpu_slots(ns, ms);

    if (!has_nodeid) {
        nodeid = ns->num_nodes;
    }
    if (nodeid >= MAX_NODES) {
        error_setg(errp, "Max number of NUMA nodes reached: %" PRIu64,
                   nodeid);
        return false;
    }
    if (ns->nodes[nodeid].present) {
        error_setg(errp, "Duplicate NUMA nodeid: %" PRIu64, nodeid);
        return false;
    }
    for (i = 0; i < ranges->len; i += 2) {
        uint64_t cpu, last = g_array_index(ranges, uint64_t, i + 1);

        for (cpu = g_array_index(ranges, uint64_t, i); cpu <= last; cpu++) {
            if (cpu >= ms->smp.max_cpus) {
                error_setg(errp, "CPU index (%" PRIu64 ") should be smaller "
                           "than maxcpus (%u)", cpu, ms->smp.max_cpus);
                return false;
            }
            if (ns->cpu_node[cpu] != NUMA_NODE_UNASSIGNED) {
                error_setg(errp, "CPU is already assigned to node-id: %d",
                           ns->cpu_node[cpu]);
                return false;
            }
        }
    }
    if ((has_mem && memdev) || (has_mem && ns->have_memdev) ||
        (memdev && ns->have_mem)) {
        error_setg(errp, "numa configuration should use either mem= or "
                   "memdev=,mixing both is not allowed");
        return false;
    }
    if (has_initiator) {
        /* No machine here has an HMAT to put initiators in. */
        hmat_disabled(errp);
        return false;
    }
    if (has_mem) {
        if (!mc->numa_mem_supported) {
            error_setg(errp, "Parameter -numa node,mem is not supported by "
                       "this machine type");
            error_append_hint(errp, "Use -numa node,memdev instead\n");
            return false;
        }
        warn_report("Parameter -numa node,mem is deprecated, use -numa "
                    "node,memdev instead");
    }
    if (memdev) {
        backend = find_backend(memdev);
        if (!backend) {
            /* qemu's words for a memdev it cannot resolve. */
            error_setg(errp, "memdev=%s is ambiguous", memdev);
            return false;
        }
        mem = memory_region_size(host_memory_backend_get_memory(backend));
    }

    /* Everything checked: record it. */
    for (i = 0; i < ranges->len; i += 2) {
        uint64_t cpu, last = g_array_index(ranges, uint64_t, i + 1);

        for (cpu = g_array_index(ranges, uint64_t, i); cpu <= last; cpu++) {
            ns->cpu_node[cpu] = nodeid;
            ns->have_cpu_assignment = true;
        }
    }
    ns->nodes[nodeid].present = true;
    ns->nodes[nodeid].node_mem = mem;
    ns->nodes[nodeid].node_memdev = backend;
    ns->have_mem |= has_mem;
    ns->have_memdev |= backend != NULL;
    ns->num_nodes++;
    return true;
}

/* ---------------------------------------------------------------------- */
/* -numa dist */

static bool get_node_number(const NumaOpts *o, const char *key,
                            uint64_t *out, Error **errp)
{
    bool has;

    if (!get_uint(o, key, U16_MAX, "uint16_t", &has, out, errp)) {
        return false;
    }
    if (*out >= MAX_NODES) {
        error_setg(errp, "Parameter '%s' expects an integer between 0 and "
                   "%d", key, MAX_NODES - 1);
        return false;
    }
    return true;
}

static bool set_dist(MachineState *ms, const NumaOpts *o, Error **errp)
{
    static const char *const allowed[] = {
        "type", "src", "dst", "val", NULL
    };
    uint64_t src, dst, val;
    bool has;
    NumaState *ns;

    if (!check_members(o, allowed, errp) ||
        !require(o, "src", errp) || !require(o, "dst", errp) ||
        !require(o, "val", errp) ||
        !get_node_number(o, "src", &src, errp) ||
        !get_node_number(o, "dst", &dst, errp) ||
        !get_uint(o, "val", U8_MAX, "uint8_t", &has, &val, errp) ||
        !numa_supported(ms, errp)) {
        return false;
    }
    ns = ms->numa_state;
    if (!ns->nodes[src].present || !ns->nodes[dst].present) {
        error_setg(errp, "Source/Destination NUMA node is missing. Please "
                   "use '-numa node' option to declare it first.");
        return false;
    }
    if (val < NUMA_DISTANCE_MIN) {
        error_setg(errp, "NUMA distance (%" PRIu64 ") is invalid, it "
                   "shouldn't be less than %d.", val, NUMA_DISTANCE_MIN);
        return false;
    }
    if (src == dst && val != NUMA_DISTANCE_MIN) {
        error_setg(errp, "Local distance of node %" PRIu64 " should be %d.",
                   src, NUMA_DISTANCE_MIN);
        return false;
    }
    ns->nodes[src].distance[dst] = val;
    ns->have_numa_distance = true;
    return true;
}

/* ---------------------------------------------------------------------- */
/* -numa cpu */

static bool set_cpu(MachineState *ms, const NumaOpts *o, Error **errp)
{
    static const char *const allowed[] = {
        "type", "node-id", "socket-id", "die-id", "cluster-id", "core-id",
        "thread-id", NULL
    };
    int64_t node, socket, die, cluster, core, thread;
    bool has_node, has_socket, has_die, has_cluster, has_core, has_thread;
    g_autoptr(GArray) match = g_array_new(false, false, sizeof(unsigned));
    NumaState *ns;
    unsigned idx;
    guint i;

    if (!check_members(o, allowed, errp) ||
        !get_int(o, "node-id", &has_node, &node, errp) ||
        !get_int(o, "socket-id", &has_socket, &socket, errp) ||
        !get_int(o, "die-id", &has_die, &die, errp) ||
        !get_int(o, "cluster-id", &has_cluster, &cluster, errp) ||
        !get_int(o, "core-id", &has_core, &core, errp) ||
        !get_int(o, "thread-id", &has_thread, &thread, errp) ||
        !numa_supported(ms, errp)) {
        return false;
    }
    if (!has_node) {
        error_setg(errp, "Missing mandatory node-id property");
        return false;
    }
    ns = ms->numa_state;
    ensure_cpu_slots(ns, ms);
    if (node < 0 || node >= MAX_NODES || !ns->nodes[node].present) {
        error_setg(errp, "Invalid node-id=%" PRId64 ", NUMA node must be "
                   "defined with -numa node,nodeid=ID before it's used with "
                   "-numa cpu,node-id=ID", node);
        return false;
    }
    if (has_die && !has_die_id(ms)) {
        error_setg(errp, "die-id is not supported");
        return false;
    }
    if (has_cluster && !has_cluster_id(ms)) {
        error_setg(errp, "cluster-id is not supported");
        return false;
    }
    /* Every possible CPU whose IDs match the ones given. */
    for (idx = 0; idx < ms->smp.max_cpus; idx++) {
        CpuTopoIds t;

        cpu_topo_ids(ms, idx, &t);
        if ((has_socket && socket != t.socket) ||
            (has_die && die != t.die) ||
            (has_cluster && cluster != t.cluster) ||
            (has_core && core != t.core) ||
            (has_thread && thread != t.thread)) {
            continue;
        }
        if (ns->cpu_node[idx] != NUMA_NODE_UNASSIGNED &&
            ns->cpu_node[idx] != node) {
            error_setg(errp, "CPU is already assigned to node-id: %d",
                       ns->cpu_node[idx]);
            return false;
        }
        g_array_append_val(match, idx);
    }
    if (!match->len) {
        error_setg(errp, "no match found");
        return false;
    }
    for (i = 0; i < match->len; i++) {
        ns->cpu_node[g_array_index(match, unsigned, i)] = node;
    }
    ns->have_cpu_assignment = true;
    return true;
}

/* ---------------------------------------------------------------------- */

bool numa_set_options(MachineState *ms, const QDict *opts, bool keyval,
                      Error **errp)
{
    NumaOpts o = { .d = opts, .keyval = keyval };
    QObject *t = qdict_get(opts, "type");
    QString *qs = qobject_to(QString, t);
    const char *type = qs ? qstring_get_str(qs) : NULL;

    if (!t) {
        error_setg(errp, "Parameter 'type' is missing");
        return false;
    }
    if (!type) {
        error_setg(errp, "Invalid parameter type for 'type', expected: "
                   "string");
        return false;
    }
    if (!strcmp(type, "node")) {
        return set_node(ms, &o, errp);
    }
    if (!strcmp(type, "dist")) {
        return set_dist(ms, &o, errp);
    }
    if (!strcmp(type, "cpu")) {
        return set_cpu(ms, &o, errp);
    }
    if (!strcmp(type, "hmat-lb") || !strcmp(type, "hmat-cache")) {
        /* No machine here has an HMAT for these to describe. */
        if (numa_supported(ms, errp)) {
            hmat_disabled(errp);
        }
        return false;
    }
    error_setg(errp, "Parameter 'type' does not accept value '%s'", type);
    return false;
}

/* ---------------------------------------------------------------------- */
/* Completion at board init */

static bool check_distances(NumaState *ns, Error **errp)
{
    int i, j;

    for (i = 0; i < ns->num_nodes; i++) {
        for (j = 0; j < ns->num_nodes; j++) {
            if (i != j && !ns->nodes[i].distance[j] &&
                !ns->nodes[j].distance[i]) {
                error_setg(errp, "The distance between node %d and %d is "
                           "missing, at least one distance value between "
                           "each nodes should be provided.", i, j);
                return false;
            }
        }
    }
    /* One direction given stands for both; a node is 10 from itself. */
    for (i = 0; i < ns->num_nodes; i++) {
        for (j = 0; j < ns->num_nodes; j++) {
            if (i == j) {
                ns->nodes[i].distance[j] = NUMA_DISTANCE_MIN;
            } else if (!ns->nodes[i].distance[j]) {
                ns->nodes[i].distance[j] = ns->nodes[j].distance[i];
            }
        }
    }
    return true;
}

/* The node backends, each used once, become ms->ram. */
static bool make_ram(MachineState *ms, NumaState *ns, Error **errp)
{
    MachineClass *mc = MACHINE_GET_CLASS(ms);
    uint64_t offset = 0;
    int i, j;

    for (i = 0; i < ns->num_nodes; i++) {
        HostMemoryBackend *b = ns->nodes[i].node_memdev;
        bool twice = false;

        for (j = 0; b && j < i; j++) {
            twice |= ns->nodes[j].node_memdev == b;
        }
        if (b && (twice || host_memory_backend_is_mapped(b))) {
            g_autofree char *name = host_memory_backend_get_name(b);

            error_setg(errp, "memory backend %s can't be used multiple "
                       "times.", name);
            return false;
        }
    }
    memory_region_init(&ns->ram_container, OBJECT(ms),
                       mc->default_ram_id ? mc->default_ram_id : "ram",
                       ms->ram_size);
    ns->ram_container_inited = true;
    for (i = 0; i < ns->num_nodes; i++) {
        HostMemoryBackend *b = ns->nodes[i].node_memdev;

        if (!b) {
            continue;
        }
        host_memory_backend_set_mapped(b, true);
        memory_region_add_subregion(&ns->ram_container, offset,
                                    host_memory_backend_get_memory(b));
        offset += ns->nodes[i].node_mem;
    }
    ms->ram = &ns->ram_container;
    return true;
}

static int default_cpu_node(const MachineState *ms, unsigned idx)
{
    MachineClass *mc = MACHINE_GET_CLASS(ms);
    CpuTopoIds t;

    if (mc->get_default_cpu_node_id) {
        return mc->get_default_cpu_node_id(ms, idx);
    }
    cpu_topo_ids(ms, idx, &t);
    return t.socket % ms->numa_state->num_nodes;
}

/* Every possible CPU on a node, as qemu places the ones left over. */
static void place_cpus(MachineState *ms, NumaState *ns)
{
    g_autoptr(GString) missing = g_string_new(NULL);
    unsigned idx;

    ensure_cpu_slots(ns, ms);
    for (idx = 0; idx < ms->smp.max_cpus; idx++) {
        if (ns->cpu_node[idx] != NUMA_NODE_UNASSIGNED) {
            continue;
        }
        if (!ns->have_cpu_assignment) {
            ns->cpu_node[idx] = default_cpu_node(ms, idx);
            continue;
        }
        /* Some CPUs were placed by hand: the rest go to node 0. */
        if (missing->len) {
            g_string_append(missing, ", ");
        }
        append_cpu_desc(missing, ms, idx);
        ns->cpu_node[idx] = 0;
    }
    if (missing->len) {
        warn_report("CPU(s) not present in any NUMA nodes: %s",
                    missing->str);
        warn_report("All CPU(s) up to maxcpus should be described in NUMA "
                    "config, ability to start up with partial NUMA mappings "
                    "is obsoleted and will be removed in future");
    }
}

bool numa_complete_configuration(MachineState *ms, Error **errp)
{
    NumaState *ns = ms->numa_state;
    uint64_t total = 0;
    unsigned idx;
    int i;

    if (!ns || !ns->num_nodes || ns->complete) {
        return true;
    }
    for (i = 0; i < ns->num_nodes; i++) {
        if (!ns->nodes[i].present) {
            error_setg(errp, "numa: Node ID missing: %d", i);
            return false;
        }
        total += ns->nodes[i].node_mem;
    }
    if (total != ms->ram_size) {
        error_setg(errp, "total memory for NUMA nodes (0x%" PRIx64 ") "
                   "should equal RAM size (0x%" PRIx64 ")", total,
                   ms->ram_size);
        return false;
    }
    if (ns->have_memdev) {
        if (ms->ram_memdev_id && *ms->ram_memdev_id) {
            error_setg(errp, "'-machine memory-backend' and '-numa memdev' "
                       "properties are mutually exclusive");
            return false;
        }
        if (!make_ram(ms, ns, errp)) {
            return false;
        }
    }
    if (ns->have_numa_distance && !check_distances(ns, errp)) {
        return false;
    }
    place_cpus(ms, ns);

    ns->node_mem_list = g_new(uint64_t, ns->num_nodes);
    for (i = 0; i < ns->num_nodes; i++) {
        ns->node_mem_list[i] = ns->nodes[i].node_mem;
    }
    ns->cpu_node_list = g_new(uint32_t, ns->cpu_slots);
    for (idx = 0; idx < ns->cpu_slots; idx++) {
        ns->cpu_node_list[idx] = MAX(ns->cpu_node[idx], 0);
    }
    ns->complete = true;
    return true;
}

int numa_cpu_node(const MachineState *ms, unsigned cpu_index)
{
    const NumaState *ns = ms->numa_state;

    if (!ns || !ns->num_nodes || cpu_index >= ns->cpu_slots) {
        return NUMA_NODE_UNASSIGNED;
    }
    return ns->cpu_node[cpu_index];
}

int numa_num_nodes(const MachineState *ms)
{
    return ms->numa_state ? ms->numa_state->num_nodes : 0;
}

NumaState *numa_state_new(void)
{
    return g_new0(NumaState, 1);
}

void numa_state_free(NumaState *ns)
{
    int i;

    if (!ns) {
        return;
    }
    if (ns->ram_container_inited) {
        for (i = 0; i < ns->num_nodes; i++) {
            if (ns->nodes[i].node_memdev) {
                host_memory_backend_set_mapped(ns->nodes[i].node_memdev,
                                               false);
            }
        }
    }
    g_free(ns->cpu_node);
    g_free(ns->node_mem_list);
    g_free(ns->cpu_node_list);
    g_free(ns);
}
