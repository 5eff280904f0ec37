/*
 * PCI Express ports and slots: the abstract types "pcie-port" and
 * "pcie-slot", the registers qemu's port models share (link, AER, ACS,
 * bridge subsystem ID) and the slot's capability and reset state (see
 * include/hw/pci/pcie_port.h; the hot-plug flow is in pcie-hotplug.c).
 */
#include "util/osdep.h"
#include "util/module.h"
#include "hw/core/qdev-properties.h"
#include "hw/pci/pcie_port.h"

/* Link speed and width properties */

static const char *const link_speed_names[] = {
    "2_5", "5", "8", "16", NULL,
};

static QObject *link_speed_get(Object *obj, const Property *prop,
                               void *field, Error **errp)
{
    int speed = *(int *)field;

    g_assert(speed >= PCIE_LINK_SPEED_2_5 && speed <= PCIE_LINK_SPEED_16);
    return QOBJECT(qstring_from_str(link_speed_names[speed - 1]));
}

static void link_speed_set(Object *obj, const Property *prop, void *field,
                           const QInput *in, Error **errp)
{
    int idx;

    if (qinput_get_enum(in, prop->name, link_speed_names, &idx, errp)) {
        *(int *)field = idx + 1;
    }
}

static QObject *link_speed_default(const Property *prop)
{
    return QOBJECT(qstring_from_str(link_speed_names[prop->defval.i - 1]));
}

const PropertyInfo pcie_prop_link_speed = {
    .name = "PCIELinkSpeed",
    .description = "2_5/5/8/16",
    .enum_table = link_speed_names,
    .get = link_speed_get,
    .set = link_speed_set,
    .default_value = link_speed_default,
};

static const char *const link_width_names[] = {
    "1", "2", "4", "8", "12", "16", "32", NULL,
};

static QObject *width_qstring(int width)
{
    char buf[16];

    snprintf(buf, sizeof(buf), "%d", width);
    return QOBJECT(qstring_from_str(buf));
}

static QObject *link_width_get(Object *obj, const Property *prop,
                               void *field, Error **errp)
{
    return width_qstring(*(int *)field);
}

static void link_width_set(Object *obj, const Property *prop, void *field,
                           const QInput *in, Error **errp)
{
    int idx;

    if (qinput_get_enum(in, prop->name, link_width_names, &idx, errp)) {
        *(int *)field = atoi(link_width_names[idx]);
    }
}

static QObject *link_width_default(const Property *prop)
{
    return width_qstring(prop->defval.i);
}

const PropertyInfo pcie_prop_link_width = {
    .name = "PCIELinkWidth",
    .description = "1/2/4/8/12/16/32",
    .enum_table = link_width_names,
    .get = link_width_get,
    .set = link_width_set,
    .default_value = link_width_default,
};

/* The PCI Express capability of a port */

/* [PCIe] 7.5.3.6: ASPM L0s support, as qemu's ports advertise it. */
#define LNKCAP_ASPM_L0S     0x00000400U

void pcie_port_init_link(PCIDevice *dev, uint8_t port, int speed, int width)
{
    uint8_t *exp = dev->config + dev->exp_cap;
    uint32_t lnkcap = ((uint32_t)port << PCI_EXP_LNKCAP_PN_SHIFT) |
                      LNKCAP_ASPM_L0S |
                      ((uint32_t)width << PCI_EXP_LNKCAP_MLW_SHIFT) | speed;
    uint32_t speeds = 0;
    int s;

    /*
     * A 2.5 GT/s x1 port looks like a version 1 port: no link active
     * reporting and no speed vector.  Faster or wider ones report data
     * link layer activity and bandwidth changes and list every speed up
     * to their own ([PCIe] 7.5.3.18), as real Gen2+ ports do.
     */
    if (speed != PCIE_LINK_SPEED_2_5 || width != 1) {
        lnkcap |= PCI_EXP_LNKCAP_DLLLARC | PCI_EXP_LNKCAP_LBNC;
        for (s = PCIE_LINK_SPEED_2_5; s <= speed; s++) {
            speeds |= 1U << s;
        }
        pci_set_word(exp + PCI_EXP_LNKCTL2, speed);
    } else {
        pci_set_word(exp + PCI_EXP_LNKCTL2, 0);
    }
    pci_set_long(exp + PCI_EXP_LNKCAP, lnkcap);
    pci_set_long(exp + PCI_EXP_LNKCAP2, speeds);
    pci_set_word(exp + PCI_EXP_LNKSTA,
                 ((uint16_t)width << PCI_EXP_LNKSTA_NLW_SHIFT) | speed);
    pci_set_word(dev->wmask + dev->exp_cap + PCI_EXP_LNKCTL2, 0);
}

void pcie_port_fixup_cap(PCIDevice *dev, bool slot_implemented)
{
    uint8_t *exp = dev->config + dev->exp_cap;
    uint8_t *wmask = dev->wmask + dev->exp_cap;
    uint8_t *w1cmask = dev->w1cmask + dev->exp_cap;
    int type = pcie_cap_get_type(dev);

    if (slot_implemented) {
        pci_word_test_and_set_mask(exp + PCI_EXP_FLAGS, PCI_EXP_FLAGS_SLOT);
    }
    /* Only the error reporting enables are the guest's; the rest of
     * device and link control reads as zero. */
    pci_set_word(exp + PCI_EXP_DEVCTL, 0);
    pci_set_word(wmask + PCI_EXP_DEVCTL,
                 PCI_EXP_DEVCTL_CERE | PCI_EXP_DEVCTL_NFERE |
                 PCI_EXP_DEVCTL_FERE | PCI_EXP_DEVCTL_URRE);
    pci_set_word(exp + PCI_EXP_LNKCTL, 0);
    pci_set_word(wmask + PCI_EXP_LNKCTL, 0);
    /* ARI forwarding, extended format field and end-end TLP prefixes. */
    pci_set_long(exp + PCI_EXP_DEVCAP2, PCI_EXP_DEVCAP2_ARI |
                 PCI_EXP_DEVCAP2_EFF | PCI_EXP_DEVCAP2_EETLPP);
    pci_set_word(wmask + PCI_EXP_DEVCTL2,
                 PCI_EXP_DEVCTL2_ARI | PCI_EXP_DEVCTL2_EETLPPB);
    if (type == PCI_EXP_TYPE_ROOT_PORT) {
        /* [PCIe] 7.5.3.12-14: SERR on errors; PME status. */
        pci_set_word(wmask + PCI_EXP_RTCTL, PCI_EXP_RTCTL_SECEE |
                     PCI_EXP_RTCTL_SENFEE | PCI_EXP_RTCTL_SEFEE);
        pci_set_long(w1cmask + PCI_EXP_RTSTA, PCI_EXP_RTSTA_PME);
    }
}

/* Advanced error reporting: [PCIe] 7.8.4 */

#define AER_UNCOR_ALL       0x03fff030U /* bits 4, 5, 12-25 */
#define AER_UNCOR_SEVERITY  0x00462030U /* the defaults of 7.8.4.4 */
#define AER_COR_ALL         0x0000f1c1U /* bits 0, 6-8, 12-15 */
#define AER_COR_MASK_INIT   0x0000e000U /* advisory, internal, log */
#define AER_CAP_ECRC_GEN    0x00000020U /* capable */
#define AER_CAP_ECRC_GEN_EN 0x00000040U
#define AER_CAP_ECRC_CHK    0x00000080U
#define AER_CAP_ECRC_CHK_EN 0x00000100U
#define AER_CAP_MHR         0x00000200U /* multiple header recording */
#define AER_CAP_MHR_EN      0x00000400U
#define AER_ROOT_CMD_ALL    0x00000007U
#define AER_ROOT_STATUS_ALL 0x0000007fU

bool pcie_port_aer_init(PCIDevice *dev, uint16_t offset, bool root,
                        uint16_t log_max, Error **errp)
{
    uint32_t cap = AER_CAP_ECRC_GEN | AER_CAP_ECRC_CHK;
    uint32_t cap_wmask = AER_CAP_ECRC_GEN_EN | AER_CAP_ECRC_CHK_EN;

    if (!pcie_add_capability(dev, PCI_EXT_CAP_ID_ERR, PCI_ERR_VER, offset,
                             PCI_ERR_SIZEOF, errp)) {
        return false;
    }
    if (log_max > 1) {
        cap |= AER_CAP_MHR;
        cap_wmask |= AER_CAP_MHR_EN;
    }
    pci_set_long(dev->w1cmask + offset + PCI_ERR_UNCOR_STATUS, AER_UNCOR_ALL);
    pci_set_long(dev->wmask + offset + PCI_ERR_UNCOR_MASK, AER_UNCOR_ALL);
    pci_set_long(dev->wmask + offset + PCI_ERR_UNCOR_SEVER, AER_UNCOR_ALL);
    pci_set_long(dev->w1cmask + offset + PCI_ERR_COR_STATUS, AER_COR_ALL);
    pci_set_long(dev->wmask + offset + PCI_ERR_COR_MASK, AER_COR_ALL);
    pci_set_long(dev->config + offset + PCI_ERR_CAP, cap);
    pci_set_long(dev->wmask + offset + PCI_ERR_CAP, cap_wmask);
    if (root) {
        pci_set_long(dev->wmask + offset + PCI_ERR_ROOT_COMMAND,
                     AER_ROOT_CMD_ALL);
        pci_set_long(dev->w1cmask + offset + PCI_ERR_ROOT_STATUS,
                     AER_ROOT_STATUS_ALL);
    }
    /* Guest-owned: not part of what compares equal. */
    memset(dev->cmask + offset + PCI_ERR_UNCOR_STATUS, 0,
           PCI_ERR_SIZEOF - PCI_ERR_UNCOR_STATUS);
    pcie_port_aer_reset(dev, offset);
    return true;
}

void pcie_port_aer_reset(PCIDevice *dev, uint16_t offset)
{
    uint8_t *aer = dev->config + offset;
    uint32_t cap = pci_get_long(aer + PCI_ERR_CAP);

    pci_set_long(aer + PCI_ERR_UNCOR_STATUS, 0);
    pci_set_long(aer + PCI_ERR_UNCOR_MASK, 0);
    pci_set_long(aer + PCI_ERR_UNCOR_SEVER, AER_UNCOR_SEVERITY);
    pci_set_long(aer + PCI_ERR_COR_STATUS, 0);
    pci_set_long(aer + PCI_ERR_COR_MASK, AER_COR_MASK_INIT);
    pci_set_long(aer + PCI_ERR_CAP,
                 cap & (AER_CAP_ECRC_GEN | AER_CAP_ECRC_CHK | AER_CAP_MHR));
    memset(aer + PCI_ERR_HEADER_LOG, 0,
           PCI_ERR_SIZEOF - PCI_ERR_HEADER_LOG);
}

/* Access control services: [PCIe] 7.7.8 */

#define PCI_ACS_VER         1
#define PCI_ACS_CAP         0x04    /* 16 bits */
#define PCI_ACS_CTRL        0x06    /* 16 bits */
#define PCI_ACS_SIZEOF      8
/* Source validation, translation blocking, P2P request and completion
 * redirect, upstream forwarding, direct translated P2P. */
#define ACS_CAP_PORT        0x005f

bool pcie_port_acs_init(PCIDevice *dev, uint16_t offset, Error **errp)
{
    if (!pcie_add_capability(dev, PCI_EXT_CAP_ID_ACS, PCI_ACS_VER, offset,
                             PCI_ACS_SIZEOF, errp)) {
        return false;
    }
    pci_set_word(dev->config + offset + PCI_ACS_CAP, ACS_CAP_PORT);
    pci_set_word(dev->wmask + offset + PCI_ACS_CTRL, ACS_CAP_PORT);
    memset(dev->cmask + offset + PCI_ACS_CTRL, 0, 2);
    return true;
}

/* Bridge subsystem vendor ID capability */

#define PCI_SSVID_VENDOR    0x04
#define PCI_SSVID_DEVICE    0x06
#define PCI_SSVID_SIZEOF    8

bool pcie_port_ssvid_init(PCIDevice *dev, uint8_t offset, uint16_t vendor,
                          uint16_t device, Error **errp)
{
    int pos = pci_add_capability(dev, PCI_CAP_ID_SSVID, offset,
                                 PCI_SSVID_SIZEOF, errp);

    if (pos < 0) {
        return false;
    }
    pci_set_word(dev->config + pos + PCI_SSVID_VENDOR, vendor);
    pci_set_word(dev->config + pos + PCI_SSVID_DEVICE, device);
    return true;
}

/* Chassis and slot numbers in use: the pair is the slot's name. */

typedef struct ChassisSlot {
    uint8_t chassis;
    uint16_t slot;
} ChassisSlot;

static GSList *chassis_slots;

static bool chassis_slot_add(uint8_t chassis, uint16_t slot)
{
    ChassisSlot *cs;
    GSList *l;

    for (l = chassis_slots; l; l = l->next) {
        cs = l->data;
        if (cs->chassis == chassis && cs->slot == slot) {
            return false;
        }
    }
    cs = g_new(ChassisSlot, 1);
    cs->chassis = chassis;
    cs->slot = slot;
    chassis_slots = g_slist_prepend(chassis_slots, cs);
    return true;
}

static void chassis_slot_del(uint8_t chassis, uint16_t slot)
{
    GSList *l;

    for (l = chassis_slots; l; l = l->next) {
        ChassisSlot *cs = l->data;

        if (cs->chassis == chassis && cs->slot == slot) {
            chassis_slots = g_slist_delete_link(chassis_slots, l);
            g_free(cs);
            return;
        }
    }
}

/* The slot */

bool pcie_slot_init(PCIESlot *s, Error **errp)
{
    PCIDevice *dev = PCI_DEVICE(s);
    uint8_t *exp = dev->config + dev->exp_cap;
    uint32_t sltcap;
    uint16_t wmask;

    g_assert(dev->exp_cap);
    if (!chassis_slot_add(s->chassis, s->slot)) {
        /* qemu reports the errno of its list insertion (-EBUSY). */
        error_setg(errp, "Can't add chassis slot, error %d", -EBUSY);
        return false;
    }
    s->chassis_registered = true;

    /* [PCIe] 7.5.3.9: button, indicators and an electromechanical
     * interlock; no MRL sensor.  The physical slot number has 13 bits. */
    sltcap = PCI_EXP_SLTCAP_ABP | PCI_EXP_SLTCAP_AIP | PCI_EXP_SLTCAP_PIP |
             PCI_EXP_SLTCAP_EIP |
             (((uint32_t)s->slot << PCI_EXP_SLTCAP_PSN_SHIFT) &
              PCI_EXP_SLTCAP_PSN);
    if (s->power_controller_present) {
        sltcap |= PCI_EXP_SLTCAP_PCP;
    }
    if (s->hotplug) {
        sltcap |= PCI_EXP_SLTCAP_HPS | PCI_EXP_SLTCAP_HPC;
    }
    pci_set_long(exp + PCI_EXP_SLTCAP, sltcap);

    /* [PCIe] 7.5.3.10: the enables and indicator controls are the
     * guest's; the interlock control is a write-1 pulse handled in
     * pcie_slot_write_config, data link layer state changes are never
     * reported. */
    wmask = PCI_EXP_SLTCTL_ABPE | PCI_EXP_SLTCTL_PDCE |
            PCI_EXP_SLTCTL_CCIE | PCI_EXP_SLTCTL_HPIE |
            PCI_EXP_SLTCTL_AIC | PCI_EXP_SLTCTL_PIC;
    if (s->power_controller_present) {
        wmask |= PCI_EXP_SLTCTL_PCC;
    }
    pci_set_word(dev->wmask + dev->exp_cap + PCI_EXP_SLTCTL, wmask);
    /* [PCIe] 7.5.3.11: the event bits are write-1-to-clear. */
    pci_set_word(dev->w1cmask + dev->exp_cap + PCI_EXP_SLTSTA,
                 PCI_EXP_SLTSTA_ABP | PCI_EXP_SLTSTA_PFD |
                 PCI_EXP_SLTSTA_MRLSC | PCI_EXP_SLTSTA_PDC |
                 PCI_EXP_SLTSTA_CC | PCI_EXP_SLTSTA_DLLSC);
    memset(dev->cmask + dev->exp_cap + PCI_EXP_SLTCTL, 0, 4);
    pci_set_word(exp + PCI_EXP_SLTCTL, 0);
    pci_set_word(exp + PCI_EXP_SLTSTA, 0);

    qbus_set_hotplug_handler(BUS(pci_bridge_get_sec_bus(PCI_BRIDGE(s))),
                             OBJECT(s));
    pcie_slot_reset(s);
    return true;
}

void pcie_slot_exit(PCIESlot *s)
{
    if (s->chassis_registered) {
        chassis_slot_del(s->chassis, s->slot);
        s->chassis_registered = false;
    }
}

void pcie_slot_reset(PCIESlot *s)
{
    PCIDevice *dev = PCI_DEVICE(s);
    uint8_t *exp;
    uint16_t ctl;

    if (!dev->config || !dev->exp_cap) {
        return;
    }
    exp = dev->config + dev->exp_cap;
    ctl = PCI_EXP_SLTCTL_IND_OFF << PCI_EXP_SLTCTL_AIC_SHIFT;
    if (s->power_controller_present) {
        /* A populated slot comes up powered with its power indicator
         * on, as firmware would leave it; an empty one is off. */
        if (pci_bridge_get_sec_bus(PCI_BRIDGE(s))->devices[0]) {
            ctl |= PCI_EXP_SLTCTL_IND_ON << PCI_EXP_SLTCTL_PIC_SHIFT;
        } else {
            ctl |= (PCI_EXP_SLTCTL_IND_OFF << PCI_EXP_SLTCTL_PIC_SHIFT) |
                   PCI_EXP_SLTCTL_PCC;
        }
    }
    pci_set_word(exp + PCI_EXP_SLTCTL, ctl);
    pcie_slot_update_power(s);
    /* Only the presence state survives: events and the interlock go. */
    pci_word_test_and_clear_mask(exp + PCI_EXP_SLTSTA,
                                 (uint16_t)~PCI_EXP_SLTSTA_PDS);
    s->hp_level = false;
    pci_set_irq(dev, 0);
}

/* The abstract types */

static const Property pcie_port_props[] = {
    DEFINE_PROP_UINT8("port", PCIEPort, port, 0),
    DEFINE_PROP_UINT16("aer_log_max", PCIEPort, aer_log_max, 8),
};

static void pcie_port_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    device_class_set_props(dc, pcie_port_props);
}

static const Property pcie_slot_props[] = {
    DEFINE_PROP_UINT8("chassis", PCIESlot, chassis, 0),
    DEFINE_PROP_UINT16("slot", PCIESlot, slot, 0),
    DEFINE_PROP_BOOL("hotplug", PCIESlot, hotplug, true),
    DEFINE_PROP_BOOL("x-native-hotplug", PCIESlot, native_hotplug, true),
    DEFINE_PROP_BOOL("power_controller_present", PCIESlot,
                     power_controller_present, true),
};

static void pcie_slot_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    HotplugHandlerClass *hc = HOTPLUG_HANDLER_CLASS(oc);

    device_class_set_props(dc, pcie_slot_props);
    hc->pre_plug = pcie_slot_pre_plug_cb;
    hc->plug = pcie_slot_plug_cb;
    hc->unplug_request = pcie_slot_unplug_request_cb;
    hc->unplug = pcie_slot_unplug_cb;
}

static const InterfaceInfo pcie_slot_interfaces[] = {
    { TYPE_HOTPLUG_HANDLER },
    { NULL },
};

static const TypeInfo pcie_port_type_info = {
    .name = TYPE_PCIE_PORT,
    .parent = TYPE_PCI_BRIDGE,
    .instance_size = sizeof(PCIEPort),
    .abstract = true,
    .class_init = pcie_port_class_init,
};

static const TypeInfo pcie_slot_type_info = {
    .name = TYPE_PCIE_SLOT,
    .parent = TYPE_PCIE_PORT,
    .instance_size = sizeof(PCIESlot),
    .abstract = true,
    .class_init = pcie_slot_class_init,
    .interfaces = pcie_slot_interfaces,
};

static void pcie_port_register_types(void)
{
    type_register_static(&pcie_port_type_info);
    type_register_static(&pcie_slot_type_info);
}

type_init(pcie_port_register_types)
