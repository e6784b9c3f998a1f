/* SPDX-License-Identifier: Apache-2.0 */
/* The build's options with the features a small device may leave out turned
 * off, for the test that checks each is refused (test_left_out.c). */
#ifndef WK_CONFIG_LEFT_OUT_H
#define WK_CONFIG_LEFT_OUT_H
#include "wk_config.h"
#undef CONFIG_WK_CUSTOM_ENDPOINT
#define CONFIG_WK_CUSTOM_ENDPOINT 0
#undef CONFIG_WK_OTHER_PARTITIONS
#define CONFIG_WK_OTHER_PARTITIONS 0
#undef CONFIG_WK_ENDPOINT_VARIANTS
#define CONFIG_WK_ENDPOINT_VARIANTS 0
#undef CONFIG_WK_IPV6
#define CONFIG_WK_IPV6 0
#undef CONFIG_WK_LIST_SORT
#define CONFIG_WK_LIST_SORT 0
#undef CONFIG_WK_HTTP_CHUNK_EXTENSIONS
#define CONFIG_WK_HTTP_CHUNK_EXTENSIONS 0
#undef CONFIG_WK_RETRY_AFTER_DATE
#define CONFIG_WK_RETRY_AFTER_DATE 0
#endif
