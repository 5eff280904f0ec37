/*
 * virtio-keyboard-pci, virtio-mouse-pci and virtio-tablet-pci as a guest
 * driver sees them: the config selectors of each, events injected with
 * QMP input-send-event arriving in the event queue, what happens when
 * the guest posts too few buffers, and malformed guest input (bad
 * selectors, bad status buffers, event buffers too short), on pc and
 * q35.
 */
#include "util/osdep.h"
#include "libqtest.h"
#include "libqvirtio.h"
#include "virtio-test-util.h"

#define INPUT_MODERN_ID     (QVIRTIO_PCI_MODERN_BASE + 18)
#define CFG_SELECT          0
#define CFG_SUBSEL          1
#define CFG_SIZE            2
#define CFG_U               8
#define SEL_ID_NAME         0x01
#define SEL_ID_SERIAL       0x02
#define SEL_ID_DEVIDS       0x03
#define SEL_PROP_BITS       0x10
#define SEL_EV_BITS         0x11
#define SEL_ABS_INFO        0x12
#define EV_SYN              0
#define EV_KEY              1
#define EV_REL              2
#define EV_ABS              3
#define EV_LED              0x11
#define KEY_A               30
#define KEY_ENTER           28
#define KEY_UP              103
#define KEY_F12             88
#define BTN_LEFT            0x110
#define EVENT_SIZE          8
#define NBUFS               16

/* The three devices, in slot order (see dev_args). */
enum { KBD, MOUSE, TABLET, NDEVS };

static const char dev_args[] =
    "-device virtio-keyboard-pci,id=kbd,serial=kbd-serial-1,addr=04 "
    "-device virtio-mouse-pci,id=mouse,addr=05 "
    "-device virtio-tablet-pci,id=tablet,addr=06";

typedef struct InputDev {
    QVirtioDevice *vd;
    QVirtQueue *evq;
    QVirtQueue *stq;
    uint64_t bufs[NBUFS];
    uint16_t ids[NBUFS];
    int posted;
} InputDev;

typedef struct Fixture {
    VTMachine m;
    InputDev dev[NDEVS];
} Fixture;

static void setup_dev(Fixture *f, int n)
{
    InputDev *d = &f->dev[n];
    QPCIDevice *pdev = vt_find(&f->m, INPUT_MODERN_ID, n);

    g_assert_nonnull(pdev);
    d->vd = qvirtio_pci_new(pdev, f->m.alloc);
    qvirtio_reset(d->vd);
    g_assert_true(qvirtio_negotiate(d->vd, QVIRTIO_F_VERSION_1));
    d->evq = qvirtqueue_setup(d->vd, 0, false);
    d->stq = qvirtqueue_setup(d->vd, 1, false);
    g_assert_nonnull(d->evq);
    g_assert_nonnull(d->stq);
    g_assert_cmpuint(d->evq->size, ==, 64);
    qvirtio_set_driver_ok(d->vd);
}

static void fixture_start(Fixture *f, const char *machine)
{
    int i;

    memset(f, 0, sizeof(*f));
    vt_start(&f->m, machine, dev_args);
    for (i = 0; i < NDEVS; i++) {
        setup_dev(f, i);
    }
}

static void fixture_stop(Fixture *f)
{
    int i;

    for (i = 0; i < NDEVS; i++) {
        qvirtqueue_cleanup(f->dev[i].evq);
        qvirtqueue_cleanup(f->dev[i].stq);
        qvirtio_reset(f->dev[i].vd);
        qvirtio_pci_free(f->dev[i].vd);
    }
    vt_stop(&f->m);
}

/* Post @n device-writable event buffers of @len bytes. */
static void post_bufs(Fixture *f, InputDev *d, int n, uint32_t len)
{
    int i;

    for (i = 0; i < n; i++) {
        QVirtBuf b;

        g_assert_cmpint(d->posted, <, NBUFS);
        b.addr = qguest_alloc(f->m.alloc, 64, 8);
        b.len = len;
        b.write = true;
        qtest_memset(f->m.qts, b.addr, 0xee, 64);
        d->bufs[d->posted] = b.addr;
        d->ids[d->posted] = qvirtqueue_add(d->evq, &b, 1, false);
        d->posted++;
    }
    qvirtqueue_kick(d->evq);
}

typedef struct Ev {
    uint16_t type, code;
    uint32_t value;
} Ev;

/* Collect the events the device used so far (in order), at most @max. */
static int take_events(Fixture *f, InputDev *d, Ev *out, int max)
{
    uint16_t id;
    uint32_t len;
    int n = 0;

    while (n < max && qvirtqueue_get_used(d->evq, &id, &len)) {
        uint8_t raw[EVENT_SIZE];
        int i;

        g_assert_cmpuint(len, ==, EVENT_SIZE);
        for (i = 0; i < d->posted && d->ids[i] != id; i++) {
            /* find the buffer */
        }
        g_assert_cmpint(i, <, d->posted);
        qtest_memread(f->m.qts, d->bufs[i], raw, sizeof(raw));
        out[n].type = raw[0] | raw[1] << 8;
        out[n].code = raw[2] | raw[3] << 8;
        out[n].value = raw[4] | raw[5] << 8 | raw[6] << 16 |
                       (uint32_t)raw[7] << 24;
        qguest_free(f->m.alloc, d->bufs[i]);
        d->bufs[i] = d->bufs[d->posted - 1];
        d->ids[i] = d->ids[d->posted - 1];
        d->posted--;
        n++;
    }
    return n;
}

static void assert_ev(const Ev *e, uint16_t type, uint16_t code,
                      uint32_t value)
{
    g_assert_cmpuint(e->type, ==, type);
    g_assert_cmpuint(e->code, ==, code);
    g_assert_cmpuint(e->value, ==, value);
}

/* Select @sel/@subsel and return the size; @u gets the data. */
static uint8_t cfg_query(InputDev *d, uint8_t sel, uint8_t subsel,
                         uint8_t *u)
{
    uint8_t size;
    int i;

    qvirtio_config_writeb(d->vd, CFG_SELECT, sel);
    qvirtio_config_writeb(d->vd, CFG_SUBSEL, subsel);
    g_assert_cmpuint(qvirtio_config_readb(d->vd, CFG_SELECT), ==, sel);
    g_assert_cmpuint(qvirtio_config_readb(d->vd, CFG_SUBSEL), ==, subsel);
    size = qvirtio_config_readb(d->vd, CFG_SIZE);
    g_assert_cmpuint(size, <=, 128);
    for (i = 0; i < 128; i++) {
        u[i] = qvirtio_config_readb(d->vd, CFG_U + i);
    }
    return size;
}

static bool bit_set(const uint8_t *u, uint8_t size, unsigned bit)
{
    return bit / 8 < size && (u[bit / 8] & (1u << (bit % 8)));
}

static void check_string(InputDev *d, uint8_t sel, const char *want)
{
    uint8_t u[128];
    uint8_t size = cfg_query(d, sel, 0, u);

    g_assert_cmpuint(size, ==, strlen(want));
    g_assert_true(memcmp(u, want, size) == 0);
}

static void check_devids(InputDev *d, uint16_t product)
{
    uint8_t u[128];

    g_assert_cmpuint(cfg_query(d, SEL_ID_DEVIDS, 0, u), ==, 8);
    g_assert_cmphex(u[0] | u[1] << 8, ==, 0x06);         /* BUS_VIRTUAL */
    g_assert_cmphex(u[2] | u[3] << 8, ==, 0x0627);
    g_assert_cmphex(u[4] | u[5] << 8, ==, product);
    g_assert_cmphex(u[6] | u[7] << 8, ==, 0x0001);
}

static void test_config(const void *opaque)
{
    Fixture f;
    uint8_t u[128], size;
    int i;

    fixture_start(&f, opaque);
    check_string(&f.dev[KBD], SEL_ID_NAME, "QEMU Virtio Keyboard");
    check_string(&f.dev[MOUSE], SEL_ID_NAME, "QEMU Virtio Mouse");
    check_string(&f.dev[TABLET], SEL_ID_NAME, "QEMU Virtio Tablet");
    check_string(&f.dev[KBD], SEL_ID_SERIAL, "kbd-serial-1");
    g_assert_cmpuint(cfg_query(&f.dev[MOUSE], SEL_ID_SERIAL, 0, u), ==, 0);
    check_devids(&f.dev[KBD], 1);
    check_devids(&f.dev[MOUSE], 2);
    check_devids(&f.dev[TABLET], 3);

    /* Keyboard: keys and LEDs, no pointer. */
    size = cfg_query(&f.dev[KBD], SEL_EV_BITS, EV_KEY, u);
    g_assert_true(bit_set(u, size, KEY_A));
    g_assert_true(bit_set(u, size, KEY_ENTER));
    g_assert_true(bit_set(u, size, KEY_UP));
    g_assert_true(bit_set(u, size, KEY_F12));
    g_assert_false(bit_set(u, size, BTN_LEFT));
    size = cfg_query(&f.dev[KBD], SEL_EV_BITS, EV_LED, u);
    g_assert_cmphex(u[0] & 7, ==, 7);
    g_assert_cmpuint(cfg_query(&f.dev[KBD], SEL_EV_BITS, EV_REL, u), ==, 0);
    g_assert_cmpuint(cfg_query(&f.dev[KBD], SEL_EV_BITS, EV_ABS, u), ==, 0);

    /* Mouse: buttons, REL_X, REL_Y, REL_WHEEL. */
    size = cfg_query(&f.dev[MOUSE], SEL_EV_BITS, EV_KEY, u);
    g_assert_true(bit_set(u, size, BTN_LEFT));
    g_assert_false(bit_set(u, size, KEY_A));
    size = cfg_query(&f.dev[MOUSE], SEL_EV_BITS, EV_REL, u);
    g_assert_cmpuint(size, ==, 2);
    g_assert_cmphex(u[0], ==, 0x03);
    g_assert_cmphex(u[1], ==, 0x01);
    g_assert_cmpuint(cfg_query(&f.dev[MOUSE], SEL_EV_BITS, EV_ABS, u), ==, 0);

    /* Tablet: ABS_X/ABS_Y over 0..0x7fff. */
    size = cfg_query(&f.dev[TABLET], SEL_EV_BITS, EV_ABS, u);
    g_assert_cmpuint(size, ==, 1);
    g_assert_cmphex(u[0], ==, 0x03);
    for (i = 0; i < 2; i++) {
        g_assert_cmpuint(cfg_query(&f.dev[TABLET], SEL_ABS_INFO, i, u), ==,
                         20);
        g_assert_cmpuint(u[0] | u[1] << 8 | u[2] << 16, ==, 0);
        g_assert_cmphex(u[4] | u[5] << 8 | u[6] << 16 | u[7] << 24, ==,
                        0x7fff);
    }
    g_assert_cmpuint(cfg_query(&f.dev[TABLET], SEL_ABS_INFO, 2, u), ==, 0);
    g_assert_cmpuint(cfg_query(&f.dev[MOUSE], SEL_ABS_INFO, 0, u), ==, 0);

    /* Nonsense selectors answer size 0 with zeroed data. */
    g_assert_cmpuint(cfg_query(&f.dev[KBD], 0x00, 0, u), ==, 0);
    g_assert_cmpuint(cfg_query(&f.dev[KBD], 0x7f, 3, u), ==, 0);
    g_assert_cmpuint(cfg_query(&f.dev[KBD], 0xff, 0xff, u), ==, 0);
    g_assert_cmpuint(u[0], ==, 0);
    g_assert_cmpuint(cfg_query(&f.dev[KBD], SEL_ID_NAME, 0xff, u), ==, 0);
    g_assert_cmpuint(cfg_query(&f.dev[KBD], SEL_PROP_BITS, 0, u), ==, 0);
    g_assert_cmpuint(cfg_query(&f.dev[KBD], SEL_EV_BITS, 0xff, u), ==, 0);
    /* The size byte is read-only. */
    qvirtio_config_writeb(f.dev[KBD].vd, CFG_SELECT, SEL_ID_NAME);
    qvirtio_config_writeb(f.dev[KBD].vd, CFG_SUBSEL, 0);
    qvirtio_config_writeb(f.dev[KBD].vd, CFG_SIZE, 99);
    g_assert_cmpuint(qvirtio_config_readb(f.dev[KBD].vd, CFG_SIZE), ==, 20);
    fixture_stop(&f);
}

/* Send one key event (@key is JSON: "\"a\"" or "28"), must succeed. */
static void send_key(QTestState *qts, const char *dev, const char *kind,
                     const char *key, bool down)
{
    g_autofree char *devarg = dev ? g_strdup_printf("\"device\": \"%s\", ",
                                                    dev) : g_strdup("");
    QDict *rsp;

    qtest_qmp_send_raw(qts,
        "{\"execute\": \"input-send-event\", \"arguments\": { %s"
        "\"events\": [{\"type\": \"key\", \"data\": {\"down\": %s, "
        "\"key\": {\"type\": \"%s\", \"data\": %s}}}]}}\n",
        devarg, down ? "true" : "false", kind, key);
    rsp = qtest_qmp_receive(qts);
    g_assert_null(qmp_error_desc(rsp));
    qobject_unref(rsp);
}

static void test_events(const void *opaque)
{
    Fixture f;
    Ev ev[NBUFS];
    QTestState *qts;

    fixture_start(&f, opaque);
    qts = f.m.qts;
    post_bufs(&f, &f.dev[KBD], 8, EVENT_SIZE);
    post_bufs(&f, &f.dev[MOUSE], 8, EVENT_SIZE);
    post_bufs(&f, &f.dev[TABLET], 8, EVENT_SIZE);

    /* Key down and up, each followed by EV_SYN. */
    send_key(qts, NULL, "qcode", "\"a\"", true);
    send_key(qts, NULL, "qcode", "\"a\"", false);
    g_assert_cmpint(take_events(&f, &f.dev[KBD], ev, NBUFS), ==, 4);
    assert_ev(&ev[0], EV_KEY, KEY_A, 1);
    assert_ev(&ev[1], EV_SYN, 0, 0);
    assert_ev(&ev[2], EV_KEY, KEY_A, 0);
    assert_ev(&ev[3], EV_SYN, 0, 0);
    /* A key number (scancode 0x1c is Enter) and the device's id. */
    send_key(qts, "kbd", "number", "28", true);
    g_assert_cmpint(take_events(&f, &f.dev[KBD], ev, NBUFS), ==, 2);
    assert_ev(&ev[0], EV_KEY, KEY_ENTER, 1);
    /* An extended key (0xc8: Up). */
    send_key(qts, NULL, "number", "200", true);
    g_assert_cmpint(take_events(&f, &f.dev[KBD], ev, NBUFS), ==, 2);
    assert_ev(&ev[0], EV_KEY, KEY_UP, 1);

    /*
     * Relative motion and a button aimed at the mouse: one report.
     * (Without "device" the button would go to the tablet, the newest
     * device that takes buttons.)
     */
    qtest_qmp_assert_success(qts,
        "{\"execute\": \"input-send-event\", \"arguments\": {"
        "\"device\": \"mouse\", \"events\": [{\"type\": \"rel\", \"data\": {\"axis\": \"x\", "
        "\"value\": 10}}, {\"type\": \"rel\", \"data\": {\"axis\": \"y\", "
        "\"value\": -3}}, {\"type\": \"btn\", \"data\": {\"down\": true, "
        "\"button\": \"left\"}}]}}");
    g_assert_cmpint(take_events(&f, &f.dev[MOUSE], ev, NBUFS), ==, 4);
    assert_ev(&ev[0], EV_REL, 0, 10);
    assert_ev(&ev[1], EV_REL, 1, (uint32_t)-3);
    assert_ev(&ev[2], EV_KEY, BTN_LEFT, 1);
    assert_ev(&ev[3], EV_SYN, 0, 0);
    qtest_qmp_assert_success(qts,
        "{\"execute\": \"input-send-event\", \"arguments\": {"
        "\"device\": \"mouse\", "
        "\"events\": [{\"type\": \"btn\", \"data\": {\"down\": true, "
        "\"button\": \"wheel-down\"}}]}}");
    g_assert_cmpint(take_events(&f, &f.dev[MOUSE], ev, NBUFS), ==, 2);
    assert_ev(&ev[0], EV_REL, 8, (uint32_t)-1);

    /* Absolute motion goes to the tablet. */
    qtest_qmp_assert_success(qts,
        "{\"execute\": \"input-send-event\", \"arguments\": {"
        "\"events\": [{\"type\": \"abs\", \"data\": {\"axis\": \"x\", "
        "\"value\": 16384}}, {\"type\": \"abs\", \"data\": {\"axis\": "
        "\"y\", \"value\": 32767}}]}}");
    g_assert_cmpint(take_events(&f, &f.dev[TABLET], ev, NBUFS), ==, 3);
    assert_ev(&ev[0], EV_ABS, 0, 16384);
    assert_ev(&ev[1], EV_ABS, 1, 32767);
    assert_ev(&ev[2], EV_SYN, 0, 0);
    /* A button aimed at the tablet by id goes to the tablet. */
    qtest_qmp_assert_success(qts,
        "{\"execute\": \"input-send-event\", \"arguments\": {"
        "\"device\": \"tablet\", \"events\": [{\"type\": \"btn\", "
        "\"data\": {\"down\": false, \"button\": \"left\"}}]}}");
    g_assert_cmpint(take_events(&f, &f.dev[TABLET], ev, NBUFS), ==, 2);
    assert_ev(&ev[0], EV_KEY, BTN_LEFT, 0);
    g_assert_cmpint(take_events(&f, &f.dev[MOUSE], ev, NBUFS), ==, 0);
    g_assert_false(qvirtio_get_status(f.dev[KBD].vd) & QVIRTIO_S_NEEDS_RESET);
    fixture_stop(&f);
}

/* Reports that find too few buffers are dropped whole, not split. */
static void test_exhaustion(const void *opaque)
{
    Fixture f;
    Ev ev[NBUFS];
    QTestState *qts;

    fixture_start(&f, opaque);
    qts = f.m.qts;
    /* No buffers at all: the report is lost. */
    send_key(qts, NULL, "qcode", "\"a\"", true);
    /* One buffer: a two-event report does not fit and is lost too. */
    post_bufs(&f, &f.dev[KBD], 1, EVENT_SIZE);
    send_key(qts, NULL, "qcode", "\"a\"", false);
    g_assert_cmpint(take_events(&f, &f.dev[KBD], ev, NBUFS), ==, 0);
    /* The buffer was not consumed: with one more the next report fits. */
    post_bufs(&f, &f.dev[KBD], 1, EVENT_SIZE);
    send_key(qts, NULL, "qcode", "\"b\"", true);
    g_assert_cmpint(take_events(&f, &f.dev[KBD], ev, NBUFS), ==, 2);
    assert_ev(&ev[0], EV_KEY, 48, 1);
    assert_ev(&ev[1], EV_SYN, 0, 0);
    /* Three buffers: one report goes, the next (two events) does not. */
    post_bufs(&f, &f.dev[KBD], 3, EVENT_SIZE);
    send_key(qts, NULL, "qcode", "\"c\"", true);
    send_key(qts, NULL, "qcode", "\"d\"", true);
    g_assert_cmpint(take_events(&f, &f.dev[KBD], ev, NBUFS), ==, 2);
    assert_ev(&ev[0], EV_KEY, 46, 1);
    g_assert_false(qvirtio_get_status(f.dev[KBD].vd) & QVIRTIO_S_NEEDS_RESET);
    fixture_stop(&f);
}

/* Status queue records: LED events, and buffers of the wrong shape. */
static void test_statusq(const void *opaque)
{
    Fixture f;
    InputDev *d;
    uint64_t addr;
    uint8_t led[EVENT_SIZE] = { EV_LED, 0, 1, 0, 1, 0, 0, 0 };
    QVirtBuf b;
    uint16_t id;

    fixture_start(&f, opaque);
    d = &f.dev[KBD];
    addr = qguest_alloc(f.m.alloc, 64, 8);
    qtest_memwrite(f.m.qts, addr, led, sizeof(led));

    /* A proper LED record (Caps Lock on). */
    b = (QVirtBuf){ .addr = addr, .len = EVENT_SIZE, .write = false };
    id = qvirtqueue_add(d->stq, &b, 1, false);
    qvirtqueue_kick(d->stq);
    g_assert_cmpuint(qvirtqueue_wait_used(d->stq, id, QVIRTIO_TIMEOUT_US),
                     ==, 0);
    /* Too short, device-writable, and an unknown event type. */
    b.len = 3;
    id = qvirtqueue_add(d->stq, &b, 1, false);
    qvirtqueue_kick(d->stq);
    qvirtqueue_wait_used(d->stq, id, QVIRTIO_TIMEOUT_US);
    b.len = EVENT_SIZE;
    b.write = true;
    id = qvirtqueue_add(d->stq, &b, 1, false);
    qvirtqueue_kick(d->stq);
    qvirtqueue_wait_used(d->stq, id, QVIRTIO_TIMEOUT_US);
    led[0] = 0x7f;
    led[2] = 0xff;
    qtest_memwrite(f.m.qts, addr, led, sizeof(led));
    b.write = false;
    id = qvirtqueue_add(d->stq, &b, 1, false);
    qvirtqueue_kick(d->stq);
    qvirtqueue_wait_used(d->stq, id, QVIRTIO_TIMEOUT_US);
    /* Status records on the mouse (no LEDs) are accepted too. */
    id = qvirtqueue_add(f.dev[MOUSE].stq, &b, 1, false);
    qvirtqueue_kick(f.dev[MOUSE].stq);
    qvirtqueue_wait_used(f.dev[MOUSE].stq, id, QVIRTIO_TIMEOUT_US);

    /* The device still works. */
    g_assert_false(qvirtio_get_status(d->vd) & QVIRTIO_S_NEEDS_RESET);
    post_bufs(&f, d, 2, EVENT_SIZE);
    send_key(f.m.qts, NULL, "qcode", "\"ret\"", true);
    {
        Ev ev[2];

        g_assert_cmpint(take_events(&f, d, ev, 2), ==, 2);
        assert_ev(&ev[0], EV_KEY, KEY_ENTER, 1);
    }
    qguest_free(f.m.alloc, addr);
    fixture_stop(&f);
}

/* Event buffers shorter than an event: the device needs a reset. */
static void test_short_eventq_buffer(const void *opaque)
{
    Fixture f;
    InputDev *d;
    Ev ev[2];

    fixture_start(&f, opaque);
    d = &f.dev[KBD];
    post_bufs(&f, d, 2, 4);
    send_key(f.m.qts, NULL, "qcode", "\"a\"", true);
    g_assert_true(qvirtio_get_status(d->vd) & QVIRTIO_S_NEEDS_RESET);
    /* Still answering QMP; a reset and a fresh setup recover. */
    qvirtqueue_cleanup(d->evq);
    qvirtqueue_cleanup(d->stq);
    d->posted = 0;
    qvirtio_reset(d->vd);
    qvirtio_pci_free(d->vd);
    setup_dev(&f, KBD);
    post_bufs(&f, d, 2, EVENT_SIZE);
    send_key(f.m.qts, NULL, "qcode", "\"a\"", false);
    g_assert_cmpint(take_events(&f, d, ev, 2), ==, 2);
    assert_ev(&ev[0], EV_KEY, KEY_A, 0);
    fixture_stop(&f);
}

#define QMP_EV(ev) "{\"execute\": \"input-send-event\", \"arguments\": " ev "}"

static void test_qmp_errors(void)
{
    QTestState *qts = qtest_initf("-M pc -nodefaults -device "
                                  "virtio-keyboard-pci,id=kbd");

    qmp_assert_error(qtest_qmp(qts, QMP_EV("{\"events\": [{\"type\": "
        "\"key\", \"data\": {\"down\": true, \"key\": {\"type\": "
        "\"qcode\", \"data\": \"bogus\"}}}]}")), "GenericError",
        "Parameter 'data' does not accept value 'bogus'");
    qmp_assert_error(qtest_qmp(qts, QMP_EV("{\"events\": [{\"type\": "
        "\"foo\", \"data\": {}}]}")), "GenericError",
        "Parameter 'type' does not accept value 'foo'");
    qmp_assert_error(qtest_qmp(qts, QMP_EV("{\"events\": [{\"type\": "
        "\"btn\", \"data\": {\"button\": \"left\"}}]}")), "GenericError",
        "Parameter 'events[0].data.down' is missing");
    qmp_assert_error(qtest_qmp(qts, QMP_EV("{\"events\": [{\"type\": "
        "\"abs\", \"data\": {\"axis\": \"z\", \"value\": 1}}]}")),
        "GenericError", "Parameter 'axis' does not accept value 'z'");
    qmp_assert_error(qtest_qmp(qts, QMP_EV("{\"events\": [{\"type\": "
        "\"abs\", \"data\": {\"axis\": \"x\", \"value\": \"a\"}}]}")),
        "GenericError", "Invalid parameter type for "
        "'events[0].data.value', expected: integer");
    qmp_assert_error(qtest_qmp(qts, QMP_EV("{\"events\": [3]}")),
        "GenericError",
        "Invalid parameter type for 'events[0]', expected: object");
    qmp_assert_error(qtest_qmp(qts, QMP_EV("{\"events\": [{\"type\": "
        "\"key\"}]}")), "GenericError",
        "Parameter 'events[0].data' is missing");
    qmp_assert_error(qtest_qmp(qts, QMP_EV("{\"device\": \"nosuch\", "
        "\"events\": []}")), "DeviceNotFound", "Device 'nosuch' not found");
    /* No pointer device: qemu's message. */
    qmp_assert_error(qtest_qmp(qts, QMP_EV("{\"events\": [{\"type\": "
        "\"rel\", \"data\": {\"axis\": \"x\", \"value\": 1}}]}")),
        "GenericError", "Input handler not found for event type rel");
    /* Unknown key numbers are ignored, as qemu does; empty is fine. */
    qtest_qmp_assert_success(qts, QMP_EV("{\"events\": [{\"type\": "
        "\"key\", \"data\": {\"down\": true, \"key\": {\"type\": "
        "\"number\", \"data\": 100000}}}]}"));
    qtest_qmp_assert_success(qts, QMP_EV("{\"events\": []}"));
    qtest_quit(qts);
}

static void add_machine_tests(const char *machine)
{
    static const struct {
        const char *name;
        GTestDataFunc fn;
    } tests[] = {
        { "config", test_config },
        { "events", test_events },
        { "exhaustion", test_exhaustion },
        { "statusq", test_statusq },
        { "short-eventq-buffer", test_short_eventq_buffer },
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(tests); i++) {
        g_autofree char *path = g_strdup_printf("/virtio-input/%s/%s",
                                                machine, tests[i].name);

        g_test_add_data_func(path, machine, tests[i].fn);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    if (!qtest_require_device("virtio-keyboard-pci")) {
        return g_test_run();
    }
    add_machine_tests("pc");
    add_machine_tests("q35");
    g_test_add_func("/virtio-input/qmp-errors", test_qmp_errors);
    return g_test_run();
}
