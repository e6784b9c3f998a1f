/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The self-test's transport checks can fail: the POSIX port's stream, each
 * run broken in one way a port could get wrong, must fail the check that
 * rule belongs to (and the run as a whole). Exit status 0 when every broken
 * stream was caught.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "loopback_peer.h"
#include "wk/wk.h"
#include "wk_port_posix.h"
#include "wk_selftest.h"

typedef enum fault {
    CLOSE_AS_WOULD_BLOCK, /* the peer's FIN reported as "nothing yet" */
    EMPTY_OK,             /* "nothing yet" reported as WK_OK with no bytes */
    QUIET_AS_CLOSED,      /* "nothing yet" reported as a close */
    BYTE_CHANGED,         /* one received byte altered */
    OPEN_AFTER_CLOSE,     /* a closed stream still answers "nothing yet" */
    FAULTS
} fault_t;

/* The check each fault must fail, as the report names it. */
static const char *const k_caught_by[FAULTS] = {
    "FAIL transport: the peer's orderly close is WK_ERR_PEER_CLOSED:",
    "FAIL transport: quiet stream, timeout 0: WK_WOULD_BLOCK at once:",
    "FAIL transport: quiet stream, timeout 0: WK_WOULD_BLOCK at once:",
    "FAIL transport: 2048 bytes received whole and in order:",
    "FAIL transport: a closed stream refuses I/O:",
};

typedef struct broken {
    fault_t fault;
    wk_tcp_opener_t inner;
    wk_transport_t stream;
    bool closed;
    bool changed;
} broken_t;

static broken_t g_broken;
static bool g_caught;

static wk_status_t broken_recv(void *ctx, uint8_t *buf, size_t len, size_t *got, uint32_t timeout_ms)
{
    broken_t *b = ctx;
    wk_status_t s;
    if (b->closed && b->fault == OPEN_AFTER_CLOSE) {
        return WK_WOULD_BLOCK;
    }
    s = b->stream.recv(b->stream.ctx, buf, len, got, timeout_ms);
    if (s == WK_ERR_PEER_CLOSED && b->fault == CLOSE_AS_WOULD_BLOCK) {
        s = WK_WOULD_BLOCK;
    } else if (s == WK_WOULD_BLOCK && b->fault == EMPTY_OK) {
        *got = 0u;
        s = WK_OK;
    } else if (s == WK_WOULD_BLOCK && b->fault == QUIET_AS_CLOSED) {
        s = WK_ERR_PEER_CLOSED;
    } else if (s == WK_OK && b->fault == BYTE_CHANGED && !b->changed) {
        buf[0] ^= 0x20u;
        b->changed = true;
    }
    return s;
}

static wk_status_t broken_send(void *ctx, const uint8_t *buf, size_t len, size_t *sent,
                               uint32_t timeout_ms)
{
    broken_t *b = ctx;
    if (b->closed && b->fault == OPEN_AFTER_CLOSE) {
        return WK_WOULD_BLOCK;
    }
    return b->stream.send(b->stream.ctx, buf, len, sent, timeout_ms);
}

static wk_status_t broken_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms,
                                  wk_transport_t *out, wk_diag_t *diag)
{
    broken_t *b = ctx;
    wk_status_t s = b->inner.connect(b->inner.ctx, host, port, timeout_ms, &b->stream, diag);
    b->closed = false;
    out->send = broken_send;
    out->recv = broken_recv;
    out->ctx = b;
    out->peer_verified = false;
    return s;
}

static wk_status_t broken_close(void *ctx)
{
    broken_t *b = ctx;
    b->closed = true;
    return b->inner.close(b->inner.ctx);
}

/* Prints the report and notes whether the expected check failed (the
 * report comes in pieces: a line is judged when it ends). */
static void watch(void *ctx, const char *text)
{
    static char line[512];
    static size_t len;
    const char *want = ctx;
    size_t n = strlen(text);
    fputs(text, stdout);
    if (len + n >= sizeof(line)) {
        n = sizeof(line) - 1u - len;
    }
    memcpy(&line[len], text, n);
    len += n;
    line[len] = '\0';
    if (len > 0u && line[len - 1u] == '\n') {
        g_caught = g_caught || strncmp(line, want, strlen(want)) == 0;
        len = 0u;
    }
}

int main(void)
{
    static wk_posix_conn_t conn;
    static peer_t peer;
    int missed = 0;
    int f;

    for (f = 0; f < FAULTS; f++) {
        wk_selftest_target_t t;
        wk_status_t s;
        memset(&t, 0, sizeof(t));
        memset(&g_broken, 0, sizeof(g_broken));
        g_broken.fault = (fault_t)f;
        g_broken.inner = wk_posix_opener(&conn);
        t.opener.connect = broken_connect;
        t.opener.close = broken_close;
        t.opener.ctx = &g_broken;
        t.print = watch;
        t.print_ctx = (void *)(uintptr_t)k_caught_by[f];
        if (loopback_peer_start(&peer, &t) != 0) {
            return 1;
        }
        g_caught = false;
        s = wk_selftest_run(&t);
        loopback_peer_stop(&peer);
        if (!g_caught || s == WK_OK) {
            printf("MISSED fault %d: expected \"%s\" and a failed run, got %s\n", f, k_caught_by[f],
                   wk_status_str(s));
            missed++;
        }
    }
    printf("broken streams: %d of %d caught\n", FAULTS - missed, FAULTS);
    return missed == 0 ? 0 : 1;
}
