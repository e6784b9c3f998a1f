/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The client's credentials seam (wk_client_use_provider()) over two scripted
 * servers (fake_transport.h): one is the Wickr endpoint, the other the AWS
 * IoT credentials provider, with the fake clocks moving the credentials
 * through their lifetime.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fake_port.h"
#include "fake_transport.h"
#include "wk/wk.h"

static fake_server_t wickr;
static fake_server_t iot;
static wk_client_t client;
static wk_credentials_t store;
static wk_cred_fetch_t fetch;
static wk_cred_provider_t provider;
static uint32_t max_open_timeout; /* the longest timeout the provider's connector was given */
static int64_t bump_on_close;     /* moves the UTC clock when the Wickr connection closes */
static int64_t bump_on_page;      /* moves it after each page */

static const wk_iot_cred_params_t k_iot = {
    "https://c2example.credentials.iot.us-east-1.amazonaws.com", "wickr-reader", "gateway-17"};

#define T0 1440938160 /* 2015-08-30T12:36:00Z */

static wk_status_t start_iot(void *ctx, wk_cred_exchange_t *x, wk_credentials_t *out, wk_diag_t *diag)
{
    return wk_cred_exchange_iot(x, ctx, out, diag);
}

static wk_status_t iot_open(void *ctx, const wk_endpoint_t *ep, uint32_t timeout_ms, wk_transport_t *out)
{
    max_open_timeout = timeout_ms > max_open_timeout ? timeout_ms : max_open_timeout;
    assert_true(wickr.open_calls == 0 || wickr.closed); /* never both connections at once */
    assert_string_equal(ep->host, "c2example.credentials.iot.us-east-1.amazonaws.com");
    return fake_server_connector(ctx).open(ctx, ep, timeout_ms, out);
}

static wk_status_t iot_close(void *ctx, wk_transport_t *t)
{
    return fake_server_connector(ctx).close(ctx, t);
}

/* Everything sent to Wickr on earlier connections (the fake keeps the current one's). */
static char wickr_earlier[32768];

static wk_status_t wickr_open(void *ctx, const wk_endpoint_t *ep, uint32_t timeout_ms, wk_transport_t *out)
{
    assert_true(strlen(wickr_earlier) + wickr.tx_len < sizeof(wickr_earlier));
    strcat(wickr_earlier, wickr.tx);
    return fake_server_connector(ctx).open(ctx, ep, timeout_ms, out);
}

static wk_status_t wickr_close(void *ctx, wk_transport_t *t)
{
    fake_utc += bump_on_close;
    bump_on_close = 0;
    return fake_server_connector(ctx).close(ctx, t);
}

static char iot_buf[FAKE_MAX_RESPONSES][512];

/* The provider's answer: keys named @p key_id, expiring at @p expiration. */
static const char *iot_keys(size_t i, const char *key_id, const char *expiration)
{
    char body[300];
    snprintf(body, sizeof(body),
             "{\"credentials\":{\"accessKeyId\":\"%s\",\"secretAccessKey\":\"sec/%s\","
             "\"sessionToken\":\"TOKEN-%s\",\"expiration\":\"%s\"}}",
             key_id, key_id, key_id, expiration);
    snprintf(iot_buf[i], sizeof(iot_buf[i]),
             "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
             strlen(body), body);
    return iot_buf[i];
}

static const char k_iot_refused[] = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n";

static char page_buf[FAKE_MAX_RESPONSES][256];

static const char *page(size_t i, const char *user, const char *next)
{
    char body[128];
    snprintf(body, sizeof(body), "{\"users\":[{\"username\":\"%s\"}]%s%s%s}", user,
             next != NULL ? ",\"nextToken\":\"" : "", next != NULL ? next : "",
             next != NULL ? "\"" : "");
    snprintf(page_buf[i], sizeof(page_buf[i]),
             "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
             strlen(body), body);
    return page_buf[i];
}

static const char k_unavailable[] =
    "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";

static int reset(void **state)
{
    (void)state;
    fake_server_init(&wickr);
    fake_server_init(&iot);
    fake_ms_step = 1;
    fake_utc = T0;
    fake_slept_ms = 0;
    max_open_timeout = 0;
    bump_on_close = 0;
    bump_on_page = 0;
    wickr_earlier[0] = '\0';
    (void)wk_credentials_wipe(&store);
    memset(&provider, 0, sizeof(provider));
    provider.start = start_iot;
    provider.ctx = (void *)&k_iot;
    provider.connector.open = iot_open;
    provider.connector.close = iot_close;
    provider.connector.ctx = &iot;
    return 0;
}

/* A client without keys of its own, asking the provider. */
static void setup_client(void)
{
    wk_client_config_t cfg;
    memset(&cfg, 0, sizeof(cfg));
    cfg.endpoint.region = "us-east-1";
    cfg.connector = fake_server_connector(&wickr);
    cfg.connector.open = wickr_open;
    cfg.connector.close = wickr_close;
    cfg.read_timeout_ms = 200;
    cfg.call_timeout_ms = 5000;
    assert_int_equal(wk_client_init(&client, &cfg), WK_OK);
    assert_int_equal(wk_client_use_provider(&client, &provider, &store, &fetch), WK_OK);
}

static void teardown_client(void)
{
    assert_int_equal(wk_client_deinit(&client), WK_OK);
    assert_true(iot.open_calls == 0 || iot.closed); /* the provider's connection was closed */
    (void)wk_credentials_wipe(&store);
}

static wk_status_t count_user(void *ctx, const wk_user_t *u)
{
    (void)u;
    ++*(int *)ctx;
    return WK_OK;
}

static wk_status_t on_page(void *ctx, const wk_client_stats_t *stats)
{
    (void)ctx;
    (void)stats;
    fake_utc += bump_on_page;
    return WK_OK;
}

static wk_status_t list_all(int *users)
{
    wk_list_users_request_t req;
    memset(&req, 0, sizeof(req));
    req.network_id = "12345678";
    return wk_client_list_all_users(&client, &req, NULL, count_user, on_page, users);
}

/* The keys request @p n (0-based) to Wickr was signed with. */
static void signed_with(size_t n, const char *key_id, const char *token)
{
    static char all[sizeof(wickr_earlier) + sizeof(wickr.tx)];
    const char *p = all;
    char want[128];
    size_t i;
    snprintf(all, sizeof(all), "%s%s", wickr_earlier, wickr.tx);
    for (i = 0; i < n; i++) {
        p = strstr(p, "\r\n\r\n");
        assert_non_null(p);
        p += 4;
    }
    snprintf(want, sizeof(want), "\r\nAuthorization: AWS4-HMAC-SHA256 Credential=%s/", key_id);
    assert_non_null(strstr(p, want));
    snprintf(want, sizeof(want), "\r\nX-Amz-Security-Token: %s\r\n", token);
    assert_non_null(strstr(p, want));
}

/* The provider is asked before the first request, over its own connection
 * (GET /role-aliases/{alias}/credentials with the thing name), and the
 * request is signed with its keys. */
static void test_asked_before_first_signature(void **state)
{
    int users = 0;
    (void)state;
    iot.responses[0] = iot_keys(0, "ASIAFIRST", "2015-08-30T13:36:00Z");
    iot.count = 1;
    wickr.responses[0] = page(0, "a@x", NULL);
    wickr.count = 1;
    setup_client();
    assert_int_equal(list_all(&users), WK_OK);
    assert_int_equal(users, 1);
    assert_string_equal(iot.request_targets[0], "/role-aliases/wickr-reader/credentials");
    assert_non_null(strstr(iot.tx, "\r\nx-amzn-iot-thingname: gateway-17\r\n"));
    signed_with(0, "ASIAFIRST", "TOKEN-ASIAFIRST");
    assert_null(strstr(wickr.tx, "sec/ASIAFIRST")); /* the secret never travels */
    assert_int_equal(wk_client_stats(&client)->credential_fetches, 1);
    assert_string_equal(store.access_key_id, "ASIAFIRST");
    teardown_client();
}

/* Keys that live an hour, a listing of three pages over 3100 s: asked
 * once at the start, and once more when the mandatory window came, not
 * once per page. */
static void test_one_fetch_per_lifetime(void **state)
{
    int users = 0;
    (void)state;
    iot.responses[0] = iot_keys(0, "ASIAFIRST", "2015-08-30T13:36:00Z");
    iot.responses[1] = iot_keys(1, "ASIASECOND", "2015-08-30T14:36:00Z");
    iot.count = 2;
    wickr.responses[0] = page(0, "a@x", "t2");
    wickr.responses[1] = page(1, "b@x", "t3");
    wickr.responses[2] = page(2, "c@x", NULL);
    wickr.count = 3;
    bump_on_page = 1550; /* page 2 at T0+1550 (none), page 3 at T0+3100 (500 s left: mandatory) */
    setup_client();
    assert_int_equal(list_all(&users), WK_OK);
    assert_int_equal(users, 3);
    assert_int_equal(wk_client_stats(&client)->credential_fetches, 2);
    assert_int_equal(iot.open_calls, 2);
    /* the kept-alive connection went before the second ask: never two open at once */
    assert_int_equal(wickr.open_calls, 2);
    signed_with(0, "ASIAFIRST", "TOKEN-ASIAFIRST");
    signed_with(1, "ASIAFIRST", "TOKEN-ASIAFIRST");
    signed_with(2, "ASIASECOND", "TOKEN-ASIASECOND");
    teardown_client();
}

/* A retry within a page after the keys expired asks the provider first,
 * and is signed with the new keys. */
static void test_retry_after_expiry_refreshes_first(void **state)
{
    int users = 0;
    (void)state;
    iot.responses[0] = iot_keys(0, "ASIAFIRST", "2015-08-30T13:36:00Z");
    iot.responses[1] = iot_keys(1, "ASIASECOND", "2015-08-30T14:36:00Z");
    iot.count = 2;
    wickr.responses[0] = k_unavailable;
    wickr.close_after[0] = true;
    wickr.responses[1] = page(1, "a@x", NULL);
    wickr.count = 2;
    bump_on_close = 3600; /* the first attempt's connection closes as the keys expire */
    setup_client();
    assert_int_equal(list_all(&users), WK_OK);
    assert_int_equal(users, 1);
    assert_int_equal(wk_client_stats(&client)->retries, 1);
    assert_int_equal(wk_client_stats(&client)->credential_fetches, 2);
    signed_with(0, "ASIAFIRST", "TOKEN-ASIAFIRST");
    signed_with(1, "ASIASECOND", "TOKEN-ASIASECOND");
    teardown_client();
}

/* A provider that refuses when the keys must be had: its status and
 * diagnostic, and nothing sent to Wickr. */
static void test_mandatory_failure_sends_nothing(void **state)
{
    int users = 0;
    (void)state;
    iot.responses[0] = k_iot_refused;
    iot.count = 1;
    wickr.responses[0] = page(0, "a@x", NULL);
    wickr.count = 1;
    setup_client();
    assert_int_equal(list_all(&users), WK_ERR_CREDENTIALS_PROVIDER);
    assert_non_null(strstr(wk_client_diag(&client), "403"));
    assert_int_equal(wickr.open_calls, 0);
    assert_int_equal(wk_client_stats(&client)->requests, 0);
    assert_int_equal(wk_client_stats(&client)->credential_fetches, 1);
    assert_int_equal(wk_client_stats(&client)->credential_failures, 1);
    teardown_client();
}

/* Keys that expire between pages while the provider is gone: the next page
 * is not asked for with them; the cursor stays on it. */
static void test_expired_keys_never_signed_with(void **state)
{
    int users = 0;
    const wk_cursor_t *cur = NULL;
    (void)state;
    iot.responses[0] = iot_keys(0, "ASIAFIRST", "2015-08-30T13:36:00Z");
    iot.count = 1;
    iot.connect_fail_from = 2; /* then the provider is unreachable */
    wickr.responses[0] = page(0, "a@x", "t2");
    wickr.responses[1] = page(1, "b@x", NULL);
    wickr.count = 2;
    bump_on_page = 3600;
    setup_client();
    assert_int_equal(list_all(&users), WK_ERR_CONNECT);
    assert_non_null(strstr(wk_client_diag(&client),
                           "the credentials provider c2example.credentials.iot.us-east-1."
                           "amazonaws.com port 443 failed: WK_ERR_CONNECT"));
    assert_int_equal(users, 1);
    assert_int_equal(wk_client_stats(&client)->requests, 1);
    assert_int_equal(wickr.requests_seen, 1);
    assert_int_equal(wk_client_cursor(&client, &cur), WK_OK);
    assert_string_equal(cur->token, "t2");
    teardown_client();
}

/* In the advisory window a failed ask leaves the keys in hand signing; the
 * provider is asked again before the next attempt. */
static void test_advisory_failure_keeps_signing(void **state)
{
    int users = 0;
    const char *why = NULL;
    uint8_t answered = 9;
    (void)state;
    iot.responses[0] = iot_keys(0, "ASIAFIRST", "2015-08-30T13:36:00Z");
    iot.responses[1] = k_iot_refused;
    iot.responses[2] = k_iot_refused;
    iot.count = 3;
    wickr.responses[0] = page(0, "a@x", "t2");
    wickr.responses[1] = page(1, "b@x", "t3");
    wickr.responses[2] = page(2, "c@x", NULL);
    wickr.count = 3;
    bump_on_page = 1400; /* T0+1400: none; T0+2800: 800 s left, advisory */
    setup_client();
    assert_int_equal(list_all(&users), WK_OK);
    assert_int_equal(users, 3);
    assert_int_equal(wk_client_stats(&client)->credential_fetches, 2);
    assert_int_equal(wk_client_stats(&client)->credential_failures, 1);
    signed_with(2, "ASIAFIRST", "TOKEN-ASIAFIRST");
    /* the client's own diagnostic went with the next attempt; why the ask failed stays */
    assert_string_equal(wk_client_diag(&client), "");
    assert_int_equal(wk_cred_fetch_last_failure(&fetch, &why, &answered), WK_OK);
    assert_non_null(strstr(why, "403"));
    assert_int_equal(answered, 0);
    teardown_client();
}

/* A provider that answers one byte at a time, 100 ms of clock each (about
 * 250 bytes: 25 s against a budget of 10 s). The budget bounds the whole
 * response, so the ask times out before the end and nothing is sent to
 * Wickr, whether each byte comes in a step of its own (@p pause_between)
 * or they keep coming within one step. */
static void provider_answering_slowly_times_out(bool pause_between)
{
    int users = 0;
    iot.responses[0] = iot_keys(0, "ASIAFIRST", "2015-08-30T13:36:00Z");
    iot.count = 1;
    iot.chunk = 1;
    iot.pause_between = pause_between;
    iot.drip_ms[0] = 100;
    wickr.responses[0] = page(0, "a@x", NULL);
    wickr.count = 1;
    setup_client();
    assert_int_equal(list_all(&users), WK_ERR_TIMEOUT);
    assert_non_null(strstr(wk_client_diag(&client), "did not answer within 10000 ms"));
    assert_true(iot.pos < strlen(iot.responses[0])); /* stopped before the end */
    assert_int_equal(wickr.open_calls, 0);
    assert_int_equal(wk_client_stats(&client)->credential_failures, 1);
    teardown_client();
}

static void test_dripping_provider_times_out(void **state)
{
    (void)state;
    provider_answering_slowly_times_out(true);
}

/* Without a pause one step would read every byte unless the clock is read
 * as it goes. */
static void test_streaming_provider_times_out(void **state)
{
    (void)state;
    provider_answering_slowly_times_out(false);
}

/* Step mode: the provider's connection is opened with timeout 0 and its
 * response awaited through the wait, one step at a time. */
static void test_steps_never_block(void **state)
{
    wk_list_users_request_t req;
    wk_wait_t w;
    wk_status_t status;
    int users = 0;
    int waits_on_provider = 0;
    (void)state;
    iot.responses[0] = iot_keys(0, "ASIAFIRST", "2015-08-30T13:36:00Z");
    iot.count = 1;
    iot.pause_between = true;
    iot.chunk = 40;
    wickr.responses[0] = page(0, "a@x", NULL);
    wickr.count = 1;
    setup_client();
    memset(&req, 0, sizeof(req));
    req.network_id = "12345678";
    assert_int_equal(wk_client_start_list_users(&client, &req, count_user, &users), WK_OK);
    while ((status = wk_client_step(&client, &w)) == WK_PARTIAL) {
        if (wickr.open_calls == 0) {
            /* still asking the provider: waiting for its bytes, not for time */
            assert_int_equal(w.events, WK_WAIT_READ);
            assert_true(w.timeout_ms <= CONFIG_WK_CONNECT_TIMEOUT_MS);
            waits_on_provider++;
        }
        assert_true(waits_on_provider < 100);
    }
    assert_int_equal(status, WK_OK);
    assert_int_equal(users, 1);
    assert_true(waits_on_provider > 5); /* one piece per step */
    assert_int_equal(max_open_timeout, 0);
    signed_with(0, "ASIAFIRST", "TOKEN-ASIAFIRST");
    teardown_client();
}

/* A synchronous provider (static keys stored once, not expiring) is asked
 * once for the whole listing. */
static int sync_calls;
static wk_status_t static_keys(void *ctx, wk_credentials_t *out, wk_diag_t *diag)
{
    (void)ctx;
    sync_calls++;
    return wk_credentials_set(out, "AKIDSTATIC", 10u, "static/secret", 13u, NULL, 0u,
                              WK_CREDENTIALS_NO_EXPIRY, fake_utc, diag);
}

static void test_synchronous_provider(void **state)
{
    int users = 0;
    const char *p;
    (void)state;
    provider.start = NULL;
    provider.fetch = static_keys;
    memset(&provider.connector, 0, sizeof(provider.connector));
    sync_calls = 0;
    wickr.responses[0] = page(0, "a@x", "t2");
    wickr.responses[1] = page(1, "b@x", NULL);
    wickr.count = 2;
    bump_on_page = 100000;
    setup_client();
    assert_int_equal(list_all(&users), WK_OK);
    assert_int_equal(users, 2);
    assert_int_equal(sync_calls, 1);
    assert_int_equal(wk_client_stats(&client)->credential_fetches, 1);
    p = strstr(wickr.tx, "Credential=AKIDSTATIC/");
    assert_non_null(p);
    assert_non_null(strstr(p + 1, "Credential=AKIDSTATIC/"));
    assert_null(strstr(wickr.tx, "X-Amz-Security-Token"));
    teardown_client();
}

/* A synchronous provider that says WK_OK but stores nothing: no request goes out. */
static wk_status_t claims_keys(void *ctx, wk_credentials_t *out, wk_diag_t *diag)
{
    (void)ctx;
    (void)out;
    (void)diag;
    return WK_OK;
}

static void test_provider_without_keys_sends_nothing(void **state)
{
    int users = 0;
    (void)state;
    provider.start = NULL;
    provider.fetch = claims_keys;
    wickr.responses[0] = page(0, "a@x", NULL);
    wickr.count = 1;
    setup_client();
    assert_int_equal(list_all(&users), WK_ERR_CREDENTIALS);
    assert_non_null(strstr(wk_client_diag(&client), "gave no keys"));
    assert_int_equal(wickr.open_calls, 0);
    assert_int_equal(wk_client_stats(&client)->credential_failures, 1);
    teardown_client();
}

static void test_use_provider_arguments(void **state)
{
    wk_cred_provider_t both = provider;
    wk_cred_provider_t none = provider;
    const char *why = NULL;
    (void)state;
    both.fetch = static_keys;
    none.start = NULL;
    setup_client();
    assert_int_equal(wk_client_use_provider(NULL, &provider, &store, &fetch), WK_ERR_ARG);
    assert_int_equal(wk_client_use_provider(&client, &both, &store, &fetch), WK_ERR_ARG);
    assert_int_equal(wk_client_use_provider(&client, &none, &store, &fetch), WK_ERR_ARG);
    assert_int_equal(wk_client_use_provider(&client, &provider, &store, NULL), WK_ERR_ARG);
    assert_int_equal(wk_client_use_provider(&client, &provider, NULL, &fetch), WK_ERR_ARG);
    assert_int_equal(wk_cred_fetch_last_failure(NULL, &why, NULL), WK_ERR_ARG);
    assert_int_equal(wk_cred_fetch_last_failure(&fetch, NULL, NULL), WK_ERR_ARG);
    assert_int_equal(wk_cred_fetch_last_failure(&fetch, &why, NULL), WK_OK);
    assert_string_equal(why, ""); /* no ask failed */
    teardown_client();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_asked_before_first_signature, reset),
        cmocka_unit_test_setup(test_one_fetch_per_lifetime, reset),
        cmocka_unit_test_setup(test_retry_after_expiry_refreshes_first, reset),
        cmocka_unit_test_setup(test_mandatory_failure_sends_nothing, reset),
        cmocka_unit_test_setup(test_expired_keys_never_signed_with, reset),
        cmocka_unit_test_setup(test_advisory_failure_keeps_signing, reset),
        cmocka_unit_test_setup(test_dripping_provider_times_out, reset),
        cmocka_unit_test_setup(test_streaming_provider_times_out, reset),
        cmocka_unit_test_setup(test_steps_never_block, reset),
        cmocka_unit_test_setup(test_synchronous_provider, reset),
        cmocka_unit_test_setup(test_provider_without_keys_sends_nothing, reset),
        cmocka_unit_test_setup(test_use_provider_arguments, reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
