/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_http.h
 * @brief HTTP/1.1 request writer and incremental response parser.
 *
 * The writer appends into one caller buffer and never truncates: the first
 * append that does not fit makes the writer fail with WK_ERR_NO_SPACE, and
 * that status sticks. The parser takes bytes in any split and calls back with
 * headers and body bytes; conflicting or malformed framing is an error.
 */
#ifndef WK_HTTP_H
#define WK_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wk/wk_config_defaults.h"
#include "wk/wk_diag.h"
#include "wk/wk_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Request writer ---------------------------------------------------------- */

/** Writer over a caller buffer; buffer retained until the request is sent. */
typedef struct wk_http_writer {
    char *buf;
    size_t cap;
    size_t len;
    wk_status_t status; /* sticky */
} wk_http_writer_t;

/** @brief Start a request: writes "METHOD ". @return WK_OK, WK_ERR_ARG, WK_ERR_NO_SPACE. */
wk_status_t wk_http_writer_begin(wk_http_writer_t *w, char *buf, size_t cap, const char *method);

/** @brief Append raw bytes (used for the request target). @return sticky status. */
wk_status_t wk_http_writer_append(wk_http_writer_t *w, const char *data, size_t len);

/**
 * @brief Reserve the rest of the buffer for in-place writing; follow with
 *        wk_http_writer_commit(). Lets the target be encoded straight into place.
 * @param[out] dst   where to write; valid until the next writer call.
 * @param[out] avail bytes available at @p dst.
 * @return sticky status.
 */
wk_status_t wk_http_writer_space(wk_http_writer_t *w, char **dst, size_t *avail);
/** @brief Account for @p n bytes written at the space. @return sticky status. */
wk_status_t wk_http_writer_commit(wk_http_writer_t *w, size_t n);

/** @brief End the request line: " HTTP/1.1\r\n". @return sticky status. */
wk_status_t wk_http_writer_end_request_line(wk_http_writer_t *w);

/**
 * @brief Append "Name: value\r\n". A value containing CR, LF or NUL is refused
 *        with WK_ERR_ARG (header injection). @return sticky status.
 */
wk_status_t wk_http_writer_header(wk_http_writer_t *w, const char *name, const char *value,
                                  size_t value_len);

/** @brief Append the blank line that ends the head. @return sticky status. */
wk_status_t wk_http_writer_finish(wk_http_writer_t *w, size_t *total_len);

/* ---- Response parser ----------------------------------------------------------- */

/**
 * Parser callbacks. Each returns WK_OK to continue; any other status stops the
 * parser, which then returns that status. Pointers passed in are valid only
 * during the call and are not NUL-terminated.
 */
typedef struct wk_http_callbacks {
    /** A header of the final (non-1xx) response; value trimmed, obs-fold unfolded. */
    wk_status_t (*on_header)(void *ctx, const char *name, size_t name_len, const char *value,
                             size_t value_len);
    /** Head complete: status code known, framing decided. */
    wk_status_t (*on_head_done)(void *ctx, uint16_t status);
    /** Body bytes, de-chunked. */
    wk_status_t (*on_body)(void *ctx, const uint8_t *data, size_t len);
} wk_http_callbacks_t;

/** Parser state. Caller-allocated; fields are private. */
typedef struct wk_http_parser {
    const wk_http_callbacks_t *cb;
    void *ctx;
    uint8_t state;
    uint8_t flags;
    uint16_t status;
    uint64_t content_length;   /* or bytes left in the current chunk */
    uint64_t offset;           /* bytes consumed since the start of the message */
    uint32_t header_bytes;
    size_t line_len;
    char line[CONFIG_WK_HTTP_HEADER_LINE_MAX];
} wk_http_parser_t;

/**
 * @brief Reset for a new response.
 * @param[in] cb   retained until the next init; keep valid and unmodified.
 * @param[in] ctx  passed to every callback.
 * @param[in] head true when the request was HEAD (the response has no body).
 * @return WK_OK or WK_ERR_ARG.
 */
wk_status_t wk_http_parser_init(wk_http_parser_t *p, const wk_http_callbacks_t *cb, void *ctx,
                                bool head);

/**
 * @brief Parse more bytes.
 * @param[out] consumed bytes of @p data used. When WK_OK is returned, the rest
 *                      (data + *consumed ... ) belongs after this message.
 * @param[out] diag     optional; names the byte offset and what was wrong.
 * @return WK_PARTIAL (all consumed, message not finished), WK_OK (message
 *         complete), a callback's status, WK_ERR_HTTP_STATUS_LINE,
 *         WK_ERR_HTTP_HEADER, WK_ERR_HTTP_HEADER_TOO_LONG, WK_ERR_HTTP_FRAMING,
 *         WK_ERR_HTTP_CONTENT_LENGTH, WK_ERR_HTTP_CHUNK, WK_ERR_HTTP_UNEXPECTED.
 */
wk_status_t wk_http_parser_feed(wk_http_parser_t *p, const uint8_t *data, size_t len,
                                size_t *consumed, wk_diag_t *diag);

/**
 * @brief The connection ended cleanly (FIN or close_notify).
 * @return WK_OK when that ends a close-delimited body, WK_ERR_HTTP_TRUNCATED otherwise.
 */
wk_status_t wk_http_parser_eof(wk_http_parser_t *p, wk_diag_t *diag);

/** @brief Whether the connection may be reused after this (complete) response. */
bool wk_http_parser_keep_alive(const wk_http_parser_t *p);

#ifdef __cplusplus
}
#endif
#endif /* WK_HTTP_H */
