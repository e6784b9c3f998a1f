/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_http.h
 * @brief HTTP/1.1 request writer and incremental response parser.
 *
 * The writer appends into one caller buffer and never truncates: the first
 * append that does not fit makes the writer fail with WK_ERR_NO_SPACE, and
 * that status sticks. The parser takes bytes in any split and calls back with
 * headers and body bytes; conflicting or malformed framing is an error.
 *
 * Response parsing rules (RFC 9112), decided once here:
 * - Status line: "HTTP/1.<digit> SP 3DIGIT [SP reason]". The reason may be
 *   empty, and the space before it may be missing ("HTTP/1.1 200\r\n").
 *   Exactly one space separates version and code. HTTP/1.0 is understood;
 *   any other 1.x is treated as 1.1. Empty lines before the status line are
 *   refused (WK_ERR_HTTP_STATUS_LINE). Codes outside 100..599, and 101 (the
 *   rest of the stream would not be HTTP), give WK_ERR_HTTP_UNEXPECTED.
 * - Line ends: CRLF, or a bare LF in the status line and in header and
 *   trailer field lines (RFC 9112 section 2.2 lets a recipient accept it).
 *   Chunk-size lines and the CRLF after chunk data must be CRLF exactly.
 *   A CR not followed by LF is refused everywhere.
 * - Header fields: the name must be a token directly followed by ':'
 *   (whitespace before the colon is refused: a smuggling vector). The value
 *   is reported with surrounding spaces and tabs removed; control bytes other
 *   than HTAB are refused; bytes 0x80..0xFF pass through. An obs-fold
 *   continuation line is joined to the previous line with one space. A
 *   line starting with whitespace straight after the status line is refused.
 * - Size limits: one logical header line (name, ':' and value after
 *   unfolding, without its line end) must fit CONFIG_WK_HTTP_HEADER_LINE_MAX;
 *   the status line too. Independently, all raw bytes of one response head
 *   (status line, field lines, folds, line ends and the blank line) must not
 *   exceed CONFIG_WK_HTTP_MAX_HEADER_BYTES. Each interim (1xx) head and the
 *   trailer section are measured on their own against the same limit.
 *   Either overflow is WK_ERR_HTTP_HEADER_TOO_LONG. The line limit may not
 *   exceed the section limit (checked below at compile time).
 * - Framing of the final response, in this order: 204 and 304 have no body
 *   (Content-Length / Transfer-Encoding are still syntax-checked but not
 *   used); there is no mode for a response to HEAD, whose headers announce a
 *   body that does not follow (the client sends only GET). Otherwise
 *   Transfer-Encoding together with Content-Length is WK_ERR_HTTP_FRAMING
 *   (a client must not guess), as is Transfer-Encoding in an HTTP/1.0
 *   response (RFC 9112 section 6.1). When
 *   the final coding of the last Transfer-Encoding is "chunked" the body is
 *   chunked; any other Transfer-Encoding means the body runs until the
 *   connection closes (RFC 9112 section 6.3, rule 4) and is passed on as
 *   received. Content-Length is digits only; identical repeats and lists
 *   such as "42, 42" count as one value; differing values are
 *   WK_ERR_HTTP_FRAMING; empty, non-digit or overflowing values are
 *   WK_ERR_HTTP_CONTENT_LENGTH. With neither, the body runs until EOF.
 * - Chunked: hex size (up to 2^64 - 1; more is WK_ERR_HTTP_CHUNK), optional
 *   whitespace, extensions ";name[=token|quoted-string]" checked and ignored
 *   (refused with WK_ERR_HTTP_CHUNK in a build without
 *   CONFIG_WK_HTTP_CHUNK_EXTENSIONS),
 *   a chunk-size line no longer than CONFIG_WK_HTTP_HEADER_LINE_MAX, CRLF
 *   after each chunk's data, trailer fields skipped.
 * - 1xx interim responses (except 101) are skipped: their headers are not
 *   reported and on_head_done is not called for them.
 * - Keep-alive: HTTP/1.1 unless "Connection: close"; HTTP/1.0 only with
 *   "Connection: keep-alive" (and no "close"); never after a body that ran
 *   until EOF.
 */
#ifndef WK_HTTP_H
#define WK_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wk/wk_config_defaults.h"
#include "wk/wk_diag.h"
#include "wk/wk_status.h"

#if CONFIG_WK_HTTP_HEADER_LINE_MAX > CONFIG_WK_HTTP_MAX_HEADER_BYTES
#error "CONFIG_WK_HTTP_HEADER_LINE_MAX must not exceed CONFIG_WK_HTTP_MAX_HEADER_BYTES"
#endif
#if CONFIG_WK_HTTP_HEADER_LINE_MAX < 64
#error "CONFIG_WK_HTTP_HEADER_LINE_MAX must be at least 64"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Request writer ---------------------------------------------------------- */

/**
 * Writer over a caller buffer; buffer retained until the request is sent.
 * The first failure (WK_ERR_ARG or WK_ERR_NO_SPACE) sticks: every later call
 * returns it and writes nothing, so a request is either complete or refused,
 * never shortened. A failed call leaves the bytes already written unchanged.
 *
 * @code{c}
 * wk_http_writer_t w;
 * size_t n;
 * wk_http_writer_begin(&w, buf, sizeof(buf), "GET");
 * wk_http_writer_append(&w, "/networks/12345678/users", 24);
 * wk_http_writer_end_request_line(&w);
 * wk_http_writer_header(&w, "Host", host, host_len);
 * if (wk_http_writer_finish(&w, &n) == WK_OK) { send buf[0..n) }
 * @endcode
 */
typedef struct wk_http_writer {
    /** @cond WK_PRIVATE */
    char *buf;
    size_t cap;
    size_t len;
    wk_status_t status; /* sticky */
    /** @endcond */
} wk_http_writer_t;

/**
 * @brief Start a request: writes "METHOD ".
 * @param[out] w      the writer; set up even on failure (then failed). Holds
 *                    no resources.
 * @param[out] buf    retained until the request is sent: keep it valid and
 *                    do not modify it while writing; the request is not
 *                    NUL-terminated.
 * @param[in]  cap    bytes at @p buf.
 * @param[in]  method a NUL-terminated token, e.g. "GET"; borrowed for the call.
 * @return WK_OK, WK_ERR_ARG (NULL pointer, empty or non-token method),
 *         WK_ERR_NO_SPACE.
 *
 * @code
 * char buf[512];
 * wk_http_writer_t w;
 * wk_http_writer_begin(&w, buf, sizeof(buf), "GET");  // failures stick: check at the end
 * @endcode
 */
wk_status_t wk_http_writer_begin(wk_http_writer_t *w, char *buf, size_t cap, const char *method);

/**
 * @brief Append raw bytes (used for the request target); not checked.
 * @param[in,out] w    the writer.
 * @param[in]     data @p len bytes, borrowed for the call (copied); may be NULL
 *                     when @p len is 0.
 * @param[in]     len  bytes at @p data.
 * @return sticky status: WK_OK, WK_ERR_ARG (w NULL, or data NULL with len > 0),
 *         WK_ERR_NO_SPACE (nothing of @p data written).
 *
 * @code
 * wk_http_writer_append(&w, "/networks/12345678/users", 24u);
 * @endcode
 */
wk_status_t wk_http_writer_append(wk_http_writer_t *w, const char *data, size_t len);

/**
 * @brief Reserve the rest of the buffer for in-place writing; follow with
 *        wk_http_writer_commit(). Lets the target be encoded straight into place.
 * @param[in,out] w     the writer.
 * @param[out]    dst   points into your buffer; valid until the next writer
 *                      call. NULL when the writer has failed.
 * @param[out]    avail bytes available at @p dst (0 when failed).
 * @return sticky status: WK_OK, WK_ERR_ARG (a NULL pointer; sticks when @p w
 *         is not NULL), or the earlier failure.
 *
 * @code
 * char *dst;
 * size_t avail, path_len, n = 0u;
 * if (wk_http_writer_space(&w, &dst, &avail) == WK_OK) {
 *     (void)wk_list_users_request_target(&req, "", dst, avail, &path_len, &n, &diag);
 * }
 * wk_http_writer_commit(&w, n);  // WK_ERR_NO_SPACE when n > avail
 * @endcode
 */
wk_status_t wk_http_writer_space(wk_http_writer_t *w, char **dst, size_t *avail);

/**
 * @brief Account for @p n bytes written at the space.
 * @param[in,out] w the writer.
 * @param[in]     n bytes written at the pointer wk_http_writer_space() gave.
 * @return sticky status: WK_OK, WK_ERR_NO_SPACE when @p n is more than was
 *         available (the caller's data did not fit), WK_ERR_ARG (w NULL), or
 *         the earlier failure.
 *
 * @code
 * wk_http_writer_commit(&w, written);
 * @endcode
 */
wk_status_t wk_http_writer_commit(wk_http_writer_t *w, size_t n);

/**
 * @brief End the request line: " HTTP/1.1" and CRLF.
 * @param[in,out] w the writer.
 * @return sticky status: WK_OK, WK_ERR_NO_SPACE, WK_ERR_ARG (w NULL), or the
 *         earlier failure.
 *
 * @code
 * wk_http_writer_end_request_line(&w);
 * @endcode
 */
wk_status_t wk_http_writer_end_request_line(wk_http_writer_t *w);

/**
 * @brief Append "Name: value" and CRLF; all of it or nothing.
 * @param[in,out] w         the writer.
 * @param[in]     name      NUL-terminated token (RFC 9110 tchar only); borrowed
 *                          for the call.
 * @param[in]     value     @p value_len bytes, borrowed for the call; may be NULL
 *                          when empty.
 * @param[in]     value_len bytes at @p value.
 * @return sticky status: WK_OK, WK_ERR_NO_SPACE, WK_ERR_ARG when @p w is NULL,
 *         the name is empty or not a token, or the value holds a control byte
 *         other than HTAB (CR, LF and NUL among them: header injection); or
 *         the earlier failure.
 *
 * @code
 * wk_http_writer_header(&w, "Host", "admin.wickr.us-east-1.amazonaws.com", 35u);
 * @endcode
 */
wk_status_t wk_http_writer_header(wk_http_writer_t *w, const char *name, const char *value,
                                  size_t value_len);

/**
 * @brief Append the blank line that ends the head.
 * @param[in,out] w         the writer.
 * @param[out]    total_len optional (NULL); the request length in the buffer,
 *                          0 on failure.
 * @return sticky status: WK_OK (the request is complete), WK_ERR_NO_SPACE,
 *         WK_ERR_ARG (w NULL), or the earlier failure.
 *
 * @code
 * size_t n;
 * if (wk_http_writer_finish(&w, &n) == WK_OK) {
 *     send_all(buf, n);
 * }
 * @endcode
 */
wk_status_t wk_http_writer_finish(wk_http_writer_t *w, size_t *total_len);

/* ---- Response parser ----------------------------------------------------------- */

/**
 * Parser callbacks; any may be NULL. Each returns WK_OK to continue; any other
 * status stops the parser, which then returns that status unchanged and
 * leaves the diag as the callback left it. Pointers passed in are valid only
 * during the call and are not NUL-terminated.
 */
typedef struct wk_http_callbacks {
    /** A header of the final (non-1xx) response; value trimmed, obs-fold unfolded.
     *  Headers of an interim (1xx) response and trailer fields are not reported. */
    wk_status_t (*on_header)(void *ctx, const char *name, size_t name_len, const char *value,
                             size_t value_len);
    /** Head complete: status code known, framing decided. */
    wk_status_t (*on_head_done)(void *ctx, uint16_t status);
    /** Body bytes, de-chunked; they point into the caller's input (no copy). */
    wk_status_t (*on_body)(void *ctx, const uint8_t *data, size_t len);
} wk_http_callbacks_t;

/** Parser state. Caller-allocated; fields are private. */
typedef struct wk_http_parser {
    /** @cond WK_PRIVATE */
    const wk_http_callbacks_t *cb;
    void *ctx;
    wk_diag_t *diag;           /* only during wk_http_parser_feed() */
    uint8_t state;
    uint16_t flags;
    uint16_t status;
    wk_status_t failed;        /* sticky status once failed */
    uint64_t content_length;   /* declared length, then bytes left (body or chunk) */
    uint64_t body_received;    /* body bytes passed to on_body */
    uint64_t offset;           /* bytes consumed since the start of the response */
    uint64_t line_start;       /* offset of the first byte of the current line */
    uint32_t header_bytes;     /* raw bytes of the current head or trailer section */
    size_t line_len;
    size_t name_len;           /* position of ':' in line */
    char line[CONFIG_WK_HTTP_HEADER_LINE_MAX];
    /** @endcond */
} wk_http_parser_t;

/**
 * @brief Reset for a new response.
 * @param[out] p    parser; holds no resources.
 * @param[in]  cb   retained until the next wk_http_parser_init(p): keep valid
 *                  and unmodified.
 * @param[in]  ctx  passed to every callback; retained until the next
 *                  wk_http_parser_init(p) (never dereferenced here).
 * @return WK_OK, or WK_ERR_ARG when @p p or @p cb is NULL.
 *
 * @code
 * static const wk_http_callbacks_t cb = {on_header, on_head_done, on_body};
 * static wk_http_parser_t parser;
 * wk_http_parser_init(&parser, &cb, &my_state);
 * @endcode
 */
wk_status_t wk_http_parser_init(wk_http_parser_t *p, const wk_http_callbacks_t *cb, void *ctx);

/**
 * @brief Parse more bytes.
 * @param[in,out] p     an initialized parser.
 * @param[in]  data     borrowed for the call; on_body gets pointers into it.
 *                      May be NULL when @p len is 0.
 * @param[in]  len      bytes at @p data.
 * @param[out] consumed bytes of @p data used. When WK_OK is returned, the rest
 *                      (data + *consumed ... ) belongs after this message.
 * @param[out] diag     optional; names the response byte offset and what was
 *                      wrong (never a header value).
 * @return WK_PARTIAL (all consumed, message not finished), WK_OK (message
 *         complete; later calls consume nothing and return WK_OK again), a
 *         callback's status, WK_ERR_ARG, WK_ERR_HTTP_STATUS_LINE,
 *         WK_ERR_HTTP_HEADER, WK_ERR_HTTP_HEADER_TOO_LONG, WK_ERR_HTTP_FRAMING,
 *         WK_ERR_HTTP_CONTENT_LENGTH, WK_ERR_HTTP_CHUNK, WK_ERR_HTTP_UNEXPECTED.
 *         Failures are sticky until wk_http_parser_init().
 *
 * @code
 * size_t used;
 * status = wk_http_parser_feed(&parser, buf, got, &used, &diag);
 * if (status == WK_OK && used < got) {
 *     // bytes after the message: a pipelined response, or an error
 * }
 * @endcode
 */
wk_status_t wk_http_parser_feed(wk_http_parser_t *p, const uint8_t *data, size_t len,
                                size_t *consumed, wk_diag_t *diag);

/**
 * @brief The connection ended cleanly (FIN or close_notify).
 * @param[in,out] p    the parser.
 * @param[out]    diag optional (NULL); on WK_ERR_HTTP_TRUNCATED names the byte
 *                     offset and, in a body, the bytes expected and received.
 * @return WK_OK when that ends a close-delimited body (or the message was
 *         already complete), WK_ERR_HTTP_TRUNCATED otherwise (sticky), the
 *         sticky failure if parsing had failed, WK_ERR_ARG (p NULL).
 *
 * @code
 * if (recv_status == WK_ERR_PEER_CLOSED) {
 *     status = wk_http_parser_eof(&parser, &diag);
 * }
 * @endcode
 */
wk_status_t wk_http_parser_eof(wk_http_parser_t *p, wk_diag_t *diag);

/**
 * @brief Whether the connection may be reused after this (complete) response.
 *
 * A yes/no question that cannot fail, so it returns bool, not a status.
 *
 * @param[in] p the parser; borrowed for the call.
 * @return true only when the message is complete, its body did not run until
 *         EOF, and the response allows reuse (see the file comment); false
 *         otherwise, also for NULL.
 *
 * @code
 * if (!wk_http_parser_keep_alive(&parser)) {
 *     close_connection();
 * }
 * @endcode
 */
bool wk_http_parser_keep_alive(const wk_http_parser_t *p);

#ifdef __cplusplus
}
#endif
#endif /* WK_HTTP_H */
