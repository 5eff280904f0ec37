/*
 * libqpci: PCI from a guest driver's side, for qtests.
 *
 * A QPCIBus is one host bridge as the guest reaches it: a configuration
 * access method (mechanism #1 through ports CONFIG_ADDRESS/CONFIG_DATA,
 * or ECAM in memory) and the windows firmware may hand out to BARs (I/O,
 * 32-bit memory, 64-bit memory; bus addresses are CPU addresses).  On
 * it the library does what firmware and a driver do:
 *
 *   - enumerate: scan bus 0 depth first, number every bridge's secondary
 *     and subordinate buses, and remember each function (QPCIDevice);
 *   - size BARs, assign them from the windows (prefetchable 64-bit BARs
 *     from the 64-bit window, the rest from the 32-bit ones), program
 *     the bridges' forwarding windows around what is below them, and
 *     enable decoding, as firmware does (qpci_assign_resources), or
 *     one BAR at a time;
 *   - reach a BAR's contents (port I/O or memory accesses by BAR type);
 *   - program MSI and MSI-X: messages, enable, function and vector
 *     masks, pending bits.
 *
 *     QPCIBus *pci = qpci_new_cf8(qts, 0xcf8);
 *     qpci_set_io_window(pci, 0xc000, 0x4000);
 *     qpci_set_mmio_window(pci, 0xe0000000, 0x10000000);
 *     qpci_enumerate(pci);
 *     qpci_assign_resources(pci);
 *     dev = qpci_find_device(pci, VENDOR, DEVICE, 0);
 *     qpci_device_enable(dev);
 *     v = qpci_bar_readl(dev, 1, 0);
 *     ...
 *     qpci_free(pci);
 *
 * Every helper asserts what it relies on (a capability exists, a BAR is
 * assigned, a window has room); tests of bad input use the raw accessors
 * (qpci_config_read/write, qtest_* on addresses of their choice).
 */
#ifndef TESTS_QTEST_LIBQPCI_H
#define TESTS_QTEST_LIBQPCI_H

#include "libqtest.h"
#include "hw/pci/pci_regs.h"

#define QPCI_DEVFN(slot, fn)    ((((slot) & 0x1f) << 3) | ((fn) & 7))
#define QPCI_SLOT(devfn)        (((devfn) >> 3) & 0x1f)
#define QPCI_FUNC(devfn)        ((devfn) & 7)
#define QPCI_NUM_BARS           6
#define QPCI_ROM_BAR            6

typedef struct QPCIBus QPCIBus;
typedef struct QPCIDevice QPCIDevice;

/* One BAR as the library found and placed it. */
typedef struct QPCIBar {
    uint64_t size;              /* 0: the function has no such BAR */
    uint64_t addr;              /* assigned address; valid if assigned */
    bool assigned;
    bool io;
    bool is64;                  /* takes this register and the next */
    bool prefetch;
} QPCIBar;

struct QPCIDevice {
    QPCIBus *bus;
    int bus_num;
    int devfn;
    uint16_t vendor_id;
    uint16_t device_id;
    uint8_t header_type;        /* without the multi-function bit */
    QPCIDevice *parent;         /* the bridge above; NULL on bus 0 */
    int secondary;              /* bridges: the numbers given to them */
    int subordinate;
    QPCIBar bars[QPCI_NUM_BARS + 1];

    /* MSI-X, once qpci_msix_init found it */
    uint8_t msix_cap;
    unsigned msix_entries;
    int msix_table_bar;
    uint64_t msix_table_off;
    int msix_pba_bar;
    uint64_t msix_pba_off;
};

/* An allocator over one window: [base, limit], next free at next. */
typedef struct QPCIWindow {
    uint64_t base;
    uint64_t limit;
    uint64_t next;
    bool present;
} QPCIWindow;

struct QPCIBus {
    QTestState *qts;
    bool ecam;
    uint16_t config_port;       /* mechanism #1: CONFIG_ADDRESS */
    uint64_t ecam_base;         /* ECAM: bus 0's first byte */
    QPCIWindow io;
    QPCIWindow mmio;
    QPCIWindow mmio64;
    int last_bus;               /* the highest bus number handed out */
    GPtrArray *devices;         /* QPCIDevice *, in scan order */
};

/* Hosts */

/* Mechanism #1 at @port (CONFIG_DATA at @port + 4). */
QPCIBus *qpci_new_cf8(QTestState *qts, uint16_t port);
/* ECAM at @base: 1 MiB per bus, 4 KiB per function. */
QPCIBus *qpci_new_ecam(QTestState *qts, uint64_t base);
/*
 * corvid-test-pci-host with its default properties (the test emulator,
 * tests/testdev/pci-testdev-regs.h): mechanism #1 at 0xcf8 and its I/O,
 * 32-bit and 64-bit memory windows.
 */
QPCIBus *qpci_new_test_host(QTestState *qts);
/*
 * For main(), after g_test_init(): whether the emulator has
 * corvid-test-pci-host.  If not, @skip_path is added as the one test,
 * which reports the skip, and main should just return g_test_run().
 */
bool qpci_have_test_host(const char *skip_path);
void qpci_free(QPCIBus *bus);
/* Where BARs may go (size 0: no such window). */
void qpci_set_io_window(QPCIBus *bus, uint64_t base, uint64_t size);
void qpci_set_mmio_window(QPCIBus *bus, uint64_t base, uint64_t size);
void qpci_set_mmio64_window(QPCIBus *bus, uint64_t base, uint64_t size);

/*
 * A raw configuration access: @len 1, 2 or 4 bytes at @reg of function
 * @devfn on bus @bus_num.  Through mechanism #1 @reg must be below 256
 * and the access must stay in one dword, as the ports allow.
 */
uint32_t qpci_config_read(QPCIBus *bus, int bus_num, int devfn,
                          uint16_t reg, int len);
void qpci_config_write(QPCIBus *bus, int bus_num, int devfn, uint16_t reg,
                       uint32_t val, int len);

/* Functions */

/* The function at @bus_num/@devfn, found by the last enumeration or
 * looked at now; NULL if nothing answers there. */
QPCIDevice *qpci_device_find(QPCIBus *bus, int bus_num, int devfn);
/* The @index'th function (scan order) with these IDs, or NULL. */
QPCIDevice *qpci_find_device(QPCIBus *bus, uint16_t vendor_id,
                             uint16_t device_id, int index);

uint8_t qpci_config_readb(QPCIDevice *dev, uint16_t reg);
uint16_t qpci_config_readw(QPCIDevice *dev, uint16_t reg);
uint32_t qpci_config_readl(QPCIDevice *dev, uint16_t reg);
void qpci_config_writeb(QPCIDevice *dev, uint16_t reg, uint8_t val);
void qpci_config_writew(QPCIDevice *dev, uint16_t reg, uint16_t val);
void qpci_config_writel(QPCIDevice *dev, uint16_t reg, uint32_t val);

/*
 * The offset of capability @id, or 0; @start 0 for the first one, or a
 * capability's offset for the next after it.  At most 48 steps, so a
 * looping list ends (the test asserts what it expects).
 */
uint8_t qpci_find_capability(QPCIDevice *dev, uint8_t id, uint8_t start);
/* The offset of extended capability @id (ECAM only), or 0. */
uint16_t qpci_find_ext_capability(QPCIDevice *dev, uint16_t id);

/* Set and clear bits of the command register. */
void qpci_set_command(QPCIDevice *dev, uint16_t set, uint16_t clear);
/* I/O and memory decoding and bus mastering on. */
void qpci_device_enable(QPCIDevice *dev);

/* Enumeration */

/*
 * Scan from bus 0 depth first, as firmware does: every bridge gets its
 * primary bus, the next free number as secondary, and, once everything
 * below is numbered, the last one as subordinate.  Forgets what an
 * earlier enumeration found: QPCIDevice pointers from before are freed.
 * Returns the number of functions.
 */
int qpci_enumerate(QPCIBus *bus);
/* Each function found, in scan order (parents before children). */
void qpci_foreach(QPCIBus *bus, void (*fn)(QPCIDevice *dev, void *opaque),
                  void *opaque);

/* BARs */

/*
 * Size BAR @bar (QPCI_ROM_BAR: the expansion ROM) the way software does:
 * decoding off, all-ones written, the read-back decoded, the old value
 * put back.  Fills dev->bars[@bar] and returns the size (0: none).
 */
uint64_t qpci_bar_probe(QPCIDevice *dev, int bar);
/* Program BAR @bar's address (both registers of a 64-bit one). */
void qpci_bar_set(QPCIDevice *dev, int bar, uint64_t addr);
/* Probe BAR @bar, take room from the matching window, program it. */
uint64_t qpci_bar_assign(QPCIDevice *dev, int bar);
/*
 * Firmware's job for the whole hierarchy: assign every BAR of every
 * function found, program each bridge's I/O, memory and prefetchable
 * windows to cover exactly what is below it (closed if nothing), and
 * turn on decoding and bus mastering in the bridges.  Devices' own
 * command registers are left to the test.  Each call starts from the
 * bottom of the windows again.
 */
void qpci_assign_resources(QPCIBus *bus);
/* Program a bridge's windows: base > limit closes one. */
void qpci_bridge_set_io_window(QPCIDevice *br, uint32_t base,
                               uint32_t limit);
void qpci_bridge_set_mem_window(QPCIDevice *br, uint32_t base,
                                uint32_t limit);
void qpci_bridge_set_pref_window(QPCIDevice *br, uint64_t base,
                                 uint64_t limit);

/* Accesses to @off in assigned BAR @bar (port I/O for an I/O BAR). */
uint8_t qpci_bar_readb(QPCIDevice *dev, int bar, uint64_t off);
uint16_t qpci_bar_readw(QPCIDevice *dev, int bar, uint64_t off);
uint32_t qpci_bar_readl(QPCIDevice *dev, int bar, uint64_t off);
uint64_t qpci_bar_readq(QPCIDevice *dev, int bar, uint64_t off);
void qpci_bar_writeb(QPCIDevice *dev, int bar, uint64_t off, uint8_t val);
void qpci_bar_writew(QPCIDevice *dev, int bar, uint64_t off, uint16_t val);
void qpci_bar_writel(QPCIDevice *dev, int bar, uint64_t off, uint32_t val);
void qpci_bar_writeq(QPCIDevice *dev, int bar, uint64_t off, uint64_t val);

/* MSI (the capability must exist) */

/* Program the message and enable MSI with @nvec vectors (a power of
 * two the function offers). */
void qpci_msi_enable(QPCIDevice *dev, uint64_t addr, uint16_t data,
                     unsigned nvec);
void qpci_msi_disable(QPCIDevice *dev);
/* Per-vector masking (the function must offer it). */
void qpci_msi_set_mask(QPCIDevice *dev, uint32_t mask);
uint32_t qpci_msi_get_mask(QPCIDevice *dev);
uint32_t qpci_msi_get_pending(QPCIDevice *dev);

/* MSI-X (the capability must exist and its BARs be assigned) */

/* Find the capability, the table and the PBA; returns the vector count. */
unsigned qpci_msix_init(QPCIDevice *dev);
void qpci_msix_enable(QPCIDevice *dev);
void qpci_msix_disable(QPCIDevice *dev);
void qpci_msix_set_function_mask(QPCIDevice *dev, bool masked);
/* Write vector @vec's address and data (its mask bit is left alone). */
void qpci_msix_set_vector(QPCIDevice *dev, unsigned vec, uint64_t addr,
                          uint32_t data);
void qpci_msix_mask_vector(QPCIDevice *dev, unsigned vec, bool masked);
bool qpci_msix_vector_masked(QPCIDevice *dev, unsigned vec);
bool qpci_msix_pending(QPCIDevice *dev, unsigned vec);
/* Where table entry @vec / the PBA dword holding @vec are (CPU address). */
uint64_t qpci_msix_entry_addr(QPCIDevice *dev, unsigned vec);
uint64_t qpci_msix_pba_addr(QPCIDevice *dev, unsigned vec);

#endif
