/*
 * The pc machine: "pc-i440fx-7.2" (alias "pc"), "Standard PC (i440FX +
 * PIIX, 1996)": the i440FX host bridge at 00:00.0, the PIIX3 ISA bridge
 * at 00:01.0, the I/O APIC, fw_cfg, and the PC memory map of
 * hw/i386/pc.c.
 *
 * PCI interrupts: slot S pin P drives PIRQ (S + P) mod 4; PIIX3 routes
 * the PIRQs to ISA IRQs, which are GSIs 0-15 of the I/O APIC.
 */
#include "util/osdep.h"
#include "util/module.h"
#include "hw/i386/pc.h"
#include "hw/pci-host/i440fx.h"
#include "hw/isa/piix3.h"
#include "hw/acpi/piix4.h"

#define TYPE_PC_I440FX_MACHINE MACHINE_TYPE_NAME("pc-i440fx-7.2")
/* qemu's limit for the i440FX machines. */
#define PC_I440FX_MAX_CPUS 255
/*
 * Low RAM ends at 3.5 GiB, or at 3 GiB from that much RAM on; qemu's
 * "max-ram-below-4g" reads 3.5 GiB unless set.
 */
#define PC_I440FX_LOWMEM_LIMIT          0xe0000000ULL
#define PC_I440FX_LOWMEM_GIG_ALIGNED    0xc0000000ULL

static void pc_i440fx_init(MachineState *ms, Error **errp)
{
    PCMachineState *pcms = PC_MACHINE(ms);
    X86MachineState *x86ms = X86_MACHINE(ms);
    MemoryRegion *sysmem = get_system_memory();
    Object *host;
    PCIBus *bus;

    if (!x86_cpus_init(x86ms, errp) || !pc_memory_init(pcms, sysmem, errp)) {
        return;
    }
    if (!ms->ram) {
        /* PAM and SMRAM show parts of it: the core always makes some. */
        error_setg(errp, "the pc machine needs RAM");
        return;
    }
    bus = i440fx_init(sysmem, get_system_io(), &pcms->pci_memory, ms->ram,
                      x86ms->below_4g_mem_size, x86ms->above_4g_mem_size,
                      pc_pci_hole64_start(pcms), errp);
    if (!bus) {
        return;
    }
    pcms->bus = bus;
    host = object_resolve_path("/machine/i440fx", NULL);
    if (!x86_ioapic_create(x86ms, host, errp)) {
        return;
    }
    if (!piix3_create(bus, x86ms->gsi, errp)) {
        return;
    }
    /*
     * PIIX4_PM at 00:01.3: ACPI, and the hotplug handler of pci.0 (it
     * must exist before -device adds bridges whose buses it serves).
     * Its SCI is ISA IRQ 9.
     */
    if (!piix4_pm_create(bus, x86ms->gsi[PIIX4_PM_SCI_INT], errp) ||
        !pc_fw_cfg_init(pcms, errp)) {
        return;
    }
    pc_boot_devices_init(pcms, errp);
}

static void pc_i440fx_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);
    X86MachineClass *x86mc = X86_MACHINE_CLASS(oc);
    PCMachineClass *pcmc = PC_MACHINE_CLASS(oc);

    mc->desc = "Standard PC (i440FX + PIIX, 1996)";
    mc->alias = "pc";
    mc->is_default = true;
    mc->init = pc_i440fx_init;
    mc->max_cpus = PC_I440FX_MAX_CPUS;
    mc->default_ram_size = 128 * MiB;
    mc->default_ram_id = "pc.ram";
    x86mc->lowmem_limit = PC_I440FX_LOWMEM_LIMIT;
    x86mc->lowmem_gig_aligned = PC_I440FX_LOWMEM_GIG_ALIGNED;
    x86mc->gigabyte_align = true;
    x86mc->max_ram_below_4g_default = PC_I440FX_LOWMEM_LIMIT;
    x86mc->lowmem_warning = x86_machine_lowmem_warning;
    pcmc->pci_hole64_size_default = I440FX_PCI_HOST_HOLE64_SIZE_DEFAULT;
}

static const TypeInfo pc_i440fx_info = {
    .name = TYPE_PC_I440FX_MACHINE,
    .parent = TYPE_PC_MACHINE,
    .class_init = pc_i440fx_class_init,
};

static void pc_piix_register_types(void)
{
    type_register_static(&pc_i440fx_info);
}

type_init(pc_piix_register_types)
