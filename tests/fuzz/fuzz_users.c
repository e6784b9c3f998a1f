/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: the streaming users parser and the whole-document
 * validator over the same bytes. The first byte picks the piece size. Both
 * share one scanner, so they must agree on syntax: the validator may only
 * accept what the users parser accepts or rejects for a reason of its own
 * (types, sizes, tokens, the callback). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wk/wk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static wk_status_t on_user(void *ctx, const wk_user_t *u)
{
    size_t i;
    (void)ctx;
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
    return WK_OK;
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
    if (users == WK_OK && valid != WK_OK) {
        abort(); /* a document the users parser took must be valid JSON */
    }
    if (valid == WK_OK && (users == WK_ERR_JSON_SYNTAX || users == WK_ERR_JSON_STRING ||
                           users == WK_ERR_JSON_TRUNCATED || users == WK_ERR_JSON_TRAILING)) {
        abort(); /* and valid JSON never fails the users parser on syntax */
    }
    return 0;
}
