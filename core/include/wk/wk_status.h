/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_status.h
 * @brief Status codes returned by every wickr-lite function.
 *
 * WK_OK is 0, failures are negative, outcomes that are not failures (more
 * input wanted, nothing yet, stopped by the caller) are small positive
 * values, so `status < 0` always means failure. wk_status_str() names each.
 */
#ifndef WK_STATUS_H
#define WK_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

/** Outcome of a call; see the file comment for the sign convention. */
typedef enum wk_status {
    /** Success. */
    WK_OK = 0,
    /** Parser: the input so far is a valid prefix; feed more. */
    WK_PARTIAL = 1,
    /** Transport: nothing moved before the timeout; not a disconnect. */
    WK_WOULD_BLOCK = 2,
    /** A user callback returned something other than WK_OK: listing stopped. */
    WK_STOPPED = 3,

    /* Caller errors and request validation (nothing is sent). */
    WK_ERR_ARG = -1,               /**< NULL or inconsistent argument */
    WK_ERR_NO_SPACE = -2,          /**< a caller buffer is too small */
    WK_ERR_NETWORK_ID = -3,        /**< networkId is not ^[0-9]{8}$ */
    WK_ERR_MAX_RESULTS = -4,       /**< maxResults outside 1..100 */
    WK_ERR_SORT_FIELDS = -5,       /**< sortFields not field(+field)* of the allowed names */
    WK_ERR_SORT_DIRECTION = -6,    /**< sortDirection not ASC or DESC */
    WK_ERR_STATUS_FILTER = -7,     /**< status not 1 or 2 */
    WK_ERR_REGION = -8,            /**< region missing or not a valid host label */
    WK_ERR_ENDPOINT = -9,          /**< custom endpoint URL malformed */
    WK_ERR_ENDPOINT_CONFIG = -10,  /**< endpoint rule set refused the combination, or the
                                        build left it out (CONFIG_WK_CUSTOM_ENDPOINT,
                                        CONFIG_WK_OTHER_PARTITIONS,
                                        CONFIG_WK_ENDPOINT_VARIANTS) */
    WK_ERR_CREDENTIALS = -11,      /**< access key or secret missing or malformed */
    WK_ERR_STRING = -12,           /**< a request string is not valid UTF-8 */
    WK_ERR_CURSOR = -13,           /**< resume cursor text malformed (wk_cursor_parse()) */
    WK_ERR_BUILD_MISMATCH = -14,   /**< application built with other settings than the library (wk_client_init()) */
    WK_ERR_CREDENTIALS_EXPIRATION = -15, /**< a credentials expiration missing or not an ISO 8601 time */
    WK_ERR_CREDENTIALS_EXPIRED = -16,    /**< credentials expired (on arrival, or with no refresh) */
    WK_ERR_CREDENTIALS_PROVIDER = -17,   /**< the credentials provider answered other than 200 */
    WK_ERR_CREDENTIALS_SOURCE = -18,     /**< a credentials provider's setting refused (host, alias, disabled) */

    /* HTTP response framing. */
    WK_ERR_HTTP_STATUS_LINE = -20, /**< malformed status line */
    WK_ERR_HTTP_HEADER = -21,      /**< malformed header line */
    WK_ERR_HTTP_HEADER_TOO_LONG = -22, /**< header line or section exceeds its buffer */
    WK_ERR_HTTP_FRAMING = -23,     /**< conflicting Content-Length / Transfer-Encoding */
    WK_ERR_HTTP_CONTENT_LENGTH = -24, /**< malformed or overflowing Content-Length */
    WK_ERR_HTTP_CHUNK = -25,       /**< malformed chunk size, extension or terminator */
    WK_ERR_HTTP_TRUNCATED = -26,   /**< connection ended before the message did */
    WK_ERR_HTTP_EXTRA_BYTES = -27, /**< bytes after the end of a message */
    WK_ERR_HTTP_UNEXPECTED = -28,  /**< a response the client cannot use (e.g. 101, 3xx) */

    /* JSON body. */
    WK_ERR_JSON_SYNTAX = -40,      /**< not JSON (grammar, literal, structure) */
    WK_ERR_JSON_TRUNCATED = -41,   /**< body ended inside the document */
    WK_ERR_JSON_TRAILING = -42,    /**< non-whitespace after the document */
    WK_ERR_JSON_TYPE = -43,        /**< a known field has the wrong JSON type */
    WK_ERR_JSON_FIELD_TOO_LONG = -44, /**< a value does not fit its buffer */
    WK_ERR_JSON_TOO_DEEP = -46,    /**< nesting deeper than CONFIG_WK_JSON_MAX_DEPTH */
    WK_ERR_JSON_NUMBER = -47,      /**< a number is malformed or overflows its type */
    WK_ERR_JSON_STRING = -48,      /**< bad escape, control character, invalid UTF-8 or lone surrogate */
    WK_ERR_JSON_TOO_MANY_ITEMS = -49, /**< more list items than their buffer holds (securityGroups, reasons) */

    /* Paging. */
    WK_ERR_PAGE_CHANGED = -50,     /**< a page asked for again does not begin with the users already delivered from it */

    /* Service errors (non-2xx responses). */
    WK_ERR_SERVICE = -60,          /**< an error type the client does not model; see the type name */
    WK_ERR_BAD_REQUEST = -61,      /**< BadRequestError (400) */
    WK_ERR_UNAUTHORIZED = -62,     /**< UnauthorizedError (401) */
    WK_ERR_FORBIDDEN = -63,        /**< ForbiddenError (403) */
    WK_ERR_NOT_FOUND = -64,        /**< ResourceNotFoundError (404) */
    WK_ERR_VALIDATION = -65,       /**< ValidationError (422), with reasons */
    WK_ERR_RATE_LIMIT = -66,       /**< RateLimitError (429) */
    WK_ERR_INTERNAL = -67,         /**< InternalServerError (500) */
    WK_ERR_INVALID_SIGNATURE = -68,    /**< InvalidSignatureException */
    WK_ERR_UNRECOGNIZED_CLIENT = -69,  /**< UnrecognizedClientException */
    WK_ERR_EXPIRED_TOKEN = -70,        /**< ExpiredTokenException */
    WK_ERR_ACCESS_DENIED = -71,        /**< AccessDeniedException */
    WK_ERR_MISSING_AUTH_TOKEN = -72,   /**< MissingAuthenticationTokenException */

    /* Transport, TLS, platform. */
    WK_ERR_DNS = -80,              /**< host name did not resolve */
    WK_ERR_CONNECT = -81,          /**< TCP connect failed or was refused */
    WK_ERR_TIMEOUT = -82,          /**< a connect, read or call deadline passed */
    WK_ERR_PEER_CLOSED = -83,      /**< the peer closed the connection */
    WK_ERR_IO = -84,               /**< send or receive failed */
    WK_ERR_TLS = -85,              /**< TLS handshake or record failure */
    WK_ERR_TLS_VERIFY = -86,       /**< certificate chain or host name did not verify */
    WK_ERR_TLS_CA = -87,           /**< CA bundle missing or unreadable */
    WK_ERR_CRYPTO = -88,           /**< hash/HMAC/random primitive failed */
    WK_ERR_CLOCK = -89,            /**< UTC clock unavailable */
    WK_ERR_STATE = -90,            /**< call not valid in this state (e.g. after a fatal error) */
    WK_ERR_CLOCK_SKEW = -91,       /**< the service refused the signing time and the clock was not corrected */
    WK_ERR_TLS_SESSION = -92       /**< saved TLS session bytes refused (wk_tls_resume_import()) */
} wk_status_t;

/**
 * @brief Name of a status, e.g. "WK_ERR_NETWORK_ID".
 *
 * Cannot fail, so it returns the text rather than a status.
 *
 * @param[in] status any value, listed or not.
 * @return a static NUL-terminated string (never NULL, never to be freed,
 *         valid for the life of the program); "WK_STATUS_UNKNOWN" for values
 *         not listed. Built with CONFIG_WK_STATUS_NAMES 0 (no names in the
 *         image), "WK_STATUS_NAMES_OFF" for every value: print the number
 *         too, as below, so that a person can find it in this header.
 *
 * @code
 * wk_status_t s = wk_client_list_users(&client, &req, print_user, NULL);
 * if (s < 0) {
 *     fprintf(stderr, "%s (%d): %s\n", wk_status_str(s), (int)s, wk_client_diag(&client));
 * }
 * @endcode
 */
#if defined(__GNUC__)
/* Reads nothing but its table: a call whose name goes unused (a diagnostic
 * left out of the build) is dropped. */
__attribute__((pure))
#endif
const char *wk_status_str(wk_status_t status);

#ifdef __cplusplus
}
#endif
#endif /* WK_STATUS_H */
