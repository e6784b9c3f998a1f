/* SPDX-License-Identifier: Apache-2.0 */
/* see wk_service_error.h */
#include <string.h>

#include "wk_internal.h"

/* Room the cut marker needs, and the smallest text that shows a cut. */
#define CUT_MARK "..."
#define CUT_MARK_LEN 3u
#define SMALLEST_CUT (CUT_MARK_LEN + 1u)
/* The type's rank when the header named it: above the body's members. */
#define FROM_HEADER 3u

/* ---- Text written into a fixed buffer -------------------------------------------
 * If it does not fit, it is cut back to the last character boundary that
 * leaves room for "..." and the NUL. */

WK_NOINLINE static void out_start(wk_service_error_t *e, char *buf, size_t cap, bool sanitize, bool *cut_flag)
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

/* The bytes of a text go to the writer; its last event ends it. (The
 * reader gives bytes with WK_JSON_TEXT only, n is 0 with the others.) */
static void text_bytes(wk_service_error_t *e, wk_json_event_t event, const char *bytes, size_t n)
{
    size_t i;
    for (i = 0u; i < n; i++) {
        out_byte(e, bytes[i]);
    }
    if (event == WK_JSON_TEXT_END) {
        (void)out_end(e);
    }
}

/* The error's own members, told apart by their first letter: the type [0]
 * from "code" (any case) over "__type", the message [1] from "message" over
 * "Message" (a lower-case letter ranks above '_' and 'M'); among equals the
 * last one wins, and a type from the header over all. */
static wk_status_t body_text(void *record, wk_json_event_t event, const wk_json_member_t *m,
                             const char *bytes, size_t n)
{
    wk_service_error_t *e = record;
    char first = (event >= WK_JSON_TEXT_BEGIN) ? m->name[0] : 'c';
    size_t w = ((first | 0x20) == 'm') ? 1u : 0u;
    uint8_t rank = (first > '_') ? 2u : 1u;
    bool keep = rank >= e->rank[w];
    if (event == WK_JSON_TEXT_BEGIN) {
        e->rank[w] = keep ? rank : e->rank[w];
        e->cut[w] = keep ? false : e->cut[w];
        out_start(e, !keep ? NULL : ((w != 0u) ? e->message : e->type),
                  (w != 0u) ? sizeof(e->message) : sizeof(e->type), w == 0u, &e->cut[w]);
    }
    text_bytes(e, event, bytes, n);
    return WK_OK;
}

/* Each reason's texts in arrival order, "f<field>\0" or "r<reason>\0", and
 * "\0" after its object; wk_service_error_reason() pairs them (a repeated
 * member's last text wins). The text that comes first in an object leaves
 * room for the other one's smallest cut form; the first text that does not
 * fit whole is cut, and no later reason is kept. */
#define TAGGED_CUT (1u + SMALLEST_CUT + 1u) /* tag, "x...", NUL */
static wk_status_t reason_text(void *record, wk_json_event_t event, const wk_json_member_t *m,
                               const char *bytes, size_t n)
{
    wk_service_error_t *e = record;
    unsigned w = (m != NULL && m->name[0] == 'r') ? 1u : 0u;
    size_t room = sizeof(e->reasons) - e->reasons_len;
    size_t other = ((((unsigned)e->pair_seen >> (1u - w)) & 1u) != 0u) ? 0u : TAGGED_CUT;
    /* (one byte more: the object's "\0") */
    bool fits = e->pair_kept && room > other + TAGGED_CUT;
    if (event == WK_JSON_OBJECT_BEGIN) {
        e->pair_kept = !e->reasons_cut && room > 2u * TAGGED_CUT;
        e->reasons_cut = !e->pair_kept;
        e->pair_seen = 0u;
    } else if (event == WK_JSON_TEXT_BEGIN) {
        e->reasons_cut = e->reasons_cut || !fits;
        e->pair_seen = (uint8_t)(e->pair_seen | (1u << w));
        if (fits) {
            e->reasons[e->reasons_len++] = (w != 0u) ? 'r' : 'f';
        }
        out_start(e, fits ? &e->reasons[e->reasons_len] : NULL, room - 2u - other, false,
                  &e->reasons_cut);
    } else if (event == WK_JSON_OBJECT_END) {
        if (e->pair_kept) {
            e->reasons[e->reasons_len++] = '\0';
            e->reason_count++;
        }
    } else {
        text_bytes(e, event, bytes, n);
        e->reasons_len += (event == WK_JSON_TEXT_END && e->out.buf != NULL) ? e->out.len + 1u : 0u;
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
    if (e == NULL || (name == NULL && name_len > 0u) || (value == NULL && value_len > 0u)) {
        return WK_ERR_ARG;
    }
    type = wk_ieq(name, name_len, "x-amzn-errortype");
    if (type || wk_ieq(name, name_len, "x-amzn-requestid")) {
        /* raw header bytes (not JSON): each byte stands for itself */
        out_start(e, type ? e->type : e->request_id, type ? sizeof(e->type) : sizeof(e->request_id),
                  type, &e->message_truncated);
        text_bytes(e, WK_JSON_TEXT_END, value, value_len);
        /* An empty type names nothing; the body may still. */
        if (type) {
            e->rank[0] = (e->type[0] != '\0') ? FROM_HEADER : 0u;
        }
    }
    return WK_OK;
}

wk_status_t wk_service_error_finish(wk_service_error_t *e, const uint8_t *body, size_t body_len)
{
    wk_status_t status = WK_ERR_ARG;
    if (e != NULL && (body != NULL || body_len == 0u)) {
        status = WK_OK;
        if (body_len > 0u) {
            (void)wk_json_reader_init(&e->reader, &k_doc, e);
            status = wk_json_reader_feed(&e->reader, body, body_len, NULL);
            status = (status >= 0) ? wk_json_reader_finish(&e->reader, NULL) : status;
        }
        if (status != WK_OK) {
            /* Not one valid JSON document after all: keep nothing from it
             * (nor its cuts). */
            if (e->rank[0] != FROM_HEADER) {
                e->type[0] = '\0';
            }
            e->message[0] = '\0';
            e->reason_count = 0u;
            e->reasons_len = 0u;
        } else {
            /* (a cut header is said already) */
            e->message_truncated = e->message_truncated || e->cut[0] || e->cut[1] || e->reasons_cut;
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
    const char *s;
    if (e != NULL && field != NULL && reason != NULL && i < e->reason_count) {
        /* Past i objects' "\0", then this one's texts: the last of each kind wins. */
        for (s = e->reasons; i > 0u; s += wk_strlen(s) + 1u) {
            i -= (*s == '\0') ? 1u : 0u;
        }
        *field = NULL;
        *reason = NULL;
        for (; *s != '\0'; s += wk_strlen(s) + 1u) {
            *((*s == 'f') ? field : reason) = s + 1;
        }
        /* an absent text is the object's "\0" */
        *field = (*field != NULL) ? *field : s;
        *reason = (*reason != NULL) ? *reason : s;
        status = WK_OK;
    }
    return status;
}
