/* SPDX-License-Identifier: Apache-2.0 */
/* jsmn with JSMN_PARENT_LINKS (the core uses it too, with JSMN_STRICT); see
 * bench_jsmn.h. */
#define JSMN_PARENT_LINKS
#include "bench_jsmn_impl.h"

const bench_jsmn_t bench_jsmn_links = {
    "jsmn-parent-links", count_tokens, sizeof(jsmntok_t), parse_tokens, count_users,
};
