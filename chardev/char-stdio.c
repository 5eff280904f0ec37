/*
 * The stdio chardev: the process's standard input and output.  Only one
 * may exist.  On a terminal, input is made raw (with signals from ^C
 * unless signal=off) and the terminal is restored when the chardev goes
 * or the process exits.
 */
#include "util/osdep.h"
#include "chardev/char-io.h"
#include "util/module.h"

#include <termios.h>

typedef struct StdioChardev {
    FDChardev parent_obj;
    bool active;            /* this one holds stdio */
} StdioChardev;

#define STDIO_CHARDEV(obj) \
    OBJECT_CHECK(StdioChardev, (obj), TYPE_CHARDEV_STDIO)

static bool stdio_in_use;
static bool stdio_tty_saved;
static struct termios stdio_saved_tty;

static void stdio_restore_tty(void)
{
    if (stdio_tty_saved) {
        tcsetattr(STDIN_FILENO, TCSANOW, &stdio_saved_tty);
        stdio_tty_saved = false;
    }
}

/* Raw input, output processing kept (so "\n" still returns the carriage). */
static void stdio_make_raw(bool signals)
{
    static bool atexit_done;
    struct termios tty;

    if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &tty) < 0) {
        return;
    }
    stdio_saved_tty = tty;
    stdio_tty_saved = true;
    if (!atexit_done) {
        atexit(stdio_restore_tty);
        atexit_done = true;
    }
    tty.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR |
                     ICRNL | IXON);
    tty.c_oflag |= OPOST;
    tty.c_lflag &= ~(ECHO | ECHONL | ICANON | IEXTEN | ISIG);
    if (signals) {
        tty.c_lflag |= ISIG;
    }
    tty.c_cflag &= ~(CSIZE | PARENB);
    tty.c_cflag |= CS8;
    tty.c_cc[VMIN] = 1;
    tty.c_cc[VTIME] = 0;
    tcsetattr(STDIN_FILENO, TCSANOW, &tty);
}

static const ChardevMember stdio_members[] = {
    CHARDEV_COMMON_MEMBERS,
    { "signal", CHARDEV_MEMBER_BOOL, false },
    { NULL }
};

static QDict *stdio_chr_parse(const QDict *opts, Error **errp)
{
    QDict *data = qdict_new();

    if (chardev_opt_has(opts, "signal")) {
        qdict_put_bool(data, "signal",
                       chardev_opt_bool(opts, "signal", true));
    }
    return data;
}

static void stdio_chr_open(Chardev *chr, const QDict *data, bool *be_opened,
                           Error **errp)
{
    StdioChardev *s = STDIO_CHARDEV(chr);

    if (stdio_in_use) {
        error_setg(errp, "cannot use stdio by multiple character devices");
        return;
    }
    stdio_in_use = true;
    s->active = true;
    stdio_make_raw(qdict_get_try_bool(data, "signal", true));
    /* The descriptors are shared with the rest of the process: never
     * closed, and their blocking mode is left alone. */
    chardev_fd_attach(chr, STDIN_FILENO, STDOUT_FILENO, false);
}

static void stdio_chr_finalize(Object *obj)
{
    StdioChardev *s = STDIO_CHARDEV(obj);

    if (s->active) {
        chr_source_drop(&CHARDEV(obj)->read_source);
        stdio_restore_tty();
        stdio_in_use = false;
    }
}

static void stdio_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->backend_name = "stdio";
    cc->members = stdio_members;
    cc->parse = stdio_chr_parse;
    cc->open = stdio_chr_open;
}

static const TypeInfo stdio_chardev_types[] = {
    {
        .name = TYPE_CHARDEV_STDIO,
        .parent = TYPE_CHARDEV_FD,
        .instance_size = sizeof(StdioChardev),
        .instance_finalize = stdio_chr_finalize,
        .class_init = stdio_chr_class_init,
    },
};

DEFINE_TYPES(stdio_chardev_types)
