/*
 * Standard Hot-Plug Controller: the working register set, its commands
 * and interrupt, the configuration-space window onto it, and hot-plug
 * of cards into its slots (see include/hw/pci/shpc.h).
 */
#include "util/osdep.h"
#include "hw/pci/shpc.h"
#include "hw/pci/pci_bus.h"
#include "hw/pci/msi.h"

/* qemu's controllers report programming interface 1 and 33 MHz
 * conventional slots. */
#define SHPC_PI 1

static uint32_t reg_get(SHPCState *s, unsigned off)
{
    return pci_get_long(s->regs + off);
}

static void reg_set(SHPCState *s, unsigned off, uint32_t val)
{
    pci_set_long(s->regs + off, val);
}

static uint8_t *slot_reg(SHPCState *s, int idx)
{
    return s->regs + SHPC_SLOT_REG(idx);
}

static int slot_state(SHPCState *s, int idx)
{
    return slot_reg(s, idx)[0] & SHPC_SLOT_STATE_MASK;
}

static int slot_pwr_led(SHPCState *s, int idx)
{
    return (slot_reg(s, idx)[0] >> SHPC_SLOT_PWR_LED_SHIFT) & 3;
}

static void slot_set_field(SHPCState *s, int idx, unsigned shift,
                           unsigned val)
{
    uint8_t *r = slot_reg(s, idx);

    r[0] = (r[0] & ~(3 << shift)) | (val << shift);
}

static void slot_latch(SHPCState *s, int idx, uint8_t events)
{
    slot_reg(s, idx)[2] |= events;
}

/* Logical slot of PCI device number @devno, or -1. */
static int slot_index(SHPCState *s, int devno)
{
    int idx = devno - 1;

    return idx >= 0 && idx < s->nslots ? idx : -1;
}

static bool slot_has_card(SHPCState *s, int idx)
{
    int fn;

    for (fn = 0; fn < PCI_FUNC_MAX; fn++) {
        if (s->sec_bus->devices[PCI_DEVFN(idx + 1, fn)]) {
            return true;
        }
    }
    return false;
}

/* A card is present: PRSNT1#/PRSNT2# say so and its MRL is closed. */
static void slot_set_present(SHPCState *s, int idx, bool present)
{
    uint16_t status = pci_get_word(slot_reg(s, idx));

    status &= ~(SHPC_SLOT_PRSNT_MASK | SHPC_SLOT_MRL_OPEN);
    if (!present) {
        status |= SHPC_SLOT_PRSNT_EMPTY | SHPC_SLOT_MRL_OPEN;
    }
    pci_set_word(slot_reg(s, idx), status);
}

static void shpc_update_irq(SHPCState *s)
{
    uint32_t serr = reg_get(s, SHPC_SERR_INT);
    uint32_t loc = 0;
    bool level, rose;
    int i;

    if ((serr & SHPC_SERR_INT_CMD_DETECTED) &&
        !(serr & SHPC_SERR_INT_CMD_INT_MASK)) {
        loc |= 1;
    }
    for (i = 0; i < s->nslots; i++) {
        uint8_t *r = slot_reg(s, i);

        if (r[2] & ~r[3] & SHPC_SLOT_EVENT_ALL) {
            loc |= 1U << (i + 1);
        }
    }
    reg_set(s, SHPC_INT_LOCATOR, loc);
    level = loc && !(serr & SHPC_SERR_INT_GLOBAL_INT_MASK);
    rose = level && !s->irq_level;
    s->irq_level = level;
    if (msi_enabled(s->dev)) {
        if (rose) {
            msi_notify(s->dev, 0);
        }
    } else {
        pci_set_irq(s->dev, level);
    }
}

/*
 * Take the cards out of slot @idx: the guest disabled it.  They go from
 * a bottom half (qdev_unplug_deferred): the command that asks for it may
 * be a message one of them is sending, and DEVICE_DELETED then follows
 * the reply to a device_del, as in qemu.
 */
static void slot_remove(SHPCState *s, int idx)
{
    int fn;

    for (fn = 0; fn < PCI_FUNC_MAX; fn++) {
        PCIDevice *d = s->sec_bus->devices[PCI_DEVFN(idx + 1, fn)];

        if (d) {
            qdev_unplug_deferred(DEVICE(d));
        }
    }
    slot_set_present(s, idx, false);
    slot_latch(s, idx, SHPC_SLOT_EVENT_PRESENCE | SHPC_SLOT_EVENT_MRL);
}

static bool slot_off(SHPCState *s, int idx)
{
    return slot_state(s, idx) == SHPC_STATE_DISABLED &&
           slot_pwr_led(s, idx) == SHPC_LED_OFF;
}

/* [SHPC] 4.2.2.4.1: slot operations 0x00-0x3f. */
static uint16_t shpc_slot_command(SHPCState *s, int target, uint8_t code)
{
    int idx = target - 1;
    int state = code & SHPC_SLOT_STATE_MASK;
    int pwr = (code >> SHPC_SLOT_PWR_LED_SHIFT) & 3;
    int attn = (code >> SHPC_SLOT_ATTN_LED_SHIFT) & 3;

    if (idx < 0 || idx >= s->nslots) {
        return SHPC_STATUS_INVALID_CMD;
    }
    /* An enabled slot goes through disabled before power-only. */
    if (state == SHPC_STATE_PWRONLY &&
        slot_state(s, idx) == SHPC_STATE_ENABLED) {
        return SHPC_STATUS_INVALID_CMD;
    }
    /* qemu leaves a powered-only slot so when asked to enable it. */
    if (state == SHPC_STATE_ENABLED &&
        slot_state(s, idx) == SHPC_STATE_PWRONLY) {
        state = SHPC_STATE_NO_CHANGE;
    }
    if (state != SHPC_STATE_NO_CHANGE) {
        slot_set_field(s, idx, 0, state);
    }
    if (pwr) {
        slot_set_field(s, idx, SHPC_SLOT_PWR_LED_SHIFT, pwr);
    }
    if (attn) {
        slot_set_field(s, idx, SHPC_SLOT_ATTN_LED_SHIFT, attn);
    }
    if (slot_off(s, idx)) {
        slot_remove(s, idx);
    }
    return 0;
}

static void shpc_command(SHPCState *s)
{
    uint16_t cmd = pci_get_word(s->regs + SHPC_CMD);
    uint8_t code = cmd & SHPC_CMD_CODE;
    int target = (cmd & SHPC_CMD_TARGET) >> SHPC_CMD_TARGET_SHIFT;
    uint16_t status = 0;

    if (code <= SHPC_CMD_SLOT_OP_MAX) {
        status = shpc_slot_command(s, target, code);
    } else if (code == SHPC_CMD_SET_SPEED_A_33 ||
               code == SHPC_CMD_POWER_ALL || code == SHPC_CMD_ENABLE_ALL) {
        /* The bus runs at 33 MHz; slots are powered one by one. */
    } else if (code <= SHPC_CMD_SET_SPEED_A_MAX) {
        status = SHPC_STATUS_INVALID_MODE;
    } else {
        /* Mode B speeds (programming interface 2) and the rest. */
        status = SHPC_STATUS_INVALID_CMD;
    }
    /* Commands complete at once: busy is never seen. */
    pci_set_word(s->regs + SHPC_CMD_STATUS, status);
    reg_set(s, SHPC_SERR_INT,
            reg_get(s, SHPC_SERR_INT) | SHPC_SERR_INT_CMD_DETECTED);
}

static void shpc_write(SHPCState *s, unsigned addr, uint64_t val,
                       unsigned len)
{
    bool cmd = false;
    unsigned i;

    for (i = 0; i < len && addr + i < SHPC_REGS_SIZE; i++) {
        unsigned a = addr + i;
        uint8_t v = val >> (8 * i);

        s->regs[a] = (s->regs[a] & ~s->wmask[a]) | (v & s->wmask[a]);
        s->regs[a] &= ~(v & s->w1cmask[a]);
        if (a == SHPC_CMD) {
            cmd = true;
        }
    }
    /* Writing the command code starts the command. */
    if (cmd) {
        shpc_command(s);
    }
    shpc_update_irq(s);
}

static uint64_t shpc_read(SHPCState *s, unsigned addr, unsigned len)
{
    uint64_t val = 0;
    unsigned i;

    for (i = 0; i < len; i++) {
        if (addr + i < SHPC_REGS_SIZE) {
            val |= (uint64_t)s->regs[addr + i] << (8 * i);
        }
    }
    return val;
}

static uint64_t shpc_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    return shpc_read(opaque, addr, size);
}

static void shpc_mmio_write(void *opaque, hwaddr addr, uint64_t val,
                            unsigned size)
{
    shpc_write(opaque, addr, val, size);
}

static const MemoryRegionOps shpc_mmio_ops = {
    .read = shpc_mmio_read,
    .write = shpc_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {
        .min_access_size = 1,
        .max_access_size = 4,
        .unaligned = true,
    },
    .impl = {
        .min_access_size = 1,
        .max_access_size = 4,
        .unaligned = true,
    },
};

/* Configuration space window */

void shpc_cap_update_dword(SHPCState *s)
{
    uint8_t sel = s->dev->config[s->cap + SHPC_CAP_DWORD_SELECT];
    uint32_t val = 0;

    /* Registers past the set read as 0. */
    if ((unsigned)sel * 4 < SHPC_REGS_SIZE) {
        val = reg_get(s, sel * 4);
    }
    pci_set_long(s->dev->config + s->cap + SHPC_CAP_DWORD_DATA, val);
}

void shpc_cap_read_config(SHPCState *s, uint32_t addr, int len)
{
    uint32_t data = (uint32_t)s->cap + SHPC_CAP_DWORD_DATA;

    if (s->cap && len > 0 && addr < data + 4 && data < addr + len) {
        shpc_cap_update_dword(s);
    }
}

void shpc_cap_write_config(SHPCState *s, uint32_t addr, uint32_t val,
                           int len)
{
    if (addr < (uint32_t)s->cap + SHPC_CAP_SIZEOF &&
        s->cap < addr + len) {
        shpc_cap_update_dword(s);
    }
}

/* Set-up */

void shpc_reset(SHPCState *s)
{
    int i;

    pci_set_word(s->regs + SHPC_CMD, 0);
    pci_set_word(s->regs + SHPC_CMD_STATUS, 0);
    reg_set(s, SHPC_SERR_INT, SHPC_SERR_INT_GLOBAL_INT_MASK |
            SHPC_SERR_INT_GLOBAL_SERR_MASK | SHPC_SERR_INT_CMD_INT_MASK |
            SHPC_SERR_INT_ARB_SERR_MASK);
    for (i = 0; i < s->nslots; i++) {
        uint8_t *r = slot_reg(s, i);
        bool present = slot_has_card(s, i);

        /* Cards there at reset were put in by firmware: enabled. */
        r[0] = present ?
               SHPC_STATE_ENABLED | (SHPC_LED_ON << SHPC_SLOT_PWR_LED_SHIFT) :
               SHPC_STATE_DISABLED |
               (SHPC_LED_OFF << SHPC_SLOT_PWR_LED_SHIFT);
        r[1] = 0;
        slot_set_present(s, i, present);
        r[2] = 0;
        r[3] = SHPC_SLOT_MASK_ALL;
    }
    s->irq_level = false;
    shpc_update_irq(s);
}

bool shpc_init(SHPCState *s, PCIDevice *dev, PCIBus *sec_bus,
               MemoryRegion *bar, hwaddr bar_offset, uint8_t cap_offset,
               uint16_t first_psn, Error **errp)
{
    int pos = pci_add_capability(dev, PCI_CAP_ID_SHPC, cap_offset,
                                 SHPC_CAP_SIZEOF, errp);
    int i;

    if (pos < 0) {
        return false;
    }
    s->dev = dev;
    s->sec_bus = sec_bus;
    s->nslots = SHPC_MAX_SLOTS;
    s->cap = pos;
    s->first_psn = first_psn;
    memset(s->regs, 0, sizeof(s->regs));
    memset(s->wmask, 0, sizeof(s->wmask));
    memset(s->w1cmask, 0, sizeof(s->w1cmask));

    reg_set(s, SHPC_SLOTS_AVAIL_1, s->nslots);
    reg_set(s, SHPC_SLOT_CONFIG, s->nslots |
            (1U << SHPC_SLOT_CONFIG_FIRST_DEV_SHIFT) |
            ((uint32_t)(first_psn & 0x7ff) << SHPC_SLOT_CONFIG_PSN_SHIFT) |
            SHPC_SLOT_CONFIG_UPDOWN | SHPC_SLOT_CONFIG_MRLSI |
            SHPC_SLOT_CONFIG_ABI);
    reg_set(s, SHPC_SEC_BUS_CONFIG, (uint32_t)SHPC_PI <<
            SHPC_SEC_BUS_PI_SHIFT);
    /* The command code and target; the status is the controller's. */
    s->wmask[SHPC_CMD] = 0xff;
    s->wmask[SHPC_CMD + 1] = SHPC_CMD_TARGET >> 8;
    s->wmask[SHPC_SERR_INT] = 0x0f;
    s->w1cmask[SHPC_SERR_INT + 2] = (SHPC_SERR_INT_CMD_DETECTED |
                                     SHPC_SERR_INT_ARB_DETECTED) >> 16;
    for (i = 0; i < s->nslots; i++) {
        s->w1cmask[SHPC_SLOT_REG(i) + 2] = SHPC_SLOT_EVENT_ALL;
        s->wmask[SHPC_SLOT_REG(i) + 3] = SHPC_SLOT_MASK_ALL;
    }

    /* The guest picks a register; DWORD Data shows it (read-only). */
    dev->wmask[pos + SHPC_CAP_DWORD_SELECT] = 0xff;
    memset(dev->cmask + pos + SHPC_CAP_DWORD_SELECT, 0, 6);

    memory_region_init_io(&s->mmio, OBJECT(dev), &shpc_mmio_ops, s, "shpc",
                          SHPC_BAR_SIZE);
    memory_region_add_subregion(bar, bar_offset, &s->mmio);
    s->mmio_ready = true;
    dev->cap_present |= PCI_CAP_PRESENT_SHPC;
    shpc_reset(s);
    shpc_cap_update_dword(s);
    return true;
}

void shpc_cleanup(SHPCState *s, MemoryRegion *bar)
{
    if (s->mmio_ready) {
        memory_region_del_subregion(bar, &s->mmio);
        object_unparent(OBJECT(&s->mmio));
        s->mmio_ready = false;
    }
    if (s->dev && s->dev->config && s->cap) {
        pci_del_capability(s->dev, PCI_CAP_ID_SHPC, SHPC_CAP_SIZEOF);
    }
    s->cap = 0;
}

/* Hot-plug */

static int shpc_hotplug_slot(SHPCState *s, DeviceState *dev, Error **errp)
{
    int devno = PCI_SLOT(PCI_DEVICE(dev)->devfn);
    int idx = slot_index(s, devno);

    if (idx < 0) {
        error_setg(errp, "Unsupported PCI slot %d for standard hotplug "
                   "controller. Valid slots are between %d and %d.", devno,
                   1, s->nslots);
    }
    return idx;
}

void shpc_device_plug_cb(SHPCState *s, DeviceState *dev, Error **errp)
{
    int idx;

    if (!dev->hotplugged) {
        /* Board or command line: reset brings the slot up. */
        idx = slot_index(s, PCI_SLOT(PCI_DEVICE(dev)->devfn));
        if (idx >= 0) {
            slot_set_present(s, idx, true);
        }
        return;
    }
    idx = shpc_hotplug_slot(s, dev, errp);
    if (idx < 0) {
        return;
    }
    /* The user closed the MRL on a new card and pushed the button. */
    slot_set_present(s, idx, true);
    slot_latch(s, idx, SHPC_SLOT_EVENT_PRESENCE | SHPC_SLOT_EVENT_BUTTON |
               SHPC_SLOT_EVENT_MRL);
    shpc_update_irq(s);
}

void shpc_device_unplug_request_cb(SHPCState *s, DeviceState *dev,
                                   Error **errp)
{
    int idx = shpc_hotplug_slot(s, dev, errp);

    if (idx < 0) {
        return;
    }
    if (slot_off(s, idx)) {
        /* Never enabled: the card may simply go. */
        slot_remove(s, idx);
    } else {
        slot_latch(s, idx, SHPC_SLOT_EVENT_BUTTON);
    }
    shpc_update_irq(s);
}

void shpc_device_unplug_cb(SHPCState *s, DeviceState *dev, Error **errp)
{
    int idx = slot_index(s, PCI_SLOT(PCI_DEVICE(dev)->devfn));

    object_unparent(OBJECT(dev));
    if (idx >= 0 && !slot_has_card(s, idx)) {
        slot_set_present(s, idx, false);
        slot_latch(s, idx, SHPC_SLOT_EVENT_PRESENCE | SHPC_SLOT_EVENT_MRL);
        shpc_update_irq(s);
    }
}
