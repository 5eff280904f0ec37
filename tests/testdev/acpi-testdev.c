/*
 * corvid-test-piix4-pm: PIIX4_PM (hw/acpi/piix4.c) made creatable with
 * -device, so that tests can put it on a corvid-test-pci-host bus under
 * -M none.  The board-made PIIX4_PM is not creatable, as in qemu.
 */
#include "util/osdep.h"
#include "util/module.h"
#include "hw/acpi/piix4.h"

#define TYPE_CORVID_TEST_PIIX4_PM "corvid-test-piix4-pm"

static void test_piix4_pm_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->desc = "PIIX4_PM for tests on -M none (test builds only)";
    dc->user_creatable = true;
}

static const TypeInfo test_piix4_pm_info = {
    .name = TYPE_CORVID_TEST_PIIX4_PM,
    .parent = TYPE_PIIX4_PM,
    .instance_size = sizeof(PIIX4PMState),
    .class_init = test_piix4_pm_class_init,
};

static void test_piix4_pm_register_types(void)
{
    type_register_static(&test_piix4_pm_info);
}

type_init(test_piix4_pm_register_types)
