/* SPDX-License-Identifier: Apache-2.0 */
/* A port's self-test, run on its target; see wk_selftest.h. */
#include <stdbool.h>
#include <string.h>

#include "wk/wk.h"
#include "wk_selftest.h"

/* How far past its timeout a stream may come back: generous, so that a
 * loaded host does not fail a correct port, while a port that reads
 * milliseconds as seconds still does. */
#define SLACK_MS 5000u
#define QUIET_MS 100u
#define IO_TIMEOUT_MS 1000u
#define STREAM_BYTES 2048u
#define CHUNK 256u
/* Bounds every loop also by count, for a clock that stands still. */
#define MAX_CALLS 100000u
/* 2020-01-01T00:00:00Z: a UTC clock before it was never set. */
#define UTC_MIN_TRUSTED 1577836800

typedef struct run {
    const wk_selftest_target_t *t;
    uint32_t passed;
    uint32_t failed;
    uint32_t not_run;
    wk_status_t first;
} run_t;

/* ---- Report --------------------------------------------------------------------- */

static void say(const run_t *r, const char *text)
{
    r->t->print(r->t->print_ctx, text);
}

static void say_u32(const run_t *r, uint32_t v)
{
    char text[11];
    size_t n = sizeof(text) - 1u;
    text[n] = '\0';
    do {
        text[--n] = (char)('0' + (char)(v % 10u));
        v /= 10u;
    } while (v != 0u && n > 0u);
    say(r, &text[n]);
}

static void pass(run_t *r, const char *name)
{
    r->passed++;
    say(r, "ok   ");
    say(r, name);
    say(r, "\n");
}

/* @p status: the port's own failure, or the category of a wrong result. */
static void fail(run_t *r, const char *name, wk_status_t status, const char *why)
{
    r->failed++;
    if (r->first == WK_OK) {
        r->first = status;
    }
    say(r, "FAIL ");
    say(r, name);
    say(r, ": ");
    say(r, why != NULL ? why : "failed");
    /* The number too: a build without status names has one text for all. */
    say(r, " (");
    say(r, wk_status_str(status));
    say(r, status < 0 ? " -" : " ");
    say_u32(r, (uint32_t)(status < 0 ? -(int32_t)status : (int32_t)status));
    say(r, ")\n");
}

static bool expect(run_t *r, const char *name, bool ok, wk_status_t status, const char *why)
{
    if (ok) {
        pass(r, name);
    } else {
        fail(r, name, status, why);
    }
    return ok;
}

static void not_run(run_t *r, const char *name, const char *why)
{
    r->not_run++;
    say(r, "--   ");
    say(r, name);
    say(r, ": not run (");
    say(r, why);
    say(r, ")\n");
}

/* ---- Clocks and random bytes -------------------------------------------------------- */

static bool all_zero(const uint8_t *b, size_t n)
{
    size_t i;
    uint8_t any = 0u;
    for (i = 0u; i < n; i++) {
        any |= b[i];
    }
    return any == 0u;
}

static void check_monotonic(run_t *r)
{
    uint32_t start = wk_port_now_ms();
    uint32_t prev = start;
    uint32_t now = start;
    uint32_t calls;
    bool back = false;
    wk_status_t slept = WK_OK;
    wk_wait_t w = {WK_WAIT_NO_HANDLE, 0u, 0u, 1u};
    /* Waiting may return early; reading the clock often enough still shows it move. */
    for (calls = 0u; calls < 10u * MAX_CALLS && now - start < 10u && !back; calls++) {
        wk_status_t s;
        w.deadline_ms = now + 1u;
        s = wk_port_wait(&w);
        slept = s != WK_OK ? s : slept;
        now = wk_port_now_ms();
        back = now - prev >= 0x80000000u;
        prev = now;
    }
    expect(r, "clock: wk_port_now_ms() never goes back", !back, WK_ERR_CLOCK, "it went back");
    expect(r, "clock: wk_port_now_ms() advances", back || now - start >= 10u, WK_ERR_CLOCK,
           "less than 10 ms in a million readings");
    expect(r, "clock: wk_port_wait() returns WK_OK", slept == WK_OK, slept, "it failed");
}

static void check_utc(run_t *r)
{
    static const char name[] = "clock: wk_port_utc_now() gives a set clock";
    int64_t utc = 0;
    wk_status_t s = wk_port_utc_now(&utc);
    if (s != WK_OK) {
        fail(r, name, s, "not set: requests cannot be signed until it is");
    } else {
        expect(r, name, utc >= UTC_MIN_TRUSTED, WK_ERR_CLOCK,
               "before 2020: a clock never set must return WK_ERR_CLOCK instead");
    }
    expect(r, "clock: wk_port_utc_now(NULL) is WK_ERR_ARG", wk_port_utc_now(NULL) == WK_ERR_ARG,
           WK_ERR_CLOCK, "it is not");
}

static void check_random(run_t *r)
{
    static const char name[] = "random: two draws of 32 bytes differ, neither all zeros";
    uint8_t a[32];
    uint8_t b[32];
    wk_status_t s = wk_port_random(a, sizeof(a));
    if (s == WK_OK) {
        s = wk_port_random(b, sizeof(b));
    }
    if (s != WK_OK) {
        fail(r, name, s, "wk_port_random() failed");
    } else {
        expect(r, name, memcmp(a, b, sizeof(a)) != 0 && !all_zero(a, sizeof(a)), WK_ERR_CRYPTO,
               "they are equal or zero");
    }
    memset(a, 0xa5, sizeof(a)); /* whatever random gave, the wipe must clear it */
    wk_port_zeroize(a, sizeof(a));
    expect(r, "crypto: wk_port_zeroize() clears", all_zero(a, sizeof(a)), WK_ERR_CRYPTO,
           "bytes are left");
}

/* ---- Hashing ------------------------------------------------------------------------ */

static void hex(const uint8_t *in, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    size_t i;
    for (i = 0u; i < n; i++) {
        out[2u * i] = digits[in[i] >> 4];
        out[2u * i + 1u] = digits[in[i] & 15u];
    }
    out[2u * n] = '\0';
}

/* @p step bytes per update call (1: a byte at a time). */
static wk_status_t sha256(const char *msg, size_t step, char digest_hex[2u * WK_SHA256_LEN + 1u])
{
    wk_sha256_t h;
    uint8_t digest[WK_SHA256_LEN];
    size_t len = strlen(msg);
    size_t off = 0u;
    wk_status_t s = wk_port_sha256_start(&h);
    while (s == WK_OK && off < len) {
        size_t n = len - off < step ? len - off : step;
        s = wk_port_sha256_update(&h, (const uint8_t *)&msg[off], n);
        off += n;
    }
    if (s == WK_OK) {
        s = wk_port_sha256_finish(&h, digest);
    } else {
        (void)wk_port_sha256_finish(&h, digest); /* releases the state */
    }
    /* a failed port may leave the digest unwritten: show nothing of it */
    digest_hex[0] = '\0';
    if (s == WK_OK) {
        hex(digest, sizeof(digest), digest_hex);
    }
    return s;
}

static void check_sha256(run_t *r)
{
    /* FIPS 180-2, appendix B; the last fed one byte at a time. */
    static const struct {
        const char *name;
        const char *msg;
        size_t step;
        const char *want;
    } k[] = {
        {"sha256: \"\"", "", 64u,
         "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"sha256: \"abc\"", "abc", 64u,
         "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"sha256: two blocks, a byte at a time",
         "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1u,
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    };
    char got[2u * WK_SHA256_LEN + 1u];
    size_t i;
    for (i = 0u; i < sizeof(k) / sizeof(k[0]); i++) {
        wk_status_t s = sha256(k[i].msg, k[i].step, got);
        if (s != WK_OK) {
            fail(r, k[i].name, s, "the port failed");
        } else {
            expect(r, k[i].name, strcmp(got, k[i].want) == 0, WK_ERR_CRYPTO, "wrong digest");
        }
    }
}

static void check_hmac(run_t *r)
{
    /* RFC 4231 test cases 1, 2 and 6 (a key longer than the block). */
    static const struct {
        const char *name;
        uint8_t key_byte; /* 0: the key is "Jefe" */
        size_t key_len;
        const char *msg;
        const char *want;
    } k[] = {
        {"hmac-sha256: RFC 4231 case 1", 0x0bu, 20u, "Hi There",
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
        {"hmac-sha256: RFC 4231 case 2", 0u, 4u, "what do ya want for nothing?",
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
        {"hmac-sha256: RFC 4231 case 6 (131-byte key)", 0xaau, 131u,
         "Test Using Larger Than Block-Size Key - Hash Key First",
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
    };
    uint8_t key[131];
    uint8_t mac[WK_SHA256_LEN];
    char got[2u * WK_SHA256_LEN + 1u];
    size_t i;
    for (i = 0u; i < sizeof(k) / sizeof(k[0]); i++) {
        wk_status_t s;
        if (k[i].key_byte != 0u) {
            memset(key, k[i].key_byte, k[i].key_len);
        } else {
            memcpy(key, "Jefe", 4u);
        }
        s = wk_port_hmac_sha256(key, k[i].key_len, (const uint8_t *)k[i].msg, strlen(k[i].msg), mac);
        if (s != WK_OK) {
            fail(r, k[i].name, s, "the port failed");
        } else {
            hex(mac, sizeof(mac), got);
            expect(r, k[i].name, strcmp(got, k[i].want) == 0, WK_ERR_CRYPTO, "wrong MAC");
        }
    }
}

static void check_sigv4(run_t *r)
{
    /* aws-sig-v4-test-suite get-vanilla (header-signed-request.txt). */
    static const char name[] = "sigv4: get-vanilla, as AWS's test suite signs it";
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
    wk_status_t s;

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
    s = wk_sigv4_init(&signer, &cred, "us-east-1", "service");
    if (s == WK_OK) {
        s = wk_sigv4_sign(&signer, &in, &out, NULL);
    }
    if (s != WK_OK) {
        fail(r, name, s, "signing failed");
    } else {
        expect(r, name, strcmp(auth, want) == 0, WK_ERR_CRYPTO, "another Authorization");
    }
    (void)wk_sigv4_deinit(&signer);
}

/* ---- Transport ---------------------------------------------------------------------- */

static uint8_t pattern(uint32_t i)
{
    return (uint8_t)(i * 37u + (i >> 8) + 11u);
}

/* "Nothing yet" is retried while the slack lasts (and a clock that stands
 * still is bounded by the count). */
static bool retry(wk_status_t s, uint32_t start, uint32_t *calls)
{
    return s == WK_WOULD_BLOCK && wk_port_now_ms() - start < SLACK_MS && ++*calls < MAX_CALLS;
}

/* Sends (or receives and compares) STREAM_BYTES of the pattern through @p t,
 * in calls of at most CHUNK bytes, retrying "nothing yet". */
static wk_status_t move_pattern(const wk_transport_t *t, bool sending, const char **why)
{
    uint8_t buf[CHUNK];
    uint32_t off = 0u;
    uint32_t calls = 0u;
    uint32_t start = wk_port_now_ms();
    wk_status_t s = WK_OK;
    while (s == WK_OK && off < STREAM_BYTES) {
        size_t n = STREAM_BYTES - off < CHUNK ? STREAM_BYTES - off : CHUNK;
        size_t moved = 0u;
        size_t i;
        for (i = 0u; sending && i < n; i++) {
            buf[i] = pattern(off + (uint32_t)i);
        }
        s = sending ? t->send(t->ctx, buf, n, &moved, IO_TIMEOUT_MS)
                    : t->recv(t->ctx, buf, n, &moved, IO_TIMEOUT_MS);
        for (i = 0u; !sending && s == WK_OK && i < moved && i < n; i++) {
            if (buf[i] != pattern(off + (uint32_t)i)) {
                s = WK_ERR_IO;
                *why = "bytes changed or out of order";
            }
        }
        if (s == WK_OK && (moved == 0u || moved > n)) {
            s = WK_ERR_IO;
            *why = "WK_OK with no bytes, or more than offered or sent";
        } else if (s == WK_OK) {
            off += (uint32_t)moved;
        } else if (retry(s, start, &calls)) {
            s = WK_OK;
        } else if (s != WK_ERR_IO || *why == NULL) {
            *why = sending ? "send failed or never took the bytes"
                           : "receive failed or the bytes never came";
        }
    }
    return s;
}

/* After the peer's FIN: WK_ERR_PEER_CLOSED, after any "nothing yet". */
static wk_status_t recv_close(const wk_transport_t *t, const char **why)
{
    uint8_t buf[16];
    uint32_t calls = 0u;
    uint32_t start = wk_port_now_ms();
    size_t got = 0u;
    wk_status_t s;
    do {
        s = t->recv(t->ctx, buf, sizeof(buf), &got, IO_TIMEOUT_MS);
    } while (retry(s, start, &calls));
    if (s == WK_ERR_PEER_CLOSED) {
        s = WK_OK;
    } else {
        *why = s == WK_OK ? "bytes that were never sent"
                          : "not WK_ERR_PEER_CLOSED (WK_WOULD_BLOCK must not stand for a close)";
        s = s < 0 ? s : WK_ERR_IO;
    }
    return s;
}

/* A stream with nothing to read answers "nothing yet", within its timeout. */
static wk_status_t recv_quiet(const wk_transport_t *t, uint32_t timeout_ms, const char **why)
{
    uint8_t buf[16];
    size_t got = 0u;
    uint32_t start = wk_port_now_ms();
    wk_status_t s = t->recv(t->ctx, buf, sizeof(buf), &got, timeout_ms);
    uint32_t took = wk_port_now_ms() - start;
    if (s == WK_WOULD_BLOCK && took <= timeout_ms + SLACK_MS) {
        s = WK_OK;
    } else if (s == WK_WOULD_BLOCK) {
        s = WK_ERR_IO;
        *why = "it waited far longer than its timeout";
    } else {
        *why = "not WK_WOULD_BLOCK";
        s = s < 0 ? s : WK_ERR_IO;
    }
    return s;
}

/* A stream after close refuses both directions. */
static wk_status_t closed_refuses(const wk_transport_t *t, const char **why)
{
    uint8_t b = 0u;
    size_t n = 0u;
    wk_status_t s = WK_OK;
    if (t->recv(t->ctx, &b, 1u, &n, 0u) >= 0 || t->send(t->ctx, &b, 1u, &n, 0u) >= 0) {
        s = WK_ERR_IO;
        *why = "I/O on a closed stream did not fail";
    }
    return s;
}

typedef struct stream_pair {
    wk_transport_t dev; /* the port's stream, under test */
    wk_transport_t far; /* the peer's end */
} stream_pair_t;

/* One step, reported once @p s is known (computing it sets @p why). */
static bool step(run_t *r, const char *name, wk_status_t s, const char *why)
{
    return expect(r, name, s == WK_OK, s, why);
}

/* Bytes one way: sent by @p from, received and compared by @p to. */
static wk_status_t one_way(const wk_transport_t *from, const wk_transport_t *to, const char **why)
{
    wk_status_t s = move_pattern(from, true, why);
    return s == WK_OK ? move_pattern(to, false, why) : s;
}

/* The steps in order; each needs the ones before it. */
static bool transport_steps(run_t *r, stream_pair_t *p)
{
    const wk_selftest_target_t *t = r->t;
    const char *why = NULL;
    wk_status_t s = recv_quiet(&p->dev, 0u, &why);
    bool ok = step(r, "transport: quiet stream, timeout 0: WK_WOULD_BLOCK at once", s, why);
    if (ok) {
        s = recv_quiet(&p->dev, QUIET_MS, &why);
        ok = step(r, "transport: quiet stream, timeout 100 ms: WK_WOULD_BLOCK in time", s, why);
    }
    if (ok) {
        s = one_way(&p->dev, &p->far, &why);
        ok = step(r, "transport: 2048 bytes sent arrive whole and in order", s, why);
    }
    if (ok) {
        s = one_way(&p->far, &p->dev, &why);
        ok = step(r, "transport: 2048 bytes received whole and in order", s, why);
    }
    if (ok) {
        s = t->peer.close(t->peer.ctx);
        s = s == WK_OK ? recv_close(&p->dev, &why) : s;
        ok = step(r, "transport: the peer's orderly close is WK_ERR_PEER_CLOSED", s, why);
    }
    return ok;
}

static void check_transport(run_t *r)
{
    const wk_selftest_target_t *t = r->t;
    stream_pair_t p;
    wk_status_t s;
    const char *why = "";
    if (t->opener.connect == NULL || t->opener.close == NULL || t->peer.accept == NULL ||
        t->peer.close == NULL || t->host == NULL) {
        not_run(r, "transport", "no opener and peer given");
        return;
    }
    memset(&p, 0, sizeof(p));
    s = t->opener.connect(t->opener.ctx, t->host, t->port, SLACK_MS, &p.dev, NULL);
    if (s != WK_OK) {
        fail(r, "transport: connect to the peer", s, "the opener failed");
        return;
    }
    s = t->peer.accept(t->peer.ctx, SLACK_MS, &p.far);
    if (s != WK_OK) {
        fail(r, "transport: the peer accepts", s, "no connection arrived");
    } else if (!transport_steps(r, &p)) {
        not_run(r, "transport: the checks after a failed one", "they need it");
        (void)t->peer.close(t->peer.ctx);
    } else {
        /* the peer closed in the last step */
    }
    (void)t->opener.close(t->opener.ctx);
    s = closed_refuses(&p.dev, &why);
    step(r, "transport: a closed stream refuses I/O", s, why);
}

/* ---- One canned page ------------------------------------------------------------------ */

#define PAGE_BODY                                                                               \
    "{\"users\":[{\"userId\":\"u-1\",\"username\":\"alice@example.com\",\"firstName\":\"Alice\"," \
    "\"status\":2,\"securityGroups\":[\"sg-a\",\"sg-b\"]},"                                      \
    "{\"userId\":\"u-2\",\"username\":\"bob@example.com\",\"status\":1,\"isAdmin\":true}],"       \
    "\"nextToken\":\"page-2\"}"

/* The in-memory server: the response to give, the request written to it. */
typedef struct canned {
    char rx[512];
    size_t rx_len;
    size_t rx_pos;
    char tx[CONFIG_WK_REQUEST_BUF_SIZE + 512]; /* the provider's request, then the page's */
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

static void canned_put(canned_t *c, const char *text)
{
    size_t n = strlen(text);
    memcpy(&c->rx[c->rx_len], text, n);
    c->rx_len += n;
}

/* The AWS IoT credentials provider the canned server also plays. */
#define IOT_HOST "c2example.credentials.iot.us-east-1.amazonaws.com"
#define IOT_BODY                                                                                \
    "{\"credentials\":{\"accessKeyId\":\"ASIAIOTEXAMPLE\",\"secretAccessKey\":"                   \
    "\"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\",\"sessionToken\":\"IQoJb3JpZ2luX2VjEXAMPLE\","     \
    "\"expiration\":\"2099-01-01T00:00:00Z\"}}"

static wk_status_t canned_stream(canned_t *c, wk_transport_t *out)
{
    c->open = true;
    out->send = canned_send;
    out->recv = canned_recv;
    out->ctx = c;
    return WK_OK;
}

static wk_status_t canned_open(void *ctx, const wk_endpoint_t *ep, uint32_t timeout_ms,
                               wk_transport_t *out)
{
    static const char body[] = PAGE_BODY;
    char digits[4];
    size_t body_len = sizeof(body) - 1u; /* fits rx, with the head, by construction */
    canned_t *c = ctx;
    (void)timeout_ms;
    if (strcmp(ep->host, IOT_HOST) == 0 && ep->tls) {
        c->rx_len = 0u;
        c->rx_pos = 0u;
        canned_put(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                      "Connection: close\r\n\r\n" IOT_BODY);
        return canned_stream(c, out);
    }
    if (strcmp(ep->host, "admin.wickr.us-east-1.amazonaws.com") != 0 || !ep->tls) {
        return WK_ERR_CONNECT;
    }
    digits[0] = (char)('0' + (char)(body_len / 100u));
    digits[1] = (char)('0' + (char)(body_len / 10u % 10u));
    digits[2] = (char)('0' + (char)(body_len % 10u));
    digits[3] = '\0';
    c->rx_len = 0u;
    c->rx_pos = 0u;
    canned_put(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                  "x-amzn-RequestId: 0f7a9c1e-canned\r\nContent-Length: ");
    canned_put(c, digits);
    canned_put(c, "\r\n\r\n");
    canned_put(c, body);
    return canned_stream(c, out);
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

/* "Credential=<key_id>/<8 digits>/us-east-1/wickr/aws4_request, " in the request. */
static bool signed_for_wickr(const char *request, const char *key_id)
{
    static const char head[] = "\r\nAuthorization: AWS4-HMAC-SHA256 Credential=";
    static const char scope[] = "/us-east-1/wickr/aws4_request, ";
    const char *p = strstr(request, head);
    size_t i;
    bool ok = p != NULL;
    if (ok) {
        p += sizeof(head) - 1u;
        ok = strncmp(p, key_id, strlen(key_id)) == 0 && p[strlen(key_id)] == '/';
        p += strlen(key_id) + 1u;
    }
    if (ok) {
        for (i = 0u; i < 8u && ok; i++) {
            ok = p[i] >= '0' && p[i] <= '9';
        }
        ok = ok && strncmp(&p[8], scope, sizeof(scope) - 1u) == 0;
    }
    return ok;
}

/* Lists two users of the canned page with @p client over the canned
 * connection, asking @p provider first when one is given; what the client
 * sent is then the NUL-terminated canned.tx. */
static wk_status_t list_canned_page(wk_client_t *client, const wk_sigv4_credentials_t *keys,
                                    const wk_cred_provider_t *provider, wk_credentials_t *creds,
                                    wk_cred_fetch_t *fetch, seen_t *seen)
{
    wk_client_config_t cfg;
    wk_list_users_request_t req;
    wk_status_t s;
    memset(&cfg, 0, sizeof(cfg));
    memset(&req, 0, sizeof(req));
    memset(&canned, 0, sizeof(canned));
    if (keys != NULL) {
        cfg.credentials = *keys;
    }
    cfg.endpoint.region = "us-east-1";
    cfg.connector.open = canned_open;
    cfg.connector.close = canned_close;
    cfg.connector.ctx = &canned;
    cfg.max_attempts = 1u;
    req.network_id = "12345678";
    req.max_results = 2;
    s = wk_client_init(client, &cfg);
    if (s == WK_OK && provider != NULL) {
        s = wk_client_use_provider(client, provider, creds, fetch);
    }
    if (s == WK_OK) {
        s = wk_client_list_users(client, &req, on_user, seen);
    }
    canned.tx[canned.tx_len < sizeof(canned.tx) ? canned.tx_len : sizeof(canned.tx) - 1u] = '\0';
    return s;
}

static void check_page(run_t *r)
{
    static const char name[] = "page: the client lists a canned page through this port";
    static const wk_sigv4_credentials_t keys = {"AKIDEXAMPLE",
                                                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", NULL};
    wk_client_t *client = r->t->client;
    seen_t seen = {0u, false, false};
    const char *token = NULL;
    size_t token_len = 0u;
    wk_status_t s;

    if (client == NULL) {
        not_run(r, "page", "no client given");
        return;
    }
    s = list_canned_page(client, &keys, NULL, NULL, NULL, &seen);
    if (s != WK_OK) {
        fail(r, name, s, wk_client_diag(client));
    } else {
        expect(r, name,
               seen.users == 2u && seen.alice && seen.bob &&
                   wk_client_next_token(client, &token, &token_len) == WK_OK && token_len == 6u &&
                   memcmp(token, "page-2", 6u) == 0 &&
                   strncmp(canned.tx, "GET /networks/12345678/users?maxResults=2 HTTP/1.1\r\n",
                           52u) == 0 &&
                   signed_for_wickr(canned.tx, "AKIDEXAMPLE"),
               WK_ERR_HTTP_UNEXPECTED, "other users, token or request than sent");
    }
    (void)wk_client_deinit(client);
    expect(r, "page: the client closed its connection", !canned.open, WK_ERR_IO, "still open");
}

/* ---- The client with the AWS IoT credentials provider over the canned transport -------- */

static wk_status_t start_iot(void *ctx, wk_cred_exchange_t *x, wk_credentials_t *out, wk_diag_t *diag)
{
    static const wk_iot_cred_params_t params = {"https://" IOT_HOST, "wickr-reader", "gateway-17"};
    (void)ctx;
    return wk_cred_exchange_iot(x, &params, out, diag);
}

/* The client asks the provider before it signs, then lists the page with its keys. */
static void check_credentials(run_t *r)
{
    static const char name[] = "credentials: the client lists with keys from the AWS IoT provider";
    static const char want[] = "GET /role-aliases/wickr-reader/credentials HTTP/1.1\r\n"
                               "Host: " IOT_HOST "\r\n";
    static wk_cred_provider_t provider;
    wk_client_t *client = r->t->client;
    wk_cred_fetch_t *fetch = r->t->fetch;
    wk_credentials_t *creds = r->t->credentials;
    seen_t seen = {0u, false, false};
    wk_status_t s;

    if (client == NULL || fetch == NULL || creds == NULL) {
        not_run(r, "credentials", "no client or credentials storage given");
        return;
    }
    (void)wk_credentials_wipe(creds);
    provider.start = start_iot;
    provider.connector.open = canned_open;
    provider.connector.close = canned_close;
    provider.connector.ctx = &canned;
    /* no keys: the provider gives them */
    s = list_canned_page(client, NULL, &provider, creds, fetch, &seen);
    if (s != WK_OK) {
        fail(r, name, s, wk_client_diag(client));
    } else {
        expect(r, name,
               strncmp(canned.tx, want, sizeof(want) - 1u) == 0 &&
                   strstr(canned.tx, "\r\nx-amzn-iot-thingname: gateway-17\r\n") != NULL &&
                   wk_client_stats(client)->credential_fetches == 1u &&
                   creds->expiration == 4070908800 && seen.users == 2u &&
                   strstr(canned.tx, "\r\nX-Amz-Security-Token: IQoJb3JpZ2luX2VjEXAMPLE\r\n") != NULL &&
                   strstr(canned.tx, "\r\n\r\n") != NULL &&
                   signed_for_wickr(strstr(canned.tx, "\r\n\r\n"), "ASIAIOTEXAMPLE"),
               WK_ERR_HTTP_UNEXPECTED, "other requests or keys than the provider gave");
    }
    (void)wk_client_deinit(client);
    (void)wk_credentials_wipe(creds);
}

/* ---- Entry -------------------------------------------------------------------------- */

/* see wk_selftest.h */
wk_status_t wk_selftest_run(const wk_selftest_target_t *target)
{
    run_t r;
    if (target == NULL || target->print == NULL) {
        return WK_ERR_ARG;
    }
    memset(&r, 0, sizeof(r));
    r.t = target;
    r.first = WK_OK;
    say(&r, "wickr-lite port self-test\n");
    check_monotonic(&r);
    check_utc(&r);
    check_random(&r);
    check_sha256(&r);
    check_hmac(&r);
    check_sigv4(&r);
    check_transport(&r);
    check_page(&r);
    check_credentials(&r);
    say(&r, "self-test: ");
    say_u32(&r, r.passed);
    say(&r, " passed, ");
    say_u32(&r, r.failed);
    say(&r, " failed, ");
    say_u32(&r, r.not_run);
    say(&r, " not run\n");
    return r.first;
}
