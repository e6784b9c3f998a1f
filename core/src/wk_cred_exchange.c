/* SPDX-License-Identifier: Apache-2.0 */
/* The credentials providers as exchanges the caller drives (AWS IoT,
 * container, IMDSv2); see wk_credentials.h. Requests through the HTTP writer,
 * responses through the HTTP parser, documents through the JSON reader. */
#include <string.h>

#include "wk/wk_credentials.h"
#include "wk/wk_endpoint.h"
#include "wk_internal.h"

enum { PROVIDER_IOT = 1, PROVIDER_CONTAINER, PROVIDER_IMDS, PROVIDER_PROCESS };
enum { IMDS_TOKEN = 0, IMDS_ROLE, IMDS_CREDENTIALS };
/* Where an exchange is: a request is due, or a response is being read. */
enum { WANT_REQUEST = 0, WANT_RESPONSE, DONE };

/* ---- The documents ----------------------------------------------------------------- */

#define DOC_ROW(name, field, limit, what)                                                    \
    WK_JSON_BOUNDED_TEXT(name, offsetof(wk_cred_doc_t, field), limit, WK_DIAG_TEXT(what))
_Static_assert(offsetof(wk_cred_doc_t, key_id_text) == offsetof(wk_cred_doc_t, key_id) + sizeof(wk_str_t) &&
                   offsetof(wk_cred_doc_t, secret_text) == offsetof(wk_cred_doc_t, secret) + sizeof(wk_str_t) &&
                   offsetof(wk_cred_doc_t, token_text) == offsetof(wk_cred_doc_t, token) + sizeof(wk_str_t) &&
                   offsetof(wk_cred_doc_t, expiration_text) ==
                       offsetof(wk_cred_doc_t, expiration) + sizeof(wk_str_t) &&
                   offsetof(wk_cred_doc_t, code_text) == offsetof(wk_cred_doc_t, code) + sizeof(wk_str_t),
               "each bounded string's room follows its wk_str_t");
_Static_assert(CONFIG_WK_SESSION_TOKEN_MAX <= UINT16_MAX, "row limits are 16-bit");

/* Rows 0..3 of every table: key id, secret, token, expiration (presence bits). */
#define HAS_ALL_KEYS 15u
#define HAS_CODE 16u
#define HAS_VERSION 16u

/* AWS IoT: {"credentials": {"accessKeyId", "secretAccessKey", "sessionToken", "expiration"}} */
static const wk_json_member_t k_iot_rows[] = {
    DOC_ROW("accessKeyId", key_id, WK_SIGV4_ACCESS_KEY_MAX, "(the SigV4 limit)"),
    DOC_ROW("secretAccessKey", secret, WK_SIGV4_SECRET_MAX, "(the SigV4 limit)"),
    DOC_ROW("sessionToken", token, CONFIG_WK_SESSION_TOKEN_MAX, "(CONFIG_WK_SESSION_TOKEN_MAX)"),
    DOC_ROW("expiration", expiration, WK_CREDENTIALS_EXPIRATION_MAX, "(WK_CREDENTIALS_EXPIRATION_MAX)"),
};
static const wk_json_object_t k_iot_inner =
    WK_JSON_TABLE(k_iot_rows, offsetof(wk_cred_doc_t, inner), 0u, NULL);
static const wk_json_member_t k_iot_top_rows[] = {WK_JSON_NESTED("credentials", &k_iot_inner)};
static const wk_json_object_t k_iot_top =
    WK_JSON_TABLE(k_iot_top_rows, offsetof(wk_cred_doc_t, top), 0u, NULL);
static const wk_json_doc_t k_iot_doc = {&k_iot_top, offsetof(wk_cred_doc_t, strings),
                                        sizeof(((wk_cred_doc_t *)0)->strings),
                                        WK_DIAG_TEXT("credential strings")};

/* Container and IMDS: {"AccessKeyId", "SecretAccessKey", "Token", "Expiration"} (IMDS adds "Code"). */
static const wk_json_member_t k_flat_rows[] = {
    DOC_ROW("AccessKeyId", key_id, WK_SIGV4_ACCESS_KEY_MAX, "(the SigV4 limit)"),
    DOC_ROW("SecretAccessKey", secret, WK_SIGV4_SECRET_MAX, "(the SigV4 limit)"),
    DOC_ROW("Token", token, CONFIG_WK_SESSION_TOKEN_MAX, "(CONFIG_WK_SESSION_TOKEN_MAX)"),
    DOC_ROW("Expiration", expiration, WK_CREDENTIALS_EXPIRATION_MAX, "(WK_CREDENTIALS_EXPIRATION_MAX)"),
    DOC_ROW("Code", code, sizeof(((wk_cred_doc_t *)0)->code_text) - 1u, "(31 bytes)"),
};
static const wk_json_object_t k_flat_top =
    WK_JSON_TABLE(k_flat_rows, offsetof(wk_cred_doc_t, top), 0u, NULL);
static const wk_json_doc_t k_flat_doc = {&k_flat_top, offsetof(wk_cred_doc_t, strings),
                                         sizeof(((wk_cred_doc_t *)0)->strings),
                                         WK_DIAG_TEXT("credential strings")};

/* credential_process, Version 1: {"Version": 1, "AccessKeyId", "SecretAccessKey",
 * "SessionToken" (optional), "Expiration" (optional: the keys do not expire)}. */
static const wk_json_member_t k_process_rows[] = {
    DOC_ROW("AccessKeyId", key_id, WK_SIGV4_ACCESS_KEY_MAX, "(the SigV4 limit)"),
    DOC_ROW("SecretAccessKey", secret, WK_SIGV4_SECRET_MAX, "(the SigV4 limit)"),
    DOC_ROW("SessionToken", token, CONFIG_WK_SESSION_TOKEN_MAX, "(CONFIG_WK_SESSION_TOKEN_MAX)"),
    DOC_ROW("Expiration", expiration, WK_CREDENTIALS_EXPIRATION_MAX, "(WK_CREDENTIALS_EXPIRATION_MAX)"),
    WK_JSON_INT32("Version", offsetof(wk_cred_doc_t, version)),
};
static const wk_json_object_t k_process_top =
    WK_JSON_TABLE(k_process_rows, offsetof(wk_cred_doc_t, top), 0u, NULL);
static const wk_json_doc_t k_process_doc = {&k_process_top, offsetof(wk_cred_doc_t, strings),
                                            sizeof(((wk_cred_doc_t *)0)->strings),
                                            WK_DIAG_TEXT("credential strings")};

static const char *provider_name(const wk_cred_exchange_t *x)
{
    return (x->provider == PROVIDER_IOT)         ? "AWS IoT credentials provider"
           : (x->provider == PROVIDER_CONTAINER) ? "container credentials endpoint"
           : (x->provider == PROVIDER_IMDS)      ? "instance metadata service"
                                                 : "credential_process";
}

/* ---- Starting ------------------------------------------------------------------------ */

/* 1..128 bytes, each in the class. */
static bool name_ok(const char *s, const char *extra)
{
    size_t n = 0u;
    bool ok = s != NULL;
    while (ok && s[n] != '\0') {
        const char *e = extra;
        ok = wk_is_alnum((uint8_t)s[n]);
        while (!ok && *e != '\0') {
            ok = (s[n] == *e++);
        }
        n++;
    }
    return ok && n >= 1u && n <= 128u;
}

static wk_status_t source_refused(wk_diag_t *diag, const char *what)
{
    wk_diag_str(diag, what);
    return WK_ERR_CREDENTIALS_SOURCE;
}

static void start(wk_cred_exchange_t *x, uint8_t provider, wk_credentials_t *out)
{
    wk_port_zeroize(x, sizeof(*x));
    x->provider = provider;
    x->out = out;
}

/* The target: the endpoint's base path, then the pieces. */
static wk_status_t set_target(wk_cred_exchange_t *x, const char *a, const char *b, const char *c)
{
    wk_text_t t = {x->target, sizeof(x->target), 0u};
    wk_text_str(&t, x->endpoint.base_path);
    wk_text_str(&t, a);
    wk_text_str(&t, b);
    wk_text_str(&t, c);
    if (t.len == 0u) {
        wk_text_str(&t, "/");
    }
    return wk_text_close(&t) ? WK_OK : WK_ERR_NO_SPACE;
}

static wk_status_t resolve(wk_cred_exchange_t *x, const char *url, wk_diag_t *diag)
{
#if CONFIG_WK_CUSTOM_ENDPOINT
    wk_endpoint_params_t params = {NULL, false, false, url};
    return wk_endpoint_resolve(&params, &x->endpoint, diag);
#else
    return wk_endpoint_resolve_url(url, &x->endpoint, diag);
#endif
}

/* see wk_credentials.h */
wk_status_t wk_cred_exchange_iot(wk_cred_exchange_t *x, const wk_iot_cred_params_t *p,
                                 wk_credentials_t *out, wk_diag_t *diag)
{
    wk_status_t status;
    wk_diag_clear(diag);
    if (x == NULL || p == NULL || out == NULL || p->endpoint_url == NULL) {
        return WK_ERR_ARG;
    }
    start(x, PROVIDER_IOT, out);
    if (!name_ok(p->role_alias, "=,@_-")) {
        status = source_refused(diag, "IoT role alias must be 1..128 of [A-Za-z0-9=,@_-]");
    } else if (!name_ok(p->thing_name, ":_-")) {
        status = source_refused(diag, "IoT thing name must be 1..128 of [A-Za-z0-9:_-]");
    } else {
        status = resolve(x, p->endpoint_url, diag);
        if (status == WK_OK && !x->endpoint.tls) {
            status = source_refused(diag, "IoT credentials endpoint must be https (mutual TLS)");
        }
    }
    if (status == WK_OK) {
        status = set_target(x, "/role-aliases/", p->role_alias, "/credentials");
        x->header_value_len = wk_strlen(p->thing_name);
        memcpy(x->header_value, p->thing_name, x->header_value_len);
    }
    x->failed = status;
    return status;
}

/* The hosts botocore allows over plain http for a full URI. */
static bool container_host_allowed(const char *host)
{
    uint8_t ip[16];
    size_t ip_len = 0u;
    static const uint8_t k_ecs[4] = {169u, 254u, 170u, 2u};
    static const uint8_t k_eks[4] = {169u, 254u, 170u, 23u};
    static const uint8_t k_eks6[16] = {0xfdu, 0u, 0x0eu, 0xc2u, 0u, 0u, 0u, 0u,
                                       0u, 0u, 0u, 0u, 0u, 0u, 0u, 0x23u};
    static const uint8_t k_loop6[16] = {0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 1u};
    bool allowed = wk_ieq(host, wk_strlen(host), "localhost");
    if (!allowed && wk_host_ip_literal(host, wk_strlen(host), ip, &ip_len) == WK_OK) {
        allowed = (ip_len == 4u && (ip[0] == 127u || memcmp(ip, k_ecs, 4u) == 0 ||
                                    memcmp(ip, k_eks, 4u) == 0)) ||
                  (ip_len == 16u && (memcmp(ip, k_eks6, 16u) == 0 || memcmp(ip, k_loop6, 16u) == 0));
    }
    return allowed;
}

/* see wk_credentials.h */
wk_status_t wk_cred_exchange_container(wk_cred_exchange_t *x, const wk_container_cred_params_t *p,
                                       wk_credentials_t *out, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    char url[CONFIG_WK_ENDPOINT_PATH_MAX + 32];
    const char *uri;
    size_t i;
    wk_diag_clear(diag);
    if (x == NULL || p == NULL || out == NULL || (p->auth_token == NULL && p->auth_token_len > 0u)) {
        return WK_ERR_ARG;
    }
    start(x, PROVIDER_CONTAINER, out);
    uri = (p->relative_uri != NULL) ? p->relative_uri : p->full_uri;
    if (p->relative_uri != NULL) {
        wk_text_t t = {url, sizeof(url), 0u};
        wk_text_str(&t, "http://169.254.170.2");
        wk_text_str(&t, p->relative_uri);
        if (p->relative_uri[0] != '/') {
            status = source_refused(diag, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI must start with '/'");
        } else if (!wk_text_close(&t)) {
            status = source_refused(diag, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is longer than "
                                          "CONFIG_WK_ENDPOINT_PATH_MAX allows");
        } else {
            status = resolve(x, url, diag);
        }
    } else if (p->full_uri != NULL) {
        status = resolve(x, p->full_uri, diag);
        if (status == WK_OK && !x->endpoint.tls && !container_host_allowed(x->endpoint.host)) {
            status = source_refused(diag, "AWS_CONTAINER_CREDENTIALS_FULL_URI over http must name "
                                          "a loopback host, 169.254.170.2, 169.254.170.23 or "
                                          "fd00:ec2::23 (or use https)");
        }
    } else {
        status = source_refused(diag, "neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor "
                                      "AWS_CONTAINER_CREDENTIALS_FULL_URI is set");
    }
    for (i = 0u; status == WK_OK && i < p->auth_token_len; i++) {
        if (wk_is_field_ctl((uint8_t)p->auth_token[i])) {
            status = source_refused(diag, "container authorization token holds a control byte at offset ");
            wk_diag_u64(diag, i);
        }
    }
    if (status == WK_OK && p->auth_token_len > (size_t)CONFIG_WK_SESSION_TOKEN_MAX) {
        status = WK_ERR_NO_SPACE;
        wk_diag_str(diag, "container authorization token is longer than CONFIG_WK_SESSION_TOKEN_MAX");
    }
    if (status == WK_OK) {
        /* The URI's trailing '/' is part of the path (Greengrass); the endpoint drops it. */
        status = set_target(x, (uri[wk_strlen(uri) - 1u] == '/' && x->endpoint.base_path[0] != '\0')
                                   ? "/" : "", "", "");
        x->header_value_len = p->auth_token_len;
        if (p->auth_token_len > 0u) {
            memcpy(x->header_value, p->auth_token, p->auth_token_len);
        }
    }
    wk_port_zeroize(url, sizeof(url));
    x->failed = status;
    return status;
}

/* see wk_credentials.h */
wk_status_t wk_cred_exchange_imds(wk_cred_exchange_t *x, const wk_imds_cred_params_t *p,
                                  wk_credentials_t *out, wk_diag_t *diag)
{
    wk_status_t status;
    wk_diag_clear(diag);
    if (x == NULL || p == NULL || out == NULL) {
        return WK_ERR_ARG;
    }
    start(x, PROVIDER_IMDS, out);
    if (p->disabled != NULL && wk_ieq(p->disabled, wk_strlen(p->disabled), "true")) {
        status = source_refused(diag, "instance metadata is disabled (AWS_EC2_METADATA_DISABLED)");
    } else {
        status = resolve(x, (p->endpoint_url != NULL) ? p->endpoint_url : "http://169.254.169.254", diag);
    }
    if (status == WK_OK) {
        status = set_target(x, "/latest/api/token", "", "");
    }
    x->failed = status;
    return status;
}

/* see wk_credentials.h */
wk_status_t wk_cred_exchange_process(wk_cred_exchange_t *x, wk_credentials_t *out)
{
    if (x == NULL || out == NULL) {
        return WK_ERR_ARG;
    }
    start(x, PROVIDER_PROCESS, out);
    /* No request: the helper's output is the document. */
    x->awaiting = true;
    (void)wk_json_reader_init(&x->json, &k_process_doc, &x->doc);
    return WK_OK;
}

/* see wk_credentials.h */
wk_status_t wk_cred_exchange_endpoint(const wk_cred_exchange_t *x, const wk_endpoint_t **ep,
                                      uint32_t *timeout_ms)
{
    if (x == NULL || ep == NULL || x->provider == 0u || x->provider == PROVIDER_PROCESS) {
        return WK_ERR_ARG;
    }
    *ep = &x->endpoint;
    if (timeout_ms != NULL) {
        *timeout_ms = (x->provider == PROVIDER_IMDS)        ? WK_IMDS_TIMEOUT_MS
                      : (x->provider == PROVIDER_CONTAINER) ? WK_CONTAINER_TIMEOUT_MS
                                                            : (uint32_t)CONFIG_WK_CONNECT_TIMEOUT_MS;
    }
    return WK_OK;
}

uint8_t wk_cred_exchange_attempts(const wk_cred_exchange_t *x)
{
    return x->provider == PROVIDER_CONTAINER ? 3u : 1u;
}

/* ---- The response ------------------------------------------------------------------- */

static bool reads_text(const wk_cred_exchange_t *x)
{
    return x->provider == PROVIDER_IMDS && x->step != IMDS_CREDENTIALS;
}

static wk_status_t on_head_done(void *ctx, uint16_t http_status)
{
    wk_cred_exchange_t *x = ctx;
    x->http_status = http_status;
    if (http_status != 200u) {
        wk_diag_str(x->diag, provider_name(x));
        wk_diag_str(x->diag, " answered HTTP ");
        wk_diag_u64(x->diag, http_status);
        return WK_ERR_CREDENTIALS_PROVIDER;
    }
    return WK_OK;
}

static wk_status_t on_body(void *ctx, const uint8_t *data, size_t len)
{
    wk_cred_exchange_t *x = ctx;
    wk_status_t status = WK_OK;
    if (!reads_text(x)) {
        x->body_byte = (len > 0u) ? *data : 0u; /* len is at most 1: see wk_cred_exchange_feed() */
        x->body_pending = (len > 0u);
    } else if (len > sizeof(x->text) - 1u - x->text_len) {
        status = WK_ERR_CREDENTIALS_PROVIDER;
        wk_diag_str(x->diag, (x->step == IMDS_TOKEN) ? "IMDS session token" : "IMDS role name");
        wk_diag_str(x->diag, " is longer than WK_IMDS_TEXT_MAX bytes");
    } else {
        memcpy(x->text + x->text_len, data, len);
        x->text_len += len;
    }
    return status;
}

static const wk_http_callbacks_t k_callbacks = {NULL, on_head_done, on_body};

/* see wk_credentials.h */
bool wk_cred_exchange_wants_request(const wk_cred_exchange_t *x)
{
    return x != NULL && x->provider != 0u && x->failed == WK_OK && !x->finished && !x->awaiting;
}

static wk_status_t put_request(wk_cred_exchange_t *x, wk_http_writer_t *w, char *buf, size_t cap)
{
    char authority[CONFIG_WK_HOST_MAX + 16];
    size_t authority_len = 0u;
    wk_status_t status = wk_endpoint_authority(&x->endpoint, authority, sizeof(authority), &authority_len);
    bool imds = x->provider == PROVIDER_IMDS;
    (void)wk_http_writer_begin(w, buf, cap, (imds && x->step == IMDS_TOKEN) ? "PUT" : "GET");
    (void)wk_http_writer_append(w, x->target, wk_strlen(x->target));
    (void)wk_http_writer_end_request_line(w);
    (void)wk_http_writer_header(w, "Host", authority, authority_len);
    (void)wk_http_writer_header(w, "User-Agent", "wickr-lite", 10u);
    (void)wk_http_writer_header(w, "Accept", "application/json", 16u);
    /* One request per connection: the exchanges are short and rare. */
    (void)wk_http_writer_header(w, "Connection", "close", 5u);
    if (x->provider == PROVIDER_IOT) {
        (void)wk_http_writer_header(w, "x-amzn-iot-thingname", x->header_value, x->header_value_len);
    } else if (x->provider == PROVIDER_CONTAINER && x->header_value_len > 0u) {
        (void)wk_http_writer_header(w, "Authorization", x->header_value, x->header_value_len);
    } else if (imds && x->step == IMDS_TOKEN) {
        (void)wk_http_writer_header(w, "x-aws-ec2-metadata-token-ttl-seconds", WK_IMDS_TOKEN_TTL,
                                    sizeof(WK_IMDS_TOKEN_TTL) - 1u);
        (void)wk_http_writer_header(w, "Content-Length", "0", 1u);
    } else if (imds) {
        (void)wk_http_writer_header(w, "x-aws-ec2-metadata-token", x->header_value, x->header_value_len);
    } else {
        /* a container endpoint without a token */
    }
    return status;
}

/* see wk_credentials.h */
wk_status_t wk_cred_exchange_request(wk_cred_exchange_t *x, char *buf, size_t cap, size_t *len)
{
    wk_http_writer_t w;
    wk_status_t status;
    if (x == NULL || buf == NULL || len == NULL) {
        return WK_ERR_ARG;
    }
    *len = 0u;
    if (x->failed != WK_OK) {
        return x->failed;
    }
    if (!wk_cred_exchange_wants_request(x)) {
        return WK_ERR_STATE;
    }
    status = put_request(x, &w, buf, cap);
    if (status == WK_OK) {
        status = wk_http_writer_finish(&w, len);
    }
    if (status == WK_OK) {
        x->awaiting = true;
        x->http_status = 0u;
        x->text_len = 0u;
        (void)wk_http_parser_init(&x->http, &k_callbacks, x);
        if (!reads_text(x)) {
            wk_port_zeroize(&x->doc, sizeof(x->doc));
            (void)wk_json_reader_init(&x->json, (x->provider == PROVIDER_IOT) ? &k_iot_doc : &k_flat_doc,
                                      &x->doc);
        }
    } else {
        wk_port_zeroize(buf, cap);
    }
    return status;
}

/* A text answer (IMDS token, role name): visible ASCII; the role name is one IAM name. */
static wk_status_t take_text(wk_cred_exchange_t *x, wk_diag_t *diag)
{
    size_t n = x->text_len;
    size_t i;
    bool ok = n > 0u;
    bool role = x->step == IMDS_ROLE;
    if (role) {
        while (n > 0u && (x->text[n - 1u] == '\n' || x->text[n - 1u] == '\r')) {
            n--; /* the list of roles ends with a line end on some hosts */
        }
        ok = n > 0u && n <= 64u;
    }
    for (i = 0u; ok && i < n; i++) {
        ok = role ? (wk_is_alnum((uint8_t)x->text[i]) || memchr("+=,.@_-", x->text[i], 7u) != NULL)
                  : (x->text[i] > ' ' && x->text[i] < 0x7f);
    }
    if (!ok) {
        wk_diag_str(diag, role ? "IMDS role name is empty, longer than 64 bytes or not an IAM role name"
                               : "IMDS session token is empty or not visible ASCII");
        return WK_ERR_CREDENTIALS_PROVIDER;
    }
    x->text[n] = '\0';
    if (role) {
        return set_target(x, "/latest/meta-data/iam/security-credentials/", x->text, "");
    }
    memcpy(x->header_value, x->text, n);
    x->header_value_len = n;
    return set_target(x, "/latest/meta-data/iam/security-credentials/", "", "");
}

/* The first row of @p required that @p present lacks. */
static wk_status_t missing(wk_diag_t *diag, const wk_json_member_t *rows, uint32_t present,
                           uint32_t required)
{
    uint32_t i = 0u;
    while ((present & (1u << i)) != 0u || (required & (1u << i)) == 0u) {
        i++;
    }
    wk_diag_str(diag, "field \"");
    wk_diag_str(diag, rows[i].name);
    wk_diag_str(diag, "\": missing from the credentials");
    return (i == 3u) ? WK_ERR_CREDENTIALS_EXPIRATION : WK_ERR_CREDENTIALS;
}

static wk_status_t take_credentials(wk_cred_exchange_t *x, wk_diag_t *diag)
{
    const wk_cred_doc_t *d = &x->doc;
    bool iot = x->provider == PROVIDER_IOT;
    bool process = x->provider == PROVIDER_PROCESS;
    uint32_t present = iot ? d->inner : d->top;
    /* credential_process may leave out the token and the expiration (long-term keys). */
    uint32_t required = process ? (3u | HAS_VERSION) : HAS_ALL_KEYS;
    int64_t expiration = WK_CREDENTIALS_NO_EXPIRY;
    int64_t now = 0;
    wk_status_t status = WK_OK;
    if (iot && (d->top & 1u) == 0u) {
        wk_diag_str(diag, "field \"credentials\": missing from the document");
        return WK_ERR_CREDENTIALS;
    }
    if ((present & required) != required) {
        return missing(diag, iot ? k_iot_rows : process ? k_process_rows : k_flat_rows, present, required);
    }
    if (process && d->version != 1) {
        wk_diag_str(diag, "field \"Version\": ");
        wk_diag_i64(diag, d->version);
        wk_diag_str(diag, " is not the supported version 1");
        return WK_ERR_CREDENTIALS;
    }
    if (!process && (present & HAS_CODE) != 0u &&
        !(d->code.len == 7u && memcmp(d->code.ptr, "Success", 7u) == 0)) {
        wk_diag_str(diag, "field \"Code\": the instance metadata service says ");
        wk_diag_strn(diag, d->code.ptr, d->code.len);
        return WK_ERR_CREDENTIALS_PROVIDER;
    }
    if ((present & 8u) != 0u) {
        status = wk_iso8601_parse(d->expiration.ptr, d->expiration.len, &expiration, diag);
    }
    if (status == WK_OK && wk_port_utc_now(&now) != WK_OK) {
        status = WK_ERR_CLOCK;
        wk_diag_str(diag, "no UTC clock to check the credentials' expiration against");
    }
    if (status == WK_OK) {
        status = wk_credentials_set(x->out, d->key_id.ptr, d->key_id.len, d->secret.ptr,
                                    d->secret.len, d->token.ptr, d->token.len, expiration, now, diag);
    }
    return status;
}

/* The response is complete: use it. */
static wk_status_t response_complete(wk_cred_exchange_t *x, wk_diag_t *diag)
{
    wk_status_t status;
    x->awaiting = false;
    if (reads_text(x)) {
        status = take_text(x, diag);
        x->step++;
        return (status == WK_OK) ? WK_PARTIAL : status;
    }
    status = wk_json_reader_finish(&x->json, diag);
    if (status == WK_OK) {
        status = take_credentials(x, diag);
    }
    wk_port_zeroize(&x->doc, sizeof(x->doc)); /* the keys are the caller's now, or refused */
    x->finished = (status == WK_OK);
    return status;
}

/* see wk_credentials.h */
wk_status_t wk_cred_exchange_feed(wk_cred_exchange_t *x, const uint8_t *data, size_t len,
                                  size_t *consumed, wk_diag_t *diag)
{
    wk_status_t status;
    size_t used = 0u;
    if (x == NULL || consumed == NULL || (data == NULL && len > 0u)) {
        return WK_ERR_ARG;
    }
    *consumed = 0u;
    if (x->failed != WK_OK) {
        return x->failed; /* the diagnostic of the failure stays as it was */
    }
    wk_diag_clear(diag);
    if (!x->awaiting) {
        return WK_ERR_STATE;
    }
    x->diag = diag;
    if (x->provider == PROVIDER_PROCESS) {
        /* the helper's standard output is the document itself */
        status = (data == NULL) ? WK_OK : wk_json_reader_feed(&x->json, data, len, diag);
        status = (status == WK_OK && data != NULL) ? WK_PARTIAL : status;
        *consumed = (status >= 0) ? len : 0u;
    } else if (data == NULL) {
        status = wk_http_parser_eof(&x->http, diag);
    } else {
        /* One byte at a time, so that a call hands on at most one body byte,
         * which goes to the JSON reader here rather than from inside the
         * parser's callback: the reader and the parser never nest. The
         * documents are a few KB. */
        status = WK_PARTIAL;
        while (status == WK_PARTIAL && used < len) {
            size_t one = 0u;
            status = wk_http_parser_feed(&x->http, data + used, 1u, &one, diag);
            used += one;
            if (status >= 0 && x->body_pending) {
                wk_status_t doc = wk_json_reader_feed(&x->json, &x->body_byte, 1u, diag);
                status = (doc < 0) ? doc : status;
            }
            x->body_pending = false;
        }
        *consumed = used;
    }
    if (status == WK_OK) {
        status = response_complete(x, diag);
    }
    x->diag = NULL;
    if (status < 0) {
        x->failed = status;
        wk_port_zeroize(&x->doc, sizeof(x->doc));
    }
    return status;
}

/* see wk_credentials.h */
wk_status_t wk_cred_exchange_end(wk_cred_exchange_t *x)
{
    if (x == NULL) {
        return WK_ERR_ARG;
    }
    wk_port_zeroize(x, sizeof(*x));
    return WK_OK;
}
