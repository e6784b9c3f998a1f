/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_port_template.h
 * @brief The starting point for a new port: copy port/template/, rename
 *        "template" after your platform, and fill in every TODO of
 *        wk_port_template.c (docs/PORTING.md walks through it).
 *
 * As shipped it builds and links (CI builds it with warnings as errors),
 * and every function fails with the status its contract in wk_port.h gives
 * for "cannot do this here": wk_port_utc_now() WK_ERR_CLOCK, the random and
 * hashing functions WK_ERR_CRYPTO, connect WK_ERR_CONNECT, send and receive
 * WK_ERR_STATE. Those rather than a status of its own, so that the core and
 * every caller already handle them, and the client refuses to sign or send
 * instead of misbehaving. wk_selftest_run() reports each one as failed
 * until it is done.
 *
 * Only this header and wk_port.h are needed to build it: a port never sees
 * the core's sources.
 */
#ifndef WK_PORT_TEMPLATE_H
#define WK_PORT_TEMPLATE_H

#include <stdbool.h>
#include <stdint.h>

#include "wk/wk_diag.h"
#include "wk/wk_status.h"
#include "wk_port.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A TCP connection of your stack. Caller-allocated; fields are private.
 * A zero-filled one is "not open".
 */
typedef struct wk_template_conn {
    int handle; /**< TODO: your stack's socket, netconn or PCB */
    bool open;  /**< true between a successful connect and close */
} wk_template_conn_t;

/**
 * @brief Open a TCP connection to @p host : @p port within @p timeout_ms.
 *
 * @param[out] c          the connection; on failure left "not open".
 * @param[in]  host       a DNS name or an IP literal (IPv6 without brackets),
 *                        NUL-terminated; borrowed for the call.
 * @param[in]  port       1..65535.
 * @param[in]  timeout_ms budget for resolving and connecting; 0 is WK_ERR_ARG.
 * @param[out] diag       optional; on failure names the host, port and cause.
 * @return WK_OK; WK_ERR_ARG; WK_ERR_DNS; WK_ERR_CONNECT (also: not written yet);
 *         WK_ERR_TIMEOUT.
 *
 * @code
 * static wk_template_conn_t conn;
 * status = wk_template_connect(&conn, "192.0.2.10", 443u, 5000u, &diag);
 * @endcode
 */
wk_status_t wk_template_connect(wk_template_conn_t *c, const char *host, uint16_t port,
                                uint32_t timeout_ms, wk_diag_t *diag);

/**
 * @brief The connection as a byte stream (wk_port.h's rules).
 *
 * Cannot fail: it only packs two function pointers and @p c.
 *
 * @param[in] c retained by the returned transport: keep it valid and in place.
 * @return the transport; peer_verified false (plain TCP).
 *
 * @code
 * wk_transport_t tcp = wk_template_transport(&conn);
 * @endcode
 */
wk_transport_t wk_template_transport(wk_template_conn_t *c);

/**
 * @brief The connection as an opener, for wk_tcp_connector_init() or
 *        wk_tls_connector_init().
 *
 * Cannot fail: it only packs two function pointers and @p c.
 *
 * @param[in] c retained by the returned opener: keep it valid and in place.
 * @return the opener; ctx is @p c.
 *
 * @code
 * static wk_template_conn_t conn;
 * wk_tcp_opener_t tcp = wk_template_opener(&conn);
 * status = wk_tls_connector_init(&net, &tcp, NULL, &cfg.connector);
 * @endcode
 */
wk_tcp_opener_t wk_template_opener(wk_template_conn_t *c);

/**
 * @brief Close the connection (if open) and mark it "not open".
 * @param[in,out] c the connection; safe to close twice.
 * @return WK_OK; WK_ERR_ARG when @p c is NULL.
 *
 * @code
 * wk_template_close(&conn);
 * @endcode
 */
wk_status_t wk_template_close(wk_template_conn_t *c);

#ifdef __cplusplus
}
#endif
#endif /* WK_PORT_TEMPLATE_H */
