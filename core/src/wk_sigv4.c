/* SPDX-License-Identifier: Apache-2.0 */
/*
 * AWS Signature Version 4, header signing (see wk_sigv4.h).
 *
 * The canonical request is never held whole: its bytes go through a small
 * staging buffer into SHA-256 as they are produced, and into the caller's
 * debug buffer only when one is given. Headers are sorted as spans into
 * the caller's data, so nothing is copied. The path and the query are
 * signed as given: the callers build them in canonical form (wk_sigv4.h).
 */
#include <string.h>

#include "wk/wk_sigv4.h"
#include "wk_internal.h"
#include "wk_port.h"

#define ALGORITHM "AWS4-HMAC-SHA256"
#define SCOPE_TERMINATOR "aws4_request"
#define DATE_LEN 8u                 /* YYYYMMDD */
#define AMZ_DATE_LEN 16u            /* YYYYMMDDTHHMMSSZ */
#define HEX_DIGEST_LEN (2u * WK_SHA256_LEN)
#define SINK_STAGE_SIZE 64u
/* 253402300799 is 9999-12-31T23:59:59Z: the last second a 4-digit year holds. */
#define LAST_SIGNABLE_SECOND 253402300799LL
/* Headers the signer adds itself: x-amz-date and x-amz-security-token. */
#define SIGNER_HEADERS 2u

static const char k_amz_date_name[] = "x-amz-date";
static const char k_token_name[] = "x-amz-security-token";

/* ---- Sink: text into a caller buffer and/or bytes into SHA-256 ------------- */

/*
 * len counts every byte written, including those past cap, so a buffer that is
 * too small still learns the size it needs. The hash sees every byte.
 */
typedef struct sink {
    wk_sha256_t *hash; /* NULL for text only */
    char stage[SINK_STAGE_SIZE];
    size_t staged;
    char *text; /* NULL for hash only */
    size_t cap;
    size_t len;
    wk_status_t status;
} sink_t;

static void sink_init(sink_t *k, wk_sha256_t *hash, char *text, size_t cap)
{
    k->hash = hash;
    k->staged = 0u;
    k->text = text;
    k->cap = cap;
    k->len = 0u;
    k->status = WK_OK;
}

static void sink_flush(sink_t *k)
{
    if (k->hash != NULL && k->staged > 0u && k->status == WK_OK) {
        k->status = wk_port_sha256_update(k->hash, (const uint8_t *)k->stage, k->staged);
    }
    k->staged = 0u;
}

static void sink_byte(sink_t *k, char c)
{
    if (k->text != NULL && k->len < k->cap) {
        k->text[k->len] = c;
    }
    k->len++;
    if (k->hash != NULL) {
        k->stage[k->staged++] = c;
        if (k->staged == SINK_STAGE_SIZE) {
            sink_flush(k);
        }
    }
}

static void sink_bytes(sink_t *k, const char *s, size_t n)
{
    size_t i;
    for (i = 0u; i < n; i++) {
        sink_byte(k, s[i]);
    }
}

static void sink_str(sink_t *k, const char *s)
{
    sink_bytes(k, s, wk_strlen(s));
}

/* One byte of a path as SigV4 encodes it: bare when unreserved or '/', else %XX. */
static void sink_encoded(sink_t *k, char c)
{
    if (wk_is_unreserved(c) || c == '/') {
        sink_byte(k, c);
    } else {
        uint8_t b = (uint8_t)c;
        sink_byte(k, '%');
        sink_byte(k, WK_HEX_UPPER(b >> 4));
        sink_byte(k, WK_HEX_UPPER(b));
    }
}

/* NUL-terminates the text; WK_ERR_NO_SPACE (diag names @p what) when it did not fit. */
static wk_status_t sink_close_text(sink_t *k, const char *what, wk_diag_t *diag)
{
    wk_status_t status = k->status;
    if (status == WK_OK && k->text != NULL) {
        if (k->len < k->cap) {
            k->text[k->len] = '\0';
        } else {
            status = WK_ERR_NO_SPACE;
            if (k->cap > 0u) {
                k->text[0] = '\0';
            }
            /* the buffer keeps one byte for the NUL */
            wk_diag_fmt(diag, WK_DIAG_SIZE, what, (unsigned long long)k->len, "the buffer",
                        (unsigned long long)(k->cap > 0u ? k->cap - 1u : 0u));
        }
    }
    return status;
}

/* ---- Date ------------------------------------------------------------------ */

static void put_digits(char *out, uint32_t value, size_t width)
{
    size_t i = width;
    while (i > 0u) {
        i--;
        out[i] = (char)('0' + (int)(value % 10u));
        value /= 10u;
    }
}

/* Unix seconds to "YYYYMMDDTHHMMSSZ", without libc. */
static wk_status_t format_amz_date(int64_t unix_time, char out[WK_SIGV4_AMZ_DATE_SIZE],
                                   wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    if (unix_time < 0 || unix_time > LAST_SIGNABLE_SECOND) {
        status = WK_ERR_CLOCK;
        wk_diag_fmt(diag, "sigv4: signing time %lld not in 1970..9999",
                    (long long)unix_time);
    } else {
        uint32_t secs = (uint32_t)(unix_time % 86400);
        uint32_t year;
        uint32_t month;
        uint32_t day;
        wk_civil_from_days((uint32_t)(unix_time / 86400), &year, &month, &day);
        put_digits(&out[0], year, 4u);
        put_digits(&out[4], month, 2u);
        put_digits(&out[6], day, 2u);
        out[8] = 'T';
        put_digits(&out[9], secs / 3600u, 2u);
        put_digits(&out[11], (secs / 60u) % 60u, 2u);
        put_digits(&out[13], secs % 60u, 2u);
        out[15] = 'Z';
        out[16] = '\0';
    }
    return status;
}

/* ---- Canonical URI and query ------------------------------------------------ */

/* The path as given, encoded once more with '/' kept; not normalized (wk_sigv4.h). */
static void emit_canonical_uri(sink_t *k, const wk_sigv4_input_t *in)
{
    size_t i;
    if (in->path_len == 0u) {
        sink_byte(k, '/');
    }
    for (i = 0u; i < in->path_len; i++) {
        sink_encoded(k, in->path[i]);
    }
}

static bool is_upper_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
}

/* "%XX" at q[i]: two upper-case hex digits, for a byte that must be escaped. */
static bool is_canonical_escape(const char *q, size_t len, size_t i)
{
    return i + 2u < len && is_upper_hex(q[i + 1u]) && is_upper_hex(q[i + 2u]) &&
           !wk_is_unreserved((char)((wk_hex_digit_value(q[i + 1u]) << 4) |
                                 wk_hex_digit_value(q[i + 2u])));
}

/* Byte order of two spans, a shorter one first when it is the other's start. */
static int compare_spans(const char *a, size_t a_len, const char *b, size_t b_len)
{
    size_t n = (a_len < b_len) ? a_len : b_len;
    int diff = (n > 0u) ? memcmp(a, b, n) : 0;
    if (diff == 0) {
        diff = (a_len > b_len) - (a_len < b_len);
    }
    return diff;
}

/*
 * Offset of the first byte at which q[0..len) stops being a canonical query
 * string (wk_sigv4.h), or len when it is one. A pair out of order or without
 * '=' is blamed on its first byte, an empty last pair on the '&' before it.
 */
static size_t query_flaw(const char *q, size_t len)
{
    size_t pair = 0u;     /* first byte of the current pair */
    size_t eq = SIZE_MAX; /* its '=' */
    size_t prev = 0u;     /* the same for the pair before it */
    size_t prev_eq = SIZE_MAX;
    size_t i;
    for (i = 0u; len > 0u && i <= len; i++) {
        char c = (i < len) ? q[i] : '&'; /* the end closes the last pair */
        int order = 0;
        if (c == '%') {
            if (!is_canonical_escape(q, len, i)) {
                return i;
            }
            i += 2u;
        } else if (c == '=' && eq == SIZE_MAX) {
            eq = i;
        } else if (c != '&') {
            if (!wk_is_unreserved(c)) {
                return i;
            }
        } else if (eq == SIZE_MAX) {
            return (pair < len) ? pair : len - 1u;
        } else {
            if (prev_eq != SIZE_MAX) {
                order = compare_spans(&q[prev], prev_eq - prev, &q[pair], eq - pair);
            }
            if (order == 0 && prev_eq != SIZE_MAX) {
                order = compare_spans(&q[prev_eq + 1u], pair - 2u - prev_eq, &q[eq + 1u],
                                      i - 1u - eq);
            }
            if (order > 0) {
                return pair;
            }
            prev = pair;
            prev_eq = eq;
            pair = i + 1u;
            eq = SIZE_MAX;
        }
    }
    return len;
}

/* ---- Canonical headers ----------------------------------------------------- */

/* Everything one signature needs besides the signer: its own headers and digests. */
typedef struct sign_plan {
    char amz_date[WK_SIGV4_AMZ_DATE_SIZE];
    wk_header_t added[SIGNER_HEADERS]; /* x-amz-date, then the token when signed: in order */
    size_t added_count;
    char payload_hash[HEX_DIGEST_LEN + 1u];
} sign_plan_t;

static void diag_header(wk_diag_t *diag, size_t index, const char *what)
{
    wk_diag_fmt(diag, "sigv4: header %llu%s", (unsigned long long)index, what);
}

/* A lower-case token after the one before it, not one the signer sets;
 * names are not secret. */
static wk_status_t check_header_name(const wk_sigv4_input_t *in, size_t index, wk_diag_t *diag)
{
    const wk_header_t *h = &in->headers[index];
    wk_status_t status = WK_OK;
    size_t i;
    if (h->name == NULL || h->name_len == 0u) {
        status = WK_ERR_ARG;
        diag_header(diag, index, ": empty name");
    }
    for (i = 0u; status == WK_OK && i < h->name_len; i++) {
        if (!wk_is_tchar(h->name[i]) || (h->name[i] >= 'A' && h->name[i] <= 'Z')) {
            status = WK_ERR_ARG;
            wk_diag_fmt(diag, "sigv4: header %llu: name byte %llu not lower tchar",
                        (unsigned long long)index, (unsigned long long)i);
        }
    }
    if (status == WK_OK && (wk_ieq(h->name, h->name_len, k_amz_date_name) ||
                            wk_ieq(h->name, h->name_len, k_token_name) ||
                            wk_ieq(h->name, h->name_len, "authorization"))) {
        status = WK_ERR_ARG;
        /* (the name is one of the three, so its length fits an int) */
        wk_diag_fmt(diag, "sigv4: header %llu (%.*s) is the signer's",
                    (unsigned long long)index, (int)h->name_len, h->name);
    }
    if (status == WK_OK && index > 0u &&
        compare_spans(in->headers[index - 1u].name, in->headers[index - 1u].name_len, h->name,
                      h->name_len) >= 0) {
        status = WK_ERR_ARG;
        diag_header(diag, index, ": name out of order");
    }
    return status;
}

/* The value as signed: no control byte (a CR or LF would split the header on
 * the wire), no tab, no space at either end or beside another. Only offsets
 * are reported; a value may be secret. */
static wk_status_t check_header_value(const wk_header_t *h, size_t index, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    size_t i;
    if (h->value == NULL && h->value_len > 0u) {
        status = WK_ERR_ARG;
        diag_header(diag, index, ": value is NULL");
    }
    for (i = 0u; status == WK_OK && i < h->value_len; i++) {
        unsigned char c = (unsigned char)h->value[i];
        if (wk_is_field_ctl(c) || c == '\t' ||
            (c == ' ' && (i == 0u || i + 1u == h->value_len || h->value[i + 1u] == ' '))) {
            status = WK_ERR_ARG;
            wk_diag_fmt(diag, "sigv4: header %llu: value byte %llu not canonical",
                        (unsigned long long)index, (unsigned long long)i);
        }
    }
    return status;
}

static wk_status_t plan_headers(sign_plan_t *plan, const wk_sigv4_t *s,
                                const wk_sigv4_input_t *in, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    bool has_host = false;
    size_t i;

    plan->added[0].name = k_amz_date_name;
    plan->added[0].name_len = sizeof(k_amz_date_name) - 1u;
    plan->added[0].value = plan->amz_date;
    plan->added[0].value_len = AMZ_DATE_LEN;
    plan->added_count = 1u;
    if (s->cred.session_token != NULL && s->cred.session_token[0] != '\0' &&
        !in->omit_session_token) {
        plan->added[1].name = k_token_name;
        plan->added[1].name_len = sizeof(k_token_name) - 1u;
        plan->added[1].value = s->cred.session_token;
        plan->added[1].value_len = wk_strlen(s->cred.session_token);
        plan->added_count = 2u;
    }
    for (i = 0u; status == WK_OK && i < in->header_count; i++) {
        status = check_header_name(in, i, diag);
        if (status == WK_OK) {
            status = check_header_value(&in->headers[i], i, diag);
        }
        if (status == WK_OK &&
            compare_spans(in->headers[i].name, in->headers[i].name_len, "host", 4u) == 0) {
            has_host = true;
        }
    }
    if (status == WK_OK && !has_host) {
        status = WK_ERR_ARG;
        wk_diag_str(diag, "sigv4: no host header");
    }
    return status;
}

/* The headers in canonical order, one per call: the caller's, already
 * sorted, merged with the signer's own. *i and *j count what was taken of
 * each; NULL at the end. No name is in both (check_header_name()). */
static const wk_header_t *next_header(const sign_plan_t *plan, const wk_sigv4_input_t *in,
                                      size_t *i, size_t *j)
{
    const wk_header_t *a = (*i < in->header_count) ? &in->headers[*i] : NULL;
    const wk_header_t *b = (*j < plan->added_count) ? &plan->added[*j] : NULL;
    if (a != NULL &&
        (b == NULL || compare_spans(a->name, a->name_len, b->name, b->name_len) < 0)) {
        (*i)++;
        return a;
    }
    *j += (b != NULL) ? 1u : 0u;
    return b;
}

/* "name:value\n" each, then "\n"; or, for @p names_only, "name;name...". */
static void emit_headers(sink_t *k, const sign_plan_t *plan, const wk_sigv4_input_t *in,
                         bool names_only)
{
    size_t i = 0u;
    size_t j = 0u;
    const wk_header_t *h;
    while ((h = next_header(plan, in, &i, &j)) != NULL) {
        if (names_only && i + j > 1u) {
            sink_byte(k, ';');
        }
        sink_bytes(k, h->name, h->name_len);
        if (!names_only) {
            sink_byte(k, ':');
            sink_bytes(k, h->value, h->value_len);
            sink_byte(k, '\n');
        }
    }
    if (!names_only) {
        sink_byte(k, '\n');
    }
}

/* ---- Request checks --------------------------------------------------------- */

static wk_status_t check_input(const wk_sigv4_t *s, const wk_sigv4_input_t *in,
                               const wk_sigv4_output_t *out, wk_diag_t *diag)
{
    size_t at = 0u;
    if (s == NULL || in == NULL || out == NULL || s->cred.access_key_id == NULL ||
        s->cred.secret_access_key == NULL || out->authorization == NULL ||
        out->authorization_cap == 0u || in->method == NULL || in->method[0] == '\0' ||
        (in->path == NULL && in->path_len > 0u) || (in->query == NULL && in->query_len > 0u) ||
        (in->headers == NULL && in->header_count > 0u) || (in->body == NULL && in->body_len > 0u)) {
        wk_diag_str(diag, "sigv4: NULL or empty argument or key");
        return WK_ERR_ARG;
    }
    while (in->method[at] != '\0' && wk_is_tchar(in->method[at])) {
        at++;
    }
    if (in->method[at] != '\0') {
        wk_diag_fmt(diag, "sigv4: method byte %llu not tchar", (unsigned long long)at);
        return WK_ERR_ARG;
    }
    at = query_flaw(in->query, in->query_len);
    if (at < in->query_len) {
        wk_diag_fmt(diag, "sigv4: query byte %llu not canonical", (unsigned long long)at);
        return WK_ERR_ARG;
    }
    return WK_OK;
}

/* ---- Digests and the signing key ------------------------------------------- */

static wk_status_t sha256_hex(const uint8_t *data, size_t len, char hex[HEX_DIGEST_LEN + 1u])
{
    wk_sha256_t ctx;
    uint8_t digest[WK_SHA256_LEN];
    wk_status_t status = wk_port_sha256_start(&ctx);
    if (status == WK_OK) {
        status = wk_port_sha256_update(&ctx, data, len);
        if (status == WK_OK) {
            status = wk_port_sha256_finish(&ctx, digest);
        } else {
            (void)wk_port_sha256_finish(&ctx, digest); /* only to wipe the state */
        }
    }
    if (status == WK_OK) {
        wk_hex_lower(digest, WK_SHA256_LEN, hex);
        hex[HEX_DIGEST_LEN] = '\0';
    }
    return status;
}

/* Length of @p s when it is at most @p max; max + 1 when longer. */
static size_t bounded_strlen(const char *s, size_t max)
{
    size_t n = 0u;
    while (n <= max && s[n] != '\0') {
        n++;
    }
    return n;
}

/*
 * kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service),
 * "aws4_request"). Only the final key is kept, in the signer, with its date.
 */
static wk_status_t derive_signing_key(wk_sigv4_t *s, const char *date)
{
    uint8_t secret_key[4u + WK_SIGV4_SECRET_MAX];
    uint8_t k1[WK_SHA256_LEN];
    uint8_t k2[WK_SHA256_LEN];
    size_t secret_len = bounded_strlen(s->cred.secret_access_key, WK_SIGV4_SECRET_MAX);
    wk_status_t status = WK_OK;

    s->key_date[0] = '\0';
    if (secret_len > WK_SIGV4_SECRET_MAX) { /* the retained string changed since init */
        status = WK_ERR_CREDENTIALS;
    } else {
        memcpy(secret_key, "AWS4", 4u);
        memcpy(&secret_key[4], s->cred.secret_access_key, secret_len);
        status = wk_port_hmac_sha256(secret_key, 4u + secret_len, (const uint8_t *)date, DATE_LEN,
                                     k1);
    }
    if (status == WK_OK) {
        status = wk_port_hmac_sha256(k1, sizeof(k1), (const uint8_t *)s->region,
                                     wk_strlen(s->region), k2);
    }
    if (status == WK_OK) {
        status = wk_port_hmac_sha256(k2, sizeof(k2), (const uint8_t *)s->service,
                                     wk_strlen(s->service), k1);
    }
    if (status == WK_OK) {
        status = wk_port_hmac_sha256(k1, sizeof(k1), (const uint8_t *)SCOPE_TERMINATOR,
                                     sizeof(SCOPE_TERMINATOR) - 1u, s->key);
    }
    if (status == WK_OK) {
        memcpy(s->key_date, date, DATE_LEN);
        s->key_date[DATE_LEN] = '\0';
    } else {
        wk_port_zeroize(s->key, sizeof(s->key));
    }
    wk_port_zeroize(secret_key, sizeof(secret_key));
    wk_port_zeroize(k1, sizeof(k1));
    wk_port_zeroize(k2, sizeof(k2));
    return status;
}

/* ---- Signing steps ---------------------------------------------------------- */

static void emit_scope(sink_t *k, const wk_sigv4_t *s, const char *amz_date)
{
    sink_bytes(k, amz_date, DATE_LEN);
    sink_byte(k, '/');
    sink_str(k, s->region);
    sink_byte(k, '/');
    sink_str(k, s->service);
    sink_str(k, "/" SCOPE_TERMINATOR);
}

static wk_status_t plan_request(sign_plan_t *plan, const wk_sigv4_t *s,
                                const wk_sigv4_input_t *in, wk_diag_t *diag)
{
    wk_status_t status = format_amz_date(in->unix_time, plan->amz_date, diag);
    if (status == WK_OK) {
        status = plan_headers(plan, s, in, diag);
    }
    if (status == WK_OK) {
        status = sha256_hex(in->body, in->body_len, plan->payload_hash);
    }
    return status;
}

/* Streams the canonical request into SHA-256; @p creq_hash gets its hex digest. */
static wk_status_t hash_canonical_request(const sign_plan_t *plan, const wk_sigv4_input_t *in,
                                          wk_sigv4_output_t *out,
                                          char creq_hash[HEX_DIGEST_LEN + 1u], wk_diag_t *diag)
{
    wk_sha256_t hash;
    sink_t k;
    uint8_t digest[WK_SHA256_LEN];
    wk_status_t status = wk_port_sha256_start(&hash);

    if (status == WK_OK) {
        sink_init(&k, &hash, out->canonical_request, out->canonical_request_cap);
        sink_str(&k, in->method);
        sink_byte(&k, '\n');
        emit_canonical_uri(&k, in);
        sink_byte(&k, '\n');
        sink_bytes(&k, in->query, in->query_len);
        sink_byte(&k, '\n');
        emit_headers(&k, plan, in, false);
        emit_headers(&k, plan, in, true);
        sink_byte(&k, '\n');
        sink_bytes(&k, plan->payload_hash, HEX_DIGEST_LEN);
        sink_flush(&k);
        status = k.status;
        if (status == WK_OK) {
            status = wk_port_sha256_finish(&hash, digest);
        } else {
            (void)wk_port_sha256_finish(&hash, digest); /* only to wipe the state */
        }
        if (status == WK_OK && out->canonical_request != NULL) {
            out->canonical_request_len = k.len;
            status = sink_close_text(&k, "canonical_request", diag);
        }
        /* The staged bytes may hold the session token. */
        wk_port_zeroize(k.stage, sizeof(k.stage));
    }
    if (status == WK_OK) {
        wk_hex_lower(digest, WK_SHA256_LEN, creq_hash);
        creq_hash[HEX_DIGEST_LEN] = '\0';
    }
    return status;
}

/* Room for the string to sign: algorithm, date, scope, digest and three '\n'. */
#define STRING_TO_SIGN_MAX                                                                     \
    (sizeof(ALGORITHM) + AMZ_DATE_LEN + DATE_LEN + CONFIG_WK_REGION_MAX + WK_SIGV4_SERVICE_MAX + \
     sizeof(SCOPE_TERMINATOR) + HEX_DIGEST_LEN + 8u)

static wk_status_t compute_signature(wk_sigv4_t *s, const sign_plan_t *plan,
                                     const char creq_hash[HEX_DIGEST_LEN + 1u],
                                     wk_sigv4_output_t *out, char sig_hex[HEX_DIGEST_LEN + 1u],
                                     wk_diag_t *diag)
{
    char sts[STRING_TO_SIGN_MAX];
    uint8_t sig[WK_SHA256_LEN];
    sink_t k;
    wk_status_t status = WK_OK;

    sink_init(&k, NULL, sts, sizeof(sts));
    sink_str(&k, ALGORITHM "\n");
    sink_bytes(&k, plan->amz_date, AMZ_DATE_LEN);
    sink_byte(&k, '\n');
    emit_scope(&k, s, plan->amz_date);
    sink_byte(&k, '\n');
    sink_bytes(&k, creq_hash, HEX_DIGEST_LEN);
    status = sink_close_text(&k, "string_to_sign", diag); /* cannot fail: sized above */

    if (status == WK_OK && out->string_to_sign != NULL) {
        sink_t copy;
        sink_init(&copy, NULL, out->string_to_sign, out->string_to_sign_cap);
        sink_bytes(&copy, sts, k.len);
        out->string_to_sign_len = copy.len;
        status = sink_close_text(&copy, "string_to_sign", diag);
    }
    if (status == WK_OK && (s->key_date[0] == '\0' ||
                            memcmp(s->key_date, plan->amz_date, DATE_LEN) != 0)) {
        status = derive_signing_key(s, plan->amz_date);
        if (status == WK_ERR_CREDENTIALS) {
            wk_diag_str(diag, "sigv4: secret key grew after init");
        }
    }
    if (status == WK_OK) {
        status = wk_port_hmac_sha256(s->key, sizeof(s->key), (const uint8_t *)sts, k.len, sig);
    }
    if (status == WK_OK) {
        wk_hex_lower(sig, WK_SHA256_LEN, sig_hex);
        sig_hex[HEX_DIGEST_LEN] = '\0';
    }
    wk_port_zeroize(sig, sizeof(sig));
    return status;
}

static wk_status_t write_authorization(const wk_sigv4_t *s, const sign_plan_t *plan,
                                       const wk_sigv4_input_t *in, const char *sig_hex,
                                       wk_sigv4_output_t *out, wk_diag_t *diag)
{
    sink_t k;
    wk_status_t status;
    sink_init(&k, NULL, out->authorization, out->authorization_cap);
    sink_str(&k, ALGORITHM " Credential=");
    sink_str(&k, s->cred.access_key_id);
    sink_byte(&k, '/');
    emit_scope(&k, s, plan->amz_date);
    sink_str(&k, ", SignedHeaders=");
    emit_headers(&k, plan, in, true);
    sink_str(&k, ", Signature=");
    sink_bytes(&k, sig_hex, HEX_DIGEST_LEN);
    out->authorization_len = k.len;
    status = sink_close_text(&k, "authorization", diag);
    return status;
}

/* ---- Public API ------------------------------------------------------------- */

/* Lower-case letters, digits and '-': what region and service names are made of. */
static bool is_name(const char *s)
{
    size_t i = 0u;
    while (s[i] != '\0' && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
                            s[i] == '-')) {
        i++;
    }
    return i > 0u && s[i] == '\0';
}

/* Every byte visible ASCII, none a space: they go into a header as they are. */
static bool is_visible_ascii(const char *s, size_t max)
{
    size_t i = 0u;
    while (i <= max && s[i] > ' ' && s[i] < 0x7f) {
        i++;
    }
    return i <= max && s[i] == '\0';
}

static wk_status_t check_credentials(const wk_sigv4_credentials_t *cred)
{
    wk_status_t status = WK_OK;
    size_t i = 0u;
    if (cred->access_key_id == NULL || cred->secret_access_key == NULL) {
        status = WK_ERR_CREDENTIALS;
    } else {
        /* Key ids are [A-Za-z0-9_]; a '/' or ',' would corrupt the Credential field. */
        while (i <= WK_SIGV4_ACCESS_KEY_MAX &&
               (wk_is_alnum(cred->access_key_id[i]) || cred->access_key_id[i] == '_')) {
            i++;
        }
        if (i == 0u || i > WK_SIGV4_ACCESS_KEY_MAX || cred->access_key_id[i] != '\0' ||
            cred->secret_access_key[0] == '\0' ||
            !is_visible_ascii(cred->secret_access_key, WK_SIGV4_SECRET_MAX) ||
            (cred->session_token != NULL && cred->session_token[0] != '\0' &&
             !is_visible_ascii(cred->session_token, SIZE_MAX - 1u))) {
            status = WK_ERR_CREDENTIALS;
        }
    }
    return status;
}

wk_status_t wk_sigv4_init(wk_sigv4_t *s, const wk_sigv4_credentials_t *cred, const char *region,
                          const char *service)
{
    wk_status_t status = WK_OK;
    if (s == NULL || cred == NULL || region == NULL || service == NULL) {
        status = WK_ERR_ARG;
    } else {
        size_t region_len = wk_strlen(region);
        size_t service_len = wk_strlen(service);
        memset(s, 0, sizeof(*s));
        status = check_credentials(cred);
        if (status == WK_OK && !is_name(region)) {
            status = WK_ERR_REGION;
        } else if (status == WK_OK && !is_name(service)) {
            status = WK_ERR_ARG;
        } else if (status == WK_OK &&
                   (region_len >= sizeof(s->region) || service_len >= sizeof(s->service))) {
            status = WK_ERR_NO_SPACE;
        } else if (status == WK_OK) {
            s->cred = *cred;
            memcpy(s->region, region, region_len + 1u);
            memcpy(s->service, service, service_len + 1u);
        } else {
            /* credentials refused */
        }
    }
    return status;
}

wk_status_t wk_sigv4_sign(wk_sigv4_t *s, const wk_sigv4_input_t *in, wk_sigv4_output_t *out,
                          wk_diag_t *diag)
{
    sign_plan_t plan;
    char creq_hash[HEX_DIGEST_LEN + 1u];
    char sig_hex[HEX_DIGEST_LEN + 1u];
    wk_status_t status;

    wk_diag_clear(diag);
    status = check_input(s, in, out, diag);
    if (status == WK_OK) {
        out->authorization[0] = '\0';
        out->authorization_len = 0u;
        out->canonical_request_len = 0u;
        out->string_to_sign_len = 0u;
        status = plan_request(&plan, s, in, diag);
    }
    if (status == WK_OK) {
        status = hash_canonical_request(&plan, in, out, creq_hash, diag);
    }
    if (status == WK_OK) {
        status = compute_signature(s, &plan, creq_hash, out, sig_hex, diag);
    }
    if (status == WK_OK) {
        memcpy(out->amz_date, plan.amz_date, sizeof(out->amz_date));
        status = write_authorization(s, &plan, in, sig_hex, out, diag);
    }
    if (status != WK_OK && out != NULL && out->authorization != NULL &&
        out->authorization_cap > 0u) {
        out->authorization[0] = '\0'; /* never leave half a header behind */
    }
    if (status == WK_ERR_CRYPTO) {
        wk_diag_str(diag, "sigv4: hash port failed");
    }
    wk_port_zeroize(sig_hex, sizeof(sig_hex));
    return status;
}

wk_status_t wk_sigv4_deinit(wk_sigv4_t *s)
{
    wk_status_t status = WK_ERR_ARG;
    if (s != NULL) {
        wk_port_zeroize(s->key, sizeof(s->key));
        memset(s, 0, sizeof(*s));
        status = WK_OK;
    }
    return status;
}
