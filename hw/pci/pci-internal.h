/*
 * Glue between the files of the PCI core; not for use outside hw/pci/.
 */
#ifndef HW_PCI_PCI_INTERNAL_H
#define HW_PCI_PCI_INTERNAL_H

#include "hw/pci/pci.h"
#include "hw/pci/pci_bus.h"

#define PCI_ALIGN4(x) (((x) + 3) & ~3u)

/* pci-config.c: configuration space and its masks */
void pci_config_alloc(PCIDevice *dev);
void pci_config_free(PCIDevice *dev);
/* Fill in the header and the masks from the class. */
void pci_config_init(PCIDevice *dev);
/* Whether [addr, addr+len) touches [start, start+size). */
static inline bool pci_ranges_overlap(uint32_t addr, uint32_t len,
                                      uint32_t start, uint32_t size)
{
    return addr < start + size && start < addr + len;
}

/* pci-bar.c: BARs and the expansion ROM */
void pci_bars_unmap(PCIDevice *dev);
void pci_bars_reset(PCIDevice *dev);
bool pci_rom_init(PCIDevice *dev, Error **errp);
void pci_rom_cleanup(PCIDevice *dev);

/* pci-irq.c: INTx */
/* The command register's Interrupt Disable bit changed from @was. */
void pci_update_irq_disabled(PCIDevice *dev, bool was_disabled);
/* The bus master space follows the command register. */
void pci_bus_master_init(PCIDevice *dev);
void pci_bus_master_cleanup(PCIDevice *dev);
void pci_bus_master_update(PCIDevice *dev);

#endif
