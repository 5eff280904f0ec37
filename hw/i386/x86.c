/*
 * The abstract x86 machine ("x86-machine"): the RAM split below and
 * above 4 GiB, the e820 table, the I/O APIC and its GSIs, and fw_cfg
 * (see include/hw/i386/x86.h).
 */
#include "util/osdep.h"
#include "util/module.h"
#include "util/error-report.h"
#include "qom/object-property.h"
#include "hw/core/sysbus.h"
#include "hw/core/cpu.h"
#include "hw/i386/x86-cpu.h"
#include "hw/i386/x86.h"
#include "hw/intc/ioapic.h"
#include "system/numa.h"

/* A lowered RAM limit that is not on a 1 GiB boundary costs huge pages. */
#define GIB_MASK (1ULL * GiB - 1)
/* Less RAM than this below 4 GiB leaves firmware no room (qemu warns). */
#define X86_MIN_RAM_BELOW_4G (1ULL * MiB)

void x86_machine_lowmem_warning(X86MachineState *x86ms, uint64_t lowmem)
{
    MachineState *ms = MACHINE(x86ms);

    /* qemu's pc warns from "as much RAM as the limit" up, equal included. */
    if (ms->ram_size >= lowmem && (lowmem & GIB_MASK)) {
        warn_report("Large machine and max_ram_below_4g (%" PRIu64 ") "
                    "not a multiple of 1G; possible bad performance.",
                    lowmem);
    }
}

bool x86_machine_split_ram(X86MachineState *x86ms, Error **errp)
{
    MachineState *ms = MACHINE(x86ms);
    X86MachineClass *x86mc = X86_MACHINE_GET_CLASS(x86ms);
    uint64_t lowmem = x86mc->lowmem_limit;

    /* As in qemu, 0 means the board's default, which qom-get then shows. */
    if (!x86ms->max_ram_below_4g) {
        x86ms->max_ram_below_4g = x86mc->max_ram_below_4g_default;
    }
    if (x86mc->gigabyte_align && ms->ram_size >= x86mc->lowmem_limit) {
        lowmem = x86mc->lowmem_gig_aligned;
    }
    if (x86ms->max_ram_below_4g < lowmem) {
        lowmem = x86ms->max_ram_below_4g;
        if (x86mc->lowmem_warning) {
            x86mc->lowmem_warning(x86ms, lowmem);
        }
    }
    if (ms->ram_size > lowmem) {
        x86ms->below_4g_mem_size = lowmem;
        x86ms->above_4g_mem_size = ms->ram_size - lowmem;
    } else {
        x86ms->below_4g_mem_size = ms->ram_size;
        x86ms->above_4g_mem_size = 0;
    }
    if (!x86ms->above_4g_mem_start) {
        x86ms->above_4g_mem_start = X86_FOUR_GIB;
    }
    return true;
}

void x86_machine_map_ram(X86MachineState *x86ms, MemoryRegion *sysmem)
{
    MachineState *ms = MACHINE(x86ms);

    if (!ms->ram || x86ms->ram_mapped) {
        return;
    }
    /* Owned by nobody, as in qemu: /machine/unattached/ram-below-4g[0]. */
    memory_region_init_alias(&x86ms->ram_below_4g, NULL, "ram-below-4g",
                             ms->ram, 0, x86ms->below_4g_mem_size);
    memory_region_add_subregion(sysmem, 0, &x86ms->ram_below_4g);
    x86_e820_add_entry(x86ms, 0, x86ms->below_4g_mem_size, E820_RAM);
    if (x86ms->above_4g_mem_size) {
        memory_region_init_alias(&x86ms->ram_above_4g, NULL, "ram-above-4g",
                                 ms->ram, x86ms->below_4g_mem_size,
                                 x86ms->above_4g_mem_size);
        memory_region_add_subregion(sysmem, x86ms->above_4g_mem_start,
                                    &x86ms->ram_above_4g);
        x86_e820_add_entry(x86ms, x86ms->above_4g_mem_start,
                           x86ms->above_4g_mem_size, E820_RAM);
    }
    x86ms->ram_mapped = true;
}

/* e820 */

void x86_e820_add_entry(X86MachineState *x86ms, uint64_t address,
                        uint64_t length, uint32_t type)
{
    E820Entry e = { .address = address, .length = length, .type = type };

    g_array_append_val(x86ms->e820, e);
}

const E820Entry *x86_e820_table(X86MachineState *x86ms, unsigned *count)
{
    *count = x86ms->e820->len;
    return (const E820Entry *)x86ms->e820->data;
}

/* The I/O APIC */

DeviceState *x86_ioapic_create(X86MachineState *x86ms, Object *parent,
                               Error **errp)
{
    DeviceState *dev = qdev_new(TYPE_IOAPIC);
    int i;

    object_property_add_child(parent, "ioapic", OBJECT(dev));
    if (!sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), errp)) {
        object_unparent(OBJECT(dev));
        return NULL;
    }
    memory_region_add_subregion(get_system_memory(), IOAPIC_DEFAULT_ADDRESS,
                                &IOAPIC(dev)->io_memory);
    for (i = 0; i < X86_NUM_GSI; i++) {
        x86ms->gsi[i] = qdev_get_gpio_in(dev, i);
    }
    x86ms->ioapic = dev;
    return dev;
}

/* fw_cfg */

bool x86_machine_fw_cfg_init(X86MachineState *x86ms, Error **errp)
{
    MachineState *ms = MACHINE(x86ms);
    X86FwCfgConfig cfg;
    FWCfgState *s;

    x86_fw_cfg_config_init(&cfg);
    cfg.below_4g_mem_size = x86ms->below_4g_mem_size;
    cfg.above_4g_mem_size = x86ms->above_4g_mem_size;
    cfg.e820 = x86_e820_table(x86ms, &cfg.e820_count);
    x86_fw_cfg_config_from_machine(&cfg, ms);

    s = x86_fw_cfg_create(errp);
    if (!s) {
        return false;
    }
    x86ms->fw_cfg = s;
    return x86_fw_cfg_add_items(s, ms, &cfg, errp);
}

bool x86_machine_is_smm_enabled(X86MachineState *x86ms)
{
    /* Under TCG (and qtest) "auto" means on, as in qemu. */
    return x86ms->smm != ON_OFF_AUTO_OFF;
}

/* CPUs */

/* One CPU, index @index, on the NUMA node -numa gave it (if any). */
static bool x86_cpu_new(MachineState *ms, unsigned index, Error **errp)
{
    DeviceState *dev = qdev_new(ms->cpu_type);
    int node = numa_cpu_node(ms, index);
    bool ok;

    /* query-cpus-fast reports "node-id" from the property, as qemu's. */
    ok = (node == NUMA_NODE_UNASSIGNED ||
          !object_property_find(OBJECT(dev), "node-id") ||
          object_property_set_int(OBJECT(dev), "node-id", node, errp)) &&
         qdev_realize(dev, NULL, errp);
    if (!ok) {
        object_unparent(OBJECT(dev));
    }
    object_unref(OBJECT(dev));
    return ok;
}

bool x86_cpus_init(X86MachineState *x86ms, Error **errp)
{
    MachineState *ms = MACHINE(x86ms);
    unsigned i;

    if (!ms->cpu_type) {
        return true;
    }
    for (i = 0; i < ms->smp.cpus; i++) {
        if (!x86_cpu_new(ms, i, errp)) {
            return false;
        }
    }
    return true;
}

bool x86_machine_cpu_is_amd(X86MachineState *x86ms)
{
    MachineState *ms = MACHINE(x86ms);
    ObjectClass *oc = ms->cpu_type ? object_class_by_name(ms->cpu_type)
                                   : NULL;
    X86CPUClass *xcc = oc && object_class_dynamic_cast(oc, TYPE_X86_CPU)
                       ? X86_CPU_CLASS(oc) : NULL;

    return xcc && xcc->model && !strcmp(xcc->model->vendor, "AuthenticAMD");
}

/* Properties */

static QObject *x86_get_max_ram_below_4g(Object *obj, ObjectProperty *prop,
                                         Error **errp)
{
    return QOBJECT(qnum_from_uint(X86_MACHINE(obj)->max_ram_below_4g));
}

static void x86_set_max_ram_below_4g(Object *obj, ObjectProperty *prop,
                                     const QInput *in, Error **errp)
{
    uint64_t value;

    if (!qinput_get_size(in, prop->name, &value, errp)) {
        return;
    }
    if (value > X86_MAX_RAM_BELOW_4G_LIMIT) {
        error_setg(errp, "Machine option 'max-ram-below-4g=%" PRIu64
                   "' expects size less than or equal to 4G", value);
        return;
    }
    if (value < X86_MIN_RAM_BELOW_4G) {
        /* qemu's words, missing space included. */
        warn_report("Only %" PRIu64 " bytes of RAM below the 4GiB boundary,"
                    "BIOS may not work with less than 1MiB", value);
    }
    X86_MACHINE(obj)->max_ram_below_4g = value;
}

static int x86_get_smm(Object *obj, Error **errp)
{
    return X86_MACHINE(obj)->smm;
}

static void x86_set_smm(Object *obj, int value, Error **errp)
{
    X86_MACHINE(obj)->smm = value;
}

static void x86_machine_instance_init(Object *obj)
{
    X86MachineState *x86ms = X86_MACHINE(obj);

    x86ms->smm = ON_OFF_AUTO_AUTO;
    x86ms->max_ram_below_4g =
        X86_MACHINE_GET_CLASS(obj)->max_ram_below_4g_default;
    x86ms->e820 = g_array_new(false, true, sizeof(E820Entry));
}

static void x86_machine_finalize(Object *obj)
{
    g_array_free(X86_MACHINE(obj)->e820, true);
}

static void x86_machine_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);
    X86MachineClass *x86mc = X86_MACHINE_CLASS(oc);

    /* Boards override these; the pc values are the base's defaults. */
    x86mc->lowmem_limit = 0xe0000000ULL;
    x86mc->lowmem_gig_aligned = 0xc0000000ULL;
    x86mc->gigabyte_align = true;
    x86mc->max_ram_below_4g_default = X86_MAX_RAM_BELOW_4G_LIMIT;
    x86mc->lowmem_warning = x86_machine_lowmem_warning;
    mc->default_cpus = 1;
    mc->max_cpus = 288;
    mc->default_cpu_type = X86_CPU_TYPE_NAME("qemu64");

    object_class_property_add(oc, "max-ram-below-4g", "size",
                              x86_get_max_ram_below_4g,
                              x86_set_max_ram_below_4g, NULL, NULL);
    object_class_property_set_description(oc, "max-ram-below-4g",
        "Maximum ram below the 4G boundary (32bit boundary)");
    object_class_property_add_enum(oc, "smm", "OnOffAuto", OnOffAuto_lookup,
                                   x86_get_smm, x86_set_smm);
    object_class_property_set_description(oc, "smm", "Enable SMM");
}

static const TypeInfo x86_machine_info = {
    .name = TYPE_X86_MACHINE,
    .parent = TYPE_MACHINE,
    .abstract = true,
    .instance_size = sizeof(X86MachineState),
    .instance_init = x86_machine_instance_init,
    .instance_finalize = x86_machine_finalize,
    .class_size = sizeof(X86MachineClass),
    .class_init = x86_machine_class_init,
};

static void x86_machine_register_types(void)
{
    type_register_static(&x86_machine_info);
}

type_init(x86_machine_register_types)
