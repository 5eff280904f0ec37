/*
 * The abstract PC machine ("generic-pc-machine"): the memory map shared
 * by pc and q35 (RAM, PCI space, device memory, firmware ROMs), qemu's
 * -m slots/maxmem checks, and fw_cfg (see include/hw/i386/pc.h).
 */
#include "util/osdep.h"
#include "util/module.h"
#include "util/error-report.h"
#include "qom/object-property.h"
#include "hw/i386/pc.h"
#include "system/bootdevice.h"

/* Device memory and the 64-bit PCI hole start on 1 GiB boundaries. */
#define PC_GIB_ALIGN (1ULL * GiB)
/* qemu's memory hotplug needs maxmem in whole target pages. */
#define PC_TARGET_PAGE_SIZE 4096ULL
/* Firmware: a file whose size is a multiple of 64 KiB ... */
#define PC_BIOS_SIZE_ALIGN 0x10000ULL
/* ... and the stand-in ROM when there is none (bios-256k.bin's size). */
#define PC_BIOS_DEFAULT_SIZE 0x40000ULL
/* "max-fw-size" above this only gets a warning... in qemu, an error. */
#define PC_MAX_FW_SIZE_LIMIT (16 * MiB)
/*
 * AMD CPUs reserve [0xfd00000000, 1 TiB) for HyperTransport: guests with
 * memory reaching it get their RAM above 4 GiB moved to 1 TiB instead.
 */
#define AMD_HT_START 0xfd00000000ULL
#define AMD_HT_END   0x10000000000ULL
#define AMD_ABOVE_1TB_START AMD_HT_END

static uint64_t align_up(uint64_t v, uint64_t a)
{
    return (v + a - 1) & ~(a - 1);
}

uint64_t pc_pci_hole_start(PCMachineState *pcms)
{
    return X86_MACHINE(pcms)->below_4g_mem_size;
}

uint64_t pc_pci_hole_end(PCMachineState *pcms)
{
    return PC_IOAPIC_BASE;
}

uint64_t pc_pci_hole64_start(PCMachineState *pcms)
{
    X86MachineState *x86ms = X86_MACHINE(pcms);
    uint64_t start;

    if (pcms->device_memory_size) {
        start = pcms->device_memory_base + pcms->device_memory_size;
    } else {
        start = x86ms->above_4g_mem_start + x86ms->above_4g_mem_size;
    }
    return align_up(start, PC_GIB_ALIGN);
}

/* The device memory window for -m maxmem (size 0: none). */
static void pc_device_memory_range(PCMachineState *pcms, uint64_t *base,
                                   uint64_t *size)
{
    PCMachineClass *pcmc = PC_MACHINE_GET_CLASS(pcms);
    X86MachineState *x86ms = X86_MACHINE(pcms);
    MachineState *ms = MACHINE(pcms);

    *base = 0;
    *size = 0;
    if (!pcmc->has_reserved_memory || ms->ram_size >= ms->maxram_size) {
        return;
    }
    *base = align_up(x86ms->above_4g_mem_start + x86ms->above_4g_mem_size,
                     PC_GIB_ALIGN);
    *size = ms->maxram_size - ms->ram_size;
    if (pcmc->enforce_aligned_dimm) {
        *size += PC_DIMM_SLOT_ALIGN * ms->ram_slots;
    }
}

/* The highest guest-physical address in use: the end of the 64-bit hole. */
static uint64_t pc_max_used_gpa(PCMachineState *pcms, uint64_t base,
                                uint64_t size)
{
    PCMachineClass *pcmc = PC_MACHINE_GET_CLASS(pcms);
    X86MachineState *x86ms = X86_MACHINE(pcms);
    uint64_t end = size ? base + size
                        : x86ms->above_4g_mem_start +
                          x86ms->above_4g_mem_size;

    return align_up(end, PC_GIB_ALIGN) + pcmc->pci_hole64_size_default - 1;
}

/* -m slots=/maxmem= as qemu checks them for PC boards. */
static bool pc_check_memory(PCMachineState *pcms, Error **errp)
{
    PCMachineClass *pcmc = PC_MACHINE_GET_CLASS(pcms);
    MachineState *ms = MACHINE(pcms);
    uint64_t base, size;

    if (!pcmc->has_reserved_memory || ms->ram_size >= ms->maxram_size) {
        return true;
    }
    if (ms->ram_slots > PC_MAX_RAM_SLOTS) {
        error_setg(errp, "unsupported amount of memory slots: %" PRIu64,
                   ms->ram_slots);
        return false;
    }
    if (ms->maxram_size % PC_TARGET_PAGE_SIZE) {
        error_setg(errp, "maximum memory size must by aligned to multiple "
                   "of %llu bytes", PC_TARGET_PAGE_SIZE);
        return false;
    }
    pc_device_memory_range(pcms, &base, &size);
    if (base + size < size) {
        error_setg(errp, "unsupported amount of maximum memory: 0x%" PRIx64,
                   ms->maxram_size);
        return false;
    }
    return true;
}

/*
 * The CPU's physical address limit against the highest address the
 * layout uses; AMD CPUs first move RAM above 4 GiB past the
 * HyperTransport range if the layout reaches it.
 */
static bool pc_check_phys_bits(PCMachineState *pcms, Error **errp)
{
    X86MachineState *x86ms = X86_MACHINE(pcms);
    uint64_t limit = (1ULL << PC_PHYS_BITS_DEFAULT) - 1;
    uint64_t base, size, used;

    pc_device_memory_range(pcms, &base, &size);
    used = pc_max_used_gpa(pcms, base, size);
    if (x86_machine_cpu_is_amd(x86ms)) {
        if (used >= AMD_HT_START) {
            x86ms->above_4g_mem_start = AMD_ABOVE_1TB_START;
            pc_device_memory_range(pcms, &base, &size);
            used = pc_max_used_gpa(pcms, base, size);
        }
        /*
         * With 40 or more address bits the range is advertised whether
         * or not RAM moved, first in the table (as qemu's is).
         */
        x86_e820_add_entry(x86ms, AMD_HT_START, AMD_HT_END - AMD_HT_START,
                           E820_RESERVED);
    }
    if (used > limit) {
        error_setg(errp, "Address space limit 0x%" PRIx64 " < 0x%" PRIx64
                   " phys-bits too low (%u)", limit, used,
                   PC_PHYS_BITS_DEFAULT);
        return false;
    }
    return true;
}

/*
 * The firmware ROM: -bios FILE (machine "firmware"), or an empty ROM of
 * the default BIOS's size standing in for it; mapped to end at 4 GiB in
 * the PCI space, its last 128 KiB also at 0xe0000 ("isa-bios").
 */
static bool pc_system_firmware_init(PCMachineState *pcms, Error **errp)
{
    MachineState *ms = MACHINE(pcms);
    g_autofree char *contents = NULL;
    gsize len = PC_BIOS_DEFAULT_SIZE;
    uint64_t isa_size;

    if (ms->firmware && *ms->firmware) {
        if (!g_file_get_contents(ms->firmware, &contents, &len, NULL) ||
            len == 0 || len % PC_BIOS_SIZE_ALIGN) {
            error_setg(errp, "could not load PC BIOS '%s'", ms->firmware);
            return false;
        }
    }
    if (!memory_region_init_rom(&pcms->bios, NULL, "pc.bios", len, errp)) {
        return false;
    }
    if (contents) {
        memcpy(memory_region_get_ram_ptr(&pcms->bios), contents, len);
    }
    memory_region_add_subregion(&pcms->pci_memory, X86_FOUR_GIB - len,
                                &pcms->bios);
    isa_size = MIN(len, PC_ISA_BIOS_MAX_SIZE);
    memory_region_init_alias(&pcms->isa_bios, NULL, "isa-bios", &pcms->bios,
                             len - isa_size, isa_size);
    memory_region_add_subregion_overlap(&pcms->pci_memory,
                                        PC_ISA_BIOS_BASE +
                                        PC_ISA_BIOS_MAX_SIZE - isa_size,
                                        &pcms->isa_bios, 1);
    pcms->has_bios = true;
    return true;
}

bool pc_memory_init(PCMachineState *pcms, MemoryRegion *system_memory,
                    Error **errp)
{
    X86MachineState *x86ms = X86_MACHINE(pcms);
    uint64_t base, size;

    if (!pc_check_memory(pcms, errp) ||
        !x86_machine_split_ram(x86ms, errp) ||
        !pc_check_phys_bits(pcms, errp)) {
        return false;
    }
    x86_machine_map_ram(x86ms, system_memory);

    /* PCI space under everything else, as qemu's "pci" region is. */
    memory_region_init(&pcms->pci_memory, NULL, "pci", UINT64_MAX);
    memory_region_add_subregion_overlap(system_memory, 0, &pcms->pci_memory,
                                        -1);

    pc_device_memory_range(pcms, &base, &size);
    if (size) {
        memory_region_init(&pcms->device_memory, OBJECT(pcms),
                           "device-memory", size);
        memory_region_add_subregion(system_memory, base,
                                    &pcms->device_memory);
        pcms->device_memory_base = base;
        pcms->device_memory_size = size;
    }

    if (!pc_system_firmware_init(pcms, errp)) {
        return false;
    }
    /* The option ROM area: empty until option ROMs exist. */
    if (!memory_region_init_rom(&pcms->option_rom, NULL, "pc.rom",
                                PC_ROM_SIZE, errp)) {
        return false;
    }
    memory_region_add_subregion_overlap(&pcms->pci_memory, PC_ROM_MIN_VGA,
                                        &pcms->option_rom, 1);
    return true;
}

bool pc_fw_cfg_init(PCMachineState *pcms, Error **errp)
{
    X86MachineState *x86ms = X86_MACHINE(pcms);

    if (!x86_machine_fw_cfg_init(x86ms, errp)) {
        return false;
    }
    if (pcms->device_memory_size) {
        /* Where firmware may put 64-bit BARs: past hotpluggable memory. */
        uint64_t end = GUINT64_TO_LE(align_up(pcms->device_memory_base +
                                              pcms->device_memory_size,
                                              PC_GIB_ALIGN));

        return fw_cfg_add_file(x86ms->fw_cfg, "etc/reserved-memory-end",
                               &end, sizeof(end), errp);
    }
    return true;
}

/* Boot devices */

/* The BIOS's code for drive letter @c (CMOS nibbles), or 0 if none. */
static int pc_boot_device_code(char c)
{
    switch (c) {
    case 'a':
    case 'b':
        return 1;           /* floppy */
    case 'c':
        return 2;           /* hard disk */
    case 'd':
        return 3;           /* CD-ROM */
    case 'n':
        return 4;           /* network */
    default:
        return 0;
    }
}

/* The board's boot-set handler: check, then keep for the BIOS. */
static void pc_boot_set(void *opaque, const char *boot_device, Error **errp)
{
    PCMachineState *pcms = opaque;
    const char *p;

    /* qemu counts first, then looks at the letters. */
    if (strlen(boot_device) > PC_MAX_BOOT_DEVICES) {
        error_setg(errp, "Too many boot devices for PC");
        return;
    }
    for (p = boot_device; *p; p++) {
        if (!pc_boot_device_code(*p)) {
            error_setg(errp, "Invalid boot device for PC: '%c'", *p);
            return;
        }
    }
    g_strlcpy(pcms->boot_devices, boot_device, sizeof(pcms->boot_devices));
}

bool pc_boot_devices_init(PCMachineState *pcms, Error **errp)
{
    MachineState *ms = MACHINE(pcms);
    const char *order = ms->boot_config.order;
    Error *local_err = NULL;

    pc_boot_set(pcms, order ? order : "", &local_err);
    if (local_err) {
        error_propagate(errp, local_err);
        return false;
    }
    qemu_register_boot_set(pc_boot_set, pcms);
    pcms->boot_set_registered = true;
    return true;
}

static char *pc_get_boot_devices(Object *obj, Error **errp)
{
    return g_strdup(PC_MACHINE(obj)->boot_devices);
}

/* Properties */

static QObject *pc_get_max_fw_size(Object *obj, ObjectProperty *prop,
                                   Error **errp)
{
    return QOBJECT(qnum_from_uint(PC_MACHINE(obj)->max_fw_size));
}

static void pc_set_max_fw_size(Object *obj, ObjectProperty *prop,
                               const QInput *in, Error **errp)
{
    uint64_t value;

    if (!qinput_get_size(in, prop->name, &value, errp)) {
        return;
    }
    if (value > PC_MAX_FW_SIZE_LIMIT) {
        /* qemu's words, typos included: scripts may match them. */
        error_setg(errp, "User specified max allowed firmware size %" PRIu64
                   " is greater than 16MiB. If combined firwmare size "
                   "exceeds 16MiB the system may not boot, or experience "
                   "intermittentstability issues.", value);
        return;
    }
    PC_MACHINE(obj)->max_fw_size = value;
}

static void pc_machine_instance_init(Object *obj)
{
    PC_MACHINE(obj)->max_fw_size = PC_MAX_FW_SIZE_DEFAULT;
    /* Corvid's own (no RTC to read them from): on the instance, so that
     * -M pc,help lists qemu's options only. */
    object_property_add_str(obj, "x-boot-devices", pc_get_boot_devices,
                            NULL);
    object_property_set_description(obj, "x-boot-devices",
        "The boot devices the BIOS is told about (CMOS in qemu)");
}

static void pc_machine_instance_finalize(Object *obj)
{
    if (PC_MACHINE(obj)->boot_set_registered) {
        qemu_unregister_boot_set();
    }
}

static void pc_machine_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);
    PCMachineClass *pcmc = PC_MACHINE_CLASS(oc);

    pcmc->has_reserved_memory = true;
    pcmc->enforce_aligned_dimm = true;
    pcmc->pci_hole64_size_default = 2ULL * GiB;
    mc->default_ram_size = 128 * MiB;
    mc->default_ram_id = "pc.ram";
    /* As qemu's 7.2 PC machines: -numa node,memdev= (not mem=), dies. */
    mc->numa_supported = true;
    mc->smp_props.dies_supported = true;
    /* Floppy, hard disk, CD-ROM: the BIOS's traditional order. */
    mc->default_boot_order = "cad";

    object_class_property_add(oc, "max-fw-size", "size", pc_get_max_fw_size,
                              pc_set_max_fw_size, NULL, NULL);
    object_class_property_set_description(oc, "max-fw-size",
                                          "Maximum combined firmware size");
}

static const TypeInfo pc_machine_info = {
    .name = TYPE_PC_MACHINE,
    .parent = TYPE_X86_MACHINE,
    .abstract = true,
    .instance_size = sizeof(PCMachineState),
    .instance_init = pc_machine_instance_init,
    .instance_finalize = pc_machine_instance_finalize,
    .class_size = sizeof(PCMachineClass),
    .class_init = pc_machine_class_init,
};

static void pc_machine_register_types(void)
{
    type_register_static(&pc_machine_info);
}

type_init(pc_machine_register_types)
