/*
 * Chardev backend helpers (see include/chardev/char-io.h): watches in the
 * front end's context, the flow-controlled input watch, the filename,
 * the typed member checks and the -chardev option accessors.
 */
#include "util/osdep.h"
#include "chardev/char-io.h"
#include "util/main-loop.h"
#include "qobject/qinput.h"

GMainContext *chr_context(Chardev *chr)
{
    return chr->gcontext ? chr->gcontext : main_loop_context();
}

void chr_source_drop(GSource **src)
{
    if (*src) {
        g_source_destroy(*src);
        g_source_unref(*src);
        *src = NULL;
    }
}

/* ---------------------------------------------------------------------- */
/* The input watch */

/* What a readable or hung-up input fd reports. */
#define CHR_INPUT_EVENTS (G_IO_IN | G_IO_HUP | G_IO_ERR)

typedef struct ChrInputSource {
    GSource source;
    Chardev *chr;           /* not referenced: the chardev owns us */
    int fd;
    gpointer tag;           /* NULL while the fd is not polled at all */
    GIOCondition events;    /* what the fd is polled for now */
    /* Hung up while the front end was not reading: stop polling until it
     * reads again, or poll() would report the hang-up forever. */
    bool parked;
    ChrInputFunc *fn;
} ChrInputSource;

/* Poll the fd for @events, or (@poll false) not at all. */
static void input_source_poll(ChrInputSource *s, bool poll,
                              GIOCondition events)
{
    if (!poll) {
        if (s->tag) {
            g_source_remove_unix_fd(&s->source, s->tag);
            s->tag = NULL;
        }
        return;
    }
    if (!s->tag) {
        s->tag = g_source_add_unix_fd(&s->source, s->fd, events);
    } else if (s->events != events) {
        g_source_modify_unix_fd(&s->source, s->tag, events);
    }
    s->events = events;
}

/* Whether a front end is there that will read again some day. */
static bool chr_has_reader(Chardev *chr)
{
    return chr->be && chr->be->chr_can_read && chr->be->chr_read;
}

/*
 * Runs on every iteration of the context, so a front end that stopped
 * reading (can_read 0) is asked again after anything wakes the context;
 * chr_fe_accept_input does exactly that.
 */
static gboolean input_source_prepare(GSource *source, gint *timeout)
{
    ChrInputSource *s = (ChrInputSource *)source;

    *timeout = -1;
    if (chr_be_can_write(s->chr) > 0) {
        s->parked = false;
        input_source_poll(s, true, CHR_INPUT_EVENTS);
    } else if (s->parked && chr_has_reader(s->chr)) {
        input_source_poll(s, false, 0);
    } else {
        /* poll() reports hang-ups and errors even when asked for nothing. */
        s->parked = false;
        input_source_poll(s, true, 0);
    }
    return FALSE;
}

static gboolean input_source_check(GSource *source)
{
    ChrInputSource *s = (ChrInputSource *)source;

    return s->tag &&
           (g_source_query_unix_fd(source, s->tag) & CHR_INPUT_EVENTS);
}

static gboolean input_source_dispatch(GSource *source, GSourceFunc unused,
                                      gpointer unused2)
{
    ChrInputSource *s = (ChrInputSource *)source;
    Chardev *chr = s->chr;
    GIOCondition rev;

    if (!s->tag) {
        return G_SOURCE_CONTINUE;
    }
    rev = g_source_query_unix_fd(source, s->tag) & CHR_INPUT_EVENTS;
    if (!rev) {
        return G_SOURCE_CONTINUE;
    }
    if (!s->events && chr_has_reader(chr)) {
        /* A hang-up while the front end is not reading: the data before
         * it is still to be read, so wait for the front end. */
        s->parked = true;
        return G_SOURCE_CONTINUE;
    }
    /* The callback may make the front end delete the chardev (and us). */
    object_ref(chr);
    s->fn(chr, rev);
    object_unref(chr);
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs input_source_funcs = {
    .prepare = input_source_prepare,
    .check = input_source_check,
    .dispatch = input_source_dispatch,
};

GSource *chr_input_source_new(Chardev *chr, int fd, ChrInputFunc *fn)
{
    ChrInputSource *s;

    g_assert(fd >= 0 && fn);
    s = (ChrInputSource *)g_source_new(&input_source_funcs,
                                       sizeof(ChrInputSource));
    g_source_set_name(&s->source, "chardev-input");
    s->chr = chr;
    s->fd = fd;
    s->fn = fn;
    g_source_attach(&s->source, chr_context(chr));
    return &s->source;
}

/* ---------------------------------------------------------------------- */
/* Timers and plain watches */

GSource *chr_timer_new(Chardev *chr, guint ms, GSourceFunc fn, void *opaque)
{
    GSource *src = g_timeout_source_new(ms);

    g_source_set_name(src, "chardev-timer");
    g_source_set_callback(src, fn, opaque, NULL);
    g_source_attach(src, chr_context(chr));
    return src;
}

GSource *chr_watch_new(Chardev *chr, int fd, GIOCondition cond,
                       GUnixFDSourceFunc fn, void *opaque)
{
    GSource *src = g_unix_fd_source_new(fd, cond);

    g_source_set_name(src, "chardev-watch");
    g_source_set_callback(src, (GSourceFunc)(void (*)(void))fn, opaque,
                          NULL);
    g_source_attach(src, chr_context(chr));
    return src;
}

/* A watch whose callback is an FEWatchFunc (chr_fe_add_watch). */
typedef struct ChrFdWatch {
    GSource source;
    gpointer tag;
    GIOCondition cond;
} ChrFdWatch;

static gboolean fd_watch_check(GSource *source)
{
    ChrFdWatch *w = (ChrFdWatch *)source;

    return (g_source_query_unix_fd(source, w->tag) &
            (w->cond | G_IO_HUP | G_IO_ERR)) != 0;
}

static gboolean fd_watch_dispatch(GSource *source, GSourceFunc callback,
                                  gpointer user_data)
{
    ChrFdWatch *w = (ChrFdWatch *)source;
    FEWatchFunc *func = (FEWatchFunc *)(void (*)(void))callback;

    if (!func) {
        return G_SOURCE_REMOVE;
    }
    return func(NULL, g_source_query_unix_fd(source, w->tag), user_data);
}

static GSourceFuncs fd_watch_funcs = {
    .check = fd_watch_check,
    .dispatch = fd_watch_dispatch,
};

GSource *chr_fd_watch_new(int fd, GIOCondition cond)
{
    ChrFdWatch *w = (ChrFdWatch *)g_source_new(&fd_watch_funcs,
                                               sizeof(ChrFdWatch));

    g_source_set_name(&w->source, "chardev-fe-watch");
    w->cond = cond;
    w->tag = g_source_add_unix_fd(&w->source, fd, cond);
    return &w->source;
}

/* ---------------------------------------------------------------------- */
/* Small things */

/*
 * Filenames change in the thread that runs a chardev's context and are
 * read by query-chardev in the main loop.  One lock for all: it is held
 * for a strdup only, and not coupled to the write lock, which a writer
 * may hold for long while it waits for a slow peer.
 */
static GMutex chardev_filename_lock;

void chardev_set_filename(Chardev *chr, const char *fmt, ...)
{
    va_list ap;
    char *name;

    va_start(ap, fmt);
    name = g_strdup_vprintf(fmt, ap);
    va_end(ap);

    g_mutex_lock(&chardev_filename_lock);
    g_free(chr->filename);
    chr->filename = name;
    g_mutex_unlock(&chardev_filename_lock);
}

char *chardev_get_filename(Chardev *chr)
{
    char *name;

    g_mutex_lock(&chardev_filename_lock);
    name = g_strdup(chr->filename);
    g_mutex_unlock(&chardev_filename_lock);
    return name;
}

bool chr_fd_set_nonblock(int fd)
{
    int flags = fcntl(fd, F_GETFL);

    return flags >= 0 && fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
}

/* ---------------------------------------------------------------------- */
/* Typed checks of a backend's "data" dict */

static bool member_known(const ChardevMember *members, const char *name)
{
    const ChardevMember *m;

    for (m = members; m->name; m++) {
        if (!strcmp(m->name, name)) {
            return true;
        }
    }
    return false;
}

static bool check_member(const ChardevMember *m, QObject *value,
                         const char *name, Error **errp)
{
    QInput in = { .obj = value, .keyval = false };
    bool b;
    int64_t i;

    switch (m->type) {
    case CHARDEV_MEMBER_STR:
        return qinput_get_str(&in, name, errp) != NULL;
    case CHARDEV_MEMBER_BOOL:
        return qinput_get_bool(&in, name, &b, errp);
    case CHARDEV_MEMBER_INT:
        return qinput_get_int(&in, name, INT64_MIN, INT64_MAX, NULL, &i,
                              errp);
    case CHARDEV_MEMBER_DICT:
        return qinput_get_dict(&in, name, errp) != NULL;
    }
    g_assert_not_reached();
}

bool chardev_check_members(const QDict *dict, const char *prefix,
                           const ChardevMember *members, Error **errp)
{
    const ChardevMember *m;
    const QDictEntry *e;

    for (m = members; m->name; m++) {
        QObject *value = qdict_get(dict, m->name);
        g_autofree char *name = g_strdup_printf("%s.%s", prefix, m->name);

        if (!value) {
            if (m->required) {
                error_setg(errp, "Parameter '%s' is missing", name);
                return false;
            }
            continue;
        }
        if (!check_member(m, value, name, errp)) {
            return false;
        }
    }
    for (e = qdict_first(dict); e; e = qdict_next(dict, e)) {
        if (!member_known(members, qdict_entry_key(e))) {
            error_setg(errp, "Parameter '%s.%s' is unexpected", prefix,
                       qdict_entry_key(e));
            return false;
        }
    }
    return true;
}

/* ---------------------------------------------------------------------- */
/* Checked -chardev options */

const char *chardev_opt_str(const QDict *opts, const char *name)
{
    return qdict_get_try_str(opts, name);
}

bool chardev_opt_has(const QDict *opts, const char *name)
{
    return qdict_haskey(opts, name);
}

bool chardev_opt_bool(const QDict *opts, const char *name, bool def)
{
    return qdict_get_try_bool(opts, name, def);
}

uint64_t chardev_opt_uint(const QDict *opts, const char *name, uint64_t def)
{
    QNum *qn = qobject_to(QNum, qdict_get(opts, name));
    uint64_t val;

    return qn && qnum_get_try_uint(qn, &val) ? val : def;
}

/* ---------------------------------------------------------------------- */
/* Backend classes by name */

ChardevClass *chardev_class_by_backend(const char *name)
{
    GSList *list = object_class_get_list(TYPE_CHARDEV, false);
    ChardevClass *found = NULL;
    GSList *l;

    for (l = list; l; l = l->next) {
        ChardevClass *cc = CHARDEV_CLASS(l->data);

        if (cc->backend_name && !cc->internal &&
            !strcmp(cc->backend_name, name)) {
            found = cc;
            break;
        }
    }
    g_slist_free(list);
    return found;
}
