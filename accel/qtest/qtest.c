/*
 * The qtest accelerator: no CPU runs; the test program on the other end
 * of the qtest server (system/qtest.c) drives the machine, and it alone
 * moves the virtual clock (clock_step, clock_set).
 */
#include "util/osdep.h"
#include "util/module.h"
#include "accel/accel.h"
#include "system/qtest.h"

#define TYPE_QTEST_ACCEL ACCEL_CLASS_NAME("qtest")

/* Set once the accelerator is attached to the machine. */
static bool qtest_accel_active;

bool qtest_enabled(void)
{
    return qtest_accel_active;
}

static bool qtest_accel_init_machine(AccelState *accel, MachineState *ms,
                                     Error **errp)
{
    /*
     * Nothing to set up: with no CPU the virtual clock stands still
     * except when the qtest server advances it, which is exactly what
     * this accelerator promises.
     */
    qtest_accel_active = true;
    return true;
}

static void qtest_accel_class_init(ObjectClass *oc, void *data)
{
    AccelClass *ac = ACCEL_CLASS(oc);

    ac->init_machine = qtest_accel_init_machine;
}

static const TypeInfo qtest_accel_type = {
    .name = TYPE_QTEST_ACCEL,
    .parent = TYPE_ACCEL,
    .class_init = qtest_accel_class_init,
};

static void qtest_accel_register_types(void)
{
    type_register_static(&qtest_accel_type);
}

type_init(qtest_accel_register_types)
