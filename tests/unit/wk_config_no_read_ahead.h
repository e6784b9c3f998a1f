/* SPDX-License-Identifier: Apache-2.0 */
/* The build's options with the TLS read-ahead off (CONFIG_WK_TLS_READ_AHEAD 0),
 * for the test that checks the mbedTLS adapter behaves exactly as without it. */
#ifndef WK_CONFIG_NO_READ_AHEAD_H
#define WK_CONFIG_NO_READ_AHEAD_H
#include "wk_config.h"
#undef CONFIG_WK_TLS_READ_AHEAD
#define CONFIG_WK_TLS_READ_AHEAD 0
#endif
