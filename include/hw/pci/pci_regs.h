/*
 * PCI and PCI Express configuration space: register offsets and bits.
 *
 * Sources, cited per group below:
 *   [PCI]    PCI Local Bus Specification, revision 3.0, chapter 6
 *   [P2P]    PCI-to-PCI Bridge Architecture Specification, revision 1.2
 *   [PM]     PCI Bus Power Management Interface Specification, 1.2
 *   [PCIe]   PCI Express Base Specification, revision 5.0, chapter 7
 *
 * Offsets are from the start of the function's configuration space (or,
 * for capability registers, from the start of the capability).  Multi-byte
 * registers are little-endian.
 */
#ifndef HW_PCI_PCI_REGS_H
#define HW_PCI_PCI_REGS_H

/* Sizes: [PCI] 6.1, [PCIe] 7.2.2 */
#define PCI_CONFIG_HEADER_SIZE      0x40    /* the predefined header */
#define PCI_CONFIG_SPACE_SIZE       0x100   /* conventional PCI */
#define PCIE_CONFIG_SPACE_SIZE      0x1000  /* PCI Express, with extended */

/* The header common to all layouts: [PCI] 6.2.1, figure 6-1 */
#define PCI_VENDOR_ID               0x00    /* 16 bits; 0xffff: none */
#define PCI_DEVICE_ID               0x02    /* 16 bits */
#define PCI_COMMAND                 0x04    /* 16 bits */
#define PCI_STATUS                  0x06    /* 16 bits */
#define PCI_REVISION_ID             0x08    /* 8 bits */
#define PCI_CLASS_PROG              0x09    /* programming interface */
#define PCI_CLASS_DEVICE            0x0a    /* sub-class and base class */
#define PCI_CACHE_LINE_SIZE         0x0c    /* 8 bits */
#define PCI_LATENCY_TIMER           0x0d    /* 8 bits */
#define PCI_HEADER_TYPE             0x0e    /* 8 bits */
#define PCI_BIST                    0x0f    /* 8 bits */

/* Command register: [PCI] 6.2.2, figure 6-2 */
#define PCI_COMMAND_IO              0x0001  /* respond to I/O space */
#define PCI_COMMAND_MEMORY          0x0002  /* respond to memory space */
#define PCI_COMMAND_MASTER          0x0004  /* may master (DMA, MSI) */
#define PCI_COMMAND_SPECIAL         0x0008  /* special cycles */
#define PCI_COMMAND_INVALIDATE      0x0010  /* memory write and invalidate */
#define PCI_COMMAND_VGA_PALETTE     0x0020  /* VGA palette snoop */
#define PCI_COMMAND_PARITY          0x0040  /* parity error response */
#define PCI_COMMAND_WAIT            0x0080  /* stepping (hardwired 0) */
#define PCI_COMMAND_SERR            0x0100  /* SERR# enable */
#define PCI_COMMAND_FAST_BACK       0x0200  /* fast back-to-back enable */
#define PCI_COMMAND_INTX_DISABLE    0x0400  /* INTx emulation disable */

/* Status register: [PCI] 6.2.3, figure 6-3; bit 0 is [PCIe] 7.5.1.1.4 */
#define PCI_STATUS_IMM_READY        0x0001  /* immediate readiness */
#define PCI_STATUS_INTERRUPT        0x0008  /* INTx asserted (read-only) */
#define PCI_STATUS_CAP_LIST         0x0010  /* capabilities list present */
#define PCI_STATUS_66MHZ            0x0020  /* 66 MHz capable */
#define PCI_STATUS_FAST_BACK        0x0080  /* fast back-to-back capable */
#define PCI_STATUS_PARITY           0x0100  /* master data parity error */
#define PCI_STATUS_DEVSEL_MASK      0x0600  /* DEVSEL timing */
#define PCI_STATUS_SIG_TARGET_ABORT 0x0800  /* signaled target abort */
#define PCI_STATUS_REC_TARGET_ABORT 0x1000  /* received target abort */
#define PCI_STATUS_REC_MASTER_ABORT 0x2000  /* received master abort */
#define PCI_STATUS_SIG_SYSTEM_ERROR 0x4000  /* signaled system error */
#define PCI_STATUS_DETECTED_PARITY  0x8000  /* detected parity error */
/* The error bits: software clears them by writing 1. */
#define PCI_STATUS_ERROR_BITS \
    (PCI_STATUS_PARITY | PCI_STATUS_SIG_TARGET_ABORT | \
     PCI_STATUS_REC_TARGET_ABORT | PCI_STATUS_REC_MASTER_ABORT | \
     PCI_STATUS_SIG_SYSTEM_ERROR | PCI_STATUS_DETECTED_PARITY)

/* Header type: [PCI] 6.2.1 */
#define PCI_HEADER_TYPE_NORMAL      0x00    /* type 0: endpoints */
#define PCI_HEADER_TYPE_BRIDGE      0x01    /* type 1: PCI-to-PCI bridges */
#define PCI_HEADER_TYPE_CARDBUS     0x02    /* type 2: CardBus bridges */
#define PCI_HEADER_TYPE_MASK        0x7f
#define PCI_HEADER_TYPE_MULTI_FUNCTION 0x80 /* more functions in the slot */

/* BIST: [PCI] 6.2.4 */
#define PCI_BIST_CAPABLE            0x80
#define PCI_BIST_START              0x40
#define PCI_BIST_CODE_MASK          0x0f

/* Type 0 header: [PCI] 6.2.5, figure 6-1 */
#define PCI_BASE_ADDRESS_0          0x10    /* 32 bits each */
#define PCI_BASE_ADDRESS_1          0x14
#define PCI_BASE_ADDRESS_2          0x18
#define PCI_BASE_ADDRESS_3          0x1c
#define PCI_BASE_ADDRESS_4          0x20
#define PCI_BASE_ADDRESS_5          0x24
#define PCI_CARDBUS_CIS             0x28
#define PCI_SUBSYSTEM_VENDOR_ID     0x2c    /* 16 bits */
#define PCI_SUBSYSTEM_ID            0x2e    /* 16 bits */
#define PCI_ROM_ADDRESS             0x30    /* expansion ROM base */
#define PCI_CAPABILITY_LIST         0x34    /* first capability (8 bits) */
#define PCI_INTERRUPT_LINE          0x3c    /* 8 bits, for software */
#define PCI_INTERRUPT_PIN           0x3d    /* 8 bits: 0 none, 1 INTA.. */
#define PCI_MIN_GNT                 0x3e
#define PCI_MAX_LAT                 0x3f

/* Base address registers: [PCI] 6.2.5.1 */
#define PCI_BASE_ADDRESS_SPACE      0x01    /* 0: memory, 1: I/O */
#define PCI_BASE_ADDRESS_SPACE_IO   0x01
#define PCI_BASE_ADDRESS_SPACE_MEMORY 0x00
#define PCI_BASE_ADDRESS_MEM_TYPE_MASK 0x06
#define PCI_BASE_ADDRESS_MEM_TYPE_32 0x00   /* anywhere in 32-bit space */
#define PCI_BASE_ADDRESS_MEM_TYPE_64 0x04   /* anywhere in 64-bit space */
#define PCI_BASE_ADDRESS_MEM_PREFETCH 0x08  /* prefetchable */
#define PCI_BASE_ADDRESS_MEM_MASK   (~0x0fULL)
#define PCI_BASE_ADDRESS_IO_MASK    (~0x03ULL)

/* Expansion ROM base address: [PCI] 6.2.5.2 */
#define PCI_ROM_ADDRESS_ENABLE      0x01
#define PCI_ROM_ADDRESS_MASK        (~0x7ffU)

/* Interrupt pins: [PCI] 6.2.4 */
#define PCI_INTERRUPT_PIN_NONE      0
#define PCI_INTERRUPT_PIN_INTA      1
#define PCI_INTERRUPT_PIN_INTD      4

/* Type 1 header (PCI-to-PCI bridges): [P2P] 3.2, figure 3-2 */
#define PCI_PRIMARY_BUS             0x18    /* 8 bits */
#define PCI_SECONDARY_BUS           0x19    /* 8 bits */
#define PCI_SUBORDINATE_BUS         0x1a    /* 8 bits */
#define PCI_SEC_LATENCY_TIMER       0x1b    /* 8 bits */
#define PCI_IO_BASE                 0x1c    /* 8 bits */
#define PCI_IO_LIMIT                0x1d    /* 8 bits */
#define PCI_SEC_STATUS              0x1e    /* 16 bits, like PCI_STATUS */
#define PCI_MEMORY_BASE             0x20    /* 16 bits */
#define PCI_MEMORY_LIMIT            0x22    /* 16 bits */
#define PCI_PREF_MEMORY_BASE        0x24    /* 16 bits */
#define PCI_PREF_MEMORY_LIMIT       0x26    /* 16 bits */
#define PCI_PREF_BASE_UPPER32       0x28    /* 32 bits */
#define PCI_PREF_LIMIT_UPPER32      0x2c    /* 32 bits */
#define PCI_IO_BASE_UPPER16         0x30    /* 16 bits */
#define PCI_IO_LIMIT_UPPER16        0x32    /* 16 bits */
/* 0x34: capability list, as in type 0 */
#define PCI_ROM_ADDRESS1            0x38    /* expansion ROM of a bridge */
#define PCI_BRIDGE_CONTROL          0x3e    /* 16 bits */

/* I/O base and limit: [P2P] 3.2.5.6 */
#define PCI_IO_RANGE_TYPE_MASK      0x0f
#define PCI_IO_RANGE_TYPE_16        0x00    /* 16-bit I/O addresses */
#define PCI_IO_RANGE_TYPE_32        0x01    /* 32-bit I/O addresses */
#define PCI_IO_RANGE_MASK           0xf0    /* address bits 15:12 */
#define PCI_IO_RANGE_SHIFT          8
#define PCI_IO_WINDOW_GRANULARITY   0x1000

/* Memory base and limit: [P2P] 3.2.5.8 */
#define PCI_MEMORY_RANGE_TYPE_MASK  0x000f
#define PCI_MEMORY_RANGE_MASK       0xfff0  /* address bits 31:20 */
#define PCI_MEMORY_RANGE_SHIFT      16
#define PCI_MEMORY_WINDOW_GRANULARITY 0x100000

/* Prefetchable memory base and limit: [P2P] 3.2.5.9 */
#define PCI_PREF_RANGE_TYPE_MASK    0x000f
#define PCI_PREF_RANGE_TYPE_32      0x0000
#define PCI_PREF_RANGE_TYPE_64      0x0001
#define PCI_PREF_RANGE_MASK         0xfff0

/* Bridge control register: [P2P] 3.2.5.18 */
#define PCI_BRIDGE_CTL_PARITY       0x0001  /* parity error response */
#define PCI_BRIDGE_CTL_SERR         0x0002  /* forward SERR# */
#define PCI_BRIDGE_CTL_ISA          0x0004  /* ISA addressing mode */
#define PCI_BRIDGE_CTL_VGA          0x0008  /* forward VGA addresses */
#define PCI_BRIDGE_CTL_VGA_16BIT    0x0010  /* VGA 16-bit I/O decode */
#define PCI_BRIDGE_CTL_MASTER_ABORT 0x0020  /* report master aborts */
#define PCI_BRIDGE_CTL_BUS_RESET    0x0040  /* secondary bus reset */
#define PCI_BRIDGE_CTL_FAST_BACK    0x0080  /* fast back-to-back enable */
#define PCI_BRIDGE_CTL_DISCARD      0x0100  /* primary discard timeout */
#define PCI_BRIDGE_CTL_SEC_DISCARD  0x0200  /* secondary discard timeout */
#define PCI_BRIDGE_CTL_DISCARD_STATUS 0x0400 /* discard timer status */
#define PCI_BRIDGE_CTL_DISCARD_SERR 0x0800  /* discard timer SERR# enable */

/* Capability list: [PCI] 6.7 */
#define PCI_CAP_LIST_ID             0x00    /* capability ID */
#define PCI_CAP_LIST_NEXT           0x01    /* next capability, 0: last */
#define PCI_CAP_FLAGS               0x02    /* capability-specific */
#define PCI_CAP_SIZEOF              4       /* the smallest capability */

/* Capability IDs: PCI Code and ID Assignment Specification 1.11, ch. 2 */
#define PCI_CAP_ID_PM               0x01    /* power management */
#define PCI_CAP_ID_AGP              0x02
#define PCI_CAP_ID_VPD              0x03    /* vital product data */
#define PCI_CAP_ID_SLOTID           0x04    /* slot identification */
#define PCI_CAP_ID_MSI              0x05
#define PCI_CAP_ID_CHSWP            0x06    /* CompactPCI hot swap */
#define PCI_CAP_ID_PCIX             0x07
#define PCI_CAP_ID_HT               0x08    /* HyperTransport */
#define PCI_CAP_ID_VNDR             0x09    /* vendor specific */
#define PCI_CAP_ID_DBG              0x0a    /* debug port */
#define PCI_CAP_ID_CCRC             0x0b    /* CompactPCI central resources */
#define PCI_CAP_ID_SHPC             0x0c    /* standard hot-plug controller */
#define PCI_CAP_ID_SSVID            0x0d    /* bridge subsystem vendor ID */
#define PCI_CAP_ID_AGP3             0x0e
#define PCI_CAP_ID_SECDEV           0x0f    /* secure device */
#define PCI_CAP_ID_EXP              0x10    /* PCI Express */
#define PCI_CAP_ID_MSIX             0x11
#define PCI_CAP_ID_SATA             0x12
#define PCI_CAP_ID_AF               0x13    /* advanced features */
#define PCI_CAP_ID_EA               0x14    /* enhanced allocation */
#define PCI_CAP_ID_MAX              PCI_CAP_ID_EA

/* Power management capability: [PM] 3.2 */
#define PCI_PM_PMC                  0x02    /* capabilities, 16 bits */
#define PCI_PM_CTRL                 0x04    /* control/status, 16 bits */
#define PCI_PM_CTRL_STATE_MASK      0x0003  /* D0..D3hot */
#define PCI_PM_CTRL_NO_SOFT_RESET   0x0008
#define PCI_PM_CTRL_PME_ENABLE      0x0100
#define PCI_PM_CTRL_PME_STATUS      0x8000  /* write 1 to clear */
#define PCI_PM_SIZEOF               8

/* Slot identification capability: [P2P] 13.1 */
#define PCI_SID_ESR                 0x02    /* expansion slot register */
#define PCI_SID_ESR_NSLOTS          0x1f    /* slots on the secondary bus */
#define PCI_SID_ESR_FIC             0x20    /* first in chassis */
#define PCI_SID_CHASSIS_NR          0x03    /* chassis number (writable) */
#define PCI_SID_SIZEOF              4

/* MSI capability: [PCI] 6.8.1 */
#define PCI_MSI_FLAGS               0x02    /* message control, 16 bits */
#define PCI_MSI_FLAGS_ENABLE        0x0001
#define PCI_MSI_FLAGS_QMASK         0x000e  /* multiple message capable */
#define PCI_MSI_FLAGS_QMASK_SHIFT   1
#define PCI_MSI_FLAGS_QSIZE         0x0070  /* multiple message enable */
#define PCI_MSI_FLAGS_QSIZE_SHIFT   4
#define PCI_MSI_FLAGS_64BIT         0x0080  /* 64-bit address capable */
#define PCI_MSI_FLAGS_MASKBIT       0x0100  /* per-vector masking capable */
#define PCI_MSI_ADDRESS_LO          0x04    /* bits 1:0 are reserved */
#define PCI_MSI_ADDRESS_LO_MASK     0xfffffffcU
#define PCI_MSI_ADDRESS_HI          0x08    /* 64-bit layouts only */
#define PCI_MSI_DATA_32             0x08    /* 16 bits */
#define PCI_MSI_DATA_64             0x0c    /* 16 bits */
#define PCI_MSI_MASK_32             0x0c    /* mask bits, per-vector */
#define PCI_MSI_MASK_64             0x10
#define PCI_MSI_PENDING_32          0x10    /* pending bits, per-vector */
#define PCI_MSI_PENDING_64          0x14
#define PCI_MSI_VECTORS_MAX         32
/* Sizes of the four layouts */
#define PCI_MSI_SIZEOF_32           0x0a
#define PCI_MSI_SIZEOF_32_MASK      0x14
#define PCI_MSI_SIZEOF_64           0x0e
#define PCI_MSI_SIZEOF_64_MASK      0x18

/* MSI-X capability: [PCI] 6.8.2 */
#define PCI_MSIX_FLAGS              0x02    /* message control, 16 bits */
#define PCI_MSIX_FLAGS_QSIZE        0x07ff  /* table size - 1 */
#define PCI_MSIX_FLAGS_MASKALL      0x4000  /* function mask */
#define PCI_MSIX_FLAGS_ENABLE       0x8000
#define PCI_MSIX_TABLE              0x04    /* table offset and BIR */
#define PCI_MSIX_PBA                0x08    /* PBA offset and BIR */
#define PCI_MSIX_BIR_MASK           0x00000007U /* which BAR */
#define PCI_MSIX_OFFSET_MASK        0xfffffff8U
#define PCI_MSIX_SIZEOF             12
#define PCI_MSIX_VECTORS_MAX        2048
/* Table entries: [PCI] 6.8.2.6-6.8.2.9 */
#define PCI_MSIX_ENTRY_SIZE         16
#define PCI_MSIX_ENTRY_LOWER_ADDR   0x0
#define PCI_MSIX_ENTRY_UPPER_ADDR   0x4
#define PCI_MSIX_ENTRY_DATA         0x8
#define PCI_MSIX_ENTRY_VECTOR_CTRL  0xc
#define PCI_MSIX_ENTRY_CTRL_MASKBIT 0x00000001U

/* PCI Express capability: [PCIe] 7.5.3 */
#define PCI_EXP_FLAGS               0x02    /* capabilities register */
#define PCI_EXP_FLAGS_VERS          0x000f  /* capability version */
#define PCI_EXP_FLAGS_VER2          0x0002
#define PCI_EXP_FLAGS_TYPE          0x00f0  /* device/port type */
#define PCI_EXP_FLAGS_TYPE_SHIFT    4
#define PCI_EXP_FLAGS_SLOT          0x0100  /* slot implemented */
#define PCI_EXP_FLAGS_IRQ           0x3e00  /* interrupt message number */
#define PCI_EXP_FLAGS_IRQ_SHIFT     9
/* Device/port types: [PCIe] 7.5.3.2 */
#define PCI_EXP_TYPE_ENDPOINT       0x0
#define PCI_EXP_TYPE_LEG_END        0x1     /* legacy endpoint */
#define PCI_EXP_TYPE_ROOT_PORT      0x4
#define PCI_EXP_TYPE_UPSTREAM       0x5     /* switch upstream port */
#define PCI_EXP_TYPE_DOWNSTREAM     0x6     /* switch downstream port */
#define PCI_EXP_TYPE_PCI_BRIDGE     0x7     /* PCIe-to-PCI bridge */
#define PCI_EXP_TYPE_PCIE_BRIDGE    0x8     /* PCI-to-PCIe bridge */
#define PCI_EXP_TYPE_RC_END         0x9     /* root complex integrated */
#define PCI_EXP_TYPE_RC_EC          0xa     /* root complex event collector */

/* Device capabilities, control, status: [PCIe] 7.5.3.3-7.5.3.5 */
#define PCI_EXP_DEVCAP              0x04    /* 32 bits */
#define PCI_EXP_DEVCAP_PAYLOAD      0x00000007U /* max payload supported */
#define PCI_EXP_DEVCAP_PHANTOM      0x00000018U
#define PCI_EXP_DEVCAP_EXT_TAG      0x00000020U
#define PCI_EXP_DEVCAP_L0S          0x000001c0U
#define PCI_EXP_DEVCAP_L1           0x00000e00U
#define PCI_EXP_DEVCAP_RBER         0x00008000U /* role-based errors */
#define PCI_EXP_DEVCAP_PWR_VAL      0x03fc0000U
#define PCI_EXP_DEVCAP_PWR_SCL      0x0c000000U
#define PCI_EXP_DEVCAP_FLR          0x10000000U /* function level reset */
#define PCI_EXP_DEVCTL              0x08    /* 16 bits */
#define PCI_EXP_DEVCTL_CERE         0x0001  /* correctable error reporting */
#define PCI_EXP_DEVCTL_NFERE        0x0002  /* non-fatal error reporting */
#define PCI_EXP_DEVCTL_FERE         0x0004  /* fatal error reporting */
#define PCI_EXP_DEVCTL_URRE         0x0008  /* unsupported request rep. */
#define PCI_EXP_DEVCTL_RELAX_EN     0x0010  /* relaxed ordering */
#define PCI_EXP_DEVCTL_PAYLOAD      0x00e0  /* max payload size */
#define PCI_EXP_DEVCTL_EXT_TAG      0x0100
#define PCI_EXP_DEVCTL_PHANTOM      0x0200
#define PCI_EXP_DEVCTL_AUX_PME      0x0400
#define PCI_EXP_DEVCTL_NOSNOOP_EN   0x0800
#define PCI_EXP_DEVCTL_READRQ       0x7000  /* max read request size */
#define PCI_EXP_DEVCTL_BCR_FLR      0x8000  /* bridge retry / start FLR */
#define PCI_EXP_DEVSTA              0x0a    /* 16 bits */
#define PCI_EXP_DEVSTA_CED          0x0001  /* correctable error detected */
#define PCI_EXP_DEVSTA_NFED         0x0002  /* non-fatal error detected */
#define PCI_EXP_DEVSTA_FED          0x0004  /* fatal error detected */
#define PCI_EXP_DEVSTA_URD          0x0008  /* unsupported request */
#define PCI_EXP_DEVSTA_AUXPD        0x0010  /* aux power detected */
#define PCI_EXP_DEVSTA_TRPND        0x0020  /* transactions pending */

/* Link capabilities, control, status: [PCIe] 7.5.3.6-7.5.3.8 */
#define PCI_EXP_LNKCAP              0x0c    /* 32 bits */
#define PCI_EXP_LNKCAP_SLS          0x0000000fU /* max link speed */
#define PCI_EXP_LNKCAP_MLW          0x000003f0U /* max link width */
#define PCI_EXP_LNKCAP_MLW_SHIFT    4
#define PCI_EXP_LNKCAP_ASPMS        0x00000c00U
#define PCI_EXP_LNKCAP_L0SEL        0x00007000U
#define PCI_EXP_LNKCAP_L1EL         0x00038000U
#define PCI_EXP_LNKCAP_CLKPM        0x00040000U
#define PCI_EXP_LNKCAP_SDERC        0x00080000U /* surprise down reporting */
#define PCI_EXP_LNKCAP_DLLLARC      0x00100000U /* DL active reporting */
#define PCI_EXP_LNKCAP_LBNC         0x00200000U /* bandwidth notification */
#define PCI_EXP_LNKCAP_ASPM_COMP    0x00400000U
#define PCI_EXP_LNKCAP_PN           0xff000000U /* port number */
#define PCI_EXP_LNKCAP_PN_SHIFT     24
#define PCI_EXP_LNKCTL              0x10    /* 16 bits */
#define PCI_EXP_LNKCTL_ASPMC        0x0003
#define PCI_EXP_LNKCTL_RCB          0x0008
#define PCI_EXP_LNKCTL_LD           0x0010  /* link disable */
#define PCI_EXP_LNKCTL_RL           0x0020  /* retrain link */
#define PCI_EXP_LNKCTL_CCC          0x0040  /* common clock */
#define PCI_EXP_LNKCTL_ES           0x0080  /* extended synch */
#define PCI_EXP_LNKCTL_CLKREQ_EN    0x0100
#define PCI_EXP_LNKCTL_HAWD         0x0200
#define PCI_EXP_LNKCTL_LBMIE        0x0400
#define PCI_EXP_LNKCTL_LABIE        0x0800
#define PCI_EXP_LNKSTA              0x12    /* 16 bits */
#define PCI_EXP_LNKSTA_CLS          0x000f  /* current link speed */
#define PCI_EXP_LNKSTA_NLW          0x03f0  /* negotiated link width */
#define PCI_EXP_LNKSTA_NLW_SHIFT    4
#define PCI_EXP_LNKSTA_LT           0x0800  /* link training */
#define PCI_EXP_LNKSTA_SLC          0x1000  /* slot clock configuration */
#define PCI_EXP_LNKSTA_DLLLA        0x2000  /* data link layer active */
#define PCI_EXP_LNKSTA_LBMS         0x4000
#define PCI_EXP_LNKSTA_LABS         0x8000
/* Link speeds (LNKCAP_SLS, LNKSTA_CLS, LNKCTL2_TLS): [PCIe] 7.5.3.18 */
#define PCI_EXP_LNK_SPEED_2_5GT     0x1
#define PCI_EXP_LNK_SPEED_5GT       0x2
#define PCI_EXP_LNK_SPEED_8GT       0x3
#define PCI_EXP_LNK_SPEED_16GT      0x4
#define PCI_EXP_LNK_SPEED_32GT      0x5
/* Link widths (LNKCAP_MLW, LNKSTA_NLW): [PCIe] 7.5.3.6 */
#define PCI_EXP_LNK_WIDTH_X1        0x01
#define PCI_EXP_LNK_WIDTH_X16       0x10

/* Slot capabilities, control, status: [PCIe] 7.5.3.9-7.5.3.11 */
#define PCI_EXP_SLTCAP              0x14    /* 32 bits */
#define PCI_EXP_SLTCAP_ABP          0x00000001U /* attention button */
#define PCI_EXP_SLTCAP_PCP          0x00000002U /* power controller */
#define PCI_EXP_SLTCAP_MRLSP        0x00000004U /* MRL sensor */
#define PCI_EXP_SLTCAP_AIP          0x00000008U /* attention indicator */
#define PCI_EXP_SLTCAP_PIP          0x00000010U /* power indicator */
#define PCI_EXP_SLTCAP_HPS          0x00000020U /* hot-plug surprise */
#define PCI_EXP_SLTCAP_HPC          0x00000040U /* hot-plug capable */
#define PCI_EXP_SLTCAP_SPLV         0x00007f80U /* slot power limit value */
#define PCI_EXP_SLTCAP_SPLS         0x00018000U /* slot power limit scale */
#define PCI_EXP_SLTCAP_EIP          0x00020000U /* electromech. interlock */
#define PCI_EXP_SLTCAP_NCCS         0x00040000U /* no command completed */
#define PCI_EXP_SLTCAP_PSN          0xfff80000U /* physical slot number */
#define PCI_EXP_SLTCAP_PSN_SHIFT    19
#define PCI_EXP_SLTCTL              0x18    /* 16 bits */
#define PCI_EXP_SLTCTL_ABPE         0x0001  /* attention button enable */
#define PCI_EXP_SLTCTL_PFDE         0x0002  /* power fault enable */
#define PCI_EXP_SLTCTL_MRLSCE       0x0004  /* MRL sensor change enable */
#define PCI_EXP_SLTCTL_PDCE         0x0008  /* presence change enable */
#define PCI_EXP_SLTCTL_CCIE         0x0010  /* command completed int. */
#define PCI_EXP_SLTCTL_HPIE         0x0020  /* hot-plug interrupt enable */
#define PCI_EXP_SLTCTL_AIC          0x00c0  /* attention indicator */
#define PCI_EXP_SLTCTL_PIC          0x0300  /* power indicator */
#define PCI_EXP_SLTCTL_IND_ON       0x1     /* indicator values */
#define PCI_EXP_SLTCTL_IND_BLINK    0x2
#define PCI_EXP_SLTCTL_IND_OFF      0x3
#define PCI_EXP_SLTCTL_AIC_SHIFT    6
#define PCI_EXP_SLTCTL_PIC_SHIFT    8
#define PCI_EXP_SLTCTL_PCC          0x0400  /* power controller: 1 = off */
#define PCI_EXP_SLTCTL_EIC          0x0800  /* electromech. interlock */
#define PCI_EXP_SLTCTL_DLLSCE       0x1000  /* DLL state change enable */
#define PCI_EXP_SLTSTA              0x1a    /* 16 bits */
#define PCI_EXP_SLTSTA_ABP          0x0001  /* attention button pressed */
#define PCI_EXP_SLTSTA_PFD          0x0002  /* power fault detected */
#define PCI_EXP_SLTSTA_MRLSC        0x0004  /* MRL sensor changed */
#define PCI_EXP_SLTSTA_PDC          0x0008  /* presence detect changed */
#define PCI_EXP_SLTSTA_CC           0x0010  /* command completed */
#define PCI_EXP_SLTSTA_MRLSS        0x0020  /* MRL sensor state */
#define PCI_EXP_SLTSTA_PDS          0x0040  /* presence detect state */
#define PCI_EXP_SLTSTA_EIS          0x0080  /* electromech. interlock */
#define PCI_EXP_SLTSTA_DLLSC        0x0100  /* DLL state changed */

/* Root control, capabilities, status: [PCIe] 7.5.3.12-7.5.3.14 */
#define PCI_EXP_RTCTL               0x1c    /* 16 bits */
#define PCI_EXP_RTCTL_SECEE         0x0001  /* SERR on correctable error */
#define PCI_EXP_RTCTL_SENFEE        0x0002  /* SERR on non-fatal error */
#define PCI_EXP_RTCTL_SEFEE         0x0004  /* SERR on fatal error */
#define PCI_EXP_RTCTL_PMEIE         0x0008  /* PME interrupt enable */
#define PCI_EXP_RTCTL_CRSSVE        0x0010  /* CRS software visibility */
#define PCI_EXP_RTCAP               0x1e    /* 16 bits */
#define PCI_EXP_RTCAP_CRSVIS        0x0001
#define PCI_EXP_RTSTA               0x20    /* 32 bits */
#define PCI_EXP_RTSTA_PME_REQID     0x0000ffffU
#define PCI_EXP_RTSTA_PME           0x00010000U /* PME status */
#define PCI_EXP_RTSTA_PME_PENDING   0x00020000U

/* Second-generation registers: [PCIe] 7.5.3.15-7.5.3.22 */
#define PCI_EXP_DEVCAP2             0x24    /* 32 bits */
#define PCI_EXP_DEVCAP2_COMP_TO_RANGES 0x0000000fU
#define PCI_EXP_DEVCAP2_COMP_TO_DIS 0x00000010U
#define PCI_EXP_DEVCAP2_ARI         0x00000020U /* ARI forwarding */
#define PCI_EXP_DEVCAP2_ATOMIC_ROUTE 0x00000040U
#define PCI_EXP_DEVCAP2_ATOMIC_COMP32 0x00000080U
#define PCI_EXP_DEVCAP2_ATOMIC_COMP64 0x00000100U
#define PCI_EXP_DEVCAP2_ATOMIC_COMP128 0x00000200U
#define PCI_EXP_DEVCAP2_LTR         0x00000800U
#define PCI_EXP_DEVCAP2_OBFF_MASK   0x000c0000U
#define PCI_EXP_DEVCAP2_EFF         0x00100000U /* extended fmt field */
#define PCI_EXP_DEVCAP2_EETLPP      0x00200000U /* end-end TLP prefix */
#define PCI_EXP_DEVCTL2             0x28    /* 16 bits */
#define PCI_EXP_DEVCTL2_COMP_TIMEOUT 0x000f
#define PCI_EXP_DEVCTL2_COMP_TMOUT_DIS 0x0010
#define PCI_EXP_DEVCTL2_ARI         0x0020  /* ARI forwarding enable */
#define PCI_EXP_DEVCTL2_ATOMIC_REQ  0x0040
#define PCI_EXP_DEVCTL2_ATOMIC_EGRESS_BLOCK 0x0080
#define PCI_EXP_DEVCTL2_IDO_REQ_EN  0x0100
#define PCI_EXP_DEVCTL2_IDO_CMP_EN  0x0200
#define PCI_EXP_DEVCTL2_LTR_EN      0x0400
#define PCI_EXP_DEVCTL2_OBFF_MASK   0x6000
#define PCI_EXP_DEVCTL2_EETLPPB     0x8000
#define PCI_EXP_DEVSTA2             0x2a    /* 16 bits */
#define PCI_EXP_LNKCAP2             0x2c    /* 32 bits */
#define PCI_EXP_LNKCAP2_SLS         0x000000feU /* supported speeds vector */
#define PCI_EXP_LNKCAP2_SLS_2_5GB   0x00000002U
#define PCI_EXP_LNKCAP2_SLS_5_0GB   0x00000004U
#define PCI_EXP_LNKCAP2_SLS_8_0GB   0x00000008U
#define PCI_EXP_LNKCAP2_SLS_16_0GB  0x00000010U
#define PCI_EXP_LNKCAP2_SLS_32_0GB  0x00000020U
#define PCI_EXP_LNKCAP2_CROSSLINK   0x00000100U
#define PCI_EXP_LNKCTL2             0x30    /* 16 bits */
#define PCI_EXP_LNKCTL2_TLS         0x000f  /* target link speed */
#define PCI_EXP_LNKCTL2_ENTER_COMP  0x0010
#define PCI_EXP_LNKCTL2_HASD        0x0020  /* hw autonomous speed disable */
#define PCI_EXP_LNKSTA2             0x32    /* 16 bits */
#define PCI_EXP_SLTCAP2             0x34    /* 32 bits */
#define PCI_EXP_SLTCTL2             0x38    /* 16 bits */
#define PCI_EXP_SLTSTA2             0x3a    /* 16 bits */
#define PCI_EXP_VER1_SIZEOF         0x14    /* endpoint, version 1 */
#define PCI_EXP_VER2_SIZEOF         0x3c    /* any function, version 2 */

/* Extended capabilities: [PCIe] 7.6.3 (header), 7.x (IDs) */
#define PCI_EXT_CAP_HEADER_SIZE     4
#define PCI_EXT_CAP_ID(header)      ((header) & 0x0000ffffU)
#define PCI_EXT_CAP_VER(header)     (((header) >> 16) & 0xfU)
#define PCI_EXT_CAP_NEXT(header)    (((header) >> 20) & 0xffcU)
#define PCI_EXT_CAP(id, ver, next) \
    ((uint32_t)(id) | ((uint32_t)(ver) << 16) | ((uint32_t)(next) << 20))
#define PCI_EXT_CAP_NEXT_SHIFT      20

#define PCI_EXT_CAP_ID_ERR          0x0001  /* advanced error reporting */
#define PCI_EXT_CAP_ID_VC           0x0002  /* virtual channel */
#define PCI_EXT_CAP_ID_DSN          0x0003  /* device serial number */
#define PCI_EXT_CAP_ID_PWR          0x0004  /* power budgeting */
#define PCI_EXT_CAP_ID_RCLD         0x0005  /* root complex link decl. */
#define PCI_EXT_CAP_ID_RCILC        0x0006  /* RC internal link control */
#define PCI_EXT_CAP_ID_RCEC         0x0007  /* RC event collector assoc. */
#define PCI_EXT_CAP_ID_MFVC         0x0008  /* multi-function VC */
#define PCI_EXT_CAP_ID_VC9          0x0009  /* VC, when MFVC exists */
#define PCI_EXT_CAP_ID_RCRB         0x000a  /* RCRB header */
#define PCI_EXT_CAP_ID_VNDR         0x000b  /* vendor-specific (VSEC) */
#define PCI_EXT_CAP_ID_CAC          0x000c  /* config access correlation */
#define PCI_EXT_CAP_ID_ACS          0x000d  /* access control services */
#define PCI_EXT_CAP_ID_ARI          0x000e  /* alternative routing-ID */
#define PCI_EXT_CAP_ID_ATS          0x000f  /* address translation */
#define PCI_EXT_CAP_ID_SRIOV        0x0010  /* single root I/O virt. */
#define PCI_EXT_CAP_ID_MRIOV        0x0011  /* multi root I/O virt. */
#define PCI_EXT_CAP_ID_MCAST        0x0012  /* multicast */
#define PCI_EXT_CAP_ID_PRI          0x0013  /* page request interface */
#define PCI_EXT_CAP_ID_REBAR        0x0015  /* resizable BAR */
#define PCI_EXT_CAP_ID_DPA          0x0016  /* dynamic power allocation */
#define PCI_EXT_CAP_ID_TPH          0x0017  /* TPH requester */
#define PCI_EXT_CAP_ID_LTR          0x0018  /* latency tolerance reporting */
#define PCI_EXT_CAP_ID_SECPCI       0x0019  /* secondary PCI Express */
#define PCI_EXT_CAP_ID_PMUX         0x001a  /* protocol multiplexing */
#define PCI_EXT_CAP_ID_PASID        0x001b  /* process address space ID */
#define PCI_EXT_CAP_ID_LNR          0x001c  /* LN requester */
#define PCI_EXT_CAP_ID_DPC          0x001d  /* downstream port containment */
#define PCI_EXT_CAP_ID_L1SS         0x001e  /* L1 PM substates */
#define PCI_EXT_CAP_ID_PTM          0x001f  /* precision time measurement */
#define PCI_EXT_CAP_ID_DVSEC        0x0023  /* designated vendor-specific */
#define PCI_EXT_CAP_ID_DLF          0x0025  /* data link feature */
#define PCI_EXT_CAP_ID_PL_16GT      0x0026  /* physical layer 16 GT/s */
#define PCI_EXT_CAP_ID_LMR          0x0027  /* lane margining at receiver */
#define PCI_EXT_CAP_ID_DOE          0x002e  /* data object exchange */
#define PCI_EXT_CAP_ID_MAX          PCI_EXT_CAP_ID_DOE

/* Advanced error reporting: [PCIe] 7.8.4 */
#define PCI_ERR_VER                 2
#define PCI_ERR_UNCOR_STATUS        0x04
#define PCI_ERR_UNCOR_MASK          0x08
#define PCI_ERR_UNCOR_SEVER         0x0c
#define PCI_ERR_COR_STATUS          0x10
#define PCI_ERR_COR_MASK            0x14
#define PCI_ERR_CAP                 0x18    /* capabilities and control */
#define PCI_ERR_HEADER_LOG          0x1c    /* 16 bytes */
#define PCI_ERR_ROOT_COMMAND        0x2c    /* root ports only */
#define PCI_ERR_ROOT_STATUS         0x30
#define PCI_ERR_ROOT_ERR_SRC        0x34
#define PCI_ERR_SIZEOF              0x48    /* with the root registers */
#define PCI_ERR_ENDPOINT_SIZEOF     0x2c

/* Alternative routing-ID interpretation: [PCIe] 7.8.7 */
#define PCI_ARI_VER                 1
#define PCI_ARI_CAP                 0x04    /* 16 bits */
#define PCI_ARI_CAP_NFN(x)          (((x) >> 8) & 0xff) /* next function */
#define PCI_ARI_CTRL                0x06    /* 16 bits */
#define PCI_ARI_SIZEOF              8

/* Device serial number: [PCIe] 7.9.3 */
#define PCI_DSN_VER                 1
#define PCI_DSN_SERIAL              0x04    /* 64 bits */
#define PCI_DSN_SIZEOF              0x0c

/* Designated vendor-specific extended capability: [PCIe] 7.9.6 */
#define PCI_DVSEC_HEADER1           0x04    /* vendor, revision, length */
#define PCI_DVSEC_HEADER1_LEN_SHIFT 20
#define PCI_DVSEC_HEADER2           0x08    /* DVSEC ID, 16 bits */
#define PCI_DVSEC_HEADER_SIZEOF     0x0a

/* Data object exchange: [PCIe] 7.9.24 */
#define PCI_DOE_VER                 1
#define PCI_DOE_CAP                 0x04
#define PCI_DOE_CTRL                0x08
#define PCI_DOE_STATUS              0x0c
#define PCI_DOE_WR_MBOX             0x10
#define PCI_DOE_RD_MBOX             0x14
#define PCI_DOE_SIZEOF              0x18

#endif
