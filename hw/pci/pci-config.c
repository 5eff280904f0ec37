/*
 * PCI configuration space: the header and its masks, the guest's reads
 * and writes, and the capability list (see include/hw/pci/pci.h).
 */
#include "util/osdep.h"
#include "hw/pci/pci.h"
#include "hw/pci/pci_bus.h"
#include "hw/pci/msi.h"
#include "hw/pci/msix.h"
#include "pci-internal.h"

void pci_config_alloc(PCIDevice *dev)
{
    uint32_t size = pci_config_size(dev);

    dev->config = g_malloc0(size);
    dev->cmask = g_malloc0(size);
    dev->wmask = g_malloc0(size);
    dev->w1cmask = g_malloc0(size);
    dev->used = g_malloc0(size);
}

void pci_config_free(PCIDevice *dev)
{
    g_clear_pointer(&dev->config, g_free);
    g_clear_pointer(&dev->cmask, g_free);
    g_clear_pointer(&dev->wmask, g_free);
    g_clear_pointer(&dev->w1cmask, g_free);
    g_clear_pointer(&dev->used, g_free);
}

/* The fields a device model fixes: IDs, class, header layout. */
static void pci_init_cmask(PCIDevice *dev)
{
    pci_set_word(dev->cmask + PCI_VENDOR_ID, 0xffff);
    pci_set_word(dev->cmask + PCI_DEVICE_ID, 0xffff);
    dev->cmask[PCI_STATUS] = PCI_STATUS_CAP_LIST;
    dev->cmask[PCI_REVISION_ID] = 0xff;
    dev->cmask[PCI_CLASS_PROG] = 0xff;
    pci_set_word(dev->cmask + PCI_CLASS_DEVICE, 0xffff);
    dev->cmask[PCI_HEADER_TYPE] = 0xff;
    dev->cmask[PCI_CAPABILITY_LIST] = 0xff;
}

/*
 * What a guest may change ([PCI] 6.2): the command bits the core
 * implements, the cache line size and the interrupt line; the BARs get
 * their masks from pci_register_bar.  The device-specific area is the
 * device's until capabilities claim parts of it.
 */
static void pci_init_wmask(PCIDevice *dev)
{
    uint32_t size = pci_config_size(dev);

    dev->wmask[PCI_CACHE_LINE_SIZE] = 0xff;
    dev->wmask[PCI_INTERRUPT_LINE] = 0xff;
    pci_set_word(dev->wmask + PCI_COMMAND,
                 PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER |
                 PCI_COMMAND_SERR | PCI_COMMAND_INTX_DISABLE);
    memset(dev->wmask + PCI_CONFIG_HEADER_SIZE, 0xff,
           size - PCI_CONFIG_HEADER_SIZE);
}

static void pci_init_w1cmask(PCIDevice *dev)
{
    pci_set_word(dev->w1cmask + PCI_STATUS, PCI_STATUS_ERROR_BITS);
}

/* [P2P] 3.2: the type 1 registers a guest programs. */
static void pci_init_mask_bridge(PCIDevice *dev)
{
    /* Bus numbers and the secondary latency timer. */
    memset(dev->wmask + PCI_PRIMARY_BUS, 0xff, 4);
    dev->wmask[PCI_IO_BASE] = PCI_IO_RANGE_MASK;
    dev->wmask[PCI_IO_LIMIT] = PCI_IO_RANGE_MASK;
    pci_set_word(dev->wmask + PCI_MEMORY_BASE, PCI_MEMORY_RANGE_MASK);
    pci_set_word(dev->wmask + PCI_MEMORY_LIMIT, PCI_MEMORY_RANGE_MASK);
    pci_set_word(dev->wmask + PCI_PREF_MEMORY_BASE, PCI_PREF_RANGE_MASK);
    pci_set_word(dev->wmask + PCI_PREF_MEMORY_LIMIT, PCI_PREF_RANGE_MASK);
    /* 64-bit prefetchable window; 16-bit I/O window. */
    pci_set_long(dev->wmask + PCI_PREF_BASE_UPPER32, 0xffffffff);
    pci_set_long(dev->wmask + PCI_PREF_LIMIT_UPPER32, 0xffffffff);
    dev->config[PCI_IO_BASE] = PCI_IO_RANGE_TYPE_16;
    dev->config[PCI_IO_LIMIT] = PCI_IO_RANGE_TYPE_16;
    pci_set_word(dev->config + PCI_PREF_MEMORY_BASE, PCI_PREF_RANGE_TYPE_64);
    pci_set_word(dev->config + PCI_PREF_MEMORY_LIMIT,
                 PCI_PREF_RANGE_TYPE_64);
    pci_set_word(dev->wmask + PCI_BRIDGE_CONTROL,
                 PCI_BRIDGE_CTL_PARITY | PCI_BRIDGE_CTL_SERR |
                 PCI_BRIDGE_CTL_ISA | PCI_BRIDGE_CTL_VGA |
                 PCI_BRIDGE_CTL_VGA_16BIT | PCI_BRIDGE_CTL_MASTER_ABORT |
                 PCI_BRIDGE_CTL_BUS_RESET | PCI_BRIDGE_CTL_FAST_BACK |
                 PCI_BRIDGE_CTL_DISCARD | PCI_BRIDGE_CTL_SEC_DISCARD |
                 PCI_BRIDGE_CTL_DISCARD_SERR);
    pci_set_word(dev->w1cmask + PCI_BRIDGE_CONTROL,
                 PCI_BRIDGE_CTL_DISCARD_STATUS);
    pci_set_word(dev->w1cmask + PCI_SEC_STATUS, PCI_STATUS_ERROR_BITS);
    /* The window types are fixed by the model. */
    dev->cmask[PCI_IO_BASE] |= PCI_IO_RANGE_TYPE_MASK;
    dev->cmask[PCI_IO_LIMIT] |= PCI_IO_RANGE_TYPE_MASK;
    pci_set_word(dev->cmask + PCI_PREF_MEMORY_BASE, PCI_PREF_RANGE_TYPE_MASK);
    pci_set_word(dev->cmask + PCI_PREF_MEMORY_LIMIT,
                 PCI_PREF_RANGE_TYPE_MASK);
}

void pci_config_init(PCIDevice *dev)
{
    PCIDeviceClass *pc = PCI_DEVICE_GET_CLASS(dev);
    uint8_t *c = dev->config;

    pci_config_set_vendor_id(c, pc->vendor_id);
    pci_config_set_device_id(c, pc->device_id);
    pci_config_set_revision(c, pc->revision);
    pci_config_set_class(c, pc->class_id);
    pci_config_set_prog_interface(c, pc->prog_if);
    c[PCI_HEADER_TYPE] = pc->is_bridge ? PCI_HEADER_TYPE_BRIDGE
                                       : PCI_HEADER_TYPE_NORMAL;
    if (pci_is_multifunction(dev)) {
        c[PCI_HEADER_TYPE] |= PCI_HEADER_TYPE_MULTI_FUNCTION;
    }
    if (!pc->is_bridge) {
        if (pc->subsystem_vendor_id) {
            pci_set_word(c + PCI_SUBSYSTEM_VENDOR_ID,
                         pc->subsystem_vendor_id);
            pci_set_word(c + PCI_SUBSYSTEM_ID, pc->subsystem_id);
        } else {
            pci_set_word(c + PCI_SUBSYSTEM_VENDOR_ID,
                         PCI_SUBVENDOR_ID_REDHAT_QUMRANET);
            pci_set_word(c + PCI_SUBSYSTEM_ID, PCI_SUBDEVICE_ID_QEMU);
        }
    }
    pci_init_cmask(dev);
    pci_init_wmask(dev);
    pci_init_w1cmask(dev);
    if (pc->is_bridge) {
        pci_init_mask_bridge(dev);
    }
    memset(dev->used, 0xff, PCI_CONFIG_HEADER_SIZE);
}

/* Guest accesses */

uint32_t pci_default_read_config(PCIDevice *dev, uint32_t addr, int len)
{
    uint32_t val = 0;
    int i;

    g_assert(len >= 1 && len <= 4 && addr + len <= pci_config_size(dev));
    for (i = 0; i < len; i++) {
        val |= (uint32_t)dev->config[addr + i] << (8 * i);
    }
    return val;
}

void pci_default_write_config(PCIDevice *dev, uint32_t addr, uint32_t val,
                              int len)
{
    bool was_intx_disabled =
        pci_get_word(dev->config + PCI_COMMAND) & PCI_COMMAND_INTX_DISABLE;
    bool bridge = pci_is_bridge_header(dev);
    int rom = bridge ? PCI_ROM_ADDRESS1 : PCI_ROM_ADDRESS;
    int nbars = bridge ? 2 : 6;
    int i;

    g_assert(len >= 1 && len <= 4 && addr + len <= pci_config_size(dev));
    for (i = 0; i < len; i++) {
        uint8_t wmask = dev->wmask[addr + i];
        uint8_t w1cmask = dev->w1cmask[addr + i];
        uint8_t byte = val >> (8 * i);

        /* Writable bits take the new value; write-1-to-clear bits clear
         * where the guest writes 1.  (A bit that is both, which no model
         * should make, ends up cleared by a 1.) */
        dev->config[addr + i] = (dev->config[addr + i] & ~wmask) |
                                (byte & wmask);
        dev->config[addr + i] &= ~(byte & w1cmask);
    }
    if (pci_ranges_overlap(addr, len, PCI_BASE_ADDRESS_0, nbars * 4) ||
        pci_ranges_overlap(addr, len, rom, 4) ||
        pci_ranges_overlap(addr, len, PCI_COMMAND, 2)) {
        pci_update_mappings(dev);
    }
    if (pci_ranges_overlap(addr, len, PCI_COMMAND, 2)) {
        pci_update_irq_disabled(dev, was_intx_disabled);
        pci_bus_master_update(dev);
    }
    if (msi_present(dev)) {
        msi_write_config(dev, addr, val, len);
    }
    if (msix_present(dev)) {
        msix_write_config(dev, addr, val, len);
    }
}

/* Capabilities */

/*
 * A list pointer as [PCI] 6.7 defines it: dword aligned (the low bits are
 * reserved) and past the header; anything else ends the list.
 */
static uint8_t pci_cap_next(uint8_t ptr)
{
    ptr &= ~3;
    return ptr >= PCI_CONFIG_HEADER_SIZE ? ptr : 0;
}

/* The first free dword-aligned gap of @size bytes after the header. */
static int pci_find_space(PCIDevice *dev, uint8_t size)
{
    int offset, i;

    for (offset = PCI_CONFIG_HEADER_SIZE;
         offset + size <= PCI_CONFIG_SPACE_SIZE; offset += 4) {
        for (i = 0; i < size && !dev->used[offset + i]; i++) {
        }
        if (i == size) {
            return offset;
        }
    }
    return -1;
}

/* The capability whose bytes include @offset, as its header offset. */
static uint8_t pci_find_capability_at(PCIDevice *dev, uint8_t offset)
{
    uint8_t prev, next, found = 0;
    int guard = 0;

    /* The list is ours: walk it in order and keep the last start at or
     * below @offset. */
    for (next = pci_cap_next(dev->config[PCI_CAPABILITY_LIST]);
         next && guard < PCI_CONFIG_SPACE_SIZE / 4; guard++) {
        prev = next;
        if (prev <= offset && prev > found) {
            found = prev;
        }
        next = pci_cap_next(dev->config[prev + PCI_CAP_LIST_NEXT]);
    }
    return found;
}

int pci_add_capability(PCIDevice *dev, uint8_t cap_id, uint8_t offset,
                       uint8_t size, Error **errp)
{
    int i;

    if (size < PCI_CAP_SIZEOF) {
        error_setg(errp, "%s: PCI capability %#x of %u bytes is too small",
                   dev->name, cap_id, size);
        return -1;
    }
    if (!offset) {
        int found = pci_find_space(dev, size);

        if (found < 0) {
            error_setg(errp, "%s: no room for PCI capability %#x of %u "
                       "bytes", dev->name, cap_id, size);
            return -1;
        }
        offset = found;
    } else {
        if (offset < PCI_CONFIG_HEADER_SIZE || offset & 3 ||
            offset + size > PCI_CONFIG_SPACE_SIZE) {
            error_setg(errp, "%s: PCI capability %#x at offset %#x of %u "
                       "bytes is outside the device-specific area",
                       dev->name, cap_id, offset, size);
            return -1;
        }
        for (i = offset; i < offset + size; i++) {
            if (dev->used[i]) {
                uint8_t other = pci_find_capability_at(dev, i);

                error_setg(errp, "%s:%02x:%02x.%x Attempt to add PCI "
                           "capability %x at offset %x overlaps existing "
                           "capability %x at offset %x", dev->name,
                           pci_dev_bus_num(dev), PCI_SLOT(dev->devfn),
                           PCI_FUNC(dev->devfn), cap_id, offset,
                           other ? dev->config[other] : 0, other);
                return -1;
            }
        }
    }
    /* New capabilities go to the head of the list. */
    dev->config[offset + PCI_CAP_LIST_ID] = cap_id;
    dev->config[offset + PCI_CAP_LIST_NEXT] = dev->config[PCI_CAPABILITY_LIST];
    dev->config[PCI_CAPABILITY_LIST] = offset;
    pci_word_test_and_set_mask(dev->config + PCI_STATUS, PCI_STATUS_CAP_LIST);
    memset(dev->used + offset, 0xff, PCI_ALIGN4(size));
    /* Read-only and fixed until the owner says otherwise. */
    memset(dev->wmask + offset, 0, size);
    memset(dev->w1cmask + offset, 0, size);
    memset(dev->cmask + offset, 0xff, size);
    return offset;
}

uint8_t pci_find_capability(PCIDevice *dev, uint8_t cap_id)
{
    uint8_t next;
    int guard;

    if (!(pci_get_word(dev->config + PCI_STATUS) & PCI_STATUS_CAP_LIST)) {
        return 0;
    }
    next = pci_cap_next(dev->config[PCI_CAPABILITY_LIST]);
    for (guard = 0; next && guard < PCI_CONFIG_SPACE_SIZE / 4; guard++) {
        if (dev->config[next + PCI_CAP_LIST_ID] == cap_id) {
            return next;
        }
        next = pci_cap_next(dev->config[next + PCI_CAP_LIST_NEXT]);
    }
    return 0;
}

void pci_del_capability(PCIDevice *dev, uint8_t cap_id, uint8_t size)
{
    uint8_t *link = &dev->config[PCI_CAPABILITY_LIST];
    uint8_t offset = 0;
    int guard;

    for (guard = 0; pci_cap_next(*link) && guard < PCI_CONFIG_SPACE_SIZE / 4;
         guard++) {
        if (dev->config[pci_cap_next(*link) + PCI_CAP_LIST_ID] == cap_id) {
            offset = pci_cap_next(*link);
            *link = dev->config[offset + PCI_CAP_LIST_NEXT];
            break;
        }
        link = &dev->config[pci_cap_next(*link) + PCI_CAP_LIST_NEXT];
    }
    if (!offset) {
        return;
    }
    memset(dev->config + offset, 0, size);
    memset(dev->used + offset, 0, PCI_ALIGN4(size));
    /* The space is the device's again. */
    memset(dev->wmask + offset, 0xff, size);
    memset(dev->w1cmask + offset, 0, size);
    memset(dev->cmask + offset, 0, size);
    if (!dev->config[PCI_CAPABILITY_LIST]) {
        pci_word_test_and_clear_mask(dev->config + PCI_STATUS,
                                     PCI_STATUS_CAP_LIST);
    }
}
