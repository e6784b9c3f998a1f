/* SPDX-License-Identifier: Apache-2.0 */
/* See wk_cm_measure.h. */
#include "wk_cm_measure.h"

#include "wk_cm_board.h"

/* Decimal text of v, NUL-terminated, at the end of text[11]; returns its start. */
static const char *u32_text(uint32_t v, char text[11])
{
    size_t n = 10u;
    text[n] = '\0';
    do {
        text[--n] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0u && n > 0u);
    return &text[n];
}

void wk_cm_put_u32(const char *label, uint32_t v)
{
    char text[11];
    wk_cm_puts(label);
    wk_cm_puts(u32_text(v, text));
    wk_cm_puts("\n");
}

size_t wk_cm_used_from_start(const uint8_t *p, size_t n, uint8_t paint)
{
    while (n > 0u && p[n - 1u] == paint) {
        n--;
    }
    return n;
}

size_t wk_cm_used_from_end(const uint8_t *p, size_t n, uint8_t paint)
{
    size_t i = 0u;
    while (i < n && p[i] == paint) {
        i++;
    }
    return n - i;
}
