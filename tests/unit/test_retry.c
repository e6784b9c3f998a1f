/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The retry policy on its own: classification, full-jitter backoff, the
 * token bucket and the header parsers. Expected dates come from Python's
 * calendar.timegm, expected delays from the formula in the AWS SDKs' standard mode.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wk/wk_retry.h"

static wk_retry_kind_t kind_of(wk_status_t status, uint16_t http, const char *type, const char *msg)
{
    wk_retry_failure_t f;
    wk_retry_kind_t kind = WK_RETRY_THROTTLE; /* overwritten */
    f.status = status;
    f.http_status = http;
    f.error_type = type;
    f.message = msg;
    assert_int_equal(wk_retry_classify(&f, &kind), WK_OK);
    return kind;
}

static void test_classify(void **state)
{
    (void)state;
    /* throttling and server faults */
    assert_int_equal(kind_of(WK_ERR_RATE_LIMIT, 429, "RateLimitError", "x"), WK_RETRY_THROTTLE);
    assert_int_equal(kind_of(WK_ERR_SERVICE, 429, "", ""), WK_RETRY_THROTTLE);
    assert_int_equal(kind_of(WK_ERR_INTERNAL, 500, "InternalServerError", "x"), WK_RETRY_TRANSIENT);
    assert_int_equal(kind_of(WK_ERR_INTERNAL, 502, NULL, NULL), WK_RETRY_TRANSIENT);
    assert_int_equal(kind_of(WK_ERR_INTERNAL, 503, "", ""), WK_RETRY_TRANSIENT);
    assert_int_equal(kind_of(WK_ERR_SERVICE, 504, "GatewayTimeout", ""), WK_RETRY_TRANSIENT);
    /* connections and timeouts */
    assert_int_equal(kind_of(WK_ERR_IO, 0, NULL, NULL), WK_RETRY_CONNECTION);
    assert_int_equal(kind_of(WK_ERR_PEER_CLOSED, 0, NULL, NULL), WK_RETRY_CONNECTION);
    assert_int_equal(kind_of(WK_ERR_TLS, 0, NULL, NULL), WK_RETRY_CONNECTION);
    assert_int_equal(kind_of(WK_ERR_TIMEOUT, 0, NULL, NULL), WK_RETRY_CONNECTION);
    assert_int_equal(kind_of(WK_ERR_CONNECT, 0, NULL, NULL), WK_RETRY_CONNECTION);
    assert_int_equal(kind_of(WK_ERR_DNS, 0, NULL, NULL), WK_RETRY_CONNECTION);
    assert_int_equal(kind_of(WK_ERR_HTTP_TRUNCATED, 200, NULL, NULL), WK_RETRY_CONNECTION);
    assert_int_equal(kind_of(WK_ERR_JSON_TRUNCATED, 200, NULL, NULL), WK_RETRY_CONNECTION);
    /* clock skew, in the three forms AWS uses */
    assert_int_equal(kind_of(WK_ERR_INVALID_SIGNATURE, 403, "InvalidSignatureException",
                             "Signature expired: 20240101T000000Z is now earlier than ..."),
                     WK_RETRY_CLOCK_SKEW);
    assert_int_equal(kind_of(WK_ERR_INVALID_SIGNATURE, 403, "InvalidSignatureException",
                             "Signature not yet current: 20240101T000000Z is still later than ..."),
                     WK_RETRY_CLOCK_SKEW);
    assert_int_equal(kind_of(WK_ERR_SERVICE, 403, "RequestTimeTooSkewed", "too skewed"),
                     WK_RETRY_CLOCK_SKEW);
    assert_int_equal(kind_of(WK_ERR_SERVICE, 400, "RequestExpired", ""), WK_RETRY_CLOCK_SKEW);
    /* never retried */
    assert_int_equal(kind_of(WK_ERR_INVALID_SIGNATURE, 403, "InvalidSignatureException",
                             "The request signature we calculated does not match"),
                     WK_RETRY_NONE);
    assert_int_equal(kind_of(WK_ERR_BAD_REQUEST, 400, "BadRequestError", ""), WK_RETRY_NONE);
    assert_int_equal(kind_of(WK_ERR_FORBIDDEN, 403, "ForbiddenError", ""), WK_RETRY_NONE);
    assert_int_equal(kind_of(WK_ERR_NOT_FOUND, 404, "", ""), WK_RETRY_NONE);
    assert_int_equal(kind_of(WK_ERR_VALIDATION, 422, "ValidationError", ""), WK_RETRY_NONE);
    assert_int_equal(kind_of(WK_ERR_SERVICE, 400, "ThrottlingException", ""), WK_RETRY_NONE);
    assert_int_equal(kind_of(WK_ERR_INTERNAL, 501, "", ""), WK_RETRY_NONE);
    assert_int_equal(kind_of(WK_ERR_TLS_VERIFY, 0, NULL, NULL), WK_RETRY_NONE);
    assert_int_equal(kind_of(WK_ERR_TLS_CA, 0, NULL, NULL), WK_RETRY_NONE);
    assert_int_equal(kind_of(WK_ERR_JSON_SYNTAX, 200, NULL, NULL), WK_RETRY_NONE);
    assert_int_equal(kind_of(WK_ERR_NETWORK_ID, 0, NULL, NULL), WK_RETRY_NONE);
    assert_int_equal(kind_of(WK_STOPPED, 0, NULL, NULL), WK_RETRY_NONE);
    assert_int_equal(wk_retry_classify(NULL, NULL), WK_ERR_ARG);
}

static void test_backoff_full_jitter(void **state)
{
    /* ceiling = min(20000, 100 * 2^(retry-1)); delay = random * ceiling / 2^32 */
    static const uint32_t ceilings[] = {100, 200, 400, 800, 1600, 3200, 6400, 12800, 20000, 20000,
                                        20000};
    uint32_t d = 1;
    uint32_t r;
    (void)state;
    for (r = 1; r <= 11; r++) {
        assert_int_equal(wk_retry_backoff_ms(r, 0u, &d), WK_OK);
        assert_int_equal(d, 0);
        assert_int_equal(wk_retry_backoff_ms(r, 0xFFFFFFFFu, &d), WK_OK);
        assert_int_equal(d, ceilings[r - 1] - 1u);
        assert_int_equal(wk_retry_backoff_ms(r, 0x80000000u, &d), WK_OK);
        assert_int_equal(d, ceilings[r - 1] / 2u);
    }
    assert_int_equal(wk_retry_backoff_ms(1000u, 0xFFFFFFFFu, &d), WK_OK);
    assert_int_equal(d, 19999);
    assert_int_equal(wk_retry_backoff_ms(0u, 1u, &d), WK_ERR_ARG);
    assert_int_equal(wk_retry_backoff_ms(1u, 1u, NULL), WK_ERR_ARG);
}

static void test_quota_bucket(void **state)
{
    wk_retry_quota_t q;
    uint32_t cost = 99;
    int i;
    (void)state;
    assert_int_equal(wk_retry_quota_init(&q), WK_OK);
    /* 500 / 5: a hundred throttling retries, then none */
    for (i = 0; i < 100; i++) {
        assert_int_equal(wk_retry_quota_acquire(&q, WK_RETRY_THROTTLE, &cost), WK_OK);
        assert_int_equal(cost, 5);
    }
    assert_int_equal(wk_retry_quota_acquire(&q, WK_RETRY_TRANSIENT, &cost), WK_WOULD_BLOCK);
    assert_int_equal(cost, 0);
    /* a success after a retry gives back what that retry took */
    assert_int_equal(wk_retry_quota_release(&q, 5u), WK_OK);
    assert_int_equal(wk_retry_quota_acquire(&q, WK_RETRY_CONNECTION, &cost), WK_WOULD_BLOCK);
    assert_int_equal(wk_retry_quota_acquire(&q, WK_RETRY_TRANSIENT, &cost), WK_OK);
    /* a success without retry adds one; ten of them pay for a connection retry */
    for (i = 0; i < 9; i++) {
        assert_int_equal(wk_retry_quota_release(&q, 0u), WK_OK);
    }
    assert_int_equal(wk_retry_quota_acquire(&q, WK_RETRY_CONNECTION, &cost), WK_WOULD_BLOCK);
    assert_int_equal(wk_retry_quota_release(&q, 0u), WK_OK);
    assert_int_equal(wk_retry_quota_acquire(&q, WK_RETRY_CONNECTION, &cost), WK_OK);
    assert_int_equal(cost, 10);
    /* clock skew retries are free; the bucket never exceeds its capacity */
    assert_int_equal(wk_retry_quota_acquire(&q, WK_RETRY_CLOCK_SKEW, &cost), WK_OK);
    assert_int_equal(cost, 0);
    assert_int_equal(wk_retry_quota_init(&q), WK_OK);
    assert_int_equal(wk_retry_quota_release(&q, 10u), WK_OK);
    assert_int_equal(q.available, WK_RETRY_QUOTA_CAPACITY);
    assert_int_equal(wk_retry_quota_acquire(&q, WK_RETRY_NONE, &cost), WK_ERR_ARG);
    assert_int_equal(wk_retry_quota_acquire(NULL, WK_RETRY_THROTTLE, &cost), WK_ERR_ARG);
}

static wk_status_t date(const char *s, int64_t *t)
{
    return wk_http_date_parse(s, strlen(s), t);
}

static void test_http_date(void **state)
{
    int64_t t = 0;
    (void)state;
    assert_int_equal(date("Sun, 06 Nov 1994 08:49:37 GMT", &t), WK_OK);
    assert_int_equal(t, 784111777);
    assert_int_equal(date("Thu, 29 Feb 2024 00:00:00 GMT", &t), WK_OK);
    assert_int_equal(t, 1709164800);
    assert_int_equal(date("Sun, 30 Aug 2015 12:36:00 GMT", &t), WK_OK);
    assert_int_equal(t, 1440938160);
    assert_int_equal(date("Thu, 01 Jan 1970 00:00:00 GMT", &t), WK_OK);
    assert_int_equal(t, 0);
    /* wrong weekday, impossible day, bad shapes and the obsolete forms */
    assert_int_equal(date("Mon, 06 Nov 1994 08:49:37 GMT", &t), WK_ERR_HTTP_HEADER);
    assert_int_equal(date("Wed, 29 Feb 2023 00:00:00 GMT", &t), WK_ERR_HTTP_HEADER);
    assert_int_equal(date("Sun, 06 Nov 1994 24:00:00 GMT", &t), WK_ERR_HTTP_HEADER);
    assert_int_equal(date("Sun, 06 Nov 1994 08:49:37 UTC", &t), WK_ERR_HTTP_HEADER);
    assert_int_equal(date("Sun, 6 Nov 1994 08:49:37 GMT", &t), WK_ERR_HTTP_HEADER);
    assert_int_equal(date("Sunday, 06-Nov-94 08:49:37 GMT", &t), WK_ERR_HTTP_HEADER);
    assert_int_equal(date("Sun Nov  6 08:49:37 1994", &t), WK_ERR_HTTP_HEADER);
    assert_int_equal(date("Sun, 06 Xyz 1994 08:49:37 GMT", &t), WK_ERR_HTTP_HEADER);
    assert_int_equal(date("", &t), WK_ERR_HTTP_HEADER);
    assert_int_equal(wk_http_date_parse(NULL, 0, &t), WK_ERR_ARG);
}

static wk_status_t after(const char *s, int64_t now, uint32_t *ms)
{
    return wk_retry_after_parse(s, strlen(s), now, ms);
}

static void test_retry_after(void **state)
{
    uint32_t ms = 7;
    (void)state;
    assert_int_equal(after("0", 0, &ms), WK_OK);
    assert_int_equal(ms, 0);
    assert_int_equal(after("3", 0, &ms), WK_OK);
    assert_int_equal(ms, 3000);
    assert_int_equal(after("120", 0, &ms), WK_OK);
    assert_int_equal(ms, WK_RETRY_MAX_BACKOFF_MS);
    assert_int_equal(after("99999999999999999999999", 0, &ms), WK_OK);
    assert_int_equal(ms, WK_RETRY_MAX_BACKOFF_MS);
    /* a date counts from "now", and one in the past means at once */
    assert_int_equal(after("Sun, 30 Aug 2015 12:36:05 GMT", 1440938160, &ms), WK_OK);
    assert_int_equal(ms, 5000);
    assert_int_equal(after("Sun, 30 Aug 2015 12:36:05 GMT", 1440938170, &ms), WK_OK);
    assert_int_equal(ms, 0);
    assert_int_equal(after("1.5", 0, &ms), WK_ERR_HTTP_HEADER);
    assert_int_equal(after("-1", 0, &ms), WK_ERR_HTTP_HEADER);
    assert_int_equal(after("soon", 0, &ms), WK_ERR_HTTP_HEADER);
    assert_int_equal(after("", 0, &ms), WK_ERR_HTTP_HEADER);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classify),        cmocka_unit_test(test_backoff_full_jitter),
        cmocka_unit_test(test_quota_bucket),    cmocka_unit_test(test_http_date),
        cmocka_unit_test(test_retry_after),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
