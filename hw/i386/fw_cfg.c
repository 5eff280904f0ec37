/*
 * The x86 fw_cfg items and the e820 table, and direct Linux boot: the
 * bzImage, initrd and command line as fw_cfg items (see
 * include/hw/i386/fw_cfg.h for the items and their layouts).
 */
#include "util/osdep.h"
#include "hw/i386/fw_cfg.h"
#include "hw/i386/x86-cpu.h"
#include "system/numa.h"

/* -boot limits, in qemu's words below. */
#define SPLASH_TIME_MAX 0xffff
#define REBOOT_TIMEOUT_MAX 0xffff

#define FOUR_GIB 0x100000000ULL

/*
 * The bzImage setup header (Linux boot protocol, "THE REAL-MODE KERNEL
 * HEADER"): offsets into the kernel file's first sectors.
 */
#define HDR_CL_MAGIC        0x020   /* protocol < 2.02: 0xA33F ... */
#define HDR_CL_OFFSET       0x022   /* ... and the cmdline's offset */
#define HDR_SETUP_SECTS     0x1f1
#define HDR_VID_MODE        0x1fa
#define HDR_HEADER          0x202   /* "HdrS" */
#define HDR_VERSION         0x206
#define HDR_TYPE_OF_LOADER  0x210
#define HDR_LOADFLAGS       0x211
#define HDR_RAMDISK_IMAGE   0x218
#define HDR_RAMDISK_SIZE    0x21c
#define HDR_HEAP_END_PTR    0x224
#define HDR_CMD_LINE_PTR    0x228
#define HDR_INITRD_ADDR_MAX 0x22c
#define HDR_XLOADFLAGS      0x236
#define HDR_END             0x268   /* the header's end, protocol 2.15 */

#define HDR_MAGIC           0x53726448  /* "HdrS", little-endian */
#define CL_MAGIC_VALUE      0xa33f
#define LOADED_HIGH         0x01        /* loadflags */
#define CAN_USE_HEAP        0x80
#define XLF_CAN_BE_LOADED_ABOVE_4G 0x02 /* xloadflags */
/* type_of_loader: ID 0xB is Qemu, version 0 (boot protocol's list). */
#define LOADER_TYPE_QEMU    0xb0
#define SECTOR_SIZE         512
#define DEFAULT_SETUP_SECTS 4       /* setup_sects 0 means 4 */
/* Protocol versions whose fields we fill in. */
#define PROTO_2_00          0x200   /* type_of_loader, initrd */
#define PROTO_2_01          0x201   /* heap_end_ptr */
#define PROTO_2_02          0x202   /* cmd_line_ptr, 32-bit setup at 0x10000 */
#define PROTO_2_03          0x203   /* initrd_addr_max */
#define PROTO_2_12          0x20c   /* xloadflags */
/* Where the initrd may go when the header does not say (protocol < 2.03). */
#define INITRD_MAX_DEFAULT  0x37ffffff
#define INITRD_ALIGN        4096
/* vid_mode for "vga=normal", "vga=ext", "vga=ask". */
#define VGA_NORMAL          0xffff
#define VGA_EXT             0xfffe
#define VGA_ASK             0xfffd

/* The boot protocol's memory layouts (its "LOADING THE REST"). */
#define LOW_SETUP_ADDR      0x90000     /* zImage or old bzImage */
#define LOW_CMDLINE_END     0x9a000     /* command line ends here */
#define LOW_KERNEL_ADDR     0x10000     /* zImage */
#define HIGH_KERNEL_ADDR    0x100000    /* bzImage */
#define MODERN_SETUP_ADDR   0x10000     /* protocol >= 2.02 */
#define MODERN_CMDLINE_ADDR 0x20000
#define CMDLINE_ALIGN       16
#define HEAP_GAP            0x200       /* heap_end_ptr's distance below */
#define ALIGN_UP(n, a)      (((n) + (a) - 1) / (a) * (a))

/* Multiboot header magic; a multiboot kernel has it in its first 8 KiB. */
#define MULTIBOOT_MAGIC     0x1badb002
#define MULTIBOOT_SEARCH    8192

static uint16_t get_le16(const uint8_t *p)
{
    return p[0] | (p[1] << 8);
}

static uint32_t get_le32(const uint8_t *p)
{
    return p[0] | (p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

static void put_le16(uint8_t *p, uint16_t v)
{
    p[0] = v;
    p[1] = v >> 8;
}

static void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = v;
    p[1] = v >> 8;
    p[2] = v >> 16;
    p[3] = v >> 24;
}

static void put_le64(uint8_t *p, uint64_t v)
{
    put_le32(p, v);
    put_le32(p + 4, v >> 32);
}

void x86_fw_cfg_config_init(X86FwCfgConfig *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->acpi_data_size = X86_ACPI_DATA_SIZE_DEFAULT;
    cfg->splash_time = -1;
    cfg->reboot_timeout = -1;
}

void x86_fw_cfg_config_from_machine(X86FwCfgConfig *cfg, MachineState *ms)
{
    const BootConfiguration *boot = &ms->boot_config;
    const NumaState *ns = ms->numa_state;

    cfg->boot_menu = boot->has_menu && boot->menu;
    if (boot->has_splash_time) {
        /*
         * -1 stands for "not given" in @cfg, but -boot splash-time=-1 is
         * out of range like any other negative value: keep it refused.
         */
        cfg->splash_time = boot->splash_time == -1 ? INT64_MIN
                                                   : boot->splash_time;
    }
    if (boot->has_reboot_timeout) {
        cfg->reboot_timeout = boot->reboot_timeout;
    }
    /*
     * "bootorder" lists the devices with a bootindex property; no device
     * has one yet, so it stays empty (and -boot strict=on, which adds
     * "HALT" after a non-empty list, adds nothing).
     */
    if (ns && ns->complete && ns->num_nodes) {
        cfg->numa_nodes = ns->num_nodes;
        cfg->numa_mem = ns->node_mem_list;
        cfg->numa_cpu_node = ns->cpu_node_list;
    }
}

FWCfgState *x86_fw_cfg_create(Error **errp)
{
    return fw_cfg_init_io_dma(FW_CFG_IO_BASE, FW_CFG_IO_DMA_BASE,
                              &address_space_memory, errp);
}

/* e820 */

uint8_t *x86_e820_encode(const E820Entry *table, unsigned count,
                         size_t *len)
{
    uint8_t *buf = g_malloc0((size_t)count * E820_ENTRY_SIZE + 1);
    unsigned i;

    for (i = 0; i < count; i++) {
        uint8_t *p = buf + (size_t)i * E820_ENTRY_SIZE;

        put_le64(p, table[i].address);
        put_le64(p + 8, table[i].length);
        put_le32(p + 16, table[i].type);
    }
    *len = (size_t)count * E820_ENTRY_SIZE;
    return buf;
}

static bool add_e820(FWCfgState *s, const X86FwCfgConfig *cfg, Error **errp)
{
    E820Entry ram[2];
    const E820Entry *table = cfg->e820;
    unsigned count = cfg->e820_count;
    uint8_t *buf;
    size_t len;

    if (!table) {
        /* The RAM the layout says is there. */
        count = 0;
        if (cfg->below_4g_mem_size) {
            ram[count++] = (E820Entry) { 0, cfg->below_4g_mem_size,
                                         E820_RAM };
        }
        if (cfg->above_4g_mem_size) {
            ram[count++] = (E820Entry) { FOUR_GIB, cfg->above_4g_mem_size,
                                         E820_RAM };
        }
        table = ram;
    }
    buf = x86_e820_encode(table, count, &len);
    return fw_cfg_add_file_take(s, "etc/e820", buf, len, errp);
}

/* CPUs and NUMA */

static void topo_info(const MachineState *ms, X86CPUTopoInfo *info)
{
    info->dies_per_pkg = MAX(ms->smp.dies, 1);
    info->cores_per_die = MAX(ms->smp.cores, 1);
    info->threads_per_core = MAX(ms->smp.threads, 1);
}

static uint32_t cpu_apic_id(const X86CPUTopoInfo *info, unsigned index)
{
    X86CPUTopoIDs ids;

    x86_topo_ids_from_idx(info, index, &ids);
    return x86_apicid_from_topo_ids(info, &ids);
}

static unsigned max_cpus(const MachineState *ms)
{
    return MAX(MAX(ms->smp.max_cpus, ms->smp.cpus), 1);
}

unsigned x86_fw_cfg_apic_id_limit(const MachineState *ms)
{
    X86CPUTopoInfo info;

    topo_info(ms, &info);
    return cpu_apic_id(&info, max_cpus(ms) - 1) + 1;
}

/*
 * FW_CFG_NUMA: le64 node count, le64 node of each APIC ID below the
 * limit (0 for IDs no CPU has), le64 memory of each node.
 */
static void add_numa(FWCfgState *s, const MachineState *ms,
                     const X86FwCfgConfig *cfg, unsigned apic_id_limit)
{
    size_t n = 1 + apic_id_limit + cfg->numa_nodes;
    uint8_t *buf = g_malloc0(n * 8);
    X86CPUTopoInfo info;
    unsigned i;

    topo_info(ms, &info);
    put_le64(buf, cfg->numa_nodes);
    for (i = 0; cfg->numa_nodes && cfg->numa_cpu_node &&
                i < max_cpus(ms); i++) {
        uint32_t apic = cpu_apic_id(&info, i);

        if (apic < apic_id_limit) {
            put_le64(buf + 8 * (1 + apic), cfg->numa_cpu_node[i]);
        }
    }
    for (i = 0; i < cfg->numa_nodes; i++) {
        put_le64(buf + 8 * (1 + apic_id_limit + i), cfg->numa_mem[i]);
    }
    fw_cfg_add_bytes_take(s, FW_CFG_NUMA, buf, n * 8);
}

/* -boot items */

static bool add_boot_items(FWCfgState *s, const X86FwCfgConfig *cfg,
                           Error **errp)
{
    GString *order = g_string_new(NULL);
    const char *const *p;
    uint8_t wait[4];
    bool ok;

    fw_cfg_add_i16(s, FW_CFG_BOOT_MENU, cfg->boot_menu);
    if (cfg->splash_time != -1) {
        put_le16(wait, cfg->splash_time);
        if (!fw_cfg_add_file(s, "etc/boot-menu-wait", wait, 2, errp)) {
            g_string_free(order, true);
            return false;
        }
    }
    /* -1 (never reboot) is 0xffffffff, as firmware expects. */
    put_le32(wait, (uint32_t)cfg->reboot_timeout);
    if (!fw_cfg_add_file(s, "etc/boot-fail-wait", wait, 4, errp)) {
        g_string_free(order, true);
        return false;
    }
    /* Paths separated by newlines, with a NUL at the end; empty if none. */
    for (p = cfg->bootorder; p && *p; p++) {
        if (order->len) {
            g_string_append_c(order, '\n');
        }
        g_string_append(order, *p);
    }
    ok = fw_cfg_add_file(s, "bootorder", order->str,
                         order->len ? order->len + 1 : 0, errp) &&
         fw_cfg_add_file(s, "bios-geometry", NULL, 0, errp);
    g_string_free(order, true);
    return ok;
}

static bool check_config(const MachineState *ms, const X86FwCfgConfig *cfg,
                         Error **errp)
{
    if (cfg->splash_time != -1 &&
        (cfg->splash_time < 0 || cfg->splash_time > SPLASH_TIME_MAX)) {
        error_setg(errp, "splash-time is invalid,it should be a value "
                   "between 0 and %d", SPLASH_TIME_MAX);
        return false;
    }
    if (cfg->reboot_timeout < -1 || cfg->reboot_timeout > REBOOT_TIMEOUT_MAX) {
        error_setg(errp, "reboot timeout is invalid,it should be a value "
                   "between -1 and %d", REBOOT_TIMEOUT_MAX);
        return false;
    }
    if (cfg->numa_nodes && !cfg->numa_mem) {
        error_setg(errp, "NUMA nodes without memory sizes");
        return false;
    }
    if (!ms->kernel_filename) {
        if (ms->initrd_filename) {
            error_setg(errp, "-initrd only allowed with -kernel option");
            return false;
        }
        if (ms->kernel_cmdline && *ms->kernel_cmdline) {
            error_setg(errp, "-append only allowed with -kernel option");
            return false;
        }
    }
    return true;
}

bool x86_fw_cfg_add_items(FWCfgState *s, MachineState *ms,
                          const X86FwCfgConfig *cfg, Error **errp)
{
    unsigned apic_id_limit = x86_fw_cfg_apic_id_limit(ms);

    if (!check_config(ms, cfg, errp)) {
        return false;
    }
    fw_cfg_add_bytes(s, FW_CFG_UUID, ms->uuid.data, sizeof(ms->uuid.data));
    fw_cfg_add_i64(s, FW_CFG_RAM_SIZE, ms->ram_size);
    fw_cfg_add_i16(s, FW_CFG_NOGRAPHIC, !ms->graphics);
    fw_cfg_add_i16(s, FW_CFG_NB_CPUS, MAX(ms->smp.cpus, 1));
    fw_cfg_add_i16(s, FW_CFG_MAX_CPUS, apic_id_limit);
    add_numa(s, ms, cfg, apic_id_limit);
    /* The PIT's IRQ0 reaches the IOAPIC on pin 2 (MADT override). */
    fw_cfg_add_i32(s, FW_CFG_IRQ0_OVERRIDE, 1);
    if (!add_boot_items(s, cfg, errp) || !add_e820(s, cfg, errp)) {
        return false;
    }
    if (ms->kernel_filename) {
        return x86_fw_cfg_load_linux(s, ms->kernel_filename,
                                     ms->initrd_filename,
                                     ms->kernel_cmdline,
                                     cfg->below_4g_mem_size,
                                     cfg->acpi_data_size, errp);
    }
    return true;
}

/* Direct Linux boot */

static uint8_t *load_file(const char *path, const char *what, size_t *len,
                          Error **errp)
{
    GError *gerr = NULL;
    uint8_t *data = fw_cfg_load_file(path, len, &gerr);

    if (!data) {
        error_setg(errp, "could not load %s '%s': %s", what, path,
                   gerr->message);
        g_error_free(gerr);
    }
    return data;
}

/* Whether the first 8 KiB hold a multiboot header (magic + checksum). */
static bool is_multiboot(const uint8_t *k, size_t len)
{
    size_t i;

    for (i = 0; i + 12 <= MIN(len, (size_t)MULTIBOOT_SEARCH); i += 4) {
        uint32_t magic = get_le32(k + i);

        if (magic == MULTIBOOT_MAGIC &&
            (uint32_t)(magic + get_le32(k + i + 4) +
                       get_le32(k + i + 8)) == 0) {
            return true;
        }
    }
    return false;
}

/*
 * "vga=" on the command line sets the setup header's vid_mode, as a boot
 * loader must (boot protocol, "SPECIAL COMMAND LINE OPTIONS").
 */
static bool parse_vga(const char *cmdline, bool *set, uint16_t *mode,
                      Error **errp)
{
    const char *p = cmdline;
    const char *v;

    *set = false;
    for (; (p = strstr(p, "vga=")); p += 4) {
        char *end;
        unsigned long n;

        /* An option of its own, not the end of another one's name. */
        if (p != cmdline && p[-1] != ' ') {
            continue;
        }
        v = p + 4;
        if (!strncmp(v, "normal", 6) && (!v[6] || v[6] == ' ')) {
            *mode = VGA_NORMAL;
        } else if (!strncmp(v, "ext", 3) && (!v[3] || v[3] == ' ')) {
            *mode = VGA_EXT;
        } else if (!strncmp(v, "ask", 3) && (!v[3] || v[3] == ' ')) {
            *mode = VGA_ASK;
        } else {
            errno = 0;
            n = strtoul(v, &end, 0);
            if (end == v || (*end && *end != ' ') || errno) {
                error_setg(errp, "invalid 'vga=' kernel parameter");
                return false;
            }
            *mode = n;
        }
        *set = true;
    }
    return true;
}

typedef struct LinuxLayout {
    uint32_t setup_addr;
    uint32_t cmdline_addr;
    uint32_t kernel_addr;
} LinuxLayout;

/* Where the boot protocol says things go, by protocol and loadflags. */
static void linux_layout(uint16_t protocol, uint8_t loadflags,
                         size_t cmdline_size, LinuxLayout *l)
{
    if (protocol >= PROTO_2_02 && (loadflags & LOADED_HIGH)) {
        l->setup_addr = MODERN_SETUP_ADDR;
        l->cmdline_addr = MODERN_CMDLINE_ADDR;
        l->kernel_addr = HIGH_KERNEL_ADDR;
        return;
    }
    l->setup_addr = LOW_SETUP_ADDR;
    l->cmdline_addr = LOW_CMDLINE_END - ALIGN_UP(cmdline_size, CMDLINE_ALIGN);
    l->kernel_addr = protocol >= PROTO_2_00 && (loadflags & LOADED_HIGH)
                     ? HIGH_KERNEL_ADDR : LOW_KERNEL_ADDR;
}

/* The highest address the initrd may end at, from the header and RAM. */
static uint64_t initrd_max(const uint8_t *hdr, uint16_t protocol,
                           uint64_t below_4g, uint64_t acpi_data_size)
{
    uint64_t max;
    uint64_t ram_top = below_4g > acpi_data_size
                       ? below_4g - acpi_data_size : 0;

    if (protocol >= PROTO_2_12 &&
        (get_le16(hdr + HDR_XLOADFLAGS) & XLF_CAN_BE_LOADED_ABOVE_4G)) {
        max = UINT32_MAX;
    } else if (protocol >= PROTO_2_03) {
        max = get_le32(hdr + HDR_INITRD_ADDR_MAX);
    } else {
        max = INITRD_MAX_DEFAULT;
    }
    /* Not into the firmware's ACPI tables at the top of low RAM. */
    if (ram_top && max >= ram_top) {
        max = ram_top - 1;
    }
    return max;
}

static bool load_initrd(FWCfgState *s, const char *initrd, uint8_t *setup,
                        uint16_t protocol, uint64_t below_4g,
                        uint64_t acpi_data_size, Error **errp)
{
    uint64_t max = initrd_max(setup, protocol, below_4g, acpi_data_size);
    uint32_t addr;
    uint8_t *data;
    size_t len;

    if (protocol < PROTO_2_00) {
        error_setg(errp, "linux kernel too old to load a ram disk");
        return false;
    }
    data = load_file(initrd, "initrd", &len, errp);
    if (!data) {
        return false;
    }
    if (len >= max) {
        error_setg(errp, "initrd is too large, cannot support (max: %"
                   PRIu64 ", need %zu)", max, len);
        g_free(data);
        return false;
    }
    /* As high as it fits, page aligned. */
    addr = (max - len) & ~(uint64_t)(INITRD_ALIGN - 1);
    put_le32(setup + HDR_RAMDISK_IMAGE, addr);
    put_le32(setup + HDR_RAMDISK_SIZE, len);
    fw_cfg_add_i32(s, FW_CFG_INITRD_ADDR, addr);
    fw_cfg_add_i32(s, FW_CFG_INITRD_SIZE, len);
    fw_cfg_add_bytes_take(s, FW_CFG_INITRD_DATA, data, len);
    return true;
}

bool x86_fw_cfg_load_linux(FWCfgState *s, const char *kernel,
                           const char *initrd, const char *cmdline,
                           uint64_t below_4g_mem_size,
                           uint64_t acpi_data_size, Error **errp)
{
    uint8_t *k, *setup;
    size_t klen, setup_size, cmdline_size;
    uint16_t protocol = 0, vga_mode = 0;
    unsigned setup_sects;
    LinuxLayout l;
    bool vga_set;

    if (!cmdline) {
        cmdline = "";
    }
    cmdline_size = strlen(cmdline) + 1;
    if (!parse_vga(cmdline, &vga_set, &vga_mode, errp)) {
        return false;
    }
    k = load_file(kernel, "kernel", &klen, errp);
    if (!k) {
        return false;
    }
    if (klen == 0) {
        error_setg(errp, "could not load kernel '%s': the file is empty",
                   kernel);
        goto fail;
    }
    if (klen >= HDR_VERSION + 2 && get_le32(k + HDR_HEADER) == HDR_MAGIC) {
        protocol = get_le16(k + HDR_VERSION);
    } else if (klen >= 4 && !memcmp(k, "\177ELF", 4)) {
        error_setg(errp, "kernel '%s' is an ELF file: only bzImage and "
                   "zImage kernels can be loaded", kernel);
        goto fail;
    } else if (is_multiboot(k, klen)) {
        error_setg(errp, "kernel '%s' is a multiboot kernel, which is not "
                   "supported", kernel);
        goto fail;
    }
    /* Without "HdrS": an ancient zImage, protocol "0", as qemu loads it. */

    setup_sects = klen > HDR_SETUP_SECTS ? k[HDR_SETUP_SECTS] : 0;
    if (setup_sects == 0) {
        setup_sects = DEFAULT_SETUP_SECTS;
    }
    setup_size = (setup_sects + 1) * SECTOR_SIZE;
    if (setup_size > klen) {
        error_setg(errp, "invalid kernel header: '%s' is %zu bytes, shorter "
                   "than its %zu bytes of setup code", kernel, klen,
                   setup_size);
        goto fail;
    }
    /* The command line must end below the low layout's limit and must
     * not run into the setup code. */
    if (cmdline_size > LOW_CMDLINE_END - MODERN_CMDLINE_ADDR) {
        error_setg(errp, "kernel command line too long (%zu bytes)",
                   cmdline_size - 1);
        goto fail;
    }
    linux_layout(protocol, k[HDR_LOADFLAGS], cmdline_size, &l);
    if (l.cmdline_addr < l.setup_addr + setup_size) {
        error_setg(errp, "kernel command line too long (%zu bytes) for a "
                   "kernel with %zu bytes of setup code", cmdline_size - 1,
                   setup_size);
        goto fail;
    }

    /* The setup code goes to the guest with its header filled in. */
    setup = g_memdup2(k, setup_size);
    if (protocol >= PROTO_2_02) {
        put_le32(setup + HDR_CMD_LINE_PTR, l.cmdline_addr);
    } else {
        put_le16(setup + HDR_CL_MAGIC, CL_MAGIC_VALUE);
        put_le16(setup + HDR_CL_OFFSET, l.cmdline_addr - l.setup_addr);
    }
    if (vga_set) {
        put_le16(setup + HDR_VID_MODE, vga_mode);
    }
    if (protocol >= PROTO_2_00) {
        setup[HDR_TYPE_OF_LOADER] = LOADER_TYPE_QEMU;
    }
    if (protocol >= PROTO_2_01) {
        setup[HDR_LOADFLAGS] |= CAN_USE_HEAP;
        put_le16(setup + HDR_HEAP_END_PTR,
                 l.cmdline_addr - l.setup_addr - HEAP_GAP);
    }
    if (initrd && !load_initrd(s, initrd, setup, protocol,
                               below_4g_mem_size, acpi_data_size, errp)) {
        g_free(setup);
        goto fail;
    }

    fw_cfg_add_i32(s, FW_CFG_CMDLINE_ADDR, l.cmdline_addr);
    fw_cfg_add_i32(s, FW_CFG_CMDLINE_SIZE, cmdline_size);
    fw_cfg_add_string(s, FW_CFG_CMDLINE_DATA, cmdline);
    fw_cfg_add_i32(s, FW_CFG_SETUP_ADDR, l.setup_addr);
    fw_cfg_add_i32(s, FW_CFG_SETUP_SIZE, setup_size);
    fw_cfg_add_bytes_take(s, FW_CFG_SETUP_DATA, setup, setup_size);
    fw_cfg_add_i32(s, FW_CFG_KERNEL_ADDR, l.kernel_addr);
    fw_cfg_add_i32(s, FW_CFG_KERNEL_SIZE, klen - setup_size);
    /* The kernel proper is the rest of the file: keep one copy of it. */
    memmove(k, k + setup_size, klen - setup_size);
    fw_cfg_add_bytes_take(s, FW_CFG_KERNEL_DATA,
                          g_realloc(k, MAX(klen - setup_size, 1)),
                          klen - setup_size);
    return true;

fail:
    g_free(k);
    return false;
}
