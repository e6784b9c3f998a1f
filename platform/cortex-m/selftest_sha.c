/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The port self-test over a SHA-only mbedTLS (wk_cm_mbedtls_sha_config.h):
 * what a port whose TLS is done elsewhere links. The board's clock and
 * random bytes, mbedTLS's hashing with a small arena for HMAC, the core, and
 * wk_selftest_run(). Exit code 0 when the self-test passes.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mbedtls/memory_buffer_alloc.h"

#include "wk/wk.h"
#include "wk_cm_board.h"
#include "wk_selftest.h"

/* HMAC's two key blocks with the arena's headers, and room to spare. */
static unsigned char hash_arena[1024];
static wk_client_t client;

static void print(void *ctx, const char *text)
{
    (void)ctx;
    wk_cm_puts(text);
}

int main(void)
{
    wk_selftest_target_t t;
    wk_status_t s;
    mbedtls_memory_buffer_alloc_init(hash_arena, sizeof(hash_arena));
    memset(&t, 0, sizeof(t));
    t.print = print;
    t.client = &client;
    wk_cm_set_utc(1735689600); /* 2025-01-01T00:00:00Z, as an RTC would say */
    s = wk_selftest_run(&t);
    if (mbedtls_memory_buffer_alloc_verify() != 0) {
        wk_cm_puts("FAIL the hashing arena is corrupted\n");
        s = WK_ERR_CRYPTO;
    }
    mbedtls_memory_buffer_alloc_free();
    return s == WK_OK ? 0 : 1;
}
