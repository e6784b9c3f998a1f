/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_retry.h
 * @brief Retry policy of the client, as the AWS SDKs' "standard" retry mode.
 *
 * wk_client.c uses these pieces; they are public so that a caller that
 * drives its own loop (or a test) gets the same decisions. All of them are
 * pure: no clock, no random source, no I/O. The caller passes the random
 * value and the times, so every decision can be reproduced.
 *
 * - Which failures are retried (wk_retry_classify()): throttling
 *   (RateLimitError, HTTP 429), server faults (HTTP 500, 502, 503, 504,
 *   InternalServerError), connection failures (connect refused, DNS, reset,
 *   TLS record errors, a body cut short) and timeouts. A signature rejected
 *   because the clocks disagree is retried at once after the clock offset is
 *   corrected. No other 4xx and no TLS verification failure is ever retried.
 * - How long to wait (wk_retry_backoff_ms()): full jitter,
 *   random(0, min(WK_RETRY_MAX_BACKOFF_MS, WK_RETRY_BASE_MS * 2^(retry-1))),
 *   or the server's Retry-After (wk_retry_after_parse()), capped the same way.
 * - Whether retrying is allowed at all (wk_retry_quota_t): a token bucket
 *   shared by all calls of one client, so that a failing service is not
 *   hammered by every page: WK_RETRY_QUOTA_CAPACITY tokens, a retry costs
 *   WK_RETRY_COST (WK_RETRY_TIMEOUT_COST after a timeout or connection
 *   error); a success gives back what its retry took, or
 *   WK_RETRY_NO_RETRY_INCREMENT when it needed none.
 */
#ifndef WK_RETRY_H
#define WK_RETRY_H

#include <stddef.h>
#include <stdint.h>

#include "wk/wk_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Tokens in a full retry bucket (wk_retry_quota_init()). */
#define WK_RETRY_QUOTA_CAPACITY 500u
/** Tokens a retry after throttling or a server fault takes. */
#define WK_RETRY_COST 5u
/** Tokens a retry after a timeout or connection failure takes. */
#define WK_RETRY_TIMEOUT_COST 10u
/** Tokens a call that succeeded at the first attempt gives back. */
#define WK_RETRY_NO_RETRY_INCREMENT 1u
/** Backoff ceiling before the first retry; it doubles for each later one. */
#define WK_RETRY_BASE_MS 100u
/** Longest backoff, and longest Retry-After honoured. */
#define WK_RETRY_MAX_BACKOFF_MS 20000u

/** What kind of failure an attempt ended with, as far as retrying goes. */
typedef enum wk_retry_kind {
    WK_RETRY_NONE = 0,      /**< final: do not retry */
    WK_RETRY_THROTTLE,      /**< RateLimitError / 429: back off, costs WK_RETRY_COST */
    WK_RETRY_TRANSIENT,     /**< 500, 502, 503, 504: back off, costs WK_RETRY_COST */
    WK_RETRY_CONNECTION,    /**< connection or timeout: back off, costs WK_RETRY_TIMEOUT_COST */
    WK_RETRY_CLOCK_SKEW     /**< signature time rejected: correct the clock, retry at once, no cost */
} wk_retry_kind_t;

/** The facts about one failed attempt that decide whether to retry it. */
typedef struct wk_retry_failure {
    wk_status_t status;      /**< what the attempt returned (< 0) */
    uint16_t http_status;    /**< 0 when no response head arrived */
    const char *error_type;  /**< sanitized service error type, NUL-terminated; NULL or "" if none */
    const char *message;     /**< service error message, NUL-terminated; NULL or "" if none */
} wk_retry_failure_t;

/**
 * @brief Classify a failed attempt.
 * @param[in]  f    borrowed for the call; its strings too.
 * @param[out] kind WK_RETRY_NONE for anything not listed in the file comment,
 *                  e.g. validation, other 4xx, TLS verification, a stopped callback.
 * @return WK_OK, or WK_ERR_ARG for NULL pointers.
 *
 * @code
 * wk_retry_failure_t f = {WK_ERR_RATE_LIMIT, 429u, "RateLimitError", NULL};
 * wk_retry_kind_t kind;
 * if (wk_retry_classify(&f, &kind) == WK_OK && kind != WK_RETRY_NONE) {
 *     // back off (wk_retry_backoff_ms()) and try again
 * }
 * @endcode
 */
wk_status_t wk_retry_classify(const wk_retry_failure_t *f, wk_retry_kind_t *kind);

/**
 * @brief Full-jitter delay before retry number @p retry (1 for the first retry).
 * @param[in]  retry    which retry this is, 1 or more.
 * @param[in]  random   any 32-bit value, uniform over its range (wk_port_random()).
 * @param[out] delay_ms random * ceiling / 2^32, so 0 <= delay_ms < ceiling, where
 *                      ceiling = min(WK_RETRY_MAX_BACKOFF_MS, WK_RETRY_BASE_MS << (retry-1)).
 * @return WK_OK, or WK_ERR_ARG (NULL, or retry 0).
 *
 * @code
 * uint32_t r, delay;
 * if (wk_port_random((uint8_t *)&r, sizeof(r)) == WK_OK &&
 *     wk_retry_backoff_ms(attempt, r, &delay) == WK_OK) {
 *     retry_at = wk_port_now_ms() + delay; // step again from then on
 * }
 * @endcode
 */
wk_status_t wk_retry_backoff_ms(uint32_t retry, uint32_t random, uint32_t *delay_ms);

/**
 * @brief Parse an HTTP date in the IMF-fixdate form every HTTP/1.1 server
 *        sends ("Sun, 06 Nov 1994 08:49:37 GMT"). The obsolete RFC 850 and
 *        asctime forms are not accepted.
 * @param[in]  text borrowed for the call; @p len bytes, not NUL-terminated.
 * @param[in]  len  bytes at @p text.
 * @param[out] unix_seconds the time it names; set on WK_OK only.
 * @return WK_OK, WK_ERR_HTTP_HEADER (malformed, or not a real date), WK_ERR_ARG
 *         (a NULL pointer).
 *
 * @code
 * int64_t t;
 * const char *d = "Sun, 06 Nov 1994 08:49:37 GMT";
 * if (wk_http_date_parse(d, strlen(d), &t) == WK_OK) {
 *     // t is 784111777
 * }
 * @endcode
 */
wk_status_t wk_http_date_parse(const char *text, size_t len, int64_t *unix_seconds);

/**
 * @brief Delay a Retry-After header asks for: delta-seconds ("120") or an
 *        IMF-fixdate taken relative to @p now.
 * @param[in]  text borrowed for the call; @p len bytes, not NUL-terminated.
 * @param[in]  len  bytes at @p text.
 * @param[in]  now  the response's Date when it had one, else the corrected UTC time.
 * @param[out] delay_ms the delay, capped at WK_RETRY_MAX_BACKOFF_MS; 0 for a past
 *                      date; set on WK_OK only.
 * Built without CONFIG_WK_RETRY_AFTER_DATE (Kconfig) only delta-seconds is
 * read: a date is WK_ERR_HTTP_HEADER, which the client treats as any
 * unreadable Retry-After (its own backoff applies).
 *
 * @return WK_OK, WK_ERR_HTTP_HEADER (neither form, e.g. empty or "12s"),
 *         WK_ERR_ARG (a NULL pointer).
 *
 * @code
 * uint32_t delay;
 * if (wk_retry_after_parse("3", 1u, response_date, &delay) == WK_OK) {
 *     // delay is 3000
 * }
 * @endcode
 */
wk_status_t wk_retry_after_parse(const char *text, size_t len, int64_t now, uint32_t *delay_ms);

/** Retry token bucket. Caller-allocated; fields are private. */
typedef struct wk_retry_quota {
    /** @cond WK_PRIVATE */
    uint32_t available;
    /** @endcond */
} wk_retry_quota_t;

/**
 * @brief Fill the bucket (WK_RETRY_QUOTA_CAPACITY).
 * @param[out] q the bucket; holds no resources.
 * @return WK_OK, or WK_ERR_ARG when @p q is NULL.
 *
 * @code
 * static wk_retry_quota_t quota;
 * wk_retry_quota_init(&quota);
 * @endcode
 */
wk_status_t wk_retry_quota_init(wk_retry_quota_t *q);

/**
 * @brief Take the cost of one retry after a failure of @p kind.
 * @param[in,out] q    the bucket.
 * @param[in]     kind from wk_retry_classify(); not WK_RETRY_NONE.
 * @param[out]    cost what was taken (0 for WK_RETRY_CLOCK_SKEW, and 0 on
 *                     WK_WOULD_BLOCK); give it to wk_retry_quota_release()
 *                     when the call later succeeds.
 * @return WK_OK (retry allowed), WK_WOULD_BLOCK (not enough left: do not
 *         retry; nothing taken), WK_ERR_ARG (NULL, or WK_RETRY_NONE).
 *
 * @code
 * uint32_t cost = 0u;
 * if (kind != WK_RETRY_NONE && wk_retry_quota_acquire(&quota, kind, &cost) == WK_OK) {
 *     // retry; on success: wk_retry_quota_release(&quota, cost)
 * }
 * @endcode
 */
wk_status_t wk_retry_quota_acquire(wk_retry_quota_t *q, wk_retry_kind_t kind, uint32_t *cost);

/**
 * @brief A call succeeded: give back @p cost (what its last retry took), or
 *        WK_RETRY_NO_RETRY_INCREMENT when @p cost is 0; never above capacity.
 * @param[in,out] q    the bucket.
 * @param[in]     cost what wk_retry_quota_acquire() took for the call's last
 *                     retry, 0 when it needed none.
 * @return WK_OK, or WK_ERR_ARG when @p q is NULL.
 *
 * @code
 * if (status == WK_OK) {
 *     wk_retry_quota_release(&quota, cost);
 * }
 * @endcode
 */
wk_status_t wk_retry_quota_release(wk_retry_quota_t *q, uint32_t cost);

#ifdef __cplusplus
}
#endif
#endif /* WK_RETRY_H */
