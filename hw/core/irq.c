/*
 * Interrupt lines (see include/hw/core/irq.h).
 */
#include "util/osdep.h"
#include "util/module.h"
#include "hw/core/irq.h"

void qemu_set_irq(qemu_irq irq, int level)
{
    if (irq && irq->handler) {
        irq->handler(irq->opaque, irq->n, level);
    }
}

qemu_irq qemu_allocate_irq(qemu_irq_handler handler, void *opaque, int n)
{
    qemu_irq irq = (qemu_irq)object_new(TYPE_IRQ);

    irq->handler = handler;
    irq->opaque = opaque;
    irq->n = n;
    return irq;
}

qemu_irq *qemu_allocate_irqs(qemu_irq_handler handler, void *opaque, int n)
{
    qemu_irq *irqs = g_new0(qemu_irq, n);
    int i;

    for (i = 0; i < n; i++) {
        irqs[i] = qemu_allocate_irq(handler, opaque, i);
    }
    return irqs;
}

void qemu_free_irq(qemu_irq irq)
{
    object_unref(OBJECT(irq));
}

void qemu_free_irqs(qemu_irq *irqs, int n)
{
    int i;

    for (i = 0; i < n; i++) {
        qemu_free_irq(irqs[i]);
    }
    g_free(irqs);
}

void qemu_irq_intercept_in(qemu_irq *irqs, qemu_irq_handler handler,
                           void *opaque, int n)
{
    int i;

    for (i = 0; i < n; i++) {
        irqs[i]->handler = handler;
        irqs[i]->opaque = opaque;
        irqs[i]->n = i;
    }
}

static const TypeInfo irq_type_info = {
    .name = TYPE_IRQ,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(struct IRQState),
};

static void irq_register_types(void)
{
    type_register_static(&irq_type_info);
}

type_init(irq_register_types)
