/* SPDX-License-Identifier: Apache-2.0 */
#include <stdarg.h>
#include <string.h>

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
            diag_putc(d, WK_HEX_LOWER(c >> 4));
            diag_putc(d, WK_HEX_LOWER(c));
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

/* see wk_diag.h */
void wk_diag_fmt(wk_diag_t *d, const char *fmt, ...)
{
    va_list ap;
    const char *lit = fmt; /* the text not yet written */
    const char *s;
    size_t used;
    int n;
    if (d == NULL || fmt == NULL) {
        return;
    }
    va_start(ap, fmt);
    for (; *fmt != '\0'; fmt++) {
        if (*fmt != '%') {
            continue;
        }
        wk_diag_strn(d, lit, (size_t)(fmt - lit));
        used = 0u; /* bytes of a conversion; each test stops at the NUL */
        if (fmt[1] == 's') {
            wk_diag_str(d, va_arg(ap, const char *));
            used = 2u;
        } else if (fmt[1] == '.' && fmt[2] == '*' && fmt[3] == 's') {
            n = va_arg(ap, int);
            s = va_arg(ap, const char *);
            wk_diag_strn(d, s, (n > 0) ? (size_t)n : 0u);
            used = 4u;
        } else if (fmt[1] == 'l' && fmt[2] == 'l' && fmt[3] == 'u') {
            wk_diag_u64(d, (uint64_t)va_arg(ap, unsigned long long));
            used = 4u;
        } else if (fmt[1] == 'l' && fmt[2] == 'l' && fmt[3] == 'd') {
            wk_diag_i64(d, (int64_t)va_arg(ap, long long));
            used = 4u;
        } else {
            /* "%%": the second '%' starts the next text; else the '%' does */
        }
        lit = (used > 0u) ? fmt + used : ((fmt[1] == '%') ? fmt + 1 : fmt);
        fmt = (used > 0u) ? lit - 1 : lit; /* the loop goes on after it */
    }
    wk_diag_strn(d, lit, (size_t)(fmt - lit));
    va_end(ap);
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

const char wk_hex_digits[32] = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b',
                                'c', 'd', 'e', 'f', '0', '1', '2', '3', '4', '5', '6', '7',
                                '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};

void wk_hex_lower(const uint8_t *in, size_t n, char *out)
{
    size_t i;
    for (i = 0u; i < n; i++) {
        out[2u * i] = WK_HEX_LOWER(in[i] >> 4);
        out[2u * i + 1u] = WK_HEX_LOWER(in[i]);
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

bool wk_is_digit(int c)
{
    return c >= '0' && c <= '9';
}

bool wk_is_alnum(int c)
{
    return wk_is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool wk_is_unreserved(int c)
{
    return wk_is_alnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
}

bool wk_is_tchar(int c)
{
    static const char extra[] = "!#$%&'*+-.^_`|~";
    return wk_is_alnum(c) || (c > 0 && memchr(extra, c, sizeof(extra) - 1u) != NULL);
}

bool wk_is_field_ctl(int c)
{
    return (c >= 0 && c < 0x20 && c != '\t') || c == 0x7f;
}

bool wk_is_ows(int c)
{
    return c == ' ' || c == '\t';
}

static bool is_leap_year(uint32_t year)
{
    return (year % 4u == 0u && year % 100u != 0u) || year % 400u == 0u;
}

uint32_t wk_days_in_month(uint32_t year, uint32_t month)
{
    static const uint8_t k_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return k_days[month - 1u] + ((month == 2u && is_leap_year(year)) ? 1u : 0u);
}

/* Any 400 consecutive years hold 146097 days. */
#define DAYS_PER_400_YEARS 146097u

/* Counting 400-year cycles, then years, then months: a few hundred steps at
 * most, and no division by anything but constants. */
uint32_t wk_days_from_civil(uint32_t year, uint32_t month, uint32_t day)
{
    uint32_t days = day - 1u;
    uint32_t y = 1970u;
    uint32_t m;
    for (; year - y >= 400u; y += 400u) {
        days += DAYS_PER_400_YEARS;
    }
    for (; y < year; y++) {
        days += is_leap_year(y) ? 366u : 365u;
    }
    for (m = 1u; m < month; m++) {
        days += wk_days_in_month(year, m);
    }
    return days;
}

void wk_civil_from_days(uint32_t days, uint32_t *year, uint32_t *month, uint32_t *day)
{
    uint32_t y = 1970u;
    uint32_t m = 1u;
    for (; days >= DAYS_PER_400_YEARS; y += 400u) {
        days -= DAYS_PER_400_YEARS;
    }
    while (days >= (is_leap_year(y) ? 366u : 365u)) {
        days -= is_leap_year(y) ? 366u : 365u;
        y++;
    }
    while (days >= wk_days_in_month(y, m)) {
        days -= wk_days_in_month(y, m);
        m++;
    }
    *year = y;
    *month = m;
    *day = days + 1u;
}

void wk_text_put(wk_text_t *t, const char *s, size_t n)
{
    if (n > 0u && t->len <= t->cap && n <= t->cap - t->len) {
        memcpy(t->buf + t->len, s, n);
    }
    t->len = (n > SIZE_MAX - t->len) ? SIZE_MAX : t->len + n;
}

void wk_text_str(wk_text_t *t, const char *s)
{
    wk_text_put(t, s, wk_strlen(s));
}

void wk_text_u32(wk_text_t *t, uint32_t v)
{
    char digits[10];
    size_t n = sizeof(digits);
    do {
        digits[--n] = (char)('0' + (int)(v % 10u));
        v /= 10u;
    } while (v != 0u);
    wk_text_put(t, &digits[n], sizeof(digits) - n);
}

bool wk_text_close(wk_text_t *t)
{
    bool fits = t->len < t->cap;
    if (fits) {
        t->buf[t->len] = '\0';
    } else if (t->cap > 0u) {
        t->buf[0] = '\0'; /* no half text for whoever prints it anyway */
    }
    return fits;
}
