/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_port_lwip_raw.h
 * @brief lwIP raw-API port: a TCP byte stream over tcp_* callbacks and pbuf
 *        chains, for bare metal (NO_SYS 1): no threads, no sockets, no
 *        memory but lwIP's own static pools.
 *
 * This header includes no lwIP header, so an application can use it without
 * lwIP's include paths; only wk_port_lwip_raw.c includes lwIP.
 *
 * lwIP's raw API has no waiting of its own: data arrives when the
 * application's loop feeds received frames to the stack (the driver's poll)
 * and runs its timers (sys_check_timeouts()). The application gives the
 * port one function that does that once, the *service* function; a stream
 * call with a timeout above 0 calls it until something happened or the
 * timeout passed. With a timeout of 0 nothing is serviced and nothing waits:
 * the call takes what the callbacks already delivered, and the
 * application's own superloop runs the stack. The stream has no descriptor
 * to watch: a caller that asks what to wait for is told to call again after
 * the next turn of its loop (the stream has no wait_on: WK_WAIT_NO_HANDLE).
 *
 * What lwipopts.h must enable (wk_port_lwip_raw.c stops the build with
 * \#error when one is missing): NO_SYS 1, LWIP_TCP 1, LWIP_CALLBACK_API 1.
 * Host names need DNS, which this port does not do: only dotted IPv4
 * addresses connect ("192.0.2.1"), a name fails with WK_ERR_DNS.
 *
 * One connection per context; every call from the one loop that also calls
 * lwIP (never from an interrupt).
 *
 * Typical use (errors elided):
 * @code{c}
 * static wk_lwip_raw_conn_t conn;
 * static void service(void *ctx)
 * {
 *     (void)ctx;
 *     board_eth_poll(&netif);  // received frames into lwIP
 *     sys_check_timeouts();    // lwIP's timers
 * }
 * ...
 * wk_lwip_raw_init(&conn, service, NULL);
 * wk_tcp_opener_t tcp = wk_lwip_raw_opener(&conn);
 * status = wk_tls_connector_init(&net, &tcp, &trust, &cfg.connector);
 * @endcode
 */
#ifndef WK_PORT_LWIP_RAW_H
#define WK_PORT_LWIP_RAW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wk/wk_diag.h"
#include "wk/wk_status.h"
#include "wk_port.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Runs the network stack once: received frames in, due timers run. */
typedef void (*wk_lwip_raw_service_fn)(void *ctx);

/**
 * A TCP connection over lwIP's raw API. Caller-allocated, fields private;
 * set up with wk_lwip_raw_init(). lwIP's callbacks hold its address while a
 * connection is open or closing: it must not be moved.
 */
typedef struct wk_lwip_raw_conn {
    /** @cond WK_PRIVATE */
    void *pcb;                       /* struct tcp_pcb *, NULL when none */
    void *rx;                        /* struct pbuf * chain received, not yet read */
    wk_lwip_raw_service_fn service;
    void *service_ctx;
    uint8_t state;
    int8_t err;                      /* lwIP's err_t of a failure */
    bool pending;                    /* a connect returned WK_WOULD_BLOCK, its outcome not yet */
    uint16_t port;                   /* of the connect in progress */
    uint8_t addr[4];                 /* of the connect in progress */
    /** @endcond */
} wk_lwip_raw_conn_t;

/**
 * @brief Prepare a context ("not open") and say how to run the stack.
 *
 * @param[out] c           the context.
 * @param[in]  service     runs the stack once; called by the stream calls
 *                         that wait. Retained. NULL: the calls never wait
 *                         (they behave as with timeout 0).
 * @param[in]  service_ctx passed to @p service; retained, never dereferenced here.
 * @return WK_OK; WK_ERR_ARG (@p c NULL).
 *
 * @code
 * static wk_lwip_raw_conn_t conn;
 * wk_lwip_raw_init(&conn, service, NULL);
 * @endcode
 */
wk_status_t wk_lwip_raw_init(wk_lwip_raw_conn_t *c, wk_lwip_raw_service_fn service,
                             void *service_ctx);

/**
 * @brief Open a TCP connection to an IPv4 address.
 *
 * With @p timeout_ms above 0 it services the stack until connected, refused
 * or the timeout. With 0 it starts the connect (or, called again with the
 * same host and port after WK_WOULD_BLOCK, looks at it) and returns
 * WK_WOULD_BLOCK until lwIP has reported the outcome, then the outcome,
 * however many turns of the stack came between; the caller keeps the
 * deadline and calls wk_lwip_raw_close() to give up.
 *
 * @param[in,out] c          a context from wk_lwip_raw_init(); on WK_OK open.
 * @param[in]     host       dotted IPv4 address, NUL-terminated; borrowed for the call.
 * @param[in]     port       TCP port, 1..65535.
 * @param[in]     timeout_ms longest wait; 0 means do not wait.
 * @param[out]    diag       optional; on failure names the host, port and cause.
 * @return WK_OK; WK_WOULD_BLOCK (timeout 0: in progress);
 *         WK_ERR_ARG (NULL pointer, port 0, a context already open, or an
 *         address in a form resolvers read differently, see
 *         wk_host_ip_literal());
 *         WK_ERR_DNS (not an IPv4 address: no DNS, no IPv6 here);
 *         WK_ERR_CONNECT (refused, reset, no route, or lwIP out of PCBs);
 *         WK_ERR_TIMEOUT (no answer in time; the attempt is abandoned).
 *
 * @code
 * wk_diag_t diag;
 * if (wk_lwip_raw_connect(&conn, "192.0.2.1", 443u, 5000u, &diag) == WK_OK) {
 *     wk_transport_t tcp = wk_lwip_raw_transport(&conn);
 * }
 * @endcode
 */
wk_status_t wk_lwip_raw_connect(wk_lwip_raw_conn_t *c, const char *host, uint16_t port,
                                uint32_t timeout_ms, wk_diag_t *diag);

/**
 * @brief The connection as a byte stream (wk_port.h's rules).
 *
 * This cannot fail: it only packs two function pointers and @p c.
 *  - receive hands out the received pbufs' bytes and opens the TCP window
 *    by as much; with nothing received it services the stack up to its
 *    timeout, then WK_WOULD_BLOCK. After the peer's FIN, once the data
 *    before it is read: WK_ERR_PEER_CLOSED. After a reset: the data before
 *    it, then WK_ERR_IO.
 *  - send copies into lwIP's send buffer as much as it has room for
 *    (tcp_write, then tcp_output); with no room it services the stack up to
 *    its timeout, then WK_WOULD_BLOCK. On a reset connection WK_ERR_IO; after
 *    the peer closed it, WK_ERR_PEER_CLOSED.
 *  - on a context that is not open both return WK_ERR_STATE.
 *
 * @param[in] c retained by the returned transport; keep it open while used.
 * @return the transport (a struct, not a status); ctx is @p c, peer_verified false.
 *
 * @code
 * wk_transport_t tcp = wk_lwip_raw_transport(&conn);
 * @endcode
 */
wk_transport_t wk_lwip_raw_transport(wk_lwip_raw_conn_t *c);

/**
 * @brief The context as a TCP opener for a connector (wk_tls_connector_init()).
 *
 * This cannot fail. The opener's connect is wk_lwip_raw_connect() then
 * wk_lwip_raw_transport() (also when it returns WK_WOULD_BLOCK, so that the
 * stream is there to be asked what to wait for: nothing it can name); its
 * close is wk_lwip_raw_close().
 *
 * @param[in] c retained by the returned opener.
 * @return the opener (a struct, not a status); ctx is @p c.
 *
 * @code
 * wk_tcp_opener_t tcp = wk_lwip_raw_opener(&conn);
 * status = wk_tls_connector_init(&net, &tcp, &trust, &cfg.connector);
 * @endcode
 */
wk_tcp_opener_t wk_lwip_raw_opener(wk_lwip_raw_conn_t *c);

/**
 * @brief Close the connection (an orderly close, or an abort when lwIP has
 *        no memory for the FIN), drop unread data and mark the context "not
 *        open". Safe on a context that is not open and a second time.
 *
 * @param[in,out] c the context.
 * @return WK_OK; WK_ERR_ARG (@p c NULL).
 *
 * @code
 * wk_lwip_raw_close(&conn);
 * @endcode
 */
wk_status_t wk_lwip_raw_close(wk_lwip_raw_conn_t *c);

#ifdef __cplusplus
}
#endif
#endif /* WK_PORT_LWIP_RAW_H */
