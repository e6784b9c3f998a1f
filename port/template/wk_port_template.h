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

/* The connection as an opener (wk_tcp_opener_t in wk_port.h), for
 * wk_tcp_connector_init() or wk_tls_connector_init(); see wk_posix_opener()
 * for what to document. Cannot fail; @p c is retained. */
wk_tcp_opener_t wk_template_opener(wk_template_conn_t *c);

/* Close the connection (if open); safe twice; WK_ERR_ARG for NULL. */
wk_status_t wk_template_close(wk_template_conn_t *c);

#ifdef __cplusplus
}
#endif
#endif /* WK_PORT_TEMPLATE_H */
