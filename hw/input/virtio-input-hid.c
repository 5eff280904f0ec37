/*
 * virtio-keyboard-device, virtio-mouse-device and virtio-tablet-device:
 * the virtio input devices fed by Corvid's input routing
 * (hw/input/input-core.c).  Each declares qemu's name and IDs and the
 * event bits it can report, and turns routed events into evdev records
 * followed by EV_SYN.
 */
#include "util/osdep.h"
#include "util/error.h"
#include "util/module.h"
#include "hw/core/qdev-properties.h"
#include "hw/input/virtio-input.h"

#define VIRTIO_INPUT_VENDOR_QEMU    0x0627
#define VIRTIO_INPUT_PRODUCT_KBD    0x0001
#define VIRTIO_INPUT_PRODUCT_MOUSE  0x0002
#define VIRTIO_INPUT_PRODUCT_TABLET 0x0003
#define VIRTIO_INPUT_VERSION_HID    0x0001

#define VIRTIO_KEYBOARD_NAME        "QEMU Virtio Keyboard"
#define VIRTIO_MOUSE_NAME           "QEMU Virtio Mouse"
#define VIRTIO_TABLET_NAME          "QEMU Virtio Tablet"

static void hid_send(VirtIOInput *vinput, uint16_t type, uint16_t code,
                     uint32_t value)
{
    VirtIOInputEvent evt = { .type = type, .code = code, .value = value };

    virtio_input_send(vinput, &evt);
}

/* qemu's buttons as evdev codes (0: not a key, see the wheel). */
static const uint16_t button_codes[INPUT_BUTTON__MAX] = {
    [INPUT_BUTTON_LEFT] = BTN_LEFT,
    [INPUT_BUTTON_MIDDLE] = BTN_MIDDLE,
    [INPUT_BUTTON_RIGHT] = BTN_RIGHT,
    [INPUT_BUTTON_SIDE] = BTN_SIDE,
    [INPUT_BUTTON_EXTRA] = BTN_EXTRA,
    [INPUT_BUTTON_TOUCH] = BTN_TOUCH,
};

static void hid_event(DeviceState *dev, const InputEvent *evt)
{
    VirtIOInput *vinput = VIRTIO_INPUT(dev);

    switch (evt->kind) {
    case INPUT_EVENT_KIND_KEY:
        hid_send(vinput, EV_KEY, evt->u.key.code, evt->u.key.down);
        break;
    case INPUT_EVENT_KIND_BTN:
        /* Wheel "buttons" are one notch of REL_WHEEL per press. */
        if (evt->u.btn.button == INPUT_BUTTON_WHEEL_UP) {
            if (evt->u.btn.down) {
                hid_send(vinput, EV_REL, REL_WHEEL, 1);
            }
        } else if (evt->u.btn.button == INPUT_BUTTON_WHEEL_DOWN) {
            if (evt->u.btn.down) {
                hid_send(vinput, EV_REL, REL_WHEEL, (uint32_t)-1);
            }
        } else if (button_codes[evt->u.btn.button]) {
            hid_send(vinput, EV_KEY, button_codes[evt->u.btn.button],
                     evt->u.btn.down);
        }
        break;
    case INPUT_EVENT_KIND_REL:
        hid_send(vinput, EV_REL,
                 evt->u.move.axis == INPUT_AXIS_X ? REL_X : REL_Y,
                 (uint32_t)evt->u.move.value);
        break;
    case INPUT_EVENT_KIND_ABS:
        hid_send(vinput, EV_ABS,
                 evt->u.move.axis == INPUT_AXIS_X ? ABS_X : ABS_Y,
                 (uint32_t)evt->u.move.value);
        break;
    default:
        break;
    }
}

static void hid_sync(DeviceState *dev)
{
    hid_send(VIRTIO_INPUT(dev), EV_SYN, SYN_REPORT, 0);
}

/* LED records on the status queue: remembered, nothing to light. */
static void hid_handle_status(VirtIOInput *vinput,
                              const VirtIOInputEvent *evt)
{
    VirtIOInputHID *hid = VIRTIO_INPUT_HID(vinput);

    if (evt->type == EV_LED && evt->code <= LED_SCROLLL) {
        if (evt->value) {
            hid->leds |= 1u << evt->code;
        } else {
            hid->leds &= ~(1u << evt->code);
        }
    }
}

static void set_ids(VirtIOInput *vinput, const char *name, uint16_t product)
{
    VirtIOInputConfig c = {
        .select = VIRTIO_INPUT_CFG_ID_DEVIDS,
        .size = 4 * sizeof(uint16_t),
    };
    uint16_t ids[4] = {
        GUINT16_TO_LE(BUS_VIRTUAL),
        GUINT16_TO_LE(VIRTIO_INPUT_VENDOR_QEMU),
        GUINT16_TO_LE(product),
        GUINT16_TO_LE(VIRTIO_INPUT_VERSION_HID),
    };

    memcpy(c.u, ids, sizeof(ids));
    virtio_input_add_config(vinput, &c);
    virtio_input_set_string(vinput, VIRTIO_INPUT_CFG_ID_NAME, name);
}

static void set_ev_bit(VirtIOInput *vinput, uint8_t type, unsigned int code)
{
    /* EV_BITS with subsel 0 is not the list of types: types show by
     * having a nonempty bitmap of their own. */
    virtio_input_set_bit(vinput, VIRTIO_INPUT_CFG_EV_BITS, type, code);
}

static void kbd_key_bit(unsigned int code, void *opaque)
{
    set_ev_bit(opaque, EV_KEY, code);
}

static void set_buttons(VirtIOInput *vinput)
{
    set_ev_bit(vinput, EV_KEY, BTN_LEFT);
    set_ev_bit(vinput, EV_KEY, BTN_RIGHT);
    set_ev_bit(vinput, EV_KEY, BTN_MIDDLE);
    set_ev_bit(vinput, EV_KEY, BTN_SIDE);
    set_ev_bit(vinput, EV_KEY, BTN_EXTRA);
}

static void keyboard_setup(VirtIOInput *vinput)
{
    set_ids(vinput, VIRTIO_KEYBOARD_NAME, VIRTIO_INPUT_PRODUCT_KBD);
    input_foreach_linux_key(kbd_key_bit, vinput);
    set_ev_bit(vinput, EV_LED, LED_NUML);
    set_ev_bit(vinput, EV_LED, LED_CAPSL);
    set_ev_bit(vinput, EV_LED, LED_SCROLLL);
}

static void mouse_setup(VirtIOInput *vinput)
{
    set_ids(vinput, VIRTIO_MOUSE_NAME, VIRTIO_INPUT_PRODUCT_MOUSE);
    set_buttons(vinput);
    set_ev_bit(vinput, EV_REL, REL_X);
    set_ev_bit(vinput, EV_REL, REL_Y);
    set_ev_bit(vinput, EV_REL, REL_WHEEL);
}

static void tablet_setup(VirtIOInput *vinput)
{
    set_ids(vinput, VIRTIO_TABLET_NAME, VIRTIO_INPUT_PRODUCT_TABLET);
    set_buttons(vinput);
    set_ev_bit(vinput, EV_REL, REL_WHEEL);
    set_ev_bit(vinput, EV_ABS, ABS_X);
    set_ev_bit(vinput, EV_ABS, ABS_Y);
    virtio_input_set_abs_info(vinput, ABS_X, INPUT_EVENT_ABS_MIN,
                              INPUT_EVENT_ABS_MAX, 0, 0, 0);
    virtio_input_set_abs_info(vinput, ABS_Y, INPUT_EVENT_ABS_MIN,
                              INPUT_EVENT_ABS_MAX, 0, 0, 0);
}

static void hid_realize(DeviceState *dev, Error **errp)
{
    VirtIOInputHID *hid = VIRTIO_INPUT_HID(dev);
    VirtIOInputHIDClass *hc = VIRTIO_INPUT_HID_GET_CLASS(dev);

    hc->setup(VIRTIO_INPUT(dev));
    hid->hs = input_handler_register(dev, hc->handler);
}

static void hid_unrealize(DeviceState *dev)
{
    VirtIOInputHID *hid = VIRTIO_INPUT_HID(dev);

    input_handler_unregister(hid->hs);
    hid->hs = NULL;
}

static const Property hid_properties[] = {
    DEFINE_PROP_STRING("display", VirtIOInputHID, display),
    DEFINE_PROP_UINT32("head", VirtIOInputHID, head, 0),
};

static void hid_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    VirtIOInputClass *vic = VIRTIO_INPUT_CLASS(oc);

    device_class_set_props(dc, hid_properties);
    vic->realize = hid_realize;
    vic->unrealize = hid_unrealize;
    vic->handle_status = hid_handle_status;
}

static const InputHandler keyboard_handler = {
    .name = VIRTIO_KEYBOARD_NAME,
    .mask = INPUT_EVENT_MASK_KEY,
    .event = hid_event,
    .sync = hid_sync,
};

static const InputHandler mouse_handler = {
    .name = VIRTIO_MOUSE_NAME,
    .mask = INPUT_EVENT_MASK_BTN | INPUT_EVENT_MASK_REL,
    .event = hid_event,
    .sync = hid_sync,
};

static const InputHandler tablet_handler = {
    .name = VIRTIO_TABLET_NAME,
    .mask = INPUT_EVENT_MASK_BTN | INPUT_EVENT_MASK_ABS,
    .event = hid_event,
    .sync = hid_sync,
};

static void keyboard_class_init(ObjectClass *oc, void *data)
{
    VirtIOInputHIDClass *hc = VIRTIO_INPUT_HID_CLASS(oc);

    hc->handler = &keyboard_handler;
    hc->setup = keyboard_setup;
}

static void mouse_class_init(ObjectClass *oc, void *data)
{
    VirtIOInputHIDClass *hc = VIRTIO_INPUT_HID_CLASS(oc);

    hc->handler = &mouse_handler;
    hc->setup = mouse_setup;
}

static void tablet_class_init(ObjectClass *oc, void *data)
{
    VirtIOInputHIDClass *hc = VIRTIO_INPUT_HID_CLASS(oc);

    hc->handler = &tablet_handler;
    hc->setup = tablet_setup;
}

static const TypeInfo hid_types[] = {
    {
        .name = TYPE_VIRTIO_INPUT_HID,
        .parent = TYPE_VIRTIO_INPUT,
        .instance_size = sizeof(VirtIOInputHID),
        .class_size = sizeof(VirtIOInputHIDClass),
        .class_init = hid_class_init,
        .abstract = true,
    }, {
        .name = TYPE_VIRTIO_KEYBOARD,
        .parent = TYPE_VIRTIO_INPUT_HID,
        .class_init = keyboard_class_init,
    }, {
        .name = TYPE_VIRTIO_MOUSE,
        .parent = TYPE_VIRTIO_INPUT_HID,
        .class_init = mouse_class_init,
    }, {
        .name = TYPE_VIRTIO_TABLET,
        .parent = TYPE_VIRTIO_INPUT_HID,
        .class_init = tablet_class_init,
    },
};

static void hid_register_types(void)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(hid_types); i++) {
        type_register_static(&hid_types[i]);
    }
}

type_init(hid_register_types)
