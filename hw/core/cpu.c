/*
 * CPUs as devices (see include/hw/core/cpu.h).
 */
#include "util/osdep.h"
#include "util/module.h"
#include "hw/core/cpu.h"

static CPUState *cpus_head;

CPUState *first_cpu_get(void)
{
    return cpus_head;
}

int cpu_count(void)
{
    CPUState *cpu;
    int n = 0;

    CPU_FOREACH(cpu) {
        n++;
    }
    return n;
}

typedef struct ModelSearch {
    const char *model;
    CPUClass *found;
} ModelSearch;

static void match_model(ObjectClass *oc, void *opaque)
{
    ModelSearch *s = opaque;
    CPUClass *cc = CPU_CLASS(oc);

    if (!s->found && cc->model_name && !strcmp(cc->model_name, s->model)) {
        s->found = cc;
    }
}

CPUClass *cpu_class_by_model(const char *model)
{
    ModelSearch s = { .model = model };

    object_class_foreach(match_model, TYPE_CPU, false, &s);
    return s.found;
}

static void collect_model(ObjectClass *oc, void *opaque)
{
    CPUClass *cc = CPU_CLASS(oc);

    if (cc->model_name) {
        g_ptr_array_add(opaque, cc);
    }
}

static gint model_cmp(gconstpointer a, gconstpointer b)
{
    const CPUClass *ca = *(CPUClass *const *)a;
    const CPUClass *cb = *(CPUClass *const *)b;

    return strcmp(ca->model_name, cb->model_name);
}

void cpu_list_print(void)
{
    g_autoptr(GPtrArray) models = g_ptr_array_new();
    guint i;

    object_class_foreach(collect_model, TYPE_CPU, false, models);
    g_ptr_array_sort(models, model_cmp);
    printf("Available CPUs:\n");
    for (i = 0; i < models->len; i++) {
        CPUClass *cc = g_ptr_array_index(models, i);

        printf("%s %-20s  %s\n", cc->arch_name ? cc->arch_name : "",
               cc->model_name, cc->model_desc ? cc->model_desc : "");
    }
}

CPUState *cpu_create(const char *typename, Error **errp)
{
    DeviceState *dev = qdev_new(typename);

    if (!qdev_realize(dev, NULL, errp)) {
        object_unparent(OBJECT(dev));
        object_unref(OBJECT(dev));
        return NULL;
    }
    object_unref(OBJECT(dev));
    return CPU(dev);
}

/* Joining and leaving the CPU list happens at realize/unrealize, so the
 * list holds exactly the CPUs that exist for the guest. */
static void cpu_list_add(CPUState *cpu)
{
    CPUState **p = &cpus_head;
    int index = 0;

    /* The lowest free index, so a re-plugged CPU gets its old number. */
    while (*p && (*p)->cpu_index == index) {
        p = &(*p)->next;
        index++;
    }
    cpu->cpu_index = index;
    cpu->next = *p;
    *p = cpu;
}

static void cpu_list_remove(CPUState *cpu)
{
    CPUState **p;

    for (p = &cpus_head; *p; p = &(*p)->next) {
        if (*p == cpu) {
            *p = cpu->next;
            cpu->next = NULL;
            return;
        }
    }
}

static void cpu_common_realize(DeviceState *dev, Error **errp)
{
    CPUState *cpu = CPU(dev);

    cpu_list_add(cpu);
    cpu->created = true;
}

static void cpu_common_unrealize(DeviceState *dev)
{
    CPUState *cpu = CPU(dev);

    cpu_list_remove(cpu);
    cpu->created = false;
}

static void cpu_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    device_class_set_category(dc, DEVICE_CATEGORY_CPU);
    dc->realize = cpu_common_realize;
    dc->unrealize = cpu_common_unrealize;
    /* CPU hotplug needs machine support that comes with the x86 boards. */
    dc->user_creatable = false;
}

static const TypeInfo cpu_type_info = {
    .name = TYPE_CPU,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(CPUState),
    .abstract = true,
    .class_size = sizeof(CPUClass),
    .class_init = cpu_class_init,
};

static void cpu_register_types(void)
{
    type_register_static(&cpu_type_info);
}

type_init(cpu_register_types)
