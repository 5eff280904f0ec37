/*
 * QMP commands on character devices: query-chardev, chardev-add,
 * chardev-remove, and ringbuf-write/ringbuf-read for ringbuf chardevs.
 */
#include "util/osdep.h"
#include "util/base64.h"
#include "chardev/char.h"
#include "monitor/qmp.h"

static void qmp_query_chardev(const QDict *args, QObject **ret,
                              Error **errp)
{
    *ret = QOBJECT(chardev_query());
}

static void qmp_chardev_add(const QDict *args, QObject **ret, Error **errp)
{
    Chardev *chr = chardev_new_from_backend(qdict_get_try_str(args, "id"),
                                            qdict_get_qdict(args, "backend"),
                                            errp);

    if (chr) {
        *ret = QOBJECT(chardev_add_return(chr));
    }
}

static void qmp_chardev_remove(const QDict *args, QObject **ret,
                               Error **errp)
{
    chardev_remove(qdict_get_try_str(args, "id"), errp);
}

/* "format": "utf8" (the default) or "base64", as qemu's DataFormat. */
static bool data_format_is_base64(const QDict *args, Error **errp)
{
    const char *format = qdict_get_try_str(args, "format");

    if (!format || !strcmp(format, "utf8")) {
        return false;
    }
    if (!strcmp(format, "base64")) {
        return true;
    }
    error_setg(errp, "Parameter 'format' does not accept value '%s'",
               format);
    return false;
}

static void qmp_ringbuf_write(const QDict *args, QObject **ret,
                              Error **errp)
{
    Chardev *chr = chardev_find_ringbuf(qdict_get_try_str(args, "device"),
                                        errp);
    const char *data = qdict_get_try_str(args, "data");
    Error *local_err = NULL;
    bool base64;

    if (!chr) {
        return;
    }
    base64 = data_format_is_base64(args, &local_err);
    if (local_err) {
        error_propagate(errp, local_err);
        return;
    }
    if (base64) {
        gsize len;
        g_autofree guchar *bytes = base64_decode_checked(data, &len, errp);

        if (bytes) {
            chardev_ringbuf_write(chr, bytes, len);
        }
    } else {
        chardev_ringbuf_write(chr, (const uint8_t *)data, strlen(data));
    }
}

static void qmp_ringbuf_read(const QDict *args, QObject **ret, Error **errp)
{
    Chardev *chr = chardev_find_ringbuf(qdict_get_try_str(args, "device"),
                                        errp);
    int64_t size = qdict_get_try_int(args, "size", 0);
    Error *local_err = NULL;
    g_autoptr(GByteArray) data = NULL;
    bool base64;

    if (!chr) {
        return;
    }
    base64 = data_format_is_base64(args, &local_err);
    if (local_err) {
        error_propagate(errp, local_err);
        return;
    }
    if (size <= 0) {
        error_setg(errp, "size must be greater than zero");
        return;
    }
    data = chardev_ringbuf_read(chr, size);
    if (base64) {
        g_autofree char *text = g_base64_encode(data->data, data->len);
        *ret = QOBJECT(qstring_from_str(text));
    } else {
        /*
         * Like qemu, utf8 output replaces what is not valid UTF-8.  An
         * empty ring gives an array whose data pointer may be NULL, which
         * g_utf8_make_valid() refuses.
         */
        const char *bytes = data->len ? (const char *)data->data : "";
        g_autofree char *text = g_utf8_make_valid(bytes, data->len);
        *ret = QOBJECT(qstring_from_str(text));
    }
}

static const QmpArgSpec chardev_add_args[] = {
    { "id", QMP_ARG_STR },
    { "backend", QMP_ARG_DICT },
    { NULL }
};

static const QmpArgSpec id_args[] = {
    { "id", QMP_ARG_STR },
    { NULL }
};

static const QmpArgSpec ringbuf_write_args[] = {
    { "device", QMP_ARG_STR },
    { "data", QMP_ARG_STR },
    { "format", QMP_ARG_STR, .optional = true },
    { NULL }
};

static const QmpArgSpec ringbuf_read_args[] = {
    { "device", QMP_ARG_STR },
    { "size", QMP_ARG_INT },
    { "format", QMP_ARG_STR, .optional = true },
    { NULL }
};

static void qmp_chardev_register(void)
{
    qmp_register_command("query-chardev", qmp_query_chardev, NULL,
                         QMP_ALLOW_PRECONFIG);
    qmp_register_command("chardev-add", qmp_chardev_add, chardev_add_args,
                         0);
    qmp_register_command("chardev-remove", qmp_chardev_remove, id_args, 0);
    qmp_register_command("ringbuf-write", qmp_ringbuf_write,
                         ringbuf_write_args, 0);
    qmp_register_command("ringbuf-read", qmp_ringbuf_read,
                         ringbuf_read_args, 0);
}

qmp_init(qmp_chardev_register)
