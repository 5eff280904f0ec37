/*
 * PCI INTx interrupts and bus mastering: routing a function's pin up
 * through bridges to a root bus line, the Interrupt Disable and
 * Interrupt Status bits, and the bus-master address space that follows
 * the Bus Master Enable bit (see include/hw/pci/pci.h).
 */
#include "util/osdep.h"
#include "hw/pci/pci.h"
#include "hw/pci/pci_bus.h"
#include "pci-internal.h"

int pci_swizzle_map_irq_fn(PCIDevice *dev, int pin)
{
    return pci_swizzle(PCI_SLOT(dev->devfn), pin);
}

static bool pci_irq_disabled(PCIDevice *dev)
{
    return pci_get_word(dev->config + PCI_COMMAND) & PCI_COMMAND_INTX_DISABLE;
}

/*
 * Add @change (+1 or -1) to the count of the root bus line that pin
 * @pin of @dev ends on.  Each bus without lines of its own maps the pin
 * to its bridge's pin and passes it up.
 */
static void pci_change_irq_level(PCIDevice *dev, int pin, int change)
{
    PCIBus *bus;
    int guard;

    for (guard = 0; guard < PCI_BUS_MAX; guard++) {
        bus = pci_get_bus(dev);
        if (!bus->map_irq) {
            /* A root bus its host never wired: nothing to drive. */
            return;
        }
        pin = bus->map_irq(dev, pin);
        if (bus->set_irq || !bus->parent_dev) {
            break;
        }
        if (pin < 0 || pin >= PCI_NUM_PINS) {
            return;
        }
        dev = bus->parent_dev;
    }
    if (guard == PCI_BUS_MAX || !bus->set_irq || pin < 0 ||
        pin >= bus->nirq) {
        return;
    }
    bus->irq_count[pin] += change;
    g_assert(bus->irq_count[pin] >= 0);
    bus->set_irq(bus->irq_opaque, pin, bus->irq_count[pin] != 0);
}

/* [PCI] 6.2.3: the Interrupt Status bit shows the function's own state,
 * whatever Interrupt Disable says. */
static void pci_update_irq_status(PCIDevice *dev)
{
    if (dev->irq_state) {
        pci_word_test_and_set_mask(dev->config + PCI_STATUS,
                                   PCI_STATUS_INTERRUPT);
    } else {
        pci_word_test_and_clear_mask(dev->config + PCI_STATUS,
                                     PCI_STATUS_INTERRUPT);
    }
}

static void pci_set_irq_pin(PCIDevice *dev, int pin, int level)
{
    int old = (dev->irq_state >> pin) & 1;
    int change = !!level - old;

    if (!change) {
        return;
    }
    dev->irq_state ^= 1 << pin;
    pci_update_irq_status(dev);
    if (!pci_irq_disabled(dev)) {
        pci_change_irq_level(dev, pin, change);
    }
}

void pci_set_irq(PCIDevice *dev, int level)
{
    int pin;

    if (!dev->config) {
        return;
    }
    pin = dev->config[PCI_INTERRUPT_PIN] - 1;
    if (pin < 0 || pin >= PCI_NUM_PINS) {
        /* The device model has no pin; nothing to drive. */
        return;
    }
    pci_set_irq_pin(dev, pin, level);
}

void pci_device_deassert_intx(PCIDevice *dev)
{
    int pin;

    if (!dev->config) {
        return;
    }
    for (pin = 0; pin < PCI_NUM_PINS; pin++) {
        pci_set_irq_pin(dev, pin, 0);
    }
}

void pci_update_irq_disabled(PCIDevice *dev, bool was_disabled)
{
    bool disabled = pci_irq_disabled(dev);
    int pin;

    if (disabled == was_disabled) {
        return;
    }
    for (pin = 0; pin < PCI_NUM_PINS; pin++) {
        if (dev->irq_state & (1 << pin)) {
            pci_change_irq_level(dev, pin, disabled ? -1 : 1);
        }
    }
}

/* Bus mastering */

void pci_bus_master_init(PCIDevice *dev)
{
    MemoryRegion *root = pci_device_root_bus(dev)->dma_root;

    memory_region_init(&dev->bus_master_container_region, OBJECT(dev),
                       "bus master container", UINT64_MAX);
    memory_region_init_alias(&dev->bus_master_enable_region, OBJECT(dev),
                             "bus master", root, 0,
                             memory_region_size(root));
    memory_region_set_enabled(&dev->bus_master_enable_region, false);
    memory_region_add_subregion(&dev->bus_master_container_region, 0,
                                &dev->bus_master_enable_region);
    address_space_init(&dev->bus_master_as,
                       &dev->bus_master_container_region, dev->name);
    dev->bus_master_ready = true;
    pci_bus_master_update(dev);
}

void pci_bus_master_update(PCIDevice *dev)
{
    if (dev->bus_master_ready) {
        memory_region_set_enabled(&dev->bus_master_enable_region,
                                  !dev->powered_off &&
                                  (pci_get_word(dev->config + PCI_COMMAND) &
                                   PCI_COMMAND_MASTER));
    }
}

void pci_bus_master_cleanup(PCIDevice *dev)
{
    if (!dev->bus_master_ready) {
        return;
    }
    dev->bus_master_ready = false;
    address_space_destroy(&dev->bus_master_as);
    memory_region_del_subregion(&dev->bus_master_container_region,
                                &dev->bus_master_enable_region);
    /* Gone from the owner too, so that a later realize starts afresh. */
    object_unparent(OBJECT(&dev->bus_master_enable_region));
    object_unparent(OBJECT(&dev->bus_master_container_region));
}
