/* SPDX-License-Identifier: Apache-2.0 */
/* What the Cortex-M images print about themselves: numbers through
 * semihosting, and how much of a painted region was ever written. */
#ifndef WK_CM_MEASURE_H
#define WK_CM_MEASURE_H

#include <stddef.h>
#include <stdint.h>

/** Prints @p label, @p v in decimal and a newline. @p label borrowed. */
void wk_cm_put_u32(const char *label, uint32_t v);

/** Bytes from the start of @p p[0..n) up to the last byte that is not @p paint:
 *  the high-water mark of a region filled with @p paint and used from its start. */
size_t wk_cm_used_from_start(const uint8_t *p, size_t n, uint8_t paint);

/** Bytes from the end of @p p[0..n) down to the first byte that is not @p paint:
 *  the high-water mark of a stack painted with @p paint, growing down. */
size_t wk_cm_used_from_end(const uint8_t *p, size_t n, uint8_t paint);

#endif /* WK_CM_MEASURE_H */
