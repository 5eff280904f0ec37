/*
 * Machines: the board a guest runs on.
 *
 * A machine type is a QOM class whose type name ends in "-machine"; users
 * name it without the suffix (-M none) or by its alias (-M q35).  The
 * command line creates the machine object first, sets its properties
 * (-M TYPE,prop=val, -m, -smp, -cpu), picks the accelerator, then calls
 * the class's init hook, which creates the board's devices.  The machine
 * lives at /machine; devices the board creates without a name go under
 * /machine/unattached, user devices under /machine/peripheral(-anon).
 */
#ifndef HW_CORE_MACHINE_H
#define HW_CORE_MACHINE_H

#include "qom/object.h"
#include "hw/core/qdev.h"
#include "util/uuid.h"
#include "system/memory.h"

#define TYPE_MACHINE "machine"
#define TYPE_MACHINE_SUFFIX "-machine"
#define MACHINE_TYPE_NAME(machinename) (machinename TYPE_MACHINE_SUFFIX)

typedef struct MachineState MachineState;
typedef struct MachineClass MachineClass;
typedef struct AccelState AccelState;

#define MACHINE(obj) OBJECT_CHECK(MachineState, (obj), TYPE_MACHINE)
#define MACHINE_CLASS(klass) \
    OBJECT_CLASS_CHECK(MachineClass, (klass), TYPE_MACHINE)
#define MACHINE_GET_CLASS(obj) \
    OBJECT_GET_CLASS(MachineClass, (obj), TYPE_MACHINE)

/* -smp, after defaults are filled in (hw/core/machine-smp.c). */
typedef struct CpuTopology {
    unsigned cpus;
    unsigned sockets;
    unsigned dies;
    unsigned clusters;
    unsigned cores;
    unsigned threads;
    unsigned max_cpus;
} CpuTopology;

/* -smp as given: zero means "not given". */
typedef struct SMPConfiguration {
    uint64_t cpus, sockets, dies, clusters, cores, threads, maxcpus;
} SMPConfiguration;

typedef struct SMPCompatProps {
    bool dies_supported;
    bool clusters_supported;
} SMPCompatProps;

/*
 * -boot, as the machine property "boot" (qemu's BootConfiguration):
 * drive letters a-p for order and once, and has_* for the members that
 * were given (the getter reports only those, and "order" always).
 */
typedef struct BootConfiguration {
    char *order;                /* the default order if not given */
    char *once;                 /* NULL: not given */
    bool has_menu, menu;
    char *splash;               /* NULL: not given */
    bool has_splash_time;
    int64_t splash_time;        /* ms; checked by the firmware glue */
    bool has_reboot_timeout;
    int64_t reboot_timeout;     /* ms; -1: never */
    bool has_strict, strict;
} BootConfiguration;

typedef struct NumaState NumaState;

struct MachineClass {
    ObjectClass parent_class;

    const char *name;           /* type name without "-machine" */
    const char *alias;
    const char *desc;
    bool is_default;

    /* Build the board.  Errors are reported by the caller. */
    void (*init)(MachineState *ms, Error **errp);
    /* system_reset; NULL resets every device. */
    void (*reset)(MachineState *ms);
    /* The hotplug handler for @dev, if the machine wants to be it. */
    Object *(*get_hotplug_handler)(MachineState *ms, DeviceState *dev);

    unsigned min_cpus, max_cpus, default_cpus;
    const char *default_cpu_type;
    SMPCompatProps smp_props;

    uint64_t default_ram_size;
    /*
     * The id of the memory-backend-ram object created for -m RAM when no
     * -M memory-backend=ID is given; NULL: the board makes its own RAM.
     */
    const char *default_ram_id;

    /* -boot order when none is given ("cad" on pc and q35), or NULL. */
    const char *default_boot_order;
    /* -numa is accepted (ms->numa_state exists). */
    bool numa_supported;
    /* -numa node,mem= is accepted (deprecated); else only memdev=. */
    bool numa_mem_supported;
    /*
     * The node of CPU @idx when -numa assigns no CPU explicitly; NULL:
     * its socket modulo the number of nodes (as x86 machines do).
     */
    int (*get_default_cpu_node_id)(const MachineState *ms, unsigned idx);
};

struct MachineState {
    Object parent_obj;

    char *kernel_filename;
    char *initrd_filename;
    char *kernel_cmdline;
    char *firmware;
    char *dtb;
    char *ram_memdev_id;        /* -M memory-backend=ID, as given */
    bool dump_guest_core;
    bool mem_merge;
    bool usb;
    bool graphics;

    uint64_t ram_size;
    uint64_t maxram_size;
    uint64_t ram_slots;
    bool ram_size_set;          /* -m gave a size */
    /*
     * The guest's RAM, from the memory backend named by memory-backend
     * or the default one; NULL if the machine has none.  Set before the
     * board's init runs, which maps it (the none machine at 0).
     */
    MemoryRegion *ram;
    struct HostMemoryBackend *memdev;   /* the backend behind @ram */

    char *cpu_type;
    CpuTopology smp;
    AccelState *accelerator;
    CorvidUUID uuid;
    bool uuid_set;

    BootConfiguration boot_config;     /* -boot, the "boot" property */
    NumaState *numa_state;      /* -numa; NULL if not numa_supported */
};

/* The machine at /machine, or NULL before it exists. */
MachineState *qdev_get_machine(void);
extern MachineState *current_machine;

/* The default machine class (is_default), or NULL. */
MachineClass *machine_find_default(void);
/* By name or alias ("none", "q35"); NULL if unknown. */
MachineClass *machine_find_class(const char *name);

/* Used by qdev to find the handler for a device. */
Object *machine_get_hotplug_handler(DeviceState *dev);

/*
 * Check and complete a -smp configuration for @ms's class, as qemu does:
 * missing values are derived (cores are preferred over sockets), the
 * product of the levels must equal maxcpus, cpus <= maxcpus, and the
 * machine's limits hold.
 */
bool machine_parse_smp_config(MachineState *ms,
                              const SMPConfiguration *config, Error **errp);

/*
 * Set up the machine's RAM (ms->ram, see above), then run the class's
 * init hook; once properties and -object objects are set.
 */
bool machine_run_board_init(MachineState *ms, Error **errp);
/* system_reset. */
void machine_reset(MachineState *ms);

#endif
