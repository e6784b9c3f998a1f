/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_client.h
 * @brief The ListUsers client: validate, sign, send, stream-parse, page.
 *
 * A wk_client_t holds every buffer a call needs (sizes from Kconfig), so a
 * static instance is the whole memory cost. It opens connections through a
 * caller-supplied connector (a port: POSIX+mbedTLS, lwIP+mbedTLS, ...), keeps
 * one alive across pages, and reconnects when the server closes it.
 */
#ifndef WK_CLIENT_H
#define WK_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wk/wk_config_defaults.h"
#include "wk/wk_diag.h"
#include "wk/wk_http.h"
#include "wk/wk_request.h"
#include "wk/wk_sigv4.h"
#include "wk/wk_status.h"
#include "wk/wk_users.h"
#include "wk_port.h"

#ifdef __cplusplus
extern "C" {
#endif

/** How the client gets a byte stream to an endpoint. */
typedef struct wk_connector {
    /**
     * Open a connection to @p ep (TLS when ep->tls) within @p timeout_ms.
     * @p ep is borrowed for the call. The transport written to @p out stays
     * valid until @c close is called on it.
     * @return WK_OK or a transport/TLS status (WK_ERR_DNS, WK_ERR_CONNECT,
     *         WK_ERR_TIMEOUT, WK_ERR_TLS, WK_ERR_TLS_VERIFY, WK_ERR_TLS_CA).
     */
    wk_status_t (*open)(void *ctx, const wk_endpoint_t *ep, uint32_t timeout_ms,
                        wk_transport_t *out);
    /** Close a transport made by @c open. @return WK_OK or WK_ERR_IO. */
    wk_status_t (*close)(void *ctx, wk_transport_t *t);
    void *ctx;
} wk_connector_t;

/** Client settings. Pointers are retained until wk_client_deinit(): keep them valid and unmodified. */
typedef struct wk_client_config {
    wk_sigv4_credentials_t credentials;
    wk_endpoint_params_t endpoint;   /**< resolved once by wk_client_init() */
    wk_connector_t connector;
    uint32_t connect_timeout_ms;     /**< 0: CONFIG_WK_CONNECT_TIMEOUT_MS */
    uint32_t read_timeout_ms;        /**< 0: CONFIG_WK_READ_TIMEOUT_MS */
    uint32_t call_timeout_ms;        /**< 0: CONFIG_WK_CALL_TIMEOUT_MS */
} wk_client_config_t;

/** Counters a caller may read (wk_client_stats()). */
typedef struct wk_client_stats {
    uint32_t pages;       /**< responses with 2xx received */
    uint32_t users;       /**< users delivered to callbacks */
    uint32_t requests;    /**< requests sent */
    uint32_t connections; /**< connections opened (TLS handshakes when TLS) */
} wk_client_stats_t;

/** Client state. Caller-allocated (a static is fine); fields are private. */
typedef struct wk_client {
    wk_client_config_t cfg;
    wk_endpoint_t endpoint;
    wk_sigv4_t signer;
    wk_transport_t conn;
    bool connected;
    bool reusable;
    uint8_t phase;
    wk_status_t http_status_cb;
    uint16_t http_status;
    uint32_t deadline_start_ms;
    wk_diag_t diag;
    wk_client_stats_t stats;
    wk_on_user_fn on_user;
    void *on_user_ctx;
    wk_http_parser_t http;
    wk_service_error_t error;
    size_t error_body_len;
    bool error_body_overflow;
    union {
        wk_users_parser_t users;
        uint8_t error_body[CONFIG_WK_ERROR_BODY_MAX];
    } body;
    char next_token[CONFIG_WK_NEXT_TOKEN_MAX];
    size_t next_token_len;
    bool has_next_token;
    char request[CONFIG_WK_REQUEST_BUF_SIZE];
    uint8_t io[CONFIG_WK_IO_BUF_SIZE];
} wk_client_t;

/**
 * @brief Validate the configuration, resolve the endpoint, prepare the signer.
 * @param[out] c   client to set up; nothing to free but wk_client_deinit().
 * @param[in]  cfg copied; the strings it points to are retained (see above).
 * @return WK_OK, WK_ERR_ARG, WK_ERR_CREDENTIALS, WK_ERR_REGION, WK_ERR_ENDPOINT,
 *         WK_ERR_ENDPOINT_CONFIG, WK_ERR_NO_SPACE. wk_client_diag() explains.
 */
wk_status_t wk_client_init(wk_client_t *c, const wk_client_config_t *cfg);

/**
 * @brief Fetch one page: each user goes to @p on_user as it is parsed.
 *
 * @param[in] req     borrowed for the call; validated before any byte is sent.
 * @param[in] on_user called once per user; may return non-WK_OK to stop.
 * @return WK_OK (page complete; see wk_client_next_token()), WK_STOPPED (or the
 *         callback's own status), a validation status, a service status (see
 *         wk_client_service_error()), an HTTP/JSON framing status, or a
 *         transport status. wk_client_diag() explains every failure.
 */
wk_status_t wk_client_list_users(wk_client_t *c, const wk_list_users_request_t *req,
                                 wk_on_user_fn on_user, void *ctx);

/**
 * Called by wk_client_list_all_users() after each complete page, before the
 * next is requested (e.g. to flush output or persist progress). @p stats is
 * valid during the call. Return WK_OK to go on; anything else stops the
 * listing and is returned.
 */
typedef wk_status_t (*wk_on_page_fn)(void *ctx, const wk_client_stats_t *stats);

/**
 * @brief Follow nextToken from @p req (its next_token is the starting point)
 *        to the last page, delivering every user once, in order.
 * @param[in] on_page optional (NULL): called after each complete page.
 * @param[in] ctx     passed to @p on_user and @p on_page.
 * @return as wk_client_list_users(), plus WK_ERR_HTTP_UNEXPECTED when the
 *         service hands back the token it was given (it would page forever)
 *         and WK_ERR_JSON_STRING when a token contains NUL (it cannot be sent).
 *
 * @code
 * wk_list_users_request_t req = {0};
 * req.network_id = "12345678";
 * req.max_results = 100;
 * status = wk_client_list_all_users(&client, &req, on_user, NULL, &my_state);
 * @endcode
 */
wk_status_t wk_client_list_all_users(wk_client_t *c, const wk_list_users_request_t *req,
                                     wk_on_user_fn on_user, wk_on_page_fn on_page, void *ctx);

/**
 * @brief nextToken of the last complete page.
 * @param[out] token NUL-terminated, inside the client; valid until the next call.
 * @return WK_OK when there is a next page, WK_PARTIAL when the last page was the final one.
 */
wk_status_t wk_client_next_token(const wk_client_t *c, const char **token, size_t *len);

/** @brief The decoded service error after a service status; NULL otherwise. */
const wk_service_error_t *wk_client_service_error(const wk_client_t *c);

/** @brief One line explaining the last failure ("" after success). Inside the client. */
const char *wk_client_diag(const wk_client_t *c);

/** @brief Counters since wk_client_init(). */
const wk_client_stats_t *wk_client_stats(const wk_client_t *c);

/** @brief Close any connection and wipe the signing key. @return WK_OK or WK_ERR_ARG. */
wk_status_t wk_client_deinit(wk_client_t *c);

#ifdef __cplusplus
}
#endif
#endif /* WK_CLIENT_H */
