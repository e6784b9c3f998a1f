/* SPDX-License-Identifier: Apache-2.0 */
/* TLS decorator over a wk_transport_t; see wk_tls_mbedtls.h. */
#include "wk_tls_mbedtls.h"

#include <limits.h>
#include <string.h>

#include "mbedtls/asn1.h"
#include "mbedtls/entropy.h"
#include "mbedtls/error.h"

#if MBEDTLS_VERSION_NUMBER >= 0x03000000 && \
    (defined(MBEDTLS_USE_PSA_CRYPTO) || defined(MBEDTLS_SSL_PROTO_TLS1_3))
#include "psa/crypto.h"
#define WK_TLS_NEEDS_PSA 1
#endif

#include "wk/wk_endpoint.h" /* wk_host_ip_literal() */
#include "wk_tls_mbedtls_parts.h"

static uint32_t ms_left(uint32_t start, uint32_t budget)
{
    uint32_t spent = wk_port_now_ms() - start;
    return spent >= budget ? 0u : budget - spent;
}

/* "-0x7780"-style text, the form mbedTLS documents its codes in. */
static void diag_mbedtls_code(wk_diag_t *diag, int ret)
{
    static const char hex[] = "0123456789abcdef";
    char text[12];
    size_t n = sizeof(text);
    unsigned v = ret < 0 ? (unsigned)-(long)ret : (unsigned)ret;
    do {
        text[--n] = hex[v & 15u];
        v >>= 4;
    } while (v != 0u && n > 3u);
    text[--n] = 'x';
    text[--n] = '0';
    if (ret < 0) {
        text[--n] = '-';
    }
    wk_diag_str(diag, "mbedTLS ");
    wk_diag_strn(diag, &text[n], sizeof(text) - n);
#if defined(MBEDTLS_ERROR_C)
    {
        char why[96];
        mbedtls_strerror(ret, why, sizeof(why));
        wk_diag_str(diag, " (");
        wk_diag_str(diag, why);
        wk_diag_str(diag, ")");
    }
#endif
}

/* see wk_tls_mbedtls.h */
void wk_tls_diag_mbedtls(wk_diag_t *diag, int ret)
{
    diag_mbedtls_code(diag, ret);
}

/* ---- Down: mbedTLS BIO over the lower transport ----------------------------- */

/* see wk_tls_mbedtls.h */
int wk_tls_bio_send(void *ctx, const unsigned char *buf, size_t len)
{
    wk_tls_bio_t *bio = ctx;
    size_t sent = 0u;
    int ret = WK_TLS_BIO_ERR_SEND;
    wk_status_t st;
    /* The result must fit an int. */
    size_t want = len > (size_t)INT_MAX ? (size_t)INT_MAX : len;
    st = bio->lower.send(bio->lower.ctx, buf, want, &sent, bio->timeout_ms);
    if (st == WK_OK && sent > 0u && sent <= want) {
        ret = (int)sent;
    } else if (st == WK_WOULD_BLOCK) {
        bio->blocked = WK_WAIT_WRITE;
        ret = MBEDTLS_ERR_SSL_WANT_WRITE;
    } else {
        /* Including WK_ERR_PEER_CLOSED: returning 0 would make mbedTLS's
         * writer report success with nothing sent. A lower transport that
         * breaks its contract (WK_OK with 0 or too many bytes) is an I/O error. */
        bio->lower_status = st < 0 ? st : WK_ERR_IO;
    }
    return ret;
}

/* One lower read of up to @p len bytes, mapped to an mbedTLS result. */
static int lower_recv(wk_tls_bio_t *bio, unsigned char *buf, size_t len)
{
    size_t got = 0u;
    int ret = WK_TLS_BIO_ERR_RECV;
    wk_status_t st;
    size_t want = len > (size_t)INT_MAX ? (size_t)INT_MAX : len;
    st = bio->lower.recv(bio->lower.ctx, buf, want, &got, bio->timeout_ms);
    if (st == WK_OK && got > 0u && got <= want) {
        ret = (int)got;
    } else if (st == WK_WOULD_BLOCK) {
        bio->blocked = WK_WAIT_READ;
        ret = MBEDTLS_ERR_SSL_WANT_READ;
    } else if (st == WK_ERR_PEER_CLOSED) {
        /* mbedTLS's end-of-stream; it decides whether that was clean. */
        bio->lower_status = st;
        ret = 0;
    } else {
        bio->lower_status = st < 0 ? st : WK_ERR_IO;
    }
    return ret;
}

/* see wk_tls_mbedtls.h */
int wk_tls_bio_recv(void *ctx, unsigned char *buf, size_t len)
{
    wk_tls_bio_t *bio = ctx;
#if CONFIG_WK_TLS_READ_AHEAD > 0
    size_t held = bio->ahead_len - bio->ahead_pos;
    if (held == 0u && len > 0u && len < sizeof(bio->ahead)) {
        int ret = lower_recv(bio, bio->ahead, sizeof(bio->ahead));
        if (ret <= 0) {
            return ret;
        }
        bio->ahead_pos = 0u;
        bio->ahead_len = (size_t)ret;
        held = bio->ahead_len;
    }
    if (held > 0u && len > 0u) {
        size_t n = held < len ? held : len;
        memcpy(buf, &bio->ahead[bio->ahead_pos], n);
        bio->ahead_pos += n;
        return (int)n;
    }
#endif
    return lower_recv(bio, buf, len);
}

/* ---- Up: mbedTLS results to wk_status_t --------------------------------------- */

static bool is_retry_code(int ret)
{
    bool retry = ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE;
#if defined(MBEDTLS_ERR_SSL_ASYNC_IN_PROGRESS)
    retry = retry || ret == MBEDTLS_ERR_SSL_ASYNC_IN_PROGRESS;
#endif
#if defined(MBEDTLS_ERR_SSL_CRYPTO_IN_PROGRESS)
    retry = retry || ret == MBEDTLS_ERR_SSL_CRYPTO_IN_PROGRESS;
#endif
#if defined(MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET)
    /* TLS 1.3 (3.x): a ticket arrived instead of data; just read on. */
    retry = retry || ret == MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET;
#endif
    return retry;
}

/* see wk_tls_mbedtls.h */
wk_status_t wk_tls_status_from_mbedtls(const wk_tls_bio_t *bio, int ret)
{
    wk_status_t status;
    if (is_retry_code(ret)) {
        status = WK_WOULD_BLOCK;
    } else if (ret == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) {
        status = WK_ERR_PEER_CLOSED;
    } else if (ret == 0 || ret == MBEDTLS_ERR_SSL_CONN_EOF) {
        /* The stream ended without close_notify: the data may be truncated. */
        status = WK_ERR_IO;
    } else if (ret == WK_TLS_BIO_ERR_RECV || ret == WK_TLS_BIO_ERR_SEND) {
        status = (bio != NULL && bio->lower_status < 0) ? bio->lower_status : WK_ERR_IO;
    } else if (ret == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED) {
        status = WK_ERR_TLS_VERIFY;
    } else {
        status = WK_ERR_TLS;
    }
    return status;
}

/* ---- IP literal hosts ------------------------------------------------------------ */

/* Whether the certificate lists @p ip as an iPAddress subjectAltName.
 * mbedTLS (2.28 and 3.x alike) keeps every SAN entry raw, tag included, in
 * subject_alt_names; an iPAddress is [7] IMPLICIT OCTET STRING. */
static bool cert_has_ip_san(const mbedtls_x509_crt *crt, const uint8_t *ip, size_t ip_len)
{
    const mbedtls_x509_sequence *san;
    bool found = false;
    for (san = &crt->subject_alt_names; san != NULL && !found; san = san->next) {
        found = san->buf.tag == (MBEDTLS_ASN1_CONTEXT_SPECIFIC | MBEDTLS_X509_SAN_IP_ADDRESS) &&
                san->buf.len == ip_len && memcmp(san->buf.p, ip, ip_len) == 0;
    }
    return found;
}

/* Called by mbedTLS for every certificate of the chain with its flags. That
 * it saw the leaf tells a full handshake from an abbreviated one (which sends
 * no certificate). The host of an IP literal is not given to mbedTLS, which
 * would compare its text with dNSName entries and the CN, wildcards included;
 * this is the whole host check then: the leaf must list exactly that address
 * as an iPAddress. */
static int verify_leaf(void *ctx, mbedtls_x509_crt *crt, int depth, uint32_t *flags)
{
    wk_tls_session_t *s = ctx;
    if (depth == 0) {
        s->leaf_checked = true;
        if (s->host_ip_len != 0u && !cert_has_ip_san(crt, s->host_ip, s->host_ip_len)) {
            *flags |= (uint32_t)MBEDTLS_X509_BADCERT_CN_MISMATCH;
        }
    }
    return 0;
}

/* ---- Configuration --------------------------------------------------------------- */

/* CTR-DRBG entropy source: the port's random bytes (getrandom on POSIX, a
 * hardware RNG on a microcontroller) rather than mbedTLS's platform polling. */
static int entropy_from_port(void *unused, unsigned char *buf, size_t len)
{
    (void)unused;
    return wk_port_random(buf, len) == WK_OK ? 0 : MBEDTLS_ERR_ENTROPY_SOURCE_FAILED;
}

static wk_status_t load_ca_source(wk_tls_config_t *cfg, const char *path, bool is_dir,
                                  wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    int ret;
#if defined(MBEDTLS_FS_IO)
    ret = is_dir ? mbedtls_x509_crt_parse_path(&cfg->ca, path)
                 : mbedtls_x509_crt_parse_file(&cfg->ca, path);
#else
    ret = MBEDTLS_ERR_X509_FEATURE_UNAVAILABLE; /* no file system in this mbedTLS build */
#endif
    if (ret < 0) {
        status = WK_ERR_TLS_CA;
        wk_diag_str(diag, is_dir ? "CA directory " : "CA file ");
        wk_diag_str(diag, path);
        wk_diag_str(diag, ": cannot read or parse, ");
        diag_mbedtls_code(diag, ret);
    } else {
        cfg->skipped_certs += ret; /* positive: certificates that did not parse */
    }
    return status;
}

/* Where the trust anchors come from: files, or bytes in memory. */
typedef struct ca_source {
    const char *file;
    const char *dir;
    const unsigned char *mem;
    size_t mem_len;
} ca_source_t;

static wk_status_t load_ca_memory(wk_tls_config_t *cfg, const ca_source_t *src, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    int ret = mbedtls_x509_crt_parse(&cfg->ca, src->mem, src->mem_len);
    if (ret < 0) {
        status = WK_ERR_TLS_CA;
        wk_diag_str(diag, "CA certificates in memory: cannot parse, ");
        diag_mbedtls_code(diag, ret);
    } else {
        cfg->skipped_certs += ret;
    }
    return status;
}

static wk_status_t load_ca(wk_tls_config_t *cfg, const ca_source_t *src, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    const char *ca_file = src->file;
    const char *ca_dir = src->dir;
    if (src->mem != NULL) {
        status = load_ca_memory(cfg, src, diag);
    } else {
        if (ca_file == NULL && ca_dir == NULL) {
            ca_file = WK_TLS_DEFAULT_CA_FILE;
        }
        if (ca_file != NULL) {
            status = load_ca_source(cfg, ca_file, false, diag);
        }
        if (status == WK_OK && ca_dir != NULL) {
            status = load_ca_source(cfg, ca_dir, true, diag);
        }
    }
    /* An empty chain would make every handshake fail "not trusted"; say why now. */
    if (status == WK_OK && cfg->ca.version == 0) {
        status = WK_ERR_TLS_CA;
        wk_diag_str(diag, "no usable CA certificate in ");
        if (src->mem != NULL) {
            wk_diag_str(diag, "the bytes given");
        } else {
            wk_diag_str(diag, ca_file != NULL ? ca_file : ca_dir);
            if (ca_file != NULL && ca_dir != NULL) {
                wk_diag_str(diag, " or ");
                wk_diag_str(diag, ca_dir);
            }
        }
    }
    return status;
}

static wk_status_t setup_conf(wk_tls_config_t *cfg, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    int ret = mbedtls_ssl_config_defaults(&cfg->conf, MBEDTLS_SSL_IS_CLIENT,
                                          MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT);
    if (ret != 0) {
        status = WK_ERR_TLS;
        wk_diag_str(diag, "TLS client configuration refused: ");
        diag_mbedtls_code(diag, ret);
    } else {
        /* Verification is not optional, ever (see the header). */
        mbedtls_ssl_conf_authmode(&cfg->conf, MBEDTLS_SSL_VERIFY_REQUIRED);
        mbedtls_ssl_conf_ca_chain(&cfg->conf, &cfg->ca, NULL);
        mbedtls_ssl_conf_rng(&cfg->conf, mbedtls_ctr_drbg_random, &cfg->drbg);
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
        mbedtls_ssl_conf_min_tls_version(&cfg->conf, MBEDTLS_SSL_VERSION_TLS1_2);
#else
        mbedtls_ssl_conf_min_version(&cfg->conf, MBEDTLS_SSL_MAJOR_VERSION_3,
                                     MBEDTLS_SSL_MINOR_VERSION_3);
#endif
    }
    return status;
}

static wk_status_t seed_rng(wk_tls_config_t *cfg, wk_diag_t *diag)
{
    static const unsigned char personalization[] = "wickr-lite tls";
    wk_status_t status = WK_OK;
    int ret;
#if defined(WK_TLS_NEEDS_PSA)
    /* mbedTLS 3.x routes TLS 1.3 and USE_PSA crypto through PSA. */
    if (psa_crypto_init() != PSA_SUCCESS) {
        wk_diag_str(diag, "PSA crypto initialisation failed");
        return WK_ERR_CRYPTO;
    }
#endif
    ret = mbedtls_ctr_drbg_seed(&cfg->drbg, entropy_from_port, NULL, personalization,
                                sizeof(personalization) - 1u);
    if (ret != 0) {
        status = WK_ERR_CRYPTO;
        wk_diag_str(diag, "cannot seed the TLS random generator: ");
        diag_mbedtls_code(diag, ret);
    }
    return status;
}

static void config_release(wk_tls_config_t *cfg)
{
    mbedtls_ssl_config_free(&cfg->conf);
    mbedtls_x509_crt_free(&cfg->ca);
    mbedtls_x509_crt_free(&cfg->own_cert);
    mbedtls_pk_free(&cfg->own_key);
    mbedtls_ctr_drbg_free(&cfg->drbg);
    cfg->ready = false;
}

static wk_status_t config_init(wk_tls_config_t *cfg, const ca_source_t *src, wk_diag_t *diag)
{
    wk_status_t status;
    mbedtls_ssl_config_init(&cfg->conf);
    mbedtls_x509_crt_init(&cfg->ca);
    mbedtls_x509_crt_init(&cfg->own_cert);
    mbedtls_pk_init(&cfg->own_key);
    mbedtls_ctr_drbg_init(&cfg->drbg);
    cfg->skipped_certs = 0;
    cfg->ready = false;
    status = seed_rng(cfg, diag);
    if (status == WK_OK) {
        status = load_ca(cfg, src, diag);
    }
    if (status == WK_OK) {
        status = setup_conf(cfg, diag);
    }
    if (status == WK_OK) {
        cfg->ready = true;
    } else {
        config_release(cfg);
    }
    return status;
}

/* see wk_tls_mbedtls.h */
wk_status_t wk_tls_config_init(wk_tls_config_t *cfg, const char *ca_file, const char *ca_dir,
                               wk_diag_t *diag)
{
    ca_source_t src = {ca_file, ca_dir, NULL, 0u};
    wk_diag_clear(diag);
    if (cfg == NULL) {
        wk_diag_str(diag, "wk_tls_config_init: cfg is NULL");
        return WK_ERR_ARG;
    }
    return config_init(cfg, &src, diag);
}

/* see wk_tls_mbedtls.h */
wk_status_t wk_tls_config_init_ca(wk_tls_config_t *cfg, const unsigned char *ca, size_t ca_len,
                                  wk_diag_t *diag)
{
    ca_source_t src = {NULL, NULL, ca, ca_len};
    wk_diag_clear(diag);
    if (cfg == NULL || ca == NULL || ca_len == 0u) {
        wk_diag_str(diag, "wk_tls_config_init_ca: cfg or ca missing");
        return WK_ERR_ARG;
    }
    return config_init(cfg, &src, diag);
}

/* see wk_tls_mbedtls.h */
int wk_tls_config_skipped_certs(const wk_tls_config_t *cfg)
{
    return cfg != NULL ? cfg->skipped_certs : 0;
}

/* see wk_tls_mbedtls.h */
wk_status_t wk_tls_config_free(wk_tls_config_t *cfg)
{
    wk_status_t status = WK_ERR_ARG;
    if (cfg != NULL) {
        /* A failed init already released everything and left ready false. */
        if (cfg->ready) {
            config_release(cfg);
        }
        status = WK_OK;
    }
    return status;
}

/* ---- Session ------------------------------------------------------------------- */

/* Copies mbedTLS's verification reasons (one per line) into the diagnostic. */
static void diag_verify_flags(wk_diag_t *diag, uint32_t flags)
{
    char info[512];
    int n = mbedtls_x509_crt_verify_info(info, sizeof(info), "", flags);
    size_t i;
    size_t line = 0u;
    bool first = true;
    if (n <= 0) {
        wk_diag_str(diag, "flags ");
        wk_diag_u64(diag, flags);
        return;
    }
    for (i = 0u; i < (size_t)n; i++) {
        if (info[i] == '\n') {
            if (!first) {
                wk_diag_str(diag, "; ");
            }
            wk_diag_strn(diag, &info[line], i - line);
            first = false;
            line = i + 1u;
        }
    }
}

static void diag_handshake_failure(wk_diag_t *diag, const wk_tls_session_t *s,
                                   const char *hostname, wk_status_t status, int ret)
{
    wk_diag_clear(diag);
    if (status == WK_ERR_TLS_VERIFY) {
        uint32_t flags = mbedtls_ssl_get_verify_result(&s->ssl);
        /* set by verify_ip_san(), where mbedTLS's "CN mismatch" text would mislead */
        bool no_ip_san = s->host_ip_len != 0u &&
                         (flags & (uint32_t)MBEDTLS_X509_BADCERT_CN_MISMATCH) != 0u;
        wk_diag_str(diag, "certificate of ");
        wk_diag_str(diag, hostname);
        wk_diag_str(diag, " rejected: ");
        if (no_ip_san) {
            flags &= ~(uint32_t)MBEDTLS_X509_BADCERT_CN_MISMATCH;
            wk_diag_str(diag, "no iPAddress subjectAltName equal to ");
            wk_diag_str(diag, hostname);
            if (flags != 0u) {
                wk_diag_str(diag, "; ");
            }
        }
        if (flags != 0u || !no_ip_san) {
            diag_verify_flags(diag, flags);
        }
    } else if (status == WK_ERR_TIMEOUT) {
        wk_diag_str(diag, "TLS handshake with ");
        wk_diag_str(diag, hostname);
        wk_diag_str(diag, " timed out");
    } else {
        wk_diag_str(diag, "TLS handshake with ");
        wk_diag_str(diag, hostname);
        wk_diag_str(diag, " failed: ");
        if (ret == WK_TLS_BIO_ERR_RECV || ret == WK_TLS_BIO_ERR_SEND) {
            wk_diag_str(diag, "transport ");
            wk_diag_str(diag, wk_status_str(status));
        } else if (ret == MBEDTLS_ERR_SSL_CONN_EOF) {
            wk_diag_str(diag, "connection closed by the server");
        } else {
            diag_mbedtls_code(diag, ret);
        }
    }
}

static wk_status_t run_handshake(wk_tls_session_t *s, const char *hostname, uint32_t timeout_ms,
                                 wk_diag_t *diag)
{
    uint32_t start = wk_port_now_ms();
    wk_status_t status = WK_OK;
    int ret;
    do {
        s->bio.timeout_ms = ms_left(start, timeout_ms);
        ret = mbedtls_ssl_handshake(&s->ssl);
    } while (is_retry_code(ret) && ms_left(start, timeout_ms) > 0u);
    if (ret != 0) {
        status = wk_tls_status_from_mbedtls(&s->bio, ret);
        if (status == WK_WOULD_BLOCK && timeout_ms == 0u) {
            return status; /* one step taken; the caller keeps the deadline */
        }
        if (status == WK_WOULD_BLOCK) {
            status = WK_ERR_TIMEOUT;
        }
        diag_handshake_failure(diag, s, hostname, status, ret);
    } else if (s->host_ip_len != 0u && !s->leaf_checked && !wk_tls_session_abbreviated(s)) {
        /* Fail closed where mbedTLS skipped the callback: 3.0 to 3.6.0 do
         * in TLS 1.3, so the address would have gone unchecked. A resumed
         * session carries the check of the handshake that made it. */
        status = WK_ERR_TLS_VERIFY;
        wk_diag_str(diag, "certificate of ");
        wk_diag_str(diag, hostname);
        wk_diag_str(diag, " not checked for an iPAddress subjectAltName: this mbedTLS did not "
                          "call the verify callback (TLS 1.3 before 3.6.1); connect by name");
    } else {
        /* verified */
    }
    return status;
}

static wk_status_t session_setup(wk_tls_session_t *s, wk_tls_config_t *cfg, const char *hostname,
                                 wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    int ret = mbedtls_ssl_setup(&s->ssl, &cfg->conf);
    if (ret != 0) {
        status = WK_ERR_TLS;
        wk_diag_str(diag, "TLS session setup failed: ");
        diag_mbedtls_code(diag, ret);
    } else if (wk_host_ip_literal(hostname, strlen(hostname), s->host_ip, &s->host_ip_len) !=
               WK_OK) {
        status = WK_ERR_ARG;
        wk_diag_str(diag, "TLS host ");
        wk_diag_str(diag, hostname);
        wk_diag_str(diag, " is an address in a form resolvers read differently (see "
                          "wk_host_ip_literal())");
    } else if (mbedtls_ssl_set_hostname(&s->ssl, s->host_ip_len != 0u ? NULL : hostname) != 0) {
        /* NULL for an IP literal: no SNI (RFC 6066), no name matching; an
         * explicit NULL, which mbedTLS 3.6.3 and later require for that. */
        status = WK_ERR_ARG;
        wk_diag_str(diag, "TLS host name longer than 255 bytes");
    } else {
        mbedtls_ssl_set_verify(&s->ssl, verify_leaf, s);
        mbedtls_ssl_set_bio(&s->ssl, &s->bio, wk_tls_bio_send, wk_tls_bio_recv, NULL);
    }
    return status;
}

/* A session that never opened (failed, or abandoned in its handshake). */
static void session_abandon(wk_tls_session_t *s)
{
    mbedtls_ssl_free(&s->ssl);
    memset(s, 0, sizeof(*s));
}

/* wk_tls_session_begin() without the timeout, which a stepped handshake does not have. */
static wk_status_t session_begin(wk_tls_session_t *s, wk_tls_config_t *cfg,
                                 const wk_transport_t *lower, const char *hostname,
                                 wk_diag_t *diag)
{
    wk_status_t status;
    wk_diag_clear(diag);
    if (s == NULL || cfg == NULL || !cfg->ready || lower == NULL || lower->send == NULL ||
        lower->recv == NULL || hostname == NULL || hostname[0] == '\0') {
        wk_diag_str(diag, "wk_tls_connect: NULL argument, config not ready, empty host or timeout 0");
        return WK_ERR_ARG;
    }
    memset(s, 0, sizeof(*s));
    mbedtls_ssl_init(&s->ssl);
    s->bio.lower = *lower;
    s->bio.lower_status = WK_OK;
    s->failure = WK_OK;
    status = session_setup(s, cfg, hostname, diag);
    if (status != WK_OK) {
        session_abandon(s);
    }
    return status;
}

/* see wk_tls_mbedtls_parts.h */
wk_status_t wk_tls_session_begin(wk_tls_session_t *s, wk_tls_config_t *cfg,
                                 const wk_transport_t *lower, const char *hostname,
                                 uint32_t timeout_ms, wk_diag_t *diag)
{
    if (timeout_ms == 0u) {
        wk_diag_clear(diag);
        wk_diag_str(diag, "wk_tls_connect: NULL argument, config not ready, empty host or timeout 0");
        return WK_ERR_ARG;
    }
    return session_begin(s, cfg, lower, hostname, diag);
}

/* see wk_tls_mbedtls_parts.h */
wk_status_t wk_tls_session_handshake(wk_tls_session_t *s, const char *hostname,
                                     uint32_t timeout_ms, wk_diag_t *diag)
{
    wk_status_t status = run_handshake(s, hostname, timeout_ms, diag);
    if (status == WK_OK) {
        s->open = true;
    } else if (status != WK_WOULD_BLOCK) {
        session_abandon(s);
    } else {
        /* timeout 0: one step taken, the session half-open until handshaken or abandoned */
    }
    return status;
}

/* see wk_tls_mbedtls.h */
wk_status_t wk_tls_connect(wk_tls_session_t *s, wk_tls_config_t *cfg, const wk_transport_t *lower,
                           const char *hostname, uint32_t timeout_ms, wk_diag_t *diag)
{
    wk_status_t status = wk_tls_session_begin(s, cfg, lower, hostname, timeout_ms, diag);
    if (status == WK_OK) {
        status = wk_tls_session_handshake(s, hostname, timeout_ms, diag);
    }
    return status;
}

static wk_status_t tls_io(wk_tls_session_t *s, bool sending, uint8_t *buf, size_t len,
                          size_t *moved, uint32_t timeout_ms)
{
    uint32_t start = wk_port_now_ms();
    wk_status_t status;
    int ret;
    do {
        s->bio.timeout_ms = ms_left(start, timeout_ms);
        ret = sending ? mbedtls_ssl_write(&s->ssl, buf, len) : mbedtls_ssl_read(&s->ssl, buf, len);
    } while (is_retry_code(ret) && ms_left(start, timeout_ms) > 0u);
    if (ret > 0) {
        *moved = (size_t)ret;
        status = WK_OK;
    } else {
        status = wk_tls_status_from_mbedtls(&s->bio, ret);
        if (status < 0) {
            s->failure = status;
        }
    }
    return status;
}

static wk_status_t tls_io_checked(void *ctx, bool sending, uint8_t *buf, size_t len, size_t *moved,
                                  uint32_t timeout_ms)
{
    wk_tls_session_t *s = ctx;
    wk_status_t status;
    if (s == NULL || buf == NULL || moved == NULL || len == 0u) {
        status = WK_ERR_ARG;
    } else if (!s->open) {
        status = WK_ERR_STATE;
    } else if (s->failure != WK_OK) {
        status = s->failure;
    } else {
        status = tls_io(s, sending, buf, len, moved, timeout_ms);
    }
    return status;
}

static wk_status_t tls_send(void *ctx, const uint8_t *buf, size_t len, size_t *sent,
                            uint32_t timeout_ms)
{
    /* mbedtls_ssl_write() takes const data; the shared helper does not write to it. */
    return tls_io_checked(ctx, true, (uint8_t *)(uintptr_t)buf, len, sent, timeout_ms);
}

static wk_status_t tls_recv(void *ctx, uint8_t *buf, size_t len, size_t *got, uint32_t timeout_ms)
{
    return tls_io_checked(ctx, false, buf, len, got, timeout_ms);
}

/* Bytes mbedTLS or the read-ahead already hold mean "ready" (nothing to wait
 * for); else the lower stream's handle, for the direction the lower call
 * that blocked was moving (a handshake reads and writes in turn). */
static wk_status_t tls_wait_on(void *ctx, wk_wait_t *w)
{
    const wk_tls_session_t *s = ctx;
    bool held;
    if (s == NULL || w == NULL) {
        return WK_ERR_ARG;
    }
    held = mbedtls_ssl_check_pending(&s->ssl) != 0;
#if CONFIG_WK_TLS_READ_AHEAD > 0
    held = held || s->bio.ahead_pos < s->bio.ahead_len;
#endif
    if (held) {
        w->handle = WK_WAIT_NO_HANDLE;
        w->events = 0u;
        return WK_OK;
    }
    w->events = s->bio.blocked != 0u ? s->bio.blocked : w->events;
    return s->bio.lower.wait_on != NULL ? s->bio.lower.wait_on(s->bio.lower.ctx, w) : WK_OK;
}

/* see wk_tls_mbedtls.h */
wk_transport_t wk_tls_transport(wk_tls_session_t *s)
{
    wk_transport_t t;
    t.send = tls_send;
    t.recv = tls_recv;
    t.wait_on = tls_wait_on;
    t.ctx = s;
    /* an open session completed a handshake that verified the chain and host name */
    t.peer_verified = s != NULL && s->open;
    return t;
}

/* see wk_tls_mbedtls.h */
wk_status_t wk_tls_close(wk_tls_session_t *s)
{
    wk_status_t status = WK_ERR_ARG;
    if (s != NULL) {
        if (s->open) {
            /* Only over a healthy stream; one attempt, no waiting. */
            if (s->failure == WK_OK || s->failure == WK_ERR_PEER_CLOSED) {
                s->bio.timeout_ms = 0u;
                (void)mbedtls_ssl_close_notify(&s->ssl);
            }
            mbedtls_ssl_free(&s->ssl);
        }
        /* Also drops any read-ahead: it belongs to this connection only. */
        memset(s, 0, sizeof(*s));
        status = WK_OK;
    }
    return status;
}

/* ---- Connector (wk_tls.h) --------------------------------------------------------- */

/* What a wk_tls_connector_t holds: the opener below, the trust sources, and
 * one TCP connection with its TLS session at a time. */
typedef struct connector {
    wk_tcp_opener_t tcp;
    wk_tls_trust_t trust;
    wk_tls_client_cert_t client_cert; /* cert_file or cert set: present one */
    bool tls_config_ready;
    bool tcp_open;
    bool tls_open;
    uint8_t opening; /* OPENING_*: how far an open that returned WK_WOULD_BLOCK got */
    wk_tls_config_t tls_config;
    wk_transport_t tcp_transport;
    wk_tls_session_t tls;
    wk_diag_t diag;
    wk_tls_resume_t *resume; /* the caller's session store, or NULL */
    bool resumed;            /* the last handshake was an abbreviated one */
    bool offered;            /* the handshake in progress was offered a stored session */
} connector_t;

_Static_assert(sizeof(connector_t) <= sizeof(wk_tls_connector_t),
               "the mbedTLS connector does not fit: raise WK_TLS_CONNECTOR_SIZE (wk_tls.h)");
_Static_assert(_Alignof(connector_t) <= _Alignof(wk_tls_connector_t),
               "the mbedTLS connector needs stricter alignment than wk_tls_connector_t");

enum { OPENING_NONE = 0, OPENING_TCP, OPENING_HANDSHAKE };

static connector_t *state_of(const wk_tls_connector_t *n)
{
    return (connector_t *)(uintptr_t)(const void *)n->opaque.bytes;
}

static wk_status_t connector_close(void *ctx, wk_transport_t *t)
{
    connector_t *n = ctx;
    wk_status_t status = WK_OK;
    (void)t;
    if (n->tls_open && n->opening == OPENING_HANDSHAKE) {
        /* abandoned mid-handshake: as a failed one, the next gets a full handshake */
        if (n->resume != NULL) {
            wk_tls_resume_settle(&n->tls, n->resume, "", 0u, n->offered, WK_ERR_TIMEOUT);
        }
        session_abandon(&n->tls);
    } else if (n->tls_open) {
        status = wk_tls_close(&n->tls);
    } else {
        /* no session */
    }
    n->tls_open = false;
    n->opening = OPENING_NONE;
    if (n->tcp_open) {
        if (n->tcp.close(n->tcp.ctx) != WK_OK) {
            status = WK_ERR_IO;
        }
        n->tcp_open = false;
    }
    return status;
}

static wk_status_t load_trust(connector_t *n)
{
    wk_status_t status = WK_OK;
    if (!n->tls_config_ready) {
        if (n->trust.ca != NULL) {
            status = wk_tls_config_init_ca(&n->tls_config, n->trust.ca, n->trust.ca_len, &n->diag);
        } else {
            status = wk_tls_config_init(&n->tls_config, n->trust.ca_file, NULL, &n->diag);
        }
        if (status == WK_OK && (n->client_cert.cert_file != NULL || n->client_cert.cert != NULL)) {
            status = wk_tls_config_client_cert(&n->tls_config, &n->client_cert, &n->diag);
            if (status != WK_OK) {
                (void)wk_tls_config_free(&n->tls_config);
            }
        }
        n->tls_config_ready = (status == WK_OK);
    }
    return status;
}

/* What an open in progress waits for: the TCP connect, then the handshake. */
static wk_status_t connector_wait_on(void *ctx, wk_wait_t *w)
{
    connector_t *n = ctx;
    wk_status_t status = WK_OK;
    if (n->opening == OPENING_HANDSHAKE) {
        status = tls_wait_on(&n->tls, w);
    } else if (n->tcp_transport.wait_on != NULL) {
        status = n->tcp_transport.wait_on(n->tcp_transport.ctx, w);
    } else {
        /* the opener cannot say: polled */
    }
    return status;
}

/* With timeout_ms 0 each call goes as far as it can without waiting and
 * returns WK_WOULD_BLOCK until the connection is up (wk_port.h). */
static wk_status_t connector_open(void *ctx, const wk_endpoint_t *ep, uint32_t timeout_ms,
                                  wk_transport_t *out)
{
    connector_t *n = ctx;
    uint32_t start = wk_port_now_ms();
    uint32_t spent = 0u;
    wk_status_t status = WK_OK;

    if (n->opening == OPENING_NONE) {
        wk_diag_clear(&n->diag);
        n->resumed = false;
        memset(&n->tcp_transport, 0, sizeof(n->tcp_transport)); /* no stale wait_on */
    }
    if (n->opening != OPENING_HANDSHAKE) {
        status = n->tcp.connect(n->tcp.ctx, ep->host, ep->port, timeout_ms, &n->tcp_transport,
                                &n->diag);
        n->tcp_open = (status == WK_OK || status == WK_WOULD_BLOCK);
        n->opening = (status == WK_WOULD_BLOCK) ? OPENING_TCP : OPENING_NONE;
        if (status == WK_OK && !ep->tls) {
            /* an explicit http:// URL: the stream as the opener made it */
            *out = n->tcp_transport;
            return WK_OK;
        }
        if (status == WK_OK) {
            status = load_trust(n);
        }
        /* The handshake gets what the TCP connect left of the budget. */
        spent = wk_port_now_ms() - start;
        if (status == WK_OK && timeout_ms != 0u && spent >= timeout_ms) {
            status = WK_ERR_TIMEOUT;
            wk_diag_str(&n->diag, "connect timeout spent before the TLS handshake");
        }
        if (status == WK_OK) {
            status = session_begin(&n->tls, &n->tls_config, &n->tcp_transport, ep->host, &n->diag);
            n->tls_open = status == WK_OK;
            n->offered = n->tls_open && n->resume != NULL &&
                         wk_tls_resume_offer(&n->tls, n->resume, ep->host, ep->port);
            n->opening = n->tls_open ? OPENING_HANDSHAKE : OPENING_NONE;
        }
    }
    if (status == WK_OK) {
        status = wk_tls_session_handshake(&n->tls, ep->host,
                                          timeout_ms != 0u ? timeout_ms - spent : 0u, &n->diag);
        n->tls_open = status == WK_OK || status == WK_WOULD_BLOCK;
        n->opening = (status == WK_WOULD_BLOCK) ? OPENING_HANDSHAKE : OPENING_NONE;
        if (status != WK_WOULD_BLOCK && n->resume != NULL) {
            wk_tls_resume_settle(&n->tls, n->resume, ep->host, ep->port, n->offered, status);
        }
    }
    if (status == WK_OK) {
        n->resumed = wk_tls_resumed(&n->tls);
        *out = wk_tls_transport(&n->tls);
    } else if (status == WK_WOULD_BLOCK) {
        out->wait_on = connector_wait_on;
        out->ctx = n;
    } else {
        (void)connector_close(n, NULL);
    }
    return status;
}

/* see wk_tls.h */
wk_status_t wk_tls_connector_init_checked(wk_tls_connector_t *n, size_t connector_size,
                                          const wk_tcp_opener_t *opener,
                                          const wk_tls_trust_t *trust, wk_connector_t *out)
{
    connector_t *c;
    if (n == NULL || opener == NULL || out == NULL || opener->connect == NULL ||
        opener->close == NULL ||
        (trust != NULL && trust->ca != NULL && (trust->ca_file != NULL || trust->ca_len == 0u))) {
        return WK_ERR_ARG;
    }
    if (connector_size != sizeof(wk_tls_connector_t)) {
        return WK_ERR_BUILD_MISMATCH;
    }
    c = state_of(n);
    memset(n, 0, sizeof(*n));
    c->tcp = *opener;
    if (trust != NULL) {
        c->trust = *trust;
    }
    out->open = connector_open;
    out->close = connector_close;
    out->ctx = c;
    return WK_OK;
}

/* see wk_tls.h */
wk_status_t wk_tls_connector_client_cert(wk_tls_connector_t *n, const wk_tls_client_cert_t *cert)
{
    if (n == NULL || cert == NULL || (cert->cert_file == NULL) == (cert->cert == NULL) ||
        (cert->key_file == NULL) == (cert->key == NULL) ||
        (cert->cert != NULL && cert->cert_len == 0u) || (cert->key != NULL && cert->key_len == 0u)) {
        return WK_ERR_ARG;
    }
    if (state_of(n)->tls_config_ready) {
        return WK_ERR_STATE;
    }
    state_of(n)->client_cert = *cert;
    return WK_OK;
}

/* see wk_tls.h */
wk_status_t wk_tls_connector_load_ca(wk_tls_connector_t *n)
{
    wk_status_t status = WK_ERR_ARG;
    if (n != NULL) {
        wk_diag_clear(&state_of(n)->diag);
        status = load_trust(state_of(n));
    }
    return status;
}

/* see wk_tls.h */
const wk_diag_t *wk_tls_connector_diag(const wk_tls_connector_t *n)
{
    return n != NULL ? &state_of(n)->diag : NULL;
}

/* see wk_tls.h */
wk_status_t wk_tls_connector_free(wk_tls_connector_t *n)
{
    wk_status_t status = WK_ERR_ARG;
    if (n != NULL) {
        connector_t *c = state_of(n);
        status = connector_close(c, NULL);
        c->resume = NULL;
        c->resumed = false;
        if (c->tls_config_ready) {
            (void)wk_tls_config_free(&c->tls_config);
            c->tls_config_ready = false;
        }
    }
    return status;
}

/* see wk_tls.h */
wk_status_t wk_tls_connector_set_resume(wk_tls_connector_t *n, wk_tls_resume_t *r)
{
    wk_status_t status = WK_ERR_ARG;
    if (n != NULL) {
        status = r == NULL || wk_tls_resume_ready(r) ? WK_OK : WK_ERR_STATE;
    }
    if (status == WK_OK) {
        state_of(n)->resume = r;
    }
    return status;
}

/* see wk_tls.h */
bool wk_tls_connector_resumed(const wk_tls_connector_t *n)
{
    return n != NULL && state_of(n)->resumed;
}

/* see wk_tls.h */
wk_status_t wk_tls_version(char *buf, size_t cap)
{
    static const char built[] = " (built with " MBEDTLS_VERSION_STRING_FULL ")";
    char running[32] = MBEDTLS_VERSION_STRING_FULL;
    size_t n;
    if (buf == NULL || cap == 0u) {
        return WK_ERR_ARG;
    }
#if defined(MBEDTLS_VERSION_C)
    /* the library linked at run time, which may be newer than the headers */
    mbedtls_version_get_string_full(running);
#endif
    n = strlen(running);
    if (n + sizeof(built) > cap) {
        buf[0] = '\0';
        return WK_ERR_NO_SPACE;
    }
    memcpy(buf, running, n);
    memcpy(&buf[n], built, sizeof(built));
    return WK_OK;
}
