/*
 * Shared pieces of the character device unit tests (test-char.c,
 * test-char-opts.c, test-char-socket.c): start-up with a private
 * temporary directory, creating and removing chardevs, running the main
 * loop until something happens, and a front end that records what its
 * chardev delivers.
 */
#ifndef TESTS_UNIT_CHAR_TEST_HELPERS_H
#define TESTS_UNIT_CHAR_TEST_HELPERS_H

#include "util/osdep.h"
#include "util/main-loop.h"
#include "chardev/char.h"
#include "chardev/char-fe.h"

/* ------------------------------------------------------------------ */
/* Start-up and the temporary directory */

/*
 * g_test_init(), the QOM types, the main loop, and a new temporary
 * directory named after @tmpl ("test-char-XXXXXX") for tmp_path().
 */
void char_test_init(int *argc, char ***argv, const char *tmpl);
/*
 * Remove the temporary directory.  With @files_may_remain the files the
 * tests left in it go first; without, the directory must already be
 * empty (the tests removed everything they made) or the program fails.
 */
void char_test_cleanup(bool files_may_remain);
/* The path of @name in the temporary directory (caller frees). */
char *tmp_path(const char *name);

/* ------------------------------------------------------------------ */
/* The main loop */

/* Longest a test waits for something that should happen at once. */
#define WAIT_TIMEOUT_US (5 * G_USEC_PER_SEC)

/* Run the main loop until @cond holds; fail the test after a while. */
#define WAIT_FOR(cond) \
    do { \
        gint64 end_ = g_get_monotonic_time() + WAIT_TIMEOUT_US; \
        while (!(cond)) { \
            g_assert_cmpint(g_get_monotonic_time(), <, end_); \
            if (!main_loop_wait(true)) { \
                g_usleep(1000); \
            } \
        } \
    } while (0)

/*
 * Run the main loop for a few short rounds, so that what should not
 * happen (data past a budget, a second connection, a reconnect) has had
 * its chance before the test checks that it did not.
 */
void spin(void);

/* ------------------------------------------------------------------ */
/* Chardevs */

/* -chardev @fmt...; the test fails if it cannot be created. */
Chardev *chr_new(const char *fmt, ...) CORVID_PRINTF(1, 2);
/* chardev-remove @id, which must succeed and leave no chardev @id. */
void chr_del(const char *id);
/* chardev-add @id with the ChardevBackend dict in JSON text @json. */
Chardev *add_ok(const char *id, const char *json);
/* Assert that @err is set and its message is exactly @msg. */
void assert_error(Error *err, const char *msg);

/* ------------------------------------------------------------------ */
/* A front end that records what it gets */

typedef struct FE {
    CharBackend be;
    GByteArray *got;        /* every byte read so far */
    int budget;             /* what can_read says; -1: plenty */
    int opened, closed;     /* CHR_EVENT_OPENED / _CLOSED seen */
    GThread *read_thread;   /* where the last read callback ran */
} FE;

/* The handlers fe_attach() installs, for front ends set up by hand. */
int fe_can_read(void *opaque);
void fe_read(void *opaque, const uint8_t *buf, int size);
void fe_event(void *opaque, ChrEvent event);

/*
 * Claim @chr for @f and install the recording handlers, run in main
 * context @ctx (NULL: the main loop's).
 */
void fe_attach_ctx(FE *f, Chardev *chr, GMainContext *ctx);
void fe_attach(FE *f, Chardev *chr);
/* Release the chardev (without deleting it) and free the record. */
void fe_detach(FE *f);
/* Whether @f has received exactly @s, nothing more. */
bool fe_got(FE *f, const char *s);
/* Write @s through the front end; all of it must go. */
void fe_write(FE *f, const char *s);

#endif
