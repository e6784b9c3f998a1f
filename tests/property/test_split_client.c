/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Split invariance over the whole pipeline: wk_client_list_users() reads each
 * response (recorded examples and generated pages, good and hostile) through
 * the scripted server (fake_transport.h), which hands it out split at every
 * byte position, one byte at a time, in odd sizes, in MSS-sized (1460) pieces
 * and in random mixtures. Every way must give the same user callbacks (every field), the
 * same final status, diagnostic, service error and nextToken as the response
 * delivered in one piece. The clock is the frozen fake one.
 *
 * With --step the same runs go through the step API (wk_client_start_list_users(),
 * then wk_client_step() until done) over a server that makes the client wait
 * before each piece, so that every piece is taken by a step of its own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fake_port.h"
#include "fake_transport.h"
#include "wk/wk.h"

/* ---- The scripted server (fake_transport.h): the response after the request --- */

static fake_server_t g_s;

/* ---- What one run produced, as text ------------------------------------------ */

typedef struct record {
    char *text;
    size_t len, cap;
} record_t;

static void rec_add(record_t *r, const void *p, size_t n)
{
    if (r->len + n + 1 > r->cap) {
        r->cap = (r->len + n + 1) * 2;
        r->text = realloc(r->text, r->cap);
        assert_non_null(r->text);
    }
    memcpy(r->text + r->len, p, n);
    r->len += n;
    r->text[r->len] = '\0';
}

static void rec_str(record_t *r, const char *name, const wk_str_t *s)
{
    char num[32];
    rec_add(r, name, strlen(name));
    snprintf(num, sizeof(num), "[%zu]=", s->len);
    rec_add(r, num, strlen(num));
    rec_add(r, s->ptr, s->len);
    rec_add(r, ";", 1);
}

static wk_status_t on_user(void *ctx, const wk_user_t *u)
{
    record_t *r = ctx;
    char line[160];
    size_t i;
    snprintf(line, sizeof(line), "user present=%08x admin=%d susp=%d status=%d otp=%d cf=%d "
             "exp=%d isuser=%d cv=%d groups=%zu ",
             (unsigned)u->present, u->is_admin, u->suspended, (int)u->status, u->otp_enabled,
             (int)u->challenge_failures, u->is_invite_expired, u->is_user, u->code_validation,
             u->security_group_count);
    rec_add(r, line, strlen(line));
    rec_str(r, "id", &u->user_id);
    rec_str(r, "first", &u->first_name);
    rec_str(r, "last", &u->last_name);
    rec_str(r, "username", &u->username);
    rec_str(r, "scim", &u->scim_id);
    rec_str(r, "type", &u->type);
    rec_str(r, "cell", &u->cell);
    rec_str(r, "cc", &u->country_code);
    rec_str(r, "invite", &u->invite_code);
    rec_str(r, "uname", &u->uname);
    for (i = 0; i < u->security_group_count; i++) {
        rec_str(r, "g", &u->security_groups[i]);
    }
    rec_add(r, "\n", 1);
    return WK_OK;
}

static wk_client_t g_client;
static bool g_step; /* through the step API, one piece a step */

/* One call of the client over the response as the script hands it out. */
static void run(const uint8_t *resp, size_t len, const size_t *pieces, size_t piece_count,
                size_t split, record_t *out)
{
    const size_t two[2] = {split, SIZE_MAX};
    wk_client_config_t cfg;
    wk_list_users_request_t req;
    wk_status_t st;
    wk_wait_t w;
    size_t waits = 0u;
    const wk_service_error_t *e;
    const char *tok = NULL;
    size_t tok_len = 0;
    char line[CONFIG_WK_DIAG_MAX + CONFIG_WK_ERROR_TYPE_MAX + CONFIG_WK_ERROR_MESSAGE_MAX + 64];

    fake_server_init(&g_s);
    g_s.responses[0] = (const char *)resp;
    g_s.response_len[0] = len;
    g_s.count = 1u;
    g_s.close_after[0] = true;
    g_s.connect_fail_from = 2; /* one connection, one response: no replay on retry */
    g_s.pause_between = g_step;
    if (pieces != NULL) {
        g_s.pieces = pieces;
        g_s.piece_count = piece_count;
    } else if (split > 0u) { /* [0, split), then the rest */
        g_s.pieces = two;
        g_s.piece_count = 2u;
    }
    fake_ms_step = 0; /* frozen clock */
    fake_client_config(&cfg, &g_s);
    cfg.read_timeout_ms = 100;
    cfg.call_timeout_ms = 1000;
    cfg.max_attempts = 1; /* one response, one outcome: retries are not under test here */
    assert_int_equal(wk_client_init(&g_client, &cfg), WK_OK);
    memset(&req, 0, sizeof(req));
    req.network_id = "12345678";
    req.max_results = 100;
    memset(out, 0, sizeof(*out));
    if (g_step) {
        st = wk_client_start_list_users(&g_client, &req, on_user, out);
        assert_int_equal(st, WK_OK);
        while ((st = wk_client_step(&g_client, &w)) == WK_PARTIAL) {
            waits++; /* the fake stream is ready again at once: step again */
        }
        assert_true(waits > 0u); /* every piece came after a wait */
    } else {
        st = wk_client_list_users(&g_client, &req, on_user, out);
    }
    snprintf(line, sizeof(line), "status %s\ndiag %s\n", wk_status_str(st), wk_client_diag(&g_client));
    rec_add(out, line, strlen(line));
    if (st == WK_OK && wk_client_next_token(&g_client, &tok, &tok_len) == WK_OK) {
        rec_add(out, "token ", 6);
        rec_add(out, tok, tok_len);
        rec_add(out, "\n", 1);
    }
    e = wk_client_service_error(&g_client);
    if (e != NULL) {
        snprintf(line, sizeof(line), "error %d %s|%s|%zu|%d\n", (int)e->http_status, e->type,
                 e->message, e->reason_count, e->message_truncated);
        rec_add(out, line, strlen(line));
    }
    wk_client_deinit(&g_client);
}

static void expect_same(const record_t *want, const record_t *got, const char *how, size_t arg)
{
    if (strcmp(want->text, got->text) != 0) {
        fail_msg("fed %s %zu:\n%s\nwhole:\n%s", how, arg, got->text, want->text);
    }
}

static uint32_t g_rand = 2463534242u;

static uint32_t next_rand(void)
{
    g_rand ^= g_rand << 13;
    g_rand ^= g_rand >> 17;
    g_rand ^= g_rand << 5;
    return g_rand;
}

/* Every way of splitting one response gives the outcome of the whole; returns
 * that outcome's status line for the caller to check. */
static void check_response(const char *resp, size_t len, const char *want_status)
{
    static const size_t ones[] = {1};
    static const size_t odd[] = {3, 7, 13, 31, 97};
    static const size_t mss[] = {1460};
    const uint8_t *r = (const uint8_t *)resp;
    record_t whole, got;
    size_t cut, k, i;
    char status_line[96];

    run(r, len, NULL, 0, 0, &whole);
    snprintf(status_line, sizeof(status_line), "status %s\n", want_status);
    if (strstr(whole.text, status_line) == NULL) {
        fail_msg("whole response: expected %s, got\n%s", want_status, whole.text);
    }
    for (cut = 1; cut < len; cut++) {
        run(r, len, NULL, 0, cut, &got);
        expect_same(&whole, &got, "split at byte", cut);
        free(got.text);
    }
    run(r, len, ones, 1, 0, &got);
    expect_same(&whole, &got, "1-byte pieces", 1);
    free(got.text);
    for (k = 0; k < sizeof(odd) / sizeof(odd[0]); k++) {
        run(r, len, &odd[k], 1, 0, &got);
        expect_same(&whole, &got, "pieces of", odd[k]);
        free(got.text);
    }
    run(r, len, odd, sizeof(odd) / sizeof(odd[0]), 0, &got);
    expect_same(&whole, &got, "odd mixture", 0);
    free(got.text);
    run(r, len, mss, 1, 0, &got);
    expect_same(&whole, &got, "pieces of", 1460);
    free(got.text);
    for (k = 0; k < 20; k++) {
        size_t sizes[16];
        for (i = 0; i < 16; i++) {
            uint32_t x = next_rand();
            sizes[i] = (x % 4 == 0) ? 1u : ((x % 4 == 1) ? 1460u : 1u + 2u * ((x >> 8) % 64u));
        }
        run(r, len, sizes, 16, 0, &got);
        expect_same(&whole, &got, "random chunking", k);
        free(got.text);
    }
    free(whole.text);
}

/* ---- Responses ------------------------------------------------------------------ */

static char *http_response(int code, const char *extra_headers, const char *body, int chunked)
{
    size_t blen = strlen(body), cap = blen * 2 + 1024, n = 0, i;
    char *out = malloc(cap);
    assert_non_null(out);
    n += (size_t)snprintf(out + n, cap - n, "HTTP/1.1 %d X\r\nContent-Type: application/json\r\n%s",
                          code, extra_headers);
    if (!chunked) {
        n += (size_t)snprintf(out + n, cap - n, "Content-Length: %zu\r\n\r\n%s", blen, body);
        return out;
    }
    n += (size_t)snprintf(out + n, cap - n, "Transfer-Encoding: chunked\r\n\r\n");
    for (i = 0; i < blen; i += 37) {
        size_t piece = blen - i < 37 ? blen - i : 37;
        n += (size_t)snprintf(out + n, cap - n, "%zx%s\r\n%.*s\r\n", piece, (i % 2) ? ";e=\"q\"" : "",
                              (int)piece, body + i);
    }
    snprintf(out + n, cap - n, "0\r\nX-Trailer: t\r\n\r\n");
    return out;
}

static char *generated_page(int users, const char *token)
{
    size_t cap = (size_t)users * 600 + 256, n = 0;
    char *body = malloc(cap);
    int i;
    assert_non_null(body);
    n += (size_t)snprintf(body + n, cap - n, "{\"users\":[");
    for (i = 0; i < users; i++) {
        n += (size_t)snprintf(
            body + n, cap - n,
            "%s{\"userId\":\"%d\",\"firstName\":\"F\\u00e9%d\",\"lastName\":\"L\xc3\xa9\\ud83d\\ude00\","
            "\"username\":\"u%d@example.com\",\"securityGroups\":[\"g%d\",\"sg-b\"],\"isAdmin\":%s,"
            "\"suspended\":false,\"status\":%d,\"otpEnabled\":true,\"scimId\":null,\"type\":\"user\","
            "\"cell\":\"+1555%04d\",\"countryCode\":\"US\",\"challengeFailures\":%d,"
            "\"isInviteExpired\":false,\"isUser\":true,\"inviteCode\":\"c\\\"%d\","
            "\"codeValidation\":false,\"uname\":\"un%d\",\"unknown\":{\"a\":[1,-2.5e3,null,{}]}}",
            i ? "," : "", i, i, i, i % 3, (i % 2) ? "true" : "false", 1 + i % 2, i, i, i, i);
    }
    snprintf(body + n, cap - n, "]%s%s%s}", token ? ",\"nextToken\":\"" : "", token ? token : "",
             token ? "\"" : "");
    return body;
}

static void test_generated_pages(void **state)
{
    char *body;
    char *resp;
    int chunked;
    (void)state;
    for (chunked = 0; chunked < 2; chunked++) {
        body = generated_page(3, "v1:p/2+a==");
        resp = http_response(200, "x-amzn-RequestId: r-1\r\n", body, chunked);
        check_response(resp, strlen(resp), "WK_OK");
        free(resp);
        free(body);
    }
    body = generated_page(0, NULL);
    resp = http_response(200, "", body, 0);
    check_response(resp, strlen(resp), "WK_OK");
    free(resp);
    free(body);
    /* Interim 100 first, then an HTTP/1.0 close-delimited body. */
    check_response("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200 OK\r\n\r\n{\"users\":[{\"status\":2}]}",
                   strlen("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200 OK\r\n\r\n{\"users\":[{\"status\":2}]}"),
                   "WK_OK");
}

static void test_recorded_examples(void **state)
{
    /* The API reference's example page and a ValidationError, as the service sends them. */
    static const char page[] =
        "{\"users\":[{\"userId\":\"1234\",\"firstName\":\"Jane\",\"lastName\":\"Doe\","
        "\"username\":\"jane@example.com\",\"securityGroups\":[\"sg-1\"],\"isAdmin\":true,"
        "\"suspended\":false,\"status\":2,\"otpEnabled\":false,\"type\":\"normal\","
        "\"challengeFailures\":0,\"isInviteExpired\":false,\"isUser\":true}],\"nextToken\":\"abc\"}";
    static const char invalid[] =
        "{\"message\":\"Invalid input\",\"reasons\":[{\"field\":\"maxResults\","
        "\"reason\":\"must be 1-100\"}],\"x\":[1,2]}";
    char *resp;
    (void)state;
    resp = http_response(200, "Date: Mon, 01 Jan 2024 00:00:00 GMT\r\nConnection: keep-alive\r\n"
                              "x-amzn-RequestId: 7b1c0f34-9f0e-4c43-a111-2b3c4d5e6f70\r\n", page, 0);
    check_response(resp, strlen(resp), "WK_OK");
    free(resp);
    resp = http_response(422, "X-Amzn-Errortype: ValidationError:http://internal\r\n"
                              "x-amzn-RequestId: req-9\r\n", invalid, 1);
    check_response(resp, strlen(resp), "WK_ERR_VALIDATION");
    free(resp);
}

static void test_hostile_responses(void **state)
{
    static const struct {
        const char *body;
        const char *status;
    } bodies[] = {
        {"{\"users\":[{\"status\":1},]}", "WK_ERR_JSON_SYNTAX"},
        {"{\"users\":[{\"firstName\":\"a\xc3\"}]}", "WK_ERR_JSON_STRING"},
        {"{\"users\":[{\"firstName\":\"\\udc00\"}]}", "WK_ERR_JSON_STRING"},
        {"{\"users\":[{\"status\":2147483648}]}", "WK_ERR_JSON_NUMBER"},
        {"{\"users\":{}}", "WK_ERR_JSON_TYPE"},
        {"{\"users\":[]}{\"users\":[]}", "WK_ERR_JSON_TRAILING"},
        {"<html><body>502</body></html>", "WK_ERR_JSON_SYNTAX"},
        {"{\"users\":[{\"status\":1}", "WK_ERR_JSON_TRUNCATED"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
        char *resp = http_response(200, "", bodies[i].body, (int)(i % 2));
        check_response(resp, strlen(resp), bodies[i].status);
        free(resp);
    }
    /* Framing: body cut short. */
    check_response("HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n{\"users\":[]}",
                   strlen("HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n{\"users\":[]}"),
                   "WK_ERR_HTTP_TRUNCATED");
}

/*
 * Bytes after the end of a message are not split-invariant in the client:
 * it stops reading at the end of the message, so they are refused
 * (WK_ERR_HTTP_EXTRA_BYTES) only when they arrive in the same read as the
 * message's last byte: with a split before the message end, all three; with
 * one after it, those the first piece holds. Split exactly at the end, the
 * page succeeds and the bytes wait on the connection, which the client then
 * drops before its next request (test_client.c,
 * test_stray_bytes_on_kept_connection). Checked here as it is, outside the
 * property.
 */
static void test_bytes_after_the_message(void **state)
{
    static const char resp[] = "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n{\"users\":[]}XYZ";
    const size_t end = sizeof(resp) - 1 - 3;
    char want[96];
    record_t got;
    size_t cut;
    (void)state;
    for (cut = 1; cut < sizeof(resp) - 1; cut++) {
        run((const uint8_t *)resp, sizeof(resp) - 1, NULL, 0, cut, &got);
        if (cut == end) {
            snprintf(want, sizeof(want), "status WK_OK\ndiag \n");
        } else {
            snprintf(want, sizeof(want),
                     "status WK_ERR_HTTP_EXTRA_BYTES\ndiag %zu unexpected bytes after the end of "
                     "the response\n",
                     cut < end ? (size_t)3 : cut - end);
        }
        if (strcmp(got.text, want) != 0) {
            fail_msg("split at %zu (message end %zu): got\n%s\nwant\n%s", cut, end, got.text, want);
        }
        free(got.text);
    }
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_recorded_examples),
        cmocka_unit_test(test_generated_pages),
        cmocka_unit_test(test_hostile_responses),
        cmocka_unit_test(test_bytes_after_the_message),
    };
    g_step = argc > 1 && strcmp(argv[1], "--step") == 0;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
