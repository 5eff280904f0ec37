/*
 * Character devices: the abstract base type, creation from a checked
 * ChardevBackend "data" dict (the one path every configuration form
 * takes), chardev-add, removal, query-chardev, logfile= and the backend
 * side of the front-end API.  The command-line forms are in
 * char-opts.c.
 */
#include "util/osdep.h"
#include "chardev/char.h"
#include "chardev/char-fe.h"
#include "chardev/char-io.h"
#include "util/module.h"
#include "qom/object-property.h"
#include "qobject/qinput.h"

/* Where chardevs live in the composition tree. */
#define CHARDEV_CONTAINER "/chardevs"

/* Mode of a logfile=, as qemu creates it (umask applies). */
#define CHARDEV_LOGFILE_MODE 0666

static Object *chardev_container(void)
{
    return object_get_container(CHARDEV_CONTAINER);
}

Chardev *chardev_find(const char *id)
{
    Object *obj;

    if (!id || !*id) {
        return NULL;
    }
    obj = object_resolve_path_component(chardev_container(), id);
    return obj ? (Chardev *)object_dynamic_cast(obj, TYPE_CHARDEV) : NULL;
}

/* ---------------------------------------------------------------------- */
/* The backend side */

int chr_be_can_write(Chardev *chr)
{
    CharBackend *be = chr->be;

    if (!be || !be->chr_can_read || !be->chr_read) {
        return 0;
    }
    return be->chr_can_read(be->opaque);
}

void chr_be_write(Chardev *chr, const uint8_t *buf, int len)
{
    CharBackend *be = chr->be;

    if (be && be->chr_read && len > 0) {
        be->chr_read(be->opaque, buf, len);
    }
}

void chr_be_event(Chardev *chr, ChrEvent event)
{
    CharBackend *be = chr->be;

    switch (event) {
    case CHR_EVENT_OPENED:
        chr->be_open = true;
        break;
    case CHR_EVENT_CLOSED:
        chr->be_open = false;
        break;
    default:
        break;
    }
    if (be && be->chr_event) {
        be->chr_event(be->opaque, event);
    }
}

/* ---------------------------------------------------------------------- */
/* logfile= and logappend= */

static bool chardev_open_log(Chardev *chr, const QDict *data, Error **errp)
{
    const char *path = qdict_get_try_str(data, "logfile");
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC;

    if (!path) {
        return true;
    }
    flags |= qdict_get_try_bool(data, "logappend", false) ? O_APPEND
                                                           : O_TRUNC;
    chr->logfd = open(path, flags, CHARDEV_LOGFILE_MODE);
    if (chr->logfd < 0) {
        error_setg_errno(errp, errno, "Could not create '%s'", path);
        return false;
    }
    return true;
}

/* Copy what the front end wrote into the log; losing log data is fine. */
void chardev_write_log(Chardev *chr, const uint8_t *buf, int len)
{
    int done = 0;

    if (chr->logfd < 0) {
        return;
    }
    while (done < len) {
        ssize_t n = write(chr->logfd, buf + done, len - done);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return;
        }
        done += n;
    }
}

/* ---------------------------------------------------------------------- */
/* Creation */

/* The typed checks of @data, before anything is opened. */
static bool chardev_check_data(ChardevClass *cc, const QDict *data,
                               const char *prefix, Error **errp)
{
    static const ChardevMember common[] = {
        CHARDEV_COMMON_MEMBERS,
        { NULL }
    };

    if (!chardev_check_members(data, prefix,
                               cc->members ? cc->members : common, errp)) {
        return false;
    }
    return !cc->check || cc->check(data, prefix, errp);
}

/*
 * Open a chardev of class @cc from the checked @data and add it as
 * /chardevs/@id.  The id has been checked by the caller.
 */
static Chardev *chardev_open_new(ChardevClass *cc, const char *id,
                                 const QDict *data, Error **errp)
{
    Object *obj = object_new_with_class(OBJECT_CLASS(cc));
    Chardev *chr = CHARDEV(obj);
    Error *local_err = NULL;
    bool be_opened = true;

    chr->label = g_strdup(id);
    chardev_set_filename(chr, "%s", cc->backend_name);
    if (!chardev_open_log(chr, data, errp)) {
        object_unref(obj);
        return NULL;
    }
    cc->open(chr, data, &be_opened, &local_err);
    if (local_err) {
        error_propagate(errp, local_err);
        object_unref(obj);
        return NULL;
    }
    object_property_add_child(chardev_container(), id, obj);
    object_unref(obj);
    if (be_opened) {
        chr_be_event(chr, CHR_EVENT_OPENED);
    }
    return chr;
}

/*
 * Ids that cannot name a child in the tree.  chardev-add takes ids that
 * -chardev refuses ("1x"), as qemu does, but not these.
 */
static bool chardev_id_usable(const char *id)
{
    return *id && !strchr(id, '/') && !g_str_has_suffix(id, "[*]");
}

Chardev *chardev_new_from_data(ChardevClass *cc, const char *id,
                               const QDict *data, Error **errp)
{
    if (!chardev_check_data(cc, data, "backend.data", errp)) {
        return NULL;
    }
    return chardev_open_new(cc, id, data, errp);
}

Chardev *chardev_new_from_backend(const char *id, const QDict *backend,
                                  Error **errp)
{
    QInput in = { .obj = QOBJECT(backend), .keyval = false };
    const QDictEntry *e;
    const char *type;
    ChardevClass *cc;
    QDict *data;
    Error *local_err = NULL;
    Chardev *chr;

    if (!qinput_get_dict(&in, "backend", errp)) {
        return NULL;
    }
    in.obj = qdict_get(backend, "type");
    type = qinput_get_str(&in, "backend.type", errp);
    if (!type) {
        return NULL;
    }
    cc = chardev_class_by_backend(type);
    if (!cc) {
        error_setg(errp, "Parameter 'type' does not accept value '%s'",
                   type);
        return NULL;
    }
    in.obj = qdict_get(backend, "data");
    data = qinput_get_dict(&in, "backend.data", errp);
    if (!data || !chardev_check_data(cc, data, "backend.data", errp)) {
        return NULL;
    }
    for (e = qdict_first(backend); e; e = qdict_next(backend, e)) {
        const char *key = qdict_entry_key(e);

        if (strcmp(key, "type") && strcmp(key, "data")) {
            error_setg(errp, "Parameter 'backend.%s' is unexpected", key);
            return NULL;
        }
    }

    if (!id || !chardev_id_usable(id)) {
        error_setg(errp, "Parameter 'id' expects an identifier");
        return NULL;
    }
    if (chardev_find(id)) {
        error_setg(errp, "Chardev with id '%s' already exists", id);
        return NULL;
    }
    chr = chardev_open_new(cc, id, data, &local_err);
    if (!chr) {
        error_propagate(errp, local_err);
        error_prepend(errp, "Failed to add chardev '%s': ", id);
    }
    return chr;
}

QDict *chardev_add_return(Chardev *chr)
{
    ChardevClass *cc = CHARDEV_GET_CLASS(chr);
    QDict *ret = qdict_new();

    if (cc->add_return) {
        cc->add_return(chr, ret);
    }
    return ret;
}

/* ---------------------------------------------------------------------- */
/* Removal and query */

bool chardev_remove(const char *id, Error **errp)
{
    Chardev *chr = chardev_find(id);

    if (!id) {
        id = "";
    }
    if (!chr) {
        error_setg(errp, "Chardev '%s' not found", id);
        return false;
    }
    if (chr->be) {
        error_setg(errp, "Chardev '%s' is busy", id);
        return false;
    }
    object_unparent(OBJECT(chr));
    return true;
}

static int remove_unused(Object *child, void *opaque)
{
    Chardev *chr = (Chardev *)object_dynamic_cast(child, TYPE_CHARDEV);

    if (chr && !chr->be) {
        object_unparent(child);
    }
    return 0;
}

void chardev_cleanup(void)
{
    object_child_foreach(object_get_container("/chardevs"), remove_unused,
                         NULL);
}

static int query_one(Object *child, void *opaque)
{
    Chardev *chr = (Chardev *)object_dynamic_cast(child, TYPE_CHARDEV);
    QList *list = opaque;
    QDict *info;

    if (!chr) {
        return 0;
    }
    info = qdict_new();
    qdict_put_str(info, "label", chr->label);
    {
        g_autofree char *name = chardev_get_filename(chr);

        qdict_put_str(info, "filename", name);
    }
    qdict_put_bool(info, "frontend-open", chr->be && chr->be->fe_open);
    qlist_append(list, info);
    return 0;
}

QList *chardev_query(void)
{
    QList *list = qlist_new();

    object_child_foreach(chardev_container(), query_one, list);
    return list;
}

/* ---------------------------------------------------------------------- */
/* The base type */

static void chardev_init(Object *obj)
{
    Chardev *chr = CHARDEV(obj);

    g_mutex_init(&chr->write_lock);
    chr->logfd = -1;
}

static void chardev_finalize(Object *obj)
{
    Chardev *chr = CHARDEV(obj);

    /* A front end that deleted us through chr_fe_deinit(be, true), or a
     * private chardev, must not keep a dangling pointer. */
    if (chr->be) {
        chr->be->chr = NULL;
        chr->be = NULL;
    }
    chr_source_drop(&chr->read_source);
    if (chr->logfd >= 0) {
        close(chr->logfd);
    }
    if (chr->gcontext) {
        g_main_context_unref(chr->gcontext);
    }
    g_free(chr->label);
    g_free(chr->filename);
    g_mutex_clear(&chr->write_lock);
}

static const TypeInfo chardev_types[] = {
    {
        .name = TYPE_CHARDEV,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(Chardev),
        .instance_init = chardev_init,
        .instance_finalize = chardev_finalize,
        .abstract = true,
        .class_size = sizeof(ChardevClass),
    },
};

DEFINE_TYPES(chardev_types)
