/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_sigv4.h
 * @brief AWS Signature Version 4 (AWS4-HMAC-SHA256), header signing.
 *
 * Hashing and HMAC go through the port (wk_port_sha256_*, wk_port_hmac_sha256).
 * The derived signing key is cached per date for the signer's region and
 * service, and wiped by wk_sigv4_deinit(). No secret ever reaches a wk_diag_t.
 *
 * Canonical form (what the signature covers). The signer signs the path,
 * the query and the headers as given, so the caller writes them in their
 * canonical form, as the client does by construction; it adds only its own
 * headers, the date and the payload hash:
 * - URI: the path as sent on the wire, percent-encoded once more with '/'
 *   kept (a '%' becomes "%25"); an empty path is "/". It is not normalized:
 *   "." and ".." segments and repeated '/' are signed as they stand, which is
 *   right for S3. Every other service normalizes the path before it checks
 *   the signature, so for those give one without such segments (the
 *   client's never has one: wk_endpoint_resolve() refuses them in a base
 *   path).
 * - Query: must already be the canonical query string, and is checked:
 *   "key=value" pairs joined by '&', every pair with its '=' ("key=" for an
 *   empty value), keys and values SigV4-encoded (A-Z a-z 0-9 - _ . ~ bare,
 *   every other byte as %XX in upper-case hex, and no unreserved byte
 *   escaped), pairs sorted by key, then by value, in byte order.
 *   wk_list_users_request_target() writes it so.
 * - Headers: must already be canonical, and are checked: names lower-case
 *   tokens, each once, sorted in byte order, "host" among them; values as
 *   signed: no control byte, no tab, no space at either end or beside
 *   another (a repeated header is one header, its values joined with ',').
 *   The signer merges in x-amz-date and, when the credentials hold a
 *   session token and omit_session_token is false, x-amz-security-token.
 * - A query or header not in canonical form is refused with WK_ERR_ARG and
 *   the byte offset or header index where the form breaks: never re-sorted,
 *   re-encoded or trimmed.
 * - Payload: SHA-256 of the body (of "" when there is none).
 *
 * Memory: the canonical request is streamed into SHA-256, never held whole.
 * wk_sigv4_sign() uses about 800 bytes of stack (Cortex-M4, -Os; see
 * docs/FOOTPRINT.md) besides what the port's hash and HMAC use, and no other
 * storage.
 *
 * @code
 * static wk_sigv4_t signer;
 * wk_sigv4_credentials_t cred = { "AKID...", "secret...", NULL };
 * wk_header_t host = { "host", 4, "admin.wickr.us-east-1.amazonaws.com", 35 };
 * wk_sigv4_input_t in = { .method = "GET", .path = "/networks/12345678/users", .path_len = 24,
 *                         .headers = &host, .header_count = 1, .unix_time = now };
 * char auth[WK_SIGV4_AUTHORIZATION_MIN + 64];
 * wk_sigv4_output_t out = { .authorization = auth, .authorization_cap = sizeof(auth) };
 * if (wk_sigv4_init(&signer, &cred, "us-east-1", "wickr") == WK_OK &&
 *     wk_sigv4_sign(&signer, &in, &out, &diag) == WK_OK) {
 *     // send "X-Amz-Date: " out.amz_date and "Authorization: " auth
 * }
 * wk_sigv4_deinit(&signer);
 * @endcode
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

/** Room for "YYYYMMDDTHHMMSSZ" and its NUL. */
#define WK_SIGV4_AMZ_DATE_SIZE 17u
/** Longest access key id accepted (AWS ids are 16..128 of [A-Za-z0-9_]). */
#define WK_SIGV4_ACCESS_KEY_MAX 128u
/** Longest secret access key accepted (AWS secrets are 40 characters). */
#define WK_SIGV4_SECRET_MAX 128u
/** Size of the service name buffer, NUL included. */
#define WK_SIGV4_SERVICE_MAX 32u
/**
 * Authorization bytes besides the access key id, region, service and signed
 * header names: "AWS4-HMAC-SHA256 Credential=" "/YYYYMMDD/" "/" "/aws4_request"
 * ", SignedHeaders=" ", Signature=" and 64 hex digits, plus the NUL.
 */
#define WK_SIGV4_AUTHORIZATION_MIN (28u + 10u + 1u + 13u + 16u + 12u + 64u + 1u)

/** A header name/value pair; both borrowed for the call, not NUL-terminated. */
typedef struct wk_header {
    const char *name;  /**< header name, lower-case */
    size_t name_len;   /**< bytes at @c name */
    const char *value; /**< header value; may be NULL when @c value_len is 0 */
    size_t value_len;  /**< bytes at @c value */
} wk_header_t;

/** Credentials: NUL-terminated, retained by the signer until wk_sigv4_deinit();
 *  keep them valid and unmodified. session_token may be NULL. */
typedef struct wk_sigv4_credentials {
    const char *access_key_id;     /**< e.g. "AKIA..."; 1..128 of [A-Za-z0-9_] */
    const char *secret_access_key; /**< 1..128 visible ASCII bytes; never logged */
    const char *session_token;     /**< temporary credentials only; NULL or "" for none */
} wk_sigv4_credentials_t;

/** Signer state. Caller-allocated; fields are private. */
typedef struct wk_sigv4 {
    /** @cond WK_PRIVATE */
    wk_sigv4_credentials_t cred;
    char region[CONFIG_WK_REGION_MAX];
    char service[WK_SIGV4_SERVICE_MAX];
    char key_date[9];     /* YYYYMMDD the cached key is for; "" when none */
    uint8_t key[32];      /* kSigning for key_date/region/service */
    /** @endcond */
} wk_sigv4_t;

/** What to sign. Everything borrowed for the call. */
typedef struct wk_sigv4_input {
    const char *method;          /**< "GET", "POST" ... */
    const char *path;            /**< request path as sent on the wire (no query);
                                      signed as given, not normalized */
    size_t path_len;             /**< bytes at @c path */
    const char *query;           /**< query as sent, without '?', already the canonical
                                      query string (see above); NULL/0 for none */
    size_t query_len;            /**< bytes at @c query */
    const wk_header_t *headers;  /**< headers to sign, in canonical form (see above):
                                      lower-case names in byte order, "host" among
                                      them. x-amz-date, x-amz-security-token and
                                      authorization are refused: the signer owns them. */
    size_t header_count;         /**< entries at @c headers */
    const uint8_t *body;         /**< payload (NULL/0 for none) */
    size_t body_len;             /**< bytes at @c body */
    bool omit_session_token;     /**< the caller adds the token after signing instead
                                      of the signer signing it */
    int64_t unix_time;           /**< signing time, UTC seconds */
} wk_sigv4_input_t;

/**
 * Where results go. Caller-owned buffers; each written NUL-terminated. Each
 * *_len is the text length without the NUL; after WK_ERR_NO_SPACE for that
 * buffer it is the length needed (the buffer then holds ""). The canonical
 * request contains the session token when one is signed: treat it as secret.
 */
typedef struct wk_sigv4_output {
    char amz_date[WK_SIGV4_AMZ_DATE_SIZE]; /**< X-Amz-Date value (set on WK_OK) */
    char *authorization;          /**< Authorization header value (required) */
    size_t authorization_cap;     /**< bytes at @c authorization; WK_SIGV4_AUTHORIZATION_MIN
                                       plus key id, region, service, signed header names */
    size_t authorization_len;     /**< set by wk_sigv4_sign() */
    char *canonical_request;      /**< optional (NULL to skip): for tests and --debug */
    size_t canonical_request_cap; /**< bytes at @c canonical_request */
    size_t canonical_request_len; /**< set by wk_sigv4_sign() */
    char *string_to_sign;         /**< optional (NULL to skip) */
    size_t string_to_sign_cap;    /**< bytes at @c string_to_sign */
    size_t string_to_sign_len;    /**< set by wk_sigv4_sign() */
} wk_sigv4_output_t;

/**
 * @brief Prepare a signer.
 * @param[out] s       signer to set up; zeroed first. Nothing to free, but
 *                     wk_sigv4_deinit() wipes the cached key.
 * @param[in]  cred    the struct is copied; the strings it points to are retained
 *                     until wk_sigv4_deinit(s): keep them valid and unmodified.
 * @param[in]  region  NUL-terminated, e.g. "us-east-1"; borrowed for the call (copied).
 * @param[in]  service NUL-terminated, "wickr" for this API; borrowed for the call (copied).
 * @return WK_OK, WK_ERR_ARG (a NULL argument, or a service that is not
 *         [a-z0-9-]+), WK_ERR_CREDENTIALS (key id not 1..128 of [A-Za-z0-9_],
 *         secret not 1..128 visible ASCII bytes, or a token with bytes other
 *         than visible ASCII; an empty token counts as none), WK_ERR_REGION
 *         (not [a-z0-9-]+), WK_ERR_NO_SPACE (region longer than
 *         CONFIG_WK_REGION_MAX - 1, service longer than WK_SIGV4_SERVICE_MAX - 1).
 *
 * @code
 * static wk_sigv4_t signer;
 * static const wk_sigv4_credentials_t cred = {"AKIDEXAMPLE", "secret...", NULL};
 * if (wk_sigv4_init(&signer, &cred, "us-east-1", "wickr") != WK_OK) {
 *     // the credentials or region were refused; nothing to release
 * }
 * @endcode
 */
wk_status_t wk_sigv4_init(wk_sigv4_t *s, const wk_sigv4_credentials_t *cred, const char *region,
                          const char *service);

/**
 * @brief Sign one request.
 * @param[in,out] s    an initialized signer; its key cache may be refreshed.
 * @param[in]     in   borrowed for the call.
 * @param[out]    out  buffers borrowed for the call; see wk_sigv4_output_t.
 * @param[out]    diag optional; names the failing field, header index or byte
 *                     offset. Never holds the secret, token or signature.
 * @return WK_OK, WK_ERR_ARG (NULL pointer, uninitialized signer, bad method,
 *         a reserved header, no host header, a query or a header not in
 *         canonical form), WK_ERR_NO_SPACE (an output buffer),
 *         WK_ERR_CRYPTO, WK_ERR_CLOCK (time before 1970 or after 9999),
 *         WK_ERR_CREDENTIALS (the retained secret grew past WK_SIGV4_SECRET_MAX).
 *         On failure the authorization buffer holds "".
 *
 * @code
 * char auth[WK_SIGV4_AUTHORIZATION_MIN + 256];
 * wk_sigv4_output_t out = {.authorization = auth, .authorization_cap = sizeof(auth)};
 * wk_sigv4_input_t in = {.method = "GET", .path = "/networks/12345678/users",
 *                        .path_len = 24, .query = "maxResults=10", .query_len = 13,
 *                        .headers = &host, .header_count = 1, .unix_time = now};
 * if (wk_sigv4_sign(&signer, &in, &out, &diag) == WK_OK) {
 *     // headers "X-Amz-Date: " out.amz_date and "Authorization: " auth
 * }
 * @endcode
 */
wk_status_t wk_sigv4_sign(wk_sigv4_t *s, const wk_sigv4_input_t *in, wk_sigv4_output_t *out,
                          wk_diag_t *diag);

/**
 * @brief Wipe the cached signing key and forget the credentials.
 * @param[in,out] s the signer; zeroed, so it must be initialized again before use.
 *                  The credential strings are no longer retained afterwards.
 * @return WK_OK, or WK_ERR_ARG when @p s is NULL.
 *
 * @code
 * wk_sigv4_deinit(&signer);  // now the secret's buffers may be wiped or freed
 * @endcode
 */
wk_status_t wk_sigv4_deinit(wk_sigv4_t *s);

#ifdef __cplusplus
}
#endif
#endif /* WK_SIGV4_H */
