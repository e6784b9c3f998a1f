/* SPDX-License-Identifier: Apache-2.0 */
/* The two halves of wk_tls_connect(), between which wk_tls_resume.c offers a
 * saved session; and what it tells of a handshake. For the port's own files
 * only: neither platforms nor the core include this. */
#ifndef WK_TLS_MBEDTLS_PARTS_H
#define WK_TLS_MBEDTLS_PARTS_H

#include "wk_tls_mbedtls.h"

#ifdef __cplusplus
extern "C" {
#endif

/* wk_tls_connect()'s checks and set-up, without the handshake: on WK_OK @p s
 * holds an mbedTLS context ready for mbedtls_ssl_set_session(); on failure it
 * holds nothing. Statuses as wk_tls_connect(). */
wk_status_t wk_tls_session_begin(wk_tls_session_t *s, wk_tls_config_t *cfg,
                                 const wk_transport_t *lower, const char *hostname,
                                 uint32_t timeout_ms, wk_diag_t *diag);

/* The handshake of a session from wk_tls_session_begin(): on WK_OK it is
 * open; on failure it is freed. With @p timeout_ms 0 it takes one step and
 * returns WK_WOULD_BLOCK while the handshake goes on (the connector steps
 * it). Statuses as wk_tls_connect(). */
wk_status_t wk_tls_session_handshake(wk_tls_session_t *s, const char *hostname,
                                     uint32_t timeout_ms, wk_diag_t *diag);

/* Offers @p resume's session to the handshake of @p s (from
 * wk_tls_session_begin()) when it is for @p hostname : @p port; returns
 * whether it did. @p resume is ready (wk_tls_resume_ready()). */
bool wk_tls_resume_offer(wk_tls_session_t *s, wk_tls_resume_t *resume, const char *hostname,
                         uint16_t port);

/* After the handshake of @p s ended with @p status: keeps its session for
 * @p hostname : @p port on WK_OK, forgets the stored one when it was
 * @p offered and the handshake failed (the next gets a full one). */
void wk_tls_resume_settle(const wk_tls_session_t *s, wk_tls_resume_t *resume, const char *hostname,
                          uint16_t port, bool offered, wk_status_t status);

/* Whether the finished handshake of @p s was an abbreviated (resumed) one. */
bool wk_tls_session_abbreviated(const wk_tls_session_t *s);

/* Whether @p r was set up by wk_tls_resume_init() (and not wiped since). */
bool wk_tls_resume_ready(const wk_tls_resume_t *r);

#ifdef __cplusplus
}
#endif
#endif /* WK_TLS_MBEDTLS_PARTS_H */
