/*
 * PCI base address registers and the expansion ROM: registering them,
 * sizing masks, and mapping them into the bus's address spaces as the
 * guest programs them (see include/hw/pci/pci.h).
 */
#include "util/osdep.h"
#include <sys/stat.h>
#include "hw/pci/pci.h"
#include "hw/pci/pci_bus.h"
#include "pci-internal.h"

static bool is_pow2(uint64_t v)
{
    return v && !(v & (v - 1));
}

static uint64_t pow2_ceil(uint64_t v)
{
    uint64_t p = 1;

    while (p < v) {
        p <<= 1;
    }
    return p;
}

int pci_bar(PCIDevice *dev, int n)
{
    if (n == PCI_ROM_SLOT) {
        return pci_is_bridge_header(dev) ? PCI_ROM_ADDRESS1 : PCI_ROM_ADDRESS;
    }
    return PCI_BASE_ADDRESS_0 + n * 4;
}

void pci_register_bar(PCIDevice *dev, int region_num, uint8_t type,
                      MemoryRegion *memory)
{
    PCIBus *bus = pci_get_bus(dev);
    uint64_t size = memory_region_size(memory);
    bool is64 = !(type & PCI_BASE_ADDRESS_SPACE_IO) &&
                (type & PCI_BASE_ADDRESS_MEM_TYPE_64);
    int max_bars = pci_is_bridge_header(dev) ? 2 : 6;
    PCIIORegion *r;
    uint64_t wmask;
    int addr;

    /* All of these are mistakes in the device model, not the guest's. */
    g_assert(region_num == PCI_ROM_SLOT ||
             (region_num >= 0 && region_num < max_bars));
    g_assert(is_pow2(size) && size != UINT64_MAX);
    g_assert(!is64 || (region_num + 1 < max_bars &&
                       !dev->io_regions[region_num + 1].size));
    g_assert(region_num == PCI_ROM_SLOT || region_num == 0 ||
             !(dev->io_regions[region_num - 1].size &&
               (dev->io_regions[region_num - 1].type &
                PCI_BASE_ADDRESS_MEM_TYPE_64) &&
               !(dev->io_regions[region_num - 1].type &
                 PCI_BASE_ADDRESS_SPACE_IO)));
    r = &dev->io_regions[region_num];
    g_assert(!r->size);

    r->addr = PCI_BAR_UNMAPPED;
    r->size = size;
    r->type = type;
    r->memory = memory;
    r->address_space = (type & PCI_BASE_ADDRESS_SPACE_IO)
                       ? bus->address_space_io : bus->address_space_mem;

    addr = pci_bar(dev, region_num);
    if (region_num == PCI_ROM_SLOT) {
        /* [PCI] 6.2.5.2: address bits 31:11 and the enable bit. */
        pci_set_long(dev->config + addr, 0);
        pci_set_long(dev->wmask + addr,
                     ((uint32_t)~(size - 1) & PCI_ROM_ADDRESS_MASK) |
                     PCI_ROM_ADDRESS_ENABLE);
        pci_set_long(dev->cmask + addr, 0xffffffff);
        return;
    }
    /* [PCI] 6.2.5.1: the size shows as the address bits that stay 0
     * when all-ones is written; the low bits say what the BAR is. */
    wmask = ~(size - 1);
    wmask &= (type & PCI_BASE_ADDRESS_SPACE_IO) ? PCI_BASE_ADDRESS_IO_MASK
                                                : PCI_BASE_ADDRESS_MEM_MASK;
    if (is64) {
        pci_set_quad(dev->config + addr, type);
        pci_set_quad(dev->wmask + addr, wmask);
        pci_set_quad(dev->cmask + addr, UINT64_MAX);
    } else {
        pci_set_long(dev->config + addr, type);
        pci_set_long(dev->wmask + addr, wmask);
        pci_set_long(dev->cmask + addr, 0xffffffff);
    }
}

pcibus_t pci_get_bar_addr(PCIDevice *dev, int region_num)
{
    return dev->io_regions[region_num].addr;
}

/*
 * Where BAR @n should be mapped now, or PCI_BAR_UNMAPPED: the command
 * register must enable its space, and the guest's address must be one
 * the BAR can decode.  Address 0 means "not assigned" (firmware never
 * places a BAR there, and guests write 0 to park one); a range that
 * wraps, or ends at the very top of what the BAR can address (all-ones
 * is what sizing leaves behind), is ignored rather than mapped
 * partially.  These are the rules qemu applies; like qemu, an address
 * beyond the end of the bus's space (an I/O BAR above 64 KiB on a PC) is
 * still "mapped", where nothing can reach it.
 */
static pcibus_t pci_bar_address(PCIDevice *dev, int n)
{
    PCIIORegion *r = &dev->io_regions[n];
    uint16_t cmd = pci_get_word(dev->config + PCI_COMMAND);
    int reg = pci_bar(dev, n);
    pcibus_t addr, last;

    if (dev->powered_off) {
        return PCI_BAR_UNMAPPED;
    }
    if (r->type & PCI_BASE_ADDRESS_SPACE_IO) {
        if (!(cmd & PCI_COMMAND_IO)) {
            return PCI_BAR_UNMAPPED;
        }
        addr = pci_get_long(dev->config + reg) & ~(r->size - 1) &
               PCI_BASE_ADDRESS_IO_MASK;
        last = addr + r->size - 1;
        if (!addr || last <= addr || last >= UINT32_MAX) {
            return PCI_BAR_UNMAPPED;
        }
        return addr;
    }
    if (!(cmd & PCI_COMMAND_MEMORY)) {
        return PCI_BAR_UNMAPPED;
    }
    if (n == PCI_ROM_SLOT) {
        uint32_t rom = pci_get_long(dev->config + reg);

        if (!(rom & PCI_ROM_ADDRESS_ENABLE)) {
            return PCI_BAR_UNMAPPED;
        }
        addr = rom & PCI_ROM_ADDRESS_MASK & ~(r->size - 1);
    } else if (r->type & PCI_BASE_ADDRESS_MEM_TYPE_64) {
        addr = pci_get_quad(dev->config + reg) & ~(r->size - 1) &
               PCI_BASE_ADDRESS_MEM_MASK;
    } else {
        addr = pci_get_long(dev->config + reg) & ~(r->size - 1) &
               PCI_BASE_ADDRESS_MEM_MASK;
    }
    last = addr + r->size - 1;
    if (!addr || last < addr || last == PCI_BAR_UNMAPPED) {
        return PCI_BAR_UNMAPPED;
    }
    if (!(r->type & PCI_BASE_ADDRESS_MEM_TYPE_64) && last >= UINT32_MAX) {
        return PCI_BAR_UNMAPPED;
    }
    return addr;
}

void pci_update_mappings(PCIDevice *dev)
{
    int i;

    if (!dev->config) {
        return;
    }
    memory_region_transaction_begin();
    for (i = 0; i < PCI_NUM_REGIONS; i++) {
        PCIIORegion *r = &dev->io_regions[i];
        pcibus_t addr;

        if (!r->size) {
            continue;
        }
        addr = pci_bar_address(dev, i);
        if (addr == r->addr) {
            continue;
        }
        if (r->addr != PCI_BAR_UNMAPPED) {
            memory_region_del_subregion(r->address_space, r->memory);
        }
        r->addr = addr;
        if (addr != PCI_BAR_UNMAPPED) {
            /* Above the bus's own background; between BARs the one
             * mapped last wins, as the memory API orders equals. */
            memory_region_add_subregion_overlap(r->address_space, addr,
                                                r->memory, 1);
        }
    }
    memory_region_transaction_commit();
}

void pci_bars_unmap(PCIDevice *dev)
{
    int i;

    memory_region_transaction_begin();
    for (i = 0; i < PCI_NUM_REGIONS; i++) {
        PCIIORegion *r = &dev->io_regions[i];

        if (r->size && r->addr != PCI_BAR_UNMAPPED) {
            memory_region_del_subregion(r->address_space, r->memory);
            r->addr = PCI_BAR_UNMAPPED;
        }
    }
    memory_region_transaction_commit();
}

/* The BAR registers' reset values: their type bits only. */
void pci_bars_reset(PCIDevice *dev)
{
    int i;

    for (i = 0; i < PCI_NUM_REGIONS; i++) {
        PCIIORegion *r = &dev->io_regions[i];
        int reg = pci_bar(dev, i);

        if (!r->size) {
            continue;
        }
        if (i == PCI_ROM_SLOT) {
            pci_set_long(dev->config + reg, 0);
        } else if (!(r->type & PCI_BASE_ADDRESS_SPACE_IO) &&
                   (r->type & PCI_BASE_ADDRESS_MEM_TYPE_64)) {
            pci_set_quad(dev->config + reg, r->type);
        } else {
            pci_set_long(dev->config + reg, r->type);
        }
    }
}

/* The expansion ROM from the "romfile" property */

/* Read @path whole; the messages are qemu's. */
static bool pci_rom_read_file(const char *path, char **data, size_t *len,
                              Error **errp)
{
    g_autoptr(GError) gerr = NULL;
    struct stat st;
    gsize glen;

    if (stat(path, &st) < 0) {
        error_setg(errp, "failed to find romfile \"%s\"", path);
        return false;
    }
    if (!S_ISREG(st.st_mode) || st.st_size > INT32_MAX) {
        error_setg(errp, "romfile \"%s\" too large (size cannot exceed "
                   "2 GiB)", path);
        return false;
    }
    if (!g_file_get_contents(path, data, &glen, &gerr)) {
        error_setg(errp, "failed to read romfile \"%s\": %s", path,
                   gerr->message);
        return false;
    }
    *len = glen;
    if (!glen) {
        g_free(*data);
        error_setg(errp, "romfile \"%s\" is empty", path);
        return false;
    }
    return true;
}

bool pci_rom_init(PCIDevice *dev, Error **errp)
{
    g_autofree char *data = NULL;
    g_autofree char *name = NULL;
    uint64_t size;
    size_t len;

    if (!dev->romfile || !*dev->romfile || !dev->rom_bar) {
        /* No ROM, or not in a BAR (firmware would load it itself). */
        return true;
    }
    if (dev->romsize != UINT32_MAX && !is_pow2(dev->romsize)) {
        error_setg(errp, "ROM size %u is not a power of two", dev->romsize);
        return false;
    }
    if (!pci_rom_read_file(dev->romfile, &data, &len, errp)) {
        return false;
    }
    if (dev->romsize != UINT32_MAX) {
        if (len > dev->romsize) {
            error_setg(errp, "romfile \"%s\" (%zu bytes) is too large for "
                       "ROM size %u", dev->romfile, len, dev->romsize);
            return false;
        }
        size = dev->romsize;
    } else {
        size = pow2_ceil(len);
    }
    /* [PCI] 6.2.5.2: ROM BARs decode at least 2 KiB. */
    size = MAX(size, 2 * KiB);
    name = g_strdup_printf("%s.rom", dev->name);
    if (!memory_region_init_rom(&dev->rom, OBJECT(dev), name, size, errp)) {
        return false;
    }
    memcpy(memory_region_get_ram_ptr(&dev->rom), data, len);
    pci_register_bar(dev, PCI_ROM_SLOT, 0, &dev->rom);
    dev->has_rom = true;
    return true;
}

void pci_rom_cleanup(PCIDevice *dev)
{
    if (dev->has_rom) {
        object_unparent(OBJECT(&dev->rom));
        dev->has_rom = false;
    }
}
