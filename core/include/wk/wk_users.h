/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_users.h
 * @brief Streaming ListUsers response parser and service error parser.
 *
 * The response body is parsed as it arrives, in pieces split anywhere. A
 * validating JSON scanner (RFC 8259: grammar, literals, numbers, escapes,
 * surrogate pairs, UTF-8; no recursion, nesting limited to
 * CONFIG_WK_JSON_MAX_DEPTH) reads the envelope. Each element of the top-level
 * "users" array is kept in a fixed window (CONFIG_WK_USER_WINDOW_SIZE, the
 * object as received) and decoded in place into a wk_user_t, which goes to the
 * caller's callback; then the window is reused. Memory does not depend on the
 * number of users on a page or in a network.
 *
 * A user object is read one of two ways, with the same results, statuses and
 * diagnostics (a differential fuzz target holds them to it):
 * - the state machine checks every byte as it comes and copies it to the
 *   window; when the object closes, jsmn tokenizes the window and the known
 *   fields are decoded from its tokens (each byte is read twice);
 * - with CONFIG_WK_JSON_FAST_SCAN (the default), a one-pass reader checks and
 *   decodes the object straight from the received bytes, and copies only the
 *   object to the window. It takes the common case; whatever it does not take
 *   (any failure, a wrong type, a limit, an escaped member name, pieces too
 *   small to make progress) goes to the state machine from the object's '{'.
 *
 * Decisions worth knowing:
 * - "users" and "nextToken" are both optional, in any order; members the
 *   client does not know are validated and skipped at any depth. A null member
 *   or User field counts as absent.
 * - If a member name repeats, the last value wins (for "users", every array
 *   is delivered).
 * - "status" and "challengeFailures" accept JSON integers within int32 only:
 *   2.0 or 2e0 fail with WK_ERR_JSON_NUMBER, like an overflow, rather than
 *   being rounded.
 * - Nothing is truncated: an object larger than the window, a nextToken longer
 *   than CONFIG_WK_NEXT_TOKEN_MAX - 1 bytes (decoded) or more than
 *   CONFIG_WK_MAX_SECURITY_GROUPS groups fail with their own status, and the
 *   diagnostic names the user index ("users[11]"), the field and the body
 *   byte offset. Values never appear in diagnostics.
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
#include "wk/wk_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A decoded string. @c ptr is NUL-terminated for convenience, but the value may
 * itself contain NUL (from \\u0000), so use @c len. Points into the parser's
 * window: valid only during the callback that receives it.
 */
typedef struct wk_str {
    /** the bytes; never NULL ("" for an absent field) */
    const char *ptr;
    /** bytes at @c ptr, not counting the terminating NUL */
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

/** One user. Strings point into the parser window: valid during the callback
 *  only. A field that is absent (or null) has its bit clear in @c present and
 *  reads as 0, false or "" (length 0, never a NULL pointer). */
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
 * Room for one jsmn token (jsmntok_t built with JSMN_PARENT_LINKS). jsmn stays
 * out of public headers; wk_users.c checks at compile time that this layout
 * matches, and the storage is only ever accessed as jsmn's own type.
 */
typedef struct wk_json_token_slot {
    /** @cond WK_PRIVATE */
    int type;
    int start;
    int end;
    int size;
    int parent;
    /** @endcond */
} wk_json_token_slot_t;

/**
 * Streaming parser state. Caller-allocated (about CONFIG_WK_USER_WINDOW_SIZE +
 * CONFIG_WK_NEXT_TOKEN_MAX + 20 * CONFIG_WK_JSON_MAX_TOKENS bytes, whatever the
 * page size); fields are private.
 */
typedef struct wk_users_parser {
    /** @cond WK_PRIVATE */
    wk_on_user_fn on_user;
    void *ctx;
    uint64_t offset;          /* body bytes consumed so far */
    uint64_t user_offset;     /* body offset of the current user object's '{' */
    uint32_t users;           /* users array elements delivered */
    wk_status_t failed;       /* sticky: first failure or callback stop, WK_OK if none */
    /* Validating scanner. */
    uint8_t state;            /* what the next structural byte may be */
    uint8_t str_state;        /* position inside a string (escape, \u, UTF-8) */
    uint8_t num_state;        /* position inside a number's grammar */
    uint8_t literal;          /* which of true/false/null is being read */
    uint8_t literal_pos;
    uint8_t utf8_need;        /* continuation bytes still expected */
    uint8_t utf8_lo;          /* allowed range of the next continuation byte */
    uint8_t utf8_hi;
    uint8_t hex_digits;       /* \u digits read so far */
    uint8_t str_role;         /* where the decoded string bytes go, if anywhere */
    uint8_t top_key;          /* which member of the top-level object is being read */
    bool key_string;          /* the string being scanned is a member name */
    bool in_users;            /* inside the top-level "users" array */
    bool capturing;           /* copying a user object into the window */
    bool fast_user;           /* the window holds a valid prefix of the user; the fast path reads it */
    bool has_token;           /* a complete non-null nextToken was read */
    bool validate_only;       /* wk_json_validate_init(): no envelope, no users */
    uint32_t hex_value;
    uint32_t high_surrogate;  /* pending high half of a \u pair, 0 if none */
    uint32_t depth;           /* open containers */
    uint8_t nesting[(CONFIG_WK_JSON_MAX_DEPTH + 7) / 8]; /* bit per level: 1 object, 0 array */
    size_t key_len;
    char key[16];             /* decoded top-level member name (only short names matter) */
    size_t token_len;
    char next_token[CONFIG_WK_NEXT_TOKEN_MAX];
    size_t win_len;
    size_t field_start;       /* window offset of the last member name of the user object */
    size_t field_end;         /* its end, 0 while it is still being read */
    uint32_t win_tokens;      /* tokens the user object will need */
    bool win_escaped;         /* the window holds a '\\' escape: its strings need decoding */
    size_t fast_resume;       /* window offset after the last whole member the fast path read */
    size_t fast_reread;       /* bytes of cut members it read again */
    uint32_t fast_tokens;     /* tokens up to there */
    uint32_t fast_escaped_fields; /* string fields whose values hold an escape */
    bool fast_escaped_groups; /* a securityGroups entry holds an escape */
    char window[CONFIG_WK_USER_WINDOW_SIZE];
    wk_json_token_slot_t tokens[CONFIG_WK_JSON_MAX_TOKENS];
    wk_user_t user;
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
 *         WK_ERR_JSON_TYPE, WK_ERR_JSON_FIELD_TOO_LONG,
 *         WK_ERR_JSON_TOO_MANY_TOKENS, WK_ERR_JSON_TOO_DEEP, WK_ERR_JSON_NUMBER,
 *         WK_ERR_JSON_STRING, WK_ERR_JSON_TOO_MANY_ITEMS, WK_ERR_ARG (NULL,
 *         or a parser set up with wk_json_validate_init()). Failures and
 *         callback stops are sticky.
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
 *         (sticky), an earlier sticky status, or WK_ERR_ARG (NULL, or a
 *         validator).
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

/* ---- Whole-document validation ------------------------------------------------ */

/**
 * The users parser's scanner on its own: checks that a byte stream is one
 * complete JSON document (RFC 8259) of any type, top-level scalars and arrays
 * included, with the same rules as the users parser (grammar, literals,
 * numbers, escapes, surrogate pairs, UTF-8, control characters, nesting up to
 * CONFIG_WK_JSON_MAX_DEPTH, only whitespace after the value). Nothing is
 * decoded or kept. It is the same type as wk_users_parser_t (and as large);
 * a byte order mark is refused like any other byte that cannot start a value.
 */
typedef wk_users_parser_t wk_json_validator_t;

/**
 * @brief Start validating a new document.
 * @param[out] v validator; nothing to free.
 * @return WK_OK, or WK_ERR_ARG when @p v is NULL.
 * @code
 * static wk_json_validator_t v;
 * wk_json_validate_init(&v);
 * status = wk_json_validate_feed(&v, buf, n, &diag);      // any split, repeated
 * if (status >= 0) status = wk_json_validate_finish(&v, &diag);
 * @endcode
 */
wk_status_t wk_json_validate_init(wk_json_validator_t *v);

/**
 * @brief Validate the next bytes (any split; @p len may be 0).
 * @param[in,out] v    a validator set up with wk_json_validate_init().
 * @param[in]  data borrowed for the call; may be NULL when @p len is 0.
 * @param[in]  len  bytes at @p data.
 * @param[out] diag optional; names the byte offset and what was wrong.
 * @return WK_PARTIAL (no complete value yet, or a top-level number that may
 *         go on), WK_OK (a complete value; later bytes are still checked),
 *         WK_ERR_JSON_SYNTAX, WK_ERR_JSON_TRAILING, WK_ERR_JSON_TOO_DEEP,
 *         WK_ERR_JSON_NUMBER, WK_ERR_JSON_STRING, or WK_ERR_ARG (also for a
 *         parser set up with wk_users_parser_init()). Failures are sticky.
 *
 * @code
 * status = wk_json_validate_feed(&v, (const uint8_t *)"{\"a\": [1, 2", 11u, &diag);
 * // WK_PARTIAL: valid so far, not complete
 * @endcode
 */
wk_status_t wk_json_validate_feed(wk_json_validator_t *v, const uint8_t *data, size_t len,
                                  wk_diag_t *diag);

/**
 * @brief The input ended.
 * @param[in,out] v    a validator set up with wk_json_validate_init().
 * @param[out]    diag optional (NULL); on WK_ERR_JSON_TRUNCATED the offset.
 * @return WK_OK when the input was exactly one JSON document (plus
 *         whitespace), WK_ERR_JSON_TRUNCATED (empty, or cut inside the value),
 *         an earlier sticky status, or WK_ERR_ARG (NULL, or a users parser).
 *
 * @code
 * if (wk_json_validate_finish(&v, &diag) != WK_OK) {
 *     fprintf(stderr, "not one JSON document: %s\n", diag.text);
 * }
 * @endcode
 */
wk_status_t wk_json_validate_finish(wk_json_validator_t *v, wk_diag_t *diag);

/* ---- Service errors ---------------------------------------------------------- */

/**
 * A non-2xx response, decoded. Caller-allocated; fields above the private
 * ones may be read; every text is NUL-terminated.
 *
 * - type: X-Amzn-Errortype, else the body's "code" (any letter case), else
 *   "__type"; sanitized as restJson1 says: the part before the first ',', then
 *   before the first ':', then after the first '#' ("aws.protocoltests#Foo:http://x"
 *   becomes "Foo").
 * - message: body "message", else "Message". reasons: ValidationError's
 *   [{"field", "reason"}] list. JSON escapes are decoded; a decoded U+0000 is
 *   written back as the six characters \\u0000 so that no C-string reader loses
 *   the rest.
 * - A text longer than its buffer is cut at a UTF-8 boundary and ends with
 *   "...", and message_truncated is set: the one place where a cut is allowed,
 *   because the struct says so. Reasons that do not fit are dropped after the
 *   last one kept (itself cut with "..."), also with message_truncated set.
 * - A body that is not JSON (an HTML page from a proxy, an empty body, a JSON
 *   string with invalid escapes or UTF-8) leaves message and reasons empty;
 *   the status comes from the header type or the HTTP status.
 * - No type at all: 400, 401, 403, 404, 422, 429 and 500 map to the modeled
 *   errors; any other 5xx to WK_ERR_INTERNAL (a server-side failure, so
 *   callers treat it like InternalServerError); anything else to WK_ERR_SERVICE.
 */
typedef struct wk_service_error {
    wk_status_t status;       /**< WK_ERR_BAD_REQUEST ... or WK_ERR_SERVICE */
    /** the response's HTTP status code */
    uint16_t http_status;
    bool message_truncated;   /**< a text (message, reasons, type, request id) was cut: said, not hidden */
    char type[CONFIG_WK_ERROR_TYPE_MAX];         /**< sanitized error type name, "" if none */
    /** the body's "message" (or "Message"); "" if none */
    char message[CONFIG_WK_ERROR_MESSAGE_MAX];
    /** x-amzn-RequestId, for AWS support; "" if none */
    char request_id[CONFIG_WK_REQUEST_ID_MAX];
    /** ValidationError reasons kept; read them with wk_service_error_reason() */
    size_t reason_count;
    /** bytes of @c reasons in use */
    size_t reasons_len;
    char reasons[CONFIG_WK_ERROR_REASONS_MAX];   /**< "field\0reason\0" pairs */
    /** @cond WK_PRIVATE */
    bool type_from_header;
    bool header_cut;
    wk_json_token_slot_t tokens[CONFIG_WK_JSON_MAX_TOKENS];
    /** @endcond */
} wk_service_error_t;

/**
 * @brief Clear @p e and record the HTTP status.
 * @param[out] e           the error to fill; holds no resources.
 * @param[in]  http_status the response's status code.
 * @return WK_OK, or WK_ERR_ARG when @p e is NULL.
 *
 * @code
 * static wk_service_error_t err;
 * wk_service_error_begin(&err, 422u);
 * wk_service_error_header(&err, name, name_len, value, value_len);  // for each header
 * status = wk_service_error_finish(&err, body, body_len);           // WK_ERR_VALIDATION
 * @endcode
 */
wk_status_t wk_service_error_begin(wk_service_error_t *e, uint16_t http_status);

/**
 * @brief Offer a response header; X-Amzn-Errortype and x-amzn-RequestId are
 *        kept (names compared without regard to letter case), others ignored.
 * @param[in,out] e         an error after wk_service_error_begin().
 * @param[in]     name      @p name_len bytes, borrowed for the call; not
 *                          NUL-terminated; may be NULL when @p name_len is 0.
 * @param[in]     name_len  bytes at @p name.
 * @param[in]     value     @p value_len bytes, borrowed for the call (copied);
 *                          not NUL-terminated; may be NULL when @p value_len is 0.
 * @param[in]     value_len bytes at @p value; a longer value than its field
 *                          holds is cut and sets message_truncated.
 * @return WK_OK, or WK_ERR_ARG (@p e NULL, or a NULL pointer with a non-zero
 *         length).
 *
 * @code
 * wk_service_error_header(&err, "x-amzn-RequestId", 16u, id, id_len);
 * @endcode
 */
wk_status_t wk_service_error_header(wk_service_error_t *e, const char *name, size_t name_len,
                                    const char *value, size_t value_len);

/**
 * @brief Decode the whole error body (JSON; may be empty or not JSON at all) and
 *        settle the type and status (see wk_service_error_t).
 * @param[in,out] e   an error after wk_service_error_begin().
 * @param[in] body     borrowed for the call; NULL allowed when @p body_len is 0 (no
 *                     body, or one too large to keep). Read with jsmn, using at most
 *                     CONFIG_WK_JSON_MAX_TOKENS tokens: members after that are not read
 *                     and message_truncated is set.
 * @param[in] body_len bytes at @p body.
 * @return the mapped service status, WK_ERR_SERVICE ... WK_ERR_MISSING_AUTH_TOKEN
 *         (always negative; also stored in e->status), or WK_ERR_ARG (@p e
 *         NULL, or @p body NULL with @p body_len > 0).
 *
 * @code
 * status = wk_service_error_finish(&err, body, body_len);
 * fprintf(stderr, "%s: %s\n", err.type, err.message);
 * @endcode
 */
wk_status_t wk_service_error_finish(wk_service_error_t *e, const uint8_t *body, size_t body_len);

/**
 * @brief The i-th validation reason.
 * @param[in]  e      a finished error; borrowed for the call.
 * @param[in]  i      0 .. reason_count - 1.
 * @param[out] field  NUL-terminated, points into @p e; valid until @p e changes.
 * @param[out] reason NUL-terminated, points into @p e; valid until @p e changes.
 * @return WK_OK, or WK_ERR_ARG (a NULL pointer, or i >= reason_count).
 *
 * @code
 * const char *field, *reason;
 * for (size_t i = 0; wk_service_error_reason(e, i, &field, &reason) == WK_OK; i++) {
 *     fprintf(stderr, "  %s: %s\n", field, reason);
 * }
 * @endcode
 */
wk_status_t wk_service_error_reason(const wk_service_error_t *e, size_t i, const char **field,
                                    const char **reason);

/**
 * @brief Status for a sanitized error type name.
 *
 * Cannot fail: every input maps to a service status.
 *
 * @param[in] type        @p type_len bytes, borrowed for the call; not
 *                        NUL-terminated; may be NULL when @p type_len is 0.
 * @param[in] type_len    bytes at @p type; 0 when there is no type.
 * @param[in] http_status used only when there is no type.
 * @return the modeled status for BadRequestError, UnauthorizedError,
 *         ForbiddenError, ResourceNotFoundError, ValidationError,
 *         RateLimitError, InternalServerError, InvalidSignatureException,
 *         UnrecognizedClientException, ExpiredTokenException,
 *         AccessDeniedException and MissingAuthenticationTokenException
 *         (exact names); WK_ERR_SERVICE for any other name; when @p type_len
 *         is 0 (or @p type NULL), the status for @p http_status as described above.
 *
 * @code
 * wk_service_error_status_for("ValidationError", 15u, 422u);  // WK_ERR_VALIDATION
 * wk_service_error_status_for(NULL, 0u, 503u);                // WK_ERR_INTERNAL
 * @endcode
 */
wk_status_t wk_service_error_status_for(const char *type, size_t type_len, uint16_t http_status);

#ifdef __cplusplus
}
#endif
#endif /* WK_USERS_H */
