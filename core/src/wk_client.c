/* SPDX-License-Identifier: Apache-2.0 */
/* see wk_client.h */
#include <string.h>

#include "wk_internal.h"

#define WK_USER_AGENT "wickr-lite/" WK_VERSION_STRING CONFIG_WK_USER_AGENT_SUFFIX

enum { PHASE_IDLE = 0, PHASE_SUCCESS_BODY, PHASE_ERROR_BODY };

static wk_status_t fail(wk_client_t *c, wk_status_t status, const char *what)
{
    wk_diag_clear(&c->diag);
    wk_diag_str(&c->diag, what);
    return status;
}

/* A failure the text left unexplained (always, without CONFIG_WK_DIAG_TEXT)
 * is at least named, or numbered when the names are not built. The longest
 * name fits CONFIG_WK_DIAG_MAX's smallest value (64). */
static wk_status_t named(wk_client_t *c, wk_status_t status)
{
    if (status < 0 && c->diag.len == 0u) {
        wk_text_t t = {c->diag.text, sizeof(c->diag.text), 0u};
#if CONFIG_WK_STATUS_NAMES
        wk_text_str(&t, wk_status_str(status));
#else
        wk_text_str(&t, "status -");
        wk_text_u32(&t, (uint32_t)-(int32_t)status);
#endif
        c->diag.len = wk_text_close(&t) ? t.len : 0u;
    }
    return status;
}

/* Also abandons a connection still being opened. */
static void close_connection(wk_client_t *c)
{
    if (c->connected || c->opening) {
        (void)c->cfg.connector.close(c->cfg.connector.ctx, &c->conn);
        c->connected = false;
        c->opening = false;
    }
    c->reusable = false;
}

/* The application's wk_client_t may be smaller than ours: only the front
 * (the diagnostic and the flag), which lies at the same place in every build,
 * is written, and only when the application's object holds it. */
static wk_status_t build_mismatch(wk_client_t *c, size_t client_size, uint32_t fingerprint)
{
    if (client_size >= offsetof(wk_client_t, cfg)) {
        c->build_mismatch = true;
        wk_diag_clear(&c->diag);
        wk_diag_fmt(&c->diag,
                    "not the library's wk_config.h: wk_client_t %llu vs %llu bytes, fingerprint %llu vs %llu",
                    (unsigned long long)client_size, (unsigned long long)sizeof(wk_client_t),
                    (unsigned long long)fingerprint, (unsigned long long)WK_CONFIG_FINGERPRINT);
        (void)named(c, WK_ERR_BUILD_MISMATCH);
    }
    return WK_ERR_BUILD_MISMATCH;
}

wk_status_t wk_client_init_checked(wk_client_t *c, const wk_client_config_t *cfg,
                                   size_t client_size, uint32_t config_fingerprint)
{
    wk_status_t status;
    const char *region;

    if (c == NULL) {
        return WK_ERR_ARG;
    }
    if (client_size != sizeof(wk_client_t) || config_fingerprint != WK_CONFIG_FINGERPRINT) {
        return build_mismatch(c, client_size, config_fingerprint);
    }
    if (cfg == NULL || cfg->connector.open == NULL || cfg->connector.close == NULL) {
        return WK_ERR_ARG;
    }
    memset(c, 0, sizeof(*c));
    c->cfg = *cfg;
    if (c->cfg.connect_timeout_ms == 0u) {
        c->cfg.connect_timeout_ms = CONFIG_WK_CONNECT_TIMEOUT_MS;
    }
    if (c->cfg.read_timeout_ms == 0u) {
        c->cfg.read_timeout_ms = CONFIG_WK_READ_TIMEOUT_MS;
    }
    if (c->cfg.call_timeout_ms == 0u) {
        c->cfg.call_timeout_ms = CONFIG_WK_CALL_TIMEOUT_MS;
    }
    if (c->cfg.max_attempts == 0u) {
        c->cfg.max_attempts = CONFIG_WK_MAX_ATTEMPTS;
    }
    if (c->cfg.max_attempts > 10u) {
        return named(c, fail(c, WK_ERR_ARG, "max_attempts: 1..10"));
    }
    (void)wk_retry_quota_init(&c->quota);
    status = wk_endpoint_resolve(&c->cfg.endpoint, &c->endpoint, &c->diag);
    region = c->cfg.endpoint.region;
    if (status == WK_OK && (region == NULL || region[0] == '\0')) {
        /* A custom endpoint needs no region to resolve, but SigV4 does. */
        status = fail(c, WK_ERR_REGION, "no region to sign with");
    }
    if (status == WK_OK && c->cfg.credentials.access_key_id == NULL &&
        c->cfg.credentials.secret_access_key == NULL) {
        /* none yet: a provider gives them (wk_client_use_provider()) */
    } else if (status == WK_OK) {
        status = wk_sigv4_init(&c->signer, &c->cfg.credentials, region, WK_SIGNING_SERVICE);
        if (status == WK_ERR_CREDENTIALS) {
            (void)fail(c, status, "credentials refused: access key id, secret key or session token");
        } else if (status != WK_OK) {
            (void)fail(c, status, "signer init failed");
        } else {
            /* ready */
        }
    }
    return named(c, status);
}

/* ---- Building the request ----------------------------------------------------- */

/* Appends "Name: " and hands out the space after it; the caller commits the
 * value and appends the CRLF. Values are written in place, not copied from
 * the stack. */
static wk_status_t header_space(wk_http_writer_t *w, const char *name_colon, size_t n, char **dst,
                                size_t *avail)
{
    (void)wk_http_writer_append(w, name_colon, n);
    return wk_http_writer_space(w, dst, avail);
}

/* The headers every request carries as they are, the date's place last. */
static const char k_fixed_headers[] = "Accept: application/json\r\n"
                                      "Connection: keep-alive\r\n"
                                      "X-Amz-Date: YYYYMMDDTHHMMSSZ\r\n";

/* Writes the whole signed request into c->request, signing straight into it. */
static wk_status_t build_request(wk_client_t *c, const wk_list_users_request_t *req, size_t *len)
{
    wk_http_writer_t w;
    wk_status_t status;
    char *target = NULL;
    char *dst = NULL;
    size_t avail = 0u;
    size_t path_len = 0u;
    size_t target_len = 0u;
    size_t host_len = 0u;
    size_t date_at = 0u;
    bool target_fits = false;
    int64_t now = 0;
    wk_header_t host_hdr;
    wk_sigv4_input_t in;
    wk_sigv4_output_t out;
    const char *token = c->cfg.credentials.session_token;

    status = wk_http_writer_begin(&w, c->request, sizeof(c->request), "GET");
    if (status == WK_OK) {
        status = wk_http_writer_space(&w, &target, &avail);
    }
    if (status == WK_OK) {
        status = wk_list_users_request_target(req, c->endpoint.base_path, target, avail, &path_len,
                                              &target_len, &c->diag);
        if (status == WK_ERR_NO_SPACE) {
            wk_diag_clear(&c->diag);
            wk_diag_fmt(&c->diag, "request target does not fit %llu bytes (CONFIG_WK_REQUEST_BUF_SIZE)",
                        (unsigned long long)CONFIG_WK_REQUEST_BUF_SIZE);
        }
    }
    if (status == WK_OK) {
        target_fits = true;
        (void)wk_http_writer_commit(&w, target_len);
        (void)wk_http_writer_end_request_line(&w);
        /* Brackets for IPv6 and the port when it is not the scheme's default. */
        status = header_space(&w, "Host: ", 6u, &dst, &avail);
    }
    if (status == WK_OK) {
        status = wk_endpoint_authority(&c->endpoint, dst, avail, &host_len);
        /* Signed exactly as written. */
        host_hdr.name = "host";
        host_hdr.name_len = 4u;
        host_hdr.value = dst;
        host_hdr.value_len = host_len;
    }
    if (status == WK_OK) {
        (void)wk_http_writer_commit(&w, host_len);
        (void)wk_http_writer_append(&w, "\r\n", 2u);
        /* Checked as a header value: the suffix comes from the build's configuration. */
        (void)wk_http_writer_header(&w, "User-Agent", WK_USER_AGENT, sizeof(WK_USER_AGENT) - 1u);
        /* The date is known once signed: its place is kept here. */
        (void)wk_http_writer_append(&w, k_fixed_headers, sizeof(k_fixed_headers) - 1u);
        date_at = w.len - 2u - (WK_SIGV4_AMZ_DATE_SIZE - 1u);
        if (token != NULL && token[0] != '\0') {
            (void)wk_http_writer_header(&w, "X-Amz-Security-Token", token, wk_strlen(token));
        }
        status = header_space(&w, "Authorization: ", 15u, &dst, &avail);
    }
    if (status == WK_OK) {
        status = wk_port_utc_now(&now);
        if (status != WK_OK) {
            (void)fail(c, status, "no UTC clock to sign with");
        }
        now += c->clock_offset_s;
    }
    if (status == WK_OK) {
        memset(&in, 0, sizeof(in));
        in.method = "GET";
        in.path = target;
        in.path_len = path_len;
        if (target_len > path_len) {
            in.query = target + path_len + 1u;
            in.query_len = target_len - path_len - 1u;
        }
        in.headers = &host_hdr;
        in.header_count = 1u;
        in.unix_time = now;
        memset(&out, 0, sizeof(out));
        out.authorization = dst;
        out.authorization_cap = avail;
        status = wk_sigv4_sign(&c->signer, &in, &out, &c->diag);
    }
    if (status == WK_OK) {
        memcpy(&c->request[date_at], out.amz_date, WK_SIGV4_AMZ_DATE_SIZE - 1u);
        (void)wk_http_writer_commit(&w, out.authorization_len);
        (void)wk_http_writer_append(&w, "\r\n", 2u);
        status = wk_http_writer_finish(&w, len);
    }
    if (status == WK_ERR_NO_SPACE && target_fits) {
        status = fail(c, status, "signed request does not fit CONFIG_WK_REQUEST_BUF_SIZE");
    }
    return status;
}

/* ---- Response callbacks ------------------------------------------------------- */

/* Users an earlier attempt (or run) already delivered from this page are
 * skipped, once the digest shows they are the same users in the same order. */
static wk_status_t count_user(void *ctx, const wk_user_t *user)
{
    wk_client_t *c = ctx;
    wk_status_t status = WK_OK;
    uint64_t digest = wk_cursor_digest_user(c->page_digest, user);

    if (c->page_seen >= c->cursor.index) {
        status = c->on_user(c->on_user_ctx, user);
        if (status == WK_OK) {
            c->stats.users++;
            c->cursor.index++;
            c->cursor.digest = digest;
            c->cursor.has_digest = true;
        } else {
            c->stopped = true;
        }
    } else if (c->page_seen + 1u == c->cursor.index) {
        /* the last skipped one; a cursor without a digest takes this one */
        if (c->cursor.has_digest && digest != c->cursor.digest) {
            status = WK_ERR_PAGE_CHANGED; /* the cursor stays as it was */
        } else {
            c->cursor.digest = digest;
            c->cursor.has_digest = true;
        }
    } else {
        /* skipped */
    }
    if (status == WK_OK) {
        c->page_digest = digest;
        c->page_seen++;
    }
    return status;
}

static wk_status_t on_header(void *ctx, const char *name, size_t name_len, const char *value,
                             size_t value_len)
{
    wk_client_t *c = ctx;
    /* A malformed Date or Retry-After is ignored: the retry falls back to its
     * own backoff, and a skew error without a usable Date is not retried. */
    if (wk_ieq(name, name_len, "Date")) {
        c->has_date = wk_http_date_parse(value, value_len, &c->date) == WK_OK;
    } else if (wk_ieq(name, name_len, "Retry-After") && value_len <= sizeof(c->retry_after)) {
        /* kept until the head is complete: a date needs the Date header */
        memcpy(c->retry_after, value, value_len);
        c->retry_after_len = (uint8_t)value_len;
        c->has_retry_after = true;
    } else {
        /* others are the service-error collector's */
    }
    return wk_service_error_header(&c->body.err.error, name, name_len, value, value_len);
}

/* Retry-After: a date is relative to the response's Date, else to our
 * (corrected) clock. Unparsable (a date too, without
 * CONFIG_WK_RETRY_AFTER_DATE): ignored, the backoff applies. */
static void resolve_retry_after(wk_client_t *c)
{
    int64_t now = c->date;
    wk_status_t status = WK_OK;
    if (CONFIG_WK_RETRY_AFTER_DATE && !c->has_date) {
        status = wk_port_utc_now(&now);
        now += c->clock_offset_s;
    }
    c->has_retry_after = status == WK_OK && wk_retry_after_parse(c->retry_after, c->retry_after_len,
                                                                 now, &c->retry_after_ms) == WK_OK;
}

static wk_status_t on_head_done(void *ctx, uint16_t http_status)
{
    wk_client_t *c = ctx;
    wk_status_t status = WK_OK;
    c->http_status = http_status;
    if (c->has_retry_after) {
        resolve_retry_after(c);
    }
    if (http_status >= 200u && http_status < 300u) {
        c->phase = PHASE_SUCCESS_BODY;
        c->page_seen = 0u;
        c->page_digest = WK_CURSOR_DIGEST_EMPTY;
        status = wk_users_parser_init(&c->body.users, count_user, c);
    } else if (http_status < 400u) {
        /* a redirect or another code no modeled error uses: nothing to follow */
        status = fail(c, WK_ERR_HTTP_UNEXPECTED, NULL);
        wk_diag_fmt(&c->diag, "unexpected HTTP %llu",
                    (unsigned long long)http_status);
    } else {
        c->phase = PHASE_ERROR_BODY;
        c->body.err.error.http_status = http_status;
        c->body.err.len = 0u;
        c->body.err.overflow = false;
    }
    return status;
}

static wk_status_t on_body(void *ctx, const uint8_t *data, size_t len)
{
    wk_client_t *c = ctx;
    wk_status_t status = WK_OK;
    size_t room;

    if (c->phase == PHASE_SUCCESS_BODY) {
        status = wk_users_parser_feed(&c->body.users, data, len, &c->diag);
        if (status == WK_PARTIAL) {
            status = WK_OK;
        } else if (status == WK_ERR_PAGE_CHANGED && !c->stopped) {
            /* count_user's own refusal: the parser called it a callback stop */
            (void)fail(c, status, NULL);
            wk_diag_fmt(&c->diag, "page changed under the retry at users[%llu]",
                        (unsigned long long)c->cursor.index);
        } else {
            /* the parser's diagnostic stands */
        }
    } else {
        room = sizeof(c->body.err.body) - c->body.err.len;
        if (len > room) {
            c->body.err.overflow = true;
            len = room;
        }
        memcpy(c->body.err.body + c->body.err.len, data, len);
        c->body.err.len += len;
    }
    return status;
}

static const wk_http_callbacks_t k_http_callbacks = {on_header, on_head_done, on_body};

/* ---- One exchange --------------------------------------------------------------- */

static uint32_t remaining_ms(const wk_client_t *c, uint32_t now)
{
    uint32_t elapsed = now - c->deadline_start_ms;
    return (elapsed >= c->cfg.call_timeout_ms) ? 0u : c->cfg.call_timeout_ms - elapsed;
}

/* A kept-alive connection must be silent before a request goes out: bytes
 * waiting there belong to no request (the stream is out of step) and an end of
 * stream means the server dropped it while idle. Either way, start afresh. */
static void drop_if_not_quiet(wk_client_t *c)
{
    size_t got = 0u;
    if (c->connected &&
        c->conn.recv(c->conn.ctx, c->io, sizeof(c->io), &got, 0u) != WK_WOULD_BLOCK) {
        close_connection(c);
    }
}

/* Feeds one received chunk to the HTTP parser. Returns WK_PARTIAL while the
 * response is incomplete, WK_OK when it is complete. */
static wk_status_t feed_response(wk_client_t *c, const uint8_t *data, size_t got)
{
    size_t consumed = 0u;
    wk_status_t status = wk_http_parser_feed(&c->http, data, got, &consumed, &c->diag);
    if (status == WK_OK && consumed < got) {
        /* A response we did not ask for follows: the stream is out of step. */
        status = WK_ERR_HTTP_EXTRA_BYTES;
        wk_diag_clear(&c->diag);
        wk_diag_fmt(&c->diag, "%llu unexpected bytes after the response",
                    (unsigned long long)(got - consumed));
    }
    return status;
}

/* The page is complete: the cursor moves to the next page, or, after the
 * last one, stays on it with every user counted, so that resuming from it
 * delivers nothing twice. */
static wk_status_t finish_success(wk_client_t *c)
{
    wk_status_t status = wk_users_parser_finish(&c->body.users, &c->diag);
    const char *token = NULL;
    size_t token_len = 0u;

    if (status == WK_OK && c->page_seen < c->cursor.index) {
        /* skipping the delivered users would drop some: the page changed */
        status = fail(c, WK_ERR_PAGE_CHANGED, NULL);
        wk_diag_fmt(&c->diag, "page changed under the retry: %llu users, %llu already delivered",
                    (unsigned long long)c->page_seen, (unsigned long long)c->cursor.index);
    }
    if (status == WK_OK) {
        c->stats.pages++;
        c->has_next_token = wk_users_parser_next_token(&c->body.users, &token, &token_len) == WK_OK;
        c->token_repeated = c->has_next_token && token_len == c->cursor.token_len &&
                            memcmp(token, c->cursor.token, token_len) == 0;
        if (!c->has_next_token || c->token_repeated) {
            c->cursor.index = c->page_seen;
            c->done = !c->has_next_token;
        } else if (token_len >= sizeof(c->cursor.token)) {
            c->has_next_token = false;
            status = fail(c, WK_ERR_JSON_FIELD_TOO_LONG, "nextToken does not fit CONFIG_WK_NEXT_TOKEN_MAX");
        } else {
            memcpy(c->cursor.token, token, token_len);
            c->cursor.token[token_len] = '\0';
            c->cursor.token_len = token_len;
            c->cursor.index = 0u;
            c->cursor.digest = WK_CURSOR_DIGEST_EMPTY;
            c->cursor.has_digest = true;
        }
    }
    return status;
}

static wk_status_t finish_error(wk_client_t *c)
{
    wk_status_t status;
    wk_service_error_t *e = &c->body.err.error;

    /* A cut body would not parse; keep the type and status from the headers. */
    status = wk_service_error_finish(e, c->body.err.overflow ? NULL : c->body.err.body,
                                     c->body.err.overflow ? 0u : c->body.err.len);
    wk_diag_clear(&c->diag);
    wk_diag_fmt(&c->diag, "service error %s (HTTP %llu)%s%s%s", e->type[0] != '\0' ? e->type : "(no type)",
                (unsigned long long)e->http_status, e->message[0] != '\0' ? ": " : "", e->message,
                c->body.err.overflow ? " (body over CONFIG_WK_ERROR_BODY_MAX, not parsed)" : "");
    return status;
}

static bool is_transport_failure(wk_status_t s)
{
    return s == WK_ERR_PEER_CLOSED || s == WK_ERR_IO || s == WK_ERR_TLS;
}

static bool is_service_status(wk_status_t s)
{
    return s <= WK_ERR_SERVICE && s >= WK_ERR_MISSING_AUTH_TOKEN;
}

/* Takes the offset from the rejection's Date (see
 * WK_CLIENT_MAX_CLOCK_CORRECTION_S). When it does not, the diagnostic says
 * why and the status is WK_ERR_CLOCK_SKEW. c->conn is the transport the
 * rejection came over: closing it leaves the struct as it was. */
static wk_status_t correct_clock(wk_client_t *c)
{
    int64_t local = 0;
    int64_t offset = 0;
    uint64_t off_by = 0u;
    const char *why = NULL;

    if (!c->has_date || wk_port_utc_now(&local) != WK_OK) {
        why = "no usable Date";
    } else if (!c->conn.peer_verified) {
        why = "Date from an unverified TLS peer";
    } else {
        offset = c->date - local;
        off_by = offset < 0 ? (uint64_t)0 - (uint64_t)offset : (uint64_t)offset;
        if (off_by > WK_CLIENT_MAX_CLOCK_CORRECTION_S) {
            why = "Date ";
        } else if (offset == c->clock_offset_s) {
            why = "Date gives the time already used";
        } else {
            c->clock_offset_s = offset;
            c->stats.clock_corrections++;
        }
    }
    if (why != NULL) {
        (void)fail(c, WK_ERR_CLOCK_SKEW, "signing time refused, clock not corrected: ");
        wk_diag_str(&c->diag, why);
    }
    if (off_by > WK_CLIENT_MAX_CLOCK_CORRECTION_S) {
        wk_diag_fmt(&c->diag, "%llu s %s our clock, over the %llu s corrected",
                    (unsigned long long)off_by, offset > 0 ? "ahead of" : "behind",
                    (unsigned long long)WK_CLIENT_MAX_CLOCK_CORRECTION_S);
    }
    return why == NULL ? WK_OK : WK_ERR_CLOCK_SKEW;
}

/* Whether a failed attempt is tried again (wk_retry.h); sets the backoff
 * when it is. When it is not, the diagnostic says why after the failure, and
 * a refused clock correction replaces *status. */
static bool retry_failure(wk_client_t *c, wk_status_t *status, uint32_t attempt, uint32_t *cost)
{
    wk_retry_failure_t f;
    wk_retry_kind_t kind = WK_RETRY_NONE;
    uint32_t delay = 0u;
    uint8_t rnd[4] = {0u, 0u, 0u, 0u};
    const char *why = NULL;
    wk_status_t skew = WK_OK;

    /* A document cut short inside a complete, framed body is what the server
     * sent; only one cut by a closing connection may come whole next time. */
    f.status = (*status == WK_ERR_JSON_TRUNCATED && !c->body_ended_by_close) ? WK_ERR_JSON_SYNTAX
                                                                              : *status;
    f.http_status = c->phase == PHASE_ERROR_BODY ? c->http_status : 0u;
    f.error_type = c->phase == PHASE_ERROR_BODY ? c->body.err.error.type : NULL;
    f.message = c->phase == PHASE_ERROR_BODY ? c->body.err.error.message : NULL;
    if (!c->stopped) {
        (void)wk_retry_classify(&f, &kind);
    }
    if (kind == WK_RETRY_NONE) {
        return false;
    }
    if (attempt >= c->cfg.max_attempts) {
        why = " (attempts exhausted)";
    } else if (kind == WK_RETRY_CLOCK_SKEW) {
        skew = correct_clock(c);
        why = skew == WK_OK ? NULL : ""; /* the diagnostic says why */
    } else if (wk_retry_quota_acquire(&c->quota, kind, cost) != WK_OK) {
        why = " (retry quota exhausted)";
    } else if (c->has_retry_after) {
        delay = c->retry_after_ms;
    } else {
        (void)wk_port_random(rnd, sizeof(rnd));
        (void)wk_retry_backoff_ms(attempt, (uint32_t)rnd[0] << 24 | (uint32_t)rnd[1] << 16 |
                                               (uint32_t)rnd[2] << 8 | rnd[3], &delay);
    }
    if (skew != WK_OK) {
        *status = skew;
    } else if (why != NULL) {
        wk_diag_str(&c->diag, why);
    } else {
        c->backoff_ms = delay; /* 0: at once */
    }
    return why == NULL;
}

/* ---- The state machine ---------------------------------------------------------
 *
 * A listing is a flat machine stepped by wk_client_step(); no state waits.
 *
 *   ATTEMPT  sign the request (afresh each attempt: the time and the clock
 *            offset may have moved), drop a kept-alive connection that is not
 *            quiet, start the exchange
 *   CONNECT  open a connection (TCP connect, TLS handshake) unless one is
 *            kept alive
 *   SEND     write the request
 *   RECEIVE  read and parse the response as it comes
 *   BACKOFF  wait out the delay before the next attempt
 *
 * CONNECT, SEND and RECEIVE are the exchange: one request and its response,
 * bounded by the call deadline, the connect timeout and the read timeout,
 * measured here on wk_port_now_ms(). When it ends, end_exchange() decides:
 * the same request once more on a new connection (a kept-alive one the
 * server had dropped), or the attempt's outcome; end_attempt() retries after
 * a BACKOFF or ends the page; end_page() starts the next page (ATTEMPT) or
 * ends the listing (IDLE). Each handler returns WK_OK when it moved on (the
 * step goes on), WK_PARTIAL with the wait filled in, or the listing's end. */

enum { STATE_IDLE = 0, STATE_ATTEMPT, STATE_CONNECT, STATE_SEND, STATE_RECEIVE, STATE_BACKOFF };

/* Fills @p w: the connection's handle for @p events when @p events is not 0
 * (or "ready, step again at once" when the stream already holds data), and
 * the deadline. */
static wk_status_t wait_for(wk_client_t *c, wk_wait_t *w, uint8_t events, uint32_t deadline)
{
    uint32_t now = c->now;
    w->handle = WK_WAIT_NO_HANDLE;
    w->events = events;
    if (events != 0u && c->conn.wait_on != NULL) {
        (void)c->conn.wait_on(c->conn.ctx, w);
        if (w->events == 0u) {
            deadline = now; /* the stream holds data already */
        }
    }
    w->deadline_ms = deadline;
    w->timeout_ms = deadline - now;
    return WK_PARTIAL;
}

/* The page c->cursor names, from its first attempt. */
static void start_page(wk_client_t *c)
{
    if (c->all_pages) {
        c->req.next_token = c->cursor.token_len > 0u ? c->cursor.token : NULL;
    }
    c->has_next_token = false;
    c->token_repeated = false;
    c->done = false;
    c->stopped = false;
    c->attempt = 0u;
    c->retry_cost = 0u;
    c->state = STATE_ATTEMPT;
}

/* The page ended with @p status: the next one, or the listing's end. */
static wk_status_t end_page(wk_client_t *c, wk_status_t status)
{
    if (c->all_pages && status == WK_OK) {
        if (c->token_repeated) {
            /* A token that repeats would loop forever and repeat users. */
            status = fail(c, WK_ERR_HTTP_UNEXPECTED, "same nextToken twice");
        } else if (c->on_page != NULL) {
            status = c->on_page(c->on_user_ctx, &c->stats);
        } else {
            /* nothing to tell */
        }
        if (status == WK_OK && c->has_next_token &&
            memchr(c->cursor.token, '\0', c->cursor.token_len) != NULL) {
            status = fail(c, WK_ERR_JSON_STRING, "nextToken contains NUL");
        } else if (status == WK_OK && c->has_next_token) {
            start_page(c);
            return WK_OK;
        } else {
            /* the last page, or stopped */
        }
    }
    c->state = STATE_IDLE;
    /* WK_PARTIAL means "not done" to the caller of wk_client_step() */
    return named(c, status == WK_PARTIAL ? WK_STOPPED : status);
}

/* The attempt ended with @p status: another after a backoff, or the page's end. */
static wk_status_t end_attempt(wk_client_t *c, wk_status_t status, wk_wait_t *w)
{
    if (status < 0 && retry_failure(c, &status, c->attempt, &c->retry_cost)) {
        c->stats.retries++;
        c->state = STATE_ATTEMPT;
        if (c->backoff_ms == 0u) {
            return WK_OK;
        }
        c->state = STATE_BACKOFF;
        c->wait_from_ms = c->now;
        return wait_for(c, w, 0u, c->wait_from_ms + c->backoff_ms);
    }
    if (status == WK_OK) {
        (void)wk_retry_quota_release(&c->quota, c->retry_cost);
    }
    return end_page(c, status);
}

/* One request and its response, over the kept-alive connection or a new one. */
static void start_exchange(wk_client_t *c)
{
    c->got_any = false;
    c->fed = false;
    c->body_ended_by_close = false;
    c->has_date = false;
    c->has_retry_after = false;
    c->state = STATE_CONNECT;
}

/* The exchange ended with @p status (WK_OK: a whole response). */
static wk_status_t end_exchange(wk_client_t *c, wk_status_t status, wk_wait_t *w)
{
    if (status == WK_OK) {
        if (!wk_http_parser_keep_alive(&c->http)) {
            c->reusable = false;
        }
        status = (c->phase == PHASE_SUCCESS_BODY) ? finish_success(c) : finish_error(c);
    }
    if (c->reused && !c->got_any && is_transport_failure(status)) {
        /* The server dropped a kept-alive connection before answering: the
         * request was not processed, so send it once more on a new one
         * without counting an attempt. */
        close_connection(c);
        c->reused = false;
        start_exchange(c);
        return WK_OK;
    }
    /* a complete error response leaves the connection as good as a page */
    if (!c->reusable || (status != WK_OK && !is_service_status(status))) {
        close_connection(c);
    }
    if (status < 0 && c->diag.len == 0u) {
        wk_diag_fmt(&c->diag, "request failed: %s", wk_status_str(status));
    }
    return end_attempt(c, status, w);
}

static wk_status_t step_attempt(wk_client_t *c, wk_wait_t *w)
{
    wk_status_t status;
    if (c->cred_step != NULL) {
        /* keys current, or the provider is being asked; a failure sends nothing */
        status = c->cred_step(c, w);
        if (status != WK_OK) {
            return status == WK_PARTIAL ? status : end_page(c, status);
        }
    }
    c->attempt++;
    c->stats.last_attempts = c->attempt;
    wk_diag_clear(&c->diag);
    c->deadline_start_ms = c->now;
    c->phase = PHASE_IDLE; /* no service error until this attempt gets one */
    status = build_request(c, &c->req, &c->req_len);
    if (status != WK_OK) {
        return end_attempt(c, status, w);
    }
    drop_if_not_quiet(c);
    c->reused = c->connected;
    start_exchange(c);
    return WK_OK;
}

/* Opens a connection unless one is kept alive, then readies the response's parsers. */
static wk_status_t step_connect(wk_client_t *c, wk_wait_t *w)
{
    uint32_t now = c->now;
    wk_status_t status = WK_OK;
    uint32_t budget;

    if (!c->connected && !c->opening) {
        budget = remaining_ms(c, now);
        if (budget == 0u) {
            status = fail(c, WK_ERR_TIMEOUT, "call deadline passed before connecting");
            return end_exchange(c, status, w);
        }
        c->wait_from_ms = now;
        c->connect_budget_ms = budget < c->cfg.connect_timeout_ms ? budget : c->cfg.connect_timeout_ms;
        memset(&c->conn, 0, sizeof(c->conn)); /* unverified unless the connector says so */
        c->opening = true;
    }
    if (c->opening) {
        if (now - c->wait_from_ms >= c->connect_budget_ms) {
            close_connection(c); /* abandons it */
            status = WK_ERR_TIMEOUT;
        } else {
            /* The blocking calls let the connector wait, as connectors written
             * before the step API expect; a step never does. */
            status = c->cfg.connector.open(c->cfg.connector.ctx, &c->endpoint,
                                           c->blocking ? c->connect_budget_ms : 0u, &c->conn);
        }
        if (status == WK_WOULD_BLOCK) {
            return wait_for(c, w, WK_WAIT_WRITE, c->wait_from_ms + c->connect_budget_ms);
        }
        c->opening = false;
        if (status != WK_OK) {
            wk_diag_clear(&c->diag);
            wk_diag_fmt(&c->diag, "cannot connect to %s port %llu: %s", c->endpoint.host,
                        (unsigned long long)c->endpoint.port, wk_status_str(status));
            return end_exchange(c, status, w);
        }
        c->connected = true;
        c->stats.connections++;
    }
    c->stats.requests++;
    c->phase = PHASE_IDLE;
    (void)wk_service_error_begin(&c->body.err.error, 0u);
    status = wk_http_parser_init(&c->http, &k_http_callbacks, c);
    if (status != WK_OK) {
        return end_exchange(c, status, w);
    }
    c->sent = 0u;
    c->state = STATE_SEND;
    return WK_OK;
}

static wk_status_t step_send(wk_client_t *c, wk_wait_t *w)
{
    uint32_t now = c->now;
    size_t sent = 0u;
    wk_status_t status;

    if (remaining_ms(c, now) == 0u) {
        status = fail(c, WK_ERR_TIMEOUT, "call deadline passed while sending");
        return end_exchange(c, status, w);
    }
    status = c->conn.send(c->conn.ctx, (const uint8_t *)c->request + c->sent, c->req_len - c->sent,
                          &sent, 0u);
    if (status == WK_WOULD_BLOCK) {
        return wait_for(c, w, WK_WAIT_WRITE, c->deadline_start_ms + c->cfg.call_timeout_ms);
    }
    if (status != WK_OK) {
        return end_exchange(c, status, w);
    }
    c->sent += sent;
    if (c->sent == c->req_len) {
        c->reusable = true;
        c->wait_from_ms = now; /* the read timeout counts from here */
        c->state = STATE_RECEIVE;
    }
    return WK_OK;
}

/* One receive per turn, fed to the parsers at once. */
static wk_status_t step_receive(wk_client_t *c, wk_wait_t *w)
{
    uint32_t now = c->now;
    wk_status_t status;
    size_t got = 0u;
    uint32_t budget;
    uint32_t idle_end;

    if (c->fed) {
        c->wait_from_ms = now; /* time the callbacks took is not the server's silence */
        c->fed = false;
    }
    budget = remaining_ms(c, now);
    if (budget == 0u || now - c->wait_from_ms >= c->cfg.read_timeout_ms) {
        status = fail(c, WK_ERR_TIMEOUT, budget == 0u ? "call deadline passed while reading"
                                                      : "no data within the read timeout");
        return end_exchange(c, status, w);
    }
    status = c->conn.recv(c->conn.ctx, c->io, sizeof(c->io), &got, 0u);
    if (status == WK_OK) {
        c->got_any = true;
        c->fed = true;
        status = feed_response(c, c->io, got);
        return status == WK_PARTIAL ? WK_OK : end_exchange(c, status, w);
    }
    if (status == WK_WOULD_BLOCK) {
        idle_end = c->wait_from_ms + c->cfg.read_timeout_ms;
        return wait_for(c, w, WK_WAIT_READ, idle_end - now < budget ? idle_end : now + budget);
    }
    if (status == WK_ERR_PEER_CLOSED && c->got_any) {
        c->reusable = false;
        c->body_ended_by_close = true;
        status = wk_http_parser_eof(&c->http, &c->diag);
    }
    return end_exchange(c, status, w);
}

static wk_status_t step_backoff(wk_client_t *c, wk_wait_t *w)
{
    uint32_t now = c->now;
    if (now - c->wait_from_ms < c->backoff_ms) {
        return wait_for(c, w, 0u, c->wait_from_ms + c->backoff_ms);
    }
    c->state = STATE_ATTEMPT;
    return WK_OK;
}

wk_status_t wk_client_step(wk_client_t *c, wk_wait_t *wait)
{
    wk_status_t status = WK_OK;

    if (c == NULL || wait == NULL) {
        return WK_ERR_ARG;
    }
    if (c->build_mismatch) {
        return WK_ERR_BUILD_MISMATCH; /* nothing past the front is ours to touch */
    }
    if (c->state == STATE_IDLE) {
        return WK_ERR_STATE; /* no listing started, or it ended */
    }
    do {
        /* One clock reading a turn: a response comes in many pieces. */
        c->now = wk_port_now_ms();
        switch (c->state) {
        case STATE_ATTEMPT: status = step_attempt(c, wait); break;
        case STATE_CONNECT: status = step_connect(c, wait); break;
        case STATE_SEND: status = step_send(c, wait); break;
        case STATE_RECEIVE: status = step_receive(c, wait); break;
        default: status = step_backoff(c, wait); break;
        }
    } while (status == WK_OK && c->state != STATE_IDLE);
    return status;
}

/* The cursor starts at @p token (NULL: the first page), nothing delivered. */
static wk_status_t start_cursor(wk_client_t *c, const char *token)
{
    size_t len = token != NULL ? wk_strlen(token) : 0u;
    wk_status_t status = WK_OK;
    if (len >= sizeof(c->cursor.token)) {
        status = fail(c, WK_ERR_NO_SPACE, "next_token is longer than CONFIG_WK_NEXT_TOKEN_MAX - 1");
    } else if (token != c->cursor.token) {
        memcpy(c->cursor.token, token != NULL ? token : "", len + 1u);
    } else {
        /* already there */
    }
    c->cursor.token_len = status == WK_OK ? len : 0u;
    c->cursor.index = 0u;
    c->cursor.digest = WK_CURSOR_DIGEST_EMPTY;
    c->cursor.has_digest = true;
    return status;
}

/* Checks shared by the two listing calls; validation first, so that a bad
 * input never opens a connection. */
static wk_status_t begin_call(wk_client_t *c, const wk_list_users_request_t *req,
                              wk_on_user_fn on_user, wk_on_page_fn on_page, void *ctx)
{
    if (c->build_mismatch) {
        return WK_ERR_BUILD_MISMATCH; /* nothing past the front is ours to touch */
    }
    if (c->state != STATE_IDLE) {
        close_connection(c); /* a listing abandoned mid-way: its stream is out of step */
        if (c->cred_step != NULL) {
            (void)c->cred_step(c, NULL);
        }
        c->state = STATE_IDLE;
    }
    wk_diag_clear(&c->diag);
    c->on_user = on_user;
    c->on_page = on_page;
    c->on_user_ctx = ctx;
    c->has_next_token = false;
    c->done = false;
    c->stats.last_attempts = 0u;
    return wk_list_users_request_validate(req, &c->diag);
}

/* The listing's start, shared by the step and the blocking calls: @p from
 * (not NULL) continues there, else the query's next_token is the start. */
static wk_status_t start_listing(wk_client_t *c, const wk_list_users_request_t *req,
                                 const wk_cursor_t *from, wk_on_user_fn on_user,
                                 wk_on_page_fn on_page, void *ctx, bool all_pages)
{
    wk_status_t status;

    if (c == NULL || req == NULL || on_user == NULL ||
        (from != NULL && (from->token_len >= sizeof(from->token) ||
                          memchr(from->token, '\0', from->token_len) != NULL))) {
        return WK_ERR_ARG;
    }
    status = begin_call(c, req, on_user, on_page, ctx);
    if (status != WK_OK) {
        /* refused before anything started */
    } else if (from == NULL) {
        status = start_cursor(c, req->next_token);
    } else if (from != &c->cursor) {
        memcpy(&c->cursor, from, sizeof(c->cursor));
        c->cursor.token[c->cursor.token_len] = '\0';
    } else {
        /* continuing from the client's own cursor */
    }
    if (status == WK_OK) {
        c->req = *req;
        c->all_pages = all_pages;
        c->blocking = false;
        start_page(c);
    }
    return named(c, status);
}

/* Steps to the end, waiting in between: the blocking calls. */
static wk_status_t run_listing(wk_client_t *c, wk_status_t status)
{
    wk_wait_t w;
    if (status == WK_OK) {
        c->blocking = true;
        while ((status = wk_client_step(c, &w)) == WK_PARTIAL) {
            (void)wk_port_wait(&w);
        }
    }
    return status;
}

wk_status_t wk_client_start_list_users(wk_client_t *c, const wk_list_users_request_t *req,
                                       wk_on_user_fn on_user, void *ctx)
{
    return start_listing(c, req, NULL, on_user, NULL, ctx, false);
}

wk_status_t wk_client_start_list_all_users(wk_client_t *c, const wk_list_users_request_t *req,
                                           const wk_cursor_t *from, wk_on_user_fn on_user,
                                           wk_on_page_fn on_page, void *ctx)
{
    return start_listing(c, req, from, on_user, on_page, ctx, true);
}

wk_status_t wk_client_list_users(wk_client_t *c, const wk_list_users_request_t *req,
                                 wk_on_user_fn on_user, void *ctx)
{
    return run_listing(c, wk_client_start_list_users(c, req, on_user, ctx));
}

wk_status_t wk_client_list_all_users(wk_client_t *c, const wk_list_users_request_t *req,
                                     const wk_cursor_t *from, wk_on_user_fn on_user,
                                     wk_on_page_fn on_page, void *ctx)
{
    return run_listing(c, wk_client_start_list_all_users(c, req, from, on_user, on_page, ctx));
}

wk_status_t wk_client_cursor(const wk_client_t *c, const wk_cursor_t **cur)
{
    if (c == NULL || cur == NULL) {
        return WK_ERR_ARG;
    }
    *cur = &c->cursor;
    return c->done ? WK_PARTIAL : WK_OK;
}

wk_status_t wk_client_next_token(const wk_client_t *c, const char **token, size_t *len)
{
    wk_status_t status = WK_PARTIAL;
    if (c == NULL || token == NULL || len == NULL) {
        status = WK_ERR_ARG;
    } else if (c->has_next_token) {
        *token = c->cursor.token;
        *len = c->cursor.token_len;
        status = WK_OK;
    } else {
        *token = NULL;
        *len = 0u;
    }
    return status;
}

const wk_service_error_t *wk_client_service_error(const wk_client_t *c)
{
    return (c != NULL && c->phase == PHASE_ERROR_BODY && c->body.err.error.status < 0)
               ? &c->body.err.error
               : NULL;
}

const char *wk_client_diag(const wk_client_t *c)
{
    return (c != NULL) ? c->diag.text : "";
}

const wk_client_stats_t *wk_client_stats(const wk_client_t *c)
{
    return (c != NULL) ? &c->stats : NULL;
}

wk_status_t wk_client_deinit(wk_client_t *c)
{
    if (c == NULL) {
        return WK_ERR_ARG;
    }
    if (!c->build_mismatch) { /* else nothing was set up, and the rest may not be ours */
        close_connection(c);
        if (c->cred_step != NULL) {
            (void)c->cred_step(c, NULL);
        }
        (void)wk_sigv4_deinit(&c->signer);
    }
    return WK_OK;
}
