/*
 * Unit tests of the q35 chipset's pure decoding helpers: PCIEXBAR, the
 * TSEG size and the ICH9 INTx-to-PIRQ map.  The guest-visible behaviour
 * is tested through the machine in tests/qtest/q35-test.c.
 */
#include "util/osdep.h"
#include "hw/pci-host/q35.h"
#include "hw/isa/lpc_ich9.h"

static void test_pciexbar_decode(void)
{
    static const struct {
        uint64_t val;
        bool enabled;
        uint64_t base, size;
    } cases[] = {
        { 0xb0000000, false, 0, 0 },
        { 0xb0000001, true, 0xb0000000, 256 * MiB },
        { 0xb0000003, true, 0xb0000000, 128 * MiB },
        { 0xb0000005, true, 0xb0000000, 64 * MiB },
        { 0xb0000007, false, 0, 0 },            /* reserved length */
        { 0xb0000006, false, 0, 0 },
        { 0xbc000001, true, 0xb0000000, 256 * MiB },
        { 0xbc000003, true, 0xb8000000, 128 * MiB },
        { 0xbc000005, true, 0xbc000000, 64 * MiB },
        { 0xbe000005, true, 0xbc000000, 64 * MiB },
        { 0xb1fffff9, true, 0xb0000000, 256 * MiB },
        { 0xfe0000001ULL, true, 0xfe0000000ULL, 256 * MiB },
        { 0xfffffffff0000001ULL, true, 0xff0000000ULL, 256 * MiB },
        { 0x1, true, 0, 256 * MiB },
    };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        uint64_t base = 0x1234, size = 0x5678;
        bool en = mch_pciexbar_decode(cases[i].val, &base, &size);

        g_assert_cmpint(en, ==, cases[i].enabled);
        if (en) {
            g_assert_cmphex(base, ==, cases[i].base);
            g_assert_cmphex(size, ==, cases[i].size);
            /* Always aligned to its own size. */
            g_assert_cmphex(base & (size - 1), ==, 0);
        }
    }
}

static void test_tseg_size(void)
{
    g_assert_cmphex(mch_tseg_size(0x00, 16), ==, 1 * MiB);
    g_assert_cmphex(mch_tseg_size(0x01, 16), ==, 1 * MiB);
    g_assert_cmphex(mch_tseg_size(0x02, 16), ==, 2 * MiB);
    g_assert_cmphex(mch_tseg_size(0x04, 16), ==, 8 * MiB);
    g_assert_cmphex(mch_tseg_size(0x06, 16), ==, 16 * MiB);
    g_assert_cmphex(mch_tseg_size(0x87, 0xfff), ==, 0xfffULL * MiB);
    g_assert_cmphex(mch_tseg_size(0x06, 0), ==, 0);
    /* Only bits 2:1 choose. */
    g_assert_cmphex(mch_tseg_size(0xf9, 16), ==, 1 * MiB);
}

static void test_pirq_map(void)
{
    uint8_t cc[ICH9_CC_SIZE] = { 0 };
    int slot, pin;

    pci_set_word(cc + ICH9_CC_D31IR, 0x3210);
    pci_set_word(cc + ICH9_CC_D29IR, 0x3210);
    pci_set_word(cc + ICH9_CC_D28IR, 0x3210);
    pci_set_word(cc + ICH9_CC_D27IR, 0x3210);
    pci_set_word(cc + ICH9_CC_D26IR, 0x3210);
    pci_set_word(cc + ICH9_CC_D25IR, 0x3210);
    for (pin = 0; pin < 4; pin++) {
        for (slot = 0; slot < 25; slot++) {
            g_assert_cmpint(ich9_lpc_pirq(cc, slot, pin), ==,
                            4 + (slot + pin) % 4);
        }
        for (slot = 25; slot < 32; slot++) {
            g_assert_cmpint(ich9_lpc_pirq(cc, slot, pin), ==,
                            slot == 30 ? 4 + pin : pin);
        }
    }
    /* Each pin has its own nibble; bit 3 of it is not part of the PIRQ. */
    pci_set_word(cc + ICH9_CC_D25IR, 0xfedc);
    g_assert_cmpint(ich9_lpc_pirq(cc, 25, 0), ==, 4);
    g_assert_cmpint(ich9_lpc_pirq(cc, 25, 1), ==, 5);
    g_assert_cmpint(ich9_lpc_pirq(cc, 25, 2), ==, 6);
    g_assert_cmpint(ich9_lpc_pirq(cc, 25, 3), ==, 7);
    /* Slot 30 has no register: 0x3142 is not one. */
    pci_set_word(cc + 0x3142, 0x0000);
    g_assert_cmpint(ich9_lpc_pirq(cc, 30, 0), ==, 4);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/q35/pciexbar-decode", test_pciexbar_decode);
    g_test_add_func("/q35/tseg-size", test_tseg_size);
    g_test_add_func("/q35/pirq-map", test_pirq_map);
    return g_test_run();
}
