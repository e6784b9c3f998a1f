/* SPDX-License-Identifier: Apache-2.0 */
/* The port an application with a platform of its own writes
 * (docs/PORTING.md): every function of wk_port.h, here with a counting
 * clock and hashing that always fails, which is enough to link the client
 * and run wk_client_init().
 * Built with OWN_PORT_FORGETS_NOW_MS it leaves wk_port_now_ms() out, as a
 * careless port would: the program must then fail to link, naming it. */
#include <string.h>

#include "wk_port.h"

static uint32_t now_ms;

#ifndef OWN_PORT_FORGETS_NOW_MS
uint32_t wk_port_now_ms(void)
{
    return ++now_ms;
}
#endif

wk_status_t wk_port_utc_now(int64_t *unix_seconds)
{
    *unix_seconds = 1700000000;
    return WK_OK;
}

wk_status_t wk_port_random(uint8_t *buf, size_t len)
{
    memset(buf, 0x5a, len);
    return WK_OK;
}

wk_status_t wk_port_wait(const wk_wait_t *w)
{
    if (w == NULL) {
        return WK_ERR_ARG;
    }
    now_ms += w->timeout_ms; /* the clock is simulated: the wait passes at once */
    return WK_OK;
}

wk_status_t wk_port_sha256_start(wk_sha256_t *ctx)
{
    (void)ctx;
    return WK_ERR_CRYPTO;
}

wk_status_t wk_port_sha256_update(wk_sha256_t *ctx, const uint8_t *data, size_t len)
{
    (void)ctx;
    (void)data;
    (void)len;
    return WK_ERR_CRYPTO;
}

wk_status_t wk_port_sha256_finish(wk_sha256_t *ctx, uint8_t out[WK_SHA256_LEN])
{
    (void)ctx;
    memset(out, 0, WK_SHA256_LEN);
    return WK_ERR_CRYPTO;
}

wk_status_t wk_port_hmac_sha256(const uint8_t *key, size_t key_len, const uint8_t *msg,
                                size_t msg_len, uint8_t out[WK_SHA256_LEN])
{
    (void)key;
    (void)key_len;
    (void)msg;
    (void)msg_len;
    memset(out, 0, WK_SHA256_LEN);
    return WK_ERR_CRYPTO;
}

void wk_port_zeroize(void *buf, size_t len)
{
    volatile uint8_t *p = (volatile uint8_t *)buf;
    while (len-- > 0u) {
        *p++ = 0u;
    }
}
