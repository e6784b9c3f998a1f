/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The Cortex-M footprint image: the core, the mbedTLS TLS decorator and
 * crypto port, and mbedTLS over a static arena, linked as firmware would link
 * them. There is no network on the board, so it runs a self-check instead:
 *  1. SigV4: sign AWS's get-vanilla suite request, compare with the suite's
 *     published Authorization header.
 *  2. The full client over a canned connector: validate, sign, write the
 *     request, parse a canned HTTP response and page of users.
 *  3. TLS through the decorator: trust anchors from memory (Amazon Root CA 1,
 *     from Debian's ca-certificates at build time), then wk_tls_connect() over
 *     a transport whose server never answers: the ClientHello goes out and
 *     the handshake times out, inside the arena.
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
#include "wk_tls_mbedtls.h"

/* One TLS session: 16 KiB in + 2 KiB out record buffers plus handshake
 * state and the parsed CA chain (see wk_cm_mbedtls_config.h). */
#ifndef WK_CM_TLS_ARENA_SIZE
#define WK_CM_TLS_ARENA_SIZE (40u * 1024u)
#endif

static unsigned char tls_arena[WK_CM_TLS_ARENA_SIZE];
#define ARENA_PAINT 0xA5u
static wk_client_t client;
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

/* Decimal text of v, NUL-terminated, at the end of text[11]; returns its start. */
static const char *u32_text(uint32_t v, char text[11])
{
    size_t n = 10u;
    text[n] = '\0';
    do {
        text[--n] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0u && n > 0u);
    return &text[n];
}

static void put_u32(const char *label, uint32_t v)
{
    char text[11];
    wk_cm_puts(label);
    wk_cm_puts(u32_text(v, text));
    wk_cm_puts("\n");
}

/* ---- 1. SigV4 ------------------------------------------------------------------ */

static void check_sigv4(void)
{
    /* aws-sig-v4-test-suite get-vanilla (header-signed-request.txt). */
    static const char want[] =
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
        "SignedHeaders=host;x-amz-date, "
        "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
    static const wk_header_t host = {"host", 4u, "example.amazonaws.com", 21u};
    wk_sigv4_credentials_t cred = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", NULL};
    wk_sigv4_t signer;
    wk_sigv4_input_t in;
    wk_sigv4_output_t out;
    char auth[256];

    memset(&in, 0, sizeof(in));
    memset(&out, 0, sizeof(out));
    in.method = "GET";
    in.path = "/";
    in.path_len = 1u;
    in.headers = &host;
    in.header_count = 1u;
    in.unix_time = 1440938160; /* 2015-08-30T12:36:00Z, the suite's time */
    out.authorization = auth;
    out.authorization_cap = sizeof(auth);

    check(wk_sigv4_init(&signer, &cred, "us-east-1", "service") == WK_OK, "sigv4: init");
    check(wk_sigv4_sign(&signer, &in, &out, NULL) == WK_OK, "sigv4: sign");
    check(strcmp(auth, want) == 0, "sigv4: get-vanilla Authorization matches the suite");
    check(strcmp(out.amz_date, "20150830T123600Z") == 0, "sigv4: X-Amz-Date");
    (void)wk_sigv4_deinit(&signer);
}

/* ---- 2. The client over a canned connector --------------------------------------- */

#define PAGE_BODY                                                                               \
    "{\"users\":[{\"userId\":\"u-1\",\"username\":\"alice@example.com\",\"firstName\":\"Alice\"," \
    "\"status\":2,\"securityGroups\":[\"sg-a\",\"sg-b\"]},"                                      \
    "{\"userId\":\"u-2\",\"username\":\"bob@example.com\",\"status\":1,\"isAdmin\":true}],"       \
    "\"nextToken\":\"page-2\"}"

typedef struct canned {
    char rx[1024];
    size_t rx_len;
    size_t rx_pos;
    char tx[2048];
    size_t tx_len;
    bool open;
} canned_t;

static canned_t canned;

static wk_status_t canned_send(void *ctx, const uint8_t *buf, size_t len, size_t *sent,
                               uint32_t timeout_ms)
{
    canned_t *c = ctx;
    (void)timeout_ms;
    if (c->tx_len + len > sizeof(c->tx)) {
        return WK_ERR_IO;
    }
    memcpy(&c->tx[c->tx_len], buf, len);
    c->tx_len += len;
    *sent = len;
    return WK_OK;
}

static wk_status_t canned_recv(void *ctx, uint8_t *buf, size_t len, size_t *got,
                               uint32_t timeout_ms)
{
    canned_t *c = ctx;
    size_t n = c->rx_len - c->rx_pos;
    (void)timeout_ms;
    if (n == 0u) {
        return WK_ERR_PEER_CLOSED;
    }
    /* Small reads, so the parsers see the body split at odd places. */
    n = n < len ? n : len;
    n = n < 37u ? n : 37u;
    memcpy(buf, &c->rx[c->rx_pos], n);
    c->rx_pos += n;
    *got = n;
    return WK_OK;
}

static wk_status_t canned_open(void *ctx, const wk_endpoint_t *ep, uint32_t timeout_ms,
                               wk_transport_t *out)
{
    static const char head[] = "HTTP/1.1 200 OK\r\n"
                               "Content-Type: application/json\r\n"
                               "x-amzn-RequestId: 0f7a9c1e-canned\r\n"
                               "Content-Length: ";
    static const char body[] = PAGE_BODY;
    char digits[11];
    const char *len_text = u32_text((uint32_t)(sizeof(body) - 1u), digits);
    canned_t *c = ctx;
    (void)timeout_ms;
    if (strcmp(ep->host, "admin.wickr.us-east-1.amazonaws.com") != 0 || !ep->tls) {
        return WK_ERR_CONNECT;
    }
    c->rx_len = 0u;
    memcpy(&c->rx[c->rx_len], head, sizeof(head) - 1u);
    c->rx_len += sizeof(head) - 1u;
    memcpy(&c->rx[c->rx_len], len_text, strlen(len_text));
    c->rx_len += strlen(len_text);
    memcpy(&c->rx[c->rx_len], "\r\n\r\n", 4u);
    c->rx_len += 4u;
    memcpy(&c->rx[c->rx_len], body, sizeof(body) - 1u);
    c->rx_len += sizeof(body) - 1u;
    c->rx_pos = 0u;
    c->open = true;
    out->send = canned_send;
    out->recv = canned_recv;
    out->ctx = c;
    return WK_OK;
}

static wk_status_t canned_close(void *ctx, wk_transport_t *t)
{
    canned_t *c = ctx;
    (void)t;
    c->open = false;
    return WK_OK;
}

typedef struct seen {
    uint32_t users;
    bool alice;
    bool bob;
} seen_t;

static bool str_is(wk_str_t s, const char *want)
{
    return s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
}

static wk_status_t on_user(void *ctx, const wk_user_t *u)
{
    seen_t *seen = ctx;
    seen->users++;
    if (str_is(u->username, "alice@example.com")) {
        seen->alice = str_is(u->user_id, "u-1") && str_is(u->first_name, "Alice") &&
                      u->status == 2 && u->security_group_count == 2u &&
                      str_is(u->security_groups[1], "sg-b") && !WK_USER_HAS(u, WK_USER_IS_ADMIN);
    } else if (str_is(u->username, "bob@example.com")) {
        seen->bob = str_is(u->user_id, "u-2") && u->status == 1 && u->is_admin &&
                    !WK_USER_HAS(u, WK_USER_FIRST_NAME);
    }
    return WK_OK;
}

static void check_client(void)
{
    wk_client_config_t cfg;
    wk_list_users_request_t req;
    seen_t seen = {0};
    const char *token = NULL;
    size_t token_len = 0u;
    wk_status_t s;

    memset(&cfg, 0, sizeof(cfg));
    memset(&req, 0, sizeof(req));
    cfg.credentials.access_key_id = "AKIDEXAMPLE";
    cfg.credentials.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    cfg.endpoint.region = "us-east-1";
    cfg.connector.open = canned_open;
    cfg.connector.close = canned_close;
    cfg.connector.ctx = &canned;
    req.network_id = "12345678";
    req.max_results = 2;

    wk_cm_set_utc(1440938160);
    check(wk_client_init(&client, &cfg) == WK_OK, "client: init");
    s = wk_client_list_users(&client, &req, on_user, &seen);
    check(s == WK_OK, "client: list_users returns WK_OK");
    if (s != WK_OK) {
        wk_cm_puts(wk_status_str(s));
        wk_cm_puts(": ");
        wk_cm_puts(wk_client_diag(&client));
        wk_cm_puts("\n");
    }
    check(seen.users == 2u && seen.alice && seen.bob, "client: both users, every field as sent");
    check(wk_client_next_token(&client, &token, &token_len) == WK_OK && token_len == 6u &&
              memcmp(token, "page-2", 6u) == 0,
          "client: nextToken");
    canned.tx[canned.tx_len < sizeof(canned.tx) ? canned.tx_len : sizeof(canned.tx) - 1u] = '\0';
    check(strncmp(canned.tx, "GET /networks/12345678/users?maxResults=2 HTTP/1.1\r\n", 52u) == 0,
          "client: request line");
    check(strstr(canned.tx, "\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/"
                            "us-east-1/wickr/aws4_request, ") != NULL,
          "client: request signed for service wickr");
    check(wk_client_deinit(&client) == WK_OK && !canned.open, "client: deinit closes");

    /* A failure keeps its own status with or without the diagnostic texts. */
    cfg.credentials.secret_access_key = NULL;
    check(wk_client_init(&client, &cfg) == WK_ERR_CREDENTIALS, "client: missing secret key");
#if CONFIG_WK_DIAG_TEXT
    check(strstr(wk_client_diag(&client), "secret access key") != NULL,
          "client: diagnostic text names the field");
#else
    check(strcmp(wk_client_diag(&client), "WK_ERR_CREDENTIALS") == 0,
          "client: without diagnostic texts, the status name");
#endif
    (void)wk_client_deinit(&client);
}

/* ---- 3. TLS ---------------------------------------------------------------------- */

/* Amazon Root CA 1 from Debian's ca-certificates, NUL-terminated PEM
 * (generated by CMakeLists.txt). */
extern const unsigned char wk_cm_ca_pem[];
extern const size_t wk_cm_ca_pem_len;

/* The lower transport: keeps what TLS sends; no server ever answers. */
typedef struct capture {
    unsigned char bytes[512];
    size_t len;
    uint32_t recv_calls;
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
    size_t n = sizeof(tls_arena);
    while (n > 0u && tls_arena[n - 1u] == ARENA_PAINT) {
        n--;
    }
    return (uint32_t)n;
}

static void check_tls(void)
{
    static wk_tls_config_t tls_cfg;
    static wk_tls_session_t tls;
    static capture_t hello;
    wk_transport_t lower = {capture_send, capture_recv, &hello, false};
    wk_diag_t diag;
    void *whole;
    wk_status_t s;

    /* This mbedTLS has no file system: a CA file fails closed. */
    s = wk_tls_config_init(&tls_cfg, NULL, NULL, &diag);
    check(s == WK_ERR_TLS_CA, "tls: CA file without a file system is WK_ERR_TLS_CA");
    (void)wk_tls_config_free(&tls_cfg);

    s = wk_tls_config_init_ca(&tls_cfg, wk_cm_ca_pem, wk_cm_ca_pem_len, &diag);
    check(s == WK_OK, "tls: decorator config with Amazon Root CA 1 from memory");
    check(wk_tls_config_skipped_certs(&tls_cfg) == 0, "tls: the CA parsed");
    if (s == WK_OK) {
        /* The board's clock ticks once per reading, so 50 ms is ~25 polls of
         * a server that never answers: the decorator must give up in time. */
        s = wk_tls_connect(&tls, &tls_cfg, &lower, "admin.wickr.us-east-1.amazonaws.com", 50u,
                           &diag);
        check(s == WK_ERR_TIMEOUT, "tls: wk_tls_connect times out waiting for the server");
        check(hello.recv_calls > 1u, "tls: it polled the transport until the deadline");
        /* TLS record: handshake (22), version 3.x; handshake type ClientHello (1). */
        check(hello.len > 9u && hello.bytes[0] == 22u && hello.bytes[1] == 3u &&
                  hello.bytes[5] == 1u,
              "tls: ClientHello record written to the lower transport");
        check(contains(hello.bytes, hello.len, "admin.wickr.us-east-1.amazonaws.com"),
              "tls: ClientHello carries the SNI");
        put_u32("tls: arena high-water bytes after ClientHello: ", arena_high_water());
        (void)wk_tls_close(&tls);
        (void)wk_tls_config_free(&tls_cfg);
    }
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
    check_sigv4();
    check_client();
    check_tls();
    mbedtls_memory_buffer_alloc_free();
    put_u32("failures: ", (uint32_t)failures);
    return failures == 0 ? 0 : 1;
}
