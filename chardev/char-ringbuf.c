/*
 * The ringbuf chardev ("memory" is another name for it): what the front
 * end writes is kept in a ring of a power-of-two size, the oldest bytes
 * giving way, until ringbuf-read takes it out.
 */
#include "util/osdep.h"
#include "chardev/char-io.h"
#include "util/module.h"
#include "util/cutils.h"

#define RINGBUF_DEFAULT_SIZE (64 * KiB)
/*
 * qemu allocates whatever size it is given and aborts if it cannot; a
 * bound keeps a typo ("size=8E") an error instead.
 */
#define RINGBUF_MAX_SIZE (1 * GiB)

typedef struct RingbufChardev {
    Chardev parent_obj;
    uint64_t size;          /* a power of two */
    uint64_t prod;          /* bytes ever written */
    uint64_t cons;          /* bytes ever consumed or overwritten */
    uint8_t *buf;
} RingbufChardev;

#define RINGBUF_CHARDEV(obj) \
    OBJECT_CHECK(RingbufChardev, (obj), TYPE_CHARDEV_RINGBUF)

static const ChardevMember ringbuf_members[] = {
    CHARDEV_COMMON_MEMBERS,
    { "size", CHARDEV_MEMBER_INT, false },
    { NULL }
};

static void ringbuf_too_big(Error **errp)
{
    g_autofree char *max = size_to_str(RINGBUF_MAX_SIZE);

    error_setg(errp, "size of ringbuf chardev must not exceed %s", max);
}

static QDict *ringbuf_chr_parse(const QDict *opts, Error **errp)
{
    QDict *data = qdict_new();

    if (chardev_opt_has(opts, "size")) {
        uint64_t size = chardev_opt_uint(opts, "size", 0);

        if (size > RINGBUF_MAX_SIZE) {
            ringbuf_too_big(errp);
            qobject_unref(data);
            return NULL;
        }
        qdict_put_int(data, "size", size);
    }
    return data;
}

static void ringbuf_chr_open(Chardev *chr, const QDict *data,
                             bool *be_opened, Error **errp)
{
    RingbufChardev *s = RINGBUF_CHARDEV(chr);
    int64_t size = qdict_get_try_int(data, "size", RINGBUF_DEFAULT_SIZE);

    /* 0 too: qemu takes it, and then writes outside its buffer. */
    if (size <= 0 || (size & (size - 1))) {
        error_setg(errp, "size of ringbuf chardev must be power of two");
        return;
    }
    if (size > (int64_t)RINGBUF_MAX_SIZE) {
        ringbuf_too_big(errp);
        return;
    }
    s->buf = g_try_malloc0(size);
    if (!s->buf) {
        error_setg(errp, "Could not allocate %" PRId64 " bytes for the "
                   "ringbuf", size);
        return;
    }
    s->size = size;
}

/* Called with the write lock held. */
static void ringbuf_put(RingbufChardev *s, const uint8_t *buf, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        s->buf[s->prod++ & (s->size - 1)] = buf[i];
        if (s->prod - s->cons > s->size) {
            s->cons = s->prod - s->size;
        }
    }
}

static int ringbuf_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    ringbuf_put(RINGBUF_CHARDEV(chr), buf, len);
    return len;
}

Chardev *chardev_find_ringbuf(const char *id, Error **errp)
{
    Chardev *chr = chardev_find(id);

    if (!chr) {
        error_setg(errp, "Device '%s' not found", id);
        return NULL;
    }
    if (!object_dynamic_cast(OBJECT(chr), TYPE_CHARDEV_RINGBUF)) {
        error_setg(errp, "%s is not a ringbuf device", id);
        return NULL;
    }
    return chr;
}

GByteArray *chardev_ringbuf_read(Chardev *chr, size_t max)
{
    RingbufChardev *s = RINGBUF_CHARDEV(chr);
    GByteArray *out = g_byte_array_new();
    uint64_t n, i;

    g_mutex_lock(&chr->write_lock);
    n = MIN((uint64_t)max, s->prod - s->cons);
    g_byte_array_set_size(out, n);
    for (i = 0; i < n; i++) {
        out->data[i] = s->buf[s->cons++ & (s->size - 1)];
    }
    g_mutex_unlock(&chr->write_lock);
    return out;
}

void chardev_ringbuf_write(Chardev *chr, const uint8_t *buf, size_t len)
{
    RingbufChardev *s = RINGBUF_CHARDEV(chr);

    g_mutex_lock(&chr->write_lock);
    ringbuf_put(s, buf, len);
    g_mutex_unlock(&chr->write_lock);
}

static void ringbuf_chr_finalize(Object *obj)
{
    g_free(RINGBUF_CHARDEV(obj)->buf);
}

static void ringbuf_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->backend_name = data ? data : "ringbuf";
    cc->members = ringbuf_members;
    cc->parse = ringbuf_chr_parse;
    cc->open = ringbuf_chr_open;
    cc->chr_write = ringbuf_chr_write;
}

static const TypeInfo ringbuf_chardev_types[] = {
    {
        .name = TYPE_CHARDEV_RINGBUF,
        .parent = TYPE_CHARDEV,
        .instance_size = sizeof(RingbufChardev),
        .instance_finalize = ringbuf_chr_finalize,
        .class_init = ringbuf_chr_class_init,
    },
    {
        .name = TYPE_CHARDEV_MEMORY,
        .parent = TYPE_CHARDEV_RINGBUF,
        .class_init = ringbuf_chr_class_init,
        .class_data = (void *)"memory",
    },
};

DEFINE_TYPES(ringbuf_chardev_types)
