/*
 * MSI-X ([PCI] 6.8.2).
 *
 * The MSI-X capability points at two structures in the function's BARs:
 * the table, 16 bytes per vector (message address, data, vector control
 * with a mask bit), and the pending bit array (PBA), one bit per vector.
 * A vector's message is sent (through the bus-master address space, as
 * for MSI) when the device notifies it while MSI-X is enabled and neither
 * the vector nor the whole function is masked; if either is masked the
 * vector's pending bit is set and the message goes out when the guest
 * unmasks it (or clears the function mask).  While MSI-X is disabled a
 * notification is dropped: the function interrupts with INTx then.
 * Vectors start masked.  The PBA is read-only to the guest.
 *
 * The table accepts naturally aligned DWORD and QWORD accesses
 * ([PCI] 6.8.2); other sizes and misaligned accesses are refused by the
 * memory core (reads give all-ones, writes are dropped).  Bits 1:0 of
 * the message address and the reserved bits of vector control read as
 * 0.
 *
 * A device must msix_vector_use() a vector before notifying it (virtio
 * uses that to track which vectors a driver configured).
 */
#ifndef HW_PCI_MSIX_H
#define HW_PCI_MSIX_H

#include "hw/pci/pci.h"

/*
 * Add the capability at @cap_pos (0: anywhere free) for @nentries vectors
 * (1 to 2048).  The table goes at @table_offset in @table_bar (BAR
 * @table_bar_nr), the PBA at @pba_offset in @pba_bar; both offsets must
 * be 8-byte aligned and the structures must fit in their BARs without
 * overlapping.  The caller registers the BARs.  False with an error.
 */
bool msix_init(PCIDevice *dev, unsigned nentries,
               MemoryRegion *table_bar, uint8_t table_bar_nr,
               unsigned table_offset, MemoryRegion *pba_bar,
               uint8_t pba_bar_nr, unsigned pba_offset, uint8_t cap_pos,
               Error **errp);
/*
 * The same with a 32-bit memory BAR of its own (@bar_nr), registered
 * here: the table in the lower half, the PBA at the middle; the BAR is
 * at least 4 KiB and twice the table rounded up to a power of two.
 */
bool msix_init_exclusive_bar(PCIDevice *dev, unsigned nentries,
                             uint8_t bar_nr, Error **errp);
void msix_uninit(PCIDevice *dev, MemoryRegion *table_bar,
                 MemoryRegion *pba_bar);
void msix_uninit_exclusive_bar(PCIDevice *dev);
/* Back to reset state: disabled, every vector masked, nothing pending. */
void msix_reset(PCIDevice *dev);

static inline bool msix_present(const PCIDevice *dev)
{
    return dev->cap_present & PCI_CAP_PRESENT_MSIX;
}

bool msix_enabled(const PCIDevice *dev);
unsigned msix_nr_vectors_allocated(const PCIDevice *dev);
/* Whether @vector is masked (by itself or by the function mask). */
bool msix_is_masked(PCIDevice *dev, unsigned vector);
bool msix_is_pending(PCIDevice *dev, unsigned vector);
void msix_set_pending(PCIDevice *dev, unsigned vector);
void msix_clr_pending(PCIDevice *dev, unsigned vector);

/* Reference counting of vectors the device intends to use. */
int msix_vector_use(PCIDevice *dev, unsigned vector);
void msix_vector_unuse(PCIDevice *dev, unsigned vector);
void msix_unuse_all_vectors(PCIDevice *dev);

MSIMessage msix_get_message(PCIDevice *dev, unsigned vector);
/* Interrupt with @vector (see above). */
void msix_notify(PCIDevice *dev, unsigned vector);

/* Track guest writes to the capability (pci_default_write_config). */
void msix_write_config(PCIDevice *dev, uint32_t addr, uint32_t val, int len);

/*
 * Be told when vectors become usable or masked (see MSIVectorUseNotifier);
 * set calls @use for every vector already usable.  Returns 0 or the first
 * error of @use (nothing is left set then).
 */
int msix_set_vector_notifiers(PCIDevice *dev, MSIVectorUseNotifier use,
                              MSIVectorReleaseNotifier release,
                              MSIVectorPollNotifier poll);
void msix_unset_vector_notifiers(PCIDevice *dev);

#endif
