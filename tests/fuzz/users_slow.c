/* SPDX-License-Identifier: Apache-2.0 */
/* The users parser compiled a second time with CONFIG_WK_JSON_FAST_SCAN off
 * and its public functions renamed wk_slow_*, so one program can hold both
 * and check that the fast paths change nothing anyone can see. Test-only. */
#include "wk/wk.h"

#undef CONFIG_WK_JSON_FAST_SCAN
#define CONFIG_WK_JSON_FAST_SCAN 0

#define wk_json_tokenize wk_slow_json_tokenize
#define wk_json_next_code_point wk_slow_json_next_code_point
#define wk_utf8_encode wk_slow_utf8_encode
#define wk_user_field_name wk_slow_user_field_name
#define wk_users_parser_init wk_slow_users_parser_init
#define wk_users_parser_feed wk_slow_users_parser_feed
#define wk_users_parser_finish wk_slow_users_parser_finish
#define wk_users_parser_next_token wk_slow_users_parser_next_token
#define wk_json_validate_init wk_slow_json_validate_init
#define wk_json_validate_feed wk_slow_json_validate_feed
#define wk_json_validate_finish wk_slow_json_validate_finish

#include "wk_users.c"
