/* SPDX-License-Identifier: Apache-2.0 */
#include "wk_internal.h"

/* see wk_diag.h */
void wk_diag_clear(wk_diag_t *d)
{
    if (d != NULL) {
        d->len = 0u;
        d->text[0] = '\0';
    }
}

#if CONFIG_WK_DIAG_TEXT
static void diag_putc(wk_diag_t *d, char c)
{
    /* Keep room for "..." and the NUL so a cut is always visible. */
    if (d->len + 4u < sizeof(d->text)) {
        d->text[d->len++] = c;
        d->text[d->len] = '\0';
    } else if (d->len + 4u == sizeof(d->text)) {
        d->text[d->len++] = '.';
        d->text[d->len++] = '.';
        d->text[d->len++] = '.';
        d->text[d->len] = '\0';
    } else {
        /* full */
    }
}

/* see wk_diag.h */
void wk_diag_str(wk_diag_t *d, const char *s)
{
    if (d != NULL && s != NULL) {
        wk_diag_strn(d, s, wk_strlen(s));
    }
}

/* see wk_diag.h */
void wk_diag_strn(wk_diag_t *d, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t i;
    if (d == NULL || s == NULL) {
        return;
    }
    for (i = 0u; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20u && c < 0x7fu) {
            diag_putc(d, (char)c);
        } else {
            diag_putc(d, '\\');
            diag_putc(d, 'x');
            diag_putc(d, hex[c >> 4]);
            diag_putc(d, hex[c & 15u]);
        }
    }
}

/* see wk_diag.h */
void wk_diag_u64(wk_diag_t *d, uint64_t v)
{
    char tmp[21];
    size_t n = 0u;
    if (d == NULL) {
        return;
    }
    do {
        tmp[n++] = (char)('0' + (int)(v % 10u));
        v /= 10u;
    } while (v != 0u);
    while (n > 0u) {
        diag_putc(d, tmp[--n]);
    }
}

/* see wk_diag.h */
void wk_diag_i64(wk_diag_t *d, int64_t v)
{
    if (d == NULL) {
        return;
    }
    if (v < 0) {
        diag_putc(d, '-');
        wk_diag_u64(d, (uint64_t)(-(v + 1)) + 1u);
    } else {
        wk_diag_u64(d, (uint64_t)v);
    }
}

#endif /* CONFIG_WK_DIAG_TEXT */

size_t wk_strlen(const char *s)
{
    size_t n = 0u;
    while (s[n] != '\0') {
        n++;
    }
    return n;
}

bool wk_streq(const char *a, const char *b)
{
    size_t i = 0u;
    while (a[i] != '\0' && a[i] == b[i]) {
        i++;
    }
    return a[i] == b[i];
}

static char ascii_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c + ('a' - 'A')) : c;
}

bool wk_ieq(const char *a, size_t alen, const char *b)
{
    size_t i;
    for (i = 0u; i < alen; i++) {
        if (b[i] == '\0' || ascii_lower(a[i]) != ascii_lower(b[i])) {
            return false;
        }
    }
    return b[alen] == '\0';
}

void wk_hex_lower(const uint8_t *in, size_t n, char *out)
{
    static const char hex[] = "0123456789abcdef";
    size_t i;
    for (i = 0u; i < n; i++) {
        out[2u * i] = hex[in[i] >> 4];
        out[2u * i + 1u] = hex[in[i] & 15u];
    }
}

int wk_hex_digit_value(int c)
{
    int v = -1;
    if (c >= '0' && c <= '9') {
        v = c - '0';
    } else if (c >= 'a' && c <= 'f') {
        v = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
        v = c - 'A' + 10;
    } else {
        /* not hex */
    }
    return v;
}
