/* SPDX-License-Identifier: Apache-2.0 */
/* see wk_users.h */
#include <string.h>

#define JSMN_STATIC
#include "wk_users_internal.h"

_Static_assert(sizeof(wk_json_token_slot_t) == sizeof(jsmntok_t), "token slot size");
_Static_assert(_Alignof(wk_json_token_slot_t) >= _Alignof(jsmntok_t), "token slot alignment");
_Static_assert(offsetof(wk_json_token_slot_t, start) == offsetof(jsmntok_t, start), "start");
_Static_assert(offsetof(wk_json_token_slot_t, end) == offsetof(jsmntok_t, end), "end");
_Static_assert(offsetof(wk_json_token_slot_t, size) == offsetof(jsmntok_t, size), "size");
_Static_assert(offsetof(wk_json_token_slot_t, parent) == offsetof(jsmntok_t, parent), "parent");
_Static_assert(CONFIG_WK_USER_WINDOW_SIZE < (size_t)INT32_MAX, "jsmn offsets are int");

/* Depth of the containers that matter: the top-level object, the users array
 * and one user object inside it. */
#define TOP_DEPTH 1u
#define USERS_DEPTH 2u
#define USER_DEPTH 3u
/* Raw member-name bytes quoted in a diagnostic, so the line stays in
 * CONFIG_WK_DIAG_MAX. */
#define DIAG_NAME_MAX 32u

enum scan_state {
    ST_VALUE = 0,      /* a value must come */
    ST_VALUE_OR_CLOSE, /* just after '[' */
    ST_KEY_OR_CLOSE,   /* just after '{' */
    ST_KEY,            /* after ',' in an object */
    ST_COLON,
    ST_AFTER_VALUE,    /* ',' or a closing bracket */
    ST_STRING,
    ST_NUMBER,
    ST_LITERAL,
    ST_DONE            /* the document is complete: whitespace only */
};

enum str_state { STR_CHAR = 0, STR_ESCAPE, STR_HEX, STR_LOW_BACKSLASH, STR_LOW_U, STR_UTF8 };

enum num_state {
    NUM_MINUS = 0, NUM_ZERO, NUM_INT, NUM_DOT, NUM_FRAC, NUM_EXP, NUM_EXP_SIGN, NUM_EXP_DIGITS,
    NUM_END, /* the byte is not part of the number: it ended before it */
    NUM_BAD
};

enum str_role { ROLE_NONE = 0, ROLE_TOP_KEY, ROLE_NEXT_TOKEN };
enum top_key { KEY_OTHER = 0, KEY_USERS, KEY_NEXT_TOKEN };

static const char *const k_literals[] = {"true", "false", "null"};

/* A value just ended: at depth 0 that ends the document (only a validator
 * gets there with a scalar; the users envelope refuses them earlier). */
static void value_done(wk_users_parser_t *p)
{
    p->state = (p->depth == 0u) ? ST_DONE : ST_AFTER_VALUE;
}

/* ---- Shared JSON helpers (see wk_users_internal.h) --------------------------- */

wk_status_t wk_json_tokenize(const char *js, size_t len, jsmntok_t *toks, unsigned int max,
                             unsigned int *used)
{
    jsmn_parser parser;
    int r;
    wk_status_t status = WK_OK;

    jsmn_init(&parser);
    r = jsmn_parse(&parser, js, len, toks, max);
    *used = parser.toknext;
    if (r == JSMN_ERROR_NOMEM) {
        status = WK_ERR_JSON_TOO_MANY_TOKENS;
    } else if (r < 1) {
        status = WK_ERR_JSON_SYNTAX;
    } else {
        /* complete */
    }
    return status;
}

/* Lead byte of a UTF-8 sequence (RFC 3629 table): how many continuation bytes
 * follow and the range of the first one, which excludes overlong forms,
 * surrogates and code points above U+10FFFF. */
static bool utf8_lead(uint8_t b, uint8_t *need, uint8_t *lo, uint8_t *hi)
{
    bool ok = true;
    *lo = 0x80u;
    *hi = 0xBFu;
    if (b >= 0xC2u && b <= 0xDFu) {
        *need = 1u;
    } else if (b >= 0xE0u && b <= 0xEFu) {
        *need = 2u;
        *lo = (b == 0xE0u) ? 0xA0u : 0x80u;
        *hi = (b == 0xEDu) ? 0x9Fu : 0xBFu;
    } else if (b >= 0xF0u && b <= 0xF4u) {
        *need = 3u;
        *lo = (b == 0xF0u) ? 0x90u : 0x80u;
        *hi = (b == 0xF4u) ? 0x8Fu : 0xBFu;
    } else {
        ok = false;
    }
    return ok;
}

/* The character a one-letter escape stands for, or -1. */
static int simple_escape(uint8_t c)
{
    static const char from[] = "\"\\/bfnrt";
    static const char to[] = "\"\\/\b\f\n\r\t";
    int v = -1;
    size_t i;
    for (i = 0u; i < sizeof(from) - 1u; i++) {
        if ((uint8_t)from[i] == c) {
            v = (unsigned char)to[i];
        }
    }
    return v;
}

static bool read_hex4(const char *s, size_t len, size_t pos, uint32_t *out)
{
    uint32_t v = 0u;
    size_t i;
    bool ok = pos + 4u <= len;
    for (i = 0u; ok && i < 4u; i++) {
        int d = wk_hex_digit_value((uint8_t)s[pos + i]);
        ok = d >= 0;
        v = (v << 4) | (uint32_t)(d & 15);
    }
    *out = v;
    return ok;
}

/* After "\u" at *pos: one code unit, or a surrogate pair written as two. */
static bool read_unicode_escape(const char *s, size_t len, size_t *pos, uint32_t *cp)
{
    uint32_t hi = 0u;
    uint32_t lo = 0u;
    bool ok = read_hex4(s, len, *pos, &hi);
    if (ok && hi >= 0xD800u && hi <= 0xDBFFu) {
        ok = *pos + 6u < len && s[*pos + 4u] == '\\' && s[*pos + 5u] == 'u' &&
             read_hex4(s, len, *pos + 6u, &lo) && lo >= 0xDC00u && lo <= 0xDFFFu;
        *cp = 0x10000u + ((hi - 0xD800u) << 10) + (lo - 0xDC00u);
        *pos += 10u;
    } else {
        ok = ok && (hi < 0xDC00u || hi > 0xDFFFu);
        *cp = hi;
        *pos += 4u;
    }
    return ok;
}

static bool read_utf8(const char *s, size_t len, size_t *pos, uint32_t *cp)
{
    uint8_t need = 0u;
    uint8_t lo;
    uint8_t hi;
    uint8_t b = (uint8_t)s[*pos];
    bool ok = utf8_lead(b, &need, &lo, &hi) && *pos + need < len;
    uint32_t v = b & (0x3Fu >> need);
    size_t i;
    for (i = 1u; ok && i <= need; i++) {
        b = (uint8_t)s[*pos + i];
        ok = b >= lo && b <= hi;
        v = (v << 6) | (b & 0x3Fu);
        lo = 0x80u;
        hi = 0xBFu;
    }
    *cp = v;
    *pos += (size_t)need + 1u;
    return ok;
}

bool wk_json_next_code_point(const char *s, size_t len, size_t *pos, uint32_t *cp)
{
    uint8_t b = (uint8_t)s[*pos];
    bool ok = true;
    int esc;

    if (b == '\\') {
        esc = (*pos + 1u < len) ? simple_escape((uint8_t)s[*pos + 1u]) : -1;
        if (esc >= 0) {
            *cp = (uint32_t)esc;
            *pos += 2u;
        } else if (*pos + 1u < len && s[*pos + 1u] == 'u') {
            *pos += 2u;
            ok = read_unicode_escape(s, len, pos, cp);
        } else {
            ok = false;
        }
    } else if (b < 0x20u || b == '"') {
        ok = false;
    } else if (b < 0x80u) {
        *cp = b;
        *pos += 1u;
    } else {
        ok = read_utf8(s, len, pos, cp);
    }
    return ok;
}

size_t wk_utf8_encode(uint32_t cp, char out[4])
{
    size_t n;
    if (cp < 0x80u) {
        out[0] = (char)cp;
        n = 1u;
    } else if (cp < 0x800u) {
        out[0] = (char)(0xC0u | (cp >> 6));
        out[1] = (char)(0x80u | (cp & 0x3Fu));
        n = 2u;
    } else if (cp < 0x10000u) {
        out[0] = (char)(0xE0u | (cp >> 12));
        out[1] = (char)(0x80u | ((cp >> 6) & 0x3Fu));
        out[2] = (char)(0x80u | (cp & 0x3Fu));
        n = 3u;
    } else {
        out[0] = (char)(0xF0u | (cp >> 18));
        out[1] = (char)(0x80u | ((cp >> 12) & 0x3Fu));
        out[2] = (char)(0x80u | ((cp >> 6) & 0x3Fu));
        out[3] = (char)(0x80u | (cp & 0x3Fu));
        n = 4u;
    }
    return n;
}

/* ---- Field table ------------------------------------------------------------- */

enum field_kind { KIND_STRING = 0, KIND_BOOL, KIND_INT, KIND_LIST };

typedef struct user_field {
    const char *name;
    uint8_t len; /* of name */
    uint8_t kind;
    size_t offset; /* member of wk_user_t (unused for the list) */
} user_field_t;

#define FIELD(name, kind, offset) {name, sizeof(name) - 1u, kind, offset}

/* Indexed by wk_user_field_t. */
static const user_field_t k_fields[WK_USER_FIELD_COUNT] = {
    FIELD("userId", KIND_STRING, offsetof(wk_user_t, user_id)),
    FIELD("firstName", KIND_STRING, offsetof(wk_user_t, first_name)),
    FIELD("lastName", KIND_STRING, offsetof(wk_user_t, last_name)),
    FIELD("username", KIND_STRING, offsetof(wk_user_t, username)),
    FIELD("securityGroups", KIND_LIST, 0u),
    FIELD("isAdmin", KIND_BOOL, offsetof(wk_user_t, is_admin)),
    FIELD("suspended", KIND_BOOL, offsetof(wk_user_t, suspended)),
    FIELD("status", KIND_INT, offsetof(wk_user_t, status)),
    FIELD("otpEnabled", KIND_BOOL, offsetof(wk_user_t, otp_enabled)),
    FIELD("scimId", KIND_STRING, offsetof(wk_user_t, scim_id)),
    FIELD("type", KIND_STRING, offsetof(wk_user_t, type)),
    FIELD("cell", KIND_STRING, offsetof(wk_user_t, cell)),
    FIELD("countryCode", KIND_STRING, offsetof(wk_user_t, country_code)),
    FIELD("challengeFailures", KIND_INT, offsetof(wk_user_t, challenge_failures)),
    FIELD("isInviteExpired", KIND_BOOL, offsetof(wk_user_t, is_invite_expired)),
    FIELD("isUser", KIND_BOOL, offsetof(wk_user_t, is_user)),
    FIELD("inviteCode", KIND_STRING, offsetof(wk_user_t, invite_code)),
    FIELD("codeValidation", KIND_BOOL, offsetof(wk_user_t, code_validation)),
    FIELD("uname", KIND_STRING, offsetof(wk_user_t, uname)),
};

const char *wk_user_field_name(wk_user_field_t field)
{
    const char *name = NULL;
    if ((unsigned)field < (unsigned)WK_USER_FIELD_COUNT) {
        name = k_fields[field].name;
    }
    return name;
}

/* ---- Diagnostics ------------------------------------------------------------- */

static void diag_user(const wk_users_parser_t *p, wk_diag_t *diag)
{
    wk_diag_str(diag, "users[");
    wk_diag_u64(diag, p->users);
    wk_diag_str(diag, "]");
}

static void diag_name(wk_diag_t *diag, const char *name, size_t len)
{
    wk_diag_str(diag, " field \"");
    wk_diag_strn(diag, name, len < DIAG_NAME_MAX ? len : DIAG_NAME_MAX);
    wk_diag_str(diag, len > DIAG_NAME_MAX ? "...\"" : "\"");
}

/* Where the scanner is: the user and field being read, or the nextToken. */
static void diag_where(const wk_users_parser_t *p, wk_diag_t *diag)
{
    size_t end;
    if (p->capturing) {
        diag_user(p, diag);
        if (p->field_start != 0u) {
            end = (p->field_end != 0u) ? p->field_end : p->win_len;
            diag_name(diag, &p->window[p->field_start], end - p->field_start);
        }
        wk_diag_str(diag, ": ");
    } else if (p->str_role == ROLE_NEXT_TOKEN) {
        wk_diag_str(diag, "nextToken: ");
    } else {
        /* envelope */
    }
}

static wk_status_t fail(const wk_users_parser_t *p, wk_diag_t *diag, wk_status_t status,
                        const char *what)
{
    wk_diag_clear(diag);
    diag_where(p, diag);
    wk_diag_str(diag, what);
    wk_diag_str(diag, " at body offset ");
    wk_diag_u64(diag, p->offset);
    return status;
}

/* ---- Scanner: envelope hooks ---------------------------------------------------- */

static wk_status_t count_token(wk_users_parser_t *p, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    p->win_tokens++;
    if (p->win_tokens > CONFIG_WK_JSON_MAX_TOKENS) {
        status = fail(p, diag, WK_ERR_JSON_TOO_MANY_TOKENS,
                      "more JSON values than CONFIG_WK_JSON_MAX_TOKENS in one user object");
    }
    return status;
}

static void start_capture(wk_users_parser_t *p)
{
    p->capturing = true;
    p->window[0] = '{';
    p->win_len = 1u;
    p->win_tokens = 1u;
    p->win_escaped = false;
    p->field_start = 0u;
    p->field_end = 0u;
    p->user_offset = p->offset;
    p->fast_user = CONFIG_WK_JSON_FAST_SCAN != 0;
}

/* A value starting with byte b (already known to start a value) at the current
 * depth: checks the types of the members the client reads. */
static wk_status_t envelope_value(wk_users_parser_t *p, uint8_t b, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    if (p->validate_only) {
        /* any JSON value is a document */
    } else if (p->depth == 0u) {
        if (b != '{') {
            status = fail(p, diag, WK_ERR_JSON_TYPE, "the response body is not a JSON object");
        }
    } else if (p->depth == TOP_DEPTH && p->top_key == KEY_USERS) {
        p->in_users = (b == '[');
        if (b != '[' && b != 'n') {
            status = fail(p, diag, WK_ERR_JSON_TYPE, "field \"users\" is not a list");
        }
    } else if (p->depth == TOP_DEPTH && p->top_key == KEY_NEXT_TOKEN) {
        p->has_token = false;
        p->token_len = 0u;
        if (b != '"' && b != 'n') {
            status = fail(p, diag, WK_ERR_JSON_TYPE, "field \"nextToken\" is not a string");
        }
    } else if (p->depth == USERS_DEPTH && p->in_users) {
        if (b == '{') {
            start_capture(p);
        } else {
            wk_diag_clear(diag);
            diag_user(p, diag);
            wk_diag_str(diag, " is not an object at body offset ");
            wk_diag_u64(diag, p->offset);
            status = WK_ERR_JSON_TYPE;
        }
    } else if (p->capturing) {
        status = count_token(p, diag);
    } else {
        /* skipped */
    }
    return status;
}

/* Decoded string bytes go to the top-level member name or the nextToken. */
static wk_status_t emit(wk_users_parser_t *p, const char *bytes, size_t n, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    size_t i;
    if (p->str_role == ROLE_TOP_KEY) {
        for (i = 0u; i < n; i++) {
            if (p->key_len < sizeof(p->key)) {
                p->key[p->key_len] = bytes[i];
            }
            p->key_len++;
        }
    } else if (p->str_role == ROLE_NEXT_TOKEN) {
        if (n > sizeof(p->next_token) - 1u - p->token_len) {
            wk_diag_clear(diag);
            wk_diag_str(diag, "nextToken is longer than ");
            wk_diag_u64(diag, sizeof(p->next_token) - 1u);
            wk_diag_str(diag, " bytes (CONFIG_WK_NEXT_TOKEN_MAX - 1) at body offset ");
            wk_diag_u64(diag, p->offset);
            status = WK_ERR_JSON_FIELD_TOO_LONG;
        } else {
            memcpy(&p->next_token[p->token_len], bytes, n);
            p->token_len += n;
        }
    } else {
        /* not kept */
    }
    return status;
}

static uint8_t match_top_key(const wk_users_parser_t *p)
{
    uint8_t id = KEY_OTHER;
    if (p->key_len == 5u && memcmp(p->key, "users", 5u) == 0) {
        id = KEY_USERS;
    } else if (p->key_len == 9u && memcmp(p->key, "nextToken", 9u) == 0) {
        id = KEY_NEXT_TOKEN;
    } else {
        /* skipped */
    }
    return id;
}

/* ---- Scanner: strings ---------------------------------------------------------- */

static wk_status_t begin_string(wk_users_parser_t *p, bool is_key, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    p->state = ST_STRING;
    p->str_state = STR_CHAR;
    p->key_string = is_key;
    p->high_surrogate = 0u;
    p->str_role = ROLE_NONE;
    if (p->validate_only) {
        /* nothing is kept */
    } else if (is_key && p->depth == TOP_DEPTH) {
        p->str_role = ROLE_TOP_KEY;
        p->key_len = 0u;
    } else if (!is_key && p->depth == TOP_DEPTH && p->top_key == KEY_NEXT_TOKEN) {
        p->str_role = ROLE_NEXT_TOKEN;
    } else {
        /* not kept */
    }
    if (is_key && p->capturing) {
        if (p->depth == USER_DEPTH) {
            p->field_start = p->win_len;
            p->field_end = 0u;
        }
        status = count_token(p, diag);
    }
    return status;
}

static void end_string(wk_users_parser_t *p)
{
    if (p->key_string) {
        p->state = ST_COLON;
        if (p->str_role == ROLE_TOP_KEY) {
            p->top_key = match_top_key(p);
        }
        if (p->capturing && p->depth == USER_DEPTH) {
            p->field_end = p->win_len - 1u; /* before the closing quote */
        }
    } else {
        value_done(p);
        if (p->str_role == ROLE_NEXT_TOKEN) {
            p->next_token[p->token_len] = '\0';
            p->has_token = true;
        }
    }
    p->str_role = ROLE_NONE;
}

static wk_status_t end_unicode_escape(wk_users_parser_t *p, wk_diag_t *diag)
{
    char utf8[4];
    uint32_t u = p->hex_value;
    uint32_t cp = u;
    wk_status_t status = WK_OK;

    p->str_state = STR_CHAR;
    if (p->high_surrogate != 0u) {
        cp = 0x10000u + ((p->high_surrogate - 0xD800u) << 10) + (u - 0xDC00u);
        p->high_surrogate = 0u;
        if (u < 0xDC00u || u > 0xDFFFu) {
            status = fail(p, diag, WK_ERR_JSON_STRING, "high surrogate escape without its low half");
        }
    } else if (u >= 0xD800u && u <= 0xDBFFu) {
        p->high_surrogate = u;
        p->str_state = STR_LOW_BACKSLASH;
        cp = 0u;
    } else if (u >= 0xDC00u && u <= 0xDFFFu) {
        status = fail(p, diag, WK_ERR_JSON_STRING, "low surrogate escape without its high half");
    } else {
        /* plain code point */
    }
    if (status == WK_OK && p->str_state == STR_CHAR) {
        status = emit(p, utf8, wk_utf8_encode(cp, utf8), diag);
    }
    return status;
}

static wk_status_t string_char(wk_users_parser_t *p, uint8_t b, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    char c = (char)b;
    if (b == '"') {
        end_string(p);
    } else if (b == '\\') {
        p->str_state = STR_ESCAPE;
        p->win_escaped = true;
    } else if (b < 0x20u) {
        status = fail(p, diag, WK_ERR_JSON_STRING, "control character in a string");
    } else if (b < 0x80u) {
        status = emit(p, &c, 1u, diag);
    } else if (utf8_lead(b, &p->utf8_need, &p->utf8_lo, &p->utf8_hi)) {
        p->str_state = STR_UTF8;
        status = emit(p, &c, 1u, diag);
    } else {
        status = fail(p, diag, WK_ERR_JSON_STRING, "invalid UTF-8 lead byte in a string");
    }
    return status;
}

static wk_status_t string_escape(wk_users_parser_t *p, uint8_t b, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    int c = simple_escape(b);
    char out = (char)c;
    if (b == 'u') {
        p->str_state = STR_HEX;
        p->hex_digits = 0u;
        p->hex_value = 0u;
    } else if (c >= 0) {
        p->str_state = STR_CHAR;
        status = emit(p, &out, 1u, diag);
    } else {
        status = fail(p, diag, WK_ERR_JSON_STRING, "invalid escape in a string");
    }
    return status;
}

static wk_status_t string_byte(wk_users_parser_t *p, uint8_t b, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    char c = (char)b;
    int d;

    switch (p->str_state) {
    case STR_CHAR:
        status = string_char(p, b, diag);
        break;
    case STR_ESCAPE:
        status = string_escape(p, b, diag);
        break;
    case STR_HEX:
        d = wk_hex_digit_value(b);
        if (d < 0) {
            status = fail(p, diag, WK_ERR_JSON_STRING, "invalid \\u escape in a string");
        } else {
            p->hex_value = (p->hex_value << 4) | (uint32_t)d;
            p->hex_digits++;
            status = (p->hex_digits == 4u) ? end_unicode_escape(p, diag) : WK_OK;
        }
        break;
    case STR_LOW_BACKSLASH:
    case STR_LOW_U:
        if (b != ((p->str_state == STR_LOW_BACKSLASH) ? '\\' : 'u')) {
            status = fail(p, diag, WK_ERR_JSON_STRING, "high surrogate escape without its low half");
        }
        p->str_state = (p->str_state == STR_LOW_BACKSLASH) ? STR_LOW_U : STR_HEX;
        p->hex_digits = 0u;
        p->hex_value = 0u;
        break;
    default: /* STR_UTF8 */
        if (b < p->utf8_lo || b > p->utf8_hi) {
            status = fail(p, diag, WK_ERR_JSON_STRING, "invalid UTF-8 sequence in a string");
        } else {
            p->utf8_lo = 0x80u;
            p->utf8_hi = 0xBFu;
            p->utf8_need--;
            p->str_state = (p->utf8_need == 0u) ? STR_CHAR : STR_UTF8;
            status = emit(p, &c, 1u, diag);
        }
        break;
    }
    return status;
}

/* ---- Scanner: numbers and literals ----------------------------------------------- */

static uint8_t number_next(uint8_t s, uint8_t b)
{
    bool digit = b >= '0' && b <= '9';
    bool exp = b == 'e' || b == 'E';
    uint8_t next;
    switch (s) {
    case NUM_MINUS:
        next = (b == '0') ? NUM_ZERO : (digit ? NUM_INT : NUM_BAD);
        break;
    case NUM_ZERO:
        next = (b == '.') ? NUM_DOT : (exp ? NUM_EXP : (digit ? NUM_BAD : NUM_END));
        break;
    case NUM_INT:
        next = digit ? NUM_INT : ((b == '.') ? NUM_DOT : (exp ? NUM_EXP : NUM_END));
        break;
    case NUM_DOT:
        next = digit ? NUM_FRAC : NUM_BAD;
        break;
    case NUM_FRAC:
        next = digit ? NUM_FRAC : (exp ? NUM_EXP : NUM_END);
        break;
    case NUM_EXP:
        next = (b == '+' || b == '-') ? NUM_EXP_SIGN : (digit ? NUM_EXP_DIGITS : NUM_BAD);
        break;
    case NUM_EXP_SIGN:
        next = digit ? NUM_EXP_DIGITS : NUM_BAD;
        break;
    default: /* NUM_EXP_DIGITS */
        next = digit ? NUM_EXP_DIGITS : NUM_END;
        break;
    }
    return next;
}

/* *consumed is false when b ended the number and still has to be scanned. */
static wk_status_t number_byte(wk_users_parser_t *p, uint8_t b, bool *consumed, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    uint8_t next = number_next(p->num_state, b);
    *consumed = true;
    if (next == NUM_BAD) {
        status = fail(p, diag, WK_ERR_JSON_NUMBER, "malformed number");
    } else if (next == NUM_END) {
        value_done(p);
        *consumed = false;
    } else {
        p->num_state = next;
    }
    return status;
}

static wk_status_t literal_byte(wk_users_parser_t *p, uint8_t b, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    const char *lit = k_literals[p->literal];
    if ((uint8_t)lit[p->literal_pos] != b) {
        status = fail(p, diag, WK_ERR_JSON_SYNTAX, "invalid literal (expected true, false or null)");
    } else {
        p->literal_pos++;
        if (lit[p->literal_pos] == '\0') {
            value_done(p);
        }
    }
    return status;
}

/* ---- Scanner: structure ----------------------------------------------------- */

/* Containers open, a bit each: 1 an object, 0 an array. */
static bool level_is_object(const uint8_t *levels, uint32_t i)
{
    return (((unsigned int)levels[i / 8u] >> (i % 8u)) & 1u) != 0u;
}

static void set_level(uint8_t *levels, uint32_t i, bool object)
{
    levels[i / 8u] = (uint8_t)(object ? levels[i / 8u] | (1u << (i % 8u))
                                      : levels[i / 8u] & ~(1u << (i % 8u)));
}

static bool top_is_object(const wk_users_parser_t *p)
{
    return level_is_object(p->nesting, p->depth - 1u);
}

static wk_status_t push(wk_users_parser_t *p, bool object, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    uint32_t i = p->depth;
    if (i >= CONFIG_WK_JSON_MAX_DEPTH) {
        status = fail(p, diag, WK_ERR_JSON_TOO_DEEP, "nesting deeper than CONFIG_WK_JSON_MAX_DEPTH");
    } else {
        set_level(p->nesting, i, object);
        p->depth++;
        p->state = object ? ST_KEY_OR_CLOSE : ST_VALUE_OR_CLOSE;
    }
    return status;
}

static wk_status_t deliver_user(wk_users_parser_t *p, wk_diag_t *diag);

static wk_status_t close_container(wk_users_parser_t *p, uint8_t b, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    if (p->depth == 0u || top_is_object(p) != (b == '}')) {
        status = fail(p, diag, WK_ERR_JSON_SYNTAX, "closing bracket does not match");
    } else {
        if (p->capturing && p->depth == USER_DEPTH) {
            status = deliver_user(p, diag);
            p->capturing = false;
        } else if (p->in_users && p->depth == USERS_DEPTH) {
            p->in_users = false;
        } else {
            /* nothing to do */
        }
        p->depth--;
        value_done(p);
    }
    return status;
}

static wk_status_t begin_value(wk_users_parser_t *p, uint8_t b, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    bool digit = b >= '0' && b <= '9';
    bool literal = b == 't' || b == 'f' || b == 'n';
    if (!(b == '{' || b == '[' || b == '"' || b == '-' || digit || literal)) {
        status = fail(p, diag, WK_ERR_JSON_SYNTAX, "expected a JSON value");
    } else {
        status = envelope_value(p, b, diag);
    }
    if (status != WK_OK) {
        /* stop */
    } else if (b == '{' || b == '[') {
        status = push(p, b == '{', diag);
    } else if (b == '"') {
        status = begin_string(p, false, diag);
    } else if (literal) {
        p->state = ST_LITERAL;
        p->literal = (b == 't') ? 0u : ((b == 'f') ? 1u : 2u);
        p->literal_pos = 1u;
    } else {
        p->state = ST_NUMBER;
        p->num_state = (b == '-') ? NUM_MINUS : ((b == '0') ? NUM_ZERO : NUM_INT);
    }
    return status;
}

static wk_status_t after_value(wk_users_parser_t *p, uint8_t b, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    if (b == ',') {
        p->state = top_is_object(p) ? ST_KEY : ST_VALUE;
    } else if (b == '}' || b == ']') {
        status = close_container(p, b, diag);
    } else {
        status = fail(p, diag, WK_ERR_JSON_SYNTAX, "expected ',' or a closing bracket");
    }
    return status;
}

static bool is_space(uint8_t b)
{
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
}

static wk_status_t structural_byte(wk_users_parser_t *p, uint8_t b, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    if (is_space(b)) {
        /* insignificant */
    } else if (p->state == ST_DONE) {
        status = fail(p, diag, WK_ERR_JSON_TRAILING, "data after the end of the JSON document");
    } else if (p->state == ST_COLON) {
        p->state = ST_VALUE;
        status = (b == ':') ? WK_OK : fail(p, diag, WK_ERR_JSON_SYNTAX, "expected ':'");
    } else if (p->state == ST_KEY_OR_CLOSE && b == '}') {
        status = close_container(p, b, diag);
    } else if (p->state == ST_KEY || p->state == ST_KEY_OR_CLOSE) {
        status = (b == '"') ? begin_string(p, true, diag)
                            : fail(p, diag, WK_ERR_JSON_SYNTAX, "expected a member name");
    } else if (p->state == ST_VALUE_OR_CLOSE && b == ']') {
        status = close_container(p, b, diag);
    } else if (p->state == ST_VALUE || p->state == ST_VALUE_OR_CLOSE) {
        status = begin_value(p, b, diag);
    } else {
        status = after_value(p, b, diag);
    }
    return status;
}

static wk_status_t window_append(wk_users_parser_t *p, uint8_t b, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    if (p->win_len >= sizeof(p->window)) {
        wk_diag_clear(diag);
        diag_where(p, diag);
        wk_diag_str(diag, "does not fit the ");
        wk_diag_u64(diag, sizeof(p->window));
        wk_diag_str(diag, "-byte user window (CONFIG_WK_USER_WINDOW_SIZE) at body offset ");
        wk_diag_u64(diag, p->offset);
        status = WK_ERR_JSON_FIELD_TOO_LONG;
    } else {
        p->window[p->win_len] = (char)b;
        p->win_len++;
    }
    return status;
}

static wk_status_t scan_byte(wk_users_parser_t *p, uint8_t b, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    bool consumed = true;

    if (p->capturing) {
        status = window_append(p, b, diag);
    }
    if (status != WK_OK) {
        /* stop */
    } else if (p->state == ST_STRING) {
        status = string_byte(p, b, diag);
    } else if (p->state == ST_LITERAL) {
        status = literal_byte(p, b, diag);
    } else if (p->state == ST_NUMBER) {
        status = number_byte(p, b, &consumed, diag);
    } else {
        consumed = false;
    }
    if (status == WK_OK && !consumed) {
        status = structural_byte(p, b, diag);
    }
    return status;
}

#if CONFIG_WK_JSON_FAST_SCAN
/* Printable ASCII other than '"' and '\\': a string byte that needs no state. */
static bool is_plain(uint8_t b)
{
    return b >= 0x20u && b < 0x80u && b != '"' && b != '\\';
}

/* is_plain() for eight bytes at once (the usual word tricks): the top bit of
 * each byte that is not plain. Subtracting 0x20 from each byte, or 1 from each
 * byte XORed with '"' or '\\', sets the top bit of a control character, quote
 * or backslash; a borrow, which may mark a later neighbour too, only ever
 * starts at such a byte, so the first marked byte is exact; non-ASCII bytes
 * have the top bit already. */
static inline uint64_t not_plain8(const uint8_t *s)
{
    const uint64_t ones = 0x0101010101010101u;
    const uint64_t tops = 0x8080808080808080u;
    uint64_t w;
    memcpy(&w, s, sizeof(w));
    return (w | (w - 0x20u * ones) | ((w ^ ('"' * ones)) - ones) | ((w ^ ('\\' * ones)) - ones)) &
           tops;
}

/* The first byte of a word that is not plain can be found in one step where
 * words load little-endian and the compiler counts trailing zeros. */
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define WK_FIRST_MARKED_BYTE(mask) ((size_t)__builtin_ctzll(mask) / 8u)
#endif

/* How many bytes at the start of s[0..len) are plain string bytes. */
static inline size_t plain_run(const uint8_t *s, size_t len)
{
    size_t n = 0u;
    uint64_t marks = 0u;
    while (marks == 0u && n + 8u <= len) {
        marks = not_plain8(&s[n]);
        n = (marks == 0u) ? n + 8u : n;
    }
#ifdef WK_FIRST_MARKED_BYTE
    if (marks != 0u) {
        n += WK_FIRST_MARKED_BYTE(marks);
        len = n;
    }
#endif
    while (n < len && is_plain(s[n])) {
        n++;
    }
    return n;
}

/* How many bytes at the start of s[0..len) are whitespace. */
static size_t space_run(const uint8_t *s, size_t len)
{
    size_t n = 0u;
    while (n < len && is_space(s[n])) {
        n++;
    }
    return n;
}

/* The bytes most of a page is made of, without the general state machine:
 * whitespace, plain string bytes, the quotes of member names and string
 * values that are not kept, ':', ',', literals and numbers. It stops before
 * any other byte (brackets, escapes, UTF-8, envelope members, a token limit
 * about to be hit, a full window), which scan_byte() then handles, so every
 * failure keeps its one code path and offset. Never fails; returns the bytes
 * consumed, which are copied to the window in one piece when capturing. */
static size_t scan_fast(wk_users_parser_t *p, const uint8_t *data, size_t len)
{
    const bool capturing = p->capturing;
    const size_t win_start = p->win_len;
    /* Stopping where the window is full leaves that byte's failure to scan_byte(). */
    const size_t end = (capturing && sizeof(p->window) - win_start < len)
                           ? sizeof(p->window) - win_start : len;
    const uint32_t depth = p->depth;
    /* No bracket is handled here, so the depth and what it implies hold for
     * the whole call. Names and values deeper than the users array are never
     * kept, and nothing is when validating: only their syntax matters. */
    const bool plain_key = p->validate_only || depth != TOP_DEPTH;
    const bool plain_value = p->validate_only || depth > USERS_DEPTH;
    const bool in_user = capturing && depth == USER_DEPTH;
    const uint8_t after_value = (depth == 0u) ? ST_DONE : ST_AFTER_VALUE;
    const uint8_t after_comma = (depth > 0u && top_is_object(p)) ? ST_KEY : ST_VALUE;
    uint8_t state = p->state;
    uint32_t tokens = p->win_tokens;
    size_t i = 0u;
    size_t n = 1u;
    bool again = false;
    bool between; /* between tokens, where whitespace is skipped */
    uint8_t b;
    uint8_t next;

    while ((n > 0u || again) && i < end) {
        b = data[i];
        n = 0u;
        again = false;
        between = false;
        switch (state) {
        case ST_STRING:
            if (p->str_state != STR_CHAR || p->str_role != ROLE_NONE) {
                /* escapes, UTF-8 and kept strings: scan_byte() */
            } else if (b != '"') {
                n = plain_run(&data[i], end - i);
            } else if (!p->key_string) {
                n = 1u; /* end_string() of a value that is not kept */
                state = after_value;
            } else {
                n = 1u; /* end_string() of a name that is not kept */
                state = ST_COLON;
                if (in_user) {
                    p->field_end = win_start + i; /* before the closing quote */
                }
            }
            break;
        case ST_NUMBER:
            next = number_next(p->num_state, b);
            if (next == NUM_END) {
                state = after_value; /* b still has to be scanned */
                again = true;
            } else if (next != NUM_BAD) {
                p->num_state = next;
                n = 1u;
            } else {
                /* scan_byte() reports it */
            }
            break;
        case ST_LITERAL:
            if ((uint8_t)k_literals[p->literal][p->literal_pos] == b) {
                n = 1u;
                p->literal_pos++;
                if (k_literals[p->literal][p->literal_pos] == '\0') {
                    state = after_value;
                }
            }
            break;
        case ST_COLON:
            between = true;
            if (b == ':') {
                n = 1u;
                state = ST_VALUE;
            }
            break;
        case ST_AFTER_VALUE:
            between = true;
            if (b == ',') {
                n = 1u;
                state = after_comma;
            }
            break;
        case ST_KEY:
        case ST_KEY_OR_CLOSE:
            between = true;
            if (b == '"' && plain_key && (!capturing || tokens < CONFIG_WK_JSON_MAX_TOKENS)) {
                n = 1u; /* begin_string() of a name that is not kept */
                state = ST_STRING;
                p->str_state = STR_CHAR;
                p->key_string = true;
                p->high_surrogate = 0u;
                p->str_role = ROLE_NONE;
                if (in_user) {
                    p->field_start = win_start + i + 1u; /* after the opening quote */
                    p->field_end = 0u;
                }
                tokens = capturing ? tokens + 1u : tokens;
            }
            break;
        case ST_VALUE:
        case ST_VALUE_OR_CLOSE:
            between = true;
            if (!plain_value || (capturing && tokens >= CONFIG_WK_JSON_MAX_TOKENS)) {
                /* envelope_value() has work to do, or count_token() fails */
            } else if (b == '"') {
                n = 1u; /* begin_value() of a string that is not kept */
                state = ST_STRING;
                p->str_state = STR_CHAR;
                p->key_string = false;
                p->high_surrogate = 0u;
                p->str_role = ROLE_NONE;
            } else if (b == 't' || b == 'f' || b == 'n') {
                n = 1u;
                state = ST_LITERAL;
                p->literal = (b == 't') ? 0u : ((b == 'f') ? 1u : 2u);
                p->literal_pos = 1u;
            } else if (b == '-' || (b >= '0' && b <= '9')) {
                n = 1u;
                state = ST_NUMBER;
                p->num_state = (b == '-') ? NUM_MINUS : ((b == '0') ? NUM_ZERO : NUM_INT);
            } else {
                /* brackets and errors: scan_byte() */
            }
            tokens = (capturing && n > 0u) ? tokens + 1u : tokens;
            break;
        default: /* ST_DONE */
            between = true;
            break;
        }
        if (between && n == 0u && is_space(b)) {
            n = space_run(&data[i], end - i);
        }
        i += n;
    }
    if (capturing) {
        /* memmove: a replay reads the window itself (the bytes are already there) */
        memmove(&p->window[win_start], data, i);
        p->win_len = win_start + i;
        p->win_tokens = tokens;
    }
    p->state = state;
    p->offset += i;
    return i;
}
#else
/* Size profile: every byte goes through the state machine (same results). */
static size_t scan_fast(wk_users_parser_t *p, const uint8_t *data, size_t len)
{
    (void)p;
    (void)data;
    (void)len;
    return 0u;
}
#endif /* CONFIG_WK_JSON_FAST_SCAN */

/* ---- One user: jsmn over the window, fields decoded in place ------------------ */

static void diag_token(const wk_users_parser_t *p, wk_diag_t *diag, const char *name,
                       const char *what, const jsmntok_t *t)
{
    /* A string token starts after its quote; point at the quote. */
    int start = (t->type == JSMN_STRING) ? t->start - 1 : t->start;
    wk_diag_clear(diag);
    diag_user(p, diag);
    diag_name(diag, name, wk_strlen(name));
    wk_diag_str(diag, ": ");
    wk_diag_str(diag, what);
    wk_diag_str(diag, " at body offset ");
    wk_diag_u64(diag, p->user_offset + (uint64_t)start);
}

/* Index of the token after token i and everything inside it. Tokens are in
 * document order, so what is inside i starts before i ends. */
static unsigned int skip_token(const jsmntok_t *toks, unsigned int i, unsigned int n)
{
    unsigned int j = i + 1u;
    while (j < n && toks[j].start < toks[i].end) {
        j++;
    }
    return j;
}

/* Decodes string token t in place and NUL-terminates it. Without an escape
 * in the window the raw bytes are the value (the scanner checked their UTF-8). */
static bool decode_in_place(wk_users_parser_t *p, const jsmntok_t *t, wk_str_t *out)
{
    char *s = &p->window[t->start];
    size_t len = (size_t)(t->end - t->start);
    size_t pos = 0u;
    size_t w = len;
    uint32_t cp = 0u;
    bool ok = true;
    /* Decoded text is never longer than its raw form, so writes stay behind reads. */
    if (p->win_escaped) {
        while (pos < len && s[pos] != '\\') {
            pos++; /* up to the first escape the value is the raw text */
        }
        w = pos;
        while (ok && pos < len) {
            ok = wk_json_next_code_point(s, len, &pos, &cp);
            if (ok) {
                w += wk_utf8_encode(cp, &s[w]);
            }
        }
    }
    s[w] = '\0';
    out->ptr = s;
    out->len = w;
    return ok;
}

static bool is_null(const char *win, const jsmntok_t *t)
{
    return t->type == JSMN_PRIMITIVE && win[t->start] == 'n';
}

static wk_status_t parse_int32(const wk_users_parser_t *p, const jsmntok_t *t, const char *name,
                               int32_t *out, wk_diag_t *diag)
{
    const char *s = &p->window[t->start];
    size_t len = (size_t)(t->end - t->start);
    bool negative = s[0] == '-';
    uint64_t limit = negative ? 2147483648u : 2147483647u;
    uint64_t v = 0u;
    size_t i;
    wk_status_t status = WK_OK;

    for (i = negative ? 1u : 0u; status == WK_OK && i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            status = WK_ERR_JSON_NUMBER;
            diag_token(p, diag, name, "is not an integer (no fraction or exponent allowed)", t);
        } else {
            v = v * 10u + (uint64_t)(s[i] - '0');
            if (v > limit) {
                status = WK_ERR_JSON_NUMBER;
                diag_token(p, diag, name, "is outside the int32 range", t);
            }
        }
    }
    *out = negative ? (int32_t)(-(int64_t)v) : (int32_t)v;
    return status;
}

static wk_status_t apply_groups(wk_users_parser_t *p, const jsmntok_t *toks, unsigned int i,
                                unsigned int n, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    unsigned int j = i + 1u;
    int k;
    wk_user_t *u = &p->user;

    u->security_group_count = 0u;
    for (k = 0; status == WK_OK && k < toks[i].size && j < n; k++) {
        if (toks[j].type != JSMN_STRING) {
            status = WK_ERR_JSON_TYPE;
            diag_token(p, diag, "securityGroups", "entry is not a string", &toks[j]);
        } else if (u->security_group_count == CONFIG_WK_MAX_SECURITY_GROUPS) {
            status = WK_ERR_JSON_TOO_MANY_ITEMS;
            diag_token(p, diag, "securityGroups",
                       "has more entries than CONFIG_WK_MAX_SECURITY_GROUPS", &toks[j]);
        } else if (!decode_in_place(p, &toks[j], &u->security_groups[u->security_group_count])) {
            status = WK_ERR_JSON_STRING;
            diag_token(p, diag, "securityGroups", "entry is not a valid string", &toks[j]);
        } else {
            u->security_group_count++;
        }
        j = skip_token(toks, j, n);
    }
    return status;
}

/* An absent field reads as 0, false or "" (never a NULL pointer). */
static void clear_field(wk_user_t *u, unsigned int f)
{
    char *member = (char *)u + k_fields[f].offset;
    if (k_fields[f].kind == KIND_STRING) {
        ((wk_str_t *)(void *)member)->ptr = "";
        ((wk_str_t *)(void *)member)->len = 0u;
    } else if (k_fields[f].kind == KIND_BOOL) {
        *(bool *)(void *)member = false;
    } else if (k_fields[f].kind == KIND_INT) {
        *(int32_t *)(void *)member = 0;
    } else {
        u->security_group_count = 0u;
    }
}

/* Every field absent (as clear_field() leaves each). */
static void blank_user(wk_user_t *u)
{
    memset(u, 0, sizeof(*u));
    u->user_id.ptr = "";
    u->first_name.ptr = "";
    u->last_name.ptr = "";
    u->username.ptr = "";
    u->scim_id.ptr = "";
    u->type.ptr = "";
    u->cell.ptr = "";
    u->country_code.ptr = "";
    u->invite_code.ptr = "";
    u->uname.ptr = "";
}

/* Stores value token i of known field f, or reports its wrong type. */
static wk_status_t apply_field(wk_users_parser_t *p, unsigned int f, const jsmntok_t *toks,
                               unsigned int i, unsigned int n, wk_diag_t *diag)
{
    const jsmntok_t *t = &toks[i];
    const user_field_t *field = &k_fields[f];
    char *member = (char *)&p->user + field->offset;
    char first = p->window[t->start];
    wk_status_t status = WK_OK;

    if (is_null(p->window, t)) {
        p->user.present &= ~(1u << f);
        clear_field(&p->user, f);
    } else if (field->kind == KIND_STRING && t->type == JSMN_STRING) {
        if (!decode_in_place(p, t, (wk_str_t *)(void *)member)) {
            status = WK_ERR_JSON_STRING;
            diag_token(p, diag, field->name, "is not a valid string", t);
        }
    } else if (field->kind == KIND_BOOL && t->type == JSMN_PRIMITIVE && (first == 't' || first == 'f')) {
        *(bool *)(void *)member = (first == 't');
    } else if (field->kind == KIND_INT && t->type == JSMN_PRIMITIVE && first != 't' && first != 'f') {
        status = parse_int32(p, t, field->name, (int32_t *)(void *)member, diag);
    } else if (field->kind == KIND_LIST && t->type == JSMN_ARRAY) {
        status = apply_groups(p, toks, i, n, diag);
    } else {
        static const char *const expected[] = {"is not a string", "is not a boolean",
                                               "is not an integer", "is not a list"};
        status = WK_ERR_JSON_TYPE;
        diag_token(p, diag, field->name, expected[field->kind], t);
    }
    if (status == WK_OK && !is_null(p->window, t)) {
        p->user.present |= 1u << f;
    }
    return status;
}

/* A member name's field in one step, without a search: the 19 names hash
 * apart on (first byte * 4 + last byte + length * 2) mod 64; one compare then
 * confirms. Free slots hold 0, userId, which that compare rejects. */
#define FIELD_NAME_MIN 4u
#define FIELD_NAME_MAX 17u
static const uint8_t k_field_by_hash[64] = {
    [0] = WK_USER_CELL,
    [2] = WK_USER_SUSPENDED,
    [3] = WK_USER_UNAME,
    [4] = WK_USER_USER_ID,
    [7] = WK_USER_COUNTRY_CODE,
    [9] = WK_USER_USERNAME,
    [11] = WK_USER_STATUS,
    [15] = WK_USER_FIRST_NAME,
    [22] = WK_USER_CODE_VALIDATION,
    [27] = WK_USER_SECURITY_GROUPS,
    [29] = WK_USER_INVITE_CODE,
    [32] = WK_USER_IS_ADMIN,
    [33] = WK_USER_CHALLENGE_FAILURES,
    [34] = WK_USER_IS_USER,
    [37] = WK_USER_LAST_NAME,
    [38] = WK_USER_IS_INVITE_EXPIRED,
    [52] = WK_USER_OTP_ENABLED,
    [60] = WK_USER_SCIM_ID,
    [61] = WK_USER_TYPE,
};

/* memcmp(a, b, n) == 0 for a field name's length (4 to 17 bytes), in a few
 * word compares: the first and last 4 or 8 bytes, which overlap or meet, and
 * the middle 8 of a 17-byte name. */
static inline bool same_name(const char *a, const char *b, size_t n)
{
    uint64_t x[3];
    uint64_t y[3];
    uint32_t u[2];
    uint32_t v[2];
    bool same;
    if (n >= 8u) {
        memcpy(&x[0], a, 8u);
        memcpy(&y[0], b, 8u);
        memcpy(&x[1], a + n - 8u, 8u);
        memcpy(&y[1], b + n - 8u, 8u);
        x[2] = y[2] = 0u;
        if (n > 16u) {
            memcpy(&x[2], a + 8u, 8u);
            memcpy(&y[2], b + 8u, 8u);
        }
        same = ((x[0] ^ y[0]) | (x[1] ^ y[1]) | (x[2] ^ y[2])) == 0u;
    } else {
        memcpy(&u[0], a, 4u);
        memcpy(&v[0], b, 4u);
        memcpy(&u[1], a + n - 4u, 4u);
        memcpy(&v[1], b + n - 4u, 4u);
        same = ((u[0] ^ v[0]) | (u[1] ^ v[1])) == 0u;
    }
    return same;
}

static inline unsigned int find_field(const wk_str_t *name)
{
    unsigned int f = WK_USER_FIELD_COUNT;
    size_t n = name->len;
    unsigned int c;
    if (n >= FIELD_NAME_MIN && n <= FIELD_NAME_MAX) {
        c = k_field_by_hash[((unsigned int)(uint8_t)name->ptr[0] * 4u +
                             (unsigned int)(uint8_t)name->ptr[n - 1u] + (unsigned int)n * 2u) &
                            63u];
        if (k_fields[c].len == n && same_name(k_fields[c].name, name->ptr, n)) {
            f = c;
        }
    }
    return f;
}

static wk_status_t fill_user(wk_users_parser_t *p, const jsmntok_t *toks, unsigned int n,
                             wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    unsigned int i = 1u;
    unsigned int f;
    int k;
    wk_str_t name;

    blank_user(&p->user);
    for (k = 0; status == WK_OK && k < toks[0].size && i + 1u < n; k++) {
        if (!decode_in_place(p, &toks[i], &name)) {
            status = WK_ERR_JSON_STRING;
            diag_token(p, diag, "", "member name is not a valid string", &toks[i]);
        } else {
            f = find_field(&name);
            if (f < (unsigned int)WK_USER_FIELD_COUNT) {
                status = apply_field(p, f, toks, i + 1u, n, diag);
            }
        }
        i = skip_token(toks, i + 1u, n);
    }
    return status;
}

/* p->user is complete: the callback gets it. */
static wk_status_t hand_over(wk_users_parser_t *p, wk_diag_t *diag)
{
    wk_status_t status;
    p->users++;
    status = p->on_user(p->ctx, &p->user);
    if (status != WK_OK) {
        wk_diag_clear(diag);
        wk_diag_str(diag, "the user callback stopped the listing after users[");
        wk_diag_u64(diag, p->users - 1u);
        wk_diag_str(diag, "]");
    }
    return status;
}

static wk_status_t deliver_user(wk_users_parser_t *p, wk_diag_t *diag)
{
    /* The slots are only ever accessed as jsmn tokens (layout checked above). */
    jsmntok_t *toks = (jsmntok_t *)(void *)p->tokens;
    unsigned int n = 0u;
    wk_status_t status = wk_json_tokenize(p->window, p->win_len, toks, CONFIG_WK_JSON_MAX_TOKENS, &n);

    if (status == WK_OK && toks[0].type != JSMN_OBJECT) {
        status = WK_ERR_JSON_SYNTAX;
    }
    if (status != WK_OK) {
        /* The scanner validated and counted this object, so jsmn should agree. */
        wk_diag_clear(diag);
        diag_user(p, diag);
        wk_diag_str(diag, ": the tokenizer rejected the object at body offset ");
        wk_diag_u64(diag, p->user_offset);
    } else {
        status = fill_user(p, toks, n, diag);
    }
    return (status == WK_OK) ? hand_over(p, diag) : status;
}

/* ---- Fast path: a user object checked and decoded in one pass ----------------
 *
 * Most user objects arrive whole within one piece of the body; they are read
 * there, and only their own bytes are copied to the window. An object cut by
 * the end of a piece is kept in the window, and reading goes on after its last
 * whole member when more comes. No token array, no second tokenizer run.
 *
 * It only ever accepts what the state machine and jsmn path above accept, with
 * the same record, and it never reports a failure itself: anything it does not
 * take (a failure, a wrong type, a limit, an escaped member name, pieces too
 * small to make progress) sends the user back to the state machine from its
 * '{', which then gives the one status, diagnostic and offset. It stops for
 * more bytes only where the state machine would have found nothing wrong yet,
 * so a failure is reported on the same call either way. The window holds the
 * bytes as they came until the object is known good, so that replay reads them
 * unchanged. */
#if CONFIG_WK_JSON_FAST_SCAN

enum fast_result { FAST_DONE = 0, FAST_MORE, FAST_BAIL };

typedef struct fast_reader {
    const uint8_t *end;       /* one past the bytes there are */
    uint32_t tokens;          /* counted as the state machine counts them */
    uint32_t escaped_fields;  /* bit per string field whose value holds an escape */
    bool escaped_groups;      /* some securityGroups entry holds an escape */
    bool more;                /* stopped because the bytes ran out, not on a fault */
} fast_reader_t;

static inline const uint8_t *fast_space(const uint8_t *s, const uint8_t *end)
{
    /* Usually none (compact JSON) or one (after ',' or ':'), then a token. */
    if (s < end && *s == ' ') {
        s++;
    }
    if (s < end && *s <= ' ') {
        while (s < end && is_space(*s)) {
            s++;
        }
    }
    return s;
}

/* Counts one more token; false past CONFIG_WK_JSON_MAX_TOKENS. */
static inline bool fast_token(fast_reader_t *f)
{
    f->tokens++;
    return f->tokens <= CONFIG_WK_JSON_MAX_TOKENS;
}

/* s[0..len), the end of the bytes so far, holds the start of an escape or a
 * UTF-8 sequence but not all of it: true when none of its bytes is wrong yet
 * (the state machine checks each byte as it comes, so must this). */
static bool cut_sequence_ok(const uint8_t *s, size_t len)
{
    uint8_t need = 0u;
    uint8_t lo;
    uint8_t hi;
    uint32_t v = 0u;
    size_t i;
    bool ok;
    if (s[0] == '\\') {
        /* "\u" and up to four hex digits; after a high surrogate, "\u" and
         * up to three more */
        ok = len < 2u || (s[1] == 'u' && len < 12u);
        for (i = 2u; ok && i < len && i < 6u; i++) {
            ok = wk_hex_digit_value(s[i]) >= 0;
            v = (v << 4) | (uint32_t)(wk_hex_digit_value(s[i]) & 15);
        }
        ok = ok && (len < 6u || (v >= 0xD800u && v <= 0xDBFFu));
        ok = ok && (len < 7u || s[6] == '\\') && (len < 8u || s[7] == 'u');
        for (i = 8u; ok && i < len; i++) {
            ok = wk_hex_digit_value(s[i]) >= 0;
        }
    } else {
        ok = utf8_lead(s[0], &need, &lo, &hi) && len <= need;
        for (i = 1u; ok && i < len; i++) {
            ok = s[i] >= lo && s[i] <= hi;
            lo = 0x80u;
            hi = 0xBFu;
        }
    }
    return ok;
}

/* fast_string() past its first run of plain bytes, s at the byte that ended
 * it: the closing quote, or an escape, UTF-8, a fault or the end of the bytes. */
WK_NOINLINE static const uint8_t *fast_string_rest(fast_reader_t *f, const uint8_t *s,
                                                   bool *escaped)
{
    const uint8_t *end = f->end;
    const uint8_t *quote = NULL;
    size_t pos;
    uint32_t cp;
    bool ok = true;
    while (ok && quote == NULL) {
        if (s == end) {
            f->more = true;
            ok = false;
        } else if (*s == '"') {
            quote = s;
        } else if (*s >= 0xC2u && *s <= 0xDFu && end - s >= 2 && (s[1] & 0xC0u) == 0x80u) {
            /* two-byte UTF-8 (Latin, Greek, Cyrillic...): any continuation byte */
            s += 2;
            s += plain_run(s, (size_t)(end - s));
        } else {
            *escaped = *escaped || *s == '\\';
            pos = 0u;
            ok = wk_json_next_code_point((const char *)s, (size_t)(end - s), &pos, &cp);
            f->more = !ok && cut_sequence_ok(s, (size_t)(end - s));
            s += pos;
            s = ok ? s + plain_run(s, (size_t)(end - s)) : s;
        }
    }
    return quote;
}

/* s: after the opening quote. Returns the closing quote, or NULL. Most
 * strings are one plain run, read here without a call. */
static inline const uint8_t *fast_string(fast_reader_t *f, const uint8_t *s, bool *escaped)
{
    s += plain_run(s, (size_t)(f->end - s));
    return (s != f->end && *s == '"') ? s : fast_string_rest(f, s, escaped);
}

/* s: the first byte of a number. Returns the byte after it, or NULL. */
static const uint8_t *fast_number(fast_reader_t *f, const uint8_t *s)
{
    uint8_t st = (*s == '-') ? NUM_MINUS : ((*s == '0') ? NUM_ZERO : NUM_INT);
    uint8_t next = st;
    const uint8_t *after = NULL;
    s++;
    while (after == NULL && next != NUM_BAD) {
        if (s == f->end) {
            f->more = true;
            next = NUM_BAD;
        } else {
            next = number_next(st, *s);
            if (next == NUM_END) {
                after = s;
            } else {
                st = next;
                s++;
            }
        }
    }
    return after;
}

/* s: '-' or a digit starting an int32 field's value. Returns the byte after
 * the number, or NULL: out of bytes (a valid beginning so far), or anything
 * but an integer of at most 10 digits in the int32 range, which the state
 * machine judges (a fraction, an exponent, a leading zero, a bare '-'). */
static const uint8_t *fast_int32(fast_reader_t *f, const uint8_t *s, int32_t *out)
{
    bool negative = *s == '-';
    const uint8_t *first = negative ? s + 1 : s;
    const uint8_t *d = first;
    const uint8_t *stop = (f->end - first > 11) ? first + 11 : f->end;
    const uint8_t *after = NULL;
    uint64_t v = 0u;
    size_t digits;
    while (d < stop && *d >= '0' && *d <= '9') {
        v = v * 10u + (uint64_t)(*d - '0');
        d++;
    }
    digits = (size_t)(d - first);
    if (digits > 10u || (digits > 1u && *first == '0')) {
        /* too long for an int32, or a leading zero */
    } else if (d == f->end) {
        f->more = true;
    } else if (digits == 0u || *d == '.' || *d == 'e' || *d == 'E' ||
               v > (negative ? 2147483648u : 2147483647u)) {
        /* not an int32 */
    } else {
        after = d;
    }
    *out = negative ? (int32_t)(-(int64_t)v) : (int32_t)v;
    return after;
}

/* s: 't', 'f' or 'n'. Returns the byte after the literal, or NULL. */
static inline const uint8_t *fast_literal(fast_reader_t *f, const uint8_t *s)
{
    const char *lit = k_literals[(*s == 't') ? 0 : ((*s == 'f') ? 1 : 2)];
    size_t n = (*s == 'f') ? 5u : 4u;
    size_t have = (size_t)(f->end - s);
    const uint8_t *after = NULL;
    uint32_t got;
    uint32_t want;
    if (have >= n) {
        /* four bytes at once, then the 'e' of false */
        memcpy(&got, s, sizeof(got));
        memcpy(&want, lit, sizeof(want));
        after = (got == want && (n == 4u || s[4] == 'e')) ? s + n : NULL;
    } else if (memcmp(s, lit, have) == 0) {
        f->more = true;
    } else {
        /* not a literal */
    }
    return after;
}

/* Whitespace, then the byte that must come next; NULL if it is another. */
static inline const uint8_t *fast_expect(fast_reader_t *f, const uint8_t *s, uint8_t b)
{
    s = fast_space(s, f->end);
    if (s == f->end) {
        f->more = true;
        s = NULL;
    } else {
        s = (*s == b) ? s + 1 : NULL;
    }
    return s;
}

/* Any value a member the client does not read may hold, containers included
 * (their depth kept in a bit stack, as the state machine does).
 * s: the value's first byte, after whitespace; depth: containers open. */
static const uint8_t *fast_skip(fast_reader_t *f, const uint8_t *s, uint32_t depth)
{
    uint8_t objects[(CONFIG_WK_JSON_MAX_DEPTH + 7) / 8] = {0u};
    uint32_t open = 0u;
    bool value = true; /* a value starts at s; else a ',' or closing bracket may */
    bool escaped = false;
    bool object;
    bool done = false;

    while (s != NULL && !done) {
        if (s == f->end) {
            f->more = true;
            s = NULL;
        } else if (value) {
            if (!fast_token(f)) {
                s = NULL;
            } else if (*s == '{' || *s == '[') {
                if (depth + open >= CONFIG_WK_JSON_MAX_DEPTH) {
                    s = NULL;
                } else {
                    object = *s == '{';
                    set_level(objects, open, object);
                    open++;
                    s = fast_space(s + 1, f->end);
                    if (s != f->end && *s == (object ? '}' : ']')) {
                        open--;
                        s++;
                        value = false;
                    } else if (object && s != f->end) {
                        /* the first member name */
                        s = (*s == '"' && fast_token(f)) ? fast_string(f, s + 1, &escaped) : NULL;
                        s = (s != NULL) ? fast_expect(f, s + 1, ':') : NULL;
                        s = (s != NULL) ? fast_space(s, f->end) : NULL;
                    } else {
                        /* an array's first value, or out of bytes */
                    }
                }
            } else {
                if (*s == '"') {
                    s = fast_string(f, s + 1, &escaped);
                    s = (s != NULL) ? s + 1 : NULL;
                } else if (*s == 't' || *s == 'f' || *s == 'n') {
                    s = fast_literal(f, s);
                } else if (*s == '-' || (*s >= '0' && *s <= '9')) {
                    s = fast_number(f, s);
                } else {
                    s = NULL;
                }
                value = false;
            }
        } else if (open == 0u) {
            done = true;
        } else {
            object = level_is_object(objects, open - 1u);
            s = fast_space(s, f->end);
            if (s == f->end) {
                /* out of bytes: the loop says so */
            } else if (*s == (object ? '}' : ']')) {
                open--;
                s++;
            } else if (*s != ',') {
                s = NULL;
            } else if (object) {
                s = fast_expect(f, s + 1, '"');
                s = (s != NULL && fast_token(f)) ? fast_string(f, s, &escaped) : NULL;
                s = (s != NULL) ? fast_expect(f, s + 1, ':') : NULL;
                s = (s != NULL) ? fast_space(s, f->end) : NULL;
                value = true;
            } else {
                s = fast_space(s + 1, f->end);
                value = true;
            }
        }
    }
    return s;
}

/* The value of known field fi at s (its first byte): stored in p->user, or
 * NULL for what the state machine must judge (a wrong type, an integer that
 * is not an int32, too many groups). */
static const uint8_t *fast_field(wk_users_parser_t *p, fast_reader_t *f, unsigned int fi,
                                 const uint8_t *s)
{
    const user_field_t *field = &k_fields[fi];
    char *member = (char *)&p->user + field->offset;
    wk_user_t *u = &p->user;
    const uint8_t *e = NULL;
    wk_str_t *str;
    int32_t v = 0;
    bool list_done;
    bool escaped = false;

    if (*s == 'n') {
        e = fast_literal(f, s);
        u->present &= ~(1u << fi);
        clear_field(u, fi);
    } else if (field->kind == KIND_STRING && *s == '"') {
        e = fast_string(f, s + 1, &escaped);
        f->escaped_fields = (f->escaped_fields & ~(1u << fi)) | ((uint32_t)escaped << fi);
        str = (wk_str_t *)(void *)member;
        str->ptr = (const char *)(s + 1);
        str->len = (e != NULL) ? (size_t)(e - (s + 1)) : 0u;
        e = (e != NULL) ? e + 1 : NULL;
    } else if (field->kind == KIND_BOOL && (*s == 't' || *s == 'f')) {
        e = fast_literal(f, s);
        *(bool *)(void *)member = (*s == 't');
    } else if (field->kind == KIND_INT && (*s == '-' || (*s >= '0' && *s <= '9'))) {
        e = fast_int32(f, s, &v);
        *(int32_t *)(void *)member = v;
    } else if (field->kind == KIND_LIST && *s == '[' && USER_DEPTH < CONFIG_WK_JSON_MAX_DEPTH) {
        u->security_group_count = 0u;
        e = fast_space(s + 1, f->end);
        list_done = e != f->end && *e == ']';
        e = list_done ? e + 1 : e;
        while (e != NULL && !list_done) {
            if (e == f->end) {
                f->more = true;
                e = NULL;
            } else if (*e != '"' || !fast_token(f) ||
                       u->security_group_count == CONFIG_WK_MAX_SECURITY_GROUPS) {
                e = NULL;
            } else {
                str = &u->security_groups[u->security_group_count];
                str->ptr = (const char *)(e + 1);
                e = fast_string(f, e + 1, &f->escaped_groups);
                str->len = (e != NULL) ? (size_t)(e - (const uint8_t *)str->ptr) : 0u;
                u->security_group_count++;
                e = (e != NULL) ? fast_space(e + 1, f->end) : NULL;
                if (e == f->end) {
                    f->more = true;
                    e = NULL;
                } else if (e != NULL && *e == ']') {
                    list_done = true;
                    e++;
                } else if (e != NULL && *e == ',') {
                    e = fast_space(e + 1, f->end);
                } else {
                    e = NULL;
                }
            }
        }
    } else {
        /* a wrong type: the state machine and jsmn path names it */
    }
    u->present |= (uint32_t)(e != NULL && *s != 'n') << fi;
    return e;
}

/* Index of the lowest set bit of a non-zero mask. */
static inline unsigned int lowest_bit(uint32_t mask)
{
#if defined(__GNUC__)
    return (unsigned int)__builtin_ctz(mask);
#else
    unsigned int i = 0u;
    while (((mask >> i) & 1u) == 0u) {
        i++;
    }
    return i;
#endif
}

/* The fields whose values are strings, as presence bits. */
static const uint32_t k_string_fields =
    (1u << WK_USER_USER_ID) | (1u << WK_USER_FIRST_NAME) | (1u << WK_USER_LAST_NAME) |
    (1u << WK_USER_USERNAME) | (1u << WK_USER_SCIM_ID) | (1u << WK_USER_TYPE) |
    (1u << WK_USER_CELL) | (1u << WK_USER_COUNTRY_CODE) | (1u << WK_USER_INVITE_CODE) |
    (1u << WK_USER_UNAME);

/* Where a byte read at ptr, in bytes that start at src, stands in the window
 * (src stands for window[1], the byte after the '{'). */
static inline char *in_window(wk_users_parser_t *p, const uint8_t *src, const char *ptr)
{
    return &p->window[1u + (size_t)((const uint8_t *)ptr - src)];
}

/* Strings were left raw where they were read, src standing for window[1]
 * (the byte after the '{'); the object is known good and its bytes are in the
 * window now: point there, decode escapes in place, end with a NUL. */
static inline void fast_finish_string(wk_users_parser_t *p, const uint8_t *src, wk_str_t *str,
                                      bool escaped)
{
    char *s = in_window(p, src, str->ptr);
    size_t len = str->len;
    size_t pos = 0u;
    size_t w;
    uint32_t cp = 0u;
    if (escaped) {
        while (pos < len && s[pos] != '\\') {
            pos++;
        }
        w = pos;
        while (pos < len && wk_json_next_code_point(s, len, &pos, &cp)) {
            w += wk_utf8_encode(cp, &s[w]);
        }
        len = w;
        str->len = len;
    }
    s[len] = '\0';
    str->ptr = s;
}

/* String fields and groups point into src; the same bytes are now at
 * window[1]: point there (a MORE in the caller's buffer). Fields not present
 * (one cut short, say) are reset: they are read again when reading resumes. */
static void fast_move_strings(wk_users_parser_t *p, const uint8_t *src)
{
    unsigned int fi;
    wk_str_t *str;
    for (fi = 0u; fi < (unsigned int)WK_USER_FIELD_COUNT; fi++) {
        str = (wk_str_t *)(void *)((char *)&p->user + k_fields[fi].offset);
        if (k_fields[fi].kind != KIND_STRING) {
            /* nothing to move */
        } else if ((p->user.present & (1u << fi)) != 0u) {
            str->ptr = in_window(p, src, str->ptr);
        } else {
            clear_field(&p->user, fi);
        }
    }
    for (fi = 0u; fi < p->user.security_group_count; fi++) {
        str = &p->user.security_groups[fi];
        str->ptr = in_window(p, src, str->ptr);
    }
}

/* Reads a user object from src[0..avail), the bytes after its '{' (in the
 * window, or still in the caller's buffer), from p->fast_resume on.
 * FAST_DONE: p->user is complete, the object's bytes are in the window and
 * *used of src were read. FAST_MORE: a valid beginning; p->fast_resume and
 * the counts say where the last whole member ended, to go on from there. */
static int fast_user(wk_users_parser_t *p, const uint8_t *src, size_t avail, size_t *used)
{
    fast_reader_t f = {src + avail, p->fast_tokens, p->fast_escaped_fields,
                       p->fast_escaped_groups, false};
    const uint8_t *s = src + (p->fast_resume - 1u);
    const uint8_t *checkpoint = s;
    uint32_t checkpoint_tokens = f.tokens;
    const uint8_t *name;
    const uint8_t *quote;
    wk_str_t key;
    bool first = p->fast_resume == 1u; /* at the '{': a member or '}' comes */
    bool escaped = false;
    bool done = false;
    unsigned int fi;
    uint32_t kept;
    int result;

    while (s != NULL && !done) {
        s = fast_space(s, f.end);
        if (s == f.end) {
            f.more = true;
            s = NULL;
        } else if (*s == '}') {
            s++;
            done = true;
        } else if (first) {
            /* the first member */
        } else if (*s == ',') {
            s++;
        } else {
            s = NULL;
        }
        first = false;
        if (s != NULL && !done) {
            /* a member: its name, ':' and value */
            s = fast_expect(&f, s, '"');
            name = s;
            quote = (s != NULL && fast_token(&f)) ? fast_string(&f, s, &escaped) : NULL;
            /* An escaped name may still spell a field: the state machine decodes it. */
            s = (quote != NULL && !escaped) ? fast_expect(&f, quote + 1, ':') : NULL;
            s = (s != NULL) ? fast_space(s, f.end) : NULL;
            if (s == f.end) {
                f.more = true;
                s = NULL;
            } else if (s != NULL) {
                key.ptr = (const char *)name;
                key.len = (size_t)(quote - name);
                fi = find_field(&key);
                if (fi < (unsigned int)WK_USER_FIELD_COUNT) {
                    s = fast_token(&f) ? fast_field(p, &f, fi, s) : NULL;
                } else {
                    s = fast_skip(&f, s, USER_DEPTH);
                }
            } else {
                /* out of bytes or a fault */
            }
            if (s != NULL) {
                checkpoint = s;
                checkpoint_tokens = f.tokens;
            }
        }
    }
    if (done) {
        result = FAST_DONE;
        *used = (size_t)(s - src);
        if (src != (const uint8_t *)&p->window[1]) {
            memcpy(&p->window[1], src, *used);
        }
        /* One turn per string present, not per field: which are present
         * varies from user to user, and a branch per field would guess wrong. */
        for (kept = p->user.present & k_string_fields; kept != 0u; kept &= kept - 1u) {
            fi = lowest_bit(kept);
            fast_finish_string(p, src,
                               (wk_str_t *)(void *)((char *)&p->user + k_fields[fi].offset),
                               ((f.escaped_fields >> fi) & 1u) != 0u);
        }
        for (fi = 0u; fi < p->user.security_group_count; fi++) {
            fast_finish_string(p, src, &p->user.security_groups[fi], f.escaped_groups);
        }
    } else if (f.more) {
        result = FAST_MORE;
        p->fast_resume = 1u + (size_t)(checkpoint - src);
        p->fast_tokens = checkpoint_tokens;
        p->fast_escaped_fields = f.escaped_fields;
        p->fast_escaped_groups = f.escaped_groups;
    } else {
        result = FAST_BAIL;
    }
    return result;
}
#endif /* CONFIG_WK_JSON_FAST_SCAN */

/* ---- Public API ----------------------------------------------------------------- */

wk_status_t wk_users_parser_init(wk_users_parser_t *p, wk_on_user_fn on_user, void *ctx)
{
    wk_status_t status = WK_ERR_ARG;
    if (p != NULL && on_user != NULL) {
        memset(p, 0, sizeof(*p));
        p->on_user = on_user;
        p->ctx = ctx;
        p->state = ST_VALUE;
        p->failed = WK_OK;
        status = WK_OK;
    }
    return status;
}

/* The state machine (with its own fast loop) over data[0..len), until the
 * bytes end or a user object begins that the fast path can take. */
WK_NOINLINE static wk_status_t scan_slow(wk_users_parser_t *p, const uint8_t *data, size_t len,
                                         size_t *used, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    size_t i = 0u;
    while (status == WK_OK && i < len && !p->fast_user) {
        i += scan_fast(p, &data[i], len - i);
        if (i < len) {
            status = scan_byte(p, data[i], diag);
            i++;
            p->offset++;
        }
    }
    *used = i;
    return status;
}

/* The state machine takes the user object over from the fast path: it reads
 * the bytes the fast path accepted so far again, from after the '{', so its
 * state (and any diagnostic) is exactly as if it had read them itself. */
static wk_status_t fast_give_up(wk_users_parser_t *p, wk_diag_t *diag)
{
    size_t have = p->win_len;
    size_t used = 0u;
    p->fast_user = false;
    p->win_len = 1u;
    p->offset = p->user_offset + 1u;
    return scan_slow(p, (const uint8_t *)&p->window[1], have - 1u, &used, diag);
}

#if CONFIG_WK_JSON_FAST_SCAN
/* Just after a user object: the next one usually follows at once (", {").
 * It is started here as after_value() and begin_value() would start it;
 * anything else is left to them. Returns the bytes consumed. */
static size_t fast_next_user(wk_users_parser_t *p, const uint8_t *data, size_t len)
{
    const uint8_t *end = data + len;
    const uint8_t *s = fast_space(data, end);
    size_t n = 0u;
    if (s != end && *s == ',' && p->depth < CONFIG_WK_JSON_MAX_DEPTH) {
        s = fast_space(s + 1, end);
        if (s != end && *s == '{') {
            n = (size_t)(s - data);
            p->offset += n; /* the '{' */
            p->state = ST_VALUE;
            start_capture(p);
            (void)push(p, true, NULL); /* cannot fail: the depth was checked */
            p->offset++;
            n++;
        }
    }
    return n;
}

/* Reads the user object whose '{' was the last byte consumed, from data and
 * what the window already holds of it; returns the bytes of data consumed.
 * An object that starts and ends within data (the usual case) is read there
 * and only its own bytes are copied to the window. Otherwise what arrived is
 * kept in the window and reading goes on, as more comes, after the last whole
 * member. The member cut short is read again: allowed while the new bytes are
 * at least half as many, or while all such reading stays within the bytes
 * received, so no split (one byte at a time included) costs more than a few
 * reads of each byte. When the fast path cannot
 * take the object, the state machine reads it from its '{' and keeps it to
 * the end. */
static size_t fast_user_feed(wk_users_parser_t *p, const uint8_t *data, size_t len,
                             wk_status_t *status, wk_diag_t *diag)
{
    size_t have = p->win_len; /* the '{' and the bytes after it accepted so far */
    size_t pending = (have > 1u) ? have - p->fast_resume : 0u; /* of the member cut short */
    size_t room = sizeof(p->window) - have;
    size_t n = (len < room) ? len : room;
    size_t used = 0u;
    size_t taken = 0u;
    int result = FAST_BAIL;

    if (have == 1u) {
        blank_user(&p->user);
        p->fast_reread = 0u;
        p->fast_resume = 1u;
        p->fast_tokens = 1u;
        p->fast_escaped_fields = 0u;
        p->fast_escaped_groups = false;
        result = fast_user(p, data, n, &used);
    } else if (n > 0u && (n >= pending / 2u || p->fast_reread + pending <= have)) {
        p->fast_reread += pending;
        memcpy(&p->window[have], data, n);
        result = fast_user(p, (const uint8_t *)&p->window[1], have - 1u + n, &used);
        used -= (result == FAST_DONE) ? have - 1u : 0u;
    } else {
        /* too little new data to read the cut member again */
    }
    if (result == FAST_DONE) {
        /* as close_container() leaves it */
        taken = used;
        p->win_len = have + used;
        p->offset += taken;
        p->fast_user = false;
        p->capturing = false;
        p->depth--;
        value_done(p);
        *status = hand_over(p, diag);
        taken += (*status == WK_OK) ? fast_next_user(p, &data[taken], len - taken) : 0u;
    } else if (result == FAST_MORE && n == len) {
        if (have == 1u) {
            memcpy(&p->window[1], data, n);
            fast_move_strings(p, data);
        }
        taken = n;
        p->win_len = have + n;
        p->offset += n;
    } else {
        *status = fast_give_up(p, diag);
    }
    return taken;
}
#else
static size_t fast_user_feed(wk_users_parser_t *p, const uint8_t *data, size_t len,
                             wk_status_t *status, wk_diag_t *diag)
{
    (void)data;
    (void)len;
    (void)status;
    (void)diag;
    p->fast_user = false;
    return 0u;
}
#endif

/* Shared by the users parser and the validator: the callers checked p. */
static wk_status_t scan_feed(wk_users_parser_t *p, const uint8_t *data, size_t len,
                             wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    size_t i;
    size_t used = 0u;

    if (data == NULL && len > 0u) {
        return WK_ERR_ARG;
    }
    if (p->failed != WK_OK) {
        wk_diag_clear(diag);
        wk_diag_str(diag, "the body already failed to parse (");
        wk_diag_str(diag, wk_status_str(p->failed));
        wk_diag_str(diag, ")");
        return p->failed;
    }
    i = 0u;
    while (status == WK_OK && i < len) {
        if (p->fast_user) {
            i += fast_user_feed(p, &data[i], len - i, &status, diag);
        } else {
            status = scan_slow(p, &data[i], len - i, &used, diag);
            i += used;
        }
    }
    if (status != WK_OK) {
        p->failed = status;
    } else {
        status = (p->state == ST_DONE) ? WK_OK : WK_PARTIAL;
    }
    return status;
}

static bool number_complete(uint8_t s)
{
    return s == NUM_ZERO || s == NUM_INT || s == NUM_FRAC || s == NUM_EXP_DIGITS;
}

static wk_status_t scan_finish(wk_users_parser_t *p, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    if (p->fast_user && p->failed == WK_OK) {
        /* The body ends inside a user object: the state machine words it. */
        status = fast_give_up(p, diag);
    }
    if (status != WK_OK) {
        p->failed = status;
    } else if (p->failed != WK_OK) {
        status = p->failed;
    } else if (p->state == ST_NUMBER && p->depth == 0u && number_complete(p->num_state)) {
        /* a top-level number ends with the input (validator only) */
        p->state = ST_DONE;
    } else if (p->state != ST_DONE) {
        status = fail(p, diag, WK_ERR_JSON_TRUNCATED,
                      (p->offset == 0u) ? "empty body: no JSON document"
                                        : "the body ended inside the JSON document");
    } else {
        /* complete */
    }
    return status;
}

wk_status_t wk_users_parser_feed(wk_users_parser_t *p, const uint8_t *data, size_t len,
                                 wk_diag_t *diag)
{
    wk_status_t status = WK_ERR_ARG;
    if (p != NULL && p->on_user != NULL && !p->validate_only) {
        status = scan_feed(p, data, len, diag);
    }
    return status;
}

wk_status_t wk_users_parser_finish(wk_users_parser_t *p, wk_diag_t *diag)
{
    wk_status_t status = WK_ERR_ARG;
    if (p != NULL && p->on_user != NULL && !p->validate_only) {
        status = scan_finish(p, diag);
    }
    return status;
}

wk_status_t wk_users_parser_next_token(const wk_users_parser_t *p, const char **token,
                                       size_t *len)
{
    wk_status_t status = WK_PARTIAL;
    if (p == NULL || token == NULL || len == NULL) {
        status = WK_ERR_ARG;
    } else if (p->failed != WK_OK || p->state != ST_DONE) {
        status = WK_ERR_STATE;
    } else if (p->has_token && p->token_len > 0u) {
        *token = p->next_token;
        *len = p->token_len;
        status = WK_OK;
    } else {
        *token = "";
        *len = 0u;
    }
    return status;
}

/* ---- Whole-document validation --------------------------------------------------- */

wk_status_t wk_json_validate_init(wk_json_validator_t *v)
{
    wk_status_t status = WK_ERR_ARG;
    if (v != NULL) {
        memset(v, 0, sizeof(*v));
        v->state = ST_VALUE;
        v->failed = WK_OK;
        v->validate_only = true;
        status = WK_OK;
    }
    return status;
}

wk_status_t wk_json_validate_feed(wk_json_validator_t *v, const uint8_t *data, size_t len,
                                  wk_diag_t *diag)
{
    wk_status_t status = WK_ERR_ARG;
    if (v != NULL && v->validate_only) {
        status = scan_feed(v, data, len, diag);
    }
    return status;
}

wk_status_t wk_json_validate_finish(wk_json_validator_t *v, wk_diag_t *diag)
{
    wk_status_t status = WK_ERR_ARG;
    if (v != NULL && v->validate_only) {
        status = scan_finish(v, diag);
    }
    return status;
}
