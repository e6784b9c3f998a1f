/* SPDX-License-Identifier: Apache-2.0 */
/* A reference reading of the ListUsers page and of a JSON document, for the
 * differential fuzz target (see users_ref.c). */
#ifndef USERS_REF_H
#define USERS_REF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wk/wk.h"

typedef struct ref_result {
    wk_status_t status; /* the first failure, the callback's stop, or WK_OK */
    size_t at;          /* a failure's byte offset */
    bool has_token;     /* a non-null nextToken was read */
    size_t token_len;
    char token[CONFIG_WK_NEXT_TOKEN_MAX];
} ref_result_t;

/* The page d[0..n): every user to on_user (a status other than WK_OK stops
 * the reading with that status), the first failure and the token in *out. */
void ref_users(const uint8_t *d, size_t n, wk_on_user_fn on_user, void *ctx, ref_result_t *out);

/* Whether d[0..n) is one JSON document of any type: status and offset in *out. */
void ref_validate(const uint8_t *d, size_t n, ref_result_t *out);

#endif
