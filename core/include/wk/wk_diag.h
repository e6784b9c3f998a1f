/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_diag.h
 * @brief Human-readable explanation of the last failure.
 *
 * Every module that can fail takes an optional wk_diag_t and writes one line
 * into it: which field, byte offset or rule failed. The text never contains
 * secrets (keys, session tokens, signatures).
 */
#ifndef WK_DIAG_H
#define WK_DIAG_H

#include <stddef.h>

#include "wk/wk_config_defaults.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Diagnostic text. Always NUL-terminated; cut short (with "...") only if
 *  longer than CONFIG_WK_DIAG_MAX - 1, which the messages are written to avoid. */
typedef struct wk_diag {
    char text[CONFIG_WK_DIAG_MAX]; /**< the explanation; "" when cleared */
    size_t len;                    /**< length of @c text without its NUL */
} wk_diag_t;

#ifdef __cplusplus
}
#endif
#endif /* WK_DIAG_H */
