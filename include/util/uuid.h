/*
 * UUIDs (RFC 4122), as -uuid and device "uuid" properties take them:
 * "12345678-1234-1234-1234-123456789abc".
 */
#ifndef UTIL_UUID_H
#define UTIL_UUID_H

#include "util/osdep.h"

typedef struct CorvidUUID {
    uint8_t data[16];
} CorvidUUID;

#define UUID_STR_LEN 36

/* Return 0, or -EINVAL with the reason in qemu's words. */
int uuid_parse(const char *str, CorvidUUID *uuid);
/* 36 characters plus NUL into @out. */
void uuid_unparse(const CorvidUUID *uuid, char out[UUID_STR_LEN + 1]);
/* A random (version 4) UUID. */
void uuid_generate(CorvidUUID *uuid);
bool uuid_is_null(const CorvidUUID *uuid);

#endif
