/*
 * ACPI PCI hotplug: the register block through which a PC's ACPI
 * firmware (its DSDT) learns of PCI devices coming and going and ejects
 * them, and the hotplug handler behind it.  The interface is qemu's
 * (docs/specs/acpi_pci_hotplug.rst there; docs/system/acpi-pci-hotplug.rst
 * here), with the layout qemu-system-x86_64 7.2 exposes at 0xae00:
 *
 *   0x00  PCI_UP    R   slots of the selected bus where a device was
 *                       hot-plugged; reading clears them
 *   0x04  PCI_DOWN  R   slots whose device the host asked to remove
 *                       (device_del); cleared by the eject below
 *   0x08  B0EJ      W   eject: the slot of the lowest bit set (one slot
 *                       per write) loses its down bit and its devices
 *                   R   hotplug features: 0 (the base feature set)
 *   0x0c  PCI_RMV   R   slots that may be hot-unplugged: all but those
 *                       holding a device that cannot leave
 *   0x10  PCI_SEL   RW  bus select (BSEL): which bus the others mean
 *   0x14  PCI_AIDX  W   the slot of the lowest bit set: look up the
 *                       acpi-index of its function 0 on the selected bus
 *                   R   that acpi-index (0: none), once; reading clears it
 *
 * Only aligned 4-byte accesses do anything; others read 0 and are
 * dropped, as qemu's are.  A bit per slot: bit N is slot N, every
 * function of it.
 *
 * Bus numbers for PCI_SEL ("acpi-pcihp-bsel", a property of each bus that
 * has one) are handed out at the first reset: 0, 1, ... to the buses this
 * controller handles, root bus first, then depth-first in slot order
 * through the bridges.  A selector from 256 up reads 0 everywhere (PCI_SEL
 * included) and ignores writes; one below 256 that names no bus reads as
 * an empty bus whose slots are all removable.  Without bridge support
 * ("legacy" mode) PCI_SEL stays 0.
 *
 * Each event (a device plugged, device_del) sets the hotplug bit of the
 * owner's GPE block (ACPI_PCIHP_GPE_BIT), which raises the SCI.
 *
 * Devices that cannot leave: those whose class is not hotpluggable (the
 * host bridge, the south bridge functions) and bridges that were there at
 * start-up (the firmware describes them statically).  device_del of such
 * a bridge still sets its down bit, but the eject leaves it in place.
 */
#ifndef HW_ACPI_PCIHP_H
#define HW_ACPI_PCIHP_H

#include "hw/pci/pci_bus.h"
#include "hw/core/hotplug.h"
#include "util/main-loop.h"

/* Where PIIX4_PM puts the block in I/O space, and its length. */
#define ACPI_PCIHP_ADDR_PIIX4       0xae00
#define ACPI_PCIHP_SIZE             0x18

/* Registers (offsets in the block) */
#define ACPI_PCIHP_UP               0x00
#define ACPI_PCIHP_DOWN             0x04
#define ACPI_PCIHP_EJ               0x08
#define ACPI_PCIHP_RMV              0x0c
#define ACPI_PCIHP_SEL              0x10
#define ACPI_PCIHP_AIDX             0x14

/* What B0EJ reads: no optional features. */
#define ACPI_PCIHP_FEATURES         0

/* Selectors 0..255 exist; a bus numbered beyond gets no BSEL. */
#define ACPI_PCIHP_MAX_HOTPLUG_BUS  256

/* The GPE status bit hotplug events set (GPE.1 in the spec). */
#define ACPI_PCIHP_GPE_BIT          1

/* The property each selectable bus carries (uint32, read-only). */
#define ACPI_PCIHP_PROP_BSEL        "acpi-pcihp-bsel"

/* The owner's GPE bit must be raised (and the SCI with it). */
typedef void AcpiPciHpNotify(void *opaque);

typedef struct AcpiPciHpBusStatus {
    uint32_t up;
    uint32_t down;
} AcpiPciHpBusStatus;

typedef struct AcpiPciHpState {
    PCIDevice *owner;           /* the function with the registers; it is
                                 * also the hotplug handler */
    PCIBus *root;
    MemoryRegion io;            /* "acpi-pci-hotplug" */
    MemoryRegion *io_space;     /* where it is mapped */
    bool legacy;                /* no bridge support: PCI_SEL is 0 */
    bool root_hotplug;          /* devices come and go on @root */
    bool bridge_hotplug;        /* ... and below cold-plugged bridges */
    bool bsel_assigned;

    uint32_t sel;
    uint32_t acpi_index;        /* the last AIDX lookup */
    AcpiPciHpBusStatus status[ACPI_PCIHP_MAX_HOTPLUG_BUS];

    /* Slots a reset found waiting for the guest: emptied from a bottom
     * half, outside the reset's walk over the buses. */
    uint32_t reset_eject[ACPI_PCIHP_MAX_HOTPLUG_BUS];
    BH *reset_bh;

    AcpiPciHpNotify *notify;
    void *notify_opaque;
} AcpiPciHpState;

/*
 * Set up the block at @io_base in @io_space and become @root's hotplug
 * handler (@owner must implement TYPE_HOTPLUG_HANDLER and forward to the
 * callbacks below).  @root_hotplug and @bridge_hotplug are the owner's
 * "acpi-root-pci-hotplug" and "acpi-pci-hotplug-with-bridge-support".
 */
void acpi_pcihp_init(AcpiPciHpState *s, PCIDevice *owner, PCIBus *root,
                     MemoryRegion *io_space, uint16_t io_base,
                     bool root_hotplug, bool bridge_hotplug,
                     AcpiPciHpNotify *notify, void *notify_opaque);
/* Unmap, and stop being any bus's hotplug handler. */
void acpi_pcihp_exit(AcpiPciHpState *s);
/*
 * The owner was reset: hand out bus selectors (the first time), and
 * complete every unplug still waiting for the guest, as if the guest had
 * ejected the slot (DEVICE_DELETED follows), from a bottom half.
 */
void acpi_pcihp_reset(AcpiPciHpState *s);

/* The selector of @bus, or -1 if it has none. */
int acpi_pcihp_get_bsel(PCIBus *bus);

/* Hotplug handler callbacks, for the owner's HotplugHandlerClass. */
void acpi_pcihp_pre_plug_cb(AcpiPciHpState *s, DeviceState *dev,
                            Error **errp);
void acpi_pcihp_plug_cb(AcpiPciHpState *s, DeviceState *dev, Error **errp);
void acpi_pcihp_unplug_request_cb(AcpiPciHpState *s, DeviceState *dev,
                                  Error **errp);
void acpi_pcihp_unplug_cb(AcpiPciHpState *s, DeviceState *dev,
                          Error **errp);
bool acpi_pcihp_is_hotpluggable_bus(AcpiPciHpState *s, BusState *bus);

#endif
