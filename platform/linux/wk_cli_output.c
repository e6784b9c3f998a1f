/* SPDX-License-Identifier: Apache-2.0 */
/* json / ndjson / table / csv writers and the progress line for
 * wickr-list-users; see wk_cli.h. */
#define _XOPEN_SOURCE 700 /* wcwidth(), newlocale(), uselocale() */

#include <inttypes.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "wk_cli.h"

/* ---- Where the bytes go ---------------------------------------------------------- */

/* A stream, through a stage: a record goes to stdio in one call instead of
 * one per token (each call takes the stream's lock and costs more than the
 * bytes it copies). Or a buffer: table rows held back. */
typedef struct sink {
    FILE *out;      /* NULL: into buf */
    char *buf;
    size_t cap;
    size_t len;     /* bytes in buf, or staged for out */
    size_t width;   /* terminal columns written */
    bool failed;    /* the stream failed, or buf is full */
    char stage[1024];
} sink_t;

/* Field by field, not memset(): the stage is never read before it is
 * written, and clearing it would cost 1 KiB of stores per record. */
static void sink_init(sink_t *k, FILE *out, char *buf, size_t cap, size_t len)
{
    k->out = out;
    k->buf = buf;
    k->cap = cap;
    k->len = len;
    k->width = 0u;
    k->failed = false;
}

static void sink_to_stream(sink_t *k, FILE *out)
{
    sink_init(k, out, NULL, 0u, 0u);
}

/* Hands what is staged to the stream; true when nothing failed so far. */
static bool sink_flush(sink_t *k)
{
    if (k->out != NULL && k->len > 0u && !k->failed) {
        k->failed = fwrite(k->stage, 1u, k->len, k->out) != k->len;
    }
    if (k->out != NULL) {
        k->len = 0u;
    }
    return !k->failed;
}

static void sink_write_slow(sink_t *k, const char *p, size_t n, size_t cols)
{
    if (k->failed) {
        return;
    }
    if (k->out != NULL) {
        /* No room: flush the stage; what is larger than the stage goes straight out. */
        if (sizeof(k->stage) - k->len < n && sink_flush(k) && n > sizeof(k->stage)) {
            k->failed = fwrite(p, 1u, n, k->out) != n;
        } else if (!k->failed) {
            memcpy(k->stage + k->len, p, n);
            k->len += n;
        }
    } else if (k->cap - k->len < n) {
        k->failed = true;
    } else {
        memcpy(k->buf + k->len, p, n);
        k->len += n;
    }
    k->width += cols;
}

/* The common case inline: room in the stage (a record is smaller than it). */
static inline void sink_write(sink_t *k, const char *p, size_t n, size_t cols)
{
    if (k->out != NULL && !k->failed && n <= sizeof(k->stage) - k->len) {
        memcpy(k->stage + k->len, p, n);
        k->len += n;
        k->width += cols;
    } else {
        sink_write_slow(k, p, n, cols);
    }
}

/* A string literal: its length is known at compile time. */
#define SINK_LIT(k, lit) sink_write((k), (lit), sizeof(lit) - 1u, sizeof(lit) - 1u)

static void sink_str(sink_t *k, const char *s)
{
    size_t n = strlen(s);
    sink_write(k, s, n, n);
}

/* Decimal, as "%" PRId32 prints it, without stdio's format parsing. */
static void sink_i32(sink_t *k, int32_t v)
{
    char num[11]; /* "-2147483648" */
    size_t n = sizeof(num);
    uint32_t m = v < 0 ? 0u - (uint32_t)v : (uint32_t)v;
    do {
        num[--n] = (char)('0' + m % 10u);
        m /= 10u;
    } while (m != 0u);
    if (v < 0) {
        num[--n] = '-';
    }
    sink_write(k, &num[n], sizeof(num) - n, sizeof(num) - n);
}

/* ---- UTF-8 ---------------------------------------------------------------------- */

/* Length of the UTF-8 sequence at s (at most len bytes) and its code point;
 * 0 when s does not start a well-formed one (RFC 3629: no overlong form, no
 * surrogate, nothing above U+10FFFF). The lead byte bounds the second byte. */
static size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    unsigned char lo = 0x80u;
    unsigned char hi = 0xbfu;
    size_t n = 0u;
    size_t i;
    if (s[0] >= 0xc2u && s[0] <= 0xdfu) {
        n = 2u;
    } else if (s[0] >= 0xe0u && s[0] <= 0xefu) {
        n = 3u;
        lo = s[0] == 0xe0u ? 0xa0u : 0x80u;
        hi = s[0] == 0xedu ? 0x9fu : 0xbfu;
    } else if (s[0] >= 0xf0u && s[0] <= 0xf4u) {
        n = 4u;
        lo = s[0] == 0xf0u ? 0x90u : 0x80u;
        hi = s[0] == 0xf4u ? 0x8fu : 0xbfu;
    } else {
        return 0u; /* ASCII, a continuation byte, C0, C1 or F5..FF */
    }
    if (n > len) {
        return 0u;
    }
    *cp = (uint32_t)s[0] & (0x7fu >> n);
    for (i = 1u; i < n; i++) {
        if (s[i] < lo || s[i] > hi) {
            return 0u;
        }
        *cp = (*cp << 6) | (s[i] & 0x3fu);
        lo = 0x80u;
        hi = 0xbfu;
    }
    return n;
}

/* Code points that drive a terminal or silently reorder the text around
 * them: the C1 controls (CSI, NEL...) and the bidirectional embeddings,
 * overrides (U+202A..U+202E) and isolates (U+2066..U+2069). */
static bool is_hidden_control(uint32_t cp)
{
    return (cp >= 0x80u && cp <= 0x9fu) || (cp >= 0x202au && cp <= 0x202eu) ||
           (cp >= 0x2066u && cp <= 0x2069u);
}

/* ---- JSON ------------------------------------------------------------------------- */

/* JSON text style: pretty (4-space indent, as `aws` prints) or one line (ndjson). */
typedef struct json_style {
    bool pretty;
    int indent; /* current depth, pretty only */
} json_style_t;

/* Bytes that stop a plain run: those JSON requires escaping ('"', '\\' and
 * C0 controls), DEL, and the lead bytes of the C1 controls (0xc2) and of the
 * bidi controls (0xe2), which are escaped too. A table: this test runs for
 * every byte written. */
static const bool needs_escape[256] = {
    [0x00] = true, [0x01] = true, [0x02] = true, [0x03] = true, [0x04] = true, [0x05] = true,
    [0x06] = true, [0x07] = true, [0x08] = true, [0x09] = true, [0x0a] = true, [0x0b] = true,
    [0x0c] = true, [0x0d] = true, [0x0e] = true, [0x0f] = true, [0x10] = true, [0x11] = true,
    [0x12] = true, [0x13] = true, [0x14] = true, [0x15] = true, [0x16] = true, [0x17] = true,
    [0x18] = true, [0x19] = true, [0x1a] = true, [0x1b] = true, [0x1c] = true, [0x1d] = true,
    [0x1e] = true, [0x1f] = true, ['"'] = true,  ['\\'] = true,  [0x7f] = true, [0xc2] = true,
    [0xe2] = true,
};

/* Writes the character at s that json_string() stopped at, escaped when it
 * must be or when it is a control (C0, DEL, C1) or a bidi control: \uXXXX
 * is the same JSON data, but inert on a terminal. Returns the bytes consumed
 * (at most len). */
static size_t json_escape(sink_t *k, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    uint32_t cp = (unsigned char)s[0];
    size_t n = 1u;
    if (cp >= 0x80u) {
        n = utf8_decode((const unsigned char *)s, len, &cp);
        if (n == 0u || !is_hidden_control(cp)) {
            sink_write(k, s, 1u, 1u); /* other text: its continuation bytes are plain */
            return 1u;
        }
    }
    switch (cp) {
    case '"': SINK_LIT(k, "\\\""); break;
    case '\\': SINK_LIT(k, "\\\\"); break;
    case '\b': SINK_LIT(k, "\\b"); break;
    case '\f': SINK_LIT(k, "\\f"); break;
    case '\n': SINK_LIT(k, "\\n"); break;
    case '\r': SINK_LIT(k, "\\r"); break;
    case '\t': SINK_LIT(k, "\\t"); break;
    default: {
        /* every other control, NUL included */
        char u[6] = {'\\', 'u', hex[cp >> 12], hex[(cp >> 8) & 15u], hex[(cp >> 4) & 15u],
                     hex[cp & 15u]};
        sink_write(k, u, sizeof(u), sizeof(u));
        break;
    }
    }
    return n;
}

/* s is UTF-8: the parser checks every string it hands over. */
static void json_string(sink_t *k, const char *s, size_t len)
{
    size_t i = 0u;
    SINK_LIT(k, "\"");
    while (i < len) {
        /* plain runs go out in one write */
        size_t run = i;
        while (run < len && !needs_escape[(unsigned char)s[run]]) {
            run++;
        }
        sink_write(k, s + i, run - i, run - i);
        i = run;
        if (i < len) {
            i += json_escape(k, s + i, len - i);
        }
    }
    SINK_LIT(k, "\"");
}

int wk_cli_json_string(FILE *out, const char *s, size_t len)
{
    sink_t k;
    sink_to_stream(&k, out);
    json_string(&k, s, len);
    return sink_flush(&k) ? 0 : -1;
}

/* Separator before a member or element: ", " on one line, ",\n" + indent when pretty. */
static void json_sep(sink_t *k, const json_style_t *st, bool first)
{
    int i;
    if (!first && st->pretty) {
        SINK_LIT(k, ",");
    } else if (!first) {
        SINK_LIT(k, ", ");
    }
    if (st->pretty) {
        SINK_LIT(k, "\n");
        for (i = 0; i < st->indent; i++) {
            SINK_LIT(k, "    ");
        }
    }
}

/* Newline and indent before a closing bracket (pretty only, non-empty containers). */
static void json_close(sink_t *k, json_style_t *st, bool empty, char bracket)
{
    st->indent--;
    if (!empty && st->pretty) {
        json_sep(k, st, true);
    }
    sink_write(k, &bracket, 1u, 1u);
}

/* The model's member names are plain ASCII: quoted as they are, not scanned. */
static void json_key(sink_t *k, const json_style_t *st, bool first, wk_user_field_t f)
{
    json_sep(k, st, first);
    SINK_LIT(k, "\"");
    sink_str(k, wk_user_field_name(f));
    SINK_LIT(k, "\": ");
}

static void json_groups(sink_t *k, json_style_t *st, const wk_user_t *u)
{
    size_t i;
    SINK_LIT(k, "[");
    st->indent++;
    for (i = 0u; i < u->security_group_count; i++) {
        json_sep(k, st, i == 0u);
        json_string(k, u->security_groups[i].ptr, u->security_groups[i].len);
    }
    json_close(k, st, u->security_group_count == 0u, ']');
}

static const wk_str_t *user_string(const wk_user_t *u, wk_user_field_t f)
{
    switch (f) {
    case WK_USER_USER_ID: return &u->user_id;
    case WK_USER_FIRST_NAME: return &u->first_name;
    case WK_USER_LAST_NAME: return &u->last_name;
    case WK_USER_USERNAME: return &u->username;
    case WK_USER_SCIM_ID: return &u->scim_id;
    case WK_USER_TYPE: return &u->type;
    case WK_USER_CELL: return &u->cell;
    case WK_USER_COUNTRY_CODE: return &u->country_code;
    case WK_USER_INVITE_CODE: return &u->invite_code;
    case WK_USER_UNAME: return &u->uname;
    default: return NULL;
    }
}

/* Boolean fields; false with *is_bool false for a field that is not one. */
static bool user_bool(const wk_user_t *u, wk_user_field_t f, bool *is_bool)
{
    *is_bool = true;
    switch (f) {
    case WK_USER_IS_ADMIN: return u->is_admin;
    case WK_USER_SUSPENDED: return u->suspended;
    case WK_USER_OTP_ENABLED: return u->otp_enabled;
    case WK_USER_IS_INVITE_EXPIRED: return u->is_invite_expired;
    case WK_USER_IS_USER: return u->is_user;
    case WK_USER_CODE_VALIDATION: return u->code_validation;
    default: *is_bool = false; return false;
    }
}

static void json_value(sink_t *k, json_style_t *st, const wk_user_t *u, wk_user_field_t f)
{
    const wk_str_t *s = user_string(u, f);
    bool is_bool;
    bool b = user_bool(u, f, &is_bool);
    if (s != NULL) {
        json_string(k, s->ptr, s->len);
    } else if (is_bool && b) {
        SINK_LIT(k, "true");
    } else if (is_bool) {
        SINK_LIT(k, "false");
    } else if (f == WK_USER_SECURITY_GROUPS) {
        json_groups(k, st, u);
    } else {
        sink_i32(k, f == WK_USER_STATUS ? u->status : u->challenge_failures);
    }
}

/* One user object; absent fields stay absent, the rest in the model's order. */
static void json_user(sink_t *k, json_style_t *st, const wk_user_t *u)
{
    bool first = true;
    int f;
    SINK_LIT(k, "{");
    st->indent++;
    for (f = 0; f < (int)WK_USER_FIELD_COUNT; f++) {
        if (!WK_USER_HAS(u, f)) {
            continue;
        }
        json_key(k, st, first, (wk_user_field_t)f);
        json_value(k, st, u, (wk_user_field_t)f);
        first = false;
    }
    json_close(k, st, first, '}');
}

/* ---- Terminal-safe text and its width ------------------------------------------ */

/* Columns of one code point: wcwidth() in C.UTF-8, whatever the user's
 * locale, since the text is UTF-8 either way. The locale object is made once
 * and kept for the life of the process. Unprintable (-1) counts as one. */
static size_t code_point_width(uint32_t cp)
{
    static bool tried;
    static locale_t utf8;
    locale_t old;
    int w;
    if (!tried) {
        tried = true;
        utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    }
    if (utf8 == (locale_t)0) {
        return 1u;
    }
    old = uselocale(utf8);
    w = wcwidth((wchar_t)cp);
    (void)uselocale(old);
    return w < 0 ? 1u : (size_t)w;
}

/* Each of n bytes as \xHH: four columns each. */
static void sink_hex(sink_t *k, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t i;
    for (i = 0u; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[4] = {'\\', 'x', hex[c >> 4], hex[c & 15u]};
        sink_write(k, esc, sizeof(esc), sizeof(esc));
    }
}

/* Byte classes, as bits: a text style names the ones that leave the plain
 * run (one table lookup a byte on the fast path). */
enum {
    BYTE_CONTROL = 1u << 0,   /* C0 controls and DEL: always escaped */
    BYTE_HIGH = 1u << 1,      /* 0x80..0xff: checked as UTF-8 */
    BYTE_BACKSLASH = 1u << 2,
    BYTE_COMMA = 1u << 3,
    BYTE_QUOTE = 1u << 4,     /* '"' */
    BYTE_SEMICOLON = 1u << 5,
    BYTE_LINE_END = 1u << 6,  /* CR and LF, controls too */
    BYTE_SPACE = 1u << 7,
};

#define C_ BYTE_CONTROL
#define E_ (BYTE_CONTROL | BYTE_LINE_END)
#define H_ BYTE_HIGH
static const uint8_t byte_class[256] = {
    /* 0x00..0x1f: C0 controls; LF and CR also end a line */
    C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, E_, C_, C_, E_, C_, C_,
    C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_,
    [' '] = BYTE_SPACE, ['"'] = BYTE_QUOTE, [','] = BYTE_COMMA, [';'] = BYTE_SEMICOLON,
    ['\\'] = BYTE_BACKSLASH, [0x7f] = C_,
    /* 0x80..0xff */
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_,
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_,
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_,
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_,
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_,
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_,
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_,
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_,
};
#undef C_
#undef E_
#undef H_

/* How text is written: the byte classes that leave the plain run. Controls
 * and bytes that are not UTF-8 always do; of the others, '\' is doubled, '"'
 * written @c quotes times, and the rest written as \xHH. Terminal columns
 * are counted only where they are used (wcwidth() is not free). */
typedef struct text_style {
    uint8_t stop;
    uint8_t quotes;
    bool columns;
} text_style_t;

/* stderr and --debug lines */
static const text_style_t terminal_text = {BYTE_CONTROL | BYTE_HIGH, 1u, true};
/* table cells: '\' doubled so that they read back unambiguously */
static const text_style_t table_text = {BYTE_CONTROL | BYTE_HIGH | BYTE_BACKSLASH, 1u, true};
/* one ID of the comma-joined securityGroups cell */
static const text_style_t table_group = {
    BYTE_CONTROL | BYTE_HIGH | BYTE_BACKSLASH | BYTE_COMMA, 1u, true};
/* guarded csv text, inside the field's quotes when it holds a '"', and
 * inside an ID's quotes too (csv_text()) */
static const text_style_t csv_field_text = {
    BYTE_CONTROL | BYTE_HIGH | BYTE_BACKSLASH | BYTE_QUOTE, 2u, false};
static const text_style_t csv_id_text = {
    BYTE_CONTROL | BYTE_HIGH | BYTE_BACKSLASH | BYTE_QUOTE, 4u, false};

/* Up to four '"' (an ID's '"' inside a quoted ID inside a quoted field). */
static const char quotes4[] = "\"\"\"\"";

/* Valid UTF-8 text passes; control bytes, hidden controls and every byte
 * that is not part of valid UTF-8 are written as \xHH, so one value stays on
 * one line and cannot drive the terminal. */
static void sink_text(sink_t *k, const char *s, size_t len, const text_style_t *st)
{
    size_t i = 0u;
    while (i < len && !k->failed) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp = 0u;
        size_t run = i;
        size_t n = 1u;
        /* printable ASCII, one column a byte: the whole run in one write */
        while (run < len && (byte_class[(unsigned char)s[run]] & st->stop) == 0u) {
            run++;
        }
        if (run > i) {
            sink_write(k, s + i, run - i, run - i);
            i = run;
            continue;
        }
        if (c >= 0x80u) {
            n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
        }
        if (c == '\\') {
            sink_write(k, "\\\\", 2u, 2u);
        } else if (c == '"') {
            sink_write(k, quotes4, st->quotes, st->quotes);
        } else if (n == 0u || c < 0x80u) {
            sink_hex(k, s + i, 1u); /* a control or separator byte, or not UTF-8 */
            n = 1u;
        } else if (is_hidden_control(cp)) {
            sink_hex(k, s + i, n);
        } else {
            sink_write(k, s + i, n, st->columns ? code_point_width(cp) : 1u);
        }
        i += n;
    }
}

size_t wk_cli_write_safe(FILE *out, const char *s, size_t len, bool escape_backslash,
                         bool *failed)
{
    sink_t k;
    sink_to_stream(&k, out);
    sink_text(&k, s, len, escape_backslash ? &table_text : &terminal_text);
    if (!sink_flush(&k)) {
        *failed = true;
    }
    return k.width;
}

/* ---- Table ------------------------------------------------------------------------ */

static void table_cell(sink_t *k, const wk_user_t *u, wk_user_field_t f)
{
    const wk_str_t *s = user_string(u, f);
    bool is_bool;
    bool b = user_bool(u, f, &is_bool);
    size_t i;
    if (!WK_USER_HAS(u, f) || (f == WK_USER_SECURITY_GROUPS && u->security_group_count == 0u)) {
        sink_write(k, "-", 1u, 1u); /* absent, or no groups at all */
    } else if (s != NULL) {
        sink_text(k, s->ptr, s->len, &table_text);
    } else if (is_bool) {
        sink_write(k, b ? "true" : "false", b ? 4u : 5u, b ? 4u : 5u);
    } else if (f == WK_USER_SECURITY_GROUPS) {
        for (i = 0u; i < u->security_group_count; i++) {
            if (i > 0u) {
                sink_write(k, ",", 1u, 1u);
            }
            sink_text(k, u->security_groups[i].ptr, u->security_groups[i].len, &table_group);
        }
    } else {
        sink_i32(k, u->status);
    }
}

static const wk_user_field_t table_columns[WK_CLI_TABLE_COLUMNS] = {
    WK_USER_USERNAME, WK_USER_FIRST_NAME, WK_USER_LAST_NAME,       WK_USER_STATUS,
    WK_USER_IS_ADMIN, WK_USER_SUSPENDED,  WK_USER_SECURITY_GROUPS,
};

/* After a cell of @p cols columns: the padding and gap, or the line end. */
static void table_cell_end(sink_t *k, const wk_cli_writer_t *w, size_t col, size_t cols)
{
    static const char spaces[] = "                                ";
    size_t pad = (w->width[col] > cols ? w->width[col] - cols : 0u) + 2u;
    if (col + 1u == WK_CLI_TABLE_COLUMNS) {
        sink_write(k, "\n", 1u, 0u);
        return;
    }
    while (pad > 0u && !k->failed) {
        size_t n = pad < sizeof(spaces) - 1u ? pad : sizeof(spaces) - 1u;
        sink_write(k, spaces, n, n);
        pad -= n;
    }
}

/* Fix the widths: write the header and the rows held back. */
static void table_size(wk_cli_writer_t *w)
{
    sink_t k;
    size_t r;
    size_t c;
    size_t start = 0u;
    if (w->sized) {
        return;
    }
    sink_to_stream(&k, w->out);
    for (c = 0u; c < WK_CLI_TABLE_COLUMNS; c++) {
        const char *name = wk_user_field_name(table_columns[c]);
        sink_write(&k, name, strlen(name), strlen(name));
        table_cell_end(&k, w, c, strlen(name));
    }
    for (r = 0u; r < w->rows; r++) {
        for (c = 0u; c < WK_CLI_TABLE_COLUMNS; c++) {
            const wk_cli_table_cell_t *cell = &w->cell[r][c];
            sink_write(&k, w->arena + start, cell->end - start, cell->width);
            table_cell_end(&k, w, c, cell->width);
            start = cell->end;
        }
    }
    w->sized = true;
    w->rows = 0u;
    w->used = 0u;
    w->failed = !sink_flush(&k) || w->failed;
}

/* Hold the row back while the widths are open; write it once they are fixed
 * (or the arena is full, which fixes them). */
static void table_row(wk_cli_writer_t *w, const wk_user_t *u)
{
    sink_t k;
    size_t c;
    if (!w->sized && w->rows < WK_CLI_TABLE_ROWS) {
        sink_init(&k, NULL, w->arena, sizeof(w->arena), w->used);
        for (c = 0u; c < WK_CLI_TABLE_COLUMNS && !k.failed; c++) {
            k.width = 0u;
            table_cell(&k, u, table_columns[c]);
            w->cell[w->rows][c].end = (uint32_t)k.len;
            w->cell[w->rows][c].width = (uint32_t)k.width;
        }
        if (!k.failed) {
            for (c = 0u; c < WK_CLI_TABLE_COLUMNS; c++) {
                if (w->cell[w->rows][c].width > w->width[c]) {
                    w->width[c] = w->cell[w->rows][c].width;
                }
            }
            w->used = k.len;
            w->rows++;
            return;
        }
    }
    table_size(w);
    sink_to_stream(&k, w->out);
    for (c = 0u; c < WK_CLI_TABLE_COLUMNS; c++) {
        k.width = 0u;
        table_cell(&k, u, table_columns[c]);
        table_cell_end(&k, w, c, k.width);
    }
    w->failed = !sink_flush(&k) || w->failed;
}

/* ---- CSV ---------------------------------------------------------------------------- */

/* The classes of every byte of s, OR-ed: one pass tells whether a value
 * needs quotes and whether it has anything to escape. */
static uint8_t text_classes(const char *s, size_t len)
{
    uint8_t classes = 0u;
    size_t i;
    for (i = 0u; i < len; i++) {
        classes |= byte_class[(unsigned char)s[i]];
    }
    return classes;
}

/* Bytes that make a field quoted: ',', '"', line ends (which a guarded field
 * escapes instead), and ';', the separator where ',' is the decimal mark, so
 * that a spreadsheet there starts no cell (maybe a formula) at it. */
#define CSV_QUOTED_RAW (BYTE_COMMA | BYTE_SEMICOLON | BYTE_QUOTE | BYTE_LINE_END)
#define CSV_QUOTED_GUARDED (BYTE_COMMA | BYTE_SEMICOLON | BYTE_QUOTE)
/* Bytes that make an ID quoted within the securityGroups field, so that the
 * field reads back as a space-separated CSV record of the IDs. */
#define CSV_ID_QUOTED_RAW (BYTE_SPACE | BYTE_QUOTE | BYTE_LINE_END)
#define CSV_ID_QUOTED_GUARDED (BYTE_SPACE | BYTE_QUOTE)

/* What spreadsheets run as a formula at the start of a cell (OWASP: also TAB
 * and CR, which a guarded cell never holds raw). */
static bool csv_formula_start(const char *s, size_t len)
{
    return len > 0u && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@');
}

static void csv_quote(sink_t *k, bool quote)
{
    if (quote) {
        SINK_LIT(k, "\"");
    }
}

/* The bytes of one value with each '"' written @p quotes times: each run up
 * to and including a '"' in one write, then the other ones. */
static void csv_put(sink_t *k, const char *s, size_t len, size_t quotes)
{
    while (len > 0u) {
        const char *q = memchr(s, '"', len);
        size_t n = q != NULL ? (size_t)(q - s) + 1u : len;
        sink_write(k, s, n, n);
        if (q != NULL) {
            sink_write(k, quotes4, quotes - 1u, quotes - 1u);
        }
        s += n;
        len -= n;
    }
}

/* Whether an ID with these byte classes is quoted within its field (an
 * empty one too); never for a string field (@p id_mask 0). */
static bool csv_id_quoted(const wk_str_t *id, uint8_t classes, uint8_t id_mask)
{
    return id_mask != 0u && (id->len == 0u || (classes & id_mask) != 0u);
}

/* One value, '"' doubled (twice over inside a quoted ID) and, guarded,
 * escaped as the table escapes; in one write when there is nothing to do. */
static void csv_value(sink_t *k, const wk_str_t *v, uint8_t classes, bool id_quoted, bool raw)
{
    const text_style_t *st = id_quoted ? &csv_id_text : &csv_field_text;
    if ((classes & (raw ? BYTE_QUOTE : st->stop)) == 0u) {
        sink_write(k, v->ptr, v->len, v->len);
    } else if (raw) {
        csv_put(k, v->ptr, v->len, st->quotes);
    } else {
        sink_text(k, v->ptr, v->len, st);
    }
}

/* One text field: a string, or (list) the IDs of securityGroups joined by
 * single spaces. Guarded unless raw: escaped as the table escapes, and a
 * formula start made text with a leading '\'' (the field then quoted, as
 * OWASP recommends). */
static void csv_text(sink_t *k, const wk_str_t *items, size_t count, bool list, bool raw)
{
    uint8_t id_mask = !list ? 0u : raw ? CSV_ID_QUOTED_RAW : CSV_ID_QUOTED_GUARDED;
    uint8_t quoted = (raw ? CSV_QUOTED_RAW : CSV_QUOTED_GUARDED) | id_mask;
    uint8_t first = count > 0u ? text_classes(items[0].ptr, items[0].len) : 0u;
    bool quote = count == 0u; /* "" tells a present empty list from an absent one */
    bool guard = !raw && count > 0u && !csv_id_quoted(&items[0], first, id_mask) &&
                 csv_formula_start(items[0].ptr, items[0].len);
    size_t i;
    for (i = 0u; i < count && !quote; i++) {
        uint8_t classes = i == 0u ? first : text_classes(items[i].ptr, items[i].len);
        quote = items[i].len == 0u || (classes & quoted) != 0u;
    }
    quote = quote || guard;
    csv_quote(k, quote);
    if (guard) {
        SINK_LIT(k, "'");
    }
    for (i = 0u; i < count; i++) {
        uint8_t classes = i == 0u ? first : text_classes(items[i].ptr, items[i].len);
        bool id_quoted = csv_id_quoted(&items[i], classes, id_mask);
        if (i > 0u) {
            SINK_LIT(k, " ");
        }
        if (id_quoted) {
            SINK_LIT(k, "\"\"");
        }
        csv_value(k, &items[i], classes, id_quoted, raw);
        if (id_quoted) {
            SINK_LIT(k, "\"\"");
        }
    }
    csv_quote(k, quote);
}

static void csv_field(sink_t *k, const wk_user_t *u, wk_user_field_t f, bool raw)
{
    const wk_str_t *s = user_string(u, f);
    bool is_bool;
    bool b = user_bool(u, f, &is_bool);
    if (!WK_USER_HAS(u, f)) {
        return;
    }
    if (s != NULL) {
        csv_text(k, s, 1u, false, raw);
    } else if (is_bool && b) {
        SINK_LIT(k, "true");
    } else if (is_bool) {
        SINK_LIT(k, "false");
    } else if (f == WK_USER_SECURITY_GROUPS) {
        csv_text(k, u->security_groups, u->security_group_count, true, raw);
    } else {
        sink_i32(k, f == WK_USER_STATUS ? u->status : u->challenge_failures);
    }
}

/* One record, or the header row when @p u is NULL. */
static void csv_record(sink_t *k, const wk_user_t *u, bool raw)
{
    int f;
    for (f = 0; f < (int)WK_USER_FIELD_COUNT; f++) {
        if (f > 0) {
            SINK_LIT(k, ",");
        }
        if (u == NULL) {
            sink_str(k, wk_user_field_name((wk_user_field_t)f));
        } else {
            csv_field(k, u, (wk_user_field_t)f, raw);
        }
    }
    SINK_LIT(k, "\r\n");
}

void wk_cli_writer_init(wk_cli_writer_t *w, FILE *out, wk_cli_format_t format)
{
    size_t c;
    memset(w, 0, sizeof(*w));
    w->out = out;
    w->format = format;
    w->token_name = "nextToken";
    for (c = 0u; c < WK_CLI_TABLE_COLUMNS; c++) {
        w->width[c] = (uint32_t)strlen(wk_user_field_name(table_columns[c]));
    }
}

int wk_cli_writer_begin(wk_cli_writer_t *w)
{
    sink_t k;
    if (w->begun || w->failed) {
        return w->failed ? -1 : 0;
    }
    w->begun = true;
    sink_to_stream(&k, w->out);
    if (w->format == WK_CLI_FORMAT_JSON) {
        SINK_LIT(&k, "{\n    \"users\": [");
    } else if (w->format == WK_CLI_FORMAT_CSV) {
        csv_record(&k, NULL, w->csv_raw);
    } else {
        /* ndjson has no opening; the table's header waits for its widths */
    }
    if (!sink_flush(&k)) {
        w->failed = true;
    }
    return w->failed ? -1 : 0;
}

wk_status_t wk_cli_writer_user(void *writer, const wk_user_t *user)
{
    wk_cli_writer_t *w = writer;
    json_style_t st = {w->format == WK_CLI_FORMAT_JSON, 2};
    sink_t k;
    if (wk_cli_writer_begin(w) != 0) {
        return WK_STOPPED;
    }
    if (w->format == WK_CLI_FORMAT_TABLE) {
        table_row(w, user);
    } else {
        /* the whole record reaches the stream before the client counts the user */
        sink_to_stream(&k, w->out);
        if (w->format == WK_CLI_FORMAT_JSON) {
            json_sep(&k, &st, w->users == 0u);
            json_user(&k, &st, user);
        } else if (w->format == WK_CLI_FORMAT_NDJSON) {
            json_user(&k, &st, user);
            SINK_LIT(&k, "\n");
        } else {
            csv_record(&k, user, w->csv_raw);
        }
        if (!sink_flush(&k)) {
            w->failed = true;
        }
    }
    w->users++;
    return w->failed ? WK_STOPPED : WK_OK;
}

int wk_cli_writer_page_done(wk_cli_writer_t *w)
{
    if (w->format == WK_CLI_FORMAT_TABLE && w->begun) {
        table_size(w);
    }
    if (fflush(w->out) != 0) {
        w->failed = true;
    }
    return w->failed ? -1 : 0;
}

int wk_cli_writer_end(wk_cli_writer_t *w, const char *next_token, size_t len)
{
    sink_t k;
    int rc = wk_cli_writer_begin(w);
    sink_to_stream(&k, w->out);
    if (rc != 0) {
        /* nothing more can be written */
    } else if (w->format == WK_CLI_FORMAT_JSON) {
        if (w->users == 0u) {
            SINK_LIT(&k, "]");
        } else {
            SINK_LIT(&k, "\n    ]");
        }
        if (next_token != NULL) {
            SINK_LIT(&k, ",\n    \"");
            sink_str(&k, w->token_name);
            SINK_LIT(&k, "\": ");
            json_string(&k, next_token, len);
        }
        SINK_LIT(&k, "\n}\n");
    } else if (w->format == WK_CLI_FORMAT_NDJSON && next_token != NULL) {
        SINK_LIT(&k, "{\"");
        sink_str(&k, w->token_name);
        SINK_LIT(&k, "\": ");
        json_string(&k, next_token, len);
        SINK_LIT(&k, "}\n");
    } else if (w->format == WK_CLI_FORMAT_TABLE) {
        table_size(w); /* users only; the header even when there are none */
    } else {
        /* csv: users only */
    }
    if (!sink_flush(&k)) {
        rc = -1;
    }
    if (rc != 0 || fflush(w->out) != 0 || ferror(w->out)) {
        w->failed = true;
    }
    return w->failed ? -1 : 0;
}

void wk_cli_set_err(char *err, size_t cap, const char *fmt, ...)
{
    va_list ap;
    int n;
    if (err == NULL || cap == 0u) {
        return;
    }
    va_start(ap, fmt);
    n = vsnprintf(err, cap, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n >= cap && cap > 3u) {
        memcpy(&err[cap - 4u], "...", 4u);
    }
}

void wk_cli_print_safe(FILE *out, const char *s)
{
    bool failed = false;
    (void)wk_cli_write_safe(out, s, strlen(s), false, &failed);
}

/* ---- Progress line ------------------------------------------------------------------ */

void wk_cli_progress_init(wk_cli_progress_t *p, FILE *out, uint32_t now_ms)
{
    p->out = out;
    p->start_ms = now_ms;
    p->shown = 0u;
}

void wk_cli_progress_update(wk_cli_progress_t *p, uint32_t pages, uint32_t users,
                            uint32_t now_ms)
{
    char line[128];
    uint32_t elapsed = now_ms - p->start_ms;
    int n;
    if (p->out == NULL) {
        return;
    }
    if (elapsed == 0u) {
        n = snprintf(line, sizeof(line), WK_CLI_ERR_PREFIX "pages: %" PRIu32 ", users: %" PRIu32,
                     pages, users);
    } else {
        n = snprintf(line, sizeof(line),
                     WK_CLI_ERR_PREFIX "pages: %" PRIu32 ", users: %" PRIu32 ", %" PRIu64
                                       " users/s",
                     pages, users, (uint64_t)users * 1000u / elapsed);
    }
    /* '\r', the new text, then blanks over what is left of a longer old line */
    (void)fprintf(p->out, "\r%s%*s", line, (int)(p->shown > (size_t)n ? p->shown - (size_t)n : 0u),
                  "");
    (void)fflush(p->out);
    p->shown = (size_t)n;
}

void wk_cli_progress_clear(wk_cli_progress_t *p)
{
    if (p->out != NULL && p->shown > 0u) {
        (void)fprintf(p->out, "\r%*s\r", (int)p->shown, "");
        (void)fflush(p->out);
    }
    p->shown = 0u;
}
