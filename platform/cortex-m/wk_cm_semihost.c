/* SPDX-License-Identifier: Apache-2.0 */
/* Semihosting output and exit on QEMU mps2-an386 (used by every image). */
#include <stdint.h>

#include "wk_cm_board.h"

/* Arm semihosting operations (Arm IHI 0046). */
#define SYS_WRITE0 0x04
#define SYS_EXIT_EXTENDED 0x20
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u

static uint32_t semihost(uint32_t op, const void *arg)
{
    register uint32_t r0 __asm("r0") = op;
    register const void *r1 __asm("r1") = arg;
    __asm volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void wk_cm_puts(const char *s)
{
    (void)semihost(SYS_WRITE0, s);
}

void wk_cm_exit(int code)
{
    /* The extended form carries the exit code (the plain one only success/failure). */
    const uint32_t block[2] = {ADP_STOPPED_APPLICATION_EXIT, (uint32_t)code};
    (void)semihost(SYS_EXIT_EXTENDED, block);
    for (;;) {
    }
}
