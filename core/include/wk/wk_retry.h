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

#define WK_RETRY_QUOTA_CAPACITY 500u
#define WK_RETRY_COST 5u
#define WK_RETRY_TIMEOUT_COST 10u
#define WK_RETRY_NO_RETRY_INCREMENT 1u
#define WK_RETRY_BASE_MS 100u
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
 * @param[in]  f    borrowed for the call.
 * @param[out] kind WK_RETRY_NONE for anything not listed in the file comment,
 *                  e.g. validation, other 4xx, TLS verification, a stopped callback.
 * @return WK_OK, or WK_ERR_ARG for NULL pointers.
 */
wk_status_t wk_retry_classify(const wk_retry_failure_t *f, wk_retry_kind_t *kind);

/**
 * @brief Full-jitter delay before retry number @p retry (1 for the first retry).
 * @param[in]  random   any 32-bit value, uniform over its range (wk_port_random()).
 * @param[out] delay_ms random * ceiling / 2^32, so 0 <= delay_ms < ceiling, where
 *                      ceiling = min(WK_RETRY_MAX_BACKOFF_MS, WK_RETRY_BASE_MS << (retry-1)).
 * @return WK_OK, or WK_ERR_ARG (NULL, or retry 0).
 */
wk_status_t wk_retry_backoff_ms(uint32_t retry, uint32_t random, uint32_t *delay_ms);

/**
 * @brief Parse an HTTP date in the IMF-fixdate form every HTTP/1.1 server
 *        sends ("Sun, 06 Nov 1994 08:49:37 GMT"). The obsolete RFC 850 and
 *        asctime forms are not accepted.
 * @param[in]  text borrowed for the call; @p len bytes, not NUL-terminated.
 * @param[out] unix_seconds the time it names.
 * @return WK_OK, WK_ERR_HTTP_HEADER (malformed, or not a real date), WK_ERR_ARG.
 */
wk_status_t wk_http_date_parse(const char *text, size_t len, int64_t *unix_seconds);

/**
 * @brief Delay a Retry-After header asks for: delta-seconds ("120") or an
 *        IMF-fixdate taken relative to @p now.
 * @param[in]  text borrowed for the call; @p len bytes.
 * @param[in]  now  the response's Date when it had one, else the corrected UTC time.
 * @param[out] delay_ms the delay, capped at WK_RETRY_MAX_BACKOFF_MS; 0 for a past date.
 * @return WK_OK, WK_ERR_HTTP_HEADER (neither form), WK_ERR_ARG.
 */
wk_status_t wk_retry_after_parse(const char *text, size_t len, int64_t now, uint32_t *delay_ms);

/** Retry token bucket. Caller-allocated; fields are private. */
typedef struct wk_retry_quota {
    uint32_t available;
} wk_retry_quota_t;

/** @brief Fill the bucket (WK_RETRY_QUOTA_CAPACITY). @return WK_OK or WK_ERR_ARG. */
wk_status_t wk_retry_quota_init(wk_retry_quota_t *q);

/**
 * @brief Take the cost of one retry after a failure of @p kind.
 * @param[out] cost what was taken (0 for WK_RETRY_CLOCK_SKEW); give it to
 *                  wk_retry_quota_release() when the call later succeeds.
 * @return WK_OK (retry allowed), WK_WOULD_BLOCK (not enough left: do not
 *         retry; nothing taken), WK_ERR_ARG (NULL, or WK_RETRY_NONE).
 */
wk_status_t wk_retry_quota_acquire(wk_retry_quota_t *q, wk_retry_kind_t kind, uint32_t *cost);

/**
 * @brief A call succeeded: give back @p cost (what its last retry took), or
 *        WK_RETRY_NO_RETRY_INCREMENT when @p cost is 0; never above capacity.
 * @return WK_OK or WK_ERR_ARG.
 */
wk_status_t wk_retry_quota_release(wk_retry_quota_t *q, uint32_t cost);

#ifdef __cplusplus
}
#endif
#endif /* WK_RETRY_H */
