/*
 * PCI devices: configuration space, BARs, interrupts, bus mastering.
 *
 * A PCI function is a PCIDevice (TYPE_PCI_DEVICE, abstract) on a PCIBus
 * (hw/pci/pci_bus.h).  Its class gives the IDs the core writes into the
 * configuration header at realize, and four hooks:
 *
 *   realize       build the function: BARs (pci_register_bar),
 *                 capabilities (pci_add_capability, msi_init, msix_init),
 *                 interrupt pin (config[PCI_INTERRUPT_PIN])
 *   exit          undo what realize did (the core unmaps the BARs and
 *                 frees the configuration space itself)
 *   config_read   guest reads of configuration space (default:
 *                 pci_default_read_config, the bytes in dev->config)
 *   config_write  guest writes (default: pci_default_write_config, which
 *                 applies the masks, remaps BARs, and updates bus
 *                 mastering, INTx disable, MSI and MSI-X state); a
 *                 device that extends it calls the default first
 *
 * Configuration space is 256 bytes, or 4096 for PCI Express functions
 * (pci_is_express).  Four byte arrays of that size describe it:
 *
 *   config    the current contents
 *   wmask     the bits a guest write changes
 *   w1cmask   the bits a guest clears by writing 1 (status bits)
 *   cmask     the bits whose value is fixed by the device model and must
 *             match when state is compared (IDs, read-only capability
 *             fields)
 *   used      the bytes claimed by the header and by capabilities
 *
 * Defaults at realize: the header is read-only except the command bits
 * (I/O, memory, bus master, SERR#, interrupt disable), the cache line
 * size, the interrupt line and the BARs; the status error bits are
 * write-1-to-clear; the device-specific area (0x40 and up) is writable
 * until a capability claims part of it (capabilities are read-only by
 * default, their owners open individual fields).
 *
 * Every access from the guest is checked here: devices never see a
 * configuration access outside their space, and BAR, MSI and MSI-X
 * values are validated before they change a mapping.
 */
#ifndef HW_PCI_PCI_H
#define HW_PCI_PCI_H

#include "hw/core/qdev.h"
#include "system/memory.h"
#include "system/dma.h"
#include "hw/pci/pci_regs.h"
#include "hw/pci/pci_ids.h"

#define TYPE_PCI_DEVICE "pci-device"
/* Interfaces: what kind of bus a device type may sit on.  A concrete PCI
 * device type implements at least one; one that implements both is a
 * hybrid (virtio-pci) and decides at realize whether it is Express. */
#define INTERFACE_PCIE_DEVICE "pci-express-device"
#define INTERFACE_CONVENTIONAL_PCI_DEVICE "conventional-pci-device"

typedef struct PCIDevice PCIDevice;
typedef struct PCIDeviceClass PCIDeviceClass;
typedef struct PCIBus PCIBus;

#define PCI_DEVICE(obj) OBJECT_CHECK(PCIDevice, (obj), TYPE_PCI_DEVICE)
#define PCI_DEVICE_CLASS(klass) \
    OBJECT_CLASS_CHECK(PCIDeviceClass, (klass), TYPE_PCI_DEVICE)
#define PCI_DEVICE_GET_CLASS(obj) \
    OBJECT_GET_CLASS(PCIDeviceClass, (obj), TYPE_PCI_DEVICE)

/* Addresses on a bus: device (slot) 0-31, function 0-7. */
#define PCI_SLOT_MAX        32
#define PCI_FUNC_MAX        8
#define PCI_DEVFN_MAX       (PCI_SLOT_MAX * PCI_FUNC_MAX)
#define PCI_DEVFN(slot, func) ((((slot) & 0x1f) << 3) | ((func) & 0x07))
#define PCI_SLOT(devfn)     (((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn)     ((devfn) & 0x07)
#define PCI_BUS_MAX         256
/* Requester ID: bus number in bits 15:8, devfn in 7:0. */
#define PCI_BUILD_BDF(bus, devfn) ((uint16_t)(((bus) << 8) | (devfn)))
#define PCI_BDF_TO_DEVFN(bdf) ((bdf) & 0xff)
#define PCI_BUS_NUM(bdf)    (((bdf) >> 8) & 0xff)

#define PCI_NUM_PINS        4   /* INTA..INTD */

/* Bus addresses and sizes */
typedef uint64_t pcibus_t;
#define FMT_PCIBUS          PRIx64
/* The address of a BAR that is not mapped (decoding off, or invalid). */
#define PCI_BAR_UNMAPPED    (~(pcibus_t)0)

/* BARs 0-5, then the expansion ROM. */
#define PCI_ROM_SLOT        6
#define PCI_NUM_REGIONS     7

typedef struct PCIIORegion {
    pcibus_t addr;              /* where it is mapped, or PCI_BAR_UNMAPPED */
    pcibus_t size;              /* 0: the function has no such BAR */
    uint8_t type;               /* PCI_BASE_ADDRESS_SPACE_IO, or memory
                                 * with the MEM_TYPE/PREFETCH bits */
    MemoryRegion *memory;       /* what the BAR exposes */
    MemoryRegion *address_space;    /* the bus space it is mapped in */
} PCIIORegion;

/* Bits of PCIDevice.cap_present: what the function has. */
enum {
    PCI_CAP_PRESENT_MSI = 1u << 0,
    PCI_CAP_PRESENT_MSIX = 1u << 1,
    PCI_CAP_PRESENT_EXPRESS = 1u << 2,      /* 4 KiB config space */
    PCI_CAP_PRESENT_SHPC = 1u << 3,
    PCI_CAP_PRESENT_SLOTID = 1u << 4,
};
/* Property bits in PCIDevice.flags. */
enum {
    PCI_FLAG_MULTIFUNCTION_BIT = 0,     /* "multifunction" */
    PCI_FLAG_LNKSTA_DLLLA_BIT = 1,      /* "x-pcie-lnksta-dllla" */
    PCI_FLAG_EXTCAP_INIT_BIT = 2,       /* "x-pcie-extcap-init" */
};
#define PCI_FLAG_MULTIFUNCTION (1u << PCI_FLAG_MULTIFUNCTION_BIT)
#define PCI_FLAG_LNKSTA_DLLLA (1u << PCI_FLAG_LNKSTA_DLLLA_BIT)
#define PCI_FLAG_EXTCAP_INIT (1u << PCI_FLAG_EXTCAP_INIT_BIT)

typedef uint32_t PCIConfigReadFunc(PCIDevice *dev, uint32_t addr, int len);
typedef void PCIConfigWriteFunc(PCIDevice *dev, uint32_t addr, uint32_t val,
                                int len);
typedef void PCIUnregisterFunc(PCIDevice *dev);

/* An MSI or MSI-X message: a 32-bit write of @data to @address. */
typedef struct MSIMessage {
    uint64_t address;
    uint32_t data;
} MSIMessage;

/*
 * Told when an MSI-X vector becomes usable (unmasked, with @msg) or
 * stops being usable (masked); for back ends that deliver interrupts
 * without going through msix_notify (irqfd).  use returns 0 or -errno.
 */
typedef int (*MSIVectorUseNotifier)(PCIDevice *dev, unsigned vector,
                                    MSIMessage msg);
typedef void (*MSIVectorReleaseNotifier)(PCIDevice *dev, unsigned vector);
/* Asked to update pending bits for [start, end) before the PBA is read. */
typedef void (*MSIVectorPollNotifier)(PCIDevice *dev, unsigned start,
                                      unsigned end);

struct PCIDeviceClass {
    DeviceClass parent_class;

    void (*realize)(PCIDevice *dev, Error **errp);
    PCIUnregisterFunc *exit;
    PCIConfigReadFunc *config_read;
    PCIConfigWriteFunc *config_write;

    uint16_t vendor_id;
    uint16_t device_id;
    uint8_t revision;
    uint16_t class_id;          /* base class << 8 | sub-class */
    uint8_t prog_if;            /* programming interface */
    /* 0: the default 1af4:1100 (type 0 headers only) */
    uint16_t subsystem_vendor_id;
    uint16_t subsystem_id;
    bool is_bridge;             /* type 1 header */
};

struct PCIDevice {
    DeviceState qdev;

    /* Configuration space and its masks (see above) */
    uint8_t *config;
    uint8_t *cmask;
    uint8_t *wmask;
    uint8_t *w1cmask;
    uint8_t *used;

    /* Where it is: its bus is qdev.parent_bus */
    int32_t devfn;              /* property "addr"; -1: pick one */
    bool devfn_auto;            /* picked at realize: given back after */
    char name[64];              /* its type name, for messages */
    PCIIORegion io_regions[PCI_NUM_REGIONS];

    /* Bus mastering: DMA and MSI go through bus_master_as, whose only
     * content is an alias of the root bus's DMA space, enabled while the
     * command register's Bus Master Enable bit is set. */
    AddressSpace bus_master_as;
    MemoryRegion bus_master_container_region;
    MemoryRegion bus_master_enable_region;
    bool bus_master_ready;      /* the three above exist */
    /* In a slot whose power controller is off ([PCIe] 6.7.1.8): no
     * config space (reads all-ones), no BARs, no bus mastering. */
    bool powered_off;

    PCIConfigReadFunc *config_read;
    PCIConfigWriteFunc *config_write;

    /* INTx: bit N set while the function asserts pin N (before the
     * Interrupt Disable bit is applied). */
    int irq_state;

    uint32_t cap_present;       /* PCI_CAP_PRESENT_* */
    uint32_t flags;             /* PCI_FLAG_* (properties) */

    /* MSI (hw/pci/msi.h) */
    uint8_t msi_cap;            /* offset of the capability, 0: none */

    /* MSI-X (hw/pci/msix.h) */
    uint8_t msix_cap;
    unsigned msix_entries_nr;
    uint8_t *msix_table;        /* the guest-visible table */
    uint8_t *msix_pba;          /* pending bits */
    unsigned *msix_entry_used;  /* msix_vector_use counts */
    bool msix_function_masked;  /* cached: disabled or function mask */
    MemoryRegion msix_table_mmio;
    MemoryRegion msix_pba_mmio;
    MemoryRegion msix_exclusive_bar;
    MemoryRegion *msix_table_bar;   /* where the two above are mapped */
    MemoryRegion *msix_pba_bar;
    MSIVectorUseNotifier msix_vector_use_notifier;
    MSIVectorReleaseNotifier msix_vector_release_notifier;
    MSIVectorPollNotifier msix_vector_poll_notifier;
    /* Nesting of message writes: a message aimed at the device's own
     * registers must not recurse without bound. */
    unsigned msi_delivery_depth;

    /* PCI Express (hw/pci/pcie.h) */
    uint16_t exp_cap;           /* offset of the PCIe capability, 0: none */

    /* Expansion ROM: properties and the region behind PCI_ROM_SLOT */
    char *romfile;
    uint32_t romsize;           /* UINT32_MAX: the file's size, rounded */
    uint32_t rom_bar;           /* 0: do not expose the ROM in a BAR */
    MemoryRegion rom;
    bool has_rom;

    uint32_t acpi_index;
    char *failover_pair_id;
};

/* Config space accessors (little-endian, unaligned allowed) */

static inline void pci_set_byte(uint8_t *config, uint8_t val)
{
    *config = val;
}

static inline uint8_t pci_get_byte(const uint8_t *config)
{
    return *config;
}

static inline void pci_set_word(uint8_t *config, uint16_t val)
{
    config[0] = val;
    config[1] = val >> 8;
}

static inline uint16_t pci_get_word(const uint8_t *config)
{
    return config[0] | (config[1] << 8);
}

static inline void pci_set_long(uint8_t *config, uint32_t val)
{
    pci_set_word(config, val);
    pci_set_word(config + 2, val >> 16);
}

static inline uint32_t pci_get_long(const uint8_t *config)
{
    return pci_get_word(config) | ((uint32_t)pci_get_word(config + 2) << 16);
}

static inline void pci_set_quad(uint8_t *config, uint64_t val)
{
    pci_set_long(config, val);
    pci_set_long(config + 4, val >> 32);
}

static inline uint64_t pci_get_quad(const uint8_t *config)
{
    return pci_get_long(config) | ((uint64_t)pci_get_long(config + 4) << 32);
}

/* Set or clear @mask bits; the previous value's @mask bits are returned. */
static inline uint16_t pci_word_test_and_set_mask(uint8_t *config,
                                                  uint16_t mask)
{
    uint16_t val = pci_get_word(config);

    pci_set_word(config, val | mask);
    return val & mask;
}

static inline uint16_t pci_word_test_and_clear_mask(uint8_t *config,
                                                    uint16_t mask)
{
    uint16_t val = pci_get_word(config);

    pci_set_word(config, val & ~mask);
    return val & mask;
}

static inline uint32_t pci_long_test_and_set_mask(uint8_t *config,
                                                  uint32_t mask)
{
    uint32_t val = pci_get_long(config);

    pci_set_long(config, val | mask);
    return val & mask;
}

static inline uint32_t pci_long_test_and_clear_mask(uint8_t *config,
                                                    uint32_t mask)
{
    uint32_t val = pci_get_long(config);

    pci_set_long(config, val & ~mask);
    return val & mask;
}

static inline void pci_config_set_vendor_id(uint8_t *config, uint16_t val)
{
    pci_set_word(config + PCI_VENDOR_ID, val);
}

static inline void pci_config_set_device_id(uint8_t *config, uint16_t val)
{
    pci_set_word(config + PCI_DEVICE_ID, val);
}

static inline void pci_config_set_revision(uint8_t *config, uint8_t val)
{
    pci_set_byte(config + PCI_REVISION_ID, val);
}

static inline void pci_config_set_class(uint8_t *config, uint16_t val)
{
    pci_set_word(config + PCI_CLASS_DEVICE, val);
}

static inline void pci_config_set_prog_interface(uint8_t *config,
                                                 uint8_t val)
{
    pci_set_byte(config + PCI_CLASS_PROG, val);
}

static inline void pci_config_set_interrupt_pin(uint8_t *config, uint8_t val)
{
    pci_set_byte(config + PCI_INTERRUPT_PIN, val);
}

/* Questions about a device */

static inline bool pci_is_express(const PCIDevice *dev)
{
    return dev->cap_present & PCI_CAP_PRESENT_EXPRESS;
}

/* 256 or 4096 bytes. */
static inline uint32_t pci_config_size(const PCIDevice *dev)
{
    return pci_is_express(dev) ? PCIE_CONFIG_SPACE_SIZE
                               : PCI_CONFIG_SPACE_SIZE;
}

static inline bool pci_is_bridge_header(const PCIDevice *dev)
{
    return (dev->config[PCI_HEADER_TYPE] & PCI_HEADER_TYPE_MASK) ==
           PCI_HEADER_TYPE_BRIDGE;
}

static inline bool pci_is_multifunction(const PCIDevice *dev)
{
    return dev->flags & PCI_FLAG_MULTIFUNCTION;
}

PCIBus *pci_get_bus(const PCIDevice *dev);
/* The bus number the guest gave its bus (0 for a root bus by default). */
int pci_dev_bus_num(const PCIDevice *dev);
/* The requester ID: bus number and devfn. */
uint16_t pci_requester_id(PCIDevice *dev);
/* Function 0 of the device @dev is a function of, or NULL: devfn 0
 * below a PCI Express downstream port (one device per link), else
 * function 0 of the same slot. */
PCIDevice *pci_get_function_0(PCIDevice *dev);
/* The offset of BAR @n (PCI_ROM_SLOT: the ROM BAR of either header). */
int pci_bar(PCIDevice *dev, int n);

/* Configuration space access, as the guest makes it */

uint32_t pci_default_read_config(PCIDevice *dev, uint32_t addr, int len);
void pci_default_write_config(PCIDevice *dev, uint32_t addr, uint32_t val,
                              int len);

/* Capabilities (hw/pci/pci-config.c) */

/*
 * Add capability @cap_id of @size bytes at @offset (0: the first free
 * dword-aligned space after the header) to the head of the list.  It is
 * read-only to the guest until its owner opens fields in dev->wmask.
 * Returns the offset, or -1 with an error if it does not fit or overlaps
 * another capability.
 */
int pci_add_capability(PCIDevice *dev, uint8_t cap_id, uint8_t offset,
                       uint8_t size, Error **errp);
/* Remove capability @cap_id (of @size bytes) and free its space. */
void pci_del_capability(PCIDevice *dev, uint8_t cap_id, uint8_t size);
/* The offset of the first capability @cap_id, or 0. */
uint8_t pci_find_capability(PCIDevice *dev, uint8_t cap_id);

/* BARs (hw/pci/pci-bar.c) */

/*
 * Make @memory BAR @region_num.  @type is PCI_BASE_ADDRESS_SPACE_IO or
 * PCI_BASE_ADDRESS_SPACE_MEMORY with PCI_BASE_ADDRESS_MEM_TYPE_64 and/or
 * PCI_BASE_ADDRESS_MEM_PREFETCH; the BAR's size is the region's, which
 * must be a power of two.  A 64-bit BAR also uses the next register.
 * The BAR is mapped into the bus's I/O or memory space while the command
 * register enables that space and the guest put it at a valid address.
 */
void pci_register_bar(PCIDevice *dev, int region_num, uint8_t type,
                      MemoryRegion *memory);
/* Where BAR @region_num is mapped, or PCI_BAR_UNMAPPED. */
pcibus_t pci_get_bar_addr(PCIDevice *dev, int region_num);
/* Recompute every BAR's mapping from config space (after a change). */
void pci_update_mappings(PCIDevice *dev);

/* INTx (hw/pci/pci-irq.c) */

/* Drive the function's interrupt pin (config[PCI_INTERRUPT_PIN]). */
void pci_set_irq(PCIDevice *dev, int level);

static inline void pci_irq_assert(PCIDevice *dev)
{
    pci_set_irq(dev, 1);
}

static inline void pci_irq_deassert(PCIDevice *dev)
{
    pci_set_irq(dev, 0);
}

static inline void pci_irq_pulse(PCIDevice *dev)
{
    pci_set_irq(dev, 1);
    pci_set_irq(dev, 0);
}

/* Release every pin the function asserts (reset, MSI enable, removal). */
void pci_device_deassert_intx(PCIDevice *dev);
/* The standard swizzle across a bridge: (pin + slot) % 4. */
int pci_swizzle_map_irq_fn(PCIDevice *dev, int pin);
/* The same for @pin of a device in @slot. */
static inline int pci_swizzle(int slot, int pin)
{
    return (slot + pin) % PCI_NUM_PINS;
}

/* Bus mastering */

/* The address space the function's DMA and MSI writes go through. */
static inline AddressSpace *pci_get_address_space(PCIDevice *dev)
{
    return &dev->bus_master_as;
}

static inline MemTxAttrs pci_dma_attrs(PCIDevice *dev)
{
    MemTxAttrs attrs = { .requester_id = pci_requester_id(dev) };

    return attrs;
}

static inline MemTxResult pci_dma_rw(PCIDevice *dev, dma_addr_t addr,
                                     void *buf, dma_addr_t len,
                                     DMADirection dir)
{
    return dma_memory_rw(&dev->bus_master_as, addr, buf, len, dir,
                         pci_dma_attrs(dev));
}

static inline MemTxResult pci_dma_read(PCIDevice *dev, dma_addr_t addr,
                                       void *buf, dma_addr_t len)
{
    return pci_dma_rw(dev, addr, buf, len, DMA_DIRECTION_TO_DEVICE);
}

static inline MemTxResult pci_dma_write(PCIDevice *dev, dma_addr_t addr,
                                        const void *buf, dma_addr_t len)
{
    return pci_dma_rw(dev, addr, (void *)buf, len,
                      DMA_DIRECTION_FROM_DEVICE);
}

static inline MemTxResult pci_dma_set(PCIDevice *dev, dma_addr_t addr,
                                      uint8_t c, dma_addr_t len)
{
    return dma_memory_set(&dev->bus_master_as, addr, c, len,
                          pci_dma_attrs(dev));
}

#define PCI_DMA_DEFINE_LDST(_l, _s, _bits) \
    static inline MemTxResult ld##_l##_pci_dma(PCIDevice *dev, \
                                               dma_addr_t addr, \
                                               uint##_bits##_t *val) \
    { \
        return ld##_l##_dma(&dev->bus_master_as, addr, val, \
                            pci_dma_attrs(dev)); \
    } \
    static inline MemTxResult st##_s##_pci_dma(PCIDevice *dev, \
                                               dma_addr_t addr, \
                                               uint##_bits##_t val) \
    { \
        return st##_s##_dma(&dev->bus_master_as, addr, val, \
                            pci_dma_attrs(dev)); \
    }

PCI_DMA_DEFINE_LDST(ub, b, 8)
PCI_DMA_DEFINE_LDST(uw_le, w_le, 16)
PCI_DMA_DEFINE_LDST(l_le, l_le, 32)
PCI_DMA_DEFINE_LDST(q_le, q_le, 64)

static inline void *pci_dma_map(PCIDevice *dev, dma_addr_t addr,
                                dma_addr_t *plen, DMADirection dir)
{
    return dma_memory_map(&dev->bus_master_as, addr, plen, dir,
                          pci_dma_attrs(dev));
}

static inline void pci_dma_unmap(PCIDevice *dev, void *buffer,
                                 dma_addr_t len, DMADirection dir,
                                 dma_addr_t access_len)
{
    dma_memory_unmap(&dev->bus_master_as, buffer, len, dir, access_len);
}

/* Creating devices from board code */

/* A new unrealized device of @name at @devfn (-1: any) with
 * multifunction set as given. */
PCIDevice *pci_new(int devfn, const char *name);
PCIDevice *pci_new_multifunction(int devfn, bool multifunction,
                                 const char *name);
bool pci_realize_and_unref(PCIDevice *dev, PCIBus *bus, Error **errp);
/* The same, aborting on failure (the board's own devices). */
PCIDevice *pci_create_simple(PCIBus *bus, int devfn, const char *name);

/* The name query-pci and "info pci" give class @class_id, or NULL. */
const char *pci_class_description(uint16_t class_id);

/* Reset the PCI state of @dev (command, BARs, MSI, MSI-X, INTx). */
void pci_device_reset(PCIDevice *dev);
/* Slot power for @dev: off resets it and hides it until power returns. */
void pci_set_power(PCIDevice *dev, bool on);

/* Rate-limited report of a guest's misuse of a PCI function. */
void pci_guest_error(PCIDevice *dev, const char *fmt, ...)
    CORVID_PRINTF(2, 3);

#endif
