/* SPDX-License-Identifier: Apache-2.0 */
/* The command line: flags, their values, and the --help text; see wk_cli.h. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wk/wk_json.h"
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
    FLAG_NO_PAGINATE,
    FLAG_PAGE_SIZE,
    FLAG_MAX_ITEMS,
    FLAG_PROFILE,
    FLAG_REGION,
    FLAG_ENDPOINT_URL,
    FLAG_CA_BUNDLE,
    FLAG_TLS_SESSION_FILE,
    FLAG_IOT_ENDPOINT, /* the five in wk_cli_iot_setting_t's order */
    FLAG_IOT_ROLE_ALIAS,
    FLAG_IOT_THING_NAME,
    FLAG_IOT_CERTIFICATE,
    FLAG_IOT_PRIVATE_KEY,
    FLAG_OUTPUT,
    FLAG_STARTING_TOKEN,
    FLAG_MAX_ATTEMPTS,
    FLAG_CONNECT_TIMEOUT,
    FLAG_READ_TIMEOUT,
    FLAG_CALL_TIMEOUT,
    FLAG_PROCESS_TIMEOUT,
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
    {"--next-token", true},   {"--all", false},        {"--no-paginate", false},
    {"--page-size", true},    {"--max-items", true},   {"--profile", true},
    {"--region", true},
    {"--endpoint-url", true}, {"--ca-bundle", true},   {"--tls-session-file", true},
    {"--iot-credentials-endpoint", true}, {"--iot-role-alias", true}, {"--iot-thing-name", true},
    {"--iot-certificate", true}, {"--iot-private-key", true},
    {"--output", true},
    {"--starting-token", true}, {"--max-attempts", true}, {"--connect-timeout", true},
    {"--read-timeout", true}, {"--call-timeout", true}, {"--credential-process-timeout", true},
    {"--debug", false},
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
    case FLAG_STARTING_TOKEN:
        ok = wk_cli_parse_starting_token(v, &o->cursor, err, cap) == 0;
        o->has_cursor = ok;
        break;
    case FLAG_MAX_ATTEMPTS:
        ok = parse_int_in(v, 1, 10, &n);
        o->max_attempts = (uint32_t)n;
        if (!ok) {
            set_err(err, cap, "--max-attempts must be a whole number from 1 to 10");
        }
        break;
    case FLAG_CALL_TIMEOUT:
    case FLAG_PROCESS_TIMEOUT:
        ok = parse_seconds(v, 100u, 3600000u,
                           id == FLAG_CALL_TIMEOUT ? &o->call_timeout_ms : &o->process_timeout_ms);
        if (!ok) {
            set_err(err, cap, "%s must be seconds from 0.1 to 3600 (at most 3 decimals)",
                    flag_specs[id].name);
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

/* ---- --starting-token ------------------------------------------------------------ */

/* Standard base64 with padding (RFC 4648 section 4), as Python's b64encode
 * writes the AWS CLI's tokens; false for anything else or more than @p cap bytes. */
static bool base64_decode(const char *s, size_t len, uint8_t *out, size_t cap, size_t *out_len)
{
    static const char k_alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    uint32_t acc = 0u;
    size_t i;
    size_t n = 0u;
    size_t pad = 0u;
    if (len == 0u || len % 4u != 0u) {
        return false;
    }
    for (i = 0u; i < len; i++) {
        const char *at = s[i] != '\0' ? strchr(k_alphabet, s[i]) : NULL;
        if (s[i] == '=' && i + 2u >= len && (pad > 0u || i + 1u == len || s[i + 1u] == '=')) {
            pad++;
            acc <<= 6;
        } else if (at == NULL || pad > 0u) {
            return false;
        } else {
            acc = (acc << 6) | (uint32_t)(at - k_alphabet);
        }
        if (i % 4u == 3u) {
            size_t k;
            for (k = 0u; k < 3u - pad; k++) {
                if (n == cap) {
                    return false;
                }
                out[n++] = (uint8_t)(acc >> (16u - 8u * k));
            }
            acc = 0u;
        }
    }
    *out_len = n;
    return true;
}

/* The AWS CLI's NextToken: {"nextToken": T, "boto_truncate_amount": N}. */
typedef struct aws_cli_token {
    uint32_t present;
    int32_t truncate;
    wk_str_t token;
    char token_buf[CONFIG_WK_NEXT_TOKEN_MAX];
    char strings[1];
} aws_cli_token_t;

static const wk_json_member_t k_aws_token_members[] = {
    WK_JSON_BOUNDED_TEXT("nextToken", offsetof(aws_cli_token_t, token),
                         CONFIG_WK_NEXT_TOKEN_MAX - 1u, "(CONFIG_WK_NEXT_TOKEN_MAX - 1)"),
    WK_JSON_INT32("boto_truncate_amount", offsetof(aws_cli_token_t, truncate)),
};
static const wk_json_object_t k_aws_token_table =
    WK_JSON_TABLE(k_aws_token_members, offsetof(aws_cli_token_t, present), 0u, NULL);
static const wk_json_doc_t k_aws_token_doc = {&k_aws_token_table,
                                              offsetof(aws_cli_token_t, strings), 1u,
                                              "AWS CLI token strings"};

/* 1 when @p text is not an AWS CLI token at all; 0 when it is one (read into
 * @p cursor); -1 when it is one that cannot be used. */
static int parse_aws_cli_token(const char *text, wk_cursor_t *cursor, char *err, size_t cap)
{
    static uint8_t json[(CONFIG_WK_NEXT_TOKEN_MAX + 64u) * 2u];
    static aws_cli_token_t doc;
    static wk_json_reader_t reader;
    wk_diag_t diag;
    size_t len = 0u;
    wk_status_t st;
    if (!base64_decode(text, strlen(text), json, sizeof(json), &len) || json[0] != '{') {
        return 1;
    }
    memset(&doc, 0, sizeof(doc));
    memset(&diag, 0, sizeof(diag));
    (void)wk_json_reader_init(&reader, &k_aws_token_doc, &doc);
    st = wk_json_reader_feed(&reader, json, len, &diag);
    if (st >= 0) {
        st = wk_json_reader_finish(&reader, &diag);
    }
    if (st != WK_OK || (doc.present & 1u) == 0u) {
        return 1; /* not the AWS CLI's: a service token that happens to be base64 */
    }
    if (doc.truncate < 0 || doc.token.len == 0u || memchr(doc.token.ptr, '\0', doc.token.len)) {
        set_err(err, cap, "--starting-token: the AWS CLI token has an unusable %s",
                doc.truncate < 0 ? "boto_truncate_amount" : "nextToken");
        return -1;
    }
    memset(cursor, 0, sizeof(*cursor));
    memcpy(cursor->token, doc.token.ptr, doc.token.len + 1u);
    cursor->token_len = doc.token.len;
    cursor->index = (uint32_t)doc.truncate;
    return 0;
}

int wk_cli_parse_starting_token(const char *text, wk_cursor_t *cursor, char *err, size_t err_cap)
{
    size_t len = strlen(text);
    int rc;
    if (strncmp(text, "wk1:", 4u) == 0 || strncmp(text, "wk2:", 4u) == 0) {
        wk_diag_t diag;
        memset(&diag, 0, sizeof(diag));
        if (wk_cursor_parse(cursor, text, len, &diag) != WK_OK) {
            set_err(err, err_cap, "--starting-token: %s", diag.text);
            return -1;
        }
        return 0;
    }
    rc = parse_aws_cli_token(text, cursor, err, err_cap);
    if (rc <= 0) {
        return rc;
    }
    /* a nextToken as the service gave it: the start of its page */
    if (len == 0u || len >= sizeof(cursor->token)) {
        set_err(err, err_cap, "--starting-token is %zu bytes; a page token of 1 to %zu fits", len,
                sizeof(cursor->token) - 1u);
        return -1;
    }
    memset(cursor, 0, sizeof(*cursor));
    memcpy(cursor->token, text, len + 1u);
    cursor->token_len = len;
    return 0;
}

/* Store one flag's value; false (err set) when the value cannot be used. */
static bool apply_flag(wk_cli_options_t *o, flag_id_t id, const char *v, char *err, size_t cap)
{
    bool ok = true;
    if (id >= FLAG_STARTING_TOKEN && id <= FLAG_PROCESS_TIMEOUT) {
        return apply_reliability_flag(o, id, v, err, cap);
    }
    /* Empty, these would be taken as not given (or, for a page token, sent to
     * be refused); an empty filter is sent, as the AWS CLI sends it. */
    if (v != NULL && v[0] == '\0' &&
        (id == FLAG_NEXT_TOKEN || id == FLAG_PROFILE || id == FLAG_REGION ||
         id == FLAG_ENDPOINT_URL || id == FLAG_TLS_SESSION_FILE ||
         (id >= FLAG_CA_BUNDLE && id <= FLAG_IOT_PRIVATE_KEY))) {
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
    case FLAG_ALL: o->all = true; break; /* the default: kept for the scripts that say it */
    case FLAG_NO_PAGINATE: o->no_paginate = true; break;
    case FLAG_PAGE_SIZE:
        ok = parse_int_in(v, 1, 100, &o->page_size);
        if (!ok) {
            set_err(err, cap, "--page-size must be a whole number from 1 to 100");
        }
        break;
    case FLAG_MAX_ITEMS:
        ok = parse_int_in(v, 1, 999999999, &o->max_items);
        if (!ok) {
            set_err(err, cap, "--max-items must be a whole number from 1 to 999999999");
        }
        break;
    case FLAG_PROFILE: o->profile = v; break;
    case FLAG_REGION: o->region = v; break;
    case FLAG_ENDPOINT_URL: o->endpoint_url = v; break;
    case FLAG_CA_BUNDLE: o->ca_bundle = v; break;
    case FLAG_TLS_SESSION_FILE: o->tls_session_file = v; break;
    case FLAG_IOT_ENDPOINT:
    case FLAG_IOT_ROLE_ALIAS:
    case FLAG_IOT_THING_NAME:
    case FLAG_IOT_CERTIFICATE:
    case FLAG_IOT_PRIVATE_KEY: o->iot[id - FLAG_IOT_ENDPOINT] = v; break;
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
    opts->all = true; /* as `aws wickr list-users`: every page unless --no-paginate */
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
    if (opts->page_size != 0 && opts->req.max_results != 0 &&
        opts->page_size != opts->req.max_results) {
        set_err(err, err_cap, "--page-size and --max-results name the same thing; give one");
        return WK_CLI_EXIT_USAGE;
    }
    if (opts->page_size != 0) {
        opts->req.max_results = opts->page_size;
    }
    if (opts->no_paginate && (opts->has_cursor || opts->max_items != 0)) {
        set_err(err, err_cap, "--no-paginate fetches one page: it cannot be used with %s",
                opts->has_cursor ? "--starting-token" : "--max-items");
        return WK_CLI_EXIT_USAGE;
    }
    opts->all = !opts->no_paginate;
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
          "\n"
          "Paging, as `aws wickr list-users`: every page is fetched, following nextToken\n"
          "(when stderr is a terminal, a line shows pages, users and users/s).\n"
          "  --no-paginate            fetch one page only; its nextToken is in the output\n"
          "  --page-size N            users per request, 1 to 100 (the service's default\n"
          "                           is 10); --max-results N is the same\n"
          "  --max-items N            stop after N users; when more follow, the output\n"
          "                           ends with \"NextToken\" (json, ndjson; stderr for\n"
          "                           table and csv) for --starting-token\n"
          "  --starting-token T       continue from T, with the same request options:\n"
          "                           a NextToken or a cursor printed after a failure\n"
          "                           (\"wk2:<index>:<digest>:<token in base64url>\", or\n"
          "                           \"wk1:<index>:<token>\" without the check of the users\n"
          "                           already written), a service nextToken, or the AWS\n"
          "                           CLI's NextToken\n"
          "  --next-token T           start at this service nextToken\n"
          "  --all                    every page: the default, accepted for older scripts\n"
          "\n",
          out);
    fputs("Connection:\n"
          "  --profile NAME           the profile of the shared files to use; the\n"
          "                           environment's keys are then not used\n"
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
          "  --credential-process-timeout S   seconds the profile's credential_process\n"
          "                           may run before it is stopped (default 60)\n"
          "                           (S may have decimals, e.g. 0.5)\n"
          "\n"
          "Credentials from the AWS IoT credentials provider, over mutual TLS with the\n"
          "device certificate (each flag replaces the profile's iot_* setting; the CA\n"
          "bundle is trusted for this endpoint too):\n"
          "  --iot-credentials-endpoint URL   https://PREFIX.credentials.iot.REGION.amazonaws.com\n"
          "  --iot-role-alias NAME    the role alias to ask for\n"
          "  --iot-thing-name NAME    sent as x-amzn-iot-thingname\n"
          "  --iot-certificate FILE   the device certificate (PEM)\n"
          "  --iot-private-key FILE   its private key (PEM)\n"
          "\n",
          out);
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
          "\n",
          out);
    fputs("Credentials, first found wins (botocore's order): the environment; the\n"
          "profile's AWS IoT settings; the credentials file; the profile's\n"
          "credential_process; the config file; container credentials; EC2 instance\n"
          "metadata (IMDSv2). Temporary ones are checked before every request, retries\n"
          "included, and asked for again shortly before they expire; --debug says which\n"
          "provider gave them and when they expire.\n"
          "\n",
          out);
    fputs("Environment:\n"
          "  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN   credentials\n"
          "  AWS_DEFAULT_PROFILE, AWS_PROFILE   profile when --profile is not given\n"
          "                                (default: default)\n"
          "  AWS_SHARED_CREDENTIALS_FILE   credentials file (default: ~/.aws/credentials)\n"
          "  AWS_CONFIG_FILE               config file (default: ~/.aws/config): keys,\n"
          "                                region, use_fips_endpoint, use_dualstack_endpoint,\n"
          "                                ca_bundle, endpoint_url, services,\n"
          "                                ignore_configured_endpoint_urls\n"
          "  AWS_REGION, AWS_DEFAULT_REGION              region when --region is not given\n"
          "  AWS_USE_FIPS_ENDPOINT, AWS_USE_DUALSTACK_ENDPOINT   true or false\n"
          "  AWS_ENDPOINT_URL_WICKR, AWS_ENDPOINT_URL     endpoint when --endpoint-url is not given\n"
          "  AWS_IGNORE_CONFIGURED_ENDPOINT_URLS   true: only --endpoint-url counts\n"
          "  AWS_CA_BUNDLE                 CA bundle when --ca-bundle is not given\n"
          "                                (default: " WK_CLI_SYSTEM_CA_BUNDLE ")\n"
          "  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, AWS_CONTAINER_CREDENTIALS_FULL_URI\n"
          "                                container credentials (ECS, EKS Pod Identity,\n"
          "                                Greengrass): a path on 169.254.170.2, or a URL\n"
          "                                (http only to loopback, 169.254.170.2,\n"
          "                                169.254.170.23, fd00:ec2::23)\n"
          "  AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE, AWS_CONTAINER_AUTHORIZATION_TOKEN\n"
          "                                its Authorization header (the file wins)\n"
          "  AWS_EC2_METADATA_SERVICE_ENDPOINT   IMDS (default: http://169.254.169.254);\n"
          "                                one attempt of 1 s\n"
          "  AWS_EC2_METADATA_DISABLED     true: do not ask IMDS\n"
          "\n",
          out);
    fputs("Exit codes:\n"
          "  0  success\n"
          "  1  any other failure\n"
          "  2  usage, configuration or request validation error, or standard output\n"
          "     closed (nothing was sent)\n"
          "  3  the service returned an error\n"
          "  4  network, DNS, TLS or timeout error\n"
          "  5  the response could not be parsed (HTTP framing or JSON)\n"
          "  6  a page changed while it was read (its users reordered, added or\n"
          "     removed): no exact resume point exists; run the listing again\n"
          "  7  a credential provider (credential_process, container, IMDS, AWS IoT)\n"
          "     failed, stalled or gave a bad document (credential_process's messages\n"
          "     pass through to stderr); nothing, or nothing more, was sent\n"
          "  After a failure once users or pages had come, the last error line gives\n"
          "  the --starting-token to continue (for exit 6, the start of the changed\n"
          "  page; not when output was lost; a --debug trace of the connection's\n"
          "  close may follow it).\n",
          out);
}
