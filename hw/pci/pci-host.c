/*
 * PCI host bridges: the abstract base type and configuration mechanism
 * #1 (see include/hw/pci/pci_host.h).
 */
#include "util/osdep.h"
#include "util/module.h"
#include "hw/pci/pci_host.h"

/* Accesses of 3 bytes (what is left of a dword) go as 2 + 1. */
static void config_write_split(PCIDevice *dev, uint32_t addr, uint32_t val,
                               uint32_t len)
{
    if (len == 3) {
        dev->config_write(dev, addr, val & 0xffff, 2);
        dev->config_write(dev, addr + 2, (val >> 16) & 0xff, 1);
    } else {
        dev->config_write(dev, addr, val, len);
    }
}

static uint32_t config_read_split(PCIDevice *dev, uint32_t addr,
                                  uint32_t len)
{
    if (len == 3) {
        return (dev->config_read(dev, addr, 2) & 0xffff) |
               ((dev->config_read(dev, addr + 2, 1) & 0xff) << 16);
    }
    return dev->config_read(dev, addr, len);
}

static uint32_t len_mask(uint32_t len)
{
    return len >= 4 ? ~0U : (1U << (8 * len)) - 1;
}

void pci_host_config_write_common(PCIDevice *dev, uint32_t addr,
                                  uint32_t limit, uint32_t val, uint32_t len)
{
    if (!dev->config || len < 1 || len > 4 || dev->powered_off) {
        return;
    }
    limit = MIN(limit, pci_config_size(dev));
    if (addr >= limit) {
        return;
    }
    /* What falls past the end goes nowhere. */
    len = MIN(len, limit - addr);
    config_write_split(dev, addr, val & len_mask(len), len);
}

uint32_t pci_host_config_read_common(PCIDevice *dev, uint32_t addr,
                                     uint32_t limit, uint32_t len)
{
    uint32_t have;

    if (!dev->config || len < 1 || len > 4 || dev->powered_off) {
        return ~0U;
    }
    limit = MIN(limit, pci_config_size(dev));
    if (addr >= limit) {
        return ~0U;
    }
    /* Bytes past the end read as all-ones. */
    have = MIN(len, limit - addr);
    return (config_read_split(dev, addr, have) & len_mask(have)) |
           ~len_mask(have);
}

/* The function a mechanism #1 address selects, or NULL. */
static PCIDevice *pci_dev_find_by_addr(PCIBus *root, uint32_t addr)
{
    int bus_num = (addr >> PCI_HOST_CONFIG_BUS_SHIFT) & 0xff;
    uint8_t devfn = (addr >> PCI_HOST_CONFIG_DEVFN_SHIFT) & 0xff;

    return pci_find_device(root, bus_num, devfn);
}

/*
 * An access that runs past the selected dword (a word at lane 3) keeps
 * its bytes inside it; the rest would belong to the next I/O ports.
 */
void pci_data_write(PCIBus *root, uint32_t addr, uint32_t val, unsigned len)
{
    PCIDevice *dev = pci_dev_find_by_addr(root, addr);
    uint32_t reg = addr & PCI_HOST_CONFIG_REG_MASK;

    if (!dev || len < 1 || len > 4) {
        return;
    }
    len = MIN(len, 4 - (reg & 3));
    pci_host_config_write_common(dev, reg, PCI_CONFIG_SPACE_SIZE,
                                 val & len_mask(len), len);
}

uint32_t pci_data_read(PCIBus *root, uint32_t addr, unsigned len)
{
    PCIDevice *dev = pci_dev_find_by_addr(root, addr);
    uint32_t reg = addr & PCI_HOST_CONFIG_REG_MASK;
    uint32_t have;

    if (!dev || len < 1 || len > 4) {
        return ~0U;
    }
    have = MIN(len, 4 - (reg & 3));
    return (pci_host_config_read_common(dev, reg, PCI_CONFIG_SPACE_SIZE,
                                        have) & len_mask(have)) |
           ~len_mask(have);
}

/*
 * CONFIG_ADDRESS: loaded by 32-bit writes only ([PCI] 3.2.2.3.2: byte
 * and word accesses at 0xcf8 belong to other PC registers) and read back
 * as written, bits 1:0 included.  A narrower read gets the register's
 * low bytes whatever its offset, as on qemu's PCs.
 */
static uint64_t pci_host_conf_read(void *opaque, hwaddr addr, unsigned len)
{
    PCIHostState *s = opaque;

    return s->config_reg;
}

static void pci_host_conf_write(void *opaque, hwaddr addr, uint64_t val,
                                unsigned len)
{
    PCIHostState *s = opaque;

    if (addr == 0 && len == 4) {
        s->config_reg = val;
    }
}

/*
 * CONFIG_DATA: byte lane @addr of the dword CONFIG_ADDRESS selects.  The
 * low two bits of CONFIG_ADDRESS add to the lane, as on qemu's PCs.
 */
static uint64_t pci_host_data_read(void *opaque, hwaddr addr, unsigned len)
{
    PCIHostState *s = opaque;
    uint32_t cfg = s->config_reg | (addr & 3);

    if (!(s->config_reg & PCI_HOST_CONFIG_ENABLE) || !s->bus) {
        return ~0U;
    }
    return pci_data_read(s->bus, cfg, len);
}

static void pci_host_data_write(void *opaque, hwaddr addr, uint64_t val,
                                unsigned len)
{
    PCIHostState *s = opaque;
    uint32_t cfg = s->config_reg | (addr & 3);

    if (!(s->config_reg & PCI_HOST_CONFIG_ENABLE) || !s->bus) {
        return;
    }
    pci_data_write(s->bus, cfg, val, len);
}

const MemoryRegionOps pci_host_conf_le_ops = {
    .read = pci_host_conf_read,
    .write = pci_host_conf_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 1,
    .valid.max_access_size = 4,
    .impl.min_access_size = 1,
    .impl.max_access_size = 4,
};

const MemoryRegionOps pci_host_data_le_ops = {
    .read = pci_host_data_read,
    .write = pci_host_data_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 1,
    .valid.max_access_size = 4,
    .valid.unaligned = true,
    .impl.min_access_size = 1,
    .impl.max_access_size = 4,
    .impl.unaligned = true,
};

void pci_host_init_conf_regions(PCIHostState *host)
{
    memory_region_init_io(&host->conf_mem, OBJECT(host),
                          &pci_host_conf_le_ops, host, "pci-conf-idx",
                          PCI_HOST_CONFIG_PORT_SIZE);
    memory_region_init_io(&host->data_mem, OBJECT(host),
                          &pci_host_data_le_ops, host, "pci-conf-data",
                          PCI_HOST_CONFIG_PORT_SIZE);
}

static const TypeInfo pci_host_type_info = {
    .name = TYPE_PCI_HOST_BRIDGE,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(PCIHostState),
    .abstract = true,
    .class_size = sizeof(PCIHostBridgeClass),
};

static void pci_host_register_types(void)
{
    type_register_static(&pci_host_type_info);
}

type_init(pci_host_register_types)
