/* SPDX-License-Identifier: Apache-2.0 */
/* HTTP/1.1 response parser; see wk_http.h for the rules. */
#include <string.h>

#include "wk_internal.h"

/* The order matters: step() dispatches on ranges (head, chunk-size line, trailer). */
enum parser_state {
    ST_STATUS_LINE,
    ST_LINE_START,      /* start of a head line; a finished header may be held */
    ST_HEADER_LINE,
    ST_FOLD_WS,         /* leading whitespace of an obs-fold continuation */
    ST_HEAD_END_LF,
    ST_BODY_LENGTH,
    ST_BODY_EOF,
    ST_CHUNK_SIZE,
    ST_CHUNK_SIZE_WS,
    ST_EXT_NAME_START,
    ST_EXT_NAME,
    ST_EXT_AFTER_NAME,
    ST_EXT_VALUE_START,
    ST_EXT_TOKEN,
    ST_EXT_QUOTED,
    ST_EXT_QUOTED_ESC,
    ST_EXT_AFTER_VALUE,
    ST_CHUNK_SIZE_LF,
    ST_CHUNK_DATA,
    ST_CHUNK_DATA_CR,
    ST_CHUNK_DATA_LF,
    ST_TRAILER_START,
    ST_TRAILER_LINE,
    ST_TRAILER_END_LF,
    ST_DONE,
    ST_FAILED
};

enum parser_flag {
    F_CR = 1u << 0,            /* previous byte was CR inside a line */
    F_HOLD = 1u << 1,          /* line[] holds a header waiting for a possible fold */
    F_INTERIM = 1u << 2,       /* current head is a 1xx: headers not interpreted */
    F_HTTP10 = 1u << 3,
    F_HAVE_CL = 1u << 4,
    F_HAVE_TE = 1u << 5,
    F_TE_CHUNKED = 1u << 6,    /* final transfer coding is chunked */
    F_CONN_CLOSE = 1u << 7,
    F_CONN_KEEP = 1u << 8,
    F_UNTIL_EOF = 1u << 9      /* body runs until the connection closes */
};

#define HEAD_BYTES_MAX ((uint32_t)CONFIG_WK_HTTP_MAX_HEADER_BYTES)

static bool has_flag(const wk_http_parser_t *p, unsigned f)
{
    return (p->flags & f) != 0u;
}

static void set_flag(wk_http_parser_t *p, unsigned f)
{
    p->flags = (uint16_t)(p->flags | f);
}

static void clear_flag(wk_http_parser_t *p, unsigned f)
{
    p->flags = (uint16_t)(p->flags & ~f);
}

/* Record a failure: "HTTP response byte <at>: <what>[<detail>]". */
static wk_status_t fail_detail(wk_http_parser_t *p, wk_status_t status, uint64_t at,
                               const char *what, const char *detail, size_t detail_len)
{
    wk_diag_clear(p->diag);
    /* (detail: at most three bytes, so its length fits an int) */
    wk_diag_fmt(p->diag, "HTTP response byte %llu: %s%.*s", (unsigned long long)at, what,
                (int)detail_len, detail);
    p->state = ST_FAILED;
    p->failed = status;
    return status;
}

static wk_status_t fail(wk_http_parser_t *p, wk_status_t status, const char *what)
{
    return fail_detail(p, status, p->offset, what, "", 0u);
}

/* Names the offending byte (escaped by the diag builder). */
static wk_status_t fail_byte(wk_http_parser_t *p, wk_status_t status, const char *what,
                             uint8_t c)
{
    char byte = (char)c;
    return fail_detail(p, status, p->offset, what, &byte, 1u);
}

/* A limit passed: "<what> longer than <limit> bytes (<option>)". */
static wk_status_t too_long(wk_http_parser_t *p, wk_status_t status, uint64_t at, const char *what,
                            size_t limit, const char *option)
{
    (void)fail_detail(p, status, at, what, "", 0u);
    wk_diag_fmt(p->diag, " longer than %llu bytes (%s)", (unsigned long long)limit, option);
    return status;
}

/* A failure blamed on the current line's first byte. */
static wk_status_t fail_line(wk_http_parser_t *p, wk_status_t status, const char *what)
{
    return fail_detail(p, status, p->line_start, what, "", 0u);
}

/* A callback said stop: its status and its diag stand. */
static wk_status_t stop(wk_http_parser_t *p, wk_status_t status)
{
    p->state = ST_FAILED;
    p->failed = status;
    return status;
}

static wk_status_t line_put(wk_http_parser_t *p, uint8_t c)
{
    wk_status_t status = WK_PARTIAL;
    if (p->line_len >= sizeof(p->line)) {
        status = too_long(p, WK_ERR_HTTP_HEADER_TOO_LONG, p->line_start, "line", sizeof(p->line),
                          "CONFIG_WK_HTTP_HEADER_LINE_MAX");
    } else {
        p->line[p->line_len++] = (char)c;
    }
    return status;
}

/* Next comma-separated list element with OWS trimmed; false when none is left. */
static bool next_element(const char *s, size_t len, size_t *pos, const char **el, size_t *el_len)
{
    size_t start;
    size_t end;
    bool found = *pos <= len && len > 0u;
    if (found) {
        start = *pos;
        end = start;
        while (end < len && s[end] != ',') {
            end++;
        }
        *pos = end + 1u;
        while (start < end && wk_is_ows((uint8_t)s[start])) {
            start++;
        }
        while (end > start && wk_is_ows((uint8_t)s[end - 1u])) {
            end--;
        }
        *el = s + start;
        *el_len = end - start;
    }
    return found;
}

/* ---- Framing headers ---- */

static wk_status_t parse_decimal(wk_http_parser_t *p, const char *s, size_t n, uint64_t *out)
{
    wk_status_t status = WK_OK;
    uint64_t v = 0u;
    size_t i;
    if (n == 0u) {
        status = fail_line(p, WK_ERR_HTTP_CONTENT_LENGTH, "empty Content-Length element");
    }
    for (i = 0u; status == WK_OK && i < n; i++) {
        uint8_t d = (uint8_t)((uint8_t)s[i] - (uint8_t)'0');
        if (d > 9u) {
            status = fail_detail(p, WK_ERR_HTTP_CONTENT_LENGTH, p->line_start,
                                 "Content-Length non-digit: ", s + i, 1u);
        } else if (v > (UINT64_MAX - d) / 10u) {
            status = fail_line(p, WK_ERR_HTTP_CONTENT_LENGTH, "Content-Length over 64 bits");
        } else {
            v = v * 10u + d;
        }
    }
    *out = v;
    return status;
}

static wk_status_t apply_content_length(wk_http_parser_t *p, const char *value, size_t len)
{
    wk_status_t status = WK_OK;
    size_t pos = 0u;
    const char *el;
    size_t el_len;
    uint64_t v;
    if (len == 0u) {
        status = fail_line(p, WK_ERR_HTTP_CONTENT_LENGTH, "empty Content-Length");
    }
    while (status == WK_OK && next_element(value, len, &pos, &el, &el_len)) {
        status = parse_decimal(p, el, el_len, &v);
        if (status != WK_OK) {
            /* reported */
        } else if (has_flag(p, F_HAVE_CL) && v != p->content_length) {
            status = fail_line(p, WK_ERR_HTTP_FRAMING, "Content-Length values differ");
        } else {
            set_flag(p, F_HAVE_CL);
            p->content_length = v;
        }
    }
    return status;
}

static void apply_transfer_encoding(wk_http_parser_t *p, const char *value, size_t len)
{
    size_t pos = 0u;
    const char *el;
    size_t el_len;
    set_flag(p, F_HAVE_TE);
    while (next_element(value, len, &pos, &el, &el_len)) {
        if (el_len > 0u) {
            /* Only the final coding decides (RFC 9112 section 6.3). */
            if (wk_ieq(el, el_len, "chunked")) {
                set_flag(p, F_TE_CHUNKED);
            } else {
                clear_flag(p, F_TE_CHUNKED);
            }
        }
    }
}

static void apply_connection(wk_http_parser_t *p, const char *value, size_t len)
{
    size_t pos = 0u;
    const char *el;
    size_t el_len;
    while (next_element(value, len, &pos, &el, &el_len)) {
        if (wk_ieq(el, el_len, "close")) {
            set_flag(p, F_CONN_CLOSE);
        } else if (wk_ieq(el, el_len, "keep-alive")) {
            set_flag(p, F_CONN_KEEP);
        } else {
            /* other connection options do not matter here */
        }
    }
}

/* A complete (unfolded) header line is in line[]. */
static wk_status_t header_line_done(wk_http_parser_t *p)
{
    wk_status_t status = WK_OK;
    const char *name = p->line;
    size_t name_len = p->name_len;
    size_t start = name_len + 1u;
    size_t end = p->line_len;
    clear_flag(p, F_HOLD);
    while (start < end && wk_is_ows((uint8_t)p->line[start])) {
        start++;
    }
    while (end > start && wk_is_ows((uint8_t)p->line[end - 1u])) {
        end--;
    }
    if (!has_flag(p, F_INTERIM)) {
        const char *value = p->line + start;
        size_t value_len = end - start;
        if (wk_ieq(name, name_len, "content-length")) {
            status = apply_content_length(p, value, value_len);
        } else if (wk_ieq(name, name_len, "transfer-encoding")) {
            apply_transfer_encoding(p, value, value_len);
        } else if (wk_ieq(name, name_len, "connection")) {
            apply_connection(p, value, value_len);
        } else {
            /* not a framing header */
        }
        if (status == WK_OK && p->cb->on_header != NULL) {
            status = p->cb->on_header(p->ctx, name, name_len, value, value_len);
            if (status != WK_OK) {
                status = stop(p, status);
            }
        }
    }
    return status == WK_OK ? WK_PARTIAL : status;
}

/* ---- Status line ---- */

static wk_status_t status_line_fail(wk_http_parser_t *p, size_t at, const char *what)
{
    return fail_detail(p, WK_ERR_HTTP_STATUS_LINE, p->line_start + at, what, "", 0u);
}

static bool is_digit_at(const wk_http_parser_t *p, size_t i)
{
    return i < p->line_len && p->line[i] >= '0' && p->line[i] <= '9';
}

static wk_status_t check_reason(wk_http_parser_t *p)
{
    wk_status_t status = WK_PARTIAL;
    size_t i;
    for (i = 13u; status == WK_PARTIAL && i < p->line_len; i++) {
        if (wk_is_field_ctl((uint8_t)p->line[i])) {
            status = status_line_fail(p, i, "control byte in the reason");
        }
    }
    return status;
}

static wk_status_t check_status_code(wk_http_parser_t *p)
{
    wk_status_t status = WK_PARTIAL;
    if (p->status < 100u || p->status > 599u) {
        status = fail_detail(p, WK_ERR_HTTP_UNEXPECTED, p->line_start + 9u,
                             "status code not 100..599: ", p->line + 9, 3u);
    } else if (p->status == 101u) {
        status = fail_detail(p, WK_ERR_HTTP_UNEXPECTED, p->line_start + 9u,
                             "101 Switching Protocols", "", 0u);
    } else if (p->status < 200u) {
        set_flag(p, F_INTERIM);
    } else {
        clear_flag(p, F_INTERIM);
    }
    return status;
}

/* "HTTP/1.<d> SP 3DIGIT [SP reason]"; the "HTTP/1." prefix was checked as it arrived. */
static wk_status_t status_line_done(wk_http_parser_t *p)
{
    wk_status_t status;
    if (p->line_len == 0u) {
        status = status_line_fail(p, 0u, "empty status line");
    } else if (p->line_len < 7u) {
        status = status_line_fail(p, p->line_len, "status line cut short");
    } else if (!is_digit_at(p, 7u)) {
        status = status_line_fail(p, 7u, "minor version not a digit");
    } else if (p->line_len < 9u || p->line[8] != ' ') {
        status = status_line_fail(p, 8u, "no space after the version");
    } else if (!is_digit_at(p, 9u) || !is_digit_at(p, 10u) || !is_digit_at(p, 11u)) {
        status = status_line_fail(p, 9u, "status code not 3 digits");
    } else if (p->line_len > 12u && p->line[12] != ' ') {
        status = status_line_fail(p, 12u, "no space after the code");
    } else {
        status = check_reason(p);
    }
    if (status == WK_PARTIAL) {
        if (p->line[7] == '0') {
            set_flag(p, F_HTTP10);
        } else {
            clear_flag(p, F_HTTP10);
        }
        p->status = (uint16_t)((p->line[9] - '0') * 100 + (p->line[10] - '0') * 10 +
                               (p->line[11] - '0'));
        p->state = ST_LINE_START;
        status = check_status_code(p);
    }
    return status;
}

static wk_status_t status_line_byte(wk_http_parser_t *p, uint8_t c)
{
    static const char prefix[] = "HTTP/1.";
    wk_status_t status = WK_PARTIAL;
    if (has_flag(p, F_CR)) {
        clear_flag(p, F_CR);
        status = (c == '\n') ? status_line_done(p)
                             : fail(p, WK_ERR_HTTP_STATUS_LINE, "CR not followed by LF");
    } else if (c == '\r') {
        set_flag(p, F_CR);
    } else if (c == '\n') {
        status = status_line_done(p);
    } else if (p->line_len < sizeof(prefix) - 1u && c != (uint8_t)prefix[p->line_len]) {
        status = fail_byte(p, WK_ERR_HTTP_STATUS_LINE, "not HTTP/1.x: ", c);
    } else {
        status = line_put(p, c);
    }
    return status;
}

/* ---- Header lines ---- */

static wk_status_t header_line_end(wk_http_parser_t *p)
{
    wk_status_t status = WK_PARTIAL;
    if (p->name_len == SIZE_MAX) {
        status = fail_line(p, WK_ERR_HTTP_HEADER, "header line without ':'");
    } else {
        set_flag(p, F_HOLD); /* the next line may continue it (obs-fold) */
        p->state = ST_LINE_START;
    }
    return status;
}

static wk_status_t header_name_byte(wk_http_parser_t *p, uint8_t c)
{
    wk_status_t status;
    if (c == ':' && p->line_len == 0u) {
        status = fail(p, WK_ERR_HTTP_HEADER, "empty header name");
    } else if (c == ':') {
        p->name_len = p->line_len;
        status = line_put(p, c);
    } else if (!wk_is_tchar(c)) {
        /* Whitespace before ':' included: servers and proxies may disagree on it. */
        status = fail_byte(p, WK_ERR_HTTP_HEADER, "bad byte in header name: ", c);
    } else {
        status = line_put(p, c);
    }
    return status;
}

static wk_status_t header_line_byte(wk_http_parser_t *p, uint8_t c)
{
    wk_status_t status = WK_PARTIAL;
    if (has_flag(p, F_CR)) {
        clear_flag(p, F_CR);
        status = (c == '\n') ? header_line_end(p)
                             : fail(p, WK_ERR_HTTP_HEADER, "CR not followed by LF");
    } else if (c == '\r') {
        set_flag(p, F_CR);
    } else if (c == '\n') {
        status = header_line_end(p);
    } else if (p->name_len == SIZE_MAX) {
        status = header_name_byte(p, c);
    } else if (wk_is_field_ctl(c)) {
        status = fail_byte(p, WK_ERR_HTTP_HEADER, "control byte ", c);
        /* (a name fits the line buffer, so its length fits an int) */
        wk_diag_fmt(p->diag, " in the value of %.*s", (int)p->name_len, p->line);
    } else {
        status = line_put(p, c);
    }
    if (status == WK_PARTIAL && p->state == ST_FOLD_WS) {
        p->state = ST_HEADER_LINE; /* the continuation's first non-blank byte */
    }
    return status;
}

/* obs-fold: replace the line break and surrounding whitespace with one space. */
static wk_status_t start_fold(wk_http_parser_t *p)
{
    clear_flag(p, F_HOLD);
    while (p->line_len > p->name_len + 1u && wk_is_ows((uint8_t)p->line[p->line_len - 1u])) {
        p->line_len--;
    }
    p->state = ST_FOLD_WS;
    return line_put(p, ' ');
}

static wk_status_t begin_chunk_size_line(wk_http_parser_t *p);

/* Framing of the final response; see wk_http.h for the order of the rules. */
static wk_status_t decide_framing(wk_http_parser_t *p)
{
    wk_status_t status = WK_PARTIAL;
    bool no_body = p->status == 204u || p->status == 304u;
    if (no_body) {
        p->state = ST_DONE;
    } else if (has_flag(p, F_HAVE_TE) && has_flag(p, F_HAVE_CL)) {
        status = fail(p, WK_ERR_HTTP_FRAMING, "Transfer-Encoding and Content-Length");
    } else if (has_flag(p, F_HAVE_TE) && has_flag(p, F_HTTP10)) {
        status = fail(p, WK_ERR_HTTP_FRAMING, "Transfer-Encoding in HTTP/1.0");
    } else if (has_flag(p, F_TE_CHUNKED)) {
        status = begin_chunk_size_line(p);
    } else if (has_flag(p, F_HAVE_CL)) {
        p->state = (p->content_length == 0u) ? ST_DONE : ST_BODY_LENGTH;
    } else {
        set_flag(p, F_UNTIL_EOF);
        p->state = ST_BODY_EOF;
    }
    return status;
}

static void start_next_head(wk_http_parser_t *p)
{
    p->flags = 0u;
    p->state = ST_STATUS_LINE;
    p->header_bytes = 0u;
    p->line_len = 0u;
    p->content_length = 0u;
    p->line_start = p->offset + 1u;
}

static wk_status_t head_done(wk_http_parser_t *p)
{
    wk_status_t status = WK_PARTIAL;
    if (has_flag(p, F_INTERIM)) {
        start_next_head(p);
    } else {
        status = decide_framing(p);
        if (status == WK_PARTIAL && p->cb->on_head_done != NULL) {
            wk_status_t cb = p->cb->on_head_done(p->ctx, p->status);
            status = (cb == WK_OK) ? WK_PARTIAL : stop(p, cb);
        }
    }
    return status;
}

static wk_status_t line_start_byte(wk_http_parser_t *p, uint8_t c)
{
    wk_status_t status = WK_PARTIAL;
    bool folded = has_flag(p, F_HOLD) && wk_is_ows(c);
    if (folded) {
        status = start_fold(p);
    } else if (has_flag(p, F_HOLD)) {
        status = header_line_done(p);
    } else if (wk_is_ows(c)) {
        status = fail(p, WK_ERR_HTTP_HEADER, "obs-fold before any header");
    } else {
        /* first header line, or the blank line */
    }
    if (status != WK_PARTIAL || folded) {
        /* failed, stopped, or the fold has begun */
    } else if (c == '\r') {
        p->state = ST_HEAD_END_LF;
    } else if (c == '\n') {
        status = head_done(p);
    } else {
        p->state = ST_HEADER_LINE;
        p->line_len = 0u;
        p->name_len = SIZE_MAX;
        p->line_start = p->offset;
        status = header_line_byte(p, c);
    }
    return status;
}

static wk_status_t head_byte(wk_http_parser_t *p, uint8_t c)
{
    wk_status_t status;
    if (++p->header_bytes > HEAD_BYTES_MAX) {
        status = too_long(p, WK_ERR_HTTP_HEADER_TOO_LONG, p->offset, "response head", HEAD_BYTES_MAX,
                          "CONFIG_WK_HTTP_MAX_HEADER_BYTES");
    } else if (p->state == ST_STATUS_LINE) {
        status = status_line_byte(p, c);
    } else if (p->state == ST_LINE_START) {
        status = line_start_byte(p, c);
    } else if (p->state == ST_FOLD_WS && wk_is_ows(c)) {
        status = WK_PARTIAL;
    } else if (p->state == ST_HEAD_END_LF) {
        status = (c == '\n') ? head_done(p) : fail(p, WK_ERR_HTTP_HEADER, "CR not followed by LF");
    } else {
        status = header_line_byte(p, c);
    }
    return status;
}

/* ---- Chunked body ---- */

static wk_status_t begin_chunk_size_line(wk_http_parser_t *p)
{
    p->state = ST_CHUNK_SIZE;
    p->content_length = 0u;
    p->line_len = 0u;
    p->line_start = p->offset + 1u;
    return WK_PARTIAL;
}

/* The ';' before a chunk extension. A build without them refuses it, so no
 * extension state is ever entered. */
static wk_status_t start_extension(wk_http_parser_t *p)
{
    wk_status_t status = WK_PARTIAL;
    if (CONFIG_WK_HTTP_CHUNK_EXTENSIONS) {
        p->state = ST_EXT_NAME_START;
    } else {
        status = fail(p, WK_ERR_HTTP_CHUNK, "chunk extension: CONFIG_WK_HTTP_CHUNK_EXTENSIONS is off");
    }
    return status;
}

static wk_status_t chunk_size_digit(wk_http_parser_t *p, uint8_t c)
{
    wk_status_t status = WK_PARTIAL;
    int v = wk_hex_digit_value(c);
    bool first = (p->line_len == 1u);
    if (v >= 0) {
        if ((p->content_length >> 60) != 0u) {
            status = fail(p, WK_ERR_HTTP_CHUNK, "chunk size over 64 bits");
        } else {
            p->content_length = (p->content_length << 4) | (uint64_t)v;
        }
    } else if (first) {
        status = fail_byte(p, WK_ERR_HTTP_CHUNK, "no chunk size: ", c);
    } else if (c == '\r') {
        p->state = ST_CHUNK_SIZE_LF;
    } else if (wk_is_ows(c)) {
        p->state = ST_CHUNK_SIZE_WS;
    } else if (c == ';') {
        status = start_extension(p);
    } else {
        status = fail_byte(p, WK_ERR_HTTP_CHUNK, "bad byte in chunk size: ", c);
    }
    return status;
}

static wk_status_t ext_fail(wk_http_parser_t *p, uint8_t c)
{
    return fail_byte(p, WK_ERR_HTTP_CHUNK, "bad byte in chunk extension: ", c);
}

/* After a size, name or value: whitespace, ';' (next extension) or CR. */
static wk_status_t ext_separator(wk_http_parser_t *p, uint8_t c, uint8_t ws_state)
{
    wk_status_t status = WK_PARTIAL;
    if (wk_is_ows(c)) {
        p->state = ws_state;
    } else if (c == ';') {
        status = start_extension(p);
    } else if (c == '\r') {
        p->state = ST_CHUNK_SIZE_LF;
    } else {
        status = ext_fail(p, c);
    }
    return status;
}

static wk_status_t ext_name_byte(wk_http_parser_t *p, uint8_t c)
{
    wk_status_t status = WK_PARTIAL;
    if (wk_is_tchar(c) && p->state != ST_EXT_AFTER_NAME) {
        p->state = ST_EXT_NAME;
    } else if (p->state == ST_EXT_NAME_START && wk_is_ows(c)) {
        /* BWS before the name */
    } else if (p->state == ST_EXT_NAME_START) {
        status = fail_byte(p, WK_ERR_HTTP_CHUNK, "no chunk extension name: ", c);
    } else if (c == '=') {
        p->state = ST_EXT_VALUE_START;
    } else {
        status = ext_separator(p, c, ST_EXT_AFTER_NAME);
    }
    return status;
}

static bool is_qdtext(uint8_t c)
{
    return c == '\t' || c == ' ' || c == 0x21u || (c >= 0x23u && c <= 0x5bu) ||
           (c >= 0x5du && c <= 0x7eu) || c >= 0x80u;
}

static wk_status_t ext_value_byte(wk_http_parser_t *p, uint8_t c)
{
    wk_status_t status = WK_PARTIAL;
    uint8_t st = p->state;
    if (st == ST_EXT_QUOTED_ESC) {
        /* quoted-pair: HTAB / SP / VCHAR / obs-text */
        p->state = ST_EXT_QUOTED;
        status = (c == '\t' || (c >= 0x20u && c != 0x7fu)) ? WK_PARTIAL : ext_fail(p, c);
    } else if (st == ST_EXT_QUOTED) {
        if (c == '"') {
            p->state = ST_EXT_AFTER_VALUE;
        } else if (c == '\\') {
            p->state = ST_EXT_QUOTED_ESC;
        } else if (!is_qdtext(c)) {
            status = ext_fail(p, c);
        } else {
            /* inside the quoted string */
        }
    } else if (st == ST_EXT_VALUE_START && wk_is_ows(c)) {
        /* BWS after '=' */
    } else if (st == ST_EXT_VALUE_START && c == '"') {
        p->state = ST_EXT_QUOTED;
    } else if (st != ST_EXT_AFTER_VALUE && wk_is_tchar(c)) {
        p->state = ST_EXT_TOKEN;
    } else if (st == ST_EXT_VALUE_START) {
        status = ext_fail(p, c);
    } else {
        status = ext_separator(p, c, ST_EXT_AFTER_VALUE);
    }
    return status;
}

static wk_status_t chunk_size_line_end(wk_http_parser_t *p, uint8_t c)
{
    wk_status_t status = WK_PARTIAL;
    if (c != '\n') {
        status = fail(p, WK_ERR_HTTP_CHUNK, "CR not followed by LF");
    } else if (p->content_length == 0u) {
        p->state = ST_TRAILER_START;
        p->header_bytes = 0u;
    } else {
        p->state = ST_CHUNK_DATA;
    }
    return status;
}

static wk_status_t chunk_size_line_byte(wk_http_parser_t *p, uint8_t c)
{
    wk_status_t status;
    if (p->state == ST_CHUNK_SIZE_LF) {
        status = chunk_size_line_end(p, c);
    } else if (++p->line_len > sizeof(p->line)) {
        status = too_long(p, WK_ERR_HTTP_CHUNK, p->line_start, "chunk-size line", sizeof(p->line),
                          "CONFIG_WK_HTTP_HEADER_LINE_MAX");
    } else if (c == '\n') {
        status = fail(p, WK_ERR_HTTP_CHUNK, "chunk-size line without CR");
    } else if (p->state == ST_CHUNK_SIZE) {
        status = chunk_size_digit(p, c);
    } else if (p->state == ST_CHUNK_SIZE_WS) {
        status = ext_separator(p, c, ST_CHUNK_SIZE_WS);
    } else if (!CONFIG_WK_HTTP_CHUNK_EXTENSIONS) {
        status = ext_fail(p, c); /* not reached: start_extension() refused the ';' */
    } else if (p->state <= ST_EXT_AFTER_NAME) {
        status = ext_name_byte(p, c);
    } else {
        status = ext_value_byte(p, c);
    }
    return status;
}

static wk_status_t chunk_data_end_byte(wk_http_parser_t *p, uint8_t c)
{
    wk_status_t status = WK_PARTIAL;
    if (p->state == ST_CHUNK_DATA_CR && c == '\r') {
        p->state = ST_CHUNK_DATA_LF;
    } else if (p->state == ST_CHUNK_DATA_LF && c == '\n') {
        (void)begin_chunk_size_line(p);
    } else {
        status = fail_byte(p, WK_ERR_HTTP_CHUNK, "no CRLF after chunk data: ", c);
    }
    return status;
}

/* Trailer fields are skipped; only their line structure and size are checked. */
static wk_status_t trailer_byte(wk_http_parser_t *p, uint8_t c)
{
    wk_status_t status = WK_PARTIAL;
    bool line_start = (p->state == ST_TRAILER_START);
    if (++p->header_bytes > HEAD_BYTES_MAX) {
        status = too_long(p, WK_ERR_HTTP_HEADER_TOO_LONG, p->offset, "trailer section", HEAD_BYTES_MAX,
                          "CONFIG_WK_HTTP_MAX_HEADER_BYTES");
    } else if (has_flag(p, F_CR) || p->state == ST_TRAILER_END_LF) {
        clear_flag(p, F_CR);
        if (c != '\n') {
            status = fail(p, WK_ERR_HTTP_HEADER, "CR not followed by LF");
        } else {
            p->state = (p->state == ST_TRAILER_END_LF) ? ST_DONE : ST_TRAILER_START;
        }
    } else if (c == '\r') {
        if (line_start) {
            p->state = ST_TRAILER_END_LF;
        } else {
            set_flag(p, F_CR);
        }
    } else if (c == '\n') {
        p->state = line_start ? ST_DONE : ST_TRAILER_START;
    } else if (wk_is_field_ctl(c)) {
        status = fail_byte(p, WK_ERR_HTTP_HEADER, "control byte in a trailer: ", c);
    } else {
        p->state = ST_TRAILER_LINE;
    }
    return status;
}

/* ---- Driver ---- */

/* One byte of anything but body data. */
static wk_status_t step(wk_http_parser_t *p, uint8_t c)
{
    wk_status_t status;
    if (p->state <= ST_HEAD_END_LF) {
        status = head_byte(p, c);
    } else if (p->state == ST_CHUNK_DATA_CR || p->state == ST_CHUNK_DATA_LF) {
        status = chunk_data_end_byte(p, c);
    } else if (p->state >= ST_TRAILER_START) {
        status = trailer_byte(p, c);
    } else {
        status = chunk_size_line_byte(p, c);
    }
    return status;
}

static bool in_body_data(const wk_http_parser_t *p)
{
    return p->state == ST_BODY_LENGTH || p->state == ST_BODY_EOF || p->state == ST_CHUNK_DATA;
}

/* Hands as much body as the input and the framing allow to on_body, uncopied. */
static size_t body_data(wk_http_parser_t *p, const uint8_t *data, size_t len, wk_status_t *status)
{
    size_t n = len;
    if (p->state != ST_BODY_EOF && p->content_length < (uint64_t)n) {
        n = (size_t)p->content_length;
    }
    *status = WK_PARTIAL;
    if (p->cb->on_body != NULL) {
        wk_status_t cb = p->cb->on_body(p->ctx, data, n);
        *status = (cb == WK_OK) ? WK_PARTIAL : cb;
    }
    p->offset += n;
    p->body_received += n;
    if (p->state != ST_BODY_EOF) {
        p->content_length -= n;
        if (p->content_length == 0u) {
            p->state = (p->state == ST_BODY_LENGTH) ? ST_DONE : ST_CHUNK_DATA_CR;
        }
    }
    if (*status != WK_PARTIAL) {
        *status = stop(p, *status);
    }
    return n;
}

/* see wk_http.h */
wk_status_t wk_http_parser_init(wk_http_parser_t *p, const wk_http_callbacks_t *cb, void *ctx)
{
    wk_status_t status = WK_ERR_ARG;
    if (p != NULL && cb != NULL) {
        memset(p, 0, sizeof(*p));
        p->cb = cb;
        p->ctx = ctx;
        p->state = ST_STATUS_LINE;
        p->failed = WK_OK;
        p->name_len = SIZE_MAX;
        status = WK_OK;
    }
    return status;
}

static wk_status_t already_failed(const wk_http_parser_t *p, wk_diag_t *diag)
{
    wk_diag_clear(diag);
    wk_diag_fmt(diag, "HTTP parser already failed (%s)", wk_status_str(p->failed));
    return p->failed;
}

/* see wk_http.h */
wk_status_t wk_http_parser_feed(wk_http_parser_t *p, const uint8_t *data, size_t len,
                                size_t *consumed, wk_diag_t *diag)
{
    wk_status_t status = WK_PARTIAL;
    size_t used = 0u;
    if (consumed != NULL) {
        *consumed = 0u;
    }
    if (p == NULL || p->cb == NULL || consumed == NULL || (data == NULL && len > 0u)) {
        status = WK_ERR_ARG;
    } else if (p->state == ST_FAILED) {
        status = already_failed(p, diag);
    } else {
        p->diag = diag;
    }
    while (status == WK_PARTIAL && p->state != ST_DONE && used < len) {
        if (in_body_data(p)) {
            used += body_data(p, data + used, len - used, &status);
        } else {
            status = step(p, data[used]);
            used++;
            p->offset++;
        }
    }
    if (status == WK_PARTIAL && p->state == ST_DONE) {
        status = WK_OK;
    }
    if (p != NULL && consumed != NULL) {
        p->diag = NULL;
        *consumed = used;
    }
    return status;
}

static void eof_describe_body(const wk_http_parser_t *p, uint8_t st, wk_diag_t *diag)
{
    if (st == ST_BODY_LENGTH) {
        wk_diag_fmt(diag, "after %llu of %llu body bytes",
                    (unsigned long long)p->body_received,
                    (unsigned long long)(p->body_received + p->content_length));
    } else {
        wk_diag_fmt(diag, "in the chunked body after %llu bytes",
                    (unsigned long long)p->body_received);
        if (st == ST_CHUNK_DATA) {
            wk_diag_fmt(diag, "; expected at least %llu",
                        (unsigned long long)(p->body_received + p->content_length));
        }
    }
}

/* see wk_http.h */
wk_status_t wk_http_parser_eof(wk_http_parser_t *p, wk_diag_t *diag)
{
    wk_status_t status = WK_ERR_HTTP_TRUNCATED;
    if (p == NULL) {
        status = WK_ERR_ARG;
    } else if (p->state == ST_FAILED) {
        status = already_failed(p, diag);
    } else if (p->state == ST_DONE || p->state == ST_BODY_EOF) {
        p->state = ST_DONE;
        status = WK_OK;
    } else {
        uint8_t st = p->state;
        p->diag = diag;
        (void)fail(p, status, "connection closed ");
        p->diag = NULL;
        if (p->offset == 0u) {
            wk_diag_str(diag, "before any byte");
        } else if (st <= ST_HEAD_END_LF) {
            wk_diag_str(diag, "in the head");
        } else {
            eof_describe_body(p, st, diag);
        }
    }
    return status;
}

/* see wk_http.h */
bool wk_http_parser_keep_alive(const wk_http_parser_t *p)
{
    bool keep = false;
    if (p != NULL && p->state == ST_DONE && !has_flag(p, F_UNTIL_EOF) &&
        !has_flag(p, F_CONN_CLOSE)) {
        keep = !has_flag(p, F_HTTP10) || has_flag(p, F_CONN_KEEP);
    }
    return keep;
}
