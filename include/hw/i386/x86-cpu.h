/*
 * x86 CPUs: the models -cpu names and their place in the topology.
 *
 * Each model is a type "MODEL-x86_64-cpu" with the CPUID identity of the
 * processor it stands for (vendor, family, model, stepping, brand string).
 * A CPU's topology IDs (socket, die, core, thread) come from its index and
 * the machine's -smp topology unless the board sets them; its initial APIC
 * ID packs them into bit fields as CPUID leaf 0Bh describes (Intel SDM vol.
 * 2A, "CPUID - Extended Topology Enumeration Leaf"): each level takes the
 * smallest number of bits that can count its members.
 */
#ifndef HW_I386_X86_CPU_H
#define HW_I386_X86_CPU_H

#include "hw/core/cpu.h"

#define TYPE_X86_CPU "x86_64-cpu"
#define X86_CPU_TYPE_SUFFIX "-" TYPE_X86_CPU
#define X86_CPU_TYPE_NAME(name) (name X86_CPU_TYPE_SUFFIX)

#define UNASSIGNED_APIC_ID UINT32_MAX

typedef struct X86CPU X86CPU;
typedef struct X86CPUClass X86CPUClass;

#define X86_CPU(obj) OBJECT_CHECK(X86CPU, (obj), TYPE_X86_CPU)
#define X86_CPU_CLASS(klass) \
    OBJECT_CLASS_CHECK(X86CPUClass, (klass), TYPE_X86_CPU)
#define X86_CPU_GET_CLASS(obj) \
    OBJECT_GET_CLASS(X86CPUClass, (obj), TYPE_X86_CPU)

/* The CPUID identity of a model. */
typedef struct X86CPUModel {
    const char *name;
    const char *vendor;         /* 12 characters, "GenuineIntel" */
    uint32_t family;
    uint32_t model;
    uint32_t stepping;
    const char *model_id;       /* brand string, up to 48 characters */
    bool requires_kvm;          /* "host" */
    const char *desc;           /* for -cpu help, if not the brand string */
} X86CPUModel;

struct X86CPUClass {
    CPUClass parent_class;
    const X86CPUModel *model;
};

struct X86CPU {
    CPUState parent_obj;

    /* Identity (CPUID leaves 0, 1 and 80000002h-80000004h). */
    char vendor[13];
    uint32_t family;
    uint32_t model;
    uint32_t stepping;
    char model_id[49];

    /* Topology: -1 / UNASSIGNED_APIC_ID until set or derived. */
    uint32_t apic_id;
    int32_t socket_id;
    int32_t die_id;
    int32_t core_id;
    int32_t thread_id;
    int32_t node_id;
    bool start_powered_off;
};

typedef struct X86CPUTopoIDs {
    unsigned socket_id;
    unsigned die_id;
    unsigned core_id;
    unsigned thread_id;
} X86CPUTopoIDs;

typedef struct X86CPUTopoInfo {
    unsigned dies_per_pkg;
    unsigned cores_per_die;
    unsigned threads_per_core;
} X86CPUTopoInfo;

/* Bits needed to number @count items (0 for 1 item). */
unsigned x86_topo_bitwidth(unsigned count);
void x86_topo_ids_from_idx(const X86CPUTopoInfo *info, unsigned cpu_index,
                           X86CPUTopoIDs *ids);
uint32_t x86_apicid_from_topo_ids(const X86CPUTopoInfo *info,
                                  const X86CPUTopoIDs *ids);

#endif
