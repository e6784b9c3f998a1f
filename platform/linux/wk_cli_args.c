/* SPDX-License-Identifier: Apache-2.0 */
/* The command line: flags, their values, and the --help text; see wk_cli.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wk_cli.h"

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
    FLAG_TLS_SESSION_FILE,
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
    {"--endpoint-url", true}, {"--ca-bundle", true},   {"--tls-session-file", true},
    {"--output", true},
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
         id == FLAG_CA_BUNDLE || id == FLAG_TLS_SESSION_FILE)) {
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
    case FLAG_TLS_SESSION_FILE: o->tls_session_file = v; break;
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
          "  --tls-session-file FILE  keep the TLS session in FILE (mode 0600) so that the\n"
          "                           next run resumes it instead of a full handshake; it\n"
          "                           holds the session's secret: keep it private\n"
          "  --max-attempts N         tries per page, first included, 1 to 10 (default " WK_CLI_STR(CONFIG_WK_MAX_ATTEMPTS) ")\n"
          "  --connect-timeout S      seconds for TCP connect plus TLS handshake\n"
          "  --read-timeout S         seconds to wait for the next byte of a response\n"
          "  --call-timeout S         seconds for one attempt, request to end of response\n"
          "                           (S may have decimals, e.g. 0.5)\n"
          "\n",
          out);
    /* two strings: C11 promises only 4095 bytes for one */
    fputs("Output:\n"
          "  --output FORMAT          json (default), ndjson, table (aligned columns) or\n"
          "                           csv (RFC 4180, CRLF line ends; guarded for\n"
          "                           spreadsheets: a cell starting with = + - @ gets a\n"
          "                           leading ', control characters are escaped)\n"
          "  --csv-raw                csv cells byte for byte, unguarded (for programs)\n"
          "  --debug                  log each request and response head to stderr,\n"
          "                           credentials and signature redacted, and whether\n"
          "                           each TLS handshake resumed a session\n"
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
