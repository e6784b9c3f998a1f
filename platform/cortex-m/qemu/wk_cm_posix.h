/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Force-included into the unit tests on the emulator: POSIX/BSD calls newlib
 * lacks, and the printf family through platform/cortex-m/wk_cm_snprintf.c,
 * because this newlib's printf knows neither %zu (full) nor %llx (nano).
 */
#ifndef WK_CM_POSIX_H
#define WK_CM_POSIX_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

int wk_cm_snprintf(char *buf, size_t size, const char *fmt, ...);
int wk_cm_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int wk_cm_fprintf(FILE *f, const char *fmt, ...);
int wk_cm_printf(const char *fmt, ...);
int wk_cm_sprintf(char *buf, const char *fmt, ...);
#define snprintf wk_cm_snprintf
#define vsnprintf wk_cm_vsnprintf
#define fprintf wk_cm_fprintf
#define printf wk_cm_printf
#define sprintf wk_cm_sprintf

/** Seconds since the epoch of a broken-down UTC time (the BSD/glibc timegm). */
time_t timegm(struct tm *tm);

#endif /* WK_CM_POSIX_H */
