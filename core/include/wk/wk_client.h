/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_client.h
 * @brief The ListUsers client: validate, sign, send, stream-parse, page.
 *
 * A wk_client_t holds every buffer a call needs (sizes from Kconfig), so a
 * static instance is the whole memory cost. It opens connections through a
 * caller-supplied connector (a port: POSIX+mbedTLS, lwIP+mbedTLS, ...), keeps
 * one alive across pages, and reconnects when the server closes it. Failed
 * attempts are retried (wk_retry.h); a listing can resume from a cursor.
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
#include "wk/wk_retry.h"
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
    uint32_t connect_timeout_ms;     /**< TCP + TLS handshake; 0: CONFIG_WK_CONNECT_TIMEOUT_MS */
    uint32_t read_timeout_ms;        /**< longest wait for the next byte; 0: CONFIG_WK_READ_TIMEOUT_MS */
    uint32_t call_timeout_ms;        /**< one attempt, request sent to response complete;
                                          0: CONFIG_WK_CALL_TIMEOUT_MS */
    uint32_t max_attempts;           /**< per page, first try included, 1..10; 0: CONFIG_WK_MAX_ATTEMPTS */
} wk_client_config_t;

/** Counters a caller may read (wk_client_stats()). */
typedef struct wk_client_stats {
    uint32_t pages;       /**< responses with 2xx received */
    uint32_t users;       /**< users delivered to callbacks */
    uint32_t requests;    /**< requests sent */
    uint32_t connections; /**< connections opened (TLS handshakes when TLS) */
    uint32_t retries;     /**< attempts after a failed one (wk_retry.h) */
    uint32_t clock_corrections; /**< times the clock offset was taken from a Date header */
    uint32_t last_attempts;     /**< attempts the last page took (1: no retry) */
} wk_client_stats_t;

/**
 * Where a listing stands: the page to ask for and how many of its users were
 * already delivered. A caller may persist it (binary, or as text with
 * wk_cursor_format()) and continue after a reboot with
 * wk_client_list_all_users(). Resuming relies on one assumption: a nextToken
 * names a stable page (the same users in the same order when asked again),
 * which holds for a network whose membership does not change meanwhile.
 */
typedef struct wk_cursor {
    char token[CONFIG_WK_NEXT_TOKEN_MAX]; /**< the page's nextToken, NUL-terminated; "" for the first page */
    size_t token_len;
    uint32_t index;                       /**< users of that page already delivered */
} wk_cursor_t;

/** Longest cursor text with its NUL: "wk1:", 10 digits, ':', base64url of the token. */
#define WK_CURSOR_TEXT_MAX (16u + ((CONFIG_WK_NEXT_TOKEN_MAX + 1u) / 3u) * 4u)

/**
 * @brief Write @p cur as text: "wk1:<index>:<token>", the token in base64url
 *        without padding (RFC 4648 section 5), so that any token (spaces, quotes,
 *        control bytes) survives a shell, a log line or a file. "wk1:0:" is
 *        the start of a listing.
 * @param[out] buf NUL-terminated text; @p len its length without the NUL.
 * @return WK_OK, WK_ERR_NO_SPACE (@p cap below WK_CURSOR_TEXT_MAX and too
 *         small for this cursor), WK_ERR_ARG.
 *
 * @code
 * char text[WK_CURSOR_TEXT_MAX];
 * size_t n;
 * const wk_cursor_t *cur;
 * if (wk_client_cursor(&client, &cur) == WK_OK && wk_cursor_format(cur, text, sizeof(text), &n) == WK_OK) {
 *     save_somewhere(text, n);
 * }
 * @endcode
 */
wk_status_t wk_cursor_format(const wk_cursor_t *cur, char *buf, size_t cap, size_t *len);

/**
 * @brief Read text written by wk_cursor_format().
 * @param[in]  text borrowed for the call; @p len bytes, not NUL-terminated.
 * @param[out] cur  the cursor; on failure, the start of a listing ("wk1:0:").
 * @param[out] diag optional (NULL): what is wrong, with the byte offset.
 * @return WK_OK, WK_ERR_CURSOR (no "wk1:" prefix, index not a decimal number
 *         below 2^32, bad base64url, a token with NUL or longer than
 *         CONFIG_WK_NEXT_TOKEN_MAX - 1), WK_ERR_ARG.
 */
wk_status_t wk_cursor_parse(wk_cursor_t *cur, const char *text, size_t len, wk_diag_t *diag);

/** Client state. Caller-allocated (a static is fine); fields are private. */
typedef struct wk_client {
    wk_client_config_t cfg;
    wk_endpoint_t endpoint;
    wk_sigv4_t signer;
    wk_transport_t conn;
    bool connected;
    bool reusable;
    uint8_t phase;
    bool stopped;            /* the user callback refused a user */
    bool token_repeated;     /* the page handed back the token it was asked with */
    bool has_next_token;
    bool done;               /* the last page was the final one */
    bool has_date;
    bool has_retry_after;
    uint16_t http_status;
    uint32_t deadline_start_ms;
    uint32_t page_seen;      /* users of this attempt's page skipped or delivered */
    uint32_t retry_after_ms;
    char retry_after[32];    /* the raw Retry-After value, until the head is complete */
    uint8_t retry_after_len;
    int64_t date;            /* the response's Date */
    int64_t clock_offset_s;  /* service time minus ours, from a skew rejection */
    wk_retry_quota_t quota;
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
    wk_cursor_t cursor;
    char request[CONFIG_WK_REQUEST_BUF_SIZE];
    uint8_t io[CONFIG_WK_IO_BUF_SIZE];
} wk_client_t;

/**
 * @brief Validate the configuration, resolve the endpoint, prepare the signer.
 * @param[out] c   client to set up; nothing to free but wk_client_deinit().
 * @param[in]  cfg copied; the strings it points to are retained (see above).
 * @return WK_OK, WK_ERR_ARG (also max_attempts above 10), WK_ERR_CREDENTIALS,
 *         WK_ERR_REGION, WK_ERR_ENDPOINT, WK_ERR_ENDPOINT_CONFIG,
 *         WK_ERR_NO_SPACE. wk_client_diag() explains.
 */
wk_status_t wk_client_init(wk_client_t *c, const wk_client_config_t *cfg);

/**
 * @brief Fetch one page: each user goes to @p on_user as it is parsed.
 *
 * Failed attempts are retried as wk_retry.h describes, up to max_attempts,
 * each attempt bounded by call_timeout_ms, with backoff between them. Users
 * already delivered by an attempt that failed mid-body are skipped when the
 * retry delivers the page again, so each user reaches @p on_user once (see
 * wk_cursor_t for the assumption this rests on). A user for which
 * @p on_user returned non-WK_OK does not count as delivered.
 *
 * @param[in] req     borrowed for the call; validated before any byte is sent.
 *                    Its next_token must be shorter than CONFIG_WK_NEXT_TOKEN_MAX.
 * @param[in] on_user called once per user; may return non-WK_OK to stop.
 * @return WK_OK (page complete; see wk_client_next_token()), WK_STOPPED (or the
 *         callback's own status), a validation status, WK_ERR_NO_SPACE (next_token
 *         too long), a service status (see wk_client_service_error()), an HTTP/JSON
 *         framing status, a transport status (WK_ERR_TIMEOUT when a deadline
 *         passed), or WK_ERR_HTTP_UNEXPECTED when a retried page holds fewer
 *         users than were already delivered from it. After a failure that
 *         was retried, the status and diagnostic are the last attempt's;
 *         wk_client_stats() counts the attempts. wk_client_diag() explains
 *         every failure.
 */
wk_status_t wk_client_list_users(wk_client_t *c, const wk_list_users_request_t *req,
                                 wk_on_user_fn on_user, void *ctx);

/**
 * Called by wk_client_list_all_users() after each complete page, before the
 * next is requested (e.g. to flush output or persist wk_client_cursor()).
 * @p stats is valid during the call. Return WK_OK to go on; anything else
 * stops the listing and is returned.
 */
typedef wk_status_t (*wk_on_page_fn)(void *ctx, const wk_client_stats_t *stats);

/**
 * @brief Follow nextToken to the last page, delivering every user once, in order.
 *
 * Reuses one connection across pages while the server keeps it open, and
 * reconnects when it does not. After a failure, wk_client_cursor() tells
 * where to continue.
 *
 * @param[in] req     borrowed for the call: the query. Without @p from, its
 *                    next_token is the starting point.
 * @param[in] from    optional (NULL): continue here instead (copied; a cursor
 *                    from wk_cursor_parse() or an earlier wk_client_cursor()).
 *                    The query must be the one the cursor was made with.
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
 * status = wk_client_list_all_users(&client, &req, NULL, on_user, NULL, &my_state);
 * @endcode
 */
wk_status_t wk_client_list_all_users(wk_client_t *c, const wk_list_users_request_t *req,
                                     const wk_cursor_t *from, wk_on_user_fn on_user,
                                     wk_on_page_fn on_page, void *ctx);

/**
 * @brief Where the listing stands after the last call: the next page to ask
 *        for after a success, the failed page and the users of it already
 *        delivered after a failure.
 * @param[out] cur points into the client; valid until the next call on it.
 * @return WK_OK, WK_PARTIAL when the last page was the final one (nothing
 *         left; *cur is still set), WK_ERR_ARG.
 */
wk_status_t wk_client_cursor(const wk_client_t *c, const wk_cursor_t **cur);

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
