/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: the whole client (request, signing, HTTP, JSON, paging)
 * against a scripted transport that answers every request with the fuzz
 * input, handed out in pieces whose size the first byte picks. The clock is
 * the frozen fake one from tests/unit/fakes, so runs are reproducible. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fake_port.h"
#include "wk/wk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct feed {
    const uint8_t *rx;
    size_t len, pos, step;
    unsigned opens;
} feed_t;

static wk_status_t f_send(void *ctx, const uint8_t *buf, size_t len, size_t *sent, uint32_t t)
{
    (void)ctx;
    (void)buf;
    (void)t;
    *sent = len;
    return WK_OK;
}

static wk_status_t f_recv(void *ctx, uint8_t *buf, size_t len, size_t *got, uint32_t t)
{
    feed_t *f = ctx;
    size_t n;
    (void)t;
    if (f->pos >= f->len) {
        return WK_ERR_PEER_CLOSED;
    }
    n = f->len - f->pos;
    n = n < f->step ? n : f->step;
    n = n < len ? n : len;
    memcpy(buf, f->rx + f->pos, n);
    f->pos += n;
    *got = n;
    return WK_OK;
}

static wk_status_t f_open(void *ctx, const wk_endpoint_t *ep, uint32_t ms, wk_transport_t *out)
{
    feed_t *f = ctx;
    (void)ep;
    (void)ms;
    if (++f->opens > 3u) {
        return WK_ERR_CONNECT; /* bounded retries and pages */
    }
    f->pos = 0u; /* every connection gets the same response again */
    out->send = f_send;
    out->recv = f_recv;
    out->ctx = f;
    return WK_OK;
}

static wk_status_t f_close(void *ctx, wk_transport_t *t)
{
    (void)ctx;
    (void)t;
    return WK_OK;
}

static wk_status_t on_user(void *ctx, const wk_user_t *u)
{
    (void)ctx;
    return (u->username.ptr[u->username.len] == '\0') ? WK_OK : WK_ERR_STATE;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static wk_client_t client;
    static feed_t feed;
    wk_client_config_t cfg;
    wk_list_users_request_t req;
    wk_status_t st;
    const char *tok = NULL;
    size_t len = 0u;
    static char token[CONFIG_WK_NEXT_TOKEN_MAX];
    if (size < 1u) {
        return 0;
    }
    memset(&feed, 0, sizeof(feed));
    feed.rx = data + 1;
    feed.len = size - 1u;
    feed.step = (size_t)data[0] * 7u + 1u;
    memset(&cfg, 0, sizeof(cfg));
    cfg.credentials.access_key_id = "AKIDEXAMPLE";
    cfg.credentials.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    cfg.endpoint.region = "us-east-1";
    cfg.connector.open = f_open;
    cfg.connector.close = f_close;
    cfg.connector.ctx = &feed;
    cfg.read_timeout_ms = 10;
    cfg.call_timeout_ms = 1000;
    if (wk_client_init(&client, &cfg) != WK_OK) {
        abort();
    }
    memset(&req, 0, sizeof(req));
    req.network_id = "12345678";
    req.max_results = 100;
    st = wk_client_list_users(&client, &req, on_user, NULL);
    if (st == WK_OK && (data[0] & 1u) != 0u && wk_client_next_token(&client, &tok, &len) == WK_OK) {
        /* follow one nextToken by hand (wk_client_list_all_users's signature is in flux) */
        memcpy(token, tok, len < sizeof(token) - 1u ? len : sizeof(token) - 1u);
        token[len < sizeof(token) - 1u ? len : sizeof(token) - 1u] = '\0';
        req.next_token = token;
        st = wk_client_list_users(&client, &req, on_user, NULL);
    }
    if (st < 0 && wk_client_diag(&client)[0] == '\0') {
        abort(); /* every failure is explained */
    }
    wk_client_deinit(&client);
    return 0;
}
