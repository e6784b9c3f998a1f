/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mbedTLS 2.28 configuration for the Cortex-M image (MBEDTLS_CONFIG_FILE):
 * a TLS 1.2 client with ECDHE-ECDSA / ECDHE-RSA and AES-128-GCM-SHA256,
 * X.509 parsing and verification, no server, no file system, no sockets.
 * Every allocation comes from a static arena (MEMORY_BUFFER_ALLOC_C), so the
 * image links no malloc. The TLS port seeds CTR-DRBG from wk_port_random()
 * itself, so mbedTLS's entropy collector is not built.
 */
#ifndef WK_CM_MBEDTLS_CONFIG_H
#define WK_CM_MBEDTLS_CONFIG_H

/* System: no libc allocator, time from the port's UTC clock. */
#define MBEDTLS_HAVE_ASM
#define MBEDTLS_HAVE_TIME
#define MBEDTLS_HAVE_TIME_DATE /* certificate validity is checked, not skipped */
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_PLATFORM_NO_STD_FUNCTIONS
#define MBEDTLS_PLATFORM_STD_MEM_HDR "wk_cm_mbedtls_platform.h"
#define MBEDTLS_PLATFORM_SNPRINTF_MACRO wk_cm_snprintf
#define MBEDTLS_PLATFORM_VSNPRINTF_MACRO wk_cm_vsnprintf
#define MBEDTLS_PLATFORM_EXIT_MACRO wk_cm_exit
#define MBEDTLS_PLATFORM_GMTIME_R_ALT /* newlib's gmtime() allocates; gmtime_r does not */
#define MBEDTLS_PLATFORM_TIME_MACRO wk_cm_mbedtls_time
#define MBEDTLS_MEMORY_BUFFER_ALLOC_C
#define MBEDTLS_NO_PLATFORM_ENTROPY

/* Crypto. */
#define MBEDTLS_AES_C
#define MBEDTLS_AES_ROM_TABLES /* tables in flash, not 8 KiB of RAM */
#define MBEDTLS_GCM_C
#define MBEDTLS_CIPHER_C
#define MBEDTLS_CTR_DRBG_C
#define MBEDTLS_MD_C
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA256_SMALLER
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_DP_SECP384R1_ENABLED /* Amazon Root CA 4 is P-384 */
#define MBEDTLS_ECP_NIST_OPTIM /* fast reduction modulo the NIST primes: the handshake is mostly P-256 */
#define MBEDTLS_ECDH_C
#define MBEDTLS_ECDSA_C
#define MBEDTLS_RSA_C
#define MBEDTLS_PKCS1_V15
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C
#define MBEDTLS_OID_C
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C

/* X.509: trust anchors as PEM or DER. */
#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CRT_PARSE_C
#define MBEDTLS_PEM_PARSE_C
#define MBEDTLS_BASE64_C

/* TLS 1.2 client only. */
#define MBEDTLS_SSL_TLS_C
#define MBEDTLS_SSL_CLI_C
#define MBEDTLS_SSL_PROTO_TLS1_2
#define MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA_ENABLED
#define MBEDTLS_KEY_EXCHANGE_ECDHE_RSA_ENABLED
#define MBEDTLS_SSL_SERVER_NAME_INDICATION
#define MBEDTLS_SSL_EXTENDED_MASTER_SECRET
/* Resumption (wk_tls_resume_t) by ticket: the server keeps no state, and a
 * resumed handshake skips the key exchange and the chain's verification. */
#define MBEDTLS_SSL_SESSION_TICKETS
#define MBEDTLS_SSL_CIPHERSUITES \
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, MBEDTLS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
/* A server may send full 16 KiB records; requests are at most
 * CONFIG_WK_REQUEST_BUF_SIZE (2 KiB by default). */
#define MBEDTLS_SSL_IN_CONTENT_LEN 16384
#define MBEDTLS_SSL_OUT_CONTENT_LEN 2048

#include "mbedtls/check_config.h"

#endif /* WK_CM_MBEDTLS_CONFIG_H */
