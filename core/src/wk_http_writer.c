/* SPDX-License-Identifier: Apache-2.0 */
/* HTTP/1.1 request writer; see wk_http.h. */
#include <string.h>

#include "wk_internal.h"

/* see wk_http.h */
wk_status_t wk_http_writer_append(wk_http_writer_t *w, const char *data, size_t len)
{
    wk_status_t status;
    if (w == NULL) {
        status = WK_ERR_ARG;
    } else if (w->status != WK_OK) {
        status = w->status;
    } else if (data == NULL && len > 0u) {
        status = WK_ERR_ARG;
        w->status = status;
    } else if (len > w->cap - w->len) {
        status = WK_ERR_NO_SPACE;
        w->status = status;
    } else {
        if (len > 0u) {
            memcpy(w->buf + w->len, data, len);
        }
        w->len += len;
        status = WK_OK;
    }
    return status;
}

static wk_status_t writer_append_str(wk_http_writer_t *w, const char *s)
{
    return wk_http_writer_append(w, s, wk_strlen(s));
}

static bool is_token(const char *s)
{
    size_t i = 0u;
    while (s[i] != '\0' && wk_is_tchar((uint8_t)s[i])) {
        i++;
    }
    return i > 0u && s[i] == '\0';
}

/* see wk_http.h */
wk_status_t wk_http_writer_begin(wk_http_writer_t *w, char *buf, size_t cap, const char *method)
{
    wk_status_t status = WK_ERR_ARG;
    if (w != NULL) {
        w->buf = buf;
        w->cap = (buf != NULL) ? cap : 0u;
        w->len = 0u;
        w->status = WK_OK;
        if (buf == NULL || method == NULL || !is_token(method)) {
            w->status = WK_ERR_ARG;
        } else {
            (void)writer_append_str(w, method);
            (void)wk_http_writer_append(w, " ", 1u);
        }
        status = w->status;
    }
    return status;
}

/* see wk_http.h */
wk_status_t wk_http_writer_space(wk_http_writer_t *w, char **dst, size_t *avail)
{
    wk_status_t status = WK_ERR_ARG;
    if (dst != NULL && avail != NULL) {
        *dst = NULL;
        *avail = 0u;
    }
    if (w != NULL) {
        if (w->status == WK_OK && (dst == NULL || avail == NULL)) {
            w->status = WK_ERR_ARG;
        } else if (w->status == WK_OK) {
            *dst = w->buf + w->len;
            *avail = w->cap - w->len;
        } else {
            /* failed: nothing to hand out */
        }
        status = w->status;
    }
    return status;
}

/* see wk_http.h */
wk_status_t wk_http_writer_commit(wk_http_writer_t *w, size_t n)
{
    wk_status_t status = WK_ERR_ARG;
    if (w != NULL) {
        if (w->status == WK_OK && n > w->cap - w->len) {
            w->status = WK_ERR_NO_SPACE;
        } else if (w->status == WK_OK) {
            w->len += n;
        } else {
            /* sticky failure */
        }
        status = w->status;
    }
    return status;
}

/* see wk_http.h */
wk_status_t wk_http_writer_end_request_line(wk_http_writer_t *w)
{
    return writer_append_str(w, " HTTP/1.1\r\n");
}

static bool value_is_safe(const char *value, size_t len)
{
    size_t i;
    bool safe = (value != NULL || len == 0u);
    for (i = 0u; safe && i < len; i++) {
        safe = !wk_is_field_ctl((uint8_t)value[i]);
    }
    return safe;
}

/* see wk_http.h */
wk_status_t wk_http_writer_header(wk_http_writer_t *w, const char *name, const char *value,
                                  size_t value_len)
{
    wk_status_t status = WK_ERR_ARG;
    if (w != NULL && w->status != WK_OK) {
        status = w->status;
    } else if (w != NULL) {
        if (name == NULL || !is_token(name) || !value_is_safe(value, value_len)) {
            w->status = WK_ERR_ARG;
        } else {
            /* Check the whole line first so a failure writes nothing. */
            size_t need = wk_strlen(name) + 2u + value_len + 2u;
            if (need > w->cap - w->len || need < value_len) {
                w->status = WK_ERR_NO_SPACE;
            } else {
                (void)writer_append_str(w, name);
                (void)wk_http_writer_append(w, ": ", 2u);
                (void)wk_http_writer_append(w, value, value_len);
                (void)wk_http_writer_append(w, "\r\n", 2u);
            }
        }
        status = w->status;
    } else {
        /* w == NULL */
    }
    return status;
}

/* see wk_http.h */
wk_status_t wk_http_writer_finish(wk_http_writer_t *w, size_t *total_len)
{
    wk_status_t status = wk_http_writer_append(w, "\r\n", 2u);
    if (total_len != NULL) {
        *total_len = (status == WK_OK) ? w->len : 0u;
    }
    return status;
}

