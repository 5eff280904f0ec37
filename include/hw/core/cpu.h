/*
 * CPUs as devices.
 *
 * Each virtual CPU is a bus-less device of an architecture's CPU type
 * (x86: "qemu64-x86_64-cpu", ...).  A CPU model is what -cpu names
 * ("qemu64"); each concrete CPU class says which model it is.  CPUs are
 * numbered in creation order (cpu_index) and are QOM objects with their
 * topology whether or not an accelerator runs them.
 */
#ifndef HW_CORE_CPU_H
#define HW_CORE_CPU_H

#include "hw/core/qdev.h"
#include "qobject/qobject.h"

#define TYPE_CPU "cpu"

typedef struct CPUState CPUState;
typedef struct CPUClass CPUClass;

#define CPU(obj) OBJECT_CHECK(CPUState, (obj), TYPE_CPU)
#define CPU_CLASS(klass) OBJECT_CLASS_CHECK(CPUClass, (klass), TYPE_CPU)
#define CPU_GET_CLASS(obj) OBJECT_GET_CLASS(CPUClass, (obj), TYPE_CPU)

struct CPUClass {
    DeviceClass parent_class;

    const char *arch_name;      /* "x86", for -cpu help */
    const char *model_name;     /* "qemu64"; NULL for abstract types */
    const char *model_desc;     /* one line for -cpu help */
    const char *target_name;    /* "x86_64", for query-cpus-fast */
    /* The topology properties query-cpus-fast reports, as a dict. */
    QDict *(*get_topology_props)(CPUState *cpu);
};

struct CPUState {
    DeviceState parent_obj;

    int cpu_index;
    bool created;
    CPUState *next;             /* the list of all CPUs, by index */
};

/* The class for -cpu MODEL, or NULL. */
CPUClass *cpu_class_by_model(const char *model);
/* Print the "-cpu help" listing. */
void cpu_list_print(void);

/* Create and realize a CPU of @typename (no bus). */
CPUState *cpu_create(const char *typename, Error **errp);

/* Walk all CPUs in index order. */
CPUState *first_cpu_get(void);
#define CPU_FOREACH(cpu) \
    for ((cpu) = first_cpu_get(); (cpu); (cpu) = (cpu)->next)
int cpu_count(void);

#endif
