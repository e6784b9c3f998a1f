/* SPDX-License-Identifier: Apache-2.0 */
/* TLS session resumption for the mbedTLS port: the caller's session store
 * (wk_tls.h), its bytes, and wk_tls_connect_resume() (wk_tls_mbedtls.h). */
#include <string.h>

#include "mbedtls/platform_util.h"

#include "wk_tls_mbedtls_parts.h"

/* A store holds one record, the bytes wk_tls_resume_export() writes without
 * their checksum. All numbers big-endian:
 *    0  "WKS\1"        format and its version
 *    4  host length    2 bytes
 *    6  port           2 bytes
 *    8  created        8 bytes, UTC seconds of the full handshake
 *   16  session length 2 bytes
 *   18  the host, as the endpoint names it (no NUL), then mbedTLS's
 *       mbedtls_ssl_session_save() bytes.
 * Export appends the SHA-256 of all that. */
#define REC_HEADER 18u
static const uint8_t k_rec_magic[4] = {'W', 'K', 'S', 1u};
/* the store's own mark of wk_tls_resume_init(), never exported */
#define STORE_READY 0x574b5352u

_Static_assert(REC_HEADER + 32u + (size_t)CONFIG_WK_HOST_MAX + (size_t)WK_TLS_SESSION_MAX ==
                   WK_TLS_RESUME_EXPORT_MAX,
               "WK_TLS_RESUME_EXPORT_MAX (wk_tls.h) does not match the record format");
_Static_assert(WK_TLS_SESSION_MAX <= 65535 && CONFIG_WK_HOST_MAX <= 65535,
               "a record keeps the session and host lengths in 2 bytes");

typedef struct resume_state {
    uint32_t ready; /* STORE_READY after init */
    uint32_t len;   /* bytes of rec[] in use: 0 (no session) or one whole record */
    uint8_t rec[WK_TLS_RESUME_EXPORT_MAX - WK_SHA256_LEN];
} resume_state_t;

_Static_assert(sizeof(resume_state_t) <= sizeof(wk_tls_resume_t),
               "the session store does not fit wk_tls_resume_t (wk_tls.h)");

/* A record's fields, pointing into it. */
typedef struct record_view {
    const uint8_t *host;
    size_t host_len;
    uint16_t port;
    int64_t created;
    const uint8_t *session;
    size_t session_len;
} record_view_t;

static resume_state_t *state_of(const wk_tls_resume_t *r)
{
    return (resume_state_t *)(uintptr_t)(const void *)r->opaque.bytes;
}

static uint16_t get_u16(const uint8_t *p)
{
    return (uint16_t)(((unsigned)p[0] << 8) | p[1]);
}

static void put_u16(uint8_t *p, size_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

/* Reads a record's header; false names the first field that is wrong. */
static bool record_parse(const uint8_t *rec, size_t len, record_view_t *v, const char **why)
{
    uint64_t created = 0u;
    size_t i;
    if (len < REC_HEADER || memcmp(rec, k_rec_magic, sizeof(k_rec_magic)) != 0) {
        *why = "offset 0: not a wickr-lite TLS session of this format";
        return false;
    }
    v->host_len = get_u16(&rec[4]);
    v->port = get_u16(&rec[6]);
    for (i = 8u; i < 16u; i++) {
        created = (created << 8) | rec[i];
    }
    v->created = (int64_t)created;
    v->session_len = get_u16(&rec[16]);
    if (v->host_len == 0u || v->host_len >= (size_t)CONFIG_WK_HOST_MAX) {
        *why = "offset 4: host length out of range";
    } else if (v->session_len == 0u || v->session_len > (size_t)WK_TLS_SESSION_MAX) {
        *why = "offset 16: session length out of range";
    } else if (REC_HEADER + v->host_len + v->session_len != len) {
        *why = "the lengths do not add up to the bytes given";
    } else {
        v->host = &rec[REC_HEADER];
        v->session = &rec[REC_HEADER + v->host_len];
        return true;
    }
    return false;
}

static void forget(resume_state_t *st)
{
    mbedtls_platform_zeroize(st->rec, sizeof(st->rec));
    st->len = 0u;
}

/* see wk_tls_mbedtls_parts.h */
bool wk_tls_resume_ready(const wk_tls_resume_t *r)
{
    return r != NULL && state_of(r)->ready == STORE_READY &&
           state_of(r)->len <= sizeof(state_of(r)->rec);
}

/* see wk_tls.h */
wk_status_t wk_tls_resume_init_checked(wk_tls_resume_t *r, size_t resume_size)
{
    if (r == NULL) {
        return WK_ERR_ARG;
    }
    if (resume_size != sizeof(wk_tls_resume_t)) {
        return WK_ERR_BUILD_MISMATCH;
    }
    mbedtls_platform_zeroize(r, sizeof(*r));
    state_of(r)->ready = STORE_READY;
    return WK_OK;
}

/* see wk_tls.h */
wk_status_t wk_tls_resume_free(wk_tls_resume_t *r)
{
    if (r == NULL) {
        return WK_ERR_ARG;
    }
    mbedtls_platform_zeroize(r, sizeof(*r));
    return WK_OK;
}

static wk_status_t checksum(const uint8_t *rec, size_t len, uint8_t out[WK_SHA256_LEN])
{
    wk_sha256_t h;
    wk_status_t status = wk_port_sha256_start(&h);
    if (status == WK_OK) {
        status = wk_port_sha256_update(&h, rec, len);
    }
    if (status == WK_OK) {
        status = wk_port_sha256_finish(&h, out);
    }
    return status;
}

/* see wk_tls.h */
wk_status_t wk_tls_resume_export(const wk_tls_resume_t *r, uint8_t *buf, size_t cap, size_t *len)
{
    const resume_state_t *st;
    size_t need;
    if (r == NULL || buf == NULL || len == NULL) {
        return WK_ERR_ARG;
    }
    if (!wk_tls_resume_ready(r)) {
        return WK_ERR_STATE;
    }
    st = state_of(r);
    need = st->len == 0u ? 0u : st->len + WK_SHA256_LEN;
    *len = need;
    if (need > cap) {
        return WK_ERR_NO_SPACE;
    }
    if (need == 0u) {
        return WK_OK;
    }
    memcpy(buf, st->rec, st->len);
    return checksum(buf, st->len, &buf[st->len]);
}

/* Whether mbedTLS reads its session from @p v; nothing is kept. */
static bool session_loads(const record_view_t *v)
{
    mbedtls_ssl_session session;
    int ret;
    mbedtls_ssl_session_init(&session);
    ret = mbedtls_ssl_session_load(&session, v->session, v->session_len);
    mbedtls_ssl_session_free(&session);
    return ret == 0;
}

/* see wk_tls.h */
wk_status_t wk_tls_resume_import(wk_tls_resume_t *r, const uint8_t *buf, size_t len,
                                 wk_diag_t *diag)
{
    resume_state_t *st;
    record_view_t v;
    uint8_t sum[WK_SHA256_LEN];
    const char *why = NULL;
    size_t rec_len = len >= WK_SHA256_LEN ? len - WK_SHA256_LEN : 0u;
    wk_diag_clear(diag);
    if (r == NULL || (buf == NULL && len != 0u)) {
        return WK_ERR_ARG;
    }
    if (!wk_tls_resume_ready(r)) {
        return WK_ERR_STATE;
    }
    st = state_of(r);
    forget(st);
    if (len == 0u) {
        return WK_OK;
    }
    if (len > WK_TLS_RESUME_EXPORT_MAX || len < REC_HEADER + WK_SHA256_LEN) {
        why = "length out of range";
    } else if (checksum(buf, rec_len, sum) != WK_OK) {
        why = "cannot compute the checksum";
    } else if (memcmp(sum, &buf[rec_len], WK_SHA256_LEN) != 0) {
        why = "checksum mismatch (the bytes changed since export)";
    } else if (!record_parse(buf, rec_len, &v, &why)) {
        /* why says which field */
    } else if (!session_loads(&v)) {
        why = "the TLS library refuses the session (another build or version wrote it)";
    } else {
        memcpy(st->rec, buf, rec_len);
        st->len = (uint32_t)rec_len;
    }
    mbedtls_platform_zeroize(sum, sizeof(sum));
    if (why != NULL) {
        wk_diag_str(diag, "saved TLS session refused: ");
        wk_diag_str(diag, why);
        return WK_ERR_TLS_SESSION;
    }
    return WK_OK;
}

/* Whether the record's full handshake was at most WK_TLS_SESSION_MAX_AGE_S
 * ago; a clock that fails or went back makes it too old. */
static bool record_young(const record_view_t *v)
{
    int64_t now = 0;
    /* no arithmetic on the record's time: imported bytes may hold any value */
    return wk_port_utc_now(&now) == WK_OK && now >= v->created &&
           v->created > now - (int64_t)WK_TLS_SESSION_MAX_AGE_S;
}

/* Hands the held session to mbedTLS when it fits this connection. A session
 * for another host stays until a handshake replaces it; one that is too old,
 * or that mbedTLS no longer reads, is dropped. */
static bool offer(wk_tls_session_t *s, resume_state_t *st, const char *hostname, uint16_t port)
{
    record_view_t v;
    const char *why = NULL;
    mbedtls_ssl_session session;
    int ret;
    if (st->len == 0u || !record_parse(st->rec, st->len, &v, &why)) {
        return false;
    }
    if (v.port != port || v.host_len != strlen(hostname) ||
        memcmp(v.host, hostname, v.host_len) != 0) {
        return false;
    }
    if (!record_young(&v)) {
        forget(st);
        return false;
    }
    mbedtls_ssl_session_init(&session);
    ret = mbedtls_ssl_session_load(&session, v.session, v.session_len);
    if (ret == 0) {
        ret = mbedtls_ssl_set_session(&s->ssl, &session);
    }
    mbedtls_ssl_session_free(&session);
    if (ret != 0) {
        forget(st);
    }
    return ret == 0;
}

/* Puts the session of the open @p s into the store; a resumed one keeps the
 * time of the full handshake that made it. Only TLS 1.2 sessions: mbedTLS
 * 3.x delivers a TLS 1.3 ticket after the handshake, and without a ticket
 * the session cannot be resumed. */
static void keep(const wk_tls_session_t *s, resume_state_t *st, const char *hostname,
                 uint16_t port)
{
    mbedtls_ssl_session session;
    record_view_t old;
    const char *why = NULL;
    size_t host_len = strlen(hostname);
    size_t session_len = 0u;
    int64_t created = 0;
    size_t i;
    int ret = -1;
    bool resumed = wk_tls_session_abbreviated(s);
    if (resumed && record_parse(st->rec, st->len, &old, &why)) {
        created = old.created;
    } else if (resumed || wk_port_utc_now(&created) != WK_OK) {
        forget(st);
        return;
    }
    if (strcmp(mbedtls_ssl_get_version(&s->ssl), "TLSv1.2") == 0 &&
        host_len < (size_t)CONFIG_WK_HOST_MAX) {
        mbedtls_ssl_session_init(&session);
        ret = mbedtls_ssl_get_session(&s->ssl, &session);
        if (ret == 0) {
            ret = mbedtls_ssl_session_save(&session, &st->rec[REC_HEADER + host_len],
                                           (size_t)WK_TLS_SESSION_MAX, &session_len);
        }
        mbedtls_ssl_session_free(&session);
    }
    if (ret != 0 || session_len == 0u) {
        forget(st);
        return;
    }
    memcpy(st->rec, k_rec_magic, sizeof(k_rec_magic));
    put_u16(&st->rec[4], host_len);
    put_u16(&st->rec[6], port);
    for (i = 0u; i < 8u; i++) {
        st->rec[8u + i] = (uint8_t)((uint64_t)created >> (56u - 8u * i));
    }
    put_u16(&st->rec[16], session_len);
    memcpy(&st->rec[REC_HEADER], hostname, host_len);
    st->len = (uint32_t)(REC_HEADER + host_len + session_len);
}

/* see wk_tls_mbedtls_parts.h */
bool wk_tls_session_abbreviated(const wk_tls_session_t *s)
{
    /* TLS 1.2 sends the server's certificate in every full handshake with the
     * suites this client offers (all certificate-based), and none in an
     * abbreviated one; TLS 1.3 does not tell the two apart this way. */
    return s->offered && !s->leaf_checked &&
           strcmp(mbedtls_ssl_get_version(&s->ssl), "TLSv1.2") == 0;
}

/* see wk_tls_mbedtls.h */
bool wk_tls_resumed(const wk_tls_session_t *s)
{
    return s != NULL && s->open && wk_tls_session_abbreviated(s);
}

/* see wk_tls_mbedtls.h */
wk_status_t wk_tls_connect_resume(wk_tls_session_t *s, wk_tls_config_t *cfg,
                                  const wk_transport_t *lower, const char *hostname,
                                  uint16_t port, wk_tls_resume_t *resume, uint32_t timeout_ms,
                                  wk_diag_t *diag)
{
    resume_state_t *st = NULL;
    bool offered = false;
    wk_status_t status;
    if (resume != NULL && !wk_tls_resume_ready(resume)) {
        wk_diag_clear(diag);
        wk_diag_str(diag, "wk_tls_connect_resume: session store not initialised");
        return WK_ERR_ARG;
    }
    if (resume != NULL) {
        st = state_of(resume);
    }
    status = wk_tls_session_begin(s, cfg, lower, hostname, timeout_ms, diag);
    if (status == WK_OK && st != NULL) {
        offered = wk_tls_resume_offer(s, resume, hostname, port);
    }
    if (status == WK_OK) {
        status = wk_tls_session_handshake(s, hostname, timeout_ms, diag);
    }
    if (st != NULL) {
        wk_tls_resume_settle(s, resume, hostname, port, offered, status);
    }
    return status;
}

/* see wk_tls_mbedtls_parts.h */
bool wk_tls_resume_offer(wk_tls_session_t *s, wk_tls_resume_t *resume, const char *hostname,
                         uint16_t port)
{
    s->offered = offer(s, state_of(resume), hostname, port);
    return s->offered;
}

/* see wk_tls_mbedtls_parts.h */
void wk_tls_resume_settle(const wk_tls_session_t *s, wk_tls_resume_t *resume, const char *hostname,
                          uint16_t port, bool offered, wk_status_t status)
{
    if (status == WK_OK) {
        keep(s, state_of(resume), hostname, port);
    } else if (offered) {
        /* the retry gets a full handshake, whatever went wrong */
        forget(state_of(resume));
    } else {
        /* nothing offered, nothing to forget */
    }
}
