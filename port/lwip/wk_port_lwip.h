/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_port_lwip.h
 * @brief lwIP port: a TCP byte stream over lwIP's sockets API as a
 *        wk_transport_t, plus the clock, UTC, random and sleep singletons of
 *        wk_port.h (in wk_port_lwip_sys.c).
 *
 * This header includes no lwIP header, so an application can use it without
 * lwIP's include paths; only the port's .c files include lwIP.
 *
 * What lwipopts.h must enable (wk_port_lwip.c and wk_port_lwip_sys.c stop
 * the build with \#error when one is missing):
 *  - NO_SYS 0, LWIP_SOCKET 1, LWIP_TCP 1: the sockets API and its threads;
 *  - LWIP_SO_RCVTIMEO 1 and LWIP_SO_SNDTIMEO 1: every receive and send waits
 *    at most the core's timeout (struct timeval, or int milliseconds with
 *    LWIP_SO_SNDRCVTIMEO_NONSTANDARD);
 *  - LWIP_SOCKET_POLL 1 (lwIP's default): the connect deadline is a
 *    non-blocking connect plus lwip_poll(), since lwip_connect() itself
 *    waits as long as TCP keeps retrying the SYN;
 *  - LWIP_DNS 1 for host names (lwip_getaddrinfo()). Without it only IP
 *    literals connect ("192.0.2.10", and "2001:db8::1" with LWIP_IPV6), and
 *    a name fails with WK_ERR_DNS saying so. A target with DNS also needs
 *    a server before the first call: dns_setserver(), or DHCP, which passes
 *    on the servers it learns when LWIP_DHCP_MAX_DNS_SERVERS > 0.
 *  - Sizing: one connection needs a netconn, a TCP PCB and TCP_SND_BUF /
 *    TCP_WND worth of pbufs; TLS records are up to 16 KiB, so a TCP_WND of
 *    at least 4 * TCP_MSS keeps a record from stalling on window updates.
 *
 * Threads: connections are used by one application thread at a time, never
 * from lwIP's tcpip thread (the calls block). wk_lwip_set_utc() may be
 * called from any thread, including tcpip (SNTP).
 *
 * Typical use (errors elided):
 * @code{c}
 * static wk_lwip_conn_t conn;
 * wk_diag_t diag;
 * if (wk_lwip_connect(&conn, "192.0.2.10", 443u, 5000u, &diag) == WK_OK) {
 *     wk_transport_t tcp = wk_lwip_transport(&conn);
 *     ... wrap tcp in TLS (wk_tls_mbedtls.h) and use it ...
 *     wk_lwip_close(&conn);
 * }
 * @endcode
 */
#ifndef WK_PORT_LWIP_H
#define WK_PORT_LWIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wk/wk_diag.h"
#include "wk/wk_status.h"
#include "wk_port.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * wk_lwip_set_utc() refuses, and wk_port_utc_now() never reports, a time
 * earlier than this (2020-01-01T00:00:00Z): such a clock was never set, and
 * a request signed with it could only be refused.
 */
#define WK_LWIP_UTC_MIN_TRUSTED 1577836800

/**
 * A TCP connection over lwIP. Caller-allocated; the fields are private.
 * A zero-initialised context is "not open"; wk_lwip_close() on it does nothing.
 */
typedef struct wk_lwip_conn {
    int sock;               /**< lwIP socket (private); meaningful only while open */
    bool open;              /**< true between a successful connect and close (private) */
    bool connecting;        /**< a connect in progress for the opener (private) */
    uint32_t rcv_timeout_ms; /**< SO_RCVTIMEO last set, 0 = not yet (private) */
    uint32_t snd_timeout_ms; /**< SO_SNDTIMEO last set, 0 = not yet (private) */
} wk_lwip_conn_t;

/**
 * @brief Resolve @p host and open a TCP connection to it through lwIP.
 *
 * With LWIP_DNS every address lwip_getaddrinfo() returns is tried in turn;
 * without it @p host must be an IP literal. An IP literal as
 * wk_host_ip_literal() defines it is never sent to DNS (AI_NUMERICHOST);
 * text lwIP would also read as an address ("0xc0.0.2.10", "192.0.2.010",
 * "fe80::1%en0") is refused with WK_ERR_ARG. All attempts share one
 * @p timeout_ms budget (name resolution is bounded by lwIP's DNS timers,
 * not by it). The connected socket is blocking, with TCP_NODELAY (requests
 * are written whole, so Nagle would only add latency); waits are bounded by
 * SO_RCVTIMEO / SO_SNDTIMEO per call.
 *
 * @param[out] c          context; on WK_OK it is open and must be closed with
 *                        wk_lwip_close(). On failure it is left "not open".
 * @param[in]  host       host name or IP literal, NUL-terminated; borrowed for the call.
 * @param[in]  port       TCP port, 1..65535.
 * @param[in]  timeout_ms budget for all connect attempts; 0 is refused (WK_ERR_ARG).
 * @param[out] diag       optional; on failure names the host, port and cause.
 * @return WK_OK;
 *         WK_ERR_ARG (NULL pointer, empty host, a refused address form,
 *         port 0, timeout 0);
 *         WK_ERR_DNS (the name did not resolve, or it is not an IP literal
 *         and this lwIP has no DNS, or it is IPv6 and this lwIP has no IPv6);
 *         WK_ERR_CONNECT (refused, reset, unreachable, or lwIP out of sockets);
 *         WK_ERR_TIMEOUT (the budget ran out before any address connected).
 *
 * @code
 * static wk_lwip_conn_t conn;
 * if (wk_lwip_connect(&conn, "192.0.2.10", 443u, 5000u, &diag) != WK_OK) {
 *     log_line(diag.text);  // names host, port and cause
 * }
 * @endcode
 */
wk_status_t wk_lwip_connect(wk_lwip_conn_t *c, const char *host, uint16_t port,
                            uint32_t timeout_ms, wk_diag_t *diag);

/**
 * @brief The connection as a byte stream.
 *
 * This cannot fail: it only packs two function pointers and @p c. Its send
 * and receive behave exactly as wk_port.h says:
 *  - each waits at most its timeout_ms (SO_SNDTIMEO / SO_RCVTIMEO; a timeout
 *    of 0 is MSG_DONTWAIT, since lwIP reads 0 as "wait forever") and returns
 *    WK_WOULD_BLOCK when nothing moved in that time;
 *  - receive returns WK_ERR_PEER_CLOSED at the peer's orderly end of stream
 *    (FIN); send returns WK_ERR_PEER_CLOSED when the connection is closed
 *    (ENOTCONN, EPIPE);
 *  - a reset or aborted connection, or any other failure, is WK_ERR_IO;
 *  - on a context that is not open both return WK_ERR_STATE.
 * lwIP checks a send timeout on its TCP timers, so a send may wait up to
 * about half a second longer than asked.
 *
 * @param[in] c retained by the returned transport: keep it valid and open
 *              while the transport is used; it must not be moved or copied.
 * @return the transport (a struct, not a status: nothing can fail); ctx is @p c;
 *         peer_verified is false (plain TCP).
 *
 * @code
 * wk_transport_t tcp = wk_lwip_transport(&conn);
 * status = wk_tls_connect(&tls, &tls_cfg, &tcp, "admin.wickr.us-east-1.amazonaws.com",
 *                         5000u, &diag);
 * @endcode
 */
wk_transport_t wk_lwip_transport(wk_lwip_conn_t *c);

/**
 * @brief The connection context as a TCP opener, for a connector that builds
 *        on it (wk_tls_connector_init() in wk_tls.h, wk_tcp_connector_init()).
 *
 * This cannot fail: it only packs two function pointers and @p c. The
 * opener's connect is wk_lwip_connect() followed by wk_lwip_transport(),
 * except that timeout 0 (what a stepping client passes) starts a connect to
 * the first address and returns WK_WOULD_BLOCK while it is in progress, the
 * stream's wait_on naming the lwIP socket (for lwip_poll()); the next call
 * goes on with it (wk_port.h). Its close is wk_lwip_close(), which also
 * abandons a connect in progress.
 *
 * Names block, also with timeout 0: lwip_getaddrinfo() sends the query
 * through the tcpip thread and waits for its answer, up to lwIP's DNS
 * timeouts (DNS_MAX_RETRIES tries of DNS_TMR_INTERVAL steps, for each
 * server), so the step that starts a connect by name can take that long. A
 * stepping client that must never wait connects to an IP literal (never
 * sent to DNS) and resolves the name itself beforehand (dns_gethostbyname()
 * with a callback). docs/PORTING.md, "Names in step mode".
 *
 * @param[in] c retained by the returned opener: keep it valid while the
 *              opener is used; it must not be moved or copied.
 * @return the opener (a struct, not a status: nothing can fail); ctx is @p c.
 *
 * @code
 * static wk_lwip_conn_t conn;
 * wk_tcp_opener_t tcp = wk_lwip_opener(&conn);
 * status = wk_tls_connector_init(&net, &tcp, NULL, &connector);
 * @endcode
 */
wk_tcp_opener_t wk_lwip_opener(wk_lwip_conn_t *c);

/**
 * @brief Close the connection (if open) and mark the context "not open".
 *
 * Safe to call more than once and on a context whose connect failed.
 * Transports made from @p c must not be used afterwards.
 *
 * @param[in,out] c the context.
 * @return WK_OK; WK_ERR_ARG when @p c is NULL.
 *
 * @code
 * wk_lwip_close(&conn);  // after wk_tls_close() when TLS was on top
 * @endcode
 */
wk_status_t wk_lwip_close(wk_lwip_conn_t *c);

/* ---- Hooks for the singletons (wk_port_lwip_sys.c) ---------------------------
 *
 * lwIP offers a monotonic clock (sys_now(), used for wk_port_now_ms()), but
 * neither UTC nor unpredictable bytes, so the application supplies those two.
 * wk_port_wait() is in wk_port_lwip.c: lwip_poll() on the socket, or
 * sys_msleep() for a wait on time alone.
 */

/**
 * @brief Tell the port the current UTC time (the "UTC hook").
 *
 * The port keeps it together with sys_now() at that moment, and
 * wk_port_utc_now() adds the milliseconds elapsed since. Call it whenever
 * a source has the time: from an RTC at start-up, or from SNTP with
 * @code{c}
 * // lwipopts.h
 * #define SNTP_SET_SYSTEM_TIME(sec) wk_lwip_sntp_set_time((uint32_t)(sec))
 * @endcode
 * (see wk_lwip_sntp_set_time()). Each wk_port_utc_now() carries the base
 * forward, so sys_now() wrapping (every 49.7 days) matters only if the time
 * is neither read nor set for that long (SNTP sets it hourly by default).
 * Until the first call wk_port_utc_now() returns WK_ERR_CLOCK.
 *
 * @param[in] unix_seconds seconds since 1970-01-01T00:00:00Z.
 * @return WK_OK; WK_ERR_CLOCK (earlier than WK_LWIP_UTC_MIN_TRUSTED: the
 *         time is refused and the previous one, if any, kept).
 */
wk_status_t wk_lwip_set_utc(int64_t unix_seconds);

/**
 * @brief wk_lwip_set_utc() for lwIP's SNTP client, whose seconds are
 *        unsigned 32-bit (good until 2106).
 * @param[in] unix_seconds seconds since 1970-01-01T00:00:00Z.
 * @return as wk_lwip_set_utc(): WK_OK, or WK_ERR_CLOCK (earlier than
 *         WK_LWIP_UTC_MIN_TRUSTED; the previous time is kept).
 *
 * @code
 * // lwipopts.h
 * #define SNTP_SET_SYSTEM_TIME(sec) wk_lwip_sntp_set_time((uint32_t)(sec))
 * @endcode
 */
wk_status_t wk_lwip_sntp_set_time(uint32_t unix_seconds);

/**
 * A source of unpredictable bytes: a hardware RNG, or the OS on a hosted
 * system. Fill all @p len bytes and return WK_OK, or return WK_ERR_CRYPTO.
 */
typedef wk_status_t (*wk_lwip_entropy_fn)(void *ctx, uint8_t *buf, size_t len);

/**
 * @brief Set where wk_port_random() (TLS seeding, retry jitter) gets its bytes.
 *
 * Call before anything needs random bytes (the first TLS connection) and while
 * no other thread uses the port. Until then, wk_port_random() returns
 * WK_ERR_CRYPTO: the port never makes up randomness.
 *
 * @param[in] fn  the source; NULL removes it. Retained until the next call.
 * @param[in] ctx passed to @p fn; retained until the next call (never
 *                dereferenced here).
 * @return WK_OK (always).
 *
 * @code
 * static wk_status_t hw_rng(void *ctx, uint8_t *buf, size_t len)
 * {
 *     (void)ctx;
 *     return board_rng_read(buf, len) == 0 ? WK_OK : WK_ERR_CRYPTO;
 * }
 * ...
 * wk_lwip_set_entropy(hw_rng, NULL);  // before the first TLS connection
 * @endcode
 */
wk_status_t wk_lwip_set_entropy(wk_lwip_entropy_fn fn, void *ctx);

#ifdef __cplusplus
}
#endif
#endif /* WK_PORT_LWIP_H */
