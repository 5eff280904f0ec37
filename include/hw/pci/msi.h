/*
 * Message signalled interrupts ([PCI] 6.8.1).
 *
 * A function with the MSI capability interrupts by writing a 32-bit
 * message (the data register, its low bits replaced by the vector number
 * when several vectors are enabled) to the address register, through its
 * bus-master address space: with Bus Master Enable clear nothing is sent.
 * With per-vector masking a masked vector's message is held as a pending
 * bit and sent when the guest unmasks it.
 *
 * The guest owns the capability's fields: msi_write_config (called by
 * pci_default_write_config) clamps a Multiple Message Enable larger than
 * what the function asked for, and deasserts INTx when MSI is enabled.
 */
#ifndef HW_PCI_MSI_H
#define HW_PCI_MSI_H

#include "hw/pci/pci.h"

/*
 * Add the capability at @offset (0: anywhere free) for @nr_vectors (a
 * power of two, 1 to 32), with 64-bit addresses and per-vector masking
 * as asked.  False with an error if the arguments are wrong or it does
 * not fit.
 */
bool msi_init(PCIDevice *dev, uint8_t offset, unsigned nr_vectors,
              bool msi64bit, bool per_vector_mask, Error **errp);
void msi_uninit(PCIDevice *dev);
/* Back to reset state: disabled, message and masks cleared. */
void msi_reset(PCIDevice *dev);

static inline bool msi_present(const PCIDevice *dev)
{
    return dev->cap_present & PCI_CAP_PRESENT_MSI;
}

bool msi_enabled(const PCIDevice *dev);
/* Vectors the function asked for / the guest enabled. */
unsigned msi_nr_vectors_allocated(const PCIDevice *dev);
unsigned msi_nr_vectors_enabled(const PCIDevice *dev);
bool msi_is_masked(const PCIDevice *dev, unsigned vector);
/* Set or clear a vector's mask bit as the device (not the guest). */
void msi_set_mask(PCIDevice *dev, unsigned vector, bool mask);
bool msi_is_pending(const PCIDevice *dev, unsigned vector);

/* The message of @vector as the guest programmed it. */
MSIMessage msi_get_message(PCIDevice *dev, unsigned vector);
/*
 * Interrupt with @vector: sent if MSI is enabled and the vector is not
 * masked, left pending if masked, dropped if MSI is disabled.  A vector
 * beyond what the guest enabled folds onto vector % enabled.
 */
void msi_notify(PCIDevice *dev, unsigned vector);
/* Write @msg through the function's bus-master space. */
void msi_send_message(PCIDevice *dev, MSIMessage msg);

/* Track guest writes to the capability (pci_default_write_config). */
void msi_write_config(PCIDevice *dev, uint32_t addr, uint32_t val, int len);

#endif
