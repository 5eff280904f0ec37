/*
 * ACPI fixed-hardware registers: PM1 event and control, the PM timer, a
 * GPE block and the SCI they drive (see include/hw/acpi/acpi.h).
 */
#include "util/osdep.h"
#include "hw/acpi/acpi.h"

/* Ticks of the PM timer since the virtual clock's start. */
static uint64_t ns_to_ticks(int64_t ns)
{
    return (unsigned __int128)ns * ACPI_PM_TIMER_FREQUENCY /
           NANOSECONDS_PER_SECOND;
}

/* The first instant at which the timer has counted @ticks. */
static int64_t ticks_to_ns(uint64_t ticks)
{
    return ((unsigned __int128)ticks * NANOSECONDS_PER_SECOND +
            ACPI_PM_TIMER_FREQUENCY - 1) / ACPI_PM_TIMER_FREQUENCY;
}

uint32_t acpi_pm_timer_value(void)
{
    return ns_to_ticks(clock_get_ns(CLOCK_VIRTUAL)) & ACPI_PM_TIMER_MASK;
}

static uint16_t pm1_sts(ACPIPMRegs *ar)
{
    uint16_t sts = ar->pm1_sts;

    if (clock_get_ns(CLOCK_VIRTUAL) >= ar->tmr_overflow_ns) {
        sts |= ACPI_PM1_TMR_STS;
    }
    return sts;
}

bool acpi_pm_sci_level(ACPIPMRegs *ar)
{
    unsigned i;

    if (pm1_sts(ar) & ar->pm1_en & ACPI_PM1_SCI_EVENTS) {
        return true;
    }
    for (i = 0; i < ar->gpe_len / 2; i++) {
        if (ar->gpe_sts[i] & ar->gpe_en[i]) {
            return true;
        }
    }
    return false;
}

/*
 * The timer's interrupt: armed for the next overflow while TMR_EN is set
 * and the overflow is still ahead (once it is behind, TMR_STS stays set
 * until the guest clears it, so the level needs no timer).
 */
static void tmr_rearm(ACPIPMRegs *ar)
{
    if ((ar->pm1_en & ACPI_PM1_TMR_EN) &&
        ar->tmr_overflow_ns > clock_get_ns(CLOCK_VIRTUAL)) {
        timer_mod(ar->tmr_timer, ar->tmr_overflow_ns);
    } else {
        timer_del(ar->tmr_timer);
    }
}

void acpi_pm_update_sci(ACPIPMRegs *ar)
{
    qemu_set_irq(ar->sci, acpi_pm_sci_level(ar));
    tmr_rearm(ar);
}

static void tmr_expired(void *opaque)
{
    acpi_pm_update_sci(opaque);
}

/* TMR_STS cleared: the next overflow is the next change of bit 23. */
static void tmr_clear_overflow(ACPIPMRegs *ar)
{
    uint64_t ticks = ns_to_ticks(clock_get_ns(CLOCK_VIRTUAL));
    uint64_t period = 1ULL << ACPI_PM_TIMER_OVERFLOW_BIT;

    ar->tmr_overflow_ns = ticks_to_ns((ticks | (period - 1)) + 1);
}

/*
 * Accesses of 1-4 bytes at any offset inside a block: @val holds the
 * bytes written, @mask which of the block's bytes they are.
 */
static uint64_t byte_mask(unsigned size)
{
    return size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

/* PM1 event block: status (W1C) at 0, enable at 2. */

static uint64_t evt_read(void *opaque, hwaddr addr, unsigned size)
{
    ACPIPMRegs *ar = opaque;
    uint32_t v = pm1_sts(ar) | ((uint32_t)ar->pm1_en << 16);

    return (v >> (8 * addr)) & byte_mask(size);
}

static void evt_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    ACPIPMRegs *ar = opaque;
    uint32_t mask = byte_mask(size) << (8 * addr);
    uint32_t v = (val << (8 * addr)) & mask;
    uint16_t clear = v & 0xffff;

    if (clear & ACPI_PM1_TMR_STS) {
        tmr_clear_overflow(ar);
    }
    ar->pm1_sts &= ~clear;
    ar->pm1_en = (ar->pm1_en & ~(mask >> 16)) | (v >> 16);
    acpi_pm_update_sci(ar);
}

/* PM1 control block */

static uint64_t cnt_read(void *opaque, hwaddr addr, unsigned size)
{
    ACPIPMRegs *ar = opaque;

    return (ar->pm1_cnt >> (8 * addr)) & byte_mask(size);
}

static void cnt_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    ACPIPMRegs *ar = opaque;
    uint16_t mask = byte_mask(size) << (8 * addr);
    uint16_t v = (val << (8 * addr)) & mask;

    ar->pm1_cnt = ((ar->pm1_cnt & ~mask) | v) & ~ACPI_PM1_CNT_SLP_EN;
    if ((v & ACPI_PM1_CNT_SLP_EN) && ar->sleep) {
        /* The type the guest wrote with SLP_EN ([ACPI] 4.8.3.2.1). */
        ar->sleep(ar->sleep_opaque,
                  (ar->pm1_cnt & ACPI_PM1_CNT_SLP_TYP) >>
                  ACPI_PM1_CNT_SLP_TYP_SHIFT);
    }
}

/* PM timer: read-only */

static uint64_t tmr_read(void *opaque, hwaddr addr, unsigned size)
{
    return (acpi_pm_timer_value() >> (8 * addr)) & byte_mask(size);
}

static void tmr_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
}

/* GPE block: status bytes (W1C), then as many enable bytes. */

static uint64_t gpe_read(void *opaque, hwaddr addr, unsigned size)
{
    ACPIPMRegs *ar = opaque;
    unsigned half = ar->gpe_len / 2;
    uint64_t v = 0;
    unsigned i;

    for (i = 0; i < size && addr + i < ar->gpe_len; i++) {
        unsigned b = addr + i;
        uint8_t byte = b < half ? ar->gpe_sts[b] : ar->gpe_en[b - half];

        v |= (uint64_t)byte << (8 * i);
    }
    return v;
}

static void gpe_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    ACPIPMRegs *ar = opaque;
    unsigned half = ar->gpe_len / 2;
    unsigned i;

    for (i = 0; i < size && addr + i < ar->gpe_len; i++) {
        unsigned b = addr + i;
        uint8_t byte = val >> (8 * i);

        if (b < half) {
            ar->gpe_sts[b] &= ~byte;
        } else {
            ar->gpe_en[b - half] = byte;
        }
    }
    acpi_pm_update_sci(ar);
}

#define ACPI_REG_OPS(name) \
    static const MemoryRegionOps name##_ops = { \
        .read = name##_read, \
        .write = name##_write, \
        .endianness = DEVICE_LITTLE_ENDIAN, \
        .valid = { .min_access_size = 1, .max_access_size = 4, \
                   .unaligned = true }, \
        .impl = { .min_access_size = 1, .max_access_size = 4, \
                  .unaligned = true }, \
    }

ACPI_REG_OPS(evt);
ACPI_REG_OPS(cnt);
ACPI_REG_OPS(tmr);
ACPI_REG_OPS(gpe);

void acpi_pm_init(ACPIPMRegs *ar, Object *owner, unsigned gpe_len,
                  ACPISleepFunc *sleep, void *sleep_opaque)
{
    g_assert(gpe_len >= 2 && gpe_len <= ACPI_GPE_MAX_LEN && !(gpe_len & 1));
    ar->gpe_len = gpe_len;
    ar->sleep = sleep;
    ar->sleep_opaque = sleep_opaque;
    ar->tmr_timer = timer_new_ns(CLOCK_VIRTUAL, tmr_expired, ar);
    memory_region_init_io(&ar->evt, owner, &evt_ops, ar, "acpi-evt",
                          ACPI_PM1_EVT_LEN);
    memory_region_init_io(&ar->cnt, owner, &cnt_ops, ar, "acpi-cnt",
                          ACPI_PM1_CNT_LEN);
    memory_region_init_io(&ar->tmr, owner, &tmr_ops, ar, "acpi-tmr",
                          ACPI_PM_TMR_LEN);
    memory_region_init_io(&ar->gpe, owner, &gpe_ops, ar, "acpi-gpe0",
                          gpe_len);
    ar->initialized = true;
}

void acpi_pm_exit(ACPIPMRegs *ar)
{
    if (!ar->initialized) {
        return;
    }
    timer_free(ar->tmr_timer);
    ar->tmr_timer = NULL;
    object_unparent(OBJECT(&ar->evt));
    object_unparent(OBJECT(&ar->cnt));
    object_unparent(OBJECT(&ar->tmr));
    object_unparent(OBJECT(&ar->gpe));
    ar->initialized = false;
}

void acpi_pm_reset(ACPIPMRegs *ar)
{
    ar->pm1_sts = 0;
    ar->pm1_en = 0;
    ar->pm1_cnt = 0;
    ar->tmr_overflow_ns = 0;
    memset(ar->gpe_sts, 0, sizeof(ar->gpe_sts));
    memset(ar->gpe_en, 0, sizeof(ar->gpe_en));
    acpi_pm_update_sci(ar);
}

void acpi_pm_power_button(ACPIPMRegs *ar)
{
    ar->pm1_sts |= ACPI_PM1_PWRBTN_STS;
    acpi_pm_update_sci(ar);
}

void acpi_gpe_raise(ACPIPMRegs *ar, unsigned bit)
{
    g_assert(bit / 8 < ar->gpe_len / 2);
    ar->gpe_sts[bit / 8] |= 1u << (bit % 8);
    acpi_pm_update_sci(ar);
}

void acpi_pm_set_sci_enable(ACPIPMRegs *ar, bool enable)
{
    if (enable) {
        ar->pm1_cnt |= ACPI_PM1_CNT_SCI_EN;
    } else {
        ar->pm1_cnt &= ~ACPI_PM1_CNT_SCI_EN;
    }
}
