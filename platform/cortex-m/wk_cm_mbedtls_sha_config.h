/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mbedTLS 2.28 configuration for a port that takes only its hashing from
 * mbedTLS (port/mbedtls/wk_port_mbedtls_crypto.c: SHA-256, HMAC-SHA-256 and
 * the wipe), its TLS being done elsewhere (a modem or stack that offloads
 * it, another TLS library) or not at all. docs/PORTING.md section 6 walks
 * through it; wk-selftest-sha.elf runs the port self-test over it on QEMU.
 *
 * HMAC goes through mbedtls_md, which allocates its two padded key blocks
 * (about 130 bytes) per call: here from a static arena (MEMORY_BUFFER_ALLOC_C,
 * a few hundred bytes suffice), so nothing links malloc. An RTOS with a
 * heap may drop the four allocator lines below and let mbedTLS use calloc.
 */
#ifndef WK_CM_MBEDTLS_SHA_CONFIG_H
#define WK_CM_MBEDTLS_SHA_CONFIG_H

/* What the hashing port calls. */
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA256_SMALLER /* a loop instead of unrolled rounds: less flash */
#define MBEDTLS_MD_C

/* Allocations (HMAC's key blocks) from a static arena, no libc allocator. */
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_PLATFORM_NO_STD_FUNCTIONS
#define MBEDTLS_MEMORY_BUFFER_ALLOC_C
/* What the arena calls when it finds itself corrupted. */
#define MBEDTLS_PLATFORM_STD_MEM_HDR "wk_cm_mbedtls_platform.h"
#define MBEDTLS_PLATFORM_EXIT_MACRO wk_cm_exit

#include "mbedtls/check_config.h"

#endif /* WK_CM_MBEDTLS_SHA_CONFIG_H */
