/*
 * Unit tests of the memory backends as -object and object-add create
 * them: memory-backend-ram, -file and -memfd, their properties and the
 * errors qemu gives, files shared with another mapping, and refusing
 * deletion while in use.
 */
#include "util/osdep.h"
#include <sys/mman.h>
#include <sys/stat.h>
#include "util/module.h"
#include "qom/object-property.h"
#include "qom/object-interfaces.h"
#include "qobject/qjson.h"
#include "system/hostmem.h"
#include "system/memory-internal.h"
#include "hw/core/machine.h"

/* Create a backend from a JSON object of properties (typed, as
 * object-add has them) or NULL with the error text in *msg. */
static HostMemoryBackend *make(const char *type, const char *id,
                               const char *json, char **msg)
{
    g_autoptr(QObject) props = json ? qobject_from_json(json, NULL) : NULL;
    Error *err = NULL;
    Object *obj;

    obj = user_creatable_add_type(type, id, qobject_to(QDict, props), false,
                                  &err);
    if (msg) {
        *msg = err ? g_strdup(error_get_pretty(err)) : NULL;
    }
    if (err) {
        error_free(err);
        return NULL;
    }
    return MEMORY_BACKEND(obj);
}

/* Keyval mode, as the command line passes strings. */
static HostMemoryBackend *make_keyval(const char *type, const char *id,
                                      const char *kv, char **msg)
{
    g_autoptr(QDict) props = qdict_new();
    g_auto(GStrv) pairs = g_strsplit(kv, ",", 0);
    Error *err = NULL;
    Object *obj;
    int i;

    for (i = 0; pairs[i]; i++) {
        g_auto(GStrv) kvp = g_strsplit(pairs[i], "=", 2);

        qdict_put_str(props, kvp[0], kvp[1]);
    }
    obj = user_creatable_add_type(type, id, props, true, &err);
    *msg = err ? g_strdup(error_get_pretty(err)) : NULL;
    if (err) {
        error_free(err);
        return NULL;
    }
    return MEMORY_BACKEND(obj);
}

static void expect_error(const char *type, const char *json,
                         const char *expected)
{
    g_autofree char *msg = NULL;

    g_assert_null(make(type, "bad", json, &msg));
    g_assert_cmpstr(msg, ==, expected);
    /* Nothing is left behind. */
    g_assert_null(object_resolve_path_component(object_get_objects_root(),
                                                "bad"));
}

static void delete(const char *id)
{
    g_assert_true(user_creatable_del(id, NULL));
}

static void test_ram(void)
{
    HostMemoryBackend *b = make(TYPE_MEMORY_BACKEND_RAM, "m",
                                "{'size': 1048576}", NULL);
    MemoryRegion *mr;
    g_autofree char *path = NULL;

    g_assert_nonnull(b);
    mr = host_memory_backend_get_memory(b);
    g_assert_nonnull(mr);
    g_assert_cmpuint(memory_region_size(mr), ==, 1 * MiB);
    g_assert_cmpstr(memory_region_name(mr), ==, "m");
    g_assert_true(memory_region_is_ram(mr));
    g_assert_cmpint(memory_region_get_fd(mr), ==, -1);
    g_assert_cmpuint(host_memory_backend_pagesize(b), ==, getpagesize());
    /* The region is the backend's child "m[0]". */
    path = object_get_canonical_path(OBJECT(mr));
    g_assert_cmpstr(path, ==, "/objects/m/m[0]");
    /* Defaults. */
    g_assert_false(object_property_get_bool(OBJECT(b), "share", NULL));
    g_assert_true(object_property_get_bool(OBJECT(b), "merge", NULL));
    g_assert_true(object_property_get_bool(OBJECT(b), "dump", NULL));
    g_assert_true(object_property_get_bool(OBJECT(b), "reserve", NULL));
    g_assert_false(object_property_get_bool(OBJECT(b), "prealloc", NULL));
    g_assert_cmpuint(object_property_get_uint(OBJECT(b), "prealloc-threads",
                                              NULL), ==, 1);
    g_assert_cmpuint(object_property_get_uint(OBJECT(b), "size", NULL), ==,
                     1 * MiB);
    g_assert_cmpstr(object_property_get_type(OBJECT(b), "size", NULL), ==,
                    "int");
    delete("m");

    /* Sizes round up to pages for the host, not for the guest. */
    b = make(TYPE_MEMORY_BACKEND_RAM, "m", "{'size': 4097, 'share': true, "
             "'prealloc': true, 'merge': false, 'dump': false}", NULL);
    g_assert_nonnull(b);
    mr = host_memory_backend_get_memory(b);
    g_assert_cmpuint(memory_region_size(mr), ==, 4097);
    g_assert_cmpuint(mr->ram_block->used_length, ==, 2 * getpagesize());
    g_assert_true(mr->ram_block->shared);
    delete("m");
}

static void test_ram_errors(void)
{
    g_autofree char *msg = NULL;

    expect_error(TYPE_MEMORY_BACKEND_RAM, NULL, "Parameter 'size' is missing");
    expect_error(TYPE_MEMORY_BACKEND_RAM, "{'size': 0}",
                 "property 'size' of memory-backend-ram doesn't take value "
                 "'0'");
    expect_error(TYPE_MEMORY_BACKEND_RAM, "{'size': '1M'}",
                 "Invalid parameter type for 'size', expected: integer");
    expect_error(TYPE_MEMORY_BACKEND_RAM, "{'size': 4096, "
                 "'prealloc-threads': 0}", "property 'prealloc-threads' of "
                 "memory-backend-ram doesn't take value '0'");
    expect_error(TYPE_MEMORY_BACKEND_RAM, "{'size': 4096, 'prealloc': true, "
                 "'reserve': false}", "'prealloc=on' and 'reserve=off' are "
                 "incompatible");
    expect_error(TYPE_MEMORY_BACKEND_RAM, "{'size': 4096, 'readonly': true}",
                 "Parameter 'readonly' is unexpected");
    expect_error(TYPE_MEMORY_BACKEND_RAM, "{'size': 109951162777600}",
                 "cannot set up guest memory 'bad': Cannot allocate memory");
    expect_error(TYPE_MEMORY_BACKEND, "{'size': 4096}",
                 "Parameter 'qom-type' does not accept value "
                 "'memory-backend'");
    /* The command line's words for malformed sizes (Corvid's one
     * wording for sizes, see docs/system/differences.rst). */
    g_assert_null(make_keyval(TYPE_MEMORY_BACKEND_RAM, "bad", "size=16E",
                              &msg));
    g_assert_cmpstr(msg, ==, "Parameter 'size' expects size");
    g_clear_pointer(&msg, g_free);
    g_assert_nonnull(make_keyval(TYPE_MEMORY_BACKEND_RAM, "ok", "size=64k",
                                 &msg));
    delete("ok");
}

/* Once allocated, what shapes the memory is fixed. */
static void test_frozen(void)
{
    HostMemoryBackend *b = make(TYPE_MEMORY_BACKEND_RAM, "m",
                                "{'size': 65536, 'reserve': false}", NULL);
    g_autofree char *f = g_strdup_printf("%s/corvid-hostmem-XXXXXX",
                                         g_get_tmp_dir());
    HostMemoryBackend *fb;
    Error *err = NULL;
    int fd = g_mkstemp(f);

    g_assert_cmpint(fd, >=, 0);
    close(fd);
    g_assert_false(object_property_set_uint(OBJECT(b), "size", 4096, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "cannot change property size of memory-backend-ram ");
    g_clear_pointer(&err, error_free);
    g_assert_false(object_property_set_bool(OBJECT(b), "share", true, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "cannot change property value");
    g_clear_pointer(&err, error_free);
    g_assert_false(object_property_set_bool(OBJECT(b), "reserve", true,
                                            &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "cannot change property value");
    g_clear_pointer(&err, error_free);
    /* prealloc needs the reserve that is not there. */
    g_assert_false(object_property_set_bool(OBJECT(b), "prealloc", true,
                                            &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "'prealloc=on' and 'reserve=off' are incompatible");
    g_clear_pointer(&err, error_free);
    /* merge and dump change any time. */
    g_assert_true(object_property_set_bool(OBJECT(b), "merge", false, NULL));
    g_assert_true(object_property_set_bool(OBJECT(b), "dump", false, NULL));
    delete("m");

    fb = make(TYPE_MEMORY_BACKEND_FILE, "f", NULL, NULL);
    g_assert_null(fb);
    {
        g_autofree char *json = g_strdup_printf("{'size': 8192, "
                                                "'mem-path': '%s'}", f);

        fb = make(TYPE_MEMORY_BACKEND_FILE, "f", json, NULL);
    }
    g_assert_nonnull(fb);
    g_assert_false(object_property_set_str(OBJECT(fb), "mem-path", "/x",
                                           &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "cannot change property "
                    "'mem-path' of memory-backend-file");
    g_clear_pointer(&err, error_free);
    g_assert_false(object_property_set_bool(OBJECT(fb), "readonly", true,
                                            &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "cannot change property "
                    "'readonly' of memory-backend-file.");
    g_clear_pointer(&err, error_free);
    g_assert_false(object_property_set_uint(OBJECT(fb), "align", 8192,
                                            &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "cannot change property "
                    "'align' of memory-backend-file");
    g_clear_pointer(&err, error_free);
    g_assert_true(object_property_set_bool(OBJECT(fb), "discard-data", true,
                                           NULL));
    delete("f");
    unlink(f);
}

static char *file_json(const char *path, const char *extra)
{
    return g_strdup_printf("{'size': 65536, 'mem-path': '%s'%s}", path,
                           extra);
}

static void test_file_shared(void)
{
    g_autofree char *dir = g_dir_make_tmp("corvid-hostmem-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "guest.ram", NULL);
    g_autofree char *json = file_json(path, ", 'share': true");
    HostMemoryBackend *b;
    MemoryRegion *mr;
    uint8_t *p, *peer;
    uint64_t off;
    struct stat st;
    int fd;

    /* A missing file is created, sized to the backend. */
    b = make(TYPE_MEMORY_BACKEND_FILE, "f", json, NULL);
    g_assert_nonnull(b);
    g_assert_cmpint(stat(path, &st), ==, 0);
    g_assert_cmpint(st.st_size, ==, 65536);
    mr = host_memory_backend_get_memory(b);
    p = memory_region_get_ram_ptr(mr);
    g_assert_cmpint(memory_region_get_fd(mr), >=, 0);
    g_assert_cmpuint(memory_region_get_fd_offset(mr), ==, 0);
    g_assert_true(memory_region_from_host(p + 100, &off) == mr);
    g_assert_cmpuint(off, ==, 100);

    /* Another mapping of the file sees our writes, and we see its. */
    fd = open(path, O_RDWR);
    g_assert_cmpint(fd, >=, 0);
    peer = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    g_assert_true(peer != MAP_FAILED);
    memcpy(p + 0x1000, "from guest", 10);
    g_assert_cmpmem(peer + 0x1000, 10, "from guest", 10);
    memcpy(peer + 0x2000, "from peer", 9);
    g_assert_cmpmem(p + 0x2000, 9, "from peer", 9);
    munmap(peer, 65536);
    close(fd);
    delete("f");

    /* Private (the default): the file keeps its contents. */
    g_free(json);
    json = file_json(path, "");
    b = make(TYPE_MEMORY_BACKEND_FILE, "f", json, NULL);
    p = memory_region_get_ram_ptr(host_memory_backend_get_memory(b));
    g_assert_cmpmem(p + 0x1000, 10, "from guest", 10);
    memcpy(p + 0x1000, "scratch!!!", 10);
    fd = open(path, O_RDONLY);
    {
        char back[10];

        g_assert_cmpint(pread(fd, back, 10, 0x1000), ==, 10);
        g_assert_cmpmem(back, 10, "from guest", 10);
    }
    close(fd);
    delete("f");

    /* Read-only: mapped without write access, a ROM to the guest. */
    g_free(json);
    json = file_json(path, ", 'readonly': true, 'share': true");
    b = make(TYPE_MEMORY_BACKEND_FILE, "f", json, NULL);
    g_assert_nonnull(b);
    mr = host_memory_backend_get_memory(b);
    g_assert_true(memory_region_is_rom(mr));
    g_assert_cmpmem((uint8_t *)memory_region_get_ram_ptr(mr) + 0x2000, 9,
                    "from peer", 9);
    delete("f");

    /* A directory gets a file of its own that nobody else sees. */
    g_free(json);
    json = file_json(dir, ", 'share': true");
    unlink(path);
    b = make(TYPE_MEMORY_BACKEND_FILE, "f", json, NULL);
    g_assert_nonnull(b);
    g_assert_cmpint(memory_region_get_fd(host_memory_backend_get_memory(b)),
                    >=, 0);
    {
        GDir *d = g_dir_open(dir, 0, NULL);

        g_assert_null(g_dir_read_name(d));
        g_dir_close(d);
    }
    delete("f");
    g_assert_cmpint(rmdir(dir), ==, 0);
}

static void test_file_errors(void)
{
    g_autofree char *dir = g_dir_make_tmp("corvid-hostmem-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "f", NULL);
    g_autofree char *json = NULL;
    int fd;

    expect_error(TYPE_MEMORY_BACKEND_FILE, "{'size': 4096}",
                 "Parameter 'mem-path' is missing");
    expect_error(TYPE_MEMORY_BACKEND_FILE, "{'mem-path': '/tmp'}",
                 "Parameter 'size' is missing");
    expect_error(TYPE_MEMORY_BACKEND_FILE, "{'size': 4096, "
                 "'mem-path': '/nonexistent/x'}", "can't open backing store "
                 "/nonexistent/x for guest RAM: No such file or directory");
    expect_error(TYPE_MEMORY_BACKEND_FILE, "{'size': 4096, 'mem-path': ''}",
                 "can't open backing store  for guest RAM: No such file or "
                 "directory");

    /* A file shorter than the backend. */
    fd = open(path, O_RDWR | O_CREAT, 0644);
    g_assert_cmpint(ftruncate(fd, 8192), ==, 0);
    close(fd);
    json = g_strdup_printf("{'size': 16384, 'mem-path': '%s'}", path);
    expect_error(TYPE_MEMORY_BACKEND_FILE, json, "backing store size 0x2000 "
                 "does not match 'size' option 0x4000");
    g_free(json);
    json = g_strdup_printf("{'size': 4096, 'mem-path': '%s', 'align': 3}",
                           path);
    expect_error(TYPE_MEMORY_BACKEND_FILE, json, "alignment 0x3 must be "
                 "multiples of page size 0x1000");
    g_free(json);
    /* An empty file opened read-only cannot be grown. */
    fd = open(path, O_RDWR | O_TRUNC);
    close(fd);
    json = g_strdup_printf("{'size': 4096, 'mem-path': '%s', "
                           "'readonly': true}", path);
    g_assert_cmpint(chmod(path, 0444), ==, 0);
    expect_error(TYPE_MEMORY_BACKEND_FILE, json, "backing store size 0x0 "
                 "does not match 'size' option 0x1000");
    g_free(json);

    /* A larger alignment is honoured. */
    json = g_strdup_printf("{'size': 4096, 'mem-path': '%s', "
                           "'align': 2097152}", dir);
    {
        HostMemoryBackend *b = make(TYPE_MEMORY_BACKEND_FILE, "f", json,
                                    NULL);
        MemoryRegion *mr = host_memory_backend_get_memory(b);

        g_assert_cmpuint((uintptr_t)memory_region_get_ram_ptr(mr) %
                         (2 * MiB), ==, 0);
        delete("f");
    }
    unlink(path);
    g_assert_cmpint(rmdir(dir), ==, 0);
}

/* discard-data drops the file's contents when the backend goes. */
static void test_file_discard(void)
{
    g_autofree char *path = g_strdup("/dev/shm/corvid-discard-XXXXXX");
    g_autofree char *json = NULL;
    HostMemoryBackend *b;
    char back[4] = { 1, 1, 1, 1 };
    int fd = g_mkstemp(path);

    if (fd < 0) {
        g_test_skip("no /dev/shm");
        return;
    }
    json = file_json(path, ", 'share': true, 'discard-data': true");
    b = make(TYPE_MEMORY_BACKEND_FILE, "f", json, NULL);
    g_assert_nonnull(b);
    memcpy(memory_region_get_ram_ptr(host_memory_backend_get_memory(b)),
           "data", 4);
    g_assert_cmpint(pread(fd, back, 4, 0), ==, 4);
    g_assert_cmpmem(back, 4, "data", 4);
    delete("f");
    g_assert_cmpint(pread(fd, back, 4, 0), ==, 4);
    g_assert_cmpmem(back, 4, "\0\0\0\0", 4);
    close(fd);
    unlink(path);
}

static void test_memfd(void)
{
    HostMemoryBackend *b = make(TYPE_MEMORY_BACKEND_MEMFD, "d",
                                "{'size': 65536}", NULL);
    MemoryRegion *mr;
    uint8_t *peer;
    int fd;

    g_assert_nonnull(b);
    g_assert_true(object_property_get_bool(OBJECT(b), "share", NULL));
    g_assert_true(object_property_get_bool(OBJECT(b), "seal", NULL));
    g_assert_false(object_property_get_bool(OBJECT(b), "hugetlb", NULL));
    mr = host_memory_backend_get_memory(b);
    fd = memory_region_get_fd(mr);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(fcntl(fd, F_GET_SEALS), ==,
                    F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL);
    /* What another process would do with the fd. */
    peer = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    g_assert_true(peer != MAP_FAILED);
    memcpy(memory_region_get_ram_ptr(mr), "vring", 5);
    g_assert_cmpmem(peer, 5, "vring", 5);
    munmap(peer, 65536);
    delete("d");

    b = make(TYPE_MEMORY_BACKEND_MEMFD, "d", "{'size': 65536, "
             "'seal': false}", NULL);
    fd = memory_region_get_fd(host_memory_backend_get_memory(b));
    /* A memfd made without sealing can never be sealed. */
    g_assert_cmpint(fcntl(fd, F_GET_SEALS), ==, F_SEAL_SEAL);
    delete("d");

    expect_error(TYPE_MEMORY_BACKEND_MEMFD, NULL,
                 "Parameter 'size' is missing");
    expect_error(TYPE_MEMORY_BACKEND_MEMFD, "{'size': 65536, "
                 "'hugetlbsize': 3145728}",
                 "Hugepage size must be a power of 2");
    /* The memfd has the size asked for; the mapping wants whole pages. */
    expect_error(TYPE_MEMORY_BACKEND_MEMFD, "{'size': 4097}",
                 "backing store size 0x1001 does not match 'size' option "
                 "0x2000");
}

/* A backend in use refuses object-del. */
static void test_in_use(void)
{
    HostMemoryBackend *b = make(TYPE_MEMORY_BACKEND_RAM, "busy",
                                "{'size': 4096}", NULL);
    Error *err = NULL;

    host_memory_backend_set_mapped(b, true);
    g_assert_true(host_memory_backend_is_mapped(b));
    g_assert_false(user_creatable_del("busy", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "object 'busy' is in use, can not be deleted");
    error_free(err);
    host_memory_backend_set_mapped(b, false);
    delete("busy");
}

/* A machine takes its RAM from the backend it names, once. */
static void test_machine_ram(void)
{
    HostMemoryBackend *b = make(TYPE_MEMORY_BACKEND_RAM, "mb",
                                "{'size': 65536}", NULL);
    MachineState *ms = MACHINE(object_new(MACHINE_TYPE_NAME("none")));
    Error *err = NULL;

    g_assert_true(object_property_parse(OBJECT(ms), "memory-backend", "mb",
                                        NULL));
    host_memory_backend_set_mapped(b, true);
    g_assert_false(machine_run_board_init(ms, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "memory backend mb can't be used multiple times.");
    g_clear_pointer(&err, error_free);
    g_assert_null(ms->ram);

    host_memory_backend_set_mapped(b, false);
    g_assert_true(machine_run_board_init(ms, &err));
    g_assert_true(ms->ram == host_memory_backend_get_memory(b));
    g_assert_true(ms->memdev == b);
    g_assert_cmpuint(ms->ram_size, ==, 65536);
    g_assert_true(host_memory_backend_is_mapped(b));
    /* The none machine maps it at 0. */
    g_assert_true(ms->ram->container == get_system_memory());
    g_assert_cmpuint(ms->ram->addr, ==, 0);
    g_assert_false(user_creatable_del("mb", &err));
    g_clear_pointer(&err, error_free);

    memory_region_del_subregion(get_system_memory(), ms->ram);
    host_memory_backend_set_mapped(b, false);
    object_unref(OBJECT(ms));
    delete("mb");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);

    g_test_add_func("/memory/backend/ram", test_ram);
    g_test_add_func("/memory/backend/ram-errors", test_ram_errors);
    g_test_add_func("/memory/backend/frozen", test_frozen);
    g_test_add_func("/memory/backend/file-shared", test_file_shared);
    g_test_add_func("/memory/backend/file-errors", test_file_errors);
    g_test_add_func("/memory/backend/file-discard", test_file_discard);
    g_test_add_func("/memory/backend/memfd", test_memfd);
    g_test_add_func("/memory/backend/in-use", test_in_use);
    g_test_add_func("/memory/backend/machine-ram", test_machine_ram);
    return g_test_run();
}
