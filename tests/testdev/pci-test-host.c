/*
 * corvid-test-pci-host: a PCI host bridge for tests on -M none
 * (see pci-testdev-regs.h): configuration mechanism #1, optional ECAM,
 * 1:1 windows onto the root bus's spaces, and four INTx lines that end
 * on its own interrupt-controller inputs.
 */
#include "util/osdep.h"
#include "util/module.h"
#include "hw/core/qdev-properties.h"
#include "hw/core/hotplug.h"
#include "hw/pci/pci_bridge.h"
#include "tests/testdev/pci-testdev.h"

#define IO_SPACE_SIZE 0x10000

static void test_pci_host_set_irq(void *opaque, int irq_num, int level)
{
    CorvidTestPCIHost *s = opaque;

    qemu_set_irq(s->irq[irq_num], level);
}

/*
 * The interrupt controller end of the lines: by default each output is
 * wired to the same-numbered input, which records the level.  A test
 * sees the lines with irq_intercept_in (or takes the outputs over with
 * irq_intercept_out).
 */
static void test_pci_host_irq_in(void *opaque, int n, int level)
{
    CorvidTestPCIHost *s = opaque;

    s->irq_level[n] = level;
}

/* ECAM: 1 MiB per bus, 4 KiB per function ([PCIe] 7.2.2). */
static PCIDevice *test_pci_host_ecam_dev(CorvidTestPCIHost *s, hwaddr addr)
{
    PCIHostState *h = PCI_HOST_BRIDGE(s);

    return pci_find_device(h->bus, (addr >> PCIE_ECAM_BUS_SHIFT) & 0xff,
                           (addr >> PCIE_ECAM_DEVFN_SHIFT) & 0xff);
}

static uint64_t test_pci_host_ecam_read(void *opaque, hwaddr addr,
                                        unsigned len)
{
    CorvidTestPCIHost *s = opaque;
    PCIDevice *dev = test_pci_host_ecam_dev(s, addr);

    if (!dev) {
        /* No function there: a master abort reads all-ones. */
        return ~0ULL;
    }
    return pci_host_config_read_common(dev, addr & PCIE_ECAM_REG_MASK,
                                       pci_config_size(dev), len);
}

static void test_pci_host_ecam_write(void *opaque, hwaddr addr,
                                     uint64_t val, unsigned len)
{
    CorvidTestPCIHost *s = opaque;
    PCIDevice *dev = test_pci_host_ecam_dev(s, addr);

    if (dev) {
        pci_host_config_write_common(dev, addr & PCIE_ECAM_REG_MASK,
                                     pci_config_size(dev), val, len);
    }
}

/* [PCIe] 7.2.2: configuration requests of at most a DWORD, aligned. */
static const MemoryRegionOps test_pci_host_ecam_ops = {
    .read = test_pci_host_ecam_read,
    .write = test_pci_host_ecam_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 1,
    .valid.max_access_size = 4,
    .impl.min_access_size = 1,
    .impl.max_access_size = 4,
};

/* The usual wiring of a slot's four pins to four lines. */
static int test_pci_host_map_irq(PCIDevice *dev, int pin)
{
    return pci_swizzle(PCI_SLOT(dev->devfn), pin);
}

/*
 * Hot-plug, when "hotplug" is on: devices join and leave at once (no
 * guest handshake), on the root bus and on the secondary bus of every
 * bridge below that has no controller of its own, as a PC's ACPI
 * hot-plug controller serves them.
 */
static void test_pci_host_plug(HotplugHandler *handler, DeviceState *dev,
                               Error **errp)
{
    if (object_dynamic_cast(OBJECT(dev), TYPE_PCI_BRIDGE)) {
        BusState *sec = BUS(pci_bridge_get_sec_bus(PCI_BRIDGE(dev)));

        if (!sec->hotplug_handler) {
            qbus_set_hotplug_handler(sec, OBJECT(handler));
        }
    }
}

static void test_pci_host_unplug(HotplugHandler *handler, DeviceState *dev,
                                 Error **errp)
{
    object_unparent(OBJECT(dev));
}

static bool range_ok(uint64_t base, uint64_t size, uint64_t limit)
{
    return !size || (base + size > base && base + size <= limit);
}

static bool test_pci_host_check(CorvidTestPCIHost *s, Error **errp)
{
    if (!range_ok(s->mmio_base, s->mmio_size, UINT64_MAX) ||
        !range_ok(s->mmio64_base, s->mmio64_size, UINT64_MAX)) {
        error_setg(errp, "corvid-test-pci-host: a memory window wraps "
                   "around the address space");
        return false;
    }
    if (!range_ok(s->io_base, s->io_size, IO_SPACE_SIZE)) {
        error_setg(errp, "corvid-test-pci-host: I/O window 0x%x+0x%x is "
                   "outside the 64 KiB I/O space", s->io_base, s->io_size);
        return false;
    }
    if (s->config_port & 3 ||
        s->config_port + 2 * PCI_HOST_CONFIG_PORT_SIZE > IO_SPACE_SIZE) {
        error_setg(errp, "corvid-test-pci-host: config-port 0x%x must be "
                   "4-aligned and below 0xfff8", s->config_port);
        return false;
    }
    if (s->ecam_size && (s->ecam_size % (1 * MiB) ||
                         s->ecam_size > PCI_BUS_MAX * MiB ||
                         !range_ok(s->ecam_base, s->ecam_size, UINT64_MAX))) {
        error_setg(errp, "corvid-test-pci-host: ecam-size must be a "
                   "multiple of 1 MiB up to 256 MiB, in the address space");
        return false;
    }
    if (s->io_size && s->config_port < s->io_base + s->io_size &&
        s->io_base < s->config_port + 2 * PCI_HOST_CONFIG_PORT_SIZE) {
        error_setg(errp, "corvid-test-pci-host: config-port 0x%x is inside "
                   "the I/O window", s->config_port);
        return false;
    }
    return true;
}

static void test_pci_host_add_window(CorvidTestPCIHost *s, MemoryRegion *w,
                                     const char *name, MemoryRegion *space,
                                     MemoryRegion *system, uint64_t base,
                                     uint64_t size)
{
    if (!size) {
        return;
    }
    /* 1:1: bus address N is CPU address N. */
    memory_region_init_alias(w, OBJECT(s), name, space, base, size);
    memory_region_add_subregion(system, base, w);
}

static void test_pci_host_del_window(MemoryRegion *w, MemoryRegion *system,
                                     uint64_t size)
{
    if (size) {
        memory_region_del_subregion(system, w);
        object_unparent(OBJECT(w));
    }
}

static void test_pci_host_realize(DeviceState *dev, Error **errp)
{
    CorvidTestPCIHost *s = CORVID_TEST_PCI_HOST(dev);
    PCIHostState *h = PCI_HOST_BRIDGE(dev);

    int i;

    if (!test_pci_host_check(s, errp)) {
        return;
    }
    for (i = 0; i < CORVID_TEST_PCI_HOST_NUM_IRQS; i++) {
        /* Outputs nobody wired go to our own inputs. */
        if (!s->irq[i]) {
            qdev_connect_gpio_out(dev, i, qdev_get_gpio_in(dev, i));
        }
    }
    memory_region_init(&s->pci_mem, OBJECT(s), "pci-test-mem", UINT64_MAX);
    memory_region_init(&s->pci_io, OBJECT(s), "pci-test-io", IO_SPACE_SIZE);
    test_pci_host_add_window(s, &s->mmio_window, "pci-test-mmio",
                             &s->pci_mem, get_system_memory(), s->mmio_base,
                             s->mmio_size);
    test_pci_host_add_window(s, &s->mmio64_window, "pci-test-mmio64",
                             &s->pci_mem, get_system_memory(),
                             s->mmio64_base, s->mmio64_size);
    test_pci_host_add_window(s, &s->io_window, "pci-test-io-window",
                             &s->pci_io, get_system_io(), s->io_base,
                             s->io_size);

    pci_host_init_conf_regions(h);
    memory_region_add_subregion_overlap(get_system_io(), s->config_port,
                                        &h->conf_mem, 1);
    memory_region_add_subregion_overlap(get_system_io(),
                                        s->config_port +
                                        PCI_HOST_CONFIG_PORT_SIZE,
                                        &h->data_mem, 1);

    if (s->ecam_size) {
        memory_region_init_io(&s->ecam, OBJECT(s), &test_pci_host_ecam_ops,
                              s, "pci-test-ecam", s->ecam_size);
        memory_region_add_subregion(get_system_memory(), s->ecam_base,
                                    &s->ecam);
    }
    h->bus = pci_register_root_bus(dev, NULL, test_pci_host_set_irq,
                                   test_pci_host_map_irq, s, &s->pci_mem,
                                   &s->pci_io, 0,
                                   CORVID_TEST_PCI_HOST_NUM_IRQS,
                                   s->pcie ? TYPE_PCIE_BUS : TYPE_PCI_BUS);
    if (s->hotplug) {
        qbus_set_hotplug_handler(BUS(h->bus), OBJECT(s));
    }
}

static void test_pci_host_unrealize(DeviceState *dev)
{
    CorvidTestPCIHost *s = CORVID_TEST_PCI_HOST(dev);
    PCIHostState *h = PCI_HOST_BRIDGE(dev);

    if (h->bus) {
        pci_unregister_root_bus(h->bus);
        h->bus = NULL;
    }
    if (s->ecam_size) {
        memory_region_del_subregion(get_system_memory(), &s->ecam);
        object_unparent(OBJECT(&s->ecam));
    }
    memory_region_del_subregion(get_system_io(), &h->conf_mem);
    memory_region_del_subregion(get_system_io(), &h->data_mem);
    object_unparent(OBJECT(&h->conf_mem));
    object_unparent(OBJECT(&h->data_mem));
    test_pci_host_del_window(&s->mmio_window, get_system_memory(),
                             s->mmio_size);
    test_pci_host_del_window(&s->mmio64_window, get_system_memory(),
                             s->mmio64_size);
    test_pci_host_del_window(&s->io_window, get_system_io(), s->io_size);
    object_unparent(OBJECT(&s->pci_mem));
    object_unparent(OBJECT(&s->pci_io));
}

static void test_pci_host_init(Object *obj)
{
    CorvidTestPCIHost *s = CORVID_TEST_PCI_HOST(obj);

    qdev_init_gpio_out(DEVICE(obj), s->irq, CORVID_TEST_PCI_HOST_NUM_IRQS);
    qdev_init_gpio_in(DEVICE(obj), test_pci_host_irq_in,
                      CORVID_TEST_PCI_HOST_NUM_IRQS);
}

static const Property test_pci_host_props[] = {
    DEFINE_PROP_UINT64("mmio-base", CorvidTestPCIHost, mmio_base,
                       CORVID_TEST_PCI_HOST_MMIO_BASE),
    DEFINE_PROP_SIZE("mmio-size", CorvidTestPCIHost, mmio_size,
                     CORVID_TEST_PCI_HOST_MMIO_SIZE),
    DEFINE_PROP_UINT64("mmio64-base", CorvidTestPCIHost, mmio64_base,
                       CORVID_TEST_PCI_HOST_MMIO64_BASE),
    DEFINE_PROP_SIZE("mmio64-size", CorvidTestPCIHost, mmio64_size,
                     CORVID_TEST_PCI_HOST_MMIO64_SIZE),
    DEFINE_PROP_UINT32("io-base", CorvidTestPCIHost, io_base,
                       CORVID_TEST_PCI_HOST_IO_BASE),
    DEFINE_PROP_UINT32("io-size", CorvidTestPCIHost, io_size,
                       CORVID_TEST_PCI_HOST_IO_SIZE),
    DEFINE_PROP_UINT32("config-port", CorvidTestPCIHost, config_port,
                       CORVID_TEST_PCI_HOST_CONFIG_PORT),
    DEFINE_PROP_UINT64("ecam-base", CorvidTestPCIHost, ecam_base, 0),
    DEFINE_PROP_SIZE("ecam-size", CorvidTestPCIHost, ecam_size, 0),
    DEFINE_PROP_BOOL("pcie", CorvidTestPCIHost, pcie, false),
    DEFINE_PROP_BOOL("hotplug", CorvidTestPCIHost, hotplug, true),
};

static void test_pci_host_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    HotplugHandlerClass *hc = HOTPLUG_HANDLER_CLASS(oc);

    dc->realize = test_pci_host_realize;
    dc->unrealize = test_pci_host_unrealize;
    dc->desc = "Test PCI host bridge (test builds only)";
    /* -device creates it on -M none; nothing else would. */
    dc->user_creatable = true;
    dc->hotpluggable = false;
    device_class_set_category(dc, DEVICE_CATEGORY_BRIDGE);
    device_class_set_props(dc, test_pci_host_props);
    hc->plug = test_pci_host_plug;
    hc->unplug = test_pci_host_unplug;
    hc->unplug_request = test_pci_host_unplug;
}

static const InterfaceInfo test_pci_host_interfaces[] = {
    { TYPE_HOTPLUG_HANDLER },
    { NULL },
};

static const TypeInfo test_pci_host_info = {
    .name = TYPE_CORVID_TEST_PCI_HOST,
    .parent = TYPE_PCI_HOST_BRIDGE,
    .instance_size = sizeof(CorvidTestPCIHost),
    .instance_init = test_pci_host_init,
    .class_init = test_pci_host_class_init,
    .interfaces = test_pci_host_interfaces,
};

static void test_pci_host_register_types(void)
{
    type_register_static(&test_pci_host_info);
}

type_init(test_pci_host_register_types)
