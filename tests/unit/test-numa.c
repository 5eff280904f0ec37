/*
 * Unit tests of -numa and -boot below the command line: numa_set_options
 * in both wordings (command line and set-numa-node), completing the
 * configuration at board init (node ids, memory, distances, CPU
 * placement, the RAM of memdev= nodes), the machine property "boot",
 * boot-set handlers with once=, and what the x86 fw_cfg glue takes from
 * both.  A test machine type here accepts -numa node,mem= (as qemu's
 * older machine types do) and counts its own default CPU placements.
 */
#include "util/osdep.h"
#include "util/module.h"
#include "util/error-report.h"
#include "util/keyval.h"
#include "qom/object-property.h"
#include "qom/object-interfaces.h"
#include "qobject/qjson.h"
#include "hw/core/machine.h"
#include "hw/i386/fw_cfg.h"
#include "system/bootdevice.h"
#include "system/hostmem.h"
#include "system/numa.h"
#include "system/runstate.h"

#define TYPE_NUMA_TEST_MACHINE MACHINE_TYPE_NAME("numa-test")
#define TYPE_NUMA_HOOK_MACHINE MACHINE_TYPE_NAME("numa-hook-test")
#define TYPE_NO_NUMA_MACHINE MACHINE_TYPE_NAME("no-numa-test")

static void numa_test_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->max_cpus = 64;
    mc->default_ram_id = "test.ram";
    mc->default_boot_order = "cad";
    mc->numa_supported = true;
    mc->numa_mem_supported = true;
    mc->smp_props.dies_supported = true;
}

/* A board that puts every CPU on the last node by default. */
static int last_node(const MachineState *ms, unsigned idx)
{
    return numa_num_nodes(ms) - 1;
}

static void numa_hook_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->max_cpus = 64;
    mc->numa_supported = true;
    mc->get_default_cpu_node_id = last_node;
}

static void no_numa_class_init(ObjectClass *oc, void *data)
{
    MACHINE_CLASS(oc)->max_cpus = 4;
}

static const TypeInfo test_machines[] = {
    {
        .name = TYPE_NUMA_TEST_MACHINE,
        .parent = TYPE_MACHINE,
        .class_init = numa_test_class_init,
    }, {
        .name = TYPE_NUMA_HOOK_MACHINE,
        .parent = TYPE_MACHINE,
        .class_init = numa_hook_class_init,
    }, {
        .name = TYPE_NO_NUMA_MACHINE,
        .parent = TYPE_MACHINE,
        .class_init = no_numa_class_init,
    },
};

/* A machine of @type with "-smp @smp" (NULL: 1 CPU) and @ram bytes. */
static MachineState *new_machine(const char *type, const char *smp,
                                 uint64_t ram)
{
    MachineState *ms = MACHINE(object_new(type));

    if (smp) {
        g_autoptr(QDict) d = keyval_parse(smp, "cpus", NULL, 0,
                                          &error_abort);
        QInput in = QINPUT_KEYVAL(d);

        g_assert_true(object_property_set(OBJECT(ms), "smp", &in,
                                          &error_abort));
    }
    ms->ram_size = ram;
    return ms;
}

/* One -numa option, as the command line parses it. */
static bool numa_kv(MachineState *ms, const char *opts, char **msg)
{
    g_autoptr(QDict) d = keyval_parse(opts, "type", NULL, 0, &error_abort);
    Error *err = NULL;
    bool ok = numa_set_options(ms, d, true, &err);

    if (msg) {
        *msg = err ? g_strdup(error_get_pretty(err)) : NULL;
    }
    if (err) {
        error_free(err);
    }
    return ok;
}

/* The same as set-numa-node's JSON arguments. */
static bool numa_json(MachineState *ms, const char *json, char **msg)
{
    g_autoptr(QObject) obj = qobject_from_json(json, &error_abort);
    Error *err = NULL;
    bool ok = numa_set_options(ms, qobject_to(QDict, obj), false, &err);

    *msg = err ? g_strdup(error_get_pretty(err)) : NULL;
    if (err) {
        error_free(err);
    }
    return ok;
}

static void ok_kv(MachineState *ms, const char *opts)
{
    g_autofree char *msg = NULL;

    if (!numa_kv(ms, opts, &msg)) {
        g_error("-numa %s: %s", opts, msg);
    }
}

static void bad_kv(MachineState *ms, const char *opts, const char *expected)
{
    g_autofree char *msg = NULL;

    g_assert_false(numa_kv(ms, opts, &msg));
    g_assert_cmpstr(msg, ==, expected);
}

static void bad_json(MachineState *ms, const char *json,
                     const char *expected)
{
    g_autofree char *msg = NULL;

    g_assert_false(numa_json(ms, json, &msg));
    g_assert_cmpstr(msg, ==, expected);
}

/* numa_complete_configuration's error text, or NULL on success. */
static char *complete(MachineState *ms)
{
    Error *err = NULL;
    char *msg = NULL;

    if (!numa_complete_configuration(ms, &err)) {
        msg = g_strdup(error_get_pretty(err));
        error_free(err);
    }
    return msg;
}

static HostMemoryBackend *make_backend(const char *id, uint64_t size)
{
    g_autoptr(QDict) props = qdict_new();

    qdict_put_uint(props, "size", size);
    return MEMORY_BACKEND(user_creatable_add_type(TYPE_MEMORY_BACKEND_RAM,
                                                  id, props, false,
                                                  &error_abort));
}

/* ---------------------------------------------------------------------- */

static void test_option_errors(void)
{
    MachineState *ms = new_machine(TYPE_NUMA_TEST_MACHINE, "4", 128 * MiB);
    MachineState *none = new_machine(TYPE_NO_NUMA_MACHINE, NULL, 0);

    bad_kv(ms, "nodeid=1", "Parameter 'type' is missing");
    bad_kv(ms, "foo", "Parameter 'type' does not accept value 'foo'");
    bad_kv(ms, "node,foo=1", "Invalid parameter 'foo'");
    bad_kv(ms, "node,nodeid=x", "Parameter 'nodeid' expects a uint64 value");
    bad_kv(ms, "node,nodeid=-1", "Parameter 'nodeid' expects a uint64 "
           "value");
    bad_kv(ms, "node,nodeid=70000", "Parameter 'nodeid' expects uint16_t");
    bad_kv(ms, "node,nodeid=128", "Max number of NUMA nodes reached: 128");
    bad_kv(ms, "node,nodeid=0x80", "Max number of NUMA nodes reached: 128");
    bad_kv(ms, "node,cpus.0=x", "Parameter 'cpus' expects a uint64 value "
           "or range");
    bad_kv(ms, "node,cpus.0=2-1", "Parameter 'cpus' expects a uint64 value "
           "or range");
    bad_kv(ms, "node,cpus.0=", "Parameter 'cpus' expects a uint64 value or "
           "range");
    bad_kv(ms, "node,cpus.0=0-65536", "Parameter 'cpus' expects a uint64 "
           "value or range");
    bad_kv(ms, "node,cpus.0=0-65535", "CPU index (4) should be smaller "
           "than maxcpus (4)");
    bad_kv(ms, "node,cpus.0=1,cpus.1=7", "CPU index (7) should be smaller "
           "than maxcpus (4)");
    bad_kv(ms, "node,mem=1x", "Parameter 'mem' expects a size value");
    bad_kv(ms, "node,mem=-1", "Parameter 'mem' expects a size value");
    bad_kv(ms, "node,memdev=nope", "memdev=nope is ambiguous");
    bad_kv(ms, "node,memdev=", "memdev= is ambiguous");
    bad_kv(ms, "node,initiator=0", "ACPI Heterogeneous Memory Attribute "
           "Table (HMAT) is disabled, enable it with -machine hmat=on "
           "before using any of hmat specific options");
    bad_kv(ms, "node,initiator=x", "Parameter 'initiator' expects a uint64 "
           "value");
    bad_kv(ms, "hmat-lb,initiator=0", "ACPI Heterogeneous Memory Attribute "
           "Table (HMAT) is disabled, enable it with -machine hmat=on "
           "before using any of hmat specific options");
    bad_kv(ms, "dist,dst=0,val=10", "Parameter 'src' is missing");
    bad_kv(ms, "dist,src=0,val=10", "Parameter 'dst' is missing");
    bad_kv(ms, "dist,src=0,dst=0", "Parameter 'val' is missing");
    bad_kv(ms, "dist,src=x,dst=0,val=10", "Parameter 'src' expects a uint64 "
           "value");
    bad_kv(ms, "dist,src=200,dst=0,val=10", "Parameter 'src' expects an "
           "integer between 0 and 127");
    bad_kv(ms, "dist,src=70000,dst=0,val=10", "Parameter 'src' expects "
           "uint16_t");
    bad_kv(ms, "dist,src=0,dst=0,val=256", "Parameter 'val' expects "
           "uint8_t");
    bad_kv(ms, "dist,src=0,dst=1,val=20", "Source/Destination NUMA node is "
           "missing. Please use '-numa node' option to declare it first.");
    bad_kv(ms, "cpu,socket-id=0", "Missing mandatory node-id property");
    bad_kv(ms, "cpu,node-id=x", "Parameter 'node-id' expects an int64 "
           "value");
    bad_kv(ms, "cpu,node-id=0", "Invalid node-id=0, NUMA node must be "
           "defined with -numa node,nodeid=ID before it's used with -numa "
           "cpu,node-id=ID");

    /* A machine without NUMA says so once the option parsed. */
    bad_kv(none, "node,foo=1", "Invalid parameter 'foo'");
    bad_kv(none, "node", "NUMA is not supported by this machine-type");
    bad_kv(none, "dist,src=0,dst=0,val=10", "NUMA is not supported by this "
           "machine-type");
    bad_kv(none, "cpu,node-id=0", "NUMA is not supported by this "
           "machine-type");
    g_assert_null(none->numa_state);
    g_assert_cmpint(numa_num_nodes(none), ==, 0);

    /* Nothing of the failed options stuck. */
    g_assert_cmpint(ms->numa_state->num_nodes, ==, 0);
    g_assert_cmpint(numa_cpu_node(ms, 1), ==, NUMA_NODE_UNASSIGNED);
    object_unref(OBJECT(ms));
    object_unref(OBJECT(none));
}

/* set-numa-node's JSON, with QMP's wording. */
static void test_qmp_errors(void)
{
    MachineState *ms = new_machine(TYPE_NUMA_TEST_MACHINE, "2", 128 * MiB);
    g_autofree char *msg = NULL;

    bad_json(ms, "{}", "Parameter 'type' is missing");
    bad_json(ms, "{'type': 5}", "Invalid parameter type for 'type', "
             "expected: string");
    bad_json(ms, "{'type': 'nod'}", "Parameter 'type' does not accept value "
             "'nod'");
    bad_json(ms, "{'type': 'node', 'foo': 1}", "Parameter 'foo' is "
             "unexpected");
    bad_json(ms, "{'type': 'node', 'nodeid': '1'}", "Parameter 'nodeid' "
             "expects uint64");
    bad_json(ms, "{'type': 'node', 'nodeid': -1}", "Parameter 'nodeid' "
             "expects uint16_t");
    bad_json(ms, "{'type': 'node', 'cpus': 3}", "Invalid parameter type for "
             "'cpus', expected: array");
    bad_json(ms, "{'type': 'node', 'cpus': ['x']}", "Parameter 'cpus[0]' "
             "expects uint64");
    bad_json(ms, "{'type': 'node', 'cpus': [0, 70000]}", "Parameter "
             "'cpus[1]' expects uint16_t");
    bad_json(ms, "{'type': 'node', 'mem': '1G'}", "Parameter 'mem' expects "
             "uint64");
    bad_json(ms, "{'type': 'node', 'memdev': 5}", "Invalid parameter type "
             "for 'memdev', expected: string");
    bad_json(ms, "{'type': 'cpu', 'node-id': 'x'}", "Invalid parameter type "
             "for 'node-id', expected: integer");
    bad_json(ms, "{'type': 'dist', 'src': 0, 'dst': 0, 'val': 300}",
             "Parameter 'val' expects uint8_t");

    /* A failure half way leaves no CPU assigned (qemu's would). */
    bad_json(ms, "{'type': 'node', 'cpus': [0, 1, 2]}", "CPU index (2) "
             "should be smaller than maxcpus (2)");
    g_assert_cmpint(numa_cpu_node(ms, 0), ==, NUMA_NODE_UNASSIGNED);
    g_assert_true(numa_json(ms, "{'type': 'node', 'cpus': [1], "
                            "'mem': 134217728}", &msg));
    g_assert_null(msg);
    g_assert_cmpint(ms->numa_state->num_nodes, ==, 1);
    g_assert_cmpint(numa_cpu_node(ms, 1), ==, 0);
    object_unref(OBJECT(ms));
}

/* Legacy mem= nodes: sizes only, the RAM stays the machine's. */
static void test_legacy_mem(void)
{
    MachineState *ms = new_machine(TYPE_NUMA_TEST_MACHINE, "4", 128 * MiB);
    g_autoptr(GString) warnings = g_string_new(NULL);
    g_autofree char *msg = NULL;

    error_report_capture(warnings);
    ok_kv(ms, "node,mem=64M,cpus.0=0-1");
    error_report_capture(NULL);
    g_assert_cmpstr(warnings->str, ==, "test-numa: warning: Parameter -numa "
                    "node,mem is deprecated, use -numa node,memdev "
                    "instead\n");
    bad_kv(ms, "node,nodeid=0,mem=64M", "Duplicate NUMA nodeid: 0");
    bad_kv(ms, "node,mem=64M,cpus.0=1", "CPU is already assigned to "
           "node-id: 0");
    /* The same CPU twice in one node is fine. */
    ok_kv(ms, "node,mem=32M,cpus.0=2,cpus.1=2-3");
    g_assert_cmpint(ms->numa_state->num_nodes, ==, 2);

    /* The sizes must add up to the RAM. */
    msg = complete(ms);
    g_assert_cmpstr(msg, ==, "total memory for NUMA nodes (0x6000000) "
                    "should equal RAM size (0x8000000)");
    g_clear_pointer(&msg, g_free);
    ms->ram_size = 96 * MiB;
    g_assert_null(complete(ms));
    g_assert_true(ms->numa_state->complete);
    g_assert_null(ms->ram);
    g_assert_cmpuint(ms->numa_state->node_mem_list[0], ==, 64 * MiB);
    g_assert_cmpuint(ms->numa_state->node_mem_list[1], ==, 32 * MiB);
    g_assert_cmpint(numa_cpu_node(ms, 0), ==, 0);
    g_assert_cmpint(numa_cpu_node(ms, 1), ==, 0);
    g_assert_cmpint(numa_cpu_node(ms, 2), ==, 1);
    g_assert_cmpint(numa_cpu_node(ms, 3), ==, 1);
    g_assert_cmpint(numa_cpu_node(ms, 4), ==, NUMA_NODE_UNASSIGNED);
    object_unref(OBJECT(ms));
}

/* memdev= nodes make the RAM; mem= and memdev= do not mix. */
static void test_memdev_ram(void)
{
    HostMemoryBackend *m0 = make_backend("m0", 64 * KiB);
    HostMemoryBackend *m1 = make_backend("m1", 32 * KiB);
    MachineState *ms = new_machine(TYPE_NUMA_TEST_MACHINE, NULL, 96 * KiB);
    MemoryRegion *ram;

    bad_kv(ms, "node,memdev=m0,mem=1M", "numa configuration should use "
           "either mem= or memdev=,mixing both is not allowed");
    ok_kv(ms, "node,memdev=m0");
    bad_kv(ms, "node,mem=1M", "numa configuration should use either mem= "
           "or memdev=,mixing both is not allowed");
    ok_kv(ms, "node,memdev=/objects/m1");
    /* A node with nothing is allowed beside memdev= ones. */
    ok_kv(ms, "node");

    g_assert_null(complete(ms));
    ram = ms->ram;
    g_assert_nonnull(ram);
    g_assert_cmpstr(ram->name, ==, "test.ram");
    g_assert_cmpuint(memory_region_size(ram), ==, 96 * KiB);
    g_assert_true(host_memory_backend_get_memory(m0)->container == ram);
    g_assert_cmpuint(host_memory_backend_get_memory(m0)->addr, ==, 0);
    g_assert_true(host_memory_backend_get_memory(m1)->container == ram);
    g_assert_cmpuint(host_memory_backend_get_memory(m1)->addr, ==,
                     64 * KiB);
    g_assert_true(host_memory_backend_is_mapped(m0));
    g_assert_true(host_memory_backend_is_mapped(m1));
    g_assert_cmpuint(ms->numa_state->node_mem_list[2], ==, 0);
    /* machine_run_board_init keeps it. */
    g_assert_true(machine_run_board_init(ms, &error_abort));
    g_assert_true(ms->ram == ram);
    g_assert_null(ms->memdev);

    /* Going away releases the backends. */
    object_unref(OBJECT(ms));
    g_assert_false(host_memory_backend_is_mapped(m0));
    g_assert_false(host_memory_backend_is_mapped(m1));
    g_assert_true(user_creatable_del("m0", &error_abort));
    g_assert_true(user_creatable_del("m1", &error_abort));
}

static void test_memdev_errors(void)
{
    HostMemoryBackend *m0 = make_backend("m0", 64 * KiB);
    MachineState *ms = new_machine(TYPE_NUMA_TEST_MACHINE, NULL, 128 * KiB);
    g_autofree char *msg = NULL;

    /* The same backend twice. */
    ok_kv(ms, "node,memdev=m0");
    ok_kv(ms, "node,memdev=m0");
    msg = complete(ms);
    g_assert_cmpstr(msg, ==, "memory backend m0 can't be used multiple "
                    "times.");
    g_clear_pointer(&msg, g_free);
    g_assert_null(ms->ram);
    g_assert_false(host_memory_backend_is_mapped(m0));
    object_unref(OBJECT(ms));

    /* Taken by someone else. */
    ms = new_machine(TYPE_NUMA_TEST_MACHINE, NULL, 64 * KiB);
    ok_kv(ms, "node,memdev=m0");
    host_memory_backend_set_mapped(m0, true);
    msg = complete(ms);
    g_assert_cmpstr(msg, ==, "memory backend m0 can't be used multiple "
                    "times.");
    g_clear_pointer(&msg, g_free);
    host_memory_backend_set_mapped(m0, false);

    /* Not with -M memory-backend=. */
    ms->ram_memdev_id = g_strdup("m0");
    msg = complete(ms);
    g_assert_cmpstr(msg, ==, "'-machine memory-backend' and '-numa memdev' "
                    "properties are mutually exclusive");
    g_clear_pointer(&msg, g_free);
    object_unref(OBJECT(ms));

    /* Node ids without gaps. */
    ms = new_machine(TYPE_NUMA_TEST_MACHINE, NULL, 64 * KiB);
    ok_kv(ms, "node,memdev=m0,nodeid=1");
    msg = complete(ms);
    g_assert_cmpstr(msg, ==, "numa: Node ID missing: 0");
    object_unref(OBJECT(ms));
    g_assert_true(user_creatable_del("m0", &error_abort));
}

static void test_distances(void)
{
    MachineState *ms = new_machine(TYPE_NUMA_TEST_MACHINE, NULL, 3 * MiB);
    g_autofree char *msg = NULL;
    NodeInfo *n;

    ok_kv(ms, "node,mem=1M");
    ok_kv(ms, "node,mem=1M");
    ok_kv(ms, "node,mem=1M");
    bad_kv(ms, "dist,src=0,dst=1,val=5", "NUMA distance (5) is invalid, it "
           "shouldn't be less than 10.");
    bad_kv(ms, "dist,src=0,dst=0,val=20", "Local distance of node 0 should "
           "be 10.");
    ok_kv(ms, "dist,src=0,dst=0,val=10");
    ok_kv(ms, "dist,src=0,dst=1,val=20");
    ok_kv(ms, "dist,src=2,dst=0,val=0x1e");
    msg = complete(ms);
    g_assert_cmpstr(msg, ==, "The distance between node 1 and 2 is missing, "
                    "at least one distance value between each nodes should "
                    "be provided.");
    g_clear_pointer(&msg, g_free);
    ok_kv(ms, "dist,src=1,dst=2,val=255");
    g_assert_null(complete(ms));
    n = ms->numa_state->nodes;
    g_assert_cmpuint(n[0].distance[0], ==, 10);
    g_assert_cmpuint(n[1].distance[1], ==, 10);
    g_assert_cmpuint(n[0].distance[1], ==, 20);
    g_assert_cmpuint(n[1].distance[0], ==, 20);
    g_assert_cmpuint(n[2].distance[0], ==, 30);
    g_assert_cmpuint(n[0].distance[2], ==, 30);
    g_assert_cmpuint(n[1].distance[2], ==, 255);
    g_assert_cmpuint(n[2].distance[1], ==, 255);
    object_unref(OBJECT(ms));
}

/* Without explicit CPUs: by socket (or the machine's hook). */
static void test_default_cpus(void)
{
    MachineState *ms = new_machine(TYPE_NUMA_TEST_MACHINE,
                                   "8,sockets=4,cores=2", 2 * MiB);
    unsigned i;

    ok_kv(ms, "node,mem=1M");
    ok_kv(ms, "node,mem=1M");
    g_assert_null(complete(ms));
    for (i = 0; i < 8; i++) {
        /* Sockets 0..3 of two CPUs each, alternately on nodes 0 and 1. */
        g_assert_cmpint(numa_cpu_node(ms, i), ==, i / 2 % 2);
        g_assert_cmpuint(ms->numa_state->cpu_node_list[i], ==, i / 2 % 2);
    }
    object_unref(OBJECT(ms));

    ms = new_machine(TYPE_NUMA_HOOK_MACHINE, "4", 0);
    ok_kv(ms, "node");
    ok_kv(ms, "node");
    ok_kv(ms, "node");
    g_assert_null(complete(ms));
    for (i = 0; i < 4; i++) {
        g_assert_cmpint(numa_cpu_node(ms, i), ==, 2);
    }
    object_unref(OBJECT(ms));
}

/* -numa cpu, and the CPUs left over when some were placed. */
static void test_cpu_option(void)
{
    MachineState *ms = new_machine(TYPE_NUMA_TEST_MACHINE,
                                   "8,sockets=2,dies=2,cores=2", 2 * MiB);
    g_autoptr(GString) warnings = g_string_new(NULL);

    ok_kv(ms, "node,mem=1M");
    ok_kv(ms, "node,mem=1M");
    bad_kv(ms, "cpu,node-id=1,cluster-id=0", "cluster-id is not supported");
    bad_kv(ms, "cpu,node-id=1,socket-id=2", "no match found");
    bad_kv(ms, "cpu,node-id=1,socket-id=-1", "no match found");
    bad_kv(ms, "cpu,node-id=-1,socket-id=0", "Invalid node-id=-1, NUMA node "
           "must be defined with -numa node,nodeid=ID before it's used with "
           "-numa cpu,node-id=ID");
    /* Socket 1, die 0: CPUs 4 and 5. */
    ok_kv(ms, "cpu,node-id=1,socket-id=1,die-id=0");
    ok_kv(ms, "cpu,node-id=1,socket-id=1,die-id=0");
    bad_kv(ms, "cpu,node-id=0,socket-id=1", "CPU is already assigned to "
           "node-id: 1");
    /* Core 1 of every die of socket 0: CPUs 1 and 3. */
    ok_kv(ms, "cpu,node-id=1,socket-id=0,core-id=1,thread-id=0");

    error_report_capture(warnings);
    g_assert_null(complete(ms));
    error_report_capture(NULL);
    g_assert_cmpstr(warnings->str, ==,
        "test-numa: warning: CPU(s) not present in any NUMA nodes: "
        "CPU 0 [socket-id: 0, die-id: 0, core-id: 0, thread-id: 0], "
        "CPU 2 [socket-id: 0, die-id: 1, core-id: 0, thread-id: 0], "
        "CPU 6 [socket-id: 1, die-id: 1, core-id: 0, thread-id: 0], "
        "CPU 7 [socket-id: 1, die-id: 1, core-id: 1, thread-id: 0]\n"
        "test-numa: warning: All CPU(s) up to maxcpus should be described "
        "in NUMA "
        "config, ability to start up with partial NUMA mappings is "
        "obsoleted and will be removed in future\n");
    g_assert_cmpint(numa_cpu_node(ms, 0), ==, 0);
    g_assert_cmpint(numa_cpu_node(ms, 1), ==, 1);
    g_assert_cmpint(numa_cpu_node(ms, 3), ==, 1);
    g_assert_cmpint(numa_cpu_node(ms, 4), ==, 1);
    g_assert_cmpint(numa_cpu_node(ms, 5), ==, 1);
    g_assert_cmpint(numa_cpu_node(ms, 7), ==, 0);
    object_unref(OBJECT(ms));

    /* With one die, die-id is not a CPU property. */
    ms = new_machine(TYPE_NUMA_TEST_MACHINE, "2", MiB);
    ok_kv(ms, "node,mem=1M");
    bad_kv(ms, "cpu,node-id=0,die-id=0", "die-id is not supported");
    object_unref(OBJECT(ms));
}

/* ---------------------------------------------------------------------- */
/* -boot */

static void set_boot(MachineState *ms, const char *json, char **msg)
{
    g_autoptr(QObject) v = qobject_from_json(json, &error_abort);
    Error *err = NULL;

    object_property_set_qobject(OBJECT(ms), "boot", v, &err);
    *msg = err ? g_strdup(error_get_pretty(err)) : NULL;
    if (err) {
        error_free(err);
    }
}

static void assert_boot(MachineState *ms, const char *expected)
{
    g_autoptr(QObject) v = object_property_get(OBJECT(ms), "boot",
                                               &error_abort);
    g_autoptr(QObject) want = qobject_from_json(expected, &error_abort);

    if (!qobject_is_equal(v, want)) {
        g_autoptr(GString) got = qobject_to_json(v);

        g_error("boot is %s, not %s", got->str, expected);
    }
}

static void test_boot_property(void)
{
    MachineState *ms = new_machine(TYPE_NUMA_TEST_MACHINE, NULL, 0);
    MachineState *none = new_machine(TYPE_NO_NUMA_MACHINE, NULL, 0);
    g_autofree char *msg = NULL;

    assert_boot(ms, "{\"order\": \"cad\"}");
    assert_boot(none, "{\"order\": \"\"}");
    g_assert_cmpstr(object_property_get_type(OBJECT(ms), "boot", NULL), ==,
                    "BootConfiguration");

    set_boot(ms, "{'menu': true, 'splash-time': 5, 'once': 'n', "
             "'reboot-timeout': -1, 'strict': false, 'splash': 'a.bmp'}",
             &msg);
    g_assert_null(msg);
    /* The order falls back to the default. */
    assert_boot(ms, "{\"order\": \"cad\", \"menu\": true, \"splash-time\": "
                "5, \"once\": \"n\", \"reboot-timeout\": -1, \"strict\": "
                "false, \"splash\": \"a.bmp\"}");
    g_assert_true(ms->boot_config.has_menu && ms->boot_config.menu);

    /* Setting replaces everything. */
    set_boot(ms, "{'order': 'dc'}", &msg);
    g_assert_null(msg);
    assert_boot(ms, "{\"order\": \"dc\"}");
    g_assert_false(ms->boot_config.has_menu);

    /* Refused values leave it as it was. */
    set_boot(ms, "{'order': 'cdx'}", &msg);
    g_assert_cmpstr(msg, ==, "Invalid boot device 'x'");
    g_clear_pointer(&msg, g_free);
    set_boot(ms, "{'once': 'cdc'}", &msg);
    g_assert_cmpstr(msg, ==, "Boot device 'c' was given twice");
    g_clear_pointer(&msg, g_free);
    set_boot(ms, "{'foo': 1}", &msg);
    g_assert_cmpstr(msg, ==, "Parameter 'boot.foo' is unexpected");
    g_clear_pointer(&msg, g_free);
    set_boot(ms, "'d'", &msg);
    g_assert_cmpstr(msg, ==, "Invalid parameter type for 'boot', expected: "
                    "object");
    g_clear_pointer(&msg, g_free);
    assert_boot(ms, "{\"order\": \"dc\"}");

    /* Every letter a-p once is fine. */
    g_assert_true(validate_bootdevices("abcdefghijklmnop", NULL));
    g_assert_true(validate_bootdevices("", NULL));
    g_assert_false(validate_bootdevices("q", NULL));
    g_assert_false(validate_bootdevices("C", NULL));
    object_unref(OBJECT(ms));
    object_unref(OBJECT(none));
}

static char *last_boot_set;

static void record_boot_set(void *opaque, const char *order, Error **errp)
{
    if (strlen(order) > 3) {
        error_setg(errp, "Too many boot devices for %s",
                   (const char *)opaque);
        return;
    }
    g_free(last_boot_set);
    last_boot_set = g_strdup(order);
}

static void test_boot_once(void)
{
    MachineState *ms = new_machine(TYPE_NUMA_TEST_MACHINE, NULL, 0);
    g_autofree char *msg = NULL;
    Error *err = NULL;

    /* Without once= nothing happens, handler or not. */
    g_assert_true(machine_boot_apply_once(ms, &error_abort));
    set_boot(ms, "{'once': 'd', 'order': 'n'}", &msg);
    g_assert_null(msg);
    g_assert_false(machine_boot_apply_once(ms, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "no function defined to set "
                    "boot device list for this architecture");
    g_clear_pointer(&err, error_free);

    qemu_register_boot_set(record_boot_set, (void *)"TEST");
    g_assert_true(machine_boot_apply_once(ms, &error_abort));
    g_assert_cmpstr(last_boot_set, ==, "d");
    /* The next reset brings order= back, once. */
    qemu_system_reset_request(SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET);
    g_assert_false(main_loop_should_exit());
    g_assert_cmpstr(last_boot_set, ==, "n");
    g_free(last_boot_set);
    last_boot_set = g_strdup("x");
    qemu_system_reset_request(SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET);
    g_assert_false(main_loop_should_exit());
    g_assert_cmpstr(last_boot_set, ==, "x");

    /* The board refuses what it cannot do. */
    set_boot(ms, "{'once': 'abcd'}", &msg);
    g_assert_null(msg);
    g_assert_false(machine_boot_apply_once(ms, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Too many boot devices for "
                    "TEST");
    g_clear_pointer(&err, error_free);
    qemu_unregister_boot_set();
    g_assert_false(qemu_boot_set("c", NULL));
    g_clear_pointer(&last_boot_set, g_free);
    object_unref(OBJECT(ms));
}

/* What hw/i386/fw_cfg.c takes from the machine. */
static void test_x86_fw_cfg_config(void)
{
    MachineState *ms = new_machine(TYPE_NUMA_TEST_MACHINE, "4,sockets=2",
                                   3 * MiB);
    g_autofree char *msg = NULL;
    X86FwCfgConfig cfg;

    /* Nothing given: the defaults. */
    x86_fw_cfg_config_init(&cfg);
    x86_fw_cfg_config_from_machine(&cfg, ms);
    g_assert_false(cfg.boot_menu);
    g_assert_cmpint(cfg.splash_time, ==, -1);
    g_assert_cmpint(cfg.reboot_timeout, ==, -1);
    g_assert_null(cfg.bootorder);
    g_assert_cmpuint(cfg.numa_nodes, ==, 0);

    set_boot(ms, "{'menu': true, 'splash-time': 2500, 'reboot-timeout': 7}",
             &msg);
    g_assert_null(msg);
    ok_kv(ms, "node,mem=1M");
    ok_kv(ms, "node,mem=2M");
    g_assert_null(complete(ms));
    x86_fw_cfg_config_init(&cfg);
    x86_fw_cfg_config_from_machine(&cfg, ms);
    g_assert_true(cfg.boot_menu);
    g_assert_cmpint(cfg.splash_time, ==, 2500);
    g_assert_cmpint(cfg.reboot_timeout, ==, 7);
    g_assert_cmpuint(cfg.numa_nodes, ==, 2);
    g_assert_cmpuint(cfg.numa_mem[0], ==, MiB);
    g_assert_cmpuint(cfg.numa_mem[1], ==, 2 * MiB);
    /* Two sockets of two cores: nodes 0, 0, 1, 1. */
    g_assert_cmpuint(cfg.numa_cpu_node[1], ==, 0);
    g_assert_cmpuint(cfg.numa_cpu_node[2], ==, 1);

    /* splash-time=-1 stays out of range (-1 means "not given" there). */
    set_boot(ms, "{'menu': false, 'splash-time': -1}", &msg);
    g_assert_null(msg);
    x86_fw_cfg_config_init(&cfg);
    x86_fw_cfg_config_from_machine(&cfg, ms);
    g_assert_false(cfg.boot_menu);
    g_assert_cmpint(cfg.splash_time, <, -1);
    object_unref(OBJECT(ms));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    error_set_progname("test-numa");
    module_call_init(MODULE_INIT_QOM);
    type_register_static_array(test_machines, ARRAY_SIZE(test_machines));

    g_test_add_func("/numa/option-errors", test_option_errors);
    g_test_add_func("/numa/qmp-errors", test_qmp_errors);
    g_test_add_func("/numa/legacy-mem", test_legacy_mem);
    g_test_add_func("/numa/memdev-ram", test_memdev_ram);
    g_test_add_func("/numa/memdev-errors", test_memdev_errors);
    g_test_add_func("/numa/distances", test_distances);
    g_test_add_func("/numa/default-cpus", test_default_cpus);
    g_test_add_func("/numa/cpu-option", test_cpu_option);
    g_test_add_func("/boot/property", test_boot_property);
    g_test_add_func("/boot/once", test_boot_once);
    g_test_add_func("/boot/x86-fw-cfg-config", test_x86_fw_cfg_config);
    return g_test_run();
}
