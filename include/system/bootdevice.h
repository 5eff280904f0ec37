/*
 * Boot devices: the -boot drive letters and who carries them out.
 *
 * -boot order=/once= name drives by letter, as the PC BIOS setup did:
 * a-b floppy disks, c-f hard disks, g-m machine-specific drives, n-p
 * network adapters.  The machine property "boot" checks that only those
 * letters appear, each once.  What a letter means and how many fit is the
 * board's business: a board that can change its boot devices at run time
 * (pc's CMOS) registers a handler, which also refuses what it cannot do.
 *
 * once= applies to the first boot only: after board init the handler
 * gets the once= devices, and after the next system reset the order=
 * ones again.
 */
#ifndef SYSTEM_BOOTDEVICE_H
#define SYSTEM_BOOTDEVICE_H

#include "util/error.h"

typedef struct MachineState MachineState;

/* Boot drive letters: 'a' to 'p'. */
#define BOOT_DEVICE_FIRST 'a'
#define BOOT_DEVICE_LAST 'p'

/* Check a string of drive letters (qemu's errors). */
bool validate_bootdevices(const char *devices, Error **errp);

/* Set the boot devices; errors refuse them. */
typedef void QEMUBootSetHandler(void *opaque, const char *boot_order,
                                Error **errp);

/* One handler per machine; the board registers it during init. */
void qemu_register_boot_set(QEMUBootSetHandler *func, void *opaque);
/* Forget the handler (the machine is going away). */
void qemu_unregister_boot_set(void);
/* Pass @boot_order to the handler; an error if there is none. */
bool qemu_boot_set(const char *boot_order, Error **errp);

/*
 * After board init: with -boot once=, hand the once= devices to the
 * handler and arrange for order= to come back after the next reset.
 */
bool machine_boot_apply_once(MachineState *ms, Error **errp);

#endif
