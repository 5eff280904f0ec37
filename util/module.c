/*
 * Start-up registration (see include/util/module.h).
 */
#include "util/osdep.h"
#include "util/module.h"

typedef struct ModuleEntry {
    void (*init)(void);
    struct ModuleEntry *next;
} ModuleEntry;

static ModuleEntry *heads[MODULE_INIT__MAX];
static ModuleEntry **tails[MODULE_INIT__MAX];
static bool done[MODULE_INIT__MAX];

void register_module_init(void (*fn)(void), ModuleInitType type)
{
    ModuleEntry *e = g_new0(ModuleEntry, 1);

    e->init = fn;
    if (!tails[type]) {
        tails[type] = &heads[type];
    }
    *tails[type] = e;
    tails[type] = &e->next;
}

void module_call_init(ModuleInitType type)
{
    ModuleEntry *e;

    if (done[type]) {
        return;
    }
    done[type] = true;
    for (e = heads[type]; e; e = e->next) {
        e->init();
    }
}
