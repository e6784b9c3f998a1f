/* SPDX-License-Identifier: Apache-2.0 */
/* wickr-list-users: argument parsing, orchestration and the POSIX + mbedTLS
 * connector; see wk_cli.h. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wk_cli.h"
#include "wk_port.h"
#include "wk_port_posix.h"
#include "wk_tls.h"

/* ---- Arguments ------------------------------------------------------------------ */

#define WK_CLI_STR_(x) #x
#define WK_CLI_STR(x) WK_CLI_STR_(x)

typedef enum flag_id {
    FLAG_NETWORK_ID = 0,
    FLAG_MAX_RESULTS,
    FLAG_SORT_FIELDS,
    FLAG_SORT_DIRECTION,
    FLAG_FIRST_NAME,
    FLAG_LAST_NAME,
    FLAG_USERNAME,
    FLAG_STATUS,
    FLAG_GROUP_ID,
    FLAG_NEXT_TOKEN,
    FLAG_ALL,
    FLAG_REGION,
    FLAG_ENDPOINT_URL,
    FLAG_CA_BUNDLE,
    FLAG_OUTPUT,
    FLAG_STARTING_TOKEN,
    FLAG_MAX_ATTEMPTS,
    FLAG_CONNECT_TIMEOUT,
    FLAG_READ_TIMEOUT,
    FLAG_CALL_TIMEOUT,
    FLAG_DEBUG,
    FLAG_CSV_RAW,
    FLAG_HELP,
    FLAG_VERSION,
    FLAG_COUNT
} flag_id_t;

typedef struct flag_spec {
    const char *name;
    bool takes_value;
} flag_spec_t;

static const flag_spec_t flag_specs[FLAG_COUNT] = {
    {"--network-id", true},   {"--max-results", true}, {"--sort-fields", true},
    {"--sort-direction", true}, {"--first-name", true}, {"--last-name", true},
    {"--username", true},     {"--status", true},      {"--group-id", true},
    {"--next-token", true},   {"--all", false},        {"--region", true},
    {"--endpoint-url", true}, {"--ca-bundle", true},   {"--output", true},
    {"--starting-token", true}, {"--max-attempts", true}, {"--connect-timeout", true},
    {"--read-timeout", true}, {"--call-timeout", true}, {"--debug", false},
    {"--csv-raw", false},     {"--help", false},        {"--version", false},
};

static void set_err(char *err, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    (void)vsnprintf(err, cap, fmt, ap);
    va_end(ap);
}

/* Whole decimal integer within [lo, hi]; no sign, spaces or trailing bytes. */
static bool parse_int_in(const char *s, long lo, long hi, int32_t *out)
{
    long v = 0;
    size_t i;
    if (s[0] == '\0' || strlen(s) > 9u) {
        return false;
    }
    for (i = 0u; s[i] != '\0'; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        v = v * 10 + (s[i] - '0');
    }
    if (v < lo || v > hi) {
        return false;
    }
    *out = (int32_t)v;
    return true;
}

static bool parse_status(const char *s, int32_t *out)
{
    if (strcmp(s, "PENDING") == 0 || strcmp(s, "pending") == 0) {
        *out = 1;
        return true;
    }
    if (strcmp(s, "ACTIVE") == 0 || strcmp(s, "active") == 0) {
        *out = 2;
        return true;
    }
    return parse_int_in(s, 1, 2, out);
}

static bool parse_format(const char *s, wk_cli_format_t *out)
{
    if (strcmp(s, "json") == 0) {
        *out = WK_CLI_FORMAT_JSON;
    } else if (strcmp(s, "table") == 0) {
        *out = WK_CLI_FORMAT_TABLE;
    } else if (strcmp(s, "ndjson") == 0) {
        *out = WK_CLI_FORMAT_NDJSON;
    } else if (strcmp(s, "csv") == 0) {
        *out = WK_CLI_FORMAT_CSV;
    } else {
        return false;
    }
    return true;
}

/* Seconds as "N" or "N.fff" (at most 3 decimals) to milliseconds within
 * [lo_ms, hi_ms]; no sign, exponent or spaces. */
static bool parse_seconds(const char *s, uint32_t lo_ms, uint32_t hi_ms, uint32_t *out)
{
    uint64_t ms = 0u;
    size_t i = 0u;
    size_t decimals = 0u;
    for (; s[i] >= '0' && s[i] <= '9' && i < 7u; i++) {
        ms = ms * 10u + (uint64_t)(s[i] - '0');
    }
    if (i == 0u) {
        return false;
    }
    ms *= 1000u;
    if (s[i] == '.') {
        uint64_t scale = 100u;
        for (i++; s[i] >= '0' && s[i] <= '9' && decimals < 3u; i++, decimals++) {
            ms += (uint64_t)(s[i] - '0') * scale;
            scale /= 10u;
        }
        if (decimals == 0u) {
            return false;
        }
    }
    if (s[i] != '\0' || ms < lo_ms || ms > hi_ms) {
        return false;
    }
    *out = (uint32_t)ms;
    return true;
}

/* The retry and timeout flags. */
static bool apply_reliability_flag(wk_cli_options_t *o, flag_id_t id, const char *v, char *err,
                                   size_t cap)
{
    int32_t n = 0;
    bool ok;
    switch (id) {
    case FLAG_STARTING_TOKEN: {
        wk_diag_t diag;
        memset(&diag, 0, sizeof(diag));
        ok = wk_cursor_parse(&o->cursor, v, strlen(v), &diag) == WK_OK;
        o->has_cursor = ok;
        o->all = o->all || ok;
        if (!ok) {
            set_err(err, cap, "--starting-token: %s", diag.text);
        }
        break;
    }
    case FLAG_MAX_ATTEMPTS:
        ok = parse_int_in(v, 1, 10, &n);
        o->max_attempts = (uint32_t)n;
        if (!ok) {
            set_err(err, cap, "--max-attempts must be a whole number from 1 to 10");
        }
        break;
    case FLAG_CALL_TIMEOUT:
        ok = parse_seconds(v, 100u, 3600000u, &o->call_timeout_ms);
        if (!ok) {
            set_err(err, cap, "--call-timeout must be seconds from 0.1 to 3600 (at most 3 decimals)");
        }
        break;
    default:
        ok = parse_seconds(v, 100u, 600000u,
                           id == FLAG_CONNECT_TIMEOUT ? &o->connect_timeout_ms : &o->read_timeout_ms);
        if (!ok) {
            set_err(err, cap, "%s must be seconds from 0.1 to 600 (at most 3 decimals)",
                    flag_specs[id].name);
        }
        break;
    }
    return ok;
}

/* Store one flag's value; false (err set) when the value cannot be used. */
static bool apply_flag(wk_cli_options_t *o, flag_id_t id, const char *v, char *err, size_t cap)
{
    bool ok = true;
    if (id >= FLAG_STARTING_TOKEN && id <= FLAG_CALL_TIMEOUT) {
        return apply_reliability_flag(o, id, v, err, cap);
    }
    /* Empty, these would be taken as not given (or, for a page token, sent to
     * be refused); an empty filter is sent, as the AWS CLI sends it. */
    if (v != NULL && v[0] == '\0' &&
        (id == FLAG_NEXT_TOKEN || id == FLAG_REGION || id == FLAG_ENDPOINT_URL ||
         id == FLAG_CA_BUNDLE)) {
        set_err(err, cap, "%s must not be empty%s", flag_specs[id].name,
                id == FLAG_NEXT_TOKEN ? " (leave it out for the first page)" : "");
        return false;
    }
    switch (id) {
    case FLAG_NETWORK_ID: o->req.network_id = v; break;
    case FLAG_MAX_RESULTS:
        /* checked here: 0 would mean "omitted" in the request, silently dropping the flag */
        ok = parse_int_in(v, 1, 100, &o->req.max_results);
        if (!ok) {
            set_err(err, cap, "--max-results must be a whole number from 1 to 100");
        }
        break;
    case FLAG_SORT_FIELDS: o->req.sort_fields = v; break;
    case FLAG_SORT_DIRECTION: o->req.sort_direction = v; break;
    case FLAG_FIRST_NAME: o->req.first_name = v; break;
    case FLAG_LAST_NAME: o->req.last_name = v; break;
    case FLAG_USERNAME: o->req.username = v; break;
    case FLAG_STATUS:
        ok = parse_status(v, &o->req.status);
        if (!ok) {
            set_err(err, cap, "--status must be 1, 2, PENDING or ACTIVE");
        }
        break;
    case FLAG_GROUP_ID: o->req.group_id = v; break;
    case FLAG_NEXT_TOKEN:
        o->req.next_token = v;
        if (strlen(v) >= CONFIG_WK_NEXT_TOKEN_MAX) {
            set_err(err, cap, "--next-token is %zu bytes; at most %u fit", strlen(v),
                    (unsigned)CONFIG_WK_NEXT_TOKEN_MAX - 1u);
            ok = false;
        }
        break;
    case FLAG_ALL: o->all = true; break;
    case FLAG_REGION: o->region = v; break;
    case FLAG_ENDPOINT_URL: o->endpoint_url = v; break;
    case FLAG_CA_BUNDLE: o->ca_bundle = v; break;
    case FLAG_OUTPUT:
        ok = parse_format(v, &o->format);
        if (!ok) {
            set_err(err, cap, "--output must be json, table, ndjson or csv");
        }
        break;
    case FLAG_DEBUG: o->debug = true; break;
    case FLAG_CSV_RAW: o->csv_raw = true; break;
    case FLAG_HELP: o->help = true; break;
    case FLAG_VERSION: o->version = true; break;
    default: ok = false; break;
    }
    return ok;
}

/* Which flag @p arg names ("--name" or "--name=value", or -h); FLAG_COUNT when none. */
static flag_id_t find_flag(const char *arg, const char **inline_value)
{
    size_t name_len = strcspn(arg, "=");
    int i;
    *inline_value = arg[name_len] == '=' ? arg + name_len + 1u : NULL;
    if (strcmp(arg, "-h") == 0) {
        return FLAG_HELP; /* the one short option: what people try first */
    }
    for (i = 0; i < (int)FLAG_COUNT; i++) {
        if (strlen(flag_specs[i].name) == name_len &&
            memcmp(flag_specs[i].name, arg, name_len) == 0) {
            return (flag_id_t)i;
        }
    }
    return FLAG_COUNT;
}

int wk_cli_parse_args(int argc, char **argv, wk_cli_options_t *opts, char *err, size_t err_cap)
{
    int i;
    memset(opts, 0, sizeof(*opts));
    err[0] = '\0';
    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *value;
        flag_id_t id = find_flag(arg, &value);
        if (id == FLAG_COUNT) {
            set_err(err, err_cap, arg[0] == '-' ? "unknown option '%s'" : "unexpected argument '%s'",
                    arg);
            return WK_CLI_EXIT_USAGE;
        }
        if (!flag_specs[id].takes_value && value != NULL) {
            set_err(err, err_cap, "%s takes no value", flag_specs[id].name);
            return WK_CLI_EXIT_USAGE;
        }
        if (flag_specs[id].takes_value && value == NULL) {
            /* a following "--x" is taken as a forgotten value, not as the value */
            if (i + 1 >= argc || strncmp(argv[i + 1], "--", 2u) == 0) {
                set_err(err, err_cap, "%s needs a value (use %s=VALUE for one starting with --)",
                        flag_specs[id].name, flag_specs[id].name);
                return WK_CLI_EXIT_USAGE;
            }
            value = argv[++i];
        }
        if (!apply_flag(opts, id, value, err, err_cap)) {
            return WK_CLI_EXIT_USAGE;
        }
    }
    if (!opts->help && !opts->version && opts->req.network_id == NULL) {
        set_err(err, err_cap, "--network-id is required");
        return WK_CLI_EXIT_USAGE;
    }
    if (opts->has_cursor && opts->req.next_token != NULL) {
        set_err(err, err_cap, "--starting-token and --next-token cannot be used together");
        return WK_CLI_EXIT_USAGE;
    }
    if (opts->csv_raw && opts->format != WK_CLI_FORMAT_CSV) {
        set_err(err, err_cap, "--csv-raw needs --output csv");
        return WK_CLI_EXIT_USAGE;
    }
    return WK_CLI_EXIT_OK;
}

void wk_cli_print_usage(FILE *out)
{
    fputs("Usage: " WK_CLI_NAME " --network-id ID [options]\n"
          "\n"
          "List the users of an AWS Wickr network (Wickr Admin API ListUsers).\n"
          "Every option also accepts the form --option=VALUE.\n"
          "\n"
          "Request:\n"
          "  --network-id ID          the network, 8 digits (required)\n"
          "  --max-results N          users per page, 1 to 100 (the service's default is 10)\n"
          "  --sort-fields F          username, firstName, lastName, status, groupId, joined by '+'\n"
          "  --sort-direction D       ASC or DESC\n"
          "  --first-name S           only users with this first name\n"
          "  --last-name S            only users with this last name\n"
          "  --username S             only users with this username\n"
          "  --status S               1 or PENDING, 2 or ACTIVE\n"
          "  --group-id S             only members of this security group\n"
          "  --next-token T           start at this page token\n"
          "  --all                    follow nextToken to the last page (when stderr is a\n"
          "                           terminal, it shows pages, users and users/s)\n"
          "  --starting-token C       continue a listing that failed, from the cursor it\n"
          "                           printed (\"wk2:<index>:<digest>:<token in base64url>\",\n"
          "                           or \"wk1:<index>:<token>\" without the check of the\n"
          "                           users already written), with the same request\n"
          "                           options; implies --all\n"
          "\n"
          "Connection:\n"
          "  --region R               AWS region, e.g. us-east-1\n"
          "  --endpoint-url URL       send requests to this URL instead of the regional endpoint\n"
          "  --ca-bundle FILE         PEM file of trusted CA certificates\n"
          "  --max-attempts N         tries per page, first included, 1 to 10 (default " WK_CLI_STR(CONFIG_WK_MAX_ATTEMPTS) ")\n"
          "  --connect-timeout S      seconds for TCP connect plus TLS handshake\n"
          "  --read-timeout S         seconds to wait for the next byte of a response\n"
          "  --call-timeout S         seconds for one attempt, request to end of response\n"
          "                           (S may have decimals, e.g. 0.5)\n"
          "\n"
          "Output:\n"
          "  --output FORMAT          json (default), ndjson, table (aligned columns) or\n"
          "                           csv (RFC 4180, CRLF line ends; guarded for\n"
          "                           spreadsheets: a cell starting with = + - @ gets a\n"
          "                           leading ', control characters are escaped)\n"
          "  --csv-raw                csv cells byte for byte, unguarded (for programs)\n"
          "  --debug                  log each request and response head to stderr,\n"
          "                           credentials and signature redacted\n"
          "  --help, -h               show this text\n"
          "  --version                show the program and mbedTLS versions\n"
          "\n"
          "Environment:\n"
          "  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN   credentials\n"
          "  AWS_PROFILE                   profile to read (default: default)\n"
          "  AWS_SHARED_CREDENTIALS_FILE   credentials file (default: ~/.aws/credentials)\n"
          "  AWS_CONFIG_FILE               config file (default: ~/.aws/config): region,\n"
          "                                use_fips_endpoint, use_dualstack_endpoint, ca_bundle\n"
          "  AWS_REGION, AWS_DEFAULT_REGION              region when --region is not given\n"
          "  AWS_USE_FIPS_ENDPOINT, AWS_USE_DUALSTACK_ENDPOINT   true or false\n"
          "  AWS_ENDPOINT_URL_WICKR, AWS_ENDPOINT_URL     endpoint when --endpoint-url is not given\n"
          "  AWS_CA_BUNDLE                 CA bundle when --ca-bundle is not given\n"
          "                                (default: " WK_CLI_SYSTEM_CA_BUNDLE ")\n"
          "\n"
          "Exit codes:\n"
          "  0  success\n"
          "  1  any other failure\n"
          "  2  usage, configuration or request validation error, or standard output\n"
          "     closed (nothing was sent)\n"
          "  3  the service returned an error\n"
          "  4  network, DNS, TLS or timeout error\n"
          "  5  the response could not be parsed (HTTP framing or JSON)\n"
          "  6  a page changed while it was read (its users reordered, added or\n"
          "     removed): no exact resume point exists; run the listing again\n"
          "  After a failure once users or pages had come, the last error line gives\n"
          "  the --starting-token to continue (for exit 6, the start of the changed\n"
          "  page; not when output was lost; a --debug trace of the connection's\n"
          "  close may follow it).\n",
          out);
}

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

/* WK_CLI_NO_CONNECTOR builds only parsing and orchestration, for programs that
 * bring their own network stack (platform/lwip-tap). */
#ifndef WK_CLI_NO_CONNECTOR
static void print_version(FILE *out)
{
    char tls[WK_TLS_VERSION_MAX];
    fprintf(out, "%s %s\n", WK_CLI_NAME, WK_VERSION_STRING);
    if (wk_tls_version(tls, sizeof(tls)) == WK_OK) {
        fprintf(out, "%s\n", tls);
    }
}
#endif /* WK_CLI_NO_CONNECTOR */

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

static wk_status_t on_user(void *ctx, const wk_user_t *user)
{
    run_state_t *rs = ctx;
    return wk_cli_writer_user(&rs->writer, user);
}

/* Flush what the page produced before the next one is requested. */
static wk_status_t page_done(void *ctx, const wk_client_stats_t *stats)
{
    run_state_t *rs = ctx;
    if (wk_cli_writer_page_done(&rs->writer) != 0) {
        return WK_STOPPED;
    }
    wk_cli_progress_update(&rs->progress, stats->pages, stats->users, wk_port_now_ms());
    return WK_OK;
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
    if (status != WK_OK) {
        /* the users the cursor counts as written must be out: the table holds rows back */
        if (!rs->writer.failed && wk_cli_writer_page_done(&rs->writer) != 0) {
            rs->writer.failed = true;
        }
        return report_resumable(rs, report_status(rs, status, net_diag, err), err);
    }
    if (tok != NULL && (opts->format == WK_CLI_FORMAT_TABLE || opts->format == WK_CLI_FORMAT_CSV)) {
        /* these formats have no place for the token, and it must not be lost */
        fputs(WK_CLI_ERR_PREFIX "more users follow: continue with --next-token ", err);
        bool err_failed = false; /* stderr failing changes nothing about the result */
        (void)wk_cli_write_safe(err, tok, len, false, &err_failed);
        fputc('\n', err);
    }
    /* with --all the merged document has no nextToken */
    if (wk_cli_writer_end(&rs->writer, tok, len) != 0) {
        return report_status(rs, WK_STOPPED, net_diag, err);
    }
    return WK_CLI_EXIT_OK;
}

int wk_cli_run(const wk_cli_options_t *opts, const wk_cli_config_t *cfg,
               const wk_connector_t *connector, const wk_diag_t *net_diag, FILE *out, FILE *err)
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
    memset(&cc, 0, sizeof(cc));
    cc.credentials.access_key_id = cfg->access_key_id;
    cc.credentials.secret_access_key = cfg->secret_access_key;
    cc.credentials.session_token = cfg->session_token[0] != '\0' ? cfg->session_token : NULL;
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
        wk_cli_debug_wrap(&rs.debug, connector, err, &cc.connector);
    }
    status = wk_client_init(&rs.client, &cc);
    if (status == WK_OK) {
        rc = fetch_pages(&rs, opts, net_diag, err);
    } else {
        rc = report_status(&rs, status, net_diag, err);
    }
    (void)wk_client_deinit(&rs.client);
    /* the client held the signing key and the last response */
    wk_port_zeroize(&rs, sizeof(rs));
    return rc;
}

/* ---- The POSIX + mbedTLS connector -------------------------------------------------- */
#ifndef WK_CLI_NO_CONNECTOR

int wk_cli_main(int argc, char **argv, FILE *out, FILE *err)
{
    static wk_cli_options_t opts;
    static wk_cli_config_t cfg;
    static wk_posix_conn_t tcp_conn;
    static wk_tls_connector_t net;
    wk_tcp_opener_t tcp;
    wk_tls_trust_t trust = {NULL, NULL, 0u};
    char msg[WK_CLI_ERR_MAX];
    wk_connector_t connector;
    int rc = wk_cli_parse_args(argc, argv, &opts, msg, sizeof(msg));

    if (rc != WK_CLI_EXIT_OK) {
        fprintf(err, WK_CLI_ERR_PREFIX "%s\n" WK_CLI_ERR_PREFIX "try '%s --help'\n", msg,
                WK_CLI_NAME);
        return rc;
    }
    if (opts.help || opts.version) {
        if (opts.help) {
            wk_cli_print_usage(out);
        } else {
            print_version(out);
        }
        return wk_cli_flush(out, err);
    }
    rc = wk_cli_config_resolve(&opts, &cfg, msg, sizeof(msg));
    if (rc != WK_CLI_EXIT_OK) {
        fprintf(err, WK_CLI_ERR_PREFIX "%s\n", msg);
        return rc;
    }
    tcp = wk_posix_opener(&tcp_conn);
    trust.ca_file = cfg.ca_bundle;
    (void)wk_tls_connector_init(&net, &tcp, &trust, &connector);
    rc = wk_cli_load_ca(&net, &cfg, err);
    if (rc == WK_CLI_EXIT_OK) {
        rc = wk_cli_run(&opts, &cfg, &connector, wk_tls_connector_diag(&net), out, err);
    }
    (void)wk_tls_connector_free(&net);
    wk_cli_config_wipe(&cfg);
    return rc;
}

#ifndef WK_CLI_NO_MAIN
int main(int argc, char **argv)
{
    /* A file or pipe takes the users in large writes: stdio's default buffer
     * (4 KiB) would mean many per page, and each page is flushed anyway
     * (wk_cli_writer_page_done()). A terminal keeps its line buffering. */
    static char out_buf[64 * 1024];
    int rc = wk_cli_std_fds(WK_CLI_NAME);
    if (rc != WK_CLI_EXIT_OK) {
        return rc;
    }
    if (!isatty(fileno(stdout))) {
        (void)setvbuf(stdout, out_buf, _IOFBF, sizeof(out_buf));
    }
    return wk_cli_main(argc, argv, stdout, stderr);
}
#endif
#endif /* WK_CLI_NO_CONNECTOR */
