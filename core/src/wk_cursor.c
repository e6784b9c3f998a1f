/* SPDX-License-Identifier: Apache-2.0 */
/* see wk_cursor.h */
#include <string.h>

#include "wk_internal.h"

/* "wk1:" cursors carry no digest; "wk2:" ones do, after the index. */
#define CURSOR_PREFIX_LEN 4u
#define DIGEST_HEX 16u

#define FNV64_PRIME 0x100000001b3u

static const char k_b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static int b64url_value(char ch)
{
    int v = -1;
    if (ch >= 'A' && ch <= 'Z') {
        v = ch - 'A';
    } else if (ch >= 'a' && ch <= 'z') {
        v = ch - 'a' + 26;
    } else if (ch >= '0' && ch <= '9') {
        v = ch - '0' + 52;
    } else if (ch == '-') {
        v = 62;
    } else if (ch == '_') {
        v = 63;
    } else {
        /* not in the alphabet */
    }
    return v;
}

static uint64_t fnv1a(uint64_t h, const void *data, size_t n)
{
    const uint8_t *b = data;
    size_t i;
    for (i = 0u; i < n; i++) {
        h = (h ^ b[i]) * FNV64_PRIME;
    }
    return h;
}

static uint64_t digest_field(uint64_t h, wk_user_field_t f, const wk_str_t *v)
{
    uint8_t head[5];
    head[0] = (uint8_t)f;
    head[1] = (uint8_t)v->len;
    head[2] = (uint8_t)(v->len >> 8);
    head[3] = (uint8_t)(v->len >> 16);
    head[4] = (uint8_t)(v->len >> 24);
    return fnv1a(fnv1a(h, head, sizeof(head)), v->ptr, v->len);
}

/* see wk_internal.h */
uint64_t wk_cursor_digest_user(uint64_t digest, const wk_user_t *u)
{
    /* The fields that name a user, the best first (an empty one names no
     * one); a user without any of them is known by all of its other texts.
     * Never its state (status, suspended, counters): that may change between
     * two reads of a page. */
    static const struct {
        wk_user_field_t field;
        size_t offset;
    } k_names[] = {
        {WK_USER_USER_ID, offsetof(wk_user_t, user_id)},
        {WK_USER_UNAME, offsetof(wk_user_t, uname)},
        {WK_USER_USERNAME, offsetof(wk_user_t, username)},
        {WK_USER_FIRST_NAME, offsetof(wk_user_t, first_name)},
        {WK_USER_LAST_NAME, offsetof(wk_user_t, last_name)},
        {WK_USER_SCIM_ID, offsetof(wk_user_t, scim_id)},
        {WK_USER_TYPE, offsetof(wk_user_t, type)},
        {WK_USER_CELL, offsetof(wk_user_t, cell)},
        {WK_USER_COUNTRY_CODE, offsetof(wk_user_t, country_code)},
        {WK_USER_INVITE_CODE, offsetof(wk_user_t, invite_code)},
    };
    static const uint8_t k_end = 0xFFu;
    const size_t identifiers = 3u; /* userId, uname, username */
    const wk_str_t *v;
    bool named = false;
    size_t i;

    for (i = 0u; i < WK_ARRAY_LEN(k_names) && !named; i++) {
        v = (const wk_str_t *)(const void *)((const char *)u + k_names[i].offset);
        if (WK_USER_HAS(u, k_names[i].field) && (v->len > 0u || i >= identifiers)) {
            digest = digest_field(digest, k_names[i].field, v);
            named = i < identifiers;
        }
    }
    return fnv1a(digest, &k_end, 1u);
}

wk_status_t wk_cursor_format(const wk_cursor_t *cur, char *buf, size_t cap, size_t *len)
{
    char digits[10];
    size_t nd = 0u;
    size_t need;
    size_t i;
    size_t o;
    uint32_t v;
    uint32_t acc = 0u;
    unsigned bits = 0u;
    bool with_digest;

    if (cur == NULL || buf == NULL || len == NULL || cur->token_len >= sizeof(cur->token)) {
        return WK_ERR_ARG;
    }
    v = cur->index;
    do {
        digits[nd++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0u);
    /* with nothing delivered from the page there is nothing to check */
    with_digest = cur->has_digest && cur->index > 0u;
    need = CURSOR_PREFIX_LEN + nd + 1u + (with_digest ? DIGEST_HEX + 1u : 0u) +
           (cur->token_len * 4u + 2u) / 3u;
    if (need >= cap) {
        return WK_ERR_NO_SPACE;
    }
    memcpy(buf, with_digest ? "wk2:" : "wk1:", CURSOR_PREFIX_LEN);
    o = CURSOR_PREFIX_LEN;
    while (nd > 0u) {
        buf[o++] = digits[--nd];
    }
    buf[o++] = ':';
    for (i = 0u; with_digest && i < DIGEST_HEX; i++) {
        buf[o++] = WK_HEX_LOWER(cur->digest >> (60u - 4u * i));
    }
    if (with_digest) {
        buf[o++] = ':';
    }
    /* base64url without padding, six bits at a time as wk_cursor_parse() reads it */
    for (i = 0u; i < cur->token_len; i++) {
        acc = (acc << 8) | (uint8_t)cur->token[i];
        bits += 8u;
        while (bits >= 6u) {
            bits -= 6u;
            buf[o++] = k_b64url[(acc >> bits) & 63u];
        }
    }
    if (bits > 0u) {
        buf[o++] = k_b64url[(acc << (6u - bits)) & 63u];
    }
    buf[o] = '\0';
    *len = o;
    return WK_OK;
}

static wk_status_t bad(wk_diag_t *diag, const char *what, size_t offset)
{
    wk_diag_clear(diag);
    wk_diag_fmt(diag, "cursor: %s at byte %llu", what, (unsigned long long)offset);
    return WK_ERR_CURSOR;
}

/* 16 lowercase hex digits ending at ':'; *pos moves past the ':'. Lowercase
 * only, so that each cursor has one text form. */
static wk_status_t parse_digest(const char *text, size_t len, size_t *pos, uint64_t *digest,
                                wk_diag_t *diag)
{
    uint64_t v = 0u;
    size_t i = *pos;
    while (i < len && i - *pos < DIGEST_HEX &&
           ((text[i] >= '0' && text[i] <= '9') || (text[i] >= 'a' && text[i] <= 'f'))) {
        v = (v << 4) | (uint64_t)wk_hex_digit_value(text[i]);
        i++;
    }
    if (i - *pos != DIGEST_HEX || i >= len || text[i] != ':') {
        return bad(diag, "expected 16 lowercase hex digits followed by ':'", i);
    }
    *digest = v;
    *pos = i + 1u;
    return WK_OK;
}

/* Decimal index below 2^32 ending at ':'; *pos moves past the ':'. */
static wk_status_t parse_index(const char *text, size_t len, size_t *pos, uint32_t *index,
                               wk_diag_t *diag)
{
    uint64_t v = 0u;
    size_t i = *pos;
    while (i < len && text[i] >= '0' && text[i] <= '9' && i - *pos < 10u) {
        v = v * 10u + (uint64_t)(text[i] - '0');
        i++;
    }
    if (i == *pos || i >= len || text[i] != ':' || v > 0xFFFFFFFFu) {
        return bad(diag, "expected a decimal index below 2^32 followed by ':'", i);
    }
    *index = (uint32_t)v;
    *pos = i + 1u;
    return WK_OK;
}

wk_status_t wk_cursor_parse(wk_cursor_t *cur, const char *text, size_t len, wk_diag_t *diag)
{
    wk_status_t status;
    size_t pos = CURSOR_PREFIX_LEN;
    size_t n = 0u;
    uint32_t index = 0u;
    uint64_t digest = 0u;
    uint32_t acc = 0u;
    unsigned bits = 0u;
    bool with_digest;
    int v;

    if (cur == NULL || text == NULL) {
        return WK_ERR_ARG;
    }
    with_digest = len >= CURSOR_PREFIX_LEN && memcmp(text, "wk2:", CURSOR_PREFIX_LEN) == 0;
    if (!with_digest && (len < CURSOR_PREFIX_LEN || memcmp(text, "wk1:", CURSOR_PREFIX_LEN) != 0)) {
        status = bad(diag, "does not start with \"wk1:\" or \"wk2:\"", 0u);
        pos = len;
    } else {
        status = parse_index(text, len, &pos, &index, diag);
    }
    if (status == WK_OK && with_digest) {
        status = parse_digest(text, len, &pos, &digest, diag);
    }
    /* a lone sixth character cannot end a base64 quantum: it would hide bits */
    if (status == WK_OK && (len - pos) % 4u == 1u) {
        status = bad(diag, "base64url token ends inside a character", len - 1u);
    }
    for (; status == WK_OK && pos < len; pos++) {
        v = b64url_value(text[pos]);
        if (v < 0) {
            status = bad(diag, "not a base64url character", pos);
        } else {
            acc = (acc << 6) | (uint32_t)v;
            bits += 6u;
            if (bits >= 8u) {
                bits -= 8u;
                if (n + 1u >= sizeof(cur->token)) {
                    status = bad(diag, "token longer than CONFIG_WK_NEXT_TOKEN_MAX - 1", pos);
                } else if (((acc >> bits) & 0xFFu) == 0u) {
                    status = bad(diag, "token contains NUL", pos);
                } else {
                    cur->token[n++] = (char)((acc >> bits) & 0xFFu);
                }
            }
        }
    }
    /* leftover bits must be zero, so each token has exactly one text form */
    if (status == WK_OK && (acc & ((1u << bits) - 1u)) != 0u) {
        status = bad(diag, "base64url token has stray bits in its last character", len - 1u);
    }
    /* never half a cursor: a failed parse leaves the start of a listing */
    cur->token[status == WK_OK ? n : 0u] = '\0';
    cur->token_len = status == WK_OK ? n : 0u;
    cur->index = status == WK_OK ? index : 0u;
    cur->digest = status == WK_OK ? digest : 0u;
    cur->has_digest = status == WK_OK && with_digest;
    return status;
}
