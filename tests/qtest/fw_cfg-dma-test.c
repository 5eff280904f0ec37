/*
 * fw_cfg DMA (shared/specs/fw_cfg.rst, "Guest-side DMA Interface"):
 * select, read, skip and write requests built in guest RAM and started
 * through the DMA register, and every kind of bad request: each must set
 * the error bit (when the control field can be written at all), change
 * nothing else, and leave the device working.  Results qemu 7.2 shows
 * for the same requests on -M pc: reads past an item's end give zeroes,
 * control is written back as 0 or 1, length and address are left alone,
 * read wins over write, skip and the port interface share the offset.
 */
#include "util/osdep.h"
#include "fw_cfg-util.h"

#define MACHINE QFW_TEST_MACHINE
#define RAM_SIZE (128 * MiB)    /* the machine's default */
#define DESC 0x1000ULL          /* descriptors go here */
#define BUF 0x10000ULL          /* and data here */
#define NOT_RAM 0x10000000ULL   /* above RAM, below 4 GiB: nothing there */

#define CTL_SELECT(key) (FW_CFG_DMA_CTL_SELECT | \
                         ((uint32_t)(key) << FW_CFG_DMA_SELECT_SHIFT))
#define CTL_READ FW_CFG_DMA_CTL_READ
#define CTL_SKIP FW_CFG_DMA_CTL_SKIP
#define CTL_WRITE FW_CFG_DMA_CTL_WRITE
#define CTL_ERROR FW_CFG_DMA_CTL_ERROR

#define WRITABLE "etc/corvid-test/writable"
#define WRITABLE_INIT "0123456789abcdef"

/* Assert guest memory at @addr holds @len bytes of @expect. */
static void assert_mem(QTestState *s, uint64_t addr, const void *expect,
                       size_t len)
{
    g_autofree uint8_t *buf = g_malloc(len);

    qtest_memread(s, addr, buf, len);
    g_assert_cmpmem(buf, len, expect, len);
}

/* The device still answers: a signature read through DMA works. */
static void assert_alive(QFWCfg *fw)
{
    qtest_memset(fw->qts, BUF + 0x800, 0, 4);
    g_assert_cmphex(qfw_dma(fw, DESC + 0x800, CTL_SELECT(FW_CFG_SIGNATURE) |
                            CTL_READ, 4, BUF + 0x800), ==, 0);
    assert_mem(fw->qts, BUF + 0x800, "QEMU", 4);
}

static void test_read(void)
{
    QFWCfg fw;
    QTestState *s;
    uint8_t desc[16];
    uint32_t count;

    if (!qfw_test_have_machine()) {
        return;
    }
    s = qfw_test_start(&fw, "");
    qtest_memset(s, BUF, 0xaa, 16);
    /* Past the end: zeroes; the bytes after the length stay. */
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(FW_CFG_SIGNATURE) |
                            CTL_READ, 8, BUF), ==, 0);
    assert_mem(s, BUF, "QEMU\0\0\0\0\xaa", 9);
    /* Only control is written back. */
    qtest_memread(s, DESC, desc, sizeof(desc));
    g_assert_cmpmem(desc, 16, "\0\0\0\0\0\0\0\x08\0\0\0\0\0\x01\0\0", 16);
    /* Without select: on from the offset, which stopped at the end. */
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_READ, 2, BUF + 0x20), ==, 0);
    assert_mem(s, BUF + 0x20, "\0\0", 2);

    /* The port interface and DMA share the offset. */
    qfw_select(&fw, FW_CFG_SIGNATURE);
    g_assert_cmphex(qtest_inb(s, 0x511), ==, 'Q');
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_READ, 3, BUF + 0x30), ==, 0);
    assert_mem(s, BUF + 0x30, "EMU", 3);

    /* The directory, the same through both. */
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(FW_CFG_FILE_DIR) |
                            CTL_READ, 4, BUF + 0x40), ==, 0);
    qtest_memread(s, BUF + 0x40, &count, 4);
    qfw_select(&fw, FW_CFG_FILE_DIR);
    {
        uint32_t port_count;

        qfw_read_data(&fw, &port_count, 4);
        g_assert_cmphex(count, ==, port_count);
        g_assert_cmpuint(GUINT32_FROM_BE(count), ==, 7);
    }

    /* A key with no item reads as zeroes, successfully. */
    qtest_memset(s, BUF, 0xaa, 4);
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(0x1234) | CTL_READ, 4,
                            BUF), ==, 0);
    assert_mem(s, BUF, "\0\0\0\0", 4);
    /* Length 0 and select-only requests succeed. */
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(FW_CFG_ID) | CTL_READ, 0,
                            BUF), ==, 0);
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(FW_CFG_ID), 0, 0), ==, 0);
    g_assert_cmphex(qtest_inb(s, 0x511), ==, 3);
    qtest_quit(s);
}

static void test_skip(void)
{
    QFWCfg fw;
    QTestState *s;

    if (!qfw_test_have_machine()) {
        return;
    }
    s = qfw_test_start(&fw, "");
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(FW_CFG_SIGNATURE) |
                            CTL_SKIP, 2, 0), ==, 0);
    g_assert_cmphex(qtest_inb(s, 0x511), ==, 'M');
    /* Skipping past the end stops there; huge lengths are fine. */
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(FW_CFG_SIGNATURE) |
                            CTL_SKIP, 0xffffffff, 0), ==, 0);
    g_assert_cmphex(qtest_inb(s, 0x511), ==, 0);
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(0x2345) | CTL_SKIP, 100,
                            0), ==, 0);
    qtest_quit(s);
}

/* Which operation runs when several bits are set, and other bits. */
static void test_control_bits(void)
{
    QFWCfg fw;
    QTestState *s;
    uint16_t key;

    if (!qfw_test_have_machine()) {
        return;
    }
    s = qfw_test_start(&fw, "");
    key = qfw_find_file(&fw, WRITABLE, NULL);
    /* Read wins over write: the writable item is read, not written. */
    qtest_memwrite(s, BUF, "XXXX", 4);
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(key) | CTL_READ |
                            CTL_WRITE, 4, BUF), ==, 0);
    assert_mem(s, BUF, "0123", 4);
    /* Read wins over skip. */
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(FW_CFG_SIGNATURE) |
                            CTL_READ | CTL_SKIP, 2, BUF), ==, 0);
    assert_mem(s, BUF, "QE", 2);
    /* An error bit in the request is not a failure; unknown bits are
     * ignored. */
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(FW_CFG_SIGNATURE) |
                            CTL_READ | CTL_ERROR | 0x20 | 0x100, 4, BUF),
                    ==, 0);
    assert_mem(s, BUF, "QEMU", 4);
    qtest_quit(s);
}

static void test_write(void)
{
    QFWCfg fw;
    QTestState *s;
    uint16_t key, writes;
    char item[17] = "";

    if (!qfw_test_have_machine()) {
        return;
    }
    s = qfw_test_start(&fw, "");
    key = qfw_find_file(&fw, WRITABLE, NULL);
    writes = qfw_find_file(&fw, "etc/corvid-test/writes", NULL);
    g_assert_cmphex(key, !=, FW_CFG_INVALID);

    qtest_memwrite(s, BUF, "WXYZ", 4);
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(key) | CTL_WRITE, 4, BUF),
                    ==, 0);
    /* Then on from the offset: skip to the last 4 bytes and write them. */
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SKIP, 8, 0), ==, 0);
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_WRITE, 4, BUF), ==, 0);
    qfw_read_item(&fw, key, item, 16);
    g_assert_cmpstr(item, ==, "WXYZ456789abWXYZ");
    g_assert_cmpuint(qfw_read_u32(&fw, writes), ==, 2);
    /* A zero-length write at the end is fine and calls nobody. */
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(key) | CTL_SKIP, 16, 0),
                    ==, 0);
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_WRITE, 0, BUF), ==, 0);
    g_assert_cmpuint(qfw_read_u32(&fw, writes), ==, 2);

    /* Past the end: refused whole. */
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(key) | CTL_SKIP, 16, 0),
                    ==, 0);
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_WRITE, 1, BUF), ==, CTL_ERROR);
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(key) | CTL_SKIP, 12, 0),
                    ==, 0);
    qtest_memwrite(s, BUF, "abcdefgh", 8);
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_WRITE, 8, BUF), ==, CTL_ERROR);
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(key) | CTL_WRITE, 17, BUF),
                    ==, CTL_ERROR);
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(key) | CTL_WRITE,
                            0xffffffff, BUF), ==, CTL_ERROR);
    /* Read-only items, and keys without an item. */
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(FW_CFG_SIGNATURE) |
                            CTL_WRITE, 2, BUF), ==, CTL_ERROR);
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(writes) | CTL_WRITE, 4,
                            BUF), ==, CTL_ERROR);
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(0x1234) | CTL_WRITE, 1,
                            BUF), ==, CTL_ERROR);
    /* From memory that is not RAM. */
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(key) | CTL_WRITE, 4,
                            NOT_RAM), ==, CTL_ERROR);
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(key) | CTL_WRITE, 4,
                            RAM_SIZE - 2), ==, CTL_ERROR);

    /* Nothing of that changed the item, or counted as a write. */
    qfw_read_item(&fw, key, item, 16);
    g_assert_cmpstr(item, ==, "WXYZ456789abWXYZ");
    g_assert_cmpuint(qfw_read_u32(&fw, writes), ==, 2);
    /* The signature is still the signature. */
    assert_alive(&fw);
    qtest_quit(s);
}

/* Targets that are not RAM: error, nothing written. */
static void test_bad_target(void)
{
    QFWCfg fw;
    QTestState *s;
    int64_t t;

    if (!qfw_test_have_machine()) {
        return;
    }
    s = qfw_test_start(&fw, "");
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(FW_CFG_SIGNATURE) |
                            CTL_READ, 4, NOT_RAM), ==, CTL_ERROR);
    /* Crossing the end of RAM: not even the bytes that are RAM. */
    qtest_memset(s, RAM_SIZE - 2, 0xaa, 2);
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(FW_CFG_SIGNATURE) |
                            CTL_READ, 4, RAM_SIZE - 2), ==, CTL_ERROR);
    assert_mem(s, RAM_SIZE - 2, "\xaa\xaa", 2);
    /* Wrapping around the top of the address space. */
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(FW_CFG_SIGNATURE) |
                            CTL_READ, 0x1000, 0xffffffffffffff00ULL), ==,
                    CTL_ERROR);
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(FW_CFG_SIGNATURE) |
                            CTL_READ, 1, UINT64_MAX), ==, CTL_ERROR);
    /* A hostile length: refused at once, no per-byte work. */
    t = g_get_monotonic_time();
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(FW_CFG_SIGNATURE) |
                            CTL_READ, 0xffffffff, 0), ==, CTL_ERROR);
    g_assert_cmpint(g_get_monotonic_time() - t, <, 5 * G_USEC_PER_SEC);
    /* The offset did not move: the next read starts at 0. */
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_READ, 4, BUF), ==, 0);
    assert_mem(s, BUF, "QEMU", 4);
    /* Reading over the descriptor itself is fine (it is RAM). */
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(FW_CFG_ID) | CTL_READ, 4,
                            DESC + 4), ==, 0);
    qtest_quit(s);
}

/* Descriptors that are not (all) in RAM. */
static void test_bad_descriptor(void)
{
    QFWCfg fw;
    QTestState *s;
    uint8_t tail[8];

    if (!qfw_test_have_machine()) {
        return;
    }
    s = qfw_test_start(&fw, "");
    /* Not RAM at all: nothing to read, nowhere to report. */
    qfw_dma_trigger(&fw, NOT_RAM);
    qfw_dma_trigger(&fw, 0xfffffffffffffff8ULL);
    qfw_dma_trigger(&fw, UINT64_MAX);
    assert_alive(&fw);
    /* Half in RAM: the control field gets the error bit, as in qemu. */
    qtest_memwrite(s, RAM_SIZE - 8, "\0\0\0\x0a\0\0\0\x04", 8);
    qfw_dma_trigger(&fw, RAM_SIZE - 8);
    qtest_memread(s, RAM_SIZE - 8, tail, sizeof(tail));
    g_assert_cmpmem(tail, 8, "\0\0\0\x01\0\0\0\x04", 8);
    assert_alive(&fw);
    qtest_quit(s);
}

/* The register: 64-bit addresses in two halves, reset after each use. */
static void test_register(void)
{
    QFWCfg fw;
    QTestState *s;
    const uint64_t high = 0x100000000ULL;    /* RAM above 4 GiB */

    if (!qfw_test_have_machine()) {
        return;
    }
    /* 3 GiB + 16 MiB: RAM from 4 GiB to 4 GiB + 16 MiB. */
    s = qfw_test_start(&fw, " -m 3088M");
    qfw_dma_put(&fw, high + DESC, CTL_SELECT(FW_CFG_SIGNATURE) | CTL_READ,
                4, high + BUF);
    qfw_dma_trigger(&fw, high + DESC);
    g_assert_cmphex(qfw_dma_control(&fw, high + DESC), ==, 0);
    assert_mem(s, high + BUF, "QEMU", 4);
    /* The high half went back to 0: a low-half write means below 4 GiB. */
    qfw_dma_put(&fw, high + DESC, CTL_READ, 4, high + BUF);
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(FW_CFG_ID) | CTL_READ, 4,
                            BUF), ==, 0);
    g_assert_cmphex(qfw_dma_control(&fw, high + DESC), ==, CTL_READ);
    /* Byte and word writes to the register are refused. */
    qfw_dma_put(&fw, DESC, CTL_SELECT(FW_CFG_SIGNATURE) | CTL_READ, 4, BUF);
    qtest_outb(s, 0x51b, DESC & 0xff);
    qtest_outw(s, 0x51a, GUINT16_SWAP_LE_BE(DESC));
    g_assert_cmphex(qfw_dma_control(&fw, DESC), ==,
                    CTL_SELECT(FW_CFG_SIGNATURE) | CTL_READ);
    qtest_quit(s);
}

/* DMA through the MMIO front end, including a 64-bit register write. */
static void test_mmio(void)
{
    QFWCfg fw;
    QTestState *s;
    uint16_t key;
    char item[17] = "";

    if (!qfw_test_have_machine()) {
        return;
    }
    s = qtest_init("-M " MACHINE ",fw-cfg-mmio=on");
    qfw_init_mem(&fw, s, QFW_TEST_MMIO_BASE);
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(FW_CFG_SIGNATURE) |
                            CTL_READ, 4, BUF), ==, 0);
    assert_mem(s, BUF, "QEMU", 4);
    /* One 64-bit write starts it too. */
    qfw_dma_put(&fw, DESC, CTL_SELECT(FW_CFG_ID) | CTL_READ, 4, BUF);
    qtest_writeq(s, fw.dma, GUINT64_SWAP_LE_BE(DESC));
    g_assert_cmphex(qfw_dma_control(&fw, DESC), ==, 0);
    assert_mem(s, BUF, "\x03\0\0\0", 4);
    /* The device's own registers are not RAM: no transfer into them. */
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(FW_CFG_SIGNATURE) |
                            CTL_READ, 8, fw.dma), ==, CTL_ERROR);
    qfw_dma_trigger(&fw, fw.dma);
    key = qfw_find_file(&fw, WRITABLE, NULL);
    qtest_memwrite(s, BUF, "mmio", 4);
    g_assert_cmphex(qfw_dma(&fw, DESC, CTL_SELECT(key) | CTL_WRITE, 4, BUF),
                    ==, 0);
    qfw_read_item(&fw, key, item, 16);
    g_assert_cmpstr(item, ==, "mmio456789abcdef");
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/fw_cfg/dma/read", test_read);
    g_test_add_func("/fw_cfg/dma/skip", test_skip);
    g_test_add_func("/fw_cfg/dma/control-bits", test_control_bits);
    g_test_add_func("/fw_cfg/dma/write", test_write);
    g_test_add_func("/fw_cfg/dma/bad-target", test_bad_target);
    g_test_add_func("/fw_cfg/dma/bad-descriptor", test_bad_descriptor);
    g_test_add_func("/fw_cfg/dma/register", test_register);
    g_test_add_func("/fw_cfg/dma/mmio", test_mmio);
    return g_test_run();
}
