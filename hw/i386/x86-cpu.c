/*
 * x86 CPU models and topology (see include/hw/i386/x86-cpu.h).
 */
#include "util/osdep.h"
#include "util/module.h"
#include "qom/object-property.h"
#include "hw/core/machine.h"
#include "hw/core/qdev-properties.h"
#include "hw/i386/x86-cpu.h"
#include "accel/accel.h"

/*
 * The identity each model reports through CPUID.  Family/model/stepping
 * are the display values of leaf 1 (extended fields folded in).
 */
static const X86CPUModel x86_cpu_models[] = {
    { "base", "", 0, 0, 0, "",
      .desc = "base CPU model type with no features enabled" },
    { "qemu64", "AuthenticAMD", 15, 107, 1, "QEMU Virtual CPU version 2.5+" },
    { "qemu32", "GenuineIntel", 6, 6, 3, "QEMU Virtual CPU version 2.5+" },
    { "kvm64", "GenuineIntel", 15, 6, 1, "Common KVM processor" },
    { "kvm32", "GenuineIntel", 15, 6, 1, "Common 32-bit KVM processor" },
    { "Nehalem", "GenuineIntel", 6, 26, 3,
      "Intel Core i7 9xx (Nehalem Class Core i7)" },
    { "Westmere", "GenuineIntel", 6, 44, 1,
      "Westmere E56xx/L56xx/X56xx (Nehalem-C)" },
    { "SandyBridge", "GenuineIntel", 6, 42, 1,
      "Intel Xeon E312xx (Sandy Bridge)" },
    { "Haswell", "GenuineIntel", 6, 60, 4, "Intel Core Processor (Haswell)" },
    { "Skylake-Client", "GenuineIntel", 6, 94, 3,
      "Intel Core Processor (Skylake)" },
    { "Skylake-Server", "GenuineIntel", 6, 85, 4,
      "Intel Xeon Processor (Skylake)" },
    { "Cascadelake-Server", "GenuineIntel", 6, 85, 6,
      "Intel Xeon Processor (Cascadelake)" },
    { "Icelake-Server", "GenuineIntel", 6, 134, 0,
      "Intel Xeon Processor (Icelake)" },
    { "EPYC", "AuthenticAMD", 23, 1, 2, "AMD EPYC Processor" },
    { "EPYC-Rome", "AuthenticAMD", 23, 49, 0, "AMD EPYC-Rome Processor" },
    /* "max" and "host" take the host's identity under KVM. */
    { "max", "GenuineIntel", 6, 6, 3, "Corvid Virtual CPU (max)",
      .desc = "Enables all features supported by the accelerator in the "
              "current host" },
    { "host", "", 0, 0, 0, "", .requires_kvm = true,
      .desc = "KVM processor with all supported host features" },
};

/* Topology */

unsigned x86_topo_bitwidth(unsigned count)
{
    return count <= 1 ? 0 : 32 - __builtin_clz(count - 1);
}

void x86_topo_ids_from_idx(const X86CPUTopoInfo *info, unsigned cpu_index,
                           X86CPUTopoIDs *ids)
{
    unsigned threads = info->threads_per_core;
    unsigned cores = info->cores_per_die;
    unsigned dies = info->dies_per_pkg;

    ids->thread_id = cpu_index % threads;
    ids->core_id = cpu_index / threads % cores;
    ids->die_id = cpu_index / (threads * cores) % dies;
    ids->socket_id = cpu_index / (threads * cores * dies);
}

uint32_t x86_apicid_from_topo_ids(const X86CPUTopoInfo *info,
                                  const X86CPUTopoIDs *ids)
{
    unsigned thread_bits = x86_topo_bitwidth(info->threads_per_core);
    unsigned core_bits = x86_topo_bitwidth(info->cores_per_die);
    unsigned die_bits = x86_topo_bitwidth(info->dies_per_pkg);

    return (ids->socket_id << (die_bits + core_bits + thread_bits)) |
           (ids->die_id << (core_bits + thread_bits)) |
           (ids->core_id << thread_bits) |
           ids->thread_id;
}

static void machine_topo_info(X86CPUTopoInfo *info)
{
    MachineState *ms = qdev_get_machine();

    info->dies_per_pkg = ms ? ms->smp.dies : 1;
    info->cores_per_die = ms ? ms->smp.cores : 1;
    info->threads_per_core = ms ? ms->smp.threads : 1;
}

/* Check a board- or user-given topology ID against its level's size. */
static bool check_topo_id(const char *name, int32_t id, unsigned count,
                          Error **errp)
{
    if (id < 0 || (unsigned)id >= count) {
        error_setg(errp, "Invalid CPU %s: %d must be in range 0:%u", name,
                   id, count - 1);
        return false;
    }
    return true;
}

static DeviceRealize *x86_cpu_parent_realize;

static void x86_cpu_realize(DeviceState *dev, Error **errp)
{
    X86CPU *cpu = X86_CPU(dev);
    X86CPUClass *xcc = X86_CPU_GET_CLASS(dev);
    MachineState *ms = qdev_get_machine();
    unsigned sockets = ms ? ms->smp.sockets : 1;
    X86CPUTopoInfo info;
    X86CPUTopoIDs ids;
    uint32_t apic_id;
    const char *accel = current_accel_name();
    Error *local_err = NULL;

    if (xcc->model && xcc->model->requires_kvm &&
        g_strcmp0(accel, "kvm") != 0) {
        error_setg(errp, "CPU model '%s' requires KVM", xcc->model->name);
        return;
    }
    x86_cpu_parent_realize(dev, &local_err);
    if (local_err) {
        error_propagate(errp, local_err);
        return;
    }

    machine_topo_info(&info);
    x86_topo_ids_from_idx(&info, CPU(cpu)->cpu_index, &ids);
    /* IDs the board set win over the ones derived from the index. */
    if (cpu->socket_id >= 0) {
        ids.socket_id = cpu->socket_id;
    }
    if (cpu->die_id >= 0) {
        ids.die_id = cpu->die_id;
    }
    if (cpu->core_id >= 0) {
        ids.core_id = cpu->core_id;
    }
    if (cpu->thread_id >= 0) {
        ids.thread_id = cpu->thread_id;
    }
    if (!check_topo_id("socket-id", ids.socket_id, sockets, errp) ||
        !check_topo_id("die-id", ids.die_id, info.dies_per_pkg, errp) ||
        !check_topo_id("core-id", ids.core_id, info.cores_per_die, errp) ||
        !check_topo_id("thread-id", ids.thread_id, info.threads_per_core,
                       errp)) {
        goto fail;
    }
    apic_id = x86_apicid_from_topo_ids(&info, &ids);
    if (cpu->apic_id != UNASSIGNED_APIC_ID && cpu->apic_id != apic_id) {
        error_setg(errp, "apic-id %u does not match the topology IDs "
                   "(expected %u)", cpu->apic_id, apic_id);
        goto fail;
    }
    cpu->apic_id = apic_id;
    cpu->socket_id = ids.socket_id;
    cpu->die_id = ids.die_id;
    cpu->core_id = ids.core_id;
    cpu->thread_id = ids.thread_id;
    return;

fail:
    /* Undo the parent's realize: x86 adds nothing to unrealize. */
    DEVICE_GET_CLASS(dev)->unrealize(dev);
}

static QDict *x86_cpu_topology_props(CPUState *cs)
{
    X86CPU *cpu = X86_CPU(cs);
    MachineState *ms = qdev_get_machine();
    QDict *props = qdict_new();

    qdict_put_int(props, "socket-id", cpu->socket_id);
    if (ms && ms->smp.dies > 1) {
        qdict_put_int(props, "die-id", cpu->die_id);
    }
    qdict_put_int(props, "core-id", cpu->core_id);
    qdict_put_int(props, "thread-id", cpu->thread_id);
    if (cpu->node_id >= 0) {
        qdict_put_int(props, "node-id", cpu->node_id);
    }
    return props;
}

/* Identity properties (CPUID leaf 1 limits: family 8+4 bits, model 4+4,
 * stepping 4). */

static QObject *x86_get_id_field(Object *obj, ObjectProperty *prop,
                                 Error **errp)
{
    uint32_t *field = (uint32_t *)((char *)obj +
                                   (ptrdiff_t)(uintptr_t)prop->opaque);

    return QOBJECT(qnum_from_uint(*field));
}

static void x86_set_id_field(Object *obj, ObjectProperty *prop,
                             const QInput *in, Error **errp)
{
    ptrdiff_t offset = (ptrdiff_t)(uintptr_t)prop->opaque;
    uint32_t *field = (uint32_t *)((char *)obj + offset);
    uint64_t max = offset == offsetof(X86CPU, family) ? 0xff + 0xf :
                   offset == offsetof(X86CPU, model) ? 0xff : 0xf;
    uint64_t v;

    if (!qinput_get_uint(in, prop->name, UINT32_MAX, "uint32_t", &v, errp)) {
        return;
    }
    if (v > max) {
        error_setg(errp, "Property %s.%s doesn't take value %" PRIu64
                   " (minimum: 0, maximum: %" PRIu64 ")",
                   object_get_typename(obj), prop->name, v, max);
        return;
    }
    *field = v;
}

static char *x86_get_vendor(Object *obj, Error **errp)
{
    return g_strdup(X86_CPU(obj)->vendor);
}

static void x86_set_vendor(Object *obj, const char *value, Error **errp)
{
    if (strlen(value) != 12) {
        error_setg(errp, "Property '%s.vendor' doesn't take value '%s'",
                   object_get_typename(obj), value);
        return;
    }
    g_strlcpy(X86_CPU(obj)->vendor, value, sizeof(X86_CPU(obj)->vendor));
}

static char *x86_get_model_id(Object *obj, Error **errp)
{
    return g_strdup(X86_CPU(obj)->model_id);
}

static void x86_set_model_id(Object *obj, const char *value, Error **errp)
{
    /* The brand string is 48 bytes of CPUID; longer ones are cut. */
    g_strlcpy(X86_CPU(obj)->model_id, value, sizeof(X86_CPU(obj)->model_id));
}

static void x86_cpu_instance_init(Object *obj)
{
    X86CPU *cpu = X86_CPU(obj);
    const X86CPUModel *m = X86_CPU_GET_CLASS(obj)->model;

    if (m) {
        g_strlcpy(cpu->vendor, m->vendor, sizeof(cpu->vendor));
        g_strlcpy(cpu->model_id, m->model_id, sizeof(cpu->model_id));
        cpu->family = m->family;
        cpu->model = m->model;
        cpu->stepping = m->stepping;
    }
}

static const Property x86_cpu_properties[] = {
    DEFINE_PROP_UINT32("apic-id", X86CPU, apic_id, UNASSIGNED_APIC_ID),
    DEFINE_PROP_INT32("socket-id", X86CPU, socket_id, -1),
    DEFINE_PROP_INT32("die-id", X86CPU, die_id, -1),
    DEFINE_PROP_INT32("core-id", X86CPU, core_id, -1),
    DEFINE_PROP_INT32("thread-id", X86CPU, thread_id, -1),
    DEFINE_PROP_INT32("node-id", X86CPU, node_id, -1),
    DEFINE_PROP_BOOL("start-powered-off", X86CPU, start_powered_off, false),
};

static void x86_cpu_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    CPUClass *cc = CPU_CLASS(oc);
    static const char *const id_fields[] = { "family", "model", "stepping" };
    static const size_t id_offsets[] = {
        offsetof(X86CPU, family), offsetof(X86CPU, model),
        offsetof(X86CPU, stepping),
    };
    unsigned i;

    device_class_set_parent_realize(dc, x86_cpu_realize,
                                    &x86_cpu_parent_realize);
    device_class_set_props(dc, x86_cpu_properties);
    cc->arch_name = "x86";
    cc->target_name = "x86_64";
    cc->get_topology_props = x86_cpu_topology_props;

    for (i = 0; i < ARRAY_SIZE(id_fields); i++) {
        object_class_property_add(oc, id_fields[i], "int", x86_get_id_field,
                                  x86_set_id_field, NULL,
                                  (void *)(uintptr_t)id_offsets[i]);
    }
    object_class_property_add_str(oc, "vendor", x86_get_vendor,
                                  x86_set_vendor);
    object_class_property_add_str(oc, "model-id", x86_get_model_id,
                                  x86_set_model_id);
}

static void x86_cpu_model_class_init(ObjectClass *oc, void *data)
{
    const X86CPUModel *m = data;
    CPUClass *cc = CPU_CLASS(oc);

    X86_CPU_CLASS(oc)->model = m;
    cc->model_name = m->name;
    cc->model_desc = m->desc ? m->desc : m->model_id;
}

static const TypeInfo x86_cpu_type_info = {
    .name = TYPE_X86_CPU,
    .parent = TYPE_CPU,
    .instance_size = sizeof(X86CPU),
    .instance_init = x86_cpu_instance_init,
    .abstract = true,
    .class_size = sizeof(X86CPUClass),
    .class_init = x86_cpu_class_init,
};

static void x86_cpu_register_types(void)
{
    unsigned i;

    type_register_static(&x86_cpu_type_info);
    for (i = 0; i < ARRAY_SIZE(x86_cpu_models); i++) {
        TypeInfo ti = {
            .name = g_strdup_printf("%s" X86_CPU_TYPE_SUFFIX,
                                    x86_cpu_models[i].name),
            .parent = TYPE_X86_CPU,
            .class_init = x86_cpu_model_class_init,
            .class_data = (void *)&x86_cpu_models[i],
        };
        type_register_static(&ti);
        g_free((char *)ti.name);
    }
}

type_init(x86_cpu_register_types)
