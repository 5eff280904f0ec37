/*
 * PCI Express root ports: the abstract "pcie-root-port-base" and what
 * its models ("pcie-root-port", "ioh3420") choose.
 *
 * Configuration space of a root port, as qemu lays it out:
 *
 *   0x40  bridge subsystem vendor ID (the model's vendor, device 0)
 *   ...   the model's interrupt capability (MSI-X or MSI)
 *   exp   PCI Express capability, version 2, root port with a slot
 *   0x100 advanced error reporting, version 2
 *   0x148 access control services (pcie-root-port only, unless
 *         disable-acs=on)
 *
 * The hot-plug interrupt is vector 0 of that capability, or INTA.
 */
#ifndef HW_PCI_BRIDGE_PCIE_ROOT_PORT_H
#define HW_PCI_BRIDGE_PCIE_ROOT_PORT_H

#include "hw/pci/pcie_port.h"

#define TYPE_PCIE_ROOT_PORT "pcie-root-port-base"

#define PCIE_ROOT_PORT_SSVID_OFFSET     0x40
#define PCIE_ROOT_PORT_AER_OFFSET       0x100
#define PCIE_ROOT_PORT_ACS_OFFSET       0x148

typedef struct PCIERootPort {
    PCIESlot parent_obj;

    bool disable_acs;
} PCIERootPort;

typedef struct PCIERootPortClass {
    PCIDeviceClass parent_class;

    uint8_t exp_offset;         /* where the PCI Express capability goes */
    bool has_acs;
    /* The interrupt capability; false with an error. */
    bool (*interrupts_init)(PCIDevice *dev, Error **errp);
    void (*interrupts_uninit)(PCIDevice *dev);
    /* Model-specific capabilities after the slot's (optional). */
    bool (*extra_init)(PCIDevice *dev, Error **errp);
} PCIERootPortClass;

#define PCIE_ROOT_PORT(obj) \
    OBJECT_CHECK(PCIERootPort, (obj), TYPE_PCIE_ROOT_PORT)
#define PCIE_ROOT_PORT_CLASS(klass) \
    OBJECT_CLASS_CHECK(PCIERootPortClass, (klass), TYPE_PCIE_ROOT_PORT)
#define PCIE_ROOT_PORT_GET_CLASS(obj) \
    OBJECT_GET_CLASS(PCIERootPortClass, (obj), TYPE_PCIE_ROOT_PORT)

#endif
