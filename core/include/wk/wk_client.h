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
#include "wk/wk_credentials.h"
#include "wk/wk_cursor.h"
#include "wk/wk_diag.h"
#include "wk/wk_endpoint.h"
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

/**
 * Largest clock correction the client takes, in seconds (24 hours).
 *
 * AWS refuses a request signed more than 15 minutes from its own time, and
 * says so (wk_retry.h); the client then takes the service's time from the
 * rejection's Date header and signs again. It does so only when the Date came
 * over a verified TLS connection (wk_transport_t.peer_verified) and moves its
 * clock by at most this much: a device clock that is hours off (a local time
 * taken for UTC is at most 14 hours off, plus daylight saving, plus drift) is
 * still corrected, while a peer that is not the service, or one that lies,
 * cannot have requests signed for a time it chooses further ahead than a day
 * (each valid 15 minutes around its time). A clock further off must be set;
 * the listing fails with WK_ERR_CLOCK_SKEW until it is.
 */
#define WK_CLIENT_MAX_CLOCK_CORRECTION_S 86400


/** Client settings. Pointers are retained until wk_client_deinit(): keep them valid and unmodified. */
typedef struct wk_client_config {
    wk_sigv4_credentials_t credentials; /**< signing keys; strings retained (see above); both
                                             keys NULL: none yet, a provider gives them
                                             (wk_client_use_provider()) */
    wk_endpoint_params_t endpoint;   /**< resolved once by wk_client_init() */
    wk_connector_t connector;        /**< opens and closes connections (wk_port.h); required */
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
    uint32_t clock_corrections; /**< times the clock offset was taken from a Date header
                                     (WK_CLIENT_MAX_CLOCK_CORRECTION_S) */
    uint32_t last_attempts;     /**< attempts the last page took (1: no retry) */
    uint32_t credential_fetches; /**< times the provider was asked (wk_client_use_provider()),
                                      its attempts counted once */
    uint32_t credential_failures; /**< of those, the ones that failed (after an advisory
                                       one the listing went on with the keys in hand) */
} wk_client_stats_t;

/**
 * Called by wk_client_list_all_users() after each complete page, before the
 * next is requested (e.g. to flush output or persist wk_client_cursor()).
 * @p stats is valid during the call. Return WK_OK to go on; anything else
 * stops the listing and is returned. By then the cursor already counts the
 * page's users as delivered (on_user took them): if the caller failed to keep
 * them (e.g. a flush failed), the cursor no longer matches what it holds.
 */
typedef wk_status_t (*wk_on_page_fn)(void *ctx, const wk_client_stats_t *stats);

/** Client state. Caller-allocated (a static is fine); fields are private. */
typedef struct wk_client {
    /** @cond WK_PRIVATE */
    /* First, so that they lie at the same place in every build: after a
     * build mismatch the library writes and reads only these, whatever the
     * size of the application's object (see wk_client_init_checked()). */
    wk_diag_t diag;
    bool build_mismatch;
    wk_client_config_t cfg;
    wk_endpoint_t endpoint;
    wk_sigv4_t signer;
    wk_transport_t conn;
    bool connected;
    bool opening;            /* the connector is still opening conn */
    bool reusable;
    uint8_t phase;
    uint8_t state;           /* the step machine's state (wk_client.c) */
    bool all_pages;          /* wk_client_list_all_users(), not one page */
    bool blocking;           /* run by a blocking call: the connector may wait */
    bool reused;             /* this exchange went out on a kept-alive connection */
    bool got_any;            /* a response byte arrived in this exchange */
    bool fed;                /* bytes went to the parsers since the last clock reading */
    bool stopped;            /* the user callback refused a user */
    bool token_repeated;     /* the page handed back the token it was asked with */
    bool has_next_token;
    bool done;               /* the last page was the final one */
    bool has_date;
    bool has_retry_after;
    bool body_ended_by_close; /* the response body ran until the connection closed */
    uint16_t http_status;
    uint32_t now;            /* the clock, read once a turn of wk_client_step() */
    uint32_t deadline_start_ms;
    uint32_t wait_from_ms;   /* start of the connect, the read silence, or the backoff */
    uint32_t connect_budget_ms;
    uint32_t backoff_ms;
    uint32_t attempt;        /* attempts of this page so far */
    uint32_t retry_cost;     /* retry quota this page holds */
    size_t req_len;          /* the signed request in request[] */
    size_t sent;             /* bytes of it sent */
    uint32_t page_seen;      /* users of this attempt's page skipped or delivered */
    uint64_t page_digest;    /* their digest (wk_cursor_t) */
    uint32_t retry_after_ms;
    char retry_after[32];    /* the raw Retry-After value, until the head is complete */
    uint8_t retry_after_len;
    int64_t date;            /* the response's Date */
    int64_t clock_offset_s;  /* service time minus ours, from a skew rejection */
    wk_retry_quota_t quota;
    wk_client_stats_t stats;
    wk_on_user_fn on_user;
    wk_on_page_fn on_page;
    void *on_user_ctx;
    wk_list_users_request_t req; /* the listing's query; its strings retained */
    /* The credentials seam, set by wk_client_use_provider() only, so that an
     * image signing with static keys links none of it: keys current before
     * an attempt (WK_OK), a provider being asked (WK_PARTIAL), or why not;
     * a NULL wait abandons the asking. */
    wk_status_t (*cred_step)(struct wk_client *c, wk_wait_t *w);
    const wk_cred_provider_t *provider;
    wk_credentials_t *cred_store;
    wk_cred_fetch_t *cred_fetch;
    wk_http_parser_t http;
    /* A response is a page of users or a service error, never both: the
     * error, collected from the head on, gives way to the users parser when
     * the status is 2xx. */
    union {
        wk_users_parser_t users;
        struct {
            wk_service_error_t error;
            size_t len;
            bool overflow;
            uint8_t body[CONFIG_WK_ERROR_BODY_MAX];
        } err;
    } body;
    wk_cursor_t cursor;
    char request[CONFIG_WK_REQUEST_BUF_SIZE];
    uint8_t io[CONFIG_WK_IO_BUF_SIZE];
    /** @endcond */
} wk_client_t;

/**
 * @brief Validate the configuration, resolve the endpoint, prepare the signer.
 *
 * Opens no connection: the first listing call does. A macro: it passes the
 * application's sizeof(wk_client_t) and WK_CONFIG_FINGERPRINT to
 * wk_client_init_checked(), which refuses a library built with other
 * settings (see there).
 *
 * @param[out] c   client to set up (zeroed first); call wk_client_deinit()
 *                 when done, after a failure too, unless @p c, @p cfg or a
 *                 connector function was NULL (then @p c is untouched).
 * @param[in]  cfg copied; the strings and the connector ctx it points to are
 *                 retained until wk_client_deinit(c): keep them valid and
 *                 unmodified.
 * A configuration without keys (both NULL) is allowed: a provider set with
 * wk_client_use_provider() gives them before the first request; a listing
 * with neither fails with WK_ERR_ARG ("signer is not initialized").
 *
 * @return WK_OK, WK_ERR_BUILD_MISMATCH (see wk_client_init_checked()),
 *         WK_ERR_ARG (a NULL pointer, a connector without open or close,
 *         max_attempts above 10), WK_ERR_CREDENTIALS, WK_ERR_REGION (also a
 *         custom endpoint without a region to sign with), WK_ERR_ENDPOINT,
 *         WK_ERR_ENDPOINT_CONFIG (also an endpoint_url, a region's
 *         partition, use_fips or use_dualstack the build left out: see
 *         wk_endpoint_resolve()),
 *         WK_ERR_NO_SPACE. wk_client_diag() explains
 *         every failure after which @p c was set up (see above), and a build
 *         mismatch.
 *
 * @code
 * static wk_client_t client;
 * wk_client_config_t cfg = {0};
 * cfg.credentials.access_key_id = getenv("AWS_ACCESS_KEY_ID");
 * cfg.credentials.secret_access_key = getenv("AWS_SECRET_ACCESS_KEY");
 * cfg.endpoint.region = "us-east-1";
 * cfg.connector = my_connector;
 * if (wk_client_init(&client, &cfg) != WK_OK) {
 *     fprintf(stderr, "%s\n", wk_client_diag(&client));
 * }
 * @endcode
 */
#define wk_client_init(c, cfg) \
    wk_client_init_checked((c), (cfg), sizeof(wk_client_t), WK_CONFIG_FINGERPRINT)

/**
 * @brief What wk_client_init() expands to: the application's view of the
 *        build is checked against the library's before anything else.
 *
 * As zlib's deflateInit() does with the version and sizeof(z_stream): an
 * application compiled with other CONFIG_WK_* values than the library it
 * links (a forgotten WK_HAVE_CONFIG_H, another wk_config.h) has structures
 * of other sizes, and would corrupt memory. When @p client_size or
 * @p config_fingerprint is not the library's own, nothing is set up: only
 * the diagnostic, which comes first in wk_client_t in every build, is
 * written (when @p client_size leaves room for it), naming both sizes and
 * both fingerprints. After that only wk_client_diag() and
 * wk_client_deinit() may be called on @p c; the listing calls return
 * WK_ERR_BUILD_MISMATCH again. Call wk_client_init() rather than this.
 *
 * @param[out] c                  as wk_client_init().
 * @param[in]  cfg                as wk_client_init().
 * @param[in]  client_size        sizeof(wk_client_t) where the caller was compiled.
 * @param[in]  config_fingerprint WK_CONFIG_FINGERPRINT where the caller was compiled.
 * @return as wk_client_init(): WK_ERR_ARG when @p c is NULL, then
 *         WK_ERR_BUILD_MISMATCH when either value differs from the
 *         library's, then WK_OK, WK_ERR_ARG, WK_ERR_CREDENTIALS,
 *         WK_ERR_REGION, WK_ERR_ENDPOINT, WK_ERR_ENDPOINT_CONFIG or
 *         WK_ERR_NO_SPACE.
 *
 * @code
 * status = wk_client_init_checked(&client, &cfg, sizeof(wk_client_t), WK_CONFIG_FINGERPRINT);
 * if (status == WK_ERR_BUILD_MISMATCH) {
 *     fprintf(stderr, "%s\n", wk_client_diag(&client));  // both sizes, both fingerprints
 * }
 * @endcode
 */
wk_status_t wk_client_init_checked(wk_client_t *c, const wk_client_config_t *cfg,
                                   size_t client_size, uint32_t config_fingerprint);

/**
 * @brief Fetch one page: each user goes to @p on_user as it is parsed.
 *
 * Failed attempts are retried as wk_retry.h describes, up to max_attempts,
 * each attempt bounded by call_timeout_ms, with backoff between them. Users
 * already delivered by an attempt that failed mid-body are skipped when the
 * retry delivers the page again, once they are found to be the same users in
 * the same order (wk_cursor_t), so each user reaches @p on_user once. A user
 * for which @p on_user returned non-WK_OK does not count as delivered.
 *
 * @param[in,out] c  an initialized client.
 * @param[in] req     borrowed for the call; validated before any byte is sent.
 *                    Its next_token must be shorter than CONFIG_WK_NEXT_TOKEN_MAX.
 * @param[in] on_user called once per user; may return non-WK_OK to stop. The
 *                    user it gets is valid during that call only.
 * @param[in] ctx     passed to @p on_user; borrowed for the call.
 * @return WK_OK (page complete; see wk_client_next_token()), WK_STOPPED (or the
 *         callback's own status), WK_ERR_ARG (a NULL pointer),
 *         WK_ERR_BUILD_MISMATCH (wk_client_init() refused the build), a validation
 *         status (wk_list_users_request_validate()), WK_ERR_NO_SPACE (next_token
 *         too long, or the signed request does not fit CONFIG_WK_REQUEST_BUF_SIZE),
 *         WK_ERR_CLOCK (no UTC time to sign with), WK_ERR_CRYPTO (hashing failed),
 *         a service status WK_ERR_SERVICE ... WK_ERR_MISSING_AUTH_TOKEN (see
 *         wk_client_service_error()), an HTTP framing status WK_ERR_HTTP_*
 *         (WK_ERR_HTTP_EXTRA_BYTES for bytes after the response), a JSON status
 *         WK_ERR_JSON_* (WK_ERR_JSON_FIELD_TOO_LONG also for a nextToken that
 *         does not fit CONFIG_WK_NEXT_TOKEN_MAX), a connector or transport
 *         status (WK_ERR_DNS, WK_ERR_CONNECT, WK_ERR_TIMEOUT when a deadline
 *         passed, WK_ERR_PEER_CLOSED, WK_ERR_IO, WK_ERR_TLS, WK_ERR_TLS_VERIFY,
 *         WK_ERR_TLS_CA), WK_ERR_CLOCK_SKEW when the service refused the
 *         signing time and the clock was not corrected (the rejection had no
 *         Date header, gave the offset already used, came over a connection
 *         without a verified peer, or is further off than
 *         WK_CLIENT_MAX_CLOCK_CORRECTION_S; wk_client_service_error() still
 *         has the service's words), or WK_ERR_PAGE_CHANGED when a page asked
 *         for again (a retry, or a cursor) does not begin with the users
 *         already delivered from it: reordered, users added or removed, or
 *         fewer of them (see wk_cursor_t; nothing more is delivered, and the
 *         cursor stays where it was). With a credentials provider
 *         (wk_client_use_provider()), when keys were needed and it gave
 *         none, its failure, nothing sent: WK_ERR_CREDENTIALS_PROVIDER,
 *         WK_ERR_CREDENTIALS_SOURCE, WK_ERR_CREDENTIALS,
 *         WK_ERR_CREDENTIALS_EXPIRATION, WK_ERR_CREDENTIALS_EXPIRED, a JSON
 *         or HTTP status of its document, a connector or transport status
 *         (WK_ERR_TIMEOUT after its budget), WK_ERR_CLOCK. After a failure
 *         that was retried, the status and diagnostic are the last attempt's;
 *         wk_client_stats() counts the attempts. wk_client_diag() explains
 *         every failure.
 *
 * @code
 * wk_list_users_request_t req = {0};
 * req.network_id = "12345678";
 * req.max_results = 50;
 * status = wk_client_list_users(&client, &req, print_user, NULL);
 * if (status == WK_ERR_VALIDATION) {
 *     const wk_service_error_t *e = wk_client_service_error(&client);
 *     // e->message, wk_service_error_reason(e, i, ...)
 * }
 * @endcode
 */
wk_status_t wk_client_list_users(wk_client_t *c, const wk_list_users_request_t *req,
                                 wk_on_user_fn on_user, void *ctx);

/**
 * @brief Follow nextToken to the last page, delivering every user once, in order.
 *
 * Reuses one connection across pages while the server keeps it open, and
 * reconnects when it does not. After a failure, wk_client_cursor() tells
 * where to continue.
 *
 * @param[in,out] c  an initialized client.
 * @param[in] req     borrowed for the call: the query. Without @p from, its
 *                    next_token is the starting point.
 * @param[in] from    optional (NULL): continue here instead (copied; a cursor
 *                    from wk_cursor_parse() or an earlier wk_client_cursor()).
 *                    The query must be the one the cursor was made with.
 * @param[in] on_user called once per user, in order; may return non-WK_OK to stop.
 * @param[in] on_page optional (NULL): called after each complete page.
 * @param[in] ctx     passed to @p on_user and @p on_page; borrowed for the call.
 * @return as wk_client_list_users() (WK_ERR_ARG also for a @p from whose
 *         token_len does not fit or whose token holds NUL), plus
 *         WK_ERR_HTTP_UNEXPECTED when the service hands back the token it was
 *         given (it would page forever), WK_ERR_JSON_STRING when a token
 *         contains NUL (it cannot be sent), and any status @p on_page returns.
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

/* ---- Step mode: the same listings from an event loop or a superloop ---------------
 *
 * The blocking calls above are a loop over these:
 *     start; while (wk_client_step(c, &w) == WK_PARTIAL) wk_port_wait(&w);
 * A program that runs its own loop (poll(), epoll, libuv, a superloop around
 * lwIP) starts a listing, then calls wk_client_step() whenever what it waits
 * for is ready or its deadline has come. A step does what can be done now and
 * never waits: connect, TLS handshake, send, receive and parse, backoff and
 * the next page are states it moves through. Retries, timeouts, keep-alive,
 * the clock correction, exactly-once paging and the cursor are those of the
 * blocking calls. One listing per client at a time; several clients, each
 * with its own connector, run side by side in one loop.
 */

/**
 * @brief Start what wk_client_list_users() does, to be run by wk_client_step().
 *
 * Validates @p req and sets the cursor; nothing is sent until the first step.
 * Starting while a listing is in progress abandons it (its connection is closed).
 *
 * @param[in,out] c  an initialized client.
 * @param[in] req     the query, copied; the strings it points to are
 *                    retained until the listing ends: keep them valid.
 * @param[in] on_user as wk_client_list_users(); called from wk_client_step().
 * @param[in] ctx     passed to @p on_user; retained until the listing ends.
 * @return WK_OK (started), WK_ERR_ARG, WK_ERR_BUILD_MISMATCH, a validation
 *         status (wk_list_users_request_validate()), WK_ERR_NO_SPACE
 *         (next_token too long). wk_client_diag() explains a failure.
 *
 * @code
 * status = wk_client_start_list_users(&client, &req, print_user, NULL);
 * @endcode
 */
wk_status_t wk_client_start_list_users(wk_client_t *c, const wk_list_users_request_t *req,
                                       wk_on_user_fn on_user, void *ctx);

/**
 * @brief Start what wk_client_list_all_users() does, to be run by wk_client_step().
 *
 * As wk_client_start_list_users(); @p on_page is called from wk_client_step()
 * after each complete page.
 *
 * @param[in,out] c  an initialized client.
 * @param[in] req     the query, copied; its strings retained until the listing ends.
 * @param[in] from    optional (NULL): continue here instead (copied).
 * @param[in] on_user called once per user, in order.
 * @param[in] on_page optional (NULL): called after each complete page.
 * @param[in] ctx     passed to both; retained until the listing ends.
 * @return as wk_client_start_list_users(), and WK_ERR_ARG for a @p from whose
 *         token_len does not fit or whose token holds NUL.
 *
 * @code
 * status = wk_client_start_list_all_users(&client, &req, NULL, on_user, NULL, &state);
 * @endcode
 */
wk_status_t wk_client_start_list_all_users(wk_client_t *c, const wk_list_users_request_t *req,
                                           const wk_cursor_t *from, wk_on_user_fn on_user,
                                           wk_on_page_fn on_page, void *ctx);

/**
 * @brief Do the work of the started listing that is possible now, without
 *        waiting, and say what to wait for before the next step.
 *
 * Callbacks (on_user, on_page) run inside the step; they must not call
 * the client's listing functions (start, step, the blocking calls) on the
 * same client. When it returns
 * WK_PARTIAL, @p wait holds the handle to watch and for what (WK_WAIT_READ,
 * WK_WAIT_WRITE), or WK_WAIT_NO_HANDLE (see wk_wait_t), and the deadline on
 * wk_port_now_ms()'s clock: step again when the handle is ready, when the
 * stack had events (no handle), and at the latest at the deadline. Stepping
 * early is harmless. The connection's handle may change from one step to the
 * next (a reconnect): watch the one the last step named.
 *
 * @param[in,out] c    a client with a listing started.
 * @param[out]    wait what to wait for; set when WK_PARTIAL is returned.
 * @return WK_PARTIAL (in progress: wait, then step again); once the listing
 *         ended, the status wk_client_list_users() or
 *         wk_client_list_all_users() would have returned (a callback's own
 *         WK_PARTIAL is returned as WK_STOPPED); WK_ERR_STATE when no listing
 *         is in progress; WK_ERR_ARG; WK_ERR_BUILD_MISMATCH.
 *
 * @code
 * wk_wait_t w;
 * status = wk_client_start_list_all_users(&client, &req, NULL, on_user, NULL, NULL);
 * if (status == WK_OK) {
 *     while ((status = wk_client_step(&client, &w)) == WK_PARTIAL) {
 *         struct pollfd p = {w.handle, (short)((w.events & WK_WAIT_READ ? POLLIN : 0) |
 *                                              (w.events & WK_WAIT_WRITE ? POLLOUT : 0)), 0};
 *         poll(&p, w.handle != WK_WAIT_NO_HANDLE ? 1 : 0, (int)w.timeout_ms);
 *     }
 * }
 * @endcode
 */
wk_status_t wk_client_step(wk_client_t *c, wk_wait_t *wait);

/**
 * @brief Where the listing stands after the last call: the next page to ask
 *        for after a success, the failed page and the users of it already
 *        delivered after a failure.
 * @param[in]  c   the client; borrowed for the call.
 * @param[out] cur points into the client; valid until the next call on it.
 * @return WK_OK, WK_PARTIAL when the last page was the final one (nothing
 *         left; *cur is still set), WK_ERR_ARG.
 *
 * @code
 * const wk_cursor_t *cur;
 * char text[WK_CURSOR_TEXT_MAX];
 * size_t n;
 * if (status < 0 && wk_client_cursor(&client, &cur) == WK_OK &&
 *     wk_cursor_format(cur, text, sizeof(text), &n) == WK_OK) {
 *     fprintf(stderr, "resume with --starting-token %s\n", text);
 * }
 * @endcode
 */
wk_status_t wk_client_cursor(const wk_client_t *c, const wk_cursor_t **cur);

/**
 * @brief nextToken of the last complete page.
 * @param[in]  c     the client; borrowed for the call.
 * @param[out] token points into the client, NUL-terminated; valid until the
 *                   next call on it. NULL on WK_PARTIAL.
 * @param[out] len   its length; 0 on WK_PARTIAL.
 * @return WK_OK when there is a next page, WK_PARTIAL when the last page was
 *         the final one (or no page has completed since the last call
 *         started), WK_ERR_ARG.
 *
 * @code
 * const char *token;
 * size_t len;
 * if (wk_client_next_token(&client, &token, &len) == WK_OK) {
 *     req.next_token = token;  // valid until the next call on the client
 * }
 * @endcode
 */
wk_status_t wk_client_next_token(const wk_client_t *c, const char **token, size_t *len);

/**
 * @brief The decoded service error after a service status; NULL otherwise.
 *
 * An accessor that cannot fail, so it returns the pointer, not a status.
 *
 * @param[in] c the client; borrowed for the call.
 * @return points into the client, valid until the next call on it; NULL when
 *         the last attempt did not end with a service error, or @p c is NULL.
 *
 * @code
 * const wk_service_error_t *e = wk_client_service_error(&client);
 * if (e != NULL) {
 *     print_escaped(stderr, e->type);  // the service's texts: escape them (wk_service_error.h)
 *     print_escaped(stderr, e->message);
 *     print_escaped(stderr, e->request_id);
 * }
 * @endcode
 */
const wk_service_error_t *wk_client_service_error(const wk_client_t *c);

/**
 * @brief One line explaining the last failure ("" after success).
 *
 * An accessor that cannot fail, so it returns the text, not a status. The
 * text never holds a secret key, session token or signature.
 *
 * @param[in] c the client; borrowed for the call.
 * @return NUL-terminated, points into the client, valid until the next call
 *         on it; a static "" when @p c is NULL.
 *
 * @code
 * if (status < 0) {
 *     fprintf(stderr, "%s: %s\n", wk_status_str(status), wk_client_diag(&client));
 * }
 * @endcode
 */
const char *wk_client_diag(const wk_client_t *c);

/**
 * @brief Counters since wk_client_init().
 *
 * An accessor that cannot fail, so it returns the pointer, not a status.
 *
 * @param[in] c the client; borrowed for the call.
 * @return points into the client, valid until wk_client_deinit(c) (the
 *         counters change with each call); NULL when @p c is NULL.
 *
 * @code
 * const wk_client_stats_t *st = wk_client_stats(&client);
 * printf("%u users in %u pages, %u retries\n", st->users, st->pages, st->retries);
 * @endcode
 */
const wk_client_stats_t *wk_client_stats(const wk_client_t *c);

/**
 * @brief Sign the next requests with other keys (temporary credentials that
 *        were refreshed), between pages: e.g. from a wk_on_page_fn.
 *
 * The new keys are checked whole before anything changes, so a refused set
 * leaves the client signing with the old ones. The signing key cached for
 * the old ones is wiped. The connection and the listing's place stay.
 *
 * @param[in,out] c    an initialized client.
 * @param[in]     cred the keys; its strings are retained until the next
 *                     call or wk_client_deinit(c) (wk_credentials_sigv4()
 *                     gives such a view of caller-owned storage).
 * @return WK_OK; WK_ERR_CREDENTIALS (a key missing or malformed: the old keys
 *         stay); WK_ERR_ARG (a NULL pointer).
 *
 * @code
 * wk_sigv4_credentials_t view;
 * wk_credentials_sigv4(&creds, &view);  // after a refresh stored new keys
 * status = wk_client_set_credentials(&client, &view);
 * @endcode
 */
wk_status_t wk_client_set_credentials(wk_client_t *c, const wk_sigv4_credentials_t *cred);

/**
 * @brief Ask @p provider for the keys before signing, as the refresh policy
 *        of wk_credentials.h says: before every attempt (each page's first
 *        and each retry), wk_credentials_refresh_check() on @p store with
 *        wk_port_utc_now().
 *
 * - WK_REFRESH_NONE: sign with the keys in @p store.
 * - WK_REFRESH_ADVISORY: ask; when that fails, sign with the keys in hand
 *   (still valid) and ask again before the next attempt.
 * - WK_REFRESH_MANDATORY, WK_REFRESH_EXPIRED: ask; when that fails the
 *   listing ends with the provider's status and diagnostic, and nothing is
 *   sent to the service. Expired keys are never signed with.
 * After each successful ask the client signs with the new keys
 * (wk_client_set_credentials(): the old signing key is wiped), and
 * wk_client_stats() counts it in credential_fetches. So the provider is
 * asked once per lifetime of its keys, not once per page. A network provider
 * is driven in steps (WK_PARTIAL from wk_client_step() with its connection's
 * wait), the blocking calls looping over them; its connection is closed and
 * its request and response buffers wiped when each round ends.
 *
 * Static keys need no provider (the configuration's); to keep them in a
 * wk_credentials_t, store them with WK_CREDENTIALS_NO_EXPIRY: they are
 * never refreshed.
 *
 * @param[in,out] c        an initialized client, no listing in progress.
 * @param[in]     provider retained until wk_client_deinit(c) or the next
 *                         call; exactly one of start and fetch set.
 * @param[in,out] store    the keys (caller-owned; may be empty: asked before
 *                         the first request); retained likewise, written by
 *                         the provider, read by the signer: do not change it
 *                         during a listing. Wipe it (wk_credentials_wipe())
 *                         after wk_client_deinit().
 * @param[in,out] fetch    storage for a network provider's exchange, retained
 *                         likewise; it also keeps why the last ask failed
 *                         (wk_cred_fetch_last_failure()). Optional (NULL) for
 *                         a synchronous provider.
 * @return WK_OK; WK_ERR_ARG (a NULL pointer, both or neither of start and
 *         fetch, a network provider without @p fetch storage or connector);
 *         WK_ERR_STATE (a listing is in progress); WK_ERR_CREDENTIALS (the
 *         keys already in @p store do not sign: the client keeps its own);
 *         WK_ERR_BUILD_MISMATCH.
 *
 * @code
 * static wk_credentials_t creds;   // empty: asked before the first request
 * static wk_cred_fetch_t fetch;
 * static wk_cred_provider_t iot;
 * static wk_status_t start_iot(void *ctx, wk_cred_exchange_t *x, wk_credentials_t *out,
 *                              wk_diag_t *diag)
 * {
 *     return wk_cred_exchange_iot(x, (const wk_iot_cred_params_t *)ctx, out, diag);
 * }
 * iot.start = start_iot;
 * iot.ctx = &iot_params;
 * wk_tls_connector_init(&device_tls, &tcp, &trust, &iot.connector);
 * wk_tls_connector_client_cert(&device_tls, &device);
 * status = wk_client_use_provider(&client, &iot, &creds, &fetch);
 * status = wk_client_list_all_users(&client, &req, NULL, on_user, NULL, NULL);
 * @endcode
 */
wk_status_t wk_client_use_provider(wk_client_t *c, const wk_cred_provider_t *provider,
                                   wk_credentials_t *store, wk_cred_fetch_t *fetch);

/**
 * @brief Close any connection and wipe the signing key.
 * @param[in,out] c the client; afterwards the configuration's strings and
 *                  connector ctx are no longer retained. Safe on a
 *                  zero-initialised client, a second time, and after
 *                  WK_ERR_BUILD_MISMATCH (nothing was set up then).
 * @return WK_OK, or WK_ERR_ARG when @p c is NULL.
 *
 * @code
 * wk_client_deinit(&client);
 * @endcode
 */
wk_status_t wk_client_deinit(wk_client_t *c);

#ifdef __cplusplus
}
#endif
#endif /* WK_CLIENT_H */
