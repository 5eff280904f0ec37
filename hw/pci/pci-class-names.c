/*
 * Human-readable names of PCI class codes, as "info pci" and query-pci
 * show them (see pci_class_description in include/hw/pci/pci.h).
 *
 * Each name is the one qemu 7.2 shows for the class (checked against its
 * query-pci output); other classes have no name, and then both show the
 * number instead.  Add a class here only with qemu's spelling.
 */
#include "util/osdep.h"
#include "hw/pci/pci.h"

static const struct {
    uint16_t class_id;
    const char *desc;
} pci_class_names[] = {
    { PCI_CLASS_STORAGE_SCSI, "SCSI controller" },
    { PCI_CLASS_STORAGE_IDE, "IDE controller" },
    { PCI_CLASS_STORAGE_RAID, "RAID controller" },
    { PCI_CLASS_STORAGE_SATA, "SATA controller" },
    { PCI_CLASS_NETWORK_ETHERNET, "Ethernet controller" },
    { PCI_CLASS_DISPLAY_VGA, "VGA controller" },
    { PCI_CLASS_DISPLAY_OTHER, "Display controller" },
    { PCI_CLASS_MULTIMEDIA_AUDIO, "Audio controller" },
    { PCI_CLASS_MULTIMEDIA_HD_AUDIO, "Audio controller" },
    { PCI_CLASS_MEMORY_RAM, "RAM controller" },
    { PCI_CLASS_BRIDGE_HOST, "Host bridge" },
    { PCI_CLASS_BRIDGE_ISA, "ISA bridge" },
    { PCI_CLASS_BRIDGE_PCI, "PCI bridge" },
    { PCI_CLASS_BRIDGE_OTHER, "Bridge" },
    { PCI_CLASS_COMMUNICATION_SERIAL, "Serial port" },
    { PCI_CLASS_INPUT_KEYBOARD, "Keyboard" },
    { PCI_CLASS_INPUT_MOUSE, "Mouse" },
    { PCI_CLASS_SERIAL_USB, "USB controller" },
    { PCI_CLASS_SERIAL_SMBUS, "SMBus" },
};

const char *pci_class_description(uint16_t class_id)
{
    size_t i;

    for (i = 0; i < ARRAY_SIZE(pci_class_names); i++) {
        if (pci_class_names[i].class_id == class_id) {
            return pci_class_names[i].desc;
        }
    }
    return NULL;
}
