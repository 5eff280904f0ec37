/*
 * corvid-test-x86: a test-only x86 machine for fw_cfg tests before the pc
 * and q35 boards exist.  It has:
 *
 *   - the -m RAM at 0, split as pc splits it: up to 3 GiB below 4 GiB,
 *     the rest from 4 GiB ("ram-below-4g" and "ram-above-4g" aliases);
 *   - a fw_cfg_io at 0x510 (DMA at 0x514) with the x86 items from
 *     hw/i386/fw_cfg.c, the glue pc and q35 call; with fw-cfg-mmio=on a
 *     fw_cfg_mem at CORVID_TEST_FW_CFG_MMIO_BASE instead;
 *   - two test files: "etc/corvid-test/writable", 16 bytes the guest may
 *     overwrite with DMA (initially "0123456789abcdef"; each write is
 *     counted in "etc/corvid-test/writes"), and
 *     "etc/corvid-test/selects", a le32 counting the times it was
 *     selected (refreshed by its select callback).
 *
 * -boot and -numa reach fw_cfg as on pc and q35 (the machine supports
 * NUMA, memdev= only, and its default boot order is "cad").  With -cpu
 * it creates the -smp CPUs, each with the node -numa gave it, so that
 * query-cpus-fast and "info numa" have CPUs to show.  A boot-set handler
 * (the job pc's CMOS does) shows the devices it was last given in the
 * read-only property "boot-devices", so tests can watch -boot once= take
 * effect and go away after a reset.
 *
 * Older test-only properties, from before -boot and -numa existed, still
 * work and win over the options when set: boot-menu=on, splash-time,
 * reboot-timeout (when not -1), bootorder (paths separated by '|'; no
 * device has a bootindex yet, so nothing else fills "bootorder"), and
 * numa-nodes (RAM split evenly, CPUs given to nodes round-robin by
 * index).
 */
#include "util/osdep.h"
#include "util/module.h"
#include "util/cutils.h"
#include "qom/object-property.h"
#include "hw/core/cpu.h"
#include "hw/core/machine.h"
#include "hw/i386/fw_cfg.h"
#include "system/bootdevice.h"
#include "system/numa.h"

#define TYPE_CORVID_TEST_X86_MACHINE MACHINE_TYPE_NAME("corvid-test-x86")
#define CORVID_TEST_X86_MACHINE(obj) \
    OBJECT_CHECK(CorvidTestX86Machine, (obj), TYPE_CORVID_TEST_X86_MACHINE)

/* Where fw-cfg-mmio=on puts the registers (below the IOAPIC's page). */
#define CORVID_TEST_FW_CFG_MMIO_BASE 0xfeb00000ULL
/* Low RAM ends here when there is more RAM than fits below it (pc's). */
#define LOWMEM_LIMIT 0xc0000000ULL
#define FOUR_GIB 0x100000000ULL

#define WRITABLE_NAME "etc/corvid-test/writable"
#define WRITES_NAME "etc/corvid-test/writes"
#define SELECTS_NAME "etc/corvid-test/selects"
/* Drive letters a-p, each at most once. */
#define BOOT_DEVICES_MAX 16
#define WRITABLE_INIT "0123456789abcdef"

typedef struct CorvidTestX86Machine {
    MachineState parent_obj;

    /* Properties */
    bool fw_cfg_mmio;
    bool boot_menu;
    int64_t splash_time;
    int64_t reboot_timeout;
    char *bootorder;
    uint32_t numa_nodes;

    MemoryRegion ram_below_4g;
    MemoryRegion ram_above_4g;
    FWCfgState *fw_cfg;
    uint8_t writable[sizeof(WRITABLE_INIT) - 1];
    uint8_t writes[4];          /* le32 */
    uint8_t selects[4];         /* le32 */
    char boot_devices[BOOT_DEVICES_MAX + 1];
    bool boot_set_registered;
} CorvidTestX86Machine;

static void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = v;
    p[1] = v >> 8;
    p[2] = v >> 16;
    p[3] = v >> 24;
}

static uint32_t get_le32(const uint8_t *p)
{
    return p[0] | (p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

static void test_writable_written(void *opaque, uint32_t offset, uint32_t len)
{
    CorvidTestX86Machine *m = opaque;

    put_le32(m->writes, get_le32(m->writes) + 1);
}

static void test_selects_selected(void *opaque)
{
    CorvidTestX86Machine *m = opaque;

    put_le32(m->selects, get_le32(m->selects) + 1);
}

static bool add_test_files(CorvidTestX86Machine *m, Error **errp)
{
    memcpy(m->writable, WRITABLE_INIT, sizeof(m->writable));
    return fw_cfg_add_file_callback(m->fw_cfg, WRITABLE_NAME, NULL,
                                    test_writable_written, m, m->writable,
                                    sizeof(m->writable), false, errp) &&
           fw_cfg_add_file_callback(m->fw_cfg, WRITES_NAME, NULL, NULL, m,
                                    m->writes, sizeof(m->writes), true,
                                    errp) &&
           fw_cfg_add_file_callback(m->fw_cfg, SELECTS_NAME,
                                    test_selects_selected, NULL, m,
                                    m->selects, sizeof(m->selects), true,
                                    errp);
}

/* The board's boot-set handler: what pc's CMOS would store. */
static void test_boot_set(void *opaque, const char *boot_order,
                          Error **errp)
{
    CorvidTestX86Machine *m = opaque;

    if (strlen(boot_order) > BOOT_DEVICES_MAX) {
        error_setg(errp, "Too many boot devices for corvid-test-x86");
        return;
    }
    g_strlcpy(m->boot_devices, boot_order, sizeof(m->boot_devices));
}

/* With -cpu: the -smp CPUs, each on its NUMA node. */
static bool create_cpus(MachineState *ms, Error **errp)
{
    unsigned i;

    for (i = 0; ms->cpu_type && i < ms->smp.cpus; i++) {
        DeviceState *dev = qdev_new(ms->cpu_type);
        int node = numa_cpu_node(ms, i);

        if ((node != NUMA_NODE_UNASSIGNED &&
             !object_property_set_int(OBJECT(dev), "node-id", node, errp)) ||
            !qdev_realize(dev, NULL, errp)) {
            object_unparent(OBJECT(dev));
            object_unref(OBJECT(dev));
            return false;
        }
        object_unref(OBJECT(dev));
    }
    return true;
}

static void map_ram(CorvidTestX86Machine *m, X86FwCfgConfig *cfg)
{
    MachineState *ms = MACHINE(m);
    uint64_t below = ms->ram_size;

    if (!ms->ram) {
        return;
    }
    if (below > LOWMEM_LIMIT) {
        below = LOWMEM_LIMIT;
    }
    memory_region_init_alias(&m->ram_below_4g, OBJECT(m), "ram-below-4g",
                             ms->ram, 0, below);
    memory_region_add_subregion(get_system_memory(), 0, &m->ram_below_4g);
    if (ms->ram_size > below) {
        memory_region_init_alias(&m->ram_above_4g, OBJECT(m), "ram-above-4g",
                                 ms->ram, below, ms->ram_size - below);
        memory_region_add_subregion(get_system_memory(), FOUR_GIB,
                                    &m->ram_above_4g);
    }
    cfg->below_4g_mem_size = below;
    cfg->above_4g_mem_size = ms->ram_size - below;
}

static void corvid_test_x86_init(MachineState *ms, Error **errp)
{
    CorvidTestX86Machine *m = CORVID_TEST_X86_MACHINE(ms);
    g_auto(GStrv) bootorder = NULL;
    g_autofree uint64_t *numa_mem = NULL;
    g_autofree uint32_t *numa_cpu = NULL;
    X86FwCfgConfig cfg;
    unsigned i;

    x86_fw_cfg_config_init(&cfg);
    map_ram(m, &cfg);
    x86_fw_cfg_config_from_machine(&cfg, ms);

    /* The older test properties, where set, win. */
    if (m->boot_menu) {
        cfg.boot_menu = true;
    }
    if (m->splash_time != -1) {
        cfg.splash_time = m->splash_time;
    }
    if (m->reboot_timeout != -1) {
        cfg.reboot_timeout = m->reboot_timeout;
    }
    if (m->bootorder && *m->bootorder) {
        bootorder = g_strsplit(m->bootorder, "|", -1);
        cfg.bootorder = (const char *const *)bootorder;
    }
    if (m->numa_nodes) {
        unsigned ncpus = MAX(ms->smp.max_cpus, 1);

        numa_mem = g_new0(uint64_t, m->numa_nodes);
        numa_cpu = g_new0(uint32_t, ncpus);
        for (i = 0; i < m->numa_nodes; i++) {
            numa_mem[i] = ms->ram_size / m->numa_nodes;
        }
        numa_mem[m->numa_nodes - 1] += ms->ram_size % m->numa_nodes;
        for (i = 0; i < ncpus; i++) {
            numa_cpu[i] = i % m->numa_nodes;
        }
        cfg.numa_nodes = m->numa_nodes;
        cfg.numa_mem = numa_mem;
        cfg.numa_cpu_node = numa_cpu;
    }

    if (m->fw_cfg_mmio) {
        m->fw_cfg = fw_cfg_init_mem_dma(CORVID_TEST_FW_CFG_MMIO_BASE, true,
                                        &address_space_memory, errp);
    } else {
        m->fw_cfg = x86_fw_cfg_create(errp);
    }
    if (!m->fw_cfg || !x86_fw_cfg_add_items(m->fw_cfg, ms, &cfg, errp) ||
        !add_test_files(m, errp) || !create_cpus(ms, errp)) {
        return;
    }
    test_boot_set(m, ms->boot_config.order, NULL);
    qemu_register_boot_set(test_boot_set, m);
    m->boot_set_registered = true;
}

static char *test_get_boot_devices(Object *obj, Error **errp)
{
    return g_strdup(CORVID_TEST_X86_MACHINE(obj)->boot_devices);
}

static bool test_get_mmio(Object *obj, Error **errp)
{
    return CORVID_TEST_X86_MACHINE(obj)->fw_cfg_mmio;
}

static void test_set_mmio(Object *obj, bool v, Error **errp)
{
    CORVID_TEST_X86_MACHINE(obj)->fw_cfg_mmio = v;
}

static bool test_get_menu(Object *obj, Error **errp)
{
    return CORVID_TEST_X86_MACHINE(obj)->boot_menu;
}

static void test_set_menu(Object *obj, bool v, Error **errp)
{
    CORVID_TEST_X86_MACHINE(obj)->boot_menu = v;
}

static char *test_get_bootorder(Object *obj, Error **errp)
{
    return g_strdup(CORVID_TEST_X86_MACHINE(obj)->bootorder);
}

static void test_set_bootorder(Object *obj, const char *v, Error **errp)
{
    CorvidTestX86Machine *m = CORVID_TEST_X86_MACHINE(obj);

    g_free(m->bootorder);
    m->bootorder = g_strdup(v);
}

/* The int64 fields, by offset: splash-time, reboot-timeout. */
static int64_t *test_int_field(Object *obj, ObjectProperty *prop)
{
    CorvidTestX86Machine *m = CORVID_TEST_X86_MACHINE(obj);

    return !strcmp(prop->name, "splash-time") ? &m->splash_time
                                               : &m->reboot_timeout;
}

static QObject *test_get_int(Object *obj, ObjectProperty *prop, Error **errp)
{
    return QOBJECT(qnum_from_int(*test_int_field(obj, prop)));
}

static void test_set_int(Object *obj, ObjectProperty *prop, const QInput *in,
                         Error **errp)
{
    int64_t v;

    if (qinput_get_int(in, prop->name, INT64_MIN, INT64_MAX, NULL, &v,
                       errp)) {
        *test_int_field(obj, prop) = v;
    }
}

static QObject *test_get_nodes(Object *obj, ObjectProperty *prop,
                               Error **errp)
{
    return QOBJECT(qnum_from_uint(CORVID_TEST_X86_MACHINE(obj)->numa_nodes));
}

static void test_set_nodes(Object *obj, ObjectProperty *prop,
                           const QInput *in, Error **errp)
{
    uint64_t v;

    /* A few nodes are enough for the layout tests. */
    if (qinput_get_uint(in, prop->name, 8, NULL, &v, errp)) {
        CORVID_TEST_X86_MACHINE(obj)->numa_nodes = v;
    }
}

static void corvid_test_x86_instance_init(Object *obj)
{
    CorvidTestX86Machine *m = CORVID_TEST_X86_MACHINE(obj);

    m->splash_time = -1;
    m->reboot_timeout = -1;
}

static void corvid_test_x86_finalize(Object *obj)
{
    CorvidTestX86Machine *m = CORVID_TEST_X86_MACHINE(obj);

    if (m->boot_set_registered) {
        qemu_unregister_boot_set();
    }
    g_free(m->bootorder);
}

static void corvid_test_x86_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->desc = "Corvid test x86 machine (RAM and fw_cfg only)";
    mc->init = corvid_test_x86_init;
    mc->max_cpus = 288;
    mc->default_ram_size = 128 * MiB;
    mc->default_ram_id = "pc.ram";
    mc->default_boot_order = "cad";
    mc->numa_supported = true;
    mc->smp_props.dies_supported = true;

    object_class_property_add_bool(oc, "fw-cfg-mmio", test_get_mmio,
                                   test_set_mmio);
    object_class_property_set_description(oc, "fw-cfg-mmio",
        "fw_cfg_mem at 0xfeb00000 instead of fw_cfg_io at 0x510");
    object_class_property_add_bool(oc, "boot-menu", test_get_menu,
                                   test_set_menu);
    object_class_property_add(oc, "splash-time", "int", test_get_int,
                              test_set_int, NULL, NULL);
    object_class_property_add(oc, "reboot-timeout", "int", test_get_int,
                              test_set_int, NULL, NULL);
    object_class_property_add_str(oc, "bootorder", test_get_bootorder,
                                  test_set_bootorder);
    object_class_property_add(oc, "numa-nodes", "uint32", test_get_nodes,
                              test_set_nodes, NULL, NULL);
    object_class_property_add_str(oc, "boot-devices", test_get_boot_devices,
                                  NULL);
    object_class_property_set_description(oc, "boot-devices",
        "what the board's boot-set handler was last given");
}

static const TypeInfo corvid_test_x86_info = {
    .name = TYPE_CORVID_TEST_X86_MACHINE,
    .parent = TYPE_MACHINE,
    .instance_size = sizeof(CorvidTestX86Machine),
    .instance_init = corvid_test_x86_instance_init,
    .instance_finalize = corvid_test_x86_finalize,
    .class_init = corvid_test_x86_class_init,
};

static void corvid_test_x86_register_types(void)
{
    type_register_static(&corvid_test_x86_info);
}

type_init(corvid_test_x86_register_types)
