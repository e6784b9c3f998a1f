/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_port.h
 * @brief The port contract: everything a platform implements for the core,
 *        and nothing else.
 *
 * This header is the whole seam. It depends only on the public status and
 * diagnostic headers (wk/wk_status.h, wk/wk_diag.h, which carry the build's
 * options), so a port is written and compiled against an installed package
 * alone; no port sees the core's sources or private headers.
 *
 * A port supplies two kinds of thing:
 *  - per-connection objects, as structs of function pointers with an opaque
 *    context: a byte stream (wk_transport_t) and the way to open one to a
 *    host (wk_tcp_opener_t). The client opens connections through a
 *    connector (wk_connector_t) that it hands a wk_endpoint_t; a port rarely
 *    writes one: wk_tcp_connector.h makes it from an opener, wk_tls.h adds
 *    TLS.
 *  - link-time singletons: the clocks, the wait, random bytes, SHA-256,
 *    HMAC-SHA-256 and a wipe. The core calls these functions by name;
 *    exactly one object file of the program defines each.
 *
 * Nothing in the core waits (wk_client_step()): every stream, opener and
 * connector call is made with timeout 0, and what the client waits for next
 * comes back to the caller as a wk_wait_t. The blocking calls wait in
 * wk_port_wait(), here, and let the connector wait in open (see
 * wk_connector_t), as connectors written for them expect.
 *
 * docs/PORTING.md lists every function with its statuses (a test keeps the
 * list and this header in step); port/template/ is a port with every
 * function stubbed, to start from; wk_selftest.h checks a port on its target.
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

/* ---- A byte stream ----------------------------------------------------------
 *
 * Rules both directions follow (the core relies on each; wk_selftest.h
 * checks them on the target):
 *  - Wait at most timeout_ms. 0 means do not wait at all, and it is what the
 *    client always passes: it never waits inside a stream, so a stack whose
 *    own timeout reads 0 as "forever" (lwIP's SO_RCVTIMEO, many RTOS
 *    queues) must be called without waiting then.
 *  - Returning WK_WOULD_BLOCK before timeout_ms has passed is allowed: the
 *    caller measures its own deadlines with wk_port_now_ms() and calls
 *    again. One that blocks past timeout_ms stalls every deadline above it.
 *  - WK_WOULD_BLOCK means only "nothing moved yet": it MUST NOT stand for a
 *    closed or broken connection. WK_OK always moves at least one byte.
 *  - After WK_WOULD_BLOCK, wait_on (when set) tells what to wait for before
 *    calling again (see wk_wait_t).
 */

/* ---- What to wait for ------------------------------------------------------ */

/** wk_wait_t.handle when there is no descriptor to watch. */
#define WK_WAIT_NO_HANDLE (-1)
/** wk_wait_t.events bit: wait until the handle is readable (data, or the end
 *  of the stream, has arrived). */
#define WK_WAIT_READ 1u
/** wk_wait_t.events bit: wait until the handle is writable (a send has room,
 *  or a connect in progress has completed or failed). */
#define WK_WAIT_WRITE 2u

/**
 * What to wait for before the next call: what a stream's wait_on reports
 * after WK_WOULD_BLOCK, and what wk_client_step() returns to its caller.
 *
 *  - @c handle is a descriptor to watch for @c events: a socket on POSIX
 *    (poll(), epoll, select, libuv's uv_poll), an lwIP socket for
 *    lwip_poll() / lwip_select(). WK_WAIT_NO_HANDLE when there is none: a
 *    stack that signals readiness by callbacks (lwIP's raw API) or a stream
 *    that cannot tell. Then call again when the stack has had events (a
 *    superloop: every turn), and at the latest at the deadline.
 *  - @c events 0: nothing to watch, only the deadline (a retry's backoff),
 *    or, with timeout 0, "ready: call again at once".
 *  - @c deadline_ms is on wk_port_now_ms()'s clock; @c timeout_ms is the same
 *    deadline as milliseconds from when the wait was filled in, ready for
 *    poll(). Call again by then whatever the handle does: deadlines
 *    (timeouts, backoff) are measured when called.
 * Waking early or for nothing is harmless: the call finds nothing to do and
 * says again what it waits for.
 */
typedef struct wk_wait {
    int handle;           /**< descriptor to watch, or WK_WAIT_NO_HANDLE */
    uint8_t events;       /**< WK_WAIT_READ and/or WK_WAIT_WRITE; 0: only the deadline */
    uint32_t deadline_ms; /**< call again by then, on wk_port_now_ms()'s clock */
    uint32_t timeout_ms;  /**< the deadline, from when the wait was filled in */
} wk_wait_t;

/**
 * @brief Say what the stream's last WK_WOULD_BLOCK (of send, recv, or the
 *        open that made it) waits for: set @c handle and @c events of @p w;
 *        leave its deadline alone.
 *
 * Called only after WK_WOULD_BLOCK. A TLS stream answers with its lower
 * stream's handle and the direction the TLS library asked for (a handshake
 * reads and writes in turn), or WK_WAIT_NO_HANDLE with events 0 when it
 * holds data it can give without waiting.
 *
 * @param[in]     ctx the transport's context.
 * @param[in,out] w   comes with @c handle WK_WAIT_NO_HANDLE and @c events the
 *                    direction the caller was moving bytes in (WK_WAIT_WRITE
 *                    for an open: a connect completes when writable); the
 *                    stream overwrites both as it knows better. @c events 0
 *                    with no handle on return means "ready: call again at
 *                    once" (data already held).
 * @return WK_OK; a failure leaves @p w as it came (the caller then polls
 *         again by the deadline).
 */
typedef wk_status_t (*wk_wait_on_fn)(void *ctx, wk_wait_t *w);

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
    void *ctx;       /**< first argument of all three; the connection they act on */
    /**
     * True only when the peer proved it is the host that was asked for: a TLS
     * stream whose handshake verified the certificate chain and the host name
     * (the TLS connector of wk_tls.h sets it). False for plain TCP, and
     * whenever unsure.
     * The client trusts a response's Date header to correct its signing clock
     * only over such a stream (wk_client.h). The client clears it before it
     * asks a connector to open, so a connector that sets the fields one by
     * one and leaves this one reports an unverified stream.
     */
    bool peer_verified;
    /**
     * What to wait for after WK_WOULD_BLOCK (wk_wait_on_fn); NULL: the stream
     * cannot say, and its caller polls it (WK_WAIT_NO_HANDLE). Last, so that
     * a transport written as {send, recv, ctx, verified} still compiles.
     */
    wk_wait_on_fn wait_on;
} wk_transport_t;

/* ---- Opening a stream --------------------------------------------------- */

/**
 * How a port's TCP layer opens connections, one at a time, for a connector
 * that builds on it (wk_tcp_connector.h, or the TLS connector of wk_tls.h).
 * Copyable; @c ctx is the port's connection object, retained by whoever
 * holds the opener. The shipped ports make one with wk_posix_opener() or
 * wk_lwip_opener(); port/template/ shows the two functions to write.
 */
typedef struct wk_tcp_opener {
    /**
     * Connect to @p host : @p port within @p timeout_ms.
     * @p host is a DNS name or an IP literal (IPv6 without brackets, see
     * wk_endpoint_t), NUL-terminated, borrowed for the call. On WK_OK *out
     * is the stream until @c close; its peer_verified is true only when
     * this opener itself verified the peer (a TLS offload). On failure
     * nothing is open and @p diag (optional) names the host, port and cause.
     *
     * A connect completes later: with @p timeout_ms 0 (what the TLS
     * connector passes when the client steps) it starts and returns
     * WK_WOULD_BLOCK while in progress, with *out's wait_on and ctx (only
     * those) set to say what it waits for; the next call, with the same host
     * and port, goes on with it, and @c close abandons it. The caller keeps
     * the deadline. A name is resolved without waiting too, its lookup
     * watched like the connect (docs/PORTING.md, "Names in step mode"):
     * the POSIX opener does; lwIP's sockets API cannot, so there a name
     * blocks the step and an IP literal does not.
     * A timeout above 0 waits up to it as before.
     * @return WK_OK, WK_WOULD_BLOCK (timeout 0 only), WK_ERR_ARG, WK_ERR_DNS,
     *         WK_ERR_CONNECT, WK_ERR_TIMEOUT (and for an opener that does
     *         TLS, its WK_ERR_TLS* statuses).
     */
    wk_status_t (*connect)(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms,
                           wk_transport_t *out, wk_diag_t *diag);
    /** Close what @c connect opened (safe when nothing is open); @return WK_OK. */
    wk_status_t (*close)(void *ctx);
    void *ctx; /**< the port's connection object */
} wk_tcp_opener_t;

/**
 * Where requests go: what the client hands a connector. Filled by
 * wk_endpoint_resolve() (wk/wk_endpoint.h); owned by the caller.
 *
 * @c host is what a connector resolves and connects to: a DNS name, a dotted
 * IPv4 address, or an IPv6 address *without* its brackets ("::1"), as
 * getaddrinfo() and inet_pton() want it. It contains ':' only for IPv6. The
 * Host header and the SigV4 canonical host need the brackets (and the port
 * when explicit): build them with wk_endpoint_authority(), not from @c host.
 */
typedef struct wk_endpoint {
    char host[CONFIG_WK_HOST_MAX];           /**< NUL-terminated; no port, no brackets */
    char base_path[CONFIG_WK_ENDPOINT_PATH_MAX]; /**< "" or "/prefix" without trailing '/' */
    uint16_t port;                           /**< 443 (https) or 80 (http) unless the URL said otherwise */
    bool tls;                                /**< false only for an explicit http:// URL */
    bool port_explicit;                      /**< the URL named a port other than the scheme's
                                                  default (Host header keeps it) */
} wk_endpoint_t;

/**
 * How the client gets a byte stream to an endpoint. It opens one connection
 * at a time and reconnects when the server closes it. Ready-made:
 * wk_tcp_connector_init() (plain TCP, or TLS done by the opener) and
 * wk_tls_connector_init() (TLS over any opener).
 */
typedef struct wk_connector {
    /**
     * Open a connection to @p ep (TLS when ep->tls) within @p timeout_ms.
     * @p ep is borrowed for the call. The transport written to @p out stays
     * valid until @c close is called on it; its peer_verified (cleared
     * before the first call) says whether the peer's identity was verified.
     * A connector that cannot give ep->tls its verified TLS MUST fail, never
     * fall back to plain TCP.
     *
     * wk_client_step() calls it with @p timeout_ms 0 and keeps the connect
     * deadline itself (the blocking calls pass the connect budget, and the
     * connector may wait up to it, as before): return WK_WOULD_BLOCK while the connection (TCP
     * connect, TLS handshake) is in progress, with *out's wait_on and ctx
     * (only those) saying what it waits for; the client calls again with the same
     * @p ep and @p out to go on, and @c close to abandon it. A connector
     * that completes at once never returns WK_WOULD_BLOCK. A failure leaves
     * nothing open, also after WK_WOULD_BLOCK.
     * @return WK_OK, WK_WOULD_BLOCK, or a transport/TLS status (WK_ERR_DNS,
     *         WK_ERR_CONNECT, WK_ERR_TIMEOUT, WK_ERR_TLS, WK_ERR_TLS_VERIFY,
     *         WK_ERR_TLS_CA).
     */
    wk_status_t (*open)(void *ctx, const wk_endpoint_t *ep, uint32_t timeout_ms,
                        wk_transport_t *out);
    /** Close a transport made by @c open. @return WK_OK or WK_ERR_IO. */
    wk_status_t (*close)(void *ctx, wk_transport_t *t);
    void *ctx; /**< first argument of @c open and @c close; retained with the config */
} wk_connector_t;

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
 * @brief Wait until @p w's handle is ready for its events, or its deadline:
 *        the one wait of the blocking calls (wk_client_list_users() and
 *        wk_client_list_all_users() step the client and call this between
 *        steps). The core calls it nowhere else.
 *
 * POSIX: poll() on the handle, or a sleep when there is none. An RTOS port
 * waits on its socket or yields for the time; lwIP's raw API (no
 * descriptors) runs the stack's timers and driver until the deadline or
 * until something happened. Returning early is allowed (the client is
 * stepped again and waits again), so a port that cannot wait may return at
 * once: the blocking calls then spin. With @c handle WK_WAIT_NO_HANDLE and
 * @c events set, the stream cannot be watched: wait a short while (a tick),
 * not until the deadline, as data may come at any time.
 *
 * @param[in] w what to wait for; borrowed for the call.
 * @return WK_OK (also when it returned early: a wait cut short is not a
 *         failure), WK_ERR_ARG (@p w NULL).
 *
 * @code
 * wk_wait_t w;
 * while ((status = wk_client_step(&client, &w)) == WK_PARTIAL) {
 *     (void)wk_port_wait(&w);
 * }
 * @endcode
 */
wk_status_t wk_port_wait(const wk_wait_t *w);

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
