/* SPDX-License-Identifier: Apache-2.0 */
/* The link-time singletons of wk_port.h for POSIX systems: clocks, the wait and random bytes. */
#if defined(__linux__)
#define _GNU_SOURCE /* getrandom() */
#else
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* getentropy() */
#endif

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/random.h>
#endif

#include "wk_port.h"
#include "wk_port_posix.h"
#include "../sockets/wk_port_sockets.h"

/* see wk_port.h */
uint32_t wk_port_now_ms(void)
{
    struct timespec ts;
    uint64_t ms = 0u;
    /* CLOCK_MONOTONIC cannot fail with a valid pointer on any system that has
     * it; should it fail anyway, a frozen clock makes timeouts fire late, never early. */
    if (clock_gettime(CLOCK_MONOTONIC, &ts) == 0) {
        ms = (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
    }
    /* Truncation is the documented wrap: callers use only differences. */
    return (uint32_t)ms;
}

/* see wk_port.h */
wk_status_t wk_port_utc_now(int64_t *unix_seconds)
{
    struct timespec ts;
    wk_status_t status = WK_ERR_CLOCK;
    if (unix_seconds == NULL) {
        status = WK_ERR_ARG;
    } else if (clock_gettime(CLOCK_REALTIME, &ts) == 0 &&
               (int64_t)ts.tv_sec >= WK_POSIX_UTC_MIN_TRUSTED) {
        *unix_seconds = (int64_t)ts.tv_sec;
        status = WK_OK;
    } else {
        /* No clock, or one still near 1970 (no RTC, no NTP yet): signing with
         * it would only earn a signature error from the service. */
    }
    return status;
}

/* Fills at most @p len bytes; returns how many, or -1 with errno set. */
static long random_chunk(uint8_t *buf, size_t len)
{
#if defined(__linux__)
    return (long)getrandom(buf, len, 0);
#else
    /* getentropy() takes at most 256 bytes and fills all of them or fails. */
    size_t n = len > 256u ? 256u : len;
    return getentropy(buf, n) == 0 ? (long)n : -1L;
#endif
}

/* see wk_port.h */
wk_status_t wk_port_random(uint8_t *buf, size_t len)
{
    wk_status_t status = WK_OK;
    size_t done = 0u;
    if (buf == NULL && len != 0u) {
        status = WK_ERR_ARG;
    }
    while (status == WK_OK && done < len) {
        long got = random_chunk(buf + done, len - done);
        if (got > 0) {
            done += (size_t)got;
        } else if (got < 0 && errno == EINTR) {
            /* A signal before any byte was copied: try again. */
        } else {
            status = WK_ERR_CRYPTO;
        }
    }
    return status;
}

static void sleep_ms(uint32_t ms)
{
    struct timespec ts;
    ts.tv_sec = (time_t)(ms / 1000u);
    ts.tv_nsec = (long)(ms % 1000u) * 1000000L;
    (void)nanosleep(&ts, NULL);
}

/* see wk_port.h: poll() on the descriptor, or a sleep for time alone */
wk_status_t wk_port_wait(const wk_wait_t *w)
{
    return wk_sock_wait(w, poll, sleep_ms);
}
