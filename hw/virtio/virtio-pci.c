/*
 * virtio-pci: the PCI transport for virtio devices (Virtio 1.2 section
 * 4.1): the modern BAR with its vendor capabilities, the legacy I/O
 * register block of transitional devices, MSI-X and INTx through the
 * ISR, and the registration of the three names of each proxy.  See
 * include/hw/virtio/virtio-pci.h for the guest-visible layout.
 */
#include "util/osdep.h"
#include "util/error.h"
#include "util/module.h"
#include "qom/object-property.h"
#include "hw/virtio/virtio-pci.h"
#include "hw/pci/msix.h"
#include "hw/pci/pcie.h"
#include "hw/pci/pci_bus.h"
#include "hw/pci/pci_ids.h"

/* Vectors picked when "vectors" is not given: config + one queue. */
#define VIRTIO_PCI_DEFAULT_VECTORS  2

static VirtIODevice *proxy_vdev(VirtIOPCIProxy *proxy)
{
    return virtio_bus_get_device(&proxy->bus.parent_obj);
}

static uint64_t queue_addr(const uint32_t *halves)
{
    return ((uint64_t)halves[1] << 32) | halves[0];
}

/* MSI-X vectors */

static bool msix_on(VirtIOPCIProxy *proxy)
{
    return msix_enabled(&proxy->pci_dev);
}

/*
 * The driver maps something to @vec: keep it if the function has such
 * a vector, else VIRTIO_NO_VECTOR (4.1.5.1.2.1: the driver reads back
 * NO_VECTOR when the mapping failed).
 */
static uint16_t vector_map(VirtIOPCIProxy *proxy, uint16_t old, uint16_t vec)
{
    PCIDevice *d = &proxy->pci_dev;

    if (old != VIRTIO_NO_VECTOR && msix_present(d) &&
        old < d->msix_entries_nr) {
        msix_vector_unuse(d, old);
    }
    if (vec == VIRTIO_NO_VECTOR) {
        return vec;
    }
    if (!msix_present(d) || vec >= d->msix_entries_nr ||
        msix_vector_use(d, vec) < 0) {
        pci_guest_error(d, "MSI-X vector %u out of range (%u vectors)",
                        vec, msix_present(d) ? d->msix_entries_nr : 0);
        return VIRTIO_NO_VECTOR;
    }
    return vec;
}

static void set_config_vector(VirtIOPCIProxy *proxy, VirtIODevice *vdev,
                              uint16_t vec)
{
    vdev->config_vector = vector_map(proxy, vdev->config_vector, vec);
}

static void set_queue_vector(VirtIOPCIProxy *proxy, VirtIODevice *vdev,
                             uint16_t vec)
{
    int n = vdev->queue_sel;

    /* No queue there: nothing to map (and no vector use to take). */
    if (!virtio_queue_get_max_num(vdev, n)) {
        return;
    }
    virtio_queue_set_vector(vdev, n, vector_map(proxy,
                            virtio_queue_vector(vdev, n), vec));
}

/* Reset of the transport's view (status write of 0, device reset). */
static void proxy_reset_state(VirtIOPCIProxy *proxy)
{
    int i;

    if (proxy_vdev(proxy)) {
        virtio_bus_reset(&proxy->bus.parent_obj);
    }
    if (msix_present(&proxy->pci_dev)) {
        msix_unuse_all_vectors(&proxy->pci_dev);
    }
    proxy->dfselect = 0;
    proxy->gfselect = 0;
    proxy->guest_features[0] = proxy->guest_features[1] = 0;
    for (i = 0; i < VIRTIO_QUEUE_MAX; i++) {
        memset(&proxy->vqs[i], 0, sizeof(proxy->vqs[i]));
    }
    pci_irq_deassert(&proxy->pci_dev);
}

static void write_status(VirtIOPCIProxy *proxy, VirtIODevice *vdev,
                         uint8_t val)
{
    if (!val) {
        proxy_reset_state(proxy);
        return;
    }
    /*
     * 2.2.1: a driver that accepted a feature the device did not offer
     * does not get FEATURES_OK (the core silently drops such bits, as
     * qemu does; here the bit stays clear so the driver notices).
     */
    if ((val & VIRTIO_CONFIG_S_FEATURES_OK) &&
        !(vdev->status & VIRTIO_CONFIG_S_FEATURES_OK) &&
        ((((uint64_t)proxy->guest_features[1] << 32) |
          proxy->guest_features[0]) & ~vdev->host_features)) {
        pci_guest_error(&proxy->pci_dev, "FEATURES_OK refused: features "
                        "accepted that were not offered");
        val &= ~VIRTIO_CONFIG_S_FEATURES_OK;
    }
    virtio_set_status(vdev, val);
}

/* Modern: common configuration */

static bool queue_size_ok(VirtIODevice *vdev, int n, uint32_t val)
{
    int max = virtio_queue_get_max_num(vdev, n);

    if (!val || val > (uint32_t)max) {
        return false;
    }
    /* Split rings need a power of two (2.7); packed rings do not. */
    return virtio_vdev_has_feature(vdev, VIRTIO_F_RING_PACKED) ||
           !(val & (val - 1));
}

/* Whether the driver negotiated per-queue reset (FEATURES_OK taken). */
static bool ring_reset_negotiated(VirtIODevice *vdev)
{
    return (vdev->status & VIRTIO_CONFIG_S_FEATURES_OK) &&
           virtio_vdev_has_feature(vdev, VIRTIO_F_RING_RESET);
}

static uint64_t common_read(void *opaque, hwaddr addr, unsigned size)
{
    VirtIOPCIProxy *proxy = opaque;
    VirtIODevice *vdev = proxy_vdev(proxy);
    int n;

    if (!vdev) {
        return 0;
    }
    n = vdev->queue_sel;
    switch (addr) {
    case VIRTIO_PCI_COMMON_DFSELECT:
        return proxy->dfselect;
    case VIRTIO_PCI_COMMON_DF:
        return proxy->dfselect <= 1 ?
               (uint32_t)(vdev->host_features >> (32 * proxy->dfselect)) : 0;
    case VIRTIO_PCI_COMMON_GFSELECT:
        return proxy->gfselect;
    case VIRTIO_PCI_COMMON_GF:
        return proxy->gfselect <= 1 ?
               proxy->guest_features[proxy->gfselect] : 0;
    case VIRTIO_PCI_COMMON_MSIX:
        return vdev->config_vector;
    case VIRTIO_PCI_COMMON_NUMQ:
        return virtio_get_num_queues(vdev);
    case VIRTIO_PCI_COMMON_STATUS:
        return vdev->status;
    case VIRTIO_PCI_COMMON_CFGGENERATION:
        return (uint8_t)vdev->generation;
    case VIRTIO_PCI_COMMON_Q_SELECT:
        return vdev->queue_sel;
    case VIRTIO_PCI_COMMON_Q_SIZE:
        return virtio_queue_get_num(vdev, n);
    case VIRTIO_PCI_COMMON_Q_MSIX:
        return virtio_queue_vector(vdev, n);
    case VIRTIO_PCI_COMMON_Q_ENABLE:
        return proxy->vqs[n].enabled;
    case VIRTIO_PCI_COMMON_Q_NOFF:
        /* Queue n notifies at n * VIRTIO_PCI_QUEUE_MEM_MULT. */
        return n;
    case VIRTIO_PCI_COMMON_Q_DESCLO:
    case VIRTIO_PCI_COMMON_Q_DESCHI:
        return proxy->vqs[n].desc[(addr - VIRTIO_PCI_COMMON_Q_DESCLO) / 4];
    case VIRTIO_PCI_COMMON_Q_AVAILLO:
    case VIRTIO_PCI_COMMON_Q_AVAILHI:
        return proxy->vqs[n].avail[(addr - VIRTIO_PCI_COMMON_Q_AVAILLO) / 4];
    case VIRTIO_PCI_COMMON_Q_USEDLO:
    case VIRTIO_PCI_COMMON_Q_USEDHI:
        return proxy->vqs[n].used[(addr - VIRTIO_PCI_COMMON_Q_USEDLO) / 4];
    case VIRTIO_PCI_COMMON_Q_RESET:
        /* 1 while a reset of the queue is in progress (4.1.4.3.1). */
        return ring_reset_negotiated(vdev) &&
               virtio_queue_reset_in_progress(vdev, n);
    }
    return 0;
}

static void queue_enable(VirtIOPCIProxy *proxy, VirtIODevice *vdev, int n)
{
    VirtIOPCIQueue *q = &proxy->vqs[n];

    if (!virtio_queue_get_max_num(vdev, n)) {
        pci_guest_error(&proxy->pci_dev, "enabling absent queue %d", n);
        return;
    }
    if (q->num) {
        virtio_queue_set_num(vdev, n, q->num);
    }
    virtio_queue_set_rings(vdev, n, queue_addr(q->desc), queue_addr(q->avail),
                           queue_addr(q->used));
    if (!virtio_queue_enable(vdev, n)) {
        pci_guest_error(&proxy->pci_dev, "queue %d: queue_enable while its "
                        "reset is in progress", n);
        return;
    }
    if (!queue_addr(q->desc)) {
        /* Never used (virtio_queue_ready), but the driver asked for it. */
        pci_guest_error(&proxy->pci_dev, "queue %d: enabled without a "
                        "descriptor area", n);
    }
    q->enabled = true;
}

/*
 * queue_reset (2.6.1, 4.1.4.3): the driver writes 1 to reset the
 * selected queue.  The field exists only once VIRTIO_F_RING_RESET is
 * negotiated.  The queue and the proxy's copy of its registers go back
 * to their reset values; the MSI-X vector mapping is released.  The
 * reset is done here and now unless the device still holds elements of
 * the queue (then queue_reset reads 1 until it gives them back).
 */
static void queue_reset(VirtIOPCIProxy *proxy, VirtIODevice *vdev, int n,
                        uint64_t val)
{
    if (!ring_reset_negotiated(vdev)) {
        pci_guest_error(&proxy->pci_dev, "queue_reset written without "
                        "VIRTIO_F_RING_RESET negotiated");
        return;
    }
    if (val != 1) {
        pci_guest_error(&proxy->pci_dev, "queue %d: queue_reset %u", n,
                        (unsigned)val);
        return;
    }
    if (!virtio_queue_get_max_num(vdev, n)) {
        pci_guest_error(&proxy->pci_dev, "reset of absent queue %d", n);
        return;
    }
    set_queue_vector(proxy, vdev, VIRTIO_NO_VECTOR);
    virtio_queue_reset(vdev, n);
    memset(&proxy->vqs[n], 0, sizeof(proxy->vqs[n]));
}

static void virtio_pci_queue_deleted(DeviceState *d, int n)
{
    VirtIOPCIProxy *proxy = VIRTIO_PCI(d);
    VirtIODevice *vdev = proxy_vdev(proxy);

    if (vdev && n >= 0 && n < VIRTIO_QUEUE_MAX) {
        virtio_queue_set_vector(vdev, n,
                                vector_map(proxy, virtio_queue_vector(vdev, n),
                                           VIRTIO_NO_VECTOR));
        memset(&proxy->vqs[n], 0, sizeof(proxy->vqs[n]));
    }
}

static void common_write(void *opaque, hwaddr addr, uint64_t val,
                         unsigned size)
{
    VirtIOPCIProxy *proxy = opaque;
    VirtIODevice *vdev = proxy_vdev(proxy);
    VirtIOPCIQueue *q;
    int n;

    if (!vdev) {
        return;
    }
    n = vdev->queue_sel;
    q = &proxy->vqs[n];
    switch (addr) {
    case VIRTIO_PCI_COMMON_DFSELECT:
        proxy->dfselect = val;
        break;
    case VIRTIO_PCI_COMMON_GFSELECT:
        proxy->gfselect = val;
        break;
    case VIRTIO_PCI_COMMON_GF:
        if (proxy->gfselect <= 1) {
            proxy->guest_features[proxy->gfselect] = val;
            virtio_set_features(vdev,
                                ((uint64_t)proxy->guest_features[1] << 32) |
                                proxy->guest_features[0]);
        }
        break;
    case VIRTIO_PCI_COMMON_MSIX:
        set_config_vector(proxy, vdev, val);
        break;
    case VIRTIO_PCI_COMMON_STATUS:
        write_status(proxy, vdev, val);
        break;
    case VIRTIO_PCI_COMMON_Q_SELECT:
        if (val < VIRTIO_QUEUE_MAX) {
            vdev->queue_sel = val;
        } else {
            pci_guest_error(&proxy->pci_dev, "queue_select %u out of range",
                            (unsigned)val);
        }
        break;
    case VIRTIO_PCI_COMMON_Q_SIZE:
        /* Not while the queue runs (a legacy PFN write also enables it). */
        if (q->enabled || virtio_queue_enabled(vdev, n)) {
            break;
        }
        if (!queue_size_ok(vdev, n, val)) {
            pci_guest_error(&proxy->pci_dev, "queue %d: bad size %u", n,
                            (unsigned)val);
            break;
        }
        q->num = val;
        virtio_queue_set_num(vdev, n, val);
        break;
    case VIRTIO_PCI_COMMON_Q_MSIX:
        set_queue_vector(proxy, vdev, val);
        break;
    case VIRTIO_PCI_COMMON_Q_ENABLE:
        /* 4.1.4.3.2: the driver only ever writes 1. */
        if (val == 1 && !q->enabled) {
            queue_enable(proxy, vdev, n);
        } else if (val != 1) {
            pci_guest_error(&proxy->pci_dev, "queue %d: queue_enable %u", n,
                            (unsigned)val);
        }
        break;
    case VIRTIO_PCI_COMMON_Q_DESCLO:
    case VIRTIO_PCI_COMMON_Q_DESCHI:
        q->desc[(addr - VIRTIO_PCI_COMMON_Q_DESCLO) / 4] = val;
        break;
    case VIRTIO_PCI_COMMON_Q_AVAILLO:
    case VIRTIO_PCI_COMMON_Q_AVAILHI:
        q->avail[(addr - VIRTIO_PCI_COMMON_Q_AVAILLO) / 4] = val;
        break;
    case VIRTIO_PCI_COMMON_Q_USEDLO:
    case VIRTIO_PCI_COMMON_Q_USEDHI:
        q->used[(addr - VIRTIO_PCI_COMMON_Q_USEDLO) / 4] = val;
        break;
    case VIRTIO_PCI_COMMON_Q_RESET:
        queue_reset(proxy, vdev, n, val);
        break;
    default:
        /* Read-only fields and the gaps: writes are dropped. */
        break;
    }
}

static const MemoryRegionOps common_ops = {
    .read = common_read,
    .write = common_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

/* Modern: ISR, device configuration, notifications */

static uint8_t isr_read_clear(VirtIOPCIProxy *proxy)
{
    VirtIODevice *vdev = proxy_vdev(proxy);
    uint8_t val;

    if (!vdev) {
        return 0;
    }
    /* 4.1.4.5: reading clears the ISR and de-asserts INTx. */
    val = virtio_isr_read_and_clear(vdev);
    pci_irq_deassert(&proxy->pci_dev);
    return val;
}

static uint64_t isr_read(void *opaque, hwaddr addr, unsigned size)
{
    return addr ? 0 : isr_read_clear(opaque);
}

static void isr_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
}

static const MemoryRegionOps isr_ops = {
    .read = isr_read,
    .write = isr_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

static uint64_t device_read(void *opaque, hwaddr addr, unsigned size)
{
    VirtIODevice *vdev = proxy_vdev(opaque);

    if (!vdev) {
        return 0;
    }
    switch (size) {
    case 1:
        return virtio_config_modern_readb(vdev, addr);
    case 2:
        return virtio_config_modern_readw(vdev, addr);
    default:
        return virtio_config_modern_readl(vdev, addr);
    }
}

static void device_write(void *opaque, hwaddr addr, uint64_t val,
                         unsigned size)
{
    VirtIODevice *vdev = proxy_vdev(opaque);

    if (!vdev) {
        return;
    }
    switch (size) {
    case 1:
        virtio_config_modern_writeb(vdev, addr, val);
        break;
    case 2:
        virtio_config_modern_writew(vdev, addr, val);
        break;
    default:
        virtio_config_modern_writel(vdev, addr, val);
        break;
    }
}

static const MemoryRegionOps device_ops = {
    .read = device_read,
    .write = device_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

/* Whether kicks are deferred as an ioeventfd would (property). */
static bool ioeventfd_on(VirtIOPCIProxy *proxy)
{
    return proxy->flags & VIRTIO_PCI_FLAG_USE_IOEVENTFD;
}

/*
 * A kick, from the modern notify region, the legacy register or the
 * PCI configuration access window.  With ioeventfd the handler runs
 * from a bottom half, after the guest's access returns; without, from
 * inside the access.
 */
static void notify_queue(VirtIOPCIProxy *proxy, uint32_t n)
{
    VirtIODevice *vdev = proxy_vdev(proxy);

    if (!vdev) {
        return;
    }
    if (n >= VIRTIO_QUEUE_MAX || !virtio_queue_get_max_num(vdev, n)) {
        pci_guest_error(&proxy->pci_dev, "notify of absent queue %u", n);
        return;
    }
    if (ioeventfd_on(proxy)) {
        virtio_queue_notify_deferred(vdev, n);
    } else {
        virtio_queue_notify(vdev, n);
    }
}

static uint64_t notify_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0;
}

static void notify_write(void *opaque, hwaddr addr, uint64_t val,
                         unsigned size)
{
    /* The address selects the queue (queue_notify_off is its index). */
    notify_queue(opaque, addr / VIRTIO_PCI_QUEUE_MEM_MULT);
}

static const MemoryRegionOps notify_ops = {
    .read = notify_read,
    .write = notify_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

/* Legacy I/O BAR */

static uint64_t legacy_read(void *opaque, hwaddr addr, unsigned size)
{
    VirtIOPCIProxy *proxy = opaque;
    VirtIODevice *vdev = proxy_vdev(proxy);
    uint32_t cfg = VIRTIO_PCI_CONFIG_OFF(msix_on(proxy));

    if (!vdev) {
        return 0;
    }
    if (addr >= cfg) {
        addr -= cfg;
        switch (size) {
        case 1:
            return virtio_config_readb(vdev, addr);
        case 2:
            return virtio_config_readw(vdev, addr);
        default:
            return virtio_config_readl(vdev, addr);
        }
    }
    switch (addr) {
    case VIRTIO_PCI_HOST_FEATURES:
        return (uint32_t)vdev->host_features;
    case VIRTIO_PCI_GUEST_FEATURES:
        return (uint32_t)vdev->guest_features;
    case VIRTIO_PCI_QUEUE_PFN:
        return virtio_queue_get_addr(vdev, vdev->queue_sel) >>
               VIRTIO_PCI_QUEUE_ADDR_SHIFT;
    case VIRTIO_PCI_QUEUE_NUM:
        return virtio_queue_get_num(vdev, vdev->queue_sel);
    case VIRTIO_PCI_QUEUE_SEL:
        return vdev->queue_sel;
    case VIRTIO_PCI_STATUS:
        return vdev->status;
    case VIRTIO_PCI_ISR:
        return isr_read_clear(proxy);
    case VIRTIO_MSI_CONFIG_VECTOR:
        return vdev->config_vector;
    case VIRTIO_MSI_QUEUE_VECTOR:
        return virtio_queue_vector(vdev, vdev->queue_sel);
    }
    return 0;
}

static void legacy_write(void *opaque, hwaddr addr, uint64_t val,
                         unsigned size)
{
    VirtIOPCIProxy *proxy = opaque;
    VirtIODevice *vdev = proxy_vdev(proxy);
    uint32_t cfg = VIRTIO_PCI_CONFIG_OFF(msix_on(proxy));

    if (!vdev) {
        return;
    }
    if (addr >= cfg) {
        addr -= cfg;
        switch (size) {
        case 1:
            virtio_config_writeb(vdev, addr, val);
            break;
        case 2:
            virtio_config_writew(vdev, addr, val);
            break;
        default:
            virtio_config_writel(vdev, addr, val);
            break;
        }
        return;
    }
    switch (addr) {
    case VIRTIO_PCI_GUEST_FEATURES:
        /* Legacy drivers see and set the low 32 bits only. */
        virtio_set_features(vdev, (uint32_t)val);
        break;
    case VIRTIO_PCI_QUEUE_PFN:
        virtio_queue_set_addr(vdev, vdev->queue_sel,
                              (hwaddr)(uint32_t)val <<
                              VIRTIO_PCI_QUEUE_ADDR_SHIFT);
        break;
    case VIRTIO_PCI_QUEUE_SEL:
        if (val < VIRTIO_QUEUE_MAX) {
            vdev->queue_sel = val;
        } else {
            pci_guest_error(&proxy->pci_dev, "queue_select %u out of range",
                            (unsigned)val);
        }
        break;
    case VIRTIO_PCI_QUEUE_NOTIFY:
        notify_queue(proxy, (uint16_t)val);
        break;
    case VIRTIO_PCI_STATUS:
        write_status(proxy, vdev, val);
        break;
    case VIRTIO_MSI_CONFIG_VECTOR:
        if (msix_on(proxy)) {
            set_config_vector(proxy, vdev, val);
        }
        break;
    case VIRTIO_MSI_QUEUE_VECTOR:
        if (msix_on(proxy)) {
            set_queue_vector(proxy, vdev, val);
        }
        break;
    default:
        break;
    }
}

static const MemoryRegionOps legacy_ops = {
    .read = legacy_read,
    .write = legacy_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

/* The PCI configuration access capability (4.1.4.9) */

static bool modern_access(VirtIOPCIProxy *proxy, uint32_t off,
                          uint32_t *val, unsigned len, bool write)
{
    static const struct {
        uint32_t base;
        const MemoryRegionOps *ops;
    } map[] = {
        { VIRTIO_PCI_COMMON_OFFSET, &common_ops },
        { VIRTIO_PCI_ISR_OFFSET, &isr_ops },
        { VIRTIO_PCI_DEVICE_OFFSET, &device_ops },
        { VIRTIO_PCI_NOTIFY_OFFSET, &notify_ops },
    };
    unsigned i;

    for (i = 0; i < ARRAY_SIZE(map); i++) {
        if (off >= map[i].base &&
            off - map[i].base < VIRTIO_PCI_REGION_SIZE) {
            if (write) {
                map[i].ops->write(proxy, off - map[i].base, *val, len);
            } else {
                *val = map[i].ops->read(proxy, off - map[i].base, len);
            }
            return true;
        }
    }
    return false;
}

static bool pci_cfg_window(VirtIOPCIProxy *proxy, uint32_t *off,
                           unsigned *len)
{
    uint8_t *cap = proxy->pci_dev.config + proxy->pci_cfg_cap;
    uint8_t bar = cap[VIRTIO_PCI_CAP_BAR];

    *off = pci_get_long(cap + VIRTIO_PCI_CAP_OFFSET);
    *len = pci_get_long(cap + VIRTIO_PCI_CAP_LENGTH);
    /* Only naturally aligned 1, 2 or 4 byte accesses into our BAR. */
    return bar == VIRTIO_PCI_MODERN_BAR &&
           (*len == 1 || *len == 2 || *len == 4) && !(*off % *len) &&
           *off < VIRTIO_PCI_MODERN_BAR_SIZE;
}

static bool in_cfg_data(VirtIOPCIProxy *proxy, uint32_t addr, int len)
{
    uint32_t data = proxy->pci_cfg_cap + VIRTIO_PCI_CAP_PCI_CFG_DATA;

    return proxy->pci_cfg_cap && addr < data + 4 && addr + len > data;
}

static uint32_t virtio_pci_read_config(PCIDevice *d, uint32_t addr, int len)
{
    VirtIOPCIProxy *proxy = VIRTIO_PCI(d);

    if (in_cfg_data(proxy, addr, len)) {
        uint32_t off, val = 0;
        unsigned wlen;

        if (pci_cfg_window(proxy, &off, &wlen) &&
            modern_access(proxy, off, &val, wlen, false)) {
            pci_set_long(d->config + proxy->pci_cfg_cap +
                         VIRTIO_PCI_CAP_PCI_CFG_DATA, val);
        }
    }
    return pci_default_read_config(d, addr, len);
}

/* Whether a config write of @val at @addr sets Initiate FLR. */
static bool flr_requested(PCIDevice *d, uint32_t addr, uint32_t val, int len)
{
    /* The bit is bit 7 of Device Control's high byte. */
    uint32_t off = d->exp_cap + PCI_EXP_DEVCTL + 1;

    if (!d->exp_cap || off < addr || off >= addr + len) {
        return false;
    }
    return (val >> (8 * (off - addr))) & (PCI_EXP_DEVCTL_BCR_FLR >> 8);
}

static void virtio_pci_function_reset(VirtIOPCIProxy *proxy);

static void virtio_pci_write_config(PCIDevice *d, uint32_t addr,
                                    uint32_t val, int len)
{
    VirtIOPCIProxy *proxy = VIRTIO_PCI(d);

    pci_default_write_config(d, addr, val, len);
    if (flr_requested(d, addr, val, len)) {
        /* The bit itself is not stored: it always reads 0. */
        virtio_pci_function_reset(proxy);
        return;
    }
    if (in_cfg_data(proxy, addr, len)) {
        uint32_t off, data;
        unsigned wlen;

        if (pci_cfg_window(proxy, &off, &wlen)) {
            data = pci_get_long(d->config + proxy->pci_cfg_cap +
                                VIRTIO_PCI_CAP_PCI_CFG_DATA);
            if (wlen < 4) {
                data &= (1u << (8 * wlen)) - 1;
            }
            modern_access(proxy, off, &data, wlen, true);
        }
    }
}

/* Capabilities and BARs */

static int add_vendor_cap(VirtIOPCIProxy *proxy, uint8_t type, uint8_t len,
                          uint32_t offset, uint32_t length, Error **errp)
{
    PCIDevice *d = &proxy->pci_dev;
    int pos = pci_add_capability(d, PCI_CAP_ID_VNDR, 0, len, errp);

    if (pos < 0) {
        return pos;
    }
    d->config[pos + VIRTIO_PCI_CAP_CAP_LEN] = len;
    d->config[pos + VIRTIO_PCI_CAP_CFG_TYPE] = type;
    if (type != VIRTIO_PCI_CAP_PCI_CFG) {
        d->config[pos + VIRTIO_PCI_CAP_BAR] = VIRTIO_PCI_MODERN_BAR;
        pci_set_long(d->config + pos + VIRTIO_PCI_CAP_OFFSET, offset);
        pci_set_long(d->config + pos + VIRTIO_PCI_CAP_LENGTH, length);
    }
    return pos;
}

static bool modern_init(VirtIOPCIProxy *proxy, Error **errp)
{
    PCIDevice *d = &proxy->pci_dev;
    Object *owner = OBJECT(proxy);
    int pos;

    memory_region_init(&proxy->modern_bar, owner, "virtio-pci",
                       VIRTIO_PCI_MODERN_BAR_SIZE);
    memory_region_init_io(&proxy->common, owner, &common_ops, proxy,
                          "virtio-pci-common", VIRTIO_PCI_REGION_SIZE);
    memory_region_init_io(&proxy->isr, owner, &isr_ops, proxy,
                          "virtio-pci-isr", VIRTIO_PCI_REGION_SIZE);
    memory_region_init_io(&proxy->device, owner, &device_ops, proxy,
                          "virtio-pci-device", VIRTIO_PCI_REGION_SIZE);
    memory_region_init_io(&proxy->notify, owner, &notify_ops, proxy,
                          "virtio-pci-notify", VIRTIO_PCI_REGION_SIZE);
    memory_region_add_subregion(&proxy->modern_bar, VIRTIO_PCI_COMMON_OFFSET,
                                &proxy->common);
    memory_region_add_subregion(&proxy->modern_bar, VIRTIO_PCI_ISR_OFFSET,
                                &proxy->isr);
    memory_region_add_subregion(&proxy->modern_bar, VIRTIO_PCI_DEVICE_OFFSET,
                                &proxy->device);
    memory_region_add_subregion(&proxy->modern_bar, VIRTIO_PCI_NOTIFY_OFFSET,
                                &proxy->notify);

    /* The order qemu uses: common, ISR, device, notify, PCI cfg. */
    if (add_vendor_cap(proxy, VIRTIO_PCI_CAP_COMMON_CFG, VIRTIO_PCI_CAP_LEN,
                       VIRTIO_PCI_COMMON_OFFSET, VIRTIO_PCI_REGION_SIZE,
                       errp) < 0 ||
        add_vendor_cap(proxy, VIRTIO_PCI_CAP_ISR_CFG, VIRTIO_PCI_CAP_LEN,
                       VIRTIO_PCI_ISR_OFFSET, VIRTIO_PCI_REGION_SIZE,
                       errp) < 0 ||
        add_vendor_cap(proxy, VIRTIO_PCI_CAP_DEVICE_CFG, VIRTIO_PCI_CAP_LEN,
                       VIRTIO_PCI_DEVICE_OFFSET, VIRTIO_PCI_REGION_SIZE,
                       errp) < 0) {
        return false;
    }
    pos = add_vendor_cap(proxy, VIRTIO_PCI_CAP_NOTIFY_CFG,
                         VIRTIO_PCI_NOTIFY_CAP_LEN, VIRTIO_PCI_NOTIFY_OFFSET,
                         VIRTIO_PCI_REGION_SIZE, errp);
    if (pos < 0) {
        return false;
    }
    pci_set_long(d->config + pos + VIRTIO_PCI_CAP_NOTIFY_MULT,
                 VIRTIO_PCI_QUEUE_MEM_MULT);
    pos = add_vendor_cap(proxy, VIRTIO_PCI_CAP_PCI_CFG,
                         VIRTIO_PCI_CFG_CAP_LEN, 0, 0, errp);
    if (pos < 0) {
        return false;
    }
    proxy->pci_cfg_cap = pos;
    /* The driver picks bar, offset, length and the data (4.1.4.9). */
    d->wmask[pos + VIRTIO_PCI_CAP_BAR] = 0xff;
    pci_set_long(d->wmask + pos + VIRTIO_PCI_CAP_OFFSET, 0xffffffff);
    pci_set_long(d->wmask + pos + VIRTIO_PCI_CAP_LENGTH, 0xffffffff);
    pci_set_long(d->wmask + pos + VIRTIO_PCI_CAP_PCI_CFG_DATA, 0xffffffff);

    pci_register_bar(d, VIRTIO_PCI_MODERN_BAR,
                     PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64 |
                     PCI_BASE_ADDRESS_MEM_PREFETCH, &proxy->modern_bar);
    proxy->modern_bar_registered = true;
    return true;
}

static void legacy_init(VirtIOPCIProxy *proxy, VirtIODevice *vdev)
{
    uint64_t size = VIRTIO_PCI_CONFIG_OFF(msix_present(&proxy->pci_dev)) +
                    vdev->config_len;

    /* BAR sizes are powers of two. */
    while (size & (size - 1)) {
        size += size & -size;
    }
    memory_region_init_io(&proxy->legacy_io, OBJECT(proxy), &legacy_ops,
                          proxy, "virtio-pci-legacy", size);
    pci_register_bar(&proxy->pci_dev, VIRTIO_PCI_LEGACY_BAR,
                     PCI_BASE_ADDRESS_SPACE_IO, &proxy->legacy_io);
    proxy->legacy_io_registered = true;
}

/* Virtio bus callbacks */

static void virtio_pci_notify(DeviceState *d, uint16_t vector)
{
    VirtIOPCIProxy *proxy = VIRTIO_PCI(d);
    VirtIODevice *vdev = proxy_vdev(proxy);

    if (msix_on(proxy)) {
        if (vector != VIRTIO_NO_VECTOR &&
            vector < proxy->pci_dev.msix_entries_nr) {
            msix_notify(&proxy->pci_dev, vector);
        }
        return;
    }
    pci_set_irq(&proxy->pci_dev, vdev && vdev->isr);
}

static AddressSpace *virtio_pci_get_dma_as(DeviceState *d)
{
    return pci_get_address_space(PCI_DEVICE(d));
}

static void virtio_pci_pre_plugged(DeviceState *d, Error **errp)
{
    VirtIOPCIProxy *proxy = VIRTIO_PCI(d);
    VirtIODevice *vdev = proxy_vdev(proxy);

    if (proxy->modern && vdev) {
        virtio_add_feature(&vdev->host_features, VIRTIO_F_VERSION_1);
    }
}

static void virtio_pci_device_plugged(DeviceState *d, Error **errp)
{
    VirtIOPCIProxy *proxy = VIRTIO_PCI(d);
    PCIDevice *pd = &proxy->pci_dev;
    VirtIODevice *vdev = proxy_vdev(proxy);
    uint8_t *config = pd->config;

    if (!proxy->legacy) {
        /* Modern-only: the 0x1040 + ID range, revision 1 (4.1.2). */
        pci_config_set_device_id(config, PCI_DEVICE_ID_VIRTIO_MODERN_BASE +
                                 vdev->device_id);
        pci_config_set_revision(config, VIRTIO_PCI_MODERN_REVISION);
    } else {
        /* Transitional: the subsystem ID says which device it is. */
        pci_set_word(config + PCI_SUBSYSTEM_VENDOR_ID,
                     PCI_SUBVENDOR_ID_REDHAT_QUMRANET);
        pci_set_word(config + PCI_SUBSYSTEM_ID, vdev->device_id);
    }
    config[PCI_INTERRUPT_PIN] = 1;

    if (proxy->modern && !modern_init(proxy, errp)) {
        return;
    }
    if (proxy->nvectors &&
        !msix_init_exclusive_bar(pd, proxy->nvectors, VIRTIO_PCI_MSIX_BAR,
                                 errp)) {
        return;
    }
    if (proxy->legacy) {
        legacy_init(proxy, vdev);
    }
}

static void virtio_pci_device_unplugged(DeviceState *d)
{
    VirtIOPCIProxy *proxy = VIRTIO_PCI(d);

    proxy_reset_state(proxy);
}

static bool virtio_pci_ioeventfd_enabled(DeviceState *d)
{
    return ioeventfd_on(VIRTIO_PCI(d));
}

static int virtio_pci_query_nvectors(DeviceState *d)
{
    return VIRTIO_PCI(d)->nvectors;
}

/* Realize */

static bool on_pcie_port(PCIDevice *d)
{
    PCIBus *bus = pci_get_bus(d);

    return pci_bus_is_express(bus) && !pci_bus_is_root(bus);
}

static void virtio_pci_dc_realize(DeviceState *qdev, Error **errp)
{
    VirtIOPCIProxy *proxy = VIRTIO_PCI(qdev);
    VirtioPCIClass *k = VIRTIO_PCI_GET_CLASS(qdev);
    PCIDevice *d = PCI_DEVICE(qdev);
    bool legacy;

    switch (k->variant) {
    case VIRTIO_PCI_VARIANT_TRANSITIONAL:
        proxy->disable_legacy = ON_OFF_AUTO_OFF;
        proxy->disable_modern = false;
        break;
    case VIRTIO_PCI_VARIANT_NON_TRANSITIONAL:
        proxy->disable_legacy = ON_OFF_AUTO_ON;
        proxy->disable_modern = false;
        break;
    }
    /*
     * Behind a PCIe port the function is an Express endpoint, which
     * cannot have I/O BARs, so legacy defaults to off there.  The
     * hybrid decides before the PCI core sizes config space.
     */
    if (qdev->parent_bus && on_pcie_port(d) &&
        proxy->disable_legacy != ON_OFF_AUTO_OFF && !proxy->disable_modern &&
        k->variant != VIRTIO_PCI_VARIANT_TRANSITIONAL) {
        d->cap_present |= PCI_CAP_PRESENT_EXPRESS;
        proxy->pcie = true;
    }
    legacy = proxy->disable_legacy == ON_OFF_AUTO_OFF ||
             (proxy->disable_legacy == ON_OFF_AUTO_AUTO && !proxy->pcie);
    if (!legacy && proxy->disable_modern) {
        error_setg(errp, "device cannot work as neither modern nor legacy "
                   "mode is enabled");
        return;
    }
    proxy->legacy = legacy;
    proxy->modern = !proxy->disable_modern;
    k->parent_dc_realize(qdev, errp);
}

/*
 * The Express endpoint as qemu 7.2 presents it behind a PCIe port: the
 * Express capability at 0x40, then power management at 0x7c (before the
 * vendor capabilities, which the plug adds later).
 */
#define VIRTIO_PCI_PM_VERSION       3       /* PMC version: PM 1.2 */
#define VIRTIO_PCI_DEVCTL_WMASK     (PCI_EXP_DEVCTL_CERE | \
                                     PCI_EXP_DEVCTL_NFERE | \
                                     PCI_EXP_DEVCTL_FERE | \
                                     PCI_EXP_DEVCTL_URRE)
#define VIRTIO_PCI_LNKCAP_ASPM_L0S  0x00000400U
#define VIRTIO_PCI_LNKCTL_WMASK     (PCI_EXP_LNKCTL_CCC | PCI_EXP_LNKCTL_ES)

static bool pcie_endpoint_init(VirtIOPCIProxy *proxy, Error **errp)
{
    PCIDevice *d = &proxy->pci_dev;
    uint8_t *exp, *wmask;
    int pos = pcie_cap_init(d, 0, PCI_EXP_TYPE_ENDPOINT, 0, errp);

    if (pos < 0) {
        return false;
    }
    exp = d->config + pos;
    wmask = d->wmask + pos;
    /* Function level reset is implemented in virtio_pci_write_config. */
    pci_long_test_and_set_mask(exp + PCI_EXP_DEVCAP, PCI_EXP_DEVCAP_FLR);
    pci_set_word(exp + PCI_EXP_DEVCTL, 0);
    pci_set_word(wmask + PCI_EXP_DEVCTL, VIRTIO_PCI_DEVCTL_WMASK);
    pci_long_test_and_set_mask(exp + PCI_EXP_LNKCAP,
                               VIRTIO_PCI_LNKCAP_ASPM_L0S);
    pci_set_word(wmask + PCI_EXP_LNKCTL, VIRTIO_PCI_LNKCTL_WMASK);
    /* Only the end-end TLP prefix blocking bit of Device Control 2 is
     * the guest's; no link speed vector, so Link Control 2 is fixed. */
    pci_set_long(exp + PCI_EXP_DEVCAP2,
                 PCI_EXP_DEVCAP2_EFF | PCI_EXP_DEVCAP2_EETLPP);
    pci_set_word(exp + PCI_EXP_DEVCTL2, 0);
    pci_set_word(wmask + PCI_EXP_DEVCTL2, PCI_EXP_DEVCTL2_EETLPPB);
    pci_set_long(exp + PCI_EXP_LNKCAP2, 0);
    pci_set_word(exp + PCI_EXP_LNKCTL2, 0);
    pci_set_word(wmask + PCI_EXP_LNKCTL2, 0);

    pos = pci_add_capability(d, PCI_CAP_ID_PM, 0, PCI_PM_SIZEOF, errp);
    if (pos < 0) {
        pcie_cap_exit(d);
        return false;
    }
    proxy->pm_cap = pos;
    pci_set_word(d->config + pos + PCI_PM_PMC, VIRTIO_PCI_PM_VERSION);
    /*
     * The power state is the guest's to set (as in qemu, any of the four
     * values reads back); nothing else changes in D3hot.
     */
    pci_set_word(d->wmask + pos + PCI_PM_CTRL, PCI_PM_CTRL_STATE_MASK);
    return true;
}

static void pcie_endpoint_exit(VirtIOPCIProxy *proxy)
{
    PCIDevice *d = &proxy->pci_dev;

    if (proxy->pm_cap && d->config) {
        pci_del_capability(d, PCI_CAP_ID_PM, PCI_PM_SIZEOF);
    }
    proxy->pm_cap = 0;
    pcie_cap_exit(d);
}

/*
 * Device reset and function level reset: the virtio device, the
 * transport registers and the function's configuration state.  As in
 * qemu, Device Control 2 keeps its value.
 */
static void virtio_pci_function_reset(VirtIOPCIProxy *proxy)
{
    PCIDevice *d = &proxy->pci_dev;

    proxy_reset_state(proxy);
    pci_device_reset(d);
    if (d->exp_cap && d->config) {
        uint8_t *exp = d->config + d->exp_cap;

        pci_set_word(exp + PCI_EXP_DEVCTL, 0);
        pci_word_test_and_clear_mask(exp + PCI_EXP_DEVSTA,
                                     pci_get_word(d->w1cmask + d->exp_cap +
                                                  PCI_EXP_DEVSTA));
        pci_set_word(exp + PCI_EXP_LNKCTL, 0);
    }
    if (proxy->pm_cap && d->config) {
        pci_set_word(d->config + proxy->pm_cap + PCI_PM_CTRL, 0);
    }
}

static void virtio_pci_realize(PCIDevice *d, Error **errp)
{
    VirtIOPCIProxy *proxy = VIRTIO_PCI(d);
    VirtioPCIClass *k = VIRTIO_PCI_GET_CLASS(d);
    Error *local_err = NULL;

    if (proxy->nvectors == DEV_NVECTORS_UNSPECIFIED) {
        proxy->nvectors = VIRTIO_PCI_DEFAULT_VECTORS;
    }
    if (proxy->pcie && !pcie_endpoint_init(proxy, errp)) {
        return;
    }
    if (proxy->class_code) {
        pci_config_set_class(d->config, proxy->class_code >> 8);
        pci_config_set_prog_interface(d->config, proxy->class_code);
    }
    if (k->realize) {
        k->realize(proxy, &local_err);
        if (local_err) {
            error_propagate(errp, local_err);
            if (proxy->pcie) {
                pcie_endpoint_exit(proxy);
            }
        }
    }
}

static void virtio_pci_exit(PCIDevice *d)
{
    VirtIOPCIProxy *proxy = VIRTIO_PCI(d);

    if (msix_present(d)) {
        msix_uninit_exclusive_bar(d);
    }
    if (proxy->pcie) {
        pcie_endpoint_exit(proxy);
    }
}

static void virtio_pci_reset(DeviceState *qdev)
{
    virtio_pci_function_reset(VIRTIO_PCI(qdev));
}

static void virtio_pci_instance_init(Object *obj)
{
    VirtIOPCIProxy *proxy = VIRTIO_PCI(obj);

    qbus_init(&proxy->bus, sizeof(proxy->bus), TYPE_VIRTIO_PCI_BUS,
              DEVICE(obj), NULL);
}

static const Property virtio_pci_properties[] = {
    DEFINE_PROP_BIT("virtio-pci-bus-master-bug-migration", VirtIOPCIProxy,
                    flags, VIRTIO_PCI_FLAG_BUS_MASTER_BUG_MIGRATION_BIT,
                    false),
    DEFINE_PROP_BIT("migrate-extra", VirtIOPCIProxy, flags,
                    VIRTIO_PCI_FLAG_MIGRATE_EXTRA_BIT, true),
    DEFINE_PROP_BIT("ioeventfd", VirtIOPCIProxy, flags,
                    VIRTIO_PCI_FLAG_USE_IOEVENTFD_BIT, true),
    DEFINE_PROP_UINT32("vectors", VirtIOPCIProxy, nvectors,
                       DEV_NVECTORS_UNSPECIFIED),
    DEFINE_PROP_ON_OFF_AUTO("disable-legacy", VirtIOPCIProxy, disable_legacy,
                            ON_OFF_AUTO_AUTO),
    DEFINE_PROP_BOOL("disable-modern", VirtIOPCIProxy, disable_modern, false),
};

static void virtio_pci_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *pk = PCI_DEVICE_CLASS(klass);
    VirtioPCIClass *k = VIRTIO_PCI_CLASS(klass);

    device_class_set_props(dc, virtio_pci_properties);
    pk->realize = virtio_pci_realize;
    pk->exit = virtio_pci_exit;
    pk->config_read = virtio_pci_read_config;
    pk->config_write = virtio_pci_write_config;
    pk->vendor_id = PCI_VENDOR_ID_REDHAT_QUMRANET;
    pk->revision = VIRTIO_PCI_ABI_VERSION;
    k->parent_dc_realize = dc->realize;
    dc->realize = virtio_pci_dc_realize;
    dc->reset = virtio_pci_reset;
}

static void virtio_pci_bus_class_init(ObjectClass *klass, void *data)
{
    BusClass *bc = BUS_CLASS(klass);
    VirtioBusClass *k = VIRTIO_BUS_CLASS(klass);

    bc->max_dev = 1;
    k->max_dev = 1;
    k->notify = virtio_pci_notify;
    k->get_dma_as = virtio_pci_get_dma_as;
    k->pre_plugged = virtio_pci_pre_plugged;
    k->device_plugged = virtio_pci_device_plugged;
    k->device_unplugged = virtio_pci_device_unplugged;
    k->ioeventfd_enabled = virtio_pci_ioeventfd_enabled;
    k->query_nvectors = virtio_pci_query_nvectors;
    k->queue_deleted = virtio_pci_queue_deleted;
}

static const TypeInfo virtio_pci_types[] = {
    {
        .name = TYPE_VIRTIO_PCI_BUS,
        .parent = TYPE_VIRTIO_BUS,
        .instance_size = sizeof(VirtioPCIBusState),
        .class_size = sizeof(VirtioBusClass),
        .class_init = virtio_pci_bus_class_init,
    },
    {
        .name = TYPE_VIRTIO_PCI,
        .parent = TYPE_PCI_DEVICE,
        .instance_size = sizeof(VirtIOPCIProxy),
        .instance_init = virtio_pci_instance_init,
        .class_size = sizeof(VirtioPCIClass),
        .class_init = virtio_pci_class_init,
        .abstract = true,
    },
};

DEFINE_TYPES(virtio_pci_types)

/*
 * Make every qdev property of the embedded device (its own class and
 * each virtio ancestor up to, not including, TYPE_DEVICE) settable on
 * the proxy, so "-device virtio-X-pci,rng=...,packed=on" reaches it.
 */
void virtio_pci_alias_vdev_properties(Object *proxy, Object *vdev)
{
    ObjectClass *oc = object_get_class(vdev);

    for (; oc && object_class_dynamic_cast(oc, TYPE_VIRTIO_DEVICE);
         oc = object_class_get_parent(oc)) {
        DeviceClass *dc = DEVICE_CLASS(oc);
        unsigned i;

        for (i = 0; i < dc->num_props; i++) {
            const char *name = dc->props[i].name;

            if (!object_property_find(proxy, name)) {
                object_property_add_alias(proxy, name, vdev, name);
            }
        }
    }
}

/* The three names of each proxy */

static void virtio_pci_variant_class_init(ObjectClass *klass, void *data)
{
    VIRTIO_PCI_CLASS(klass)->variant = (int)(intptr_t)data;
}

static const InterfaceInfo iface_both[] = {
    { INTERFACE_PCIE_DEVICE },
    { INTERFACE_CONVENTIONAL_PCI_DEVICE },
    { NULL }
};

static const InterfaceInfo iface_conventional[] = {
    { INTERFACE_CONVENTIONAL_PCI_DEVICE },
    { NULL }
};

static void register_variant(const char *name, const char *parent,
                             int variant, const InterfaceInfo *ifaces)
{
    /* type_register_static copies the info; the names are static. */
    TypeInfo ti = {
        .name = name,
        .parent = parent,
        .class_init = virtio_pci_variant_class_init,
        .class_data = (void *)(intptr_t)variant,
        .interfaces = ifaces,
    };

    if (!name) {
        return;
    }
    type_register_static(&ti);
}

void virtio_pci_types_register(const VirtioPCIDeviceTypeInfo *t)
{
    TypeInfo base = {
        .name = t->base_name,
        .parent = t->parent ? t->parent : TYPE_VIRTIO_PCI,
        .instance_size = t->instance_size,
        .class_size = t->class_size,
        .instance_init = t->instance_init,
        .class_init = t->class_init,
        .interfaces = t->interfaces,
        .abstract = true,
    };

    g_assert(t->base_name);
    type_register_static(&base);

    register_variant(t->generic_name, t->base_name,
                     VIRTIO_PCI_VARIANT_GENERIC, iface_both);
    /* Transitional devices need I/O BARs: conventional PCI only. */
    register_variant(t->transitional_name, t->base_name,
                     VIRTIO_PCI_VARIANT_TRANSITIONAL, iface_conventional);
    register_variant(t->non_transitional_name, t->base_name,
                     VIRTIO_PCI_VARIANT_NON_TRANSITIONAL, iface_both);
}
