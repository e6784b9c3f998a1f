/* SPDX-License-Identifier: Apache-2.0 */
/* wickr-list-users without a network: arguments, configuration lookup,
 * output writers, exit codes, and whole runs through a scripted connector. */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "fake_transport.h"
#include "wk_cli.h"
#include "wk_port_posix.h"
#include "wk_tls.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- helpers ----------------------------------------------------------------- */

typedef struct capture {
    char *buf;
    size_t len;
    FILE *f;
} capture_t;

static void capture_open(capture_t *c)
{
    c->buf = NULL;
    c->len = 0u;
    c->f = open_memstream(&c->buf, &c->len);
    assert_non_null(c->f);
}

/* Close the stream; c->buf then holds everything written, NUL-terminated. */
static const char *capture_text(capture_t *c)
{
    assert_int_equal(fclose(c->f), 0);
    c->f = NULL;
    return c->buf;
}

static void capture_free(capture_t *c)
{
    if (c->f != NULL) {
        (void)fclose(c->f);
    }
    free(c->buf);
    c->buf = NULL;
}

static char tmp_dir[256];

static void write_bytes(const char *name, const char *data, size_t len, char *path, size_t cap)
{
    FILE *f;
    (void)snprintf(path, cap, "%s/%s", tmp_dir, name);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static void write_file(const char *name, const char *text, char *path, size_t cap)
{
    write_bytes(name, text, strlen(text), path, cap);
}

static const char *const aws_vars[] = {
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
    "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "AWS_REGION", "AWS_DEFAULT_REGION",
    "AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT", "AWS_ENDPOINT_URL_WICKR",
    "AWS_ENDPOINT_URL", "AWS_CA_BUNDLE", "AWS_DEFAULT_PROFILE",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_EC2_METADATA_SERVICE_ENDPOINT",
};

/* Every test starts from a clean environment whose HOME has no ~/.aws. */
static int env_setup(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(aws_vars) / sizeof(aws_vars[0]); i++) {
        unsetenv(aws_vars[i]);
    }
    /* the chain's last place would ask 169.254.169.254: a test asks loopback only */
    setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
    (void)snprintf(tmp_dir, sizeof(tmp_dir), "/tmp/wk_cli_test_XXXXXX");
    if (mkdtemp(tmp_dir) == NULL) {
        return -1;
    }
    setenv("HOME", tmp_dir, 1);
    return 0;
}

static int env_teardown(void **state)
{
    char cmd[300];
    (void)state;
    (void)snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static wk_cli_options_t no_options(void)
{
    wk_cli_options_t o;
    memset(&o, 0, sizeof(o));
    o.req.network_id = "12345678";
    return o;
}

/* ---- argument parsing ---------------------------------------------------------- */

static void test_args_every_flag_space_form(void **state)
{
    char *argv[] = {"prog", "--network-id", "12345678", "--max-results", "100",
                    "--sort-fields", "lastName+firstName", "--sort-direction", "DESC",
                    "--first-name", "Ann", "--last-name", "Lee", "--username", "ann@x",
                    "--status", "ACTIVE", "--group-id", "G1", "--next-token", "tok",
                    "--all", "--region", "eu-west-1", "--endpoint-url", "https://h:8443",
                    "--ca-bundle", "/ca.pem", "--output", "csv", "--csv-raw", "--debug"};
    wk_cli_options_t o;
    char err[WK_CLI_ERR_MAX];
    (void)state;
    assert_int_equal(wk_cli_parse_args(ARGC(argv), argv, &o, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(o.req.network_id, "12345678");
    assert_int_equal(o.req.max_results, 100);
    assert_string_equal(o.req.sort_fields, "lastName+firstName");
    assert_string_equal(o.req.sort_direction, "DESC");
    assert_string_equal(o.req.first_name, "Ann");
    assert_string_equal(o.req.last_name, "Lee");
    assert_string_equal(o.req.username, "ann@x");
    assert_int_equal(o.req.status, 2);
    assert_string_equal(o.req.group_id, "G1");
    assert_string_equal(o.req.next_token, "tok");
    assert_true(o.all);
    assert_string_equal(o.region, "eu-west-1");
    assert_string_equal(o.endpoint_url, "https://h:8443");
    assert_string_equal(o.ca_bundle, "/ca.pem");
    assert_int_equal(o.format, WK_CLI_FORMAT_CSV);
    assert_true(o.csv_raw);
    assert_true(o.debug);
    assert_false(o.help);
    assert_false(o.version);
}

static void test_args_every_flag_equals_form(void **state)
{
    char *argv[] = {"prog", "--network-id=87654321", "--max-results=1", "--sort-fields=username",
                    "--sort-direction=ASC", "--first-name=--dash", "--last-name=",
                    "--username=a=b", "--status=PENDING", "--group-id=G2", "--next-token=t==",
                    "--region=us-east-1", "--endpoint-url=http://127.0.0.1:1",
                    "--ca-bundle=/x", "--output=table"};
    wk_cli_options_t o;
    char err[WK_CLI_ERR_MAX];
    (void)state;
    assert_int_equal(wk_cli_parse_args(ARGC(argv), argv, &o, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(o.req.network_id, "87654321");
    assert_int_equal(o.req.max_results, 1);
    assert_string_equal(o.req.sort_fields, "username");
    assert_string_equal(o.req.sort_direction, "ASC");
    assert_string_equal(o.req.first_name, "--dash");
    assert_string_equal(o.req.last_name, ""); /* set, empty: sent as an empty value */
    assert_string_equal(o.req.username, "a=b");
    assert_int_equal(o.req.status, 1);
    assert_string_equal(o.req.group_id, "G2");
    assert_string_equal(o.req.next_token, "t==");
    assert_true(o.all); /* every page unless --no-paginate, as the AWS CLI */
    assert_string_equal(o.region, "us-east-1");
    assert_string_equal(o.endpoint_url, "http://127.0.0.1:1");
    assert_string_equal(o.ca_bundle, "/x");
    assert_int_equal(o.format, WK_CLI_FORMAT_TABLE);
}

static void test_args_defaults_and_numeric_status(void **state)
{
    char *argv[] = {"prog", "--network-id", "12345678", "--status", "1"};
    char *argv2[] = {"prog", "--status=2", "--network-id=12345678", "--output=csv"};
    wk_cli_options_t o;
    char err[WK_CLI_ERR_MAX];
    (void)state;
    assert_int_equal(wk_cli_parse_args(ARGC(argv), argv, &o, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_int_equal(o.req.status, 1);
    assert_int_equal(o.req.max_results, 0);
    assert_null(o.req.sort_fields);
    assert_null(o.req.next_token);
    assert_null(o.region);
    assert_int_equal(o.format, WK_CLI_FORMAT_JSON);
    assert_false(o.debug);
    assert_false(o.csv_raw);
    assert_int_equal(wk_cli_parse_args(ARGC(argv2), argv2, &o, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_int_equal(o.req.status, 2);
    assert_int_equal(o.format, WK_CLI_FORMAT_CSV);
}

static void expect_usage(int argc, char **argv, const char *needle)
{
    wk_cli_options_t o;
    char err[WK_CLI_ERR_MAX];
    assert_int_equal(wk_cli_parse_args(argc, argv, &o, err, sizeof(err)), WK_CLI_EXIT_USAGE);
    if (strstr(err, needle) == NULL) {
        fail_msg("error '%s' does not mention '%s'", err, needle);
    }
}

static void test_args_bad_values(void **state)
{
    char *a1[] = {"p", "--network-id", "12345678", "--max-results", "0"};
    char *a2[] = {"p", "--network-id", "12345678", "--max-results", "101"};
    char *a3[] = {"p", "--network-id", "12345678", "--max-results", "ten"};
    char *a4[] = {"p", "--network-id", "12345678", "--max-results=10x"};
    char *a5[] = {"p", "--network-id", "12345678", "--max-results=-1"};
    char *a6[] = {"p", "--network-id", "12345678", "--max-results=99999999999999999999"};
    char *a7[] = {"p", "--network-id", "12345678", "--status", "3"};
    char *a8[] = {"p", "--network-id", "12345678", "--status", "INVITED"};
    char *a9[] = {"p", "--network-id", "12345678", "--output", "yaml"};
    char *a10[] = {"p", "--network-id", "12345678", "--max-results="};
    char *a11[] = {"p", "--network-id", "12345678", "--debug=yes"};
    char *a12[] = {"p", "--network-id", "12345678", "--csv-raw"};
    char *a13[] = {"p", "--network-id", "12345678", "--output", "csv", "--csv-raw",
                   "--output", "table"};
    (void)state;
    expect_usage(ARGC(a1), a1, "--max-results");
    expect_usage(ARGC(a2), a2, "--max-results");
    expect_usage(ARGC(a3), a3, "--max-results");
    expect_usage(ARGC(a4), a4, "--max-results");
    expect_usage(ARGC(a5), a5, "--max-results");
    expect_usage(ARGC(a6), a6, "--max-results");
    expect_usage(ARGC(a7), a7, "--status");
    expect_usage(ARGC(a8), a8, "--status");
    expect_usage(ARGC(a9), a9, "--output");
    expect_usage(ARGC(a10), a10, "--max-results");
    expect_usage(ARGC(a11), a11, "--debug takes no value");
    expect_usage(ARGC(a12), a12, "--csv-raw needs --output csv");
    expect_usage(ARGC(a13), a13, "--csv-raw needs --output csv");
}

/* Empty values that would be dropped or refused by the service are refused
 * here; an empty filter is sent as it is, as the AWS CLI sends it. */
static void test_args_empty_and_long_values(void **state)
{
    static char token[CONFIG_WK_NEXT_TOKEN_MAX + 1];
    char *a1[] = {"p", "--network-id", "12345678", "--next-token", ""};
    char *a2[] = {"p", "--network-id", "12345678", "--region="};
    char *a3[] = {"p", "--network-id", "12345678", "--endpoint-url", ""};
    char *a4[] = {"p", "--network-id", "12345678", "--ca-bundle="};
    char *a5[] = {"p", "--network-id", "12345678", "--next-token", token};
    char *a6[] = {"p", "--network-id", "12345678", "--first-name", "", "--group-id="};
    wk_cli_options_t o;
    char err[WK_CLI_ERR_MAX];
    (void)state;
    expect_usage(ARGC(a1), a1, "--next-token must not be empty (leave it out for the first page)");
    expect_usage(ARGC(a2), a2, "--region must not be empty");
    expect_usage(ARGC(a3), a3, "--endpoint-url must not be empty");
    expect_usage(ARGC(a4), a4, "--ca-bundle must not be empty");
    memset(token, 'x', sizeof(token) - 1u);
    expect_usage(ARGC(a5), a5, "--next-token is 1024 bytes; at most 1023 fit");
    token[sizeof(token) - 2u] = '\0';
    assert_int_equal(wk_cli_parse_args(ARGC(a5), a5, &o, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_int_equal(wk_cli_parse_args(ARGC(a6), a6, &o, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(o.req.first_name, "");
    assert_string_equal(o.req.group_id, "");
}

static void test_args_missing_values(void **state)
{
    char *a1[] = {"p", "--network-id"};
    char *a2[] = {"p", "--network-id", "12345678", "--region"};
    char *a3[] = {"p", "--first-name", "--network-id", "12345678"};
    char *a4[] = {"p", "--region", "us-east-1"};
    char *a5[] = {"p"};
    (void)state;
    expect_usage(ARGC(a1), a1, "--network-id needs a value");
    expect_usage(ARGC(a2), a2, "--region needs a value");
    expect_usage(ARGC(a3), a3, "--first-name needs a value");
    expect_usage(ARGC(a4), a4, "--network-id is required");
    expect_usage(ARGC(a5), a5, "--network-id is required");
}

static void test_args_unknown_duplicate_and_stray(void **state)
{
    char *a1[] = {"p", "--network-id", "12345678", "--colour", "red"};
    char *a2[] = {"p", "--network-id", "12345678", "--network", "1"};
    char *a3[] = {"p", "--network-id", "12345678", "extra"};
    char *a5[] = {"p", "--network-id", "12345678", "--all=yes"};
    char *a6[] = {"p", "--network-id", "12345678", "-v"};
    char *a7[] = {"p", "--NETWORK-ID", "12345678"};
    (void)state;
    expect_usage(ARGC(a1), a1, "unknown option '--colour'");
    expect_usage(ARGC(a2), a2, "unknown option '--network'");
    expect_usage(ARGC(a3), a3, "unexpected argument 'extra'");
    expect_usage(ARGC(a5), a5, "--all takes no value");
    expect_usage(ARGC(a6), a6, "unknown option '-v'");
    expect_usage(ARGC(a7), a7, "unknown option");
}

static void test_args_repeated_flag_last_wins(void **state)
{
    char *argv[] = {"p", "--network-id", "11111111", "--ca-bundle", "/a.pem", "--output=table",
                    "--ca-bundle=/b.pem", "--network-id=22222222", "--output", "json"};
    wk_cli_options_t o;
    char err[WK_CLI_ERR_MAX];
    (void)state;
    assert_int_equal(wk_cli_parse_args(ARGC(argv), argv, &o, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(o.ca_bundle, "/b.pem");
    assert_string_equal(o.req.network_id, "22222222");
    assert_int_equal(o.format, WK_CLI_FORMAT_JSON);
}

static void test_args_reliability_flags(void **state)
{
    char *ok[] = {"p", "--network-id", "12345678", "--max-attempts", "10", "--connect-timeout",
                  "0.25", "--read-timeout=600", "--call-timeout", "3600.000",
                  "--starting-token", "wk1:7:dDI"};
    char *conflict[] = {"p", "--network-id", "12345678", "--starting-token", "wk1:0:",
                        "--next-token", "t"};
    static const char *const bad[][2] = {
        {"--max-attempts", "0"},        {"--max-attempts", "11"},
        {"--connect-timeout", "0.09"},  {"--connect-timeout", "600.001"},
        {"--read-timeout", "1.2345"},   {"--read-timeout", "1."},
        {"--read-timeout", "-1"},       {"--call-timeout", "3600.5"},
        {"--call-timeout", "1e3"},      {"--starting-token", "wk2:1:dDI"},
        {"--starting-token", "wk1:1:Y"},
    };
    wk_cli_options_t o;
    char err[WK_CLI_ERR_MAX];
    size_t i;
    (void)state;
    assert_int_equal(wk_cli_parse_args(ARGC(ok), ok, &o, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_int_equal(o.max_attempts, 10);
    assert_int_equal(o.connect_timeout_ms, 250);
    assert_int_equal(o.read_timeout_ms, 600000);
    assert_int_equal(o.call_timeout_ms, 3600000);
    assert_true(o.has_cursor && o.all); /* --starting-token continues a whole listing */
    assert_string_equal(o.cursor.token, "t2");
    assert_int_equal(o.cursor.index, 7);
    assert_int_equal(wk_cli_parse_args(ARGC(conflict), conflict, &o, err, sizeof(err)),
                     WK_CLI_EXIT_USAGE);
    assert_non_null(strstr(err, "cannot be used together"));
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char *argv[] = {"p", "--network-id", "12345678", (char *)bad[i][0], (char *)bad[i][1]};
        if (wk_cli_parse_args(ARGC(argv), argv, &o, err, sizeof(err)) != WK_CLI_EXIT_USAGE) {
            fail_msg("%s %s was accepted", bad[i][0], bad[i][1]);
        }
        assert_non_null(strstr(err, bad[i][0]));
    }
}

/* Paging flags as `aws wickr list-users` has them. */
static void test_args_paging(void **state)
{
    char *dflt[] = {"p", "--network-id", "12345678"};
    char *one[] = {"p", "--network-id", "12345678", "--no-paginate", "--page-size", "7"};
    char *items[] = {"p", "--network-id", "12345678", "--max-items=5", "--page-size=3",
                     "--max-results", "3", "--all"};
    static char *const bad[][6] = {
        {"p", "--network-id", "12345678", "--page-size", "0", "page-size must be"},
        {"p", "--network-id", "12345678", "--page-size", "101", "page-size must be"},
        {"p", "--network-id", "12345678", "--max-items", "0", "max-items must be"},
        {"p", "--network-id", "12345678", "--max-items", "-1", "max-items must be"},
        {"p", "--network-id", "12345678", "--no-paginate", "--max-items=2", "cannot be used with"},
        {"p", "--network-id", "12345678", "--no-paginate", "--starting-token=t",
         "cannot be used with --starting-token"},
    };
    char *conflict[] = {"p", "--network-id", "12345678", "--page-size", "3", "--max-results", "4"};
    wk_cli_options_t o;
    char err[WK_CLI_ERR_MAX];
    size_t i;
    (void)state;
    assert_int_equal(wk_cli_parse_args(ARGC(dflt), dflt, &o, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_true(o.all);
    assert_int_equal(o.max_items, 0);
    assert_int_equal(o.req.max_results, 0);
    assert_int_equal(wk_cli_parse_args(ARGC(one), one, &o, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_false(o.all);
    assert_int_equal(o.req.max_results, 7);
    assert_int_equal(wk_cli_parse_args(ARGC(items), items, &o, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_true(o.all);
    assert_int_equal(o.max_items, 5);
    assert_int_equal(o.req.max_results, 3);
    for (i = 0u; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char *argv[5]; /* the sixth entry is the error wanted */
        memcpy(argv, bad[i], sizeof(argv));
        assert_int_equal(wk_cli_parse_args(5, argv, &o, err, sizeof(err)), WK_CLI_EXIT_USAGE);
        if (strstr(err, bad[i][5]) == NULL) {
            fail_msg("%s %s: wanted '%s' in: %s", bad[i][3], bad[i][4], bad[i][5], err);
        }
    }
    assert_int_equal(wk_cli_parse_args(ARGC(conflict), conflict, &o, err, sizeof(err)),
                     WK_CLI_EXIT_USAGE);
    assert_non_null(strstr(err, "--page-size and --max-results"));
}

/* --starting-token takes the program's cursors, a service nextToken as it
 * is, and the AWS CLI's base64 token with the users of its page to skip. */
static void test_args_starting_token_forms(void **state)
{
    static char long_token[CONFIG_WK_NEXT_TOKEN_MAX + 1u];
    wk_cursor_t c;
    char err[WK_CLI_ERR_MAX];
    (void)state;
    assert_int_equal(wk_cli_parse_starting_token("wk1:7:dDI", &c, err, sizeof(err)), 0);
    assert_string_equal(c.token, "t2");
    assert_int_equal(c.index, 7);
    assert_int_equal(wk_cli_parse_starting_token("wk2:3:0123456789abcdef:dDI", &c, err,
                                                 sizeof(err)), 0);
    assert_true(c.has_digest);
    assert_int_equal(c.index, 3);
    assert_int_equal(wk_cli_parse_starting_token("wk1:x", &c, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "--starting-token: "));
    /* a raw nextToken, "=" and "+" and all */
    assert_int_equal(wk_cli_parse_starting_token("AAEC+/x=", &c, err, sizeof(err)), 0);
    assert_string_equal(c.token, "AAEC+/x=");
    assert_int_equal(c.index, 0);
    assert_false(c.has_digest);
    /* base64('{"nextToken": "p2/+=", "boto_truncate_amount": 3}'), as botocore's
     * TokenEncoder writes it */
    assert_int_equal(wk_cli_parse_starting_token(
                         "eyJuZXh0VG9rZW4iOiAicDIvKz0iLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAzfQ==",
                         &c, err, sizeof(err)), 0);
    assert_string_equal(c.token, "p2/+=");
    assert_int_equal(c.token_len, 5u);
    assert_int_equal(c.index, 3);
    assert_false(c.has_digest);
    /* base64('{"nextToken": "p2"}'): the start of that page */
    assert_int_equal(wk_cli_parse_starting_token("eyJuZXh0VG9rZW4iOiAicDIifQ==", &c, err,
                                                 sizeof(err)), 0);
    assert_string_equal(c.token, "p2");
    assert_int_equal(c.index, 0);
    /* base64('{"nextToken": "p2", "boto_truncate_amount": -1}') */
    assert_int_equal(wk_cli_parse_starting_token(
                         "eyJuZXh0VG9rZW4iOiAicDIiLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAtMX0=", &c,
                         err, sizeof(err)), -1);
    assert_non_null(strstr(err, "boto_truncate_amount"));
    /* base64('{"other": 1}') is not the AWS CLI's: taken as a service token */
    assert_int_equal(wk_cli_parse_starting_token("eyJvdGhlciI6IDF9", &c, err, sizeof(err)), 0);
    assert_string_equal(c.token, "eyJvdGhlciI6IDF9");
    memset(long_token, 'a', CONFIG_WK_NEXT_TOKEN_MAX);
    assert_int_equal(wk_cli_parse_starting_token(long_token, &c, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "a page token of 1 to"));
}

static void test_args_help_and_version_need_no_network(void **state)
{
    char *a1[] = {"p", "--help"};
    char *a2[] = {"p", "--version"};
    char *a3[] = {"p", "-h"};
    char *a4[] = {"p", "-h=x"};
    char *a5[] = {"p", "-x"};
    wk_cli_options_t o;
    char err[WK_CLI_ERR_MAX];
    (void)state;
    assert_int_equal(wk_cli_parse_args(ARGC(a1), a1, &o, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_true(o.help);
    assert_int_equal(wk_cli_parse_args(ARGC(a3), a3, &o, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_true(o.help);
    assert_int_equal(wk_cli_parse_args(ARGC(a4), a4, &o, err, sizeof(err)), WK_CLI_EXIT_USAGE);
    assert_string_equal(err, "unknown option '-h=x'");
    assert_int_equal(wk_cli_parse_args(ARGC(a5), a5, &o, err, sizeof(err)), WK_CLI_EXIT_USAGE);
    assert_string_equal(err, "unknown option '-x'");
    assert_int_equal(wk_cli_parse_args(ARGC(a2), a2, &o, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_true(o.version);
}

/* A program for wk_cli_main(): its run records what it was handed. */
typedef struct test_program_run {
    int calls;
    wk_cli_config_t cfg;
} test_program_run_t;

static void test_program_version(FILE *out)
{
    fputs("test-program 1.2.3\n", out);
}

static int test_program_run(void *ctx, const wk_cli_options_t *opts, const wk_cli_config_t *cfg,
                            FILE *out, FILE *err)
{
    test_program_run_t *r = ctx;
    (void)out;
    (void)err;
    r->calls++;
    assert_string_equal(opts->req.network_id, "12345678");
    r->cfg = *cfg;
    return WK_CLI_EXIT_CHANGED; /* passed on as it is */
}

/* The flow the programs' main() share: --help, --version, a usage error and
 * a configuration error never reach the program's run; a good command line
 * reaches it once, with the configuration resolved, and its exit code stands. */
static void test_main_flow(void **state)
{
    static const char *const flags[] = {
        "--network-id", "--max-results", "--sort-fields", "--sort-direction", "--first-name",
        "--last-name", "--username", "--status", "--group-id", "--next-token", "--all",
        "--region", "--endpoint-url", "--ca-bundle", "--output", "--help", "--version",
        "--starting-token", "--max-attempts", "--connect-timeout", "--read-timeout",
        "--call-timeout", "--csv-raw", "--profile", "--credential-process-timeout",
        "AWS_DEFAULT_PROFILE", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "  7  a credential provider",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_EC2_METADATA_DISABLED",
        "--iot-credentials-endpoint", "--iot-role-alias", "--iot-thing-name", "--iot-certificate",
        "--iot-private-key", "--no-paginate", "--page-size", "--max-items",
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
        "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "AWS_REGION", "AWS_DEFAULT_REGION",
        "AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT", "AWS_ENDPOINT_URL_WICKR",
        "AWS_ENDPOINT_URL", "AWS_CA_BUNDLE", "  3  the service", "  5  the response"};
    static test_program_run_t run;
    static const wk_cli_program_t program = {"test-program", wk_cli_print_usage,
                                             test_program_version, test_program_run, &run};
    char *a1[] = {"p", "--help"};
    char *a2[] = {"p", "--version"};
    char *a3[] = {"p", "--bogus"};
    char *a4[] = {"p", "--network-id", "12345678", "--region", "eu-west-2", "--endpoint-url",
                  "https://127.0.0.1:8443"};
    capture_t out;
    capture_t err;
    const char *text;
    size_t i;
    (void)state;

    memset(&run, 0, sizeof(run));
    capture_open(&out);
    capture_open(&err);
    assert_int_equal(wk_cli_main(&program, ARGC(a1), a1, out.f, err.f), WK_CLI_EXIT_OK);
    text = capture_text(&out);
    for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
        if (strstr(text, flags[i]) == NULL) {
            fail_msg("--help does not mention %s", flags[i]);
        }
    }
    assert_string_equal(capture_text(&err), "");
    capture_free(&out);
    capture_free(&err);

    capture_open(&out);
    capture_open(&err);
    assert_int_equal(wk_cli_main(&program, ARGC(a2), a2, out.f, err.f), WK_CLI_EXIT_OK);
    assert_string_equal(capture_text(&out), "test-program 1.2.3\n");
    capture_free(&out);
    capture_free(&err);

    capture_open(&out);
    capture_open(&err);
    assert_int_equal(wk_cli_main(&program, ARGC(a3), a3, out.f, err.f), WK_CLI_EXIT_USAGE);
    assert_string_equal(capture_text(&out), "");
    assert_string_equal(capture_text(&err), "test-program: unknown option '--bogus'\n"
                                            "test-program: try 'test-program --help'\n");
    capture_free(&out);
    capture_free(&err);

    /* no credentials: the configuration is refused before the run */
    capture_open(&out);
    capture_open(&err);
    assert_int_equal(wk_cli_main(&program, ARGC(a4), a4, out.f, err.f), WK_CLI_EXIT_USAGE);
    assert_memory_equal(capture_text(&err), "test-program: ", strlen("test-program: "));
    capture_free(&out);
    capture_free(&err);
    assert_int_equal(run.calls, 0);

    setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", 1);
    capture_open(&out);
    capture_open(&err);
    assert_int_equal(wk_cli_main(&program, ARGC(a4), a4, out.f, err.f), WK_CLI_EXIT_CHANGED);
    assert_string_equal(capture_text(&err), "");
    capture_free(&out);
    capture_free(&err);
    assert_int_equal(run.calls, 1);
    assert_string_equal(run.cfg.region, "eu-west-2");
    assert_string_equal(run.cfg.endpoint_url, "https://127.0.0.1:8443");
    assert_string_equal(run.cfg.access_key_id, "AKIDEXAMPLE");
}

/* A CA bundle that does not parse is a configuration error: exit 2, said
 * before any connection. */
static void test_load_ca_refuses_bad_bundle(void **state)
{
    static wk_cli_config_t cfg;
    static wk_posix_conn_t conn;
    static wk_tls_connector_t net;
    wk_tcp_opener_t tcp = wk_posix_opener(&conn);
    wk_tls_trust_t trust = {NULL, NULL, 0u};
    wk_connector_t connector;
    capture_t err;
    (void)state;

    memset(&cfg, 0, sizeof(cfg));
    snprintf(cfg.endpoint_url, sizeof(cfg.endpoint_url), "https://127.0.0.1:1");
    write_file("bad.pem", "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n",
               cfg.ca_bundle, sizeof(cfg.ca_bundle));
    trust.ca_file = cfg.ca_bundle;
    assert_int_equal(wk_tls_connector_init(&net, &tcp, &trust, &connector), WK_OK);
    capture_open(&err);
    assert_int_equal(wk_cli_load_ca(&net, &cfg, err.f), WK_CLI_EXIT_USAGE);
    (void)capture_text(&err);
    assert_non_null(strstr(err.buf, "wickr-list-users: cannot use the CA bundle: "));
    assert_non_null(strstr(err.buf, cfg.ca_bundle));
    capture_free(&err);
    (void)wk_tls_connector_free(&net);

    /* plain http:// needs no bundle: nothing is loaded, nothing said */
    snprintf(cfg.endpoint_url, sizeof(cfg.endpoint_url), "http://127.0.0.1:1");
    assert_int_equal(wk_tls_connector_init(&net, &tcp, &trust, &connector), WK_OK);
    capture_open(&err);
    assert_int_equal(wk_cli_load_ca(&net, &cfg, err.f), WK_CLI_EXIT_OK);
    assert_string_equal(capture_text(&err), "");
    capture_free(&err);
    (void)wk_tls_connector_free(&net);
}

/* ---- INI files ------------------------------------------------------------------ */

static void test_ini_syntax(void **state)
{
    char path[512];
    char region[32];
    char out[32];
    char key[32];
    char err[WK_CLI_ERR_MAX];
    wk_cli_ini_want_t wants[3] = {
        {"region", region, sizeof(region), false},
        {"output", out, sizeof(out), false},
        {"aws_access_key_id", key, sizeof(key), false},
    };
    (void)state;
    write_file("cfg",
               "# leading comment\n"
               "; another\n"
               "[default]\r\n"
               "region = wrong\n"
               "\n"
               "[profile   work]\n"
               "  s3 =\n"
               "    region = nested-not-ours\n"
               "REGION   =   eu-central-1   \r\n"
               "output: json\n"
               "aws_access_key_id=AKIDEXAMPLE\n"
               "# region = commented\n"
               "[profile other] ; trailing words after the header\n"
               "output = text\n",
               path, sizeof(path));
    assert_int_equal(wk_cli_ini_read(path, "profile work", NULL, wants, 3, err, sizeof(err)),
                     WK_CLI_INI_FOUND);
    assert_true(wants[0].found);
    assert_string_equal(region, "eu-central-1");
    assert_true(wants[1].found);
    assert_string_equal(out, "json");
    assert_string_equal(key, "AKIDEXAMPLE");

    assert_int_equal(wk_cli_ini_read(path, "profile nope", "nope", wants, 3, err, sizeof(err)),
                     WK_CLI_INI_NO_SECTION);
    assert_false(wants[0].found);
    assert_int_equal(wk_cli_ini_read(path, "profile default", "default", wants, 1, err, sizeof(err)),
                     WK_CLI_INI_FOUND);
    assert_string_equal(region, "wrong");

    (void)snprintf(path, sizeof(path), "%s/absent", tmp_dir);
    assert_int_equal(wk_cli_ini_read(path, "default", NULL, wants, 1, err, sizeof(err)),
                     WK_CLI_INI_NO_FILE);
}

/* botocore's services sections: "[services x]" headers, nested blocks read
 * as "parent.key", and keys wanted only for their presence. */
static void test_ini_services_and_nested_blocks(void **state)
{
    char path[512];
    char url[64];
    char other[64];
    char err[WK_CLI_ERR_MAX];
    wk_cli_ini_want_t wants[3] = {
        {"wickr.endpoint_url", url, sizeof(url), false},
        {"endpoint_url", other, sizeof(other), false},
        {"role_arn", NULL, 0u, false},
    };
    (void)state;
    write_file("svc",
               "[services   \"local\"]\n"
               "s3 =\n"
               "  endpoint_url = http://s3.local\n"
               "WICKR =\n"
               "\n"
               "  # a comment inside the block\n"
               "  Endpoint_URL = http://not-this-case\n"
               "  endpoint_url = http://wickr.local:8443/x=y\n"
               "endpoint_url = http://global.local\n"
               "role_arn = arn:aws:iam::123456789012:role/r\n"
               "[services other]\n"
               "wickr =\n"
               "  endpoint_url = http://other.local\n",
               path, sizeof(path));
    assert_int_equal(wk_cli_ini_read(path, "services local", NULL, wants, 3, err, sizeof(err)),
                     WK_CLI_INI_FOUND);
    assert_true(wants[0].found);
    assert_string_equal(url, "http://wickr.local:8443/x=y");
    assert_true(wants[1].found);
    assert_string_equal(other, "http://global.local");
    assert_true(wants[2].found);

    /* a top-level key spelled like a nested one is not the nested one */
    write_file("svc2", "[services s]\nwickr.endpoint_url = http://flat\n", path, sizeof(path));
    assert_int_equal(wk_cli_ini_read(path, "services s", NULL, wants, 3, err, sizeof(err)),
                     WK_CLI_INI_FOUND);
    assert_false(wants[0].found);
    assert_false(wants[2].found);

    /* in the section read, a nested line must be "key = value"; elsewhere it is not looked at */
    write_file("svc3", "[services a]\nwickr =\n  endpoint_url: http://x\n", path, sizeof(path));
    assert_int_equal(wk_cli_ini_read(path, "services a", NULL, wants, 3, err, sizeof(err)),
                     WK_CLI_INI_ERROR);
    assert_non_null(strstr(err, ":3: expected 'key = value' in the block under 'wickr'"));
    assert_int_equal(wk_cli_ini_read(path, "services b", NULL, wants, 3, err, sizeof(err)),
                     WK_CLI_INI_NO_SECTION);
    write_file("svc4", "[services a]\nwickr =\n  endpoint_url = x\n  endpoint_url = y\n", path,
               sizeof(path));
    assert_int_equal(wk_cli_ini_read(path, "services a", NULL, wants, 3, err, sizeof(err)),
                     WK_CLI_INI_ERROR);
    assert_non_null(strstr(err, ":4: key 'wickr.endpoint_url' given twice"));
}

static void test_ini_last_line_without_newline(void **state)
{
    char path[512];
    char v[16];
    char err[WK_CLI_ERR_MAX];
    wk_cli_ini_want_t want = {"k", v, sizeof(v), false};
    (void)state;
    write_file("nonl", "[s]\nk = last", path, sizeof(path));
    assert_int_equal(wk_cli_ini_read(path, "s", NULL, &want, 1, err, sizeof(err)),
                     WK_CLI_INI_FOUND);
    assert_string_equal(v, "last");
}

static void expect_ini_error(const char *text, const char *needle, const char *secret)
{
    char path[512];
    char v[8];
    char err[WK_CLI_ERR_MAX];
    wk_cli_ini_want_t want = {"aws_secret_access_key", v, sizeof(v), false};
    write_file("bad", text, path, sizeof(path));
    assert_int_equal(wk_cli_ini_read(path, "s", NULL, &want, 1, err, sizeof(err)),
                     WK_CLI_INI_ERROR);
    assert_false(want.found);
    if (strstr(err, needle) == NULL) {
        fail_msg("error '%s' does not mention '%s'", err, needle);
    }
    assert_non_null(strstr(err, path));
    if (secret != NULL) {
        assert_null(strstr(err, secret));
    }
}

static void test_ini_errors(void **state)
{
    static char long_line[WK_CLI_INI_LINE_MAX + 100];
    (void)state;
    /* a value too long for its buffer: named by key and line, the value itself withheld */
    expect_ini_error("[s]\naws_secret_access_key = SECRETSECRET\n",
                     ":2: value of 'aws_secret_access_key' is longer than 7 bytes", "SECRETSECRET");
    expect_ini_error("[s]\naws_secret_access_key = a\naws_secret_access_key = b\n",
                     ":3: key 'aws_secret_access_key' given twice", NULL);
    expect_ini_error("[s\nk = v\n", ":1: malformed section header", NULL);
    expect_ini_error("[]\nk = v\n", ":1: malformed section header", NULL);
    expect_ini_error("k = v\n[s]\n", ":1: expected '[section]' or 'key = value'", NULL);
    expect_ini_error("[s]\njust words\n", ":2: expected", NULL);
    memset(long_line, 'x', sizeof(long_line) - 2u);
    memcpy(long_line, "[s]\nk=", 6);
    long_line[sizeof(long_line) - 2u] = '\n';
    long_line[sizeof(long_line) - 1u] = '\0';
    expect_ini_error(long_line, ":2: line longer than", NULL);
}

/* The file is read with its real line lengths: a NUL byte is refused where
 * it is, so it can neither cut a value nor hide a second key on its line. */
static void test_ini_nul_bytes(void **state)
{
    static char text[WK_CLI_INI_LINE_MAX + 64];
    static const char head[] = "[s]\noutput = json";
    static const char tail[] = "region = evil\n";
    char path[512];
    char out[16];
    char region[16];
    char err[WK_CLI_ERR_MAX];
    wk_cli_ini_want_t wants[2] = {
        {"output", out, sizeof(out), false},
        {"region", region, sizeof(region), false},
    };
    size_t len;
    (void)state;
    write_bytes("nul", "[s]\noutput = js\0on\n", 20, path, sizeof(path));
    assert_int_equal(wk_cli_ini_read(path, "s", NULL, wants, 2, err, sizeof(err)),
                     WK_CLI_INI_ERROR);
    assert_non_null(strstr(err, ":2: NUL byte at column 12"));
    assert_non_null(strstr(err, path));
    assert_false(wants[0].found);

    /* "output = json", NUL, padding, then "region = evil": one physical line */
    memcpy(text, head, sizeof(head) - 1u);
    len = sizeof(head) - 1u;
    text[len++] = '\0';
    memset(text + len, 'x', WK_CLI_INI_LINE_MAX - len);
    len = WK_CLI_INI_LINE_MAX;
    memcpy(text + len, tail, sizeof(tail) - 1u);
    len += sizeof(tail) - 1u;
    write_bytes("nul2", text, len, path, sizeof(path));
    assert_int_equal(wk_cli_ini_read(path, "s", NULL, wants, 2, err, sizeof(err)),
                     WK_CLI_INI_ERROR);
    assert_non_null(strstr(err, ":2: NUL byte at column 14"));
    assert_false(wants[1].found);
    assert_string_equal(region, "");

    /* an endless file of NUL bytes ends at its first byte */
    assert_int_equal(wk_cli_ini_read("/dev/zero", "s", NULL, wants, 2, err, sizeof(err)),
                     WK_CLI_INI_ERROR);
    assert_string_equal(err, "/dev/zero:1: NUL byte at column 1");
}

static void test_ini_line_and_file_limits(void **state)
{
    static char text[WK_CLI_INI_FILE_MAX + 64];
    static const char head[] = "[s]\nk = ";
    char path[512];
    char v[WK_CLI_INI_LINE_MAX];
    char err[WK_CLI_ERR_MAX];
    wk_cli_ini_want_t want = {"k", v, sizeof(v), false};
    size_t len;
    (void)state;
    /* the longest line that fits is read whole */
    memcpy(text, head, sizeof(head) - 1u);
    memset(text + sizeof(head) - 1u, 'v', WK_CLI_INI_LINE_MAX - 1u - 4u);
    len = sizeof(head) - 1u + WK_CLI_INI_LINE_MAX - 1u - 4u;
    text[len++] = '\n';
    write_bytes("longest", text, len, path, sizeof(path));
    assert_int_equal(wk_cli_ini_read(path, "s", NULL, &want, 1, err, sizeof(err)),
                     WK_CLI_INI_FOUND);
    assert_int_equal(strlen(v), WK_CLI_INI_LINE_MAX - 1u - 4u);
    /* one byte more is refused */
    text[len - 1u] = 'v';
    text[len++] = '\n';
    write_bytes("longer", text, len, path, sizeof(path));
    assert_int_equal(wk_cli_ini_read(path, "s", NULL, &want, 1, err, sizeof(err)),
                     WK_CLI_INI_ERROR);
    assert_non_null(strstr(err, ":2: line longer than 8191 bytes"));

    /* a file of blank lines just over the limit stops there */
    memcpy(text, "[s]\nk = v\n", 10);
    memset(text + 10, '\n', WK_CLI_INI_FILE_MAX + 1u - 10u);
    write_bytes("large", text, WK_CLI_INI_FILE_MAX + 1u, path, sizeof(path));
    assert_int_equal(wk_cli_ini_read(path, "s", NULL, &want, 1, err, sizeof(err)),
                     WK_CLI_INI_ERROR);
    assert_non_null(strstr(err, "the file is larger than 1048576 bytes"));
    assert_false(want.found);
    /* exactly at the limit is read */
    write_bytes("limit", text, WK_CLI_INI_FILE_MAX, path, sizeof(path));
    assert_int_equal(wk_cli_ini_read(path, "s", NULL, &want, 1, err, sizeof(err)),
                     WK_CLI_INI_FOUND);
    assert_string_equal(v, "v");
}

/* ---- configuration resolution ---------------------------------------------------- */

static void test_config_env_credentials_win_over_profile(void **state)
{
    char path[512];
    char err[WK_CLI_ERR_MAX];
    wk_cli_options_t o = no_options();
    wk_cli_config_t cfg;
    (void)state;
    write_file("creds", "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = FILESECRET\n",
               path, sizeof(path));
    setenv("AWS_SHARED_CREDENTIALS_FILE", path, 1);
    setenv("AWS_ACCESS_KEY_ID", "ENVKEY", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "ENVSECRET", 1);
    setenv("AWS_SESSION_TOKEN", "ENVTOKEN", 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.access_key_id, "ENVKEY");
    assert_string_equal(cfg.secret_access_key, "ENVSECRET");
    assert_string_equal(cfg.session_token, "ENVTOKEN");

    /* without the pair in the environment the profile is used; no token there */
    unsetenv("AWS_ACCESS_KEY_ID");
    unsetenv("AWS_SECRET_ACCESS_KEY");
    unsetenv("AWS_SESSION_TOKEN");
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.access_key_id, "FILEKEY");
    assert_string_equal(cfg.secret_access_key, "FILESECRET");
    assert_string_equal(cfg.session_token, "");
    wk_cli_config_wipe(&cfg);
    assert_string_equal(cfg.secret_access_key, "");
}

static void test_config_partial_env_is_an_error(void **state)
{
    char err[WK_CLI_ERR_MAX];
    wk_cli_options_t o = no_options();
    wk_cli_config_t cfg;
    (void)state;
    setenv("AWS_ACCESS_KEY_ID", "ENVKEY", 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_USAGE);
    assert_non_null(strstr(err, "AWS_SECRET_ACCESS_KEY is not set"));
    unsetenv("AWS_ACCESS_KEY_ID");
    setenv("AWS_SECRET_ACCESS_KEY", "HIDDEN-SECRET", 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_USAGE);
    assert_non_null(strstr(err, "AWS_ACCESS_KEY_ID is not set"));
    assert_null(strstr(err, "HIDDEN-SECRET"));
}

static void test_config_profile_from_home_and_aws_profile(void **state)
{
    char path[512];
    char dir[300];
    char err[WK_CLI_ERR_MAX];
    wk_cli_options_t o = no_options();
    wk_cli_config_t cfg;
    (void)state;
    (void)snprintf(dir, sizeof(dir), "%s/.aws", tmp_dir);
    assert_int_equal(mkdir(dir, 0700), 0);
    write_file(".aws/credentials",
               "[default]\naws_access_key_id = DEFKEY\naws_secret_access_key = DEFSECRET\n"
               "[dev]\naws_access_key_id = DEVKEY\naws_secret_access_key = DEVSECRET\n"
               "aws_session_token = DEVTOKEN\n",
               path, sizeof(path));
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.profile, "default");
    assert_string_equal(cfg.access_key_id, "DEFKEY");
    setenv("AWS_PROFILE", "dev", 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.profile, "dev");
    assert_string_equal(cfg.access_key_id, "DEVKEY");
    assert_string_equal(cfg.secret_access_key, "DEVSECRET");
    assert_string_equal(cfg.session_token, "DEVTOKEN");
    setenv("AWS_PROFILE", "prod", 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_USAGE);
    assert_non_null(strstr(err, "profile 'prod' (from AWS_PROFILE) not found in"));
    assert_non_null(strstr(err, path));
    /* the failed resolution leaves nothing behind */
    assert_string_equal(cfg.secret_access_key, "");
}

static void test_config_missing_keys_and_files(void **state)
{
    char path[512];
    char err[WK_CLI_ERR_MAX];
    wk_cli_options_t o = no_options();
    wk_cli_config_t cfg;
    (void)state;
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_USAGE);
    assert_non_null(strstr(err, "no credentials"));

    write_file("c1", "[default]\naws_access_key_id = K\n", path, sizeof(path));
    setenv("AWS_SHARED_CREDENTIALS_FILE", path, 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_USAGE);
    assert_non_null(strstr(err, "profile 'default'"));
    assert_non_null(strstr(err, "has no aws_secret_access_key"));

    write_file("c2", "[default]\naws_secret_access_key = TOPSECRET\n", path, sizeof(path));
    setenv("AWS_SHARED_CREDENTIALS_FILE", path, 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_USAGE);
    assert_non_null(strstr(err, "has no aws_access_key_id"));
    assert_null(strstr(err, "TOPSECRET"));
}

/* "~" in AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE, as botocore's
 * os.path.expanduser() reads it. */
static void test_config_tilde_in_file_paths(void **state)
{
    char path[512];
    char home[300];
    char err[WK_CLI_ERR_MAX];
    wk_cli_options_t o = no_options();
    wk_cli_config_t cfg;
    const struct passwd *pw;
    (void)state;
    write_file("creds", "[default]\naws_access_key_id = TILDEKEY\naws_secret_access_key = S\n",
               path, sizeof(path));
    write_file("cfg", "[default]\nregion = eu-west-3\n", path, sizeof(path));
    setenv("AWS_SHARED_CREDENTIALS_FILE", "~/creds", 1);
    setenv("AWS_CONFIG_FILE", "~/cfg", 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.access_key_id, "TILDEKEY");
    assert_string_equal(cfg.region, "eu-west-3");
    /* HOME's trailing '/' is dropped */
    (void)snprintf(home, sizeof(home), "%s/", tmp_dir);
    setenv("HOME", home, 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.region, "eu-west-3");
    /* an unknown user is left as written */
    setenv("AWS_SHARED_CREDENTIALS_FILE", "~no-such-user-wk/creds", 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_USAGE);
    assert_non_null(strstr(err, "or create ~no-such-user-wk/creds"));
    /* without HOME, the password database's home */
    pw = getpwuid(getuid());
    assert_non_null(pw);
    unsetenv("HOME");
    setenv("AWS_SHARED_CREDENTIALS_FILE", "~/no-such-file-wk", 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_USAGE);
    (void)snprintf(home, sizeof(home), "or create %s%sno-such-file-wk", pw->pw_dir,
                   strcmp(pw->pw_dir, "/") == 0 ? "" : "/");
    if (strstr(err, home) == NULL) {
        fail_msg("'%s' does not say '%s'", err, home);
    }
    setenv("HOME", tmp_dir, 1);
}

static void use_default_credentials(void)
{
    setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", 1);
}

static void test_config_region_precedence(void **state)
{
    char path[512];
    char err[WK_CLI_ERR_MAX];
    wk_cli_options_t o = no_options();
    wk_cli_config_t cfg;
    (void)state;
    use_default_credentials();
    write_file("config", "[default]\nregion = from-default\n[profile dev]\nregion = from-dev\n",
               path, sizeof(path));
    setenv("AWS_CONFIG_FILE", path, 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.region, "from-default");
    setenv("AWS_PROFILE", "dev", 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.region, "from-dev");
    setenv("AWS_DEFAULT_REGION", "from-default-env", 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.region, "from-default-env");
    setenv("AWS_REGION", "from-env", 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.region, "from-env");
    o.region = "from-flag";
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.region, "from-flag");
    /* a profile section without the "profile " prefix is not read from the
     * config file: the profile named is not there */
    write_file("config2", "[dev]\nregion = bare\n", path, sizeof(path));
    setenv("AWS_CONFIG_FILE", path, 1);
    unsetenv("AWS_REGION");
    unsetenv("AWS_DEFAULT_REGION");
    o.region = NULL;
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_USAGE);
    assert_non_null(strstr(err, "profile 'dev' (from AWS_PROFILE) not found in"));
    unsetenv("AWS_PROFILE");
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.region, "");
}

static void test_config_fips_dualstack(void **state)
{
    char path[512];
    char err[WK_CLI_ERR_MAX];
    wk_cli_options_t o = no_options();
    wk_cli_config_t cfg;
    (void)state;
    use_default_credentials();
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_false(cfg.use_fips);
    assert_false(cfg.use_dualstack);
    write_file("config", "[default]\nuse_fips_endpoint = TRUE\nuse_dualstack_endpoint = true\n",
               path, sizeof(path));
    setenv("AWS_CONFIG_FILE", path, 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_true(cfg.use_fips);
    assert_true(cfg.use_dualstack);
    setenv("AWS_USE_FIPS_ENDPOINT", "false", 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_false(cfg.use_fips);
    assert_true(cfg.use_dualstack);
    setenv("AWS_USE_DUALSTACK_ENDPOINT", "yes", 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_USAGE);
    assert_non_null(strstr(err, "AWS_USE_DUALSTACK_ENDPOINT must be true or false"));
    unsetenv("AWS_USE_DUALSTACK_ENDPOINT");
    write_file("config", "[default]\nuse_fips_endpoint = 1\n", path, sizeof(path));
    unsetenv("AWS_USE_FIPS_ENDPOINT");
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_USAGE);
    assert_non_null(strstr(err, "use_fips_endpoint must be true or false"));
}

static void test_config_endpoint_and_ca(void **state)
{
    char path[512];
    char from_config[512];
    char from_env[512];
    char from_flag[512];
    char cfgtext[700];
    char err[WK_CLI_ERR_MAX];
    wk_cli_options_t o = no_options();
    wk_cli_config_t cfg;
    (void)state;
    use_default_credentials();
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.endpoint_url, "");
    assert_string_equal(cfg.ca_bundle, WK_CLI_SYSTEM_CA_BUNDLE);

    /* the bundles must exist: an unreadable one is a configuration error */
    write_file("config.pem", "ca\n", from_config, sizeof(from_config));
    write_file("env.pem", "ca\n", from_env, sizeof(from_env));
    write_file("flag.pem", "ca\n", from_flag, sizeof(from_flag));
    snprintf(cfgtext, sizeof(cfgtext), "[default]\nca_bundle = %s\n", from_config);
    write_file("config", cfgtext, path, sizeof(path));
    setenv("AWS_CONFIG_FILE", path, 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.ca_bundle, from_config);

    setenv("AWS_ENDPOINT_URL", "https://generic.example", 1);
    setenv("AWS_CA_BUNDLE", from_env, 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.endpoint_url, "https://generic.example");
    assert_string_equal(cfg.ca_bundle, from_env);

    setenv("AWS_ENDPOINT_URL_WICKR", "https://wickr.example", 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.endpoint_url, "https://wickr.example");

    o.ca_bundle = "/nonexistent/ca.pem";
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_USAGE);
    assert_non_null(strstr(err, "cannot read the CA bundle /nonexistent/ca.pem"));

    /* plain http needs no CA bundle, so a missing one is not an error there */
    o.endpoint_url = "http://127.0.0.1:9";
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    o.ca_bundle = from_flag;
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.endpoint_url, "http://127.0.0.1:9");
    assert_string_equal(cfg.ca_bundle, from_flag);
}

/* [default] and [profile default] name one profile: the later one wins, as in
 * botocore; a quoted profile name is the name without quotes. */
static void test_config_repeated_and_quoted_profiles(void **state)
{
    char path[512];
    char err[WK_CLI_ERR_MAX];
    wk_cli_options_t o = no_options();
    wk_cli_config_t cfg;
    (void)state;
    use_default_credentials();
    write_file("config2", "[default]\nregion = us-east-1\n[profile default]\nregion = eu-west-1\n",
               path, sizeof(path));
    setenv("AWS_CONFIG_FILE", path, 1);
    unsetenv("AWS_REGION");
    unsetenv("AWS_DEFAULT_REGION");
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.region, "eu-west-1");

    write_file("config3", "[profile \"dev\"]\nregion = ap-south-1\n", path, sizeof(path));
    setenv("AWS_CONFIG_FILE", path, 1);
    setenv("AWS_PROFILE", "dev", 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.region, "ap-south-1");
    unsetenv("AWS_PROFILE");
}

/* --profile, then AWS_DEFAULT_PROFILE, then AWS_PROFILE (botocore's order);
 * --profile also puts the environment's keys aside, as the AWS CLI does. */
static void test_config_profile_choice(void **state)
{
    char creds[512];
    char err[WK_CLI_ERR_MAX];
    wk_cli_options_t o = no_options();
    wk_cli_config_t cfg;
    (void)state;
    write_file("creds",
               "[a]\naws_access_key_id = AKEY\naws_secret_access_key = ASECRET\n"
               "[b]\naws_access_key_id = BKEY\naws_secret_access_key = BSECRET\n"
               "[c]\naws_access_key_id = CKEY\naws_secret_access_key = CSECRET\n",
               creds, sizeof(creds));
    setenv("AWS_SHARED_CREDENTIALS_FILE", creds, 1);
    setenv("AWS_PROFILE", "a", 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.access_key_id, "AKEY");
    assert_string_equal(cfg.profile_from, "AWS_PROFILE");
    setenv("AWS_DEFAULT_PROFILE", "b", 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.access_key_id, "BKEY");
    assert_string_equal(cfg.profile_from, "AWS_DEFAULT_PROFILE");
    o.profile = "c";
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.access_key_id, "CKEY");
    assert_string_equal(cfg.profile_from, "--profile");
    assert_int_equal(cfg.creds_from, WK_CLI_CREDS_SHARED_FILE);

    /* the environment's keys win over AWS_PROFILE's, not over --profile's */
    setenv("AWS_ACCESS_KEY_ID", "ENVKEY", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "ENVSECRET", 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.access_key_id, "CKEY");
    o.profile = NULL;
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.access_key_id, "ENVKEY");
    assert_int_equal(cfg.creds_from, WK_CLI_CREDS_ENV);

    /* a profile named that neither file has is refused, naming where it came from */
    o.profile = "missing";
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_USAGE);
    assert_non_null(strstr(err, "profile 'missing' (from --profile) not found in"));
    assert_non_null(strstr(err, creds));

    /* parsing: --profile takes a value and an empty one is refused */
    {
        char *argv[] = {"prog", "--network-id", "12345678", "--profile", "dev"};
        char *empty[] = {"prog", "--network-id", "12345678", "--profile="};
        assert_int_equal(wk_cli_parse_args(ARGC(argv), argv, &o, err, sizeof(err)), WK_CLI_EXIT_OK);
        assert_string_equal(o.profile, "dev");
        assert_int_equal(wk_cli_parse_args(ARGC(empty), empty, &o, err, sizeof(err)),
                         WK_CLI_EXIT_USAGE);
        assert_non_null(strstr(err, "--profile must not be empty"));
    }
}

/* Keys in the config file's [profile x]; where both files have a key, the
 * credentials file's counts (botocore lays that file over the config). */
static void test_config_keys_in_config_file(void **state)
{
    char creds[512];
    char config[512];
    char err[WK_CLI_ERR_MAX];
    wk_cli_options_t o = no_options();
    wk_cli_config_t cfg;
    (void)state;
    write_file("config",
               "[profile dev]\naws_access_key_id = CFGKEY\naws_secret_access_key = CFGSECRET\n"
               "aws_session_token = CFGTOKEN\nregion = eu-west-1\n",
               config, sizeof(config));
    setenv("AWS_CONFIG_FILE", config, 1);
    setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials", 1);
    o.profile = "dev";
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.access_key_id, "CFGKEY");
    assert_string_equal(cfg.secret_access_key, "CFGSECRET");
    assert_string_equal(cfg.session_token, "CFGTOKEN");
    assert_int_equal(cfg.creds_from, WK_CLI_CREDS_CONFIG_FILE);
    assert_string_equal(cfg.region, "eu-west-1");
    assert_null(cfg.region_from);

    write_file("creds", "[dev]\naws_access_key_id = FILEKEY\naws_secret_access_key = FILESECRET\n"
               "region = us-west-2\n", creds, sizeof(creds));
    setenv("AWS_SHARED_CREDENTIALS_FILE", creds, 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.access_key_id, "FILEKEY");
    assert_string_equal(cfg.session_token, ""); /* not mixed in from the config file */
    assert_int_equal(cfg.creds_from, WK_CLI_CREDS_SHARED_FILE);
    assert_string_equal(cfg.region, "us-west-2");
    assert_string_equal(cfg.region_from, "the credentials file");

    /* half a pair in the config file's section is an error naming the file */
    write_file("config2", "[profile dev]\naws_access_key_id = CFGKEY\n", config, sizeof(config));
    setenv("AWS_CONFIG_FILE", config, 1);
    setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials", 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_USAGE);
    assert_non_null(strstr(err, "profile 'dev' in "));
    assert_non_null(strstr(err, config));
    assert_non_null(strstr(err, "has no aws_secret_access_key"));
}

static void resolve_fails_with(const char *profile_text, const char *want1, const char *want2)
{
    char config[512];
    char err[WK_CLI_ERR_MAX];
    wk_cli_options_t o = no_options();
    wk_cli_config_t cfg;
    write_file("config", profile_text, config, sizeof(config));
    setenv("AWS_CONFIG_FILE", config, 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_USAGE);
    if (strstr(err, want1) == NULL || strstr(err, want2) == NULL) {
        fail_msg("for %s: wanted '%s' and '%s' in: %s", profile_text, want1, want2, err);
    }
    assert_null(strstr(err, "no credentials"));
    assert_string_equal(cfg.access_key_id, "");
}

/* Credential sources this program does not have: an error naming the profile,
 * the setting and a way that works, never "no credentials"; they count only
 * where botocore's chain would reach them. */
static void test_config_unsupported_sources(void **state)
{
    char creds[512];
    char err[WK_CLI_ERR_MAX];
    wk_cli_options_t o = no_options();
    wk_cli_config_t cfg;
    (void)state;
    setenv("AWS_PROFILE", "x", 1);
    resolve_fails_with("[profile x]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = y\n",
                       "profile 'x' uses role_arn with source_profile", "does not support");
    resolve_fails_with("[profile x]\nrole_arn = arn:aws:iam::1:role/r\n"
                       "credential_source = Ec2InstanceMetadata\n",
                       "profile 'x' uses role_arn with credential_source", "AWS_ACCESS_KEY_ID");
    resolve_fails_with("[profile x]\nrole_arn = arn:aws:iam::1:role/r\n"
                       "web_identity_token_file = /t\n",
                       "profile 'x' uses web_identity_token_file", "does not support");
    resolve_fails_with("[profile x]\nsso_account_id = 1\nsso_role_name = r\n",
                       "profile 'x' uses IAM Identity Center", "does not support");
    /* the environment's web identity token, as botocore reads it */
    setenv("AWS_WEB_IDENTITY_TOKEN_FILE", "/t", 1);
    resolve_fails_with("[profile x]\nregion = us-east-1\n",
                       "AWS_WEB_IDENTITY_TOKEN_FILE", "does not support");
    unsetenv("AWS_WEB_IDENTITY_TOKEN_FILE");

    /* keys in the environment come first in the chain: role_arn is not reached */
    setenv("AWS_ACCESS_KEY_ID", "ENVKEY", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "ENVSECRET", 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    unsetenv("AWS_ACCESS_KEY_ID");
    unsetenv("AWS_SECRET_ACCESS_KEY");
    /* ...while role_arn comes before the profile's own keys */
    write_file("creds", "[x]\naws_access_key_id = K\naws_secret_access_key = S\n", creds,
               sizeof(creds));
    setenv("AWS_SHARED_CREDENTIALS_FILE", creds, 1);
    resolve_fails_with("[profile x]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = x\n",
                       "role_arn with source_profile", "profile 'x'");
}

/* endpoint_url as the AWS CLI reads it: AWS_ENDPOINT_URL_WICKR,
 * AWS_ENDPOINT_URL, the [services] section's wickr block, the profile's
 * endpoint_url; none of them when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS or
 * ignore_configured_endpoint_urls is true; --endpoint-url always. */
static void test_config_endpoint_services_and_ignore(void **state)
{
    char config[512];
    char err[WK_CLI_ERR_MAX];
    wk_cli_options_t o = no_options();
    wk_cli_config_t cfg;
    (void)state;
    use_default_credentials();
    write_file("config",
               "[default]\nendpoint_url = http://profile.example\nservices = local\n"
               "[services local]\nwickr =\n  endpoint_url = http://services.example\n"
               "s3 =\n  endpoint_url = http://s3.example\n",
               config, sizeof(config));
    setenv("AWS_CONFIG_FILE", config, 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.endpoint_url, "http://services.example");
    assert_string_equal(cfg.endpoint_from, "services");
    assert_string_equal(cfg.services, "local");
    setenv("AWS_ENDPOINT_URL", "http://global-env.example", 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.endpoint_url, "http://global-env.example");
    setenv("AWS_ENDPOINT_URL_WICKR", "http://wickr-env.example", 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.endpoint_url, "http://wickr-env.example");
    assert_string_equal(cfg.endpoint_from, "AWS_ENDPOINT_URL_WICKR");

    /* ignored: every configured one, the environment's included; not the flag */
    setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE", 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.endpoint_url, "");
    assert_null(cfg.endpoint_from);
    assert_true(cfg.endpoints_ignored);
    o.endpoint_url = "http://flag.example";
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.endpoint_url, "http://flag.example");
    o.endpoint_url = NULL;
    setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "maybe", 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_USAGE);
    assert_non_null(strstr(err, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS must be true or false"));
    unsetenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
    unsetenv("AWS_ENDPOINT_URL_WICKR");
    unsetenv("AWS_ENDPOINT_URL");

    /* the profile's own endpoint_url when its services section has no wickr block */
    write_file("config2",
               "[default]\nendpoint_url = http://profile.example\nservices = local\n"
               "[services local]\ns3 =\n  endpoint_url = http://s3.example\n",
               config, sizeof(config));
    setenv("AWS_CONFIG_FILE", config, 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.endpoint_url, "http://profile.example");
    assert_string_equal(cfg.endpoint_from, "endpoint_url");
    /* the profile's ignore_configured_endpoint_urls; the environment's false wins over it */
    write_file("config3",
               "[default]\nendpoint_url = http://profile.example\n"
               "ignore_configured_endpoint_urls = true\n",
               config, sizeof(config));
    setenv("AWS_CONFIG_FILE", config, 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.endpoint_url, "");
    setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false", 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.endpoint_url, "http://profile.example");
    unsetenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");

    /* a services section named but missing is an error, as in botocore */
    write_file("config4", "[default]\nservices = nowhere\n", config, sizeof(config));
    setenv("AWS_CONFIG_FILE", config, 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_USAGE);
    assert_non_null(strstr(err, "names services 'nowhere'"));
    assert_non_null(strstr(err, "[services nowhere]"));
}

/* credential_process words as Python's shlex.split() gives them (botocore
 * splits with it and runs no shell); the expected lists are shlex's. */
static void test_process_split_command(void **state)
{
    static const struct {
        const char *cmd;
        const char *words[4];
    } cases[] = {
        {"a b", {"a", "b", NULL}},
        {"  a  \"b c\"\td  ", {"a", "b c", "d", NULL}},
        {"a 'b \\\" c'", {"a", "b \\\" c", NULL}},
        {"a\\ b", {"a b", NULL}},
        {"\"x\\\"y\\\\z\\q\"", {"x\"y\\z\\q", NULL}},
        {"a '' b", {"a", "", "b", NULL}},
        {"p\"q r\"s", {"pq rs", NULL}},
        {"$HOME;ls|x `id`", {"$HOME;ls|x", "`id`", NULL}},
    };
    static const struct {
        const char *cmd;
        const char *why;
    } bad[] = {
        {"a 'b", "no closing quotation"}, {"a \"b", "no closing quotation"},
        {"a\\", "lone backslash"},        {"   ", "is empty"},
    };
    char buf[64];
    char *argv[5];
    char err[WK_CLI_ERR_MAX];
    size_t i, j;
    (void)state;
    for (i = 0u; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_int_equal(wk_cli_split_command(cases[i].cmd, buf, sizeof(buf), argv, 5u, err,
                                              sizeof(err)), 0);
        for (j = 0u; cases[i].words[j] != NULL; j++) {
            assert_non_null(argv[j]);
            assert_string_equal(argv[j], cases[i].words[j]);
        }
        assert_null(argv[j]);
    }
    for (i = 0u; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(wk_cli_split_command(bad[i].cmd, buf, sizeof(buf), argv, 5u, err,
                                              sizeof(err)), -1);
        assert_non_null(strstr(err, bad[i].why));
    }
    assert_int_equal(wk_cli_split_command("a b c d e", buf, sizeof(buf), argv, 5u, err,
                                          sizeof(err)), -1);
    assert_non_null(strstr(err, "more than 4 words"));
    assert_int_equal(wk_cli_split_command("0123456789", buf, 8u, argv, 5u, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "longer than"));
}

static void write_script(const char *name, const char *body, char *path, size_t cap)
{
    char text[1024];
    (void)snprintf(text, sizeof(text), "#!/bin/sh\n%s", body);
    write_file(name, text, path, cap);
    assert_int_equal(chmod(path, 0700), 0);
}

/* Running the helper: its exit status, a stall, too much output, a program
 * that is not there, arguments passed as words (no shell). */
static void test_process_run(void **state)
{
    static wk_credentials_t c;
    char path[512];
    char cmd[1024];
    char err[WK_CLI_ERR_MAX];
    (void)state;
    write_script("ok", "printf '%s' \"$1\" > \"$2\"\n"
                 "echo '{\"Version\": 1, \"AccessKeyId\": \"PK\", \"SecretAccessKey\": \"PS\", "
                 "\"SessionToken\": \"PT\", \"Expiration\": \"2999-01-01T00:00:00Z\"}'\n",
                 path, sizeof(path));
    (void)snprintf(cmd, sizeof(cmd), "'%s' 'one word; $(id)' %s/arg", path, tmp_dir);
    assert_int_equal(wk_cli_run_credential_process(cmd, 10000u, &c, err, sizeof(err)),
                     WK_CLI_EXIT_OK);
    assert_string_equal(c.access_key_id, "PK");
    assert_string_equal(c.secret_access_key, "PS");
    assert_string_equal(c.session_token, "PT");
    assert_int_equal(c.expiration, 32472144000);
    assert_true(c.present);
    {
        char arg_path[512];
        char got[64] = {0};
        FILE *f;
        (void)snprintf(arg_path, sizeof(arg_path), "%s/arg", tmp_dir);
        f = fopen(arg_path, "rb");
        assert_non_null(f);
        assert_int_equal(fread(got, 1, sizeof(got) - 1u, f), strlen("one word; $(id)"));
        (void)fclose(f);
        assert_string_equal(got, "one word; $(id)");
    }

    write_script("fails", "echo 'helper says no' >&2\nexit 3\n", path, sizeof(path));
    assert_int_equal(wk_cli_run_credential_process(path, 10000u, &c, err, sizeof(err)),
                     WK_CLI_EXIT_CREDENTIALS);
    assert_non_null(strstr(err, "failed with exit status 3"));

    write_script("stalls", "exec sleep 30\n", path, sizeof(path));
    assert_int_equal(wk_cli_run_credential_process(path, 200u, &c, err, sizeof(err)),
                     WK_CLI_EXIT_CREDENTIALS);
    assert_non_null(strstr(err, "did not finish within 0.200 s"));

    write_script("chatty", "exec yes '{}'\n", path, sizeof(path));
    assert_int_equal(wk_cli_run_credential_process(path, 10000u, &c, err, sizeof(err)),
                     WK_CLI_EXIT_CREDENTIALS);
    assert_non_null(strstr(err, "printed more than 16384 bytes"));

    write_script("bad", "echo '{\"Version\": 1, \"AccessKeyId\": \"PK\"}'\n", path, sizeof(path));
    assert_int_equal(wk_cli_run_credential_process(path, 10000u, &c, err, sizeof(err)),
                     WK_CLI_EXIT_CREDENTIALS);
    /* the core's reader (wk_cred_exchange_process()) names the member; its tests cover the rest */
    assert_non_null(strstr(err, "printed a document that is not what it must be"));
    assert_non_null(strstr(err, "SecretAccessKey"));
    assert_string_equal(c.access_key_id, "PK"); /* the keys in hand stay */

    assert_int_equal(wk_cli_run_credential_process("/nonexistent/helper --x", 10000u, &c, err,
                                                   sizeof(err)), WK_CLI_EXIT_CREDENTIALS);
    assert_non_null(strstr(err, "cannot run credential_process '/nonexistent/helper'"));
    assert_int_equal(wk_cli_run_credential_process("helper 'open", 10000u, &c, err, sizeof(err)),
                     WK_CLI_EXIT_USAGE);
    assert_non_null(strstr(err, "no closing quotation"));
}

/* In the chain: after the credentials file's keys, before the config file's,
 * from either file's section; its failure is exit 7, nothing else tried. */
static void test_config_credential_process_in_chain(void **state)
{
    char helper[512];
    char config[512];
    char creds[512];
    char text[1200];
    char err[WK_CLI_ERR_MAX];
    wk_cli_options_t o = no_options();
    wk_cli_config_t cfg;
    (void)state;
    write_script("helper", "echo '{\"Version\": 1, \"AccessKeyId\": \"PROCKEY\", "
                 "\"SecretAccessKey\": \"PS\", \"Expiration\": \"2999-01-01T00:00:00+00:00\"}'\n",
                 helper, sizeof(helper));
    (void)snprintf(text, sizeof(text),
                   "[profile p]\ncredential_process = %s\naws_access_key_id = CFGKEY\n"
                   "aws_secret_access_key = CFGSECRET\n", helper);
    write_file("config", text, config, sizeof(config));
    setenv("AWS_CONFIG_FILE", config, 1);
    setenv("AWS_PROFILE", "p", 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.access_key_id, "PROCKEY");
    assert_int_equal(cfg.creds_from, WK_CLI_CREDS_PROCESS);
    assert_int_equal(cfg.creds_expiration, 32472144000);
    write_file("creds", "[p]\naws_access_key_id = FILEKEY\naws_secret_access_key = FS\n", creds,
               sizeof(creds));
    setenv("AWS_SHARED_CREDENTIALS_FILE", creds, 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.access_key_id, "FILEKEY");

    write_script("helper", "exit 1\n", helper, sizeof(helper));
    (void)snprintf(text, sizeof(text), "[p]\ncredential_process = %s\n", helper);
    write_file("creds", text, creds, sizeof(creds));
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_CREDENTIALS);
    assert_non_null(strstr(err, "failed with exit status 1"));
    assert_string_equal(cfg.access_key_id, "");
    /* its timeout comes from the flag */
    write_script("helper", "exec sleep 30\n", helper, sizeof(helper));
    o.process_timeout_ms = 100u;
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_CREDENTIALS);
    assert_non_null(strstr(err, "did not finish within 0.100 s"));
    {
        char *argv[] = {"prog", "--network-id", "12345678", "--credential-process-timeout", "2.5"};
        char *zero[] = {"prog", "--network-id", "12345678", "--credential-process-timeout=0"};
        assert_int_equal(wk_cli_parse_args(ARGC(argv), argv, &o, err, sizeof(err)), WK_CLI_EXIT_OK);
        assert_int_equal(o.process_timeout_ms, 2500u);
        assert_int_equal(wk_cli_parse_args(ARGC(zero), zero, &o, err, sizeof(err)),
                         WK_CLI_EXIT_USAGE);
        assert_non_null(strstr(err, "--credential-process-timeout must be seconds"));
    }
}

/* The network providers' places in the chain: container credentials after
 * the files, IMDS last unless AWS_EC2_METADATA_DISABLED; asked by the run. */
static void test_config_network_providers(void **state)
{
    char config[512];
    char err[WK_CLI_ERR_MAX];
    wk_cli_options_t o = no_options();
    wk_cli_config_t cfg;
    (void)state;
    write_file("config", "[default]\nregion = us-east-1\n", config, sizeof(config));
    setenv("AWS_CONFIG_FILE", config, 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_USAGE);
    assert_non_null(strstr(err, "no credentials"));
    assert_non_null(strstr(err, "the EC2 instance metadata service was not asked "
                                "(AWS_EC2_METADATA_DISABLED)"));
    setenv("AWS_EC2_METADATA_DISABLED", "false", 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_int_equal(cfg.creds_from, WK_CLI_CREDS_IMDS);
    assert_non_null(strstr(cfg.no_creds, "no credentials: set AWS_ACCESS_KEY_ID"));
    setenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/x", 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_int_equal(cfg.creds_from, WK_CLI_CREDS_CONTAINER);
    assert_true(wk_cli_creds_refreshable(&cfg));
    /* ...but only where the chain reaches it: keys come first */
    use_default_credentials();
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_int_equal(cfg.creds_from, WK_CLI_CREDS_ENV);
    assert_false(wk_cli_creds_refreshable(&cfg));
    unsetenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
    unsetenv("AWS_ACCESS_KEY_ID");
    unsetenv("AWS_SECRET_ACCESS_KEY");
    setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
    /* IAM Identity Center without the account and role botocore's provider needs */
    write_file("config2", "[default]\nsso_session = corp\n", config, sizeof(config));
    setenv("AWS_CONFIG_FILE", config, 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_USAGE);
    assert_non_null(strstr(err, "profile 'default' uses sso_session"));
    assert_non_null(strstr(err, "use a profile with credential_process instead, e.g. [profile "
                                "default-process] credential_process = aws configure "
                                "export-credentials --profile default --format process"));
}

/* The IoT provider's settings, from a profile and from flags: read and
 * checked into cfg->iot; the provider is the profile's source. */
static void test_config_iot_settings(void **state)
{
    char config[512];
    char cert[512];
    char key[512];
    char text[2048];
    char err[WK_CLI_ERR_MAX];
    wk_cli_options_t o = no_options();
    wk_cli_config_t cfg;
    (void)state;
    write_file("cert.pem", "-----BEGIN CERTIFICATE-----\n", cert, sizeof(cert));
    write_file("key.pem", "-----BEGIN PRIVATE KEY-----\n", key, sizeof(key));
    (void)snprintf(text, sizeof(text),
                   "[profile dev]\niot_credentials_endpoint = https://c1.credentials.iot.eu-west-1"
                   ".amazonaws.com\niot_role_alias = wickr-reader\niot_thing_name = gw:01_a-b\n"
                   "iot_certificate = %s\niot_private_key = %s\naws_access_key_id = K\n"
                   "aws_secret_access_key = S\n", cert, key);
    write_file("config", text, config, sizeof(config));
    setenv("AWS_CONFIG_FILE", config, 1);
    setenv("AWS_PROFILE", "dev", 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_int_equal(cfg.creds_from, WK_CLI_CREDS_IOT);
    /* the keys of the environment come first, and the settings are there */
    use_default_credentials();
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.iot.endpoint, "https://c1.credentials.iot.eu-west-1.amazonaws.com");
    assert_string_equal(cfg.iot.role_alias, "wickr-reader");
    assert_string_equal(cfg.iot.thing_name, "gw:01_a-b");
    assert_string_equal(cfg.iot.certificate, cert);
    assert_string_equal(cfg.iot.private_key, key);
    assert_string_equal(cfg.iot.from, "the profile");
    assert_string_equal(cfg.access_key_id, "AKIDEXAMPLE");
    /* a flag replaces its key, and --iot-credentials-endpoint sets the
     * environment's keys aside as --profile does */
    {
        char *argv[] = {"prog", "--network-id", "12345678", "--iot-credentials-endpoint",
                        "https://127.0.0.1:8443", "--iot-role-alias=other", "--iot-thing-name",
                        "t", "--iot-certificate", "c.pem", "--iot-private-key", "k.pem"};
        char *empty[] = {"prog", "--network-id", "12345678", "--iot-role-alias="};
        assert_int_equal(wk_cli_parse_args(ARGC(argv), argv, &o, err, sizeof(err)), WK_CLI_EXIT_OK);
        assert_string_equal(o.iot[WK_CLI_IOT_ENDPOINT], "https://127.0.0.1:8443");
        assert_string_equal(o.iot[WK_CLI_IOT_ROLE_ALIAS], "other");
        assert_string_equal(o.iot[WK_CLI_IOT_THING_NAME], "t");
        assert_string_equal(o.iot[WK_CLI_IOT_CERTIFICATE], "c.pem");
        assert_string_equal(o.iot[WK_CLI_IOT_PRIVATE_KEY], "k.pem");
        assert_int_equal(wk_cli_parse_args(ARGC(empty), empty, &o, err, sizeof(err)),
                         WK_CLI_EXIT_USAGE);
        assert_non_null(strstr(err, "--iot-role-alias must not be empty"));
    }
    o = no_options();
    o.iot[WK_CLI_IOT_ENDPOINT] = "https://127.0.0.1:8443";
    o.iot[WK_CLI_IOT_ROLE_ALIAS] = "from-flag";
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_int_equal(cfg.creds_from, WK_CLI_CREDS_IOT);
    assert_string_equal(cfg.iot.role_alias, "from-flag");

    /* what is checked: each mistake named */
    {
        static const struct {
            int setting;
            const char *value;
            const char *why;
        } bad[] = {
            {WK_CLI_IOT_ENDPOINT, "http://c1.example", "must be an https:// URL"},
            {WK_CLI_IOT_ENDPOINT, "https://", "must be an https:// URL"},
            {WK_CLI_IOT_ROLE_ALIAS, "a/b", "iot_role_alias must be"},
            {WK_CLI_IOT_THING_NAME, "a b", "iot_thing_name must be"},
            {WK_CLI_IOT_CERTIFICATE, "/nonexistent/cert.pem", "cannot read iot_certificate "
                                                             "/nonexistent/cert.pem"},
            {WK_CLI_IOT_PRIVATE_KEY, "/nonexistent/key.pem", "cannot read iot_private_key"},
        };
        size_t i;
        for (i = 0u; i < sizeof(bad) / sizeof(bad[0]); i++) {
            o = no_options();
            o.iot[bad[i].setting] = bad[i].value;
            o.iot[WK_CLI_IOT_ENDPOINT] = bad[i].setting == WK_CLI_IOT_ENDPOINT
                                             ? bad[i].value : "https://c1.example";
            assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)),
                             WK_CLI_EXIT_USAGE);
            if (strstr(err, bad[i].why) == NULL) {
                fail_msg("for %s: wanted '%s' in: %s", bad[i].value, bad[i].why, err);
            }
        }
    }
    /* what is required: the role alias, the certificate and the key */
    write_file("config2", "[profile dev]\niot_credentials_endpoint = https://c1.example\n",
               config, sizeof(config));
    setenv("AWS_CONFIG_FILE", config, 1);
    o = no_options();
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_USAGE);
    assert_non_null(strstr(err, "iot_role_alias is not set (in profile 'dev', or "
                                "--iot-role-alias)"));
    /* without an endpoint the other keys configure nothing */
    write_file("config3", "[profile dev]\niot_role_alias = r\n", config, sizeof(config));
    setenv("AWS_CONFIG_FILE", config, 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_OK);
    assert_string_equal(cfg.iot.role_alias, "");
}

static void test_config_too_long_values(void **state)
{
    static char big[WK_CLI_SESSION_TOKEN_MAX + 10];
    char err[WK_CLI_ERR_MAX];
    wk_cli_options_t o = no_options();
    wk_cli_config_t cfg;
    (void)state;
    use_default_credentials();
    memset(big, 'T', sizeof(big) - 1u);
    big[sizeof(big) - 1u] = '\0';
    setenv("AWS_SESSION_TOKEN", big, 1);
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_USAGE);
    assert_non_null(strstr(err, "AWS_SESSION_TOKEN is longer than"));
    assert_null(strstr(err, "TTTT"));
    unsetenv("AWS_SESSION_TOKEN");
    big[WK_CLI_REGION_MAX] = '\0';
    o.region = big;
    assert_int_equal(wk_cli_config_resolve(&o, &cfg, err, sizeof(err)), WK_CLI_EXIT_USAGE);
    assert_non_null(strstr(err, "region is longer than"));
}

/* ---- writers ---------------------------------------------------------------------- */

static wk_str_t S(const char *s)
{
    wk_str_t v;
    v.ptr = s;
    v.len = strlen(s);
    return v;
}

#define SET(u, f) ((u)->present |= (1u << (unsigned)(f)))

static void full_user(wk_user_t *u)
{
    memset(u, 0, sizeof(*u));
    u->user_id = S("42");
    SET(u, WK_USER_USER_ID);
    u->first_name = S("Ann");
    SET(u, WK_USER_FIRST_NAME);
    u->username = S("ann@example.com");
    SET(u, WK_USER_USERNAME);
    u->security_groups[0] = S("G1");
    u->security_groups[1] = S("G2");
    u->security_group_count = 2;
    SET(u, WK_USER_SECURITY_GROUPS);
    u->is_admin = true;
    SET(u, WK_USER_IS_ADMIN);
    u->suspended = false;
    SET(u, WK_USER_SUSPENDED);
    u->status = 2;
    SET(u, WK_USER_STATUS);
    u->challenge_failures = -3;
    SET(u, WK_USER_CHALLENGE_FAILURES);
}

static void test_json_string_escaping(void **state)
{
    /* quote, backslash, the short escapes, other controls, NUL, DEL, then UTF-8 */
    static const char in[] = "q\"b\\n\nt\tr\rb\bf\f\x01\x1f\0Z\x7f"
                             "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80/";
    capture_t c;
    (void)state;
    capture_open(&c);
    assert_int_equal(wk_cli_json_string(c.f, in, sizeof(in) - 1u), 0);
    assert_string_equal(capture_text(&c),
                        "\"q\\\"b\\\\n\\nt\\tr\\rb\\bf\\f\\u0001\\u001f\\u0000Z\\u007f"
                        "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80/\"");
    capture_free(&c);
}

static void test_json_document(void **state)
{
    wk_user_t u1;
    wk_user_t u2;
    wk_cli_writer_t w;
    capture_t c;
    (void)state;
    full_user(&u1);
    memset(&u2, 0, sizeof(u2));
    u2.username = S("x\"y");
    SET(&u2, WK_USER_USERNAME);
    SET(&u2, WK_USER_SECURITY_GROUPS); /* present and empty */
    u2.is_user = false;
    SET(&u2, WK_USER_IS_USER);
    capture_open(&c);
    wk_cli_writer_init(&w, c.f, WK_CLI_FORMAT_JSON);
    assert_int_equal(wk_cli_writer_user(&w, &u1), WK_OK);
    assert_int_equal(wk_cli_writer_page_done(&w), 0);
    assert_int_equal(wk_cli_writer_user(&w, &u2), WK_OK);
    assert_int_equal(wk_cli_writer_end(&w, "tok\"1", 5), 0);
    assert_string_equal(capture_text(&c),
                        "{\n"
                        "    \"users\": [\n"
                        "        {\n"
                        "            \"userId\": \"42\",\n"
                        "            \"firstName\": \"Ann\",\n"
                        "            \"username\": \"ann@example.com\",\n"
                        "            \"securityGroups\": [\n"
                        "                \"G1\",\n"
                        "                \"G2\"\n"
                        "            ],\n"
                        "            \"isAdmin\": true,\n"
                        "            \"suspended\": false,\n"
                        "            \"status\": 2,\n"
                        "            \"challengeFailures\": -3\n"
                        "        },\n"
                        "        {\n"
                        "            \"username\": \"x\\\"y\",\n"
                        "            \"securityGroups\": [],\n"
                        "            \"isUser\": false\n"
                        "        }\n"
                        "    ],\n"
                        "    \"nextToken\": \"tok\\\"1\"\n"
                        "}\n");
    capture_free(&c);
}

static void test_json_empty_page_and_empty_user(void **state)
{
    wk_user_t u;
    wk_cli_writer_t w;
    capture_t c;
    (void)state;
    capture_open(&c);
    wk_cli_writer_init(&w, c.f, WK_CLI_FORMAT_JSON);
    assert_int_equal(wk_cli_writer_end(&w, NULL, 0), 0);
    assert_string_equal(capture_text(&c), "{\n    \"users\": []\n}\n");
    capture_free(&c);

    memset(&u, 0, sizeof(u));
    capture_open(&c);
    wk_cli_writer_init(&w, c.f, WK_CLI_FORMAT_JSON);
    assert_int_equal(wk_cli_writer_user(&w, &u), WK_OK);
    assert_int_equal(wk_cli_writer_end(&w, NULL, 0), 0);
    assert_string_equal(capture_text(&c), "{\n    \"users\": [\n        {}\n    ]\n}\n");
    capture_free(&c);
}

static void test_json_every_field_in_model_order(void **state)
{
    static const char nul_name[] = {'a', '\0', 'b'};
    wk_user_t u;
    wk_cli_writer_t w;
    capture_t c;
    unsigned f;
    (void)state;
    memset(&u, 0, sizeof(u));
    u.present = (1u << WK_USER_FIELD_COUNT) - 1u;
    u.user_id = S("1");
    u.first_name.ptr = nul_name;
    u.first_name.len = sizeof(nul_name);
    u.last_name = S("L");
    u.username = S("U");
    u.is_admin = true;
    u.status = 1;
    u.otp_enabled = true;
    u.scim_id = S("S");
    u.type = S("user");
    u.cell = S("555");
    u.country_code = S("+1");
    u.challenge_failures = 2147483647;
    u.is_invite_expired = true;
    u.invite_code = S("I");
    u.code_validation = true;
    u.uname = S("N");
    capture_open(&c);
    wk_cli_writer_init(&w, c.f, WK_CLI_FORMAT_NDJSON);
    assert_int_equal(wk_cli_writer_user(&w, &u), WK_OK);
    assert_int_equal(wk_cli_writer_end(&w, NULL, 0), 0);
    assert_string_equal(capture_text(&c),
                        "{\"userId\": \"1\", \"firstName\": \"a\\u0000b\", \"lastName\": \"L\", "
                        "\"username\": \"U\", \"securityGroups\": [], \"isAdmin\": true, "
                        "\"suspended\": false, \"status\": 1, \"otpEnabled\": true, "
                        "\"scimId\": \"S\", \"type\": \"user\", \"cell\": \"555\", "
                        "\"countryCode\": \"+1\", \"challengeFailures\": 2147483647, "
                        "\"isInviteExpired\": true, \"isUser\": false, \"inviteCode\": \"I\", "
                        "\"codeValidation\": true, \"uname\": \"N\"}\n");
    capture_free(&c);
    for (f = 0; f < WK_USER_FIELD_COUNT; f++) {
        assert_non_null(wk_user_field_name((wk_user_field_t)f));
    }
}

static void test_ndjson_lines_and_token(void **state)
{
    wk_user_t u1;
    wk_user_t u2;
    wk_cli_writer_t w;
    capture_t c;
    (void)state;
    full_user(&u1);
    memset(&u2, 0, sizeof(u2));
    u2.username = S("b\nc");
    SET(&u2, WK_USER_USERNAME);
    capture_open(&c);
    wk_cli_writer_init(&w, c.f, WK_CLI_FORMAT_NDJSON);
    assert_int_equal(wk_cli_writer_user(&w, &u1), WK_OK);
    assert_int_equal(wk_cli_writer_user(&w, &u2), WK_OK);
    assert_int_equal(wk_cli_writer_end(&w, "T2", 2), 0);
    assert_string_equal(capture_text(&c),
                        "{\"userId\": \"42\", \"firstName\": \"Ann\", \"username\": "
                        "\"ann@example.com\", \"securityGroups\": [\"G1\", \"G2\"], "
                        "\"isAdmin\": true, \"suspended\": false, \"status\": 2, "
                        "\"challengeFailures\": -3}\n"
                        "{\"username\": \"b\\nc\"}\n"
                        "{\"nextToken\": \"T2\"}\n");
    capture_free(&c);

    /* no token, no users: nothing at all */
    capture_open(&c);
    wk_cli_writer_init(&w, c.f, WK_CLI_FORMAT_NDJSON);
    assert_int_equal(wk_cli_writer_end(&w, NULL, 0), 0);
    assert_string_equal(capture_text(&c), "");
    capture_free(&c);
}

static void test_table_rows(void **state)
{
    wk_user_t u1;
    wk_user_t u2;
    wk_cli_writer_t w;
    capture_t c;
    (void)state;
    full_user(&u1);
    memset(&u2, 0, sizeof(u2));
    u2.username = S("tab\there\\");
    SET(&u2, WK_USER_USERNAME);
    u2.last_name = S("L\xc3\xa9");
    SET(&u2, WK_USER_LAST_NAME);
    SET(&u2, WK_USER_SECURITY_GROUPS); /* present but empty */
    capture_open(&c);
    wk_cli_writer_init(&w, c.f, WK_CLI_FORMAT_TABLE);
    assert_int_equal(wk_cli_writer_user(&w, &u1), WK_OK);
    assert_int_equal(wk_cli_writer_user(&w, &u2), WK_OK);
    assert_int_equal(wk_cli_writer_end(&w, "ignored", 7), 0);
    /* widths: the longest of header and cells; "L\xc3\xa9" takes 2 columns, not 3 bytes */
    assert_string_equal(capture_text(&c),
                        "username         firstName  lastName  status  isAdmin  suspended  securityGroups\n"
                        "ann@example.com  Ann        -         2       true     false      G1,G2\n"
                        "tab\\x09here\\\\    -          L\xc3\xa9        -       -        -          -\n");
    capture_free(&c);
}

/* A ',' inside a group ID is escaped, so the comma-joined list reads back. */
static void test_table_group_separator(void **state)
{
    wk_user_t u;
    wk_cli_writer_t w;
    capture_t c;
    (void)state;
    memset(&u, 0, sizeof(u));
    u.security_groups[0] = S("a,b");
    u.security_groups[1] = S("c");
    u.security_group_count = 2;
    SET(&u, WK_USER_SECURITY_GROUPS);
    capture_open(&c);
    wk_cli_writer_init(&w, c.f, WK_CLI_FORMAT_TABLE);
    assert_int_equal(wk_cli_writer_user(&w, &u), WK_OK);
    assert_int_equal(wk_cli_writer_end(&w, NULL, 0), 0);
    assert_string_equal(capture_text(&c),
                        "username  firstName  lastName  status  isAdmin  suspended  securityGroups\n"
                        "-         -          -         -       -        -          a\\x2cb,c\n");
    capture_free(&c);
}

/* The cells after a username-only row, at the header's widths. */
#define TAIL "-          -         -       -        -          -\n"
#define HEADER_REST "firstName  lastName  status  isAdmin  suspended  securityGroups\n"

static void username_only(wk_user_t *u, const char *name, size_t len)
{
    memset(u, 0, sizeof(*u));
    u->username.ptr = name;
    u->username.len = len;
    SET(u, WK_USER_USERNAME);
}

#define ACUTE "e\xcc\x81"
#define ACUTE10 ACUTE ACUTE ACUTE ACUTE ACUTE ACUTE ACUTE ACUTE ACUTE ACUTE

static void test_table_display_width(void **state)
{
    /* ten columns each: CJK (2 per character), e + combining acute (1 per pair),
     * emoji (2 each), ASCII; then an escape, which counts as printed */
    static const char *const names[] = {
        "\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad",
        ACUTE10,
        "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80",
        "abcdefghij",
        "a\033b",
    };
    static wk_cli_writer_t w;
    wk_user_t u;
    capture_t c;
    size_t i;
    (void)state;
    capture_open(&c);
    wk_cli_writer_init(&w, c.f, WK_CLI_FORMAT_TABLE);
    for (i = 0u; i < sizeof(names) / sizeof(names[0]); i++) {
        username_only(&u, names[i], strlen(names[i]));
        assert_int_equal(wk_cli_writer_user(&w, &u), WK_OK);
    }
    assert_int_equal(wk_cli_writer_end(&w, NULL, 0), 0);
    assert_string_equal(capture_text(&c),
                        "username    " HEADER_REST
                        "\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad  " TAIL
                        ACUTE10 "  " TAIL
                        "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80  " TAIL
                        "abcdefghij  " TAIL
                        "a\\x1b" "b      " TAIL);
    capture_free(&c);
}

static void test_table_first_page_sets_widths(void **state)
{
    static wk_cli_writer_t w;
    wk_user_t u;
    capture_t c;
    (void)state;
    capture_open(&c);
    wk_cli_writer_init(&w, c.f, WK_CLI_FORMAT_TABLE);
    username_only(&u, "a", 1u);
    assert_int_equal(wk_cli_writer_user(&w, &u), WK_OK);
    username_only(&u, "bbbbbbbbbb", 10u);
    assert_int_equal(wk_cli_writer_user(&w, &u), WK_OK);
    assert_int_equal(fflush(c.f), 0);
    assert_int_equal(c.len, 0); /* held back until the page is complete */
    assert_int_equal(wk_cli_writer_page_done(&w), 0);
    assert_string_equal(c.buf, "username    " HEADER_REST "a           " TAIL "bbbbbbbbbb  " TAIL);
    /* page 2 keeps the widths: a wider value pushes its own row only */
    username_only(&u, "a-much-longer-name", 18u);
    assert_int_equal(wk_cli_writer_user(&w, &u), WK_OK);
    username_only(&u, "c", 1u);
    assert_int_equal(wk_cli_writer_user(&w, &u), WK_OK);
    assert_int_equal(wk_cli_writer_page_done(&w), 0);
    assert_int_equal(wk_cli_writer_end(&w, NULL, 0), 0);
    assert_string_equal(capture_text(&c), "username    " HEADER_REST "a           " TAIL
                                          "bbbbbbbbbb  " TAIL "a-much-longer-name  " TAIL
                                          "c           " TAIL);
    capture_free(&c);
}

/* A page longer than WK_CLI_TABLE_ROWS: the rows beyond it keep the widths
 * of the first WK_CLI_TABLE_ROWS, in order, none lost. */
static void test_table_more_rows_than_held(void **state)
{
    enum { N = WK_CLI_TABLE_ROWS + 30 };
    static wk_cli_writer_t w;
    static char names[N][40];
    static char want[N * 80];
    wk_user_t u;
    capture_t c;
    size_t len = 0u;
    size_t i;
    (void)state;
    len += (size_t)snprintf(want + len, sizeof(want) - len, "username  " HEADER_REST);
    capture_open(&c);
    wk_cli_writer_init(&w, c.f, WK_CLI_FORMAT_TABLE);
    for (i = 0u; i < N; i++) {
        if (i == WK_CLI_TABLE_ROWS + 5u) {
            (void)snprintf(names[i], sizeof(names[i]), "a-name-wider-than-the-held-rows");
        } else {
            (void)snprintf(names[i], sizeof(names[i]), "u%zu", i);
        }
        username_only(&u, names[i], strlen(names[i]));
        assert_int_equal(wk_cli_writer_user(&w, &u), WK_OK);
        len += (size_t)snprintf(want + len, sizeof(want) - len, "%-8s  " TAIL, names[i]);
    }
    assert_int_equal(wk_cli_writer_end(&w, NULL, 0), 0);
    assert_string_equal(capture_text(&c), want);
    capture_free(&c);
}

/* Rows too big for the arena together: it is sized from those that fit. */
static void test_table_arena_full(void **state)
{
    enum { LONG = 4000 };
    static wk_cli_writer_t w;
    static char big[LONG + 8];
    wk_user_t u;
    capture_t c;
    const char *text;
    const char *line;
    size_t fit = WK_CLI_TABLE_ARENA / (LONG + 6u); /* 6: the other cells, "-" each */
    size_t i;
    (void)state;
    assert_true(fit >= 1u && fit + 2u < WK_CLI_TABLE_ROWS);
    memset(big, 'x', sizeof(big));
    capture_open(&c);
    wk_cli_writer_init(&w, c.f, WK_CLI_FORMAT_TABLE);
    for (i = 0u; i < fit + 2u; i++) {
        /* the first row that does not fit is 5 wider than those before it */
        username_only(&u, big, i == fit ? LONG + 5u : LONG);
        assert_int_equal(wk_cli_writer_user(&w, &u), WK_OK);
    }
    assert_int_equal(wk_cli_writer_end(&w, NULL, 0), 0);
    text = capture_text(&c);
    line = text;
    for (i = 0u; i < fit + 3u; i++) {
        size_t name_len = i == 0u ? 8u : i == fit + 1u ? LONG + 5u : LONG;
        size_t first = i == fit + 1u ? LONG + 7u : LONG + 2u; /* where firstName starts */
        assert_non_null(line);
        assert_true(strncmp(line, i == 0u ? "username" : big, name_len) == 0);
        assert_true(line[first - 1u] == ' ' && line[first] != ' ');
        line = strchr(line, '\n');
        line = line != NULL ? line + 1 : NULL;
    }
    assert_string_equal(line, "");
    capture_free(&c);
}

static void test_csv_records(void **state)
{
    wk_user_t u1;
    wk_user_t u2;
    static wk_cli_writer_t w;
    capture_t c;
    (void)state;
    full_user(&u1);
    memset(&u2, 0, sizeof(u2));
    u2.first_name = S("a,b");
    SET(&u2, WK_USER_FIRST_NAME);
    u2.last_name = S("say \"hi\"");
    SET(&u2, WK_USER_LAST_NAME);
    u2.username = S("line\r\nbreak");
    SET(&u2, WK_USER_USERNAME);
    SET(&u2, WK_USER_SECURITY_GROUPS); /* present, empty */
    u2.scim_id = S("");
    SET(&u2, WK_USER_SCIM_ID);
    u2.cell = S("\xc3\xa9\xe4\xb8\xad");
    SET(&u2, WK_USER_CELL);
    u2.uname = S("\x01" "ctl");
    SET(&u2, WK_USER_UNAME);
    u2.country_code = S("+44;=1");
    SET(&u2, WK_USER_COUNTRY_CODE);
    /* --csv-raw: byte for byte; a ';' (another locale's separator) is quoted too */
    capture_open(&c);
    wk_cli_writer_init(&w, c.f, WK_CLI_FORMAT_CSV);
    w.csv_raw = true;
    assert_int_equal(wk_cli_writer_user(&w, &u1), WK_OK);
    assert_int_equal(wk_cli_writer_page_done(&w), 0);
    assert_int_equal(wk_cli_writer_user(&w, &u2), WK_OK);
    assert_int_equal(wk_cli_writer_end(&w, "not-in-csv", 10), 0);
    assert_string_equal(capture_text(&c),
                        "userId,firstName,lastName,username,securityGroups,isAdmin,suspended,"
                        "status,otpEnabled,scimId,type,cell,countryCode,challengeFailures,"
                        "isInviteExpired,isUser,inviteCode,codeValidation,uname\r\n"
                        "42,Ann,,ann@example.com,G1 G2,true,false,2,,,,,,-3,,,,,\r\n"
                        ",\"a,b\",\"say \"\"hi\"\"\",\"line\r\nbreak\",\"\",,,,,\"\",,"
                        "\xc3\xa9\xe4\xb8\xad,\"+44;=1\",,,,,,\x01" "ctl\r\n");
    capture_free(&c);

    /* by default: the same user with its line end and control escaped, the
     * formula guarded */
    capture_open(&c);
    wk_cli_writer_init(&w, c.f, WK_CLI_FORMAT_CSV);
    assert_int_equal(wk_cli_writer_user(&w, &u2), WK_OK);
    assert_int_equal(wk_cli_writer_end(&w, NULL, 0), 0);
    assert_non_null(strstr(capture_text(&c),
                           "\r\n,\"a,b\",\"say \"\"hi\"\"\",line\\x0d\\x0abreak,\"\",,,,,\"\",,"
                           "\xc3\xa9\xe4\xb8\xad,\"'+44;=1\",,,,,,\\x01" "ctl\r\n"));
    capture_free(&c);

    /* no users: the header row alone */
    capture_open(&c);
    wk_cli_writer_init(&w, c.f, WK_CLI_FORMAT_CSV);
    assert_int_equal(wk_cli_writer_end(&w, NULL, 0), 0);
    assert_non_null(strstr(capture_text(&c), "codeValidation,uname\r\n"));
    assert_int_equal(strchr(c.buf, '\n') - c.buf + 1, (long)strlen(c.buf));
    capture_free(&c);
}

/* Cells a spreadsheet would run as formulas get a leading ' and quotes
 * (OWASP); controls, C1, bidi controls and '\\' are escaped as in the table,
 * so TAB and CR never start a cell. Numbers are written as they are. */
static void test_csv_guard(void **state)
{
    wk_user_t u;
    static wk_cli_writer_t w;
    capture_t c;
    const char *rec;
    (void)state;
    memset(&u, 0, sizeof(u));
    u.first_name = S("=HYPERLINK(\"http://x\",\"y\")");
    SET(&u, WK_USER_FIRST_NAME);
    u.last_name = S("+44");
    SET(&u, WK_USER_LAST_NAME);
    u.username = S("-2+3");
    SET(&u, WK_USER_USERNAME);
    u.security_groups[0] = S("=cmd");
    u.security_groups[1] = S("b");
    u.security_group_count = 2;
    SET(&u, WK_USER_SECURITY_GROUPS);
    u.scim_id = S("@SUM(A1)");
    SET(&u, WK_USER_SCIM_ID);
    u.type = S("\tTAB");
    SET(&u, WK_USER_TYPE);
    u.cell = S("\r=1");
    SET(&u, WK_USER_CELL);
    u.country_code = S("a;=1+1");
    SET(&u, WK_USER_COUNTRY_CODE);
    u.challenge_failures = -3;
    SET(&u, WK_USER_CHALLENGE_FAILURES);
    u.invite_code = S("e\x1b[31m\xc2\x9b\xe2\x80\xae\\\x9b");
    SET(&u, WK_USER_INVITE_CODE);
    u.uname = S("x=1");
    SET(&u, WK_USER_UNAME);
    capture_open(&c);
    wk_cli_writer_init(&w, c.f, WK_CLI_FORMAT_CSV);
    assert_int_equal(wk_cli_writer_user(&w, &u), WK_OK);
    assert_int_equal(wk_cli_writer_end(&w, NULL, 0), 0);
    rec = strchr(capture_text(&c), '\n');
    assert_non_null(rec);
    assert_string_equal(rec + 1,
                        ",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",\"'+44\",\"'-2+3\","
                        "\"'=cmd b\",,,,,\"'@SUM(A1)\",\\x09TAB,\\x0d=1,\"a;=1+1\",-3,,,"
                        "e\\x1b[31m\\xc2\\x9b\\xe2\\x80\\xae\\\\\\x9b,,x=1\r\n");
    capture_free(&c);
}

/* securityGroups joins the IDs with ' ': an ID that holds a space or a '"',
 * or is empty, is quoted within the cell (a space-separated CSV record),
 * so the IDs split back exactly; with --csv-raw a line end too. */
static void test_csv_group_separator(void **state)
{
    static const char *const want[] = {
        /* guarded: the LF is escaped, so "=x\n" needs no quotes (nor a guard
         * away from the start of the cell) */
        ",,,,\"\"\"a b\"\" \"\"c\"\"\"\"d\"\" \"\"\"\" e =x\\x0a\",",
        /* raw */
        ",,,,\"\"\"a b\"\" \"\"c\"\"\"\"d\"\" \"\"\"\" e \"\"=x\n\"\"\",",
    };
    wk_user_t u;
    static wk_cli_writer_t w;
    capture_t c;
    size_t raw;
    (void)state;
    memset(&u, 0, sizeof(u));
    u.security_groups[0] = S("a b");
    u.security_groups[1] = S("c\"d");
    u.security_groups[2] = S("");
    u.security_groups[3] = S("e");
    u.security_groups[4] = S("=x\n");
    u.security_group_count = 5;
    SET(&u, WK_USER_SECURITY_GROUPS);
    for (raw = 0u; raw < 2u; raw++) {
        capture_open(&c);
        wk_cli_writer_init(&w, c.f, WK_CLI_FORMAT_CSV);
        w.csv_raw = raw != 0u;
        assert_int_equal(wk_cli_writer_user(&w, &u), WK_OK);
        assert_int_equal(wk_cli_writer_end(&w, NULL, 0), 0);
        assert_non_null(strstr(capture_text(&c), "\r\n"));
        assert_memory_equal(strstr(c.buf, "\r\n") + 2, want[raw], strlen(want[raw]));
        capture_free(&c);
    }
    /* the first ID guarded when it is not quoted */
    u.security_groups[0] = S("+1");
    u.security_group_count = 2;
    capture_open(&c);
    wk_cli_writer_init(&w, c.f, WK_CLI_FORMAT_CSV);
    assert_int_equal(wk_cli_writer_user(&w, &u), WK_OK);
    assert_int_equal(wk_cli_writer_end(&w, NULL, 0), 0);
    assert_non_null(strstr(capture_text(&c), "\r\n,,,,\"'+1 \"\"c\"\"\"\"d\"\"\","));
    capture_free(&c);
}

static void test_progress_line(void **state)
{
    static const char l1[] = "wickr-list-users: pages: 1, users: 100, 200 users/s";
    static const char l2[] = "wickr-list-users: pages: 2, users: 250, 100 users/s";
    static const char l3[] = "wickr-list-users: pages: 3, users: 300, 1 users/s";
    wk_cli_progress_t p;
    capture_t c;
    char want[512];
    (void)state;
    capture_open(&c);
    wk_cli_progress_init(&p, c.f, 1000u);
    wk_cli_progress_update(&p, 1u, 100u, 1500u);
    wk_cli_progress_update(&p, 2u, 250u, 3500u);
    wk_cli_progress_update(&p, 3u, 300u, 301000u);
    wk_cli_progress_clear(&p);
    wk_cli_progress_clear(&p); /* nothing shown: nothing written */
    /* a shorter line is padded over the longer one; the clear blanks it */
    (void)snprintf(want, sizeof(want), "\r%s\r%s\r%s  \r%*s\r", l1, l2, l3, (int)strlen(l3), "");
    assert_string_equal(capture_text(&c), want);
    capture_free(&c);

    /* the millisecond clock wraps between start and update */
    capture_open(&c);
    wk_cli_progress_init(&p, c.f, 0xffffff00u);
    wk_cli_progress_update(&p, 1u, 512u, 0x100u);
    assert_string_equal(capture_text(&c), "\rwickr-list-users: pages: 1, users: 512, 1000 users/s");
    capture_free(&c);
}

/* Appends @p n copies of @p ch. */
static void put_run(char *dst, size_t *len, char ch, size_t n)
{
    memset(dst + *len, ch, n);
    *len += n;
}

/* Values longer than the writer's stage (a run wider than it, and one that
 * fills it part way) come out whole and in order, escaped as short ones are. */
static void test_values_longer_than_stage(void **state)
{
    static char first[2600];
    static char last[900];
    static char want[8192];
    static wk_cli_writer_t w;
    wk_user_t u;
    size_t flen = 0u;
    size_t n = 0u;
    int raw;
    capture_t c;
    (void)state;
    put_run(first, &flen, 'a', 1500u);
    put_run(first, &flen, '"', 1u);
    put_run(first, &flen, 'b', 600u);
    put_run(first, &flen, '\n', 1u);
    put_run(first, &flen, 'c', sizeof(first) - flen);
    memset(last, 'd', sizeof(last));
    memset(&u, 0, sizeof(u));
    u.first_name.ptr = first;
    u.first_name.len = sizeof(first);
    SET(&u, WK_USER_FIRST_NAME);
    u.last_name.ptr = last;
    u.last_name.len = sizeof(last);
    SET(&u, WK_USER_LAST_NAME);

    capture_open(&c);
    wk_cli_writer_init(&w, c.f, WK_CLI_FORMAT_NDJSON);
    assert_int_equal(wk_cli_writer_user(&w, &u), WK_OK);
    assert_int_equal(wk_cli_writer_user(&w, &u), WK_OK);
    assert_int_equal(wk_cli_writer_end(&w, NULL, 0), 0);
    memcpy(want, "{\"firstName\": \"", 15u);
    n = 15u;
    put_run(want, &n, 'a', 1500u);
    memcpy(want + n, "\\\"", 2u);
    n += 2u;
    put_run(want, &n, 'b', 600u);
    memcpy(want + n, "\\n", 2u);
    n += 2u;
    put_run(want, &n, 'c', sizeof(first) - 2102u);
    memcpy(want + n, "\", \"lastName\": \"", 16u);
    n += 16u;
    put_run(want, &n, 'd', sizeof(last));
    memcpy(want + n, "\"}\n", 3u);
    n += 3u;
    memcpy(want + n, want, n); /* the same user twice */
    n *= 2u;
    want[n] = '\0';
    assert_int_equal(c.len, n);
    assert_string_equal(capture_text(&c), want);
    capture_free(&c);

    /* csv: byte for byte (--csv-raw), then guarded, where the LF is escaped */
    for (raw = 1; raw >= 0; raw--) {
        capture_open(&c);
        wk_cli_writer_init(&w, c.f, WK_CLI_FORMAT_CSV);
        w.csv_raw = raw != 0;
        assert_int_equal(wk_cli_writer_user(&w, &u), WK_OK);
        assert_int_equal(wk_cli_writer_end(&w, NULL, 0), 0);
        n = (size_t)(strchr(capture_text(&c), '\n') - c.buf) + 1u; /* after the header row */
        memcpy(want, c.buf, n);
        memcpy(want + n, ",\"", 2u);
        n += 2u;
        put_run(want, &n, 'a', 1500u);
        put_run(want, &n, '"', 2u);
        put_run(want, &n, 'b', 600u);
        memcpy(want + n, raw ? "\n" : "\\x0a", raw ? 1u : 4u);
        n += raw ? 1u : 4u;
        put_run(want, &n, 'c', sizeof(first) - 2102u);
        memcpy(want + n, "\",", 2u);
        n += 2u;
        put_run(want, &n, 'd', sizeof(last));
        put_run(want, &n, ',', 16u);
        memcpy(want + n, "\r\n", 3u);
        assert_string_equal(c.buf, want);
        capture_free(&c);
    }
}

static void test_writer_reports_output_failure(void **state)
{
    wk_user_t u;
    wk_cli_writer_t w;
    FILE *f = fopen("/dev/full", "w");
    (void)state;
    if (f == NULL) {
        skip(); /* reported as skipped, not passed */
        return; /* skip() does not return, but is not declared noreturn */
    }
    full_user(&u);
    wk_cli_writer_init(&w, f, WK_CLI_FORMAT_JSON);
    assert_int_equal(wk_cli_writer_user(&w, &u), WK_OK); /* buffered */
    assert_int_equal(wk_cli_writer_page_done(&w), -1);
    assert_int_equal(wk_cli_writer_user(&w, &u), WK_STOPPED);
    assert_int_equal(wk_cli_writer_end(&w, NULL, 0), -1);
    (void)fclose(f);
}

/* A message that does not fit its buffer says so: it ends with "...". */
static void test_set_err_marks_a_cut(void **state)
{
    char err[8];
    (void)state;
    wk_cli_set_err(err, sizeof(err), "%s", "abcdefghij");
    assert_string_equal(err, "abcd...");
    wk_cli_set_err(err, sizeof(err), "%s %d", "ab", 42);
    assert_string_equal(err, "ab 42");
    wk_cli_set_err(err, sizeof(err), "%s", "abcdefg"); /* exactly fills it */
    assert_string_equal(err, "abcdefg");
}

static void test_print_safe(void **state)
{
    capture_t c;
    (void)state;
    capture_open(&c);
    wk_cli_print_safe(c.f, "ok \x1b[31mred\r\n\xc3\xa9 a\\b");
    assert_string_equal(capture_text(&c), "ok \\x1b[31mred\\x0d\\x0a\xc3\xa9 a\\b");
    capture_free(&c);
    /* C1 controls in UTF-8 (CSI U+009B, NEL U+0085) are escaped too; U+00A0 is not */
    capture_open(&c);
    wk_cli_print_safe(c.f, "a\xc2\x9b" "31m\xc2\x85z\xc2\xa0");
    assert_string_equal(capture_text(&c), "a\\xc2\\x9b" "31m\\xc2\\x85z\xc2\xa0");
    capture_free(&c);
}

/* Each edge of the escaped ranges, one code point a line: DEL, the C1
 * controls U+0080..U+009F, the bidi embeddings and overrides U+202A..U+202E
 * and isolates U+2066..U+2069 are escaped; their neighbours are not. As
 * terminal text and as a JSON string (without its quotes). */
static const struct {
    const char *in;
    const char *text;
    const char *json;
} range_edges[] = {
    {"~", "~", "~"},                                                     /* U+007E */
    {"\x7f", "\\x7f", "\\u007f"},                                       /* U+007F DEL */
    {"\xc2\x80", "\\xc2\\x80", "\\u0080"},                               /* U+0080 */
    {"\xc2\x9f", "\\xc2\\x9f", "\\u009f"},                               /* U+009F */
    {"\xc2\xa0", "\xc2\xa0", "\xc2\xa0"},                                   /* U+00A0 */
    {"\xe2\x80\xa9", "\xe2\x80\xa9", "\xe2\x80\xa9"},                      /* U+2029 */
    {"\xe2\x80\xaa", "\\xe2\\x80\\xaa", "\\u202a"},                       /* U+202A LRE */
    {"\xe2\x80\xae", "\\xe2\\x80\\xae", "\\u202e"},                       /* U+202E RLO */
    {"\xe2\x80\xaf", "\xe2\x80\xaf", "\xe2\x80\xaf"},                      /* U+202F */
    {"\xe2\x81\xa5", "\xe2\x81\xa5", "\xe2\x81\xa5"},                      /* U+2065 */
    {"\xe2\x81\xa6", "\\xe2\\x81\\xa6", "\\u2066"},                       /* U+2066 LRI */
    {"\xe2\x81\xa9", "\\xe2\\x81\\xa9", "\\u2069"},                       /* U+2069 PDI */
    {"\xe2\x81\xaa", "\xe2\x81\xaa", "\xe2\x81\xaa"},                      /* U+206A */
};

/* wk_cli_print_safe() of case @p i writes exactly @p want. */
static void expect_print_safe(size_t i, const char *in, const char *want)
{
    capture_t c;
    capture_open(&c);
    wk_cli_print_safe(c.f, in);
    if (strcmp(capture_text(&c), want) != 0) {
        fail_msg("case %zu: \"%s\", expected \"%s\"", i, c.buf, want);
    }
    capture_free(&c);
}

static void test_print_safe_range_edges(void **state)
{
    size_t i;
    (void)state;
    for (i = 0u; i < sizeof(range_edges) / sizeof(range_edges[0]); i++) {
        expect_print_safe(i, range_edges[i].in, range_edges[i].text);
    }
}

static void test_json_range_edges(void **state)
{
    char want[32];
    capture_t c;
    size_t i;
    (void)state;
    for (i = 0u; i < sizeof(range_edges) / sizeof(range_edges[0]); i++) {
        capture_open(&c);
        assert_int_equal(wk_cli_json_string(c.f, range_edges[i].in, strlen(range_edges[i].in)), 0);
        (void)snprintf(want, sizeof(want), "\"%s\"", range_edges[i].json);
        if (strcmp(capture_text(&c), want) != 0) {
            fail_msg("case %zu: %s, expected %s", i, c.buf, want);
        }
        capture_free(&c);
    }
    /* a sequence cut by the end of the value is not read past it */
    capture_open(&c);
    assert_int_equal(wk_cli_json_string(c.f, "a\xc2\x85", 2u), 0);
    assert_string_equal(capture_text(&c), "\"a\xc2\"");
    capture_free(&c);
}

/* RFC 3629: a byte that is not part of a well-formed sequence is escaped,
 * alone; its neighbours are judged on their own. The ends of each range of
 * well-formed sequences pass. */
static void test_print_safe_invalid_utf8(void **state)
{
    static const struct {
        const char *in;
        const char *out;
    } cases[] = {
        {"a\x9b" "1m", "a\\x9b" "1m"},                       /* lone continuation: 8-bit CSI */
        {"\xff\xfe", "\\xff\\xfe"},                           /* never in UTF-8 */
        {"\xc0\xaf", "\\xc0\\xaf"},                           /* overlong '/' */
        {"\xc1\xbf", "\\xc1\\xbf"},                           /* overlong U+007F */
        {"\xe0\x80\xaf", "\\xe0\\x80\\xaf"},                 /* overlong, 3 bytes */
        {"\xe0\x9f\xbf", "\\xe0\\x9f\\xbf"},                 /* overlong U+07FF */
        {"\xf0\x8f\xbf\xbf", "\\xf0\\x8f\\xbf\\xbf"},       /* overlong U+FFFF */
        {"\xed\xa0\x80", "\\xed\\xa0\\x80"},                 /* surrogate U+D800 */
        {"\xed\xbf\xbf", "\\xed\\xbf\\xbf"},                 /* surrogate U+DFFF */
        {"\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80"},       /* U+110000 */
        {"\xf5\x80\x80\x80", "\\xf5\\x80\\x80\\x80"},       /* lead byte above F4 */
        {"x\xe2\x82", "x\\xe2\\x82"},                         /* cut at the end */
        {"\xe2\x82z", "\\xe2\\x82z"},                         /* cut by an ASCII byte */
        {"\xc3\xc3\xa9", "\\xc3\xc3\xa9"},                     /* lead, then a whole one */
        {"\xe0\xa0\x80", "\xe0\xa0\x80"},                     /* U+0800 */
        {"\xed\x9f\xbf", "\xed\x9f\xbf"},                     /* U+D7FF */
        {"\xee\x80\x80", "\xee\x80\x80"},                     /* U+E000 */
        {"\xef\xbf\xbf", "\xef\xbf\xbf"},                     /* U+FFFF */
        {"\xf0\x90\x80\x80", "\xf0\x90\x80\x80"},             /* U+10000 */
        {"\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf"},             /* U+10FFFF */
    };
    capture_t c;
    size_t i;
    bool failed = false;
    (void)state;
    for (i = 0u; i < sizeof(cases) / sizeof(cases[0]); i++) {
        expect_print_safe(i, cases[i].in, cases[i].out);
    }
    /* an escape takes four columns, a valid wide character two */
    capture_open(&c);
    assert_int_equal(wk_cli_write_safe(c.f, "\xed\xa0\x80\xe4\xb8\xad", 6u, false, &failed), 14u);
    assert_false(failed);
    capture_free(&c);
}

/* ---- exit codes ----------------------------------------------------------------- */

static void test_exit_codes(void **state)
{
    (void)state;
    assert_int_equal(wk_cli_exit_code(WK_OK), 0);
    assert_int_equal(wk_cli_exit_code(WK_ERR_NETWORK_ID), 2);
    assert_int_equal(wk_cli_exit_code(WK_ERR_MAX_RESULTS), 2);
    assert_int_equal(wk_cli_exit_code(WK_ERR_SORT_FIELDS), 2);
    assert_int_equal(wk_cli_exit_code(WK_ERR_SORT_DIRECTION), 2);
    assert_int_equal(wk_cli_exit_code(WK_ERR_STATUS_FILTER), 2);
    assert_int_equal(wk_cli_exit_code(WK_ERR_REGION), 2);
    assert_int_equal(wk_cli_exit_code(WK_ERR_ENDPOINT), 2);
    assert_int_equal(wk_cli_exit_code(WK_ERR_ENDPOINT_CONFIG), 2);
    assert_int_equal(wk_cli_exit_code(WK_ERR_CREDENTIALS), 2);
    assert_int_equal(wk_cli_exit_code(WK_ERR_STRING), 2);
    assert_int_equal(wk_cli_exit_code(WK_ERR_NO_SPACE), 2);
    assert_int_equal(wk_cli_exit_code(WK_ERR_SERVICE), 3);
    assert_int_equal(wk_cli_exit_code(WK_ERR_VALIDATION), 3);
    assert_int_equal(wk_cli_exit_code(WK_ERR_MISSING_AUTH_TOKEN), 3);
    assert_int_equal(wk_cli_exit_code(WK_ERR_CLOCK_SKEW), 3);
    assert_int_equal(wk_cli_exit_code(WK_ERR_DNS), 4);
    assert_int_equal(wk_cli_exit_code(WK_ERR_CONNECT), 4);
    assert_int_equal(wk_cli_exit_code(WK_ERR_TIMEOUT), 4);
    assert_int_equal(wk_cli_exit_code(WK_ERR_PEER_CLOSED), 4);
    assert_int_equal(wk_cli_exit_code(WK_ERR_IO), 4);
    assert_int_equal(wk_cli_exit_code(WK_ERR_TLS), 4);
    assert_int_equal(wk_cli_exit_code(WK_ERR_TLS_VERIFY), 4);
    assert_int_equal(wk_cli_exit_code(WK_ERR_TLS_CA), 4);
    assert_int_equal(wk_cli_exit_code(WK_ERR_HTTP_STATUS_LINE), 5);
    assert_int_equal(wk_cli_exit_code(WK_ERR_HTTP_UNEXPECTED), 5);
    assert_int_equal(wk_cli_exit_code(WK_ERR_JSON_SYNTAX), 5);
    assert_int_equal(wk_cli_exit_code(WK_ERR_JSON_TOO_MANY_ITEMS), 5);
    assert_int_equal(wk_cli_exit_code(WK_ERR_PAGE_CHANGED), 6);
    assert_int_equal(wk_cli_exit_code(WK_ERR_ARG), 1);
    assert_int_equal(wk_cli_exit_code(WK_ERR_CRYPTO), 1);
    assert_int_equal(wk_cli_exit_code(WK_ERR_CLOCK), 1);
    assert_int_equal(wk_cli_exit_code(WK_ERR_STATE), 1);
    assert_int_equal(wk_cli_exit_code(WK_STOPPED), 1);
}

/* ---- whole runs through a scripted connector ---------------------------------------- */

#define SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define TOKEN "SESSIONTOKENVALUE"

/* The scripted server (fake_transport.h): each connection serves the next
 * response in 7-byte pieces, as a slow network would deliver them, and the
 * peer closes after it; an open past the last response is refused, and no
 * connection claims a verified peer. */
static fake_server_t script;
static wk_diag_t *script_open_diag; /* NULL, or the connector's diagnostic of a failed open */
static const char *script_endpoint; /* NULL: https://127.0.0.1:8443 */

static void script_reset(void)
{
    size_t i;
    fake_server_init(&script);
    script.chunk = 7u;
    script.unverified = true; /* a plain connector: no TLS peer was verified */
    for (i = 0u; i < FAKE_MAX_RESPONSES; i++) {
        script.close_after[i] = true;
    }
    script_open_diag = NULL;
    script_endpoint = NULL;
}

static wk_status_t script_open(void *ctx, const wk_endpoint_t *ep, uint32_t timeout_ms,
                               wk_transport_t *out)
{
    wk_connector_t server = fake_server_connector(ctx);
    wk_status_t st = server.open(server.ctx, ep, timeout_ms, out);
    if (st != WK_OK && script_open_diag != NULL) {
        (void)snprintf(script_open_diag->text, sizeof(script_open_diag->text),
                       "connect to 127.0.0.1 port 9: refused by the scripted peer");
        script_open_diag->len = strlen(script_open_diag->text);
    }
    return st;
}

static wk_status_t script_close(void *ctx, wk_transport_t *t)
{
    wk_connector_t server = fake_server_connector(ctx);
    return server.close(server.ctx, t);
}

/* The SigV4 signature the client really sent (64 hex digits), or "" before any request. */
static const char *sent_signature(char out[65])
{
    const char *sig = strstr(script.tx, "Signature=");
    out[0] = '\0';
    if (sig != NULL) {
        memcpy(out, sig + 10, 64);
        out[64] = '\0';
    }
    return out;
}

static int run_script(const wk_cli_options_t *o, capture_t *out, capture_t *err)
{
    wk_cli_config_t cfg;
    wk_connector_t conn;
    char sig[65];
    int rc;
    memset(&cfg, 0, sizeof(cfg));
    strcpy(cfg.access_key_id, "AKIDEXAMPLE");
    strcpy(cfg.secret_access_key, SECRET);
    strcpy(cfg.session_token, TOKEN);
    strcpy(cfg.region, "us-east-1");
    strcpy(cfg.endpoint_url, script_endpoint != NULL ? script_endpoint : "https://127.0.0.1:8443");
    conn.open = script_open;
    conn.close = script_close;
    conn.ctx = &script;
    if (script.connect_fail_from == 0) {
        script.connect_fail_from = (int)script.count + 1; /* no response left to serve */
    }
    capture_open(out);
    capture_open(err);
    rc = wk_cli_run(o, &cfg, &conn, NULL, script_open_diag, NULL, out->f, err->f);
    (void)capture_text(out);
    (void)capture_text(err);
    /* nothing the program prints may carry a secret */
    assert_null(strstr(out->buf, SECRET));
    assert_null(strstr(err->buf, SECRET));
    assert_null(strstr(err->buf, TOKEN));
    if (sent_signature(sig)[0] != '\0') {
        assert_int_equal(strspn(sig, "0123456789abcdef"), 64);
        assert_null(strstr(err->buf, sig));
        assert_null(strstr(out->buf, sig));
    }
    return rc;
}

static int script_setup(void **state)
{
    script_reset();
    return env_setup(state);
}

static void expect_validation_refusal(wk_cli_options_t *o, const char *status_name)
{
    capture_t out;
    capture_t err;
    char prefix[128];
    script_reset();
    assert_int_equal(run_script(o, &out, &err), WK_CLI_EXIT_USAGE);
    /* the core validated before connecting: nothing was opened, nothing sent */
    assert_int_equal(script.open_calls, 0);
    assert_int_equal(script.tx_len, 0);
    assert_string_equal(out.buf, "");
    (void)snprintf(prefix, sizeof(prefix), "wickr-list-users: %s", status_name);
    if (strncmp(err.buf, prefix, strlen(prefix)) != 0) {
        fail_msg("stderr '%s' does not start with '%s'", err.buf, prefix);
    }
    capture_free(&out);
    capture_free(&err);
}

static void test_run_validation_error_sends_nothing(void **state)
{
    wk_cli_options_t o = no_options();
    (void)state;
    o.req.network_id = "1234567";
    expect_validation_refusal(&o, "WK_ERR_NETWORK_ID");
    o = no_options();
    o.req.sort_direction = "UP";
    expect_validation_refusal(&o, "WK_ERR_SORT_DIRECTION");
    o = no_options();
    o.req.sort_fields = "email";
    o.all = true;
    expect_validation_refusal(&o, "WK_ERR_SORT_FIELDS");
    o = no_options();
    o.req.username = "\xff";
    expect_validation_refusal(&o, "WK_ERR_STRING");
}

static const char page1[] =
    "HTTP/1.1 200 OK\r\n"
    "Content-Type: application/json\r\n"
    "Connection: close\r\n"
    "Content-Length: 100\r\n"
    "\r\n"
    "{\"nextToken\":\"p2\",\"users\":[{\"username\":\"a@x\",\"status\":2},"
    "{\"username\":\"b@x\",\"securityGroups\":[\"G\"]}]}";

static const char page2[] =
    "HTTP/1.1 200 OK\r\n"
    "Content-Type: application/json\r\n"
    "Connection: close\r\n"
    "Content-Length: 45\r\n"
    "\r\n"
    "{\"users\":[{\"username\":\"c@x\",\"isAdmin\":true}]}";

static void test_run_one_page_json(void **state)
{
    wk_cli_options_t o = no_options();
    capture_t out;
    capture_t err;
    (void)state;
    assert_int_equal(strlen(strstr(page1, "\r\n\r\n") + 4), 100);
    script.responses[0] = page1;
    script.count = 1;
    assert_int_equal(run_script(&o, &out, &err), WK_CLI_EXIT_OK);
    assert_string_equal(err.buf, "");
    assert_string_equal(out.buf, "{\n"
                                 "    \"users\": [\n"
                                 "        {\n"
                                 "            \"username\": \"a@x\",\n"
                                 "            \"status\": 2\n"
                                 "        },\n"
                                 "        {\n"
                                 "            \"username\": \"b@x\",\n"
                                 "            \"securityGroups\": [\n"
                                 "                \"G\"\n"
                                 "            ]\n"
                                 "        }\n"
                                 "    ],\n"
                                 "    \"nextToken\": \"p2\"\n"
                                 "}\n");
    assert_int_equal(script.open_calls, 1);
    assert_non_null(strstr(script.tx, "GET /networks/12345678/users HTTP/1.1\r\n"));
    assert_null(strstr(script.tx, SECRET));
    capture_free(&out);
    capture_free(&err);
}

static void test_run_all_pages_ndjson(void **state)
{
    wk_cli_options_t o = no_options();
    capture_t out;
    capture_t err;
    (void)state;
    assert_int_equal(strlen(strstr(page2, "\r\n\r\n") + 4), 45);
    script.responses[0] = page1;
    script.responses[1] = page2;
    script.count = 2;
    o.all = true;
    o.format = WK_CLI_FORMAT_NDJSON;
    assert_int_equal(run_script(&o, &out, &err), WK_CLI_EXIT_OK);
    assert_string_equal(err.buf, "");
    /* merged, and no nextToken line with --all */
    assert_string_equal(out.buf, "{\"username\": \"a@x\", \"status\": 2}\n"
                                 "{\"username\": \"b@x\", \"securityGroups\": [\"G\"]}\n"
                                 "{\"username\": \"c@x\", \"isAdmin\": true}\n");
    assert_int_equal(script.open_calls, 2);
    /* the second request carried the first page's token */
    assert_non_null(strstr(script.tx, "GET /networks/12345678/users?nextToken=p2 HTTP/1.1"));
    capture_free(&out);
    capture_free(&err);
}

static void script_two_pages(void)
{
    fake_server_init(&script);
    script.responses[0] = page1;
    script.responses[1] = page2;
    script.count = 2;
}

/* --max-items: the users asked for, then NextToken (the cursor where the
 * listing stopped); a page not needed is not asked for. */
static void test_run_max_items(void **state)
{
    wk_cli_options_t o = no_options();
    wk_cursor_t next;
    char err_text[WK_CLI_ERR_MAX];
    capture_t out;
    capture_t err;
    const char *token;
    (void)state;
    script_two_pages();
    o.all = true;
    o.max_items = 1;
    assert_int_equal(run_script(&o, &out, &err), WK_CLI_EXIT_OK);
    assert_string_equal(err.buf, "");
    assert_int_equal(script.open_calls, 1);
    assert_non_null(strstr(out.buf, "\"username\": \"a@x\""));
    assert_null(strstr(out.buf, "b@x"));
    token = strstr(out.buf, "\"NextToken\": \"");
    assert_non_null(token);
    assert_null(strstr(out.buf, "\"nextToken\""));
    /* the token is a cursor: the first page, one user of it written */
    token += strlen("\"NextToken\": \"");
    *strchr(token, '"') = '\0';
    assert_int_equal(wk_cli_parse_starting_token(token, &next, err_text, sizeof(err_text)), 0);
    assert_int_equal(next.index, 1u);
    assert_int_equal(next.token_len, 0u);
    assert_true(next.has_digest);
    capture_free(&out);
    capture_free(&err);

    /* the last wanted user ends a page: its nextToken, no request for the next */
    o.max_items = 2;
    o.format = WK_CLI_FORMAT_NDJSON;
    script_two_pages();
    assert_int_equal(run_script(&o, &out, &err), WK_CLI_EXIT_OK);
    assert_int_equal(script.open_calls, 1);
    assert_non_null(strstr(out.buf, "b@x"));
    token = strstr(out.buf, "{\"NextToken\": \"");
    assert_non_null(token);
    token += strlen("{\"NextToken\": \"");
    *strchr(token, '"') = '\0';
    assert_int_equal(wk_cli_parse_starting_token(token, &next, err_text, sizeof(err_text)), 0);
    assert_string_equal(next.token, "p2");
    assert_int_equal(next.index, 0u);
    capture_free(&out);
    capture_free(&err);

    /* more than there are: every user, no token; table: the token goes to stderr */
    o.max_items = 5;
    script_two_pages();
    assert_int_equal(run_script(&o, &out, &err), WK_CLI_EXIT_OK);
    assert_int_equal(script.open_calls, 2);
    assert_non_null(strstr(out.buf, "c@x"));
    assert_null(strstr(out.buf, "NextToken"));
    capture_free(&out);
    capture_free(&err);
    o.max_items = 1;
    o.format = WK_CLI_FORMAT_TABLE;
    script_two_pages();
    assert_int_equal(run_script(&o, &out, &err), WK_CLI_EXIT_OK);
    assert_non_null(strstr(err.buf, "more users follow: continue with --starting-token wk2:1:"));
    capture_free(&out);
    capture_free(&err);
}

static void test_run_all_stops_on_repeated_token(void **state)
{
    wk_cli_options_t o = no_options();
    capture_t out;
    capture_t err;
    (void)state;
    script.responses[0] = page1;
    script.responses[1] = page1; /* the same token again */
    script.responses[2] = page1;
    script.count = 3;
    o.all = true;
    assert_int_equal(run_script(&o, &out, &err), WK_CLI_EXIT_RESPONSE);
    assert_int_equal(script.open_calls, 2);
    assert_non_null(strstr(err.buf, "same nextToken twice"));
    capture_free(&out);
    capture_free(&err);
}

/* One run with the default options against one scripted response. */
static int run_response(const char *resp, capture_t *out, capture_t *err)
{
    wk_cli_options_t o = no_options();
    script.responses[0] = resp;
    script.count = 1;
    return run_script(&o, out, err);
}

static void test_run_service_error(void **state)
{
    static const char resp[] =
        "HTTP/1.1 422 Unprocessable Entity\r\n"
        "Content-Type: application/json\r\n"
        "X-Amzn-Errortype: ValidationError\r\n"
        "x-amzn-RequestId: req-123\r\n"
        "Connection: close\r\n"
        "Content-Length: 101\r\n"
        "\r\n"
        "{\"message\":\"bad input\",\"reasons\":[{\"field\":\"groupId\",\"reason\":\"unknown\"},"
        "{\"field\":\"x\",\"reason\":\"y\"}]}";
    capture_t out;
    capture_t err;
    (void)state;
    assert_int_equal(strlen(strstr(resp, "\r\n\r\n") + 4), 101);
    assert_int_equal(run_response(resp, &out, &err), WK_CLI_EXIT_SERVICE);
    assert_string_equal(out.buf, "");
    assert_string_equal(err.buf,
                        "wickr-list-users: service error ValidationError (HTTP 422): bad input\n"
                        "  reason: groupId: unknown\n"
                        "  reason: x: y\n"
                        "  request id: req-123\n");
    capture_free(&out);
    capture_free(&err);
}

/* A cursor only once the listing moved: after a page came, the failure of the
 * next one gives the --starting-token that skips what was written. */
static void test_run_cursor_only_after_progress(void **state)
{
    static const char denied[] =
        "HTTP/1.1 403 Forbidden\r\n"
        "Content-Type: application/json\r\n"
        "X-Amzn-Errortype: ExpiredTokenException\r\n"
        "Connection: close\r\n"
        "Content-Length: 36\r\n"
        "\r\n"
        "{\"message\":\"The token has expired.\"}";
    wk_cli_options_t o = no_options();
    capture_t out;
    capture_t err;
    (void)state;
    assert_int_equal(strlen(strstr(denied, "\r\n\r\n") + 4), 36);
    script.responses[0] = page1;
    script.responses[1] = denied;
    script.count = 2;
    o.all = true;
    assert_int_equal(run_script(&o, &out, &err), WK_CLI_EXIT_SERVICE);
    assert_non_null(strstr(err.buf, "service error ExpiredTokenException (HTTP 403)"));
    assert_non_null(strstr(err.buf, "continue with --starting-token wk1:0:cDI\n"));
    capture_free(&out);
    capture_free(&err);
    /* the same failure on the first page: nothing to continue from */
    script_reset();
    script.responses[0] = denied;
    script.count = 1;
    assert_int_equal(run_script(&o, &out, &err), WK_CLI_EXIT_SERVICE);
    assert_null(strstr(err.buf, "--starting-token"));
    capture_free(&out);
    capture_free(&err);
}

/* The scripted connector does not claim a verified peer, so the service's
 * Date is not taken: the reason comes first, then the service's own words. */
static void test_run_clock_skew_not_corrected(void **state)
{
    static const char resp[] =
        "HTTP/1.1 403 Forbidden\r\n"
        "X-Amzn-Errortype: InvalidSignatureException\r\n"
        "Date: Sun, 30 Aug 2015 12:52:40 GMT\r\n"
        "Content-Length: 31\r\n"
        "\r\n"
        "{\"message\":\"Signature expired\"}";
    capture_t out;
    capture_t err;
    (void)state;
    assert_int_equal(strlen(strstr(resp, "\r\n\r\n") + 4), 31);
    assert_int_equal(run_response(resp, &out, &err), WK_CLI_EXIT_SERVICE);
    assert_string_equal(out.buf, "");
    assert_int_equal(script.open_calls, 1);
    if (strstr(err.buf, "wickr-list-users: WK_ERR_CLOCK_SKEW: signing time refused, clock not "
                        "corrected: Date from an unverified TLS peer\n"
                        "wickr-list-users: service error InvalidSignatureException (HTTP 403): "
                        "Signature expired\n") != err.buf) {
        fail_msg("stderr: %s", err.buf);
    }
    capture_free(&out);
    capture_free(&err);
}

/* The first attempt is cut after two users; the retry's page begins with
 * other users: exit 6, nothing more written, and the page's start offered. */
static void test_run_page_changed_is_exit_6(void **state)
{
    static const char body[] = "{\"users\":[{\"username\":\"u1\"},{\"username\":\"u2\"},"
                               "{\"username\":\"u3\"}]}";
    static const char moved[] = "{\"users\":[{\"username\":\"u0\"},{\"username\":\"u1\"},"
                                "{\"username\":\"u2\"}]}";
    static char cut[256];
    static char retry[256];
    wk_cli_options_t o = no_options();
    capture_t out;
    capture_t err;
    (void)state;
    (void)snprintf(cut, sizeof(cut), "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n\r\n%.*s",
                   strlen(body), (int)(strstr(body, "{\"username\":\"u3\"") - body), body);
    (void)snprintf(retry, sizeof(retry), "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n\r\n%s",
                   strlen(moved), moved);
    script.responses[0] = cut;
    script.responses[1] = retry;
    script.count = 2;
    o.format = WK_CLI_FORMAT_NDJSON;
    assert_int_equal(run_script(&o, &out, &err), WK_CLI_EXIT_CHANGED);
    assert_int_equal(script.open_calls, 2);
    assert_string_equal(out.buf, "{\"username\": \"u1\"}\n{\"username\": \"u2\"}\n");
    assert_string_equal(err.buf,
                        "wickr-list-users: WK_ERR_PAGE_CHANGED: page changed under the retry at "
                        "users[2]\n"
                        "wickr-list-users: stopped after 2 attempts on this page, which changed "
                        "meanwhile: no cursor skips exactly the 2 users of it written; run the "
                        "listing again, or continue from the page's start (they come again) with "
                        "--starting-token wk1:0:\n");
    capture_free(&out);
    capture_free(&err);
}

static void test_run_bad_json_is_exit_5(void **state)
{
    static const char resp[] = "HTTP/1.1 200 OK\r\n"
                               "Connection: close\r\n"
                               "Content-Length: 12\r\n"
                               "\r\n"
                               "{\"users\":[}}";
    capture_t out;
    capture_t err;
    (void)state;
    assert_int_equal(run_response(resp, &out, &err), WK_CLI_EXIT_RESPONSE);
    assert_non_null(strstr(err.buf, "wickr-list-users: WK_ERR_JSON_"));
    capture_free(&out);
    capture_free(&err);
}

static void test_run_connect_failure_prints_connector_diag(void **state)
{
    wk_diag_t net;
    wk_cli_options_t o = no_options();
    capture_t out;
    capture_t err;
    (void)state;
    memset(&net, 0, sizeof(net));
    script.connect_status = WK_ERR_CONNECT;
    script_open_diag = &net;
    assert_int_equal(run_script(&o, &out, &err), WK_CLI_EXIT_NETWORK);
    assert_true(script.open_calls >= 1);
    assert_string_equal(out.buf, "");
    assert_true(strncmp(err.buf, "wickr-list-users: WK_ERR_CONNECT", 32) == 0);
    assert_non_null(strstr(err.buf, "refused by the scripted peer"));
    capture_free(&out);
    capture_free(&err);
}

/* --debug says where the credentials came from, never what they are. */
static void test_explain_credentials(void **state)
{
    wk_cli_config_t cfg;
    capture_t err;
    (void)state;
    memset(&cfg, 0, sizeof(cfg));
    strcpy(cfg.access_key_id, "AKIDSHOWN");
    strcpy(cfg.secret_access_key, "SECRETSHOWN");
    strcpy(cfg.session_token, "TOKENSHOWN");
    strcpy(cfg.profile, "dev\x1b[2J");
    capture_open(&err);
    wk_cli_explain_credentials(err.f, &cfg); /* a caller's own: nothing */
    cfg.creds_from = WK_CLI_CREDS_ENV;
    wk_cli_explain_credentials(err.f, &cfg);
    cfg.creds_from = WK_CLI_CREDS_PROCESS;
    cfg.creds_expiration = 1796306400;
    wk_cli_explain_credentials(err.f, &cfg);
    assert_string_equal(capture_text(&err),
                        "wickr-list-users: * credentials: the environment, with a session token\n"
                        "wickr-list-users: * credentials: credential_process of profile "
                        "'dev\\x1b[2J', with a session token, expiring 2026-12-03T14:00:00Z\n");
    capture_free(&err);
}

static void test_run_debug_logs_heads_without_secrets(void **state)
{
    wk_cli_options_t o = no_options();
    capture_t out;
    capture_t err;
    char sig[65];
    (void)state;
    script.responses[0] = page1;
    script.count = 1;
    o.debug = true;
    assert_int_equal(run_script(&o, &out, &err), WK_CLI_EXIT_OK); /* checks the signature too */
    assert_int_equal(strlen(sent_signature(sig)), 64); /* a request was signed */
    assert_non_null(strstr(script.tx, TOKEN));      /* the token was sent, and ... */
    assert_null(strstr(err.buf, TOKEN));              /* ... not logged */
    assert_null(strstr(err.buf, "AKIDEXAMPLE"));
    assert_non_null(strstr(err.buf, "wickr-list-users: * connect 127.0.0.1 port 8443 (TLS): "
                                    "connected\n"));
    assert_non_null(strstr(err.buf, "wickr-list-users: > GET /networks/12345678/users HTTP/1.1\n"));
    assert_non_null(strstr(err.buf, "/us-east-1/wickr/aws4_request, SignedHeaders="));
    assert_non_null(strstr(err.buf, ", Signature=<redacted>\n"));
    assert_non_null(strstr(err.buf, "wickr-list-users: > X-Amz-Security-Token: <redacted>\n"));
    assert_non_null(strstr(err.buf, "wickr-list-users: < HTTP/1.1 200 OK\n"
                                    "wickr-list-users: < Content-Type: application/json\n"));
    assert_non_null(strstr(err.buf, "wickr-list-users: < Content-Length: 100\n"
                                    "wickr-list-users: * close\n"));
    assert_null(strstr(err.buf, "a@x")); /* bodies are not logged */
    assert_non_null(strstr(out.buf, "\"a@x\""));
    capture_free(&out);
    capture_free(&err);
}

static void test_debug_decorator_redacts_and_escapes(void **state)
{
    static const char request[] =
        "GET /networks/12345678/users?maxResults=5 HTTP/1.1\r\n"
        "Host: h\r\n"
        "Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240102/us-east-1/wickr/"
        "aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, "
        "Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\r\n"
        "x-amz-security-token: " TOKEN "\r\n"
        "Authorization-Extra: x\r\n"
        "\r\n";
    static const char second[] = "GET /second HTTP/1.1\r\nauthorization: NotSigV4 abc\r\n\r\n";
    static char response[2048];
    static char want[4096];
    static char longv[1501];
    static wk_cli_debug_t d;
    wk_connector_t inner = {script_open, script_close, &script};
    wk_connector_t wrapped;
    wk_endpoint_t ep;
    wk_transport_t t;
    capture_t err;
    uint8_t buf[64];
    size_t n;
    size_t i;
    (void)state;
    memset(longv, 'v', sizeof(longv) - 1u);
    (void)snprintf(response, sizeof(response),
                   "HTTP/1.1 200 OK\r\nSet-Cookie: s=1\r\nX-Long: %s\r\n"
                   "X-Evil: a\x1b[2Jb\x9b" "c\xc0\xaf\xe2\x80\xae\r\nContent-Length: 5\r\n\r\nhello",
                   longv);
    script_reset();
    script.responses[0] = response;
    script.count = 1;
    script.close_after[0] = false; /* the second request goes over the same connection */
    memset(&ep, 0, sizeof(ep));
    strcpy(ep.host, "127.0.0.1");
    ep.port = 8443;
    ep.tls = true;
    capture_open(&err);
    wk_cli_debug_wrap(&d, &inner, err.f, &wrapped);
    assert_int_equal(wrapped.open(wrapped.ctx, &ep, 1000u, &t), WK_OK);
    for (i = 0u; i < sizeof(request) - 1u; i += n) { /* in 5-byte pieces */
        n = sizeof(request) - 1u - i < 5u ? sizeof(request) - 1u - i : 5u;
        assert_int_equal(t.send(t.ctx, (const uint8_t *)request + i, n, &n, 0u), WK_OK);
    }
    while (t.recv(t.ctx, buf, sizeof(buf), &n, 0u) == WK_OK) {
    }
    assert_int_equal(t.send(t.ctx, (const uint8_t *)second, sizeof(second) - 1u, &n, 0u), WK_OK);
    assert_int_equal(wrapped.close(wrapped.ctx, &t), WK_OK);
    assert_int_equal(script.close_calls, 1);
    /* what went over the wire is unchanged */
    assert_int_equal(script.tx_len, sizeof(request) - 1u + sizeof(second) - 1u);
    assert_memory_equal(script.tx, request, sizeof(request) - 1u);
    /* 1024 bytes of the X-Long line are shown: "X-Long: " and 1016 of the 1500 v */
    (void)snprintf(want, sizeof(want),
                   "wickr-list-users: * connect 127.0.0.1 port 8443 (TLS): connected\n"
                   "wickr-list-users: > GET /networks/12345678/users?maxResults=5 HTTP/1.1\n"
                   "wickr-list-users: > Host: h\n"
                   "wickr-list-users: > Authorization: AWS4-HMAC-SHA256 Credential=<redacted>"
                   "/20240102/us-east-1/wickr/aws4_request, "
                   "SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=<redacted>\n"
                   "wickr-list-users: > x-amz-security-token: <redacted>\n"
                   "wickr-list-users: > Authorization-Extra: x\n"
                   "wickr-list-users: < HTTP/1.1 200 OK\n"
                   "wickr-list-users: < Set-Cookie: <redacted>\n"
                   "wickr-list-users: < X-Long: %.1016s [484 more bytes not shown]\n"
                   "wickr-list-users: < X-Evil: a\\x1b[2Jb\\x9b" "c\\xc0\\xaf\\xe2\\x80\\xae\n"
                   "wickr-list-users: < Content-Length: 5\n"
                   "wickr-list-users: > GET /second HTTP/1.1\n"
                   "wickr-list-users: > authorization: <redacted>\n"
                   "wickr-list-users: * close\n",
                   longv);
    assert_string_equal(capture_text(&err), want);
    capture_free(&err);

    /* a failed open is logged with its status and gives no transport */
    script_reset();
    script.connect_status = WK_ERR_CONNECT;
    capture_open(&err);
    wk_cli_debug_wrap(&d, &inner, err.f, &wrapped);
    assert_int_equal(wrapped.open(wrapped.ctx, &ep, 1000u, &t), WK_ERR_CONNECT);
    assert_string_equal(capture_text(&err), "wickr-list-users: * connect 127.0.0.1 port 8443 (TLS): "
                                            "WK_ERR_CONNECT\n");
    capture_free(&err);
}

static void test_run_table_and_csv_report_next_token(void **state)
{
    wk_cli_options_t o = no_options();
    capture_t out;
    capture_t err;
    (void)state;
    script.responses[0] = page1;
    script.count = 1;
    o.format = WK_CLI_FORMAT_TABLE;
    assert_int_equal(run_script(&o, &out, &err), WK_CLI_EXIT_OK);
    assert_string_equal(out.buf,
                        "username  firstName  lastName  status  isAdmin  suspended  securityGroups\n"
                        "a@x       -          -         2       -        -          -\n"
                        "b@x       -          -         -       -        -          G\n");
    assert_string_equal(err.buf,
                        "wickr-list-users: more users follow: continue with --next-token p2\n");
    capture_free(&out);
    capture_free(&err);

    script_reset();
    script.responses[0] = page1;
    script.count = 1;
    o.format = WK_CLI_FORMAT_CSV;
    assert_int_equal(run_script(&o, &out, &err), WK_CLI_EXIT_OK);
    assert_non_null(strstr(out.buf, "\r\n,,,a@x,,,,2,"));
    assert_string_equal(err.buf,
                        "wickr-list-users: more users follow: continue with --next-token p2\n");
    capture_free(&out);
    capture_free(&err);
}

/* --csv-raw reaches the writer: the guard is on without it, off with it. */
static void test_run_csv_raw(void **state)
{
    static const char page[] = "HTTP/1.1 200 OK\r\n"
                               "Connection: close\r\n"
                               "Content-Length: 31\r\n"
                               "\r\n"
                               "{\"users\":[{\"username\":\"=1+1\"}]}";
    static const char *const want[] = {"\r\n,,,\"'=1+1\",,", "\r\n,,,=1+1,,"};
    wk_cli_options_t o = no_options();
    capture_t out;
    capture_t err;
    size_t raw;
    (void)state;
    o.format = WK_CLI_FORMAT_CSV;
    for (raw = 0u; raw < 2u; raw++) {
        script_reset();
        script.responses[0] = page;
        script.count = 1;
        o.csv_raw = raw != 0u;
        assert_int_equal(run_script(&o, &out, &err), WK_CLI_EXIT_OK);
        assert_non_null(strstr(out.buf, want[raw]));
        capture_free(&out);
        capture_free(&err);
    }
}

/* Rows held back for sizing are written when the listing fails, so the
 * cursor's "already written" count holds. */
static void test_run_table_failure_writes_held_rows(void **state)
{
    static const char cut[] = "HTTP/1.1 200 OK\r\n"
                              "Connection: close\r\n"
                              "Content-Length: 200\r\n"
                              "\r\n"
                              "{\"users\":[{\"username\":\"a@x\"},{\"user";
    wk_cli_options_t o = no_options();
    capture_t out;
    capture_t err;
    (void)state;
    script.responses[0] = cut;
    script.count = 1;
    o.format = WK_CLI_FORMAT_TABLE;
    o.max_attempts = 1u;
    assert_int_not_equal(run_script(&o, &out, &err), WK_CLI_EXIT_OK);
    assert_string_equal(out.buf,
                        "username  firstName  lastName  status  isAdmin  suspended  securityGroups\n"
                        "a@x       -          -         -       -        -          -\n");
    assert_non_null(strstr(err.buf, "--starting-token wk2:1:"));
    capture_free(&out);
    capture_free(&err);
}

/* A value too long for one request: the flag, its length and how much fits,
 * in bytes that end on a character; exactly that much is sent. */
static void test_run_too_long_names_the_flag(void **state)
{
    static char name[6000];
    wk_cli_options_t o = no_options();
    capture_t out;
    capture_t err;
    size_t fit = 0u;
    size_t fit_utf8 = 0u;
    size_t i;
    (void)state;
    memset(name, 'a', 5000u);
    o.req.first_name = name;
    assert_int_equal(run_script(&o, &out, &err), WK_CLI_EXIT_USAGE);
    assert_int_equal(script.open_calls, 0);
    assert_int_equal(sscanf(err.buf, "wickr-list-users: --first-name is 5000 bytes; at most %zu fit",
                            &fit), 1);
    assert_null(strstr(err.buf, "CONFIG_WK"));
    assert_true(fit > 1000u && fit < CONFIG_WK_REQUEST_BUF_SIZE);
    capture_free(&out);
    capture_free(&err);

    name[fit] = '\0';
    script_reset();
    script.responses[0] = page2;
    script.count = 1;
    assert_int_equal(run_script(&o, &out, &err), WK_CLI_EXIT_OK);
    assert_int_equal(script.tx_len, CONFIG_WK_REQUEST_BUF_SIZE); /* to the byte */
    capture_free(&out);
    capture_free(&err);
    name[fit] = 'a';
    script_reset();
    assert_int_equal(run_script(&o, &out, &err), WK_CLI_EXIT_USAGE);
    assert_non_null(strstr(err.buf, "--first-name is"));
    capture_free(&out);
    capture_free(&err);

    /* "é" is 2 bytes, 6 once percent-encoded: whole characters only */
    memset(name, 0, sizeof(name));
    for (i = 0u; i < 2000u; i++) {
        name[2u * i] = (char)0xC3;
        name[2u * i + 1u] = (char)0xA9;
    }
    o.req.first_name = NULL;
    o.req.username = name;
    script_reset();
    assert_int_equal(run_script(&o, &out, &err), WK_CLI_EXIT_USAGE);
    assert_int_equal(sscanf(err.buf, "wickr-list-users: --username is 4000 bytes; at most %zu fit",
                            &fit_utf8), 1);
    assert_int_equal(fit_utf8 % 2u, 0u);
    assert_true(fit_utf8 / 2u * 6u <= fit + 8u && fit_utf8 / 2u * 6u + 6u > fit - 8u);
    capture_free(&out);
    capture_free(&err);
}

/* The diagnostic after the status name: no repeat of the name, flags for the
 * API's field names when an input was refused. */
static void test_print_diag(void **state)
{
    capture_t c;
    (void)state;
    capture_open(&c);
    wk_cli_print_diag(c.f, WK_ERR_IO, "request failed: WK_ERR_IO (attempts exhausted)", false);
    fputc('|', c.f);
    wk_cli_print_diag(c.f, WK_ERR_TLS, "cannot connect: WK_ERR_TLS_CA: WK_ERR_TLS", false);
    fputc('|', c.f);
    wk_cli_print_diag(c.f, WK_ERR_NETWORK_ID, "networkId must be 8 digits (0-9)", true);
    fputc('|', c.f);
    wk_cli_print_diag(c.f, WK_ERR_SORT_FIELDS, "sortFields: \"x\" is not one of username", true);
    fputc('|', c.f);
    wk_cli_print_diag(c.f, WK_ERR_STRING, "firstNameX and \x01", true);
    fputc('|', c.f);
    wk_cli_print_diag(c.f, WK_ERR_JSON_FIELD_TOO_LONG, "nextToken does not fit", false);
    assert_string_equal(capture_text(&c),
                        "request failed (attempts exhausted)|"
                        "cannot connect: WK_ERR_TLS_CA|"
                        "--network-id must be 8 digits (0-9)|"
                        "--sort-fields: \"x\" is not one of username|"
                        "firstNameX and \\x01|"
                        "nextToken does not fit");
    capture_free(&c);
}

/* A plain http:// endpoint that gives no HTTP answer: maybe it speaks HTTPS. */
static void test_run_http_to_tls_hint(void **state)
{
    static const char *const garbage = "\x15\x03\x03\x00\x02\x02\x46";
    wk_cli_options_t o = no_options();
    capture_t out;
    capture_t err;
    (void)state;
    o.max_attempts = 1u;
    script_endpoint = "http://127.0.0.1:8443";
    script.responses[0] = "";
    script.count = 1;
    assert_int_not_equal(run_script(&o, &out, &err), WK_CLI_EXIT_OK);
    assert_non_null(strstr(err.buf, "use https://"));
    assert_null(strstr(err.buf, "--starting-token"));
    capture_free(&out);
    capture_free(&err);
    script_reset();
    script_endpoint = "http://127.0.0.1:8443";
    script.responses[0] = garbage; /* a TLS alert */
    script.count = 1;
    assert_int_equal(run_script(&o, &out, &err), WK_CLI_EXIT_RESPONSE);
    assert_non_null(strstr(err.buf, "use https://"));
    capture_free(&out);
    capture_free(&err);
    /* not for https://, nor once a page came */
    script_reset();
    script.responses[0] = "";
    script.count = 1;
    assert_int_not_equal(run_script(&o, &out, &err), WK_CLI_EXIT_OK);
    assert_null(strstr(err.buf, "https://"));
    capture_free(&out);
    capture_free(&err);
}

/* wk_cli_run() with @p cfg through the script; exit code, stderr in @p err. */
static int run_with_config(const wk_cli_options_t *o, const wk_cli_config_t *cfg, capture_t *err)
{
    wk_connector_t conn;
    capture_t out;
    int rc;
    conn.open = script_open;
    conn.close = script_close;
    conn.ctx = &script;
    capture_open(&out);
    capture_open(err);
    rc = wk_cli_run(o, cfg, &conn, NULL, NULL, NULL, out.f, err->f);
    assert_string_equal(capture_text(&out), "");
    (void)capture_text(err);
    assert_null(strstr(err->buf, SECRET));
    assert_int_equal(script.open_calls, 0);
    capture_free(&out);
    return rc;
}

static void test_run_config_error_from_client_init(void **state)
{
    wk_cli_options_t o = no_options();
    wk_cli_config_t cfg;
    capture_t err;
    (void)state;
    memset(&cfg, 0, sizeof(cfg));
    strcpy(cfg.access_key_id, "AKID EXAMPLE"); /* the signer refuses the space */
    strcpy(cfg.secret_access_key, SECRET);
    strcpy(cfg.region, "us-east-1");
    assert_int_equal(run_with_config(&o, &cfg, &err), WK_CLI_EXIT_USAGE);
    assert_non_null(strstr(err.buf, "wickr-list-users: WK_ERR_CREDENTIALS: credentials refused"));
    capture_free(&err);
}

/* No region, or one that cannot be used: what to do, with the value and its source. */
static void test_run_region_messages(void **state)
{
    wk_cli_options_t o = no_options();
    wk_cli_config_t cfg;
    capture_t err;
    (void)state;
    memset(&cfg, 0, sizeof(cfg));
    strcpy(cfg.access_key_id, "AKIDEXAMPLE");
    strcpy(cfg.secret_access_key, SECRET);
    strcpy(cfg.profile, "dev");
    strcpy(cfg.config_file, "/home/u/.aws/config");
    assert_int_equal(run_with_config(&o, &cfg, &err), WK_CLI_EXIT_USAGE);
    assert_string_equal(err.buf, "wickr-list-users: no region is set: give --region (e.g. "
                                 "--region us-east-1), set AWS_REGION, or add \"region = ...\" "
                                 "under [profile dev] in /home/u/.aws/config\n");
    capture_free(&err);

    /* with an endpoint URL the signer refuses it; the rule set says why */
    strcpy(cfg.region, "us east");
    cfg.region_from = "--region";
    strcpy(cfg.endpoint_url, "https://127.0.0.1:8443");
    assert_int_equal(run_with_config(&o, &cfg, &err), WK_CLI_EXIT_USAGE);
    assert_string_equal(err.buf, "wickr-list-users: WK_ERR_REGION: the region \"us east\" (from "
                                 "--region) cannot be used: region byte offset "
                                 "2 is   (a region is 1..63 of a-z 0-9 -, no '-' at either end)\n");
    capture_free(&err);

    /* from the config file, without an endpoint URL */
    strcpy(cfg.region, "-eu");
    cfg.region_from = NULL;
    cfg.endpoint_url[0] = '\0';
    assert_int_equal(run_with_config(&o, &cfg, &err), WK_CLI_EXIT_USAGE);
    assert_non_null(strstr(err.buf, "the region \"-eu\" (from /home/u/.aws/config, profile dev) "
                                    "cannot be used: region byte offset 0 is -"));
    capture_free(&err);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, env_setup, env_teardown)
#define R(fn) cmocka_unit_test_setup_teardown(fn, script_setup, env_teardown)
    const struct CMUnitTest tests[] = {
        T(test_args_every_flag_space_form),
        T(test_args_every_flag_equals_form),
        T(test_args_defaults_and_numeric_status),
        T(test_args_bad_values),
        T(test_args_empty_and_long_values),
        T(test_args_missing_values),
        T(test_args_unknown_duplicate_and_stray),
        T(test_args_repeated_flag_last_wins),
        T(test_args_reliability_flags),
        T(test_args_paging),
        T(test_args_starting_token_forms),
        T(test_args_help_and_version_need_no_network),
        T(test_main_flow),
        T(test_load_ca_refuses_bad_bundle),
        T(test_ini_syntax),
        T(test_ini_services_and_nested_blocks),
        T(test_ini_last_line_without_newline),
        T(test_ini_errors),
        T(test_ini_nul_bytes),
        T(test_ini_line_and_file_limits),
        T(test_config_env_credentials_win_over_profile),
        T(test_config_partial_env_is_an_error),
        T(test_config_profile_from_home_and_aws_profile),
        T(test_config_missing_keys_and_files),
        T(test_config_tilde_in_file_paths),
        T(test_config_region_precedence),
        T(test_config_fips_dualstack),
        T(test_config_endpoint_and_ca),
        T(test_config_repeated_and_quoted_profiles),
        T(test_config_too_long_values),
        T(test_config_profile_choice),
        T(test_config_keys_in_config_file),
        T(test_config_unsupported_sources),
        T(test_config_endpoint_services_and_ignore),
        T(test_process_split_command),
        T(test_process_run),
        T(test_config_credential_process_in_chain),
        T(test_config_network_providers),
        T(test_config_iot_settings),
        T(test_json_string_escaping),
        T(test_json_document),
        T(test_json_empty_page_and_empty_user),
        T(test_json_every_field_in_model_order),
        T(test_ndjson_lines_and_token),
        T(test_table_rows),
        T(test_table_display_width),
        T(test_table_group_separator),
        T(test_table_first_page_sets_widths),
        T(test_table_more_rows_than_held),
        T(test_table_arena_full),
        T(test_csv_records),
        T(test_csv_guard),
        T(test_csv_group_separator),
        T(test_values_longer_than_stage),
        T(test_progress_line),
        T(test_writer_reports_output_failure),
        T(test_set_err_marks_a_cut),
        T(test_print_safe),
        T(test_print_safe_range_edges),
        T(test_json_range_edges),
        T(test_print_safe_invalid_utf8),
        T(test_exit_codes),
        R(test_run_validation_error_sends_nothing),
        R(test_run_one_page_json),
        R(test_run_all_pages_ndjson),
        R(test_run_max_items),
        R(test_run_all_stops_on_repeated_token),
        R(test_run_service_error),
        R(test_run_cursor_only_after_progress),
        R(test_run_clock_skew_not_corrected),
        R(test_run_page_changed_is_exit_6),
        R(test_run_bad_json_is_exit_5),
        R(test_run_connect_failure_prints_connector_diag),
        R(test_run_config_error_from_client_init),
        R(test_run_region_messages),
        R(test_run_too_long_names_the_flag),
        T(test_print_diag),
        R(test_run_http_to_tls_hint),
        T(test_explain_credentials),
        R(test_run_debug_logs_heads_without_secrets),
        R(test_debug_decorator_redacts_and_escapes),
        R(test_run_table_and_csv_report_next_token),
        R(test_run_csv_raw),
        R(test_run_table_failure_writes_held_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
