/*
 * Parsing the command line (see include/system/cmdline.h).
 */
#include "util/osdep.h"
#include "util/cutils.h"
#include "util/error-report.h"
#include "util/keyval.h"
#include "qobject/qjson.h"
#include "qom/object-interfaces.h"
#include "hw/core/cpu.h"
#include "hw/core/machine.h"
#include "hw/core/qdev-properties.h"
#include "accel/accel.h"
#include "chardev/char.h"
#include "system/cmdline.h"
#include "system/device-add.h"
#include "system/fw_cfg-opts.h"
#include "net/net-opts.h"
#include "block/blockdev.h"
#include "system/runstate.h"

/* What a handler tells the parser. */
typedef enum {
    OPT_OK,         /* go on */
    OPT_EXIT,       /* printed what was asked; exit 0 */
    OPT_ERROR,      /* *errp is set; exit 1 */
} OptResult;

typedef OptResult OptHandler(Cmdline *cl, const char *arg, int idx,
                             Error **errp);

typedef struct CmdlineOption {
    const char *name;
    bool has_arg;
    OptHandler *handler;
} CmdlineOption;

static PendingOption *pending_new(int idx, QDict *opts, bool typed)
{
    PendingOption *p = g_new0(PendingOption, 1);

    p->argv_index = idx;
    p->opts = opts;
    p->typed = typed;
    return p;
}

/*
 * Like qemu's option parser, refuse a second option of the same kind
 * with the same id before anything is created ("Duplicate ID 'x' for
 * device"); device_add and object-add have their own wording for it.
 */
static bool check_duplicate_id(GPtrArray *list, const QDict *opts,
                               const char *kind, Error **errp)
{
    const char *id = qdict_get_try_str(opts, "id");
    guint i;

    for (i = 0; id && i < list->len; i++) {
        PendingOption *p = g_ptr_array_index(list, i);

        if (!g_strcmp0(qdict_get_try_str(p->opts, "id"), id)) {
            error_setg(errp, "Duplicate ID '%s' for %s", id, kind);
            return false;
        }
    }
    return true;
}

static void pending_free(gpointer data)
{
    PendingOption *p = data;

    qobject_unref(p->opts);
    g_free(p);
}

/*
 * An option argument that is either JSON ('{...}', typed) or key=value
 * text with @implied_key.
 */
static QDict *parse_json_or_keyval(const char *arg, const char *implied_key,
                                   bool *help, unsigned flags, bool *typed,
                                   Error **errp)
{
    *typed = false;
    if (help) {
        *help = false;
    }
    if (arg[0] == '{') {
        QObject *obj = qobject_from_json(arg, errp);
        QDict *dict;

        if (!obj) {
            return NULL;
        }
        dict = qobject_to(QDict, obj);
        if (!dict) {
            error_setg(errp, "JSON value must be an object");
            qobject_unref(obj);
            return NULL;
        }
        *typed = true;
        return dict;
    }
    return keyval_parse(arg, implied_key, help, flags, errp);
}

/* -M / -machine */
static OptResult opt_machine(Cmdline *cl, const char *arg, int idx,
                             Error **errp)
{
    bool help;
    QDict *opts = keyval_parse(arg, "type", &help, 0, errp);

    if (!opts) {
        return OPT_ERROR;
    }
    keyval_merge(cl->machine_opts, opts);
    qobject_unref(opts);
    cl->machine_help |= help;
    cl->machine_argv_index = idx;
    return OPT_OK;
}

/*
 * Like qemu's, -m sizes without a suffix are in MiB ("-m 512"), where
 * every other size option counts bytes.
 */
static int parse_size_mib(const char *str, uint64_t *out)
{
    size_t len = strlen(str);
    uint64_t v;
    int ret;

    if (len && g_ascii_isdigit(str[len - 1]) && !strchr(str, 'x') &&
        !strchr(str, 'X')) {
        g_autofree char *with_unit = g_strconcat(str, "M", NULL);
        return parse_size(with_unit, out);
    }
    ret = parse_size(str, &v);
    if (!ret) {
        *out = v;
    }
    return ret;
}

/* -m [size=]SIZE[,slots=N,maxmem=SIZE] */
static OptResult opt_memory(Cmdline *cl, const char *arg, int idx,
                            Error **errp)
{
    g_autoptr(QDict) opts = keyval_parse(arg, "size", NULL, 0, errp);
    QDict *mem;
    const QDictEntry *e;

    if (!opts) {
        return OPT_ERROR;
    }
    mem = qdict_new();
    for (e = qdict_first(opts); e; e = qdict_next(opts, e)) {
        const char *key = qdict_entry_key(e);
        QString *qs = qobject_to(QString, qdict_entry_value(e));
        uint64_t v;

        if (strcmp(key, "size") && strcmp(key, "slots") &&
            strcmp(key, "maxmem")) {
            error_setg(errp, "Invalid parameter '%s'", key);
            goto fail;
        }
        if (!qs) {
            error_setg(errp, "Parameter '%s' expects a value", key);
            goto fail;
        }
        if (!strcmp(key, "slots")) {
            if (parse_uint64(qstring_get_str(qs), &v) < 0) {
                error_setg(errp, "Parameter 'slots' expects a number");
                goto fail;
            }
            qdict_put_uint(mem, "slots", v);
            continue;
        }
        /* Only the size itself counts in MiB; maxmem counts bytes. */
        if ((!strcmp(key, "size") ? parse_size_mib(qstring_get_str(qs), &v)
                                  : parse_size(qstring_get_str(qs), &v)) < 0) {
            error_setg(errp, "Parameter '%s' expects a non-negative number "
                       "below 2^64", key);
            error_append_hint(errp, SIZE_SUFFIX_HINT);
            goto fail;
        }
        qdict_put_uint(mem, !strcmp(key, "size") ? "size" : "max-size", v);
    }
    qdict_put(cl->machine_opts, "memory", mem);
    return OPT_OK;

fail:
    qobject_unref(mem);
    return OPT_ERROR;
}

/* -smp [cpus=]N[,maxcpus=,sockets=,dies=,clusters=,cores=,threads=] */
static OptResult opt_smp(Cmdline *cl, const char *arg, int idx, Error **errp)
{
    QDict *opts = keyval_parse(arg, "cpus", NULL, 0, errp);

    if (!opts) {
        return OPT_ERROR;
    }
    qdict_put(cl->machine_opts, "smp", opts);
    return OPT_OK;
}

/* -cpu MODEL[,feature=value,+feature,-feature] */
static OptResult opt_cpu(Cmdline *cl, const char *arg, int idx, Error **errp)
{
    g_auto(GStrv) parts = g_strsplit(arg, ",", 0);
    int i;

    if (!parts[0] || !*parts[0]) {
        error_setg(errp, "unable to find CPU model ''");
        return OPT_ERROR;
    }
    if (!strcmp(parts[0], "help") || !strcmp(parts[0], "?")) {
        cpu_list_print();
        return OPT_EXIT;
    }
    g_free(cl->cpu_model);
    cl->cpu_model = g_strdup(parts[0]);
    qobject_unref(cl->cpu_features);
    cl->cpu_features = qdict_new();
    for (i = 1; parts[i]; i++) {
        const char *f = parts[i];
        const char *eq = strchr(f, '=');

        if (!*f) {
            continue;
        }
        if (f[0] == '+' || f[0] == '-') {
            /* The older "+feat"/"-feat" spelling. */
            qdict_put_str(cl->cpu_features, f + 1, f[0] == '+' ? "on"
                                                                : "off");
        } else if (eq) {
            g_autofree char *key = g_strndup(f, eq - f);
            qdict_put_str(cl->cpu_features, key, eq + 1);
        } else {
            qdict_put_str(cl->cpu_features, f, "on");
        }
    }
    return OPT_OK;
}

/* -object TYPE,id=ID,... or JSON */
static OptResult opt_object(Cmdline *cl, const char *arg, int idx,
                            Error **errp)
{
    bool help, typed;
    QDict *opts = parse_json_or_keyval(arg, "qom-type", &help, 0, &typed,
                                       errp);

    if (!opts) {
        return OPT_ERROR;
    }
    if (help) {
        bool ok = user_creatable_print_help(
                        qdict_get_try_str(opts, "qom-type"), errp);
        qobject_unref(opts);
        return ok ? OPT_EXIT : OPT_ERROR;
    }
    if (!check_duplicate_id(cl->objects, opts, "object", errp)) {
        qobject_unref(opts);
        return OPT_ERROR;
    }
    g_ptr_array_add(cl->objects, pending_new(idx, opts, typed));
    return OPT_OK;
}

/* -device DRIVER,... or JSON */
static OptResult opt_device(Cmdline *cl, const char *arg, int idx,
                            Error **errp)
{
    bool help, typed;
    QDict *opts = parse_json_or_keyval(arg, "driver", &help,
                                       KEYVAL_SHORT_BOOL, &typed, errp);
    const char *driver;

    if (!opts) {
        return OPT_ERROR;
    }
    if (help) {
        bool ok = true;

        driver = qdict_get_try_str(opts, "driver");
        if (driver) {
            ok = qdev_device_help(driver, errp);
        } else {
            qdev_device_list_print();
        }
        qobject_unref(opts);
        return ok ? OPT_EXIT : OPT_ERROR;
    }
    if (!check_duplicate_id(cl->devices, opts, "device", errp)) {
        qobject_unref(opts);
        return OPT_ERROR;
    }
    g_ptr_array_add(cl->devices, pending_new(idx, opts, typed));
    return OPT_OK;
}

/* -global DRIVER.PROP=VALUE or -global driver=D,property=P,value=V */
static OptResult opt_global(Cmdline *cl, const char *arg, int idx,
                            Error **errp)
{
    const char *eq = strchr(arg, '=');
    const char *dot = strchr(arg, '.');
    g_autoptr(QDict) opts = NULL;
    const char *driver, *property, *value;
    const QDictEntry *e;

    if (eq && dot && dot < eq && dot > arg && eq > dot + 1) {
        g_autofree char *d = g_strndup(arg, dot - arg);
        g_autofree char *p = g_strndup(dot + 1, eq - dot - 1);

        qdev_prop_register_global(d, p, eq + 1);
        return OPT_OK;
    }
    opts = keyval_parse(arg, NULL, NULL, KEYVAL_SHORT_BOOL, errp);
    if (!opts) {
        return OPT_ERROR;
    }
    for (e = qdict_first(opts); e; e = qdict_next(opts, e)) {
        const char *key = qdict_entry_key(e);
        if (strcmp(key, "driver") && strcmp(key, "property") &&
            strcmp(key, "value")) {
            error_setg(errp, "Invalid parameter '%s'", key);
            return OPT_ERROR;
        }
    }
    driver = qdict_get_try_str(opts, "driver");
    property = qdict_get_try_str(opts, "property");
    value = qdict_get_try_str(opts, "value");
    if (!driver || !property || !value) {
        error_setg(errp, "Parameter '%s' is missing",
                   !driver ? "driver" : !property ? "property" : "value");
        return OPT_ERROR;
    }
    qdev_prop_register_global(driver, property, value);
    return OPT_OK;
}

/* -accel NAME[,prop=value] */
static OptResult opt_accel(Cmdline *cl, const char *arg, int idx,
                           Error **errp)
{
    bool help;
    QDict *opts = keyval_parse(arg, "accel", &help, 0, errp);
    const char *name;

    if (!opts) {
        return OPT_ERROR;
    }
    name = qdict_get_try_str(opts, "accel");
    if (help || (name && !strcmp(name, "help"))) {
        accel_print_list();
        qobject_unref(opts);
        return OPT_EXIT;
    }
    if (!name) {
        error_setg(errp, "Parameter 'accel' is missing");
        qobject_unref(opts);
        return OPT_ERROR;
    }
    if (!accel_find(name)) {
        error_setg(errp, "invalid accelerator %s", name);
        qobject_unref(opts);
        return OPT_ERROR;
    }
    g_ptr_array_add(cl->accels, pending_new(idx, opts, false));
    return OPT_OK;
}

/* -name [guest=]NAME[,process=P,debug-threads=on|off] */
static OptResult opt_name(Cmdline *cl, const char *arg, int idx,
                          Error **errp)
{
    g_autoptr(QDict) opts = keyval_parse(arg, "guest", NULL, 0, errp);
    const QDictEntry *e;

    if (!opts) {
        return OPT_ERROR;
    }
    for (e = qdict_first(opts); e; e = qdict_next(opts, e)) {
        const char *key = qdict_entry_key(e);
        QInput in = QINPUT_KEYVAL(qdict_entry_value(e));
        bool b;

        if (!strcmp(key, "guest")) {
            const char *s = qinput_get_str(&in, key, errp);
            if (!s) {
                return OPT_ERROR;
            }
            g_free(cl->name);
            cl->name = g_strdup(s);
        } else if (!strcmp(key, "process")) {
            if (!qinput_get_str(&in, key, errp)) {
                return OPT_ERROR;
            }
        } else if (!strcmp(key, "debug-threads")) {
            if (!qinput_get_bool(&in, key, &b, errp)) {
                return OPT_ERROR;
            }
        } else {
            error_setg(errp, "Invalid parameter '%s'", key);
            return OPT_ERROR;
        }
    }
    return OPT_OK;
}

/* -display none (Corvid has no graphical front ends) */
static OptResult opt_display(Cmdline *cl, const char *arg, int idx,
                             Error **errp)
{
    g_autoptr(QDict) opts = keyval_parse(arg, "type", NULL, 0, errp);
    const char *type;

    if (!opts) {
        return OPT_ERROR;
    }
    type = qdict_get_try_str(opts, "type");
    if (!type) {
        error_setg(errp, "Parameter 'type' is missing");
        return OPT_ERROR;
    }
    if (strcmp(type, "none")) {
        error_setg(errp, "Parameter 'type' does not accept value '%s'",
                   type);
        return OPT_ERROR;
    }
    if (qdict_size(opts) > 1) {
        const QDictEntry *e;
        for (e = qdict_first(opts); e; e = qdict_next(opts, e)) {
            if (strcmp(qdict_entry_key(e), "type")) {
                error_setg(errp, "Invalid parameter '%s'",
                           qdict_entry_key(e));
                return OPT_ERROR;
            }
        }
    }
    return OPT_OK;
}

/* -chardev BACKEND,id=ID,... */
static OptResult opt_chardev(Cmdline *cl, const char *arg, int idx,
                             Error **errp)
{
    bool help;
    QDict *opts = keyval_parse(arg, "backend", &help, KEYVAL_SHORT_BOOL,
                               errp);

    if (!opts) {
        return OPT_ERROR;
    }
    if (help) {
        chardev_print_help(opts);
        qobject_unref(opts);
        return OPT_EXIT;
    }
    if (!check_duplicate_id(cl->chardevs, opts, "chardev", errp)) {
        qobject_unref(opts);
        return OPT_ERROR;
    }
    g_ptr_array_add(cl->chardevs, pending_new(idx, opts, false));
    return OPT_OK;
}

/* -mon [chardev=]ID[,mode=control|readline][,pretty=on|off] */
static OptResult opt_mon(Cmdline *cl, const char *arg, int idx,
                         Error **errp)
{
    QDict *opts = keyval_parse(arg, "chardev", NULL, KEYVAL_SHORT_BOOL,
                               errp);

    if (!opts) {
        return OPT_ERROR;
    }
    g_ptr_array_add(cl->monitors, pending_new(idx, opts, false));
    return OPT_OK;
}

/* -qmp SPEC / -qmp-pretty SPEC: a chardev shorthand with a QMP monitor */
static OptResult add_qmp(Cmdline *cl, const char *arg, int idx, bool pretty)
{
    QDict *opts = qdict_new();

    qdict_put_str(opts, "spec", arg);
    qdict_put_str(opts, "mode", "control");
    qdict_put_str(opts, "pretty", pretty ? "on" : "off");
    g_ptr_array_add(cl->monitors, pending_new(idx, opts, false));
    return OPT_OK;
}

static OptResult opt_qmp(Cmdline *cl, const char *arg, int idx,
                         Error **errp)
{
    return add_qmp(cl, arg, idx, false);
}

static OptResult opt_qmp_pretty(Cmdline *cl, const char *arg, int idx,
                                Error **errp)
{
    return add_qmp(cl, arg, idx, true);
}

static OptResult opt_serial(Cmdline *cl, const char *arg, int idx,
                            Error **errp)
{
    QDict *opts = qdict_new();

    qdict_put_str(opts, "spec", arg);
    g_ptr_array_add(cl->serials, pending_new(idx, opts, false));
    return OPT_OK;
}

static OptResult opt_qtest(Cmdline *cl, const char *arg, int idx,
                           Error **errp)
{
    g_free(cl->qtest_chardev);
    cl->qtest_chardev = g_strdup(arg);
    return OPT_OK;
}

static OptResult opt_qtest_log(Cmdline *cl, const char *arg, int idx,
                               Error **errp)
{
    g_free(cl->qtest_log);
    cl->qtest_log = g_strdup(arg);
    return OPT_OK;
}

static OptResult opt_preconfig(Cmdline *cl, const char *arg, int idx,
                               Error **errp)
{
    cl->preconfig = true;
    return OPT_OK;
}

static OptResult opt_uuid(Cmdline *cl, const char *arg, int idx,
                          Error **errp)
{
    if (uuid_parse(arg, &cl->uuid) < 0) {
        error_setg(errp, "failed to parse UUID string: wrong format");
        return OPT_ERROR;
    }
    cl->uuid_set = true;
    return OPT_OK;
}

static OptResult opt_nodefaults(Cmdline *cl, const char *arg, int idx,
                                Error **errp)
{
    cl->nodefaults = true;
    return OPT_OK;
}

static OptResult opt_nographic(Cmdline *cl, const char *arg, int idx,
                               Error **errp)
{
    cl->nographic = true;
    qdict_put_str(cl->machine_opts, "graphics", "off");
    return OPT_OK;
}

/* -no-reboot: a reset request (guest or system_reset) shuts down. */
static OptResult opt_no_reboot(Cmdline *cl, const char *arg, int idx,
                               Error **errp)
{
    runstate_set_reboot_action(REBOOT_ACTION_SHUTDOWN);
    return OPT_OK;
}

static OptResult opt_stopped(Cmdline *cl, const char *arg, int idx,
                             Error **errp)
{
    cl->autostart = false;
    return OPT_OK;
}

static OptResult opt_version(Cmdline *cl, const char *arg, int idx,
                             Error **errp)
{
    printf("Corvid emulator version " CORVID_VERSION "\n"
           "A machine emulator front end with qemu-system interfaces\n");
    return OPT_EXIT;
}

/* -blockdev and -drive: recorded by block/blockdev.c. */
static OptResult opt_block(Cmdline *cl, const char *arg, int idx,
                           Error **errp)
{
    return blockdev_cmdline_add(cl->argv[idx], arg, idx, errp) ? OPT_OK
                                                              : OPT_ERROR;
}

/* -fw_cfg [name=]NAME,file=PATH|string=STR|gen_id=ID */
static OptResult opt_fw_cfg(Cmdline *cl, const char *arg, int idx,
                            Error **errp)
{
    QDict *opts = keyval_parse(arg, "name", NULL, 0, errp);

    if (!opts) {
        return OPT_ERROR;
    }
    if (!fw_cfg_check_opts(opts, errp)) {
        qobject_unref(opts);
        return OPT_ERROR;
    }
    g_ptr_array_add(cl->fw_cfgs, pending_new(idx, opts, false));
    return OPT_OK;
}

/*
 * -numa node,cpus=0,cpus=2-3: qemu collects a key given several times
 * into a list, where keyval keeps the last value.  Number the cpus=
 * elements (cpus.0=, cpus.1=, ...) so that keyval builds the list; the
 * rest of @arg is copied as it is.
 */
static char *numa_number_cpus(const char *arg)
{
    GString *out = g_string_new(NULL);
    const char *p = arg;
    bool first = true;
    unsigned n = 0;

    while (*p) {
        size_t key_len = strcspn(p, "=,");

        if (p[key_len] == '=') {
            if (key_len == 4 && !strncmp(p, "cpus", 4)) {
                g_string_append_printf(out, "cpus.%u=", n++);
            } else {
                g_string_append_len(out, p, key_len + 1);
            }
            p += key_len + 1;
        } else if (!first) {
            /* A bare word; keyval judges it. */
            g_string_append_len(out, p, key_len);
            p += key_len;
            if (*p == ',') {
                g_string_append_c(out, *p++);
            }
            continue;
        }
        /* A value (or the first element's implied one): ",," is a comma. */
        while (*p) {
            if (*p == ',' && p[1] == ',') {
                g_string_append(out, ",,");
                p += 2;
            } else if (*p == ',') {
                g_string_append_c(out, *p++);
                break;
            } else {
                g_string_append_c(out, *p++);
            }
        }
        first = false;
    }
    return g_string_free(out, false);
}

/* -numa node|dist|cpu,...: applied once -object objects exist. */
static OptResult opt_numa(Cmdline *cl, const char *arg, int idx,
                          Error **errp)
{
    g_autofree char *numbered = numa_number_cpus(arg);
    QDict *opts = keyval_parse(numbered, "type", NULL, KEYVAL_SHORT_BOOL,
                               errp);

    if (!opts) {
        return OPT_ERROR;
    }
    g_ptr_array_add(cl->numas, pending_new(idx, opts, false));
    return OPT_OK;
}

/*
 * -boot [order=]DRIVES[,once=DRIVES][,menu=on|off][,splash=FILE]
 * [,splash-time=MS][,reboot-timeout=MS][,strict=on|off]: the machine
 * property "boot", merged with -M ...,boot.X= and earlier -boot options.
 */
static OptResult opt_boot(Cmdline *cl, const char *arg, int idx,
                          Error **errp)
{
    QDict *opts = keyval_parse(arg, "order", NULL, 0, errp);
    g_autoptr(QDict) wrap = NULL;

    if (!opts) {
        return OPT_ERROR;
    }
    wrap = qdict_new();
    qdict_put(wrap, "boot", opts);
    keyval_merge(cl->machine_opts, wrap);
    return OPT_OK;
}

/* -kernel, -initrd, -append: machine properties, as in qemu. */
static OptResult opt_kernel(Cmdline *cl, const char *arg, int idx,
                            Error **errp)
{
    qdict_put_str(cl->machine_opts, "kernel", arg);
    return OPT_OK;
}

static OptResult opt_initrd(Cmdline *cl, const char *arg, int idx,
                            Error **errp)
{
    qdict_put_str(cl->machine_opts, "initrd", arg);
    return OPT_OK;
}

static OptResult opt_append(Cmdline *cl, const char *arg, int idx,
                            Error **errp)
{
    qdict_put_str(cl->machine_opts, "append", arg);
    return OPT_OK;
}

/* -bios FILE: the machine's firmware property, as in qemu. */
static OptResult opt_bios(Cmdline *cl, const char *arg, int idx,
                          Error **errp)
{
    qdict_put_str(cl->machine_opts, "firmware", arg);
    return OPT_OK;
}

/* -netdev TYPE,id=ID,...: kept by net/net-opts.c until the machine exists */
static OptResult opt_netdev(Cmdline *cl, const char *arg, int idx,
                            Error **errp)
{
    int r = net_cmdline_add(arg, idx, errp);

    return r < 0 ? OPT_ERROR : r > 0 ? OPT_EXIT : OPT_OK;
}

static OptResult opt_help(Cmdline *cl, const char *arg, int idx,
                          Error **errp);

static const CmdlineOption options[] = {
    { "M", true, opt_machine },
    { "machine", true, opt_machine },
    { "m", true, opt_memory },
    { "smp", true, opt_smp },
    { "numa", true, opt_numa },
    { "boot", true, opt_boot },
    { "cpu", true, opt_cpu },
    { "object", true, opt_object },
    { "device", true, opt_device },
    { "fw_cfg", true, opt_fw_cfg },
    { "netdev", true, opt_netdev },
    { "blockdev", true, opt_block },
    { "drive", true, opt_block },
    { "kernel", true, opt_kernel },
    { "initrd", true, opt_initrd },
    { "append", true, opt_append },
    { "bios", true, opt_bios },
    { "global", true, opt_global },
    { "accel", true, opt_accel },
    { "name", true, opt_name },
    { "display", true, opt_display },
    { "uuid", true, opt_uuid },
    { "chardev", true, opt_chardev },
    { "mon", true, opt_mon },
    { "qmp", true, opt_qmp },
    { "qmp-pretty", true, opt_qmp_pretty },
    { "serial", true, opt_serial },
    { "qtest", true, opt_qtest },
    { "qtest-log", true, opt_qtest_log },
    { "preconfig", false, opt_preconfig },
    { "nodefaults", false, opt_nodefaults },
    { "nographic", false, opt_nographic },
    { "no-reboot", false, opt_no_reboot },
    { "S", false, opt_stopped },
    { "version", false, opt_version },
    { "h", false, opt_help },
    { "help", false, opt_help },
};

static OptResult opt_help(Cmdline *cl, const char *arg, int idx,
                          Error **errp)
{
    printf("usage: %s [options]\n\n"
           "Machine:\n"
           "  -M, -machine TYPE[,prop=value...]  select the machine "
           "(-M help lists them)\n"
           "  -m [size=]SIZE[,slots=N,maxmem=SIZE]  guest RAM\n"
           "  -smp [cpus=]N[,maxcpus=N,sockets=N,dies=N,cores=N,"
           "threads=N]\n"
           "  -cpu MODEL[,feature=value...]  CPU model (-cpu help)\n"
           "  -numa node[,nodeid=N][,memdev=ID][,cpus=A[-B]]  a NUMA node\n"
           "  -numa dist,src=N,dst=M,val=D  -numa cpu,node-id=N[,socket-id=S"
           ",...]\n"
           "  -boot [order=]DRIVES[,once=DRIVES][,menu=on|off][,splash-time="
           "MS]\n"
           "        [,reboot-timeout=MS][,strict=on|off]  boot devices and "
           "menu\n"
           "  -accel NAME[,prop=value...]  accelerator (-accel help)\n"
           "  -uuid UUID  -name [guest=]NAME\n"
           "  -kernel FILE  -initrd FILE  -append CMDLINE  direct Linux "
           "boot\n"
           "  -bios FILE  firmware image\n"
           "  -fw_cfg [name=]NAME,file=PATH|string=STR  firmware "
           "configuration item\n\n"
           "Devices and objects:\n"
           "  -device DRIVER[,prop=value...] | JSON  (-device help,"
           " -device DRIVER,help)\n"
           "  -object TYPE,id=ID[,prop=value...] | JSON  (-object help)\n"
           "  -global DRIVER.PROP=VALUE\n"
           "  -blockdev driver=file|raw,node-name=NAME,...  block node\n"
           "  -drive file=FILE,if=none,format=raw,id=ID  block backend\n"
           "  -netdev socket|stream|dgram|hubport,id=ID,...  network "
           "back end\n"
           "  -nodefaults  no default devices\n\n"
           "Character devices and control:\n"
           "  -chardev BACKEND,id=ID[,...]  (-chardev help)\n"
           "  -qmp SPEC, -qmp-pretty SPEC  a QMP monitor on a chardev "
           "shorthand\n"
           "      (unix:PATH[,server=on,wait=off], tcp:HOST:PORT, stdio, "
           "chardev:ID)\n"
           "  -mon chardev=ID,mode=control[,pretty=on]\n"
           "  -serial SPEC\n"
           "  -qtest SPEC  -qtest-log FILE  (with -accel qtest)\n"
           "  --preconfig  wait for x-exit-preconfig before building the "
           "machine\n\n"
           "Run control and display:\n"
           "  -S  do not start the guest until told to\n"
           "  -no-reboot  exit instead of rebooting\n"
           "  -display none  -nographic\n"
           "  -version  -h, -help\n",
           error_get_progname());
    return OPT_EXIT;
}

static const CmdlineOption *find_option(const char *word)
{
    unsigned i;

    if (word[0] != '-' || !word[1]) {
        return NULL;
    }
    word++;
    if (word[0] == '-') {
        word++;     /* "--device" works like "-device" */
    }
    for (i = 0; i < ARRAY_SIZE(options); i++) {
        if (!strcmp(options[i].name, word)) {
            return &options[i];
        }
    }
    return NULL;
}

void cmdline_set_location(const Cmdline *cl, int argv_index)
{
    const CmdlineOption *opt = find_option(cl->argv[argv_index]);

    loc_set_cmdline(cl->argv, argv_index, opt && opt->has_arg ? 2 : 1);
}

int cmdline_parse(Cmdline *cl, int argc, char **argv, bool *done)
{
    int i;

    memset(cl, 0, sizeof(*cl));
    cl->argv = argv;
    cl->argc = argc;
    cl->autostart = true;
    cl->machine_opts = qdict_new();
    cl->objects = g_ptr_array_new_with_free_func(pending_free);
    cl->devices = g_ptr_array_new_with_free_func(pending_free);
    cl->accels = g_ptr_array_new_with_free_func(pending_free);
    cl->chardevs = g_ptr_array_new_with_free_func(pending_free);
    cl->monitors = g_ptr_array_new_with_free_func(pending_free);
    cl->serials = g_ptr_array_new_with_free_func(pending_free);
    cl->fw_cfgs = g_ptr_array_new_with_free_func(pending_free);
    cl->numas = g_ptr_array_new_with_free_func(pending_free);
    *done = false;

    for (i = 1; i < argc; i++) {
        const CmdlineOption *opt = find_option(argv[i]);
        Error *err = NULL;
        OptResult r;
        int idx = i;

        loc_set_cmdline(argv, i, 1);
        if (!opt) {
            if (argv[i][0] == '-') {
                error_report("invalid option");
            } else {
                error_report("positional disk images are not supported; "
                             "use -device with a block back end");
            }
            return 1;
        }
        if (opt->has_arg) {
            if (i + 1 >= argc) {
                error_report("requires an argument");
                return 1;
            }
            i++;
            loc_set_cmdline(argv, idx, 2);
        }
        r = opt->handler(cl, opt->has_arg ? argv[i] : NULL, idx, &err);
        if (r == OPT_ERROR) {
            error_report_err(err);
            return 1;
        }
        if (r == OPT_EXIT) {
            *done = true;
            return 0;
        }
    }
    loc_set_none();

    /* The older "-machine accel=A:B" spelling. */
    if (qdict_haskey(cl->machine_opts, "accel")) {
        const char *list = qdict_get_try_str(cl->machine_opts, "accel");

        if (cl->accels->len) {
            error_report("The -accel and \"-machine accel=\" options are "
                         "incompatible");
            return 1;
        }
        cl->machine_accel = g_strdup(list ? list : "");
        qdict_del(cl->machine_opts, "accel");
    }
    return 0;
}

void cmdline_free(Cmdline *cl)
{
    qobject_unref(cl->machine_opts);
    qobject_unref(cl->cpu_features);
    g_free(cl->cpu_model);
    g_free(cl->machine_accel);
    g_free(cl->name);
    if (cl->objects) {
        g_ptr_array_free(cl->objects, true);
        g_ptr_array_free(cl->devices, true);
        g_ptr_array_free(cl->accels, true);
        g_ptr_array_free(cl->chardevs, true);
        g_ptr_array_free(cl->monitors, true);
        g_ptr_array_free(cl->serials, true);
        g_ptr_array_free(cl->fw_cfgs, true);
        g_ptr_array_free(cl->numas, true);
    }
    g_free(cl->qtest_chardev);
    g_free(cl->qtest_log);
}
