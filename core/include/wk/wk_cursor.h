/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_cursor.h
 * @brief Where a listing stands, and its text form for resuming later.
 */
#ifndef WK_CURSOR_H
#define WK_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wk/wk_config_defaults.h"
#include "wk/wk_diag.h"
#include "wk/wk_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Where a listing stands: the page to ask for, how many of its users were
 * already delivered, and a digest of who they were. A caller may persist it
 * (binary, or as text with wk_cursor_format()) and continue after a reboot
 * with wk_client_list_all_users().
 *
 * Resuming a page (after a failed attempt, or from a saved cursor) skips the
 * first @c index users it holds, which assumes that a nextToken names a
 * stable page: the same users in the same order when asked again. The digest
 * checks that assumption: the skipped users must be the ones delivered, in
 * the same order, or the call fails with WK_ERR_PAGE_CHANGED rather than skip
 * a user or deliver one twice. A user is identified by its userId, else its
 * uname, else its username (the first that is not empty), else by all of its
 * other texts (names, phone, codes, type); never by its state (status,
 * suspended, counters), which may change between two reads. The digest is a
 * 64-bit FNV-1a over those, chained from the page's first user: a
 * consistency check against a page that changed (no crypto port needed, and
 * no secret to protect), not a defence against a service that lies. A cursor
 * without one (has_digest false: read from "wk1:" text, or made by hand)
 * resumes as before, unchecked.
 */
typedef struct wk_cursor {
    char token[CONFIG_WK_NEXT_TOKEN_MAX]; /**< the page's nextToken, NUL-terminated; "" for the first page */
    size_t token_len;                     /**< bytes of @c token before its NUL */
    uint32_t index;                       /**< users of that page already delivered */
    uint64_t digest;                      /**< who they were, in order (see above) */
    bool has_digest;                      /**< false: @c digest unknown, the skipped users are not checked */
} wk_cursor_t;

/** Longest cursor text with its NUL: "wk2:", 10 digits, ':', 16 hex digits,
 *  ':', base64url of the token. */
#define WK_CURSOR_TEXT_MAX (33u + ((CONFIG_WK_NEXT_TOKEN_MAX + 1u) / 3u) * 4u)

/**
 * @brief Write @p cur as text: "wk2:<index>:<digest>:<token>", the digest in
 *        16 lowercase hex digits and the token in base64url without padding
 *        (RFC 4648 section 5), so that any token (spaces, quotes, control
 *        bytes) survives a shell, a log line or a file. A cursor with
 *        nothing to check (no digest, or index 0) is written in the first
 *        form, "wk1:<index>:<token>": "wk1:0:" is the start of a listing.
 * @param[in]  cur the cursor; borrowed for the call.
 * @param[out] buf NUL-terminated text; unchanged on failure.
 * @param[in]  cap bytes at @p buf; WK_CURSOR_TEXT_MAX always suffices.
 * @param[out] len length of the text without the NUL; set on WK_OK only.
 * @return WK_OK, WK_ERR_NO_SPACE (@p cap below WK_CURSOR_TEXT_MAX and too
 *         small for this cursor), WK_ERR_ARG (a NULL pointer, or a token_len
 *         that does not fit the token).
 *
 * @code
 * char text[WK_CURSOR_TEXT_MAX];
 * size_t n;
 * const wk_cursor_t *cur;
 * if (wk_client_cursor(&client, &cur) == WK_OK && wk_cursor_format(cur, text, sizeof(text), &n) == WK_OK) {
 *     save_somewhere(text, n);
 * }
 * @endcode
 */
wk_status_t wk_cursor_format(const wk_cursor_t *cur, char *buf, size_t cap, size_t *len);

/**
 * @brief Read text written by wk_cursor_format().
 *
 * Both forms are read: "wk2:" text sets has_digest, "wk1:" text (written by
 * earlier versions too) leaves it false, and resuming from it cannot check
 * that the skipped users are the ones delivered.
 *
 * @param[out] cur  the cursor; on failure, the start of a listing ("wk1:0:").
 * @param[in]  text borrowed for the call; @p len bytes, not NUL-terminated.
 * @param[in]  len  bytes at @p text.
 * @param[out] diag optional (NULL): what is wrong, with the byte offset; left
 *                  as it was on success.
 * @return WK_OK, WK_ERR_CURSOR (no "wk1:" or "wk2:" prefix, index not a
 *         decimal number below 2^32, a "wk2:" digest that is not 16 lowercase
 *         hex digits, bad base64url, a token with NUL or longer than
 *         CONFIG_WK_NEXT_TOKEN_MAX - 1), WK_ERR_ARG (@p cur or @p text NULL;
 *         @p cur untouched then).
 *
 * @code
 * static wk_cursor_t from;
 * if (wk_cursor_parse(&from, text, strlen(text), &diag) == WK_OK) {
 *     status = wk_client_list_all_users(&client, &req, &from, on_user, NULL, NULL);
 * }
 * @endcode
 */
wk_status_t wk_cursor_parse(wk_cursor_t *cur, const char *text, size_t len, wk_diag_t *diag);

#ifdef __cplusplus
}
#endif
#endif /* WK_CURSOR_H */
