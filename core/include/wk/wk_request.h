/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_request.h
 * @brief ListUsers inputs: validation, URI encoding, endpoint resolution.
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
    const char *first_name;
    const char *last_name;
    const char *username;
    int32_t status;             /**< 0 = omitted; 1 pending, 2 active */
    const char *group_id;
} wk_list_users_request_t;

/**
 * @brief Check every input against the API's rules before anything is sent.
 * @param[in]  req  the request; borrowed for the call.
 * @param[out] diag optional; names the failing field and why.
 * @return WK_OK, WK_ERR_ARG (req NULL), WK_ERR_NETWORK_ID, WK_ERR_MAX_RESULTS,
 *         WK_ERR_SORT_FIELDS, WK_ERR_SORT_DIRECTION, WK_ERR_STATUS_FILTER,
 *         WK_ERR_STRING (a string that is not valid UTF-8).
 */
wk_status_t wk_list_users_request_validate(const wk_list_users_request_t *req, wk_diag_t *diag);

/**
 * @brief Write the request target: "/networks/{id}/users" then, when any query
 *        parameter is set, '?' and the query sorted by key, each key and value
 *        percent-encoded per SigV4 (only A-Z a-z 0-9 - _ . ~ bare; '+' as %2B).
 *        The query so written is already the SigV4 canonical query string.
 * @param[in]  req       a request that passed validation.
 * @param[in]  base_path endpoint path prefix without trailing '/', "" for none.
 * @param[out] buf       destination; not NUL-terminated.
 * @param[in]  cap       capacity of @p buf.
 * @param[out] path_len  length of the path part (up to, not including, '?').
 * @param[out] total_len length of the whole target.
 * @return WK_OK, WK_ERR_ARG, WK_ERR_NO_SPACE (nothing usable written), or a
 *         validation status (the request is validated again here).
 */
wk_status_t wk_list_users_request_target(const wk_list_users_request_t *req, const char *base_path,
                                         char *buf, size_t cap, size_t *path_len,
                                         size_t *total_len, wk_diag_t *diag);

/**
 * @brief Percent-encode @p len bytes as SigV4 requires (unreserved bytes bare,
 *        everything else %XX with upper-case hex).
 * @param[out] out_len bytes written (also set, to the size needed, on WK_ERR_NO_SPACE).
 * @return WK_OK, WK_ERR_ARG, WK_ERR_NO_SPACE.
 */
wk_status_t wk_uri_encode(const char *in, size_t len, char *out, size_t cap, size_t *out_len);

/** Where requests go. Filled by wk_endpoint_resolve(); owned by the caller. */
typedef struct wk_endpoint {
    char host[CONFIG_WK_HOST_MAX];           /**< NUL-terminated; no port */
    char base_path[CONFIG_WK_ENDPOINT_PATH_MAX]; /**< "" or "/prefix" without trailing '/' */
    uint16_t port;                           /**< 443 unless the URL said otherwise */
    bool tls;                                /**< false only for an explicit http:// URL */
    bool port_explicit;                      /**< the URL named the port (Host header keeps it) */
} wk_endpoint_t;

/** Endpoint rule-set inputs (the Smithy endpoint parameters). Strings borrowed for the call. */
typedef struct wk_endpoint_params {
    const char *region;       /**< NULL when unset */
    bool use_fips;
    bool use_dualstack;
    const char *endpoint_url; /**< NULL when unset: "https://host[:port][/path]" */
} wk_endpoint_params_t;

/**
 * @brief Resolve the endpoint as the service's Smithy rule set does: aws, aws-cn,
 *        aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f and eusc partitions,
 *        FIPS and dual-stack variants, or a custom URL.
 * @param[out] diag on WK_ERR_ENDPOINT_CONFIG it holds exactly the rule set's error
 *                  text, e.g. "Invalid Configuration: Missing Region".
 * @return WK_OK, WK_ERR_ARG, WK_ERR_ENDPOINT_CONFIG, WK_ERR_REGION (not a valid
 *         host label), WK_ERR_ENDPOINT (URL malformed), WK_ERR_NO_SPACE (host longer
 *         than CONFIG_WK_HOST_MAX - 1).
 */
wk_status_t wk_endpoint_resolve(const wk_endpoint_params_t *params, wk_endpoint_t *out,
                                wk_diag_t *diag);

/**
 * @brief Write the endpoint as a URL, "https://host" plus ":port" when explicit
 *        plus the base path; NUL-terminated.
 * @return WK_OK, WK_ERR_ARG, WK_ERR_NO_SPACE.
 */
wk_status_t wk_endpoint_url(const wk_endpoint_t *ep, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif /* WK_REQUEST_H */
