/*
 * Start-up registration.
 *
 * Each file that defines QOM types ends with type_init(fn); fn runs when
 * module_call_init(MODULE_INIT_QOM) is called at start-up, before any type
 * is looked up.  Registration is gathered with constructors so that adding
 * a device is adding a file, with no central list to edit.
 */
#ifndef UTIL_MODULE_H
#define UTIL_MODULE_H

#include "util/osdep.h"

typedef enum ModuleInitType {
    MODULE_INIT_QOM,
    MODULE_INIT_QMP,        /* QMP command registration (monitor/) */
    MODULE_INIT__MAX,
} ModuleInitType;

void register_module_init(void (*fn)(void), ModuleInitType type);
/* Run each registered function of @type once (later calls do nothing). */
void module_call_init(ModuleInitType type);

#define module_init(function, type) \
    static void __attribute__((constructor)) do_corvid_init_##function(void) \
    { \
        register_module_init(function, type); \
    }

#define type_init(function) module_init(function, MODULE_INIT_QOM)

#endif
