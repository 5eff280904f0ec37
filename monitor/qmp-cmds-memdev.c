/*
 * query-memdev and "info memdev": the memory backends under /objects,
 * in the order they were created (qemu's order follows its hash table of
 * /objects, which nobody should rely on).  Corvid binds no backend to
 * host NUMA nodes, so the policy is always "default" with no host nodes.
 */
#include "util/osdep.h"
#include "system/hostmem.h"
#include "monitor/qmp.h"
#include "monitor/monitor.h"

static int add_memdev(Object *obj, void *opaque)
{
    GSList **list = opaque;
    HostMemoryBackend *b;
    QDict *info;
    char *id;

    if (!object_dynamic_cast(obj, TYPE_MEMORY_BACKEND)) {
        return 0;
    }
    b = MEMORY_BACKEND(obj);
    id = host_memory_backend_get_name(b);
    info = qdict_new();
    qdict_put_str(info, "id", id);
    qdict_put_uint(info, "size", b->size);
    qdict_put_bool(info, "merge", b->merge);
    qdict_put_bool(info, "dump", b->dump);
    qdict_put_bool(info, "prealloc", b->prealloc);
    qdict_put_bool(info, "share", b->share);
    qdict_put_bool(info, "reserve", b->reserve);
    qdict_put(info, "host-nodes", qlist_new());
    qdict_put_str(info, "policy", "default");
    *list = g_slist_append(*list, info);
    g_free(id);
    return 0;
}

/* The backends' descriptions (caller frees the list). */
static GSList *memdev_list(void)
{
    GSList *list = NULL;

    object_child_foreach(object_get_objects_root(), add_memdev, &list);
    return list;
}

static void qmp_query_memdev(const QDict *args, QObject **ret, Error **errp)
{
    QList *out = qlist_new();
    GSList *list = memdev_list(), *l;

    for (l = list; l; l = l->next) {
        qlist_append(out, (QDict *)l->data);
    }
    g_slist_free(list);
    *ret = QOBJECT(out);
}

static const char *bool_str(const QDict *d, const char *key)
{
    return qdict_get_try_bool(d, key, false) ? "true" : "false";
}

static void info_memdev(GString *out, const char *arg)
{
    GSList *list = memdev_list(), *l;

    for (l = list; l; l = l->next) {
        QDict *d = l->data;
        QNum *size = qobject_to(QNum, qdict_get(d, "size"));
        uint64_t bytes = 0;

        qnum_get_try_uint(size, &bytes);
        g_string_append_printf(out, "memory backend: %s\n",
                               qdict_get_try_str(d, "id"));
        /* Two spaces after "size:", as qemu prints it. */
        g_string_append_printf(out, "  size:  %" PRIu64 "\n", bytes);
        g_string_append_printf(out, "  merge: %s\n", bool_str(d, "merge"));
        g_string_append_printf(out, "  dump: %s\n", bool_str(d, "dump"));
        g_string_append_printf(out, "  prealloc: %s\n",
                               bool_str(d, "prealloc"));
        g_string_append_printf(out, "  share: %s\n", bool_str(d, "share"));
        g_string_append_printf(out, "  reserve: %s\n",
                               bool_str(d, "reserve"));
        g_string_append_printf(out, "  policy: %s\n",
                               qdict_get_try_str(d, "policy"));
        g_string_append(out, "  host nodes: \n");
        qobject_unref(d);
    }
    g_string_append_c(out, '\n');
    g_slist_free(list);
}

static void qmp_memdev_register(void)
{
    qmp_register_command("query-memdev", qmp_query_memdev, NULL,
                         QMP_ALLOW_PRECONFIG);
    hmp_register_info("memdev", NULL, "show memory backends", info_memdev);
}

qmp_init(qmp_memdev_register)
