/*
 * fw_cfg core: the items, the file directory, selection and data reads,
 * and the abstract TYPE_FW_CFG device the two front ends share (see
 * include/hw/nvram/fw_cfg.h).  DMA is in fw_cfg-dma.c.
 */
#include "util/osdep.h"
#include <sys/stat.h>
#include "util/error-report.h"
#include "util/module.h"
#include "qom/object-property.h"
#include "hw/core/machine.h"
#include "hw/core/qdev-properties.h"
#include "hw/nvram/fw_cfg.h"

/* The most file slots: files must keep keys below the write channel bit. */
#define FW_CFG_FILE_SLOTS_MAX (FW_CFG_MAX_ENTRIES - FW_CFG_FILE_FIRST)

/* Offsets inside one 64-byte directory entry. */
#define DIR_SIZE_OFS 0
#define DIR_SELECT_OFS 4
#define DIR_NAME_OFS 8

/* Guest error messages: at most one per interval; the rest are counted. */
#define GUEST_ERROR_INTERVAL_US G_USEC_PER_SEC

static void put_be16(uint8_t *p, uint16_t v)
{
    p[0] = v >> 8;
    p[1] = v;
}

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = v >> 24;
    p[1] = v >> 16;
    p[2] = v >> 8;
    p[3] = v;
}

void fw_cfg_guest_error(FWCfgState *s, const char *fmt, ...)
{
    int64_t now = g_get_monotonic_time();
    g_autofree char *msg = NULL;
    va_list ap;

    if (s->guest_error_time &&
        now - s->guest_error_time < GUEST_ERROR_INTERVAL_US) {
        s->guest_errors++;
        return;
    }
    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (s->guest_errors) {
        warn_report("fw_cfg: guest error: %s (%u more suppressed)", msg,
                    s->guest_errors);
    } else {
        warn_report("fw_cfg: guest error: %s", msg);
    }
    s->guest_errors = 0;
    s->guest_error_time = now;
}

/* Items */

/* The entry for @key (write channel bit ignored), or NULL if out of range. */
static FWCfgEntry *fw_cfg_entry(FWCfgState *s, uint16_t key)
{
    unsigned idx = key & FW_CFG_ENTRY_MASK;

    if (key == FW_CFG_INVALID || !s->entries[0] || idx >= s->max_entry) {
        return NULL;
    }
    return &s->entries[(key & FW_CFG_ARCH_LOCAL) ? 1 : 0][idx];
}

static void fw_cfg_entry_clear(FWCfgEntry *e)
{
    if (e->owned) {
        g_free(e->data);
    }
    memset(e, 0, sizeof(*e));
}

/* A numbered key the board may set: not a file, not the directory. */
static FWCfgEntry *fw_cfg_numbered_entry(FWCfgState *s, uint16_t key)
{
    FWCfgEntry *e;

    /* The front ends are realized before the board adds items. */
    g_assert(s->entries[0]);
    g_assert(!(key & FW_CFG_WRITE_CHANNEL));
    g_assert((key & FW_CFG_ARCH_LOCAL) || key < FW_CFG_FILE_DIR);
    e = fw_cfg_entry(s, key);
    g_assert(e);
    return e;
}

static void fw_cfg_entry_set(FWCfgEntry *e, void *data, size_t len,
                             bool owned)
{
    /* Item lengths are 32-bit in the directory and the DMA interface. */
    g_assert(len <= UINT32_MAX);
    g_assert(data || !len);
    fw_cfg_entry_clear(e);
    e->data = data ? data : g_malloc0(1);
    e->owned = owned || !data;
    e->len = len;
}

void fw_cfg_add_bytes_take(FWCfgState *s, uint16_t key, void *data,
                           size_t len)
{
    FWCfgEntry *e = fw_cfg_numbered_entry(s, key);

    /* Each key is set once; fw_cfg_modify_* replaces. */
    g_assert(!e->data);
    fw_cfg_entry_set(e, data, len, true);
}

void fw_cfg_add_bytes(FWCfgState *s, uint16_t key, const void *data,
                      size_t len)
{
    fw_cfg_add_bytes_take(s, key, g_memdup2(data, len), len);
}

void fw_cfg_add_string(FWCfgState *s, uint16_t key, const char *value)
{
    fw_cfg_add_bytes(s, key, value, strlen(value) + 1);
}

void fw_cfg_add_i16(FWCfgState *s, uint16_t key, uint16_t value)
{
    uint16_t le = GUINT16_TO_LE(value);

    fw_cfg_add_bytes(s, key, &le, sizeof(le));
}

void fw_cfg_add_i32(FWCfgState *s, uint16_t key, uint32_t value)
{
    uint32_t le = GUINT32_TO_LE(value);

    fw_cfg_add_bytes(s, key, &le, sizeof(le));
}

void fw_cfg_add_i64(FWCfgState *s, uint16_t key, uint64_t value)
{
    uint64_t le = GUINT64_TO_LE(value);

    fw_cfg_add_bytes(s, key, &le, sizeof(le));
}

void fw_cfg_modify_bytes(FWCfgState *s, uint16_t key, const void *data,
                         size_t len)
{
    fw_cfg_entry_set(fw_cfg_numbered_entry(s, key), g_memdup2(data, len),
                     len, true);
}

void fw_cfg_modify_i16(FWCfgState *s, uint16_t key, uint16_t value)
{
    uint16_t le = GUINT16_TO_LE(value);

    fw_cfg_modify_bytes(s, key, &le, sizeof(le));
}

void fw_cfg_modify_i32(FWCfgState *s, uint16_t key, uint32_t value)
{
    uint32_t le = GUINT32_TO_LE(value);

    fw_cfg_modify_bytes(s, key, &le, sizeof(le));
}

void fw_cfg_modify_i64(FWCfgState *s, uint16_t key, uint64_t value)
{
    uint64_t le = GUINT64_TO_LE(value);

    fw_cfg_modify_bytes(s, key, &le, sizeof(le));
}

const void *fw_cfg_get_item(FWCfgState *s, uint16_t key, uint32_t *len)
{
    FWCfgEntry *e = fw_cfg_entry(s, key);

    if (!e || !e->data) {
        *len = 0;
        return NULL;
    }
    *len = e->len;
    return e->data;
}

/* Files */

static uint8_t *dir_entry(FWCfgState *s, uint32_t index)
{
    return s->dir + FW_CFG_DIR_COUNT_SIZE + index * FW_CFG_DIR_ENTRY_SIZE;
}

static const char *dir_name(FWCfgState *s, uint32_t index)
{
    return (const char *)dir_entry(s, index) + DIR_NAME_OFS;
}

/* The directory item's count and length follow s->file_count. */
static void dir_update_count(FWCfgState *s)
{
    FWCfgEntry *dir = &s->entries[0][FW_CFG_FILE_DIR];

    put_be32(s->dir, s->file_count);
    dir->len = FW_CFG_DIR_COUNT_SIZE +
               s->file_count * FW_CFG_DIR_ENTRY_SIZE;
}

/*
 * Where @name is or would go in the sorted directory; *found says which.
 * Names sort by strcmp(), as in qemu's directory, which firmware may
 * rely on when it searches.
 */
static uint32_t dir_search(FWCfgState *s, const char *name, bool *found)
{
    uint32_t lo = 0, hi = s->file_count;

    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int c = strcmp(name, dir_name(s, mid));

        if (c == 0) {
            *found = true;
            return mid;
        }
        if (c < 0) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    *found = false;
    return lo;
}

static FWCfgEntry *file_entry(FWCfgState *s, uint32_t index)
{
    return &s->entries[0][FW_CFG_FILE_FIRST + index];
}

static void dir_set_size(FWCfgState *s, uint32_t index)
{
    put_be32(dir_entry(s, index) + DIR_SIZE_OFS, file_entry(s, index)->len);
}

static bool file_name_ok(FWCfgState *s, const char *name, Error **errp)
{
    if (!*name) {
        error_setg(errp, "fw_cfg file name must not be empty");
        return false;
    }
    if (strlen(name) >= FW_CFG_MAX_FILE_PATH) {
        error_setg(errp, "fw_cfg file name '%s' is too long (max. %d "
                   "characters)", name, FW_CFG_MAX_FILE_PATH - 1);
        return false;
    }
    return true;
}

static bool file_size_ok(const char *name, size_t len, Error **errp)
{
    if (len > UINT32_MAX) {
        error_setg(errp, "fw_cfg file '%s' is too large (%zu bytes, the "
                   "most is %" PRIu32 ")", name, len, UINT32_MAX);
        return false;
    }
    return true;
}

/*
 * Insert file @name in sorted position with @data and return its entry.
 * The files after it move up one key, as in qemu: a file's key is
 * FW_CFG_FILE_FIRST plus its place in name order.
 */
static FWCfgEntry *file_insert(FWCfgState *s, const char *name, void *data,
                               size_t len, bool owned, Error **errp)
{
    uint32_t index, i;
    bool found;

    g_assert(s->entries[0]);
    if (!file_name_ok(s, name, errp) || !file_size_ok(name, len, errp)) {
        return NULL;
    }
    index = dir_search(s, name, &found);
    if (found) {
        error_setg(errp, "duplicate fw_cfg file name: %s", name);
        return NULL;
    }
    if (s->file_count >= s->file_slots) {
        error_setg(errp, "cannot add fw_cfg file '%s': all %u file slots "
                   "are in use", name, s->file_slots);
        return NULL;
    }
    memmove(dir_entry(s, index + 1), dir_entry(s, index),
            (size_t)(s->file_count - index) * FW_CFG_DIR_ENTRY_SIZE);
    memmove(file_entry(s, index + 1), file_entry(s, index),
            (size_t)(s->file_count - index) * sizeof(FWCfgEntry));
    memset(file_entry(s, index), 0, sizeof(FWCfgEntry));
    memset(dir_entry(s, index), 0, FW_CFG_DIR_ENTRY_SIZE);
    strcpy((char *)dir_entry(s, index) + DIR_NAME_OFS, name);
    s->file_count++;
    for (i = index; i < s->file_count; i++) {
        put_be16(dir_entry(s, i) + DIR_SELECT_OFS, FW_CFG_FILE_FIRST + i);
    }
    dir_update_count(s);
    fw_cfg_entry_set(file_entry(s, index), data, len, owned);
    dir_set_size(s, index);
    return file_entry(s, index);
}

bool fw_cfg_add_file_callback(FWCfgState *s, const char *name,
                              FWCfgCallback select_cb,
                              FWCfgWriteCallback write_cb, void *opaque,
                              void *data, size_t len, bool read_only,
                              Error **errp)
{
    FWCfgEntry *e = file_insert(s, name, data, len, false, errp);

    if (!e) {
        return false;
    }
    e->select_cb = select_cb;
    e->write_cb = write_cb;
    e->opaque = opaque;
    e->allow_write = !read_only;
    return true;
}

bool fw_cfg_add_file_take(FWCfgState *s, const char *name, void *data,
                          size_t len, Error **errp)
{
    if (!file_insert(s, name, data, len, true, errp)) {
        g_free(data);
        return false;
    }
    return true;
}

bool fw_cfg_add_file(FWCfgState *s, const char *name, const void *data,
                     size_t len, Error **errp)
{
    return fw_cfg_add_file_take(s, name, g_memdup2(data, len), len, errp);
}

bool fw_cfg_modify_file(FWCfgState *s, const char *name, const void *data,
                        size_t len, Error **errp)
{
    uint32_t index;
    bool found;

    g_assert(s->entries[0]);
    index = dir_search(s, name, &found);
    if (!found) {
        return fw_cfg_add_file(s, name, data, len, errp);
    }
    if (!file_size_ok(name, len, errp)) {
        return false;
    }
    fw_cfg_entry_set(file_entry(s, index), g_memdup2(data, len), len, true);
    dir_set_size(s, index);
    return true;
}

uint16_t fw_cfg_file_key(FWCfgState *s, const char *name)
{
    bool found;
    uint32_t index;

    if (!s->entries[0]) {
        return FW_CFG_INVALID;
    }
    index = dir_search(s, name, &found);
    return found ? FW_CFG_FILE_FIRST + index : FW_CFG_INVALID;
}

/* Loading files */

#define STREAM_CHUNK (64 * KiB)

/* A pipe or device: read until EOF, at most @max bytes. */
static uint8_t *load_stream(const char *path, size_t max, size_t *len,
                            GError **gerr)
{
    GByteArray *buf;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0) {
        int e = errno;

        g_set_error(gerr, G_FILE_ERROR, g_file_error_from_errno(e),
                    "Failed to open file \u201c%s\u201d: %s", path,
                    g_strerror(e));
        return NULL;
    }
    buf = g_byte_array_new();
    for (;;) {
        ssize_t n;

        g_byte_array_set_size(buf, buf->len + STREAM_CHUNK);
        n = read(fd, buf->data + buf->len - STREAM_CHUNK, STREAM_CHUNK);
        if (n < 0 && errno == EINTR) {
            g_byte_array_set_size(buf, buf->len - STREAM_CHUNK);
            continue;
        }
        if (n < 0) {
            int e = errno;

            g_set_error(gerr, G_FILE_ERROR, g_file_error_from_errno(e),
                        "Error reading file \u201c%s\u201d: %s", path,
                        g_strerror(e));
            break;
        }
        g_byte_array_set_size(buf, buf->len - STREAM_CHUNK + n);
        if (n == 0) {
            close(fd);
            *len = buf->len;
            return g_byte_array_free(buf, false);
        }
        if (buf->len > max) {
            g_set_error(gerr, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                        "File \u201c%s\u201d is larger than %zu bytes",
                        path, max);
            break;
        }
    }
    close(fd);
    g_byte_array_free(buf, true);
    return NULL;
}

uint8_t *fw_cfg_load_file(const char *path, size_t *len, GError **gerr)
{
    struct stat st;
    gchar *data;
    gsize n;

    bool known = stat(path, &st) == 0;

    if (known && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
        return load_stream(path, FW_CFG_STREAM_MAX_SIZE, len, gerr);
    }
    if (known && S_ISREG(st.st_mode) && (uint64_t)st.st_size > UINT32_MAX) {
        g_set_error(gerr, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                    "File \u201c%s\u201d is too large for fw_cfg (%" PRIu64
                    " bytes, the most is %" PRIu32 ")", path,
                    (uint64_t)st.st_size, UINT32_MAX);
        return NULL;
    }
    /* Regular files (and errors) as GLib reads and words them. */
    if (!g_file_get_contents(path, &data, &n, gerr)) {
        return NULL;
    }
    if (n > UINT32_MAX) {
        g_set_error(gerr, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                    "File \u201c%s\u201d is too large for fw_cfg", path);
        g_free(data);
        return NULL;
    }
    *len = n;
    return (uint8_t *)data;
}

/* The guest interface */

void fw_cfg_select(FWCfgState *s, uint16_t key)
{
    FWCfgEntry *e = fw_cfg_entry(s, key);

    s->cur_offset = 0;
    /*
     * The write channel bit (0x4000) selects the same item: writes
     * through the data register are ignored anyway (spec: "writes to the
     * fw_cfg data register are no longer supported").
     */
    s->cur_key = e ? key : FW_CFG_INVALID;
    if (e && e->select_cb) {
        e->select_cb(e->opaque);
    }
}

FWCfgEntry *fw_cfg_cur_entry(FWCfgState *s)
{
    FWCfgEntry *e = fw_cfg_entry(s, s->cur_key);

    return e && e->data ? e : NULL;
}

uint64_t fw_cfg_data_read(FWCfgState *s, unsigned size)
{
    FWCfgEntry *e = fw_cfg_cur_entry(s);
    uint64_t value = 0;
    unsigned i;

    g_assert(size >= 1 && size <= 8);
    for (i = 0; i < size; i++) {
        uint8_t b = 0;

        if (e && s->cur_offset < e->len) {
            b = e->data[s->cur_offset++];
        }
        value = (value << 8) | b;
    }
    return value;
}

bool fw_cfg_dma_enabled(FWCfgState *s)
{
    return s->dma_enabled;
}

/* The device */

typedef struct FWCfgSearch {
    Object *found;
    unsigned count;
} FWCfgSearch;

static int fw_cfg_search_one(Object *obj, void *opaque)
{
    FWCfgSearch *search = opaque;

    if (object_dynamic_cast(obj, TYPE_FW_CFG)) {
        search->found = obj;
        search->count++;
    }
    return 0;
}

/* The fw_cfg devices in the composition tree: how many, and one of them. */
static FWCfgSearch fw_cfg_search(void)
{
    FWCfgSearch search = { NULL, 0 };

    object_child_foreach_recursive(object_get_root(), fw_cfg_search_one,
                                   &search);
    return search;
}

FWCfgState *fw_cfg_find(void)
{
    FWCfgSearch search = fw_cfg_search();

    /* NULL if there are several: realize refuses a second one anyway. */
    return search.count == 1 ? FW_CFG(search.found) : NULL;
}

FWCfgState *fw_cfg_create(const char *type, bool dma, AddressSpace *dma_as,
                          Error **errp)
{
    DeviceState *dev = qdev_new(type);
    FWCfgState *s = FW_CFG(dev);

    /* Only ever off here, so that -global can turn DMA off too. */
    if (!dma) {
        qdev_prop_set_bit(dev, "dma_enabled", false);
    }
    s->dma_as = dma_as;
    /* Boards have it at /machine/fw_cfg, as qemu's do. */
    object_property_add_child(OBJECT(qdev_get_machine()), FW_CFG_PATH_NAME,
                              OBJECT(dev));
    if (!sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), errp)) {
        object_unparent(OBJECT(dev));
        return NULL;
    }
    return s;
}

static void fw_cfg_reset(DeviceState *dev)
{
    FWCfgState *s = FW_CFG(dev);

    /* Firmware may read the signature without selecting it first. */
    fw_cfg_select(s, FW_CFG_SIGNATURE);
    s->dma_addr = 0;
}

static void fw_cfg_realize(DeviceState *dev, Error **errp)
{
    FWCfgState *s = FW_CFG(dev);
    FWCfgSearch search = fw_cfg_search();
    uint32_t version = FW_CFG_VERSION;

    /* Firmware expects one fw_cfg at a fixed place. */
    if (search.count > 1 || (search.count && search.found != OBJECT(s))) {
        error_setg(errp, "at most one %s device is permitted", TYPE_FW_CFG);
        return;
    }
    if (s->file_slots < FW_CFG_FILE_SLOTS_MIN) {
        error_setg(errp, "\"file_slots\" must be at least 0x%x",
                   FW_CFG_FILE_SLOTS_MIN);
        return;
    }
    if (s->file_slots > FW_CFG_FILE_SLOTS_MAX) {
        error_setg(errp, "\"file_slots\" must not exceed 0x%x",
                   FW_CFG_FILE_SLOTS_MAX);
        return;
    }

    s->max_entry = FW_CFG_FILE_FIRST + s->file_slots;
    s->entries[0] = g_new0(FWCfgEntry, s->max_entry);
    s->entries[1] = g_new0(FWCfgEntry, s->max_entry);
    s->dir = g_malloc0(FW_CFG_DIR_COUNT_SIZE +
                       (size_t)s->file_slots * FW_CFG_DIR_ENTRY_SIZE);
    s->entries[0][FW_CFG_FILE_DIR].data = s->dir;
    dir_update_count(s);

    fw_cfg_add_bytes(s, FW_CFG_SIGNATURE, "QEMU", 4);
    if (s->dma_enabled) {
        version |= FW_CFG_VERSION_DMA;
        if (!s->dma_as) {
            s->dma_as = &address_space_memory;
        }
        fw_cfg_dma_init_region(s);
    }
    fw_cfg_add_i32(s, FW_CFG_ID, version);
    fw_cfg_reset(dev);
}

static void fw_cfg_finalize(Object *obj)
{
    FWCfgState *s = FW_CFG(obj);
    unsigned arch;
    uint32_t i;

    for (arch = 0; arch < 2; arch++) {
        /* The directory's buffer is not owned by its entry. */
        for (i = 0; s->entries[arch] && i < s->max_entry; i++) {
            fw_cfg_entry_clear(&s->entries[arch][i]);
        }
        g_free(s->entries[arch]);
    }
    g_free(s->dir);
}

static const Property fw_cfg_props[] = {
    DEFINE_PROP_BOOL("acpi-mr-restore", FWCfgState, acpi_mr_restore, true),
    DEFINE_PROP_UINT16("x-file-slots", FWCfgState, file_slots,
                       FW_CFG_FILE_SLOTS_DFLT),
    DEFINE_PROP_BOOL("dma_enabled", FWCfgState, dma_enabled, true),
};

static void fw_cfg_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->desc = "QEMU firmware configuration interface";
    dc->realize = fw_cfg_realize;
    dc->reset = fw_cfg_reset;
    /* The board creates it and it stays. */
    dc->user_creatable = false;
    dc->hotpluggable = false;
    device_class_set_props(dc, fw_cfg_props);
}

static const TypeInfo fw_cfg_info = {
    .name = TYPE_FW_CFG,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(FWCfgState),
    .instance_finalize = fw_cfg_finalize,
    .class_size = sizeof(DeviceClass),
    .class_init = fw_cfg_class_init,
    .abstract = true,
};

static void fw_cfg_register_types(void)
{
    type_register_static(&fw_cfg_info);
}

type_init(fw_cfg_register_types)
