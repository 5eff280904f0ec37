/*
 * PCI Express functions: the PCI Express capability and the extended
 * capability list in configuration space 0x100-0xfff ([PCIe] 7.5.3,
 * 7.6).
 *
 * A function is Express when its type implements only
 * INTERFACE_PCIE_DEVICE, or when a hybrid type (both interfaces) sets
 * PCI_CAP_PRESENT_EXPRESS in its DeviceClass realize before the PCI core
 * runs; it then has 4 KiB of configuration space, of which ECAM reaches
 * all and configuration mechanism #1 the first 256 bytes.
 *
 * Extended capabilities form a list starting at 0x100: the first one
 * added must sit there, later ones are linked after the last.  Like
 * conventional capabilities they are read-only until their owner opens
 * fields in wmask/w1cmask.
 */
#ifndef HW_PCI_PCIE_H
#define HW_PCI_PCIE_H

#include "hw/pci/pci.h"

/*
 * Add extended capability @cap_id version @cap_ver of @size bytes at
 * @offset.  False with an error if it is misplaced (not dword aligned,
 * outside 0x100-0xfff, not 0x100 for the first) or overlaps another.
 */
bool pcie_add_capability(PCIDevice *dev, uint16_t cap_id, uint8_t cap_ver,
                         uint16_t offset, uint16_t size, Error **errp);
/* The offset of extended capability @cap_id, or 0. */
uint16_t pcie_find_capability(PCIDevice *dev, uint16_t cap_id);

/*
 * Add the PCI Express capability (version 2) for a function of @type
 * (PCI_EXP_TYPE_*) at @offset (0: anywhere free), link port number @port.
 * The link reports 2.5 GT/s x1; device control and the error status bits
 * are the guest's.  Returns the offset, or -1 with an error.
 */
int pcie_cap_init(PCIDevice *dev, uint8_t offset, uint8_t type, uint8_t port,
                  Error **errp);
void pcie_cap_exit(PCIDevice *dev);
/* The device/port type field, or -1 without the capability. */
int pcie_cap_get_type(const PCIDevice *dev);
/* Whether @dev is a root port or a switch downstream port. */
bool pcie_is_downstream_port(const PCIDevice *dev);
/* Add the device serial number capability with @serial at @offset. */
bool pcie_dev_ser_num_init(PCIDevice *dev, uint16_t offset, uint64_t serial,
                           Error **errp);
/* Add the ARI capability at @offset (next function number @nextfn). */
bool pcie_ari_init(PCIDevice *dev, uint16_t offset, uint8_t nextfn,
                   Error **errp);

#endif
