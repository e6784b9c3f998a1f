/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The port's clock and random singletons (wk_port.h) for QEMU mps2-an386,
 * which has neither a programmed timer nor a TRNG. Hashing comes from
 * port/mbedtls/wk_port_mbedtls_crypto.c.
 */
#define _POSIX_C_SOURCE 200809L /* gmtime_r */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wk_cm_board.h"
#include "wk_port.h"

#include "mbedtls/platform_util.h"

/* ---- Clocks ------------------------------------------------------------------
 * The self-check image programs no timer: the monotonic clock advances one
 * millisecond per reading, so deadlines still expire. The firmware
 * (WK_CM_TIMER_CLOCK) counts the board's CMSDK timer 0 instead, 25 MHz on
 * QEMU's virtual clock, and waits on the network, not here. */

static int64_t utc_seconds;
static bool utc_known;

#if defined(WK_CM_TIMER_CLOCK)
#define WK_CM_TIMER0 ((volatile uint32_t *)0x40000000u) /* CTRL, VALUE, RELOAD */
#define WK_CM_TIMER_HZ 25000000u

static uint64_t ticks;
static uint32_t last_value;
static bool timer_running;

/* The free-running down-counter wraps every 171 s: read it more often. */
uint64_t wk_cm_ticks(void)
{
    uint32_t v;
    if (!timer_running) {
        WK_CM_TIMER0[2] = UINT32_MAX;
        WK_CM_TIMER0[1] = UINT32_MAX;
        WK_CM_TIMER0[0] = 1u;
        last_value = UINT32_MAX;
        timer_running = true;
    }
    v = WK_CM_TIMER0[1];
    ticks += (uint32_t)(last_value - v);
    last_value = v;
    return ticks;
}

uint32_t wk_port_now_ms(void)
{
    return (uint32_t)(wk_cm_ticks() / (WK_CM_TIMER_HZ / 1000u));
}
#else
static uint32_t now_ms;

uint32_t wk_port_now_ms(void)
{
    return ++now_ms;
}
#endif

#if defined(WK_CM_TIMER_CLOCK)
static uint32_t utc_set_ms;
#endif

void wk_cm_set_utc(int64_t unix_seconds)
{
    utc_seconds = unix_seconds;
    utc_known = true;
#if defined(WK_CM_TIMER_CLOCK)
    utc_set_ms = wk_port_now_ms();
#endif
}

wk_status_t wk_port_utc_now(int64_t *unix_seconds)
{
    if (unix_seconds == NULL) {
        return WK_ERR_ARG;
    }
    if (!utc_known) {
        return WK_ERR_CLOCK;
    }
#if defined(WK_CM_TIMER_CLOCK)
    /* set with the monotonic clock's reading, so it advances with it */
    *unix_seconds = utc_seconds + (int64_t)((uint32_t)(wk_port_now_ms() - utc_set_ms) / 1000u);
#else
    *unix_seconds = utc_seconds;
#endif
    return WK_OK;
}

#if !defined(WK_CM_TIMER_CLOCK)
wk_status_t wk_port_wait(const wk_wait_t *w)
{
    if (w == NULL) {
        return WK_ERR_ARG;
    }
    now_ms += w->timeout_ms; /* the clock is simulated: the wait passes at once */
    return WK_OK;
}
#endif

/* ---- Random ------------------------------------------------------------------
 * mps2-an386 has no TRNG. Only the emulator self-check may use a fixed
 * generator (WK_CM_EMULATOR_TEST_ENTROPY, set by this folder's CMake for QEMU);
 * any other build fails here rather than seed TLS with guessable bytes.
 * A real board reads its TRNG. */
wk_status_t wk_port_random(uint8_t *buf, size_t len)
{
    if (buf == NULL && len > 0u) {
        return WK_ERR_ARG;
    }
#if defined(WK_CM_EMULATOR_TEST_ENTROPY)
    static uint32_t x = 0x9E3779B9u;
    for (size_t i = 0; i < len; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        buf[i] = (uint8_t)x;
    }
    return WK_OK;
#else
    (void)buf;
    (void)len;
    return WK_ERR_CRYPTO;
#endif
}

/* ---- Time for mbedTLS (see wk_cm_mbedtls_platform.h) -------------------------
 * Only a TLS build checks certificate dates; a SHA-only one has no time. */
#if defined(MBEDTLS_HAVE_TIME_DATE)


struct tm *mbedtls_platform_gmtime_r(const mbedtls_time_t *tt, struct tm *tm_buf)
{
    return gmtime_r(tt, tm_buf);
}

time_t wk_cm_mbedtls_time(time_t *t)
{
    int64_t s = 0;
    time_t now = (time_t)-1;
    if (wk_port_utc_now(&s) == WK_OK) {
        now = (time_t)s;
    }
    if (t != NULL) {
        *t = now;
    }
    return now;
}
#endif /* MBEDTLS_HAVE_TIME_DATE */
