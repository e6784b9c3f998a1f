/* SPDX-License-Identifier: Apache-2.0 */
/* The body of bench_jsmn_default.c and bench_jsmn_links.c: they differ only
 * in JSMN_PARENT_LINKS, set before including this file. */
#include <string.h>

#define JSMN_STATIC
#include <jsmn.h>

#include "bench_jsmn.h"

static long count_tokens(const char *js, size_t len)
{
    jsmn_parser p;
    jsmn_init(&p);
    return (long)jsmn_parse(&p, js, len, NULL, 0);
}

static long parse_tokens(const char *js, size_t len, void *tokens, unsigned int cap)
{
    jsmn_parser p;
    jsmn_init(&p);
    return (long)jsmn_parse(&p, js, len, (jsmntok_t *)tokens, cap);
}

/* Outside the timed part: find "users" among the top-level members. A
 * member's value spans the tokens that start before the value ends. */
static long count_users(const char *js, const void *tokens, long used)
{
    const jsmntok_t *t = (const jsmntok_t *)tokens;
    long i = 1;
    if (used < 1 || t[0].type != JSMN_OBJECT) {
        return -1;
    }
    while (i + 1 < used) {
        const jsmntok_t *key = &t[i];
        const jsmntok_t *value = &t[i + 1];
        long next = i + 2;
        if (key->type == JSMN_STRING && key->end - key->start == 5 &&
            memcmp(js + key->start, "users", 5) == 0 && value->type == JSMN_ARRAY) {
            return (long)value->size;
        }
        while (next < used && t[next].start < value->end) {
            next++;
        }
        i = next;
    }
    return -1;
}
