/*
 * The q35 machine through qtest: the MCH and ICH9-LPC functions, ECAM
 * through PCIEXBAR, PAM, SMRAM, TSEG and SMBASE as system memory shows
 * them, INTx routing to the PIRQ GSIs, the ICH9 reset control register
 * at 0xcf9, and q35's own RAM split warning.  Behaviour was observed on
 * qemu-system-x86_64 7.2 (see docs/system/q35.rst).  What q35 shares
 * with pc (-numa, -boot, -smp dies=) is tested on both in pc-test.
 */
#include "util/osdep.h"
#include "libqtest.h"
#include "pc-test-util.h"
#include "../testdev/pci-testdev-regs.h"

#define DEVFN(slot, fn)     (((slot) << 3) | (fn))
#define MCH_DEVFN           DEVFN(0, 0)
#define LPC_DEVFN           DEVFN(31, 0)

#define MCH_EXT_TSEG        0x50
#define MCH_PCIEXBAR        0x60
#define MCH_PAM0            0x90
#define MCH_F_SMBASE        0x9c
#define MCH_SMRAM           0x9d
#define MCH_ESMRAMC         0x9e

#define SMRAM_D_OPEN        0x40
#define SMRAM_D_CLS         0x20
#define SMRAM_D_LCK         0x10
#define SMRAM_G_SMRAME      0x08
#define ESMRAMC_H_SMRAME    0x80
#define ESMRAMC_T_EN        0x01

#define LPC_PIRQA_ROUT      0x60
#define LPC_PIRQE_ROUT      0x68
#define LPC_RCBA            0xf0
#define RCBA_BASE           0xfed1c000ULL
#define CC_D31IR            0x3140
#define CC_D25IR            0x3150

#define ECAM_DEFAULT        0xb0000000ULL
#define MMCFG_UNMAPPED      UINT64_MAX

/* Where tests put corvid-test-pci-dev's 4 KiB register BAR. */
#define TESTDEV_BAR_ADDR    0xfe000000ULL

/* Configuration mechanism #1 */

static uint32_t cfg_addr(int bus, int devfn, int off)
{
    return 0x80000000u | (bus << 16) | (devfn << 8) | (off & 0xfc);
}

static uint32_t cfg_readl(QTestState *s, int bus, int devfn, int off)
{
    qtest_outl(s, 0xcf8, cfg_addr(bus, devfn, off));
    return qtest_inl(s, 0xcfc);
}

static uint16_t cfg_readw(QTestState *s, int bus, int devfn, int off)
{
    qtest_outl(s, 0xcf8, cfg_addr(bus, devfn, off));
    return qtest_inw(s, 0xcfc + (off & 2));
}

static uint8_t cfg_readb(QTestState *s, int bus, int devfn, int off)
{
    qtest_outl(s, 0xcf8, cfg_addr(bus, devfn, off));
    return qtest_inb(s, 0xcfc + (off & 3));
}

static void cfg_writel(QTestState *s, int bus, int devfn, int off,
                       uint32_t val)
{
    qtest_outl(s, 0xcf8, cfg_addr(bus, devfn, off));
    qtest_outl(s, 0xcfc, val);
}

static void cfg_writew(QTestState *s, int bus, int devfn, int off,
                       uint16_t val)
{
    qtest_outl(s, 0xcf8, cfg_addr(bus, devfn, off));
    qtest_outw(s, 0xcfc + (off & 2), val);
}

static void cfg_writeb(QTestState *s, int bus, int devfn, int off,
                       uint8_t val)
{
    qtest_outl(s, 0xcf8, cfg_addr(bus, devfn, off));
    qtest_outb(s, 0xcfc + (off & 3), val);
}

static uint8_t mch_readb(QTestState *s, int off)
{
    return cfg_readb(s, 0, MCH_DEVFN, off);
}

static void mch_writeb(QTestState *s, int off, uint8_t val)
{
    cfg_writeb(s, 0, MCH_DEVFN, off, val);
}

static uint64_t ecam(uint64_t base, int bus, int devfn, int off)
{
    return base + ((uint64_t)bus << 20) + ((uint64_t)devfn << 12) + off;
}

static void set_pciexbar(QTestState *s, uint64_t val)
{
    cfg_writel(s, 0, MCH_DEVFN, MCH_PCIEXBAR + 4, val >> 32);
    cfg_writel(s, 0, MCH_DEVFN, MCH_PCIEXBAR, (uint32_t)val);
}

static uint64_t qom_get_uint(QTestState *s, const char *path,
                             const char *prop)
{
    g_autoptr(QObject) v = qtest_qom_get(s, path, prop);
    uint64_t u = 0;

    g_assert(qobject_type(v) == QTYPE_QNUM);
    g_assert(qnum_get_try_uint((QNum *)v, &u));
    return u;
}

/* Enable the register BAR (BAR1) of a corvid-test-pci-dev at @addr. */
static void testdev_map(QTestState *s, int bus, int devfn, uint64_t addr)
{
    cfg_writel(s, bus, devfn, 0x14, (uint32_t)addr);
    cfg_writew(s, bus, devfn, 0x04, 0x0002);   /* memory decoding */
}

/* Identification and reset values */

static void test_ids(void)
{
    QTestState *s = qtest_init("-M q35");

    g_assert_cmphex(cfg_readl(s, 0, MCH_DEVFN, 0), ==, 0x29c08086);
    g_assert_cmphex(cfg_readl(s, 0, MCH_DEVFN, 8), ==, 0x06000000);
    g_assert_cmphex(cfg_readb(s, 0, MCH_DEVFN, 0x0e), ==, 0x00);
    g_assert_cmphex(cfg_readl(s, 0, LPC_DEVFN, 0), ==, 0x29188086);
    g_assert_cmphex(cfg_readl(s, 0, LPC_DEVFN, 8), ==, 0x06010002);
    /* Multifunction: the chipset's other functions share slot 31. */
    g_assert_cmphex(cfg_readb(s, 0, LPC_DEVFN, 0x0e), ==, 0x80);
    /* Nothing else on a bare q35. */
    g_assert_cmphex(cfg_readl(s, 0, DEVFN(1, 0), 0), ==,
                    0xffffffff);
    qtest_quit(s);
}

static void test_reset_values(void)
{
    QTestState *s = qtest_init("-M q35");
    int i;

    g_assert_cmphex(cfg_readl(s, 0, MCH_DEVFN, MCH_PCIEXBAR), ==, 0xb0000000);
    g_assert_cmphex(cfg_readl(s, 0, MCH_DEVFN, MCH_PCIEXBAR + 4), ==, 0);
    g_assert_cmphex(cfg_readl(s, 0, MCH_DEVFN, 0x9c), ==, 0x00380200);
    g_assert_cmphex(cfg_readw(s, 0, MCH_DEVFN, MCH_EXT_TSEG), ==, 16);
    for (i = 0; i < 7; i++) {
        g_assert_cmphex(mch_readb(s, MCH_PAM0 + i), ==, 0);
    }
    g_assert_cmphex(cfg_readl(s, 0, LPC_DEVFN, LPC_PIRQA_ROUT), ==,
                    0x80808080);
    g_assert_cmphex(cfg_readl(s, 0, LPC_DEVFN, LPC_PIRQE_ROUT), ==,
                    0x80808080);
    g_assert_cmphex(cfg_readl(s, 0, LPC_DEVFN, 0x40), ==, 0x00000001);
    g_assert_cmphex(cfg_readl(s, 0, LPC_DEVFN, LPC_RCBA), ==, 0);
    /* ECAM is off until firmware enables it. */
    g_assert_cmphex(qom_get_uint(s, "/machine/q35", "MCFG"), ==,
                    MMCFG_UNMAPPED);
    g_assert_cmphex(qom_get_uint(s, "/machine/q35", "mcfg_size"), ==, 0);
    qtest_quit(s);
}

/* ECAM */

static void test_ecam_matches_cf8(void)
{
    QTestState *s;
    int devfns[] = { MCH_DEVFN, LPC_DEVFN, DEVFN(3, 0) };
    size_t i;
    int off;

    if (!qtest_require_device("corvid-test-pci-dev")) {
        return;
    }
    s = qtest_init("-M q35 -device corvid-test-pci-dev,addr=3,express=on");
    set_pciexbar(s, ECAM_DEFAULT | 1);
    g_assert_cmphex(qom_get_uint(s, "/machine/q35", "MCFG"), ==,
                    ECAM_DEFAULT);
    g_assert_cmphex(qom_get_uint(s, "/machine/q35", "mcfg_size"), ==,
                    256 * MiB);
    for (i = 0; i < ARRAY_SIZE(devfns); i++) {
        for (off = 0; off < 0x100; off += 4) {
            g_assert_cmphex(qtest_readl(s, ecam(ECAM_DEFAULT, 0, devfns[i],
                                                off)), ==,
                            cfg_readl(s, 0, devfns[i], off));
        }
    }
    /* Narrower and unaligned reads take the same bytes. */
    g_assert_cmphex(qtest_readw(s, ecam(ECAM_DEFAULT, 0, 0, 2)), ==, 0x29c0);
    g_assert_cmphex(qtest_readb(s, ecam(ECAM_DEFAULT, 0, 0, 1)), ==, 0x80);
    g_assert_cmphex(qtest_readl(s, ecam(ECAM_DEFAULT, 0, 0, 2)), ==,
                    0x29c0 | ((uint32_t)cfg_readw(s, 0, 0, 4) << 16));
    g_assert_cmphex(qtest_readq(s, ecam(ECAM_DEFAULT, 0, 0, 0)), ==,
                    cfg_readl(s, 0, 0, 0) |
                    ((uint64_t)cfg_readl(s, 0, 0, 4) << 32));

    /* Writes through ECAM are configuration writes. */
    qtest_writel(s, ecam(ECAM_DEFAULT, 0, 0, 0x40), 0x12345678);
    g_assert_cmphex(cfg_readl(s, 0, 0, 0x40), ==, 0x12345678);
    qtest_writew(s, ecam(ECAM_DEFAULT, 0, 0, 0x42), 0xabcd);
    g_assert_cmphex(cfg_readl(s, 0, 0, 0x40), ==, 0xabcd5678);
    qtest_writel(s, ecam(ECAM_DEFAULT, 0, 0, 0x41), 0xaabbccdd);
    g_assert_cmphex(cfg_readl(s, 0, 0, 0x40), ==, 0xbbccdd78);
    g_assert_cmphex(cfg_readb(s, 0, 0, 0x44), ==, 0xaa);

    /* Past a conventional function's 256 bytes, and missing functions. */
    g_assert_cmphex(qtest_readl(s, ecam(ECAM_DEFAULT, 0, 0, 0x100)), ==,
                    0xffffffff);
    g_assert_cmphex(qtest_readl(s, ecam(ECAM_DEFAULT, 0, 0, 0xffc)), ==,
                    0xffffffff);
    g_assert_cmphex(qtest_readl(s, ecam(ECAM_DEFAULT, 0,
                                        DEVFN(1, 0), 0)), ==,
                    0xffffffff);
    g_assert_cmphex(qtest_readl(s, ecam(ECAM_DEFAULT, 1, 0, 0)), ==,
                    0xffffffff);
    g_assert_cmphex(qtest_readl(s, ecam(ECAM_DEFAULT, 255, 0xff, 0xffc)), ==,
                    0xffffffff);
    qtest_writel(s, ecam(ECAM_DEFAULT, 7, 0, 0x40), 0x1);

    /* An Express function's extended space is only reachable here. */
    g_assert_cmphex(qtest_readl(s, ecam(ECAM_DEFAULT, 0,
                                        DEVFN(3, 0), 0)), ==,
                    (CORVID_TEST_PCI_DEVICE_ID << 16) |
                    CORVID_TEST_PCI_VENDOR_ID);
    qtest_quit(s);
}

static void test_ecam_behind_bridge(void)
{
    QTestState *s;
    int br = DEVFN(2, 0), dev = DEVFN(3, 0);

    if (!qtest_require_device("corvid-test-pci-dev")) {
        return;
    }
    s = qtest_init("-M q35 -device pci-bridge,id=br,chassis_nr=1,addr=2 "
                   "-device corvid-test-pci-dev,bus=br,addr=3");
    set_pciexbar(s, ECAM_DEFAULT | 1);
    /* Not routed until the bridge has bus numbers. */
    g_assert_cmphex(qtest_readl(s, ecam(ECAM_DEFAULT, 5, dev, 0)), ==,
                    0xffffffff);
    cfg_writel(s, 0, br, 0x18, 0x00050500);     /* primary 0, bus 5-5 */
    g_assert_cmphex(qtest_readl(s, ecam(ECAM_DEFAULT, 5, dev, 0)), ==,
                    cfg_readl(s, 5, dev, 0));
    g_assert_cmphex(qtest_readw(s, ecam(ECAM_DEFAULT, 5, dev, 0)), ==,
                    CORVID_TEST_PCI_VENDOR_ID);
    g_assert_cmphex(qtest_readl(s, ecam(ECAM_DEFAULT, 6, dev, 0)), ==,
                    0xffffffff);
    qtest_writeb(s, ecam(ECAM_DEFAULT, 5, dev, 0x3c), 0x5a);
    g_assert_cmphex(cfg_readb(s, 5, dev, 0x3c), ==, 0x5a);
    qtest_quit(s);
}

/* Whether the ECAM window is at @base: 00:00.0 reads as the MCH. */
static bool ecam_at(QTestState *s, uint64_t base)
{
    return qtest_readl(s, base) == 0x29c08086;
}

static void test_ecam_relocate(void)
{
    QTestState *s = qtest_init("-M q35 -m 128M");
    /*
     * datasheet: whether qemu 7.2 decodes it differently.  It takes
     * bits 26:25 instead of 27:26 as the 128/64 MiB address masks;
     * Corvid follows the datasheet (docs/system/q35.rst).
     */
    static const struct {
        uint64_t pciexbar;
        uint64_t base;          /* 0: no window */
        uint64_t size;
        bool datasheet;
    } cases[] = {
        { 0xe0000001, 0xe0000000, 256 * MiB },
        { 0xe0000003, 0xe0000000, 128 * MiB },
        { 0xe0000005, 0xe0000000, 64 * MiB },
        /* Base bits under the window's size are masks. */
        { 0xe8000001, 0xe0000000, 256 * MiB },
        { 0xe8000003, 0xe8000000, 128 * MiB, true },
        { 0xe4000003, 0xe0000000, 128 * MiB, true },
        { 0xe4000005, 0xe4000000, 64 * MiB, true },
        { 0xe2000005, 0xe0000000, 64 * MiB, true },
        { 0xe0000101, 0xe0000000, 256 * MiB },
        /* Above 4 GiB (bits 35:32). */
        { 0xfb0000001ULL, 0xfb0000000ULL, 256 * MiB },
        /* Bit 36 and up are not decoded. */
        { 0x10b0000001ULL, 0xb0000000, 256 * MiB },
        /* Reserved length: qemu leaves the window where it was. */
        { 0xe0000007, 0xb0000000, 256 * MiB },
        { 0xc0000003, 0xc0000000, 128 * MiB },
        /* ...even without the enable bit. */
        { 0xe0000006, 0xc0000000, 128 * MiB },
        /* Disabled: "mcfg_size" keeps the last size. */
        { 0xe0000000, 0, 128 * MiB },
    };
    bool corvid = qtest_is_corvid();
    size_t i;

    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        uint64_t base = cases[i].base;

        if (cases[i].datasheet && !corvid) {
            continue;
        }
        set_pciexbar(s, cases[i].pciexbar);
        g_assert_cmphex(cfg_readl(s, 0, 0, MCH_PCIEXBAR), ==,
                        (uint32_t)cases[i].pciexbar);
        if (!base) {
            g_assert_cmphex(qom_get_uint(s, "/machine/q35", "MCFG"), ==,
                            MMCFG_UNMAPPED);
            g_assert_cmphex(qom_get_uint(s, "/machine/q35", "mcfg_size"), ==,
                            cases[i].size);
            g_assert_false(ecam_at(s, 0xe0000000));
            g_assert_false(ecam_at(s, 0xc0000000));
            g_assert_false(ecam_at(s, ECAM_DEFAULT));
            continue;
        }
        g_assert_cmphex(qom_get_uint(s, "/machine/q35", "MCFG"), ==, base);
        g_assert_cmphex(qom_get_uint(s, "/machine/q35", "mcfg_size"), ==,
                        cases[i].size);
        g_assert_true(ecam_at(s, base));
        if (base != ECAM_DEFAULT) {
            g_assert_false(ecam_at(s, ECAM_DEFAULT));
        }
        /* The last bus the window covers, and just past it. */
        g_assert_cmphex(qtest_readl(s, ecam(base, cases[i].size / MiB - 1,
                                            0, 0)), ==, 0xffffffff);
        g_assert_false(ecam_at(s, base + cases[i].size));
    }
    qtest_quit(s);
}

/* PAM */

/* The segments: 0xf0000 (PAM0 high) and 12 x 16 KiB from 0xc0000. */
static uint64_t pam_base(int seg)
{
    return seg == 0 ? 0xf0000 : 0xc0000 + (uint64_t)(seg - 1) * 0x4000;
}

static void pam_set(QTestState *s, int seg, unsigned mode)
{
    int reg = seg == 0 ? MCH_PAM0 : MCH_PAM0 + 1 + (seg - 1) / 2;
    int shift = (seg == 0 || (seg - 1) % 2) ? 4 : 0;
    uint8_t v = mch_readb(s, reg);

    v = (v & ~(3 << shift)) | (mode << shift);
    mch_writeb(s, reg, v);
}

static void test_pam(void)
{
    QTestState *s;
    int dev = DEVFN(3, 0);
    uint32_t magic = CORVID_TEST_PCI_ID_MAGIC;
    int seg;

    if (!qtest_require_device("corvid-test-pci-dev")) {
        return;
    }
    s = qtest_init("-M q35 -device corvid-test-pci-dev,addr=3");
    for (seg = 0; seg < 13; seg++) {
        uint64_t a = pam_base(seg);
        uint32_t ram_old;

        /* The device's registers at the segment, on the bus. */
        testdev_map(s, 0, dev, a);
        /* Mode 0: the bus; the RAM below is untouched by writes. */
        pam_set(s, seg, 3);
        qtest_writel(s, a, 0x01010101u * (seg + 1));
        ram_old = qtest_readl(s, a);
        pam_set(s, seg, 0);
        g_assert_cmphex(qtest_readl(s, a), ==, magic);
        qtest_writel(s, a + CORVID_TEST_PCI_REG_SCRATCH, 0x5a5a5a5a);
        g_assert_cmphex(qtest_readl(s, a + CORVID_TEST_PCI_REG_SCRATCH), ==,
                        0x5a5a5a5a);
        /* Mode 1: RAM, read-only. */
        pam_set(s, seg, 1);
        g_assert_cmphex(qtest_readl(s, a), ==, ram_old);
        g_assert_cmphex(qtest_readl(s, a + CORVID_TEST_PCI_REG_SCRATCH), !=,
                        0x5a5a5a5a);
        qtest_writel(s, a, 0xdeadbeef);
        g_assert_cmphex(qtest_readl(s, a), ==, ram_old);
        /* Mode 2 (write-only in the datasheet): RAM both ways in qemu. */
        pam_set(s, seg, 2);
        g_assert_cmphex(qtest_readl(s, a), ==, ram_old);
        qtest_writel(s, a, 0xcafef00d);
        g_assert_cmphex(qtest_readl(s, a), ==, 0xcafef00d);
        /* Mode 3: RAM. */
        pam_set(s, seg, 3);
        g_assert_cmphex(qtest_readl(s, a), ==, 0xcafef00d);
        qtest_writel(s, a + 0x100, 0x01020304);
        g_assert_cmphex(qtest_readl(s, a + 0x100), ==, 0x01020304);
        pam_set(s, seg, 0);
        g_assert_cmphex(qtest_readl(s, a), ==, magic);
        /* Back to the bus for the next round. */
    }
    /* Reserved bits of the PAM registers read back as written. */
    mch_writeb(s, MCH_PAM0, 0xff);
    g_assert_cmphex(mch_readb(s, MCH_PAM0), ==, 0xff);
    qtest_quit(s);
}

/* SMRAM */

static void test_smram_open(void)
{
    QTestState *s;
    int dev = DEVFN(3, 0);
    uint32_t magic = CORVID_TEST_PCI_ID_MAGIC;

    if (!qtest_require_device("corvid-test-pci-dev")) {
        return;
    }
    s = qtest_init("-M q35 -device corvid-test-pci-dev,addr=3");
    /* A "VGA" on the bus at 0xa0000. */
    testdev_map(s, 0, dev, 0xa0000);
    g_assert_cmphex(qtest_readl(s, 0xa0000), ==, magic);

    /* D_OPEN: the RAM under the window. */
    mch_writeb(s, MCH_SMRAM, SMRAM_D_OPEN | 0x02);
    g_assert_cmphex(mch_readb(s, MCH_SMRAM), ==, 0x42);
    qtest_writel(s, 0xa0000, 0x600d600d);
    g_assert_cmphex(qtest_readl(s, 0xa0000), ==, 0x600d600d);
    g_assert_cmphex(qtest_readl(s, 0xfeda0000), !=, 0x600d600d);
    /* G_SMRAME changes nothing outside SMM. */
    mch_writeb(s, MCH_SMRAM, SMRAM_D_OPEN | SMRAM_G_SMRAME);
    g_assert_cmphex(qtest_readl(s, 0xa0000), ==, 0x600d600d);

    /* Closed again: the bus. */
    mch_writeb(s, MCH_SMRAM, SMRAM_G_SMRAME);
    g_assert_cmphex(qtest_readl(s, 0xa0000), ==, magic);

    /* H_SMRAME: open SMRAM appears at 0xfeda0000, 0xa0000 stays VGA. */
    mch_writeb(s, MCH_ESMRAMC, ESMRAMC_H_SMRAME);
    mch_writeb(s, MCH_SMRAM, SMRAM_D_OPEN | SMRAM_G_SMRAME);
    g_assert_cmphex(qtest_readl(s, 0xa0000), ==, magic);
    g_assert_cmphex(qtest_readl(s, 0xfeda0000), ==, 0x600d600d);
    qtest_writel(s, 0xfeda0004, 0x12121212);
    mch_writeb(s, MCH_ESMRAMC, 0);
    g_assert_cmphex(qtest_readl(s, 0xa0004), ==, 0x12121212);
    qtest_quit(s);
}

static void test_smram_lock(void)
{
    QTestState *s = qtest_init("-M q35");

    /* Writable bits before the lock; C_BASE_SEG and the fixed ESMRAMC
     * bits are not. */
    mch_writeb(s, MCH_SMRAM, 0x00);
    g_assert_cmphex(mch_readb(s, MCH_SMRAM), ==, 0x02);
    mch_writeb(s, MCH_SMRAM, SMRAM_D_OPEN | SMRAM_D_CLS | SMRAM_G_SMRAME);
    g_assert_cmphex(mch_readb(s, MCH_SMRAM), ==, 0x6a);
    mch_writeb(s, MCH_ESMRAMC, 0xff);
    g_assert_cmphex(mch_readb(s, MCH_ESMRAMC), ==, 0xbf);
    mch_writeb(s, MCH_ESMRAMC, 0x00);
    g_assert_cmphex(mch_readb(s, MCH_ESMRAMC), ==, 0x38);

    /* D_LCK closes D_OPEN in the same write... */
    mch_writeb(s, MCH_SMRAM, 0xff);
    g_assert_cmphex(mch_readb(s, MCH_SMRAM), ==, 0x3a);
    /* ...and then only D_CLS changes. */
    mch_writeb(s, MCH_SMRAM, SMRAM_D_OPEN);
    g_assert_cmphex(mch_readb(s, MCH_SMRAM), ==, 0x1a);
    mch_writeb(s, MCH_SMRAM, 0x7f);
    g_assert_cmphex(mch_readb(s, MCH_SMRAM), ==, 0x3a);
    mch_writeb(s, MCH_ESMRAMC, 0x81);
    g_assert_cmphex(mch_readb(s, MCH_ESMRAMC), ==, 0x38);

    /* Reset unlocks. */
    qtest_qmp_assert_success(s, "{'execute': 'system_reset'}");
    qtest_qmp_eventwait(s, "RESET");
    g_assert_cmphex(mch_readb(s, MCH_SMRAM), ==, 0x02);
    mch_writeb(s, MCH_SMRAM, SMRAM_D_OPEN);
    g_assert_cmphex(mch_readb(s, MCH_SMRAM), ==, 0x42);
    qtest_quit(s);
}

/* TSEG */

static const uint32_t tseg_pattern = 0xa5a55a5a;

/* Fill the 32 MiB below @top with a marker every MiB. */
static void tseg_fill(QTestState *s, uint64_t top)
{
    uint64_t a;

    for (a = top - 32 * MiB; a < top; a += MiB) {
        qtest_writel(s, a, tseg_pattern ^ (uint32_t)a);
        qtest_writel(s, a + MiB - 4, tseg_pattern ^ (uint32_t)a);
    }
}

/* Assert the top @size bytes below @top are hidden and the rest not. */
static void tseg_check(QTestState *s, uint64_t top, uint64_t size)
{
    uint64_t a;

    for (a = top - 32 * MiB; a < top; a += MiB) {
        bool hidden = a >= top - size;
        uint32_t want = hidden ? 0xffffffff : tseg_pattern ^ (uint32_t)a;

        g_assert_cmphex(qtest_readl(s, a), ==, want);
        g_assert_cmphex(qtest_readl(s, a + MiB - 4), ==, want);
        if (hidden) {
            g_assert_cmphex(qtest_readb(s, a + 1), ==, 0xff);
            g_assert_cmphex(qtest_readq(s, a + 8), ==, UINT64_MAX);
        }
    }
}

static void tseg_set(QTestState *s, uint8_t smram, uint8_t esmramc)
{
    mch_writeb(s, MCH_ESMRAMC, esmramc);
    mch_writeb(s, MCH_SMRAM, smram);
}

static void test_tseg_one(const char *args, uint64_t top, uint8_t sz,
                          uint64_t size)
{
    QTestState *s = qtest_initf("-M q35 %s", args);

    tseg_fill(s, top);
    tseg_check(s, top, 0);
    /* T_EN without G_SMRAME hides nothing. */
    tseg_set(s, 0x02, sz | ESMRAMC_T_EN);
    tseg_check(s, top, 0);
    tseg_set(s, SMRAM_G_SMRAME, sz | ESMRAMC_T_EN);
    tseg_check(s, top, size);
    /* Writes are dropped. */
    if (size) {
        qtest_writel(s, top - 4, 0x1);
    }
    /* D_OPEN does not open TSEG. */
    tseg_set(s, SMRAM_G_SMRAME | SMRAM_D_OPEN, sz | ESMRAMC_T_EN);
    tseg_check(s, top, size);
    tseg_set(s, SMRAM_G_SMRAME, sz);
    tseg_check(s, top, 0);
    qtest_quit(s);
}

static void test_tseg(void)
{
    test_tseg_one("", 128 * MiB, 0x00, 1 * MiB);
    test_tseg_one("", 128 * MiB, 0x02, 2 * MiB);
    test_tseg_one("", 128 * MiB, 0x04, 8 * MiB);
    test_tseg_one("", 128 * MiB, 0x06, 16 * MiB);
    test_tseg_one("-m 512M", 512 * MiB, 0x04, 8 * MiB);
    test_tseg_one("-global mch.extended-tseg-mbytes=24", 128 * MiB, 0x06,
                  24 * MiB);
    test_tseg_one("-global mch.extended-tseg-mbytes=0", 128 * MiB, 0x06, 0);
}

static void test_tseg_high_ram(void)
{
    /* -m 3G: low RAM ends at 2 GiB, the rest is above 4 GiB. */
    test_tseg_one("-m 3G", 2 * GiB, 0x02, 2 * MiB);
}

static void test_ext_tseg_register(void)
{
    QTestState *s = qtest_init("-M q35 -global mch.extended-tseg-mbytes=64");

    g_assert_cmphex(cfg_readw(s, 0, 0, MCH_EXT_TSEG), ==, 64);
    cfg_writew(s, 0, 0, MCH_EXT_TSEG, 0);
    g_assert_cmphex(cfg_readw(s, 0, 0, MCH_EXT_TSEG), ==, 0);
    cfg_writew(s, 0, 0, MCH_EXT_TSEG, 0xffff);
    g_assert_cmphex(cfg_readw(s, 0, 0, MCH_EXT_TSEG), ==, 64);
    cfg_writew(s, 0, 0, MCH_EXT_TSEG, 0x1234);
    g_assert_cmphex(cfg_readw(s, 0, 0, MCH_EXT_TSEG), ==, 0x1234);
    /* The query only counts once the word reads 0xffff. */
    cfg_writeb(s, 0, 0, MCH_EXT_TSEG, 0xff);
    g_assert_cmphex(cfg_readw(s, 0, 0, MCH_EXT_TSEG), ==, 0x12ff);
    cfg_writeb(s, 0, 0, MCH_EXT_TSEG + 1, 0xff);
    g_assert_cmphex(cfg_readw(s, 0, 0, MCH_EXT_TSEG), ==, 64);
    /* The size comes from the property, not the register. */
    cfg_writew(s, 0, 0, MCH_EXT_TSEG, 1);
    tseg_fill(s, 128 * MiB);
    tseg_set(s, SMRAM_G_SMRAME, 0x06 | ESMRAMC_T_EN);
    g_assert_cmphex(qtest_readl(s, 128 * MiB - 64 * MiB), ==, 0xffffffff);
    g_assert_cmphex(qtest_readl(s, 128 * MiB - 64 * MiB - 4), !=,
                    0xffffffff);
    qtest_quit(s);

    /* Without an extended size the register is plain. */
    s = qtest_init("-M q35 -global mch.extended-tseg-mbytes=0");
    g_assert_cmphex(cfg_readw(s, 0, 0, MCH_EXT_TSEG), ==, 0);
    cfg_writew(s, 0, 0, MCH_EXT_TSEG, 0xffff);
    g_assert_cmphex(cfg_readw(s, 0, 0, MCH_EXT_TSEG), ==, 0xffff);
    qtest_quit(s);
}

static void test_ext_tseg_bad(void)
{
    g_autofree char *err = NULL;
    int rc;

    rc = qtest_runf(NULL, &err, "-M q35 -display none "
                    "-global mch.extended-tseg-mbytes=4096");
    g_assert_cmpint(rc, ==, 1);
    g_assert_nonnull(strstr(err, "invalid extended-tseg-mbytes value: 4096"));
}

/*
 * A TSEG bigger than the RAM below it hides what there is, no more
 * (qemu puts it at an address that wrapped around, hiding nothing).
 */
static void test_tseg_too_big(void)
{
    QTestState *s;

    if (!qtest_is_corvid()) {
        g_test_skip("qemu places such a TSEG out of reach");
        return;
    }
    s = qtest_init("-M q35 -m 16M -global mch.extended-tseg-mbytes=64");

    qtest_writel(s, 0x100000, 0x12345678);
    tseg_set(s, SMRAM_G_SMRAME, 0x06 | ESMRAMC_T_EN);
    g_assert_cmphex(qtest_readl(s, 0x100000), ==, 0xffffffff);
    g_assert_cmphex(qtest_readl(s, 16 * MiB - 4), ==, 0xffffffff);
    tseg_set(s, SMRAM_G_SMRAME, 0);
    g_assert_cmphex(qtest_readl(s, 0x100000), ==, 0x12345678);
    qtest_quit(s);
}

/* SMRAM at the default SMBASE */

static void test_smbase(void)
{
    QTestState *s = qtest_init("-M q35");

    qtest_writel(s, 0x30000, 0x11223344);
    qtest_writel(s, 0x4fffc, 0x55667788);
    /* Anything but the query is refused. */
    mch_writeb(s, MCH_F_SMBASE, 0x02);
    g_assert_cmphex(mch_readb(s, MCH_F_SMBASE), ==, 0x00);
    mch_writeb(s, MCH_F_SMBASE, 0x01);
    g_assert_cmphex(mch_readb(s, MCH_F_SMBASE), ==, 0x00);
    mch_writeb(s, MCH_F_SMBASE, 0xff);
    g_assert_cmphex(mch_readb(s, MCH_F_SMBASE), ==, 0x01);
    mch_writeb(s, MCH_F_SMBASE, 0x00);
    g_assert_cmphex(mch_readb(s, MCH_F_SMBASE), ==, 0x01);
    g_assert_cmphex(qtest_readl(s, 0x30000), ==, 0x11223344);
    /* Lock: hidden for good. */
    mch_writeb(s, MCH_F_SMBASE, 0x03);
    g_assert_cmphex(mch_readb(s, MCH_F_SMBASE), ==, 0x02);
    g_assert_cmphex(qtest_readl(s, 0x30000), ==, 0xffffffff);
    g_assert_cmphex(qtest_readl(s, 0x4fffc), ==, 0xffffffff);
    g_assert_cmphex(qtest_readl(s, 0x2fffc), !=, 0xffffffff);
    qtest_writel(s, 0x30000, 0);
    mch_writeb(s, MCH_F_SMBASE, 0x00);
    g_assert_cmphex(mch_readb(s, MCH_F_SMBASE), ==, 0x02);
    g_assert_cmphex(qtest_readl(s, 0x30000), ==, 0xffffffff);
    /* Reset brings it back, with what was there. */
    qtest_qmp_assert_success(s, "{'execute': 'system_reset'}");
    qtest_qmp_eventwait(s, "RESET");
    g_assert_cmphex(mch_readb(s, MCH_F_SMBASE), ==, 0x00);
    g_assert_cmphex(qtest_readl(s, 0x30000), ==, 0x11223344);
    qtest_quit(s);

    /* smbase-smram=off: an ordinary register. */
    s = qtest_init("-M q35 -global mch.smbase-smram=off");
    mch_writeb(s, MCH_F_SMBASE, 0xff);
    g_assert_cmphex(mch_readb(s, MCH_F_SMBASE), ==, 0xff);
    mch_writeb(s, MCH_F_SMBASE, 0x02);
    g_assert_cmphex(mch_readb(s, MCH_F_SMBASE), ==, 0x02);
    g_assert_cmphex(qtest_readl(s, 0x30000), !=, 0xffffffff);
    qtest_quit(s);
}

/* Reset puts the whole map back. */
static void test_reset_map(void)
{
    QTestState *s = qtest_init("-M q35");

    set_pciexbar(s, 0xe0000001);
    mch_writeb(s, MCH_PAM0 + 1, 0x33);
    cfg_writew(s, 0, 0, MCH_EXT_TSEG, 0x1234);
    mch_writeb(s, MCH_ESMRAMC, ESMRAMC_T_EN);
    mch_writeb(s, MCH_SMRAM, SMRAM_G_SMRAME | SMRAM_D_LCK);
    g_assert_true(ecam_at(s, 0xe0000000));
    g_assert_cmphex(qtest_readl(s, 128 * MiB - 4), ==, 0xffffffff);
    qtest_qmp_assert_success(s, "{'execute': 'system_reset'}");
    qtest_qmp_eventwait(s, "RESET");
    g_assert_false(ecam_at(s, 0xe0000000));
    g_assert_cmphex(qom_get_uint(s, "/machine/q35", "MCFG"), ==,
                    MMCFG_UNMAPPED);
    /* qemu keeps the PAM registers (and their effect) across a reset. */
    g_assert_cmphex(mch_readb(s, MCH_PAM0 + 1), ==, 0x33);
    qtest_writel(s, 0xc0000, 0x5555aaaa);
    g_assert_cmphex(qtest_readl(s, 0xc0000), ==, 0x5555aaaa);
    g_assert_cmphex(cfg_readw(s, 0, 0, MCH_EXT_TSEG), ==, 16);
    g_assert_cmphex(mch_readb(s, MCH_SMRAM), ==, 0x02);
    g_assert_cmphex(mch_readb(s, MCH_ESMRAMC), ==, 0x38);
    qtest_writel(s, 128 * MiB - 4, 0x77);
    g_assert_cmphex(qtest_readl(s, 128 * MiB - 4), ==, 0x77);
    qtest_quit(s);
}

/* INTx routing */

/*
 * Watch the I/O APIC's inputs: qtest_get_irq(s, N) is GSI N.  The I/O
 * APIC is /machine/q35/ioapic, as on qemu; "ioapic" finds it.
 */
static void intercept_gsi(QTestState *s)
{
    qtest_irq_intercept_in(s, "ioapic");
}

/* Exactly the GSIs in @mask are asserted. */
static void assert_gsis(QTestState *s, uint32_t mask)
{
    int n;

    for (n = 0; n < 24; n++) {
        if (qtest_get_irq(s, n) != !!(mask & (1u << n))) {
            g_error("GSI %d is %s, expected the set 0x%06x", n,
                    qtest_get_irq(s, n) ? "high" : "low", mask);
        }
    }
}

/* The register BAR of the test device at @slot.@fn; each its own page. */
static uint64_t intx_bar(int slot, int fn)
{
    return TESTDEV_BAR_ADDR + (uint64_t)DEVFN(slot, fn) * 0x1000;
}

static void intx_set(QTestState *s, int slot, int fn, int level)
{
    qtest_writel(s, intx_bar(slot, fn) + CORVID_TEST_PCI_REG_INTX, level);
}

static const struct {
    int slot, fn, pin;      /* pin: 1 = INTA */
    int gsi;
} intx_devs[] = {
    { 2, 0, 1, 22 },        /* PIRQ E + (2 + 0) % 4 = G */
    { 3, 0, 2, 20 },        /* E + (3 + 1) % 4 = E */
    { 4, 0, 4, 23 },        /* E + (4 + 3) % 4 = H */
    { 25, 0, 3, 18 },       /* D25IR: INTC -> PIRQC */
    { 29, 0, 1, 16 },       /* D29IR: INTA -> PIRQA */
    { 30, 0, 4, 23 },       /* slot 30: INTD -> PIRQH */
    { 31, 5, 2, 17 },       /* D31IR: INTB -> PIRQB */
};

static QTestState *intx_init(void)
{
    GString *args = g_string_new("-M q35");
    QTestState *s;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(intx_devs); i++) {
        g_string_append_printf(args, " -device corvid-test-pci-dev,"
                               "addr=0x%x.%d,intx-pin=%d",
                               intx_devs[i].slot, intx_devs[i].fn,
                               intx_devs[i].pin);
    }
    s = qtest_init(args->str);
    g_string_free(args, true);
    for (i = 0; i < ARRAY_SIZE(intx_devs); i++) {
        testdev_map(s, 0, DEVFN(intx_devs[i].slot, intx_devs[i].fn),
                    intx_bar(intx_devs[i].slot, intx_devs[i].fn));
    }
    intercept_gsi(s);
    return s;
}

static void test_intx_routing(void)
{
    QTestState *s;
    size_t i;

    if (!qtest_require_device("corvid-test-pci-dev")) {
        return;
    }
    s = intx_init();
    assert_gsis(s, 0);
    for (i = 0; i < ARRAY_SIZE(intx_devs); i++) {
        int slot = intx_devs[i].slot, fn = intx_devs[i].fn;

        g_assert_cmpint(cfg_readb(s, 0, DEVFN(slot, fn), 0x3d), ==,
                        intx_devs[i].pin);
        intx_set(s, slot, fn, 1);
        assert_gsis(s, 1u << intx_devs[i].gsi);
        intx_set(s, slot, fn, 0);
        assert_gsis(s, 0);
    }

    /* Two functions on one PIRQ: the line is the or of both. */
    intx_set(s, 4, 0, 1);
    intx_set(s, 30, 0, 1);
    assert_gsis(s, 1u << 23);
    intx_set(s, 4, 0, 0);
    assert_gsis(s, 1u << 23);
    intx_set(s, 30, 0, 0);
    assert_gsis(s, 0);

    /* Interrupt Disable in the function's command register. */
    intx_set(s, 2, 0, 1);
    assert_gsis(s, 1u << 22);
    cfg_writew(s, 0, DEVFN(2, 0), 0x04, 0x0402);
    assert_gsis(s, 0);
    cfg_writew(s, 0, DEVFN(2, 0), 0x04, 0x0002);
    assert_gsis(s, 1u << 22);
    intx_set(s, 2, 0, 0);
    assert_gsis(s, 0);
    qtest_quit(s);
}

/* Behind a PCI bridge the pin is swizzled onto the bridge's slot. */
static void test_intx_bridge(void)
{
    QTestState *s;
    int br = DEVFN(2, 0);
    int child;

    if (!qtest_require_device("corvid-test-pci-dev")) {
        return;
    }
    s = qtest_init("-M q35 -device pci-bridge,id=br,chassis_nr=1,addr=2 "
                   "-device corvid-test-pci-dev,bus=br,addr=1,id=d1 "
                   "-device corvid-test-pci-dev,bus=br,addr=6,id=d6");
    intercept_gsi(s);
    cfg_writel(s, 0, br, 0x18, 0x00010100);     /* bus 1 */
    cfg_writel(s, 0, br, 0x20, 0xfe10fe00);     /* 0xfe000000-0xfe1fffff */
    cfg_writew(s, 0, br, 0x04, 0x0002);
    for (child = 0; child < 2; child++) {
        int slot = child ? 6 : 1;
        uint64_t bar = TESTDEV_BAR_ADDR + child * 0x100000;

        testdev_map(s, 1, DEVFN(slot, 0), bar);
        qtest_writel(s, bar + CORVID_TEST_PCI_REG_INTX, 1);
        /* INTA of slot S is the bridge's pin S % 4: slot 1 -> INTB of
         * slot 2 -> PIRQ H; slot 6 -> INTC of slot 2 -> PIRQ E. */
        assert_gsis(s, 1u << (slot == 1 ? 23 : 20));
        qtest_writel(s, bar + CORVID_TEST_PCI_REG_INTX, 0);
        assert_gsis(s, 0);
    }
    qtest_quit(s);
}

static void test_intx_reroute(void)
{
    QTestState *s;

    if (!qtest_require_device("corvid-test-pci-dev")) {
        return;
    }
    s = intx_init();
    cfg_writel(s, 0, LPC_DEVFN, LPC_RCBA, RCBA_BASE | 1);
    g_assert_cmphex(qtest_readw(s, RCBA_BASE + CC_D31IR), ==, 0x3210);
    g_assert_cmphex(qtest_readw(s, RCBA_BASE + CC_D25IR), ==, 0x3210);
    g_assert_cmphex(qtest_readl(s, RCBA_BASE + 0x3410), ==, 0x20);

    /* Moved while asserted: the old PIRQ drops, the new one rises. */
    intx_set(s, 31, 5, 1);
    assert_gsis(s, 1u << 17);
    qtest_writew(s, RCBA_BASE + CC_D31IR, 0x3250);
    assert_gsis(s, 1u << 21);
    intx_set(s, 31, 5, 0);
    assert_gsis(s, 0);
    qtest_writew(s, RCBA_BASE + CC_D25IR, 0x7777);
    intx_set(s, 25, 0, 1);
    assert_gsis(s, 1u << 23);
    qtest_writew(s, RCBA_BASE + CC_D25IR, 0x3210);
    assert_gsis(s, 1u << 18);
    intx_set(s, 25, 0, 0);
    assert_gsis(s, 0);
    /* Slots without a DxxIR do not move. */
    qtest_writel(s, RCBA_BASE + 0x3142, 0x7777);
    intx_set(s, 30, 0, 1);
    assert_gsis(s, 1u << 23);
    intx_set(s, 30, 0, 0);

    /* The RCRB moves with RCBA and goes with its enable bit. */
    cfg_writel(s, 0, LPC_DEVFN, LPC_RCBA, 0xfed00001);
    g_assert_cmphex(qtest_readw(s, 0xfed00000 + CC_D31IR), ==, 0x3250);
    cfg_writel(s, 0, LPC_DEVFN, LPC_RCBA, 0xfed00000);
    g_assert_cmphex(qtest_readw(s, 0xfed00000 + CC_D31IR), !=, 0x3250);

    /* Reset restores the routing. */
    qtest_qmp_assert_success(s, "{'execute': 'system_reset'}");
    qtest_qmp_eventwait(s, "RESET");
    g_assert_cmphex(cfg_readl(s, 0, LPC_DEVFN, LPC_RCBA), ==, 0);
    testdev_map(s, 0, DEVFN(31, 5), intx_bar(31, 5));
    intx_set(s, 31, 5, 1);
    assert_gsis(s, 1u << 17);
    qtest_quit(s);
}

static void test_intx_pic(void)
{
    QTestState *s;

    if (!qtest_require_device("corvid-test-pci-dev")) {
        return;
    }
    s = intx_init();
    /* PIRQE (slot 3, INTB) to ISA IRQ 11 as well. */
    cfg_writeb(s, 0, LPC_DEVFN, LPC_PIRQE_ROUT, 0x0b);
    intx_set(s, 3, 0, 1);
    assert_gsis(s, (1u << 20) | (1u << 11));
    /* Reroute while asserted: IRQ 11 is released, IRQ 5 raised. */
    cfg_writeb(s, 0, LPC_DEVFN, LPC_PIRQE_ROUT, 0x05);
    assert_gsis(s, (1u << 20) | (1u << 5));
    /* IRQEN (bit 7) set: no ISA routing. */
    cfg_writeb(s, 0, LPC_DEVFN, LPC_PIRQE_ROUT, 0x85);
    assert_gsis(s, 1u << 20);
    /* IRQ 0 is not a route. */
    cfg_writeb(s, 0, LPC_DEVFN, LPC_PIRQE_ROUT, 0x00);
    assert_gsis(s, 1u << 20);
    /* Two PIRQs on one IRQ. */
    cfg_writeb(s, 0, LPC_DEVFN, LPC_PIRQE_ROUT, 0x0a);
    cfg_writeb(s, 0, LPC_DEVFN, LPC_PIRQA_ROUT, 0x0a);
    intx_set(s, 29, 0, 1);
    assert_gsis(s, (1u << 20) | (1u << 16) | (1u << 10));
    intx_set(s, 3, 0, 0);
    assert_gsis(s, (1u << 16) | (1u << 10));
    intx_set(s, 29, 0, 0);
    assert_gsis(s, 0);
    /* The route registers read back as written. */
    g_assert_cmphex(cfg_readl(s, 0, LPC_DEVFN, LPC_PIRQA_ROUT), ==,
                    0x8080800a);
    cfg_writel(s, 0, LPC_DEVFN, LPC_PIRQE_ROUT, 0xffffffff);
    g_assert_cmphex(cfg_readl(s, 0, LPC_DEVFN, LPC_PIRQE_ROUT), ==,
                    0xffffffff);
    qtest_quit(s);
}

/* Machine and device properties */

static void test_properties(void)
{
    QTestState *s = qtest_init("-M q35 -m 3G");
    g_autoptr(QList) machines = NULL;
    QDict *m;

    g_assert_cmpuint(qom_get_uint(s, "/machine/q35", "below-4g-mem-size"),
                     ==, 2 * GiB);
    g_assert_cmpuint(qom_get_uint(s, "/machine/q35", "above-4g-mem-size"),
                     ==, 1 * GiB);
    g_assert_cmpuint(qom_get_uint(s, "/machine/q35", "pci-hole64-size"),
                     ==, 32 * GiB);
    g_assert_cmpuint(qom_get_uint(s, "/machine/q35", "pci-hole-start"),
                     ==, 2 * GiB);
    g_assert_cmpuint(qom_get_uint(s, "/machine/q35", "pci-hole-end"),
                     ==, 0xfec00000);
    g_assert_cmpuint(qom_get_uint(s, "/machine/q35", "pci-hole64-start"),
                     ==, 5 * GiB);
    g_assert_cmpuint(qom_get_uint(s, "/machine/q35", "pci-hole64-end"),
                     ==, 37 * GiB);
    g_assert_cmpuint(qom_get_uint(s, "/machine/q35/mch",
                                  "extended-tseg-mbytes"), ==, 16);
    qtest_qmp_assert_return(s, "\"PCIE\"",
                            "{'execute': 'qom-get', 'arguments': {"
                            "'path': '/machine/q35/pcie.0', "
                            "'property': 'type'}}");
    qtest_qmp_assert_return(s, "\"ioapic\"",
                            "{'execute': 'qom-get', 'arguments': {"
                            "'path': '/machine/q35/ioapic', "
                            "'property': 'type'}}");
    qtest_qmp_assert_return(s, "\"/machine/q35/mch/smram[0]\"",
                            "{'execute': 'qom-get', 'arguments': {"
                            "'path': '/machine', 'property': 'smram'}}");

    machines = qtest_qmp_assert_list(s, "{'execute': 'query-machines'}");
    m = qlist_find_named(machines, "pc-q35-7.2");
    g_assert_nonnull(m);
    g_assert_cmpstr(qdict_get_try_str(m, "alias"), ==, "q35");
    g_assert_cmpstr(qdict_get_try_str(m, "default-ram-id"), ==, "pc.ram");
    qtest_quit(s);
}

static void test_ram_split(void)
{
    static const struct {
        const char *m;
        uint64_t below, above;
    } cases[] = {
        { "128M", 128 * MiB, 0 },
        { "2816M", 2 * GiB, 768 * MiB },        /* exactly 0xb0000000 */
        { "2815M", 2815 * MiB, 0 },
        { "4G", 2 * GiB, 2 * GiB },
    };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        QTestState *s = qtest_initf("-M q35 -m %s", cases[i].m);

        g_assert_cmpuint(qom_get_uint(s, "/machine/q35",
                                      "below-4g-mem-size"), ==,
                         cases[i].below);
        g_assert_cmpuint(qom_get_uint(s, "/machine/q35",
                                      "above-4g-mem-size"), ==,
                         cases[i].above);
        qtest_writel(s, cases[i].below - 4, 0xfeedf00d);
        g_assert_cmphex(qtest_readl(s, cases[i].below - 4), ==, 0xfeedf00d);
        if (cases[i].above) {
            qtest_writel(s, 4 * GiB + cases[i].above - 4, 0xbeadcafe);
            g_assert_cmphex(qtest_readl(s, 4 * GiB + cases[i].above - 4), ==,
                            0xbeadcafe);
        }
        qtest_quit(s);
    }
}

/* The RAM split warning: q35's own words and condition */

static void test_ram_warning(void)
{
    /*
     * qemu's q35 warns when max-ram-below-4g lowers the split to a limit
     * that is not a multiple of 1 GiB and the RAM above the limit,
     * computed modulo 2^64, exceeds it: less RAM than the limit counts
     * as a lot.  pc's condition and text differ (pc-test).
     */
    static const struct {
        const char *args;
        const char *ram_hex;    /* in the warning; NULL: no warning */
    } cases[] = {
        { "-m 3001M -M q35,max-ram-below-4g=1500M", "0xbb900000" },
        { "-m 3000M -M q35,max-ram-below-4g=1500M", NULL },
        { "-m 1500M -M q35,max-ram-below-4g=1500M", NULL },
        { "-m 1499M -M q35,max-ram-below-4g=1500M", "0x5db00000" },
        { "-m 1G -M q35,max-ram-below-4g=1500M", "0x40000000" },
        { "-m 2000M -M q35,max-ram-below-4g=1500M", NULL },
        { "-m 4G -M q35,max-ram-below-4g=1500M", "0x100000000" },
        /* not below q35's own split (2 GiB for 4 GiB): nothing lowered */
        { "-m 4G -M q35,max-ram-below-4g=2500M", NULL },
        /* a multiple of 1 GiB */
        { "-m 4G -M q35,max-ram-below-4g=1G", NULL },
    };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        g_autofree char *err = start_stderr(cases[i].args);
        g_autofree char *warning = NULL;

        if (!cases[i].ram_hex) {
            if (strstr(err, "warning")) {
                g_error("%s: unexpected warning:\n%s", cases[i].args, err);
            }
            continue;
        }
        warning = g_strdup_printf(": warning: There is possibly poor "
                                  "performance as the ram size  (%s) is "
                                  "more then twice the size of "
                                  "max-ram-below-4g (1572864000) and "
                                  "max-ram-below-4g is not a multiple of "
                                  "1G.\n", cases[i].ram_hex);
        if (!strstr(err, warning)) {
            g_error("%s: expected \"%s\" in:\n%s", cases[i].args, warning,
                    err);
        }
        /* never pc's */
        g_assert_null(strstr(err, "Large machine"));
    }
}

/* The split with a lowered limit, and the default the property reads. */
static void test_max_ram_below_4g(void)
{
    QTestState *s;

    /* qemu's q35 reads 4 GiB until set; 0 means the same */
    s = qtest_init("-M q35");
    g_assert_cmpuint(qom_get_uint(s, "/machine", "max-ram-below-4g"), ==,
                     4 * GiB);
    qtest_quit(s);
    s = qtest_init("-M q35,max-ram-below-4g=0 -m 4G");
    g_assert_cmpuint(qom_get_uint(s, "/machine", "max-ram-below-4g"), ==,
                     4 * GiB);
    g_assert_cmpuint(qom_get_uint(s, "/machine/q35", "below-4g-mem-size"),
                     ==, 2 * GiB);
    qtest_quit(s);

    /* A warned-about split still happens where asked */
    s = qtest_init("-M q35,max-ram-below-4g=1500M -m 4G");
    g_assert_cmpuint(qom_get_uint(s, "/machine/q35", "below-4g-mem-size"),
                     ==, 1500 * MiB);
    g_assert_cmpuint(qom_get_uint(s, "/machine/q35", "above-4g-mem-size"),
                     ==, 4 * GiB - 1500 * MiB);
    qtest_quit(s);
}

/* RST_CNT, the reset control register at 0xcf9 (ICH9 LPC) */

#define RST_CNT 0xcf9

static void test_reset_control(void)
{
    QTestState *s = qtest_init("-M q35");
    QDict *rsp;

    rsp = qtest_qmp(s, "{'execute': 'human-monitor-command', "
                    "'arguments': {'command-line': 'info mtree'}}");
    g_assert_nonnull(strstr(qdict_get_try_str(rsp, "return"),
                            "0000000000000cf9-0000000000000cf9 (prio 1, "
                            "i/o): lpc-reset-control"));
    qobject_unref(rsp);

    /* SYS_RST (bit 1) and FULL_RST (bit 3) are kept, as in qemu */
    g_assert_cmphex(qtest_inb(s, RST_CNT), ==, 0);
    qtest_outb(s, RST_CNT, 0x02);
    g_assert_cmphex(qtest_inb(s, RST_CNT), ==, 0x02);
    qtest_outb(s, RST_CNT, 0x08);
    g_assert_cmphex(qtest_inb(s, RST_CNT), ==, 0x08);
    qtest_outb(s, RST_CNT, 0xfa);
    g_assert_cmphex(qtest_inb(s, RST_CNT), ==, 0x0a);

    /*
     * An outl to 0xcf8 goes whole to the configuration address: byte 1
     * 0x00 (00:00.0) or 0xf8 (00:1f.0) would change RST_CNT, 0x06
     * (00:00.6) would reset, which the PIRQ route would show.
     */
    cfg_writeb(s, 0, LPC_DEVFN, LPC_PIRQA_ROUT, 0x0b);
    g_assert_cmphex(cfg_readl(s, 0, DEVFN(0, 6), 0), ==, 0xffffffff);
    g_assert_cmphex(cfg_readl(s, 0, LPC_DEVFN, 0), ==, 0x29188086);
    g_assert_cmphex(cfg_readl(s, 0, MCH_DEVFN, 0), ==, 0x29c08086);
    g_assert_cmphex(qtest_inl(s, 0xcf8), ==, cfg_addr(0, MCH_DEVFN, 0));
    g_assert_cmphex(qtest_inb(s, RST_CNT), ==, 0x0a);
    g_assert_cmphex(cfg_readb(s, 0, LPC_DEVFN, LPC_PIRQA_ROUT), ==, 0x0b);

    /* RST_CPU: the guest resets the machine, the LPC included */
    qtest_outb(s, RST_CNT, 0x06);
    qtest_qmp_assert_event(s, "RESET", GUEST_RESET_DATA);
    g_assert_cmphex(qtest_inb(s, RST_CNT), ==, 0);
    g_assert_cmphex(cfg_readb(s, 0, LPC_DEVFN, LPC_PIRQA_ROUT), ==, 0x80);
    qtest_outb(s, RST_CNT, 0x0e);
    qtest_qmp_assert_event(s, "RESET", GUEST_RESET_DATA);
    /* A write without RST_CPU resets nothing */
    qtest_outb(s, RST_CNT, 0x0a);
    qtest_qmp_assert_no_event(s, "RESET");
    qtest_quit(s);
}

/* With -no-reboot the guest's reset ends the VM (SHUTDOWN) instead. */
static void test_reset_control_no_reboot(void)
{
    assert_guest_reset_ends_vm("q35", RST_CNT);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/q35/ids", test_ids);
    g_test_add_func("/q35/reset-values", test_reset_values);
    g_test_add_func("/q35/ecam/matches-cf8", test_ecam_matches_cf8);
    g_test_add_func("/q35/ecam/behind-bridge", test_ecam_behind_bridge);
    g_test_add_func("/q35/ecam/relocate", test_ecam_relocate);
    g_test_add_func("/q35/pam", test_pam);
    g_test_add_func("/q35/smram/open", test_smram_open);
    g_test_add_func("/q35/smram/lock", test_smram_lock);
    g_test_add_func("/q35/tseg/sizes", test_tseg);
    g_test_add_func("/q35/tseg/high-ram", test_tseg_high_ram);
    g_test_add_func("/q35/tseg/ext-register", test_ext_tseg_register);
    g_test_add_func("/q35/tseg/ext-bad", test_ext_tseg_bad);
    g_test_add_func("/q35/tseg/too-big", test_tseg_too_big);
    g_test_add_func("/q35/smbase", test_smbase);
    g_test_add_func("/q35/reset-map", test_reset_map);
    g_test_add_func("/q35/intx/routing", test_intx_routing);
    g_test_add_func("/q35/intx/bridge", test_intx_bridge);
    g_test_add_func("/q35/intx/reroute", test_intx_reroute);
    g_test_add_func("/q35/intx/pic", test_intx_pic);
    g_test_add_func("/q35/properties", test_properties);
    g_test_add_func("/q35/ram-split", test_ram_split);
    g_test_add_func("/q35/ram-warning", test_ram_warning);
    g_test_add_func("/q35/max-ram-below-4g", test_max_ram_below_4g);
    g_test_add_func("/q35/reset-control", test_reset_control);
    g_test_add_func("/q35/reset-control/no-reboot",
                    test_reset_control_no_reboot);

    return g_test_run();
}
