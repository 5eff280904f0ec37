/*
 * The emulator's entry point and the little global state the start-up
 * sequence records for the monitor to report.
 */
#ifndef SYSTEM_VL_H
#define SYSTEM_VL_H

/* -name guest=NAME, or NULL. */
extern char *vm_name;

/* Run the emulator; returns the process exit status. */
int corvid_main(int argc, char **argv);

#endif
