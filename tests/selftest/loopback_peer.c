/* SPDX-License-Identifier: Apache-2.0 */
/* The self-test's far end on Linux; see loopback_peer.h. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "loopback_peer.h"

void loopback_print(void *ctx, const char *text)
{
    (void)ctx;
    fputs(text, stdout);
}

/* Waits for @p events on @p fd: WK_OK, WK_WOULD_BLOCK, or WK_ERR_IO. */
static wk_status_t wait_for(int fd, short events, uint32_t timeout_ms)
{
    struct pollfd p = {fd, events, 0};
    int n;
    do {
        n = poll(&p, 1u, (int)timeout_ms);
    } while (n < 0 && errno == EINTR);
    return n > 0 ? WK_OK : n == 0 ? WK_WOULD_BLOCK : WK_ERR_IO;
}

/* The far end: a plain socket, waiting with poll(), as wk_port.h says. */
static wk_status_t far_send(void *ctx, const uint8_t *buf, size_t len, size_t *sent,
                            uint32_t timeout_ms)
{
    peer_t *p = ctx;
    wk_status_t s = wait_for(p->fd, POLLOUT, timeout_ms);
    if (s == WK_OK) {
        ssize_t n = send(p->fd, buf, len, MSG_NOSIGNAL);
        s = n > 0 ? WK_OK : WK_ERR_IO;
        *sent = n > 0 ? (size_t)n : 0u;
    }
    return s;
}

static wk_status_t far_recv(void *ctx, uint8_t *buf, size_t len, size_t *got, uint32_t timeout_ms)
{
    peer_t *p = ctx;
    wk_status_t s = wait_for(p->fd, POLLIN, timeout_ms);
    if (s == WK_OK) {
        ssize_t n = recv(p->fd, buf, len, 0);
        s = n > 0 ? WK_OK : n == 0 ? WK_ERR_PEER_CLOSED : WK_ERR_IO;
        *got = n > 0 ? (size_t)n : 0u;
    }
    return s;
}

static wk_status_t far_accept(void *ctx, uint32_t timeout_ms, wk_transport_t *out)
{
    peer_t *p = ctx;
    wk_status_t s = wait_for(p->listener, POLLIN, timeout_ms);
    if (s == WK_OK) {
        p->fd = accept(p->listener, NULL, NULL);
        s = p->fd >= 0 ? WK_OK : WK_ERR_IO;
    }
    out->send = far_send;
    out->recv = far_recv;
    out->ctx = p;
    out->peer_verified = false;
    return s;
}

static wk_status_t far_close(void *ctx)
{
    peer_t *p = ctx;
    int rc = p->fd >= 0 ? close(p->fd) : 0;
    p->fd = -1;
    return rc == 0 ? WK_OK : WK_ERR_IO;
}

/* A listener on 127.0.0.1 and a port the kernel picks. */
static int listen_loopback(uint16_t *port)
{
    struct sockaddr_in a;
    socklen_t len = (socklen_t)sizeof(a);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, len) != 0 || listen(fd, 1) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
        perror("selftest_posix: listener on 127.0.0.1");
        return -1;
    }
    *port = ntohs(a.sin_port);
    return fd;
}

int loopback_peer_start(peer_t *p, wk_selftest_target_t *t)
{
    p->fd = -1;
    p->listener = listen_loopback(&t->port);
    t->host = "127.0.0.1";
    t->peer.accept = far_accept;
    t->peer.close = far_close;
    t->peer.ctx = p;
    return p->listener >= 0 ? 0 : -1;
}

void loopback_peer_stop(peer_t *p)
{
    (void)far_close(p);
    if (p->listener >= 0) {
        (void)close(p->listener);
    }
    p->listener = -1;
}
