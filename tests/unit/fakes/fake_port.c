/* SPDX-License-Identifier: Apache-2.0 */
#include "fake_port.h"

uint32_t fake_now_ms = 1000u;
uint32_t fake_ms_step = 0u;
int64_t fake_utc = 1440938160; /* 2015-08-30T12:36:00Z, the SigV4 suite's time */
int fake_utc_fail = 0;

uint32_t wk_port_now_ms(void)
{
    fake_now_ms += fake_ms_step;
    return fake_now_ms;
}

wk_status_t wk_port_utc_now(int64_t *unix_seconds)
{
    if (fake_utc_fail) {
        return WK_ERR_CLOCK;
    }
    *unix_seconds = fake_utc;
    return WK_OK;
}

wk_status_t wk_port_random(uint8_t *buf, size_t len)
{
    static uint32_t x = 2463534242u;
    size_t i;
    for (i = 0; i < len; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        buf[i] = (uint8_t)x;
    }
    return WK_OK;
}

uint32_t fake_slept_ms = 0u;

wk_status_t wk_port_wait(const wk_wait_t *w)
{
    /* A wait for time alone (a backoff, a slow network) passes on the fake
     * clock only, so tests stay instant; a wait on a stream returns at once
     * (the fake streams are never watched: their clock moves by fake_ms_step). */
    if (w->events == 0u) {
        fake_now_ms += w->timeout_ms;
        fake_slept_ms += w->timeout_ms;
    }
    return WK_OK;
}
