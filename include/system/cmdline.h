/*
 * The qemu-system style command line.
 *
 * Parsing happens in one pass over argv that checks the syntax of every
 * option and records what it asks for in a Cmdline; errors name the
 * option ("-device foo,bar=1: reason").  Help requests print and exit at
 * once.  Building the machine from a Cmdline happens afterwards, in
 * system/vl.c, in the same order qemu uses.
 */
#ifndef SYSTEM_CMDLINE_H
#define SYSTEM_CMDLINE_H

#include "qobject/qobject.h"
#include "util/uuid.h"

/* An option whose processing waits until the machine exists. */
typedef struct PendingOption {
    int argv_index;     /* for error locations */
    QDict *opts;
    bool typed;         /* from JSON: values have their JSON types */
} PendingOption;

typedef struct Cmdline {
    char **argv;
    int argc;

    QDict *machine_opts;        /* -M merged; "memory", "smp" included */
    int machine_argv_index;     /* of the last -M, or 0 */
    bool machine_help;

    char *cpu_model;
    QDict *cpu_features;        /* registered as globals on the CPU type */

    GPtrArray *objects;         /* of PendingOption: -object */
    GPtrArray *devices;         /* of PendingOption: -device */
    GPtrArray *accels;          /* of PendingOption: -accel */
    char *machine_accel;        /* -machine accel=a:b */

    GPtrArray *chardevs;        /* of PendingOption: -chardev */
    GPtrArray *monitors;        /* of PendingOption: -mon, -qmp */
    GPtrArray *serials;         /* of PendingOption: -serial {"spec"} */
    GPtrArray *fw_cfgs;         /* of PendingOption: -fw_cfg */
    GPtrArray *numas;           /* of PendingOption: -numa */
    char *qtest_chardev;        /* -qtest SPEC */
    char *qtest_log;            /* -qtest-log FILE */
    bool preconfig;             /* --preconfig */

    char *name;
    bool autostart;
    bool nodefaults;
    bool nographic;
    CorvidUUID uuid;
    bool uuid_set;
} Cmdline;

/*
 * Parse @argv into @cl.  Returns 0 to go on, or an exit status: 0 after
 * printing help or the version, 1 after reporting an error.
 */
int cmdline_parse(Cmdline *cl, int argc, char **argv, bool *done);
void cmdline_free(Cmdline *cl);

/* Set the error location to the option at @argv_index. */
void cmdline_set_location(const Cmdline *cl, int argv_index);

#endif
