/*
 * virtio-input (Virtio 1.2 section 5.8, "Input Device"): an evdev-like
 * input device.  The device reports struct virtio_input_event records
 * (the Linux input_event without its timestamp) into the buffers of
 * the event queue; the driver may send records back on the status
 * queue (LED state).  The config space is a selector window: the
 * driver writes select and subsel, then reads size and the union.
 *
 * TYPE_VIRTIO_INPUT is abstract; virtio-input-hid.c has the keyboard,
 * mouse and tablet.
 */
#ifndef HW_INPUT_VIRTIO_INPUT_H
#define HW_INPUT_VIRTIO_INPUT_H

#include "hw/virtio/virtio.h"
#include "hw/input/input-core.h"

#define TYPE_VIRTIO_INPUT       "virtio-input-device"
#define TYPE_VIRTIO_INPUT_HID   "virtio-input-hid-device"
#define TYPE_VIRTIO_KEYBOARD    "virtio-keyboard-device"
#define TYPE_VIRTIO_MOUSE       "virtio-mouse-device"
#define TYPE_VIRTIO_TABLET      "virtio-tablet-device"

#define VIRTIO_INPUT(obj) \
    OBJECT_CHECK(VirtIOInput, (obj), TYPE_VIRTIO_INPUT)
#define VIRTIO_INPUT_CLASS(klass) \
    OBJECT_CLASS_CHECK(VirtIOInputClass, (klass), TYPE_VIRTIO_INPUT)
#define VIRTIO_INPUT_GET_CLASS(obj) \
    OBJECT_GET_CLASS(VirtIOInputClass, (obj), TYPE_VIRTIO_INPUT)

/* Config selectors (section 5.8.5). */
#define VIRTIO_INPUT_CFG_UNSET      0x00
#define VIRTIO_INPUT_CFG_ID_NAME    0x01
#define VIRTIO_INPUT_CFG_ID_SERIAL  0x02
#define VIRTIO_INPUT_CFG_ID_DEVIDS  0x03
#define VIRTIO_INPUT_CFG_PROP_BITS  0x10
#define VIRTIO_INPUT_CFG_EV_BITS    0x11
#define VIRTIO_INPUT_CFG_ABS_INFO   0x12

/* Config layout: select, subsel, size, 5 reserved, then 128 bytes. */
#define VIRTIO_INPUT_CFG_OFF_SELECT 0
#define VIRTIO_INPUT_CFG_OFF_SUBSEL 1
#define VIRTIO_INPUT_CFG_OFF_SIZE   2
#define VIRTIO_INPUT_CFG_OFF_U      8
#define VIRTIO_INPUT_CFG_U_SIZE     128
#define VIRTIO_INPUT_CFG_SIZE       (VIRTIO_INPUT_CFG_OFF_U + \
                                     VIRTIO_INPUT_CFG_U_SIZE)

/* Linux event types and codes used here (linux/input-event-codes.h). */
#define EV_SYN          0x00
#define EV_KEY          0x01
#define EV_REL          0x02
#define EV_ABS          0x03
#define EV_MSC          0x04
#define EV_LED          0x11
#define EV_MAX          0x1f
#define SYN_REPORT      0
#define REL_X           0x00
#define REL_Y           0x01
#define REL_WHEEL       0x08
#define ABS_X           0x00
#define ABS_Y           0x01
#define BTN_LEFT        0x110
#define BTN_RIGHT       0x111
#define BTN_MIDDLE      0x112
#define BTN_SIDE        0x113
#define BTN_EXTRA       0x114
#define BTN_TOUCH       0x14a
#define LED_NUML        0x00
#define LED_CAPSL       0x01
#define LED_SCROLLL     0x02
#define BUS_VIRTUAL     0x06

/* Queue sizes qemu offers; eventq is queue 0, statusq queue 1. */
#define VIRTIO_INPUT_QUEUE_SIZE     64
#define VIRTIO_INPUT_EVENTQ         0
#define VIRTIO_INPUT_STATUSQ        1

/*
 * Events of one report (up to its EV_SYN) are held until the report is
 * complete; then all of them go out if the guest has posted enough
 * buffers, or all of them are dropped.  A report longer than this loses
 * its extra events (the EV_SYN always fits).
 */
#define VIRTIO_INPUT_BATCH_MAX      64

/* One event as the guest sees it (little-endian on the wire). */
typedef struct VirtIOInputEvent {
    uint16_t type;
    uint16_t code;
    uint32_t value;
} VirtIOInputEvent;

#define VIRTIO_INPUT_EVENT_SIZE     8

/* One config answer, kept in host order except the union's contents,
 * which are stored as the guest reads them (little-endian). */
typedef struct VirtIOInputConfig {
    uint8_t select;
    uint8_t subsel;
    uint8_t size;
    uint8_t u[VIRTIO_INPUT_CFG_U_SIZE];
} VirtIOInputConfig;

typedef struct VirtIOInput VirtIOInput;

typedef struct VirtIOInputClass {
    VirtioDeviceClass parent_class;
    /* Subclass hooks: realize (after the base set up its config),
     * unrealize, and one status record from the driver (host order). */
    DeviceRealize *realize;
    DeviceUnrealize *unrealize;
    void (*handle_status)(VirtIOInput *vinput, const VirtIOInputEvent *evt);
} VirtIOInputClass;

struct VirtIOInput {
    VirtIODevice parent_obj;

    VirtQueue *evt;
    VirtQueue *sts;
    char *serial;                   /* property "serial" */

    GArray *configs;                /* of VirtIOInputConfig */
    uint8_t select;
    uint8_t subsel;

    VirtIOInputEvent batch[VIRTIO_INPUT_BATCH_MAX];
    unsigned int nbatch;
    uint64_t dropped;               /* events lost for want of buffers */
};

/* The keyboard, mouse and tablet (hw/input/virtio-input-hid.c). */
#define VIRTIO_INPUT_HID(obj) \
    OBJECT_CHECK(VirtIOInputHID, (obj), TYPE_VIRTIO_INPUT_HID)
#define VIRTIO_INPUT_HID_CLASS(klass) \
    OBJECT_CLASS_CHECK(VirtIOInputHIDClass, (klass), TYPE_VIRTIO_INPUT_HID)
#define VIRTIO_INPUT_HID_GET_CLASS(obj) \
    OBJECT_GET_CLASS(VirtIOInputHIDClass, (obj), TYPE_VIRTIO_INPUT_HID)

typedef struct VirtIOInputHID {
    VirtIOInput parent_obj;
    char *display;                  /* property "display" (no consoles) */
    uint32_t head;                  /* property "head" */
    InputHandlerState *hs;
    uint32_t leds;                  /* last LED state from the driver */
} VirtIOInputHID;

typedef struct VirtIOInputHIDClass {
    VirtIOInputClass parent_class;
    const InputHandler *handler;
    void (*setup)(VirtIOInput *vinput);     /* fill the config */
} VirtIOInputHIDClass;

/* Add (or replace) the answer for cfg->select/subsel. */
void virtio_input_add_config(VirtIOInput *vinput,
                             const VirtIOInputConfig *cfg);
/* A string answer (ID_NAME, ID_SERIAL), cut at 128 bytes. */
void virtio_input_set_string(VirtIOInput *vinput, uint8_t select,
                             const char *str);
/* Set bit @bit in the bitmap answer @select/@subsel (EV_BITS, ...). */
void virtio_input_set_bit(VirtIOInput *vinput, uint8_t select,
                          uint8_t subsel, unsigned int bit);
/* ABS_INFO for @axis (host-order values). */
void virtio_input_set_abs_info(VirtIOInput *vinput, uint8_t axis,
                               uint32_t min, uint32_t max, uint32_t fuzz,
                               uint32_t flat, uint32_t res);

/* Queue one event (host order); EV_SYN/SYN_REPORT sends the report. */
void virtio_input_send(VirtIOInput *vinput, const VirtIOInputEvent *evt);

#endif
