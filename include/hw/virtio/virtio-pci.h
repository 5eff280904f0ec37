/*
 * virtio-pci: the PCI transport proxy for virtio devices (Virtio 1.2
 * section 4.1).
 *
 * TYPE_VIRTIO_PCI ("virtio-pci", abstract) is a PCI function that owns a
 * virtio bus with one virtio device on it.  Concrete proxies embed their
 * device (virtio_instance_init_common) and are registered with
 * virtio_pci_types_register(), which gives three type names:
 *
 *   virtio-X-pci                  modern and, off PCIe ports, legacy too
 *   virtio-X-pci-transitional     legacy and modern, conventional PCI only
 *   virtio-X-pci-non-transitional modern only
 *
 * Guest-visible layout (as qemu-system-x86_64 7.2 builds it):
 *
 *   BAR 0  I/O, legacy register block (transitional devices only)
 *   BAR 1  32-bit memory, 4 KiB: MSI-X table at 0, PBA at 0x800
 *   BAR 4  64-bit prefetchable memory, 16 KiB: common configuration at
 *          0x0000, ISR at 0x1000, device configuration at 0x2000,
 *          notifications at 0x3000 (notify_off_multiplier 4, queue n's
 *          notify_off is n)
 *
 * Capabilities from 0x40: common (1), ISR (3), device (4), notify (2),
 * PCI configuration access (5), MSI-X (the list head); on a PCIe port
 * the PCI Express capability as well.
 */
#ifndef HW_VIRTIO_VIRTIO_PCI_H
#define HW_VIRTIO_VIRTIO_PCI_H

#include "hw/pci/pci.h"
#include "hw/core/qdev-properties.h"
#include "hw/virtio/virtio.h"
#include "hw/virtio/virtio-bus.h"

#define TYPE_VIRTIO_PCI_BUS "virtio-pci-bus"
#define TYPE_VIRTIO_PCI "virtio-pci"

typedef struct VirtIOPCIProxy VirtIOPCIProxy;
typedef struct VirtioPCIClass VirtioPCIClass;

#define VIRTIO_PCI(obj) OBJECT_CHECK(VirtIOPCIProxy, (obj), TYPE_VIRTIO_PCI)
#define VIRTIO_PCI_CLASS(klass) \
    OBJECT_CLASS_CHECK(VirtioPCIClass, (klass), TYPE_VIRTIO_PCI)
#define VIRTIO_PCI_GET_CLASS(obj) \
    OBJECT_GET_CLASS(VirtioPCIClass, (obj), TYPE_VIRTIO_PCI)

/* ABI revisions: 0 for legacy/transitional, 1 for modern-only. */
#define VIRTIO_PCI_ABI_VERSION          0
#define VIRTIO_PCI_MODERN_REVISION      1

/* Vendor capability (4.1.4) */
#define VIRTIO_PCI_CAP_COMMON_CFG       1
#define VIRTIO_PCI_CAP_NOTIFY_CFG       2
#define VIRTIO_PCI_CAP_ISR_CFG          3
#define VIRTIO_PCI_CAP_DEVICE_CFG       4
#define VIRTIO_PCI_CAP_PCI_CFG          5
#define VIRTIO_PCI_CAP_LEN              16
#define VIRTIO_PCI_NOTIFY_CAP_LEN       20
#define VIRTIO_PCI_CFG_CAP_LEN          20
#define VIRTIO_PCI_CAP_VNDR             0   /* field offsets */
#define VIRTIO_PCI_CAP_NEXT             1
#define VIRTIO_PCI_CAP_CAP_LEN          2
#define VIRTIO_PCI_CAP_CFG_TYPE         3
#define VIRTIO_PCI_CAP_BAR              4
#define VIRTIO_PCI_CAP_ID               5
#define VIRTIO_PCI_CAP_OFFSET           8
#define VIRTIO_PCI_CAP_LENGTH           12
#define VIRTIO_PCI_CAP_NOTIFY_MULT      16
#define VIRTIO_PCI_CAP_PCI_CFG_DATA     16

/* Common configuration structure (4.1.4.3) */
#define VIRTIO_PCI_COMMON_DFSELECT      0x00
#define VIRTIO_PCI_COMMON_DF            0x04
#define VIRTIO_PCI_COMMON_GFSELECT      0x08
#define VIRTIO_PCI_COMMON_GF            0x0c
#define VIRTIO_PCI_COMMON_MSIX          0x10
#define VIRTIO_PCI_COMMON_NUMQ          0x12
#define VIRTIO_PCI_COMMON_STATUS        0x14
#define VIRTIO_PCI_COMMON_CFGGENERATION 0x15
#define VIRTIO_PCI_COMMON_Q_SELECT      0x16
#define VIRTIO_PCI_COMMON_Q_SIZE        0x18
#define VIRTIO_PCI_COMMON_Q_MSIX        0x1a
#define VIRTIO_PCI_COMMON_Q_ENABLE      0x1c
#define VIRTIO_PCI_COMMON_Q_NOFF        0x1e
#define VIRTIO_PCI_COMMON_Q_DESCLO      0x20
#define VIRTIO_PCI_COMMON_Q_DESCHI      0x24
#define VIRTIO_PCI_COMMON_Q_AVAILLO     0x28
#define VIRTIO_PCI_COMMON_Q_AVAILHI     0x2c
#define VIRTIO_PCI_COMMON_Q_USEDLO      0x30
#define VIRTIO_PCI_COMMON_Q_USEDHI      0x34
#define VIRTIO_PCI_COMMON_Q_NDATA       0x38    /* queue_notify_data */
#define VIRTIO_PCI_COMMON_Q_RESET       0x3a    /* queue_reset (2.6.1) */

/* Legacy register block in I/O BAR 0 (4.1.4.10) */
#define VIRTIO_PCI_HOST_FEATURES        0x00
#define VIRTIO_PCI_GUEST_FEATURES       0x04
#define VIRTIO_PCI_QUEUE_PFN            0x08
#define VIRTIO_PCI_QUEUE_NUM            0x0c
#define VIRTIO_PCI_QUEUE_SEL            0x0e
#define VIRTIO_PCI_QUEUE_NOTIFY         0x10
#define VIRTIO_PCI_STATUS               0x12
#define VIRTIO_PCI_ISR                  0x13
#define VIRTIO_MSI_CONFIG_VECTOR        0x14
#define VIRTIO_MSI_QUEUE_VECTOR         0x16
#define VIRTIO_PCI_CONFIG_OFF(msix)     ((msix) ? 0x18 : 0x14)
#define VIRTIO_PCI_QUEUE_ADDR_SHIFT     12

/* BARs and the modern BAR's layout */
#define VIRTIO_PCI_LEGACY_BAR           0
#define VIRTIO_PCI_MSIX_BAR             1
#define VIRTIO_PCI_MODERN_BAR           4
#define VIRTIO_PCI_REGION_SIZE          0x1000
#define VIRTIO_PCI_COMMON_OFFSET        0x0000
#define VIRTIO_PCI_ISR_OFFSET           0x1000
#define VIRTIO_PCI_DEVICE_OFFSET        0x2000
#define VIRTIO_PCI_NOTIFY_OFFSET        0x3000
#define VIRTIO_PCI_MODERN_BAR_SIZE      0x4000
#define VIRTIO_PCI_QUEUE_MEM_MULT       4

/* "vectors" left unset: the proxy picks (2 for one-queue devices). */
#define DEV_NVECTORS_UNSPECIFIED        ((uint32_t)-1)

/* Bits of VirtIOPCIProxy.flags (properties) */
enum {
    VIRTIO_PCI_FLAG_BUS_MASTER_BUG_MIGRATION_BIT = 0,
    VIRTIO_PCI_FLAG_USE_IOEVENTFD_BIT = 1,
    VIRTIO_PCI_FLAG_MIGRATE_EXTRA_BIT = 2,
};
#define VIRTIO_PCI_FLAG_USE_IOEVENTFD \
    (1u << VIRTIO_PCI_FLAG_USE_IOEVENTFD_BIT)

/* The proxy's copy of what the driver programmed for one queue. */
typedef struct VirtIOPCIQueue {
    uint16_t num;
    bool enabled;
    uint32_t desc[2];
    uint32_t avail[2];
    uint32_t used[2];
} VirtIOPCIQueue;

typedef struct VirtioPCIBusState {
    VirtioBusState parent_obj;
} VirtioPCIBusState;

struct VirtIOPCIProxy {
    PCIDevice pci_dev;

    MemoryRegion modern_bar;
    MemoryRegion common;
    MemoryRegion isr;
    MemoryRegion device;
    MemoryRegion notify;
    MemoryRegion legacy_io;
    bool modern_bar_registered;
    bool legacy_io_registered;

    /* Properties */
    uint32_t flags;
    uint32_t nvectors;
    uint32_t class_code;
    OnOffAuto disable_legacy;
    bool disable_modern;

    /* Decided at realize */
    bool legacy;                /* legacy I/O BAR present */
    bool modern;                /* modern capabilities present */
    bool pcie;                  /* PCI Express endpoint */
    uint8_t pm_cap;             /* power management capability, or 0 */
    uint8_t pci_cfg_cap;        /* offset of the PCI cfg access cap */

    /* Modern driver state */
    uint32_t dfselect;
    uint32_t gfselect;
    uint32_t guest_features[2];
    VirtIOPCIQueue vqs[VIRTIO_QUEUE_MAX];

    VirtioPCIBusState bus;
};

struct VirtioPCIClass {
    PCIDeviceClass parent_class;
    /* The concrete proxy realizes its device on &proxy->bus here. */
    void (*realize)(VirtIOPCIProxy *proxy, Error **errp);
    DeviceRealize *parent_dc_realize;
    /* Which of the three names this class is (VIRTIO_PCI_VARIANT_*). */
    int variant;
};

enum {
    VIRTIO_PCI_VARIANT_GENERIC = 0,
    VIRTIO_PCI_VARIANT_TRANSITIONAL,
    VIRTIO_PCI_VARIANT_NON_TRANSITIONAL,
};

/*
 * Registration of one virtio-X-pci family.  base_name is the abstract
 * type holding class_init/instance_init; the other three names are
 * created under it (any may be NULL).
 */
typedef struct VirtioPCIDeviceTypeInfo {
    const char *base_name;
    const char *generic_name;
    const char *transitional_name;
    const char *non_transitional_name;
    const char *parent;         /* NULL: TYPE_VIRTIO_PCI */
    size_t instance_size;
    size_t class_size;
    void (*instance_init)(Object *obj);
    void (*class_init)(ObjectClass *klass, void *data);
    const InterfaceInfo *interfaces;
} VirtioPCIDeviceTypeInfo;

void virtio_pci_types_register(const VirtioPCIDeviceTypeInfo *t);

/*
 * Alias every qdev property of the embedded device @vdev onto @proxy
 * (what qemu does for each virtio-X-pci), for the proxy's
 * instance_init after virtio_instance_init_common().
 */
void virtio_pci_alias_vdev_properties(Object *proxy, Object *vdev);

#endif
