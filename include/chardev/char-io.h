/*
 * Helpers shared by the chardev backends (not for front ends): watches
 * in the front end's context with can_read flow control, timers there,
 * the filename shown by query-chardev, the typed checks of a backend's
 * "data" dict, the -chardev option accessors, and the fd-pair chardev
 * that file, pipe and stdio are made of.
 */
#ifndef CHARDEV_CHAR_IO_H
#define CHARDEV_CHAR_IO_H

#include "chardev/char.h"
#include "chardev/char-fe.h"

#include <glib-unix.h>

/* How much one read from a backend's fd may take at most. */
#define CHR_READ_BUF_LEN 4096

/* The context the chardev's watches belong in. */
GMainContext *chr_context(Chardev *chr);

/*
 * Input from @fd, delivered while the front end can take it: the source
 * polls @fd only while chr_be_can_write() is positive (re-evaluated on
 * every iteration of the context, which chr_fe_accept_input wakes).
 * @fn runs when @fd is readable or hung up; it reads at most
 * chr_be_can_write() bytes.  With no front end a hang-up is still
 * reported (so a server can notice its client leaving); with a front end
 * that is not reading it waits until the front end reads again, so no
 * data is lost.  The source is attached to chr_context(); the caller owns
 * the returned reference (drop it with chr_source_drop).
 */
typedef void ChrInputFunc(Chardev *chr, GIOCondition cond);
GSource *chr_input_source_new(Chardev *chr, int fd, ChrInputFunc *fn);

/* A one-shot or periodic timer in chr_context(); @fn as for g_timeout. */
GSource *chr_timer_new(Chardev *chr, guint ms, GSourceFunc fn,
                       void *opaque);

/* Any watch of @fd for @cond, attached to chr_context(). */
GSource *chr_watch_new(Chardev *chr, int fd, GIOCondition cond,
                       GUnixFDSourceFunc fn, void *opaque);

/*
 * An unattached watch of @fd whose callback is an FEWatchFunc, as
 * chr_add_watch returns it.
 */
GSource *chr_fd_watch_new(int fd, GIOCondition cond);

/* Destroy and release *@src, if any, and clear it.  Any thread. */
void chr_source_drop(GSource **src);

/* Replace query-chardev's filename (thread-safe). */
void chardev_set_filename(Chardev *chr, const char *fmt, ...)
    CORVID_PRINTF(2, 3);

/* Make @fd non-blocking; false with errno on failure. */
bool chr_fd_set_nonblock(int fd);

/*
 * Check the members of @dict against @members: missing required ones,
 * wrong JSON types (typed mode), then unexpected ones, named
 * "@prefix.NAME" in qemu's words.
 */
bool chardev_check_members(const QDict *dict, const char *prefix,
                           const ChardevMember *members, Error **errp);

/* Reading checked -chardev options in a backend's parse hook. */
const char *chardev_opt_str(const QDict *opts, const char *name);
bool chardev_opt_has(const QDict *opts, const char *name);
bool chardev_opt_bool(const QDict *opts, const char *name, bool def);
/* A number or size option; @def if absent. */
uint64_t chardev_opt_uint(const QDict *opts, const char *name,
                          uint64_t def);

/* The backend class for -chardev/QMP name @name, or NULL. */
ChardevClass *chardev_class_by_backend(const char *name);

/* Copy what the front end wrote into the logfile=, if any. */
void chardev_write_log(Chardev *chr, const uint8_t *buf, int len);

/*
 * Check @data (a backend's "data" dict, as -chardev and the shorthands
 * produce it) and open a chardev of class @cc as /chardevs/@id.
 */
Chardev *chardev_new_from_data(ChardevClass *cc, const char *id,
                               const QDict *data, Error **errp);

/* ---------------------------------------------------------------------- */
/* The fd-pair chardev (file, pipe, stdio) */

typedef struct FDChardev {
    Chardev parent_obj;
    int fd_in;          /* -1: no input */
    int fd_out;         /* -1: output is discarded */
    bool own_fds;       /* close them on finalize */
    bool input_done;    /* EOF or error on fd_in: no longer watched */
    bool out_is_pipe;   /* fd_out may raise SIGPIPE */
} FDChardev;

#define FD_CHARDEV(obj) OBJECT_CHECK(FDChardev, (obj), TYPE_CHARDEV_FD)

/* Start using @fd_in / @fd_out (either may be -1). */
void chardev_fd_attach(Chardev *chr, int fd_in, int fd_out, bool own);

#endif
