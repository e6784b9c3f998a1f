/* SPDX-License-Identifier: Apache-2.0 */
/* Parse benchmark: the core's streaming users parser against jsmn (stock and
 * with parent links), cJSON and a plain byte loop, on the same bodies, in one
 * process, so that the ratios between them mean something on a noisy machine.
 *
 *   bench_parse [--once] [--only NAME] [--min-ms N] [--expect USERS] FILE...
 *
 * Prints one tab-separated line per file and method: file, bytes, users,
 * method, seconds per parse, MB/s (10^6 bytes), users/s. Before timing, every
 * method's result is checked: each must see the same number of users (and
 * --expect, when given), else the program exits 1. --once stops after that
 * check, one parse per method, and prints no figures (for callgrind and the
 * smoke test).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "bench_jsmn.h"
#include "wk/wk.h"

/* What a TCP segment carries on a 1500-byte MTU: how the CLI receives a body. */
#define CHUNK 1460u
#define BATCHES 3

typedef struct body {
    const char *path;
    char *data;
    size_t len;
    void *tokens;       /* jsmn token array, sized for the larger variant */
    unsigned int cap;
} body_t;

typedef struct method {
    const char *name;
    /* Users seen (or a checksum for the byte loop), -1 on a parse failure. */
    long (*run)(body_t *b);
    int counts_users;
} method_t;

static volatile long sink; /* keeps results observable, so no run is optimized away */

/* ---- Methods ---------------------------------------------------------------- */

static wk_status_t count_user(void *ctx, const wk_user_t *user)
{
    (void)user;
    (*(long *)ctx)++;
    return WK_OK;
}

/* The core's parser, fed as the network would feed it. */
__attribute__((noinline)) static long run_wk(body_t *b)
{
    static wk_users_parser_t parser;
    long users = 0;
    size_t off = 0;
    wk_status_t s = wk_users_parser_init(&parser, count_user, &users);
    while (s == WK_OK && off < b->len) {
        size_t n = b->len - off < CHUNK ? b->len - off : CHUNK;
        s = wk_users_parser_feed(&parser, (const uint8_t *)b->data + off, n, NULL);
        off += n;
        if (s == WK_PARTIAL) {
            s = WK_OK;
        }
    }
    if (s == WK_OK) {
        s = wk_users_parser_finish(&parser, NULL);
    }
    return s == WK_OK ? users : -1;
}

/* jsmn fills the token array; the user count is read outside the timing. */
static long run_jsmn_variant(const bench_jsmn_t *j, body_t *b)
{
    return j->parse(b->data, b->len, b->tokens, b->cap);
}

__attribute__((noinline)) static long run_jsmn_default(body_t *b)
{
    return run_jsmn_variant(&bench_jsmn_default, b);
}

__attribute__((noinline)) static long run_jsmn_links(body_t *b)
{
    return run_jsmn_variant(&bench_jsmn_links, b);
}

/* cJSON builds the tree (decoding every string), then the users are walked
 * member by member, as a program using it would. */
__attribute__((noinline)) static long run_cjson(body_t *b)
{
    long users = -1;
    long members = 0;
    cJSON *root = cJSON_ParseWithLength(b->data, b->len);
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "users");
    const cJSON *user;
    if (cJSON_IsArray(list)) {
        users = 0;
        cJSON_ArrayForEach(user, list) {
            const cJSON *field;
            users++;
            cJSON_ArrayForEach(field, user) {
                members += cJSON_IsString(field) ? (long)(unsigned char)field->valuestring[0] : 1;
            }
        }
    }
    sink = members;
    cJSON_Delete(root);
    return users;
}

/* The ceiling: every byte read once, in order, by scalar code, as a scanner
 * reads it (vectorizing is turned off here: no parser in this table does it;
 * GCC takes a function attribute, clang a loop pragma). */
#if defined(__clang__)
__attribute__((noinline)) static long run_bytes(body_t *b)
#else
__attribute__((noinline, optimize("no-tree-vectorize"))) static long run_bytes(body_t *b)
#endif
{
    unsigned long sum = 0;
#if defined(__clang__)
#pragma clang loop vectorize(disable) interleave(disable)
#endif
    for (size_t i = 0; i < b->len; i++) {
        sum += (unsigned char)b->data[i];
    }
    return (long)sum;
}

static const method_t methods[] = {
    {"wickr-lite", run_wk, 1},
    {"jsmn-parent-links", run_jsmn_links, 1},
    {"jsmn", run_jsmn_default, 1},
    {"cjson", run_cjson, 1},
    {"byte-loop", run_bytes, 0},
};
#define METHOD_COUNT (sizeof(methods) / sizeof(methods[0]))

/* ---- Harness ---------------------------------------------------------------- */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int load(body_t *b, const char *path)
{
    FILE *f = fopen(path, "rb");
    long size;
    int ok = 0;
    memset(b, 0, sizeof(*b));
    b->path = path;
    if (f != NULL && fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 &&
        fseek(f, 0, SEEK_SET) == 0) {
        b->len = (size_t)size;
        b->data = malloc(b->len);
        ok = b->data != NULL && fread(b->data, 1, b->len, f) == b->len;
    }
    if (f != NULL) {
        fclose(f);
    }
    if (!ok) {
        fprintf(stderr, "bench_parse: cannot read %s\n", path);
    }
    return ok;
}

/* Size the jsmn token array once, outside the timing, for both variants. */
static int prepare_tokens(body_t *b)
{
    long need = bench_jsmn_links.count(b->data, b->len);
    size_t size = bench_jsmn_links.token_size > bench_jsmn_default.token_size
                      ? bench_jsmn_links.token_size
                      : bench_jsmn_default.token_size;
    if (need <= 0 || need != bench_jsmn_default.count(b->data, b->len)) {
        fprintf(stderr, "bench_parse: %s: jsmn cannot count tokens (%ld)\n", b->path, need);
        return 0;
    }
    b->cap = (unsigned int)need;
    b->tokens = malloc((size_t)need * size);
    return b->tokens != NULL;
}

static int selected(const method_t *m, const char *only)
{
    return only == NULL || strcmp(only, m->name) == 0;
}

/* Runs each selected method once: the users each sees must agree (and match
 * expect if >= 0). Returns that count, or -1. */
static int verify(body_t *b, const char *only, long expect)
{
    long agreed = expect;
    for (size_t m = 0; m < METHOD_COUNT; m++) {
        long got;
        if (!selected(&methods[m], only)) {
            continue;
        }
        got = methods[m].run(b);
        if (!methods[m].counts_users) {
            continue;
        }
        if (methods[m].run == run_jsmn_default) {
            got = got < 0 ? got : bench_jsmn_default.users(b->data, b->tokens, got);
        } else if (methods[m].run == run_jsmn_links) {
            got = got < 0 ? got : bench_jsmn_links.users(b->data, b->tokens, got);
        }
        if (got < 0 || (agreed >= 0 && got != agreed)) {
            fprintf(stderr, "bench_parse: %s: %s saw %ld users, expected %ld\n", b->path,
                    methods[m].name, got, agreed);
            return -1;
        }
        agreed = got;
    }
    return agreed < 0 ? 0 : (int)agreed;
}

/* Fastest of BATCHES batches, each repeating the parse for at least min_s. */
static double time_method(const method_t *m, body_t *b, double min_s)
{
    double best = 0.0;
    for (int batch = 0; batch < BATCHES; batch++) {
        long reps = 0;
        double start = now_s();
        double elapsed;
        do {
            sink = m->run(b);
            reps++;
            elapsed = now_s() - start;
        } while (elapsed < min_s);
        if (batch == 0 || elapsed / (double)reps < best) {
            best = elapsed / (double)reps;
        }
    }
    return best;
}

int main(int argc, char **argv)
{
    const char *only = NULL;
    double min_s = 0.2;
    long expect = -1;
    int once = 0;
    int i = 1;
    int status = 0;
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        if (strcmp(argv[i], "--once") == 0) {
            once = 1;
        } else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
            only = argv[++i];
        } else if (strcmp(argv[i], "--min-ms") == 0 && i + 1 < argc) {
            min_s = atof(argv[++i]) / 1000.0;
        } else if (strcmp(argv[i], "--expect") == 0 && i + 1 < argc) {
            expect = atol(argv[++i]);
        } else {
            break;
        }
    }
    for (size_t m = 0; only != NULL && m < METHOD_COUNT && !selected(&methods[m], only); m++) {
        if (m + 1 == METHOD_COUNT) {
            i = argc; /* no such method */
        }
    }
    if (i >= argc) {
        fprintf(stderr, "usage: bench_parse [--once] [--only NAME] [--min-ms N] "
                        "[--expect USERS] FILE...\n");
        return 2;
    }
    if (!once) {
        printf("file\tbytes\tusers\tmethod\tseconds\tMB/s\tusers/s\n");
    }
    for (; i < argc && status == 0; i++) {
        body_t b;
        int users = -1;
        if (load(&b, argv[i]) && prepare_tokens(&b)) {
            users = verify(&b, only, expect);
        }
        if (users < 0) {
            status = 1;
        }
        for (size_t m = 0; status == 0 && !once && m < METHOD_COUNT; m++) {
            double t;
            if (!selected(&methods[m], only)) {
                continue;
            }
            t = time_method(&methods[m], &b, min_s);
            printf("%s\t%zu\t%d\t%s\t%.9f\t%.1f\t%.0f\n", b.path, b.len, users, methods[m].name,
                   t, (double)b.len / t / 1e6, (double)users / t);
            fflush(stdout);
        }
        free(b.tokens);
        free(b.data);
    }
    return status;
}
