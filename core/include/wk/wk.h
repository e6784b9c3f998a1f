/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk.h
 * @brief wickr-lite: a zero-malloc client for the AWS Wickr Admin API ListUsers.
 *
 * Conventions (they hold for every header included here):
 * - Every fallible function returns wk_status_t: WK_OK (0) on success,
 *   negative on failure, small positive values for outcomes that are not
 *   failures (WK_PARTIAL, WK_WOULD_BLOCK, WK_STOPPED).
 * - Public functions check their pointers and return WK_ERR_ARG for NULL ones.
 * - Memory: nothing here allocates. Every context (wk_client_t, parsers,
 *   signer) is a complete type the caller allocates, statically if it likes;
 *   its fields are private. Sizes come from Kconfig (wk_config_defaults.h).
 * - Ownership: each pointer parameter is "borrowed for the call" unless its
 *   documentation says "retained until ...": then keep it valid and unmodified
 *   until then. Results that point into a context are valid until the next
 *   call on that context, or only during a callback where stated.
 * - Threads: a context may be used by one thread at a time; distinct contexts
 *   are independent.
 * - Nothing is truncated silently: a value too large for its buffer gets its
 *   own status, and wk_diag_t text names the field or byte offset.
 */
#ifndef WK_H
#define WK_H

/** Major version: changes when a public header changes incompatibly. */
#define WK_VERSION_MAJOR 0
/** Minor version: changes when something is added compatibly. */
#define WK_VERSION_MINOR 1
/** Patch version: fixes only. */
#define WK_VERSION_PATCH 0
/** The three numbers as text, e.g. for a User-Agent or --version. */
#define WK_VERSION_STRING "0.1.0"

#include "wk/wk_client.h"
#include "wk/wk_config_defaults.h"
#include "wk/wk_cursor.h"
#include "wk/wk_diag.h"
#include "wk/wk_endpoint.h"
#include "wk/wk_http.h"
#include "wk/wk_json.h"
#include "wk/wk_request.h"
#include "wk/wk_retry.h"
#include "wk/wk_service_error.h"
#include "wk/wk_sigv4.h"
#include "wk/wk_status.h"
#include "wk/wk_users.h"

#endif /* WK_H */
