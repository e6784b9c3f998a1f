/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_port_posix.h
 * @brief POSIX port: a TCP byte stream as a wk_transport_t, plus the clock and
 *        random singletons of wk_port.h (in wk_port_posix_sys.c) and a guard
 *        for the standard descriptors of a program (wk_port_posix_fds.c).
 *
 * The TCP connection is a context the caller allocates (statically if it
 * likes). Nothing here allocates, except getaddrinfo()'s answer, freed
 * before the connect returns, and, when a name is resolved in step mode,
 * one small job and a thread (see wk_posix_opener()). A wk_posix_conn_t may
 * be used by one thread at a time. Writing to a connection the peer has
 * reset never raises SIGPIPE.
 *
 * Typical use:
 * @code{c}
 * static wk_posix_conn_t conn;
 * wk_diag_t diag;
 * wk_status_t st = wk_posix_connect(&conn, "localhost", 443u, 5000u, &diag);
 * if (st == WK_OK) {
 *     wk_transport_t tcp = wk_posix_transport(&conn);
 *     ... use tcp (or wrap it in TLS, see wk_tls_mbedtls.h) ...
 *     wk_posix_close(&conn);
 * }
 * @endcode
 */
#ifndef WK_PORT_POSIX_H
#define WK_PORT_POSIX_H

#include <stdbool.h>
#include <stdint.h>

#include "wk/wk_diag.h"
#include "wk/wk_status.h"
#include "wk_port.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * wk_port_utc_now() reports WK_ERR_CLOCK for a wall clock earlier than this
 * (2020-01-01T00:00:00Z): such a clock was never set, and a request signed
 * with it could only be refused.
 */
#define WK_POSIX_UTC_MIN_TRUSTED 1577836800

struct addrinfo; /* from <netdb.h> */

/**
 * How a name is resolved: getaddrinfo()'s signature. See
 * wk_posix_set_resolver().
 */
typedef int (*wk_posix_resolve_fn)(const char *host, const char *service,
                                   const struct addrinfo *hints, struct addrinfo **res);

/**
 * A TCP connection. Caller-allocated; the fields are private.
 *
 * A zero-initialised context (static storage, or `= {0}`) is "not open", and
 * wk_posix_close() on it does nothing, so a static context never closes
 * descriptor 0 by mistake.
 */
typedef struct wk_posix_conn {
    int fd;          /**< the socket (private); meaningful only while open or connecting */
    bool open;       /**< true between a successful connect and close (private) */
    bool connecting; /**< a connect in progress for the opener (private) */
    void *addrs;     /**< the resolved addresses while connecting (private) */
    const void *next_addr; /**< the next of them to try (private) */
    void *job;       /**< a name being resolved for the opener (private) */
    wk_posix_resolve_fn resolve; /**< NULL: getaddrinfo() (private; wk_posix_set_resolver()) */
} wk_posix_conn_t;

/**
 * @brief Resolve @p host and open a TCP connection to it.
 *
 * Every address getaddrinfo() returns (IPv4 and IPv6) is tried in turn
 * until one connects, all within one @p timeout_ms budget. An IP literal as
 * wk_host_ip_literal() defines it ("127.0.0.1", "::1") is resolved with
 * AI_NUMERICHOST, so it is taken as it is and never looked up; a host that
 * resolvers read as an address in other forms ("0x7f.0.0.1", "127.1",
 * "127.000.0.1", "fe80::1%eth0") is refused with WK_ERR_ARG. The socket stays
 * non-blocking, close-on-exec, with TCP_NODELAY (requests are written whole,
 * so Nagle would only add latency). Names under the reserved top-level
 * domain "invalid" fail at once with WK_ERR_DNS, without asking a resolver
 * (RFC 6761, section 6.4).
 *
 * @param[out] c          context; on WK_OK it is open and must be closed
 *                        with wk_posix_close(). On failure it is left "not open".
 * @param[in]  host       host name or IP literal, NUL-terminated; borrowed for the call.
 * @param[in]  port       TCP port, 1..65535.
 * @param[in]  timeout_ms longest time for resolution plus all connect attempts
 *                        (resolution itself is bounded by the system resolver,
 *                        not by this value); 0 is refused as WK_ERR_ARG.
 * @param[out] diag       optional; on failure names the host, port and cause.
 * @return WK_OK;
 *         WK_ERR_ARG (NULL pointer, empty host, a refused address form,
 *         port 0, timeout 0);
 *         WK_ERR_DNS (the name did not resolve);
 *         WK_ERR_CONNECT (every address refused or was unreachable);
 *         WK_ERR_TIMEOUT (the budget ran out before any address connected).
 *
 * @code
 * static wk_posix_conn_t conn;
 * if (wk_posix_connect(&conn, "127.0.0.1", 8443u, 5000u, &diag) != WK_OK) {
 *     fprintf(stderr, "%s\n", diag.text);  // names host, port and cause
 * }
 * @endcode
 */
wk_status_t wk_posix_connect(wk_posix_conn_t *c, const char *host, uint16_t port,
                             uint32_t timeout_ms, wk_diag_t *diag);

/**
 * @brief The connection as a byte stream.
 *
 * This cannot fail: it only packs three function pointers and @p c. Its
 * send and receive behave exactly as wk_port.h says, and its wait_on names
 * the socket:
 *  - each moves what the socket can take or give at once, and only when
 *    nothing can move waits (poll; not at all for 0) at most its timeout_ms, returning
 *    WK_WOULD_BLOCK when nothing moved in that time; a signal during the wait
 *    is absorbed and the wait resumed;
 *  - receive returns WK_ERR_PEER_CLOSED at the peer's orderly end of stream
 *    (TCP FIN); send returns WK_ERR_PEER_CLOSED when the peer can no longer
 *    take data (EPIPE);
 *  - a reset connection (ECONNRESET) or any other failure is WK_ERR_IO;
 *  - on a context that is not open both return WK_ERR_STATE.
 *
 * @param[in] c retained by the returned transport: keep it valid and open
 *              while the transport is used; it must not be moved or copied.
 * @return the transport (a struct, not a status: nothing can fail); ctx is @p c;
 *         peer_verified is false (plain TCP).
 *
 * @code
 * wk_transport_t tcp = wk_posix_transport(&conn);
 * size_t sent;
 * status = tcp.send(tcp.ctx, req, req_len, &sent, 1000u);
 * @endcode
 */
wk_transport_t wk_posix_transport(wk_posix_conn_t *c);

/**
 * @brief The connection context as a TCP opener, for a connector that builds
 *        on it (wk_tls_connector_init() in wk_tls.h, wk_tcp_connector_init()).
 *
 * This cannot fail: it only packs two function pointers and @p c. The
 * opener's connect is wk_posix_connect() followed by wk_posix_transport(),
 * except that timeout 0 (what a stepping client passes) starts the connect
 * and returns WK_WOULD_BLOCK while it is in progress, the stream's wait_on
 * naming the socket, to be watched for writing; the next call goes on with
 * it (wk_port.h). Its close is wk_posix_close(), which also abandons a
 * connect in progress.
 *
 * Names in step mode: getaddrinfo() has no non-blocking form, so with
 * timeout 0 a host name is resolved by a detached thread the opener starts
 * (all signals blocked in it), and the opener returns WK_WOULD_BLOCK at
 * once, its wait_on naming the read end of a pipe, to be watched for
 * reading: the thread closes the write end when the answer is in, and the
 * next call takes it and starts connecting. The caller keeps the deadline;
 * the resolver's own time limit (resolv.conf) bounds the thread. A close
 * while the thread still runs leaves the answer to the thread, which frees
 * it and its job when it ends: nothing waits for it. This costs one thread,
 * one pipe and one small heap block per resolution; a thread or pipe that
 * cannot be had is WK_ERR_DNS, with the cause in the diagnostic. An IP
 * literal, and a name under "invalid", take the direct path without a
 * thread. A timeout above 0 resolves in the calling thread, as
 * wk_posix_connect() does.
 *
 * @param[in] c retained by the returned opener: keep it valid while the
 *              opener is used; it must not be moved or copied. Zeroed
 *              (static storage, or `= {0}`) or closed before the first
 *              connect: the opener reads what an earlier step left in it.
 * @return the opener (a struct, not a status: nothing can fail); ctx is @p c.
 *
 * @code
 * static wk_posix_conn_t conn;
 * wk_tcp_opener_t tcp = wk_posix_opener(&conn);
 * status = wk_tls_connector_init(&net, &tcp, NULL, &connector);
 * @endcode
 */
wk_tcp_opener_t wk_posix_opener(wk_posix_conn_t *c);

/**
 * @brief For tests only: resolve names for @p c with @p resolve instead of
 *        getaddrinfo() (a resolver that is slow or fails on purpose,
 *        without touching the system's).
 *
 * Programs never need it. The function is called with getaddrinfo()'s
 * arguments, for names only (IP literals are parsed, never looked up), in
 * the calling thread (timeout above 0) or the opener's resolver thread
 * (timeout 0), so it must be thread-safe; whatever it returns in *res is
 * freed with freeaddrinfo(), so it must come from getaddrinfo(). Set it
 * while nothing is connecting, after zeroing @p c. Only the opener
 * (wk_posix_opener()) uses it: wk_posix_connect() fills @p c afresh and
 * calls getaddrinfo().
 *
 * @param[in,out] c       the context; keeps @p resolve until set again.
 * @param[in]     resolve the replacement, or NULL for getaddrinfo().
 * @return WK_OK; WK_ERR_ARG when @p c is NULL.
 *
 * @code
 * static int slow_getaddrinfo(const char *host, const char *service,
 *                             const struct addrinfo *hints, struct addrinfo **res)
 * {
 *     sleep(2);
 *     return getaddrinfo(host, service, hints, res);
 * }
 * wk_posix_set_resolver(&conn, slow_getaddrinfo);
 * @endcode
 */
wk_status_t wk_posix_set_resolver(wk_posix_conn_t *c, wk_posix_resolve_fn resolve);

/**
 * @brief Close the connection (if open) and mark the context "not open".
 *
 * Safe to call more than once and on a context whose connect failed.
 * Transports made from @p c must not be used afterwards. A name still being
 * resolved (wk_posix_opener(), timeout 0) is abandoned without waiting.
 *
 * @param[in,out] c the context.
 * @return WK_OK; WK_ERR_ARG when @p c is NULL.
 *
 * @code
 * wk_posix_close(&conn);  // after wk_tls_close() when TLS was on top
 * @endcode
 */
wk_status_t wk_posix_close(wk_posix_conn_t *c);

/** wk_posix_std_fds_open() bit: descriptor 0 (standard input) was closed. */
#define WK_POSIX_STDIN_CLOSED 1u
/** wk_posix_std_fds_open() bit: descriptor 1 (standard output) was closed. */
#define WK_POSIX_STDOUT_CLOSED 2u
/** wk_posix_std_fds_open() bit: descriptor 2 (standard error) was closed. */
#define WK_POSIX_STDERR_CLOSED 4u

/**
 * @brief Make sure descriptors 0, 1 and 2 are open; call it first in main(),
 *        before anything opens a file, a socket or a device.
 *
 * A program started with one of them closed (`prog >&-`) gets that number
 * for the next descriptor it opens: its TCP socket, say, and whatever it
 * then prints to stdout or stderr goes into the connection. Each closed one
 * is opened on /dev/null here (0 for reading, 1 and 2 for writing), as
 * daemons do, so such writes go nowhere instead. Whether a closed stdout is
 * acceptable is the program's decision: @p closed tells it.
 *
 * @param[out] closed optional; WK_POSIX_*_CLOSED bits of the descriptors that
 *                    were closed (and are now /dev/null).
 * @return WK_OK (all three open);
 *         WK_ERR_IO (/dev/null could not be opened, e.g. in a chroot without
 *         it: a descriptor may still be closed, so the program should exit
 *         without opening anything).
 *
 * @code
 * int main(void)
 * {
 *     unsigned closed = 0u;
 *     if (wk_posix_std_fds_open(&closed) != WK_OK || (closed & WK_POSIX_STDOUT_CLOSED) != 0u) {
 *         return 1; // the output would go nowhere
 *     }
 *     ... connect, list, print ...
 * }
 * @endcode
 */
wk_status_t wk_posix_std_fds_open(unsigned *closed);

#ifdef __cplusplus
}
#endif
#endif /* WK_PORT_POSIX_H */
