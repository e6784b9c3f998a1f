/* SPDX-License-Identifier: Apache-2.0 */
/* The link-time singletons of wk_port.h over lwIP: sys_now(), and the UTC
 * and entropy hooks of wk_port_lwip.h (wk_port_wait() is the sockets file's). */
#include "lwip/opt.h"

#include "lwip/sys.h"

#include "wk_port.h"
#include "wk_port_lwip.h"

#if NO_SYS
#error "wk_port_lwip needs NO_SYS 0 (SYS_ARCH_PROTECT between threads)"
#endif

/* UTC = base_seconds + (sys_now() - base_ms) / 1000, under SYS_ARCH_PROTECT
 * because SNTP sets it from the tcpip thread. */
static int64_t utc_base_seconds;
static uint32_t utc_base_ms;
static bool utc_known;

static wk_lwip_entropy_fn entropy_fn;
static void *entropy_ctx;

/* see wk_port.h */
uint32_t wk_port_now_ms(void)
{
    return (uint32_t)sys_now();
}

/* see wk_port_lwip.h */
wk_status_t wk_lwip_set_utc(int64_t unix_seconds)
{
    SYS_ARCH_DECL_PROTECT(lev);
    if (unix_seconds < WK_LWIP_UTC_MIN_TRUSTED) {
        return WK_ERR_CLOCK;
    }
    SYS_ARCH_PROTECT(lev);
    utc_base_seconds = unix_seconds;
    utc_base_ms = (uint32_t)sys_now();
    utc_known = true;
    SYS_ARCH_UNPROTECT(lev);
    return WK_OK;
}

/* see wk_port_lwip.h */
wk_status_t wk_lwip_sntp_set_time(uint32_t unix_seconds)
{
    return wk_lwip_set_utc((int64_t)unix_seconds);
}

/* see wk_port.h */
wk_status_t wk_port_utc_now(int64_t *unix_seconds)
{
    wk_status_t status = WK_ERR_CLOCK;
    SYS_ARCH_DECL_PROTECT(lev);
    if (unix_seconds == NULL) {
        return WK_ERR_ARG;
    }
    SYS_ARCH_PROTECT(lev);
    if (utc_known) {
        uint32_t whole = ((uint32_t)sys_now() - utc_base_ms) / 1000u;
        /* Move the base forward, so sys_now() wrapping (49.7 days) only
         * matters if nobody reads or sets the time for that long. */
        utc_base_seconds += whole;
        utc_base_ms += whole * 1000u;
        *unix_seconds = utc_base_seconds;
        status = WK_OK;
    }
    SYS_ARCH_UNPROTECT(lev);
    return status;
}

/* see wk_port_lwip.h */
wk_status_t wk_lwip_set_entropy(wk_lwip_entropy_fn fn, void *ctx)
{
    entropy_fn = fn;
    entropy_ctx = ctx;
    return WK_OK;
}

/* see wk_port.h */
wk_status_t wk_port_random(uint8_t *buf, size_t len)
{
    wk_status_t status = WK_ERR_CRYPTO; /* no source: never invent bytes */
    if (buf == NULL && len != 0u) {
        status = WK_ERR_ARG;
    } else if (len == 0u) {
        status = WK_OK;
    } else if (entropy_fn != NULL && entropy_fn(entropy_ctx, buf, len) == WK_OK) {
        status = WK_OK;
    } else {
        /* the source failed or is missing */
    }
    return status;
}
