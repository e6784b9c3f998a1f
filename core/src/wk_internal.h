/* SPDX-License-Identifier: Apache-2.0 */
/* Declarations shared by the core's translation units; never installed. */
#ifndef WK_INTERNAL_H
#define WK_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wk/wk.h"

#ifndef WK_ASSERT
#define WK_ASSERT(x) ((void)0)
#endif

#define WK_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Keeps a rarely taken path out of its hot caller, so the caller stays small
 * enough to be inlined where it is used. A hint only: no effect elsewhere. */
#if defined(__GNUC__)
#define WK_NOINLINE __attribute__((noinline))
#else
#define WK_NOINLINE
#endif

/* The diagnostic text builders (wk_diag_*) are public: wk_diag.h. */

/* The digest of a page's users delivered so far (wk_cursor_t.digest): that of
 * none, and the one after user u. A 64-bit FNV-1a over what identifies each
 * user (wk_cursor.c); a consistency check, not a security property. */
#define WK_CURSOR_DIGEST_EMPTY 0xcbf29ce484222325u
uint64_t wk_cursor_digest_user(uint64_t digest, const wk_user_t *u);

/* Small string helpers (no libc string.h needed beyond mem*). */
size_t wk_strlen(const char *s);
bool wk_streq(const char *a, const char *b);
/* ASCII case-insensitive comparison of a[0..alen) with NUL-terminated b. */
bool wk_ieq(const char *a, size_t alen, const char *b);
/* Value 0..15 of a hex digit (either case), or -1. */
int wk_hex_digit_value(int c);
/* Hex encode n bytes as 2n lowercase characters (no NUL). */
void wk_hex_lower(const uint8_t *in, size_t n, char *out);

#endif /* WK_INTERNAL_H */
