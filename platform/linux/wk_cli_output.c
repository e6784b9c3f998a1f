/* SPDX-License-Identifier: Apache-2.0 */
/* json / ndjson / table / csv writers and the progress line for
 * wickr-list-users; see wk_cli.h. */
#define _XOPEN_SOURCE 700 /* wcwidth(), newlocale(), uselocale() */

#include <inttypes.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "wk_cli.h"

/* JSON text style: pretty (4-space indent, as `aws` prints) or one line (ndjson). */
typedef struct json_style {
    bool pretty;
    int indent; /* current depth, pretty only */
} json_style_t;

static int put(FILE *out, const char *s)
{
    return fputs(s, out) < 0 ? -1 : 0;
}

/* Bytes that JSON requires escaping: '"', '\\' and controls. */
static bool needs_escape(unsigned char c)
{
    return c < 0x20u || c == '"' || c == '\\';
}

int wk_cli_json_string(FILE *out, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    int rc = putc('"', out) == EOF ? -1 : 0;
    size_t i = 0u;
    while (i < len && rc == 0) {
        /* Plain runs (UTF-8 was validated by the parser) go out in one write. */
        size_t run = i;
        while (run < len && !needs_escape((unsigned char)s[run])) {
            run++;
        }
        if (run > i && fwrite(s + i, 1u, run - i, out) != run - i) {
            rc = -1;
        }
        i = run;
        if (i < len && rc == 0) {
            unsigned char c = (unsigned char)s[i++];
            const char *esc = NULL;
            char u[7];
            switch (c) {
            case '"': esc = "\\\""; break;
            case '\\': esc = "\\\\"; break;
            case '\b': esc = "\\b"; break;
            case '\f': esc = "\\f"; break;
            case '\n': esc = "\\n"; break;
            case '\r': esc = "\\r"; break;
            case '\t': esc = "\\t"; break;
            default:
                /* every other control byte, NUL included, as \u00XX */
                memcpy(u, "\\u00", 4u);
                u[4] = hex[c >> 4];
                u[5] = hex[c & 15u];
                u[6] = '\0';
                esc = u;
                break;
            }
            rc = put(out, esc);
        }
    }
    if (rc == 0 && putc('"', out) == EOF) {
        rc = -1;
    }
    return rc;
}

/* Separator before a member or element: ", " on one line, ",\n" + indent when pretty. */
static int json_sep(FILE *out, const json_style_t *st, bool first)
{
    int rc = 0;
    int i;
    if (!first) {
        rc = put(out, st->pretty ? "," : ", ");
    }
    if (rc == 0 && st->pretty) {
        rc = putc('\n', out) == EOF ? -1 : 0;
        for (i = 0; i < st->indent && rc == 0; i++) {
            rc = put(out, "    ");
        }
    }
    return rc;
}

/* Newline and indent before a closing bracket (pretty only, non-empty containers). */
static int json_close(FILE *out, json_style_t *st, bool empty, char bracket)
{
    int rc = 0;
    st->indent--;
    if (!empty && st->pretty) {
        rc = json_sep(out, st, true);
    }
    if (rc == 0 && putc(bracket, out) == EOF) {
        rc = -1;
    }
    return rc;
}

static int json_key(FILE *out, const json_style_t *st, bool first, wk_user_field_t f)
{
    const char *name = wk_user_field_name(f);
    int rc = json_sep(out, st, first);
    if (rc == 0) {
        rc = wk_cli_json_string(out, name, strlen(name));
    }
    return rc == 0 ? put(out, ": ") : rc;
}

static int json_groups(FILE *out, json_style_t *st, const wk_user_t *u)
{
    size_t i;
    int rc = putc('[', out) == EOF ? -1 : 0;
    st->indent++;
    for (i = 0u; i < u->security_group_count && rc == 0; i++) {
        rc = json_sep(out, st, i == 0u);
        if (rc == 0) {
            rc = wk_cli_json_string(out, u->security_groups[i].ptr, u->security_groups[i].len);
        }
    }
    return rc == 0 ? json_close(out, st, u->security_group_count == 0u, ']') : rc;
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

static int json_value(FILE *out, json_style_t *st, const wk_user_t *u, wk_user_field_t f)
{
    const wk_str_t *s = user_string(u, f);
    bool is_bool;
    bool b = user_bool(u, f, &is_bool);
    if (s != NULL) {
        return wk_cli_json_string(out, s->ptr, s->len);
    }
    if (is_bool) {
        return put(out, b ? "true" : "false");
    }
    if (f == WK_USER_SECURITY_GROUPS) {
        return json_groups(out, st, u);
    }
    return fprintf(out, "%" PRId32, f == WK_USER_STATUS ? u->status : u->challenge_failures) < 0
               ? -1
               : 0;
}

/* One user object; absent fields stay absent, the rest in the model's order. */
static int json_user(FILE *out, json_style_t *st, const wk_user_t *u)
{
    bool first = true;
    int rc = putc('{', out) == EOF ? -1 : 0;
    int f;
    st->indent++;
    for (f = 0; f < (int)WK_USER_FIELD_COUNT && rc == 0; f++) {
        if (!WK_USER_HAS(u, f)) {
            continue;
        }
        rc = json_key(out, st, first, (wk_user_field_t)f);
        if (rc == 0) {
            rc = json_value(out, st, u, (wk_user_field_t)f);
        }
        first = false;
    }
    return rc == 0 ? json_close(out, st, first, '}') : rc;
}

/* ---- Terminal-safe text and its width ------------------------------------------ */

/* Where escaped text goes: a stream, or a buffer (table rows held back). */
typedef struct sink {
    FILE *out;      /* NULL: into buf */
    char *buf;
    size_t cap;
    size_t len;
    size_t width;   /* terminal columns written */
    bool failed;    /* the stream failed, or buf is full */
} sink_t;

static void sink_write(sink_t *k, const char *p, size_t n, size_t cols)
{
    if (k->failed) {
        return;
    }
    if (k->out != NULL) {
        k->failed = (n == 1u ? putc((unsigned char)p[0], k->out) == EOF
                             : fwrite(p, 1u, n, k->out) != n);
    } else if (k->cap - k->len < n) {
        k->failed = true;
    } else {
        memcpy(k->buf + k->len, p, n);
        k->len += n;
    }
    k->width += cols;
}

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

/* Length of the UTF-8 sequence at s (at most len bytes) and its code point;
 * 0 when it is not a well-formed sequence. */
static size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    size_t n = s[0] >= 0xf0u && s[0] <= 0xf4u ? 4u
               : s[0] >= 0xe0u               ? 3u
               : s[0] >= 0xc2u && s[0] < 0xe0u ? 2u
                                               : 0u;
    size_t i;
    if (n == 0u || n > len) {
        return 0u;
    }
    *cp = (uint32_t)s[0] & (0x7fu >> n);
    for (i = 1u; i < n; i++) {
        if ((s[i] & 0xc0u) != 0x80u) {
            return 0u;
        }
        *cp = (*cp << 6) | (s[i] & 0x3fu);
    }
    return n;
}

/* Control bytes as \xHH so one value stays on one line and cannot drive the
 * terminal; the table also escapes '\' so its cells read back unambiguously.
 * Other bytes pass unchanged (a stray non-UTF-8 byte counts one column). */
static void sink_text(sink_t *k, const char *s, size_t len, bool escape_backslash)
{
    static const char hex[] = "0123456789abcdef";
    size_t i = 0u;
    while (i < len && !k->failed) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp = 0u;
        size_t n = c >= 0x80u ? utf8_decode((const unsigned char *)s + i, len - i, &cp) : 0u;
        if (c == '\\' && escape_backslash) {
            sink_write(k, "\\\\", 2u, 2u);
        } else if (c < 0x20u || c == 0x7fu) {
            char esc[4] = {'\\', 'x', hex[c >> 4], hex[c & 15u]};
            sink_write(k, esc, 4u, 4u);
        } else if (n > 0u && cp >= 0x80u && cp < 0xa0u) {
            /* C1 controls (CSI, NEL...) drive terminals as much as C0 ones */
            char esc[8] = {'\\', 'x', hex[c >> 4], hex[c & 15u], '\\', 'x',
                           hex[(unsigned char)s[i + 1u] >> 4], hex[(unsigned char)s[i + 1u] & 15u]};
            sink_write(k, esc, 8u, 8u);
            i += n - 1u;
        } else if (n > 0u) {
            sink_write(k, s + i, n, code_point_width(cp));
            i += n - 1u;
        } else {
            sink_write(k, s + i, 1u, 1u);
        }
        i++;
    }
}

size_t wk_cli_write_safe(FILE *out, const char *s, size_t len, bool escape_backslash,
                         bool *failed)
{
    sink_t k;
    memset(&k, 0, sizeof(k));
    k.out = out;
    sink_text(&k, s, len, escape_backslash);
    if (k.failed) {
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
    char num[16];
    size_t i;
    if (!WK_USER_HAS(u, f) || (f == WK_USER_SECURITY_GROUPS && u->security_group_count == 0u)) {
        sink_write(k, "-", 1u, 1u); /* absent, or no groups at all */
    } else if (s != NULL) {
        sink_text(k, s->ptr, s->len, true);
    } else if (is_bool) {
        sink_write(k, b ? "true" : "false", b ? 4u : 5u, b ? 4u : 5u);
    } else if (f == WK_USER_SECURITY_GROUPS) {
        for (i = 0u; i < u->security_group_count; i++) {
            if (i > 0u) {
                sink_write(k, ",", 1u, 1u);
            }
            sink_text(k, u->security_groups[i].ptr, u->security_groups[i].len, true);
        }
    } else {
        int n = snprintf(num, sizeof(num), "%" PRId32, u->status);
        sink_write(k, num, (size_t)n, (size_t)n);
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
    memset(&k, 0, sizeof(k));
    k.out = w->out;
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
    w->failed = w->failed || k.failed;
}

/* Hold the row back while the widths are open; write it once they are fixed
 * (or the arena is full, which fixes them). */
static void table_row(wk_cli_writer_t *w, const wk_user_t *u)
{
    sink_t k;
    size_t c;
    memset(&k, 0, sizeof(k));
    if (!w->sized && w->rows < WK_CLI_TABLE_ROWS) {
        k.buf = w->arena;
        k.cap = sizeof(w->arena);
        k.len = w->used;
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
        memset(&k, 0, sizeof(k));
    }
    table_size(w);
    k.out = w->out;
    for (c = 0u; c < WK_CLI_TABLE_COLUMNS; c++) {
        k.width = 0u;
        table_cell(&k, u, table_columns[c]);
        table_cell_end(&k, w, c, k.width);
    }
    w->failed = w->failed || k.failed;
}

/* ---- CSV ---------------------------------------------------------------------------- */

static bool csv_needs_quotes(const char *s, size_t len)
{
    size_t i;
    for (i = 0u; i < len; i++) {
        if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n') {
            return true;
        }
    }
    return len == 0u; /* "" tells a present empty value from an absent one */
}

static int csv_quote(FILE *out, bool quote)
{
    return quote && putc('"', out) == EOF ? -1 : 0;
}

/* The bytes of one value with '"' doubled (inside quotes). */
static int csv_put(FILE *out, const char *s, size_t len)
{
    size_t i;
    int rc = 0;
    for (i = 0u; i < len && rc == 0; i++) {
        rc = (s[i] == '"' && putc('"', out) == EOF) || putc((unsigned char)s[i], out) == EOF ? -1
                                                                                               : 0;
    }
    return rc;
}

static int csv_field(FILE *out, const wk_user_t *u, wk_user_field_t f)
{
    const wk_str_t *s = user_string(u, f);
    bool is_bool;
    bool b = user_bool(u, f, &is_bool);
    bool quote = false;
    size_t i;
    int rc = 0;
    if (!WK_USER_HAS(u, f)) {
        return 0;
    }
    if (s != NULL) {
        quote = csv_needs_quotes(s->ptr, s->len);
        rc = csv_quote(out, quote);
        rc = rc == 0 ? csv_put(out, s->ptr, s->len) : rc;
    } else if (is_bool) {
        return put(out, b ? "true" : "false");
    } else if (f == WK_USER_SECURITY_GROUPS) {
        quote = u->security_group_count == 0u;
        for (i = 0u; i < u->security_group_count; i++) {
            quote = quote || csv_needs_quotes(u->security_groups[i].ptr, u->security_groups[i].len);
        }
        rc = csv_quote(out, quote);
        for (i = 0u; i < u->security_group_count && rc == 0; i++) {
            rc = i > 0u ? put(out, " ") : 0;
            rc = rc == 0 ? csv_put(out, u->security_groups[i].ptr, u->security_groups[i].len) : rc;
        }
    } else {
        return fprintf(out, "%" PRId32, f == WK_USER_STATUS ? u->status : u->challenge_failures) < 0
                   ? -1
                   : 0;
    }
    return rc == 0 ? csv_quote(out, quote) : rc;
}

static int csv_record(FILE *out, const wk_user_t *u)
{
    int rc = 0;
    int f;
    for (f = 0; f < (int)WK_USER_FIELD_COUNT && rc == 0; f++) {
        rc = f > 0 ? put(out, ",") : 0;
        if (rc == 0) {
            rc = u == NULL ? put(out, wk_user_field_name((wk_user_field_t)f))
                           : csv_field(out, u, (wk_user_field_t)f);
        }
    }
    return rc == 0 ? put(out, "\r\n") : rc;
}

void wk_cli_writer_init(wk_cli_writer_t *w, FILE *out, wk_cli_format_t format)
{
    size_t c;
    memset(w, 0, sizeof(*w));
    w->out = out;
    w->format = format;
    for (c = 0u; c < WK_CLI_TABLE_COLUMNS; c++) {
        w->width[c] = (uint32_t)strlen(wk_user_field_name(table_columns[c]));
    }
}

int wk_cli_writer_begin(wk_cli_writer_t *w)
{
    int rc = 0;
    if (w->begun || w->failed) {
        return w->failed ? -1 : 0;
    }
    w->begun = true;
    if (w->format == WK_CLI_FORMAT_JSON) {
        rc = put(w->out, "{\n    \"users\": [");
    } else if (w->format == WK_CLI_FORMAT_CSV) {
        rc = csv_record(w->out, NULL);
    } else {
        /* ndjson has no opening; the table's header waits for its widths */
    }
    if (rc != 0) {
        w->failed = true;
    }
    return w->failed ? -1 : 0;
}

wk_status_t wk_cli_writer_user(void *writer, const wk_user_t *user)
{
    wk_cli_writer_t *w = writer;
    json_style_t st = {w->format == WK_CLI_FORMAT_JSON, 2};
    int rc = 0;
    if (wk_cli_writer_begin(w) != 0) {
        return WK_STOPPED;
    }
    if (w->format == WK_CLI_FORMAT_JSON) {
        rc = json_sep(w->out, &st, w->users == 0u);
        if (rc == 0) {
            rc = json_user(w->out, &st, user);
        }
    } else if (w->format == WK_CLI_FORMAT_NDJSON) {
        rc = json_user(w->out, &st, user);
        if (rc == 0) {
            rc = put(w->out, "\n");
        }
    } else if (w->format == WK_CLI_FORMAT_CSV) {
        rc = csv_record(w->out, user);
    } else {
        table_row(w, user);
    }
    w->users++;
    if (rc != 0) {
        w->failed = true;
    }
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
    int rc = wk_cli_writer_begin(w);
    if (rc != 0) {
        /* nothing more can be written */
    } else if (w->format == WK_CLI_FORMAT_JSON) {
        rc = put(w->out, w->users == 0u ? "]" : "\n    ]");
        if (rc == 0 && next_token != NULL) {
            rc = put(w->out, ",\n    \"nextToken\": ");
            if (rc == 0) {
                rc = wk_cli_json_string(w->out, next_token, len);
            }
        }
        if (rc == 0) {
            rc = put(w->out, "\n}\n");
        }
    } else if (w->format == WK_CLI_FORMAT_NDJSON && next_token != NULL) {
        rc = put(w->out, "{\"nextToken\": ");
        if (rc == 0) {
            rc = wk_cli_json_string(w->out, next_token, len);
        }
        if (rc == 0) {
            rc = put(w->out, "}\n");
        }
    } else if (w->format == WK_CLI_FORMAT_TABLE) {
        table_size(w); /* users only; the header even when there are none */
    } else {
        /* csv: users only */
    }
    if (rc != 0 || fflush(w->out) != 0 || ferror(w->out)) {
        w->failed = true;
    }
    return w->failed ? -1 : 0;
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
