/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_cli.h
 * @brief Private interface of the wickr-list-users program (platform/linux).
 *
 * The CLI support library (wk_cli_support), each part testable without a
 * network, and the programs that link it (main.c here: main() and the TLS
 * connector of wk_tls.h over POSIX sockets; platform/lwip-tap: over lwIP's):
 *  - wk_cli_args.c:   argument parsing (wk_cli_parse_args) and --help;
 *  - wk_cli_run.c:    the flow every program's main() shares (wk_cli_main)
 *                     and the listing over any wk_connector_t (wk_cli_run);
 *  - wk_cli_config.c: credentials, region, endpoint and CA bundle from the
 *                     environment and the shared AWS INI files;
 *  - wk_cli_output.c: json / ndjson / table / csv writers that stream each
 *                     user as the client hands it over, and the progress line;
 *  - wk_cli_debug.c:  the --debug connector decorator that logs request and
 *                     response heads with credentials redacted;
 *  - wk_cli_explain.c: failures told in the program's terms (its flags, where
 *                     a setting came from, what probably happened);
 *  - wk_cli_process.c: credential_process: its command line and its run;
 *  - wk_cli_creds.c:  keys from a provider (credential_process, container,
 *                     IMDSv2, AWS IoT), fetched and refreshed over a run.
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
#include "wk_tls.h"

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
    WK_CLI_EXIT_RESPONSE = 5, /**< the response could not be parsed (HTTP framing or JSON) */
    WK_CLI_EXIT_CHANGED = 6,  /**< a page changed while it was read (WK_ERR_PAGE_CHANGED) */
    WK_CLI_EXIT_CREDENTIALS = 7 /**< a credential provider failed (credential_process exited
                                     non-zero, stalled, or printed a bad document): nothing sent */
};

/** Size of the error text buffers the parse and config functions fill. */
#define WK_CLI_ERR_MAX 512u

/* ---- Arguments (wk_cli_args.c); descriptors and flushing (wk_cli_run.c) ------ */

typedef enum wk_cli_format {
    WK_CLI_FORMAT_JSON = 0,
    WK_CLI_FORMAT_TABLE,
    WK_CLI_FORMAT_NDJSON,
    WK_CLI_FORMAT_CSV
} wk_cli_format_t;

/** Parsed command line. Every string points into argv (borrowed from main). */
typedef struct wk_cli_options {
    wk_list_users_request_t req; /**< NULL / 0 members: flag not given */
    bool all;                    /**< follow nextToken: true unless --no-paginate */
    bool no_paginate;            /**< --no-paginate: one page */
    int32_t page_size;           /**< --page-size (also in req.max_results); 0: not given */
    int32_t max_items;           /**< --max-items: stop after this many users; 0: all */
    bool has_cursor;             /**< --starting-token given */
    wk_cursor_t cursor;          /**< decoded --starting-token */
    uint32_t max_attempts;       /**< 0: the client's default (Kconfig), as the timeouts */
    uint32_t connect_timeout_ms;
    uint32_t read_timeout_ms;
    uint32_t call_timeout_ms;
    uint32_t process_timeout_ms; /**< --credential-process-timeout; 0: WK_CLI_PROCESS_TIMEOUT_MS */
    const char *profile;         /**< --profile */
    const char *region;
    const char *endpoint_url;
    const char *ca_bundle;
    const char *tls_session_file; /**< --tls-session-file, or NULL */
    const char *iot[5];          /**< --iot-credentials-endpoint, --iot-role-alias,
                                      --iot-thing-name, --iot-certificate, --iot-private-key
                                      (in the order of wk_cli_iot_setting_t) */
    wk_cli_format_t format;
    bool csv_raw;                /**< --csv-raw: byte-exact CSV cells (needs --output csv) */
    bool debug;                  /**< --debug: log request and response heads to stderr */
    bool help;
    bool version;
} wk_cli_options_t;

/**
 * @brief Parse argv[1..argc).
 *
 * Accepts "--flag value" and "--flag=value"; a flag given again replaces its
 * earlier value (so a wrapper's defaults can be overridden). A value
 * is checked only where the program must convert it (--max-results and
 * --page-size 1..100, --max-items 1..999999999, --status
 * 1|2|PENDING|ACTIVE, --output, --starting-token
 * (wk_cli_parse_starting_token()), --max-attempts 1..10, timeouts in seconds
 * with up to 3 decimals: --connect-timeout and --read-timeout 0.1..600,
 * --call-timeout and --credential-process-timeout 0.1..3600); the other
 * request inputs are left to the core's validation so there is one rule
 * set. --network-id is required unless --help or --version is given.
 * opts->all is true unless --no-paginate; --no-paginate with --max-items or
 * --starting-token, --starting-token with --next-token, and --page-size and
 * --max-results that differ are refused.
 * @param[out] err     one line (no prefix, no newline) on failure.
 * @return WK_CLI_EXIT_OK or WK_CLI_EXIT_USAGE.
 */
int wk_cli_parse_args(int argc, char **argv, wk_cli_options_t *opts, char *err, size_t err_cap);

/**
 * @brief Read a --starting-token: a cursor the program printed ("wk1:" or
 *        "wk2:", wk_cursor_parse()), the AWS CLI's NextToken (base64 of
 *        {"nextToken": T, "boto_truncate_amount": N}, read with the core's
 *        JSON reader: N users of T's page are skipped, unchecked), or else a
 *        service nextToken as it is.
 * @param[out] cursor where to continue.
 * @return 0, or -1 with @p err set (a malformed cursor, a token too long).
 */
int wk_cli_parse_starting_token(const char *text, wk_cursor_t *cursor, char *err, size_t err_cap);

/** @brief Write the --help text. */
void wk_cli_print_usage(FILE *out);

/**
 * @brief First thing in main(): make sure descriptors 0, 1 and 2 are open
 *        (wk_posix_std_fds_open()), so that no socket, TAP device or file
 *        becomes one and receives what the program prints.
 *
 * A closed standard input or standard error is replaced by /dev/null and the
 * run goes on (the exit code still tells the outcome). A closed standard
 * output is refused: the users would go nowhere.
 * @param[in] program the name to put before the message on stderr.
 * @return WK_CLI_EXIT_OK; WK_CLI_EXIT_USAGE (standard output was closed);
 *         WK_CLI_EXIT_OTHER (/dev/null could not be opened).
 */
int wk_cli_std_fds(const char *program);

/**
 * @brief Flush @p out; when that or an earlier write failed, say so on @p err.
 * @return WK_CLI_EXIT_OK or WK_CLI_EXIT_OTHER.
 */
int wk_cli_flush(FILE *out, FILE *err);

/* ---- Configuration (wk_cli_config.c) ------------------------------------------- */

/** Longest credential_process setting. */
#define WK_CLI_PROCESS_MAX 4096u

#define WK_CLI_KEY_ID_MAX 129u
#define WK_CLI_SECRET_MAX 129u
#define WK_CLI_SESSION_TOKEN_MAX 4096u
#define WK_CLI_PROFILE_MAX 129u
#define WK_CLI_REGION_MAX 65u
#define WK_CLI_URL_MAX 1024u
#define WK_CLI_PATH_MAX 4096u
/** Longest line read from an INI file, plus one (a session token must fit on one). */
#define WK_CLI_INI_LINE_MAX 8192u
/** Largest INI file read; a larger one is refused, not cut. Hundreds of profiles fit. */
#define WK_CLI_INI_FILE_MAX (1024u * 1024u)

/** The AWS IoT credentials provider's settings, in the order of wk_cli_options_t's iot[]. */
typedef enum wk_cli_iot_setting {
    WK_CLI_IOT_ENDPOINT = 0, /**< iot_credentials_endpoint: https://HOST[:PORT] */
    WK_CLI_IOT_ROLE_ALIAS,   /**< iot_role_alias: 1 to 128 of A-Z a-z 0-9 _ = , @ - */
    WK_CLI_IOT_THING_NAME,   /**< iot_thing_name: 1 to 128 of A-Z a-z 0-9 : _ - */
    WK_CLI_IOT_CERTIFICATE,  /**< iot_certificate: the device certificate, a PEM file */
    WK_CLI_IOT_PRIVATE_KEY,  /**< iot_private_key: its private key, a PEM file */
    WK_CLI_IOT_SETTINGS
} wk_cli_iot_setting_t;

/** The IoT provider's configuration, for the provider to take (empty: not configured). */
typedef struct wk_cli_iot {
    char endpoint[WK_CLI_URL_MAX];
    char role_alias[WK_CLI_PROFILE_MAX];
    char thing_name[WK_CLI_PROFILE_MAX];
    char certificate[WK_CLI_PATH_MAX];
    char private_key[WK_CLI_PATH_MAX];
    const char *from; /**< "--iot-credentials-endpoint" or "the profile" */
} wk_cli_iot_t;

/** Which source of the credential chain supplied the keys. */
typedef enum wk_cli_creds_source {
    WK_CLI_CREDS_NONE = 0,
    WK_CLI_CREDS_ENV,          /**< AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN */
    WK_CLI_CREDS_SHARED_FILE,  /**< the profile's section of the shared credentials file */
    WK_CLI_CREDS_CONFIG_FILE,  /**< the profile's section of the shared config file */
    WK_CLI_CREDS_PROCESS,      /**< the profile's credential_process */
    WK_CLI_CREDS_CONTAINER,    /**< the container credentials endpoint (AWS_CONTAINER_*) */
    WK_CLI_CREDS_IMDS,         /**< EC2 instance metadata (IMDSv2): the chain's last place */
    WK_CLI_CREDS_IOT           /**< the AWS IoT credentials provider (cfg->iot) */
} wk_cli_creds_source_t;

/**
 * Everything the program needs besides the request, and where each part came
 * from. Holds secrets: clear it with wk_cli_config_wipe() before exit. Strings
 * are NUL-terminated; "" is unset. The *_from names point to string literals.
 */
typedef struct wk_cli_config {
    char access_key_id[WK_CLI_KEY_ID_MAX];
    char secret_access_key[WK_CLI_SECRET_MAX];
    char session_token[WK_CLI_SESSION_TOKEN_MAX];
    wk_cli_creds_source_t creds_from;
    int64_t creds_expiration;    /**< Unix seconds the credentials expire at; 0: they do not */
    char credential_process[WK_CLI_PROCESS_MAX]; /**< the command, to run again for a refresh */
    char no_creds[WK_CLI_ERR_MAX]; /**< IMDS: what the chain looked at before it, for the
                                        error when the metadata service gives none either */
    char profile[WK_CLI_PROFILE_MAX];
    const char *profile_from;    /**< "--profile", "AWS_DEFAULT_PROFILE", "AWS_PROFILE", or
                                      NULL: "default", by default */
    char region[WK_CLI_REGION_MAX];
    const char *region_from;     /**< "--region", "AWS_REGION", "AWS_DEFAULT_REGION",
                                      "the credentials file", or NULL: the config file
                                      (or no region at all) */
    char config_file[WK_CLI_PATH_MAX];      /**< the shared config file looked at (may not exist) */
    char credentials_file[WK_CLI_PATH_MAX]; /**< the shared credentials file looked at */
    bool use_fips;
    bool use_dualstack;
    char endpoint_url[WK_CLI_URL_MAX];
    const char *endpoint_from;   /**< "--endpoint-url", "AWS_ENDPOINT_URL_WICKR",
                                      "AWS_ENDPOINT_URL", "services" (the wickr block of the
                                      [services NAME] section the profile names),
                                      "endpoint_url" (the profile's), or NULL: none */
    bool endpoints_ignored;      /**< AWS_IGNORE_CONFIGURED_ENDPOINT_URLS or the profile's
                                      ignore_configured_endpoint_urls is true */
    char services[WK_CLI_PROFILE_MAX]; /**< the profile's services setting, when it was read */
    char ca_bundle[WK_CLI_PATH_MAX];   /**< also the IoT credentials endpoint's */
    wk_cli_iot_t iot;
} wk_cli_config_t;

/** One key wanted from an INI section. */
typedef struct wk_cli_ini_want {
    const char *key;   /**< compared without regard to ASCII case, as botocore does;
                            "parent.key": a key of the nested block under "parent =" */
    char *value;       /**< receives the trimmed value, NUL-terminated; NULL: only
                            whether the key is there matters */
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
 * "[profile x]", "[services  x]" as "[services x]". Indented lines under a
 * key with an empty value form a nested block (botocore's "s3 =" style):
 * "key = value" lines, read for the wants named "parent.key" (the nested key
 * compared as written, as botocore keeps it). A key given twice in the
 * section (or block), a nested line without '=' in the section, a line
 * longer than WK_CLI_INI_LINE_MAX - 1 bytes, a NUL byte, a file larger than
 * WK_CLI_INI_FILE_MAX or a value longer than its buffer is an error naming
 * the file and line (and the key or column), never the value.
 * The line buffer and stdio's buffer are wiped, since they held the file's
 * bytes, secrets among them; on an error the wanted values are wiped too.
 */
wk_cli_ini_result_t wk_cli_ini_read(const char *path, const char *section, const char *alt_section,
                                    wk_cli_ini_want_t *wants, size_t want_count, char *err,
                                    size_t err_cap);

/**
 * @brief Resolve credentials, region, FIPS/dual-stack, endpoint URL and CA
 *        bundle from @p opts, the environment and the shared AWS files.
 *
 * As botocore (session.py, credentials.py, configprovider.py), first set wins:
 *  - profile: --profile, AWS_DEFAULT_PROFILE, AWS_PROFILE, else "default". Its
 *    sections are [profile NAME] ([default] or [profile default] for
 *    "default") of $AWS_CONFIG_FILE or ~/.aws/config and [NAME] of
 *    $AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials; where both have a
 *    key, the credentials file's counts. A profile named (not the implicit
 *    "default") that neither file has is an error naming it and both files.
 *    A leading "~" or "~user" in either file's path is expanded as botocore
 *    does: $HOME (the password database's home when HOME is unset or empty)
 *    or that user's home; an unknown user is left as written.
 *  - credentials, the chain in botocore's order: AWS_ACCESS_KEY_ID +
 *    AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN; only one of the two set is
 *    an error; skipped with --profile, as the AWS CLI does); then, each an
 *    error naming the setting ("profile 'x' uses role_arn, which ... does not
 *    support; ..."), a profile with role_arn, web identity
 *    (AWS_WEB_IDENTITY_TOKEN_FILE, not with --profile, or the profile's
 *    web_identity_token_file), or IAM Identity Center (sso_account_id or
 *    sso_role_name); then, when --iot-credentials-endpoint or the profile's
 *    iot_credentials_endpoint is set, the AWS IoT credentials provider (its
 *    settings are read and checked into cfg->iot first, each flag over its
 *    profile key, and the flag puts the environment's keys aside as
 *    --profile does; the client asks it: wk_cli_creds_init()); then
 *    aws_access_key_id + aws_secret_access_key (+
 *    aws_session_token) in the credentials file's section (one of the two
 *    is an error); then the profile's credential_process
 *    (wk_cli_run_credential_process(), --credential-process-timeout); then
 *    the keys in the config file's section; then container credentials
 *    (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or _FULL_URI set); then EC2
 *    instance metadata, unless AWS_EC2_METADATA_DISABLED is true. The
 *    network providers are asked by the client before its first request
 *    (wk_cli_creds_init()), not here. Nothing found: an error naming the files looked at,
 *    an sso_session, sso_start_url, credential_source or source_profile the
 *    profile has (for IMDS kept in cfg->no_creds, for when it gives none
 *    either). cfg->creds_from says which source, cfg->creds_expiration
 *    when they expire.
 *  - region: --region, AWS_REGION, AWS_DEFAULT_REGION, the profile's region.
 *  - FIPS / dual-stack: AWS_USE_FIPS_ENDPOINT / AWS_USE_DUALSTACK_ENDPOINT, then
 *    the profile's use_fips_endpoint / use_dualstack_endpoint; "true" or "false".
 *  - endpoint: --endpoint-url; then, unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS
 *    (else the profile's ignore_configured_endpoint_urls) is true:
 *    AWS_ENDPOINT_URL_WICKR, AWS_ENDPOINT_URL, endpoint_url in the "wickr ="
 *    block of the [services NAME] section the profile's "services = NAME"
 *    names (a section named but missing is an error), the profile's
 *    endpoint_url.
 *  - CA bundle: --ca-bundle, AWS_CA_BUNDLE, the profile's ca_bundle,
 *    WK_CLI_SYSTEM_CA_BUNDLE.
 * Empty environment variables count as unset. The settings are resolved
 * before the credentials, so a mistake in them is reported before a
 * credential_process runs.
 * @param[out] err one line on failure; never contains a secret.
 * @return WK_CLI_EXIT_OK, WK_CLI_EXIT_USAGE (a configuration error) or
 *         WK_CLI_EXIT_CREDENTIALS (credential_process failed).
 */
int wk_cli_config_resolve(const wk_cli_options_t *opts, wk_cli_config_t *cfg, char *err,
                          size_t err_cap);

/** @brief Wipe every field of @p cfg (secrets included). */
void wk_cli_config_wipe(wk_cli_config_t *cfg);

/* ---- credential_process (wk_cli_process.c) ------------------------------------------ */

/** Most words in its command line. */
#define WK_CLI_PROCESS_ARGS 64u
/** Most bytes of its standard output read; more is an error (a whole session token fits). */
#define WK_CLI_PROCESS_OUTPUT_MAX 16384u
/** How long it may run when --credential-process-timeout is not given. */
#define WK_CLI_PROCESS_TIMEOUT_MS 60000u

/**
 * @brief Split a command line into words as botocore does for
 *        credential_process (Python's shlex.split(), POSIX rules): words
 *        separated by spaces, tabs and line ends; '...' literal; "..." with
 *        \" and \\ as escapes; outside quotes \x is x. No shell runs it,
 *        so $VAR, globs, ';', '|' and the like are plain characters.
 * @param[out] buf  the words, NUL-terminated, one after the other.
 * @param[out] argv @p argv_cap entries: the words, then NULL.
 * @return 0, or -1 (err says why: an open quote, a trailing backslash, no
 *         word, too many words, too long).
 */
int wk_cli_split_command(const char *cmd, char *buf, size_t buf_cap, char **argv,
                         size_t argv_cap, char *err, size_t err_cap);

/**
 * @brief Run @p cmd (split by wk_cli_split_command(), found on PATH, no
 *        shell) with the program's environment, standard input and standard
 *        error (its messages pass through), read its standard output (at most
 *        WK_CLI_PROCESS_OUTPUT_MAX bytes) and its Version 1 document with
 *        the core's reader (wk_cred_exchange_process(), which states what
 *        is required and refused). After
 *        @p timeout_ms it is killed (SIGKILL). Every buffer that held its
 *        output is wiped.
 * @param[out] out the credentials (wk_credentials_set()); left as they were on failure.
 * @return WK_CLI_EXIT_OK; WK_CLI_EXIT_USAGE (the command line cannot be
 *         split); WK_CLI_EXIT_CREDENTIALS (cannot be started, timed out,
 *         printed too much, failed or was killed, or a bad document). @p err
 *         says which, naming the program (its first word) but no argument.
 */
int wk_cli_run_credential_process(const char *cmd, uint32_t timeout_ms, wk_credentials_t *out,
                                  char *err, size_t err_cap);

/* ---- Temporary credentials over a run (wk_cli_creds.c) ------------------------------ */

/**
 * The keys a run signs with when a provider hands them out (credential_process,
 * container, IMDSv2, AWS IoT), and the provider the client asks for new ones
 * (wk_client_use_provider(client, &cc->provider, &cc->keys, &cc->fetch)).
 * Holds secrets: end with wk_cli_creds_end(). Static keys (environment,
 * files) are not kept here.
 */
typedef struct wk_cli_creds {
    wk_credentials_t keys;         /**< the keys in hand (the core's storage) */
    const wk_cli_config_t *cfg;    /**< retained: the source and its settings */
    wk_cred_provider_t provider;   /**< what the client asks; its ctx is this struct */
    wk_cred_fetch_t fetch;         /**< the network provider's exchange, the client's to drive */
    const wk_diag_t *net_diag;     /**< the providers' connector's own words, or NULL; retained */
    uint32_t process_timeout_ms;   /**< credential_process's run */
    uint32_t fetches_seen;         /**< the client's credential_fetches at the last look */
    uint32_t failures_seen;        /**< and its credential_failures */
    int rc;                        /**< credential_process's exit code when it failed */
    char token[CONFIG_WK_SESSION_TOKEN_MAX + 1]; /**< the container's Authorization, briefly */
    char err[WK_CLI_ERR_MAX];      /**< the last failure, in the program's terms */
} wk_cli_creds_t;

/**
 * @brief Whether @p cfg's keys come from a provider that is asked again when
 *        they near their expiration (and, for the network providers, first
 *        when the run starts).
 */
bool wk_cli_creds_refreshable(const wk_cli_config_t *cfg);

/**
 * @brief Set up @p cc for @p cfg's source: credential_process's keys, already
 *        fetched by wk_cli_config_resolve(), are taken from @p cfg (the
 *        process runs again for new ones); the network providers have none
 *        yet: the client asks before its first request, over @p connector
 *        (NULL: none, and asking fails), apart from Wickr's; @p net_diag
 *        (NULL: none) is that connector's diagnostic, retained, quoted when
 *        a connection to a provider fails. The client's budgets
 *        (wk_credentials.h): IMDS one attempt, the container endpoint three,
 *        the AWS IoT provider one; credential_process its timeout.
 * @return WK_OK, or the status wk_credentials_set() refused @p cfg's keys with.
 */
wk_status_t wk_cli_creds_init(wk_cli_creds_t *cc, const wk_cli_config_t *cfg,
                              const wk_connector_t *connector, const wk_diag_t *net_diag,
                              uint32_t process_timeout_ms);

/**
 * @brief After a page: what the client's asks since the last look did. An
 *        ask that failed while the listing went on was an advisory refresh
 *        (the keys in hand still valid): a warning on @p err, saying why
 *        (the provider's host and port and what failed). With @p debug,
 *        which provider gave new keys and when they expire (never a value).
 */
void wk_cli_creds_notice(wk_cli_creds_t *cc, const wk_client_stats_t *stats, bool debug, FILE *err);

/**
 * @brief After a listing failed with @p status: whether the provider's
 *        failure stopped it (an ask failed since the last page, and the keys
 *        in hand may not sign).
 * @return WK_CLI_EXIT_OK when it did not; else the exit code with cc->err
 *         saying why: the core's diagnostic (the provider's host and port and
 *         what failed) and the connector's own words (WK_CLI_EXIT_CREDENTIALS;
 *         WK_CLI_EXIT_USAGE when IMDS, the chain's last resort, did not
 *         answer its first request at all: no credentials anywhere; an IMDS
 *         that gave its token and then failed is WK_CLI_EXIT_CREDENTIALS;
 *         credential_process's own).
 */
int wk_cli_creds_failed(wk_cli_creds_t *cc, const wk_client_t *client, wk_status_t status);

/** @brief Wipe the keys and every buffer that held a secret. */
void wk_cli_creds_end(wk_cli_creds_t *cc);

/* ---- Output (wk_cli_output.c) -------------------------------------------------- */

/** Table columns: username, firstName, lastName, status, isAdmin, suspended, securityGroups. */
#define WK_CLI_TABLE_COLUMNS 7u
/** Rows the table holds back to size its columns: a whole page (--max-results is at most 100). */
#define WK_CLI_TABLE_ROWS 100u
/** Bytes of cell text the table holds back; a first page that needs more is
 *  sized from the rows that fitted. At least one row of the largest user. */
#define WK_CLI_TABLE_ARENA (8u * CONFIG_WK_USER_WINDOW_SIZE)

/** One held-back table cell: where its text ends in the arena, and its display width. */
typedef struct wk_cli_table_cell {
    uint32_t end;
    uint32_t width;
} wk_cli_table_cell_t;

/**
 * Streaming writer. One document per run: begin, users (page by page), end.
 * json:   the `aws wickr list-users` shape, 4-space indented; users first,
 *         then "nextToken" (@c token_name) when given to wk_cli_writer_end().
 * ndjson: one single-line object per user; then {"nextToken": ...} if given.
 *         In both, strings are written as wk_cli_json_string() writes them.
 * table:  a header line, then one line per user: username, firstName,
 *         lastName, status, isAdmin, suspended, securityGroups (comma-joined,
 *         a ',' inside an ID written as \x2c);
 *         "-" for an absent value or an empty group list. Columns are padded
 *         with spaces and separated by two; the last is not padded. Widths
 *         come from the header and the first page, held back in a fixed arena
 *         (WK_CLI_TABLE_ROWS rows, WK_CLI_TABLE_ARENA bytes: memory stays flat
 *         with --all); later rows keep those widths, and a wider later value
 *         is written whole, pushing the rest of its row to the right. Width
 *         is counted in terminal columns: one per UTF-8 character, two for an
 *         East Asian wide one, zero for a combining mark (wcwidth() in
 *         C.UTF-8; one per character where that locale is missing). Text is
 *         written as wk_cli_print_safe() writes it, with '\' doubled as well,
 *         so each user stays on one line and cells read back unambiguously.
 * csv:    RFC 4180: a header row of all 19 User member names in the model's
 *         order, then one record per user, CRLF line ends. A field holding
 *         ',', ';' (the separator in locales with a decimal comma), '"', or
 *         with @c csv_raw CR or LF, is quoted, with '"' doubled. An absent
 *         member is an empty field, a present empty string is "".
 *         securityGroups is one field, the IDs joined by single spaces; an
 *         ID that holds a space or '"' (with @c csv_raw, also CR or LF), or
 *         is empty, is quoted within it, '"' doubled, so that the field
 *         reads back as a space-separated CSV record of the IDs.
 *         Unless @c csv_raw, cells are guarded for spreadsheets (OWASP "CSV
 *         injection"): text is escaped as in the table, so no cell starts
 *         with a raw TAB or CR and each record is one line, and a text cell
 *         starting with '=', '+', '-' or '@' gets a leading '\'' and quotes
 *         ("'+44" for countryCode +44). With @c csv_raw, cells are the bytes
 *         the service sent.
 * The table and csv carry no nextToken (the caller reports it).
 */
typedef struct wk_cli_writer {
    FILE *out;               /**< retained until wk_cli_writer_end() */
    wk_cli_format_t format;
    bool csv_raw;            /**< csv: cells byte for byte, unguarded (set after init) */
    const char *token_name;  /**< json / ndjson: the name of the token wk_cli_writer_end() is
                                  given: "nextToken" (after init) or "NextToken" (set after
                                  init: --max-items, as the AWS CLI names it); a literal */
    size_t users;            /**< users written so far */
    bool begun;              /**< the opening is written (on the first user or at the end,
                                  so a request that fails at once leaves stdout empty) */
    bool failed;             /**< a write to @c out failed; sticky */
    /* table only: rows held back until the first page is complete */
    bool sized;              /**< widths are fixed and the header is out */
    size_t rows;             /**< rows held back */
    size_t used;             /**< arena bytes in use */
    uint32_t width[WK_CLI_TABLE_COLUMNS];
    wk_cli_table_cell_t cell[WK_CLI_TABLE_ROWS][WK_CLI_TABLE_COLUMNS];
    char arena[WK_CLI_TABLE_ARENA];
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

/**
 * @brief A page is complete, or the listing stopped: write the table rows
 *        held back (sizing the columns on the first call) and flush, so
 *        output keeps pace with the network. @return 0 or -1.
 */
int wk_cli_writer_page_done(wk_cli_writer_t *w);

/**
 * @brief Close the document.
 * @param[in] next_token the page's nextToken, or NULL for none; @p len bytes.
 * @return 0, or -1 when any write failed.
 */
int wk_cli_writer_end(wk_cli_writer_t *w, const char *next_token, size_t len);

/**
 * @brief Write @p len bytes of UTF-8 as a JSON string literal, quotes included.
 *
 * Besides what JSON requires ('"', '\\', U+0000..U+001F), DEL, the C1
 * controls (U+0080..U+009F) and the bidi controls (U+202A..U+202E,
 * U+2066..U+2069) are written as \uXXXX: the same JSON data, inert on a
 * terminal. Bytes that are not UTF-8 (the parser never hands such a string
 * over) pass as they are. @return 0 or -1.
 */
int wk_cli_json_string(FILE *out, const char *s, size_t len);

/**
 * @brief Write text for a terminal, so that service-supplied text cannot
 *        drive it: valid UTF-8 (RFC 3629) is kept; each byte of a control
 *        character (C0, DEL, C1 U+0080..U+009F), of a bidi embedding,
 *        override or isolate (U+202A..U+202E, U+2066..U+2069) and every byte
 *        that is not part of valid UTF-8 is written as \xHH.
 */
void wk_cli_print_safe(FILE *out, const char *s);

/**
 * @brief printf() into @p err (@p cap bytes, NUL-terminated), ending a text
 *        that does not fit with "..." so that a cut message says it was cut.
 */
__attribute__((format(printf, 3, 4)))
void wk_cli_set_err(char *err, size_t cap, const char *fmt, ...);

/**
 * @brief Write @p len bytes as wk_cli_print_safe() does, and return the
 *        terminal columns they take (see the table above for how width is counted).
 *        @p escape_backslash also doubles each '\'. On a write error *failed is set.
 */
size_t wk_cli_write_safe(FILE *out, const char *s, size_t len, bool escape_backslash,
                         bool *failed);

/**
 * Progress line for --all on a terminal: "page N, M users, R users/s",
 * redrawn in place with '\r' after each page and blanked at the end, so it
 * never stays in a scrollback or a log. Time comes in as arguments (the
 * port's milliseconds) so the text can be tested.
 */
typedef struct wk_cli_progress {
    FILE *out;          /**< NULL: disabled. Retained until wk_cli_progress_clear() */
    uint32_t start_ms;
    size_t shown;       /**< columns of the line on screen; 0 when none */
} wk_cli_progress_t;

/** @brief Set up; @p out NULL disables every other call. */
void wk_cli_progress_init(wk_cli_progress_t *p, FILE *out, uint32_t now_ms);

/** @brief Redraw the line for @p pages pages and @p users users at @p now_ms. */
void wk_cli_progress_update(wk_cli_progress_t *p, uint32_t pages, uint32_t users,
                            uint32_t now_ms);

/** @brief Blank the line, if one is shown, and return the cursor to its start. */
void wk_cli_progress_clear(wk_cli_progress_t *p);

/* ---- --debug (wk_cli_debug.c) ---------------------------------------------------- */

/** Longest head line kept for the log; the rest of a longer line is counted, not shown. */
#define WK_CLI_DEBUG_LINE_MAX 1024u

/** One direction of a connection: collects head lines until the blank line. */
typedef struct wk_cli_debug_head {
    char line[WK_CLI_DEBUG_LINE_MAX];
    size_t len;
    size_t dropped;     /**< bytes of the current line beyond WK_CLI_DEBUG_LINE_MAX */
    bool cr;            /**< the last byte was '\r' (kept or dropped) */
    bool in_head;       /**< false once the head ended: body bytes are not logged */
    bool first;         /**< the next line is the request or status line */
} wk_cli_debug_head_t;

/**
 * Connector decorator for --debug: opens and closes through @c inner and
 * wraps each transport so that the head of every request ("> " lines) and
 * response ("< " lines) passing through it is logged to @c out, one line
 * each, bodies not at all. It sees the bytes inside TLS, so it logs what the
 * client really sent. Redacted (the value replaced by "<redacted>"):
 *  - Authorization: only the scheme, the credential scope (date, region,
 *    service) and SignedHeaders are kept; the access key ID and Signature go;
 *    a value not in the SigV4 form goes whole;
 *  - X-Amz-Security-Token, Proxy-Authorization, Cookie, Set-Cookie: whole.
 * Control bytes are escaped as wk_cli_print_safe() does. A new request
 * starts a new response head, which holds for HTTP/1.1 without pipelining.
 */
typedef struct wk_cli_debug {
    FILE *out;                  /**< retained while the decorator is in use */
    wk_connector_t inner;       /**< copied; its ctx is retained */
    wk_transport_t transport;   /**< what inner.open gave */
    wk_cli_debug_head_t tx;
    wk_cli_debug_head_t rx;
} wk_cli_debug_t;

/**
 * @brief Make @p wrapped a connector that logs through @p d (see above).
 *        @p d must outlive every use of @p wrapped.
 */
void wk_cli_debug_wrap(wk_cli_debug_t *d, const wk_connector_t *inner, FILE *out,
                       wk_connector_t *wrapped);

/* ---- Failures in the program's terms (wk_cli_explain.c) ---------------------------- */

/**
 * @brief Write the client's diagnostic @p diag for @p status (escaped, no
 *        prefix, no newline), without the ": STATUS_NAME" it may repeat from
 *        the start of the line; with @p about_inputs (a request input was
 *        refused before anything was sent), a leading API field name
 *        ("firstName ...") becomes its flag ("--first-name ...").
 */
void wk_cli_print_diag(FILE *err, wk_status_t status, const char *diag, bool about_inputs);

/**
 * @brief After WK_ERR_NO_SPACE before anything was sent: name the flag whose
 *        value grows the request most and say how many of its bytes fit,
 *        measured by building the request without it on a client of its own
 *        (wiped after) with a connector that sends nothing.
 * @return true when the line was written; false when no flag is to blame
 *         (e.g. the session token or the endpoint path is what is too long).
 */
bool wk_cli_explain_too_long(FILE *err, const wk_client_config_t *cc,
                             const wk_list_users_request_t *req);

/** @brief For --debug: where the credentials came from (the source, the
 *         profile, a session token or not, when they expire), never a value
 *         of them. Nothing for a configuration the caller filled itself. */
void wk_cli_explain_credentials(FILE *err, const wk_cli_config_t *cfg);

/** @brief No region anywhere: say so, and the three ways to set one. */
void wk_cli_explain_no_region(FILE *err, const wk_cli_config_t *cfg);

/** @brief The region was refused (WK_ERR_REGION): its value, where it came
 *         from, and what is wrong with it (@p diag when nothing better). */
void wk_cli_explain_region(FILE *err, const wk_cli_config_t *cfg, const char *diag);

/** @brief A second line for failures with a likely cause the diagnostic cannot
 *         know: e.g. http:// to a server that speaks only HTTPS. */
void wk_cli_hint(FILE *err, wk_status_t status, const wk_cli_config_t *cfg,
                 const wk_client_stats_t *stats);

/* ---- Orchestration (wk_cli_run.c) ------------------------------------------------ */

/** @brief Map a status to the program's exit code. */
int wk_cli_exit_code(wk_status_t status);

/**
 * @brief Run the listing: set up the client, fetch one page (or every page with
 *        --all, or from --starting-token on) through @p connector, stream users
 *        to @p out, report failures to @p err in the program's terms
 *        (wk_cli_explain.c); after a failure once a page or a user had come,
 *        the last stderr line gives the attempts the page took and the
 *        --starting-token that continues the listing. No region in @p cfg is
 *        refused before anything else. @p net_diag, when not NULL, is the
 *        connector's own explanation of its last failure and is printed
 *        after a transport error. Keys from a provider (wk_cli_creds_refreshable())
 *        are asked for by the client itself (wk_client_use_provider()), the
 *        network providers through @p providers (NULL: credential_process
 *        only): before the first request and again before any request their
 *        refresh policy says so; a refresh that fails stops the listing
 *        before anything unsigned or signed with expired keys is sent
 *        (WK_CLI_EXIT_CREDENTIALS).
 * @return an exit code (WK_CLI_EXIT_*).
 */
int wk_cli_run(const wk_cli_options_t *opts, const wk_cli_config_t *cfg,
               const wk_connector_t *connector, const wk_connector_t *providers,
               const wk_diag_t *net_diag, const wk_diag_t *providers_diag, FILE *out, FILE *err);

/**
 * @brief Load the CA bundle of @p net now (wk_tls_connector_load_ca()), unless
 *        the endpoint is plain http://, so that one that cannot be read or
 *        parsed is a configuration error reported before anything is sent.
 * @return WK_CLI_EXIT_OK, or WK_CLI_EXIT_USAGE (said on @p err).
 */
int wk_cli_load_ca(wk_tls_connector_t *net, const wk_cli_config_t *cfg, FILE *err);

/**
 * @brief The listing over TLS (the connector of wk_tls.h) on @p tcp, a
 *        port's TCP opener: the CA bundle loaded first (wk_cli_load_ca()),
 *        then wk_cli_run(), then the connector freed. @p provider_tcp, a
 *        second opener (NULL: none), carries the credential providers'
 *        connections, kept apart from Wickr's kept-alive one; for the AWS
 *        IoT provider with the device certificate (cfg->iot) and the CA bundle.
 * @return an exit code (WK_CLI_EXIT_*).
 */
int wk_cli_run_tls(const wk_tcp_opener_t *tcp, const wk_tcp_opener_t *provider_tcp,
                   const wk_cli_options_t *opts, const wk_cli_config_t *cfg, FILE *out, FILE *err);

/* ---- TLS sessions (wk_cli_session.c) ------------------------------------------------ */

/** Connector decorator for --debug that says after each TLS open whether
 *  the handshake resumed a session (wk_tls_connector_resumed()). */
typedef struct wk_cli_tls_report {
    const wk_tls_connector_t *net; /**< retained: the connector asked */
    wk_connector_t inner;          /**< copied; its ctx is retained */
    FILE *out;                     /**< retained */
} wk_cli_tls_report_t;

/** @brief Make @p wrapped a connector that opens through @p inner and
 *         reports through @p t; @p t must outlive every use of @p wrapped. */
void wk_cli_tls_report_wrap(wk_cli_tls_report_t *t, const wk_tls_connector_t *net,
                            const wk_connector_t *inner, FILE *out, wk_connector_t *wrapped);

/**
 * @brief --tls-session-file: put the session kept in @p path (NULL: none)
 *        into @p r. A file that others may read or write, or that is not a
 *        regular file, is not used (a warning on @p err); one that is
 *        missing is the first run; bytes the port refuses leave @p r empty
 *        (said on @p err with @p debug only: the handshake is a full one).
 */
void wk_cli_session_load(wk_tls_resume_t *r, const char *path, bool debug, FILE *err);

/**
 * @brief --tls-session-file: write the session in @p r to @p path (NULL:
 *        nothing) as a new file of mode 0600 renamed over it, or remove
 *        @p path when @p r holds none. A failure is a warning on @p err.
 */
void wk_cli_session_save(const wk_tls_resume_t *r, const char *path, FILE *err);

/** What a program brings to wk_cli_main(): its name, texts and network. */
typedef struct wk_cli_program {
    const char *name;                /**< before each message: "name: ..." */
    void (*print_usage)(FILE *out);  /**< --help */
    void (*print_version)(FILE *out); /**< --version */
    /** Open a connector to the configured endpoint (start the network stack,
     *  e.g. with wk_cli_run_tls()), wk_cli_run() over it, close.
     *  @return an exit code (WK_CLI_EXIT_*). */
    int (*run)(void *ctx, const wk_cli_options_t *opts, const wk_cli_config_t *cfg, FILE *out,
               FILE *err);
    void *ctx;                       /**< first argument of @c run */
} wk_cli_program_t;

/**
 * @brief The flow a program's main() shares: parse argv, answer --help /
 *        --version, resolve the configuration, hand over to @p prog->run,
 *        wipe the configuration. Usage and configuration errors are said on
 *        @p err under @p prog->name.
 * @return an exit code (WK_CLI_EXIT_*).
 */
int wk_cli_main(const wk_cli_program_t *prog, int argc, char **argv, FILE *out, FILE *err);

#endif /* WK_CLI_H */
