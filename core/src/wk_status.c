/* SPDX-License-Identifier: Apache-2.0 */
#include "wk_internal.h"

const char *wk_status_str(wk_status_t status)
{
    const char *name;
    switch (status) {
    case WK_OK:
        name = "WK_OK";
        break;
    case WK_PARTIAL:
        name = "WK_PARTIAL";
        break;
    case WK_WOULD_BLOCK:
        name = "WK_WOULD_BLOCK";
        break;
    case WK_STOPPED:
        name = "WK_STOPPED";
        break;
    case WK_ERR_ARG:
        name = "WK_ERR_ARG";
        break;
    case WK_ERR_NO_SPACE:
        name = "WK_ERR_NO_SPACE";
        break;
    case WK_ERR_NETWORK_ID:
        name = "WK_ERR_NETWORK_ID";
        break;
    case WK_ERR_MAX_RESULTS:
        name = "WK_ERR_MAX_RESULTS";
        break;
    case WK_ERR_SORT_FIELDS:
        name = "WK_ERR_SORT_FIELDS";
        break;
    case WK_ERR_SORT_DIRECTION:
        name = "WK_ERR_SORT_DIRECTION";
        break;
    case WK_ERR_STATUS_FILTER:
        name = "WK_ERR_STATUS_FILTER";
        break;
    case WK_ERR_REGION:
        name = "WK_ERR_REGION";
        break;
    case WK_ERR_ENDPOINT:
        name = "WK_ERR_ENDPOINT";
        break;
    case WK_ERR_ENDPOINT_CONFIG:
        name = "WK_ERR_ENDPOINT_CONFIG";
        break;
    case WK_ERR_CREDENTIALS:
        name = "WK_ERR_CREDENTIALS";
        break;
    case WK_ERR_STRING:
        name = "WK_ERR_STRING";
        break;
    case WK_ERR_CURSOR:
        name = "WK_ERR_CURSOR";
        break;
    case WK_ERR_BUILD_MISMATCH:
        name = "WK_ERR_BUILD_MISMATCH";
        break;
    case WK_ERR_HTTP_STATUS_LINE:
        name = "WK_ERR_HTTP_STATUS_LINE";
        break;
    case WK_ERR_HTTP_HEADER:
        name = "WK_ERR_HTTP_HEADER";
        break;
    case WK_ERR_HTTP_HEADER_TOO_LONG:
        name = "WK_ERR_HTTP_HEADER_TOO_LONG";
        break;
    case WK_ERR_HTTP_FRAMING:
        name = "WK_ERR_HTTP_FRAMING";
        break;
    case WK_ERR_HTTP_CONTENT_LENGTH:
        name = "WK_ERR_HTTP_CONTENT_LENGTH";
        break;
    case WK_ERR_HTTP_CHUNK:
        name = "WK_ERR_HTTP_CHUNK";
        break;
    case WK_ERR_HTTP_TRUNCATED:
        name = "WK_ERR_HTTP_TRUNCATED";
        break;
    case WK_ERR_HTTP_EXTRA_BYTES:
        name = "WK_ERR_HTTP_EXTRA_BYTES";
        break;
    case WK_ERR_HTTP_UNEXPECTED:
        name = "WK_ERR_HTTP_UNEXPECTED";
        break;
    case WK_ERR_JSON_SYNTAX:
        name = "WK_ERR_JSON_SYNTAX";
        break;
    case WK_ERR_JSON_TRUNCATED:
        name = "WK_ERR_JSON_TRUNCATED";
        break;
    case WK_ERR_JSON_TRAILING:
        name = "WK_ERR_JSON_TRAILING";
        break;
    case WK_ERR_JSON_TYPE:
        name = "WK_ERR_JSON_TYPE";
        break;
    case WK_ERR_JSON_FIELD_TOO_LONG:
        name = "WK_ERR_JSON_FIELD_TOO_LONG";
        break;
    case WK_ERR_JSON_TOO_DEEP:
        name = "WK_ERR_JSON_TOO_DEEP";
        break;
    case WK_ERR_JSON_NUMBER:
        name = "WK_ERR_JSON_NUMBER";
        break;
    case WK_ERR_JSON_STRING:
        name = "WK_ERR_JSON_STRING";
        break;
    case WK_ERR_JSON_TOO_MANY_ITEMS:
        name = "WK_ERR_JSON_TOO_MANY_ITEMS";
        break;
    case WK_ERR_PAGE_CHANGED:
        name = "WK_ERR_PAGE_CHANGED";
        break;
    case WK_ERR_SERVICE:
        name = "WK_ERR_SERVICE";
        break;
    case WK_ERR_BAD_REQUEST:
        name = "WK_ERR_BAD_REQUEST";
        break;
    case WK_ERR_UNAUTHORIZED:
        name = "WK_ERR_UNAUTHORIZED";
        break;
    case WK_ERR_FORBIDDEN:
        name = "WK_ERR_FORBIDDEN";
        break;
    case WK_ERR_NOT_FOUND:
        name = "WK_ERR_NOT_FOUND";
        break;
    case WK_ERR_VALIDATION:
        name = "WK_ERR_VALIDATION";
        break;
    case WK_ERR_RATE_LIMIT:
        name = "WK_ERR_RATE_LIMIT";
        break;
    case WK_ERR_INTERNAL:
        name = "WK_ERR_INTERNAL";
        break;
    case WK_ERR_INVALID_SIGNATURE:
        name = "WK_ERR_INVALID_SIGNATURE";
        break;
    case WK_ERR_UNRECOGNIZED_CLIENT:
        name = "WK_ERR_UNRECOGNIZED_CLIENT";
        break;
    case WK_ERR_EXPIRED_TOKEN:
        name = "WK_ERR_EXPIRED_TOKEN";
        break;
    case WK_ERR_ACCESS_DENIED:
        name = "WK_ERR_ACCESS_DENIED";
        break;
    case WK_ERR_MISSING_AUTH_TOKEN:
        name = "WK_ERR_MISSING_AUTH_TOKEN";
        break;
    case WK_ERR_DNS:
        name = "WK_ERR_DNS";
        break;
    case WK_ERR_CONNECT:
        name = "WK_ERR_CONNECT";
        break;
    case WK_ERR_TIMEOUT:
        name = "WK_ERR_TIMEOUT";
        break;
    case WK_ERR_PEER_CLOSED:
        name = "WK_ERR_PEER_CLOSED";
        break;
    case WK_ERR_IO:
        name = "WK_ERR_IO";
        break;
    case WK_ERR_TLS:
        name = "WK_ERR_TLS";
        break;
    case WK_ERR_TLS_VERIFY:
        name = "WK_ERR_TLS_VERIFY";
        break;
    case WK_ERR_TLS_CA:
        name = "WK_ERR_TLS_CA";
        break;
    case WK_ERR_CRYPTO:
        name = "WK_ERR_CRYPTO";
        break;
    case WK_ERR_CLOCK:
        name = "WK_ERR_CLOCK";
        break;
    case WK_ERR_STATE:
        name = "WK_ERR_STATE";
        break;
    case WK_ERR_CLOCK_SKEW:
        name = "WK_ERR_CLOCK_SKEW";
        break;
    default:
        name = "WK_STATUS_UNKNOWN";
        break;
    }
    return name;
}
