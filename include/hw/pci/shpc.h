/*
 * Standard Hot-Plug Controller ([SHPC] PCI Standard Hot-Plug Controller
 * and Subsystem Specification 1.0) for the conventional PCI bus behind
 * a bridge.
 *
 * The controller's working register set is reached two ways: through a
 * memory BAR of the bridge (the whole set, read and write), and through
 * the SHPC capability (ID 0x0c) in configuration space, whose DWORD
 * Select byte (+2) picks a register that DWORD Data (+4) shows.  As on
 * qemu, writes through DWORD Data are ignored: guests program the
 * controller through the BAR.
 *
 * Register set (byte offsets):
 *
 *   0x00 base offset (0)          0x04 slots available I
 *   0x08 slots available II       0x0c slot configuration
 *   0x10 secondary bus config     0x14 command (16) + status (16)
 *   0x18 interrupt locator        0x1c SERR locator
 *   0x20 SERR/interrupt enable    0x24 + 4 * i: logical slot i
 *
 * Slot i is PCI device number i + 1 on the secondary bus (device 0 is
 * not hot-pluggable), and commands name it as target i + 1.
 *
 * Hot-plug as qemu models it: device_add makes the card present (MRL
 * closed) and latches presence, attention button and MRL events;
 * device_del latches an attention button press, or removes the card at
 * once if its slot was never enabled.  A command that leaves a slot
 * disabled with its power indicator off removes the cards in it
 * (DEVICE_DELETED), and the slot reads as empty with its MRL open.
 */
#ifndef HW_PCI_SHPC_H
#define HW_PCI_SHPC_H

#include "hw/pci/pci.h"
#include "hw/core/hotplug.h"

/* Registers */
#define SHPC_BASE_OFFSET        0x00
#define SHPC_SLOTS_AVAIL_1      0x04
#define SHPC_SLOTS_AVAIL_2      0x08
#define SHPC_SLOT_CONFIG        0x0c
#define SHPC_SEC_BUS_CONFIG     0x10
#define SHPC_CMD                0x14    /* 16 bits */
#define SHPC_CMD_STATUS         0x16    /* 16 bits */
#define SHPC_INT_LOCATOR        0x18
#define SHPC_SERR_LOCATOR       0x1c
#define SHPC_SERR_INT           0x20
#define SHPC_SLOT_REG(i)        (0x24 + 4 * (i))

#define SHPC_MAX_SLOTS          31
#define SHPC_REGS_SIZE          SHPC_SLOT_REG(SHPC_MAX_SLOTS)
#define SHPC_BAR_SIZE           0x100

/* Slot configuration */
#define SHPC_SLOT_CONFIG_FIRST_DEV_SHIFT 8
#define SHPC_SLOT_CONFIG_PSN_SHIFT      16
#define SHPC_SLOT_CONFIG_UPDOWN         0x20000000U
#define SHPC_SLOT_CONFIG_MRLSI          0x40000000U /* MRL sensor */
#define SHPC_SLOT_CONFIG_ABI            0x80000000U /* attention button */
#define SHPC_SEC_BUS_PI_SHIFT           24          /* programming i/f */

/* Command register */
#define SHPC_CMD_CODE           0x00ff
#define SHPC_CMD_TARGET         0x1f00
#define SHPC_CMD_TARGET_SHIFT   8
#define SHPC_CMD_SLOT_OP_MAX    0x3f        /* 0x00-0x3f: slot operation */
#define SHPC_CMD_SET_SPEED_A_33 0x40
#define SHPC_CMD_SET_SPEED_A_MAX 0x47
#define SHPC_CMD_POWER_ALL      0x48
#define SHPC_CMD_ENABLE_ALL     0x49

/* Command status */
#define SHPC_STATUS_BUSY        0x0001
#define SHPC_STATUS_MRL_OPEN    0x0002
#define SHPC_STATUS_INVALID_CMD 0x0004
#define SHPC_STATUS_INVALID_MODE 0x0008

/* SERR/interrupt enable */
#define SHPC_SERR_INT_GLOBAL_INT_MASK   0x00000001U
#define SHPC_SERR_INT_GLOBAL_SERR_MASK  0x00000002U
#define SHPC_SERR_INT_CMD_INT_MASK      0x00000004U
#define SHPC_SERR_INT_ARB_SERR_MASK     0x00000008U
#define SHPC_SERR_INT_CMD_DETECTED      0x00010000U
#define SHPC_SERR_INT_ARB_DETECTED      0x00020000U

/* Logical slot register */
#define SHPC_SLOT_STATE_MASK    0x0003
#define SHPC_STATE_NO_CHANGE    0
#define SHPC_STATE_PWRONLY      1
#define SHPC_STATE_ENABLED      2
#define SHPC_STATE_DISABLED     3
#define SHPC_SLOT_PWR_LED_SHIFT 2           /* indicators: 1 on, 2 blink, */
#define SHPC_SLOT_ATTN_LED_SHIFT 4          /* 3 off, 0 no change */
#define SHPC_LED_ON             1
#define SHPC_LED_BLINK          2
#define SHPC_LED_OFF            3
#define SHPC_SLOT_POWER_FAULT   0x0040
#define SHPC_SLOT_ATTN_BUTTON   0x0080
#define SHPC_SLOT_MRL_OPEN      0x0100
#define SHPC_SLOT_M66EN         0x0200
#define SHPC_SLOT_PRSNT_MASK    0x0c00
#define SHPC_SLOT_PRSNT_EMPTY   0x0c00
#define SHPC_SLOT_EVENT_SHIFT   16          /* latched events */
#define SHPC_SLOT_EVENT_PRESENCE 0x01
#define SHPC_SLOT_EVENT_ISO_PFAULT 0x02
#define SHPC_SLOT_EVENT_BUTTON  0x04
#define SHPC_SLOT_EVENT_MRL     0x08
#define SHPC_SLOT_EVENT_CONN_PFAULT 0x10
#define SHPC_SLOT_EVENT_ALL     0x1f
#define SHPC_SLOT_MASK_SHIFT    24          /* same order, then SERR */
#define SHPC_SLOT_MASK_ALL      0x7f

/* The capability in configuration space */
#define SHPC_CAP_DWORD_SELECT   0x02
#define SHPC_CAP_DWORD_DATA     0x04
#define SHPC_CAP_SIZEOF         8

typedef struct SHPCState {
    PCIDevice *dev;
    PCIBus *sec_bus;
    int nslots;
    uint8_t cap;                /* offset of the capability */
    uint16_t first_psn;         /* physical slot number of slot 0 */
    uint8_t regs[SHPC_REGS_SIZE];
    uint8_t wmask[SHPC_REGS_SIZE];
    uint8_t w1cmask[SHPC_REGS_SIZE];
    MemoryRegion mmio;
    bool mmio_ready;
    bool irq_level;             /* the interrupt as last signalled */
} SHPCState;

/*
 * Add the capability at @cap_offset and the register set at
 * @bar_offset in @bar (which the caller registers as a BAR) for the
 * hot-pluggable slots 1-31 of @sec_bus, the first named @first_psn.
 */
bool shpc_init(SHPCState *s, PCIDevice *dev, PCIBus *sec_bus,
               MemoryRegion *bar, hwaddr bar_offset, uint8_t cap_offset,
               uint16_t first_psn, Error **errp);
void shpc_cleanup(SHPCState *s, MemoryRegion *bar);
/* Reset: populated slots enabled with power on, empty ones disabled,
 * every event and interrupt masked. */
void shpc_reset(SHPCState *s);
/* Configuration accesses to the capability (call around the default
 * handlers of the bridge): before a read, so that DWORD Data shows the
 * selected register as it is now; after a write. */
void shpc_cap_update_dword(SHPCState *s);
void shpc_cap_read_config(SHPCState *s, uint32_t addr, int len);
void shpc_cap_write_config(SHPCState *s, uint32_t addr, uint32_t val,
                           int len);

/* Hotplug handler hooks for the bridge that owns the controller. */
void shpc_device_plug_cb(SHPCState *s, DeviceState *dev, Error **errp);
void shpc_device_unplug_request_cb(SHPCState *s, DeviceState *dev,
                                   Error **errp);
void shpc_device_unplug_cb(SHPCState *s, DeviceState *dev, Error **errp);

#endif
