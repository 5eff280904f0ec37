/*
 * The accelerator base class (see include/accel/accel.h).
 */
#include "util/osdep.h"
#include "util/module.h"
#include "accel/accel.h"

static AccelState *the_accel;

AccelClass *accel_find(const char *name)
{
    g_autofree char *type = g_strdup_printf("%s" ACCEL_CLASS_SUFFIX, name);
    ObjectClass *oc = object_class_by_name(type);

    if (!oc || object_class_is_abstract(oc) ||
        !object_class_dynamic_cast(oc, TYPE_ACCEL)) {
        return NULL;
    }
    return ACCEL_CLASS(oc);
}

static void print_accel(ObjectClass *oc, void *opaque)
{
    printf("%s\n", ACCEL_CLASS(oc)->name);
}

void accel_print_list(void)
{
    printf("Accelerators supported in Corvid binary:\n");
    object_class_foreach(print_accel, TYPE_ACCEL, false, NULL);
}

bool accel_init_machine(AccelState *accel, MachineState *ms, Error **errp)
{
    AccelClass *acc = ACCEL_GET_CLASS(accel);
    Error *local_err = NULL;

    if (acc->init_machine && !acc->init_machine(accel, ms, &local_err)) {
        error_propagate(errp, local_err);
        return false;
    }
    the_accel = accel;
    ms->accelerator = accel;
    return true;
}

void accel_setup_post(MachineState *ms)
{
    AccelClass *acc;

    if (!ms->accelerator) {
        return;
    }
    acc = ACCEL_GET_CLASS(ms->accelerator);
    if (acc->setup_post) {
        acc->setup_post(ms->accelerator, ms);
    }
}

AccelState *current_accel(void)
{
    return the_accel;
}

const char *current_accel_name(void)
{
    return the_accel ? ACCEL_GET_CLASS(the_accel)->name : NULL;
}

static void accel_class_base_init(ObjectClass *oc, void *data)
{
    AccelClass *acc = ACCEL_CLASS(oc);
    const char *cname = object_class_get_name(oc);

    /* The -accel name is the type name without "-accel". */
    if (g_str_has_suffix(cname, ACCEL_CLASS_SUFFIX)) {
        acc->name = g_strndup(cname, strlen(cname) -
                              strlen(ACCEL_CLASS_SUFFIX));
    }
}

static const TypeInfo accel_type = {
    .name = TYPE_ACCEL,
    .parent = TYPE_OBJECT,
    .abstract = true,
    .class_size = sizeof(AccelClass),
    .class_base_init = accel_class_base_init,
    .instance_size = sizeof(AccelState),
};

static void accel_register_types(void)
{
    type_register_static(&accel_type);
}

type_init(accel_register_types)
