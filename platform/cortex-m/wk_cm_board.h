/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The QEMU mps2-an386 board: semihosting output and exit, and the time the
 * port's UTC clock reports (a real board reads an RTC or SNTP instead).
 */
#ifndef WK_CM_BOARD_H
#define WK_CM_BOARD_H

#include <stdint.h>

/** Write a NUL-terminated string to the host's console (semihosting). @p s borrowed. */
void wk_cm_puts(const char *s);

/** End the program; QEMU exits with @p code. */
void wk_cm_exit(int code) __attribute__((noreturn));

/** Set the UTC time wk_port_utc_now() reports; until then it returns WK_ERR_CLOCK. */
void wk_cm_set_utc(int64_t unix_seconds);

#endif /* WK_CM_BOARD_H */
