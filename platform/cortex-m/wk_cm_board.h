/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The QEMU mps2-an386 board: semihosting output and exit, and the time the
 * port's UTC clock reports (a real board reads an RTC or SNTP instead).
 */
#ifndef WK_CM_BOARD_H
#define WK_CM_BOARD_H

#include <stddef.h>
#include <stdint.h>

/** Write a NUL-terminated string to the host's console (semihosting). @p s borrowed. */
void wk_cm_puts(const char *s);

/** End the program; QEMU exits with @p code. */
void wk_cm_exit(int code) __attribute__((noreturn));

/** Set the UTC time wk_port_utc_now() reports; until then it returns WK_ERR_CLOCK. */
void wk_cm_set_utc(int64_t unix_seconds);

/** Ticks of the board's 25 MHz timer since the first call (firmware only,
 *  WK_CM_TIMER_CLOCK). Under QEMU's -icount shift=0 one tick is 40 instructions. */
uint64_t wk_cm_ticks(void);

/** The host's clock (semihosting SYS_TIME): UTC seconds, what an RTC or SNTP gives a board. */
int64_t wk_cm_host_time(void);

/** The command line QEMU passes (-append), NUL-terminated in @p buf. @return 0, or -1. */
int wk_cm_cmdline(char *buf, size_t cap);

/** Reads the whole host file @p path into @p buf (at most @p cap bytes);
 *  @return 0 with *len set, or -1 (missing, unreadable or larger than @p cap). */
int wk_cm_read_file(const char *path, unsigned char *buf, size_t cap, size_t *len);

#endif /* WK_CM_BOARD_H */
