/*
 * PC machines: the x86 boards with a PCI host bridge (pc = i440FX +
 * PIIX3, q35 = Q35 + ICH9).
 *
 * TYPE_PC_MACHINE ("generic-pc-machine") is abstract, a child of
 * TYPE_X86_MACHINE (hw/i386/x86.h).  Beyond the x86 base it has
 *
 *   - the memory map below 4 GiB: RAM up to below_4g_mem_size, the
 *     32-bit PCI hole from there to the I/O APIC at 0xfec00000, the
 *     firmware ROM ("pc.bios", -bios / machine "firmware") ending at 4 GiB
 *     with its last 128 KiB aliased at 0xe0000 ("isa-bios"), and an
 *     option ROM area "pc.rom" at 0xc0000 (128 KiB).  The ROMs live in the
 *     PCI memory space (pci_memory), which the host bridge's PAM registers
 *     show or hide below 1 MiB;
 *   - memory hotplug space: with -m SIZE,slots=N,maxmem=MAX and MAX > SIZE
 *     a "device-memory" container of MAX - SIZE + N GiB at the first
 *     1 GiB boundary after the RAM above 4 GiB; the 64-bit PCI hole starts
 *     after it;
 *   - the -m checks qemu makes for these boards (slots at most 256,
 *     maxmem page aligned, the address space within the CPU's physical
 *     address bits), in qemu's words;
 *   - the root PCI bus (pcms->bus) once the board created it;
 *   - what qemu's PC boards share beyond that: -numa (memdev= nodes),
 *     -smp dies=, the default boot order "cad", and the boot devices
 *     (pc_boot_devices_init).
 *
 * Properties: "max-fw-size" (size, default 8 MiB: the most the firmware
 * ROM may be); read-only "x-boot-devices" (Corvid's own, see
 * pc_boot_devices_init).
 */
#ifndef HW_I386_PC_H
#define HW_I386_PC_H

#include "hw/i386/x86.h"
#include "hw/pci/pci_bus.h"

#define TYPE_PC_MACHINE "generic-pc-machine"

typedef struct PCMachineState PCMachineState;
typedef struct PCMachineClass PCMachineClass;

#define PC_MACHINE(obj) OBJECT_CHECK(PCMachineState, (obj), TYPE_PC_MACHINE)
#define PC_MACHINE_CLASS(klass) \
    OBJECT_CLASS_CHECK(PCMachineClass, (klass), TYPE_PC_MACHINE)
#define PC_MACHINE_GET_CLASS(obj) \
    OBJECT_GET_CLASS(PCMachineClass, (obj), TYPE_PC_MACHINE)

/* The I/O APIC's registers: the 32-bit PCI hole ends here. */
#define PC_IOAPIC_BASE          0xfec00000ULL
/* The option ROM area and the BIOS window below 1 MiB. */
#define PC_ROM_MIN_VGA          0xc0000ULL
#define PC_ROM_SIZE             0x20000ULL      /* 0xc0000-0xdffff */
#define PC_ISA_BIOS_BASE        0xe0000ULL
#define PC_ISA_BIOS_MAX_SIZE    0x20000ULL      /* 0xe0000-0xfffff */
#define PC_MAX_FW_SIZE_DEFAULT  (8 * MiB)
/* Memory hotplug: qemu's limit on -m slots= (ACPI's DIMM devices). */
#define PC_MAX_RAM_SLOTS        256
/* Each slot may need up to 1 GiB of alignment in device memory. */
#define PC_DIMM_SLOT_ALIGN      (1ULL * GiB)
/* The address bits of the default CPU (qemu64 under TCG: 40). */
#define PC_PHYS_BITS_DEFAULT    40
/* The BIOS boots from at most three devices (CMOS 0x3d and 0x38). */
#define PC_MAX_BOOT_DEVICES     3

struct PCMachineClass {
    X86MachineClass parent_class;

    /* -m slots/maxmem give a device-memory region (qemu: true). */
    bool has_reserved_memory;
    /* Reserve 1 GiB of alignment per slot in device memory. */
    bool enforce_aligned_dimm;
    /* The host bridge's default 64-bit PCI hole size (i440fx: 2 GiB). */
    uint64_t pci_hole64_size_default;
};

struct PCMachineState {
    X86MachineState parent_obj;

    /* Properties */
    uint64_t max_fw_size;

    /* The root PCI bus ("pci.0" on pc, "pcie.0" on q35). */
    PCIBus *bus;
    /* The PCI memory space (container "pci", 2^64 bytes), mapped into
     * system memory below RAM (priority -1) by pc_memory_init. */
    MemoryRegion pci_memory;

    /* Memory hotplug space; size 0: none. */
    MemoryRegion device_memory;
    uint64_t device_memory_base;
    uint64_t device_memory_size;

    /* Firmware */
    MemoryRegion bios;              /* "pc.bios", ends at 4 GiB */
    MemoryRegion isa_bios;          /* alias of its last 128 KiB */
    MemoryRegion option_rom;        /* "pc.rom" at 0xc0000 */
    bool has_bios;

    /* The boot devices the BIOS is told about (pc_boot_devices_init). */
    char boot_devices[PC_MAX_BOOT_DEVICES + 1];
    bool boot_set_registered;
};

/*
 * The PC memory layout in system memory: the -m checks, the RAM split
 * and aliases (x86 base), the "pci" container (pcms->pci_memory, also
 * returned) under RAM, device memory, firmware ROMs into the PCI space,
 * and the "etc/reserved-memory-end" fw_cfg value for later.  Call before
 * creating the host bridge, which maps PCI BARs into pcms->pci_memory.
 */
bool pc_memory_init(PCMachineState *pcms, MemoryRegion *system_memory,
                    Error **errp);

/* The 32-bit PCI hole: [below_4g_mem_size, PC_IOAPIC_BASE). */
uint64_t pc_pci_hole_start(PCMachineState *pcms);
uint64_t pc_pci_hole_end(PCMachineState *pcms);
/*
 * Where the 64-bit PCI hole starts: after RAM above 4 GiB and device
 * memory, rounded up to 1 GiB (4 GiB when there is neither).
 */
uint64_t pc_pci_hole64_start(PCMachineState *pcms);

/* The fw_cfg device and its items, plus the PC's own fw_cfg files. */
bool pc_fw_cfg_init(PCMachineState *pcms, Error **errp);

/*
 * The boot devices, -boot order= and once= letters: what qemu's PC
 * boards store in the RTC's CMOS (register 0x3d, and the high nibble of
 * 0x38) for the BIOS, one code per device: a and b floppy, c hard disk,
 * d CD-ROM, n network.  Corvid has no RTC: the machine keeps the letters
 * (pcms->boot_devices, read-only property "x-boot-devices").
 *
 * Checks -boot order= (or the default "cad") with qemu's errors
 * ("Too many boot devices for PC", "Invalid boot device for PC: 'p'")
 * and registers the board's boot-set handler, which -boot once= and
 * the return to order= after the next reset go through.  Boards call it
 * at the end of init.
 */
bool pc_boot_devices_init(PCMachineState *pcms, Error **errp);

#endif
