/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_sigv4.h
 * @brief AWS Signature Version 4 (AWS4-HMAC-SHA256), header signing.
 *
 * Hashing and HMAC go through the port (wk_port_sha256_*, wk_port_hmac_sha256).
 * The derived signing key is cached per date for the signer's region and
 * service, and wiped by wk_sigv4_deinit(). No secret ever reaches a wk_diag_t.
 */
#ifndef WK_SIGV4_H
#define WK_SIGV4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wk/wk_config_defaults.h"
#include "wk/wk_diag.h"
#include "wk/wk_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most query parameters and headers one signature covers. */
#define WK_SIGV4_MAX_QUERY_PARAMS 32u
#define WK_SIGV4_MAX_HEADERS 16u
/** Room for "YYYYMMDDTHHMMSSZ" and its NUL. */
#define WK_SIGV4_AMZ_DATE_SIZE 17u

/** A header name/value pair; both borrowed for the call, not NUL-terminated. */
typedef struct wk_header {
    const char *name;
    size_t name_len;
    const char *value;
    size_t value_len;
} wk_header_t;

/** Credentials: NUL-terminated, retained by the signer until wk_sigv4_deinit();
 *  keep them valid and unmodified. session_token may be NULL. */
typedef struct wk_sigv4_credentials {
    const char *access_key_id;
    const char *secret_access_key;
    const char *session_token;
} wk_sigv4_credentials_t;

/** Signer state. Caller-allocated; fields are private. */
typedef struct wk_sigv4 {
    wk_sigv4_credentials_t cred;
    char region[CONFIG_WK_REGION_MAX];
    char service[32];
    char key_date[9];     /* YYYYMMDD the cached key is for; "" when none */
    uint8_t key[32];      /* kSigning for key_date/region/service */
} wk_sigv4_t;

/** What to sign. Everything borrowed for the call. */
typedef struct wk_sigv4_input {
    const char *method;          /**< "GET", "POST" ... */
    const char *path;            /**< request path as sent on the wire (no query) */
    size_t path_len;
    const char *query;           /**< query as sent, without '?'; NULL/0 for none */
    size_t query_len;
    const wk_header_t *headers;  /**< headers to sign, Host among them; any case;
                                      duplicates are joined with ',' and values
                                      trimmed, inner runs of spaces collapsed */
    size_t header_count;
    const uint8_t *body;         /**< payload (NULL/0 for none) */
    size_t body_len;
    bool normalize_path;         /**< remove dot segments and repeated '/' (true for all services but S3) */
    bool omit_session_token;     /**< add the token after signing instead of signing it */
    int64_t unix_time;           /**< signing time, UTC seconds */
} wk_sigv4_input_t;

/** Where results go. Caller-owned buffers; each written NUL-terminated. */
typedef struct wk_sigv4_output {
    char amz_date[WK_SIGV4_AMZ_DATE_SIZE]; /**< X-Amz-Date value */
    char *authorization;          /**< Authorization header value (required) */
    size_t authorization_cap;
    size_t authorization_len;
    char *canonical_request;      /**< optional (NULL to skip): for tests and --debug */
    size_t canonical_request_cap;
    size_t canonical_request_len;
    char *string_to_sign;         /**< optional (NULL to skip) */
    size_t string_to_sign_cap;
    size_t string_to_sign_len;
} wk_sigv4_output_t;

/**
 * @brief Prepare a signer.
 * @param[out] s       signer to set up.
 * @param[in]  cred    retained until wk_sigv4_deinit(); strings must stay valid.
 * @param[in]  region  copied; e.g. "us-east-1".
 * @param[in]  service copied; "wickr" for this API.
 * @return WK_OK, WK_ERR_ARG, WK_ERR_CREDENTIALS (key id or secret empty or with
 *         characters not allowed), WK_ERR_REGION, WK_ERR_NO_SPACE.
 */
wk_status_t wk_sigv4_init(wk_sigv4_t *s, const wk_sigv4_credentials_t *cred, const char *region,
                          const char *service);

/**
 * @brief Sign one request.
 * @return WK_OK, WK_ERR_ARG, WK_ERR_NO_SPACE (an output buffer, or more than
 *         WK_SIGV4_MAX_QUERY_PARAMS / WK_SIGV4_MAX_HEADERS), WK_ERR_CRYPTO,
 *         WK_ERR_CLOCK (time before 1970 or after 9999).
 */
wk_status_t wk_sigv4_sign(wk_sigv4_t *s, const wk_sigv4_input_t *in, wk_sigv4_output_t *out,
                          wk_diag_t *diag);

/** @brief Wipe the cached signing key and forget the credentials. @return WK_OK or WK_ERR_ARG. */
wk_status_t wk_sigv4_deinit(wk_sigv4_t *s);

#ifdef __cplusplus
}
#endif
#endif /* WK_SIGV4_H */
