/* SPDX-License-Identifier: Apache-2.0 */
/* JSON helpers shared by wk_users.c and wk_service_error.c; never installed.
 *
 * jsmn's code is compiled once, as static functions, in wk_users.c (which
 * defines JSMN_STATIC before including this header), so the library exports
 * no jsmn_ symbol. Everywhere else this header gives jsmn's types only. */
#ifndef WK_USERS_INTERNAL_H
#define WK_USERS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Strict: primitives must be followed by a delimiter and cannot be keys.
 * Parent links: closing a container costs its depth, not the token count. */
#define JSMN_STRICT
#define JSMN_PARENT_LINKS
#ifndef JSMN_STATIC
#define JSMN_HEADER
#endif
/* jsmn is third-party code written without -Wconversion in mind; when its
 * header is not a system header (a cross build copies it into the build tree)
 * its sign conversions must not fail our build. */
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#endif
#include <jsmn.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

#include "wk_internal.h"

/* Tokenizes js[0..len) into toks. Returns WK_OK, WK_ERR_JSON_TOO_MANY_TOKENS
 * (the first *used tokens are still valid; open containers have end == -1) or
 * WK_ERR_JSON_SYNTAX (not JSON, or incomplete). */
wk_status_t wk_json_tokenize(const char *js, size_t len, jsmntok_t *toks, unsigned int max,
                             unsigned int *used);

/* Reads one code point of a JSON string's raw contents (between the quotes)
 * at *pos and advances *pos. False for a bad escape, a lone surrogate, a raw
 * control character or quote, or invalid UTF-8. */
bool wk_json_next_code_point(const char *s, size_t len, size_t *pos, uint32_t *cp);

/* UTF-8 form of a valid code point; returns its length (1..4). */
size_t wk_utf8_encode(uint32_t cp, char out[4]);

#endif /* WK_USERS_INTERNAL_H */
