/*
 * virtio-rng-pci: the virtio entropy device (hw/virtio/virtio-rng.c)
 * behind the virtio-pci proxy, under its three names virtio-rng-pci,
 * virtio-rng-pci-transitional and virtio-rng-pci-non-transitional.
 * The device's properties (rng, max-bytes, period, packed, ...) are
 * aliased on the proxy, as qemu does.
 */
#include "util/osdep.h"
#include "util/error.h"
#include "util/module.h"
#include "qom/object-property.h"
#include "hw/virtio/virtio-pci.h"
#include "hw/virtio/virtio-rng.h"
#include "hw/pci/pci_ids.h"

#define TYPE_VIRTIO_RNG_PCI "virtio-rng-pci-base"
#define VIRTIO_RNG_PCI(obj) \
    OBJECT_CHECK(VirtIORngPCI, (obj), TYPE_VIRTIO_RNG_PCI)

typedef struct VirtIORngPCI {
    VirtIOPCIProxy parent_obj;
    VirtIORNG vdev;
} VirtIORngPCI;

static void virtio_rng_pci_realize(VirtIOPCIProxy *proxy, Error **errp)
{
    VirtIORngPCI *dev = VIRTIO_RNG_PCI(proxy);

    qdev_realize(DEVICE(&dev->vdev), BUS(&proxy->bus), errp);
}

static void virtio_rng_pci_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    VirtioPCIClass *k = VIRTIO_PCI_CLASS(klass);
    PCIDeviceClass *pk = PCI_DEVICE_CLASS(klass);

    k->realize = virtio_rng_pci_realize;
    device_class_set_category(dc, DEVICE_CATEGORY_MISC);
    pk->device_id = PCI_DEVICE_ID_VIRTIO_RNG;
    pk->class_id = PCI_CLASS_OTHERS_UNCLASSIFIED;
}

static void virtio_rng_pci_instance_init(Object *obj)
{
    VirtIORngPCI *dev = VIRTIO_RNG_PCI(obj);

    virtio_instance_init_common(obj, &dev->vdev, sizeof(dev->vdev),
                                TYPE_VIRTIO_RNG);
    /* rng, max-bytes, period and the virtio feature bits. */
    virtio_pci_alias_vdev_properties(obj, OBJECT(&dev->vdev));
}

static const VirtioPCIDeviceTypeInfo virtio_rng_pci_info = {
    .base_name = TYPE_VIRTIO_RNG_PCI,
    .generic_name = "virtio-rng-pci",
    .transitional_name = "virtio-rng-pci-transitional",
    .non_transitional_name = "virtio-rng-pci-non-transitional",
    .instance_size = sizeof(VirtIORngPCI),
    .instance_init = virtio_rng_pci_instance_init,
    .class_init = virtio_rng_pci_class_init,
};

static void virtio_rng_pci_register(void)
{
    virtio_pci_types_register(&virtio_rng_pci_info);
}

type_init(virtio_rng_pci_register)
