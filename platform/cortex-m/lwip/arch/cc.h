/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lwIP's compiler and platform glue for the Cortex-M firmware (GCC,
 * newlib). lwIP's random numbers (its first local port, TCP's initial
 * sequence numbers) come from the port's random source.
 */
#ifndef WK_CM_LWIP_ARCH_CC_H
#define WK_CM_LWIP_ARCH_CC_H

#include <stdint.h>

/* newlib's errno numbers; lwIP uses them only for its sockets (off here). */
#define LWIP_ERRNO_STDINCLUDE 1
#define LWIP_TIMEVAL_PRIVATE 0

uint32_t wk_cm_lwip_rand(void);
#define LWIP_RAND() wk_cm_lwip_rand()

/* A failed assertion stops the board (the text is left out of flash);
 * diagnostics go nowhere (LWIP_DEBUG is off). */
void wk_cm_lwip_assert(void) __attribute__((noreturn));
#define LWIP_PLATFORM_DIAG(x) do { } while (0)
#define LWIP_PLATFORM_ASSERT(x) wk_cm_lwip_assert()

#endif /* WK_CM_LWIP_ARCH_CC_H */
