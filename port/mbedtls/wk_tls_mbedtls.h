/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_tls_mbedtls.h
 * @brief TLS client over any wk_transport_t, with mbedTLS (2.28 and 3.x): the
 *        mbedTLS port's own interface, below the TLS contract of wk_tls.h.
 *
 * Platforms use wk_tls.h, which this port implements (the connector), and
 * need neither this header nor mbedTLS's. This one is for tests and for
 * code that drives a TLS session over its own transport.
 *
 * TLS is a decorator: it takes a lower byte stream (TCP from port/posix, or
 * lwIP) and offers the TLS byte stream as another wk_transport_t, so the core
 * never sees mbedTLS. Two objects, both complete types the caller allocates:
 *
 *  - wk_tls_config_t: what every connection shares: the trusted CA chain, a
 *    CTR-DRBG seeded from wk_port_random(), and an mbedTLS client
 *    configuration (TLS 1.2 minimum, certificate verification REQUIRED).
 *  - wk_tls_session_t: one TLS connection over one lower transport.
 *
 * Security: the peer certificate chain and the host name are always verified.
 * There is no switch that turns verification off, and no insecure fallback.
 *
 * Memory: this is the one part of wickr-lite that allocates. mbedTLS takes
 * its record buffers (about 2 x 16 KiB per session unless
 * MBEDTLS_SSL_MAX_CONTENT_LEN is reduced), the parsed CA chain and handshake
 * state from its calloc/free (MBEDTLS_PLATFORM_MEMORY can route them to a
 * static arena). wk_tls_config_free() and wk_tls_close() release everything.
 * A wk_tls_session_t itself also holds CONFIG_WK_TLS_READ_AHEAD bytes (see
 * wk_tls_bio_recv()).
 *
 * Threads: a session is used by one thread at a time. Several sessions may
 * share one config from different threads only if mbedTLS is built with
 * MBEDTLS_THREADING_C (the random generator is shared); Debian's is.
 *
 * Host names and IP literals: wk_tls_connect() tells them apart with
 * wk_host_ip_literal().
 *  - A name is passed to mbedtls_ssl_set_hostname(): it is sent as SNI, and
 *    the certificate must carry it as a dNSName subjectAltName (or as the CN
 *    when it has no subjectAltName), wildcards as mbedTLS allows them.
 *  - An IP literal ("192.0.2.1", "::1", "0:0::1") is not: no SNI is sent
 *    (RFC 6066 allows none for addresses) and mbedTLS matches no name. The
 *    server (leaf) certificate must instead list that address, byte for byte,
 *    as an iPAddress subjectAltName; a dNSName or CN holding its text, or a
 *    wildcard covering it, does not count. Every textual form of one address
 *    matches the same SAN. Every other check (chain, expiry, key usage) is
 *    mbedTLS's, untouched. This is the same on mbedTLS 2.28 and 3.x, except
 *    that mbedTLS 3.0 to 3.6.0 skip a session's verify callback in TLS 1.3
 *    handshakes: there a handshake by IP literal that ends in TLS 1.3 fails
 *    with WK_ERR_TLS_VERIFY rather than go unchecked.
 *  - Text some resolvers read as an address and others as another or as a
 *    name ("0x7f.0.0.1", "127.000.0.1", "fe80::1%eth0") is refused with
 *    WK_ERR_ARG before any byte is sent.
 *
 * Typical use (errors elided):
 * @code{c}
 * static wk_tls_config_t tls_cfg;
 * static wk_tls_session_t tls;
 * static wk_posix_conn_t tcp_conn;
 * wk_diag_t diag;
 * wk_tls_config_init(&tls_cfg, NULL, NULL, &diag);  // system CA bundle
 * wk_posix_connect(&tcp_conn, "example.com", 443u, 5000u, &diag);
 * wk_transport_t tcp = wk_posix_transport(&tcp_conn);
 * if (wk_tls_connect(&tls, &tls_cfg, &tcp, "example.com", 5000u, &diag) == WK_OK) {
 *     wk_transport_t t = wk_tls_transport(&tls);
 *     ... t.send / t.recv ...
 * }
 * wk_tls_close(&tls);          // before the lower transport
 * wk_posix_close(&tcp_conn);
 * wk_tls_config_free(&tls_cfg);
 * @endcode
 */
#ifndef WK_TLS_MBEDTLS_H
#define WK_TLS_MBEDTLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mbedtls/ctr_drbg.h"
#include "mbedtls/pk.h"
#include "mbedtls/ssl.h"
#include "mbedtls/version.h"
#include "mbedtls/x509_crt.h"

#include "wk/wk_diag.h"
#include "wk/wk_status.h"
#include "wk_port.h"
#include "wk_tls.h"

#ifdef __cplusplus
extern "C" {
#endif

/** CA bundle used when wk_tls_config_init() gets neither a file nor a directory. */
#ifndef WK_TLS_DEFAULT_CA_FILE
#define WK_TLS_DEFAULT_CA_FILE "/etc/ssl/certs/ca-certificates.crt"
#endif

/**
 * What the BIO callbacks return to mbedTLS when the lower transport failed.
 * The values are those of MBEDTLS_ERR_NET_RECV_FAILED / _SEND_FAILED, so
 * mbedtls_strerror() explains them, without depending on net_sockets.h
 * (absent from builds without MBEDTLS_NET_C, e.g. lwIP targets).
 */
#define WK_TLS_BIO_ERR_RECV (-0x004C)
/** The send-side twin of WK_TLS_BIO_ERR_RECV (MBEDTLS_ERR_NET_SEND_FAILED). */
#define WK_TLS_BIO_ERR_SEND (-0x004E)

/**
 * The glue between mbedTLS and the lower transport (private fields; public
 * only so the mapping can be unit-tested). mbedtls_ssl_set_bio() gets a
 * pointer to the one inside a session.
 *
 * With CONFIG_WK_TLS_READ_AHEAD > 0 it also holds bytes read from the lower
 * transport that mbedTLS has not asked for yet (see wk_tls_bio_recv()). A
 * zero-filled wk_tls_bio_t holds none.
 */
typedef struct wk_tls_bio {
    wk_transport_t lower;     /**< the lower byte stream (copied; its ctx is retained) */
    uint32_t timeout_ms;      /**< budget for the next lower call, set before each mbedTLS call */
    wk_status_t lower_status; /**< the lower transport's last failure, WK_OK if none */
    uint8_t blocked;          /**< WK_WAIT_READ or WK_WAIT_WRITE: the lower call that last
                                   returned WK_WOULD_BLOCK (what wait_on reports) */
#if CONFIG_WK_TLS_READ_AHEAD > 0
    size_t ahead_pos; /**< the next byte of ahead[] to give to mbedTLS */
    size_t ahead_len; /**< bytes in ahead[]; those from ahead_pos on are still to be given */
    unsigned char ahead[CONFIG_WK_TLS_READ_AHEAD]; /**< received, not yet taken by mbedTLS */
#endif
} wk_tls_bio_t;

/** Shared TLS settings. Caller-allocated; fields private. */
typedef struct wk_tls_config {
    mbedtls_ssl_config conf;       /**< client settings shared by every session */
    mbedtls_x509_crt ca;           /**< the trusted CA chain */
    mbedtls_ctr_drbg_context drbg; /**< random generator seeded from wk_port_random() */
    mbedtls_x509_crt own_cert;     /**< the client certificate (mutual TLS); empty if none */
    mbedtls_pk_context own_key;    /**< its private key */
    int skipped_certs; /**< certificates in the CA sources that mbedTLS could not parse */
    bool ready;        /**< true between a successful init and free */
} wk_tls_config_t;

/** One TLS connection. Caller-allocated; fields private; must not move while open. */
typedef struct wk_tls_session {
    mbedtls_ssl_context ssl; /**< the mbedTLS connection */
    wk_tls_bio_t bio;        /**< what mbedTLS reads and writes through */
    uint8_t host_ip[16]; /**< the host as an IP literal, for the iPAddress SAN check */
    size_t host_ip_len;  /**< 4, 16, or 0 when the host is a name */
    bool leaf_checked;   /**< the verify callback saw the server's certificate (a full
                              handshake); for an IP literal its iPAddress SANs were compared */
    bool offered;        /**< a saved session was offered for resumption */
    wk_status_t failure; /**< sticky: the first fatal status, returned by later I/O */
    bool open;           /**< true between a successful connect and close */
} wk_tls_session_t;

/**
 * @brief Load trust anchors, seed the random generator and build the client config.
 *
 * @param[out] cfg     the configuration; on WK_OK release it with
 *                     wk_tls_config_free() after every session using it is closed.
 *                     On failure nothing is held.
 * @param[in]  ca_file PEM (or DER) file of trusted CAs, or NULL; borrowed for the call.
 * @param[in]  ca_dir  directory of CA files, or NULL; borrowed for the call.
 *                     Both may be given; both NULL means WK_TLS_DEFAULT_CA_FILE.
 *                     Certificates mbedTLS cannot parse are skipped, and
 *                     counted (wk_tls_config_skipped_certs()); at least one
 *                     must load.
 * @param[out] diag    optional; on failure names the file or directory.
 * @return WK_OK;
 *         WK_ERR_ARG (cfg NULL);
 *         WK_ERR_TLS_CA (file or directory missing, unreadable, or holding no
 *         usable certificate; the path is in the diagnostic);
 *         WK_ERR_CRYPTO (the random generator could not be seeded, or PSA
 *         crypto could not start on mbedTLS 3.x);
 *         WK_ERR_TLS (mbedTLS refused the configuration).
 *
 * @code
 * static wk_tls_config_t tls_cfg;
 * if (wk_tls_config_init(&tls_cfg, "/etc/ssl/certs/ca-certificates.crt", NULL, &diag) != WK_OK) {
 *     fprintf(stderr, "%s\n", diag.text);  // names the file
 * }
 * @endcode
 */
wk_status_t wk_tls_config_init(wk_tls_config_t *cfg, const char *ca_file, const char *ca_dir,
                               wk_diag_t *diag);

/**
 * @brief As wk_tls_config_init(), with the trust anchors taken from memory, for
 *        targets without a file system (CAs stored in flash).
 *
 * @param[out] cfg    as for wk_tls_config_init().
 * @param[in]  ca     PEM or DER certificates; borrowed for the call (mbedTLS
 *                    copies what it parses). PEM must be NUL-terminated and
 *                    @p ca_len must count that NUL, as mbedtls_x509_crt_parse()
 *                    requires.
 * @param[in]  ca_len bytes at @p ca.
 * @param[out] diag   optional; explains a failure.
 * @return WK_OK; WK_ERR_ARG (cfg or ca NULL, ca_len 0); WK_ERR_TLS_CA (nothing
 *         parsed); WK_ERR_CRYPTO; WK_ERR_TLS.
 *
 * @code{c}
 * static const unsigned char k_ca_pem[] = "-----BEGIN CERTIFICATE-----\n...";
 * status = wk_tls_config_init_ca(&tls_cfg, k_ca_pem, sizeof(k_ca_pem), &diag);
 * @endcode
 */
wk_status_t wk_tls_config_init_ca(wk_tls_config_t *cfg, const unsigned char *ca, size_t ca_len,
                                  wk_diag_t *diag);

/**
 * @brief How many CA certificates the loaded sources held that mbedTLS could
 *        not parse (and so does not trust).
 *
 * A count that cannot fail, so it is returned directly rather than as a status.
 *
 * @param[in] cfg a configuration after wk_tls_config_init(); borrowed for the call.
 * @return the count; 0 when @p cfg is NULL.
 *
 * @code
 * if (wk_tls_config_skipped_certs(&tls_cfg) > 0) {
 *     fprintf(stderr, "warning: %d CA certificates could not be parsed\n",
 *             wk_tls_config_skipped_certs(&tls_cfg));
 * }
 * @endcode
 */
int wk_tls_config_skipped_certs(const wk_tls_config_t *cfg);

/**
 * @brief Release what the configuration holds. Safe on a config whose init
 *        failed, and a second time.
 * @param[in,out] cfg the configuration; close every session using it first.
 * @return WK_OK; WK_ERR_ARG when @p cfg is NULL.
 *
 * @code
 * wk_tls_config_free(&tls_cfg);
 * @endcode
 */
wk_status_t wk_tls_config_free(wk_tls_config_t *cfg);

/**
 * @brief Run a TLS handshake over @p lower and verify the server.
 *
 * @param[out] s          the session; on WK_OK it is open; close it with
 *                        wk_tls_close() (also safe after a failure).
 * @param[in]  cfg        a ready configuration; retained until wk_tls_close(s).
 * @param[in]  lower      the connected lower transport; the struct is copied,
 *                        its ctx is retained until wk_tls_close(s).
 * @param[in]  hostname   the server's name or IP literal, NUL-terminated, at
 *                        most 255 bytes; borrowed for the call (mbedTLS keeps
 *                        its own copy). See the file comment for IP literals.
 * @param[in]  timeout_ms budget for the whole handshake (> 0).
 * @param[out] diag       optional; on failure names the host and cause;
 *                        verification failures list mbedTLS's reasons
 *                        (expired, not trusted, name mismatch ...).
 * @return WK_OK;
 *         WK_ERR_ARG (NULL pointer, empty or over-long host name, a host in a
 *         refused address form (see the file comment), timeout 0, config not
 *         ready);
 *         WK_ERR_TLS_VERIFY (certificate chain, validity or host name rejected);
 *         WK_ERR_TIMEOUT (the handshake did not finish within timeout_ms);
 *         WK_ERR_IO, WK_ERR_PEER_CLOSED (the lower transport failed or ended);
 *         WK_ERR_TLS (any other handshake failure, e.g. an alert from the server).
 *
 * @code
 * static wk_tls_session_t tls;
 * wk_transport_t tcp = wk_posix_transport(&tcp_conn);
 * status = wk_tls_connect(&tls, &tls_cfg, &tcp, ep->host, timeout_ms, &diag);
 * if (status != WK_OK) {
 *     wk_tls_close(&tls);
 *     wk_posix_close(&tcp_conn);
 * }
 * @endcode
 */
wk_status_t wk_tls_connect(wk_tls_session_t *s, wk_tls_config_t *cfg, const wk_transport_t *lower,
                           const char *hostname, uint32_t timeout_ms, wk_diag_t *diag);

/**
 * @brief wk_tls_connect() that offers the session in @p resume, and keeps
 *        the new one there (see wk_tls_resume_init() in wk_tls.h).
 *
 * The session in @p resume is offered only when it was made with
 * @p hostname and @p port and is not older than
 * WK_TLS_SESSION_MAX_AGE_S. After the handshake the store holds this
 * connection's session (a resumed one keeps the time of its full
 * handshake; a TLS 1.3 one is not kept); after a failed handshake that
 * offered it, nothing. Statuses, arguments and ownership otherwise as
 * wk_tls_connect().
 *
 * @param[out]    s          as wk_tls_connect().
 * @param[in]     cfg        as wk_tls_connect().
 * @param[in]     lower      as wk_tls_connect().
 * @param[in]     hostname   as wk_tls_connect().
 * @param[in]     port       the TCP port @p lower is connected to; with
 *                           @p hostname, what a session is bound to.
 * @param[in,out] resume     an initialised store, borrowed for the call;
 *                           NULL: no resumption, as wk_tls_connect().
 * @param[in]     timeout_ms as wk_tls_connect().
 * @param[out]    diag       as wk_tls_connect().
 * @return as wk_tls_connect(): WK_OK, WK_ERR_ARG (also: @p resume not
 *         initialised), WK_ERR_TLS_VERIFY, WK_ERR_TIMEOUT, WK_ERR_IO,
 *         WK_ERR_PEER_CLOSED, WK_ERR_TLS.
 *
 * @code
 * status = wk_tls_connect_resume(&tls, &tls_cfg, &tcp, "example.com", 443u, &tls_session,
 *                                5000u, &diag);
 * if (status == WK_OK && wk_tls_resumed(&tls)) {
 *     // abbreviated handshake: no key exchange, no certificate checks
 * }
 * @endcode
 */
wk_status_t wk_tls_connect_resume(wk_tls_session_t *s, wk_tls_config_t *cfg,
                                  const wk_transport_t *lower, const char *hostname,
                                  uint16_t port, wk_tls_resume_t *resume, uint32_t timeout_ms,
                                  wk_diag_t *diag);

/**
 * @brief Whether the open session @p s resumed a saved session.
 *
 * An accessor that cannot fail, so it returns the answer, not a status.
 * Told from the handshake itself: a saved session was offered, the server
 * sent no certificate for the verify callback to see, and the protocol is
 * TLS 1.2 (whose abbreviated handshake is the only one without a certificate).
 *
 * @param[in] s the session.
 * @return true for an open session that took the abbreviated handshake;
 *         false otherwise, and when @p s is NULL.
 *
 * @code
 * printf("%s handshake\n", wk_tls_resumed(&tls) ? "abbreviated" : "full");
 * @endcode
 */
bool wk_tls_resumed(const wk_tls_session_t *s);

/**
 * @brief The TLS byte stream of an open session.
 *
 * This cannot fail: it only packs two function pointers and @p s. Its send
 * and receive follow wk_port.h:
 *  - they wait at most timeout_ms, measured with wk_port_now_ms(), and return
 *    WK_WOULD_BLOCK when nothing moved; a send that returned WK_WOULD_BLOCK
 *    must be repeated with the same bytes (mbedTLS may hold a record);
 *  - receive returns WK_ERR_PEER_CLOSED after the server's close_notify, and
 *    WK_ERR_IO when the stream ends without one (a possible truncation);
 *  - other TLS failures are WK_ERR_TLS; lower failures keep their status.
 * Every failure is sticky: later calls return it again without I/O.
 * On a session that is not open both return WK_ERR_STATE.
 *
 * @param[in] s retained by the returned transport until wk_tls_close(s): keep
 *              it valid and in place.
 * @return the transport (a struct, not a status: nothing can fail); ctx is @p s;
 *         peer_verified is true when @p s is open (its handshake verified
 *         the chain and the host name), false otherwise.
 *
 * @code
 * *out = wk_tls_transport(&tls);  // what a wk_connector_t open() hands the client
 * @endcode
 */
wk_transport_t wk_tls_transport(wk_tls_session_t *s);

/**
 * @brief Send close_notify (best effort, without waiting) and free the session.
 *
 * Does not close the lower transport: close that afterwards. Safe on a
 * session that never connected (zero-initialised or after a failed
 * wk_tls_connect()) and a second time.
 *
 * @param[in,out] s the session; zeroed, and its lower transport's ctx is no
 *                  longer retained.
 * @return WK_OK; WK_ERR_ARG when @p s is NULL.
 *
 * @code
 * wk_tls_close(&tls);
 * wk_posix_close(&tcp_conn);
 * @endcode
 */
wk_status_t wk_tls_close(wk_tls_session_t *s);

/**
 * @brief Load a client certificate and key into @p cfg (mutual TLS);
 *        wk_tls_config_free() releases them. What wk_tls_connector_client_cert()
 *        leads to (wk_tls_mbedtls_client_cert.c).
 * @param[in,out] cfg  a configuration after a successful wk_tls_config_init().
 * @param[in]     cert the sources; borrowed for the call (parsed and copied).
 * @param[out]    diag optional; names the file and mbedTLS's reason.
 * @return WK_OK; WK_ERR_CREDENTIALS_SOURCE (unreadable, unparsable, or a
 *         key that is not the certificate's); WK_ERR_TLS (mbedTLS refused
 *         it); WK_ERR_ARG.
 *
 * @code
 * wk_tls_client_cert_t device = {"cert.pem", "key.pem", NULL, 0u, NULL, 0u};
 * status = wk_tls_config_client_cert(&cfg, &device, &diag);
 * @endcode
 */
wk_status_t wk_tls_config_client_cert(wk_tls_config_t *cfg, const wk_tls_client_cert_t *cert,
                                      wk_diag_t *diag);

/**
 * @brief Append mbedTLS's code and text for @p ret to @p diag ("mbedTLS -0x2700 (...)").
 * @param[in,out] diag may be NULL.
 * @param[in]     ret  an mbedTLS return code.
 *
 * @code
 * wk_tls_diag_mbedtls(diag, ret);
 * @endcode
 */
void wk_tls_diag_mbedtls(wk_diag_t *diag, int ret);

/* The ready connector platforms use (TCP from any opener, TLS from here) is
 * declared in wk_tls.h: wk_tls_connector_init() and the rest. */

/* ---- The two translations, exposed for unit tests ---------------------------
 *
 * Down (mbedTLS BIO over the lower transport), both directions:
 *   lower WK_OK, n bytes    -> n (on receive, at most what mbedTLS asked for;
 *                              the rest of a read-ahead is kept for later calls)
 *   lower WK_WOULD_BLOCK    -> MBEDTLS_ERR_SSL_WANT_READ / _WANT_WRITE
 *   lower WK_ERR_PEER_CLOSED-> 0 (end of stream) on receive;
 *                              WK_TLS_BIO_ERR_SEND on send (0 means "nothing
 *                              sent, retry" to mbedTLS's writer)
 *   any other lower status  -> WK_TLS_BIO_ERR_RECV / _SEND, status kept in
 *                              bio->lower_status
 * Up (mbedTLS result to wk_status_t): see wk_tls_status_from_mbedtls().
 */

/**
 * @brief mbedtls_ssl_send_t over bio->lower (ctx is a wk_tls_bio_t).
 *
 * Returns an mbedTLS code, not a status, because mbedTLS calls it.
 *
 * @param[in,out] ctx the wk_tls_bio_t; its lower_status is set on failure.
 * @param[in]     buf @p len bytes, borrowed for the call.
 * @param[in]     len bytes to send; at most INT_MAX are offered at once.
 * @return bytes sent (> 0), MBEDTLS_ERR_SSL_WANT_WRITE (WK_WOULD_BLOCK), or
 *         WK_TLS_BIO_ERR_SEND (any failure, WK_ERR_PEER_CLOSED included).
 *
 * @code
 * mbedtls_ssl_set_bio(&s->ssl, &s->bio, wk_tls_bio_send, wk_tls_bio_recv, NULL);
 * @endcode
 */
int wk_tls_bio_send(void *ctx, const unsigned char *buf, size_t len);

/**
 * @brief mbedtls_ssl_recv_t over bio->lower (ctx is a wk_tls_bio_t).
 *
 * Returns an mbedTLS code, not a status, because mbedTLS calls it.
 *
 * Read-ahead (CONFIG_WK_TLS_READ_AHEAD > 0): mbedTLS asks for each record's
 * 5-byte header and then for its body, which over a socket would be two
 * system calls per record. Bytes already read ahead are given first, in
 * order, and while any are held the lower transport is not called (it would
 * wait for data that is already here), so a call may return fewer bytes than
 * asked for, as a socket may. When none are held and @p len is less than the
 * buffer, one lower read asks for the whole buffer; a larger @p len is read
 * straight into @p buf. A failure, WK_WOULD_BLOCK or the end of the stream
 * is reported only once the held bytes are gone, exactly as without the
 * buffer. With 0, every call is one lower read of up to @p len bytes.
 *
 * @param[in,out] ctx the wk_tls_bio_t; its lower_status is set on end of
 *                    stream and on failure; its read-ahead bytes are taken.
 * @param[out]    buf where the bytes go; borrowed for the call.
 * @param[in]     len capacity of @p buf; at most INT_MAX are asked for at once.
 * @return bytes received (> 0), 0 (WK_ERR_PEER_CLOSED: end of stream),
 *         MBEDTLS_ERR_SSL_WANT_READ (WK_WOULD_BLOCK), or WK_TLS_BIO_ERR_RECV
 *         (any other failure).
 *
 * @code
 * unsigned char rec[64];
 * int n = wk_tls_bio_recv(&bio, rec, sizeof(rec));  // as mbedTLS calls it
 * @endcode
 */
int wk_tls_bio_recv(void *ctx, unsigned char *buf, size_t len);

/**
 * @brief Map a failed mbedTLS I/O result to a status.
 *
 * @param[in] bio the session's BIO (for the lower transport's own status).
 * @param[in] ret a negative mbedTLS code, or 0 from mbedtls_ssl_read().
 * @return WK_WOULD_BLOCK (WANT_READ/WANT_WRITE and other "call again" codes);
 *         WK_ERR_PEER_CLOSED (MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY);
 *         WK_ERR_IO (0 or MBEDTLS_ERR_SSL_CONN_EOF: ended without close_notify);
 *         bio->lower_status (WK_TLS_BIO_ERR_RECV/_SEND), WK_ERR_IO if unset;
 *         WK_ERR_TLS_VERIFY (MBEDTLS_ERR_X509_CERT_VERIFY_FAILED);
 *         WK_ERR_TLS (anything else).
 *
 * @code
 * int ret = mbedtls_ssl_read(&s->ssl, buf, len);
 * if (ret <= 0) {
 *     status = wk_tls_status_from_mbedtls(&s->bio, ret);
 * }
 * @endcode
 */
wk_status_t wk_tls_status_from_mbedtls(const wk_tls_bio_t *bio, int ret);

#ifdef __cplusplus
}
#endif
#endif /* WK_TLS_MBEDTLS_H */
