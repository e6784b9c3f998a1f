/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_users.h
 * @brief Streaming ListUsers response parser.
 *
 * The response body is parsed as it arrives, in pieces split anywhere, by the
 * streaming JSON reader (wk_json.h) with two tables: the page (a "users" list
 * of user objects and a "nextToken" string) and the User object (its 19
 * fields). Each user is decoded while it is read: its strings go into a fixed
 * window (CONFIG_WK_USER_WINDOW_SIZE, the decoded strings of the fields the
 * client knows), its other fields straight into a wk_user_t, which goes to the
 * caller's callback when the object closes; then the window is reused. Memory
 * does not depend on the number of users on a page or in a network.
 *
 * Decisions worth knowing:
 * - "users" and "nextToken" are both optional, in any order; members the
 *   client does not know are validated and skipped at any depth, and take no
 *   room. A null member or User field counts as absent.
 * - If a member name repeats, the last value wins (for "users", every list
 *   is delivered).
 * - "status" and "challengeFailures" accept JSON integers within int32 only:
 *   2.0 or 2e0 fail with WK_ERR_JSON_NUMBER, like an overflow, rather than
 *   being rounded.
 * - Nothing is truncated: a user whose strings (each with its NUL) do not fit
 *   the window, a nextToken longer than CONFIG_WK_NEXT_TOKEN_MAX - 1 bytes
 *   (decoded) or more than CONFIG_WK_MAX_SECURITY_GROUPS groups fail with
 *   their own status, and the diagnostic names the user index ("users[11]",
 *   its place in its list), the field and the body byte offset. Values never
 *   appear in diagnostics.
 * - Failures are reported in document order: the first thing wrong in the
 *   body, whether grammar, a type or a limit.
 * - After a failure (or a callback stop) the parser is stuck: every later call
 *   returns the same status until wk_users_parser_init().
 */
#ifndef WK_USERS_H
#define WK_USERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wk/wk_config_defaults.h"
#include "wk/wk_diag.h"
#include "wk/wk_json.h"
#include "wk/wk_service_error.h"
#include "wk/wk_status.h"

#ifdef __cplusplus
extern "C" {
#endif

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

/** One user. Strings point into the parser's window: valid during the callback
 *  only. A field that is absent (or null) has its bit clear in @c present and
 *  reads as 0, false or "" (length 0, never a NULL pointer). The strings are
 *  the service's, JSON escapes decoded: valid UTF-8 that may hold control
 *  characters (ESC, CR, ...) or start with '=' or '+'. Escape them for where
 *  they go (terminal, log, CSV cell), as wickr-list-users does. */
typedef struct wk_user {
    uint32_t present; /**< bit (1u << wk_user_field_t) per field present */
    /** userId: the user's identifier within the network */
    wk_str_t user_id;
    /** firstName (sensitive: keep it out of logs) */
    wk_str_t first_name;
    /** lastName (sensitive: keep it out of logs) */
    wk_str_t last_name;
    /** username: e-mail address or user name (bots end in "bot") */
    wk_str_t username;
    /** securityGroups: group ids, the first @c security_group_count used */
    wk_str_t security_groups[CONFIG_WK_MAX_SECURITY_GROUPS];
    /** entries of @c security_groups in use */
    size_t security_group_count;
    /** isAdmin: administrator of the network */
    bool is_admin;
    /** suspended: cannot access the network */
    bool suspended;
    /** status: 1 pending invitation, 2 active (other values passed on) */
    int32_t status;
    /** otpEnabled: one-time password authentication on */
    bool otp_enabled;
    /** scimId: SCIM identifier (unused by the service today) */
    wk_str_t scim_id;
    /** type: account type, e.g. "user" */
    wk_str_t type;
    /** cell: phone number without the country code */
    wk_str_t cell;
    /** countryCode: of the phone number */
    wk_str_t country_code;
    /** challengeFailures: failed password attempts */
    int32_t challenge_failures;
    /** isInviteExpired: the e-mail invitation code expired */
    bool is_invite_expired;
    /** isUser: a user rather than a bot */
    bool is_user;
    /** inviteCode: registration invitation code */
    wk_str_t invite_code;
    /** codeValidation: verifiable through a custom invite code */
    bool code_validation;
    /** uname: the user's unique identifier */
    wk_str_t uname;
} wk_user_t;

/**
 * @brief The API's JSON name of a field ("userId", "firstName", ...).
 *
 * A table lookup: returns the name, or NULL, rather than a status.
 *
 * @param[in] field any value.
 * @return a static NUL-terminated string, or NULL for an out-of-range value.
 *
 * @code
 * for (int f = 0; f < WK_USER_FIELD_COUNT; f++) {
 *     if (!WK_USER_HAS(u, f)) {
 *         printf("%s absent\n", wk_user_field_name((wk_user_field_t)f));
 *     }
 * }
 * @endcode
 */
const char *wk_user_field_name(wk_user_field_t field);

/**
 * Called once per user, in document order. @p user and everything it points
 * to are valid only during the call. Return WK_OK to go on; any other status
 * stops parsing and is returned by wk_users_parser_feed() (WK_STOPPED is the
 * conventional "stop now" value).
 */
typedef wk_status_t (*wk_on_user_fn)(void *ctx, const wk_user_t *user);

/**
 * Streaming parser state. Caller-allocated (about CONFIG_WK_USER_WINDOW_SIZE +
 * CONFIG_WK_NEXT_TOKEN_MAX + 700 bytes, whatever the page size); fields are
 * private.
 */
typedef struct wk_users_parser {
    /** @cond WK_PRIVATE */
    /* (small fields first: near the start is shorter code on small targets) */
    wk_on_user_fn on_user;
    void *ctx;
    uint32_t users;           /* users delivered */
    uint32_t present;         /* page members present: bit 0 users, bit 1 nextToken */
    bool complete;            /* the last call found the document complete */
    wk_json_reader_t reader;
    wk_user_t user;           /* the user being read */
    wk_str_t next_token;      /* the page's token, in next_token_text */
    char next_token_text[CONFIG_WK_NEXT_TOKEN_MAX];
    char window[CONFIG_WK_USER_WINDOW_SIZE]; /* the user's decoded strings */
    /** @endcond */
} wk_users_parser_t;

/**
 * @brief Prepare for one ListUsers response body.
 * @param[out] p      parser to (re)start; nothing to free.
 * @param[in] on_user called for each user (required); retained until the next
 *                    wk_users_parser_init(p).
 * @param[in] ctx     passed to @p on_user; retained until the next
 *                    wk_users_parser_init(p) (never dereferenced here).
 * @return WK_OK, or WK_ERR_ARG when @p p or @p on_user is NULL.
 * @code
 * static wk_users_parser_t parser;
 * wk_users_parser_init(&parser, print_user, NULL);
 * while ((n = read_body(buf, sizeof(buf))) > 0) {
 *     status = wk_users_parser_feed(&parser, buf, n, &diag);
 *     if (status != WK_PARTIAL && status != WK_OK) break;
 * }
 * if (status == WK_PARTIAL || status == WK_OK) status = wk_users_parser_finish(&parser, &diag);
 * @endcode
 */
wk_status_t wk_users_parser_init(wk_users_parser_t *p, wk_on_user_fn on_user, void *ctx);

/**
 * @brief Parse the next body bytes (any split; @p len may be 0).
 * @param[in,out] p    a parser set up with wk_users_parser_init().
 * @param[in]  data borrowed for the call (user strings are copied into the
 *             parser's window); may be NULL when @p len is 0.
 * @param[in]  len  bytes at @p data.
 * @param[out] diag optional; on failure names the user index, field and body
 *             byte offset (never a value).
 * @return WK_PARTIAL (document not finished), WK_OK (document complete; only
 *         whitespace may follow, and later bytes are still checked), the
 *         callback's status, WK_ERR_JSON_SYNTAX, WK_ERR_JSON_TRAILING,
 *         WK_ERR_JSON_TYPE, WK_ERR_JSON_FIELD_TOO_LONG, WK_ERR_JSON_TOO_DEEP,
 *         WK_ERR_JSON_NUMBER, WK_ERR_JSON_STRING, WK_ERR_JSON_TOO_MANY_ITEMS,
 *         WK_ERR_ARG (NULL @p p, or NULL @p data with @p len > 0). Failures
 *         and callback stops are sticky.
 *
 * @code
 * status = wk_users_parser_feed(&parser, chunk, chunk_len, &diag);
 * if (status < 0 || status == WK_STOPPED) {
 *     fprintf(stderr, "%s\n", diag.text);  // e.g. names "users[11]" and the offset
 * }
 * @endcode
 */
wk_status_t wk_users_parser_feed(wk_users_parser_t *p, const uint8_t *data, size_t len,
                                 wk_diag_t *diag);

/**
 * @brief The body ended.
 * @param[in,out] p    a parser set up with wk_users_parser_init().
 * @param[out]    diag optional (NULL); on WK_ERR_JSON_TRUNCATED the offset and
 *                     where the document stopped.
 * @return WK_OK if the document was complete, WK_ERR_JSON_TRUNCATED otherwise
 *         (sticky), an earlier sticky status, or WK_ERR_ARG (NULL).
 *
 * @code
 * if (status == WK_PARTIAL || status == WK_OK) {
 *     status = wk_users_parser_finish(&parser, &diag);  // at the end of the body
 * }
 * @endcode
 */
wk_status_t wk_users_parser_finish(wk_users_parser_t *p, wk_diag_t *diag);

/**
 * @brief The page's nextToken, decoded.
 * @param[in]  p     the parser; borrowed for the call.
 * @param[out] token points into the parser; valid until the next init.
 *                   NUL-terminated, but may contain NUL (from \\u0000): use @p len.
 *                   Unchanged on WK_ERR_STATE and WK_ERR_ARG.
 * @param[out] len   its length.
 * @return WK_OK when the complete document had a non-empty nextToken;
 *         WK_PARTIAL when it had none, null or "" (the last page; *token is ""
 *         then); WK_ERR_STATE when the document is not complete or failed, so
 *         a broken page never yields a token; WK_ERR_ARG.
 *
 * @code
 * const char *token;
 * size_t len;
 * if (wk_users_parser_next_token(&parser, &token, &len) == WK_OK) {
 *     save_token(token, len);  // copy it: it lives in the parser
 * }
 * @endcode
 */
wk_status_t wk_users_parser_next_token(const wk_users_parser_t *p, const char **token,
                                       size_t *len);

#ifdef __cplusplus
}
#endif
#endif /* WK_USERS_H */
