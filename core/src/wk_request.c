/* SPDX-License-Identifier: Apache-2.0 */
/* ListUsers input validation and request-target encoding; see wk_request.h. */
#include <string.h>

#include "wk_internal.h"

#define NETWORK_ID_LEN 8u
#define MAX_RESULTS_MAX 100
#define STATUS_PENDING 1
#define STATUS_ACTIVE 2
/* A non-sensitive value is echoed into a diagnostic only this far, so one
 * long value cannot crowd out the explanation. */
#define ECHO_MAX 24u

static void put_encoded(wk_text_t *w, const char *s, size_t n)
{
    size_t i;
    for (i = 0u; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (wk_is_unreserved(c)) {
            wk_text_put(w, &s[i], 1u);
        } else {
            const char escaped[3] = {'%', WK_HEX_UPPER(c >> 4u), WK_HEX_UPPER(c)};
            wk_text_put(w, escaped, sizeof(escaped));
        }
    }
}

/* True when s[0..n) is UTF-8; otherwise *bad_offset is where it stops being. */
static bool utf8_valid(const char *s, size_t n, size_t *bad_offset)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0u;
    size_t step = 1u;
    while (i < n && step != 0u) {
        step = (u[i] < 0x80u) ? 1u : wk_utf8_whole(&u[i], &u[n]);
        i += step;
    }
    *bad_offset = i;
    return i >= n;
}

static void diag_echo(wk_diag_t *diag, const char *s, size_t n)
{
    wk_diag_fmt(diag, "\"%.*s%s", (int)((n > ECHO_MAX) ? ECHO_MAX : n), s, (n > ECHO_MAX) ? "...\"" : "\"");
}

/* The request's fields by API name, in byte order of the names: SigV4's
 * canonical query is sorted that way, so the target can be signed as
 * written. One table for the UTF-8 check and the query. */
enum { FIELD_QUERY_TEXT, FIELD_QUERY_NUMBER, FIELD_PATH };
#define REQ_FIELD(name, member, kind) \
    {name, (uint8_t)offsetof(wk_list_users_request_t, member), kind}
static const struct {
    const char *api_name;
    uint8_t offset;
    uint8_t kind;
} k_fields[] = {
    REQ_FIELD("firstName", first_name, FIELD_QUERY_TEXT),
    REQ_FIELD("groupId", group_id, FIELD_QUERY_TEXT),
    REQ_FIELD("lastName", last_name, FIELD_QUERY_TEXT),
    REQ_FIELD("maxResults", max_results, FIELD_QUERY_NUMBER),
    REQ_FIELD("networkId", network_id, FIELD_PATH),
    REQ_FIELD("nextToken", next_token, FIELD_QUERY_TEXT),
    REQ_FIELD("sortDirection", sort_direction, FIELD_QUERY_TEXT),
    REQ_FIELD("sortFields", sort_fields, FIELD_QUERY_TEXT),
    REQ_FIELD("status", status, FIELD_QUERY_NUMBER),
    REQ_FIELD("username", username, FIELD_QUERY_TEXT),
};
_Static_assert(sizeof(wk_list_users_request_t) <= UINT8_MAX, "field offsets are 8-bit");

/* Field i's text; NULL for a number field. */
static const char *text_field(const wk_list_users_request_t *req, size_t i)
{
    const char *v = NULL;
    if (k_fields[i].kind != FIELD_QUERY_NUMBER) {
        memcpy(&v, (const char *)req + k_fields[i].offset, sizeof(v));
    }
    return v;
}

static wk_status_t check_utf8(const wk_list_users_request_t *req, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    size_t bad_offset = 0u;
    size_t i;
    for (i = 0u; i < WK_ARRAY_LEN(k_fields) && status == WK_OK; i++) {
        const char *v = text_field(req, i);
        if (v != NULL && !utf8_valid(v, wk_strlen(v), &bad_offset)) {
            /* Offset only: the value may be sensitive (firstName, lastName). */
            status = WK_ERR_STRING;
            wk_diag_fmt(diag, "%s: invalid UTF-8 at byte offset %llu", k_fields[i].api_name,
                        (unsigned long long)bad_offset);
        }
    }
    return status;
}

/* Code points in a string already known to be UTF-8. */
static size_t utf8_char_count(const char *s)
{
    size_t count = 0u;
    size_t i;
    for (i = 0u; s[i] != '\0'; i++) {
        if (((unsigned char)s[i] & 0xC0u) != 0x80u) {
            count++;
        }
    }
    return count;
}

/* networkId is measured in characters, so the length message is true for
 * any UTF-8 input; the first non-digit is then named with its byte offset. */
static wk_status_t check_network_id(const char *id, wk_diag_t *diag)
{
    wk_status_t status = WK_ERR_NETWORK_ID;
    size_t i = 0u;
    size_t char_len = 1u;
    if (id == NULL) {
        wk_diag_str(diag, "networkId is required");
    } else if (utf8_char_count(id) != NETWORK_ID_LEN) {
        wk_diag_fmt(diag, "networkId has %llu characters, not 8",
                    (unsigned long long)utf8_char_count(id));
    } else {
        while (id[i] >= '0' && id[i] <= '9') {
            i++;
        }
        if (id[i] == '\0') {
            status = WK_OK;
        } else {
            while (((unsigned char)id[i + char_len] & 0xC0u) == 0x80u) {
                char_len++;
            }
            wk_diag_fmt(diag, "networkId byte offset %llu is ",
                        (unsigned long long)i);
            diag_echo(diag, &id[i], char_len);
        }
    }
    return status;
}

/* An integer field: failure, and "<rule>: <v>", unless ok. */
static wk_status_t check_int(bool ok, const char *rule, int32_t v, wk_status_t failure,
                             wk_diag_t *diag)
{
    if (ok) {
        return WK_OK;
    }
    wk_diag_fmt(diag, "%s: %lld", rule, (long long)v);
    return failure;
}

static const char *const k_sort_field_names[] = {"username", "firstName", "lastName", "status",
                                                 "groupId"};

/* Index into k_sort_field_names, or WK_ARRAY_LEN(k_sort_field_names) when unknown. */
static size_t sort_field_index(const char *s, size_t n)
{
    size_t i = 0u;
    while (i < WK_ARRAY_LEN(k_sort_field_names) &&
           !(wk_strlen(k_sort_field_names[i]) == n && memcmp(k_sort_field_names[i], s, n) == 0)) {
        i++;
    }
    return i;
}

/* sortFields is name('+'name)*. A name may appear once: sorting twice by the
 * same key means nothing, so a repeat is taken as a caller mistake. */
static wk_status_t check_sort_fields(const char *v, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    unsigned int seen = 0u;
    size_t n = wk_strlen(v);
    size_t start = 0u;
    do {
        size_t end = start;
        size_t index;
        while (end < n && v[end] != '+') {
            end++;
        }
        index = sort_field_index(&v[start], end - start);
        if (end == start) {
            status = WK_ERR_SORT_FIELDS;
            wk_diag_fmt(diag, "sortFields: empty field at byte offset %llu",
                        (unsigned long long)start);
        } else if (index == WK_ARRAY_LEN(k_sort_field_names) || (seen & (1u << index)) != 0u) {
            /* unknown, or a repeat */
            bool unknown = index == WK_ARRAY_LEN(k_sort_field_names);
            status = WK_ERR_SORT_FIELDS;
            wk_diag_str(diag, unknown ? "sortFields: " : "sortFields names ");
            diag_echo(diag, &v[start], end - start);
            wk_diag_str(diag, unknown ? " is not a sort field" : " twice");
        } else {
            seen |= 1u << index;
        }
        start = end + 1u;
    } while (status == WK_OK && start <= n);
    return status;
}

static wk_status_t check_sort_direction(const char *v, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    if (!wk_streq(v, "ASC") && !wk_streq(v, "DESC")) {
        status = WK_ERR_SORT_DIRECTION;
        wk_diag_str(diag, "sortDirection not ASC or DESC: ");
        diag_echo(diag, v, wk_strlen(v));
    }
    return status;
}

/* A sort the build left out is refused, never sent unchecked or dropped. */
static wk_status_t sort_left_out(wk_status_t status, const char *field, wk_diag_t *diag)
{
    wk_diag_fmt(diag, "%s: CONFIG_WK_LIST_SORT is off", field);
    return status;
}

/* see wk_request.h */
wk_status_t wk_list_users_request_validate(const wk_list_users_request_t *req, wk_diag_t *diag)
{
    wk_status_t status;
    wk_diag_clear(diag);
    if (req == NULL) {
        status = WK_ERR_ARG;
        wk_diag_str(diag, "request is NULL");
    } else {
        status = check_utf8(req, diag);
    }
    if (status == WK_OK) {
        status = check_network_id(req->network_id, diag);
    }
    if (status == WK_OK) {
        /* 0 is the struct's "omitted", so only 1..max is ever sent. */
        status = check_int(req->max_results >= 0 && req->max_results <= MAX_RESULTS_MAX,
                           "maxResults not 1..100", req->max_results, WK_ERR_MAX_RESULTS,
                           diag);
    }
    if (status == WK_OK && req->sort_fields != NULL) {
        status = CONFIG_WK_LIST_SORT ? check_sort_fields(req->sort_fields, diag)
                                     : sort_left_out(WK_ERR_SORT_FIELDS, "sortFields", diag);
    }
    if (status == WK_OK && req->sort_direction != NULL) {
        status = CONFIG_WK_LIST_SORT ? check_sort_direction(req->sort_direction, diag)
                                     : sort_left_out(WK_ERR_SORT_DIRECTION, "sortDirection", diag);
    }
    if (status == WK_OK) {
        status = check_int(req->status == 0 || req->status == STATUS_PENDING ||
                               req->status == STATUS_ACTIVE,
                           "status not 1 or 2", req->status, WK_ERR_STATUS_FILTER, diag);
    }
    return status;
}

static void put_query(wk_text_t *w, const wk_list_users_request_t *req)
{
    const char *separator = "?";
    size_t i;
    for (i = 0u; i < WK_ARRAY_LEN(k_fields); i++) {
        const char *text = text_field(req, i);
        int32_t number = 0;
        if (k_fields[i].kind == FIELD_QUERY_NUMBER) {
            memcpy(&number, (const char *)req + k_fields[i].offset, sizeof(number));
        }
        if (k_fields[i].kind != FIELD_PATH && (text != NULL || number != 0)) {
            wk_text_str(w, separator);
            wk_text_str(w, k_fields[i].api_name);
            wk_text_put(w, "=", 1u);
            if (text != NULL) {
                put_encoded(w, text, wk_strlen(text));
            } else {
                /* Validation allows only positive numbers here. */
                wk_text_u32(w, (uint32_t)number);
            }
            separator = "&";
        }
    }
}

/* see wk_request.h */
wk_status_t wk_list_users_request_target(const wk_list_users_request_t *req, const char *base_path,
                                         char *buf, size_t cap, size_t *path_len,
                                         size_t *total_len, wk_diag_t *diag)
{
    wk_status_t status;
    wk_text_t w = {buf, cap, 0u};
    if (req == NULL || base_path == NULL || (buf == NULL && cap > 0u) || path_len == NULL ||
        total_len == NULL) {
        status = WK_ERR_ARG;
        wk_diag_clear(diag);
        wk_diag_str(diag, "request target: NULL argument");
    } else {
        status = wk_list_users_request_validate(req, diag);
    }
    if (status == WK_OK) {
        wk_text_str(&w, base_path);
        wk_text_str(&w, "/networks/");
        wk_text_put(&w, req->network_id, NETWORK_ID_LEN);
        wk_text_str(&w, "/users");
        *path_len = w.len;
        put_query(&w, req);
        *total_len = w.len;
        if (w.len > cap) {
            status = WK_ERR_NO_SPACE;
            wk_diag_fmt(diag, WK_DIAG_SIZE, "request target", (unsigned long long)w.len,
                        "the buffer", (unsigned long long)cap);
        }
    }
    return status;
}

/* see wk_request.h */
wk_status_t wk_uri_encode(const char *in, size_t len, char *out, size_t cap, size_t *out_len)
{
    wk_status_t status = WK_OK;
    wk_text_t w = {out, cap, 0u};
    if ((in == NULL && len > 0u) || (out == NULL && cap > 0u) || out_len == NULL) {
        status = WK_ERR_ARG;
    } else {
        put_encoded(&w, in, len);
        *out_len = w.len;
        if (w.len > cap) {
            status = WK_ERR_NO_SPACE;
        }
    }
    return status;
}
