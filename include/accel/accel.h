/*
 * Accelerators: what runs the guest's CPUs.
 *
 * An accelerator is a QOM class "NAME-accel" (qtest, kvm).  The command
 * line picks one with -accel NAME[,prop=value] (or the older -machine
 * accel=A:B), creates it, sets its properties, and attaches it to the
 * machine before the board is built.  With no accelerator nothing runs
 * the CPUs and the virtual clock stands still.
 */
#ifndef ACCEL_ACCEL_H
#define ACCEL_ACCEL_H

#include "qom/object.h"
#include "hw/core/machine.h"

#define TYPE_ACCEL "accel"
#define ACCEL_CLASS_SUFFIX "-" TYPE_ACCEL
#define ACCEL_CLASS_NAME(a) (a ACCEL_CLASS_SUFFIX)

struct AccelState {
    Object parent_obj;
};

typedef struct AccelClass {
    ObjectClass parent_class;

    const char *name;
    /* Attach to @ms; fail if this host cannot run it. */
    bool (*init_machine)(AccelState *accel, MachineState *ms, Error **errp);
    /* After the board is built, before the guest starts. */
    void (*setup_post)(AccelState *accel, MachineState *ms);
} AccelClass;

#define ACCEL(obj) OBJECT_CHECK(AccelState, (obj), TYPE_ACCEL)
#define ACCEL_CLASS(klass) OBJECT_CLASS_CHECK(AccelClass, (klass), TYPE_ACCEL)
#define ACCEL_GET_CLASS(obj) OBJECT_GET_CLASS(AccelClass, (obj), TYPE_ACCEL)

/* The class for -accel @name, or NULL. */
AccelClass *accel_find(const char *name);
/* "-accel help". */
void accel_print_list(void);
/* Attach @accel to @ms; on success it becomes the current accelerator. */
bool accel_init_machine(AccelState *accel, MachineState *ms, Error **errp);
void accel_setup_post(MachineState *ms);
AccelState *current_accel(void);
/* The current accelerator's name ("qtest", "kvm"), or NULL. */
const char *current_accel_name(void);

#endif
