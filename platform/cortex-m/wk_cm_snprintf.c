/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The snprintf mbedTLS uses for certificate texts (verification reasons,
 * names, OIDs), without newlib's stdio: that one carries malloc with it.
 * Supports what mbedTLS's X.509 and OID code and the unit tests ask for:
 * %s %c %d %i %u %x %X %%, the '-' and '0' flags, a width (digits or '*'),
 * a precision for %s (digits or '*'), and the l, ll and z length modifiers.
 * Anything else is an error (-1), never a guess; mbedTLS then fails the text
 * with MBEDTLS_ERR_X509_BUFFER_TOO_SMALL. Output is always
 * NUL-terminated when size > 0; the return value is the full length, as C99
 * says, so callers detect truncation.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wk_cm_mbedtls_platform.h"

typedef struct out {
    char *buf;
    size_t size;
    size_t len;
} out_t;

static void put(out_t *o, char c)
{
    if (o->len + 1u < o->size) {
        o->buf[o->len] = c;
    }
    o->len++;
}

static void put_padded(out_t *o, const char *s, size_t n, size_t width, bool left, char pad)
{
    size_t fill = width > n ? width - n : 0u;
    if (!left) {
        while (fill-- > 0u) {
            put(o, pad);
        }
    }
    for (size_t i = 0; i < n; i++) {
        put(o, s[i]);
    }
    if (left) {
        while (fill-- > 0u) {
            put(o, ' ');
        }
    }
}

int wk_cm_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    out_t o = {buf, size, 0u};
    for (const char *p = fmt; *p != '\0'; p++) {
        bool left = false;
        char pad = ' ';
        size_t width = 0u;
        size_t precision = SIZE_MAX;
        int longs = 0;
        bool size_t_arg = false;
        if (*p != '%') {
            put(&o, *p);
            continue;
        }
        p++;
        for (; *p == '-' || *p == '0'; p++) {
            if (*p == '-') {
                left = true;
            } else {
                pad = '0';
            }
        }
        if (*p == '*') {
            int w = va_arg(ap, int);
            left = left || w < 0;
            width = (size_t)(w < 0 ? -(long)w : (long)w);
            p++;
        }
        for (; *p >= '0' && *p <= '9'; p++) {
            width = width * 10u + (size_t)(*p - '0');
        }
        if (*p == '.') {
            p++;
            precision = 0u;
            if (*p == '*') {
                int v = va_arg(ap, int);
                precision = v < 0 ? SIZE_MAX : (size_t)v;
                p++;
            }
            for (; *p >= '0' && *p <= '9'; p++) {
                precision = precision * 10u + (size_t)(*p - '0');
            }
        }
        for (; *p == 'l' || *p == 'z'; p++) {
            if (*p == 'l') {
                longs++;
            } else {
                size_t_arg = true;
            }
        }
        if (*p == '%') {
            put(&o, '%');
        } else if (*p == 's') {
            const char *s = va_arg(ap, const char *);
            size_t n = 0u;
            while (n < precision && s[n] != '\0') {
                n++;
            }
            put_padded(&o, s, n, width, left, ' ');
        } else if (*p == 'c' && precision == SIZE_MAX) {
            char c = (char)va_arg(ap, int);
            put_padded(&o, &c, 1u, width, left, ' ');
        } else if (precision == SIZE_MAX &&
                   (*p == 'd' || *p == 'i' || *p == 'u' || *p == 'x' || *p == 'X')) {
            const char *digits = *p == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
            unsigned base = (*p == 'x' || *p == 'X') ? 16u : 10u;
            bool neg = false;
            unsigned long long v;
            char text[24];
            size_t n = sizeof(text);
            if (*p == 'd' || *p == 'i') {
                long long s = size_t_arg ? (long long)va_arg(ap, size_t)
                              : longs >= 2 ? va_arg(ap, long long)
                              : longs == 1 ? (long long)va_arg(ap, long)
                                           : (long long)va_arg(ap, int);
                neg = s < 0;
                v = neg ? 0ull - (unsigned long long)s : (unsigned long long)s;
            } else {
                v = size_t_arg ? (unsigned long long)va_arg(ap, size_t)
                    : longs >= 2 ? va_arg(ap, unsigned long long)
                    : longs == 1 ? (unsigned long long)va_arg(ap, unsigned long)
                                 : (unsigned long long)va_arg(ap, unsigned);
            }
            do {
                text[--n] = digits[v % base];
                v /= base;
            } while (v != 0u);
            if (neg && pad == '0') {
                put(&o, '-');
                width = width > 0u ? width - 1u : 0u;
            } else if (neg) {
                text[--n] = '-';
            }
            put_padded(&o, &text[n], sizeof(text) - n, width, left, left ? ' ' : pad);
        } else {
            if (size > 0u) {
                buf[0] = '\0';
            }
            return -1; /* a conversion this formatter does not do */
        }
    }
    if (size > 0u) {
        buf[o.len < size ? o.len : size - 1u] = '\0';
    }
    return o.len > (size_t)INT32_MAX ? -1 : (int)o.len;
}

int wk_cm_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = wk_cm_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
