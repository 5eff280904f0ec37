/*
 * UUIDs (see include/util/uuid.h and RFC 4122).
 */
#include "util/osdep.h"
#include "util/uuid.h"

/* Offsets of the four dashes in the text form 8-4-4-4-12. */
static bool is_dash_position(int i)
{
    return i == 8 || i == 13 || i == 18 || i == 23;
}

int uuid_parse(const char *str, CorvidUUID *uuid)
{
    int i, byte = 0;

    if (!str || strlen(str) != UUID_STR_LEN) {
        return -EINVAL;
    }
    for (i = 0; i < UUID_STR_LEN; i++) {
        if (is_dash_position(i)) {
            if (str[i] != '-') {
                return -EINVAL;
            }
            continue;
        }
        if (!g_ascii_isxdigit(str[i]) || !g_ascii_isxdigit(str[i + 1])) {
            return -EINVAL;
        }
        uuid->data[byte++] = (g_ascii_xdigit_value(str[i]) << 4) |
                             g_ascii_xdigit_value(str[i + 1]);
        i++;
    }
    return 0;
}

void uuid_unparse(const CorvidUUID *uuid, char out[UUID_STR_LEN + 1])
{
    char *p = out;
    int i;

    for (i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            *p++ = '-';
        }
        p += sprintf(p, "%02x", uuid->data[i]);
    }
    *p = '\0';
}

void uuid_generate(CorvidUUID *uuid)
{
    int i;

    for (i = 0; i < 16; i += 4) {
        guint32 r = g_random_int();
        memcpy(&uuid->data[i], &r, 4);
    }
    /* Version 4 (random), variant 10xx (RFC 4122 section 4.4). */
    uuid->data[6] = (uuid->data[6] & 0x0f) | 0x40;
    uuid->data[8] = (uuid->data[8] & 0x3f) | 0x80;
}

bool uuid_is_null(const CorvidUUID *uuid)
{
    static const CorvidUUID null_uuid;

    return !memcmp(uuid, &null_uuid, sizeof(null_uuid));
}
