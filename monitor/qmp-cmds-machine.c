/*
 * QMP queries about the machine: query-machines, query-cpus-fast,
 * query-cpu-definitions, and the balloon commands.
 */
#include "util/osdep.h"
#include "hw/core/cpu.h"
#include "hw/core/machine.h"
#include "accel/accel.h"
#include "monitor/qmp.h"

static void add_machine_info(ObjectClass *oc, void *opaque)
{
    MachineClass *mc = MACHINE_CLASS(oc);
    QDict *info = qdict_new();

    qdict_put_str(info, "name", mc->name);
    if (mc->alias) {
        qdict_put_str(info, "alias", mc->alias);
    }
    if (mc->is_default) {
        qdict_put_bool(info, "is-default", true);
    }
    qdict_put_int(info, "cpu-max", mc->max_cpus);
    qdict_put_bool(info, "hotpluggable-cpus", false);
    qdict_put_bool(info, "numa-mem-supported", mc->numa_mem_supported);
    qdict_put_bool(info, "deprecated", false);
    if (mc->default_cpu_type) {
        qdict_put_str(info, "default-cpu-type", mc->default_cpu_type);
    }
    if (mc->default_ram_id) {
        qdict_put_str(info, "default-ram-id", mc->default_ram_id);
    }
    qlist_append(opaque, info);
}

static void qmp_query_machines(const QDict *args, QObject **ret,
                               Error **errp)
{
    QList *list = qlist_new();

    object_class_foreach(add_machine_info, TYPE_MACHINE, false, list);
    *ret = QOBJECT(list);
}

static void qmp_query_cpus_fast(const QDict *args, QObject **ret,
                                Error **errp)
{
    QList *list = qlist_new();
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        CPUClass *cc = CPU_GET_CLASS(cpu);
        QDict *info = qdict_new();
        g_autofree char *path = object_get_canonical_path(OBJECT(cpu));

        qdict_put_int(info, "cpu-index", cpu->cpu_index);
        qdict_put_str(info, "qom-path", path ? path : "");
        /* No vCPU threads run under qtest; qemu reports the main thread
         * then too. */
        qdict_put_int(info, "thread-id", getpid());
        if (cc->get_topology_props) {
            qdict_put(info, "props", cc->get_topology_props(cpu));
        }
        qdict_put_str(info, "target", cc->target_name ? cc->target_name
                                                      : "x86_64");
        qlist_append(list, info);
    }
    *ret = QOBJECT(list);
}

static void add_cpu_definition(ObjectClass *oc, void *opaque)
{
    CPUClass *cc = CPU_CLASS(oc);
    QDict *info;
    QList *unavailable;
    bool requires_kvm;

    if (!cc->model_name) {
        return;
    }
    info = qdict_new();
    unavailable = qlist_new();
    /* "host" needs KVM: qemu lists "kvm" as what is missing without it. */
    requires_kvm = !strcmp(cc->model_name, "host");
    if (requires_kvm && g_strcmp0(current_accel_name(), "kvm") != 0) {
        qlist_append_str(unavailable, "kvm");
    }
    qdict_put_str(info, "name", cc->model_name);
    qdict_put_str(info, "typename", object_class_get_name(oc));
    qdict_put(info, "unavailable-features", unavailable);
    qdict_put_bool(info, "static", !strcmp(cc->model_name, "base"));
    qdict_put_bool(info, "migration-safe",
                   strcmp(cc->model_name, "host") &&
                   strcmp(cc->model_name, "max"));
    qdict_put_bool(info, "deprecated", false);
    qlist_append(opaque, info);
}

static void qmp_query_cpu_definitions(const QDict *args, QObject **ret,
                                      Error **errp)
{
    QList *list = qlist_new();

    object_class_foreach(add_cpu_definition, TYPE_CPU, false, list);
    *ret = QOBJECT(list);
}

/*
 * No board has a balloon device yet: the balloon commands answer as
 * qemu's do on such a machine.
 */
static void qmp_balloon_absent(const QDict *args, QObject **ret,
                               Error **errp)
{
    error_set(errp, ERROR_CLASS_DEVICE_NOT_ACTIVE,
              "No balloon device has been activated");
}

static const QmpArgSpec balloon_args[] = {
    { "value", QMP_ARG_INT },
    { NULL }
};

static void qmp_machine_register(void)
{
    qmp_register_command("query-machines", qmp_query_machines, NULL,
                         QMP_ALLOW_PRECONFIG);
    qmp_register_command("query-cpus-fast", qmp_query_cpus_fast, NULL, 0);
    qmp_register_command("query-cpu-definitions", qmp_query_cpu_definitions,
                         NULL, QMP_ALLOW_PRECONFIG);
    qmp_register_command("query-balloon", qmp_balloon_absent, NULL, 0);
    qmp_register_command("balloon", qmp_balloon_absent, balloon_args, 0);
}

qmp_init(qmp_machine_register)
