/*
 * The PIIX3 PCI-to-ISA bridge ("PIIX3"): PCI INTx routing through the
 * PIRQ route control registers to ISA IRQs, and the ISA bus "isa.0"
 * (see include/hw/isa/piix3.h).
 */
#include "util/osdep.h"
#include "util/module.h"
#include "hw/isa/piix3.h"
#include "system/runstate.h"

int pci_slot_get_pirq(PCIDevice *dev, int pin)
{
    return (PCI_SLOT(dev->devfn) + pin) & (PIIX_NUM_PIRQS - 1);
}

/*
 * The ISA IRQ PIRQ @pirq is routed to, or -1.  Bit 7 disables the route;
 * like qemu, any other value from 16 up (reserved bits 6:4 set) routes
 * nowhere, and 0-15 route to that IRQ.
 */
static int piix3_pirq_route(PIIX3State *s, int pirq)
{
    uint8_t rc = PCI_DEVICE(s)->config[PIIX_PIRQCA + pirq];

    return rc < ISA_NUM_IRQS ? rc : -1;
}

/*
 * Drive each ISA IRQ with the OR of the PIRQs routed to it; only lines
 * whose level changes are touched.
 */
static void piix3_update_irqs(PIIX3State *s)
{
    PCIBus *bus = pci_get_bus(PCI_DEVICE(s));
    uint16_t levels = 0, changed;
    int pirq, irq;

    for (pirq = 0; pirq < PIIX_NUM_PIRQS; pirq++) {
        irq = piix3_pirq_route(s, pirq);
        if (irq >= 0 && pci_bus_get_irq_level(bus, pirq)) {
            levels |= 1u << irq;
        }
    }
    changed = levels ^ s->isa_levels;
    s->isa_levels = levels;
    for (irq = 0; irq < ISA_NUM_IRQS; irq++) {
        if (changed & (1u << irq)) {
            qemu_set_irq(s->isa_irqs[irq], !!(levels & (1u << irq)));
        }
    }
}

/* The root bus's lines (PIRQA#-PIRQD#) changed. */
static void piix3_set_irq(void *opaque, int pirq, int level)
{
    PIIX3State *s = opaque;

    if (pirq < 0 || pirq >= PIIX_NUM_PIRQS) {
        return;
    }
    piix3_update_irqs(s);
}

static void piix3_write_config(PCIDevice *dev, uint32_t addr, uint32_t val,
                               int len)
{
    pci_default_write_config(dev, addr, val, len);
    if (addr < PIIX_PIRQCA + PIIX_NUM_PIRQS && addr + len > PIIX_PIRQCA) {
        piix3_update_irqs(PIIX3_PCI_DEVICE(dev));
    }
}

/* The reset control register at 0xcf9 */

static uint64_t piix3_rcr_read(void *opaque, hwaddr addr, unsigned size)
{
    return PIIX3_PCI_DEVICE(opaque)->rcr;
}

static void piix3_rcr_write(void *opaque, hwaddr addr, uint64_t val,
                            unsigned size)
{
    PIIX3State *s = PIIX3_PCI_DEVICE(opaque);

    s->rcr = val & PIIX_RCR_SRST;
    if (val & PIIX_RCR_RCPU) {
        /* Carried out by the main loop, after this write returns. */
        qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
    }
}

static const MemoryRegionOps piix3_rcr_ops = {
    .read = piix3_rcr_read,
    .write = piix3_rcr_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 1,
    .valid.max_access_size = 1,
    .impl.min_access_size = 1,
    .impl.max_access_size = 1,
};

/*
 * Register defaults from the 82371SB datasheet, section 2.2, for the
 * registers qemu's PIIX3 resets (observed: a guest's writes to the
 * others, such as MSTAT and MBIRQ1, survive a reset there).
 */
static void piix3_reset(DeviceState *dev)
{
    PIIX3State *s = PIIX3_PCI_DEVICE(dev);
    uint8_t *c = PCI_DEVICE(dev)->config;
    int i;

    c[PIIX_IORT] = 0x4d;
    pci_set_word(c + PIIX_XBCS, 0x0003);
    for (i = 0; i < PIIX_NUM_PIRQS; i++) {
        c[PIIX_PIRQCA + i] = PIIX_PIRQ_DISABLE;
    }
    c[PIIX_TOM] = 0x02;
    c[PIIX_MBIRQ0] = 0x80;
    c[PIIX_MBDMA0] = 0x0c;
    c[PIIX_MBDMA1] = 0x0c;
    pci_set_word(c + PIIX_PCSC, 0x0002);
    c[PIIX_APICBASE] = 0x00;
    c[PIIX_DLC] = 0x00;
    c[PIIX_SMICNTL] = 0x08;
    pci_set_word(c + PIIX_SMIEN, 0x0000);
    pci_set_long(c + PIIX_SEE, 0x00000000);
    c[PIIX_FTMR] = 0x0f;
    pci_set_word(c + PIIX_SMIREQ, 0x0000);
    c[PIIX_CTLTMR] = 0x00;
    c[PIIX_CTHTMR] = 0x00;
    s->rcr = 0;
    piix3_update_irqs(s);
}

static void piix3_realize(PCIDevice *dev, Error **errp)
{
    PIIX3State *s = PIIX3_PCI_DEVICE(dev);
    PCIBus *bus = pci_get_bus(dev);

    if (!pci_bus_is_root(bus)) {
        error_setg(errp, "PIIX3 must be on a root bus");
        return;
    }
    /* DEVSEL# timing: medium (status bits 10:9 = 01) */
    pci_set_word(dev->config + PCI_STATUS, PIIX_STATUS_DEVSEL_MEDIUM);
    s->isa_bus = isa_bus_new(DEVICE(dev), get_system_memory(),
                             bus->address_space_io, s->isa_irqs);
    /* Over the second byte of 0xcf8-0xcfb, which it must win. */
    memory_region_init_io(&s->rcr_mem, OBJECT(dev), &piix3_rcr_ops, s,
                          "piix3-reset-control", 1);
    memory_region_add_subregion_overlap(bus->address_space_io,
                                        PIIX_RCR_IOPORT, &s->rcr_mem, 1);
    s->rcr_space = bus->address_space_io;
}

static void piix3_exit(PCIDevice *dev)
{
    PIIX3State *s = PIIX3_PCI_DEVICE(dev);

    if (s->rcr_space) {
        memory_region_del_subregion(s->rcr_space, &s->rcr_mem);
        s->rcr_space = NULL;
    }
    object_unparent(OBJECT(&s->rcr_mem));
}

static void piix3_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(oc);

    k->realize = piix3_realize;
    k->exit = piix3_exit;
    k->config_write = piix3_write_config;
    k->vendor_id = PCI_VENDOR_ID_INTEL;
    k->device_id = PCI_DEVICE_ID_INTEL_82371SB_0;
    k->class_id = PCI_CLASS_BRIDGE_ISA;
    dc->desc = "ISA bridge";
    dc->reset = piix3_reset;
    /* Part of the board: never created with -device. */
    dc->user_creatable = false;
    dc->hotpluggable = false;
}

static const TypeInfo piix3_info = {
    .name = TYPE_PIIX3_DEVICE,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(PIIX3State),
    .class_init = piix3_class_init,
    .interfaces = (const InterfaceInfo[]) {
        { INTERFACE_CONVENTIONAL_PCI_DEVICE },
        { }
    },
};

PIIX3State *piix3_create(PCIBus *bus, qemu_irq *isa_irqs, Error **errp)
{
    PCIDevice *dev = pci_new_multifunction(PIIX3_DEVFN, true,
                                           TYPE_PIIX3_DEVICE);
    PIIX3State *s = PIIX3_PCI_DEVICE(dev);

    memcpy(s->isa_irqs, isa_irqs, sizeof(s->isa_irqs));
    if (!pci_realize_and_unref(dev, bus, errp)) {
        return NULL;
    }
    pci_bus_irqs(bus, piix3_set_irq, s, PIIX_NUM_PIRQS);
    pci_bus_map_irqs(bus, pci_slot_get_pirq);
    return s;
}

static void piix3_register_types(void)
{
    type_register_static(&piix3_info);
}

type_init(piix3_register_types)
