/*
 * QMP input-send-event: inject keyboard, button and pointer events into
 * the emulated input devices through the input routing layer
 * (include/hw/input/input-core.h).  The argument checks and their
 * messages follow qemu's schema (InputEvent, KeyValue, QKeyCode,
 * InputButton, InputAxis), with "events[N].data..." paths.
 */
#include "util/osdep.h"
#include "util/error.h"
#include "hw/core/qdev.h"
#include "hw/input/input-core.h"
#include "system/runstate.h"
#include "monitor/qmp.h"

/* Fetch member @key of @dict (at @path) with type @type. */
static QObject *member(const QDict *dict, const char *path, const char *key,
                       QType type, const char *type_name, Error **errp)
{
    QObject *v = qdict_get(dict, key);

    if (!v) {
        error_setg(errp, "Parameter '%s.%s' is missing", path, key);
        return NULL;
    }
    if (qobject_type(v) != type) {
        error_setg(errp, "Invalid parameter type for '%s.%s', expected: %s",
                   path, key, type_name);
        return NULL;
    }
    return v;
}

/* Refuse members not in @allowed (NULL-terminated). */
static bool only_members(const QDict *dict, const char *path,
                         const char *const *allowed, Error **errp)
{
    const QDictEntry *e;

    for (e = qdict_first(dict); e; e = qdict_next(dict, e)) {
        const char *const *a;

        for (a = allowed; *a && strcmp(*a, qdict_entry_key(e)); a++) {
            /* search */
        }
        if (!*a) {
            error_setg(errp, "Parameter '%s.%s' is unexpected", path,
                       qdict_entry_key(e));
            return false;
        }
    }
    return true;
}

static bool get_bool(const QDict *d, const char *path, const char *key,
                     bool *out, Error **errp)
{
    QObject *v = member(d, path, key, QTYPE_QBOOL, "boolean", errp);

    if (v) {
        *out = qbool_get_bool(qobject_to(QBool, v));
    }
    return v != NULL;
}

static bool get_int(const QDict *d, const char *path, const char *key,
                    int64_t *out, Error **errp)
{
    QObject *v = member(d, path, key, QTYPE_QNUM, "integer", errp);

    if (v && !qnum_get_try_int(qobject_to(QNum, v), out)) {
        error_setg(errp, "Invalid parameter type for '%s.%s', expected: "
                   "integer", path, key);
        return false;
    }
    return v != NULL;
}

static const char *get_str(const QDict *d, const char *path,
                           const char *key, Error **errp)
{
    QObject *v = member(d, path, key, QTYPE_QSTRING, "string", errp);

    return v ? qstring_get_str(qobject_to(QString, v)) : NULL;
}

static const QDict *get_dict(const QDict *d, const char *path,
                             const char *key, Error **errp)
{
    QObject *v = member(d, path, key, QTYPE_QDICT, "object", errp);

    return v ? qobject_to(QDict, v) : NULL;
}

/* KeyValue: {"type": "qcode"|"number", "data": ...}. */
static bool parse_key(const QDict *kv, const char *path, unsigned int *code,
                      bool *known, Error **errp)
{
    static const char *const allowed[] = { "type", "data", NULL };
    const char *type = get_str(kv, path, "type", errp);

    if (!type) {
        return false;
    }
    if (!strcmp(type, "qcode")) {
        const char *name = get_str(kv, path, "data", errp);

        if (!name || !only_members(kv, path, allowed, errp)) {
            return false;
        }
        if (!input_qcode_to_linux(name, code)) {
            error_setg(errp, "Parameter 'data' does not accept value '%s'",
                       name);
            return false;
        }
        *known = true;
        return true;
    }
    if (!strcmp(type, "number")) {
        int64_t num;

        if (!get_int(kv, path, "data", &num, errp) ||
            !only_members(kv, path, allowed, errp)) {
            return false;
        }
        /* qemu ignores numbers that name no key. */
        *known = input_qnum_to_linux(num, code);
        return true;
    }
    error_setg(errp, "Parameter 'type' does not accept value '%s'", type);
    return false;
}

/* One InputEvent; *skip is set for a key number that names no key. */
static bool parse_event(QObject *obj, int idx, InputEvent *evt, bool *skip,
                        Error **errp)
{
    static const char *const top[] = { "type", "data", NULL };
    static const char *const key_m[] = { "key", "down", NULL };
    static const char *const btn_m[] = { "button", "down", NULL };
    static const char *const move_m[] = { "axis", "value", NULL };
    g_autofree char *path = g_strdup_printf("events[%d]", idx);
    g_autofree char *dpath = g_strdup_printf("events[%d].data", idx);
    const QDict *ev, *data;
    const char *type, *name;

    if (qobject_type(obj) != QTYPE_QDICT) {
        error_setg(errp, "Invalid parameter type for '%s', expected: object",
                   path);
        return false;
    }
    ev = qobject_to(QDict, obj);
    type = get_str(ev, path, "type", errp);
    if (!type) {
        return false;
    }
    if (!input_event_kind_parse(type, &evt->kind)) {
        error_setg(errp, "Parameter 'type' does not accept value '%s'", type);
        return false;
    }
    data = get_dict(ev, path, "data", errp);
    if (!data || !only_members(ev, path, top, errp)) {
        return false;
    }
    *skip = false;
    switch (evt->kind) {
    case INPUT_EVENT_KIND_KEY: {
        g_autofree char *kpath = g_strdup_printf("%s.key", dpath);
        const QDict *kv = get_dict(data, dpath, "key", errp);
        bool known = false;

        if (!kv || !parse_key(kv, kpath, &evt->u.key.code, &known, errp) ||
            !get_bool(data, dpath, "down", &evt->u.key.down, errp) ||
            !only_members(data, dpath, key_m, errp)) {
            return false;
        }
        *skip = !known;
        return true;
    }
    case INPUT_EVENT_KIND_BTN:
        name = get_str(data, dpath, "button", errp);
        if (!name) {
            return false;
        }
        if (!input_button_parse(name, &evt->u.btn.button)) {
            error_setg(errp, "Parameter 'button' does not accept value '%s'",
                       name);
            return false;
        }
        return get_bool(data, dpath, "down", &evt->u.btn.down, errp) &&
               only_members(data, dpath, btn_m, errp);
    default:
        name = get_str(data, dpath, "axis", errp);
        if (!name) {
            return false;
        }
        if (!input_axis_parse(name, &evt->u.move.axis)) {
            error_setg(errp, "Parameter 'axis' does not accept value '%s'",
                       name);
            return false;
        }
        return get_int(data, dpath, "value", &evt->u.move.value, errp) &&
               only_members(data, dpath, move_m, errp);
    }
}

/*
 * "device" names an input device by id: the device itself or, for a
 * transport proxy such as virtio-keyboard-pci, its virtio back end.
 * qemu routes through the device's display console; Corvid has no
 * consoles, so a device that takes input is its own target, and any
 * other device gets qemu's "not bound" error.
 */
static DeviceState *find_target(const char *id, int64_t head, Error **errp)
{
    DeviceState *dev = qdev_find_by_id(id);
    Object *backend;

    if (!dev) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                  "Device '%s' not found", id);
        return NULL;
    }
    if (input_device_has_handler(dev)) {
        return dev;
    }
    backend = object_resolve_path_component(OBJECT(dev), "virtio-backend");
    if (backend && object_dynamic_cast(backend, TYPE_DEVICE) &&
        input_device_has_handler(DEVICE(backend))) {
        return DEVICE(backend);
    }
    error_setg(errp, "Device %s (head %" PRId64 ") is not bound to a "
               "QemuConsole", id, head);
    return NULL;
}

static void qmp_input_send_event(const QDict *args, QObject **ret,
                                 Error **errp)
{
    QList *list = qdict_get_qlist(args, "events");
    const char *device = qdict_get_try_str(args, "device");
    int64_t head = qdict_get_try_int(args, "head", 0);
    size_t n = list ? qlist_size(list) : 0;
    g_autofree InputEvent *evts = g_new0(InputEvent, n ? n : 1);
    size_t i, count = 0;
    DeviceState *target = NULL;

    for (i = 0; i < n; i++) {
        bool skip = false;

        if (!parse_event(qlist_get(list, i), i, &evts[count], &skip,
                         errp)) {
            return;
        }
        if (!skip) {
            count++;
        }
    }
    if (device) {
        target = find_target(device, head, errp);
        if (!target) {
            return;
        }
    }
    if (!runstate_is_running()) {
        error_setg(errp, "VM not running");
        return;
    }
    for (i = 0; i < count; i++) {
        if (!input_handler_exists(evts[i].kind)) {
            error_setg(errp, "Input handler not found for event type %s",
                       input_event_kind_name(evts[i].kind));
            return;
        }
    }
    input_events_send(target, evts, count);
}

static const QmpArgSpec input_send_event_args[] = {
    { "device", QMP_ARG_STR, true },
    { "head", QMP_ARG_INT, true },
    { "events", QMP_ARG_LIST, false },
    { NULL }
};

static void qmp_input_register(void)
{
    qmp_register_command("input-send-event", qmp_input_send_event,
                         input_send_event_args, 0);
}

qmp_init(qmp_input_register)
