/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_request.h
 * @brief ListUsers inputs: validation, URI encoding, the request target.
 */
#ifndef WK_REQUEST_H
#define WK_REQUEST_H

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
 * The ten ListUsers inputs. Every string is NUL-terminated UTF-8, borrowed
 * for the duration of each call that takes the struct. NULL means "not set"
 * (the parameter is omitted from the query); "" is sent as an empty value.
 */
typedef struct wk_list_users_request {
    const char *network_id;     /**< required; ^[0-9]{8}$ */
    const char *next_token;     /**< page token from a previous response */
    int32_t max_results;        /**< 0 = omitted; otherwise 1..100 */
    const char *sort_fields;    /**< e.g. "lastName+firstName" */
    const char *sort_direction; /**< "ASC" or "DESC" */
    const char *first_name;     /**< filter: first names matching this (sensitive) */
    const char *last_name;      /**< filter: last names matching this (sensitive) */
    const char *username;       /**< filter: usernames matching this */
    int32_t status;             /**< 0 = omitted; 1 pending, 2 active */
    const char *group_id;       /**< filter: members of this security group */
} wk_list_users_request_t;

/**
 * @brief Check every input against the API's rules before anything is sent.
 *
 * Rules, checked in this order; the first failure is reported:
 * - every string that is set is UTF-8 (RFC 3629: no overlong forms, no
 *   surrogates, nothing above U+10FFFF), else WK_ERR_STRING;
 * - networkId is set and ^[0-9]{8}$;
 * - maxResults is 0 (omitted) or 1..100;
 * - sortFields, when set, is one or more of username, firstName, lastName,
 *   status, groupId (case-sensitive) joined by '+', with no empty part and
 *   no name twice (a repeated sort key is taken as a mistake);
 * - sortDirection, when set, is "ASC" or "DESC";
 * - built without CONFIG_WK_LIST_SORT (Kconfig), sortFields set is
 *   WK_ERR_SORT_FIELDS and sortDirection set is WK_ERR_SORT_DIRECTION, the
 *   diagnostic naming the option: nothing is sent unsorted in their place;
 * - status is 0 (omitted), 1 (pending) or 2 (active).
 * The diagnostic names the field by its API name and says why, e.g.
 * "networkId has 7 characters, not 8". It never contains
 * firstName or lastName (sensitive in the API model); other values may be
 * echoed, escaped and cut to a few bytes.
 *
 * @param[in]  req  the request; borrowed for the call.
 * @param[out] diag optional; cleared, then on failure names the field and why.
 * @return WK_OK, WK_ERR_ARG (req NULL), WK_ERR_NETWORK_ID, WK_ERR_MAX_RESULTS,
 *         WK_ERR_SORT_FIELDS, WK_ERR_SORT_DIRECTION, WK_ERR_STATUS_FILTER,
 *         WK_ERR_STRING (a string that is not valid UTF-8).
 *
 * @code
 * wk_list_users_request_t req = {0};
 * wk_diag_t diag;
 * req.network_id = "12345678";
 * req.sort_fields = "lastName+firstName";
 * if (wk_list_users_request_validate(&req, &diag) != WK_OK) { report(diag.text); }
 * @endcode
 */
wk_status_t wk_list_users_request_validate(const wk_list_users_request_t *req, wk_diag_t *diag);

/**
 * @brief Write the request target: "/networks/{id}/users" then, when any query
 *        parameter is set, '?' and the query sorted by key, each key and value
 *        percent-encoded per SigV4 (only A-Z a-z 0-9 - _ . ~ bare; '+' as %2B).
 *        The query so written is already the SigV4 canonical query string.
 *
 * Keys come in byte order (firstName, groupId, lastName, maxResults,
 * nextToken, sortDirection, sortFields, status, username); a string that is
 * set but empty is sent as "key=". Integers are written in decimal.
 * e.g. "/networks/12345678/users?maxResults=20&sortDirection=ASC&sortFields=lastName%2BfirstName".
 *
 * @param[in]  req       borrowed for the call; validated here again.
 * @param[in]  base_path wk_endpoint_t::base_path: "" or "/prefix" without a
 *                       trailing '/'; written as given (not checked again).
 * @param[out] buf       destination; the result is not NUL-terminated.
 *                       NULL with @p cap 0 measures: WK_ERR_NO_SPACE and the
 *                       sizes, nothing written.
 * @param[in]  cap       capacity of @p buf.
 * @param[out] path_len  length of the path part (up to, not including, '?');
 *                       set on WK_OK and WK_ERR_NO_SPACE.
 * @param[out] total_len length of the whole target; on WK_ERR_NO_SPACE the
 *                       capacity needed.
 * @param[out] diag      optional; cleared, then on failure explains.
 * @return WK_OK, WK_ERR_ARG (a NULL pointer, or @p buf NULL with @p cap > 0),
 *         WK_ERR_NO_SPACE (contents of @p buf unusable), or a validation status
 *         (see wk_list_users_request_validate()).
 *
 * @code
 * char target[512];
 * size_t path_len, n;
 * if (wk_list_users_request_target(&req, ep.base_path, target, sizeof(target),
 *                                  &path_len, &n, &diag) == WK_OK) {
 *     // target[0..n) is "/networks/12345678/users?maxResults=20..."
 * }
 * @endcode
 */
wk_status_t wk_list_users_request_target(const wk_list_users_request_t *req, const char *base_path,
                                         char *buf, size_t cap, size_t *path_len,
                                         size_t *total_len, wk_diag_t *diag);

/**
 * @brief Percent-encode @p len bytes as SigV4 requires (unreserved bytes bare,
 *        everything else %XX with upper-case hex).
 *
 * Only A-Z a-z 0-9 - _ . ~ stay as they are: "a+b/c" becomes "a%2Bb%2Fc",
 * U+1234 (E1 88 B4) becomes "%E1%88%B4". The output is never longer than
 * 3 * @p len.
 * @param[in]  in      @p len bytes, borrowed for the call; may be NULL when @p len is 0.
 * @param[in]  len     bytes at @p in.
 * @param[out] out     destination, not NUL-terminated; NULL with @p cap 0 measures.
 * @param[in]  cap     bytes at @p out.
 * @param[out] out_len bytes written (also set, to the size needed, on WK_ERR_NO_SPACE).
 * @return WK_OK, WK_ERR_ARG (@p out_len NULL, or @p in / @p out NULL with a
 *         non-zero size), WK_ERR_NO_SPACE (contents of @p out unusable).
 *
 * @code
 * char out[3 * 16];
 * size_t n;
 * if (wk_uri_encode("a+b/c", 5u, out, sizeof(out), &n) == WK_OK) {
 *     // out[0..n) is "a%2Bb%2Fc"
 * }
 * @endcode
 */
wk_status_t wk_uri_encode(const char *in, size_t len, char *out, size_t cap, size_t *out_len);

#ifdef __cplusplus
}
#endif
#endif /* WK_REQUEST_H */
