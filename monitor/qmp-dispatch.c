/*
 * The QMP command table: registration, argument checks against each
 * command's specification, the --preconfig gate, and running a command.
 */
#include "util/osdep.h"
#include "monitor/monitor-internal.h"

/* name -> QmpCommand *; entries are never removed. */
static GHashTable *commands;
/* Registration may race with lookups from the monitor I/O thread. */
static GMutex commands_lock;

static gint in_preconfig;     /* atomic: read from both threads */

static GHashTable *command_table(void)
{
    if (!commands) {
        commands = g_hash_table_new(g_str_hash, g_str_equal);
    }
    return commands;
}

void qmp_register_command(const char *name, QmpCommandFunc *fn,
                          const QmpArgSpec *args, unsigned flags)
{
    QmpCommand *cmd;
    size_t n = 0;

    g_assert(name && fn);
    cmd = g_new0(QmpCommand, 1);
    cmd->name = g_strdup(name);
    cmd->fn = fn;
    cmd->flags = flags;
    while (args && args[n].name) {
        n++;
    }
    /* Always terminated, so an empty specification is one NULL entry. */
    cmd->args = g_new0(QmpArgSpec, n + 1);
    if (n) {
        memcpy(cmd->args, args, n * sizeof(*args));
    }

    g_mutex_lock(&commands_lock);
    /* Two subsystems claiming one name is a programming error. */
    g_assert(!g_hash_table_contains(command_table(), name));
    g_hash_table_insert(command_table(), cmd->name, cmd);
    g_mutex_unlock(&commands_lock);
}

const QmpCommand *qmp_find_command(const char *name)
{
    const QmpCommand *cmd;

    g_mutex_lock(&commands_lock);
    cmd = g_hash_table_lookup(command_table(), name);
    g_mutex_unlock(&commands_lock);
    return cmd;
}

bool qmp_command_exists(const char *name)
{
    return qmp_find_command(name) != NULL;
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

QList *qmp_command_list(void)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new();
    QList *list = qlist_new();
    GHashTableIter iter;
    gpointer key;
    guint i;

    g_mutex_lock(&commands_lock);
    g_hash_table_iter_init(&iter, command_table());
    while (g_hash_table_iter_next(&iter, &key, NULL)) {
        g_ptr_array_add(names, key);
    }
    g_mutex_unlock(&commands_lock);

    g_ptr_array_sort(names, compare_names);
    for (i = 0; i < names->len; i++) {
        QDict *entry = qdict_new();

        qdict_put_str(entry, "name", g_ptr_array_index(names, i));
        qlist_append(list, entry);
    }
    return list;
}

/* ---------------------------------------------------------------------- */
/* Argument checks */

static const char *arg_type_name(QmpArgType type)
{
    switch (type) {
    case QMP_ARG_STR:
        return "string";
    case QMP_ARG_INT:
        return "integer";
    case QMP_ARG_BOOL:
        return "boolean";
    case QMP_ARG_NUMBER:
        return "number";
    case QMP_ARG_DICT:
        return "object";
    case QMP_ARG_LIST:
        return "array";
    case QMP_ARG_ANY:
        return "any";
    }
    g_assert_not_reached();
}

static bool arg_type_matches(QmpArgType type, QObject *value)
{
    QNum *num;

    switch (type) {
    case QMP_ARG_STR:
        return qobject_type(value) == QTYPE_QSTRING;
    case QMP_ARG_INT:
        num = qobject_to(QNum, value);
        return num && num->kind != QNUM_DOUBLE;
    case QMP_ARG_BOOL:
        return qobject_type(value) == QTYPE_QBOOL;
    case QMP_ARG_NUMBER:
        return qobject_type(value) == QTYPE_QNUM;
    case QMP_ARG_DICT:
        return qobject_type(value) == QTYPE_QDICT;
    case QMP_ARG_LIST:
        return qobject_type(value) == QTYPE_QLIST;
    case QMP_ARG_ANY:
        return true;
    }
    g_assert_not_reached();
}

static const QmpArgSpec *find_arg(const QmpCommand *cmd, const char *name)
{
    const QmpArgSpec *spec;

    for (spec = cmd->args; spec->name; spec++) {
        if (!strcmp(spec->name, name)) {
            return spec;
        }
    }
    return NULL;
}

/*
 * The order follows qemu's: the declared members in declaration order
 * (wrong type, then missing), then members nobody declared.
 */
static bool check_args(const QmpCommand *cmd, const QDict *args,
                       Error **errp)
{
    const QmpArgSpec *spec;
    const QDictEntry *e;

    for (spec = cmd->args; spec->name; spec++) {
        QObject *value = qdict_get(args, spec->name);

        if (!value) {
            if (!spec->optional) {
                error_setg(errp, "Parameter '%s' is missing", spec->name);
                return false;
            }
            continue;
        }
        if (!arg_type_matches(spec->type, value)) {
            error_setg(errp, "Invalid parameter type for '%s', expected: %s",
                       spec->name, arg_type_name(spec->type));
            return false;
        }
    }
    if (cmd->flags & QMP_ARGS_ANY) {
        return true;
    }
    for (e = qdict_first(args); e; e = qdict_next(args, e)) {
        if (!find_arg(cmd, qdict_entry_key(e))) {
            error_setg(errp, "Parameter '%s' is unexpected",
                       qdict_entry_key(e));
            return false;
        }
    }
    return true;
}

QObject *qmp_run_command(const QmpCommand *cmd, const QDict *args,
                         Error **errp)
{
    g_autoptr(QDict) empty = NULL;
    QObject *ret = NULL;
    Error *err = NULL;

    if (qmp_in_preconfig() && !(cmd->flags & QMP_ALLOW_PRECONFIG)) {
        error_setg(errp, "The command '%s' is permitted only after machine "
                   "initialization has completed", cmd->name);
        return NULL;
    }
    if (!args) {
        empty = qdict_new();
        args = empty;
    }
    if (!check_args(cmd, args, errp)) {
        return NULL;
    }
    cmd->fn(args, &ret, &err);
    if (err) {
        /* A handler that fails returns nothing. */
        g_assert(!ret);
        error_propagate(errp, err);
        return NULL;
    }
    return ret ? ret : QOBJECT(qdict_new());
}

QObject *qmp_dispatch_command(const char *name, const QDict *args,
                              Error **errp)
{
    const QmpCommand *cmd = qmp_find_command(name);

    if (!cmd) {
        error_set(errp, ERROR_CLASS_COMMAND_NOT_FOUND,
                  "The command %s has not been found", name);
        return NULL;
    }
    return qmp_run_command(cmd, args, errp);
}

/* ---------------------------------------------------------------------- */
/* --preconfig */

bool qmp_in_preconfig(void)
{
    return g_atomic_int_get(&in_preconfig);
}

void qmp_enter_preconfig(void)
{
    g_atomic_int_set(&in_preconfig, true);
}

bool qmp_exit_preconfig(Error **errp)
{
    if (!qmp_in_preconfig()) {
        error_setg(errp, "The command is permitted only before machine "
                   "initialization");
        return false;
    }
    g_atomic_int_set(&in_preconfig, false);
    return true;
}

QDict *qmp_version_info(void)
{
    QDict *info = qdict_new();
    QDict *qemu = qdict_new();

    /* qemu lists them in this order. */
    qdict_put_int(qemu, "micro", QMP_QEMU_VERSION_MICRO);
    qdict_put_int(qemu, "minor", QMP_QEMU_VERSION_MINOR);
    qdict_put_int(qemu, "major", QMP_QEMU_VERSION_MAJOR);
    qdict_put(info, "qemu", qemu);
    qdict_put_str(info, "package", QMP_PACKAGE_VERSION);
    return info;
}
