/*
 * The q35 machine: "pc-q35-7.2" (alias "q35"), a PC built around the
 * Q35 host bridge (MCH) and the ICH9 southbridge, laid out as qemu 7.2
 * lays it out (docs/system/q35.rst):
 *
 *   /machine/q35            q35-pcihost, root bus "pcie.0"
 *   /machine/q35/mch        00:00.0, the memory map registers
 *   /machine/q35/ioapic     the I/O APIC, GSIs 0-23
 *   ICH9-LPC                00:1f.0 (multifunction), INTx -> GSIs 16-23
 *   /machine/fw_cfg         the x86 fw_cfg items
 *
 * RAM below 4 GiB ends at 0xb0000000 (where the ECAM window firmware
 * enables starts) or, with that much RAM or more, at 2 GiB.
 */
#include "util/osdep.h"
#include "util/module.h"
#include "util/error-report.h"
#include "qom/object-property.h"
#include "hw/core/qdev-properties.h"
#include "hw/i386/pc.h"
#include "hw/pci-host/q35.h"
#include "hw/isa/lpc_ich9.h"

#define TYPE_Q35_MACHINE MACHINE_TYPE_NAME("pc-q35-7.2")
#define Q35_MACHINE(obj) OBJECT_CHECK(Q35MachineState, (obj), TYPE_Q35_MACHINE)

/* Low RAM ends at the default ECAM base, or 2 GiB for big guests. */
#define Q35_LOWMEM_LIMIT        0xb0000000ULL
#define Q35_LOWMEM_GIG_ALIGNED  0x80000000ULL

typedef struct Q35MachineState {
    PCMachineState parent_obj;
} Q35MachineState;

/*
 * q35's own RAM split warning, on its own condition: qemu's q35 warns
 * when the lowered limit is not a multiple of 1 GiB and the RAM above it
 * (ram_size - lowmem, computed modulo 2^64 as qemu does, so that less
 * RAM than the limit counts as a huge amount) exceeds the limit.  Its
 * text, double space and "then" included, is qemu's.
 */
static void pc_q35_lowmem_warning(X86MachineState *x86ms, uint64_t lowmem)
{
    uint64_t ram_size = MACHINE(x86ms)->ram_size;

    if (ram_size - lowmem > lowmem && (lowmem & (1ULL * GiB - 1))) {
        warn_report("There is possibly poor performance as the ram size  "
                    "(0x%" PRIx64 ") is more then twice the size of "
                    "max-ram-below-4g (%" PRIu64 ") and max-ram-below-4g "
                    "is not a multiple of 1G.", ram_size, lowmem);
    }
}

/* The host bridge, as child "q35" of the machine. */
static Q35PCIHost *pc_q35_host_create(PCMachineState *pcms, Error **errp)
{
    MachineState *ms = MACHINE(pcms);
    X86MachineState *x86ms = X86_MACHINE(pcms);
    DeviceState *phb = qdev_new(TYPE_Q35_HOST_DEVICE);
    Object *o = OBJECT(phb);

    object_property_add_child(OBJECT(ms), "q35", o);
    /* The board's own wiring: failing here is a programming error. */
    object_property_set_link(o, "ram-mem", OBJECT(ms->ram), &error_abort);
    object_property_set_link(o, "pci-mem", OBJECT(&pcms->pci_memory),
                             &error_abort);
    object_property_set_link(o, "system-mem", OBJECT(get_system_memory()),
                             &error_abort);
    object_property_set_link(o, "io-mem", OBJECT(get_system_io()),
                             &error_abort);
    object_property_set_uint(o, "below-4g-mem-size",
                             x86ms->below_4g_mem_size, &error_abort);
    object_property_set_uint(o, "above-4g-mem-size",
                             x86ms->above_4g_mem_size, &error_abort);
    /* -global q35-pcihost.X and -global mch.X can still fail it. */
    if (!sysbus_realize_and_unref(SYS_BUS_DEVICE(phb), errp)) {
        object_unparent(o);
        return NULL;
    }
    return Q35_HOST_DEVICE(phb);
}

/* The LPC bridge at 00:1f.0, its GSI outputs wired to the I/O APIC. */
static bool pc_q35_lpc_create(PCMachineState *pcms, Error **errp)
{
    X86MachineState *x86ms = X86_MACHINE(pcms);
    PCIDevice *lpc = pci_new_multifunction(ICH9_LPC_DEVFN, true,
                                           TYPE_ICH9_LPC_DEVICE);
    int i;

    if (!pci_realize_and_unref(lpc, pcms->bus, errp)) {
        return false;
    }
    for (i = 0; i < ICH9_LPC_NUM_GSI && i < X86_NUM_GSI; i++) {
        qdev_connect_gpio_out_named(DEVICE(lpc), ICH9_GPIO_GSI, i,
                                    x86ms->gsi[i]);
    }
    return true;
}

static void pc_q35_init(MachineState *ms, Error **errp)
{
    PCMachineState *pcms = PC_MACHINE(ms);
    X86MachineState *x86ms = X86_MACHINE(ms);
    Q35PCIHost *host;

    if (!x86_cpus_init(x86ms, errp) ||
        !pc_memory_init(pcms, get_system_memory(), errp)) {
        return;
    }
    host = pc_q35_host_create(pcms, errp);
    if (!host) {
        return;
    }
    pcms->bus = PCI_HOST_BRIDGE(host)->bus;
    if (!x86_ioapic_create(x86ms, OBJECT(host), errp) ||
        !pc_q35_lpc_create(pcms, errp) ||
        !pc_fw_cfg_init(pcms, errp)) {
        return;
    }
    pc_boot_devices_init(pcms, errp);
}

static void pc_q35_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);
    X86MachineClass *x86mc = X86_MACHINE_CLASS(oc);
    PCMachineClass *pcmc = PC_MACHINE_CLASS(oc);

    mc->desc = "Standard PC (Q35 + ICH9, 2009)";
    mc->alias = "q35";
    mc->init = pc_q35_init;
    x86mc->lowmem_limit = Q35_LOWMEM_LIMIT;
    x86mc->lowmem_gig_aligned = Q35_LOWMEM_GIG_ALIGNED;
    x86mc->gigabyte_align = true;
    /* qemu's q35 reads 4 GiB until set: its own split decides. */
    x86mc->max_ram_below_4g_default = X86_MAX_RAM_BELOW_4G_LIMIT;
    x86mc->lowmem_warning = pc_q35_lowmem_warning;
    pcmc->pci_hole64_size_default = Q35_PCI_HOLE64_SIZE_DEFAULT;
}

static const TypeInfo pc_q35_info = {
    .name = TYPE_Q35_MACHINE,
    .parent = TYPE_PC_MACHINE,
    .instance_size = sizeof(Q35MachineState),
    .class_init = pc_q35_class_init,
};

static void pc_q35_register_types(void)
{
    type_register_static(&pc_q35_info);
}

type_init(pc_q35_register_types)
