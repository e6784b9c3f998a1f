/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A port with every function stubbed; see wk_port_template.h. The contract of
 * each function is in wk_port.h; docs/PORTING.md says which ones a platform
 * may take from elsewhere (the hashing from port/mbedtls, for one: then
 * delete those five here). Fill in the TODOs, then run wk_selftest_run() on
 * the target until it reports no failure.
 */
#include <string.h>

#include "wk_port_template.h"

/* ---- Clocks ---------------------------------------------------------------------- */

/* see wk_port.h */
uint32_t wk_port_now_ms(void)
{
    /* TODO: a monotonic millisecond counter (an RTOS tick count scaled to
     * ms, a hardware timer). It may wrap; the core uses differences only.
     * Until then the clock stands still, and every timeout of the client
     * would wait forever on a stream that keeps saying WK_WOULD_BLOCK. */
    return 0u;
}

/* see wk_port.h */
wk_status_t wk_port_utc_now(int64_t *unix_seconds)
{
    if (unix_seconds == NULL) {
        return WK_ERR_ARG;
    }
    /* TODO: seconds since 1970 from an RTC or SNTP; WK_ERR_CLOCK for as
     * long as the clock has not been set (never a 1970 or a build date). */
    return WK_ERR_CLOCK;
}

/* see wk_port.h */
wk_status_t wk_port_wait(const wk_wait_t *w)
{
    /* TODO: wait until w->handle is ready for w->events, or until
     * w->deadline_ms (poll() on a socket, the RTOS's own wait; with no
     * handle, yield for the time: vTaskDelay(), k_msleep()). A superloop
     * runs its stack here. Returning early is allowed, so doing nothing is
     * correct but busy. */
    if (w == NULL) {
        return WK_ERR_ARG;
    }
    return WK_OK;
}

/* ---- Random bytes ------------------------------------------------------------------ */

/* see wk_port.h */
wk_status_t wk_port_random(uint8_t *buf, size_t len)
{
    if (buf == NULL && len > 0u) {
        return WK_ERR_ARG;
    }
    /* TODO: fill buf[0..len) from a hardware RNG or the OS. It seeds TLS:
     * never a counter, a clock or rand(). No source: WK_ERR_CRYPTO. */
    return WK_ERR_CRYPTO;
}

/* ---- Hashing (or take all five from port/mbedtls/wk_port_mbedtls_crypto.c) ------ */

/* see wk_port.h */
wk_status_t wk_port_sha256_start(wk_sha256_t *ctx)
{
    /* TODO: start your SHA-256 (hardware engine or library) in
     * ctx->opaque.bytes; add a static assertion that its state fits
     * WK_SHA256_CTX_SIZE and its alignment that of wk_sha256_t. */
    (void)ctx;
    return WK_ERR_CRYPTO;
}

/* see wk_port.h */
wk_status_t wk_port_sha256_update(wk_sha256_t *ctx, const uint8_t *data, size_t len)
{
    /* TODO: add @p len bytes; len 0 (data may be NULL then) is WK_OK. */
    (void)ctx;
    (void)data;
    (void)len;
    return WK_ERR_CRYPTO;
}

/* see wk_port.h */
wk_status_t wk_port_sha256_finish(wk_sha256_t *ctx, uint8_t out[WK_SHA256_LEN])
{
    /* TODO: write the digest, then wipe the state whether that worked or not. */
    if (ctx != NULL) {
        wk_port_zeroize(ctx, sizeof(*ctx));
    }
    (void)out;
    return WK_ERR_CRYPTO;
}

/* see wk_port.h */
wk_status_t wk_port_hmac_sha256(const uint8_t *key, size_t key_len, const uint8_t *msg,
                                size_t msg_len, uint8_t out[WK_SHA256_LEN])
{
    /* TODO: HMAC-SHA-256 (RFC 2104); wipe any copy of the key (and the
     * padded key blocks) before returning. On failure, zero @p out. */
    (void)key;
    (void)key_len;
    (void)msg;
    (void)msg_len;
    if (out != NULL) {
        wk_port_zeroize(out, WK_SHA256_LEN);
    }
    return WK_ERR_CRYPTO;
}

/* see wk_port.h */
void wk_port_zeroize(void *buf, size_t len)
{
    /* A plain memset() before the memory dies may be optimised away; a
     * volatile pointer keeps every store. TODO: or your library's own
     * (mbedtls_platform_zeroize(), explicit_bzero(), memset_s()). */
    volatile uint8_t *p = buf;
    size_t i;
    for (i = 0u; p != NULL && i < len; i++) {
        p[i] = 0u;
    }
}

/* ---- A TCP connection -------------------------------------------------------------- */

/* Resolve and connect within timeout_ms: what wk_posix_connect() does on POSIX. */
static wk_status_t template_connect(wk_template_conn_t *c, const char *host, uint16_t port,
                                    uint32_t timeout_ms, wk_diag_t *diag)
{
    wk_diag_clear(diag);
    if (c == NULL || host == NULL || host[0] == '\0' || port == 0u || timeout_ms == 0u) {
        return WK_ERR_ARG;
    }
    memset(c, 0, sizeof(*c));
    /* TODO: tell an IP literal from a name with wk_host_ip_literal()
     * (wk/wk_endpoint.h) and refuse the forms it refuses; resolve a name
     * (WK_ERR_DNS); connect without blocking past timeout_ms
     * (WK_ERR_CONNECT when refused or unreachable, WK_ERR_TIMEOUT); set
     * c->handle and c->open. Explain every failure in @p diag. For the
     * opener with timeout_ms 0 (a stepping client): start, return
     * WK_WOULD_BLOCK, go on at the next call, and do not wait for DNS
     * either (docs/PORTING.md, "Names in step mode"). */
    wk_diag_str(diag, "port/template: connect to ");
    wk_diag_str(diag, host);
    wk_diag_str(diag, " is not written yet");
    return WK_ERR_CONNECT;
}

/* wk_port.h's wk_send_fn for your stack. */
static wk_status_t template_send(void *ctx, const uint8_t *buf, size_t len, size_t *sent,
                                 uint32_t timeout_ms)
{
    const wk_template_conn_t *c = ctx;
    /* TODO: take what the stack has room for now, *sent > 0 with WK_OK;
     * only when it has none, wait at most timeout_ms (0: not at all; many
     * stacks read a zero timeout as "forever", so pass them a non-blocking
     * flag instead), then WK_WOULD_BLOCK. A peer that can take no more:
     * WK_ERR_PEER_CLOSED; a reset or anything else: WK_ERR_IO. */
    (void)buf;
    (void)len;
    (void)sent;
    (void)timeout_ms;
    return c == NULL ? WK_ERR_ARG : WK_ERR_STATE;
}

/* wk_port.h's wk_recv_fn for your stack. */
static wk_status_t template_recv(void *ctx, uint8_t *buf, size_t len, size_t *got,
                                 uint32_t timeout_ms)
{
    const wk_template_conn_t *c = ctx;
    /* TODO: as template_send(), the other way; WK_WOULD_BLOCK never for a
     * closed connection: the peer's orderly end (FIN) is WK_ERR_PEER_CLOSED. */
    (void)buf;
    (void)len;
    (void)got;
    (void)timeout_ms;
    return c == NULL ? WK_ERR_ARG : WK_ERR_STATE;
}

/* Called after WK_WOULD_BLOCK: what the caller waits for before calling again. */
static wk_status_t template_wait_on(void *ctx, wk_wait_t *w)
{
    /* TODO: a stack with descriptors (poll(), lwip_poll(), zsock_poll())
     * names the socket and keeps w->events, the direction asked for
     * (WK_WAIT_WRITE while a connect is in progress). A stack without them
     * leaves w->handle WK_WAIT_NO_HANDLE: its caller steps again after the
     * stack had events. */
    (void)ctx;
    (void)w;
    return WK_OK;
}

/* The connection as a byte stream. */
static wk_transport_t template_transport(wk_template_conn_t *c)
{
    wk_transport_t t = {template_send, template_recv, c, false /* plain TCP */, template_wait_on};
    return t;
}

/* see wk_port_template.h */
wk_status_t wk_template_close(wk_template_conn_t *c)
{
    if (c == NULL) {
        return WK_ERR_ARG;
    }
    /* TODO: if c->open, close c->handle (once; never retry a close). */
    memset(c, 0, sizeof(*c));
    return WK_OK;
}

static wk_status_t opener_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms,
                                  wk_transport_t *out, wk_diag_t *diag)
{
    wk_status_t status = template_connect(ctx, host, port, timeout_ms, diag);
    if (status == WK_OK) {
        *out = template_transport(ctx);
    }
    return status;
}

static wk_status_t opener_close(void *ctx)
{
    return wk_template_close(ctx);
}

/* see wk_port_template.h */
wk_tcp_opener_t wk_template_opener(wk_template_conn_t *c)
{
    wk_tcp_opener_t o = {opener_connect, opener_close, c};
    return o;
}
