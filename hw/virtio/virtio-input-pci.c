/*
 * virtio-keyboard-pci, virtio-mouse-pci and virtio-tablet-pci: the
 * virtio input devices (hw/input/virtio-input-hid.c) behind the
 * virtio-pci proxy.  Like qemu, they exist only under the generic name
 * and are always modern-only (there is no legacy virtio-input), so the
 * function is 1af4:1052 whatever the bus.
 */
#include "util/osdep.h"
#include "util/error.h"
#include "util/module.h"
#include "qom/object-property.h"
#include "hw/virtio/virtio-pci.h"
#include "hw/input/virtio-input.h"
#include "hw/pci/pci_ids.h"

#define TYPE_VIRTIO_INPUT_HID_PCI "virtio-input-hid-pci"
#define VIRTIO_INPUT_HID_PCI(obj) \
    OBJECT_CHECK(VirtIOInputHIDPCI, (obj), TYPE_VIRTIO_INPUT_HID_PCI)

typedef struct VirtIOInputHIDPCI {
    VirtIOPCIProxy parent_obj;
    VirtIOInputHID vdev;
} VirtIOInputHIDPCI;

static void virtio_input_pci_realize(VirtIOPCIProxy *proxy, Error **errp)
{
    VirtIOInputHIDPCI *dev = VIRTIO_INPUT_HID_PCI(proxy);

    /* Virtio 1 only: no legacy I/O BAR, the modern device ID. */
    proxy->disable_legacy = ON_OFF_AUTO_ON;
    proxy->disable_modern = false;
    proxy->legacy = false;
    proxy->modern = true;
    qdev_realize(DEVICE(&dev->vdev), BUS(&proxy->bus), errp);
}

static void virtio_input_pci_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    VirtioPCIClass *k = VIRTIO_PCI_CLASS(klass);
    PCIDeviceClass *pk = PCI_DEVICE_CLASS(klass);

    k->realize = virtio_input_pci_realize;
    device_class_set_category(dc, DEVICE_CATEGORY_INPUT);
    pk->class_id = PCI_CLASS_INPUT_OTHER;
}

/* The PCI class tells what kind of input device it is, as in qemu. */
static void keyboard_pci_class_init(ObjectClass *klass, void *data)
{
    PCI_DEVICE_CLASS(klass)->class_id = PCI_CLASS_INPUT_KEYBOARD;
}

static void mouse_pci_class_init(ObjectClass *klass, void *data)
{
    PCI_DEVICE_CLASS(klass)->class_id = PCI_CLASS_INPUT_MOUSE;
}

static void init_common(Object *obj, const char *vdev_type)
{
    VirtIOInputHIDPCI *dev = VIRTIO_INPUT_HID_PCI(obj);

    virtio_instance_init_common(obj, &dev->vdev, sizeof(dev->vdev),
                                vdev_type);
    /* serial, display, head and the virtio feature bits. */
    virtio_pci_alias_vdev_properties(obj, OBJECT(&dev->vdev));
}

static void keyboard_pci_instance_init(Object *obj)
{
    init_common(obj, TYPE_VIRTIO_KEYBOARD);
}

static void mouse_pci_instance_init(Object *obj)
{
    init_common(obj, TYPE_VIRTIO_MOUSE);
}

static void tablet_pci_instance_init(Object *obj)
{
    init_common(obj, TYPE_VIRTIO_TABLET);
}

static const TypeInfo virtio_input_hid_pci_info = {
    .name = TYPE_VIRTIO_INPUT_HID_PCI,
    .parent = TYPE_VIRTIO_PCI,
    .instance_size = sizeof(VirtIOInputHIDPCI),
    .class_init = virtio_input_pci_class_init,
    .abstract = true,
};

static const VirtioPCIDeviceTypeInfo virtio_keyboard_pci_info = {
    .base_name = "virtio-keyboard-pci-base",
    .generic_name = "virtio-keyboard-pci",
    .parent = TYPE_VIRTIO_INPUT_HID_PCI,
    .instance_size = sizeof(VirtIOInputHIDPCI),
    .instance_init = keyboard_pci_instance_init,
    .class_init = keyboard_pci_class_init,
};

static const VirtioPCIDeviceTypeInfo virtio_mouse_pci_info = {
    .base_name = "virtio-mouse-pci-base",
    .generic_name = "virtio-mouse-pci",
    .parent = TYPE_VIRTIO_INPUT_HID_PCI,
    .instance_size = sizeof(VirtIOInputHIDPCI),
    .instance_init = mouse_pci_instance_init,
    .class_init = mouse_pci_class_init,
};

static const VirtioPCIDeviceTypeInfo virtio_tablet_pci_info = {
    .base_name = "virtio-tablet-pci-base",
    .generic_name = "virtio-tablet-pci",
    .parent = TYPE_VIRTIO_INPUT_HID_PCI,
    .instance_size = sizeof(VirtIOInputHIDPCI),
    .instance_init = tablet_pci_instance_init,
};

static void virtio_input_pci_register(void)
{
    type_register_static(&virtio_input_hid_pci_info);
    virtio_pci_types_register(&virtio_keyboard_pci_info);
    virtio_pci_types_register(&virtio_mouse_pci_info);
    virtio_pci_types_register(&virtio_tablet_pci_info);
}

type_init(virtio_input_pci_register)
