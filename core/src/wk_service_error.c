/* SPDX-License-Identifier: Apache-2.0 */
/* see wk_users.h */
#include <string.h>

#include "wk_users_internal.h"

/* Room the cut marker needs. */
#define CUT_MARK "..."
#define CUT_MARK_LEN 3u
/* Longest body member name compared ("message", "reasons", "__type"). */
#define KEY_MAX 16u

/* Text written into a fixed buffer, one code point at a time. If it does not
 * fit, it is cut back to the last code point boundary that leaves room for
 * "..." and the NUL. */
typedef struct text_out {
    char *buf;
    size_t cap;   /* bytes, NUL included; at least CUT_MARK_LEN + 1 */
    size_t len;
    size_t safe;  /* longest prefix that still leaves room for the marker */
    bool cut;
    bool sanitize; /* restJson1 error type: stop at ',' or ':', restart after '#' */
    bool stopped;
    bool hashed;
} text_out_t;

static void out_init(text_out_t *o, char *buf, size_t cap, bool sanitize)
{
    memset(o, 0, sizeof(*o));
    o->buf = buf;
    o->cap = cap;
    o->sanitize = sanitize;
}

static void out_bytes(text_out_t *o, const char *bytes, size_t n)
{
    if (o->cut) {
        /* already full */
    } else if (o->len + n <= o->cap - 1u) {
        memcpy(&o->buf[o->len], bytes, n);
        o->len += n;
        if (o->len + CUT_MARK_LEN <= o->cap - 1u) {
            o->safe = o->len;
        }
    } else {
        o->cut = true;
    }
}

static void out_code_point(text_out_t *o, uint32_t cp)
{
    char utf8[4];
    if (o->stopped) {
        /* sanitized away */
    } else if (o->sanitize && (cp == ',' || cp == ':')) {
        o->stopped = true;
    } else if (o->sanitize && cp == '#' && !o->hashed) {
        /* Everything before the first '#' is a namespace: drop it. */
        o->hashed = true;
        o->len = 0u;
        o->safe = 0u;
        o->cut = false;
    } else if (cp == 0u) {
        /* Keep it visible rather than ending the C string early. */
        out_bytes(o, "\\u0000", 6u);
    } else {
        out_bytes(o, utf8, wk_utf8_encode(cp, utf8));
    }
}

/* NUL-terminates; returns true when the text was cut. */
static bool out_end(text_out_t *o)
{
    if (o->cut) {
        o->len = o->safe;
        memcpy(&o->buf[o->len], CUT_MARK, CUT_MARK_LEN);
        o->len += CUT_MARK_LEN;
    }
    o->buf[o->len] = '\0';
    return o->cut;
}

/* Raw header bytes (not JSON): each byte stands for itself. */
static bool copy_header_text(char *buf, size_t cap, const char *value, size_t len, bool sanitize)
{
    text_out_t o;
    size_t i;
    out_init(&o, buf, cap, sanitize);
    for (i = 0u; i < len; i++) {
        if (sanitize && (value[i] == ',' || value[i] == ':' || value[i] == '#')) {
            out_code_point(&o, (uint8_t)value[i]);
        } else if (!o.stopped) {
            out_bytes(&o, &value[i], 1u);
        } else {
            /* sanitized away */
        }
    }
    return out_end(&o);
}

/* ---- Body -------------------------------------------------------------------- */

typedef struct body {
    const char *js;
    const jsmntok_t *toks;
    unsigned int n;
    bool malformed; /* a string the client reads is not valid JSON text */
    bool cut;
} body_t;

/* Decodes string token t into o; a malformed string marks the whole body. */
static void decode_into(body_t *b, const jsmntok_t *t, text_out_t *o)
{
    const char *s = &b->js[t->start];
    size_t len = (size_t)(t->end - t->start);
    size_t pos = 0u;
    uint32_t cp = 0u;
    bool ok = true;
    while (ok && pos < len) {
        ok = wk_json_next_code_point(s, len, &pos, &cp);
        if (ok) {
            out_code_point(o, cp);
        }
    }
    if (!ok) {
        b->malformed = true;
    }
    if (out_end(o)) {
        b->cut = true;
    }
}

static bool is_string(const body_t *b, unsigned int i)
{
    return i < b->n && b->toks[i].type == JSMN_STRING;
}

/* Member name token i, decoded, compared with name (optionally ignoring case). */
static bool key_is(body_t *b, unsigned int i, const char *name, bool any_case)
{
    char key[KEY_MAX];
    text_out_t o;
    bool body_cut = b->cut;
    bool match;
    out_init(&o, key, sizeof(key), false);
    decode_into(b, &b->toks[i], &o);
    b->cut = body_cut; /* a long name is simply not one of ours, not a cut */
    if (o.cut) {
        match = false;
    } else if (any_case) {
        match = wk_ieq(key, o.len, name);
    } else {
        match = o.len == wk_strlen(name) && memcmp(key, name, o.len) == 0;
    }
    return match;
}

static unsigned int skip_token(const body_t *b, unsigned int i)
{
    /* Open containers of a partial parse have end == -1: they run to the end. */
    int end = (b->toks[i].end < 0) ? INT32_MAX : b->toks[i].end;
    unsigned int j = i + 1u;
    while (j < b->n && b->toks[j].start < end) {
        j++;
    }
    return j;
}

/* Value token index of each member the client reads; n when absent. */
typedef struct members {
    unsigned int code;
    unsigned int type;
    unsigned int message;
    unsigned int message_alt;
    unsigned int reasons;
} members_t;

static void note_member(body_t *b, unsigned int key, members_t *m)
{
    unsigned int value = key + 1u;
    if (m->code == b->n && key_is(b, key, "code", true)) {
        m->code = value;
    } else if (key_is(b, key, "__type", false)) {
        m->type = value;
    } else if (key_is(b, key, "message", false)) {
        m->message = value;
    } else if (key_is(b, key, "Message", false)) {
        m->message_alt = value;
    } else if (key_is(b, key, "reasons", false)) {
        m->reasons = value;
    } else {
        /* not used */
    }
}

static void find_members(body_t *b, members_t *m)
{
    unsigned int i = 1u;
    int k;
    m->code = m->type = m->message = m->message_alt = m->reasons = b->n;
    for (k = 0; k < b->toks[0].size && i + 1u < b->n; k++) {
        note_member(b, i, m);
        i = skip_token(b, i + 1u);
    }
}

static void decode_or_empty(body_t *b, unsigned int i, text_out_t *o)
{
    if (is_string(b, i)) {
        decode_into(b, &b->toks[i], o);
    } else {
        (void)out_end(o);
    }
}

/* One {"field": ..., "reason": ...} object at token i; false once the pool is
 * full (this pair was cut or dropped). */
static bool add_reason(wk_service_error_t *e, body_t *b, unsigned int i)
{
    size_t room = sizeof(e->reasons) - e->reasons_len;
    unsigned int field = b->n;
    unsigned int reason = b->n;
    unsigned int j = i + 1u;
    int k;
    text_out_t o;
    bool fits = room >= 4u * (CUT_MARK_LEN + 1u);
    bool whole = false;

    for (k = 0; k < b->toks[i].size && j + 1u < b->n; k++) {
        if (key_is(b, j, "field", false)) {
            field = j + 1u;
        } else if (key_is(b, j, "reason", false)) {
            reason = j + 1u;
        } else {
            /* not used */
        }
        j = skip_token(b, j + 1u);
    }
    if (fits) {
        /* The field name may take all but the smallest room a cut reason needs. */
        out_init(&o, &e->reasons[e->reasons_len], room - (CUT_MARK_LEN + 1u), false);
        decode_or_empty(b, field, &o);
        e->reasons_len += o.len + 1u;
        whole = !o.cut;
        out_init(&o, &e->reasons[e->reasons_len], sizeof(e->reasons) - e->reasons_len, false);
        decode_or_empty(b, reason, &o);
        e->reasons_len += o.len + 1u;
        whole = whole && !o.cut;
        e->reason_count++;
    } else {
        b->cut = true;
    }
    return whole;
}

static void read_reasons(wk_service_error_t *e, body_t *b, unsigned int list)
{
    unsigned int i = list + 1u;
    int k;
    bool room = true;
    for (k = 0; room && k < b->toks[list].size && i < b->n; k++) {
        if (b->toks[i].type == JSMN_OBJECT) {
            room = add_reason(e, b, i);
        }
        i = skip_token(b, i);
    }
}

/* The members of a body that is a JSON object (possibly read only in part). */
static void read_members(wk_service_error_t *e, body_t *b)
{
    members_t m;
    text_out_t o;

    find_members(b, &m);
    if (!e->type_from_header) {
        out_init(&o, e->type, sizeof(e->type), true);
        decode_or_empty(b, is_string(b, m.code) ? m.code : m.type, &o);
    }
    out_init(&o, e->message, sizeof(e->message), false);
    decode_or_empty(b, is_string(b, m.message) ? m.message : m.message_alt, &o);
    if (m.reasons < b->n && b->toks[m.reasons].type == JSMN_ARRAY) {
        read_reasons(e, b, m.reasons);
    }
    if (b->malformed) {
        /* Not valid JSON text after all: keep nothing from it. */
        if (!e->type_from_header) {
            e->type[0] = '\0';
        }
        e->message[0] = '\0';
        e->reason_count = 0u;
        e->reasons_len = 0u;
        b->cut = false;
    }
}

static void read_body(wk_service_error_t *e, const uint8_t *body, size_t len)
{
    /* The slots are only ever accessed as jsmn tokens (layout checked in wk_users.c). */
    jsmntok_t *toks = (jsmntok_t *)(void *)e->tokens;
    body_t b = {(const char *)body, toks, 0u, false, false};
    wk_status_t status = wk_json_tokenize(b.js, len, toks, CONFIG_WK_JSON_MAX_TOKENS, &b.n);

    /* Too many tokens: read what came before (the usual members come first). */
    b.cut = status == WK_ERR_JSON_TOO_MANY_TOKENS;
    if ((status == WK_OK || b.cut) && b.n > 0u && toks[0].type == JSMN_OBJECT) {
        read_members(e, &b);
    }
    e->message_truncated = e->message_truncated || b.cut;
}

/* ---- Public API ----------------------------------------------------------------- */

wk_status_t wk_service_error_begin(wk_service_error_t *e, uint16_t http_status)
{
    wk_status_t status = WK_ERR_ARG;
    if (e != NULL) {
        memset(e, 0, sizeof(*e));
        e->http_status = http_status;
        e->status = WK_ERR_SERVICE;
        status = WK_OK;
    }
    return status;
}

wk_status_t wk_service_error_header(wk_service_error_t *e, const char *name, size_t name_len,
                                    const char *value, size_t value_len)
{
    wk_status_t status = WK_OK;
    if (e == NULL || (name == NULL && name_len > 0u) || (value == NULL && value_len > 0u)) {
        status = WK_ERR_ARG;
    } else if (name_len > 0u && wk_ieq(name, name_len, "x-amzn-errortype")) {
        if (copy_header_text(e->type, sizeof(e->type), value, value_len, true)) {
            e->header_cut = true;
        }
        /* An empty header names nothing; the body may still. */
        e->type_from_header = e->type[0] != '\0';
    } else if (name_len > 0u && wk_ieq(name, name_len, "x-amzn-requestid")) {
        if (copy_header_text(e->request_id, sizeof(e->request_id), value, value_len, false)) {
            e->header_cut = true;
        }
    } else {
        /* not kept */
    }
    if (status == WK_OK) {
        e->message_truncated = e->message_truncated || e->header_cut;
    }
    return status;
}

wk_status_t wk_service_error_finish(wk_service_error_t *e, const uint8_t *body, size_t body_len)
{
    wk_status_t status = WK_ERR_ARG;
    if (e != NULL && (body != NULL || body_len == 0u)) {
        e->message_truncated = e->header_cut;
        if (body_len > 0u) {
            read_body(e, body, body_len);
        }
        e->status = wk_service_error_status_for(e->type, wk_strlen(e->type), e->http_status);
        status = e->status;
    }
    return status;
}

wk_status_t wk_service_error_reason(const wk_service_error_t *e, size_t i, const char **field,
                                    const char **reason)
{
    wk_status_t status = WK_ERR_ARG;
    size_t pos = 0u;
    size_t k;
    if (e != NULL && field != NULL && reason != NULL && i < e->reason_count) {
        /* Pairs are "field\0reason\0": skip 2 * i strings. */
        for (k = 0u; k < 2u * i; k++) {
            pos += wk_strlen(&e->reasons[pos]) + 1u;
        }
        *field = &e->reasons[pos];
        *reason = &e->reasons[pos + wk_strlen(&e->reasons[pos]) + 1u];
        status = WK_OK;
    }
    return status;
}

static wk_status_t status_for_http(uint16_t http_status)
{
    static const struct {
        uint16_t code;
        wk_status_t status;
    } k_map[] = {
        {400u, WK_ERR_BAD_REQUEST}, {401u, WK_ERR_UNAUTHORIZED}, {403u, WK_ERR_FORBIDDEN},
        {404u, WK_ERR_NOT_FOUND},   {422u, WK_ERR_VALIDATION},   {429u, WK_ERR_RATE_LIMIT},
        {500u, WK_ERR_INTERNAL},
    };
    wk_status_t status = (http_status >= 500u && http_status <= 599u) ? WK_ERR_INTERNAL
                                                                       : WK_ERR_SERVICE;
    size_t i;
    for (i = 0u; i < WK_ARRAY_LEN(k_map); i++) {
        if (k_map[i].code == http_status) {
            status = k_map[i].status;
        }
    }
    return status;
}

wk_status_t wk_service_error_status_for(const char *type, size_t type_len, uint16_t http_status)
{
    static const struct {
        const char *name;
        wk_status_t status;
    } k_map[] = {
        {"BadRequestError", WK_ERR_BAD_REQUEST},
        {"UnauthorizedError", WK_ERR_UNAUTHORIZED},
        {"ForbiddenError", WK_ERR_FORBIDDEN},
        {"ResourceNotFoundError", WK_ERR_NOT_FOUND},
        {"ValidationError", WK_ERR_VALIDATION},
        {"RateLimitError", WK_ERR_RATE_LIMIT},
        {"InternalServerError", WK_ERR_INTERNAL},
        {"InvalidSignatureException", WK_ERR_INVALID_SIGNATURE},
        {"UnrecognizedClientException", WK_ERR_UNRECOGNIZED_CLIENT},
        {"ExpiredTokenException", WK_ERR_EXPIRED_TOKEN},
        {"AccessDeniedException", WK_ERR_ACCESS_DENIED},
        {"MissingAuthenticationTokenException", WK_ERR_MISSING_AUTH_TOKEN},
    };
    wk_status_t status = WK_ERR_SERVICE;
    size_t i;
    if (type == NULL || type_len == 0u) {
        status = status_for_http(http_status);
    } else {
        for (i = 0u; i < WK_ARRAY_LEN(k_map); i++) {
            if (wk_strlen(k_map[i].name) == type_len && memcmp(k_map[i].name, type, type_len) == 0) {
                status = k_map[i].status;
            }
        }
    }
    return status;
}
