/*
 * PCI Express functions: the extended capability list and the PCI
 * Express capability (see include/hw/pci/pcie.h).
 */
#include "util/osdep.h"
#include "hw/pci/pcie.h"
#include "pci-internal.h"

static uint32_t ext_header(PCIDevice *dev, uint16_t offset)
{
    return pci_get_long(dev->config + offset);
}

/* The most headers the extended space can hold: a longer walk loops. */
#define PCIE_EXT_CAP_MAX \
    ((PCIE_CONFIG_SPACE_SIZE - PCI_CONFIG_SPACE_SIZE) / \
     PCI_EXT_CAP_HEADER_SIZE)

/*
 * Walk the list from 0x100; stop at the end, at a pointer that leaves
 * the extended space, or after as many steps as there are dwords (a
 * looping list we did not build).  Capabilities need not be in address
 * order.  Returns the offset of @cap_id (0: not found) and the last
 * header's offset in *last (0: empty list).
 */
static uint16_t pcie_walk(PCIDevice *dev, uint16_t cap_id, uint16_t *last)
{
    uint16_t offset = PCI_CONFIG_SPACE_SIZE;
    int steps;

    *last = 0;
    if (!pci_is_express(dev) || !dev->used[offset]) {
        return 0;
    }
    for (steps = 0; steps < PCIE_EXT_CAP_MAX; steps++) {
        uint32_t header = ext_header(dev, offset);
        uint16_t next = PCI_EXT_CAP_NEXT(header);

        *last = offset;
        if (PCI_EXT_CAP_ID(header) == cap_id) {
            return offset;
        }
        if (next < PCI_CONFIG_SPACE_SIZE) {
            return 0;
        }
        offset = next;
    }
    return 0;
}

uint16_t pcie_find_capability(PCIDevice *dev, uint16_t cap_id)
{
    uint16_t last;

    return pcie_walk(dev, cap_id, &last);
}

bool pcie_add_capability(PCIDevice *dev, uint16_t cap_id, uint8_t cap_ver,
                         uint16_t offset, uint16_t size, Error **errp)
{
    uint16_t last;
    uint32_t header;
    int i;

    if (!pci_is_express(dev)) {
        error_setg(errp, "%s: extended capability %#x needs a PCI Express "
                   "function", dev->name, cap_id);
        return false;
    }
    if (offset < PCI_CONFIG_SPACE_SIZE || offset & 3 ||
        size < PCI_EXT_CAP_HEADER_SIZE ||
        (uint32_t)offset + size > PCIE_CONFIG_SPACE_SIZE || cap_ver > 0xf) {
        error_setg(errp, "%s: extended capability %#x version %u at offset "
                   "%#x of %u bytes is misplaced", dev->name, cap_id,
                   cap_ver, offset, size);
        return false;
    }
    for (i = offset; i < offset + size; i++) {
        if (dev->used[i]) {
            error_setg(errp, "%s: extended capability %#x at offset %#x "
                       "overlaps another at offset %#x", dev->name, cap_id,
                       offset, i & ~3);
            return false;
        }
    }
    pcie_walk(dev, 0xffff, &last);
    if (!last && offset != PCI_CONFIG_SPACE_SIZE) {
        error_setg(errp, "%s: the first extended capability must be at "
                   "offset %#x, not %#x", dev->name, PCI_CONFIG_SPACE_SIZE,
                   offset);
        return false;
    }
    if (last) {
        /* Link it after the last one. */
        header = ext_header(dev, last);
        header = (header & ~(0xfffU << PCI_EXT_CAP_NEXT_SHIFT)) |
                 ((uint32_t)offset << PCI_EXT_CAP_NEXT_SHIFT);
        pci_set_long(dev->config + last, header);
    }
    pci_set_long(dev->config + offset, PCI_EXT_CAP(cap_id, cap_ver, 0));
    memset(dev->used + offset, 0xff, PCI_ALIGN4(size));
    memset(dev->wmask + offset, 0, size);
    memset(dev->w1cmask + offset, 0, size);
    memset(dev->cmask + offset, 0xff, size);
    return true;
}

int pcie_cap_get_type(const PCIDevice *dev)
{
    if (!dev->exp_cap) {
        return -1;
    }
    return (pci_get_word(dev->config + dev->exp_cap + PCI_EXP_FLAGS) &
            PCI_EXP_FLAGS_TYPE) >> PCI_EXP_FLAGS_TYPE_SHIFT;
}

bool pcie_is_downstream_port(const PCIDevice *dev)
{
    int type = pcie_cap_get_type(dev);

    return type == PCI_EXP_TYPE_ROOT_PORT || type == PCI_EXP_TYPE_DOWNSTREAM;
}

int pcie_cap_init(PCIDevice *dev, uint8_t offset, uint8_t type, uint8_t port,
                  Error **errp)
{
    uint8_t *exp, *wmask, *w1cmask;
    bool downstream = type == PCI_EXP_TYPE_ROOT_PORT ||
                      type == PCI_EXP_TYPE_DOWNSTREAM;
    int pos;

    if (!pci_is_express(dev)) {
        error_setg(errp, "%s: the PCI Express capability needs a PCI "
                   "Express function", dev->name);
        return -1;
    }
    pos = pci_add_capability(dev, PCI_CAP_ID_EXP, offset,
                             PCI_EXP_VER2_SIZEOF, errp);
    if (pos < 0) {
        return -1;
    }
    dev->exp_cap = pos;
    exp = dev->config + pos;
    wmask = dev->wmask + pos;
    w1cmask = dev->w1cmask + pos;

    /* [PCIe] 7.5.3.2 */
    pci_set_word(exp + PCI_EXP_FLAGS, PCI_EXP_FLAGS_VER2 |
                 (type << PCI_EXP_FLAGS_TYPE_SHIFT));
    /* [PCIe] 7.5.3.3-5: 128-byte payloads; role-based error reporting is
     * required of every function since 1.1. */
    pci_set_long(exp + PCI_EXP_DEVCAP, PCI_EXP_DEVCAP_RBER);
    pci_set_word(wmask + PCI_EXP_DEVCTL,
                 PCI_EXP_DEVCTL_CERE | PCI_EXP_DEVCTL_NFERE |
                 PCI_EXP_DEVCTL_FERE | PCI_EXP_DEVCTL_URRE |
                 PCI_EXP_DEVCTL_RELAX_EN | PCI_EXP_DEVCTL_PAYLOAD |
                 PCI_EXP_DEVCTL_EXT_TAG | PCI_EXP_DEVCTL_PHANTOM |
                 PCI_EXP_DEVCTL_AUX_PME | PCI_EXP_DEVCTL_NOSNOOP_EN |
                 PCI_EXP_DEVCTL_READRQ);
    /* Relaxed ordering and no-snoop enabled, 512-byte read requests: the
     * defaults of [PCIe] 7.5.3.4. */
    pci_set_word(exp + PCI_EXP_DEVCTL, PCI_EXP_DEVCTL_RELAX_EN |
                 PCI_EXP_DEVCTL_NOSNOOP_EN | (2 << 12));
    pci_set_word(w1cmask + PCI_EXP_DEVSTA,
                 PCI_EXP_DEVSTA_CED | PCI_EXP_DEVSTA_NFED |
                 PCI_EXP_DEVSTA_FED | PCI_EXP_DEVSTA_URD);

    /* [PCIe] 7.5.3.6-8: one lane at 2.5 GT/s, trained. */
    pci_set_long(exp + PCI_EXP_LNKCAP,
                 ((uint32_t)port << PCI_EXP_LNKCAP_PN_SHIFT) |
                 (PCI_EXP_LNK_WIDTH_X1 << PCI_EXP_LNKCAP_MLW_SHIFT) |
                 PCI_EXP_LNK_SPEED_2_5GT |
                 (downstream ? PCI_EXP_LNKCAP_DLLLARC : 0));
    pci_set_word(wmask + PCI_EXP_LNKCTL,
                 PCI_EXP_LNKCTL_ASPMC | PCI_EXP_LNKCTL_CCC |
                 PCI_EXP_LNKCTL_ES | PCI_EXP_LNKCTL_CLKREQ_EN |
                 PCI_EXP_LNKCTL_HAWD);
    if (downstream) {
        pci_word_test_and_set_mask(wmask + PCI_EXP_LNKCTL,
                                   PCI_EXP_LNKCTL_LD | PCI_EXP_LNKCTL_RL);
    }
    pci_set_word(exp + PCI_EXP_LNKSTA,
                 (PCI_EXP_LNK_WIDTH_X1 << PCI_EXP_LNKSTA_NLW_SHIFT) |
                 PCI_EXP_LNK_SPEED_2_5GT |
                 (downstream && (dev->flags & PCI_FLAG_LNKSTA_DLLLA)
                  ? PCI_EXP_LNKSTA_DLLLA : 0));

    /* [PCIe] 7.5.3.15-19 */
    pci_set_long(exp + PCI_EXP_LNKCAP2, PCI_EXP_LNKCAP2_SLS_2_5GB);
    pci_set_word(exp + PCI_EXP_LNKCTL2, PCI_EXP_LNK_SPEED_2_5GT);
    pci_set_word(wmask + PCI_EXP_LNKCTL2, PCI_EXP_LNKCTL2_TLS |
                 PCI_EXP_LNKCTL2_ENTER_COMP | PCI_EXP_LNKCTL2_HASD);
    pci_set_word(wmask + PCI_EXP_DEVCTL2, PCI_EXP_DEVCTL2_COMP_TIMEOUT |
                 PCI_EXP_DEVCTL2_COMP_TMOUT_DIS | PCI_EXP_DEVCTL2_LTR_EN);
    if (downstream) {
        pci_set_long(exp + PCI_EXP_DEVCAP2, PCI_EXP_DEVCAP2_ARI);
        pci_word_test_and_set_mask(wmask + PCI_EXP_DEVCTL2,
                                   PCI_EXP_DEVCTL2_ARI);
    }

    /* The guest-visible values are the guest's; the layout is fixed. */
    memset(dev->cmask + pos + PCI_EXP_DEVCTL, 0, 2);
    memset(dev->cmask + pos + PCI_EXP_LNKCTL, 0, 2);
    memset(dev->cmask + pos + PCI_EXP_DEVCTL2, 0, 2);
    memset(dev->cmask + pos + PCI_EXP_LNKCTL2, 0, 2);

    if (dev->flags & PCI_FLAG_EXTCAP_INIT) {
        /* An empty extended list reads as a null header, which the guest
         * cannot overwrite ([PCIe] 7.6.3). */
        if (!dev->used[PCI_CONFIG_SPACE_SIZE]) {
            pci_set_long(dev->config + PCI_CONFIG_SPACE_SIZE, 0);
            pci_set_long(dev->wmask + PCI_CONFIG_SPACE_SIZE, 0);
            pci_set_long(dev->cmask + PCI_CONFIG_SPACE_SIZE, 0xffffffff);
        }
    }
    return pos;
}

void pcie_cap_exit(PCIDevice *dev)
{
    if (dev->exp_cap && dev->config) {
        pci_del_capability(dev, PCI_CAP_ID_EXP, PCI_EXP_VER2_SIZEOF);
    }
    dev->exp_cap = 0;
}

bool pcie_dev_ser_num_init(PCIDevice *dev, uint16_t offset, uint64_t serial,
                           Error **errp)
{
    if (!pcie_add_capability(dev, PCI_EXT_CAP_ID_DSN, PCI_DSN_VER, offset,
                             PCI_DSN_SIZEOF, errp)) {
        return false;
    }
    pci_set_quad(dev->config + offset + PCI_DSN_SERIAL, serial);
    return true;
}

bool pcie_ari_init(PCIDevice *dev, uint16_t offset, uint8_t nextfn,
                   Error **errp)
{
    if (!pcie_add_capability(dev, PCI_EXT_CAP_ID_ARI, PCI_ARI_VER, offset,
                             PCI_ARI_SIZEOF, errp)) {
        return false;
    }
    pci_set_long(dev->config + offset + PCI_ARI_CAP, (uint32_t)nextfn << 8);
    return true;
}
