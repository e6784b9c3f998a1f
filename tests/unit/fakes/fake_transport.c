/* SPDX-License-Identifier: Apache-2.0 */
/* see fake_transport.h */
#include "fake_transport.h"

#include <string.h>

#include "wk_port.h"

static size_t response_len(const fake_server_t *s, size_t i)
{
    return s->response_len[i] != 0u ? s->response_len[i] : strlen(s->responses[i]);
}

/* The request target of the request that ends at the end of tx. */
static void record_target(fake_server_t *s)
{
    const char *start = s->tx;
    const char *sp;
    const char *end;
    size_t i;
    size_t n;
    for (i = 0u; i + 1u < s->requests_seen; i++) {
        start = strstr(start, "\r\n\r\n") + 4;
    }
    sp = strchr(start, ' ');
    end = sp != NULL ? strstr(sp + 1, " HTTP/1.1\r\n") : NULL;
    if (end == NULL) {
        return; /* no request line the client would send: nothing to record */
    }
    n = (size_t)(end - sp - 1);
    if (s->requests_seen <= FAKE_MAX_RESPONSES && n < sizeof(s->request_targets[0])) {
        memcpy(s->request_targets[s->requests_seen - 1u], sp + 1, n);
        s->request_targets[s->requests_seen - 1u][n] = '\0';
    }
}

static wk_status_t fake_send(void *ctx, const uint8_t *buf, size_t len, size_t *sent,
                             uint32_t timeout_ms)
{
    fake_server_t *s = ctx;
    size_t i;
    (void)timeout_ms;
    if (s->closed) {
        return WK_ERR_PEER_CLOSED;
    }
    if (len >= sizeof(s->tx) - s->tx_len) {
        return WK_ERR_IO; /* more than any test sends */
    }
    for (i = 0u; i < len; i++) {
        s->tx[s->tx_len++] = (char)buf[i];
        s->tx[s->tx_len] = '\0';
        if (s->tx_len >= 4u && memcmp(&s->tx[s->tx_len - 4u], "\r\n\r\n", 4u) == 0) {
            s->requests_seen++;
            record_target(s);
            s->awaiting_request = false;
        }
    }
    *sent = len;
    return WK_OK;
}

/* The response is out: wait for the next request. */
static void next_response(fake_server_t *s)
{
    s->current++;
    s->pos = 0u;
    s->awaiting_request = true;
}

static wk_status_t fake_recv(void *ctx, uint8_t *buf, size_t len, size_t *got,
                             uint32_t timeout_ms)
{
    fake_server_t *s = ctx;
    size_t n;
    (void)timeout_ms;
    if (s->closed) {
        return WK_ERR_PEER_CLOSED;
    }
    if (s->awaiting_request || s->current >= s->count) {
        return WK_WOULD_BLOCK;
    }
    if (s->drop_before[s->current] && s->pos == 0u) {
        s->drop_before[s->current] = false;
        s->closed = true;
        return WK_ERR_PEER_CLOSED;
    }
    if (s->pause_between && !s->paused) {
        s->paused = true;
        return WK_WOULD_BLOCK;
    }
    s->paused = false;
    n = response_len(s, s->current) - s->pos;
    if (n == 0u) { /* only a response the peer closes after ends here */
        s->closed = true;
        return WK_ERR_PEER_CLOSED;
    }
    if (s->pieces != NULL) {
        size_t want = s->pieces[s->next_piece++ % s->piece_count];
        n = n < want ? n : want;
    } else if (s->chunk != 0u && n > s->chunk) {
        n = s->chunk;
    }
    n = n < len ? n : len;
    memcpy(buf, s->responses[s->current] + s->pos, n);
    if (s->drip_ms[s->current] != 0u) {
        /* the network is that slow */
        wk_wait_t w = {WK_WAIT_NO_HANDLE, 0u, wk_port_now_ms() + s->drip_ms[s->current],
                       s->drip_ms[s->current]};
        (void)wk_port_wait(&w);
    }
    s->pos += n;
    if (s->pos == response_len(s, s->current) && !s->close_after[s->current]) {
        next_response(s);
    }
    *got = n;
    return WK_OK;
}

static wk_status_t fake_open(void *ctx, const wk_endpoint_t *ep, uint32_t timeout_ms,
                             wk_transport_t *out)
{
    fake_server_t *s = ctx;
    (void)ep;
    (void)timeout_ms;
    s->open_calls++;
    if (s->connect_fail_from != 0 && s->open_calls >= s->connect_fail_from) {
        return WK_ERR_CONNECT;
    }
    if (s->connect_status != WK_OK) {
        return s->connect_status;
    }
    s->closed = false;
    if (s->pos != 0u) {
        next_response(s); /* the rest of a half-sent response went with the old connection */
    }
    s->awaiting_request = true;
    s->tx_len = 0u;
    s->tx[0] = '\0';
    s->requests_seen = 0u;
    out->send = fake_send;
    out->recv = fake_recv;
    out->ctx = s;
    out->peer_verified = !s->unverified; /* as a TLS connector after a verified handshake */
    return WK_OK;
}

static wk_status_t fake_close(void *ctx, wk_transport_t *t)
{
    fake_server_t *s = ctx;
    (void)t;
    s->close_calls++;
    s->closed = true;
    return WK_OK;
}

void fake_server_init(fake_server_t *s)
{
    memset(s, 0, sizeof(*s));
    s->awaiting_request = true;
}

wk_connector_t fake_server_connector(fake_server_t *s)
{
    wk_connector_t c = {fake_open, fake_close, s};
    return c;
}

void fake_client_config(wk_client_config_t *cfg, fake_server_t *s)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->credentials.access_key_id = "AKIDEXAMPLE";
    cfg->credentials.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    cfg->endpoint.region = "us-east-1";
    cfg->connector = fake_server_connector(s);
}
