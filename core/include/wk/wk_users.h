/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_users.h
 * @brief Streaming ListUsers response parser and service error parser.
 *
 * The response body is parsed as it arrives. Each element of "users" is
 * gathered in a fixed window (CONFIG_WK_USER_WINDOW_SIZE), tokenized with jsmn
 * as its bytes come in (each byte scanned once), decoded in place into a
 * wk_user_t and handed to the caller's callback; then the window is reused.
 * Memory does not depend on the number of users on a page or in a network.
 */
#ifndef WK_USERS_H
#define WK_USERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wk/wk_config_defaults.h"
#include "wk/wk_diag.h"
#include "wk/wk_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A decoded string. @c ptr is NUL-terminated for convenience, but the value may
 * itself contain NUL (from \u0000), so use @c len. Points into the parser's
 * window: valid only during the callback that receives it.
 */
typedef struct wk_str {
    const char *ptr;
    size_t len;
} wk_str_t;

/** The 19 User fields, in the model's order. */
typedef enum wk_user_field {
    WK_USER_USER_ID = 0,
    WK_USER_FIRST_NAME,
    WK_USER_LAST_NAME,
    WK_USER_USERNAME,
    WK_USER_SECURITY_GROUPS,
    WK_USER_IS_ADMIN,
    WK_USER_SUSPENDED,
    WK_USER_STATUS,
    WK_USER_OTP_ENABLED,
    WK_USER_SCIM_ID,
    WK_USER_TYPE,
    WK_USER_CELL,
    WK_USER_COUNTRY_CODE,
    WK_USER_CHALLENGE_FAILURES,
    WK_USER_IS_INVITE_EXPIRED,
    WK_USER_IS_USER,
    WK_USER_INVITE_CODE,
    WK_USER_CODE_VALIDATION,
    WK_USER_UNAME,
    WK_USER_FIELD_COUNT
} wk_user_field_t;

/** True when field @p f was present (and not null) in the user object. */
#define WK_USER_HAS(u, f) ((((u)->present) >> (unsigned)(f)) & 1u)

/** One user. Strings point into the parser window: valid during the callback only. */
typedef struct wk_user {
    uint32_t present; /**< bit (1u << wk_user_field_t) per field present */
    wk_str_t user_id;
    wk_str_t first_name;
    wk_str_t last_name;
    wk_str_t username;
    wk_str_t security_groups[CONFIG_WK_MAX_SECURITY_GROUPS];
    size_t security_group_count;
    bool is_admin;
    bool suspended;
    int32_t status;
    bool otp_enabled;
    wk_str_t scim_id;
    wk_str_t type;
    wk_str_t cell;
    wk_str_t country_code;
    int32_t challenge_failures;
    bool is_invite_expired;
    bool is_user;
    wk_str_t invite_code;
    bool code_validation;
    wk_str_t uname;
} wk_user_t;

/**
 * @brief The API's JSON name of a field ("userId", "firstName", ...).
 * @return a static string, or NULL for an out-of-range value.
 */
const char *wk_user_field_name(wk_user_field_t field);

/**
 * Called once per user, in document order. @p user and everything it points
 * to are valid only during the call. Return WK_OK to go on; any other status
 * stops parsing and is returned by wk_users_parser_feed() (WK_STOPPED is the
 * conventional "stop now" value).
 */
typedef wk_status_t (*wk_on_user_fn)(void *ctx, const wk_user_t *user);

/** Streaming parser state. Caller-allocated (about WINDOW + 16*TOKENS bytes);
 *  fields are private. */
typedef struct wk_users_parser {
    wk_on_user_fn on_user;
    void *ctx;
    uint64_t offset;          /* body bytes consumed so far */
    uint32_t users;           /* users delivered */
    uint8_t state;
    uint8_t flags;
    uint16_t depth;
    uint32_t sub;             /* sub-state of the envelope scanner */
    size_t key_len;
    char key[16];             /* envelope key being read (only short keys matter) */
    size_t token_len;
    char next_token[CONFIG_WK_NEXT_TOKEN_MAX];
    size_t win_len;
    char window[CONFIG_WK_USER_WINDOW_SIZE];
    struct {
        unsigned int pos;
        unsigned int toknext;
        int toksuper;
    } jsmn;                   /* mirrors jsmn_parser; checked at compile time */
    struct {
        int type;
        int start;
        int end;
        int size;
    } tokens[CONFIG_WK_JSON_MAX_TOKENS]; /* mirrors jsmntok_t */
    wk_user_t user;
} wk_users_parser_t;

/**
 * @brief Prepare for one ListUsers response body.
 * @param[in] on_user called for each user; retained until the next init.
 * @param[in] ctx     passed to @p on_user.
 * @return WK_OK or WK_ERR_ARG.
 */
wk_status_t wk_users_parser_init(wk_users_parser_t *p, wk_on_user_fn on_user, void *ctx);

/**
 * @brief Parse the next body bytes (any split).
 * @param[out] diag optional; on failure names the field and/or body byte offset.
 * @return WK_PARTIAL (document not finished), WK_OK (document complete; only
 *         whitespace may follow), the callback's status, WK_ERR_JSON_SYNTAX,
 *         WK_ERR_JSON_TRAILING, WK_ERR_JSON_TYPE, WK_ERR_JSON_FIELD_TOO_LONG,
 *         WK_ERR_JSON_TOO_MANY_TOKENS, WK_ERR_JSON_TOO_DEEP, WK_ERR_JSON_NUMBER,
 *         WK_ERR_JSON_STRING, WK_ERR_JSON_TOO_MANY_ITEMS.
 */
wk_status_t wk_users_parser_feed(wk_users_parser_t *p, const uint8_t *data, size_t len,
                                 wk_diag_t *diag);

/**
 * @brief The body ended.
 * @return WK_OK if the document was complete, WK_ERR_JSON_TRUNCATED otherwise
 *         (diag gives the offset).
 */
wk_status_t wk_users_parser_finish(wk_users_parser_t *p, wk_diag_t *diag);

/**
 * @brief The page's nextToken, decoded.
 * @param[out] token points into the parser; valid until the next init. NUL-terminated.
 * @param[out] len   its length.
 * @return WK_OK when the document had a non-null nextToken, WK_PARTIAL when it
 *         had none (last page), WK_ERR_ARG.
 */
wk_status_t wk_users_parser_next_token(const wk_users_parser_t *p, const char **token,
                                       size_t *len);

/* ---- Service errors ---------------------------------------------------------- */

/** A non-2xx response, decoded. Caller-allocated; everything NUL-terminated. */
typedef struct wk_service_error {
    wk_status_t status;       /**< WK_ERR_BAD_REQUEST ... or WK_ERR_SERVICE */
    uint16_t http_status;
    bool message_truncated;   /**< message (or reasons) longer than its buffer: said, not hidden */
    char type[CONFIG_WK_ERROR_TYPE_MAX];         /**< sanitized error type name, "" if none */
    char message[CONFIG_WK_ERROR_MESSAGE_MAX];
    char request_id[CONFIG_WK_REQUEST_ID_MAX];
    size_t reason_count;
    size_t reasons_len;
    char reasons[CONFIG_WK_ERROR_REASONS_MAX];   /**< "field\0reason\0" pairs */
} wk_service_error_t;

/** @brief Clear @p e and record the HTTP status. @return WK_OK or WK_ERR_ARG. */
wk_status_t wk_service_error_begin(wk_service_error_t *e, uint16_t http_status);

/**
 * @brief Offer a response header; X-Amzn-Errortype and x-amzn-RequestId are kept.
 * @return WK_OK or WK_ERR_ARG.
 */
wk_status_t wk_service_error_header(wk_service_error_t *e, const char *name, size_t name_len,
                                    const char *value, size_t value_len);

/**
 * @brief Decode the whole error body (JSON; may be empty or not JSON at all) and
 *        settle the type: X-Amzn-Errortype, else body "code", else "__type",
 *        sanitized (before ',', before ':', after '#'); mapped to a status, or by
 *        HTTP status when there is no type.
 * @return the mapped service status (always negative), or WK_ERR_ARG.
 */
wk_status_t wk_service_error_finish(wk_service_error_t *e, const uint8_t *body, size_t body_len);

/**
 * @brief The i-th validation reason.
 * @param[out] field, reason NUL-terminated strings inside @p e.
 * @return WK_OK, or WK_ERR_ARG when i >= reason_count.
 */
wk_status_t wk_service_error_reason(const wk_service_error_t *e, size_t i, const char **field,
                                    const char **reason);

/** @brief Status for a sanitized error type name; WK_ERR_SERVICE if unknown. */
wk_status_t wk_service_error_status_for(const char *type, size_t type_len, uint16_t http_status);

#ifdef __cplusplus
}
#endif
#endif /* WK_USERS_H */
