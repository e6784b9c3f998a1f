/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_tls.h
 * @brief The TLS contract: a connector that adds verified TLS to any opener,
 *        as platforms use it, without seeing a TLS library.
 *
 * A TLS port implements the five functions below; port/mbedtls does, with
 * mbedTLS. Platforms (the CLI, the lwIP program, the examples, firmware) call
 * only these, so another TLS library is another port, not a change to every
 * platform. docs/PORTING.md lists them; a test keeps that list and this
 * header in step.
 *
 * Storage: wk_tls_connector_t is opaque storage of WK_TLS_CONNECTOR_SIZE
 * bytes that the caller allocates (a static is fine), aligned for any type.
 * Chosen over a struct each port declares because a platform then compiles
 * without the TLS library's headers, include paths and configuration, and
 * still allocates statically. The price is a size fixed ahead of the port:
 *  - the port checks at compile time that its state fits (a static
 *    assertion that names WK_TLS_CONNECTOR_SIZE);
 *  - wk_tls_connector_init() passes the caller's sizeof, and a port built
 *    with another size refuses it (WK_ERR_BUILD_MISMATCH) before writing a
 *    byte, as wk_client_init() does for wk_client_t;
 *  - a target short of RAM trims it by defining WK_TLS_CONNECTOR_SIZE in
 *    its wk_config.h, seen by the port and the application alike; the port
 *    stops the build if that is too small.
 *
 * Security: an https endpoint always gets TLS that verifies the certificate
 * chain and the host name (or, for an IP literal, an iPAddress
 * subjectAltName); nothing turns that off. Only an endpoint whose URL says
 * http:// explicitly is connected as plain TCP, through the same opener.
 *
 * Memory: the TLS library's own allocations (mbedTLS's record buffers and
 * parsed certificates) are the port's to describe; wk_tls_connector_free()
 * releases them. Threads: a connector serves one client, one thread at a time.
 */
#ifndef WK_TLS_H
#define WK_TLS_H

#include <stddef.h>

#include "wk/wk_diag.h"
#include "wk/wk_status.h"
#include "wk_port.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Port options (port/Kconfig; wk_config.h overrides) --------------------- */

#ifndef CONFIG_WK_TLS_READ_AHEAD
/** Bytes the TLS port reads from the lower stream ahead of the TLS library,
 *  so that a record's header and body cost one read; 0: none. */
#define CONFIG_WK_TLS_READ_AHEAD 4096
#endif

#ifndef WK_TLS_CONNECTOR_SIZE
/**
 * Bytes of a wk_tls_connector_t: the port's state plus the read-ahead.
 * mbedTLS 2.28 needs about 2.5 KiB on a 64-bit host, less on a 32-bit
 * target; the rest is room for other versions and configurations.
 */
#define WK_TLS_CONNECTOR_SIZE (4096u + (size_t)CONFIG_WK_TLS_READ_AHEAD)
#endif

/** Room wk_tls_version() needs, NUL included. */
#define WK_TLS_VERSION_MAX 96u

/** A TLS connector. Caller-allocated; opaque (the port's state). */
typedef struct wk_tls_connector {
    /** @cond WK_PRIVATE */
    union {
        max_align_t align;
        unsigned char bytes[WK_TLS_CONNECTOR_SIZE];
    } opaque;
    /** @endcond */
} wk_tls_connector_t;

/**
 * Which certificate authorities to trust. Strings and bytes are retained
 * until wk_tls_connector_free(): they are read at the first TLS connection
 * (or wk_tls_connector_load_ca()), not at init.
 */
typedef struct wk_tls_trust {
    /** PEM or DER file of trusted CAs, or NULL; needs a file system. */
    const char *ca_file;
    /** Or the CAs in memory (flash), or NULL: PEM must be NUL-terminated
     *  and @c ca_len must count that NUL. At most one of the two is set. */
    const unsigned char *ca;
    size_t ca_len; /**< bytes at @c ca */
} wk_tls_trust_t;

/**
 * @brief Set up a connector that opens TCP through @p opener and, for an
 *        https endpoint, runs a verified TLS session over it; and describe it
 *        for wk_client_config_t.
 *
 * A macro: it passes the caller's sizeof(wk_tls_connector_t) to
 * wk_tls_connector_init_checked(), which refuses a port built with another
 * WK_TLS_CONNECTOR_SIZE. One connection at a time, as the client uses it.
 *
 * @param[out] n      the connector; release it with wk_tls_connector_free()
 *                    after wk_client_deinit(), also after a failure here.
 * @param[in]  opener copied; its ctx is retained until wk_tls_connector_free():
 *                    keep it valid and unmodified.
 * @param[in]  trust  copied; what it points to is retained until
 *                    wk_tls_connector_free(). NULL, or neither field set: the
 *                    port's default (port/mbedtls: the system bundle,
 *                    WK_TLS_DEFAULT_CA_FILE).
 * @param[out] out    the connector to put in wk_client_config_t; its ctx is @p n.
 * @return as wk_tls_connector_init_checked().
 *
 * @code
 * static wk_posix_conn_t tcp_conn;
 * static wk_tls_connector_t net;
 * wk_tcp_opener_t tcp = wk_posix_opener(&tcp_conn);
 * wk_tls_trust_t trust = {getenv("AWS_CA_BUNDLE"), NULL, 0u};
 * wk_client_config_t cfg = {0};
 * status = wk_tls_connector_init(&net, &tcp, &trust, &cfg.connector);
 * // ... wk_client_init(&client, &cfg), listings, wk_client_deinit(&client) ...
 * wk_tls_connector_free(&net);
 * @endcode
 */
#define wk_tls_connector_init(n, opener, trust, out) \
    wk_tls_connector_init_checked((n), sizeof(wk_tls_connector_t), (opener), (trust), (out))

/**
 * @brief What wk_tls_connector_init() expands to; call that instead.
 *
 * @param[out] n              as wk_tls_connector_init().
 * @param[in]  connector_size sizeof(wk_tls_connector_t) where the caller was compiled.
 * @param[in]  opener         as wk_tls_connector_init().
 * @param[in]  trust          as wk_tls_connector_init().
 * @param[out] out            as wk_tls_connector_init().
 * @return WK_OK;
 *         WK_ERR_ARG (@p n, @p opener or @p out NULL, an opener without
 *         functions, both trust sources set, or @c ca set with @c ca_len 0);
 *         WK_ERR_BUILD_MISMATCH (@p connector_size is not the port's: the
 *         caller saw another WK_TLS_CONNECTOR_SIZE or CONFIG_WK_TLS_READ_AHEAD;
 *         nothing was written to @p n).
 *
 * @code
 * status = wk_tls_connector_init_checked(&net, sizeof(net), &tcp, NULL, &cfg.connector);
 * @endcode
 */
wk_status_t wk_tls_connector_init_checked(wk_tls_connector_t *n, size_t connector_size,
                                          const wk_tcp_opener_t *opener,
                                          const wk_tls_trust_t *trust, wk_connector_t *out);

/**
 * The client's own certificate and private key, for servers that ask for
 * one (mutual TLS, as the AWS IoT credentials provider does). Each from a
 * file or from memory (targets without a file system); strings and bytes
 * are retained until wk_tls_connector_free(), and read with the trust
 * anchors (wk_tls_connector_load_ca(), or the first TLS connection).
 */
typedef struct wk_tls_client_cert {
    /** PEM or DER file of the certificate (its chain may follow), or NULL */
    const char *cert_file;
    /** PEM or DER file of its unencrypted private key, or NULL */
    const char *key_file;
    /** Or the certificate in memory: PEM NUL-terminated, @c cert_len counting the NUL */
    const unsigned char *cert;
    size_t cert_len; /**< bytes at @c cert */
    /** Or the key in memory: PEM NUL-terminated, @c key_len counting the NUL; wiped by nobody
     *  here: it is the caller's */
    const unsigned char *key;
    size_t key_len; /**< bytes at @c key */
} wk_tls_client_cert_t;

/**
 * @brief Present a client certificate on every TLS connection of @p n.
 *
 * Call after wk_tls_connector_init() and before the first connection. The
 * certificate and key are read with the trust anchors: a file that cannot
 * be read, bytes that do not parse, or a key that does not match the
 * certificate fail wk_tls_connector_load_ca() (or the first open) with
 * WK_ERR_CREDENTIALS_SOURCE, wk_tls_connector_diag() naming the file.
 *
 * @param[in,out] n    a connector after wk_tls_connector_init().
 * @param[in]     cert copied; what it points to is retained until
 *                     wk_tls_connector_free().
 * @return WK_OK; WK_ERR_ARG (@p n or @p cert NULL; the certificate or the
 *         key from neither or both of file and memory; a length of 0 for
 *         bytes given); WK_ERR_STATE (the trust anchors were already loaded).
 *
 * @code
 * wk_tls_client_cert_t device = {"/etc/device/cert.pem", "/etc/device/key.pem", NULL, 0u, NULL, 0u};
 * wk_tls_connector_init(&net, &tcp, &trust, &connector);
 * wk_tls_connector_client_cert(&net, &device);
 * @endcode
 */
wk_status_t wk_tls_connector_client_cert(wk_tls_connector_t *n, const wk_tls_client_cert_t *cert);

/**
 * @brief Load the trust anchors now instead of at the first TLS connection,
 *        so that a bundle that cannot be read or parsed is reported before
 *        anything is sent (the first connection does this itself otherwise,
 *        after its TCP connect).
 *
 * Loads once: later calls, and the connections, use what was loaded.
 *
 * @param[in,out] n a connector after wk_tls_connector_init().
 * @return WK_OK; WK_ERR_TLS_CA (the CAs cannot be read or parsed, or none is
 *         usable: wk_tls_connector_diag() names the file and the reason);
 *         WK_ERR_CREDENTIALS_SOURCE (the client certificate or key of
 *         wk_tls_connector_client_cert() cannot be read or parsed, or do not
 *         match); WK_ERR_CRYPTO (the random generator could not be seeded);
 *         WK_ERR_TLS (the TLS library refused the configuration);
 *         WK_ERR_ARG (@p n NULL).
 *
 * @code
 * if (wk_tls_connector_load_ca(&net) != WK_OK) {
 *     fprintf(stderr, "%s\n", wk_tls_connector_diag(&net)->text);  // nothing was sent
 * }
 * @endcode
 */
wk_status_t wk_tls_connector_load_ca(wk_tls_connector_t *n);

/**
 * @brief Why the connector's last open (or load) failed ("" when it did not).
 *
 * An accessor that cannot fail, so it returns the pointer, not a status.
 *
 * @param[in] n the connector.
 * @return the diagnostic inside @p n, valid until the next call on it;
 *         NULL when @p n is NULL.
 *
 * @code
 * if (status == WK_ERR_TLS_VERIFY) {
 *     fprintf(stderr, "%s\n", wk_tls_connector_diag(&net)->text);  // mbedTLS's reasons
 * }
 * @endcode
 */
const wk_diag_t *wk_tls_connector_diag(const wk_tls_connector_t *n);

/**
 * @brief Close any open connection and release what the TLS library holds.
 *
 * Safe on a zero-filled connector, after a failed init, and a second time.
 *
 * @param[in,out] n the connector; may be set up again with
 *                  wk_tls_connector_init(). The opener's ctx and the trust
 *                  sources are no longer retained.
 * @return WK_OK; WK_ERR_ARG when @p n is NULL; WK_ERR_IO when closing failed.
 *
 * @code
 * wk_client_deinit(&client);
 * wk_tls_connector_free(&net);
 * @endcode
 */
wk_status_t wk_tls_connector_free(wk_tls_connector_t *n);

/**
 * @brief Name and version of the TLS library, as running and as built
 *        (e.g. "mbed TLS 2.28.3 (built with mbed TLS 2.28.3)"), for a
 *        program's --version.
 *
 * @param[out] buf NUL-terminated text; "" on failure.
 * @param[in]  cap bytes at @p buf; WK_TLS_VERSION_MAX always suffices.
 * @return WK_OK; WK_ERR_NO_SPACE (@p cap too small); WK_ERR_ARG (@p buf
 *         NULL or @p cap 0).
 *
 * @code
 * char tls[WK_TLS_VERSION_MAX];
 * if (wk_tls_version(tls, sizeof(tls)) == WK_OK) {
 *     printf("%s\n", tls);
 * }
 * @endcode
 */
wk_status_t wk_tls_version(char *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif /* WK_TLS_H */
