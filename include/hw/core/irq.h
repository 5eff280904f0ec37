/*
 * Interrupt lines.
 *
 * A qemu_irq is one wire: whoever drives it calls qemu_set_irq(irq, level)
 * and the receiver's handler runs with its opaque pointer, the line number
 * it gave and the new level.  Lines are QOM objects (TYPE_IRQ) so that
 * devices can expose their GPIO inputs as child properties and outputs as
 * links, and so that the qtest server can intercept them.
 */
#ifndef HW_CORE_IRQ_H
#define HW_CORE_IRQ_H

#include "qom/object.h"

#define TYPE_IRQ "irq"

typedef struct IRQState *qemu_irq;
typedef void (*qemu_irq_handler)(void *opaque, int n, int level);

struct IRQState {
    Object parent_obj;
    qemu_irq_handler handler;
    void *opaque;
    int n;
};

/* Drive @irq (NULL is an unconnected line: nothing happens). */
void qemu_set_irq(qemu_irq irq, int level);

static inline void qemu_irq_raise(qemu_irq irq)
{
    qemu_set_irq(irq, 1);
}

static inline void qemu_irq_lower(qemu_irq irq)
{
    qemu_set_irq(irq, 0);
}

static inline void qemu_irq_pulse(qemu_irq irq)
{
    qemu_set_irq(irq, 1);
    qemu_set_irq(irq, 0);
}

/* One line calling @handler(opaque, n, level); free with qemu_free_irq. */
qemu_irq qemu_allocate_irq(qemu_irq_handler handler, void *opaque, int n);
/* @n lines numbered 0..n-1 (free with qemu_free_irqs). */
qemu_irq *qemu_allocate_irqs(qemu_irq_handler handler, void *opaque, int n);
void qemu_free_irq(qemu_irq irq);
void qemu_free_irqs(qemu_irq *irqs, int n);

/*
 * Replace the handler of each of @irqs[0..n-1] with @handler(opaque, i,
 * level).  Used by the qtest server to report lines to the test program.
 */
void qemu_irq_intercept_in(qemu_irq *irqs, qemu_irq_handler handler,
                           void *opaque, int n);

#endif
