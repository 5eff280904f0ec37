/*
 * The I/O APIC ("ioapic"): 24 interrupt inputs, the indirect register
 * window at 0xfec00000 and the redirection table (see
 * include/hw/intc/ioapic.h).
 */
#include "util/osdep.h"
#include "util/module.h"
#include "hw/core/qdev-properties.h"
#include "hw/intc/ioapic.h"

static bool entry_is_level(uint64_t entry)
{
    return entry & IOAPIC_LVT_TRIGGER_MODE;
}

/*
 * Deliver what is pending and deliverable.  There is no local APIC to
 * take the message yet, so delivery is counted: an edge clears its
 * pending bit, a level entry sets Remote IRR until the EOI.
 */
static void ioapic_service(IOAPICState *s)
{
    int i;

    for (i = 0; i < IOAPIC_NUM_PINS; i++) {
        uint64_t *entry = &s->ioredtbl[i];

        if (!(s->irr & (1u << i)) || (*entry & IOAPIC_LVT_MASKED)) {
            continue;
        }
        if (entry_is_level(*entry)) {
            if (*entry & IOAPIC_LVT_REMOTE_IRR) {
                continue;
            }
            *entry |= IOAPIC_LVT_REMOTE_IRR;
        } else {
            s->irr &= ~(1u << i);
        }
        s->delivered[i]++;
    }
}

static void ioapic_set_irq(void *opaque, int n, int level)
{
    IOAPICState *s = opaque;
    uint32_t bit;

    if (n < 0 || n >= IOAPIC_NUM_PINS) {
        return;
    }
    bit = 1u << n;
    if (entry_is_level(s->ioredtbl[n])) {
        if (level) {
            s->irr |= bit;
        } else {
            s->irr &= ~bit;
        }
    } else if (level) {
        /* An edge: latched until delivered. */
        s->irr |= bit;
    }
    ioapic_service(s);
}

/* An EOI for @vector: clear Remote IRR of level entries using it. */
static void ioapic_eoi(IOAPICState *s, uint8_t vector)
{
    int i;

    for (i = 0; i < IOAPIC_NUM_PINS; i++) {
        uint64_t *entry = &s->ioredtbl[i];

        if ((*entry & IOAPIC_LVT_VECTOR_MASK) == vector &&
            entry_is_level(*entry)) {
            *entry &= ~IOAPIC_LVT_REMOTE_IRR;
        }
    }
    ioapic_service(s);
}

static uint32_t ioapic_read_reg(IOAPICState *s)
{
    unsigned index = s->ioregsel;

    switch (index) {
    case IOAPIC_REG_ID:
    case IOAPIC_REG_ARB:
        return (uint32_t)(s->id & IOAPIC_ID_MASK) << IOAPIC_ID_SHIFT;
    case IOAPIC_REG_VER:
        return s->version |
               ((uint32_t)(IOAPIC_NUM_PINS - 1) << IOAPIC_VER_ENTRIES_SHIFT);
    default:
        if (index >= IOAPIC_REG_REDTBL_BASE &&
            index < IOAPIC_REG_REDTBL_BASE + 2 * IOAPIC_NUM_PINS) {
            unsigned n = (index - IOAPIC_REG_REDTBL_BASE) / 2;

            return index & 1 ? s->ioredtbl[n] >> 32
                             : (uint32_t)s->ioredtbl[n];
        }
        /* Reserved registers read as zero. */
        return 0;
    }
}

static void ioapic_write_reg(IOAPICState *s, uint32_t val)
{
    unsigned index = s->ioregsel;
    uint64_t *entry, ro;
    unsigned n;

    if (index == IOAPIC_REG_ID) {
        s->id = (val >> IOAPIC_ID_SHIFT) & IOAPIC_ID_MASK;
        return;
    }
    if (index < IOAPIC_REG_REDTBL_BASE ||
        index >= IOAPIC_REG_REDTBL_BASE + 2 * IOAPIC_NUM_PINS) {
        /* Version, arbitration and reserved registers are read-only. */
        return;
    }
    n = (index - IOAPIC_REG_REDTBL_BASE) / 2;
    entry = &s->ioredtbl[n];
    ro = *entry & IOAPIC_LVT_RO_BITS;
    if (index & 1) {
        *entry = (*entry & 0xffffffffULL) | ((uint64_t)val << 32);
    } else {
        *entry = (*entry & ~0xffffffffULL) | val;
    }
    *entry = (*entry & ~IOAPIC_LVT_RO_BITS) | ro;
    /* An edge entry has no Remote IRR. */
    if (!entry_is_level(*entry)) {
        *entry &= ~IOAPIC_LVT_REMOTE_IRR;
    }
    ioapic_service(s);
}

static uint64_t ioapic_mem_read(void *opaque, hwaddr addr, unsigned size)
{
    IOAPICState *s = opaque;

    switch (addr) {
    case IOAPIC_IOREGSEL:
        return s->ioregsel;
    case IOAPIC_IOWIN:
        return ioapic_read_reg(s);
    default:
        return 0;
    }
}

static void ioapic_mem_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    IOAPICState *s = opaque;

    switch (addr) {
    case IOAPIC_IOREGSEL:
        s->ioregsel = val;
        break;
    case IOAPIC_IOWIN:
        ioapic_write_reg(s, val);
        break;
    case IOAPIC_EOI:
        /* Version 0x20 and later only. */
        if (s->version >= IOAPIC_VER_DEF) {
            ioapic_eoi(s, val);
        }
        break;
    default:
        break;
    }
}

static const MemoryRegionOps ioapic_io_ops = {
    .read = ioapic_mem_read,
    .write = ioapic_mem_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    /* The registers are 32 bits wide; narrower accesses see part. */
    .valid.min_access_size = 1,
    .valid.max_access_size = 4,
    .impl.min_access_size = 4,
    .impl.max_access_size = 4,
};

static void ioapic_reset(DeviceState *dev)
{
    IOAPICState *s = IOAPIC(dev);
    int i;

    s->id = 0;
    s->ioregsel = 0;
    s->irr = 0;
    for (i = 0; i < IOAPIC_NUM_PINS; i++) {
        s->ioredtbl[i] = IOAPIC_LVT_MASKED;
        s->delivered[i] = 0;
    }
}

static void ioapic_realize(DeviceState *dev, Error **errp)
{
    IOAPICState *s = IOAPIC(dev);

    if (s->version != IOAPIC_VER_OLD && s->version != IOAPIC_VER_DEF) {
        error_setg(errp, "ioapic only supports version 0x%x and 0x%x "
                   "(version 0x%x)", IOAPIC_VER_OLD, IOAPIC_VER_DEF,
                   s->version);
        return;
    }
    memory_region_init_io(&s->io_memory, OBJECT(s), &ioapic_io_ops, s,
                          "ioapic", IOAPIC_MMIO_SIZE);
    qdev_init_gpio_in(dev, ioapic_set_irq, IOAPIC_NUM_PINS);
    ioapic_reset(dev);
}

static const Property ioapic_properties[] = {
    DEFINE_PROP_UINT8("version", IOAPICState, version, IOAPIC_VER_DEF),
};

static void ioapic_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = ioapic_realize;
    dc->reset = ioapic_reset;
    /* The board creates it; -device may not. */
    dc->user_creatable = false;
    device_class_set_props(dc, ioapic_properties);
}

static const TypeInfo ioapic_info = {
    .name = TYPE_IOAPIC,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(IOAPICState),
    .class_init = ioapic_class_init,
};

static void ioapic_register_types(void)
{
    type_register_static(&ioapic_info);
}

type_init(ioapic_register_types)
