/*
 * PCI vendor, device and class codes used by Corvid's devices.
 *
 * Class codes are from the PCI Code and ID Assignment Specification
 * (revision 1.11), chapter 1: base class in bits 15:8 of the 16-bit
 * class, sub-class in bits 7:0 (the programming interface is a separate
 * byte).  The Red Hat / Qumranet device IDs are the ones the ID range
 * owners assigned to the emulated devices (docs: pci-ids.txt).
 */
#ifndef HW_PCI_PCI_IDS_H
#define HW_PCI_PCI_IDS_H

/* Base class 0x00: devices built before class codes existed */
#define PCI_CLASS_NOT_DEFINED           0x0000
#define PCI_CLASS_NOT_DEFINED_VGA       0x0001
#define PCI_CLASS_OTHERS_UNCLASSIFIED   0x00ff

/* 0x01: mass storage */
#define PCI_CLASS_STORAGE_SCSI          0x0100
#define PCI_CLASS_STORAGE_IDE           0x0101
#define PCI_CLASS_STORAGE_FLOPPY        0x0102
#define PCI_CLASS_STORAGE_IPI           0x0103
#define PCI_CLASS_STORAGE_RAID          0x0104
#define PCI_CLASS_STORAGE_ATA           0x0105
#define PCI_CLASS_STORAGE_SATA          0x0106
#define PCI_CLASS_STORAGE_SAS           0x0107
#define PCI_CLASS_STORAGE_EXPRESS       0x0108  /* NVM */
#define PCI_CLASS_STORAGE_OTHER         0x0180

/* 0x02: network */
#define PCI_CLASS_NETWORK_ETHERNET      0x0200
#define PCI_CLASS_NETWORK_TOKEN_RING    0x0201
#define PCI_CLASS_NETWORK_FDDI          0x0202
#define PCI_CLASS_NETWORK_ATM           0x0203
#define PCI_CLASS_NETWORK_ISDN          0x0204
#define PCI_CLASS_NETWORK_OTHER         0x0280

/* 0x03: display */
#define PCI_CLASS_DISPLAY_VGA           0x0300
#define PCI_CLASS_DISPLAY_XGA           0x0301
#define PCI_CLASS_DISPLAY_3D            0x0302
#define PCI_CLASS_DISPLAY_OTHER         0x0380

/* 0x04: multimedia */
#define PCI_CLASS_MULTIMEDIA_VIDEO      0x0400
#define PCI_CLASS_MULTIMEDIA_AUDIO      0x0401
#define PCI_CLASS_MULTIMEDIA_PHONE      0x0402
#define PCI_CLASS_MULTIMEDIA_HD_AUDIO   0x0403
#define PCI_CLASS_MULTIMEDIA_OTHER      0x0480

/* 0x05: memory controllers */
#define PCI_CLASS_MEMORY_RAM            0x0500
#define PCI_CLASS_MEMORY_FLASH          0x0501
#define PCI_CLASS_MEMORY_CXL            0x0502
#define PCI_CLASS_MEMORY_OTHER          0x0580

/* 0x06: bridges */
#define PCI_CLASS_BRIDGE_HOST           0x0600
#define PCI_CLASS_BRIDGE_ISA            0x0601
#define PCI_CLASS_BRIDGE_EISA           0x0602
#define PCI_CLASS_BRIDGE_MC             0x0603
#define PCI_CLASS_BRIDGE_PCI            0x0604
#define PCI_CLASS_BRIDGE_PCMCIA         0x0605
#define PCI_CLASS_BRIDGE_NUBUS          0x0606
#define PCI_CLASS_BRIDGE_CARDBUS        0x0607
#define PCI_CLASS_BRIDGE_RACEWAY        0x0608
#define PCI_CLASS_BRIDGE_PCI_SEMITP     0x0609
#define PCI_CLASS_BRIDGE_IB_PCI         0x060a
#define PCI_CLASS_BRIDGE_OTHER          0x0680

/* 0x07: communication */
#define PCI_CLASS_COMMUNICATION_SERIAL  0x0700
#define PCI_CLASS_COMMUNICATION_PARALLEL 0x0701
#define PCI_CLASS_COMMUNICATION_OTHER   0x0780

/* 0x08: base system peripherals */
#define PCI_CLASS_SYSTEM_PIC            0x0800
#define PCI_CLASS_SYSTEM_DMA            0x0801
#define PCI_CLASS_SYSTEM_TIMER          0x0802
#define PCI_CLASS_SYSTEM_RTC            0x0803
#define PCI_CLASS_SYSTEM_PCI_HOTPLUG    0x0804
#define PCI_CLASS_SYSTEM_SDHCI          0x0805
#define PCI_CLASS_SYSTEM_OTHER          0x0880

/* 0x09: input */
#define PCI_CLASS_INPUT_KEYBOARD        0x0900
#define PCI_CLASS_INPUT_PEN             0x0901
#define PCI_CLASS_INPUT_MOUSE           0x0902
#define PCI_CLASS_INPUT_SCANNER         0x0903
#define PCI_CLASS_INPUT_GAMEPORT        0x0904
#define PCI_CLASS_INPUT_OTHER           0x0980

/* 0x0c: serial bus controllers */
#define PCI_CLASS_SERIAL_FIREWIRE       0x0c00
#define PCI_CLASS_SERIAL_ACCESS         0x0c01
#define PCI_CLASS_SERIAL_SSA            0x0c02
#define PCI_CLASS_SERIAL_USB            0x0c03
#define PCI_CLASS_SERIAL_FIBER          0x0c04
#define PCI_CLASS_SERIAL_SMBUS          0x0c05

/* 0xff: everything else */
#define PCI_CLASS_OTHERS                0xff00

/* Programming interfaces that matter to firmware and drivers */
#define PCI_PROG_IF_NVME                0x02    /* with STORAGE_EXPRESS */
#define PCI_PROG_IF_CXL_MEMORY          0x10    /* with MEMORY_CXL */
#define PCI_PROG_IF_SERIAL_USB_XHCI     0x30

/* Vendors */
#define PCI_VENDOR_ID_INTEL             0x8086
#define PCI_VENDOR_ID_REDHAT_QUMRANET   0x1af4  /* virtio, ivshmem */
#define PCI_VENDOR_ID_REDHAT            0x1b36  /* other emulated devices */
#define PCI_VENDOR_ID_INVALID           0xffff  /* "no function here" */

/*
 * 8086 devices: the chipset functions of the pc and q35 machines, under
 * the names Linux and qemu give them (82441 = 440FX PMC, 82371SB = PIIX3,
 * 82371AB = PIIX4, 82801I = ICH9).  Datasheets: Intel 82441FX PMC,
 * 82371FB/SB PIIX/PIIX3, 82371AB PIIX4, 3 Series Chipset (Q35 GMCH), I/O
 * Controller Hub 9 (ICH9).
 */
#define PCI_DEVICE_ID_INTEL_82441       0x1237  /* 440FX PMC: pc 00:00.0 */
#define PCI_DEVICE_ID_INTEL_82371SB_0   0x7000  /* PIIX3 ISA bridge */
#define PCI_DEVICE_ID_INTEL_82371SB_1   0x7010  /* PIIX3 IDE */
#define PCI_DEVICE_ID_INTEL_82371SB_2   0x7020  /* PIIX3 USB (UHCI) */
#define PCI_DEVICE_ID_INTEL_82371AB_0   0x7110  /* PIIX4 ISA bridge */
#define PCI_DEVICE_ID_INTEL_82371AB     0x7111  /* PIIX4 IDE */
#define PCI_DEVICE_ID_INTEL_82371AB_2   0x7112  /* PIIX4 USB (UHCI) */
#define PCI_DEVICE_ID_INTEL_82371AB_3   0x7113  /* PIIX4 power management */
#define PCI_DEVICE_ID_INTEL_Q35_MCH     0x29c0  /* 82Q35 GMCH: q35 00:00.0 */
#define PCI_DEVICE_ID_INTEL_ICH9_8      0x2918  /* ICH9 LPC bridge (D31:F0) */
#define PCI_DEVICE_ID_INTEL_82801IR     0x2922  /* ICH9 AHCI (D31:F2) */
#define PCI_DEVICE_ID_INTEL_ICH9_6      0x2930  /* ICH9 SMBus (D31:F3) */

/* The default subsystem of type 0 functions that do not set one */
#define PCI_SUBVENDOR_ID_REDHAT_QUMRANET 0x1af4
#define PCI_SUBDEVICE_ID_QEMU           0x1100

/* 1af4 devices */
#define PCI_DEVICE_ID_VIRTIO_NET        0x1000  /* legacy / transitional */
#define PCI_DEVICE_ID_VIRTIO_BLOCK      0x1001
#define PCI_DEVICE_ID_VIRTIO_BALLOON    0x1002
#define PCI_DEVICE_ID_VIRTIO_CONSOLE    0x1003
#define PCI_DEVICE_ID_VIRTIO_SCSI       0x1004
#define PCI_DEVICE_ID_VIRTIO_RNG        0x1005
#define PCI_DEVICE_ID_VIRTIO_9P         0x1009
#define PCI_DEVICE_ID_VIRTIO_VSOCK      0x1012
#define PCI_DEVICE_ID_VIRTIO_MODERN_BASE 0x1040 /* + virtio device ID */
#define PCI_DEVICE_ID_REDHAT_EXPERIMENTAL 0x10f0 /* 0x10f0-0x10ff */
#define PCI_DEVICE_ID_IVSHMEM           0x1110

/* 1b36 devices */
#define PCI_DEVICE_ID_REDHAT_BRIDGE     0x0001  /* pci-bridge */
#define PCI_DEVICE_ID_REDHAT_SERIAL     0x0002
#define PCI_DEVICE_ID_REDHAT_SERIAL2    0x0003
#define PCI_DEVICE_ID_REDHAT_SERIAL4    0x0004
#define PCI_DEVICE_ID_REDHAT_TEST       0x0005
#define PCI_DEVICE_ID_REDHAT_ROCKER     0x0006
#define PCI_DEVICE_ID_REDHAT_SDHCI      0x0007
#define PCI_DEVICE_ID_REDHAT_PCIE_HOST  0x0008
#define PCI_DEVICE_ID_REDHAT_PXB        0x0009
#define PCI_DEVICE_ID_REDHAT_BRIDGE_SEAT 0x000a
#define PCI_DEVICE_ID_REDHAT_PXB_PCIE   0x000b
#define PCI_DEVICE_ID_REDHAT_PCIE_RP    0x000c  /* pcie-root-port */
#define PCI_DEVICE_ID_REDHAT_XHCI       0x000d
#define PCI_DEVICE_ID_REDHAT_PCIE_BRIDGE 0x000e /* pcie-pci-bridge */
#define PCI_DEVICE_ID_REDHAT_MDPY       0x000f
#define PCI_DEVICE_ID_REDHAT_NVME       0x0010
#define PCI_DEVICE_ID_REDHAT_PVPANIC    0x0011
#define PCI_DEVICE_ID_REDHAT_ACPI_ERST  0x0012
#define PCI_DEVICE_ID_REDHAT_QXL        0x0100

#endif
