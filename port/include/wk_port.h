/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_port.h
 * @brief The seam between the portable core and a platform.
 *
 * A port supplies two kinds of thing:
 *  - per-connection objects, as a wk_transport_t (a pair of function pointers
 *    and an opaque context). TLS is a transport that wraps another one.
 *  - link-time singletons: the clocks, random bytes, SHA-256 and HMAC-SHA-256.
 *    The core calls these functions; exactly one port object file defines each.
 *
 * Nothing here allocates. Pointers passed to these functions are borrowed
 * for the duration of the call unless stated otherwise.
 */
#ifndef WK_PORT_H
#define WK_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wk/wk_diag.h"
#include "wk/wk_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Send up to @p len bytes, waiting at most @p timeout_ms for room.
 *
 * @param[in]  ctx        the transport's context (wk_transport_t.ctx).
 * @param[in]  buf        bytes to send; borrowed for the call.
 * @param[in]  len        number of bytes, > 0.
 * @param[out] sent       bytes actually taken, set when WK_OK is returned.
 * @param[in]  timeout_ms longest wait; 0 means do not wait.
 * @return WK_OK (*sent > 0), WK_WOULD_BLOCK (nothing moved before the timeout;
 *         MUST NOT be used to signal a disconnect), WK_ERR_PEER_CLOSED (the
 *         peer can take no more), WK_ERR_IO, WK_ERR_TLS, WK_ERR_STATE (the
 *         transport was closed).
 */
typedef wk_status_t (*wk_send_fn)(void *ctx, const uint8_t *buf, size_t len, size_t *sent,
                                  uint32_t timeout_ms);

/**
 * @brief Receive up to @p len bytes, waiting at most @p timeout_ms for some.
 *
 * @param[in]  ctx        the transport's context.
 * @param[out] buf        where the bytes go; borrowed for the call.
 * @param[in]  len        capacity of @p buf, > 0.
 * @param[out] got        bytes received, set when WK_OK is returned (> 0).
 * @param[in]  timeout_ms longest wait; 0 means do not wait.
 * @return WK_OK, WK_WOULD_BLOCK (nothing yet), WK_ERR_PEER_CLOSED (orderly end
 *         of stream: TCP FIN, or TLS close_notify), WK_ERR_IO (failure, and a
 *         TLS stream that ends without close_notify, so that a close-delimited
 *         body cut short is never taken as complete), WK_ERR_TLS,
 *         WK_ERR_TLS_VERIFY, WK_ERR_STATE (the transport was closed).
 */
typedef wk_status_t (*wk_recv_fn)(void *ctx, uint8_t *buf, size_t len, size_t *got,
                                  uint32_t timeout_ms);

/** A byte stream. Copyable; ctx is owned by whoever made the transport. */
typedef struct wk_transport {
    wk_send_fn send; /**< writes bytes; see wk_send_fn */
    wk_recv_fn recv; /**< reads bytes; see wk_recv_fn */
    void *ctx;       /**< first argument of both; the connection they act on */
    /**
     * True only when the peer proved it is the host that was asked for: a TLS
     * stream whose handshake verified the certificate chain and the host name
     * (wk_tls_transport() sets it). False for plain TCP, and whenever unsure.
     * The client trusts a response's Date header to correct its signing clock
     * only over such a stream (wk_client.h). The client clears it before it
     * asks a connector to open, so a connector that sets the fields one by
     * one and leaves this one reports an unverified stream.
     */
    bool peer_verified;
} wk_transport_t;

/**
 * How a port's TCP layer opens connections, one at a time, for a connector
 * that builds on it (the TLS connector in port/mbedtls). Copyable; @c ctx is
 * the port's connection object, retained by whoever holds the opener.
 * Ports make one with wk_posix_opener() or wk_lwip_opener().
 */
typedef struct wk_tcp_opener {
    /** Connect to @p host : @p port within @p timeout_ms; on WK_OK *out is the
     *  stream until @c close. Statuses as the port's connect function. */
    wk_status_t (*connect)(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms,
                           wk_transport_t *out, wk_diag_t *diag);
    /** Close what @c connect opened (safe when nothing is open). */
    wk_status_t (*close)(void *ctx);
    void *ctx; /**< the port's connection object */
} wk_tcp_opener_t;

/* ---- Clocks ---------------------------------------------------------------- */

/**
 * @brief Monotonic milliseconds. Wraps; use only differences
 *        (uint32_t subtraction is wrap-safe).
 *
 * Cannot fail, so it returns the time rather than a status.
 *
 * @return milliseconds since an arbitrary start; never goes back.
 *
 * @code
 * uint32_t start = wk_port_now_ms();
 * while ((uint32_t)(wk_port_now_ms() - start) < timeout_ms) {
 *     // poll
 * }
 * @endcode
 */
uint32_t wk_port_now_ms(void);

/**
 * @brief Current UTC time for request signing.
 * @param[out] unix_seconds seconds since 1970-01-01T00:00:00Z; set on WK_OK only.
 * @return WK_OK, WK_ERR_CLOCK when the platform has no trustworthy time yet
 *         (never an unset clock's 1970), WK_ERR_ARG (@p unix_seconds NULL).
 *
 * @code
 * int64_t now;
 * if (wk_port_utc_now(&now) != WK_OK) {
 *     // cannot sign: report the clock, do not send
 * }
 * @endcode
 */
wk_status_t wk_port_utc_now(int64_t *unix_seconds);

/**
 * @brief Fill @p buf with unpredictable bytes (retry jitter, TLS seeding).
 *
 * Outside tests this MUST be a real entropy source (it seeds TLS); a port
 * without one returns WK_ERR_CRYPTO rather than invent bytes.
 *
 * @param[out] buf where the bytes go; borrowed for the call.
 * @param[in]  len bytes to fill, all of them on WK_OK; 0 is allowed.
 * @return WK_OK, WK_ERR_CRYPTO (no source, or it failed), WK_ERR_ARG (@p buf
 *         NULL with @p len > 0).
 *
 * @code
 * uint32_t r;
 * if (wk_port_random((uint8_t *)&r, sizeof(r)) == WK_OK) {
 *     // r is the jitter input of wk_retry_backoff_ms()
 * }
 * @endcode
 */
wk_status_t wk_port_random(uint8_t *buf, size_t len);

/**
 * @brief Block the calling task for about @p ms milliseconds (retry backoff).
 *        An RTOS port yields to other tasks; a bare-metal port may spin on
 *        its clock. Returning early is allowed (the caller re-checks time).
 * @param[in] ms how long; 0 returns at once (or yields).
 * @return WK_OK (always: a sleep cut short is not a failure).
 *
 * @code
 * wk_port_sleep_ms(delay_ms);  // retry backoff
 * @endcode
 */
wk_status_t wk_port_sleep_ms(uint32_t ms);

/* ---- Hashing --------------------------------------------------------------- */

/** Bytes a port may use for its SHA-256 state; ports check theirs fits. */
#define WK_SHA256_CTX_SIZE 256u
/** Bytes of a SHA-256 digest (and of an HMAC-SHA-256). */
#define WK_SHA256_LEN 32u

/** Streaming SHA-256 state; contents belong to the port. */
typedef struct wk_sha256 {
    /** Storage for the port's own context, aligned for 64-bit fields. */
    union {
        uint64_t align;
        uint8_t bytes[WK_SHA256_CTX_SIZE];
    } opaque;
} wk_sha256_t;

/**
 * @brief Begin a hash.
 * @param[out] ctx the state; caller-allocated. After a failure nothing is held.
 * @return WK_OK, or WK_ERR_CRYPTO (also for @p ctx NULL).
 *
 * @code
 * wk_sha256_t h;
 * uint8_t digest[WK_SHA256_LEN];
 * if (wk_port_sha256_start(&h) == WK_OK && wk_port_sha256_update(&h, data, len) == WK_OK) {
 *     status = wk_port_sha256_finish(&h, digest);
 * }
 * @endcode
 */
wk_status_t wk_port_sha256_start(wk_sha256_t *ctx);
/**
 * @brief Add bytes.
 * @param[in,out] ctx  a started hash.
 * @param[in]     data @p len bytes, borrowed for the call; may be NULL when
 *                     @p len is 0.
 * @param[in]     len  bytes at @p data; 0 is allowed.
 * @return WK_OK, or WK_ERR_CRYPTO (also for a NULL pointer). After a failure
 *         call wk_port_sha256_finish() to release the state.
 *
 * @code
 * wk_port_sha256_update(&h, (const uint8_t *)"GET\n", 4u);
 * @endcode
 */
wk_status_t wk_port_sha256_update(wk_sha256_t *ctx, const uint8_t *data, size_t len);
/**
 * @brief Write the digest and wipe the state, success or not.
 * @param[in,out] ctx a started hash; afterwards it must be started again.
 * @param[out]    out the 32-byte digest; borrowed for the call.
 * @return WK_OK, or WK_ERR_CRYPTO (also for a NULL pointer).
 *
 * @code
 * uint8_t digest[WK_SHA256_LEN];
 * status = wk_port_sha256_finish(&h, digest);
 * @endcode
 */
wk_status_t wk_port_sha256_finish(wk_sha256_t *ctx, uint8_t out[WK_SHA256_LEN]);

/**
 * @brief One-shot HMAC-SHA-256. The port wipes any key material it copied.
 * @param[in]  key     @p key_len bytes, borrowed for the call; may be NULL
 *                     when @p key_len is 0.
 * @param[in]  key_len bytes at @p key.
 * @param[in]  msg     @p msg_len bytes, borrowed for the call; may be NULL
 *                     when @p msg_len is 0.
 * @param[in]  msg_len bytes at @p msg.
 * @param[out] out     the 32-byte MAC; borrowed for the call; zeroed on failure.
 * @return WK_OK, or WK_ERR_CRYPTO (also for a NULL pointer with a non-zero
 *         length, or @p out NULL).
 *
 * @code
 * uint8_t k_date[WK_SHA256_LEN];
 * status = wk_port_hmac_sha256(secret, secret_len, (const uint8_t *)"20240101", 8u, k_date);
 * @endcode
 */
wk_status_t wk_port_hmac_sha256(const uint8_t *key, size_t key_len, const uint8_t *msg,
                                size_t msg_len, uint8_t out[WK_SHA256_LEN]);

/**
 * @brief Overwrite @p len bytes at @p buf with zeros in a way the compiler keeps.
 *
 * Cannot fail, so it returns nothing; NULL or 0 does nothing.
 *
 * @param[out] buf the bytes to wipe; borrowed for the call.
 * @param[in]  len how many.
 *
 * @code
 * wk_port_zeroize(k_signing, sizeof(k_signing));
 * @endcode
 */
void wk_port_zeroize(void *buf, size_t len);

#ifdef __cplusplus
}
#endif
#endif /* WK_PORT_H */
