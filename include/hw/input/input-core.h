/*
 * Input event routing: the path from an injector (QMP input-send-event)
 * to the emulated input devices, in the spirit of qemu's input layer.
 *
 * Devices register a handler saying which kinds of event they take.  An
 * event without a target goes to the most recently registered handler
 * that takes its kind; an event aimed at one device goes to that
 * device's handler when it takes the kind, else it is routed as if it
 * had no target.  After a batch, every handler that received something
 * gets one sync call (for virtio-input: an EV_SYN report).
 *
 * Keys travel as Linux input key codes (linux/input-event-codes.h),
 * which is what virtio-input hands to the guest; the qcode tables below
 * convert from qemu's names and numbers.
 */
#ifndef HW_INPUT_INPUT_CORE_H
#define HW_INPUT_INPUT_CORE_H

#include "hw/core/qdev.h"

typedef enum InputEventKind {
    INPUT_EVENT_KIND_KEY,
    INPUT_EVENT_KIND_BTN,
    INPUT_EVENT_KIND_REL,
    INPUT_EVENT_KIND_ABS,
    INPUT_EVENT_KIND__MAX,
} InputEventKind;

#define INPUT_EVENT_MASK_KEY (1u << INPUT_EVENT_KIND_KEY)
#define INPUT_EVENT_MASK_BTN (1u << INPUT_EVENT_KIND_BTN)
#define INPUT_EVENT_MASK_REL (1u << INPUT_EVENT_KIND_REL)
#define INPUT_EVENT_MASK_ABS (1u << INPUT_EVENT_KIND_ABS)

/* qemu's InputButton enumeration, in its order. */
typedef enum InputButton {
    INPUT_BUTTON_LEFT,
    INPUT_BUTTON_MIDDLE,
    INPUT_BUTTON_RIGHT,
    INPUT_BUTTON_WHEEL_UP,
    INPUT_BUTTON_WHEEL_DOWN,
    INPUT_BUTTON_SIDE,
    INPUT_BUTTON_EXTRA,
    INPUT_BUTTON_WHEEL_LEFT,
    INPUT_BUTTON_WHEEL_RIGHT,
    INPUT_BUTTON_TOUCH,
    INPUT_BUTTON__MAX,
} InputButton;

typedef enum InputAxis {
    INPUT_AXIS_X,
    INPUT_AXIS_Y,
    INPUT_AXIS__MAX,
} InputAxis;

/* Absolute coordinates span 0 .. INPUT_EVENT_ABS_MAX (qemu's range). */
#define INPUT_EVENT_ABS_MIN 0
#define INPUT_EVENT_ABS_MAX 0x7fff

typedef struct InputEvent {
    InputEventKind kind;
    union {
        struct {
            unsigned int code;      /* Linux key code */
            bool down;
        } key;
        struct {
            InputButton button;
            bool down;
        } btn;
        struct {
            InputAxis axis;
            int64_t value;
        } move;                     /* REL and ABS */
    } u;
} InputEvent;

typedef struct InputHandler {
    const char *name;
    unsigned int mask;              /* INPUT_EVENT_MASK_* it takes */
    void (*event)(DeviceState *dev, const InputEvent *evt);
    void (*sync)(DeviceState *dev);
} InputHandler;

typedef struct InputHandlerState InputHandlerState;

/* Register @dev's handler (newest first in routing); never NULL. */
InputHandlerState *input_handler_register(DeviceState *dev,
                                          const InputHandler *handler);
void input_handler_unregister(InputHandlerState *s);
/* Whether some handler takes events of @kind. */
bool input_handler_exists(InputEventKind kind);
/* Whether @dev registered a handler. */
bool input_device_has_handler(DeviceState *dev);

/* Route @n events (to @target first when not NULL), then sync. */
void input_events_send(DeviceState *target, const InputEvent *evts,
                       size_t n);

/* Names of the kinds, buttons and axes as QMP spells them. */
const char *input_event_kind_name(InputEventKind kind);
bool input_event_kind_parse(const char *name, InputEventKind *kind);
bool input_button_parse(const char *name, InputButton *button);
bool input_axis_parse(const char *name, InputAxis *axis);

/*
 * qemu key names ("qcode", e.g. "a", "ret", "shift_r") and key numbers
 * (qemu's "number": the PC scancode, 0x80 added for 0xe0-prefixed keys)
 * to Linux key codes.  Only the keys Corvid maps are known: letters,
 * digits, punctuation, modifiers, editing and arrow keys, function
 * keys and the keypad.  Return false for an unknown name or number.
 */
bool input_qcode_to_linux(const char *qcode, unsigned int *code);
bool input_qnum_to_linux(int64_t qnum, unsigned int *code);
/* Call @fn for every Linux key code the table knows. */
void input_foreach_linux_key(void (*fn)(unsigned int code, void *opaque),
                             void *opaque);

#endif
