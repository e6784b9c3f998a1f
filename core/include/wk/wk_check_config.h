/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_check_config.h
 * @brief Refuses an incomplete configuration or a value outside Kconfig's ranges.
 *
 * Written from Kconfig by scripts/kconfig.py (`scripts/kconfig.py Kconfig
 * --check-header core/include/wk/wk_check_config.h`); the config_headers test fails
 * when it is out of date. wk_config_defaults.h reads it after the
 * configuration header and before the defaults. A configuration header
 * (WK_HAVE_CONFIG_H or WK_CONFIG_FILE) must define every symbol, the
 * ports' (port/Kconfig) too: one it left out would otherwise take its
 * default (wk_config_defaults.h, or for a port option the port's header),
 * which may be on where the header meant off. Values set without a
 * header (-DCONFIG_WK_...) are range-checked too.
 */
#ifndef WK_CHECK_CONFIG_H
#define WK_CHECK_CONFIG_H

#if defined(WK_CONFIG_FILE) || defined(WK_HAVE_CONFIG_H)
#ifndef CONFIG_WK_REQUEST_BUF_SIZE
#error "the configuration header does not define CONFIG_WK_REQUEST_BUF_SIZE: HTTP request buffer (512..65536); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_IO_BUF_SIZE
#error "the configuration header does not define CONFIG_WK_IO_BUF_SIZE: Receive chunk buffer (64..65536); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_HTTP_HEADER_LINE_MAX
#error "the configuration header does not define CONFIG_WK_HTTP_HEADER_LINE_MAX: Longest response header line (128..65536); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_HTTP_MAX_HEADER_BYTES
#error "the configuration header does not define CONFIG_WK_HTTP_MAX_HEADER_BYTES: Largest response header section (1024..1048576); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_USER_WINDOW_SIZE
#error "the configuration header does not define CONFIG_WK_USER_WINDOW_SIZE: User string window (256..1048576); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_JSON_MAX_DEPTH
#error "the configuration header does not define CONFIG_WK_JSON_MAX_DEPTH: Deepest nesting accepted in a body (4..1024); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_MAX_SECURITY_GROUPS
#error "the configuration header does not define CONFIG_WK_MAX_SECURITY_GROUPS: securityGroups entries per user (1..1024); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_NEXT_TOKEN_MAX
#error "the configuration header does not define CONFIG_WK_NEXT_TOKEN_MAX: Longest nextToken (decoded) (64..65536); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_ERROR_BODY_MAX
#error "the configuration header does not define CONFIG_WK_ERROR_BODY_MAX: Largest error response body kept for parsing (256..65536); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_ERROR_TYPE_MAX
#error "the configuration header does not define CONFIG_WK_ERROR_TYPE_MAX: Longest error type name (32..1024); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_ERROR_MESSAGE_MAX
#error "the configuration header does not define CONFIG_WK_ERROR_MESSAGE_MAX: Longest error message (64..8192); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_ERROR_REASONS_MAX
#error "the configuration header does not define CONFIG_WK_ERROR_REASONS_MAX: Bytes for ValidationError reasons (field and reason texts) (64..16384); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_REQUEST_ID_MAX
#error "the configuration header does not define CONFIG_WK_REQUEST_ID_MAX: Longest x-amzn-RequestId (16..256); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_HOST_MAX
#error "the configuration header does not define CONFIG_WK_HOST_MAX: Longest endpoint host name (64..1024); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_ENDPOINT_PATH_MAX
#error "the configuration header does not define CONFIG_WK_ENDPOINT_PATH_MAX: Longest custom endpoint base path (1..1024); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_REGION_MAX
#error "the configuration header does not define CONFIG_WK_REGION_MAX: Longest region name (16..128); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_SESSION_TOKEN_MAX
#error "the configuration header does not define CONFIG_WK_SESSION_TOKEN_MAX: Longest session token of temporary credentials (256..8192); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_DIAG_MAX
#error "the configuration header does not define CONFIG_WK_DIAG_MAX: Diagnostic message buffer (64..1024); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_CONNECT_TIMEOUT_MS
#error "the configuration header does not define CONFIG_WK_CONNECT_TIMEOUT_MS: Connect (TCP and TLS handshake) (100..600000); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_READ_TIMEOUT_MS
#error "the configuration header does not define CONFIG_WK_READ_TIMEOUT_MS: Idle read: longest wait for the next byte (100..600000); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_CALL_TIMEOUT_MS
#error "the configuration header does not define CONFIG_WK_CALL_TIMEOUT_MS: Deadline for one attempt: request sent to response complete (100..3600000); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_MAX_ATTEMPTS
#error "the configuration header does not define CONFIG_WK_MAX_ATTEMPTS: Attempts per page (first try included) (1..10); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_USER_AGENT_SUFFIX
#error "the configuration header does not define CONFIG_WK_USER_AGENT_SUFFIX: Text appended to the User-Agent (string); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_DIAG_TEXT
#error "the configuration header does not define CONFIG_WK_DIAG_TEXT: Diagnostic texts (bool: 0 or 1); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_STATUS_NAMES
#error "the configuration header does not define CONFIG_WK_STATUS_NAMES: Status names (bool: 0 or 1); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_CUSTOM_ENDPOINT
#error "the configuration header does not define CONFIG_WK_CUSTOM_ENDPOINT: Custom endpoint URLs (bool: 0 or 1); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_OTHER_PARTITIONS
#error "the configuration header does not define CONFIG_WK_OTHER_PARTITIONS: Regions outside the aws partition (bool: 0 or 1); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_ENDPOINT_VARIANTS
#error "the configuration header does not define CONFIG_WK_ENDPOINT_VARIANTS: FIPS and dual-stack endpoints (bool: 0 or 1); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_IPV6
#error "the configuration header does not define CONFIG_WK_IPV6: IPv6 address literals (bool: 0 or 1); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_LIST_SORT
#error "the configuration header does not define CONFIG_WK_LIST_SORT: Sorted listings (sortFields, sortDirection) (bool: 0 or 1); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_HTTP_CHUNK_EXTENSIONS
#error "the configuration header does not define CONFIG_WK_HTTP_CHUNK_EXTENSIONS: Chunk extensions in chunked responses (bool: 0 or 1); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_RETRY_AFTER_DATE
#error "the configuration header does not define CONFIG_WK_RETRY_AFTER_DATE: Retry-After as an HTTP date (bool: 0 or 1); copy core/config/wk_config.h"
#endif
#ifndef CONFIG_WK_TLS_READ_AHEAD
#error "the configuration header does not define CONFIG_WK_TLS_READ_AHEAD: TLS read-ahead (0: off) (0..65536); copy core/config/wk_config.h"
#endif
#endif

#if defined(CONFIG_WK_REQUEST_BUF_SIZE) && (CONFIG_WK_REQUEST_BUF_SIZE < 512 || CONFIG_WK_REQUEST_BUF_SIZE > 65536)
#error "CONFIG_WK_REQUEST_BUF_SIZE must be in 512..65536 (Kconfig range)"
#endif
#if defined(CONFIG_WK_IO_BUF_SIZE) && (CONFIG_WK_IO_BUF_SIZE < 64 || CONFIG_WK_IO_BUF_SIZE > 65536)
#error "CONFIG_WK_IO_BUF_SIZE must be in 64..65536 (Kconfig range)"
#endif
#if defined(CONFIG_WK_HTTP_HEADER_LINE_MAX) && (CONFIG_WK_HTTP_HEADER_LINE_MAX < 128 || CONFIG_WK_HTTP_HEADER_LINE_MAX > 65536)
#error "CONFIG_WK_HTTP_HEADER_LINE_MAX must be in 128..65536 (Kconfig range)"
#endif
#if defined(CONFIG_WK_HTTP_MAX_HEADER_BYTES) && (CONFIG_WK_HTTP_MAX_HEADER_BYTES < 1024 || CONFIG_WK_HTTP_MAX_HEADER_BYTES > 1048576)
#error "CONFIG_WK_HTTP_MAX_HEADER_BYTES must be in 1024..1048576 (Kconfig range)"
#endif
#if defined(CONFIG_WK_USER_WINDOW_SIZE) && (CONFIG_WK_USER_WINDOW_SIZE < 256 || CONFIG_WK_USER_WINDOW_SIZE > 1048576)
#error "CONFIG_WK_USER_WINDOW_SIZE must be in 256..1048576 (Kconfig range)"
#endif
#if defined(CONFIG_WK_JSON_MAX_DEPTH) && (CONFIG_WK_JSON_MAX_DEPTH < 4 || CONFIG_WK_JSON_MAX_DEPTH > 1024)
#error "CONFIG_WK_JSON_MAX_DEPTH must be in 4..1024 (Kconfig range)"
#endif
#if defined(CONFIG_WK_MAX_SECURITY_GROUPS) && (CONFIG_WK_MAX_SECURITY_GROUPS < 1 || CONFIG_WK_MAX_SECURITY_GROUPS > 1024)
#error "CONFIG_WK_MAX_SECURITY_GROUPS must be in 1..1024 (Kconfig range)"
#endif
#if defined(CONFIG_WK_NEXT_TOKEN_MAX) && (CONFIG_WK_NEXT_TOKEN_MAX < 64 || CONFIG_WK_NEXT_TOKEN_MAX > 65536)
#error "CONFIG_WK_NEXT_TOKEN_MAX must be in 64..65536 (Kconfig range)"
#endif
#if defined(CONFIG_WK_ERROR_BODY_MAX) && (CONFIG_WK_ERROR_BODY_MAX < 256 || CONFIG_WK_ERROR_BODY_MAX > 65536)
#error "CONFIG_WK_ERROR_BODY_MAX must be in 256..65536 (Kconfig range)"
#endif
#if defined(CONFIG_WK_ERROR_TYPE_MAX) && (CONFIG_WK_ERROR_TYPE_MAX < 32 || CONFIG_WK_ERROR_TYPE_MAX > 1024)
#error "CONFIG_WK_ERROR_TYPE_MAX must be in 32..1024 (Kconfig range)"
#endif
#if defined(CONFIG_WK_ERROR_MESSAGE_MAX) && (CONFIG_WK_ERROR_MESSAGE_MAX < 64 || CONFIG_WK_ERROR_MESSAGE_MAX > 8192)
#error "CONFIG_WK_ERROR_MESSAGE_MAX must be in 64..8192 (Kconfig range)"
#endif
#if defined(CONFIG_WK_ERROR_REASONS_MAX) && (CONFIG_WK_ERROR_REASONS_MAX < 64 || CONFIG_WK_ERROR_REASONS_MAX > 16384)
#error "CONFIG_WK_ERROR_REASONS_MAX must be in 64..16384 (Kconfig range)"
#endif
#if defined(CONFIG_WK_REQUEST_ID_MAX) && (CONFIG_WK_REQUEST_ID_MAX < 16 || CONFIG_WK_REQUEST_ID_MAX > 256)
#error "CONFIG_WK_REQUEST_ID_MAX must be in 16..256 (Kconfig range)"
#endif
#if defined(CONFIG_WK_HOST_MAX) && (CONFIG_WK_HOST_MAX < 64 || CONFIG_WK_HOST_MAX > 1024)
#error "CONFIG_WK_HOST_MAX must be in 64..1024 (Kconfig range)"
#endif
#if defined(CONFIG_WK_ENDPOINT_PATH_MAX) && (CONFIG_WK_ENDPOINT_PATH_MAX < 1 || CONFIG_WK_ENDPOINT_PATH_MAX > 1024)
#error "CONFIG_WK_ENDPOINT_PATH_MAX must be in 1..1024 (Kconfig range)"
#endif
#if defined(CONFIG_WK_REGION_MAX) && (CONFIG_WK_REGION_MAX < 16 || CONFIG_WK_REGION_MAX > 128)
#error "CONFIG_WK_REGION_MAX must be in 16..128 (Kconfig range)"
#endif
#if defined(CONFIG_WK_SESSION_TOKEN_MAX) && (CONFIG_WK_SESSION_TOKEN_MAX < 256 || CONFIG_WK_SESSION_TOKEN_MAX > 8192)
#error "CONFIG_WK_SESSION_TOKEN_MAX must be in 256..8192 (Kconfig range)"
#endif
#if defined(CONFIG_WK_DIAG_MAX) && (CONFIG_WK_DIAG_MAX < 64 || CONFIG_WK_DIAG_MAX > 1024)
#error "CONFIG_WK_DIAG_MAX must be in 64..1024 (Kconfig range)"
#endif
#if defined(CONFIG_WK_CONNECT_TIMEOUT_MS) && (CONFIG_WK_CONNECT_TIMEOUT_MS < 100 || CONFIG_WK_CONNECT_TIMEOUT_MS > 600000)
#error "CONFIG_WK_CONNECT_TIMEOUT_MS must be in 100..600000 (Kconfig range)"
#endif
#if defined(CONFIG_WK_READ_TIMEOUT_MS) && (CONFIG_WK_READ_TIMEOUT_MS < 100 || CONFIG_WK_READ_TIMEOUT_MS > 600000)
#error "CONFIG_WK_READ_TIMEOUT_MS must be in 100..600000 (Kconfig range)"
#endif
#if defined(CONFIG_WK_CALL_TIMEOUT_MS) && (CONFIG_WK_CALL_TIMEOUT_MS < 100 || CONFIG_WK_CALL_TIMEOUT_MS > 3600000)
#error "CONFIG_WK_CALL_TIMEOUT_MS must be in 100..3600000 (Kconfig range)"
#endif
#if defined(CONFIG_WK_MAX_ATTEMPTS) && (CONFIG_WK_MAX_ATTEMPTS < 1 || CONFIG_WK_MAX_ATTEMPTS > 10)
#error "CONFIG_WK_MAX_ATTEMPTS must be in 1..10 (Kconfig range)"
#endif
#if defined(CONFIG_WK_DIAG_TEXT) && CONFIG_WK_DIAG_TEXT != 0 && CONFIG_WK_DIAG_TEXT != 1
#error "CONFIG_WK_DIAG_TEXT must be 0 or 1 (Kconfig bool)"
#endif
#if defined(CONFIG_WK_STATUS_NAMES) && CONFIG_WK_STATUS_NAMES != 0 && CONFIG_WK_STATUS_NAMES != 1
#error "CONFIG_WK_STATUS_NAMES must be 0 or 1 (Kconfig bool)"
#endif
#if defined(CONFIG_WK_CUSTOM_ENDPOINT) && CONFIG_WK_CUSTOM_ENDPOINT != 0 && CONFIG_WK_CUSTOM_ENDPOINT != 1
#error "CONFIG_WK_CUSTOM_ENDPOINT must be 0 or 1 (Kconfig bool)"
#endif
#if defined(CONFIG_WK_OTHER_PARTITIONS) && CONFIG_WK_OTHER_PARTITIONS != 0 && CONFIG_WK_OTHER_PARTITIONS != 1
#error "CONFIG_WK_OTHER_PARTITIONS must be 0 or 1 (Kconfig bool)"
#endif
#if defined(CONFIG_WK_ENDPOINT_VARIANTS) && CONFIG_WK_ENDPOINT_VARIANTS != 0 && CONFIG_WK_ENDPOINT_VARIANTS != 1
#error "CONFIG_WK_ENDPOINT_VARIANTS must be 0 or 1 (Kconfig bool)"
#endif
#if defined(CONFIG_WK_IPV6) && CONFIG_WK_IPV6 != 0 && CONFIG_WK_IPV6 != 1
#error "CONFIG_WK_IPV6 must be 0 or 1 (Kconfig bool)"
#endif
#if defined(CONFIG_WK_LIST_SORT) && CONFIG_WK_LIST_SORT != 0 && CONFIG_WK_LIST_SORT != 1
#error "CONFIG_WK_LIST_SORT must be 0 or 1 (Kconfig bool)"
#endif
#if defined(CONFIG_WK_HTTP_CHUNK_EXTENSIONS) && CONFIG_WK_HTTP_CHUNK_EXTENSIONS != 0 && CONFIG_WK_HTTP_CHUNK_EXTENSIONS != 1
#error "CONFIG_WK_HTTP_CHUNK_EXTENSIONS must be 0 or 1 (Kconfig bool)"
#endif
#if defined(CONFIG_WK_RETRY_AFTER_DATE) && CONFIG_WK_RETRY_AFTER_DATE != 0 && CONFIG_WK_RETRY_AFTER_DATE != 1
#error "CONFIG_WK_RETRY_AFTER_DATE must be 0 or 1 (Kconfig bool)"
#endif
#if defined(CONFIG_WK_TLS_READ_AHEAD) && (CONFIG_WK_TLS_READ_AHEAD < 0 || CONFIG_WK_TLS_READ_AHEAD > 65536)
#error "CONFIG_WK_TLS_READ_AHEAD must be in 0..65536 (Kconfig range)"
#endif

#endif /* WK_CHECK_CONFIG_H */
