/*
 * Shared set-up of the virtio-pci device tests: start pc or q35 with
 * some -device options, enumerate and assign BARs as firmware would,
 * and hand out a guest memory allocator over low RAM.
 */
#ifndef TESTS_QTEST_VIRTIO_TEST_UTIL_H
#define TESTS_QTEST_VIRTIO_TEST_UTIL_H

#include "libqtest.h"
#include "libqvirtio.h"

/* Where the tests put BARs and guest buffers (-m 128M). */
#define VT_IO_BASE          0xc000
#define VT_IO_SIZE          0x4000
#define VT_MMIO_BASE        0xe0000000ULL
#define VT_MMIO_SIZE        0x10000000ULL
#define VT_RAM_START        0x100000
#define VT_RAM_END          0x4000000
/* MSI-X messages are aimed at RAM here, where the test can see them. */
#define VT_MSI_ADDR         0x20000ULL
#define VT_MSI_ADDR2        0x20040ULL

typedef struct VTMachine {
    QTestState *qts;
    QPCIBus *bus;
    QGuestAllocator *alloc;
} VTMachine;

/* -M @machine -m 128M @extra, enumerated and with BARs assigned. */
static inline void vt_start(VTMachine *m, const char *machine,
                            const char *extra)
{
    m->qts = qtest_initf("-M %s -m 128M -nodefaults %s", machine, extra);
    m->bus = qpci_new_cf8(m->qts, 0xcf8);
    qpci_set_io_window(m->bus, VT_IO_BASE, VT_IO_SIZE);
    qpci_set_mmio_window(m->bus, VT_MMIO_BASE, VT_MMIO_SIZE);
    qpci_enumerate(m->bus);
    qpci_assign_resources(m->bus);
    m->alloc = qguest_alloc_new(VT_RAM_START, VT_RAM_END, 0x1000);
}

/* Enumerate again (after a hot-plug) and assign every BAR afresh. */
static inline void vt_rescan(VTMachine *m)
{
    qpci_enumerate(m->bus);
    qpci_assign_resources(m->bus);
}

static inline void vt_stop(VTMachine *m)
{
    qguest_alloc_destroy_unchecked(m->alloc);
    qpci_free(m->bus);
    qtest_quit(m->qts);
}

/* The @n'th function with @vendor:@device (NULL if none). */
static inline QPCIDevice *vt_find(VTMachine *m, uint16_t device, int n)
{
    return qpci_find_device(m->bus, QVIRTIO_PCI_VENDOR_ID, device, n);
}

/* Wait for the device to fill the buffer: read @len random bytes from
 * the first queue of @vd and check they are not all zero. */
static inline uint32_t vt_rng_read(QVirtQueue *vq, uint64_t buf,
                                   uint32_t len)
{
    QVirtBuf b = { .addr = buf, .len = len, .write = true };
    uint16_t id = qvirtqueue_add(vq, &b, 1, false);

    qvirtqueue_kick(vq);
    return qvirtqueue_wait_used(vq, id, QVIRTIO_TIMEOUT_US);
}

#endif
