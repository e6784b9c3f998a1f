/* SPDX-License-Identifier: Apache-2.0 */
/* HTTP request writer and response parser: exact bytes, limits, framing, splits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wk_internal.h"

/* ---- Writer ------------------------------------------------------------------------ */

static const char k_request[] = "GET /networks/12345678/users?maxResults=5 HTTP/1.1\r\n"
                                "Host: admin.wickr.us-east-1.amazonaws.com\r\n"
                                "X-Amz-Date: 20240101T000000Z\r\n"
                                "X-Empty: \r\n"
                                "\r\n";

/* Builds k_request, the target written in place through space/commit. */
static wk_status_t build_request(char *buf, size_t cap, size_t *total)
{
    static const char target[] = "/networks/12345678/users";
    static const char query[] = "?maxResults=5";
    wk_http_writer_t w;
    char *dst;
    size_t avail;
    wk_status_t st = wk_http_writer_begin(&w, buf, cap, "GET");
    if (wk_http_writer_space(&w, &dst, &avail) == WK_OK) {
        size_t n = (avail < sizeof(target) - 1u) ? avail + 1u : sizeof(target) - 1u;
        memcpy(dst, target, n <= avail ? n : avail);
        st = wk_http_writer_commit(&w, n);
    }
    st = wk_http_writer_append(&w, query, sizeof(query) - 1u);
    st = wk_http_writer_end_request_line(&w);
    st = wk_http_writer_header(&w, "Host", "admin.wickr.us-east-1.amazonaws.com", 35u);
    st = wk_http_writer_header(&w, "X-Amz-Date", "20240101T000000Z", 16u);
    st = wk_http_writer_header(&w, "X-Empty", NULL, 0u);
    st = wk_http_writer_finish(&w, total);
    return st;
}

static void test_writer_exact_bytes(void **state)
{
    char buf[512];
    size_t total = 0u;
    (void)state;
    assert_int_equal(build_request(buf, sizeof(buf), &total), WK_OK);
    assert_int_equal(total, sizeof(k_request) - 1u);
    assert_memory_equal(buf, k_request, total);
}

static void test_writer_no_space_at_every_capacity(void **state)
{
    const size_t need = sizeof(k_request) - 1u;
    char buf[sizeof(k_request) + 16u];
    size_t cap;
    (void)state;
    for (cap = 0u; cap <= need; cap++) {
        size_t total = 12345u;
        wk_status_t st;
        memset(buf, '#', sizeof(buf));
        st = build_request(buf, cap, &total);
        if (cap < need) {
            assert_int_equal(st, WK_ERR_NO_SPACE);
            assert_int_equal(total, 0u);
        } else {
            assert_int_equal(st, WK_OK);
            assert_int_equal(total, need);
            assert_memory_equal(buf, k_request, need);
        }
        /* Nothing past the capacity is touched. */
        for (size_t i = cap; i < sizeof(buf); i++) {
            assert_int_equal(buf[i], '#');
        }
    }
}

static void test_writer_failure_sticks_and_writes_nothing(void **state)
{
    char buf[64];
    wk_http_writer_t w;
    size_t total = 99u;
    (void)state;
    assert_int_equal(wk_http_writer_begin(&w, buf, sizeof(buf), "GET"), WK_OK);
    assert_int_equal(wk_http_writer_append(&w, "/", 1u), WK_OK);
    assert_int_equal(wk_http_writer_append(&w, buf, 100u), WK_ERR_NO_SPACE);
    assert_int_equal(w.len, 5u);
    /* A call that would fit on its own still fails: the request is refused whole. */
    assert_int_equal(wk_http_writer_end_request_line(&w), WK_ERR_NO_SPACE);
    assert_int_equal(wk_http_writer_header(&w, "A", "b", 1u), WK_ERR_NO_SPACE);
    assert_int_equal(wk_http_writer_finish(&w, &total), WK_ERR_NO_SPACE);
    assert_int_equal(total, 0u);
    assert_int_equal(w.len, 5u);

    /* Committing more than was available means the data did not fit. */
    {
        char *dst;
        size_t avail;
        assert_int_equal(wk_http_writer_begin(&w, buf, 8u, "GET"), WK_OK);
        assert_int_equal(wk_http_writer_space(&w, &dst, &avail), WK_OK);
        assert_ptr_equal(dst, buf + 4);
        assert_int_equal(avail, 4u);
        assert_int_equal(wk_http_writer_commit(&w, 5u), WK_ERR_NO_SPACE);
        assert_int_equal(wk_http_writer_space(&w, &dst, &avail), WK_ERR_NO_SPACE);
        assert_null(dst);
        assert_int_equal(avail, 0u);
    }
}

static void test_writer_refuses_injection(void **state)
{
    static const struct {
        const char *name;
        const char *value;
        size_t len;
    } bad[] = {
        {"X-A", "a\r\nX-Evil: 1", 13u}, {"X-A", "a\nb", 3u},  {"X-A", "a\rb", 3u},
        {"X-A", "a\0b", 3u},            {"X-A", "a\x01", 2u}, {"X-A", "\x7f", 1u},
        {"X A", "v", 1u},               {"X:A", "v", 1u},     {"", "v", 1u},
        {"X\r\nY", "v", 1u},            {"X-A", NULL, 1u},    {NULL, "v", 1u},
    };
    char buf[128];
    wk_http_writer_t w;
    size_t i;
    (void)state;
    for (i = 0u; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(wk_http_writer_begin(&w, buf, sizeof(buf), "GET"), WK_OK);
        assert_int_equal(wk_http_writer_header(&w, bad[i].name, bad[i].value, bad[i].len),
                         WK_ERR_ARG);
        assert_int_equal(w.len, 4u);
        assert_int_equal(wk_http_writer_finish(&w, NULL), WK_ERR_ARG);
    }
    /* HTAB and obs-text are legal in a value. */
    assert_int_equal(wk_http_writer_begin(&w, buf, sizeof(buf), "GET"), WK_OK);
    assert_int_equal(wk_http_writer_header(&w, "X-Tab", "a\tb\xc3\xa9", 5u), WK_OK);
    assert_memory_equal(buf, "GET X-Tab: a\tb\xc3\xa9\r\n", 18u);

    assert_int_equal(wk_http_writer_begin(&w, buf, sizeof(buf), "GE T"), WK_ERR_ARG);
    assert_int_equal(wk_http_writer_append(&w, "x", 1u), WK_ERR_ARG);
    assert_int_equal(wk_http_writer_begin(&w, buf, sizeof(buf), ""), WK_ERR_ARG);
    assert_int_equal(wk_http_writer_begin(&w, NULL, 10u, "GET"), WK_ERR_ARG);
    assert_int_equal(wk_http_writer_begin(NULL, buf, 10u, "GET"), WK_ERR_ARG);
    assert_int_equal(wk_http_writer_begin(&w, buf, sizeof(buf), "GET"), WK_OK);
    assert_int_equal(wk_http_writer_append(&w, NULL, 1u), WK_ERR_ARG);
    assert_int_equal(wk_http_writer_append(NULL, "x", 1u), WK_ERR_ARG);
}

/* ---- Parser harness -------------------------------------------------------------------- */

typedef struct recording {
    char headers[8192];
    size_t headers_len;
    bool headers_overflow;
    uint8_t body[4096];
    size_t body_len;
    bool body_overflow;
    unsigned head_done_calls;
    uint16_t status;
    wk_status_t stop_on_body; /* returned by on_body when not WK_OK */
    wk_status_t stop_on_header;
} recording_t;

static wk_status_t rec_header(void *ctx, const char *name, size_t name_len, const char *value,
                              size_t value_len)
{
    recording_t *r = ctx;
    size_t need = name_len + 2u + value_len + 1u;
    if (r->headers_len + need > sizeof(r->headers)) {
        r->headers_overflow = true;
    } else {
        memcpy(r->headers + r->headers_len, name, name_len);
        memcpy(r->headers + r->headers_len + name_len, ": ", 2u);
        memcpy(r->headers + r->headers_len + name_len + 2u, value, value_len);
        r->headers[r->headers_len + need - 1u] = '\n';
        r->headers_len += need;
    }
    return r->stop_on_header;
}

static wk_status_t rec_head_done(void *ctx, uint16_t status)
{
    recording_t *r = ctx;
    r->head_done_calls++;
    r->status = status;
    return WK_OK;
}

static wk_status_t rec_body(void *ctx, const uint8_t *data, size_t len)
{
    recording_t *r = ctx;
    assert_true(len > 0u);
    if (r->body_len + len > sizeof(r->body)) {
        r->body_overflow = true;
    } else {
        memcpy(r->body + r->body_len, data, len);
        r->body_len += len;
    }
    return r->stop_on_body;
}

static const wk_http_callbacks_t k_callbacks = {rec_header, rec_head_done, rec_body};

typedef struct http_case {
    const char *name;
    const char *in;
    size_t in_len;
    bool eof;          /* the connection closes after the input */
    wk_status_t expect;
    uint16_t status;   /* on_head_done status; 0: never called */
    const char *headers; /* "Name: value\n" each; NULL: none */
    const char *body;  /* NULL: none */
    size_t body_len;   /* 0: strlen(body) */
    size_t consumed;   /* on WK_OK; 0: all of the input */
    bool keep_alive;
    const char *diag_has; /* for failures */
} http_case_t;

#define IN(s) .in = (s), .in_len = sizeof(s) - 1u

typedef struct outcome {
    wk_status_t status;
    size_t consumed;
    bool keep_alive;
    wk_diag_t diag;
    recording_t rec;
} outcome_t;

enum { MODE_WHOLE, MODE_BYTES, MODE_SPLIT };

static const char *mode_name(int mode)
{
    return mode == MODE_WHOLE ? "whole" : (mode == MODE_BYTES ? "1 byte" : "split");
}

/* Feeds the case in pieces: all at once, byte by byte, or [0, split) + [split, len). */
static void run_case(const http_case_t *c, int mode, size_t split, outcome_t *out)
{
    wk_http_parser_t *p = malloc(sizeof(*p));
    size_t off = 0u;
    wk_status_t st = WK_PARTIAL;
    assert_non_null(p);
    memset(out, 0, sizeof(*out));
    wk_diag_clear(&out->diag);
    assert_int_equal(wk_http_parser_init(p, &k_callbacks, &out->rec), WK_OK);
    while (st == WK_PARTIAL && off < c->in_len) {
        size_t n = c->in_len - off;
        size_t used = 0u;
        if (mode == MODE_BYTES) {
            n = 1u;
        } else if (mode == MODE_SPLIT && off < split) {
            n = split - off;
        } else {
            /* the rest */
        }
        st = wk_http_parser_feed(p, (const uint8_t *)c->in + off, n, &used, &out->diag);
        if (st == WK_PARTIAL && used != n) {
            fail_msg("%s [%s %zu]: WK_PARTIAL but consumed %zu of %zu", c->name, mode_name(mode),
                     split, used, n);
        }
        out->consumed += used;
        off += n;
    }
    if (st == WK_PARTIAL && c->eof) {
        st = wk_http_parser_eof(p, &out->diag);
    }
    out->status = st;
    out->keep_alive = wk_http_parser_keep_alive(p);
    if (st != WK_PARTIAL) {
        /* A complete message takes no more bytes; a failure sticks. */
        size_t used = 1u;
        wk_status_t again = wk_http_parser_feed(p, (const uint8_t *)"X", 1u, &used, NULL);
        if (again != st || used != 0u) {
            fail_msg("%s [%s %zu]: after %s a further feed gave %s, consumed %zu", c->name,
                     mode_name(mode), split, wk_status_str(st), wk_status_str(again), used);
        }
    }
    free(p);
}

static void check_outcome(const http_case_t *c, int mode, size_t split, const outcome_t *o)
{
    const char *want_headers = c->headers != NULL ? c->headers : "";
    const char *want_body = c->body != NULL ? c->body : "";
    size_t want_body_len = c->body_len != 0u ? c->body_len : strlen(want_body);
    const char *m = mode_name(mode);
    if (o->status != c->expect) {
        fail_msg("%s [%s %zu]: status %s, expected %s (%s)", c->name, m, split,
                 wk_status_str(o->status), wk_status_str(c->expect), o->diag.text);
    }
    if (o->rec.status != c->status || o->rec.head_done_calls != (c->status != 0u ? 1u : 0u)) {
        fail_msg("%s [%s %zu]: head done %u times with %u, expected %u", c->name, m, split,
                 o->rec.head_done_calls, o->rec.status, c->status);
    }
    if (c->expect >= 0 || c->headers != NULL) {
        if (o->rec.headers_len != strlen(want_headers) ||
            memcmp(o->rec.headers, want_headers, o->rec.headers_len) != 0) {
            fail_msg("%s [%s %zu]: headers\n%.*s\nexpected\n%s", c->name, m, split,
                     (int)o->rec.headers_len, o->rec.headers, want_headers);
        }
    }
    if (c->expect >= 0 || c->body != NULL) {
        if (o->rec.body_len != want_body_len || memcmp(o->rec.body, want_body, want_body_len) != 0) {
            fail_msg("%s [%s %zu]: body (%zu bytes) \"%.*s\" expected \"%s\"", c->name, m, split,
                     o->rec.body_len, (int)o->rec.body_len, (const char *)o->rec.body, want_body);
        }
    }
    if (c->expect == WK_OK) {
        size_t want_consumed = c->consumed != 0u ? c->consumed : c->in_len;
        if (o->consumed != want_consumed || o->keep_alive != c->keep_alive) {
            fail_msg("%s [%s %zu]: consumed %zu keep-alive %d, expected %zu %d", c->name, m,
                     split, o->consumed, (int)o->keep_alive, want_consumed, (int)c->keep_alive);
        }
    } else if (c->expect < 0) {
        if (strstr(o->diag.text, "byte ") == NULL ||
            (c->diag_has != NULL && strstr(o->diag.text, c->diag_has) == NULL)) {
            fail_msg("%s [%s %zu]: diag \"%s\" lacks \"%s\"", c->name, m, split, o->diag.text,
                     c->diag_has != NULL ? c->diag_has : "byte ");
        }
        assert_false(o->keep_alive);
    } else {
        assert_false(o->keep_alive);
    }
}

/*
 * Every way of feeding gives the expected outcome, and the same diagnostic.
 * @p stride > 1 thins out the split points of large generated inputs (all of
 * the first 2 KB and the last 64 bytes are still tried) to keep the run short.
 */
static void run_splits(const http_case_t *c, size_t stride)
{
    outcome_t *whole = malloc(sizeof(*whole));
    outcome_t *o = malloc(sizeof(*o));
    size_t split;
    assert_non_null(whole);
    assert_non_null(o);
    run_case(c, MODE_WHOLE, 0u, whole);
    check_outcome(c, MODE_WHOLE, 0u, whole);
    run_case(c, MODE_BYTES, 0u, o);
    check_outcome(c, MODE_BYTES, 0u, o);
    assert_string_equal(o->diag.text, whole->diag.text);
    for (split = 1u; split < c->in_len; split++) {
        if (stride > 1u && split > 2048u && split + 64u < c->in_len && split % stride != 0u) {
            continue;
        }
        run_case(c, MODE_SPLIT, split, o);
        check_outcome(c, MODE_SPLIT, split, o);
        if (strcmp(o->diag.text, whole->diag.text) != 0) {
            fail_msg("%s [split %zu]: diag \"%s\" differs from \"%s\"", c->name, split,
                     o->diag.text, whole->diag.text);
        }
    }
    free(o);
    free(whole);
}

static void run_all_splits(const http_case_t *c)
{
    run_splits(c, 1u);
}

/* ---- Parser cases -------------------------------------------------------------------- */

static const http_case_t k_cases[] = {
    /* Content-Length */
    {.name = "content-length",
     IN("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\nhello"),
     .status = 200, .headers = "Content-Type: application/json\nContent-Length: 5\n",
     .body = "hello", .keep_alive = true},
    {.name = "content-length zero",
     IN("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
     .status = 200, .headers = "Content-Length: 0\n", .keep_alive = true},
    {.name = "content-length leading zeros and OWS",
     IN("HTTP/1.1 200 OK\r\nContent-Length: \t 003 \t\r\n\r\nabc"),
     .status = 200, .headers = "Content-Length: 003\n", .body = "abc", .keep_alive = true},
    {.name = "duplicate equal content-length",
     IN("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc"),
     .status = 200, .headers = "Content-Length: 3\nContent-Length: 3\n", .body = "abc",
     .keep_alive = true},
    {.name = "content-length list of equal values",
     IN("HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\n\r\nabc"),
     .status = 200, .headers = "Content-Length: 3, 3\n", .body = "abc", .keep_alive = true},
    {.name = "duplicate differing content-length",
     IN("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"),
     .expect = WK_ERR_HTTP_FRAMING, .headers = "Content-Length: 3\n",
     .diag_has = "byte 36: Content-Length values differ"},
    {.name = "content-length list of differing values",
     IN("HTTP/1.1 200 OK\r\nContent-Length: 3, 4\r\n\r\nabcd"),
     .expect = WK_ERR_HTTP_FRAMING, .headers = "", .diag_has = "byte 17:"},
    {.name = "content-length with inner space",
     IN("HTTP/1.1 200 OK\r\nContent-Length: 4 2\r\n\r\n"),
     .expect = WK_ERR_HTTP_CONTENT_LENGTH, .diag_has = "non-digit"},
    {.name = "content-length empty",
     IN("HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n"),
     .expect = WK_ERR_HTTP_CONTENT_LENGTH, .diag_has = "empty Content-Length"},
    {.name = "content-length empty list element",
     IN("HTTP/1.1 200 OK\r\nContent-Length: 3,,3\r\n\r\nabc"),
     .expect = WK_ERR_HTTP_CONTENT_LENGTH, .diag_has = "empty Content-Length element"},
    {.name = "content-length sign",
     IN("HTTP/1.1 200 OK\r\nContent-Length: +3\r\n\r\nabc"),
     .expect = WK_ERR_HTTP_CONTENT_LENGTH},
    {.name = "content-length overflow",
     IN("HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551616\r\n\r\n"),
     .expect = WK_ERR_HTTP_CONTENT_LENGTH, .diag_has = "Content-Length over 64 bits"},
    {.name = "content-length 2^64-1 then eof",
     IN("HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551615\r\n\r\nab"), .eof = true,
     .expect = WK_ERR_HTTP_TRUNCATED, .status = 200, .body = "ab",
     .diag_has = "after 2 of 18446744073709551615 body bytes"},
    {.name = "content-length look-alike is not content-length",
     IN("HTTP/1.1 200 OK\r\nContent-Length-X: 0\r\nTransfer-Encoding: chunked\r\n\r\n"
        "2\r\nOK\r\n0\r\n\r\n"),
     .status = 200, .headers = "Content-Length-X: 0\nTransfer-Encoding: chunked\n", .body = "OK",
     .keep_alive = true},
    {.name = "body cut short",
     IN("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabcd"), .eof = true,
     .expect = WK_ERR_HTTP_TRUNCATED, .status = 200, .headers = "Content-Length: 10\n",
     .body = "abcd", .diag_has = "byte 43: connection closed after 4 of 10 body bytes"},
    {.name = "eof inside the head",
     IN("HTTP/1.1 200 OK\r\nContent-Len"), .eof = true, .expect = WK_ERR_HTTP_TRUNCATED,
     .diag_has = "in the head"},
    {.name = "eof before any byte", .in = "", .in_len = 0u, .eof = true,
     .expect = WK_ERR_HTTP_TRUNCATED, .diag_has = "byte 0: connection closed before any"},
    {.name = "bytes after the end",
     IN("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n"),
     .status = 200, .headers = "Content-Length: 2\n", .body = "ok", .consumed = 40u,
     .keep_alive = true},

    /* Chunked */
    {.name = "chunked with extensions and trailers",
     IN("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        "5;foo=bar\r\nhello\r\n"
        "6 ; q=\"a \\\"b\\\"\" ;x ;y = z\r\n world\r\n"
        "0;last\r\nX-Trailer: t\r\nX-Other: u\r\n\r\n"),
     .status = 200, .headers = "Transfer-Encoding: chunked\n", .body = "hello world",
     .keep_alive = true},
    {.name = "chunked upper-case hex with leading zeros",
     IN("HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n"
        "0000A\r\n0123456789\r\n000\r\n\r\nNEXT"),
     .status = 200, .headers = "Transfer-Encoding: Chunked\n", .body = "0123456789",
     .consumed = 73u, .keep_alive = true},
    {.name = "chunked huge size overflows",
     IN("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000000\r\n"),
     .expect = WK_ERR_HTTP_CHUNK, .status = 200, .diag_has = "byte 63: chunk size over 64 bits"},
    {.name = "chunked largest size then eof",
     IN("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\nab"),
     .eof = true, .expect = WK_ERR_HTTP_TRUNCATED, .status = 200, .body = "ab",
     .diag_has = "after 2 bytes; expected at least 18446744073709551615"},
    {.name = "chunked bad hex",
     IN("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5x\r\nhello\r\n0\r\n\r\n"),
     .expect = WK_ERR_HTTP_CHUNK, .status = 200, .body = "",
     .diag_has = "byte 48: bad byte in chunk size: x"},
    {.name = "chunked size not hex",
     IN("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
     .expect = WK_ERR_HTTP_CHUNK, .status = 200, .diag_has = "no chunk size: z"},
    {.name = "chunked missing CRLF after data",
     IN("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloX\r\n0\r\n\r\n"),
     .expect = WK_ERR_HTTP_CHUNK, .status = 200, .body = "hello",
     .diag_has = "byte 55: no CRLF after chunk data: X"},
    {.name = "chunked missing last chunk",
     IN("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n\r\n"),
     .expect = WK_ERR_HTTP_CHUNK, .status = 200, .body = "hello",
     .diag_has = "no chunk size"},
    {.name = "chunked bare LF in size line",
     IN("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n"),
     .expect = WK_ERR_HTTP_CHUNK, .status = 200, .diag_has = "chunk-size line without CR"},
    {.name = "chunked extension without name",
     IN("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;\r\nhello\r\n0\r\n\r\n"),
     .expect = WK_ERR_HTTP_CHUNK, .status = 200, .diag_has = "no chunk extension name"},
    {.name = "chunked extension unbalanced quote",
     IN("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;a=\"x\r\nhello\r\n0\r\n\r\n"),
     .expect = WK_ERR_HTTP_CHUNK, .status = 200},
    {.name = "chunked extension junk after value",
     IN("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b c\r\nhello\r\n0\r\n\r\n"),
     .expect = WK_ERR_HTTP_CHUNK, .status = 200},
    {.name = "chunked eof inside the trailer",
     IN("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nX-T: 1\r\n"),
     .eof = true, .expect = WK_ERR_HTTP_TRUNCATED, .status = 200, .body = "ok",
     .diag_has = "in the chunked body after 2 bytes"},
    {.name = "chunked bare LF ends trailer fields",
     IN("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nX-T: 1\n\n"),
     .status = 200, .headers = "Transfer-Encoding: chunked\n", .body = "ok", .keep_alive = true},
    {.name = "chunked bare CR in trailer",
     IN("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nX-T: 1\rX\r\n\r\n"),
     .expect = WK_ERR_HTTP_HEADER, .status = 200, .body = "ok", .diag_has = "byte 64: CR not followed by LF"},

    /* Transfer-Encoding that is not chunked-last, and conflicts */
    {.name = "transfer-encoding chunked, gzip is close-delimited",
     IN("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
     .eof = true, .status = 200, .headers = "Transfer-Encoding: chunked, gzip\n",
     .body = "5\r\nhello\r\n0\r\n\r\n", .keep_alive = false},
    {.name = "transfer-encoding gzip, chunked is chunked",
     IN("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n2\r\nzz\r\n0\r\n\r\n"),
     .status = 200, .headers = "Transfer-Encoding: gzip, chunked\n", .body = "zz",
     .keep_alive = true},
    {.name = "transfer-encoding over two headers",
     IN("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"
        "2\r\nzz\r\n0\r\n\r\n"),
     .status = 200, .headers = "Transfer-Encoding: gzip\nTransfer-Encoding: chunked\n",
     .body = "zz", .keep_alive = true},
    {.name = "transfer-encoding chunkedchunked is not chunked",
     IN("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunkedchunked\r\n\r\n2\r\nzz\r\n0\r\n\r\n"),
     .eof = true, .status = 200, .headers = "Transfer-Encoding: chunkedchunked\n",
     .body = "2\r\nzz\r\n0\r\n\r\n"},
    {.name = "content-length and transfer-encoding",
     IN("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
        "5\r\nhello\r\n0\r\n\r\n"),
     .expect = WK_ERR_HTTP_FRAMING, .headers = "Content-Length: 5\nTransfer-Encoding: chunked\n",
     .diag_has = "byte 65: Transfer-Encoding and Content-Length"},
    {.name = "transfer-encoding in HTTP/1.0",
     IN("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nzz\r\n0\r\n\r\n"),
     .expect = WK_ERR_HTTP_FRAMING, .diag_has = "HTTP/1.0"},

    /* Close-delimited */
    {.name = "close-delimited body",
     IN("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil eof\r\n\r\nstill body"),
     .eof = true, .status = 200, .headers = "Content-Type: text/plain\n",
     .body = "until eof\r\n\r\nstill body", .keep_alive = false},
    {.name = "close-delimited body without eof is partial",
     IN("HTTP/1.1 200 OK\r\n\r\nsome"), .expect = WK_PARTIAL, .status = 200, .body = "some"},

    /* No body */
    {.name = "interim responses skipped",
     IN("HTTP/1.1 100 Continue\r\nX-Interim: 1\r\n\r\n"
        "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"),
     .status = 200, .headers = "Content-Length: 2\n", .body = "ok", .keep_alive = true},
    {.name = "interim with content-length has no body",
     IN("HTTP/1.1 100 Continue\r\nContent-Length: 5\r\n\r\n"
        "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"),
     .status = 200, .headers = "Content-Length: 0\n", .keep_alive = false},
    {.name = "204 with content-length",
     IN("HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\nNEXT"),
     .status = 204, .headers = "Content-Length: 10\n", .consumed = 47u, .keep_alive = true},
    {.name = "304 with transfer-encoding",
     IN("HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n"),
     .status = 304, .headers = "Transfer-Encoding: chunked\n", .keep_alive = true},
    {.name = "101 switching protocols",
     IN("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n"),
     .expect = WK_ERR_HTTP_UNEXPECTED, .diag_has = "byte 9: 101"},
    {.name = "status code outside 100..599",
     IN("HTTP/1.1 999 Weird\r\nContent-Length: 0\r\n\r\n"),
     .expect = WK_ERR_HTTP_UNEXPECTED, .diag_has = "not 100..599: 999"},

    /* Status line */
    {.name = "status line without reason or its space",
     IN("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n"),
     .status = 200, .headers = "Content-Length: 0\n", .keep_alive = true},
    {.name = "status line with empty reason",
     IN("HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n"),
     .status = 404, .headers = "Content-Length: 0\n", .keep_alive = true},
    {.name = "status line reason with obs-text and tab",
     IN("HTTP/1.1 200 \xc3\x96K\tfine\r\nContent-Length: 0\r\n\r\n"),
     .status = 200, .headers = "Content-Length: 0\n", .keep_alive = true},
    {.name = "status line double space", IN("HTTP/1.1  200 OK\r\n\r\n"),
     .expect = WK_ERR_HTTP_STATUS_LINE, .diag_has = "byte 9: status code not 3 digits"},
    {.name = "status line HTTP/2", IN("HTTP/2.0 200 OK\r\n\r\n"),
     .expect = WK_ERR_HTTP_STATUS_LINE, .diag_has = "byte 5: not HTTP/1.x: 2"},
    {.name = "status line two-digit code", IN("HTTP/1.1 20 OK\r\n\r\n"),
     .expect = WK_ERR_HTTP_STATUS_LINE},
    {.name = "status line code glued to text", IN("HTTP/1.1 200X\r\n\r\n"),
     .expect = WK_ERR_HTTP_STATUS_LINE, .diag_has = "byte 12:"},
    {.name = "status line two-digit minor version", IN("HTTP/1.10 200 OK\r\n\r\n"),
     .expect = WK_ERR_HTTP_STATUS_LINE, .diag_has = "byte 8:"},
    {.name = "empty line before the status line", IN("\r\nHTTP/1.1 200 OK\r\n\r\n"),
     .expect = WK_ERR_HTTP_STATUS_LINE, .diag_has = "byte 0: empty status line"},
    {.name = "not HTTP at all", IN("ICY 200 OK\r\n\r\n"), .expect = WK_ERR_HTTP_STATUS_LINE},
    {.name = "control byte in the reason", IN("HTTP/1.1 200 O\x01K\r\n\r\n"),
     .expect = WK_ERR_HTTP_STATUS_LINE, .diag_has = "byte 14: control byte"},
    {.name = "bare CR after the status line", IN("HTTP/1.1 200 OK\rContent-Length: 0\r\n\r\n"),
     .expect = WK_ERR_HTTP_STATUS_LINE, .diag_has = "byte 16: CR not followed by LF"},
    {.name = "HTTP/1.x minor above 1 is treated as 1.1",
     IN("HTTP/1.7 200 OK\r\nContent-Length: 0\r\n\r\n"),
     .status = 200, .headers = "Content-Length: 0\n", .keep_alive = true},

    /* Header lines */
    {.name = "bare LF line endings",
     IN("HTTP/1.1 200 OK\nContent-Length: 2\nX-A: b\n\nok"),
     .status = 200, .headers = "Content-Length: 2\nX-A: b\n", .body = "ok", .keep_alive = true},
    {.name = "bare CR inside a header",
     IN("HTTP/1.1 200 OK\r\nX-A: a\rb\r\nContent-Length: 0\r\n\r\n"),
     .expect = WK_ERR_HTTP_HEADER, .headers = "", .diag_has = "byte 24: CR not followed by LF"},
    {.name = "bare CR ending the head",
     IN("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\rX"),
     .expect = WK_ERR_HTTP_HEADER, .headers = "Content-Length: 0\n"},
    {.name = "obs-fold unfolded to one space",
     IN("HTTP/1.1 200 OK\r\nX-Folded: first  \r\n  second\r\n\tthird \r\n"
        "Content-Length: 0\r\n\r\n"),
     .status = 200, .headers = "X-Folded: first second third\nContent-Length: 0\n",
     .keep_alive = true},
    {.name = "obs-fold of an empty value and a blank continuation",
     IN("HTTP/1.1 200 OK\r\nX-Empty:\r\n \r\nX-B: b\r\n \r\n\r\n"),
     .status = 200, .headers = "X-Empty: \nX-B: b\n", .eof = true},
    {.name = "whitespace before the first header",
     IN("HTTP/1.1 200 OK\r\n X-A: b\r\n\r\n"),
     .expect = WK_ERR_HTTP_HEADER, .diag_has = "byte 17: obs-fold before any header"},
    {.name = "whitespace before the colon",
     IN("HTTP/1.1 200 OK\r\nContent-Length : 5\r\n\r\nhello"),
     .expect = WK_ERR_HTTP_HEADER, .headers = "",
     .diag_has = "byte 31: bad byte in header name: "},
    {.name = "header line without colon", IN("HTTP/1.1 200 OK\r\nNoColon\r\n\r\n"),
     .expect = WK_ERR_HTTP_HEADER, .diag_has = "byte 17: header line without ':'"},
    {.name = "empty header name", IN("HTTP/1.1 200 OK\r\n: v\r\n\r\n"),
     .expect = WK_ERR_HTTP_HEADER, .diag_has = "byte 17: empty header name"},
    {.name = "control byte in a value", IN("HTTP/1.1 200 OK\r\nX-Bell: a\x07z\r\n\r\n"),
     .expect = WK_ERR_HTTP_HEADER, .diag_has = "byte 26: control byte \\x07 in the value of X-Bell"},
    {.name = "NUL in a value", IN("HTTP/1.1 200 OK\r\nX-Nul: a\0z\r\n\r\n"),
     .expect = WK_ERR_HTTP_HEADER, .diag_has = "control byte \\x00"},
    {.name = "values trimmed, obs-text and tabs kept, odd token names",
     IN("HTTP/1.1 200 OK\r\nX_a$b:   caf\xc3\xa9\tok \t \r\nX-Empty:\r\n"
        "Content-Length: 0\r\n\r\n"),
     .status = 200, .headers = "X_a$b: caf\xc3\xa9\tok\nX-Empty: \nContent-Length: 0\n",
     .keep_alive = true},

    /* Keep-alive */
    {.name = "HTTP/1.1 keeps alive by default",
     IN("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
     .status = 200, .headers = "Content-Length: 0\n", .keep_alive = true},
    {.name = "HTTP/1.1 connection close",
     IN("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"),
     .status = 200, .headers = "Connection: close\nContent-Length: 0\n", .keep_alive = false},
    {.name = "HTTP/1.1 close among connection options",
     IN("HTTP/1.1 200 OK\r\nConnection: Keep-Alive, CLOSE\r\nContent-Length: 0\r\n\r\n"),
     .status = 200, .headers = "Connection: Keep-Alive, CLOSE\nContent-Length: 0\n",
     .keep_alive = false},
    {.name = "HTTP/1.0 closes by default",
     IN("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"),
     .status = 200, .headers = "Content-Length: 2\n", .body = "ok", .keep_alive = false},
    {.name = "HTTP/1.0 keep-alive",
     IN("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok"),
     .status = 200, .headers = "Connection: keep-alive\nContent-Length: 2\n", .body = "ok",
     .keep_alive = true},
    {.name = "HTTP/1.0 keep-alive but close-delimited",
     IN("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\nok"), .eof = true,
     .status = 200, .headers = "Connection: keep-alive\n", .body = "ok", .keep_alive = false},
};

static void test_parser_cases(void **state)
{
    size_t i;
    (void)state;
    for (i = 0u; i < sizeof(k_cases) / sizeof(k_cases[0]); i++) {
        run_all_splits(&k_cases[i]);
    }
}

/* ---- Size limits ----------------------------------------------------------------------- */

#define LINE_MAX_ ((size_t)CONFIG_WK_HTTP_HEADER_LINE_MAX)
#define HEAD_MAX_ ((size_t)CONFIG_WK_HTTP_MAX_HEADER_BYTES)

static size_t put(char *buf, size_t at, const char *s)
{
    memcpy(buf + at, s, strlen(s));
    return at + strlen(s);
}

/* One header "X-Long: aaa..." whose line (without CRLF) has exactly @p line_len bytes. */
static size_t make_long_line(char *buf, size_t line_len)
{
    size_t n = put(buf, 0u, "HTTP/1.1 200 OK\r\nX-Long: ");
    memset(buf + n, 'a', line_len - 8u);
    n += line_len - 8u;
    return put(buf, n, "\r\nContent-Length: 0\r\n\r\n");
}

/* A response head of exactly @p head_len bytes made of short header lines. */
static size_t make_head_framed(char *buf, size_t head_len, const char *framing, size_t *fill_lines)
{
    size_t n = put(buf, put(buf, 0u, "HTTP/1.1 200 OK\r\n"), framing);
    size_t left = head_len - n - 2u;
    *fill_lines = 0u;
    while (left > 0u) {
        size_t line = left >= 110u ? 100u : left; /* each piece at least 5 bytes */
        n = put(buf, n, "X: ");
        memset(buf + n, 'f', line - 5u);
        n += line - 5u;
        n = put(buf, n, "\r\n");
        left -= line;
        (*fill_lines)++;
    }
    return put(buf, n, "\r\n");
}

static size_t make_head(char *buf, size_t head_len, size_t *fill_lines)
{
    return make_head_framed(buf, head_len, "Content-Length: 0\r\n", fill_lines);
}

static void test_header_line_limit(void **state)
{
    char *buf = malloc(LINE_MAX_ + 64u);
    char expect[128];
    http_case_t c = {.name = "line at the limit", .in = buf, .status = 200, .keep_alive = true};
    (void)state;
    assert_non_null(buf);
    c.in_len = make_long_line(buf, LINE_MAX_);
    /* Only the end of the long value is compared: check its length through the line. */
    c.headers = NULL;
    {
        outcome_t *o = malloc(sizeof(*o));
        assert_non_null(o);
        run_case(&c, MODE_WHOLE, 0u, o);
        assert_int_equal(o->status, WK_OK);
        assert_int_equal(o->rec.headers_len, (LINE_MAX_ + 1u) + strlen("Content-Length: 0\n"));
        free(o);
    }
    c.name = "line one byte over the limit";
    c.in_len = make_long_line(buf, LINE_MAX_ + 1u);
    c.expect = WK_ERR_HTTP_HEADER_TOO_LONG;
    c.status = 0u;
    c.headers = "";
    snprintf(expect, sizeof(expect),
             "byte 17: line longer than %zu bytes (CONFIG_WK_HTTP_HEADER_LINE_MAX)", LINE_MAX_);
    c.diag_has = expect;
    run_all_splits(&c);
    free(buf);
}

static void test_header_line_70k(void **state)
{
    const size_t len = 70u * 1024u;
    char *buf = malloc(len + 64u);
    http_case_t c = {.name = "70 KB header line", .in = buf,
                     .expect = WK_ERR_HTTP_HEADER_TOO_LONG, .headers = "",
                     .diag_has = "byte 17: line longer than"};
    (void)state;
    assert_non_null(buf);
    c.in_len = make_long_line(buf, len);
    run_splits(&c, 97u);
    free(buf);
}

static void test_folded_line_over_limit(void **state)
{
    char *buf = malloc(2u * LINE_MAX_ + 128u);
    size_t n = put(buf, 0u, "HTTP/1.1 200 OK\r\nX-Fold: ");
    http_case_t c = {.name = "folded line over the limit", .in = buf,
                     .expect = WK_ERR_HTTP_HEADER_TOO_LONG, .headers = "",
                     .diag_has = "byte 17: line longer than"};
    (void)state;
    assert_non_null(buf);
    memset(buf + n, 'a', LINE_MAX_ / 2u);
    n += LINE_MAX_ / 2u;
    n = put(buf, n, "\r\n ");
    memset(buf + n, 'b', LINE_MAX_ / 2u);
    n += LINE_MAX_ / 2u;
    c.in_len = put(buf, n, "\r\n\r\n");
    run_all_splits(&c);
    free(buf);
}

static void test_header_section_limit(void **state)
{
    char *buf = malloc(HEAD_MAX_ + 256u);
    size_t fill = 0u;
    outcome_t *o = malloc(sizeof(*o));
    char expect[128];
    http_case_t c = {.name = "head at the limit", .in = buf, .status = 200, .keep_alive = true};
    (void)state;
    assert_non_null(buf);
    assert_non_null(o);
    c.in_len = make_head(buf, HEAD_MAX_, &fill);
    assert_int_equal(c.in_len, HEAD_MAX_);
    run_case(&c, MODE_WHOLE, 0u, o);
    assert_int_equal(o->status, WK_OK);
    assert_int_equal(o->rec.status, 200);
    run_case(&c, MODE_BYTES, 0u, o);
    assert_int_equal(o->status, WK_OK);

    c.name = "head one byte over the limit";
    c.in_len = make_head(buf, HEAD_MAX_ + 1u, &fill);
    c.expect = WK_ERR_HTTP_HEADER_TOO_LONG;
    c.status = 0u;
    snprintf(expect, sizeof(expect),
             "byte %zu: response head longer than %zu bytes (CONFIG_WK_HTTP_MAX_HEADER_BYTES)",
             HEAD_MAX_, HEAD_MAX_);
    c.diag_has = expect;
    c.headers = NULL;
    run_splits(&c, 97u);
    run_case(&c, MODE_WHOLE, 0u, o);
    /* Every complete header before the limit was reported, the last one held back. */
    assert_true(o->rec.headers_len > 0u);
    free(o);
    free(buf);
}

/* Interim heads and the trailer section each get the whole section limit. */
static void test_each_section_measured_alone(void **state)
{
    const size_t near = HEAD_MAX_ - 8u;
    char *buf = malloc(3u * HEAD_MAX_ + 512u);
    size_t fill = 0u;
    size_t n;
    size_t trailer_start;
    outcome_t *o = malloc(sizeof(*o));
    http_case_t c = {.name = "interim and final heads near the limit", .in = buf};
    (void)state;
    assert_non_null(buf);
    assert_non_null(o);
    /* A 1xx head near the limit, then a 200 head near the limit. */
    n = make_head(buf, near, &fill);
    memcpy(buf + 9, "100", 3u);
    n += make_head(buf + n, near, &fill);
    c.in_len = n;
    run_case(&c, MODE_WHOLE, 0u, o);
    if (o->status != WK_OK) {
        fail_msg("interim and final heads: %s", o->diag.text);
    }
    assert_int_equal(o->rec.status, 200);
    assert_int_equal(o->consumed, n);

    /* A chunked head near the limit, then a trailer section near the limit. */
    n = make_head_framed(buf, near, "Transfer-Encoding: chunked\r\n", &fill);
    n = put(buf, n, "2\r\nok\r\n0\r\n");
    trailer_start = n;
    while (n - trailer_start + 100u < near) {
        n = put(buf, n, "T: ");
        memset(buf + n, 't', 95u);
        n = put(buf, n + 95u, "\r\n");
    }
    n = put(buf, n, "\r\n");
    c.in_len = n;
    run_case(&c, MODE_WHOLE, 0u, o);
    assert_int_equal(o->status, WK_OK);
    assert_int_equal(o->rec.body_len, 2u);

    /* The same trailer grown past the limit. */
    n -= 2u;
    while (n - trailer_start <= HEAD_MAX_) {
        n = put(buf, n, "T: ");
        memset(buf + n, 't', 95u);
        n = put(buf, n + 95u, "\r\n");
    }
    n = put(buf, n, "\r\n");
    c.in_len = n;
    run_case(&c, MODE_WHOLE, 0u, o);
    assert_int_equal(o->status, WK_ERR_HTTP_HEADER_TOO_LONG);
    assert_non_null(strstr(o->diag.text, "trailer section longer than"));
    free(o);
    free(buf);
}

/* ---- Callbacks, arguments, sequencing -------------------------------------------------- */

static void test_callback_stop_is_returned(void **state)
{
    static const char in[] = "HTTP/1.1 200 OK\r\nX-A: 1\r\nContent-Length: 4\r\n\r\nbody";
    wk_http_parser_t *p = malloc(sizeof(*p));
    recording_t rec;
    wk_diag_t diag;
    size_t used = 0u;
    (void)state;
    assert_non_null(p);

    memset(&rec, 0, sizeof(rec));
    rec.stop_on_body = WK_STOPPED;
    wk_diag_clear(&diag);
    wk_diag_str(&diag, "set by the callback's owner");
    assert_int_equal(wk_http_parser_init(p, &k_callbacks, &rec), WK_OK);
    assert_int_equal(wk_http_parser_feed(p, (const uint8_t *)in, sizeof(in) - 1u, &used, &diag),
                     WK_STOPPED);
    assert_int_equal(used, sizeof(in) - 1u);
    assert_string_equal(diag.text, "set by the callback's owner");
    assert_int_equal(wk_http_parser_eof(p, &diag), WK_STOPPED);
    assert_false(wk_http_parser_keep_alive(p));

    memset(&rec, 0, sizeof(rec));
    rec.stop_on_header = WK_ERR_NO_SPACE;
    assert_int_equal(wk_http_parser_init(p, &k_callbacks, &rec), WK_OK);
    assert_int_equal(wk_http_parser_feed(p, (const uint8_t *)in, sizeof(in) - 1u, &used, NULL),
                     WK_ERR_NO_SPACE);
    assert_int_equal(rec.headers_len, strlen("X-A: 1\n"));
    assert_int_equal(rec.head_done_calls, 0u);
    free(p);
}

static void test_parser_arguments(void **state)
{
    wk_http_parser_t *p = malloc(sizeof(*p));
    static const wk_http_callbacks_t none = {NULL, NULL, NULL};
    static const char in[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    size_t used = 7u;
    (void)state;
    assert_non_null(p);
    assert_int_equal(wk_http_parser_init(NULL, &none, NULL), WK_ERR_ARG);
    assert_int_equal(wk_http_parser_init(p, NULL, NULL), WK_ERR_ARG);
    assert_int_equal(wk_http_parser_init(p, &none, NULL), WK_OK);
    assert_int_equal(wk_http_parser_feed(NULL, (const uint8_t *)in, 1u, &used, NULL), WK_ERR_ARG);
    assert_int_equal(used, 0u);
    assert_int_equal(wk_http_parser_feed(p, NULL, 1u, &used, NULL), WK_ERR_ARG);
    assert_int_equal(wk_http_parser_feed(p, (const uint8_t *)in, 1u, NULL, NULL), WK_ERR_ARG);
    assert_int_equal(wk_http_parser_feed(p, NULL, 0u, &used, NULL), WK_PARTIAL);
    assert_false(wk_http_parser_keep_alive(p));
    /* All callbacks NULL is allowed: the message is still framed. */
    assert_int_equal(wk_http_parser_feed(p, (const uint8_t *)in, sizeof(in) - 1u, &used, NULL),
                     WK_OK);
    assert_int_equal(used, sizeof(in) - 1u);
    assert_true(wk_http_parser_keep_alive(p));
    assert_int_equal(wk_http_parser_eof(p, NULL), WK_OK);
    assert_int_equal(wk_http_parser_eof(NULL, NULL), WK_ERR_ARG);
    assert_false(wk_http_parser_keep_alive(NULL));
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_writer_exact_bytes),
        cmocka_unit_test(test_writer_no_space_at_every_capacity),
        cmocka_unit_test(test_writer_failure_sticks_and_writes_nothing),
        cmocka_unit_test(test_writer_refuses_injection),
        cmocka_unit_test(test_parser_cases),
        cmocka_unit_test(test_header_line_limit),
        cmocka_unit_test(test_header_line_70k),
        cmocka_unit_test(test_folded_line_over_limit),
        cmocka_unit_test(test_header_section_limit),
        cmocka_unit_test(test_each_section_measured_alone),
        cmocka_unit_test(test_callback_stop_is_returned),
        cmocka_unit_test(test_parser_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
