/* SPDX-License-Identifier: Apache-2.0 */
/* see wk_retry.h */
#include <string.h>

#include "wk_internal.h"

static bool starts_with(const char *s, const char *prefix)
{
    return s != NULL && memcmp(s, prefix, wk_strlen(prefix)) == 0;
}

static wk_retry_kind_t classify_service(const wk_retry_failure_t *f)
{
    wk_retry_kind_t kind = WK_RETRY_NONE;
    const char *type = f->error_type != NULL ? f->error_type : "";
    uint16_t code = f->http_status;

    /* AWS rejects a request signed more than 15 minutes from its own time with
     * one of these; the rest of its 4xx answers would fail the same way again. */
    if (wk_streq(type, "RequestTimeTooSkewed") || wk_streq(type, "RequestExpired") ||
        (wk_streq(type, "InvalidSignatureException") && f->message != NULL &&
         (starts_with(f->message, "Signature expired") ||
          starts_with(f->message, "Signature not yet current")))) {
        kind = WK_RETRY_CLOCK_SKEW;
    } else if (code == 429u || f->status == WK_ERR_RATE_LIMIT) {
        kind = WK_RETRY_THROTTLE;
    } else if (code == 500u || code == 502u || code == 503u || code == 504u ||
               wk_streq(type, "InternalServerError")) {
        kind = WK_RETRY_TRANSIENT;
    } else {
        /* other 4xx and 5xx (501, 505, ...) are final */
    }
    return kind;
}

wk_status_t wk_retry_classify(const wk_retry_failure_t *f, wk_retry_kind_t *kind)
{
    if (f == NULL || kind == NULL) {
        return WK_ERR_ARG;
    }
    switch (f->status) {
    case WK_ERR_DNS:
    case WK_ERR_CONNECT:
    case WK_ERR_TIMEOUT:
    case WK_ERR_PEER_CLOSED:
    case WK_ERR_IO:
    case WK_ERR_TLS:
    /* a body cut short by a closed connection: the next attempt may get it whole */
    case WK_ERR_HTTP_TRUNCATED:
    case WK_ERR_JSON_TRUNCATED:
        *kind = WK_RETRY_CONNECTION;
        break;
    default:
        *kind = (f->status <= WK_ERR_SERVICE && f->status >= WK_ERR_MISSING_AUTH_TOKEN)
                    ? classify_service(f)
                    : WK_RETRY_NONE;
        break;
    }
    return WK_OK;
}

/* What wk_retry_backoff_ms() relies on: the eighth ceiling is below the cap,
 * the ninth would not be. */
_Static_assert((WK_RETRY_BASE_MS << 7) <= WK_RETRY_MAX_BACKOFF_MS, "retry 8 is below the cap");
_Static_assert((WK_RETRY_BASE_MS << 8) >= WK_RETRY_MAX_BACKOFF_MS, "retry 9 reaches the cap");

wk_status_t wk_retry_backoff_ms(uint32_t retry, uint32_t random, uint32_t *delay_ms)
{
    uint32_t ceiling = WK_RETRY_MAX_BACKOFF_MS;
    if (delay_ms == NULL || retry == 0u) {
        return WK_ERR_ARG;
    }
    /* Retries 1 to 8 double from the base and stay below the cap; from the
     * ninth on the doubled value would pass it, so the cap applies as is. */
    if (retry <= 8u) {
        ceiling = WK_RETRY_BASE_MS << (retry - 1u);
    }
    *delay_ms = (uint32_t)(((uint64_t)random * ceiling) >> 32);
    return WK_OK;
}

/* ---- HTTP dates ---------------------------------------------------------------- */

/* Index of the three letters at s among the three-letter names packed in
 * @p names, or -1. */
static int find_name(const char *s, const char *names)
{
    int i;
    for (i = 0; names[3 * i] != '\0'; i++) {
        if (memcmp(s, &names[3 * i], 3u) == 0) {
            return i;
        }
    }
    return -1;
}

/* Value of n decimal digits, or -1. */
static int32_t digits(const char *s, size_t n)
{
    int32_t v = 0;
    size_t i;
    for (i = 0u; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return -1;
        }
        v = v * 10 + (int32_t)(s[i] - '0');
    }
    return v;
}

wk_status_t wk_http_date_parse(const char *text, size_t len, int64_t *unix_seconds)
{
    static const char k_wkday[] = "SunMonTueWedThuFriSat";
    static const char k_month[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    /* "Sun, 06 Nov 1994 08:49:37 GMT" */
    static const char k_shape[] = "www, dd mmm yyyy hh:mm:ss GMT";
    wk_status_t status = WK_ERR_HTTP_HEADER;
    int wday;
    int32_t day, month, year, hour, minute, second;
    int64_t days;
    size_t i;

    if (text == NULL || unix_seconds == NULL) {
        return WK_ERR_ARG;
    }
    if (len != sizeof(k_shape) - 1u) {
        return status;
    }
    /* the shape's lower-case letters stand for fields, the rest is literal */
    for (i = 0u; i < len; i++) {
        if ((k_shape[i] < 'a' || k_shape[i] > 'z') && text[i] != k_shape[i]) {
            return status;
        }
    }
    wday = find_name(text, k_wkday);
    month = find_name(text + 8, k_month) + 1;
    day = digits(text + 5, 2u);
    year = digits(text + 12, 4u);
    hour = digits(text + 17, 2u);
    minute = digits(text + 20, 2u);
    second = digits(text + 23, 2u);
    if (wday >= 0 && month >= 1 && year >= 1970 && day >= 1 &&
        (uint32_t)day <= wk_days_in_month((uint32_t)year, (uint32_t)month) && hour >= 0 &&
        hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 60) {
        days = wk_days_from_civil((uint32_t)year, (uint32_t)month, (uint32_t)day);
        /* 1970-01-01 was a Thursday; a date whose weekday disagrees is not one */
        if ((days + 4) % 7 == wday) {
            *unix_seconds = days * 86400 + hour * 3600 + minute * 60 + second;
            status = WK_OK;
        }
    }
    return status;
}

wk_status_t wk_retry_after_parse(const char *text, size_t len, int64_t now, uint32_t *delay_ms)
{
    wk_status_t status = WK_OK;
    uint64_t seconds = 0u;
    int64_t at = 0;
    size_t i;

    if (text == NULL || delay_ms == NULL) {
        return WK_ERR_ARG;
    }
    if (len > 0u && text[0] >= '0' && text[0] <= '9') {
        for (i = 0u; i < len && status == WK_OK; i++) {
            if (text[i] < '0' || text[i] > '9') {
                status = WK_ERR_HTTP_HEADER;
            } else if (seconds < WK_RETRY_MAX_BACKOFF_MS) { /* saturate: the cap applies anyway */
                seconds = seconds * 10u + (uint64_t)(text[i] - '0');
            } else {
                /* already past the cap */
            }
        }
    } else if (CONFIG_WK_RETRY_AFTER_DATE) {
        status = wk_http_date_parse(text, len, &at);
        seconds = (status == WK_OK && at > now) ? (uint64_t)(at - now) : 0u;
    } else {
        status = WK_ERR_HTTP_HEADER;
    }
    if (status == WK_OK) {
        *delay_ms = seconds >= WK_RETRY_MAX_BACKOFF_MS / 1000u ? WK_RETRY_MAX_BACKOFF_MS
                                                                : (uint32_t)seconds * 1000u;
    }
    return status;
}

/* ---- Quota --------------------------------------------------------------------- */

wk_status_t wk_retry_quota_init(wk_retry_quota_t *q)
{
    if (q == NULL) {
        return WK_ERR_ARG;
    }
    q->available = WK_RETRY_QUOTA_CAPACITY;
    return WK_OK;
}

wk_status_t wk_retry_quota_acquire(wk_retry_quota_t *q, wk_retry_kind_t kind, uint32_t *cost)
{
    wk_status_t status = WK_OK;
    uint32_t want;
    if (q == NULL || cost == NULL || kind == WK_RETRY_NONE) {
        return WK_ERR_ARG;
    }
    want = kind == WK_RETRY_CONNECTION ? WK_RETRY_TIMEOUT_COST
                                       : (kind == WK_RETRY_CLOCK_SKEW ? 0u : WK_RETRY_COST);
    if (want > q->available) {
        status = WK_WOULD_BLOCK;
        *cost = 0u;
    } else {
        q->available -= want;
        *cost = want;
    }
    return status;
}

wk_status_t wk_retry_quota_release(wk_retry_quota_t *q, uint32_t cost)
{
    uint32_t back = cost != 0u ? cost : WK_RETRY_NO_RETRY_INCREMENT;
    if (q == NULL) {
        return WK_ERR_ARG;
    }
    q->available = (back >= WK_RETRY_QUOTA_CAPACITY - q->available) ? WK_RETRY_QUOTA_CAPACITY
                                                                      : q->available + back;
    return WK_OK;
}
