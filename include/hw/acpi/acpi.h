/*
 * ACPI fixed-hardware power management registers ([ACPI] 6.5, chapter 4
 * "ACPI Hardware Specification"): the PM1 event and control blocks, the
 * power management timer and a general-purpose event (GPE) block, and
 * the System Control Interrupt (SCI) that the enabled events drive.
 *
 * A chipset's power-management function (PIIX4_PM, hw/acpi/piix4.c)
 * embeds an ACPIPMRegs, maps its regions where its registers say, and
 * exposes the SCI as an output line:
 *
 *   acpi_pm_init(&s->ar, OBJECT(s), ACPI_GPE0_LEN_PIIX4, sleep_cb, s);
 *   qdev_init_gpio_out(DEVICE(s), &s->ar.sci, 1);
 *   memory_region_add_subregion(&s->io, 0, &s->ar.evt);   (PM1a_EVT_BLK)
 *   memory_region_add_subregion(&s->io, 4, &s->ar.cnt);   (PM1a_CNT_BLK)
 *   memory_region_add_subregion(&s->io, 8, &s->ar.tmr);   (PM_TMR_BLK)
 *   memory_region_add_subregion(io_space, 0xafe0, &s->ar.gpe);
 *
 * The SCI is a level: asserted while any status bit of PM1 (timer
 * overflow, global lock, power button, RTC) or of the GPE block is set
 * together with its enable bit.  Like qemu's (observed), the level does
 * not depend on SCI_EN in PM1 control.
 *
 * Register access: every register accepts 1-, 2- and 4-byte accesses
 * anywhere inside its block; status bits are write-1-to-clear, enable
 * bits read/write, SLP_EN is write-only and reads 0.
 */
#ifndef HW_ACPI_ACPI_H
#define HW_ACPI_ACPI_H

#include "system/memory.h"
#include "hw/core/irq.h"
#include "util/timer.h"

/* [ACPI] 4.8.3.3: the PM timer runs at 3.579545 MHz. */
#define ACPI_PM_TIMER_FREQUENCY     3579545
/* A 24-bit counter (FADT TMR_VAL_EXT clear, as on PIIX4). */
#define ACPI_PM_TIMER_MASK          0xffffffu
/* TMR_STS is set whenever bit 23 of the counter changes. */
#define ACPI_PM_TIMER_OVERFLOW_BIT  23

/* Block sizes (bytes) */
#define ACPI_PM1_EVT_LEN            4   /* status (2), enable (2) */
#define ACPI_PM1_CNT_LEN            2
#define ACPI_PM_TMR_LEN             4
#define ACPI_GPE_MAX_LEN            16  /* status half + enable half */

/* PM1 status ([ACPI] 4.8.3.1.1, table 4.16) */
#define ACPI_PM1_TMR_STS            0x0001
#define ACPI_PM1_BM_STS             0x0010
#define ACPI_PM1_GBL_STS            0x0020
#define ACPI_PM1_PWRBTN_STS         0x0100
#define ACPI_PM1_SLPBTN_STS         0x0200
#define ACPI_PM1_RTC_STS            0x0400
#define ACPI_PM1_WAK_STS            0x8000

/* PM1 enable ([ACPI] 4.8.3.1.2, table 4.17): same positions */
#define ACPI_PM1_TMR_EN             0x0001
#define ACPI_PM1_GBL_EN             0x0020
#define ACPI_PM1_PWRBTN_EN          0x0100
#define ACPI_PM1_SLPBTN_EN          0x0200
#define ACPI_PM1_RTC_EN             0x0400

/* The PM1 events that raise the SCI when enabled. */
#define ACPI_PM1_SCI_EVENTS         (ACPI_PM1_TMR_STS | ACPI_PM1_GBL_STS | \
                                     ACPI_PM1_PWRBTN_STS | ACPI_PM1_RTC_STS)

/* PM1 control ([ACPI] 4.8.3.2.1, table 4.18) */
#define ACPI_PM1_CNT_SCI_EN         0x0001
#define ACPI_PM1_CNT_BM_RLD         0x0002
#define ACPI_PM1_CNT_GBL_RLS        0x0004
#define ACPI_PM1_CNT_SLP_TYP_SHIFT  10
#define ACPI_PM1_CNT_SLP_TYP        (7u << ACPI_PM1_CNT_SLP_TYP_SHIFT)
#define ACPI_PM1_CNT_SLP_EN         0x2000

typedef struct ACPIPMRegs ACPIPMRegs;

/* The guest wrote SLP_EN with sleep type @slp_typ (0-7). */
typedef void ACPISleepFunc(void *opaque, unsigned slp_typ);

struct ACPIPMRegs {
    /* The SCI: an output line of the owner (qdev_init_gpio_out). */
    qemu_irq sci;

    uint16_t pm1_sts;           /* without TMR_STS, which is computed */
    uint16_t pm1_en;
    uint16_t pm1_cnt;           /* SLP_EN never stored */

    /*
     * The timer's overflow status: TMR_STS reads 1 once the virtual clock
     * reaches tmr_overflow_ns.  A reset sets it to 0, so TMR_STS is set
     * until the guest first clears it (as qemu's reads after reset);
     * clearing it moves it to the next change of bit 23.
     */
    int64_t tmr_overflow_ns;
    Timer *tmr_timer;           /* raises the SCI at that time if TMR_EN */

    unsigned gpe_len;           /* the whole block: status half + enable */
    uint8_t gpe_sts[ACPI_GPE_MAX_LEN / 2];
    uint8_t gpe_en[ACPI_GPE_MAX_LEN / 2];

    ACPISleepFunc *sleep;
    void *sleep_opaque;

    /* "acpi-evt", "acpi-cnt", "acpi-tmr", "acpi-gpe0"; the owner maps
     * them. */
    MemoryRegion evt;
    MemoryRegion cnt;
    MemoryRegion tmr;
    MemoryRegion gpe;
    bool initialized;
};

/*
 * Set up the registers and their regions (owned by @owner, unmapped).
 * @gpe_len is the GPE block's length: even, 2..ACPI_GPE_MAX_LEN.
 */
void acpi_pm_init(ACPIPMRegs *ar, Object *owner, unsigned gpe_len,
                  ACPISleepFunc *sleep, void *sleep_opaque);
/* Undo acpi_pm_init; the owner has unmapped the regions. */
void acpi_pm_exit(ACPIPMRegs *ar);
/* Power-on values: every status and enable bit clear, SCI low. */
void acpi_pm_reset(ACPIPMRegs *ar);

/* Drive the SCI from the current status and enable bits. */
void acpi_pm_update_sci(ACPIPMRegs *ar);
bool acpi_pm_sci_level(ACPIPMRegs *ar);

/* Events from the board */

/* The power button was pressed (system_powerdown): PWRBTN_STS. */
void acpi_pm_power_button(ACPIPMRegs *ar);
/* Set GPE status bit @bit (0 = the first status byte's bit 0). */
void acpi_gpe_raise(ACPIPMRegs *ar, unsigned bit);
/* SCI_EN, as the firmware's ACPI enable/disable SMI command sets it. */
void acpi_pm_set_sci_enable(ACPIPMRegs *ar, bool enable);

/* The PM timer's count now (24 bits). */
uint32_t acpi_pm_timer_value(void);

#endif
