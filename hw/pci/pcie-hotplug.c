/*
 * PCI Express native hot-plug ([PCIe] 6.7.3): the slot control and
 * status registers of a "pcie-slot" port, its hot-plug interrupt, and
 * the hotplug handler of its secondary bus (see
 * include/hw/pci/pcie_port.h).
 */
#include "util/osdep.h"
#include "hw/pci/pcie_port.h"
#include "hw/pci/msi.h"
#include "hw/pci/msix.h"

/* The event bits a guest clears; writing 1 to one that is not set makes
 * the whole write leave them alone (see pcie_slot_write_config). */
#define SLTSTA_EVENTS (PCI_EXP_SLTSTA_ABP | PCI_EXP_SLTSTA_PFD | \
                       PCI_EXP_SLTSTA_MRLSC | PCI_EXP_SLTSTA_PDC | \
                       PCI_EXP_SLTSTA_CC)

#define PIC_OFF (PCI_EXP_SLTCTL_IND_OFF << PCI_EXP_SLTCTL_PIC_SHIFT)
#define PIC_BLINK (PCI_EXP_SLTCTL_IND_BLINK << PCI_EXP_SLTCTL_PIC_SHIFT)

static uint16_t slot_word(PCIDevice *dev, uint8_t reg)
{
    return pci_get_word(dev->config + dev->exp_cap + reg);
}

static void slot_set_word(PCIDevice *dev, uint8_t reg, uint16_t val)
{
    pci_set_word(dev->config + dev->exp_cap + reg, val);
}

/* Power controller off and power indicator off: what a guest writes to
 * say the slot may be emptied. */
static bool sltctl_powered_off(uint16_t ctl)
{
    return (ctl & PCI_EXP_SLTCTL_PCC) &&
           (ctl & PCI_EXP_SLTCTL_PIC) == PIC_OFF;
}

static PCIBus *slot_bus(PCIESlot *s)
{
    return pci_bridge_get_sec_bus(PCI_BRIDGE(s));
}

/*
 * [PCIe] 7.5.3.10: with a power controller, PCC set means power off.
 * What is behind the slot loses power with it (qemu does not look at
 * the power indicator here either).
 */
void pcie_slot_update_power(PCIESlot *s)
{
    PCIBus *bus = slot_bus(s);
    bool on = !s->power_controller_present ||
              !(slot_word(PCI_DEVICE(s), PCI_EXP_SLTCTL) &
                PCI_EXP_SLTCTL_PCC);
    int devfn;

    for (devfn = 0; devfn < PCI_DEVFN_MAX; devfn++) {
        if (bus->devices[devfn]) {
            pci_set_power(bus->devices[devfn], on);
        }
    }
}

void pcie_slot_update_irq(PCIESlot *s)
{
    PCIDevice *dev = PCI_DEVICE(s);
    uint16_t ctl = slot_word(dev, PCI_EXP_SLTCTL);
    uint16_t sta = slot_word(dev, PCI_EXP_SLTSTA);
    bool level = false;
    bool rose;

    if (ctl & PCI_EXP_SLTCTL_HPIE) {
        level = ((sta & PCI_EXP_SLTSTA_ABP) && (ctl & PCI_EXP_SLTCTL_ABPE)) ||
                ((sta & PCI_EXP_SLTSTA_PFD) && (ctl & PCI_EXP_SLTCTL_PFDE)) ||
                ((sta & PCI_EXP_SLTSTA_MRLSC) &&
                 (ctl & PCI_EXP_SLTCTL_MRLSCE)) ||
                ((sta & PCI_EXP_SLTSTA_PDC) && (ctl & PCI_EXP_SLTCTL_PDCE)) ||
                ((sta & PCI_EXP_SLTSTA_CC) && (ctl & PCI_EXP_SLTCTL_CCIE)) ||
                ((sta & PCI_EXP_SLTSTA_DLLSC) &&
                 (ctl & PCI_EXP_SLTCTL_DLLSCE));
    }
    rose = level && !s->hp_level;
    s->hp_level = level;
    /* [PCIe] 6.7.3.4: a message when the first enabled event becomes
     * pending; INTx follows the condition. */
    if (msix_enabled(dev)) {
        if (rose) {
            msix_notify(dev, 0);
        }
    } else if (msi_enabled(dev)) {
        if (rose) {
            msi_notify(dev, 0);
        }
    } else {
        pci_set_irq(dev, level);
    }
}

static void slot_event(PCIESlot *s, uint16_t events)
{
    PCIDevice *dev = PCI_DEVICE(s);

    slot_set_word(dev, PCI_EXP_SLTSTA,
                  slot_word(dev, PCI_EXP_SLTSTA) | events);
}

/* The link below trains when function 0 arrives and goes down when the
 * slot empties; it runs at the slower of the two ends. */
static void slot_link_update(PCIESlot *s, PCIDevice *child)
{
    PCIDevice *dev = PCI_DEVICE(s);
    uint32_t lnkcap = pci_get_long(dev->config + dev->exp_cap +
                                   PCI_EXP_LNKCAP);
    uint16_t speed = lnkcap & PCI_EXP_LNKCAP_SLS;
    uint16_t width = (lnkcap & PCI_EXP_LNKCAP_MLW) >> PCI_EXP_LNKCAP_MLW_SHIFT;
    uint16_t sta;

    if (child && child->exp_cap) {
        uint32_t cap = pci_get_long(child->config + child->exp_cap +
                                    PCI_EXP_LNKCAP);
        uint16_t cspeed = cap & PCI_EXP_LNKCAP_SLS;
        uint16_t cwidth = (cap & PCI_EXP_LNKCAP_MLW) >>
                          PCI_EXP_LNKCAP_MLW_SHIFT;

        if (cspeed && cspeed < speed) {
            speed = cspeed;
        }
        if (cwidth && cwidth < width) {
            width = cwidth;
        }
    }
    sta = (width << PCI_EXP_LNKSTA_NLW_SHIFT) | speed;
    if (child && (dev->flags & PCI_FLAG_LNKSTA_DLLLA)) {
        sta |= PCI_EXP_LNKSTA_DLLLA;
    }
    slot_set_word(dev, PCI_EXP_LNKSTA, sta);
}

/*
 * Remove everything below the port: the guest let go of the slot.  The
 * devices go from a bottom half (qdev_unplug_deferred): the register
 * write that asks for it may be a message one of them is sending, and
 * DEVICE_DELETED then follows the reply to a device_del, as in qemu.
 */
static void slot_remove_devices(PCIESlot *s)
{
    PCIDevice *dev = PCI_DEVICE(s);
    PCIBus *bus = slot_bus(s);
    int devfn;

    for (devfn = 0; devfn < PCI_DEVFN_MAX; devfn++) {
        PCIDevice *child = bus->devices[devfn];

        if (child) {
            qdev_unplug_deferred(DEVICE(child));
        }
    }
    slot_set_word(dev, PCI_EXP_SLTSTA,
                  (slot_word(dev, PCI_EXP_SLTSTA) & ~PCI_EXP_SLTSTA_PDS) |
                  PCI_EXP_SLTSTA_PDC);
    slot_link_update(s, NULL);
}

static bool ranges_overlap(uint32_t a, uint32_t alen, uint32_t b,
                           uint32_t blen)
{
    return a < b + blen && b < a + alen;
}

void pcie_slot_write_config(PCIDevice *dev, uint32_t addr, uint32_t val,
                            int len)
{
    PCIESlot *s = PCIE_SLOT(dev);
    uint32_t ctl_off = dev->exp_cap + PCI_EXP_SLTCTL;
    uint16_t old_ctl = 0, old_sta = 0;
    uint32_t wbytes = 0, wval = 0;
    uint16_t ctl_mask, sta_written, ctl, sta;
    int i;

    if (dev->exp_cap) {
        old_ctl = slot_word(dev, PCI_EXP_SLTCTL);
        old_sta = slot_word(dev, PCI_EXP_SLTSTA);
    }
    pci_bridge_write_config(dev, addr, val, len);
    if (!dev->exp_cap || len < 1 || len > 4 ||
        !ranges_overlap(addr, len, ctl_off, 4)) {
        return;
    }
    /* The bytes of slot control (low half) and status this write hit. */
    for (i = 0; i < len; i++) {
        uint32_t a = addr + i;

        if (a >= ctl_off && a < ctl_off + 4) {
            unsigned shift = 8 * (a - ctl_off);

            wval |= ((val >> (8 * i)) & 0xff) << shift;
            wbytes |= 0xffU << shift;
        }
    }
    ctl_mask = wbytes & 0xffff;
    sta_written = (wval >> 16) & (wbytes >> 16);
    sta = slot_word(dev, PCI_EXP_SLTSTA);

    /*
     * Guests tend to clear every status bit at once while initialising.
     * Clearing an event that is not pending would lose one that arrives
     * meanwhile, so such a write leaves the event bits as they were.
     */
    if (sta_written & ~old_sta & SLTSTA_EVENTS) {
        sta = (sta & ~SLTSTA_EVENTS) | (old_sta & SLTSTA_EVENTS);
        slot_set_word(dev, PCI_EXP_SLTSTA, sta);
    }

    if (ctl_mask) {
        uint16_t written;

        ctl = slot_word(dev, PCI_EXP_SLTCTL);
        /* What the guest asked for, including bits it may not change
         * (the power controller bit of a slot without one). */
        written = (ctl & ~ctl_mask) | (wval & ctl_mask);
        if (written & PCI_EXP_SLTCTL_EIC) {
            /* [PCIe] 7.5.3.10: a 1 toggles the interlock; reads 0. */
            slot_set_word(dev, PCI_EXP_SLTSTA,
                          slot_word(dev, PCI_EXP_SLTSTA) ^
                          PCI_EXP_SLTSTA_EIS);
        }
        /* Turning power and indicator off (not rewriting an already
         * off slot, which guests do before powering it on) empties a
         * populated slot. */
        if ((slot_word(dev, PCI_EXP_SLTSTA) & PCI_EXP_SLTSTA_PDS) &&
            sltctl_powered_off(written) && !sltctl_powered_off(old_ctl)) {
            slot_remove_devices(s);
        }
        pcie_slot_update_power(s);
        /* Every command completes at once. */
        slot_event(s, PCI_EXP_SLTSTA_CC);
    }
    pcie_slot_update_irq(s);
}

/* Hotplug handler */

static const char *port_id(PCIESlot *s)
{
    const char *id = DEVICE(s)->id;

    return id ? id : "";
}

void pcie_slot_pre_plug_cb(HotplugHandler *hotplug_dev, DeviceState *dev,
                           Error **errp)
{
    PCIESlot *s = PCIE_SLOT(hotplug_dev);
    PCIDevice *port = PCI_DEVICE(s);

    /* Functions added behind an existing function 0 are refused by the
     * PCI core when it places the device (pci_get_function_0). */
    if (!dev->hotplugged) {
        return;
    }
    if (!(pci_get_long(port->config + port->exp_cap + PCI_EXP_SLTCAP) &
          PCI_EXP_SLTCAP_HPC)) {
        error_setg(errp, "Hot-plug failed: unsupported by the port device "
                   "'%s'", port_id(s));
        return;
    }
    if (slot_word(port, PCI_EXP_SLTSTA) & PCI_EXP_SLTSTA_EIS) {
        error_setg_errno(errp, EBUSY, "slot is electromechanically locked");
    }
}

void pcie_slot_plug_cb(HotplugHandler *hotplug_dev, DeviceState *dev,
                       Error **errp)
{
    PCIESlot *s = PCIE_SLOT(hotplug_dev);
    PCIDevice *pdev = PCI_DEVICE(dev);

    /*
     * A hot-plugged function stays dark until the guest powers the slot
     * (qemu 7.2 native hot-plug); cold-plugged ones get power when the
     * slot resets.
     */
    if (dev->hotplugged) {
        pcie_slot_update_power(s);
    }
    /* Function 0 makes the slot present; other functions come along. */
    if (pdev->devfn != 0) {
        return;
    }
    slot_event(s, PCI_EXP_SLTSTA_PDS);
    slot_link_update(s, pdev);
    if (dev->hotplugged) {
        /* The button too: the guest's driver powers the slot on. */
        slot_event(s, PCI_EXP_SLTSTA_PDC | PCI_EXP_SLTSTA_ABP);
        pcie_slot_update_irq(s);
    }
}

void pcie_slot_unplug_request_cb(HotplugHandler *hotplug_dev,
                                 DeviceState *dev, Error **errp)
{
    PCIESlot *s = PCIE_SLOT(hotplug_dev);
    PCIDevice *port = PCI_DEVICE(s);
    PCIDevice *pdev = PCI_DEVICE(dev);
    uint16_t ctl = slot_word(port, PCI_EXP_SLTCTL);

    if (!(pci_get_long(port->config + port->exp_cap + PCI_EXP_SLTCAP) &
          PCI_EXP_SLTCAP_HPC)) {
        error_setg(errp, "Hot-unplug failed: unsupported by the port device "
                   "'%s'", port_id(s));
        return;
    }
    if (slot_word(port, PCI_EXP_SLTSTA) & PCI_EXP_SLTSTA_EIS) {
        error_setg_errno(errp, EBUSY, "slot is electromechanically locked");
        return;
    }
    if ((ctl & PCI_EXP_SLTCTL_PIC) == PIC_BLINK) {
        /* The guest is in the middle of a power transition. */
        error_setg(errp, "Hot-unplug failed: guest is busy (power indicator "
                   "blinking)");
        return;
    }
    if (pdev->devfn != 0) {
        /* Not what the slot's presence stands for: just take it. */
        qdev_unplug_deferred(dev);
        return;
    }
    if (sltctl_powered_off(ctl)) {
        /* The guest never powered the slot (or powered it off): no one
         * to ask. */
        slot_remove_devices(s);
    } else {
        slot_event(s, PCI_EXP_SLTSTA_ABP);
    }
    pcie_slot_update_irq(s);
}

void pcie_slot_unplug_cb(HotplugHandler *hotplug_dev, DeviceState *dev,
                         Error **errp)
{
    PCIESlot *s = PCIE_SLOT(hotplug_dev);
    PCIDevice *pdev = PCI_DEVICE(dev);

    if (pdev->devfn == 0) {
        slot_remove_devices(s);
        pcie_slot_update_irq(s);
    } else {
        object_unparent(OBJECT(dev));
    }
}
