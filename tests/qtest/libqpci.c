/*
 * libqpci: PCI enumeration, BAR assignment, bridge windows, MSI and MSI-X
 * from a guest driver's side, over qtest (see libqpci.h).
 */
#include "util/osdep.h"
#include "libqpci.h"
#include "../testdev/pci-testdev-regs.h"

/* Configuration mechanism #1 ([PCI] 3.2.2.3.2) */
#define CF8_ENABLE          0x80000000U
#define CF8_DATA_OFFSET     4
/* ECAM ([PCIe] 7.2.2) */
#define ECAM_BUS_SHIFT      20
#define ECAM_DEVFN_SHIFT    12
/* How far a capability walk goes: (256 - 64) / 4 entries at most. */
#define CAP_WALK_MAX        48
#define EXT_CAP_WALK_MAX \
    ((PCIE_CONFIG_SPACE_SIZE - PCI_CONFIG_SPACE_SIZE) / 4)
/* What a read of a missing function gives. */
#define NO_DEVICE           0xffff

/* Hosts */

static QPCIBus *qpci_new(QTestState *qts)
{
    QPCIBus *bus = g_new0(QPCIBus, 1);

    bus->qts = qts;
    bus->devices = g_ptr_array_new_with_free_func(g_free);
    return bus;
}

QPCIBus *qpci_new_cf8(QTestState *qts, uint16_t port)
{
    QPCIBus *bus = qpci_new(qts);

    bus->config_port = port;
    return bus;
}

QPCIBus *qpci_new_ecam(QTestState *qts, uint64_t base)
{
    QPCIBus *bus = qpci_new(qts);

    bus->ecam = true;
    bus->ecam_base = base;
    return bus;
}

QPCIBus *qpci_new_test_host(QTestState *qts)
{
    QPCIBus *bus = qpci_new_cf8(qts, CORVID_TEST_PCI_HOST_CONFIG_PORT);

    qpci_set_io_window(bus, CORVID_TEST_PCI_HOST_IO_BASE,
                       CORVID_TEST_PCI_HOST_IO_SIZE);
    qpci_set_mmio_window(bus, CORVID_TEST_PCI_HOST_MMIO_BASE,
                         CORVID_TEST_PCI_HOST_MMIO_SIZE);
    qpci_set_mmio64_window(bus, CORVID_TEST_PCI_HOST_MMIO64_BASE,
                           CORVID_TEST_PCI_HOST_MMIO64_SIZE);
    return bus;
}

static void test_no_test_host(void)
{
    qtest_require_device("corvid-test-pci-host");
}

bool qpci_have_test_host(const char *skip_path)
{
    if (qtest_has_device("corvid-test-pci-host")) {
        return true;
    }
    g_test_add_func(skip_path, test_no_test_host);
    return false;
}

void qpci_free(QPCIBus *bus)
{
    if (bus) {
        g_ptr_array_free(bus->devices, true);
        g_free(bus);
    }
}

static void window_set(QPCIWindow *w, uint64_t base, uint64_t size)
{
    w->present = size != 0;
    w->base = base;
    w->limit = base + size - 1;
    w->next = base;
}

void qpci_set_io_window(QPCIBus *bus, uint64_t base, uint64_t size)
{
    window_set(&bus->io, base, size);
}

void qpci_set_mmio_window(QPCIBus *bus, uint64_t base, uint64_t size)
{
    window_set(&bus->mmio, base, size);
}

void qpci_set_mmio64_window(QPCIBus *bus, uint64_t base, uint64_t size)
{
    window_set(&bus->mmio64, base, size);
}

/* Accesses of 1, 2, 4 or 8 bytes, to I/O ports if @io, else to memory */

static uint64_t raw_read(QTestState *qts, bool io, uint64_t addr,
                         unsigned len)
{
    switch (len) {
    case 1:
        return io ? qtest_inb(qts, addr) : qtest_readb(qts, addr);
    case 2:
        return io ? qtest_inw(qts, addr) : qtest_readw(qts, addr);
    case 4:
        return io ? qtest_inl(qts, addr) : qtest_readl(qts, addr);
    default:
        /* Ports have no 8-byte access: two dwords, the low one first. */
        if (io) {
            return qtest_inl(qts, addr) |
                   ((uint64_t)qtest_inl(qts, addr + 4) << 32);
        }
        return qtest_readq(qts, addr);
    }
}

static void raw_write(QTestState *qts, bool io, uint64_t addr, unsigned len,
                      uint64_t val)
{
    if (!io) {
        switch (len) {
        case 1:
            qtest_writeb(qts, addr, val);
            break;
        case 2:
            qtest_writew(qts, addr, val);
            break;
        case 4:
            qtest_writel(qts, addr, val);
            break;
        default:
            qtest_writeq(qts, addr, val);
            break;
        }
        return;
    }
    switch (len) {
    case 1:
        qtest_outb(qts, addr, val);
        break;
    case 2:
        qtest_outw(qts, addr, val);
        break;
    case 4:
        qtest_outl(qts, addr, val);
        break;
    default:
        qtest_outl(qts, addr, val);
        qtest_outl(qts, addr + 4, val >> 32);
        break;
    }
}

/* Raw configuration accesses */

static uint32_t cf8_address(int bus_num, int devfn, uint16_t reg)
{
    return CF8_ENABLE | ((uint32_t)bus_num << 16) | ((uint32_t)devfn << 8) |
           (reg & 0xfc);
}

static uint64_t ecam_address(QPCIBus *bus, int bus_num, int devfn,
                             uint16_t reg)
{
    return bus->ecam_base + ((uint64_t)bus_num << ECAM_BUS_SHIFT) +
           ((uint64_t)devfn << ECAM_DEVFN_SHIFT) + reg;
}

static void check_access(QPCIBus *bus, int bus_num, int devfn, uint16_t reg,
                         int len)
{
    g_assert(bus_num >= 0 && bus_num < 256);
    g_assert(devfn >= 0 && devfn < 256);
    g_assert(len == 1 || len == 2 || len == 4);
    g_assert_cmpuint(reg + len, <=, bus->ecam ? PCIE_CONFIG_SPACE_SIZE
                                              : PCI_CONFIG_SPACE_SIZE);
    /* Within one dword: what the ports (and ECAM's rules) allow. */
    g_assert_cmpuint((reg & 3) + len, <=, 4);
}

/* Set up an access to @reg of bus_num:devfn and return where it goes:
 * its ECAM address, or the data port once CONFIG_ADDRESS is written. */
static uint64_t config_target(QPCIBus *bus, int bus_num, int devfn,
                              uint16_t reg, int len)
{
    check_access(bus, bus_num, devfn, reg, len);
    if (bus->ecam) {
        return ecam_address(bus, bus_num, devfn, reg);
    }
    qtest_outl(bus->qts, bus->config_port, cf8_address(bus_num, devfn, reg));
    return bus->config_port + CF8_DATA_OFFSET + (reg & 3);
}

uint32_t qpci_config_read(QPCIBus *bus, int bus_num, int devfn,
                          uint16_t reg, int len)
{
    uint64_t a = config_target(bus, bus_num, devfn, reg, len);

    return raw_read(bus->qts, !bus->ecam, a, len);
}

void qpci_config_write(QPCIBus *bus, int bus_num, int devfn, uint16_t reg,
                       uint32_t val, int len)
{
    uint64_t a = config_target(bus, bus_num, devfn, reg, len);

    raw_write(bus->qts, !bus->ecam, a, len, val);
}

/* Functions */

uint8_t qpci_config_readb(QPCIDevice *dev, uint16_t reg)
{
    return qpci_config_read(dev->bus, dev->bus_num, dev->devfn, reg, 1);
}

uint16_t qpci_config_readw(QPCIDevice *dev, uint16_t reg)
{
    return qpci_config_read(dev->bus, dev->bus_num, dev->devfn, reg, 2);
}

uint32_t qpci_config_readl(QPCIDevice *dev, uint16_t reg)
{
    return qpci_config_read(dev->bus, dev->bus_num, dev->devfn, reg, 4);
}

void qpci_config_writeb(QPCIDevice *dev, uint16_t reg, uint8_t val)
{
    qpci_config_write(dev->bus, dev->bus_num, dev->devfn, reg, val, 1);
}

void qpci_config_writew(QPCIDevice *dev, uint16_t reg, uint16_t val)
{
    qpci_config_write(dev->bus, dev->bus_num, dev->devfn, reg, val, 2);
}

void qpci_config_writel(QPCIDevice *dev, uint16_t reg, uint32_t val)
{
    qpci_config_write(dev->bus, dev->bus_num, dev->devfn, reg, val, 4);
}

/* A new function record for whatever answers at @bus_num/@devfn. */
static QPCIDevice *device_probe(QPCIBus *bus, int bus_num, int devfn,
                                QPCIDevice *parent)
{
    uint16_t vendor = qpci_config_read(bus, bus_num, devfn, PCI_VENDOR_ID, 2);
    QPCIDevice *dev;

    if (vendor == NO_DEVICE) {
        return NULL;
    }
    dev = g_new0(QPCIDevice, 1);
    dev->bus = bus;
    dev->bus_num = bus_num;
    dev->devfn = devfn;
    dev->parent = parent;
    dev->vendor_id = vendor;
    dev->device_id = qpci_config_readw(dev, PCI_DEVICE_ID);
    dev->header_type = qpci_config_readb(dev, PCI_HEADER_TYPE) &
                       PCI_HEADER_TYPE_MASK;
    g_ptr_array_add(bus->devices, dev);
    return dev;
}

QPCIDevice *qpci_device_find(QPCIBus *bus, int bus_num, int devfn)
{
    guint i;

    for (i = 0; i < bus->devices->len; i++) {
        QPCIDevice *dev = g_ptr_array_index(bus->devices, i);

        if (dev->bus_num == bus_num && dev->devfn == devfn) {
            return dev;
        }
    }
    return device_probe(bus, bus_num, devfn, NULL);
}

QPCIDevice *qpci_find_device(QPCIBus *bus, uint16_t vendor_id,
                             uint16_t device_id, int index)
{
    guint i;

    for (i = 0; i < bus->devices->len; i++) {
        QPCIDevice *dev = g_ptr_array_index(bus->devices, i);

        if (dev->vendor_id == vendor_id && dev->device_id == device_id &&
            index-- == 0) {
            return dev;
        }
    }
    return NULL;
}

uint8_t qpci_find_capability(QPCIDevice *dev, uint8_t id, uint8_t start)
{
    uint8_t ptr;
    int steps;

    if (start) {
        ptr = qpci_config_readb(dev, start + PCI_CAP_LIST_NEXT);
    } else {
        if (!(qpci_config_readw(dev, PCI_STATUS) & PCI_STATUS_CAP_LIST)) {
            return 0;
        }
        ptr = qpci_config_readb(dev, PCI_CAPABILITY_LIST);
    }
    for (steps = 0; steps < CAP_WALK_MAX; steps++) {
        ptr &= ~3;
        if (ptr < PCI_CONFIG_HEADER_SIZE) {
            return 0;
        }
        if (qpci_config_readb(dev, ptr + PCI_CAP_LIST_ID) == id) {
            return ptr;
        }
        ptr = qpci_config_readb(dev, ptr + PCI_CAP_LIST_NEXT);
    }
    return 0;
}

uint16_t qpci_find_ext_capability(QPCIDevice *dev, uint16_t id)
{
    uint16_t off = PCI_CONFIG_SPACE_SIZE;
    int steps;

    g_assert(dev->bus->ecam);
    for (steps = 0; steps < EXT_CAP_WALK_MAX && off; steps++) {
        uint32_t header = qpci_config_readl(dev, off);

        if (header == 0 || header == 0xffffffff) {
            return 0;
        }
        if (PCI_EXT_CAP_ID(header) == id) {
            return off;
        }
        off = PCI_EXT_CAP_NEXT(header);
        if (off < PCI_CONFIG_SPACE_SIZE) {
            return 0;
        }
    }
    return 0;
}

void qpci_set_command(QPCIDevice *dev, uint16_t set, uint16_t clear)
{
    uint16_t cmd = qpci_config_readw(dev, PCI_COMMAND);

    qpci_config_writew(dev, PCI_COMMAND, (cmd & ~clear) | set);
}

void qpci_device_enable(QPCIDevice *dev)
{
    qpci_set_command(dev, PCI_COMMAND_IO | PCI_COMMAND_MEMORY |
                     PCI_COMMAND_MASTER, 0);
}

/* Enumeration */

static void scan_bus(QPCIBus *bus, int bus_num, QPCIDevice *parent);

/* Number the bus below bridge @br and everything below it. */
static void scan_bridge(QPCIBus *bus, QPCIDevice *br)
{
    int secondary;

    if (bus->last_bus >= 255) {
        /* No numbers left: the bridge stays unconfigured. */
        return;
    }
    secondary = ++bus->last_bus;
    qpci_config_writeb(br, PCI_PRIMARY_BUS, br->bus_num);
    qpci_config_writeb(br, PCI_SECONDARY_BUS, secondary);
    /* Route everything above while the buses below are numbered. */
    qpci_config_writeb(br, PCI_SUBORDINATE_BUS, 0xff);
    scan_bus(bus, secondary, br);
    qpci_config_writeb(br, PCI_SUBORDINATE_BUS, bus->last_bus);
    br->secondary = secondary;
    br->subordinate = bus->last_bus;
}

static void scan_bus(QPCIBus *bus, int bus_num, QPCIDevice *parent)
{
    int slot, fn;

    for (slot = 0; slot < 32; slot++) {
        for (fn = 0; fn < 8; fn++) {
            QPCIDevice *dev = device_probe(bus, bus_num,
                                           QPCI_DEVFN(slot, fn), parent);
            bool multi;

            if (!dev) {
                /* A slot without function 0 is empty to software. */
                if (fn == 0) {
                    break;
                }
                continue;
            }
            multi = qpci_config_readb(dev, PCI_HEADER_TYPE) &
                    PCI_HEADER_TYPE_MULTI_FUNCTION;
            if (dev->header_type == PCI_HEADER_TYPE_BRIDGE) {
                scan_bridge(bus, dev);
            }
            if (fn == 0 && !multi) {
                break;
            }
        }
    }
}

int qpci_enumerate(QPCIBus *bus)
{
    g_ptr_array_set_size(bus->devices, 0);
    bus->last_bus = 0;
    scan_bus(bus, 0, NULL);
    return bus->devices->len;
}

void qpci_foreach(QPCIBus *bus, void (*fn)(QPCIDevice *dev, void *opaque),
                  void *opaque)
{
    guint i;

    for (i = 0; i < bus->devices->len; i++) {
        fn(g_ptr_array_index(bus->devices, i), opaque);
    }
}

/* BARs */

static uint16_t bar_reg(QPCIDevice *dev, int bar)
{
    bool bridge = dev->header_type == PCI_HEADER_TYPE_BRIDGE;

    if (bar == QPCI_ROM_BAR) {
        return bridge ? PCI_ROM_ADDRESS1 : PCI_ROM_ADDRESS;
    }
    g_assert(bar >= 0 && bar < (bridge ? 2 : QPCI_NUM_BARS));
    return PCI_BASE_ADDRESS_0 + bar * 4;
}

uint64_t qpci_bar_probe(QPCIDevice *dev, int bar)
{
    uint16_t reg = bar_reg(dev, bar);
    uint16_t cmd = qpci_config_readw(dev, PCI_COMMAND);
    QPCIBar *b = &dev->bars[bar];
    uint32_t old, v;

    memset(b, 0, sizeof(*b));
    /* No decoding while the register holds the sizing pattern. */
    qpci_config_writew(dev, PCI_COMMAND,
                       cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
    old = qpci_config_readl(dev, reg);
    if (bar == QPCI_ROM_BAR) {
        qpci_config_writel(dev, reg, PCI_ROM_ADDRESS_MASK);
        v = qpci_config_readl(dev, reg) & PCI_ROM_ADDRESS_MASK;
        qpci_config_writel(dev, reg, old);
        b->size = v ? (uint32_t)(~v + 1) : 0;
    } else {
        qpci_config_writel(dev, reg, 0xffffffff);
        v = qpci_config_readl(dev, reg);
        qpci_config_writel(dev, reg, old);
        if (v & PCI_BASE_ADDRESS_SPACE_IO) {
            uint32_t mask = v & PCI_BASE_ADDRESS_IO_MASK;

            /* A function that decodes only 16 bits of I/O address. */
            if (mask && !(mask & 0xffff0000)) {
                mask |= 0xffff0000;
            }
            b->io = true;
            b->size = mask ? (uint32_t)(~mask + 1) : 0;
        } else if (v) {
            uint64_t mask = v & PCI_BASE_ADDRESS_MEM_MASK;

            b->prefetch = v & PCI_BASE_ADDRESS_MEM_PREFETCH;
            b->is64 = (v & PCI_BASE_ADDRESS_MEM_TYPE_MASK) ==
                      PCI_BASE_ADDRESS_MEM_TYPE_64;
            if (b->is64) {
                uint32_t oldhi = qpci_config_readl(dev, reg + 4);

                qpci_config_writel(dev, reg + 4, 0xffffffff);
                mask |= (uint64_t)qpci_config_readl(dev, reg + 4) << 32;
                qpci_config_writel(dev, reg + 4, oldhi);
            } else {
                mask |= 0xffffffff00000000ULL;
            }
            b->size = mask ? ~mask + 1 : 0;
        }
    }
    qpci_config_writew(dev, PCI_COMMAND, cmd);
    if (!b->size) {
        memset(b, 0, sizeof(*b));
    }
    return b->size;
}

void qpci_bar_set(QPCIDevice *dev, int bar, uint64_t addr)
{
    uint16_t reg = bar_reg(dev, bar);
    QPCIBar *b = &dev->bars[bar];

    if (bar == QPCI_ROM_BAR) {
        qpci_config_writel(dev, reg, (uint32_t)addr | PCI_ROM_ADDRESS_ENABLE);
    } else {
        /* The type bits are read-only: writing address bits is enough. */
        qpci_config_writel(dev, reg, (uint32_t)addr);
        if (b->is64) {
            qpci_config_writel(dev, reg + 4, addr >> 32);
        }
    }
    b->addr = addr;
    b->assigned = true;
}

static uint64_t align_up(uint64_t v, uint64_t align)
{
    return (v + align - 1) & ~(align - 1);
}

/* @size bytes aligned to @align from @w; asserts that they fit. */
static uint64_t window_alloc(QPCIWindow *w, uint64_t size, uint64_t align)
{
    uint64_t addr;

    g_assert(w->present);
    addr = align_up(w->next, align);
    g_assert_cmphex(addr, >=, w->next);
    g_assert_cmphex(addr + size - 1, <=, w->limit);
    w->next = addr + size;
    return addr;
}

/* Where prefetchable 64-bit BARs come from. */
static QPCIWindow *pref_window(QPCIBus *bus)
{
    return bus->mmio64.present ? &bus->mmio64 : &bus->mmio;
}

static QPCIWindow *bar_window(QPCIDevice *dev, QPCIBar *b)
{
    if (b->io) {
        return &dev->bus->io;
    }
    if (b->is64 && b->prefetch) {
        return pref_window(dev->bus);
    }
    return &dev->bus->mmio;
}

uint64_t qpci_bar_assign(QPCIDevice *dev, int bar)
{
    QPCIBar *b = &dev->bars[bar];
    uint64_t size = qpci_bar_probe(dev, bar);

    g_assert_cmpuint(size, !=, 0);
    qpci_bar_set(dev, bar, window_alloc(bar_window(dev, b), size, size));
    return b->addr;
}

static void assign_device_bars(QPCIDevice *dev)
{
    int nbars = dev->header_type == PCI_HEADER_TYPE_BRIDGE ? 2
                                                           : QPCI_NUM_BARS;
    int bar;

    for (bar = 0; bar < nbars; bar++) {
        if (qpci_bar_probe(dev, bar)) {
            qpci_bar_assign(dev, bar);
            if (dev->bars[bar].is64) {
                bar++;
            }
        }
    }
}

void qpci_bridge_set_io_window(QPCIDevice *br, uint32_t base,
                               uint32_t limit)
{
    qpci_config_writeb(br, PCI_IO_BASE, (base >> 8) & PCI_IO_RANGE_MASK);
    qpci_config_writeb(br, PCI_IO_LIMIT, (limit >> 8) & PCI_IO_RANGE_MASK);
    /* Read-only zero on bridges that decode 16 bits of I/O address. */
    qpci_config_writew(br, PCI_IO_BASE_UPPER16, base >> 16);
    qpci_config_writew(br, PCI_IO_LIMIT_UPPER16, limit >> 16);
}

void qpci_bridge_set_mem_window(QPCIDevice *br, uint32_t base,
                                uint32_t limit)
{
    qpci_config_writew(br, PCI_MEMORY_BASE,
                       (base >> 16) & PCI_MEMORY_RANGE_MASK);
    qpci_config_writew(br, PCI_MEMORY_LIMIT,
                       (limit >> 16) & PCI_MEMORY_RANGE_MASK);
}

void qpci_bridge_set_pref_window(QPCIDevice *br, uint64_t base,
                                 uint64_t limit)
{
    qpci_config_writew(br, PCI_PREF_MEMORY_BASE,
                       (base >> 16) & PCI_PREF_RANGE_MASK);
    qpci_config_writew(br, PCI_PREF_MEMORY_LIMIT,
                       (limit >> 16) & PCI_PREF_RANGE_MASK);
    qpci_config_writel(br, PCI_PREF_BASE_UPPER32, base >> 32);
    qpci_config_writel(br, PCI_PREF_LIMIT_UPPER32, limit >> 32);
}

/* Window granularities ([P2P] 3.2.5.6, 3.2.5.8). */
#define IO_GRANULE  0x1000
#define MEM_GRANULE 0x100000

/* Move @w's next free address up to a multiple of @granule (if it has
 * room) and return it. */
static uint64_t window_align(QPCIWindow *w, uint64_t granule)
{
    if (w->present) {
        w->next = align_up(w->next, granule);
    }
    return w->next;
}

static void assign_bus(QPCIBus *bus, int bus_num)
{
    QPCIWindow *pref = pref_window(bus);
    guint i;

    /* First the BARs of everything on this bus, then the windows of the
     * bridges around what is behind them. */
    for (i = 0; i < bus->devices->len; i++) {
        QPCIDevice *dev = g_ptr_array_index(bus->devices, i);

        if (dev->bus_num == bus_num) {
            assign_device_bars(dev);
        }
    }
    for (i = 0; i < bus->devices->len; i++) {
        QPCIDevice *br = g_ptr_array_index(bus->devices, i);
        uint64_t io0, mem0, pref0, io1, mem1, pref1;

        if (br->bus_num != bus_num ||
            br->header_type != PCI_HEADER_TYPE_BRIDGE || !br->secondary) {
            continue;
        }
        io0 = window_align(&bus->io, IO_GRANULE);
        mem0 = window_align(&bus->mmio, MEM_GRANULE);
        pref0 = window_align(pref, MEM_GRANULE);
        assign_bus(bus, br->secondary);
        io1 = window_align(&bus->io, IO_GRANULE);
        mem1 = window_align(&bus->mmio, MEM_GRANULE);
        pref1 = window_align(pref, MEM_GRANULE);

        /* An empty window is closed: base above limit. */
        if (io1 > io0) {
            qpci_bridge_set_io_window(br, io0, io1 - 1);
        } else {
            qpci_bridge_set_io_window(br, 0xf000, 0);
        }
        if (mem1 > mem0) {
            qpci_bridge_set_mem_window(br, mem0, mem1 - 1);
        } else {
            qpci_bridge_set_mem_window(br, 0xfff00000, 0);
        }
        if (pref != &bus->mmio && pref1 > pref0) {
            qpci_bridge_set_pref_window(br, pref0, pref1 - 1);
        } else {
            qpci_bridge_set_pref_window(br, 0xfff00000, 0);
        }
        qpci_device_enable(br);
    }
}

void qpci_assign_resources(QPCIBus *bus)
{
    /* From scratch, as firmware does at boot. */
    bus->io.next = bus->io.base;
    bus->mmio.next = bus->mmio.base;
    bus->mmio64.next = bus->mmio64.base;
    assign_bus(bus, 0);
}

/* Accessing BARs */

static uint64_t bar_addr(QPCIDevice *dev, int bar, uint64_t off,
                         unsigned len)
{
    QPCIBar *b = &dev->bars[bar];

    g_assert(bar >= 0 && bar <= QPCI_ROM_BAR);
    g_assert(b->assigned);
    g_assert_cmpuint(off + len, <=, b->size);
    if (b->io) {
        g_assert_cmphex(b->addr + off + len, <=, 0x10000);
    }
    return b->addr + off;
}

static uint64_t bar_read(QPCIDevice *dev, int bar, uint64_t off,
                         unsigned len)
{
    uint64_t a = bar_addr(dev, bar, off, len);

    return raw_read(dev->bus->qts, dev->bars[bar].io, a, len);
}

static void bar_write(QPCIDevice *dev, int bar, uint64_t off, unsigned len,
                      uint64_t val)
{
    uint64_t a = bar_addr(dev, bar, off, len);

    raw_write(dev->bus->qts, dev->bars[bar].io, a, len, val);
}

uint8_t qpci_bar_readb(QPCIDevice *dev, int bar, uint64_t off)
{
    return bar_read(dev, bar, off, 1);
}

uint16_t qpci_bar_readw(QPCIDevice *dev, int bar, uint64_t off)
{
    return bar_read(dev, bar, off, 2);
}

uint32_t qpci_bar_readl(QPCIDevice *dev, int bar, uint64_t off)
{
    return bar_read(dev, bar, off, 4);
}

uint64_t qpci_bar_readq(QPCIDevice *dev, int bar, uint64_t off)
{
    return bar_read(dev, bar, off, 8);
}

void qpci_bar_writeb(QPCIDevice *dev, int bar, uint64_t off, uint8_t val)
{
    bar_write(dev, bar, off, 1, val);
}

void qpci_bar_writew(QPCIDevice *dev, int bar, uint64_t off, uint16_t val)
{
    bar_write(dev, bar, off, 2, val);
}

void qpci_bar_writel(QPCIDevice *dev, int bar, uint64_t off, uint32_t val)
{
    bar_write(dev, bar, off, 4, val);
}

void qpci_bar_writeq(QPCIDevice *dev, int bar, uint64_t off, uint64_t val)
{
    bar_write(dev, bar, off, 8, val);
}

/* MSI */

static uint8_t msi_cap(QPCIDevice *dev, uint16_t *flags)
{
    uint8_t cap = qpci_find_capability(dev, PCI_CAP_ID_MSI, 0);

    g_assert_cmpuint(cap, !=, 0);
    *flags = qpci_config_readw(dev, cap + PCI_MSI_FLAGS);
    return cap;
}

void qpci_msi_enable(QPCIDevice *dev, uint64_t addr, uint16_t data,
                     unsigned nvec)
{
    uint16_t flags;
    uint8_t cap = msi_cap(dev, &flags);
    unsigned log2 = 0;

    g_assert(nvec && !(nvec & (nvec - 1)));
    while ((1U << log2) < nvec) {
        log2++;
    }
    qpci_config_writel(dev, cap + PCI_MSI_ADDRESS_LO, (uint32_t)addr);
    if (flags & PCI_MSI_FLAGS_64BIT) {
        qpci_config_writel(dev, cap + PCI_MSI_ADDRESS_HI, addr >> 32);
        qpci_config_writew(dev, cap + PCI_MSI_DATA_64, data);
    } else {
        g_assert_cmphex(addr >> 32, ==, 0);
        qpci_config_writew(dev, cap + PCI_MSI_DATA_32, data);
    }
    flags &= ~PCI_MSI_FLAGS_QSIZE;
    flags |= (log2 << PCI_MSI_FLAGS_QSIZE_SHIFT) | PCI_MSI_FLAGS_ENABLE;
    qpci_config_writew(dev, cap + PCI_MSI_FLAGS, flags);
}

void qpci_msi_disable(QPCIDevice *dev)
{
    uint16_t flags;
    uint8_t cap = msi_cap(dev, &flags);

    qpci_config_writew(dev, cap + PCI_MSI_FLAGS,
                       flags & ~PCI_MSI_FLAGS_ENABLE);
}

/* The offset of the mask register (the pending one follows it). */
static uint8_t msi_mask_reg(QPCIDevice *dev)
{
    uint16_t flags;
    uint8_t cap = msi_cap(dev, &flags);

    g_assert(flags & PCI_MSI_FLAGS_MASKBIT);
    return cap + ((flags & PCI_MSI_FLAGS_64BIT) ? PCI_MSI_MASK_64
                                                : PCI_MSI_MASK_32);
}

void qpci_msi_set_mask(QPCIDevice *dev, uint32_t mask)
{
    qpci_config_writel(dev, msi_mask_reg(dev), mask);
}

uint32_t qpci_msi_get_mask(QPCIDevice *dev)
{
    return qpci_config_readl(dev, msi_mask_reg(dev));
}

uint32_t qpci_msi_get_pending(QPCIDevice *dev)
{
    return qpci_config_readl(dev, msi_mask_reg(dev) + 4);
}

/* MSI-X */

unsigned qpci_msix_init(QPCIDevice *dev)
{
    uint8_t cap = qpci_find_capability(dev, PCI_CAP_ID_MSIX, 0);
    uint32_t table, pba;

    g_assert_cmpuint(cap, !=, 0);
    dev->msix_cap = cap;
    dev->msix_entries = (qpci_config_readw(dev, cap + PCI_MSIX_FLAGS) &
                         PCI_MSIX_FLAGS_QSIZE) + 1;
    table = qpci_config_readl(dev, cap + PCI_MSIX_TABLE);
    pba = qpci_config_readl(dev, cap + PCI_MSIX_PBA);
    dev->msix_table_bar = table & PCI_MSIX_BIR_MASK;
    dev->msix_table_off = table & PCI_MSIX_OFFSET_MASK;
    dev->msix_pba_bar = pba & PCI_MSIX_BIR_MASK;
    dev->msix_pba_off = pba & PCI_MSIX_OFFSET_MASK;
    g_assert(dev->bars[dev->msix_table_bar].assigned);
    g_assert(dev->bars[dev->msix_pba_bar].assigned);
    g_assert(!dev->bars[dev->msix_table_bar].io);
    return dev->msix_entries;
}

static void msix_ctrl_update(QPCIDevice *dev, uint16_t set, uint16_t clear)
{
    uint16_t ctrl;

    g_assert(dev->msix_cap);
    ctrl = qpci_config_readw(dev, dev->msix_cap + PCI_MSIX_FLAGS);
    qpci_config_writew(dev, dev->msix_cap + PCI_MSIX_FLAGS,
                       (ctrl & ~clear) | set);
}

void qpci_msix_enable(QPCIDevice *dev)
{
    msix_ctrl_update(dev, PCI_MSIX_FLAGS_ENABLE, 0);
}

void qpci_msix_disable(QPCIDevice *dev)
{
    msix_ctrl_update(dev, 0, PCI_MSIX_FLAGS_ENABLE);
}

void qpci_msix_set_function_mask(QPCIDevice *dev, bool masked)
{
    msix_ctrl_update(dev, masked ? PCI_MSIX_FLAGS_MASKALL : 0,
                     masked ? 0 : PCI_MSIX_FLAGS_MASKALL);
}

uint64_t qpci_msix_entry_addr(QPCIDevice *dev, unsigned vec)
{
    g_assert_cmpuint(vec, <, dev->msix_entries);
    return bar_addr(dev, dev->msix_table_bar,
                    dev->msix_table_off + vec * PCI_MSIX_ENTRY_SIZE,
                    PCI_MSIX_ENTRY_SIZE);
}

uint64_t qpci_msix_pba_addr(QPCIDevice *dev, unsigned vec)
{
    g_assert_cmpuint(vec, <, dev->msix_entries);
    return bar_addr(dev, dev->msix_pba_bar,
                    dev->msix_pba_off + vec / 32 * 4, 4);
}

void qpci_msix_set_vector(QPCIDevice *dev, unsigned vec, uint64_t addr,
                          uint32_t data)
{
    uint64_t e = qpci_msix_entry_addr(dev, vec);

    qtest_writel(dev->bus->qts, e + PCI_MSIX_ENTRY_LOWER_ADDR, addr);
    qtest_writel(dev->bus->qts, e + PCI_MSIX_ENTRY_UPPER_ADDR, addr >> 32);
    qtest_writel(dev->bus->qts, e + PCI_MSIX_ENTRY_DATA, data);
}

void qpci_msix_mask_vector(QPCIDevice *dev, unsigned vec, bool masked)
{
    uint64_t ctrl = qpci_msix_entry_addr(dev, vec) +
                    PCI_MSIX_ENTRY_VECTOR_CTRL;
    uint32_t v = qtest_readl(dev->bus->qts, ctrl);

    v = masked ? v | PCI_MSIX_ENTRY_CTRL_MASKBIT
               : v & ~PCI_MSIX_ENTRY_CTRL_MASKBIT;
    qtest_writel(dev->bus->qts, ctrl, v);
}

bool qpci_msix_vector_masked(QPCIDevice *dev, unsigned vec)
{
    return qtest_readl(dev->bus->qts, qpci_msix_entry_addr(dev, vec) +
                       PCI_MSIX_ENTRY_VECTOR_CTRL) &
           PCI_MSIX_ENTRY_CTRL_MASKBIT;
}

bool qpci_msix_pending(QPCIDevice *dev, unsigned vec)
{
    return (qtest_readl(dev->bus->qts, qpci_msix_pba_addr(dev, vec)) >>
            (vec % 32)) & 1;
}
