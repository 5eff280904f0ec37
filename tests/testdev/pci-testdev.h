/*
 * Test-only PCI devices: a host bridge for -M none and a configurable
 * PCI function (interface: pci-testdev-regs.h).
 */
#ifndef TESTS_TESTDEV_PCI_TESTDEV_H
#define TESTS_TESTDEV_PCI_TESTDEV_H

#include "hw/pci/pci_host.h"
#include "tests/testdev/pci-testdev-regs.h"

#define TYPE_CORVID_TEST_PCI_HOST "corvid-test-pci-host"
#define TYPE_CORVID_TEST_PCI_DEV "corvid-test-pci-dev"

typedef struct CorvidTestPCIHost {
    PCIHostState parent_obj;

    uint64_t mmio_base;
    uint64_t mmio_size;
    uint64_t mmio64_base;
    uint64_t mmio64_size;
    uint32_t io_base;
    uint32_t io_size;
    uint32_t config_port;
    uint64_t ecam_base;
    uint64_t ecam_size;         /* 0: no ECAM */
    bool pcie;
    bool hotplug;

    MemoryRegion pci_mem;       /* the root bus's memory space */
    MemoryRegion pci_io;        /* the root bus's I/O space */
    MemoryRegion mmio_window;   /* aliases of them in system spaces */
    MemoryRegion mmio64_window;
    MemoryRegion io_window;
    MemoryRegion ecam;
    qemu_irq irq[CORVID_TEST_PCI_HOST_NUM_IRQS];
    int irq_level[CORVID_TEST_PCI_HOST_NUM_IRQS];
} CorvidTestPCIHost;

typedef struct CorvidTestPCIDev {
    PCIDevice parent_obj;

    /* Properties */
    bool io_bar;
    bool mem_bar;
    bool mem64_bar;
    uint64_t mem64_size;
    uint32_t msi_vectors;
    bool msi_64bit;
    bool msi_mask;
    uint32_t msix_vectors;
    uint8_t intx_pin;
    bool express;
    bool fail_realize;

    MemoryRegion io;
    MemoryRegion mmio;
    MemoryRegion ram;

    /* Registers */
    uint32_t intx;
    uint64_t dma_src;
    uint64_t dma_dst;
    uint32_t dma_len;
    uint32_t dma_status;
    uint32_t scratch;
    uint32_t resets;
    bool dma_busy;
} CorvidTestPCIDev;

#define CORVID_TEST_PCI_HOST(obj) \
    OBJECT_CHECK(CorvidTestPCIHost, (obj), TYPE_CORVID_TEST_PCI_HOST)
#define CORVID_TEST_PCI_DEV(obj) \
    OBJECT_CHECK(CorvidTestPCIDev, (obj), TYPE_CORVID_TEST_PCI_DEV)

#endif
