/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: the streaming users parser and the whole-document
 * validator against an independent reference (users_ref.c: the whole body
 * in memory, recursive descent). The first byte is the control byte: it
 * picks the piece size, and its top three bits after how many users the
 * callback stops the listing (0: never). For the rest:
 * - the parser fed in pieces and fed whole must report the same status,
 *   diagnostic, users and nextToken (a failure stays the same at every later
 *   call);
 * - the parser and the reference must agree on the status, the failure's byte
 *   offset, every user delivered and the nextToken;
 * - the validator and the reference's validator likewise on status and offset. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "users_ref.h"
#include "wk/wk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What a reading showed: a running hash of the users it delivered. */
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
    if (str->ptr == NULL || str->ptr[str->len] != '\0') {
        abort(); /* every string is terminated; ASan checks its length */
    }
    mix(s, &str->len, sizeof(str->len));
    mix(s, str->ptr, str->len);
}

static wk_status_t on_user(void *ctx, const wk_user_t *u)
{
    seen_t *seen = ctx;
    size_t i;
    const wk_str_t *strs[] = {&u->user_id, &u->first_name, &u->last_name, &u->username,
                              &u->scim_id, &u->type, &u->cell, &u->country_code,
                              &u->invite_code, &u->uname};
    const bool bools[] = {u->is_admin, u->suspended, u->otp_enabled, u->is_invite_expired,
                          u->is_user, u->code_validation};
    mix(seen, &u->present, sizeof(u->present));
    for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
        mix_str(seen, strs[i]);
    }
    mix(seen, bools, sizeof(bools));
    mix(seen, &u->status, sizeof(u->status));
    mix(seen, &u->challenge_failures, sizeof(u->challenge_failures));
    mix(seen, &u->security_group_count, sizeof(u->security_group_count));
    for (i = 0; i < u->security_group_count; i++) {
        mix_str(seen, &u->security_groups[i]);
    }
    seen->users++;
    return (seen->users == seen->stop_after) ? WK_STOPPED : WK_OK;
}

typedef struct outcome {
    seen_t seen;
    wk_status_t status; /* the final status */
    wk_diag_t diag;     /* its diagnostic */
    wk_status_t token;  /* wk_users_parser_next_token() */
    const char *token_ptr;
    size_t token_len;
} outcome_t;

static bool ended(wk_status_t st)
{
    return st != WK_OK && st != WK_PARTIAL;
}

/* A parser (validate: the validator) over d[0..n) in pieces of step. */
static void run(outcome_t *o, int validate, const uint8_t *d, size_t n, size_t step)
{
    static wk_users_parser_t p;
    static wk_json_validator_t v;
    wk_diag_t diag;
    wk_status_t st;
    size_t off = 0u;
    size_t k;
    if (validate) {
        wk_json_validate_init(&v);
    } else {
        wk_users_parser_init(&p, on_user, &o->seen);
    }
    o->status = WK_PARTIAL;
    for (; off <= n; off += k) {
        k = (n - off < step) ? n - off : step;
        memset(&diag, 0, sizeof(diag));
        if (off < n) {
            st = validate ? wk_json_validate_feed(&v, d + off, k, &diag)
                          : wk_users_parser_feed(&p, d + off, k, &diag);
        } else {
            st = validate ? wk_json_validate_finish(&v, &diag) : wk_users_parser_finish(&p, &diag);
            k = 1u;
        }
        if (ended(o->status) && st != o->status) {
            abort(); /* a failure or a stop sticks */
        }
        if (!ended(o->status)) {
            o->status = st;
            o->diag = diag;
        }
    }
    o->token = validate ? WK_OK : wk_users_parser_next_token(&p, &o->token_ptr, &o->token_len);
}

/* The byte offset a diagnostic names ("... at body offset N"; the last one:
 * a member name it quotes may hold those words too). */
static size_t diag_offset(const wk_diag_t *d)
{
    const char *key = "at body offset ";
    const char *at = NULL;
    const char *next = strstr(d->text, key);
    while (next != NULL) {
        at = next;
        next = strstr(at + 1, key);
    }
    if (at == NULL) {
        abort(); /* every failure of the reader names its offset */
    }
    return (size_t)strtoull(at + strlen(key), NULL, 10);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static outcome_t pieces, whole, valid;
    static ref_result_t ref, ref_valid;
    seen_t ref_seen;
    const uint8_t *d = data + 1;
    size_t n = size - 1u;
    if (size < 1u) {
        return 0;
    }
    memset(&pieces, 0, sizeof(pieces));
    memset(&whole, 0, sizeof(whole));
    pieces.seen.stop_after = whole.seen.stop_after = data[0] >> 5;
    ref_seen = pieces.seen;
    run(&pieces, 0, d, n, (size_t)data[0] + 1u);
    run(&whole, 0, d, n, n + 1u);
    ref_users(d, n, on_user, &ref_seen, &ref);

    /* any split, the same reading */
    if (pieces.status != whole.status || strcmp(pieces.diag.text, whole.diag.text) != 0 ||
        pieces.seen.hash != whole.seen.hash || pieces.seen.users != whole.seen.users ||
        pieces.token != whole.token ||
        (whole.token == WK_OK && (pieces.token_len != whole.token_len ||
                                  memcmp(pieces.token_ptr, whole.token_ptr, whole.token_len) != 0))) {
        abort();
    }
    /* the reference's reading */
    if (whole.status != ref.status || whole.seen.hash != ref_seen.hash ||
        whole.seen.users != ref_seen.users) {
        abort();
    }
    if (whole.status < 0 && diag_offset(&whole.diag) != ref.at) {
        abort();
    }
    if (whole.status == WK_OK &&
        ((whole.token == WK_OK) != (ref.has_token && ref.token_len > 0u) ||
         (whole.token == WK_OK && (whole.token_len != ref.token_len ||
                                   memcmp(whole.token_ptr, ref.token, ref.token_len) != 0)))) {
        abort();
    }

    /* the validator */
    run(&valid, 1, d, n, (size_t)data[0] + 1u);
    ref_validate(d, n, &ref_valid);
    if (valid.status != ref_valid.status ||
        (valid.status < 0 && diag_offset(&valid.diag) != ref_valid.at)) {
        abort();
    }
    return 0;
}
