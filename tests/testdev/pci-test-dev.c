/*
 * corvid-test-pci-dev: a PCI function with every kind of BAR, MSI,
 * MSI-X, INTx and a small DMA engine, for tests of the PCI core (see
 * pci-testdev-regs.h).
 */
#include "util/osdep.h"
#include "util/module.h"
#include "hw/core/qdev-properties.h"
#include "hw/pci/pci_bus.h"
#include "hw/pci/msi.h"
#include "hw/pci/msix.h"
#include "hw/pci/pcie.h"
#include "tests/testdev/pci-testdev.h"

static void test_pci_dev_dma(CorvidTestPCIDev *s)
{
    PCIDevice *dev = PCI_DEVICE(s);
    g_autofree uint8_t *buf = NULL;
    MemTxResult res;

    if (!s->dma_len || s->dma_len > CORVID_TEST_PCI_DMA_MAX_LEN) {
        s->dma_status = CORVID_TEST_PCI_DMA_DONE | CORVID_TEST_PCI_DMA_BAD_LEN;
        return;
    }
    if (s->dma_busy) {
        /* The copy wrote into our own registers: do not recurse. */
        s->dma_status = CORVID_TEST_PCI_DMA_DONE | CORVID_TEST_PCI_DMA_ERROR;
        return;
    }
    s->dma_busy = true;
    buf = g_malloc0(s->dma_len);
    res = pci_dma_read(dev, s->dma_src, buf, s->dma_len);
    res |= pci_dma_write(dev, s->dma_dst, buf, s->dma_len);
    s->dma_busy = false;
    s->dma_status = CORVID_TEST_PCI_DMA_DONE |
                    (res != MEMTX_OK ? CORVID_TEST_PCI_DMA_ERROR : 0);
}

static uint64_t test_pci_dev_read(void *opaque, hwaddr addr, unsigned size)
{
    CorvidTestPCIDev *s = opaque;

    switch (addr) {
    case CORVID_TEST_PCI_REG_ID:
        return CORVID_TEST_PCI_ID_MAGIC;
    case CORVID_TEST_PCI_REG_INTX:
        return s->intx;
    case CORVID_TEST_PCI_REG_DMA_SRC_LO:
        return (uint32_t)s->dma_src;
    case CORVID_TEST_PCI_REG_DMA_SRC_HI:
        return s->dma_src >> 32;
    case CORVID_TEST_PCI_REG_DMA_DST_LO:
        return (uint32_t)s->dma_dst;
    case CORVID_TEST_PCI_REG_DMA_DST_HI:
        return s->dma_dst >> 32;
    case CORVID_TEST_PCI_REG_DMA_LEN:
        return s->dma_len;
    case CORVID_TEST_PCI_REG_DMA_STATUS:
        return s->dma_status;
    case CORVID_TEST_PCI_REG_SCRATCH:
        return s->scratch;
    case CORVID_TEST_PCI_REG_RESETS:
        return s->resets;
    default:
        return 0;
    }
}

static void set_lo(uint64_t *reg, uint64_t val)
{
    *reg = (*reg & ~0xffffffffULL) | (uint32_t)val;
}

static void set_hi(uint64_t *reg, uint64_t val)
{
    *reg = (*reg & 0xffffffffULL) | (val << 32);
}

static void test_pci_dev_write(void *opaque, hwaddr addr, uint64_t val,
                               unsigned size)
{
    CorvidTestPCIDev *s = opaque;
    PCIDevice *dev = PCI_DEVICE(s);

    switch (addr) {
    case CORVID_TEST_PCI_REG_INTX:
        s->intx = !!val;
        pci_set_irq(dev, s->intx);
        break;
    case CORVID_TEST_PCI_REG_MSI_FIRE:
        if (val < msi_nr_vectors_allocated(dev)) {
            msi_notify(dev, val);
        }
        break;
    case CORVID_TEST_PCI_REG_MSIX_FIRE:
        msix_notify(dev, val);
        break;
    case CORVID_TEST_PCI_REG_DMA_SRC_LO:
        set_lo(&s->dma_src, val);
        break;
    case CORVID_TEST_PCI_REG_DMA_SRC_HI:
        set_hi(&s->dma_src, val);
        break;
    case CORVID_TEST_PCI_REG_DMA_DST_LO:
        set_lo(&s->dma_dst, val);
        break;
    case CORVID_TEST_PCI_REG_DMA_DST_HI:
        set_hi(&s->dma_dst, val);
        break;
    case CORVID_TEST_PCI_REG_DMA_LEN:
        s->dma_len = val;
        break;
    case CORVID_TEST_PCI_REG_DMA_CMD:
        if (val & CORVID_TEST_PCI_DMA_CMD_GO) {
            test_pci_dev_dma(s);
        }
        break;
    case CORVID_TEST_PCI_REG_SCRATCH:
        s->scratch = val;
        break;
    default:
        break;
    }
}

static const MemoryRegionOps test_pci_dev_ops = {
    .read = test_pci_dev_read,
    .write = test_pci_dev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 1,
    .valid.max_access_size = 4,
    .impl.min_access_size = 4,
    .impl.max_access_size = 4,
};

static void test_pci_dev_free_regions(CorvidTestPCIDev *s)
{
    if (s->io_bar) {
        object_unparent(OBJECT(&s->io));
    }
    if (s->mem_bar) {
        object_unparent(OBJECT(&s->mmio));
    }
    if (s->mem64_bar && memory_region_size(&s->ram)) {
        object_unparent(OBJECT(&s->ram));
    }
    memset(&s->ram, 0, sizeof(s->ram));
}

static void test_pci_dev_realize(PCIDevice *dev, Error **errp)
{
    CorvidTestPCIDev *s = CORVID_TEST_PCI_DEV(dev);
    uint64_t size = s->mem64_size;

    /* Check every property before building anything. */
    if (s->mem64_bar && (size < 16 || (size & (size - 1)) ||
                         size > 64 * GiB)) {
        error_setg(errp, "corvid-test-pci-dev: mem64-size must be a power "
                   "of two between 16 and 64 GiB");
        return;
    }
    if (s->intx_pin > PCI_INTERRUPT_PIN_INTD) {
        error_setg(errp, "corvid-test-pci-dev: intx-pin must be 0 (none) to "
                   "4 (INTD)");
        return;
    }
    if (s->fail_realize) {
        error_setg(errp, "corvid-test-pci-dev: realize failed as asked");
        return;
    }

    dev->config[PCI_INTERRUPT_PIN] = s->intx_pin;
    if (s->io_bar) {
        memory_region_init_io(&s->io, OBJECT(s), &test_pci_dev_ops, s,
                              "corvid-test-pci-io", CORVID_TEST_PCI_IO_SIZE);
        pci_register_bar(dev, CORVID_TEST_PCI_BAR_IO,
                         PCI_BASE_ADDRESS_SPACE_IO, &s->io);
    }
    if (s->mem_bar) {
        memory_region_init_io(&s->mmio, OBJECT(s), &test_pci_dev_ops, s,
                              "corvid-test-pci-mmio",
                              CORVID_TEST_PCI_MEM_SIZE);
        pci_register_bar(dev, CORVID_TEST_PCI_BAR_MEM,
                         PCI_BASE_ADDRESS_SPACE_MEMORY, &s->mmio);
    }
    if (s->mem64_bar) {
        if (!memory_region_init_ram(&s->ram, OBJECT(s), "corvid-test-pci-ram",
                                    size, errp)) {
            goto fail;
        }
        pci_register_bar(dev, CORVID_TEST_PCI_BAR_MEM64,
                         PCI_BASE_ADDRESS_SPACE_MEMORY |
                         PCI_BASE_ADDRESS_MEM_TYPE_64 |
                         PCI_BASE_ADDRESS_MEM_PREFETCH, &s->ram);
    }
    if (pci_is_express(dev) &&
        pcie_cap_init(dev, 0, PCI_EXP_TYPE_ENDPOINT, 0, errp) < 0) {
        goto fail;
    }
    if (s->msi_vectors &&
        !msi_init(dev, 0, s->msi_vectors, s->msi_64bit, s->msi_mask, errp)) {
        goto fail;
    }
    if (s->msix_vectors) {
        unsigned v;

        if (!msix_init_exclusive_bar(dev, s->msix_vectors,
                                     CORVID_TEST_PCI_BAR_MSIX, errp)) {
            goto fail;
        }
        for (v = 0; v < s->msix_vectors; v++) {
            msix_vector_use(dev, v);
        }
    }
    if (pci_is_express(dev) &&
        !pcie_dev_ser_num_init(dev, PCI_CONFIG_SPACE_SIZE,
                               CORVID_TEST_PCI_DSN, errp)) {
        goto fail;
    }
    return;

fail:
    msix_uninit_exclusive_bar(dev);
    msi_uninit(dev);
    pcie_cap_exit(dev);
    test_pci_dev_free_regions(s);
}

static void test_pci_dev_exit(PCIDevice *dev)
{
    CorvidTestPCIDev *s = CORVID_TEST_PCI_DEV(dev);

    pci_set_irq(dev, 0);
    msix_uninit_exclusive_bar(dev);
    msi_uninit(dev);
    pcie_cap_exit(dev);
    test_pci_dev_free_regions(s);
}

/* A hybrid: PCI Express when asked and on an Express bus below a port. */
static DeviceRealize *test_pci_dev_parent_realize;

static void test_pci_dev_qdev_realize(DeviceState *qdev, Error **errp)
{
    CorvidTestPCIDev *s = CORVID_TEST_PCI_DEV(qdev);
    PCIDevice *dev = PCI_DEVICE(qdev);

    if (s->express && pci_bus_is_express(PCI_BUS(qdev->parent_bus))) {
        dev->cap_present |= PCI_CAP_PRESENT_EXPRESS;
    }
    test_pci_dev_parent_realize(qdev, errp);
}

static void test_pci_dev_reset(DeviceState *qdev)
{
    CorvidTestPCIDev *s = CORVID_TEST_PCI_DEV(qdev);

    s->intx = 0;
    s->dma_src = s->dma_dst = 0;
    s->dma_len = s->dma_status = 0;
    s->scratch = 0;
    s->resets++;
}

static const Property test_pci_dev_props[] = {
    DEFINE_PROP_BOOL("io-bar", CorvidTestPCIDev, io_bar, true),
    DEFINE_PROP_BOOL("mem-bar", CorvidTestPCIDev, mem_bar, true),
    DEFINE_PROP_BOOL("mem64-bar", CorvidTestPCIDev, mem64_bar, true),
    DEFINE_PROP_SIZE("mem64-size", CorvidTestPCIDev, mem64_size,
                     CORVID_TEST_PCI_MEM64_SIZE),
    DEFINE_PROP_UINT32("msi-vectors", CorvidTestPCIDev, msi_vectors, 4),
    DEFINE_PROP_BOOL("msi-64bit", CorvidTestPCIDev, msi_64bit, true),
    DEFINE_PROP_BOOL("msi-mask", CorvidTestPCIDev, msi_mask, true),
    DEFINE_PROP_UINT32("msix-vectors", CorvidTestPCIDev, msix_vectors, 8),
    DEFINE_PROP_UINT8("intx-pin", CorvidTestPCIDev, intx_pin, 1),
    DEFINE_PROP_BOOL("express", CorvidTestPCIDev, express, false),
    DEFINE_PROP_BOOL("fail-realize", CorvidTestPCIDev, fail_realize, false),
};

static void test_pci_dev_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(oc);

    pc->realize = test_pci_dev_realize;
    pc->exit = test_pci_dev_exit;
    pc->vendor_id = CORVID_TEST_PCI_VENDOR_ID;
    pc->device_id = CORVID_TEST_PCI_DEVICE_ID;
    pc->revision = CORVID_TEST_PCI_REVISION;
    pc->class_id = CORVID_TEST_PCI_CLASS;
    dc->desc = "Test PCI function (test builds only)";
    dc->reset = test_pci_dev_reset;
    device_class_set_category(dc, DEVICE_CATEGORY_MISC);
    device_class_set_parent_realize(dc, test_pci_dev_qdev_realize,
                                    &test_pci_dev_parent_realize);
    device_class_set_props(dc, test_pci_dev_props);
}

static const InterfaceInfo test_pci_dev_interfaces[] = {
    { INTERFACE_CONVENTIONAL_PCI_DEVICE },
    { INTERFACE_PCIE_DEVICE },
    { NULL },
};

static const TypeInfo test_pci_dev_info = {
    .name = TYPE_CORVID_TEST_PCI_DEV,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(CorvidTestPCIDev),
    .class_init = test_pci_dev_class_init,
    .interfaces = test_pci_dev_interfaces,
};

static void test_pci_dev_register_types(void)
{
    type_register_static(&test_pci_dev_info);
}

type_init(test_pci_dev_register_types)
