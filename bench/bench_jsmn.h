/* SPDX-License-Identifier: Apache-2.0 */
/* jsmn built two ways for the parse benchmark: bench_jsmn_default.c (stock
 * jsmn) and bench_jsmn_links.c (JSMN_PARENT_LINKS). Each is its own
 * translation unit because the option changes jsmntok_t and the code. */
#ifndef BENCH_JSMN_H
#define BENCH_JSMN_H

#include <stddef.h>

typedef struct bench_jsmn {
    const char *name;
    /* Tokens a body needs (jsmn's counting pass), or < 0 if it is not JSON. */
    long (*count)(const char *js, size_t len);
    /* Bytes of one token. */
    size_t token_size;
    /* Tokenize the whole body into tokens (cap of them); jsmn's result. */
    long (*parse)(const char *js, size_t len, void *tokens, unsigned int cap);
    /* Elements of the top-level "users" array in parsed tokens, or -1. */
    long (*users)(const char *js, const void *tokens, long used);
} bench_jsmn_t;

extern const bench_jsmn_t bench_jsmn_default;
extern const bench_jsmn_t bench_jsmn_links;

#endif /* BENCH_JSMN_H */
