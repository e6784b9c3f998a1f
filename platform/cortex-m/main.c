/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The Cortex-M footprint image: the core, the mbedTLS port (TLS connector and
 * hashing), and mbedTLS over a static arena, linked as firmware would link
 * them. There is no network on the board, so it runs checks instead:
 *  1. The port self-test (wk_selftest.h), as any firmware can: clocks,
 *     random bytes, SHA-256, HMAC and SigV4 known answers, and the whole
 *     client over a canned page. No transport: the board has none.
 *  2. The client's failures keep their status without the diagnostic texts,
 *     and what the build left out (Kconfig's "Features a small device may
 *     leave out") is refused, never done another way.
 *  3. TLS through the TLS contract (wk_tls.h), as a platform uses it: trust
 *     anchors from memory (Amazon Root CA 1, from Debian's ca-certificates at
 *     build time), then a connection through an opener whose server never
 *     answers: the ClientHello goes out and the handshake times out, inside
 *     the arena.
 * Exit code 0 when every check passes; each failure prints its step.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mbedtls/memory_buffer_alloc.h"
#include "mbedtls/platform.h"

#include "wk/wk.h"
#include "wk_cm_board.h"
#include "wk_cm_measure.h"
#include "wk_selftest.h"
#include "wk_tls.h"

/* One TLS session: 16 KiB in + 2 KiB out record buffers plus handshake
 * state and the parsed CA chain (see wk_cm_mbedtls_config.h). */
#ifndef WK_CM_TLS_ARENA_SIZE
#define WK_CM_TLS_ARENA_SIZE (40u * 1024u)
#endif

static unsigned char tls_arena[WK_CM_TLS_ARENA_SIZE];
#define ARENA_PAINT 0xA5u
static wk_client_t client;
static wk_cred_fetch_t fetch;
static wk_credentials_t credentials;
static int failures;

static void check(bool ok, const char *what)
{
    wk_cm_puts(ok ? "ok   " : "FAIL ");
    wk_cm_puts(what);
    wk_cm_puts("\n");
    if (!ok) {
        failures++;
    }
}

/* ---- 1. The port self-test ------------------------------------------------------- */

static void print(void *ctx, const char *text)
{
    (void)ctx;
    wk_cm_puts(text);
}

static void check_port(void)
{
    wk_selftest_target_t t;
    memset(&t, 0, sizeof(t));
    t.print = print;
    t.client = &client;
    t.fetch = &fetch;
    t.credentials = &credentials;
    /* 2025-01-01T00:00:00Z: what a board's RTC or SNTP would have set. */
    wk_cm_set_utc(1735689600);
    check(wk_selftest_run(&t) == WK_OK, "port: the self-test passed");
}

/* ---- 2. Failures without diagnostic texts ------------------------------------------- */

static wk_status_t no_open(void *ctx, const wk_endpoint_t *ep, uint32_t timeout_ms,
                           wk_transport_t *out)
{
    (void)ctx;
    (void)ep;
    (void)timeout_ms;
    (void)out;
    return WK_ERR_CONNECT;
}

static wk_status_t no_close(void *ctx, wk_transport_t *t)
{
    (void)ctx;
    (void)t;
    return WK_OK;
}

static void check_diag(void)
{
    wk_client_config_t cfg;
    memset(&cfg, 0, sizeof(cfg));
    cfg.credentials.access_key_id = "AKIDEXAMPLE";
    cfg.endpoint.region = "us-east-1";
    cfg.connector.open = no_open;
    cfg.connector.close = no_close;
    /* A failure keeps its own status with or without the diagnostic texts. */
    check(wk_client_init(&client, &cfg) == WK_ERR_CREDENTIALS, "client: missing secret key");
#if CONFIG_WK_DIAG_TEXT
    check(strstr(wk_client_diag(&client), "secret key") != NULL,
          "client: diagnostic text names the field");
#elif CONFIG_WK_STATUS_NAMES
    check(strcmp(wk_client_diag(&client), "WK_ERR_CREDENTIALS") == 0,
          "client: without diagnostic texts, the status name");
#else
    check(strcmp(wk_client_diag(&client), "status -11") == 0 && WK_ERR_CREDENTIALS == -11,
          "client: without diagnostic texts or status names, the status number");
#endif
    (void)wk_client_deinit(&client);
}

/* wk_client_init() with an endpoint_url, a region or an endpoint variant. */
static wk_status_t init_endpoint(const char *url, const char *region, bool fips, bool dualstack)
{
    wk_client_config_t cfg;
    wk_status_t s;
    memset(&cfg, 0, sizeof(cfg));
    cfg.endpoint.region = region;
    cfg.endpoint.endpoint_url = url;
    cfg.endpoint.use_fips = fips;
    cfg.endpoint.use_dualstack = dualstack;
    cfg.connector.open = no_open;
    cfg.connector.close = no_close;
    s = wk_client_init(&client, &cfg);
    (void)wk_client_deinit(&client);
    return s;
}

static void check_options(void)
{
    /* On, each is taken; off, each is refused with the status its header names. */
    wk_status_t endpoint = CONFIG_WK_CUSTOM_ENDPOINT ? WK_OK : WK_ERR_ENDPOINT_CONFIG;
    wk_status_t variant = CONFIG_WK_ENDPOINT_VARIANTS ? WK_OK : WK_ERR_ENDPOINT_CONFIG;
    wk_status_t partition = CONFIG_WK_OTHER_PARTITIONS ? WK_OK : WK_ERR_ENDPOINT_CONFIG;
    wk_list_users_request_t req = {.network_id = "12345678", .sort_fields = "username"};
    wk_diag_t diag;
    uint8_t addr[16];
    size_t addr_len = 99u;
    uint32_t delay = 0u;
    static const wk_http_callbacks_t no_callbacks = {NULL, NULL, NULL};
    static const char chunked[] =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;a=b\r\nx\r\n0\r\n\r\n";
    static wk_http_parser_t parser;
    size_t used;
    wk_status_t s;

    check(init_endpoint("https://192.0.2.1:8443", "us-east-1", false, false) == endpoint,
          "options: an endpoint_url as CONFIG_WK_CUSTOM_ENDPOINT says");
    check(init_endpoint(NULL, "us-gov-west-1", false, false) == partition &&
              init_endpoint(NULL, "cn-north-1", false, false) == partition,
          "options: GovCloud and China regions as CONFIG_WK_OTHER_PARTITIONS says");
    check(init_endpoint(NULL, "us-east-1", true, false) == variant &&
              init_endpoint(NULL, "us-east-1", false, true) == variant,
          "options: use_fips and use_dualstack as CONFIG_WK_ENDPOINT_VARIANTS says");
    check(init_endpoint(NULL, "eu-west-2", false, false) == WK_OK,
          "options: an aws region's endpoint is always taken");
    s = wk_host_ip_literal("2001:db8::1", 11u, addr, &addr_len);
    check(CONFIG_WK_IPV6 ? (s == WK_OK && addr_len == 16u) : (s == WK_ERR_ENDPOINT && addr_len == 0u),
          "options: an IPv6 literal as CONFIG_WK_IPV6 says");
    check(wk_list_users_request_validate(&req, &diag) ==
              (CONFIG_WK_LIST_SORT ? WK_OK : WK_ERR_SORT_FIELDS),
          "options: sortFields as CONFIG_WK_LIST_SORT says");
    req.sort_fields = NULL;
    req.sort_direction = "ASC";
    check(wk_list_users_request_validate(&req, &diag) ==
              (CONFIG_WK_LIST_SORT ? WK_OK : WK_ERR_SORT_DIRECTION),
          "options: sortDirection as CONFIG_WK_LIST_SORT says");
    s = wk_retry_after_parse("Sun, 06 Nov 1994 08:49:37 GMT", 29u, 784111770, &delay);
    check(CONFIG_WK_RETRY_AFTER_DATE ? (s == WK_OK && delay == 7000u) : s == WK_ERR_HTTP_HEADER,
          "options: a Retry-After date as CONFIG_WK_RETRY_AFTER_DATE says");
    (void)wk_http_parser_init(&parser, &no_callbacks, NULL);
    s = wk_http_parser_feed(&parser, (const uint8_t *)chunked, sizeof(chunked) - 1u, &used, &diag);
    check(s == (CONFIG_WK_HTTP_CHUNK_EXTENSIONS ? WK_OK : WK_ERR_HTTP_CHUNK),
          "options: a chunk extension as CONFIG_WK_HTTP_CHUNK_EXTENSIONS says");
}

/* ---- 3. TLS ---------------------------------------------------------------------- */

/* Amazon Root CA 1 from Debian's ca-certificates, NUL-terminated PEM
 * (generated by CMakeLists.txt). */
extern const unsigned char wk_cm_ca_pem[];
extern const size_t wk_cm_ca_pem_len;

/* The opener's one connection: keeps what TLS sends; no server ever answers. */
typedef struct capture {
    unsigned char bytes[512];
    size_t len;
    uint32_t recv_calls;
    bool open;
} capture_t;

static wk_status_t capture_send(void *ctx, const uint8_t *buf, size_t len, size_t *sent,
                                uint32_t timeout_ms)
{
    capture_t *c = ctx;
    size_t n = len < sizeof(c->bytes) - c->len ? len : sizeof(c->bytes) - c->len;
    (void)timeout_ms;
    memcpy(&c->bytes[c->len], buf, n);
    c->len += n;
    *sent = len;
    return WK_OK;
}

static wk_status_t capture_recv(void *ctx, uint8_t *buf, size_t len, size_t *got,
                                uint32_t timeout_ms)
{
    capture_t *c = ctx;
    (void)buf;
    (void)len;
    (void)got;
    (void)timeout_ms;
    c->recv_calls++;
    return WK_WOULD_BLOCK;
}

static wk_status_t capture_connect(void *ctx, const char *host, uint16_t port,
                                   uint32_t timeout_ms, wk_transport_t *out, wk_diag_t *diag)
{
    capture_t *c = ctx;
    (void)host;
    (void)port;
    (void)timeout_ms;
    (void)diag;
    c->open = true;
    out->send = capture_send;
    out->recv = capture_recv;
    out->ctx = c;
    return WK_OK;
}

static wk_status_t capture_close(void *ctx)
{
    capture_t *c = ctx;
    c->open = false;
    return WK_OK;
}

static bool contains(const unsigned char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++) {
        if (memcmp(&hay[i], needle, k) == 0) {
            return true;
        }
    }
    return false;
}

/* Bytes of the arena ever written: allocation is first-fit from the start
 * and calloc zeroes, so the last byte that lost its paint marks the peak. */
static uint32_t arena_high_water(void)
{
    return (uint32_t)wk_cm_used_from_start(tls_arena, sizeof(tls_arena), ARENA_PAINT);
}

static void check_tls(void)
{
    static wk_tls_connector_t net;
    static capture_t hello;
    wk_tcp_opener_t opener = {capture_connect, capture_close, &hello};
    wk_tls_trust_t trust = {NULL, wk_cm_ca_pem, 0u};
    wk_endpoint_params_t params = {"us-east-1", false, false, NULL};
    wk_endpoint_t ep;
    wk_connector_t conn;
    wk_transport_t t;
    void *whole;
    wk_status_t s;

    /* This mbedTLS has no file system: the default CA file fails closed. */
    s = wk_tls_connector_init(&net, &opener, NULL, &conn);
    check(s == WK_OK && wk_tls_connector_load_ca(&net) == WK_ERR_TLS_CA,
          "tls: CA file without a file system is WK_ERR_TLS_CA");
    (void)wk_tls_connector_free(&net);

    trust.ca_len = wk_cm_ca_pem_len;
    s = wk_tls_connector_init(&net, &opener, &trust, &conn);
    check(s == WK_OK && wk_tls_connector_load_ca(&net) == WK_OK,
          "tls: connector with Amazon Root CA 1 from memory");
    check(wk_endpoint_resolve(&params, &ep, NULL) == WK_OK, "tls: endpoint for us-east-1");
    /* The board's clock ticks once per reading, so 50 ms is ~25 polls of a
     * server that never answers: the connector must give up in time. */
    s = conn.open(conn.ctx, &ep, 50u, &t);
    check(s == WK_ERR_TIMEOUT, "tls: the handshake times out waiting for the server");
    check(hello.recv_calls > 1u, "tls: it polled the transport until the deadline");
    /* TLS record: handshake (22), version 3.x; handshake type ClientHello (1). */
    check(hello.len > 9u && hello.bytes[0] == 22u && hello.bytes[1] == 3u && hello.bytes[5] == 1u,
          "tls: ClientHello record written through the opener's stream");
    check(contains(hello.bytes, hello.len, "admin.wickr.us-east-1.amazonaws.com"),
          "tls: ClientHello carries the SNI");
    check(!hello.open, "tls: the failed connection was closed");
    if (!CONFIG_WK_IPV6) {
        /* An IPv6 literal is refused before a byte is sent: never taken for a name. */
        wk_endpoint_t v6 = ep;
        size_t sent = hello.len;
        memcpy(v6.host, "2001:db8::1", sizeof("2001:db8::1"));
        check(conn.open(conn.ctx, &v6, 50u, &t) != WK_OK && hello.len == sent && !hello.open,
              "tls: without CONFIG_WK_IPV6 an IPv6 host fails closed");
    }
    wk_cm_put_u32("tls: arena high-water bytes after ClientHello: ", arena_high_water());
    wk_cm_put_u32("tls: connector storage bytes (WK_TLS_CONNECTOR_SIZE): ", (uint32_t)sizeof(net));
    (void)wk_tls_connector_free(&net);

    check(mbedtls_memory_buffer_alloc_verify() == 0, "tls: arena intact");
    /* One block of nearly the whole arena fits only if every allocation was
     * returned and merged back. */
    whole = mbedtls_calloc(1u, sizeof(tls_arena) - 256u);
    check(whole != NULL, "tls: everything returned to the arena");
    mbedtls_free(whole);
}

int main(void)
{
    mbedtls_memory_buffer_alloc_init(tls_arena, sizeof(tls_arena));
    /* Init zeroes the arena and writes one block header at its start; paint
     * the rest (free space is never read, only headers are). */
    memset(&tls_arena[64], ARENA_PAINT, sizeof(tls_arena) - 64u);
    wk_cm_puts("wickr-lite cortex-m self-check\n");
    check_port();
    check_diag();
    check_options();
    check_tls();
    mbedtls_memory_buffer_alloc_free();
    wk_cm_put_u32("failures: ", (uint32_t)failures);
    return failures == 0 ? 0 : 1;
}
