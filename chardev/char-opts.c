/*
 * The command-line forms of chardev configuration: -chardev options
 * (checked against qemu's one option table shared by all backends, then
 * translated by the backend into its ChardevBackend "data" dict), the
 * shorthands of -serial/-qmp/-qtest ("unix:PATH,server=on", "tcp:H:P",
 * "file:PATH", ...) and -chardev help.
 */
#include "util/osdep.h"
#include "chardev/char.h"
#include "chardev/char-io.h"
#include "util/cutils.h"
#include "util/keyval.h"

typedef enum ChrOptKind {
    CHR_OPT_STR,
    CHR_OPT_BOOL,
    CHR_OPT_NUM,
    CHR_OPT_SIZE,
} ChrOptKind;

typedef struct ChrOpt {
    const char *name;
    ChrOptKind kind;
} ChrOpt;

/*
 * Every option -chardev knows, for every backend, as qemu lists them
 * (sorted).  A backend ignores the ones that are not its own, as qemu's
 * backends do; names outside this table are errors.
 */
static const ChrOpt chardev_opts[] = {
    { "abstract", CHR_OPT_BOOL },
    { "append", CHR_OPT_BOOL },
    { "backend", CHR_OPT_STR },
    { "chardev", CHR_OPT_STR },
    { "clipboard", CHR_OPT_BOOL },
    { "cols", CHR_OPT_NUM },
    { "debug", CHR_OPT_NUM },
    { "delay", CHR_OPT_BOOL },
    { "fd", CHR_OPT_STR },
    { "height", CHR_OPT_NUM },
    { "host", CHR_OPT_STR },
    { "ipv4", CHR_OPT_BOOL },
    { "ipv6", CHR_OPT_BOOL },
    { "localaddr", CHR_OPT_STR },
    { "localport", CHR_OPT_STR },
    { "logappend", CHR_OPT_BOOL },
    { "logfile", CHR_OPT_STR },
    { "mouse", CHR_OPT_BOOL },
    { "mux", CHR_OPT_BOOL },
    { "name", CHR_OPT_STR },
    { "nodelay", CHR_OPT_BOOL },
    { "path", CHR_OPT_STR },
    { "port", CHR_OPT_STR },
    { "reconnect", CHR_OPT_NUM },
    { "rows", CHR_OPT_NUM },
    { "server", CHR_OPT_BOOL },
    { "signal", CHR_OPT_BOOL },
    { "size", CHR_OPT_SIZE },
    { "telnet", CHR_OPT_BOOL },
    { "tight", CHR_OPT_BOOL },
    { "tls-authz", CHR_OPT_STR },
    { "tls-creds", CHR_OPT_STR },
    { "tn3270", CHR_OPT_BOOL },
    { "to", CHR_OPT_NUM },
    { "wait", CHR_OPT_BOOL },
    { "websocket", CHR_OPT_BOOL },
    { "width", CHR_OPT_NUM },
};

static const char *const chr_opt_kind_help[] = {
    [CHR_OPT_STR] = "<str>",
    [CHR_OPT_BOOL] = "<bool (on/off)>",
    [CHR_OPT_NUM] = "<num>",
    [CHR_OPT_SIZE] = "<size>",
};

/* Spellings of booleans, as qemu's option parser takes them. */
static const char *const opt_true[] = { "on", "yes", "true", "y", NULL };
static const char *const opt_false[] = { "off", "no", "false", "n", NULL };

static const ChrOpt *chr_opt_find(const char *name)
{
    size_t i;

    for (i = 0; i < ARRAY_SIZE(chardev_opts); i++) {
        if (!strcmp(chardev_opts[i].name, name)) {
            return &chardev_opts[i];
        }
    }
    return NULL;
}

static bool word_in(const char *const *words, const char *s)
{
    for (; *words; words++) {
        if (!strcmp(*words, s)) {
            return true;
        }
    }
    return false;
}

/*
 * The dotted name of a nested keyval value ("a.b" for {"a": {"b": ..}}),
 * for the error about it: -chardev has no structured options.
 */
static char *nested_key(const char *key, QObject *value)
{
    QDict *dict = qobject_to(QDict, value);
    QList *list = qobject_to(QList, value);

    if (dict && qdict_first(dict)) {
        const QDictEntry *e = qdict_first(dict);
        g_autofree char *sub = g_strdup_printf("%s.%s", key,
                                               qdict_entry_key(e));

        return nested_key(sub, qdict_entry_value(e));
    }
    if (list && qlist_size(list)) {
        g_autofree char *sub = g_strdup_printf("%s.0", key);

        return nested_key(sub, qlist_get(list, 0));
    }
    return g_strdup(key);
}

/* One option value to its typed form, with qemu's messages. */
static QObject *chr_opt_convert(const ChrOpt *opt, QObject *value,
                                Error **errp)
{
    QString *qs = qobject_to(QString, value);
    const char *s = qs ? qstring_get_str(qs) : NULL;
    uint64_t num;

    /* Already typed (a caller that built the dict itself). */
    if (!qs) {
        if ((opt->kind == CHR_OPT_BOOL && qobject_to(QBool, value)) ||
            ((opt->kind == CHR_OPT_NUM || opt->kind == CHR_OPT_SIZE) &&
             qobject_to(QNum, value))) {
            return qobject_ref(value);
        }
        error_setg(errp, "Invalid parameter type for '%s', expected: %s",
                   opt->name, opt->kind == CHR_OPT_BOOL ? "boolean" :
                   opt->kind == CHR_OPT_STR ? "string" : "integer");
        return NULL;
    }

    switch (opt->kind) {
    case CHR_OPT_STR:
        return qobject_ref(value);
    case CHR_OPT_BOOL:
        if (word_in(opt_true, s)) {
            return QOBJECT(qbool_from_bool(true));
        }
        if (word_in(opt_false, s)) {
            return QOBJECT(qbool_from_bool(false));
        }
        error_setg(errp, "Parameter '%s' expects 'on' or 'off'", opt->name);
        return NULL;
    case CHR_OPT_NUM:
        switch (parse_uint64(s, &num)) {
        case 0:
            return QOBJECT(qnum_from_uint(num));
        case -ERANGE:
            error_setg(errp, "Value '%s' is too large for parameter '%s'",
                       s, opt->name);
            return NULL;
        default:
            error_setg(errp, "Parameter '%s' expects a number", opt->name);
            return NULL;
        }
    case CHR_OPT_SIZE:
        while (g_ascii_isspace(*s)) {
            s++;
        }
        switch (*s == '-' ? -EINVAL : parse_size(s, &num)) {
        case 0:
            return QOBJECT(qnum_from_uint(num));
        case -ERANGE:
            error_setg(errp, "Value '%s' is out of range for parameter '%s'",
                       qstring_get_str(qs), opt->name);
            return NULL;
        default:
            error_setg(errp, "Parameter '%s' expects a non-negative number "
                       "below 2^64", opt->name);
            error_append_hint(errp, SIZE_SUFFIX_HINT);
            return NULL;
        }
    }
    g_assert_not_reached();
}

/*
 * Check every option of @opts against the table, in order, and return
 * them typed, without "id".
 */
static QDict *chr_opts_check(const QDict *opts, Error **errp)
{
    g_autoptr(QDict) typed = qdict_new();
    const QDictEntry *e;

    for (e = qdict_first(opts); e; e = qdict_next(opts, e)) {
        const char *key = qdict_entry_key(e);
        QObject *value = qdict_entry_value(e);
        const ChrOpt *opt;
        QObject *conv;

        if (!strcmp(key, "id")) {
            continue;
        }
        opt = chr_opt_find(key);
        if (!opt || qobject_to(QDict, value) || qobject_to(QList, value)) {
            g_autofree char *name = nested_key(key, value);

            error_setg(errp, "Invalid parameter '%s'", name);
            return NULL;
        }
        conv = chr_opt_convert(opt, value, errp);
        if (!conv) {
            return NULL;
        }
        qdict_put_obj(typed, key, conv);
    }
    return g_steal_pointer(&typed);
}

Chardev *chardev_new_from_opts(const QDict *opts, Error **errp)
{
    g_autoptr(QDict) typed = NULL;
    g_autoptr(QDict) data = NULL;
    QObject *idobj = qdict_get(opts, "id");
    const char *id = qdict_get_try_str(opts, "id");
    const char *backend;
    ChardevClass *cc;

    if (idobj && !id) {
        error_setg(errp, "Invalid parameter type for 'id', expected: string");
        return NULL;
    }
    if (id && !id_wellformed(id)) {
        error_setg(errp, "Parameter 'id' expects an identifier");
        error_append_hint(errp, ID_WELLFORMED_HINT);
        return NULL;
    }
    if (id && chardev_find(id)) {
        error_setg(errp, "Duplicate ID '%s' for chardev", id);
        return NULL;
    }
    typed = chr_opts_check(opts, errp);
    if (!typed) {
        return NULL;
    }
    if (!id) {
        error_setg(errp, "chardev: no id specified");
        return NULL;
    }
    backend = qdict_get_try_str(typed, "backend");
    if (!backend) {
        error_setg(errp, "chardev: \"%s\" missing backend", id);
        return NULL;
    }
    cc = chardev_class_by_backend(backend);
    if (!cc) {
        error_setg(errp, "'%s' is not a valid char driver name", backend);
        return NULL;
    }
    qdict_del(typed, "backend");
    if (qdict_get_try_bool(typed, "mux", false)) {
        /* Sharing one chardev between front ends is not there yet. */
        error_setg(errp, "chardev: mux=on is not supported");
        return NULL;
    }

    data = cc->parse ? cc->parse(typed, errp) : qdict_new();
    if (!data) {
        return NULL;
    }
    if (qdict_haskey(typed, "logfile")) {
        qdict_put_str(data, "logfile", qdict_get_try_str(typed, "logfile"));
    }
    if (qdict_haskey(typed, "logappend")) {
        qdict_put_bool(data, "logappend",
                       qdict_get_try_bool(typed, "logappend", false));
    }
    return chardev_new_from_data(cc, id, data, errp);
}

/* ---------------------------------------------------------------------- */
/* Shorthands */

static void bad_shorthand(const char *spec, Error **errp)
{
    error_setg(errp, "'%s' is not a valid char driver", spec);
}

/*
 * "[HOST]:PORT" or "[IPV6]:PORT" into @opts; false if malformed (no
 * port, or no colon at all).
 */
static bool parse_host_port(const char *hp, QDict *opts)
{
    g_autofree char *host = NULL;
    const char *port;

    if (hp[0] == '[') {
        const char *end = strchr(hp, ']');

        if (!end || end[1] != ':') {
            return false;
        }
        host = g_strndup(hp + 1, end - hp - 1);
        port = end + 2;
    } else {
        const char *colon = strchr(hp, ':');

        if (!colon) {
            return false;
        }
        host = g_strndup(hp, colon - hp);
        port = colon + 1;
    }
    if (!*port) {
        return false;
    }
    qdict_put_str(opts, "host", host);
    qdict_put_str(opts, "port", port);
    return true;
}

/* Options after the address: keyval with short booleans, as qemu. */
static bool merge_shorthand_opts(QDict *opts, const char *str,
                                 const char *implied, Error **errp)
{
    g_autoptr(QDict) kv = keyval_parse(str, implied, NULL,
                                       KEYVAL_SHORT_BOOL, errp);
    const QDictEntry *e;

    if (!kv) {
        return false;
    }
    for (e = qdict_first(kv); e; e = qdict_next(kv, e)) {
        const char *key = qdict_entry_key(e);

        /* The shorthand names the backend and the caller the id. */
        if (!strcmp(key, "id") || !strcmp(key, "backend")) {
            error_setg(errp, "Invalid parameter '%s'", key);
            return false;
        }
    }
    keyval_merge(opts, kv);
    return true;
}

Chardev *chardev_new_from_shorthand(const char *spec, const char *id,
                                    Error **errp)
{
    g_autoptr(QDict) opts = qdict_new();
    const char *rest;

    if (g_str_has_prefix(spec, "chardev:")) {
        Chardev *chr = chardev_find(spec + strlen("chardev:"));

        if (!chr) {
            error_setg(errp, "chardev \"%s\" not found",
                       spec + strlen("chardev:"));
        }
        return chr;
    }

    if (!strcmp(spec, "null") || !strcmp(spec, "stdio") ||
        !strcmp(spec, "pty")) {
        qdict_put_str(opts, "backend", spec);
    } else if (g_str_has_prefix(spec, "file:")) {
        /* The rest is the path, commas and all, as qemu takes it. */
        qdict_put_str(opts, "backend", "file");
        qdict_put_str(opts, "path", spec + strlen("file:"));
    } else if (g_str_has_prefix(spec, "pipe:")) {
        qdict_put_str(opts, "backend", "pipe");
        qdict_put_str(opts, "path", spec + strlen("pipe:"));
    } else if (g_str_has_prefix(spec, "unix:")) {
        qdict_put_str(opts, "backend", "socket");
        if (!merge_shorthand_opts(opts, spec + strlen("unix:"), "path",
                                  errp)) {
            return NULL;
        }
    } else if (g_str_has_prefix(spec, "tcp:")) {
        g_autofree char *hp = NULL;
        const char *comma;

        rest = spec + strlen("tcp:");
        comma = strchr(rest, ',');
        hp = comma ? g_strndup(rest, comma - rest) : g_strdup(rest);
        qdict_put_str(opts, "backend", "socket");
        if (!parse_host_port(hp, opts)) {
            bad_shorthand(spec, errp);
            return NULL;
        }
        if (comma && !merge_shorthand_opts(opts, comma + 1, NULL, errp)) {
            return NULL;
        }
    } else {
        bad_shorthand(spec, errp);
        return NULL;
    }

    if (id) {
        qdict_put_str(opts, "id", id);
    }
    return chardev_new_from_opts(opts, errp);
}

/* ---------------------------------------------------------------------- */
/* Help */

static gint compare_backend_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void chardev_print_backends(void)
{
    GSList *list = object_class_get_list(TYPE_CHARDEV, false);
    g_autoptr(GPtrArray) names = g_ptr_array_new();
    GSList *l;
    guint i;

    for (l = list; l; l = l->next) {
        ChardevClass *cc = CHARDEV_CLASS(l->data);

        if (cc->backend_name && !cc->internal) {
            g_ptr_array_add(names, (gpointer)cc->backend_name);
        }
    }
    g_slist_free(list);
    g_ptr_array_sort(names, compare_backend_names);

    /* qemu's heading, trailing blank included. */
    g_print("Available chardev backend types: \n");
    for (i = 0; i < names->len; i++) {
        g_print("  %s\n", (const char *)g_ptr_array_index(names, i));
    }
}

void chardev_print_options(void)
{
    size_t i;

    g_print("chardev options:\n");
    for (i = 0; i < ARRAY_SIZE(chardev_opts); i++) {
        g_print("  %s=%s\n", chardev_opts[i].name,
                chr_opt_kind_help[chardev_opts[i].kind]);
    }
}

void chardev_print_help(const QDict *opts)
{
    const char *backend = opts ? qdict_get_try_str(opts, "backend") : NULL;

    if (!backend || !strcmp(backend, "help") || !strcmp(backend, "?")) {
        chardev_print_backends();
    } else {
        chardev_print_options();
    }
}
