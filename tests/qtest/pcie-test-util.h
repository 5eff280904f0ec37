/*
 * Small helpers shared by the PCI Express device tests: configuration
 * space through mechanism #1 (0xcf8/0xcfc) and, on q35, ECAM.
 */
#ifndef TESTS_QTEST_PCIE_TEST_UTIL_H
#define TESTS_QTEST_PCIE_TEST_UTIL_H

#include "libqtest.h"

#define PCIE_TEST_CFG_ADDR      0xcf8
#define PCIE_TEST_CFG_DATA      0xcfc
/* q35: PCIEXBAR in the MCH (00:00.0), and where the tests put ECAM. */
#define PCIE_TEST_PCIEXBAR      0x60
#define PCIE_TEST_ECAM_BASE     0xb0000000ULL
/* Guest RAM the tests let MSI messages land in. */
#define PCIE_TEST_MSI_ADDR      0x10000ULL

static inline uint32_t pcie_test_cfg_addr(int bus, int dev, int fn, int off)
{
    return 0x80000000U | (bus << 16) | (dev << 11) | (fn << 8) | (off & 0xfc);
}

static inline uint32_t cfg_readl(QTestState *qts, int bus, int dev,
                                 int off)
{
    qtest_outl(qts, PCIE_TEST_CFG_ADDR, pcie_test_cfg_addr(bus, dev, 0, off));
    return qtest_inl(qts, PCIE_TEST_CFG_DATA);
}

static inline uint16_t cfg_readw(QTestState *qts, int bus, int dev,
                                 int off)
{
    qtest_outl(qts, PCIE_TEST_CFG_ADDR, pcie_test_cfg_addr(bus, dev, 0, off));
    return qtest_inw(qts, PCIE_TEST_CFG_DATA + (off & 2));
}

static inline uint8_t cfg_readb(QTestState *qts, int bus, int dev, int off)
{
    qtest_outl(qts, PCIE_TEST_CFG_ADDR, pcie_test_cfg_addr(bus, dev, 0, off));
    return qtest_inb(qts, PCIE_TEST_CFG_DATA + (off & 3));
}

static inline void cfg_writel(QTestState *qts, int bus, int dev, int off,
                              uint32_t val)
{
    qtest_outl(qts, PCIE_TEST_CFG_ADDR, pcie_test_cfg_addr(bus, dev, 0, off));
    qtest_outl(qts, PCIE_TEST_CFG_DATA, val);
}

static inline void cfg_writew(QTestState *qts, int bus, int dev, int off,
                              uint16_t val)
{
    qtest_outl(qts, PCIE_TEST_CFG_ADDR, pcie_test_cfg_addr(bus, dev, 0, off));
    qtest_outw(qts, PCIE_TEST_CFG_DATA + (off & 2), val);
}

static inline void cfg_writeb(QTestState *qts, int bus, int dev, int off,
                              uint8_t val)
{
    qtest_outl(qts, PCIE_TEST_CFG_ADDR, pcie_test_cfg_addr(bus, dev, 0, off));
    qtest_outb(qts, PCIE_TEST_CFG_DATA + (off & 3), val);
}

/* Map ECAM at PCIE_TEST_ECAM_BASE (256 buses), as firmware does. */
static inline void ecam_enable(QTestState *qts)
{
    cfg_writel(qts, 0, 0, PCIE_TEST_PCIEXBAR + 4, 0);
    cfg_writel(qts, 0, 0, PCIE_TEST_PCIEXBAR,
               (uint32_t)PCIE_TEST_ECAM_BASE | 1);
}

static inline uint32_t ecam_readl(QTestState *qts, int bus, int dev, int off)
{
    return qtest_readl(qts, PCIE_TEST_ECAM_BASE + ((uint64_t)bus << 20) +
                       ((uint64_t)dev << 15) + off);
}

/* The offset of capability @id in the standard list, or 0. */
static inline uint8_t cfg_find_cap(QTestState *qts, int bus, int dev,
                                   uint8_t id)
{
    uint8_t pos = cfg_readb(qts, bus, dev, 0x34);
    int guard;

    for (guard = 0; pos && guard < 48; guard++) {
        if (cfg_readb(qts, bus, dev, pos) == id) {
            return pos;
        }
        pos = cfg_readb(qts, bus, dev, pos + 1);
    }
    return 0;
}

#endif
