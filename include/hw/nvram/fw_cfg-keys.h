/*
 * fw_cfg selector keys and guest-visible constants.
 *
 * These numbers are ABI between the emulator and guest firmware
 * (SeaBIOS, OVMF, the Linux fw_cfg driver).  The register interface, the
 * signature, the feature bitmap, the file directory and the DMA control
 * bits are from the fw_cfg specification (docs/specs/fw_cfg.rst in
 * qemu, shared/specs/fw_cfg.rst here).  The numbered items the spec
 * leaves to "the QEMU source" are qemu's documented public ABI, the
 * numbering firmware already relies on; the x86 items (key 0x8000 and
 * up) are the architecture-local range of the spec's "Ranges" table.
 */
#ifndef HW_NVRAM_FW_CFG_KEYS_H
#define HW_NVRAM_FW_CFG_KEYS_H

/* Generic items (fw_cfg spec, "Firmware Configuration Items"). */
#define FW_CFG_SIGNATURE        0x00    /* "QEMU" */
#define FW_CFG_ID               0x01    /* le32 feature bitmap */
#define FW_CFG_UUID             0x02    /* 16 bytes, RFC 4122 order */
#define FW_CFG_RAM_SIZE         0x03    /* le64 on x86 */
#define FW_CFG_NOGRAPHIC        0x04    /* le16 */
#define FW_CFG_NB_CPUS          0x05    /* le16: CPUs at boot */
#define FW_CFG_MACHINE_ID       0x06
#define FW_CFG_KERNEL_ADDR      0x07    /* le32 */
#define FW_CFG_KERNEL_SIZE      0x08    /* le32 */
#define FW_CFG_KERNEL_CMDLINE   0x09
#define FW_CFG_INITRD_ADDR      0x0a    /* le32 */
#define FW_CFG_INITRD_SIZE      0x0b    /* le32 */
#define FW_CFG_BOOT_DEVICE      0x0c
#define FW_CFG_NUMA             0x0d    /* le64 array, see hw/i386/fw_cfg.h */
#define FW_CFG_BOOT_MENU        0x0e    /* le16 */
#define FW_CFG_MAX_CPUS         0x0f    /* le16 */
#define FW_CFG_KERNEL_ENTRY     0x10
#define FW_CFG_KERNEL_DATA      0x11    /* the kernel after its setup code */
#define FW_CFG_INITRD_DATA      0x12
#define FW_CFG_CMDLINE_ADDR     0x13    /* le32 */
#define FW_CFG_CMDLINE_SIZE     0x14    /* le32, NUL included */
#define FW_CFG_CMDLINE_DATA     0x15    /* NUL-terminated */
#define FW_CFG_SETUP_ADDR       0x16    /* le32 */
#define FW_CFG_SETUP_SIZE       0x17    /* le32 */
#define FW_CFG_SETUP_DATA       0x18    /* the real-mode setup code */
#define FW_CFG_FILE_DIR         0x19    /* the file directory */

/* Files have keys from here on, in directory (name) order. */
#define FW_CFG_FILE_FIRST       0x20
/* The fewest file slots a device may have, and qemu's default. */
#define FW_CFG_FILE_SLOTS_MIN   0x10
#define FW_CFG_FILE_SLOTS_DFLT  0x20

/* Selector bits (spec, "Selector (Control) Register"). */
#define FW_CFG_WRITE_CHANNEL    0x4000  /* ignored: writes go through DMA */
#define FW_CFG_ARCH_LOCAL       0x8000
#define FW_CFG_ENTRY_MASK       0x3fff  /* the item number in its range */
#define FW_CFG_INVALID          0xffff  /* "nothing selected" */

/* Items per range (generic, arch-local): the spec's 0x4000. */
#define FW_CFG_MAX_ENTRIES      0x4000

/* Names in the directory: 56 bytes, NUL-terminated, so 55 characters. */
#define FW_CFG_MAX_FILE_PATH    56

/* FW_CFG_ID bits (spec, "Revision / feature bitmap"). */
#define FW_CFG_VERSION          0x01    /* the traditional interface */
#define FW_CFG_VERSION_DMA      0x02    /* the DMA interface */

/* FWCfgDmaAccess.control bits (spec, "Guest-side DMA Interface"). */
#define FW_CFG_DMA_CTL_ERROR    0x01
#define FW_CFG_DMA_CTL_READ     0x02
#define FW_CFG_DMA_CTL_SKIP     0x04
#define FW_CFG_DMA_CTL_SELECT   0x08
#define FW_CFG_DMA_CTL_WRITE    0x10
#define FW_CFG_DMA_SELECT_SHIFT 16      /* the key in control's upper half */

/* What reading the DMA address register returns: "QEMU CFG". */
#define FW_CFG_DMA_SIGNATURE    0x51454d5520434647ULL

/* The directory (spec, "File Directory"), all fields big-endian. */
#define FW_CFG_DIR_COUNT_SIZE   4       /* uint32_t count */
#define FW_CFG_DIR_ENTRY_SIZE   64      /* size, select, reserved, name */
#define FW_CFG_DMA_ACCESS_SIZE  16      /* control, length, address */

/* x86 architecture-local items. */
#define FW_CFG_ACPI_TABLES      (FW_CFG_ARCH_LOCAL + 0)
#define FW_CFG_SMBIOS_ENTRIES   (FW_CFG_ARCH_LOCAL + 1)
#define FW_CFG_IRQ0_OVERRIDE    (FW_CFG_ARCH_LOCAL + 2)  /* le32 */
#define FW_CFG_E820_TABLE       (FW_CFG_ARCH_LOCAL + 3)  /* legacy */
#define FW_CFG_HPET             (FW_CFG_ARCH_LOCAL + 4)

/* x86 port I/O front end (spec, "Register Locations"). */
#define FW_CFG_IO_BASE          0x510   /* selector; data at +1 */
#define FW_CFG_IO_DMA_BASE      0x514

/* MMIO front end offsets (spec, "Register Locations", Arm). */
#define FW_CFG_MEM_DATA         0x00
#define FW_CFG_MEM_SELECTOR     0x08
#define FW_CFG_MEM_DMA          0x10
#define FW_CFG_MEM_SIZE         0x18    /* the whole register block */

#endif
