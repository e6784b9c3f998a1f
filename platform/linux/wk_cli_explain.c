/* SPDX-License-Identifier: Apache-2.0 */
/* Failures told in the program's terms; see wk_cli.h. The core names fields
 * by their API names and limits by their build options, which suits a
 * library; a person at a shell needs the flag, the value and where it came
 * from, and what to change. */
#define _POSIX_C_SOURCE 200809L /* gmtime_r */

#include <string.h>
#include <time.h>

#include "wk_cli.h"
#include "wk/wk_endpoint.h"
#include "wk/wk_request.h"
#include "wk_port.h"

/* The request inputs: API name (as the core's diagnostics use it) and flag. */
static const struct {
    const char *api;
    const char *flag;
} k_fields[] = {
    {"networkId", "--network-id"},   {"maxResults", "--max-results"},
    {"sortFields", "--sort-fields"}, {"sortDirection", "--sort-direction"},
    {"firstName", "--first-name"},   {"lastName", "--last-name"},
    {"username", "--username"},      {"status", "--status"},
    {"groupId", "--group-id"},       {"nextToken", "--next-token"},
};

static void put_safe(FILE *err, const char *s, size_t len)
{
    bool failed = false; /* stderr failing changes nothing about the result */
    (void)wk_cli_write_safe(err, s, len, false, &failed);
}

void wk_cli_print_diag(FILE *err, wk_status_t status, const char *diag, bool about_inputs)
{
    const char *name = wk_status_str(status);
    size_t name_len = strlen(name);
    size_t i;
    if (about_inputs) {
        for (i = 0u; i < sizeof(k_fields) / sizeof(k_fields[0]); i++) {
            size_t n = strlen(k_fields[i].api);
            if (strncmp(diag, k_fields[i].api, n) == 0 && (diag[n] == ' ' || diag[n] == ':')) {
                fputs(k_fields[i].flag, err);
                diag += n;
                break;
            }
        }
    }
    /* ": WK_ERR_IO" in "request failed: WK_ERR_IO": the line starts with the name */
    for (;;) {
        const char *at = strstr(diag, name);
        char next;
        if (at == NULL) {
            break;
        }
        next = at[name_len];
        if (at - diag >= 2 && at[-2] == ':' && at[-1] == ' ' &&
            !(next == '_' || (next >= 'A' && next <= 'Z') || (next >= '0' && next <= '9'))) {
            put_safe(err, diag, (size_t)(at - 2 - diag));
        } else {
            put_safe(err, diag, (size_t)(at - diag) + name_len);
        }
        diag = at + name_len;
    }
    put_safe(err, diag, strlen(diag));
}

/* ---- A request too long for the request buffer --------------------------------------- */

/* A connector that notes the length of what the client hands to its first
 * send (the whole request) and fails it, so nothing goes anywhere. */
typedef struct measure {
    size_t len;
    bool seen;
} measure_t;

static wk_status_t measure_send(void *ctx, const uint8_t *buf, size_t len, size_t *sent,
                                uint32_t timeout_ms)
{
    measure_t *m = ctx;
    (void)buf;
    (void)sent;
    (void)timeout_ms;
    if (!m->seen) {
        m->len = len;
        m->seen = true;
    }
    return WK_ERR_IO;
}

static wk_status_t measure_recv(void *ctx, uint8_t *buf, size_t len, size_t *got,
                                uint32_t timeout_ms)
{
    (void)ctx;
    (void)buf;
    (void)len;
    (void)got;
    (void)timeout_ms;
    return WK_ERR_IO;
}

static wk_status_t measure_open(void *ctx, const wk_endpoint_t *ep, uint32_t timeout_ms,
                                wk_transport_t *out)
{
    (void)ep;
    (void)timeout_ms;
    out->send = measure_send;
    out->recv = measure_recv;
    out->ctx = ctx;
    return WK_OK;
}

static wk_status_t measure_close(void *ctx, wk_transport_t *t)
{
    (void)ctx;
    (void)t;
    return WK_OK;
}

static wk_status_t ignore_user(void *ctx, const wk_user_t *user)
{
    (void)ctx;
    (void)user;
    return WK_OK;
}

/* Bytes of the request @p req makes with @p cc; false when it does not fit. */
static bool measure_request(const wk_client_config_t *cc, const wk_list_users_request_t *req,
                            size_t *len)
{
    static wk_client_t scratch; /* not the run's: its counters are still to be reported */
    measure_t m = {0u, false};
    wk_client_config_t probe = *cc;
    probe.connector.open = measure_open;
    probe.connector.close = measure_close;
    probe.connector.ctx = &m;
    probe.max_attempts = 1u;
    if (wk_client_init(&scratch, &probe) == WK_OK) {
        (void)wk_client_list_users(&scratch, req, ignore_user, NULL);
    }
    (void)wk_client_deinit(&scratch);
    /* it held the signing key and a signed request */
    wk_port_zeroize(&scratch, sizeof(scratch));
    *len = m.len;
    return m.seen;
}

/* The free-text member of @p req for flag k_fields[@p i]; NULL for the others,
 * which validation keeps short. */
static const char **string_member(wk_list_users_request_t *req, size_t i)
{
    const char **members[] = {
        NULL, NULL, NULL, NULL, &req->first_name,
        &req->last_name, &req->username, NULL, &req->group_id, &req->next_token,
    };
    return members[i];
}

bool wk_cli_explain_too_long(FILE *err, const wk_client_config_t *cc,
                             const wk_list_users_request_t *req)
{
    wk_list_users_request_t without = *req;
    const char **longest = NULL;
    const char *value;
    size_t flag = 0u;
    size_t longest_enc = 0u;
    size_t base = 0u;
    size_t room;
    size_t fit = 0u;
    size_t used = 0u;
    size_t i;
    /* the value that grows the request most, once percent-encoded */
    for (i = 0u; i < sizeof(k_fields) / sizeof(k_fields[0]); i++) {
        const char **member = string_member(&without, i);
        size_t enc = 0u;
        if (member != NULL && *member != NULL) {
            (void)wk_uri_encode(*member, strlen(*member), NULL, 0u, &enc);
            if (enc > longest_enc) {
                longest_enc = enc;
                longest = member;
                flag = i;
            }
        }
    }
    if (longest == NULL) {
        return false;
    }
    value = *longest;
    *longest = "";
    /* the request without it must fit, or shortening it alone cannot help */
    if (!measure_request(cc, &without, &base) || base >= CONFIG_WK_REQUEST_BUF_SIZE) {
        return false;
    }
    room = CONFIG_WK_REQUEST_BUF_SIZE - base;
    while (value[fit] != '\0') {
        char one[3];
        size_t n = 0u;
        (void)wk_uri_encode(&value[fit], 1u, one, sizeof(one), &n);
        if (used + n > room) {
            break;
        }
        used += n;
        fit++;
    }
    while (fit > 0u && ((unsigned char)value[fit] & 0xC0u) == 0x80u) {
        fit--; /* not in the middle of a UTF-8 character */
    }
    fprintf(err, WK_CLI_ERR_PREFIX "%s is %zu bytes; at most %zu fit in a request with the other "
                 "options (a byte other than A-Z a-z 0-9 - _ . ~ takes 3)\n",
            k_fields[flag].flag, strlen(value), fit);
    return true;
}

/* ---- Region ---------------------------------------------------------------------------- */

static void print_region_source(FILE *err, const wk_cli_config_t *cfg)
{
    if (cfg->region_from != NULL) {
        fputs(cfg->region_from, err);
    } else {
        put_safe(err, cfg->config_file, strlen(cfg->config_file));
        fputs(", profile ", err);
        put_safe(err, cfg->profile, strlen(cfg->profile));
    }
}

void wk_cli_explain_no_region(FILE *err, const wk_cli_config_t *cfg)
{
    fputs(WK_CLI_ERR_PREFIX "no region is set: give --region (e.g. --region us-east-1), set "
                            "AWS_REGION, or add \"region = ...\" under [", err);
    if (strcmp(cfg->profile, "default") != 0) {
        fputs("profile ", err);
    }
    put_safe(err, cfg->profile, strlen(cfg->profile));
    fputs("] in ", err);
    put_safe(err, cfg->config_file, strlen(cfg->config_file));
    fputc('\n', err);
}

void wk_cli_explain_region(FILE *err, const wk_cli_config_t *cfg, const char *diag)
{
    wk_endpoint_params_t params;
    wk_endpoint_t ep;
    wk_diag_t why;
    memset(&params, 0, sizeof(params));
    params.region = cfg->region;
    /* the regional rule set says what is wrong with the name, also when an
     * endpoint URL means the rule set was not asked */
    if (wk_endpoint_resolve(&params, &ep, &why) == WK_ERR_REGION) {
        diag = why.text;
    }
    fputs(WK_CLI_ERR_PREFIX "WK_ERR_REGION: the region \"", err);
    put_safe(err, cfg->region, strlen(cfg->region));
    fputs("\" (from ", err);
    print_region_source(err, cfg);
    fputs(") cannot be used: ", err);
    put_safe(err, diag, strlen(diag));
    /* the rule, which the core's diagnostic leaves out */
    fputs(" (a region is 1..63 of a-z 0-9 -, no '-' at either end)\n", err);
}

/* ---- Hints --------------------------------------------------------------------------------- */

void wk_cli_hint(FILE *err, wk_status_t status, const wk_cli_config_t *cfg,
                 const wk_client_stats_t *stats)
{
    bool no_http_answer = status == WK_ERR_IO || status == WK_ERR_PEER_CLOSED ||
                          status == WK_ERR_HTTP_STATUS_LINE || status == WK_ERR_HTTP_TRUNCATED;
    if (no_http_answer && stats->pages == 0u && strncmp(cfg->endpoint_url, "http://", 7u) == 0) {
        fputs(WK_CLI_ERR_PREFIX "no HTTP answer came from a plain http:// endpoint: if the server "
                                "speaks HTTPS (TLS) there, use https:// in the endpoint URL\n",
              err);
    }
}

void wk_cli_explain_credentials(FILE *err, const wk_cli_config_t *cfg)
{
    static const char *const k_from[] = {NULL, "the environment", "the credentials file",
                                         "the config file", "credential_process"};
    struct tm tm;
    time_t at = (time_t)cfg->creds_expiration;
    char when[32];
    if (cfg->creds_from == WK_CLI_CREDS_NONE || cfg->creds_from > WK_CLI_CREDS_PROCESS) {
        /* the caller filled the configuration itself, or a network provider
         * is yet to be asked (wk_cli_creds_notice() says what it gave) */
        return;
    }
    fprintf(err, WK_CLI_ERR_PREFIX "* credentials: %s", k_from[cfg->creds_from]);
    if (cfg->creds_from != WK_CLI_CREDS_ENV) {
        fputs(" of profile '", err);
        put_safe(err, cfg->profile, strlen(cfg->profile));
        fputc('\'', err);
    }
    fputs(cfg->session_token[0] != '\0' ? ", with a session token" : "", err);
    if (cfg->creds_expiration != 0 && gmtime_r(&at, &tm) != NULL &&
        strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm) > 0u) {
        fprintf(err, ", expiring %s", when);
    }
    fputc('\n', err);
}
