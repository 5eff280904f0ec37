/*
 * libqvirtio internals shared by the transport (libqvirtio.c) and the
 * ring drivers (libqvirtio-ring.c).
 */
#ifndef TESTS_QTEST_LIBQVIRTIO_INTERNAL_H
#define TESTS_QTEST_LIBQVIRTIO_INTERNAL_H

#include "libqvirtio.h"

/* Driver-side ring state after the ring memory was zeroed. */
void qvring_init_state(QVirtQueue *vq);
/* Free indirect tables still in flight and the bookkeeping arrays. */
void qvring_free_state(QVirtQueue *vq);

#endif
