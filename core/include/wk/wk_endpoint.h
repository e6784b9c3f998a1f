/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_endpoint.h
 * @brief Where requests go: the service's endpoint rule set, custom endpoint
 *        URLs, IP literals, and the authority and URL an endpoint names.
 *
 * The resolved endpoint, wk_endpoint_t, is what a connector is handed: it is
 * part of the port contract and declared in wk_port.h.
 */
#ifndef WK_ENDPOINT_H
#define WK_ENDPOINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wk/wk_diag.h"
#include "wk/wk_status.h"
#include "wk_port.h"

#ifdef __cplusplus
extern "C" {
#endif

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
 * Build options (Kconfig, off in the `minimal` profile): without
 * CONFIG_WK_CUSTOM_ENDPOINT an endpoint_url, and without
 * CONFIG_WK_ENDPOINT_VARIANTS use_fips or use_dualstack, is refused with
 * WK_ERR_ENDPOINT_CONFIG and a diagnostic naming the option, before the rule
 * set is applied; without CONFIG_WK_OTHER_PARTITIONS a region is taken only
 * when it is "aws-global" or matches the aws partition's pattern, any other
 * is refused with WK_ERR_ENDPOINT_CONFIG; without CONFIG_WK_IPV6 a URL host
 * in brackets is refused with WK_ERR_ENDPOINT. A region's standard endpoint,
 * where the build takes the region, is the same in every build.
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
 * - Built without CONFIG_WK_IPV6 (Kconfig), every text with a ':' is
 *   refused (WK_ERR_ENDPOINT): a port then fails the connection instead of
 *   taking an IPv6 address for a name.
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
#endif /* WK_ENDPOINT_H */
