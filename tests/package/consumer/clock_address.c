/* SPDX-License-Identifier: Apache-2.0 */
/* A program that defines no port function but takes the address of one.
 * Built without PIE, that makes its PLT entry the function's address in
 * every module, the library's included: libwickrlite.so must still see the
 * clock as its own and let the program run (test_package.sh). */
#include <stdio.h>

#include "wk_port.h"

int main(void)
{
    uint32_t (*volatile now)(void) = wk_port_now_ms;
    printf("clock address taken: %s\n", now != NULL ? "yes" : "no");
    return 0;
}
