/*
 * MSI: the capability, message composition, per-vector masking and
 * delivery through the bus-master address space (see
 * include/hw/pci/msi.h).
 */
#include "util/osdep.h"
#include "hw/pci/msi.h"
#include "pci-internal.h"

/*
 * How deep message writes may nest: a message aimed at a device register
 * can make that device send another.  Real hardware would deadlock or
 * drop; we drop.
 */
#define MSI_DELIVERY_MAX_DEPTH 4

static uint16_t msi_flags(const PCIDevice *dev)
{
    return pci_get_word(dev->config + dev->msi_cap + PCI_MSI_FLAGS);
}

static void msi_set_flags(PCIDevice *dev, uint16_t flags)
{
    pci_set_word(dev->config + dev->msi_cap + PCI_MSI_FLAGS, flags);
}

static bool msi_is_64bit(uint16_t flags)
{
    return flags & PCI_MSI_FLAGS_64BIT;
}

static bool msi_has_mask(uint16_t flags)
{
    return flags & PCI_MSI_FLAGS_MASKBIT;
}

static unsigned msi_data_off(uint16_t flags)
{
    return msi_is_64bit(flags) ? PCI_MSI_DATA_64 : PCI_MSI_DATA_32;
}

static unsigned msi_mask_off(uint16_t flags)
{
    return msi_is_64bit(flags) ? PCI_MSI_MASK_64 : PCI_MSI_MASK_32;
}

static unsigned msi_pending_off(uint16_t flags)
{
    return msi_is_64bit(flags) ? PCI_MSI_PENDING_64 : PCI_MSI_PENDING_32;
}

static unsigned msi_cap_size(uint16_t flags)
{
    if (msi_is_64bit(flags)) {
        return msi_has_mask(flags) ? PCI_MSI_SIZEOF_64_MASK
                                   : PCI_MSI_SIZEOF_64;
    }
    return msi_has_mask(flags) ? PCI_MSI_SIZEOF_32_MASK : PCI_MSI_SIZEOF_32;
}

/* A mask of the low @n bits, @n up to 32. */
static uint32_t low_bits(unsigned n)
{
    return n >= 32 ? 0xffffffffU : (1U << n) - 1;
}

bool msi_init(PCIDevice *dev, uint8_t offset, unsigned nr_vectors,
              bool msi64bit, bool per_vector_mask, Error **errp)
{
    unsigned log2 = 0;
    uint16_t flags;
    uint8_t *wmask;
    int cap;

    if (!nr_vectors || nr_vectors > PCI_MSI_VECTORS_MAX ||
        (nr_vectors & (nr_vectors - 1))) {
        error_setg(errp, "%s: MSI needs a power of two between 1 and %d "
                   "vectors, not %u", dev->name, PCI_MSI_VECTORS_MAX,
                   nr_vectors);
        return false;
    }
    g_assert(!msi_present(dev));
    while ((1U << log2) < nr_vectors) {
        log2++;
    }
    flags = log2 << PCI_MSI_FLAGS_QMASK_SHIFT;
    if (msi64bit) {
        flags |= PCI_MSI_FLAGS_64BIT;
    }
    if (per_vector_mask) {
        flags |= PCI_MSI_FLAGS_MASKBIT;
    }
    cap = pci_add_capability(dev, PCI_CAP_ID_MSI, offset, msi_cap_size(flags),
                             errp);
    if (cap < 0) {
        return false;
    }
    dev->msi_cap = cap;
    dev->cap_present |= PCI_CAP_PRESENT_MSI;
    msi_set_flags(dev, flags);

    /* [PCI] 6.8.1: the guest programs enable, the number of vectors it
     * grants, the message, and the mask bits of existing vectors. */
    wmask = dev->wmask + cap;
    pci_set_word(wmask + PCI_MSI_FLAGS,
                 PCI_MSI_FLAGS_ENABLE | PCI_MSI_FLAGS_QSIZE);
    pci_set_long(wmask + PCI_MSI_ADDRESS_LO, PCI_MSI_ADDRESS_LO_MASK);
    if (msi64bit) {
        pci_set_long(wmask + PCI_MSI_ADDRESS_HI, 0xffffffff);
    }
    pci_set_word(wmask + msi_data_off(flags), 0xffff);
    if (per_vector_mask) {
        pci_set_long(wmask + msi_mask_off(flags), low_bits(nr_vectors));
    }
    /* Only the layout is fixed; the values are the guest's. */
    memset(dev->cmask + cap + PCI_MSI_ADDRESS_LO, 0,
           msi_cap_size(flags) - PCI_MSI_ADDRESS_LO);
    pci_set_word(dev->cmask + cap + PCI_MSI_FLAGS,
                 (uint16_t)~(PCI_MSI_FLAGS_ENABLE | PCI_MSI_FLAGS_QSIZE));
    return true;
}

void msi_uninit(PCIDevice *dev)
{
    if (!msi_present(dev)) {
        return;
    }
    if (dev->config) {
        pci_del_capability(dev, PCI_CAP_ID_MSI, msi_cap_size(msi_flags(dev)));
    }
    dev->cap_present &= ~PCI_CAP_PRESENT_MSI;
    dev->msi_cap = 0;
}

void msi_reset(PCIDevice *dev)
{
    uint16_t flags;
    uint8_t *cap;

    if (!msi_present(dev)) {
        return;
    }
    flags = msi_flags(dev);
    cap = dev->config + dev->msi_cap;
    msi_set_flags(dev, flags & ~(PCI_MSI_FLAGS_ENABLE | PCI_MSI_FLAGS_QSIZE));
    pci_set_long(cap + PCI_MSI_ADDRESS_LO, 0);
    if (msi_is_64bit(flags)) {
        pci_set_long(cap + PCI_MSI_ADDRESS_HI, 0);
    }
    pci_set_word(cap + msi_data_off(flags), 0);
    if (msi_has_mask(flags)) {
        pci_set_long(cap + msi_mask_off(flags), 0);
        pci_set_long(cap + msi_pending_off(flags), 0);
    }
}

bool msi_enabled(const PCIDevice *dev)
{
    return msi_present(dev) && (msi_flags(dev) & PCI_MSI_FLAGS_ENABLE);
}

unsigned msi_nr_vectors_allocated(const PCIDevice *dev)
{
    if (!msi_present(dev)) {
        return 0;
    }
    return 1U << ((msi_flags(dev) & PCI_MSI_FLAGS_QMASK) >>
                  PCI_MSI_FLAGS_QMASK_SHIFT);
}

unsigned msi_nr_vectors_enabled(const PCIDevice *dev)
{
    if (!msi_present(dev)) {
        return 0;
    }
    return 1U << ((msi_flags(dev) & PCI_MSI_FLAGS_QSIZE) >>
                  PCI_MSI_FLAGS_QSIZE_SHIFT);
}

/*
 * Bit @vector of the mask register, or of the pending one if @pending;
 * false without MSI or per-vector masking.
 */
static bool msi_vector_bit(const PCIDevice *dev, unsigned vector,
                           bool pending)
{
    uint16_t flags;
    uint8_t off;

    if (!msi_present(dev)) {
        return false;
    }
    flags = msi_flags(dev);
    if (!msi_has_mask(flags) || vector >= PCI_MSI_VECTORS_MAX) {
        return false;
    }
    off = pending ? msi_pending_off(flags) : msi_mask_off(flags);
    return pci_get_long(dev->config + dev->msi_cap + off) & (1U << vector);
}

bool msi_is_masked(const PCIDevice *dev, unsigned vector)
{
    return msi_vector_bit(dev, vector, false);
}

bool msi_is_pending(const PCIDevice *dev, unsigned vector)
{
    return msi_vector_bit(dev, vector, true);
}

static void msi_set_pending(PCIDevice *dev, unsigned vector, bool pending)
{
    uint8_t *p = dev->config + dev->msi_cap + msi_pending_off(msi_flags(dev));

    if (pending) {
        pci_long_test_and_set_mask(p, 1U << vector);
    } else {
        pci_long_test_and_clear_mask(p, 1U << vector);
    }
}

MSIMessage msi_get_message(PCIDevice *dev, unsigned vector)
{
    uint16_t flags = msi_flags(dev);
    uint8_t *cap = dev->config + dev->msi_cap;
    unsigned nr = msi_nr_vectors_enabled(dev);
    MSIMessage msg;

    msg.address = pci_get_long(cap + PCI_MSI_ADDRESS_LO);
    if (msi_is_64bit(flags)) {
        msg.address |= (uint64_t)pci_get_long(cap + PCI_MSI_ADDRESS_HI) << 32;
    }
    /* [PCI] 6.8.3.4: with 2^n vectors enabled the function puts the
     * vector number in the data's low n bits. */
    msg.data = pci_get_word(cap + msi_data_off(flags));
    msg.data = (msg.data & ~(nr - 1)) | (vector & (nr - 1));
    return msg;
}

void msi_send_message(PCIDevice *dev, MSIMessage msg)
{
    if (dev->msi_delivery_depth >= MSI_DELIVERY_MAX_DEPTH) {
        pci_guest_error(dev, "interrupt message to 0x%" PRIx64 " loops "
                        "back into devices; dropped", msg.address);
        return;
    }
    dev->msi_delivery_depth++;
    /* A DWORD memory write ([PCI] 6.8.3.3), as any bus master makes it:
     * nothing goes out while Bus Master Enable is clear. */
    stl_le_dma(&dev->bus_master_as, msg.address, msg.data,
               pci_dma_attrs(dev));
    dev->msi_delivery_depth--;
}

void msi_notify(PCIDevice *dev, unsigned vector)
{
    unsigned nr;

    if (!msi_enabled(dev)) {
        return;
    }
    /* The guest may grant fewer vectors than the function has. */
    nr = msi_nr_vectors_enabled(dev);
    vector %= nr;
    if (msi_is_masked(dev, vector)) {
        msi_set_pending(dev, vector, true);
        return;
    }
    msi_send_message(dev, msi_get_message(dev, vector));
}

void msi_set_mask(PCIDevice *dev, unsigned vector, bool mask)
{
    uint16_t flags;
    uint8_t *p;

    if (!msi_present(dev) || vector >= msi_nr_vectors_allocated(dev)) {
        return;
    }
    flags = msi_flags(dev);
    if (!msi_has_mask(flags)) {
        return;
    }
    p = dev->config + dev->msi_cap + msi_mask_off(flags);
    if (mask) {
        pci_long_test_and_set_mask(p, 1U << vector);
        return;
    }
    pci_long_test_and_clear_mask(p, 1U << vector);
    if (msi_enabled(dev) && vector < msi_nr_vectors_enabled(dev) &&
        msi_is_pending(dev, vector)) {
        msi_set_pending(dev, vector, false);
        msi_send_message(dev, msi_get_message(dev, vector));
    }
}

void msi_write_config(PCIDevice *dev, uint32_t addr, uint32_t val, int len)
{
    uint16_t flags = msi_flags(dev);
    unsigned qmask, qsize, nr, vector;

    if (!pci_ranges_overlap(addr, len, dev->msi_cap, msi_cap_size(flags))) {
        return;
    }
    /* [PCI] 6.8.1.3: granting more vectors than requested is a software
     * error; give the function what it asked for. */
    qmask = (flags & PCI_MSI_FLAGS_QMASK) >> PCI_MSI_FLAGS_QMASK_SHIFT;
    qsize = (flags & PCI_MSI_FLAGS_QSIZE) >> PCI_MSI_FLAGS_QSIZE_SHIFT;
    if (qsize > qmask) {
        pci_guest_error(dev, "MSI: %u vectors enabled, only %u exist",
                        1U << qsize, 1U << qmask);
        flags &= ~PCI_MSI_FLAGS_QSIZE;
        flags |= qmask << PCI_MSI_FLAGS_QSIZE_SHIFT;
        msi_set_flags(dev, flags);
    }
    if (!(flags & PCI_MSI_FLAGS_ENABLE)) {
        return;
    }
    /* [PCI] 6.8.1.3: with MSI enabled the function may not use INTx. */
    pci_device_deassert_intx(dev);
    if (!msi_has_mask(flags)) {
        return;
    }
    /* Deliver what was held for vectors the guest just unmasked. */
    nr = msi_nr_vectors_enabled(dev);
    for (vector = 0; vector < nr; vector++) {
        if (msi_is_pending(dev, vector) && !msi_is_masked(dev, vector)) {
            msi_set_pending(dev, vector, false);
            msi_send_message(dev, msi_get_message(dev, vector));
            if (!msi_present(dev)) {
                return;
            }
        }
    }
}
