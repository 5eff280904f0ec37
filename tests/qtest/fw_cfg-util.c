/*
 * fw_cfg over qtest (see fw_cfg-util.h).
 */
#include "util/osdep.h"
#include "fw_cfg-util.h"

#define IO_DATA_OFFSET 1
#define IO_DMA_PORT 0x514

void qfw_init_io(QFWCfg *fw, QTestState *qts)
{
    fw->qts = qts;
    fw->mmio = false;
    fw->base = FW_CFG_IO_BASE;
    fw->dma = IO_DMA_PORT;
}

void qfw_init_mem(QFWCfg *fw, QTestState *qts, uint64_t base)
{
    fw->qts = qts;
    fw->mmio = true;
    fw->base = base;
    fw->dma = base + FW_CFG_MEM_DMA;
}

void qfw_select(QFWCfg *fw, uint16_t key)
{
    if (fw->mmio) {
        /* A big-endian register: qtest writes the value little-endian. */
        qtest_writew(fw->qts, fw->base + FW_CFG_MEM_SELECTOR,
                     GUINT16_SWAP_LE_BE(key));
    } else {
        qtest_outw(fw->qts, fw->base, key);
    }
}

void qfw_read_data(QFWCfg *fw, void *buf, size_t len)
{
    uint8_t *p = buf;
    size_t i;

    if (!fw->mmio) {
        for (i = 0; i < len; i++) {
            p[i] = qtest_inb(fw->qts, fw->base + IO_DATA_OFFSET);
        }
        return;
    }
    /*
     * The widest reads that do not go past @len (each read consumes its
     * width); bytes come in item order at increasing addresses.
     */
    while (len) {
        uint64_t a = fw->base + FW_CFG_MEM_DATA, v;
        size_t n = len >= 8 ? 8 : len >= 4 ? 4 : len >= 2 ? 2 : 1;

        v = n == 8 ? qtest_readq(fw->qts, a) :
            n == 4 ? qtest_readl(fw->qts, a) :
            n == 2 ? qtest_readw(fw->qts, a) : qtest_readb(fw->qts, a);
        for (i = 0; i < n; i++) {
            p[i] = v >> (8 * i);
        }
        p += n;
        len -= n;
    }
}

void qfw_read_item(QFWCfg *fw, uint16_t key, void *buf, size_t len)
{
    qfw_select(fw, key);
    qfw_read_data(fw, buf, len);
}

uint16_t qfw_read_u16(QFWCfg *fw, uint16_t key)
{
    uint16_t v;

    qfw_read_item(fw, key, &v, sizeof(v));
    return GUINT16_FROM_LE(v);
}

uint32_t qfw_read_u32(QFWCfg *fw, uint16_t key)
{
    uint32_t v;

    qfw_read_item(fw, key, &v, sizeof(v));
    return GUINT32_FROM_LE(v);
}

uint64_t qfw_read_u64(QFWCfg *fw, uint16_t key)
{
    uint64_t v;

    qfw_read_item(fw, key, &v, sizeof(v));
    return GUINT64_FROM_LE(v);
}

QFWCfgFile *qfw_read_dir(QFWCfg *fw, uint32_t *count)
{
    QFWCfgFile *files;
    uint32_t n, i;

    qfw_select(fw, FW_CFG_FILE_DIR);
    qfw_read_data(fw, &n, sizeof(n));
    n = GUINT32_FROM_BE(n);
    /* A sane directory: the device's slots are far fewer. */
    g_assert_cmpuint(n, <=, FW_CFG_MAX_ENTRIES);
    files = g_new0(QFWCfgFile, n + 1);
    for (i = 0; i < n; i++) {
        uint8_t e[FW_CFG_DIR_ENTRY_SIZE];

        qfw_read_data(fw, e, sizeof(e));
        files[i].size = ((uint32_t)e[0] << 24) | (e[1] << 16) | (e[2] << 8) |
                        e[3];
        files[i].select = (e[4] << 8) | e[5];
        files[i].reserved = (e[6] << 8) | e[7];
        memcpy(files[i].name, e + 8, FW_CFG_MAX_FILE_PATH);
        /* Names are NUL-terminated inside their 56 bytes. */
        g_assert(memchr(files[i].name, 0, FW_CFG_MAX_FILE_PATH));
    }
    *count = n;
    return files;
}

uint16_t qfw_find_file(QFWCfg *fw, const char *name, uint32_t *size)
{
    uint32_t n, i;
    g_autofree QFWCfgFile *files = qfw_read_dir(fw, &n);

    for (i = 0; i < n; i++) {
        if (!strcmp(files[i].name, name)) {
            if (size) {
                *size = files[i].size;
            }
            return files[i].select;
        }
    }
    return FW_CFG_INVALID;
}

uint8_t *qfw_read_file(QFWCfg *fw, const char *name, uint32_t *size)
{
    uint32_t len;
    uint16_t key = qfw_find_file(fw, name, &len);
    uint8_t *buf;

    if (key == FW_CFG_INVALID) {
        g_error("fw_cfg file '%s' not found", name);
    }
    buf = g_malloc0(len + 1);
    qfw_read_item(fw, key, buf, len);
    *size = len;
    return buf;
}

void qfw_assert_file(QFWCfg *fw, const char *name, const void *expect,
                     size_t len)
{
    uint32_t size;
    g_autofree uint8_t *data = qfw_read_file(fw, name, &size);

    g_assert_cmpmem(data, size, expect, len);
}

/* An e820 entry: le64 address, le64 length, le32 type. */
#define E820_ENTRY_SIZE 20

void qfw_assert_e820(QFWCfg *fw, const uint64_t (*expect)[3], unsigned n)
{
    uint32_t size;
    g_autofree uint8_t *e820 = qfw_read_file(fw, "etc/e820", &size);
    unsigned i;

    g_assert_cmpuint(size, ==, n * E820_ENTRY_SIZE);
    for (i = 0; i < n; i++) {
        const uint8_t *e = e820 + i * E820_ENTRY_SIZE;
        uint64_t addr, len;
        uint32_t type;

        memcpy(&addr, e, 8);
        memcpy(&len, e + 8, 8);
        memcpy(&type, e + 16, 4);
        g_assert_cmphex(GUINT64_FROM_LE(addr), ==, expect[i][0]);
        g_assert_cmphex(GUINT64_FROM_LE(len), ==, expect[i][1]);
        g_assert_cmpuint(GUINT32_FROM_LE(type), ==, expect[i][2]);
    }
}

bool qfw_test_have_machine(void)
{
    static int have = -1;

    if (have < 0) {
        have = qtest_has_machine(QFW_TEST_MACHINE);
    }
    if (!have) {
        g_test_skip("needs the " QFW_TEST_MACHINE " machine (the test "
                    "binary)");
    }
    return have;
}

QTestState *qfw_test_start(QFWCfg *fw, const char *extra)
{
    QTestState *s = qtest_initf("-M " QFW_TEST_MACHINE "%s", extra);

    qfw_init_io(fw, s);
    return s;
}

void qfw_dma_trigger(QFWCfg *fw, uint64_t desc)
{
    uint32_t hi = desc >> 32, lo = desc;

    /* The register is big-endian; writing its low half starts it. */
    if (fw->mmio) {
        if (hi) {
            qtest_writel(fw->qts, fw->dma, GUINT32_SWAP_LE_BE(hi));
        }
        qtest_writel(fw->qts, fw->dma + 4, GUINT32_SWAP_LE_BE(lo));
    } else {
        if (hi) {
            qtest_outl(fw->qts, fw->dma, GUINT32_SWAP_LE_BE(hi));
        }
        qtest_outl(fw->qts, fw->dma + 4, GUINT32_SWAP_LE_BE(lo));
    }
}

void qfw_dma_put(QFWCfg *fw, uint64_t desc, uint32_t control,
                 uint32_t length, uint64_t address)
{
    struct {
        uint32_t control;
        uint32_t length;
        uint64_t address;
    } d = {
        GUINT32_TO_BE(control), GUINT32_TO_BE(length),
        GUINT64_TO_BE(address)
    };

    qtest_memwrite(fw->qts, desc, &d, sizeof(d));
}

uint32_t qfw_dma_control(QFWCfg *fw, uint64_t desc)
{
    uint32_t c;

    qtest_memread(fw->qts, desc, &c, sizeof(c));
    return GUINT32_FROM_BE(c);
}

uint32_t qfw_dma(QFWCfg *fw, uint64_t desc, uint32_t control,
                 uint32_t length, uint64_t address)
{
    qfw_dma_put(fw, desc, control, length, address);
    qfw_dma_trigger(fw, desc);
    return qfw_dma_control(fw, desc);
}
