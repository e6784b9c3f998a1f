/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Reset and fault vectors for Cortex-M4F. The footprint image runs main()
 * directly; the unit-test images (WK_CM_USE_CRT0) go through newlib's rdimon
 * start-up, which sets up the C library and semihosting stdio before main().
 */
#include <stdint.h>

#include "wk_cm_board.h"

extern uint32_t __stack;
extern uint32_t __bss_start__;
extern uint32_t __bss_end__;

int main(void);
#if defined(WK_CM_USE_CRT0)
void _start(void) __attribute__((noreturn));
#endif

#define WK_CM_CPACR (*(volatile uint32_t *)0xE000ED88u)

void wk_cm_reset(void) __attribute__((noreturn));
void wk_cm_reset(void)
{
    /* Full access to CP10/CP11 before any floating-point instruction: the
     * hard-float ABI may use FP registers anywhere, the C library included. */
    WK_CM_CPACR |= 0xFu << 20;
    __asm volatile("dsb\n\tisb" ::: "memory");
#if defined(WK_CM_USE_CRT0)
    _start();
#else
    for (uint32_t *p = &__bss_start__; p < &__bss_end__; p++) {
        *p = 0u;
    }
    wk_cm_exit(main());
#endif
}

/* A fault is a failed run, not a hang: say so and stop QEMU. */
static void wk_cm_fault(void)
{
    wk_cm_puts("cortex-m: fault exception\n");
    wk_cm_exit(3);
}

typedef void (*wk_cm_vector_t)(void);

__attribute__((section(".vectors"), used)) static const wk_cm_vector_t wk_cm_vectors[16] = {
    (wk_cm_vector_t)(uintptr_t)&__stack, /* initial stack pointer */
    wk_cm_reset,
    wk_cm_fault, /* NMI */
    wk_cm_fault, /* HardFault */
    wk_cm_fault, /* MemManage */
    wk_cm_fault, /* BusFault */
    wk_cm_fault, /* UsageFault */
    0, 0, 0, 0,
    wk_cm_fault, /* SVCall */
    wk_cm_fault, /* DebugMonitor */
    0,
    wk_cm_fault, /* PendSV */
    wk_cm_fault, /* SysTick */
};
