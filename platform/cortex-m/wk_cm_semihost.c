/* SPDX-License-Identifier: Apache-2.0 */
/* Semihosting on QEMU mps2-an386: output and exit (every image); the host's
 * clock, command line and files (the firmware's configuration). */
#include <stddef.h>
#include <stdint.h>

#include "wk_cm_board.h"

/* Arm semihosting operations (Arm IHI 0046). */
#define SYS_OPEN 0x01
#define SYS_CLOSE 0x02
#define SYS_WRITE0 0x04
#define SYS_READ 0x06
#define SYS_FLEN 0x0C
#define SYS_TIME 0x11
#define SYS_GET_CMDLINE 0x15
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

int64_t wk_cm_host_time(void)
{
    return (int64_t)semihost(SYS_TIME, NULL);
}

int wk_cm_cmdline(char *buf, size_t cap)
{
    uint32_t block[2] = {(uint32_t)(uintptr_t)buf, (uint32_t)cap};
    return semihost(SYS_GET_CMDLINE, block) == 0u ? 0 : -1;
}

int wk_cm_read_file(const char *path, unsigned char *buf, size_t cap, size_t *len)
{
    size_t path_len = 0u;
    uint32_t open_block[3];
    uint32_t handle;
    uint32_t size;
    int rc = -1;
    while (path[path_len] != '\0') {
        path_len++;
    }
    open_block[0] = (uint32_t)(uintptr_t)path;
    open_block[1] = 1u; /* "rb" */
    open_block[2] = (uint32_t)path_len;
    handle = semihost(SYS_OPEN, open_block);
    if (handle == UINT32_MAX) {
        return -1;
    }
    size = semihost(SYS_FLEN, &handle);
    if (size != UINT32_MAX && size <= cap) {
        uint32_t read_block[3] = {handle, (uint32_t)(uintptr_t)buf, size};
        /* SYS_READ returns the bytes *not* read. */
        if (semihost(SYS_READ, read_block) == 0u) {
            *len = size;
            rc = 0;
        }
    }
    (void)semihost(SYS_CLOSE, &handle);
    return rc;
}
