/*
 * The "none" machine: no devices, at most one CPU, and RAM at address 0
 * only when asked for (-m, -M memory-backend=).  Useful for asking the
 * binary questions (QMP queries, -device help) and for tests of the parts
 * that do not need a board.
 */
#include "util/osdep.h"
#include "util/module.h"
#include "hw/core/machine.h"
#include "hw/core/cpu.h"

static void machine_none_init(MachineState *ms, Error **errp)
{
    if (ms->ram) {
        memory_region_add_subregion(get_system_memory(), 0, ms->ram);
    }
    /* A CPU only when asked for with -cpu. */
    if (ms->cpu_type) {
        cpu_create(ms->cpu_type, errp);
    }
}

static void machine_none_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->desc = "empty machine";
    mc->init = machine_none_init;
    mc->max_cpus = 1;
    mc->default_ram_size = 0;
    mc->default_ram_id = "ram";
}

static const TypeInfo machine_none_info = {
    .name = MACHINE_TYPE_NAME("none"),
    .parent = TYPE_MACHINE,
    .class_init = machine_none_class_init,
};

static void machine_none_register_types(void)
{
    type_register_static(&machine_none_info);
}

type_init(machine_none_register_types)
