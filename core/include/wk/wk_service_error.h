/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_service_error.h
 * @brief Service errors: a non-2xx response's headers and JSON body, decoded.
 *
 * The body is read by the streaming JSON reader (wk_json.h) with a lenient
 * table: members of the wrong type are ignored, members deeper down are not
 * the error's, and a body that is not one valid JSON document keeps nothing.
 */
#ifndef WK_SERVICE_ERROR_H
#define WK_SERVICE_ERROR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wk/wk_config_defaults.h"
#include "wk/wk_json.h"
#include "wk/wk_status.h"

#ifdef __cplusplus
extern "C" {
#endif

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
 *   the rest. Every text (type, message, reasons, request id) is the
 *   service's and may hold control characters (ESC, CR, ...): escape it
 *   before it reaches a terminal or a log (print_escaped() in the examples
 *   stands for the caller's escaping).
 * - A text longer than its buffer is cut at a UTF-8 boundary and ends with
 *   "...", and message_truncated is set: the one place where a cut is allowed,
 *   because the struct says so. Reasons are kept in the order they came until
 *   the first text that does not fit whole: it is cut with "...", later
 *   reasons are dropped, and message_truncated is set. A reason's text that
 *   comes first leaves room for the other one's shortest cut form ("x...").
 * - A body that is not one valid JSON document (an HTML page from a proxy, an
 *   empty body, an invalid escape or UTF-8 anywhere, nesting deeper than
 *   CONFIG_WK_JSON_MAX_DEPTH) leaves message and reasons empty; the status
 *   comes from the header type or the HTTP status. Members of the wrong type
 *   ("message": 5) are ignored, and so are members of nested objects.
 * - A member that repeats: the last one wins ("code" in any letter case
 *   counts as one member; in a reason, the earlier text still takes its room).
 * - No type at all: 400, 401, 403, 404, 422, 429 and 500 map to the modeled
 *   errors; any other 5xx to WK_ERR_INTERNAL (a server-side failure, so
 *   callers treat it like InternalServerError); anything else to WK_ERR_SERVICE.
 */
typedef struct wk_service_error {
    wk_status_t status;       /**< WK_ERR_BAD_REQUEST ... or WK_ERR_SERVICE */
    /** the response's HTTP status code */
    uint16_t http_status;
    bool message_truncated;   /**< a text (message, reasons, type, request id) was cut: said, not hidden */
    /** ValidationError reasons kept; read them with wk_service_error_reason() */
    size_t reason_count;
    /** bytes of @c reasons in use */
    size_t reasons_len;
    /** @cond WK_PRIVATE */
    /* The small state the reading touches on every byte comes first: near
     * the start, Thumb code reaches it with short instructions. */
    struct {                  /* the text being written */
        bool cut;
        bool sanitize;        /* restJson1 error type: stop at ',' or ':', restart after '#' */
        bool stopped;
        bool hashed;
        char *buf;            /* NULL: this text is not kept */
        size_t cap;           /* bytes, NUL included */
        size_t len;
        size_t safe;          /* longest prefix at a character boundary that leaves room for "..." */
        bool *cut_flag;       /* set when this text ends cut */
    } out;
    /* Where the type [0] and the message [1] came from: 0 nowhere, 1
     * "__type" or "Message", 2 "code" or "message", 3 the header (type). */
    uint8_t rank[2];
    bool cut[2];              /* the type [0] or message [1] from the body was cut */
    bool reasons_cut;         /* reasons were cut or dropped: no more are kept */
    bool pair_kept;           /* the reason object being read: there was room for it */
    uint8_t pair_seen;        /* its field (bit 0) and reason (bit 1) have begun */
    /** @endcond */
    char type[CONFIG_WK_ERROR_TYPE_MAX];         /**< sanitized error type name, "" if none */
    /** the body's "message" (or "Message"); "" if none */
    char message[CONFIG_WK_ERROR_MESSAGE_MAX];
    /** x-amzn-RequestId, for AWS support; "" if none */
    char request_id[CONFIG_WK_REQUEST_ID_MAX];
    /** the reasons' texts as they came, for wk_service_error_reason() to pair
     *  (its layout is not an interface: read the reasons through it) */
    char reasons[CONFIG_WK_ERROR_REASONS_MAX];
    /** @cond WK_PRIVATE */
    /* While the body is read. */
    wk_json_reader_t reader;
    uint32_t present[2];      /* the reader's presence bits: body, reason */
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
 *                     body, or one too large to keep).
 * @param[in] body_len bytes at @p body.
 * @return the mapped service status, WK_ERR_SERVICE ... WK_ERR_MISSING_AUTH_TOKEN
 *         (always negative; also stored in e->status), or WK_ERR_ARG (@p e
 *         NULL, or @p body NULL with @p body_len > 0).
 *
 * @code
 * status = wk_service_error_finish(&err, body, body_len);
 * print_escaped(stderr, err.type);  // the service's text: escape it
 * print_escaped(stderr, err.message);
 * @endcode
 */
wk_status_t wk_service_error_finish(wk_service_error_t *e, const uint8_t *body, size_t body_len);

/**
 * @brief The i-th validation reason.
 * @param[in]  e      a finished error; borrowed for the call.
 * @param[in]  i      0 .. reason_count - 1.
 * @param[out] field  NUL-terminated, points into @p e ("" when the reason had
 *                    no "field"); valid until @p e changes. The last "field"
 *                    of the object wins.
 * @param[out] reason NUL-terminated, points into @p e ("" when it had no
 *                    "reason"); valid until @p e changes. The last one wins.
 * @return WK_OK, or WK_ERR_ARG (a NULL pointer, or i >= reason_count).
 *
 * @code
 * const char *field, *reason;
 * for (size_t i = 0; wk_service_error_reason(e, i, &field, &reason) == WK_OK; i++) {
 *     print_escaped(stderr, field);  // the service's text: escape it
 *     print_escaped(stderr, reason);
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
#endif /* WK_SERVICE_ERROR_H */
