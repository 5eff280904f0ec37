/*
 * fw_cfg: the firmware configuration device (shared/specs/fw_cfg.rst).
 *
 * The guest selects an item by a 16-bit key and reads its bytes through
 * a data register, or copies them with the DMA interface.  Items are
 * byte arrays the board fills in before the guest runs: numbered items
 * (FW_CFG_* keys, fw_cfg-keys.h) and named "files", listed in a
 * directory at FW_CFG_FILE_DIR and kept sorted by name (strcmp order),
 * files taking keys FW_CFG_FILE_FIRST + their index in that order.
 *
 * TYPE_FW_CFG is the abstract core; two front ends place its registers:
 *
 *   fw_cfg_io   x86 ports: selector at BASE (le16), data at BASE+1
 *               (8-bit), DMA address at DMA_BASE (8 bytes, big-endian)
 *   fw_cfg_mem  MMIO: data at BASE+0 (1 to data_width bytes, in item
 *               order), selector at BASE+8 (be16), DMA at BASE+16
 *
 * Neither can be created with -device: a machine creates one with
 * fw_cfg_init_io_dma() or fw_cfg_init_mem_dma(), which puts it at
 * /machine/fw_cfg, and then adds its items.
 *
 * Data ownership: the fw_cfg_add_* functions copy what they are given,
 * except the _take variants, which take a g_malloc'd buffer and free it
 * with the device, and fw_cfg_add_file_callback(), which borrows the
 * caller's buffer (so that a select callback can refresh it in place and
 * guest writes land where the owner looks).
 *
 * Numbered items are set by the board with constant keys: using a key
 * out of range is a programming error (assertion).  Files have names
 * that may come from the user (-fw_cfg), so adding one reports a
 * duplicate, a name that is too long or a full directory as an Error.
 */
#ifndef HW_NVRAM_FW_CFG_H
#define HW_NVRAM_FW_CFG_H

#include "hw/core/sysbus.h"
#include "hw/nvram/fw_cfg-keys.h"
#include "system/memory.h"

#define TYPE_FW_CFG "fw_cfg"
#define TYPE_FW_CFG_IO "fw_cfg_io"
#define TYPE_FW_CFG_MEM "fw_cfg_mem"

/* Where machines put it: /machine/fw_cfg. */
#define FW_CFG_PATH_NAME "fw_cfg"

typedef struct FWCfgState FWCfgState;
typedef struct FWCfgIoState FWCfgIoState;
typedef struct FWCfgMemState FWCfgMemState;

#define FW_CFG(obj) OBJECT_CHECK(FWCfgState, (obj), TYPE_FW_CFG)
#define FW_CFG_IO(obj) OBJECT_CHECK(FWCfgIoState, (obj), TYPE_FW_CFG_IO)
#define FW_CFG_MEM(obj) OBJECT_CHECK(FWCfgMemState, (obj), TYPE_FW_CFG_MEM)

/*
 * Called when the guest selects the item, before it reads anything:
 * the owner may refresh the item's bytes in place.
 */
typedef void (*FWCfgCallback)(void *opaque);
/* Called after a DMA write changed bytes [offset, offset+len). */
typedef void (*FWCfgWriteCallback)(void *opaque, uint32_t offset,
                                   uint32_t len);

typedef struct FWCfgEntry {
    uint32_t len;
    bool allow_write;           /* DMA writes are accepted */
    bool owned;                 /* @data is freed with the entry */
    uint8_t *data;              /* NULL: no item */
    void *opaque;
    FWCfgCallback select_cb;
    FWCfgWriteCallback write_cb;
} FWCfgEntry;

struct FWCfgState {
    SysBusDevice parent_obj;

    /* Properties. */
    uint16_t file_slots;        /* "x-file-slots" */
    bool dma_enabled;           /* "dma_enabled" */
    bool acpi_mr_restore;       /* "acpi-mr-restore": no effect here */

    /* Set by the front end (or board) before realize; NULL: system memory. */
    AddressSpace *dma_as;

    /* Everything below is the core's. */
    FWCfgEntry *entries[2];     /* [0] generic, [1] arch-local */
    uint32_t max_entry;         /* entries per range */
    uint8_t *dir;               /* the FW_CFG_FILE_DIR item's buffer */
    uint32_t file_count;
    uint16_t cur_key;           /* as selected, or FW_CFG_INVALID */
    uint32_t cur_offset;
    uint64_t dma_addr;          /* the DMA address register */
    MemoryRegion dma_iomem;     /* the DMA register, placed by the front end */
    unsigned guest_errors;      /* rate limiting of guest error messages */
    int64_t guest_error_time;
};

struct FWCfgIoState {
    FWCfgState parent_obj;

    MemoryRegion comb_iomem;    /* selector + data: 2 bytes */
};

struct FWCfgMemState {
    FWCfgState parent_obj;

    uint32_t data_width;        /* "data_width": widest data read */
    MemoryRegionOps *data_ops;  /* sized by data_width */
    MemoryRegion data_iomem;
    MemoryRegion ctl_iomem;
};

/* Creating one (board code) */

/*
 * A fw_cfg_io at /machine/fw_cfg, its selector and data ports at
 * @iobase and, if @dma_iobase is not 0, its DMA register there, DMA
 * going to @dma_as (NULL: system memory).  Fails if one exists.
 */
FWCfgState *fw_cfg_init_io_dma(uint32_t iobase, uint32_t dma_iobase,
                               AddressSpace *dma_as, Error **errp);
/*
 * A fw_cfg_mem at /machine/fw_cfg with its registers at @base in system
 * memory (FW_CFG_MEM_SIZE bytes); DMA to @dma_as if @dma is true.
 */
FWCfgState *fw_cfg_init_mem_dma(hwaddr base, bool dma, AddressSpace *dma_as,
                                Error **errp);
/*
 * For the two above: a realized @type (TYPE_FW_CFG_IO or _MEM) at
 * /machine/fw_cfg, its DMA interface off unless @dma, DMA going to
 * @dma_as; the caller maps its regions.
 */
FWCfgState *fw_cfg_create(const char *type, bool dma, AddressSpace *dma_as,
                          Error **errp);
/* The machine's fw_cfg device, or NULL if it has none. */
FWCfgState *fw_cfg_find(void);
/* Whether the DMA interface is on (FW_CFG_ID bit 1). */
bool fw_cfg_dma_enabled(FWCfgState *s);

/* Numbered items: @key is a FW_CFG_* key, ARCH_LOCAL bit allowed */

void fw_cfg_add_bytes(FWCfgState *s, uint16_t key, const void *data,
                      size_t len);
/* Takes @data (g_malloc'd), even if it asserts. */
void fw_cfg_add_bytes_take(FWCfgState *s, uint16_t key, void *data,
                           size_t len);
/* The string with its NUL. */
void fw_cfg_add_string(FWCfgState *s, uint16_t key, const char *value);
/* Little-endian numbers. */
void fw_cfg_add_i16(FWCfgState *s, uint16_t key, uint16_t value);
void fw_cfg_add_i32(FWCfgState *s, uint16_t key, uint32_t value);
void fw_cfg_add_i64(FWCfgState *s, uint16_t key, uint64_t value);
/* Replace (or add) a numbered item's contents. */
void fw_cfg_modify_bytes(FWCfgState *s, uint16_t key, const void *data,
                         size_t len);
void fw_cfg_modify_i16(FWCfgState *s, uint16_t key, uint16_t value);
void fw_cfg_modify_i32(FWCfgState *s, uint16_t key, uint32_t value);
void fw_cfg_modify_i64(FWCfgState *s, uint16_t key, uint64_t value);

/* Files */

/* A read-only file with a copy of @data. */
bool fw_cfg_add_file(FWCfgState *s, const char *name, const void *data,
                     size_t len, Error **errp);
/* The same, taking @data (g_malloc'd); it is freed if this fails. */
bool fw_cfg_add_file_take(FWCfgState *s, const char *name, void *data,
                          size_t len, Error **errp);
/*
 * A file whose bytes stay the caller's (@data must live as long as the
 * device), with callbacks; unless @read_only the guest may overwrite it
 * with DMA writes (never resize it).
 */
bool fw_cfg_add_file_callback(FWCfgState *s, const char *name,
                              FWCfgCallback select_cb,
                              FWCfgWriteCallback write_cb, void *opaque,
                              void *data, size_t len, bool read_only,
                              Error **errp);
/*
 * Replace a file's contents with a copy of @data (its callbacks go), or
 * add it if there is none; the file keeps its key.
 */
bool fw_cfg_modify_file(FWCfgState *s, const char *name, const void *data,
                        size_t len, Error **errp);
/* The key of file @name, or FW_CFG_INVALID. */
uint16_t fw_cfg_file_key(FWCfgState *s, const char *name);

/*
 * Read all of @path for an item (-fw_cfg file=, -kernel, -initrd).
 * Regular files larger than an item can be (4 GiB - 1) are refused
 * before reading; pipes and devices are read up to
 * FW_CFG_STREAM_MAX_SIZE, so that /dev/zero cannot eat all memory.
 * Errors are GLib's (g_file_get_contents) or say the size.
 */
#define FW_CFG_STREAM_MAX_SIZE (256 * MiB)
uint8_t *fw_cfg_load_file(const char *path, size_t *len, GError **gerr);

/* Looking at items (tests, and boards that read back what they set) */

/* The item's bytes and length, or NULL if @key has none. */
const void *fw_cfg_get_item(FWCfgState *s, uint16_t key, uint32_t *len);

/* The guest side, for the front ends (hw/nvram/fw_cfg-io.c, -mem.c) */

/* The selected item, or NULL if the selected key has none. */
FWCfgEntry *fw_cfg_cur_entry(FWCfgState *s);
/* Select @key; the data offset goes back to 0. */
void fw_cfg_select(FWCfgState *s, uint16_t key);
/*
 * The next @size (1 to 8) bytes of the selected item in item order, the
 * first byte most significant; past the end they read as 0.
 */
uint64_t fw_cfg_data_read(FWCfgState *s, unsigned size);
/* Run the DMA request whose descriptor is at @desc_addr (fw_cfg-dma.c). */
void fw_cfg_dma_transfer(FWCfgState *s, uint64_t desc_addr);
/* Set up s->dma_iomem, the DMA address register (fw_cfg-dma.c). */
void fw_cfg_dma_init_region(FWCfgState *s);
/*
 * Report a guest error on the device, rate-limited so that a guest
 * cannot flood the log.
 */
void fw_cfg_guest_error(FWCfgState *s, const char *fmt, ...)
    CORVID_PRINTF(2, 3);

#endif
