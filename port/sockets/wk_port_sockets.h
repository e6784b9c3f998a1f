/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the two BSD-sockets ports (port/posix, port/lwip) share, as static
 * functions: each includes this after its own socket headers, so POLLIN and
 * POLLOUT are that stack's (<poll.h>'s, or lwip/sockets.h's). Private to
 * the ports; not installed.
 */
#ifndef WK_PORT_SOCKETS_H
#define WK_PORT_SOCKETS_H

#include <stdint.h>

#include "wk/wk_diag.h"
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
