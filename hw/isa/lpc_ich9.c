/*
 * "ICH9-LPC": the ICH9 LPC interface bridge at 00:1f.0 of the q35
 * machine, routing the root bus's INTx to PIRQ A-H and on to I/O APIC
 * inputs 16-23 (and ISA IRQs); see include/hw/isa/lpc_ich9.h.
 */
#include "util/osdep.h"
#include "util/module.h"
#include "hw/core/qdev-properties.h"
#include "hw/pci/pci_bus.h"
#include "hw/isa/isa.h"
#include "hw/isa/lpc_ich9.h"
#include "system/runstate.h"

/* The DxxIR register of slot @slot in the RCRB, or -1 if it has none. */
static int ich9_cc_dir_offset(int slot)
{
    switch (slot) {
    case 31:
        return ICH9_CC_D31IR;
    case 29:
        return ICH9_CC_D29IR;
    case 28:
        return ICH9_CC_D28IR;
    case 27:
        return ICH9_CC_D27IR;
    case 26:
        return ICH9_CC_D26IR;
    case 25:
        return ICH9_CC_D25IR;
    default:
        return -1;
    }
}

/* Slot 30, with no DxxIR of its own, is wired to PIRQ E-H in order. */
#define ICH9_SLOT30 30

int ich9_lpc_pirq(const uint8_t *cc, int slot, int pin)
{
    int off = ich9_cc_dir_offset(slot);

    if (off >= 0) {
        uint16_t dir = cc[off] | (cc[off + 1] << 8);

        return (dir >> (4 * pin)) & ICH9_CC_DIR_PIRQ_MASK;
    }
    if (slot == ICH9_SLOT30) {
        return 4 + pin;
    }
    return 4 + (slot + pin) % PCI_NUM_PINS;
}

/* The PIRQ route register of PIRQ @n (0-7). */
static uint8_t ich9_pirq_rout(PCIDevice *dev, int n)
{
    return dev->config[n < 4 ? ICH9_LPC_PIRQA_ROUT + n
                             : ICH9_LPC_PIRQE_ROUT + n - 4];
}

/*
 * Recompute the PIRQs from the lines and drive the outputs that change:
 * GSI 16+N for PIRQ N, and the ISA IRQs PIRQs are routed to (an IRQ
 * whose last route went is released).
 */
static void ich9_lpc_update(ICH9LPCState *lpc)
{
    PCIDevice *dev = PCI_DEVICE(lpc);
    uint8_t pirq = 0;
    uint16_t isa_level = 0;
    int line, n, irq;

    for (line = 0; line < ICH9_LPC_NB_LINES; line++) {
        if (lpc->line_level[line]) {
            pirq |= 1u << ich9_lpc_pirq(lpc->cc, line / PCI_NUM_PINS,
                                        line % PCI_NUM_PINS);
        }
    }
    for (n = 0; n < ICH9_LPC_NB_PIRQS; n++) {
        uint8_t rout = ich9_pirq_rout(dev, n);

        if ((pirq ^ lpc->pirq_level) & (1u << n)) {
            qemu_set_irq(lpc->gsi[ICH9_LPC_PIRQ_GSI_BASE + n],
                         (pirq >> n) & 1);
        }
        irq = rout & ICH9_LPC_PIRQ_ROUT_IRQ_MASK;
        if (!(rout & ICH9_LPC_PIRQ_ROUT_IRQEN) && irq &&
            (pirq & (1u << n))) {
            isa_level |= 1u << irq;
        }
    }
    for (irq = 1; irq < ICH9_LPC_ISA_IRQS; irq++) {
        if ((isa_level ^ lpc->isa_level) & (1u << irq)) {
            qemu_set_irq(lpc->gsi[irq], (isa_level >> irq) & 1);
        }
    }
    lpc->pirq_level = pirq;
    lpc->isa_level = isa_level;
}

/* The root bus's lines: one per slot and pin, so that rerouting while a
 * pin is asserted never confuses the core's per-line counts. */
static int ich9_lpc_map_irq(PCIDevice *dev, int pin)
{
    return PCI_SLOT(dev->devfn) * PCI_NUM_PINS + pin;
}

static void ich9_lpc_set_irq(void *opaque, int line, int level)
{
    ICH9LPCState *lpc = opaque;

    if (line < 0 || line >= ICH9_LPC_NB_LINES) {
        return;
    }
    lpc->line_level[line] = level != 0;
    ich9_lpc_update(lpc);
}

/* Chipset configuration registers: plain storage, little-endian. */

static uint64_t ich9_rcrb_read(void *opaque, hwaddr addr, unsigned size)
{
    ICH9LPCState *lpc = opaque;
    uint64_t val = 0;
    unsigned i;

    for (i = 0; i < size && addr + i < ICH9_CC_SIZE; i++) {
        val |= (uint64_t)lpc->cc[addr + i] << (8 * i);
    }
    return val;
}

static void ich9_rcrb_write(void *opaque, hwaddr addr, uint64_t val,
                            unsigned size)
{
    ICH9LPCState *lpc = opaque;
    unsigned i;

    for (i = 0; i < size && addr + i < ICH9_CC_SIZE; i++) {
        lpc->cc[addr + i] = val >> (8 * i);
    }
    /* A DxxIR may have changed. */
    ich9_lpc_update(lpc);
}

static const MemoryRegionOps ich9_rcrb_ops = {
    .read = ich9_rcrb_read,
    .write = ich9_rcrb_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 1,
    .valid.max_access_size = 8,
    .valid.unaligned = true,
    .impl.min_access_size = 1,
    .impl.max_access_size = 8,
    .impl.unaligned = true,
};

/* RST_CNT at 0xcf9 */

static uint64_t ich9_rst_cnt_read(void *opaque, hwaddr addr, unsigned size)
{
    return ICH9_LPC_DEVICE(opaque)->rst_cnt;
}

static void ich9_rst_cnt_write(void *opaque, hwaddr addr, uint64_t val,
                               unsigned size)
{
    ICH9LPCState *lpc = ICH9_LPC_DEVICE(opaque);

    lpc->rst_cnt = val & ICH9_RST_CNT_MASK;
    if (val & ICH9_RST_CNT_RST_CPU) {
        /* Carried out by the main loop, after this write returns. */
        qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
    }
}

static const MemoryRegionOps ich9_rst_cnt_ops = {
    .read = ich9_rst_cnt_read,
    .write = ich9_rst_cnt_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 1,
    .valid.max_access_size = 1,
    .impl.min_access_size = 1,
    .impl.max_access_size = 1,
};

static void ich9_cc_reset(ICH9LPCState *lpc)
{
    static const uint16_t dir_regs[] = {
        ICH9_CC_D31IR, ICH9_CC_D29IR, ICH9_CC_D28IR, ICH9_CC_D27IR,
        ICH9_CC_D26IR, ICH9_CC_D25IR,
    };
    size_t i;

    memset(lpc->cc, 0, sizeof(lpc->cc));
    for (i = 0; i < ARRAY_SIZE(dir_regs); i++) {
        pci_set_word(lpc->cc + dir_regs[i], ICH9_CC_DIR_DEFAULT);
    }
    pci_set_long(lpc->cc + ICH9_CC_GCS, ICH9_CC_GCS_DEFAULT);
}

static void ich9_lpc_update_rcrb(ICH9LPCState *lpc)
{
    uint32_t rcba = pci_get_long(PCI_DEVICE(lpc)->config + ICH9_LPC_RCBA);

    if (lpc->rcrb_mapped) {
        memory_region_del_subregion(get_system_memory(), &lpc->rcrb_mem);
        lpc->rcrb_mapped = false;
    }
    if (rcba & ICH9_LPC_RCBA_EN) {
        memory_region_add_subregion_overlap(get_system_memory(),
                                            rcba & ICH9_LPC_RCBA_BA_MASK,
                                            &lpc->rcrb_mem, 1);
        lpc->rcrb_mapped = true;
    }
}

static bool ranges_overlap(uint32_t a, uint32_t alen, uint32_t b,
                           uint32_t blen)
{
    return a < b + blen && b < a + alen;
}

static void ich9_lpc_write_config(PCIDevice *dev, uint32_t addr,
                                  uint32_t val, int len)
{
    ICH9LPCState *lpc = ICH9_LPC_DEVICE(dev);

    pci_default_write_config(dev, addr, val, len);
    if (ranges_overlap(addr, len, ICH9_LPC_PIRQA_ROUT, 4) ||
        ranges_overlap(addr, len, ICH9_LPC_PIRQE_ROUT, 4)) {
        ich9_lpc_update(lpc);
    }
    if (ranges_overlap(addr, len, ICH9_LPC_RCBA, 4)) {
        ich9_lpc_update_rcrb(lpc);
    }
}

static void ich9_lpc_reset(DeviceState *d)
{
    ICH9LPCState *lpc = ICH9_LPC_DEVICE(d);
    PCIDevice *dev = PCI_DEVICE(d);
    int n;

    for (n = 0; n < 4; n++) {
        dev->config[ICH9_LPC_PIRQA_ROUT + n] = ICH9_LPC_PIRQ_ROUT_DEFAULT;
        dev->config[ICH9_LPC_PIRQE_ROUT + n] = ICH9_LPC_PIRQ_ROUT_DEFAULT;
    }
    pci_set_long(dev->config + ICH9_LPC_PMBASE, ICH9_LPC_PMBASE_DEFAULT);
    pci_set_long(dev->config + ICH9_LPC_ACPI_CNTL, 0);
    pci_set_long(dev->config + ICH9_LPC_RCBA, 0);
    lpc->rst_cnt = 0;
    ich9_cc_reset(lpc);
    ich9_lpc_update_rcrb(lpc);
    /* The lines keep their levels: the devices on them reset on their
     * own and release what they asserted. */
    ich9_lpc_update(lpc);
}

static void ich9_lpc_realize(PCIDevice *dev, Error **errp)
{
    ICH9LPCState *lpc = ICH9_LPC_DEVICE(dev);
    PCIBus *bus = pci_get_bus(dev);

    if (!pci_bus_is_root(bus)) {
        error_setg(errp, "ICH9-LPC must be on the root bus");
        return;
    }
    if (bus->set_irq) {
        error_setg(errp, "ICH9-LPC: the bus's interrupts are already "
                   "routed elsewhere");
        return;
    }
    pci_set_word(dev->wmask + ICH9_LPC_PMBASE, ICH9_LPC_PMBASE_WMASK);
    pci_set_word(dev->wmask + ICH9_LPC_PMBASE + 2, 0);

    memory_region_init_io(&lpc->rcrb_mem, OBJECT(lpc), &ich9_rcrb_ops, lpc,
                          "lpc-rcrb-mmio", ICH9_CC_SIZE);
    /* Over the second byte of 0xcf8-0xcfb, which it must win. */
    memory_region_init_io(&lpc->rst_cnt_mem, OBJECT(lpc), &ich9_rst_cnt_ops,
                          lpc, "lpc-reset-control", 1);
    memory_region_add_subregion_overlap(bus->address_space_io,
                                        ICH9_RST_CNT_IOPORT,
                                        &lpc->rst_cnt_mem, 1);
    lpc->rst_cnt_space = bus->address_space_io;
    memset(lpc->line_level, 0, sizeof(lpc->line_level));
    lpc->pirq_level = 0;
    lpc->isa_level = 0;
    lpc->irq_bus = bus;
    /* ISA devices raise the same lines: GSIs 0-15 are the ISA IRQs. */
    lpc->isa_bus = isa_bus_new(DEVICE(dev), get_system_memory(),
                               get_system_io(), lpc->gsi);
    pci_bus_irqs(bus, ich9_lpc_set_irq, lpc, ICH9_LPC_NB_LINES);
    pci_bus_map_irqs(bus, ich9_lpc_map_irq);
    ich9_lpc_reset(DEVICE(dev));
}

static void ich9_lpc_exit(PCIDevice *dev)
{
    ICH9LPCState *lpc = ICH9_LPC_DEVICE(dev);

    if (lpc->irq_bus) {
        pci_bus_irqs(lpc->irq_bus, NULL, NULL, 0);
        pci_bus_map_irqs(lpc->irq_bus, NULL);
        lpc->irq_bus = NULL;
    }
    if (lpc->isa_bus) {
        object_unparent(OBJECT(lpc->isa_bus));
        lpc->isa_bus = NULL;
    }
    if (lpc->rcrb_mapped) {
        memory_region_del_subregion(get_system_memory(), &lpc->rcrb_mem);
        lpc->rcrb_mapped = false;
    }
    object_unparent(OBJECT(&lpc->rcrb_mem));
    if (lpc->rst_cnt_space) {
        memory_region_del_subregion(lpc->rst_cnt_space, &lpc->rst_cnt_mem);
        lpc->rst_cnt_space = NULL;
    }
    object_unparent(OBJECT(&lpc->rst_cnt_mem));
}

static void ich9_lpc_init(Object *obj)
{
    ICH9LPCState *lpc = ICH9_LPC_DEVICE(obj);

    qdev_init_gpio_out_named(DEVICE(obj), lpc->gsi, ICH9_GPIO_GSI,
                             ICH9_LPC_NUM_GSI);
}

static void ich9_lpc_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(oc);

    pc->realize = ich9_lpc_realize;
    pc->exit = ich9_lpc_exit;
    pc->config_write = ich9_lpc_write_config;
    pc->vendor_id = PCI_VENDOR_ID_INTEL;
    pc->device_id = PCI_DEVICE_ID_INTEL_ICH9_8;
    pc->revision = ICH9_LPC_REVISION;
    pc->class_id = PCI_CLASS_BRIDGE_ISA;
    dc->desc = "ICH9 LPC bridge";
    dc->reset = ich9_lpc_reset;
    /* Part of the q35 board: the chipset has exactly one. */
    dc->user_creatable = false;
    dc->hotpluggable = false;
    device_class_set_category(dc, DEVICE_CATEGORY_BRIDGE);
}

static const InterfaceInfo ich9_lpc_interfaces[] = {
    { INTERFACE_CONVENTIONAL_PCI_DEVICE },
    { NULL },
};

static const TypeInfo ich9_lpc_info = {
    .name = TYPE_ICH9_LPC_DEVICE,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(ICH9LPCState),
    .instance_init = ich9_lpc_init,
    .class_init = ich9_lpc_class_init,
    .interfaces = ich9_lpc_interfaces,
};

static void ich9_lpc_register_types(void)
{
    type_register_static(&ich9_lpc_info);
}

type_init(ich9_lpc_register_types)
