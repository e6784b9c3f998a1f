/* SPDX-License-Identifier: Apache-2.0 */
/* One run of the program over any connector: the shared flow of the
 * programs' main(), the listing, and failures reported in the program's
 * terms; see wk_cli.h. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "wk_cli.h"
#include "wk_port.h"
#include "wk_port_posix.h"

/* ---- The program's surroundings ---------------------------------------------------- */

int wk_cli_std_fds(const char *program)
{
    unsigned closed = 0u;
    if (wk_posix_std_fds_open(&closed) != WK_OK) {
        /* when the closed one is 2, this goes nowhere: still nothing was opened */
        fprintf(stderr, "%s: a standard descriptor is closed and /dev/null cannot be opened\n",
                program);
        return WK_CLI_EXIT_OTHER;
    }
    if ((closed & WK_POSIX_STDOUT_CLOSED) != 0u) {
        fprintf(stderr, "%s: standard output is closed, so the users would go nowhere; "
                        "nothing was sent\n", program);
        return WK_CLI_EXIT_USAGE;
    }
    return WK_CLI_EXIT_OK;
}

int wk_cli_load_ca(wk_tls_connector_t *net, const wk_cli_config_t *cfg, FILE *err)
{
    /* plain http:// needs none */
    if (strncmp(cfg->endpoint_url, "http://", 7u) == 0 || wk_tls_connector_load_ca(net) == WK_OK) {
        return WK_CLI_EXIT_OK;
    }
    fputs(WK_CLI_ERR_PREFIX "cannot use the CA bundle: ", err);
    wk_cli_print_safe(err, wk_tls_connector_diag(net)->text);
    fputc('\n', err);
    return WK_CLI_EXIT_USAGE;
}

int wk_cli_flush(FILE *out, FILE *err)
{
    if (fflush(out) != 0 || ferror(out)) {
        fprintf(err, WK_CLI_ERR_PREFIX "cannot write the output: %s\n", strerror(errno));
        return WK_CLI_EXIT_OTHER;
    }
    return WK_CLI_EXIT_OK;
}

/* ---- Orchestration ------------------------------------------------------------------ */

int wk_cli_exit_code(wk_status_t status)
{
    int rc = WK_CLI_EXIT_OTHER;
    if (status == WK_OK) {
        rc = WK_CLI_EXIT_OK;
    } else if (status <= WK_ERR_NO_SPACE && status >= WK_ERR_CURSOR) {
        rc = WK_CLI_EXIT_USAGE;
    } else if ((status <= WK_ERR_HTTP_STATUS_LINE && status >= WK_ERR_HTTP_UNEXPECTED) ||
               (status <= WK_ERR_JSON_SYNTAX && status >= WK_ERR_JSON_TOO_MANY_ITEMS)) {
        rc = WK_CLI_EXIT_RESPONSE;
    } else if ((status <= WK_ERR_SERVICE && status >= WK_ERR_MISSING_AUTH_TOKEN) ||
               status == WK_ERR_CLOCK_SKEW) {
        /* a skew rejection the client would not correct is the service's error too */
        rc = WK_CLI_EXIT_SERVICE;
    } else if (status <= WK_ERR_DNS && status >= WK_ERR_TLS_CA) {
        rc = WK_CLI_EXIT_NETWORK;
    } else if (status == WK_ERR_PAGE_CHANGED) {
        rc = WK_CLI_EXIT_CHANGED;
    } else {
        /* WK_ERR_ARG, crypto, clock, state, a stopped callback */
    }
    return rc;
}

static void report_service_error(FILE *err, wk_status_t status, const wk_service_error_t *se)
{
    size_t i;
    fputs(WK_CLI_ERR_PREFIX "service error ", err);
    wk_cli_print_safe(err, se->type[0] != '\0' ? se->type : wk_status_str(status));
    fprintf(err, " (HTTP %u): ", (unsigned)se->http_status);
    wk_cli_print_safe(err, se->message);
    fputc('\n', err);
    for (i = 0u; i < se->reason_count; i++) {
        const char *field;
        const char *reason;
        if (wk_service_error_reason(se, i, &field, &reason) == WK_OK) {
            fputs("  reason: ", err);
            wk_cli_print_safe(err, field);
            fputs(": ", err);
            wk_cli_print_safe(err, reason);
            fputc('\n', err);
        }
    }
    if (se->message_truncated) {
        fputs("  (the message or its reasons were longer than the client keeps)\n", err);
    }
    if (se->request_id[0] != '\0') {
        fputs("  request id: ", err);
        wk_cli_print_safe(err, se->request_id);
        fputc('\n', err);
    }
}

/* Everything one run needs; static because the client alone is tens of kilobytes. */
typedef struct run_state {
    wk_client_t client;
    wk_cli_writer_t writer;
    wk_cli_progress_t progress;
    wk_cli_debug_t debug;
    wk_cli_creds_t creds;     /* keys from a provider, which the client asks */
    bool refreshable;
    int creds_rc;             /* the provider's failure stopped the listing: its exit code */
    FILE *err;
    /* what the run was given, for explaining a failure in its terms */
    const wk_cli_options_t *opts;
    const wk_cli_config_t *cfg;
    const wk_client_config_t *cc;
} run_state_t;

static void report_failure(FILE *err, wk_status_t status, const run_state_t *rs,
                           const wk_diag_t *net_diag)
{
    const wk_service_error_t *se = wk_client_service_error(&rs->client);
    const char *diag = wk_client_diag(&rs->client);
    const wk_client_stats_t *stats = wk_client_stats(&rs->client);
    bool nothing_sent = stats->requests == 0u;
    bool service = se != NULL && wk_cli_exit_code(status) == WK_CLI_EXIT_SERVICE;
    if (service && status != WK_ERR_CLOCK_SKEW) {
        report_service_error(err, status, se);
        return;
    }
    if (status == WK_ERR_REGION) {
        wk_cli_explain_region(err, rs->cfg, diag != NULL ? diag : "");
        return;
    }
    if (status == WK_ERR_NO_SPACE && nothing_sent &&
        wk_cli_explain_too_long(err, rs->cc, &rs->opts->req)) {
        return;
    }
    /* a refused clock correction first says why, then the service's error */
    fprintf(err, WK_CLI_ERR_PREFIX "%s", wk_status_str(status));
    if (diag != NULL && diag[0] != '\0') {
        fputs(": ", err);
        wk_cli_print_diag(err, status, diag,
                          nothing_sent && wk_cli_exit_code(status) == WK_CLI_EXIT_USAGE);
    }
    fputc('\n', err);
    if (service) {
        report_service_error(err, status, se);
        return;
    }
    /* the connector's own words, unless the client already repeated them */
    if (wk_cli_exit_code(status) == WK_CLI_EXIT_NETWORK && net_diag != NULL &&
        net_diag->text[0] != '\0' && (diag == NULL || strstr(diag, net_diag->text) == NULL)) {
        fputs(WK_CLI_ERR_PREFIX, err);
        wk_cli_print_safe(err, net_diag->text);
        fputc('\n', err);
    }
    wk_cli_hint(err, status, rs->cfg, stats);
}

/* Explain a failed run on stderr; returns the exit code. */
static int report_status(const run_state_t *rs, wk_status_t status, const wk_diag_t *net_diag,
                         FILE *err)
{
    if (rs->creds_rc != WK_CLI_EXIT_OK) {
        fputs(WK_CLI_ERR_PREFIX, err);
        wk_cli_print_safe(err, rs->creds.err);
        fputs(wk_client_stats(&rs->client)->requests == 0u ? "; nothing was sent\n"
                                                           : "; nothing more was sent\n",
              err);
        return rs->creds_rc;
    }
    if (status == WK_STOPPED && rs->writer.failed) {
        fprintf(err, WK_CLI_ERR_PREFIX "cannot write the output: %s\n", strerror(errno));
        return WK_CLI_EXIT_OTHER;
    }
    report_failure(err, status, rs, net_diag);
    return wk_cli_exit_code(status);
}

/* After a page changed under a retry, its cursor would be refused again: no
 * resume point skips exactly the users written. Say so, and give the start
 * of the page for whoever accepts that its users may come twice. */
static void report_changed(const wk_cursor_t *cur, uint32_t attempts, FILE *err)
{
    static char text[WK_CURSOR_TEXT_MAX];
    static wk_cursor_t page_start;
    size_t len = 0u;
    page_start = *cur;
    page_start.index = 0u;
    page_start.has_digest = false;
    if (wk_cursor_format(&page_start, text, sizeof(text), &len) == WK_OK) {
        fprintf(err, WK_CLI_ERR_PREFIX "stopped after %u attempt%s on this page, which changed "
                     "meanwhile: no cursor skips exactly the %u users of it written; run the "
                     "listing again, or continue from the page's start (they come again) with "
                     "--starting-token %s\n",
                (unsigned)attempts, attempts == 1u ? "" : "s", (unsigned)cur->index, text);
    }
}

/* After a failure once the listing moved (a page or a user came): how many
 * attempts the page took, and the cursor that continues the listing without
 * repeating a user. Before that, the same command again does just as well. */
static int report_resumable(run_state_t *rs, int rc, FILE *err)
{
    static char text[WK_CURSOR_TEXT_MAX];
    const wk_cursor_t *cur = NULL;
    const wk_client_stats_t *stats = wk_client_stats(&rs->client);
    size_t len = 0u;
    if (rc == WK_CLI_EXIT_USAGE && stats->requests > 0u) {
        /* e.g. a later page's token too long to send: earlier pages went out,
         * so "nothing was sent" (exit 2) would be false, and the cursor matters */
        rc = WK_CLI_EXIT_OTHER;
    }
    if (rs->writer.failed) {
        /* users the client counts as delivered never reached the output */
        fputs(WK_CLI_ERR_PREFIX "output was lost, so no exact resume point can be given\n", err);
    } else if (rc == WK_CLI_EXIT_CHANGED && wk_client_cursor(&rs->client, &cur) == WK_OK) {
        report_changed(cur, stats->last_attempts, err);
    } else if (rc != WK_CLI_EXIT_USAGE && (stats->pages > 0u || stats->users > 0u) &&
               wk_client_cursor(&rs->client, &cur) == WK_OK &&
               wk_cursor_format(cur, text, sizeof(text), &len) == WK_OK) {
        fprintf(err, WK_CLI_ERR_PREFIX "stopped after %u attempt%s on this page; continue with "
                     "--starting-token %s\n",
                (unsigned)stats->last_attempts, stats->last_attempts == 1u ? "" : "s", text);
    }
    return rc;
}

/* --max-items reached: the callbacks stop the listing with WK_STOPPED, told
 * apart from a failed write by the writer's state. */
static bool max_items_reached(const run_state_t *rs)
{
    return rs->opts->max_items > 0 && rs->writer.users >= (size_t)rs->opts->max_items;
}

static wk_status_t on_user(void *ctx, const wk_user_t *user)
{
    run_state_t *rs = ctx;
    /* the user after the last wanted one is not taken, so the cursor starts at it */
    if (max_items_reached(rs)) {
        return WK_STOPPED;
    }
    return wk_cli_writer_user(&rs->writer, user);
}

/* Flush what the page produced before the next one is requested. */
static wk_status_t page_done(void *ctx, const wk_client_stats_t *stats)
{
    run_state_t *rs = ctx;
    if (wk_cli_writer_page_done(&rs->writer) != 0) {
        return WK_STOPPED;
    }
    if (rs->refreshable) {
        /* a warning or --debug line starts on a line of its own, not after the progress */
        wk_cli_progress_clear(&rs->progress);
        wk_cli_creds_notice(&rs->creds, stats, rs->opts->debug, rs->err);
    }
    wk_cli_progress_update(&rs->progress, stats->pages, stats->users, wk_port_now_ms());
    /* the last wanted user ended a page: no request for the next one */
    return max_items_reached(rs) ? WK_STOPPED : WK_OK;
}

/* --max-items ended the listing: the cursor where it stopped, as the
 * NextToken; none when the last user was the listing's last. */
static void max_items_token(run_state_t *rs, const char **tok, size_t *len)
{
    static char text[WK_CURSOR_TEXT_MAX];
    const wk_cursor_t *cur = NULL;
    *tok = NULL;
    *len = 0u;
    if (wk_client_cursor(&rs->client, &cur) == WK_OK &&
        wk_cursor_format(cur, text, sizeof(text), len) == WK_OK) {
        *tok = text;
        rs->writer.token_name = "NextToken";
    }
}

/* Fetch one page, or all of them with --all, writing users as they arrive. */
static int fetch_pages(run_state_t *rs, const wk_cli_options_t *opts, const wk_diag_t *net_diag,
                       FILE *err)
{
    wk_status_t status;
    const char *tok = NULL;
    size_t len = 0u;

    if (opts->all) {
        status = wk_client_list_all_users(&rs->client, &opts->req,
                                          opts->has_cursor ? &opts->cursor : NULL,
                                          on_user, page_done, rs);
        if (status == WK_STOPPED && !rs->writer.failed && max_items_reached(rs)) {
            status = WK_OK;
            max_items_token(rs, &tok, &len);
        }
    } else {
        status = wk_client_list_users(&rs->client, &opts->req, on_user, rs);
        if (status == WK_OK) {
            status = page_done(rs, wk_client_stats(&rs->client));
        }
        if (status == WK_OK && wk_client_next_token(&rs->client, &tok, &len) != WK_OK) {
            tok = NULL;
            len = 0u;
        }
    }
    wk_cli_progress_clear(&rs->progress);
    if (status != WK_OK && rs->refreshable) {
        rs->creds_rc = wk_cli_creds_failed(&rs->creds, &rs->client, status);
    }
    if (status != WK_OK) {
        /* the users the cursor counts as written must be out: the table holds rows back */
        if (!rs->writer.failed && wk_cli_writer_page_done(&rs->writer) != 0) {
            rs->writer.failed = true;
        }
        return report_resumable(rs, report_status(rs, status, net_diag, err), err);
    }
    if (tok != NULL && (opts->format == WK_CLI_FORMAT_TABLE || opts->format == WK_CLI_FORMAT_CSV)) {
        /* these formats have no place for the token, and it must not be lost */
        fputs(rs->writer.token_name[0] == 'N'
                  ? WK_CLI_ERR_PREFIX "more users follow: continue with --starting-token "
                  : WK_CLI_ERR_PREFIX "more users follow: continue with --next-token ",
              err);
        bool err_failed = false; /* stderr failing changes nothing about the result */
        (void)wk_cli_write_safe(err, tok, len, false, &err_failed);
        fputc('\n', err);
    }
    /* a whole listing's document has no nextToken; one cut by --max-items a NextToken */
    if (wk_cli_writer_end(&rs->writer, tok, len) != 0) {
        return report_status(rs, WK_STOPPED, net_diag, err);
    }
    return WK_CLI_EXIT_OK;
}

int wk_cli_run(const wk_cli_options_t *opts, const wk_cli_config_t *cfg,
               const wk_connector_t *connector, const wk_connector_t *providers,
               const wk_diag_t *net_diag, const wk_diag_t *providers_diag, FILE *out, FILE *err)
{
    static run_state_t rs;
    wk_client_config_t cc;
    wk_status_t status;
    int rc;

    if (cfg->region[0] == '\0') {
        wk_cli_explain_no_region(err, cfg);
        return WK_CLI_EXIT_USAGE;
    }
    rs.opts = opts;
    rs.cfg = cfg;
    rs.cc = &cc;
    rs.err = err;
    rs.creds_rc = WK_CLI_EXIT_OK;
    memset(&cc, 0, sizeof(cc));
    cc.credentials.access_key_id = cfg->access_key_id;
    cc.credentials.secret_access_key = cfg->secret_access_key;
    cc.credentials.session_token = cfg->session_token[0] != '\0' ? cfg->session_token : NULL;
    rs.refreshable = wk_cli_creds_refreshable(cfg);
    if (rs.refreshable) {
        /* keys that expire, or none yet: the client asks the provider */
        (void)wk_cli_creds_init(&rs.creds, cfg, providers, providers_diag,
                                opts->process_timeout_ms != 0u ? opts->process_timeout_ms
                                                               : WK_CLI_PROCESS_TIMEOUT_MS);
        memset(&cc.credentials, 0, sizeof(cc.credentials));
    }
    cc.endpoint.region = cfg->region[0] != '\0' ? cfg->region : NULL;
    cc.endpoint.use_fips = cfg->use_fips;
    cc.endpoint.use_dualstack = cfg->use_dualstack;
    cc.endpoint.endpoint_url = cfg->endpoint_url[0] != '\0' ? cfg->endpoint_url : NULL;
    cc.connector = *connector;
    cc.max_attempts = opts->max_attempts;
    cc.connect_timeout_ms = opts->connect_timeout_ms;
    cc.read_timeout_ms = opts->read_timeout_ms;
    cc.call_timeout_ms = opts->call_timeout_ms;

    wk_cli_writer_init(&rs.writer, out, opts->format);
    rs.writer.csv_raw = opts->csv_raw;
    /* The progress line is for a person watching --all write to a file or pipe:
     * --debug lines would tear it, and rows on the same terminal (a JSON line
     * left open) would be overwritten by it. */
    wk_cli_progress_init(&rs.progress,
                         opts->all && !opts->debug && isatty(fileno(err)) && !isatty(fileno(out))
                             ? err
                             : NULL,
                         wk_port_now_ms());
    if (opts->debug) {
        wk_cli_explain_credentials(err, cfg);
        wk_cli_debug_wrap(&rs.debug, connector, err, &cc.connector);
    }
    status = wk_client_init(&rs.client, &cc);
    if (status == WK_OK && rs.refreshable) {
        status = wk_client_use_provider(&rs.client, &rs.creds.provider, &rs.creds.keys,
                                        &rs.creds.fetch);
    }
    if (status == WK_OK) {
        rc = fetch_pages(&rs, opts, net_diag, err);
    } else {
        rc = report_status(&rs, status, net_diag, err);
    }
    (void)wk_client_deinit(&rs.client);
    wk_cli_creds_end(&rs.creds);
    /* the client held the signing key and the last response */
    wk_port_zeroize(&rs, sizeof(rs));
    return rc;
}


/* The providers' connector: plain http for container and IMDS; for the AWS
 * IoT credentials provider TLS with the device certificate, trusting the CA
 * bundle, loaded now so that a bad file is a configuration error. */
static int providers_tls(wk_tls_connector_t *pnet, const wk_tcp_opener_t *provider_tcp,
                         const wk_cli_config_t *cfg, wk_connector_t *providers, FILE *err)
{
    wk_tls_trust_t trust = {NULL, NULL, 0u};
    wk_tls_client_cert_t device = {NULL, NULL, NULL, 0u, NULL, 0u};
    trust.ca_file = cfg->ca_bundle;
    (void)wk_tls_connector_init(pnet, provider_tcp, &trust, providers);
    if (cfg->creds_from != WK_CLI_CREDS_IOT) {
        return WK_CLI_EXIT_OK;
    }
    device.cert_file = cfg->iot.certificate;
    device.key_file = cfg->iot.private_key;
    if (wk_tls_connector_client_cert(pnet, &device) == WK_OK &&
        wk_tls_connector_load_ca(pnet) == WK_OK) {
        return WK_CLI_EXIT_OK;
    }
    fputs(WK_CLI_ERR_PREFIX "cannot use the device certificate, its key or the CA bundle for "
                            "the AWS IoT credentials provider: ", err);
    wk_cli_print_safe(err, wk_tls_connector_diag(pnet)->text);
    fputs("; nothing was sent\n", err);
    return WK_CLI_EXIT_USAGE;
}

int wk_cli_run_tls(const wk_tcp_opener_t *tcp, const wk_tcp_opener_t *provider_tcp,
                   const wk_cli_options_t *opts, const wk_cli_config_t *cfg, FILE *out, FILE *err)
{
    static wk_tls_connector_t net;
    static wk_tls_connector_t pnet;
    wk_connector_t providers;
    /* the run's reconnects (a server that closed a kept-alive connection,
     * a retry) resume its first handshake; across runs with --tls-session-file */
    static wk_tls_resume_t session;
    static wk_cli_tls_report_t report;
    wk_tls_trust_t trust = {NULL, NULL, 0u};
    wk_connector_t connector;
    int rc;
    trust.ca_file = cfg->ca_bundle;
    (void)wk_tls_connector_init(&net, tcp, &trust, &connector);
    (void)wk_tls_resume_init(&session);
    (void)wk_tls_connector_set_resume(&net, &session);
    wk_cli_session_load(&session, opts->tls_session_file, opts->debug, err);
    if (opts->debug) {
        wk_cli_tls_report_wrap(&report, &net, &connector, err, &connector);
    }
    rc = wk_cli_load_ca(&net, cfg, err);
    if (rc == WK_CLI_EXIT_OK && provider_tcp != NULL) {
        rc = providers_tls(&pnet, provider_tcp, cfg, &providers, err);
    }
    if (rc == WK_CLI_EXIT_OK) {
        rc = wk_cli_run(opts, cfg, &connector, provider_tcp != NULL ? &providers : NULL,
                        wk_tls_connector_diag(&net),
                        provider_tcp != NULL ? wk_tls_connector_diag(&pnet) : NULL, out, err);
    }
    if (provider_tcp != NULL) {
        (void)wk_tls_connector_free(&pnet);
    }
    (void)wk_tls_connector_free(&net);
    wk_cli_session_save(&session, opts->tls_session_file, err);
    (void)wk_tls_resume_free(&session);
    return rc;
}

/* ---- The flow every program shares ----------------------------------------------------- */

int wk_cli_main(const wk_cli_program_t *prog, int argc, char **argv, FILE *out, FILE *err)
{
    static wk_cli_options_t opts;
    static wk_cli_config_t cfg;
    char msg[WK_CLI_ERR_MAX];
    int rc = wk_cli_parse_args(argc, argv, &opts, msg, sizeof(msg));

    if (rc != WK_CLI_EXIT_OK) {
        /* the message may quote an argument or a config file: escaped */
        fprintf(err, "%s: ", prog->name);
        wk_cli_print_safe(err, msg);
        fprintf(err, "\n%s: try '%s --help'\n", prog->name, prog->name);
        return rc;
    }
    if (opts.help || opts.version) {
        if (opts.help) {
            prog->print_usage(out);
        } else {
            prog->print_version(out);
        }
        return wk_cli_flush(out, err);
    }
    rc = wk_cli_config_resolve(&opts, &cfg, msg, sizeof(msg));
    if (rc == WK_CLI_EXIT_OK) {
        rc = prog->run(prog->ctx, &opts, &cfg, out, err);
    } else {
        fprintf(err, "%s: ", prog->name);
        wk_cli_print_safe(err, msg);
        fputc('\n', err);
    }
    /* a refused configuration may hold the secret it read before failing */
    wk_cli_config_wipe(&cfg);
    return rc;
}
