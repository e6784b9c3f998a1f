/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The mbedTLS adapter: the status mapping in both directions, driven with a
 * scripted lower transport, and real handshakes on 127.0.0.1 against an
 * mbedTLS server thread, with certificates this test generates and signs.
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <cmocka.h>

#include "mbedtls/ctr_drbg.h"
#include "mbedtls/ecp.h"
#include "mbedtls/error.h"
#include "mbedtls/net_sockets.h"
#include "mbedtls/oid.h"
#include "mbedtls/pk.h"
#include "mbedtls/ssl.h"
#include "mbedtls/ssl_cache.h"
#include "mbedtls/x509_crt.h"

#include "wk_port_posix.h"
#include "wk_tls_mbedtls.h"

#define PEM_MAX 2048

/* ---- Test PKI, made once per run ------------------------------------------------ */

typedef struct pki {
    mbedtls_ctr_drbg_context drbg;
    mbedtls_pk_context ca_key, other_ca_key, server_key;
    char ca_pem[PEM_MAX], other_ca_pem[PEM_MAX];
    char good_pem[PEM_MAX], expired_pem[PEM_MAX], other_signed_pem[PEM_MAX];
    /* names that only look like the addresses, where an iPAddress SAN belongs */
    char wildcard_pem[PEM_MAX];  /* DNS:*.0.0.1 */
    char dns_text_pem[PEM_MAX];  /* DNS:127.0.0.1, DNS:::1 */
    char cn_ipv4_pem[PEM_MAX];   /* no SAN, CN=127.0.0.1 */
    char cn_ipv6_pem[PEM_MAX];   /* no SAN, CN=::1 */
    char dir[64];         /* temp directory holding the files below */
    char ca_file[96];     /* our CA */
    char other_ca_file[96];
    char garbage_file[96]; /* exists, holds no certificate */
    char ca_dir[96];      /* a directory with only our CA in it */
} pki_t;

static pki_t g_pki;
/* Sessions of every server_start_cached() server: one cache across ports. */
static mbedtls_ssl_cache_context g_session_cache;

static int rng_from_port(void *unused, unsigned char *buf, size_t len)
{
    (void)unused;
    return wk_port_random(buf, len) == WK_OK ? 0 : -1;
}

static void gen_key(mbedtls_pk_context *pk)
{
    mbedtls_pk_init(pk);
    assert_int_equal(mbedtls_pk_setup(pk, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY)), 0);
    assert_int_equal(mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(*pk),
                                         mbedtls_ctr_drbg_random, &g_pki.drbg),
                     0);
}

/* subjectAltName values (DER, written by hand because mbedTLS 2.28 has no
 * SAN writer). The good one: DNS:localhost, IP:127.0.0.1, IP:::1,
 * IP:2001:db8::a. */
static const unsigned char san_good[] = {
    0x30, 0x35,
    0x82, 0x09, 'l', 'o', 'c', 'a', 'l', 'h', 'o', 's', 't',
    0x87, 0x04, 127, 0, 0, 1,
    0x87, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    0x87, 0x10, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0a,
};
static const unsigned char san_wildcard[] = {
    0x30, 0x09,
    0x82, 0x07, '*', '.', '0', '.', '0', '.', '1',
};
static const unsigned char san_dns_text[] = {
    0x30, 0x10,
    0x82, 0x09, '1', '2', '7', '.', '0', '.', '0', '.', '1',
    0x82, 0x03, ':', ':', '1',
};

typedef struct cert_spec {
    mbedtls_pk_context *subject_key;
    mbedtls_pk_context *issuer_key;
    const char *subject;
    const char *issuer;
    bool is_ca;
    const char *not_before;
    const char *not_after;
    int serial;
    const unsigned char *san; /* subjectAltName value, or NULL for none */
    size_t san_len;
} cert_spec_t;

static void make_cert(const cert_spec_t *spec, char pem[PEM_MAX])
{
    mbedtls_x509write_cert w;
    mbedtls_mpi serial;
    mbedtls_x509write_crt_init(&w);
    mbedtls_mpi_init(&serial);
    assert_int_equal(mbedtls_mpi_lset(&serial, spec->serial), 0);
    mbedtls_x509write_crt_set_version(&w, MBEDTLS_X509_CRT_VERSION_3);
    mbedtls_x509write_crt_set_md_alg(&w, MBEDTLS_MD_SHA256);
    mbedtls_x509write_crt_set_subject_key(&w, spec->subject_key);
    mbedtls_x509write_crt_set_issuer_key(&w, spec->issuer_key);
    assert_int_equal(mbedtls_x509write_crt_set_subject_name(&w, spec->subject), 0);
    assert_int_equal(mbedtls_x509write_crt_set_issuer_name(&w, spec->issuer), 0);
    assert_int_equal(mbedtls_x509write_crt_set_serial(&w, &serial), 0);
    assert_int_equal(mbedtls_x509write_crt_set_validity(&w, spec->not_before, spec->not_after), 0);
    assert_int_equal(mbedtls_x509write_crt_set_basic_constraints(&w, spec->is_ca ? 1 : 0, -1), 0);
    if (spec->is_ca) {
        assert_int_equal(mbedtls_x509write_crt_set_key_usage(
                             &w, MBEDTLS_X509_KU_KEY_CERT_SIGN | MBEDTLS_X509_KU_CRL_SIGN), 0);
    }
    if (spec->san != NULL) {
        assert_int_equal(mbedtls_x509write_crt_set_extension(
                             &w, MBEDTLS_OID_SUBJECT_ALT_NAME,
                             MBEDTLS_OID_SIZE(MBEDTLS_OID_SUBJECT_ALT_NAME), 0, spec->san,
                             spec->san_len),
                         0);
    }
    assert_int_equal(mbedtls_x509write_crt_pem(&w, (unsigned char *)pem, PEM_MAX,
                                               mbedtls_ctr_drbg_random, &g_pki.drbg),
                     0);
    mbedtls_mpi_free(&serial);
    mbedtls_x509write_crt_free(&w);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

static void join_path(char *out, size_t size, const char *dir, const char *name)
{
    int n = snprintf(out, size, "%s/%s", dir, name);
    assert_true(n > 0 && (size_t)n < size);
}

static int pki_setup(void **state)
{
    pki_t *p = &g_pki;
    cert_spec_t spec;
    (void)state;
    mbedtls_ctr_drbg_init(&p->drbg);
    assert_int_equal(mbedtls_ctr_drbg_seed(&p->drbg, rng_from_port, NULL, NULL, 0u), 0);
    mbedtls_ssl_cache_init(&g_session_cache);
    gen_key(&p->ca_key);
    gen_key(&p->other_ca_key);
    gen_key(&p->server_key);

    memset(&spec, 0, sizeof(spec));
    spec.subject_key = &p->ca_key;
    spec.issuer_key = &p->ca_key;
    spec.subject = spec.issuer = "CN=wickr-lite test CA";
    spec.is_ca = true;
    spec.not_before = "20200101000000";
    spec.not_after = "20491231235959";
    spec.serial = 1;
    make_cert(&spec, p->ca_pem);

    spec.subject_key = spec.issuer_key = &p->other_ca_key;
    spec.subject = spec.issuer = "CN=unrelated test CA";
    spec.serial = 2;
    make_cert(&spec, p->other_ca_pem);

    spec.subject_key = &p->server_key;
    spec.issuer_key = &p->ca_key;
    spec.subject = "CN=localhost";
    spec.issuer = "CN=wickr-lite test CA";
    spec.is_ca = false;
    spec.serial = 3;
    spec.san = san_good;
    spec.san_len = sizeof(san_good);
    make_cert(&spec, p->good_pem);

    spec.not_before = "20100101000000";
    spec.not_after = "20110101000000";
    spec.serial = 4;
    make_cert(&spec, p->expired_pem);

    spec.issuer_key = &p->other_ca_key;
    spec.issuer = "CN=unrelated test CA";
    spec.not_before = "20200101000000";
    spec.not_after = "20491231235959";
    spec.serial = 5;
    make_cert(&spec, p->other_signed_pem);

    spec.issuer_key = &p->ca_key;
    spec.issuer = "CN=wickr-lite test CA";
    spec.serial = 6;
    spec.san = san_wildcard;
    spec.san_len = sizeof(san_wildcard);
    make_cert(&spec, p->wildcard_pem);
    spec.serial = 7;
    spec.san = san_dns_text;
    spec.san_len = sizeof(san_dns_text);
    make_cert(&spec, p->dns_text_pem);
    spec.serial = 8;
    spec.san = NULL;
    spec.san_len = 0u;
    spec.subject = "CN=127.0.0.1";
    make_cert(&spec, p->cn_ipv4_pem);
    spec.serial = 9;
    spec.subject = "CN=::1";
    make_cert(&spec, p->cn_ipv6_pem);

    strcpy(p->dir, "/tmp/wk-tls-test-XXXXXX");
    assert_non_null(mkdtemp(p->dir));
    join_path(p->ca_file, sizeof(p->ca_file), p->dir, "ca.pem");
    join_path(p->other_ca_file, sizeof(p->other_ca_file), p->dir, "other-ca.pem");
    join_path(p->garbage_file, sizeof(p->garbage_file), p->dir, "garbage.pem");
    join_path(p->ca_dir, sizeof(p->ca_dir), p->dir, "cadir");
    write_file(p->ca_file, p->ca_pem);
    write_file(p->other_ca_file, p->other_ca_pem);
    write_file(p->garbage_file, "this is not a certificate\n");
    assert_int_equal(mkdir(p->ca_dir, 0700), 0);
    {
        char path[128];
        join_path(path, sizeof(path), p->ca_dir, "ca.pem");
        write_file(path, p->ca_pem);
    }
    return 0;
}

static int pki_teardown(void **state)
{
    pki_t *p = &g_pki;
    char path[128];
    (void)state;
    join_path(path, sizeof(path), p->ca_dir, "ca.pem");
    unlink(path);
    rmdir(p->ca_dir);
    unlink(p->ca_file);
    unlink(p->other_ca_file);
    unlink(p->garbage_file);
    rmdir(p->dir);
    mbedtls_pk_free(&p->ca_key);
    mbedtls_pk_free(&p->other_ca_key);
    mbedtls_pk_free(&p->server_key);
    mbedtls_ctr_drbg_free(&p->drbg);
    mbedtls_ssl_cache_free(&g_session_cache);
    return 0;
}

/* ---- A TLS server thread on 127.0.0.1 --------------------------------------------- */

typedef enum srv_mode {
    SRV_CLOSE_NOTIFY, /* reply, then close_notify and close */
    SRV_UNCLEAN,      /* reply, then close the socket without close_notify */
    SRV_WAIT          /* reply, then read until the client goes away */
} srv_mode_t;

typedef struct server {
    int listen_fd;
    uint16_t port;
    const char *cert_pem;
    srv_mode_t mode;
    pthread_t thread;
    int handshake_ret;
    char request[64];
    size_t request_len;
    char sni[260]; /* the server_name the client sent; "" when it sent none */
    int sni_count; /* how many times the client sent one */
    bool cache;     /* keep sessions in g_session_cache, so clients may resume them */
    int cache_hits; /* handshakes that found the client's session there (resumed) */
} server_t;

static int srv_cache_get(void *ctx, mbedtls_ssl_session *session)
{
    server_t *srv = ctx;
    int ret = mbedtls_ssl_cache_get(&g_session_cache, session);
    if (ret == 0) {
        srv->cache_hits++;
    }
    return ret;
}

static int srv_cache_set(void *ctx, const mbedtls_ssl_session *session)
{
    (void)ctx;
    return mbedtls_ssl_cache_set(&g_session_cache, session);
}

/* Records the client's server_name (SNI); the configured certificate stays. */
static int srv_sni(void *ctx, mbedtls_ssl_context *ssl, const unsigned char *name, size_t len)
{
    server_t *srv = ctx;
    (void)ssl;
    srv->sni_count++;
    if (len < sizeof(srv->sni)) {
        memcpy(srv->sni, name, len);
        srv->sni[len] = '\0';
    }
    return 0;
}

/* The server's own BIO: like mbedtls_net_send/recv, but MSG_NOSIGNAL, so a
 * client that hangs up mid-handshake cannot SIGPIPE the test process. */
static int srv_send(void *ctx, const unsigned char *buf, size_t len)
{
    const int *fd = ctx;
    ssize_t n = send(*fd, buf, len, MSG_NOSIGNAL);
    return n >= 0 ? (int)n : MBEDTLS_ERR_NET_SEND_FAILED;
}

static int srv_recv(void *ctx, unsigned char *buf, size_t len)
{
    const int *fd = ctx;
    ssize_t n = recv(*fd, buf, len, 0);
    return n >= 0 ? (int)n : MBEDTLS_ERR_NET_RECV_FAILED;
}

static void *server_main(void *arg)
{
    server_t *srv = arg;
    struct pollfd pfd = { srv->listen_fd, POLLIN, 0 };
    struct timeval tv = { 5, 0 };
    mbedtls_net_context net;
    mbedtls_ssl_config conf;
    mbedtls_ssl_context ssl;
    mbedtls_ctr_drbg_context drbg;
    mbedtls_x509_crt chain;
    unsigned char buf[128];
    int ret;

    srv->handshake_ret = -1;
    if (poll(&pfd, 1u, 5000) <= 0) {
        return NULL;
    }
    mbedtls_net_init(&net);
    net.fd = accept(srv->listen_fd, NULL, NULL);
    if (net.fd < 0) {
        return NULL;
    }
    /* never hang the test run if the client misbehaves */
    setsockopt(net.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, (socklen_t)sizeof(tv));
    setsockopt(net.fd, SOL_SOCKET, SO_SNDTIMEO, &tv, (socklen_t)sizeof(tv));
    mbedtls_ssl_config_init(&conf);
    mbedtls_ssl_init(&ssl);
    mbedtls_ctr_drbg_init(&drbg);
    mbedtls_x509_crt_init(&chain);
    ret = mbedtls_ctr_drbg_seed(&drbg, rng_from_port, NULL, NULL, 0u);
    if (ret == 0) {
        ret = mbedtls_x509_crt_parse(&chain, (const unsigned char *)srv->cert_pem,
                                     strlen(srv->cert_pem) + 1u);
    }
    if (ret == 0) {
        ret = mbedtls_ssl_config_defaults(&conf, MBEDTLS_SSL_IS_SERVER,
                                          MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT);
    }
    if (ret == 0) {
        mbedtls_ssl_conf_rng(&conf, mbedtls_ctr_drbg_random, &drbg);
        mbedtls_ssl_conf_sni(&conf, srv_sni, srv);
        if (srv->cache) {
            mbedtls_ssl_conf_session_cache(&conf, srv, srv_cache_get, srv_cache_set);
        }
        ret = mbedtls_ssl_conf_own_cert(&conf, &chain, &g_pki.server_key);
    }
    if (ret == 0) {
        ret = mbedtls_ssl_setup(&ssl, &conf);
    }
    if (ret == 0) {
        mbedtls_ssl_set_bio(&ssl, &net.fd, srv_send, srv_recv, NULL);
        do {
            ret = mbedtls_ssl_handshake(&ssl);
        } while (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE);
    }
    srv->handshake_ret = ret;
    if (ret == 0) {
        ret = mbedtls_ssl_read(&ssl, buf, sizeof(srv->request));
        if (ret > 0) {
            srv->request_len = (size_t)ret;
            memcpy(srv->request, buf, (size_t)ret);
            memmove(buf + 5, buf, (size_t)ret);
            memcpy(buf, "pong:", 5u);
            (void)mbedtls_ssl_write(&ssl, buf, (size_t)ret + 5u);
        }
        if (srv->mode == SRV_CLOSE_NOTIFY) {
            (void)mbedtls_ssl_close_notify(&ssl);
        } else if (srv->mode == SRV_WAIT) {
            while (mbedtls_ssl_read(&ssl, buf, sizeof(buf)) > 0) {
            }
        }
    }
    mbedtls_net_free(&net);
    mbedtls_x509_crt_free(&chain);
    mbedtls_ssl_free(&ssl);
    mbedtls_ssl_config_free(&conf);
    mbedtls_ctr_drbg_free(&drbg);
    return NULL;
}

/* @p port: the one to listen on, 0 for a new one. */
static void server_start_cached(server_t *srv, const char *cert_pem, srv_mode_t mode, bool cache,
                                uint16_t port)
{
    struct sockaddr_in a;
    socklen_t len = (socklen_t)sizeof(a);
    int on = 1;
    memset(srv, 0, sizeof(*srv));
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(port);
    srv->cert_pem = cert_pem;
    srv->mode = mode;
    srv->cache = cache;
    srv->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(srv->listen_fd >= 0);
    assert_int_equal(setsockopt(srv->listen_fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)), 0);
    assert_int_equal(bind(srv->listen_fd, (struct sockaddr *)&a, len), 0);
    assert_int_equal(listen(srv->listen_fd, 4), 0);
    assert_int_equal(getsockname(srv->listen_fd, (struct sockaddr *)&a, &len), 0);
    srv->port = ntohs(a.sin_port);
    assert_int_equal(pthread_create(&srv->thread, NULL, server_main, srv), 0);
}

static void server_start(server_t *srv, const char *cert_pem, srv_mode_t mode)
{
    server_start_cached(srv, cert_pem, mode, false, 0u);
}

static void server_join(server_t *srv)
{
    assert_int_equal(pthread_join(srv->thread, NULL), 0);
    close(srv->listen_fd);
}

/* ---- Client helpers ------------------------------------------------------------- */

typedef struct client {
    wk_tls_config_t cfg;
    wk_posix_conn_t tcp;
    wk_transport_t lower;
    wk_tls_session_t tls;
    wk_diag_t diag;
} client_t;

static wk_status_t client_connect(client_t *c, const server_t *srv, const char *hostname)
{
    assert_int_equal(wk_posix_connect(&c->tcp, "127.0.0.1", srv->port, 3000u, &c->diag), WK_OK);
    if (c->lower.send == NULL) {
        c->lower = wk_posix_transport(&c->tcp);
    }
    return wk_tls_connect(&c->tls, &c->cfg, &c->lower, hostname, 5000u, &c->diag);
}

static void client_finish(client_t *c)
{
    assert_int_equal(wk_tls_close(&c->tls), WK_OK);
    assert_int_equal(wk_posix_close(&c->tcp), WK_OK);
    assert_int_equal(wk_tls_config_free(&c->cfg), WK_OK);
}

static void send_all(wk_transport_t *t, const char *text)
{
    size_t sent = 0u;
    assert_int_equal(t->send(t->ctx, (const uint8_t *)text, strlen(text), &sent, 2000u), WK_OK);
    assert_int_equal(sent, strlen(text));
}

static void expect_reply(wk_transport_t *t, const char *text)
{
    uint8_t buf[64];
    size_t have = 0u;
    while (have < strlen(text)) {
        size_t got = 0u;
        assert_int_equal(t->recv(t->ctx, buf + have, sizeof(buf) - have, &got, 2000u), WK_OK);
        have += got;
    }
    assert_int_equal(have, strlen(text));
    assert_memory_equal(buf, text, have);
}

/* What the server of the last handshake_only() saw as SNI ("" for none). */
static char g_last_sni[260];
static int g_last_sni_count;

/* Handshake with @p hostname against a server presenting @p cert_pem, trusting @p ca_file. */
static wk_status_t handshake_only(const char *ca_file, const char *cert_pem, const char *hostname,
                                  wk_diag_t *diag_out)
{
    static client_t c;
    server_t srv;
    wk_status_t st;
    memset(&c, 0, sizeof(c));
    assert_int_equal(wk_tls_config_init(&c.cfg, ca_file, NULL, &c.diag), WK_OK);
    server_start(&srv, cert_pem, SRV_CLOSE_NOTIFY);
    st = client_connect(&c, &srv, hostname);
    *diag_out = c.diag;
    if (st == WK_OK) {
        wk_transport_t t = wk_tls_transport(&c.tls);
        assert_true(t.peer_verified); /* the chain and the host name were checked */
        send_all(&t, "hi");
        expect_reply(&t, "pong:hi");
    }
    client_finish(&c);
    server_join(&srv);
    memcpy(g_last_sni, srv.sni, sizeof(g_last_sni));
    g_last_sni_count = srv.sni_count;
    return st;
}

/* ---- Down: BIO callbacks over a scripted lower transport ------------------------------ */

typedef struct scripted {
    wk_status_t status; /* what the next call returns */
    size_t n;           /* bytes moved on WK_OK */
    uint32_t seen_timeout;
    size_t seen_len;
    unsigned calls;
} scripted_t;

static wk_status_t scripted_send(void *ctx, const uint8_t *buf, size_t len, size_t *sent,
                                 uint32_t timeout_ms)
{
    scripted_t *s = ctx;
    (void)buf;
    s->calls++;
    s->seen_len = len;
    s->seen_timeout = timeout_ms;
    if (s->status == WK_OK) {
        *sent = s->n;
    }
    return s->status;
}

static wk_status_t scripted_recv(void *ctx, uint8_t *buf, size_t len, size_t *got,
                                 uint32_t timeout_ms)
{
    scripted_t *s = ctx;
    s->calls++;
    s->seen_len = len;
    s->seen_timeout = timeout_ms;
    if (s->status == WK_OK) {
        memset(buf, 'r', s->n < len ? s->n : len);
        *got = s->n;
    }
    return s->status;
}

static void bio_over(wk_tls_bio_t *bio, scripted_t *s, wk_status_t status, size_t n)
{
    memset(bio, 0, sizeof(*bio));
    memset(s, 0, sizeof(*s));
    s->status = status;
    s->n = n;
    bio->lower.send = scripted_send;
    bio->lower.recv = scripted_recv;
    bio->lower.ctx = s;
    bio->timeout_ms = 321u;
    bio->lower_status = WK_OK;
}

/* What the BIO asks the lower transport for when mbedTLS asks for @p len
 * bytes and none are held: the whole read-ahead buffer, unless @p len is larger. */
static size_t lower_ask(size_t len)
{
    return len > (size_t)CONFIG_WK_TLS_READ_AHEAD ? len : (size_t)CONFIG_WK_TLS_READ_AHEAD;
}

static void test_bio_recv_rows(void **state)
{
    wk_tls_bio_t bio;
    scripted_t s;
    unsigned char buf[32];
    (void)state;
    bio_over(&bio, &s, WK_OK, 7u);
    assert_int_equal(wk_tls_bio_recv(&bio, buf, sizeof(buf)), 7);
    assert_int_equal(s.seen_timeout, 321u); /* the budget reaches the lower transport */
    assert_int_equal(s.seen_len, lower_ask(sizeof(buf)));
    assert_int_equal(buf[6], 'r');

    bio_over(&bio, &s, WK_WOULD_BLOCK, 0u);
    assert_int_equal(wk_tls_bio_recv(&bio, buf, sizeof(buf)), MBEDTLS_ERR_SSL_WANT_READ);
    assert_int_equal(bio.lower_status, WK_OK);

    bio_over(&bio, &s, WK_ERR_PEER_CLOSED, 0u);
    assert_int_equal(wk_tls_bio_recv(&bio, buf, sizeof(buf)), 0);

    bio_over(&bio, &s, WK_ERR_IO, 0u);
    assert_int_equal(wk_tls_bio_recv(&bio, buf, sizeof(buf)), WK_TLS_BIO_ERR_RECV);
    assert_int_equal(bio.lower_status, WK_ERR_IO);

    bio_over(&bio, &s, WK_ERR_STATE, 0u);
    assert_int_equal(wk_tls_bio_recv(&bio, buf, sizeof(buf)), WK_TLS_BIO_ERR_RECV);
    assert_int_equal(bio.lower_status, WK_ERR_STATE);

    /* a lower transport breaking its contract (WK_OK, nothing or too much) */
    bio_over(&bio, &s, WK_OK, 0u);
    assert_int_equal(wk_tls_bio_recv(&bio, buf, sizeof(buf)), WK_TLS_BIO_ERR_RECV);
    assert_int_equal(bio.lower_status, WK_ERR_IO);
    bio_over(&bio, &s, WK_OK, lower_ask(32u) + 1u);
    assert_int_equal(wk_tls_bio_recv(&bio, buf, 32u), WK_TLS_BIO_ERR_RECV);
    assert_int_equal(bio.lower_status, WK_ERR_IO);
}

/* ---- Down: read-ahead, over a lower stream that moves in scripted steps ---------------- */

/* The exact call patterns below assume a buffer well above the test's small
 * requests (the default), or none; other sizes still check every byte. */
#define READ_AHEAD_BIG (CONFIG_WK_TLS_READ_AHEAD >= 1024)

typedef struct step {
    wk_status_t status; /* what this lower call returns */
    size_t n;           /* bytes it hands out on WK_OK (at most what was asked) */
} step_t;

typedef struct stepped {
    const unsigned char *data; /* the stream, handed out in order */
    size_t size;
    size_t pos;
    const step_t *steps;
    size_t step_count;
    unsigned calls;
    size_t asked[8]; /* len of the first calls */
} stepped_t;

static wk_status_t stepped_recv(void *ctx, uint8_t *buf, size_t len, size_t *got,
                                uint32_t timeout_ms)
{
    stepped_t *s = ctx;
    const step_t *step;
    size_t n;
    (void)timeout_ms;
    /* a call the script does not expect fails the test: it would have waited */
    assert_true(s->calls < s->step_count);
    step = &s->steps[s->calls];
    if (s->calls < sizeof(s->asked) / sizeof(s->asked[0])) {
        s->asked[s->calls] = len;
    }
    s->calls++;
    if (step->status == WK_OK) {
        n = step->n < len ? step->n : len;
        n = n < s->size - s->pos ? n : s->size - s->pos;
        assert_true(n > 0u);
        memcpy(buf, s->data + s->pos, n);
        s->pos += n;
        *got = n;
    }
    return step->status;
}

static void bio_over_steps(wk_tls_bio_t *bio, stepped_t *s, const unsigned char *data,
                           size_t size, const step_t *steps, size_t step_count)
{
    memset(bio, 0, sizeof(*bio));
    memset(s, 0, sizeof(*s));
    s->data = data;
    s->size = size;
    s->steps = steps;
    s->step_count = step_count;
    bio->lower.send = scripted_send;
    bio->lower.recv = stepped_recv;
    bio->lower.ctx = s;
    bio->timeout_ms = 50u;
    bio->lower_status = WK_OK;
}

/* Bytes that tell their own position, so a loss or reordering shows. */
static void fill_pattern(unsigned char *p, size_t n)
{
    size_t i;
    for (i = 0u; i < n; i++) {
        p[i] = (unsigned char)(i * 7u + i / 251u);
    }
}

/* Reads bigger than mbedTLS asks for are handed out over as many calls as it
 * makes, in order; no call gets more than it asked for. */
static void test_bio_read_ahead_split(void **state)
{
    static unsigned char data[200];
    static step_t steps[8];
    const size_t asks[] = { 5u, 40u, 30u, 50u, 60u, 60u };
    unsigned char got[sizeof(data)];
    size_t have = 0u;
    size_t i;
    wk_tls_bio_t bio;
    stepped_t s;
    (void)state;
    fill_pattern(data, sizeof(data));
    for (i = 0u; i < sizeof(steps) / sizeof(steps[0]); i++) {
        steps[i].status = WK_OK;
        steps[i].n = 100u; /* the lower transport has 100 bytes at a time */
    }
    bio_over_steps(&bio, &s, data, sizeof(data), steps, sizeof(steps) / sizeof(steps[0]));
    for (i = 0u; i < sizeof(asks) / sizeof(asks[0]); i++) {
        int n = wk_tls_bio_recv(&bio, got + have, asks[i]);
        assert_true(n > 0 && (size_t)n <= asks[i]);
        have += (size_t)n;
    }
    assert_int_equal(have, sizeof(data));
    assert_memory_equal(got, data, sizeof(data));
    if (CONFIG_WK_TLS_READ_AHEAD == 0) {
        assert_int_equal(s.calls, 6u);
        assert_int_equal(s.asked[3], 50u);
    } else if (READ_AHEAD_BIG) {
        /* 5, 40, 30 and the 25 left of the first read; 60 and 40 of the second */
        assert_int_equal(s.calls, 2u);
        assert_int_equal(s.asked[0], (size_t)CONFIG_WK_TLS_READ_AHEAD);
        assert_int_equal(s.asked[1], (size_t)CONFIG_WK_TLS_READ_AHEAD);
    }
}

/* mbedTLS's pattern: a 5-byte header, then the body it announces. Records
 * that fit the buffer come from one lower read; a body larger than the buffer
 * is read straight into mbedTLS's buffer once the held bytes are given. */
static void test_bio_header_then_body(void **state)
{
    enum { SMALL = 300, BIG = 2 * CONFIG_WK_TLS_READ_AHEAD + 700 };
    static unsigned char data[3 * (5 + SMALL) + 5 + BIG];
    static unsigned char body[BIG];
    static step_t steps[8];
    const size_t lens[4] = { SMALL, SMALL, SMALL, BIG };
    size_t pos = 0u;
    size_t r;
    wk_tls_bio_t bio;
    stepped_t s;
    (void)state;
    fill_pattern(data, sizeof(data));
    for (r = 0u; r < 4u; r++) {
        /* the body length in bytes 2..4 of this test's header */
        data[pos + 2u] = (unsigned char)(lens[r] >> 16);
        data[pos + 3u] = (unsigned char)(lens[r] >> 8);
        data[pos + 4u] = (unsigned char)lens[r];
        pos += 5u + lens[r];
    }
    for (r = 0u; r < sizeof(steps) / sizeof(steps[0]); r++) {
        steps[r].status = WK_OK;
        steps[r].n = sizeof(data); /* all it has, up to what it is asked for */
    }
    bio_over_steps(&bio, &s, data, sizeof(data), steps, sizeof(steps) / sizeof(steps[0]));
    pos = 0u;
    for (r = 0u; r < 4u; r++) {
        unsigned char hdr[5];
        size_t have = 0u;
        size_t len;
        while (have < sizeof(hdr)) {
            int n = wk_tls_bio_recv(&bio, hdr + have, sizeof(hdr) - have);
            assert_true(n > 0);
            have += (size_t)n;
        }
        assert_memory_equal(hdr, data + pos, sizeof(hdr));
        len = ((size_t)hdr[2] << 16) | ((size_t)hdr[3] << 8) | hdr[4];
        assert_int_equal(len, lens[r]);
        pos += sizeof(hdr);
        for (have = 0u; have < len;) {
            int n = wk_tls_bio_recv(&bio, body + have, len - have);
            assert_true(n > 0);
            have += (size_t)n;
        }
        assert_memory_equal(body, data + pos, len);
        pos += len;
    }
    assert_int_equal(s.pos, sizeof(data));
    if (CONFIG_WK_TLS_READ_AHEAD == 0) {
        assert_int_equal(s.calls, 8u); /* two per record */
    } else if (READ_AHEAD_BIG) {
        /* one buffer: the small records, the big one's header and the start
         * of its body; then the rest of that body in one direct read */
        size_t in_first = (size_t)CONFIG_WK_TLS_READ_AHEAD - (3u * (5u + SMALL) + 5u);
        assert_int_equal(s.calls, 2u);
        assert_int_equal(s.asked[0], (size_t)CONFIG_WK_TLS_READ_AHEAD);
        assert_int_equal(s.asked[1], (size_t)BIG - in_first);
    }
}

/* WK_WOULD_BLOCK, the end of the stream and failures come only once the held
 * bytes are gone, and map as they do without read-ahead. */
static void test_bio_read_ahead_drains_first(void **state)
{
    static unsigned char data[64];
    static const step_t steps[] = {
        { WK_OK, 10u }, { WK_WOULD_BLOCK, 0u }, { WK_OK, 3u }, { WK_ERR_PEER_CLOSED, 0u },
    };
    static const step_t fail_steps[] = { { WK_OK, 6u }, { WK_ERR_IO, 0u } };
    unsigned char got[16];
    wk_tls_bio_t bio;
    stepped_t s;
    (void)state;
    fill_pattern(data, sizeof(data));
    bio_over_steps(&bio, &s, data, sizeof(data), steps, sizeof(steps) / sizeof(steps[0]));
    assert_int_equal(wk_tls_bio_recv(&bio, got, 4u), 4);
    assert_memory_equal(got, data, 4u);
    if (CONFIG_WK_TLS_READ_AHEAD == 0) {
        /* nothing held: each call is one lower read of what mbedTLS asked */
        assert_int_equal(wk_tls_bio_recv(&bio, got, 6u), MBEDTLS_ERR_SSL_WANT_READ);
        assert_int_equal(wk_tls_bio_recv(&bio, got, 6u), 3);
        assert_memory_equal(got, data + 4, 3u);
        assert_int_equal(wk_tls_bio_recv(&bio, got, 6u), 0);
        assert_int_equal(bio.lower_status, WK_ERR_PEER_CLOSED);
        assert_int_equal(s.calls, 4u);
        assert_int_equal(s.asked[0], 4u);
    } else if (READ_AHEAD_BIG) {
        /* the 6 held are given without a lower call, however much is asked */
        assert_int_equal(wk_tls_bio_recv(&bio, got, sizeof(got)), 6);
        assert_memory_equal(got, data + 4, 6u);
        assert_int_equal(s.calls, 1u);
        assert_int_equal(wk_tls_bio_recv(&bio, got, 5u), MBEDTLS_ERR_SSL_WANT_READ);
        assert_int_equal(bio.lower_status, WK_OK);
        assert_int_equal(wk_tls_bio_recv(&bio, got, 5u), 3);
        assert_memory_equal(got, data + 10, 3u);
        assert_int_equal(wk_tls_bio_recv(&bio, got, 5u), 0);
        assert_int_equal(bio.lower_status, WK_ERR_PEER_CLOSED);
        assert_int_equal(s.calls, 4u);

        bio_over_steps(&bio, &s, data, sizeof(data), fail_steps,
                       sizeof(fail_steps) / sizeof(fail_steps[0]));
        assert_int_equal(wk_tls_bio_recv(&bio, got, 2u), 2);
        assert_int_equal(wk_tls_bio_recv(&bio, got, 8u), 4);
        assert_memory_equal(got, data + 2, 4u);
        assert_int_equal(bio.lower_status, WK_OK);
        assert_int_equal(wk_tls_bio_recv(&bio, got, 8u), WK_TLS_BIO_ERR_RECV);
        assert_int_equal(bio.lower_status, WK_ERR_IO);
        assert_int_equal(s.calls, 2u);
    }
}

static void test_bio_send_rows(void **state)
{
    wk_tls_bio_t bio;
    scripted_t s;
    const unsigned char data[20] = { 0 };
    (void)state;
    bio_over(&bio, &s, WK_OK, 20u);
    assert_int_equal(wk_tls_bio_send(&bio, data, sizeof(data)), 20);
    assert_int_equal(s.seen_timeout, 321u);
    bio_over(&bio, &s, WK_OK, 6u); /* partial writes pass through */
    assert_int_equal(wk_tls_bio_send(&bio, data, sizeof(data)), 6);

    bio_over(&bio, &s, WK_WOULD_BLOCK, 0u);
    assert_int_equal(wk_tls_bio_send(&bio, data, sizeof(data)), MBEDTLS_ERR_SSL_WANT_WRITE);
    assert_int_equal(bio.lower_status, WK_OK);

    /* never 0 on send: mbedTLS would take that as progress */
    bio_over(&bio, &s, WK_ERR_PEER_CLOSED, 0u);
    assert_int_equal(wk_tls_bio_send(&bio, data, sizeof(data)), WK_TLS_BIO_ERR_SEND);
    assert_int_equal(bio.lower_status, WK_ERR_PEER_CLOSED);

    bio_over(&bio, &s, WK_ERR_IO, 0u);
    assert_int_equal(wk_tls_bio_send(&bio, data, sizeof(data)), WK_TLS_BIO_ERR_SEND);
    assert_int_equal(bio.lower_status, WK_ERR_IO);

    bio_over(&bio, &s, WK_OK, 0u);
    assert_int_equal(wk_tls_bio_send(&bio, data, sizeof(data)), WK_TLS_BIO_ERR_SEND);
    assert_int_equal(bio.lower_status, WK_ERR_IO);
}

/* ---- Up: mbedTLS results to statuses ------------------------------------------------ */

static void test_status_mapping_rows(void **state)
{
    wk_tls_bio_t bio;
    (void)state;
    memset(&bio, 0, sizeof(bio));
    bio.lower_status = WK_OK;
    assert_int_equal(wk_tls_status_from_mbedtls(&bio, MBEDTLS_ERR_SSL_WANT_READ), WK_WOULD_BLOCK);
    assert_int_equal(wk_tls_status_from_mbedtls(&bio, MBEDTLS_ERR_SSL_WANT_WRITE), WK_WOULD_BLOCK);
    assert_int_equal(wk_tls_status_from_mbedtls(&bio, MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY),
                     WK_ERR_PEER_CLOSED);
    /* unclean ends: never taken for an orderly close */
    assert_int_equal(wk_tls_status_from_mbedtls(&bio, 0), WK_ERR_IO);
    assert_int_equal(wk_tls_status_from_mbedtls(&bio, MBEDTLS_ERR_SSL_CONN_EOF), WK_ERR_IO);
    assert_int_equal(wk_tls_status_from_mbedtls(&bio, MBEDTLS_ERR_X509_CERT_VERIFY_FAILED),
                     WK_ERR_TLS_VERIFY);
    assert_int_equal(wk_tls_status_from_mbedtls(&bio, MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE),
                     WK_ERR_TLS);
    assert_int_equal(wk_tls_status_from_mbedtls(&bio, MBEDTLS_ERR_SSL_INVALID_MAC), WK_ERR_TLS);
    /* lower failures keep the lower transport's status */
    assert_int_equal(wk_tls_status_from_mbedtls(&bio, WK_TLS_BIO_ERR_RECV), WK_ERR_IO);
    bio.lower_status = WK_ERR_IO;
    assert_int_equal(wk_tls_status_from_mbedtls(&bio, WK_TLS_BIO_ERR_RECV), WK_ERR_IO);
    bio.lower_status = WK_ERR_PEER_CLOSED;
    assert_int_equal(wk_tls_status_from_mbedtls(&bio, WK_TLS_BIO_ERR_SEND), WK_ERR_PEER_CLOSED);
    assert_int_equal(wk_tls_status_from_mbedtls(NULL, WK_TLS_BIO_ERR_SEND), WK_ERR_IO);
}

/* ---- Configuration ----------------------------------------------------------------- */

static void test_ca_sources(void **state)
{
    static wk_tls_config_t cfg;
    wk_diag_t diag;
    char missing[128];
    (void)state;
    join_path(missing, sizeof(missing), g_pki.dir, "no-such-ca.pem");
    assert_int_equal(wk_tls_config_init(&cfg, missing, NULL, &diag), WK_ERR_TLS_CA);
    assert_non_null(strstr(diag.text, missing));
    assert_int_equal(wk_tls_config_free(&cfg), WK_OK); /* harmless after a failure */

    assert_int_equal(wk_tls_config_init(&cfg, NULL, missing, &diag), WK_ERR_TLS_CA);
    assert_non_null(strstr(diag.text, "CA directory"));

    assert_int_equal(wk_tls_config_init(&cfg, g_pki.garbage_file, NULL, &diag), WK_ERR_TLS_CA);
    assert_non_null(strstr(diag.text, g_pki.garbage_file));

    assert_int_equal(wk_tls_config_init(&cfg, g_pki.ca_file, NULL, &diag), WK_OK);
    assert_int_equal(wk_tls_config_skipped_certs(&cfg), 0);
    assert_int_equal(wk_tls_config_free(&cfg), WK_OK);
    assert_int_equal(wk_tls_config_free(&cfg), WK_OK); /* twice is fine */

    /* a directory holding the CA and an unparsable file: loads, counts the skip */
    assert_int_equal(wk_tls_config_init(&cfg, NULL, g_pki.dir, &diag), WK_OK);
    assert_int_equal(wk_tls_config_skipped_certs(&cfg), 1);
    assert_int_equal(wk_tls_config_free(&cfg), WK_OK);

    assert_int_equal(wk_tls_config_init(NULL, NULL, NULL, &diag), WK_ERR_ARG);
    assert_int_equal(wk_tls_config_free(NULL), WK_ERR_ARG);
}

/* The connector can load its CA bundle before any connection, so that a
 * bundle that does not parse is a configuration error, not a network one. */
static void test_connector_loads_ca_first(void **state)
{
    static wk_posix_conn_t tcp_conn;
    static wk_tls_connector_t net;
    wk_tcp_opener_t tcp = wk_posix_opener(&tcp_conn);
    wk_tls_trust_t trust = {g_pki.garbage_file, NULL, 0u};
    wk_connector_t conn;
    (void)state;
    assert_int_equal(wk_tls_connector_init(&net, &tcp, &trust, &conn), WK_OK);
    assert_int_equal(wk_tls_connector_load_ca(&net), WK_ERR_TLS_CA);
    assert_non_null(strstr(wk_tls_connector_diag(&net)->text, g_pki.garbage_file));
    assert_int_equal(wk_tls_connector_free(&net), WK_OK);

    trust.ca_file = g_pki.ca_file;
    assert_int_equal(wk_tls_connector_init(&net, &tcp, &trust, &conn), WK_OK);
    assert_int_equal(wk_tls_connector_load_ca(&net), WK_OK);
    assert_string_equal(wk_tls_connector_diag(&net)->text, "");
    assert_int_equal(wk_tls_connector_load_ca(&net), WK_OK); /* loaded once, kept */
    assert_int_equal(wk_tls_connector_free(&net), WK_OK);
    assert_int_equal(wk_tls_connector_load_ca(NULL), WK_ERR_ARG);
}

/* Trust anchors from memory, as a target without a file system keeps them. */
static void test_connector_ca_from_memory(void **state)
{
    static wk_posix_conn_t tcp_conn;
    static wk_tls_connector_t net;
    wk_tcp_opener_t tcp = wk_posix_opener(&tcp_conn);
    wk_tls_trust_t trust = {NULL, (const unsigned char *)g_pki.ca_pem, 0u};
    wk_connector_t conn;
    (void)state;
    trust.ca_len = strlen(g_pki.ca_pem) + 1u;
    assert_int_equal(wk_tls_connector_init(&net, &tcp, &trust, &conn), WK_OK);
    assert_int_equal(wk_tls_connector_load_ca(&net), WK_OK);
    assert_int_equal(wk_tls_connector_free(&net), WK_OK);

    trust.ca = (const unsigned char *)"not a certificate";
    trust.ca_len = 18u;
    assert_int_equal(wk_tls_connector_init(&net, &tcp, &trust, &conn), WK_OK);
    assert_int_equal(wk_tls_connector_load_ca(&net), WK_ERR_TLS_CA);
    assert_non_null(strstr(wk_tls_connector_diag(&net)->text, "in memory"));
    assert_int_equal(wk_tls_connector_free(&net), WK_OK);
}

/* The contract's refusals: bad arguments, and storage of another size. */
static void test_connector_refusals(void **state)
{
    static wk_posix_conn_t tcp_conn;
    static wk_tls_connector_t net;
    wk_tcp_opener_t tcp = wk_posix_opener(&tcp_conn);
    wk_tcp_opener_t no_close = tcp;
    wk_tls_trust_t both = {g_pki.ca_file, (const unsigned char *)g_pki.ca_pem, 10u};
    wk_tls_trust_t empty_ca = {NULL, (const unsigned char *)g_pki.ca_pem, 0u};
    wk_connector_t conn = {NULL, NULL, NULL};
    (void)state;
    no_close.close = NULL;
    assert_int_equal(wk_tls_connector_init(NULL, &tcp, NULL, &conn), WK_ERR_ARG);
    assert_int_equal(wk_tls_connector_init(&net, NULL, NULL, &conn), WK_ERR_ARG);
    assert_int_equal(wk_tls_connector_init(&net, &tcp, NULL, NULL), WK_ERR_ARG);
    assert_int_equal(wk_tls_connector_init(&net, &no_close, NULL, &conn), WK_ERR_ARG);
    assert_int_equal(wk_tls_connector_init(&net, &tcp, &both, &conn), WK_ERR_ARG);
    assert_int_equal(wk_tls_connector_init(&net, &tcp, &empty_ca, &conn), WK_ERR_ARG);
    /* a caller compiled with another WK_TLS_CONNECTOR_SIZE: nothing written */
    memset(&net, 0x5a, sizeof(net));
    assert_int_equal(wk_tls_connector_init_checked(&net, sizeof(net) - 8u, &tcp, NULL, &conn),
                     WK_ERR_BUILD_MISMATCH);
    assert_int_equal(net.opaque.bytes[0], 0x5a);
    assert_null(conn.open);
    memset(&net, 0, sizeof(net));
    assert_int_equal(wk_tls_connector_free(&net), WK_OK); /* zero-filled: nothing held */
    assert_int_equal(wk_tls_connector_free(NULL), WK_ERR_ARG);
    assert_null(wk_tls_connector_diag(NULL));
}

static void test_version_text(void **state)
{
    char text[WK_TLS_VERSION_MAX];
    char small[8] = "x";
    (void)state;
    assert_int_equal(wk_tls_version(text, sizeof(text)), WK_OK);
    assert_non_null(strstr(text, " (built with " MBEDTLS_VERSION_STRING_FULL ")"));
    assert_int_equal(wk_tls_version(small, sizeof(small)), WK_ERR_NO_SPACE);
    assert_string_equal(small, "");
    assert_int_equal(wk_tls_version(NULL, 1u), WK_ERR_ARG);
    assert_int_equal(wk_tls_version(text, 0u), WK_ERR_ARG);
}

static void test_system_bundle_default(void **state)
{
    static wk_tls_config_t cfg;
    wk_diag_t diag;
    (void)state;
    if (access(WK_TLS_DEFAULT_CA_FILE, R_OK) != 0) {
        skip(); /* no system CA bundle installed */
        return; /* skip() does not return, but is not declared noreturn */
    }
    assert_int_equal(wk_tls_config_init(&cfg, NULL, NULL, &diag), WK_OK);
    assert_true(cfg.ca.version != 0);
    assert_int_equal(wk_tls_config_free(&cfg), WK_OK);
}

/* ---- Real handshakes on loopback ---------------------------------------------------- */

static void test_handshake_by_name(void **state)
{
    wk_diag_t diag;
    (void)state;
    assert_int_equal(handshake_only(g_pki.ca_file, g_pki.good_pem, "localhost", &diag), WK_OK);
    /* a name goes to the server as SNI */
    assert_int_equal(g_last_sni_count, 1);
    assert_string_equal(g_last_sni, "localhost");
    /* DNS names compare case-insensitively */
    assert_int_equal(handshake_only(g_pki.ca_file, g_pki.good_pem, "LocalHost", &diag), WK_OK);
}

static void test_handshake_ca_directory(void **state)
{
    static client_t c;
    server_t srv;
    wk_transport_t t;
    (void)state;
    memset(&c, 0, sizeof(c));
    assert_int_equal(wk_tls_config_init(&c.cfg, NULL, g_pki.ca_dir, &c.diag), WK_OK);
    server_start(&srv, g_pki.good_pem, SRV_CLOSE_NOTIFY);
    assert_int_equal(client_connect(&c, &srv, "localhost"), WK_OK);
    t = wk_tls_transport(&c.tls);
    send_all(&t, "dir");
    expect_reply(&t, "pong:dir");
    client_finish(&c);
    server_join(&srv);
}

/* A board without a file system keeps its trust anchors in flash. */
static void test_handshake_ca_from_memory(void **state)
{
    static client_t c;
    static wk_tls_config_t bad;
    server_t srv;
    wk_transport_t t;
    (void)state;
    memset(&c, 0, sizeof(c));
    assert_int_equal(wk_tls_config_init_ca(&c.cfg, (const unsigned char *)g_pki.ca_pem,
                                           strlen(g_pki.ca_pem) + 1u, &c.diag), WK_OK);
    server_start(&srv, g_pki.good_pem, SRV_CLOSE_NOTIFY);
    assert_int_equal(client_connect(&c, &srv, "localhost"), WK_OK);
    t = wk_tls_transport(&c.tls);
    send_all(&t, "mem");
    expect_reply(&t, "pong:mem");
    client_finish(&c);
    server_join(&srv);

    assert_int_equal(wk_tls_config_init_ca(&bad, (const unsigned char *)"not a cert", 11u, &c.diag),
                     WK_ERR_TLS_CA);
    assert_non_null(strstr(c.diag.text, "in memory"));
    assert_int_equal(wk_tls_config_init_ca(&bad, NULL, 1u, &c.diag), WK_ERR_ARG);
}

/* Every textual form of an address among the certificate's iPAddress SANs
 * matches it, and no SNI is sent for an IP literal (RFC 6066, section 3). */
static void test_handshake_by_ip_literal(void **state)
{
    static const char *const hosts[] = {
        "127.0.0.1",
        "::1",
        "0:0:0:0:0:0:0:1",
        "0::1",
        "::0:1",
        "0:0:0:0:0:0::1", /* "::" standing for one group */
        "::0:0:0:0:0:0:1",
        "::0.0.0.1",      /* the same 16 bytes with a dotted tail */
        "2001:db8::a",
        "2001:DB8::A",
        "2001:0db8:0000:0:0:0:0:000a",
        "2001:db8:0::0:a",
    };
    wk_diag_t diag;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
        print_message("host %s\n", hosts[i]);
        assert_int_equal(handshake_only(g_pki.ca_file, g_pki.good_pem, hosts[i], &diag), WK_OK);
        assert_int_equal(g_last_sni_count, 0);
    }
}

/* An IP literal needs an iPAddress SAN with that address. A dNSName or CN
 * holding the same text, a wildcard that covers the text, another address,
 * or the same IPv4 address in IPv4-mapped IPv6 form do not count. */
static void test_ip_literal_needs_ip_san(void **state)
{
    const struct {
        const char *host;
        const char *pem;
    } cases[] = {
        {"127.0.0.1", g_pki.wildcard_pem},
        {"127.0.0.1", g_pki.dns_text_pem},
        {"::1", g_pki.dns_text_pem},
        {"127.0.0.1", g_pki.cn_ipv4_pem},
        {"::1", g_pki.cn_ipv6_pem},
        {"127.0.0.2", g_pki.good_pem},
        {"::2", g_pki.good_pem},
        {"::ffff:127.0.0.1", g_pki.good_pem},
        {"2001:db8::b", g_pki.good_pem},
    };
    wk_diag_t diag;
    char expected[96];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        print_message("host %s, certificate %zu\n", cases[i].host, i);
        assert_int_equal(handshake_only(g_pki.ca_file, cases[i].pem, cases[i].host, &diag),
                         WK_ERR_TLS_VERIFY);
        snprintf(expected, sizeof(expected), "certificate of %s rejected: no iPAddress "
                 "subjectAltName equal to %s", cases[i].host, cases[i].host);
        assert_string_equal(diag.text, expected);
        assert_int_equal(g_last_sni_count, 0);
    }
}

/* Each host is refused before any handshake, with a diagnostic naming it. */
static void expect_refused_hosts(const char *const *hosts, size_t count)
{
    wk_diag_t diag;
    size_t i;
    for (i = 0; i < count; i++) {
        print_message("host %s\n", hosts[i]);
        assert_int_equal(handshake_only(g_pki.ca_file, g_pki.good_pem, hosts[i], &diag),
                         WK_ERR_ARG);
        assert_non_null(strstr(diag.text, hosts[i]));
    }
}

/* "::" stands for one or more zero groups (RFC 4291, section 2.2; inet_pton()
 * agrees): beside eight groups it makes the text no address at all, so it
 * must neither match the ::1 SAN nor reach a handshake. */
static void test_malformed_ipv6_literal_refused(void **state)
{
    static const char *const hosts[] = {
        "0:0:0:0::0:0:0:1", "::0:0:0:0:0:0:0:1", "0:0:0:0:0:0:0:1::", "0:0:0:0:0:0:0:0:1",
        ":::1", "::1::", "1::2::3", "::1%lo", "::00001", "::127.0.0.01",
    };
    (void)state;
    expect_refused_hosts(hosts, sizeof(hosts) / sizeof(hosts[0]));
}

/* Text some resolvers read as an IPv4 address, others as another one or as a
 * name: refused, rather than connected to one address and checked as a name. */
static void test_ambiguous_ipv4_host_refused(void **state)
{
    static const char *const hosts[] = {
        "127.0.0.01", "0x7f.0.0.1", "0177.0.0.1", "127.000.0.1", "127.1", "2130706433",
        "0x7f000001", "127.0.0.1.", "1.2.3.4.5",
    };
    (void)state;
    expect_refused_hosts(hosts, sizeof(hosts) / sizeof(hosts[0]));
}

static void test_wrong_host_name(void **state)
{
    wk_diag_t diag;
    (void)state;
    assert_int_equal(handshake_only(g_pki.ca_file, g_pki.good_pem, "wickr.example", &diag),
                     WK_ERR_TLS_VERIFY);
    assert_non_null(strstr(diag.text, "wickr.example"));
    assert_non_null(strstr(diag.text, "Common Name"));
}

static void test_unknown_ca(void **state)
{
    wk_diag_t diag;
    (void)state;
    /* trusting only the other CA */
    assert_int_equal(handshake_only(g_pki.other_ca_file, g_pki.good_pem, "localhost", &diag),
                     WK_ERR_TLS_VERIFY);
    assert_non_null(strstr(diag.text, "not correctly signed"));
    /* a certificate from the other CA, trusting ours */
    assert_int_equal(handshake_only(g_pki.ca_file, g_pki.other_signed_pem, "localhost", &diag),
                     WK_ERR_TLS_VERIFY);
    assert_non_null(strstr(diag.text, "not correctly signed"));
    /* by IP literal: the chain's reason alone, or after the missing address */
    assert_int_equal(handshake_only(g_pki.other_ca_file, g_pki.good_pem, "::1", &diag),
                     WK_ERR_TLS_VERIFY);
    assert_non_null(strstr(diag.text, "rejected: The certificate is not correctly signed"));
    assert_null(strstr(diag.text, "iPAddress"));
    assert_int_equal(handshake_only(g_pki.other_ca_file, g_pki.good_pem, "127.0.0.2", &diag),
                     WK_ERR_TLS_VERIFY);
    assert_non_null(strstr(diag.text, "rejected: no iPAddress subjectAltName equal to 127.0.0.2; "
                                      "The certificate is not correctly signed"));
}

static void test_expired_certificate(void **state)
{
    wk_diag_t diag;
    (void)state;
    assert_int_equal(handshake_only(g_pki.ca_file, g_pki.expired_pem, "localhost", &diag),
                     WK_ERR_TLS_VERIFY);
    assert_non_null(strstr(diag.text, "expired"));
}

static void close_mapping(srv_mode_t mode, wk_status_t expected)
{
    static client_t c;
    server_t srv;
    wk_transport_t t;
    uint8_t buf[16];
    size_t got = 0u;
    memset(&c, 0, sizeof(c));
    assert_int_equal(wk_tls_config_init(&c.cfg, g_pki.ca_file, NULL, &c.diag), WK_OK);
    server_start(&srv, g_pki.good_pem, mode);
    assert_int_equal(client_connect(&c, &srv, "localhost"), WK_OK);
    t = wk_tls_transport(&c.tls);
    send_all(&t, "end");
    expect_reply(&t, "pong:end");
    assert_int_equal(t.recv(t.ctx, buf, sizeof(buf), &got, 2000u), expected);
    /* sticky: asked again, the same answer */
    assert_int_equal(t.recv(t.ctx, buf, sizeof(buf), &got, 2000u), expected);
    assert_int_equal(t.send(t.ctx, buf, 1u, &got, 2000u), expected);
    client_finish(&c);
    server_join(&srv);
}

static void test_close_notify_is_peer_closed(void **state)
{
    (void)state;
    close_mapping(SRV_CLOSE_NOTIFY, WK_ERR_PEER_CLOSED);
}

static void test_unclean_close_is_io_error(void **state)
{
    (void)state;
    close_mapping(SRV_UNCLEAN, WK_ERR_IO);
}

/* ---- Up, through a real session: a switchable lower transport ------------------------- */

typedef struct switchable {
    wk_transport_t inner;
    wk_status_t inject; /* WK_OK: pass through; else return this */
    unsigned injected;
} switchable_t;

static wk_status_t switch_send(void *ctx, const uint8_t *buf, size_t len, size_t *sent,
                               uint32_t timeout_ms)
{
    switchable_t *w = ctx;
    if (w->inject != WK_OK) {
        w->injected++;
        return w->inject;
    }
    return w->inner.send(w->inner.ctx, buf, len, sent, timeout_ms);
}

static wk_status_t switch_recv(void *ctx, uint8_t *buf, size_t len, size_t *got,
                               uint32_t timeout_ms)
{
    switchable_t *w = ctx;
    if (w->inject != WK_OK) {
        w->injected++;
        return w->inject;
    }
    return w->inner.recv(w->inner.ctx, buf, len, got, timeout_ms);
}

static void open_switchable(client_t *c, switchable_t *w, server_t *srv)
{
    memset(c, 0, sizeof(*c));
    memset(w, 0, sizeof(*w));
    assert_int_equal(wk_tls_config_init(&c->cfg, g_pki.ca_file, NULL, &c->diag), WK_OK);
    server_start(srv, g_pki.good_pem, SRV_WAIT);
    assert_int_equal(wk_posix_connect(&c->tcp, "127.0.0.1", srv->port, 3000u, &c->diag), WK_OK);
    w->inner = wk_posix_transport(&c->tcp);
    c->lower.send = switch_send;
    c->lower.recv = switch_recv;
    c->lower.ctx = w;
    assert_int_equal(wk_tls_connect(&c->tls, &c->cfg, &c->lower, "localhost", 5000u, &c->diag),
                     WK_OK);
}

static void test_session_would_block_then_io_error(void **state)
{
    static client_t c;
    static switchable_t w;
    server_t srv;
    wk_transport_t t;
    uint8_t buf[16];
    size_t n = 0u;
    uint32_t start;
    (void)state;
    open_switchable(&c, &w, &srv);
    t = wk_tls_transport(&c.tls);

    /* lower WOULD_BLOCK on send: TLS WOULD_BLOCK, retried within the timeout */
    w.inject = WK_WOULD_BLOCK;
    start = wk_port_now_ms();
    assert_int_equal(t.send(t.ctx, (const uint8_t *)"ping", 4u, &n, 60u), WK_WOULD_BLOCK);
    assert_true(wk_port_now_ms() - start >= 60u);
    assert_true(w.injected > 1u);
    /* ... and not fatal: repeating the same bytes goes through, once */
    w.inject = WK_OK;
    assert_int_equal(t.send(t.ctx, (const uint8_t *)"ping", 4u, &n, 2000u), WK_OK);
    assert_int_equal(n, 4u);
    expect_reply(&t, "pong:ping");

    /* lower WOULD_BLOCK on receive: TLS WOULD_BLOCK after the timeout */
    w.inject = WK_WOULD_BLOCK;
    w.injected = 0u;
    start = wk_port_now_ms();
    assert_int_equal(t.recv(t.ctx, buf, sizeof(buf), &n, 80u), WK_WOULD_BLOCK);
    assert_true(wk_port_now_ms() - start >= 80u);
    assert_true(w.injected > 1u);
    /* timeout 0: exactly one attempt */
    w.injected = 0u;
    assert_int_equal(t.recv(t.ctx, buf, sizeof(buf), &n, 0u), WK_WOULD_BLOCK);
    assert_int_equal(w.injected, 1u);

    /* lower I/O error: WK_ERR_IO, and it sticks */
    w.inject = WK_ERR_IO;
    assert_int_equal(t.recv(t.ctx, buf, sizeof(buf), &n, 500u), WK_ERR_IO);
    w.inject = WK_OK;
    assert_int_equal(t.recv(t.ctx, buf, sizeof(buf), &n, 0u), WK_ERR_IO);
    assert_int_equal(t.send(t.ctx, buf, 1u, &n, 0u), WK_ERR_IO);

    client_finish(&c);
    server_join(&srv);
    /* the server saw "ping" exactly once */
    assert_int_equal(srv.request_len, 4u);
    assert_memory_equal(srv.request, "ping", 4u);
}

static void test_session_lower_end_is_unclean(void **state)
{
    static client_t c;
    static switchable_t w;
    server_t srv;
    wk_transport_t t;
    uint8_t buf[16];
    size_t n = 0u;
    (void)state;
    open_switchable(&c, &w, &srv);
    t = wk_tls_transport(&c.tls);
    send_all(&t, "x");
    expect_reply(&t, "pong:x");
    /* the lower stream ends (TCP FIN) without close_notify */
    w.inject = WK_ERR_PEER_CLOSED;
    assert_int_equal(t.recv(t.ctx, buf, sizeof(buf), &n, 500u), WK_ERR_IO);
    w.inject = WK_OK;
    client_finish(&c);
    server_join(&srv);
}

static void test_session_send_failures(void **state)
{
    static client_t c;
    static switchable_t w;
    server_t srv;
    wk_transport_t t;
    size_t n = 0u;
    (void)state;
    open_switchable(&c, &w, &srv);
    t = wk_tls_transport(&c.tls);
    w.inject = WK_ERR_PEER_CLOSED;
    assert_int_equal(t.send(t.ctx, (const uint8_t *)"x", 1u, &n, 500u), WK_ERR_PEER_CLOSED);
    w.inject = WK_OK;
    client_finish(&c);
    server_join(&srv);

    open_switchable(&c, &w, &srv);
    t = wk_tls_transport(&c.tls);
    w.inject = WK_ERR_IO;
    assert_int_equal(t.send(t.ctx, (const uint8_t *)"x", 1u, &n, 500u), WK_ERR_IO);
    w.inject = WK_OK;
    client_finish(&c);
    server_join(&srv);
}

static void test_handshake_timeout(void **state)
{
    static client_t c;
    int fd;
    struct sockaddr_in a;
    socklen_t len = (socklen_t)sizeof(a);
    uint32_t start;
    (void)state;
    /* a TCP listener that never speaks TLS: the kernel accepts, nobody answers */
    memset(&c, 0, sizeof(c));
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, len), 0);
    assert_int_equal(listen(fd, 4), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    assert_int_equal(wk_tls_config_init(&c.cfg, g_pki.ca_file, NULL, &c.diag), WK_OK);
    assert_int_equal(wk_posix_connect(&c.tcp, "127.0.0.1", ntohs(a.sin_port), 3000u, &c.diag),
                     WK_OK);
    c.lower = wk_posix_transport(&c.tcp);
    start = wk_port_now_ms();
    assert_int_equal(wk_tls_connect(&c.tls, &c.cfg, &c.lower, "localhost", 200u, &c.diag),
                     WK_ERR_TIMEOUT);
    assert_true(wk_port_now_ms() - start >= 190u);
    assert_non_null(strstr(c.diag.text, "timed out"));
    client_finish(&c);
    close(fd);
}

static void test_arguments_and_state(void **state)
{
    static wk_tls_session_t zeroed;
    static client_t c;
    wk_transport_t t;
    wk_transport_t no_fns;
    uint8_t buf[4] = { 0 };
    size_t n = 0u;
    char long_name[300];
    (void)state;
    memset(&c, 0, sizeof(c));
    memset(&no_fns, 0, sizeof(no_fns));
    memset(long_name, 'a', sizeof(long_name) - 1u);
    long_name[sizeof(long_name) - 1u] = '\0';
    assert_int_equal(wk_tls_config_init(&c.cfg, g_pki.ca_file, NULL, &c.diag), WK_OK);
    c.lower = wk_posix_transport(&c.tcp);
    assert_int_equal(wk_tls_connect(NULL, &c.cfg, &c.lower, "localhost", 100u, NULL), WK_ERR_ARG);
    assert_int_equal(wk_tls_connect(&c.tls, NULL, &c.lower, "localhost", 100u, NULL), WK_ERR_ARG);
    assert_int_equal(wk_tls_connect(&c.tls, &c.cfg, NULL, "localhost", 100u, NULL), WK_ERR_ARG);
    assert_int_equal(wk_tls_connect(&c.tls, &c.cfg, &no_fns, "localhost", 100u, NULL), WK_ERR_ARG);
    assert_int_equal(wk_tls_connect(&c.tls, &c.cfg, &c.lower, "", 100u, NULL), WK_ERR_ARG);
    assert_int_equal(wk_tls_connect(&c.tls, &c.cfg, &c.lower, "localhost", 0u, NULL), WK_ERR_ARG);
    assert_int_equal(wk_tls_connect(&c.tls, &c.cfg, &c.lower, long_name, 100u, &c.diag),
                     WK_ERR_ARG);
    assert_non_null(strstr(c.diag.text, "255"));

    /* a session that never connected */
    t = wk_tls_transport(&zeroed);
    assert_ptr_equal(t.ctx, &zeroed);
    assert_false(t.peer_verified);
    assert_int_equal(t.recv(t.ctx, buf, sizeof(buf), &n, 0u), WK_ERR_STATE);
    assert_int_equal(t.send(t.ctx, buf, sizeof(buf), &n, 0u), WK_ERR_STATE);
    assert_int_equal(wk_tls_close(&zeroed), WK_OK);
    assert_int_equal(wk_tls_close(&zeroed), WK_OK);
    assert_int_equal(wk_tls_close(NULL), WK_ERR_ARG);
    assert_int_equal(wk_tls_config_free(&c.cfg), WK_OK);

    /* a freed config is not ready */
    assert_int_equal(wk_tls_connect(&c.tls, &c.cfg, &c.lower, "localhost", 100u, NULL), WK_ERR_ARG);
}


/* ---- Session resumption ---------------------------------------------------------- */

/* The port of the last resume_round(); 0 makes the next one listen on a new port. */
static uint16_t g_round_port;

/* One connection with @p r to a fresh server thread on g_round_port (sharing
 * the session cache when @p cache): a request and its answer. Returns whether
 * the client says it resumed, after checking that the server says the same. */
static bool resume_round(client_t *c, const char *host, wk_tls_resume_t *r, bool cache)
{
    server_t srv;
    wk_transport_t t;
    bool resumed;
    server_start_cached(&srv, g_pki.good_pem, SRV_CLOSE_NOTIFY, cache, g_round_port);
    g_round_port = srv.port;
    assert_int_equal(wk_posix_connect(&c->tcp, "127.0.0.1", srv.port, 3000u, &c->diag), WK_OK);
    c->lower = wk_posix_transport(&c->tcp);
    assert_int_equal(wk_tls_connect_resume(&c->tls, &c->cfg, &c->lower, host, srv.port, r, 5000u,
                                           &c->diag), WK_OK);
    t = wk_tls_transport(&c->tls);
    assert_true(t.peer_verified);
    send_all(&t, "again");
    expect_reply(&t, "pong:again");
    resumed = wk_tls_resumed(&c->tls);
    assert_int_equal(wk_tls_close(&c->tls), WK_OK);
    assert_int_equal(wk_posix_close(&c->tcp), WK_OK);
    server_join(&srv);
    assert_int_equal(srv.cache_hits, resumed ? 1 : 0);
    return resumed;
}

static size_t exported_len(const wk_tls_resume_t *r)
{
    static uint8_t buf[WK_TLS_RESUME_EXPORT_MAX];
    size_t len = 1u;
    assert_int_equal(wk_tls_resume_export(r, buf, sizeof(buf), &len), WK_OK);
    return len;
}

static void client_open_config(client_t *c, wk_tls_resume_t *r)
{
    memset(c, 0, sizeof(*c));
    g_round_port = 0u;
    assert_int_equal(wk_tls_config_init(&c->cfg, g_pki.ca_file, NULL, &c->diag), WK_OK);
    assert_int_equal(wk_tls_resume_init(r), WK_OK);
}

/* The second connection resumes the first one's session, by name and by IP
 * literal (whose iPAddress check is the first handshake's); a server that
 * keeps no sessions gets full handshakes and the store follows it. */
static void test_resume_second_connection(void **state)
{
    static client_t c;
    static wk_tls_resume_t r;
    (void)state;
    client_open_config(&c, &r);
    assert_int_equal(exported_len(&r), 0u);
    assert_false(resume_round(&c, "localhost", &r, true));
    assert_true(exported_len(&r) > 0u);
    assert_true(resume_round(&c, "localhost", &r, true));
    assert_true(resume_round(&c, "localhost", &r, true));

    assert_false(resume_round(&c, "127.0.0.1", &r, true));
    assert_true(resume_round(&c, "127.0.0.1", &r, true));

    /* refused: the handshake goes on in full, and its session is kept */
    assert_false(resume_round(&c, "localhost", &r, false));
    assert_true(exported_len(&r) > 0u);
    assert_false(resume_round(&c, "localhost", &r, false));

    /* without a store nothing is offered, even to a server that has the session */
    assert_false(resume_round(&c, "localhost", NULL, true));
    assert_int_equal(wk_tls_resume_free(&r), WK_OK);
    assert_int_equal(wk_tls_config_free(&c.cfg), WK_OK);
}

/* A session is offered to its own host and port only: the server's cache
 * would resume it on any port (server_start_cached() shares one cache). */
static void test_resume_other_host_gets_full_handshake(void **state)
{
    static client_t c;
    static wk_tls_resume_t r;
    (void)state;
    client_open_config(&c, &r);
    assert_false(resume_round(&c, "localhost", &r, true));
    /* another port */
    g_round_port = 0u;
    assert_false(resume_round(&c, "localhost", &r, true));
    /* another spelling of the host: another host */
    assert_false(resume_round(&c, "LocalHost", &r, true));
    assert_false(resume_round(&c, "::1", &r, true));
    /* the same host and port again: it would have resumed */
    assert_true(resume_round(&c, "::1", &r, true));
    assert_int_equal(wk_tls_resume_free(&r), WK_OK);
    assert_int_equal(wk_tls_config_free(&c.cfg), WK_OK);
}

/* Rewrites the record's creation time (bytes 8..15) to @p created, with its
 * checksum, as an export of a session made then would be. */
static void stamp_export(uint8_t *buf, size_t len, int64_t created)
{
    wk_sha256_t h;
    int i;
    for (i = 0; i < 8; i++) {
        buf[8 + i] = (uint8_t)((uint64_t)created >> (56 - 8 * i));
    }
    assert_int_equal(wk_port_sha256_start(&h), WK_OK);
    assert_int_equal(wk_port_sha256_update(&h, buf, len - WK_SHA256_LEN), WK_OK);
    assert_int_equal(wk_port_sha256_finish(&h, &buf[len - WK_SHA256_LEN]), WK_OK);
}

/* As an export made @p age seconds ago would be. */
static void age_export(uint8_t *buf, size_t len, int64_t age)
{
    int64_t now = 0;
    assert_int_equal(wk_port_utc_now(&now), WK_OK);
    stamp_export(buf, len, now - age);
}

/* Bytes exported after one connection resume in another store (a restart);
 * changed, cut or stale bytes are refused or not offered, and the next
 * handshake is a full one. */
static void test_resume_export_import(void **state)
{
    static client_t c;
    static wk_tls_resume_t r, again;
    static uint8_t saved[WK_TLS_RESUME_EXPORT_MAX], bad[WK_TLS_RESUME_EXPORT_MAX];
    size_t len = 0u;
    size_t need = 0u;
    wk_diag_t diag;
    (void)state;
    client_open_config(&c, &r);
    assert_false(resume_round(&c, "localhost", &r, true));
    assert_int_equal(wk_tls_resume_export(&r, saved, sizeof(saved), &len), WK_OK);
    assert_true(len > 18u + 9u + 32u && len <= sizeof(saved));
    assert_int_equal(wk_tls_resume_export(&r, saved, len - 1u, &need), WK_ERR_NO_SPACE);
    assert_int_equal(need, len);
    assert_int_equal(wk_tls_resume_free(&r), WK_OK);
    assert_int_equal(wk_tls_resume_export(&r, saved, sizeof(saved), &need), WK_ERR_STATE);

    /* after a restart: a new store, the bytes put back; the server remembers */
    assert_int_equal(wk_tls_resume_init(&again), WK_OK);
    assert_int_equal(wk_tls_resume_import(&again, saved, len, &diag), WK_OK);
    assert_string_equal(diag.text, "");
    assert_int_equal(exported_len(&again), len);
    assert_true(resume_round(&c, "localhost", &again, true));

    /* every single changed byte is refused, and leaves the store empty */
    for (need = 0u; need < len; need += 7u) {
        memcpy(bad, saved, len);
        bad[need] ^= 0x01u;
        assert_int_equal(wk_tls_resume_import(&again, bad, len, &diag), WK_ERR_TLS_SESSION);
        assert_non_null(strstr(diag.text, "saved TLS session refused: "));
        assert_int_equal(exported_len(&again), 0u);
    }
    assert_int_equal(wk_tls_resume_import(&again, saved, len - 1u, &diag), WK_ERR_TLS_SESSION);
    assert_int_equal(wk_tls_resume_import(&again, saved, 10u, &diag), WK_ERR_TLS_SESSION);
    assert_false(resume_round(&c, "localhost", &again, true));

    /* a day old: accepted as bytes, not offered, replaced by the next session */
    memcpy(bad, saved, len);
    age_export(bad, len, (int64_t)WK_TLS_SESSION_MAX_AGE_S);
    assert_int_equal(wk_tls_resume_import(&again, bad, len, &diag), WK_OK);
    assert_false(resume_round(&c, "localhost", &again, true));
    assert_true(resume_round(&c, "localhost", &again, true));
    /* made in the future (the clock went back): not offered */
    memcpy(bad, saved, len);
    age_export(bad, len, -60);
    assert_int_equal(wk_tls_resume_import(&again, bad, len, &diag), WK_OK);
    assert_false(resume_round(&c, "localhost", &again, true));
    /* times no clock gives: not offered (and no arithmetic overflows on them) */
    memcpy(bad, saved, len);
    stamp_export(bad, len, INT64_MIN);
    assert_int_equal(wk_tls_resume_import(&again, bad, len, &diag), WK_OK);
    assert_false(resume_round(&c, "localhost", &again, true));
    memcpy(bad, saved, len);
    stamp_export(bad, len, INT64_MAX);
    assert_int_equal(wk_tls_resume_import(&again, bad, len, &diag), WK_OK);
    assert_false(resume_round(&c, "localhost", &again, true));
    /* just in time */
    memcpy(bad, saved, len);
    age_export(bad, len, (int64_t)WK_TLS_SESSION_MAX_AGE_S - 60);
    assert_int_equal(wk_tls_resume_import(&again, bad, len, &diag), WK_OK);
    assert_true(resume_round(&c, "localhost", &again, true));

    /* 0 bytes: none */
    assert_int_equal(wk_tls_resume_import(&again, NULL, 0u, &diag), WK_OK);
    assert_int_equal(exported_len(&again), 0u);
    assert_int_equal(wk_tls_resume_free(&again), WK_OK);
    assert_int_equal(wk_tls_config_free(&c.cfg), WK_OK);
}

static void test_resume_arguments(void **state)
{
    static wk_tls_resume_t r;
    static wk_tls_connector_t n;
    uint8_t buf[8];
    size_t len = 0u;
    (void)state;
    memset(&r, 0, sizeof(r));
    assert_int_equal(wk_tls_resume_init(NULL), WK_ERR_ARG);
    assert_int_equal(wk_tls_resume_init_checked(&r, sizeof(r) - 1u), WK_ERR_BUILD_MISMATCH);
    /* never initialised */
    assert_int_equal(wk_tls_resume_export(&r, buf, sizeof(buf), &len), WK_ERR_STATE);
    assert_int_equal(wk_tls_resume_import(&r, buf, sizeof(buf), NULL), WK_ERR_STATE);
    assert_int_equal(wk_tls_connector_set_resume(&n, &r), WK_ERR_STATE);
    assert_int_equal(wk_tls_resume_init(&r), WK_OK);
    assert_int_equal(wk_tls_resume_export(NULL, buf, sizeof(buf), &len), WK_ERR_ARG);
    assert_int_equal(wk_tls_resume_export(&r, NULL, sizeof(buf), &len), WK_ERR_ARG);
    assert_int_equal(wk_tls_resume_export(&r, buf, sizeof(buf), NULL), WK_ERR_ARG);
    assert_int_equal(wk_tls_resume_import(NULL, buf, sizeof(buf), NULL), WK_ERR_ARG);
    assert_int_equal(wk_tls_resume_import(&r, NULL, 1u, NULL), WK_ERR_ARG);
    assert_int_equal(wk_tls_connector_set_resume(NULL, &r), WK_ERR_ARG);
    assert_int_equal(wk_tls_connector_set_resume(&n, &r), WK_OK);
    assert_int_equal(wk_tls_connector_set_resume(&n, NULL), WK_OK);
    assert_false(wk_tls_connector_resumed(NULL));
    assert_false(wk_tls_resumed(NULL));
    assert_int_equal(wk_tls_resume_free(NULL), WK_ERR_ARG);
    assert_int_equal(wk_tls_resume_free(&r), WK_OK);
    assert_int_equal(wk_tls_resume_free(&r), WK_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bio_recv_rows),
        cmocka_unit_test(test_bio_read_ahead_split),
        cmocka_unit_test(test_bio_header_then_body),
        cmocka_unit_test(test_bio_read_ahead_drains_first),
        cmocka_unit_test(test_bio_send_rows),
        cmocka_unit_test(test_status_mapping_rows),
        cmocka_unit_test(test_ca_sources),
        cmocka_unit_test(test_connector_loads_ca_first),
        cmocka_unit_test(test_connector_ca_from_memory),
        cmocka_unit_test(test_connector_refusals),
        cmocka_unit_test(test_version_text),
        cmocka_unit_test(test_system_bundle_default),
        cmocka_unit_test(test_handshake_by_name),
        cmocka_unit_test(test_handshake_ca_directory),
        cmocka_unit_test(test_handshake_ca_from_memory),
        cmocka_unit_test(test_handshake_by_ip_literal),
        cmocka_unit_test(test_ip_literal_needs_ip_san),
        cmocka_unit_test(test_malformed_ipv6_literal_refused),
        cmocka_unit_test(test_ambiguous_ipv4_host_refused),
        cmocka_unit_test(test_wrong_host_name),
        cmocka_unit_test(test_unknown_ca),
        cmocka_unit_test(test_expired_certificate),
        cmocka_unit_test(test_close_notify_is_peer_closed),
        cmocka_unit_test(test_unclean_close_is_io_error),
        cmocka_unit_test(test_session_would_block_then_io_error),
        cmocka_unit_test(test_session_lower_end_is_unclean),
        cmocka_unit_test(test_session_send_failures),
        cmocka_unit_test(test_handshake_timeout),
        cmocka_unit_test(test_arguments_and_state),
        cmocka_unit_test(test_resume_second_connection),
        cmocka_unit_test(test_resume_other_host_gets_full_handshake),
        cmocka_unit_test(test_resume_export_import),
        cmocka_unit_test(test_resume_arguments),
    };
    return cmocka_run_group_tests(tests, pki_setup, pki_teardown);
}
