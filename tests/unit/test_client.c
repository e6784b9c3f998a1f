/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The client end to end over a scripted server: each request the client sends
 * releases the next scripted response (so keep-alive, stale connections and
 * paging behave as on a socket), with a fake clock and real SigV4/mbedTLS hashing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fake_port.h"
#include "wk/wk.h"

#define MAX_RESPONSES 8

typedef struct script {
    const char *responses[MAX_RESPONSES];
    int close_after[MAX_RESPONSES]; /* peer closes once this response is delivered */
    int drop_before[MAX_RESPONSES]; /* connection dies before this response (stale keep-alive) */
    size_t count;
    size_t chunk;                   /* bytes per recv; 0: all */
    /* state */
    size_t current;                 /* index of the response being delivered */
    size_t pos;
    int awaiting_request;           /* no response released yet for the current index */
    int open_calls;
    int closed;
    int connect_status;
    char tx[16384];
    size_t tx_len;
    size_t requests_seen;
    char request_targets[MAX_RESPONSES][512];
} script_t;

static script_t g;

static size_t count_requests(const char *buf, size_t len)
{
    size_t n = 0;
    size_t i;
    for (i = 3; i < len; i++) {
        if (memcmp(buf + i - 3, "\r\n\r\n", 4) == 0) {
            n++;
        }
    }
    return n;
}

static wk_status_t s_send(void *ctx, const uint8_t *buf, size_t len, size_t *sent, uint32_t t)
{
    script_t *s = ctx;
    size_t before;
    (void)t;
    if (s->closed) {
        return WK_ERR_PEER_CLOSED;
    }
    assert_true(s->tx_len + len < sizeof(s->tx));
    memcpy(s->tx + s->tx_len, buf, len);
    before = s->requests_seen;
    s->tx_len += len;
    s->requests_seen = count_requests(s->tx, s->tx_len);
    if (s->requests_seen > before) {
        /* remember the request line of the new request */
        const char *start = s->tx;
        size_t i;
        for (i = 0; i + 1 < s->requests_seen; i++) {
            start = strstr(start, "\r\n\r\n") + 4;
        }
        const char *sp = strchr(start, ' ');
        const char *end = strstr(sp + 1, " HTTP/1.1\r\n");
        size_t n = (size_t)(end - sp - 1);
        assert_true(n < sizeof(s->request_targets[0]));
        memcpy(s->request_targets[s->requests_seen - 1], sp + 1, n);
        s->request_targets[s->requests_seen - 1][n] = '\0';
        s->awaiting_request = 0;
    }
    *sent = len;
    return WK_OK;
}

static wk_status_t s_recv(void *ctx, uint8_t *buf, size_t len, size_t *got, uint32_t t)
{
    script_t *s = ctx;
    const char *r;
    size_t n;
    (void)t;
    if (s->closed) {
        return WK_ERR_PEER_CLOSED;
    }
    if (s->awaiting_request || s->current >= s->count) {
        return WK_WOULD_BLOCK;
    }
    if (s->drop_before[s->current] && s->pos == 0) {
        s->drop_before[s->current] = 0; /* only the first time */
        s->closed = 1;
        return WK_ERR_PEER_CLOSED;
    }
    r = s->responses[s->current];
    n = strlen(r) - s->pos;
    if (n == 0) {
        if (s->close_after[s->current]) {
            s->closed = 1;
            return WK_ERR_PEER_CLOSED;
        }
        s->current++;
        s->pos = 0;
        s->awaiting_request = 1;
        return WK_WOULD_BLOCK;
    }
    if (s->chunk && n > s->chunk) {
        n = s->chunk;
    }
    if (n > len) {
        n = len;
    }
    memcpy(buf, r + s->pos, n);
    s->pos += n;
    if (s->pos == strlen(r) && !s->close_after[s->current]) {
        s->current++;
        s->pos = 0;
        s->awaiting_request = 1;
    }
    *got = n;
    return WK_OK;
}

static wk_status_t s_open(void *ctx, const wk_endpoint_t *ep, uint32_t timeout_ms, wk_transport_t *out)
{
    script_t *s = ctx;
    (void)ep;
    (void)timeout_ms;
    s->open_calls++;
    if (s->connect_status != WK_OK) {
        return (wk_status_t)s->connect_status;
    }
    s->closed = 0;
    /* A new connection starts mid-script: if a response was half sent, it is lost. */
    if (s->pos != 0) {
        s->current++;
        s->pos = 0;
    }
    s->awaiting_request = 1;
    s->tx_len = 0;
    s->requests_seen = 0;
    out->send = s_send;
    out->recv = s_recv;
    out->ctx = s;
    return WK_OK;
}

static wk_status_t s_close(void *ctx, wk_transport_t *t)
{
    script_t *s = ctx;
    (void)t;
    s->closed = 1;
    return WK_OK;
}

/* ---- collected users ---- */
typedef struct seen {
    char names[64][64];
    size_t count;
    size_t stop_after; /* 0: never */
} seen_t;

static wk_status_t collect(void *ctx, const wk_user_t *u)
{
    seen_t *s = ctx;
    assert_true(s->count < 64);
    assert_true(WK_USER_HAS(u, WK_USER_USERNAME));
    snprintf(s->names[s->count], sizeof(s->names[0]), "%.*s", (int)u->username.len, u->username.ptr);
    s->count++;
    return (s->stop_after != 0 && s->count >= s->stop_after) ? WK_STOPPED : WK_OK;
}

static wk_client_t client;

static void setup_client(const char *session_token)
{
    wk_client_config_t cfg;
    memset(&cfg, 0, sizeof(cfg));
    cfg.credentials.access_key_id = "AKIDEXAMPLE";
    cfg.credentials.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    cfg.credentials.session_token = session_token;
    cfg.endpoint.region = "us-east-1";
    cfg.connector.open = s_open;
    cfg.connector.close = s_close;
    cfg.connector.ctx = &g;
    cfg.read_timeout_ms = 200;
    cfg.call_timeout_ms = 5000;
    assert_int_equal(wk_client_init(&client, &cfg), WK_OK);
}

static int reset(void **state)
{
    (void)state;
    memset(&g, 0, sizeof(g));
    g.awaiting_request = 1;
    fake_ms_step = 1;
    fake_utc = 1440938160;
    return 0;
}

#define PAGE(body) \
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " #body "\r\n\r\n"

static char page_buf[MAX_RESPONSES][1024];

static const char *ok_page(size_t i, const char *body, int chunked)
{
    if (chunked) {
        size_t half = strlen(body) / 2;
        snprintf(page_buf[i], sizeof(page_buf[i]),
                 "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n%zx;ext=1\r\n%.*s\r\n%zx\r\n%s\r\n0\r\nX-Trailer: t\r\n\r\n",
                 half, (int)half, body, strlen(body) - half, body + half);
    } else {
        snprintf(page_buf[i], sizeof(page_buf[i]),
                 "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nx-amzn-RequestId: r-%zu\r\nContent-Length: %zu\r\n\r\n%s",
                 i, strlen(body), body);
    }
    return page_buf[i];
}

static void test_one_page_signed_request(void **state)
{
    wk_list_users_request_t req;
    seen_t seen;
    const char *tok = NULL;
    size_t tok_len = 0;
    (void)state;
    memset(&req, 0, sizeof(req));
    memset(&seen, 0, sizeof(seen));
    req.network_id = "12345678";
    req.max_results = 2;
    req.sort_fields = "lastName+firstName";
    g.responses[0] = ok_page(0, "{\"users\":[{\"username\":\"a@x\"},{\"username\":\"b@x\"}],"
                                "\"nextToken\":\"v1:p/2+a==\"}", 0);
    g.count = 1;
    setup_client("SESSIONTOKEN");
    assert_int_equal(wk_client_list_users(&client, &req, collect, &seen), WK_OK);
    assert_int_equal(seen.count, 2);
    assert_string_equal(seen.names[1], "b@x");
    assert_int_equal(wk_client_next_token(&client, &tok, &tok_len), WK_OK);
    assert_string_equal(tok, "v1:p/2+a==");
    assert_int_equal(tok_len, 10);
    /* The wire request: encoded query in key order, signed headers present. */
    assert_string_equal(g.request_targets[0],
                        "/networks/12345678/users?maxResults=2&sortFields=lastName%2BfirstName");
    assert_non_null(strstr(g.tx, "\r\nHost: admin.wickr.us-east-1.amazonaws.com\r\n"));
    assert_non_null(strstr(g.tx, "\r\nX-Amz-Date: 20150830T123600Z\r\n"));
    assert_non_null(strstr(g.tx, "\r\nX-Amz-Security-Token: SESSIONTOKEN\r\n"));
    assert_non_null(strstr(g.tx, "\r\nUser-Agent: wickr-lite/" WK_VERSION_STRING));
    assert_non_null(strstr(g.tx, "\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/"
                                 "us-east-1/wickr/aws4_request, SignedHeaders=host;x-amz-date;"
                                 "x-amz-security-token, Signature="));
    assert_null(strstr(g.tx, "wJalrXUtnFEMI")); /* the secret never travels */
    assert_int_equal(wk_client_stats(&client)->connections, 1);
    assert_int_equal(wk_client_stats(&client)->users, 2);
    assert_int_equal(wk_client_deinit(&client), WK_OK);
}

static void test_validation_sends_nothing(void **state)
{
    wk_list_users_request_t req;
    seen_t seen;
    (void)state;
    memset(&req, 0, sizeof(req));
    memset(&seen, 0, sizeof(seen));
    req.network_id = "1234567";
    setup_client(NULL);
    assert_int_equal(wk_client_list_users(&client, &req, collect, &seen), WK_ERR_NETWORK_ID);
    assert_int_equal(g.open_calls, 0);
    assert_non_null(strstr(wk_client_diag(&client), "networkId"));
    req.network_id = "12345678";
    req.max_results = 101;
    assert_int_equal(wk_client_list_users(&client, &req, collect, &seen), WK_ERR_MAX_RESULTS);
    assert_int_equal(g.open_calls, 0);
    wk_client_deinit(&client);
}

static void test_paging_keeps_one_connection(void **state)
{
    wk_list_users_request_t req;
    seen_t seen;
    (void)state;
    memset(&req, 0, sizeof(req));
    memset(&seen, 0, sizeof(seen));
    req.network_id = "12345678";
    g.responses[0] = ok_page(0, "{\"users\":[{\"username\":\"u1\"}],\"nextToken\":\"t/1+=\"}", 0);
    g.responses[1] = ok_page(1, "{\"nextToken\":\"t:2\",\"users\":[{\"username\":\"u2\"},{\"username\":\"u3\"}]}", 1);
    g.responses[2] = ok_page(2, "{\"users\":[{\"username\":\"u4\"}]}", 0);
    g.count = 3;
    g.chunk = 7;
    setup_client(NULL);
    assert_int_equal(wk_client_list_all_users(&client, &req, collect, NULL, &seen), WK_OK);
    assert_int_equal(seen.count, 4);
    assert_string_equal(seen.names[0], "u1");
    assert_string_equal(seen.names[3], "u4");
    assert_int_equal(g.open_calls, 1);
    assert_string_equal(g.request_targets[1], "/networks/12345678/users?nextToken=t%2F1%2B%3D");
    assert_string_equal(g.request_targets[2], "/networks/12345678/users?nextToken=t%3A2");
    assert_int_equal(wk_client_stats(&client)->pages, 3);
    wk_client_deinit(&client);
}

static void test_stale_keepalive_reconnects(void **state)
{
    wk_list_users_request_t req;
    seen_t seen;
    (void)state;
    memset(&req, 0, sizeof(req));
    memset(&seen, 0, sizeof(seen));
    req.network_id = "12345678";
    g.responses[0] = ok_page(0, "{\"users\":[{\"username\":\"u1\"}],\"nextToken\":\"n\"}", 0);
    g.responses[1] = ok_page(1, "{\"users\":[{\"username\":\"u2\"}]}", 0);
    g.drop_before[1] = 1;
    g.count = 2;
    setup_client(NULL);
    assert_int_equal(wk_client_list_all_users(&client, &req, collect, NULL, &seen), WK_OK);
    assert_int_equal(seen.count, 2);
    assert_int_equal(g.open_calls, 2);
    wk_client_deinit(&client);
}

static void test_service_error_decoded(void **state)
{
    wk_list_users_request_t req;
    seen_t seen;
    const wk_service_error_t *e;
    const char *field = NULL;
    const char *reason = NULL;
    static const char body[] = "{\"message\":\"bad input\",\"reasons\":[{\"field\":\"maxResults\","
                               "\"reason\":\"too big\"}]}";
    char resp[512];
    (void)state;
    memset(&req, 0, sizeof(req));
    memset(&seen, 0, sizeof(seen));
    req.network_id = "12345678";
    snprintf(resp, sizeof(resp),
             "HTTP/1.1 422 Unprocessable\r\nX-Amzn-Errortype: ValidationError:http://x/\r\n"
             "x-amzn-RequestId: req-42\r\nContent-Length: %zu\r\n\r\n%s", strlen(body), body);
    g.responses[0] = resp;
    g.count = 1;
    g.chunk = 1;
    setup_client(NULL);
    assert_int_equal(wk_client_list_users(&client, &req, collect, &seen), WK_ERR_VALIDATION);
    e = wk_client_service_error(&client);
    assert_non_null(e);
    assert_string_equal(e->type, "ValidationError");
    assert_string_equal(e->message, "bad input");
    assert_string_equal(e->request_id, "req-42");
    assert_int_equal(e->http_status, 422);
    assert_int_equal(e->reason_count, 1);
    assert_int_equal(wk_service_error_reason(e, 0, &field, &reason), WK_OK);
    assert_string_equal(field, "maxResults");
    assert_string_equal(reason, "too big");
    assert_non_null(strstr(wk_client_diag(&client), "ValidationError"));
    wk_client_deinit(&client);
}

static void test_truncated_body_is_an_error(void **state)
{
    wk_list_users_request_t req;
    seen_t seen;
    (void)state;
    memset(&req, 0, sizeof(req));
    memset(&seen, 0, sizeof(seen));
    req.network_id = "12345678";
    g.responses[0] = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"users\":[{\"username\":\"u1\"}";
    g.close_after[0] = 1;
    g.count = 1;
    setup_client(NULL);
    assert_int_equal(wk_client_list_users(&client, &req, collect, &seen), WK_ERR_HTTP_TRUNCATED);
    assert_int_equal(seen.count, 1); /* the user that arrived whole was delivered, and said so */
    assert_true(strlen(wk_client_diag(&client)) > 0);
    wk_client_deinit(&client);
}

static void test_callback_stops(void **state)
{
    wk_list_users_request_t req;
    seen_t seen;
    (void)state;
    memset(&req, 0, sizeof(req));
    memset(&seen, 0, sizeof(seen));
    seen.stop_after = 1;
    req.network_id = "12345678";
    g.responses[0] = ok_page(0, "{\"users\":[{\"username\":\"u1\"},{\"username\":\"u2\"}]}", 0);
    g.count = 1;
    setup_client(NULL);
    assert_int_equal(wk_client_list_users(&client, &req, collect, &seen), WK_STOPPED);
    assert_int_equal(seen.count, 1);
    assert_true(g.closed); /* the rest of the body is unread: the connection cannot be reused */
    wk_client_deinit(&client);
}

static void test_silent_server_times_out(void **state)
{
    wk_list_users_request_t req;
    seen_t seen;
    (void)state;
    memset(&req, 0, sizeof(req));
    memset(&seen, 0, sizeof(seen));
    req.network_id = "12345678";
    g.count = 0; /* never answers */
    setup_client(NULL);
    assert_int_equal(wk_client_list_users(&client, &req, collect, &seen), WK_ERR_TIMEOUT);
    assert_non_null(strstr(wk_client_diag(&client), "timeout"));
    wk_client_deinit(&client);
}

static void test_connect_failure_reported(void **state)
{
    wk_list_users_request_t req;
    seen_t seen;
    (void)state;
    memset(&req, 0, sizeof(req));
    memset(&seen, 0, sizeof(seen));
    req.network_id = "12345678";
    g.connect_status = WK_ERR_CONNECT;
    setup_client(NULL);
    assert_int_equal(wk_client_list_users(&client, &req, collect, &seen), WK_ERR_CONNECT);
    assert_non_null(strstr(wk_client_diag(&client), "admin.wickr.us-east-1.amazonaws.com"));
    wk_client_deinit(&client);
}

static void test_repeated_token_detected(void **state)
{
    wk_list_users_request_t req;
    seen_t seen;
    (void)state;
    memset(&req, 0, sizeof(req));
    memset(&seen, 0, sizeof(seen));
    req.network_id = "12345678";
    g.responses[0] = ok_page(0, "{\"users\":[{\"username\":\"u1\"}],\"nextToken\":\"same\"}", 0);
    g.responses[1] = ok_page(1, "{\"users\":[{\"username\":\"u2\"}],\"nextToken\":\"same\"}", 0);
    g.count = 2;
    setup_client(NULL);
    assert_int_equal(wk_client_list_all_users(&client, &req, collect, NULL, &seen), WK_ERR_HTTP_UNEXPECTED);
    assert_non_null(strstr(wk_client_diag(&client), "same nextToken"));
    wk_client_deinit(&client);
}

static void test_bad_config(void **state)
{
    wk_client_config_t cfg;
    (void)state;
    memset(&cfg, 0, sizeof(cfg));
    cfg.connector.open = s_open;
    cfg.connector.close = s_close;
    cfg.credentials.access_key_id = "AKID";
    cfg.credentials.secret_access_key = "secret";
    assert_int_equal(wk_client_init(&client, &cfg), WK_ERR_ENDPOINT_CONFIG);
    assert_string_equal(wk_client_diag(&client), "Invalid Configuration: Missing Region");
    cfg.endpoint.endpoint_url = "https://127.0.0.1:8443";
    assert_int_equal(wk_client_init(&client, &cfg), WK_ERR_REGION);
    cfg.endpoint.region = "us-east-1";
    cfg.credentials.secret_access_key = "";
    assert_int_equal(wk_client_init(&client, &cfg), WK_ERR_CREDENTIALS);
    assert_null(strstr(wk_client_diag(&client), "secret\""));
    cfg.credentials.secret_access_key = "secret";
    assert_int_equal(wk_client_init(&client, &cfg), WK_OK);
    assert_int_equal(client.endpoint.port, 8443);
    wk_client_deinit(&client);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_one_page_signed_request, reset),
        cmocka_unit_test_setup(test_validation_sends_nothing, reset),
        cmocka_unit_test_setup(test_paging_keeps_one_connection, reset),
        cmocka_unit_test_setup(test_stale_keepalive_reconnects, reset),
        cmocka_unit_test_setup(test_service_error_decoded, reset),
        cmocka_unit_test_setup(test_truncated_body_is_an_error, reset),
        cmocka_unit_test_setup(test_callback_stops, reset),
        cmocka_unit_test_setup(test_silent_server_times_out, reset),
        cmocka_unit_test_setup(test_connect_failure_reported, reset),
        cmocka_unit_test_setup(test_repeated_token_detected, reset),
        cmocka_unit_test_setup(test_bad_config, reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
