/*
 * "info pci" for human-monitor-command: query-pci's answer as qemu's
 * human monitor prints it, device by device, the devices behind a bridge
 * after the bridge.
 */
#include "util/osdep.h"
#include "monitor/qmp.h"
#include "monitor/monitor.h"

/* Widths of the hex numbers qemu prints: I/O addresses, memory. */
#define IO_DIGITS 4
#define MEM_DIGITS 8

static uint64_t dict_uint(const QDict *d, const char *key)
{
    /* query-pci gives 64-bit quantities as signed integers (-1 for an
     * unmapped BAR); the text shows their bits. */
    return (uint64_t)qdict_get_try_int(d, key, 0);
}

static void print_range(GString *out, const char *what, const QDict *r,
                        int digits)
{
    g_string_append_printf(out, "      %s [0x%0*" PRIx64 ", 0x%0*" PRIx64
                           "]\n", what, digits, dict_uint(r, "base"),
                           digits, dict_uint(r, "limit"));
}

static void print_bridge(GString *out, const QDict *bridge)
{
    const QDict *bus = qdict_get_qdict(bridge, "bus");

    g_string_append_printf(out, "      BUS %" PRIu64 ".\n",
                           dict_uint(bus, "number"));
    g_string_append_printf(out, "      secondary bus %" PRIu64 ".\n",
                           dict_uint(bus, "secondary"));
    g_string_append_printf(out, "      subordinate bus %" PRIu64 ".\n",
                           dict_uint(bus, "subordinate"));
    print_range(out, "IO range", qdict_get_qdict(bus, "io_range"),
                IO_DIGITS);
    print_range(out, "memory range", qdict_get_qdict(bus, "memory_range"),
                MEM_DIGITS);
    print_range(out, "prefetchable memory range",
                qdict_get_qdict(bus, "prefetchable_range"), MEM_DIGITS);
}

/* "BARn: ..." with the last address; an unmapped BAR's address is
 * all-ones, and qemu prints the sum as it wraps. */
static void print_region(GString *out, const QDict *r)
{
    uint64_t addr = dict_uint(r, "address");
    uint64_t last = addr + dict_uint(r, "size") - 1;
    const char *type = qdict_get_try_str(r, "type");

    g_string_append_printf(out, "      BAR%" PRIu64 ": ", dict_uint(r, "bar"));
    if (type && !strcmp(type, "io")) {
        g_string_append_printf(out, "I/O at 0x%0*" PRIx64 " [0x%0*" PRIx64
                               "].\n", IO_DIGITS, addr, IO_DIGITS, last);
        return;
    }
    g_string_append_printf(out, "%d bit%s memory at 0x%0*" PRIx64
                           " [0x%0*" PRIx64 "].\n",
                           qdict_get_try_bool(r, "mem_type_64", false)
                           ? 64 : 32,
                           qdict_get_try_bool(r, "prefetch", false)
                           ? " prefetchable" : "",
                           MEM_DIGITS, addr, MEM_DIGITS, last);
}

static void print_devices(GString *out, const QList *devices);

static void print_device(GString *out, const QDict *dev)
{
    const QDict *class_info = qdict_get_qdict(dev, "class_info");
    const QDict *id = qdict_get_qdict(dev, "id");
    const QDict *bridge = qdict_get_qdict(dev, "pci_bridge");
    const QList *regions = qdict_get_qlist(dev, "regions");
    const char *desc = qdict_get_try_str(class_info, "desc");
    size_t i;

    g_string_append_printf(out, "  Bus %2" PRIu64 ", device %3" PRIu64
                           ", function %" PRIu64 ":\n",
                           dict_uint(dev, "bus"), dict_uint(dev, "slot"),
                           dict_uint(dev, "function"));
    if (desc) {
        g_string_append_printf(out, "    %s", desc);
    } else {
        /* A class without a name: qemu prints its number in decimal. */
        g_string_append_printf(out, "    Class %04" PRIu64,
                               dict_uint(class_info, "class"));
    }
    g_string_append_printf(out, ": PCI device %04" PRIx64 ":%04" PRIx64
                           "\n", dict_uint(id, "vendor"),
                           dict_uint(id, "device"));
    if (qdict_haskey(id, "subsystem-vendor")) {
        g_string_append_printf(out, "      PCI subsystem %04" PRIx64 ":%04"
                               PRIx64 "\n", dict_uint(id, "subsystem-vendor"),
                               dict_uint(id, "subsystem"));
    }
    if (qdict_haskey(dev, "irq")) {
        uint64_t pin = dict_uint(dev, "irq_pin");

        g_string_append_printf(out, "      IRQ %" PRIu64 ", pin %c\n",
                               dict_uint(dev, "irq"),
                               pin >= 1 && pin <= 4 ? (char)('A' + pin - 1)
                                                    : '?');
    }
    if (bridge) {
        print_bridge(out, bridge);
    }
    for (i = 0; regions && i < qlist_size(regions); i++) {
        print_region(out, qobject_to(QDict, qlist_get(regions, i)));
    }
    g_string_append_printf(out, "      id \"%s\"\n",
                           qdict_get_try_str(dev, "qdev_id"));
    if (bridge && qdict_haskey(bridge, "devices")) {
        print_devices(out, qdict_get_qlist(bridge, "devices"));
    }
}

static void print_devices(GString *out, const QList *devices)
{
    size_t i;

    for (i = 0; i < qlist_size(devices); i++) {
        print_device(out, qobject_to(QDict, qlist_get(devices, i)));
    }
}

static void hmp_info_pci(GString *out, const char *arg)
{
    g_autoptr(QDict) args = qdict_new();
    g_autoptr(QObject) ret = NULL;
    Error *err = NULL;
    QList *buses;
    size_t i;

    ret = qmp_dispatch_command("query-pci", args, &err);
    if (err) {
        g_string_append_printf(out, "%s\n", error_get_pretty(err));
        error_free(err);
        return;
    }
    buses = qobject_to(QList, ret);
    for (i = 0; buses && i < qlist_size(buses); i++) {
        QDict *bus = qobject_to(QDict, qlist_get(buses, i));

        print_devices(out, qdict_get_qlist(bus, "devices"));
    }
}

static void hmp_info_pci_register(void)
{
    hmp_register_info("pci", NULL, "show PCI info", hmp_info_pci);
}

qmp_init(hmp_info_pci_register)
