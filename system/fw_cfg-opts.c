/*
 * -fw_cfg: user-provided fw_cfg files (see include/system/fw_cfg-opts.h
 * and the fw_cfg spec, "Externally Provided Items").
 */
#include "util/osdep.h"
#include "util/error-report.h"
#include "qom/object.h"
#include "system/fw_cfg-opts.h"

/* The QOM interface qemu's generators implement; none exist here. */
#define TYPE_FW_CFG_DATA_GENERATOR "fw_cfg-data-generator"
/* Names users should keep to (spec: "reserved for users"). */
#define FW_CFG_USER_PREFIX "opt/"

static const char *const fw_cfg_opt_keys[] = {
    "name", "file", "string", "gen_id", NULL
};

bool fw_cfg_check_opts(const QDict *opts, Error **errp)
{
    const QDictEntry *e;

    for (e = qdict_first(opts); e; e = qdict_next(opts, e)) {
        const char *key = qdict_entry_key(e);

        if (!g_strv_contains(fw_cfg_opt_keys, key) ||
            qobject_type(qdict_entry_value(e)) != QTYPE_QSTRING) {
            error_setg(errp, "Invalid parameter '%s'", key);
            return false;
        }
    }
    return true;
}

/* A string option that is given and not empty, or NULL. */
static const char *opt_nonempty(const QDict *opts, const char *key)
{
    const char *v = qdict_get_try_str(opts, key);

    return v && *v ? v : NULL;
}

static bool gen_id_data(const char *gen_id, Error **errp)
{
    Object *obj = object_resolve_path_component(object_get_objects_root(),
                                                gen_id);

    /*
     * Generators are user-creatable objects that make the item's bytes;
     * Corvid has none, so whatever the ID names is not one.
     */
    if (!obj) {
        error_setg(errp, "Cannot find object ID '%s'", gen_id);
    } else {
        error_setg(errp, "Object ID '%s' is not a '%s' subclass", gen_id,
                   TYPE_FW_CFG_DATA_GENERATOR);
    }
    return false;
}

bool fw_cfg_add_from_opts(FWCfgState *s, const QDict *opts, Error **errp)
{
    const char *name = opt_nonempty(opts, "name");
    const char *file = opt_nonempty(opts, "file");
    const char *str = opt_nonempty(opts, "string");
    const char *gen_id = opt_nonempty(opts, "gen_id");
    GError *gerr = NULL;
    uint8_t *data;
    size_t len;

    if (!fw_cfg_check_opts(opts, errp)) {
        return false;
    }
    if (!s) {
        error_setg(errp, "fw_cfg device not available");
        return false;
    }
    if (!name || (!!file + !!str + !!gen_id) != 1) {
        error_setg(errp, "name, plus exactly one of file, string and gen_id, "
                   "are needed");
        return false;
    }
    if (strlen(name) > FW_CFG_MAX_FILE_PATH - 1) {
        error_setg(errp, "name too long (max. %d char)",
                   FW_CFG_MAX_FILE_PATH - 1);
        return false;
    }
    if (gen_id) {
        /* Generated items may use any name without a warning (spec). */
        return gen_id_data(gen_id, errp);
    }
    if (!g_str_has_prefix(name, FW_CFG_USER_PREFIX)) {
        warn_report("externally provided fw_cfg item names should be "
                    "prefixed with \"%s\"", FW_CFG_USER_PREFIX);
    }
    if (str) {
        len = strlen(str);
        data = g_memdup2(str, len + 1);
    } else {
        data = fw_cfg_load_file(file, &len, &gerr);
        if (!data) {
            error_setg(errp, "can't load %s: %s", file, gerr->message);
            g_error_free(gerr);
            return false;
        }
    }
    return fw_cfg_add_file_take(s, name, data, len, errp);
}
