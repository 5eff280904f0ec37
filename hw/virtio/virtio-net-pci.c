/*
 * virtio-net-pci: the virtio network device (hw/net/virtio-net.c) behind
 * the virtio-pci proxy, under its three names virtio-net-pci,
 * virtio-net-pci-transitional and virtio-net-pci-non-transitional.
 * The device's properties (mac, netdev, host_mtu, mq, ...) are aliased
 * on the proxy, as qemu does.  Without "vectors" the proxy gets one
 * MSI-X vector per queue of every pair the netdev can carry, one for the
 * control queue and one for config changes.
 */
#include "util/osdep.h"
#include "util/error.h"
#include "util/module.h"
#include "qom/object-property.h"
#include "hw/virtio/virtio-pci.h"
#include "hw/net/virtio-net.h"
#include "hw/pci/pci_ids.h"

#define TYPE_VIRTIO_NET_PCI "virtio-net-pci-base"
#define VIRTIO_NET_PCI(obj) \
    OBJECT_CHECK(VirtIONetPCI, (obj), TYPE_VIRTIO_NET_PCI)

typedef struct VirtIONetPCI {
    VirtIOPCIProxy parent_obj;
    VirtIONet vdev;
} VirtIONetPCI;

/* The proxy's own PCI realize, which we run after picking "vectors". */
static void (*virtio_net_pci_parent_realize)(PCIDevice *d, Error **errp);

static void virtio_net_pci_pci_realize(PCIDevice *d, Error **errp)
{
    VirtIONetPCI *dev = VIRTIO_NET_PCI(d);
    VirtIOPCIProxy *proxy = VIRTIO_PCI(d);
    NetClientState *queues[NET_MAX_QUEUES];
    int n = 1;

    if (dev->vdev.netdev_id) {
        n = MAX(qemu_find_netdev_queues(dev->vdev.netdev_id, queues,
                                        NET_MAX_QUEUES), 1);
    }
    if (proxy->nvectors == DEV_NVECTORS_UNSPECIFIED) {
        proxy->nvectors = 2 * n + 2;
    }
    virtio_net_pci_parent_realize(d, errp);
}

static void virtio_net_pci_realize(VirtIOPCIProxy *proxy, Error **errp)
{
    VirtIONetPCI *dev = VIRTIO_NET_PCI(proxy);

    qdev_realize(DEVICE(&dev->vdev), BUS(&proxy->bus), errp);
}

static void virtio_net_pci_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    VirtioPCIClass *k = VIRTIO_PCI_CLASS(klass);
    PCIDeviceClass *pk = PCI_DEVICE_CLASS(klass);

    k->realize = virtio_net_pci_realize;
    if (pk->realize != virtio_net_pci_pci_realize) {
        virtio_net_pci_parent_realize = pk->realize;
        pk->realize = virtio_net_pci_pci_realize;
    }
    device_class_set_category(dc, DEVICE_CATEGORY_NETWORK);
    pk->device_id = PCI_DEVICE_ID_VIRTIO_NET;
    pk->class_id = PCI_CLASS_NETWORK_ETHERNET;
}

static void virtio_net_pci_instance_init(Object *obj)
{
    VirtIONetPCI *dev = VIRTIO_NET_PCI(obj);

    virtio_instance_init_common(obj, &dev->vdev, sizeof(dev->vdev),
                                TYPE_VIRTIO_NET);
    virtio_pci_alias_vdev_properties(obj, OBJECT(&dev->vdev));
}

static const VirtioPCIDeviceTypeInfo virtio_net_pci_info = {
    .base_name = TYPE_VIRTIO_NET_PCI,
    .generic_name = "virtio-net-pci",
    .transitional_name = "virtio-net-pci-transitional",
    .non_transitional_name = "virtio-net-pci-non-transitional",
    .instance_size = sizeof(VirtIONetPCI),
    .instance_init = virtio_net_pci_instance_init,
    .class_init = virtio_net_pci_class_init,
};

static void virtio_net_pci_register(void)
{
    virtio_pci_types_register(&virtio_net_pci_info);
}

type_init(virtio_net_pci_register)
