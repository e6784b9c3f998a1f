/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_config_defaults.h
 * @brief Every build option of the core with its default.
 *
 * The build's wk_config.h (written by CMake from Kconfig, or a copy of
 * core/config/wk_config.h edited by hand) is read first when WK_HAVE_CONFIG_H
 * is defined; WK_CONFIG_FILE names another header. Such a header defines
 * every option, bools as 0 or 1: wk_check_config.h stops the build, naming
 * the option, when one is missing or outside its Kconfig range. Without a
 * header every option takes the default below (single ones may be set with
 * -DCONFIG_WK_...). The Kconfig file documents each option; the names and
 * defaults are the same (the config_headers test compares them). The ports'
 * options (port/Kconfig) take their defaults in the port headers
 * (CONFIG_WK_TLS_READ_AHEAD in wk_tls.h); a configuration header defines
 * them too.
 */
#ifndef WK_CONFIG_DEFAULTS_H
#define WK_CONFIG_DEFAULTS_H

#if defined(WK_CONFIG_FILE)
#include WK_CONFIG_FILE
#elif defined(WK_HAVE_CONFIG_H)
#include "wk_config.h"
#endif
#include "wk/wk_check_config.h"

#ifndef CONFIG_WK_REQUEST_BUF_SIZE
/** Bytes for one signed request: request line, encoded query, headers; at least 512. */
#define CONFIG_WK_REQUEST_BUF_SIZE 2048
#endif
#ifndef CONFIG_WK_IO_BUF_SIZE
/** Bytes read from the transport per call before they are parsed. */
#define CONFIG_WK_IO_BUF_SIZE 1024
#endif
#ifndef CONFIG_WK_HTTP_HEADER_LINE_MAX
/** Longest response status or header line; longer is WK_ERR_HTTP_HEADER_TOO_LONG. */
#define CONFIG_WK_HTTP_HEADER_LINE_MAX 1024
#endif
#ifndef CONFIG_WK_HTTP_MAX_HEADER_BYTES
/** Largest raw response head (or trailer section); more is WK_ERR_HTTP_HEADER_TOO_LONG. */
#define CONFIG_WK_HTTP_MAX_HEADER_BYTES 16384
#endif
#ifndef CONFIG_WK_USER_WINDOW_SIZE
/** The decoded strings of one user's known fields, each with its NUL, must fit here; at least 256. */
#define CONFIG_WK_USER_WINDOW_SIZE 4096
#endif
#ifndef CONFIG_WK_JSON_MAX_DEPTH
/** Deepest JSON nesting accepted in a body; deeper is WK_ERR_JSON_TOO_DEEP. */
#define CONFIG_WK_JSON_MAX_DEPTH 32
#endif
#ifndef CONFIG_WK_MAX_SECURITY_GROUPS
/** securityGroups entries kept per user; more is WK_ERR_JSON_TOO_MANY_ITEMS. */
#define CONFIG_WK_MAX_SECURITY_GROUPS 16
#endif
#ifndef CONFIG_WK_NEXT_TOKEN_MAX
/** Bytes for a decoded nextToken and its NUL. */
#define CONFIG_WK_NEXT_TOKEN_MAX 1024
#endif
#ifndef CONFIG_WK_ERROR_BODY_MAX
/** Largest error body decoded; a larger one is reported from headers and HTTP status. */
#define CONFIG_WK_ERROR_BODY_MAX 2048
#endif
#ifndef CONFIG_WK_ERROR_TYPE_MAX
/** Bytes for the service error type name and its NUL. */
#define CONFIG_WK_ERROR_TYPE_MAX 96
#endif
#ifndef CONFIG_WK_ERROR_MESSAGE_MAX
/** Bytes for the service error message and its NUL. */
#define CONFIG_WK_ERROR_MESSAGE_MAX 512
#endif
#ifndef CONFIG_WK_ERROR_REASONS_MAX
/** Bytes for the ValidationError field and reason texts. */
#define CONFIG_WK_ERROR_REASONS_MAX 768
#endif
#ifndef CONFIG_WK_REQUEST_ID_MAX
/** Bytes for x-amzn-RequestId and its NUL. */
#define CONFIG_WK_REQUEST_ID_MAX 80
#endif
#ifndef CONFIG_WK_HOST_MAX
/** Bytes for the endpoint host name and its NUL. */
#define CONFIG_WK_HOST_MAX 128
#endif
#ifndef CONFIG_WK_ENDPOINT_PATH_MAX
/** Bytes for a custom endpoint base path and its NUL. */
#define CONFIG_WK_ENDPOINT_PATH_MAX 64
#endif
#ifndef CONFIG_WK_REGION_MAX
/** Bytes for the region name and its NUL. */
#define CONFIG_WK_REGION_MAX 32
#endif
#ifndef CONFIG_WK_SESSION_TOKEN_MAX
/** Bytes of the longest session token kept (wk_credentials_t), without its NUL. */
#define CONFIG_WK_SESSION_TOKEN_MAX 2048
#endif
#ifndef CONFIG_WK_DIAG_MAX
/** Bytes for the diagnostic text of a wk_diag_t, NUL included. */
#define CONFIG_WK_DIAG_MAX 192
#endif
#ifndef CONFIG_WK_DIAG_TEXT
/** 1: failures explain themselves in wk_diag_t text (field, byte offset, rule).
 *  0: the texts are left out of the build (several KB of flash); statuses are
 *  the same and wk_client_diag() gives the status name. */
#define CONFIG_WK_DIAG_TEXT 1
#endif
#ifndef CONFIG_WK_STATUS_NAMES
/** 1: wk_status_str() gives each status's enum name. 0: the names are left
 *  out of the build (about 1.3 KB of flash) and wk_status_str() gives the
 *  static text "WK_STATUS_NAMES_OFF" for every status; print the number too. */
#define CONFIG_WK_STATUS_NAMES 1
#endif
#ifndef CONFIG_WK_CUSTOM_ENDPOINT
/** 1: wk_endpoint_params_t.endpoint_url may name a custom endpoint. 0: the
 *  URL parser is left out of a listing and an endpoint_url is refused with
 *  WK_ERR_ENDPOINT_CONFIG; the endpoint comes from the region only. */
#define CONFIG_WK_CUSTOM_ENDPOINT 1
#endif
#ifndef CONFIG_WK_OTHER_PARTITIONS
/** 1: regions of every partition (aws-cn, aws-us-gov, ISO, EUSC) and the
 *  fallback to aws. 0: only aws regions; any other is refused with
 *  WK_ERR_ENDPOINT_CONFIG. */
#define CONFIG_WK_OTHER_PARTITIONS 1
#endif
#ifndef CONFIG_WK_ENDPOINT_VARIANTS
/** 1: FIPS and dual-stack endpoints (use_fips, use_dualstack). 0: either
 *  one is refused with WK_ERR_ENDPOINT_CONFIG. */
#define CONFIG_WK_ENDPOINT_VARIANTS 1
#endif
#ifndef CONFIG_WK_IPV6
/** 1: wk_host_ip_literal() reads IPv6 literals. 0: every host with a ':'
 *  is refused with WK_ERR_ENDPOINT (a connection to one fails closed). */
#define CONFIG_WK_IPV6 1
#endif
#ifndef CONFIG_WK_LIST_SORT
/** 1: a listing may be sorted (sort_fields, sort_direction). 0: either one
 *  set is refused (WK_ERR_SORT_FIELDS, WK_ERR_SORT_DIRECTION). */
#define CONFIG_WK_LIST_SORT 1
#endif
#ifndef CONFIG_WK_HTTP_CHUNK_EXTENSIONS
/** 1: chunk extensions are checked and ignored. 0: a chunk-size line with
 *  one fails with WK_ERR_HTTP_CHUNK. */
#define CONFIG_WK_HTTP_CHUNK_EXTENSIONS 1
#endif
#ifndef CONFIG_WK_RETRY_AFTER_DATE
/** 1: Retry-After may be an HTTP date. 0: only its seconds form is read; a
 *  date is ignored as an unreadable one is (the retry's own backoff). */
#define CONFIG_WK_RETRY_AFTER_DATE 1
#endif
#ifndef CONFIG_WK_CONNECT_TIMEOUT_MS
/** Milliseconds for TCP connect plus TLS handshake. */
#define CONFIG_WK_CONNECT_TIMEOUT_MS 10000
#endif
#ifndef CONFIG_WK_READ_TIMEOUT_MS
/** Milliseconds to wait for the next response byte. */
#define CONFIG_WK_READ_TIMEOUT_MS 30000
#endif
#ifndef CONFIG_WK_CALL_TIMEOUT_MS
/** Milliseconds for one attempt, request sent to response complete. */
#define CONFIG_WK_CALL_TIMEOUT_MS 120000
#endif
#ifndef CONFIG_WK_MAX_ATTEMPTS
/** Attempts per page, first try included (1..10). */
#define CONFIG_WK_MAX_ATTEMPTS 3
#endif
#ifndef CONFIG_WK_USER_AGENT_SUFFIX
/** Text appended to the User-Agent header. */
#define CONFIG_WK_USER_AGENT_SUFFIX ""
#endif

/** One step of a 32-bit FNV-1a over whole values, as a constant expression (WK_CONFIG_FINGERPRINT). */
#define WK_CONFIG_MIX_(h, v) ((((h) ^ (unsigned long)(v)) * 16777619ul) & 0xFFFFFFFFul)

/**
 * A 32-bit number that changes with the options above (every one but the
 * User-Agent text, the status names and the features a small device may
 * leave out (CONFIG_WK_CUSTOM_ENDPOINT, CONFIG_WK_OTHER_PARTITIONS, CONFIG_WK_ENDPOINT_VARIANTS,
 * CONFIG_WK_IPV6, CONFIG_WK_LIST_SORT, CONFIG_WK_HTTP_CHUNK_EXTENSIONS,
 * CONFIG_WK_RETRY_AFTER_DATE), which size nothing and are read
 * only inside the library; the ports' options, port/Kconfig, size no core
 * structure and are checked by the ports), computed by the compiler wherever this header is read.
 * wk_client_init() hands the application's value to the library, which
 * compares it with its own, so that an application built with other settings
 * than the library it links (a forgotten WK_HAVE_CONFIG_H, another
 * wk_config.h) gets WK_ERR_BUILD_MISMATCH instead of structures of another
 * size. A new option belongs here too.
 */
#define WK_CONFIG_FINGERPRINT                                                                      \
    WK_CONFIG_MIX_(WK_CONFIG_MIX_(WK_CONFIG_MIX_(WK_CONFIG_MIX_(WK_CONFIG_MIX_(                     \
    WK_CONFIG_MIX_(WK_CONFIG_MIX_(WK_CONFIG_MIX_(WK_CONFIG_MIX_(WK_CONFIG_MIX_(WK_CONFIG_MIX_(    \
    WK_CONFIG_MIX_(WK_CONFIG_MIX_(WK_CONFIG_MIX_(WK_CONFIG_MIX_(WK_CONFIG_MIX_(WK_CONFIG_MIX_(    \
    WK_CONFIG_MIX_(WK_CONFIG_MIX_(WK_CONFIG_MIX_(WK_CONFIG_MIX_(WK_CONFIG_MIX_(WK_CONFIG_MIX_(    \
    2166136261ul,                                                                                  \
    CONFIG_WK_REQUEST_BUF_SIZE), CONFIG_WK_IO_BUF_SIZE),                                          \
    CONFIG_WK_HTTP_HEADER_LINE_MAX), CONFIG_WK_HTTP_MAX_HEADER_BYTES), CONFIG_WK_USER_WINDOW_SIZE), \
    CONFIG_WK_JSON_MAX_DEPTH), CONFIG_WK_MAX_SECURITY_GROUPS),                                     \
    CONFIG_WK_NEXT_TOKEN_MAX), CONFIG_WK_ERROR_BODY_MAX), CONFIG_WK_ERROR_TYPE_MAX),                \
    CONFIG_WK_ERROR_MESSAGE_MAX), CONFIG_WK_ERROR_REASONS_MAX), CONFIG_WK_REQUEST_ID_MAX),          \
    CONFIG_WK_HOST_MAX), CONFIG_WK_ENDPOINT_PATH_MAX), CONFIG_WK_REGION_MAX), CONFIG_WK_SESSION_TOKEN_MAX), \
    CONFIG_WK_DIAG_MAX), CONFIG_WK_DIAG_TEXT),                                                     \
    CONFIG_WK_CONNECT_TIMEOUT_MS), CONFIG_WK_READ_TIMEOUT_MS), CONFIG_WK_CALL_TIMEOUT_MS),          \
    CONFIG_WK_MAX_ATTEMPTS)

#endif /* WK_CONFIG_DEFAULTS_H */
