/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The unit-test images share the footprint image's mbedTLS build, which has
 * no libc allocator (MBEDTLS_PLATFORM_NO_STD_FUNCTIONS): give it an arena
 * before main(), as firmware does at start-up, so the hashing port works.
 */
#include "mbedtls/memory_buffer_alloc.h"

static unsigned char wk_cm_test_arena[16 * 1024];

__attribute__((constructor)) static void wk_cm_test_arena_init(void)
{
    mbedtls_memory_buffer_alloc_init(wk_cm_test_arena, sizeof(wk_cm_test_arena));
}

/* Named by the link (--undefined) so the archive member, and with it the
 * constructor, is linked although nothing calls it. */
const int wk_cm_test_arena_keep = 1;
