/*
 * Unit tests of the virtio core: a test virtio device on a fake
 * transport (a virtio bus that records the interrupts it is asked for)
 * over a RAM address space, with the guest side written here: split and
 * packed rings filled by hand, requests taken and completed, used ring
 * contents, notification suppression by flags and by event index,
 * indirect descriptors, feature negotiation, config space, every
 * malformed-ring case ending in NEEDS_RESET plus a config interrupt,
 * per-queue reset with elements still out, and deferred kicks.
 */
#include "util/osdep.h"
#include "util/error.h"
#include "util/error-report.h"
#include "util/module.h"
#include "hw/core/qdev-properties.h"
#include "hw/virtio/virtio-bus.h"
#include "hw/virtio/virtio-rng.h"
#include "qom/object-interfaces.h"
#include "qom/object-property.h"
#include "util/timer.h"
#include "memory-test-dev.h"

#define RAM_SIZE    0x100000
#define QSZ         8
#define DESC        0x1000
#define AVAIL       0x2000
#define USED        0x3000
#define BUF         0x10000
#define TABLE       0x8000
#define CFG_VEC     1
#define Q_VEC       0
#define TEST_ID     0x1f
#define TEST_CFG    8

/* ---- the fake transport ---------------------------------------------- */

#define TYPE_TV_PROXY "tvirtio-proxy"
#define TYPE_TV_BUS "tvirtio-bus"
#define TYPE_TV_DEV "tvirtio-dev"

typedef struct TvProxy {
    DeviceState parent_obj;
    VirtioBusState bus;
} TvProxy;

#define TV_PROXY(obj) OBJECT_CHECK(TvProxy, (obj), TYPE_TV_PROXY)

typedef struct TvDev {
    VirtIODevice parent_obj;
    VirtQueue *vq;
    unsigned popped;
    unsigned last_out, last_in;
    bool hold;                  /* pop without pushing */
    /* Kick our own queue from the handler this many more times (-1:
     * forever), as a ring in the device's notify register would. */
    int self_kicks;
    bool defer_self_kicks;      /* ... as with ioeventfd */
    unsigned runs, depth, max_depth;
    unsigned queue_resets, queue_enables;
} TvDev;

#define TV_DEV(obj) OBJECT_CHECK(TvDev, (obj), TYPE_TV_DEV)

static struct {
    MemoryRegion root, ram;
    AddressSpace as;
    uint8_t *mem;
    unsigned notify[2];         /* per vector */
    TvProxy *proxy;
    TvDev *tv;
    VirtIODevice *vdev;
    uint16_t avail_idx;         /* the guest's (split) */
    uint16_t next_avail;        /* the guest's (packed) slot */
    bool avail_wrap;
    bool modern;
} g;

static void tv_bus_notify(DeviceState *d, uint16_t vector)
{
    g_assert_cmpuint(vector, <, 2);
    g.notify[vector]++;
}

static AddressSpace *tv_bus_dma_as(DeviceState *d)
{
    return &g.as;
}

static void tv_bus_pre_plugged(DeviceState *d, Error **errp)
{
    VirtIODevice *vdev = virtio_bus_get_device(&TV_PROXY(d)->bus);

    if (g.modern) {
        virtio_add_feature(&vdev->host_features, VIRTIO_F_VERSION_1);
    }
}

static void tv_bus_class_init(ObjectClass *oc, void *data)
{
    VirtioBusClass *k = VIRTIO_BUS_CLASS(oc);

    k->notify = tv_bus_notify;
    k->get_dma_as = tv_bus_dma_as;
    k->pre_plugged = tv_bus_pre_plugged;
}

static void tv_proxy_realize(DeviceState *dev, Error **errp)
{
    qbus_init(&TV_PROXY(dev)->bus, sizeof(VirtioBusState), TYPE_TV_BUS, dev,
              NULL);
}

static void tv_proxy_class_init(ObjectClass *oc, void *data)
{
    DEVICE_CLASS(oc)->realize = tv_proxy_realize;
}

/* ---- the test device ------------------------------------------------- */

static void tv_handle(VirtIODevice *vdev, VirtQueue *vq)
{
    TvDev *tv = TV_DEV(vdev);
    VirtQueueElement *elem;

    tv->runs++;
    tv->depth++;
    tv->max_depth = MAX(tv->max_depth, tv->depth);
    if (tv->self_kicks) {
        tv->self_kicks -= tv->self_kicks > 0;
        if (tv->defer_self_kicks) {
            virtio_queue_notify_deferred(vdev, virtio_get_queue_index(vq));
        } else {
            virtio_queue_notify(vdev, virtio_get_queue_index(vq));
        }
    }
    tv->depth--;
    while ((elem = virtqueue_pop(vq, sizeof(*elem)))) {
        size_t in = iov_size(elem->in_sg, elem->in_num);
        uint8_t *fill;

        tv->popped++;
        tv->last_out = iov_size(elem->out_sg, elem->out_num);
        tv->last_in = in;
        if (tv->hold) {
            virtqueue_detach_element(vq, elem, 0);
            g_free(elem);
            continue;
        }
        /* The device needs somewhere to write: a request with no
         * writable buffer is a driver error. */
        if (!elem->in_num) {
            virtqueue_detach_element(vq, elem, 0);
            g_free(elem);
            virtio_error(vdev, "request without a writable buffer");
            return;
        }
        fill = g_malloc(in);
        memset(fill, 0xab, in);
        iov_from_buf(elem->in_sg, elem->in_num, 0, fill, in);
        g_free(fill);
        virtqueue_push(vq, elem, in);
        g_free(elem);
    }
    virtio_notify(vdev, vq);
}

static void tv_realize(DeviceState *dev, Error **errp)
{
    TV_DEV(dev)->vq = virtio_add_queue(VIRTIO_DEVICE(dev), QSZ, tv_handle);
}

static void tv_unrealize(DeviceState *dev)
{
    virtio_del_queue(VIRTIO_DEVICE(dev), 0);
}

static uint64_t tv_get_features(VirtIODevice *vdev, uint64_t f, Error **errp)
{
    return f | (1ULL << 0);     /* one device feature bit */
}

static void tv_get_config(VirtIODevice *vdev, uint8_t *config)
{
    config[0] = 0x11;
    config[1] = 0x22;
}

static void tv_queue_reset(VirtIODevice *vdev, uint32_t n)
{
    g_assert_cmpuint(n, ==, 0);
    TV_DEV(vdev)->queue_resets++;
}

static void tv_queue_enable(VirtIODevice *vdev, uint32_t n)
{
    g_assert_cmpuint(n, ==, 0);
    TV_DEV(vdev)->queue_enables++;
}

static void tv_class_init(ObjectClass *oc, void *data)
{
    VirtioDeviceClass *k = VIRTIO_DEVICE_CLASS(oc);

    k->device_id = TEST_ID;
    k->config_len = TEST_CFG;
    k->realize = tv_realize;
    k->unrealize = tv_unrealize;
    k->get_features = tv_get_features;
    k->get_config = tv_get_config;
    k->queue_reset = tv_queue_reset;
    k->queue_enable = tv_queue_enable;
}

static const TypeInfo tv_types[] = {
    {
        .name = TYPE_TV_BUS,
        .parent = TYPE_VIRTIO_BUS,
        .instance_size = sizeof(VirtioBusState),
        .class_size = sizeof(VirtioBusClass),
        .class_init = tv_bus_class_init,
    }, {
        .name = TYPE_TV_PROXY,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(TvProxy),
        .class_init = tv_proxy_class_init,
    }, {
        .name = TYPE_TV_DEV,
        .parent = TYPE_VIRTIO_DEVICE,
        .instance_size = sizeof(TvDev),
        .class_init = tv_class_init,
    },
};

/* ---- guest side ------------------------------------------------------ */

static void st16(uint64_t a, uint16_t v)
{
    g.mem[a] = v;
    g.mem[a + 1] = v >> 8;
}

static void st32(uint64_t a, uint32_t v)
{
    st16(a, v);
    st16(a + 2, v >> 16);
}

static void st64(uint64_t a, uint64_t v)
{
    st32(a, v);
    st32(a + 4, v >> 32);
}

static uint16_t ld16(uint64_t a)
{
    return g.mem[a] | g.mem[a + 1] << 8;
}

static uint32_t ld32(uint64_t a)
{
    return ld16(a) | (uint32_t)ld16(a + 2) << 16;
}

/* Split descriptor @i of the table at @table. */
static void sdesc(uint64_t table, unsigned i, uint64_t addr, uint32_t len,
                  uint16_t flags, uint16_t next)
{
    uint64_t d = table + 16 * i;

    st64(d, addr);
    st32(d + 8, len);
    st16(d + 12, flags);
    st16(d + 14, next);
}

static void savail(uint16_t head)
{
    st16(AVAIL + 4 + 2 * (g.avail_idx % QSZ), head);
    g.avail_idx++;
    st16(AVAIL + 2, g.avail_idx);
}

static void kick(void)
{
    virtio_queue_notify(g.vdev, 0);
}

/* Packed descriptor at the guest's next slot; returns its slot. */
static unsigned pdesc(uint64_t addr, uint32_t len, uint16_t id,
                      uint16_t flags)
{
    unsigned slot = g.next_avail;
    uint64_t d = DESC + 16 * slot;

    if (g.avail_wrap) {
        flags |= 1 << VRING_PACKED_DESC_F_AVAIL;
    } else {
        flags |= 1 << VRING_PACKED_DESC_F_USED;
    }
    st64(d, addr);
    st32(d + 8, len);
    st16(d + 12, id);
    st16(d + 14, flags);
    if (++g.next_avail == QSZ) {
        g.next_avail = 0;
        g.avail_wrap = !g.avail_wrap;
    }
    return slot;
}

static bool needs_reset(void)
{
    return g.vdev->broken &&
           (g.vdev->status & VIRTIO_CONFIG_S_NEEDS_RESET) &&
           g.notify[CFG_VEC] == 1 && (g.vdev->isr & VIRTIO_ISR_CONFIG);
}

/* ---- setup ----------------------------------------------------------- */

/* Sets properties on the device before it is realized. */
typedef void (*DevProps)(DeviceState *dev);

static bool setup_dev(const char *type, DevProps props, bool modern,
                      uint64_t features, bool packed_prop, Error **errp)
{
    DeviceState *dev;
    uint8_t st = VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER;

    memset(&g.notify, 0, sizeof(g.notify));
    g.avail_idx = 0;
    g.next_avail = 0;
    g.avail_wrap = true;
    g.modern = modern;
    memory_region_init(&g.root, NULL, "root", UINT64_MAX);
    g_assert_true(memory_region_init_ram(&g.ram, NULL, "ram", RAM_SIZE,
                                         NULL));
    memory_region_add_subregion(&g.root, 0, &g.ram);
    address_space_init(&g.as, &g.root, "virtio-test");
    g.mem = memory_region_get_ram_ptr(&g.ram);
    memset(g.mem, 0, RAM_SIZE);

    dev = qdev_new(TYPE_TV_PROXY);
    g_assert_true(qdev_realize(dev, NULL, &error_abort));
    g.proxy = TV_PROXY(dev);
    dev = qdev_new(type);
    qdev_prop_set_bit(dev, "packed", packed_prop);
    if (props) {
        props(dev);
    }
    if (!qdev_realize_and_unref(dev, BUS(&g.proxy->bus), errp)) {
        return false;
    }
    g.tv = object_dynamic_cast(OBJECT(dev), TYPE_TV_DEV) ? TV_DEV(dev)
                                                         : NULL;
    g.vdev = VIRTIO_DEVICE(dev);
    g_assert_true(g.vdev->dma_as == &g.as);

    virtio_set_status(g.vdev, st);
    g_assert_cmpint(virtio_set_features(g.vdev, features), ==, 0);
    if (modern) {
        st |= VIRTIO_CONFIG_S_FEATURES_OK;
        g_assert_cmpint(virtio_set_status(g.vdev, st), ==, 0);
        g_assert_true(g.vdev->status & VIRTIO_CONFIG_S_FEATURES_OK);
    }
    virtio_queue_set_num(g.vdev, 0, QSZ);
    virtio_queue_set_rings(g.vdev, 0, DESC, AVAIL, USED);
    virtio_queue_set_vector(g.vdev, 0, Q_VEC);
    virtio_queue_set_enabled(g.vdev, 0, true);
    g.vdev->config_vector = CFG_VEC;
    virtio_set_status(g.vdev, st | VIRTIO_CONFIG_S_DRIVER_OK);
    g_assert_true(virtio_device_started(g.vdev));
    return true;
}

static void setup_full(bool modern, uint64_t features, bool packed_prop)
{
    setup_dev(TYPE_TV_DEV, NULL, modern, features, packed_prop,
              &error_abort);
}

static void setup(uint64_t features)
{
    setup_full(true, features | (1ULL << VIRTIO_F_VERSION_1),
               !!(features & (1ULL << VIRTIO_F_RING_PACKED)));
}

static void teardown(void)
{
    qdev_unrealize(DEVICE(g.proxy));
    object_unref(g.proxy);
    address_space_destroy(&g.as);
    test_region_free(&g.root);
    test_region_free(&g.ram);
}

#define F(bit) (1ULL << (bit))

/* ---- split ring ------------------------------------------------------ */

static void test_split_basic(void)
{
    setup(0);
    g_assert_cmpuint(g.vdev->device_id, ==, TEST_ID);
    memcpy(g.mem + BUF, "request!", 8);
    sdesc(DESC, 3, BUF, 8, VRING_DESC_F_NEXT, 5);
    sdesc(DESC, 5, BUF + 0x100, 16, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT,
          1);
    sdesc(DESC, 1, BUF + 0x200, 16, VRING_DESC_F_WRITE, 0);
    savail(3);
    kick();
    g_assert_cmpuint(g.tv->popped, ==, 1);
    g_assert_cmpuint(g.tv->last_out, ==, 8);
    g_assert_cmpuint(g.tv->last_in, ==, 32);
    g_assert_cmpuint(ld16(USED + 2), ==, 1);
    g_assert_cmpuint(ld32(USED + 4), ==, 3);
    g_assert_cmpuint(ld32(USED + 8), ==, 32);
    g_assert_cmpuint(g.mem[BUF + 0x100], ==, 0xab);
    g_assert_cmpuint(g.mem[BUF + 0x20f], ==, 0xab);
    g_assert_cmpuint(g.mem[BUF + 0x210], ==, 0);
    g_assert_cmpuint(g.notify[Q_VEC], ==, 1);
    g_assert_cmpuint(virtio_isr_read_and_clear(g.vdev), ==,
                     VIRTIO_ISR_QUEUE);
    g_assert_cmpuint(g.vdev->isr, ==, 0);

    /* Wrap the ring several times. */
    for (int i = 0; i < 3 * QSZ; i++) {
        sdesc(DESC, i % QSZ, BUF + 0x1000, 4, VRING_DESC_F_WRITE, 0);
        savail(i % QSZ);
        kick();
    }
    g_assert_cmpuint(g.tv->popped, ==, 1 + 3 * QSZ);
    g_assert_cmpuint(ld16(USED + 2), ==, 1 + 3 * QSZ);
    g_assert_false(g.vdev->broken);
    teardown();
}

static void test_split_indirect(void)
{
    setup(F(VIRTIO_RING_F_INDIRECT_DESC));
    sdesc(TABLE, 0, BUF, 10, VRING_DESC_F_NEXT, 2);
    sdesc(TABLE, 2, BUF + 0x100, 20, VRING_DESC_F_NEXT | VRING_DESC_F_WRITE,
          1);
    sdesc(TABLE, 1, BUF + 0x200, 30, VRING_DESC_F_WRITE, 0);
    sdesc(DESC, 0, TABLE, 3 * 16, VRING_DESC_F_INDIRECT, 0);
    savail(0);
    kick();
    g_assert_false(g.vdev->broken);
    g_assert_cmpuint(g.tv->last_out, ==, 10);
    g_assert_cmpuint(g.tv->last_in, ==, 50);
    g_assert_cmpuint(ld32(USED + 8), ==, 50);
    teardown();
}

static void test_split_event_idx(void)
{
    setup(F(VIRTIO_RING_F_EVENT_IDX));
    /* used_event = 0: the first completion interrupts. */
    st16(AVAIL + 4 + 2 * QSZ, 0);
    sdesc(DESC, 0, BUF, 4, VRING_DESC_F_WRITE, 0);
    savail(0);
    kick();
    g_assert_cmpuint(g.notify[Q_VEC], ==, 1);
    /* The device asks to be kicked for the next entry. */
    g_assert_cmpuint(ld16(USED + 4 + 8 * QSZ), ==, 1);
    /* used_event = 3: completions 2 and 3 are quiet, 4 interrupts. */
    st16(AVAIL + 4 + 2 * QSZ, 3);
    for (int i = 0; i < 2; i++) {
        savail(0);
        kick();
    }
    g_assert_cmpuint(g.notify[Q_VEC], ==, 1);
    savail(0);
    kick();
    g_assert_cmpuint(g.notify[Q_VEC], ==, 2);
    savail(0);
    kick();
    g_assert_cmpuint(g.notify[Q_VEC], ==, 2);
    g_assert_cmpuint(ld16(USED + 2), ==, 5);
    /* Disabling notifications with event idx leaves the flags alone. */
    virtio_queue_set_notification(g.tv->vq, 0);
    g_assert_cmpuint(ld16(USED), ==, 0);
    teardown();
}

static void test_split_flags(void)
{
    setup(0);
    st16(AVAIL, VRING_AVAIL_F_NO_INTERRUPT);
    sdesc(DESC, 0, BUF, 4, VRING_DESC_F_WRITE, 0);
    savail(0);
    kick();
    g_assert_cmpuint(ld16(USED + 2), ==, 1);
    g_assert_cmpuint(g.notify[Q_VEC], ==, 0);
    st16(AVAIL, 0);
    savail(0);
    kick();
    g_assert_cmpuint(g.notify[Q_VEC], ==, 1);
    virtio_queue_set_notification(g.tv->vq, 0);
    g_assert_cmpuint(ld16(USED), ==, VRING_USED_F_NO_NOTIFY);
    virtio_queue_set_notification(g.tv->vq, 1);
    g_assert_cmpuint(ld16(USED), ==, 0);
    teardown();
}

static void test_split_notify_on_empty(void)
{
    /* A legacy driver with NOTIFY_ON_EMPTY gets an interrupt when the
     * queue runs dry, NO_INTERRUPT or not. */
    setup_full(false, F(VIRTIO_F_NOTIFY_ON_EMPTY), false);
    st16(AVAIL, VRING_AVAIL_F_NO_INTERRUPT);
    sdesc(DESC, 0, BUF, 4, VRING_DESC_F_WRITE, 0);
    savail(0);
    kick();
    g_assert_cmpuint(g.notify[Q_VEC], ==, 1);
    teardown();

    setup_full(false, 0, false);
    st16(AVAIL, VRING_AVAIL_F_NO_INTERRUPT);
    sdesc(DESC, 0, BUF, 4, VRING_DESC_F_WRITE, 0);
    savail(0);
    kick();
    g_assert_cmpuint(g.notify[Q_VEC], ==, 0);
    teardown();
}

static void test_split_disabled_queue(void)
{
    setup(0);
    virtio_queue_set_enabled(g.vdev, 0, false);
    sdesc(DESC, 0, BUF, 4, VRING_DESC_F_WRITE, 0);
    savail(0);
    kick();
    g_assert_cmpuint(g.tv->popped, ==, 0);
    virtio_queue_set_enabled(g.vdev, 0, true);
    kick();
    g_assert_cmpuint(g.tv->popped, ==, 1);
    teardown();
}

/* ---- malformed split rings ------------------------------------------- */

typedef void (*RingSetup)(void);

static void bad_loop(void)
{
    sdesc(DESC, 0, BUF, 4, VRING_DESC_F_NEXT, 1);
    sdesc(DESC, 1, BUF, 4, VRING_DESC_F_NEXT, 0);
    savail(0);
}

static void bad_next_range(void)
{
    sdesc(DESC, 0, BUF, 4, VRING_DESC_F_NEXT, QSZ);
    savail(0);
}

static void bad_head_range(void)
{
    savail(QSZ + 3);
}

static void bad_avail_jump(void)
{
    st16(AVAIL + 2, QSZ + 1);
}

static void bad_addr(void)
{
    sdesc(DESC, 0, RAM_SIZE + 0x1000, 4, VRING_DESC_F_WRITE, 0);
    savail(0);
}

static void bad_addr_partly(void)
{
    sdesc(DESC, 0, RAM_SIZE - 2, 4, VRING_DESC_F_WRITE, 0);
    savail(0);
}

static void bad_len_wrap(void)
{
    sdesc(DESC, 0, UINT64_MAX - 0x10, 0x100, VRING_DESC_F_WRITE, 0);
    savail(0);
}

static void bad_huge_chain(void)
{
    /* Each descriptor 3 GiB: the total no longer fits 32 bits (and is
     * not RAM either). */
    sdesc(DESC, 0, 0, 0xc0000000u, VRING_DESC_F_NEXT, 1);
    sdesc(DESC, 1, 0, 0xc0000000u, 0, 0);
    savail(0);
}

static void bad_order(void)
{
    sdesc(DESC, 0, BUF, 4, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 1);
    sdesc(DESC, 1, BUF, 4, 0, 0);
    savail(0);
}

static void bad_no_writable(void)
{
    sdesc(DESC, 0, BUF, 4, 0, 0);
    savail(0);
}

static void bad_indirect_unnegotiated(void)
{
    sdesc(TABLE, 0, BUF, 4, VRING_DESC_F_WRITE, 0);
    sdesc(DESC, 0, TABLE, 16, VRING_DESC_F_INDIRECT, 0);
    savail(0);
}

static void bad_indirect_next(void)
{
    sdesc(TABLE, 0, BUF, 4, VRING_DESC_F_WRITE, 0);
    sdesc(DESC, 0, TABLE, 16, VRING_DESC_F_INDIRECT | VRING_DESC_F_NEXT, 1);
    sdesc(DESC, 1, BUF, 4, VRING_DESC_F_WRITE, 0);
    savail(0);
}

static void bad_indirect_size(void)
{
    sdesc(DESC, 0, TABLE, 15, VRING_DESC_F_INDIRECT, 0);
    savail(0);
}

static void bad_indirect_empty(void)
{
    sdesc(DESC, 0, TABLE, 0, VRING_DESC_F_INDIRECT, 0);
    savail(0);
}

static void bad_indirect_huge(void)
{
    sdesc(DESC, 0, TABLE, 16 * (VIRTQUEUE_MAX_SIZE + 1),
          VRING_DESC_F_INDIRECT, 0);
    savail(0);
}

static void bad_indirect_nested(void)
{
    sdesc(TABLE + 0x100, 0, BUF, 4, VRING_DESC_F_WRITE, 0);
    sdesc(TABLE, 0, TABLE + 0x100, 16, VRING_DESC_F_INDIRECT, 0);
    sdesc(DESC, 0, TABLE, 16, VRING_DESC_F_INDIRECT, 0);
    savail(0);
}

static void bad_indirect_loop(void)
{
    sdesc(TABLE, 0, BUF, 4, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 1);
    sdesc(TABLE, 1, BUF, 4, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 0);
    sdesc(DESC, 0, TABLE, 32, VRING_DESC_F_INDIRECT, 0);
    savail(0);
}

static void bad_indirect_outside(void)
{
    sdesc(DESC, 0, RAM_SIZE, 32, VRING_DESC_F_INDIRECT, 0);
    savail(0);
}

static void bad_indirect_in_chain(void)
{
    sdesc(TABLE, 0, BUF, 4, VRING_DESC_F_WRITE, 0);
    sdesc(DESC, 0, BUF, 4, VRING_DESC_F_NEXT, 1);
    sdesc(DESC, 1, TABLE, 16, VRING_DESC_F_INDIRECT, 0);
    savail(0);
}

static void bad_table_outside(void)
{
    virtio_queue_set_rings(g.vdev, 0, RAM_SIZE + 0x10000, AVAIL, USED);
    sdesc(DESC, 0, BUF, 4, VRING_DESC_F_WRITE, 0);
    savail(0);
}

static void bad_rings_outside(void)
{
    virtio_queue_set_rings(g.vdev, 0, DESC, UINT64_MAX - 1, USED);
}

static void run_bad(uint64_t features, RingSetup fn)
{
    setup(features);
    fn();
    kick();
    g_assert_true(needs_reset());
    g_assert_cmpuint(g.vdev->generation, ==, 1);
    /* Broken: nothing more is taken, nothing crashes. */
    sdesc(DESC, 0, BUF, 4, VRING_DESC_F_WRITE, 0);
    savail(0);
    kick();
    g_assert_null(virtqueue_pop(g.tv->vq, sizeof(VirtQueueElement)));
    /* The driver cannot clear NEEDS_RESET; a reset can. */
    virtio_set_status(g.vdev, g.vdev->status &
                      ~VIRTIO_CONFIG_S_NEEDS_RESET);
    g_assert_true(g.vdev->status & VIRTIO_CONFIG_S_NEEDS_RESET);
    virtio_set_status(g.vdev, 0);
    g_assert_false(g.vdev->broken);
    g_assert_cmpuint(g.vdev->status, ==, 0);
    teardown();
}

static void test_split_malformed(void)
{
    static const RingSetup cases[] = {
        bad_loop, bad_next_range, bad_head_range, bad_avail_jump, bad_addr,
        bad_addr_partly, bad_len_wrap, bad_huge_chain, bad_order,
        bad_no_writable, bad_indirect_unnegotiated, bad_table_outside,
        bad_rings_outside,
    };
    static const RingSetup ind_cases[] = {
        bad_indirect_next, bad_indirect_size, bad_indirect_empty,
        bad_indirect_huge, bad_indirect_nested, bad_indirect_loop,
        bad_indirect_outside, bad_indirect_in_chain,
    };
    GString *log = g_string_new(NULL);

    /* Keep the guest-error messages out of the TAP stream. */
    error_report_capture(log);
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        run_bad(0, cases[i]);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(ind_cases); i++) {
        run_bad(F(VIRTIO_RING_F_INDIRECT_DESC), ind_cases[i]);
    }
    error_report_capture(NULL);
    g_assert_nonnull(strstr(log->str, "guest error"));
    g_string_free(log, true);
}

static void test_error_rate_limit(void)
{
    GString *log = g_string_new(NULL);
    unsigned lines = 0;

    setup(0);
    error_report_capture(log);
    for (int i = 0; i < 100; i++) {
        virtio_error(g.vdev, "error %d", i);
    }
    error_report_capture(NULL);
    for (const char *p = log->str; (p = strchr(p, '\n')); p++) {
        lines++;
    }
    g_assert_cmpuint(lines, >=, 1);
    g_assert_cmpuint(lines, <=, 10);
    /* Only one config interrupt for the lot. */
    g_assert_cmpuint(g.notify[CFG_VEC], ==, 1);
    g_string_free(log, true);
    teardown();
}

/* ---- packed ring ----------------------------------------------------- */

static void test_packed_basic(void)
{
    unsigned first;

    setup(F(VIRTIO_F_RING_PACKED));
    g_assert_true(virtio_vdev_has_feature(g.vdev, VIRTIO_F_RING_PACKED));
    memcpy(g.mem + BUF, "hello", 5);
    first = pdesc(BUF, 5, 0, VRING_DESC_F_NEXT);
    pdesc(BUF + 0x100, 16, 42, VRING_DESC_F_WRITE);
    kick();
    g_assert_cmpuint(g.tv->popped, ==, 1);
    g_assert_cmpuint(g.tv->last_out, ==, 5);
    g_assert_cmpuint(g.tv->last_in, ==, 16);
    /* The used descriptor goes in the first slot: id, len, flags. */
    g_assert_cmpuint(ld16(DESC + 16 * first + 12), ==, 42);
    g_assert_cmpuint(ld32(DESC + 16 * first + 8), ==, 16);
    g_assert_cmpuint(ld16(DESC + 16 * first + 14) &
                     ((1 << VRING_PACKED_DESC_F_AVAIL) |
                      (1 << VRING_PACKED_DESC_F_USED)), ==,
                     (1 << VRING_PACKED_DESC_F_AVAIL) |
                     (1 << VRING_PACKED_DESC_F_USED));
    g_assert_cmpuint(g.mem[BUF + 0x100], ==, 0xab);
    g_assert_cmpuint(g.notify[Q_VEC], ==, 1);

    /* Several laps of single descriptors: the wrap counters flip. */
    for (int i = 0; i < 3 * QSZ; i++) {
        pdesc(BUF + 0x1000, 4, i, VRING_DESC_F_WRITE);
        kick();
    }
    g_assert_cmpuint(g.tv->popped, ==, 1 + 3 * QSZ);
    g_assert_false(g.vdev->broken);
    g_assert_true(virtio_queue_empty(g.tv->vq));
    teardown();
}

static void test_packed_indirect(void)
{
    setup(F(VIRTIO_F_RING_PACKED) | F(VIRTIO_RING_F_INDIRECT_DESC));
    sdesc(TABLE, 0, BUF, 10, 0, 0);             /* packed layout differs */
    st16(TABLE + 12, 0);
    st16(TABLE + 14, 0);
    st64(TABLE + 16, BUF + 0x100);
    st32(TABLE + 24, 30);
    st16(TABLE + 30, VRING_DESC_F_WRITE);
    pdesc(TABLE, 32, 7, VRING_DESC_F_INDIRECT);
    kick();
    g_assert_false(g.vdev->broken);
    g_assert_cmpuint(g.tv->last_out, ==, 10);
    g_assert_cmpuint(g.tv->last_in, ==, 30);
    g_assert_cmpuint(ld16(DESC + 12), ==, 7);
    teardown();
}

static void test_packed_suppression(void)
{
    setup(F(VIRTIO_F_RING_PACKED));
    st16(AVAIL + 2, VRING_PACKED_EVENT_FLAG_DISABLE);
    pdesc(BUF, 4, 1, VRING_DESC_F_WRITE);
    kick();
    g_assert_cmpuint(g.tv->popped, ==, 1);
    g_assert_cmpuint(g.notify[Q_VEC], ==, 0);
    st16(AVAIL + 2, VRING_PACKED_EVENT_FLAG_ENABLE);
    pdesc(BUF, 4, 1, VRING_DESC_F_WRITE);
    kick();
    g_assert_cmpuint(g.notify[Q_VEC], ==, 1);
    virtio_queue_set_notification(g.tv->vq, 0);
    g_assert_cmpuint(ld16(USED + 2), ==, VRING_PACKED_EVENT_FLAG_DISABLE);
    virtio_queue_set_notification(g.tv->vq, 1);
    g_assert_cmpuint(ld16(USED + 2), ==, VRING_PACKED_EVENT_FLAG_ENABLE);
    teardown();

    /* Event index: interrupt only when the used position passes off. */
    setup(F(VIRTIO_F_RING_PACKED) | F(VIRTIO_RING_F_EVENT_IDX));
    virtio_queue_set_notification(g.tv->vq, 1);
    g_assert_cmpuint(ld16(USED + 2), ==, VRING_PACKED_EVENT_FLAG_DESC);
    g_assert_cmpuint(ld16(USED), ==, 1u << VRING_PACKED_EVENT_F_WRAP_CTR);
    st16(AVAIL, 2 | 1u << VRING_PACKED_EVENT_F_WRAP_CTR);
    st16(AVAIL + 2, VRING_PACKED_EVENT_FLAG_DESC);
    pdesc(BUF, 4, 1, VRING_DESC_F_WRITE);
    kick();
    /* First interrupt always goes (nothing signalled yet). */
    g_assert_cmpuint(g.notify[Q_VEC], ==, 1);
    pdesc(BUF, 4, 1, VRING_DESC_F_WRITE);
    kick();
    g_assert_cmpuint(g.notify[Q_VEC], ==, 1);
    pdesc(BUF, 4, 1, VRING_DESC_F_WRITE);
    kick();
    g_assert_cmpuint(g.notify[Q_VEC], ==, 2);
    /* The device's event offset follows what it has taken. */
    g_assert_cmpuint(ld16(USED), ==, 3 | 1u << VRING_PACKED_EVENT_F_WRAP_CTR);
    teardown();
}

static void pbad_chain_too_long(void)
{
    for (int i = 0; i < QSZ; i++) {
        pdesc(BUF, 4, 0, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT);
    }
}

static void pbad_nested(void)
{
    st64(TABLE, TABLE + 0x100);
    st32(TABLE + 8, 16);
    st16(TABLE + 14, VRING_DESC_F_INDIRECT);
    pdesc(TABLE, 16, 0, VRING_DESC_F_INDIRECT);
}

static void pbad_indirect_size(void)
{
    pdesc(TABLE, 17, 0, VRING_DESC_F_INDIRECT);
}

static void pbad_indirect_in_chain(void)
{
    pdesc(BUF, 4, 0, VRING_DESC_F_NEXT);
    pdesc(TABLE, 16, 0, VRING_DESC_F_INDIRECT);
}

static void pbad_addr(void)
{
    pdesc(UINT64_MAX - 3, 8, 0, VRING_DESC_F_WRITE);
}

static void pbad_outside(void)
{
    pdesc(RAM_SIZE, 8, 0, VRING_DESC_F_WRITE);
}

static void pbad_order(void)
{
    pdesc(BUF, 4, 0, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT);
    pdesc(BUF, 4, 0, 0);
}

static void test_packed_malformed(void)
{
    static const RingSetup cases[] = {
        pbad_chain_too_long, pbad_nested, pbad_indirect_size,
        pbad_indirect_in_chain, pbad_addr, pbad_outside, pbad_order,
    };
    GString *log = g_string_new(NULL);

    error_report_capture(log);
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        setup(F(VIRTIO_F_RING_PACKED) | F(VIRTIO_RING_F_INDIRECT_DESC));
        cases[i]();
        kick();
        g_assert_true(needs_reset());
        g_assert_null(virtqueue_pop(g.tv->vq, sizeof(VirtQueueElement)));
        teardown();
    }
    /* Indirect without the feature. */
    setup(F(VIRTIO_F_RING_PACKED));
    pbad_nested();
    kick();
    g_assert_true(needs_reset());
    teardown();
    error_report_capture(NULL);
    g_string_free(log, true);
}

/* ---- status, features, config ---------------------------------------- */

static void test_features(void)
{
    uint64_t offer;

    setup(0);
    offer = g.vdev->host_features;
    /* Defaults, as qemu: indirect_desc, event_idx, notify_on_empty and
     * any_layout on, packed off; the transport added VERSION_1, the
     * device its own bit 0. */
    g_assert_true(offer & F(VIRTIO_RING_F_INDIRECT_DESC));
    g_assert_true(offer & F(VIRTIO_RING_F_EVENT_IDX));
    g_assert_true(offer & F(VIRTIO_F_NOTIFY_ON_EMPTY));
    g_assert_true(offer & F(VIRTIO_F_ANY_LAYOUT));
    g_assert_true(offer & F(VIRTIO_F_VERSION_1));
    g_assert_false(offer & F(VIRTIO_F_RING_PACKED));
    g_assert_true(offer & 1);
    /* Features are frozen once FEATURES_OK is set. */
    g_assert_cmpint(virtio_set_features(g.vdev, offer), ==, -EINVAL);
    virtio_reset(g.vdev);
    g_assert_cmpuint(g.vdev->guest_features, ==, 0);
    g_assert_cmpuint(virtio_queue_vector(g.vdev, 0), ==, VIRTIO_NO_VECTOR);
    g_assert_cmpuint(g.vdev->config_vector, ==, VIRTIO_NO_VECTOR);
    g_assert_false(virtio_queue_enabled(g.vdev, 0));

    /* Features not offered are dropped and refused. */
    g_assert_cmpint(virtio_set_features(g.vdev, F(VIRTIO_F_VERSION_1) |
                                        F(VIRTIO_F_RING_PACKED)), ==,
                    -EINVAL);
    g_assert_cmpuint(g.vdev->guest_features, ==, F(VIRTIO_F_VERSION_1));
    g_assert_cmpint(virtio_set_status(g.vdev,
                                      VIRTIO_CONFIG_S_FEATURES_OK), ==, 0);
    g_assert_true(g.vdev->status & VIRTIO_CONFIG_S_FEATURES_OK);
    virtio_reset(g.vdev);
    /* FEATURES_OK without VERSION_1 is refused: the bit stays clear. */
    virtio_set_features(g.vdev, F(VIRTIO_RING_F_EVENT_IDX));
    g_assert_cmpint(virtio_set_status(g.vdev, VIRTIO_CONFIG_S_DRIVER |
                                      VIRTIO_CONFIG_S_FEATURES_OK), ==,
                    -EINVAL);
    g_assert_false(g.vdev->status & VIRTIO_CONFIG_S_FEATURES_OK);
    g_assert_true(g.vdev->status & VIRTIO_CONFIG_S_DRIVER);
    teardown();

    /* The packed property offers RING_PACKED. */
    setup(F(VIRTIO_F_RING_PACKED));
    g_assert_true(g.vdev->host_features & F(VIRTIO_F_RING_PACKED));
    teardown();
}

static void test_config(void)
{
    setup(0);
    g_assert_cmpuint(g.vdev->config_len, ==, TEST_CFG);
    g_assert_cmpuint(virtio_config_readb(g.vdev, 0), ==, 0x11);
    g_assert_cmpuint(virtio_config_readw(g.vdev, 0), ==, 0x2211);
    g_assert_cmpuint(virtio_config_modern_readl(g.vdev, 0), ==, 0x2211);
    /* Out of range: all ones, and writes are dropped. */
    g_assert_cmpuint(virtio_config_readl(g.vdev, TEST_CFG - 2), ==,
                     UINT32_MAX);
    g_assert_cmpuint(virtio_config_readw(g.vdev, UINT32_MAX), ==, 0xffff);
    virtio_config_writel(g.vdev, UINT32_MAX - 1, 0);
    virtio_config_modern_writeb(g.vdev, 4, 0x5a);
    g_assert_cmpuint(virtio_config_readb(g.vdev, 4), ==, 0x5a);
    g_assert_cmpuint(g.vdev->generation, ==, 0);
    virtio_notify_config(g.vdev);
    g_assert_cmpuint(g.vdev->generation, ==, 1);
    g_assert_cmpuint(g.notify[CFG_VEC], ==, 1);
    g_assert_cmpuint(virtio_isr_read_and_clear(g.vdev), ==,
                     VIRTIO_ISR_CONFIG);
    /* Before DRIVER_OK no config interrupt. */
    virtio_reset(g.vdev);
    virtio_notify_config(g.vdev);
    g_assert_cmpuint(g.notify[CFG_VEC], ==, 1);
    teardown();
}

static void test_queue_setup(void)
{
    setup(0);
    g_assert_cmpint(virtio_get_num_queues(g.vdev), ==, 1);
    g_assert_cmpint(virtio_queue_get_max_num(g.vdev, 0), ==, QSZ);
    /* Larger than offered, zero and non-powers of two are ignored. */
    virtio_queue_set_num(g.vdev, 0, QSZ * 2);
    virtio_queue_set_num(g.vdev, 0, 0);
    virtio_queue_set_num(g.vdev, 0, 3);
    g_assert_cmpint(virtio_queue_get_num(g.vdev, 0), ==, QSZ);
    virtio_queue_set_num(g.vdev, 0, 4);
    g_assert_cmpint(virtio_queue_get_num(g.vdev, 0), ==, 4);
    /* Queues that do not exist. */
    virtio_queue_set_num(g.vdev, 1, 4);
    virtio_queue_set_rings(g.vdev, -1, 1, 2, 3);
    virtio_queue_notify(g.vdev, VIRTIO_QUEUE_MAX);
    g_assert_cmpint(virtio_queue_get_num(g.vdev, 1), ==, 0);
    g_assert_null(virtio_get_queue(g.vdev, 1));
    /* The legacy single address. */
    virtio_queue_set_addr(g.vdev, 0, 0x40000);
    g_assert_cmpuint(virtio_queue_get_desc_addr(g.vdev, 0), ==, 0x40000);
    g_assert_cmpuint(virtio_queue_get_avail_addr(g.vdev, 0), ==,
                     0x40000 + 4 * 16);
    g_assert_cmpuint(virtio_queue_get_used_addr(g.vdev, 0), ==, 0x41000);
    g_assert_true(virtio_queue_enabled(g.vdev, 0));
    virtio_queue_set_addr(g.vdev, 0, 0);
    g_assert_false(virtio_queue_enabled(g.vdev, 0));
    teardown();
}

/* A handler that kicks its own queue runs again after it returns. */
static void test_nested_notify(void)
{
    GString *log = g_string_new(NULL);

    setup(0);
    g.tv->self_kicks = 3;
    sdesc(DESC, 0, BUF, 4, VRING_DESC_F_WRITE, 0);
    savail(0);
    kick();
    g_assert_cmpuint(g.tv->runs, ==, 4);
    g_assert_cmpuint(g.tv->max_depth, ==, 1);
    g_assert_cmpuint(g.tv->popped, ==, 1);
    g_assert_false(g.vdev->broken);

    /* One that never stops gives up on the driver. */
    g.tv->self_kicks = -1;
    error_report_capture(log);
    kick();
    error_report_capture(NULL);
    g_assert_cmpuint(g.tv->max_depth, ==, 1);
    g_assert_true(needs_reset());
    g_assert_nonnull(strstr(log->str, "rings keep notifying"));
    g.tv->self_kicks = 0;
    g_string_free(log, true);
    teardown();
}

static void test_hold_all(void)
{
    GString *log = g_string_new(NULL);
    VirtQueueElement *held[QSZ];

    /* The device may hold every buffer of the queue at once. */
    setup(0);
    g.tv->hold = true;
    for (int i = 0; i < QSZ; i++) {
        sdesc(DESC, i, BUF, 4, VRING_DESC_F_WRITE, 0);
        savail(i);
    }
    for (int i = 0; i < QSZ; i++) {
        held[i] = virtqueue_pop(g.tv->vq, sizeof(VirtQueueElement));
        g_assert_nonnull(held[i]);
    }
    g.tv->hold = false;
    kick();
    g_assert_false(g.vdev->broken);
    /* One more is a driver reusing descriptors the device holds. */
    error_report_capture(log);
    savail(0);
    kick();
    error_report_capture(NULL);
    g_assert_true(needs_reset());
    g_string_free(log, true);
    for (int i = 0; i < QSZ; i++) {
        virtqueue_detach_element(g.tv->vq, held[i], 0);
        g_free(held[i]);
    }
    teardown();
}

static void test_unpop(void)
{
    VirtQueueElement *e, *e2;

    setup(0);
    sdesc(DESC, 2, BUF, 4, VRING_DESC_F_WRITE, 0);
    savail(2);
    e = virtqueue_pop(g.tv->vq, sizeof(*e) + 32);
    g_assert_nonnull(e);
    g_assert_cmpuint(e->index, ==, 2);
    g_assert_null(virtqueue_pop(g.tv->vq, sizeof(*e)));
    virtqueue_unpop(g.tv->vq, e, 0);
    g_free(e);
    e2 = virtqueue_pop(g.tv->vq, sizeof(*e2));
    g_assert_nonnull(e2);
    g_assert_cmpuint(e2->index, ==, 2);
    virtqueue_push(g.tv->vq, e2, 4);
    g_free(e2);
    g_assert_cmpuint(ld16(USED + 2), ==, 1);
    teardown();
}

/* ---- per-queue reset, deferred kicks ---------------------------------- */

#define DESC2       0x5000
#define AVAIL2      0x6000
#define USED2       0x7000

/* Pop one request the guest made available at head @i, and keep it. */
static VirtQueueElement *pop_kept(unsigned i)
{
    VirtQueueElement *e;

    sdesc(DESC, i, BUF + 0x100 * i, 4, VRING_DESC_F_WRITE, 0);
    savail(i);
    e = virtqueue_pop(g.tv->vq, sizeof(*e));
    g_assert_nonnull(e);
    return e;
}

/*
 * Elements out at a queue reset keep it in progress (the queue cannot be
 * enabled) until they are back, and are never put in a ring, old or new;
 * the new rings start from their first entry.
 */
static void test_queue_reset(void)
{
    VirtQueue *vq;
    VirtQueueElement *e[3], *held[QSZ];
    int i;

    setup(F(VIRTIO_F_RING_RESET));
    vq = g.tv->vq;
    for (i = 0; i < 3; i++) {
        e[i] = pop_kept(i);
    }
    virtio_queue_set_num(g.vdev, 0, QSZ / 2);
    virtio_queue_reset(g.vdev, 0);
    g_assert_cmpuint(g.tv->queue_resets, ==, 1);
    g_assert_true(virtio_queue_reset_in_progress(g.vdev, 0));
    g_assert_false(virtio_queue_enabled(g.vdev, 0));
    g_assert_false(virtio_queue_ready(vq));
    g_assert_cmpint(virtio_queue_get_num(g.vdev, 0), ==, QSZ);
    g_assert_cmphex(virtio_queue_vector(g.vdev, 0), ==, VIRTIO_NO_VECTOR);
    g_assert_cmphex(virtio_queue_get_desc_addr(g.vdev, 0), ==, 0);
    /* Absent queues: nothing to reset or enable. */
    virtio_queue_reset(g.vdev, 1);
    virtio_queue_reset(g.vdev, VIRTIO_QUEUE_MAX);
    g_assert_false(virtio_queue_reset_in_progress(g.vdev, 1));
    g_assert_false(virtio_queue_enable(g.vdev, 1));

    virtio_queue_set_rings(g.vdev, 0, DESC2, AVAIL2, USED2);
    virtio_queue_set_vector(g.vdev, 0, Q_VEC);
    g_assert_false(virtio_queue_enable(g.vdev, 0));
    g_assert_cmpuint(g.tv->queue_enables, ==, 0);
    /* Back one by one, each way an element can come back. */
    virtqueue_push(vq, e[0], 4);
    virtqueue_fill(vq, e[1], 4, 0);
    virtqueue_flush(vq, 1);
    g_assert_true(virtio_queue_reset_in_progress(g.vdev, 0));
    virtqueue_unpop(vq, e[2], 0);
    g_assert_false(virtio_queue_reset_in_progress(g.vdev, 0));
    for (i = 0; i < 3; i++) {
        g_free(e[i]);
    }
    g_assert_cmpuint(ld16(USED + 2), ==, 0);
    g_assert_cmpuint(ld16(USED2 + 2), ==, 0);

    g_assert_true(virtio_queue_enable(g.vdev, 0));
    g_assert_cmpuint(g.tv->queue_enables, ==, 1);
    g_assert_true(virtio_queue_ready(vq));
    sdesc(DESC2, 5, BUF, 4, VRING_DESC_F_WRITE, 0);
    st16(AVAIL2 + 4, 5);
    st16(AVAIL2 + 2, 1);
    kick();
    g_assert_cmpuint(ld16(USED2 + 2), ==, 1);
    g_assert_cmpuint(ld32(USED2 + 4), ==, 5);
    g_assert_cmpuint(ld16(USED + 2), ==, 0);
    g_assert_false(g.vdev->broken);
    /* None of the old elements still counts: the device may hold all. */
    for (i = 0; i < QSZ; i++) {
        sdesc(DESC2, i, BUF, 4, VRING_DESC_F_WRITE, 0);
        st16(AVAIL2 + 4 + 2 * ((1 + i) % QSZ), i);
    }
    st16(AVAIL2 + 2, 1 + QSZ);
    for (i = 0; i < QSZ; i++) {
        held[i] = virtqueue_pop(vq, sizeof(*held[i]));
        g_assert_nonnull(held[i]);
    }
    g_assert_false(g.vdev->broken);
    for (i = 0; i < QSZ; i++) {
        virtqueue_detach_element(vq, held[i], 0);
        g_free(held[i]);
    }
    teardown();
}

/*
 * A device reset forgets what was out at a queue reset; an element from
 * before the reset given back once the driver set the queue up again
 * is dropped, not put in the ring.
 */
static void test_queue_reset_device_reset(void)
{
    VirtQueueElement *e;

    setup(F(VIRTIO_F_RING_RESET));
    e = pop_kept(0);
    virtio_queue_reset(g.vdev, 0);
    g_assert_true(virtio_queue_reset_in_progress(g.vdev, 0));
    virtio_reset(g.vdev);
    g_assert_false(virtio_queue_reset_in_progress(g.vdev, 0));
    memset(g.mem + AVAIL, 0, 0x2000);
    g.avail_idx = 0;
    virtio_queue_set_rings(g.vdev, 0, DESC, AVAIL, USED);
    virtio_queue_set_vector(g.vdev, 0, Q_VEC);
    g_assert_true(virtio_queue_enable(g.vdev, 0));
    virtio_set_status(g.vdev, VIRTIO_CONFIG_S_DRIVER_OK);

    virtqueue_push(g.tv->vq, e, 4);
    g_free(e);
    g_assert_false(virtio_queue_reset_in_progress(g.vdev, 0));
    g_assert_cmpuint(ld16(USED + 2), ==, 0);
    sdesc(DESC, 3, BUF, 4, VRING_DESC_F_WRITE, 0);
    savail(3);
    kick();
    g_assert_cmpuint(ld16(USED + 2), ==, 1);
    g_assert_cmpuint(ld32(USED + 4), ==, 3);
    teardown();
}

/* Run what the main loop has ready now (the kick bottom half). */
static void run_main_loop(void)
{
    while (main_loop_wait(true)) {
    }
}

/*
 * Deferred kicks (ioeventfd): the handler runs from the main loop, not
 * inside the kick; a kick pending at a reset or at unrealize is dropped;
 * self-kicks run in the same bottom half, and endless ones give up.
 */
static void test_deferred_kick(void)
{
    GString *log = g_string_new(NULL);

    setup(0);
    sdesc(DESC, 0, BUF, 4, VRING_DESC_F_WRITE, 0);
    savail(0);
    virtio_queue_notify_deferred(g.vdev, 0);
    virtio_queue_notify_deferred(g.vdev, 0);
    g_assert_cmpuint(g.tv->runs, ==, 0);
    run_main_loop();
    g_assert_cmpuint(g.tv->runs, ==, 1);
    g_assert_cmpuint(ld16(USED + 2), ==, 1);
    /* Absent queues are not marked. */
    virtio_queue_notify_deferred(g.vdev, 1);
    virtio_queue_notify_deferred(g.vdev, VIRTIO_QUEUE_MAX);
    run_main_loop();
    g_assert_cmpuint(g.tv->runs, ==, 1);

    g.tv->self_kicks = 3;
    g.tv->defer_self_kicks = true;
    virtio_queue_notify_deferred(g.vdev, 0);
    run_main_loop();
    g_assert_cmpuint(g.tv->runs, ==, 5);
    g_assert_cmpuint(g.tv->max_depth, ==, 1);
    g.tv->self_kicks = -1;
    error_report_capture(log);
    virtio_queue_notify_deferred(g.vdev, 0);
    run_main_loop();
    error_report_capture(NULL);
    g_assert_true(needs_reset());
    g_assert_nonnull(strstr(log->str, "rings keep notifying"));
    g.tv->self_kicks = 0;
    teardown();

    /* Pending at a device reset: the queue is gone, nothing runs. */
    setup(0);
    savail(0);
    virtio_queue_notify_deferred(g.vdev, 0);
    virtio_reset(g.vdev);
    run_main_loop();
    g_assert_cmpuint(g.tv->runs, ==, 0);
    teardown();

    /* Pending at unrealize: the bottom half goes with the device. */
    setup(0);
    savail(0);
    virtio_queue_notify_deferred(g.vdev, 0);
    teardown();
    run_main_loop();
    g_string_free(log, true);
}

/* ---- virtio-rng ----------------------------------------------------- */

static void test_rng_builtin(void)
{
    bool nonzero = false;

    setup_dev(TYPE_VIRTIO_RNG, NULL, true, F(VIRTIO_F_VERSION_1), false,
              &error_abort);
    g_assert_cmpuint(g.vdev->device_id, ==, VIRTIO_ID_RNG);
    g_assert_cmpuint(g.vdev->config_len, ==, 0);
    g_assert_cmpint(virtio_queue_get_max_num(g.vdev, 0), ==,
                    VIRTIO_RNG_QUEUE_SIZE);
    sdesc(DESC, 0, BUF, 64, VRING_DESC_F_WRITE, 0);
    savail(0);
    kick();
    g_assert_cmpuint(ld16(USED + 2), ==, 1);
    g_assert_cmpuint(ld32(USED + 8), ==, 64);
    for (int i = 0; i < 64; i++) {
        nonzero |= g.mem[BUF + i] != 0;
    }
    g_assert_true(nonzero);
    g_assert_cmpuint(g.notify[Q_VEC], ==, 1);
    /* A request with no writable buffer completes empty. */
    sdesc(DESC, 1, BUF, 8, 0, 0);
    savail(1);
    kick();
    g_assert_cmpuint(ld16(USED + 2), ==, 2);
    g_assert_cmpuint(ld32(USED + 16), ==, 0);
    /* A huge buffer gets a bounded share: no long stall per buffer. */
    sdesc(DESC, 2, BUF, 0x20000, VRING_DESC_F_WRITE, 0);
    savail(2);
    kick();
    g_assert_cmpuint(ld16(USED + 2), ==, 3);
    g_assert_cmpuint(ld32(USED + 24), ==, 0x10000);
    g_assert_false(g.vdev->broken);
    teardown();
}

static Object *rng_file;
static uint64_t rng_max_bytes;

static void rng_props(DeviceState *dev)
{
    if (rng_file) {
        object_property_set_link(OBJECT(dev), "rng", rng_file,
                                 &error_abort);
    }
    if (rng_max_bytes) {
        qdev_prop_set_uint64(dev, "max-bytes", rng_max_bytes);
        qdev_prop_set_uint32(dev, "period", 1000);
    }
}

static void test_rng_random(void)
{
    g_autofree char *path = NULL;
    uint8_t pattern[100];
    int fd;
    int64_t now;

    for (int i = 0; i < 100; i++) {
        pattern[i] = i + 1;
    }
    fd = g_file_open_tmp("virtio-rng-XXXXXX", &path, NULL);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(write(fd, pattern, sizeof(pattern)), ==,
                    sizeof(pattern));
    close(fd);

    rng_file = object_new(TYPE_RNG_RANDOM);
    /* Links point into the composition tree. */
    object_property_add_child(object_get_root(), "test-rng", rng_file);
    object_unref(rng_file);
    g_assert_true(object_property_set_str(rng_file, "filename", path,
                                          &error_abort));
    g_assert_true(user_creatable_complete(USER_CREATABLE(rng_file),
                                          &error_abort));
    /* Too late to change the file. */
    g_assert_false(object_property_set_str(rng_file, "filename", "/x",
                                           NULL));
    rng_max_bytes = 16;
    setup_dev(TYPE_VIRTIO_RNG, rng_props, true, F(VIRTIO_F_VERSION_1),
              false, &error_abort);
    /* Two buffers, but only 16 bytes per period. */
    sdesc(DESC, 0, BUF, 10, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 1);
    sdesc(DESC, 1, BUF + 0x100, 20, VRING_DESC_F_WRITE, 0);
    savail(0);
    kick();
    g_assert_cmpuint(ld32(USED + 8), ==, 16);
    g_assert_cmpmem(g.mem + BUF, 10, pattern, 10);
    g_assert_cmpmem(g.mem + BUF + 0x100, 6, pattern + 10, 6);
    g_assert_cmpuint(g.mem[BUF + 0x106], ==, 0);
    sdesc(DESC, 2, BUF + 0x200, 8, VRING_DESC_F_WRITE, 0);
    savail(2);
    kick();
    g_assert_cmpuint(ld16(USED + 2), ==, 1);
    /* The next period serves it. */
    now = clock_get_ns(CLOCK_VIRTUAL);
    virtual_clock_advance(now + 1000 * 1000000LL);
    g_assert_cmpuint(ld16(USED + 2), ==, 2);
    g_assert_cmpuint(ld32(USED + 16), ==, 8);
    g_assert_cmpmem(g.mem + BUF + 0x200, 8, pattern + 16, 8);
    teardown();
    object_unparent(rng_file);
    rng_file = NULL;
    rng_max_bytes = 0;
    unlink(path);
}

static void rng_bad_period(DeviceState *dev)
{
    qdev_prop_set_uint32(dev, "period", 0);
}

static void test_rng_errors(void)
{
    g_autofree char *fname = NULL;
    Error *err = NULL;
    Object *o;

    g_assert_false(setup_dev(TYPE_VIRTIO_RNG, rng_bad_period, true, 0,
                             false, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "'period' parameter expects a positive integer");
    error_free(err);
    err = NULL;
    teardown();

    o = object_new(TYPE_RNG_RANDOM);
    g_assert_true(object_property_set_str(o, "filename", "/nonexistent/rng",
                                          &error_abort));
    g_assert_false(user_creatable_complete(USER_CREATABLE(o), &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Could not open '/nonexistent/rng': "
                    "No such file or directory");
    error_free(err);
    object_unref(o);

    o = object_new(TYPE_RNG_RANDOM);
    fname = object_property_get_str(o, "filename", &error_abort);
    g_assert_cmpstr(fname, ==, "/dev/urandom");
    object_unref(o);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);
    for (size_t i = 0; i < G_N_ELEMENTS(tv_types); i++) {
        type_register_static(&tv_types[i]);
    }

    g_test_add_func("/virtio/split/basic", test_split_basic);
    g_test_add_func("/virtio/split/indirect", test_split_indirect);
    g_test_add_func("/virtio/split/event-idx", test_split_event_idx);
    g_test_add_func("/virtio/split/flags", test_split_flags);
    g_test_add_func("/virtio/split/notify-on-empty",
                    test_split_notify_on_empty);
    g_test_add_func("/virtio/split/disabled-queue",
                    test_split_disabled_queue);
    g_test_add_func("/virtio/split/malformed", test_split_malformed);
    g_test_add_func("/virtio/split/unpop", test_unpop);
    g_test_add_func("/virtio/split/hold-all", test_hold_all);
    g_test_add_func("/virtio/nested-notify", test_nested_notify);
    g_test_add_func("/virtio/deferred-kick", test_deferred_kick);
    g_test_add_func("/virtio/queue-reset", test_queue_reset);
    g_test_add_func("/virtio/queue-reset/device-reset",
                    test_queue_reset_device_reset);
    g_test_add_func("/virtio/error-rate-limit", test_error_rate_limit);
    g_test_add_func("/virtio/packed/basic", test_packed_basic);
    g_test_add_func("/virtio/packed/indirect", test_packed_indirect);
    g_test_add_func("/virtio/packed/suppression", test_packed_suppression);
    g_test_add_func("/virtio/packed/malformed", test_packed_malformed);
    g_test_add_func("/virtio/features", test_features);
    g_test_add_func("/virtio/config", test_config);
    g_test_add_func("/virtio/queue-setup", test_queue_setup);
    g_test_add_func("/virtio/rng/builtin", test_rng_builtin);
    g_test_add_func("/virtio/rng/random", test_rng_random);
    g_test_add_func("/virtio/rng/errors", test_rng_errors);
    return g_test_run();
}
