/*
 * MSI-X: the capability, the table and pending bit array in the
 * function's BARs, masking and delivery (see include/hw/pci/msix.h).
 */
#include "util/osdep.h"
#include "hw/pci/msi.h"
#include "hw/pci/msix.h"
#include "pci-internal.h"

static unsigned msix_table_size(unsigned nentries)
{
    return nentries * PCI_MSIX_ENTRY_SIZE;
}

/* One bit per vector, in whole QWORDs ([PCI] 6.8.2.10). */
static unsigned msix_pba_size(unsigned nentries)
{
    return (nentries + 63) / 64 * 8;
}

static uint16_t msix_control(PCIDevice *dev)
{
    return pci_get_word(dev->config + dev->msix_cap + PCI_MSIX_FLAGS);
}

bool msix_enabled(const PCIDevice *dev)
{
    return msix_present(dev) &&
           (pci_get_word(dev->config + dev->msix_cap + PCI_MSIX_FLAGS) &
            PCI_MSIX_FLAGS_ENABLE);
}

unsigned msix_nr_vectors_allocated(const PCIDevice *dev)
{
    return msix_present(dev) ? dev->msix_entries_nr : 0;
}

static uint8_t *msix_entry(PCIDevice *dev, unsigned vector)
{
    return dev->msix_table + vector * PCI_MSIX_ENTRY_SIZE;
}

/* Messages are held while MSI-X is off or the function is masked. */
static void msix_update_function_masked(PCIDevice *dev)
{
    uint16_t ctrl = msix_control(dev);

    dev->msix_function_masked = !(ctrl & PCI_MSIX_FLAGS_ENABLE) ||
                                (ctrl & PCI_MSIX_FLAGS_MASKALL);
}

static bool msix_vector_masked(PCIDevice *dev, unsigned vector, bool fmask)
{
    return fmask ||
           (pci_get_long(msix_entry(dev, vector) + PCI_MSIX_ENTRY_VECTOR_CTRL)
            & PCI_MSIX_ENTRY_CTRL_MASKBIT);
}

bool msix_is_masked(PCIDevice *dev, unsigned vector)
{
    if (!msix_present(dev) || vector >= dev->msix_entries_nr) {
        return true;
    }
    return msix_vector_masked(dev, vector, dev->msix_function_masked);
}

bool msix_is_pending(PCIDevice *dev, unsigned vector)
{
    if (!msix_present(dev) || vector >= dev->msix_entries_nr) {
        return false;
    }
    return dev->msix_pba[vector / 8] & (1U << (vector % 8));
}

void msix_set_pending(PCIDevice *dev, unsigned vector)
{
    if (msix_present(dev) && vector < dev->msix_entries_nr) {
        dev->msix_pba[vector / 8] |= 1U << (vector % 8);
    }
}

void msix_clr_pending(PCIDevice *dev, unsigned vector)
{
    if (msix_present(dev) && vector < dev->msix_entries_nr) {
        dev->msix_pba[vector / 8] &= ~(1U << (vector % 8));
    }
}

MSIMessage msix_get_message(PCIDevice *dev, unsigned vector)
{
    uint8_t *e = msix_entry(dev, vector);
    MSIMessage msg;

    msg.address = pci_get_quad(e + PCI_MSIX_ENTRY_LOWER_ADDR);
    msg.data = pci_get_long(e + PCI_MSIX_ENTRY_DATA);
    return msg;
}

static void msix_fire_vector_notifier(PCIDevice *dev, unsigned vector,
                                      bool is_masked)
{
    if (!dev->msix_vector_use_notifier || !dev->msix_entry_used[vector]) {
        return;
    }
    if (is_masked) {
        dev->msix_vector_release_notifier(dev, vector);
    } else if (dev->msix_vector_use_notifier(dev, vector,
                                             msix_get_message(dev, vector))) {
        pci_guest_error(dev, "MSI-X: vector %u could not be set up",
                        vector);
    }
}

void msix_notify(PCIDevice *dev, unsigned vector)
{
    if (!msix_present(dev) || vector >= dev->msix_entries_nr ||
        !dev->msix_entry_used[vector]) {
        return;
    }
    if (!msix_enabled(dev)) {
        /* [PCI] 6.8.2.3: MSI-X is off, so there is no message to send or
         * to hold; the device should have used INTx. */
        return;
    }
    if (msix_is_masked(dev, vector)) {
        msix_set_pending(dev, vector);
        return;
    }
    msi_send_message(dev, msix_get_message(dev, vector));
}

/* A vector's mask state may have changed: tell back ends, and deliver
 * what was held if it is now unmasked. */
static void msix_handle_mask_update(PCIDevice *dev, unsigned vector,
                                    bool was_masked)
{
    bool is_masked = msix_is_masked(dev, vector);

    if (is_masked == was_masked) {
        return;
    }
    msix_fire_vector_notifier(dev, vector, is_masked);
    if (!is_masked && msix_is_pending(dev, vector)) {
        msix_clr_pending(dev, vector);
        msix_notify(dev, vector);
    }
}

/*
 * The function mask or the enable bit changed from what made
 * msix_function_masked @was_fmasked: tell back ends about every vector
 * whose effective mask changed, and deliver what was held for vectors
 * that are now unmasked.
 */
static void msix_function_mask_changed(PCIDevice *dev, bool was_fmasked)
{
    unsigned vector;

    if (dev->msix_function_masked == was_fmasked) {
        return;
    }
    for (vector = 0; vector < dev->msix_entries_nr && msix_present(dev);
         vector++) {
        msix_handle_mask_update(dev, vector,
                                msix_vector_masked(dev, vector, was_fmasked));
    }
}

void msix_write_config(PCIDevice *dev, uint32_t addr, uint32_t val, int len)
{
    bool was_fmasked = dev->msix_function_masked;

    if (!pci_ranges_overlap(addr, len, dev->msix_cap + PCI_MSIX_FLAGS, 2)) {
        return;
    }
    msix_update_function_masked(dev);
    if (msix_enabled(dev)) {
        /* [PCI] 6.8.2.3: with MSI-X enabled the function may not use
         * INTx. */
        pci_device_deassert_intx(dev);
    }
    msix_function_mask_changed(dev, was_fmasked);
}

/* The table: DWORD or QWORD accesses ([PCI] 6.8.2), split into DWORDs. */

static uint64_t msix_table_read(void *opaque, hwaddr addr, unsigned size)
{
    PCIDevice *dev = opaque;

    if (addr + 4 > msix_table_size(dev->msix_entries_nr)) {
        return 0;
    }
    return pci_get_long(dev->msix_table + addr);
}

static void msix_table_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    PCIDevice *dev = opaque;
    unsigned vector = addr / PCI_MSIX_ENTRY_SIZE;
    unsigned field = addr % PCI_MSIX_ENTRY_SIZE;
    bool was_masked;

    if (addr + 4 > msix_table_size(dev->msix_entries_nr)) {
        return;
    }
    switch (field) {
    case PCI_MSIX_ENTRY_LOWER_ADDR:
        /* DWORD-aligned messages only: the low bits are reserved. */
        val &= ~3ULL;
        break;
    case PCI_MSIX_ENTRY_VECTOR_CTRL:
        /* Bits 31:1 are reserved and read as 0. */
        val &= PCI_MSIX_ENTRY_CTRL_MASKBIT;
        break;
    }
    was_masked = msix_is_masked(dev, vector);
    pci_set_long(dev->msix_table + addr, val);
    msix_handle_mask_update(dev, vector, was_masked);
}

static const MemoryRegionOps msix_table_mmio_ops = {
    .read = msix_table_read,
    .write = msix_table_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 4,
    .valid.max_access_size = 8,
    .impl.min_access_size = 4,
    .impl.max_access_size = 4,
};

static uint64_t msix_pba_read(void *opaque, hwaddr addr, unsigned size)
{
    PCIDevice *dev = opaque;
    unsigned first = addr * 8;

    if (addr + 4 > msix_pba_size(dev->msix_entries_nr)) {
        return 0;
    }
    if (dev->msix_vector_poll_notifier && first < dev->msix_entries_nr) {
        dev->msix_vector_poll_notifier(dev, first,
                                       MIN(first + 32, dev->msix_entries_nr));
    }
    return pci_get_long(dev->msix_pba + addr);
}

static void msix_pba_write(void *opaque, hwaddr addr, uint64_t val,
                           unsigned size)
{
    /* [PCI] 6.8.2.10: read-only; software writes have no effect. */
    pci_guest_error(opaque, "MSI-X: write of 0x%" PRIx64 " to the "
                    "read-only pending bit array at 0x%" HWADDR_PRIx,
                    val, addr);
}

static const MemoryRegionOps msix_pba_mmio_ops = {
    .read = msix_pba_read,
    .write = msix_pba_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 4,
    .valid.max_access_size = 8,
    .impl.min_access_size = 4,
    .impl.max_access_size = 4,
};

static void msix_mask_all(PCIDevice *dev)
{
    unsigned vector;

    for (vector = 0; vector < dev->msix_entries_nr; vector++) {
        uint8_t *ctrl = msix_entry(dev, vector) + PCI_MSIX_ENTRY_VECTOR_CTRL;
        bool was_masked = msix_is_masked(dev, vector);

        pci_set_long(ctrl, PCI_MSIX_ENTRY_CTRL_MASKBIT);
        msix_handle_mask_update(dev, vector, was_masked);
    }
}

bool msix_init(PCIDevice *dev, unsigned nentries,
               MemoryRegion *table_bar, uint8_t table_bar_nr,
               unsigned table_offset, MemoryRegion *pba_bar,
               uint8_t pba_bar_nr, unsigned pba_offset, uint8_t cap_pos,
               Error **errp)
{
    unsigned table_size = msix_table_size(nentries);
    unsigned pba_size = msix_pba_size(nentries);
    uint8_t *config;
    int cap;

    g_assert(!msix_present(dev));
    if (!nentries || nentries > PCI_MSIX_VECTORS_MAX) {
        error_setg(errp, "%s: MSI-X needs between 1 and %d vectors, not %u",
                   dev->name, PCI_MSIX_VECTORS_MAX, nentries);
        return false;
    }
    if (table_bar_nr >= PCI_ROM_SLOT || pba_bar_nr >= PCI_ROM_SLOT) {
        error_setg(errp, "%s: MSI-X structures must be in BARs 0-5",
                   dev->name);
        return false;
    }
    if ((table_offset | pba_offset) & PCI_MSIX_BIR_MASK) {
        error_setg(errp, "%s: MSI-X table and PBA offsets must be 8-byte "
                   "aligned", dev->name);
        return false;
    }
    if ((uint64_t)table_offset + table_size > memory_region_size(table_bar) ||
        (uint64_t)pba_offset + pba_size > memory_region_size(pba_bar)) {
        error_setg(errp, "%s: MSI-X table or PBA does not fit in its BAR",
                   dev->name);
        return false;
    }
    if (table_bar == pba_bar &&
        pci_ranges_overlap(table_offset, table_size, pba_offset, pba_size)) {
        error_setg(errp, "%s: MSI-X table and PBA overlap", dev->name);
        return false;
    }
    cap = pci_add_capability(dev, PCI_CAP_ID_MSIX, cap_pos, PCI_MSIX_SIZEOF,
                             errp);
    if (cap < 0) {
        return false;
    }
    dev->msix_cap = cap;
    dev->msix_entries_nr = nentries;
    dev->msix_table = g_malloc0(table_size);
    dev->msix_pba = g_malloc0(pba_size);
    dev->msix_entry_used = g_new0(unsigned, nentries);
    dev->msix_function_masked = true;

    config = dev->config + cap;
    pci_set_word(config + PCI_MSIX_FLAGS, nentries - 1);
    pci_set_long(config + PCI_MSIX_TABLE, table_offset | table_bar_nr);
    pci_set_long(config + PCI_MSIX_PBA, pba_offset | pba_bar_nr);
    /* The guest owns enable and the function mask. */
    pci_set_word(dev->wmask + cap + PCI_MSIX_FLAGS,
                 PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
    pci_set_word(dev->cmask + cap + PCI_MSIX_FLAGS, PCI_MSIX_FLAGS_QSIZE);

    memory_region_init_io(&dev->msix_table_mmio, OBJECT(dev),
                          &msix_table_mmio_ops, dev, "msix-table",
                          table_size);
    memory_region_add_subregion(table_bar, table_offset,
                                &dev->msix_table_mmio);
    memory_region_init_io(&dev->msix_pba_mmio, OBJECT(dev),
                          &msix_pba_mmio_ops, dev, "msix-pba", pba_size);
    memory_region_add_subregion(pba_bar, pba_offset, &dev->msix_pba_mmio);
    dev->msix_table_bar = table_bar;
    dev->msix_pba_bar = pba_bar;
    dev->cap_present |= PCI_CAP_PRESENT_MSIX;
    msix_mask_all(dev);
    return true;
}

bool msix_init_exclusive_bar(PCIDevice *dev, unsigned nentries,
                             uint8_t bar_nr, Error **errp)
{
    g_autofree char *name = NULL;
    uint64_t bar_size = 4 * KiB;

    if (!nentries || nentries > PCI_MSIX_VECTORS_MAX) {
        error_setg(errp, "%s: MSI-X needs between 1 and %d vectors, not %u",
                   dev->name, PCI_MSIX_VECTORS_MAX, nentries);
        return false;
    }
    /* The table in the lower half, the PBA in the upper one. */
    while (bar_size / 2 < msix_table_size(nentries)) {
        bar_size *= 2;
    }
    name = g_strdup_printf("%s-msix", dev->name);
    memory_region_init(&dev->msix_exclusive_bar, OBJECT(dev), name,
                       bar_size);
    if (!msix_init(dev, nentries, &dev->msix_exclusive_bar, bar_nr, 0,
                   &dev->msix_exclusive_bar, bar_nr, bar_size / 2, 0,
                   errp)) {
        object_unparent(OBJECT(&dev->msix_exclusive_bar));
        return false;
    }
    pci_register_bar(dev, bar_nr, PCI_BASE_ADDRESS_SPACE_MEMORY,
                     &dev->msix_exclusive_bar);
    return true;
}

void msix_uninit(PCIDevice *dev, MemoryRegion *table_bar,
                 MemoryRegion *pba_bar)
{
    if (!msix_present(dev)) {
        return;
    }
    msix_unset_vector_notifiers(dev);
    if (dev->config) {
        pci_del_capability(dev, PCI_CAP_ID_MSIX, PCI_MSIX_SIZEOF);
    }
    memory_region_del_subregion(table_bar, &dev->msix_table_mmio);
    memory_region_del_subregion(pba_bar, &dev->msix_pba_mmio);
    object_unparent(OBJECT(&dev->msix_table_mmio));
    object_unparent(OBJECT(&dev->msix_pba_mmio));
    g_clear_pointer(&dev->msix_table, g_free);
    g_clear_pointer(&dev->msix_pba, g_free);
    g_clear_pointer(&dev->msix_entry_used, g_free);
    dev->msix_entries_nr = 0;
    dev->msix_cap = 0;
    dev->msix_table_bar = dev->msix_pba_bar = NULL;
    dev->cap_present &= ~PCI_CAP_PRESENT_MSIX;
}

void msix_uninit_exclusive_bar(PCIDevice *dev)
{
    if (!msix_present(dev)) {
        return;
    }
    msix_uninit(dev, &dev->msix_exclusive_bar, &dev->msix_exclusive_bar);
    object_unparent(OBJECT(&dev->msix_exclusive_bar));
}

void msix_reset(PCIDevice *dev)
{
    bool was_fmasked;
    uint8_t *ctrl;

    if (!msix_present(dev)) {
        return;
    }
    /* [PCI] 6.8.2.3, 6.8.2.9: disabled, unmasked function, every vector
     * masked, nothing pending.  Back ends hear about vectors that were
     * in use. */
    was_fmasked = dev->msix_function_masked;
    ctrl = dev->config + dev->msix_cap + PCI_MSIX_FLAGS;
    pci_word_test_and_clear_mask(ctrl, PCI_MSIX_FLAGS_ENABLE |
                                       PCI_MSIX_FLAGS_MASKALL);
    msix_update_function_masked(dev);
    memset(dev->msix_pba, 0, msix_pba_size(dev->msix_entries_nr));
    msix_function_mask_changed(dev, was_fmasked);
    memset(dev->msix_table, 0, msix_table_size(dev->msix_entries_nr));
    msix_mask_all(dev);
}

int msix_vector_use(PCIDevice *dev, unsigned vector)
{
    if (!msix_present(dev) || vector >= dev->msix_entries_nr) {
        return -EINVAL;
    }
    dev->msix_entry_used[vector]++;
    return 0;
}

void msix_vector_unuse(PCIDevice *dev, unsigned vector)
{
    if (!msix_present(dev) || vector >= dev->msix_entries_nr ||
        !dev->msix_entry_used[vector]) {
        return;
    }
    if (--dev->msix_entry_used[vector] == 0) {
        msix_clr_pending(dev, vector);
    }
}

void msix_unuse_all_vectors(PCIDevice *dev)
{
    unsigned vector;

    if (!msix_present(dev)) {
        return;
    }
    for (vector = 0; vector < dev->msix_entries_nr; vector++) {
        dev->msix_entry_used[vector] = 0;
        msix_clr_pending(dev, vector);
    }
}

int msix_set_vector_notifiers(PCIDevice *dev, MSIVectorUseNotifier use,
                              MSIVectorReleaseNotifier release,
                              MSIVectorPollNotifier poll)
{
    unsigned vector;
    int ret;

    g_assert(use && release);
    dev->msix_vector_use_notifier = use;
    dev->msix_vector_release_notifier = release;
    dev->msix_vector_poll_notifier = poll;
    if (!msix_enabled(dev) || dev->msix_function_masked) {
        return 0;
    }
    for (vector = 0; vector < dev->msix_entries_nr; vector++) {
        if (!dev->msix_entry_used[vector] || msix_is_masked(dev, vector)) {
            continue;
        }
        ret = use(dev, vector, msix_get_message(dev, vector));
        if (ret < 0) {
            /* Take back what was handed out, and the notifiers. */
            while (vector-- > 0) {
                if (dev->msix_entry_used[vector] &&
                    !msix_is_masked(dev, vector)) {
                    release(dev, vector);
                }
            }
            dev->msix_vector_use_notifier = NULL;
            dev->msix_vector_release_notifier = NULL;
            dev->msix_vector_poll_notifier = NULL;
            return ret;
        }
    }
    if (poll) {
        poll(dev, 0, dev->msix_entries_nr);
    }
    return 0;
}

void msix_unset_vector_notifiers(PCIDevice *dev)
{
    unsigned vector;

    if (!dev->msix_vector_use_notifier) {
        return;
    }
    if (msix_enabled(dev) && !dev->msix_function_masked) {
        for (vector = 0; vector < dev->msix_entries_nr; vector++) {
            if (dev->msix_entry_used[vector] &&
                !msix_is_masked(dev, vector)) {
                dev->msix_vector_release_notifier(dev, vector);
            }
        }
    }
    dev->msix_vector_use_notifier = NULL;
    dev->msix_vector_release_notifier = NULL;
    dev->msix_vector_poll_notifier = NULL;
}
