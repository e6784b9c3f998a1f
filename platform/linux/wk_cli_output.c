/* SPDX-License-Identifier: Apache-2.0 */
/* json / ndjson / table writers for wickr-list-users; see wk_cli.h. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

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

int wk_cli_json_string(FILE *out, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    int rc = putc('"', out) == EOF ? -1 : 0;
    size_t i;
    for (i = 0u; i < len && rc == 0; i++) {
        unsigned char c = (unsigned char)s[i];
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
        default: break;
        }
        if (esc == NULL && c < 0x20u) {
            /* every other control byte, NUL included, as \u00XX */
            memcpy(u, "\\u00", 4u);
            u[4] = hex[c >> 4];
            u[5] = hex[c & 15u];
            u[6] = '\0';
            esc = u;
        }
        if (esc != NULL) {
            rc = put(out, esc);
        } else {
            /* UTF-8 was validated by the parser: multi-byte sequences go out as is */
            rc = putc((int)c, out) == EOF ? -1 : 0;
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

/* Control bytes as \xHH so one value stays on one line and cannot drive the
 * terminal; the table also escapes '\' so its cells read back unambiguously. */
static int safe_text(FILE *out, const char *s, size_t len, bool escape_backslash)
{
    int rc = 0;
    size_t i;
    for (i = 0u; i < len && rc == 0; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\\' && escape_backslash) {
            rc = put(out, "\\\\");
        } else if (c < 0x20u || c == 0x7fu) {
            rc = fprintf(out, "\\x%02x", (unsigned)c) < 0 ? -1 : 0;
        } else {
            rc = putc((int)c, out) == EOF ? -1 : 0;
        }
    }
    return rc;
}

static int table_cell(FILE *out, const wk_user_t *u, wk_user_field_t f, bool last)
{
    const wk_str_t *s = user_string(u, f);
    bool is_bool;
    bool b = user_bool(u, f, &is_bool);
    int rc = 0;
    size_t i;
    if (!WK_USER_HAS(u, f) || (f == WK_USER_SECURITY_GROUPS && u->security_group_count == 0u)) {
        rc = put(out, "-"); /* absent, or no groups at all */
    } else if (s != NULL) {
        rc = safe_text(out, s->ptr, s->len, true);
    } else if (is_bool) {
        rc = put(out, b ? "true" : "false");
    } else if (f == WK_USER_SECURITY_GROUPS) {
        for (i = 0u; i < u->security_group_count && rc == 0; i++) {
            rc = (i > 0u) ? put(out, ",") : 0;
            if (rc == 0) {
                rc = safe_text(out, u->security_groups[i].ptr, u->security_groups[i].len, true);
            }
        }
    } else {
        rc = fprintf(out, "%" PRId32, u->status) < 0 ? -1 : 0;
    }
    return rc == 0 ? put(out, last ? "\n" : "\t") : rc;
}

static const wk_user_field_t table_columns[] = {
    WK_USER_USERNAME, WK_USER_FIRST_NAME, WK_USER_LAST_NAME,       WK_USER_STATUS,
    WK_USER_IS_ADMIN, WK_USER_SUSPENDED,  WK_USER_SECURITY_GROUPS,
};
#define TABLE_COLUMN_COUNT (sizeof(table_columns) / sizeof(table_columns[0]))

void wk_cli_writer_init(wk_cli_writer_t *w, FILE *out, wk_cli_format_t format)
{
    memset(w, 0, sizeof(*w));
    w->out = out;
    w->format = format;
}

int wk_cli_writer_begin(wk_cli_writer_t *w)
{
    size_t i;
    int rc = 0;
    if (w->begun || w->failed) {
        return w->failed ? -1 : 0;
    }
    w->begun = true;
    if (w->format == WK_CLI_FORMAT_JSON) {
        rc = put(w->out, "{\n    \"users\": [");
    } else if (w->format == WK_CLI_FORMAT_TABLE) {
        for (i = 0u; i < TABLE_COLUMN_COUNT && rc == 0; i++) {
            rc = put(w->out, wk_user_field_name(table_columns[i]));
            if (rc == 0) {
                rc = put(w->out, i + 1u < TABLE_COLUMN_COUNT ? "\t" : "\n");
            }
        }
    } else {
        /* ndjson has no opening */
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
    size_t i;
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
    } else {
        for (i = 0u; i < TABLE_COLUMN_COUNT && rc == 0; i++) {
            rc = table_cell(w->out, user, table_columns[i], i + 1u == TABLE_COLUMN_COUNT);
        }
    }
    w->users++;
    if (rc != 0) {
        w->failed = true;
    }
    return w->failed ? WK_STOPPED : WK_OK;
}

int wk_cli_writer_page_done(wk_cli_writer_t *w)
{
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
    } else {
        /* the table shows users only */
    }
    if (rc != 0 || fflush(w->out) != 0 || ferror(w->out)) {
        w->failed = true;
    }
    return w->failed ? -1 : 0;
}

void wk_cli_print_safe(FILE *out, const char *s)
{
    (void)safe_text(out, s, strlen(s), false);
}
