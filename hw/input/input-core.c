/*
 * Input event routing (include/hw/input/input-core.h): the registry of
 * input device handlers, the routing of injected events to them, and
 * the key name/number tables.
 */
#include "util/osdep.h"
#include "hw/input/input-core.h"

struct InputHandlerState {
    DeviceState *dev;
    const InputHandler *handler;
    bool touched;                   /* received an event in this batch */
};

/* Newest first: the last registered device wins, as in qemu. */
static GList *input_handlers;

InputHandlerState *input_handler_register(DeviceState *dev,
                                          const InputHandler *handler)
{
    InputHandlerState *s = g_new0(InputHandlerState, 1);

    s->dev = dev;
    s->handler = handler;
    input_handlers = g_list_prepend(input_handlers, s);
    return s;
}

void input_handler_unregister(InputHandlerState *s)
{
    if (s) {
        input_handlers = g_list_remove(input_handlers, s);
        g_free(s);
    }
}

static InputHandlerState *find_handler(DeviceState *dev, unsigned int mask)
{
    GList *l;

    for (l = input_handlers; l; l = l->next) {
        InputHandlerState *s = l->data;

        if ((!dev || s->dev == dev) && (s->handler->mask & mask)) {
            return s;
        }
    }
    return NULL;
}

bool input_handler_exists(InputEventKind kind)
{
    return find_handler(NULL, 1u << kind) != NULL;
}

bool input_device_has_handler(DeviceState *dev)
{
    GList *l;

    for (l = input_handlers; l; l = l->next) {
        if (((InputHandlerState *)l->data)->dev == dev) {
            return true;
        }
    }
    return false;
}

void input_events_send(DeviceState *target, const InputEvent *evts,
                       size_t n)
{
    GList *l;
    size_t i;

    for (i = 0; i < n; i++) {
        unsigned int mask = 1u << evts[i].kind;
        InputHandlerState *s = target ? find_handler(target, mask) : NULL;

        if (!s) {
            s = find_handler(NULL, mask);
        }
        if (s) {
            s->handler->event(s->dev, &evts[i]);
            s->touched = true;
        }
    }
    for (l = input_handlers; l; l = l->next) {
        InputHandlerState *s = l->data;

        if (s->touched) {
            s->touched = false;
            if (s->handler->sync) {
                s->handler->sync(s->dev);
            }
        }
    }
}

static const char *const kind_names[INPUT_EVENT_KIND__MAX] = {
    [INPUT_EVENT_KIND_KEY] = "key",
    [INPUT_EVENT_KIND_BTN] = "btn",
    [INPUT_EVENT_KIND_REL] = "rel",
    [INPUT_EVENT_KIND_ABS] = "abs",
};

static const char *const button_names[INPUT_BUTTON__MAX] = {
    [INPUT_BUTTON_LEFT] = "left",
    [INPUT_BUTTON_MIDDLE] = "middle",
    [INPUT_BUTTON_RIGHT] = "right",
    [INPUT_BUTTON_WHEEL_UP] = "wheel-up",
    [INPUT_BUTTON_WHEEL_DOWN] = "wheel-down",
    [INPUT_BUTTON_SIDE] = "side",
    [INPUT_BUTTON_EXTRA] = "extra",
    [INPUT_BUTTON_WHEEL_LEFT] = "wheel-left",
    [INPUT_BUTTON_WHEEL_RIGHT] = "wheel-right",
    [INPUT_BUTTON_TOUCH] = "touch",
};

static const char *const axis_names[INPUT_AXIS__MAX] = {
    [INPUT_AXIS_X] = "x",
    [INPUT_AXIS_Y] = "y",
};

static int lookup(const char *const *names, int n, const char *name)
{
    int i;

    for (i = 0; i < n; i++) {
        if (!strcmp(names[i], name)) {
            return i;
        }
    }
    return -1;
}

const char *input_event_kind_name(InputEventKind kind)
{
    return kind < INPUT_EVENT_KIND__MAX ? kind_names[kind] : "?";
}

bool input_event_kind_parse(const char *name, InputEventKind *kind)
{
    int i = lookup(kind_names, INPUT_EVENT_KIND__MAX, name);

    *kind = i;
    return i >= 0;
}

bool input_button_parse(const char *name, InputButton *button)
{
    int i = lookup(button_names, INPUT_BUTTON__MAX, name);

    *button = i;
    return i >= 0;
}

bool input_axis_parse(const char *name, InputAxis *axis)
{
    int i = lookup(axis_names, INPUT_AXIS__MAX, name);

    *axis = i;
    return i >= 0;
}

/*
 * The key table.  qnum is the PC (set 1) scancode, plus 0x80 for the
 * keys sent with an 0xe0 prefix; linux is KEY_* from
 * linux/input-event-codes.h.
 */
typedef struct KeyMapEntry {
    const char *qcode;
    uint16_t qnum;
    uint16_t linux_code;
} KeyMapEntry;

static const KeyMapEntry key_map[] = {
    { "esc", 0x01, 1 },
    { "1", 0x02, 2 }, { "2", 0x03, 3 }, { "3", 0x04, 4 },
    { "4", 0x05, 5 }, { "5", 0x06, 6 }, { "6", 0x07, 7 },
    { "7", 0x08, 8 }, { "8", 0x09, 9 }, { "9", 0x0a, 10 },
    { "0", 0x0b, 11 },
    { "minus", 0x0c, 12 }, { "equal", 0x0d, 13 },
    { "backspace", 0x0e, 14 }, { "tab", 0x0f, 15 },
    { "q", 0x10, 16 }, { "w", 0x11, 17 }, { "e", 0x12, 18 },
    { "r", 0x13, 19 }, { "t", 0x14, 20 }, { "y", 0x15, 21 },
    { "u", 0x16, 22 }, { "i", 0x17, 23 }, { "o", 0x18, 24 },
    { "p", 0x19, 25 },
    { "bracket_left", 0x1a, 26 }, { "bracket_right", 0x1b, 27 },
    { "ret", 0x1c, 28 }, { "ctrl", 0x1d, 29 },
    { "a", 0x1e, 30 }, { "s", 0x1f, 31 }, { "d", 0x20, 32 },
    { "f", 0x21, 33 }, { "g", 0x22, 34 }, { "h", 0x23, 35 },
    { "j", 0x24, 36 }, { "k", 0x25, 37 }, { "l", 0x26, 38 },
    { "semicolon", 0x27, 39 }, { "apostrophe", 0x28, 40 },
    { "grave_accent", 0x29, 41 }, { "shift", 0x2a, 42 },
    { "backslash", 0x2b, 43 },
    { "z", 0x2c, 44 }, { "x", 0x2d, 45 }, { "c", 0x2e, 46 },
    { "v", 0x2f, 47 }, { "b", 0x30, 48 }, { "n", 0x31, 49 },
    { "m", 0x32, 50 },
    { "comma", 0x33, 51 }, { "dot", 0x34, 52 }, { "slash", 0x35, 53 },
    { "shift_r", 0x36, 54 }, { "kp_multiply", 0x37, 55 },
    { "alt", 0x38, 56 }, { "spc", 0x39, 57 }, { "caps_lock", 0x3a, 58 },
    { "f1", 0x3b, 59 }, { "f2", 0x3c, 60 }, { "f3", 0x3d, 61 },
    { "f4", 0x3e, 62 }, { "f5", 0x3f, 63 }, { "f6", 0x40, 64 },
    { "f7", 0x41, 65 }, { "f8", 0x42, 66 }, { "f9", 0x43, 67 },
    { "f10", 0x44, 68 },
    { "num_lock", 0x45, 69 }, { "scroll_lock", 0x46, 70 },
    { "kp_7", 0x47, 71 }, { "kp_8", 0x48, 72 }, { "kp_9", 0x49, 73 },
    { "kp_subtract", 0x4a, 74 },
    { "kp_4", 0x4b, 75 }, { "kp_5", 0x4c, 76 }, { "kp_6", 0x4d, 77 },
    { "kp_add", 0x4e, 78 },
    { "kp_1", 0x4f, 79 }, { "kp_2", 0x50, 80 }, { "kp_3", 0x51, 81 },
    { "kp_0", 0x52, 82 }, { "kp_decimal", 0x53, 83 },
    { "less", 0x56, 86 },
    { "f11", 0x57, 87 }, { "f12", 0x58, 88 },
    { "kp_enter", 0x9c, 96 }, { "ctrl_r", 0x9d, 97 },
    { "kp_divide", 0xb5, 98 }, { "print", 0xb7, 99 },
    { "alt_r", 0xb8, 100 },
    { "home", 0xc7, 102 }, { "up", 0xc8, 103 }, { "pgup", 0xc9, 104 },
    { "left", 0xcb, 105 }, { "right", 0xcd, 106 }, { "end", 0xcf, 107 },
    { "down", 0xd0, 108 }, { "pgdn", 0xd1, 109 },
    { "insert", 0xd2, 110 }, { "delete", 0xd3, 111 },
    { "pause", 0xc6, 119 },
    { "meta_l", 0xdb, 125 }, { "meta_r", 0xdc, 126 },
    { "menu", 0xdd, 127 },
};

bool input_qcode_to_linux(const char *qcode, unsigned int *code)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(key_map); i++) {
        if (!strcmp(key_map[i].qcode, qcode)) {
            *code = key_map[i].linux_code;
            return true;
        }
    }
    return false;
}

bool input_qnum_to_linux(int64_t qnum, unsigned int *code)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(key_map); i++) {
        if (key_map[i].qnum == qnum) {
            *code = key_map[i].linux_code;
            return true;
        }
    }
    return false;
}

void input_foreach_linux_key(void (*fn)(unsigned int code, void *opaque),
                             void *opaque)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(key_map); i++) {
        fn(key_map[i].linux_code, opaque);
    }
}
