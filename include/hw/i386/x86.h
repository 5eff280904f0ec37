/*
 * The x86 machine base: what every x86 board (pc, q35) shares.
 *
 * TYPE_X86_MACHINE ("x86-machine") is abstract.  It owns
 *
 *   - the RAM layout: ms->ram (the -m backend, set up by the core before
 *     init) split into "ram-below-4g", an alias mapped at 0, and
 *     "ram-above-4g", an alias of the rest mapped at 4 GiB.  Where low
 *     RAM ends is a class parameter (see X86MachineClass) capped by the
 *     "max-ram-below-4g" property; the gap up to 4 GiB is the 32-bit PCI
 *     hole;
 *   - the e820 table firmware reads from fw_cfg ("etc/e820"): the RAM
 *     entries, plus whatever the board adds (x86_e820_add_entry);
 *   - the GSIs: x86ms->gsi[0..23], the lines board devices raise.  Today
 *     they are the I/O APIC's inputs (GSI N = I/O APIC pin N; ISA IRQs
 *     0-15 are GSIs 0-15), so qtest's "irq_intercept_in ioapic" reports
 *     them as "IRQ raise N";
 *   - fw_cfg at 0x510 with the x86 items (hw/i386/fw_cfg.h).
 *
 * Properties: "max-ram-below-4g" (size, at most 4G; 0 or not given: the
 * board's default, which it then reads as; below 1 MiB qemu's warning
 * that firmware may not cope) and "smm" (OnOffAuto, default auto).
 *
 * A board's init calls, in this order:
 *
 *     x86_cpus_init(x86ms, errp)              -smp cpus CPUs of -cpu
 *     x86_machine_split_ram(x86ms, errp)      below/above sizes
 *     x86_machine_map_ram(x86ms, sysmem)      aliases + e820 RAM entries
 *     x86_ioapic_create(x86ms, parent, errp)  /machine/<parent>/ioapic
 *     x86_e820_add_entry(...)                 board reservations
 *     x86_machine_fw_cfg_init(x86ms, errp)    fw_cfg with the x86 items
 *
 * (pc.h's pc_memory_init does the first two and the -m slots/maxmem
 * checks for PC machines.)
 */
#ifndef HW_I386_X86_H
#define HW_I386_X86_H

#include "hw/core/machine.h"
#include "hw/core/qdev-properties.h"
#include "hw/i386/fw_cfg.h"

#define TYPE_X86_MACHINE MACHINE_TYPE_NAME("x86")

typedef struct X86MachineState X86MachineState;
typedef struct X86MachineClass X86MachineClass;

#define X86_MACHINE(obj) \
    OBJECT_CHECK(X86MachineState, (obj), TYPE_X86_MACHINE)
#define X86_MACHINE_CLASS(klass) \
    OBJECT_CLASS_CHECK(X86MachineClass, (klass), TYPE_X86_MACHINE)
#define X86_MACHINE_GET_CLASS(obj) \
    OBJECT_GET_CLASS(X86MachineClass, (obj), TYPE_X86_MACHINE)

#define X86_FOUR_GIB        0x100000000ULL
/* "max-ram-below-4g" may not exceed 4 GiB. */
#define X86_MAX_RAM_BELOW_4G_LIMIT X86_FOUR_GIB

/* GSIs: the I/O APIC's 24 inputs; the first 16 are the ISA IRQs. */
#define X86_NUM_GSI         24
#define X86_ISA_NUM_IRQS    16

struct X86MachineClass {
    MachineClass parent_class;

    /*
     * The RAM split (x86_machine_split_ram): RAM below lowmem_limit all
     * goes below 4 GiB.  With more, low RAM ends at lowmem_limit, or at
     * lowmem_gig_aligned when gigabyte_align is set (a 1 GiB boundary
     * lets the host back the guest with 1 GiB pages); the rest goes
     * above 4 GiB.  pc: 0xe0000000 / 0xc0000000; q35: 0xb0000000 /
     * 0x80000000.  "max-ram-below-4g" lowers the limit further.
     */
    uint64_t lowmem_limit;
    uint64_t lowmem_gig_aligned;
    bool gigabyte_align;
    /*
     * What "max-ram-below-4g" reads when not given (or given as 0, which
     * qemu takes as "not given" too): pc 0xe0000000, q35 4 GiB.  No
     * default lowers the split.
     */
    uint64_t max_ram_below_4g_default;
    /*
     * Called by x86_machine_split_ram when "max-ram-below-4g" lowered
     * where low RAM ends to @lowmem: warn, in the board's words and on
     * its condition, that the split may cost performance.  The base
     * sets x86_machine_lowmem_warning (pc's).
     */
    void (*lowmem_warning)(X86MachineState *x86ms, uint64_t lowmem);
};

struct X86MachineState {
    MachineState parent_obj;

    /* Properties */
    uint64_t max_ram_below_4g;      /* 0: not given */
    OnOffAuto smm;

    /* The RAM layout (x86_machine_split_ram) */
    uint64_t below_4g_mem_size;
    uint64_t above_4g_mem_size;
    uint64_t above_4g_mem_start;    /* X86_FOUR_GIB */
    MemoryRegion ram_below_4g;      /* aliases of ms->ram */
    MemoryRegion ram_above_4g;
    bool ram_mapped;

    /* Interrupts: gsi[i] is the I/O APIC's input i. */
    DeviceState *ioapic;
    qemu_irq gsi[X86_NUM_GSI];

    /* The e820 table, in the order firmware sees it (of E820Entry). */
    GArray *e820;

    FWCfgState *fw_cfg;
};

/*
 * Compute below_4g_mem_size and above_4g_mem_size from ms->ram_size, the
 * class parameters and "max-ram-below-4g" (0 becomes the class default;
 * a lower limit goes to the class's lowmem_warning).
 */
bool x86_machine_split_ram(X86MachineState *x86ms, Error **errp);

/*
 * pc's lowmem_warning, as qemu's pc machines give it: the lowered limit
 * @lowmem is not a multiple of 1 GiB and there is at least that much
 * RAM ("Large machine and max_ram_below_4g (N) not a multiple of 1G;
 * possible bad performance.").
 */
void x86_machine_lowmem_warning(X86MachineState *x86ms, uint64_t lowmem);

/*
 * Map the split RAM into @sysmem: "ram-below-4g" at 0 and, if there is
 * any, "ram-above-4g" at 4 GiB; add their e820 RAM entries.  Nothing if
 * the machine has no RAM.
 */
void x86_machine_map_ram(X86MachineState *x86ms, MemoryRegion *sysmem);

/* Append an entry to the e820 table. */
void x86_e820_add_entry(X86MachineState *x86ms, uint64_t address,
                        uint64_t length, uint32_t type);
/* The table so far (owned by the machine; valid until the next add). */
const E820Entry *x86_e820_table(X86MachineState *x86ms, unsigned *count);

/*
 * Create the I/O APIC ("ioapic", 24 inputs, registers at 0xfec00000) as
 * child "ioapic" of @parent (pc: /machine/i440fx, q35: /machine/q35, as
 * in qemu) and connect x86ms->gsi[] to its inputs.
 */
DeviceState *x86_ioapic_create(X86MachineState *x86ms, Object *parent,
                               Error **errp);

/*
 * The fw_cfg device (x86ms->fw_cfg, child "fw_cfg" of /machine) with the
 * x86 items: RAM sizes and the e820 table from x86ms, -boot/-numa from
 * the machine, the Linux boot items with -kernel.
 */
bool x86_machine_fw_cfg_init(X86MachineState *x86ms, Error **errp);

/*
 * Create the -smp cpus CPUs of ms->cpu_type (default "qemu64"), under
 * /machine/unattached as qemu has them.
 */
bool x86_cpus_init(X86MachineState *x86ms, Error **errp);
/* Whether the machine's CPU model is an AMD one (vendor AuthenticAMD). */
bool x86_machine_cpu_is_amd(X86MachineState *x86ms);

/* Whether SMM is on: "smm" on, or auto (qemu's TCG default: on). */
bool x86_machine_is_smm_enabled(X86MachineState *x86ms);

#endif
