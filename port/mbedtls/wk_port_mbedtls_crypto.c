/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hashing singletons of wk_port.h (SHA-256, HMAC-SHA-256, zeroize) over
 * mbedTLS. Written for 2.28 (Debian 12) and 3.x: the only API difference used
 * here is the "_ret" suffix that 3.0 dropped from the SHA-256 functions.
 */
#include <stdalign.h>

#include <mbedtls/version.h>
#include <mbedtls/md.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/sha256.h>

#include "wk_port.h"

#if MBEDTLS_VERSION_NUMBER < 0x03000000
#define WK_SHA256_STARTS mbedtls_sha256_starts_ret
#define WK_SHA256_UPDATE mbedtls_sha256_update_ret
#define WK_SHA256_FINISH mbedtls_sha256_finish_ret
#else
#define WK_SHA256_STARTS mbedtls_sha256_starts
#define WK_SHA256_UPDATE mbedtls_sha256_update
#define WK_SHA256_FINISH mbedtls_sha256_finish
#endif

/* The core reserves opaque storage for the hash state; the mbedTLS context
 * lives in it, so it must fit and be aligned no stricter than the union. */
_Static_assert(sizeof(mbedtls_sha256_context) <= WK_SHA256_CTX_SIZE,
               "mbedtls_sha256_context does not fit WK_SHA256_CTX_SIZE");
_Static_assert(alignof(mbedtls_sha256_context) <= alignof(wk_sha256_t),
               "mbedtls_sha256_context needs stricter alignment than wk_sha256_t");

static mbedtls_sha256_context *sha_ctx(wk_sha256_t *ctx)
{
    return (mbedtls_sha256_context *)(void *)ctx->opaque.bytes;
}

wk_status_t wk_port_sha256_start(wk_sha256_t *ctx)
{
    wk_status_t status = WK_ERR_CRYPTO;
    if (ctx != NULL) {
        mbedtls_sha256_init(sha_ctx(ctx));
        if (WK_SHA256_STARTS(sha_ctx(ctx), 0) == 0) {
            status = WK_OK;
        } else {
            mbedtls_sha256_free(sha_ctx(ctx));
        }
    }
    return status;
}

wk_status_t wk_port_sha256_update(wk_sha256_t *ctx, const uint8_t *data, size_t len)
{
    wk_status_t status = WK_ERR_CRYPTO;
    if (ctx != NULL && (data != NULL || len == 0u)) {
        /* mbedTLS accepts len 0 but not every version accepts data NULL with it. */
        if (len == 0u || WK_SHA256_UPDATE(sha_ctx(ctx), data, len) == 0) {
            status = WK_OK;
        }
    }
    return status;
}

wk_status_t wk_port_sha256_finish(wk_sha256_t *ctx, uint8_t out[WK_SHA256_LEN])
{
    wk_status_t status = WK_ERR_CRYPTO;
    if (ctx != NULL) {
        if (out != NULL && WK_SHA256_FINISH(sha_ctx(ctx), out) == 0) {
            status = WK_OK;
        }
        /* mbedtls_sha256_free() zeroizes the state, success or not. */
        mbedtls_sha256_free(sha_ctx(ctx));
    }
    return status;
}

wk_status_t wk_port_hmac_sha256(const uint8_t *key, size_t key_len, const uint8_t *msg,
                                size_t msg_len, uint8_t out[WK_SHA256_LEN])
{
    wk_status_t status = WK_ERR_CRYPTO;
    const mbedtls_md_info_t *info = mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);
    mbedtls_md_context_t md;

    if (info != NULL && out != NULL && (key != NULL || key_len == 0u) &&
        (msg != NULL || msg_len == 0u)) {
        mbedtls_md_init(&md);
        /* Each step runs only when the previous one succeeded (0). */
        if (mbedtls_md_setup(&md, info, 1) == 0 &&
            mbedtls_md_hmac_starts(&md, key, key_len) == 0 &&
            (msg_len == 0u || mbedtls_md_hmac_update(&md, msg, msg_len) == 0) &&
            mbedtls_md_hmac_finish(&md, out) == 0) {
            status = WK_OK;
        }
        /* Wipes the padded key (ipad/opad) and the hash state, then releases them. */
        mbedtls_md_free(&md);
    }
    if (status != WK_OK && out != NULL) {
        mbedtls_platform_zeroize(out, WK_SHA256_LEN);
    }
    return status;
}

void wk_port_zeroize(void *buf, size_t len)
{
    if (buf != NULL && len > 0u) {
        mbedtls_platform_zeroize(buf, len);
    }
}
