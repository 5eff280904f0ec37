/*
 * The guest-visible interface of the test-only PCI devices, shared by the
 * device models (tests/testdev/pci-test-*.c) and the tests that drive
 * them.  Plain constants: no emulator headers.
 *
 * corvid-test-pci-host
 *   A PCI host bridge for -M none: configuration mechanism #1 at
 *   "config-port" (0xcf8/0xcfc), the root bus's memory space visible
 *   1:1 in system memory through windows at "mmio-base"/"mmio-size" and
 *   "mmio64-base"/"mmio64-size", its I/O space 1:1 in system I/O through
 *   "io-base"/"io-size".  With "ecam-size" non-zero, ECAM ([PCIe] 7.2.2:
 *   1 MiB per bus, 4 KiB per function) at "ecam-base" reaches all of each
 *   function's configuration space.  "pcie=on" makes the root bus a PCIe
 *   bus (a corvid-test-pci-dev with express=on is then a PCIe function).
 *   Pin P (0 = INTA) of a device in root bus slot S drives line
 *   (S + P) % 4: GPIO output N ("unnamed-gpio-out[N]"), wired by default
 *   to the host's own input N ("unnamed-gpio-in[N]"), which stands for
 *   an interrupt controller; qtest sees the lines with irq_intercept_in
 *   on the host.  Bus masters reach system memory.  With "hotplug" (on by
 *   default) devices may be added and removed at run time on the root
 *   bus and behind pci-bridges; removal is immediate.
 *
 * corvid-test-pci-dev (1af4:10f0, class 0x00ff)
 *   BAR0  I/O, 64 bytes: the registers below        ("io-bar")
 *   BAR1  32-bit memory, 4 KiB: the same registers   ("mem-bar")
 *   BAR2  64-bit prefetchable memory: RAM            ("mem64-bar",
 *         of "mem64-size" bytes)                      "mem64-size")
 *   BAR4  32-bit memory: the MSI-X table at 0 and the PBA in the upper
 *         half (msix_init_exclusive_bar; 4 KiB for up to 128 vectors)
 *                                                    ("msix-vectors")
 *   MSI with "msi-vectors" vectors, "msi-64bit", "msi-mask"
 *   INTx on pin "intx-pin" (1 = INTA; 0: none)
 *   With "express" on a PCIe bus: a PCI Express endpoint with 4 KiB of
 *   configuration space, the PCIe capability and a device serial number
 *   extended capability (0x0123456789abcdef) at 0x100.
 *   Its DMA engine copies through the bus-master address space, so it
 *   fails (DMA_ERROR) while Bus Master Enable is clear.
 */
#ifndef TESTS_TESTDEV_PCI_TESTDEV_REGS_H
#define TESTS_TESTDEV_PCI_TESTDEV_REGS_H

#define CORVID_TEST_PCI_VENDOR_ID       0x1af4
#define CORVID_TEST_PCI_DEVICE_ID       0x10f0
#define CORVID_TEST_PCI_CLASS           0x00ff
#define CORVID_TEST_PCI_REVISION        0x01

/* Host defaults */
#define CORVID_TEST_PCI_HOST_MMIO_BASE      0xe0000000ULL
#define CORVID_TEST_PCI_HOST_MMIO_SIZE      0x10000000ULL
#define CORVID_TEST_PCI_HOST_MMIO64_BASE    0x8000000000ULL
#define CORVID_TEST_PCI_HOST_MMIO64_SIZE    0x100000000ULL
#define CORVID_TEST_PCI_HOST_IO_BASE        0xc000
#define CORVID_TEST_PCI_HOST_IO_SIZE        0x4000
#define CORVID_TEST_PCI_HOST_CONFIG_PORT    0xcf8
#define CORVID_TEST_PCI_HOST_ECAM_BUS_SIZE  0x100000    /* per bus */
#define CORVID_TEST_PCI_HOST_NUM_IRQS       4

/* BARs */
#define CORVID_TEST_PCI_BAR_IO          0
#define CORVID_TEST_PCI_BAR_MEM         1
#define CORVID_TEST_PCI_BAR_MEM64       2
#define CORVID_TEST_PCI_BAR_MSIX        4
#define CORVID_TEST_PCI_IO_SIZE         0x40
#define CORVID_TEST_PCI_MEM_SIZE        0x1000
#define CORVID_TEST_PCI_MEM64_SIZE      0x100000    /* the default */
#define CORVID_TEST_PCI_MSIX_BAR_SIZE   0x1000      /* up to 128 vectors */
#define CORVID_TEST_PCI_MSIX_PBA_OFFSET 0x800
#define CORVID_TEST_PCI_DSN             0x0123456789abcdefULL

/* Registers, 32 bits each, in BAR0 and BAR1 */
#define CORVID_TEST_PCI_REG_ID          0x00    /* RO: the magic below */
#define CORVID_TEST_PCI_REG_INTX        0x04    /* RW: INTx level */
#define CORVID_TEST_PCI_REG_MSI_FIRE    0x08    /* WO: send MSI vector N */
#define CORVID_TEST_PCI_REG_MSIX_FIRE   0x0c    /* WO: send MSI-X vector N */
#define CORVID_TEST_PCI_REG_DMA_SRC_LO  0x10
#define CORVID_TEST_PCI_REG_DMA_SRC_HI  0x14
#define CORVID_TEST_PCI_REG_DMA_DST_LO  0x18
#define CORVID_TEST_PCI_REG_DMA_DST_HI  0x1c
#define CORVID_TEST_PCI_REG_DMA_LEN     0x20
#define CORVID_TEST_PCI_REG_DMA_CMD     0x24    /* WO: 1 copies src->dst */
#define CORVID_TEST_PCI_REG_DMA_STATUS  0x28    /* RO */
#define CORVID_TEST_PCI_REG_SCRATCH     0x2c    /* RW */
#define CORVID_TEST_PCI_REG_RESETS      0x30    /* RO: resets seen */

#define CORVID_TEST_PCI_ID_MAGIC        0x43565044  /* "DPVC" */
#define CORVID_TEST_PCI_DMA_CMD_GO      0x1
#define CORVID_TEST_PCI_DMA_DONE        0x1     /* status bits */
#define CORVID_TEST_PCI_DMA_ERROR       0x2     /* an access failed */
#define CORVID_TEST_PCI_DMA_BAD_LEN     0x4     /* 0 or over the limit */
#define CORVID_TEST_PCI_DMA_MAX_LEN     0x10000

#endif
