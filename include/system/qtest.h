/*
 * The qtest server: a test program drives the machine over a chardev.
 *
 * With -accel qtest no CPU runs.  A test program connects to the chardev
 * given with -qtest and sends one request per line (guest memory and
 * port accesses, virtual clock steps, interrupt line intercepts); every
 * request gets one reply line, and intercepted interrupt lines report
 * their changes as "IRQ raise N" / "IRQ lower N" lines in between.  It
 * is the protocol existing qtest clients speak; system/qtest.c serves
 * it, tests/qtest/libqtest.h is our client.
 */
#ifndef SYSTEM_QTEST_H
#define SYSTEM_QTEST_H

#include "util/osdep.h"
#include "util/error.h"

/* Whether the qtest accelerator runs the machine (accel/qtest/qtest.c). */
bool qtest_enabled(void);

/*
 * Start the server on the chardev @chardev_spec ("unix:PATH", "stdio",
 * "chardev:ID", ... as for -qtest; created with id "qtest").  A client
 * socket connects here, at start-up.  @logfile is -qtest-log: NULL logs
 * to stderr, "none" logs nothing, anything else is a file to create.
 * Only one server may run.  When the client closes the connection, the
 * server requests a shutdown, so the process exits with status 0.
 */
bool qtest_server_init(const char *chardev_spec, const char *logfile,
                       Error **errp);

/* Whether a qtest server was started. */
bool qtest_server_running(void);

/*
 * How the server reaches the guest: guest-physical memory as the CPU
 * sees it, and the 16-bit I/O port space.  Multi-byte port values are
 * host numbers; memory buffers are bytes in address order.
 *
 * They go through address_space_memory and address_space_io: RAM is
 * copied, devices see the accesses their regions accept, and unassigned
 * accesses behave as in qemu (memory reads as zeroes, ports as all-ones,
 * writes are dropped).
 */
void qtest_mem_read(uint64_t addr, void *buf, uint64_t len);
void qtest_mem_write(uint64_t addr, const void *buf, uint64_t len);
uint32_t qtest_io_read(uint16_t addr, unsigned size);
void qtest_io_write(uint16_t addr, uint32_t val, unsigned size);

#endif
