/*
 * Shared pieces of the object model unit tests (test-qom.c,
 * test-qom-props.c, test-qom-tree.c): an event log that the test types'
 * hooks write to, error and property assertion helpers, and the test
 * types tq-node (a tree node) and tq-props (an object with a property of
 * every kind).
 */
#ifndef TESTS_UNIT_QOM_TEST_TYPES_H
#define TESTS_UNIT_QOM_TEST_TYPES_H

#include "util/osdep.h"
#include "qom/object.h"
#include "qom/object-property.h"

/* ------------------------------------------------------------------ */
/* The event log */

/* Append a word to the log of what the test types' hooks did. */
void ev(const char *fmt, ...) CORVID_PRINTF(1, 2);
/* Check the log holds exactly @expect (words separated by spaces), then
 * clear it. */
void ev_check(const char *expect);
void ev_reset(void);
/* Index of @word in the log, or -1. */
int ev_pos(const char *word);

/* ------------------------------------------------------------------ */
/* Assertions and property helpers */

/* Check that *errp holds @msg, and free it. */
void check_err(Error **errp, const char *msg);

#define QSTR(s) QOBJECT(qstring_from_str(s))
#define QINT(i) QOBJECT(qnum_from_int(i))
#define QUINT(u) QOBJECT(qnum_from_uint(u))
#define QDBL(d) QOBJECT(qnum_from_double(d))
#define QBOOL(b) QOBJECT(qbool_from_bool(b))

/* qom-set: a typed value (consumed). */
bool set_typed(Object *obj, const char *name, QObject *value, Error **errp);

/* The property as text; the test fails if it cannot be read. */
char *prop_text(Object *obj, const char *name);

#define assert_prop(obj, name, expect) \
    do { \
        g_autofree char *_v = prop_text((obj), (name)); \
        g_assert_cmpstr(_v, ==, (expect)); \
    } while (0)

/* ------------------------------------------------------------------ */
/* Test types */

#define TYPE_TQ_NODE "tq-node"
#define TYPE_TQ_PROPS "tq-props"

/* A tree node that logs "fin:TAG" when it is finalized. */
typedef struct TqNode {
    Object parent_obj;
    char *tag;
} TqNode;

#define TQ_NODE(o) OBJECT_CHECK(TqNode, (o), TYPE_TQ_NODE)

/*
 * Instance properties: "str" (refuses "reject"), "u8" .. "u64", "ro"
 * (read-only uint32), links to tq-node "strong", "weak", "checked"
 * (refuses nodes tagged "bad") and "rolink" (read-only).
 * Class properties: "flag" (default true), "color" (enum TqColor:
 * red/green/blue, default green), "name" (default "anon", described) and
 * the strong link "cls-link".
 */
typedef struct TqProps {
    Object parent_obj;
    char *str;
    char *name;
    bool flag;
    int color;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    uint32_t ro;
    Object *strong;
    Object *weak;
    Object *checked;
    Object *rolink;
    Object *cls_link;
} TqProps;

#define TQ_PROPS(o) OBJECT_CHECK(TqProps, (o), TYPE_TQ_PROPS)

/* tq-props accessors, for tests that add properties of their own. */
char *tq_props_get_str(Object *obj, Error **errp);
bool tq_props_get_flag(Object *obj, Error **errp);

/*
 * Start the event log and register tq-node and tq-props.  Call it from
 * main() after g_test_init(); like any registration it may come before
 * or after module_call_init().
 */
void qom_test_types_init(void);

/* A new tq-node tagged @tag, not in the tree. */
Object *node_new(const char *tag);
/* A new node as child @name of @parent, owned by the parent. */
Object *node_add(Object *parent, const char *name, const char *tag);

#endif
