/*
 * Shared pieces of the character device unit tests: see
 * char-test-helpers.h.
 */
#include "util/osdep.h"
#include "util/module.h"
#include "util/keyval.h"
#include "qobject/qjson.h"
#include "char-test-helpers.h"

/* Rounds of the main loop spin() runs, and the pause after each. */
#define SPIN_ROUNDS 10
#define SPIN_PAUSE_US 500
/* What the front end's can_read says when it has no budget. */
#define FE_PLENTY 4096

static char *tmpdir;

void char_test_init(int *argc, char ***argv, const char *tmpl)
{
    g_test_init(argc, argv, NULL);
    module_call_init(MODULE_INIT_QOM);
    main_loop_init();
    tmpdir = g_dir_make_tmp(tmpl, NULL);
    g_assert_nonnull(tmpdir);
}

/* Remove the files in @dir, then @dir. */
static void remove_tree(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;

    g_assert_nonnull(d);
    while ((name = g_dir_read_name(d))) {
        g_autofree char *path = g_build_filename(dir, name, NULL);

        g_assert_cmpint(unlink(path), ==, 0);
    }
    g_dir_close(d);
    g_assert_cmpint(rmdir(dir), ==, 0);
}

void char_test_cleanup(bool files_may_remain)
{
    if (files_may_remain) {
        remove_tree(tmpdir);
    } else {
        g_assert_cmpint(rmdir(tmpdir), ==, 0);
    }
    g_free(tmpdir);
    tmpdir = NULL;
}

char *tmp_path(const char *name)
{
    return g_build_filename(tmpdir, name, NULL);
}

void spin(void)
{
    int i;

    for (i = 0; i < SPIN_ROUNDS; i++) {
        main_loop_wait(true);
        g_usleep(SPIN_PAUSE_US);
    }
}

Chardev *chr_new(const char *fmt, ...)
{
    va_list ap;
    g_autofree char *str = NULL;
    g_autoptr(QDict) opts = NULL;
    Chardev *chr;

    va_start(ap, fmt);
    str = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    opts = keyval_parse(str, "backend", NULL, 0, &error_abort);
    chr = chardev_new_from_opts(opts, &error_abort);
    g_assert_nonnull(chr);
    return chr;
}

void chr_del(const char *id)
{
    g_assert_true(chardev_remove(id, &error_abort));
    g_assert_null(chardev_find(id));
}

Chardev *add_ok(const char *id, const char *json)
{
    g_autoptr(QDict) backend = qobject_to(QDict,
                                          qobject_from_json(json,
                                                            &error_abort));

    return chardev_new_from_backend(id, backend, &error_abort);
}

void assert_error(Error *err, const char *msg)
{
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, msg);
}

/* ------------------------------------------------------------------ */
/* The recording front end */

int fe_can_read(void *opaque)
{
    FE *f = opaque;

    return f->budget < 0 ? FE_PLENTY : f->budget;
}

void fe_read(void *opaque, const uint8_t *buf, int size)
{
    FE *f = opaque;

    g_assert_cmpint(size, >, 0);
    if (f->budget >= 0) {
        g_assert_cmpint(size, <=, f->budget);
        f->budget -= size;
    }
    g_byte_array_append(f->got, buf, size);
    f->read_thread = g_thread_self();
}

void fe_event(void *opaque, ChrEvent event)
{
    FE *f = opaque;

    if (event == CHR_EVENT_OPENED) {
        f->opened++;
    } else if (event == CHR_EVENT_CLOSED) {
        f->closed++;
    }
}

void fe_attach_ctx(FE *f, Chardev *chr, GMainContext *ctx)
{
    memset(f, 0, sizeof(*f));
    f->got = g_byte_array_new();
    f->budget = -1;
    g_assert_true(chr_fe_init(&f->be, chr, &error_abort));
    chr_fe_set_handlers(&f->be, fe_can_read, fe_read, fe_event, NULL, f,
                        ctx, true);
}

void fe_attach(FE *f, Chardev *chr)
{
    fe_attach_ctx(f, chr, NULL);
}

void fe_detach(FE *f)
{
    chr_fe_deinit(&f->be, false);
    g_byte_array_unref(f->got);
}

bool fe_got(FE *f, const char *s)
{
    return f->got->len == strlen(s) && !memcmp(f->got->data, s, f->got->len);
}

void fe_write(FE *f, const char *s)
{
    g_assert_cmpint(chr_fe_write_all(&f->be, (const uint8_t *)s, strlen(s)),
                    ==, strlen(s));
}
