/*
 * Base64 input from clients (see include/util/base64.h).
 */
#include "util/osdep.h"
#include "util/base64.h"

static const char base64_chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n";

guchar *base64_decode_checked(const char *in, gsize *outlen, Error **errp)
{
    if (in[strspn(in, base64_chars)] != '\0') {
        error_setg(errp, "Base64 data contains invalid characters");
        return NULL;
    }
    return g_base64_decode(in, outlen);
}
