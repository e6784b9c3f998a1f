/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_tls.h
 * @brief The TLS contract: a connector that adds verified TLS to any opener,
 *        as platforms use it, without seeing a TLS library.
 *
 * A TLS port implements the functions below; port/mbedtls does, with
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

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

#ifndef WK_TLS_SESSION_MAX
/** Bytes of the TLS library's own serialized session a wk_tls_resume_t holds
 *  (its ticket, its master secret; with mbedTLS's
 *  MBEDTLS_SSL_KEEP_PEER_CERTIFICATE, as Debian builds it, also the server's
 *  certificate), at most 65535. A session that does not fit is not kept.
 *  Like WK_TLS_CONNECTOR_SIZE, a wk_config.h may set it for port and
 *  application alike. */
#define WK_TLS_SESSION_MAX 4096u
#endif

#ifndef WK_TLS_SESSION_MAX_AGE_S
/** Seconds after its full handshake that a session is still offered. */
#define WK_TLS_SESSION_MAX_AGE_S 86400
#endif

/** Most bytes wk_tls_resume_export() writes: a header, the host, the
 *  session and a SHA-256 checksum. */
#define WK_TLS_RESUME_EXPORT_MAX \
    (18u + (size_t)CONFIG_WK_HOST_MAX + (size_t)WK_TLS_SESSION_MAX + 32u)

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
 * A TLS session kept for resumption, in storage the caller owns: no heap,
 * and as bytes (wk_tls_resume_export()) that a device may keep across a
 * reboot. Opaque; set up with wk_tls_resume_init(). It holds the session's
 * secret: see wk_tls_resume_init() for what that asks of its owner.
 */
typedef struct wk_tls_resume {
    /** @cond WK_PRIVATE */
    union {
        uint32_t align;
        unsigned char bytes[8u + WK_TLS_RESUME_EXPORT_MAX];
    } opaque;
    /** @endcond */
} wk_tls_resume_t;

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
 *         WK_ERR_CRYPTO (the random generator could not be seeded);
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

/* ---- Session resumption ------------------------------------------------------ */

/**
 * @brief Set up an empty session store.
 *
 * A macro: it passes the caller's sizeof(wk_tls_resume_t) to
 * wk_tls_resume_init_checked(), which refuses a port built with another
 * WK_TLS_SESSION_MAX or CONFIG_WK_HOST_MAX.
 *
 * What a store is for: a connector given one (wk_tls_connector_set_resume())
 * offers the session in it at its next TLS handshake with the same host and
 * port, and keeps each new session in it. A resumed handshake skips the key
 * exchange and the certificate checks (on a Cortex-M most of the cost of a
 * connection): the next listing, a reconnect after the server closed a
 * kept-alive connection, or, from bytes kept with wk_tls_resume_export(), the
 * first connection after a restart.
 *  - A session is offered only to the host and port it was made with: the
 *    host as the endpoint names it (a name, sent as SNI, or an IP literal),
 *    byte for byte. Another host gets a full handshake, and its session
 *    then replaces the one held.
 *  - A resumed session is not verified again: it carries the verification
 *    (chain, host name, iPAddress) of the full handshake that made it, for
 *    at most WK_TLS_SESSION_MAX_AGE_S seconds after it on the UTC
 *    clock (wk_port_utc_now(); without a clock nothing is offered).
 *  - When the server does not resume it, the handshake goes on as a full
 *    one; when a handshake that offered a session fails, the session is
 *    dropped, so the client's retry is a full handshake.
 *
 * Secrets: the store holds the session's master secret. Anyone who reads it
 * can decrypt that session's connections and, until it expires, pose as the
 * server to this client; anyone who can write it (or the exported bytes
 * before import) can make the client resume a session of their own, with no
 * certificate check. Keep both as private as the API credentials. Nothing in
 * wickr-lite prints or logs them.
 *
 * @param[out] r the store; wipe it with wk_tls_resume_free() when done.
 * @return as wk_tls_resume_init_checked().
 *
 * @code
 * static wk_tls_resume_t tls_session;
 * (void)wk_tls_resume_init(&tls_session);
 * (void)wk_tls_connector_set_resume(&net, &tls_session);
 * // ... listings: the second one resumes ...
 * wk_tls_connector_free(&net);
 * wk_tls_resume_free(&tls_session);
 * @endcode
 */
#define wk_tls_resume_init(r) wk_tls_resume_init_checked((r), sizeof(wk_tls_resume_t))

/**
 * @brief What wk_tls_resume_init() expands to; call that instead.
 *
 * @param[out] r           as wk_tls_resume_init().
 * @param[in]  resume_size sizeof(wk_tls_resume_t) where the caller was compiled.
 * @return WK_OK; WK_ERR_ARG (@p r NULL); WK_ERR_BUILD_MISMATCH (@p resume_size
 *         is not the port's; nothing was written to @p r).
 *
 * @code
 * status = wk_tls_resume_init_checked(&tls_session, sizeof(tls_session));
 * @endcode
 */
wk_status_t wk_tls_resume_init_checked(wk_tls_resume_t *r, size_t resume_size);

/**
 * @brief Forget the session and wipe the store (wk_port_zeroize()).
 *
 * Safe on a zero-filled store and a second time; call
 * wk_tls_resume_init() before using it again.
 *
 * @param[in,out] r the store; detach it from every connector first
 *                  (wk_tls_connector_set_resume() with NULL, or
 *                  wk_tls_connector_free()).
 * @return WK_OK; WK_ERR_ARG (@p r NULL).
 *
 * @code
 * wk_tls_connector_free(&net);
 * wk_tls_resume_free(&tls_session);
 * @endcode
 */
wk_status_t wk_tls_resume_free(wk_tls_resume_t *r);

/**
 * @brief The session as bytes, to keep (a file, flash) and give to
 *        wk_tls_resume_import() later, also after a restart.
 *
 * The bytes name the host and port, hold the TLS library's own session
 * (secrets included: see wk_tls_resume_init()) and end in a checksum. They
 * suit the port and the TLS library build that wrote them; another build
 * refuses them on import.
 *
 * @param[in]  r   an initialised store; borrowed for the call.
 * @param[out] buf where the bytes go; WK_TLS_RESUME_EXPORT_MAX always suffices.
 * @param[in]  cap bytes at @p buf.
 * @param[out] len bytes written; 0 when the store holds no session (import
 *                 takes 0 bytes as "none").
 * @return WK_OK; WK_ERR_NO_SPACE (@p cap too small; *len is what is needed);
 *         WK_ERR_STATE (@p r not initialised); WK_ERR_CRYPTO (the checksum
 *         could not be computed); WK_ERR_ARG (a NULL pointer).
 *
 * @code
 * static uint8_t saved[WK_TLS_RESUME_EXPORT_MAX];
 * size_t len;
 * if (wk_tls_resume_export(&tls_session, saved, sizeof(saved), &len) == WK_OK) {
 *     write_to_flash(saved, len);  // private storage: it holds the session's secret
 * }
 * @endcode
 */
wk_status_t wk_tls_resume_export(const wk_tls_resume_t *r, uint8_t *buf, size_t cap,
                                 size_t *len);

/**
 * @brief Put bytes from wk_tls_resume_export() back into a store.
 *
 * Checks them before anything is offered: the format, the lengths, the
 * checksum, and that the TLS library reads its session from them. Bytes it
 * refuses leave the store empty, and the next handshake is a full one.
 *
 * @param[in,out] r    an initialised store; what it held is replaced.
 * @param[in]     buf  @p len bytes, borrowed for the call; may be NULL when
 *                     @p len is 0.
 * @param[in]     len  bytes at @p buf; 0 empties the store.
 * @param[out]    diag optional; on WK_ERR_TLS_SESSION names the byte offset
 *                     or the check that failed (never the bytes).
 * @return WK_OK; WK_ERR_TLS_SESSION (not bytes this build exported, or
 *         changed since); WK_ERR_STATE (@p r not initialised); WK_ERR_ARG (a
 *         NULL pointer).
 *
 * @code
 * size_t len = read_from_flash(saved, sizeof(saved));
 * if (wk_tls_resume_import(&tls_session, saved, len, &diag) != WK_OK) {
 *     log_line(diag.text);  // the next handshake is a full one; nothing else to do
 * }
 * @endcode
 */
wk_status_t wk_tls_resume_import(wk_tls_resume_t *r, const uint8_t *buf, size_t len,
                                 wk_diag_t *diag);

/**
 * @brief Resume TLS sessions from @p r at this connector's handshakes, and
 *        keep their sessions in it.
 *
 * @param[in,out] n a connector after wk_tls_connector_init().
 * @param[in,out] r an initialised store, retained until this is called again
 *                  or wk_tls_connector_free(); used by one connector at a
 *                  time. NULL: no resumption (the default).
 * @return WK_OK; WK_ERR_STATE (@p r not initialised); WK_ERR_ARG (@p n NULL).
 *
 * @code
 * (void)wk_tls_connector_init(&net, &tcp, &trust, &cfg.connector);
 * (void)wk_tls_connector_set_resume(&net, &tls_session);
 * @endcode
 */
wk_status_t wk_tls_connector_set_resume(wk_tls_connector_t *n, wk_tls_resume_t *r);

/**
 * @brief Whether the connector's last TLS handshake resumed a session.
 *
 * An accessor that cannot fail, so it returns the answer, not a status.
 *
 * @param[in] n the connector.
 * @return true when the last successful open of an https endpoint took the
 *         abbreviated handshake; false otherwise, and when @p n is NULL.
 *
 * @code
 * if (wk_tls_connector_resumed(&net)) {
 *     puts("TLS session resumed");
 * }
 * @endcode
 */
bool wk_tls_connector_resumed(const wk_tls_connector_t *n);

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
