/* SPDX-License-Identifier: Apache-2.0 */
/* The client's credentials: changing its keys (wk_client_set_credentials())
 * and asking a provider before it signs (wk_client_use_provider()), kept
 * apart from the request flow in wk_client.c, which reaches the provider
 * only through c->cred_step: an image that signs with static keys links
 * neither this nor the exchanges. */
#include <string.h>

#include "wk_internal.h"

wk_status_t wk_client_set_credentials(wk_client_t *c, const wk_sigv4_credentials_t *cred)
{
    wk_sigv4_t fresh; /* a hundred-odd bytes */
    wk_status_t status;
    if (c == NULL || cred == NULL) {
        return WK_ERR_ARG;
    }
    /* the region and service stay; only the keys, and the key derived from them, change */
    status = wk_sigv4_init(&fresh, cred, c->cfg.endpoint.region, WK_SIGNING_SERVICE);
    if (status == WK_OK) {
        (void)wk_sigv4_deinit(&c->signer);
        c->signer = fresh;
        c->cfg.credentials = *cred;
    }
    wk_port_zeroize(&fresh, sizeof(fresh));
    return status;
}

/* ---- Asking a network provider in steps ----------------------------------------------
 *
 * A fetch is attempts, each a new exchange (provider->start), each exchange
 * rounds of one request and its response on a connection of their own (IMDSv2
 * makes three): CONNECT (open, then write the request into c->request), SEND,
 * RECEIVE (into c->io, fed to the exchange). The client's buffers are free
 * here: the next request is signed after the keys are current. */

enum { FETCH_IDLE = 0, FETCH_CONNECT, FETCH_SEND, FETCH_RECEIVE };

static void close_round(wk_client_t *c, wk_cred_fetch_t *f)
{
    if (f->open) {
        (void)c->provider->connector.close(c->provider->connector.ctx, &f->conn);
        f->open = false;
    }
    /* the request held a token, the response the keys */
    wk_port_zeroize(c->request, sizeof(c->request));
    wk_port_zeroize(c->io, sizeof(c->io));
}

static void end_fetch(wk_client_t *c, wk_cred_fetch_t *f)
{
    close_round(c, f);
    (void)wk_cred_exchange_end(&f->x);
    f->phase = FETCH_IDLE;
}

static wk_status_t wait_conn(const wk_client_t *c, wk_cred_fetch_t *f, wk_wait_t *w, uint8_t events)
{
    uint32_t deadline = f->from_ms + f->timeout_ms;
    w->handle = WK_WAIT_NO_HANDLE;
    w->events = events;
    if (f->conn.wait_on != NULL) {
        (void)f->conn.wait_on(f->conn.ctx, w);
        if (w->events == 0u) {
            deadline = c->now; /* the stream holds data already */
        }
    }
    w->deadline_ms = deadline;
    w->timeout_ms = deadline - c->now;
    return WK_PARTIAL;
}

static wk_status_t timed_out(wk_client_t *c, const wk_cred_fetch_t *f, const char *what)
{
    const wk_endpoint_t *ep = NULL;
    (void)wk_cred_exchange_endpoint(&f->x, &ep, NULL);
    wk_diag_clear(&c->diag);
    wk_diag_fmt(&c->diag, "the credentials provider %s port %llu did not %s within %llu ms",
                ep->host, (unsigned long long)ep->port, what, (unsigned long long)f->timeout_ms);
    return WK_ERR_TIMEOUT;
}

/* The connection failed: where to, and what the connector said (its own
 * words, when it keeps any, are the program's to add). */
static wk_status_t round_failed(wk_client_t *c, const wk_cred_fetch_t *f, const char *what,
                                wk_status_t status)
{
    const wk_endpoint_t *ep = NULL;
    (void)wk_cred_exchange_endpoint(&f->x, &ep, NULL);
    wk_diag_clear(&c->diag);
    wk_diag_fmt(&c->diag, "%s the credentials provider %s port %llu failed: %s", what,
                ep != NULL ? ep->host : "", (unsigned long long)(ep != NULL ? ep->port : 0u),
                wk_status_str(status));
    return status;
}

/* Opens the round's connection, then writes its request. */
static wk_status_t fetch_connect(wk_client_t *c, wk_cred_fetch_t *f, wk_wait_t *w)
{
    const wk_endpoint_t *ep = NULL;
    wk_status_t status = wk_cred_exchange_endpoint(&f->x, &ep, &f->timeout_ms);
    if (status == WK_OK && !f->open) {
        memset(&f->conn, 0, sizeof(f->conn));
        f->from_ms = c->now;
        f->open = true;
    }
    if (status == WK_OK && c->now - f->from_ms >= f->timeout_ms) {
        return timed_out(c, f, "accept a connection");
    }
    if (status == WK_OK) {
        /* a blocking call lets the connector wait, as the client's own does */
        status = c->provider->connector.open(c->provider->connector.ctx, ep,
                                             c->blocking ? f->timeout_ms : 0u, &f->conn);
    }
    if (status == WK_WOULD_BLOCK) {
        return wait_conn(c, f, w, WK_WAIT_WRITE);
    }
    if (status != WK_OK) {
        f->open = false; /* a failed open leaves nothing open */
        return round_failed(c, f, "connecting to", status);
    }
    status = wk_cred_exchange_request(&f->x, c->request, sizeof(c->request), &c->req_len);
    if (status == WK_ERR_NO_SPACE) {
        wk_diag_clear(&c->diag);
        wk_diag_str(&c->diag, "the credentials request does not fit CONFIG_WK_REQUEST_BUF_SIZE");
    }
    c->sent = 0u;
    f->from_ms = wk_port_now_ms(); /* a blocking open took its time: not the send's */
    f->phase = FETCH_SEND;
    return status;
}

static wk_status_t fetch_send(wk_client_t *c, wk_cred_fetch_t *f, wk_wait_t *w)
{
    size_t sent = 0u;
    wk_status_t status;
    if (c->now - f->from_ms >= f->timeout_ms) {
        return timed_out(c, f, "take the request");
    }
    status = f->conn.send(f->conn.ctx, (const uint8_t *)c->request + c->sent, c->req_len - c->sent,
                          &sent, 0u);
    if (status == WK_WOULD_BLOCK) {
        return wait_conn(c, f, w, WK_WAIT_WRITE);
    }
    if (status != WK_OK) {
        (void)round_failed(c, f, "sending to", status);
    }
    c->sent += sent;
    if (status == WK_OK && c->sent == c->req_len) {
        wk_port_zeroize(c->request, c->req_len); /* it held a token */
        f->from_ms = c->now;
        f->phase = FETCH_RECEIVE;
    }
    return status;
}

/* WK_OK while the response goes on; WK_PARTIAL from the exchange is turned
 * into the round's end: another round (IMDSv2), or the keys stored. */
static wk_status_t fetch_receive(wk_client_t *c, wk_cred_fetch_t *f, wk_wait_t *w)
{
    size_t got = 0u;
    size_t used = 0u;
    wk_status_t status;
    if (c->now - f->from_ms >= f->timeout_ms) {
        return timed_out(c, f, "answer");
    }
    status = f->conn.recv(f->conn.ctx, c->io, sizeof(c->io), &got, 0u);
    if (status == WK_WOULD_BLOCK) {
        return wait_conn(c, f, w, WK_WAIT_READ);
    }
    if (status == WK_OK) {
        /* from_ms stays when the request went out: a response dripped a byte
         * at a time is bounded too (documents are small) */
        status = wk_cred_exchange_feed(&f->x, c->io, got, &used, &c->diag);
    } else if (status == WK_ERR_PEER_CLOSED) {
        status = wk_cred_exchange_feed(&f->x, NULL, 0u, &used, &c->diag);
    } else {
        (void)round_failed(c, f, "reading from", status);
    }
    if (status == WK_PARTIAL && wk_cred_exchange_wants_request(&f->x)) {
        f->answered++;
        close_round(c, f);
        f->phase = FETCH_CONNECT;
        status = WK_OK;
    } else if (status == WK_PARTIAL) {
        status = WK_OK;
    } else if (status == WK_OK) {
        f->phase = FETCH_IDLE; /* stored */
    } else {
        /* the round failed */
    }
    return status;
}

/* Only the transport is worth another attempt: a refusal or a bad document stays one. */
static bool worth_another_try(wk_status_t status)
{
    return status == WK_ERR_TIMEOUT || status == WK_ERR_CONNECT || status == WK_ERR_PEER_CLOSED ||
           status == WK_ERR_IO || status == WK_ERR_HTTP_TRUNCATED;
}

static wk_status_t start_attempt(wk_client_t *c, wk_cred_fetch_t *f)
{
    uint8_t attempt = f->attempt;
    wk_status_t status = c->provider->start(c->provider->ctx, &f->x, c->cred_store, &c->diag);
    f->attempt = (uint8_t)(attempt + 1u);
    f->answered = 0u;
    f->phase = status == WK_OK ? FETCH_CONNECT : FETCH_IDLE;
    return status;
}

/* Drives the fetch until it waits (WK_PARTIAL) or ends (WK_OK: stored). */
static wk_status_t run_fetch(wk_client_t *c, wk_cred_fetch_t *f, wk_wait_t *w)
{
    wk_status_t status = WK_OK;
    uint8_t attempts = wk_cred_exchange_attempts(&f->x);
    while (status == WK_OK && f->phase != FETCH_IDLE) {
        /* Each turn may have waited (a blocking open) or read: the budgets
         * count on the clock as it is, so that a provider that never stops
         * sending cannot hold the step. */
        c->now = wk_port_now_ms();
        if (f->phase == FETCH_CONNECT) {
            status = fetch_connect(c, f, w);
        } else if (f->phase == FETCH_SEND) {
            status = fetch_send(c, f, w);
        } else {
            status = fetch_receive(c, f, w);
        }
        if (status != WK_OK && status != WK_PARTIAL) {
            end_fetch(c, f);
            if (worth_another_try(status) && f->attempt < attempts) {
                status = start_attempt(c, f);
            }
        }
    }
    if (status != WK_PARTIAL) {
        end_fetch(c, f);
    }
    return status;
}

/* Keeps why the ask failed past the next attempt, which clears c->diag. */
static void keep_failure(wk_client_t *c, wk_cred_fetch_t *f)
{
    c->stats.credential_failures++;
    if (f != NULL) {
        f->failure = c->diag;
        f->failed_answered = f->answered;
    }
}

/* The seam the step machine calls before each attempt (wk_client.h's cred_step). */
static wk_status_t cred_step(wk_client_t *c, wk_wait_t *w)
{
    wk_cred_fetch_t *f = c->cred_fetch;
    const wk_cred_provider_t *p = c->provider;
    wk_sigv4_credentials_t view;
    wk_refresh_t need = WK_REFRESH_EXPIRED;
    int64_t now = 0;
    wk_status_t status;

    if (w == NULL) {
        if (f != NULL && f->phase != FETCH_IDLE) {
            end_fetch(c, f); /* the listing was abandoned */
        }
        return WK_OK;
    }
    if (f == NULL || f->phase == FETCH_IDLE) {
        if (wk_port_utc_now(&now) != WK_OK) {
            wk_diag_clear(&c->diag);
            wk_diag_str(&c->diag, "the UTC clock is not available; the credentials' expiration cannot be checked");
            return WK_ERR_CLOCK;
        }
        (void)wk_credentials_refresh_check(c->cred_store, now, &need);
        if (need == WK_REFRESH_NONE) {
            return WK_OK;
        }
        c->stats.credential_fetches++;
        wk_diag_clear(&c->diag);
        if (p->fetch != NULL) {
            status = p->fetch(p->ctx, c->cred_store, &c->diag);
        } else {
            /* Once per lifetime of the keys the kept-alive connection goes, so
             * that the two are never open at once: one TLS session's memory
             * serves both, and one connector may (ATTEMPT then reconnects). */
            if (c->connected) {
                (void)c->cfg.connector.close(c->cfg.connector.ctx, &c->conn);
                c->connected = false;
                c->reusable = false;
            }
            f->attempt = 0u;
            status = start_attempt(c, f);
        }
    } else {
        status = WK_OK; /* a fetch under way goes on */
    }
    if (status == WK_OK && f != NULL && f->phase != FETCH_IDLE) {
        status = run_fetch(c, f, w);
    }
    if (status == WK_PARTIAL) {
        return status;
    }
    if (status == WK_OK) {
        /* a synchronous provider may claim success and store nothing */
        status = wk_credentials_sigv4(c->cred_store, &view);
        if (status == WK_OK) {
            status = wk_client_set_credentials(c, &view);
        }
        if (status != WK_OK) {
            wk_diag_clear(&c->diag);
            wk_diag_str(&c->diag, "the credentials provider gave no keys that sign");
            keep_failure(c, f);
        }
        return status;
    }
    /* Failed: keys still outside the mandatory window are signed with (advisory). */
    keep_failure(c, f);
    need = WK_REFRESH_EXPIRED;
    if (wk_port_utc_now(&now) == WK_OK) {
        (void)wk_credentials_refresh_check(c->cred_store, now, &need);
    }
    return (need == WK_REFRESH_NONE || need == WK_REFRESH_ADVISORY) ? WK_OK : status;
}

wk_status_t wk_client_use_provider(wk_client_t *c, const wk_cred_provider_t *provider,
                                   wk_credentials_t *store, wk_cred_fetch_t *fetch)
{
    wk_sigv4_credentials_t view;
    wk_status_t status = WK_OK;
    if (c == NULL || provider == NULL || store == NULL ||
        (provider->start == NULL) == (provider->fetch == NULL) ||
        (provider->start != NULL &&
         (fetch == NULL || provider->connector.open == NULL || provider->connector.close == NULL))) {
        return WK_ERR_ARG;
    }
    if (c->build_mismatch) {
        return WK_ERR_BUILD_MISMATCH;
    }
    if (c->state != 0u) {
        return WK_ERR_STATE; /* a listing in progress (0 is wk_client.c's idle state) */
    }
    if (store->present) {
        /* the keys in hand are the ones signed with until the policy says otherwise */
        (void)wk_credentials_sigv4(store, &view);
        status = wk_client_set_credentials(c, &view);
    }
    if (status == WK_OK) {
        if (c->cred_step != NULL) {
            (void)c->cred_step(c, NULL);
        }
        if (fetch != NULL) {
            memset(fetch, 0, sizeof(*fetch));
        }
        c->provider = provider;
        c->cred_store = store;
        c->cred_fetch = fetch;
        c->cred_step = cred_step;
    }
    return status;
}

wk_status_t wk_cred_fetch_last_failure(const wk_cred_fetch_t *f, const char **diag,
                                       uint8_t *answered)
{
    if (f == NULL || diag == NULL) {
        return WK_ERR_ARG;
    }
    *diag = f->failure.text;
    if (answered != NULL) {
        *answered = f->failed_answered;
    }
    return WK_OK;
}
