/*
 * "PIIX4_PM": the PIIX4 power-management function of the pc machine,
 * with its ACPI registers, APM ports and the ACPI PCI hotplug controller
 * of its bus (see include/hw/acpi/piix4.h).
 */
#include "util/osdep.h"
#include "util/module.h"
#include "qom/object-property.h"
#include "hw/core/qdev-properties.h"
#include "hw/pci/pci_bus.h"
#include "system/runstate.h"
#include "hw/acpi/piix4.h"

/* PM block mapping */

static void piix4_pm_io_update(PIIX4PMState *s)
{
    uint8_t *c = PCI_DEVICE(s)->config;

    s->pm_io_base = pci_get_long(c + PIIX4_PM_PMBA) & PIIX4_PM_PMBA_MASK;
    memory_region_transaction_begin();
    memory_region_set_address(&s->io, s->pm_io_base);
    memory_region_set_enabled(&s->io, c[PIIX4_PM_PMREGMISC] & PIIX4_PM_PMIOSE);
    memory_region_transaction_commit();
}

static bool range_hits(uint32_t addr, int len, uint32_t reg, int reg_len)
{
    return addr < reg + reg_len && reg < addr + len;
}

static void piix4_pm_write_config(PCIDevice *dev, uint32_t addr,
                                  uint32_t val, int len)
{
    pci_default_write_config(dev, addr, val, len);
    if (range_hits(addr, len, PIIX4_PM_PMBA, 4) ||
        range_hits(addr, len, PIIX4_PM_PMREGMISC, 1)) {
        piix4_pm_io_update(PIIX4_PM(dev));
    }
}

/* APM control (0xb2) and status (0xb3) */

static uint64_t apm_read(void *opaque, hwaddr addr, unsigned size)
{
    PIIX4PMState *s = opaque;
    uint64_t v = 0;
    unsigned i;

    for (i = 0; i < size && addr + i < PIIX4_PM_APM_LEN; i++) {
        v |= (uint64_t)(addr + i ? s->apm_sts : s->apm_cnt) << (8 * i);
    }
    return v;
}

static void apm_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    PIIX4PMState *s = opaque;
    unsigned i;

    for (i = 0; i < size && addr + i < PIIX4_PM_APM_LEN; i++) {
        uint8_t byte = val >> (8 * i);

        if (addr + i) {
            s->apm_sts = byte;
            continue;
        }
        s->apm_cnt = byte;
        /* What the firmware's SMI handler would do for these commands;
         * there is no SMI. */
        if (byte == PIIX4_PM_ACPI_ENABLE) {
            acpi_pm_set_sci_enable(&s->ar, true);
        } else if (byte == PIIX4_PM_ACPI_DISABLE) {
            acpi_pm_set_sci_enable(&s->ar, false);
        }
    }
}

static const MemoryRegionOps apm_ops = {
    .read = apm_read,
    .write = apm_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 2,
               .unaligned = true },
    .impl = { .min_access_size = 1, .max_access_size = 2,
              .unaligned = true },
};

/* Events */

static void piix4_pm_sleep(void *opaque, unsigned slp_typ)
{
    PIIX4PMState *s = opaque;

    if (slp_typ == PIIX4_PM_SLP_TYP_S5 || slp_typ == s->s4_val) {
        qemu_system_shutdown_request(SHUTDOWN_CAUSE_GUEST_SHUTDOWN);
    } else if (slp_typ == PIIX4_PM_SLP_TYP_S3) {
        pci_guest_error(PCI_DEVICE(s), "suspend to RAM (S3) is not "
                        "supported");
    }
}

static void piix4_pm_powerdown(Notifier *n, void *data)
{
    PIIX4PMState *s = container_of(n, PIIX4PMState, powerdown);

    acpi_pm_power_button(&s->ar);
}

static void piix4_pm_pcihp_notify(void *opaque)
{
    PIIX4PMState *s = opaque;

    acpi_gpe_raise(&s->ar, ACPI_PCIHP_GPE_BIT);
}

/* Life cycle */

static void piix4_pm_reset(DeviceState *dev)
{
    PIIX4PMState *s = PIIX4_PM(dev);
    uint8_t *c = PCI_DEVICE(dev)->config;

    /* What qemu's reset changes (observed); the rest of PMBA stays. */
    c[PIIX4_PM_PMBA] = PIIX4_PM_PMBA_RESET;
    pci_set_long(c + PIIX4_PM_DEVACTB, 0);
    c[PIIX4_PM_PMREGMISC] = 0;
    piix4_pm_io_update(s);
    acpi_pm_reset(&s->ar);
    acpi_pcihp_reset(&s->pcihp);
}

#define RO_PROP(bits, name, field) \
    object_property_add_uint##bits##_ptr(OBJECT(s), name, &s->field, \
                                         OBJ_PROP_FLAG_READ)

static const char *const piix4_pm_ro_props[] = {
    "pm_io_base", "acpi-pcihp-io-base", "acpi-pcihp-io-len", "gpe0_blk",
    "gpe0_blk_len", "sci_int", "acpi_enable_cmd", "acpi_disable_cmd",
};

static void piix4_pm_add_props(PIIX4PMState *s)
{
    s->pcihp_io_base = ACPI_PCIHP_ADDR_PIIX4;
    s->pcihp_io_len = ACPI_PCIHP_SIZE;
    s->gpe0_blk = PIIX4_PM_GPE0_BLK;
    s->gpe0_blk_len = PIIX4_PM_GPE0_BLK_LEN;
    s->sci_int = PIIX4_PM_SCI_INT;
    s->acpi_enable_cmd = PIIX4_PM_ACPI_ENABLE;
    s->acpi_disable_cmd = PIIX4_PM_ACPI_DISABLE;
    RO_PROP(32, "pm_io_base", pm_io_base);
    RO_PROP(16, "acpi-pcihp-io-base", pcihp_io_base);
    RO_PROP(16, "acpi-pcihp-io-len", pcihp_io_len);
    RO_PROP(32, "gpe0_blk", gpe0_blk);
    RO_PROP(32, "gpe0_blk_len", gpe0_blk_len);
    RO_PROP(16, "sci_int", sci_int);
    RO_PROP(8, "acpi_enable_cmd", acpi_enable_cmd);
    RO_PROP(8, "acpi_disable_cmd", acpi_disable_cmd);
}

static void piix4_pm_realize(PCIDevice *dev, Error **errp)
{
    PIIX4PMState *s = PIIX4_PM(dev);
    PCIBus *bus = pci_get_bus(dev);
    Object *handler = bus->qbus.hotplug_handler;
    uint8_t *c = dev->config;

    if (!pci_bus_is_root(bus)) {
        error_setg(errp, "%s must be on a root bus", dev->name);
        return;
    }
    if (handler && object_dynamic_cast(handler, TYPE_PIIX4_PM)) {
        error_setg(errp, "%s: bus '%s' already has an ACPI PCI hotplug "
                   "controller", dev->name, bus->qbus.name);
        return;
    }

    pci_set_word(c + PCI_STATUS, PIIX4_PM_STATUS);
    pci_config_set_interrupt_pin(c, 1);
    c[PIIX4_PM_PMBA] = PIIX4_PM_PMBA_RESET;
    /* The device resource values qemu's model starts with (observed). */
    pci_set_long(c + PIIX4_PM_DEVRESA, 0x10000000);
    pci_set_long(c + PIIX4_PM_DEVRESB, 0x60000000);

    s->io_space = bus->address_space_io;
    acpi_pm_init(&s->ar, OBJECT(s), PIIX4_PM_GPE0_BLK_LEN, piix4_pm_sleep, s);
    memory_region_init(&s->io, OBJECT(s), "piix4-pm", PIIX4_PM_IO_LEN);
    memory_region_set_enabled(&s->io, false);
    memory_region_add_subregion(&s->io, PIIX4_PM_PM1_EVT, &s->ar.evt);
    memory_region_add_subregion(&s->io, PIIX4_PM_PM1_CNT, &s->ar.cnt);
    memory_region_add_subregion(&s->io, PIIX4_PM_PM_TMR, &s->ar.tmr);
    memory_region_add_subregion(s->io_space, 0, &s->io);
    memory_region_add_subregion(s->io_space, PIIX4_PM_GPE0_BLK, &s->ar.gpe);
    memory_region_init_io(&s->apm_io, OBJECT(s), &apm_ops, s, "apm-io",
                          PIIX4_PM_APM_LEN);
    memory_region_add_subregion(s->io_space, PIIX4_PM_APM_CNT, &s->apm_io);
    acpi_pcihp_init(&s->pcihp, dev, bus, s->io_space, ACPI_PCIHP_ADDR_PIIX4,
                    s->use_acpi_root_pci_hotplug, s->use_acpi_hotplug_bridge,
                    piix4_pm_pcihp_notify, s);
    s->realized_regions = true;
    piix4_pm_io_update(s);

    s->powerdown.notify = piix4_pm_powerdown;
    runstate_add_powerdown_notifier(&s->powerdown);
    piix4_pm_add_props(s);
}

static void piix4_pm_exit(PCIDevice *dev)
{
    PIIX4PMState *s = PIIX4_PM(dev);
    size_t i;

    if (!s->realized_regions) {
        return;
    }
    for (i = 0; i < G_N_ELEMENTS(piix4_pm_ro_props); i++) {
        object_property_del(OBJECT(s), piix4_pm_ro_props[i]);
    }
    notifier_remove(&s->powerdown);
    acpi_pcihp_exit(&s->pcihp);
    memory_region_del_subregion(s->io_space, &s->apm_io);
    object_unparent(OBJECT(&s->apm_io));
    memory_region_del_subregion(s->io_space, &s->ar.gpe);
    memory_region_del_subregion(s->io_space, &s->io);
    memory_region_del_subregion(&s->io, &s->ar.evt);
    memory_region_del_subregion(&s->io, &s->ar.cnt);
    memory_region_del_subregion(&s->io, &s->ar.tmr);
    object_unparent(OBJECT(&s->io));
    acpi_pm_exit(&s->ar);
    s->realized_regions = false;
}

static void piix4_pm_init(Object *obj)
{
    PIIX4PMState *s = PIIX4_PM(obj);

    qdev_init_gpio_out(DEVICE(obj), &s->ar.sci, 1);
}

/* Hotplug handler: PCI devices on the buses it serves */

static bool is_pci(DeviceState *dev)
{
    return object_dynamic_cast(OBJECT(dev), TYPE_PCI_DEVICE);
}

static void piix4_pm_pre_plug(HotplugHandler *hh, DeviceState *dev,
                              Error **errp)
{
    if (!is_pci(dev)) {
        error_setg(errp, "acpi: device pre plug request for not supported "
                   "device type: %s", object_get_typename(OBJECT(dev)));
        return;
    }
    acpi_pcihp_pre_plug_cb(&PIIX4_PM(hh)->pcihp, dev, errp);
}

static void piix4_pm_plug(HotplugHandler *hh, DeviceState *dev, Error **errp)
{
    if (!is_pci(dev)) {
        error_setg(errp, "acpi: device plug request for not supported "
                   "device type: %s", object_get_typename(OBJECT(dev)));
        return;
    }
    acpi_pcihp_plug_cb(&PIIX4_PM(hh)->pcihp, dev, errp);
}

static void piix4_pm_unplug_request(HotplugHandler *hh, DeviceState *dev,
                                    Error **errp)
{
    if (!is_pci(dev)) {
        error_setg(errp, "acpi: device unplug request for not supported "
                   "device type: %s", object_get_typename(OBJECT(dev)));
        return;
    }
    acpi_pcihp_unplug_request_cb(&PIIX4_PM(hh)->pcihp, dev, errp);
}

static void piix4_pm_unplug(HotplugHandler *hh, DeviceState *dev,
                            Error **errp)
{
    if (!is_pci(dev)) {
        error_setg(errp, "acpi: device unplug for not supported device "
                   "type: %s", object_get_typename(OBJECT(dev)));
        return;
    }
    acpi_pcihp_unplug_cb(&PIIX4_PM(hh)->pcihp, dev, errp);
}

static bool piix4_pm_is_hotpluggable_bus(HotplugHandler *hh, BusState *bus)
{
    return acpi_pcihp_is_hotpluggable_bus(&PIIX4_PM(hh)->pcihp, bus);
}

static const Property piix4_pm_props[] = {
    DEFINE_PROP_BOOL("acpi-pci-hotplug-with-bridge-support", PIIX4PMState,
                     use_acpi_hotplug_bridge, true),
    DEFINE_PROP_BOOL("acpi-root-pci-hotplug", PIIX4PMState,
                     use_acpi_root_pci_hotplug, true),
    DEFINE_PROP_UINT8("s4_val", PIIX4PMState, s4_val,
                      PIIX4_PM_S4_VAL_DEFAULT),
};

static void piix4_pm_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(oc);
    HotplugHandlerClass *hc = HOTPLUG_HANDLER_CLASS(oc);

    k->realize = piix4_pm_realize;
    k->exit = piix4_pm_exit;
    k->config_write = piix4_pm_write_config;
    k->vendor_id = PCI_VENDOR_ID_INTEL;
    k->device_id = PCI_DEVICE_ID_INTEL_82371AB_3;
    k->revision = PIIX4_PM_REVISION;
    k->class_id = PCI_CLASS_BRIDGE_OTHER;
    dc->desc = "PM";
    dc->reset = piix4_pm_reset;
    /* Part of the board, wired by it: never created with -device. */
    dc->user_creatable = false;
    dc->hotpluggable = false;
    device_class_set_props(dc, piix4_pm_props);
    hc->pre_plug = piix4_pm_pre_plug;
    hc->plug = piix4_pm_plug;
    hc->unplug_request = piix4_pm_unplug_request;
    hc->unplug = piix4_pm_unplug;
    hc->is_hotpluggable_bus = piix4_pm_is_hotpluggable_bus;
}

static const TypeInfo piix4_pm_info = {
    .name = TYPE_PIIX4_PM,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(PIIX4PMState),
    .instance_init = piix4_pm_init,
    .class_init = piix4_pm_class_init,
    .interfaces = (const InterfaceInfo[]) {
        { TYPE_HOTPLUG_HANDLER },
        { INTERFACE_CONVENTIONAL_PCI_DEVICE },
        { }
    },
};

PIIX4PMState *piix4_pm_create(PCIBus *bus, qemu_irq sci, Error **errp)
{
    PCIDevice *dev = pci_new(PIIX4_PM_DEVFN, TYPE_PIIX4_PM);

    if (!pci_realize_and_unref(dev, bus, errp)) {
        return NULL;
    }
    qdev_connect_gpio_out(DEVICE(dev), 0, sci);
    return PIIX4_PM(dev);
}

static void piix4_pm_register_types(void)
{
    type_register_static(&piix4_pm_info);
}

type_init(piix4_pm_register_types)
