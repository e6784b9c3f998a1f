/* SPDX-License-Identifier: Apache-2.0 */
/* wickr-lite build options, written from Kconfig by scripts/kconfig.py.
 * Every CONFIG_WK_* symbol is defined here, a bool as 0 or 1:
 * wk_check_config.h refuses a configuration header that leaves one out.
 * A build without Kconfig starts from a copy of core/config/wk_config.h
 * (the defaults), changes values and keeps every line. */
#ifndef WK_CONFIG_H
#define WK_CONFIG_H

/* HTTP request buffer (512..65536) */
#define CONFIG_WK_REQUEST_BUF_SIZE 2048
/* Receive chunk buffer (64..65536) */
#define CONFIG_WK_IO_BUF_SIZE 1024
/* Longest response header line (128..65536) */
#define CONFIG_WK_HTTP_HEADER_LINE_MAX 1024
/* Largest response header section (1024..1048576) */
#define CONFIG_WK_HTTP_MAX_HEADER_BYTES 16384
/* User string window (256..1048576) */
#define CONFIG_WK_USER_WINDOW_SIZE 4096
/* Deepest nesting accepted in a body (4..1024) */
#define CONFIG_WK_JSON_MAX_DEPTH 32
/* securityGroups entries per user (1..1024) */
#define CONFIG_WK_MAX_SECURITY_GROUPS 16
/* Longest nextToken (decoded) (64..65536) */
#define CONFIG_WK_NEXT_TOKEN_MAX 1024
/* Largest error response body kept for parsing (256..65536) */
#define CONFIG_WK_ERROR_BODY_MAX 2048
/* Longest error type name (32..1024) */
#define CONFIG_WK_ERROR_TYPE_MAX 96
/* Longest error message (64..8192) */
#define CONFIG_WK_ERROR_MESSAGE_MAX 512
/* Bytes for ValidationError reasons (field and reason texts) (64..16384) */
#define CONFIG_WK_ERROR_REASONS_MAX 768
/* Longest x-amzn-RequestId (16..256) */
#define CONFIG_WK_REQUEST_ID_MAX 80
/* Longest endpoint host name (64..1024) */
#define CONFIG_WK_HOST_MAX 128
/* Longest custom endpoint base path (1..1024) */
#define CONFIG_WK_ENDPOINT_PATH_MAX 64
/* Longest region name (16..128) */
#define CONFIG_WK_REGION_MAX 32
/* Longest session token of temporary credentials (256..8192) */
#define CONFIG_WK_SESSION_TOKEN_MAX 2048
/* Diagnostic message buffer (64..1024) */
#define CONFIG_WK_DIAG_MAX 192
/* Connect (TCP and TLS handshake) (100..600000) */
#define CONFIG_WK_CONNECT_TIMEOUT_MS 10000
/* Idle read: longest wait for the next byte (100..600000) */
#define CONFIG_WK_READ_TIMEOUT_MS 30000
/* Deadline for one attempt: request sent to response complete (100..3600000) */
#define CONFIG_WK_CALL_TIMEOUT_MS 120000
/* Attempts per page (first try included) (1..10) */
#define CONFIG_WK_MAX_ATTEMPTS 3
/* Text appended to the User-Agent (string) */
#define CONFIG_WK_USER_AGENT_SUFFIX ""
/* Diagnostic texts (bool: 0 or 1) */
#define CONFIG_WK_DIAG_TEXT 1
/* Status names (bool: 0 or 1) */
#define CONFIG_WK_STATUS_NAMES 1
/* Custom endpoint URLs (bool: 0 or 1) */
#define CONFIG_WK_CUSTOM_ENDPOINT 1
/* Regions outside the aws partition (bool: 0 or 1) */
#define CONFIG_WK_OTHER_PARTITIONS 1
/* FIPS and dual-stack endpoints (bool: 0 or 1) */
#define CONFIG_WK_ENDPOINT_VARIANTS 1
/* IPv6 address literals (bool: 0 or 1) */
#define CONFIG_WK_IPV6 1
/* Sorted listings (sortFields, sortDirection) (bool: 0 or 1) */
#define CONFIG_WK_LIST_SORT 1
/* Chunk extensions in chunked responses (bool: 0 or 1) */
#define CONFIG_WK_HTTP_CHUNK_EXTENSIONS 1
/* Retry-After as an HTTP date (bool: 0 or 1) */
#define CONFIG_WK_RETRY_AFTER_DATE 1

/* The ports' options (port/Kconfig); without a configuration header their
 * defaults come from the port headers (port/include). */
/* TLS read-ahead (0: off) (0..65536) */
#define CONFIG_WK_TLS_READ_AHEAD 4096

#endif /* WK_CONFIG_H */
