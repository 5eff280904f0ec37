/*
 * virtio-input-device: the abstract virtio input device (device ID 18).
 * It owns the config selector window, the event queue (reports to the
 * guest) and the status queue (LED records from the guest); the
 * keyboard, mouse and tablet in virtio-input-hid.c fill in the config
 * and feed events.
 */
#include "util/osdep.h"
#include "util/error.h"
#include "util/error-report.h"
#include "util/module.h"
#include "hw/core/qdev-properties.h"
#include "hw/input/virtio-input.h"

/* Guest mistakes on the status queue are logged this many times. */
#define VIRTIO_INPUT_LOG_LIMIT 10

static void virtio_input_guest_error(VirtIOInput *vinput, const char *msg)
{
    static unsigned int logged;

    if (logged < VIRTIO_INPUT_LOG_LIMIT) {
        logged++;
        error_report("%s: guest error: %s",
                     object_get_typename(OBJECT(vinput)), msg);
    }
}

/* ---- config ----------------------------------------------------------- */

static VirtIOInputConfig *find_config(VirtIOInput *vinput, uint8_t select,
                                      uint8_t subsel)
{
    guint i;

    for (i = 0; i < vinput->configs->len; i++) {
        VirtIOInputConfig *c = &g_array_index(vinput->configs,
                                              VirtIOInputConfig, i);

        if (c->select == select && c->subsel == subsel) {
            return c;
        }
    }
    return NULL;
}

void virtio_input_add_config(VirtIOInput *vinput,
                             const VirtIOInputConfig *cfg)
{
    VirtIOInputConfig *c = find_config(vinput, cfg->select, cfg->subsel);

    g_assert(cfg->size <= VIRTIO_INPUT_CFG_U_SIZE);
    if (c) {
        *c = *cfg;
    } else {
        g_array_append_val(vinput->configs, *cfg);
    }
}

void virtio_input_set_string(VirtIOInput *vinput, uint8_t select,
                             const char *str)
{
    VirtIOInputConfig c = { .select = select };
    size_t len = MIN(strlen(str), (size_t)VIRTIO_INPUT_CFG_U_SIZE);

    /* Strings are not NUL-terminated: size says how long they are. */
    memcpy(c.u, str, len);
    c.size = len;
    virtio_input_add_config(vinput, &c);
}

void virtio_input_set_bit(VirtIOInput *vinput, uint8_t select,
                          uint8_t subsel, unsigned int bit)
{
    VirtIOInputConfig *c = find_config(vinput, select, subsel);
    VirtIOInputConfig fresh = { .select = select, .subsel = subsel };

    g_assert(bit < VIRTIO_INPUT_CFG_U_SIZE * 8);
    if (!c) {
        virtio_input_add_config(vinput, &fresh);
        c = find_config(vinput, select, subsel);
    }
    c->u[bit / 8] |= 1u << (bit % 8);
    /* A bitmap's size reaches its last nonzero byte. */
    c->size = MAX(c->size, bit / 8 + 1);
}

void virtio_input_set_abs_info(VirtIOInput *vinput, uint8_t axis,
                               uint32_t min, uint32_t max, uint32_t fuzz,
                               uint32_t flat, uint32_t res)
{
    VirtIOInputConfig c = {
        .select = VIRTIO_INPUT_CFG_ABS_INFO,
        .subsel = axis,
        .size = 5 * sizeof(uint32_t),
    };
    uint32_t v[5] = { min, max, fuzz, flat, res };
    unsigned int i;

    for (i = 0; i < 5; i++) {
        uint32_t le = GUINT32_TO_LE(v[i]);

        memcpy(c.u + i * sizeof(le), &le, sizeof(le));
    }
    virtio_input_add_config(vinput, &c);
}

static void virtio_input_get_config(VirtIODevice *vdev, uint8_t *config)
{
    VirtIOInput *vinput = VIRTIO_INPUT(vdev);
    VirtIOInputConfig *c = find_config(vinput, vinput->select,
                                       vinput->subsel);

    memset(config, 0, VIRTIO_INPUT_CFG_SIZE);
    config[VIRTIO_INPUT_CFG_OFF_SELECT] = vinput->select;
    config[VIRTIO_INPUT_CFG_OFF_SUBSEL] = vinput->subsel;
    /* Anything the device does not know answers with size 0. */
    if (c) {
        config[VIRTIO_INPUT_CFG_OFF_SIZE] = c->size;
        memcpy(config + VIRTIO_INPUT_CFG_OFF_U, c->u, c->size);
    }
}

/* The driver writes select and subsel; the rest is read-only. */
static void virtio_input_set_config(VirtIODevice *vdev,
                                    const uint8_t *config)
{
    VirtIOInput *vinput = VIRTIO_INPUT(vdev);

    vinput->select = config[VIRTIO_INPUT_CFG_OFF_SELECT];
    vinput->subsel = config[VIRTIO_INPUT_CFG_OFF_SUBSEL];
    virtio_input_get_config(vdev, vdev->config);
}

/* ---- event queue ------------------------------------------------------ */

/*
 * Send the held report: take one buffer per event; when the guest has
 * posted too few, put them back and drop the report (what qemu does:
 * the guest sees whole reports or nothing, never half a report).
 */
static void virtio_input_flush(VirtIOInput *vinput)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(vinput);
    VirtQueueElement *elems[VIRTIO_INPUT_BATCH_MAX];
    unsigned int n = vinput->nbatch;
    unsigned int got, i;

    vinput->nbatch = 0;
    if (!virtio_device_started(vdev) || !vinput->evt ||
        !virtio_queue_ready(vinput->evt)) {
        vinput->dropped += n;
        return;
    }
    for (got = 0; got < n; got++) {
        elems[got] = virtqueue_pop(vinput->evt, sizeof(VirtQueueElement));
        if (!elems[got]) {
            break;
        }
        if (iov_size(elems[got]->in_sg, elems[got]->in_num) <
            VIRTIO_INPUT_EVENT_SIZE) {
            /* Every buffer must hold a whole event (section 5.8.6). */
            virtqueue_detach_element(vinput->evt, elems[got], 0);
            g_free(elems[got]);
            while (got--) {
                virtqueue_detach_element(vinput->evt, elems[got], 0);
                g_free(elems[got]);
            }
            vinput->dropped += n;
            virtio_error(vdev, "eventq buffer too short for an event");
            return;
        }
    }
    if (got < n) {
        /* Put back in reverse order so the ring sees them unused. */
        while (got--) {
            virtqueue_unpop(vinput->evt, elems[got], 0);
            g_free(elems[got]);
        }
        vinput->dropped += n;
        return;
    }
    for (i = 0; i < n; i++) {
        uint8_t wire[VIRTIO_INPUT_EVENT_SIZE];
        uint16_t type = GUINT16_TO_LE(vinput->batch[i].type);
        uint16_t code = GUINT16_TO_LE(vinput->batch[i].code);
        uint32_t value = GUINT32_TO_LE(vinput->batch[i].value);

        memcpy(wire, &type, 2);
        memcpy(wire + 2, &code, 2);
        memcpy(wire + 4, &value, 4);
        iov_from_buf(elems[i]->in_sg, elems[i]->in_num, 0, wire,
                     sizeof(wire));
        virtqueue_fill(vinput->evt, elems[i], sizeof(wire), i);
    }
    virtqueue_flush(vinput->evt, n);
    for (i = 0; i < n; i++) {
        g_free(elems[i]);
    }
    virtio_notify(vdev, vinput->evt);
}

void virtio_input_send(VirtIOInput *vinput, const VirtIOInputEvent *evt)
{
    bool syn = evt->type == EV_SYN && evt->code == SYN_REPORT;

    if (syn || vinput->nbatch < VIRTIO_INPUT_BATCH_MAX - 1) {
        vinput->batch[vinput->nbatch++] = *evt;
    } else {
        vinput->dropped++;      /* keep the last slot for the EV_SYN */
    }
    if (syn) {
        virtio_input_flush(vinput);
    }
}

/* The driver posted event buffers: nothing waits for them (reports that
 * found no buffers were dropped), so there is nothing to do. */
static void virtio_input_handle_evt(VirtIODevice *vdev, VirtQueue *vq)
{
}

/* ---- status queue ----------------------------------------------------- */

static void virtio_input_handle_sts(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOInput *vinput = VIRTIO_INPUT(vdev);
    VirtIOInputClass *vic = VIRTIO_INPUT_GET_CLASS(vinput);
    VirtQueueElement *elem;

    while ((elem = virtqueue_pop(vq, sizeof(*elem)))) {
        uint8_t wire[VIRTIO_INPUT_EVENT_SIZE];
        size_t len = iov_to_buf(elem->out_sg, elem->out_num, 0, wire,
                                sizeof(wire));

        if (len < sizeof(wire)) {
            virtio_input_guest_error(vinput, "statusq buffer too short "
                                     "for an event");
        } else {
            VirtIOInputEvent evt;
            uint16_t t, c;
            uint32_t v;

            memcpy(&t, wire, 2);
            memcpy(&c, wire + 2, 2);
            memcpy(&v, wire + 4, 4);
            evt.type = GUINT16_FROM_LE(t);
            evt.code = GUINT16_FROM_LE(c);
            evt.value = GUINT32_FROM_LE(v);
            if (vic->handle_status) {
                vic->handle_status(vinput, &evt);
            }
        }
        virtqueue_push(vq, elem, 0);
        g_free(elem);
    }
    virtio_notify(vdev, vq);
}

/* ---- device ----------------------------------------------------------- */

static uint64_t virtio_input_get_features(VirtIODevice *vdev, uint64_t f,
                                          Error **errp)
{
    return f;       /* no device-specific features */
}

static void virtio_input_reset(VirtIODevice *vdev)
{
    VirtIOInput *vinput = VIRTIO_INPUT(vdev);

    vinput->nbatch = 0;
    vinput->select = 0;
    vinput->subsel = 0;
}

static void virtio_input_realize(DeviceState *dev, Error **errp)
{
    VirtIOInput *vinput = VIRTIO_INPUT(dev);
    VirtIOInputClass *vic = VIRTIO_INPUT_GET_CLASS(dev);
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    Error *local_err = NULL;

    if (vinput->serial) {
        virtio_input_set_string(vinput, VIRTIO_INPUT_CFG_ID_SERIAL,
                                vinput->serial);
    }
    if (vic->realize) {
        vic->realize(dev, &local_err);
        if (local_err) {
            error_propagate(errp, local_err);
            return;
        }
    }
    if (!find_config(vinput, VIRTIO_INPUT_CFG_ID_NAME, 0)) {
        error_setg(errp, "%s: no name configured",
                   object_get_typename(OBJECT(dev)));
        if (vic->unrealize) {
            vic->unrealize(dev);
        }
        return;
    }
    vinput->evt = virtio_add_queue(vdev, VIRTIO_INPUT_QUEUE_SIZE,
                                   virtio_input_handle_evt);
    vinput->sts = virtio_add_queue(vdev, VIRTIO_INPUT_QUEUE_SIZE,
                                   virtio_input_handle_sts);
}

static void virtio_input_unrealize(DeviceState *dev)
{
    VirtIOInput *vinput = VIRTIO_INPUT(dev);
    VirtIOInputClass *vic = VIRTIO_INPUT_GET_CLASS(dev);

    if (vic->unrealize) {
        vic->unrealize(dev);
    }
    virtio_del_queue(VIRTIO_DEVICE(dev), VIRTIO_INPUT_STATUSQ);
    virtio_del_queue(VIRTIO_DEVICE(dev), VIRTIO_INPUT_EVENTQ);
    vinput->evt = NULL;
    vinput->sts = NULL;
}

static void virtio_input_instance_init(Object *obj)
{
    VirtIOInput *vinput = VIRTIO_INPUT(obj);

    vinput->configs = g_array_new(false, true, sizeof(VirtIOInputConfig));
}

static void virtio_input_instance_finalize(Object *obj)
{
    VirtIOInput *vinput = VIRTIO_INPUT(obj);

    g_array_free(vinput->configs, true);
}

static const Property virtio_input_properties[] = {
    DEFINE_PROP_STRING("serial", VirtIOInput, serial),
};

static void virtio_input_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_CLASS(oc);

    device_class_set_props(dc, virtio_input_properties);
    device_class_set_category(dc, DEVICE_CATEGORY_INPUT);
    vdc->device_id = VIRTIO_ID_INPUT;
    vdc->config_len = VIRTIO_INPUT_CFG_SIZE;
    vdc->realize = virtio_input_realize;
    vdc->unrealize = virtio_input_unrealize;
    vdc->get_features = virtio_input_get_features;
    vdc->get_config = virtio_input_get_config;
    vdc->set_config = virtio_input_set_config;
    vdc->reset = virtio_input_reset;
}

static const TypeInfo virtio_input_info = {
    .name = TYPE_VIRTIO_INPUT,
    .parent = TYPE_VIRTIO_DEVICE,
    .instance_size = sizeof(VirtIOInput),
    .instance_init = virtio_input_instance_init,
    .instance_finalize = virtio_input_instance_finalize,
    .class_size = sizeof(VirtIOInputClass),
    .class_init = virtio_input_class_init,
    .abstract = true,
};

static void virtio_input_register_types(void)
{
    type_register_static(&virtio_input_info);
}

type_init(virtio_input_register_types)
