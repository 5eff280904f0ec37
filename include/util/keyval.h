/*
 * Option strings: "key=val,key2=val2" as on the qemu command line.
 *
 * The result is a QDict whose leaves are QStrings; typed reading happens
 * later, through qobject/qinput.h in keyval mode.  Rules:
 *
 *   - The first element may omit "KEY=" when the option has an implied key
 *     (-device TYPE,..., -M TYPE,..., -m SIZE,...).
 *   - ",," inside a value stands for one literal comma.
 *   - Dotted keys build nested values: "a.b=1" gives {"a": {"b": "1"}};
 *     components made of digits build lists, which must be dense from 0:
 *     "t.0=x,t.1=y" gives {"t": ["x", "y"]}.
 *   - An element "help" or "?" asks for help when the caller allows it.
 *   - A key given twice: the last value wins.
 *   - With KEYVAL_SHORT_BOOL, an element "flag" without '=' means
 *     "flag=on" and "noflag" means "flag=off", with a deprecation warning,
 *     as qemu's older option parser accepts.  Without it, such an element
 *     is an error.
 */
#ifndef UTIL_KEYVAL_H
#define UTIL_KEYVAL_H

#include "qobject/qobject.h"
#include "util/error.h"

enum {
    KEYVAL_SHORT_BOOL = 1 << 0,
};

/*
 * Parse @params.  @implied_key may be NULL.  @help may be NULL, in which
 * case "help" is an ordinary (bad) element; otherwise *help is set to
 * whether help was asked for.
 */
QDict *keyval_parse(const char *params, const char *implied_key,
                    bool *help, unsigned flags, Error **errp);

/*
 * Merge @src into @dest, @src winning on conflicts (used when an option
 * such as -M is given several times).  Nested dicts merge recursively.
 */
void keyval_merge(QDict *dest, const QDict *src);

/* Turn a flat dict back into "k=v,k2=v2" with commas doubled. */
char *keyval_to_string(const QDict *dict);

#endif
