/* SPDX-License-Identifier: Apache-2.0 */
/* Declarations shared by the core's translation units; never installed. */
#ifndef WK_INTERNAL_H
#define WK_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wk/wk.h"

#define WK_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* The service the client signs for (SigV4's credential scope). */
#define WK_SIGNING_SERVICE "wickr"

/* Attempts the SDKs give a provider's exchange: the container endpoint 3, the others 1. */
uint8_t wk_cred_exchange_attempts(const wk_cred_exchange_t *x);

#if !CONFIG_WK_CUSTOM_ENDPOINT
/* wk_endpoint_resolve() for a URL, as it is with CONFIG_WK_CUSTOM_ENDPOINT:
 * the option keeps the service's endpoint to the rule set, while the
 * credential exchanges still take URLs. With the option on they call
 * wk_endpoint_resolve(), so that the parser stays inlined in it. */
wk_status_t wk_endpoint_resolve_url(const char *url, wk_endpoint_t *out, wk_diag_t *diag);
#endif

/* Keeps a rarely taken path out of its hot caller, so the caller stays small
 * enough to be inlined where it is used. A hint only: no effect elsewhere. */
#if defined(__GNUC__)
#define WK_NOINLINE __attribute__((noinline))
#else
#define WK_NOINLINE
#endif

/* Inlined into its callers when optimizing for speed, so that a hot path
 * with several callers pays no calls; left alone when optimizing for size. */
#if defined(__GNUC__) && !defined(__OPTIMIZE_SIZE__)
#define WK_HOT static inline __attribute__((always_inline))
#else
#define WK_HOT static
#endif

/* The diagnostic text builders (wk_diag_*) are public: wk_diag.h. */

/* One wk_diag_fmt() format for every size that passes its limit: what, its
 * size, the limit's name (an option or a buffer) and the limit. */
#define WK_DIAG_SIZE "%s has %llu bytes; %s allows %llu"

/* A text that only diagnostics read (a limit's name in a JSON table, joined
 * to the row's name): "" without diagnostic texts, so that it stays out of
 * the image. */
#if CONFIG_WK_DIAG_TEXT
#define WK_DIAG_TEXT(s) s
#else
#define WK_DIAG_TEXT(s) ""
#endif

/* The digest of a page's users delivered so far (wk_cursor_t.digest): that of
 * none, and the one after user u. A 64-bit FNV-1a over what identifies each
 * user (wk_cursor.c); a consistency check, not a security property. */
#define WK_CURSOR_DIGEST_EMPTY 0xcbf29ce484222325u
uint64_t wk_cursor_digest_user(uint64_t digest, const wk_user_t *u);

/* Character classes shared by the modules; each takes a byte (0..255). */
bool wk_is_digit(int c);
/* A-Z a-z 0-9 */
bool wk_is_alnum(int c);
/* RFC 3986 unreserved, A-Z a-z 0-9 - _ . ~: the bytes SigV4 leaves bare. */
bool wk_is_unreserved(int c);
/* RFC 9110 tchar: what a method or header name is made of. */
bool wk_is_tchar(int c);
/* A control byte a header field may not hold: every CTL but HTAB (CR, LF and
 * NUL among them). */
bool wk_is_field_ctl(int c);
/* Space or HTAB (RFC 9110 OWS). */
bool wk_is_ows(int c);

/* Text appended into a caller buffer: a piece goes in only when it fits
 * whole, and the length counts on past the end (saturating), so a caller out
 * of room learns the size it needs. buf may be NULL with cap 0 (measuring).
 * Not NUL-terminated until wk_text_close(). */
typedef struct wk_text {
    char *buf;
    size_t cap;
    size_t len;
} wk_text_t;
void wk_text_put(wk_text_t *t, const char *s, size_t n);
void wk_text_str(wk_text_t *t, const char *s);
void wk_text_u32(wk_text_t *t, uint32_t v);
/* Adds the NUL; false, and the buffer made "", when the text and its NUL do not fit. */
bool wk_text_close(wk_text_t *t);

/* The proleptic Gregorian calendar from 1970-01-01 (day 0) to 9999-12-31:
 * days in a month (1..12), day number of a date, date of a day number. */
uint32_t wk_days_in_month(uint32_t year, uint32_t month);
uint32_t wk_days_from_civil(uint32_t year, uint32_t month, uint32_t day);
void wk_civil_from_days(uint32_t days, uint32_t *year, uint32_t *month, uint32_t *day);

/* UTF-8 (RFC 3629). wk_utf8_lead(): how many continuation bytes the lead
 * byte b announces (1..3), and the range [*lo, *hi] of the first one, which
 * excludes overlong forms, surrogates and code points above U+10FFFF (the
 * others are 0x80-0xBF); 0 when b cannot lead a multi-byte sequence (ASCII
 * included). wk_utf8_whole(): the bytes of the whole valid multi-byte
 * sequence at s (s < end), or 0 (not one, or cut by end). */
/* (Inline: the JSON reader's string loop calls them for every non-ASCII
 * character; a call costs 0.4 instructions per byte on the bench pages.) */
static inline unsigned wk_utf8_lead(uint8_t b, uint8_t *lo, uint8_t *hi)
{
    *lo = (b == 0xE0u) ? 0xA0u : ((b == 0xF0u) ? 0x90u : 0x80u);
    *hi = (b == 0xEDu) ? 0x9Fu : ((b == 0xF4u) ? 0x8Fu : 0xBFu);
    return (b < 0xC2u || b > 0xF4u) ? 0u : ((b >= 0xF0u) ? 3u : ((b >= 0xE0u) ? 2u : 1u));
}

static inline size_t wk_utf8_whole(const uint8_t *s, const uint8_t *end)
{
    uint8_t lo;
    uint8_t hi;
    size_t need = wk_utf8_lead(*s, &lo, &hi);
    size_t i;
    if (need == 0u || (size_t)(end - s) <= need || s[1] < lo || s[1] > hi) {
        return 0u;
    }
    for (i = 2u; i <= need; i++) {
        need = ((s[i] & 0xC0u) == 0x80u) ? need : 0u;
    }
    return (need != 0u) ? need + 1u : 0u;
}

/* Small string helpers (no libc string.h needed beyond mem*). */
size_t wk_strlen(const char *s);
bool wk_streq(const char *a, const char *b);
/* ASCII case-insensitive comparison of a[0..alen) with NUL-terminated b. */
bool wk_ieq(const char *a, size_t alen, const char *b);
/* Value 0..15 of a hex digit (either case), or -1. */
int wk_hex_digit_value(int c);
/* Hex encode n bytes as 2n lowercase characters (no NUL). */
void wk_hex_lower(const uint8_t *in, size_t n, char *out);
/* The hex digits, lower case then upper case: one copy for every module. */
extern const char wk_hex_digits[32];
#define WK_HEX_LOWER(v) (wk_hex_digits[(v) & 15u])
#define WK_HEX_UPPER(v) (wk_hex_digits[16u + ((v) & 15u)])

#endif /* WK_INTERNAL_H */
