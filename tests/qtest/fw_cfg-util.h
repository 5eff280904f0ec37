/*
 * fw_cfg from a test's side: the guest's view of the device over qtest,
 * through the x86 ports (0x510, 0x511, 0x514) or the MMIO block, and DMA
 * requests built in guest RAM.  Used by the fw_cfg tests and benchmark.
 */
#ifndef TESTS_QTEST_FW_CFG_UTIL_H
#define TESTS_QTEST_FW_CFG_UTIL_H

#include "libqtest.h"
#include "hw/nvram/fw_cfg-keys.h"

/* The test build's machine the fw_cfg tests run on, and its fw_cfg_mem
 * (tests/testdev/testdev-x86.c). */
#define QFW_TEST_MACHINE "corvid-test-x86"
#define QFW_TEST_MMIO_BASE 0xfeb00000ULL

typedef struct QFWCfg {
    QTestState *qts;
    bool mmio;
    uint64_t base;          /* the selector port, or the MMIO block */
    uint64_t dma;           /* the DMA address register */
} QFWCfg;

typedef struct QFWCfgFile {
    char name[FW_CFG_MAX_FILE_PATH];
    uint32_t size;
    uint16_t select;
    uint16_t reserved;
} QFWCfgFile;

void qfw_init_io(QFWCfg *fw, QTestState *qts);
void qfw_init_mem(QFWCfg *fw, QTestState *qts, uint64_t base);

void qfw_select(QFWCfg *fw, uint16_t key);
/* @len bytes through the data register (port: one inb each). */
void qfw_read_data(QFWCfg *fw, void *buf, size_t len);
void qfw_read_item(QFWCfg *fw, uint16_t key, void *buf, size_t len);
uint16_t qfw_read_u16(QFWCfg *fw, uint16_t key);      /* little-endian */
uint32_t qfw_read_u32(QFWCfg *fw, uint16_t key);
uint64_t qfw_read_u64(QFWCfg *fw, uint16_t key);

/* The directory (caller frees), *count entries, fields in host order. */
QFWCfgFile *qfw_read_dir(QFWCfg *fw, uint32_t *count);
/* The key of file @name (FW_CFG_INVALID if none) and its size. */
uint16_t qfw_find_file(QFWCfg *fw, const char *name, uint32_t *size);
/* The whole file @name (caller frees); asserts that it exists. */
uint8_t *qfw_read_file(QFWCfg *fw, const char *name, uint32_t *size);

/* Checks */

/* Assert that file @name holds exactly the @len bytes at @expect. */
void qfw_assert_file(QFWCfg *fw, const char *name, const void *expect,
                     size_t len);
/* Assert that "etc/e820" holds the @n (address, length, type) entries. */
void qfw_assert_e820(QFWCfg *fw, const uint64_t (*expect)[3], unsigned n);

/* Tests on QFW_TEST_MACHINE */

/* Whether the binary has QFW_TEST_MACHINE; if not, the test is skipped. */
bool qfw_test_have_machine(void);
/*
 * Start QFW_TEST_MACHINE with @extra right after its name (machine
 * options such as ",numa-nodes=2", then other arguments), @fw set up
 * for its I/O ports.
 */
QTestState *qfw_test_start(QFWCfg *fw, const char *extra);

/* DMA */

/* Write the DMA register to start the request at @desc. */
void qfw_dma_trigger(QFWCfg *fw, uint64_t desc);
/* Put a big-endian FWCfgDmaAccess at @desc in guest memory. */
void qfw_dma_put(QFWCfg *fw, uint64_t desc, uint32_t control,
                 uint32_t length, uint64_t address);
/* The control field at @desc, after a request. */
uint32_t qfw_dma_control(QFWCfg *fw, uint64_t desc);
/* Put, trigger and return the control written back. */
uint32_t qfw_dma(QFWCfg *fw, uint64_t desc, uint32_t control,
                 uint32_t length, uint64_t address);

#endif
