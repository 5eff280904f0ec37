/*
 * QMP commands that exist only in test builds.
 *
 *   x-corvid-test-sleep {"ms": N}   keep the main loop busy for N ms
 *                                   (at most 10 s), so that tests can show
 *                                   out-of-band commands overtaking it
 */
#include "util/osdep.h"
#include "monitor/qmp.h"

#define TEST_SLEEP_MAX_MS 10000

static void qmp_test_sleep(const QDict *args, QObject **ret, Error **errp)
{
    int64_t ms = qdict_get_try_int(args, "ms", 0);

    if (ms < 0 || ms > TEST_SLEEP_MAX_MS) {
        error_setg(errp, "Parameter 'ms' expects a value from 0 to %d",
                   TEST_SLEEP_MAX_MS);
        return;
    }
    g_usleep(ms * 1000);
}

static const QmpArgSpec sleep_args[] = {
    { "ms", QMP_ARG_INT },
    { NULL }
};

static void testdev_qmp_register(void)
{
    qmp_register_command("x-corvid-test-sleep", qmp_test_sleep, sleep_args,
                         0);
}

qmp_init(testdev_qmp_register)
