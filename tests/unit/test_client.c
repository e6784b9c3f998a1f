/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The client end to end over the scripted server (fake_transport.h): each
 * request the client sends releases the next scripted response (so
 * keep-alive, stale connections and paging behave as on a socket), with a
 * fake clock and real SigV4/mbedTLS hashing.
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

#define MAX_RESPONSES FAKE_MAX_RESPONSES

static fake_server_t g;

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
static uint32_t max_attempts; /* 0: the default */

static void client_config(wk_client_config_t *cfg, const char *session_token)
{
    fake_client_config(cfg, &g);
    cfg->credentials.session_token = session_token;
    cfg->read_timeout_ms = 200;
    cfg->call_timeout_ms = 5000;
    cfg->max_attempts = max_attempts;
}

static void setup_client(const char *session_token)
{
    wk_client_config_t cfg;
    client_config(&cfg, session_token);
    assert_int_equal(wk_client_init(&client, &cfg), WK_OK);
}

static int reset(void **state)
{
    (void)state;
    fake_server_init(&g);
    fake_ms_step = 1;
    fake_utc = 1440938160;
    fake_slept_ms = 0;
    max_attempts = 0;
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

/* A request for network 12345678 and an empty collector: where most tests start. */
static void init_req(wk_list_users_request_t *req, seen_t *seen)
{
    memset(req, 0, sizeof(*req));
    memset(seen, 0, sizeof(*seen));
    req->network_id = "12345678";
}

static void test_one_page_signed_request(void **state)
{
    wk_list_users_request_t req;
    seen_t seen;
    const char *tok = NULL;
    size_t tok_len = 0;
    (void)state;
    init_req(&req, &seen);
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

/* The last Authorization header sent on the connection, into @p out. */
static void last_authorization(char *out, size_t cap)
{
    const char *at = NULL;
    const char *p = g.tx;
    while ((p = strstr(p, "\r\nAuthorization: ")) != NULL) {
        at = p++;
    }
    assert_non_null(at);
    snprintf(out, cap, "%.*s", (int)(strcspn(at + 2, "\r")), at + 2);
}

/* New keys between pages: the next page is signed with them exactly as a
 * client set up with them signs it (the old derived key is not reused);
 * refused keys leave the old ones signing. */
static void test_set_credentials_between_pages(void **state)
{
    static const wk_sigv4_credentials_t fresh = {"ASIANEWKEY", "new/secret+KEY", "NEWTOKEN"};
    static const wk_sigv4_credentials_t bad = {"", "s", NULL};
    static char swapped[512];
    static char expected[512];
    wk_list_users_request_t req;
    wk_client_config_t cfg;
    seen_t seen;
    (void)state;
    init_req(&req, &seen);
    g.responses[0] = ok_page(0, "{\"users\":[{\"username\":\"a@x\"}],\"nextToken\":\"t2\"}", 0);
    g.responses[1] = ok_page(1, "{\"users\":[{\"username\":\"b@x\"}]}", 0);
    g.responses[2] = ok_page(2, "{\"users\":[{\"username\":\"b@x\"}]}", 0);
    g.count = 3;
    setup_client(NULL);
    assert_int_equal(wk_client_list_users(&client, &req, collect, &seen), WK_OK);
    assert_int_equal(wk_client_set_credentials(&client, &bad), WK_ERR_CREDENTIALS);
    assert_int_equal(wk_client_set_credentials(&client, NULL), WK_ERR_ARG);
    assert_int_equal(wk_client_set_credentials(&client, &fresh), WK_OK);
    req.next_token = "t2";
    assert_int_equal(wk_client_list_users(&client, &req, collect, &seen), WK_OK);
    assert_int_equal(wk_client_stats(&client)->connections, 1); /* the connection stayed */
    assert_non_null(strstr(g.tx, "\r\nX-Amz-Security-Token: NEWTOKEN\r\n"));
    last_authorization(swapped, sizeof(swapped));
    assert_non_null(strstr(swapped, "Credential=ASIANEWKEY/"));
    assert_int_equal(wk_client_deinit(&client), WK_OK);

    client_config(&cfg, NULL);
    cfg.credentials = fresh;
    assert_int_equal(wk_client_init(&client, &cfg), WK_OK);
    assert_int_equal(wk_client_list_users(&client, &req, collect, &seen), WK_OK);
    last_authorization(expected, sizeof(expected));
    assert_string_equal(swapped, expected);
    assert_int_equal(wk_client_deinit(&client), WK_OK);
}

static void test_validation_sends_nothing(void **state)
{
    wk_list_users_request_t req;
    seen_t seen;
    (void)state;
    init_req(&req, &seen);
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
    init_req(&req, &seen);
    g.responses[0] = ok_page(0, "{\"users\":[{\"username\":\"u1\"}],\"nextToken\":\"t/1+=\"}", 0);
    g.responses[1] = ok_page(1, "{\"nextToken\":\"t:2\",\"users\":[{\"username\":\"u2\"},{\"username\":\"u3\"}]}", 1);
    g.responses[2] = ok_page(2, "{\"users\":[{\"username\":\"u4\"}]}", 0);
    g.count = 3;
    g.chunk = 7;
    setup_client(NULL);
    assert_int_equal(wk_client_list_all_users(&client, &req, NULL, collect, NULL, &seen), WK_OK);
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
    init_req(&req, &seen);
    g.responses[0] = ok_page(0, "{\"users\":[{\"username\":\"u1\"}],\"nextToken\":\"n\"}", 0);
    g.responses[1] = ok_page(1, "{\"users\":[{\"username\":\"u2\"}]}", 0);
    g.drop_before[1] = 1;
    g.count = 2;
    setup_client(NULL);
    assert_int_equal(wk_client_list_all_users(&client, &req, NULL, collect, NULL, &seen), WK_OK);
    assert_int_equal(seen.count, 2);
    assert_int_equal(g.open_calls, 2);
    /* The request was resent at once on a new connection: no counted retry,
     * no backoff, no quota spent. */
    assert_int_equal(wk_client_stats(&client)->retries, 0);
    assert_int_equal(wk_client_stats(&client)->last_attempts, 1);
    assert_int_equal(wk_client_stats(&client)->requests, 3);
    assert_int_equal(fake_slept_ms, 0);
    assert_int_equal(client.quota.available, WK_RETRY_QUOTA_CAPACITY);
    wk_client_deinit(&client);
}

/* Bytes that arrive after a complete response belong to no request: the
 * kept-alive connection is dropped before the next request rather than read
 * as the start of its response. */
static void test_stray_bytes_on_kept_connection(void **state)
{
    wk_list_users_request_t req;
    seen_t seen;
    char first[1100];
    const char *page;
    (void)state;
    init_req(&req, &seen);
    page = ok_page(0, "{\"users\":[{\"username\":\"u1\"}],\"nextToken\":\"n\"}", 0);
    snprintf(first, sizeof(first), "%sHTTP/1.1 200 OK\r\n", page);
    g.responses[0] = first;
    g.responses[1] = ok_page(1, "{\"users\":[{\"username\":\"u2\"}]}", 0);
    g.count = 2;
    g.chunk = strlen(page); /* the page ends exactly at a read: the stray head waits */
    setup_client(NULL);
    assert_int_equal(wk_client_list_all_users(&client, &req, NULL, collect, NULL, &seen), WK_OK);
    assert_int_equal(seen.count, 2);
    assert_string_equal(seen.names[1], "u2");
    assert_int_equal(g.open_calls, 2);
    /* dropped before sending: no request was wasted on a garbled answer */
    assert_int_equal(wk_client_stats(&client)->requests, 2);
    assert_int_equal(wk_client_stats(&client)->retries, 0);
    wk_client_deinit(&client);
}

/* A callback slower than the read timeout is not the server being silent. */
static wk_status_t slow_collect(void *ctx, const wk_user_t *u)
{
    fake_now_ms += 300u; /* more than the 200 ms read timeout of setup_client() */
    return collect(ctx, u);
}

static void test_slow_callback_is_not_a_read_timeout(void **state)
{
    wk_list_users_request_t req;
    seen_t seen;
    (void)state;
    init_req(&req, &seen);
    g.responses[0] = ok_page(0, "{\"users\":[{\"username\":\"u1\"},{\"username\":\"u2\"},"
                                "{\"username\":\"u3\"}]}", 0);
    g.count = 1;
    g.chunk = 20; /* a user completes every read or so: the callback runs between reads */
    setup_client(NULL);
    assert_int_equal(wk_client_list_users(&client, &req, slow_collect, &seen), WK_OK);
    assert_int_equal(seen.count, 3);
    assert_int_equal(wk_client_stats(&client)->requests, 1);
    wk_client_deinit(&client);
}

/* A document cut short inside a complete Content-Length body is what the
 * server sent: asking again would get the same. */
static void test_framed_truncated_document_not_retried(void **state)
{
    wk_list_users_request_t req;
    seen_t seen;
    (void)state;
    init_req(&req, &seen);
    g.responses[0] = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n{\"use";
    g.responses[1] = g.responses[0];
    g.count = 2;
    setup_client(NULL);
    assert_int_equal(wk_client_list_users(&client, &req, collect, &seen), WK_ERR_JSON_TRUNCATED);
    assert_int_equal(wk_client_stats(&client)->requests, 1);
    wk_client_deinit(&client);
}

/* After a service error, an attempt that never got an answer leaves no
 * service error behind. */
static void test_service_error_not_stale(void **state)
{
    wk_list_users_request_t req;
    seen_t seen;
    (void)state;
    init_req(&req, &seen);
    g.responses[0] = "HTTP/1.1 503 Unavailable\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}";
    g.count = 1;
    g.connect_fail_from = 2;
    setup_client(NULL);
    assert_int_equal(wk_client_list_users(&client, &req, collect, &seen), WK_ERR_CONNECT);
    assert_null(wk_client_service_error(&client));
    wk_client_deinit(&client);
}

/* A redirect is neither a page nor a modeled error. */
static void test_redirect_is_unexpected(void **state)
{
    wk_list_users_request_t req;
    seen_t seen;
    (void)state;
    init_req(&req, &seen);
    g.responses[0] = "HTTP/1.1 301 Moved\r\nLocation: https://example.com/\r\nContent-Length: 0\r\n\r\n";
    g.count = 1;
    setup_client(NULL);
    assert_int_equal(wk_client_list_users(&client, &req, collect, &seen), WK_ERR_HTTP_UNEXPECTED);
    assert_non_null(strstr(wk_client_diag(&client), "HTTP 301"));
    assert_null(wk_client_service_error(&client));
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
    init_req(&req, &seen);
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
    init_req(&req, &seen);
    g.responses[0] = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"users\":[{\"username\":\"u1\"}";
    g.close_after[0] = 1;
    g.count = 1;
    max_attempts = 1;
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
    init_req(&req, &seen);
    seen.stop_after = 1;
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
    init_req(&req, &seen);
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
    init_req(&req, &seen);
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
    init_req(&req, &seen);
    g.responses[0] = ok_page(0, "{\"users\":[{\"username\":\"u1\"}],\"nextToken\":\"same\"}", 0);
    g.responses[1] = ok_page(1, "{\"users\":[{\"username\":\"u2\"}],\"nextToken\":\"same\"}", 0);
    g.count = 2;
    setup_client(NULL);
    assert_int_equal(wk_client_list_all_users(&client, &req, NULL, collect, NULL, &seen), WK_ERR_HTTP_UNEXPECTED);
    assert_non_null(strstr(wk_client_diag(&client), "same nextToken"));
    wk_client_deinit(&client);
}

/* ---- retries, clock skew, timeouts, cursors ---------------------------------- */

static const char three_users[] = "{\"users\":[{\"username\":\"u1\"},{\"username\":\"u2\"},"
                                   "{\"username\":\"u3\"}],\"nextToken\":\"n2\"}";
static char cut_buf[512];

/* A 200 whose body stops right before the third user; the peer then closes. */
static const char *cut_before_u3(void)
{
    const char *at = strstr(three_users, "{\"username\":\"u3\"");
    snprintf(cut_buf, sizeof(cut_buf), "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n\r\n%.*s",
             strlen(three_users), (int)(at - three_users), three_users);
    return cut_buf;
}

static void test_retry_mid_body_delivers_each_user_once(void **state)
{
    wk_list_users_request_t req;
    seen_t seen;
    const wk_cursor_t *cur = NULL;
    (void)state;
    init_req(&req, &seen);
    g.responses[0] = cut_before_u3();
    g.close_after[0] = 1;
    g.responses[1] = ok_page(1, three_users, 1);
    g.count = 2;
    setup_client(NULL);
    assert_int_equal(wk_client_list_users(&client, &req, collect, &seen), WK_OK);
    assert_int_equal(seen.count, 3);
    assert_string_equal(seen.names[0], "u1");
    assert_string_equal(seen.names[1], "u2");
    assert_string_equal(seen.names[2], "u3");
    assert_int_equal(wk_client_stats(&client)->users, 3);
    assert_int_equal(wk_client_stats(&client)->retries, 1);
    assert_int_equal(wk_client_stats(&client)->last_attempts, 2);
    assert_int_equal(g.open_calls, 2);
    assert_true(fake_slept_ms < WK_RETRY_BASE_MS); /* first backoff: random(0, 100 ms) */
    assert_int_equal(wk_client_cursor(&client, &cur), WK_OK);
    assert_string_equal(cur->token, "n2");
    assert_int_equal(cur->index, 0);
    wk_client_deinit(&client);
}

static void test_shorter_page_on_retry_is_an_error(void **state)
{
    wk_list_users_request_t req;
    seen_t seen;
    (void)state;
    init_req(&req, &seen);
    g.responses[0] = cut_before_u3();
    g.close_after[0] = 1;
    g.responses[1] = ok_page(1, "{\"users\":[{\"username\":\"u1\"}]}", 0);
    g.count = 2;
    setup_client(NULL);
    assert_int_equal(wk_client_list_users(&client, &req, collect, &seen), WK_ERR_PAGE_CHANGED);
    assert_int_equal(seen.count, 2);
    assert_string_equal(wk_client_diag(&client), "the page changed under the retry: it came back with "
                                                 "1 users, but 2 were already delivered from it");
    wk_client_deinit(&client);
}

/* The first attempt delivers u1 and u2 of three_users and is cut; the retry
 * gets @p retry_body instead. */
static wk_status_t retry_with(const char *retry_body, seen_t *seen)
{
    wk_list_users_request_t req;
    init_req(&req, seen);
    g.responses[0] = cut_before_u3();
    g.close_after[0] = 1;
    g.responses[1] = ok_page(1, retry_body, 0);
    g.count = 2;
    setup_client(NULL);
    return wk_client_list_users(&client, &req, collect, seen);
}

static void expect_page_changed(const char *retry_body)
{
    seen_t seen;
    const wk_cursor_t *cur = NULL;
    char text[WK_CURSOR_TEXT_MAX];
    size_t n = 0;
    assert_int_equal(retry_with(retry_body, &seen), WK_ERR_PAGE_CHANGED);
    /* nothing after the two delivered users: no gap, no repeat */
    assert_int_equal(seen.count, 2);
    assert_string_equal(seen.names[0], "u1");
    assert_string_equal(seen.names[1], "u2");
    assert_string_equal(wk_client_diag(&client),
                        "the page changed under the retry at index 2: its first users are not the "
                        "ones already delivered (reordered, added or removed); going on would skip "
                        "or repeat users");
    assert_int_equal(wk_client_stats(&client)->last_attempts, 2); /* not retried again */
    /* the cursor still names the two delivered users: resuming checks them again */
    assert_int_equal(wk_client_cursor(&client, &cur), WK_OK);
    assert_int_equal(cur->index, 2);
    assert_true(cur->has_digest);
    assert_int_equal(wk_cursor_format(cur, text, sizeof(text), &n), WK_OK);
    assert_int_equal(strncmp(text, "wk2:2:", 6), 0);
    wk_client_deinit(&client);
}

static void test_reordered_page_on_retry_is_refused(void **state)
{
    (void)state;
    /* the old code skipped u2 and u1 and went on: u3 once, but by position only */
    expect_page_changed("{\"users\":[{\"username\":\"u2\"},{\"username\":\"u1\"},"
                        "{\"username\":\"u3\"}],\"nextToken\":\"n2\"}");
}

static void test_page_with_one_added_one_removed_on_retry_is_refused(void **state)
{
    (void)state;
    /* u0 added before, u3 removed: skipping two by position would lose u0 and
     * deliver u2 a second time */
    expect_page_changed("{\"users\":[{\"username\":\"u0\"},{\"username\":\"u1\"},"
                        "{\"username\":\"u2\"}],\"nextToken\":\"n2\"}");
    reset(NULL);
    /* u2 replaced by u9 at its place */
    expect_page_changed("{\"users\":[{\"username\":\"u1\"},{\"username\":\"u9\"},"
                        "{\"username\":\"u3\"}],\"nextToken\":\"n2\"}");
}

/* Identity is the name, not the state or the layout: the same users with a
 * changed status, other members and another member order are the same page. */
static void test_same_users_changed_state_on_retry_are_accepted(void **state)
{
    seen_t seen;
    (void)state;
    assert_int_equal(retry_with("{\"users\":[{\"status\":1,\"username\":\"u1\",\"suspended\":true},"
                                "{\"isAdmin\":true,\"username\":\"u\\u0032\"},"
                                "{\"username\":\"u3\"}],\"nextToken\":\"n2\"}",
                                &seen),
                     WK_OK);
    assert_int_equal(seen.count, 3);
    assert_string_equal(seen.names[2], "u3");
    wk_client_deinit(&client);
}

/* Users without userId, uname or username are known by their other texts. */
static void test_unnamed_users_reordered_on_retry_are_refused(void **state)
{
    static const char page[] = "{\"users\":[{\"username\":\"\",\"firstName\":\"A\"},"
                               "{\"username\":\"\",\"firstName\":\"B\"},"
                               "{\"username\":\"\",\"firstName\":\"C\"}]}";
    static char cut[512];
    wk_list_users_request_t req;
    seen_t seen;
    const char *at = strstr(page, "{\"username\":\"\",\"firstName\":\"C\"");
    (void)state;
    init_req(&req, &seen);
    snprintf(cut, sizeof(cut), "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n\r\n%.*s", strlen(page),
             (int)(at - page), page);
    g.responses[0] = cut;
    g.close_after[0] = 1;
    g.responses[1] = ok_page(1, "{\"users\":[{\"username\":\"\",\"firstName\":\"B\"},"
                                "{\"username\":\"\",\"firstName\":\"A\"},"
                                "{\"username\":\"\",\"firstName\":\"C\"}]}", 0);
    g.count = 2;
    setup_client(NULL);
    assert_int_equal(wk_client_list_users(&client, &req, collect, &seen), WK_ERR_PAGE_CHANGED);
    assert_int_equal(seen.count, 2);
    wk_client_deinit(&client);
}

static void test_retry_after_is_honoured(void **state)
{
    wk_list_users_request_t req;
    seen_t seen;
    (void)state;
    init_req(&req, &seen);
    g.responses[0] = "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 2\r\nContent-Length: 0\r\n\r\n";
    g.responses[1] = ok_page(1, three_users, 0);
    g.count = 2;
    setup_client(NULL);
    assert_int_equal(wk_client_list_users(&client, &req, collect, &seen), WK_OK);
    assert_int_equal(seen.count, 3);
    assert_int_equal(fake_slept_ms, 2000);
    assert_int_equal(g.open_calls, 1); /* the 503 kept the connection */
    wk_client_deinit(&client);
}

/* Step mode: what a step waits for, and the backoff as a deadline alone. */
static void test_step_waits_and_backs_off(void **state)
{
    wk_list_users_request_t req;
    seen_t seen;
    wk_wait_t w;
    (void)state;
    init_req(&req, &seen);
    g.responses[0] = "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 2\r\nContent-Length: 0\r\n\r\n";
    g.responses[1] = ok_page(1, three_users, 0);
    g.count = 2;
    g.pause_between = true;
    setup_client(NULL);
    assert_int_equal(wk_client_step(&client, &w), WK_ERR_STATE); /* nothing started */
    assert_int_equal(wk_client_step(NULL, &w), WK_ERR_ARG);
    assert_int_equal(wk_client_start_list_users(&client, &req, collect, &seen), WK_OK);
    assert_int_equal(wk_client_step(&client, NULL), WK_ERR_ARG);
    /* request sent; the answer comes after a wait on the stream, which has no handle */
    assert_int_equal(wk_client_step(&client, &w), WK_PARTIAL);
    assert_int_equal(w.handle, WK_WAIT_NO_HANDLE);
    assert_int_equal(w.events, WK_WAIT_READ);
    assert_true(w.timeout_ms > 0u && w.timeout_ms <= 200u); /* the read timeout */
    /* the 503: Retry-After 2 s is a wait for time alone, nothing slept */
    assert_int_equal(wk_client_step(&client, &w), WK_PARTIAL);
    assert_int_equal(w.events, 0);
    assert_int_equal(w.timeout_ms, 2000);
    assert_int_equal((uint32_t)(w.deadline_ms - fake_now_ms), 2000);
    /* early: the same deadline again, no request */
    assert_int_equal(wk_client_step(&client, &w), WK_PARTIAL);
    assert_int_equal(w.events, 0);
    assert_int_equal(g.requests_seen, 1);
    fake_now_ms = w.deadline_ms;
    while (wk_client_step(&client, &w) == WK_PARTIAL) {
        assert_int_equal(w.events, WK_WAIT_READ);
    }
    assert_int_equal(seen.count, 3);
    assert_int_equal(fake_slept_ms, 0);
    assert_int_equal(wk_client_step(&client, &w), WK_ERR_STATE); /* ended */
    wk_client_deinit(&client);
}

/* Starting again mid-listing abandons the listing and its connection. */
static void test_step_restart_abandons(void **state)
{
    wk_list_users_request_t req;
    seen_t seen;
    wk_wait_t w;
    (void)state;
    init_req(&req, &seen);
    g.responses[0] = ok_page(0, three_users, 0);
    g.responses[1] = ok_page(1, three_users, 0);
    g.count = 2;
    g.pause_between = true;
    setup_client(NULL);
    assert_int_equal(wk_client_start_list_users(&client, &req, collect, &seen), WK_OK);
    assert_int_equal(wk_client_step(&client, &w), WK_PARTIAL); /* mid-response */
    assert_int_equal(g.open_calls, 1);
    assert_int_equal(wk_client_start_list_users(&client, &req, collect, &seen), WK_OK);
    assert_int_equal(g.close_calls, 1); /* its stream was out of step */
    while (wk_client_step(&client, &w) == WK_PARTIAL) {
    }
    assert_int_equal(g.open_calls, 2);
    assert_int_equal(seen.count, 3);
    wk_client_deinit(&client);
}

#define ERROR_500 "HTTP/1.1 500 Internal Server Error\r\nX-Amzn-Errortype: InternalServerError\r\n" \
                  "Content-Length: 16\r\n\r\n{\"message\":\"oh\"}"

static void test_gives_up_after_max_attempts(void **state)
{
    wk_list_users_request_t req;
    seen_t seen;
    const wk_cursor_t *cur = NULL;
    (void)state;
    init_req(&req, &seen);
    req.next_token = "t/1";
    g.responses[0] = ERROR_500;
    g.responses[1] = ERROR_500;
    g.responses[2] = ERROR_500;
    g.responses[3] = ok_page(3, three_users, 0);
    g.count = 4;
    setup_client(NULL);
    assert_int_equal(wk_client_list_users(&client, &req, collect, &seen), WK_ERR_INTERNAL);
    assert_int_equal(seen.count, 0);
    assert_int_equal(wk_client_stats(&client)->requests, 3);
    assert_int_equal(wk_client_stats(&client)->last_attempts, 3);
    /* backoffs of retries 1 and 2: below 100 ms and 200 ms */
    assert_true(fake_slept_ms < 300);
    assert_non_null(strstr(wk_client_diag(&client), "attempts exhausted"));
    assert_int_equal(wk_client_cursor(&client, &cur), WK_OK);
    assert_string_equal(cur->token, "t/1");
    assert_int_equal(cur->index, 0);
    wk_client_deinit(&client);
}

static void test_client_errors_are_not_retried(void **state)
{
    wk_list_users_request_t req;
    seen_t seen;
    (void)state;
    init_req(&req, &seen);
    g.responses[0] = "HTTP/1.1 403 Forbidden\r\nX-Amzn-Errortype: ForbiddenError\r\nContent-Length: 2\r\n\r\n{}";
    g.responses[1] = ok_page(1, three_users, 0);
    g.count = 2;
    setup_client(NULL);
    assert_int_equal(wk_client_list_users(&client, &req, collect, &seen), WK_ERR_FORBIDDEN);
    assert_int_equal(wk_client_stats(&client)->requests, 1);
    assert_int_equal(fake_slept_ms, 0);
    wk_client_deinit(&client);
}

static void test_empty_quota_stops_retries(void **state)
{
    wk_list_users_request_t req;
    seen_t seen;
    (void)state;
    init_req(&req, &seen);
    g.responses[0] = ERROR_500;
    g.responses[1] = ok_page(1, three_users, 0);
    g.count = 2;
    setup_client(NULL);
    client.quota.available = WK_RETRY_COST - 1u; /* as after many failed retries */
    assert_int_equal(wk_client_list_users(&client, &req, collect, &seen), WK_ERR_INTERNAL);
    assert_int_equal(wk_client_stats(&client)->requests, 1);
    assert_non_null(strstr(wk_client_diag(&client), "retry quota exhausted"));
    wk_client_deinit(&client);
}

#define SKEW_BODY "{\"message\":\"Signature expired: 20150830T123600Z is now earlier than " \
                  "20150830T123740Z (20150830T125240Z - 15 min.)\"}"
#define SKEW_HEAD "HTTP/1.1 403 Forbidden\r\nX-Amzn-Errortype: InvalidSignatureException:" \
                  "http://internal.amazon.com/coral/com.amazon.coral.service/\r\n"

static size_t count_in(const char *hay, const char *needle)
{
    size_t n = 0;
    const char *p = hay;
    while ((p = strstr(p, needle)) != NULL) {
        n++;
        p++;
    }
    return n;
}

/* A skew rejection with this Date header (NULL: none); our clock says
 * Sun, 30 Aug 2015 12:36:00 GMT. */
static const char *skew_dated(char *buf, size_t cap, const char *date)
{
    snprintf(buf, cap, SKEW_HEAD "%s%s%sContent-Length: %zu\r\n\r\n%s", date != NULL ? "Date: " : "",
             date != NULL ? date : "", date != NULL ? "\r\n" : "", strlen(SKEW_BODY), SKEW_BODY);
    return buf;
}

static void test_clock_skew_corrected_from_date(void **state)
{
    wk_list_users_request_t req;
    seen_t seen;
    char skew[512];
    (void)state;
    init_req(&req, &seen);
    /* the service's clock is 1000 s ahead of ours */
    g.responses[0] = skew_dated(skew, sizeof(skew), "Sun, 30 Aug 2015 12:52:40 GMT");
    g.responses[1] = ok_page(1, "{\"users\":[{\"username\":\"u1\"}],\"nextToken\":\"p2\"}", 0);
    g.responses[2] = ok_page(2, "{\"users\":[{\"username\":\"u2\"}]}", 0);
    g.count = 3;
    setup_client(NULL);
    assert_int_equal(wk_client_list_all_users(&client, &req, NULL, collect, NULL, &seen), WK_OK);
    assert_int_equal(seen.count, 2);
    assert_int_equal(wk_client_stats(&client)->clock_corrections, 1);
    assert_int_equal(fake_slept_ms, 0); /* at once */
    /* the first request with our time, the retry and the next page with the service's */
    assert_int_equal(count_in(g.tx, "\r\nX-Amz-Date: 20150830T123600Z\r\n"), 1);
    assert_int_equal(count_in(g.tx, "\r\nX-Amz-Date: 20150830T125240Z\r\n"), 2);
    assert_non_null(strstr(g.tx, "Credential=AKIDEXAMPLE/20150830/"));
    wk_client_deinit(&client);
}

/* The rejection with @p date is final: WK_ERR_CLOCK_SKEW, saying @p why, and
 * the service's own error kept. */
static void expect_clock_not_corrected(const char *date, const char *why)
{
    wk_list_users_request_t req;
    seen_t seen;
    char skew[512];
    char want[CONFIG_WK_DIAG_MAX];
    init_req(&req, &seen);
    g.responses[0] = skew_dated(skew, sizeof(skew), date);
    g.responses[1] = ok_page(1, three_users, 0);
    g.count = 2;
    setup_client(NULL);
    assert_int_equal(wk_client_list_users(&client, &req, collect, &seen), WK_ERR_CLOCK_SKEW);
    assert_int_equal(wk_client_stats(&client)->requests, 1);
    assert_int_equal(wk_client_stats(&client)->clock_corrections, 0);
    snprintf(want, sizeof(want), "signing time refused, clock not corrected: %s", why);
    assert_string_equal(wk_client_diag(&client), want);
    assert_non_null(wk_client_service_error(&client));
    assert_string_equal(wk_client_service_error(&client)->type, "InvalidSignatureException");
    wk_client_deinit(&client);
}

static void test_clock_skew_without_date_is_final(void **state)
{
    (void)state;
    expect_clock_not_corrected(NULL, "no usable Date header in the rejection");
}

/* The bound: a Date further than WK_CLIENT_MAX_CLOCK_CORRECTION_S from our
 * clock is not taken, either way; one at the bound still is, at once. */
static void test_clock_skew_beyond_bound_not_taken(void **state)
{
    wk_list_users_request_t req;
    seen_t seen;
    char skew[512];
    (void)state;
    assert_int_equal(WK_CLIENT_MAX_CLOCK_CORRECTION_S, 86400);
    expect_clock_not_corrected("Mon, 31 Aug 2015 12:36:01 GMT", /* the bound plus 1 s */
                               "the service's Date is 86401 s ahead of our clock, more than the "
                               "86400 s the client corrects; set the clock");
    reset(NULL);
    expect_clock_not_corrected("Sat, 29 Aug 2015 12:35:59 GMT",
                               "the service's Date is 86401 s behind our clock, more than the "
                               "86400 s the client corrects; set the clock");
    reset(NULL);
    expect_clock_not_corrected("Wed, 27 Aug 2025 12:36:00 GMT", /* ten years */
                               "the service's Date is 315360000 s ahead of our clock, more than "
                               "the 86400 s the client corrects; set the clock");
    /* at the bound: taken, and the retry goes out at once */
    reset(NULL);
    init_req(&req, &seen);
    g.responses[0] = skew_dated(skew, sizeof(skew), "Sat, 29 Aug 2015 12:36:00 GMT");
    g.responses[1] = ok_page(1, three_users, 0);
    g.count = 2;
    setup_client(NULL);
    assert_int_equal(wk_client_list_users(&client, &req, collect, &seen), WK_OK);
    assert_int_equal(seen.count, 3);
    assert_int_equal(wk_client_stats(&client)->clock_corrections, 1);
    assert_int_equal(fake_slept_ms, 0);
    assert_int_equal(count_in(g.tx, "\r\nX-Amz-Date: 20150829T123600Z\r\n"), 1);
    wk_client_deinit(&client);
}

/* A Date that did not come over a verified TLS connection (plain http://, or a
 * connector that does not say) is not taken, however small the offset. */
static void test_clock_skew_over_unverified_connection_not_taken(void **state)
{
    (void)state;
    g.unverified = 1;
    expect_clock_not_corrected("Sun, 30 Aug 2015 12:52:40 GMT",
                               "its Date came over a connection without a verified TLS peer");
}

static void test_drip_cut_at_call_deadline_then_retried(void **state)
{
    wk_list_users_request_t req;
    seen_t seen;
    (void)state;
    init_req(&req, &seen);
    g.responses[0] = ok_page(0, three_users, 0);
    g.drip_ms[0] = 1000; /* one second per 16-byte chunk: longer than the 5 s deadline */
    g.responses[1] = ok_page(1, three_users, 0);
    g.chunk = 16;
    g.count = 2;
    setup_client(NULL);
    assert_int_equal(wk_client_list_users(&client, &req, collect, &seen), WK_OK);
    assert_int_equal(seen.count, 3);
    assert_int_equal(wk_client_stats(&client)->retries, 1);
    assert_int_equal(g.open_calls, 2);
    wk_client_deinit(&client);
}

static void test_stall_after_headers_then_retried(void **state)
{
    wk_list_users_request_t req;
    seen_t seen;
    (void)state;
    init_req(&req, &seen);
    g.responses[0] = "HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n"; /* and then nothing */
    g.responses[1] = ok_page(1, three_users, 0);
    g.count = 2;
    max_attempts = 2;
    setup_client(NULL);
    assert_int_equal(wk_client_list_users(&client, &req, collect, &seen), WK_OK);
    assert_int_equal(seen.count, 3);
    assert_int_equal(wk_client_stats(&client)->last_attempts, 2);
    wk_client_deinit(&client);
    /* with one attempt, the read timeout is the answer */
    reset(NULL);
    init_req(&req, &seen);
    g.responses[0] = "HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n";
    g.count = 1;
    max_attempts = 1;
    setup_client(NULL);
    assert_int_equal(wk_client_list_users(&client, &req, collect, &seen), WK_ERR_TIMEOUT);
    assert_non_null(strstr(wk_client_diag(&client), "read timeout"));
    wk_client_deinit(&client);
}

static void test_resume_from_cursor_text(void **state)
{
    static const char text[] = "wk1:1:dDI"; /* page "t2", its first user already delivered */
    wk_list_users_request_t req;
    seen_t seen;
    wk_cursor_t from;
    const wk_cursor_t *cur = NULL;
    (void)state;
    init_req(&req, &seen);
    assert_int_equal(wk_cursor_parse(&from, text, strlen(text), NULL), WK_OK);
    g.responses[0] = ok_page(0, "{\"users\":[{\"username\":\"a\"},{\"username\":\"b\"}],\"nextToken\":\"t3\"}", 0);
    g.responses[1] = ok_page(1, "{\"users\":[{\"username\":\"c\"}]}", 0);
    g.count = 2;
    setup_client(NULL);
    assert_int_equal(wk_client_list_all_users(&client, &req, &from, collect, NULL, &seen), WK_OK);
    assert_string_equal(g.request_targets[0], "/networks/12345678/users?nextToken=t2");
    assert_int_equal(seen.count, 2);
    assert_string_equal(seen.names[0], "b");
    assert_string_equal(seen.names[1], "c");
    /* finished: the cursor stays on the last page with every user counted */
    assert_int_equal(wk_client_cursor(&client, &cur), WK_PARTIAL);
    assert_string_equal(cur->token, "t3");
    assert_int_equal(cur->index, 1);
    wk_client_deinit(&client);
}

/* A listing stopped mid-page and saved as text; a later run resumes from the
 * text: the same page continues, a changed page is refused. */
static void test_resume_from_saved_cursor_checks_the_page(void **state)
{
    static const char page[] = "{\"users\":[{\"userId\":\"11\",\"username\":\"a\"},"
                               "{\"userId\":\"12\",\"username\":\"b\"},"
                               "{\"userId\":\"13\",\"username\":\"c\"}]}";
    static const char changed[] = "{\"users\":[{\"userId\":\"11\",\"username\":\"a\"},"
                                  "{\"userId\":\"14\",\"username\":\"b\"},"
                                  "{\"userId\":\"13\",\"username\":\"c\"}]}";
    wk_list_users_request_t req;
    seen_t seen;
    wk_cursor_t from;
    const wk_cursor_t *cur = NULL;
    char text[WK_CURSOR_TEXT_MAX];
    size_t n = 0;
    (void)state;
    init_req(&req, &seen);
    req.next_token = "t2";
    seen.stop_after = 2;
    g.responses[0] = ok_page(0, page, 0);
    g.count = 1;
    setup_client(NULL);
    assert_int_equal(wk_client_list_all_users(&client, &req, NULL, collect, NULL, &seen), WK_STOPPED);
    assert_int_equal(wk_client_cursor(&client, &cur), WK_OK);
    assert_int_equal(wk_cursor_format(cur, text, sizeof(text), &n), WK_OK);
    assert_int_equal(n, strlen("wk2:1:0123456789abcdef:dDI"));
    assert_int_equal(strncmp(text, "wk2:1:", 6), 0); /* b was refused by the callback */
    assert_string_equal(text + 22, ":dDI");
    wk_client_deinit(&client);

    /* same page: b and c */
    reset(NULL);
    init_req(&req, &seen);
    assert_int_equal(wk_cursor_parse(&from, text, n, NULL), WK_OK);
    assert_true(from.has_digest);
    g.responses[0] = ok_page(0, page, 1);
    g.count = 1;
    setup_client(NULL);
    assert_int_equal(wk_client_list_all_users(&client, &req, &from, collect, NULL, &seen), WK_OK);
    assert_int_equal(seen.count, 2);
    assert_string_equal(seen.names[0], "b");
    assert_string_equal(seen.names[1], "c");
    wk_client_deinit(&client);

    /* the page changed before a (identified by its userId) */
    reset(NULL);
    init_req(&req, &seen);
    g.responses[0] = ok_page(0, "{\"users\":[{\"userId\":\"10\",\"username\":\"a\"},"
                                "{\"userId\":\"12\",\"username\":\"b\"}]}", 0);
    g.count = 1;
    setup_client(NULL);
    assert_int_equal(wk_client_list_all_users(&client, &req, &from, collect, NULL, &seen),
                     WK_ERR_PAGE_CHANGED);
    assert_int_equal(seen.count, 0);
    assert_non_null(strstr(wk_client_diag(&client), "the page changed under the retry at index 1"));
    wk_client_deinit(&client);

    /* a change after the resume point is the page's business: delivered as it is */
    reset(NULL);
    init_req(&req, &seen);
    g.responses[0] = ok_page(0, changed, 0);
    g.count = 1;
    setup_client(NULL);
    assert_int_equal(wk_client_list_all_users(&client, &req, &from, collect, NULL, &seen), WK_OK);
    assert_int_equal(seen.count, 2);
    wk_client_deinit(&client);

    /* "wk1:" text of the same place has no digest: resumed as before, unchecked */
    reset(NULL);
    init_req(&req, &seen);
    assert_int_equal(wk_cursor_parse(&from, "wk1:1:dDI", 9, NULL), WK_OK);
    assert_false(from.has_digest);
    g.responses[0] = ok_page(0, "{\"users\":[{\"userId\":\"10\",\"username\":\"z\"},"
                                "{\"userId\":\"12\",\"username\":\"b\"}]}", 0);
    g.count = 1;
    setup_client(NULL);
    assert_int_equal(wk_client_list_all_users(&client, &req, &from, collect, NULL, &seen), WK_OK);
    assert_int_equal(seen.count, 1);
    assert_string_equal(seen.names[0], "b");
    wk_client_deinit(&client);
}

/* Formats a cursor (with *digest, when given), checks the text, and reads it back. */
static void check_format(const char *token, size_t len, uint32_t index, const uint64_t *digest,
                         const char *want)
{
    wk_cursor_t cur;
    wk_cursor_t back;
    char text[WK_CURSOR_TEXT_MAX];
    size_t n = 0;
    memset(&cur, 0, sizeof(cur));
    memcpy(cur.token, token, len);
    cur.token_len = len;
    cur.index = index;
    cur.digest = digest != NULL ? *digest : 0u;
    cur.has_digest = digest != NULL;
    assert_int_equal(wk_cursor_format(&cur, text, sizeof(text), &n), WK_OK);
    assert_string_equal(text, want);
    assert_int_equal(n, strlen(want));
    assert_int_equal(wk_cursor_format(&cur, text, n, &n), WK_ERR_NO_SPACE);
    assert_int_equal(wk_cursor_parse(&back, want, strlen(want), NULL), WK_OK);
    assert_int_equal(back.token_len, len);
    assert_memory_equal(back.token, token, len);
    assert_int_equal(back.token[len], '\0');
    assert_int_equal(back.index, index);
    /* index 0 has nothing to check: written without the digest */
    assert_int_equal(back.has_digest, digest != NULL && index > 0);
    if (back.has_digest) {
        assert_true(back.digest == *digest);
    }
}

static void check_parse_error(const char *text, const char *diag_part)
{
    wk_cursor_t cur;
    wk_diag_t diag;
    memset(&diag, 0, sizeof(diag));
    assert_int_equal(wk_cursor_parse(&cur, text, strlen(text), &diag), WK_ERR_CURSOR);
    if (strstr(diag.text, diag_part) == NULL) {
        fail_msg("'%s': diag '%s' lacks '%s'", text, diag.text, diag_part);
    }
    assert_int_equal(cur.token_len, 0);
    assert_int_equal(cur.index, 0);
}

static void test_cursor_text_form(void **state)
{
    static const uint64_t digests[] = {0x0123456789abcdefu, 0xffffffffffffffffu, 0u};
    static char longest[WK_CURSOR_TEXT_MAX + 8];
    wk_cursor_t cur;
    size_t n = 0;
    size_t i;
    (void)state;
    /* expected texts: Python's base64.urlsafe_b64encode without '=' */
    check_format("", 0, 0, NULL, "wk1:0:");
    check_format("a", 1, 7, NULL, "wk1:7:YQ");
    check_format("ab", 2, 10, NULL, "wk1:10:YWI");
    check_format("abc", 3, 4294967295u, NULL, "wk1:4294967295:YWJj");
    check_format("t/1+=", 5, 3, NULL, "wk1:3:dC8xKz0");
    check_format("\x01\x02\x03\x04\x05", 5, 1, NULL, "wk1:1:AQIDBAU");
    check_format("\xff\xfe\xfd\xfc", 4, 99, NULL, "wk1:99:__79_A");
    /* with a digest: "wk2:" (index 0 has nothing to check and stays "wk1:") */
    check_format("t/1+=", 5, 3, &digests[0], "wk2:3:0123456789abcdef:dC8xKz0");
    check_format("a", 1, 4294967295u, &digests[1], "wk2:4294967295:ffffffffffffffff:YQ");
    check_format("", 0, 1, &digests[2], "wk2:1:0000000000000000:");
    check_format("ab", 2, 0, &digests[0], "wk1:0:YWI");
    /* the longest token fits WK_CURSOR_TEXT_MAX */
    memset(&cur, 0, sizeof(cur));
    for (i = 0; i + 1 < sizeof(cur.token); i++) {
        cur.token[i] = (char)(1 + i % 255);
    }
    cur.token_len = sizeof(cur.token) - 1;
    cur.index = 4294967295u;
    assert_int_equal(wk_cursor_format(&cur, longest, WK_CURSOR_TEXT_MAX, &n), WK_OK);
    assert_true(n < WK_CURSOR_TEXT_MAX);
    assert_int_equal(wk_cursor_format(&cur, longest, n, &n), WK_ERR_NO_SPACE);
    check_parse_error("", "does not start with");
    check_parse_error("wk3:0:", "does not start with \"wk1:\" or \"wk2:\"");
    check_parse_error("wk2:0:", "16 lowercase hex digits");
    check_parse_error("wk2:1:0123456789abcde:YQ", "16 lowercase hex digits");
    check_parse_error("wk2:1:0123456789abcdef0:YQ", "16 lowercase hex digits");
    check_parse_error("wk2:1:0123456789ABCDEF:YQ", "16 lowercase hex digits");
    check_parse_error("wk2:1:0123456789abcdeg:YQ", "16 lowercase hex digits");
    check_parse_error("wk2:1:0123456789abcdef", "16 lowercase hex digits");
    check_parse_error("wk1:", "decimal index");
    check_parse_error("wk1:x:YQ", "decimal index");
    check_parse_error("wk1:4294967296:YQ", "decimal index");
    check_parse_error("wk1:-1:YQ", "decimal index");
    check_parse_error("wk1:1YQ", "decimal index");
    check_parse_error("wk1:0:Y", "ends inside a character");
    check_parse_error("wk1:0:YR", "stray bits");
    check_parse_error("wk1:0:YQ==", "not a base64url character");
    check_parse_error("wk1:0:dC8x+z0", "not a base64url character");
    check_parse_error("wk1:0:AA", "NUL");
}

static void test_bad_config(void **state)
{
    wk_client_config_t cfg;
    (void)state;
    memset(&cfg, 0, sizeof(cfg));
    cfg.connector = fake_server_connector(&g);
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

/* An application built with other settings passes another size or
 * fingerprint: refused, explained in the front of the object only, and the
 * rest of the object is never touched (it may be smaller than ours). */
static void test_build_mismatch(void **state)
{
    static union {
        wk_client_t client;
        unsigned char bytes[sizeof(wk_client_t)];
    } object;
    wk_client_t *c = &object.client;
    unsigned char *storage = object.bytes;
    wk_client_config_t cfg;
    wk_list_users_request_t req;
    seen_t seen;
    char want[CONFIG_WK_DIAG_MAX];
    const size_t front = offsetof(wk_client_t, cfg);
    size_t i;
    (void)state;
    client_config(&cfg, NULL);
    init_req(&req, &seen);

    memset(storage, 0xA5, sizeof(object));
    assert_int_equal(wk_client_init_checked(c, &cfg, sizeof(wk_client_t) - 64u, WK_CONFIG_FINGERPRINT),
                     WK_ERR_BUILD_MISMATCH);
    snprintf(want, sizeof(want),
             "application built with other settings than the library: wk_client_t %zu vs %zu bytes, "
             "config fingerprint %lu vs %lu; use the library's wk_config.h",
             sizeof(wk_client_t) - 64u, sizeof(wk_client_t), (unsigned long)WK_CONFIG_FINGERPRINT,
             (unsigned long)WK_CONFIG_FINGERPRINT);
    assert_string_equal(wk_client_diag(c), want);
    for (i = front; i < sizeof(object); i++) {
        assert_int_equal(storage[i], 0xA5);
    }
    /* the listing calls refuse it, deinit has nothing to release */
    assert_int_equal(wk_client_list_users(c, &req, collect, &seen), WK_ERR_BUILD_MISMATCH);
    assert_int_equal(wk_client_list_all_users(c, &req, NULL, collect, NULL, &seen),
                     WK_ERR_BUILD_MISMATCH);
    assert_int_equal(wk_client_deinit(c), WK_OK);
    for (i = front; i < sizeof(object); i++) {
        assert_int_equal(storage[i], 0xA5);
    }
    assert_int_equal(g.open_calls, 0);

    /* same size, other settings */
    memset(storage, 0xA5, sizeof(object));
    assert_int_equal(wk_client_init_checked(c, &cfg, sizeof(wk_client_t), WK_CONFIG_FINGERPRINT ^ 1u),
                     WK_ERR_BUILD_MISMATCH);
    snprintf(want, sizeof(want), "config fingerprint %lu vs %lu;",
             (unsigned long)(WK_CONFIG_FINGERPRINT ^ 1u), (unsigned long)WK_CONFIG_FINGERPRINT);
    assert_non_null(strstr(wk_client_diag(c), want));
    assert_int_equal(storage[front], 0xA5);

    /* an object too small even for the explanation is not written at all */
    memset(storage, 0xA5, sizeof(object));
    assert_int_equal(wk_client_init_checked(c, &cfg, front - 1u, WK_CONFIG_FINGERPRINT),
                     WK_ERR_BUILD_MISMATCH);
    for (i = 0; i < sizeof(object); i++) {
        assert_int_equal(storage[i], 0xA5);
    }
    assert_int_equal(wk_client_init_checked(NULL, &cfg, sizeof(wk_client_t), WK_CONFIG_FINGERPRINT),
                     WK_ERR_ARG);

    /* the macro passes this build's values: accepted, and a fresh init clears the mark */
    assert_int_equal(wk_client_init(c, &cfg), WK_OK);
    assert_string_equal(wk_client_diag(c), "");
    assert_int_equal(wk_client_deinit(c), WK_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_one_page_signed_request, reset),
        cmocka_unit_test_setup(test_set_credentials_between_pages, reset),
        cmocka_unit_test_setup(test_validation_sends_nothing, reset),
        cmocka_unit_test_setup(test_paging_keeps_one_connection, reset),
        cmocka_unit_test_setup(test_stale_keepalive_reconnects, reset),
        cmocka_unit_test_setup(test_stray_bytes_on_kept_connection, reset),
        cmocka_unit_test_setup(test_slow_callback_is_not_a_read_timeout, reset),
        cmocka_unit_test_setup(test_framed_truncated_document_not_retried, reset),
        cmocka_unit_test_setup(test_service_error_not_stale, reset),
        cmocka_unit_test_setup(test_redirect_is_unexpected, reset),
        cmocka_unit_test_setup(test_service_error_decoded, reset),
        cmocka_unit_test_setup(test_truncated_body_is_an_error, reset),
        cmocka_unit_test_setup(test_callback_stops, reset),
        cmocka_unit_test_setup(test_silent_server_times_out, reset),
        cmocka_unit_test_setup(test_connect_failure_reported, reset),
        cmocka_unit_test_setup(test_repeated_token_detected, reset),
        cmocka_unit_test_setup(test_bad_config, reset),
        cmocka_unit_test_setup(test_build_mismatch, reset),
        cmocka_unit_test_setup(test_retry_mid_body_delivers_each_user_once, reset),
        cmocka_unit_test_setup(test_shorter_page_on_retry_is_an_error, reset),
        cmocka_unit_test_setup(test_reordered_page_on_retry_is_refused, reset),
        cmocka_unit_test_setup(test_page_with_one_added_one_removed_on_retry_is_refused, reset),
        cmocka_unit_test_setup(test_same_users_changed_state_on_retry_are_accepted, reset),
        cmocka_unit_test_setup(test_unnamed_users_reordered_on_retry_are_refused, reset),
        cmocka_unit_test_setup(test_retry_after_is_honoured, reset),
        cmocka_unit_test_setup(test_gives_up_after_max_attempts, reset),
        cmocka_unit_test_setup(test_client_errors_are_not_retried, reset),
        cmocka_unit_test_setup(test_empty_quota_stops_retries, reset),
        cmocka_unit_test_setup(test_clock_skew_corrected_from_date, reset),
        cmocka_unit_test_setup(test_clock_skew_without_date_is_final, reset),
        cmocka_unit_test_setup(test_clock_skew_beyond_bound_not_taken, reset),
        cmocka_unit_test_setup(test_clock_skew_over_unverified_connection_not_taken, reset),
        cmocka_unit_test_setup(test_drip_cut_at_call_deadline_then_retried, reset),
        cmocka_unit_test_setup(test_stall_after_headers_then_retried, reset),
        cmocka_unit_test_setup(test_resume_from_cursor_text, reset),
        cmocka_unit_test_setup(test_resume_from_saved_cursor_checks_the_page, reset),
        cmocka_unit_test_setup(test_cursor_text_form, reset),
        cmocka_unit_test_setup(test_step_waits_and_backs_off, reset),
        cmocka_unit_test_setup(test_step_restart_abandons, reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
