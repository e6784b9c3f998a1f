/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the two BSD-sockets ports (port/posix, port/lwip) share, as static
 * functions: each includes this after its own socket headers, so POLLIN,
 * POLLOUT and the errno values are that stack's (<poll.h>'s and <errno.h>'s,
 * or lwip/sockets.h's and lwip/errno.h's). Private to the ports; not
 * installed.
 */
#ifndef WK_PORT_SOCKETS_H
#define WK_PORT_SOCKETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "wk/wk_diag.h"
#include "wk/wk_endpoint.h" /* wk_host_ip_literal() */
#include "wk/wk_status.h"
#include "wk_port.h"

/* Milliseconds left of @p budget since @p start on the wrapping clock; 0 when spent. */
static inline uint32_t wk_sock_ms_left(uint32_t start, uint32_t budget)
{
    uint32_t spent = wk_port_now_ms() - start;
    return spent >= budget ? 0u : budget - spent;
}

/* Starts a diagnostic "WHAT HOST port PORT: ", the cause to follow. */
static inline void wk_sock_diag_host(wk_diag_t *diag, const char *what, const char *host,
                                     uint16_t port)
{
    wk_diag_clear(diag);
    wk_diag_str(diag, what);
    wk_diag_str(diag, " ");
    wk_diag_str(diag, host);
    wk_diag_str(diag, " port ");
    wk_diag_u64(diag, port);
    wk_diag_str(diag, ": ");
}

/* The port as getaddrinfo() wants it, decimal text, without stdio (the
 * core style has no snprintf): written at the end of @p buf, which is
 * returned from its first digit. */
static inline const char *wk_sock_port_text(uint16_t port, char buf[6])
{
    size_t n = 5u;
    unsigned v = port;
    buf[n] = '\0';
    do {
        buf[--n] = (char)('0' + (v % 10u));
        v /= 10u;
    } while (v != 0u);
    return &buf[n];
}

/* Reads @p host as wk_host_ip_literal() does: *ip_len 4 or 16 with its
 * bytes in @p ip for an IP literal, 0 for a name; WK_ERR_ARG (said in
 * @p diag) for an address in a form resolvers read differently. */
static inline wk_status_t wk_sock_check_host(const char *host, uint16_t port, uint8_t ip[16],
                                             size_t *ip_len, wk_diag_t *diag)
{
    if (wk_host_ip_literal(host, strlen(host), ip, ip_len) != WK_OK) {
        wk_sock_diag_host(diag, "refusing", host, port);
        wk_diag_str(diag, "an address in a form resolvers read differently (see "
                          "wk_host_ip_literal())");
        return WK_ERR_ARG;
    }
    return WK_OK;
}

/* The checks every connect makes first: a connection, a host and a port.
 * @p function names the caller in the diagnostic. */
static inline wk_status_t wk_sock_check_args(const void *conn, const char *host, uint16_t port,
                                             const char *function, wk_diag_t *diag)
{
    wk_diag_clear(diag);
    if (conn == NULL || host == NULL || host[0] == '\0' || port == 0u) {
        wk_diag_str(diag, function);
        wk_diag_str(diag, ": NULL or empty argument, or port 0");
        return WK_ERR_ARG;
    }
    return WK_OK;
}

/* Adds the cause of a failed call: @p text, the port's words for errno value
 * @p err, or "errno N" where it has none. */
static inline void wk_sock_diag_errno(wk_diag_t *diag, const char *text, int err)
{
    if (text != NULL) {
        wk_diag_str(diag, text);
    } else {
        wk_diag_str(diag, "errno ");
        wk_diag_u64(diag, (uint64_t)(unsigned)err);
    }
}

/* A connect with a budget that ended without a connection, @p err the last
 * address's errno value and @p cause the port's words for it (or NULL).
 * A spent budget wins over that failure: WK_ERR_TIMEOUT, said with the
 * budget; else WK_ERR_CONNECT with the cause. */
static inline wk_status_t wk_sock_connect_failed(wk_diag_t *diag, const char *host,
                                                 uint16_t port, int err, const char *cause,
                                                 uint32_t start, uint32_t timeout_ms)
{
    bool timed_out = err == ETIMEDOUT || err == EINPROGRESS ||
                     (timeout_ms != 0u && wk_sock_ms_left(start, timeout_ms) == 0u);
    wk_sock_diag_host(diag, timed_out ? "connect timed out to" : "cannot connect to", host, port);
    if (timed_out) {
        wk_diag_u64(diag, timeout_ms);
        wk_diag_str(diag, " ms");
        return WK_ERR_TIMEOUT;
    }
    wk_sock_diag_errno(diag, cause, err);
    return WK_ERR_CONNECT;
}

/* The public connect refuses timeout 0: only the opener steps a connect. */
static inline wk_status_t wk_sock_refuse_step(const char *function, wk_diag_t *diag)
{
    wk_diag_clear(diag);
    wk_diag_str(diag, function);
    wk_diag_str(diag, ": timeout 0 (only the opener steps a connect)");
    return WK_ERR_ARG;
}

/* A socket stream's wait_on (see wk_transport_t): the socket, to write
 * while a connect is in progress, in the direction asked once open;
 * nothing when neither. */
static inline wk_status_t wk_sock_wait_on(wk_wait_t *w, int sock, bool connecting, bool open)
{
    if (w == NULL) {
        return WK_ERR_ARG;
    }
    if (connecting || open) {
        w->handle = sock;
        w->events = connecting ? (uint8_t)WK_WAIT_WRITE : w->events;
    }
    return WK_OK;
}

/* A socket port's plain TCP stream: peer_verified is false, as anyone on
 * the path could answer. */
static inline wk_transport_t wk_sock_transport(wk_send_fn send, wk_recv_fn recv,
                                               wk_wait_on_fn wait_on, void *ctx)
{
    wk_transport_t t = {send, recv, ctx, false, wait_on};
    return t;
}

/* What an opener's connect hands back for @p status: the whole @p stream
 * once connected, only what to wait on (wait_on, ctx) while in progress. */
static inline wk_status_t wk_sock_opened(wk_status_t status, wk_transport_t stream,
                                         wk_transport_t *out)
{
    if (status == WK_OK) {
        *out = stream;
    } else if (status == WK_WOULD_BLOCK) {
        out->wait_on = stream.wait_on;
        out->ctx = stream.ctx;
    }
    return status;
}

/* The stack's poll() (poll, lwip_poll) and a sleep in milliseconds. */
typedef int (*wk_sock_poll_fn)(struct pollfd *fds, nfds_t nfds, int timeout);
typedef void (*wk_sock_sleep_fn)(uint32_t ms);

/* wk_port_wait() (see wk_port.h) on a stack with poll(): poll the handle,
 * or sleep when there is none. The time runs to the deadline, not
 * timeout_ms: time spent since the wait was filled in counts. */
static inline wk_status_t wk_sock_wait(const wk_wait_t *w, wk_sock_poll_fn poll_fn,
                                       wk_sock_sleep_fn sleep_fn)
{
    int32_t left;
    if (w == NULL) {
        return WK_ERR_ARG;
    }
    left = (int32_t)(w->deadline_ms - wk_port_now_ms());
    left = left < 0 ? 0 : left; /* passed; and never poll's "forever" */
    if (w->handle != WK_WAIT_NO_HANDLE && w->events != 0u) {
        struct pollfd p;
        p.fd = w->handle;
        p.events = (short)(((w->events & WK_WAIT_READ) != 0u ? POLLIN : 0) |
                           ((w->events & WK_WAIT_WRITE) != 0u ? POLLOUT : 0));
        p.revents = 0;
        /* Ready, the deadline, an error or a signal: the step that follows finds out which. */
        (void)poll_fn(&p, 1u, (int)left);
    } else {
        if (w->events != 0u && left > 1) {
            left = 1; /* a stream nobody can watch: look again soon */
        }
        /* An interrupted sleep just ends early; the caller steps and waits again. */
        sleep_fn((uint32_t)left);
    }
    return WK_OK;
}

#endif /* WK_PORT_SOCKETS_H */
