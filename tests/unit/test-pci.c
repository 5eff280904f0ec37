/*
 * Unit tests of the PCI core (hw/pci/): configuration space masks
 * (read-only, writable, write-1-to-clear) for type 0 and type 1
 * headers, the capability and extended capability lists (placement,
 * overlap errors, lists a buggy model or passed-through device left
 * looping), MSI and MSI-X set-up errors and the MSI-X vector notifiers,
 * BAR registration, INTx line counting, bus-number routing (through
 * bridges and into expander root buses), and device placement on buses
 * with reserved slots.  The guest's view through a running emulator is
 * tested in tests/qtest/pci-*-test.c.
 */
#include "util/osdep.h"
#include "util/module.h"
#include "qom/object-property.h"
#include "hw/core/qdev-properties.h"
#include "hw/pci/pci.h"
#include "hw/pci/pci_bus.h"
#include "hw/pci/pci_bridge.h"
#include "hw/pci/pci_host.h"
#include "hw/pci/msi.h"
#include "hw/pci/msix.h"
#include "hw/pci/pcie.h"
#include "tests/testdev/pci-testdev.h"

#define RAM_BASE 0x100000
#define RAM_SIZE 0x10000

typedef struct Fixture {
    DeviceState *host;
    PCIBus *bus;
    MemoryRegion *ram;
} Fixture;

static void fixture_init(Fixture *f, bool pcie)
{
    f->host = qdev_new(TYPE_CORVID_TEST_PCI_HOST);
    qdev_prop_set_bit(f->host, "pcie", pcie);
    qdev_realize_and_unref(f->host, sysbus_get_default(), &error_abort);
    f->bus = PCI_HOST_BRIDGE(f->host)->bus;
    f->ram = g_new0(MemoryRegion, 1);
    g_assert_true(memory_region_init_ram(f->ram, NULL, "test-pci-ram",
                                         RAM_SIZE, &error_abort));
    memory_region_add_subregion(get_system_memory(), RAM_BASE, f->ram);
}

static void fixture_fini(Fixture *f)
{
    object_unparent(OBJECT(f->host));
    memory_region_del_subregion(get_system_memory(), f->ram);
    object_unref(OBJECT(f->ram));
    g_free(f->ram);
}

/* A test function at @devfn with properties "k=v,k=v" (NULL: none). */
static PCIDevice *add_dev(Fixture *f, PCIBus *bus, int devfn,
                          const char *type, const char *props, Error **errp)
{
    DeviceState *dev = qdev_new(type);
    g_auto(GStrv) kv = props ? g_strsplit(props, ",", 0) : NULL;
    int i;

    object_property_set_int(OBJECT(dev), "addr", devfn, &error_abort);
    for (i = 0; kv && kv[i]; i++) {
        g_auto(GStrv) p = g_strsplit(kv[i], "=", 2);

        object_property_parse(OBJECT(dev), p[0], p[1], &error_abort);
    }
    if (!qdev_realize_and_unref(dev, &(bus ? bus : f->bus)->qbus, errp)) {
        return NULL;
    }
    return PCI_DEVICE(dev);
}

/* A test function without BARs or capabilities. */
#define BARE "io-bar=false,mem-bar=false,mem64-bar=false,msi-vectors=0," \
             "msix-vectors=0,intx-pin=0"

static uint32_t cfg_read(PCIDevice *dev, uint32_t addr, int len)
{
    return pci_host_config_read_common(dev, addr, pci_config_size(dev), len);
}

static void cfg_write(PCIDevice *dev, uint32_t addr, uint32_t val, int len)
{
    pci_host_config_write_common(dev, addr, pci_config_size(dev), val, len);
}

static void check_error(Error **errp, const char *msg)
{
    g_assert_nonnull(*errp);
    g_assert_cmpstr(error_get_pretty(*errp), ==, msg);
    error_free(*errp);
    *errp = NULL;
}

/*
 * For every byte of configuration space: writing all-ones and then zero
 * leaves exactly what the masks say, and the masks are consistent (no
 * bit both writable and write-1-to-clear).
 */
static void check_masks_apply(PCIDevice *dev)
{
    int size = pci_config_size(dev);
    int i;

    for (i = 0; i < size; i++) {
        uint8_t before = dev->config[i];
        uint8_t w = dev->wmask[i], c = dev->w1cmask[i];

        g_assert_cmphex(w & c, ==, 0);
        /* Skip the registers whose writes have side effects (the MSI
         * control word clamps what it is given). */
        if ((i >= PCI_COMMAND && i < PCI_COMMAND + 2) ||
            (pci_is_bridge_header(dev) && i >= PCI_BRIDGE_CONTROL &&
             i < PCI_BRIDGE_CONTROL + 2) ||
            (dev->msi_cap && i >= dev->msi_cap + PCI_MSI_FLAGS &&
             i < dev->msi_cap + PCI_MSI_FLAGS + 2) ||
            (dev->msix_cap && i >= dev->msix_cap + PCI_MSIX_FLAGS &&
             i < dev->msix_cap + PCI_MSIX_FLAGS + 2)) {
            continue;
        }
        cfg_write(dev, i, 0xff, 1);
        g_assert_cmphex(dev->config[i], ==, ((before & ~w) | w) & ~c);
        cfg_write(dev, i, 0, 1);
        g_assert_cmphex(dev->config[i], ==, before & ~w & ~c);
    }
}

static void test_type0_masks(void)
{
    Fixture f;
    PCIDevice *dev;

    fixture_init(&f, false);
    dev = add_dev(&f, NULL, PCI_DEVFN(3, 0), TYPE_CORVID_TEST_PCI_DEV, NULL,
                  &error_abort);
    g_assert_cmphex(cfg_read(dev, PCI_VENDOR_ID, 4), ==, 0x10f01af4);
    /* Past the end of a conventional function's space: all-ones. */
    g_assert_cmphex(cfg_read(dev, 0xfe, 4), ==, 0xffff0000);
    g_assert_cmphex(cfg_read(dev, 0x100, 1), ==, 0xffffffff);
    cfg_write(dev, 0x100, 0, 4);
    /* [PCI] 6.2: what the guest may change in the header. */
    g_assert_cmphex(pci_get_word(dev->wmask + PCI_COMMAND), ==, 0x0507);
    g_assert_cmphex(pci_get_word(dev->wmask + PCI_STATUS), ==, 0);
    g_assert_cmphex(pci_get_word(dev->w1cmask + PCI_STATUS), ==, 0xf900);
    g_assert_cmphex(pci_get_long(dev->wmask + PCI_VENDOR_ID), ==, 0);
    g_assert_cmphex(pci_get_long(dev->wmask + PCI_REVISION_ID), ==, 0);
    g_assert_cmphex(dev->wmask[PCI_CACHE_LINE_SIZE], ==, 0xff);
    g_assert_cmphex(dev->wmask[PCI_LATENCY_TIMER], ==, 0);
    g_assert_cmphex(dev->wmask[PCI_HEADER_TYPE], ==, 0);
    g_assert_cmphex(dev->wmask[PCI_INTERRUPT_LINE], ==, 0xff);
    g_assert_cmphex(dev->wmask[PCI_INTERRUPT_PIN], ==, 0);
    g_assert_cmphex(pci_get_long(dev->wmask + PCI_SUBSYSTEM_VENDOR_ID), ==,
                    0);
    /* BARs: the size bits stay 0; BAR5 and the ROM do not exist. */
    g_assert_cmphex(pci_get_long(dev->wmask + PCI_BASE_ADDRESS_0), ==,
                    0xffffffc0);
    g_assert_cmphex(pci_get_long(dev->wmask + PCI_BASE_ADDRESS_1), ==,
                    0xfffff000);
    g_assert_cmphex(pci_get_quad(dev->wmask + PCI_BASE_ADDRESS_2), ==,
                    0xfffffffffff00000ULL);
    g_assert_cmphex(pci_get_long(dev->wmask + PCI_BASE_ADDRESS_5), ==, 0);
    g_assert_cmphex(pci_get_long(dev->wmask + PCI_ROM_ADDRESS), ==, 0);
    check_masks_apply(dev);

    /* Write-1-to-clear: only the ones written go. */
    pci_set_word(dev->config + PCI_STATUS,
                 pci_get_word(dev->config + PCI_STATUS) |
                 PCI_STATUS_ERROR_BITS);
    cfg_write(dev, PCI_STATUS, PCI_STATUS_REC_MASTER_ABORT, 2);
    g_assert_cmphex(pci_get_word(dev->config + PCI_STATUS), ==,
                    PCI_STATUS_CAP_LIST |
                    (PCI_STATUS_ERROR_BITS & ~PCI_STATUS_REC_MASTER_ABORT));
    cfg_write(dev, PCI_STATUS, 0, 2);
    cfg_write(dev, PCI_STATUS + 1, 0x80, 1);
    g_assert_cmphex(pci_get_word(dev->config + PCI_STATUS), ==,
                    PCI_STATUS_CAP_LIST |
                    (PCI_STATUS_ERROR_BITS & ~PCI_STATUS_REC_MASTER_ABORT &
                     ~PCI_STATUS_DETECTED_PARITY));
    /* Writing the command register through a dword leaves them. */
    cfg_write(dev, PCI_COMMAND, 0x0000ffff, 4);
    g_assert_cmphex(pci_get_word(dev->config + PCI_COMMAND), ==, 0x0507);
    g_assert_true(pci_get_word(dev->config + PCI_STATUS) &
                  PCI_STATUS_PARITY);
    /* A reset clears them and the command register. */
    pci_device_reset(dev);
    g_assert_cmphex(pci_get_word(dev->config + PCI_STATUS), ==,
                    PCI_STATUS_CAP_LIST);
    g_assert_cmphex(pci_get_word(dev->config + PCI_COMMAND), ==, 0);

    /* A model that marks a bit both ways gets it cleared by a 1, and
     * nothing worse. */
    dev->w1cmask[0xf0] = 0x0f;
    cfg_write(dev, 0xf0, 0xff, 1);
    g_assert_cmphex(dev->config[0xf0], ==, 0xf0);
    fixture_fini(&f);
}

static void test_type1_masks(void)
{
    Fixture f;
    PCIDevice *br;

    fixture_init(&f, false);
    br = add_dev(&f, NULL, PCI_DEVFN(5, 0), TYPE_PCI_BRIDGE_DEV,
                 "chassis_nr=1", &error_abort);
    g_assert_true(pci_is_bridge_header(br));
    g_assert_cmphex(br->config[PCI_HEADER_TYPE], ==, PCI_HEADER_TYPE_BRIDGE);
    /* [P2P] 3.2: bus numbers, windows, bridge control. */
    g_assert_cmphex(pci_get_long(br->wmask + PCI_PRIMARY_BUS), ==,
                    0xffffffff);
    g_assert_cmphex(pci_get_word(br->wmask + PCI_IO_BASE), ==, 0xf0f0);
    g_assert_cmphex(pci_get_word(br->w1cmask + PCI_SEC_STATUS), ==, 0xf900);
    g_assert_cmphex(pci_get_long(br->wmask + PCI_MEMORY_BASE), ==,
                    0xfff0fff0);
    g_assert_cmphex(pci_get_long(br->wmask + PCI_PREF_MEMORY_BASE), ==,
                    0xfff0fff0);
    g_assert_cmphex(pci_get_quad(br->wmask + PCI_PREF_BASE_UPPER32), ==,
                    UINT64_MAX);
    g_assert_cmphex(pci_get_long(br->wmask + PCI_IO_BASE_UPPER16), ==, 0);
    g_assert_cmphex(pci_get_word(br->wmask + PCI_BRIDGE_CONTROL), ==,
                    0x0bff);
    g_assert_cmphex(pci_get_word(br->w1cmask + PCI_BRIDGE_CONTROL), ==,
                    0x0400);
    /* No subsystem IDs, the window types fixed. */
    g_assert_cmphex(pci_get_long(br->config + PCI_PREF_MEMORY_BASE), ==,
                    0x00010001);
    g_assert_cmphex(br->config[PCI_IO_BASE], ==, PCI_IO_RANGE_TYPE_16);
    check_masks_apply(br);

    /* The window helpers decode what the guest wrote. */
    cfg_write(br, PCI_IO_BASE, 0x20d0, 2);
    cfg_write(br, PCI_MEMORY_BASE, 0xfe5ffe40, 4);
    cfg_write(br, PCI_PREF_MEMORY_BASE, 0x0011fff1, 4);
    cfg_write(br, PCI_PREF_BASE_UPPER32, 2, 4);
    cfg_write(br, PCI_PREF_LIMIT_UPPER32, 3, 4);
    g_assert_cmphex(pci_bridge_get_base(br, PCI_BASE_ADDRESS_SPACE_IO), ==,
                    0xd000);
    g_assert_cmphex(pci_bridge_get_limit(br, PCI_BASE_ADDRESS_SPACE_IO), ==,
                    0x2fff);
    g_assert_cmphex(pci_bridge_get_base(br, PCI_BASE_ADDRESS_SPACE_MEMORY),
                    ==, 0xfe400000);
    g_assert_cmphex(pci_bridge_get_limit(br, PCI_BASE_ADDRESS_SPACE_MEMORY),
                    ==, 0xfe5fffff);
    g_assert_cmphex(pci_bridge_get_base(br, PCI_BASE_ADDRESS_MEM_PREFETCH),
                    ==, 0x2fff00000ULL);
    g_assert_cmphex(pci_bridge_get_limit(br, PCI_BASE_ADDRESS_MEM_PREFETCH),
                    ==, 0x3001fffffULL);
    /* Firmware's way of closing them, and reset. */
    pci_bridge_disable_base_limit(br);
    /* Bases all-ones, limits 0, the type bits kept, and the upper
     * halves of the prefetchable window 0 (as qemu leaves them). */
    g_assert_cmphex(pci_get_word(br->config + PCI_IO_BASE), ==, 0x00f0);
    g_assert_cmphex(pci_get_long(br->config + PCI_MEMORY_BASE), ==,
                    0x0000fff0);
    g_assert_cmphex(pci_get_long(br->config + PCI_PREF_MEMORY_BASE), ==,
                    0x0001fff1);
    g_assert_cmphex(pci_get_long(br->config + PCI_PREF_BASE_UPPER32), ==, 0);
    g_assert_cmphex(pci_get_long(br->config + PCI_PREF_LIMIT_UPPER32), ==,
                    0);
    g_assert_cmphex(pci_bridge_get_base(br, PCI_BASE_ADDRESS_SPACE_MEMORY),
                    >, pci_bridge_get_limit(br,
                                            PCI_BASE_ADDRESS_SPACE_MEMORY));
    g_assert_cmphex(pci_bridge_get_base(br, PCI_BASE_ADDRESS_MEM_PREFETCH),
                    >, pci_bridge_get_limit(br,
                                            PCI_BASE_ADDRESS_MEM_PREFETCH));
    cfg_write(br, PCI_PRIMARY_BUS, 0x00030201, 4);
    device_cold_reset(DEVICE(br));
    g_assert_cmphex(pci_get_long(br->config + PCI_PRIMARY_BUS), ==, 0);
    g_assert_cmphex(pci_get_long(br->config + PCI_PREF_MEMORY_BASE), ==,
                    0x00010001);
    fixture_fini(&f);
}

/* Capabilities */

static void test_capabilities(void)
{
    Fixture f;
    PCIDevice *dev;
    Error *err = NULL;
    int off;

    fixture_init(&f, false);
    dev = add_dev(&f, NULL, PCI_DEVFN(1, 0), TYPE_CORVID_TEST_PCI_DEV, BARE,
                  &error_abort);
    g_assert_cmphex(pci_get_word(dev->config + PCI_STATUS), ==, 0);
    g_assert_cmpint(pci_find_capability(dev, PCI_CAP_ID_PM), ==, 0);

    /* Anywhere: the first free dword after the header, then the next. */
    g_assert_cmpint(pci_add_capability(dev, PCI_CAP_ID_PM, 0, PCI_PM_SIZEOF,
                                       &error_abort), ==, 0x40);
    g_assert_cmpint(pci_add_capability(dev, PCI_CAP_ID_VNDR, 0, 5,
                                       &error_abort), ==, 0x48);
    g_assert_cmpint(pci_add_capability(dev, PCI_CAP_ID_SLOTID, 0xf0, 4,
                                       &error_abort), ==, 0xf0);
    g_assert_cmpint(pci_add_capability(dev, PCI_CAP_ID_AF, 0, 4,
                                       &error_abort), ==, 0x50);
    /* The newest first; the status bit set. */
    g_assert_cmphex(dev->config[PCI_CAPABILITY_LIST], ==, 0x50);
    g_assert_cmphex(dev->config[0x50 + PCI_CAP_LIST_NEXT], ==, 0xf0);
    g_assert_cmphex(dev->config[0xf0 + PCI_CAP_LIST_NEXT], ==, 0x48);
    g_assert_cmphex(dev->config[0x48 + PCI_CAP_LIST_NEXT], ==, 0x40);
    g_assert_cmphex(dev->config[0x40 + PCI_CAP_LIST_NEXT], ==, 0);
    g_assert_true(pci_get_word(dev->config + PCI_STATUS) &
                  PCI_STATUS_CAP_LIST);
    g_assert_cmpint(pci_find_capability(dev, PCI_CAP_ID_VNDR), ==, 0x48);
    g_assert_cmpint(pci_find_capability(dev, PCI_CAP_ID_SLOTID), ==, 0xf0);
    g_assert_cmpint(pci_find_capability(dev, PCI_CAP_ID_MSI), ==, 0);
    /* Read-only to the guest, whole. */
    cfg_write(dev, 0x40, 0xffffffff, 4);
    cfg_write(dev, 0x4c, 0xffffffff, 4);
    g_assert_cmphex(pci_get_long(dev->config + 0x40), ==, 0x00000001);
    g_assert_cmphex(dev->config[0x4c], ==, 0);
    /* But not the bytes next to them. */
    cfg_write(dev, 0x54, 0xffffffff, 4);
    g_assert_cmphex(pci_get_long(dev->config + 0x54), ==, 0xffffffff);

    /* Misplaced: overlapping (with qemu's message), in the header, not
     * dword aligned, past the end, too small, and no room left. */
    off = pci_add_capability(dev, PCI_CAP_ID_MSI, 0x44, 8, &err);
    g_assert_cmpint(off, ==, -1);
    check_error(&err, "corvid-test-pci-dev:00:01.0 Attempt to add PCI "
                "capability 5 at offset 44 overlaps existing capability 1 "
                "at offset 40");
    g_assert_cmpint(pci_add_capability(dev, PCI_CAP_ID_MSI, 0x3c, 8, &err),
                    ==, -1);
    check_error(&err, "corvid-test-pci-dev: PCI capability 0x5 at offset "
                "0x3c of 8 bytes is outside the device-specific area");
    g_assert_cmpint(pci_add_capability(dev, PCI_CAP_ID_MSI, 0x62, 8, &err),
                    ==, -1);
    error_free(err);
    err = NULL;
    g_assert_cmpint(pci_add_capability(dev, PCI_CAP_ID_MSI, 0xfc, 8, &err),
                    ==, -1);
    error_free(err);
    err = NULL;
    g_assert_cmpint(pci_add_capability(dev, PCI_CAP_ID_MSI, 0x80, 2, &err),
                    ==, -1);
    check_error(&err, "corvid-test-pci-dev: PCI capability 0x5 of 2 bytes "
                "is too small");
    g_assert_cmpint(pci_add_capability(dev, PCI_CAP_ID_MSI, 0, 0xa0, &err),
                    ==, -1);
    check_error(&err, "corvid-test-pci-dev: no room for PCI capability 0x5 "
                "of 160 bytes");
    g_assert_cmpint(pci_find_capability(dev, PCI_CAP_ID_MSI), ==, 0);

    /* Removed from the middle: the list closes, the space is free and
     * the guest's again. */
    pci_del_capability(dev, PCI_CAP_ID_VNDR, 5);
    g_assert_cmpint(pci_find_capability(dev, PCI_CAP_ID_VNDR), ==, 0);
    g_assert_cmphex(dev->config[0xf0 + PCI_CAP_LIST_NEXT], ==, 0x40);
    g_assert_cmpint(pci_find_capability(dev, PCI_CAP_ID_PM), ==, 0x40);
    cfg_write(dev, 0x48, 0x12345678, 4);
    g_assert_cmphex(pci_get_long(dev->config + 0x48), ==, 0x12345678);
    g_assert_cmpint(pci_add_capability(dev, PCI_CAP_ID_MSI, 0x48, 8,
                                       &error_abort), ==, 0x48);
    pci_del_capability(dev, PCI_CAP_ID_MSI, 8);
    pci_del_capability(dev, PCI_CAP_ID_PM, PCI_PM_SIZEOF);
    pci_del_capability(dev, PCI_CAP_ID_AF, 4);
    pci_del_capability(dev, PCI_CAP_ID_SLOTID, 4);
    pci_del_capability(dev, PCI_CAP_ID_SLOTID, 4);
    g_assert_cmphex(dev->config[PCI_CAPABILITY_LIST], ==, 0);
    g_assert_cmphex(pci_get_word(dev->config + PCI_STATUS), ==, 0);
    fixture_fini(&f);
}

/*
 * Lists the core did not build (a device model poking config, a
 * passed-through function): loops, pointers into the header, low bits
 * set.  Every walk ends.
 */
static void test_capability_loops(void)
{
    Fixture f;
    PCIDevice *dev;

    fixture_init(&f, false);
    dev = add_dev(&f, NULL, PCI_DEVFN(1, 0), TYPE_CORVID_TEST_PCI_DEV, BARE,
                  &error_abort);
    pci_add_capability(dev, PCI_CAP_ID_PM, 0x40, 8, &error_abort);
    pci_add_capability(dev, PCI_CAP_ID_VNDR, 0x60, 8, &error_abort);

    /* 0x60 -> 0x40 -> 0x60 ... */
    dev->config[0x40 + PCI_CAP_LIST_NEXT] = 0x60;
    g_assert_cmpint(pci_find_capability(dev, PCI_CAP_ID_VNDR), ==, 0x60);
    g_assert_cmpint(pci_find_capability(dev, PCI_CAP_ID_MSI), ==, 0);
    /* A capability pointing at itself, with the reserved bits set. */
    dev->config[0x60 + PCI_CAP_LIST_NEXT] = 0x63;
    g_assert_cmpint(pci_find_capability(dev, PCI_CAP_ID_MSIX), ==, 0);
    /* Into the header: the list ends there. */
    dev->config[0x60 + PCI_CAP_LIST_NEXT] = 0x10;
    g_assert_cmpint(pci_find_capability(dev, PCI_CAP_ID_PM), ==, 0);
    dev->config[PCI_CAPABILITY_LIST] = 0x3f;
    g_assert_cmpint(pci_find_capability(dev, PCI_CAP_ID_VNDR), ==, 0);
    /* Deleting from a looping list, and adding to it, terminate. */
    dev->config[PCI_CAPABILITY_LIST] = 0x60;
    dev->config[0x60 + PCI_CAP_LIST_NEXT] = 0x40;
    dev->config[0x40 + PCI_CAP_LIST_NEXT] = 0x60;
    pci_del_capability(dev, PCI_CAP_ID_MSI, 8);
    g_assert_cmpint(pci_add_capability(dev, PCI_CAP_ID_MSI, 0, 8,
                                       &error_abort), ==, 0x48);
    g_assert_cmpint(pci_find_capability(dev, PCI_CAP_ID_MSI), ==, 0x48);
    {
        Error *err = NULL;

        g_assert_cmpint(pci_add_capability(dev, PCI_CAP_ID_AF, 0x64, 4,
                                           &err), ==, -1);
        g_assert_nonnull(err);
        error_free(err);
    }
    fixture_fini(&f);
}

static void test_ext_capabilities(void)
{
    Fixture f;
    PCIDevice *dev, *conv;
    Error *err = NULL;

    fixture_init(&f, true);
    dev = add_dev(&f, NULL, PCI_DEVFN(2, 0), TYPE_CORVID_TEST_PCI_DEV,
                  BARE ",express=true", &error_abort);
    conv = add_dev(&f, NULL, PCI_DEVFN(3, 0), TYPE_CORVID_TEST_PCI_DEV, BARE,
                   &error_abort);
    g_assert_true(pci_is_express(dev));
    g_assert_false(pci_is_express(conv));
    g_assert_cmpuint(pci_config_size(dev), ==, PCIE_CONFIG_SPACE_SIZE);
    g_assert_cmpint(pcie_cap_get_type(dev), ==, PCI_EXP_TYPE_ENDPOINT);
    g_assert_false(pcie_is_downstream_port(dev));
    /* The serial number is first, at 0x100. */
    g_assert_cmpint(pcie_find_capability(dev, PCI_EXT_CAP_ID_DSN), ==,
                    0x100);
    g_assert_true(pcie_add_capability(dev, PCI_EXT_CAP_ID_VNDR, 1, 0x200,
                                      0x10, &error_abort));
    g_assert_true(pcie_ari_init(dev, 0x180, 1, &error_abort));
    g_assert_cmpint(pcie_find_capability(dev, PCI_EXT_CAP_ID_ARI), ==,
                    0x180);
    g_assert_cmpint(pcie_find_capability(dev, PCI_EXT_CAP_ID_VNDR), ==,
                    0x200);
    g_assert_cmphex(PCI_EXT_CAP_NEXT(pci_get_long(dev->config + 0x100)), ==,
                    0x200);
    g_assert_cmphex(PCI_EXT_CAP_NEXT(pci_get_long(dev->config + 0x200)), ==,
                    0x180);
    /* Read-only to the guest. */
    cfg_write(dev, 0x180, 0, 4);
    g_assert_cmpint(pcie_find_capability(dev, PCI_EXT_CAP_ID_ARI), ==,
                    0x180);

    /* Misplaced and overlapping ones, and conventional functions. */
    g_assert_false(pcie_add_capability(dev, PCI_EXT_CAP_ID_ACS, 1, 0x204,
                                       8, &err));
    check_error(&err, "corvid-test-pci-dev: extended capability 0xd at "
                "offset 0x204 overlaps another at offset 0x204");
    g_assert_false(pcie_add_capability(dev, PCI_EXT_CAP_ID_ACS, 1, 0xfc, 8,
                                       &err));
    error_free(err);
    err = NULL;
    g_assert_false(pcie_add_capability(dev, PCI_EXT_CAP_ID_ACS, 1, 0xffc, 8,
                                       &err));
    error_free(err);
    err = NULL;
    g_assert_false(pcie_add_capability(dev, PCI_EXT_CAP_ID_ACS, 1, 0x302, 8,
                                       &err));
    error_free(err);
    err = NULL;
    g_assert_false(pcie_add_capability(conv, PCI_EXT_CAP_ID_ACS, 1, 0x100,
                                       8, &err));
    check_error(&err, "corvid-test-pci-dev: extended capability 0xd needs "
                "a PCI Express function");
    g_assert_cmpint(pcie_find_capability(conv, PCI_EXT_CAP_ID_DSN), ==, 0);

    /* A list that loops or points backwards ends the walk. */
    pci_set_long(dev->config + 0x180,
                 PCI_EXT_CAP(PCI_EXT_CAP_ID_ARI, 1, 0x100));
    g_assert_cmpint(pcie_find_capability(dev, PCI_EXT_CAP_ID_ACS), ==, 0);
    pci_set_long(dev->config + 0x200,
                 PCI_EXT_CAP(PCI_EXT_CAP_ID_VNDR, 1, 0x200));
    g_assert_cmpint(pcie_find_capability(dev, PCI_EXT_CAP_ID_ARI), ==, 0);
    pci_set_long(dev->config + 0x200,
                 PCI_EXT_CAP(PCI_EXT_CAP_ID_VNDR, 1, 0xffc));
    pci_set_long(dev->config + 0xffc,
                 PCI_EXT_CAP(PCI_EXT_CAP_ID_ACS, 1, 0x400));
    g_assert_cmpint(pcie_find_capability(dev, PCI_EXT_CAP_ID_ACS), ==,
                    0xffc);
    g_assert_cmpint(pcie_find_capability(dev, PCI_EXT_CAP_ID_LTR), ==, 0);
    fixture_fini(&f);
}

/* MSI and MSI-X set-up */

static void test_msi_init_errors(void)
{
    Fixture f;
    PCIDevice *dev;
    Error *err = NULL;
    MemoryRegion bar;

    fixture_init(&f, false);
    dev = add_dev(&f, NULL, PCI_DEVFN(1, 0), TYPE_CORVID_TEST_PCI_DEV, BARE,
                  &error_abort);
    g_assert_false(msi_init(dev, 0, 0, true, true, &err));
    check_error(&err, "corvid-test-pci-dev: MSI needs a power of two "
                "between 1 and 32 vectors, not 0");
    g_assert_false(msi_init(dev, 0, 3, true, true, &err));
    error_free(err);
    err = NULL;
    g_assert_false(msi_init(dev, 0, 64, true, true, &err));
    error_free(err);
    err = NULL;
    g_assert_false(msi_init(dev, 0xf8, 1, true, true, &err));
    error_free(err);
    err = NULL;
    g_assert_false(msi_present(dev));
    /* Each layout's size. */
    g_assert_true(msi_init(dev, 0x40, 1, false, false, &error_abort));
    g_assert_cmpint(pci_add_capability(dev, PCI_CAP_ID_VNDR, 0, 4,
                                       &error_abort), ==, 0x4c);
    pci_del_capability(dev, PCI_CAP_ID_VNDR, 4);
    msi_uninit(dev);
    g_assert_true(msi_init(dev, 0x40, 32, true, true, &error_abort));
    g_assert_cmpuint(msi_nr_vectors_allocated(dev), ==, 32);
    g_assert_cmpint(pci_add_capability(dev, PCI_CAP_ID_VNDR, 0, 4,
                                       &error_abort), ==, 0x58);
    pci_del_capability(dev, PCI_CAP_ID_VNDR, 4);
    msi_uninit(dev);
    g_assert_false(msi_present(dev));

    memory_region_init(&bar, OBJECT(dev), "bar", 0x1000);
    g_assert_false(msix_init(dev, 0, &bar, 0, 0, &bar, 0, 0x800, 0, &err));
    check_error(&err, "corvid-test-pci-dev: MSI-X needs between 1 and 2048 "
                "vectors, not 0");
    g_assert_false(msix_init(dev, 2049, &bar, 0, 0, &bar, 0, 0x800, 0,
                             &err));
    error_free(err);
    err = NULL;
    g_assert_false(msix_init(dev, 4, &bar, 6, 0, &bar, 0, 0x800, 0, &err));
    check_error(&err, "corvid-test-pci-dev: MSI-X structures must be in "
                "BARs 0-5");
    g_assert_false(msix_init(dev, 4, &bar, 0, 4, &bar, 0, 0x800, 0, &err));
    check_error(&err, "corvid-test-pci-dev: MSI-X table and PBA offsets "
                "must be 8-byte aligned");
    g_assert_false(msix_init(dev, 4, &bar, 0, 0xfc8, &bar, 0, 0x800, 0,
                             &err));
    check_error(&err, "corvid-test-pci-dev: MSI-X table or PBA does not fit "
                "in its BAR");
    g_assert_false(msix_init(dev, 4, &bar, 0, 0, &bar, 0, 0x38, 0, &err));
    check_error(&err, "corvid-test-pci-dev: MSI-X table and PBA overlap");
    g_assert_false(msix_init(dev, 4, &bar, 0, 0, &bar, 0, 0x800, 0x3c,
                             &err));
    error_free(err);
    err = NULL;
    g_assert_false(msix_present(dev));
    g_assert_false(msix_init_exclusive_bar(dev, 0, 1, &err));
    error_free(err);
    err = NULL;
    /* The smallest fit: table and PBA back to back. */
    g_assert_true(msix_init(dev, 4, &bar, 0, 0xfb8, &bar, 0, 0xff8, 0,
                            &error_abort));
    g_assert_cmpuint(msix_nr_vectors_allocated(dev), ==, 4);
    g_assert_true(msix_is_masked(dev, 0));
    g_assert_true(msix_is_masked(dev, 4));
    g_assert_false(msix_is_pending(dev, 99));
    msix_uninit(dev, &bar, &bar);
    g_assert_false(msix_present(dev));
    object_unparent(OBJECT(&bar));
    fixture_fini(&f);
}

/* MSI-X vector notifiers (what irqfd back ends use) */

static int notified_use[8], notified_release[8], fail_use = -1;

static int test_use(PCIDevice *dev, unsigned vector, MSIMessage msg)
{
    if ((int)vector == fail_use) {
        return -EINVAL;
    }
    notified_use[vector]++;
    return 0;
}

static void test_release(PCIDevice *dev, unsigned vector)
{
    notified_release[vector]++;
}

static void msix_write_entry(PCIDevice *dev, unsigned v, unsigned field,
                             uint32_t val)
{
    MemoryRegion *mr = &dev->msix_table_mmio;

    memory_region_dispatch_write(mr, v * PCI_MSIX_ENTRY_SIZE + field, val, 4,
                                 MEMTXATTRS_UNSPECIFIED);
}

static void test_msix_notifiers(void)
{
    Fixture f;
    PCIDevice *dev;
    uint8_t cap;

    fixture_init(&f, false);
    dev = add_dev(&f, NULL, PCI_DEVFN(1, 0), TYPE_CORVID_TEST_PCI_DEV, NULL,
                  &error_abort);
    cap = dev->msix_cap;
    memset(notified_use, 0, sizeof(notified_use));
    memset(notified_release, 0, sizeof(notified_release));
    g_assert_cmpint(msix_set_vector_notifiers(dev, test_use, test_release,
                                              NULL), ==, 0);
    /* Nothing is usable yet: disabled, all masked. */
    g_assert_cmpint(notified_use[0], ==, 0);

    cfg_write(dev, cap + PCI_MSIX_FLAGS, PCI_MSIX_FLAGS_ENABLE, 2);
    msix_write_entry(dev, 1, PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
    msix_write_entry(dev, 2, PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
    g_assert_cmpint(notified_use[1], ==, 1);
    g_assert_cmpint(notified_use[2], ==, 1);
    /* The function mask releases both and takes them back. */
    cfg_write(dev, cap + PCI_MSIX_FLAGS,
              PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL, 2);
    g_assert_cmpint(notified_release[1], ==, 1);
    g_assert_cmpint(notified_release[2], ==, 1);
    cfg_write(dev, cap + PCI_MSIX_FLAGS, PCI_MSIX_FLAGS_ENABLE, 2);
    g_assert_cmpint(notified_use[1], ==, 2);
    /* Disabling releases them too, and so does a reset. */
    cfg_write(dev, cap + PCI_MSIX_FLAGS, 0, 2);
    g_assert_cmpint(notified_release[1], ==, 2);
    cfg_write(dev, cap + PCI_MSIX_FLAGS, PCI_MSIX_FLAGS_ENABLE, 2);
    g_assert_cmpint(notified_use[2], ==, 3);
    pci_device_reset(dev);
    g_assert_cmpint(notified_release[2], ==, 3);
    g_assert_false(msix_enabled(dev));
    g_assert_true(msix_is_masked(dev, 2));
    /* Masking one vector releases it alone. */
    cfg_write(dev, cap + PCI_MSIX_FLAGS, PCI_MSIX_FLAGS_ENABLE, 2);
    msix_write_entry(dev, 3, PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
    msix_write_entry(dev, 4, PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
    msix_write_entry(dev, 3, PCI_MSIX_ENTRY_VECTOR_CTRL, 1);
    g_assert_cmpint(notified_release[3], ==, 1);
    g_assert_cmpint(notified_release[4], ==, 0);
    msix_unset_vector_notifiers(dev);
    g_assert_cmpint(notified_release[4], ==, 1);

    /* A failing use: nothing stays handed out, no notifiers set. */
    fail_use = 4;
    msix_write_entry(dev, 3, PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
    g_assert_cmpint(msix_set_vector_notifiers(dev, test_use, test_release,
                                              NULL), ==, -EINVAL);
    g_assert_cmpint(notified_release[3], ==, 2);
    g_assert_null(dev->msix_vector_use_notifier);
    fail_use = -1;

    /* Unused vectors are not notified and not sent. */
    msix_vector_unuse(dev, 5);
    msix_write_entry(dev, 5, PCI_MSIX_ENTRY_VECTOR_CTRL, 1);
    msix_notify(dev, 5);
    g_assert_false(msix_is_pending(dev, 5));
    g_assert_cmpint(msix_vector_use(dev, 8), ==, -EINVAL);
    msix_unuse_all_vectors(dev);
    fixture_fini(&f);
}

/* Device-side MSI masking, and messages landing in RAM. */
static void test_msi_device_side(void)
{
    Fixture f;
    PCIDevice *dev;
    uint8_t cap;
    uint32_t v = 0;

    fixture_init(&f, false);
    dev = add_dev(&f, NULL, PCI_DEVFN(1, 0), TYPE_CORVID_TEST_PCI_DEV,
                  "msix-vectors=0", &error_abort);
    cap = dev->msi_cap;
    cfg_write(dev, PCI_COMMAND, PCI_COMMAND_MASTER, 2);
    cfg_write(dev, cap + PCI_MSI_ADDRESS_LO, RAM_BASE + 0x10, 4);
    cfg_write(dev, cap + PCI_MSI_DATA_64, 0x40, 2);
    cfg_write(dev, cap + PCI_MSI_FLAGS,
              PCI_MSI_FLAGS_ENABLE | 1 << PCI_MSI_FLAGS_QSIZE_SHIFT, 2);
    g_assert_true(msi_enabled(dev));
    g_assert_cmpuint(msi_nr_vectors_enabled(dev), ==, 2);
    g_assert_cmphex(msi_get_message(dev, 1).data, ==, 0x41);
    g_assert_cmphex(msi_get_message(dev, 1).address, ==, RAM_BASE + 0x10);

    msi_set_mask(dev, 1, true);
    g_assert_true(msi_is_masked(dev, 1));
    msi_notify(dev, 1);
    g_assert_true(msi_is_pending(dev, 1));
    address_space_read(&address_space_memory, RAM_BASE + 0x10,
                       MEMTXATTRS_UNSPECIFIED, &v, 4);
    g_assert_cmphex(v, ==, 0);
    msi_set_mask(dev, 1, false);
    g_assert_false(msi_is_pending(dev, 1));
    address_space_read(&address_space_memory, RAM_BASE + 0x10,
                       MEMTXATTRS_UNSPECIFIED, &v, 4);
    g_assert_cmphex(GUINT32_FROM_LE(v), ==, 0x41);
    /* Out of range: ignored. */
    msi_set_mask(dev, 7, true);
    msi_set_mask(dev, 99, true);
    g_assert_false(msi_is_masked(dev, 99));
    g_assert_false(msi_is_pending(dev, 99));
    fixture_fini(&f);
}

/* BARs */

static void test_bar_mapping(void)
{
    Fixture f;
    PCIDevice *dev;

    fixture_init(&f, false);
    dev = add_dev(&f, NULL, PCI_DEVFN(1, 0), TYPE_CORVID_TEST_PCI_DEV, NULL,
                  &error_abort);
    g_assert_cmpint(pci_bar(dev, 1), ==, PCI_BASE_ADDRESS_1);
    g_assert_cmpint(pci_bar(dev, PCI_ROM_SLOT), ==, PCI_ROM_ADDRESS);
    g_assert_cmphex(dev->io_regions[1].size, ==, 0x1000);
    g_assert_true(dev->io_regions[1].address_space ==
                  f.bus->address_space_mem);
    g_assert_true(dev->io_regions[0].address_space ==
                  f.bus->address_space_io);
    cfg_write(dev, PCI_BASE_ADDRESS_1, 0x12345678, 4);
    g_assert_cmphex(pci_get_bar_addr(dev, 1), ==, PCI_BAR_UNMAPPED);
    cfg_write(dev, PCI_COMMAND, PCI_COMMAND_MEMORY, 2);
    g_assert_cmphex(pci_get_bar_addr(dev, 1), ==, 0x12345000);
    g_assert_true(memory_region_is_mapped(dev->io_regions[1].memory));
    /* 64-bit, moved one half at a time. */
    cfg_write(dev, PCI_BASE_ADDRESS_3, 0x1, 4);
    cfg_write(dev, PCI_BASE_ADDRESS_2, 0x00300000, 4);
    g_assert_cmphex(pci_get_bar_addr(dev, 2), ==, 0x100300000ULL);
    cfg_write(dev, PCI_BASE_ADDRESS_2 + 3, 0xff, 1);
    g_assert_cmphex(pci_get_bar_addr(dev, 2), ==, 0x1ff300000ULL);
    /* Off, then reset. */
    cfg_write(dev, PCI_COMMAND, 0, 2);
    g_assert_cmphex(pci_get_bar_addr(dev, 1), ==, PCI_BAR_UNMAPPED);
    g_assert_false(memory_region_is_mapped(dev->io_regions[1].memory));
    cfg_write(dev, PCI_COMMAND, PCI_COMMAND_MEMORY, 2);
    pci_device_reset(dev);
    g_assert_cmphex(pci_get_long(dev->config + PCI_BASE_ADDRESS_1), ==, 0);
    g_assert_cmphex(pci_get_long(dev->config + PCI_BASE_ADDRESS_2), ==, 0xc);
    g_assert_cmphex(pci_get_bar_addr(dev, 2), ==, PCI_BAR_UNMAPPED);
    fixture_fini(&f);
}

/* INTx and routing */

static int host_line(Fixture *f, int n)
{
    return CORVID_TEST_PCI_HOST(f->host)->irq_level[n];
}

static void test_intx_counting(void)
{
    Fixture f;
    PCIDevice *a, *b, *br, *c, *none;

    fixture_init(&f, false);
    a = add_dev(&f, NULL, PCI_DEVFN(4, 0), TYPE_CORVID_TEST_PCI_DEV,
                "intx-pin=1", &error_abort);
    b = add_dev(&f, NULL, PCI_DEVFN(3, 0), TYPE_CORVID_TEST_PCI_DEV,
                "intx-pin=2", &error_abort);
    none = add_dev(&f, NULL, PCI_DEVFN(6, 0), TYPE_CORVID_TEST_PCI_DEV, BARE,
                   &error_abort);
    br = add_dev(&f, NULL, PCI_DEVFN(2, 0), TYPE_PCI_BRIDGE_DEV,
                 "chassis_nr=1", &error_abort);
    c = add_dev(&f, pci_bridge_get_sec_bus(PCI_BRIDGE(br)), PCI_DEVFN(1, 0),
                TYPE_CORVID_TEST_PCI_DEV, "intx-pin=4", &error_abort);
    g_assert_cmpint(pci_swizzle_map_irq_fn(c, 3), ==, 0);

    /* a: line 0; b: (3 + 1) % 4 = 0; c: INTD of slot 1 is INTA of the
     * bridge in slot 2: line 2. */
    pci_irq_assert(a);
    pci_irq_assert(b);
    pci_irq_assert(c);
    pci_irq_assert(none);
    g_assert_cmpint(pci_bus_get_irq_level(f.bus, 0), ==, 1);
    g_assert_cmpint(pci_bus_get_irq_level(f.bus, 2), ==, 1);
    g_assert_cmpint(f.bus->irq_count[0], ==, 2);
    g_assert_cmpint(host_line(&f, 2), ==, 1);
    pci_irq_deassert(a);
    g_assert_cmpint(host_line(&f, 0), ==, 1);
    pci_irq_deassert(b);
    g_assert_cmpint(host_line(&f, 0), ==, 0);
    pci_irq_pulse(a);
    g_assert_cmpint(f.bus->irq_count[0], ==, 0);
    /* Interrupt Disable on the device, not on the bridge, gates it. */
    cfg_write(br, PCI_COMMAND, PCI_COMMAND_INTX_DISABLE, 2);
    g_assert_cmpint(host_line(&f, 2), ==, 1);
    cfg_write(c, PCI_COMMAND, PCI_COMMAND_INTX_DISABLE, 2);
    g_assert_cmpint(host_line(&f, 2), ==, 0);
    g_assert_cmpint(f.bus->irq_count[2], ==, 0);
    pci_irq_deassert(c);
    cfg_write(c, PCI_COMMAND, 0, 2);
    g_assert_cmpint(f.bus->irq_count[2], ==, 0);
    /* Out-of-range lines read as low. */
    g_assert_cmpint(pci_bus_get_irq_level(f.bus, 4), ==, 0);
    g_assert_cmpint(pci_bus_get_irq_level(f.bus, -1), ==, 0);
    /* Unplugging an asserting function releases its line. */
    pci_irq_assert(c);
    g_assert_cmpint(host_line(&f, 2), ==, 1);
    object_unparent(OBJECT(br));
    g_assert_cmpint(host_line(&f, 2), ==, 0);
    g_assert_cmpint(f.bus->irq_count[2], ==, 0);
    fixture_fini(&f);
}

static void test_bus_numbers(void)
{
    Fixture f;
    PCIDevice *br1, *br2, *d;
    PCIBus *sec1, *sec2;

    fixture_init(&f, false);
    br1 = add_dev(&f, NULL, PCI_DEVFN(2, 0), TYPE_PCI_BRIDGE_DEV,
                  "chassis_nr=1", &error_abort);
    sec1 = pci_bridge_get_sec_bus(PCI_BRIDGE(br1));
    br2 = add_dev(&f, sec1, PCI_DEVFN(3, 0), TYPE_PCI_BRIDGE_DEV,
                  "chassis_nr=2", &error_abort);
    sec2 = pci_bridge_get_sec_bus(PCI_BRIDGE(br2));
    d = add_dev(&f, sec2, PCI_DEVFN(4, 0), TYPE_CORVID_TEST_PCI_DEV, BARE,
                &error_abort);
    g_assert_true(pci_bus_is_root(f.bus));
    g_assert_false(pci_bus_is_root(sec2));
    g_assert_true(pci_bus_root(sec2) == f.bus);
    g_assert_true(pci_device_root_bus(d) == f.bus);
    g_assert_false(pci_bus_is_express(f.bus));
    g_assert_true(pci_find_bus_nr(f.bus, 0) == f.bus);
    g_assert_null(pci_find_bus_nr(f.bus, 1));
    g_assert_null(pci_find_bus_nr(NULL, 1));

    cfg_write(br1, PCI_PRIMARY_BUS, 0x050100, 4);
    cfg_write(br2, PCI_PRIMARY_BUS, 0x030301, 4);
    g_assert_cmpint(pci_bus_num(sec1), ==, 1);
    g_assert_cmpint(pci_dev_bus_num(d), ==, 3);
    g_assert_cmphex(pci_requester_id(d), ==, 0x0320);
    g_assert_true(pci_find_bus_nr(f.bus, 1) == sec1);
    g_assert_true(pci_find_bus_nr(f.bus, 3) == sec2);
    g_assert_null(pci_find_bus_nr(f.bus, 4));
    g_assert_null(pci_find_bus_nr(f.bus, 6));
    g_assert_true(pci_find_device(f.bus, 3, PCI_DEVFN(4, 0)) == d);
    g_assert_null(pci_find_device(f.bus, 3, PCI_DEVFN(4, 1)));
    g_assert_true(pci_get_function_0(d) == d);
    /* Ranges that do not nest, numbers taken twice: found the way a
     * configuration cycle goes, and the search ends. */
    cfg_write(br2, PCI_SECONDARY_BUS, 0x0101, 2);
    g_assert_true(pci_find_bus_nr(f.bus, 1) == sec1);
    cfg_write(br2, PCI_SECONDARY_BUS, 0xff06, 2);
    g_assert_null(pci_find_bus_nr(f.bus, 6));
    cfg_write(br1, PCI_SECONDARY_BUS, 0xff01, 2);
    g_assert_true(pci_find_bus_nr(f.bus, 6) == sec2);
    g_assert_null(pci_find_bus_nr(f.bus, 0xff));
    fixture_fini(&f);
}

typedef struct ExpanderSearch {
    PCIDevice *pxb;
    PCIBus *bus;
} ExpanderSearch;

static void find_expander_bus(PCIBus *bus, void *opaque)
{
    ExpanderSearch *s = opaque;

    if (bus->parent_dev == s->pxb) {
        s->bus = bus;
    }
}

/*
 * An expander's root bus hangs off a function on the main bus (its
 * parent_dev) rather than off a bridge: bus-number routing enters it
 * for its own number and for those its bridges route, before any
 * bridge of the main bus whose range holds them.
 */
static void test_bus_expander(void)
{
    Fixture f;
    ExpanderSearch search = { NULL, NULL };
    PCIDevice *rp, *br, *d, *e;
    PCIBus *xb, *rp_sec, *br_sec;

    fixture_init(&f, true);
    search.pxb = add_dev(&f, NULL, PCI_DEVFN(5, 0), "pxb-pcie", "bus_nr=16",
                         &error_abort);
    pci_for_each_root_bus(find_expander_bus, &search);
    xb = search.bus;
    g_assert_nonnull(xb);
    g_assert_true(pci_bus_is_root(xb));
    g_assert_cmpint(pci_bus_num(xb), ==, 16);
    g_assert_true(pci_find_bus_nr(f.bus, 16) == xb);
    g_assert_true(pci_find_bus_nr(xb, 16) == xb);
    g_assert_null(pci_find_bus_nr(f.bus, 17));
    /* Nothing above the expander is reachable from its own bus. */
    g_assert_null(pci_find_bus_nr(xb, 0));

    rp = add_dev(&f, xb, PCI_DEVFN(0, 0), "pcie-root-port", "chassis=1",
                 &error_abort);
    rp_sec = pci_bridge_get_sec_bus(PCI_BRIDGE(rp));
    d = add_dev(&f, rp_sec, PCI_DEVFN(0, 0), TYPE_CORVID_TEST_PCI_DEV,
                BARE ",express=on", &error_abort);
    g_assert_null(pci_find_bus_nr(f.bus, 17));
    cfg_write(rp, PCI_PRIMARY_BUS, 0x111110, 4);
    g_assert_true(pci_find_bus_nr(f.bus, 17) == rp_sec);
    g_assert_true(pci_find_device(f.bus, 17, PCI_DEVFN(0, 0)) == d);
    g_assert_true(pci_find_device(f.bus, 16, PCI_DEVFN(0, 0)) == rp);
    g_assert_null(pci_find_device(f.bus, 16, PCI_DEVFN(1, 0)));
    g_assert_cmphex(pci_requester_id(d), ==, 0x1100);
    g_assert_null(pci_find_bus_nr(f.bus, 18));
    /* Below a downstream port, function 0 of any address is devfn 0. */
    e = add_dev(&f, rp_sec, PCI_DEVFN(1, 0), TYPE_CORVID_TEST_PCI_DEV,
                BARE ",express=on", &error_abort);
    g_assert_true(pci_get_function_0(e) == d);
    g_assert_true(pci_get_function_0(d) == d);
    object_unparent(OBJECT(e));

    /* A bridge of the main bus whose range holds 16 and 17 keeps the
     * rest of its range only. */
    br = add_dev(&f, NULL, PCI_DEVFN(2, 0), "pcie-root-port", "chassis=2",
                 &error_abort);
    br_sec = pci_bridge_get_sec_bus(PCI_BRIDGE(br));
    cfg_write(br, PCI_PRIMARY_BUS, 0x200100, 4);
    g_assert_true(pci_find_bus_nr(f.bus, 1) == br_sec);
    g_assert_true(pci_find_bus_nr(f.bus, 16) == xb);
    g_assert_true(pci_find_bus_nr(f.bus, 17) == rp_sec);
    g_assert_null(pci_find_bus_nr(f.bus, 18));

    /* The expander's numbers go with it. */
    object_unparent(OBJECT(search.pxb));
    search.bus = NULL;
    pci_for_each_root_bus(find_expander_bus, &search);
    g_assert_null(search.bus);
    g_assert_null(pci_find_bus_nr(f.bus, 16));
    g_assert_null(pci_find_bus_nr(f.bus, 17));
    g_assert_true(pci_find_bus_nr(f.bus, 1) == br_sec);
    fixture_fini(&f);
}

/* Placement */

static void test_placement(void)
{
    Fixture f;
    PCIDevice *d;
    Error *err = NULL;

    fixture_init(&f, false);
    f.bus->slot_reserved_mask = 1u << 0 | 1u << 2;
    f.bus->devfn_min = PCI_DEVFN(1, 1);
    /* Automatic: past devfn_min (rounded up to a slot), past reserved
     * slots. */
    d = add_dev(&f, NULL, -1, TYPE_CORVID_TEST_PCI_DEV, BARE, &error_abort);
    g_assert_cmpint(d->devfn, ==, PCI_DEVFN(3, 0));
    g_assert_cmpstr(d->name, ==, TYPE_CORVID_TEST_PCI_DEV);
    g_assert_null(add_dev(&f, NULL, PCI_DEVFN(2, 3),
                          TYPE_CORVID_TEST_PCI_DEV, BARE, &err));
    check_error(&err, "PCI: slot 2 function 3 not available for "
                "corvid-test-pci-dev, reserved");
    /* Explicit addresses below devfn_min are the user's choice. */
    d = add_dev(&f, NULL, PCI_DEVFN(1, 0), TYPE_CORVID_TEST_PCI_DEV, BARE,
                &error_abort);
    object_unparent(OBJECT(d));

    f.bus->slot0_only = true;
    f.bus->devfn_min = 0;
    f.bus->slot_reserved_mask = 0;
    g_assert_null(add_dev(&f, NULL, PCI_DEVFN(4, 0),
                          TYPE_CORVID_TEST_PCI_DEV, BARE, &err));
    check_error(&err, "PCI: slot 4 is not valid for corvid-test-pci-dev, "
                "parent device only allows plugging into slot 0.");
    d = add_dev(&f, NULL, -1, TYPE_CORVID_TEST_PCI_DEV, BARE, &error_abort);
    g_assert_cmpint(d->devfn, ==, 0);
    g_assert_null(add_dev(&f, NULL, -1, TYPE_CORVID_TEST_PCI_DEV, BARE,
                          &err));
    check_error(&err, "PCI: no slot/function available for "
                "corvid-test-pci-dev, all in use or reserved");

    f.bus->slot0_only = false;
    f.bus->bridges_only = true;
    g_assert_null(add_dev(&f, NULL, PCI_DEVFN(9, 0),
                          TYPE_CORVID_TEST_PCI_DEV, BARE, &err));
    g_assert_nonnull(err);
    g_assert_nonnull(strstr(error_get_pretty(err),
                            "Only PCI/PCIe bridges can be plugged into"));
    error_free(err);
    err = NULL;
    g_assert_nonnull(add_dev(&f, NULL, PCI_DEVFN(9, 0), TYPE_PCI_BRIDGE_DEV,
                             "chassis_nr=3", &error_abort));
    f.bus->bridges_only = false;

    /* The addr property's forms. */
    d = PCI_DEVICE(qdev_new(TYPE_CORVID_TEST_PCI_DEV));
    object_property_parse(OBJECT(d), "addr", "1f.7", &error_abort);
    g_assert_cmpint(d->devfn, ==, PCI_DEVFN(0x1f, 7));
    object_property_parse(OBJECT(d), "addr", "0x0A", &error_abort);
    g_assert_cmpint(d->devfn, ==, PCI_DEVFN(0xa, 0));
    object_property_set_int(OBJECT(d), "addr", 255, &error_abort);
    g_assert_cmpint(d->devfn, ==, 255);
    object_property_set_int(OBJECT(d), "addr", 256, &err);
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    object_property_parse(OBJECT(d), "addr", "20", &err);
    check_error(&err, "Property 'corvid-test-pci-dev.addr' doesn't take "
                "value '20'");
    g_assert_cmpint(d->devfn, ==, 255);
    object_unref(OBJECT(d));
    fixture_fini(&f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);

    g_test_add_func("/pci/config/type0-masks", test_type0_masks);
    g_test_add_func("/pci/config/type1-masks", test_type1_masks);
    g_test_add_func("/pci/capabilities/list", test_capabilities);
    g_test_add_func("/pci/capabilities/loops", test_capability_loops);
    g_test_add_func("/pci/capabilities/extended", test_ext_capabilities);
    g_test_add_func("/pci/msi/init-errors", test_msi_init_errors);
    g_test_add_func("/pci/msi/device-side", test_msi_device_side);
    g_test_add_func("/pci/msix/notifiers", test_msix_notifiers);
    g_test_add_func("/pci/bar/mapping", test_bar_mapping);
    g_test_add_func("/pci/intx/counting", test_intx_counting);
    g_test_add_func("/pci/bus/numbers", test_bus_numbers);
    g_test_add_func("/pci/bus/expander", test_bus_expander);
    g_test_add_func("/pci/bus/placement", test_placement);
    return g_test_run();
}
