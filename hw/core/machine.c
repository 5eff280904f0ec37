/*
 * The abstract machine class: properties shared by every board, finding
 * machine types, board init and reset (see include/hw/core/machine.h).
 */
#include "util/osdep.h"
#include "util/module.h"
#include "util/error-report.h"
#include "qom/object-property.h"
#include "qom/object-interfaces.h"
#include "hw/core/machine.h"
#include "hw/core/sysbus.h"
#include "system/bootdevice.h"
#include "system/hostmem.h"
#include "system/numa.h"

MachineState *current_machine;

MachineState *qdev_get_machine(void)
{
    return current_machine;
}

Object *machine_get_hotplug_handler(DeviceState *dev)
{
    MachineState *ms = current_machine;
    MachineClass *mc;

    if (!ms) {
        return NULL;
    }
    mc = MACHINE_GET_CLASS(ms);
    return mc->get_hotplug_handler ? mc->get_hotplug_handler(ms, dev) : NULL;
}

static void find_default(ObjectClass *oc, void *opaque)
{
    MachineClass **found = opaque;

    if (MACHINE_CLASS(oc)->is_default && !*found) {
        *found = MACHINE_CLASS(oc);
    }
}

MachineClass *machine_find_default(void)
{
    MachineClass *found = NULL;

    object_class_foreach(find_default, TYPE_MACHINE, false, &found);
    return found;
}

typedef struct FindByName {
    const char *name;
    MachineClass *found;
} FindByName;

static void find_by_name(ObjectClass *oc, void *opaque)
{
    MachineClass *mc = MACHINE_CLASS(oc);
    FindByName *f = opaque;

    if (!f->found && (!strcmp(mc->name, f->name) ||
                      (mc->alias && !strcmp(mc->alias, f->name)))) {
        f->found = mc;
    }
}

MachineClass *machine_find_class(const char *name)
{
    FindByName f = { .name = name };

    object_class_foreach(find_by_name, TYPE_MACHINE, false, &f);
    return f.found;
}

/* The backend -M memory-backend=ID names: an id in /objects, or a path. */
static HostMemoryBackend *find_memdev(const char *id)
{
    Object *obj = strchr(id, '/')
        ? object_resolve_path_type(id, TYPE_MEMORY_BACKEND, NULL)
        : object_resolve_path_component(object_get_objects_root(), id);

    return obj && object_dynamic_cast(obj, TYPE_MEMORY_BACKEND)
           ? MEMORY_BACKEND(obj) : NULL;
}

/* -m without a backend: a memory-backend-ram at /objects/DEFAULT_RAM_ID,
 * as qemu makes it. */
static HostMemoryBackend *create_default_memdev(MachineState *ms,
                                                Error **errp)
{
    MachineClass *mc = MACHINE_GET_CLASS(ms);
    Object *objects = object_get_objects_root();
    Object *obj;

    if (object_resolve_path_component(objects, mc->default_ram_id)) {
        error_setg(errp, "object name '%s' is reserved for the default RAM "
                   "backend, it can't be used for any other purposes. "
                   "Change the object's 'id' to something else",
                   mc->default_ram_id);
        return NULL;
    }
    obj = object_new(TYPE_MEMORY_BACKEND_RAM);
    if (!object_property_set_uint(obj, "size", ms->ram_size, errp)) {
        object_unref(obj);
        return NULL;
    }
    object_property_add_child(objects, mc->default_ram_id, obj);
    object_unref(obj);
    if (!user_creatable_complete(USER_CREATABLE(obj), errp)) {
        object_unparent(obj);
        return NULL;
    }
    return MEMORY_BACKEND(obj);
}

/* Find or make the guest's RAM: ms->ram and ms->memdev. */
static bool machine_setup_ram(MachineState *ms, Error **errp)
{
    MachineClass *mc = MACHINE_GET_CLASS(ms);
    HostMemoryBackend *backend;

    if (ms->ram) {
        /* -numa node,memdev=: made of the node backends. */
        return true;
    }
    if (ms->ram_memdev_id && *ms->ram_memdev_id) {
        uint64_t size;

        backend = find_memdev(ms->ram_memdev_id);
        if (!backend || !host_memory_backend_mr_inited(backend)) {
            error_setg(errp, "Memory backend '%s' not found",
                       ms->ram_memdev_id);
            return false;
        }
        size = memory_region_size(host_memory_backend_get_memory(backend));
        if (ms->ram_size_set && size != ms->ram_size) {
            error_setg(errp, "Machine memory size does not match the size "
                       "of the memory backend");
            return false;
        }
        if (host_memory_backend_is_mapped(backend)) {
            g_autofree char *name = host_memory_backend_get_name(backend);

            error_setg(errp, "memory backend %s can't be used multiple "
                       "times.", name);
            return false;
        }
        /* Without -m the backend says how much RAM there is. */
        ms->ram_size = size;
        ms->maxram_size = MAX(ms->maxram_size, size);
    } else if (ms->ram_size && mc->default_ram_id) {
        backend = create_default_memdev(ms, errp);
        if (!backend) {
            return false;
        }
    } else {
        return true;
    }
    host_memory_backend_set_mapped(backend, true);
    ms->memdev = backend;
    ms->ram = host_memory_backend_get_memory(backend);
    return true;
}

bool machine_run_board_init(MachineState *ms, Error **errp)
{
    MachineClass *mc = MACHINE_GET_CLASS(ms);
    Error *local_err = NULL;

    if (ms->cpu_type && mc->max_cpus == 0) {
        error_setg(errp, "machine '%s' does not support CPUs", mc->name);
        return false;
    }
    /* The address spaces exist from here on, under /machine/unattached. */
    get_system_memory();
    if (!numa_complete_configuration(ms, errp) ||
        !machine_setup_ram(ms, errp)) {
        return false;
    }
    if (mc->init) {
        mc->init(ms, &local_err);
    }
    if (local_err) {
        error_propagate(errp, local_err);
        return false;
    }
    return true;
}

void machine_reset(MachineState *ms)
{
    MachineClass *mc = MACHINE_GET_CLASS(ms);

    if (mc->reset) {
        mc->reset(ms);
    } else {
        bus_cold_reset(sysbus_get_default());
    }
}

/* String properties: one getter/setter pair per MachineState field. */
#define MACHINE_STR_PROP(fn, field) \
    static char *machine_get_##fn(Object *obj, Error **errp) \
    { \
        return g_strdup(MACHINE(obj)->field); \
    } \
    static void machine_set_##fn(Object *obj, const char *v, Error **errp) \
    { \
        g_free(MACHINE(obj)->field); \
        MACHINE(obj)->field = g_strdup(v); \
    }

MACHINE_STR_PROP(kernel, kernel_filename)
MACHINE_STR_PROP(initrd, initrd_filename)
MACHINE_STR_PROP(append, kernel_cmdline)
MACHINE_STR_PROP(firmware, firmware)
MACHINE_STR_PROP(dtb, dtb)

/*
 * "memory-backend": a link<memory-backend> as in qemu.  -M takes it
 * before -object creates the backend, so the setter keeps the id (or
 * path) and the link is resolved when the board is built.
 */
static QObject *machine_get_memdev(Object *obj, ObjectProperty *prop,
                                   Error **errp)
{
    MachineState *ms = MACHINE(obj);
    g_autofree char *path = ms->memdev
        ? object_get_canonical_path(OBJECT(ms->memdev)) : NULL;

    return QOBJECT(qstring_from_str(path ? path : ""));
}

static void machine_set_memdev(Object *obj, ObjectProperty *prop,
                               const QInput *in, Error **errp)
{
    MachineState *ms = MACHINE(obj);
    const char *id = qinput_get_str(in, prop->name, errp);

    if (id) {
        g_free(ms->ram_memdev_id);
        ms->ram_memdev_id = g_strdup(id);
    }
}

static Object *machine_resolve_memdev(Object *obj, ObjectProperty *prop,
                                      const char *part)
{
    return OBJECT(MACHINE(obj)->memdev);
}

#define MACHINE_BOOL_PROP(field) \
    static bool machine_get_##field(Object *obj, Error **errp) \
    { \
        return MACHINE(obj)->field; \
    } \
    static void machine_set_##field(Object *obj, bool v, Error **errp) \
    { \
        MACHINE(obj)->field = v; \
    }

MACHINE_BOOL_PROP(dump_guest_core)
MACHINE_BOOL_PROP(mem_merge)
MACHINE_BOOL_PROP(usb)
MACHINE_BOOL_PROP(graphics)

/* "memory": {size, slots, max-size}, as -m sets it. */

static QObject *machine_get_memory(Object *obj, ObjectProperty *prop,
                                   Error **errp)
{
    MachineState *ms = MACHINE(obj);
    QDict *d = qdict_new();

    qdict_put_uint(d, "size", ms->ram_size);
    qdict_put_uint(d, "max-size", ms->maxram_size);
    qdict_put_uint(d, "slots", ms->ram_slots);
    return QOBJECT(d);
}

static void machine_set_memory(Object *obj, ObjectProperty *prop,
                               const QInput *in, Error **errp)
{
    MachineState *ms = MACHINE(obj);
    MachineClass *mc = MACHINE_GET_CLASS(ms);
    QDict *d = qinput_get_dict(in, prop->name, errp);
    uint64_t size = mc->default_ram_size, max_size, slots = 0;
    bool has_size = false, has_max = false, has_slots = false;
    const QDictEntry *e;

    if (!d) {
        return;
    }
    for (e = qdict_first(d); e; e = qdict_next(d, e)) {
        QInput m = qinput_member(in, qdict_entry_value(e));
        const char *key = qdict_entry_key(e);
        g_autofree char *name = g_strdup_printf("memory.%s", key);

        if (!strcmp(key, "size")) {
            if (!qinput_get_size(&m, name, &size, errp)) {
                return;
            }
            /* "-m 0" asks for the default, so it sets no size. */
            has_size = size != 0;
        } else if (!strcmp(key, "max-size")) {
            if (!qinput_get_size(&m, name, &max_size, errp)) {
                return;
            }
            has_max = true;
        } else if (!strcmp(key, "slots")) {
            if (!qinput_get_uint(&m, name, UINT64_MAX, NULL, &slots, errp)) {
                return;
            }
            has_slots = true;
        } else {
            error_setg(errp, "Parameter '%s' is unexpected", name);
            return;
        }
    }
    if (size == 0) {
        /* qemu's historical meaning of "-m 0": the default size. */
        size = mc->default_ram_size;
    }
    if (!has_max) {
        max_size = size;
    }
    if (has_slots && !has_max) {
        error_setg(errp, "slots specified but no max-size");
        return;
    }
    if (max_size < size) {
        error_setg(errp, "invalid value of maxmem: maximum memory size "
                   "(0x%" PRIx64 ") must be at least the initial memory "
                   "size (0x%" PRIx64 ")", max_size, size);
        return;
    }
    if (slots && max_size == size) {
        /* Slots without room to plug anything into them. */
        error_setg(errp, "invalid value of maxmem: memory slots were "
                   "specified but maximum memory size (0x%" PRIx64 ") is "
                   "equal to the initial memory size (0x%" PRIx64 ")",
                   max_size, size);
        return;
    }
    ms->ram_size = size;
    ms->maxram_size = max_size;
    ms->ram_slots = slots;
    ms->ram_size_set = has_size;
}

/* "smp": the -smp configuration; checked against the class limits. */

static QObject *machine_get_smp(Object *obj, ObjectProperty *prop,
                                Error **errp)
{
    MachineState *ms = MACHINE(obj);
    QDict *d = qdict_new();

    qdict_put_uint(d, "cpus", ms->smp.cpus);
    qdict_put_uint(d, "sockets", ms->smp.sockets);
    qdict_put_uint(d, "dies", ms->smp.dies);
    qdict_put_uint(d, "clusters", ms->smp.clusters);
    qdict_put_uint(d, "cores", ms->smp.cores);
    qdict_put_uint(d, "threads", ms->smp.threads);
    qdict_put_uint(d, "maxcpus", ms->smp.max_cpus);
    return QOBJECT(d);
}

static void machine_set_smp(Object *obj, ObjectProperty *prop,
                            const QInput *in, Error **errp)
{
    static const struct {
        const char *name;
        size_t offset;
    } fields[] = {
        { "cpus", offsetof(SMPConfiguration, cpus) },
        { "sockets", offsetof(SMPConfiguration, sockets) },
        { "dies", offsetof(SMPConfiguration, dies) },
        { "clusters", offsetof(SMPConfiguration, clusters) },
        { "cores", offsetof(SMPConfiguration, cores) },
        { "threads", offsetof(SMPConfiguration, threads) },
        { "maxcpus", offsetof(SMPConfiguration, maxcpus) },
    };
    SMPConfiguration config = { 0 };
    QDict *d = qinput_get_dict(in, prop->name, errp);
    bool zero = false;
    const QDictEntry *e;

    if (!d) {
        return;
    }
    for (e = qdict_first(d); e; e = qdict_next(d, e)) {
        QInput m = qinput_member(in, qdict_entry_value(e));
        const char *key = qdict_entry_key(e);
        g_autofree char *name = g_strdup_printf("smp.%s", key);
        unsigned i;

        for (i = 0; i < ARRAY_SIZE(fields); i++) {
            if (!strcmp(key, fields[i].name)) {
                break;
            }
        }
        if (i == ARRAY_SIZE(fields)) {
            error_setg(errp, "Parameter '%s' is unexpected", name);
            return;
        }
        if (!qinput_get_uint(&m, name, UINT32_MAX, "uint32_t",
                             (uint64_t *)((char *)&config + fields[i].offset),
                             errp)) {
            return;
        }
        zero |= !*(uint64_t *)((char *)&config + fields[i].offset);
    }
    if (zero) {
        warn_report("Deprecated CPU topology (considered invalid): CPU "
                    "topology parameters must be greater than zero");
    }
    machine_parse_smp_config(MACHINE(obj), &config, errp);
}

/*
 * "boot": the -boot options as qemu's BootConfiguration.  Setting it
 * replaces the whole configuration; members not given are unset, and
 * the order falls back to the machine's default.
 */

static QObject *machine_get_boot(Object *obj, ObjectProperty *prop,
                                 Error **errp)
{
    const BootConfiguration *b = &MACHINE(obj)->boot_config;
    QDict *d = qdict_new();

    qdict_put_str(d, "order", b->order ? b->order : "");
    if (b->once) {
        qdict_put_str(d, "once", b->once);
    }
    if (b->has_menu) {
        qdict_put_bool(d, "menu", b->menu);
    }
    if (b->splash) {
        qdict_put_str(d, "splash", b->splash);
    }
    if (b->has_splash_time) {
        qdict_put_int(d, "splash-time", b->splash_time);
    }
    if (b->has_reboot_timeout) {
        qdict_put_int(d, "reboot-timeout", b->reboot_timeout);
    }
    if (b->has_strict) {
        qdict_put_bool(d, "strict", b->strict);
    }
    return QOBJECT(d);
}

static void boot_config_clear(BootConfiguration *b)
{
    g_free(b->order);
    g_free(b->once);
    g_free(b->splash);
    memset(b, 0, sizeof(*b));
}

/* Read one member of the "boot" dict into @b. */
static bool boot_config_member(BootConfiguration *b, const QInput *in,
                               const char *key, Error **errp)
{
    g_autofree char *name = g_strdup_printf("boot.%s", key);
    const char *s;

    if (!strcmp(key, "order") || !strcmp(key, "once") ||
        !strcmp(key, "splash")) {
        char **field = !strcmp(key, "order") ? &b->order
                       : !strcmp(key, "once") ? &b->once : &b->splash;

        s = qinput_get_str(in, name, errp);
        if (!s || (field != &b->splash && !validate_bootdevices(s, errp))) {
            return false;
        }
        g_free(*field);
        *field = g_strdup(s);
        return true;
    }
    if (!strcmp(key, "menu")) {
        b->has_menu = true;
        return qinput_get_bool(in, name, &b->menu, errp);
    }
    if (!strcmp(key, "strict")) {
        b->has_strict = true;
        return qinput_get_bool(in, name, &b->strict, errp);
    }
    /* The ranges are the firmware's business (hw/i386/fw_cfg.c). */
    if (!strcmp(key, "splash-time")) {
        b->has_splash_time = true;
        return qinput_get_int(in, name, INT64_MIN, INT64_MAX, NULL,
                              &b->splash_time, errp);
    }
    if (!strcmp(key, "reboot-timeout")) {
        b->has_reboot_timeout = true;
        return qinput_get_int(in, name, INT64_MIN, INT64_MAX, NULL,
                              &b->reboot_timeout, errp);
    }
    error_setg(errp, "Parameter '%s' is unexpected", name);
    return false;
}

static void machine_set_boot(Object *obj, ObjectProperty *prop,
                             const QInput *in, Error **errp)
{
    MachineState *ms = MACHINE(obj);
    MachineClass *mc = MACHINE_GET_CLASS(ms);
    QDict *d = qinput_get_dict(in, prop->name, errp);
    BootConfiguration b = { 0 };
    const QDictEntry *e;

    if (!d) {
        return;
    }
    for (e = qdict_first(d); e; e = qdict_next(d, e)) {
        QInput m = qinput_member(in, qdict_entry_value(e));

        if (!boot_config_member(&b, &m, qdict_entry_key(e), errp)) {
            boot_config_clear(&b);
            return;
        }
    }
    if (!b.order) {
        b.order = g_strdup(mc->default_boot_order ? mc->default_boot_order
                                                  : "");
    }
    boot_config_clear(&ms->boot_config);
    ms->boot_config = b;
}

static void machine_class_base_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);
    const char *cname = object_class_get_name(oc);

    /* The user-visible name is the type name without "-machine". */
    if (g_str_has_suffix(cname, TYPE_MACHINE_SUFFIX)) {
        mc->name = g_strndup(cname, strlen(cname) -
                             strlen(TYPE_MACHINE_SUFFIX));
    }
}

static void machine_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);
    ObjectProperty *op;

    mc->default_ram_size = 128 * MiB;
    mc->default_cpus = 1;
    mc->min_cpus = 1;
    mc->max_cpus = 1;

    object_class_property_add_str(oc, "kernel", machine_get_kernel,
                                  machine_set_kernel);
    object_class_property_set_description(oc, "kernel",
                                          "Linux kernel image file");
    object_class_property_add_str(oc, "initrd", machine_get_initrd,
                                  machine_set_initrd);
    object_class_property_set_description(oc, "initrd",
                                          "Linux initial ramdisk file");
    object_class_property_add_str(oc, "append", machine_get_append,
                                  machine_set_append);
    object_class_property_set_description(oc, "append",
                                          "Linux kernel command line");
    object_class_property_add_str(oc, "firmware", machine_get_firmware,
                                  machine_set_firmware);
    object_class_property_set_description(oc, "firmware",
                                          "Firmware image");
    object_class_property_add_str(oc, "dtb", machine_get_dtb,
                                  machine_set_dtb);
    object_class_property_set_description(oc, "dtb",
                                          "Linux kernel device tree file");
    op = object_class_property_add(oc, "memory-backend",
                                   "link<memory-backend>",
                                   machine_get_memdev, machine_set_memdev,
                                   NULL, NULL);
    op->resolve = machine_resolve_memdev;
    object_class_property_set_description(oc, "memory-backend",
                                          "Set RAM backend. Valid value is "
                                          "ID of hostmem based backend");

    op = object_class_property_add_bool(oc, "dump-guest-core",
                                        machine_get_dump_guest_core,
                                        machine_set_dump_guest_core);
    object_class_property_set_description(oc, "dump-guest-core",
                                          "Include guest memory in a "
                                          "core dump");
    object_property_set_default_bool(op, true);
    op = object_class_property_add_bool(oc, "mem-merge",
                                        machine_get_mem_merge,
                                        machine_set_mem_merge);
    object_class_property_set_description(oc, "mem-merge",
                                          "Enable/disable memory merge "
                                          "support");
    object_property_set_default_bool(op, true);
    object_class_property_add_bool(oc, "usb", machine_get_usb,
                                   machine_set_usb);
    object_class_property_set_description(oc, "usb",
                                          "Set on/off to enable/disable "
                                          "usb");
    op = object_class_property_add_bool(oc, "graphics", machine_get_graphics,
                                        machine_set_graphics);
    object_class_property_set_description(oc, "graphics",
                                          "Set on/off to enable/disable "
                                          "graphics emulation");
    object_property_set_default_bool(op, true);

    object_class_property_add(oc, "memory", "MemorySizeConfiguration",
                              machine_get_memory, machine_set_memory,
                              NULL, NULL);
    object_class_property_set_description(oc, "memory",
                                          "Memory size configuration");
    object_class_property_add(oc, "smp", "SMPConfiguration",
                              machine_get_smp, machine_set_smp, NULL, NULL);
    object_class_property_set_description(oc, "smp", "CPU topology");
    object_class_property_add(oc, "boot", "BootConfiguration",
                              machine_get_boot, machine_set_boot, NULL, NULL);
    object_class_property_set_description(oc, "boot", "Boot configuration");
}

static void machine_instance_init(Object *obj)
{
    MachineState *ms = MACHINE(obj);
    MachineClass *mc = MACHINE_GET_CLASS(ms);

    ms->ram_size = mc->default_ram_size;
    ms->maxram_size = mc->default_ram_size;
    ms->smp.cpus = mc->default_cpus;
    ms->smp.max_cpus = mc->default_cpus;
    ms->smp.sockets = 1;
    ms->smp.dies = 1;
    ms->smp.clusters = 1;
    ms->smp.cores = 1;
    ms->smp.threads = 1;
    ms->boot_config.order = g_strdup(mc->default_boot_order
                                     ? mc->default_boot_order : "");
    if (mc->numa_supported) {
        ms->numa_state = numa_state_new();
    }
}

static void machine_finalize(Object *obj)
{
    MachineState *ms = MACHINE(obj);

    g_free(ms->kernel_filename);
    g_free(ms->initrd_filename);
    g_free(ms->kernel_cmdline);
    g_free(ms->firmware);
    g_free(ms->dtb);
    g_free(ms->ram_memdev_id);
    g_free(ms->cpu_type);
    boot_config_clear(&ms->boot_config);
    numa_state_free(ms->numa_state);
    if (current_machine == ms) {
        current_machine = NULL;
    }
}

static const TypeInfo machine_info = {
    .name = TYPE_MACHINE,
    .parent = TYPE_OBJECT,
    .abstract = true,
    .class_size = sizeof(MachineClass),
    .class_init = machine_class_init,
    .class_base_init = machine_class_base_init,
    .instance_size = sizeof(MachineState),
    .instance_init = machine_instance_init,
    .instance_finalize = machine_finalize,
};

static void machine_register_types(void)
{
    type_register_static(&machine_info);
}

type_init(machine_register_types)
