/*
 * User-creatable objects: the types that -object and object-add create.
 *
 * A type opts in by implementing TYPE_USER_CREATABLE.  Creation sets the
 * given properties on a new instance, adds it to /objects under its id,
 * then calls the class's complete() hook, where the object checks its
 * properties as a whole and acquires its resources.  On any failure the
 * object is removed again and nothing is left behind.
 */
#ifndef QOM_OBJECT_INTERFACES_H
#define QOM_OBJECT_INTERFACES_H

#include "qom/object.h"
#include "qobject/qobject.h"

#define TYPE_USER_CREATABLE "user-creatable"

typedef struct UserCreatable UserCreatable;
typedef struct UserCreatableClass {
    InterfaceClass parent_class;
    /* Finish creation once all properties are set. */
    void (*complete)(UserCreatable *uc, Error **errp);
    /* Whether object-del may delete it now (NULL: always). */
    bool (*can_be_deleted)(UserCreatable *uc);
} UserCreatableClass;

#define USER_CREATABLE(obj) \
    INTERFACE_CHECK(UserCreatable, (obj), TYPE_USER_CREATABLE)
#define USER_CREATABLE_GET_CLASS(obj) \
    OBJECT_GET_CLASS(UserCreatableClass, (obj), TYPE_USER_CREATABLE)
#define USER_CREATABLE_CLASS(klass) \
    OBJECT_CLASS_CHECK(UserCreatableClass, (klass), TYPE_USER_CREATABLE)

bool user_creatable_complete(UserCreatable *uc, Error **errp);

/*
 * Create an object of @type named @id with @props (every member is a
 * property; keyval mode for the command line).  Returns the object
 * (owned by /objects) or NULL with an error.
 */
Object *user_creatable_add_type(const char *type, const char *id,
                                const QDict *props, bool keyval,
                                Error **errp);
/* Same from one dict holding "qom-type" and "id" too (-object, object-add). */
Object *user_creatable_add_dict(const QDict *qdict, bool keyval,
                                Error **errp);
/* object-del. */
bool user_creatable_del(const char *id, Error **errp);
/* Delete every user-created object (at exit). */
void user_creatable_cleanup(void);

/*
 * Handle "-object help" (@type NULL or "help") and "-object TYPE,help".
 * Returns false with an error for an unknown type.
 */
bool user_creatable_print_help(const char *type, Error **errp);

/*
 * Print "  name=<type>  - description (default: x)" lines for the
 * properties of @klass, sorted, skipping @skip (NULL-terminated, may be
 * NULL).  Instance properties are included when the type is concrete.
 */
void object_class_print_properties(ObjectClass *klass,
                                   const char *const *skip);

#endif
