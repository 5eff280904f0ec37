/*
 * The x86 fw_cfg items: what the pc and q35 machines (and the test
 * machine corvid-test-x86) tell firmware through fw_cfg, in the layouts
 * SeaBIOS and OVMF read:
 *
 *   FW_CFG_UUID         16 bytes, the -uuid in RFC 4122 byte order
 *   FW_CFG_RAM_SIZE     le64, all RAM
 *   FW_CFG_NOGRAPHIC    le16, 1 with -nographic (machine graphics=off)
 *   FW_CFG_NB_CPUS      le16, CPUs at boot (-smp cpus)
 *   FW_CFG_MAX_CPUS     le16, the APIC ID limit: highest possible APIC
 *                       ID + 1, which is more than maxcpus when the
 *                       topology leaves gaps in the APIC ID space
 *   FW_CFG_NUMA         le64 array: the number of nodes, then the node
 *                       of each APIC ID below the limit, then each
 *                       node's memory size
 *   FW_CFG_BOOT_MENU    le16, -boot menu=on
 *   FW_CFG_IRQ0_OVERRIDE le32 1: the timer is on IOAPIC pin 2
 *   "etc/boot-menu-wait" le16 ms, only with -boot splash-time
 *   "etc/boot-fail-wait" le32 ms, -boot reboot-timeout (-1: never)
 *   "etc/e820"          the memory map: struct e820_entry {le64 address;
 *                       le64 length; le32 type;}, packed, 20 bytes each
 *   "bootorder"         boot device paths, one per line, NUL-terminated
 *                       (empty when there are none)
 *   "bios-geometry"     empty
 *
 * and, with -kernel (machine property "kernel"), the Linux boot items
 * for a bzImage (Documentation/x86/boot.rst, "The Linux/x86 Boot
 * Protocol"): FW_CFG_SETUP_ADDR/SIZE/DATA (the real-mode setup code, its
 * header filled in as a boot loader must), FW_CFG_KERNEL_ADDR/SIZE/DATA
 * (the protected-mode kernel), FW_CFG_CMDLINE_ADDR/SIZE/DATA and, with
 * -initrd, FW_CFG_INITRD_ADDR/SIZE/DATA.  Firmware (SeaBIOS's or qemu's
 * linuxboot option ROM) copies each to its address and jumps to it.
 */
#ifndef HW_I386_FW_CFG_H
#define HW_I386_FW_CFG_H

#include "hw/core/machine.h"
#include "hw/nvram/fw_cfg.h"

/* e820 types (ACPI "Address Range Types", as the BIOS int 15h/e820 has). */
#define E820_RAM        1
#define E820_RESERVED   2
#define E820_ACPI       3
#define E820_NVS        4
#define E820_UNUSABLE   5

/* Bytes per entry in "etc/e820". */
#define E820_ENTRY_SIZE 20

typedef struct E820Entry {
    uint64_t address;
    uint64_t length;
    uint32_t type;
} E820Entry;

/*
 * The bytes the firmware keeps at the top of RAM below 4 GiB for the
 * ACPI tables it builds; the initrd is placed below them.  qemu's pc and
 * q35 machines reserve 128 KiB + 32 KiB.
 */
#define X86_ACPI_DATA_SIZE_DEFAULT (0x20000 + 0x8000)

/* What the machine knows and fw_cfg passes on. */
typedef struct X86FwCfgConfig {
    /* The RAM layout: below_4g at 0, above_4g at 4 GiB. */
    uint64_t below_4g_mem_size;
    uint64_t above_4g_mem_size;
    uint64_t acpi_data_size;    /* see X86_ACPI_DATA_SIZE_DEFAULT */
    /*
     * The e820 table in the machine's order; NULL: RAM entries for the
     * layout above.
     */
    const E820Entry *e820;
    unsigned e820_count;

    /* -boot */
    bool boot_menu;
    int64_t splash_time;        /* ms, 0..65535; -1: not given */
    int64_t reboot_timeout;     /* ms, -1..65535; -1: never */
    const char *const *bootorder;   /* device paths, NULL-terminated */

    /* NUMA: 0 nodes means none */
    unsigned numa_nodes;
    const uint64_t *numa_mem;       /* numa_nodes sizes */
    const uint32_t *numa_cpu_node;  /* node of each CPU index < max_cpus;
                                     * NULL: all on node 0 */
} X86FwCfgConfig;

/* The defaults of a config: no -boot options, no NUMA, no table. */
void x86_fw_cfg_config_init(X86FwCfgConfig *cfg);

/*
 * Fill @cfg's -boot and -numa fields from @ms (the machine's boot
 * configuration and NUMA state); the arrays it points at belong to @ms
 * and live as long as it.  Boards call it after x86_fw_cfg_config_init.
 */
void x86_fw_cfg_config_from_machine(X86FwCfgConfig *cfg, MachineState *ms);

/* The fw_cfg_io at 0x510 with DMA at 0x514 into system memory. */
FWCfgState *x86_fw_cfg_create(Error **errp);

/*
 * Add the items above to @s from @ms and @cfg, and the Linux boot items
 * if @ms has a kernel.  Errors: bad -boot values (qemu's words), -initrd
 * or -append without -kernel, unreadable or invalid kernel or initrd.
 */
bool x86_fw_cfg_add_items(FWCfgState *s, MachineState *ms,
                          const X86FwCfgConfig *cfg, Error **errp);

/* The APIC ID limit for @ms's -smp topology (FW_CFG_MAX_CPUS). */
unsigned x86_fw_cfg_apic_id_limit(const MachineState *ms);

/* "etc/e820" as bytes (caller frees), @count entries of @table. */
uint8_t *x86_e820_encode(const E820Entry *table, unsigned count,
                         size_t *len);

/*
 * The Linux boot items for bzImage @kernel with optional @initrd and
 * @cmdline (NULL: empty), given the RAM below 4 GiB and the ACPI data
 * reserve (see above).
 */
bool x86_fw_cfg_load_linux(FWCfgState *s, const char *kernel,
                           const char *initrd, const char *cmdline,
                           uint64_t below_4g_mem_size,
                           uint64_t acpi_data_size, Error **errp);

#endif
