/*
 * human-monitor-command: the part of qemu's human monitor that QMP
 * clients use, which is "info" with a registry of subcommands that any
 * subsystem can extend.  Output follows the human monitor's conventions:
 * lines end in "\r\n", and mistakes are text in the reply, not errors.
 */
#include "util/osdep.h"
#include "accel/accel.h"
#include "hw/core/cpu.h"
#include "system/runstate.h"
#include "system/vl.h"
#include "monitor/monitor-internal.h"

typedef struct HmpInfo {
    char *name;
    char *params;       /* "[path]", or NULL: takes no argument */
    char *help;
    HmpInfoFunc *fn;
} HmpInfo;

/* Sorted by name; registered at start-up, never removed. */
static GPtrArray *info_cmds;
static GMutex info_lock;

static gint compare_info(gconstpointer a, gconstpointer b)
{
    const HmpInfo *x = *(const HmpInfo *const *)a;
    const HmpInfo *y = *(const HmpInfo *const *)b;

    return strcmp(x->name, y->name);
}

static const HmpInfo *find_info_locked(const char *name)
{
    guint i;

    for (i = 0; info_cmds && i < info_cmds->len; i++) {
        const HmpInfo *info = g_ptr_array_index(info_cmds, i);

        if (!strcmp(info->name, name)) {
            return info;
        }
    }
    return NULL;
}

void hmp_register_info(const char *name, const char *params,
                       const char *help, HmpInfoFunc *fn)
{
    HmpInfo *info = g_new0(HmpInfo, 1);

    g_assert(name && *name && help && fn);
    info->name = g_strdup(name);
    info->params = g_strdup(params);
    info->help = g_strdup(help);
    info->fn = fn;

    g_mutex_lock(&info_lock);
    if (!info_cmds) {
        info_cmds = g_ptr_array_new();
    }
    g_assert(!find_info_locked(name));
    g_ptr_array_add(info_cmds, info);
    g_ptr_array_sort(info_cmds, compare_info);
    g_mutex_unlock(&info_lock);
}

/* ---------------------------------------------------------------------- */
/* The command line */

static const char *skip_space(const char *p)
{
    while (g_ascii_isspace(*p)) {
        p++;
    }
    return p;
}

/* The next word of *p (caller frees), advancing *p past it. */
static char *next_word(const char **p)
{
    const char *start = skip_space(*p);
    const char *end = start;

    while (*end && !g_ascii_isspace(*end)) {
        end++;
    }
    *p = end;
    return g_strndup(start, end - start);
}

static void info_list(GString *out)
{
    guint i;

    for (i = 0; info_cmds && i < info_cmds->len; i++) {
        const HmpInfo *info = g_ptr_array_index(info_cmds, i);

        /* "info NAME [PARAMS] -- HELP", as qemu lists them. */
        g_string_append_printf(out, "info %s %s -- %s\n", info->name,
                               info->params ? info->params : "",
                               info->help);
    }
}

static void run_info(const char *rest, GString *out)
{
    g_autofree char *name = next_word(&rest);
    g_autofree char *arg = g_strstrip(g_strdup(rest));
    const HmpInfo *info;
    HmpInfoFunc *fn = NULL;
    bool takes_arg = false;

    g_mutex_lock(&info_lock);
    if (!*name) {
        info_list(out);
    } else if ((info = find_info_locked(name))) {
        fn = info->fn;
        takes_arg = info->params != NULL;
    }
    g_mutex_unlock(&info_lock);

    if (!*name) {
        return;
    }
    if (!fn) {
        g_string_append_printf(out, "unknown command: 'info %s'\n", name);
        return;
    }
    /* No argument where none is taken, at most one word otherwise. */
    if (*arg && (!takes_arg || strpbrk(arg, " \t"))) {
        g_string_append_printf(out, "%s: extraneous characters at the end "
                               "of line\nTry \"help info %s\" for more "
                               "information\n", name, name);
        return;
    }
    fn(out, *arg ? arg : NULL);
}

/* The human monitor's line ends. */
static char *crlf(const GString *text)
{
    GString *out = g_string_sized_new(text->len + 16);
    gsize i;

    for (i = 0; i < text->len; i++) {
        if (text->str[i] == '\n') {
            g_string_append_c(out, '\r');
        }
        g_string_append_c(out, text->str[i]);
    }
    return g_string_free(out, false);
}

static bool cpu_index_exists(int64_t index)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        if (cpu->cpu_index == index) {
            return true;
        }
    }
    return false;
}

static void qmp_human_monitor_command(const QDict *args, QObject **ret,
                                      Error **errp)
{
    const char *line = qdict_get_try_str(args, "command-line");
    QNum *cpu_index = qobject_to(QNum, qdict_get(args, "cpu-index"));
    g_autoptr(GString) out = g_string_new(NULL);
    g_autofree char *cmd = NULL;
    g_autofree char *text = NULL;
    const char *rest = line;
    int64_t index;

    if (cpu_index) {
        /* Our info commands do not depend on a CPU, but it must exist. */
        if (!qnum_get_try_int(cpu_index, &index)) {
            error_setg(errp, "Invalid parameter type for 'cpu-index', "
                       "expected: integer");
            return;
        }
        if (!cpu_index_exists(index)) {
            error_setg(errp, "Parameter 'cpu-index' expects a CPU number");
            return;
        }
    }

    cmd = next_word(&rest);
    if (!strcmp(cmd, "info")) {
        run_info(rest, out);
    } else if (*cmd) {
        g_string_append_printf(out, "unknown command: '%s'\n", cmd);
    }
    text = crlf(out);
    *ret = QOBJECT(qstring_from_str(text));
}

static const QmpArgSpec human_monitor_command_args[] = {
    { "command-line", QMP_ARG_STR, false },
    { "cpu-index", QMP_ARG_INT, true },
    { NULL }
};

/* ---------------------------------------------------------------------- */
/* The built-in info subcommands */

static void info_status(GString *out, const char *arg)
{
    RunState state = runstate_get();

    g_string_append(out, "VM status: ");
    if (runstate_is_running()) {
        g_string_append(out, "running\n");
    } else if (state == RUN_STATE_PAUSED) {
        g_string_append(out, "paused\n");
    } else {
        g_string_append_printf(out, "paused (%s)\n", runstate_name(state));
    }
}

static void info_version(GString *out, const char *arg)
{
    /* qemu's format: the version, then the package string, unspaced. */
    g_string_append_printf(out, "%d.%d.%d%s\n", QMP_QEMU_VERSION_MAJOR,
                           QMP_QEMU_VERSION_MINOR, QMP_QEMU_VERSION_MICRO,
                           QMP_PACKAGE_VERSION);
}

static void info_name(GString *out, const char *arg)
{
    if (vm_name) {
        g_string_append_printf(out, "%s\n", vm_name);
    }
}

static void info_kvm(GString *out, const char *arg)
{
    const char *accel = current_accel_name();

    g_string_append_printf(out, "kvm support: %s\n",
                           accel && !strcmp(accel, "kvm") ? "enabled"
                                                          : "disabled");
}

void hmp_commands_register(void)
{
    qmp_register_command("human-monitor-command", qmp_human_monitor_command,
                         human_monitor_command_args, 0);
    hmp_register_info("kvm", NULL, "show KVM information", info_kvm);
    hmp_register_info("name", NULL, "show the current VM name", info_name);
    hmp_register_info("status", NULL,
                      "show the current VM status (running|paused)",
                      info_status);
    hmp_register_info("version", NULL, "show the version of QEMU",
                      info_version);
}
