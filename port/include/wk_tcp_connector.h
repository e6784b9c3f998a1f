/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_tcp_connector.h
 * @brief A connector made from any opener, with no TLS of its own: for
 *        http:// endpoints, for a stack or modem that does TLS itself
 *        (offload), and for a TLS library wrapped as an opener.
 *
 * The client wants a wk_connector_t; a port offers a wk_tcp_opener_t. This
 * turns one into the other, so a port author writes no connector:
 *  - an endpoint whose URL says http:// gets the opener's stream as it is;
 *  - an https endpoint gets it only when the opener reports that it verified
 *    the peer itself (wk_transport_t.peer_verified, set by a TLS offload).
 *    From a plain TCP opener it gets WK_ERR_TLS_VERIFY, and the connection is
 *    closed before a byte is sent: a request meant for TLS never goes out in
 *    the clear. For TLS over a plain opener use wk_tls.h.
 *
 * Caller-allocated (a static is fine); fields are private. Nothing here
 * allocates. One connection at a time, as the client uses it.
 */
#ifndef WK_TCP_CONNECTOR_H
#define WK_TCP_CONNECTOR_H

#include <stdbool.h>

#include "wk/wk_diag.h"
#include "wk/wk_status.h"
#include "wk_port.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The connector's state. Caller-allocated; fields are private. */
typedef struct wk_tcp_connector {
    /** @cond WK_PRIVATE */
    wk_tcp_opener_t opener;
    bool open;
    wk_diag_t diag;
    /** @endcond */
} wk_tcp_connector_t;

/**
 * @brief Set up a connector over @p opener and describe it for
 *        wk_client_config_t.
 *
 * @param[out] n      the connector; nothing to release beyond the client's
 *                    own close (wk_client_deinit() closes what it opened).
 * @param[in]  opener copied; its ctx is retained while @p n is used: keep it
 *                    valid and unmodified.
 * @param[out] out    the connector to put in wk_client_config_t; its ctx is @p n.
 * @return WK_OK; WK_ERR_ARG (a NULL pointer or an opener without functions).
 *
 * @code
 * static wk_posix_conn_t tcp_conn;
 * static wk_tcp_connector_t net;
 * wk_tcp_opener_t tcp = wk_posix_opener(&tcp_conn);
 * wk_client_config_t cfg = {0};
 * cfg.endpoint.endpoint_url = "http://192.0.2.10:8080";  // a gateway on the LAN
 * status = wk_tcp_connector_init(&net, &tcp, &cfg.connector);
 * @endcode
 */
wk_status_t wk_tcp_connector_init(wk_tcp_connector_t *n, const wk_tcp_opener_t *opener,
                                  wk_connector_t *out);

/**
 * @brief Why the connector's last open failed ("" when it did not): the
 *        opener's explanation, or why an https endpoint was refused.
 *
 * An accessor that cannot fail, so it returns the pointer, not a status.
 *
 * @param[in] n the connector.
 * @return the diagnostic inside @p n, valid until its next open; NULL when
 *         @p n is NULL.
 *
 * @code
 * if (status == WK_ERR_CONNECT) {
 *     fprintf(stderr, "%s\n", wk_tcp_connector_diag(&net)->text);  // host, port, cause
 * }
 * @endcode
 */
const wk_diag_t *wk_tcp_connector_diag(const wk_tcp_connector_t *n);

#ifdef __cplusplus
}
#endif
#endif /* WK_TCP_CONNECTOR_H */
