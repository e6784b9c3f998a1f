/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_cli.h
 * @brief Private interface of the wickr-list-users program (platform/linux).
 *
 * Three parts, each testable without a network:
 *  - main.c:          argument parsing (wk_cli_parse_args), orchestration
 *                     (wk_cli_run over any wk_connector_t) and the POSIX +
 *                     mbedTLS connector;
 *  - wk_cli_config.c: credentials, region, endpoint and CA bundle from the
 *                     environment and the shared AWS INI files;
 *  - wk_cli_output.c: json / ndjson / table writers that stream each user as
 *                     the client hands it over.
 * Nothing here allocates: buffers are fixed and a value that does not fit is
 * an error naming the field, never a silent cut.
 */
#ifndef WK_CLI_H
#define WK_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "wk/wk.h"

#define WK_CLI_NAME "wickr-list-users"
/** Prefix of every line written to stderr. */
#define WK_CLI_ERR_PREFIX WK_CLI_NAME ": "
/** The CA bundle used when neither --ca-bundle nor AWS_CA_BUNDLE is set. */
#define WK_CLI_SYSTEM_CA_BUNDLE "/etc/ssl/certs/ca-certificates.crt"

/** Process exit codes (the documented contract of the program). */
enum {
    WK_CLI_EXIT_OK = 0,
    WK_CLI_EXIT_OTHER = 1,    /**< anything not listed below */
    WK_CLI_EXIT_USAGE = 2,    /**< usage, configuration or request validation: nothing sent */
    WK_CLI_EXIT_SERVICE = 3,  /**< the service answered with an error */
    WK_CLI_EXIT_NETWORK = 4,  /**< DNS, connect, TLS, I/O or timeout */
    WK_CLI_EXIT_RESPONSE = 5  /**< the response could not be parsed (HTTP framing or JSON) */
};

/** Size of the error text buffers the parse and config functions fill. */
#define WK_CLI_ERR_MAX 512u

/* ---- Arguments (main.c) ------------------------------------------------------- */

typedef enum wk_cli_format {
    WK_CLI_FORMAT_JSON = 0,
    WK_CLI_FORMAT_TABLE,
    WK_CLI_FORMAT_NDJSON
} wk_cli_format_t;

/** Parsed command line. Every string points into argv (borrowed from main). */
typedef struct wk_cli_options {
    wk_list_users_request_t req; /**< NULL / 0 members: flag not given */
    bool all;
    bool has_cursor;             /**< --starting-token given (it implies all) */
    wk_cursor_t cursor;          /**< decoded --starting-token */
    uint32_t max_attempts;       /**< 0: the client's default (Kconfig), as the timeouts */
    uint32_t connect_timeout_ms;
    uint32_t read_timeout_ms;
    uint32_t call_timeout_ms;
    const char *region;
    const char *endpoint_url;
    const char *ca_bundle;
    wk_cli_format_t format;
    bool help;
    bool version;
} wk_cli_options_t;

/**
 * @brief Parse argv[1..argc).
 *
 * Accepts "--flag value" and "--flag=value"; a flag given again replaces its
 * earlier value (so a wrapper's defaults can be overridden). A value
 * is checked only where the program must convert it (--max-results 1..100,
 * --status 1|2|PENDING|ACTIVE, --output, --starting-token, --max-attempts
 * 1..10, timeouts in seconds with up to 3 decimals: --connect-timeout and
 * --read-timeout 0.1..600, --call-timeout 0.1..3600); the other request inputs are left
 * to the core's validation so there is one rule set. --network-id is required
 * unless --help or --version is given.
 * @param[out] err     one line (no prefix, no newline) on failure.
 * @return WK_CLI_EXIT_OK or WK_CLI_EXIT_USAGE.
 */
int wk_cli_parse_args(int argc, char **argv, wk_cli_options_t *opts, char *err, size_t err_cap);

/** @brief Write the --help text. */
void wk_cli_print_usage(FILE *out);

/* ---- Configuration (wk_cli_config.c) ------------------------------------------- */

#define WK_CLI_KEY_ID_MAX 129u
#define WK_CLI_SECRET_MAX 129u
#define WK_CLI_SESSION_TOKEN_MAX 4096u
#define WK_CLI_PROFILE_MAX 129u
#define WK_CLI_REGION_MAX 65u
#define WK_CLI_URL_MAX 1024u
#define WK_CLI_PATH_MAX 4096u
/** Longest line read from an INI file (a session token must fit on one). */
#define WK_CLI_INI_LINE_MAX 8192u

/**
 * Everything the program needs besides the request. Holds secrets: clear it
 * with wk_cli_config_wipe() before exit. Strings are NUL-terminated; "" is unset.
 */
typedef struct wk_cli_config {
    char access_key_id[WK_CLI_KEY_ID_MAX];
    char secret_access_key[WK_CLI_SECRET_MAX];
    char session_token[WK_CLI_SESSION_TOKEN_MAX];
    char profile[WK_CLI_PROFILE_MAX];
    char region[WK_CLI_REGION_MAX];
    bool use_fips;
    bool use_dualstack;
    char endpoint_url[WK_CLI_URL_MAX];
    char ca_bundle[WK_CLI_PATH_MAX];
} wk_cli_config_t;

/** One key wanted from an INI section. */
typedef struct wk_cli_ini_want {
    const char *key;   /**< compared without regard to ASCII case, as botocore does */
    char *value;       /**< receives the trimmed value, NUL-terminated */
    size_t cap;
    bool found;
} wk_cli_ini_want_t;

/** wk_cli_ini_read() outcomes. */
typedef enum wk_cli_ini_result {
    WK_CLI_INI_FOUND = 0,     /**< the file has the section (keys may still be missing) */
    WK_CLI_INI_NO_SECTION,    /**< the file was read; no such section */
    WK_CLI_INI_NO_FILE,       /**< the file does not exist */
    WK_CLI_INI_ERROR          /**< unreadable, malformed or a value too long: err says where */
} wk_cli_ini_result_t;

/**
 * @brief Read @p wants from section @p section (or @p alt_section when not
 *        NULL) of the INI file at @p path.
 *
 * Syntax: "[section]", "key = value" (or "key: value"), whole-line comments
 * starting with '#' or ';', blank lines, CRLF. "[profile  x]" is read as
 * "[profile x]". Indented lines under a key with an empty value form a nested
 * block (botocore's "s3 =" style) and are skipped. A key given twice in the
 * section, a line longer than WK_CLI_INI_LINE_MAX - 1 or a value longer than
 * its buffer is an error naming the file, line and key, never the value.
 * Line buffers are wiped, since they may hold secrets.
 */
wk_cli_ini_result_t wk_cli_ini_read(const char *path, const char *section, const char *alt_section,
                                    wk_cli_ini_want_t *wants, size_t want_count, char *err,
                                    size_t err_cap);

/**
 * @brief Resolve credentials, region, FIPS/dual-stack, endpoint URL and CA
 *        bundle from @p opts, the environment and the shared AWS files.
 *
 * Precedence (first set wins):
 *  - credentials: AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN);
 *    else profile AWS_PROFILE ("default") in $AWS_SHARED_CREDENTIALS_FILE or
 *    ~/.aws/credentials. Only one of the two variables set is an error.
 *  - region: --region, AWS_REGION, AWS_DEFAULT_REGION, "region" of the profile in
 *    $AWS_CONFIG_FILE or ~/.aws/config ([default] / [profile NAME]).
 *  - FIPS / dual-stack: AWS_USE_FIPS_ENDPOINT / AWS_USE_DUALSTACK_ENDPOINT, then
 *    use_fips_endpoint / use_dualstack_endpoint in the config profile; "true" or "false".
 *  - endpoint: --endpoint-url, AWS_ENDPOINT_URL_WICKR, AWS_ENDPOINT_URL.
 *  - CA bundle: --ca-bundle, AWS_CA_BUNDLE, ca_bundle in the config profile,
 *    WK_CLI_SYSTEM_CA_BUNDLE.
 * Empty environment variables count as unset.
 * @param[out] err one line on failure; never contains a secret.
 * @return WK_CLI_EXIT_OK or WK_CLI_EXIT_USAGE (a configuration error).
 */
int wk_cli_config_resolve(const wk_cli_options_t *opts, wk_cli_config_t *cfg, char *err,
                          size_t err_cap);

/** @brief Overwrite @p len bytes with zeros in a way the compiler keeps. */
void wk_cli_wipe(void *buf, size_t len);

/** @brief Wipe every field of @p cfg (secrets included). */
void wk_cli_config_wipe(wk_cli_config_t *cfg);

/* ---- Output (wk_cli_output.c) -------------------------------------------------- */

/**
 * Streaming writer. One document per run: begin, users (page by page), end.
 * json:   the `aws wickr list-users` shape, 4-space indented; users first,
 *         then "nextToken" when given to wk_cli_writer_end().
 * ndjson: one single-line object per user; then {"nextToken": ...} if given.
 * table:  a header line, then one tab-separated line per user: username,
 *         firstName, lastName, status, isAdmin, suspended, securityGroups
 *         (comma-joined); "-" for an absent value or an empty group list.
 *         Control bytes and '\' in values are escaped (\xHH, \\) so each
 *         user stays on one line. The table has no nextToken.
 */
typedef struct wk_cli_writer {
    FILE *out;               /**< retained until wk_cli_writer_end() */
    wk_cli_format_t format;
    size_t users;            /**< users written so far */
    bool begun;              /**< the opening is written (on the first user or at the end,
                                  so a request that fails at once leaves stdout empty) */
    bool failed;             /**< a write to @c out failed; sticky */
} wk_cli_writer_t;

/** @brief Set up a writer; nothing is written yet. */
void wk_cli_writer_init(wk_cli_writer_t *w, FILE *out, wk_cli_format_t format);

/** @brief Write the document opening, once (the other calls do it when needed).
 *  @return 0, or -1 after a write error. */
int wk_cli_writer_begin(wk_cli_writer_t *w);

/**
 * @brief Write one user. Has the wk_on_user_fn signature, so it can be the
 *        client's callback with the writer as its context.
 * @return WK_OK, or WK_STOPPED when the output failed (listing stops).
 */
wk_status_t wk_cli_writer_user(void *writer, const wk_user_t *user);

/** @brief A page is complete: flush, so output keeps pace with the network. @return 0 or -1. */
int wk_cli_writer_page_done(wk_cli_writer_t *w);

/**
 * @brief Close the document.
 * @param[in] next_token the page's nextToken, or NULL for none; @p len bytes.
 * @return 0, or -1 when any write failed.
 */
int wk_cli_writer_end(wk_cli_writer_t *w, const char *next_token, size_t len);

/** @brief Write @p len bytes as a JSON string literal, quotes included. @return 0 or -1. */
int wk_cli_json_string(FILE *out, const char *s, size_t len);

/**
 * @brief Write text for a terminal: printable bytes and UTF-8 kept, control
 *        bytes as \xHH, so service-supplied text cannot drive the terminal.
 */
void wk_cli_print_safe(FILE *out, const char *s);

/* ---- Orchestration (main.c) ------------------------------------------------------ */

/** @brief Map a status to the program's exit code. */
int wk_cli_exit_code(wk_status_t status);

/**
 * @brief Run the listing: set up the client, fetch one page (or every page with
 *        --all, or from --starting-token on) through @p connector, stream users
 *        to @p out, report failures to @p err; after a failure that is not
 *        a usage error, the last stderr line gives the attempts the page took
 *        and the --starting-token that continues the listing. @p net_diag,
 *        when not NULL, is the connector's own explanation of its last
 *        failure and is printed after a transport error.
 * @return an exit code (WK_CLI_EXIT_*).
 */
int wk_cli_run(const wk_cli_options_t *opts, const wk_cli_config_t *cfg,
               const wk_connector_t *connector, const wk_diag_t *net_diag, FILE *out, FILE *err);

/**
 * @brief The whole program: parse, --help / --version, resolve the
 *        configuration, connect with POSIX sockets and mbedTLS, run, wipe.
 * @return an exit code (WK_CLI_EXIT_*).
 */
int wk_cli_main(int argc, char **argv, FILE *out, FILE *err);

#endif /* WK_CLI_H */
