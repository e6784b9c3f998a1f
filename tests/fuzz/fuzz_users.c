/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: the streaming users parser and the whole-document
 * validator over the same bytes. The first byte picks the piece size. Both
 * share one scanner, so they must agree on syntax: the validator may only
 * accept what the users parser accepts or rejects for a reason of its own
 * (types, sizes, tokens, the callback).
 *
 * The same bytes also go, in the same pieces, through a second copy of the
 * parser built without its fast paths (users_slow.c): every status, every
 * diagnostic, every user record and the nextToken must be identical. The
 * top three bits of the first byte say after how many users the callback
 * stops the listing (0: never). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wk/wk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

wk_status_t wk_slow_users_parser_init(wk_users_parser_t *p, wk_on_user_fn on_user, void *ctx);
wk_status_t wk_slow_users_parser_feed(wk_users_parser_t *p, const uint8_t *data, size_t len,
                                      wk_diag_t *diag);
wk_status_t wk_slow_users_parser_finish(wk_users_parser_t *p, wk_diag_t *diag);
wk_status_t wk_slow_users_parser_next_token(const wk_users_parser_t *p, const char **token,
                                            size_t *len);

/* What one parser showed: a running hash of everything it reported. */
typedef struct seen {
    uint64_t hash;
    unsigned users;
    unsigned stop_after; /* the callback stops the listing at this user (0: never) */
} seen_t;

static void mix(seen_t *s, const void *bytes, size_t n)
{
    const uint8_t *b = bytes;
    size_t i;
    for (i = 0; i < n; i++) {
        s->hash = (s->hash ^ b[i]) * 0x100000001b3u; /* FNV-1a */
    }
}

static void mix_str(seen_t *s, const wk_str_t *str)
{
    mix(s, &str->len, sizeof(str->len));
    mix(s, str->ptr, str->len + 1u); /* the NUL too */
}

static void mix_user(seen_t *s, const wk_user_t *u)
{
    size_t i;
    const wk_str_t *strs[] = {&u->user_id, &u->first_name, &u->last_name, &u->username,
                              &u->scim_id, &u->type, &u->cell, &u->country_code,
                              &u->invite_code, &u->uname};
    const bool bools[] = {u->is_admin, u->suspended, u->otp_enabled, u->is_invite_expired,
                          u->is_user, u->code_validation};
    mix(s, &u->present, sizeof(u->present));
    for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
        mix_str(s, strs[i]);
    }
    mix(s, bools, sizeof(bools));
    mix(s, &u->status, sizeof(u->status));
    mix(s, &u->challenge_failures, sizeof(u->challenge_failures));
    mix(s, &u->security_group_count, sizeof(u->security_group_count));
    for (i = 0; i < u->security_group_count; i++) {
        mix_str(s, &u->security_groups[i]);
    }
}

static wk_status_t on_user(void *ctx, const wk_user_t *u)
{
    size_t i;
    seen_t *seen = ctx;
    /* Touch every string: ASan checks each length. */
    const wk_str_t *s[] = {&u->user_id, &u->first_name, &u->last_name, &u->username, &u->scim_id,
                           &u->type, &u->cell, &u->country_code, &u->invite_code, &u->uname};
    for (i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
        if (s[i]->ptr == NULL || s[i]->ptr[s[i]->len] != '\0') {
            abort();
        }
    }
    for (i = 0; i < u->security_group_count; i++) {
        if (u->security_groups[i].ptr[u->security_groups[i].len] != '\0') {
            abort();
        }
    }
    if (seen == NULL) {
        return WK_OK;
    }
    mix_user(seen, u);
    seen->users++;
    return (seen->users == seen->stop_after) ? WK_STOPPED : WK_OK;
}

/* One parser over d[0..n) in pieces of step; every status and diagnostic
 * goes into the hash. */
static void run_users(int slow, seen_t *seen, const uint8_t *d, size_t n, size_t step)
{
    static wk_users_parser_t p;
    wk_diag_t diag;
    size_t off = 0u;
    const char *tok = NULL;
    size_t len = 0u;
    wk_status_t st = WK_PARTIAL;
    if (slow) {
        wk_slow_users_parser_init(&p, on_user, seen);
    } else {
        wk_users_parser_init(&p, on_user, seen);
    }
    while (off < n) {
        size_t k = n - off < step ? n - off : step;
        diag.text[0] = '\0';
        st = slow ? wk_slow_users_parser_feed(&p, d + off, k, &diag)
                  : wk_users_parser_feed(&p, d + off, k, &diag);
        mix(seen, &st, sizeof(st));
        mix(seen, diag.text, strlen(diag.text));
        off += k;
    }
    diag.text[0] = '\0';
    st = slow ? wk_slow_users_parser_finish(&p, &diag) : wk_users_parser_finish(&p, &diag);
    mix(seen, &st, sizeof(st));
    mix(seen, diag.text, strlen(diag.text));
    st = slow ? wk_slow_users_parser_next_token(&p, &tok, &len)
              : wk_users_parser_next_token(&p, &tok, &len);
    mix(seen, &st, sizeof(st));
    if (st == WK_OK) {
        mix(seen, tok, len);
    }
}

static wk_status_t run(wk_users_parser_t *p, int validator, const uint8_t *d, size_t n, size_t step)
{
    wk_diag_t diag;
    size_t off = 0u;
    wk_status_t st = WK_PARTIAL;
    while (st >= 0 && off < n) {
        size_t k = n - off < step ? n - off : step;
        st = validator ? wk_json_validate_feed(p, d + off, k, &diag)
                       : wk_users_parser_feed(p, d + off, k, &diag);
        off += k;
    }
    if (st >= 0) {
        st = validator ? wk_json_validate_finish(p, &diag) : wk_users_parser_finish(p, &diag);
    }
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static wk_users_parser_t p;
    wk_status_t users, valid;
    const char *tok;
    size_t len, step;
    int pass;
    if (size < 1u) {
        return 0;
    }
    step = (size_t)data[0] + 1u;
    wk_users_parser_init(&p, on_user, NULL);
    users = run(&p, 0, data + 1, size - 1u, step);
    if (wk_users_parser_next_token(&p, &tok, &len) == WK_OK && tok[len] != '\0') {
        abort();
    }
    wk_json_validate_init(&p);
    valid = run(&p, 1, data + 1, size - 1u, step);
    /* In the control byte's pieces, then whole: the fast path mostly meets
     * objects that arrive whole, so that case must be covered too. */
    for (pass = 0; pass < 2; pass++) {
        seen_t fast = {0xcbf29ce484222325u, 0u, data[0] >> 5};
        seen_t slow = fast;
        size_t piece = pass == 0 ? step : size;
        run_users(0, &fast, data + 1, size - 1u, piece);
        run_users(1, &slow, data + 1, size - 1u, piece);
        if (fast.hash != slow.hash || fast.users != slow.users) {
            abort(); /* the fast paths must change nothing that can be seen */
        }
    }
    if (users == WK_OK && valid != WK_OK) {
        abort(); /* a document the users parser took must be valid JSON */
    }
    if (valid == WK_OK && (users == WK_ERR_JSON_SYNTAX || users == WK_ERR_JSON_STRING ||
                           users == WK_ERR_JSON_TRUNCATED || users == WK_ERR_JSON_TRAILING)) {
        abort(); /* and valid JSON never fails the users parser on syntax */
    }
    return 0;
}
