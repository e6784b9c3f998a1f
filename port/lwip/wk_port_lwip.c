/* SPDX-License-Identifier: Apache-2.0 */
/* TCP over lwIP's sockets API as a wk_transport_t; see wk_port_lwip.h. */
#include "lwip/opt.h"

#include "lwip/def.h"
#include "lwip/errno.h"
#include "lwip/sockets.h"
#include "lwip/sys.h"
#if LWIP_DNS
#include "lwip/netdb.h"
#endif

#include <string.h>

#include "wk_port_lwip.h"
#include "../sockets/wk_port_sockets.h"

/* What wk_port_lwip.h promises, checked against the application's lwipopts.h. */
#if NO_SYS || !LWIP_SOCKET || !LWIP_TCP
#error "wk_port_lwip needs the sockets API: NO_SYS 0, LWIP_SOCKET 1 and LWIP_TCP 1 in lwipopts.h"
#endif
#if !LWIP_SO_RCVTIMEO || !LWIP_SO_SNDTIMEO
#error "wk_port_lwip bounds every wait: LWIP_SO_RCVTIMEO 1 and LWIP_SO_SNDTIMEO 1 in lwipopts.h"
#endif
#if !LWIP_SOCKET_POLL
#error "wk_port_lwip bounds connect with lwip_poll(): LWIP_SOCKET_POLL 1 in lwipopts.h"
#endif

/* lwIP stores socket timeouts as int milliseconds. */
#define WK_LWIP_TIMEOUT_MAX 0x7fffffffu

/* lwIP sets errno for socket calls; a call that failed without setting it is an I/O error. */
static int last_errno(void)
{
    return errno != 0 ? errno : EIO;
}

/* Short, fixed explanations in lwIP's terms (it maps its err_t to these). */
static const char *errno_text(int err)
{
    const char *text = NULL;
    switch (err) {
    case ECONNRESET: text = "connection refused or reset"; break;
    case ECONNABORTED: text = "connection aborted"; break;
    case EHOSTUNREACH: text = "no route to host (check the interface and its netmask)"; break;
    case ETIMEDOUT: text = "timed out"; break;
    case ENOMEM:
    case ENOBUFS:
    case ENFILE: text = "lwIP is out of sockets or memory"; break;
    case EAFNOSUPPORT: text = "address family not enabled in lwipopts.h"; break;
    default: break;
    }
    return text;
}

/* Waits for a non-blocking connect. Returns 0 when connected, else an errno
 * value (ETIMEDOUT when the budget ran out). */
static int finish_connect(int s, uint32_t start, uint32_t budget)
{
    int err = 0;
    int ready = 0;
    do {
        struct pollfd p;
        uint32_t left = wk_sock_ms_left(start, budget);
        p.fd = s;
        p.events = POLLOUT;
        p.revents = 0;
        ready = lwip_poll(&p, 1u, left > WK_LWIP_TIMEOUT_MAX ? (int)WK_LWIP_TIMEOUT_MAX : (int)left);
        if (ready < 0) {
            err = last_errno();
        }
    } while (err == 0 && ready == 0 && wk_sock_ms_left(start, budget) > 0u);
    if (err == 0 && ready == 0) {
        err = budget == 0u ? EINPROGRESS : ETIMEDOUT; /* 0: looked once, still going */
    } else if (err == 0) {
        /* Writable means finished, either way; SO_ERROR says which. */
        socklen_t len = (socklen_t)sizeof(err);
        if (lwip_getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len) != 0) {
            err = last_errno();
        }
    }
    return err;
}

/* The connected socket is made blocking: SO_RCVTIMEO / SO_SNDTIMEO then
 * bound each call (MSG_DONTWAIT for timeout 0). Returns 0 or an errno value. */
static int connected(int s)
{
    int one = 1;
    if (lwip_fcntl(s, F_SETFL, 0) != 0) {
        return last_errno();
    }
    (void)lwip_setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, (socklen_t)sizeof(one));
    return 0;
}

/* One address: returns 0 with *sock_out set, or an errno value. lwip_connect()
 * alone would wait as long as TCP retries the SYN, so the connect runs
 * non-blocking under the budget. With budget 0 a connect still in progress
 * returns EINPROGRESS, its socket in *sock_out. */
static int connect_one(const struct sockaddr *sa, socklen_t sa_len, uint32_t start,
                       uint32_t budget, int *sock_out)
{
    int err = 0;
    int s = lwip_socket(sa->sa_family, SOCK_STREAM, IPPROTO_TCP);
    if (s < 0) {
        return last_errno();
    }
    if (lwip_fcntl(s, F_SETFL, O_NONBLOCK) != 0) {
        err = last_errno();
    } else if (lwip_connect(s, sa, sa_len) != 0) {
        err = last_errno();
        if (err == EINPROGRESS) {
            err = finish_connect(s, start, budget);
        }
    } else {
        /* connected at once */
    }
    if (err == 0) {
        err = connected(s);
    }
    if (err == 0 || err == EINPROGRESS) {
        *sock_out = s;
    } else {
        (void)lwip_close(s);
    }
    return err;
}

#if LWIP_DNS
/* @p ip_len: 4 or 16 when host is an IP literal (see wk_host_ip_literal()), else 0. */
static wk_status_t connect_any(wk_lwip_conn_t *c, const char *host, const uint8_t *ip,
                               size_t ip_len, uint16_t port, uint32_t start, uint32_t budget,
                               int *err, wk_diag_t *diag)
{
    struct addrinfo hints;
    struct addrinfo *list = NULL;
    const struct addrinfo *ai;
    char service[6];
    int rc;
    (void)ip;
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    /* A literal is parsed, never sent to DNS. */
    hints.ai_flags = ip_len != 0u ? AI_NUMERICHOST : 0;
    rc = lwip_getaddrinfo(host, wk_sock_port_text(port, service), &hints, &list);
    if (rc != 0 || list == NULL) {
        wk_sock_diag_host(diag, "cannot resolve", host, port);
        wk_diag_str(diag, "lwIP DNS error ");
        wk_diag_u64(diag, (uint64_t)(unsigned)rc);
        return WK_ERR_DNS;
    }
    *err = EHOSTUNREACH;
    for (ai = list; ai != NULL; ai = ai->ai_next) {
        *err = connect_one(ai->ai_addr, ai->ai_addrlen, start, budget, &c->sock);
        if (*err == 0 || *err == EINPROGRESS || wk_sock_ms_left(start, budget) == 0u) {
            break;
        }
    }
    lwip_freeaddrinfo(list);
    return WK_OK;
}
#else
/* No DNS in this lwIP: the host must be an IP literal. Its bytes come from
 * wk_host_ip_literal(), not lwIP's inet_pton(), which also reads "0x7f.1". */
static wk_status_t connect_any(wk_lwip_conn_t *c, const char *host, const uint8_t *ip,
                               size_t ip_len, uint16_t port, uint32_t start, uint32_t budget,
                               int *err, wk_diag_t *diag)
{
    union {
        struct sockaddr sa;
        struct sockaddr_in in4;
#if LWIP_IPV6
        struct sockaddr_in6 in6;
#endif
    } addr;
    socklen_t len = 0;
    memset(&addr, 0, sizeof(addr));
    if (ip_len == 4u) {
        memcpy(&addr.in4.sin_addr, ip, 4u);
        addr.in4.sin_family = AF_INET;
        addr.in4.sin_port = lwip_htons(port);
        len = (socklen_t)sizeof(addr.in4);
    }
#if LWIP_IPV6
    else if (ip_len == 16u) {
        memcpy(&addr.in6.sin6_addr, ip, 16u);
        addr.in6.sin6_family = AF_INET6;
        addr.in6.sin6_port = lwip_htons(port);
        len = (socklen_t)sizeof(addr.in6);
    }
#endif
    if (len == 0) {
        wk_sock_diag_host(diag, "cannot resolve", host, port);
        wk_diag_str(diag, ip_len == 0u ? "this lwIP has no DNS (LWIP_DNS 0): use an IP address"
                                       : "this lwIP has no IPv6 (LWIP_IPV6 0)");
        return WK_ERR_DNS;
    }
    *err = connect_one(&addr.sa, len, start, budget, &c->sock);
    return WK_OK;
}
#endif /* LWIP_DNS */

/* wk_lwip_connect(), where timeout 0 starts a connect (to the first address
 * only) or goes on with the one in progress, returning WK_WOULD_BLOCK while
 * it is (the opener's). */
static wk_status_t connect_within(wk_lwip_conn_t *c, const char *host, uint16_t port,
                                  uint32_t timeout_ms, wk_diag_t *diag)
{
    uint32_t start = wk_port_now_ms();
    int err = 0;
    uint8_t ip[16];
    size_t ip_len = 0u;
    wk_status_t status = WK_OK;

    if (wk_sock_check_args(c, host, port, "wk_lwip_connect", diag) != WK_OK) {
        return WK_ERR_ARG;
    }
    if (c->connecting && timeout_ms == 0u) {
        err = finish_connect(c->sock, start, 0u);
        err = err == 0 ? connected(c->sock) : err;
        if (err != 0 && err != EINPROGRESS) {
            (void)lwip_close(c->sock);
        }
    } else {
        memset(c, 0, sizeof(*c));
        c->sock = -1;
        if (wk_sock_check_host(host, port, ip, &ip_len, diag) != WK_OK) {
            return WK_ERR_ARG;
        }
        status = connect_any(c, host, ip, ip_len, port, start, timeout_ms, &err, diag);
    }
    c->connecting = status == WK_OK && err == EINPROGRESS;
    if (c->connecting) {
        return WK_WOULD_BLOCK;
    }
    if (status == WK_OK && err == 0) {
        c->open = true;
    } else if (status == WK_OK) {
        status = wk_sock_connect_failed(diag, host, port, err, errno_text(err), start, timeout_ms);
        c->sock = -1;
    } else {
        /* connect_any() wrote the diagnostic */
    }
    return status;
}

/* see wk_port_lwip.h */
wk_status_t wk_lwip_connect(wk_lwip_conn_t *c, const char *host, uint16_t port,
                            uint32_t timeout_ms, wk_diag_t *diag)
{
    if (timeout_ms == 0u) {
        return wk_sock_refuse_step("wk_lwip_connect", diag);
    }
    return connect_within(c, host, port, timeout_ms, diag);
}

static wk_status_t opener_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms,
                                  wk_transport_t *out, wk_diag_t *diag)
{
    return wk_sock_opened(connect_within(ctx, host, port, timeout_ms, diag),
                          wk_lwip_transport(ctx), out);
}

/* Sets SO_RCVTIMEO or SO_SNDTIMEO, unless it already has this value. */
static int set_timeout(int s, int opt, uint32_t ms, uint32_t *last)
{
#if LWIP_SO_SNDRCVTIMEO_NONSTANDARD
    int value;
#else
    struct timeval value;
#endif
    if (ms > WK_LWIP_TIMEOUT_MAX) {
        ms = WK_LWIP_TIMEOUT_MAX;
    }
    if (*last == ms) {
        return 0;
    }
#if LWIP_SO_SNDRCVTIMEO_NONSTANDARD
    value = (int)ms;
#else
    value.tv_sec = (long)(ms / 1000u);
    value.tv_usec = (long)(ms % 1000u) * 1000L;
#endif
    if (lwip_setsockopt(s, SOL_SOCKET, opt, &value, (socklen_t)sizeof(value)) != 0) {
        return last_errno();
    }
    *last = ms;
    return 0;
}

static wk_status_t status_from_errno(int err)
{
    wk_status_t status;
    if (err == EWOULDBLOCK || err == EAGAIN) {
        /* the timeout passed with nothing moved (lwIP maps its ERR_TIMEOUT here too) */
        status = WK_WOULD_BLOCK;
    } else if (err == ENOTCONN || err == EPIPE) {
        status = WK_ERR_PEER_CLOSED;
    } else {
        /* ECONNRESET, ECONNABORTED and everything else: broken, not ended. */
        status = WK_ERR_IO;
    }
    return status;
}

/* The flags for one call: a zero timeout must not wait, and lwIP reads a
 * zero SO_*TIMEO as "forever", so that case is MSG_DONTWAIT instead. */
static wk_status_t call_flags(wk_lwip_conn_t *c, int opt, uint32_t timeout_ms, uint32_t *last,
                              int *flags)
{
    *flags = 0;
    if (timeout_ms == 0u) {
        *flags = MSG_DONTWAIT;
        return WK_OK;
    }
    return set_timeout(c->sock, opt, timeout_ms, last) == 0 ? WK_OK : WK_ERR_IO;
}

static wk_status_t lwip_send_fn(void *ctx, const uint8_t *buf, size_t len, size_t *sent,
                                uint32_t timeout_ms)
{
    wk_lwip_conn_t *c = ctx;
    wk_status_t status;
    int flags = 0;
    if (c == NULL || buf == NULL || sent == NULL || len == 0u) {
        return WK_ERR_ARG;
    }
    if (!c->open) {
        return WK_ERR_STATE;
    }
    status = call_flags(c, SO_SNDTIMEO, timeout_ms, &c->snd_timeout_ms, &flags);
    if (status == WK_OK) {
        ssize_t n = lwip_send(c->sock, buf, len, flags);
        if (n > 0) {
            *sent = (size_t)n;
        } else {
            status = n < 0 ? status_from_errno(last_errno()) : WK_WOULD_BLOCK;
        }
    }
    return status;
}

static wk_status_t lwip_recv_fn(void *ctx, uint8_t *buf, size_t len, size_t *got,
                                uint32_t timeout_ms)
{
    wk_lwip_conn_t *c = ctx;
    wk_status_t status;
    int flags = 0;
    if (c == NULL || buf == NULL || got == NULL || len == 0u) {
        return WK_ERR_ARG;
    }
    if (!c->open) {
        return WK_ERR_STATE;
    }
    status = call_flags(c, SO_RCVTIMEO, timeout_ms, &c->rcv_timeout_ms, &flags);
    if (status == WK_OK) {
        ssize_t n = lwip_recv(c->sock, buf, len, flags);
        if (n > 0) {
            *got = (size_t)n;
        } else {
            status = n == 0 ? WK_ERR_PEER_CLOSED : status_from_errno(last_errno());
        }
    }
    return status;
}

/* The lwIP socket, for lwip_poll() / lwip_select(); a connect in progress
 * waits to write. */
static wk_status_t lwip_wait_on(void *ctx, wk_wait_t *w)
{
    const wk_lwip_conn_t *c = ctx;
    return c == NULL ? WK_ERR_ARG : wk_sock_wait_on(w, c->sock, c->connecting, c->open);
}

/* see wk_port_lwip.h */
wk_transport_t wk_lwip_transport(wk_lwip_conn_t *c)
{
    return wk_sock_transport(lwip_send_fn, lwip_recv_fn, lwip_wait_on, c);
}

/* see wk_port_lwip.h */
wk_status_t wk_lwip_close(wk_lwip_conn_t *c)
{
    if (c == NULL) {
        return WK_ERR_ARG;
    }
    if (c->open || c->connecting) {
        (void)lwip_close(c->sock);
    }
    memset(c, 0, sizeof(*c));
    c->sock = -1;
    return WK_OK;
}

static wk_status_t opener_close(void *ctx)
{
    return wk_lwip_close(ctx);
}

static void sleep_ms(uint32_t ms)
{
    sys_msleep(ms);
}

/* see wk_port.h: lwip_poll() on the socket, or sys_msleep() for time alone */
wk_status_t wk_port_wait(const wk_wait_t *w)
{
    return wk_sock_wait(w, lwip_poll, sleep_ms);
}

/* see wk_port_lwip.h */
wk_tcp_opener_t wk_lwip_opener(wk_lwip_conn_t *c)
{
    wk_tcp_opener_t o = {opener_connect, opener_close, c};
    return o;
}
