/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What mbedTLS takes from the platform in the Cortex-M image
 * (MBEDTLS_PLATFORM_STD_MEM_HDR), none of it from newlib's stdio, whose
 * snprintf brings malloc: a small snprintf for certificate texts, exit on
 * arena corruption, gmtime_r and the time for certificate validity.
 * calloc/free are not taken: the arena provides them.
 */
#ifndef WK_CM_MBEDTLS_PLATFORM_H
#define WK_CM_MBEDTLS_PLATFORM_H

#include <stdarg.h>
#include <stddef.h>
#include <time.h>

#include "wk_cm_board.h"

/** snprintf for %s %c %d %i %u %x %X %% with '-'/'0', width, l/z; -1 on others. */
int wk_cm_snprintf(char *buf, size_t size, const char *fmt, ...);
int wk_cm_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/**
 * UTC seconds from wk_port_utc_now(), also stored in *t when t is not NULL.
 * Without a known time it returns (time_t)-1 (1969), so every certificate
 * reads "not yet valid" and verification fails closed.
 */
time_t wk_cm_mbedtls_time(time_t *t);

#endif /* WK_CM_MBEDTLS_PLATFORM_H */
