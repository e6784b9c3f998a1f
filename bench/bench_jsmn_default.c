/* SPDX-License-Identifier: Apache-2.0 */
/* Stock jsmn (no JSMN_PARENT_LINKS, no JSMN_STRICT); see bench_jsmn.h. */
#include "bench_jsmn_impl.h"

const bench_jsmn_t bench_jsmn_default = {
    "jsmn", count_tokens, sizeof(jsmntok_t), parse_tokens, count_users,
};
