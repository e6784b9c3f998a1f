/* SPDX-License-Identifier: Apache-2.0 */
#include "fake_transport.h"

#include <string.h>

static wk_status_t fake_send(void *ctx, const uint8_t *buf, size_t len, size_t *sent,
                             uint32_t timeout_ms)
{
    fake_transport_t *f = ctx;
    (void)timeout_ms;
    if (f->tx_len + len > sizeof(f->tx)) {
        return WK_ERR_IO;
    }
    memcpy(f->tx + f->tx_len, buf, len);
    f->tx_len += len;
    *sent = len;
    return WK_OK;
}

static wk_status_t fake_recv(void *ctx, uint8_t *buf, size_t len, size_t *got,
                             uint32_t timeout_ms)
{
    fake_transport_t *f = ctx;
    size_t n;
    (void)timeout_ms;
    f->recv_calls++;
    if (f->would_block_every != 0u && f->recv_calls % f->would_block_every == 0u) {
        return WK_WOULD_BLOCK;
    }
    if (f->fail_after != 0u && f->rx_pos >= f->fail_after) {
        return f->fail_status;
    }
    if (f->rx_pos >= f->rx_len) {
        return f->end_status;
    }
    n = f->rx_len - f->rx_pos;
    if (f->chunk != 0u && n > f->chunk) {
        n = f->chunk;
    }
    if (f->fail_after != 0u && f->rx_pos + n > f->fail_after) {
        n = f->fail_after - f->rx_pos;
    }
    if (n > len) {
        n = len;
    }
    memcpy(buf, f->rx + f->rx_pos, n);
    f->rx_pos += n;
    *got = n;
    return WK_OK;
}

void fake_transport_init(fake_transport_t *f, const void *rx, size_t rx_len, size_t chunk)
{
    memset(f, 0, sizeof(*f));
    f->rx = rx;
    f->rx_len = rx_len;
    f->chunk = chunk;
    f->fail_status = WK_ERR_IO;
    f->end_status = WK_ERR_PEER_CLOSED;
}

wk_transport_t fake_transport_as_transport(fake_transport_t *f)
{
    wk_transport_t t;
    t.send = fake_send;
    t.recv = fake_recv;
    t.peer_verified = false; /* plain TCP: anyone on the path could answer */
    t.ctx = f;
    return t;
}
