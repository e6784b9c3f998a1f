/* SPDX-License-Identifier: Apache-2.0 */
/* see wk_service_error.h */
#include <string.h>

#include "wk_internal.h"

/* Room the cut marker needs, and the smallest text that shows a cut. */
#define CUT_MARK "..."
#define CUT_MARK_LEN 3u
#define SMALLEST_CUT (CUT_MARK_LEN + 1u)

/* ---- Text written into a fixed buffer -------------------------------------------
 * If it does not fit, it is cut back to the last character boundary that
 * leaves room for "..." and the NUL. */

static void out_start(wk_service_error_t *e, char *buf, size_t cap, bool sanitize, bool *cut_flag)
{
    memset(&e->out, 0, sizeof(e->out));
    e->out.buf = buf;
    e->out.cap = cap;
    e->out.sanitize = sanitize;
    e->out.cut_flag = cut_flag;
}

static void out_raw(wk_service_error_t *e, const char *bytes, size_t n)
{
    /* A byte that starts a character: the text so far may end there. */
    if (((uint8_t)bytes[0] & 0xC0u) != 0x80u && e->out.len + CUT_MARK_LEN <= e->out.cap - 1u) {
        e->out.safe = e->out.len;
    }
    if (e->out.cut) {
        /* already full */
    } else if (e->out.len + n <= e->out.cap - 1u) {
        memcpy(&e->out.buf[e->out.len], bytes, n);
        e->out.len += n;
    } else {
        e->out.cut = true;
    }
}

static void out_byte(wk_service_error_t *e, char c)
{
    if (e->out.buf == NULL || e->out.stopped) {
        /* not kept, or sanitized away */
    } else if (e->out.sanitize && (c == ',' || c == ':')) {
        e->out.stopped = true;
    } else if (e->out.sanitize && c == '#' && !e->out.hashed) {
        /* Everything before the first '#' is a namespace: drop it. */
        e->out.hashed = true;
        e->out.len = 0u;
        e->out.safe = 0u;
        e->out.cut = false;
    } else if (c == '\0') {
        /* Keep it visible rather than ending the C string early. */
        out_raw(e, "\\u0000", 6u);
    } else {
        out_raw(e, &c, 1u);
    }
}

/* NUL-terminates; returns the text's length. */
static size_t out_end(wk_service_error_t *e)
{
    if (e->out.buf != NULL) {
        if (e->out.cut) {
            e->out.len = e->out.safe;
            memcpy(&e->out.buf[e->out.len], CUT_MARK, CUT_MARK_LEN);
            e->out.len += CUT_MARK_LEN;
            *e->out.cut_flag = true;
        }
        e->out.buf[e->out.len] = '\0';
    }
    return e->out.len;
}

/* ---- Body ---------------------------------------------------------------------- */

/* The decoded bytes of a text (its TEXT and TEXT_END events) go to the writer. */
static void text_bytes(wk_service_error_t *e, wk_json_event_t event, const char *bytes, size_t n)
{
    size_t i;
    for (i = 0u; event == WK_JSON_TEXT && i < n; i++) {
        out_byte(e, bytes[i]);
    }
    if (event == WK_JSON_TEXT_END) {
        (void)out_end(e);
    }
}

/* The error's own members, told apart by their first letter: the type from
 * "code" (any case) over "__type", the message from "message" over
 * "Message"; among equals the last one wins. */
static wk_status_t body_text(void *record, wk_json_event_t event, const wk_json_member_t *m,
                             const char *bytes, size_t n)
{
    wk_service_error_t *e = record;
    bool type = m != NULL && (m->name[0] == 'c' || m->name[0] == '_');
    uint8_t rank = (m != NULL && (m->name[0] == 'c' || m->name[0] == 'm')) ? 2u : 1u;
    uint8_t *kept = type ? &e->type_rank : &e->message_rank;
    bool keep = rank >= *kept && !(type && e->type_from_header);
    if (event == WK_JSON_TEXT_BEGIN) {
        *kept = keep ? rank : *kept;
        out_start(e, !keep ? NULL : (type ? e->type : e->message),
                  type ? sizeof(e->type) : sizeof(e->message), type,
                  type ? &e->type_cut : &e->message_cut);
        *e->out.cut_flag = keep ? false : *e->out.cut_flag;
    }
    text_bytes(e, event, bytes, n);
    return WK_OK;
}

static void reverse(char *s, size_t n)
{
    size_t i;
    char c;
    for (i = 0u; i < n / 2u; i++) {
        c = s[i];
        s[i] = s[n - 1u - i];
        s[n - 1u - i] = c;
    }
}

/* One {"field": ..., "reason": ...} object, kept as "field\0reason\0" in
 * the pool while there is room for it. The text that comes first leaves room
 * for the other one's smallest cut form; a repeated one replaces its first. */
static wk_status_t reason_text(void *record, wk_json_event_t event, const wk_json_member_t *m,
                               const char *bytes, size_t n)
{
    wk_service_error_t *e = record;
    unsigned w = (m != NULL && m->name[0] == 'r') ? 1u : 0u;
    size_t *at = e->pair.at;
    size_t room = sizeof(e->reasons) - e->reasons_len;
    size_t k;
    if (event == WK_JSON_OBJECT_BEGIN) {
        e->pair.kept = !e->reasons_cut && room >= 4u * SMALLEST_CUT;
        e->reasons_cut = !e->pair.kept;
        e->pair.start = e->reasons_len;
        at[0] = at[1] = SIZE_MAX;
        e->pair.cut[0] = e->pair.cut[1] = false;
    } else if (!e->pair.kept) {
        out_start(e, NULL, 0u, false, NULL); /* dropped, said by reasons_cut */
    } else if (event == WK_JSON_TEXT_BEGIN) {
        if (at[w] != SIZE_MAX) {
            /* a repeat: the first one leaves the pool */
            k = wk_strlen(&e->reasons[at[w]]) + 1u;
            memmove(&e->reasons[at[w]], &e->reasons[at[w] + k], e->reasons_len - at[w] - k);
            e->reasons_len -= k;
            room += k;
            at[1u - w] -= (at[1u - w] != SIZE_MAX && at[1u - w] > at[w]) ? k : 0u;
        }
        at[w] = e->reasons_len;
        out_start(e, &e->reasons[at[w]], (at[1u - w] == SIZE_MAX) ? room - SMALLEST_CUT : room,
                  false, &e->pair.cut[w]);
        e->pair.cut[w] = false;
    } else if (event != WK_JSON_OBJECT_END) {
        text_bytes(e, event, bytes, n);
        e->reasons_len += (event == WK_JSON_TEXT_END) ? e->out.len + 1u : 0u;
    } else {
        /* the object ended: an absent text is "", and the field comes first */
        for (w = 0u; w < 2u; w++) {
            if (at[w] == SIZE_MAX) {
                at[w] = e->reasons_len;
                e->reasons[e->reasons_len++] = '\0';
            }
        }
        if (at[1] < at[0]) {
            k = wk_strlen(&e->reasons[at[1]]) + 1u;
            n = e->reasons_len - e->pair.start;
            reverse(&e->reasons[e->pair.start], k);
            reverse(&e->reasons[e->pair.start + k], n - k);
            reverse(&e->reasons[e->pair.start], n);
        }
        e->reason_count++;
        e->reasons_cut = e->pair.cut[0] || e->pair.cut[1];
    }
    return WK_OK;
}

static const wk_json_member_t k_reason_members[] = {
    WK_JSON_HOOKED_TEXT("field", 0u),
    WK_JSON_HOOKED_TEXT("reason", 0u),
};
static const wk_json_object_t k_reason = WK_JSON_TABLE(
    k_reason_members, offsetof(wk_service_error_t, present[1]), WK_JSON_LENIENT, reason_text);

static const wk_json_member_t k_body_members[] = {
    WK_JSON_HOOKED_TEXT("code", WK_JSON_ANY_CASE),
    WK_JSON_HOOKED_TEXT("__type", 0u),
    WK_JSON_HOOKED_TEXT("message", 0u),
    WK_JSON_HOOKED_TEXT("Message", 0u),
    WK_JSON_OBJECT_LIST("reasons", &k_reason),
};
static const wk_json_object_t k_body = WK_JSON_TABLE(
    k_body_members, offsetof(wk_service_error_t, present[0]), WK_JSON_LENIENT, body_text);
_Static_assert(offsetof(wk_service_error_t, present[1]) <= UINT16_MAX, "row offsets are 16-bit");

/* Every text goes to the hooks: the document keeps no strings of its own. */
static const wk_json_doc_t k_doc = {&k_body, 0u, 0u, ""};

/* The modeled error types in the order of their statuses from
 * WK_ERR_BAD_REQUEST on. The first ones end in "Error" and are, in the
 * same order, the types of the HTTP statuses in k_http; the others end in
 * "Exception". */
static const char k_types[] = "BadRequest\0Unauthorized\0Forbidden\0ResourceNotFound\0Validation\0"
                              "RateLimit\0InternalServer\0InvalidSignature\0UnrecognizedClient\0"
                              "ExpiredToken\0AccessDenied\0MissingAuthenticationToken";
#define TYPE_COUNT 12u
static const uint16_t k_http[] = {400u, 401u, 403u, 404u, 422u, 429u, 500u};
_Static_assert(WK_ERR_MISSING_AUTH_TOKEN == WK_ERR_BAD_REQUEST - (int)(TYPE_COUNT - 1u) &&
                   WK_ERR_INTERNAL == WK_ERR_BAD_REQUEST - (int)(WK_ARRAY_LEN(k_http) - 1u),
               "the statuses follow the order of k_types");

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
    bool type;
    size_t i;
    if (e == NULL || (name == NULL && name_len > 0u) || (value == NULL && value_len > 0u)) {
        return WK_ERR_ARG;
    }
    type = wk_ieq(name, name_len, "x-amzn-errortype");
    if (type || wk_ieq(name, name_len, "x-amzn-requestid")) {
        /* raw header bytes (not JSON): each byte stands for itself */
        out_start(e, type ? e->type : e->request_id, type ? sizeof(e->type) : sizeof(e->request_id),
                  type, &e->header_cut);
        for (i = 0u; i < value_len; i++) {
            out_byte(e, value[i]);
        }
        (void)out_end(e);
        /* An empty type names nothing; the body may still. */
        e->type_from_header = type ? e->type[0] != '\0' : e->type_from_header;
    }
    e->message_truncated = e->message_truncated || e->header_cut;
    return WK_OK;
}

wk_status_t wk_service_error_finish(wk_service_error_t *e, const uint8_t *body, size_t body_len)
{
    wk_status_t status = WK_ERR_ARG;
    if (e != NULL && (body != NULL || body_len == 0u)) {
        e->type_rank = 0u;
        e->message_rank = 0u;
        e->type_cut = e->message_cut = e->reasons_cut = false;
        if (body_len > 0u) {
            (void)wk_json_reader_init(&e->reader, &k_doc, e);
            status = wk_json_reader_feed(&e->reader, body, body_len, NULL);
            status = (status >= 0) ? wk_json_reader_finish(&e->reader, NULL) : status;
            if (status != WK_OK) {
                /* Not one valid JSON document after all: keep nothing from it. */
                if (!e->type_from_header) {
                    e->type[0] = '\0';
                }
                e->message[0] = '\0';
                e->reason_count = 0u;
                e->reasons_len = 0u;
                e->type_cut = e->message_cut = e->reasons_cut = false;
            }
        }
        e->message_truncated = e->header_cut || e->type_cut || e->message_cut || e->reasons_cut;
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

wk_status_t wk_service_error_status_for(const char *type, size_t type_len, uint16_t http_status)
{
    const char *name = k_types;
    const char *suffix;
    size_t n;
    size_t i;
    wk_status_t status = WK_ERR_SERVICE;
    if (type == NULL || type_len == 0u) {
        type_len = 0u;
        status = (http_status >= 500u && http_status <= 599u) ? WK_ERR_INTERNAL : WK_ERR_SERVICE;
    }
    for (i = 0u; i < TYPE_COUNT; i++, name += n + 1u) {
        n = wk_strlen(name);
        suffix = (i < WK_ARRAY_LEN(k_http)) ? "Error" : "Exception";
        if ((type_len == 0u) ? (i < WK_ARRAY_LEN(k_http) && k_http[i] == http_status)
                             : (type_len == n + wk_strlen(suffix) && memcmp(type, name, n) == 0 &&
                                memcmp(type + n, suffix, type_len - n) == 0)) {
            status = (wk_status_t)(WK_ERR_BAD_REQUEST - (int)i);
        }
    }
    return status;
}
