/*
 * -fw_cfg [name=]NAME,file=PATH | string=STR | gen_id=ID
 *
 * The command line keeps each -fw_cfg option (a keyval dict, implied key
 * "name") until the board has created its fw_cfg device, then hands it
 * to fw_cfg_add_from_opts() with the option as the error location, in
 * command-line order, before the -device options, as qemu does.
 */
#ifndef SYSTEM_FW_CFG_OPTS_H
#define SYSTEM_FW_CFG_OPTS_H

#include "hw/nvram/fw_cfg.h"
#include "qobject/qobject.h"

/*
 * The syntax check at parse time: only the keys name, file, string and
 * gen_id, each a string ("Invalid parameter 'KEY'").
 */
bool fw_cfg_check_opts(const QDict *opts, Error **errp);

/*
 * Add the file item @opts describes to @s, which is NULL if the machine
 * has no fw_cfg ("fw_cfg device not available").  Errors, in qemu's
 * words and order: not exactly one of file, string and gen_id, or no
 * name; a name over 55 characters; gen_id (no generator types exist:
 * the object is missing or is not a generator); an unreadable file; a
 * duplicate name.  A name outside "opt/" is a warning (not with gen_id).
 * The item is read-only to the guest; a string item has no NUL.
 */
bool fw_cfg_add_from_opts(FWCfgState *s, const QDict *opts, Error **errp);

#endif
