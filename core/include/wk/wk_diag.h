/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_diag.h
 * @brief Human-readable explanation of the last failure.
 *
 * Every module that can fail takes an optional wk_diag_t and writes one line
 * into it: which field, byte offset or rule failed. The text never contains
 * secrets (keys, session tokens, signatures). Ports write theirs with the
 * same builders (below), so that every explanation is escaped alike.
 */
#ifndef WK_DIAG_H
#define WK_DIAG_H

#include <stddef.h>
#include <stdint.h>

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

/* ---- Builders --------------------------------------------------------------
 * How the core and the ports write a diagnostic. Each appends to the text and
 * cuts it short with "..." when it would not fit; each accepts @p d NULL and
 * then does nothing, so an optional diagnostic needs no test at every call.
 * They cannot fail, so they return nothing.
 *
 * With CONFIG_WK_DIAG_TEXT 0 the appending builders are macros that evaluate
 * nothing: the sentences never reach the image, statuses stay the same, and
 * wk_diag_clear() still leaves "". wk_diag_fmt() is then an inline function
 * that does nothing: its arguments are still evaluated, so pass values, not
 * calls. A port compiled against a library must see the library's
 * wk_config.h, as for every other option.
 */

/**
 * @brief Empty the text ("", length 0).
 * @param[out] d the diagnostic; may be NULL.
 *
 * @code
 * wk_diag_clear(diag);  // first thing in a function that reports through it
 * @endcode
 */
void wk_diag_clear(wk_diag_t *d);

#if CONFIG_WK_DIAG_TEXT || defined(__DOXYGEN__)
/**
 * @brief Append a NUL-terminated string, escaped as wk_diag_strn() does.
 * @param[in,out] d the diagnostic; may be NULL.
 * @param[in]     s the text, borrowed for the call; NULL appends nothing.
 *
 * @code
 * wk_diag_str(diag, "cannot reach ");
 * wk_diag_str(diag, host);
 * @endcode
 */
void wk_diag_str(wk_diag_t *d, const char *s);

/**
 * @brief Append @p n bytes; a byte outside printable ASCII is written as
 *        \\xHH, so text from the network or a user cannot forge lines or
 *        terminal controls.
 * @param[in,out] d the diagnostic; may be NULL.
 * @param[in]     s @p n bytes, borrowed for the call; NULL appends nothing.
 * @param[in]     n how many bytes of @p s.
 *
 * @code
 * wk_diag_strn(diag, value, value_len);  // not NUL-terminated
 * @endcode
 */
void wk_diag_strn(wk_diag_t *d, const char *s, size_t n);

/**
 * @brief Append an unsigned number in decimal.
 * @param[in,out] d the diagnostic; may be NULL.
 * @param[in]     v the number.
 *
 * @code
 * wk_diag_str(diag, " port ");
 * wk_diag_u64(diag, port);
 * @endcode
 */
void wk_diag_u64(wk_diag_t *d, uint64_t v);

/**
 * @brief Append a signed number in decimal.
 * @param[in,out] d the diagnostic; may be NULL.
 * @param[in]     v the number.
 *
 * @code
 * wk_diag_str(diag, "maxResults must be 1..100; got ");
 * wk_diag_i64(diag, max_results);
 * @endcode
 */
void wk_diag_i64(wk_diag_t *d, int64_t v);

/**
 * @brief Append a sentence with values in it: the text of @p fmt, in which
 *        `%s` (a NUL-terminated string, NULL appends nothing), `%.*s` (an int
 *        length, then the bytes), `%llu` (unsigned long long), `%lld` (long
 *        long) and `%%` stand for what wk_diag_str(), wk_diag_strn(),
 *        wk_diag_u64(), wk_diag_i64() and "%" would append. Nothing else is
 *        a conversion; every byte is escaped as wk_diag_strn() does. One call
 *        for what would take several: shorter code at each failure.
 * @param[in,out] d   the diagnostic; may be NULL.
 * @param[in]     fmt the sentence, borrowed for the call; NULL appends nothing.
 *
 * @code
 * wk_diag_fmt(diag, "header %llu: value byte %llu is a control character",
 *             (unsigned long long)index, (unsigned long long)at);
 * @endcode
 */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void wk_diag_fmt(wk_diag_t *d, const char *fmt, ...);
#else
/* sizeof only keeps the arguments "used"; nothing is evaluated. */
#define wk_diag_str(d, s) ((void)sizeof(d), (void)sizeof(s))
#define wk_diag_strn(d, s, n) ((void)sizeof(d), (void)sizeof(s), (void)sizeof(n))
#define wk_diag_u64(d, v) ((void)sizeof(d), (void)sizeof(v))
#define wk_diag_i64(d, v) ((void)sizeof(d), (void)sizeof(v))
/* A function that does nothing (and is inlined away): its arguments stay "used". */
static inline void wk_diag_fmt(wk_diag_t *d, const char *fmt, ...)
{
    (void)d;
    (void)fmt;
}
#endif

#ifdef __cplusplus
}
#endif
#endif /* WK_DIAG_H */
