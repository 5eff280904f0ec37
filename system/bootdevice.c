/*
 * Boot devices: checking -boot drive letters, the board's handler for
 * changing them, and -boot once= (see include/system/bootdevice.h).
 */
#include "util/osdep.h"
#include "util/notify.h"
#include "hw/core/machine.h"
#include "system/bootdevice.h"
#include "system/runstate.h"

static QEMUBootSetHandler *boot_set_handler;
static void *boot_set_opaque;

/* once=: the order to go back to after the first reset. */
static Notifier restore_notifier;
static char *restore_order;

bool validate_bootdevices(const char *devices, Error **errp)
{
    /* One bit per letter a..p: each may appear once. */
    unsigned seen = 0;
    const char *p;

    for (p = devices; *p; p++) {
        unsigned bit;

        if (*p < BOOT_DEVICE_FIRST || *p > BOOT_DEVICE_LAST) {
            error_setg(errp, "Invalid boot device '%c'", *p);
            return false;
        }
        bit = 1u << (*p - BOOT_DEVICE_FIRST);
        if (seen & bit) {
            error_setg(errp, "Boot device '%c' was given twice", *p);
            return false;
        }
        seen |= bit;
    }
    return true;
}

void qemu_register_boot_set(QEMUBootSetHandler *func, void *opaque)
{
    boot_set_handler = func;
    boot_set_opaque = opaque;
}

void qemu_unregister_boot_set(void)
{
    boot_set_handler = NULL;
    boot_set_opaque = NULL;
    notifier_remove(&restore_notifier);
    g_free(restore_order);
    restore_order = NULL;
}

bool qemu_boot_set(const char *boot_order, Error **errp)
{
    Error *local_err = NULL;

    if (!boot_set_handler) {
        error_setg(errp, "no function defined to set boot device list for "
                   "this architecture");
        return false;
    }
    boot_set_handler(boot_set_opaque, boot_order, &local_err);
    if (local_err) {
        error_propagate(errp, local_err);
        return false;
    }
    return true;
}

/* After the first reset since once= was applied: order= again. */
static void restore_boot_order(Notifier *n, void *data)
{
    g_autofree char *order = restore_order;

    restore_order = NULL;
    notifier_remove(n);
    /* The order was accepted at start-up; a handler that now refuses it
     * leaves the once= devices, as there is nobody to tell. */
    qemu_boot_set(order, NULL);
}

bool machine_boot_apply_once(MachineState *ms, Error **errp)
{
    const BootConfiguration *boot = &ms->boot_config;

    if (!boot->once) {
        return true;
    }
    if (!qemu_boot_set(boot->once, errp)) {
        return false;
    }
    notifier_remove(&restore_notifier);
    g_free(restore_order);
    restore_order = g_strdup(boot->order ? boot->order : "");
    restore_notifier.notify = restore_boot_order;
    runstate_add_reset_notifier(&restore_notifier);
    return true;
}
