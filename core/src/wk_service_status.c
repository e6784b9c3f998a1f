/* SPDX-License-Identifier: Apache-2.0 */
/* see wk_service_error.h: the status of a service error, from its type's
 * name or its HTTP status (no JSON here; wk_service_error.c reads the body). */
#include <string.h>

#include "wk_internal.h"

/* The modeled error types in the order of their statuses from
 * WK_ERR_BAD_REQUEST on. The first ones end in "Error" and are, in the
 * same order, the types of the HTTP statuses in k_http; the others end in
 * "Exception". */
static const char k_types[] = "BadRequest\0Unauthorized\0Forbidden\0ResourceNotFound\0Validation\0"
                              "RateLimit\0InternalServer\0InvalidSignature\0UnrecognizedClient\0"
                              "ExpiredToken\0AccessDenied\0MissingAuthenticationToken";
#define TYPE_COUNT 12u
static const uint16_t k_http[] = {400u, 401u, 403u, 404u, 422u, 429u, 500u};
_Static_assert(WK_ERR_MISSING_AUTH_TOKEN == WK_ERR_BAD_REQUEST - (int)(TYPE_COUNT - 1u) &&
                   WK_ERR_INTERNAL == WK_ERR_BAD_REQUEST - (int)(WK_ARRAY_LEN(k_http) - 1u),
               "the statuses follow the order of k_types");

wk_status_t wk_service_error_status_for(const char *type, size_t type_len, uint16_t http_status)
{
    const char *name = k_types;
    const char *suffix;
    size_t n;
    size_t i;
    wk_status_t status = WK_ERR_SERVICE;
    if (type == NULL || type_len == 0u) {
        type_len = 0u;
        status = (http_status >= 500u && http_status <= 599u) ? WK_ERR_INTERNAL : WK_ERR_SERVICE;
    }
    for (i = 0u; i < TYPE_COUNT; i++, name += n + 1u) {
        n = wk_strlen(name);
        suffix = (i < WK_ARRAY_LEN(k_http)) ? "Error" : "Exception";
        if ((type_len == 0u) ? (i < WK_ARRAY_LEN(k_http) && k_http[i] == http_status)
                             : (type_len == n + wk_strlen(suffix) && memcmp(type, name, n) == 0 &&
                                memcmp(type + n, suffix, type_len - n) == 0)) {
            status = (wk_status_t)(WK_ERR_BAD_REQUEST - (int)i);
        }
    }
    return status;
}
