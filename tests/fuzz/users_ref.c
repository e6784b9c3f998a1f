/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A reference for fuzz_users: the ListUsers page and the whole-document
 * validator as wk_users.h and wk_json.h describe them, written another way
 * (the whole body in memory, recursive descent with one function per
 * grammar rule, no tables) so that the differential target compares two
 * independent readings. Test code only: recursion is bounded by
 * CONFIG_WK_JSON_MAX_DEPTH. Offsets follow the documented rules: a failure
 * is reported at the byte that breaks the grammar, a type or range error at
 * the value's first byte, a string that does not fit at the input byte of
 * its first decoded byte that does not fit (the end of an escape).
 */
#include <string.h>

#include "users_ref.h"

typedef struct ref {
    const uint8_t *d;
    size_t n;
    size_t i; /* next byte */
    unsigned depth;
    ref_result_t *out;
    wk_on_user_fn on_user;
    void *ctx;
    wk_user_t user;
    char window[CONFIG_WK_USER_WINDOW_SIZE];
    size_t window_used;
} ref_t;

static bool failed(const ref_t *r)
{
    return r->out->status != WK_OK;
}

static void fail(ref_t *r, size_t at, wk_status_t status)
{
    if (!failed(r)) {
        r->out->status = status;
        r->out->at = at;
    }
}

static void skip_ws(ref_t *r)
{
    while (r->i < r->n && strchr(" \t\r\n", r->d[r->i]) != NULL && r->d[r->i] != 0) {
        r->i++;
    }
}

/* There is a next byte (else the body was cut: TRUNCATED at its end). */
static bool more(ref_t *r)
{
    if (r->i >= r->n) {
        fail(r, r->n, WK_ERR_JSON_TRUNCATED);
    }
    return !failed(r);
}

static bool at_byte(ref_t *r, uint8_t b)
{
    return r->i < r->n && r->d[r->i] == b;
}

static bool starts_value(uint8_t b)
{
    return b != 0 && strchr("\"-0123456789tfn{[", b) != NULL;
}

/* ---- Strings ------------------------------------------------------------------ */

typedef struct sink {
    char *out;    /* the first `keep` decoded bytes go here (may be NULL) */
    size_t keep;
    size_t cap;   /* more than this fails FIELD_TOO_LONG */
    size_t len;   /* decoded so far */
} sink_t;

/* k decoded bytes from input byte at (step 1: one input byte each; 0: all
 * from the escape ending there). */
static void emit(ref_t *r, sink_t *s, const uint8_t *b, size_t k, size_t at, size_t step)
{
    size_t j;
    for (j = 0; j < k && !failed(r); j++) {
        if (s->len >= s->cap) {
            fail(r, at + step * j, WK_ERR_JSON_FIELD_TOO_LONG);
        } else {
            if (s->len < s->keep) {
                s->out[s->len] = (char)b[j];
            }
            s->len++;
        }
    }
}

static int hex4(ref_t *r, uint32_t *v)
{
    int k;
    *v = 0;
    for (k = 0; k < 4; k++, r->i++) {
        uint8_t c = r->i < r->n ? r->d[r->i] : 0;
        if (!more(r)) {
            return 0;
        }
        if (!((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'))) {
            fail(r, r->i, WK_ERR_JSON_STRING);
            return 0;
        }
        *v = *v * 16 + (uint32_t)((c <= '9') ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return 1;
}

/* \uXXXX (and its low surrogate), r->i at the 'u'; the code point. */
static int unicode_escape(ref_t *r, uint32_t *cp)
{
    uint32_t lo;
    r->i++;
    if (!hex4(r, cp)) {
        return 0;
    }
    if (*cp >= 0xDC00 && *cp <= 0xDFFF) {
        fail(r, r->i - 1, WK_ERR_JSON_STRING);
        return 0;
    }
    if (*cp < 0xD800 || *cp > 0xDBFF) {
        return 1;
    }
    if (!more(r) || r->d[r->i] != '\\') {
        fail(r, r->i, WK_ERR_JSON_STRING);
        return 0;
    }
    r->i++;
    if (!more(r) || r->d[r->i] != 'u') {
        fail(r, r->i, WK_ERR_JSON_STRING);
        return 0;
    }
    r->i++;
    if (!hex4(r, &lo)) {
        return 0;
    }
    if (lo < 0xDC00 || lo > 0xDFFF) {
        fail(r, r->i - 1, WK_ERR_JSON_STRING);
        return 0;
    }
    *cp = 0x10000 + ((*cp - 0xD800) << 10) + (lo - 0xDC00);
    return 1;
}

static size_t utf8_encode(uint32_t cp, uint8_t *u)
{
    if (cp < 0x80) {
        u[0] = (uint8_t)cp;
        return 1;
    }
    if (cp < 0x800) {
        u[0] = (uint8_t)(0xC0 | (cp >> 6));
        u[1] = (uint8_t)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        u[0] = (uint8_t)(0xE0 | (cp >> 12));
        u[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (uint8_t)(0x80 | (cp & 0x3F));
        return 3;
    }
    u[0] = (uint8_t)(0xF0 | (cp >> 18));
    u[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
    u[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
    u[3] = (uint8_t)(0x80 | (cp & 0x3F));
    return 4;
}

/* One UTF-8 sequence at r->i (RFC 3629, table 3-7 of Unicode). */
static void utf8_sequence(ref_t *r, sink_t *s)
{
    size_t start = r->i;
    uint8_t b = r->d[r->i];
    size_t need = (b >= 0xF0) ? 3 : (b >= 0xE0) ? 2 : 1;
    uint8_t lo = (b == 0xE0) ? 0xA0 : (b == 0xF0) ? 0x90 : 0x80;
    uint8_t hi = (b == 0xED) ? 0x9F : (b == 0xF4) ? 0x8F : 0xBF;
    size_t k;
    if (b < 0xC2 || b > 0xF4) {
        fail(r, r->i, WK_ERR_JSON_STRING);
        return;
    }
    r->i++;
    for (k = 0; k < need; k++, r->i++, lo = 0x80, hi = 0xBF) {
        if (r->i >= r->n || r->d[r->i] < lo || r->d[r->i] > hi) {
            break;
        }
    }
    /* what was read of it counts first: it may not fit */
    emit(r, s, &r->d[start], r->i - start, start, 1);
    if (k < need && more(r)) {
        fail(r, r->i, WK_ERR_JSON_STRING);
    }
}

/* A string, r->i at its opening quote; ends after the closing one. */
static void string(ref_t *r, sink_t *s)
{
    static const char from[] = "\"\\/bfnrt";
    static const char to[] = "\"\\/\b\f\n\r\t";
    uint8_t u[4];
    uint32_t cp;
    uint8_t b;
    s->len = 0;
    r->i++;
    while (more(r)) {
        b = r->d[r->i];
        if (b == '"') {
            r->i++;
            return;
        } else if (b < 0x20) {
            fail(r, r->i, WK_ERR_JSON_STRING);
        } else if (b >= 0x80) {
            utf8_sequence(r, s);
        } else if (b != '\\') {
            emit(r, s, &b, 1, r->i, 1);
            r->i++;
        } else {
            r->i++;
            if (!more(r)) {
                return;
            }
            b = r->d[r->i];
            if (b == 'u') {
                if (unicode_escape(r, &cp)) {
                    emit(r, s, u, utf8_encode(cp, u), r->i - 1, 0);
                }
            } else if (b != 0 && strchr(from, b) != NULL) {
                emit(r, s, (const uint8_t *)&to[strchr(from, b) - from], 1, r->i, 0);
                r->i++;
            } else {
                fail(r, r->i, WK_ERR_JSON_STRING);
            }
        }
    }
}

/* ---- Numbers and literals ------------------------------------------------------ */

static bool digit(const ref_t *r)
{
    return r->i < r->n && r->d[r->i] >= '0' && r->d[r->i] <= '9';
}

static void digits(ref_t *r)
{
    if (more(r) && !digit(r)) {
        fail(r, r->i, WK_ERR_JSON_NUMBER);
    }
    while (digit(r)) {
        r->i++;
    }
}

/* A number; returns whether it is an int32 (*value then holds it). */
static bool number(ref_t *r, int32_t *value)
{
    size_t start = r->i;
    bool integer = true;
    bool negative = at_byte(r, '-');
    uint64_t v = 0;
    if (negative) {
        r->i++;
    }
    if (at_byte(r, '0')) {
        r->i++;
        if (digit(r)) {
            fail(r, r->i, WK_ERR_JSON_NUMBER);
        }
    } else {
        digits(r);
    }
    if (!failed(r) && at_byte(r, '.')) {
        integer = false;
        r->i++;
        digits(r);
    }
    if (!failed(r) && (at_byte(r, 'e') || at_byte(r, 'E'))) {
        integer = false;
        r->i++;
        if (at_byte(r, '+') || at_byte(r, '-')) {
            r->i++;
        }
        digits(r);
    }
    for (size_t k = start + negative; integer && k < r->i && v <= 0x80000000u; k++) {
        v = v * 10 + (uint64_t)(r->d[k] - '0');
    }
    *value = (int32_t)(negative ? -(int64_t)v : (int64_t)v);
    return integer && v <= (negative ? 0x80000000u : 0x7FFFFFFFu);
}

static void literal(ref_t *r)
{
    const char *lit = at_byte(r, 't') ? "true" : at_byte(r, 'f') ? "false" : "null";
    for (; *lit != '\0' && more(r); lit++, r->i++) {
        if (r->d[r->i] != (uint8_t)*lit) {
            fail(r, r->i, WK_ERR_JSON_SYNTAX);
        }
    }
}

/* ---- Containers --------------------------------------------------------------- */

/* r->i at '{' or '['. Returns false at once when it is empty (read) or too deep. */
static bool open_container(ref_t *r, uint8_t close)
{
    if (r->depth >= CONFIG_WK_JSON_MAX_DEPTH) {
        fail(r, r->i, WK_ERR_JSON_TOO_DEEP);
        return false;
    }
    r->depth++;
    r->i++;
    skip_ws(r);
    if (at_byte(r, close)) {
        r->i++;
        r->depth--;
        return false;
    }
    return more(r);
}

/* After an entry: true at ',', false once the closing bracket is read. */
static bool next_entry(ref_t *r, uint8_t close)
{
    skip_ws(r);
    if (failed(r) || !more(r)) {
        return false;
    }
    if (r->d[r->i] == ',') {
        r->i++;
        skip_ws(r);
        return more(r);
    }
    if (r->d[r->i] != close) {
        fail(r, r->i, WK_ERR_JSON_SYNTAX);
        return false;
    }
    r->i++;
    r->depth--;
    return false;
}

/* A member name and its colon, r->i at the name; the first 32 decoded
 * bytes in name; returns its length (0 on failure: check failed()). */
static size_t member_name(ref_t *r, char name[32])
{
    sink_t s = {name, 32, SIZE_MAX, 0};
    if (!at_byte(r, '"')) {
        fail(r, r->i, WK_ERR_JSON_SYNTAX);
        return 0;
    }
    string(r, &s);
    skip_ws(r);
    if (more(r) && r->d[r->i] != ':') {
        fail(r, r->i, WK_ERR_JSON_SYNTAX);
    }
    r->i++;
    skip_ws(r);
    return failed(r) ? 0 : (more(r) ? s.len : 0);
}

/* Any value, checked and skipped. */
static void value(ref_t *r)
{
    char name[32];
    sink_t s = {NULL, 0, SIZE_MAX, 0};
    int32_t v;
    uint8_t b;
    if (!more(r)) {
        return;
    }
    b = r->d[r->i];
    if (b == '{' && open_container(r, '}')) {
        do {
            member_name(r, name);
            if (!failed(r)) {
                value(r);
            }
        } while (next_entry(r, '}'));
    } else if (b == '[' && open_container(r, ']')) {
        do {
            value(r);
        } while (next_entry(r, ']'));
    } else if (b == '{' || b == '[') {
        /* empty, or too deep */
    } else if (b == '"') {
        string(r, &s);
    } else if (b == '-' || (b >= '0' && b <= '9')) {
        (void)number(r, &v);
    } else if (b == 't' || b == 'f' || b == 'n') {
        literal(r);
    } else {
        fail(r, r->i, WK_ERR_JSON_SYNTAX);
    }
}

/* ---- The users page ------------------------------------------------------------ */

/* Each User field: its name, what it is ('s' string, 'l' list of strings,
 * 'b' bool, 'i' int32) and where it goes. */
static const struct {
    const char *name;
    char kind;
    size_t at;
} k_fields[WK_USER_FIELD_COUNT] = {
    {"userId", 's', offsetof(wk_user_t, user_id)},
    {"firstName", 's', offsetof(wk_user_t, first_name)},
    {"lastName", 's', offsetof(wk_user_t, last_name)},
    {"username", 's', offsetof(wk_user_t, username)},
    {"securityGroups", 'l', offsetof(wk_user_t, security_groups)},
    {"isAdmin", 'b', offsetof(wk_user_t, is_admin)},
    {"suspended", 'b', offsetof(wk_user_t, suspended)},
    {"status", 'i', offsetof(wk_user_t, status)},
    {"otpEnabled", 'b', offsetof(wk_user_t, otp_enabled)},
    {"scimId", 's', offsetof(wk_user_t, scim_id)},
    {"type", 's', offsetof(wk_user_t, type)},
    {"cell", 's', offsetof(wk_user_t, cell)},
    {"countryCode", 's', offsetof(wk_user_t, country_code)},
    {"challengeFailures", 'i', offsetof(wk_user_t, challenge_failures)},
    {"isInviteExpired", 'b', offsetof(wk_user_t, is_invite_expired)},
    {"isUser", 'b', offsetof(wk_user_t, is_user)},
    {"inviteCode", 's', offsetof(wk_user_t, invite_code)},
    {"codeValidation", 'b', offsetof(wk_user_t, code_validation)},
    {"uname", 's', offsetof(wk_user_t, uname)},
};

/* The value at r->i must be of the kind; fails TYPE (or SYNTAX for no value at all). */
static bool is_kind(ref_t *r, char kind)
{
    uint8_t b = r->d[r->i];
    bool ok = (kind == 's' && b == '"') || (kind == 'l' && b == '[') ||
              (kind == 'b' && (b == 't' || b == 'f')) ||
              (kind == 'i' && (b == '-' || (b >= '0' && b <= '9'))) || (kind == 'o' && b == '{');
    if (!ok) {
        fail(r, r->i, starts_value(b) ? WK_ERR_JSON_TYPE : WK_ERR_JSON_SYNTAX);
    }
    return ok;
}

/* A string of the user, into the window (its NUL too). */
static void window_string(ref_t *r, wk_str_t *dst)
{
    char *text = r->window + r->window_used;
    sink_t s = {text, SIZE_MAX, 0, 0};
    if (r->window_used >= sizeof(r->window)) {
        fail(r, r->i, WK_ERR_JSON_FIELD_TOO_LONG);
        return;
    }
    s.cap = sizeof(r->window) - r->window_used - 1;
    string(r, &s);
    text[s.len] = '\0';
    dst->ptr = text;
    dst->len = s.len;
    r->window_used += s.len + 1;
}

static void user_field(ref_t *r, int f)
{
    char *dst = (char *)&r->user + k_fields[f].at;
    size_t *count = (size_t *)(void *)(dst + sizeof(r->user.security_groups));
    wk_str_t *str = (wk_str_t *)(void *)dst;
    size_t start = r->i;
    int32_t v;
    r->user.present &= ~(1u << f);
    if (k_fields[f].kind == 's') {
        *str = (wk_str_t){"", 0};
    } else if (k_fields[f].kind == 'l') {
        *count = 0;
    } else if (k_fields[f].kind == 'b') {
        *(bool *)dst = false;
    } else {
        *(int32_t *)(void *)dst = 0;
    }
    if (r->d[r->i] == 'n') {
        literal(r);
        return;
    }
    if (!is_kind(r, k_fields[f].kind)) {
        return;
    }
    r->user.present |= 1u << f;
    if (k_fields[f].kind == 's') {
        window_string(r, str);
    } else if (k_fields[f].kind == 'b') {
        *(bool *)dst = r->d[r->i] == 't';
        literal(r);
    } else if (k_fields[f].kind == 'i') {
        if (!number(r, &v) && !failed(r) && r->i < r->n) {
            fail(r, start, WK_ERR_JSON_NUMBER);
        }
        *(int32_t *)(void *)dst = v;
    } else if (open_container(r, ']')) {
        do {
            if (!is_kind(r, 's')) {
                return;
            }
            if (*count == CONFIG_WK_MAX_SECURITY_GROUPS) {
                fail(r, r->i, WK_ERR_JSON_TOO_MANY_ITEMS);
                return;
            }
            window_string(r, &str[(*count)++]);
        } while (next_entry(r, ']'));
    } else {
        /* empty, or too deep */
    }
}

static void user_object(ref_t *r)
{
    char name[32];
    size_t len;
    int f;
    memset(&r->user, 0, sizeof(r->user));
    for (f = 0; f < WK_USER_FIELD_COUNT; f++) {
        if (k_fields[f].kind == 's') {
            *(wk_str_t *)(void *)((char *)&r->user + k_fields[f].at) = (wk_str_t){"", 0};
        }
    }
    r->window_used = 0;
    if (open_container(r, '}')) {
        do {
            len = member_name(r, name);
            for (f = 0; f < WK_USER_FIELD_COUNT; f++) {
                if (strlen(k_fields[f].name) == len && memcmp(k_fields[f].name, name, len) == 0) {
                    break;
                }
            }
            if (failed(r)) {
                /* stop */
            } else if (f < WK_USER_FIELD_COUNT) {
                user_field(r, f);
            } else {
                value(r);
            }
        } while (next_entry(r, '}'));
    }
    if (!failed(r)) {
        wk_status_t st = r->on_user(r->ctx, &r->user);
        if (st != WK_OK) {
            fail(r, r->i, st);
        }
    }
}

static void page(ref_t *r)
{
    char name[32];
    size_t len;
    sink_t token = {r->out->token, sizeof(r->out->token), CONFIG_WK_NEXT_TOKEN_MAX - 1, 0};
    if (!more(r) || !is_kind(r, 'o') || !open_container(r, '}')) {
        return;
    }
    do {
        len = member_name(r, name);
        if (failed(r)) {
            /* stop */
        } else if (len == 5 && memcmp(name, "users", 5) == 0 && r->d[r->i] != 'n') {
            if (is_kind(r, 'l') && open_container(r, ']')) {
                do {
                    if (is_kind(r, 'o')) {
                        user_object(r);
                    }
                } while (next_entry(r, ']'));
            }
        } else if (len == 9 && memcmp(name, "nextToken", 9) == 0) {
            r->out->has_token = false;
            r->out->token_len = 0;
            if (r->d[r->i] == 'n') {
                literal(r);
            } else if (is_kind(r, 's')) {
                string(r, &token);
                r->out->token_len = token.len;
                r->out->has_token = true;
            }
        } else {
            value(r);
        }
    } while (next_entry(r, '}'));
}

static void document(const uint8_t *d, size_t n, ref_result_t *out, void (*read)(ref_t *),
                     wk_on_user_fn on_user, void *ctx)
{
    static ref_t r;
    memset(&r, 0, sizeof(r));
    memset(out, 0, sizeof(*out));
    out->status = WK_OK;
    r.d = d;
    r.n = n;
    r.out = out;
    r.on_user = on_user;
    r.ctx = ctx;
    skip_ws(&r);
    read(&r);
    skip_ws(&r);
    if (!failed(&r) && r.i < n) {
        fail(&r, r.i, WK_ERR_JSON_TRAILING);
    }
}

void ref_users(const uint8_t *d, size_t n, wk_on_user_fn on_user, void *ctx, ref_result_t *out)
{
    document(d, n, out, page, on_user, ctx);
}

void ref_validate(const uint8_t *d, size_t n, ref_result_t *out)
{
    document(d, n, out, value, NULL, NULL);
}
