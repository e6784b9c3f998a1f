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
#include "wk_port.h"

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
 * - status is 0 (omitted), 1 (pending) or 2 (active).
 * The diagnostic names the field by its API name and says why, e.g.
 * "networkId must be 8 digits (0-9); got 7 characters". It never contains
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

/* wk_endpoint_t, what a connector is handed, is part of the port contract (wk_port.h). */

/** Endpoint rule-set inputs (the Smithy endpoint parameters). Strings borrowed for the call. */
typedef struct wk_endpoint_params {
    const char *region;       /**< NULL when unset */
    bool use_fips;            /**< a FIPS 140 endpoint ("admin.wickr-fips....") */
    bool use_dualstack;       /**< an IPv4 and IPv6 endpoint (aws, aws-cn, aws-us-gov only) */
    const char *endpoint_url; /**< NULL when unset: "https://host[:port][/path]" */
} wk_endpoint_params_t;

/**
 * @brief Resolve the endpoint as the service's Smithy rule set does: aws, aws-cn,
 *        aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f and aws-eusc partitions,
 *        FIPS and dual-stack variants, or a custom URL.
 *
 * Rule order: a custom URL with FIPS or dual-stack on is refused; a custom URL
 * is otherwise used as is and the region is not looked at (the signer still
 * needs one). Without a URL the region is required and must be one DNS label
 * of [a-z0-9-], 1..63 bytes, not starting or ending with '-' (it becomes part
 * of the host). The host is "admin.wickr[-fips].{region}.{suffix}", the
 * suffix chosen by aws.partition(): an explicitly listed region name
 * ("aws-global", "aws-cn-global", "aws-us-gov-global", "aws-iso-global",
 * "aws-iso-b-global", "aws-iso-e-global", "aws-iso-f-global"), else the first
 * partition whose region pattern matches, else aws. Every partition supports
 * FIPS; only aws, aws-cn and aws-us-gov support dual-stack (partitions.json
 * 1.1 says supportsDualStack false for the iso and eusc partitions).
 *
 * Custom URL: "https://host[:port][/path]" or "http://..." (then tls is
 * false); the scheme is case-insensitive. host is a DNS name (letters, digits,
 * '-', '_', dot-separated labels of 1..63), a dotted IPv4 address, or an IPv6
 * address in brackets (stored without them, see wk_endpoint_t), as
 * wk_host_ip_literal() tells them apart: a host that only some resolvers read
 * as an IPv4 address ("0x7f.0.0.1", "127.1", "127.000.0.1") is refused. port is
 * 1..65535. The path may hold only A-Z a-z 0-9 - _ . ~ and '/', with no empty,
 * "." or ".." segment; one trailing '/' is dropped. User information ('@'), a
 * query, a fragment, spaces, control and non-ASCII bytes are refused with
 * WK_ERR_ENDPOINT; the diagnostic gives the byte offset but never the URL.
 *
 * @param[in]  params borrowed for the call.
 * @param[out] out    filled on WK_OK; zeroed on failure.
 * @param[out] diag   optional; on WK_ERR_ENDPOINT_CONFIG it holds exactly the rule
 *                    set's error text, e.g. "Invalid Configuration: Missing Region".
 * @return WK_OK, WK_ERR_ARG, WK_ERR_ENDPOINT_CONFIG, WK_ERR_REGION (not a valid
 *         host label), WK_ERR_ENDPOINT (URL malformed), WK_ERR_NO_SPACE (host longer
 *         than CONFIG_WK_HOST_MAX - 1, or URL path longer than
 *         CONFIG_WK_ENDPOINT_PATH_MAX - 1).
 *
 * @code
 * wk_endpoint_params_t p = {.region = "eu-west-2"};
 * wk_endpoint_t ep;
 * wk_diag_t diag;
 * if (wk_endpoint_resolve(&p, &ep, &diag) == WK_OK) {
 *     // ep.host is "admin.wickr.eu-west-2.amazonaws.com", ep.port 443
 * }
 * @endcode
 */
wk_status_t wk_endpoint_resolve(const wk_endpoint_params_t *params, wk_endpoint_t *out,
                                wk_diag_t *diag);

/**
 * @brief Tell an IP literal from a host name, by the one rule the endpoint
 *        parser, the TCP ports and the TLS host check share.
 *
 * - IPv4 literal: exactly four decimal numbers 0..255 without leading zeros
 *   ("192.0.2.1"). @p addr gets the 4 bytes.
 * - IPv6 literal: RFC 4291 text, eight groups of 1..4 hex digits (either
 *   case), at most one "::" standing for one or more zero groups, the last
 *   two groups optionally as an IPv4 literal; no zone index. Every such form
 *   of one address ("::1", "0:0:0:0:0:0:0:1", "::0.0.0.1") gives the same
 *   16 bytes in @p addr.
 * - Refused (WK_ERR_ENDPOINT), as resolvers disagree on what they mean:
 *   text with a ':' that is no IPv6 literal ("fe80::1%eth0",
 *   "0:0:0:0::0:0:0:1"), and text made only of numbers as inet_aton() reads
 *   them (decimal, octal after a leading 0, hex after 0x) and dots, perhaps
 *   with a trailing dot, that is no IPv4 literal: "0x7f.0.0.1", "127.1",
 *   "2130706433", "010.0.0.1", "127.000.0.1", "127.0.0.1.", "1.2.3.4.5".
 * - Anything else is a name (*addr_len 0), not checked further here:
 *   "1.2.3.4.example" and "example.0x10" are names.
 *
 * @param[in]  host     @p len bytes, borrowed for the call; need not be NUL-terminated.
 * @param[in]  len      bytes at @p host.
 * @param[out] addr     16 bytes; on WK_OK the first *addr_len hold the address
 *                      in network order; otherwise unspecified.
 * @param[out] addr_len 4, 16, or 0 for a name; 0 on WK_ERR_ENDPOINT.
 * @return WK_OK, WK_ERR_ARG (a NULL pointer), WK_ERR_ENDPOINT (an address
 *         in a refused form, see above).
 *
 * @code
 * uint8_t addr[16];
 * size_t addr_len;
 * if (wk_host_ip_literal(host, strlen(host), addr, &addr_len) == WK_OK && addr_len == 0u) {
 *     // a name: resolve it, send it as SNI, match it against dNSName SANs
 * }
 * @endcode
 */
wk_status_t wk_host_ip_literal(const char *host, size_t len, uint8_t addr[16], size_t *addr_len);

/**
 * @brief Write the authority a request names: host (an IPv6 address in
 *        brackets) plus ":port" when explicit; NUL-terminated. This is the
 *        Host header value and the SigV4 canonical host.
 * @param[in]  ep  a resolved endpoint; borrowed for the call.
 * @param[out] buf destination, @p cap > 0.
 * @param[in]  cap bytes at @p buf, NUL included.
 * @param[out] len its length without the NUL; on WK_ERR_NO_SPACE the length needed.
 * @return WK_OK, WK_ERR_ARG (a NULL pointer or @p cap 0), WK_ERR_NO_SPACE
 *         (contents of @p buf unusable).
 *
 * @code
 * char host[CONFIG_WK_HOST_MAX + 8];
 * size_t n;
 * if (wk_endpoint_authority(&ep, host, sizeof(host), &n) == WK_OK) {
 *     // "[::1]:8443" for https://[::1]:8443, "admin.wickr.us-east-1.amazonaws.com" by region
 * }
 * @endcode
 */
wk_status_t wk_endpoint_authority(const wk_endpoint_t *ep, char *buf, size_t cap, size_t *len);

/**
 * @brief Write the endpoint as a URL, "https://" (or "http://") plus
 *        wk_endpoint_authority() plus the base path; NUL-terminated. Resolving
 *        the result again gives the same endpoint.
 * @param[in]  ep  a resolved endpoint; borrowed for the call.
 * @param[out] buf destination, @p cap > 0.
 * @param[in]  cap bytes at @p buf, NUL included.
 * @return WK_OK, WK_ERR_ARG (a NULL pointer or @p cap 0), WK_ERR_NO_SPACE
 *         (contents of @p buf unusable).
 *
 * @code
 * char url[16 + CONFIG_WK_HOST_MAX + CONFIG_WK_ENDPOINT_PATH_MAX];
 * if (wk_endpoint_url(&ep, url, sizeof(url)) == WK_OK) {
 *     printf("endpoint %s\n", url);
 * }
 * @endcode
 */
wk_status_t wk_endpoint_url(const wk_endpoint_t *ep, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif /* WK_REQUEST_H */
