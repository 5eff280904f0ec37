/*
 * virtio-blk-pci: the virtio block device (hw/block/virtio-blk.c) behind
 * the virtio-pci proxy, under its three names virtio-blk-pci,
 * virtio-blk-pci-transitional and virtio-blk-pci-non-transitional.
 * The device's properties are aliased on the proxy; without "vectors"
 * the proxy gets one MSI-X vector per queue plus one for config changes.
 */
#include "util/osdep.h"
#include "util/error.h"
#include "util/module.h"
#include "qom/object-property.h"
#include "hw/virtio/virtio-pci.h"
#include "hw/block/virtio-blk.h"
#include "hw/pci/pci_ids.h"

#define TYPE_VIRTIO_BLK_PCI "virtio-blk-pci-base"
#define VIRTIO_BLK_PCI(obj) \
    OBJECT_CHECK(VirtIOBlkPCI, (obj), TYPE_VIRTIO_BLK_PCI)

typedef struct VirtIOBlkPCI {
    VirtIOPCIProxy parent_obj;
    VirtIOBlock vdev;
} VirtIOBlkPCI;

/* The proxy's own PCI realize, which we run after picking "vectors". */
static void (*virtio_blk_pci_parent_realize)(PCIDevice *d, Error **errp);

static void virtio_blk_pci_pci_realize(PCIDevice *d, Error **errp)
{
    VirtIOBlkPCI *dev = VIRTIO_BLK_PCI(d);
    VirtIOPCIProxy *proxy = VIRTIO_PCI(d);

    if (proxy->nvectors == DEV_NVECTORS_UNSPECIFIED) {
        proxy->nvectors = dev->vdev.num_queues + 1;
    }
    virtio_blk_pci_parent_realize(d, errp);
}

static void virtio_blk_pci_realize(VirtIOPCIProxy *proxy, Error **errp)
{
    VirtIOBlkPCI *dev = VIRTIO_BLK_PCI(proxy);

    qdev_realize(DEVICE(&dev->vdev), BUS(&proxy->bus), errp);
}

static void virtio_blk_pci_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    VirtioPCIClass *k = VIRTIO_PCI_CLASS(klass);
    PCIDeviceClass *pk = PCI_DEVICE_CLASS(klass);

    k->realize = virtio_blk_pci_realize;
    if (pk->realize != virtio_blk_pci_pci_realize) {
        virtio_blk_pci_parent_realize = pk->realize;
        pk->realize = virtio_blk_pci_pci_realize;
    }
    device_class_set_category(dc, DEVICE_CATEGORY_STORAGE);
    pk->device_id = PCI_DEVICE_ID_VIRTIO_BLOCK;
    pk->class_id = PCI_CLASS_STORAGE_SCSI;
}

static void virtio_blk_pci_instance_init(Object *obj)
{
    VirtIOBlkPCI *dev = VIRTIO_BLK_PCI(obj);

    virtio_instance_init_common(obj, &dev->vdev, sizeof(dev->vdev),
                                TYPE_VIRTIO_BLK);
    virtio_pci_alias_vdev_properties(obj, OBJECT(&dev->vdev));
}

static const VirtioPCIDeviceTypeInfo virtio_blk_pci_info = {
    .base_name = TYPE_VIRTIO_BLK_PCI,
    .generic_name = "virtio-blk-pci",
    .transitional_name = "virtio-blk-pci-transitional",
    .non_transitional_name = "virtio-blk-pci-non-transitional",
    .instance_size = sizeof(VirtIOBlkPCI),
    .instance_init = virtio_blk_pci_instance_init,
    .class_init = virtio_blk_pci_class_init,
};

static void virtio_blk_pci_register(void)
{
    virtio_pci_types_register(&virtio_blk_pci_info);
}

type_init(virtio_blk_pci_register)
