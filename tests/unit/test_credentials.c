/* SPDX-License-Identifier: Apache-2.0 */
/* Credentials storage, the refresh policy, ISO 8601 expirations, and the
 * providers' exchanges against canned responses: the requests they write,
 * the documents they accept, and each bad document, at every split. */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fake_port.h"
#include "wk/wk_credentials.h"

#define T0 1767225600 /* 2026-01-01T00:00:00Z */

static wk_credentials_t g_creds;
static wk_cred_exchange_t g_x;
static wk_diag_t g_diag;
static char g_req[512 + CONFIG_WK_SESSION_TOKEN_MAX];
static size_t g_req_len;

static wk_status_t set(const char *id, const char *secret, const char *token, int64_t exp, int64_t now)
{
    return wk_credentials_set(&g_creds, id, strlen(id), secret, strlen(secret), token,
                              token != NULL ? strlen(token) : 0u, exp, now, &g_diag);
}

static void test_storage(void **state)
{
    static char long_token[CONFIG_WK_SESSION_TOKEN_MAX + 2];
    wk_sigv4_credentials_t view;
    (void)state;
    memset(&g_creds, 0, sizeof(g_creds));
    assert_int_equal(wk_credentials_sigv4(&g_creds, &view), WK_ERR_CREDENTIALS);
    assert_int_equal(set("AKIDEXAMPLE", "secret/key+1", NULL, WK_CREDENTIALS_NO_EXPIRY, T0), WK_OK);
    assert_int_equal(wk_credentials_sigv4(&g_creds, &view), WK_OK);
    assert_string_equal(view.access_key_id, "AKIDEXAMPLE");
    assert_string_equal(view.secret_access_key, "secret/key+1");
    assert_null(view.session_token);

    /* refused: the old keys stay, the diagnostic names the field, never a value */
    assert_int_equal(set("AK-ID", "s", NULL, WK_CREDENTIALS_NO_EXPIRY, T0), WK_ERR_CREDENTIALS);
    assert_string_equal(g_diag.text, "credentials: access key id is missing, longer than 128 bytes "
                                     "or not [A-Za-z0-9_]");
    assert_int_equal(set("ASIA", "", "t", T0 + 10, T0), WK_ERR_CREDENTIALS);
    assert_int_equal(set("ASIA", "s s", "t", T0 + 10, T0), WK_ERR_CREDENTIALS);
    assert_int_equal(set("ASIA", "s", "t\n", T0 + 10, T0), WK_ERR_CREDENTIALS);
    assert_null(strstr(g_diag.text, "t\n"));
    memset(long_token, 'x', CONFIG_WK_SESSION_TOKEN_MAX + 1);
    assert_int_equal(set("ASIA", "s", long_token, T0 + 10, T0), WK_ERR_CREDENTIALS);
    assert_string_equal(g_diag.text, "credentials: session token is longer than "
                                     "CONFIG_WK_SESSION_TOKEN_MAX");
    assert_int_equal(set("ASIA", "s", "t", T0, T0), WK_ERR_CREDENTIALS_EXPIRED);
    assert_string_equal(g_diag.text, "credentials: expired on arrival, 0 s ago");
    assert_string_equal(g_creds.access_key_id, "AKIDEXAMPLE");
    assert_int_equal(g_creds.expiration, WK_CREDENTIALS_NO_EXPIRY);

    /* the longest token fits; a shorter one replaces it with nothing left over */
    long_token[CONFIG_WK_SESSION_TOKEN_MAX] = '\0';
    assert_int_equal(set("ASIA", "s", long_token, T0 + 10, T0), WK_OK);
    assert_int_equal(set("ASIA2", "s2", "short", T0 + 10, T0), WK_OK);
    assert_int_equal(wk_credentials_sigv4(&g_creds, &view), WK_OK);
    assert_string_equal(view.session_token, "short");
    assert_int_equal(g_creds.session_token[6], '\0');
    assert_int_equal(g_creds.session_token[CONFIG_WK_SESSION_TOKEN_MAX - 1], '\0');

    assert_int_equal(wk_credentials_wipe(&g_creds), WK_OK);
    assert_false(g_creds.present);
    assert_int_equal(g_creds.secret_access_key[0], '\0');
    assert_int_equal(wk_credentials_wipe(NULL), WK_ERR_ARG);
    assert_int_equal(wk_credentials_set(NULL, "a", 1u, "b", 1u, NULL, 0u, 1, 0, NULL), WK_ERR_ARG);
}

static wk_refresh_t need_at(int64_t now)
{
    wk_refresh_t need = WK_REFRESH_NONE;
    assert_int_equal(wk_credentials_refresh_check(&g_creds, now, &need), WK_OK);
    return need;
}

static void test_refresh_policy(void **state)
{
    (void)state;
    memset(&g_creds, 0, sizeof(g_creds));
    assert_int_equal(need_at(T0), WK_REFRESH_EXPIRED); /* nothing stored yet */

    assert_int_equal(set("AKID", "s", NULL, WK_CREDENTIALS_NO_EXPIRY, T0), WK_OK);
    assert_int_equal(need_at(T0 + 100000000), WK_REFRESH_NONE);

    /* one hour: botocore's 15 and 10 minutes */
    assert_int_equal(set("ASIA", "s", "t", T0 + 3600, T0), WK_OK);
    assert_int_equal(need_at(T0), WK_REFRESH_NONE);
    assert_int_equal(need_at(T0 + 3600 - 901), WK_REFRESH_NONE);
    assert_int_equal(need_at(T0 + 3600 - 900), WK_REFRESH_ADVISORY);
    assert_int_equal(need_at(T0 + 3600 - 601), WK_REFRESH_ADVISORY);
    assert_int_equal(need_at(T0 + 3600 - 600), WK_REFRESH_MANDATORY);
    assert_int_equal(need_at(T0 + 3600 - 1), WK_REFRESH_MANDATORY);
    assert_int_equal(need_at(T0 + 3600), WK_REFRESH_EXPIRED);
    assert_int_equal(need_at(T0 + 999999), WK_REFRESH_EXPIRED);

    /* six hours: still 15 and 10 minutes */
    assert_int_equal(set("ASIA", "s", "t", T0 + 6 * 3600, T0), WK_OK);
    assert_int_equal(need_at(T0 + 6 * 3600 - 901), WK_REFRESH_NONE);
    assert_int_equal(need_at(T0 + 6 * 3600 - 900), WK_REFRESH_ADVISORY);
    assert_int_equal(need_at(T0 + 6 * 3600 - 600), WK_REFRESH_MANDATORY);

    /* 60 seconds: a quarter and a sixth, so one fetch serves most of the life */
    assert_int_equal(set("ASIA", "s", "t", T0 + 60, T0), WK_OK);
    assert_int_equal(need_at(T0 + 44), WK_REFRESH_NONE);
    assert_int_equal(need_at(T0 + 45), WK_REFRESH_ADVISORY);
    assert_int_equal(need_at(T0 + 50), WK_REFRESH_MANDATORY);
    assert_int_equal(need_at(T0 + 60), WK_REFRESH_EXPIRED);

    /* a clock that went back does not make them look longer-lived */
    assert_int_equal(need_at(T0 - 1000), WK_REFRESH_NONE);
    assert_int_equal(wk_credentials_refresh_check(NULL, T0, NULL), WK_ERR_ARG);
}

static wk_status_t iso(const char *s, int64_t *t)
{
    return wk_iso8601_parse(s, strlen(s), t, &g_diag);
}

static void test_iso8601(void **state)
{
    int64_t t = 0;
    (void)state;
    assert_int_equal(iso("2026-01-01T00:00:00Z", &t), WK_OK);
    assert_int_equal(t, T0);
    assert_int_equal(iso("2026-01-01T01:02:03.999999Z", &t), WK_OK);
    assert_int_equal(t, T0 + 3723);
    assert_int_equal(iso("2026-01-01T02:00:00+02:00", &t), WK_OK);
    assert_int_equal(t, T0);
    assert_int_equal(iso("2025-12-31T23:30:00-00:30", &t), WK_OK);
    assert_int_equal(t, T0);
    assert_int_equal(iso("2016-12-31T23:59:60Z", &t), WK_OK);
    assert_int_equal(iso("2016-12-31T23:59:59Z", &t) == WK_OK, 1);
    assert_int_equal(iso("2024-02-29T00:00:00Z", &t), WK_OK);

    assert_int_equal(iso("2026-01-01T00:00:00", &t), WK_ERR_CREDENTIALS_EXPIRATION);
    assert_string_equal(g_diag.text, "expiration has no time zone (Z or +HH:MM) at byte 19");
    assert_int_equal(iso("2026-01-01 00:00:00Z", &t), WK_ERR_CREDENTIALS_EXPIRATION);
    assert_string_equal(g_diag.text, "expiration is not YYYY-MM-DDTHH:MM:SS at byte 10");
    assert_int_equal(iso("2025-02-29T00:00:00Z", &t), WK_ERR_CREDENTIALS_EXPIRATION);
    assert_string_equal(g_diag.text, "expiration has a field out of range at byte 20");
    assert_int_equal(iso("2026-01-01T24:00:00Z", &t), WK_ERR_CREDENTIALS_EXPIRATION);
    assert_int_equal(iso("1969-12-31T23:59:59Z", &t), WK_ERR_CREDENTIALS_EXPIRATION);
    assert_int_equal(iso("2026-01-01T00:00:00.Z", &t), WK_ERR_CREDENTIALS_EXPIRATION);
    assert_int_equal(iso("2026-01-01T00:00:00+2:00", &t), WK_ERR_CREDENTIALS_EXPIRATION);
    assert_int_equal(iso("2026-01-01T00:00:00Zjunk", &t), WK_ERR_CREDENTIALS_EXPIRATION);
    assert_string_equal(g_diag.text, "expiration has bytes after the time at byte 20");
    assert_int_equal(iso("1767225600", &t), WK_ERR_CREDENTIALS_EXPIRATION);
    assert_int_equal(iso("", &t), WK_ERR_CREDENTIALS_EXPIRATION);
    assert_int_equal(t, 0);
    assert_int_equal(wk_iso8601_parse(NULL, 0u, &t, NULL), WK_ERR_ARG);
}

/* ---- Exchanges ----------------------------------------------------------------------- */

static const char k_ok_head[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                "Connection: close\r\n\r\n";

/* Feeds a whole response (head + body, close-delimited) in pieces of step
 * (0: whole), then EOF; the last status. */
static wk_status_t respond(const char *head, const char *body, size_t step)
{
    static char whole[8192];
    size_t n;
    size_t off = 0u;
    size_t used;
    wk_status_t st = WK_PARTIAL;
    snprintf(whole, sizeof(whole), "%s%s", head, body);
    n = strlen(whole);
    step = (step == 0u) ? n : step;
    while (st == WK_PARTIAL && off < n && !wk_cred_exchange_wants_request(&g_x)) {
        size_t k = (n - off < step) ? n - off : step;
        st = wk_cred_exchange_feed(&g_x, (const uint8_t *)whole + off, k, &used, &g_diag);
        off += used;
    }
    if (st == WK_PARTIAL && !wk_cred_exchange_wants_request(&g_x)) {
        st = wk_cred_exchange_feed(&g_x, NULL, 0u, &used, &g_diag);
    }
    return st;
}

static void request(const char *want)
{
    assert_true(wk_cred_exchange_wants_request(&g_x));
    assert_int_equal(wk_cred_exchange_request(&g_x, g_req, sizeof(g_req), &g_req_len), WK_OK);
    g_req[g_req_len] = '\0';
    assert_string_equal(g_req, want);
}

static const wk_iot_cred_params_t k_iot = {"https://c2.credentials.iot.us-east-1.amazonaws.com",
                                           "wickr-reader", "gateway-17"};

static const char k_iot_req[] =
    "GET /role-aliases/wickr-reader/credentials HTTP/1.1\r\n"
    "Host: c2.credentials.iot.us-east-1.amazonaws.com\r\nUser-Agent: wickr-lite\r\n"
    "Accept: application/json\r\nConnection: close\r\nx-amzn-iot-thingname: gateway-17\r\n\r\n";

static const char k_iot_body[] =
    "{\"credentials\":{\"accessKeyId\":\"ASIAIOT\",\"secretAccessKey\":\"iot/secret\","
    "\"sessionToken\":\"IQoJb3JpZ2luX2VjE\",\"expiration\":\"2026-01-01T01:00:00Z\"}}";

/* One IoT exchange over a body; the status of the response. */
static wk_status_t iot_with(const char *head, const char *body, size_t step)
{
    wk_status_t st;
    fake_utc = T0;
    assert_int_equal(wk_cred_exchange_iot(&g_x, &k_iot, &g_creds, &g_diag), WK_OK);
    request(k_iot_req);
    st = respond(head, body, step);
    return st;
}

static void test_iot(void **state)
{
    const wk_endpoint_t *ep = NULL;
    uint32_t ms = 0u;
    size_t step;
    size_t used;
    (void)state;
    memset(&g_creds, 0, sizeof(g_creds));
    for (step = 0u; step < 40u; step++) {
        assert_int_equal(iot_with(k_ok_head, k_iot_body, step), WK_OK);
        assert_string_equal(g_creds.access_key_id, "ASIAIOT");
        assert_string_equal(g_creds.secret_access_key, "iot/secret");
        assert_string_equal(g_creds.session_token, "IQoJb3JpZ2luX2VjE");
        assert_int_equal(g_creds.expiration, T0 + 3600);
        assert_int_equal(g_creds.stored_at, T0);
        assert_false(wk_cred_exchange_wants_request(&g_x));
    }
    /* the keys left the exchange with the document */
    assert_null(memmem(&g_x, sizeof(g_x), "iot/secret", 10u));
    assert_null(memmem(&g_x, sizeof(g_x), "IQoJb3JpZ2luX2VjE", 17u));
    assert_int_equal(wk_cred_exchange_endpoint(&g_x, &ep, &ms), WK_OK);
    assert_string_equal(ep->host, "c2.credentials.iot.us-east-1.amazonaws.com");
    assert_true(ep->tls);
    assert_int_equal(ep->port, 443);
    /* done: no more requests, no more bytes */
    assert_int_equal(wk_cred_exchange_request(&g_x, g_req, sizeof(g_req), &g_req_len), WK_ERR_STATE);
    assert_int_equal(wk_cred_exchange_feed(&g_x, (const uint8_t *)"x", 1u, &used, &g_diag), WK_ERR_STATE);
    assert_int_equal(wk_cred_exchange_end(&g_x), WK_OK);
    assert_int_equal(wk_cred_exchange_endpoint(&g_x, &ep, &ms), WK_ERR_ARG);

    /* settings refused before anything is sent */
    {
        wk_iot_cred_params_t p = k_iot;
        p.role_alias = "../admin";
        assert_int_equal(wk_cred_exchange_iot(&g_x, &p, &g_creds, &g_diag), WK_ERR_CREDENTIALS_SOURCE);
        assert_false(wk_cred_exchange_wants_request(&g_x));
        p = k_iot;
        p.thing_name = "a\r\nX-Injected: 1";
        assert_int_equal(wk_cred_exchange_iot(&g_x, &p, &g_creds, &g_diag), WK_ERR_CREDENTIALS_SOURCE);
        p = k_iot;
        p.endpoint_url = "http://127.0.0.1:8080";
        assert_int_equal(wk_cred_exchange_iot(&g_x, &p, &g_creds, &g_diag), WK_ERR_CREDENTIALS_SOURCE);
        assert_string_equal(g_diag.text, "IoT credentials endpoint must be https (mutual TLS)");
        p.endpoint_url = "https://host/a?b";
        assert_int_equal(wk_cred_exchange_iot(&g_x, &p, &g_creds, &g_diag), WK_ERR_ENDPOINT);
    }
}

/* Each bad document: its own status, a diagnostic naming the field, and the
 * caller's credentials untouched. */
static void bad_iot(const char *body, wk_status_t want, const char *diag)
{
    size_t step;
    for (step = 0u; step < 8u; step++) {
        assert_int_equal(iot_with(k_ok_head, body, step), want);
        if (diag != NULL) {
            assert_string_equal(g_diag.text, diag);
        }
        assert_string_equal(g_creds.access_key_id, "KEEP");
        assert_int_equal(wk_cred_exchange_feed(&g_x, NULL, 0u, &(size_t){0}, &g_diag), want);
    }
}

static void test_iot_bad_documents(void **state)
{
    static char body[CONFIG_WK_SESSION_TOKEN_MAX + 256];
    static char token[CONFIG_WK_SESSION_TOKEN_MAX + 2];
    (void)state;
    fake_utc = T0;
    assert_int_equal(set("KEEP", "s", NULL, WK_CREDENTIALS_NO_EXPIRY, T0), WK_OK);

    bad_iot("{\"credentials\":{\"accessKeyId\":\"A\",\"secretAccessKey\":\"s\",\"expiration\":"
            "\"2026-01-01T01:00:00Z\"}}",
            WK_ERR_CREDENTIALS, "field \"sessionToken\": missing from the credentials");
    bad_iot("{\"credentials\":{\"accessKeyId\":\"A\",\"secretAccessKey\":\"s\",\"sessionToken\":\"t\"}}",
            WK_ERR_CREDENTIALS_EXPIRATION, "field \"expiration\": missing from the credentials");
    bad_iot("{\"Credentials\":{}}", WK_ERR_CREDENTIALS,
            "field \"credentials\": missing from the document");
    bad_iot("{\"credentials\":{\"accessKeyId\":\"A\",\"secretAccessKey\":\"s\",\"sessionToken\":\"t\","
            "\"expiration\":\"tomorrow\"}}",
            WK_ERR_CREDENTIALS_EXPIRATION, "expiration is not YYYY-MM-DDTHH:MM:SS at byte 0");
    bad_iot("{\"credentials\":{\"accessKeyId\":\"A\",\"secretAccessKey\":\"s\",\"sessionToken\":\"t\","
            "\"expiration\":\"2025-12-31T23:59:59Z\"}}",
            WK_ERR_CREDENTIALS_EXPIRED, "credentials: expired on arrival, 1 s ago");
    bad_iot("{\"credentials\":{\"accessKeyId\":\"A\",\"secretAccessKey\":\"s\",\"sessionToken\":\"t\","
            "\"expiration\":1767229200}}",
            WK_ERR_JSON_TYPE, NULL);
    bad_iot("{\"credentials\":{\"accessKeyId\":\"A\",\"secretAccessKey\":\"s\",\"sessionToken\":\"t\","
            "\"expiration\":\"2026-01-01T01:00:00.000000000000000000000Z\"}}",
            WK_ERR_JSON_FIELD_TOO_LONG, NULL);
    assert_non_null(strstr(g_diag.text, "WK_CREDENTIALS_EXPIRATION_MAX"));
    bad_iot("{\"credentials\":{\"accessKeyId\":\"A\",\"secretAccessKey\":\"s\"", WK_ERR_JSON_TRUNCATED,
            NULL);
    bad_iot("{\"credentials\":{\"accessKeyId\":\"A-B\",\"secretAccessKey\":\"s\",\"sessionToken\":\"t\","
            "\"expiration\":\"2026-01-01T01:00:00Z\"}}",
            WK_ERR_CREDENTIALS, NULL);

    /* a token one byte over its room: refused, not cut */
    memset(token, 'T', CONFIG_WK_SESSION_TOKEN_MAX + 1);
    snprintf(body, sizeof(body),
             "{\"credentials\":{\"accessKeyId\":\"A\",\"secretAccessKey\":\"s\",\"sessionToken\":\"%s\","
             "\"expiration\":\"2026-01-01T01:00:00Z\"}}", token);
    assert_int_equal(iot_with(k_ok_head, body, 0u), WK_ERR_JSON_FIELD_TOO_LONG);
    assert_non_null(strstr(g_diag.text, "field \"sessionToken\": longer than"));
    assert_non_null(strstr(g_diag.text, "(CONFIG_WK_SESSION_TOKEN_MAX)"));
    assert_null(strstr(g_diag.text, "TTTT"));
    token[CONFIG_WK_SESSION_TOKEN_MAX] = '\0';
    snprintf(body, sizeof(body),
             "{\"credentials\":{\"accessKeyId\":\"A\",\"secretAccessKey\":\"s\",\"sessionToken\":\"%s\","
             "\"expiration\":\"2026-01-01T01:00:00Z\"}}", token);
    assert_int_equal(iot_with(k_ok_head, body, 0u), WK_OK);
    assert_int_equal(strlen(g_creds.session_token), CONFIG_WK_SESSION_TOKEN_MAX);
    assert_int_equal(set("KEEP", "s", NULL, WK_CREDENTIALS_NO_EXPIRY, T0), WK_OK);

    /* the provider refused: its status named, nothing stored */
    assert_int_equal(iot_with("HTTP/1.1 403 Forbidden\r\nContent-Length: 2\r\n\r\n", "{}", 0u),
                     WK_ERR_CREDENTIALS_PROVIDER);
    assert_string_equal(g_diag.text, "AWS IoT credentials provider answered HTTP 403");
    assert_int_equal(iot_with("HTTP/1.1 200 OK\r\nContent-Length: 400\r\n\r\n", k_iot_body, 0u),
                     WK_ERR_HTTP_TRUNCATED);
    assert_string_equal(g_creds.access_key_id, "KEEP");

    /* no clock: nothing to compare the expiration with */
    fake_utc_fail = 1;
    assert_int_equal(wk_cred_exchange_iot(&g_x, &k_iot, &g_creds, &g_diag), WK_OK);
    request(k_iot_req);
    assert_int_equal(respond(k_ok_head, k_iot_body, 0u), WK_ERR_CLOCK);
    fake_utc_fail = 0;
    assert_string_equal(g_creds.access_key_id, "KEEP");
}

static const char k_flat_body[] =
    "{\"RoleArn\":\"arn:aws:iam::1:role/x\",\"AccessKeyId\":\"ASIACONT\",\"SecretAccessKey\":\"c/s\","
    "\"Token\":\"ctoken\",\"Expiration\":\"2026-01-01T06:00:00Z\"}";

static void test_container(void **state)
{
    wk_container_cred_params_t p = {"/v2/credentials/0b5c5b5e-5b5e-4b5e-8b5e-5b5e5b5e5b5e", NULL, NULL, 0u};
    const wk_endpoint_t *ep = NULL;
    uint32_t ms = 0u;
    (void)state;
    fake_utc = T0;
    assert_int_equal(wk_cred_exchange_container(&g_x, &p, &g_creds, &g_diag), WK_OK);
    assert_int_equal(wk_cred_exchange_endpoint(&g_x, &ep, &ms), WK_OK);
    assert_string_equal(ep->host, "169.254.170.2");
    assert_false(ep->tls);
    assert_int_equal(ep->port, 80);
    assert_int_equal(ms, WK_CONTAINER_TIMEOUT_MS);
    request("GET /v2/credentials/0b5c5b5e-5b5e-4b5e-8b5e-5b5e5b5e5b5e HTTP/1.1\r\nHost: 169.254.170.2\r\n"
            "User-Agent: wickr-lite\r\nAccept: application/json\r\nConnection: close\r\n\r\n");
    assert_int_equal(respond(k_ok_head, k_flat_body, 3u), WK_OK);
    assert_string_equal(g_creds.access_key_id, "ASIACONT");
    assert_string_equal(g_creds.session_token, "ctoken");
    assert_int_equal(g_creds.expiration, T0 + 6 * 3600);

    /* a full URI with a token; the trailing '/' kept */
    p.relative_uri = NULL;
    p.full_uri = "http://localhost:8080/2016-11-01/credentialprovider/";
    p.auth_token = "Bearer abc";
    p.auth_token_len = 10u;
    assert_int_equal(wk_cred_exchange_container(&g_x, &p, &g_creds, &g_diag), WK_OK);
    request("GET /2016-11-01/credentialprovider/ HTTP/1.1\r\nHost: localhost:8080\r\n"
            "User-Agent: wickr-lite\r\nAccept: application/json\r\nConnection: close\r\n"
            "Authorization: Bearer abc\r\n\r\n");
    assert_int_equal(respond(k_ok_head, k_flat_body, 0u), WK_OK);

    /* the hosts botocore allows over http, and no other */
    {
        static const char *const allowed[] = {"http://127.0.0.1/c", "http://127.9.8.7:1/c",
                                              "http://[::1]/c", "http://169.254.170.2/c",
                                              "http://169.254.170.23/v1/credentials",
                                              "http://[fd00:ec2::23]/c", "https://creds.example.com/c",
                                              "http://LOCALHOST/c"};
        static const char *const refused[] = {"http://169.254.169.254/c", "http://10.0.0.1/c",
                                              "http://example.com/c", "http://[fd00:ec2::24]/c",
                                              "http://169.254.170.3/c", "http://localhost.evil.com/c"};
        size_t i;
        p.auth_token = NULL;
        p.auth_token_len = 0u;
        for (i = 0u; i < sizeof(allowed) / sizeof(allowed[0]); i++) {
            p.full_uri = allowed[i];
            assert_int_equal(wk_cred_exchange_container(&g_x, &p, &g_creds, &g_diag), WK_OK);
        }
        for (i = 0u; i < sizeof(refused) / sizeof(refused[0]); i++) {
            p.full_uri = refused[i];
            assert_int_equal(wk_cred_exchange_container(&g_x, &p, &g_creds, &g_diag),
                             WK_ERR_CREDENTIALS_SOURCE);
            assert_false(wk_cred_exchange_wants_request(&g_x));
        }
    }
    /* the relative URI wins; it must be a path */
    p.relative_uri = "/creds";
    p.full_uri = "http://example.com/c";
    assert_int_equal(wk_cred_exchange_container(&g_x, &p, &g_creds, &g_diag), WK_OK);
    p.relative_uri = "@evil.com/creds";
    assert_int_equal(wk_cred_exchange_container(&g_x, &p, &g_creds, &g_diag), WK_ERR_CREDENTIALS_SOURCE);
    p.relative_uri = NULL;
    p.full_uri = NULL;
    assert_int_equal(wk_cred_exchange_container(&g_x, &p, &g_creds, &g_diag), WK_ERR_CREDENTIALS_SOURCE);
    /* a token that would inject a header */
    p.full_uri = "http://127.0.0.1/c";
    p.auth_token = "a\r\nX: 1";
    p.auth_token_len = 7u;
    assert_int_equal(wk_cred_exchange_container(&g_x, &p, &g_creds, &g_diag), WK_ERR_CREDENTIALS_SOURCE);
    assert_string_equal(g_diag.text, "container authorization token holds a control byte at offset 1");
}

static void test_imds(void **state)
{
    wk_imds_cred_params_t p = {"http://127.0.0.1:9911", NULL};
    const wk_endpoint_t *ep = NULL;
    uint32_t ms = 0u;
    size_t step;
    (void)state;
    fake_utc = T0;
    for (step = 0u; step < 5u; step++) {
        assert_int_equal(wk_cred_exchange_imds(&g_x, &p, &g_creds, &g_diag), WK_OK);
        assert_int_equal(wk_cred_exchange_endpoint(&g_x, &ep, &ms), WK_OK);
        assert_int_equal(ms, WK_IMDS_TIMEOUT_MS);
        request("PUT /latest/api/token HTTP/1.1\r\nHost: 127.0.0.1:9911\r\nUser-Agent: wickr-lite\r\n"
                "Accept: application/json\r\nConnection: close\r\n"
                "x-aws-ec2-metadata-token-ttl-seconds: 21600\r\nContent-Length: 0\r\n\r\n");
        assert_int_equal(respond(k_ok_head, "AQAEAtoken==", step), WK_PARTIAL);
        request("GET /latest/meta-data/iam/security-credentials/ HTTP/1.1\r\nHost: 127.0.0.1:9911\r\n"
                "User-Agent: wickr-lite\r\nAccept: application/json\r\nConnection: close\r\n"
                "x-aws-ec2-metadata-token: AQAEAtoken==\r\n\r\n");
        assert_int_equal(respond(k_ok_head, "wickr-role\n", step), WK_PARTIAL);
        request("GET /latest/meta-data/iam/security-credentials/wickr-role HTTP/1.1\r\n"
                "Host: 127.0.0.1:9911\r\nUser-Agent: wickr-lite\r\nAccept: application/json\r\n"
                "Connection: close\r\nx-aws-ec2-metadata-token: AQAEAtoken==\r\n\r\n");
        assert_int_equal(respond(k_ok_head,
                                 "{\"Code\":\"Success\",\"LastUpdated\":\"2025-12-31T23:00:00Z\","
                                 "\"Type\":\"AWS-HMAC\",\"AccessKeyId\":\"ASIAIMDS\",\"SecretAccessKey\":"
                                 "\"i/s\",\"Token\":\"itoken\",\"Expiration\":\"2026-01-01T06:00:00Z\"}",
                                 step),
                         WK_OK);
        assert_string_equal(g_creds.access_key_id, "ASIAIMDS");
        assert_non_null(memmem(&g_x, sizeof(g_x), "AQAEAtoken==", 12u));
        assert_int_equal(wk_cred_exchange_end(&g_x), WK_OK);
        assert_null(memmem(&g_x, sizeof(g_x), "AQAEAtoken==", 12u)); /* wiped */
    }

    /* the default endpoint; disabled */
    p.endpoint_url = NULL;
    assert_int_equal(wk_cred_exchange_imds(&g_x, &p, &g_creds, &g_diag), WK_OK);
    assert_int_equal(wk_cred_exchange_endpoint(&g_x, &ep, &ms), WK_OK);
    assert_string_equal(ep->host, "169.254.169.254");
    p.disabled = "TRUE";
    assert_int_equal(wk_cred_exchange_imds(&g_x, &p, &g_creds, &g_diag), WK_ERR_CREDENTIALS_SOURCE);
    assert_string_equal(g_diag.text, "instance metadata is disabled (AWS_EC2_METADATA_DISABLED)");
    p.disabled = "false";
    assert_int_equal(wk_cred_exchange_imds(&g_x, &p, &g_creds, &g_diag), WK_OK);

    /* a role name that would change the path; a Code that is not Success; no token */
    assert_int_equal(wk_cred_exchange_feed(&g_x, (const uint8_t *)"H", 1u, &(size_t){0}, &g_diag),
                     WK_ERR_STATE);
    request("PUT /latest/api/token HTTP/1.1\r\nHost: 169.254.169.254\r\nUser-Agent: wickr-lite\r\n"
            "Accept: application/json\r\nConnection: close\r\n"
            "x-aws-ec2-metadata-token-ttl-seconds: 21600\r\nContent-Length: 0\r\n\r\n");
    assert_int_equal(respond(k_ok_head, "tok", 0u), WK_PARTIAL);
    assert_int_equal(wk_cred_exchange_request(&g_x, g_req, sizeof(g_req), &g_req_len), WK_OK);
    assert_int_equal(respond(k_ok_head, "../../latest/user-data", 0u), WK_ERR_CREDENTIALS_PROVIDER);
    assert_string_equal(g_diag.text, "IMDS role name is empty, longer than 64 bytes or not an IAM role name");

    assert_int_equal(wk_cred_exchange_imds(&g_x, &p, &g_creds, &g_diag), WK_OK);
    assert_int_equal(wk_cred_exchange_request(&g_x, g_req, sizeof(g_req), &g_req_len), WK_OK);
    assert_int_equal(respond("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n", "", 0u),
                     WK_ERR_CREDENTIALS_PROVIDER);
    assert_string_equal(g_diag.text, "instance metadata service answered HTTP 405");

    assert_int_equal(wk_cred_exchange_imds(&g_x, &p, &g_creds, &g_diag), WK_OK);
    assert_int_equal(wk_cred_exchange_request(&g_x, g_req, sizeof(g_req), &g_req_len), WK_OK);
    assert_int_equal(respond(k_ok_head, "tok", 0u), WK_PARTIAL);
    assert_int_equal(wk_cred_exchange_request(&g_x, g_req, sizeof(g_req), &g_req_len), WK_OK);
    assert_int_equal(respond(k_ok_head, "role", 0u), WK_PARTIAL);
    assert_int_equal(wk_cred_exchange_request(&g_x, g_req, sizeof(g_req), &g_req_len), WK_OK);
    assert_int_equal(respond(k_ok_head, "{\"Code\":\"Failed\",\"AccessKeyId\":\"A\",\"SecretAccessKey\":"
                                        "\"s\",\"Token\":\"t\",\"Expiration\":\"2026-01-01T06:00:00Z\"}", 0u),
                     WK_ERR_CREDENTIALS_PROVIDER);
    assert_string_equal(g_diag.text, "field \"Code\": the instance metadata service says Failed");

    /* a request buffer too small fails whole and leaves nothing behind */
    assert_int_equal(wk_cred_exchange_imds(&g_x, &p, &g_creds, &g_diag), WK_OK);
    assert_int_equal(wk_cred_exchange_request(&g_x, g_req, 40u, &g_req_len), WK_ERR_NO_SPACE);
    assert_int_equal(g_req_len, 0u);
    assert_int_equal(wk_cred_exchange_end(&g_x), WK_OK);
}

/* Feeds a credential_process output in pieces of step, then its end. */
static wk_status_t process_output(const char *out, size_t step)
{
    size_t n = strlen(out);
    size_t off = 0u;
    size_t used = 0u;
    wk_status_t st = WK_PARTIAL;
    assert_int_equal(wk_cred_exchange_process(&g_x, &g_creds), WK_OK);
    assert_false(wk_cred_exchange_wants_request(&g_x));
    while (st == WK_PARTIAL && off < n) {
        size_t k = (n - off < step) ? n - off : step;
        st = wk_cred_exchange_feed(&g_x, (const uint8_t *)out + off, k, &used, &g_diag);
        off += k;
    }
    return (st == WK_PARTIAL) ? wk_cred_exchange_feed(&g_x, NULL, 0u, &used, &g_diag) : st;
}

static void test_process(void **state)
{
    static const char full[] = "{\"Version\": 1, \"AccessKeyId\": \"ASIAPROC\", \"SecretAccessKey\": "
                               "\"p/s\", \"SessionToken\": \"ptoken\", \"Expiration\": "
                               "\"2026-01-01T01:00:00Z\"}\n";
    const wk_endpoint_t *ep = NULL;
    size_t step;
    (void)state;
    fake_utc = T0;
    for (step = 1u; step < 20u; step += 6u) {
        assert_int_equal(process_output(full, step), WK_OK);
        assert_string_equal(g_creds.access_key_id, "ASIAPROC");
        assert_string_equal(g_creds.session_token, "ptoken");
        assert_int_equal(g_creds.expiration, T0 + 3600);
    }
    assert_int_equal(wk_cred_exchange_endpoint(&g_x, &ep, NULL), WK_ERR_ARG);
    assert_int_equal(wk_cred_exchange_request(&g_x, g_req, sizeof(g_req), &g_req_len), WK_ERR_STATE);
    /* long-term keys: no token, no expiration */
    assert_int_equal(process_output("{\"Version\":1,\"AccessKeyId\":\"AKIAPROC\",\"SecretAccessKey\":\"s\"}",
                                    7u),
                     WK_OK);
    assert_int_equal(g_creds.expiration, WK_CREDENTIALS_NO_EXPIRY);
    assert_int_equal(g_creds.session_token[0], '\0');

    assert_int_equal(set("KEEP", "s", NULL, WK_CREDENTIALS_NO_EXPIRY, T0), WK_OK);
    assert_int_equal(process_output("{\"Version\":2,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\"}", 5u),
                     WK_ERR_CREDENTIALS);
    assert_string_equal(g_diag.text, "field \"Version\": 2 is not the supported version 1");
    assert_int_equal(process_output("{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\"}", 5u),
                     WK_ERR_CREDENTIALS);
    assert_string_equal(g_diag.text, "field \"Version\": missing from the credentials");
    assert_int_equal(process_output("{\"Version\":1,\"AccessKeyId\":\"A\",\"SessionToken\":\"t\"}", 5u),
                     WK_ERR_CREDENTIALS);
    assert_string_equal(g_diag.text, "field \"SecretAccessKey\": missing from the credentials");
    assert_int_equal(process_output("{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\","
                                    "\"Expiration\":\"soon\"}", 5u),
                     WK_ERR_CREDENTIALS_EXPIRATION);
    assert_int_equal(process_output("{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\","
                                    "\"Expiration\":\"2025-12-31T00:00:00Z\"}", 5u),
                     WK_ERR_CREDENTIALS_EXPIRED);
    assert_int_equal(process_output("{\"Version\":1} trailing", 3u), WK_ERR_JSON_TRAILING);
    assert_int_equal(process_output("", 3u), WK_ERR_JSON_TRUNCATED);
    assert_int_equal(process_output("{\"Version\":1,\"AccessKeyId\":\"A\"", 3u), WK_ERR_JSON_TRUNCATED);
    assert_string_equal(g_creds.access_key_id, "KEEP");
    assert_int_equal(wk_cred_exchange_end(&g_x), WK_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_storage),           cmocka_unit_test(test_refresh_policy),
        cmocka_unit_test(test_iso8601),           cmocka_unit_test(test_iot),
        cmocka_unit_test(test_iot_bad_documents), cmocka_unit_test(test_container),
        cmocka_unit_test(test_imds),              cmocka_unit_test(test_process),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
