/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_selftest.h
 * @brief A port's self-test, run on the target itself: no test framework,
 *        no sockets of its own, no host tools.
 *
 * wk_selftest_run() checks what the core relies on, through the port's own
 * functions, and prints one line per check through a function the caller
 * supplies (a UART, semihosting, a log, stdout):
 *  - clocks: wk_port_now_ms() advances and never goes back;
 *    wk_port_utc_now() gives a set clock (the client cannot sign without
 *    one), and refuses NULL;
 *  - random: two draws differ and are not all zeros;
 *  - hashing: SHA-256 (FIPS 180-2 examples, one byte at a time too),
 *    HMAC-SHA-256 (RFC 4231 cases 1, 2 and 6), wk_port_zeroize(), and a
 *    SigV4 signature (AWS's get-vanilla suite case) through the core's signer;
 *  - transport, when an opener and a peer are given: a quiet stream gives
 *    WK_WOULD_BLOCK with timeout 0 and within a short timeout (never a close,
 *    never a wait far past it); bytes arrive whole and in order both ways,
 *    WK_OK always with at least one byte; the peer's orderly close is
 *    WK_ERR_PEER_CLOSED; a closed stream refuses I/O. (A stream that waits
 *    forever at timeout 0 cannot be reported: the run stops in the first
 *    transport check, and the report ends with the line before it);
 *  - one canned page, when a client is given: the whole client (validate,
 *    sign with the port's clock and hashing, write the request, parse a
 *    response and its users) over an in-memory connector.
 *
 * Lines read "ok   name", "FAIL name: why" or "--   name: not run (why)",
 * then a count. Nothing is allocated; the canned page keeps what the client
 * writes in CONFIG_WK_REQUEST_BUF_SIZE bytes of static storage, and the
 * stack holds at most a few hundred bytes besides the port's and the client's
 * own. Not reentrant: one run at a time.
 */
#ifndef WK_SELFTEST_H
#define WK_SELFTEST_H

#include <stdint.h>

#include "wk/wk_client.h"
#include "wk/wk_credentials.h"
#include "wk/wk_status.h"
#include "wk_port.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Writes @p text (NUL-terminated, with its own newlines) somewhere a person
 *  reads it; @p ctx is wk_selftest_target_t.print_ctx. */
typedef void (*wk_selftest_print_fn)(void *ctx, const char *text);

/**
 * The far end of the connection the opener makes: the self-test drives it to
 * test the port's stream. On a stack with loopback, a listening socket on
 * 127.0.0.1 of the same stack; any listener the target can reach works.
 */
typedef struct wk_selftest_peer {
    /** Accept the connection the opener just made to host:port, within
     *  @p timeout_ms; *out is the far end (any transport that follows
     *  wk_port.h). @return WK_OK or a failure. */
    wk_status_t (*accept)(void *ctx, uint32_t timeout_ms, wk_transport_t *out);
    /** End the far end in order (a TCP FIN: everything sent is still
     *  delivered). @return WK_OK or a failure. */
    wk_status_t (*close)(void *ctx);
    void *ctx; /**< first argument of both */
} wk_selftest_peer_t;

/**
 * What to test. Every pointer is borrowed for the call. A part left out
 * (NULL) is reported as not run, never as passed.
 */
typedef struct wk_selftest_target {
    wk_selftest_print_fn print; /**< required: where the report goes */
    void *print_ctx;            /**< first argument of @c print */
    wk_tcp_opener_t opener;     /**< the port's TCP layer; connect NULL: no transport checks */
    const char *host;           /**< where @c peer listens, e.g. "127.0.0.1" */
    uint16_t port;              /**< and its port */
    wk_selftest_peer_t peer;    /**< the far end; needed with @c opener */
    wk_client_t *client;        /**< scratch for the canned page (initialized and
                                     deinitialized here); NULL: page not run */
    wk_cred_fetch_t *fetch;         /**< scratch for the AWS IoT credentials provider, which
                                         the client asks over a canned response before it
                                         lists the canned page; NULL: not run */
    wk_credentials_t *credentials;  /**< where its keys go (wiped after); NULL: not run */
} wk_selftest_target_t;

/**
 * @brief Run every check @p target allows and print the report.
 *
 * @param[in] target what to test and where to print; borrowed for the call.
 * @return WK_OK when every check that ran passed; else the first failure's
 *         status: the port's own when one of its functions failed, otherwise
 *         WK_ERR_CRYPTO (a wrong digest, MAC, signature or random bytes),
 *         WK_ERR_CLOCK (a clock that goes back, stands still, or is not
 *         set), WK_ERR_IO (a stream that broke a rule of wk_port.h) or
 *         WK_ERR_HTTP_UNEXPECTED (the canned page came back different);
 *         WK_ERR_ARG (@p target or its print function NULL; nothing runs).
 *
 * @code
 * static void uart_print(void *ctx, const char *text) { (void)ctx; uart_write(text); }
 * static wk_client_t scratch;
 * wk_selftest_target_t t = {0};
 * t.print = uart_print;
 * t.client = &scratch;
 * if (wk_selftest_run(&t) != WK_OK) {
 *     // the report says which check failed and why
 * }
 * @endcode
 */
wk_status_t wk_selftest_run(const wk_selftest_target_t *target);

#ifdef __cplusplus
}
#endif
#endif /* WK_SELFTEST_H */
