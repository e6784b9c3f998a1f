/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_credentials.h
 * @brief Credentials the caller owns, their refresh policy, and the providers
 *        of temporary credentials as exchanges the caller drives.
 *
 * Storage: a wk_credentials_t holds one set of keys (access key id, secret,
 * session token, expiration) in the caller's memory. wk_credentials_set() is
 * the only way in: it checks the new keys whole before it wipes the old ones
 * with wk_port_zeroize(), so a refused set leaves the old ones in place.
 * Static keys are one provider: wk_credentials_set() with
 * WK_CREDENTIALS_NO_EXPIRY.
 *
 * Refresh policy (wk_credentials_refresh_check(), a pure function of the
 * credentials and the time). Like botocore's RefreshableCredentials there
 * are two windows before the expiration:
 * - advisory: refresh, but when the provider fails keep signing with the
 *   keys in hand (they are still valid);
 * - mandatory: do not sign before a refresh has succeeded.
 * The windows are botocore's 15 and 10 minutes, but never more than a quarter
 * and a sixth of the credentials' lifetime (expiration minus the time they
 * were stored): for the usual one-hour credentials that is botocore's
 * numbers; credentials that live 10 seconds are refreshed 2.5 seconds before
 * they expire, not on every request. So the provider is asked once per
 * lifetime, and only when the check says so: never once per page. Keys at or
 * past their expiration are WK_REFRESH_EXPIRED and are never signed with.
 *
 * The client asks a provider itself (wk_client_use_provider(), with a
 * wk_cred_provider_t below): before every attempt it runs the refresh check
 * on the caller's wk_credentials_t, and when the check says so drives the
 * provider's exchange over the provider's connector in steps (or calls a
 * synchronous provider), then signs with the new keys. That is the usual
 * way; the exchanges below can also be driven by hand.
 *
 * Providers (AWS IoT credentials provider, container credentials, IMDSv2) are
 * sans-I/O exchanges: the caller (or the client) opens a connection to
 * wk_cred_exchange_endpoint(), sends what wk_cred_exchange_request() writes,
 * feeds the response bytes to wk_cred_exchange_feed() until it says the
 * response is complete, and repeats while it asks for another request (IMDSv2
 * makes three). Requests are written with the core's HTTP writer, responses
 * read by its HTTP parser, and the credentials documents by its JSON reader
 * with one table per document. Nothing here blocks, allocates or reads the
 * environment: the caller passes the settings' values. Secrets (keys, token,
 * the IMDS session token) are never in a diagnostic and are wiped from the
 * exchange by wk_cred_exchange_end().
 *
 * @code
 * static wk_credentials_t creds;
 * static wk_cred_exchange_t x;
 * wk_refresh_t need;
 * int64_t now;
 * wk_port_utc_now(&now);
 * wk_credentials_refresh_check(&creds, now, &need);
 * if (need != WK_REFRESH_NONE) {
 *     status = wk_cred_exchange_iot(&x, &iot_params, &creds, &diag);
 *     // ... connect to wk_cred_exchange_endpoint(&x), request, feed ...
 *     wk_cred_exchange_end(&x);
 * }
 * @endcode
 */
#ifndef WK_CREDENTIALS_H
#define WK_CREDENTIALS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wk/wk_config_defaults.h"
#include "wk/wk_diag.h"
#include "wk/wk_http.h"
#include "wk/wk_json.h"
#include "wk/wk_sigv4.h"
#include "wk/wk_status.h"
#include "wk_port.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The expiration of keys that do not expire (static keys). */
#define WK_CREDENTIALS_NO_EXPIRY INT64_MAX
/** botocore's advisory refresh window, in seconds before the expiration. */
#define WK_CREDENTIALS_ADVISORY_S 900
/** botocore's mandatory refresh window, in seconds before the expiration. */
#define WK_CREDENTIALS_MANDATORY_S 600
/** Longest expiration text accepted ("2026-01-01T00:00:00.123456+00:00" is 32). */
#define WK_CREDENTIALS_EXPIRATION_MAX 40u

/** One set of keys. Caller-allocated; fill it only with wk_credentials_set(). */
typedef struct wk_credentials {
    /** NUL-terminated; "" when none */
    char access_key_id[WK_SIGV4_ACCESS_KEY_MAX + 1u];
    /** NUL-terminated; never printed or logged */
    char secret_access_key[WK_SIGV4_SECRET_MAX + 1u];
    /** NUL-terminated; "" for long-term keys; never printed or logged */
    char session_token[CONFIG_WK_SESSION_TOKEN_MAX + 1];
    /** UTC seconds; WK_CREDENTIALS_NO_EXPIRY for keys that do not expire */
    int64_t expiration;
    /** UTC seconds when they were stored: the start of their lifetime */
    int64_t stored_at;
    /** false until the first successful wk_credentials_set() */
    bool present;
} wk_credentials_t;

/** What wk_credentials_refresh_check() decides. */
typedef enum wk_refresh {
    WK_REFRESH_NONE = 0,  /**< sign with them */
    WK_REFRESH_ADVISORY,  /**< refresh; when that fails, still sign with them */
    WK_REFRESH_MANDATORY, /**< refresh before signing; when that fails, do not sign */
    WK_REFRESH_EXPIRED    /**< none, or expired: never sign with them */
} wk_refresh_t;

/**
 * @brief Store new keys, wiping the old ones.
 *
 * Checks first, then wipes and copies, so a refused set leaves @p c as it was.
 *
 * @param[in,out] c          the storage.
 * @param[in]     key_id     1..WK_SIGV4_ACCESS_KEY_MAX bytes of [A-Za-z0-9_]; borrowed for the call.
 * @param[in]     key_id_len bytes at @p key_id.
 * @param[in]     secret     1..WK_SIGV4_SECRET_MAX visible ASCII bytes; borrowed for the call.
 * @param[in]     secret_len bytes at @p secret.
 * @param[in]     token      the session token, visible ASCII, at most
 *                           CONFIG_WK_SESSION_TOKEN_MAX bytes; NULL or empty for none.
 * @param[in]     token_len  bytes at @p token.
 * @param[in]     expiration UTC seconds, or WK_CREDENTIALS_NO_EXPIRY.
 * @param[in]     now        UTC seconds now (wk_port_utc_now()).
 * @param[out]    diag       optional; names the field (never a value).
 * @return WK_OK; WK_ERR_CREDENTIALS (a field missing, malformed or too
 *         long); WK_ERR_CREDENTIALS_EXPIRED (@p expiration is not after
 *         @p now); WK_ERR_ARG (@p c NULL, or a NULL field with a length).
 *
 * @code
 * // static keys are one provider
 * status = wk_credentials_set(&creds, id, strlen(id), secret, strlen(secret), NULL, 0u,
 *                             WK_CREDENTIALS_NO_EXPIRY, 0, &diag);
 * @endcode
 */
wk_status_t wk_credentials_set(wk_credentials_t *c, const char *key_id, size_t key_id_len,
                               const char *secret, size_t secret_len, const char *token,
                               size_t token_len, int64_t expiration, int64_t now, wk_diag_t *diag);

/**
 * @brief Wipe the keys (wk_port_zeroize()); @p c is then "none".
 * @param[in,out] c the storage.
 * @return WK_OK, or WK_ERR_ARG when @p c is NULL.
 *
 * @code
 * wk_credentials_wipe(&creds);  // at exit, and before the memory is reused
 * @endcode
 */
wk_status_t wk_credentials_wipe(wk_credentials_t *c);

/**
 * @brief Whether to refresh before signing at @p now (see the file comment).
 *
 * Pure: reads @p c and @p now only.
 *
 * @param[in]  c    the storage; borrowed for the call.
 * @param[in]  now  UTC seconds now.
 * @param[out] need the decision.
 * @return WK_OK, or WK_ERR_ARG (a NULL pointer).
 *
 * @code
 * wk_refresh_t need;
 * wk_credentials_refresh_check(&creds, now, &need);
 * if (need == WK_REFRESH_MANDATORY || need == WK_REFRESH_EXPIRED) {
 *     // refresh; on failure, stop: nothing may be signed
 * }
 * @endcode
 */
wk_status_t wk_credentials_refresh_check(const wk_credentials_t *c, int64_t now, wk_refresh_t *need);

/**
 * @brief The signer's view of the keys (wk_sigv4_init(), wk_client_config_t).
 * @param[in]  c   the storage; the view points into it, so it stays valid
 *                 while @p c holds these keys (a later wk_credentials_set()
 *                 changes them in place: sign again with a fresh signer).
 * @param[out] out the view; session_token NULL when there is none.
 * @return WK_OK; WK_ERR_CREDENTIALS (no keys stored); WK_ERR_ARG (NULL).
 *
 * @code
 * wk_credentials_sigv4(&creds, &cfg.credentials);
 * @endcode
 */
wk_status_t wk_credentials_sigv4(const wk_credentials_t *c, wk_sigv4_credentials_t *out);

/**
 * @brief Parse an ISO 8601 UTC time as the credentials documents give it:
 *        "YYYY-MM-DDTHH:MM:SS", optional fraction (ignored), then "Z" or an
 *        offset "+HH:MM" / "-HH:MM"; years 1970..9999.
 * @param[in]  text  @p len bytes, borrowed for the call.
 * @param[in]  len   bytes at @p text.
 * @param[out] unix_seconds the time as UTC seconds.
 * @param[out] diag  optional; names the byte offset where the form breaks.
 * @return WK_OK; WK_ERR_CREDENTIALS_EXPIRATION (not such a time, or a
 *         field out of range); WK_ERR_ARG (NULL).
 *
 * @code
 * int64_t t;
 * wk_iso8601_parse("2026-01-01T00:00:00Z", 20u, &t, &diag);  // t == 1767225600
 * @endcode
 */
wk_status_t wk_iso8601_parse(const char *text, size_t len, int64_t *unix_seconds, wk_diag_t *diag);

/* ---- Providers: exchanges the caller drives ------------------------------------ */

/** Settings of the AWS IoT credentials provider. Strings NUL-terminated, borrowed for the call. */
typedef struct wk_iot_cred_params {
    /** "https://<prefix>.credentials.iot.<region>.amazonaws.com" (any https URL) */
    const char *endpoint_url;
    /** the role alias: 1..128 of [A-Za-z0-9=,\@_-] */
    const char *role_alias;
    /** the thing name: 1..128 of [A-Za-z0-9:_-] */
    const char *thing_name;
} wk_iot_cred_params_t;

/** Settings of container credentials, as the AWS_CONTAINER_* variables hold
 *  them (NULL when unset). Strings NUL-terminated, borrowed for the call. */
typedef struct wk_container_cred_params {
    /** AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: a path on 169.254.170.2; wins over full_uri */
    const char *relative_uri;
    /** AWS_CONTAINER_CREDENTIALS_FULL_URI: https to any host; http only to
     *  loopback (127.0.0.0/8, ::1, localhost), 169.254.170.2, 169.254.170.23
     *  or fd00:ec2::23 */
    const char *full_uri;
    /** the Authorization header: the contents of AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE
     *  when set (the caller reads the file), else AWS_CONTAINER_AUTHORIZATION_TOKEN */
    const char *auth_token;
    /** bytes at @c auth_token */
    size_t auth_token_len;
} wk_container_cred_params_t;

/** Settings of EC2 instance metadata (IMDSv2). Strings NUL-terminated, borrowed for the call. */
typedef struct wk_imds_cred_params {
    /** AWS_EC2_METADATA_SERVICE_ENDPOINT, or NULL for http://169.254.169.254 */
    const char *endpoint_url;
    /** AWS_EC2_METADATA_DISABLED's value, or NULL; "true" (any case) turns IMDS off */
    const char *disabled;
} wk_imds_cred_params_t;

/** The SDKs' IMDS budget: 1 second per connect and per whole response, 1 attempt. */
#define WK_IMDS_TIMEOUT_MS 1000u
/** The SDKs' container budget: 2 seconds per connect and per whole response, 3 attempts. */
#define WK_CONTAINER_TIMEOUT_MS 2000u
/** Seconds an IMDSv2 session token is asked for (botocore's 21600). */
#define WK_IMDS_TOKEN_TTL "21600"
/** Longest IMDSv2 session token or role name kept. */
#define WK_IMDS_TEXT_MAX 128u

/** @cond WK_PRIVATE */
/* The record the documents' tables write into. */
typedef struct wk_cred_doc {
    uint32_t top;   /* presence of the top object's members */
    uint32_t inner; /* IoT: of the "credentials" object's members */
    wk_str_t key_id;
    char key_id_text[WK_SIGV4_ACCESS_KEY_MAX + 1u];
    wk_str_t secret;
    char secret_text[WK_SIGV4_SECRET_MAX + 1u];
    wk_str_t token;
    char token_text[CONFIG_WK_SESSION_TOKEN_MAX + 1];
    wk_str_t expiration;
    char expiration_text[WK_CREDENTIALS_EXPIRATION_MAX + 1u];
    wk_str_t code;
    char code_text[32];
    int32_t version; /* credential_process */
    char strings[1]; /* every row has its own room */
} wk_cred_doc_t;
/** @endcond */

/** One exchange with a provider. Caller-allocated; fields private. */
typedef struct wk_cred_exchange {
    /** @cond WK_PRIVATE */
    uint8_t provider;   /* IoT, container, IMDS */
    uint8_t step;       /* IMDS: token, role name, credentials */
    bool awaiting;      /* a request was written; its response is being read */
    bool finished;      /* credentials stored */
    uint16_t http_status;
    wk_status_t failed; /* sticky */
    wk_credentials_t *out;
    wk_endpoint_t endpoint;
    char target[CONFIG_WK_ENDPOINT_PATH_MAX + 160]; /* request path */
    char header_value[CONFIG_WK_SESSION_TOKEN_MAX + 1]; /* thing name, Authorization, IMDS token */
    size_t header_value_len;
    char text[WK_IMDS_TEXT_MAX + 1u]; /* IMDS: the token or role name as received */
    size_t text_len;
    uint8_t body_byte;  /* the body byte the parser just handed on */
    bool body_pending;  /* ... not yet given to the JSON reader */
    wk_http_parser_t http;
    wk_json_reader_t json;
    wk_cred_doc_t doc;
    wk_diag_t *diag; /* the caller's, during a feed only */
    /** @endcond */
} wk_cred_exchange_t;

/**
 * @brief Start an exchange with the AWS IoT credentials provider:
 *        GET /role-aliases/{alias}/credentials with x-amzn-iot-thingname,
 *        over TLS with the device certificate (the connector's business:
 *        wk_tls_connector_client_cert()).
 * @param[out] x    the exchange; end it with wk_cred_exchange_end().
 * @param[in]  p    borrowed for the call (copied).
 * @param[in]  out  where the credentials go when the exchange succeeds;
 *                  retained until wk_cred_exchange_end(x). Untouched otherwise.
 * @param[out] diag optional; names the setting that was refused.
 * @return WK_OK; WK_ERR_CREDENTIALS_SOURCE (an alias or thing name that is
 *         empty, too long or has other bytes, or an endpoint that is not https);
 *         WK_ERR_ENDPOINT (a malformed URL); WK_ERR_ARG (NULL).
 *
 * @code
 * wk_iot_cred_params_t p = {"https://c2example.credentials.iot.us-east-1.amazonaws.com",
 *                           "wickr-reader", "gateway-17"};
 * status = wk_cred_exchange_iot(&x, &p, &creds, &diag);
 * @endcode
 */
wk_status_t wk_cred_exchange_iot(wk_cred_exchange_t *x, const wk_iot_cred_params_t *p,
                                 wk_credentials_t *out, wk_diag_t *diag);

/**
 * @brief Start an exchange with the container credentials endpoint (ECS, EKS
 *        Pod Identity, Greengrass), as botocore reads its settings.
 * @param[out] x    the exchange; end it with wk_cred_exchange_end().
 * @param[in]  p    borrowed for the call (copied).
 * @param[in]  out  as wk_cred_exchange_iot().
 * @param[out] diag optional; names the setting that was refused.
 * @return WK_OK; WK_ERR_CREDENTIALS_SOURCE (neither URI set, a full URI to a
 *         host that is not allowed over http, or a token with a control
 *         byte); WK_ERR_ENDPOINT (a malformed URI); WK_ERR_NO_SPACE (a token
 *         longer than CONFIG_WK_SESSION_TOKEN_MAX); WK_ERR_ARG (NULL).
 *
 * @code
 * wk_container_cred_params_t p = {getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"),
 *                                 getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI"), NULL, 0u};
 * status = wk_cred_exchange_container(&x, &p, &creds, &diag);
 * @endcode
 */
wk_status_t wk_cred_exchange_container(wk_cred_exchange_t *x, const wk_container_cred_params_t *p,
                                       wk_credentials_t *out, wk_diag_t *diag);

/**
 * @brief Start an IMDSv2 exchange: PUT /latest/api/token with a TTL, GET the
 *        role name, GET the role's credentials. No fallback to IMDSv1.
 * @param[out] x    the exchange; end it with wk_cred_exchange_end().
 * @param[in]  p    borrowed for the call (copied).
 * @param[in]  out  as wk_cred_exchange_iot().
 * @param[out] diag optional; names the setting that was refused.
 * @return WK_OK; WK_ERR_CREDENTIALS_SOURCE (disabled by the setting);
 *         WK_ERR_ENDPOINT (a malformed endpoint URL); WK_ERR_ARG (NULL).
 *
 * @code
 * wk_imds_cred_params_t p = {getenv("AWS_EC2_METADATA_SERVICE_ENDPOINT"),
 *                            getenv("AWS_EC2_METADATA_DISABLED")};
 * status = wk_cred_exchange_imds(&x, &p, &creds, &diag);
 * @endcode
 */
wk_status_t wk_cred_exchange_imds(wk_cred_exchange_t *x, const wk_imds_cred_params_t *p,
                                  wk_credentials_t *out, wk_diag_t *diag);

/**
 * @brief Start reading what a credential_process helper printed (its
 *        Version 1 JSON, as botocore reads it): no request and no
 *        connection; feed the helper's standard output to
 *        wk_cred_exchange_feed(), then NULL when it closed it.
 *
 * "Version" must be 1, "AccessKeyId" and "SecretAccessKey" present;
 * "SessionToken" is optional, and without "Expiration" the keys do not
 * expire (WK_CREDENTIALS_NO_EXPIRY). Running the helper, its timeout and its
 * standard error are the caller's.
 *
 * @param[out] x   the exchange; end it with wk_cred_exchange_end().
 * @param[in]  out as wk_cred_exchange_iot().
 * @return WK_OK, or WK_ERR_ARG (NULL).
 *
 * @code
 * wk_cred_exchange_process(&x, &creds);
 * while ((n = read(helper_stdout, buf, sizeof(buf))) > 0) {
 *     status = wk_cred_exchange_feed(&x, buf, (size_t)n, &used, &diag);  // WK_PARTIAL
 * }
 * status = wk_cred_exchange_feed(&x, NULL, 0u, &used, &diag);  // WK_OK: stored
 * @endcode
 */
wk_status_t wk_cred_exchange_process(wk_cred_exchange_t *x, wk_credentials_t *out);

/**
 * @brief Where to connect (plain TCP unless tls), and the connect and read
 *        budget the SDKs use for this provider.
 * @param[in]  x          a started exchange.
 * @param[out] ep         points into @p x; valid until wk_cred_exchange_end(x).
 * @param[out] timeout_ms per connect, and per response from the request's
 *                        sending to its last byte; optional (NULL).
 * @return WK_OK, or WK_ERR_ARG (NULL, not started, or credential_process).
 *
 * @code
 * const wk_endpoint_t *ep;
 * uint32_t ms;
 * wk_cred_exchange_endpoint(&x, &ep, &ms);
 * connector.open(connector.ctx, ep, ms, &t);
 * @endcode
 */
wk_status_t wk_cred_exchange_endpoint(const wk_cred_exchange_t *x, const wk_endpoint_t **ep,
                                      uint32_t *timeout_ms);

/**
 * @brief Write the next request and get ready for its response.
 * @param[in,out] x    a started exchange that wants a request (after start,
 *                     or after wk_cred_exchange_feed() returned WK_PARTIAL
 *                     with a complete response: see there).
 * @param[out]    buf  the request, not NUL-terminated; it holds secrets (the
 *                     token): wipe it after sending.
 * @param[in]     cap  bytes at @p buf; 512 plus CONFIG_WK_SESSION_TOKEN_MAX always suffice.
 * @param[out]    len  bytes of the request.
 * @return WK_OK; WK_ERR_NO_SPACE; WK_ERR_STATE (no request is due: a response
 *         is being read, or the exchange ended or failed); WK_ERR_ARG (NULL).
 *
 * @code
 * static char req[512 + CONFIG_WK_SESSION_TOKEN_MAX];
 * size_t n;
 * if (wk_cred_exchange_request(&x, req, sizeof(req), &n) == WK_OK) {
 *     send_all(t, req, n);
 * }
 * @endcode
 */
wk_status_t wk_cred_exchange_request(wk_cred_exchange_t *x, char *buf, size_t cap, size_t *len);

/**
 * @brief Read response bytes (any split).
 * @param[in,out] x        an exchange whose request was sent.
 * @param[in]     data     borrowed for the call; NULL with @p len 0 means the
 *                         connection ended (EOF).
 * @param[in]     len      bytes at @p data.
 * @param[out]    consumed bytes used; the rest is after the response.
 * @param[out]    diag     optional; names the field, status or byte offset
 *                         (never a value).
 * @return WK_PARTIAL (feed more; or, when wk_cred_exchange_wants_request() says
 *         so, send the next request), WK_OK (credentials stored in the
 *         caller's storage), or a failure, sticky: WK_ERR_CREDENTIALS_PROVIDER
 *         (a status other than 200), WK_ERR_CREDENTIALS (a key missing or
 *         malformed), WK_ERR_CREDENTIALS_EXPIRATION (missing or not a time),
 *         WK_ERR_CREDENTIALS_EXPIRED (expired on arrival), the JSON reader's
 *         statuses (WK_ERR_JSON_FIELD_TOO_LONG for a value longer than its
 *         room), the HTTP parser's, WK_ERR_CLOCK, WK_ERR_STATE, WK_ERR_ARG.
 *
 * @code
 * status = wk_cred_exchange_feed(&x, buf, got, &used, &diag);
 * @endcode
 */
wk_status_t wk_cred_exchange_feed(wk_cred_exchange_t *x, const uint8_t *data, size_t len,
                                  size_t *consumed, wk_diag_t *diag);

/**
 * @brief Whether another request is due (IMDSv2's second and third).
 *
 * A yes/no question that cannot fail, so it returns bool.
 *
 * @param[in] x the exchange; NULL gives false.
 * @return true when wk_cred_exchange_request() is to be called next.
 *
 * @code
 * while (wk_cred_exchange_wants_request(&x)) { ... }
 * @endcode
 */
bool wk_cred_exchange_wants_request(const wk_cred_exchange_t *x);

/**
 * @brief Wipe every secret the exchange holds; @p x no longer retains @p out.
 * @param[in,out] x the exchange.
 * @return WK_OK, or WK_ERR_ARG when @p x is NULL.
 *
 * @code
 * wk_cred_exchange_end(&x);
 * @endcode
 */
wk_status_t wk_cred_exchange_end(wk_cred_exchange_t *x);

/* ---- Providers the client asks itself (wk_client_use_provider()) ------------------ */

/**
 * A source of credentials the client asks before it signs, when
 * wk_credentials_refresh_check() says so. Exactly one of @c start and
 * @c fetch is set:
 * - a network provider (AWS IoT, container, IMDSv2): @c start begins the
 *   exchange with the caller's settings, and the client drives it over
 *   @c connector, in steps like its own connection (never waiting in a
 *   step), with the SDKs' budget (wk_cred_exchange_endpoint(): IMDS 1 s,
 *   container 2 s, AWS IoT CONFIG_WK_CONNECT_TIMEOUT_MS) for each connect,
 *   each request's sending and each whole response, counted from the
 *   request's last byte sent, not restarted by each byte that arrives (the
 *   documents are small: a provider that drips one never holds the listing),
 *   and attempts (IMDS 1, container 3, AWS IoT 1; only a transport failure
 *   is tried again);
 * - a synchronous provider (static keys, a credential_process the platform
 *   runs, a secure element): @c fetch stores keys at once. It runs inside
 *   wk_client_step(), so in step mode it must not wait long.
 * Caller-allocated; retained by the client (see wk_client_use_provider()).
 */
typedef struct wk_cred_provider {
    /**
     * Start an exchange in @p x that stores into @p out: wk_cred_exchange_iot(),
     * wk_cred_exchange_container() or wk_cred_exchange_imds() with the
     * caller's settings, called once per attempt. NULL for a synchronous
     * provider. Returns what that call returned.
     */
    wk_status_t (*start)(void *ctx, wk_cred_exchange_t *x, wk_credentials_t *out, wk_diag_t *diag);
    /**
     * Store keys in @p out at once with wk_credentials_set(); on failure
     * leave @p out as it was and return a status (WK_ERR_CREDENTIALS_PROVIDER
     * when the source failed) with @p diag naming why, never a secret. NULL
     * for a network provider.
     */
    wk_status_t (*fetch)(void *ctx, wk_credentials_t *out, wk_diag_t *diag);
    /**
     * Opens the network provider's connections (plain TCP when the endpoint
     * is http): TLS with the device certificate for AWS IoT
     * (wk_tls_connector_client_cert()), wk_tcp_connector_init() or TLS for
     * container and IMDS. The client closes its own connection before it
     * asks, so the two are never open at once: this may be the client's
     * own connector (one TLS session's memory serves both).
     */
    wk_connector_t connector;
    /** First argument of @c start and @c fetch; retained with the provider. */
    void *ctx;
} wk_cred_provider_t;

/** What the client keeps while it asks a network provider: the exchange and
 *  its connection. Caller-allocated; fields private. */
typedef struct wk_cred_fetch {
    /** @cond WK_PRIVATE */
    wk_cred_exchange_t x;
    wk_transport_t conn;
    uint32_t from_ms;    /* start of the connect, the send, or the response */
    uint32_t timeout_ms; /* per connect, send and whole response (wk_cred_exchange_endpoint()) */
    uint8_t phase;       /* idle, connect, send, receive (wk_client_credentials.c) */
    uint8_t attempt;     /* attempts of this fetch so far */
    uint8_t answered;    /* responses complete in this attempt */
    uint8_t failed_answered; /* the same, of the last failed ask */
    bool open;           /* conn is open or being opened */
    wk_diag_t failure;   /* the last failed ask's diagnostic */
    /** @endcond */
} wk_cred_fetch_t;

/**
 * @brief Why the network provider's last failed ask failed, kept after the
 *        client goes on (its next attempt clears wk_client_diag()): after an
 *        advisory failure the listing went on with the keys in hand, and a
 *        program can still say why the refresh failed.
 *
 * @param[in]  f        the fetch storage given to wk_client_use_provider().
 * @param[out] diag     the diagnostic (the provider's host and port and what
 *                      failed, or the field or status of a bad document;
 *                      never a secret), NUL-terminated; "" when no ask
 *                      failed. Points into @p f: valid until the next ask
 *                      fails or @p f is given to wk_client_use_provider().
 * @param[out] answered optional (NULL): how many requests of that ask's
 *                      last attempt were answered in full before it failed.
 *                      0: not even the first (for IMDSv2, the token), which
 *                      is how a machine that is not an EC2 instance looks
 *                      when the failure is the transport's; 2: IMDSv2 gave
 *                      its token and role name, then failed on the keys.
 * @return WK_OK, or WK_ERR_ARG (@p f or @p diag NULL).
 *
 * @code
 * const char *why;
 * if (stats->credential_failures != failures_seen &&
 *     wk_cred_fetch_last_failure(&fetch, &why, NULL) == WK_OK) {
 *     log_warning("refreshing the credentials failed: %s", why);
 * }
 * @endcode
 */
wk_status_t wk_cred_fetch_last_failure(const wk_cred_fetch_t *f, const char **diag,
                                       uint8_t *answered);

#ifdef __cplusplus
}
#endif
#endif /* WK_CREDENTIALS_H */
