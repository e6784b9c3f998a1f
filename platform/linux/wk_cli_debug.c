/* SPDX-License-Identifier: Apache-2.0 */
/* --debug: a connector decorator that logs request and response heads with
 * credentials redacted; see wk_cli.h. */
#include <stdio.h>
#include <string.h>

#include "wk_cli.h"

#define REDACTED "<redacted>"

/* ASCII case-insensitive: does the line start with header @p name and ':'? */
static bool is_header(const char *line, size_t len, const char *name)
{
    size_t n = strlen(name);
    size_t i;
    if (len <= n || line[n] != ':') {
        return false;
    }
    for (i = 0u; i < n; i++) {
        char c = line[i];
        if (c >= 'A' && c <= 'Z') {
            c = (char)(c - 'A' + 'a');
        }
        if (c != name[i]) {
            return false;
        }
    }
    return true;
}

/* Where @p key starts within v[0..len), or NULL. */
static const char *find(const char *v, size_t len, const char *key)
{
    size_t n = strlen(key);
    size_t i;
    for (i = 0u; i + n <= len; i++) {
        if (memcmp(v + i, key, n) == 0) {
            return v + i;
        }
    }
    return NULL;
}

/* A SigV4 Authorization value without its secrets: the scheme, the
 * credential scope and SignedHeaders stay; the key ID and Signature go.
 * Anything not in that form is redacted whole. */
static void log_authorization(FILE *out, const char *v, size_t len, bool *failed)
{
    static const char scheme[] = "AWS4-HMAC-SHA256 ";
    const char *end = v + len;
    const char *cred = find(v, len, "Credential=");
    const char *scope = cred != NULL ? memchr(cred, '/', (size_t)(end - cred)) : NULL;
    const char *scope_end = scope != NULL ? memchr(scope, ',', (size_t)(end - scope)) : NULL;
    const char *signed_h = find(v, len, "SignedHeaders=");
    const char *signed_end = signed_h != NULL ? memchr(signed_h, ',', (size_t)(end - signed_h))
                                              : NULL;
    if (len < sizeof(scheme) - 1u || memcmp(v, scheme, sizeof(scheme) - 1u) != 0 ||
        scope_end == NULL || signed_end == NULL || find(v, len, "Signature=") == NULL) {
        fputs(REDACTED, out);
        return;
    }
    fputs(scheme, out);
    fputs("Credential=" REDACTED, out);
    (void)wk_cli_write_safe(out, scope, (size_t)(scope_end - scope), false, failed);
    fputs(", ", out);
    (void)wk_cli_write_safe(out, signed_h, (size_t)(signed_end - signed_h), false, failed);
    fputs(", Signature=" REDACTED, out);
}

/* Log one complete head line (without its CRLF). */
static void log_line(FILE *out, char dir, const wk_cli_debug_head_t *h)
{
    static const char *const whole[] = {"x-amz-security-token", "proxy-authorization",
                                        "cookie", "set-cookie"};
    const char *colon = memchr(h->line, ':', h->len);
    bool failed = false;
    bool redact = false;
    size_t i;
    fprintf(out, WK_CLI_ERR_PREFIX "%c ", dir);
    for (i = 0u; i < sizeof(whole) / sizeof(whole[0]) && !h->first; i++) {
        redact = redact || is_header(h->line, h->len, whole[i]);
    }
    if (!h->first && (redact || is_header(h->line, h->len, "authorization"))) {
        size_t name = (size_t)(colon - h->line) + 1u;
        size_t start = name;
        while (start < h->len && h->line[start] == ' ') {
            start++;
        }
        (void)wk_cli_write_safe(out, h->line, name, false, &failed);
        fputc(' ', out);
        if (redact || h->dropped > 0u) {
            fputs(REDACTED, out); /* a cut Authorization value cannot be parsed safely */
        } else {
            log_authorization(out, h->line + start, h->len - start, &failed);
        }
    } else {
        (void)wk_cli_write_safe(out, h->line, h->len, false, &failed);
        if (h->dropped > 0u) {
            fprintf(out, " [%zu more bytes not shown]", h->dropped);
        }
    }
    fputc('\n', out);
}

/* Feed bytes that passed in one direction; log each head line once complete. */
static void head_feed(FILE *out, char dir, wk_cli_debug_head_t *h, const uint8_t *buf,
                      size_t len)
{
    size_t i;
    for (i = 0u; i < len && h->in_head; i++) {
        char c = (char)buf[i];
        if (c != '\n') {
            if (h->len < sizeof(h->line)) {
                h->line[h->len++] = c;
            } else {
                h->dropped++;
            }
            h->cr = c == '\r';
            continue;
        }
        if (h->cr && h->dropped > 0u) {
            h->dropped--; /* the line end, not part of the line */
        } else if (h->cr) {
            h->len--;
        }
        h->cr = false;
        if (h->len == 0u && h->dropped == 0u) {
            h->in_head = false; /* the blank line: the body follows, unlogged */
        } else {
            log_line(out, dir, h);
            h->first = false;
        }
        h->len = 0u;
        h->dropped = 0u;
    }
}

static void head_start(wk_cli_debug_head_t *h)
{
    h->len = 0u;
    h->dropped = 0u;
    h->cr = false;
    h->in_head = true;
    h->first = true;
}

static wk_status_t debug_send(void *ctx, const uint8_t *buf, size_t len, size_t *sent,
                              uint32_t timeout_ms)
{
    wk_cli_debug_t *d = ctx;
    wk_status_t status = d->transport.send(d->transport.ctx, buf, len, sent, timeout_ms);
    if (status == WK_OK) {
        head_start(&d->rx); /* the response to this request comes next */
        head_feed(d->out, '>', &d->tx, buf, *sent);
    }
    return status;
}

static wk_status_t debug_recv(void *ctx, uint8_t *buf, size_t len, size_t *got,
                              uint32_t timeout_ms)
{
    wk_cli_debug_t *d = ctx;
    wk_status_t status = d->transport.recv(d->transport.ctx, buf, len, got, timeout_ms);
    if (status == WK_OK) {
        head_start(&d->tx); /* the request is complete; what is sent next is a new one */
        head_feed(d->out, '<', &d->rx, buf, *got);
    }
    return status;
}

static wk_status_t debug_open(void *ctx, const wk_endpoint_t *ep, uint32_t timeout_ms,
                              wk_transport_t *out)
{
    wk_cli_debug_t *d = ctx;
    wk_status_t status;
    memset(&d->transport, 0, sizeof(d->transport)); /* as the client does: unverified unless said */
    status = d->inner.open(d->inner.ctx, ep, timeout_ms, &d->transport);
    fprintf(d->out, WK_CLI_ERR_PREFIX "* connect ");
    wk_cli_print_safe(d->out, ep->host);
    fprintf(d->out, " port %u%s: %s\n", (unsigned)ep->port, ep->tls ? " (TLS)" : "",
            status == WK_OK ? "connected" : wk_status_str(status));
    if (status == WK_OK) {
        head_start(&d->tx);
        head_start(&d->rx);
        d->rx.in_head = false; /* nothing is expected before a request */
        out->send = debug_send;
        out->recv = debug_recv;
        out->ctx = d;
        out->peer_verified = d->transport.peer_verified;
    }
    return status;
}

static wk_status_t debug_close(void *ctx, wk_transport_t *t)
{
    wk_cli_debug_t *d = ctx;
    (void)t;
    fprintf(d->out, WK_CLI_ERR_PREFIX "* close\n");
    return d->inner.close(d->inner.ctx, &d->transport);
}

void wk_cli_debug_wrap(wk_cli_debug_t *d, const wk_connector_t *inner, FILE *out,
                       wk_connector_t *wrapped)
{
    memset(d, 0, sizeof(*d));
    d->out = out;
    d->inner = *inner;
    wrapped->open = debug_open;
    wrapped->close = debug_close;
    wrapped->ctx = d;
}
