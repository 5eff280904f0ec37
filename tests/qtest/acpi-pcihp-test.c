/*
 * ACPI PCI hotplug through PIIX4_PM, as a PC's firmware drives it: the
 * registers at 0xae00 (up, down, eject, removable, bus select,
 * acpi-index), the GPE block at 0xafe0 and the SCI, device_add and
 * device_del, the guest's eject and DEVICE_DELETED, unplugs a reset
 * completes, bridges, bad guest accesses; and the PM1 registers, the PM
 * timer and APM ports of PIIX4_PM.
 *
 * Each test runs on two set-ups when it can:
 *
 *   none  -M none, corvid-test-pci-host "host" (its I/O window opened
 *         over 0xa000-0xbfff, where the registers are) and the test
 *         build's creatable PIIX4_PM at 01.3 of its root bus "host.0"
 *   pc    -M pc, whose PIIX4_PM is at 00:01.3 of "pci.0" (skipped while
 *         the board has none)
 *
 * Expected values are what qemu-system-x86_64 7.2 does (observed with
 * HMP "i"/"o" and QMP).
 */
#include "util/osdep.h"
#include "libqtest.h"
#include "qobject/qobject.h"
#include "qobject/qjson.h"

/* The register block (include/hw/acpi/pcihp.h) */
#define PCIHP           0xae00
#define PCI_UP          (PCIHP + 0x00)
#define PCI_DOWN        (PCIHP + 0x04)
#define PCI_EJ          (PCIHP + 0x08)
#define PCI_RMV         (PCIHP + 0x0c)
#define PCI_SEL         (PCIHP + 0x10)
#define PCI_AIDX        (PCIHP + 0x14)
#define PCIHP_LEN       0x18

/* GPE0: status bytes, then enable bytes; bit 1 is PCI hotplug */
#define GPE0_STS        0xafe0
#define GPE0_EN         0xafe2
#define GPE_PCIHP       0x02

/* PIIX4_PM configuration and PM block */
#define PM_DEVFN        ((1 << 3) | 3)
#define PMBA            0x40
#define PMREGMISC       0x80
#define PM1_STS         0x00
#define PM1_EN          0x02
#define PM1_CNT         0x04
#define PM_TMR          0x08
#define TMR_STS         0x0001
#define TMR_EN          0x0001
#define PWRBTN_STS      0x0100
#define SCI_EN          0x0001
#define SLP_EN          0x2000
#define APM_CNT         0xb2
#define APM_STS         0xb3

/* Where the tests put things */
#define SLOT_A          5
#define SLOT_B          6
#define PM_TIMER_HZ     3579545

typedef struct Setup {
    const char *name;
    const char *args;       /* the machine, PIIX4_PM included */
    const char *bus;        /* the root bus's name */
    const char *pm_type;
    uint16_t pm_base;       /* where the tests map the PM block */
    uint32_t rmv;           /* PCI_RMV of the root bus, as built */
    bool pc;
} Setup;

static const Setup setup_none = {
    .name = "none",
    .args = "-M none -device corvid-test-pci-host,id=host,io-base=0xa000,"
            "io-size=0x2000 -device corvid-test-piix4-pm,bus=host.0,"
            "addr=01.3,id=pm",
    .bus = "host.0",
    .pm_type = "corvid-test-piix4-pm",
    .pm_base = 0xb000,
    .rmv = ~(1u << 1),          /* PIIX4_PM's slot */
};

static const Setup setup_pc = {
    .name = "pc",
    .args = "-M pc",
    .bus = "pci.0",
    .pm_type = "PIIX4_PM",
    .pm_base = 0x600,
    .rmv = ~3u,                 /* the host bridge, the PIIX functions */
    .pc = true,
};

typedef struct Fixture {
    const Setup *setup;
    QTestState *qts;
    char *pm;                   /* PIIX4_PM's QOM path */
} Fixture;

/* Start @setup with @extra arguments; false (test skipped) if the
 * machine has no PIIX4_PM yet. */
static bool start(Fixture *f, const Setup *setup, const char *extra)
{
    QObject *handler;

    f->setup = setup;
    if (setup->pc && !qtest_has_machine("pc")) {
        g_test_skip("no pc machine");
        return false;
    }
    if (!setup->pc && !qtest_require_device("corvid-test-piix4-pm")) {
        return false;
    }
    f->qts = qtest_initf("%s %s", setup->args, extra ? extra : "");
    if (!setup->pc) {
        f->pm = g_strdup("/machine/peripheral/pm");
        return true;
    }
    handler = qtest_qom_get(f->qts, "/machine/i440fx/pci.0",
                            "hotplug-handler");
    f->pm = g_strdup(qstring_get_str(qobject_to(QString, handler)));
    qobject_unref(handler);
    if (!*f->pm) {
        qtest_quit(f->qts);
        g_free(f->pm);
        g_test_skip("the pc machine has no PIIX4_PM yet");
        return false;
    }
    return true;
}

static void stop(Fixture *f)
{
    qtest_quit(f->qts);
    g_free(f->pm);
}

/* Most tests: a body run on the set-up started without extra arguments. */
typedef void TestBody(Fixture *f, QTestState *qts);

typedef struct Case {
    const Setup *setup;
    TestBody *body;
} Case;

static void run_case(const void *data)
{
    const Case *c = data;
    Fixture f;

    if (start(&f, c->setup, NULL)) {
        c->body(&f, f.qts);
        stop(&f);
    }
}

/* Configuration space of 00:01.3 and of the bus's functions */

static uint32_t cfg_addr(int devfn, int off)
{
    return 0x80000000u | (devfn << 8) | (off & 0xfc);
}

static uint32_t cfg_readl(Fixture *f, int devfn, int off)
{
    qtest_outl(f->qts, 0xcf8, cfg_addr(devfn, off));
    return qtest_inl(f->qts, 0xcfc);
}

static uint16_t cfg_readw(Fixture *f, int devfn, int off)
{
    qtest_outl(f->qts, 0xcf8, cfg_addr(devfn, off));
    return qtest_inw(f->qts, 0xcfc + (off & 2));
}

static void cfg_writel(Fixture *f, int devfn, int off, uint32_t val)
{
    qtest_outl(f->qts, 0xcf8, cfg_addr(devfn, off));
    qtest_outl(f->qts, 0xcfc, val);
}

static void cfg_writeb(Fixture *f, int devfn, int off, uint8_t val)
{
    qtest_outl(f->qts, 0xcf8, cfg_addr(devfn, off));
    qtest_outb(f->qts, 0xcfc + (off & 3), val);
}

/* Map the PM block at the set-up's base, as firmware does. */
static void pm_map(Fixture *f)
{
    cfg_writel(f, PM_DEVFN, PMBA, f->setup->pm_base | 1);
    cfg_writeb(f, PM_DEVFN, PMREGMISC, 1);
}

/* Devices */

/* device_add of a test function; @extra: more members (", 'k': v"). */
static void add_dev(Fixture *f, const char *id, const char *bus, int slot,
                    const char *extra)
{
    g_autofree char *json = g_strdup_printf(
        "{'driver': 'corvid-test-pci-dev', 'id': '%s', 'bus': '%s', "
        "'addr': '%x'%s}", id, bus, slot, extra ? extra : "");
    QObject *args = qobject_from_json(json, &error_abort);

    qtest_qmp_assert_success(f->qts, "{'execute': 'device_add', "
                             "'arguments': %p}", args);
}

static void del_dev(Fixture *f, const char *id)
{
    qtest_qmp_assert_success(f->qts, "{'execute': 'device_del', "
                             "'arguments': {'id': %s}}", id);
}

static bool dev_exists(Fixture *f, const char *id)
{
    g_autofree char *path = g_strdup_printf("/machine/peripheral/%s", id);
    QDict *rsp = qtest_qmp(f->qts, "{'execute': 'qom-get', 'arguments': "
                           "{'path': %s, 'property': 'type'}}", path);
    bool ok = qdict_haskey(rsp, "return");

    qobject_unref(rsp);
    return ok;
}

static void assert_deleted(Fixture *f, const char *id)
{
    g_autofree char *data = g_strdup_printf(
        "{\"device\": \"%s\", \"path\": \"/machine/peripheral/%s\"}",
        id, id);

    qtest_qmp_assert_event(f->qts, "DEVICE_DELETED", data);
    g_assert_false(dev_exists(f, id));
}

static void assert_qmp_error(Fixture *f, const char *desc,
                             const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static void assert_qmp_error(Fixture *f, const char *desc,
                             const char *fmt, ...)
{
    va_list ap;
    QDict *rsp;

    va_start(ap, fmt);
    rsp = qtest_vqmp(f->qts, fmt, ap);
    va_end(ap);
    qmp_assert_error(rsp, "GenericError", desc);
}

/* A uint property's value. */
static uint64_t qom_get_uint(Fixture *f, const char *path, const char *prop)
{
    QObject *v = qtest_qom_get(f->qts, path, prop);
    uint64_t val = 0;

    g_assert_true(qnum_get_try_uint(qobject_to(QNum, v), &val));
    qobject_unref(v);
    return val;
}

static uint32_t bsel_of(Fixture *f, const char *bus_path)
{
    return qom_get_uint(f, bus_path, "acpi-pcihp-bsel");
}

static bool sci(Fixture *f)
{
    return qtest_get_irq(f->qts, 0);
}

/* Assert that PIIX4_PM's property @prop is @json. */
static void assert_pm_prop(Fixture *f, const char *prop, const char *json)
{
    QObject *v = qtest_qom_get(f->qts, f->pm, prop);

    qobject_assert_json(v, json);
    qobject_unref(v);
}

/* system_reset, and its RESET event. */
static void system_reset(QTestState *qts)
{
    qtest_qmp_assert_success(qts, "{'execute': 'system_reset'}");
    qtest_qmp_eventwait(qts, "RESET");
}

/* Tests */

/* What the guest finds before anything happens. */
static void test_registers(Fixture *f, QTestState *qts)
{
    g_autofree char *desc = NULL;

    g_assert_cmphex(qtest_inl(qts, PCI_UP), ==, 0);
    g_assert_cmphex(qtest_inl(qts, PCI_DOWN), ==, 0);
    g_assert_cmphex(qtest_inl(qts, PCI_EJ), ==, 0);     /* no features */
    g_assert_cmphex(qtest_inl(qts, PCI_RMV), ==, f->setup->rmv);
    g_assert_cmphex(qtest_inl(qts, PCI_SEL), ==, 0);
    g_assert_cmphex(qtest_inl(qts, PCI_AIDX), ==, 0);
    /* Only aligned dwords work: the rest read 0. */
    g_assert_cmphex(qtest_inb(qts, PCI_RMV), ==, 0);
    g_assert_cmphex(qtest_inw(qts, PCI_RMV + 2), ==, 0);
    g_assert_cmphex(qtest_inl(qts, PCI_RMV + 1), ==, 0);
    /* The last two bytes of the block, then nothing (all-ones). */
    g_assert_cmphex(qtest_inl(qts, PCIHP + 0x16), ==, 0xffff0000);
    g_assert_cmphex(qtest_inl(qts, PCIHP + PCIHP_LEN), ==, 0xffffffff);
    g_assert_cmphex(qtest_inl(qts, GPE0_STS), ==, 0);

    /* The function's configuration header. */
    g_assert_cmphex(cfg_readl(f, PM_DEVFN, 0x00), ==, 0x71138086);
    g_assert_cmphex(cfg_readl(f, PM_DEVFN, 0x04), ==, 0x02800000);
    g_assert_cmphex(cfg_readl(f, PM_DEVFN, 0x08), ==, 0x06800003);
    g_assert_cmphex(cfg_readw(f, PM_DEVFN, 0x3c), ==, 0x0100);
    g_assert_cmphex(cfg_readl(f, PM_DEVFN, PMBA), ==, 0x00000001);
    g_assert_cmphex(cfg_readl(f, PM_DEVFN, 0x5c), ==, 0x10000000);
    g_assert_cmphex(cfg_readl(f, PM_DEVFN, 0x60), ==, 0x60000000);
    g_assert_cmphex(cfg_readl(f, PM_DEVFN, PMREGMISC), ==, 0);

    /* Properties qemu has, with its values. */
    assert_pm_prop(f, "acpi-pcihp-io-base", "44544");
    assert_pm_prop(f, "acpi-pcihp-io-len", "24");
    assert_pm_prop(f, "gpe0_blk", "45024");
    assert_pm_prop(f, "sci_int", "9");
    assert_pm_prop(f, "acpi-root-pci-hotplug", "true");
    assert_pm_prop(f, "acpi-pci-hotplug-with-bridge-support", "true");
    desc = g_strdup_printf("Property '%s.sci_int' is not writable",
                           f->setup->pm_type);
    assert_qmp_error(f, desc, "{'execute': 'qom-set', 'arguments': "
                     "{'path': %s, 'property': 'sci_int', 'value': 5}}",
                     f->pm);
    g_assert_cmpuint(bsel_of(f, f->setup->pc ? "/machine/i440fx/pci.0"
                                             : "/machine/peripheral/host/"
                                               "host.0"), ==, 0);
}

/*
 * device_add: the up bit and the GPE bit, the SCI while it is enabled;
 * device_del: the down bit; the guest's eject: the device goes.
 */
static void test_plug_unplug(Fixture *f, QTestState *qts)
{
    qtest_irq_intercept_out(qts, f->pm);
    g_assert_false(sci(f));

    /* The guest's GPE handler is not enabled yet: no SCI. */
    add_dev(f, "a", f->setup->bus, SLOT_A, NULL);
    g_assert_cmphex(qtest_inb(qts, GPE0_STS), ==, GPE_PCIHP);
    g_assert_false(sci(f));
    qtest_outb(qts, GPE0_EN, GPE_PCIHP);
    g_assert_cmphex(qtest_inb(qts, GPE0_EN), ==, GPE_PCIHP);
    g_assert_true(sci(f));
    /* _E01 reads PCI_UP (once: reading clears it) and notifies. */
    g_assert_cmphex(qtest_inl(qts, PCI_UP), ==, 1u << SLOT_A);
    g_assert_cmphex(qtest_inl(qts, PCI_UP), ==, 0);
    g_assert_cmphex(qtest_inl(qts, PCI_DOWN), ==, 0);
    g_assert_cmphex(qtest_inl(qts, PCI_RMV), ==, f->setup->rmv);
    /* Writing 0 clears nothing; the status bit is write-1-to-clear. */
    qtest_outb(qts, GPE0_STS, 0);
    g_assert_true(sci(f));
    qtest_outb(qts, GPE0_STS, GPE_PCIHP);
    g_assert_cmphex(qtest_inb(qts, GPE0_STS), ==, 0);
    g_assert_false(sci(f));

    /* device_del asks the guest. */
    del_dev(f, "a");
    g_assert_cmphex(qtest_inl(qts, PCI_DOWN), ==, 1u << SLOT_A);
    g_assert_cmphex(qtest_inl(qts, PCI_UP), ==, 0);
    g_assert_true(sci(f));
    g_assert_true(dev_exists(f, "a"));
    /* A second request while the first waits is refused. */
    assert_qmp_error(f, "Device a is already in the process of unplug",
                     "{'execute': 'device_del', 'arguments': "
                     "{'id': 'a'}}");
    qtest_qmp_assert_no_event(qts, "DEVICE_DELETED");
    /* Reading does not clear PCI_DOWN. */
    g_assert_cmphex(qtest_inl(qts, PCI_DOWN), ==, 1u << SLOT_A);
    qtest_outb(qts, GPE0_STS, GPE_PCIHP);
    g_assert_false(sci(f));

    /* _EJ0: the device goes and DEVICE_DELETED says so. */
    qtest_outl(qts, PCI_EJ, 1u << SLOT_A);
    assert_deleted(f, "a");
    g_assert_cmphex(qtest_inl(qts, PCI_DOWN), ==, 0);
    g_assert_false(sci(f));

    /* The slot is free again. */
    add_dev(f, "a2", f->setup->bus, SLOT_A, NULL);
    g_assert_cmphex(qtest_inl(qts, PCI_UP), ==, 1u << SLOT_A);
    g_assert_true(sci(f));
}

/* The device added then removed before the guest looked: both bits. */
static void test_plug_then_unplug(Fixture *f, QTestState *qts)
{
    add_dev(f, "a", f->setup->bus, SLOT_A, NULL);
    del_dev(f, "a");
    g_assert_cmphex(qtest_inl(qts, PCI_UP), ==, 1u << SLOT_A);
    g_assert_cmphex(qtest_inl(qts, PCI_DOWN), ==, 1u << SLOT_A);
    /* The guest may also eject a device nobody asked it to remove. */
    add_dev(f, "b", f->setup->bus, SLOT_B, NULL);
    qtest_outl(qts, PCI_EJ, 1u << SLOT_B);
    assert_deleted(f, "b");
    g_assert_true(dev_exists(f, "a"));
}

/* A reset completes the unplugs still waiting for the guest. */
static void test_reset_completes_unplug(Fixture *f, QTestState *qts)
{
    qtest_irq_intercept_out(qts, f->pm);
    add_dev(f, "a", f->setup->bus, SLOT_A, NULL);
    g_assert_cmphex(qtest_inl(qts, PCI_UP), ==, 1u << SLOT_A);
    add_dev(f, "b", f->setup->bus, SLOT_B, NULL);
    qtest_outb(qts, GPE0_EN, GPE_PCIHP);
    del_dev(f, "a");
    g_assert_true(sci(f));
    qtest_outl(qts, PCI_SEL, 7);

    system_reset(qts);
    assert_deleted(f, "a");
    g_assert_true(dev_exists(f, "b"));
    /* The GPE block is reset, PCI_SEL and the unread up bit are not. */
    g_assert_false(sci(f));
    g_assert_cmphex(qtest_inl(qts, GPE0_STS), ==, 0);
    g_assert_cmphex(qtest_inl(qts, PCI_SEL), ==, 7);
    qtest_outl(qts, PCI_SEL, 0);
    g_assert_cmphex(qtest_inl(qts, PCI_DOWN), ==, 0);
    g_assert_cmphex(qtest_inl(qts, PCI_UP), ==, 1u << SLOT_B);
    /* And b can be unplugged as usual. */
    del_dev(f, "b");
    g_assert_cmphex(qtest_inl(qts, PCI_DOWN), ==, 1u << SLOT_B);
    qtest_outl(qts, PCI_EJ, 1u << SLOT_B);
    assert_deleted(f, "b");
}

/* What a guest may get wrong: nothing breaks, nothing is removed. */
static void test_bad_guest(Fixture *f, QTestState *qts)
{
    add_dev(f, "a", f->setup->bus, SLOT_A, NULL);
    add_dev(f, "b", f->setup->bus, SLOT_B, NULL);
    del_dev(f, "a");
    del_dev(f, "b");

    /* Eject of an empty slot, and of PIIX4_PM's slot. */
    qtest_outl(qts, PCI_EJ, 1u << 9);
    qtest_outl(qts, PCI_EJ, 1u << 1);
    qtest_outl(qts, PCI_EJ, 0);
    qtest_qmp_assert_no_event(qts, "DEVICE_DELETED");
    g_assert_cmphex(cfg_readl(f, PM_DEVFN, 0), ==, 0x71138086);
    g_assert_cmphex(qtest_inl(qts, PCI_DOWN), ==,
                    (1u << SLOT_A) | (1u << SLOT_B));

    /* Read-only registers, and accesses of the wrong size. */
    qtest_outl(qts, PCI_DOWN, 0);
    qtest_outl(qts, PCI_RMV, 0);
    qtest_outb(qts, PCI_EJ, 1u << SLOT_A);
    qtest_outw(qts, PCI_EJ, 1u << SLOT_A);
    qtest_outl(qts, PCI_EJ + 1, 1u << SLOT_A);
    qtest_outb(qts, PCI_SEL, 1);
    qtest_qmp_assert_no_event(qts, "DEVICE_DELETED");
    g_assert_cmphex(qtest_inl(qts, PCI_SEL), ==, 0);
    g_assert_cmphex(qtest_inl(qts, PCI_DOWN), ==,
                    (1u << SLOT_A) | (1u << SLOT_B));
    g_assert_cmphex(qtest_inl(qts, PCI_RMV), ==, f->setup->rmv);

    /* A bus select beyond 255: everything reads 0, writes do nothing. */
    qtest_outl(qts, PCI_SEL, 0x100);
    g_assert_cmphex(qtest_inl(qts, PCI_SEL), ==, 0);
    g_assert_cmphex(qtest_inl(qts, PCI_RMV), ==, 0);
    g_assert_cmphex(qtest_inl(qts, PCI_DOWN), ==, 0);
    qtest_outl(qts, PCI_EJ, 1u << SLOT_A);
    qtest_outl(qts, PCI_SEL, 0xffffffff);
    g_assert_cmphex(qtest_inl(qts, PCI_SEL), ==, 0);
    qtest_outl(qts, PCI_EJ, 1u << SLOT_A);
    /* One in range that names no bus: empty, every slot removable. */
    qtest_outl(qts, PCI_SEL, 0xff);
    g_assert_cmphex(qtest_inl(qts, PCI_SEL), ==, 0xff);
    g_assert_cmphex(qtest_inl(qts, PCI_RMV), ==, 0xffffffff);
    g_assert_cmphex(qtest_inl(qts, PCI_UP), ==, 0);
    qtest_outl(qts, PCI_EJ, 1u << SLOT_A);
    qtest_qmp_assert_no_event(qts, "DEVICE_DELETED");
    g_assert_true(dev_exists(f, "a"));

    /* Back on bus 0: one write ejects one slot, the lowest. */
    qtest_outl(qts, PCI_SEL, 0);
    g_assert_cmphex(qtest_inl(qts, PCI_DOWN), ==,
                    (1u << SLOT_A) | (1u << SLOT_B));
    qtest_outl(qts, PCI_EJ, (1u << SLOT_A) | (1u << SLOT_B));
    assert_deleted(f, "a");
    g_assert_true(dev_exists(f, "b"));
    g_assert_cmphex(qtest_inl(qts, PCI_DOWN), ==, 1u << SLOT_B);
    qtest_outl(qts, PCI_EJ, 1u << SLOT_B);
    assert_deleted(f, "b");
}

/* Devices that cannot come or go, and buses that do not hotplug. */
static void test_refused(const void *data)
{
    Fixture f;
    QTestState *qts;
    g_autofree char *desc = NULL;

    if (!start(&f, data, NULL)) {
        return;
    }
    qts = f.qts;
    desc = g_strdup_printf("Device '%s' does not support hotplugging",
                           f.setup->pm_type);
    assert_qmp_error(&f, desc, "{'execute': 'device_del', 'arguments': "
                     "{'id': %s}}", f.pm);
    assert_qmp_error(&f, "Parameter 'driver' expects a pluggable device "
                     "type", "{'execute': 'device_add', 'arguments': "
                     "{'driver': 'PIIX4_PM'}}");
    if (f.setup->pc) {
        assert_qmp_error(&f, "Device 'PIIX3' does not support hotplugging",
                         "{'execute': 'device_del', 'arguments': "
                         "{'id': '/machine/i440fx/pci.0/child[1]'}}");
        /* A function of a slot whose function 0 the guest has seen. */
        assert_qmp_error(&f, "PCI: slot 1 function 0 already occupied by "
                         "PIIX3, new func corvid-test-pci-dev cannot be "
                         "exposed to guest.",
                         "{'execute': 'device_add', 'arguments': "
                         "{'driver': 'corvid-test-pci-dev', "
                         "'addr': '01.2'}}");
    }
    add_dev(&f, "m0", f.setup->bus, 8, ", 'multifunction': true");
    assert_qmp_error(&f, "PCI: slot 8 function 0 already occupied by "
                     "corvid-test-pci-dev, new func corvid-test-pci-dev "
                     "cannot be exposed to guest.",
                     "{'execute': 'device_add', 'arguments': "
                     "{'driver': 'corvid-test-pci-dev', 'addr': '08.1'}}");
    g_assert_cmphex(qtest_inl(qts, PCI_UP), ==, 1u << 8);
    g_assert_cmphex(qtest_inl(qts, PCI_UP), ==, 0);
    g_assert_cmphex(qtest_inl(qts, PCI_RMV), ==, f.setup->rmv);
    stop(&f);

    /* acpi-root-pci-hotplug=off: the root bus is not hotpluggable. */
    if (!start(&f, data, f.setup->pc
               ? "-global PIIX4_PM.acpi-root-pci-hotplug=off"
               : "-global corvid-test-piix4-pm.acpi-root-pci-hotplug=off "
                 "-device corvid-test-pci-dev,bus=host.0,addr=5,id=c")) {
        return;
    }
    desc = (g_free(desc), g_strdup_printf("Bus '%s' does not support "
                                          "hotplugging", f.setup->bus));
    assert_qmp_error(&f, desc, "{'execute': 'device_add', 'arguments': "
                     "{'driver': 'corvid-test-pci-dev', 'bus': %s}}",
                     f.setup->bus);
    if (!f.setup->pc) {
        assert_qmp_error(&f, desc, "{'execute': 'device_del', "
                         "'arguments': {'id': 'c'}}");
        g_assert_cmphex(qtest_inl(f.qts, PCI_DOWN), ==, 0);
    }
    stop(&f);
}

/* Functions of one slot leave together, the last one first. */
static void test_multifunction(const void *data)
{
    Fixture f;
    g_autofree char *args = NULL;

    args = g_strdup_printf("-device corvid-test-pci-dev,bus=%s,addr=08.0,"
                           "multifunction=on,id=m0 "
                           "-device corvid-test-pci-dev,bus=%s,addr=08.1,"
                           "id=m1",
                           ((const Setup *)data)->bus,
                           ((const Setup *)data)->bus);
    if (!start(&f, data, args)) {
        return;
    }
    /* Cold-plugged: no event, removable. */
    g_assert_cmphex(qtest_inl(f.qts, PCI_UP), ==, 0);
    g_assert_cmphex(qtest_inl(f.qts, GPE0_STS), ==, 0);
    g_assert_cmphex(qtest_inl(f.qts, PCI_RMV), ==, f.setup->rmv);
    del_dev(&f, "m1");
    g_assert_cmphex(qtest_inl(f.qts, PCI_DOWN), ==, 1u << 8);
    qtest_outl(f.qts, PCI_EJ, 1u << 8);
    assert_deleted(&f, "m1");
    assert_deleted(&f, "m0");
    g_assert_cmphex(qtest_inl(f.qts, PCI_DOWN), ==, 0);
    stop(&f);
}

/* PCI_AIDX: the acpi-index of a slot's function 0, read once. */
static void test_acpi_index(Fixture *f, QTestState *qts)
{
    add_dev(f, "a", f->setup->bus, SLOT_A, ", 'acpi-index': 7");
    add_dev(f, "b", f->setup->bus, 4, ", 'acpi-index': 9");
    qtest_outl(qts, PCI_AIDX, 1u << SLOT_A);
    g_assert_cmpuint(qtest_inl(qts, PCI_AIDX), ==, 7);
    g_assert_cmpuint(qtest_inl(qts, PCI_AIDX), ==, 0);
    /* The lowest bit picks the slot. */
    qtest_outl(qts, PCI_AIDX, (1u << SLOT_A) | (1u << 4));
    g_assert_cmpuint(qtest_inl(qts, PCI_AIDX), ==, 9);
    qtest_outl(qts, PCI_AIDX, 1u << 9);
    g_assert_cmpuint(qtest_inl(qts, PCI_AIDX), ==, 0);
    qtest_outl(qts, PCI_AIDX, 0);
    g_assert_cmpuint(qtest_inl(qts, PCI_AIDX), ==, 0);
    /* Not on a bus that is not selected. */
    qtest_outl(qts, PCI_SEL, 3);
    qtest_outl(qts, PCI_AIDX, 1u << SLOT_A);
    g_assert_cmpuint(qtest_inl(qts, PCI_AIDX), ==, 0);
}

/*
 * Bridges there from the start: their buses get selectors 1, 2, ...
 * (newest bridge first, depth first) and hotplug through the same
 * block; the bridges themselves stay.  A bridge added later has a bus
 * nobody serves, and may itself go.
 */
static void test_bridges(const void *data)
{
    const Setup *setup = data;
    Fixture f;
    QTestState *qts;
    g_autofree char *args = NULL;

    args = g_strdup_printf("-device pci-bridge,bus=%s,addr=09,chassis_nr=1,"
                           "id=a "
                           "-device pci-bridge,bus=%s,addr=04,chassis_nr=2,"
                           "id=b "
                           "-device pci-bridge,bus=a,addr=01,chassis_nr=3,"
                           "id=d", setup->bus, setup->bus);
    if (!start(&f, data, args)) {
        return;
    }
    qts = f.qts;
    g_assert_cmpuint(bsel_of(&f, "/machine/peripheral/b/b"), ==, 1);
    g_assert_cmpuint(bsel_of(&f, "/machine/peripheral/a/a"), ==, 2);
    g_assert_cmpuint(bsel_of(&f, "/machine/peripheral/d/d"), ==, 3);
    /* The bridges' slots are not removable. */
    g_assert_cmphex(qtest_inl(qts, PCI_RMV), ==,
                    setup->rmv & ~((1u << 9) | (1u << 4)));

    qtest_irq_intercept_out(qts, f.pm);
    qtest_outb(qts, GPE0_EN, GPE_PCIHP);
    add_dev(&f, "x", "d", 3, NULL);
    g_assert_true(sci(&f));
    g_assert_cmphex(qtest_inl(qts, PCI_UP), ==, 0);
    qtest_outl(qts, PCI_SEL, 3);
    g_assert_cmphex(qtest_inl(qts, PCI_SEL), ==, 3);
    g_assert_cmphex(qtest_inl(qts, PCI_UP), ==, 1u << 3);
    g_assert_cmphex(qtest_inl(qts, PCI_RMV), ==, 0xffffffff);
    del_dev(&f, "x");
    g_assert_cmphex(qtest_inl(qts, PCI_DOWN), ==, 1u << 3);
    qtest_outl(qts, PCI_SEL, 2);
    g_assert_cmphex(qtest_inl(qts, PCI_DOWN), ==, 0);
    qtest_outl(qts, PCI_EJ, 1u << 3);     /* wrong bus: nothing */
    qtest_qmp_assert_no_event(qts, "DEVICE_DELETED");
    qtest_outl(qts, PCI_SEL, 3);
    qtest_outl(qts, PCI_EJ, 1u << 3);
    assert_deleted(&f, "x");

    /* device_del of a bridge that was there: asked, but it stays. */
    del_dev(&f, "b");
    qtest_outl(qts, PCI_SEL, 0);
    g_assert_cmphex(qtest_inl(qts, PCI_DOWN), ==, 1u << 4);
    qtest_outl(qts, PCI_EJ, 1u << 4);
    g_assert_cmphex(qtest_inl(qts, PCI_DOWN), ==, 0);
    qtest_qmp_assert_no_event(qts, "DEVICE_DELETED");
    g_assert_true(dev_exists(&f, "b"));
    assert_qmp_error(&f, "Device b is already in the process of unplug",
                     "{'execute': 'device_del', 'arguments': "
                     "{'id': 'b'}}");

    /* A bridge hot-plugged: its bus is not hotpluggable; it can go. */
    qtest_qmp_device_add(qts, "pci-bridge", "hb",
                         "{'bus': %s, 'addr': '0a', 'chassis_nr': 9, "
                         "'shpc': false}",
                         setup->bus);
    assert_qmp_error(&f, "Bus 'hb' does not support hotplugging",
                     "{'execute': 'device_add', 'arguments': "
                     "{'driver': 'corvid-test-pci-dev', 'bus': 'hb'}}");
    g_assert_cmphex(qtest_inl(qts, PCI_UP), ==, 1u << 10);
    g_assert_cmphex(qtest_inl(qts, PCI_RMV), ==,
                    setup->rmv & ~((1u << 9) | (1u << 4)));
    del_dev(&f, "hb");
    qtest_outl(qts, PCI_EJ, 1u << 10);
    assert_deleted(&f, "hb");

    /* A reset does not take the bridge either. */
    system_reset(qts);
    qtest_qmp_assert_no_event(qts, "DEVICE_DELETED");
    g_assert_true(dev_exists(&f, "b"));
    stop(&f);
}

/* Without bridge support: only the root bus, and PCI_SEL stays 0. */
static void test_no_bridge_support(const void *data)
{
    const Setup *setup = data;
    Fixture f;
    g_autofree char *args = NULL;

    args = g_strdup_printf("-global %s.acpi-pci-hotplug-with-bridge-support"
                           "=off -device pci-bridge,bus=%s,addr=09,"
                           "chassis_nr=1,id=a,shpc=off "
                           "-device corvid-test-pci-dev,bus=%s,addr=5,"
                           "acpi-index=3",
                           setup->pm_type, setup->bus, setup->bus);
    if (!start(&f, data, args)) {
        return;
    }
    assert_qmp_error(&f, "Bus 'a' does not support hotplugging",
                     "{'execute': 'device_add', 'arguments': "
                     "{'driver': 'corvid-test-pci-dev', 'bus': 'a'}}");
    qtest_outl(f.qts, PCI_SEL, 1);
    g_assert_cmphex(qtest_inl(f.qts, PCI_SEL), ==, 0);
    g_assert_cmphex(qtest_inl(f.qts, PCI_RMV), ==, setup->rmv & ~(1u << 9));
    qtest_outl(f.qts, PCI_AIDX, 1u << 5);
    g_assert_cmpuint(qtest_inl(f.qts, PCI_AIDX), ==, 3);
    add_dev(&f, "r", setup->bus, SLOT_B, NULL);
    g_assert_cmphex(qtest_inl(f.qts, PCI_UP), ==, 1u << SLOT_B);
    stop(&f);
}

/* PIIX4_PM's own registers: PM1 block, PM timer, reset, power button. */
static void test_pm_registers(Fixture *f, QTestState *qts)
{
    uint16_t base = f->setup->pm_base;
    uint32_t t0, t1;
    int64_t overflow_ns;

    qtest_irq_intercept_out(qts, f->pm);
    /* Unmapped until PMREGMISC enables it. */
    cfg_writel(f, PM_DEVFN, PMBA, base | 1);
    g_assert_cmphex(qtest_inw(qts, base + PM1_STS), ==, 0xffff);
    cfg_writeb(f, PM_DEVFN, PMREGMISC, 1);
    g_assert_cmpuint(qom_get_uint(f, f->pm, "pm_io_base"), ==, base);
    /* After reset the timer has overflowed: TMR_STS until cleared. */
    g_assert_cmphex(qtest_inw(qts, base + PM1_STS), ==, TMR_STS);
    g_assert_cmphex(qtest_inl(qts, base + PM1_STS), ==, TMR_STS);
    qtest_outw(qts, base + PM1_STS, 0xffff);
    g_assert_cmphex(qtest_inw(qts, base + PM1_STS), ==, 0);
    /* Enable bits are plain registers; byte writes leave the rest. */
    qtest_outw(qts, base + PM1_EN, 0xffff);
    qtest_outb(qts, base + PM1_EN, 0);
    g_assert_cmphex(qtest_inw(qts, base + PM1_EN), ==, 0xff00);
    g_assert_cmphex(qtest_inl(qts, base + PM1_STS), ==, 0xff000000);
    qtest_outw(qts, base + PM1_EN, 0);
    /* SLP_EN reads 0; types other than S5/S4/S3 do nothing. */
    qtest_outw(qts, base + PM1_CNT, 0xffff);
    g_assert_cmphex(qtest_inw(qts, base + PM1_CNT), ==, 0xdfff);
    qtest_outw(qts, base + PM1_CNT, 0);
    /* Past the registers: nothing. */
    g_assert_cmphex(qtest_inl(qts, base + 0x0c), ==, 0xffffffff);

    /* The timer counts 3.579545 MHz in 24 bits. */
    t0 = qtest_inl(qts, base + PM_TMR);
    qtest_clock_step(qts, 1000000);     /* 1 ms: 3579 or 3580 ticks */
    t1 = qtest_inl(qts, base + PM_TMR);
    g_assert_cmpuint(t1 - t0, >=, 3579);
    g_assert_cmpuint(t1 - t0, <=, 3580);
    g_assert_cmphex(t1 & ~0xffffffu, ==, 0);
    /*
     * TMR_EN: the SCI when bit 23 next changes.  TMR_STS was cleared at
     * time 0, so that is at tick 2^23, the first nanosecond the counter
     * reaches it.
     */
    overflow_ns = ((1ULL << 23) * 1000000000ULL + PM_TIMER_HZ - 1) /
                  PM_TIMER_HZ;
    qtest_outw(qts, base + PM1_EN, TMR_EN);
    g_assert_false(sci(f));
    qtest_clock_set(qts, overflow_ns - 1);
    g_assert_false(sci(f));
    g_assert_cmphex(qtest_inw(qts, base + PM1_STS), ==, 0);
    g_assert_cmphex(qtest_inl(qts, base + PM_TMR), ==, 0x7fffff);
    qtest_clock_set(qts, overflow_ns);
    g_assert_true(sci(f));
    g_assert_cmphex(qtest_inw(qts, base + PM1_STS), ==, TMR_STS);
    g_assert_cmphex(qtest_inl(qts, base + PM_TMR), ==, 0x800000);
    qtest_outw(qts, base + PM1_STS, TMR_STS);
    g_assert_false(sci(f));
    qtest_outw(qts, base + PM1_EN, 0);

    /* system_powerdown presses the power button. */
    qtest_qmp_assert_success(qts, "{'execute': 'system_powerdown'}");
    qtest_qmp_eventwait(qts, "POWERDOWN");
    g_assert_cmphex(qtest_inw(qts, base + PM1_STS), ==, PWRBTN_STS);
    g_assert_false(sci(f));
    qtest_outw(qts, base + PM1_EN, PWRBTN_STS);
    g_assert_true(sci(f));

    /* Reset: PMREGMISC and the registers; PMBA's base stays. */
    system_reset(qts);
    g_assert_false(sci(f));
    g_assert_cmphex(cfg_readl(f, PM_DEVFN, PMREGMISC), ==, 0);
    g_assert_cmphex(cfg_readl(f, PM_DEVFN, PMBA), ==, base | 1);
    g_assert_cmphex(qtest_inw(qts, base + PM1_STS), ==, 0xffff);
    cfg_writeb(f, PM_DEVFN, PMREGMISC, 1);
    g_assert_cmphex(qtest_inw(qts, base + PM1_EN), ==, 0);
    g_assert_cmphex(qtest_inw(qts, base + PM1_STS), ==, TMR_STS);
    /* PMBA moves the block. */
    cfg_writel(f, PM_DEVFN, PMBA, (base + 0x40) | 1);
    g_assert_cmphex(qtest_inw(qts, base + PM1_STS), ==, 0xffff);
    g_assert_cmphex(qtest_inw(qts, base + 0x40 + PM1_STS), ==, TMR_STS);
}

/* The ACPI enable command through APM sets SCI_EN (pc: 0xb2 is there). */
static void test_apm(Fixture *f, QTestState *qts)
{
    uint16_t base = f->setup->pm_base;

    pm_map(f);
    qtest_outb(qts, APM_CNT, 0xf1);
    g_assert_cmphex(qtest_inb(qts, APM_CNT), ==, 0xf1);
    g_assert_cmphex(qtest_inw(qts, base + PM1_CNT), ==, SCI_EN);
    qtest_outb(qts, APM_STS, 0x5a);
    g_assert_cmphex(qtest_inw(qts, APM_CNT), ==, 0x5af1);
    qtest_outb(qts, APM_CNT, 0xf0);
    g_assert_cmphex(qtest_inw(qts, base + PM1_CNT), ==, 0);
}

/* SLP_EN with SLP_TYP 0 (S5): the machine shuts down. */
static void test_s5(Fixture *f, QTestState *qts)
{
    QDict *event;
    int status;

    pm_map(f);
    qtest_outw(qts, f->setup->pm_base + PM1_CNT, SLP_EN);
    event = qtest_qmp_eventwait_ref(qts, "SHUTDOWN");
    qobject_assert_json(qdict_get(event, "data"),
                        "{\"guest\": true, \"reason\": \"guest-shutdown\"}");
    qobject_unref(event);
    status = qtest_wait_qemu(qts, 10000);
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 0);
}

/* Start-up must fail with @msg. */
static void assert_start_error(const char *args, const char *msg)
{
    g_autofree char *err = NULL;
    int status = qtest_runf(NULL, &err, "-M none -display none "
                            "-device corvid-test-pci-host,id=host %s", args);

    g_assert_cmpint(status, !=, 0);
    g_assert_nonnull(strstr(err, msg));
}

/* Where the test build's PIIX4_PM may not go (-M none only). */
static void test_realize_errors(const void *data)
{
    if (!qtest_require_device("corvid-test-piix4-pm")) {
        return;
    }
    assert_start_error("-device pci-bridge,bus=host.0,id=br,chassis_nr=1 "
                       "-device corvid-test-piix4-pm,bus=br",
                       "corvid-test-piix4-pm must be on a root bus");
    assert_start_error("-device corvid-test-piix4-pm,bus=host.0,addr=01.3 "
                       "-device corvid-test-piix4-pm,bus=host.0,addr=02.3",
                       "corvid-test-piix4-pm: bus 'host.0' already has an "
                       "ACPI PCI hotplug controller");
    assert_start_error("-device corvid-test-piix4-pm,bus=host.0,s4_val=x",
                       "s4_val");
}

static const Setup *const setups[] = { &setup_none, &setup_pc };

/* Test @name on each set-up (on pc only if @pc_only): @fn(setup). */
static void add(const char *name, GTestDataFunc fn, bool pc_only)
{
    unsigned i;

    for (i = pc_only ? 1 : 0; i < ARRAY_SIZE(setups); i++) {
        g_autofree char *path = g_strdup_printf("/acpi-pcihp/%s/%s",
                                                setups[i]->name, name);

        g_test_add_data_func(path, setups[i], fn);
    }
}

/* The same for a test body run by run_case(). */
static void add_body(const char *name, TestBody *body, bool pc_only)
{
    unsigned i;

    for (i = pc_only ? 1 : 0; i < ARRAY_SIZE(setups); i++) {
        g_autofree char *path = g_strdup_printf("/acpi-pcihp/%s/%s",
                                                setups[i]->name, name);
        Case *c = g_new(Case, 1);

        c->setup = setups[i];
        c->body = body;
        g_test_add_data_func_full(path, c, run_case, g_free);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    add_body("registers", test_registers, false);
    add_body("plug-unplug", test_plug_unplug, false);
    add_body("plug-then-unplug", test_plug_then_unplug, false);
    add_body("reset-completes-unplug", test_reset_completes_unplug, false);
    add_body("bad-guest", test_bad_guest, false);
    add("refused", test_refused, false);
    add("multifunction", test_multifunction, false);
    add_body("acpi-index", test_acpi_index, false);
    add("bridges", test_bridges, false);
    add("no-bridge-support", test_no_bridge_support, false);
    add_body("pm-registers", test_pm_registers, false);
    add_body("apm", test_apm, true);
    add_body("s5", test_s5, false);
    g_test_add_data_func("/acpi-pcihp/none/realize-errors", &setup_none,
                         test_realize_errors);
    return g_test_run();
}
