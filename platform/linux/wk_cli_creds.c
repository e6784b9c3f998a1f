/* SPDX-License-Identifier: Apache-2.0 */
/* Temporary credentials over a run: the profile's provider (credential_process,
 * container, IMDSv2, AWS IoT) given to the client's credentials seam
 * (wk_client_use_provider()), which asks it before it signs as the core's
 * refresh policy says; what it did, in the program's terms; see wk_cli.h. */
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wk_cli.h"
#include "wk_port.h"

static const char *const k_source_name[] = {
    NULL, NULL, NULL, NULL, "credential_process", "the container credentials endpoint",
    "the EC2 instance metadata service (IMDSv2)", "the AWS IoT credentials provider"};


static const char *env_nonempty(const char *name)
{
    const char *v = getenv(name);
    return (v != NULL && v[0] != '\0') ? v : NULL;
}

bool wk_cli_creds_refreshable(const wk_cli_config_t *cfg)
{
    return cfg->creds_from >= WK_CLI_CREDS_PROCESS && cfg->creds_from <= WK_CLI_CREDS_IOT;
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
        wk_cli_set_err(cc->err, sizeof(cc->err),
                       "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE %s", file);
        return WK_ERR_CREDENTIALS_SOURCE;
    }
    n = fread(cc->token, 1u, sizeof(cc->token), f);
    more = n == sizeof(cc->token);
    (void)fclose(f);
    if (more) {
        wk_cli_set_err(cc->err, sizeof(cc->err),
                       "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE %s holds more than %u bytes", file,
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

/* The network providers' start (wk_cred_provider_t): the settings as the
 * environment and the profile hold them at each ask. */
static wk_status_t start_network(void *ctx, wk_cred_exchange_t *x, wk_credentials_t *out,
                                 wk_diag_t *diag)
{
    wk_cli_creds_t *cc = ctx;
    const wk_cli_config_t *cfg = cc->cfg;
    wk_status_t status = WK_ERR_ARG;
    if (cfg->creds_from == WK_CLI_CREDS_CONTAINER) {
        wk_container_cred_params_t p = {env_nonempty("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"),
                                        env_nonempty("AWS_CONTAINER_CREDENTIALS_FULL_URI"), NULL,
                                        0u};
        status = container_token(cc, &p);
        if (status == WK_OK) {
            status = wk_cred_exchange_container(x, &p, out, diag);
        }
        wk_port_zeroize(cc->token, sizeof(cc->token));
    } else if (cfg->creds_from == WK_CLI_CREDS_IMDS) {
        wk_imds_cred_params_t p = {env_nonempty("AWS_EC2_METADATA_SERVICE_ENDPOINT"),
                                   env_nonempty("AWS_EC2_METADATA_DISABLED")};
        status = wk_cred_exchange_imds(x, &p, out, diag);
    } else if (cfg->creds_from == WK_CLI_CREDS_IOT) {
        wk_iot_cred_params_t p = {cfg->iot.endpoint, cfg->iot.role_alias, cfg->iot.thing_name};
        status = wk_cred_exchange_iot(x, &p, out, diag);
    } else {
        /* not a network provider */
    }
    return status;
}

/* credential_process, the synchronous kind: run again for new keys. */
static wk_status_t run_process(void *ctx, wk_credentials_t *out, wk_diag_t *diag)
{
    wk_cli_creds_t *cc = ctx;
    (void)diag; /* cc->err says why, in the program's terms */
    cc->rc = wk_cli_run_credential_process(cc->cfg->credential_process, cc->process_timeout_ms, out,
                                           cc->err, sizeof(cc->err));
    return cc->rc == WK_CLI_EXIT_OK ? WK_OK : WK_ERR_CREDENTIALS_PROVIDER;
}

/* A network provider this program has no connection for. */
static wk_status_t no_network(void *ctx, wk_credentials_t *out, wk_diag_t *diag)
{
    wk_cli_creds_t *cc = ctx;
    (void)out;
    (void)diag;
    if (cc->cfg->creds_from == WK_CLI_CREDS_IMDS) {
        wk_cli_set_err(cc->err, sizeof(cc->err),
                       "%s", cc->cfg->no_creds); /* only the last resort was left */
        cc->rc = WK_CLI_EXIT_USAGE;
    } else {
        wk_cli_set_err(cc->err, sizeof(cc->err),
                       "%s cannot be asked over this program's network",
                       k_source_name[cc->cfg->creds_from]);
        cc->rc = WK_CLI_EXIT_CREDENTIALS;
    }
    return WK_ERR_CREDENTIALS_SOURCE;
}

wk_status_t wk_cli_creds_init(wk_cli_creds_t *cc, const wk_cli_config_t *cfg,
                              const wk_connector_t *connector, const wk_diag_t *net_diag,
                              uint32_t process_timeout_ms)
{
    int64_t now = 0;
    memset(cc, 0, sizeof(*cc));
    cc->cfg = cfg;
    cc->net_diag = net_diag;
    cc->process_timeout_ms = process_timeout_ms;
    cc->provider.ctx = cc;
    if (cfg->creds_from == WK_CLI_CREDS_PROCESS) {
        cc->provider.fetch = run_process;
    } else if (connector != NULL) {
        cc->provider.start = start_network;
        cc->provider.connector = *connector;
    } else {
        cc->provider.fetch = no_network;
    }
    if (cfg->creds_from != WK_CLI_CREDS_PROCESS) {
        return WK_OK; /* none yet: the client asks before its first request */
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

/* Only the transport: the provider did not answer. */
static bool unanswered(wk_status_t status)
{
    return status == WK_ERR_TIMEOUT || status == WK_ERR_CONNECT || status == WK_ERR_PEER_CLOSED ||
           status == WK_ERR_IO || status == WK_ERR_HTTP_TRUNCATED;
}

/* Why the provider's last ask failed, into @p buf: @p status's
 * name when given, the client's kept diagnostic (host, port, what failed),
 * the connector's own words for a transport failure. @return the requests of
 * that ask answered in full (0: none). */
static uint8_t provider_reason(const wk_cli_creds_t *cc, wk_status_t status, char *buf, size_t cap)
{
    const char *why = "";
    const char *own = "";
    uint8_t answered = 0u;
    (void)wk_cred_fetch_last_failure(&cc->fetch, &why, &answered);
    if (cc->net_diag != NULL && cc->net_diag->text[0] != '\0' &&
        (status == WK_OK || unanswered(status)) && strstr(why, cc->net_diag->text) == NULL) {
        own = cc->net_diag->text;
    }
    wk_cli_set_err(buf, cap, "%s%s%s%s%s", status != WK_OK ? wk_status_str(status) : "",
                   status != WK_OK && why[0] != '\0' ? ": " : "", why,
                   why[0] != '\0' && own[0] != '\0' ? "; " : "", own);
    return answered;
}

/* --debug: where the keys came from and when they expire; never a value. */
static void say_fetched(const wk_cli_creds_t *cc, uint32_t fetches, int64_t now, FILE *err)
{
    const wk_credentials_t *k = &cc->keys;
    time_t at = (time_t)k->expiration;
    struct tm tm;
    char when[32];
    fprintf(err, WK_CLI_ERR_PREFIX "* credentials: from %s (asked %u time%s)%s",
            k_source_name[cc->cfg->creds_from], (unsigned)fetches, fetches == 1u ? "" : "s",
            k->session_token[0] != '\0' ? ", with a session token" : "");
    if (k->expiration != WK_CREDENTIALS_NO_EXPIRY && gmtime_r(&at, &tm) != NULL &&
        strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm) > 0u) {
        fprintf(err, ", expiring %s (in %lld s)", when, (long long)(k->expiration - now));
    } else {
        fputs(", not expiring", err);
    }
    fputc('\n', err);
}

void wk_cli_creds_notice(wk_cli_creds_t *cc, const wk_client_stats_t *stats, bool debug, FILE *err)
{
    int64_t now = 0;
    bool asked = stats->credential_fetches != cc->fetches_seen;
    bool failed = stats->credential_failures != cc->failures_seen;
    cc->fetches_seen = stats->credential_fetches;
    cc->failures_seen = stats->credential_failures;
    if (asked && failed) {
        /* an advisory refresh: the listing went on, and the next page asks again */
        fputs(WK_CLI_ERR_PREFIX "warning: refreshing the credentials failed; the ones in hand are "
                                "still valid and are used until the next ask", err);
        if (cc->err[0] == '\0') {
            /* a network provider's, as the client kept it */
            (void)provider_reason(cc, WK_OK, cc->err, sizeof(cc->err));
        }
        if (cc->err[0] != '\0') {
            fputs(": ", err);
            wk_cli_print_safe(err, cc->err);
        }
        fputc('\n', err);
        cc->err[0] = '\0';
    } else if (asked && debug) {
        (void)wk_port_utc_now(&now);
        say_fetched(cc, stats->credential_fetches, now, err);
    } else {
        /* nothing new */
    }
}

int wk_cli_creds_failed(wk_cli_creds_t *cc, const wk_client_t *client, wk_status_t status)
{
    const wk_client_stats_t *stats = wk_client_stats(client);
    const char *name = k_source_name[cc->cfg->creds_from];
    char why[WK_CLI_ERR_MAX];
    uint8_t answered;
    wk_refresh_t need = WK_REFRESH_EXPIRED;
    int64_t now = 0;
    if (stats->credential_failures == cc->failures_seen) {
        return WK_CLI_EXIT_OK; /* no ask failed since the last page: not the provider's failure */
    }
    if (wk_port_utc_now(&now) == WK_OK) {
        (void)wk_credentials_refresh_check(&cc->keys, now, &need);
    }
    if (need == WK_REFRESH_NONE || need == WK_REFRESH_ADVISORY) {
        return WK_CLI_EXIT_OK; /* the keys in hand signed on: the failure came after */
    }
    if (cc->err[0] != '\0') {
        /* said already (credential_process, the token file, no network) */
        return cc->rc != WK_CLI_EXIT_OK ? cc->rc : WK_CLI_EXIT_CREDENTIALS;
    }
    answered = provider_reason(cc, status, why, sizeof(why));
    if (cc->cfg->creds_from == WK_CLI_CREDS_IMDS && unanswered(status) && answered == 0u) {
        /* the chain's last resort did not answer at all: most likely not an
         * EC2 instance; one that gave its token and then failed is IMDS failing */
        wk_cli_set_err(cc->err, sizeof(cc->err),
                       "%s; and %s did not answer (%s)", cc->cfg->no_creds, name, why);
        return WK_CLI_EXIT_USAGE;
    }
    wk_cli_set_err(cc->err, sizeof(cc->err), "%s gave no credentials: %s", name, why);
    return WK_CLI_EXIT_CREDENTIALS;
}

void wk_cli_creds_end(wk_cli_creds_t *cc)
{
    (void)wk_credentials_wipe(&cc->keys);
    wk_port_zeroize(cc, sizeof(*cc));
}
