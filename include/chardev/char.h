/*
 * Character devices ("chardevs"): byte streams to the outside world.
 *
 * A chardev is a QOM object of a backend type ("chardev-socket",
 * "chardev-file", ...) living at /chardevs/ID.  At most one front end
 * (a device, a monitor, the qtest server) uses it at a time, through a
 * CharBackend (chardev/char-fe.h).
 *
 * Configuration has one representation: the QMP "ChardevBackend" form
 * that chardev-add takes, a dict {"type": "socket", "data": {...}}.  The
 * command-line options (-chardev socket,id=x,path=...) and shorthands
 * (unix:PATH,server=on) are translated into that form first, so every
 * backend parses its configuration once, in typed mode.
 *
 * Every chardev can watch its file descriptors in any GMainContext: the
 * front end says which one when it installs its handlers (the QMP monitor
 * runs its chardev in its own I/O thread).  Writes are serialised by a
 * per-chardev lock, so a front end may write from two threads.
 *
 * Threads: creation, removal, query and chr_fe_set_handlers belong to the
 * main loop thread; reads, events, accepts and reconnects happen in the
 * thread that runs the front end's context; writes may come from anywhere.
 */
#ifndef CHARDEV_CHAR_H
#define CHARDEV_CHAR_H

#include "qom/object.h"
#include "qobject/qobject.h"

#define TYPE_CHARDEV "chardev"
#define TYPE_CHARDEV_FD "chardev-fd"            /* abstract: fd in/out */
#define TYPE_CHARDEV_SOCKET "chardev-socket"
#define TYPE_CHARDEV_FILE "chardev-file"
#define TYPE_CHARDEV_NULL "chardev-null"
#define TYPE_CHARDEV_STDIO "chardev-stdio"
#define TYPE_CHARDEV_PIPE "chardev-pipe"
#define TYPE_CHARDEV_PTY "chardev-pty"
#define TYPE_CHARDEV_RINGBUF "chardev-ringbuf"
#define TYPE_CHARDEV_MEMORY "chardev-memory"    /* "memory": a ringbuf */

/* Most file descriptors one message may carry (SCM_RIGHTS). */
#define CHARDEV_MAX_MSGFDS 16

typedef enum ChrEvent {
    CHR_EVENT_BREAK,        /* serial break */
    CHR_EVENT_OPENED,       /* the peer is there (connect, accept) */
    CHR_EVENT_MUX_IN,
    CHR_EVENT_MUX_OUT,
    CHR_EVENT_CLOSED,       /* the peer went away */
} ChrEvent;

typedef struct CharBackend CharBackend;
typedef struct Chardev Chardev;
typedef struct ChardevClass ChardevClass;

struct Chardev {
    Object parent_obj;

    /* Serialises chr_write and the msgfds to send. */
    GMutex write_lock;
    CharBackend *be;            /* the front end, or NULL */
    char *label;                /* the id */
    char *filename;             /* query-chardev's "filename"; read it
                                 * with chardev_get_filename() */
    bool be_open;               /* connected (sockets) / usable */
    int logfd;                  /* logfile=, or -1 */
    GMainContext *gcontext;     /* where the front end wants callbacks;
                                 * NULL: the main loop's context */
    GSource *read_source;       /* the backend's input watch, if any */
};

/*
 * One member of a backend's "data" dict, for the typed checks that
 * chardev-add applies before anything is opened.
 */
typedef enum ChardevMemberType {
    CHARDEV_MEMBER_STR,
    CHARDEV_MEMBER_BOOL,
    CHARDEV_MEMBER_INT,
    CHARDEV_MEMBER_DICT,
} ChardevMemberType;

typedef struct ChardevMember {
    const char *name;
    ChardevMemberType type;
    bool required;
} ChardevMember;

/* The members every backend takes (ChardevCommon in the QMP schema). */
#define CHARDEV_COMMON_MEMBERS \
    { "logfile", CHARDEV_MEMBER_STR, false }, \
    { "logappend", CHARDEV_MEMBER_BOOL, false }

struct ChardevClass {
    ObjectClass parent_class;

    /* The -chardev backend name ("socket"); also the QMP "type". */
    const char *backend_name;
    /* Not creatable by users (internal helpers). */
    bool internal;

    /*
     * The members of the "data" dict, terminated by { NULL }.  The base
     * class checks them (missing, unexpected, wrong JSON type) before
     * @check and @open run.  NULL: CHARDEV_COMMON_MEMBERS only.
     */
    const ChardevMember *members;
    /*
     * Further checks of nested members, named from @prefix
     * ("backend.data"); optional.
     */
    bool (*check)(const QDict *data, const char *prefix, Error **errp);

    /*
     * Translate -chardev options ("id" and "backend" removed) into the
     * ChardevBackend "data" dict.  The options have been checked against
     * the -chardev option table already: booleans are QBools, numbers and
     * sizes QNums, the rest QStrings.  NULL: take no options beyond the
     * common logfile/logappend.
     */
    QDict *(*parse)(const QDict *opts, Error **errp);
    /*
     * Open with the checked "data" dict.  *be_opened says whether to
     * announce CHR_EVENT_OPENED right away (false for sockets still
     * waiting).
     */
    void (*open)(Chardev *chr, const QDict *data, bool *be_opened,
                 Error **errp);
    /* Write up to @len bytes; return the count, or -1 with errno set
     * (EAGAIN when the peer is slow).  Called with write_lock held. */
    int (*chr_write)(Chardev *chr, const uint8_t *buf, int len);
    /*
     * The front end's context changed (chr->gcontext): move every watch
     * (input, listener, timers) there.
     */
    void (*chr_update_read_handler)(Chardev *chr);
    /* The front end can take input again (chr_fe_accept_input); optional,
     * the base class wakes the context in any case. */
    void (*chr_accept_input)(Chardev *chr);
    /* A new, unattached watch for @cond (G_IO_OUT to wait for room);
     * optional. */
    GSource *(*chr_add_watch)(Chardev *chr, GIOCondition cond);
    /* File descriptors received with the last data / to send with the
     * next write; optional (unix sockets). */
    int (*get_msgfds)(Chardev *chr, int *fds, int num);
    int (*set_msgfds)(Chardev *chr, int *fds, int num);
    /* Drop the current peer (sockets). */
    void (*chr_disconnect)(Chardev *chr);
    /* Block until a peer is connected (server wait=on). */
    int (*chr_wait_connected)(Chardev *chr, Error **errp);
    /* The front end opened or closed its side. */
    void (*chr_set_fe_open)(Chardev *chr, int fe_open);
    /* Members of chardev-add's return value ({"pty": PATH}); optional. */
    void (*add_return)(Chardev *chr, QDict *ret);
};

#define CHARDEV(obj) OBJECT_CHECK(Chardev, (obj), TYPE_CHARDEV)
#define CHARDEV_CLASS(klass) \
    OBJECT_CLASS_CHECK(ChardevClass, (klass), TYPE_CHARDEV)
#define CHARDEV_GET_CLASS(obj) \
    OBJECT_GET_CLASS(ChardevClass, (obj), TYPE_CHARDEV)

/*
 * -chardev BACKEND,id=ID,...: @opts is the keyval dict ("backend" is the
 * implied key).  Creates the chardev under /chardevs.  Errors use qemu's
 * words ("chardev: no id specified", "Duplicate ID 'x' for chardev",
 * "'foo' is not a valid char driver name", "Invalid parameter 'x'").
 */
Chardev *chardev_new_from_opts(const QDict *opts, Error **errp);
/*
 * The shorthand forms of -qmp, -qtest, -serial and friends:
 * "unix:PATH[,opts]", "tcp:HOST:PORT[,opts]", "stdio", "null",
 * "file:PATH", "pipe:PATH", "pty", "chardev:ID" (an existing chardev,
 * returned as is).  Others are created with id @id.
 */
Chardev *chardev_new_from_shorthand(const char *spec, const char *id,
                                    Error **errp);
/* chardev-add: @backend is {"type": ..., "data": {...}}, typed. */
Chardev *chardev_new_from_backend(const char *id, const QDict *backend,
                                  Error **errp);
/* chardev-add's return value for @chr: {"pty": PATH} or {} (new ref). */
QDict *chardev_add_return(Chardev *chr);
/* chardev-remove: fails while a front end uses it. */
bool chardev_remove(const char *id, Error **errp);
/*
 * At exit: delete every chardev no front end holds any more, so that
 * sockets close and listening socket files are removed, as qemu does.
 */
void chardev_cleanup(void);
/* The chardev with this id, or NULL. */
Chardev *chardev_find(const char *id);
/* query-chardev: a list of {"label", "filename", "frontend-open"}. */
QList *chardev_query(void);
/* A copy of the current query-chardev filename (caller frees). */
char *chardev_get_filename(Chardev *chr);

/* -chardev help: the backend names. */
void chardev_print_backends(void);
/* -chardev BACKEND,help: the option table, as qemu prints it. */
void chardev_print_options(void);
/*
 * For the command line, when keyval_parse reported a help request for
 * @opts: the backends if no backend was named, else the options.
 */
void chardev_print_help(const QDict *opts);

/*
 * The ringbuf/memory backend, for ringbuf-read and ringbuf-write:
 * "Device 'x' not found", "x is not a ringbuf device".
 */
Chardev *chardev_find_ringbuf(const char *id, Error **errp);
/* Take up to @max of the oldest bytes out of the ring. */
GByteArray *chardev_ringbuf_read(Chardev *chr, size_t max);
/* Put bytes into the ring as the front end would. */
void chardev_ringbuf_write(Chardev *chr, const uint8_t *buf, size_t len);

/* For backends: data arrived / the peer came or went. */
void chr_be_write(Chardev *chr, const uint8_t *buf, int len);
int chr_be_can_write(Chardev *chr);
void chr_be_event(Chardev *chr, ChrEvent event);

#endif
