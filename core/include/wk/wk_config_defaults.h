/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_config_defaults.h
 * @brief Every build option with its default.
 *
 * The build's wk_config.h (written by CMake from Kconfig, or by hand) is read
 * first when WK_HAVE_CONFIG_H is defined; WK_CONFIG_FILE names another header.
 * Anything it leaves out takes the default below. The Kconfig file documents
 * each option; the names are the same.
 */
#ifndef WK_CONFIG_DEFAULTS_H
#define WK_CONFIG_DEFAULTS_H

#if defined(WK_CONFIG_FILE)
#include WK_CONFIG_FILE
#elif defined(WK_HAVE_CONFIG_H)
#include "wk_config.h"
#endif

#ifndef CONFIG_WK_REQUEST_BUF_SIZE
#define CONFIG_WK_REQUEST_BUF_SIZE 2048
#endif
#ifndef CONFIG_WK_IO_BUF_SIZE
#define CONFIG_WK_IO_BUF_SIZE 1024
#endif
#ifndef CONFIG_WK_HTTP_HEADER_LINE_MAX
#define CONFIG_WK_HTTP_HEADER_LINE_MAX 1024
#endif
#ifndef CONFIG_WK_HTTP_MAX_HEADER_BYTES
#define CONFIG_WK_HTTP_MAX_HEADER_BYTES 16384
#endif
#ifndef CONFIG_WK_USER_WINDOW_SIZE
#define CONFIG_WK_USER_WINDOW_SIZE 4096
#endif
#ifndef CONFIG_WK_JSON_MAX_TOKENS
#define CONFIG_WK_JSON_MAX_TOKENS 96
#endif
#ifndef CONFIG_WK_JSON_MAX_DEPTH
#define CONFIG_WK_JSON_MAX_DEPTH 32
#endif
#ifndef CONFIG_WK_MAX_SECURITY_GROUPS
#define CONFIG_WK_MAX_SECURITY_GROUPS 16
#endif
#ifndef CONFIG_WK_NEXT_TOKEN_MAX
#define CONFIG_WK_NEXT_TOKEN_MAX 1024
#endif
#ifndef CONFIG_WK_ERROR_BODY_MAX
#define CONFIG_WK_ERROR_BODY_MAX 2048
#endif
#ifndef CONFIG_WK_ERROR_TYPE_MAX
#define CONFIG_WK_ERROR_TYPE_MAX 96
#endif
#ifndef CONFIG_WK_ERROR_MESSAGE_MAX
#define CONFIG_WK_ERROR_MESSAGE_MAX 512
#endif
#ifndef CONFIG_WK_ERROR_REASONS_MAX
#define CONFIG_WK_ERROR_REASONS_MAX 768
#endif
#ifndef CONFIG_WK_REQUEST_ID_MAX
#define CONFIG_WK_REQUEST_ID_MAX 80
#endif
#ifndef CONFIG_WK_HOST_MAX
#define CONFIG_WK_HOST_MAX 128
#endif
#ifndef CONFIG_WK_ENDPOINT_PATH_MAX
#define CONFIG_WK_ENDPOINT_PATH_MAX 64
#endif
#ifndef CONFIG_WK_REGION_MAX
#define CONFIG_WK_REGION_MAX 32
#endif
#ifndef CONFIG_WK_DIAG_MAX
#define CONFIG_WK_DIAG_MAX 192
#endif
#ifndef CONFIG_WK_CONNECT_TIMEOUT_MS
#define CONFIG_WK_CONNECT_TIMEOUT_MS 10000
#endif
#ifndef CONFIG_WK_READ_TIMEOUT_MS
#define CONFIG_WK_READ_TIMEOUT_MS 30000
#endif
#ifndef CONFIG_WK_CALL_TIMEOUT_MS
#define CONFIG_WK_CALL_TIMEOUT_MS 120000
#endif
#ifndef CONFIG_WK_MAX_ATTEMPTS
#define CONFIG_WK_MAX_ATTEMPTS 3
#endif
#ifndef CONFIG_WK_USER_AGENT_SUFFIX
#define CONFIG_WK_USER_AGENT_SUFFIX ""
#endif

#if CONFIG_WK_REQUEST_BUF_SIZE < 512
#error "CONFIG_WK_REQUEST_BUF_SIZE must be at least 512"
#endif
#if CONFIG_WK_USER_WINDOW_SIZE < 256
#error "CONFIG_WK_USER_WINDOW_SIZE must be at least 256"
#endif
#if CONFIG_WK_JSON_MAX_TOKENS < 16
#error "CONFIG_WK_JSON_MAX_TOKENS must be at least 16"
#endif

#endif /* WK_CONFIG_DEFAULTS_H */
