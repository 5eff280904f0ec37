/*
 * PCI host bridges: the sys-bus devices that own a root bus and turn CPU
 * accesses into configuration cycles.
 *
 * TYPE_PCI_HOST_BRIDGE is the abstract base.  It offers configuration
 * mechanism #1 ([PCI] 3.2.2.3.2): a 32-bit CONFIG_ADDRESS register
 * (port 0xcf8 on PCs) and a CONFIG_DATA window (0xcfc-0xcff):
 *
 *     bit  31     enable: without it CONFIG_DATA reads all-ones
 *     bits 23:16  bus number
 *     bits 15:11  device, bits 10:8 function
 *     bits 7:2    dword register (bits 1:0 and the byte lane in
 *                 CONFIG_DATA pick the byte)
 *
 * Only 32-bit writes at the register's own address load CONFIG_ADDRESS;
 * it reads back as written.  A configuration cycle to a bus or device
 * that does not exist reads all-ones and writes nowhere.
 *
 * A subclass maps conf_mem and data_mem where its chipset has them and
 * creates its root bus into ->bus.  Access through ECAM (MMCONFIG) uses
 * pci_data_read/pci_data_write's building blocks with 4 KiB per function.
 */
#ifndef HW_PCI_PCI_HOST_H
#define HW_PCI_PCI_HOST_H

#include "hw/core/sysbus.h"
#include "hw/pci/pci_bus.h"

#define TYPE_PCI_HOST_BRIDGE "pci-host-bridge"

typedef struct PCIHostState PCIHostState;
typedef struct PCIHostBridgeClass PCIHostBridgeClass;

#define PCI_HOST_BRIDGE(obj) \
    OBJECT_CHECK(PCIHostState, (obj), TYPE_PCI_HOST_BRIDGE)
#define PCI_HOST_BRIDGE_CLASS(klass) \
    OBJECT_CLASS_CHECK(PCIHostBridgeClass, (klass), TYPE_PCI_HOST_BRIDGE)
#define PCI_HOST_BRIDGE_GET_CLASS(obj) \
    OBJECT_GET_CLASS(PCIHostBridgeClass, (obj), TYPE_PCI_HOST_BRIDGE)

/* CONFIG_ADDRESS fields */
#define PCI_HOST_CONFIG_ENABLE      0x80000000U
#define PCI_HOST_CONFIG_BUS_SHIFT   16
#define PCI_HOST_CONFIG_DEVFN_SHIFT 8
#define PCI_HOST_CONFIG_REG_MASK    0xffU
/* The PC's ports */
#define PCI_HOST_CONFIG_ADDR_PORT   0xcf8
#define PCI_HOST_CONFIG_DATA_PORT   0xcfc
#define PCI_HOST_CONFIG_PORT_SIZE   4

/* ECAM: 1 MiB per bus, 4 KiB per function ([PCIe] 7.2.2) */
#define PCIE_ECAM_BUS_SHIFT         20
#define PCIE_ECAM_DEVFN_SHIFT       12
#define PCIE_ECAM_REG_MASK          0xfffU
#define PCIE_ECAM_ADDR(bus, devfn, reg) \
    (((uint64_t)(bus) << PCIE_ECAM_BUS_SHIFT) | \
     ((uint64_t)(devfn) << PCIE_ECAM_DEVFN_SHIFT) | (reg))

struct PCIHostState {
    SysBusDevice busdev;

    MemoryRegion conf_mem;      /* CONFIG_ADDRESS, 4 bytes */
    MemoryRegion data_mem;      /* CONFIG_DATA, 4 bytes */
    uint32_t config_reg;
    PCIBus *bus;
};

struct PCIHostBridgeClass {
    DeviceClass parent_class;

    /* The root bus's path for firmware ("0000:00"); optional. */
    const char *(*root_bus_path)(PCIHostState *host, PCIBus *root);
};

/*
 * Mechanism #1 regions: init conf_mem and data_mem of @host, owned by it,
 * for the subclass to map.
 */
void pci_host_init_conf_regions(PCIHostState *host);
extern const MemoryRegionOps pci_host_conf_le_ops;
extern const MemoryRegionOps pci_host_data_le_ops;

/*
 * A configuration cycle at @addr (mechanism #1 encoding, enable bit
 * ignored) on the hierarchy under @root: @len bytes (1, 2 or 4), all in
 * one dword.
 */
void pci_data_write(PCIBus *root, uint32_t addr, uint32_t val, unsigned len);
uint32_t pci_data_read(PCIBus *root, uint32_t addr, unsigned len);

/*
 * One access to @dev's configuration space at @addr, @len bytes, by a
 * host whose mechanism reaches @limit bytes (256 for mechanism #1, the
 * device's config size for ECAM).  Out of range: reads give all-ones,
 * writes are dropped.
 */
void pci_host_config_write_common(PCIDevice *dev, uint32_t addr,
                                  uint32_t limit, uint32_t val, uint32_t len);
uint32_t pci_host_config_read_common(PCIDevice *dev, uint32_t addr,
                                     uint32_t limit, uint32_t len);

#endif
