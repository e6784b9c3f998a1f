/* SPDX-License-Identifier: Apache-2.0 */
/* Temporary credentials over a run: asks the profile's provider (credential_process,
 * container, IMDSv2, AWS IoT) when the core's refresh policy says so, driving the
 * core's exchanges over blocking connections; see wk_cli.h. */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wk_cli.h"
#include "wk_port.h"

static const char *const k_source_name[] = {
    NULL, NULL, NULL, NULL, "credential_process", "the container credentials endpoint",
    "the EC2 instance metadata service (IMDSv2)", "the AWS IoT credentials provider"};

static void set_err(wk_cli_creds_t *cc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    (void)vsnprintf(cc->err, sizeof(cc->err), fmt, ap);
    va_end(ap);
}

static const char *env_nonempty(const char *name)
{
    const char *v = getenv(name);
    return (v != NULL && v[0] != '\0') ? v : NULL;
}

bool wk_cli_creds_refreshable(const wk_cli_config_t *cfg)
{
    return cfg->creds_from >= WK_CLI_CREDS_PROCESS && cfg->creds_from <= WK_CLI_CREDS_IOT;
}

wk_status_t wk_cli_creds_init(wk_cli_creds_t *cc, const wk_cli_config_t *cfg,
                              const wk_connector_t *connector, uint32_t process_timeout_ms)
{
    int64_t now = 0;
    memset(cc, 0, sizeof(*cc));
    cc->cfg = cfg;
    cc->process_timeout_ms = process_timeout_ms;
    if (connector != NULL) {
        cc->connector = *connector;
        cc->has_connector = true;
    }
    if (cfg->creds_from != WK_CLI_CREDS_PROCESS) {
        return WK_OK; /* none yet: the first refresh asks */
    }
    (void)wk_port_utc_now(&now);
    /* the keys came through the core's storage, so they fit it again */
    return wk_credentials_set(&cc->keys, cfg->access_key_id, strlen(cfg->access_key_id),
                              cfg->secret_access_key, strlen(cfg->secret_access_key),
                              cfg->session_token, strlen(cfg->session_token),
                              cfg->creds_expiration != 0 ? cfg->creds_expiration
                                                         : WK_CREDENTIALS_NO_EXPIRY,
                              now, NULL);
}

/* The token file's contents (a trailing line end dropped: files end in one), else the variable. */
static wk_status_t container_token(wk_cli_creds_t *cc, wk_container_cred_params_t *p)
{
    const char *file = env_nonempty("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
    FILE *f;
    size_t n;
    bool more;
    if (file == NULL) {
        p->auth_token = env_nonempty("AWS_CONTAINER_AUTHORIZATION_TOKEN");
        p->auth_token_len = p->auth_token != NULL ? strlen(p->auth_token) : 0u;
        return WK_OK;
    }
    f = fopen(file, "rb");
    if (f == NULL) {
        set_err(cc, "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE %s", file);
        return WK_ERR_CREDENTIALS_SOURCE;
    }
    n = fread(cc->token, 1u, sizeof(cc->token), f);
    more = n == sizeof(cc->token);
    (void)fclose(f);
    if (more) {
        set_err(cc, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE %s holds more than %u bytes", file,
                (unsigned)CONFIG_WK_SESSION_TOKEN_MAX);
        return WK_ERR_NO_SPACE;
    }
    if (n > 0u && cc->token[n - 1u] == '\n') {
        n -= (n > 1u && cc->token[n - 2u] == '\r') ? 2u : 1u;
    }
    p->auth_token = cc->token;
    p->auth_token_len = n;
    return WK_OK;
}

static wk_status_t start_exchange(wk_cli_creds_t *cc)
{
    const wk_cli_config_t *cfg = cc->cfg;
    wk_status_t status = WK_ERR_ARG;
    if (cfg->creds_from == WK_CLI_CREDS_CONTAINER) {
        wk_container_cred_params_t p = {env_nonempty("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"),
                                        env_nonempty("AWS_CONTAINER_CREDENTIALS_FULL_URI"), NULL,
                                        0u};
        status = container_token(cc, &p);
        if (status == WK_OK) {
            status = wk_cred_exchange_container(&cc->x, &p, &cc->keys, &cc->diag);
        }
        wk_port_zeroize(cc->token, sizeof(cc->token));
    } else if (cfg->creds_from == WK_CLI_CREDS_IMDS) {
        wk_imds_cred_params_t p = {env_nonempty("AWS_EC2_METADATA_SERVICE_ENDPOINT"),
                                   env_nonempty("AWS_EC2_METADATA_DISABLED")};
        status = wk_cred_exchange_imds(&cc->x, &p, &cc->keys, &cc->diag);
    } else if (cfg->creds_from == WK_CLI_CREDS_IOT) {
        wk_iot_cred_params_t p = {cfg->iot.endpoint, cfg->iot.role_alias, cfg->iot.thing_name};
        status = wk_cred_exchange_iot(&cc->x, &p, &cc->keys, &cc->diag);
    } else {
        /* not a network provider */
    }
    return status;
}

/* Send the request, all of it within @p timeout_ms (a peer that takes it a
 * byte at a time does not stretch the budget). */
static wk_status_t send_request(wk_cli_creds_t *cc, const wk_transport_t *t, size_t len,
                                uint32_t timeout_ms)
{
    uint32_t start = wk_port_now_ms();
    size_t off = 0u;
    while (off < len) {
        uint32_t spent = wk_port_now_ms() - start;
        size_t sent = 0u;
        wk_status_t io = spent < timeout_ms
                             ? t->send(t->ctx, (const uint8_t *)cc->request + off, len - off,
                                       &sent, timeout_ms - spent)
                             : WK_ERR_TIMEOUT;
        if (io != WK_OK && io != WK_WOULD_BLOCK) {
            return io;
        }
        off += sent;
    }
    return WK_OK;
}

/* Read one response within @p timeout_ms; WK_PARTIAL when another request is due (IMDS). */
static wk_status_t read_response(wk_cli_creds_t *cc, const wk_transport_t *t, uint32_t timeout_ms)
{
    uint32_t start = wk_port_now_ms();
    wk_status_t status = WK_PARTIAL;
    while (status == WK_PARTIAL && !wk_cred_exchange_wants_request(&cc->x)) {
        uint32_t spent = wk_port_now_ms() - start;
        size_t got = 0u;
        size_t used = 0u;
        wk_status_t io;
        if (spent >= timeout_ms) {
            wk_diag_clear(&cc->diag);
            wk_diag_str(&cc->diag, "no answer within ");
            wk_diag_u64(&cc->diag, timeout_ms);
            wk_diag_str(&cc->diag, " ms");
            return WK_ERR_TIMEOUT;
        }
        io = t->recv(t->ctx, cc->buf, sizeof(cc->buf), &got, timeout_ms - spent);
        if (io == WK_OK) {
            status = wk_cred_exchange_feed(&cc->x, cc->buf, got, &used, &cc->diag);
        } else if (io == WK_ERR_PEER_CLOSED) {
            status = wk_cred_exchange_feed(&cc->x, NULL, 0u, &used, &cc->diag);
        } else if (io != WK_WOULD_BLOCK) {
            status = io;
        } else {
            /* nothing yet: the deadline above decides */
        }
    }
    return status;
}

/* One request and its response on a connection of its own. */
static wk_status_t one_round(wk_cli_creds_t *cc, uint32_t timeout_ms)
{
    const wk_endpoint_t *ep = NULL;
    wk_transport_t t;
    size_t n = 0u;
    wk_status_t status = wk_cred_exchange_endpoint(&cc->x, &ep, NULL);
    if (status == WK_OK) {
        status = wk_cred_exchange_request(&cc->x, cc->request, sizeof(cc->request), &n);
    }
    if (status == WK_OK) {
        status = cc->connector.open(cc->connector.ctx, ep, timeout_ms, &t);
    }
    if (status != WK_OK) {
        wk_port_zeroize(cc->request, sizeof(cc->request));
        return status;
    }
    status = send_request(cc, &t, n, timeout_ms);
    wk_port_zeroize(cc->request, sizeof(cc->request)); /* it held a token */
    if (status == WK_OK) {
        status = read_response(cc, &t, timeout_ms);
    }
    (void)cc->connector.close(cc->connector.ctx, &t);
    wk_port_zeroize(cc->buf, sizeof(cc->buf)); /* the response held the keys */
    return status;
}

static bool worth_another_try(wk_status_t status)
{
    /* only the transport: a refusal or a bad document stays one */
    return status == WK_ERR_TIMEOUT || status == WK_ERR_CONNECT || status == WK_ERR_PEER_CLOSED ||
           status == WK_ERR_IO || status == WK_ERR_HTTP_TRUNCATED;
}

/* Ask a network provider, with the SDKs' attempts: the container endpoint 3, the others 1. */
static wk_status_t fetch_network(wk_cli_creds_t *cc)
{
    unsigned attempts = cc->cfg->creds_from == WK_CLI_CREDS_CONTAINER ? 3u : 1u;
    wk_status_t status = WK_ERR_STATE;
    while (attempts-- > 0u) {
        uint32_t timeout_ms = 0u;
        const wk_endpoint_t *ep = NULL;
        wk_diag_clear(&cc->diag);
        status = start_exchange(cc);
        if (status == WK_OK) {
            (void)wk_cred_exchange_endpoint(&cc->x, &ep, &timeout_ms);
            do {
                status = one_round(cc, timeout_ms);
            } while (status == WK_PARTIAL);
        }
        (void)wk_cred_exchange_end(&cc->x);
        if (!worth_another_try(status)) {
            break;
        }
    }
    return status;
}

/* Ask the source once (its attempts included); cc->err says why it failed. */
static int fetch(wk_cli_creds_t *cc)
{
    const wk_cli_config_t *cfg = cc->cfg;
    const char *name = k_source_name[cfg->creds_from];
    int rc;
    cc->err[0] = '\0';
    cc->fetches++;
    if (cfg->creds_from == WK_CLI_CREDS_PROCESS) {
        rc = wk_cli_run_credential_process(cfg->credential_process, cc->process_timeout_ms,
                                           &cc->keys, cc->err, sizeof(cc->err));
        cc->last = rc == WK_CLI_EXIT_OK ? WK_OK : WK_ERR_CREDENTIALS_PROVIDER;
        return rc;
    }
    if (!cc->has_connector) {
        cc->last = WK_ERR_CREDENTIALS_SOURCE;
        if (cfg->creds_from == WK_CLI_CREDS_IMDS) {
            set_err(cc, "%s", cfg->no_creds); /* only the last resort was left */
            return WK_CLI_EXIT_USAGE;
        }
        set_err(cc, "%s cannot be asked over this program's network", name);
        return WK_CLI_EXIT_CREDENTIALS;
    }
    cc->last = fetch_network(cc);
    if (cc->last == WK_OK) {
        return WK_CLI_EXIT_OK;
    }
    if (cc->err[0] != '\0') {
        return WK_CLI_EXIT_CREDENTIALS; /* said already (the token file) */
    }
    if (cfg->creds_from == WK_CLI_CREDS_IMDS && worth_another_try(cc->last)) {
        /* the chain's last resort did not answer: most likely not an EC2 instance */
        set_err(cc, "%s; and %s did not answer (%s: %s)", cfg->no_creds, name,
                wk_status_str(cc->last), cc->diag.text);
        return WK_CLI_EXIT_USAGE;
    }
    set_err(cc, "%s gave no credentials: %s%s%s", name, wk_status_str(cc->last),
            cc->diag.text[0] != '\0' ? ": " : "", cc->diag.text);
    return WK_CLI_EXIT_CREDENTIALS;
}

/* --debug: where the keys came from and when they expire; never a value. */
static void say_fetched(const wk_cli_creds_t *cc, int64_t now, FILE *err)
{
    const wk_credentials_t *k = &cc->keys;
    time_t at = (time_t)k->expiration;
    struct tm tm;
    char when[32];
    fprintf(err, WK_CLI_ERR_PREFIX "* credentials: from %s (asked %u time%s)%s",
            k_source_name[cc->cfg->creds_from], cc->fetches, cc->fetches == 1u ? "" : "s",
            k->session_token[0] != '\0' ? ", with a session token" : "");
    if (k->expiration != WK_CREDENTIALS_NO_EXPIRY && gmtime_r(&at, &tm) != NULL &&
        strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm) > 0u) {
        fprintf(err, ", expiring %s (in %lld s)", when, (long long)(k->expiration - now));
    } else {
        fputs(", not expiring", err);
    }
    fputc('\n', err);
}

int wk_cli_creds_refresh(wk_cli_creds_t *cc, bool *changed, bool debug, FILE *err)
{
    wk_refresh_t need = WK_REFRESH_EXPIRED;
    int64_t now = 0;
    int rc;
    *changed = false;
    if (wk_port_utc_now(&now) != WK_OK) {
        set_err(cc, "no UTC time to tell whether the credentials expired");
        return WK_CLI_EXIT_OTHER;
    }
    (void)wk_credentials_refresh_check(&cc->keys, now, &need);
    if (need == WK_REFRESH_NONE) {
        return WK_CLI_EXIT_OK;
    }
    rc = fetch(cc);
    if (rc == WK_CLI_EXIT_OK) {
        *changed = true;
        if (debug) {
            (void)wk_port_utc_now(&now);
            say_fetched(cc, now, err);
        }
    } else if (need == WK_REFRESH_ADVISORY) {
        /* the keys in hand are still good for a while: sign with them, ask again later */
        fputs(WK_CLI_ERR_PREFIX "warning: refreshing the credentials failed; the ones in hand "
                                "are still valid: ", err);
        wk_cli_print_safe(err, cc->err);
        fputc('\n', err);
        rc = WK_CLI_EXIT_OK;
    } else {
        /* mandatory, or none: nothing may be signed */
    }
    return rc;
}

void wk_cli_creds_end(wk_cli_creds_t *cc)
{
    (void)wk_cred_exchange_end(&cc->x);
    (void)wk_credentials_wipe(&cc->keys);
    wk_port_zeroize(cc, sizeof(*cc));
}
