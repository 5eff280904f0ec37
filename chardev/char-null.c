/*
 * The null chardev: output vanishes, input never comes.
 */
#include "util/osdep.h"
#include "chardev/char-io.h"
#include "util/module.h"

static void null_chr_open(Chardev *chr, const QDict *data, bool *be_opened,
                          Error **errp)
{
    /* Nobody is on the other side, so nobody ever "connects". */
    *be_opened = false;
}

static int null_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    return len;
}

static void null_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->backend_name = "null";
    cc->open = null_chr_open;
    cc->chr_write = null_chr_write;
}

static const TypeInfo null_chardev_types[] = {
    {
        .name = TYPE_CHARDEV_NULL,
        .parent = TYPE_CHARDEV,
        .instance_size = sizeof(Chardev),
        .class_init = null_chr_class_init,
    },
};

DEFINE_TYPES(null_chardev_types)
