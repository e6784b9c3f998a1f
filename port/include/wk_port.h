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

#include <stddef.h>
#include <stdint.h>

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
 *         MUST NOT be used to signal a disconnect), WK_ERR_PEER_CLOSED,
 *         WK_ERR_IO, WK_ERR_TLS.
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
 *         WK_ERR_TLS_VERIFY.
 */
typedef wk_status_t (*wk_recv_fn)(void *ctx, uint8_t *buf, size_t len, size_t *got,
                                  uint32_t timeout_ms);

/** A byte stream. Copyable; ctx is owned by whoever made the transport. */
typedef struct wk_transport {
    wk_send_fn send;
    wk_recv_fn recv;
    void *ctx;
} wk_transport_t;

/* ---- Clocks ---------------------------------------------------------------- */

/**
 * @brief Monotonic milliseconds. Wraps; use only differences
 *        (uint32_t subtraction is wrap-safe).
 */
uint32_t wk_port_now_ms(void);

/**
 * @brief Current UTC time for request signing.
 * @param[out] unix_seconds seconds since 1970-01-01T00:00:00Z.
 * @return WK_OK, or WK_ERR_CLOCK when the platform has no trustworthy time yet.
 */
wk_status_t wk_port_utc_now(int64_t *unix_seconds);

/**
 * @brief Fill @p buf with unpredictable bytes (retry jitter, TLS seeding).
 * @return WK_OK or WK_ERR_CRYPTO.
 */
wk_status_t wk_port_random(uint8_t *buf, size_t len);

/**
 * @brief Block the calling task for about @p ms milliseconds (retry backoff).
 *        An RTOS port yields to other tasks; a bare-metal port may spin on
 *        its clock. Returning early is allowed (the caller re-checks time).
 * @return WK_OK.
 */
wk_status_t wk_port_sleep_ms(uint32_t ms);

/* ---- Hashing --------------------------------------------------------------- */

/** Bytes a port may use for its SHA-256 state; ports check theirs fits. */
#define WK_SHA256_CTX_SIZE 256u
#define WK_SHA256_LEN 32u

/** Streaming SHA-256 state; contents belong to the port. */
typedef struct wk_sha256 {
    union {
        uint64_t align;
        uint8_t bytes[WK_SHA256_CTX_SIZE];
    } opaque;
} wk_sha256_t;

/** @brief Begin a hash. @return WK_OK or WK_ERR_CRYPTO. */
wk_status_t wk_port_sha256_start(wk_sha256_t *ctx);
/** @brief Add bytes (len may be 0). @return WK_OK or WK_ERR_CRYPTO. */
wk_status_t wk_port_sha256_update(wk_sha256_t *ctx, const uint8_t *data, size_t len);
/** @brief Write the digest and wipe the state. @return WK_OK or WK_ERR_CRYPTO. */
wk_status_t wk_port_sha256_finish(wk_sha256_t *ctx, uint8_t out[WK_SHA256_LEN]);

/**
 * @brief One-shot HMAC-SHA-256. The port wipes any key material it copied.
 * @return WK_OK or WK_ERR_CRYPTO.
 */
wk_status_t wk_port_hmac_sha256(const uint8_t *key, size_t key_len, const uint8_t *msg,
                                size_t msg_len, uint8_t out[WK_SHA256_LEN]);

/** @brief Overwrite @p len bytes at @p buf with zeros in a way the compiler keeps. */
void wk_port_zeroize(void *buf, size_t len);

#ifdef __cplusplus
}
#endif
#endif /* WK_PORT_H */
