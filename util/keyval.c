/*
 * Option strings "key=val,key2=val2" to nested QDicts and back
 * (see include/util/keyval.h).
 *
 * Parsing happens in two passes.  The first splits the string into
 * elements and stores every value under its dotted key in a tree of
 * QDicts, one level per key component; list index components ("0", "1")
 * are dict keys at that point.  The second pass turns every dict whose
 * keys are all indexes into a QList, checking that the indexes are dense.
 */
#include "util/osdep.h"
#include "util/keyval.h"
#include "util/error-report.h"

/* The longest key component qemu accepts; longer ones are "too long". */
#define KEYVAL_COMPONENT_MAX 127

/* The prefix of a short-form boolean that means "off" ("nowait"). */
#define KEYVAL_NEGATION_PREFIX "no"

static bool is_help(const char *s)
{
    return !strcmp(s, "help") || !strcmp(s, "?");
}

/* Is @comp (@len bytes) made of digits only, i.e. a list index? */
static bool is_index(const char *comp, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        if (!g_ascii_isdigit(comp[i])) {
            return false;
        }
    }
    return len > 0;
}

/*
 * A key is a '.'-separated list of components.  A component is either a
 * name (a letter, then letters, digits, '-' and '_') or, except in the
 * first position, a list index made of digits.
 */
static bool key_is_valid(const char *key, Error **errp)
{
    const char *comp = key;
    bool first = true;

    for (;;) {
        size_t len = strcspn(comp, ".");
        size_t i;

        if (len > KEYVAL_COMPONENT_MAX) {
            error_setg(errp, "Parameter '%s' is too long", key);
            return false;
        }
        if (!(!first && is_index(comp, len))) {
            if (len == 0 || !g_ascii_isalpha(comp[0])) {
                goto invalid;
            }
            for (i = 1; i < len; i++) {
                if (!g_ascii_isalnum(comp[i]) &&
                    comp[i] != '-' && comp[i] != '_') {
                    goto invalid;
                }
            }
        }
        if (!comp[len]) {
            return true;
        }
        comp += len + 1;
        first = false;
    }

invalid:
    error_setg(errp, "Invalid parameter '%s'", key);
    return false;
}

/*
 * The dict key for a component: indexes lose their leading zeros, so
 * that "t.01" and "t.1" name the same element.
 */
static char *component_key(const char *comp)
{
    if (is_index(comp, strlen(comp))) {
        while (comp[0] == '0' && comp[1]) {
            comp++;
        }
    }
    return g_strdup(comp);
}

/* Store @value under the dotted @key (already validated) in @root. */
static bool keyval_store(QDict *root, const char *key, const char *value,
                         Error **errp)
{
    gchar **comps = g_strsplit(key, ".", -1);
    QDict *cur = root;
    size_t prefix_len = 0;
    bool ok = true;
    int i;

    for (i = 0; comps[i]; i++) {
        char *ckey = component_key(comps[i]);
        QObject *old = qdict_get(cur, ckey);
        bool last = !comps[i + 1];

        prefix_len += strlen(comps[i]) + (i ? 1 : 0);
        if (last) {
            /* A leaf where a dict already is: "a.b=1,a=2". */
            if (old && qobject_type(old) == QTYPE_QDICT) {
                ok = false;
            } else {
                qdict_put_str(cur, ckey, value);
            }
        } else if (!old) {
            QDict *child = qdict_new();

            qdict_put(cur, ckey, child);
            cur = child;
        } else if (qobject_type(old) == QTYPE_QDICT) {
            cur = qobject_to(QDict, old);
        } else {
            /* A dict where a leaf already is: "a=1,a.b=2". */
            ok = false;
        }
        g_free(ckey);
        if (!ok) {
            error_setg(errp, "Parameters '%.*s.*' used inconsistently",
                       (int)prefix_len, key);
            break;
        }
    }
    g_strfreev(comps);
    return ok;
}

/*
 * Read a value starting at *@p up to the next lone ',' (consumed) or the
 * end of the string, turning ",," into ','.
 */
static char *parse_value(const char **p)
{
    GString *val = g_string_new(NULL);
    const char *s = *p;

    for (;;) {
        if (*s == ',') {
            if (s[1] != ',') {
                s++;
                break;
            }
            s++;
        } else if (!*s) {
            break;
        }
        g_string_append_c(val, *s);
        s++;
    }
    *p = s;
    return g_string_free(val, false);
}

/* An element without '=' under KEYVAL_SHORT_BOOL: "flag" or "noflag". */
static bool store_short_bool(QDict *root, const char *elem, Error **errp)
{
    const char *name = elem;
    const char *value = "on";
    Error *warn = NULL;

    if (!key_is_valid(elem, errp)) {
        return false;
    }
    if (g_str_has_prefix(elem, KEYVAL_NEGATION_PREFIX) &&
        key_is_valid(elem + strlen(KEYVAL_NEGATION_PREFIX), NULL)) {
        name = elem + strlen(KEYVAL_NEGATION_PREFIX);
        value = "off";
    }
    /* Reported as an Error so that the hint follows on its own line. */
    error_setg(&warn, "short-form boolean option '%s' deprecated", elem);
    error_append_hint(&warn, "Please use %s=%s instead\n", name, value);
    warn_report_err(warn);
    return keyval_store(root, name, value, errp);
}

/*
 * Second pass: replace every dict below @dict whose keys are all list
 * indexes by a QList.  @path is the dotted key of @dict ("" for the
 * root).  Returns a new reference to what should replace @dict: @dict
 * itself or a new list.
 */
static QObject *keyval_listify(QDict *dict, const char *path, Error **errp)
{
    const QDictEntry *e;
    GPtrArray *replace_keys = g_ptr_array_new();
    GPtrArray *replace_vals = g_ptr_array_new();
    size_t n_index = 0, n = qdict_size(dict);
    QObject *ret = NULL;
    QObject **slots = NULL;
    QList *list;
    guint i;

    for (e = qdict_first(dict); e; e = qdict_next(dict, e)) {
        const char *key = qdict_entry_key(e);
        QDict *child = qobject_to(QDict, qdict_entry_value(e));

        if (is_index(key, strlen(key))) {
            n_index++;
        }
        if (child) {
            char *child_path = *path ? g_strdup_printf("%s.%s", path, key)
                                     : g_strdup(key);
            QObject *conv = keyval_listify(child, child_path, errp);

            g_free(child_path);
            if (!conv) {
                goto out;
            }
            if (conv == QOBJECT(child)) {
                qobject_unref(conv);
            } else {
                g_ptr_array_add(replace_keys, (gpointer)key);
                g_ptr_array_add(replace_vals, conv);
            }
        }
    }
    /* Replace after the walk, so that it never sees a changing dict. */
    for (i = 0; i < replace_keys->len; i++) {
        qdict_put_obj(dict, replace_keys->pdata[i], replace_vals->pdata[i]);
    }
    g_ptr_array_set_size(replace_vals, 0);

    if (n_index == 0) {
        ret = QOBJECT(qobject_ref(dict));
        goto out;
    }
    if (n_index != n) {
        error_setg(errp, "Parameters '%s.*' used inconsistently", path);
        goto out;
    }

    /* All indexes: each must be below n, and then all of 0..n-1 occur. */
    slots = g_new0(QObject *, n);
    for (e = qdict_first(dict); e; e = qdict_next(dict, e)) {
        const char *key = qdict_entry_key(e);
        guint64 idx;

        if (g_ascii_string_to_unsigned(key, 10, 0, n - 1, &idx, NULL)) {
            slots[idx] = qdict_entry_value(e);
        }
    }
    for (i = 0; i < n; i++) {
        if (!slots[i]) {
            error_setg(errp, "Parameter '%s.%u' missing", path, i);
            goto out;
        }
    }
    list = qlist_new();
    for (i = 0; i < n; i++) {
        qlist_append_obj(list, qobject_ref(slots[i]));
    }
    ret = QOBJECT(list);

out:
    for (i = 0; i < replace_vals->len; i++) {
        qobject_unref_impl(replace_vals->pdata[i]);
    }
    g_ptr_array_free(replace_keys, true);
    g_ptr_array_free(replace_vals, true);
    g_free(slots);
    return ret;
}

QDict *keyval_parse(const char *params, const char *implied_key,
                    bool *help, unsigned flags, Error **errp)
{
    QDict *root = qdict_new();
    const char *p = params;
    bool first = true;
    QObject *conv;

    if (help) {
        *help = false;
    }
    while (*p) {
        size_t key_len = strcspn(p, "=,");
        char *key, *value;
        bool ok;

        if (p[key_len] == '=') {
            /* KEY=VALUE */
            key = g_strndup(p, key_len);
            p += key_len + 1;
            value = parse_value(&p);
            ok = key_is_valid(key, errp) &&
                 keyval_store(root, key, value, errp);
            g_free(key);
            g_free(value);
        } else if (first && implied_key) {
            /* VALUE for the implied key, or a request for help. */
            value = parse_value(&p);
            if (help && is_help(value)) {
                *help = true;
                ok = true;
            } else {
                ok = keyval_store(root, implied_key, value, errp);
            }
            g_free(value);
        } else {
            /* A bare word: help, a short-form boolean, or an error. */
            key = g_strndup(p, key_len);
            p += key_len;
            if (*p == ',') {
                p++;
            }
            if (help && is_help(key)) {
                *help = true;
                ok = true;
            } else if (flags & KEYVAL_SHORT_BOOL) {
                ok = store_short_bool(root, key, errp);
            } else {
                ok = key_is_valid(key, errp);
                if (ok) {
                    error_setg(errp, "Expected '=' after parameter '%s'",
                               key);
                    ok = false;
                }
            }
            g_free(key);
        }
        if (!ok) {
            qobject_unref(root);
            return NULL;
        }
        first = false;
    }

    conv = keyval_listify(root, "", errp);
    qobject_unref(root);
    /* The root's keys never are indexes, so it stays a dict. */
    g_assert(!conv || qobject_type(conv) == QTYPE_QDICT);
    return qobject_to(QDict, conv);
}

void keyval_merge(QDict *dest, const QDict *src)
{
    const QDictEntry *e;

    for (e = qdict_first(src); e; e = qdict_next(src, e)) {
        const char *key = qdict_entry_key(e);
        QObject *sval = qdict_entry_value(e);
        QDict *sdict = qobject_to(QDict, sval);
        QDict *ddict = qobject_to(QDict, qdict_get(dest, key));

        if (sdict && ddict) {
            keyval_merge(ddict, sdict);
        } else {
            /* A copy, so that later merges into @dest never touch @src. */
            qdict_put_obj(dest, key, qobject_clone(sval));
        }
    }
}

static void append_pair(GString *out, const char *key, const char *value)
{
    const char *s;

    if (out->len) {
        g_string_append_c(out, ',');
    }
    g_string_append_printf(out, "%s=", key);
    for (s = value; *s; s++) {
        if (*s == ',') {
            g_string_append_c(out, ',');
        }
        g_string_append_c(out, *s);
    }
}

static void flatten(GString *out, const char *key, const QObject *obj)
{
    QObject *o = (QObject *)obj;
    char *str, *sub;

    switch (qobject_type(obj)) {
    case QTYPE_QDICT: {
        QDict *dict = qobject_to(QDict, o);
        const QDictEntry *e;

        for (e = qdict_first(dict); e; e = qdict_next(dict, e)) {
            sub = key ? g_strdup_printf("%s.%s", key, qdict_entry_key(e))
                      : g_strdup(qdict_entry_key(e));
            flatten(out, sub, qdict_entry_value(e));
            g_free(sub);
        }
        break;
    }
    case QTYPE_QLIST: {
        QList *list = qobject_to(QList, o);
        size_t i;

        for (i = 0; i < qlist_size(list); i++) {
            sub = g_strdup_printf("%s.%zu", key, i);
            flatten(out, sub, qlist_get(list, i));
            g_free(sub);
        }
        break;
    }
    case QTYPE_QSTRING:
        append_pair(out, key, qstring_get_str(qobject_to(QString, o)));
        break;
    case QTYPE_QNUM:
        str = qnum_to_string(qobject_to(QNum, o));
        append_pair(out, key, str);
        g_free(str);
        break;
    case QTYPE_QBOOL:
        append_pair(out, key,
                    qbool_get_bool(qobject_to(QBool, o)) ? "on" : "off");
        break;
    default:
        /* null has no option string form; leave it out. */
        break;
    }
}

char *keyval_to_string(const QDict *dict)
{
    GString *out = g_string_new(NULL);

    flatten(out, NULL, QOBJECT(dict));
    return g_string_free(out, false);
}
